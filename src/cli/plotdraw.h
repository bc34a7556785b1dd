/* plotdraw.h: what the scaling-relation and gradient figures of `ifscat plot` share: the quantities
 * on their axes (value, errors and limit of a target or a literature point), the scatter of the own
 * sample (galaxies and satellites apart) and of the literature sources, a stored fit with its
 * 1-sigma band, library relations as curves, and the age of the universe as a top axis.
 *
 * Series roles, the same in every figure: ifs_plot_series(0) galaxies, (1) satellites, (2 + k)
 * the k-th literature source; fits solid with their band; relations dashed (dotted outside their
 * stated validity range). */
#ifndef IFSCAT_CLI_PLOTDRAW_H
#define IFSCAT_CLI_PLOTDRAW_H

#include <stddef.h>

#include "plotdata.h"

#include "ifscat/error.h"
#include "ifscat/measure.h"
#include "ifscat/plot.h"
#include "ifscat/relation.h"
#include "ifscat/sample.h"

/* Height of a one-panel figure at the journal column width IFS_PLOT_COLUMN_IN. */
#define PLOT_PANEL_HEIGHT_IN 2.8

typedef enum {
    PLOT_Q_Z,
    PLOT_Q_LOGM,
    PLOT_Q_LOGSFR,
    PLOT_Q_LOGSSFR,  /* log SFR - log M* */
    PLOT_Q_MU_ALPHA, /* log M* - alpha log SFR */
    PLOT_Q_OH,
    PLOT_Q_GRADIENT
} plot_quantity;

/* Sets the panel's axis label for q ("log M_{*}" [M_{sun}], ...); mu_alpha names its alpha. */
int plot_axis_x(ifs_panel *p, plot_quantity q, double alpha);
int plot_axis_y(ifs_panel *p, plot_quantity q, double alpha);

/* q of a target or of literature point i, with errors below/above (a difference or combination
 * adds the errors in quadrature) and its limit flag; value NAN when unknown, or when a combination
 * involves a limit. */
ifs_litvalue plot_target_value(const plot_target *t, plot_quantity q, double alpha);
ifs_litvalue plot_literature_value(const ifs_litset *lit, size_t i, plot_quantity q, double alpha);

/* The median of q over the sample's galaxies and satellites that have it; NAN when none does. */
double plot_sample_median(const plot_sample *s, plot_quantity q);

/* What a scatter drew: the number of points, the span of their values, and the corner of the panel
 * with the fewest points (for the legend). */
typedef struct plot_extent {
    size_t n;
    double xlo, xhi, ylo, yhi; /* NAN when nothing was drawn */
    ifs_legend_pos corner;
    int crowded; /* even that corner holds points */
} plot_extent;

/* Draws the targets (galaxies, satellites) and the literature points that are not catalog targets,
 * each with both quantities.  highlight, when not NULL, names a target to mark and label: it must
 * exist and have both (IFS_ERR_INPUT otherwise). */
int plot_scatter(ifs_panel *p, const plot_sample *s, const ifs_litset *lit, plot_quantity xq, plot_quantity yq,
                 double alpha, const char *highlight, plot_extent *ext, ifs_error *err);

/* The legend in the emptiest corner, with room made for it when that corner is crowded. */
void plot_legend(ifs_panel *p, const plot_extent *ext);

/* Fixes the y range to the points' values with a margin, so that relation curves and error bars
 * cannot stretch it. */
int plot_yrange_points(ifs_panel *p, const plot_extent *ext);

/* The style of the k-th literature source: its series, open and smaller than the own sample. */
ifs_plot_style plot_literature_style(int k, const char *source);

/* Rings the point (x, y) and writes name beside it, on its left when left is non-zero (a point in
 * the right half of the panel): the target asked for on the command line. */
int plot_mark(ifs_panel *p, double x, double y, const char *name, int left);

/* Draws n points (x, y with errors; satellite flags) as galaxies and satellites, e.g. offsets that
 * are not stored values of a target. */
int plot_own_points(ifs_panel *p, size_t n, const double *x, const double *y, const double *ylo, const double *yhi,
                    const int *satellite);

/* A band (lo, hi) with its median line mid at x, solid in the colour of the galaxies (own data) or
 * in grey (with literature), labelled. */
int plot_band_line(ifs_panel *p, size_t n, const double *x, const double *lo, const double *mid, const double *hi,
                   int with_literature, const char *label);

/* Every library relation of the kind as a curve over x in [lo, hi]: x is log M* (xq PLOT_Q_LOGM)
 * or mu_alpha (PLOT_Q_MU_ALPHA, the relation sliced at log SFR = fixed[IFS_VAR_LOGSFR]); the other
 * inputs are fixed[].  Labels are "Author+year", with the slice's log SFR for mu_alpha. */
int plot_relations(ifs_panel *p, const ifs_relation_library *lib, ifs_relation_kind kind, plot_quantity xq,
                   double alpha, const double fixed[IFS_VAR_COUNT], double lo, double hi);

/* The age of the universe (Gyr, the study's cosmology) as the top axis of a redshift axis. */
int plot_age_axis(ifs_panel *p);

#endif
