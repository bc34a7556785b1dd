/* target_import.c: targets from CSV/JSON into ifscat.target: validated in C, loaded with binary
 * COPY into a temporary table, cross-checked in SQL (hosts), then upserted by name.  A target
 * already in the catalog keeps the values of the columns the file does not have (a file of names
 * and redshifts corrects the redshifts only); a column the file has sets its value, an empty cell
 * unsetting it. */
#include "ifscat/importers.h"

#include "ifscat/copy.h"
#include "ifscat/cosmology.h"
#include "ifscat/db.h"
#include "ifscat/records.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* scale_kpc_arcsec is accepted and ignored (ifscat computes it from z and mu), so that the CSV of
 * `ifscat target list` imports back. */
static const char *const allowed[] = {"name", "kind", "host", "ra_deg", "dec_deg", "z", "mu", "mu_err",
                                      "reference", "scale_kpc_arcsec", NULL};
static const char *const required[] = {"name", "z", NULL};

typedef struct {
    const char *name, *kind, *host, *reference;
    double ra, dec, z, mu, mu_err;
    ifs_distances dist;
} target_row;

static int parse_row(const ifs_records *r, size_t i, const ifs_cosmology *cosmo, target_row *t, ifs_error *err)
{
    int status;
    t->name = ifs_records_get(r, i, ifs_records_col(r, "name"));
    t->kind = ifs_records_get(r, i, ifs_records_col(r, "kind"));
    t->host = ifs_records_get(r, i, ifs_records_col(r, "host"));
    t->reference = ifs_records_get(r, i, ifs_records_col(r, "reference"));
    if (!t->name)
        return ifs_records_error(r, i, "name", err, "a name is required");
    if (!t->kind)
        t->kind = "galaxy";
    if (strcmp(t->kind, "galaxy") && strcmp(t->kind, "satellite") && strcmp(t->kind, "clump"))
        return ifs_records_error(r, i, "kind", err, "'%s' is not galaxy, satellite or clump", t->kind);
    if (!strcmp(t->kind, "satellite") && !t->host)
        return ifs_records_error(r, i, "host", err, "a satellite needs a host");
    if (!strcmp(t->kind, "galaxy") && t->host)
        return ifs_records_error(r, i, "host", err, "a galaxy cannot have a host (is '%s' a satellite?)", t->name);
    if (t->host && !strcmp(t->host, t->name))
        return ifs_records_error(r, i, "host", err, "'%s' cannot be its own host", t->host);
    if ((status = ifs_records_double(r, i, ifs_records_col(r, "z"), 0, &t->z, err)) ||
        (status = ifs_records_double(r, i, ifs_records_col(r, "mu"), 1, &t->mu, err)) ||
        (status = ifs_records_double(r, i, ifs_records_col(r, "mu_err"), 1, &t->mu_err, err)) ||
        (status = ifs_records_double(r, i, ifs_records_col(r, "ra_deg"), 1, &t->ra, err)) ||
        (status = ifs_records_double(r, i, ifs_records_col(r, "dec_deg"), 1, &t->dec, err)))
        return status;
    if (!(t->z > 0 && t->z <= 30))
        return ifs_records_error(r, i, "z", err, "redshift %g outside (0, 30]", t->z);
    if (isnan(t->mu))
        t->mu = 1.0;
    if (!(t->mu >= 1))
        return ifs_records_error(r, i, "mu", err, "magnification %g must be >= 1", t->mu);
    if (t->mu_err < 0)
        return ifs_records_error(r, i, "mu_err", err, "error %g must be >= 0", t->mu_err);
    if (!isnan(t->ra) && !(t->ra >= 0 && t->ra < 360))
        return ifs_records_error(r, i, "ra_deg", err, "RA %g outside [0, 360)", t->ra);
    if (!isnan(t->dec) && !(t->dec >= -90 && t->dec <= 90))
        return ifs_records_error(r, i, "dec_deg", err, "Dec %g outside [-90, 90]", t->dec);
    if (isnan(t->ra) != isnan(t->dec))
        return ifs_records_error(r, i, isnan(t->ra) ? "ra_deg" : "dec_deg", err, "RA and Dec must be given together");
    if ((status = ifs_cosmology_distances(cosmo, t->z, t->mu, &t->dist, err)))
        return ifs_error_prefix(err, "%s", ifs_records_path(r));
    return IFS_OK;
}

/* Duplicate names in one file: reports the later row, naming the earlier one. */
static int check_duplicates(const ifs_records *r, ifs_error *err)
{
    int name = ifs_records_col(r, "name");
    size_t row, first;
    int found = ifs_records_duplicate(r, &name, 1, &row, &first);
    if (found < 0)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (found) {
        char where[48];
        return ifs_records_error(r, row, "name", err, "duplicate name '%s' (first on %s)",
                                 ifs_records_get(r, row, name), ifs_records_where(r, first, where, sizeof where));
    }
    return IFS_OK;
}

static int load_rows(PGconn *conn, const target_row *rows, size_t n, ifs_error *err)
{
    int status = ifs_db_exec(conn,
                             "CREATE TEMP TABLE target_in (row int, name text, kind ifscat.target_kind, host text,"
                             " ra_deg float8, dec_deg float8, z float8, mu float8, mu_err float8, reference text,"
                             " dl_mpc float8, da_mpc float8, scale_kpc_arcsec float8, age_gyr float8) ON COMMIT DROP",
                             0, NULL, err);
    if (status)
        return status;
    ifs_copy *cp;
    if ((status = ifs_copy_begin(conn, "COPY target_in FROM STDIN (FORMAT binary)", &cp, err)))
        return status;
    for (size_t i = 0; i < n; i++) {
        const target_row *t = &rows[i];
        ifs_copy_row(cp, 14);
        ifs_copy_int4(cp, (int32_t)i);
        ifs_copy_text(cp, t->name);
        ifs_copy_text(cp, t->kind);
        ifs_copy_text(cp, t->host);
        ifs_copy_float8_or_null(cp, t->ra);
        ifs_copy_float8_or_null(cp, t->dec);
        ifs_copy_float8(cp, t->z);
        ifs_copy_float8(cp, t->mu);
        ifs_copy_float8_or_null(cp, t->mu_err);
        ifs_copy_text(cp, t->reference);
        ifs_copy_float8(cp, t->dist.dl_mpc);
        ifs_copy_float8(cp, t->dist.da_mpc);
        ifs_copy_float8(cp, t->dist.kpc_per_arcsec);
        ifs_copy_float8(cp, t->dist.age_gyr);
    }
    return ifs_copy_end(cp, NULL, err);
}

/* Which columns the file has: their values replace the catalog's; the others are kept. */
typedef struct {
    int kind, host, position, mu, mu_err, reference;
} given_columns;

/* The rows as they will be after the import: the file's value where the file has the column (or
 * the target is new), else the catalog's.  $1 .. $6: the file has kind, host, ra_deg/dec_deg, mu,
 * mu_err, reference.  The scale was computed with the file's mu (1 without the column): without it
 * the catalog's mu divides the unlensed scale. */
#define INCOMING                                                                                   \
    "incoming AS (SELECT i.row, i.name, i.host, i.z, i.dl_mpc, i.da_mpc, i.age_gyr,"               \
    "  CASE WHEN $1::boolean OR e.target_id IS NULL THEN i.kind ELSE e.kind END AS kind,"          \
    "  CASE WHEN $1::boolean OR $2::boolean OR e.target_id IS NULL THEN h.target_id"               \
    "   ELSE e.host_id END AS host_id,"                                                            \
    "  CASE WHEN $3::boolean OR e.target_id IS NULL THEN i.ra_deg ELSE e.ra_deg END AS ra_deg,"    \
    "  CASE WHEN $3::boolean OR e.target_id IS NULL THEN i.dec_deg ELSE e.dec_deg END AS dec_deg," \
    "  CASE WHEN $4::boolean OR e.target_id IS NULL THEN i.mu ELSE e.mu END AS mu,"                 \
    "  CASE WHEN $5::boolean OR e.target_id IS NULL THEN i.mu_err ELSE e.mu_err END AS mu_err,"     \
    "  CASE WHEN $6::boolean OR e.target_id IS NULL THEN i.reference ELSE e.reference END"         \
    "   AS reference,"                                                                             \
    "  CASE WHEN $4::boolean OR e.target_id IS NULL THEN i.scale_kpc_arcsec"                       \
    "   ELSE i.scale_kpc_arcsec / sqrt(e.mu) END AS scale_kpc_arcsec"                               \
    "  FROM target_in i LEFT JOIN ifscat.target e ON e.name = i.name"                               \
    "  LEFT JOIN ifscat.target h ON h.name = i.host)"

/* Host rules that need the catalog: the host exists (in the file or the catalog) and is a galaxy
 * after the import; a target that hosts satellites stays a galaxy. */
static const char check_hosts_sql[] =
    "WITH " INCOMING ","
    " final AS ("
    "  SELECT name, kind::text FROM incoming"
    "  UNION ALL SELECT t.name, t.kind::text FROM ifscat.target t"
    "  WHERE NOT EXISTS (SELECT 1 FROM target_in i WHERE i.name = t.name))"
    " SELECT i.row, 'host', i.host, CASE WHEN f.name IS NULL THEN 'unknown host ''' || i.host || ''''"
    "   ELSE 'host ''' || i.host || ''' is a ' || f.kind || ', not a galaxy' END"
    " FROM incoming i LEFT JOIN final f ON f.name = i.host"
    " WHERE i.host IS NOT NULL AND (f.name IS NULL OR f.kind <> 'galaxy')"
    " UNION ALL"
    " SELECT i.row, 'kind', i.kind::text, '''' || i.name || ''' hosts ' || s.name || ' in the catalog, so it must stay a galaxy'"
    " FROM incoming i JOIN ifscat.target h ON h.name = i.name"
    " JOIN ifscat.target s ON s.host_id = h.target_id"
    " WHERE i.kind <> 'galaxy' AND NOT EXISTS (SELECT 1 FROM target_in j WHERE j.name = s.name)"
    " ORDER BY 1 LIMIT 1";

/* Galaxies first ($7), so that satellites find their hosts; rows identical to the catalog are
 * skipped.  Returns one row per inserted or changed target: inserted = (xmax = 0). */
static const char upsert_sql[] =
    "WITH " INCOMING
    " INSERT INTO ifscat.target AS t (name, kind, host_id, ra_deg, dec_deg, z, mu, mu_err, reference,"
    "  dl_mpc, da_mpc, scale_kpc_arcsec, age_gyr)"
    " SELECT i.name, i.kind, i.host_id, i.ra_deg, i.dec_deg, i.z, i.mu, i.mu_err, i.reference,"
    "  i.dl_mpc, i.da_mpc, i.scale_kpc_arcsec, i.age_gyr"
    " FROM incoming i WHERE (i.kind = 'galaxy') = $7::boolean ORDER BY i.row"
    " ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, host_id = excluded.host_id,"
    "  ra_deg = excluded.ra_deg, dec_deg = excluded.dec_deg, z = excluded.z, mu = excluded.mu,"
    "  mu_err = excluded.mu_err, reference = excluded.reference, dl_mpc = excluded.dl_mpc,"
    "  da_mpc = excluded.da_mpc, scale_kpc_arcsec = excluded.scale_kpc_arcsec, age_gyr = excluded.age_gyr,"
    "  updated_at = now()"
    " WHERE (t.kind, t.host_id, t.ra_deg, t.dec_deg, t.z, t.mu, t.mu_err, t.reference)"
    "  IS DISTINCT FROM (excluded.kind, excluded.host_id, excluded.ra_deg, excluded.dec_deg, excluded.z,"
    "  excluded.mu, excluded.mu_err, excluded.reference)"
    " RETURNING (xmax = 0)";

/* The given-columns flags as the text parameters $1 .. $6 of INCOMING. */
static void given_params(const given_columns *g, const char *p[6])
{
    const int flags[6] = {g->kind, g->host, g->position, g->mu, g->mu_err, g->reference};
    for (int i = 0; i < 6; i++)
        p[i] = flags[i] ? "t" : "f";
}

static int upsert(PGconn *conn, const given_columns *given, const char *galaxies, ifs_import_counts *counts,
                  ifs_error *err)
{
    const char *params[7];
    given_params(given, params);
    params[6] = galaxies;
    PGresult *res = ifs_db_query(conn, upsert_sql, 7, params, err);
    if (!res)
        return err->code;
    for (int k = 0; k < PQntuples(res); k++) {
        if (PQgetvalue(res, k, 0)[0] == 't')
            counts->inserted++;
        else
            counts->updated++;
    }
    PQclear(res);
    return IFS_OK;
}

int ifs_target_import(PGconn *conn, const char *path, ifs_import_counts *counts, ifs_error *err)
{
    *counts = (ifs_import_counts){0};
    ifs_records *r = NULL;
    target_row *rows = NULL;
    ifs_cosmology cosmo = IFS_COSMOLOGY_DEFAULT;
    int status = ifs_records_open(path, &r, err);
    if (status)
        return status;
    if ((status = ifs_records_check_columns(r, allowed, required, err)))
        goto exit;
    size_t n = ifs_records_nrows(r);
    if (n == 0) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: no targets in the file", path);
        goto exit;
    }
    if (!(rows = calloc(n, sizeof *rows))) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto exit;
    }
    for (size_t i = 0; i < n; i++)
        if ((status = parse_row(r, i, &cosmo, &rows[i], err)))
            goto exit;
    if ((status = check_duplicates(r, err)) || (status = ifs_db_begin(conn, err)) ||
        (status = load_rows(conn, rows, n, err)) || (status = ifs_db_exec(conn, "ANALYZE target_in", 0, NULL, err)))
        goto exit;
    given_columns given = {.kind = ifs_records_col(r, "kind") >= 0, .host = ifs_records_col(r, "host") >= 0,
                           .position = ifs_records_col(r, "ra_deg") >= 0 || ifs_records_col(r, "dec_deg") >= 0,
                           .mu = ifs_records_col(r, "mu") >= 0, .mu_err = ifs_records_col(r, "mu_err") >= 0,
                           .reference = ifs_records_col(r, "reference") >= 0};
    const char *given_p[6];
    given_params(&given, given_p);
    PGresult *bad = ifs_db_query(conn, check_hosts_sql, 6, given_p, err);
    if (!bad) {
        status = err->code;
        goto exit;
    }
    if (PQntuples(bad) == 1) {
        status = ifs_records_error(r, (size_t)atol(PQgetvalue(bad, 0, 0)), PQgetvalue(bad, 0, 1), err, "%s",
                                   PQgetvalue(bad, 0, 3));
        PQclear(bad);
        goto exit;
    }
    PQclear(bad);
    if ((status = upsert(conn, &given, "true", counts, err)) || (status = upsert(conn, &given, "false", counts, err)) ||
        (status = ifs_db_commit(conn, err)))
        goto exit;
    counts->read = (long)n;
    counts->unchanged = counts->read - counts->inserted - counts->updated;
exit:
    if (status)
        ifs_db_rollback(conn);
    free(rows);
    ifs_records_free(r);
    return status;
}
