/* migrate.c: applying the numbered migrations of sql/ (compiled in) and reading the schema version. */
#include "ifscat/db.h"

#include <stdio.h>
#include <stdlib.h>

/* Serialises concurrent migrations of one database (an arbitrary, fixed advisory-lock key). */
#define MIGRATE_LOCK_KEY "7391520268"

int ifs_schema_version_expected(void)
{
    return ifs_migrations_count ? ifs_migrations[ifs_migrations_count - 1].version : 0;
}

/* The versions recorded in the database into *have (malloc'ed, *n of them; NULL when none). */
static int recorded_versions(PGconn *conn, int **have, int *n, ifs_error *err)
{
    *have = NULL;
    *n = 0;
    PGresult *r = ifs_db_query(conn, "SELECT to_regclass('ifscat.schema_migration') IS NOT NULL", 0,
                               NULL, err);
    if (!r)
        return err->code;
    int exists = PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    if (!exists)
        return IFS_OK;
    if (!(r = ifs_db_query(conn, "SELECT version FROM ifscat.schema_migration ORDER BY version", 0, NULL, err)))
        return err->code;
    *n = PQntuples(r);
    if (*n && !(*have = malloc((size_t)*n * sizeof **have))) {
        PQclear(r);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    for (int i = 0; i < *n; i++)
        (*have)[i] = atoi(PQgetvalue(r, i, 0));
    PQclear(r);
    return IFS_OK;
}

static int contains(const int *v, int n, int version)
{
    for (int i = 0; i < n; i++)
        if (v[i] == version)
            return 1;
    return 0;
}

int ifs_schema_version(PGconn *conn, int *version, ifs_error *err)
{
    *version = 0;
    int *have, n;
    if (recorded_versions(conn, &have, &n, err))
        return err->code;
    if (n && have[n - 1] > ifs_schema_version_expected()) {
        *version = have[n - 1];
    } else {
        for (int i = 0; i < ifs_migrations_count && contains(have, n, ifs_migrations[i].version); i++)
            *version = ifs_migrations[i].version;
    }
    free(have);
    return IFS_OK;
}

int ifs_schema_migrate(PGconn *conn, int *applied, ifs_error *err)
{
    int count = 0, *have = NULL, nhave = 0;
    int status = ifs_db_begin(conn, err);
    if (status)
        return status;
    if ((status = ifs_db_exec(conn, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK_KEY ")", 0, NULL, err)) ||
        (status = ifs_db_exec(conn, "CREATE SCHEMA IF NOT EXISTS ifscat", 0, NULL, err)) ||
        (status = ifs_db_exec(conn,
                              "CREATE TABLE IF NOT EXISTS ifscat.schema_migration ("
                              " version integer PRIMARY KEY,"
                              " name text NOT NULL,"
                              " applied_at timestamptz NOT NULL DEFAULT now())",
                              0, NULL, err)) ||
        (status = recorded_versions(conn, &have, &nhave, err)))
        goto exit;
    for (int i = 0; i < ifs_migrations_count; i++) {
        const ifs_migration *m = &ifs_migrations[i];
        if (contains(have, nhave, m->version))
            continue;
        /* Simple-query protocol: a migration file may hold many statements. */
        PGresult *r = PQexec(conn, m->sql);
        if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
            ifs_db_result_error(r, conn, err);
            PQclear(r);
            status = ifs_error_prefix(err, "migration %s", m->name);
            goto exit;
        }
        PQclear(r);
        char version[16];
        snprintf(version, sizeof version, "%d", m->version);
        const char *params[] = {version, m->name};
        if ((status = ifs_db_exec(conn, "INSERT INTO ifscat.schema_migration (version, name) VALUES ($1, $2)",
                                  2, params, err)))
            goto exit;
        count++;
    }
    status = ifs_db_commit(conn, err);
exit:
    free(have);
    if (status)
        ifs_db_rollback(conn);
    else if (applied)
        *applied = count;
    return status;
}
