/* cmd_summary.c: `ifscat summary`: the galaxy_summary view, one row per galaxy and satellite
 * (the study's Table 2), hosts followed by their satellites. */
#include "cli.h"

#include "ifscat/db.h"

static const char usage[] =
    "usage: ifscat summary [--format " CLI_FORMATS "] [-o FILE]\n"
    "\n"
    "One row per galaxy and satellite from the view ifscat.galaxy_summary: redshift,\n"
    "magnification, lensing-corrected scale, stellar mass, SFR, metallicity with 1-sigma errors,\n"
    "metallicity gradient, A_V, satellite separation and offset from the fundamental metallicity\n"
    "relation.  Values ifscat derived itself (ifscat derive, ifscat process) take precedence over\n"
    "imported ones, which stay beside them (oh_published, gradient_published, logsfr_published);\n"
    "column 'derived' names the quantities derived (see 'ifscat property list --all').\n"
    "\n"
    "Options:\n"
    CLI_LISTING_HELP
    "  --db CONNINFO   catalog database\n"
    "\n"
    "Example:\n"
    "  ifscat summary --format csv -o table2.csv\n";

int cmd_summary(int argc, char **argv, ifs_cli *cli)
{
    static const ifs_column cols[] = {
        {"name", IFS_COL_TEXT, "", 0, "target name"},
        {"kind", IFS_COL_TEXT, "", 0, "galaxy or satellite"},
        {"host", IFS_COL_TEXT, "", 0, "host of a satellite"},
        {"z", IFS_COL_REAL, "", 2, "redshift"},
        {"mu", IFS_COL_REAL, "", 2, "lensing magnification"},
        {"scale_kpc_arcsec", IFS_COL_REAL, "kpc/arcsec", 3, "physical scale, lensing-corrected"},
        {"logm", IFS_COL_REAL, "log Msun", 2, "stellar mass"},
        {"logm_lo", IFS_COL_REAL, "dex", 2, "1-sigma error below"},
        {"logm_hi", IFS_COL_REAL, "dex", 2, "1-sigma error above"},
        {"logsfr", IFS_COL_REAL, "log Msun/yr", 2, "star formation rate"},
        {"logsfr_lo", IFS_COL_REAL, "dex", 2, "1-sigma error below"},
        {"logsfr_hi", IFS_COL_REAL, "dex", 2, "1-sigma error above"},
        {"oh", IFS_COL_REAL, "dex", 2, "12+log(O/H)"},
        {"oh_lo", IFS_COL_REAL, "dex", 2, "1-sigma error below"},
        {"oh_hi", IFS_COL_REAL, "dex", 2, "1-sigma error above"},
        {"gradient", IFS_COL_REAL, "dex/kpc", 2, "radial metallicity gradient"},
        {"gradient_lo", IFS_COL_REAL, "dex/kpc", 2, "1-sigma error below"},
        {"gradient_hi", IFS_COL_REAL, "dex/kpc", 2, "1-sigma error above"},
        {"dfmr", IFS_COL_REAL, "dex", 2, "offset from the FMR of Curti et al. (2020)"},
        {"dfmr_err", IFS_COL_REAL, "dex", 2, "1-sigma error of the offset"},
        {"oh_published", IFS_COL_REAL, "dex", 2, "12+log(O/H) imported (published), beside a derived oh"},
        {"gradient_published", IFS_COL_REAL, "dex/kpc", 2, "gradient imported (published)"},
        {"logsfr_published", IFS_COL_REAL, "log Msun/yr", 2, "SFR imported (published)"},
        {"av", IFS_COL_REAL, "mag", 2, "A_V (H-delta/H-beta)"},
        {"host_sep_kpc", IFS_COL_REAL, "kpc", 2, "projected separation of a satellite from its host"},
        {"derived", IFS_COL_TEXT, "", 0, "quantities shown that ifscat derived (source 'ifscat')"},
    };
    int first, rc = cli_parse_options(argc, argv, usage, 1, cli, &first);
    if (rc >= 0)
        return rc;
    if (first != argc)
        return cli_usage_error(usage, "summary takes no arguments");
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    rc = cli_query_table(cli, conn, "galaxy summary", cols, CLI_COUNT(cols),
                         "SELECT *, concat_ws(' ', CASE WHEN oh_source = 'ifscat' THEN 'oh' END,"
                         " CASE WHEN logsfr_source = 'ifscat' THEN 'logsfr' END,"
                         " CASE WHEN gradient_source = 'ifscat' THEN 'gradient' END,"
                         " CASE WHEN av_source = 'ifscat' THEN 'av' END,"
                         " CASE WHEN host_sep_kpc_source = 'ifscat' THEN 'host_sep_kpc' END) AS derived"
                         " FROM ifscat.galaxy_summary ORDER BY coalesce(host, name), host NULLS FIRST, name",
                         0, NULL);
    PQfinish(conn);
    return rc;
}
