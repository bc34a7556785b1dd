/* ifscat/obsfit.h: the line fit of one observation from its spectra, end to end: the maps (stellar
 * continuum, extent of the line emission), the optional background subtraction, the regions and
 * every region fitted (science.md sections 2, 3 and 6).  Pure computation: ifscat/fit.h loads the
 * cube from the catalog and stores what comes out. */
#ifndef IFSCAT_OBSFIT_H
#define IFSCAT_OBSFIT_H

#include <stddef.h>

#include "ifscat/cube.h"
#include "ifscat/error.h"
#include "ifscat/fitcube.h"
#include "ifscat/lineplan.h"
#include "ifscat/lines.h"
#include "ifscat/maps.h"
#include "ifscat/regions.h"
#include "ifscat/resolution.h"
#include "ifscat/specfit.h"
#include "ifscat/spectrum.h"

typedef struct ifs_obsfit_options {
    const ifs_linelist *list;
    const ifs_resolution *res;     /* for the observation's wavelengths (ifs_resolution_for_grid) */
    ifs_specfit_settings set;      /* fit settings, the prior redshift included */
    ifs_regions_settings regions;  /* kinds, aperture radius, annuli, S/N of line emission */
    int background;                /* subtract a background measured in source-free spaxels */
    int nthreads;                  /* <= 0: the online processors */
    ifs_fitcube_progress progress; /* regions done, from the fitting threads; may be NULL */
    void *ctx;
} ifs_obsfit_options;

/* Regions whose spectra and best-fit models are kept: the summed ones and a 1D spectrum. */
#define IFS_OBSFIT_KEEP_KINDS \
    ((1u << IFS_REGION_APERTURE) | (1u << IFS_REGION_ANNULUS) | (1u << IFS_REGION_SPECTRUM))

typedef struct ifs_obsfit {
    ifs_wavegrid *grid;
    ifs_lineplan *plan;
    ifs_maps *maps;               /* NULL for a 1D observation; measured after any background subtraction */
    ifs_region_set *regions;
    ifs_fitcube_output *fit;      /* per region; spectra and models kept for IFS_OBSFIT_KEEP_KINDS */
    unsigned char *background;    /* per spaxel, 1 for the source-free spaxels that measured the
                                     background; NULL without background subtraction */
    size_t nbackground;
} ifs_obsfit;

/* Fits the observation in cube.  A cube gets its maps first (always: their continuum peak is the
 * centre); with opt->background, the background (ifscat/background.h) of the spaxels beyond the
 * aperture radius around that centre is subtracted from cube in place and the maps measured again;
 * then the regions of opt->regions, fitted on opt->nthreads threads.  A 1D observation is one
 * region.  Fails with IFS_ERR_INPUT for a background asked of a 1D observation or with too few
 * source-free spaxels, and for an aperture or annuli without any continuum to centre them; with
 * IFS_ERR_NOMEM.  A region that cannot be fitted is a status, never a failure.  *out is NULL on
 * failure; free with ifs_obsfit_free. */
int ifs_obsfit_run(ifs_cube *cube, const ifs_obsfit_options *opt, ifs_obsfit **out, ifs_error *err);
void ifs_obsfit_free(ifs_obsfit *f);

#endif
