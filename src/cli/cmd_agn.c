/* cmd_agn.c: `ifscat agn TARGET`: the broad-line test of science.md section 8 on the target's
 * integrated spectrum, printed as a one-row table. */
#include "cli.h"

#include "ifscat/agn.h"

#include <math.h>
#include <stdio.h>

static const char usage[] =
    "usage: ifscat agn TARGET [--observation ID] [--lines FILE] [--format " CLI_FORMATS "] [-o FILE]\n"
    "\n"
    "Fits the H-beta group (H-beta, [OIII]4960, [OIII]5008) of the target's integrated spectrum (the\n"
    "fit's aperture, summed again from the stored spaxels, or its 1D spectrum) twice on the same\n"
    "pixels: as the fit does, and with an extra broad H-beta of its own redshift and width\n"
    "(1,200-10,000 km/s at PRISM resolution).  Prints chi^2 and the Bayesian information criterion\n"
    "(BIC = chi^2 + k ln n) of both, their difference dBIC = BIC(broad) - BIC(narrow) (negative:\n"
    "the broad component is favoured), the broad flux, FWHM (km/s) and velocity offset from the\n"
    "narrow lines, and the strength of the evidence on the scale of Kass & Raftery (1995, JASA 90,\n"
    "773): |dBIC| 2-6 positive, 6-10 strong, > 10 very strong.\n"
    "\n"
    "Options:\n"
    "  --observation ID  the observation (default: the target's current one, which must be the only one)\n"
    "  --lines FILE      the line list the fit used, if not the shipped one\n"
    CLI_LISTING_HELP
    "  --db CONNINFO     catalog database\n"
    "\n"
    "Example:\n"
    "  ifscat agn RX2129_11027\n";

enum { OPT_OBSERVATION = 2000, OPT_LINES };

/* Kass & Raftery (1995), section 3.2, on the BIC difference. */
static const char *verdict(const ifs_agn_result *r)
{
    double d = r->dbic;
    if (d <= -10)
        return "broad H-beta: very strong evidence";
    if (d <= -6)
        return "broad H-beta: strong evidence";
    if (d <= -2)
        return "broad H-beta: positive evidence";
    if (d < 2)
        return "inconclusive";
    return "no broad H-beta: the narrow model is favoured";
}

int cmd_agn(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS,
                                            CLI_LISTING_OPTIONS,
                                            {"observation", required_argument, NULL, OPT_OBSERVATION},
                                            {"lines", required_argument, NULL, OPT_LINES},
                                            {0}};
    static const ifs_column cols[] = {
        {"target", IFS_COL_TEXT, "", 0, "target name"},
        {"observation_id", IFS_COL_INT, "", 0, "observation"},
        {"region", IFS_COL_TEXT, "", 0, "integrated spectrum: aperture or 1D spectrum"},
        {"n_spaxels", IFS_COL_INT, "", 0, "spaxels summed"},
        {"z", IFS_COL_REAL, "", 4, "narrow-line redshift"},
        {"n_points", IFS_COL_INT, "", 0, "pixels fitted by both models"},
        {"chi2_narrow", IFS_COL_REAL, "", 1, "chi^2 without the broad component"},
        {"chi2_broad", IFS_COL_REAL, "", 1, "chi^2 with it"},
        {"bic_narrow", IFS_COL_REAL, "", 1, "chi^2 + k ln n"},
        {"bic_broad", IFS_COL_REAL, "", 1, "chi^2 + k ln n"},
        {"dbic", IFS_COL_REAL, "", 1, "BIC(broad) - BIC(narrow): negative favours a broad H-beta"},
        {"broad_flux", IFS_COL_REAL, "1e-20 erg/s/cm2", 1, "broad H-beta flux (observed)"},
        {"broad_flux_err", IFS_COL_REAL, "1e-20 erg/s/cm2", 1, "its 1-sigma error"},
        {"fwhm", IFS_COL_REAL, "km/s", 0, "broad FWHM"},
        {"fwhm_err", IFS_COL_REAL, "km/s", 0, "its 1-sigma error"},
        {"dv", IFS_COL_REAL, "km/s", 0, "broad minus narrow velocity"},
        {"dv_err", IFS_COL_REAL, "km/s", 0, "its 1-sigma error"},
        {"converged", IFS_COL_INT, "", 0, "1: the broad fit converged inside its ranges"},
        {"verdict", IFS_COL_TEXT, "", 0, "Kass & Raftery (1995) scale of the BIC difference"},
    };
    long long obs = 0;
    const char *lines = NULL;
    int opt;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        if (opt == OPT_OBSERVATION) {
            if (!(obs = cli_whole(optarg, 9e15)))
                return cli_usage_error(usage, "--observation needs an observation id, not '%s'", optarg);
        } else if (opt == OPT_LINES) {
            lines = optarg;
        } else {
            int rc = cli_option(cli, opt, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
    }
    const char *target;
    int rc = cli_one_target(argc, argv, usage, "agn", &target);
    if (rc >= 0)
        return rc;
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_agn_subject sub;
    ifs_agn_result r;
    ifs_error err;
    int status = ifs_agn_run(conn, target, obs, lines, &sub, &r, &err);
    PQfinish(conn);
    if (status)
        return cli_fail(&err);
    ifs_table *t = ifs_table_alloc("broad-line test", CLI_COUNT(cols), cols);
    long row = t ? ifs_table_append(t) : -1;
    if (row < 0) {
        ifs_table_free(t);
        fprintf(stderr, "ifscat: out of memory\n");
        return EXIT_FAIL;
    }
    size_t c = 0, i = (size_t)row;
    ifs_table_set_text(t, i, c++, target);
    ifs_table_set_int(t, i, c++, sub.observation_id);
    ifs_table_set_text(t, i, c++, sub.region);
    ifs_table_set_int(t, i, c++, (long long)sub.nspaxels);
    const double v[] = {r.z, (double)r.npoints, r.chi2_narrow, r.chi2_broad, r.bic_narrow, r.bic_broad, r.dbic,
                        r.broad_flux, r.broad_flux_err, r.fwhm_kms, r.fwhm_kms_err, r.dv_kms, r.dv_kms_err};
    for (size_t k = 0; k < CLI_COUNT(v); k++, c++)
        if (k == 1)
            ifs_table_set_int(t, i, c, (long long)r.npoints);
        else
            ifs_table_set_real(t, i, c, v[k]);
    ifs_table_set_int(t, i, c++, r.converged);
    ifs_table_set_text(t, i, c++, verdict(&r));
    status = cli_write_table(cli, t);
    ifs_table_free(t);
    return status;
}
