/* cmd_fmr.c: `ifscat fmr`: every galaxy's offset from the local fundamental metallicity relation of
 * Curti et al. (2020), with Monte-Carlo errors, redshift and age of the universe. */
#include "cli.h"
#include "offsets.h"

static const char usage[] =
    "usage: ifscat fmr [--sample main|satellites|all] [--imported] [--draws N] [--seed S]\n"
    "                  [--threads T] [--summary] [--format F] [-o FILE]\n"
    "\n"
    "Offset of every galaxy (and satellite) from the local FMR of Curti et al. (2020):\n"
    "  dfmr = 12+log(O/H) - [Z0 - (gamma/beta) log10(1 + (M*/M0)^-beta)], log M0 = m0 + m1 log SFR,\n"
    "  Z0 = 8.779, m0 = 10.11, m1 = 0.56, gamma = 0.31, beta = 2.1 (relation curti2020_fmr),\n"
    "with the best stellar mass, SFR and metallicity of the catalog (view best_property; the\n"
    "imported ones with --imported).  Errors: Monte Carlo over the (asymmetric, split-normal)\n"
    "errors of mass, SFR and metallicity: the rms deviations below and above the offset, i.e. the\n"
    "1-sigma widths.  Also the redshift and the age of the universe.  The text output ends with the\n"
    "sample's mean offset.\n"
    "\n"
    "  --sample S      main (galaxies), satellites or all (default all)\n"
    CLI_IMPORTED_HELP
    "  --draws N       Monte-Carlo draws per galaxy (default 200)\n"
    "  --seed S        seed of the draws (default 20240); results do not depend on --threads\n"
    "  --threads T     threads for the Monte Carlo (default 0: one per core)\n"
    "  --summary       print only the mean offset, its error and the scatter\n"
    CLI_LISTING_HELP
    "  --db CONNINFO   catalog database\n"
    "  -q, --quiet     no progress messages\n"
    "\n"
    "Example:\n"
    "  ifscat fmr --sample main --format csv -o fmr.csv\n";

int cmd_fmr(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS, CLI_OFFSET_OPTIONS, {0}};
    cli_offsets o = {.relation = "curti2020_fmr", .offset_col = "dfmr", .draws = CLI_OFFSET_DRAWS};
    cli_analysis_init(&o.a, IFS_SAMPLE_ALL);
    int opt;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        int rc = cli_offsets_option(&o, cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc)
        return cli_usage_error(usage, "fmr takes no arguments");
    return cli_offsets_run(cli, &o);
}
