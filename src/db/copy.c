/* copy.c: a buffered writer of PostgreSQL binary COPY data (see the PostgreSQL manual, COPY,
 * "Binary Format": signature, flags, header extension, then per row an int16 field count and per
 * field an int32 length and the value in network byte order; arrays as in array_send()). */
#include "ifscat/copy.h"

#include "ifscat/db.h"
#include "ifscat/pgbinary.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>


#define FLUSH_AT (1 << 20)

struct ifs_copy {
    PGconn *conn;
    char *buf;
    size_t len, cap;
    long rows;
    int failed; /* out of memory or a PQputCopyData failure: reported at the end */
};

/* Makes room for n more bytes; 0 when out of memory (cp->failed is then set). */
static int reserve(ifs_copy *cp, size_t n)
{
    if (cp->failed)
        return 0;
    if (cp->len + n > cp->cap) {
        size_t cap = cp->cap;
        while (cp->len + n > cap)
            cap *= 2;
        char *b = realloc(cp->buf, cap);
        if (!b) {
            cp->failed = 1;
            return 0;
        }
        cp->buf = b;
        cp->cap = cap;
    }
    return 1;
}

static void put(ifs_copy *cp, const void *data, size_t n)
{
    if (!reserve(cp, n))
        return;
    memcpy(cp->buf + cp->len, data, n);
    cp->len += n;
}

static void flush(ifs_copy *cp)
{
    if (!cp->failed && cp->len && PQputCopyData(cp->conn, cp->buf, (int)cp->len) != 1)
        cp->failed = 1;
    cp->len = 0;
}

static void put_u16(ifs_copy *cp, uint16_t v) { v = htons(v); put(cp, &v, 2); }
static void put_u32(ifs_copy *cp, uint32_t v) { v = htonl(v); put(cp, &v, 4); }

static void put_u64(ifs_copy *cp, uint64_t v)
{
    put_u32(cp, (uint32_t)(v >> 32));
    put_u32(cp, (uint32_t)v);
}

int ifs_copy_begin(PGconn *conn, const char *sql, ifs_copy **out, ifs_error *err)
{
    *out = NULL;
    PGresult *r = PQexec(conn, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        ifs_db_result_error(r, conn, err);
        PQclear(r);
        return err->code;
    }
    PQclear(r);
    ifs_copy *cp = calloc(1, sizeof *cp);
    if (!cp || !(cp->buf = malloc(FLUSH_AT + 4096))) {
        free(cp);
        PQputCopyEnd(conn, "out of memory");
        while ((r = PQgetResult(conn)))
            PQclear(r);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory starting a COPY");
    }
    cp->conn = conn;
    cp->cap = FLUSH_AT + 4096;
    static const char signature[11] = "PGCOPY\n\377\r\n";
    put(cp, signature, 11);
    put_u32(cp, 0); /* flags */
    put_u32(cp, 0); /* header extension length */
    *out = cp;
    return IFS_OK;
}

void ifs_copy_row(ifs_copy *cp, int nfields)
{
    if (cp->len >= FLUSH_AT)
        flush(cp);
    put_u16(cp, (uint16_t)nfields);
    cp->rows++;
}

void ifs_copy_null(ifs_copy *cp) { put_u32(cp, 0xFFFFFFFFu); }

void ifs_copy_int2(ifs_copy *cp, int16_t v)
{
    put_u32(cp, 2);
    put_u16(cp, (uint16_t)v);
}

void ifs_copy_int4(ifs_copy *cp, int32_t v)
{
    put_u32(cp, 4);
    put_u32(cp, (uint32_t)v);
}

void ifs_copy_int8(ifs_copy *cp, int64_t v)
{
    put_u32(cp, 8);
    put_u64(cp, (uint64_t)v);
}

void ifs_copy_float4(ifs_copy *cp, float v)
{
    uint32_t u;
    memcpy(&u, &v, 4);
    put_u32(cp, 4);
    put_u32(cp, u);
}

void ifs_copy_float8(ifs_copy *cp, double v)
{
    uint64_t u;
    memcpy(&u, &v, 8);
    put_u32(cp, 8);
    put_u64(cp, u);
}

void ifs_copy_float8_or_null(ifs_copy *cp, double v)
{
    if (v != v || v - v != 0) /* NaN or infinite */
        ifs_copy_null(cp);
    else
        ifs_copy_float8(cp, v);
}

void ifs_copy_bool(ifs_copy *cp, int v)
{
    unsigned char b = v != 0;
    put_u32(cp, 1);
    put(cp, &b, 1);
}

void ifs_copy_text(ifs_copy *cp, const char *s)
{
    if (!s) {
        ifs_copy_null(cp);
        return;
    }
    size_t n = strlen(s);
    put_u32(cp, (uint32_t)n);
    put(cp, s, n);
}

void ifs_copy_bytea(ifs_copy *cp, const void *data, size_t n)
{
    put_u32(cp, (uint32_t)n);
    put(cp, data, n);
}

/* The field length, then array_send()'s header (ifscat/pgbinary.h). */
static void array_header(ifs_copy *cp, size_t n, uint32_t elem_oid, uint32_t elem_size)
{
    unsigned char header[IFS_PGBIN_ARRAY_HEADER];
    put_u32(cp, (uint32_t)(IFS_PGBIN_ARRAY_HEADER + n * (4 + elem_size)));
    ifs_pgbin_array_header(header, n, elem_oid, 0);
    put(cp, header, sizeof header);
}

void ifs_copy_float4_array(ifs_copy *cp, const float *v, size_t n)
{
    array_header(cp, n, IFS_OID_FLOAT4, 4);
    if (!reserve(cp, 8 * n)) /* one reservation per array: this loop carries spectra */
        return;
    unsigned char *o = (unsigned char *)cp->buf + cp->len;
    for (size_t i = 0; i < n; i++, o += 8) {
        uint32_t u, len = htonl(4);
        memcpy(&u, &v[i], 4);
        u = htonl(u);
        memcpy(o, &len, 4);
        memcpy(o + 4, &u, 4);
    }
    cp->len += 8 * n;
}

void ifs_copy_float8_array(ifs_copy *cp, const double *v, size_t n)
{
    array_header(cp, n, IFS_OID_FLOAT8, 8);
    for (size_t i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, &v[i], 8);
        put_u32(cp, 8);
        put_u64(cp, u);
    }
}

void ifs_copy_int4_array(ifs_copy *cp, const int32_t *v, size_t n)
{
    array_header(cp, n, IFS_OID_INT4, 4);
    for (size_t i = 0; i < n; i++) {
        put_u32(cp, 4);
        put_u32(cp, (uint32_t)v[i]);
    }
}

void ifs_copy_bool_array(ifs_copy *cp, const unsigned char *v, size_t n)
{
    array_header(cp, n, IFS_OID_BOOL, 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char b = v[i] != 0;
        put_u32(cp, 1);
        put(cp, &b, 1);
    }
}

void ifs_copy_varbit(ifs_copy *cp, const unsigned char *flags, size_t n)
{
    size_t nbytes = (n + 7) / 8;
    put_u32(cp, (uint32_t)(4 + nbytes)); /* varbit_send(): int32 bit length, then the bits */
    put_u32(cp, (uint32_t)n);
    if (!reserve(cp, nbytes))
        return;
    unsigned char *o = (unsigned char *)cp->buf + cp->len;
    memset(o, 0, nbytes);
    for (size_t i = 0; i < n; i++)
        if (flags[i])
            o[i / 8] |= (unsigned char)(0x80u >> (i % 8)); /* the first flag is the leftmost bit */
    cp->len += nbytes;
}

int ifs_copy_end(ifs_copy *cp, long *rows, ifs_error *err)
{
    PGconn *conn = cp->conn;
    int status = IFS_OK;
    put_u16(cp, 0xFFFF); /* file trailer */
    flush(cp);
    int failed = cp->failed;
    long n = cp->rows;
    free(cp->buf);
    free(cp);
    if (PQputCopyEnd(conn, failed ? "ifscat: out of memory or connection failure" : NULL) != 1)
        status = ifs_error_set(err, IFS_ERR_DB, "database: COPY could not be finished: %s",
                               PQerrorMessage(conn));
    PGresult *r;
    while ((r = PQgetResult(conn))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && !status)
            status = ifs_db_result_error(r, conn, err);
        PQclear(r);
    }
    if (!status && rows)
        *rows = n;
    return status;
}
