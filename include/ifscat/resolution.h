/* ifscat/resolution.h: a disperser's resolving power R(lambda) from the shipped STScI NIRSpec
 * tables (data/resolution), giving the instrumental line width. */
#ifndef IFSCAT_RESOLUTION_H
#define IFSCAT_RESOLUTION_H

#include <stddef.h>

#include "ifscat/error.h"

/* FWHM / sigma of a Gaussian: 2 sqrt(2 ln 2). */
#define IFS_FWHM_PER_SIGMA 2.3548200450309493

typedef struct ifs_resolution {
    char disperser[32]; /* upper case: "PRISM", "G395M", ..., or the gratings combined: "G140M+G235M+G395M" */
    size_t n;
    double *wave_um;    /* increasing */
    double *r;          /* resolving power lambda / delta-lambda (FWHM) */
    double *dlds_um;    /* dispersion, um per detector pixel (column DLDS), or NULL when the table has none */
} ifs_resolution;

/* Loads the curve of a disperser by name (case-insensitive: PRISM, G140M, G140H, G235M, G235H,
 * G395M, G395H) from data/resolution/jwst_nirspec_<name>_disp.fits, or from a FITS file path with
 * the same layout.  *out is NULL on failure; free with ifs_resolution_free. */
int ifs_resolution_load(const char *disperser_or_path, ifs_resolution **out, ifs_error *err);
void ifs_resolution_free(ifs_resolution *res);

/* The resolution of an observation taken with disperser on the n increasing wavelengths wave_um:
 * the disperser's own curve when every wavelength lies inside its table (or for PRISM).  A spectrum
 * reaching beyond a grating's table was combined from the gratings of its family (M or H: CEERS'
 * "comb-mgrat" products span 0.96-5.29 um and name only G395M); each channel then takes the R of
 * the family member whose table covers it and whose dispersion (DLDS) is nearest, in ratio, to the
 * channel's width (the smaller step to a neighbour): a 1D extraction keeps one channel per detector
 * pixel, so the step tells the gratings apart (G140M 6.4, G235M 10.7, G395M 18.0 Angstrom per
 * pixel).  That curve is sampled at the channels and named after the members used, blue to red
 * ("G140M+G235M+G395M").  Fails as ifs_resolution_load for an unknown disperser.  *out is NULL
 * on failure; free with ifs_resolution_free. */
int ifs_resolution_for_grid(const char *disperser, const double *wave_um, size_t n, ifs_resolution **out,
                            ifs_error *err);

/* R at wave_um, linearly interpolated; the end values beyond the table. */
double ifs_resolution_r(const ifs_resolution *res, double wave_um);

/* Instrumental Gaussian sigma in um: lambda / R(lambda) / 2.3548 (science.md section 3). */
double ifs_resolution_sigma_um(const ifs_resolution *res, double wave_um);

#endif
