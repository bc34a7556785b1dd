/* cli.c: helpers shared by the commands: common options, errors, usage and table output. */
#include "cli.h"

#include "ifscat/db.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Marks a negative-number positional argument while getopt permutes argv. */
#define NEGATIVE_MARK '\001'

static int is_negative_number(const char *a)
{
    char *end;
    if (a[0] != '-' || !(a[1] == '.' || (a[1] >= '0' && a[1] <= '9')))
        return 0;
    strtod(a, &end);
    return *end == '\0';
}

static int long_takes_argument(const struct option *longopts, const char *name)
{
    size_t len = strcspn(name, "=");
    for (; longopts && longopts->name; longopts++)
        if (strlen(longopts->name) == len && !strncmp(longopts->name, name, len))
            return longopts->has_arg == required_argument;
    return 0;
}

/* Marks negative numbers that are positional arguments (not the value of an option). */
static void protect_negative_numbers(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (!strcmp(a, "--"))
            break;
        if (a[0] == '-' && a[1] == '-') {
            if (!strchr(a, '=') && long_takes_argument(longopts, a + 2))
                i++;
        } else if (is_negative_number(a)) {
            a[0] = NEGATIVE_MARK;
        } else if (a[0] == '-') {
            for (const char *p = a + 1; *p; p++) {
                const char *s = strchr(shortopts, *p);
                if (s && s[1] == ':') {
                    i += p[1] == '\0';
                    break;
                }
            }
        }
    }
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
    if (optind == 0) {
        opterr = 0; /* cli_option reports unknown options */
        protect_negative_numbers(argc, argv, shortopts, longopts);
    }
    int opt = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (opt == -1)
        for (int i = 1; i < argc; i++)
            if (argv[i][0] == NEGATIVE_MARK)
                argv[i][0] = '-';
    return opt;
}

/* 1 when opt is a common or listing option (handled), 0 when it is not, -1 after printing a bad
 * --format. */
static int common_option(ifs_cli *cli, int opt, const char *arg)
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

int cli_run_action(int argc, char **argv, ifs_cli *cli, const cli_action *actions, size_t nactions,
                   const char *usage)
{
    if (argc < 2)
        return cli_usage_error(usage, "%s needs an action", argv[0]);
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
        return cli_help(usage);
    for (size_t i = 0; i < nactions; i++)
        if (!strcmp(argv[1], actions[i].name))
            return actions[i].run(argc - 1, argv + 1, cli);
    return cli_usage_error(usage, "unknown %s action '%s'", argv[0], argv[1]);
}

int cli_option(ifs_cli *cli, int opt, const char *arg, char *const *argv, const char *usage)
{
    if (opt == OPT_HELP)
        return cli_help(usage);
    int handled = common_option(cli, opt, arg);
    if (handled > 0)
        return -1;
    if (handled < 0)
        return EXIT_USAGE;
    return cli_usage_error(usage, "unknown option or missing value: '%s'", argv[optind - 1]);
}

int cli_parse_options(int argc, char **argv, const char *usage, int listing, ifs_cli *cli, int *first)
{
    static const struct option common[] = {CLI_COMMON_OPTIONS, {0}};
    static const struct option with_listing[] = {CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS, {0}};
    int opt;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, listing ? "hqo:" : "hq", listing ? with_listing : common)) != -1) {
        int rc = cli_option(cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    *first = optind;
    return -1;
}

double cli_positive(const char *text)
{
    char *end;
    double v = strtod(text, &end);
    return *end || !(v > 0) ? NAN : v;
}

long long cli_whole(const char *text, double max)
{
    double v = cli_positive(text);
    return v == floor(v) && v <= max ? (long long)v : 0;
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

int cli_one_target(int argc, char **argv, const char *usage, const char *command, const char **target)
{
    if (optind >= argc)
        return cli_usage_error(usage, "%s needs a TARGET", command);
    if (optind + 1 < argc)
        return cli_usage_error(usage, "one TARGET at a time (got '%s' too)", argv[optind + 1]);
    *target = argv[optind];
    return -1;
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

int cli_query_table(const ifs_cli *cli, PGconn *conn, const char *title, const ifs_column *cols, size_t ncols,
                    const char *sql, int nparams, const char *const *params)
{
    ifs_error err;
    ifs_table *t = ifs_table_alloc(title, ncols, cols);
    PGresult *res = t ? ifs_db_query(conn, sql, nparams, params, &err) : NULL;
    int status = EXIT_FAIL;
    if (!t)
        fprintf(stderr, "ifscat: out of memory\n");
    else if (!res || ifs_db_fill_table(res, t, &err))
        cli_fail(&err);
    else
        status = cli_write_table(cli, t);
    PQclear(res);
    ifs_table_free(t);
    return status;
}
