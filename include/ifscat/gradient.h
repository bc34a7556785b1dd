/* ifscat/gradient.h: radial metallicity gradient (science.md section 6): a straight line
 * 12+log(O/H) = intercept + slope r fitted to the annuli's metallicities, whose asymmetric errors
 * enter through a two-piece Gaussian likelihood, sampled with mcmc.h; slope and intercept as
 * 16th/50th/84th percentiles. */
#ifndef IFSCAT_GRADIENT_H
#define IFSCAT_GRADIENT_H

#include <stddef.h>
#include <stdint.h>

#include "ifscat/error.h"
#include "ifscat/mcmc.h"

typedef struct ifs_gradient_point {
    double r_kpc;  /* radius (source plane, lensing-corrected) */
    double oh;     /* 12+log(O/H): the median of the region's posterior */
    double err_lo; /* median - 16th percentile, > 0 */
    double err_hi; /* 84th percentile - median, > 0 */
} ifs_gradient_point;

typedef struct ifs_gradient {
    int npoints;
    double slope[3];     /* dex/kpc: 16th, 50th, 84th percentiles */
    double intercept[3]; /* 12+log(O/H) at r = 0: 16th, 50th, 84th percentiles */
    double acceptance;
    long nsamples;       /* posterior samples behind the percentiles */
} ifs_gradient;

/* The sampler run for gradients: 32 walkers x 2,000 steps, the first 500 discarded (about 15
 * autocorrelation times of this 2D problem, tau ~ 32 steps), every 10th kept (emcee's advice,
 * about half of tau): 4,800 samples, above the 1,000 science.md section 6 asks for. */
void ifs_gradient_settings_default(ifs_mcmc_settings *s, uint64_t seed);

/* Fits n points (n >= 2, at least two distinct radii, errors > 0).  The likelihood of point i is
 * a Gaussian in (model - oh_i) whose sigma is err_hi where the model lies above the measurement
 * and err_lo below (a two-piece or "dimidated" Gaussian, the simplest of the asymmetric-error
 * models reviewed by Barlow, Brazzale & Volobouev 2024, arXiv:2411.15499), so symmetric errors
 * give ordinary weighted least squares.  Priors are flat in slope and
 * intercept.  Walkers start around the weighted least-squares line.  set->ndim must be 2.  Fails
 * with IFS_ERR_INPUT for too few points, equal radii or bad errors. */
int ifs_gradient_fit(const ifs_gradient_point *pts, size_t n, const ifs_mcmc_settings *set, ifs_gradient *out,
                     ifs_error *err);

/* The same fit (the same samples for the same settings), and the 1-sigma band of the line: for each
 * of the nband radii r[k], the 16th, 50th and 84th percentiles of intercept + slope r[k] over the
 * posterior samples into lo[k], mid[k], hi[k]. */
int ifs_gradient_fit_band(const ifs_gradient_point *pts, size_t n, const ifs_mcmc_settings *set, const double *r,
                          size_t nband, double *lo, double *mid, double *hi, ifs_gradient *out, ifs_error *err);

#endif
