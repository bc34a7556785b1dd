/* ifscat/smooth.h: spectra of the 3x3 spaxel median-filtered cube used for maps (science.md
 * section 2), computed spaxel by spaxel where they are needed. */
#ifndef IFSCAT_SMOOTH_H
#define IFSCAT_SMOOTH_H

#include "ifscat/cube.h"
#include "ifscat/spectrum.h"

/* out = the smoothed spectrum of spaxel (x, y): every channel the median of the valid values of that
 * channel in the spaxels (x-1..x+1, y-1..y+1) inside the cube (masked when none is valid).  Its
 * error is sqrt(pi / 2) x the median of their errors / sqrt(n): the large-sample variance of a
 * median of n values of density f is 1 / (4 n f(median)^2), pi sigma^2 / (2 n) for a normal density
 * (Laplace 1818; see Stigler 1973, Biometrika 60, 439).  The fitter rescales the errors of every
 * region anyway.  out->n must equal cube->nwave. */
void ifs_spectrum_median3x3(const ifs_cube *cube, size_t x, size_t y, ifs_spectrum *out);

#endif
