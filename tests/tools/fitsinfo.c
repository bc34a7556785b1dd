/* fitsinfo.c: what the export tests check in a FITS file, read with cfitsio and WCSLIB alone (not
 * ifscat's code).
 *
 *   fitsinfo FILE                      one line per HDU: number, EXTNAME, BUNIT, NAXIS1, NAXIS2
 *   fitsinfo FILE HDU key KEY...       the values of keywords of HDU (a number, 1 = primary, or an
 *                                      EXTNAME), one per line, empty when absent
 *   fitsinfo FILE HDU pix X,Y...       for 1-based pixels: the image value (2-D images; "nan" for
 *                                      no value) and the pixel's RA and Dec in degrees from the
 *                                      HDU's celestial WCS, one "value ra dec" line per pixel
 * Exit 1 with a message on anything it cannot read. */
#include <fitsio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wcslib/wcs.h>
#include <wcslib/wcshdr.h>

static int fail(const char *path, int status, const char *what)
{
    char msg[FLEN_ERRMSG] = "";
    if (status)
        fits_get_errstatus(status, msg);
    fprintf(stderr, "fitsinfo: %s: %s %s\n", path, what, msg);
    return 1;
}

static int go_to(fitsfile *f, const char *hdu, int *status)
{
    char *end;
    long n = strtol(hdu, &end, 10);
    int type;
    if (!*end)
        return fits_movabs_hdu(f, (int)n, &type, status);
    return fits_movnam_hdu(f, ANY_HDU, (char *)hdu, 0, status);
}

static int list(fitsfile *f)
{
    int n = 0, status = 0, type;
    fits_get_num_hdus(f, &n, &status);
    for (int i = 1; i <= n && !status; i++) {
        char extname[FLEN_VALUE] = "", bunit[FLEN_VALUE] = "";
        long naxes[2] = {0, 0};
        int naxis = 0;
        fits_movabs_hdu(f, i, &type, &status);
        if (fits_read_key(f, TSTRING, "EXTNAME", extname, NULL, &status) == KEY_NO_EXIST)
            status = 0;
        if (fits_read_key(f, TSTRING, "BUNIT", bunit, NULL, &status) == KEY_NO_EXIST)
            status = 0;
        if (type == IMAGE_HDU)
            fits_get_img_param(f, 2, (int[]){0}, &naxis, naxes, &status);
        printf("%d\t%s\t%s\t%ld\t%ld\n", i, extname, bunit, naxes[0], naxes[1]);
    }
    return status;
}

static int keys(fitsfile *f, int n, char **names)
{
    int status = 0;
    for (int i = 0; i < n; i++) {
        char *value = NULL;
        if (fits_read_key_longstr(f, names[i], &value, NULL, &status) == KEY_NO_EXIST) {
            status = 0;
            puts("");
            continue;
        }
        if (status)
            return status;
        printf("%s\n", value);
        fits_free_memory(value, &status);
    }
    return status;
}

/* The celestial axes of the HDU's first WCS (a cube's spectral axis, -TAB included, left out). */
static int pixels(const char *path, fitsfile *f, int n, char **specs)
{
    int status = 0, nkeys, nreject = 0, nwcs = 0, naxis = 0, bitpix;
    long naxes[3] = {0, 0, 0};
    char *header;
    struct wcsprm *all = NULL, sub = {.flag = -1};
    if (fits_hdr2str(f, 1, NULL, 0, &header, &nkeys, &status))
        return fail(path, status, "cannot read the header");
    if (wcspih(header, nkeys, WCSHDR_all, 0, &nreject, &nwcs, &all) || nwcs < 1)
        return fail(path, 0, "no WCS");
    int axes[2] = {WCSSUB_LONGITUDE, WCSSUB_LATITUDE}, nsub = 2;
    if (wcssub(1, &all[0], &nsub, axes, &sub) || nsub < 2 || wcsset(&sub))
        return fail(path, 0, "no celestial WCS");
    fits_get_img_param(f, 3, &bitpix, &naxis, naxes, &status);
    for (int i = 0; i < n; i++) {
        double pix[2], img[2], phi, theta, world[2];
        int stat;
        if (sscanf(specs[i], "%lf,%lf", &pix[0], &pix[1]) != 2)
            return fail(path, 0, "a pixel is X,Y");
        if (wcsp2s(&sub, 1, 2, pix, img, &phi, &theta, world, &stat))
            return fail(path, 0, "wcsp2s failed");
        double value = NAN;
        if (naxis == 2) {
            long fpixel[2] = {(long)pix[0], (long)pix[1]};
            double nulval = NAN;
            int anynul;
            fits_read_pix(f, TDOUBLE, fpixel, 1, &nulval, &value, &anynul, &status);
        }
        printf("%.9g %.12f %.12f\n", value, world[sub.lng], world[sub.lat]);
    }
    wcsfree(&sub);
    wcsvfree(&nwcs, &all);
    fits_free_memory(header, &status);
    return status;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc < 5) {
        fputs("usage: fitsinfo FILE [HDU key KEY... | HDU pix X,Y...]\n", stderr);
        return 2;
    }
    fitsfile *f;
    int status = 0, rc;
    if (fits_open_file(&f, argv[1], READONLY, &status))
        return fail(argv[1], status, "cannot open");
    if (argc == 2)
        rc = list(f) ? fail(argv[1], 0, "cannot list the HDUs") : 0;
    else if (go_to(f, argv[2], &status))
        rc = fail(argv[1], status, "no such HDU");
    else if (!strcmp(argv[3], "key"))
        rc = keys(f, argc - 4, argv + 4) ? fail(argv[1], 0, "cannot read a keyword") : 0;
    else if (!strcmp(argv[3], "pix"))
        rc = pixels(argv[1], f, argc - 4, argv + 4);
    else
        rc = fail(argv[1], 0, "the third argument is key or pix");
    status = 0;
    fits_close_file(f, &status);
    return rc;
}
