/* linfit.c: straight-line fits with errors on both axes and intrinsic scatter (Kelly 2007 with one
 * Gaussian for x), the likelihood summed exactly over groups of points sharing their errors,
 * sampled with the ensemble MCMC. */
#include "ifscat/linfit.h"

#include "ifscat/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ifs_linfit_settings_default(ifs_mcmc_settings *s, uint64_t seed)
{
    *s = (ifs_mcmc_settings){.ndim = IFS_LINFIT_NPAR, .nwalkers = 32, .nsteps = 1000, .burn = 250, .thin = 5,
                             .a = IFS_MCMC_STRETCH_DEFAULT, .seed = seed};
}

/* Points sharing (sx, sy): their count, mean x (about x0) and y, centred second moments. */
typedef struct {
    double n, sx2, sy2, mx, my, cxx, cxy, cyy;
} group;

struct ifs_linfit_data {
    group *g;
    size_t ng, n;
    double x0;
    double b0, a0, sig0, sig_a, sig_b; /* least-squares start and scales for the walkers */
    double tau0, sig_mu;               /* spread of the true x and the error of its mean */
};

static int prior_ok(const double *theta)
{
    return theta[IFS_LINFIT_SCATTER] >= 0.0 && theta[IFS_LINFIT_SCATTER] <= IFS_LINFIT_MAX_SCATTER &&
           theta[IFS_LINFIT_TAU] > 0.0;
}

/* The observed-data log-likelihood of Kelly (2007, Section 4) for one Gaussian component, summed
 * over groups: with d_i = (x_i - mu, y_i - a - b mu) (x about x0) and the group's covariance V,
 * sum_i d_i' V^-1 d_i = n dbar' V^-1 dbar + tr(V^-1 C) exactly (C: centred second moments). */
double ifs_linfit_logpost(const double *theta, void *data)
{
    const ifs_linfit_data *G = data;
    if (!prior_ok(theta))
        return -INFINITY;
    const double a = theta[IFS_LINFIT_A], b = theta[IFS_LINFIT_B], v = theta[IFS_LINFIT_SCATTER] * theta[IFS_LINFIT_SCATTER];
    const double mu = theta[IFS_LINFIT_MU], t2 = theta[IFS_LINFIT_TAU] * theta[IFS_LINFIT_TAU];
    double lp = 0.0;
    for (size_t k = 0; k < G->ng; k++) {
        const group *g = &G->g[k];
        double v11 = t2 + g->sx2, v12 = b * t2, v22 = b * b * t2 + v + g->sy2;
        double det = v11 * v22 - v12 * v12;
        if (!(det > 0.0))
            return -INFINITY; /* a degenerate covariance: no errors and no scatter */
        double dx = g->mx - mu, dy = g->my - a - b * mu;
        /* V^-1 = [[v22, -v12], [-v12, v11]] / det */
        double q = g->n * (v22 * dx * dx - 2.0 * v12 * dx * dy + v11 * dy * dy) + v22 * g->cxx - 2.0 * v12 * g->cxy +
                   v11 * g->cyy;
        lp -= 0.5 * (q / det + g->n * log(det));
    }
    return lp;
}

/* The error rounded to the grid 10^(k / IFS_LINFIT_ERROR_STEPS); zero stays zero. */
static double round_error(double e)
{
    return e > 0 ? pow(10.0, round(log10(e) * IFS_LINFIT_ERROR_STEPS) / IFS_LINFIT_ERROR_STEPS) : 0.0;
}

static int by_errors(const void *pa, const void *pb)
{
    const ifs_linfit_point *a = *(const ifs_linfit_point *const *)pa, *b = *(const ifs_linfit_point *const *)pb;
    if (a->sx != b->sx)
        return a->sx < b->sx ? -1 : 1;
    return (a->sy > b->sy) - (a->sy < b->sy);
}

/* Groups the points by their rounded (sx, sy); two passes per group for the centred moments. */
static group *make_groups(const ifs_linfit_point *p, size_t n, double x0, size_t *ng)
{
    ifs_linfit_point *r = malloc(n * sizeof *r);
    const ifs_linfit_point **idx = malloc(n * sizeof *idx);
    group *g = malloc(n * sizeof *g);
    if (!r || !idx || !g) {
        free(r);
        free(idx);
        free(g);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        r[i] = (ifs_linfit_point){p[i].x, p[i].y, round_error(p[i].sx), round_error(p[i].sy)};
        idx[i] = &r[i];
    }
    qsort(idx, n, sizeof *idx, by_errors);
    *ng = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double sx = 0, sy = 0;
        while (j < n && idx[j]->sx == idx[i]->sx && idx[j]->sy == idx[i]->sy) {
            sx += idx[j]->x - x0;
            sy += idx[j]->y;
            j++;
        }
        group *G = &g[(*ng)++];
        *G = (group){.n = (double)(j - i), .sx2 = idx[i]->sx * idx[i]->sx, .sy2 = idx[i]->sy * idx[i]->sy};
        G->mx = sx / G->n;
        G->my = sy / G->n;
        for (size_t k = i; k < j; k++) {
            double dx = idx[k]->x - x0 - G->mx, dy = idx[k]->y - G->my;
            G->cxx += dx * dx;
            G->cxy += dx * dy;
            G->cyy += dy * dy;
        }
        i = j;
    }
    free(idx);
    free(r);
    return g;
}

void ifs_linfit_data_free(ifs_linfit_data *d)
{
    if (!d)
        return;
    free(d->g);
    free(d);
}

double ifs_linfit_data_x0(const ifs_linfit_data *d) { return d->x0; }

int ifs_linfit_data_alloc(const ifs_linfit_point *p, size_t n, ifs_linfit_data **out, ifs_error *err)
{
    *out = NULL;
    if (n < 3)
        return ifs_error_set(err, IFS_ERR_INPUT, "line fit: need at least 3 points (got %zu)", n);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(p[i].x) || !isfinite(p[i].y) || !(p[i].sx >= 0) || !(p[i].sy >= 0) || !isfinite(p[i].sx) ||
            !isfinite(p[i].sy))
            return ifs_error_set(err, IFS_ERR_INPUT,
                                 "line fit: point %zu (x = %g, y = %g) needs finite values and errors >= 0", i + 1,
                                 p[i].x, p[i].y);
        sum += p[i].x;
    }
    ifs_linfit_data *d = calloc(1, sizeof *d);
    if (!d)
        return ifs_error_set(err, IFS_ERR_NOMEM, "line fit: out of memory");
    d->n = n;
    d->x0 = sum / (double)n;
    /* Ordinary least squares about x0: the walkers' starting point and scale. */
    double sxx = 0, sxy = 0, my = 0;
    for (size_t i = 0; i < n; i++)
        my += p[i].y / (double)n;
    for (size_t i = 0; i < n; i++) {
        sxx += (p[i].x - d->x0) * (p[i].x - d->x0);
        sxy += (p[i].x - d->x0) * (p[i].y - my);
    }
    if (!(sxx > 1e-12 * (1.0 + d->x0 * d->x0) * (double)n)) {
        free(d);
        return ifs_error_set(err, IFS_ERR_INPUT, "line fit: the %zu points need at least two distinct x values", n);
    }
    d->a0 = my;
    d->b0 = sxy / sxx;
    double rss = 0, err2 = 0;
    for (size_t i = 0; i < n; i++) {
        double r = p[i].y - my - d->b0 * (p[i].x - d->x0);
        rss += r * r;
        err2 += p[i].sy * p[i].sy + d->b0 * d->b0 * p[i].sx * p[i].sx;
    }
    const double rms = sqrt(rss / (double)(n - 2));
    /* Scatter beyond the errors, floored so that the walkers start where s^2 > 0. */
    d->sig0 = fmax(sqrt(fmax((rss - err2) / (double)n, 0.0)), 0.1 * rms + 1e-3);
    d->sig_a = rms / sqrt((double)n);
    d->sig_b = rms / sqrt(sxx);
    double sx2 = 0;
    for (size_t i = 0; i < n; i++)
        sx2 += p[i].sx * p[i].sx / (double)n;
    /* The spread of the true x: the observed variance less the mean error variance, floored. */
    d->tau0 = sqrt(fmax(sxx / (double)n - sx2, 0.1 * sxx / (double)n));
    d->sig_mu = sqrt(sxx) / (double)n;
    if (!(d->g = make_groups(p, n, d->x0, &d->ng))) {
        free(d);
        return ifs_error_set(err, IFS_ERR_NOMEM, "line fit: out of memory for %zu points", n);
    }
    *out = d;
    return IFS_OK;
}

int ifs_linfit_fit(const ifs_linfit_data *d, const ifs_mcmc_settings *set, uint64_t stream, const double *band_x,
                   size_t nband, double *band_lo, double *band_mid, double *band_hi, ifs_linfit *out,
                   ifs_error *err)
{
    memset(out, 0, sizeof *out);
    if (set->ndim != IFS_LINFIT_NPAR)
        return ifs_error_set(err, IFS_ERR_INPUT, "line fit: the sampler must have %d parameters (got %d)",
                             IFS_LINFIT_NPAR, set->ndim);
    const double x0 = d->x0;
    ifs_mcmc *m = ifs_mcmc_alloc(set, err);
    if (!m)
        return err->code;
    const int np = IFS_LINFIT_NPAR;
    double *init = malloc((size_t)set->nwalkers * np * sizeof *init);
    double *work = NULL;
    int status = IFS_OK;
    if (!init) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "line fit: out of memory");
        goto exit;
    }
    /* A box of +-0.1 standard errors around the least-squares line, the scatter and the spread of
     * x within 10 per cent of their estimates; drawn from the complement of the seed (not the
     * sampler's numbers). */
    ifs_rng rng;
    ifs_rng_seed(&rng, ~set->seed, stream);
    for (int k = 0; k < set->nwalkers; k++) {
        double *w = init + (size_t)k * np;
        w[IFS_LINFIT_A] = d->a0 + 0.1 * d->sig_a * (2.0 * ifs_rng_uniform(&rng) - 1.0);
        w[IFS_LINFIT_B] = d->b0 + 0.1 * d->sig_b * (2.0 * ifs_rng_uniform(&rng) - 1.0);
        w[IFS_LINFIT_SCATTER] = d->sig0 * (1.0 + 0.1 * (2.0 * ifs_rng_uniform(&rng) - 1.0));
        w[IFS_LINFIT_MU] = 0.1 * d->sig_mu * (2.0 * ifs_rng_uniform(&rng) - 1.0);
        w[IFS_LINFIT_TAU] = d->tau0 * (1.0 + 0.1 * (2.0 * ifs_rng_uniform(&rng) - 1.0));
    }
    static const double Q[3] = {0.16, 0.50, 0.84};
    if ((status = ifs_mcmc_run(m, ifs_linfit_logpost, (void *)d, init, stream, err)) ||
        (status = ifs_mcmc_quantiles(m, IFS_LINFIT_A, 3, Q, out->at_pivot, err)) ||
        (status = ifs_mcmc_quantiles(m, IFS_LINFIT_B, 3, Q, out->slope, err)) ||
        (status = ifs_mcmc_quantiles(m, IFS_LINFIT_SCATTER, 3, Q, out->scatter, err)))
        goto exit;
    size_t ns = (size_t)m->nkept * (size_t)set->nwalkers;
    if (!(work = malloc(ns * sizeof *work))) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "line fit: out of memory");
        goto exit;
    }
    /* The value at x (x = 0 for the intercept, then the band) over every posterior sample. */
    for (size_t k = 0; k <= (band_x ? nband : 0) && !status; k++) {
        double x = k == 0 ? 0.0 : band_x[k - 1], q[3];
        for (size_t s = 0; s < ns; s++)
            work[s] = m->chain[np * s + IFS_LINFIT_A] + m->chain[np * s + IFS_LINFIT_B] * (x - x0);
        if ((status = ifs_mcmc_quantiles_of(work, ns, 3, Q, q, err)))
            break;
        if (k == 0) {
            memcpy(out->intercept, q, sizeof q);
        } else {
            band_lo[k - 1] = q[0];
            band_mid[k - 1] = q[1];
            band_hi[k - 1] = q[2];
        }
    }
    for (int dim = IFS_LINFIT_A; dim <= IFS_LINFIT_SCATTER && !status; dim++) {
        double tau;
        status = ifs_mcmc_autocorr_time(m->chain + dim, (size_t)m->nkept, (size_t)set->nwalkers, np,
                                        IFS_AUTOCORR_WINDOW_C, &tau, err);
        out->tau_max = fmax(out->tau_max, tau * set->thin);
    }
    out->n = d->n;
    out->ngroups = d->ng;
    out->x0 = x0;
    out->acceptance = m->acceptance;
    out->nsamples = (long)ns;
exit:
    free(work);
    free(init);
    ifs_mcmc_free(m);
    return status;
}
