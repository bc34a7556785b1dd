/* query.c: parameterised statements and transactions with the server's message as the error. */
#include "ifscat/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ifs_db_result_error(const PGresult *res, PGconn *conn, ifs_error *err)
{
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
    if (!primary) {
        char first[512];
        snprintf(first, sizeof first, "%s", PQerrorMessage(conn));
        first[strcspn(first, "\n")] = '\0';
        return ifs_error_set(err, IFS_ERR_DB, "database: %s", *first ? first : "connection lost");
    }
    return ifs_error_set(err, IFS_ERR_DB, "database: %s%s%s%s%s%s", primary, detail ? " (" : "",
                         detail ? detail : "", detail ? ")" : "", hint ? "; hint: " : "",
                         hint ? hint : "");
}

PGresult *ifs_db_query(PGconn *conn, const char *sql, int nparams, const char *const *params,
                       ifs_error *err)
{
    return ifs_db_query_formats(conn, sql, nparams, params, NULL, NULL, err);
}

PGresult *ifs_db_query_formats(PGconn *conn, const char *sql, int nparams, const char *const *params,
                               const int *lengths, const int *formats, ifs_error *err)
{
    PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, lengths, formats, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return res;
    ifs_db_result_error(res, conn, err);
    PQclear(res);
    return NULL;
}

int ifs_db_exec(PGconn *conn, const char *sql, int nparams, const char *const *params, ifs_error *err)
{
    PGresult *res = ifs_db_query(conn, sql, nparams, params, err);
    if (!res)
        return err->code;
    PQclear(res);
    return IFS_OK;
}

int ifs_db_stored_run(PGconn *conn, const char *sql, const char *key, const char *sha256, long long *id, int *same,
                      ifs_error *err)
{
    const char *p[1] = {key};
    PGresult *r = ifs_db_query(conn, sql, 1, p, err);
    if (!r)
        return err->code;
    *id = PQntuples(r) ? atoll(PQgetvalue(r, 0, 0)) : 0;
    *same = PQntuples(r) && strcmp(PQgetvalue(r, 0, 1), sha256) == 0;
    PQclear(r);
    return IFS_OK;
}

int ifs_db_begin(PGconn *conn, ifs_error *err) { return ifs_db_exec(conn, "BEGIN", 0, NULL, err); }
int ifs_db_commit(PGconn *conn, ifs_error *err) { return ifs_db_exec(conn, "COMMIT", 0, NULL, err); }

void ifs_db_rollback(PGconn *conn)
{
    if (conn && PQtransactionStatus(conn) != PQTRANS_IDLE)
        PQclear(PQexec(conn, "ROLLBACK"));
}
