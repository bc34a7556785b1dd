/* cli.c: helpers shared by the commands: common options, errors, usage and table output. */
#include "cli.h"

#include "ifscat/db.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cli_common_option(ifs_cli *cli, int opt, const char *arg)
{
    switch (opt) {
    case OPT_DB:
        cli->conninfo = arg;
        return 1;
    case OPT_QUIET:
        cli->quiet = 1;
        return 1;
    case OPT_OUTPUT:
        cli->output = arg;
        return 1;
    case OPT_FORMAT: {
        ifs_error err;
        if (ifs_format_parse(arg, &cli->format, &err)) {
            fprintf(stderr, "ifscat: %s\n", err.msg);
            return -1;
        }
        return 1;
    }
    default:
        return 0;
    }
}

int cli_fail(const ifs_error *err)
{
    fprintf(stderr, "ifscat: %s\n", err->msg);
    return EXIT_FAIL;
}

int cli_usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ifscat: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n\n", stderr);
    va_end(ap);
    fputs(usage, stderr);
    return EXIT_USAGE;
}

int cli_help(const char *usage)
{
    fputs(usage, stdout);
    return EXIT_OK;
}

PGconn *cli_connect(const ifs_cli *cli, unsigned flags)
{
    PGconn *conn;
    ifs_error err;
    if (ifs_db_open(cli->conninfo, flags, &conn, &err)) {
        cli_fail(&err);
        return NULL;
    }
    return conn;
}

int cli_write_table(const ifs_cli *cli, const ifs_table *t)
{
    ifs_error err;
    if (ifs_table_write(t, cli->format, cli->output, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

void cli_progress(const ifs_cli *cli, const char *fmt, ...)
{
    if (cli->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}
