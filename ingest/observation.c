/* observation.c: removing an observation and everything derived from it. */
#include "ifscat/ingest.h"

#include "ifscat/db.h"

#include <stdio.h>

int ifs_observation_drop(PGconn *conn, long long id, char *what, size_t n, ifs_error *err)
{
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", id);
    const char *p[1] = {ids};
    PGresult *r = ifs_db_query(
        conn,
        "DELETE FROM ifscat.observation o WHERE observation_id = $1 RETURNING "
        "(SELECT name FROM ifscat.target t WHERE t.target_id = o.target_id), file_name, status",
        1, p, err);
    if (!r)
        return err->code;
    int found = PQntuples(r) > 0;
    if (found)
        snprintf(what, n, "%s, %s, %s", PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2));
    PQclear(r);
    if (!found)
        return ifs_error_set(err, IFS_ERR_INPUT, "no observation %lld", id);
    return IFS_OK;
}
