/* ifscat/copy.h: writing rows with PostgreSQL's binary COPY protocol (bulk loads of targets,
 * spaxel spectra, line fits) without formatting numbers as text. */
#ifndef IFSCAT_COPY_H
#define IFSCAT_COPY_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "ifscat/error.h"

typedef struct ifs_copy ifs_copy;

/* Starts "COPY table (cols) FROM STDIN (FORMAT binary)" (sql is that statement).
 * *out is NULL on failure. */
int ifs_copy_begin(PGconn *conn, const char *sql, ifs_copy **out, ifs_error *err);

/* Starts a row of nfields fields; then call one field writer per column, in order. */
void ifs_copy_row(ifs_copy *cp, int nfields);
void ifs_copy_null(ifs_copy *cp);
void ifs_copy_int2(ifs_copy *cp, int16_t v);
void ifs_copy_int4(ifs_copy *cp, int32_t v);
void ifs_copy_int8(ifs_copy *cp, int64_t v);
void ifs_copy_float4(ifs_copy *cp, float v);   /* real */
void ifs_copy_float8(ifs_copy *cp, double v);  /* double precision; NaN stays NaN */
/* double precision, with a non-finite value written as SQL NULL */
void ifs_copy_float8_or_null(ifs_copy *cp, double v);
void ifs_copy_bool(ifs_copy *cp, int v);
void ifs_copy_text(ifs_copy *cp, const char *s); /* NULL writes SQL NULL */
void ifs_copy_bytea(ifs_copy *cp, const void *data, size_t n);
/* One-dimensional arrays: real[] (float4), double precision[] (float8), integer[], boolean[]. */
void ifs_copy_float4_array(ifs_copy *cp, const float *v, size_t n);
void ifs_copy_float8_array(ifs_copy *cp, const double *v, size_t n);
void ifs_copy_int4_array(ifs_copy *cp, const int32_t *v, size_t n);
void ifs_copy_bool_array(ifs_copy *cp, const unsigned char *v, size_t n);
/* bit varying(n) from n flags (non-zero = 1); flag 0 is the leftmost bit, get_bit(col, 0) in SQL.
 * 1 bit per flag on the wire and on disk, where boolean[] takes 5 and 1 bytes. */
void ifs_copy_varbit(ifs_copy *cp, const unsigned char *flags, size_t n);

/* Finishes the COPY and reads the server's verdict; *rows (may be NULL) gets the row count.
 * Frees cp in every case.  A failure (ours or the server's) is reported here, once. */
int ifs_copy_end(ifs_copy *cp, long *rows, ifs_error *err);

#endif
