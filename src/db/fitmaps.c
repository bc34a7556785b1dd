/* fitmaps.c: the maps of a fitted cube: line fluxes, errors and S/N per spaxel (raw and smoothed)
 * from line_fit, the stellar-continuum and extent maps from fit_map. */
#include "ifscat/fitread.h"

#include "ifscat/db.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Units: line fluxes 1e-20 erg/s/cm2, flux densities 1e-20 erg/s/cm2/Angstrom (docs/fitting.md);
 * logarithms of surface densities as FITS 4.0 (section 4.3, table 6) writes a function of a unit. */
#define FLUX_BUNIT IFS_FITS_UNIT_FLUX
#define FLUX_MARKUP "10^{-20} erg s^{-1} cm^{-2}"
#define FLAMBDA_BUNIT IFS_FITS_UNIT_FLAMBDA
#define FLAMBDA_MARKUP "10^{-20} erg s^{-1} cm^{-2} \u00c5^{-1}"

/* The derived maps, in the column order of sql_derived_values. */
static const struct {
    const char *name, *bunit, *label, *unit, *description;
} derived[] = {
    {"oh", "", "12+log(O/H)", NULL, "12+log(O/H): posterior median"},
    {"oh_lo", "", "12+log(O/H) error below", NULL, "12+log(O/H): median - 16th percentile"},
    {"oh_hi", "", "12+log(O/H) error above", NULL, "12+log(O/H): 84th percentile - median"},
    {"r3", "", "R3 = log([OIII]/H\u03b2)", NULL, "R3 = log10([OIII]5008 / H-beta), where both have S/N > 3"},
    {"r3_err", "", "R3 error", NULL, "1-sigma error of R3"},
    {"ne3o2", "", "Ne3O2 = log([NeIII]/[OII])", NULL, "Ne3O2 = log10([NeIII]3869 / [OII]3728), where both have S/N > 2"},
    {"ne3o2_err", "", "Ne3O2 error", NULL, "1-sigma error of Ne3O2"},
    {"log_sigma_sfr", "log(solMass yr-1 kpc-2)", "log \u03a3_{SFR}", "M_{\u2299} yr^{-1} kpc^{-2}",
     "log10 SFR surface density, dust- and lensing-corrected, source plane"},
    {"log_sigma_star", "log(solMass kpc-2)", "log \u03a3_{*}", "M_{\u2299} kpc^{-2}",
     "log10 stellar-mass surface density: the SED mass spread like the continuum"},
};

static void line_map(ifs_mapdef *d, const ifs_fitline_info *l, int line, ifs_map_quantity q, int smoothed)
{
    static const char *const prefix[] = {"flux", "err", "snr"};
    static const char *const what[] = {"flux", "flux error", "S/N"};
    const char *sm = smoothed ? "_smoothed" : "", *of = smoothed ? " (3x3 median-smoothed cube)" : "";
    *d = (ifs_mapdef){.quantity = q, .line = line, .smoothed = smoothed,
                      .bunit = q == IFS_MAP_SNR ? "" : FLUX_BUNIT, .unit = q == IFS_MAP_SNR ? NULL : FLUX_MARKUP};
    snprintf(d->name, sizeof d->name, "%s_%s%s", prefix[q], l->line, sm);
    snprintf(d->label, sizeof d->label, "%s %s", l->label, what[q]);
    snprintf(d->description, sizeof d->description, "%s %s per spaxel%s%s", l->line, what[q], of,
             q == IFS_MAP_SNR ? "" : ", observed, 1e-20 erg/s/cm2");
}

int ifs_fitmaps_list(const ifs_fitinfo *info, ifs_mapdef **out, size_t *n, ifs_error *err)
{
    *out = NULL;
    *n = 0;
    if (!info->cube)
        return IFS_OK;
    size_t nderived = sizeof derived / sizeof derived[0];
    size_t m = 6 * info->nlines + 4 + (info->derive_id ? 2 * nderived : 0);
    ifs_mapdef *d = calloc(m, sizeof *d);
    if (!d)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (int smoothed = 0; smoothed < 2; smoothed++)
        for (size_t l = 0; l < info->nlines; l++)
            for (ifs_map_quantity q = IFS_MAP_FLUX; q <= IFS_MAP_SNR; q++)
                line_map(&d[k++], &info->lines[l], (int)l, q, smoothed);
    d[k++] = (ifs_mapdef){"continuum", IFS_MAP_CONTINUUM, -1, 0, FLAMBDA_BUNIT, "continuum f_{\u03bb}", FLAMBDA_MARKUP,
                          "stellar continuum: mean f_lambda over rest 4393-4810 A outside line masks"};
    d[k++] = (ifs_mapdef){"continuum_err", IFS_MAP_CONTINUUM_ERR, -1, 0, FLAMBDA_BUNIT, "continuum error",
                          FLAMBDA_MARKUP, "1-sigma error of the continuum (pipeline errors)"};
    d[k++] = (ifs_mapdef){"extent", IFS_MAP_EXTENT, -1, 0, FLUX_BUNIT, "H\u03b2 + [OIII] flux", FLUX_MARKUP,
                          "continuum-subtracted flux of the extent lines within +-1 FWHM"};
    d[k++] = (ifs_mapdef){"extent_err", IFS_MAP_EXTENT_ERR, -1, 0, FLUX_BUNIT, "H\u03b2 + [OIII] flux error",
                          FLUX_MARKUP, "1-sigma error of the extent flux (rescaled errors)"};
    for (int smoothed = 0; info->derive_id && smoothed < 2; smoothed++)
        for (size_t q = 0; q < nderived; q++, k++) {
            d[k] = (ifs_mapdef){.quantity = IFS_MAP_OH + (int)q, .line = -1, .smoothed = smoothed,
                                .bunit = derived[q].bunit, .unit = derived[q].unit};
            snprintf(d[k].name, sizeof d[k].name, "%s%s", derived[q].name, smoothed ? "_smoothed" : "");
            snprintf(d[k].label, sizeof d[k].label, "%s", derived[q].label);
            snprintf(d[k].description, sizeof d[k].description, "%s%s (calibration %s)", derived[q].description,
                     smoothed ? ", 3x3 median-smoothed cube" : ", per spaxel", info->calibration);
        }
    *out = d;
    *n = k;
    return IFS_OK;
}

const ifs_mapdef *ifs_fitmaps_find(const ifs_mapdef *defs, size_t n, const char *name, ifs_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(defs[i].name, name))
            return &defs[i];
    char known[2048] = "";
    for (size_t i = 0; i < n && strlen(known) + 70 < sizeof known; i++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "", defs[i].name);
    ifs_error_set(err, IFS_ERR_INPUT, n ? "unknown map '%s' (known: %s)" : "unknown map '%s': the fit has no maps (a 1D spectrum)",
                  name, known);
    return NULL;
}

/* Two single-table reads joined here by region_id (the fit's regions are numbered 0..n-1): a
 * freshly fitted catalog has no statistics yet, and the planner then joins the two partitioned
 * tables by a nested loop of tens of millions of comparisons. */
static const char sql_regions[] =
    "SELECT region_id, x, y FROM ifscat.region WHERE target_id = $1 AND fit_id = $2 AND kind::text = $3";
static const char sql_line_values[] =
    "SELECT region_id, flux, err, snr FROM ifscat.line_fit WHERE target_id = $1 AND fit_id = $2 AND line = $3";
static const char sql_derived_values[] =
    "SELECT region_id, oh, oh - oh_p16, oh_p84 - oh, r3, r3_err, ne3o2, ne3o2_err, log_sigma_sfr, log_sigma_star"
    "  FROM ifscat.derived_region WHERE target_id = $1 AND fit_id = $2 AND derive_id = $3::bigint";
static const char sql_fit_map[] =
    "SELECT x, y, continuum, continuum_err, extent_flux, extent_err FROM ifscat.fit_map"
    " WHERE target_id = $1 AND fit_id = $2";

/* values[y * nx + x] = the value in column col of row i of r at (x, y); IFS_ERR_DB outside the cube. */
static int put(const ifs_fitinfo *info, const ifs_mapdef *def, const PGresult *r, int i, int x, int y, int col,
               double *values, ifs_error *err)
{
    if (x < 0 || y < 0 || x >= info->nx || y >= info->ny)
        return ifs_error_set(err, IFS_ERR_DB, "fit %lld: map %s has spaxel (%d, %d) outside %dx%d", info->fit_id,
                             def->name, x, y, info->nx, info->ny);
    if (!PQgetisnull(r, i, col))
        values[(size_t)y * (size_t)info->nx + (size_t)x] = strtod(PQgetvalue(r, i, col), NULL);
    return IFS_OK;
}

/* A map of the spaxel or smoothed regions from a query of (region_id, values...): column col. */
static int read_region_map(PGconn *conn, const ifs_fitinfo *info, const ifs_mapdef *def, const char *sql,
                           const char *param3, int col, double *values, ifs_error *err)
{
    char tid[32], fid[32];
    snprintf(tid, sizeof tid, "%lld", info->target_id);
    snprintf(fid, sizeof fid, "%lld", info->fit_id);
    const char *pr[3] = {tid, fid, def->smoothed ? "smoothed" : "spaxel"}, *pv[3] = {tid, fid, param3};
    PGresult *regions = ifs_db_query(conn, sql_regions, 3, pr, err);
    PGresult *rows = regions ? ifs_db_query(conn, sql, 3, pv, err) : NULL;
    int status = rows ? IFS_OK : err->code;
    long nregions = 0;
    for (int i = 0; !status && i < PQntuples(regions); i++)
        if (atol(PQgetvalue(regions, i, 0)) >= nregions)
            nregions = atol(PQgetvalue(regions, i, 0)) + 1;
    for (int i = 0; !status && i < PQntuples(rows); i++)
        if (atol(PQgetvalue(rows, i, 0)) >= nregions)
            nregions = atol(PQgetvalue(rows, i, 0)) + 1;
    int *xy = status ? NULL : malloc(2 * (size_t)(nregions ? nregions : 1) * sizeof *xy); /* -1: another kind */
    if (!status && !xy)
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (long k = 0; !status && k < 2 * nregions; k++)
        xy[k] = -1;
    for (int i = 0; !status && i < PQntuples(regions); i++) {
        long id = atol(PQgetvalue(regions, i, 0));
        xy[2 * id] = atoi(PQgetvalue(regions, i, 1));
        xy[2 * id + 1] = atoi(PQgetvalue(regions, i, 2));
    }
    for (int i = 0; !status && i < PQntuples(rows); i++) {
        long id = atol(PQgetvalue(rows, i, 0));
        if (xy[2 * id] >= 0)
            status = put(info, def, rows, i, xy[2 * id], xy[2 * id + 1], col, values, err);
    }
    free(xy);
    PQclear(regions);
    PQclear(rows);
    return status;
}

int ifs_fitmap_read(PGconn *conn, const ifs_fitinfo *info, const ifs_mapdef *def, double *values, ifs_error *err)
{
    size_t npix = (size_t)info->nx * (size_t)info->ny;
    for (size_t i = 0; i < npix; i++)
        values[i] = NAN;
    /* Columns after region_id: line maps flux, err, snr; derived maps in enum order. */
    if (def->line >= 0)
        return read_region_map(conn, info, def, sql_line_values, info->lines[def->line].line,
                               1 + (int)def->quantity, values, err);
    if (def->quantity >= IFS_MAP_OH) {
        char did[32];
        snprintf(did, sizeof did, "%lld", info->derive_id);
        return read_region_map(conn, info, def, sql_derived_values, did, 1 + (int)(def->quantity - IFS_MAP_OH),
                               values, err);
    }
    char tid[32], fid[32];
    snprintf(tid, sizeof tid, "%lld", info->target_id);
    snprintf(fid, sizeof fid, "%lld", info->fit_id);
    const char *p[2] = {tid, fid};
    PGresult *r = ifs_db_query(conn, sql_fit_map, 2, p, err);
    if (!r)
        return err->code;
    /* Column of the value: continuum, its error, extent, its error. */
    int col = 2 + (int)def->quantity - IFS_MAP_CONTINUUM, status = IFS_OK;
    for (int i = 0; !status && i < PQntuples(r); i++)
        status = put(info, def, r, i, atoi(PQgetvalue(r, i, 0)), atoi(PQgetvalue(r, i, 1)), col, values, err);
    PQclear(r);
    return status;
}
