/* ifscat/sfr.h: star formation rates from H-beta (science.md section 5) and the surface densities
 * of resolved regions (section 6): lensing- and dust-corrected luminosities, Kennicutt & Evans
 * (2012) with the Chabrier IMF, Sigma_SFR and Sigma_* per kpc^2 of the source plane. */
#ifndef IFSCAT_SFR_H
#define IFSCAT_SFR_H

#include <stddef.h>

#include "ifscat/cosmology.h"
#include "ifscat/error.h"

/* Intrinsic H-alpha/H-beta, Case B (T = 10^4 K, n_e = 100 cm^-3; Osterbrock & Ferland 2006,
 * Table 4.4; science.md section 5). */
#define IFS_HALPHA_HBETA_CASE_B 2.86
/* log10 SFR [Msun/yr] = log10 L(H-alpha) [erg/s] - 41.27 (Kennicutt & Evans 2012, ARA&A 50, 531,
 * Table 1, Kroupa IMF), - 0.027 to the Chabrier IMF (science.md section 5). */
#define IFS_SFR_HALPHA_LOGC 41.27
#define IFS_SFR_KROUPA_TO_CHABRIER_DEX (-0.027)
/* 1 Mpc in cm: 1 pc = 3.0856775814913673e16 m exactly (IAU 2015 Resolution B2). */
#define IFS_CM_PER_MPC 3.0856775814913673e24

typedef struct ifs_sfr {
    double log_l_hbeta;  /* dust- and lensing-corrected L(H-beta), log10 erg/s */
    double log_l_halpha; /* 2.86 L(H-beta) */
    double log_sfr;      /* log10 Msun/yr, Chabrier */
    double log_sfr_err;  /* dex: flux error and A_V error in quadrature */
} ifs_sfr;

/* SFR from the observed H-beta flux (erg/s/cm^2, 1-sigma error) of a source at redshift z with
 * magnification mu, corrected for A_V (mag, error or NAN) with the Calzetti curve:
 *   L(H-beta) = 4 pi D_L^2 F 10^(0.4 k(H-beta) A_V / R_V) / mu.
 * hbeta_um is H-beta's rest wavelength in um (from the line list).  The A_V error enters
 * independently of the flux error (their covariance through H-beta is neglected).  Fails with
 * IFS_ERR_INPUT for a non-positive flux or a bad z or mu (cosmology.h). */
int ifs_sfr_from_hbeta(const ifs_cosmology *cosmo, double z, double mu, double flux_cgs, double flux_err_cgs,
                       double av, double av_err, double hbeta_um, ifs_sfr *out, ifs_error *err);

/* The inverse, without dust: the observed H-beta flux (erg/s/cm^2) of a source of log10 SFR
 * log_sfr [Msun/yr, Chabrier] at redshift z with magnification mu (used to make mock galaxies
 * with a published SFR).  Fails with IFS_ERR_INPUT for a bad z or mu. */
int ifs_sfr_hbeta_flux(const ifs_cosmology *cosmo, double z, double mu, double log_sfr, double *flux_cgs,
                       ifs_error *err);

/* Source-plane area of n spaxels of side pixscale_arcsec, in kpc^2, with the lensing-corrected
 * scale of cosmology.h (kpc_per_arcsec already divided by sqrt(mu)). */
double ifs_sfr_area_kpc2(double nspaxels, double pixscale_arcsec, double kpc_per_arcsec);

/* Sigma_* of each of n spaxels for a galaxy of log10 stellar mass log_mstar distributed like the
 * continuum map cont[] (constant mass-to-light, science.md section 6): spaxel i holds
 * M* cont[i] / sum of cont over the spaxels with in_sum[i] != 0 (the galaxy's aperture).
 * log_sigma[i] = log10(Msun / kpc^2) over spaxel_area_kpc2, NAN where cont[i] <= 0 or is not
 * finite.  Fails with IFS_ERR_INPUT when the continuum summed over the aperture is not positive. */
int ifs_sfr_sigma_star(double log_mstar, const double *cont, const unsigned char *in_sum, size_t n,
                       double spaxel_area_kpc2, double *log_sigma, ifs_error *err);

#endif
