/* ifscat/pgbinary.h: arrays in PostgreSQL's binary wire format (array_send: PostgreSQL's
 * src/backend/utils/adt/arrayfuncs.c), for binary COPY and for binary query parameters, so that
 * large arrays travel without formatting or parsing numbers as text. */
#ifndef IFSCAT_PGBINARY_H
#define IFSCAT_PGBINARY_H

#include <stddef.h>
#include <stdint.h>

#include "ifscat/error.h"

/* Element type OIDs (PostgreSQL's pg_type.dat). */
enum { IFS_OID_BOOL = 16, IFS_OID_INT8 = 20, IFS_OID_INT4 = 23, IFS_OID_FLOAT4 = 700, IFS_OID_FLOAT8 = 701 };

#define IFS_PGBIN_ARRAY_HEADER 20

/* The header of a one-dimensional array of n elements (ndim, has-nulls flag, element type, size,
 * lower bound 1), in network byte order. */
void ifs_pgbin_array_header(unsigned char out[IFS_PGBIN_ARRAY_HEADER], size_t n, uint32_t elem_oid, int has_nulls);

/* A float8[] of v[0], v[stride], ... v[(n-1) stride], as one malloc'ed value (*buf, *len bytes). */
int ifs_pgbin_float8_array(const double *v, size_t n, size_t stride, char **buf, int *len, ifs_error *err);

/* An int8[] of v[0..n-1], zeros written as NULL; malloc'ed as above. */
int ifs_pgbin_int8_array(const long long *v, size_t n, char **buf, int *len, ifs_error *err);

#endif
