/* ifscat/fitcube.h: the line list fitted to every region of an observation, the regions spread
 * over threads (ifscat/parallel.h).  Each region's result depends on its spectrum alone, so results are identical for
 * any number of threads. */
#ifndef IFSCAT_FITCUBE_H
#define IFSCAT_FITCUBE_H

#include <stddef.h>

#include "ifscat/cube.h"
#include "ifscat/error.h"
#include "ifscat/lineplan.h"
#include "ifscat/lines.h"
#include "ifscat/regions.h"
#include "ifscat/smooth.h"
#include "ifscat/specfit.h"
#include "ifscat/spectrum.h"

typedef struct ifs_fitcube_input {
    const ifs_cube *cube;          /* the spectra; smoothed regions are median-filtered on the fly */
    const ifs_region_set *regions;
    const ifs_wavegrid *grid;      /* of cube->wave_um */
    const ifs_linelist *list;
    const ifs_lineplan *plan;      /* made from set */
    const ifs_specfit_settings *set;
    unsigned keep_kinds;           /* regions of these kinds (bit flags 1u << kind) keep their spectrum and model */
} ifs_fitcube_input;

/* What a kept region's fit looked like: for storing and plotting summed spectra with their models. */
typedef struct ifs_region_model {
    ifs_spectrum *spec;  /* the spectrum fitted, errors as summed (before the error scale) */
    double *continuum;   /* the fitted continuum (ifs_specfit_model) */
    double *model;       /* continuum + the fitted lines */
} ifs_region_model;

typedef struct ifs_fitcube_output {
    size_t nregions, nlines, ngroups;
    ifs_specfit_result *result;    /* per region; .line and .group point into the arrays below */
    ifs_line_fit *line;            /* region r, line l at [r * nlines + l] */
    ifs_group_fit *group;          /* region r, group g at [r * ngroups + g] */
    size_t *nused;                 /* spaxels summed per region (fully masked spaxels are left out) */
    ifs_region_model *kept;        /* per region; all NULL for a region whose kind is not kept */
} ifs_fitcube_output;

/* Called from the worker threads, serialised, after each region. */
typedef void (*ifs_fitcube_progress)(size_t done, size_t total, void *ctx);

/* Fits every region on nthreads threads (<= 0: the online processors; ifscat/parallel.h).  A region
 * whose continuum cannot be fitted numerically gets status "not converged" for every group; only
 * running out of memory or failing to start a thread fails the run.  *out is NULL on failure;
 * free with ifs_fitcube_output_free. */
int ifs_fitcube_run(const ifs_fitcube_input *in, int nthreads, ifs_fitcube_progress progress, void *ctx,
                    ifs_fitcube_output **out, ifs_error *err);
void ifs_fitcube_output_free(ifs_fitcube_output *out);

#endif
