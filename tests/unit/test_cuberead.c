/* test_cuberead.c: header conventions of the cube reader on small cubes written here with
 * cfitsio: -LOG wavelength axes (FITS Paper III eq. 5), the metre default of CUNIT3, wavelengths
 * that depend on position, a variance extension with inconsistent units, several cubes in one
 * file, ESO-style prefixed names, a per-spaxel MASK and a PC-matrix celestial WCS. */
#include "check.h"

#include "ifscat/cuberead.h"

#include <fitsio.h>
#include <string.h>

enum { NX = 4, NY = 3, NW = 6 };
static const char *path = "build/tests/test_cuberead.fits";

/* An image HDU named name, filled with value, with "KEY=value" string or number cards. */
static void image(fitsfile *f, const char *name, float value, const char *const *cards, int *status)
{
    long naxes[3] = {NX, NY, NW};
    float data[NX * NY * NW];
    for (int i = 0; i < NX * NY * NW; i++)
        data[i] = value;
    fits_create_img(f, FLOAT_IMG, 3, naxes, status);
    fits_write_key_str(f, "EXTNAME", name, NULL, status);
    for (; cards && *cards; cards++) {
        char key[32], val[72];
        sscanf(*cards, "%31[^=]=%71[^\n]", key, val);
        char *end;
        double d = strtod(val, &end);
        if (*end == '\0')
            fits_write_key(f, TDOUBLE, key, &d, NULL, status);
        else
            fits_write_key_str(f, key, val, NULL, status);
    }
    fits_write_img(f, TFLOAT, 1, NX * NY * NW, data, status);
}

static fitsfile *create(void)
{
    fitsfile *f;
    int status = 0;
    remove(path);
    fits_create_file(&f, path, &status);
    fits_create_img(f, 8, 0, NULL, &status);
    CHECK(status == 0, "cfitsio %d", status);
    return f;
}

static int finish_and_read(fitsfile *f, ifs_cube **c, ifs_error *err)
{
    int status = 0;
    fits_close_file(f, &status);
    return ifs_cube_read(path, NULL, c, err);
}

#define LINEAR_AXIS "CTYPE3=WAVE", "CUNIT3=um", "CRVAL3=1.5", "CDELT3=0.01", "CRPIX3=1"

int main(void)
{
    ifs_cube *c = NULL;
    ifs_error err;
    int status = 0;

    /* -LOG: lambda = CRVAL exp(CDELT (p - CRPIX) / CRVAL). */
    const char *log_cards[] = {"CTYPE3=WAVE-LOG", "CUNIT3=Angstrom", "CRVAL3=3600", "CDELT3=0.8",
                               "CRPIX3=2", "BUNIT=1E-17 erg/s/cm^2/Ang/spaxel", NULL};
    fitsfile *f = create();
    image(f, "DATA", 2.0f, log_cards, &status);
    image(f, "STAT", 4.0f, NULL, &status);
    CHECK(finish_and_read(f, &c, &err) == 0, "%s", err.msg);
    if (c) {
        for (int k = 0; k < NW; k++)
            CHECK_CLOSE(c->wave_um[k], 3600.0 * exp(0.8 * (k + 1 - 2) / 3600.0) * 1e-4, 1e-13, "-LOG axis");
        CHECK_CLOSE(c->flux[0], 2.0 * 1e3, 1e-9, "1E-17 flux in 1e-20 units");
        CHECK_CLOSE(c->err[0], 2.0 * 1e3, 1e-9, "sqrt(STAT)");
        CHECK(c->ra_deg == NULL && c->pixscale_arcsec == 0, "no celestial WCS");
        ifs_cube_free(c);
    }

    /* CUNIT3 absent: metres by the standard; 1.5 m is no wavelength of this catalog. */
    const char *nounit[] = {"CTYPE3=WAVE", "CRVAL3=1.5", "CDELT3=0.01", "BUNIT=Jy", NULL};
    f = create();
    image(f, "SCI", 1.0f, nounit, &status);
    image(f, "ERR", 1.0f, NULL, &status);
    CHECK(finish_and_read(f, &c, &err) == IFS_ERR_INPUT && strstr(err.msg, "implausible"), "metres: %s", err.msg);

    /* Wavelength depending on the position (CD3_1 != 0). */
    const char *tilted[] = {LINEAR_AXIS, "CD3_1=0.001", "BUNIT=Jy", NULL};
    f = create();
    image(f, "SCI", 1.0f, tilted, &status);
    image(f, "ERR", 1.0f, NULL, &status);
    CHECK(finish_and_read(f, &c, &err) == IFS_ERR_INPUT && strstr(err.msg, "keyword CD3_1"), "CD3_1: %s", err.msg);

    /* A variance whose unit is not the square of the data's. */
    const char *data_unit[] = {LINEAR_AXIS, "BUNIT=10**(-20)*erg/s/cm**2/Angstrom", NULL};
    const char *var_unit[] = {"BUNIT=10**(-20)*erg/s/cm**2/Angstrom", NULL};
    f = create();
    image(f, "DATA", 1.0f, data_unit, &status);
    image(f, "STAT", 1.0f, var_unit, &status);
    CHECK(finish_and_read(f, &c, &err) == IFS_ERR_INPUT && strstr(err.msg, "HDU 3 'STAT': keyword BUNIT") &&
              strstr(err.msg, "the square"), "STAT unit: %s", err.msg);

    /* Two cubes in one file (a multi-IFU KMOS file): refused with their names. */
    const char *jy[] = {LINEAR_AXIS, "BUNIT=Jy", NULL};
    f = create();
    image(f, "IFU1.DATA", 1.0f, jy, &status);
    image(f, "IFU1.NOISE", 1.0f, NULL, &status);
    image(f, "IFU2.DATA", 1.0f, jy, &status);
    image(f, "IFU2.NOISE", 1.0f, NULL, &status);
    CHECK(finish_and_read(f, &c, &err) == IFS_ERR_INPUT && strstr(err.msg, "'IFU1.DATA', 'IFU2.DATA'"),
          "two cubes: %s", err.msg);

    /* Prefixed ESO names pair by prefix; a 2D MASK flags whole spaxels; PC matrix with CDELT.
     * A 90-degree rotation: one spaxel along +x is +0.1" in Dec. */
    const char *eso[] = {LINEAR_AXIS, "BUNIT=Jy", "CTYPE1=RA---TAN", "CTYPE2=DEC--TAN",
                         "CRVAL1=150", "CRVAL2=0", "CRPIX1=1", "CRPIX2=1", "CUNIT1=deg",
                         "CUNIT2=deg", "CDELT1=2.7777777777777777e-05", "CDELT2=2.7777777777777777e-05",
                         "PC1_1=0", "PC1_2=-1", "PC2_1=1", "PC2_2=0", NULL};
    f = create();
    image(f, "ARM3.DATA", 1.0f, eso, &status);
    image(f, "ARM3.NOISE", 0.5f, NULL, &status);
    long mnaxes[2] = {NX, NY};
    long long mask[NX * NY] = {0};
    mask[1 * NX + 2] = 7; /* spaxel (2, 1) */
    fits_create_img(f, LONGLONG_IMG, 2, mnaxes, &status);
    fits_write_key_str(f, "EXTNAME", "ARM3.MASK", NULL, &status);
    fits_write_img(f, TLONGLONG, 1, NX * NY, mask, &status);
    CHECK(finish_and_read(f, &c, &err) == 0, "%s", err.msg);
    if (c) {
        int masked = 0, others = 0;
        for (int k = 0; k < NW; k++) {
            masked += c->mask[ifs_cube_index(c, 2, 1, k)];
            others += c->mask[ifs_cube_index(c, 1, 1, k)];
        }
        CHECK(masked == NW && others == 0, "2D MASK flags spaxel (2,1) in all channels only");
        CHECK_CLOSE(c->pixscale_arcsec, 0.1, 1e-9, "pixel scale from CDELT x PC");
        CHECK_CLOSE((c->dec_deg[1] - c->dec_deg[0]) * 3600, 0.1, 1e-6, "rotated: +x is north");
        CHECK_CLOSE(c->ra_deg[0], 150.0, 1e-12, "reference pixel RA");
        CHECK(strcmp(c->format, "ifu-cube") == 0, "not a JWST file");
        ifs_cube_free(c);
    }
    CHECK(status == 0, "cfitsio status %d", status);
    remove(path);
    return check_report("test_cuberead");
}
