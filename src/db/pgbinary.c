/* pgbinary.c: one-dimensional arrays in PostgreSQL's binary format (array_send). */
#include "ifscat/pgbinary.h"

#include <stdlib.h>
#include <string.h>

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
    return p + 4;
}

static unsigned char *put64(unsigned char *p, uint64_t v)
{
    return put32(put32(p, (uint32_t)(v >> 32)), (uint32_t)v);
}

void ifs_pgbin_array_header(unsigned char out[IFS_PGBIN_ARRAY_HEADER], size_t n, uint32_t elem_oid, int has_nulls)
{
    unsigned char *p = put32(out, 1); /* ndim */
    p = put32(p, has_nulls ? 1 : 0);
    p = put32(p, elem_oid);
    p = put32(p, (uint32_t)n);
    put32(p, 1); /* lower bound */
}

/* Room for a header and n elements of at most 4 + 8 bytes. */
static unsigned char *alloc_array(size_t n, char **buf, int *len, ifs_error *err)
{
    size_t size = IFS_PGBIN_ARRAY_HEADER + n * 12;
    if (size > 0x7fffffff || !(*buf = malloc(size))) {
        ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for an array of %zu values", n);
        return NULL;
    }
    *len = 0;
    return (unsigned char *)*buf;
}

int ifs_pgbin_float8_array(const double *v, size_t n, size_t stride, char **buf, int *len, ifs_error *err)
{
    unsigned char *start = alloc_array(n, buf, len, err), *p;
    if (!start)
        return err->code;
    ifs_pgbin_array_header(start, n, IFS_OID_FLOAT8, 0);
    p = start + IFS_PGBIN_ARRAY_HEADER;
    for (size_t i = 0; i < n; i++) {
        uint64_t bits;
        memcpy(&bits, &v[i * stride], 8);
        p = put64(put32(p, 8), bits);
    }
    *len = (int)(p - start);
    return IFS_OK;
}

int ifs_pgbin_int8_array(const long long *v, size_t n, char **buf, int *len, ifs_error *err)
{
    unsigned char *start = alloc_array(n, buf, len, err), *p;
    if (!start)
        return err->code;
    int nulls = 0;
    for (size_t i = 0; i < n && !nulls; i++)
        nulls = v[i] == 0;
    ifs_pgbin_array_header(start, n, IFS_OID_INT8, nulls);
    p = start + IFS_PGBIN_ARRAY_HEADER;
    for (size_t i = 0; i < n; i++)
        p = v[i] ? put64(put32(p, 8), (uint64_t)v[i]) : put32(p, 0xFFFFFFFFu);
    *len = (int)(p - start);
    return IFS_OK;
}
