/* ifscat/fitread.h: a target's current line fit read back from the catalog (docs/fitting.md,
 * "Reading fits") for figures and exports: the observation's geometry and celestial WCS, the maps
 * of the fitted cube (line fluxes, errors and S/N of the spaxels and of the smoothed spaxels, the
 * stellar continuum) and the summed spectra with their best-fit models. */
#ifndef IFSCAT_FITREAD_H
#define IFSCAT_FITREAD_H

#include <libpq-fe.h>
#include <stddef.h>

#include "ifscat/error.h"

/* The catalog's units of line fluxes (1e-20 erg/s/cm2) and flux densities (1e-20 erg/s/cm2/A) as
 * the FITS standard spells them (FITS 4.0, section 4.3: a factor as 10**(k)), for BUNIT and TUNIT:
 * astropy, DS9 and TOPCAT parse them. */
#define IFS_FITS_UNIT_FLUX "10**(-20) erg s-1 cm-2"
#define IFS_FITS_UNIT_FLAMBDA "10**(-20) erg s-1 cm-2 Angstrom-1"

typedef struct ifs_fitline_info {
    char line[32];   /* the line list's name, e.g. OIII5008 */
    char label[48];  /* e.g. [OIII] 5008 */
    double rest_aa;  /* vacuum */
} ifs_fitline_info;

typedef struct ifs_fitinfo {
    long long target_id, observation_id, fit_id;
    char target[128];
    char grating[32];
    char fit_version[32];    /* software version of the fit */
    long long derive_id;     /* the fit's derive (ifscat derive), 0 when it has none */
    char calibration[64];    /* the derive's metallicity calibration, "" without a derive */
    int cube;                /* 0: a 1D spectrum */
    int nx, ny;              /* spaxels */
    int centre_x, centre_y;  /* peak of the continuum map, 0-based (cubes) */
    double pixscale_arcsec;  /* NAN when unknown */
    double z;                /* the target's redshift */
    double scale_kpc_arcsec; /* lensing-corrected */
    char *wcs_header;        /* celestial WCS as 80-character FITS cards; NULL without one */
    size_t nwave;
    double *wave_um;         /* the observation's channels, vacuum */
    size_t nlines;
    ifs_fitline_info *lines; /* by rest wavelength */
} ifs_fitinfo;

/* The current fit of target's current observation, or of observation observation_id (> 0) of the
 * target.  IFS_ERR_INPUT naming the target when it is unknown, has no current observation, several
 * (give the id), or no fit yet (naming the command to run).  *out is NULL on failure; free with
 * ifs_fitinfo_free. */
int ifs_fitinfo_read(PGconn *conn, const char *target, long long observation_id, ifs_fitinfo **out, ifs_error *err);
void ifs_fitinfo_free(ifs_fitinfo *info);

/* ---- maps (cubes only) ---- */

typedef enum {
    IFS_MAP_FLUX,          /* line flux, 1e-20 erg/s/cm2 */
    IFS_MAP_ERR,           /* its 1-sigma error */
    IFS_MAP_SNR,           /* flux / error */
    IFS_MAP_CONTINUUM,     /* stellar continuum, mean f_lambda over rest 4393-4810 A */
    IFS_MAP_CONTINUUM_ERR,
    IFS_MAP_EXTENT,        /* continuum-subtracted flux of the extent lines within +-1 FWHM */
    IFS_MAP_EXTENT_ERR,
    /* of the derive (derived_region, docs/derived.md), in its column order */
    IFS_MAP_OH,            /* 12+log(O/H): posterior median */
    IFS_MAP_OH_LO,         /* median - 16th percentile */
    IFS_MAP_OH_HI,         /* 84th percentile - median */
    IFS_MAP_R3,            /* log10([OIII]5008 / H-beta) */
    IFS_MAP_R3_ERR,
    IFS_MAP_NE3O2,         /* log10([NeIII]3869 / [OII]3728) */
    IFS_MAP_NE3O2_ERR,
    IFS_MAP_LOG_SIGMA_SFR, /* log Msun/yr/kpc^2 */
    IFS_MAP_LOG_SIGMA_STAR /* log Msun/kpc^2 */
} ifs_map_quantity;

typedef struct ifs_mapdef {
    char name[64];         /* e.g. "flux_OIII5008", "snr_Hbeta_smoothed", "continuum" */
    ifs_map_quantity quantity;
    int line;              /* index into info->lines for line maps, else -1 */
    int smoothed;          /* line and derived maps of the 3x3 median-smoothed cube */
    const char *bunit;     /* FITS unit string (FITS 4.0, section 4.3), "" when dimensionless */
    char label[96];        /* for a colour bar (plot.h markup) */
    const char *unit;      /* plot.h markup, NULL when dimensionless */
    char description[160]; /* one line, ASCII */
} ifs_mapdef;

/* Every map the fit has, lines in the order of info->lines: flux, err, snr of the spaxels, then the
 * same of the smoothed spaxels, then the continuum and the extent maps; with a derive, then its maps
 * of the spaxels (oh, oh_lo, oh_hi, r3, r3_err, ne3o2, ne3o2_err, log_sigma_sfr, log_sigma_star)
 * and of the smoothed spaxels (..._smoothed).  *out is malloc'ed. */
int ifs_fitmaps_list(const ifs_fitinfo *info, ifs_mapdef **out, size_t *n, ifs_error *err);

/* The map defined by name, or NULL with err naming the available maps. */
const ifs_mapdef *ifs_fitmaps_find(const ifs_mapdef *defs, size_t n, const char *name, ifs_error *err);

/* Reads a map into values[y * nx + x] (nx * ny doubles), NaN where the catalog has no value. */
int ifs_fitmap_read(PGconn *conn, const ifs_fitinfo *info, const ifs_mapdef *def, double *values, ifs_error *err);

/* ---- summed spectra ---- */

typedef struct ifs_fitspec {
    char kind[16];             /* aperture, annulus or spectrum */
    int number;                /* annulus number, else 0 */
    double r_in, r_out;        /* spaxels; NAN for a 1D spectrum (and r_in of the aperture) */
    double r_in_arcsec, r_out_arcsec, r_in_kpc, r_out_kpc, r_mean_kpc;
    int n_used;                /* spaxels summed */
    double error_scale;        /* the fit used err x error_scale; NAN when the continuum failed */
    double *flux, *err, *continuum, *model; /* nwave values each (info->wave_um), 1e-20 erg/s/cm2/A */
    unsigned char *mask;       /* 1: channel unusable */
    double *line_flux, *line_err, *line_snr, *line_z; /* per info->lines; NAN when not measured */
} ifs_fitspec;

/* The summed spectra of the regions of the given kinds (a mask of 1 << IFS_FITSPEC_*), aperture
 * first, then the annuli by number, then a 1D spectrum.  *out (n entries) is NULL on failure; free
 * with ifs_fitspec_free. */
enum { IFS_FITSPEC_APERTURE = 1, IFS_FITSPEC_ANNULI = 2, IFS_FITSPEC_SPECTRUM = 4 };
int ifs_fitspec_read(PGconn *conn, const ifs_fitinfo *info, unsigned kinds, ifs_fitspec **out, size_t *n,
                     ifs_error *err);
void ifs_fitspec_free(ifs_fitspec *spec, size_t n);

#endif
