/* fitsread.c: HDU labels, error messages that name file/HDU/keyword, keyword lookups with the
 * primary header as fallback (the INHERIT convention of ESO and JWST files), setup keywords. */
#include "fitsread.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *ifs_fits_hdu_label(const ifs_fits_file *ff, int num, char *buf, size_t n)
{
    const char *name = num >= 1 && num <= ff->nhdu ? ff->hdu[num - 1].extname : "";
    if (*name)
        snprintf(buf, n, "HDU %d '%s'", num, name);
    else if (num == 1)
        snprintf(buf, n, "HDU 1 (primary)");
    else
        snprintf(buf, n, "HDU %d", num);
    return buf;
}

int ifs_fits_fail(ifs_error *err, int code, const ifs_fits_file *ff, int num, const char *key, int status,
              const char *fmt, ...)
{
    char where[FLEN_VALUE + 64] = "", msg[IFS_ERRMSG_MAX / 2];
    if (num > 0) {
        char label[FLEN_VALUE + 32];
        snprintf(where, sizeof where, "%s: ", ifs_fits_hdu_label(ff, num, label, sizeof label));
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char cfitsio[FLEN_STATUS] = "";
    if (status)
        fits_get_errstatus(status, cfitsio);
    fits_clear_errmsg();
    return ifs_error_set(err, code, "%s: %s%s%s%s%s%s%s", ff->path, where, key ? "keyword " : "",
                         key ? key : "", key ? ": " : "", msg, status ? " (cfitsio: " : "",
                         status ? cfitsio : "");
}

int ifs_fits_goto(const ifs_fits_file *ff, int num, int *status)
{
    return fits_movabs_hdu(ff->f, num, NULL, status);
}

/* Reads key from the current HDU as text (TSTRING also formats numbers). */
static int key_here(const ifs_fits_file *ff, const char *key, int datatype, void *value, int *found,
                    int *status)
{
    if (*status)
        return *status;
    *found = 0;
    fits_read_key(ff->f, datatype, key, value, NULL, status);
    if (*status == KEY_NO_EXIST) {
        *status = 0;
        fits_clear_errmsg();
        return 0;
    }
    if (*status == 0)
        *found = 1;
    return *status;
}

static int key_lookup(const ifs_fits_file *ff, const char *key, int inherit, int datatype, void *value,
                      int *found, int *status)
{
    if (key_here(ff, key, datatype, value, found, status) || *found || !inherit)
        return *status;
    int here;
    fits_get_hdu_num(ff->f, &here);
    if (here == 1)
        return *status;
    ifs_fits_goto(ff, 1, status);
    key_here(ff, key, datatype, value, found, status);
    int back = 0;
    ifs_fits_goto(ff, here, &back);
    return *status ? *status : (*status = back);
}

int ifs_fits_key_str(const ifs_fits_file *ff, const char *key, int inherit, char *buf, size_t n, int *found,
                 int *status)
{
    char value[FLEN_VALUE] = "";
    key_lookup(ff, key, inherit, TSTRING, value, found, status);
    if (*status == 0 && *found) {
        size_t len = strlen(value);
        while (len && value[len - 1] == ' ')
            value[--len] = '\0';
        snprintf(buf, n, "%s", value);
    }
    return *status;
}

int ifs_fits_key_dbl(const ifs_fits_file *ff, const char *key, int inherit, double *v, int *found, int *status)
{
    return key_lookup(ff, key, inherit, TDOUBLE, v, found, status);
}

int ifs_fits_find_hdu(const ifs_fits_file *ff, const char *name)
{
    for (int i = 0; i < ff->nhdu; i++)
        if (strcasecmp(ff->hdu[i].extname, name) == 0)
            return i;
    return -1;
}

/* The first of several keywords that exists, as text. */
static int first_str(const ifs_fits_file *ff, const char *const *keys, char *buf, size_t n, int *status)
{
    int found = 0;
    for (; *keys && !found && !*status; keys++)
        ifs_fits_key_str(ff, *keys, 1, buf, n, &found, status);
    return *status;
}

int ifs_fits_read_setup(const ifs_fits_file *ff, ifs_cube *cube, int *status)
{
    static const char *instrument[] = {"INSTRUME", NULL};
    static const char *grating[] = {"GRATING", "ESO INS GRAT1 NAME", NULL};
    static const char *filter[] = {"FILTER", "ESO INS FILT1 NAME", NULL};
    static const char *program[] = {"PROGRAM", "ESO OBS PROG ID", NULL};
    first_str(ff, instrument, cube->instrument, sizeof cube->instrument, status);
    first_str(ff, grating, cube->grating, sizeof cube->grating, status);
    first_str(ff, filter, cube->filter, sizeof cube->filter, status);
    first_str(ff, program, cube->program, sizeof cube->program, status);
    int found = 0;
    ifs_fits_key_dbl(ff, "EFFEXPTM", 1, &cube->exptime_s, &found, status);
    if (!found)
        ifs_fits_key_dbl(ff, "EXPTIME", 1, &cube->exptime_s, &found, status);
    return *status;
}
