/* plot_scaling.c: the scaling-relation figures: star-forming main sequence, mass-metallicity
 * relation, fundamental metallicity relation and the offsets from it against redshift. */
#include "offsets.h"
#include "plotdraw.h"
#include "plots.h"

#include "ifscat/cosmology.h"
#include "ifscat/offset.h"
#include "ifscat/relfit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *quantity_name(plot_quantity q)
{
    static const char *const names[] = {"a redshift", "a stellar mass", "an SFR", "a specific SFR",
                                        "a stellar mass and SFR", "a metallicity", "a gradient"};
    return names[q];
}

/* One scaling relation: the points, the library's relations of the kind (at the sample's median
 * z, age and, for mu_alpha, log SFR) and the stored fits of `fit` with and without literature. */
static int scaling_panel(const plot_request *r, const plot_inputs *in, ifs_panel *p, plot_quantity xq, plot_quantity yq,
                         double alpha, ifs_relation_kind kind, const char *fit, ifs_error *err)
{
    plot_extent e;
    int status = plot_scatter(p, &in->sample, in->lit, xq, yq, alpha, r->target, &e, err);
    if (status)
        return status;
    if (e.n == 0)
        return ifs_error_set(err, IFS_ERR_INPUT, "nothing to plot: no target%s has %s and %s",
                             r->no_literature ? "" : " or literature point", quantity_name(xq), quantity_name(yq));
    double fixed[IFS_VAR_COUNT] = {NAN, plot_sample_median(&in->sample, PLOT_Q_LOGSFR),
                                   plot_sample_median(&in->sample, PLOT_Q_Z), NAN};
    ifs_distances d;
    if (isfinite(fixed[IFS_VAR_Z]) && !ifs_cosmology_distances(&IFS_COSMOLOGY_DEFAULT, fixed[IFS_VAR_Z], 1.0, &d, err))
        fixed[IFS_VAR_AGE_GYR] = d.age_gyr;
    double pad = 0.05 * (e.xhi - e.xlo);
    if ((status = plot_relations(p, in->lib, kind, xq, alpha, fixed, e.xlo - pad, e.xhi + pad)) ||
        (status = plot_yrange_points(p, &e)))
        return status;
    for (int with_lit = 0; with_lit < 2 && !status; with_lit++) {
        plot_fit f;
        if ((status = plot_fit_read(r->conn, fit, with_lit, &f, err)))
            break;
        /* An FMR fit is drawn only against the mu_alpha it was made for. */
        int usable = f.nband && (!isfinite(f.alpha) || fabs(f.alpha - alpha) < 1e-9);
        if (usable) {
            char label[96];
            snprintf(label, sizeof label, with_lit ? "fit with literature (n = %zu)" : "fit (n = %zu)", f.n_points);
            status = plot_band_line(p, f.nband, f.x, f.lo, f.mid, f.hi, with_lit, label);
        } else if (!with_lit) {
            cli_progress(r->cli, "no stored %s fit%s: run 'ifscat relations' to draw one\n", fit,
                         f.nband ? " for this alpha" : "");
        }
        plot_fit_free(&f);
    }
    if (!status)
        status = plot_axis_x(p, xq, alpha);
    if (!status)
        status = plot_axis_y(p, yq, alpha);
    plot_legend(p, &e);
    return status;
}

static int one_panel(const plot_request *r, plot_quantity xq, plot_quantity yq, ifs_relation_kind kind,
                     const char *fit, ifs_figure **fig, ifs_error *err)
{
    plot_inputs in;
    *fig = ifs_figure_alloc(IFS_PLOT_COLUMN_IN, PLOT_PANEL_HEIGHT_IN, 1, 1);
    int status = *fig ? plot_inputs_read(r->conn, r->sel, r->nsel, r->no_literature, &in, err) : ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (!status)
        status = scaling_panel(r, &in, ifs_figure_panel(*fig, 0, 0), xq, yq, NAN, kind, fit, err);
    if (*fig)
        plot_inputs_free(&in);
    return status;
}

int plot_sfms(const plot_request *r, ifs_figure **fig, ifs_error *err)
{
    return one_panel(r, PLOT_Q_LOGM, PLOT_Q_LOGSFR, IFS_RELATION_MS, "ms", fig, err);
}

int plot_mzr(const plot_request *r, ifs_figure **fig, ifs_error *err)
{
    return one_panel(r, PLOT_Q_LOGM, PLOT_Q_OH, IFS_RELATION_MZR, "mzr", fig, err);
}

/* Offsets of the literature points (not catalog targets, no mass or SFR limit) from rel, drawn per
 * source; a metallicity limit stays a limit of the offset. */
static int literature_offsets(const plot_request *r, ifs_panel *p, const ifs_litset *lit, const ifs_relation *rel,
                              ifs_error *err)
{
    size_t n = lit ? lit->n : 0, m = 0;
    ifs_offset_input *in = malloc((n ? n : 1) * sizeof *in);
    ifs_offset_result *out = malloc((n ? n : 1) * sizeof *out);
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    ifs_offset_mc *mc = NULL;
    int status = in && out && idx ? IFS_OK : ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !status && i < n; i++) {
        const ifs_litvalue *lm = &lit->logm[i], *ls = &lit->logsfr[i], *lo = &lit->oh[i];
        ifs_distances d;
        if (lit->matched[i] || lm->limit || ls->limit || !isfinite(lm->value) || !isfinite(ls->value) ||
            !isfinite(lo->value) || ifs_cosmology_distances(&IFS_COSMOLOGY_DEFAULT, lit->z[i], 1.0, &d, err))
            continue;
        double ohlo = lo->limit ? NAN : lo->lo, ohhi = lo->limit ? NAN : lo->hi;
        in[m] = (ifs_offset_input){{lm->value, lm->lo, lm->hi}, {ls->value, ls->lo, ls->hi},
                                   {lo->value, ohlo, ohhi}, lit->z[i], d.age_gyr};
        idx[m++] = i;
    }
    if (!status && m)
        status = ifs_offset_mc_alloc(CLI_OFFSET_DRAWS, r->seed, &mc, err);
    if (!status && m)
        status = ifs_offset_compute(rel, mc, in, m, 0, out, err);
    double *x = malloc(4 * (m ? m : 1) * sizeof *x), *y = x ? x + m : NULL, *ylo = x ? x + 2 * m : NULL,
           *yhi = x ? x + 3 * m : NULL;
    signed char *ylim = malloc(m ? m : 1);
    if (!status && (!x || !ylim))
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (size_t a = 0, k = 0; !status && a < m; k++) { /* one series per source, as the set holds them */
        const char *source = lit->source[idx[a]];
        size_t c = 0;
        for (; a < m && lit->source[idx[a]] == source; a++) {
            ifs_limit l = lit->oh[idx[a]].limit;
            x[c] = lit->z[idx[a]];
            y[c] = out[a].offset;
            ylo[c] = out[a].lo;
            yhi[c] = out[a].hi;
            ylim[c++] = l == IFS_LIMIT_UPPER ? -1 : l == IFS_LIMIT_LOWER ? 1 : 0;
        }
        ifs_points pts = {c, x, y, NULL, NULL, ylo, yhi, NULL, ylim};
        ifs_plot_style st = plot_literature_style((int)k, source);
        status = ifs_plot_points(p, &pts, &st);
    }
    free(x);
    free(ylim);
    free(in);
    free(out);
    free(idx);
    ifs_offset_mc_free(mc);
    return status;
}

/* Offsets of the catalog's targets from the Curti et al. (2020) FMR (as `ifscat fmr`) and of the
 * literature against redshift, with the age of the universe on top. */
static int offset_panel(const plot_request *r, const plot_inputs *in, ifs_panel *p, ifs_error *err)
{
    cli_offsets o = {.relation = "curti2020_fmr", .offset_col = "dfmr", .draws = CLI_OFFSET_DRAWS};
    cli_analysis_init(&o.a, IFS_SAMPLE_ALL);
    o.a.seed = r->seed;
    ifs_table *t = NULL;
    ifs_stats_summary s;
    const ifs_relation *rel = ifs_relation_library_find(in->lib, o.relation, err);
    size_t n = 0;
    int status = rel ? cli_offsets_compute(r->conn, &o, NULL, &t, &n, &s, err) : IFS_ERR_INPUT;
    double *v = malloc(4 * (n ? n : 1) * sizeof *v);
    int *sat = malloc((n ? n : 1) * sizeof *sat);
    if (!status && (!v || !sat))
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (!status) {
        int cz = ifs_table_col(t, "z"), cd = ifs_table_col(t, "dfmr"), clo = ifs_table_col(t, "dfmr_lo"),
            chi = ifs_table_col(t, "dfmr_hi"), ck = ifs_table_col(t, "kind"), cn = ifs_table_col(t, "name");
        double zlo = INFINITY, zhi = -INFINITY;
        long mark = -1;
        for (size_t i = 0; i < n; i++) {
            v[i] = ifs_table_real(t, i, (size_t)cz);
            v[n + i] = ifs_table_real(t, i, (size_t)cd);
            v[2 * n + i] = ifs_table_real(t, i, (size_t)clo);
            v[3 * n + i] = ifs_table_real(t, i, (size_t)chi);
            sat[i] = strcmp(ifs_table_text(t, i, (size_t)ck), "satellite") == 0;
            if (isfinite(v[n + i])) {
                zlo = fmin(zlo, v[i]);
                zhi = fmax(zhi, v[i]);
                if (r->target && !strcmp(ifs_table_text(t, i, (size_t)cn), r->target))
                    mark = (long)i;
            }
        }
        if (mark >= 0)
            status = plot_mark(p, v[mark], v[n + mark], r->target, v[mark] > 0.5 * (zlo + zhi));
    }
    if (!status)
        status = literature_offsets(r, p, in->lit, rel, err);
    if (!status)
        status = plot_own_points(p, n, v, v + n, v + 2 * n, v + 3 * n, sat);
    if (!status)
        status = ifs_plot_refline(p, 0, 0.0, &(ifs_plot_style){.color = {0.3, 0.3, 0.3}, .line_pt = 0.6});
    if (!status)
        status = plot_axis_x(p, PLOT_Q_Z, NAN);
    if (!status)
        status = ifs_panel_ylabel(p, "\u0394FMR (Curti+2020)", "dex");
    if (!status)
        status = plot_age_axis(p);
    free(v);
    free(sat);
    ifs_table_free(t);
    return status;
}

int plot_fmr(const plot_request *r, ifs_figure **fig, ifs_error *err)
{
    plot_inputs in;
    /* Two panels at the column width: the relation over the offsets against redshift. */
    *fig = ifs_figure_alloc(IFS_PLOT_COLUMN_IN, 2 * PLOT_PANEL_HEIGHT_IN, 2, 1);
    int status = *fig ? plot_inputs_read(r->conn, r->sel, r->nsel, r->no_literature, &in, err) : ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (!*fig)
        return status;
    if (!status) {
        plot_fit own;
        status = plot_fit_read(r->conn, "fmr", 0, &own, err);
        double alpha = own.nband && isfinite(own.alpha) ? own.alpha : IFS_FMR_ALPHA_DEFAULT;
        plot_fit_free(&own);
        if (!status)
            status = scaling_panel(r, &in, ifs_figure_panel(*fig, 0, 0), PLOT_Q_MU_ALPHA, PLOT_Q_OH, alpha,
                                   IFS_RELATION_FMR, "fmr", err);
    }
    if (!status)
        status = offset_panel(r, &in, ifs_figure_panel(*fig, 1, 0), err);
    plot_inputs_free(&in);
    return status;
}
