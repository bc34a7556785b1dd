/* ifscat/cube.h: an IFU cube (or a 1D spectrum as a 1x1 cube) in memory, in the catalog's units:
 * vacuum wavelengths in um, f_lambda per spaxel in 1e-20 erg/s/cm2/Angstrom, 1-sigma errors,
 * and a mask.  The FITS readers fill it, the mock writes it, the fitter reads it from the catalog. */
#ifndef IFSCAT_CUBE_H
#define IFSCAT_CUBE_H

#include <stddef.h>

#include "ifscat/error.h"

/* Flux unit of every spectrum in the catalog: 1e-20 erg s^-1 cm^-2 Angstrom^-1 per spaxel. */
#define IFS_FLUX_UNIT "1e-20 erg/s/cm2/Angstrom"

typedef struct ifs_cube {
    size_t nx, ny;       /* spatial size (FITS NAXIS1, NAXIS2); 1 x 1 for a 1D spectrum */
    size_t nwave;        /* spectral channels */
    double *wave_um;     /* nwave vacuum wavelengths, um, strictly increasing */
    /* Spectra are stored spaxel by spaxel: value of channel k of spaxel (x, y) is at
     * [(y * nx + x) * nwave + k] (x, y 0-based, as in FITS pixel (x+1, y+1)). */
    float *flux;         /* 1e-20 erg/s/cm2/Angstrom */
    float *err;          /* 1-sigma, same unit */
    unsigned char *mask; /* 1 = do not use (DQ DO_NOT_USE, non-finite, flagged) */
    double *ra_deg;      /* nx*ny spaxel centres, or NULL without a celestial WCS */
    double *dec_deg;
    double pixscale_arcsec; /* spaxel size, 0 when unknown */
    char *wcs_header;    /* the celestial WCS as FITS header cards (80-char records), or NULL */
    char instrument[32];
    char grating[32];
    char filter[32];
    char program[32];    /* proposal / programme identifier, "" when unknown */
    char format[24];     /* layout read: "jwst-s3d", "ifu-cube", "jwst-x1d", "msaexp-spec1d" */
    double exptime_s;    /* 0 when unknown */
    char conversion[256]; /* how the file's unit was turned into IFS_FLUX_UNIT, for provenance */
} ifs_cube;

/* A zeroed cube with arrays for nx*ny spaxels of nwave channels (mask zero); NULL when out of
 * memory.  ra/dec and wcs_header are left NULL.  Free with ifs_cube_free. */
ifs_cube *ifs_cube_alloc(size_t nx, size_t ny, size_t nwave);
void ifs_cube_free(ifs_cube *cube);

/* Index of channel k of spaxel (x, y). */
static inline size_t ifs_cube_index(const ifs_cube *c, size_t x, size_t y, size_t k)
{
    return (y * c->nx + x) * c->nwave + k;
}

#endif
