/* table_fits.c: a result table as a FITS binary table, in a file of its own (built in memory by
 * ifscat/fitsout.h, so that FITS output goes through the same temporary-file-and-rename path, or
 * stdout, as every other format) or as an extension of a larger file. */
#include "table_writers.h"

#include "ifscat/fitsout.h"
#include "ifscat/version.h"

#include <fitsio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int check_header_text(const ifs_table *t, const char *title, ifs_error *err)
{
    if (!fitsout_ascii(title))
        return ifs_error_set(err, IFS_ERR_INPUT,
                             "FITS table: the title '%s' is not printable ASCII, which FITS headers require", title);
    for (size_t c = 0; c < ifs_table_ncols(t); c++) {
        const ifs_column *col = ifs_table_column(t, c);
        const char *bad = !fitsout_ascii(col->name)          ? "name"
                          : !fitsout_ascii(col->unit)        ? "unit"
                          : !fitsout_ascii(col->description) ? "description"
                                                               : NULL;
        if (bad)
            return ifs_error_set(err, IFS_ERR_INPUT,
                                 "FITS table: column %zu '%s': the %s is not printable ASCII, which FITS headers require",
                                 c + 1, col->name, bad);
    }
    return IFS_OK;
}

/* The TNULL value of an integer column: the most negative int64 that no value uses. */
static long long null_marker(const ifs_table *t, size_t col)
{
    for (long long marker = INT64_MIN;; marker++) {
        size_t r = 0;
        while (r < ifs_table_nrows(t) && (ifs_table_is_null(t, r, col) || ifs_table_int(t, r, col) != marker))
            r++;
        if (r == ifs_table_nrows(t))
            return marker;
    }
}

/* Width in bytes of a text column: its longest value, at least 1 (TFORM 0A holds nothing). */
static size_t text_width(const ifs_table *t, size_t col)
{
    size_t width = 1;
    for (size_t r = 0; r < ifs_table_nrows(t); r++)
        if (!ifs_table_is_null(t, r, col) && strlen(ifs_table_text(t, r, col)) > width)
            width = strlen(ifs_table_text(t, r, col));
    return width;
}

/* Bytes a column takes in a row (FITS 4.0 table 18: K and D are 8 bytes). */
static size_t column_bytes(const ifs_table *t, size_t col)
{
    return ifs_table_column(t, col)->type == IFS_COL_TEXT ? text_width(t, col) : 8;
}

/* Writes column col (1-based colnum), which starts offset bytes into each row, for every row. */
static int write_column(fitsfile *fp, const ifs_table *t, size_t col, size_t offset, int *status)
{
    size_t n = ifs_table_nrows(t);
    int colnum = (int)col + 1;
    char key[FLEN_KEYWORD];
    if (n == 0)
        return *status;
    switch (ifs_table_column(t, col)->type) {
    case IFS_COL_TEXT: {
        /* Written as raw bytes padded with NULs, which end a string (FITS 4.0 section 7.3.3.1):
         * cfitsio's string writer pads with blanks, which astropy and others hand back as part of
         * the value. */
        size_t width = text_width(t, col);
        unsigned char *v = malloc(width);
        if (!v)
            return *status = MEMORY_ALLOCATION;
        for (size_t r = 0; r < n && !*status; r++) {
            memset(v, 0, width);
            if (!ifs_table_is_null(t, r, col))
                memcpy(v, ifs_table_text(t, r, col), strlen(ifs_table_text(t, r, col)));
            fits_write_tblbytes(fp, (LONGLONG)r + 1, (LONGLONG)offset + 1, (LONGLONG)width, v, status);
        }
        free(v);
        break;
    }
    case IFS_COL_INT: {
        long long marker = null_marker(t, col), *v = malloc(n * sizeof *v);
        if (!v)
            return *status = MEMORY_ALLOCATION;
        for (size_t r = 0; r < n; r++)
            v[r] = ifs_table_is_null(t, r, col) ? marker : ifs_table_int(t, r, col);
        snprintf(key, sizeof key, "TNULL%d", colnum);
        fits_write_key_lng(fp, key, marker, "value of a null", status);
        fits_write_col(fp, TLONGLONG, colnum, 1, 1, (LONGLONG)n, v, status);
        free(v);
        break;
    }
    case IFS_COL_REAL: {
        double *v = malloc(n * sizeof *v);
        if (!v)
            return *status = MEMORY_ALLOCATION;
        for (size_t r = 0; r < n; r++)
            v[r] = ifs_table_real(t, r, col); /* NaN when null: the FITS convention for floats */
        fits_write_col(fp, TDOUBLE, colnum, 1, 1, (LONGLONG)n, v, status);
        free(v);
        break;
    }
    }
    return *status;
}

/* Creates the BINTABLE with its column definitions and descriptions. */
static int create_table(fitsfile *fp, const ifs_table *t, const char *title, int *status)
{
    size_t ncols = ifs_table_ncols(t), nrows = ifs_table_nrows(t);
    char **ttype = calloc(ncols + 1, sizeof *ttype), **tunit = calloc(ncols + 1, sizeof *tunit);
    char (*tform)[24] = calloc(ncols + 1, sizeof *tform), **tformp = calloc(ncols + 1, sizeof *tformp);
    if (!ttype || !tunit || !tform || !tformp) {
        *status = MEMORY_ALLOCATION;
        goto exit;
    }
    int longdesc = 0;
    for (size_t c = 0; c < ncols; c++) {
        const ifs_column *col = ifs_table_column(t, c);
        ttype[c] = (char *)col->name;
        tunit[c] = (char *)col->unit;
        tformp[c] = tform[c];
        if (col->type == IFS_COL_TEXT)
            snprintf(tform[c], sizeof tform[c], "%zuA", text_width(t, c));
        else
            snprintf(tform[c], sizeof tform[c], "%s", col->type == IFS_COL_INT ? "K" : "D");
        longdesc |= strlen(col->description) > 68; /* 68 = longest string value on one card */
    }
    fits_create_tbl(fp, BINARY_TBL, (LONGLONG)nrows, (int)ncols, ttype, tformp, tunit,
                    *title ? title : NULL, status);
    fits_write_key_str(fp, "CREATOR", "ifscat " IFS_VERSION, "software that wrote this table", status);
    if (longdesc)
        fits_write_key_longwarn(fp, status);
    for (size_t c = 0; c < ncols && !*status; c++) {
        const char *desc = ifs_table_column(t, c)->description;
        char key[FLEN_KEYWORD];
        snprintf(key, sizeof key, "TCOMM%zu", c + 1);
        if (*desc)
            fits_write_key_longstr(fp, key, desc, "description of the column", status);
    }
exit:
    free(ttype);
    free(tunit);
    free(tform);
    free(tformp);
    return *status;
}

int ifs_table_fits_hdu(fitsfile *fp, const ifs_table *t, const char *extname, ifs_error *err)
{
    if (ifs_table_ncols(t) == 0)
        return ifs_error_set(err, IFS_ERR_INPUT, "FITS table: a table needs at least one column");
    int rc = check_header_text(t, extname, err), status = 0;
    if (rc)
        return rc;
    if (create_table(fp, t, extname, &status))
        return fitsout_status_error(status, "writing the table header", err);
    for (size_t c = 0, offset = 0; c < ifs_table_ncols(t); offset += column_bytes(t, c), c++)
        if (write_column(fp, t, c, offset, &status)) {
            char what[128];
            snprintf(what, sizeof what, "writing column '%s'", ifs_table_column(t, c)->name);
            return fitsout_status_error(status, what, err);
        }
    return IFS_OK;
}

int ifs_table_write_fits(const ifs_table *t, FILE *f, ifs_error *err)
{
    ifs_fitsout *fo;
    int rc = ifs_fitsout_create(&fo, err);
    if (!rc)
        rc = ifs_fitsout_table(fo, t, NULL, err);
    if (!rc)
        rc = ifs_fitsout_write(fo, f, err);
    ifs_fitsout_free(fo);
    return rc;
}
