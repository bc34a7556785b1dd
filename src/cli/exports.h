/* exports.h: the contents of the FITS files of `ifscat export maps|spectra`, built from a target's
 * current line fit (ifscat/fitread.h) into a FITS file in memory (ifscat/fitsout.h). */
#ifndef IFSCAT_CLI_EXPORTS_H
#define IFSCAT_CLI_EXPORTS_H

#include <libpq-fe.h>

#include "ifscat/error.h"
#include "ifscat/fitread.h"
#include "ifscat/fitsout.h"

/* Provenance keywords of every HDU: TARGET, OBS_ID (observation), FIT_ID, GRATING, FITVERS (the
 * software version of the fit), REDSHIFT, KPCARCS (lensing-corrected kpc/arcsec), and with a
 * derive DERIV_ID and CALIB (its metallicity calibration). */
int export_provenance(ifs_fitsout *fo, const ifs_fitinfo *info, ifs_error *err);

/* One image extension per map of the fit (ifs_fitmaps_list: line flux, error and S/N of the spaxels
 * and of the smoothed spaxels, continuum and extent maps, and the derive's 12+log(O/H) with its
 * errors, R3, Ne3O2, Sigma_SFR and Sigma_*), named as the map, with BUNIT, the
 * observation's celestial WCS and the provenance; *nmaps counts them.  IFS_ERR_INPUT for a 1D
 * observation, which has no maps. */
int export_maps(PGconn *conn, const ifs_fitinfo *info, ifs_fitsout *fo, size_t *nmaps, ifs_error *err);

/* One binary table per summed region of the kinds (IFS_FITSPEC_* mask), named aperture, annulusN
 * or spectrum: wave_um, flux, err, err_fit (= err x the region's error scale, the errors the fit
 * used), continuum, model, mask; the region's geometry in its header; then a table "lines" with
 * every line's flux, error, S/N and redshift in each region.  *nregions counts the regions;
 * IFS_ERR_INPUT when the fit has none of those kinds. */
int export_spectra(PGconn *conn, const ifs_fitinfo *info, unsigned kinds, ifs_fitsout *fo, size_t *nregions,
                   ifs_error *err);

#endif
