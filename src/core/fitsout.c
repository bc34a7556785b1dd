/* fitsout.c: FITS files built in memory by cfitsio (fits_create_memfile) and written whole. */
#include "ifscat/fitsout.h"

#include "table_writers.h"

#include "ifscat/version.h"

#include <fitsio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ifs_fitsout {
    fitsfile *fp;
    void *buf;
    size_t bufsize;
};

int fitsout_ascii(const char *s)
{
    for (; s && *s; s++)
        if (*s < 0x20 || *s > 0x7e)
            return 0;
    return 1;
}

int fitsout_status_error(int status, const char *what, ifs_error *err)
{
    char msg[FLEN_ERRMSG];
    fits_get_errstatus(status, msg);
    return ifs_error_set(err, status == MEMORY_ALLOCATION ? IFS_ERR_NOMEM : IFS_ERR_IO, "FITS: %s: %s (cfitsio status %d)",
                         what, msg, status);
}

int ifs_fitsout_create(ifs_fitsout **out, ifs_error *err)
{
    *out = NULL;
    ifs_fitsout *fo = calloc(1, sizeof *fo);
    int status = 0;
    if (!fo || !(fo->buf = malloc(fo->bufsize = 2880))) { /* one block; cfitsio grows it with realloc */
        free(fo);
        return ifs_error_set(err, IFS_ERR_NOMEM, "FITS: out of memory");
    }
    if (fits_create_memfile(&fo->fp, &fo->buf, &fo->bufsize, 2880, realloc, &status) ||
        fits_create_img(fo->fp, BYTE_IMG, 0, NULL, &status) ||
        fits_write_key_str(fo->fp, "CREATOR", "ifscat " IFS_VERSION, "software that wrote this file", &status)) {
        fitsout_status_error(status, "creating the file in memory", err);
        ifs_fitsout_free(fo);
        return err->code;
    }
    *out = fo;
    return IFS_OK;
}

void ifs_fitsout_free(ifs_fitsout *fo)
{
    if (!fo)
        return;
    if (fo->fp) {
        int ignored = 0;
        fits_close_file(fo->fp, &ignored);
    }
    free(fo->buf);
    free(fo);
}

static int check_text(const char *key, const char *value, const char *comment, ifs_error *err)
{
    if (!fitsout_ascii(key) || !fitsout_ascii(value) || !fitsout_ascii(comment))
        return ifs_error_set(err, IFS_ERR_INPUT, "FITS: keyword %s: its value or comment is not printable ASCII, which "
                                                 "FITS headers require", key);
    return IFS_OK;
}

int ifs_fitsout_key_text(ifs_fitsout *fo, const char *key, const char *value, const char *comment, ifs_error *err)
{
    int status = check_text(key, value, comment, err);
    if (status)
        return status;
    /* 68 characters: the longest string value of one card. */
    if (strlen(value) > 68 && fits_write_key_longwarn(fo->fp, &status))
        return fitsout_status_error(status, key, err);
    if (fits_write_key_longstr(fo->fp, key, value, comment, &status))
        return fitsout_status_error(status, key, err);
    return IFS_OK;
}

int ifs_fitsout_key_int(ifs_fitsout *fo, const char *key, long long value, const char *comment, ifs_error *err)
{
    int status = check_text(key, NULL, comment, err);
    if (!status && fits_write_key_lng(fo->fp, key, value, comment, &status))
        return fitsout_status_error(status, key, err);
    return status;
}

int ifs_fitsout_key_real(ifs_fitsout *fo, const char *key, double value, const char *comment, ifs_error *err)
{
    int status = check_text(key, NULL, comment, err);
    if (status)
        return status;
    /* 17 significant digits: the double reads back exactly. */
    if (isfinite(value) ? fits_write_key_dbl(fo->fp, key, value, -17, comment, &status)
                        : fits_write_key_null(fo->fp, key, comment, &status))
        return fitsout_status_error(status, key, err);
    return IFS_OK;
}

int ifs_fitsout_cards(ifs_fitsout *fo, const char *cards, ifs_error *err)
{
    size_t len = strlen(cards);
    if (len % 80)
        return ifs_error_set(err, IFS_ERR_INPUT, "FITS: header cards of %zu characters, not a multiple of 80", len);
    for (size_t i = 0; i < len; i += 80) {
        char card[81];
        memcpy(card, cards + i, 80);
        card[80] = '\0';
        int status = 0, keytype;
        char key[FLEN_KEYWORD];
        if (!fitsout_ascii(card) || fits_get_keyname(card, key, &keytype, &status) ||
            fits_write_record(fo->fp, card, &status))
            return ifs_error_set(err, IFS_ERR_INPUT, "FITS: header card %zu is not valid: %.80s", i / 80 + 1, card);
    }
    return IFS_OK;
}

int ifs_fitsout_image(ifs_fitsout *fo, const char *extname, size_t nx, size_t ny, const double *values,
                      const char *bunit, ifs_error *err)
{
    int status = check_text("EXTNAME", extname, NULL, err);
    if (!status)
        status = check_text("BUNIT", bunit, NULL, err);
    if (status)
        return status;
    long naxes[2] = {(long)nx, (long)ny};
    size_t npix = nx * ny;
    float *v = malloc((npix ? npix : 1) * sizeof *v);
    if (!v)
        return ifs_error_set(err, IFS_ERR_NOMEM, "FITS: out of memory for image %s", extname);
    for (size_t i = 0; i < npix; i++)
        v[i] = (float)values[i]; /* NaN stays NaN: the IEEE "no value" of floating-point images */
    fits_create_img(fo->fp, FLOAT_IMG, 2, naxes, &status);
    fits_write_key_str(fo->fp, "EXTNAME", extname, "name of this extension", &status);
    fits_write_key_str(fo->fp, "CREATOR", "ifscat " IFS_VERSION, "software that wrote this file", &status);
    if (bunit && *bunit)
        fits_write_key_str(fo->fp, "BUNIT", bunit, "unit of the values", &status);
    fits_write_img(fo->fp, TFLOAT, 1, (LONGLONG)npix, v, &status);
    free(v);
    if (status) {
        char what[96];
        snprintf(what, sizeof what, "writing image %s", extname);
        return fitsout_status_error(status, what, err);
    }
    return IFS_OK;
}

int ifs_fitsout_table(ifs_fitsout *fo, const ifs_table *t, const char *extname, ifs_error *err)
{
    return ifs_table_fits_hdu(fo->fp, t, extname ? extname : ifs_table_title(t), err);
}

int ifs_fitsout_write(ifs_fitsout *fo, FILE *f, ifs_error *err)
{
    int status = 0;
    LONGLONG headstart, datastart, dataend = 0;
    /* The last HDU ends the file: its padded end is the file's size once cfitsio closes it. */
    fits_get_hduaddrll(fo->fp, &headstart, &datastart, &dataend, &status);
    fits_close_file(fo->fp, &status);
    fo->fp = NULL;
    if (status)
        return fitsout_status_error(status, "closing the file", err);
    fwrite(fo->buf, 1, (size_t)dataend, f);
    return IFS_OK;
}
