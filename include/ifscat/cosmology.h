/* ifscat/cosmology.h: distances, lensing-corrected physical scale, age and lookback time in a flat
 * Lambda-CDM universe without radiation (science.md section 1). */
#ifndef IFSCAT_COSMOLOGY_H
#define IFSCAT_COSMOLOGY_H

#include "ifscat/error.h"

typedef struct ifs_cosmology {
    double h0;      /* Hubble constant, km/s/Mpc */
    double omega_m; /* matter density; Omega_Lambda = 1 - omega_m */
} ifs_cosmology;

/* The study's cosmology: H0 = 67.4 km/s/Mpc, Omega_m = 0.315 (science.md section 1, the Planck
 * 2018 values). */
#define IFS_COSMOLOGY_DEFAULT ((ifs_cosmology){67.4, 0.315})

typedef struct ifs_distances {
    double dc_mpc;         /* line-of-sight comoving distance */
    double dl_mpc;         /* luminosity distance (1+z) D_C */
    double da_mpc;         /* angular-diameter distance D_C / (1+z) */
    double kpc_per_arcsec; /* physical scale divided by sqrt(mu) (lensing-corrected) */
    double age_gyr;        /* age of the universe at z */
    double lookback_gyr;   /* age today minus age at z */
} ifs_distances;

/* Computes every quantity at redshift z (0 <= z <= 1100) for magnification mu (>= 1) by adaptive
 * Gauss-Kronrod integration (GSL QAG, relative accuracy 1e-9, well inside the 1e-6 the tool
 * promises).  Fails with IFS_ERR_INPUT for out-of-range arguments and IFS_ERR_NUMERIC when the
 * integration does not converge. */
int ifs_cosmology_distances(const ifs_cosmology *cosmo, double z, double mu, ifs_distances *out,
                            ifs_error *err);

#endif
