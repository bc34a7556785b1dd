/* test_fitsout.c: FITS files built in memory and written whole, read back with cfitsio and WCSLIB:
 * keywords of the primary HDU (long text continued), an image extension with NaN, BUNIT and
 * celestial WCS cards whose pixel-to-sky conversion survives unchanged (the reference pixel at
 * the reference value, FITS WCS paper II), a table extension, and refusals. */
#include "check.h"

#include "ifscat/fitsout.h"

#include <fitsio.h>
#include <string.h>
#include <wcslib/wcs.h>
#include <wcslib/wcshdr.h>

/* Cards as WCSLIB's wcshdo writes them (80 characters each): a gnomonic projection with 0.05"
 * pixels whose reference pixel (15, 20) sits at (110.8593, -73.4492) deg. */
static const char *wcs_cards[] = {
    "WCSAXES =                    2 / Number of coordinate axes",
    "CRPIX1  =                 15.0 / Pixel coordinate of reference point",
    "CRPIX2  =                 20.0 / Pixel coordinate of reference point",
    "CDELT1  = -1.38888888888889E-05 / [deg] Coordinate increment at reference point",
    "CDELT2  =  1.38888888888889E-05 / [deg] Coordinate increment at reference point",
    "CUNIT1  = 'deg'                / Units of coordinate increment and value",
    "CUNIT2  = 'deg'                / Units of coordinate increment and value",
    "CTYPE1  = 'RA---TAN'           / Right ascension, gnomonic projection",
    "CTYPE2  = 'DEC--TAN'           / Declination, gnomonic projection",
    "CRVAL1  =             110.8593 / [deg] Coordinate value at reference point",
    "CRVAL2  =             -73.4492 / [deg] Coordinate value at reference point",
};
enum { NCARDS = sizeof wcs_cards / sizeof wcs_cards[0] };

static void card_string(char *out)
{
    for (int i = 0; i < NCARDS; i++)
        snprintf(out + 80 * i, 81, "%-80s", wcs_cards[i]);
}

/* World coordinates of pixels (1-based) from a header of nkeys cards. */
static int sky(char *header, int nkeys, const double *pix, int npix, double *world)
{
    int nreject = 0, nwcs = 0, stat[8];
    struct wcsprm *w = NULL;
    if (wcspih(header, nkeys, WCSHDR_all, 0, &nreject, &nwcs, &w) || nwcs < 1)
        return -1;
    double img[16], phi[8], theta[8];
    int rc = wcsset(w) || wcsp2s(w, npix, 2, pix, img, phi, theta, world, stat);
    wcsvfree(&nwcs, &w);
    return rc ? -1 : 0;
}

int main(void)
{
    char dir[] = "/tmp/ifscat-test-fitsout.XXXXXX", path[300];
    if (!mkdtemp(dir))
        SKIP("cannot create a temporary directory");
    snprintf(path, sizeof path, "%s/out.fits", dir);
    ifs_error err;
    ifs_fitsout *fo;
    char cards[80 * NCARDS + 1];
    card_string(cards);
    const char *long_text = "a provenance note longer than the 68 characters one FITS card holds for a string value";
    double values[6] = {1.5, -2.25, NAN, 1e-3, 7, 0};
    const ifs_column cols[2] = {{"wave_um", IFS_COL_REAL, "um", 4, "vacuum wavelength"},
                                {"flux", IFS_COL_REAL, "1e-20 erg/s/cm2/Angstrom", 4, "flux density"}};
    ifs_table *t = ifs_table_alloc("aperture", 2, cols);
    for (int r = 0; r < 3; r++) {
        ifs_table_append(t);
        ifs_table_set_real(t, (size_t)r, 0, 1.0 + r);
        ifs_table_set_real(t, (size_t)r, 1, 10.0 * r);
    }
    CHECK(ifs_fitsout_create(&fo, &err) == 0, "create: %s", err.msg);
    CHECK(ifs_fitsout_key_text(fo, "TARGET", "SMACS0723_4590", "target", &err) == 0, "text key");
    CHECK(ifs_fitsout_key_text(fo, "NOTE", long_text, NULL, &err) == 0, "long text key: %s", err.msg);
    CHECK(ifs_fitsout_key_int(fo, "OBS_ID", 42, "observation", &err) == 0, "int key");
    CHECK(ifs_fitsout_key_real(fo, "SCALE", 2.4557309006258317, "kpc/arcsec", &err) == 0, "real key");
    CHECK(ifs_fitsout_key_real(fo, "UNKNOWN", NAN, "no value", &err) == 0, "undefined key");
    CHECK(ifs_fitsout_image(fo, "flux_OIII5008", 3, 2, values, "1e-20 erg/s/cm2", &err) == 0, "image: %s", err.msg);
    CHECK(ifs_fitsout_cards(fo, cards, &err) == 0, "WCS cards: %s", err.msg);
    CHECK(ifs_fitsout_table(fo, t, NULL, &err) == 0, "table: %s", err.msg);
    CHECK(ifs_fitsout_key_text(fo, "REGION", "aperture", NULL, &err) == 0, "key of the table");
    FILE *f = fopen(path, "wb");
    CHECK(f && ifs_fitsout_write(fo, f, &err) == 0, "write: %s", err.msg);
    if (f)
        fclose(f);
    ifs_fitsout_free(fo);

    fitsfile *fp;
    int status = 0, hdutype, nkeys, bitpix, naxis, anynul;
    long naxes[2], lval;
    char sval[FLEN_VALUE], *lstr = NULL;
    double dval;
    CHECK(fits_open_file(&fp, path, READONLY, &status) == 0, "open: status %d", status);
    int nhdu = 0;
    fits_get_num_hdus(fp, &nhdu, &status);
    CHECK(nhdu == 3, "three HDUs: %d", nhdu);
    fits_read_key(fp, TSTRING, "TARGET", sval, NULL, &status);
    CHECK(!status && !strcmp(sval, "SMACS0723_4590"), "TARGET: %s", sval);
    fits_read_key_longstr(fp, "NOTE", &lstr, NULL, &status);
    CHECK(!status && lstr && !strcmp(lstr, long_text), "long NOTE: %s", lstr ? lstr : "");
    if (lstr)
        fits_free_memory(lstr, &status);
    fits_read_key(fp, TLONG, "OBS_ID", &lval, NULL, &status);
    CHECK(!status && lval == 42, "OBS_ID: %ld", lval);
    fits_read_key(fp, TDOUBLE, "SCALE", &dval, NULL, &status);
    CHECK(!status && dval == 2.4557309006258317, "SCALE to the last digit: %.17g", dval);
    int undefined = fits_read_key(fp, TDOUBLE, "UNKNOWN", &dval, NULL, &status) == VALUE_UNDEFINED;
    CHECK(undefined, "UNKNOWN has no value (status %d)", status);
    status = 0;

    fits_movabs_hdu(fp, 2, &hdutype, &status);
    fits_get_img_param(fp, 2, &bitpix, &naxis, naxes, &status);
    CHECK(!status && hdutype == IMAGE_HDU && bitpix == FLOAT_IMG && naxis == 2 && naxes[0] == 3 && naxes[1] == 2,
          "a 3 x 2 float image: type %d bitpix %d naxis %d", hdutype, bitpix, naxis);
    fits_read_key(fp, TSTRING, "EXTNAME", sval, NULL, &status);
    CHECK(!strcmp(sval, "flux_OIII5008"), "EXTNAME: %s", sval);
    fits_read_key(fp, TSTRING, "BUNIT", sval, NULL, &status);
    CHECK(!strcmp(sval, "1e-20 erg/s/cm2"), "BUNIT: %s", sval);
    float back[6];
    float nulval = -1; /* NaN pixels read as this */
    fits_read_img(fp, TFLOAT, 1, 6, &nulval, back, &anynul, &status);
    CHECK(!status && back[0] == 1.5f && back[1] == -2.25f && back[3] == 1e-3f && back[4] == 7 && back[5] == 0,
          "pixels in order, x fastest: %g %g %g %g %g", back[0], back[1], back[3], back[4], back[5]);
    CHECK(anynul && back[2] == -1, "the NaN pixel is a FITS undefined value");
    char *header;
    fits_hdr2str(fp, 1, NULL, 0, &header, &nkeys, &status);
    double pix[4] = {15, 20, 1, 1}, world[4], orig[4];
    CHECK(!status && sky(header, nkeys, pix, 2, world) == 0, "WCSLIB reads the image's WCS");
    CHECK_CLOSE(world[0], 110.8593, 1e-12, "reference pixel RA");
    CHECK_CLOSE(world[1], -73.4492, 1e-12, "reference pixel Dec");
    CHECK(sky(cards, NCARDS, pix, 2, orig) == 0, "WCSLIB reads the original cards");
    CHECK_CLOSE(world[2], orig[2], 1e-12, "pixel (1, 1) RA as the original WCS");
    CHECK_CLOSE(world[3], orig[3], 1e-12, "pixel (1, 1) Dec as the original WCS");
    fits_free_memory(header, &status);

    fits_movabs_hdu(fp, 3, &hdutype, &status);
    fits_read_key(fp, TSTRING, "EXTNAME", sval, NULL, &status);
    CHECK(hdutype == BINARY_TBL && !strcmp(sval, "aperture"), "table named after its title: %s", sval);
    fits_read_key(fp, TSTRING, "REGION", sval, NULL, &status);
    CHECK(!status && !strcmp(sval, "aperture"), "the table's own key");
    double col[3];
    fits_read_col(fp, TDOUBLE, 2, 1, 1, 3, NULL, col, &anynul, &status);
    CHECK(!status && col[0] == 0 && col[1] == 10 && col[2] == 20, "table values");
    fits_close_file(fp, &status);

    /* Refusals. */
    CHECK(ifs_fitsout_create(&fo, &err) == 0, "create");
    CHECK(ifs_fitsout_key_text(fo, "NAME", "\u00c5ngstr\u00f6m", NULL, &err) == IFS_ERR_INPUT && strstr(err.msg, "NAME"),
          "non-ASCII text refused, naming the key: %s", err.msg);
    CHECK(ifs_fitsout_cards(fo, "SHORT   = 1", &err) == IFS_ERR_INPUT && strstr(err.msg, "multiple of 80"),
          "cards not of 80 characters refused: %s", err.msg);
    ifs_fitsout_free(fo);
    ifs_table_free(t);
    snprintf(path, sizeof path, "rm -rf %s", dir);
    if (system(path) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_report("test_fitsout");
}
