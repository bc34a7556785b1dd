/* ifscat/background.h: a background spectrum measured in spaxels free of source and line emission
 * and subtracted from every spaxel (science.md section 2). */
#ifndef IFSCAT_BACKGROUND_H
#define IFSCAT_BACKGROUND_H

#include <stddef.h>

#include "ifscat/cube.h"
#include "ifscat/error.h"
#include "ifscat/maps.h"
#include "ifscat/spectrum.h"

/* With n source-free spaxels the background's error, sqrt(pi / 2) sigma / sqrt(n) (see smooth.h),
 * raises a spaxel's noise by sqrt(1 + pi / (2 n)): 4% for n = 20.  Fewer are refused. */
#define IFS_BACKGROUND_MIN_SPAXELS 20

/* The source-free spaxels: farther than radius from (cx, cy), with finite maps, a line-map S/N
 * below snr_min in absolute value, and a continuum within snr_min errors of the median continuum
 * of all spaxels beyond the radius (a background adds continuum everywhere; a source adds it
 * locally).  out has room for maps->nx * maps->ny; returns the count (0 when out of memory). */
size_t ifs_background_spaxels(const ifs_maps *maps, int cx, int cy, double radius, double snr_min, size_t *out);

/* bg = per channel, the median of the valid values of the n spaxels (masked when none), with error
 * sqrt(pi / 2) x median error / sqrt(count).  Fails with IFS_ERR_INPUT when n is below
 * IFS_BACKGROUND_MIN_SPAXELS and IFS_ERR_NOMEM. */
int ifs_background_measure(const ifs_cube *cube, const size_t *spaxels, size_t n, ifs_spectrum *bg, ifs_error *err);

/* Subtracts bg from every spaxel of cube in place, adding its error in quadrature; channels where bg
 * is masked become masked. */
void ifs_background_subtract(ifs_cube *cube, const ifs_spectrum *bg);

#endif
