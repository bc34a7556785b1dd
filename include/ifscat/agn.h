/* ifscat/agn.h: the broad-line (AGN) test of science.md section 8: the H-beta group of an
 * integrated spectrum fitted with and without an extra broad H-beta component (its own redshift
 * and width) on the same pixels, compared by the Bayesian information criterion. */
#ifndef IFSCAT_AGN_H
#define IFSCAT_AGN_H

#include <libpq-fe.h>

#include "ifscat/error.h"
#include "ifscat/lines.h"
#include "ifscat/resolution.h"
#include "ifscat/spectrum.h"

/* The broad component: starting width 2.5 instrumental sigmas, allowed 1.2-10 (at PRISM's R ~ 300
 * at 4.5 um, 1,200-10,000 km/s FWHM), redshift within 0.005 (1 + z) (1,500 km/s) of the narrow
 * lines: the recipe of docs/fitting.md. */
#define IFS_AGN_SCALE0 2.5
#define IFS_AGN_SCALE_MIN 1.2
#define IFS_AGN_SCALE_MAX 10.0
#define IFS_AGN_DZ 0.005

typedef struct ifs_agn_result {
    double z;                        /* narrow redshift (broad model) */
    size_t npoints;                  /* pixels both models were fitted to */
    size_t nparams_narrow, nparams_broad;
    double chi2_narrow, chi2_broad;
    double bic_narrow, bic_broad;    /* chi^2 + k ln n (Schwarz 1978) */
    double dbic;                     /* bic_broad - bic_narrow: negative favours the broad component */
    int converged;                   /* the broad model's free fit converged inside its ranges */
    double broad_flux, broad_flux_err; /* 1e-20 erg/s/cm2 */
    double fwhm_kms, fwhm_kms_err;   /* broad FWHM: width scale x c / R at broad H-beta */
    double dv_kms, dv_kms_err;       /* broad minus narrow velocity */
} ifs_agn_result;

/* Runs the test on spec (pipeline errors, rescaled inside as in the fit) at prior redshift z with
 * the line list's group that holds "Hbeta" and the resolution curve res.  Fails with IFS_ERR_INPUT
 * when the list has no H-beta or the spectrum does not cover it, IFS_ERR_NUMERIC when a fit breaks
 * down. */
int ifs_agn_test(const ifs_wavegrid *grid, const ifs_spectrum *spec, const ifs_linelist *list,
                 const ifs_resolution *res, double z, ifs_agn_result *out, ifs_error *err);

/* What ifs_agn_run tested. */
typedef struct ifs_agn_subject {
    long long observation_id, fit_id;
    char region[16];      /* "aperture" or "spectrum" */
    double radius;        /* aperture radius, spaxels (0 for a spectrum) */
    size_t nspaxels;      /* summed */
} ifs_agn_subject;

/* The test on target's integrated spectrum from the catalog: the aperture of its fit (observation
 * as in ifs_fitting_run: given, or the only current one) summed again from the observation's
 * spaxels (spectrum.h, the fit's rule; without the fit's background subtraction, if it had one), or
 * its 1D spectrum, at the fitted redshift of the H-beta group (the catalogue redshift if that group
 * has none), with the line list the fit used (lines_path, NULL: the shipped one, whose SHA-256 must
 * be the fit's).  IFS_ERR_INPUT for an unknown target, observation or fit, or another line list. */
int ifs_agn_run(PGconn *conn, const char *target, long long observation_id, const char *lines_path,
                ifs_agn_subject *subject, ifs_agn_result *out, ifs_error *err);

#endif
