/* cmd_derive.c: `ifscat derive TARGET`: metallicities, A_V, SFRs, gradient, resolved-FMR test and
 * satellite separations from an observation's fit, stored (sql/0004_derived.sql). */
#include "analysis.h"
#include "cli.h"
#include "derive_report.h"

#include "ifscat/calibration.h"
#include "ifscat/deriving.h"

#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
    "usage: ifscat derive TARGET [--observation ID] [--calibration NAME|FILE] [--seed N] [--threads T]\n"
    "                     [--db CONNINFO] [--quiet]\n"
    "\n"
    "Derives from the fit of the target's current observation: 12+log(O/H) of every region (MCMC\n"
    "posterior, median and 16/84th percentiles), R3 and Ne3O2 maps, A_V from H-delta/H-beta of the\n"
    "integrated spectrum, the SFR, Sigma_SFR and Sigma_* of every region, the radial gradient from the\n"
    "annuli, the Spearman test of spaxel metallicity against Sigma_SFR, and the projected separations\n"
    "of the target's satellites; stores them in one transaction (docs/derived.md), the galaxy's values\n"
    "also as properties with source 'ifscat'.  The same settings and inputs again write nothing\n"
    "('unchanged'); a changed calibration, seed, fit, SED mass or satellite position replaces the\n"
    "derive.\n"
    "\n"
    "  --observation ID    the observation (default: the target's current one, which must be the only one)\n"
    "  --calibration C     shipped calibration name or JSON file (default " IFS_CALIBRATION_DEFAULT
    "; see ifscat calibration list)\n"
    "  --seed N            seed of the MCMC draws (default 20240); region r uses stream r\n"
    "  --threads T         threads (default 0: one per core); results do not depend on it\n"
    "  --db CONNINFO       catalog database\n"
    "  -q, --quiet         no timings on stderr\n"
    "\n"
    "Exit status: 0 derived or unchanged, 1 bad input or database error (nothing written), 2 usage error.\n"
    "\n"
    "Example:\n"
    "  ifscat derive SMACS0723_4590 --calibration curti2020\n";

enum { OPT_OBSERVATION = 2000, OPT_CALIBRATION };

int cmd_derive(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS,
                                            {"observation", required_argument, NULL, OPT_OBSERVATION},
                                            {"calibration", required_argument, NULL, OPT_CALIBRATION},
                                            CLI_SEED_OPTION,
                                            CLI_THREADS_OPTION,
                                            {0}};
    ifs_deriving_options o = {0};
    cli_analysis shared;
    cli_analysis_init(&shared, IFS_SAMPLE_ALL);
    int opt;
    while ((opt = cli_getopt(argc, argv, "hq", options)) != -1) {
        switch (opt) {
        case OPT_OBSERVATION:
            if (!(o.observation_id = cli_whole(optarg, 9e15)))
                return cli_usage_error(usage, "--observation needs an observation id, not '%s'", optarg);
            break;
        case OPT_CALIBRATION:
            o.calibration = optarg;
            break;
        default: {
            int rc = cli_analysis_option(&shared, cli, opt, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
        }
    }
    int rc = cli_one_target(argc, argv, usage, "derive", &o.target);
    if (rc >= 0)
        return rc;
    o.seed = shared.seed;
    o.nthreads = shared.threads;

    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_deriving_report rep;
    ifs_error err;
    int status = ifs_deriving_run(conn, &o, &rep, &err);
    PQfinish(conn);
    if (status)
        return cli_fail(&err);
    cli_print_derive(o.target, &rep);
    if (!rep.unchanged)
        cli_progress(cli, "ifscat: read %.3f s, derive %.3f s, write %.3f s\n", rep.seconds_load, rep.seconds_derive,
                     rep.seconds_write);
    return EXIT_OK;
}
