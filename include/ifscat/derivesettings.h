/* ifscat/derivesettings.h: everything a derive's result depends on, as canonical JSON, and its
 * SHA-256: a derive of a fit with the same hash is the same derive, so the second does nothing
 * (ifscat derive says "unchanged", ifscat process skips it).  The thread count is not part of it
 * (results do not depend on it). */
#ifndef IFSCAT_DERIVESETTINGS_H
#define IFSCAT_DERIVESETTINGS_H

#include <stddef.h>

#include "ifscat/calibration.h"
#include "ifscat/derive.h"
#include "ifscat/digest.h"
#include "ifscat/error.h"

/* A satellite whose separation from its host the derive computes. */
typedef struct ifs_derive_satellite {
    long long target_id;
    char name[128];
    double ra_deg, dec_deg;
} ifs_derive_satellite;

/* The inputs of a derive that are not settings: the fit, the target, the SED mass, positions. */
typedef struct ifs_derive_inputs {
    long long fit_id;
    const char *fit_settings_sha256;
    double z, mu;
    long long mass_property_id; /* 0: no SED mass */
    double log_mstar;
    double host_ra_deg, host_dec_deg, host_scale_kpc_arcsec; /* the host of the satellites below */
    size_t nsatellites;
    const ifs_derive_satellite *satellites;
} ifs_derive_inputs;

/* One-line JSON, keys in a fixed order, of: the software version; the calibration (name, sha256 of
 * the file); every setting of set but the thread count (diagnostics, S/N cuts, both samplers' runs
 * and seed); the fit (id, settings hash); z and mu; the SED mass (property id and value, or null);
 * the host's position and scale and each satellite's id and position.  *json is malloc'ed (caller
 * frees); sha256 is the hash of its text.  Fails only with IFS_ERR_NOMEM. */
int ifs_derivesettings_json(const ifs_calibration *cal, const ifs_derive_settings *set, const ifs_derive_inputs *in,
                            char **json, char sha256[IFS_SHA256_HEX], ifs_error *err);

#endif
