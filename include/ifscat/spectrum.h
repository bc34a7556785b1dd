/* ifscat/spectrum.h: one spectrum on an observation's wavelength grid (a spaxel, or a sum of
 * spaxels) in double precision, the pixel edges that line profiles are integrated over, and the
 * rule that says whether a line falls on usable pixels. */
#ifndef IFSCAT_SPECTRUM_H
#define IFSCAT_SPECTRUM_H

#include <math.h>
#include <stddef.h>

#include "ifscat/cube.h"
#include "ifscat/error.h"

/* Vacuum wavelengths of a grid in Angstrom, with pixel edges. */
typedef struct ifs_wavegrid {
    size_t n;
    double *wave_aa; /* n pixel centres */
    double *edge_aa; /* n + 1 pixel edges: midpoints between centres, the outer ones mirrored */
} ifs_wavegrid;

/* The grid of n strictly increasing wavelengths in um (n >= 2).  Fails with IFS_ERR_INPUT when the
 * wavelengths do not increase.  *out is NULL on failure; free with ifs_wavegrid_free. */
int ifs_wavegrid_alloc(const double *wave_um, size_t n, ifs_wavegrid **out, ifs_error *err);
void ifs_wavegrid_free(ifs_wavegrid *grid);

typedef struct ifs_spectrum {
    size_t n;
    double *flux;        /* 1e-20 erg/s/cm2/Angstrom */
    double *err;         /* 1-sigma, same unit */
    unsigned char *mask; /* 1 = do not use */
} ifs_spectrum;

/* A spectrum of n channels, all masked; NULL when out of memory.  Free with ifs_spectrum_free. */
ifs_spectrum *ifs_spectrum_alloc(size_t n);
void ifs_spectrum_free(ifs_spectrum *spec);

/* 1 when channel k can be used: not masked, finite flux, finite positive error. */
static inline int ifs_spectrum_valid(const ifs_spectrum *s, size_t k)
{
    return !s->mask[k] && isfinite(s->flux[k]) && isfinite(s->err[k]) && s->err[k] > 0;
}

/* out = the sum of the spectra of nspaxels spaxels of cube (indices y * nx + x), errors added in
 * quadrature.  A spaxel masked in every channel (outside the footprint) is left out.  In a sum of
 * several spaxels an isolated unusable voxel (both neighbouring channels of its spaxel usable)
 * counts with the linear interpolation of its neighbours (value and error): masking the channel
 * instead would discard every other spaxel's value there, and with a fraction p of bad voxels an
 * aperture of N spaxels would keep only (1 - p)^N of its channels (3% for 3,400 spaxels at 0.1%).
 * Any other unusable voxel masks the channel in the sum.  One spaxel's spectrum is returned as
 * it is.  out->n must equal cube->nwave.  Returns the number of spaxels summed. */
size_t ifs_spectrum_sum(const ifs_cube *cube, const size_t *spaxels, size_t nspaxels, ifs_spectrum *out);

/* 1 when a line centred at centre_aa with instrumental FWHM fwhm_aa lies on usable pixels: at
 * least two valid channels within one FWHM of the centre (a Nyquist-sampled line has about four),
 * enough for an amplitude whose position and width are tied to other lines or to the LSF. */
int ifs_spectrum_covers(const ifs_wavegrid *grid, const ifs_spectrum *spec, double centre_aa, double fwhm_aa);

/* Index of the first channel whose centre is >= wave_aa (grid->n when none). */
size_t ifs_wavegrid_find(const ifs_wavegrid *grid, double wave_aa);

#endif
