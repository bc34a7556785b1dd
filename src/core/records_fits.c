/* records_fits.c: the first table HDU (binary or ASCII) of a FITS file as records, read column by
 * column with cfitsio (its int *status convention inside, ifs_error at the boundary). */
#include "records_internal.h"

#include <fitsio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Formats the elements of one row of a numeric column; NULL (an empty cell) when the single
 * element is null. */
static char *format_numbers(const double *v, const char *isnull, long repeat)
{
    if (repeat == 1 && (isnull[0] || !isfinite(v[0])))
        return NULL;
    size_t cap = (size_t)repeat * 26 + 1, n = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (long k = 0; k < repeat; k++) {
        if (isnull[k] || !isfinite(v[k]))
            n += (size_t)snprintf(s + n, cap - n, "%snan", k ? " " : "");
        else
            n += (size_t)snprintf(s + n, cap - n, "%s%.17g", k ? " " : "", v[k]);
    }
    return s;
}

static char *trimmed_copy(const char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    return n ? strndup(s, n) : NULL;
}

/* Reads column col (1-based) into the cells; cfitsio status convention. */
static int read_column(ifs_records *r, fitsfile *f, int col, long nrows, int *status)
{
    int typecode;
    long repeat, width;
    fits_get_eqcoltype(f, col, &typecode, &repeat, &width, status);
    if (*status)
        return *status;
    size_t c = (size_t)col - 1;
    if (typecode == TSTRING) {
        char *buf = malloc((size_t)width + 1), *ptr[1] = {buf};
        if (!buf)
            return *status = MEMORY_ALLOCATION;
        for (long row = 1; row <= nrows && !*status; row++) {
            int anynul = 0;
            fits_read_col_str(f, col, row, 1, 1, "", ptr, &anynul, status);
            char *cell = *status || anynul ? NULL : trimmed_copy(buf);
            r->cells[(size_t)(row - 1) * r->ncols + c] = ifs_records_own(r, cell);
        }
        free(buf);
        return *status;
    }
    if (typecode < 0 || typecode == TBIT || typecode == TCOMPLEX || typecode == TDBLCOMPLEX) {
        /* variable-length, bit and complex columns: a cell no number parser accepts */
        const char *what = typecode < 0 ? "(variable-length array)" : typecode == TBIT ? "(bit field)" : "(complex)";
        for (long row = 0; row < nrows; row++)
            if (!(r->cells[(size_t)row * r->ncols + c] = ifs_records_own(r, strdup(what))))
                return *status = MEMORY_ALLOCATION;
        return *status;
    }
    double *v = malloc((size_t)repeat * sizeof *v);
    char *isnull = malloc((size_t)repeat);
    if (!v || !isnull) {
        free(v);
        free(isnull);
        return *status = MEMORY_ALLOCATION;
    }
    for (long row = 1; row <= nrows && !*status; row++) {
        int anynul = 0;
        char *cell = NULL;
        if (typecode == TLOGICAL) {
            char value[1] = {0};
            isnull[0] = 0;
            fits_read_colnull(f, TLOGICAL, col, row, 1, 1, value, isnull, &anynul, status);
            if (!*status && !isnull[0])
                cell = strdup(value[0] ? "true" : "false");
        } else {
            fits_read_colnull(f, TDOUBLE, col, row, 1, repeat, v, isnull, &anynul, status);
            if (!*status)
                cell = format_numbers(v, isnull, repeat);
        }
        r->cells[(size_t)(row - 1) * r->ncols + c] = ifs_records_own(r, cell);
    }
    free(v);
    free(isnull);
    return *status;
}

int ifs_records_read_fits(ifs_records *r, ifs_error *err)
{
    fitsfile *f = NULL;
    int status = 0, ncols = 0, hdu = 0;
    long nrows = 0;
    fits_open_table(&f, r->path, READONLY, &status); /* moves to the first table HDU */
    if (!status)
        fits_get_hdu_num(f, &hdu);
    fits_get_num_cols(f, &ncols, &status);
    fits_get_num_rows(f, &nrows, &status);
    if (status)
        goto exit;
    r->ncols = (size_t)ncols;
    if (ncols <= 0 || !(r->colnames = calloc(r->ncols, sizeof *r->colnames))) {
        fits_close_file(f, &status);
        return ifs_error_set(err, ncols <= 0 ? IFS_ERR_INPUT : IFS_ERR_NOMEM, "%s: HDU %d: %s", r->path, hdu,
                             ncols <= 0 ? "the table has no columns" : "out of memory");
    }
    for (int c = 1; c <= ncols && !status; c++) {
        char key[FLEN_KEYWORD], name[FLEN_VALUE] = "";
        fits_make_keyn("TTYPE", c, key, &status);
        int missing = 0;
        fits_read_key(f, TSTRING, key, name, NULL, &missing);
        char *trimmed = trimmed_copy(name);
        if (!trimmed) { /* an unnamed column gets its number, so it can still be mapped */
            char fallback[32];
            snprintf(fallback, sizeof fallback, "col%d", c);
            trimmed = strdup(fallback);
        }
        if (!(r->colnames[c - 1] = ifs_records_own(r, trimmed)))
            status = MEMORY_ALLOCATION;
        for (int d = 1; d < c && !status; d++)
            if (strcmp(r->colnames[d - 1], r->colnames[c - 1]) == 0) {
                fits_close_file(f, &status);
                return ifs_error_set(err, IFS_ERR_INPUT, "%s: HDU %d: column '%s' appears twice", r->path, hdu,
                                     r->colnames[c - 1]);
            }
    }
    for (long row = 0; row < nrows && !status; row++) {
        if (ifs_records_grow(r)) {
            status = MEMORY_ALLOCATION;
            break;
        }
        memset(r->cells + r->nrows * r->ncols, 0, r->ncols * sizeof *r->cells);
        r->where[r->nrows++] = row + 1;
    }
    for (int c = 1; c <= ncols && !status; c++)
        read_column(r, f, c, nrows, &status);
exit:
    if (status) {
        char text[FLEN_STATUS], detail[2 * FLEN_ERRMSG] = "", more[FLEN_ERRMSG] = "";
        fits_get_errstatus(status, text);
        while (fits_read_errmsg(detail) && !*detail) /* the oldest non-empty message of the stack */
            ;
        size_t len = strlen(detail);
        if (len && detail[len - 1] == ':' && fits_read_errmsg(more)) /* "...from file:" goes on */
            snprintf(detail + len, sizeof detail - len, " %s", more);
        fits_clear_errmsg();
        int closing = 0;
        if (f)
            fits_close_file(f, &closing);
        return ifs_error_set(err, status == MEMORY_ALLOCATION ? IFS_ERR_NOMEM : IFS_ERR_INPUT,
                             "%s: not a readable FITS table: %s%s%s%s", r->path, text, *detail ? " (" : "",
                             detail, *detail ? ")" : "");
    }
    fits_close_file(f, &status);
    return IFS_OK;
}
