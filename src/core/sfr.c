/* sfr.c: H-beta star formation rates and the surface densities of resolved regions. */
#include "ifscat/sfr.h"

#include "ifscat/dust.h"

#include <math.h>

int ifs_sfr_from_hbeta(const ifs_cosmology *cosmo, double z, double mu, double flux_cgs, double flux_err_cgs,
                       double av, double av_err, double hbeta_um, ifs_sfr *out, ifs_error *err)
{
    if (!(flux_cgs > 0.0) || !isfinite(flux_cgs))
        return ifs_error_set(err, IFS_ERR_INPUT, "SFR: the H-beta flux must be positive (got %g)", flux_cgs);
    ifs_distances dist;
    int status = ifs_cosmology_distances(cosmo, z, mu, &dist, err);
    if (status)
        return status;
    const double dl_cm = dist.dl_mpc * IFS_CM_PER_MPC;
    const double a_hbeta = ifs_dust_calzetti_k(hbeta_um, IFS_CALZETTI_RV) * av / IFS_CALZETTI_RV;
    out->log_l_hbeta = log10(4.0 * M_PI * dl_cm * dl_cm * flux_cgs / mu) + 0.4 * a_hbeta;
    out->log_l_halpha = out->log_l_hbeta + log10(IFS_HALPHA_HBETA_CASE_B);
    out->log_sfr = out->log_l_halpha - IFS_SFR_HALPHA_LOGC + IFS_SFR_KROUPA_TO_CHABRIER_DEX;
    const double s_flux = flux_err_cgs / (flux_cgs * M_LN10);
    const double s_av = isfinite(av_err) ? 0.4 * ifs_dust_calzetti_k(hbeta_um, IFS_CALZETTI_RV) * av_err /
                                               IFS_CALZETTI_RV
                                         : 0.0;
    out->log_sfr_err = sqrt(s_flux * s_flux + s_av * s_av);
    return IFS_OK;
}

int ifs_sfr_hbeta_flux(const ifs_cosmology *cosmo, double z, double mu, double log_sfr, double *flux_cgs,
                       ifs_error *err)
{
    ifs_distances dist;
    int status = ifs_cosmology_distances(cosmo, z, mu, &dist, err);
    if (status)
        return status;
    const double dl_cm = dist.dl_mpc * IFS_CM_PER_MPC;
    const double log_l_hbeta =
        log_sfr + IFS_SFR_HALPHA_LOGC - IFS_SFR_KROUPA_TO_CHABRIER_DEX - log10(IFS_HALPHA_HBETA_CASE_B);
    *flux_cgs = pow(10.0, log_l_hbeta) * mu / (4.0 * M_PI * dl_cm * dl_cm);
    return IFS_OK;
}

double ifs_sfr_area_kpc2(double nspaxels, double pixscale_arcsec, double kpc_per_arcsec)
{
    const double side = pixscale_arcsec * kpc_per_arcsec;
    return nspaxels * side * side;
}

int ifs_sfr_sigma_star(double log_mstar, const double *cont, const unsigned char *in_sum, size_t n,
                       double spaxel_area_kpc2, double *log_sigma, ifs_error *err)
{
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        if (in_sum[i] && isfinite(cont[i]))
            total += cont[i];
    if (!(total > 0.0))
        return ifs_error_set(err, IFS_ERR_INPUT, "Sigma_*: the continuum summed over the aperture is %g, not positive",
                             total);
    for (size_t i = 0; i < n; i++)
        log_sigma[i] = cont[i] > 0.0 && isfinite(cont[i])
                           ? log_mstar + log10(cont[i] / total) - log10(spaxel_area_kpc2)
                           : NAN;
    return IFS_OK;
}
