/* cmd_compare.c: `ifscat compare --relation NAME`: every galaxy's offset from any relation of the
 * library, and the sample's mean offset with its error. */
#include "cli.h"
#include "offsets.h"

static const char usage[] =
    "usage: ifscat compare --relation NAME [--sample main|satellites|all] [--imported] [--draws N]\n"
    "                      [--seed S] [--threads T] [--summary] [--format F] [-o FILE]\n"
    "\n"
    "Offsets of the catalog's galaxies from a relation of the library ('ifscat relation list'):\n"
    "measured minus predicted log SFR for a main sequence, 12+log(O/H) for an MZR or FMR, with\n"
    "Monte-Carlo errors over the input errors (the 1-sigma widths below and above), and whether the\n"
    "galaxy lies inside the relation's stated validity range.  The text output ends with the\n"
    "sample's mean offset, its standard error (scatter / sqrt(n)) and the scatter; --summary prints\n"
    "only that, in any format.\n"
    "\n"
    "  --relation NAME\n"
    "                  relation to compare with (required)\n"
    "  --sample S      main (galaxies), satellites or all (default all)\n"
    CLI_IMPORTED_HELP
    "  --draws N       Monte-Carlo draws per galaxy (default 200)\n"
    "  --seed S        seed of the draws (default 20240)\n"
    "  --threads T     threads (default 0: one per core)\n"
    "  --summary       print only the mean offset, its error and the scatter\n"
    CLI_LISTING_HELP
    "  --db CONNINFO   catalog database\n"
    "  -q, --quiet     no progress messages\n"
    "\n"
    "Example:\n"
    "  ifscat compare --relation curti2024_mzr --sample main --summary\n";

int cmd_compare(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS, CLI_OFFSET_OPTIONS,
                                            {"relation", required_argument, NULL, OPT_RELATION}, {0}};
    cli_offsets o = {.offset_col = "offset", .draws = CLI_OFFSET_DRAWS};
    cli_analysis_init(&o.a, IFS_SAMPLE_ALL);
    int opt;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        if (opt == OPT_RELATION) {
            o.relation = optarg;
            continue;
        }
        int rc = cli_offsets_option(&o, cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc)
        return cli_usage_error(usage, "compare takes no arguments");
    if (!o.relation)
        return cli_usage_error(usage, "compare needs --relation NAME (see 'ifscat relation list')");
    return cli_offsets_run(cli, &o);
}
