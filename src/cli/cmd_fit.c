/* cmd_fit.c: `ifscat fit TARGET`: the emission lines of an observation fitted from the catalog's
 * spectra and stored (regions, line and group fits, summed spectra with models, maps). */
#include "analysis.h"
#include "cli.h"

#include "ifscat/clock.h"
#include "ifscat/fitting.h"
#include "ifscat/regions.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat fit TARGET [--observation ID] [--regions LIST] [--aperture-radius PX] [--annuli N]\n"
    "                  [--background] [--lines FILE] [--threads T] [--db CONNINFO] [--quiet]\n"
    "\n"
    "Fits the emission lines of the target's current observation (read from the catalog, not\n"
    "the FITS file): every spaxel, every spaxel of the 3x3 median-smoothed cube, an aperture and\n"
    "annuli around the peak of the stellar continuum (a 1D spectrum is one region), each with the\n"
    "line groups of the line list at the target's redshift, and stores regions, fluxes, group\n"
    "kinematics, the summed spectra with their best-fit models and the continuum map in one\n"
    "transaction.  docs/fitting.md describes the method and the tables.\n"
    "\n"
    "Re-fit: the same settings again write nothing and print 'unchanged'; other settings (or a\n"
    "changed line list, target redshift or magnification) replace the observation's fit.\n"
    "\n"
    "  --observation ID     the observation to fit (default: the target's current one, which\n"
    "                       must be the only one)\n"
    "  --regions LIST       comma-separated: spaxels, smoothed, aperture, annuli (default: all)\n"
    "  --aperture-radius PX aperture radius in spaxels (default: the extent of the H-beta and\n"
    "                       [OIII] emission: annuli with S/N >= 3; 5 without emission)\n"
    "  --annuli N           annuli of one spaxel (default: out to the aperture radius)\n"
    "  --background         subtract a background measured in source-free spaxels beyond the\n"
    "                       aperture (default: none)\n"
    "  --lines FILE         line list in the layout of data/lines.json (default: the shipped one)\n"
    "  --threads T          fitting threads (default 0: one per core); results do not depend\n"
    "                       on it\n"
    "  --db CONNINFO        catalog database (default: $IFSCAT_DB, PG*, or the embedded cluster)\n"
    "  -q, --quiet          no progress on stderr\n"
    "\n"
    "Exit status: 0 fitted or unchanged, 1 bad input or database error (nothing written),\n"
    "2 usage error.\n"
    "\n"
    "Example:\n"
    "  ifscat fit SMACS0723_4590 --aperture-radius 6\n";

enum { OPT_OBSERVATION = 2000, OPT_REGIONS, OPT_APERTURE, OPT_ANNULI, OPT_BACKGROUND, OPT_LINES };

/* Progress of the fitting threads, at most every PROGRESS_EVERY seconds and at the end. */
#define PROGRESS_EVERY 0.25

typedef struct progress {
    const ifs_cli *cli;
    double start, last;
} progress;


static void show_progress(size_t done, size_t total, void *ctx)
{
    progress *p = ctx;
    double t = ifs_clock_s();
    if (done == 1)
        p->start = p->last = t;
    if (done < total && t - p->last < PROGRESS_EVERY)
        return;
    p->last = t;
    if (t > p->start)
        cli_progress(p->cli, "\rifscat: fitted %zu/%zu regions, %.0f regions/s%s", done, total,
                     (double)(done - 1) / (t - p->start), done == total ? "\n" : "");
    else
        cli_progress(p->cli, "\rifscat: fitted %zu/%zu regions%s", done, total, done == total ? "\n" : "");
}

static void print_report(const char *target, const ifs_fitting_report *r)
{
    printf("fitted observation %lld of %s (%s): fit %lld, %zu regions", r->observation_id, target, r->disperser,
           r->fit_id, r->nregions);
    if (r->nkind[IFS_REGION_SPAXEL] || r->nkind[IFS_REGION_SMOOTHED])
        printf(": %zu spaxels, %zu smoothed", r->nkind[IFS_REGION_SPAXEL], r->nkind[IFS_REGION_SMOOTHED]);
    if (r->nkind[IFS_REGION_APERTURE])
        printf(", aperture r = %g spaxels", r->aperture_radius);
    if (r->nkind[IFS_REGION_ANNULUS])
        printf(", %zu annuli", r->nkind[IFS_REGION_ANNULUS]);
    if (r->replaced_fit_id)
        printf("; replaces fit %lld", r->replaced_fit_id);
    printf("\n");
    if (r->headline_region < 0)
        return;
    if (r->centre_x >= 0 && r->centre_from == IFS_CENTRE_LINES)
        printf("  centre (%d, %d): the peak of the line emission (the stellar continuum is not detected)\n",
               r->centre_x, r->centre_y);
    if (r->nkind[IFS_REGION_APERTURE])
        printf("  aperture (r = %g spaxels)", r->aperture_radius);
    else
        printf("  spectrum");
    printf(": z = %.4f, %zu lines ok, H-beta S/N %.1f, [OIII]5008 S/N %.1f\n", r->z, r->nlines_ok, r->hbeta_snr,
           r->oiii_snr);
}

int cmd_fit(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {
        CLI_COMMON_OPTIONS,
        {"observation", required_argument, NULL, OPT_OBSERVATION},
        {"regions", required_argument, NULL, OPT_REGIONS},
        {"aperture-radius", required_argument, NULL, OPT_APERTURE},
        {"annuli", required_argument, NULL, OPT_ANNULI},
        {"background", no_argument, NULL, OPT_BACKGROUND},
        {"lines", required_argument, NULL, OPT_LINES},
        CLI_THREADS_OPTION,
        {0}};
    ifs_fitting_options o = {0};
    cli_analysis shared; /* for --threads */
    cli_analysis_init(&shared, IFS_SAMPLE_ALL);
    progress prog = {.cli = cli};
    ifs_error err;
    int opt;
    while ((opt = cli_getopt(argc, argv, "hq", options)) != -1) {
        switch (opt) {
        case OPT_OBSERVATION:
            if (!(o.observation_id = cli_whole(optarg, 9e15)))
                return cli_usage_error(usage, "--observation needs an observation id, not '%s'", optarg);
            break;
        case OPT_REGIONS:
            if (ifs_regions_parse(optarg, &o.kinds, &err))
                return cli_usage_error(usage, "--%s", err.msg);
            break;
        case OPT_APERTURE:
            if (isnan(o.aperture_radius = cli_positive(optarg)))
                return cli_usage_error(usage, "--aperture-radius needs a positive number of spaxels, not '%s'", optarg);
            break;
        case OPT_ANNULI:
            if (!(o.nannuli = (size_t)cli_whole(optarg, 1000)))
                return cli_usage_error(usage, "--annuli needs a whole number 1-1000, not '%s'", optarg);
            break;
        case OPT_BACKGROUND:
            o.background = 1;
            break;
        case OPT_LINES:
            o.lines_path = optarg;
            break;
        default: {
            int rc = cli_analysis_option(&shared, cli, opt, optarg, argv, usage);
            if (rc >= 0)
                return rc;
        }
        }
    }
    int rc = cli_one_target(argc, argv, usage, "fit", &o.target);
    if (rc >= 0)
        return rc;
    o.nthreads = shared.threads;
    o.progress = show_progress;
    o.ctx = &prog;

    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_fitting_report rep;
    int status = ifs_fitting_run(conn, &o, &rep, &err);
    PQfinish(conn);
    if (status)
        return cli_fail(&err);
    if (rep.unchanged) {
        printf("unchanged: observation %lld of %s already has fit %lld with these settings%s (sha256 %.12s)\n",
               rep.observation_id, o.target, rep.fit_id, rep.concurrent ? ", fitted concurrently" : "",
               rep.settings_sha256);
        return EXIT_OK;
    }
    print_report(o.target, &rep);
    cli_progress(cli, "ifscat: read %.3f s, fit %.3f s (%.0f us per region), write %.3f s\n", rep.seconds_load,
                 rep.seconds_fit, rep.seconds_fit / (double)rep.nregions * 1e6, rep.seconds_write);
    return EXIT_OK;
}
