/* cmd_observation.c: `ifscat observation list|drop`: the ingested observations and their versions. */
#include "cli.h"

#include "ifscat/db.h"
#include "ifscat/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat observation list [TARGET] [--all] [--format text|csv|json] [-o FILE]\n"
    "       ifscat observation drop ID\n"
    "\n"
    "  list   the current observation of every target (or of TARGET); --all adds the superseded\n"
    "         versions.  Columns: id, target, status, kind, instrument, grating, filter, shape,\n"
    "         wavelength range, spaxel size, exposure, programme, file, size, sha256, ingest\n"
    "         time, the observation it supersedes.\n"
    "  drop   delete observation ID with its spaxels and everything derived from it; an\n"
    "         observation it superseded stays superseded\n"
    "\n"
    "  --all             include superseded observations (default: current only)\n"
    "  --format F        text (default), csv or json\n"
    "  -o, --output FILE write the listing to FILE (default: stdout)\n"
    "  --db CONNINFO     catalog database (default: see 'ifscat --help')\n"
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
    "SELECT o.observation_id, t.name, o.status, o.kind, o.instrument, o.grating, o.filter, o.nx, "
    "o.ny, o.nwave, o.wave_um[1], o.wave_um[o.nwave], o.pixscale_arcsec, o.exptime_s, o.program, "
    "o.file_name, o.file_size, left(o.sha256, 12), "
    "to_char(o.ingested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), o.supersedes "
    "FROM ifscat.observation o JOIN ifscat.target t USING (target_id) "
    "WHERE ($1::text IS NULL OR t.name = $1) AND ($2::boolean OR o.status = 'current') "
    "ORDER BY t.name, o.observation_id";

static int list(ifs_cli *cli, PGconn *conn, const char *target, int all)
{
    ifs_error err;
    if (target) {
        const char *p[1] = {target};
        PGresult *r = ifs_db_query(conn, "SELECT 1 FROM ifscat.target WHERE name = $1", 1, p, &err);
        if (!r)
            return cli_fail(&err);
        int known = PQntuples(r) > 0;
        PQclear(r);
        if (!known) {
            ifs_error_set(&err, IFS_ERR_INPUT, "unknown target '%s'", target);
            return cli_fail(&err);
        }
    }
    const char *p[2] = {target, all ? "true" : "false"};
    PGresult *r = ifs_db_query(conn, sql_list, 2, p, &err);
    if (!r)
        return cli_fail(&err);
    size_t ncols = sizeof columns / sizeof columns[0];
    ifs_table *t = ifs_table_alloc("observations", ncols, columns);
    int status = t ? EXIT_OK : EXIT_FAIL;
    for (int i = 0; t && i < PQntuples(r) && status == EXIT_OK; i++) {
        long row = ifs_table_append(t);
        for (size_t c = 0; c < ncols && row >= 0; c++) {
            if (PQgetisnull(r, i, (int)c))
                continue;
            const char *v = PQgetvalue(r, i, (int)c);
            int bad = columns[c].type == IFS_COL_INT    ? ifs_table_set_int(t, (size_t)row, c, atoll(v))
                      : columns[c].type == IFS_COL_REAL ? ifs_table_set_real(t, (size_t)row, c, atof(v))
                                                        : ifs_table_set_text(t, (size_t)row, c, v);
            if (bad)
                row = -1;
        }
        if (row < 0)
            status = EXIT_FAIL;
    }
    PQclear(r);
    if (status == EXIT_OK)
        status = cli_write_table(cli, t);
    else
        fprintf(stderr, "ifscat: out of memory\n");
    ifs_table_free(t);
    return status;
}

int cmd_observation(int argc, char **argv, ifs_cli *cli)
{
    if (argc < 2)
        return cli_usage_error(usage, "observation needs an action: list or drop");
    const char *action = argv[1];
    if (strcmp(action, "--help") == 0 || strcmp(action, "-h") == 0)
        return cli_help(usage);
    int is_list = strcmp(action, "list") == 0;
    if (!is_list && strcmp(action, "drop") != 0)
        return cli_usage_error(usage, "unknown observation action '%s'", action);

    enum { OPT_ALL = 2000 };
    static const struct option options[] = {
        CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS, {"all", no_argument, NULL, OPT_ALL}, {0}};
    int opt, all = 0;
    while ((opt = getopt_long(argc - 1, argv + 1, "hqo:", options, NULL)) != -1) {
        if (opt == OPT_HELP)
            return cli_help(usage);
        if (opt == OPT_ALL && is_list)
            all = 1;
        else if (cli_common_option(cli, opt, optarg) <= 0)
            return cli_usage_error(usage, "unknown option for observation %s", action);
    }
    int nargs = argc - 1 - optind;
    char **args = argv + 1 + optind;
    if (is_list && nargs > 1)
        return cli_usage_error(usage, "list takes at most one TARGET");
    long long id = 0;
    if (!is_list) {
        char *end = NULL;
        if (nargs != 1 || (id = strtoll(args[0], &end, 10)) <= 0 || *end)
            return cli_usage_error(usage, "drop needs one observation ID (a positive integer)");
    }
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    int status;
    if (is_list) {
        status = list(cli, conn, nargs ? args[0] : NULL, all);
    } else {
        ifs_error err;
        char what[512];
        status = ifs_observation_drop(conn, id, what, sizeof what, &err) ? cli_fail(&err) : EXIT_OK;
        if (status == EXIT_OK)
            printf("dropped observation %lld (%s) and everything derived from it\n", id, what);
    }
    PQfinish(conn);
    return status;
}
