/* connect.c: choosing the catalog database (--db, IFSCAT_DB, PG*, embedded), connecting with a
 * one-sentence error, and checking that the schema is current. */
#include "ifscat/db.h"
#include "ifscat/embedded.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libpq's environment variables that mean "the user has chosen a server". */
static const char *const pg_variables[] = {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE",
                                           "PGSERVICE", "PGUSER", NULL};

int ifs_db_resolve(const char *explicit_conninfo, char **conninfo, ifs_conn_source *source,
                   ifs_error *err)
{
    const char *env = getenv("IFSCAT_DB");
    const char *chosen = NULL;
    if (explicit_conninfo) {
        chosen = explicit_conninfo;
        *source = IFS_CONN_EXPLICIT;
    } else if (env && *env) {
        chosen = env;
        *source = IFS_CONN_ENV;
    } else {
        for (const char *const *v = pg_variables; *v && !chosen; v++) {
            const char *val = getenv(*v);
            if (val && *val) {
                chosen = "";
                *source = IFS_CONN_PGENV;
            }
        }
    }
    if (chosen) {
        *conninfo = strdup(chosen);
    } else {
        ifs_embedded e;
        int status = ifs_embedded_locate(&e, err);
        if (status)
            return status;
        char buf[PATH_MAX + 64];
        ifs_embedded_conninfo(&e, buf, sizeof buf);
        *conninfo = strdup(buf);
        *source = IFS_CONN_EMBEDDED;
    }
    return *conninfo ? IFS_OK : ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
}

/* libpq's notices (e.g. "relation already exists, skipping") are not for the user. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* The last clause of libpq's first error line, e.g. "No such file or directory". */
static void connection_reason(PGconn *c, char *buf, size_t n)
{
    char first[512];
    snprintf(first, sizeof first, "%s", PQerrorMessage(c));
    first[strcspn(first, "\n")] = '\0';
    const char *reason = strstr(first, "failed: ");
    snprintf(buf, n, "%s", reason ? reason + 8 : first);
}

static const char *describe(ifs_conn_source source)
{
    switch (source) {
    case IFS_CONN_EXPLICIT: return "given with --db";
    case IFS_CONN_ENV: return "from IFSCAT_DB";
    case IFS_CONN_PGENV: return "from the PG* environment variables";
    case IFS_CONN_EMBEDDED: return "the embedded cluster";
    }
    return "";
}

int ifs_db_open(const char *explicit_conninfo, unsigned flags, PGconn **out, ifs_error *err)
{
    *out = NULL;
    char *conninfo = NULL;
    ifs_conn_source source;
    int status = ifs_db_resolve(explicit_conninfo, &conninfo, &source, err);
    if (status)
        return status;
    int created = 0;
    if (source == IFS_CONN_EMBEDDED) {
        ifs_embedded e;
        if ((status = ifs_embedded_locate(&e, err)) ||
            (!ifs_embedded_running(&e) && (status = ifs_embedded_start(&e, &created, err))))
            goto exit;
    }
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        char reason[512];
        connection_reason(c, reason, sizeof reason);
        status = ifs_error_set(err, IFS_ERR_DB, "cannot reach the catalog database (%s): %s",
                               describe(source), reason);
        PQfinish(c);
        goto exit;
    }
    PQsetNoticeProcessor(c, ignore_notice, NULL);
    /* PostgreSQL's JIT compiles "expensive" plans for a few tenths of a second and gains nothing on
     * ifscat's scans and joins (measured: 0.25 s of a 0.43 s literature read). */
    PQclear(PQexec(c, "SET jit = off"));
    if (created && (status = ifs_schema_migrate(c, NULL, err))) {
        PQfinish(c);
        goto exit;
    }
    if (!(flags & IFS_DB_NO_SCHEMA_CHECK)) {
        int have = 0, want = ifs_schema_version_expected();
        if ((status = ifs_schema_version(c, &have, err))) {
            PQfinish(c);
            goto exit;
        }
        if (have < want) {
            status = ifs_error_set(err, IFS_ERR_STATE,
                                   have == 0 ? "the catalog database has no ifscat schema yet: run 'ifscat db migrate'"
                                             : "the catalog schema is at version %d but this ifscat needs %d: run 'ifscat db migrate'",
                                   have, want);
            PQfinish(c);
            goto exit;
        }
        if (have > want) {
            status = ifs_error_set(err, IFS_ERR_STATE,
                                   "the catalog schema (version %d) is newer than this ifscat knows (%d): upgrade ifscat",
                                   have, want);
            PQfinish(c);
            goto exit;
        }
    }
    *out = c;
exit:
    free(conninfo);
    return status;
}
