/* cmd_ingest.c: `ifscat ingest FILE --target NAME`: a cube or 1D spectrum into the catalog. */
#include "cli.h"

#include "ifscat/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat ingest FILE --target NAME [--program ID] [--bunit UNIT] [--medium air|vacuum]\n"
    "                     [--pixscale ARCSEC] [--db CONNINFO] [--quiet]\n"
    "\n"
    "Stores a FITS IFU cube (JWST s3d; ESO-style DATA/STAT or .DATA/.NOISE, e.g. MUSE, KMOS;\n"
    "SCI/ERR/MASK) or a 1D spectrum (JWST x1d, msaexp SPEC1D; kept as a 1x1 cube) as an\n"
    "observation of target NAME, with its spaxel spectra in 1e-20 erg/s/cm2/Angstrom per spaxel\n"
    "on a vacuum wavelength grid (um), in one transaction.\n"
    "\n"
    "Re-ingest: a file whose content (SHA-256) is already the target's current observation\n"
    "writes nothing and prints 'unchanged'.  New content for the same target and setup (kind,\n"
    "instrument, grating, filter) supersedes the current observation, which is kept.\n"
    "\n"
    "  --target NAME      the target (required; see 'ifscat target import')\n"
    "  --program ID       programme identifier (default: PROGRAM or ESO OBS PROG ID keyword)\n"
    "  --bunit UNIT       flux unit overriding BUNIT/TUNITn, for files without one (default: the\n"
    "                     file's), e.g. 'erg/s/cm2/um', 'MJy/sr', '10**(-20)*erg/s/cm**2/Angstrom'\n"
    "  --medium M         air or vacuum, for a wavelength axis whose CTYPE3 does not say\n"
    "                     (IRAF 'LAMBDA'; default: required only then)\n"
    "  --pixscale ARCSEC  spaxel size for a cube without a celestial WCS (default: from the WCS)\n"
    "  --db CONNINFO      catalog database (default: see 'ifscat --help')\n"
    "  -q, --quiet        no progress on stderr\n"
    "\n"
    "Exit status: 0 ingested or unchanged, 1 bad input or database error (nothing written),\n"
    "2 usage error.\n"
    "\n"
    "Example:\n"
    "  ifscat ingest smacs0723_prism_s3d.fits --target SMACS0723_4590 --program 2957\n";

enum { OPT_TARGET = 2000, OPT_PROGRAM, OPT_BUNIT, OPT_MEDIUM, OPT_PIXSCALE };

int cmd_ingest(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {
        CLI_COMMON_OPTIONS,
        {"target", required_argument, NULL, OPT_TARGET},
        {"program", required_argument, NULL, OPT_PROGRAM},
        {"bunit", required_argument, NULL, OPT_BUNIT},
        {"medium", required_argument, NULL, OPT_MEDIUM},
        {"pixscale", required_argument, NULL, OPT_PIXSCALE},
        {0}};
    ifs_ingest_options o = {0};
    int opt;
    while ((opt = cli_getopt(argc, argv, "hq", options)) != -1) {
        char *end;
        switch (opt) {
        case OPT_TARGET:
            o.target = optarg;
            break;
        case OPT_PROGRAM:
            o.program = optarg;
            break;
        case OPT_BUNIT:
            o.read.bunit = optarg;
            break;
        case OPT_MEDIUM:
            if (strcmp(optarg, "air") == 0)
                o.read.medium = IFS_MEDIUM_AIR;
            else if (strcmp(optarg, "vacuum") == 0)
                o.read.medium = IFS_MEDIUM_VACUUM;
            else
                return cli_usage_error(usage, "--medium must be air or vacuum, not '%s'", optarg);
            break;
        case OPT_PIXSCALE:
            o.read.pixscale_arcsec = strtod(optarg, &end);
            if (*end || !(o.read.pixscale_arcsec > 0))
                return cli_usage_error(usage, "--pixscale needs a positive number of arcsec, not '%s'",
                                       optarg);
            break;
        default: {
            int rc = cli_option(cli, opt, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
        }
    }
    if (optind >= argc)
        return cli_usage_error(usage, "ingest needs a FILE");
    if (optind + 1 < argc)
        return cli_usage_error(usage, "one FILE at a time (got '%s' too)", argv[optind + 1]);
    if (!o.target)
        return cli_usage_error(usage, "--target NAME is required");
    const char *path = argv[optind];

    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_ingest_result res;
    ifs_error err;
    int status = ifs_ingest_file(conn, path, &o, &res, &err);
    PQfinish(conn);
    if (status)
        return cli_fail(&err);
    if (res.unchanged) {
        printf("unchanged: %s is observation %lld of %s%s (sha256 %.12s)\n", path,
               res.observation_id, o.target, res.concurrent ? ", ingested concurrently" : "",
               res.sha256);
        return EXIT_OK;
    }
    printf("ingested observation %lld of %s: %s (%ldx%ldx%ld, %ld spaxels)", res.observation_id,
           o.target, path, res.nx, res.ny, res.nwave, res.nx * res.ny);
    if (res.superseded_id)
        printf("; supersedes observation %lld", res.superseded_id);
    printf("\n");
    cli_progress(cli, "ifscat: %.1f MB: hash %.3f s, read %.3f s, write %.3f s\n",
                 (double)res.file_size / 1e6, res.seconds_hash, res.seconds_read, res.seconds_write);
    return EXIT_OK;
}
