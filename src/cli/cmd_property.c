/* cmd_property.c: `ifscat property import|list`: external quantities per target (SED masses,
 * published values) with their history. */
#include "cli.h"

#include "ifscat/db.h"
#include "ifscat/importers.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat property import FILE\n"
    "       ifscat property list [TARGET] [--all] [--format F] [-o FILE]\n"
    "\n"
    "  import   properties in long format from CSV or a JSON array; columns: name, quantity,\n"
    "           value, source (required); err_lo, err_hi (1-sigma below/above), unit, method.\n"
    "           Quantities and their units: logm [log Msun], logsfr [log Msun/yr], oh [dex,\n"
    "           12+log(O/H)], gradient [dex/kpc], dfmr [dex], av [mag], host_sep_kpc [kpc],\n"
    "           sfr_halpha [Msun/yr] (table ifscat.quantity).  A changed value supersedes the\n"
    "           current one of the same target, quantity and source; the old one is kept.\n"
    "  list     current properties (of one target), or with --all the whole history\n"
    "\n"
    "Options:\n"
    "  --all           include superseded values\n"
    CLI_LISTING_HELP
    "  --db CONNINFO   catalog database\n"
    "\n"
    "Example:\n"
    "  ifscat property import data/demo/properties.csv && ifscat property list SMACS0723_4590\n";

static int property_import(int argc, char **argv, ifs_cli *cli)
{
    int first, rc = cli_parse_options(argc, argv, usage, 0, cli, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 1)
        return cli_usage_error(usage, "property import needs one FILE");
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_import_counts n;
    ifs_error err;
    rc = ifs_property_import(conn, argv[first], &n, &err) ? cli_fail(&err) : EXIT_OK;
    PQfinish(conn);
    if (rc == EXIT_OK)
        printf("%s: %ld properties read: %ld new, %ld superseding a changed value, %ld unchanged\n", argv[first],
               n.read, n.inserted, n.updated, n.unchanged);
    return rc;
}

static int property_list(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS,
                                            {"all", no_argument, NULL, 'a'}, {0}};
    static const ifs_column cols[] = {
        {"name", IFS_COL_TEXT, "", 0, "target name"},
        {"quantity", IFS_COL_TEXT, "", 0, "quantity (table ifscat.quantity)"},
        {"value", IFS_COL_REAL, "", 3, "value, in the unit of the unit column"},
        {"err_lo", IFS_COL_REAL, "", 3, "1-sigma error below"},
        {"err_hi", IFS_COL_REAL, "", 3, "1-sigma error above"},
        {"unit", IFS_COL_TEXT, "", 0, "unit of value and errors"},
        {"source", IFS_COL_TEXT, "", 0, "where the value comes from"},
        {"method", IFS_COL_TEXT, "", 0, "how it was obtained"},
        {"recorded_at", IFS_COL_TEXT, "", 0, "when it entered the catalog"},
        {"superseded_at", IFS_COL_TEXT, "", 0, "when a newer value replaced it (empty: current)"},
    };
    int all = 0, opt;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        if (opt == 'a') {
            all = 1;
            continue;
        }
        int rc = cli_option(cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    if (argc - optind > 1)
        return cli_usage_error(usage, "property list takes at most one TARGET");
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    const char *params[] = {optind < argc ? argv[optind] : NULL, all ? "t" : "f"};
    int rc = cli_query_table(
        cli, conn, "properties", cols, CLI_COUNT(cols),
        "SELECT t.name, p.quantity, p.value, p.err_lo, p.err_hi, p.unit, p.source, p.method,"
        " to_char(p.recorded_at, 'YYYY-MM-DD HH24:MI:SS') AS recorded_at,"
        " to_char(p.superseded_at, 'YYYY-MM-DD HH24:MI:SS') AS superseded_at"
        " FROM ifscat.galaxy_property p JOIN ifscat.target t USING (target_id)"
        " WHERE ($1::text IS NULL OR t.name = $1) AND ($2::boolean OR p.superseded_at IS NULL)"
        " ORDER BY t.name, p.quantity, p.source, p.recorded_at, p.property_id",
        2, params);
    PQfinish(conn);
    return rc;
}

int cmd_property(int argc, char **argv, ifs_cli *cli)
{
    static const cli_action actions[] = {{"import", property_import}, {"list", property_list}};
    return cli_run_action(argc, argv, cli, actions, CLI_COUNT(actions), usage);
}
