/* ifscat/table.h: a result table whose columns carry name, unit and description, written as an
 * aligned text table, CSV, JSON, a FITS binary table or a VOTable.  Every listing command builds
 * one of these and writes it, so that all commands share one set of output formats. */
#ifndef IFSCAT_TABLE_H
#define IFSCAT_TABLE_H

#include <stddef.h>

#include "ifscat/error.h"

typedef enum { IFS_COL_TEXT, IFS_COL_INT, IFS_COL_REAL } ifs_coltype;

typedef struct ifs_column {
    const char *name;        /* machine name, e.g. "scale_kpc_arcsec" */
    ifs_coltype type;
    const char *unit;        /* e.g. "kpc/arcsec", "dex", "" for dimensionless or text; FITS
                              * spellings (solMass/yr, erg/s/cm2) let astropy and TOPCAT parse it */
    int decimals;            /* digits after the point in text output (IFS_COL_REAL) */
    const char *description; /* one line for CSV comments, JSON, VOTable and FITS headers */
} ifs_column;

typedef enum { IFS_FORMAT_TEXT, IFS_FORMAT_CSV, IFS_FORMAT_JSON, IFS_FORMAT_FITS, IFS_FORMAT_VOTABLE } ifs_format;

typedef struct ifs_table ifs_table;

/* Parses "text", "csv", "json", "fits" or "votable"; returns 0 or IFS_ERR_INPUT naming the
 * accepted values. */
int ifs_format_parse(const char *name, ifs_format *out, ifs_error *err);

/* A table with ncols columns (definitions are copied, strings included); NULL when out of memory.
 * title names the table in JSON and in file headers. */
ifs_table *ifs_table_alloc(const char *title, size_t ncols, const ifs_column *cols);
void ifs_table_free(ifs_table *t);

const char *ifs_table_title(const ifs_table *t);
size_t ifs_table_nrows(const ifs_table *t);
size_t ifs_table_ncols(const ifs_table *t);
const ifs_column *ifs_table_column(const ifs_table *t, size_t col);
/* Column index by name, or -1. */
int ifs_table_col(const ifs_table *t, const char *name);

/* Appends a row of nulls; returns its index or -1 when out of memory. */
long ifs_table_append(ifs_table *t);
/* Setters; a NULL text or a non-finite real stores a null.  Return 0 or -1 when out of memory. */
int ifs_table_set_text(ifs_table *t, size_t row, size_t col, const char *text);
int ifs_table_set_real(ifs_table *t, size_t row, size_t col, double value);
int ifs_table_set_int(ifs_table *t, size_t row, size_t col, long long value);

int ifs_table_is_null(const ifs_table *t, size_t row, size_t col);
const char *ifs_table_text(const ifs_table *t, size_t row, size_t col);
double ifs_table_real(const ifs_table *t, size_t row, size_t col); /* NAN when null */
long long ifs_table_int(const ifs_table *t, size_t row, size_t col);

/* Writes the table to path (NULL or "-" = stdout).  Text: aligned columns, names and units in
 * two header lines, nulls as "-", and a real column X followed by X_lo, X_hi (or X_err) shown as
 * one column "value -lo +hi" (or "value +/-err").  CSV: '#' lines giving each column's unit and description, a
 * header row, nulls empty.  JSON: {"table", "columns": [{name, unit, type, description}],
 * "rows": [{...}]}, nulls as null.
 * FITS: an empty primary HDU and one BINTABLE named (EXTNAME) after the title, with TTYPEn,
 * TFORMn (text as fixed-width nA, int as K, real as D), TUNITn and the description in TCOMMn (the
 * keyword TOPCAT reads; long ones use the CONTINUE convention); texts are padded with NULs; null
 * reals are NaN, null ints the value given in TNULLn, null texts empty (astropy masks them).  FITS headers are ASCII: a title, name, unit or
 * description with other bytes fails with IFS_ERR_INPUT naming the column.
 * VOTable 1.4: one TABLE with a FIELD per column (datatype char/long/double, unit, DESCRIPTION)
 * and TABLEDATA; nulls are empty cells; reals have the fewest digits that read back exactly.
 * The file is written to a temporary name and renamed, so a failure leaves no partial file. */
int ifs_table_write(const ifs_table *t, ifs_format fmt, const char *path, ifs_error *err);

/* Removes every row (the columns stay). */
void ifs_table_clear_rows(ifs_table *t);

/* A table written while its rows are still being made (a million-row `ifscat fmr`): begin writes
 * the header from t's columns; each flush writes the rows t holds and clears them (CSV and VOTable;
 * for text, JSON and FITS, which need every row, the rows stay in t); end writes what t still
 * holds and the footer, and puts the file in place.  end frees w, also on failure; abort (for
 * the caller's own failures) removes the partial file.  ifs_table_write is begin + end. */
typedef struct ifs_table_writer ifs_table_writer;
int ifs_table_writer_begin(const ifs_table *t, ifs_format fmt, const char *path, ifs_table_writer **out,
                           ifs_error *err);
int ifs_table_writer_flush(ifs_table_writer *w, ifs_table *t, ifs_error *err);
int ifs_table_writer_end(ifs_table_writer *w, const ifs_table *t, ifs_error *err);
void ifs_table_writer_abort(ifs_table_writer *w);

#endif
