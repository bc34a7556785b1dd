/* fitskey.c: sets header keywords of a FITS file in place with cfitsio, so that tests can make
 * variants of a file (a rotated WCS, say) without ifscat's code.
 *
 *   fitskey FILE HDU KEY=VALUE...      HDU: a number (1 = primary) or an EXTNAME; VALUE a number
 *
 * Exit 1 with a message on anything it cannot do. */
#include <fitsio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: fitskey FILE HDU KEY=VALUE...\n", stderr);
        return 2;
    }
    fitsfile *f;
    int status = 0, type;
    char *end;
    long hdu = strtol(argv[2], &end, 10);
    if (fits_open_file(&f, argv[1], READWRITE, &status) ||
        (*end ? fits_movnam_hdu(f, ANY_HDU, argv[2], 0, &status) : fits_movabs_hdu(f, (int)hdu, &type, &status))) {
        fits_report_error(stderr, status);
        return 1;
    }
    for (int i = 3; i < argc && !status; i++) {
        char key[FLEN_KEYWORD];
        const char *eq = strchr(argv[i], '=');
        double value = eq ? strtod(eq + 1, &end) : 0;
        if (!eq || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof key || *end) {
            fprintf(stderr, "fitskey: '%s' is not KEY=NUMBER\n", argv[i]);
            fits_close_file(f, &status);
            return 1;
        }
        snprintf(key, sizeof key, "%.*s", (int)(eq - argv[i]), argv[i]);
        fits_update_key_dbl(f, key, value, -17, NULL, &status);
    }
    fits_close_file(f, &status);
    if (status) {
        fits_report_error(stderr, status);
        return 1;
    }
    return 0;
}
