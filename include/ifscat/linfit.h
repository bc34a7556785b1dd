/* ifscat/linfit.h: straight-line fits y = a + b (x - x0) to points with errors on both axes and an
 * intrinsic scatter, sampled with the project's MCMC (mcmc.h): the scaling-relation fits of
 * science.md section 7 (main sequence, MZR, FMR).
 *
 * Model: the structural errors-in-variables model of Kelly (2007, ApJ 665, 1489, Section 4) with
 * one Gaussian for the true x (K = 1): x_true ~ N(mu, tau^2), y_true = a + b (x_true - x0) +
 * N(0, sigma_int^2), observed with Gaussian errors sx, sy.  Each point (x, y) is then bivariate
 * normal with mean (mu, a + b (mu - x0)) and covariance
 *   [[tau^2 + sx^2, b tau^2], [b tau^2, b^2 tau^2 + sigma_int^2 + sy^2]],
 * which, unlike the "effective variance" chi^2 (Numerical Recipes 3rd ed. eq. 15.3.2), does not
 * flatten the slope when the x errors are not small against the spread in x.  Parameters
 * theta = (a, b, sigma_int, mu, tau); priors flat in a, b, mu, and in sigma_int on
 * [0, IFS_LINFIT_MAX_SCATTER] and tau > 0.  Asymmetric errors enter as their mean.
 *
 * Speed: points with the same (sx, sy) share the covariance, so the log-likelihood is summed
 * exactly from per-group moments (count, means, centred second moments) and a call costs the
 * number of distinct error pairs, not the number of points.  To keep that number small for large
 * compilations, each error is first rounded to a grid of IFS_LINFIT_ERROR_STEPS values per decade
 * (a relative change of at most 1.2 per cent, below how well published errors are known);
 * the grouped sum is exact for the rounded errors. */
#ifndef IFSCAT_LINFIT_H
#define IFSCAT_LINFIT_H

#include <stddef.h>
#include <stdint.h>

#include "ifscat/error.h"
#include "ifscat/mcmc.h"

/* Errors are rounded to 10^(k / IFS_LINFIT_ERROR_STEPS): steps of 2.3 per cent, so an error
 * changes by at most 1.2 per cent (published errors, quoted to 0.01 dex, are rounded by more). */
#define IFS_LINFIT_ERROR_STEPS 100

/* Upper end of the flat prior on the intrinsic scatter (dex): far above any scatter of these
 * relations (0.05-0.5 dex), so that only the data bound it. */
#define IFS_LINFIT_MAX_SCATTER 5.0

typedef struct ifs_linfit_point {
    double x, y;        /* finite */
    double sx, sy;      /* 1-sigma errors >= 0 */
} ifs_linfit_point;

typedef struct ifs_linfit {
    size_t n;           /* points fitted */
    size_t ngroups;     /* distinct (sx, sy) pairs */
    double x0;          /* pivot: the mean of x */
    double slope[3];    /* b: 16th, 50th, 84th percentiles */
    double intercept[3];/* a - b x0, the value at x = 0: percentiles */
    double at_pivot[3]; /* a, the value at x0: percentiles */
    double scatter[3];  /* sigma_int: percentiles */
    double acceptance;
    long nsamples;      /* posterior samples behind the percentiles */
    double tau_max;     /* largest integrated autocorrelation time of a, b, sigma_int (steps) */
} ifs_linfit;

/* The sampler run for relation fits (ndim = 5): 32 walkers x 1,000 steps, the first 250 discarded
 * (walkers start around the least-squares line), every 5th kept: 4,800 samples.  The
 * autocorrelation time of these fits is 40-55 steps (measured on the study's sample and on
 * 100,000-point compilations), so the kept chains span about 15 tau, some 500 independent samples
 * over the 32 walkers; the fit reports tau so that a run too short for its data shows. */
void ifs_linfit_settings_default(ifs_mcmc_settings *s, uint64_t seed);

/* The points of a fit, grouped by their errors, with the pivot x0 = mean x. */
typedef struct ifs_linfit_data ifs_linfit_data;

/* Checks, rounds the errors of and groups n >= 3 points with at least two distinct x, finite
 * values and errors >= 0; IFS_ERR_INPUT naming the first bad point otherwise.  *out is NULL on
 * failure. */
int ifs_linfit_data_alloc(const ifs_linfit_point *p, size_t n, ifs_linfit_data **out, ifs_error *err);
void ifs_linfit_data_free(ifs_linfit_data *d);
double ifs_linfit_data_x0(const ifs_linfit_data *d);

/* Parameters of the model, in this order in theta. */
enum { IFS_LINFIT_A, IFS_LINFIT_B, IFS_LINFIT_SCATTER, IFS_LINFIT_MU, IFS_LINFIT_TAU, IFS_LINFIT_NPAR };

/* The log-posterior (ifs_logpost_fn) at theta[IFS_LINFIT_NPAR]; data is an ifs_linfit_data. */
double ifs_linfit_logpost(const double *theta, void *data);

/* Samples the posterior (set->ndim = IFS_LINFIT_NPAR) on random stream `stream` of set->seed (one per fit of a
 * run), walkers starting around the least-squares line.  When band_x is not NULL, fills for each of
 * the nband abscissae band_x[k] the 16th, 50th and 84th percentiles of a + b (x - x0) over the
 * posterior samples (the 1-sigma band) into band_lo, band_mid, band_hi.  Fails with
 * IFS_ERR_NUMERIC if the sampler fails, IFS_ERR_NOMEM. */
int ifs_linfit_fit(const ifs_linfit_data *d, const ifs_mcmc_settings *set, uint64_t stream, const double *band_x,
                   size_t nband, double *band_lo, double *band_mid, double *band_hi, ifs_linfit *out,
                   ifs_error *err);

#endif
