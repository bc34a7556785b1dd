/* test_units.c: FITS unit strings as real files write them, and the conversion to
 * 1e-20 erg/s/cm2/Angstrom per spaxel against the formula of science.md section 2 written out
 * here with c in Angstrom/s. */
#include "check.h"

#include "ifscat/units.h"

#include <string.h>

static const double c_aa_s = 2.99792458e18; /* speed of light, Angstrom/s (exact) */

static double factor(const char *unit, double wave_um, double pixel_sr)
{
    ifs_flux_unit u;
    ifs_error err;
    if (ifs_flux_unit_parse(unit, &u, &err)) {
        CHECK(0, "%s", err.msg);
        return NAN;
    }
    return ifs_flux_unit_factor(&u, wave_um, pixel_sr);
}

int main(void)
{
    /* JWST s3d: SB[MJy/sr] -> F_nu[Jy] = SB 1e6 PIXAR_SR -> f_lambda = F_nu 1e-23 c / lambda^2. */
    double pixar = 5.8761e-14, lam_aa = 23871.4;
    double want = 1e6 * pixar * 1e-23 * c_aa_s / (lam_aa * lam_aa) * 1e20;
    CHECK_REL(factor("MJy/sr", lam_aa / 1e4, pixar), want, 1e-12, "MJy/sr at 2.387 um");
    CHECK_REL(factor("MJy sr-1", lam_aa / 1e4, pixar), want, 1e-12, "MJy sr-1 (x1d TUNIT form)");
    /* x1d Jy and msaexp uJy, per spaxel (no solid angle). */
    CHECK_REL(factor("Jy", 4.4164, 0), 1e-23 * c_aa_s / (44164.0 * 44164.0) * 1e20, 1e-12, "Jy");
    CHECK_REL(factor("uJy", 1.962, 0), 1e-29 * c_aa_s / (19620.0 * 19620.0) * 1e20, 1e-12, "uJy");
    /* f_lambda units: MUSE (two spellings), MaNGA, GMOS per arcsec2, SI. */
    CHECK_REL(factor("10**(-20)*erg/s/cm**2/Angstrom", 0.5, 0), 1.0, 1e-12, "MUSE standard BUNIT");
    CHECK_REL(factor("10**-20 Angstrom-1 cm-2 erg s-1", 0.5, 0), 1.0, 1e-12, "MUSE mosaic BUNIT");
    CHECK_REL(factor("1E-17 erg/s/cm^2/Ang/spaxel", 0.6, 0), 1000.0, 1e-12, "MaNGA BUNIT");
    CHECK_REL(factor("erg.s**-1.cm**-2.Angstrom**-1", 0.6, 0), 1e20, 1e-12, "dot-separated FITS form");
    /* 1 arcsec^2 = (pi/648000)^2 sr; a 0.1" spaxel is 0.01 arcsec^2. */
    double sr01 = 0.01 * (M_PI / 648000.0) * (M_PI / 648000.0);
    CHECK_REL(factor("erg/cm2/s/A/arcsec2", 0.6, sr01), 0.01 * 1e20, 1e-12, "GMOS per arcsec2");
    CHECK_REL(IFS_SR_PER_ARCSEC2, (M_PI / 648000.0) * (M_PI / 648000.0), 1e-15, "sr per arcsec2");
    /* 1 W m^-2 um^-1 = 1e7 erg/s / 1e4 cm^2 / 1e4 Angstrom = 0.1 erg/s/cm2/A. */
    CHECK_REL(factor("W/m2/um", 2.0, 0), 0.1 * 1e20, 1e-12, "W/m2/um");
    CHECK_REL(factor("erg/s/cm2/um", 1.3, 0), 1e-4 * 1e20, 1e-12, "KMOS-style erg/s/cm2/um");

    ifs_flux_unit fu;
    ifs_error err;
    CHECK(ifs_flux_unit_parse("MJy/sr", &fu, &err) == 0 && fu.fnu && fu.per_solid_angle, "MJy/sr kind");
    CHECK(ifs_flux_unit_parse("10**(-20)*erg/s/cm**2/Angstrom", &fu, &err) == 0 && !fu.fnu &&
              !fu.per_solid_angle, "f_lambda kind");

    /* A variance unit is the square of its flux unit. */
    ifs_unit a, b;
    CHECK(ifs_unit_parse("10**-20 Angstrom-1 cm-2 erg s-1", &a, &err) == 0, "%s", err.msg);
    CHECK(ifs_unit_parse("10**-40 Angstrom-2 cm-4 erg2 s-2", &b, &err) == 0, "%s", err.msg);
    CHECK(ifs_unit_is_power(&b, &a, 2), "MUSE STAT unit is the square of DATA's");
    CHECK(!ifs_unit_is_power(&a, &a, 2), "a unit is not its own square");
    CHECK(ifs_unit_parse("(MJy/sr)^2", &b, &err) == 0, "%s", err.msg);
    CHECK(ifs_unit_parse("MJy/sr", &a, &err) == 0 && ifs_unit_is_power(&b, &a, 2), "(MJy/sr)^2");

    /* Refusals name what is wrong. */
    CHECK(ifs_flux_unit_parse("counts", &fu, &err) == IFS_ERR_INPUT && strstr(err.msg, "unknown symbol"),
          "counts: %s", err.msg);
    CHECK(ifs_flux_unit_parse("erg/s", &fu, &err) == IFS_ERR_INPUT && strstr(err.msg, "not a flux density"),
          "erg/s: %s", err.msg);
    CHECK(ifs_flux_unit_parse("(MJy/sr)^2", &fu, &err) == IFS_ERR_INPUT, "a variance is not a flux");
    CHECK(ifs_flux_unit_parse("", &fu, &err) == IFS_ERR_INPUT, "empty unit");
    CHECK(ifs_flux_unit_parse("erg/(s", &fu, &err) == IFS_ERR_INPUT && strstr(err.msg, "')'"), "unbalanced: %s", err.msg);
    CHECK(ifs_flux_unit_parse("Jy/beam", &fu, &err) == IFS_ERR_INPUT && strstr(err.msg, "beam"), "beam: %s", err.msg);
    CHECK(ifs_flux_unit_parse("-1 Jy", &fu, &err) == IFS_ERR_INPUT, "negative scale");
    return check_report("test_units");
}
