/* cmd_literature.c: `ifscat literature`: import a compilation as a named source, list the sources,
 * show a source's points with the targets they match, delete a source. */
#include "cli.h"

#include "ifscat/db.h"
#include "ifscat/literature.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat literature import FILE --source NAME [--map MAP.json] [--reference TEXT]\n"
    "                                [--match-radius ARCSEC] [--skip-bad]\n"
    "       ifscat literature list [--format text|csv|json] [-o FILE]\n"
    "       ifscat literature show SOURCE [--format text|csv|json] [-o FILE]\n"
    "       ifscat literature delete SOURCE\n"
    "\n"
    "Literature compilations: points with redshift, stellar mass, SFR, 12+log(O/H) and gradient, each\n"
    "with errors, limit flags and its reference, kept as named sources and cross-matched with the\n"
    "catalog's targets by name and by position (SQL view ifscat.target_literature).\n"
    "\n"
    "  import FILE      read a CSV, JSON, FITS-table or VOTable file; re-importing a source replaces\n"
    "                   its points in one transaction, other sources are untouched\n"
    "    --source NAME  the source name (letters, digits, _ . + -); required\n"
    "    --map MAP      mapping file saying which column holds what (data/literature/README.md);\n"
    "                   default: columns named like ifscat's quantities (data/literature/default.json)\n"
    "    --reference T  reference for points whose row names none (default: none)\n"
    "    --match-radius ARCSEC  positional cross-match radius (default 1.0)\n"
    "    --skip-bad     skip rows that cannot be read, reporting each, instead of failing\n"
    "  list             the sources with their point counts and matched targets\n"
    "  show SOURCE      the points of a source and the targets they match\n"
    "  delete SOURCE    remove a source and its points\n"
    "  --format F       text (default), csv or json;  -o FILE  write there instead of stdout\n"
    "  --db CONNINFO    catalog database;  -q, --quiet  no progress messages\n"
    "\n"
    "Example:\n"
    "  ifscat literature import corecon_mass_gas_metallicity_relation.csv --source corecon-mzr \\\n"
    "      --map data/literature/corecon_mzr.json\n";

enum { OPT_SOURCE = 2000, OPT_MAP, OPT_REFERENCE, OPT_RADIUS, OPT_SKIP_BAD };

static void report_skip(void *ctx, const char *message)
{
    const ifs_cli *cli = ctx;
    cli_progress(cli, "skipped: %s\n", message);
}

static int do_import(const ifs_cli *cli, const char *path, ifs_literature_options *opt)
{
    if (!opt->source)
        return cli_usage_error(usage, "literature import needs --source NAME");
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    opt->on_skip = report_skip;
    opt->ctx = (void *)cli;
    ifs_literature_result res;
    ifs_error err;
    int status = ifs_literature_import(conn, path, opt, &res, &err);
    PQfinish(conn);
    if (status)
        return cli_fail(&err);
    if (*res.unused)
        cli_progress(cli, "columns not read: %s\n", res.unused);
    cli_progress(cli, "%s source '%s': %zu points from %s (%s, %zu rows)", res.replaced ? "replaced" : "imported",
                 opt->source, res.imported, path, res.format, res.rows);
    cli_progress(cli, res.skipped ? "; %zu bad rows skipped\n" : "\n", res.skipped);
    return EXIT_OK;
}

/* Copies a query result into a table whose columns are named like the result's columns. */
static int result_table(const ifs_cli *cli, PGresult *res, const char *title, const ifs_column *cols, size_t ncols)
{
    ifs_table *t = ifs_table_alloc(title, ncols, cols);
    int ok = t != NULL;
    for (int row = 0; ok && row < PQntuples(res); row++) {
        long r = ifs_table_append(t);
        ok = r >= 0;
        for (size_t c = 0; ok && c < ncols; c++) {
            int k = PQfnumber(res, cols[c].name);
            if (k < 0 || PQgetisnull(res, row, k))
                continue;
            const char *v = PQgetvalue(res, row, k);
            if (cols[c].type == IFS_COL_TEXT)
                ok = ifs_table_set_text(t, (size_t)r, c, v) == 0;
            else if (cols[c].type == IFS_COL_INT)
                ok = ifs_table_set_int(t, (size_t)r, c, atoll(v)) == 0;
            else
                ok = ifs_table_set_real(t, (size_t)r, c, strtod(v, NULL)) == 0;
        }
    }
    int status = EXIT_FAIL;
    if (ok)
        status = cli_write_table(cli, t);
    else
        fprintf(stderr, "ifscat: out of memory building the table\n");
    ifs_table_free(t);
    return status;
}

static int do_list(const ifs_cli *cli)
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
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_error err;
    PGresult *res = ifs_db_query(
        conn,
        "SELECT s.name AS source, s.n_points AS points, s.n_skipped AS skipped,"
        "       (SELECT count(DISTINCT target_id) FROM ifscat.target_literature tl WHERE tl.source = s.name)"
        "           AS matched_targets,"
        "       s.match_radius_arcsec AS match_radius, s.file_format AS format, s.file_name AS file, s.reference,"
        "       to_char(s.imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS imported_at"
        "  FROM ifscat.literature_source s ORDER BY s.name",
        0, NULL, &err);
    PQfinish(conn);
    if (!res)
        return cli_fail(&err);
    int status = result_table(cli, res, "literature sources", cols, sizeof cols / sizeof cols[0]);
    PQclear(res);
    return status;
}

static int do_show(const ifs_cli *cli, const char *source)
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
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_error err;
    if (ifs_literature_check_source(conn, source, &err)) {
        PQfinish(conn);
        return cli_fail(&err);
    }
    const char *params[] = {source};
    PGresult *res = ifs_db_query(
        conn,
        "SELECT p.row_ref AS row, p.name, p.ra_deg, p.dec_deg, p.z,"
        "       p.logm, p.logm_lo, p.logm_hi, p.logm_limit, p.logsfr, p.logsfr_lo, p.logsfr_hi, p.logsfr_limit,"
        "       p.oh, p.oh_lo, p.oh_hi, p.oh_limit, p.gradient, p.gradient_lo, p.gradient_hi, p.gradient_limit,"
        "       coalesce(p.reference, s.reference) AS reference,"
        "       (SELECT string_agg(tl.target, ', ' ORDER BY tl.target) FROM ifscat.target_literature tl"
        "         WHERE tl.point_id = p.point_id) AS targets"
        "  FROM ifscat.literature_point p JOIN ifscat.literature_source s USING (source_id)"
        " WHERE s.name = $1 ORDER BY p.point_id",
        1, params, &err);
    PQfinish(conn);
    if (!res)
        return cli_fail(&err);
    char title[160];
    snprintf(title, sizeof title, "literature source %s", source);
    int status = result_table(cli, res, title, cols, sizeof cols / sizeof cols[0]);
    PQclear(res);
    return status;
}

static int do_delete(const ifs_cli *cli, const char *source)
{
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
    static const struct option options[] = {CLI_COMMON_OPTIONS,
                                            CLI_LISTING_OPTIONS,
                                            {"source", required_argument, NULL, OPT_SOURCE},
                                            {"map", required_argument, NULL, OPT_MAP},
                                            {"reference", required_argument, NULL, OPT_REFERENCE},
                                            {"match-radius", required_argument, NULL, OPT_RADIUS},
                                            {"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
                                            {NULL, 0, NULL, 0}};
    ifs_literature_options opt = {.match_radius_arcsec = IFS_LITERATURE_MATCH_RADIUS_ARCSEC};
    int c;
    while ((c = getopt_long(argc, argv, "hqo:", options, NULL)) != -1) {
        int common = cli_common_option(cli, c, optarg);
        if (common < 0)
            return EXIT_USAGE;
        if (common)
            continue;
        switch (c) {
        case OPT_HELP: return cli_help(usage);
        case OPT_SOURCE: opt.source = optarg; break;
        case OPT_MAP: opt.map_path = optarg; break;
        case OPT_REFERENCE: opt.reference = optarg; break;
        case OPT_RADIUS: {
            char *end;
            opt.match_radius_arcsec = strtod(optarg, &end);
            if (*end || !(opt.match_radius_arcsec > 0) || !isfinite(opt.match_radius_arcsec))
                return cli_usage_error(usage, "--match-radius needs a positive number of arcsec, not '%s'", optarg);
            break;
        }
        case OPT_SKIP_BAD: opt.skip_bad = 1; break;
        default: return cli_usage_error(usage, "unknown option");
        }
    }
    int nargs = argc - optind;
    const char *sub = nargs > 0 ? argv[optind] : NULL;
    if (!sub)
        return cli_usage_error(usage, "literature needs a subcommand: import, list, show or delete");
    if (strcmp(sub, "import") == 0) {
        if (nargs != 2)
            return cli_usage_error(usage, "literature import needs exactly one FILE");
        return do_import(cli, argv[optind + 1], &opt);
    }
    if (strcmp(sub, "list") == 0) {
        if (nargs != 1)
            return cli_usage_error(usage, "literature list takes no arguments");
        return do_list(cli);
    }
    if (strcmp(sub, "show") == 0 || strcmp(sub, "delete") == 0) {
        if (nargs != 2)
            return cli_usage_error(usage, "literature %s needs exactly one SOURCE", sub);
        return strcmp(sub, "show") == 0 ? do_show(cli, argv[optind + 1]) : do_delete(cli, argv[optind + 1]);
    }
    return cli_usage_error(usage, "unknown subcommand '%s' (use import, list, show or delete)", sub);
}
