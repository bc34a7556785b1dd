/* mock_like.c: the parameters of a mock cube taken from a catalog galaxy and its satellites. */
#include "ifscat/mock_like.h"

#include "ifscat/cosmology.h"
#include "ifscat/db.h"
#include "ifscat/sfr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The galaxy first, then its satellites by name, with the properties the mock needs: imported
 * (published) values, never those ifscat derived from an earlier mock (view imported_property). */
static const char like_sql[] =
    "SELECT t.name, t.kind::text, t.ra_deg, t.dec_deg, t.z, t.mu, t.scale_kpc_arcsec,"
    " (SELECT value FROM ifscat.imported_property b WHERE b.target_id = t.target_id AND quantity = 'oh'),"
    " (SELECT value FROM ifscat.imported_property b WHERE b.target_id = t.target_id AND quantity = 'gradient'),"
    " (SELECT value FROM ifscat.imported_property b WHERE b.target_id = t.target_id AND quantity = 'logsfr'),"
    " (SELECT value FROM ifscat.imported_property b WHERE b.target_id = t.target_id AND quantity = 'host_sep_kpc')"
    " FROM ifscat.target t LEFT JOIN ifscat.target h ON h.target_id = t.host_id"
    " WHERE t.name = $1 OR (h.name = $1 AND t.kind = 'satellite')"
    " ORDER BY (t.name = $1) DESC, t.name";

enum { COL_NAME, COL_KIND, COL_RA, COL_DEC, COL_Z, COL_MU, COL_SCALE, COL_OH, COL_GRADIENT, COL_LOGSFR, COL_SEP };

/* A column's value, or NAN when NULL. */
static double value(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NAN : strtod(PQgetvalue(r, row, col), NULL);
}

static int need(const PGresult *r, int row, int col, const char *what, double *out, ifs_error *err)
{
    *out = value(r, row, col);
    if (isnan(*out))
        return ifs_error_set(err, IFS_ERR_INPUT, "cannot make a mock like '%s': it has no %s in the catalog",
                             PQgetvalue(r, row, COL_NAME), what);
    return IFS_OK;
}

/* Observed H-beta flux in 1e-20 erg/s/cm2 of a published log SFR. */
static int hbeta_of(double z, double mu, double log_sfr, double *hbeta, ifs_error *err)
{
    ifs_cosmology cosmo = IFS_COSMOLOGY_DEFAULT;
    double cgs;
    int status = ifs_sfr_hbeta_flux(&cosmo, z, mu, log_sfr, &cgs, err);
    *hbeta = cgs / 1e-20;
    return status;
}

/* Size and host position along one axis for offsets off[n] (pixels) from the host. */
static void fit_axis(const double *off, int n, double margin, size_t min_size, size_t *size, double *centre)
{
    double lo = 0.0, hi = 0.0;
    for (int i = 0; i < n; i++) {
        lo = fmin(lo, off[i]);
        hi = fmax(hi, off[i]);
    }
    double need = ceil(hi - lo + 2.0 * margin) + 1.0;
    *size = need > (double)min_size ? (size_t)need : min_size;
    *centre = round(margin - lo + ((double)*size - need) / 2.0);
}

int ifs_mock_like(PGconn *conn, const char *target, ifs_mock_params *p, ifs_error *err)
{
    const char *params[] = {target};
    PGresult *r = ifs_db_query(conn, like_sql, 1, params, err);
    if (!r)
        return err->code;
    int status = IFS_OK, n = PQntuples(r);
    if (n == 0 || strcmp(PQgetvalue(r, 0, COL_NAME), target) != 0) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "no target named '%s' (see 'ifscat target list')", target);
        goto exit;
    }
    if (strcmp(PQgetvalue(r, 0, COL_KIND), "galaxy") != 0) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "'%s' is a %s: make the mock of its host galaxy", target,
                               PQgetvalue(r, 0, COL_KIND));
        goto exit;
    }
    if (n - 1 > IFS_MOCK_MAX_SATELLITES) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "'%s' has %d satellites; the mock holds at most %d", target,
                               n - 1, IFS_MOCK_MAX_SATELLITES);
        goto exit;
    }
    double log_sfr, scale;
    if ((status = need(r, 0, COL_RA, "position (ra_deg)", &p->ra_deg, err)) ||
        (status = need(r, 0, COL_DEC, "position (dec_deg)", &p->dec_deg, err)) ||
        (status = need(r, 0, COL_OH, "metallicity (property oh)", &p->oh0, err)) ||
        (status = need(r, 0, COL_LOGSFR, "star formation rate (property logsfr)", &log_sfr, err)))
        goto exit;
    p->z = value(r, 0, COL_Z);
    p->mu = value(r, 0, COL_MU);
    scale = value(r, 0, COL_SCALE);
    p->gradient = isnan(value(r, 0, COL_GRADIENT)) ? 0.0 : value(r, 0, COL_GRADIENT);
    if ((status = hbeta_of(p->z, p->mu, log_sfr, &p->hbeta, err)))
        goto exit;

    /* Satellites: the i-th along +x, +y, -x, -y, then again further round at 45 degrees. */
    double dx[IFS_MOCK_MAX_SATELLITES], dy[IFS_MOCK_MAX_SATELLITES];
    p->nsat = 0;
    for (int row = 1; row < n; row++) {
        ifs_mock_satellite *s = &p->sat[p->nsat];
        double sep_kpc, sat_sfr;
        if ((status = need(r, row, COL_OH, "metallicity (property oh)", &s->oh, err)) ||
            (status = need(r, row, COL_LOGSFR, "star formation rate (property logsfr)", &sat_sfr, err)) ||
            (status = need(r, row, COL_SEP, "separation from its host (property host_sep_kpc)", &sep_kpc, err)) ||
            (status = hbeta_of(p->z, p->mu, sat_sfr, &s->hbeta, err)))
            goto exit;
        snprintf(s->name, sizeof s->name, "%s", PQgetvalue(r, row, COL_NAME));
        double angle = (p->nsat % 4) * M_PI / 2.0 + (p->nsat / 4) * M_PI / 4.0;
        s->dx_arcsec = sep_kpc / scale * cos(angle);
        s->dy_arcsec = sep_kpc / scale * sin(angle);
        s->rd_kpc = 0.3; /* as --satellite's default */
        dx[p->nsat] = s->dx_arcsec / p->pixscale_arcsec;
        dy[p->nsat] = s->dy_arcsec / p->pixscale_arcsec;
        p->nsat++;
    }
    double margin = IFS_MOCK_LIKE_MARGIN_ARCSEC / p->pixscale_arcsec;
    size_t nx0 = p->nx, ny0 = p->ny;
    fit_axis(dx, p->nsat, margin, nx0, &p->nx, &p->x0);
    fit_axis(dy, p->nsat, margin, ny0, &p->ny, &p->y0);
exit:
    PQclear(r);
    return status;
}
