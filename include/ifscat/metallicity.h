/* ifscat/metallicity.h: the 12+log(O/H) posterior of a region (spaxel, smoothed spaxel, aperture,
 * annulus) from its line fluxes and a strong-line calibration (science.md section 4): diagnostics
 * chosen by S/N, chi^2 with observed and intrinsic scatter, uniform prior over the calibration's
 * valid range (its lower branch when a single double-valued diagnostic is used), sampled with
 * the ensemble sampler of mcmc.h; median and 16th/84th percentiles with quality flags. */
#ifndef IFSCAT_METALLICITY_H
#define IFSCAT_METALLICITY_H

#include <stddef.h>
#include <stdint.h>

#include "ifscat/calibration.h"
#include "ifscat/error.h"
#include "ifscat/lines.h"
#include "ifscat/mcmc.h"

/* Minimum S/N of every line of a diagnostic for it to be used (science.md section 4). */
#define IFS_OH_SNR_MIN 3.0

typedef struct ifs_oh_settings {
    /* Diagnostics by name in order of use: the first is required (no metallicity without it), the
     * others are added when their lines pass the S/N cut.  science.md section 4: R3, then Ne3O2. */
    int ndiag;
    char diag[IFS_CAL_MAX_DIAG][16];
    double snr_min;
    ifs_mcmc_settings mcmc; /* ndim must be 1 */
} ifs_oh_settings;

/* science.md section 4 with the sampler run of the reference: 32 walkers x 2,000 steps.
 * Walkers start uniform over the prior; the first 500 steps (about 18 autocorrelation times of
 * this 1D problem, tau ~ 27 steps) are discarded and every 10th step is kept, as emcee's
 * documentation advises ("thin by about half the autocorrelation time"): 4,800 samples that hold
 * nearly all of the chain's ~1,800 independent ones. */
void ifs_oh_settings_default(ifs_oh_settings *s, uint64_t seed);

/* The same with the early stop of mcmc.h: at most 2,000 steps, the first 200 discarded, stopping
 * once the kept chain spans 50 autocorrelation times (the minimum chain length emcee's
 * "Autocorrelation analysis & convergence" tutorial advises), tested every 100 steps. */
void ifs_oh_settings_converge(ifs_oh_settings *s, uint64_t seed);

/* Result status. */
enum {
    IFS_OH_OK = 0,
    IFS_OH_NO_DIAGNOSTIC /* the required diagnostic's lines are missing or below the S/N cut */
};

/* Flags (bits). */
#define IFS_OH_FLAG_SINGLE 1u    /* only the required diagnostic (R3 only) */
#define IFS_OH_FLAG_TURNOVER 2u  /* single double-valued diagnostic whose observed ratio is within 1
                                    sigma (observed and intrinsic) of its turnover value: both
                                    branches fit, the lower one is taken */
#define IFS_OH_FLAG_EDGE 4u      /* an end of the valid range lies within Delta chi^2 = 1 of the best
                                    fit (the 1-sigma interval of one parameter, Avni 1976, ApJ 210,
                                    642): the prior truncates the posterior */

typedef struct ifs_oh_result {
    int status;
    unsigned flags;
    unsigned used;              /* bit i set: calibration diagnostic i was used */
    double p16, p50, p84;       /* 12+log(O/H) percentiles; NAN unless status is IFS_OH_OK */
    double lo, hi;              /* the prior's bounds (lo..turnover on the lower branch) */
    double acceptance;
    int nsteps;                 /* sampler steps run */
    double tau;                 /* autocorrelation time (steps) when the early stop ran, else NAN */
} ifs_oh_result;

/* A calibration bound to a line list and settings: diagnostics resolved to line indices, the
 * turnovers of the double-valued ones located once. */
typedef struct ifs_oh_plan ifs_oh_plan;

/* The plan copies the calibration and settings and borrows the line list, which must outlive it.
 * Fails with IFS_ERR_INPUT when a diagnostic of the settings is not in the calibration, a line of
 * one is not in the line list, or the MCMC settings are not 1D; IFS_ERR_NUMERIC when a turnover
 * cannot be located.  Free with ifs_oh_plan_free. */
int ifs_oh_plan_alloc(const ifs_calibration *cal, const ifs_linelist *lines, const ifs_oh_settings *set,
                      ifs_oh_plan **out, ifs_error *err);
void ifs_oh_plan_free(ifs_oh_plan *plan);

/* log10 of the observed ratio of calibration diagnostic `diag` and its 1-sigma error (dex), from
 * flux[i] and err[i] per line of the plan's line list (NAN = not measured).  Lines summed in a
 * ratio add their errors in quadrature, except lines tied to one another (a fixed flux ratio),
 * whose errors add linearly.  Returns 1 when every line of the ratio has flux/err > snr_min,
 * else 0 (the ratio is still computed when the fluxes are positive, NAN otherwise). */
int ifs_oh_ratio(const ifs_oh_plan *plan, int diag, const double *flux, const double *err, double snr_min,
                 double *ratio, double *ratio_err);

/* The posterior of one region, sampled with random stream `stream` of the settings' seed (use a
 * stable region identifier: the result is then the same whatever else is computed). */
int ifs_oh_region(const ifs_oh_plan *plan, ifs_mcmc *workspace, const double *flux, const double *err,
                  uint64_t stream, ifs_oh_result *out, ifs_error *err_out);

/* Many regions on nthreads threads (0 = every processor): region r reads flux[r * stride ..] and
 * err[r * stride ..] (stride >= the line count) and uses stream streams[r] (streams may be NULL:
 * stream r).  Results do not depend on the thread count. */
int ifs_oh_regions(const ifs_oh_plan *plan, size_t nregions, const double *flux, const double *err, size_t stride,
                   const uint64_t *streams, int nthreads, ifs_oh_result *out, ifs_error *err_out);

/* A workspace for ifs_oh_region, sized for the plan's settings (free with ifs_mcmc_free). */
ifs_mcmc *ifs_oh_workspace_alloc(const ifs_oh_plan *plan, ifs_error *err);

#endif
