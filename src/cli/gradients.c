/* gradients.c: gradient points of the own sample and the literature, and their line fits (shared
 * by gradient-stats and the gradient figures). */
#include "gradients.h"

#include <math.h>
#include <stdlib.h>

void cli_gpoints_free(cli_gpoints *ps)
{
    free(ps->p);
    *ps = (cli_gpoints){0};
}

static int add_point(cli_gpoints *ps, cli_gpoint g, ifs_error *err)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? 2 * ps->cap : 64;
        cli_gpoint *grown = realloc(ps->p, cap * sizeof *grown);
        if (!grown)
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory after %zu gradients", ps->n);
        ps->p = grown;
        ps->cap = cap;
    }
    ps->p[ps->n++] = g;
    return IFS_OK;
}

static double mean_error(double lo, double hi)
{
    return 0.5 * (lo + hi); /* NAN when either is unknown */
}

static int collect_own(const ifs_galaxy *g, size_t n, void *ctx, ifs_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(g[i].gradient.value) &&
            add_point(ctx,
                      (cli_gpoint){g[i].gradient.value, mean_error(g[i].gradient.lo, g[i].gradient.hi), g[i].z,
                                   g[i].logm.value, mean_error(g[i].logm.lo, g[i].logm.hi), g[i].logsfr.value,
                                   mean_error(g[i].logsfr.lo, g[i].logsfr.hi)},
                      err))
            return IFS_ERR_NOMEM;
    return IFS_OK;
}

int cli_gpoints_own(PGconn *conn, ifs_sample_kind kind, ifs_values values, cli_gpoints *ps, ifs_error *err)
{
    return ifs_sample_stream(conn, kind, values, 10000, collect_own, ps, err);
}

int cli_gpoints_literature(const ifs_litset *lit, cli_gpoints *ps, size_t *limits, size_t *duplicates,
                           ifs_error *err)
{
    size_t nlim = 0, ndup = 0;
    for (size_t i = 0; lit && i < lit->n; i++) {
        const ifs_litvalue *g = &lit->gradient[i];
        if (!isfinite(g->value))
            continue;
        if (lit->matched[i]) {
            ndup++;
            continue;
        }
        if (g->limit != IFS_LIMIT_NONE) {
            nlim++;
            continue;
        }
        const ifs_litvalue *m = &lit->logm[i], *sfr = &lit->logsfr[i];
        if (add_point(ps,
                      (cli_gpoint){g->value, mean_error(g->lo, g->hi), lit->z[i], m->limit ? NAN : m->value,
                                   mean_error(m->lo, m->hi), sfr->limit ? NAN : sfr->value,
                                   mean_error(sfr->lo, sfr->hi)},
                      err))
            return IFS_ERR_NOMEM;
    }
    if (limits)
        *limits = nlim;
    if (duplicates)
        *duplicates = ndup;
    return IFS_OK;
}

int cli_gpoints_zbins(const cli_gpoints *ps, const double *edges, size_t nbins, ifs_stats_summary *bins,
                      ifs_error *err)
{
    double *z = malloc((ps->n ? ps->n : 1) * 3 * sizeof *z), *g = z ? z + ps->n : NULL, *ge = z ? g + ps->n : NULL;
    if (!z)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < ps->n; i++) {
        z[i] = ps->p[i].z;
        g[i] = ps->p[i].grad;
        ge[i] = ps->p[i].grad_e;
    }
    int status = ifs_stats_binned(z, g, ge, ps->n, edges, nbins, bins, err);
    free(z);
    return status;
}

const char *cli_versus_name(cli_versus v)
{
    static const char *const names[CLI_VERSUS_COUNT] = {"logm", "logsfr", "logssfr"};
    return names[v];
}

void cli_gpoint_versus(const cli_gpoint *g, cli_versus v, double *x, double *xe)
{
    if (v == CLI_VERSUS_LOGM) {
        *x = g->logm;
        *xe = g->logm_e;
    } else if (v == CLI_VERSUS_LOGSFR) {
        *x = g->logsfr;
        *xe = g->logsfr_e;
    } else {
        *x = g->logsfr - g->logm;
        *xe = sqrt(g->logm_e * g->logm_e + g->logsfr_e * g->logsfr_e);
    }
}

int cli_gpoints_fit(const cli_gpoints *ps, cli_versus v, uint64_t seed, const double *band_x, size_t nband,
                    double *band_lo, double *band_mid, double *band_hi, ifs_linfit *fit, ifs_error *err)
{
    ifs_linfit_point *lp = malloc((ps->n ? ps->n : 1) * sizeof *lp);
    if (!lp)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < ps->n; i++) {
        double x, xe;
        cli_gpoint_versus(&ps->p[i], v, &x, &xe);
        if (isfinite(x) && isfinite(xe) && isfinite(ps->p[i].grad_e))
            lp[n++] = (ifs_linfit_point){x, ps->p[i].grad, xe, ps->p[i].grad_e};
    }
    ifs_mcmc_settings set;
    ifs_linfit_settings_default(&set, seed);
    ifs_linfit_data *d;
    int status = ifs_linfit_data_alloc(lp, n, &d, err);
    if (!status) {
        status = ifs_linfit_fit(d, &set, (uint64_t)v, band_x, nband, band_lo, band_mid, band_hi, fit, err);
        ifs_linfit_data_free(d);
    }
    free(lp);
    return status;
}
