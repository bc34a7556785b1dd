/* gradients.h: what `ifscat gradient-stats` and the gradient figures of `ifscat plot` share: the
 * metallicity gradients of the own sample and of literature sources with the redshift, mass and
 * SFR they go with, and the straight-line fit of the gradient against log M*, log SFR or log sSFR
 * (errors on both axes, intrinsic scatter: the fit of `ifscat relations`, linfit.h). */
#ifndef IFSCAT_CLI_GRADIENTS_H
#define IFSCAT_CLI_GRADIENTS_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "ifscat/error.h"
#include "ifscat/linfit.h"
#include "ifscat/sample.h"
#include "ifscat/stats.h"

/* A gradient (dex/kpc) with the redshift, mass and SFR it goes with; errors are the mean of the
 * lower and upper 1-sigma errors, NAN when unknown. */
typedef struct cli_gpoint {
    double grad, grad_e, z, logm, logm_e, logsfr, logsfr_e;
} cli_gpoint;

typedef struct cli_gpoints {
    cli_gpoint *p;
    size_t n, cap;
} cli_gpoints;

void cli_gpoints_free(cli_gpoints *ps);

/* Appends the gradients of the own sample of the given kind (targets without one are left out). */
int cli_gpoints_own(PGconn *conn, ifs_sample_kind kind, ifs_values values, cli_gpoints *ps, ifs_error *err);

/* Appends the literature gradients of lit, leaving out limits and points that are catalog targets
 * (view target_literature: the catalog's own value counts, once); counts both when not NULL. */
int cli_gpoints_literature(const ifs_litset *lit, cli_gpoints *ps, size_t *limits, size_t *duplicates,
                           ifs_error *err);

/* The default redshift bins of the binned mean gradients: 0-10 in steps of 2 (science.md section 7). */
#define CLI_GRADIENT_ZBINS {0, 2, 4, 6, 8, 10}
#define CLI_GRADIENT_NZBINS 5

/* Mean gradients in nbins redshift bins between edges[0..nbins] (ifs_stats_binned). */
int cli_gpoints_zbins(const cli_gpoints *ps, const double *edges, size_t nbins, ifs_stats_summary *bins,
                      ifs_error *err);

/* What the gradient is set against. */
typedef enum { CLI_VERSUS_LOGM, CLI_VERSUS_LOGSFR, CLI_VERSUS_LOGSSFR, CLI_VERSUS_COUNT } cli_versus;

/* "logm", "logsfr", "logssfr". */
const char *cli_versus_name(cli_versus v);

/* x of point g against v (log sSFR = log SFR - log M*) and its error (mass and SFR errors taken as
 * independent); NAN when unknown. */
void cli_gpoint_versus(const cli_gpoint *g, cli_versus v, double *x, double *xe);

/* The line fit of the gradient against v over the points with finite x, gradient and both errors,
 * on random stream v of seed (so a figure draws the line gradient-stats reports).  With band_x
 * (nband abscissae) also the 16th/50th/84th percentiles of the line there.  IFS_ERR_INPUT when
 * fewer than 3 points qualify. */
int cli_gpoints_fit(const cli_gpoints *ps, cli_versus v, uint64_t seed, const double *band_x, size_t nband,
                    double *band_lo, double *band_mid, double *band_hi, ifs_linfit *fit, ifs_error *err);

#endif
