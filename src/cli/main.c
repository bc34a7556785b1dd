/* main.c: the ifscat command: global options and the single table that dispatches subcommands. */
#include "cli.h"

#include "ifscat/error.h"
#include "ifscat/version.h"

#include <stdio.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv, ifs_cli *cli);
    const char *summary;
} command;

static const command commands[] = {
    {"db", cmd_db, "manage the catalog database: start, stop, status, migrate, psql, conninfo"},
    {"target", cmd_target, "import, list, show targets; cone search around a position"},
    {"property", cmd_property, "import and list external properties (SED masses, published values)"},
    {"ingest", cmd_ingest, "store a FITS cube or 1D spectrum as an observation of a target"},
    {"fit", cmd_fit, "fit the emission lines of an observation: spaxels, smoothed, aperture, annuli"},
    {"derive", cmd_derive, "metallicities, SFR, A_V, gradient, resolved FMR test of a fitted observation"},
    {"process", cmd_process, "bring targets up to date: fit and derive what is missing or stale"},
    {"gradient", cmd_gradient, "the radial metallicity profile of a target and the gradient fit through it"},
    {"agn", cmd_agn, "broad-line test: group 5 of the integrated spectrum with and without a broad H-beta"},
    {"mock", cmd_mock, "write a NIRSpec PRISM mock cube (s3d layout) and its truth as JSON"},
    {"observation", cmd_observation, "list the ingested observations (and versions), a spaxel's spectrum; drop one"},
    {"summary", cmd_summary, "one row per galaxy and satellite: scale, mass, SFR, metallicity, gradient"},
    {"cosmology", cmd_cosmology, "distances, kpc/arcsec, age and lookback time at a redshift"},
    {"calibration", cmd_calibration, "list and show the strong-line metallicity calibrations"},
    {"fmr", cmd_fmr, "offsets from the local FMR of Curti et al. (2020), with Monte-Carlo errors"},
    {"compare", cmd_compare, "offsets from any relation of the library and the sample's mean offset"},
    {"gradient-stats", cmd_gradient_stats, "mean gradient, Spearman correlations, redshift-binned means"},
    {"relations", cmd_relations, "fit main sequence, MZR and FMR (own sample, plus literature); stored"},
    {"relation", cmd_relation, "the library of published scaling relations: list, show"},
    {"literature", cmd_literature, "literature compilations: import, list, show, delete; cross-match"},
    {"export", cmd_export, "a target's fit as FITS: maps (images with the cube's WCS), summed spectra and models"},
    {"plot", cmd_plot, "figures (PNG, PDF, SVG): sfms, mzr, fmr, gradients; a target's maps, profile, spectra"},
};

static const char usage[] =
    "usage: ifscat [--db CONNINFO] [--quiet] COMMAND [ARGS...]\n"
    "       ifscat COMMAND --help\n"
    "\n"
    "Catalog of integral-field spectroscopy of high-redshift galaxies, kept in PostgreSQL.\n"
    "\n"
    "Global options:\n"
    "  --db CONNINFO   catalog database (libpq connection string); default: $IFSCAT_DB, else the\n"
    "                  PG* variables, else the embedded cluster under $IFSCAT_HOME\n"
    "                  (default ~/.local/share/ifscat), started on first use\n"
    "  -q, --quiet     no progress messages on stderr\n"
    "  --version       print the version\n"
    "\n"
    "Commands:\n";

static void print_usage(FILE *f)
{
    fputs(usage, f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-15s %s\n", commands[i].name, commands[i].summary);
    fputs("\nExit status: 0 ok, 1 failure, 2 usage error.\n", f);
}

int main(int argc, char **argv)
{
    ifs_cli cli = {0};
    ifs_gsl_quiet();
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            cli.conninfo = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            cli.conninfo = argv[i] + 5;
        } else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            cli.quiet = 1;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("ifscat %s\n", IFS_VERSION);
            return EXIT_OK;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            print_usage(stdout);
            return EXIT_OK;
        } else {
            fprintf(stderr, "ifscat: unknown option '%s'\n\n", argv[i]);
            print_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (i >= argc) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[i], "help") == 0 && i + 1 < argc) {
        argv[i] = argv[i + 1];
        argv[i + 1] = "--help";
    }
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(argv[i], commands[k].name) == 0) {
            optind = 0; /* fresh getopt state for the command (GNU: also resets internals) */
            return commands[k].run(argc - i, argv + i, &cli);
        }
    fprintf(stderr, "ifscat: '%s' is not an ifscat command (see 'ifscat --help')\n", argv[i]);
    return EXIT_USAGE;
}
