/* ifscat/cuberead.h: reading an IFU cube or a 1D spectrum from a FITS file into an ifs_cube in
 * the catalog's units (vacuum um, 1e-20 erg/s/cm2/Angstrom per spaxel, 1-sigma errors, mask).
 *
 * Layouts recognised (docs/ingest.md lists them with their keywords):
 *   - IFU cubes: data in an image HDU named SCI, DATA or ending in .DATA/.SCI; errors in ERR or
 *     NOISE (1 sigma) or STAT (variance), with the same prefix; optional DQ (JWST bit flags,
 *     bit 0 DO_NOT_USE) or MASK (non-zero = bad, per voxel or per spaxel).  JWST s3d cubes
 *     (MJy/sr, PIXAR_SR, WAVE-TAB) and ESO-convention cubes (MUSE, KMOS) are instances of this.
 *   - JWST x1d: a table with WAVELENGTH, FLUX, FLUX_ERROR (and DQ) columns (EXTRACT1D).
 *   - msaexp: the SPEC1D table (wave, flux, err).
 * A 1D spectrum becomes a 1 x 1 cube. */
#ifndef IFSCAT_CUBEREAD_H
#define IFSCAT_CUBEREAD_H

#include "ifscat/cube.h"
#include "ifscat/error.h"

typedef enum { IFS_MEDIUM_UNSTATED = 0, IFS_MEDIUM_VACUUM, IFS_MEDIUM_AIR } ifs_medium;

typedef struct ifs_read_options {
    const char *bunit;      /* flux unit that overrides the file's BUNIT/TUNITn, or NULL */
    ifs_medium medium;      /* for a wavelength axis whose CTYPE3 does not say (IRAF 'LAMBDA') */
    double pixscale_arcsec; /* spaxel size of a cube without a celestial WCS; 0 = not given */
} ifs_read_options;

/* Reads path (no cfitsio extended-filename syntax: brackets are part of the name).  Every error
 * names the file and, where they apply, the HDU and keyword (IFS_ERR_IO: unreadable, not FITS,
 * truncated; IFS_ERR_INPUT: a layout or value the catalog cannot take).  A cube whose every value
 * is NaN or flagged is an error.  *out is NULL on failure; free with ifs_cube_free. */
int ifs_cube_read(const char *path, const ifs_read_options *opt, ifs_cube **out, ifs_error *err);

#endif
