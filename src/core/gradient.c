/* gradient.c: straight-line fit of metallicity against radius with asymmetric errors, by MCMC. */
#include "ifscat/gradient.h"

#include "ifscat/rng.h"

#include <math.h>
#include <stdlib.h>

void ifs_gradient_settings_default(ifs_mcmc_settings *s, uint64_t seed)
{
    *s = (ifs_mcmc_settings){.ndim = 2, .nwalkers = 32, .nsteps = 2000, .burn = 500, .thin = 10,
                             .a = IFS_MCMC_STRETCH_DEFAULT, .seed = seed};
}

typedef struct line_data {
    const ifs_gradient_point *p;
    size_t n;
} line_data;

static double logpost(const double *theta, void *ctx)
{
    const line_data *d = ctx;
    const double a = theta[0], b = theta[1];
    double chi2 = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        const ifs_gradient_point *p = &d->p[i];
        double r = a + b * p->r_kpc - p->oh;
        double s = r > 0.0 ? p->err_hi : p->err_lo;
        chi2 += r * r / (s * s);
    }
    return -0.5 * chi2;
}

int ifs_gradient_fit_band(const ifs_gradient_point *pts, size_t n, const ifs_mcmc_settings *set, const double *r,
                          size_t nband, double *lo, double *mid, double *hi, ifs_gradient *out, ifs_error *err)
{
    if (set->ndim != 2)
        return ifs_error_set(err, IFS_ERR_INPUT, "gradient: the sampler must have 2 parameters (got %d)", set->ndim);
    if (n < 2)
        return ifs_error_set(err, IFS_ERR_INPUT, "gradient: need at least 2 radii with a metallicity (got %zu)", n);
    /* Weighted least squares with the mean of the two errors (Numerical Recipes 3rd ed. section
     * 15.2, eqs. 15.2.4-15.2.9): the walkers' starting point and scale. */
    double s = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        const ifs_gradient_point *p = &pts[i];
        if (!(p->err_lo > 0 && p->err_hi > 0) || !isfinite(p->oh) || !isfinite(p->r_kpc))
            return ifs_error_set(err, IFS_ERR_INPUT, "gradient: point %zu (r = %g kpc) needs finite values and errors > 0",
                                 i, p->r_kpc);
        double sig = 0.5 * (p->err_lo + p->err_hi), w = 1.0 / (sig * sig);
        s += w;
        sx += w * p->r_kpc;
        sy += w * p->oh;
        sxx += w * p->r_kpc * p->r_kpc;
        sxy += w * p->r_kpc * p->oh;
    }
    const double delta = s * sxx - sx * sx;
    if (!(delta > 1e-12 * s * sxx))
        return ifs_error_set(err, IFS_ERR_INPUT, "gradient: the %zu points need at least two distinct radii", n);
    const double b = (s * sxy - sx * sy) / delta, a = (sxx * sy - sx * sxy) / delta;
    const double sig_a = sqrt(sxx / delta), sig_b = sqrt(s / delta);

    ifs_mcmc *m = ifs_mcmc_alloc(set, err);
    if (!m)
        return err->code;
    const int nw = set->nwalkers;
    double *init = malloc((size_t)nw * 2 * sizeof(double));
    int status = IFS_OK;
    if (!init) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto exit;
    }
    /* A box of +-0.1 standard errors around the least-squares line; the stretch move expands the
     * ensemble to the posterior's width during the burn-in.  Drawn from the complement of the
     * seed so as not to share the sampler's random numbers. */
    ifs_rng rng;
    ifs_rng_seed(&rng, ~set->seed, 0);
    for (int k = 0; k < nw; k++) {
        init[2 * k] = a + 0.1 * sig_a * (2.0 * ifs_rng_uniform(&rng) - 1.0);
        init[2 * k + 1] = b + 0.1 * sig_b * (2.0 * ifs_rng_uniform(&rng) - 1.0);
    }
    line_data d = {pts, n};
    static const double Q[3] = {0.16, 0.50, 0.84};
    if ((status = ifs_mcmc_run(m, logpost, &d, init, 0, err)) ||
        (status = ifs_mcmc_quantiles(m, 0, 3, Q, out->intercept, err)) ||
        (status = ifs_mcmc_quantiles(m, 1, 3, Q, out->slope, err)))
        goto exit;
    out->npoints = (int)n;
    out->acceptance = m->acceptance;
    out->nsamples = (long)m->nkept * nw;
    /* The band: the line at each radius over every posterior sample. */
    size_t ns = (size_t)out->nsamples;
    double *line = nband ? malloc(ns * sizeof *line) : NULL;
    if (nband && !line)
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (size_t k = 0; !status && k < nband; k++) {
        double q[3];
        for (size_t i = 0; i < ns; i++)
            line[i] = m->chain[2 * i] + m->chain[2 * i + 1] * r[k];
        if (!(status = ifs_mcmc_quantiles_of(line, ns, 3, Q, q, err))) {
            lo[k] = q[0];
            mid[k] = q[1];
            hi[k] = q[2];
        }
    }
    free(line);
exit:
    free(init);
    ifs_mcmc_free(m);
    return status;
}

int ifs_gradient_fit(const ifs_gradient_point *pts, size_t n, const ifs_mcmc_settings *set, ifs_gradient *out,
                     ifs_error *err)
{
    return ifs_gradient_fit_band(pts, n, set, NULL, 0, NULL, NULL, NULL, out, err);
}
