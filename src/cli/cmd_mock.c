/* cmd_mock.c: `ifscat mock OUT.fits`: a NIRSpec PRISM mock cube and its truth (ifscat/mock.h). */
#include "cli.h"

#include "ifscat/mock.h"
#include "ifscat/mock_like.h"
#include "ifscat/outfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
    "usage: ifscat mock OUT.fits [options]\n"
    "\n"
    "Writes a mock NIRSpec PRISM IFU cube in the JWST s3d layout (SCI/ERR in MJy/sr, DQ,\n"
    "WCS-TABLE) and its truth as JSON (OUT.truth.json): an exponential disk whose metallicity\n"
    "12+log(O/H) = OH + GRADIENT * r_kpc sets its line ratios through the calibration (R3, R2,\n"
    "Ne3O2; Balmer lines at Case B; tied lines at fixed ratios), optional satellites, a PSF, the\n"
    "PRISM line-spread function, a power-law continuum and Gaussian noise (true sigma = K x ERR).\n"
    "docs/mock.md describes the model and the truth file.\n"
    "\n"
    "  --z Z                 redshift (default 8)\n"
    "  --mu MU               magnification (default 1); the kpc scale is divided by sqrt(MU)\n"
    "  --oh OH               central 12+log(O/H) (default 7.7)\n"
    "  --gradient G          dex per lensing-corrected kpc (default 0)\n"
    "  --rd KPC              exponential scale length (default 0.5)\n"
    "  --hbeta F             total observed H-beta flux, 1e-20 erg/s/cm2 (default 500)\n"
    "  --ew EW               rest-frame H-beta equivalent width in Angstrom: sets the continuum\n"
    "                        (default 150)\n"
    "  --beta B              continuum slope, f_lambda ~ lambda^B (default -2)\n"
    "  --av AV               nebular A_V in mag (Calzetti et al. 2000) of the lines relative to\n"
    "                        H-beta, whose flux stays the one given (default 0: no dust)\n"
    "  --satellite DX,DY,OH,HBETA[,RD]\n"
    "                        a satellite DX, DY arcsec from the host centre along +x, +y, with\n"
    "                        uniform OH, total H-beta HBETA and scale RD kpc (default 0.3); repeat\n"
    "                        for more (at most 8)\n"
    "  --size NX[xNY]        spaxels (default 57x57)\n"
    "  --center X,Y          host centre, 0-based pixels (default the middle of the field)\n"
    "  --pixscale ARCSEC     spaxel size (default 0.05)\n"
    "  --psf FWHM            Gaussian PSF FWHM in arcsec (default 0.15)\n"
    "  --nwave N             channels (default 941)\n"
    "  --wave MIN,MAX        wavelength range in um (default 0.6,5.3)\n"
    "  --linear              linear wavelength axis (CRVAL3/CDELT3) instead of a WAVE-TAB table\n"
    "  --noise SIGMA         true noise per spaxel and channel, 1e-20 erg/s/cm2/A (default 0.02)\n"
    "  --hbeta-snr S         instead of --noise: the noise that gives H-beta a matched-filter S/N\n"
    "                        of S in the 5-spaxel-radius aperture around the host centre\n"
    "  --k K                 true sigma / ERR (default 2.5)\n"
    "  --bad-fraction F      fraction of voxels set to NaN and flagged DO_NOT_USE (default 0.001)\n"
    "  --seed N              random seed (default 1)\n"
    "  --ra DEG --dec DEG    sky position of the host centre (default 150, 2)\n"
    "  --exptime S           EFFEXPTM written to the header (default 3000)\n"
    "  --calibration NAME    calibration name or JSON path (default sanders2024)\n"
    "  --truth FILE          where the truth goes (default OUT with .fits replaced by .truth.json)\n"
    "  --like NAME           a catalog galaxy as published: its position, z, mu, oh, gradient and\n"
    "                        H-beta from its logsfr (no dust); its satellites at their host_sep_kpc\n"
    "                        (the i-th along +x, +y, -x, -y) with their oh and logsfr; the field\n"
    "                        grown to hold them.  Other options override these values.  Writes\n"
    "                        OUT.satellites.csv with the satellites' positions for 'target import'\n"
    "  -q, --quiet           no messages on stderr\n"
    "\n"
    "Example:\n"
    "  ifscat mock smacs.fits --z 8.45 --mu 3.74 --oh 7.43 --gradient 0.06 \\\n"
    "      --satellite 1.2,1.9,7.16,60 --seed 7\n";

enum {
    OPT_Z = 2000, OPT_MU, OPT_OH, OPT_GRADIENT, OPT_RD, OPT_HBETA, OPT_EW, OPT_SNR, OPT_BETA, OPT_AV, OPT_SAT,
    OPT_SIZE, OPT_CENTER, OPT_PIXSCALE, OPT_PSF, OPT_NWAVE, OPT_WAVE, OPT_LINEAR, OPT_NOISE, OPT_K,
    OPT_BAD, OPT_SEED, OPT_RA, OPT_DEC, OPT_EXPTIME, OPT_CALIBRATION, OPT_TRUTH, OPT_LIKE
};

/* Parses "a,b,..." into up to max numbers; returns how many, or -1 on a malformed list. */
static int numbers(const char *s, double *v, int max, char sep)
{
    int n = 0;
    while (n < max) {
        char *end;
        v[n++] = strtod(s, &end);
        if (end == s)
            return -1;
        if (*end == '\0')
            return n;
        if (*end != sep)
            return -1;
        s = end + 1;
    }
    return -1;
}

static int number(const char *s, double *v)
{
    return numbers(s, v, 1, ',') == 1 ? 0 : -1;
}

/* The satellites' positions in the cube, as a target-import file, so that the catalog can hold
 * where the mock put them. */
/* The long name of option opt in the table. */
static const char *option_name(const struct option *options, int opt)
{
    for (; options->name; options++)
        if (options->val == opt)
            return options->name;
    return "?";
}

static int write_satellites(const ifs_mock_params *p, const char *host, const char *path, ifs_error *err)
{
    ifs_outfile out;
    int status = ifs_outfile_open(&out, path, err);
    if (status)
        return status;
    fprintf(out.f, "# Satellites of %s as placed by 'ifscat mock --like %s': published separations,\n"
                   "# directions chosen by ifscat (not published).\n"
                   "name,kind,host,ra_deg,dec_deg,z,mu,reference\n",
            host, host);
    for (int i = 0; i < p->nsat; i++) {
        double ra, dec;
        ifs_mock_satellite_sky(p, &p->sat[i], &ra, &dec);
        fprintf(out.f, "%s,satellite,%s,%.8f,%.8f,%.10g,%.10g,ifscat mock placement\n", p->sat[i].name, host, ra,
                dec, p->z, p->mu);
    }
    return ifs_outfile_commit(&out, err);
}

int cmd_mock(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {
        CLI_COMMON_OPTIONS,
        {"z", required_argument, NULL, OPT_Z}, {"mu", required_argument, NULL, OPT_MU},
        {"oh", required_argument, NULL, OPT_OH}, {"gradient", required_argument, NULL, OPT_GRADIENT},
        {"rd", required_argument, NULL, OPT_RD}, {"hbeta", required_argument, NULL, OPT_HBETA},
        {"ew", required_argument, NULL, OPT_EW},
        {"hbeta-snr", required_argument, NULL, OPT_SNR}, {"beta", required_argument, NULL, OPT_BETA},
        {"av", required_argument, NULL, OPT_AV},
        {"satellite", required_argument, NULL, OPT_SAT}, {"size", required_argument, NULL, OPT_SIZE},
        {"center", required_argument, NULL, OPT_CENTER},
        {"pixscale", required_argument, NULL, OPT_PIXSCALE},
        {"psf", required_argument, NULL, OPT_PSF}, {"nwave", required_argument, NULL, OPT_NWAVE},
        {"wave", required_argument, NULL, OPT_WAVE}, {"linear", no_argument, NULL, OPT_LINEAR},
        {"noise", required_argument, NULL, OPT_NOISE}, {"k", required_argument, NULL, OPT_K},
        {"bad-fraction", required_argument, NULL, OPT_BAD},
        {"seed", required_argument, NULL, OPT_SEED}, {"ra", required_argument, NULL, OPT_RA},
        {"dec", required_argument, NULL, OPT_DEC}, {"exptime", required_argument, NULL, OPT_EXPTIME},
        {"calibration", required_argument, NULL, OPT_CALIBRATION},
        {"truth", required_argument, NULL, OPT_TRUTH}, {"like", required_argument, NULL, OPT_LIKE}, {0}};
    ifs_mock_params p;
    ifs_mock_defaults(&p);
    const char *truth = NULL, *like = NULL;
    int centre_given = 0, opt;
    /* First --like (and --db): the catalog's values, which the other options then override. */
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hq", options)) != -1) {
        if (opt == OPT_LIKE)
            like = optarg;
        else if (opt == OPT_DB)
            cli->conninfo = optarg;
    }
    if (like) {
        PGconn *conn = cli_connect(cli, 0);
        ifs_error err;
        if (!conn)
            return EXIT_FAIL;
        int status = ifs_mock_like(conn, like, &p, &err);
        PQfinish(conn);
        if (status)
            return cli_fail(&err);
        centre_given = 1;
    }
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hq", options)) != -1) {
        double v[5] = {0};
        int n, bad = 0;
        switch (opt) {
        case OPT_Z: bad = number(optarg, &p.z); break;
        case OPT_MU: bad = number(optarg, &p.mu); break;
        case OPT_OH: bad = number(optarg, &p.oh0); break;
        case OPT_GRADIENT: bad = number(optarg, &p.gradient); break;
        case OPT_RD: bad = number(optarg, &p.rd_kpc); break;
        case OPT_HBETA: bad = number(optarg, &p.hbeta); break;
        case OPT_EW: bad = number(optarg, &p.ew_hbeta_aa); break;
        case OPT_SNR: bad = number(optarg, &p.hbeta_snr); break;
        case OPT_BETA: bad = number(optarg, &p.beta); break;
        case OPT_AV: bad = number(optarg, &p.av); break;
        case OPT_PIXSCALE: bad = number(optarg, &p.pixscale_arcsec); break;
        case OPT_PSF: bad = number(optarg, &p.psf_fwhm_arcsec); break;
        case OPT_NOISE: bad = number(optarg, &p.noise); break;
        case OPT_K: bad = number(optarg, &p.k); break;
        case OPT_BAD: bad = number(optarg, &p.bad_fraction); break;
        case OPT_RA: bad = number(optarg, &p.ra_deg); break;
        case OPT_DEC: bad = number(optarg, &p.dec_deg); break;
        case OPT_EXPTIME: bad = number(optarg, &p.exptime_s); break;
        case OPT_LINEAR: p.wave_table = 0; break;
        case OPT_CALIBRATION: p.calibration = optarg; break;
        case OPT_TRUTH: truth = optarg; break;
        case OPT_NWAVE:
            bad = number(optarg, v) || v[0] < 1 || v[0] != (double)(size_t)v[0];
            p.nwave = bad ? 0 : (size_t)v[0];
            break;
        case OPT_SEED:
            bad = number(optarg, v) || v[0] < 0 || v[0] != (double)(unsigned long)v[0];
            p.seed = bad ? 0 : (unsigned long)v[0];
            break;
        case OPT_SIZE:
            n = numbers(optarg, v, 2, 'x');
            bad = n < 1 || v[0] < 1 || v[n - 1] < 1 || v[0] != (double)(size_t)v[0] ||
                  v[n - 1] != (double)(size_t)v[n - 1];
            if (!bad) {
                p.nx = (size_t)v[0];
                p.ny = (size_t)v[n - 1];
            }
            break;
        case OPT_CENTER:
            bad = numbers(optarg, v, 2, ',') != 2;
            p.x0 = v[0];
            p.y0 = v[1];
            centre_given = 1;
            break;
        case OPT_WAVE:
            bad = numbers(optarg, v, 2, ',') != 2;
            p.wave_min_um = v[0];
            p.wave_max_um = v[1];
            break;
        case OPT_SAT:
            n = numbers(optarg, v, 5, ',');
            if (n < 4)
                return cli_usage_error(usage, "--satellite needs DX,DY,OH,HBETA[,RD], not '%s'", optarg);
            if (p.nsat >= IFS_MOCK_MAX_SATELLITES)
                return cli_usage_error(usage, "at most %d satellites", IFS_MOCK_MAX_SATELLITES);
            p.sat[p.nsat++] = (ifs_mock_satellite){
                .dx_arcsec = v[0], .dy_arcsec = v[1], .oh = v[2], .hbeta = v[3], .rd_kpc = n == 5 ? v[4] : 0.3};
            break;
        case OPT_LIKE:
            break;
        default: {
            int rc = cli_option(cli, opt, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
        }
        if (bad)
            return cli_usage_error(usage, "--%s: bad value '%s'", option_name(options, opt), optarg);
    }
    if (optind + 1 != argc)
        return cli_usage_error(usage, "mock needs one OUT.fits");
    const char *out = argv[optind];
    if (!centre_given) {
        p.x0 = ((double)p.nx - 1.0) / 2.0;
        p.y0 = ((double)p.ny - 1.0) / 2.0;
    }
    char truth_path[4096];
    if (!truth) {
        size_t len = strlen(out);
        int fits = len > 5 && strcmp(out + len - 5, ".fits") == 0;
        snprintf(truth_path, sizeof truth_path, "%.*s.truth.json", (int)(fits ? len - 5 : len), out);
        truth = truth_path;
    }

    ifs_mock_model *m;
    ifs_error err;
    if (ifs_mock_model_build(&p, &m, &err))
        return cli_fail(&err);
    const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
    int status = ifs_mock_write_fits(m, out, &err) || ifs_mock_write_truth(m, base, truth, &err);
    ifs_mock_model_free(m);
    if (status)
        return cli_fail(&err);
    struct stat st;
    double mb = stat(out, &st) == 0 ? (double)st.st_size / 1e6 : 0;
    cli_progress(cli, "ifscat: wrote %s (%zux%zux%zu, %.1f MB) and %s\n", out, p.nx, p.ny, p.nwave,
                 mb, truth);
    if (like && p.nsat > 0) {
        char sat_path[4096];
        size_t len = strlen(out);
        int fits = len > 5 && strcmp(out + len - 5, ".fits") == 0;
        snprintf(sat_path, sizeof sat_path, "%.*s.satellites.csv", (int)(fits ? len - 5 : len), out);
        if (write_satellites(&p, like, sat_path, &err))
            return cli_fail(&err);
        cli_progress(cli, "ifscat: wrote %s (where the satellites were placed: ifscat target import it)\n",
                     sat_path);
    }
    return EXIT_OK;
}
