/* ingest.c: one FITS file into the catalog: content hash, the "unchanged" shortcut, the read, and
 * one transaction (advisory lock on the target, supersede, observation row, binary COPY of the
 * spaxels).  The COPY streams straight from the spaxel-major cube: no second copy of the data. */
#include "ifscat/ingest.h"

#include "ifscat/clock.h"
#include "ifscat/copy.h"
#include "ifscat/db.h"
#include "ifscat/version.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* First key of the two-key advisory lock that serialises ingests of one target (the second is
 * the target id); an arbitrary constant, distinct from the migration lock. */
#define INGEST_LOCK_CLASS "1229867843"


static const char sql_current_same_content[] =
    "SELECT observation_id, nx, ny, nwave, n_masked FROM ifscat.observation "
    "WHERE target_id = $1 AND sha256 = $2 AND status = 'current'";

/* Looks for the target's current observation with this content; fills res when found. */
static int find_unchanged(PGconn *conn, const char *target_id, ifs_ingest_result *res, int *found,
                          ifs_error *err)
{
    const char *p[2] = {target_id, res->sha256};
    PGresult *r = ifs_db_query(conn, sql_current_same_content, 2, p, err);
    if (!r)
        return err->code;
    *found = PQntuples(r) > 0;
    if (*found) {
        res->unchanged = 1;
        res->observation_id = atoll(PQgetvalue(r, 0, 0));
        res->nx = atol(PQgetvalue(r, 0, 1));
        res->ny = atol(PQgetvalue(r, 0, 2));
        res->nwave = atol(PQgetvalue(r, 0, 3));
        res->n_masked = atoll(PQgetvalue(r, 0, 4));
    }
    PQclear(r);
    return IFS_OK;
}

/* "{w1,w2,...}" with every digit of each double (a round trip). */
static char *array_literal(const double *v, size_t n)
{
    size_t cap = n * 26 + 3, len = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[len++] = '{';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s%.17g", i ? "," : "", v[i]);
    snprintf(s + len, cap - len, "}");
    return s;
}

static const char sql_supersede[] =
    "UPDATE ifscat.observation SET status = 'superseded', superseded_at = now() "
    "WHERE target_id = $1 AND kind = $2 AND instrument = $3 AND grating = $4 AND filter = $5 "
    "AND status = 'current' RETURNING observation_id";

static const char sql_insert[] =
    "INSERT INTO ifscat.observation (target_id, supersedes, format, file_name, file_path, file_size, "
    "sha256, kind, instrument, grating, filter, program, exptime_s, nx, ny, nwave, wave_um, "
    "pixscale_arcsec, ra_deg, dec_deg, wcs_header, conversion, n_spaxels, n_masked, "
    "software_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
    "$16, $17, $18, $19, $20, $21, $22, $23, $24, $25) RETURNING observation_id";

static const char sql_copy[] =
    "COPY ifscat.spaxel (target_id, observation_id, x, y, ra_deg, dec_deg, flux, err, mask) "
    "FROM STDIN (FORMAT binary)";

/* The transaction's writes after the lock: supersede, insert, COPY. */
static int write_observation(PGconn *conn, const char *target_id, const char *path,
                             const ifs_cube *c, const ifs_ingest_options *opt,
                             ifs_ingest_result *res, ifs_error *err)
{
    int spectrum = strcmp(c->format, "jwst-x1d") == 0 || strcmp(c->format, "msaexp-spec1d") == 0;
    const char *kind = spectrum ? "spectrum" : "cube";
    const char *ps[5] = {target_id, kind, c->instrument, c->grating, c->filter};
    PGresult *r = ifs_db_query(conn, sql_supersede, 5, ps, err);
    if (!r)
        return err->code;
    res->superseded_id = PQntuples(r) ? atoll(PQgetvalue(r, 0, 0)) : 0;
    PQclear(r);

    char *wave = array_literal(c->wave_um, c->nwave);
    if (!wave)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    char abspath[PATH_MAX], supersedes[24], size[24], exptime[32], nx[16], ny[16], nwave[16],
        pixscale[32], ra[32], dec[32], nspax[24], nmasked[24];
    if (!realpath(path, abspath))
        snprintf(abspath, sizeof abspath, "%s", path);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(supersedes, sizeof supersedes, "%lld", res->superseded_id);
    snprintf(size, sizeof size, "%lld", res->file_size);
    snprintf(exptime, sizeof exptime, "%.17g", c->exptime_s);
    snprintf(nx, sizeof nx, "%zu", c->nx);
    snprintf(ny, sizeof ny, "%zu", c->ny);
    snprintf(nwave, sizeof nwave, "%zu", c->nwave);
    snprintf(pixscale, sizeof pixscale, "%.17g", c->pixscale_arcsec);
    size_t centre = (c->ny / 2) * c->nx + c->nx / 2;
    if (c->ra_deg) {
        snprintf(ra, sizeof ra, "%.17g", c->ra_deg[centre]);
        snprintf(dec, sizeof dec, "%.17g", c->dec_deg[centre]);
    }
    snprintf(nspax, sizeof nspax, "%zu", c->nx * c->ny);
    snprintf(nmasked, sizeof nmasked, "%lld", res->n_masked);
    const char *program = opt->program ? opt->program : *c->program ? c->program : NULL;
    const char *p[25] = {target_id, res->superseded_id ? supersedes : NULL, c->format, base,
                         abspath, size, res->sha256, kind, c->instrument, c->grating, c->filter,
                         program, c->exptime_s > 0 ? exptime : NULL, nx, ny, nwave, wave,
                         c->pixscale_arcsec > 0 ? pixscale : NULL, c->ra_deg ? ra : NULL,
                         c->ra_deg ? dec : NULL, c->wcs_header, c->conversion, nspax, nmasked,
                         IFS_VERSION};
    r = ifs_db_query(conn, sql_insert, 25, p, err);
    free(wave);
    if (!r)
        return err->code;
    res->observation_id = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);

    ifs_copy *cp;
    if (ifs_copy_begin(conn, sql_copy, &cp, err))
        return err->code;
    long long tid = atoll(target_id);
    for (size_t y = 0; y < c->ny; y++)
        for (size_t x = 0; x < c->nx; x++) {
            size_t s = y * c->nx + x, off = s * c->nwave;
            ifs_copy_row(cp, 9);
            ifs_copy_int8(cp, tid);
            ifs_copy_int8(cp, res->observation_id);
            ifs_copy_int2(cp, (int16_t)x);
            ifs_copy_int2(cp, (int16_t)y);
            if (c->ra_deg) {
                ifs_copy_float8(cp, c->ra_deg[s]);
                ifs_copy_float8(cp, c->dec_deg[s]);
            } else {
                ifs_copy_null(cp);
                ifs_copy_null(cp);
            }
            ifs_copy_float4_array(cp, c->flux + off, c->nwave);
            ifs_copy_float4_array(cp, c->err + off, c->nwave);
            ifs_copy_varbit(cp, c->mask + off, c->nwave);
        }
    return ifs_copy_end(cp, NULL, err);
}

int ifs_ingest_file(PGconn *conn, const char *path, const ifs_ingest_options *opt,
                    ifs_ingest_result *res, ifs_error *err)
{
    memset(res, 0, sizeof *res);
    double t0 = ifs_clock_s();
    if (ifs_sha256_file(path, res->sha256, &res->file_size, err))
        return err->code;
    res->seconds_hash = ifs_clock_s() - t0;

    const char *pt[1] = {opt->target};
    PGresult *r = ifs_db_query(conn, "SELECT target_id FROM ifscat.target WHERE name = $1", 1, pt, err);
    if (!r)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return ifs_error_set(err, IFS_ERR_INPUT,
                             "%s: unknown target '%s' (add it first: ifscat target import)", path,
                             opt->target);
    }
    char target_id[24];
    snprintf(target_id, sizeof target_id, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);

    int found = 0;
    if (find_unchanged(conn, target_id, res, &found, err))
        return err->code;
    if (found)
        return IFS_OK;

    ifs_cube *c = NULL;
    double t1 = ifs_clock_s();
    if (ifs_cube_read(path, &opt->read, &c, err))
        return err->code;
    res->seconds_read = ifs_clock_s() - t1;
    res->nx = (long)c->nx;
    res->ny = (long)c->ny;
    res->nwave = (long)c->nwave;
    for (size_t i = 0, n = c->nx * c->ny * c->nwave; i < n; i++)
        res->n_masked += c->mask[i];

    double t2 = ifs_clock_s();
    int code = IFS_OK;
    const char *pl[1] = {target_id};
    if ((code = ifs_db_begin(conn, err)) ||
        (code = ifs_db_exec(conn, "SELECT pg_advisory_xact_lock(" INGEST_LOCK_CLASS ", $1::int)", 1,
                            pl, err)))
        goto exit;
    /* Another ingest of the same content may have committed while this one was reading. */
    if ((code = find_unchanged(conn, target_id, res, &found, err)))
        goto exit;
    if (found) {
        res->concurrent = 1;
        ifs_db_rollback(conn);
        goto exit;
    }
    if ((code = write_observation(conn, target_id, path, c, opt, res, err)) ||
        (code = ifs_db_commit(conn, err)))
        goto exit;
    res->seconds_write = ifs_clock_s() - t2;
exit:
    if (code) {
        ifs_db_rollback(conn);
        ifs_error_prefix(err, "%s", path);
    }
    ifs_cube_free(c);
    return code;
}
