/* cmd_export.c: `ifscat export maps|spectra TARGET -o OUT.fits`: a target's line fit as FITS files
 * for DS9, TOPCAT and astropy. */
#include "cli.h"
#include "exports.h"

#include "ifscat/outfile.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat export maps TARGET -o OUT.fits [--observation ID]\n"
    "       ifscat export spectra TARGET -o OUT.fits [--regions LIST] [--observation ID]\n"
    "\n"
    "A target's line fit ('ifscat fit') as a FITS file, written whole or not at all:\n"
    "  maps     one image extension per map, named as 'ifscat plot map --map' names it: line\n"
    "           flux, error and S/N of every spaxel (flux_LINE, err_LINE, snr_LINE) and of the\n"
    "           3x3 median-smoothed cube (..._smoothed), the stellar continuum and the extent of\n"
    "           the line emission, and after 'ifscat derive' 12+log(O/H) with its errors (oh,\n"
    "           oh_lo, oh_hi), r3, ne3o2 (with errors), log_sigma_sfr, log_sigma_star, raw and\n"
    "           smoothed; 32-bit floats, NaN where there is no value; BUNIT, the cube's celestial\n"
    "           WCS, and provenance keywords (TARGET, OBS_ID, FIT_ID, GRATING, FITVERS, CREATOR;\n"
    "           DERIV_ID, CALIB) in every extension\n"
    "  spectra  one binary table per summed region (aperture, annulus1..N, or the spectrum of a\n"
    "           1D observation): wave_um, flux, err, err_fit (the errors the fit used), continuum,\n"
    "           model, mask; the region's radii in spaxels, arcsec and kpc in its header; then a\n"
    "           table 'lines' with every line's flux, error, S/N and redshift per region\n"
    "\n"
    "  -o, --output F  the FITS file to write (required)\n"
    "  --regions LIST  spectra: comma-separated aperture, annuli, spectrum (default: all three)\n"
    "  --observation ID\n"
    "                  the observation of TARGET (default: its current one)\n"
    "  --db CONNINFO   catalog database\n"
    "  -q, --quiet     no progress messages\n"
    "\n"
    "Example:\n"
    "  ifscat export maps SMACS0723_4590 -o SMACS0723_4590_maps.fits\n";

enum { OPT_REGIONS = 4000, OPT_OBSERVATION };

typedef struct export_options {
    const char *target;
    long long observation;
    unsigned kinds;
} export_options;

/* Parses "aperture,annuli,spectrum" (any of them) into IFS_FITSPEC_* bits; 0 for anything else. */
static unsigned parse_regions(const char *list)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"aperture", IFS_FITSPEC_APERTURE}, {"annuli", IFS_FITSPEC_ANNULI}, {"spectrum", IFS_FITSPEC_SPECTRUM}};
    unsigned kinds = 0;
    for (const char *p = list;;) {
        size_t len = strcspn(p, ","), k = 0;
        while (k < sizeof names / sizeof names[0] && !(strlen(names[k].name) == len && !strncmp(p, names[k].name, len)))
            k++;
        if (k == sizeof names / sizeof names[0])
            return 0;
        kinds |= names[k].bit;
        if (!p[len])
            return kinds;
        p += len + 1;
    }
}

/* Options of both actions; returns -1 to go on, else the exit status. */
static int parse(int argc, char **argv, ifs_cli *cli, int spectra, export_options *o)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS,
                                            {"output", required_argument, NULL, OPT_OUTPUT},
                                            {"regions", required_argument, NULL, OPT_REGIONS},
                                            {"observation", required_argument, NULL, OPT_OBSERVATION},
                                            {0}};
    *o = (export_options){.kinds = IFS_FITSPEC_APERTURE | IFS_FITSPEC_ANNULI | IFS_FITSPEC_SPECTRUM};
    int opt;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        if (opt == OPT_REGIONS && spectra) {
            if (!(o->kinds = parse_regions(optarg)))
                return cli_usage_error(usage, "--regions takes aperture, annuli and spectrum, comma-separated, not '%s'",
                                       optarg);
            continue;
        }
        if (opt == OPT_OBSERVATION) {
            if (!(o->observation = cli_whole(optarg, 9e15)))
                return cli_usage_error(usage, "--observation needs an observation id, not '%s'", optarg);
            continue;
        }
        if (opt == OPT_REGIONS)
            return cli_usage_error(usage, "--regions is an option of 'export spectra'");
        int rc = cli_option(cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    if (argc - optind != 1)
        return cli_usage_error(usage, "export %s needs one TARGET", argv[0]);
    if (!cli->output)
        return cli_usage_error(usage, "export %s needs -o OUT.fits", argv[0]);
    o->target = argv[optind];
    return -1;
}

/* Reads the fit, builds the file of maps or of spectra in memory, writes it whole. */
static int run(int argc, char **argv, ifs_cli *cli, int spectra)
{
    export_options o;
    int rc = parse(argc, argv, cli, spectra, &o);
    if (rc >= 0)
        return rc;
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_error err;
    ifs_fitinfo *info = NULL;
    ifs_fitsout *fo = NULL;
    size_t n = 0;
    int status = ifs_fitinfo_read(conn, o.target, o.observation, &info, &err);
    if (!status)
        status = ifs_fitsout_create(&fo, &err);
    if (!status)
        status = export_provenance(fo, info, &err);
    if (!status)
        status = spectra ? export_spectra(conn, info, o.kinds, fo, &n, &err) : export_maps(conn, info, fo, &n, &err);
    ifs_outfile out;
    if (!status && !(status = ifs_outfile_open(&out, cli->output, &err))) {
        status = ifs_fitsout_write(fo, out.f, &err);
        if (status)
            ifs_outfile_abort(&out);
        else
            status = ifs_outfile_commit(&out, &err);
    }
    if (!status)
        cli_progress(cli, "wrote %s: %zu %s of %s (observation %lld, fit %lld)\n", cli->output, n,
                     spectra ? "regions" : "maps", o.target, info->observation_id, info->fit_id);
    ifs_fitsout_free(fo);
    ifs_fitinfo_free(info);
    PQfinish(conn);
    return status ? cli_fail(&err) : EXIT_OK;
}

static int export_maps_action(int argc, char **argv, ifs_cli *cli) { return run(argc, argv, cli, 0); }
static int export_spectra_action(int argc, char **argv, ifs_cli *cli) { return run(argc, argv, cli, 1); }

int cmd_export(int argc, char **argv, ifs_cli *cli)
{
    static const cli_action actions[] = {{"maps", export_maps_action}, {"spectra", export_spectra_action}};
    return cli_run_action(argc, argv, cli, actions, CLI_COUNT(actions), usage);
}
