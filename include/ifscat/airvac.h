/* ifscat/airvac.h: converting wavelengths between standard air and vacuum (ground-based cubes with
 * CTYPE3 = 'AWAV' are stored in vacuum like everything else in the catalog). */
#ifndef IFSCAT_AIRVAC_H
#define IFSCAT_AIRVAC_H

/* Below this (Angstrom) wavelengths are vacuum by convention and are left unchanged (VALD3 and
 * the IDL Astronomy Library do the same: laboratory and observed lines there are in vacuum). */
#define IFS_AIRVAC_MIN_AA 2000.0

/* Refractive index of standard dry air (15 C, 101325 Pa, 450 ppm CO2) at vacuum wavelength
 * vac_aa: Birch & Downs (1994, Metrologia 31, 315), the IAU standard as given by Morton (2000,
 * ApJS 130, 403, eq. 8). */
double ifs_air_index(double vac_aa);

/* lambda_air = lambda_vac / n(lambda_vac). */
double ifs_vacuum_to_air_aa(double vac_aa);

/* The exact inverse of ifs_vacuum_to_air_aa: solves lambda_vac = lambda_air n(lambda_vac) by
 * fixed-point iteration (n varies so slowly that each step gains ~4 digits; iterated to a relative
 * 1e-14). */
double ifs_air_to_vacuum_aa(double air_aa);

#endif
