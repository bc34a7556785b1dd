/* ifscat/mock_like.h: mock parameters of a catalog galaxy "as published": its position, redshift,
 * magnification, metallicity, gradient and SFR, and its satellites at their separations. */
#ifndef IFSCAT_MOCK_LIKE_H
#define IFSCAT_MOCK_LIKE_H

#include <libpq-fe.h>

#include "ifscat/error.h"
#include "ifscat/mock.h"

/* Margin of the mock field around the host and its satellites, arcsec (0.7" = 14 PRISM spaxels:
 * 3 scale lengths of the default 0.5 kpc disk at 4.7 kpc/", the largest scale of the sample). */
#define IFS_MOCK_LIKE_MARGIN_ARCSEC 0.7

/* Fills p (already holding defaults) from the catalog: ra, dec, z, mu of the galaxy; oh and
 * gradient (0 when absent) and H-beta from logsfr (ifs_sfr_hbeta_flux, no dust) of its imported
 * properties (view imported_property: the published values, not those ifscat derived); each satellite (host = the galaxy, by name) with its oh and H-beta likewise, at its
 * host_sep_kpc turned into arcsec with the host's lensing-corrected scale, the i-th along +x, +y,
 * -x, -y (directions are not published; ifscat chooses them); the field grown to hold everything
 * with the margin above (at least the default 57 x 57) and the host centre placed accordingly.
 * Fails with IFS_ERR_INPUT naming the target and the missing value (unknown or non-galaxy target,
 * no position, no oh or logsfr, a satellite without oh, logsfr or host_sep_kpc). */
int ifs_mock_like(PGconn *conn, const char *target, ifs_mock_params *p, ifs_error *err);

#endif
