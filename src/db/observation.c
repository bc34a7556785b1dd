/* observation.c: an observation's spectra from the catalog into an ifs_cube, decoding
 * PostgreSQL's binary send formats (PostgreSQL source: array_send, float4send, varbit_send). */
#include "ifscat/observation.h"

#include "ifscat/db.h"

#include <arpa/inet.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OID_FLOAT4 = 700 }; /* pg_type.dat */

static uint32_t get_u32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return ntohl(v);
}

static int16_t get_i16(const char *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return (int16_t)ntohs(v);
}

static double get_f8(const char *p)
{
    uint64_t v = ((uint64_t)get_u32(p) << 32) | get_u32(p + 4);
    double d;
    memcpy(&d, &v, 8);
    return d;
}

/* A one-dimensional real[] of n elements (array_send: ndim, has-nulls, element type, size, lower
 * bound, then length + value per element; a NULL element becomes NaN). */
static int get_float4_array(const char *p, int len, size_t n, float *out)
{
    if (len < 20 || get_u32(p) != 1 || get_u32(p + 8) != OID_FLOAT4 || get_u32(p + 12) != n)
        return -1;
    const char *q = p + 20, *end = p + len;
    for (size_t i = 0; i < n; i++) {
        if (q + 4 > end)
            return -1;
        int32_t elen = (int32_t)get_u32(q);
        q += 4;
        if (elen == -1) {
            out[i] = NAN;
            continue;
        }
        if (elen != 4 || q + 4 > end)
            return -1;
        uint32_t u = get_u32(q);
        memcpy(&out[i], &u, 4);
        q += 4;
    }
    return 0;
}

/* bit varying of n bits (varbit_send: bit length, then the bits, first bit the most significant). */
static int get_varbit(const char *p, int len, size_t n, unsigned char *out)
{
    if (len < 4 || get_u32(p) != n || (size_t)len < 4 + (n + 7) / 8)
        return -1;
    const unsigned char *b = (const unsigned char *)p + 4;
    for (size_t i = 0; i < n; i++)
        out[i] = (b[i / 8] >> (7 - i % 8)) & 1;
    return 0;
}

static const char sql_meta[] =
    "SELECT target_id, nx, ny, nwave, wave_um, instrument, grating, filter, coalesce(program, ''), "
    "format, coalesce(exptime_s, 0), coalesce(pixscale_arcsec, 0), wcs_header, conversion "
    "FROM ifscat.observation WHERE observation_id = $1";

static const char sql_spaxels[] =
    "SELECT x, y, ra_deg, dec_deg, flux, err, mask FROM ifscat.spaxel "
    "WHERE target_id = $1 AND observation_id = $2 AND x BETWEEN $3 AND $4 AND y BETWEEN $5 AND $6";

int ifs_observation_load(PGconn *conn, long long id, const ifs_rect *rect, ifs_cube **out,
                         ifs_error *err)
{
    *out = NULL;
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", id);
    const char *p1[1] = {ids};
    PGresult *meta = ifs_db_query(conn, sql_meta, 1, p1, err), *rows = NULL;
    if (!meta)
        return err->code;
    ifs_cube *c = NULL;
    int code = IFS_OK;
    if (PQntuples(meta) == 0) {
        code = ifs_error_set(err, IFS_ERR_INPUT, "no observation %lld", id);
        goto exit;
    }
    int nx = atoi(PQgetvalue(meta, 0, 1)), ny = atoi(PQgetvalue(meta, 0, 2));
    size_t nwave = (size_t)atol(PQgetvalue(meta, 0, 3));
    ifs_rect r = rect ? *rect : (ifs_rect){0, 0, nx - 1, ny - 1};
    if (r.x0 < 0 || r.y0 < 0 || r.x1 >= nx || r.y1 >= ny || r.x0 > r.x1 || r.y0 > r.y1) {
        code = ifs_error_set(err, IFS_ERR_INPUT,
                             "observation %lld: spaxels x %d-%d, y %d-%d are not inside its %dx%d", id,
                             r.x0, r.x1, r.y0, r.y1, nx, ny);
        goto exit;
    }
    size_t cnx = (size_t)(r.x1 - r.x0 + 1), cny = (size_t)(r.y1 - r.y0 + 1);
    c = ifs_cube_alloc(cnx, cny, nwave);
    if (!c) {
        code = ifs_error_set(err, IFS_ERR_NOMEM, "observation %lld: out of memory", id);
        goto exit;
    }
    if (ifs_db_parse_doubles(PQgetvalue(meta, 0, 4), nwave, c->wave_um)) {
        code = ifs_error_set(err, IFS_ERR_STATE, "observation %lld: unreadable wave_um", id);
        goto exit;
    }
    snprintf(c->instrument, sizeof c->instrument, "%s", PQgetvalue(meta, 0, 5));
    snprintf(c->grating, sizeof c->grating, "%s", PQgetvalue(meta, 0, 6));
    snprintf(c->filter, sizeof c->filter, "%s", PQgetvalue(meta, 0, 7));
    snprintf(c->program, sizeof c->program, "%s", PQgetvalue(meta, 0, 8));
    snprintf(c->format, sizeof c->format, "%s", PQgetvalue(meta, 0, 9));
    c->exptime_s = atof(PQgetvalue(meta, 0, 10));
    c->pixscale_arcsec = atof(PQgetvalue(meta, 0, 11));
    snprintf(c->conversion, sizeof c->conversion, "%s", PQgetvalue(meta, 0, 13));
    if (!PQgetisnull(meta, 0, 12) && !(c->wcs_header = strdup(PQgetvalue(meta, 0, 12)))) {
        code = ifs_error_set(err, IFS_ERR_NOMEM, "observation %lld: out of memory", id);
        goto exit;
    }

    char b[4][16];
    snprintf(b[0], sizeof b[0], "%d", r.x0);
    snprintf(b[1], sizeof b[1], "%d", r.x1);
    snprintf(b[2], sizeof b[2], "%d", r.y0);
    snprintf(b[3], sizeof b[3], "%d", r.y1);
    const char *p2[6] = {PQgetvalue(meta, 0, 0), ids, b[0], b[1], b[2], b[3]};
    rows = PQexecParams(conn, sql_spaxels, 6, NULL, p2, NULL, NULL, 1);
    if (PQresultStatus(rows) != PGRES_TUPLES_OK) {
        code = ifs_db_result_error(rows, conn, err);
        goto exit;
    }
    if ((size_t)PQntuples(rows) != cnx * cny) {
        code = ifs_error_set(err, IFS_ERR_STATE, "observation %lld: %d spaxel rows where %zu were expected",
                             id, PQntuples(rows), cnx * cny);
        goto exit;
    }
    int have_sky = 1;
    for (int i = 0; i < PQntuples(rows); i++)
        have_sky &= !PQgetisnull(rows, i, 2) && !PQgetisnull(rows, i, 3);
    if (have_sky) {
        c->ra_deg = malloc(cnx * cny * sizeof *c->ra_deg);
        c->dec_deg = malloc(cnx * cny * sizeof *c->dec_deg);
        if (!c->ra_deg || !c->dec_deg) {
            code = ifs_error_set(err, IFS_ERR_NOMEM, "observation %lld: out of memory", id);
            goto exit;
        }
    }
    for (int i = 0; i < PQntuples(rows) && !code; i++) {
        int x = get_i16(PQgetvalue(rows, i, 0)) - r.x0, y = get_i16(PQgetvalue(rows, i, 1)) - r.y0;
        size_t s = (size_t)y * cnx + (size_t)x, off = s * nwave;
        if (have_sky) {
            c->ra_deg[s] = get_f8(PQgetvalue(rows, i, 2));
            c->dec_deg[s] = get_f8(PQgetvalue(rows, i, 3));
        }
        if (get_float4_array(PQgetvalue(rows, i, 4), PQgetlength(rows, i, 4), nwave, c->flux + off) ||
            get_float4_array(PQgetvalue(rows, i, 5), PQgetlength(rows, i, 5), nwave, c->err + off) ||
            get_varbit(PQgetvalue(rows, i, 6), PQgetlength(rows, i, 6), nwave, c->mask + off))
            code = ifs_error_set(err, IFS_ERR_STATE,
                                 "observation %lld: spaxel (%d, %d) does not hold %zu channels", id,
                                 x + r.x0, y + r.y0, nwave);
    }
exit:
    PQclear(meta);
    PQclear(rows);
    if (code)
        ifs_cube_free(c);
    else
        *out = c;
    return code;
}

int ifs_observation_current(PGconn *conn, const char *target, const char *kind, long long *id,
                            ifs_error *err)
{
    *id = 0;
    const char *p[2] = {target, kind};
    PGresult *r = ifs_db_query(conn,
                               "SELECT o.observation_id FROM ifscat.current_observation o "
                               "JOIN ifscat.target t USING (target_id) WHERE t.name = $1 "
                               "AND ($2::text IS NULL OR o.kind::text = $2) ORDER BY 1",
                               2, p, err);
    if (!r)
        return err->code;
    int n = PQntuples(r);
    if (n == 1)
        *id = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    const char *of = kind ? " of kind " : "", *k = kind ? kind : "";
    if (n == 0)
        return ifs_error_set(err, IFS_ERR_INPUT, "target '%s' has no current observation%s%s", target,
                             of, k);
    if (n > 1)
        return ifs_error_set(err, IFS_ERR_INPUT,
                             "target '%s' has %d current observations%s%s (several setups): give the "
                             "observation id", target, n, of, k);
    return IFS_OK;
}

int ifs_observation_choose(PGconn *conn, const char *target, long long given, long long *id, ifs_error *err)
{
    *id = 0;
    if (!given)
        return ifs_observation_current(conn, target, NULL, id, err);
    char given_text[24];
    snprintf(given_text, sizeof given_text, "%lld", given);
    const char *p[1] = {given_text};
    PGresult *r = ifs_db_query(conn,
                               "SELECT t.name FROM ifscat.observation o JOIN ifscat.target t USING (target_id) "
                               "WHERE o.observation_id = $1",
                               1, p, err);
    if (!r)
        return err->code;
    int status = IFS_OK;
    if (PQntuples(r) == 0)
        status = ifs_error_set(err, IFS_ERR_INPUT, "unknown observation %lld (see ifscat observation list)", given);
    else if (strcmp(PQgetvalue(r, 0, 0), target) != 0)
        status = ifs_error_set(err, IFS_ERR_INPUT, "observation %lld belongs to target '%s', not '%s'", given,
                               PQgetvalue(r, 0, 0), target);
    else
        *id = given;
    PQclear(r);
    return status;
}
