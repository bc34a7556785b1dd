/* cmd_plot.c: `ifscat plot KIND [TARGET] -o FILE`: publication figures from the catalog, as PNG,
 * PDF or SVG by the extension of FILE. */
#include "analysis.h"
#include "plots.h"

#include "ifscat/plot.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat plot KIND [TARGET] -o FILE [--with-literature SOURCE[:ZMIN-ZMAX]]... [--no-literature]\n"
    "                   [--seed S] [--map NAME] [--annulus N] [--observation ID]\n"
    "\n"
    "Draws a figure from the catalog at a journal's column width (3.5 in): PNG (300 dpi), PDF or\n"
    "SVG, chosen by the extension of FILE; the same catalog gives the same bytes.  Galaxies and\n"
    "satellites are drawn apart, literature points (every source, or the chosen ones; points that\n"
    "are catalog targets are shown once, as the target) as open symbols, limits as arrows.\n"
    "\n"
    "Kinds of the sample (TARGET, optional, marks and names that target):\n"
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
    "Kinds of one target's line fit ('ifscat fit'; TARGET required):\n"
    "  map             a stored map (--map) in arcsec from the continuum peak, with a colour bar\n"
    "                  and contours of the stellar continuum at 20, 40, 60, 80% of its peak\n"
    "  profile         the annuli's 12+log(O/H) with errors against radius (kpc) and the gradient\n"
    "                  of 'ifscat derive' with its 1-sigma band (needs a derive)\n"
    "  spectrum        the aperture's summed spectrum (or an annulus', or a 1D observation's) with\n"
    "                  its 1-sigma errors, best-fit model and lines at S/N >= 3, over the residuals\n"
    "\n"
    "  -o, --output F  the figure: F.png, F.pdf or F.svg (required; written whole or not at all)\n"
    "  --with-literature SEL\n"
    "                  draw only this literature source, optionally in a redshift range\n"
    "                  (SOURCE:ZMIN-ZMAX); repeatable (default: every source)\n"
    "  --no-literature the own sample only\n"
    "  --seed S        seed of the Monte-Carlo offsets and line fits (default 20240, as 'ifscat\n"
    "                  fmr' and 'ifscat gradient-stats')\n"
    "  --map NAME      map: flux_LINE, err_LINE, snr_LINE, and after 'ifscat derive' oh, oh_lo,\n"
    "                  oh_hi, r3, r3_err, ne3o2, ne3o2_err, log_sigma_sfr, log_sigma_star (add\n"
    "                  _smoothed for the 3x3-smoothed cube); continuum, continuum_err, extent,\n"
    "                  extent_err (default oh_smoothed after a derive, else\n"
    "                  flux_OIII5008_smoothed); an unknown name lists the target's maps\n"
    "  --annulus N     spectrum: annulus N instead of the aperture\n"
    "  --observation ID\n"
    "                  map, profile, spectrum: this observation of TARGET (default: its current one)\n"
    "  --db CONNINFO   catalog database\n"
    "  -q, --quiet     no progress messages\n"
    "\n"
    "Example:\n"
    "  ifscat plot mzr -o mzr.pdf\n";

typedef struct plot_kind {
    const char *name;
    plot_builder build;
    int needs_target;
} plot_kind;

static const plot_kind kinds[] = {
    {"sfms", plot_sfms, 0},
    {"mzr", plot_mzr, 0},
    {"fmr", plot_fmr, 0},
    {"gradient-z", plot_gradient_z, 0},
    {"gradient-mass", plot_gradient_mass, 0},
    {"gradient-ssfr", plot_gradient_ssfr, 0},
    {"map", plot_map, 1},
    {"profile", plot_profile, 1},
    {"spectrum", plot_spectrum, 1},
};

enum { OPT_NO_LITERATURE = OPT_ANALYSIS_END, OPT_MAP, OPT_ANNULUS, OPT_OBSERVATION };


int cmd_plot(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS,
                                            {"output", required_argument, NULL, OPT_OUTPUT},
                                            CLI_SEED_OPTION,
                                            CLI_LITERATURE_OPTION,
                                            {"no-literature", no_argument, NULL, OPT_NO_LITERATURE},
                                            {"map", required_argument, NULL, OPT_MAP},
                                            {"annulus", required_argument, NULL, OPT_ANNULUS},
                                            {"observation", required_argument, NULL, OPT_OBSERVATION},
                                            {0}};
    cli_analysis a;
    cli_analysis_init(&a, IFS_SAMPLE_ALL);
    plot_request req = {.cli = cli};
    int opt;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        if (opt == OPT_NO_LITERATURE) {
            req.no_literature = 1;
            continue;
        }
        if (opt == OPT_MAP) {
            req.map = optarg;
            continue;
        }
        if (opt == OPT_ANNULUS) {
            if (!(req.annulus = (int)cli_whole(optarg, 10000)))
                return cli_usage_error(usage, "--annulus needs an annulus number from 1, not '%s'", optarg);
            continue;
        }
        if (opt == OPT_OBSERVATION) {
            if (!(req.observation = cli_whole(optarg, 9e15)))
                return cli_usage_error(usage, "--observation needs an observation id, not '%s'", optarg);
            continue;
        }
        int rc = cli_analysis_option(&a, cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    if (optind >= argc)
        return cli_usage_error(usage, "plot needs a KIND");
    if (argc - optind > 2)
        return cli_usage_error(usage, "plot takes a KIND and at most one TARGET");
    if (!cli->output)
        return cli_usage_error(usage, "plot needs -o FILE (.png, .pdf or .svg)");
    if (req.no_literature && a.nsel)
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
    req.target = argc - optind == 2 ? argv[optind + 1] : NULL;
    if (kind->needs_target && !req.target)
        return cli_usage_error(usage, "plot %s needs a TARGET", kind->name);
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    req.conn = conn;
    req.sel = a.sel;
    req.nsel = a.nsel;
    req.seed = a.seed;
    ifs_figure *fig = NULL;
    ifs_error_clear(&err);
    int status = kind->build(&req, &fig, &err);
    if (status && !*err.msg && fig) /* a drawing call failed: the figure has the message */
        ifs_figure_error(fig, &err);
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
