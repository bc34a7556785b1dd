/* literature_import.c: writing a literature compilation into the catalog as one source (replacing
 * an earlier import of the same name) in a single transaction, and deleting sources. */
#include "ifscat/literature.h"

#include "ifscat/copy.h"
#include "ifscat/db.h"
#include "ifscat/digest.h"
#include "ifscat/litmap.h"
#include "ifscat/records.h"
#include "ifscat/sample.h"
#include "ifscat/version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 when name is a valid source name: letters, digits, _ . + - (no ":", which --with-literature
 * uses to separate the redshift range). */
static int name_valid(const char *name)
{
    if (!name || !*name)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
              *p == '.' || *p == '+' || *p == '-'))
            return 0;
    return 1;
}

static void copy_value(ifs_copy *cp, const ifs_litvalue *v)
{
    ifs_copy_float8_or_null(cp, v->value);
    ifs_copy_float8_or_null(cp, v->lo);
    ifs_copy_float8_or_null(cp, v->hi);
    ifs_copy_text(cp, v->limit == IFS_LIMIT_UPPER ? "upper" : v->limit == IFS_LIMIT_LOWER ? "lower" : NULL);
}

static int write_points(PGconn *conn, const char *source_id, const ifs_records *r, const ifs_litpoint *pts,
                        const size_t *rows, size_t n, ifs_error *err)
{
    ifs_copy *cp;
    int status = ifs_copy_begin(conn,
                                "COPY ifscat.literature_point (source_id, row_ref, name, reference, ra_deg, dec_deg,"
                                " z, z_lo, z_hi, logm, logm_lo, logm_hi, logm_limit, logsfr, logsfr_lo, logsfr_hi,"
                                " logsfr_limit, oh, oh_lo, oh_hi, oh_limit, gradient, gradient_lo, gradient_hi,"
                                " gradient_limit) FROM STDIN (FORMAT binary)",
                                &cp, err);
    if (status)
        return status;
    long long sid = atoll(source_id);
    for (size_t i = 0; i < n; i++) {
        const ifs_litpoint *p = &pts[i];
        char where[48];
        ifs_copy_row(cp, 25);
        ifs_copy_int8(cp, sid);
        ifs_copy_text(cp, ifs_records_where(r, rows[i], where, sizeof where));
        ifs_copy_text(cp, p->name);
        ifs_copy_text(cp, p->reference);
        ifs_copy_float8_or_null(cp, p->ra_deg);
        ifs_copy_float8_or_null(cp, p->dec_deg);
        ifs_copy_float8(cp, p->z.value);
        ifs_copy_float8_or_null(cp, p->z.lo);
        ifs_copy_float8_or_null(cp, p->z.hi);
        copy_value(cp, &p->logm);
        copy_value(cp, &p->logsfr);
        copy_value(cp, &p->oh);
        copy_value(cp, &p->gradient);
    }
    return ifs_copy_end(cp, NULL, err);
}

static int store(PGconn *conn, const char *path, const ifs_literature_options *opt, const ifs_litmap *map,
                 const ifs_records *r, const ifs_litpoint *pts, const size_t *rows, ifs_literature_result *res,
                 ifs_error *err)
{
    char sha[IFS_SHA256_HEX], bytes[32], radius[32], npoints[32], nskipped[32];
    long long size = 0;
    int status = ifs_sha256_file(path, sha, &size, err);
    if (status)
        return status;
    snprintf(bytes, sizeof bytes, "%lld", size);
    snprintf(radius, sizeof radius, "%.17g", opt->match_radius_arcsec);
    snprintf(npoints, sizeof npoints, "%zu", res->imported);
    snprintf(nskipped, sizeof nskipped, "%zu", res->skipped);
    if ((status = ifs_db_begin(conn, err)))
        return status;
    const char *name[] = {opt->source};
    PGresult *q = ifs_db_query(conn, "DELETE FROM ifscat.literature_source WHERE name = $1", 1, name, err);
    if (!q)
        goto fail;
    res->replaced = atoi(PQcmdTuples(q)) > 0;
    PQclear(q);
    const char *params[] = {opt->source, opt->reference, path, res->format, bytes, sha, ifs_litmap_json(map),
                            radius, npoints, nskipped, IFS_VERSION};
    q = ifs_db_query(conn,
                     "INSERT INTO ifscat.literature_source (name, reference, file_name, file_format, file_bytes,"
                     " file_sha256, mapping, match_radius_arcsec, n_points, n_skipped, software_version)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING source_id",
                     11, params, err);
    if (!q)
        goto fail;
    status = write_points(conn, PQgetvalue(q, 0, 0), r, pts, rows, res->imported, err);
    PQclear(q);
    if (status || (status = ifs_db_commit(conn, err)))
        goto fail;
    return IFS_OK;
fail:
    ifs_db_rollback(conn);
    return err->code ? err->code : IFS_ERR_DB;
}

int ifs_literature_import(PGconn *conn, const char *path, const ifs_literature_options *opt,
                          ifs_literature_result *res, ifs_error *err)
{
    static const char *const formats[] = {"csv", "json", "fits", "votable"}; /* by ifs_records_format */
    memset(res, 0, sizeof *res);
    if (!name_valid(opt->source))
        return ifs_error_set(err, IFS_ERR_INPUT, "source name '%s' may only hold letters, digits and _ . + -",
                             opt->source ? opt->source : "");
    if (!(opt->match_radius_arcsec > 0) || !isfinite(opt->match_radius_arcsec))
        return ifs_error_set(err, IFS_ERR_INPUT, "the match radius must be a positive number of arcsec");
    ifs_records *r = NULL;
    ifs_litmap *map = NULL;
    ifs_litpoint *pts = NULL;
    size_t *rows = NULL;
    int status = ifs_litmap_load(opt->map_path, &map, err);
    if (status || (status = ifs_records_open(path, &r, err)) || (status = ifs_litmap_bind(map, r, err)))
        goto exit;
    snprintf(res->format, sizeof res->format, "%s", formats[ifs_records_format_of(r)]);
    ifs_litmap_unused(map, r, res->unused, sizeof res->unused);
    res->rows = ifs_records_nrows(r);
    pts = malloc((res->rows ? res->rows : 1) * sizeof *pts);
    rows = malloc((res->rows ? res->rows : 1) * sizeof *rows);
    if (!pts || !rows) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory for %zu rows", path, res->rows);
        goto exit;
    }
    for (size_t i = 0; i < res->rows; i++) {
        ifs_error row_err;
        if (ifs_litmap_row(map, r, i, &pts[res->imported], &row_err) == IFS_OK) {
            rows[res->imported++] = i;
        } else if (opt->skip_bad && row_err.code == IFS_ERR_INPUT) {
            res->skipped++;
            if (opt->on_skip)
                opt->on_skip(opt->ctx, row_err.msg);
        } else {
            *err = row_err;
            status = row_err.code;
            goto exit;
        }
    }
    if (res->imported == 0) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: no rows to import%s", path,
                               res->skipped ? " (every row was bad)" : " (the table is empty)");
        goto exit;
    }
    status = store(conn, path, opt, map, r, pts, rows, res, err);
exit:
    free(pts);
    free(rows);
    ifs_litmap_free(map);
    ifs_records_free(r);
    return status;
}

int ifs_literature_delete(PGconn *conn, const char *source, ifs_error *err)
{
    int status = ifs_litsource_check(conn, source, err);
    if (status)
        return status;
    const char *params[] = {source};
    return ifs_db_exec(conn, "DELETE FROM ifscat.literature_source WHERE name = $1", 1, params, err);
}
