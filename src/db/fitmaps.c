/* fitmaps.c: the maps of a fitted cube: line fluxes, errors and S/N per spaxel (raw and smoothed)
 * from line_fit, the stellar-continuum and extent maps from fit_map. */
#include "ifscat/fitread.h"

#include "ifscat/db.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Units: line fluxes 1e-20 erg/s/cm2, flux densities 1e-20 erg/s/cm2/Angstrom (docs/fitting.md). */
#define FLUX_BUNIT IFS_FITS_UNIT_FLUX
#define FLUX_MARKUP "10^{-20} erg s^{-1} cm^{-2}"
#define FLAMBDA_BUNIT IFS_FITS_UNIT_FLAMBDA
#define FLAMBDA_MARKUP "10^{-20} erg s^{-1} cm^{-2} \u00c5^{-1}"

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
    size_t m = 6 * info->nlines + 4;
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

static int read_line_map(PGconn *conn, const ifs_fitinfo *info, const ifs_mapdef *def, double *values, ifs_error *err)
{
    char tid[32], fid[32];
    snprintf(tid, sizeof tid, "%lld", info->target_id);
    snprintf(fid, sizeof fid, "%lld", info->fit_id);
    const char *pr[3] = {tid, fid, def->smoothed ? "smoothed" : "spaxel"}, *pl[3] = {tid, fid, info->lines[def->line].line};
    PGresult *regions = ifs_db_query(conn, sql_regions, 3, pr, err);
    PGresult *lines = regions ? ifs_db_query(conn, sql_line_values, 3, pl, err) : NULL;
    int status = lines ? IFS_OK : err->code;
    long nregions = 0;
    for (int i = 0; !status && i < PQntuples(regions); i++)
        if (atol(PQgetvalue(regions, i, 0)) >= nregions)
            nregions = atol(PQgetvalue(regions, i, 0)) + 1;
    for (int i = 0; !status && i < PQntuples(lines); i++)
        if (atol(PQgetvalue(lines, i, 0)) >= nregions)
            nregions = atol(PQgetvalue(lines, i, 0)) + 1;
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
    /* Column of the value in the line query: flux, err, snr. */
    int col = 1 + (int)def->quantity;
    for (int i = 0; !status && i < PQntuples(lines); i++) {
        long id = atol(PQgetvalue(lines, i, 0));
        if (xy[2 * id] >= 0)
            status = put(info, def, lines, i, xy[2 * id], xy[2 * id + 1], col, values, err);
    }
    free(xy);
    PQclear(regions);
    PQclear(lines);
    return status;
}

int ifs_fitmap_read(PGconn *conn, const ifs_fitinfo *info, const ifs_mapdef *def, double *values, ifs_error *err)
{
    size_t npix = (size_t)info->nx * (size_t)info->ny;
    for (size_t i = 0; i < npix; i++)
        values[i] = NAN;
    if (def->line >= 0)
        return read_line_map(conn, info, def, values, err);
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
