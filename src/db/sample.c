/* sample.c: sample kinds, literature selections and reading literature points for the analysis
 * commands (the own sample is streamed by sample_stream.c). */
#include "ifscat/sample.h"

#include "ifscat/db.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"main", "satellites", "all"};

int ifs_sample_kind_parse(const char *text, ifs_sample_kind *out, ifs_error *err)
{
    for (int k = 0; k < 3; k++)
        if (strcmp(text, kind_names[k]) == 0) {
            *out = (ifs_sample_kind)k;
            return IFS_OK;
        }
    return ifs_error_set(err, IFS_ERR_INPUT, "unknown sample '%s' (use main, satellites or all)", text);
}

const char *ifs_sample_kind_name(ifs_sample_kind kind) { return kind_names[kind]; }

const char *ifs_values_name(ifs_values values) { return values == IFS_VALUES_IMPORTED ? "imported" : "best"; }

static double real_or_nan(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NAN : strtod(PQgetvalue(res, row, col), NULL);
}

int ifs_litsel_parse(const char *spec, ifs_litsel *out, ifs_error *err)
{
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    out->zmin = -INFINITY;
    out->zmax = INFINITY;
    if (len == 0 || len >= sizeof out->source)
        return ifs_error_set(err, IFS_ERR_INPUT, "literature selection '%s': expected SOURCE or SOURCE:ZMIN-ZMAX", spec);
    memcpy(out->source, spec, len);
    out->source[len] = '\0';
    if (!colon)
        return IFS_OK;
    char *end;
    out->zmin = strtod(colon + 1, &end);
    if (end == colon + 1 || *end != '-' || (out->zmax = strtod(end + 1, &end), *end) || !(out->zmin <= out->zmax))
        return ifs_error_set(err, IFS_ERR_INPUT,
                             "literature selection '%s': expected SOURCE:ZMIN-ZMAX with ZMIN <= ZMAX, e.g. corecon-mzr:6-10",
                             spec);
    return IFS_OK;
}

int ifs_litsource_check(PGconn *conn, const char *source, ifs_error *err)
{
    const char *params[] = {source};
    PGresult *res = ifs_db_query(conn,
                                 "SELECT exists (SELECT 1 FROM ifscat.literature_source WHERE name = $1),"
                                 "       coalesce(string_agg(name, ', ' ORDER BY name), '')"
                                 "  FROM ifscat.literature_source",
                                 1, params, err);
    if (!res)
        return err->code;
    int status = IFS_OK;
    if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
        status = ifs_error_set(err, IFS_ERR_INPUT, "unknown literature source '%s' (known: %s)", source,
                               *PQgetvalue(res, 0, 1) ? PQgetvalue(res, 0, 1) : "none; import one first");
    PQclear(res);
    return status;
}

void ifs_litset_free(ifs_litset *set)
{
    if (!set)
        return;
    free(set->point_id);
    free(set->matched);
    free(set->source);
    free(set->z);
    free(set->logm);
    free(set->priv); /* the source names */
    free(set);
}

static ifs_litvalue litvalue(const PGresult *res, int row, int col)
{
    const char *limit = PQgetisnull(res, row, col + 3) ? "" : PQgetvalue(res, row, col + 3);
    return (ifs_litvalue){real_or_nan(res, row, col), real_or_nan(res, row, col + 1), real_or_nan(res, row, col + 2),
                          strcmp(limit, "upper") == 0   ? IFS_LIMIT_UPPER
                          : strcmp(limit, "lower") == 0 ? IFS_LIMIT_LOWER
                                                        : IFS_LIMIT_NONE};
}

/* The points of one selection, ordered by point_id; NULL with err set on failure. */
static PGresult *query_one(PGconn *conn, const ifs_litsel *sel, ifs_error *err)
{
    if (ifs_litsource_check(conn, sel->source, err))
        return NULL;
    char zmin[32], zmax[32];
    snprintf(zmin, sizeof zmin, "%.17g", isfinite(sel->zmin) ? sel->zmin : -1.0);
    snprintf(zmax, sizeof zmax, "%.17g", isfinite(sel->zmax) ? sel->zmax : 1e300);
    const char *params[] = {sel->source, zmin, zmax};
    return ifs_db_query(conn,
                        "SELECT p.point_id, p.z, p.logm, p.logm_lo, p.logm_hi, p.logm_limit,"
                        "       p.logsfr, p.logsfr_lo, p.logsfr_hi, p.logsfr_limit,"
                        "       p.oh, p.oh_lo, p.oh_hi, p.oh_limit,"
                        "       p.gradient, p.gradient_lo, p.gradient_hi, p.gradient_limit, m.point_id IS NOT NULL"
                        "  FROM ifscat.literature_point p JOIN ifscat.literature_source s USING (source_id)"
                        "  LEFT JOIN (SELECT DISTINCT point_id FROM ifscat.target_literature) m USING (point_id)"
                        " WHERE s.name = $1 AND p.z BETWEEN $2 AND $3 ORDER BY p.point_id",
                        3, params, err);
}

int ifs_litset_read(PGconn *conn, const ifs_litsel *sel, size_t nsel, ifs_litset **out, ifs_error *err)
{
    *out = NULL;
    PGresult **res = calloc(nsel ? nsel : 1, sizeof *res);
    ifs_litset *set = calloc(1, sizeof *set);
    int status = res && set ? IFS_OK : ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    size_t names_len = 0;
    for (size_t s = 0; s < nsel && !status; s++) {
        if (!(res[s] = query_one(conn, &sel[s], err)))
            status = err->code;
        else {
            set->n += (size_t)PQntuples(res[s]);
            names_len += strlen(sel[s].source) + 1;
        }
    }
    size_t n = set ? set->n : 0, cap = n ? n : 1;
    if (!status) {
        set->point_id = malloc(cap * sizeof *set->point_id);
        set->matched = malloc(cap * sizeof *set->matched);
        set->source = malloc(cap * sizeof *set->source);
        set->z = malloc(cap * sizeof *set->z);
        set->logm = malloc(4 * cap * sizeof *set->logm); /* logm, logsfr, oh, gradient in one block */
        set->priv = malloc(names_len ? names_len : 1);   /* the source names */
        if (!set->point_id || !set->matched || !set->source || !set->z || !set->logm || !set->priv)
            status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for %zu literature points", n);
    }
    if (!status) {
        set->logsfr = set->logm + cap;
        set->oh = set->logm + 2 * cap;
        set->gradient = set->logm + 3 * cap;
        ifs_litvalue *q[4] = {set->logm, set->logsfr, set->oh, set->gradient};
        char *name = set->priv;
        size_t k = 0;
        for (size_t s = 0; s < nsel; s++) {
            strcpy(name, sel[s].source);
            for (int i = 0; i < PQntuples(res[s]); i++, k++) {
                set->point_id[k] = atoll(PQgetvalue(res[s], i, 0));
                set->matched[k] = strcmp(PQgetvalue(res[s], i, 18), "t") == 0;
                set->source[k] = name;
                set->z[k] = real_or_nan(res[s], i, 1);
                for (int j = 0; j < 4; j++)
                    q[j][k] = litvalue(res[s], i, 2 + 4 * j);
            }
            name += strlen(name) + 1;
        }
    }
    for (size_t s = 0; res && s < nsel; s++)
        PQclear(res[s]);
    free(res);
    if (status) {
        ifs_litset_free(set);
        return status;
    }
    *out = set;
    return IFS_OK;
}
