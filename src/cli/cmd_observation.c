/* cmd_observation.c: `ifscat observation list|drop`: the ingested observations and their versions. */
#include "cli.h"

#include "ifscat/db.h"
#include "ifscat/ingest.h"
#include "ifscat/observation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat observation list [TARGET] [--all] [--format F] [-o FILE]\n"
    "       ifscat observation spectrum ID X Y [--format F] [-o FILE]\n"
    "       ifscat observation drop ID\n"
    "\n"
    "  list   the current observation of every target (or of TARGET): kind, setup, shape,\n"
    "         wavelength range, spaxel size, exposure, programme, file, size, sha256, ingest\n"
    "         time, the observation it supersedes\n"
    "  spectrum  the spectrum of spaxel (X, Y) (0-based; FITS pixel X+1, Y+1) as stored: vacuum\n"
    "         wavelength, flux and error in 1e-20 erg/s/cm2/Angstrom, mask (1 = do not use)\n"
    "  drop   delete observation ID with its spaxels and everything derived from it; an\n"
    "         observation it superseded stays superseded\n"
    "\n"
    "Options:\n"
    "  --all           list superseded versions too (default: current only)\n"
    CLI_LISTING_HELP
    "  --db CONNINFO   catalog database (default: $IFSCAT_DB, PG*, or the embedded cluster)\n"
    "\n"
    "Example:\n"
    "  ifscat observation list SMACS0723_4590 --all\n";

static const ifs_column columns[] = {
    {"observation_id", IFS_COL_INT, "", 0, "observation identifier"},
    {"target", IFS_COL_TEXT, "", 0, "target name"},
    {"status", IFS_COL_TEXT, "", 0, "current or superseded"},
    {"kind", IFS_COL_TEXT, "", 0, "cube or spectrum (a 1x1 cube)"},
    {"instrument", IFS_COL_TEXT, "", 0, "instrument"},
    {"grating", IFS_COL_TEXT, "", 0, "grating or disperser"},
    {"filter", IFS_COL_TEXT, "", 0, "filter"},
    {"nx", IFS_COL_INT, "", 0, "spaxels along x (FITS axis 1)"},
    {"ny", IFS_COL_INT, "", 0, "spaxels along y (FITS axis 2)"},
    {"nwave", IFS_COL_INT, "", 0, "wavelength channels"},
    {"wave_min", IFS_COL_REAL, "um", 4, "first vacuum wavelength"},
    {"wave_max", IFS_COL_REAL, "um", 4, "last vacuum wavelength"},
    {"pixscale", IFS_COL_REAL, "arcsec", 3, "spaxel size"},
    {"exptime", IFS_COL_REAL, "s", 0, "exposure time"},
    {"program", IFS_COL_TEXT, "", 0, "programme identifier"},
    {"file", IFS_COL_TEXT, "", 0, "file name as ingested"},
    {"size", IFS_COL_INT, "byte", 0, "file size"},
    {"sha256", IFS_COL_TEXT, "", 0, "SHA-256 of the file content (first 12 hex digits)"},
    {"ingested_at", IFS_COL_TEXT, "", 0, "ingest time (UTC)"},
    {"supersedes", IFS_COL_INT, "", 0, "the observation this one replaced"},
};

static const char sql_list[] =
    "SELECT o.observation_id, t.name AS target, o.status, o.kind, o.instrument, o.grating, o.filter, "
    "o.nx, o.ny, o.nwave, o.wave_um[1] AS wave_min, o.wave_um[o.nwave] AS wave_max, "
    "o.pixscale_arcsec AS pixscale, o.exptime_s AS exptime, o.program, o.file_name AS file, "
    "o.file_size AS size, left(o.sha256, 12) AS sha256, "
    "to_char(o.ingested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS ingested_at, o.supersedes "
    "FROM ifscat.observation o JOIN ifscat.target t USING (target_id) "
    "WHERE ($1::text IS NULL OR t.name = $1) AND ($2::boolean OR o.status = 'current') "
    "ORDER BY t.name, o.observation_id";

static int observation_list(int argc, char **argv, ifs_cli *cli)
{
    enum { OPT_ALL = 2000 };
    static const struct option options[] = {CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS,
                                            {"all", no_argument, NULL, OPT_ALL}, {0}};
    int opt, all = 0;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        if (opt == OPT_ALL) {
            all = 1;
            continue;
        }
        int rc = cli_option(cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    if (argc - optind > 1)
        return cli_usage_error(usage, "list takes at most one TARGET");
    const char *target = optind < argc ? argv[optind] : NULL;
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_error err;
    int rc = EXIT_OK;
    if (target) {
        const char *p[1] = {target};
        PGresult *r = ifs_db_query(conn, "SELECT 1 FROM ifscat.target WHERE name = $1", 1, p, &err);
        if (!r)
            rc = cli_fail(&err);
        else if (PQntuples(r) == 0 &&
                 ifs_error_set(&err, IFS_ERR_INPUT, "unknown target '%s'", target))
            rc = cli_fail(&err);
        PQclear(r);
    }
    if (rc == EXIT_OK) {
        const char *p[2] = {target, all ? "true" : "false"};
        rc = cli_query_table(cli, conn, "observations", columns, CLI_COUNT(columns), sql_list, 2, p);
    }
    PQfinish(conn);
    return rc;
}

static const ifs_column spectrum_cols[] = {
    {"channel", IFS_COL_INT, "", 0, "channel number, 1-based (SQL array index)"},
    {"wave_um", IFS_COL_REAL, "um", 6, "vacuum wavelength"},
    {"flux", IFS_COL_REAL, "1e-20 erg/s/cm2/Angstrom", 6, "flux density per spaxel"},
    {"err", IFS_COL_REAL, "1e-20 erg/s/cm2/Angstrom", 6, "1-sigma error as in the file"},
    {"masked", IFS_COL_INT, "", 0, "1: do not use (flagged, NaN or no valid error)"},
};

static int observation_spectrum(int argc, char **argv, ifs_cli *cli)
{
    int first, rc = cli_parse_options(argc, argv, usage, 1, cli, &first);
    if (rc >= 0)
        return rc;
    char *e1 = NULL, *e2 = NULL, *e3 = NULL;
    long long id = argc - first == 3 ? strtoll(argv[first], &e1, 10) : 0;
    long x = id > 0 ? strtol(argv[first + 1], &e2, 10) : -1, y = id > 0 ? strtol(argv[first + 2], &e3, 10) : -1;
    if (id <= 0 || *e1 || x < 0 || *e2 || y < 0 || *e3 || x > 32767 || y > 32767)
        return cli_usage_error(usage, "spectrum needs an observation ID and spaxel X Y (0-based)");
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_error err;
    ifs_cube *c = NULL;
    ifs_rect r = {(int)x, (int)y, (int)x, (int)y};
    ifs_table *t = NULL;
    if (ifs_observation_load(conn, id, &r, &c, &err)) {
        rc = cli_fail(&err);
        goto exit;
    }
    t = ifs_table_alloc("spectrum", CLI_COUNT(spectrum_cols), spectrum_cols);
    for (size_t k = 0; t && k < c->nwave; k++) {
        long row = ifs_table_append(t);
        if (row < 0 || ifs_table_set_int(t, (size_t)row, 0, (long long)k + 1) ||
            ifs_table_set_real(t, (size_t)row, 1, c->wave_um[k]) ||
            ifs_table_set_real(t, (size_t)row, 2, c->flux[k]) ||
            ifs_table_set_real(t, (size_t)row, 3, c->err[k]) ||
            ifs_table_set_int(t, (size_t)row, 4, c->mask[k])) {
            ifs_table_free(t);
            t = NULL;
        }
    }
    if (!t) {
        fprintf(stderr, "ifscat: out of memory\n");
        rc = EXIT_FAIL;
    } else {
        rc = cli_write_table(cli, t);
    }
exit:
    ifs_table_free(t);
    ifs_cube_free(c);
    PQfinish(conn);
    return rc;
}

static int observation_drop(int argc, char **argv, ifs_cli *cli)
{
    int first, rc = cli_parse_options(argc, argv, usage, 0, cli, &first);
    if (rc >= 0)
        return rc;
    char *end = NULL;
    long long id = argc - first == 1 ? strtoll(argv[first], &end, 10) : 0;
    if (id <= 0 || *end)
        return cli_usage_error(usage, "drop needs one observation ID (a positive integer)");
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_error err;
    char what[512];
    rc = ifs_observation_drop(conn, id, what, sizeof what, &err) ? cli_fail(&err) : EXIT_OK;
    if (rc == EXIT_OK)
        printf("dropped observation %lld (%s) and everything derived from it\n", id, what);
    PQfinish(conn);
    return rc;
}

int cmd_observation(int argc, char **argv, ifs_cli *cli)
{
    static const cli_action actions[] = {{"list", observation_list}, {"spectrum", observation_spectrum}, {"drop", observation_drop}};
    return cli_run_action(argc, argv, cli, actions, CLI_COUNT(actions), usage);
}
