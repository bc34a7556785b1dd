/* cmd_plot.c: `ifscat plot KIND [TARGET] -o FILE`: publication figures from the catalog, as PNG,
 * PDF or SVG by the extension of FILE. */
#include "analysis.h"
#include "plots.h"

#include "ifscat/plot.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat plot KIND [TARGET] -o FILE [--with-literature SOURCE[:ZMIN-ZMAX]]... [--no-literature]\n"
    "                   [--seed S]\n"
    "\n"
    "Draws a figure from the catalog at a journal's column width (3.5 in): PNG (300 dpi), PDF or\n"
    "SVG, chosen by the extension of FILE; the same catalog gives the same bytes.  Galaxies and\n"
    "satellites are drawn apart, literature points (every source, or the chosen ones; points that\n"
    "are catalog targets are shown once, as the target) as open symbols, limits as arrows.\n"
    "\n"
    "Kinds:\n"
    "  sfms            log SFR vs log M*: main sequences of the relation library (at the sample's\n"
    "                  median redshift) and the stored fits of 'ifscat relations' with 1-sigma bands\n"
    "  mzr             12+log(O/H) vs log M*: the library's MZRs and the stored fits\n"
    "  fmr             12+log(O/H) vs mu_alpha = log M* - alpha log SFR (alpha of the stored fit,\n"
    "                  default 0.65) with the library's FMRs at the sample's median SFR, over the\n"
    "                  offset from the Curti et al. (2020) FMR (as 'ifscat fmr') against redshift,\n"
    "                  with the age of the universe on the top axis\n"
    "  gradient-z      metallicity gradient vs redshift, with the means in the redshift bins of\n"
    "                  'ifscat gradient-stats' and the age of the universe on top\n"
    "  gradient-mass   gradient vs log M*, with the line fit of 'ifscat gradient-stats' and its band\n"
    "  gradient-ssfr   gradient vs log sSFR, likewise\n"
    "TARGET (optional) marks and names that target; it must have the values plotted.\n"
    "\n"
    "  -o, --output F  the figure: F.png, F.pdf or F.svg (required; written whole or not at all)\n"
    "  --with-literature SEL\n"
    "                  draw only this literature source, optionally in a redshift range\n"
    "                  (SOURCE:ZMIN-ZMAX); repeatable (default: every source)\n"
    "  --no-literature the own sample only\n"
    "  --seed S        seed of the Monte-Carlo offsets and line fits (default 20240, as 'ifscat\n"
    "                  fmr' and 'ifscat gradient-stats')\n"
    "  --db CONNINFO   catalog database\n"
    "  -q, --quiet     no progress messages\n"
    "\n"
    "Example:\n"
    "  ifscat plot mzr -o mzr.pdf\n";

typedef struct plot_kind {
    const char *name;
    plot_builder build;
} plot_kind;

static const plot_kind kinds[] = {
    {"sfms", plot_sfms},
    {"mzr", plot_mzr},
    {"fmr", plot_fmr},
    {"gradient-z", plot_gradient_z},
    {"gradient-mass", plot_gradient_mass},
    {"gradient-ssfr", plot_gradient_ssfr},
};

enum { OPT_NO_LITERATURE = OPT_ANALYSIS_END };

int cmd_plot(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS,
                                            {"output", required_argument, NULL, OPT_OUTPUT},
                                            CLI_SEED_OPTION,
                                            CLI_LITERATURE_OPTION,
                                            {"no-literature", no_argument, NULL, OPT_NO_LITERATURE},
                                            {0}};
    cli_analysis a;
    cli_analysis_init(&a, IFS_SAMPLE_ALL);
    int no_literature = 0, opt;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        if (opt == OPT_NO_LITERATURE) {
            no_literature = 1;
            continue;
        }
        int handled = cli_analysis_option(&a, opt, optarg, usage);
        if (handled < 0)
            return EXIT_USAGE;
        if (handled)
            continue;
        int rc = cli_option(cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    if (optind >= argc)
        return cli_usage_error(usage, "plot needs a KIND");
    if (argc - optind > 2)
        return cli_usage_error(usage, "plot takes a KIND and at most one TARGET");
    if (!cli->output)
        return cli_usage_error(usage, "plot needs -o FILE (.png, .pdf or .svg)");
    if (no_literature && a.nsel)
        return cli_usage_error(usage, "--no-literature and --with-literature exclude each other");
    const char *name = argv[optind];
    const plot_kind *kind = NULL;
    char known[256] = "";
    for (size_t k = 0; k < CLI_COUNT(kinds); k++) {
        if (!strcmp(kinds[k].name, name))
            kind = &kinds[k];
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", k ? ", " : "", kinds[k].name);
    }
    ifs_error err;
    if (!kind) {
        ifs_error_set(&err, IFS_ERR_INPUT, "unknown plot kind '%s' (known: %s)", name, known);
        return cli_fail(&err);
    }
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    plot_request req = {cli, conn, argc - optind == 2 ? argv[optind + 1] : NULL, a.sel, a.nsel, no_literature, a.seed};
    ifs_figure *fig = NULL;
    int status = kind->build(&req, &fig, &err);
    if (!status)
        status = ifs_figure_save(fig, cli->output, &err);
    ifs_figure_free(fig);
    PQfinish(conn);
    if (status) {
        ifs_error_prefix(&err, "plot %s", kind->name);
        return cli_fail(&err);
    }
    cli_progress(cli, "wrote %s (%s)\n", cli->output, kind->name);
    return EXIT_OK;
}
