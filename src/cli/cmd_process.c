/* cmd_process.c: `ifscat process [TARGET...]`: fit and derive whatever is missing or stale, like
 * make; a second run does nothing and says so. */
#include "analysis.h"
#include "cli.h"
#include "derive_report.h"

#include "ifscat/processing.h"

#include <stdio.h>

static const char usage[] =
    "usage: ifscat process [TARGET...] [--calibration NAME|FILE] [--seed N] [--threads T]\n"
    "                      [--db CONNINFO] [--quiet]\n"
    "\n"
    "Brings the targets (default: every target with a current observation) up to date, like make:\n"
    "each current observation is fitted when it has no fit or its fit is stale (new observation,\n"
    "changed line list, target redshift or magnification, software version; the fit keeps the\n"
    "regions, aperture and annuli it was made with), then derived when it has no derive or its\n"
    "derive is stale (new fit, changed calibration file, seed, SED mass, satellite positions).\n"
    "Each fit and each derive is one transaction; a failure is reported and the others go on.\n"
    "Run twice, the second run does nothing and says so.  docs/derived.md has the rules.\n"
    "\n"
    "  --calibration C  derive with this calibration (default: each derive keeps its own;\n"
    "                   sanders2024 for a new one)\n"
    "  --seed N         derive with this seed (default: each derive keeps its own; 20240 for a new one)\n"
    "  --threads T      threads (default 0: one per core); results do not depend on it\n"
    "  --db CONNINFO    catalog database\n"
    "  -q, --quiet      only the summary line\n"
    "\n"
    "Exit status: 0 everything up to date (done now or before), 1 a step failed or bad input, 2 usage\n"
    "error.\n"
    "\n"
    "Example:\n"
    "  ifscat process\n";

enum { OPT_CALIBRATION = 2000 };

static const char *const state_name[] = {"unchanged", "done", "kept", "FAILED", "skipped"};

static void show_step(const ifs_processing_step *s, void *ctx)
{
    const ifs_cli *cli = ctx;
    if (s->fit_state == IFS_STEP_FAILED || s->derive_state == IFS_STEP_FAILED) {
        fprintf(stderr, "ifscat: %s, observation %lld: %s failed: %s\n", s->target, s->observation_id,
                s->fit_state == IFS_STEP_FAILED ? "fit" : "derive", s->err.msg);
        return;
    }
    if (cli->quiet || (s->fit_state == IFS_STEP_UNCHANGED && s->derive_state == IFS_STEP_UNCHANGED))
        return;
    printf("%s, observation %lld: fit %s", s->target, s->observation_id, state_name[s->fit_state]);
    if (s->fit_state == IFS_STEP_DONE)
        printf(" (fit %lld, %zu regions, %.1f s)", s->fit.fit_id, s->fit.nregions,
               s->fit.seconds_load + s->fit.seconds_fit + s->fit.seconds_write);
    if (s->fit_state == IFS_STEP_KEPT)
        printf(" (made with a user's line list: re-fit with ifscat fit --lines)");
    printf(", derive %s\n", state_name[s->derive_state]);
    if (s->derive_state == IFS_STEP_DONE)
        cli_print_derive(s->target, &s->derive);
}

int cmd_process(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS,
                                            {"calibration", required_argument, NULL, OPT_CALIBRATION},
                                            CLI_SEED_OPTION,
                                            CLI_THREADS_OPTION,
                                            {0}};
    ifs_processing_options o = {0};
    cli_analysis shared;
    cli_analysis_init(&shared, IFS_SAMPLE_ALL);
    int opt;
    while ((opt = cli_getopt(argc, argv, "hq", options)) != -1) {
        if (opt == OPT_CALIBRATION) {
            o.calibration = optarg;
            continue;
        }
        if (opt == OPT_SEED)
            o.seed_given = 1;
        int rc = cli_analysis_option(&shared, cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    o.targets = (const char *const *)argv + optind;
    o.ntargets = (size_t)(argc - optind);
    o.seed = shared.seed;
    o.nthreads = shared.threads;
    o.step = show_step;
    o.ctx = cli;

    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_processing_summary sum;
    ifs_error err;
    int status = ifs_processing_run(conn, &o, &sum, &err);
    PQfinish(conn);
    if (status)
        return cli_fail(&err);
    if (!sum.nfits && !sum.nderives && !sum.nfailed)
        printf("up to date: %zu observation%s of %zu target%s, nothing to do (%.2f s)\n", sum.nobservations,
               sum.nobservations == 1 ? "" : "s", sum.ntargets, sum.ntargets == 1 ? "" : "s", sum.seconds);
    else
        printf("processed %zu observation%s of %zu target%s: %zu fitted, %zu derived, %zu failed (%.1f s)\n",
               sum.nobservations, sum.nobservations == 1 ? "" : "s", sum.ntargets, sum.ntargets == 1 ? "" : "s",
               sum.nfits, sum.nderives, sum.nfailed, sum.seconds);
    return sum.nfailed ? EXIT_FAIL : EXIT_OK;
}
