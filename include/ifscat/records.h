/* ifscat/records.h: tabular input read as named fields with their source location.
 *
 * One reader for every importer (targets, properties, literature): a CSV file with a header row
 * and '#' comment lines, a JSON array of flat objects, the first table HDU (binary or ASCII) of a
 * FITS file, or the first TABLE of a VOTable (TABLEDATA serialization).  Each row remembers where
 * it came from ("line 12", "index 3", "row 7") so that an importer can name it in an error. */
#ifndef IFSCAT_RECORDS_H
#define IFSCAT_RECORDS_H

#include <stddef.h>

#include "ifscat/error.h"

typedef struct ifs_records ifs_records;

typedef enum { IFS_RECORDS_CSV, IFS_RECORDS_JSON, IFS_RECORDS_FITS, IFS_RECORDS_VOTABLE } ifs_records_format;

/* Reads the whole file.  The format is FITS when the file starts with "SIMPLE  =" and holds at least
 * one 2880-byte block, VOTable when the
 * first non-blank byte is '<', JSON when it is '[' or '{', else CSV.  Cells are text: FITS numbers are
 * written with 17 significant digits, logicals as "true"/"false", vector columns as their elements
 * separated by blanks; FITS nulls (TNULL, NaN), VOTable empty cells, NaN in float fields and the
 * VALUES null value read as empty cells.
 * Fails (IFS_ERR_IO / IFS_ERR_INPUT, message naming the file and line, HDU or row) on an
 * unreadable or empty file, binary content that is not FITS, an unterminated quote, a row whose
 * field count differs from the header, a duplicate or empty column name, JSON that is not an array
 * of flat objects, a FITS file without a table HDU, malformed XML, a VOTable without a TABLE or
 * with a serialization other than TABLEDATA.
 * *out is NULL on failure; free the result with ifs_records_free. */
int ifs_records_open(const char *path, ifs_records **out, ifs_error *err);
void ifs_records_free(ifs_records *r);

const char *ifs_records_path(const ifs_records *r);
ifs_records_format ifs_records_format_of(const ifs_records *r);
size_t ifs_records_ncols(const ifs_records *r);
size_t ifs_records_nrows(const ifs_records *r);
const char *ifs_records_colname(const ifs_records *r, size_t col);
/* Column index of name, or -1 when absent. */
int ifs_records_col(const ifs_records *r, const char *name);

/* The cell text, or NULL when the cell is empty or absent (JSON null or missing key). */
const char *ifs_records_get(const ifs_records *r, size_t row, int col);

/* "line N" for CSV and VOTable (1-based line in the file where the row starts), "index N" for JSON
 * (0-based array index), "row N" for FITS (1-based table row). */
const char *ifs_records_where(const ifs_records *r, size_t row, char *buf, size_t bufsize);

/* Strict number parsing of a cell: the whole text must be a finite number.
 * Returns 0 and sets *value, or sets *value = NAN and returns 0 when the cell is empty and
 * optional is non-zero; otherwise IFS_ERR_INPUT with "FILE: line N, column 'NAME': ...". */
int ifs_records_double(const ifs_records *r, size_t row, int col, int optional, double *value,
                       ifs_error *err);

/* Checks that every column of the file is in the NULL-terminated list allowed and that every
 * column of required is present; the error names the file and the offending column. */
int ifs_records_check_columns(const ifs_records *r, const char *const *allowed,
                              const char *const *required, ifs_error *err);

/* Finds two rows with the same values in the key columns cols[0..ncols-1] (empty cells compare
 * equal).  Returns 1 and sets *row (the earliest repeat, in file order) and *first (the row it
 * repeats), or 0 when all keys are distinct (-1 when out of memory). */
int ifs_records_duplicate(const ifs_records *r, const int *cols, size_t ncols, size_t *row, size_t *first);

/* Sets err to IFS_ERR_INPUT with "FILE: line N, column 'COLUMN': MESSAGE" and returns that code. */
int ifs_records_error(const ifs_records *r, size_t row, const char *column, ifs_error *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Strict parse of a whole string as a finite double; returns 0 on success. */
int ifs_parse_double(const char *text, double *value);

#endif
