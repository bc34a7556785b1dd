/* cmd_target.c: `ifscat target import|list|show|near`: the galaxies, satellites and clumps of the
 * catalog. */
#include "cli.h"

#include "ifscat/db.h"
#include "ifscat/importers.h"
#include "ifscat/records.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat target import FILE\n"
    "       ifscat target list [--kind galaxy|satellite|clump] [--format F] [-o FILE]\n"
    "       ifscat target show NAME [--format F] [-o FILE]\n"
    "       ifscat target near RA_DEG DEC_DEG RADIUS_ARCSEC [--format F] [-o FILE]\n"
    "\n"
    "  import   upsert targets by name from CSV (header row, '#' comments) or a JSON array;\n"
    "           columns: name, z (required); kind (galaxy|satellite|clump, default galaxy), host,\n"
    "           ra_deg, dec_deg (degrees), mu (default 1), mu_err, reference.  All or nothing.\n"
    "           A target in the catalog keeps the values of the columns the file does not\n"
    "           have (a file of name,z corrects redshifts only); an empty cell unsets its\n"
    "           column.  The CSV of 'target list' imports back (scale_kpc_arcsec ignored).\n"
    "  list     every target with its lensing-corrected scale\n"
    "  show     one target and its satellites\n"
    "  near     cone search (q3c index) around RA, Dec (degrees) within a radius in arcsec\n"
    "\n"
    "Options:\n"
    "  --kind K        list only galaxies, satellites or clumps (default: every kind)\n"
    CLI_LISTING_HELP
    "  --db CONNINFO   catalog database (default: $IFSCAT_DB, PG*, or the embedded cluster)\n"
    "\n"
    "Example:\n"
    "  ifscat target import data/demo/targets.csv && ifscat target near 110.8593 -73.4492 5\n";

static const ifs_column target_cols[] = {
    {"name", IFS_COL_TEXT, "", 0, "target name"},
    {"kind", IFS_COL_TEXT, "", 0, "galaxy, satellite or clump"},
    {"host", IFS_COL_TEXT, "", 0, "host galaxy of a satellite or clump"},
    {"ra_deg", IFS_COL_REAL, "deg", 5, "right ascension (ICRS)"},
    {"dec_deg", IFS_COL_REAL, "deg", 5, "declination (ICRS)"},
    {"z", IFS_COL_REAL, "", 4, "spectroscopic redshift"},
    {"mu", IFS_COL_REAL, "", 2, "lensing magnification"},
    {"mu_err", IFS_COL_REAL, "", 2, "1-sigma error of the magnification"},
    {"scale_kpc_arcsec", IFS_COL_REAL, "kpc/arcsec", 3, "physical scale, lensing-corrected (divided by sqrt(mu))"},
    {"reference", IFS_COL_TEXT, "", 0, "reference for the target"},
};

static const char select_targets[] =
    "SELECT t.name, t.kind::text AS kind, h.name AS host, t.ra_deg, t.dec_deg, t.z, t.mu, t.mu_err,"
    " t.scale_kpc_arcsec, t.reference FROM ifscat.target t LEFT JOIN ifscat.target h ON h.target_id = t.host_id";

static int target_import(int argc, char **argv, ifs_cli *cli)
{
    int first, rc = cli_parse_options(argc, argv, usage, 0, cli, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 1)
        return cli_usage_error(usage, "target import needs one FILE");
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_import_counts n;
    ifs_error err;
    rc = ifs_target_import(conn, argv[first], &n, &err) ? cli_fail(&err) : EXIT_OK;
    PQfinish(conn);
    if (rc == EXIT_OK)
        printf("%s: %ld targets read: %ld inserted, %ld updated, %ld unchanged\n", argv[first], n.read, n.inserted,
               n.updated, n.unchanged);
    return rc;
}

static int target_list(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS,
                                            {"kind", required_argument, NULL, 'k'}, {0}};
    const char *kind = NULL;
    int opt;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        if (opt == 'k') {
            kind = optarg;
            if (strcmp(kind, "galaxy") && strcmp(kind, "satellite") && strcmp(kind, "clump"))
                return cli_usage_error(usage, "--kind must be galaxy, satellite or clump, not '%s'", kind);
            continue;
        }
        int rc = cli_option(cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc)
        return cli_usage_error(usage, "unexpected argument '%s'", argv[optind]);
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    char sql[1024];
    snprintf(sql, sizeof sql, "%s WHERE $1::text IS NULL OR t.kind::text = $1 ORDER BY coalesce(h.name, t.name),"
                              " t.host_id NULLS FIRST, t.name", select_targets);
    const char *params[] = {kind};
    int rc = cli_query_table(cli, conn, "targets", target_cols, CLI_COUNT(target_cols), sql, 1, params);
    PQfinish(conn);
    return rc;
}

static int target_show(int argc, char **argv, ifs_cli *cli)
{
    int first, rc = cli_parse_options(argc, argv, usage, 1, cli, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 1)
        return cli_usage_error(usage, "target show needs one NAME");
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    const char *params[] = {argv[first]};
    ifs_error err;
    PGresult *res = ifs_db_query(conn, "SELECT 1 FROM ifscat.target WHERE name = $1", 1, params, &err);
    if (!res || PQntuples(res) == 0) {
        if (res)
            ifs_error_set(&err, IFS_ERR_INPUT, "no target named '%s' (see 'ifscat target list')", argv[first]);
        PQclear(res);
        PQfinish(conn);
        return cli_fail(&err);
    }
    PQclear(res);
    char sql[1024];
    /* The target itself first, then its satellites and clumps. */
    snprintf(sql, sizeof sql, "%s WHERE t.name = $1 OR h.name = $1 ORDER BY (t.name = $1) DESC, t.name",
             select_targets);
    rc = cli_query_table(cli, conn, "target and its satellites", target_cols, CLI_COUNT(target_cols), sql, 1, params);
    PQfinish(conn);
    return rc;
}

static int target_near(int argc, char **argv, ifs_cli *cli)
{
    static const ifs_column cols[] = {
        {"name", IFS_COL_TEXT, "", 0, "target name"},
        {"kind", IFS_COL_TEXT, "", 0, "galaxy, satellite or clump"},
        {"ra_deg", IFS_COL_REAL, "deg", 5, "right ascension"},
        {"dec_deg", IFS_COL_REAL, "deg", 5, "declination"},
        {"z", IFS_COL_REAL, "", 4, "redshift"},
        {"sep_arcsec", IFS_COL_REAL, "arcsec", 3, "angular separation from the search position"},
    };
    int first, rc = cli_parse_options(argc, argv, usage, 1, cli, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 3)
        return cli_usage_error(usage, "target near needs RA_DEG DEC_DEG RADIUS_ARCSEC");
    double ra, dec, radius;
    if (ifs_parse_double(argv[first], &ra) || !(ra >= 0 && ra < 360))
        return cli_usage_error(usage, "RA '%s' must be a number of degrees in [0, 360)", argv[first]);
    if (ifs_parse_double(argv[first + 1], &dec) || !(dec >= -90 && dec <= 90))
        return cli_usage_error(usage, "Dec '%s' must be a number of degrees in [-90, 90]", argv[first + 1]);
    if (ifs_parse_double(argv[first + 2], &radius) || !(radius > 0))
        return cli_usage_error(usage, "radius '%s' must be a positive number of arcsec", argv[first + 2]);
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    const char *params[] = {argv[first], argv[first + 1], argv[first + 2]};
    rc = cli_query_table(cli, conn, "targets near a position", cols, CLI_COUNT(cols),
                         "SELECT name, kind::text AS kind, ra_deg, dec_deg, z,"
                         " q3c_dist(ra_deg, dec_deg, $1::float8, $2::float8) * 3600 AS sep_arcsec"
                         " FROM ifscat.target WHERE q3c_radial_query(ra_deg, dec_deg, $1::float8, $2::float8,"
                         " $3::float8 / 3600) ORDER BY sep_arcsec, name",
                         3, params);
    PQfinish(conn);
    return rc;
}

int cmd_target(int argc, char **argv, ifs_cli *cli)
{
    static const cli_action actions[] = {
        {"import", target_import}, {"list", target_list}, {"show", target_show}, {"near", target_near}};
    return cli_run_action(argc, argv, cli, actions, CLI_COUNT(actions), usage);
}
