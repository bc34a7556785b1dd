/* cmd_db.c: `ifscat db`: the embedded cluster's lifecycle, schema migrations, psql and the
 * connection string for other clients. */
#include "cli.h"

#include "ifscat/db.h"
#include "ifscat/embedded.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: ifscat db start|stop|status|migrate|conninfo [--db CONNINFO]\n"
    "       ifscat db psql [PSQL-ARGS...]\n"
    "\n"
    "  start      initialise (first time) and start the embedded cluster under $IFSCAT_HOME\n"
    "             (default ~/.local/share/ifscat); Unix socket only. Other commands start it\n"
    "             themselves when they need it.\n"
    "  stop       stop the embedded cluster\n"
    "  status     which database the commands use, whether it answers, its schema version;\n"
    "             exit 1 when it is unreachable or its schema is behind\n"
    "  migrate    create or upgrade the ifscat schema (idempotent)\n"
    "  psql       run psql on the catalog; arguments are passed through\n"
    "  conninfo   print the libpq connection string (for Python, TOPCAT, psql)\n"
    "\n"
    "Example:\n"
    "  ifscat db psql -At -c 'select count(*) from ifscat.target'\n";

/* Options only, no positional arguments: -1 to go on, else the exit status. */
static int no_arguments(int argc, char **argv, ifs_cli *cli)
{
    int first, rc = cli_parse_options(argc, argv, usage, 0, cli, &first);
    if (rc >= 0)
        return rc;
    if (first != argc)
        return cli_usage_error(usage, "db %s takes no arguments", argv[0]);
    return -1;
}

static int locate(ifs_embedded *e)
{
    ifs_error err;
    if (ifs_embedded_locate(e, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

static int db_start(int argc, char **argv, ifs_cli *cli)
{
    int rc = no_arguments(argc, argv, cli);
    if (rc >= 0)
        return rc;
    ifs_embedded e;
    ifs_error err;
    if (locate(&e))
        return EXIT_FAIL;
    if (ifs_embedded_running(&e)) {
        printf("embedded cluster already running (%s)\n", e.pgdata);
        return EXIT_OK;
    }
    int created = 0;
    if (ifs_embedded_start(&e, &created, &err))
        return cli_fail(&err);
    if (created) { /* a new catalog gets its schema at once */
        char conninfo[PATH_MAX + 64];
        ifs_embedded_conninfo(&e, conninfo, sizeof conninfo);
        PGconn *conn;
        if (ifs_db_open(conninfo, IFS_DB_NO_SCHEMA_CHECK, &conn, &err))
            return cli_fail(&err);
        int status = ifs_schema_migrate(conn, NULL, &err);
        PQfinish(conn);
        if (status)
            return cli_fail(&err);
    }
    printf("embedded cluster %s (%s)\n", created ? "created and started" : "started", e.pgdata);
    return EXIT_OK;
}

static int db_stop(int argc, char **argv, ifs_cli *cli)
{
    int rc = no_arguments(argc, argv, cli);
    if (rc >= 0)
        return rc;
    ifs_embedded e;
    ifs_error err;
    if (locate(&e))
        return EXIT_FAIL;
    if (!ifs_embedded_running(&e)) {
        printf("embedded cluster not running (%s)\n", e.pgdata);
        return EXIT_OK;
    }
    if (ifs_embedded_stop(&e, &err))
        return cli_fail(&err);
    printf("embedded cluster stopped (%s)\n", e.pgdata);
    return EXIT_OK;
}

static int db_status(int argc, char **argv, ifs_cli *cli)
{
    int rc = no_arguments(argc, argv, cli);
    if (rc >= 0)
        return rc;
    static const char *sources[] = {"--db", "IFSCAT_DB", "PG* environment", "embedded cluster"};
    char *conninfo;
    ifs_conn_source source;
    ifs_error err;
    if (ifs_db_resolve(cli->conninfo, &conninfo, &source, &err))
        return cli_fail(&err);
    printf("database:        %s\n", sources[source]);
    printf("conninfo:        %s\n", *conninfo ? conninfo : "(from PG* variables)");
    free(conninfo);
    if (source == IFS_CONN_EMBEDDED) {
        ifs_embedded e;
        if (locate(&e))
            return EXIT_FAIL;
        int running = ifs_embedded_running(&e);
        printf("data directory:  %s%s\n", e.pgdata, ifs_embedded_exists(&e) ? "" : " (not created yet)");
        printf("server log:      %s\n", e.logfile);
        printf("server:          %s\n", running ? "running" : "stopped");
        if (!running)
            return EXIT_FAIL;
    }
    PGconn *conn;
    if (ifs_db_open(cli->conninfo, IFS_DB_NO_SCHEMA_CHECK, &conn, &err)) {
        printf("reachable:       no (%s)\n", err.msg);
        return EXIT_FAIL;
    }
    int have = 0, want = ifs_schema_version_expected();
    int status = ifs_schema_version(conn, &have, &err);
    PQfinish(conn);
    if (status)
        return cli_fail(&err);
    printf("schema version:  %d (this ifscat needs %d)%s\n", have, want,
           have < want ? ": run 'ifscat db migrate'" : "");
    return have == want ? EXIT_OK : EXIT_FAIL;
}

static int db_migrate(int argc, char **argv, ifs_cli *cli)
{
    int rc = no_arguments(argc, argv, cli);
    if (rc >= 0)
        return rc;
    PGconn *conn = cli_connect(cli, IFS_DB_NO_SCHEMA_CHECK);
    if (!conn)
        return EXIT_FAIL;
    int applied = 0;
    ifs_error err;
    int status = ifs_schema_migrate(conn, &applied, &err);
    PQfinish(conn);
    if (status)
        return cli_fail(&err);
    if (applied)
        printf("applied %d migration%s; schema at version %d\n", applied, applied == 1 ? "" : "s",
               ifs_schema_version_expected());
    else
        printf("schema is current (version %d)\n", ifs_schema_version_expected());
    return EXIT_OK;
}

/* Resolves the catalog (starting the embedded cluster if needed) and prints or returns it. */
static char *ready_conninfo(const ifs_cli *cli)
{
    PGconn *conn = cli_connect(cli, IFS_DB_NO_SCHEMA_CHECK);
    if (!conn)
        return NULL;
    PQfinish(conn);
    char *conninfo;
    ifs_conn_source source;
    ifs_error err;
    if (ifs_db_resolve(cli->conninfo, &conninfo, &source, &err)) {
        cli_fail(&err);
        return NULL;
    }
    return conninfo;
}

/* Everything after "psql" goes to psql untouched. */
static int db_psql(int argc, char **argv, ifs_cli *cli)
{
    argc--;
    argv++;
    char *conninfo = ready_conninfo(cli);
    if (!conninfo)
        return EXIT_FAIL;
    char **args = calloc((size_t)argc + 4, sizeof *args);
    if (!args)
        return EXIT_FAIL;
    int n = 0;
    args[n++] = "psql";
    if (*conninfo) {
        args[n++] = "--dbname";
        args[n++] = conninfo;
    }
    for (int i = 0; i < argc; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    fflush(NULL);
    execvp("psql", args);
    perror("ifscat: cannot run psql (install postgresql-client-15)");
    free(args);
    free(conninfo);
    return EXIT_FAIL;
}

static int db_conninfo(int argc, char **argv, ifs_cli *cli)
{
    int rc = no_arguments(argc, argv, cli);
    if (rc >= 0)
        return rc;
    char *conninfo = ready_conninfo(cli);
    if (!conninfo)
        return EXIT_FAIL;
    printf("%s\n", conninfo);
    free(conninfo);
    return EXIT_OK;
}

int cmd_db(int argc, char **argv, ifs_cli *cli)
{
    static const cli_action actions[] = {{"start", db_start},     {"stop", db_stop}, {"status", db_status},
                                         {"migrate", db_migrate}, {"psql", db_psql}, {"conninfo", db_conninfo}};
    return cli_run_action(argc, argv, cli, actions, CLI_COUNT(actions), usage);
}
