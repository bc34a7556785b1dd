/* mcmc.c: the affine-invariant ensemble sampler (Goodman & Weare 2010 stretch move, emcee's
 * two-half update), quantiles of its samples and emcee's integrated autocorrelation time. */
#include "ifscat/mcmc.h"

#include "ifscat/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

ifs_mcmc *ifs_mcmc_alloc(const ifs_mcmc_settings *set, ifs_error *err)
{
    const ifs_mcmc_settings *s = set;
    if (s->ndim < 1)
        return ifs_error_set(err, IFS_ERR_INPUT, "mcmc: ndim must be >= 1 (got %d)", s->ndim), NULL;
    if (s->nwalkers < 2 * s->ndim || s->nwalkers % 2 != 0 || s->nwalkers > (1 << 30))
        return ifs_error_set(err, IFS_ERR_INPUT, "mcmc: nwalkers must be even and >= 2 ndim = %d (got %d)",
                             2 * s->ndim, s->nwalkers), NULL;
    if (s->nsteps < 1 || s->burn < 0 || s->burn >= s->nsteps || s->thin < 1)
        return ifs_error_set(err, IFS_ERR_INPUT,
                             "mcmc: need nsteps >= 1, 0 <= burn < nsteps, thin >= 1 (got %d, %d, %d)", s->nsteps,
                             s->burn, s->thin), NULL;
    if (!(s->a > 1.0))
        return ifs_error_set(err, IFS_ERR_INPUT, "mcmc: stretch scale a must be > 1 (got %g)", s->a), NULL;
    if (s->check_every < 0 || (s->check_every > 0 && (!(s->tau_factor > 0) || !(s->tau_rtol >= 0))))
        return ifs_error_set(err, IFS_ERR_INPUT,
                             "mcmc: early stop needs check_every >= 0, tau_factor > 0, tau_rtol >= 0"), NULL;

    size_t maxkept = (size_t)(s->nsteps - s->burn + s->thin - 1) / (size_t)s->thin;
    size_t nw = (size_t)s->nwalkers, nd = (size_t)s->ndim;
    if (maxkept > SIZE_MAX / sizeof(double) / nw / nd)
        return ifs_error_set(err, IFS_ERR_INPUT, "mcmc: a chain of %zu x %zu x %zu values does not fit in memory",
                             maxkept, nw, nd), NULL;
    ifs_mcmc *m = calloc(1, sizeof *m);
    if (!m)
        goto nomem;
    m->set = *s;
    m->maxkept = maxkept;
    m->chain = malloc(maxkept * nw * nd * sizeof(double));
    m->logp = malloc(maxkept * nw * sizeof(double));
    m->scratch = malloc(maxkept * nw * sizeof(double));
    m->tau = malloc(nd * sizeof(double));
    m->pos = malloc(nw * nd * sizeof(double));
    m->lp = malloc(nw * sizeof(double));
    m->prop = malloc(nd * sizeof(double));
    if (!m->chain || !m->logp || !m->scratch || !m->tau || !m->pos || !m->lp || !m->prop)
        goto nomem;
    for (size_t d = 0; d < nd; d++)
        m->tau[d] = NAN;
    return m;
nomem:
    ifs_mcmc_free(m);
    ifs_error_set(err, IFS_ERR_NOMEM, "mcmc: out of memory for %zu kept steps of %zu walkers", maxkept, nw);
    return NULL;
}

void ifs_mcmc_free(ifs_mcmc *m)
{
    if (!m)
        return;
    free(m->chain);
    free(m->logp);
    free(m->scratch);
    free(m->tau);
    free(m->pos);
    free(m->lp);
    free(m->prop);
    free(m);
}

/* The early-stop test of mcmc.h on the chain kept so far; updates m->tau. */
static int converged(ifs_mcmc *m, int have_old, ifs_error *err)
{
    const ifs_mcmc_settings *s = &m->set;
    int ok = 1;
    for (int d = 0; d < s->ndim; d++) {
        double tau;
        int rc = ifs_mcmc_autocorr_time(m->chain + d, (size_t)m->nkept, (size_t)s->nwalkers, (size_t)s->ndim,
                                        IFS_AUTOCORR_WINDOW_C, &tau, err);
        if (rc)
            return -rc;
        tau *= s->thin; /* kept samples -> steps */
        if ((double)m->nkept * s->thin < s->tau_factor * tau)
            ok = 0;
        if (s->tau_rtol > 0 && (!have_old || !(fabs(tau - m->tau[d]) < s->tau_rtol * tau)))
            ok = 0;
        m->tau[d] = tau;
    }
    return ok;
}

/* Whether u < exp(lq) for a fresh uniform u (Metropolis acceptance with log ratio lq).  The
 * squeeze 1 + lq <= exp(lq) <= 1 / (1 - lq) for lq <= 0 (both from exp(x) >= 1 + x) settles
 * most draws without calling exp (Marsaglia's squeeze principle, Knuth TAOCP vol. 2, 3.4.1);
 * the decision is the same as the direct comparison.  The bounds are combined without branches:
 * acceptance is a coin flip that no branch predictor learns. */
static inline int accept(double lq, ifs_rng *rng)
{
    const double u = ifs_rng_uniform(rng);
    const int sure = (lq >= 0.0) | (u < 1.0 + lq);
    const int open = !sure & (u * (1.0 - lq) < 1.0);
    return sure | (open && u < exp(lq));
}

/* a if c, else b, by bit masks (a conditional move, not a branch). */
static inline double choose(int c, double a, double b)
{
    uint64_t ua, ub, mask = -(uint64_t)(c != 0);
    memcpy(&ua, &a, sizeof ua);
    memcpy(&ub, &b, sizeof ub);
    ub = (ua & mask) | (ub & ~mask);
    memcpy(&b, &ub, sizeof b);
    return b;
}

int ifs_mcmc_run(ifs_mcmc *m, ifs_logpost_fn logpost, void *ctx, const double *init, uint64_t stream,
                 ifs_error *err)
{
    const ifs_mcmc_settings *s = &m->set;
    const int nd = s->ndim, nw = s->nwalkers, half = nw / 2;
    const double a = s->a, inv_a = 1.0 / s->a;
    double *pos = m->pos, *lp = m->lp, *prop = m->prop;
    ifs_rng rng;
    ifs_rng_seed(&rng, s->seed, stream);

    memcpy(pos, init, (size_t)nw * nd * sizeof(double));
    for (int k = 0; k < nw; k++) {
        lp[k] = logpost(pos + (size_t)k * nd, ctx);
        if (isnan(lp[k]) || lp[k] == -INFINITY)
            return ifs_error_set(err, IFS_ERR_INPUT,
                                 "mcmc: initial walker %d has log-posterior %g: start every walker inside the prior",
                                 k, lp[k]);
    }
    for (int d = 0; d < nd; d++)
        m->tau[d] = NAN;
    m->nkept = 0;
    m->converged = 0;
    m->nsteps_run = s->nsteps;
    long long accepted = 0;
    int checks = 0;

    for (int step = 0; step < s->nsteps; step++) {
        /* Each half moves against the other, the second against the first's new positions
         * (Foreman-Mackey et al. 2013, Algorithm 3): detailed balance holds for each half. */
        for (int h = 0; h < 2; h++) {
            const int first = h * half, other = (1 - h) * half;
            for (int k = first; k < first + half; k++) {
                const double *xk = pos + (size_t)k * nd;
                const double *xj = pos + (size_t)(other + (int)ifs_rng_below(&rng, (uint32_t)half)) * nd;
                /* z from g(z) ~ 1/sqrt(z) on [1/a, a] by inverting its CDF (GW10 eq. 9). */
                const double u = (a - 1.0) * ifs_rng_uniform(&rng) + 1.0;
                const double z = u * u * inv_a;
                for (int d = 0; d < nd; d++)
                    prop[d] = xj[d] + z * (xk[d] - xj[d]); /* GW10 eq. 7 */
                const double lpn = logpost(prop, ctx);
                if (isnan(lpn))
                    return ifs_error_set(err, IFS_ERR_NUMERIC, "mcmc: the log-posterior returned NaN at step %d",
                                         step);
                /* Accept with probability min(1, z^(ndim-1) p(Y) / p(X_k)) (GW10 eq. 7). */
                double lq = lpn - lp[k];
                if (nd > 1)
                    lq += (nd - 1) * log(z);
                const int acc = accept(lq, &rng);
                double *xk_new = pos + (size_t)k * nd;
                for (int d = 0; d < nd; d++)
                    xk_new[d] = choose(acc, prop[d], xk_new[d]);
                lp[k] = choose(acc, lpn, lp[k]);
                accepted += acc;
            }
        }
        if (step >= s->burn && (step - s->burn) % s->thin == 0) {
            memcpy(m->chain + (size_t)m->nkept * nw * nd, pos, (size_t)nw * nd * sizeof(double));
            memcpy(m->logp + (size_t)m->nkept * nw, lp, (size_t)nw * sizeof(double));
            m->nkept++;
        }
        if (s->check_every > 0 && step + 1 > s->burn && (step + 1 - s->burn) % s->check_every == 0 &&
            m->nkept >= 2) {
            int c = converged(m, checks++ > 0, err);
            if (c < 0)
                return -c;
            if (c) {
                m->converged = 1;
                m->nsteps_run = step + 1;
                break;
            }
        }
    }
    m->acceptance = (double)accepted / ((double)m->nsteps_run * nw);
    return IFS_OK;
}

static void swap(double *x, size_t i, size_t j)
{
    double t = x[i];
    x[i] = x[j];
    x[j] = t;
}

/* Puts the k-th smallest of x[0..n) at x[k], smaller-or-equal values before it and
 * greater-or-equal after (Numerical Recipes 3rd ed. section 8.5, "select": median-of-three
 * partitioning, which also copes with the many repeated values of an MCMC chain). */
static void select_kth(double *x, size_t n, size_t k)
{
    size_t l = 0, ir = n - 1;
    for (;;) {
        if (ir <= l + 1) {
            if (ir == l + 1 && x[ir] < x[l])
                swap(x, l, ir);
            return;
        }
        size_t mid = (l + ir) / 2;
        swap(x, mid, l + 1);
        if (x[l] > x[ir])
            swap(x, l, ir);
        if (x[l + 1] > x[ir])
            swap(x, l + 1, ir);
        if (x[l] > x[l + 1])
            swap(x, l, l + 1);
        size_t i = l + 1, j = ir;
        const double pivot = x[l + 1];
        for (;;) {
            do
                i++;
            while (x[i] < pivot);
            do
                j--;
            while (x[j] > pivot);
            if (j < i)
                break;
            swap(x, i, j);
        }
        x[l + 1] = x[j];
        x[j] = pivot;
        if (j >= k)
            ir = j - 1;
        if (j <= k)
            l = i;
    }
}

/* The k-th order statistic, given that x[0..*done) already hold the *done smallest values in
 * order; extends that prefix through k. */
static double order_stat(double *x, size_t n, size_t *done, size_t k)
{
    if (k < *done)
        return x[k];
    if (k == *done) { /* the minimum of the rest: one pass */
        size_t best = k;
        for (size_t i = k + 1; i < n; i++)
            if (x[i] < x[best])
                best = i;
        swap(x, k, best);
    } else {
        select_kth(x + *done, n - *done, k - *done);
    }
    *done = k + 1;
    return x[k];
}

int ifs_mcmc_quantiles_of(double *x, size_t n, size_t nq, const double *q, double *out, ifs_error *err)
{
    if (n < 1)
        return ifs_error_set(err, IFS_ERR_INPUT, "quantiles of an empty sample");
    for (size_t i = 0; i < nq; i++)
        if (!(q[i] >= 0.0 && q[i] <= 1.0) || (i > 0 && q[i] < q[i - 1]))
            return ifs_error_set(err, IFS_ERR_INPUT, "quantiles: q must be ascending in [0, 1] (q[%zu] = %g)", i,
                                 q[i]);
    size_t done = 0;
    for (size_t i = 0; i < nq; i++) {
        /* numpy's "linear" method: h = (n - 1) q, interpolate between order statistics floor(h)
         * and floor(h) + 1 (Hyndman & Fan 1996, definition 7). */
        double h = (double)(n - 1) * q[i];
        size_t lo = (size_t)floor(h);
        if (lo > n - 1)
            lo = n - 1;
        double frac = h - (double)lo, xlo = order_stat(x, n, &done, lo);
        out[i] = (frac > 0.0 && lo + 1 < n) ? xlo + frac * (order_stat(x, n, &done, lo + 1) - xlo) : xlo;
    }
    return IFS_OK;
}

int ifs_mcmc_quantiles(ifs_mcmc *m, int dim, size_t nq, const double *q, double *out, ifs_error *err)
{
    const int nd = m->set.ndim;
    if (dim < 0 || dim >= nd)
        return ifs_error_set(err, IFS_ERR_INPUT, "mcmc quantiles: parameter %d of %d", dim, nd);
    size_t n = (size_t)m->nkept * (size_t)m->set.nwalkers;
    for (size_t i = 0; i < n; i++)
        m->scratch[i] = m->chain[i * nd + dim];
    return ifs_mcmc_quantiles_of(m->scratch, n, nq, q, out, err);
}

int ifs_mcmc_autocorr_time(const double *x, size_t nsamples, size_t nwalkers, size_t stride, double c,
                           double *tau, ifs_error *err)
{
    if (nsamples < 2 || nwalkers < 1)
        return ifs_error_set(err, IFS_ERR_INPUT, "autocorrelation time needs >= 2 samples of >= 1 walker");
    const size_t n = nsamples;
    double *y = malloc(n * nwalkers * sizeof(double)), *var = malloc(nwalkers * sizeof(double));
    if (!y || !var) {
        free(y);
        free(var);
        return ifs_error_set(err, IFS_ERR_NOMEM, "autocorrelation time: out of memory for %zu samples", n);
    }
    for (size_t k = 0; k < nwalkers; k++) {
        double *yk = y + k * n, mean = 0.0, ss = 0.0;
        for (size_t t = 0; t < n; t++)
            mean += (yk[t] = x[(t * nwalkers + k) * stride]);
        mean /= (double)n;
        for (size_t t = 0; t < n; t++) {
            yk[t] -= mean;
            ss += yk[t] * yk[t];
        }
        var[k] = ss;
    }
    /* emcee (autocorr.py): rho_k(M) = sum_t y_t y_{t+M} / sum_t y_t^2 per walker (what its
     * zero-padded FFT computes), averaged over walkers; taus = 2 cumsum(rho) - 1; the window is
     * the first M with M >= c taus[M] (Sokal 1997).  Lags are summed directly, stopping at the
     * window, which for the short windows of well-mixed chains is cheaper than the FFT. */
    double t_m = 1.0;
    for (size_t lag = 1; lag < n; lag++) {
        double rho = 0.0;
        for (size_t k = 0; k < nwalkers; k++) {
            if (var[k] == 0.0) {
                rho += 1.0;
                continue;
            }
            const double *yk = y + k * n;
            double acc = 0.0;
            for (size_t t = 0; t + lag < n; t++)
                acc += yk[t] * yk[t + lag];
            rho += acc / var[k];
        }
        t_m += 2.0 * rho / (double)nwalkers;
        if ((double)lag >= c * t_m)
            break;
    }
    free(y);
    free(var);
    *tau = t_m;
    return IFS_OK;
}
