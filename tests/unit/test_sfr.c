/* test_sfr.c: SFR from a known H-beta flux, z and mu against a hand computation (0.001 dex),
 * source-plane areas and Sigma_* spread like the continuum. */
#include "check.h"

#include "ifscat/sfr.h"

#include <string.h>

int main(void)
{
    ifs_error err;
    ifs_cosmology cosmo = IFS_COSMOLOGY_DEFAULT;
    ifs_sfr s;
    /* By hand (an independent Simpson integration of c/H0 / E(z), H0 = 67.4, Omega_m = 0.315):
     * z = 8.15: D_C = 9173.338 Mpc, D_L = 83936.05 Mpc = 2.5899876e29 cm.  H-beta flux 2.385e-18
     * erg/s/cm^2, mu = 3.29: L(H-beta) = 4 pi D_L^2 F / mu, log10 = 41.786100;
     * log SFR = 41.786100 + log10(2.86) - 41.27 - 0.027 = 0.945466. */
    CHECK(ifs_sfr_from_hbeta(&cosmo, 8.15, 3.29, 2.385e-18, 0.1e-18, 0.0, NAN, 0.486268, &s, &err) == 0, "%s",
          err.msg);
    CHECK_CLOSE(s.log_l_hbeta, 41.786100, 0.001, "log L(H-beta), z = 8.15, mu = 3.29");
    CHECK_CLOSE(s.log_sfr, 0.945466, 0.001, "log SFR, z = 8.15, mu = 3.29");
    CHECK_CLOSE(s.log_l_halpha - s.log_l_hbeta, log10(2.86), 1e-12, "L(H-alpha) = 2.86 L(H-beta)");
    /* Flux error alone: 0.1 / 2.385 / ln 10 = 0.0182094 dex. */
    CHECK_CLOSE(s.log_sfr_err, 0.0182094, 1e-6, "SFR error from the flux");

    /* A_V = 0.5 +- 0.2: A(H-beta) = k(H-beta) A_V / R_V = 4.5965088 * 0.5 / 4.05, so log SFR rises by
     * 0.4 * 0.5674702 = 0.2269881 to 1.1724546; error sqrt(0.0182094^2 + (0.4 * 4.5965088 * 0.2 /
     * 4.05)^2) = sqrt(0.0182094^2 + 0.0907952^2) = 0.0926032. */
    CHECK(ifs_sfr_from_hbeta(&cosmo, 8.15, 3.29, 2.385e-18, 0.1e-18, 0.5, 0.2, 0.486268, &s, &err) == 0, "%s",
          err.msg);
    CHECK_CLOSE(s.log_sfr, 1.1724546, 0.001, "dust-corrected log SFR");
    CHECK_CLOSE(s.log_sfr_err, 0.0926032, 1e-6, "SFR error with the A_V error");
    CHECK(ifs_sfr_from_hbeta(&cosmo, 8.15, 3.29, -1e-18, 0.1e-18, 0.0, NAN, 0.486268, &s, &err) == IFS_ERR_INPUT,
          "negative flux refused");
    CHECK(ifs_sfr_from_hbeta(&cosmo, 8.15, 0.5, 1e-18, 0.1e-18, 0.0, NAN, 0.486268, &s, &err) == IFS_ERR_INPUT,
          "magnification below 1 refused");

    /* The inverse, checked against the hand computation above: log SFR = 1.1724546 - 0.2269881 =
     * 0.9454665 without dust comes from 2.385e-18 erg/s/cm^2 at z = 8.15, mu = 3.29. */
    double flux;
    CHECK(ifs_sfr_hbeta_flux(&cosmo, 8.15, 3.29, 0.9454665, &flux, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(log10(flux / 2.385e-18), 0.0, 0.001, "H-beta flux of a given SFR (dex)");
    CHECK(ifs_sfr_hbeta_flux(&cosmo, -1.0, 1.0, 0.0, &flux, &err) == IFS_ERR_INPUT, "bad z refused");

    /* Area: 5 spaxels of 0.05" at 2.680 kpc/" (z = 8.15, mu = 3.29 in science.md section 1):
     * 5 * (0.05 * 2.680)^2 = 0.08978 kpc^2. */
    CHECK_CLOSE(ifs_sfr_area_kpc2(5, 0.05, 2.680), 0.08978, 1e-12, "area of the central region");

    /* Sigma_*: log M* = 9, continuum {1, 3, 0, -1, 6}, aperture = the first four (sum 3); spaxel
     * area 0.017956 kpc^2 (log10 = -1.7457904):
     *   spaxel 0: 9 + log10(1/3) + 1.7457904 = 10.2686691; spaxel 4 (outside the sum but bright):
     *   9 + log10(6/3) + 1.7457904 = 11.0468204; spaxels 2 and 3 (no continuum): undefined. */
    double cont[5] = {1, 3, 0, -1, 6}, ls[5];
    unsigned char in[5] = {1, 1, 1, 1, 0};
    CHECK(ifs_sfr_sigma_star(9.0, cont, in, 5, 0.017956, ls, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(ls[0], 10.2686691, 1e-6, "Sigma_* of spaxel 0");
    CHECK_CLOSE(ls[4], 11.0468204, 1e-6, "Sigma_* of spaxel 4");
    CHECK(isnan(ls[2]) && isnan(ls[3]), "no continuum, no Sigma_*");
    memset(in, 0, sizeof in);
    CHECK(ifs_sfr_sigma_star(9.0, cont, in, 5, 0.017956, ls, &err) == IFS_ERR_INPUT, "empty aperture refused");
    return check_report("test_sfr");
}
