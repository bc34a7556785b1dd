/* cmd_literature.c: `ifscat literature`: import a compilation as a named source, list the sources,
 * show a source's points with the targets they match, delete a source. */
#include "cli.h"

#include "ifscat/db.h"
#include "ifscat/literature.h"
#include "ifscat/sample.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat literature import FILE --source NAME [--map MAP.json] [--reference TEXT]\n"
    "                                [--match-radius ARCSEC] [--skip-bad]\n"
    "       ifscat literature list [--format F] [-o FILE]\n"
    "       ifscat literature show SOURCE [--format F] [-o FILE]\n"
    "       ifscat literature delete SOURCE\n"
    "\n"
    "Literature compilations: points with redshift, stellar mass, SFR, 12+log(O/H) and gradient, each\n"
    "with errors, limit flags and its reference, kept as named sources and cross-matched with the\n"
    "catalog's targets by name and by position (SQL view ifscat.target_literature).\n"
    "\n"
    "  import FILE     read a CSV, JSON, FITS-table or VOTable file; re-importing a source\n"
    "                  replaces its points in one transaction, other sources are untouched\n"
    "  list            the sources with their point counts and matched targets\n"
    "  show SOURCE     the points of a source and the targets they match\n"
    "  delete SOURCE   remove a source and its points\n"
    "\n"
    "Options of import:\n"
    "  --source NAME   the source name (letters, digits, _ . + -); required\n"
    "  --map MAP       mapping file saying which column holds what (data/literature/README.md);\n"
    "                  default: columns named like ifscat's quantities (data/literature/default.json)\n"
    "  --reference T   reference for points whose row names none (default: none)\n"
    "  --match-radius ARCSEC\n"
    "                  positional cross-match radius (default 1.0)\n"
    "  --skip-bad      skip rows that cannot be read, reporting each, instead of failing\n"
    "Options of list and show:\n"
    CLI_LISTING_HELP
    "Options of every action:\n"
    "  --db CONNINFO   catalog database\n"
    "  -q, --quiet     no progress messages\n"
    "\n"
    "Example:\n"
    "  ifscat literature import corecon_mass_gas_metallicity_relation.csv --source corecon-mzr \\\n"
    "      --map data/literature/corecon_mzr.json --skip-bad\n";

enum { OPT_SOURCE = 2000, OPT_MAP, OPT_REFERENCE, OPT_RADIUS, OPT_SKIP_BAD };

/* A skipped row is reported even with --quiet: skipping is never silent. */
static void report_skip(void *ctx, const char *message)
{
    (void)ctx;
    fprintf(stderr, "ifscat: skipped %s\n", message);
}

static int literature_import(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS,
                                            {"source", required_argument, NULL, OPT_SOURCE},
                                            {"map", required_argument, NULL, OPT_MAP},
                                            {"reference", required_argument, NULL, OPT_REFERENCE},
                                            {"match-radius", required_argument, NULL, OPT_RADIUS},
                                            {"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
                                            {0}};
    ifs_literature_options opt = {.match_radius_arcsec = IFS_LITERATURE_MATCH_RADIUS_ARCSEC,
                                   .on_skip = report_skip};
    int c;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "hq", options)) != -1) {
        char *end;
        switch (c) {
        case OPT_SOURCE: opt.source = optarg; break;
        case OPT_MAP: opt.map_path = optarg; break;
        case OPT_REFERENCE: opt.reference = optarg; break;
        case OPT_RADIUS:
            opt.match_radius_arcsec = strtod(optarg, &end);
            if (*end || !(opt.match_radius_arcsec > 0) || !isfinite(opt.match_radius_arcsec))
                return cli_usage_error(usage, "--match-radius needs a positive number of arcsec, not '%s'", optarg);
            break;
        case OPT_SKIP_BAD: opt.skip_bad = 1; break;
        default: {
            int rc = cli_option(cli, c, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
        }
    }
    if (argc - optind != 1)
        return cli_usage_error(usage, "literature import needs one FILE");
    if (!opt.source)
        return cli_usage_error(usage, "literature import needs --source NAME");
    const char *path = argv[optind];
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_literature_result res;
    ifs_error err;
    int status = ifs_literature_import(conn, path, &opt, &res, &err);
    PQfinish(conn);
    if (status)
        return cli_fail(&err);
    if (*res.unused)
        cli_progress(cli, "columns not read: %s\n", res.unused);
    printf("%s source '%s': %zu points from %s (%s, %zu rows", res.replaced ? "replaced" : "imported", opt.source,
           res.imported, path, res.format, res.rows);
    printf(res.skipped ? ", %zu bad rows skipped)\n" : ")\n", res.skipped);
    return EXIT_OK;
}

static int literature_list(int argc, char **argv, ifs_cli *cli)
{
    static const ifs_column cols[] = {
        {"source", IFS_COL_TEXT, "", 0, "source name"},
        {"points", IFS_COL_INT, "", 0, "points imported"},
        {"skipped", IFS_COL_INT, "", 0, "bad rows skipped at import"},
        {"matched_targets", IFS_COL_INT, "", 0, "catalog targets matched by name or position"},
        {"match_radius", IFS_COL_REAL, "arcsec", 2, "positional cross-match radius"},
        {"format", IFS_COL_TEXT, "", 0, "format of the imported file"},
        {"file", IFS_COL_TEXT, "", 0, "file imported"},
        {"reference", IFS_COL_TEXT, "", 0, "reference for points that name none"},
        {"imported_at", IFS_COL_TEXT, "", 0, "time of the import (UTC)"},
    };
    int first, rc = cli_parse_options(argc, argv, usage, 1, cli, &first);
    if (rc >= 0)
        return rc;
    if (argc != first)
        return cli_usage_error(usage, "literature list takes no arguments");
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    rc = cli_query_table(
        cli, conn, "literature sources", cols, CLI_COUNT(cols),
        "SELECT s.name AS source, s.n_points AS points, s.n_skipped AS skipped,"
        "       (SELECT count(DISTINCT target_id) FROM ifscat.target_literature tl WHERE tl.source = s.name)"
        "           AS matched_targets,"
        "       s.match_radius_arcsec AS match_radius, s.file_format AS format, s.file_name AS file, s.reference,"
        "       to_char(s.imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS imported_at"
        "  FROM ifscat.literature_source s ORDER BY s.name",
        0, NULL);
    PQfinish(conn);
    return rc;
}

static int literature_show(int argc, char **argv, ifs_cli *cli)
{
#define VALUE_COLS(q, unit, what)                                                                  \
    {q, IFS_COL_REAL, unit, 2, what}, {q "_lo", IFS_COL_REAL, unit, 2, "1-sigma error below"},     \
        {q "_hi", IFS_COL_REAL, unit, 2, "1-sigma error above"},                                 \
        {q "_limit", IFS_COL_TEXT, "", 0, "upper or lower limit"}
    static const ifs_column cols[] = {
        {"row", IFS_COL_TEXT, "", 0, "where the point is in the imported file"},
        {"name", IFS_COL_TEXT, "", 0, "object name in the compilation"},
        {"ra_deg", IFS_COL_REAL, "deg", 5, "right ascension"},
        {"dec_deg", IFS_COL_REAL, "deg", 5, "declination"},
        {"z", IFS_COL_REAL, "", 3, "redshift"},
        VALUE_COLS("logm", "log Msun", "stellar mass"),
        VALUE_COLS("logsfr", "log Msun/yr", "star formation rate"),
        VALUE_COLS("oh", "dex", "12+log(O/H)"),
        VALUE_COLS("gradient", "dex/kpc", "metallicity gradient"),
        {"reference", IFS_COL_TEXT, "", 0, "the point's reference"},
        {"targets", IFS_COL_TEXT, "", 0, "catalog targets it matches (by name or position)"},
    };
#undef VALUE_COLS
    int first, rc = cli_parse_options(argc, argv, usage, 1, cli, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 1)
        return cli_usage_error(usage, "literature show needs one SOURCE");
    const char *source = argv[first];
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_error err;
    if (ifs_litsource_check(conn, source, &err)) {
        PQfinish(conn);
        return cli_fail(&err);
    }
    char title[160];
    snprintf(title, sizeof title, "literature source %s", source);
    const char *params[] = {source};
    rc = cli_query_table(
        cli, conn, title, cols, CLI_COUNT(cols),
        "SELECT p.row_ref AS row, p.name, p.ra_deg, p.dec_deg, p.z,"
        "       p.logm, p.logm_lo, p.logm_hi, p.logm_limit, p.logsfr, p.logsfr_lo, p.logsfr_hi, p.logsfr_limit,"
        "       p.oh, p.oh_lo, p.oh_hi, p.oh_limit, p.gradient, p.gradient_lo, p.gradient_hi, p.gradient_limit,"
        "       coalesce(p.reference, s.reference) AS reference,"
        "       (SELECT string_agg(tl.target, ', ' ORDER BY tl.target) FROM ifscat.target_literature tl"
        "         WHERE tl.point_id = p.point_id) AS targets"
        "  FROM ifscat.literature_point p JOIN ifscat.literature_source s USING (source_id)"
        " WHERE s.name = $1 ORDER BY p.point_id",
        1, params);
    PQfinish(conn);
    return rc;
}

static int literature_delete(int argc, char **argv, ifs_cli *cli)
{
    int first, rc = cli_parse_options(argc, argv, usage, 0, cli, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 1)
        return cli_usage_error(usage, "literature delete needs one SOURCE");
    const char *source = argv[first];
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_error err;
    int status = ifs_literature_delete(conn, source, &err);
    PQfinish(conn);
    if (status)
        return cli_fail(&err);
    cli_progress(cli, "deleted source '%s'\n", source);
    return EXIT_OK;
}

int cmd_literature(int argc, char **argv, ifs_cli *cli)
{
    static const cli_action actions[] = {{"import", literature_import},
                                         {"list", literature_list},
                                         {"show", literature_show},
                                         {"delete", literature_delete}};
    return cli_run_action(argc, argv, cli, actions, CLI_COUNT(actions), usage);
}
