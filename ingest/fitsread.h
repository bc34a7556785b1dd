/* fitsread.h (internal to ingest/): what the FITS readers share: the list of HDUs of a file,
 * keyword lookups that fall back to the primary header, and turning a cfitsio status into an
 * ifs_error that names the file, HDU and keyword.  Inside, cfitsio's int *status convention. */
#ifndef IFSCAT_INGEST_FITSREAD_H
#define IFSCAT_INGEST_FITSREAD_H

#include <fitsio.h>
#include <stddef.h>

#include "ifscat/cube.h"
#include "ifscat/cuberead.h"
#include "ifscat/error.h"

/* One HDU as seen by the format detection. */
typedef struct ifs_fits_hdu {
    int num;           /* 1-based, as cfitsio counts */
    int type;          /* IMAGE_HDU, BINARY_TBL, ASCII_TBL */
    char extname[FLEN_VALUE];
    int naxis;
    long naxes[3];     /* images: the first three axis lengths */
} ifs_fits_hdu;

/* An open file and its HDUs. */
typedef struct ifs_fits_file {
    fitsfile *f;
    const char *path;
    int nhdu;
    ifs_fits_hdu *hdu;
} ifs_fits_file;

/* "HDU 2 'SCI'" (or "HDU 1 (primary)") into buf. */
const char *ifs_fits_hdu_label(const ifs_fits_file *ff, int num, char *buf, size_t n);

/* Fills err with "PATH: HDU n 'NAME': [keyword KEY: ]MESSAGE", adding cfitsio's text for a
 * non-zero status; returns code.  num 0 leaves the HDU out, key NULL the keyword. */
int ifs_fits_fail(ifs_error *err, int code, const ifs_fits_file *ff, int num, const char *key, int status,
              const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Moves to HDU num. */
int ifs_fits_goto(const ifs_fits_file *ff, int num, int *status);

/* Keyword lookups in the current HDU, then (when inherit) in the primary header; the current HDU
 * is restored.  *found says whether the keyword exists; a missing keyword is not an error. */
int ifs_fits_key_str(const ifs_fits_file *ff, const char *key, int inherit, char *buf, size_t n, int *found,
                 int *status);
int ifs_fits_key_dbl(const ifs_fits_file *ff, const char *key, int inherit, double *v, int *found, int *status);

/* Index into ff->hdu of the HDU whose EXTNAME equals name (case-insensitive), or -1. */
int ifs_fits_find_hdu(const ifs_fits_file *ff, const char *name);

/* Fills the setup fields of cube (instrument, grating, filter, program, exposure) from the
 * current HDU and the primary header: INSTRUME; GRATING or ESO INS GRAT1 NAME; FILTER or ESO INS
 * FILT1 NAME; PROGRAM or ESO OBS PROG ID; EFFEXPTM, else EXPTIME. */
int ifs_fits_read_setup(const ifs_fits_file *ff, ifs_cube *cube, int *status);

/* Checks that n wavelengths (um) are finite, strictly increasing and plausible; errors name HDU
 * num and keyword key. */
int ifs_fits_check_wave(const ifs_fits_file *ff, int num, const char *key, const double *w, size_t n,
                    ifs_error *err);

/* The vacuum wavelengths (um) of axis 3 of image HDU num, which has nwave planes; medium is the
 * user's statement for a CTYPE3 that does not give one.  desc gets a one-line provenance. */
int ifs_fits_read_wave_axis(const ifs_fits_file *ff, int num, size_t nwave, ifs_medium medium,
                        double *wave_um, char *desc, size_t ndesc, ifs_error *err);

/* The celestial WCS of image HDU num through WCSLIB: per-spaxel RA/Dec (spaxel centres, FITS
 * pixel x+1, y+1), pixel scale, the WCS as header cards.  *pixel_sr gets the spaxel solid angle
 * (0 when there is no celestial WCS, which is not an error: cube->ra_deg stays NULL). */
int ifs_fits_read_celestial(const ifs_fits_file *ff, int num, ifs_cube *cube, double *pixel_sr,
                        ifs_error *err);

/* The readers of each layout, on an open file whose HDUs are listed (cuberead.c dispatches). */
int ifs_read_cube3d(const ifs_fits_file *ff, const ifs_read_options *opt, ifs_cube **out, ifs_error *err);
int ifs_read_spectrum1d(const ifs_fits_file *ff, int table_index, const ifs_read_options *opt,
                        ifs_cube **out, ifs_error *err);

#endif
