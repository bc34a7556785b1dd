/* ifscat/mcmc.h: the project's one MCMC sampler, the affine-invariant ensemble sampler of
 * Goodman & Weare (2010, Comm. App. Math. Comp. Sci. 5, 65) with the stretch move, updated in two
 * halves as in emcee (Foreman-Mackey et al. 2013, PASP 125, 306, Algorithm 3); seeded and
 * reproducible, with the acceptance fraction, the integrated autocorrelation time (emcee's
 * estimator) and an optional early stop on it.  Used for metallicity posteriors, gradient slopes
 * and relation fits: the posterior is a callback with a caller context. */
#ifndef IFSCAT_MCMC_H
#define IFSCAT_MCMC_H

#include <stddef.h>
#include <stdint.h>

#include "ifscat/error.h"

/* Log-posterior (up to a constant) at theta[ndim]; -INFINITY outside the prior's support.  Must
 * not return NaN (the run fails with IFS_ERR_NUMERIC if it does).  Called from one thread per
 * sampler; ctx is the caller's. */
typedef double (*ifs_logpost_fn)(const double *theta, void *ctx);

typedef struct ifs_mcmc_settings {
    int ndim;          /* parameters, >= 1 */
    int nwalkers;      /* even and >= 2 ndim (emcee's requirement for the two-half update) */
    int nsteps;        /* ensemble steps at most, burn-in included */
    int burn;          /* first steps discarded, 0 <= burn < nsteps */
    int thin;          /* keep every thin-th step after the burn-in, >= 1 */
    double a;          /* stretch scale of the proposal g(z) ~ 1/sqrt(z) on [1/a, a] (GW10 eq. 9), > 1 */
    uint64_t seed;     /* with the stream of ifs_mcmc_run, fixes every random number */
    /* Early stop (the test of emcee's "Autocorrelation analysis & convergence" tutorial): when
     * check_every > 0, every check_every steps after the burn-in the integrated autocorrelation
     * time tau (steps) of every parameter is estimated from the kept chain, and the run stops once
     * the kept chain spans at least tau_factor * tau steps for every parameter and, when
     * tau_rtol > 0, every tau changed by less than the fraction tau_rtol since the last check. */
    int check_every;
    double tau_factor;
    double tau_rtol;
} ifs_mcmc_settings;

/* Stretch scale 2: the value Goodman & Weare (2010, section 5) and emcee use. */
#define IFS_MCMC_STRETCH_DEFAULT 2.0
/* Sokal's window constant c for the autocorrelation time (emcee's default c = 5; Sokal 1997,
 * "Monte Carlo methods in statistical mechanics", section 3, recommends c of about 4-10). */
#define IFS_AUTOCORR_WINDOW_C 5.0

/* Sampler workspace and result.  The fields below are read-only for the caller after a run. */
typedef struct ifs_mcmc {
    ifs_mcmc_settings set;
    int nsteps_run; /* steps taken (less than set.nsteps when the early stop fired) */
    int nkept;      /* ensemble states kept after burn-in and thinning */
    double *chain;  /* kept positions: chain[(i * nwalkers + k) * ndim + d], i < nkept, walker k */
    double *logp;   /* their log-posteriors: logp[i * nwalkers + k] */
    double acceptance; /* accepted / proposed over every step and walker (burn-in included) */
    int converged;  /* the early-stop test passed (0 when check_every = 0) */
    double *tau;    /* tau[d] in steps at the last test; NAN when check_every = 0 */
    /* private */
    size_t maxkept;
    double *pos, *lp, *prop, *scratch;
} ifs_mcmc;

/* Validates the settings and allocates room for the longest run they allow; NULL on failure
 * (IFS_ERR_INPUT naming the setting, IFS_ERR_NOMEM).  One workspace serves any number of runs
 * (not concurrently).  Free with ifs_mcmc_free. */
ifs_mcmc *ifs_mcmc_alloc(const ifs_mcmc_settings *set, ifs_error *err);
void ifs_mcmc_free(ifs_mcmc *m);

/* Runs the sampler from init[nwalkers * ndim] (walker k at init[k * ndim]), drawing its random
 * numbers from stream `stream` of set.seed (give each of many independent runs, e.g. regions,
 * its own stream: results then do not depend on the order or thread that runs them).  Fails with
 * IFS_ERR_INPUT when an initial walker has log-posterior -INFINITY or NaN, IFS_ERR_NUMERIC when
 * the callback returns NaN. */
int ifs_mcmc_run(ifs_mcmc *m, ifs_logpost_fn logpost, void *ctx, const double *init, uint64_t stream,
                 ifs_error *err);

/* Quantiles of parameter dim over every kept sample (walkers and steps pooled): q[nq] fractions
 * in [0, 1] in ascending order, out[nq] gets them with numpy's default linear interpolation
 * between order statistics (as np.percentile(samples, 100 q)).  Uses the workspace's scratch.
 * Fails with IFS_ERR_INPUT for a bad dim, q out of order, or no kept samples. */
int ifs_mcmc_quantiles(ifs_mcmc *m, int dim, size_t nq, const double *q, double *out, ifs_error *err);

/* The same quantiles of an arbitrary sample x[n] (n >= 1), which is reordered in place
 * (selection, O(n) per quantile, Wirth 1976 / Numerical Recipes 3rd ed. section 8.5).  q must be
 * ascending in [0, 1]; returns IFS_ERR_INPUT otherwise. */
int ifs_mcmc_quantiles_of(double *x, size_t n, size_t nq, const double *q, double *out, ifs_error *err);

/* Integrated autocorrelation time (in samples) of a scalar series from nwalkers walkers, as
 * emcee's integrated_time: per walker the normalised autocorrelation function of the series
 * minus its mean, averaged over walkers; tau(M) = 1 + 2 sum_{t=1..M} rho(t), taken at Sokal's
 * window, the first M >= c tau(M) (or the last lag).  x[(t * nwalkers + k) * stride] is walker k
 * at sample t < nsamples (a chain of ifs_mcmc: x = chain + d, stride = ndim).  A walker that never
 * moved counts as fully correlated (rho = 1 at every lag), so a stuck ensemble gives a long tau.
 * Fails with IFS_ERR_INPUT when nsamples < 2, IFS_ERR_NOMEM. */
int ifs_mcmc_autocorr_time(const double *x, size_t nsamples, size_t nwalkers, size_t stride, double c,
                           double *tau, ifs_error *err);

#endif
