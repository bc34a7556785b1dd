/* ifscat/derive.h: the quantities derived from one fitted observation (science.md sections 4-6):
 * the metallicity posterior of every region; from the integrated spectrum (the aperture, or a 1D
 * spectrum) the galaxy's metallicity, A_V and SFR; the SFR of every region corrected with the
 * galaxy's A_V, Sigma_SFR and Sigma_*; the radial gradient from the annuli; the resolved-FMR test
 * on the spaxels.  Pure computation: reading fits and writing results is deriving.h's. */
#ifndef IFSCAT_DERIVE_H
#define IFSCAT_DERIVE_H

#include <stddef.h>
#include <stdint.h>

#include "ifscat/calibration.h"
#include "ifscat/dust.h"
#include "ifscat/error.h"
#include "ifscat/gradient.h"
#include "ifscat/lines.h"
#include "ifscat/metallicity.h"

/* Resolved maps are masked to S/N > 3 in [OIII]5008 and H-beta, and the Ne3O2 map to S/N > 2 in
 * [NeIII]3869 and [OII]3728 (science.md section 6). */
#define IFS_DERIVE_MAP_SNR 3.0
#define IFS_DERIVE_NE3O2_MAP_SNR 2.0

/* One region of the fit (as sql/0003_linefit.sql stores it). */
typedef struct ifs_derive_region {
    int kind;          /* ifs_region_kind */
    int number;        /* annulus number, 0 otherwise */
    int x, y;          /* the spaxel, or the centre of an aperture or annulus */
    double r_out;      /* aperture and annulus: outer radius in spaxels */
    double r_mean_kpc; /* mean radius of its spaxels (NAN: unknown) */
    double area_kpc2;  /* source-plane area of the spaxels summed (NAN: unknown) */
} ifs_derive_region;

typedef struct ifs_derive_input {
    const ifs_linelist *lines;  /* the fit's lines (names, wavelengths, ties) */
    size_t nregions;
    const ifs_derive_region *region;
    const double *flux, *err;   /* nregions x lines->nlines: 1e-20 erg/s/cm2 and 1 sigma; NAN = not measured */
    size_t nx, ny;              /* the cube's continuum map (rest 4393-4810 A), NAN without data; */
    const double *continuum;    /* NULL for a 1D spectrum */
    double spaxel_area_kpc2;    /* one spaxel, source plane */
    double z, mu;               /* the target's redshift and magnification */
    double log_mstar;           /* SED stellar mass (log Msun, lensing-corrected); NAN: none */
} ifs_derive_input;

typedef struct ifs_derive_settings {
    ifs_oh_settings oh;           /* per region (its diagnostics must be in the calibration) */
    ifs_mcmc_settings gradient;   /* ndim 2 */
    double map_snr, ne3o2_map_snr;
    double av_snr;                /* both Balmer lines of the decrement (science.md section 5) */
    int nthreads;                 /* 0: every processor; results do not depend on it */
} ifs_derive_settings;

/* science.md sections 4-6: ifs_oh_settings_default with the diagnostics R3, then Ne3O2 when the
 * calibration has it (the first must be there: without R3 there is no metallicity),
 * ifs_gradient_settings_default, the S/N cuts above, every processor.  Fails with IFS_ERR_INPUT
 * naming the calibration when it has no R3. */
int ifs_derive_settings_default(ifs_derive_settings *s, const ifs_calibration *cal, uint64_t seed, ifs_error *err);

typedef struct ifs_derive_region_out {
    ifs_oh_result oh;                          /* status IFS_OH_NO_DIAGNOSTIC: no metallicity */
    double r3, r3_err;                         /* NAN: masked or not in the calibration */
    double ne3o2, ne3o2_err;
    double log_sfr, log_sfr_err, log_sigma_sfr; /* NAN: masked */
    double log_sigma_star;                      /* NAN: no mass, no continuum map, or masked */
} ifs_derive_region_out;

typedef struct ifs_derive_galaxy {
    int region;                 /* the integrated spectrum (first aperture, else the 1D spectrum); -1: none */
    ifs_oh_result oh;           /* its metallicity */
    double hbeta_snr, hdelta_snr;
    ifs_av av;                  /* applied to every region's SFR */
    double log_sfr, log_sfr_err, log_ssfr; /* NAN when not determined */
    int has_gradient;
    ifs_gradient gradient;      /* from the annuli with a metallicity (at least 2 radii) */
    int gradient_n_edge;        /* of those, annuli flagged at the edge of the valid range */
    double rfmr_rho, rfmr_p;    /* Spearman of spaxel 12+log(O/H) vs log Sigma_SFR; NAN: < 3 spaxels or constant */
    size_t rfmr_n;
} ifs_derive_galaxy;

typedef struct ifs_derive_output {
    size_t nregions;
    ifs_derive_region_out *region;
    ifs_derive_galaxy galaxy;
} ifs_derive_output;

/* Derives everything from in with the calibration and settings.  Region r's metallicity uses
 * random stream r of set->oh.mcmc.seed, the gradient stream 0 of set->gradient.seed.  Fails with
 * IFS_ERR_INPUT when a diagnostic's line is not in the line list (ifs_oh_plan_alloc) and for bad
 * z or mu; IFS_ERR_NOMEM.  *out is NULL on failure; free with ifs_derive_output_free. */
int ifs_derive_run(const ifs_calibration *cal, const ifs_derive_input *in, const ifs_derive_settings *set,
                   ifs_derive_output **out, ifs_error *err);
void ifs_derive_output_free(ifs_derive_output *out);

#endif
