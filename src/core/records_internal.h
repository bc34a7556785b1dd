/* records_internal.h: what the tabular readers (records.c for CSV and JSON, records_fits.c,
 * records_votable.c) share: the record store and its growth helpers.  Not a public header. */
#ifndef IFSCAT_RECORDS_INTERNAL_H
#define IFSCAT_RECORDS_INTERNAL_H

#include "ifscat/records.h"

struct ifs_records {
    char *path;
    ifs_records_format format;
    char *text;          /* CSV/JSON/VOTable: the file; CSV cells point into it (unescaped in place) */
    size_t ncols, nrows, cap;
    char **colnames;
    char **cells;        /* nrows * ncols, NULL for empty */
    long *where;         /* CSV, VOTable: line of the row start; JSON: array index; FITS: row number */
    long header_line;    /* CSV: line of the header row */
    long *col_where;     /* JSON: per column, the array index where its key first appears */
    char **owned;        /* strings allocated for cells and names (JSON, FITS, VOTable) */
    size_t nowned, owned_cap;
};

/* Makes room for one more row of ncols cells (ncols must be final); -1 when out of memory. */
int ifs_records_grow(ifs_records *r);
/* Takes ownership of the malloc'ed string s (freed with the records) and returns it; NULL when s
 * is NULL or out of memory (s is then freed). */
char *ifs_records_own(ifs_records *r, char *s);

/* Backends: fill r (path set, everything else empty) from the file; errors name the file. */
int ifs_records_read_fits(ifs_records *r, ifs_error *err);
int ifs_records_read_votable(ifs_records *r, size_t len, ifs_error *err);

#endif
