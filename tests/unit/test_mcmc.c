/* test_mcmc.c: the ensemble sampler recovers analytic posteriors (1D and correlated 2D Gaussians:
 * 16/50/84th percentiles within 0.02 sigma of the exact normal quantiles), accepts at the rate the
 * stretch move implies analytically, is reproducible, and the autocorrelation time of an AR(1)
 * series matches its closed form. */
#include "check.h"

#include "ifscat/mcmc.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <string.h>

static const double Q[3] = {0.16, 0.50, 0.84};

typedef struct gauss2 {
    double mu[2], icov[2][2];
} gauss2;

static double logpost_gauss1(const double *x, void *ctx)
{
    const double *p = ctx; /* mean, sigma */
    double t = (x[0] - p[0]) / p[1];
    return -0.5 * t * t;
}

static double logpost_gauss2(const double *x, void *ctx)
{
    const gauss2 *g = ctx;
    double a = x[0] - g->mu[0], b = x[1] - g->mu[1];
    return -0.5 * (g->icov[0][0] * a * a + 2.0 * g->icov[0][1] * a * b + g->icov[1][1] * b * b);
}

static double logpost_flat(const double *x, void *ctx)
{
    return 0.0;
}

static double logpost_halfline(const double *x, void *ctx)
{
    return x[0] > 0 ? -x[0] : -INFINITY;
}

static int cmp(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Walkers started in a small box: the sampler has to find the posterior itself. */
static void init_box(double *init, int nwalkers, int ndim, double centre, double half, gsl_rng *r)
{
    for (int i = 0; i < nwalkers * ndim; i++)
        init[i] = centre + half * (2.0 * gsl_rng_uniform(r) - 1.0);
}

/* Exact quantiles of a normal distribution: mu + sigma Phi^-1(q) (GSL's inverse normal CDF). */
static void check_normal_quantiles(ifs_mcmc *m, int dim, double mu, double sigma, const char *what)
{
    ifs_error err;
    double got[3];
    CHECK(ifs_mcmc_quantiles(m, dim, 3, Q, got, &err) == 0, "%s", err.msg);
    for (int i = 0; i < 3; i++) {
        char label[96];
        snprintf(label, sizeof label, "%s: %.0fth percentile in units of sigma", what, 100 * Q[i]);
        CHECK_CLOSE((got[i] - mu) / sigma, gsl_cdf_ugaussian_Pinv(Q[i]), 0.02, label);
    }
}

int main(void)
{
    ifs_error err;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20240607);

    /* 1D Gaussian.  The stretch move's autocorrelation time here is about 27 steps, so 64 walkers
     * x 59,000 kept steps hold N_eff ~ 140,000 independent samples, a Monte Carlo error on the
     * 16th percentile of sqrt(0.16 * 0.84 / N_eff) / phi(0.994) ~ 0.004 sigma (0.003 sigma on the
     * median): the 0.02 sigma tolerance is five times that. */
    ifs_mcmc_settings s = {.ndim = 1, .nwalkers = 64, .nsteps = 60000, .burn = 1000, .thin = 1,
                           .a = IFS_MCMC_STRETCH_DEFAULT, .seed = 42};
    ifs_mcmc *m = ifs_mcmc_alloc(&s, &err);
    CHECK(m != NULL, "%s", err.msg);
    double gauss1[2] = {2.385, 0.731}, init[128];
    init_box(init, 64, 1, -3.0, 0.01, r);
    CHECK(ifs_mcmc_run(m, logpost_gauss1, gauss1, init, 0, &err) == 0, "%s", err.msg);
    CHECK(m->nkept == 59000 && m->nsteps_run == 60000, "kept %d of %d steps", m->nkept, m->nsteps_run);
    check_normal_quantiles(m, 0, gauss1[0], gauss1[1], "1D Gaussian");
    CHECK(m->acceptance > 0.0 && m->acceptance < 1.0, "acceptance fraction %g", m->acceptance);

    /* Reproducible: the same seed and stream give the same chain, another stream another. */
    double *first = malloc((size_t)m->nkept * 64 * sizeof(double));
    memcpy(first, m->chain, (size_t)m->nkept * 64 * sizeof(double));
    double acc = m->acceptance;
    CHECK(ifs_mcmc_run(m, logpost_gauss1, gauss1, init, 0, &err) == 0, "%s", err.msg);
    CHECK(memcmp(first, m->chain, (size_t)m->nkept * 64 * sizeof(double)) == 0 && acc == m->acceptance,
          "same seed and stream, same chain");
    CHECK(ifs_mcmc_run(m, logpost_gauss1, gauss1, init, 1, &err) == 0, "%s", err.msg);
    CHECK(memcmp(first, m->chain, (size_t)m->nkept * 64 * sizeof(double)) != 0, "another stream, another chain");
    free(first);

    /* Early stop: a run that stops once the chain spans 50 autocorrelation times (emcee's
     * criterion) has really done so, and still gets the percentiles (N_eff >= 64 * 50 = 3200:
     * Monte Carlo error <= 0.03 sigma on the 16th percentile; tolerance 0.1 sigma). */
    s.check_every = 50;
    s.tau_factor = 50;
    s.burn = 200;
    ifs_mcmc *early = ifs_mcmc_alloc(&s, &err);
    CHECK(early && ifs_mcmc_run(early, logpost_gauss1, gauss1, init, 0, &err) == 0, "%s", err.msg);
    if (early) {
        CHECK(early->converged && early->nsteps_run < s.nsteps, "early stop after %d steps", early->nsteps_run);
        CHECK(early->nkept >= 50 * early->tau[0] && early->tau[0] > 1.0, "kept %d steps >= 50 tau = %g",
              early->nkept, 50 * early->tau[0]);
        double got[3];
        ifs_mcmc_quantiles(early, 0, 3, Q, got, &err);
        for (int i = 0; i < 3; i++)
            CHECK_CLOSE((got[i] - gauss1[0]) / gauss1[1], gsl_cdf_ugaussian_Pinv(Q[i]), 0.1,
                        "early-stopped run, percentile in sigma");
    }
    ifs_mcmc_free(early);
    ifs_mcmc_free(m);

    /* Correlated 2D Gaussian (rho = 0.83, scales 30 times apart): the stretch move is
     * affine-invariant, so neither matters; tau is about 32 steps, and 64 walkers x 78,000 kept
     * steps again give a Monte Carlo error of about 0.004 sigma. */
    double s1 = 1.3, s2 = 0.045, rho = 0.83, det = s1 * s1 * s2 * s2 * (1 - rho * rho);
    gauss2 g2 = {{2.385, -1.27}, {{s2 * s2 / det, -rho * s1 * s2 / det}, {-rho * s1 * s2 / det, s1 * s1 / det}}};
    ifs_mcmc_settings s2d = {.ndim = 2, .nwalkers = 64, .nsteps = 80000, .burn = 2000, .thin = 1,
                             .a = IFS_MCMC_STRETCH_DEFAULT, .seed = 7};
    m = ifs_mcmc_alloc(&s2d, &err);
    CHECK(m != NULL, "%s", err.msg);
    init_box(init, 64, 2, 0.0, 0.01, r);
    CHECK(ifs_mcmc_run(m, logpost_gauss2, &g2, init, 0, &err) == 0, "%s", err.msg);
    check_normal_quantiles(m, 0, g2.mu[0], s1, "2D Gaussian, x");
    check_normal_quantiles(m, 1, g2.mu[1], s2, "2D Gaussian, y");
    double tau;
    CHECK(ifs_mcmc_autocorr_time(m->chain, (size_t)m->nkept, 64, 2, IFS_AUTOCORR_WINDOW_C, &tau, &err) == 0,
          "%s", err.msg);
    CHECK(tau > 1.0 && tau < 100.0 && m->nkept > 50 * tau, "2D chain long enough: tau = %g", tau);
    ifs_mcmc_free(m);

    /* Acceptance of the stretch move on a flat target: min(1, z^(n-1)) averaged over
     * g(z) = C / sqrt(z) on [1/2, 2], C = 1 / (2 (sqrt 2 - 1/sqrt 2)):
     *   n = 1: exactly 1;
     *   n = 2: C [2 (sqrt 2 - 1) + (2/3)(1 - 2^-1.5)] = 0.5857864 + 0.3047378 = 0.8905242.
     * 64 walkers x 10,000 steps: binomial error 0.0004; tolerance 0.002. */
    ifs_mcmc_settings sf = {.ndim = 2, .nwalkers = 64, .nsteps = 10000, .burn = 0, .thin = 10,
                            .a = IFS_MCMC_STRETCH_DEFAULT, .seed = 3};
    m = ifs_mcmc_alloc(&sf, &err);
    init_box(init, 64, 2, 0.0, 1.0, r);
    CHECK(m && ifs_mcmc_run(m, logpost_flat, NULL, init, 0, &err) == 0, "%s", err.msg);
    if (m) {
        CHECK_CLOSE(m->acceptance, 0.8905242, 0.002, "2D flat target acceptance");
        CHECK(m->nkept == 1000, "thin 10 keeps 1000 of 10000 steps, got %d", m->nkept);
    }
    ifs_mcmc_free(m);
    sf.ndim = 1;
    m = ifs_mcmc_alloc(&sf, &err);
    CHECK(m && ifs_mcmc_run(m, logpost_flat, NULL, init, 0, &err) == 0, "%s", err.msg);
    if (m)
        CHECK_CLOSE(m->acceptance, 1.0, 0, "1D flat target: every proposal accepted");

    /* A walker outside the prior is refused; so are impossible settings. */
    for (int k = 0; k < 64; k++)
        init[k] = k == 5 ? -1.0 : 0.5 + 0.01 * k;
    CHECK(m && ifs_mcmc_run(m, logpost_halfline, NULL, init, 0, &err) == IFS_ERR_INPUT &&
              strstr(err.msg, "walker 5"), "walker outside the prior named: %s", err.msg);
    ifs_mcmc_free(m);
    ifs_mcmc_settings bad = sf;
    bad.nwalkers = 33;
    CHECK(ifs_mcmc_alloc(&bad, &err) == NULL && err.code == IFS_ERR_INPUT && strstr(err.msg, "nwalkers"),
          "odd walker count refused: %s", err.msg);
    bad = sf;
    bad.burn = bad.nsteps;
    CHECK(ifs_mcmc_alloc(&bad, &err) == NULL && strstr(err.msg, "burn"), "burn-in >= steps refused");

    /* Autocorrelation time of AR(1) x_t = phi x_{t-1} + e_t: rho(t) = phi^t, so
     * tau = 1 + 2 sum phi^t = (1 + phi) / (1 - phi) = 9 for phi = 0.8.  With 32 walkers x 20,000
     * samples the estimator's relative error is about sqrt(2 (2M + 1) / N) ~ 0.02 (Sokal 1997,
     * window M ~ 45); tolerance 8%. */
    size_t nw = 32, nt = 20000;
    double *ar = malloc(nw * nt * sizeof(double));
    for (size_t k = 0; k < nw; k++) {
        double x = gsl_ran_gaussian(r, 1.0) / sqrt(1 - 0.64); /* stationary start */
        for (size_t t = 0; t < nt; t++) {
            ar[t * nw + k] = x;
            x = 0.8 * x + gsl_ran_gaussian(r, 1.0);
        }
    }
    CHECK(ifs_mcmc_autocorr_time(ar, nt, nw, 1, IFS_AUTOCORR_WINDOW_C, &tau, &err) == 0, "%s", err.msg);
    CHECK_REL(tau, 9.0, 0.08, "AR(1) phi = 0.8 autocorrelation time");
    /* A walker that never moves counts as fully correlated. */
    for (size_t t = 0; t < nt; t++)
        ar[t * nw] = 1.0;
    double tau_stuck;
    ifs_mcmc_autocorr_time(ar, nt, nw, 1, IFS_AUTOCORR_WINDOW_C, &tau_stuck, &err);
    CHECK(tau_stuck > tau, "a stuck walker lengthens tau: %g vs %g", tau_stuck, tau);
    free(ar);

    /* Quantiles with numpy's linear interpolation, by hand: sorted -0.4, 2.2, 3.1, 5.5, 7.9;
     * q = 0.16: h = 0.64, -0.4 + 0.64 * 2.6 = 1.264; q = 0.5: 3.1; q = 0.84: h = 3.36,
     * 5.5 + 0.36 * 2.4 = 6.364. */
    double five[5] = {3.1, -0.4, 2.2, 7.9, 5.5}, got[3];
    CHECK(ifs_mcmc_quantiles_of(five, 5, 3, Q, got, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(got[0], 1.264, 1e-12, "16th percentile of five values");
    CHECK_CLOSE(got[1], 3.1, 1e-12, "median of five values");
    CHECK_CLOSE(got[2], 6.364, 1e-12, "84th percentile of five values");
    /* Many repeated values (as in a chain with rejections) against sorting. */
    size_t nrep = 10001;
    double *rep = malloc(nrep * sizeof(double)), *sorted = malloc(nrep * sizeof(double));
    for (size_t i = 0; i < nrep; i++)
        sorted[i] = rep[i] = (double)gsl_rng_uniform_int(r, 7);
    qsort(sorted, nrep, sizeof(double), cmp);
    double q4[4] = {0.0, 0.3333, 0.3334, 1.0}, got4[4];
    CHECK(ifs_mcmc_quantiles_of(rep, nrep, 4, q4, got4, &err) == 0, "%s", err.msg);
    for (int i = 0; i < 4; i++) {
        double h = 10000 * q4[i], lo = floor(h);
        double want = sorted[(size_t)lo] + (h - lo) * ((size_t)lo + 1 < nrep ? sorted[(size_t)lo + 1] - sorted[(size_t)lo] : 0);
        CHECK_CLOSE(got4[i], want, 1e-12, "quantile of repeated values vs sorted");
    }
    free(rep);
    free(sorted);
    CHECK(ifs_mcmc_quantiles_of(five, 5, 2, (double[]){0.8, 0.2}, got, &err) == IFS_ERR_INPUT,
          "descending quantiles refused");

    gsl_rng_free(r);
    return check_report("test_mcmc");
}
