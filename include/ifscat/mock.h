/* ifscat/mock.h: a forward model of a NIRSpec PRISM IFU observation of a z ~ 7-10 galaxy: a
 * line-emitting exponential disk with a radial metallicity gradient (plus satellites), turned into
 * line fluxes through a strong-line calibration, blurred by the PSF, on the PRISM wavelength grid
 * with the PRISM line-spread function, with noise; written as a JWST s3d cube with its truth. */
#ifndef IFSCAT_MOCK_H
#define IFSCAT_MOCK_H

#include <stddef.h>

#include "ifscat/error.h"

#define IFS_MOCK_MAX_SATELLITES 8
/* Aperture radius (spaxels) of --hbeta-snr: the study's apertures are 5-10 spaxels
 * (science.md section 2). */
#define IFS_MOCK_SNR_RADIUS 5

typedef struct ifs_mock_satellite {
    char name[64];               /* catalog name when made from the catalog (--like), else "" */
    double dx_arcsec, dy_arcsec; /* offset from the host centre along +x and +y (pixel axes) */
    double oh;                   /* 12+log(O/H), uniform over the satellite */
    double hbeta;                /* total observed H-beta flux, 1e-20 erg/s/cm2 */
    double rd_kpc;               /* exponential scale length */
} ifs_mock_satellite;

typedef struct ifs_mock_params {
    size_t nx, ny, nwave;      /* cube shape */
    double wave_min_um, wave_max_um;
    int wave_table;            /* 1: WAVE-TAB wavelength table (PRISM-like sampling); 0: linear */
    double pixscale_arcsec;
    double ra_deg, dec_deg;    /* sky position of the host centre */
    double x0, y0;             /* host centre, 0-based pixel coordinates */
    double z, mu;              /* redshift, magnification */
    double oh0;                /* 12+log(O/H) at the centre */
    double gradient;           /* dex/kpc (lensing-corrected kpc) */
    double rd_kpc;             /* exponential scale length of the host */
    double hbeta;              /* host total observed H-beta flux, 1e-20 erg/s/cm2 */
    double ew_hbeta_aa;        /* rest-frame H-beta equivalent width, Angstrom: sets the continuum */
    double beta;               /* continuum slope: f_lambda proportional to lambda^beta */
    double av;                 /* nebular A_V (mag, Calzetti et al. 2000 curve) of every line relative to
                                * H-beta, whose flux stays the observed one given */
    double psf_fwhm_arcsec;    /* Gaussian PSF */
    double noise;              /* true 1-sigma noise per spaxel and channel, 1e-20 erg/s/cm2/A */
    double hbeta_snr;          /* > 0: instead of noise, the matched-filter S/N of H-beta in the
                                * aperture of radius IFS_MOCK_SNR_RADIUS spaxels */
    double k;                  /* true sigma / ERR (ERR underestimates the noise) */
    double bad_fraction;       /* fraction of voxels set to NaN and flagged DO_NOT_USE */
    unsigned long seed;
    double exptime_s;
    const char *calibration;   /* shipped name or path (default IFS_CALIBRATION_DEFAULT) */
    int nsat;
    ifs_mock_satellite sat[IFS_MOCK_MAX_SATELLITES];
} ifs_mock_params;

/* The defaults (each documented in docs/mock.md): 57 x 57 x 941, 0.6-5.3 um, WAVE-TAB, 0.05"
 * spaxels, centred host, z = 8, mu = 1, 12+log(O/H) = 7.7, no gradient, r_d = 0.5 kpc, H-beta
 * 500, rest-frame EW(H-beta) 150 A with beta = -2, PSF FWHM 0.15", noise 0.02, k = 2.5, bad
 * fraction 0.001, seed 1, exposure 3000 s, calibration sanders2024, no satellites, no dust. */
void ifs_mock_defaults(ifs_mock_params *p);

typedef struct ifs_mock_line {
    char name[32];
    double rest_aa, obs_um;
    double sigma_um;     /* instrumental Gaussian sigma at obs_um (PRISM R) */
    int injected;        /* 0: no calibration or Case B ratio gives it (e.g. [NeV], HeI): flux 0 */
    double intrinsic;    /* sum over components of the total flux before blurring and cropping */
} ifs_mock_line;

/* The noise-free model on the cube's grid. */
typedef struct ifs_mock_model {
    ifs_mock_params p;
    double kpc_per_arcsec;  /* lensing-corrected, from the cosmology module */
    double lambda0_um;      /* continuum reference wavelength: H-beta, observed */
    double *wave_um;        /* nwave */
    size_t nlines;
    ifs_mock_line *lines;
    double *line_map;       /* nlines x nx*ny: flux in each spaxel after the PSF, 1e-20 erg/s/cm2 */
    double *profile;        /* nlines x nwave: fraction of the line flux per Angstrom in each channel */
    double *cont_map;       /* nx*ny: continuum f_lambda at lambda0 per spaxel after the PSF */
    double *cont_shape;     /* nwave: (lambda / lambda0)^beta */
    double *oh_map;         /* nx*ny: host 12+log(O/H) at the spaxel centre (unblurred profile) */
    double oh_min, oh_max;  /* the calibration's valid range (extrapolated beyond: see the truth) */
} ifs_mock_model;

/* Sky position of satellite s: the cube's TAN projection (east to -x, north to +y) inverted at
 * its offset from the host centre. */
void ifs_mock_satellite_sky(const ifs_mock_params *p, const ifs_mock_satellite *s, double *ra_deg, double *dec_deg);

/* Builds the model: loads the PRISM resolution curve, the line list and the calibration, computes
 * the scale with the default cosmology.  Fails with IFS_ERR_INPUT on out-of-range parameters
 * (naming the option) and on missing shipped data.  *out is NULL on failure; free with
 * ifs_mock_model_free. */
int ifs_mock_model_build(const ifs_mock_params *p, ifs_mock_model **out, ifs_error *err);
void ifs_mock_model_free(ifs_mock_model *m);

/* Sum of line l's noise-free map over the spaxels within radius (spaxels) of the host centre
 * spaxel (x0, y0 rounded): (x - xc)^2 + (y - yc)^2 <= radius^2.  *n gets the spaxel count. */
double ifs_mock_aperture(const ifs_mock_model *m, size_t l, int radius, long *n);

/* sqrt(sum_k profile_k^2), 1/Angstrom: line l of flux F in a region of N spaxels with noise sigma
 * per channel has the matched-filter S/N F * norm / (sigma sqrt(N)). */
double ifs_mock_profile_norm(const ifs_mock_model *m, size_t l);

/* Noise-free f_lambda (1e-20 erg/s/cm2/A) of spaxel s = y * nx + x in channel k. */
double ifs_mock_model_flux(const ifs_mock_model *m, size_t s, size_t k);

/* Writes the cube in the JWST s3d layout: primary header, SCI and ERR (MJy/sr, PIXAR_SR), DQ
 * (uint32, bit 0 DO_NOT_USE), and for the table variant a WCS-TABLE extension; noise drawn with
 * the seed.  Written to a temporary name and renamed, so a failure leaves no partial file. */
int ifs_mock_write_fits(const ifs_mock_model *m, const char *path, ifs_error *err);

/* Writes the truth as JSON: parameters, scale, per-line totals (intrinsic, in the cube, in
 * circular apertures around the host centre), satellites, and per-spaxel maps of the noise-free
 * line fluxes, continuum and metallicity. */
int ifs_mock_write_truth(const ifs_mock_model *m, const char *cube_name, const char *path,
                         ifs_error *err);

#endif
