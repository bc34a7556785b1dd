/* metallicity.c: 12+log(O/H) posteriors of regions from strong-line ratios (science.md section 4). */
#include "ifscat/metallicity.h"

#include "ifscat/parallel.h"
#include "ifscat/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct terms {
    int resolved;           /* every line of the ratio is in the line list */
    int nnum, nden;
    int num[IFS_CAL_MAX_TERMS], den[IFS_CAL_MAX_TERMS];
} terms;

struct ifs_oh_plan {
    ifs_calibration cal;
    ifs_oh_settings set;
    const ifs_line *lines;  /* borrowed: for the ties between summed lines */
    int use[IFS_CAL_MAX_DIAG]; /* calibration index of settings diagnostic i */
    terms t[IFS_CAL_MAX_DIAG];
    double turnover[IFS_CAL_MAX_DIAG];   /* 12+log(O/H) of the first extremum in range, or NAN */
    double turn_ratio[IFS_CAL_MAX_DIAG]; /* the diagnostic's value there */
    int turn_is_max[IFS_CAL_MAX_DIAG];
};

void ifs_oh_settings_default(ifs_oh_settings *s, uint64_t seed)
{
    memset(s, 0, sizeof *s);
    s->ndiag = 2;
    strcpy(s->diag[0], "R3");
    strcpy(s->diag[1], "Ne3O2");
    s->snr_min = IFS_OH_SNR_MIN;
    s->mcmc = (ifs_mcmc_settings){.ndim = 1, .nwalkers = 32, .nsteps = 2000, .burn = 500, .thin = 10,
                                  .a = IFS_MCMC_STRETCH_DEFAULT, .seed = seed};
}

void ifs_oh_settings_converge(ifs_oh_settings *s, uint64_t seed)
{
    ifs_oh_settings_default(s, seed);
    s->mcmc.burn = 200;
    s->mcmc.check_every = 100;
    s->mcmc.tau_factor = 50.0;
    s->mcmc.tau_rtol = 0.0;
}

static void resolve_terms(terms *t, const ifs_diagnostic *d, const ifs_linelist *lines)
{
    t->resolved = 1;
    t->nnum = d->nnum;
    t->nden = d->nden;
    for (int k = 0; k < d->nnum; k++)
        if ((t->num[k] = ifs_linelist_find(lines, d->numerator[k])) < 0)
            t->resolved = 0;
    for (int k = 0; k < d->nden; k++)
        if ((t->den[k] = ifs_linelist_find(lines, d->denominator[k])) < 0)
            t->resolved = 0;
}

int ifs_oh_plan_alloc(const ifs_calibration *cal, const ifs_linelist *lines, const ifs_oh_settings *set,
                      ifs_oh_plan **out, ifs_error *err)
{
    *out = NULL;
    if (set->mcmc.ndim != 1)
        return ifs_error_set(err, IFS_ERR_INPUT, "metallicity: the sampler must be one-dimensional (ndim = %d)",
                             set->mcmc.ndim);
    if (set->ndiag < 1 || set->ndiag > IFS_CAL_MAX_DIAG || !(set->snr_min >= 0))
        return ifs_error_set(err, IFS_ERR_INPUT, "metallicity: need 1-%d diagnostics and an S/N cut >= 0",
                             IFS_CAL_MAX_DIAG);
    ifs_oh_plan *p = calloc(1, sizeof *p);
    if (!p)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    p->cal = *cal;
    p->set = *set;
    p->lines = lines->lines;
    int status = IFS_OK;
    for (int i = 0; i < cal->ndiag; i++) {
        resolve_terms(&p->t[i], &cal->diag[i], lines);
        if ((status = ifs_diagnostic_turnover(&cal->diag[i], cal, &p->turnover[i], &p->turn_is_max[i], err)))
            goto fail;
        if (isfinite(p->turnover[i]))
            p->turn_ratio[i] = ifs_diagnostic_eval(&cal->diag[i], cal->x_offset, p->turnover[i]);
    }
    for (int i = 0; i < set->ndiag; i++) {
        const ifs_diagnostic *d = ifs_calibration_find(cal, set->diag[i]);
        if (!d) {
            status = ifs_error_set(err, IFS_ERR_INPUT, "calibration %s (%s) has no diagnostic %s", cal->name,
                                   cal->path, set->diag[i]);
            goto fail;
        }
        p->use[i] = (int)(d - cal->diag);
        if (!p->t[p->use[i]].resolved) {
            status = ifs_error_set(err, IFS_ERR_INPUT, "calibration %s: a line of diagnostic %s is not in line list %s",
                                   cal->name, d->name, lines->path);
            goto fail;
        }
    }
    *out = p;
    return IFS_OK;
fail:
    free(p);
    return status;
}

void ifs_oh_plan_free(ifs_oh_plan *plan)
{
    free(plan);
}

ifs_mcmc *ifs_oh_workspace_alloc(const ifs_oh_plan *plan, ifs_error *err)
{
    return ifs_mcmc_alloc(&plan->set.mcmc, err);
}

/* The line whose flux fixes this one's (itself when untied). */
static int line_root(const ifs_oh_plan *p, int line)
{
    return p->lines[line].tied_to >= 0 ? p->lines[line].tied_to : line;
}

/* Sum of fluxes and its error over n lines; errors of lines sharing a root (tied to one another
 * by a fixed ratio, so perfectly correlated) add linearly, roots in quadrature.  Returns whether
 * every line passes the S/N cut. */
static int sum_lines(const ifs_oh_plan *p, int n, const int *idx, const double *flux, const double *err,
                     double snr_min, double *sum, double *sum_err)
{
    int pass = 1;
    double s = 0.0, var = 0.0;
    for (int k = 0; k < n; k++) {
        double f = flux[idx[k]], e = err[idx[k]];
        if (!(e > 0.0) || !(f / e > snr_min))
            pass = 0;
        s += f;
    }
    for (int k = 0; k < n; k++) {
        int root = line_root(p, idx[k]), seen = 0;
        for (int j = 0; j < k; j++)
            seen |= line_root(p, idx[j]) == root;
        if (seen) /* this root's errors were added at its first line */
            continue;
        double e = 0.0;
        for (int j = k; j < n; j++)
            if (line_root(p, idx[j]) == root)
                e += err[idx[j]];
        var += e * e;
    }
    *sum = s;
    *sum_err = sqrt(var);
    return pass;
}

int ifs_oh_ratio(const ifs_oh_plan *plan, int diag, const double *flux, const double *err, double snr_min,
                 double *ratio, double *ratio_err)
{
    *ratio = *ratio_err = NAN;
    if (diag < 0 || diag >= plan->cal.ndiag || !plan->t[diag].resolved)
        return 0;
    const terms *t = &plan->t[diag];
    double num, num_err, den, den_err;
    int pass = sum_lines(plan, t->nnum, t->num, flux, err, snr_min, &num, &num_err);
    pass &= sum_lines(plan, t->nden, t->den, flux, err, snr_min, &den, &den_err);
    if (num > 0.0 && den > 0.0) {
        *ratio = log10(num / den);
        /* First-order propagation: sigma(log10 R) = (1/ln 10) sqrt((s_n/n)^2 + (s_d/d)^2). */
        *ratio_err = sqrt(num_err * num_err / (num * num) + den_err * den_err / (den * den)) / M_LN10;
    }
    return pass && isfinite(*ratio_err);
}

/* The posterior of science.md section 4 in 12+log(O/H): chi^2 over the diagnostics used with
 * variance sigma_obs^2 + sigma_int^2, uniform prior on [lo, hi].  chi^2(x) = sum_d w_d (r_d -
 * P_d(x))^2 is itself a polynomial in x, expanded once per region so that each of the sampler's
 * ~64,000 evaluations is a single Horner pass. */
enum { CHI2_MAX_COEF = 2 * IFS_CAL_MAX_COEF - 1 };
typedef struct posterior {
    int ncoef;
    double coef[CHI2_MAX_COEF]; /* chi^2 = sum_k coef[k] x^k */
    double x_offset, lo, hi;
} posterior;

/* Adds w (r - P(x))^2 to the chi^2 polynomial. */
static void add_term(posterior *q, const ifs_diagnostic *d, double r, double w)
{
    double c[IFS_CAL_MAX_COEF]; /* r - P(x) */
    for (int k = 0; k < d->ncoef; k++)
        c[k] = (k == 0 ? r : 0.0) - d->coef[k];
    for (int i = 0; i < d->ncoef; i++)
        for (int j = 0; j < d->ncoef; j++)
            q->coef[i + j] += w * c[i] * c[j];
    if (2 * d->ncoef - 1 > q->ncoef)
        q->ncoef = 2 * d->ncoef - 1;
}

static double logpost(const double *theta, void *ctx)
{
    const posterior *q = ctx;
    const double oh = theta[0];
    if (!(oh >= q->lo && oh <= q->hi))
        return -INFINITY;
    /* Horner's rule in x^2 over the pairs c_2k + c_2k+1 x (the first step of Estrin's scheme,
     * Knuth TAOCP vol. 2, 4.6.4): half the dependent multiply-adds of plain Horner. */
    const double x = oh - q->x_offset, x2 = x * x;
    int k = q->ncoef - 1;
    double chi2 = 0.0;
    if (k % 2 == 0)
        chi2 = q->coef[k--];
    for (; k > 0; k -= 2)
        chi2 = chi2 * x2 + (q->coef[k - 1] + q->coef[k] * x);
    return -0.5 * chi2;
}

int ifs_oh_region(const ifs_oh_plan *plan, ifs_mcmc *ws, const double *flux, const double *err, uint64_t stream,
                  ifs_oh_result *out, ifs_error *err_out)
{
    const ifs_oh_settings *set = &plan->set;
    const ifs_calibration *cal = &plan->cal;
    memset(out, 0, sizeof *out);
    out->p16 = out->p50 = out->p84 = out->lo = out->hi = out->tau = NAN;
    posterior q = {.x_offset = cal->x_offset, .lo = cal->oh_min, .hi = cal->oh_max};
    int nused = 0;
    double r_single = NAN, sig_single = NAN;
    for (int i = 0; i < set->ndiag; i++) {
        int c = plan->use[i];
        double r, re;
        if (!ifs_oh_ratio(plan, c, flux, err, set->snr_min, &r, &re)) {
            if (i == 0) {
                out->status = IFS_OH_NO_DIAGNOSTIC;
                return IFS_OK;
            }
            continue;
        }
        const ifs_diagnostic *d = &cal->diag[c];
        double var = re * re + d->sigma_int * d->sigma_int;
        add_term(&q, d, r, 1.0 / var);
        nused++;
        out->used |= 1u << c;
        r_single = r;
        sig_single = sqrt(var);
    }
    if (nused == 1) {
        const int c = plan->use[0];
        out->flags |= IFS_OH_FLAG_SINGLE;
        /* science.md section 4: a single double-valued diagnostic -> the lower-metallicity branch. */
        if (isfinite(plan->turnover[c])) {
            q.hi = plan->turnover[c];
            if (plan->turn_is_max[c] ? r_single + sig_single >= plan->turn_ratio[c]
                                     : r_single - sig_single <= plan->turn_ratio[c])
                out->flags |= IFS_OH_FLAG_TURNOVER;
        }
    }
    out->lo = q.lo;
    out->hi = q.hi;

    const int nw = set->mcmc.nwalkers;
    double *init = malloc((size_t)nw * sizeof(double));
    if (!init)
        return ifs_error_set(err_out, IFS_ERR_NOMEM, "out of memory");
    /* Walkers start uniform over the prior (robust to a two-peaked posterior), drawn from the
     * complement of the seed so that they do not share the sampler's random numbers. */
    ifs_rng rng;
    ifs_rng_seed(&rng, ~set->mcmc.seed, stream);
    for (int k = 0; k < nw; k++)
        init[k] = q.lo + (q.hi - q.lo) * ifs_rng_uniform(&rng);
    int status = ifs_mcmc_run(ws, logpost, &q, init, stream, err_out);
    free(init);
    if (status)
        return status;
    double pct[3];
    static const double Q[3] = {0.16, 0.50, 0.84};
    if ((status = ifs_mcmc_quantiles(ws, 0, 3, Q, pct, err_out)))
        return status;
    out->p16 = pct[0];
    out->p50 = pct[1];
    out->p84 = pct[2];
    out->acceptance = ws->acceptance;
    out->nsteps = ws->nsteps_run;
    out->tau = ws->tau[0];

    /* Edge flag: the best sample approximates the minimum chi^2; an end of the valid range within
     * Delta chi^2 = 1 of it (log-posterior within 0.5) is inside the 1-sigma interval. */
    double best = -INFINITY;
    size_t n = (size_t)ws->nkept * (size_t)nw;
    for (size_t i = 0; i < n; i++)
        if (ws->logp[i] > best)
            best = ws->logp[i];
    double ends[2] = {cal->oh_min, cal->oh_max};
    for (int e = 0; e < 2; e++)
        if (ends[e] >= q.lo && ends[e] <= q.hi && logpost(&ends[e], &q) >= best - 0.5)
            out->flags |= IFS_OH_FLAG_EDGE;
    return IFS_OK;
}

typedef struct batch {
    const ifs_oh_plan *plan;
    const double *flux, *err;
    size_t stride;
    const uint64_t *streams;
    ifs_mcmc **ws;
    ifs_oh_result *out;
} batch;

static int batch_item(size_t r, int thread, void *ctx, ifs_error *err)
{
    const batch *b = ctx;
    int status = ifs_oh_region(b->plan, b->ws[thread], b->flux + r * b->stride, b->err + r * b->stride,
                               b->streams ? b->streams[r] : (uint64_t)r, &b->out[r], err);
    return status ? ifs_error_prefix(err, "region %zu", r) : IFS_OK;
}

int ifs_oh_regions(const ifs_oh_plan *plan, size_t nregions, const double *flux, const double *err, size_t stride,
                   const uint64_t *streams, int nthreads, ifs_oh_result *out, ifs_error *err_out)
{
    int nt = ifs_parallel_threads(nthreads), status = IFS_OK;
    ifs_mcmc **ws = calloc((size_t)nt, sizeof *ws);
    if (!ws)
        return ifs_error_set(err_out, IFS_ERR_NOMEM, "out of memory");
    for (int t = 0; t < nt; t++)
        if (!(ws[t] = ifs_oh_workspace_alloc(plan, err_out))) {
            status = err_out->code;
            goto exit;
        }
    batch b = {plan, flux, err, stride, streams, ws, out};
    status = ifs_parallel_for(nregions, nt, batch_item, &b, err_out);
exit:
    for (int t = 0; t < nt; t++)
        ifs_mcmc_free(ws[t]);
    free(ws);
    return status;
}
