/* ifscat/linefit.h: fitting a set of Gaussian emission lines to one continuum-subtracted spectrum
 * (science.md section 3).  Each Gaussian is integrated over the pixels; Gaussians of one kinematic
 * component share a redshift and a width scale (the width is scale x the instrumental sigma at the
 * line); each follows one free amplitude (its flux) times a fixed ratio.  The model is data built
 * by the caller, so a group of the line list, or the same group plus a broad component with its own
 * kinematics, is fitted by the same code. */
#ifndef IFSCAT_LINEFIT_H
#define IFSCAT_LINEFIT_H

#include <stddef.h>

#include "ifscat/continuum.h"
#include "ifscat/error.h"
#include "ifscat/resolution.h"
#include "ifscat/spectrum.h"

#define IFS_FIT_MAX_COMP 24
#define IFS_FIT_MAX_AMP 16
#define IFS_FIT_MAX_KIN 4

/* Speed of light, km/s (exact, SI definition of the metre). */
#define IFS_C_KMS 299792.458

typedef struct ifs_fit_kin {
    double z0;          /* starting redshift and centre of the allowed range */
    double dz;          /* the fitted redshift must lie within z0 +- dz (searched on a grid first) */
    double scale0;      /* starting width, in units of the instrumental sigma */
    double scale_min, scale_max; /* the fitted width scale must lie within these */
} ifs_fit_kin;

typedef struct ifs_fit_comp {
    double rest_aa;       /* vacuum rest wavelength */
    int amp;              /* index of the free amplitude this Gaussian follows */
    double ratio;         /* its flux = ratio x amplitude (1 for the line that defines the amplitude) */
    int kin;              /* index of its kinematic component */
    int tag;              /* the caller's, e.g. the line's index in the line list */
    double lsf_sigma_aa;  /* instrumental sigma, Angstrom, held while z moves within its range (R changes
                             by < 1% there; the free scale absorbs it): ifs_fit_model_set_lsf sets it at
                             rest_aa (1 + z0) */
} ifs_fit_comp;

typedef struct ifs_fit_model {
    size_t ncomp, namp, nkin;
    ifs_fit_comp comp[IFS_FIT_MAX_COMP];
    ifs_fit_kin kin[IFS_FIT_MAX_KIN];
} ifs_fit_model;

/* Adds a kinematic component; returns its index, or -1 when the model is full. */
int ifs_fit_model_add_kin(ifs_fit_model *m, const ifs_fit_kin *kin);

/* Adds a Gaussian at rest_aa with kinematics kin.  amp < 0 opens a new free amplitude (ratio is then
 * normally 1); amp >= 0 ties it to that amplitude with the given flux ratio.  Returns the amplitude
 * index, or -1 when the model is full or amp/kin do not exist. */
int ifs_fit_model_add(ifs_fit_model *m, double rest_aa, int amp, double ratio, int kin, int tag);

/* Sets every component's instrumental sigma from the resolution curve at its observed wavelength
 * for the current z0 of its kinematics (sigma = lambda / R / 2.3548). */
void ifs_fit_model_set_lsf(ifs_fit_model *m, const ifs_resolution *res);

/* The pixels a model is fitted to, in increasing wavelength. */
typedef struct ifs_fit_data {
    size_t n;
    double *lo_aa, *hi_aa; /* pixel edges, observed Angstrom */
    double *wave_aa;       /* pixel centres */
    double *y;             /* flux minus continuum, 1e-20 erg/s/cm2/Angstrom */
    double *w;             /* 1 / error */
    const ifs_continuum_poly *continuum; /* the continuum subtracted from y, or NULL: its covariance is
                                            carried into the parameters' errors */
} ifs_fit_data;

typedef struct ifs_fit_work ifs_fit_work;

/* Scratch memory (and the data buffers) for spectra of up to nwave channels; one per thread.
 * NULL when out of memory. */
ifs_fit_work *ifs_fit_work_alloc(size_t nwave);
void ifs_fit_work_free(ifs_fit_work *w);

/* Selects into the work's data the valid channels of spec from the bluest component's observed
 * wavelength at z0 - dz minus window_fwhm instrumental FWHM to the reddest's at z0 + dz plus as
 * much, leaving out channels inside any of the nexclude observed ranges exclude_aa[2i] ..
 * exclude_aa[2i + 1] (e.g. lines of other groups).  The continuum (may be NULL; borrowed, must
 * outlive the fit) is subtracted and the errors multiplied by error_scale.  Returns the data
 * (owned by the work, valid until the next call). */
const ifs_fit_data *ifs_fit_select(const ifs_wavegrid *grid, const ifs_spectrum *spec, const ifs_fit_model *m,
                                   double window_fwhm, const double *exclude_aa, size_t nexclude,
                                   const ifs_continuum_poly *continuum, double error_scale, ifs_fit_work *w);

typedef struct ifs_fit_result {
    int converged;      /* free fit: converged with every redshift and scale inside its range */
    size_t npoints, nparams;
    double chi2;        /* sum of squared normalised residuals */
    double z[IFS_FIT_MAX_KIN], z_err[IFS_FIT_MAX_KIN];         /* errors NaN when held fixed */
    double scale[IFS_FIT_MAX_KIN], scale_err[IFS_FIT_MAX_KIN];
    double amp[IFS_FIT_MAX_AMP], amp_err[IFS_FIT_MAX_AMP];     /* fluxes, 1e-20 erg/s/cm2, 1-sigma */
} ifs_fit_result;

/* Adds to out[i] the mean flux density over pixel i (edges lo_aa[i] < hi_aa[i], increasing in i) of
 * a Gaussian line of the given flux centred at mu_aa with standard deviation sigma_aa: the profile
 * the fit integrates, cut at 6 sigma.  For a whole grid pass edge_aa and edge_aa + 1. */
void ifs_fit_gaussian_add(const double *lo_aa, const double *hi_aa, size_t n, double mu_aa, double sigma_aa,
                          double flux, double *out);

/* Fits model m to data d.  free_kinematics = 0: redshifts and scales held at z0 and scale0, the
 * amplitudes solved by linear least squares.  free_kinematics = 1: each redshift is searched on a
 * grid (half the narrowest line's FWHM per step) with the amplitudes solved linearly at scale0
 * (separable least squares, Golub & Pereyra 1973, SIAM J. Numer. Anal. 10, 413), then all
 * parameters are refined together by Levenberg-Marquardt with the analytic Jacobian; converged
 * when the chi^2 a further Gauss-Newton step would gain is below 1e-6, not converged when a
 * redshift or scale leaves its range or no step lowers chi^2.  Errors are the square roots of the
 * diagonal of (J^T J)^-1 of the weighted residuals (the errors given are taken as correct: the
 * caller rescales them; not multiplied by the reduced chi^2) plus, when d->continuum is set, the
 * subtracted continuum's covariance carried through linearly: G C G^T with G = (J^T J)^-1 J^T W X,
 * X the polynomial's basis at the pixels, W the weights, C its covariance.  Fails with IFS_ERR_INPUT when
 * there are fewer points than parameters + 1 and IFS_ERR_NUMERIC for a singular design (an
 * amplitude without pixels); a free fit that does not converge is r->converged = 0, not a
 * failure. */
int ifs_fit_run(const ifs_fit_model *m, const ifs_fit_data *d, int free_kinematics, ifs_fit_work *w,
                ifs_fit_result *r, ifs_error *err);

#endif
