/* test_cosmology.c: distances and times against the published scales of the study and against
 * closed forms (flat matter + Lambda age; Einstein-de Sitter distances). */
#include "check.h"

#include "ifscat/cosmology.h"

int main(void)
{
    ifs_cosmology planck = IFS_COSMOLOGY_DEFAULT;
    ifs_distances d;
    ifs_error err;

    /* Lensing-corrected scales published in the study (science.md section 1), given to 3 decimals. */
    const struct { double z, mu, kpc; } published[] = {
        {8.48, 1.0, 4.738}, {8.15, 3.29, 2.680}, {9.51, 19.2, 1.003}, {7.89, 2.12, 3.407}, {7.21, 1.0, 5.245}};
    for (size_t i = 0; i < sizeof published / sizeof published[0]; i++) {
        CHECK(ifs_cosmology_distances(&planck, published[i].z, published[i].mu, &d, &err) == 0, "%s", err.msg);
        char what[64];
        snprintf(what, sizeof what, "kpc/arcsec at z=%.2f mu=%.2f", published[i].z, published[i].mu);
        CHECK_CLOSE(d.kpc_per_arcsec, published[i].kpc, 0.0005, what);
    }

    /* Age of a flat matter+Lambda universe, closed form:
     * t(z) = 2 / (3 H0 sqrt(OL)) asinh( sqrt(OL/Om) (1+z)^-1.5 ). */
    const double zs[] = {0.0, 0.5, 2.37, 8.48, 30.0};
    double th = 3.0856775814913673e19 / 67.4 / 3.15576e16, ol = 1.0 - 0.315;
    double age0 = 2.0 / (3.0 * sqrt(ol)) * asinh(sqrt(ol / 0.315)) * th;
    for (size_t i = 0; i < sizeof zs / sizeof zs[0]; i++) {
        CHECK(ifs_cosmology_distances(&planck, zs[i], 1.0, &d, &err) == 0, "%s", err.msg);
        double exact = 2.0 / (3.0 * sqrt(ol)) * asinh(sqrt(ol / 0.315) * pow(1.0 + zs[i], -1.5)) * th;
        CHECK_REL(d.age_gyr, exact, 1e-7, "age (closed form)");
        CHECK_REL(d.lookback_gyr + d.age_gyr, age0, 1e-7, "lookback + age = age today");
    }

    /* Einstein-de Sitter (Omega_m = 1): D_C = 2 c/H0 (1 - 1/sqrt(1+z)). */
    ifs_cosmology eds = {70.0, 1.0};
    CHECK(ifs_cosmology_distances(&eds, 3.7, 1.0, &d, &err) == 0, "%s", err.msg);
    double dc = 2.0 * 299792.458 / 70.0 * (1.0 - 1.0 / sqrt(4.7));
    CHECK_REL(d.dc_mpc, dc, 1e-8, "EdS comoving distance");
    CHECK_REL(d.dl_mpc, 4.7 * dc, 1e-8, "EdS luminosity distance");
    CHECK_REL(d.da_mpc, dc / 4.7, 1e-8, "EdS angular-diameter distance");

    /* Magnification divides the scale by sqrt(mu). */
    ifs_distances d1, d4;
    ifs_cosmology_distances(&planck, 8.0, 1.0, &d1, &err);
    ifs_cosmology_distances(&planck, 8.0, 4.0, &d4, &err);
    CHECK_REL(d4.kpc_per_arcsec, d1.kpc_per_arcsec / 2.0, 1e-12, "scale / sqrt(mu)");

    /* Bad arguments. */
    CHECK(ifs_cosmology_distances(&planck, -0.1, 1.0, &d, &err) == IFS_ERR_INPUT, "negative z refused");
    CHECK(ifs_cosmology_distances(&planck, 1.0, 0.5, &d, &err) == IFS_ERR_INPUT, "mu < 1 refused");
    return check_report("test_cosmology");
}
