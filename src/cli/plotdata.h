/* plotdata.h: what the scaling-relation and gradient figures of `ifscat plot` read from the
 * catalog: the own sample (galaxies and satellites with their best values, view best_property),
 * literature points (every source, or chosen selections), and the latest stored relation fits of
 * `ifscat relations` with their 1-sigma bands. */
#ifndef IFSCAT_CLI_PLOTDATA_H
#define IFSCAT_CLI_PLOTDATA_H

#include <libpq-fe.h>
#include <stddef.h>

#include "ifscat/error.h"
#include "ifscat/measure.h"
#include "ifscat/relation.h"
#include "ifscat/sample.h"

typedef struct plot_target {
    char *name;
    int satellite; /* 0: galaxy */
    double z, age_gyr;
    ifs_measure logm, logsfr, oh, gradient;
} plot_target;

typedef struct plot_sample {
    plot_target *t;
    size_t n, cap;
} plot_sample;

/* Every galaxy and satellite of the catalog, in catalog order. */
int plot_sample_read(PGconn *conn, plot_sample *s, ifs_error *err);
void plot_sample_free(plot_sample *s);
/* The target called name, or NULL. */
const plot_target *plot_sample_find(const plot_sample *s, const char *name);

/* The points of the selections, or of every source when nsel is 0 (*out is then an empty set when
 * there is none).  Free with ifs_litset_free. */
int plot_literature_read(PGconn *conn, const ifs_litsel *sel, size_t nsel, ifs_litset **out, ifs_error *err);

/* What the scaling and gradient figures read: the sample, the literature (NULL with no_literature)
 * and the relation library. */
typedef struct plot_inputs {
    plot_sample sample;
    ifs_litset *lit;
    ifs_relation_library *lib;
} plot_inputs;

int plot_inputs_read(PGconn *conn, const ifs_litsel *sel, size_t nsel, int no_literature, plot_inputs *in,
                     ifs_error *err);
/* Frees what was read (also after a failed plot_inputs_read). */
void plot_inputs_free(plot_inputs *in);

/* A stored relation fit (table relation_fit) and its band: median line mid and 16th/84th
 * percentiles lo, hi at x. */
typedef struct plot_fit {
    long long fit_id;
    double alpha; /* FMR: mu_alpha = log M* - alpha log SFR; NAN for the others */
    size_t n_points, n_literature;
    size_t nband;
    double *x, *mid, *lo, *hi; /* one block */
} plot_fit;

/* The latest fit of relation ("ms", "mzr" or "fmr") made without literature (with_literature 0) or
 * with it (1); fit->nband = 0 when there is none. */
int plot_fit_read(PGconn *conn, const char *relation, int with_literature, plot_fit *fit, ifs_error *err);
void plot_fit_free(plot_fit *fit);

#endif
