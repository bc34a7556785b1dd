/* ifscat/fitsettings.h: the settings of one observation's line fit as canonical JSON, and its SHA-256:
 * two fits of an observation with the same hash are the same fit, so the second does nothing.
 * The software version is part of them (a new version may fit differently); the thread count is
 * not (results do not depend on it). */
#ifndef IFSCAT_FITSETTINGS_H
#define IFSCAT_FITSETTINGS_H

#include "ifscat/digest.h"
#include "ifscat/error.h"
#include "ifscat/obsfit.h"

/* JSON (one line, keys in a fixed order) of: the software version, the line list (name, sha256 of the file), the
 * observation's grating (which, with its wavelengths, fixes the resolution curve), every fit
 * setting of opt->set (prior redshift included), the background subtraction; for a cube (is_cube)
 * also the region kinds, the aperture radius and number of annuli asked (null: the defaults), the
 * S/N of the line extent and scale_kpc_arcsec (lensing-corrected; the radii in kpc depend on it),
 * for a 1D spectrum the one region "spectrum".  opt->res is not read.  *json is malloc'ed (caller
 * frees); sha256 is the hash of its text.  Fails only with IFS_ERR_NOMEM. */
int ifs_fitsettings_json(const ifs_obsfit_options *opt, const char *grating, int is_cube, double scale_kpc_arcsec,
                         char **json, char sha256[IFS_SHA256_HEX], ifs_error *err);

#endif
