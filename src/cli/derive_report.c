/* derive_report.c: printing a derive's report. */
#include "derive_report.h"

#include "ifscat/metallicity.h"

#include <math.h>
#include <stdio.h>

static const char *const av_status[] = {"measured", "ratio above intrinsic: 0", "S/N < 3: not corrected",
                                        "undefined: not corrected"};

void cli_print_derive(const char *target, const ifs_deriving_report *r)
{
    if (r->unchanged) {
        printf("unchanged: fit %lld of %s already has derive %lld with these settings and inputs (sha256 %.12s)\n",
               r->fit_id, target, r->derive_id, r->settings_sha256);
        return;
    }
    const ifs_derive_galaxy *g = &r->galaxy;
    printf("derived fit %lld of %s (observation %lld): derive %lld, %zu regions, %zu with a metallicity (%s)", r->fit_id,
           target, r->observation_id, r->derive_id, r->nregions, r->noh, r->calibration);
    if (r->replaced_derive_id)
        printf("; replaces derive %lld", r->replaced_derive_id);
    printf("\n");
    if (g->region < 0) {
        printf("  no aperture or 1D spectrum: no integrated values\n");
    } else {
        printf("  integrated: ");
        if (g->oh.status == IFS_OH_OK) {
            printf("12+log(O/H) = %.2f -%.2f +%.2f (%s)", g->oh.p50, g->oh.p50 - g->oh.p16, g->oh.p84 - g->oh.p50,
                   r->oh_diagnostics);
            if (g->oh.flags & IFS_OH_FLAG_EDGE)
                printf(" at the edge of the valid range %.2f-%.2f", g->oh.lo, g->oh.hi);
        } else {
            printf("no metallicity (R3 lines below S/N 3)");
        }
        printf("; A_V = ");
        if (g->av.status == IFS_AV_MEASURED)
            printf("%.2f +- %.2f", g->av.av, g->av.av_err);
        else
            printf("0 (%s)", av_status[g->av.status]);
        if (isfinite(g->log_sfr))
            printf("; log SFR = %.2f +- %.2f", g->log_sfr, g->log_sfr_err);
        if (isfinite(g->log_ssfr))
            printf(", log sSFR = %.2f", g->log_ssfr);
        printf("\n");
    }
    if (g->has_gradient)
        printf("  gradient: %.3f -%.3f +%.3f dex/kpc, intercept %.2f (%d annuli%s)", g->gradient.slope[1],
               g->gradient.slope[1] - g->gradient.slope[0], g->gradient.slope[2] - g->gradient.slope[1],
               g->gradient.intercept[1], g->gradient.npoints, g->gradient_n_edge ? ", some at the edge" : "");
    else
        printf("  gradient: none (fewer than 2 annuli with a metallicity)");
    if (isfinite(g->rfmr_rho))
        printf("; resolved FMR: rho = %.3f, p = %.3g (%zu spaxels)\n", g->rfmr_rho, g->rfmr_p, g->rfmr_n);
    else
        printf("; resolved FMR: not tested (%zu spaxels)\n", g->rfmr_n);
    if (r->nsatellites)
        printf("  %zu satellite separation%s\n", r->nsatellites, r->nsatellites == 1 ? "" : "s");
    if (r->properties_changed)
        printf("  %ld galaxy properties written (source ifscat; changed values supersede the old)\n",
               r->properties_changed);
}
