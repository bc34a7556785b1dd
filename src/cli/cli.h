/* cli.h: what every command shares: options common to all commands, connecting, reporting errors
 * and usage, and writing result tables.  Only the command layer prints or exits. */
#ifndef IFSCAT_CLI_H
#define IFSCAT_CLI_H

#include <getopt.h>
#include <libpq-fe.h>

#include "ifscat/error.h"
#include "ifscat/table.h"

/* Exit statuses of every command. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

typedef struct ifs_cli {
    const char *conninfo; /* --db, or NULL */
    int quiet;            /* --quiet: no progress or chatter on stderr */
    ifs_format format;    /* --format (listing commands) */
    const char *output;   /* -o/--output (listing commands), NULL = stdout */
} ifs_cli;

/* getopt_long values for the options every command accepts. */
enum { OPT_DB = 1000, OPT_HELP = 'h', OPT_QUIET = 'q', OPT_FORMAT = 1001, OPT_OUTPUT = 'o' };

/* Usage text shared by every listing command (string literals, to paste into a usage string). */
#define CLI_FORMATS "text|csv|json|fits|votable"
#define CLI_LISTING_HELP                                                                           \
    "  --format F      text (default: aligned, units in the header), csv, json, fits or votable\n" \
    "  -o, --output F  write to a file instead of stdout (the whole file or nothing)\n"

#define CLI_COMMON_OPTIONS                                                                         \
    {"db", required_argument, NULL, OPT_DB}, {"help", no_argument, NULL, OPT_HELP},                \
        {"quiet", no_argument, NULL, OPT_QUIET}
#define CLI_LISTING_OPTIONS                                                                        \
    {"format", required_argument, NULL, OPT_FORMAT}, {"output", required_argument, NULL, OPT_OUTPUT}

/* getopt_long for commands, with options allowed before and after positional arguments, and
 * negative numbers (a declination, a gradient) taken as positional arguments rather than
 * options.  Set optind = 0 before the first call of a parse. */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/* The end of every command's option loop: handles --help, the common and listing options, and
 * unknown options or missing values.  Returns -1 when opt was handled (go on), else the exit
 * status to return at once (0 after --help, 2 after a usage error). */
int cli_option(ifs_cli *cli, int opt, const char *arg, char *const *argv, const char *usage);

/* Number of elements of a static array. */
#define CLI_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* An action of a command with several (`ifscat target import|list|...`); argv[0] is the action. */
typedef struct cli_action {
    const char *name;
    int (*run)(int argc, char **argv, ifs_cli *cli);
} cli_action;

/* Runs the action named by argv[1] (argv[0] is the command); handles --help and unknown or missing
 * actions with a usage error. */
int cli_run_action(int argc, char **argv, ifs_cli *cli, const cli_action *actions, size_t nactions,
                   const char *usage);

/* Option parsing for commands (and actions) that take only the common options, plus the listing
 * options when listing is non-zero.  argv[0] is the command or action name.  Returns -1 when the
 * caller should go on (positional arguments start at *first), else the exit status to return at
 * once (0 after --help, 2 after a usage error). */
int cli_parse_options(int argc, char **argv, const char *usage, int listing, ifs_cli *cli, int *first);

/* A positive number from an option's text, or NAN. */
double cli_positive(const char *text);
/* A whole number 1..max from an option's text, or 0. */
long long cli_whole(const char *text, double max);

/* Prints "ifscat: MESSAGE" on stderr and returns EXIT_FAIL. */
int cli_fail(const ifs_error *err);
/* Prints "ifscat: MESSAGE" and the usage text on stderr, returns EXIT_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The one TARGET operand after the options (argv[optind]) in *target, returning -1; else the usage
 * error ("COMMAND needs a TARGET", "one TARGET at a time") and its exit status. */
int cli_one_target(int argc, char **argv, const char *usage, const char *command, const char **target);
/* Prints the usage text on stdout (for --help) and returns EXIT_OK. */
int cli_help(const char *usage);

/* Connects to the catalog (see ifs_db_open); prints the error and returns NULL on failure. */
PGconn *cli_connect(const ifs_cli *cli, unsigned flags);

/* Writes a result table in the chosen format to the chosen output; returns an exit status. */
int cli_write_table(const ifs_cli *cli, const ifs_table *t);

/* Progress and chatter on stderr, unless --quiet. */
void cli_progress(const ifs_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Runs a query (text parameters) and writes its rows as a table with the given columns; returns
 * an exit status.  The workhorse of listing commands. */
int cli_query_table(const ifs_cli *cli, PGconn *conn, const char *title, const ifs_column *cols, size_t ncols,
                    const char *sql, int nparams, const char *const *params);

/* Every command: argv[0] is the command name. */
int cmd_calibration(int argc, char **argv, ifs_cli *cli);
int cmd_cosmology(int argc, char **argv, ifs_cli *cli);
int cmd_db(int argc, char **argv, ifs_cli *cli);
int cmd_export(int argc, char **argv, ifs_cli *cli);
int cmd_agn(int argc, char **argv, ifs_cli *cli);
int cmd_derive(int argc, char **argv, ifs_cli *cli);
int cmd_gradient(int argc, char **argv, ifs_cli *cli);
int cmd_process(int argc, char **argv, ifs_cli *cli);
int cmd_compare(int argc, char **argv, ifs_cli *cli);
int cmd_fit(int argc, char **argv, ifs_cli *cli);
int cmd_fmr(int argc, char **argv, ifs_cli *cli);
int cmd_gradient_stats(int argc, char **argv, ifs_cli *cli);
int cmd_ingest(int argc, char **argv, ifs_cli *cli);
int cmd_literature(int argc, char **argv, ifs_cli *cli);
int cmd_mock(int argc, char **argv, ifs_cli *cli);
int cmd_observation(int argc, char **argv, ifs_cli *cli);
int cmd_plot(int argc, char **argv, ifs_cli *cli);
int cmd_relation(int argc, char **argv, ifs_cli *cli);
int cmd_relations(int argc, char **argv, ifs_cli *cli);
int cmd_property(int argc, char **argv, ifs_cli *cli);
int cmd_summary(int argc, char **argv, ifs_cli *cli);
int cmd_target(int argc, char **argv, ifs_cli *cli);

#endif
