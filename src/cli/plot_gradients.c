/* plot_gradients.c: the metallicity gradient against redshift, stellar mass and specific SFR. */
#include "gradients.h"
#include "plotdraw.h"
#include "plots.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Abscissae of a fitted line's band across the panel. */
#define BAND_POINTS 50

/* The gradients against xq: literature, galaxies and satellites, a zero line. */
static int gradient_panel(const plot_request *r, const plot_inputs *in, ifs_panel *p, plot_quantity xq,
                          plot_extent *e, ifs_error *err)
{
    int status = plot_scatter(p, &in->sample, in->lit, xq, PLOT_Q_GRADIENT, NAN, r->target, e, err);
    if (status)
        return status;
    if (e->n == 0)
        return ifs_error_set(err, IFS_ERR_INPUT, "nothing to plot: no target%s has a metallicity gradient%s",
                             r->no_literature ? "" : " or literature point",
                             xq == PLOT_Q_Z ? "" : xq == PLOT_Q_LOGM ? " and a stellar mass" : " and a specific SFR");
    status = ifs_plot_refline(p, 0, 0.0, &(ifs_plot_style){.color = {0.3, 0.3, 0.3}, .line_pt = 0.6});
    if (!status)
        status = plot_axis_x(p, xq, NAN);
    if (!status)
        status = plot_axis_y(p, PLOT_Q_GRADIENT, NAN);
    plot_legend(p, e);
    return status;
}

typedef int (*gradient_extra)(const plot_request *r, const plot_inputs *in, ifs_panel *p, double xlo, double xhi,
                              ifs_error *err);

static int gradient_figure(const plot_request *r, plot_quantity xq, gradient_extra extra, ifs_figure **fig,
                           ifs_error *err)
{
    plot_inputs in;
    *fig = ifs_figure_alloc(IFS_PLOT_COLUMN_IN, PLOT_PANEL_HEIGHT_IN, 1, 1);
    if (!*fig)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    ifs_panel *p = ifs_figure_panel(*fig, 0, 0);
    plot_extent e;
    int status = plot_inputs_read(r->conn, r->sel, r->nsel, r->no_literature, &in, err);
    if (!status)
        status = gradient_panel(r, &in, p, xq, &e, err);
    if (!status)
        status = extra(r, &in, p, e.xlo, e.xhi, err);
    plot_inputs_free(&in);
    return status;
}

/* Mean gradients of the galaxies and the drawn literature in the redshift bins of gradient-stats,
 * at the mean redshift of each bin's points with the bin's edges as x error bars, and the age of
 * the universe on top. */
static int zbins(const plot_request *r, const plot_inputs *in, ifs_panel *p, double xlo, double xhi, ifs_error *err)
{
    const double edges[] = CLI_GRADIENT_ZBINS;
    ifs_stats_summary bins[CLI_GRADIENT_NZBINS], zmeans[CLI_GRADIENT_NZBINS];
    cli_gpoints ps = {0};
    int status = cli_gpoints_own(r->conn, IFS_SAMPLE_MAIN, IFS_VALUES_BEST, &ps, err);
    if (!status)
        status = cli_gpoints_literature(in->lit, &ps, NULL, NULL, err);
    if (!status && ps.n)
        status = cli_gpoints_zbins(&ps, edges, CLI_GRADIENT_NZBINS, bins, err);
    for (size_t i = 0; !status && i < ps.n; i++) /* the same bins of the redshifts themselves */
        ps.p[i].grad = ps.p[i].z;
    if (!status && ps.n)
        status = cli_gpoints_zbins(&ps, edges, CLI_GRADIENT_NZBINS, zmeans, err);
    double x[CLI_GRADIENT_NZBINS], y[CLI_GRADIENT_NZBINS], xlo_e[CLI_GRADIENT_NZBINS], xhi_e[CLI_GRADIENT_NZBINS],
        ye[CLI_GRADIENT_NZBINS];
    size_t n = 0;
    for (size_t b = 0; !status && ps.n && b < CLI_GRADIENT_NZBINS; b++)
        if (bins[b].n) {
            x[n] = zmeans[b].mean;
            xlo_e[n] = x[n] - edges[b];
            xhi_e[n] = edges[b + 1] - x[n];
            y[n] = bins[b].mean;
            ye[n++] = bins[b].mean_err;
        }
    if (!status && n) {
        ifs_points pts = {n, x, y, xlo_e, xhi_e, ye, ye, NULL, NULL};
        status = ifs_plot_points(p, &pts,
                                 &(ifs_plot_style){.marker = IFS_MARKER_SQUARE, .marker_pt = 5, .line_pt = 1.0,
                                                   .label = "mean in z bins"});
    }
    cli_gpoints_free(&ps);
    /* The bins run from z = 0: keep the panel on the points, the bins' edges may lie beyond. */
    double pad = 0.05 * (xhi - xlo > 0 ? xhi - xlo : 1.0);
    if (!status)
        status = ifs_panel_xrange(p, xlo - pad, xhi + pad);
    return status ? status : plot_age_axis(p);
}

/* The line fit of gradient-stats (galaxies, errors on both axes, intrinsic scatter) with its
 * 1-sigma band over the panel. */
static int line_fit(const plot_request *r, ifs_panel *p, cli_versus v, double xlo, double xhi, ifs_error *err)
{
    cli_gpoints ps = {0};
    double x[BAND_POINTS], lo[BAND_POINTS], mid[BAND_POINTS], hi[BAND_POINTS];
    double pad = 0.05 * (xhi - xlo);
    for (int i = 0; i < BAND_POINTS; i++)
        x[i] = xlo - pad + (xhi - xlo + 2 * pad) * i / (BAND_POINTS - 1);
    ifs_linfit f;
    int status = cli_gpoints_own(r->conn, IFS_SAMPLE_MAIN, IFS_VALUES_BEST, &ps, err);
    if (!status && cli_gpoints_fit(&ps, v, r->seed, x, BAND_POINTS, lo, mid, hi, &f, err) == IFS_OK) {
        char label[64];
        snprintf(label, sizeof label, "fit to the galaxies (n = %zu)", f.n);
        status = plot_band_line(p, BAND_POINTS, x, lo, mid, hi, 0, label);
    } else if (!status) {
        cli_progress(r->cli, "no line fit of the gradient against %s: %s\n", cli_versus_name(v), err->msg);
    }
    cli_gpoints_free(&ps);
    return status;
}

static int fit_mass(const plot_request *r, const plot_inputs *in, ifs_panel *p, double xlo, double xhi, ifs_error *err)
{
    return line_fit(r, p, CLI_VERSUS_LOGM, xlo, xhi, err);
}

static int fit_ssfr(const plot_request *r, const plot_inputs *in, ifs_panel *p, double xlo, double xhi, ifs_error *err)
{
    return line_fit(r, p, CLI_VERSUS_LOGSSFR, xlo, xhi, err);
}

int plot_gradient_z(const plot_request *r, ifs_figure **fig, ifs_error *err)
{
    return gradient_figure(r, PLOT_Q_Z, zbins, fig, err);
}

int plot_gradient_mass(const plot_request *r, ifs_figure **fig, ifs_error *err)
{
    return gradient_figure(r, PLOT_Q_LOGM, fit_mass, fig, err);
}

int plot_gradient_ssfr(const plot_request *r, ifs_figure **fig, ifs_error *err)
{
    return gradient_figure(r, PLOT_Q_LOGSSFR, fit_ssfr, fig, err);
}
