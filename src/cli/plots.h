/* plots.h: the figures of `ifscat plot KIND`, each built from the catalog into an ifs_figure that
 * the command saves.  Every builder fails with IFS_ERR_INPUT when there is nothing to plot (naming
 * what is missing), with the database's error in err, or with a drawing call's status, whose
 * message the figure keeps (ifs_figure_error). */
#ifndef IFSCAT_CLI_PLOTS_H
#define IFSCAT_CLI_PLOTS_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"

#include "ifscat/error.h"
#include "ifscat/plot.h"
#include "ifscat/sample.h"

typedef struct plot_request {
    const ifs_cli *cli;     /* for notes on stderr */
    PGconn *conn;
    const char *target;     /* TARGET: the target to mark (scaling relations, gradients) or to draw
                             * (map, spectrum; required there), or NULL */
    const ifs_litsel *sel;  /* literature selections; nsel = 0: every source */
    size_t nsel;
    int no_literature;      /* own sample only */
    uint64_t seed;          /* Monte-Carlo offsets and gradient fits (as fmr and gradient-stats) */
    long long observation;  /* map, spectrum: the observation (0: the target's current one) */
    const char *map;        /* map: its name (NULL: the default) */
    int annulus;            /* spectrum: an annulus instead of the aperture (0) */
} plot_request;

typedef int (*plot_builder)(const plot_request *r, ifs_figure **fig, ifs_error *err);

/* plot_scaling.c: log SFR vs log M* with the main sequences; 12+log(O/H) vs log M* with the MZRs;
 * 12+log(O/H) vs mu_alpha with the FMRs over the offset from the Curti et al. (2020) FMR against
 * redshift (age of the universe on top).  Stored fits of `ifscat relations` with their bands. */
int plot_sfms(const plot_request *r, ifs_figure **fig, ifs_error *err);
int plot_mzr(const plot_request *r, ifs_figure **fig, ifs_error *err);
int plot_fmr(const plot_request *r, ifs_figure **fig, ifs_error *err);

/* plot_gradients.c: the metallicity gradient against redshift (with redshift-binned means and the
 * age of the universe on top), stellar mass and specific SFR (with the line fit of
 * `ifscat gradient-stats` and its band). */
int plot_gradient_z(const plot_request *r, ifs_figure **fig, ifs_error *err);
int plot_gradient_mass(const plot_request *r, ifs_figure **fig, ifs_error *err);
int plot_gradient_ssfr(const plot_request *r, ifs_figure **fig, ifs_error *err);

/* plot_map.c: a stored map of the target's fitted cube (line flux, error, S/N, raw or smoothed;
 * continuum) in arcsec from the continuum peak, with a colour bar and continuum contours. */
int plot_map(const plot_request *r, ifs_figure **fig, ifs_error *err);

/* plot_profile.c: the annuli's metallicities with their errors against radius (kpc) and the
 * gradient of 'ifscat derive' with its 1-sigma band (the derive's fit made again from the same
 * points and seed, so the same samples). */
int plot_profile(const plot_request *r, ifs_figure **fig, ifs_error *err);

/* plot_spectrum.c: the summed spectrum of the aperture (or an annulus, or a 1D observation) with
 * its error, best-fit model and the fitted lines labelled, over its residuals. */
int plot_spectrum(const plot_request *r, ifs_figure **fig, ifs_error *err);

#endif
