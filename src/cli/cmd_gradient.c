/* cmd_gradient.c: `ifscat gradient TARGET`: the radial metallicity profile of a derived observation
 * (the annuli) and the straight-line fit through it. */
#include "cli.h"

#include "ifscat/db.h"
#include "ifscat/observation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat gradient TARGET [--observation ID] [--format " CLI_FORMATS "] [-o FILE]\n"
    "\n"
    "The radial metallicity profile stored by 'ifscat derive': one row per annulus (radii in\n"
    "lensing-corrected kpc, 12+log(O/H) with its 16/84th-percentile errors, flags, diagnostics,\n"
    "R3), the fitted line at each radius and the residual; in text output followed by the fit:\n"
    "slope (dex/kpc) and intercept, medians with 16th/84th percentiles of the MCMC posterior.\n"
    "Flags: 1 R3 only, 2 near the R3 turnover, 4 at the edge of the calibration's valid range.\n"
    "\n"
    "Options:\n"
    "  --observation ID  the observation (default: the target's current one, which must be the only one)\n"
    CLI_LISTING_HELP
    "  --db CONNINFO     catalog database\n"
    "\n"
    "Example:\n"
    "  ifscat gradient SMACS0723_4590 --format csv -o profile.csv\n";

enum { OPT_OBSERVATION = 2000 };

static const char profile_sql[] =
    "SELECT d.number AS annulus, d.r_in_kpc, d.r_out_kpc, d.r_mean_kpc AS r_kpc, d.oh, d.oh - d.oh_p16 AS oh_lo,"
    " d.oh_p84 - d.oh AS oh_hi, d.oh_flags AS flags, d.oh_diagnostics AS diagnostics, d.r3, d.r3_err,"
    " g.gradient_intercept + g.gradient_slope * d.r_mean_kpc AS fit,"
    " d.oh - (g.gradient_intercept + g.gradient_slope * d.r_mean_kpc) AS residual"
    " FROM ifscat.current_derived_region d JOIN ifscat.derived_galaxy g USING (derive_id)"
    " WHERE d.observation_id = $1 AND d.kind = 'annulus' ORDER BY d.number";

static const char fit_sql[] =
    "SELECT target, gradient_slope, gradient_slope - gradient_slope_p16, gradient_slope_p84 - gradient_slope,"
    " gradient_intercept, gradient_intercept - gradient_intercept_p16, gradient_intercept_p84 - gradient_intercept,"
    " gradient_n, gradient_n_edge, gradient_samples, calibration_name"
    " FROM ifscat.current_derived_galaxy WHERE observation_id = $1";

int cmd_gradient(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {
        CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS, {"observation", required_argument, NULL, OPT_OBSERVATION}, {0}};
    static const ifs_column cols[] = {
        {"annulus", IFS_COL_INT, "", 0, "annulus number (1: the centre and its 4 neighbours)"},
        {"r_in_kpc", IFS_COL_REAL, "kpc", 3, "inner radius, lensing-corrected"},
        {"r_out_kpc", IFS_COL_REAL, "kpc", 3, "outer radius"},
        {"r_kpc", IFS_COL_REAL, "kpc", 3, "mean radius of the annulus' spaxels (the fit's abscissa)"},
        {"oh", IFS_COL_REAL, "dex", 3, "12+log(O/H): posterior median"},
        {"oh_lo", IFS_COL_REAL, "dex", 3, "median - 16th percentile"},
        {"oh_hi", IFS_COL_REAL, "dex", 3, "84th percentile - median"},
        {"flags", IFS_COL_INT, "", 0, "1 R3 only, 2 near the R3 turnover, 4 at the edge of the valid range"},
        {"diagnostics", IFS_COL_TEXT, "", 0, "diagnostics used"},
        {"r3", IFS_COL_REAL, "dex", 3, "log10([OIII]5008 / H-beta)"},
        {"r3_err", IFS_COL_REAL, "dex", 3, "its 1-sigma error"},
        {"fit", IFS_COL_REAL, "dex", 3, "the fitted line at r_kpc (median slope and intercept)"},
        {"residual", IFS_COL_REAL, "dex", 3, "oh - fit"},
    };
    long long obs = 0;
    int opt;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        if (opt == OPT_OBSERVATION) {
            if (!(obs = cli_whole(optarg, 9e15)))
                return cli_usage_error(usage, "--observation needs an observation id, not '%s'", optarg);
        } else {
            int rc = cli_option(cli, opt, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    const char *target;
    int rc = cli_one_target(argc, argv, usage, "gradient", &target);
    if (rc >= 0)
        return rc;
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_error err;
    PGresult *fit = NULL, *prof = NULL;
    ifs_table *t = NULL;
    int status = EXIT_FAIL;
    char id[24];
    if (!obs && ifs_observation_current(conn, target, NULL, &obs, &err)) {
        cli_fail(&err);
        goto exit;
    }
    snprintf(id, sizeof id, "%lld", obs);
    const char *p[1] = {id};
    if (!(fit = ifs_db_query(conn, fit_sql, 1, p, &err))) {
        cli_fail(&err);
        goto exit;
    }
    if (PQntuples(fit) == 0 || strcmp(PQgetvalue(fit, 0, 0), target) != 0) {
        fprintf(stderr, "ifscat: observation %lld of %s has no derive (run ifscat derive %s, or ifscat process %s)\n",
                obs, target, target, target);
        goto exit;
    }
    if (!(t = ifs_table_alloc("metallicity profile", CLI_COUNT(cols), cols)) ||
        !(prof = ifs_db_query(conn, profile_sql, 1, p, &err)) || ifs_db_fill_table(prof, t, &err)) {
        if (!t)
            fprintf(stderr, "ifscat: out of memory\n");
        else
            cli_fail(&err);
        goto exit;
    }
    if ((status = cli_write_table(cli, t)) != EXIT_OK)
        goto exit;
    if (cli->format == IFS_FORMAT_TEXT && !cli->output) {
        if (PQgetisnull(fit, 0, 1))
            printf("no gradient: fewer than 2 annuli with a metallicity\n");
        else
            printf("gradient of %s (%s): 12+log(O/H) = %.3f -%.3f +%.3f + (%.3f -%.3f +%.3f) r/kpc; %s annuli (%s at "
                   "the edge of the valid range), %s MCMC samples\n",
                   target, PQgetvalue(fit, 0, 10), atof(PQgetvalue(fit, 0, 4)), atof(PQgetvalue(fit, 0, 5)),
                   atof(PQgetvalue(fit, 0, 6)), atof(PQgetvalue(fit, 0, 1)), atof(PQgetvalue(fit, 0, 2)),
                   atof(PQgetvalue(fit, 0, 3)), PQgetvalue(fit, 0, 7), PQgetvalue(fit, 0, 8), PQgetvalue(fit, 0, 9));
    }
exit:
    PQclear(fit);
    PQclear(prof);
    ifs_table_free(t);
    PQfinish(conn);
    return status;
}
