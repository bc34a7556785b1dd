/* property_import.c: external properties (SED masses, published values, ...) in long format into
 * ifscat.galaxy_property; a changed value supersedes the current one, which is kept. */
#include "ifscat/importers.h"

#include "ifscat/db.h"
#include "ifscat/records.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const allowed[] = {"name", "quantity", "value", "err_lo", "err_hi", "unit", "source", "method",
                                      NULL};
static const char *const required[] = {"name", "quantity", "value", "source", NULL};

static int parse_row(const ifs_records *r, size_t i, ifs_property_value *p, ifs_error *err)
{
    static const char *const text_cols[] = {"name", "quantity", "source"};
    const char **text[] = {&p->name, &p->quantity, &p->source};
    for (int k = 0; k < 3; k++)
        if (!(*text[k] = ifs_records_get(r, i, ifs_records_col(r, text_cols[k]))))
            return ifs_records_error(r, i, text_cols[k], err, "a value is required");
    p->unit = ifs_records_get(r, i, ifs_records_col(r, "unit"));
    p->method = ifs_records_get(r, i, ifs_records_col(r, "method"));
    int status;
    if ((status = ifs_records_double(r, i, ifs_records_col(r, "value"), 0, &p->value, err)) ||
        (status = ifs_records_double(r, i, ifs_records_col(r, "err_lo"), 1, &p->err_lo, err)) ||
        (status = ifs_records_double(r, i, ifs_records_col(r, "err_hi"), 1, &p->err_hi, err)))
        return status;
    if (p->err_lo < 0)
        return ifs_records_error(r, i, "err_lo", err, "error %g must be >= 0", p->err_lo);
    if (p->err_hi < 0)
        return ifs_records_error(r, i, "err_hi", err, "error %g must be >= 0", p->err_hi);
    return IFS_OK;
}

/* The first row (in file order) that the catalog refuses: unknown target or quantity, or a unit
 * that is not the quantity's. */
static const char check_sql[] =
    "SELECT i.row,"
    " CASE WHEN t.target_id IS NULL THEN 'name' WHEN q.name IS NULL THEN 'quantity' ELSE 'unit' END,"
    " CASE WHEN t.target_id IS NULL THEN 'unknown target ''' || i.name || ''''"
    "  WHEN q.name IS NULL THEN 'unknown quantity ''' || i.quantity || ''' (known: ' ||"
    "   (SELECT string_agg(name, ', ' ORDER BY name) FROM ifscat.quantity) || ')'"
    "  ELSE 'unit ''' || i.unit || ''' for ' || q.name || ': expected ''' || q.unit || '''' END"
    " FROM property_in i LEFT JOIN ifscat.target t ON t.name = i.name"
    " LEFT JOIN ifscat.quantity q ON q.name = i.quantity"
    " WHERE t.target_id IS NULL OR q.name IS NULL OR (i.unit IS NOT NULL AND i.unit <> q.unit)"
    " ORDER BY i.row LIMIT 1";

/* The same target, quantity and source twice in one file. */
static int check_duplicates(const ifs_records *r, ifs_error *err)
{
    int key[] = {ifs_records_col(r, "name"), ifs_records_col(r, "quantity"), ifs_records_col(r, "source")};
    size_t row, first;
    int found = ifs_records_duplicate(r, key, 3, &row, &first);
    if (found < 0)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (found) {
        char where[48];
        return ifs_records_error(r, row, "source", err, "duplicate of %s %s from %s (first on %s)",
                                 ifs_records_get(r, row, key[0]), ifs_records_get(r, row, key[1]),
                                 ifs_records_get(r, row, key[2]), ifs_records_where(r, first, where, sizeof where));
    }
    return IFS_OK;
}

int ifs_property_import(PGconn *conn, const char *path, ifs_import_counts *counts, ifs_error *err)
{
    *counts = (ifs_import_counts){0};
    ifs_records *r = NULL;
    ifs_property_value *rows = NULL;
    PGresult *res = NULL;
    int status = ifs_records_open(path, &r, err);
    if (status)
        return status;
    if ((status = ifs_records_check_columns(r, allowed, required, err)))
        goto exit;
    size_t n = ifs_records_nrows(r);
    if (n == 0) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: no properties in the file", path);
        goto exit;
    }
    if (!(rows = calloc(n, sizeof *rows))) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto exit;
    }
    for (size_t i = 0; i < n; i++)
        if ((status = parse_row(r, i, &rows[i], err)))
            goto exit;
    if ((status = check_duplicates(r, err)) || (status = ifs_db_begin(conn, err)) ||
        (status = ifs_property_stage(conn, rows, n, err)) ||
        (status = ifs_db_exec(conn, "ANALYZE property_in", 0, NULL, err)))
        goto exit;
    if (!(res = ifs_db_query(conn, check_sql, 0, NULL, err))) {
        status = err->code;
        goto exit;
    }
    if (PQntuples(res) == 1) {
        status = ifs_records_error(r, (size_t)atol(PQgetvalue(res, 0, 0)), PQgetvalue(res, 0, 1), err, "%s",
                                   PQgetvalue(res, 0, 2));
        goto exit;
    }
    PQclear(res);
    res = NULL;
    long changed, superseded;
    if ((status = ifs_property_apply(conn, &changed, &superseded, err)) || (status = ifs_db_commit(conn, err)))
        goto exit;
    counts->read = (long)n;
    counts->inserted = changed - superseded;
    counts->updated = superseded;
    counts->unchanged = counts->read - changed;
exit:
    PQclear(res);
    if (status)
        ifs_db_rollback(conn);
    free(rows);
    ifs_records_free(r);
    return status;
}
