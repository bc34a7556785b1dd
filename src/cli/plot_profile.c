/* plot_profile.c: the radial metallicity profile of a derived observation (the annuli) with the
 * gradient fitted through it and the line's 1-sigma band. */
#include "plots.h"

#include "ifscat/db.h"
#include "ifscat/fitread.h"
#include "ifscat/gradient.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Radii of the band, from the centre to the outermost annulus' edge. */
#define BAND_POINTS 60
/* Bit of derived_region.oh_flags: an end of the calibration's valid range within Delta chi^2 = 1
 * (docs/derived.md): such annuli are drawn open. */
#define FLAG_EDGE 4

typedef struct {
    double r_in, r_out, r_mean, oh, lo, hi;
    int flags;
} annulus;

/* The annuli with a metallicity, by radius: two single-table reads joined here (see fitmaps.c). */
static int read_annuli(PGconn *conn, const ifs_fitinfo *info, annulus **out, size_t *n, ifs_error *err)
{
    char tid[32], fid[32], did[32];
    snprintf(tid, sizeof tid, "%lld", info->target_id);
    snprintf(fid, sizeof fid, "%lld", info->fit_id);
    snprintf(did, sizeof did, "%lld", info->derive_id);
    const char *pr[2] = {tid, fid}, *pd[3] = {tid, fid, did};
    PGresult *regions = ifs_db_query(conn,
                                     "SELECT region_id, r_in_kpc, r_out_kpc, r_mean_kpc FROM ifscat.region"
                                     " WHERE target_id = $1 AND fit_id = $2 AND kind = 'annulus' ORDER BY number",
                                     2, pr, err);
    PGresult *oh = regions ? ifs_db_query(conn,
                                          "SELECT region_id, oh, oh_p16, oh_p84, coalesce(oh_flags, 0)"
                                          "  FROM ifscat.derived_region WHERE target_id = $1 AND fit_id = $2"
                                          "   AND derive_id = $3::bigint AND oh IS NOT NULL",
                                          3, pd, err)
                           : NULL;
    int status = oh ? IFS_OK : err->code;
    size_t m = 0;
    annulus *a = status ? NULL : calloc((size_t)PQntuples(regions) + 1, sizeof *a);
    if (!status && !a)
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (int i = 0; !status && i < PQntuples(regions); i++)
        for (int j = 0; j < PQntuples(oh); j++)
            if (!strcmp(PQgetvalue(regions, i, 0), PQgetvalue(oh, j, 0))) {
                double p50 = strtod(PQgetvalue(oh, j, 1), NULL);
                a[m++] = (annulus){strtod(PQgetvalue(regions, i, 1), NULL), strtod(PQgetvalue(regions, i, 2), NULL),
                                   strtod(PQgetvalue(regions, i, 3), NULL), p50,
                                   p50 - strtod(PQgetvalue(oh, j, 2), NULL), strtod(PQgetvalue(oh, j, 3), NULL) - p50,
                                   atoi(PQgetvalue(oh, j, 4))};
            }
    PQclear(regions);
    PQclear(oh);
    if (status) {
        free(a);
        return status;
    }
    *out = a;
    *n = m;
    return IFS_OK;
}

/* The derive's seed and its stored gradient (median slope, NAN when it has none). */
static int read_derive(PGconn *conn, const ifs_fitinfo *info, uint64_t *seed, double *slope, ifs_error *err)
{
    char did[32];
    snprintf(did, sizeof did, "%lld", info->derive_id);
    const char *p[1] = {did};
    PGresult *r = ifs_db_query(conn,
                               "SELECT r.seed, g.gradient_slope FROM ifscat.derive_run r"
                               "  JOIN ifscat.derived_galaxy g USING (derive_id) WHERE r.derive_id = $1::bigint",
                               1, p, err);
    if (!r)
        return err->code;
    int status = PQntuples(r) == 1 ? IFS_OK
                                   : ifs_error_set(err, IFS_ERR_DB, "derive %lld has no galaxy values", info->derive_id);
    if (!status) {
        *seed = strtoull(PQgetvalue(r, 0, 0), NULL, 10);
        *slope = PQgetisnull(r, 0, 1) ? NAN : strtod(PQgetvalue(r, 0, 1), NULL);
    }
    PQclear(r);
    return status;
}

/* The fit of ifscat derive again (the same points, settings and seed give the same samples), now
 * with the band of its line. */
static int refit(const annulus *a, size_t n, uint64_t seed, const double *r, double *lo, double *mid, double *hi,
                 ifs_gradient *g, ifs_error *err)
{
    ifs_gradient_point *pts = malloc((n ? n : 1) * sizeof *pts);
    if (!pts)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) /* the points derive fits (src/core/derive.c) */
        if (isfinite(a[i].r_mean) && a[i].lo > 0 && a[i].hi > 0)
            pts[m++] = (ifs_gradient_point){a[i].r_mean, a[i].oh, a[i].lo, a[i].hi};
    ifs_mcmc_settings set;
    ifs_gradient_settings_default(&set, seed);
    int status = ifs_gradient_fit_band(pts, m, &set, r, BAND_POINTS, lo, mid, hi, g, err);
    free(pts);
    return status;
}

int plot_profile(const plot_request *r, ifs_figure **fig, ifs_error *err)
{
    *fig = NULL;
    ifs_fitinfo *info = NULL;
    annulus *a = NULL;
    size_t n = 0;
    uint64_t seed = 0;
    double stored_slope = NAN;
    int status = ifs_fitinfo_read(r->conn, r->target, r->observation, &info, err);
    if (!status && !info->derive_id)
        status = ifs_error_set(err, IFS_ERR_INPUT, "observation %lld of %s has no derive yet (run 'ifscat derive %s')",
                               info->observation_id, r->target, r->target);
    if (!status)
        status = read_annuli(r->conn, info, &a, &n, err);
    if (!status && !n)
        status = ifs_error_set(err, IFS_ERR_INPUT, "nothing to plot: no annulus of %s has a metallicity", r->target);
    if (!status)
        status = read_derive(r->conn, info, &seed, &stored_slope, err);
    if (!status && !(*fig = ifs_figure_alloc(IFS_PLOT_COLUMN_IN, 2.8, 1, 1)))
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (status) {
        free(a);
        ifs_fitinfo_free(info);
        return status;
    }
    ifs_panel *p = ifs_figure_panel(*fig, 0, 0);
    double rmax = 0;
    for (size_t i = 0; i < n; i++)
        rmax = fmax(rmax, a[i].r_out);
    /* The line and its band where the derive found a gradient. */
    double band_r[BAND_POINTS], lo[BAND_POINTS], mid[BAND_POINTS], hi[BAND_POINTS];
    for (int k = 0; k < BAND_POINTS; k++)
        band_r[k] = rmax * k / (BAND_POINTS - 1);
    ifs_gradient g;
    ifs_error fit_err;
    if (isfinite(stored_slope) && !refit(a, n, seed, band_r, lo, mid, hi, &g, &fit_err)) {
        if (fabs(g.slope[1] - stored_slope) > 1e-9 * fmax(1, fabs(stored_slope)))
            cli_progress(r->cli, "the gradient drawn (%.4f dex/kpc) differs from the stored one (%.4f): derived by "
                                 "another ifscat version?\n", g.slope[1], stored_slope);
        char label[128];
        snprintf(label, sizeof label, "gradient %.3f \u2212%.3f +%.3f dex kpc^{-1}", g.slope[1], g.slope[1] - g.slope[0],
                 g.slope[2] - g.slope[1]);
        ifs_rgb c = ifs_plot_series(0, NULL).color;
        status = ifs_plot_band(p, BAND_POINTS, band_r, lo, hi, &(ifs_plot_style){.color = c, .alpha = 0.2});
        if (!status)
            status = ifs_plot_line(p, BAND_POINTS, band_r, mid, &(ifs_plot_style){.color = c, .line_pt = 1.0, .label = label});
    } else {
        cli_progress(r->cli, "no gradient for %s: fewer than two annuli with a metallicity at distinct radii\n", r->target);
    }
    /* The annuli: radius bars from r_in to r_out, asymmetric metallicity errors; at the edge of
     * the calibration's range open. */
    double *v = malloc(6 * n * sizeof *v);
    if (!v && !status)
        status = IFS_ERR_NOMEM;
    for (int edge = 0; !status && edge < 2; edge++) {
        double *x = v, *y = v + n, *xl = v + 2 * n, *xh = v + 3 * n, *yl = v + 4 * n, *yh = v + 5 * n;
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (((a[i].flags & FLAG_EDGE) != 0) == edge) {
                x[m] = a[i].r_mean;
                y[m] = a[i].oh;
                xl[m] = a[i].r_mean - a[i].r_in;
                xh[m] = a[i].r_out - a[i].r_mean;
                yl[m] = a[i].lo;
                yh[m++] = a[i].hi;
            }
        ifs_plot_style st = ifs_plot_series(0, edge ? "annuli (at the calibration's edge)" : "annuli");
        st.open = edge;
        ifs_points pts = {m, x, y, xl, xh, yl, yh, NULL, NULL};
        if (m)
            status = ifs_plot_points(p, &pts, &st);
    }
    free(v);
    char title[200];
    snprintf(title, sizeof title, "%s (%s)", info->target, info->calibration);
    if (!status)
        status = ifs_plot_text(p, IFS_COORD_AXES, 0.04, 0.96, 0, 1, title, &(ifs_plot_style){.text_pt = 6.5});
    if (!status)
        status = ifs_panel_xlabel(p, "r", "kpc");
    if (!status)
        status = ifs_panel_ylabel(p, "12+log(O/H)", NULL);
    if (!status)
        status = ifs_panel_xrange(p, 0, rmax * 1.05);
    ifs_panel_legend(p, IFS_LEGEND_LOWER_LEFT);
    ifs_panel_legend_room(p);
    free(a);
    ifs_fitinfo_free(info);
    return status;
}
