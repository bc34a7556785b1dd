/* ifscat/maps.h: per-spaxel maps that place the regions of a cube: the stellar continuum between
 * H-gamma and H-beta, whose peak is the centre of the aperture and annuli (science.md section 6),
 * and the narrow-band flux of the extent lines over the fitted continuum, whose extent sets the
 * default aperture radius. */
#ifndef IFSCAT_MAPS_H
#define IFSCAT_MAPS_H

#include <stddef.h>

#include "ifscat/cube.h"
#include "ifscat/error.h"
#include "ifscat/lineplan.h"
#include "ifscat/lines.h"
#include "ifscat/specfit.h"
#include "ifscat/spectrum.h"

typedef struct ifs_maps {
    size_t nx, ny;   /* index y * nx + x */
    double *cont;    /* mean f_lambda over the list's continuum_map_aa (rest) outside line masks; NaN without data */
    double *cont_err;
    double *line;    /* sum over the extent lines of (f_lambda - continuum) d lambda within +-1 instrumental
                        FWHM (98% of a Gaussian's flux), 1e-20 erg/s/cm2; NaN without data */
    double *line_err; /* with the spaxel's error scale (ifs_specfit_continuum) applied */
} ifs_maps;

/* Computes both maps of cube (on grid, the plan made from set).  *out is NULL on failure
 * (IFS_ERR_NOMEM, or IFS_ERR_NUMERIC from a continuum fit); free with ifs_maps_free. */
int ifs_maps_compute(const ifs_cube *cube, const ifs_wavegrid *grid, const ifs_linelist *list,
                     const ifs_lineplan *plan, const ifs_specfit_settings *set, ifs_maps **out, ifs_error *err);
void ifs_maps_free(ifs_maps *maps);

#endif
