/* property_write.c: values into ifscat.galaxy_property inside the caller's transaction, a changed
 * value superseding the current one of the same target, quantity and source (kept as history).
 * Shared by property imports and by derives. */
#include "ifscat/importers.h"

#include "ifscat/copy.h"
#include "ifscat/db.h"

#include <stdlib.h>

int ifs_property_stage(PGconn *conn, const ifs_property_value *values, size_t n, ifs_error *err)
{
    int status = ifs_db_exec(conn,
                             "CREATE TEMP TABLE property_in (row int, name text, quantity text, value float8,"
                             " err_lo float8, err_hi float8, unit text, source text, method text) ON COMMIT DROP",
                             0, NULL, err);
    if (status)
        return status;
    ifs_copy *cp;
    if ((status = ifs_copy_begin(conn, "COPY property_in FROM STDIN (FORMAT binary)", &cp, err)))
        return status;
    for (size_t i = 0; i < n; i++) {
        const ifs_property_value *p = &values[i];
        ifs_copy_row(cp, 9);
        ifs_copy_int4(cp, (int32_t)i);
        ifs_copy_text(cp, p->name);
        ifs_copy_text(cp, p->quantity);
        ifs_copy_float8(cp, p->value);
        ifs_copy_float8_or_null(cp, p->err_lo);
        ifs_copy_float8_or_null(cp, p->err_hi);
        ifs_copy_text(cp, p->unit);
        ifs_copy_text(cp, p->source);
        ifs_copy_text(cp, p->method ? p->method : "");
    }
    return ifs_copy_end(cp, NULL, err);
}

/* The rows that differ from the current value of the same target, quantity and source (old_id:
 * the value they supersede, NULL for a new one). */
static const char changed_sql[] =
    "CREATE TEMP TABLE property_changed ON COMMIT DROP AS"
    " SELECT t.target_id, i.quantity, i.value, i.err_lo, i.err_hi, q.unit, i.source, i.method, i.row,"
    "  c.property_id AS old_id"
    " FROM property_in i JOIN ifscat.target t ON t.name = i.name JOIN ifscat.quantity q ON q.name = i.quantity"
    " LEFT JOIN ifscat.current_property c ON c.target_id = t.target_id AND c.quantity = i.quantity"
    "  AND c.source = i.source"
    " WHERE c.property_id IS NULL OR (c.value, c.err_lo, c.err_hi, c.unit, c.method)"
    "  IS DISTINCT FROM (i.value, i.err_lo, i.err_hi, q.unit, i.method)";

static const char retire_sql[] =
    "UPDATE ifscat.galaxy_property SET superseded_at = now()"
    " WHERE property_id IN (SELECT old_id FROM property_changed WHERE old_id IS NOT NULL)";

/* New values in, and each superseded value linked to its successor. */
static const char insert_sql[] =
    "WITH fresh AS ("
    "  INSERT INTO ifscat.galaxy_property (target_id, quantity, value, err_lo, err_hi, unit, source, method)"
    "  SELECT target_id, quantity, value, err_lo, err_hi, unit, source, method FROM property_changed"
    "  RETURNING property_id, target_id, quantity, source)"
    " UPDATE ifscat.galaxy_property p SET superseded_by = f.property_id"
    " FROM fresh f JOIN property_changed c USING (target_id, quantity, source)"
    " WHERE c.old_id IS NOT NULL AND p.property_id = c.old_id";

int ifs_property_apply(PGconn *conn, long *changed, long *superseded, ifs_error *err)
{
    int status;
    if ((status = ifs_db_exec(conn, changed_sql, 0, NULL, err)) ||
        (status = ifs_db_exec(conn, "ANALYZE property_changed", 0, NULL, err)) ||
        (status = ifs_db_exec(conn, retire_sql, 0, NULL, err)) || (status = ifs_db_exec(conn, insert_sql, 0, NULL, err)))
        return status;
    PGresult *res = ifs_db_query(conn, "SELECT count(*), count(old_id) FROM property_changed", 0, NULL, err);
    if (!res)
        return err->code;
    if (changed)
        *changed = atol(PQgetvalue(res, 0, 0));
    if (superseded)
        *superseded = atol(PQgetvalue(res, 0, 1));
    PQclear(res);
    return IFS_OK;
}
