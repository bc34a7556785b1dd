/* ifscat/units.h: parsing flux units as written in FITS headers (BUNIT, TUNITn) and converting
 * flux densities, per spaxel or per solid angle, f_nu or f_lambda, to the catalog's IFS_FLUX_UNIT. */
#ifndef IFSCAT_UNITS_H
#define IFSCAT_UNITS_H

#include "ifscat/error.h"

/* Base dimensions a parsed unit is expressed in: energy (erg), time (s), length (cm), angle (rad).
 * Hz is s^-1, W is erg/s, Jy is 1e-23 erg s^-1 cm^-2 Hz^-1, sr is rad^2, arcsec is pi/648000 rad. */
enum { IFS_DIM_ERG, IFS_DIM_S, IFS_DIM_CM, IFS_DIM_RAD, IFS_NDIM };

typedef struct ifs_unit {
    double scale;       /* value in the unit * scale = value in the base units */
    int dim[IFS_NDIM];  /* exponent of each base dimension */
} ifs_unit;

/* Parses a unit string in the FITS convention (Greisen et al. 2006, A&A 446, 747, section 4.3,
 * and common variants): an optional scale factor ("10**(-20)", "10**-20", "1e-20", "10^-20"),
 * then symbols joined by '*', '.', ' ' or '/', each with an optional power ("cm**2", "cm^2",
 * "cm2", "cm-2", "s**(-1)"), and parenthesised groups ("(MJy/sr)^2").  Known symbols: erg, J, W,
 * s, Hz, cm, m, mm, um, micron, nm, Angstrom (A, AA, Ang), Jy, mJy, uJy, nJy, MJy, sr, deg,
 * arcsec, and the dimensionless pixel, pix, spaxel, voxel.  Fails with IFS_ERR_INPUT naming the
 * offending symbol. */
int ifs_unit_parse(const char *text, ifs_unit *out, ifs_error *err);

/* What a flux unit measures, read from its dimensions. */
typedef struct ifs_flux_unit {
    double scale;        /* to erg s^-1 cm^-3 (f_lambda) or erg s^-1 cm^-2 Hz^-1 (f_nu) [per rad^2] */
    int fnu;             /* 1: per unit frequency, 0: per unit wavelength */
    int per_solid_angle; /* 1: a surface brightness (per sr, per arcsec2, ...) */
} ifs_flux_unit;

/* Parses text and classifies it as f_lambda or f_nu, per spaxel or per solid angle; anything
 * else (counts, ADU, a variance, ...) fails with IFS_ERR_INPUT quoting the text. */
int ifs_flux_unit_parse(const char *text, ifs_flux_unit *out, ifs_error *err);

/* The factor that turns a value in unit u, at vacuum wavelength wave_um, into IFS_FLUX_UNIT
 * (1e-20 erg/s/cm2/Angstrom per spaxel).  pixel_sr, the spaxel's solid angle in steradian, is
 * used only for a surface brightness.  For f_nu: f_lambda = f_nu c / lambda^2 (science.md
 * section 2). */
double ifs_flux_unit_factor(const ifs_flux_unit *u, double wave_um, double pixel_sr);

/* 1 when a and b have the same dimensions and scales within a relative 1e-9 (b == a^power when
 * power is 2: a variance unit against its flux unit). */
int ifs_unit_is_power(const ifs_unit *b, const ifs_unit *a, int power);

/* Speed of light in vacuum, exact (SI definition), in cm/s. */
#define IFS_C_CM_S 2.99792458e10

/* Steradian per square arcsecond: (pi / 648000)^2. */
#define IFS_SR_PER_ARCSEC2 2.3504430539097885e-11

#endif
