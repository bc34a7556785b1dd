/* ifscat/resolution.h: a disperser's resolving power R(lambda) from the shipped STScI NIRSpec
 * tables (data/resolution), giving the instrumental line width. */
#ifndef IFSCAT_RESOLUTION_H
#define IFSCAT_RESOLUTION_H

#include <stddef.h>

#include "ifscat/error.h"

/* FWHM / sigma of a Gaussian: 2 sqrt(2 ln 2). */
#define IFS_FWHM_PER_SIGMA 2.3548200450309493

typedef struct ifs_resolution {
    char disperser[16]; /* upper case: "PRISM", "G395M", ... */
    size_t n;
    double *wave_um;    /* increasing */
    double *r;          /* resolving power lambda / delta-lambda (FWHM) */
} ifs_resolution;

/* Loads the curve of a disperser by name (case-insensitive: PRISM, G140M, G140H, G235M, G235H,
 * G395M, G395H) from data/resolution/jwst_nirspec_<name>_disp.fits, or from a FITS file path with
 * the same layout.  *out is NULL on failure; free with ifs_resolution_free. */
int ifs_resolution_load(const char *disperser_or_path, ifs_resolution **out, ifs_error *err);
void ifs_resolution_free(ifs_resolution *res);

/* R at wave_um, linearly interpolated; the end values beyond the table. */
double ifs_resolution_r(const ifs_resolution *res, double wave_um);

/* Instrumental Gaussian sigma in um: lambda / R(lambda) / 2.3548 (science.md section 3). */
double ifs_resolution_sigma_um(const ifs_resolution *res, double wave_um);

#endif
