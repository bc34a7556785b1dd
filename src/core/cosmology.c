/* cosmology.c: flat Lambda-CDM distances and times by numerical integration (Hogg 1999,
 * astro-ph/9905116, eqs. 14-16, 28-30). */
#include "ifscat/cosmology.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>

/* Speed of light, km/s (exact, SI definition). */
#define C_KM_S 299792.458
/* 1 Mpc in km (IAU 2015 B2: pc = 648000/pi au, au = 149597870.7 km). */
#define MPC_KM 3.0856775814913673e19
/* 1 Gyr in s (Julian year of 365.25 d). */
#define GYR_S 3.15576e16
/* Radians per arcsecond. */
#define ARCSEC_RAD (M_PI / 648000.0)

#define WORKSPACE 256
#define EPSREL 1e-9

/* E(z) = H(z)/H0 for flat Lambda-CDM, no radiation (Hogg eq. 14). */
static double e_of_z(double z, const ifs_cosmology *c)
{
    double zp1 = 1.0 + z;
    return sqrt(c->omega_m * zp1 * zp1 * zp1 + (1.0 - c->omega_m));
}

static double inv_e(double z, void *p) { return 1.0 / e_of_z(z, p); }

/* Age integrand: dt = da / (a H(a)) (Hogg eq. 30 in the scale factor a = 1/(1+z)), with a = u^2 so
 * that the sqrt(a) behaviour at a = 0 becomes smooth:
 * t H0 = int_0^sqrt(a) 2 u^2 du / sqrt(Omega_m + Omega_Lambda u^6). */
static double age_integrand(double u, void *p)
{
    const ifs_cosmology *c = p;
    double u2 = u * u;
    return 2.0 * u2 / sqrt(c->omega_m + (1.0 - c->omega_m) * u2 * u2 * u2);
}

static int integrate(double (*f)(double, void *), const ifs_cosmology *c, double lo, double hi,
                     double *result, gsl_integration_workspace *w)
{
    gsl_function fn = {f, (void *)c};
    double abserr;
    return gsl_integration_qag(&fn, lo, hi, 0.0, EPSREL, WORKSPACE, GSL_INTEG_GAUSS41, w, result, &abserr);
}

int ifs_cosmology_distances(const ifs_cosmology *cosmo, double z, double mu, ifs_distances *out,
                            ifs_error *err)
{
    if (!(z >= 0.0 && z <= 1100.0))
        return ifs_error_set(err, IFS_ERR_INPUT, "redshift %g outside [0, 1100]", z);
    if (!(mu >= 1.0) || !isfinite(mu))
        return ifs_error_set(err, IFS_ERR_INPUT, "magnification %g must be >= 1", mu);
    if (!(cosmo->h0 > 0.0) || !(cosmo->omega_m > 0.0 && cosmo->omega_m <= 1.0))
        return ifs_error_set(err, IFS_ERR_INPUT, "cosmology H0 = %g, Omega_m = %g is not valid (H0 > 0, 0 < Omega_m <= 1)",
                             cosmo->h0, cosmo->omega_m);
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(WORKSPACE);
    if (!w)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    double dc_int = 0.0, age_now, age_z;
    int status = integrate(inv_e, cosmo, 0.0, z, &dc_int, w);
    if (!status)
        status = integrate(age_integrand, cosmo, 0.0, 1.0, &age_now, w);
    if (!status)
        status = integrate(age_integrand, cosmo, 0.0, 1.0 / sqrt(1.0 + z), &age_z, w);
    gsl_integration_workspace_free(w);
    if (status)
        return ifs_error_set(err, IFS_ERR_NUMERIC, "cosmology integral at z = %g did not converge: %s", z,
                             gsl_strerror(status));

    double hubble_distance_mpc = C_KM_S / cosmo->h0;         /* Hogg eq. 4 */
    double hubble_time_gyr = MPC_KM / cosmo->h0 / GYR_S;     /* Hogg eq. 3 */
    out->dc_mpc = hubble_distance_mpc * dc_int;              /* Hogg eq. 15 (flat: D_M = D_C) */
    out->dl_mpc = (1.0 + z) * out->dc_mpc;                   /* Hogg eq. 21 */
    out->da_mpc = out->dc_mpc / (1.0 + z);                   /* Hogg eq. 18 */
    out->kpc_per_arcsec = out->da_mpc * 1e3 * ARCSEC_RAD / sqrt(mu);
    out->age_gyr = hubble_time_gyr * age_z;                  /* Hogg eq. 30 */
    out->lookback_gyr = hubble_time_gyr * (age_now - age_z); /* Hogg eq. 28 */
    return IFS_OK;
}
