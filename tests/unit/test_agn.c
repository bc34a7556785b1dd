/* test_agn.c: the broad-line test (science.md section 8) on synthetic PRISM spectra: a broad H-beta
 * of FWHM 2,850 km/s (the study's detection) 150 km/s redward of the narrow lines is found with a
 * BIC difference beyond -10 and its flux, width and offset recovered within 4 sigma; without one,
 * the narrow model is favoured. */
#include "check.h"
#include "synth.h"

#include "ifscat/agn.h"
#include "ifscat/linefit.h"

#define NWAVE 940
#define NOISE_FACTOR 2.5

int main(void)
{
    ifs_error err;
    ifs_resolution *res;
    ifs_linelist *list;
    if (ifs_resolution_load("prism", &res, &err) || ifs_linelist_load(NULL, &list, &err))
        SKIP(err.msg);
    double *wave = synth_prism_grid(res, NWAVE);
    ifs_wavegrid *grid;
    ifs_wavegrid_alloc(wave, NWAVE, &grid, &err);
    ifs_spectrum *spec = ifs_spectrum_alloc(NWAVE), *b = ifs_spectrum_alloc(NWAVE);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 2850);

    /* Narrow H-beta and [OIII] at z = 7.5 (fluxes 1e-20 erg/s/cm2), continuum 40 at 1 um. */
    double z = 7.5, v = 150, zb = z + v / IFS_C_KMS * (1 + z), broad_flux = 9000, fwhm_kms = 2850;
    synth_line narrow[] = {{4862.68, 6000}, {4960.30, 18000 / 2.99}, {5008.24, 18000}};
    synth_spectrum(grid, res, z, 1.0, narrow, 3, 40, -1.8, 0.25, NOISE_FACTOR, rng, spec);
    double r_hb = ifs_resolution_r(res, 4862.68 * (1 + zb) * 1e-4);
    synth_spectrum(grid, res, zb, fwhm_kms / (IFS_C_KMS / r_hb), &(synth_line){4862.68, broad_flux}, 1, 0, 0, 0.25, 0,
                   NULL, b);
    for (size_t k = 0; k < NWAVE; k++)
        b->flux[k] += spec->flux[k];
    ifs_agn_result r;
    CHECK(ifs_agn_test(grid, b, list, res, z, &r, &err) == 0, "%s", err.msg);
    CHECK(r.converged && r.dbic < -10, "broad H-beta favoured: dBIC %.1f", r.dbic);
    CHECK_CLOSE(r.dbic, r.bic_broad - r.bic_narrow, 1e-9, "dBIC = BIC(broad) - BIC(narrow)");
    CHECK_CLOSE(r.bic_narrow, r.chi2_narrow + (double)r.nparams_narrow * log((double)r.npoints), 1e-9,
                "BIC = chi^2 + k ln n");
    CHECK(r.nparams_broad == r.nparams_narrow + 3, "three more parameters: flux, redshift, width");
    CHECK(fabs(r.broad_flux - broad_flux) < 4 * r.broad_flux_err, "broad flux %.0f +- %.0f, injected %.0f",
          r.broad_flux, r.broad_flux_err, broad_flux);
    CHECK(fabs(r.fwhm_kms - fwhm_kms) < 4 * r.fwhm_kms_err, "FWHM %.0f +- %.0f km/s, injected %.0f", r.fwhm_kms,
          r.fwhm_kms_err, fwhm_kms);
    CHECK(fabs(r.dv_kms - v) < 4 * r.dv_kms_err, "offset %.0f +- %.0f km/s, injected %.0f", r.dv_kms, r.dv_kms_err, v);
    CHECK(fabs(r.z - z) < 0.002 * (1 + z), "narrow redshift %.4f", r.z);

    /* The same narrow lines alone: the extra component does not pay for its 3 parameters. */
    CHECK(ifs_agn_test(grid, spec, list, res, z, &r, &err) == 0, "%s", err.msg);
    CHECK(r.dbic > 0, "no broad line: dBIC %.1f > 0", r.dbic);

    /* A spectrum that ends before H-beta is refused. */
    CHECK(ifs_agn_test(grid, spec, list, res, 12.0, &r, &err) == IFS_ERR_INPUT, "H-beta beyond the spectrum");
    gsl_rng_free(rng);
    ifs_spectrum_free(spec);
    ifs_spectrum_free(b);
    ifs_wavegrid_free(grid);
    ifs_linelist_free(list);
    ifs_resolution_free(res);
    free(wave);
    return check_report("test_agn");
}
