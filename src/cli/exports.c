/* exports.c: maps as FITS images with the cube's WCS, summed spectra as FITS tables. */
#include "exports.h"

#include "ifscat/table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int export_provenance(ifs_fitsout *fo, const ifs_fitinfo *info, ifs_error *err)
{
    int status = ifs_fitsout_key_text(fo, "TARGET", info->target, "target name in the catalog", err);
    if (!status)
        status = ifs_fitsout_key_int(fo, "OBS_ID", info->observation_id, "observation_id in the catalog", err);
    if (!status)
        status = ifs_fitsout_key_int(fo, "FIT_ID", info->fit_id, "fit_id of the line fit (ifscat fit)", err);
    if (!status)
        status = ifs_fitsout_key_text(fo, "GRATING", info->grating, "disperser of the observation", err);
    if (!status)
        status = ifs_fitsout_key_text(fo, "FITVERS", info->fit_version, "ifscat version that made the fit", err);
    if (!status)
        status = ifs_fitsout_key_real(fo, "REDSHIFT", info->z, "catalogue redshift of the target", err);
    if (!status)
        status = ifs_fitsout_key_real(fo, "KPCARCS", info->scale_kpc_arcsec, "[kpc/arcsec] lensing-corrected scale", err);
    if (!status && info->derive_id)
        status = ifs_fitsout_key_int(fo, "DERIV_ID", info->derive_id, "derive_id of the derived quantities", err);
    if (!status && info->derive_id)
        status = ifs_fitsout_key_text(fo, "CALIB", info->calibration, "metallicity calibration of the derive", err);
    return status;
}

int export_maps(PGconn *conn, const ifs_fitinfo *info, ifs_fitsout *fo, size_t *nmaps, ifs_error *err)
{
    *nmaps = 0;
    if (!info->cube)
        return ifs_error_set(err, IFS_ERR_INPUT, "nothing to export: observation %lld of %s is a 1D spectrum, which "
                                                 "has no maps", info->observation_id, info->target);
    ifs_mapdef *defs;
    size_t ndefs;
    int status = ifs_fitmaps_list(info, &defs, &ndefs, err);
    if (status)
        return status;
    size_t npix = (size_t)info->nx * (size_t)info->ny;
    double *v = malloc((npix ? npix : 1) * sizeof *v);
    if (!v)
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (size_t m = 0; !status && m < ndefs; m++) {
        const ifs_mapdef *d = &defs[m];
        status = ifs_fitmap_read(conn, info, d, v, err);
        if (!status)
            status = ifs_fitsout_image(fo, d->name, (size_t)info->nx, (size_t)info->ny, v, d->bunit, err);
        if (!status && info->wcs_header)
            status = ifs_fitsout_cards(fo, info->wcs_header, err);
        if (!status)
            status = ifs_fitsout_key_text(fo, "DESCRIP", d->description, "what the map holds", err);
        if (!status && d->line >= 0)
            status = ifs_fitsout_key_text(fo, "LINE", info->lines[d->line].line, "the line (fit_line.line)", err);
        if (!status && d->line >= 0)
            status = ifs_fitsout_key_text(fo, "REGIONS", d->smoothed ? "smoothed" : "spaxel",
                                          "region kind: one spaxel, or the 3x3 median-smoothed cube", err);
        if (!status)
            status = export_provenance(fo, info, err);
        *nmaps += !status;
    }
    free(v);
    free(defs);
    return status;
}

enum { S_WAVE, S_FLUX, S_ERR, S_ERR_FIT, S_CONT, S_MODEL, S_MASK, S_COUNT };

static const ifs_column spectrum_cols[S_COUNT] = {
    {"wave_um", IFS_COL_REAL, "um", 5, "vacuum wavelength of the channel"},
    {"flux", IFS_COL_REAL, IFS_FITS_UNIT_FLAMBDA, 5, "flux density summed over the region"},
    {"err", IFS_COL_REAL, IFS_FITS_UNIT_FLAMBDA, 5, "1-sigma error summed in quadrature (pipeline errors)"},
    {"err_fit", IFS_COL_REAL, IFS_FITS_UNIT_FLAMBDA, 5, "err x ERRSCALE: the 1-sigma errors the fit used"},
    {"continuum", IFS_COL_REAL, IFS_FITS_UNIT_FLAMBDA, 5, "fitted continuum; null beyond its windows"},
    {"model", IFS_COL_REAL, IFS_FITS_UNIT_FLAMBDA, 5, "continuum + fitted lines; null where the continuum is"},
    {"mask", IFS_COL_INT, "", 0, "1: the channel is unusable"},
};

static int region_keys(ifs_fitsout *fo, const ifs_fitspec *s, ifs_error *err)
{
    int status = ifs_fitsout_key_text(fo, "REGION", s->kind, "aperture, annulus or spectrum", err);
    if (!status && !strcmp(s->kind, "annulus"))
        status = ifs_fitsout_key_int(fo, "ANNULUS", s->number, "annulus number (1: the central circle)", err);
    struct {
        const char *key;
        double value;
        const char *comment;
    } reals[] = {
        {"R_IN", s->r_in, "[spaxel] inner radius (r_in < d <= r_out)"},
        {"R_OUT", s->r_out, "[spaxel] outer radius"},
        {"R_INAS", s->r_in_arcsec, "[arcsec] inner radius"},
        {"R_OUTAS", s->r_out_arcsec, "[arcsec] outer radius"},
        {"R_INKPC", s->r_in_kpc, "[kpc] inner radius, lensing-corrected"},
        {"R_OUTKPC", s->r_out_kpc, "[kpc] outer radius, lensing-corrected"},
        {"R_MEANKP", s->r_mean_kpc, "[kpc] mean radius of the spaxels"},
        {"ERRSCALE", s->error_scale, "factor on err of the errors the fit used"},
    };
    for (size_t k = 0; !status && k < sizeof reals / sizeof reals[0]; k++)
        status = ifs_fitsout_key_real(fo, reals[k].key, reals[k].value, reals[k].comment, err);
    if (!status)
        status = ifs_fitsout_key_int(fo, "N_USED", s->n_used, "spaxels summed", err);
    return status;
}

static int spectrum_table(const ifs_fitinfo *info, const ifs_fitspec *s, ifs_table **out, ifs_error *err)
{
    ifs_table *t = ifs_table_alloc("spectrum", S_COUNT, spectrum_cols);
    if (!t)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < info->nwave; k++) {
        if (ifs_table_append(t) < 0) {
            ifs_table_free(t);
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        }
        ifs_table_set_real(t, k, S_WAVE, info->wave_um[k]);
        ifs_table_set_real(t, k, S_FLUX, s->flux[k]);
        ifs_table_set_real(t, k, S_ERR, s->err[k]);
        ifs_table_set_real(t, k, S_ERR_FIT, s->err[k] * s->error_scale);
        ifs_table_set_real(t, k, S_CONT, s->continuum[k]);
        ifs_table_set_real(t, k, S_MODEL, s->model[k]);
        ifs_table_set_int(t, k, S_MASK, s->mask[k]);
    }
    *out = t;
    return IFS_OK;
}

enum { L_REGION, L_LINE, L_REST, L_FLUX, L_ERR, L_SNR, L_Z, L_COUNT };

static const ifs_column line_cols[L_COUNT] = {
    {"region", IFS_COL_TEXT, "", 0, "the region: the name of its table in this file"},
    {"line", IFS_COL_TEXT, "", 0, "the line list's name"},
    {"rest_aa", IFS_COL_REAL, "Angstrom", 2, "vacuum rest wavelength"},
    {"flux", IFS_COL_REAL, IFS_FITS_UNIT_FLUX, 4, "observed line flux; null when not measured"},
    {"err", IFS_COL_REAL, IFS_FITS_UNIT_FLUX, 4, "1-sigma error"},
    {"snr", IFS_COL_REAL, "", 2, "flux / err"},
    {"z", IFS_COL_REAL, "", 5, "fitted redshift of the line's group"},
};

static void region_name(const ifs_fitspec *s, char *buf, size_t size)
{
    if (!strcmp(s->kind, "annulus"))
        snprintf(buf, size, "annulus%d", s->number);
    else
        snprintf(buf, size, "%s", s->kind);
}

int export_spectra(PGconn *conn, const ifs_fitinfo *info, unsigned kinds, ifs_fitsout *fo, size_t *nregions,
                   ifs_error *err)
{
    *nregions = 0;
    ifs_fitspec *spec;
    size_t n;
    int status = ifs_fitspec_read(conn, info, kinds, &spec, &n, err);
    if (status)
        return status;
    if (!n)
        status = ifs_error_set(err, IFS_ERR_INPUT, "nothing to export: the fit of %s has none of the regions asked for",
                               info->target);
    ifs_table *lines = status ? NULL : ifs_table_alloc("lines", L_COUNT, line_cols);
    if (!status && !lines)
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !status && i < n; i++) {
        char name[32];
        region_name(&spec[i], name, sizeof name);
        ifs_table *t = NULL;
        status = spectrum_table(info, &spec[i], &t, err);
        if (!status) {
            status = ifs_fitsout_table(fo, t, name, err);
            ifs_table_free(t);
        }
        if (!status)
            status = region_keys(fo, &spec[i], err);
        if (!status)
            status = export_provenance(fo, info, err);
        for (size_t l = 0; !status && l < info->nlines; l++) {
            long r = ifs_table_append(lines);
            if (r < 0 || ifs_table_set_text(lines, (size_t)r, L_REGION, name) ||
                ifs_table_set_text(lines, (size_t)r, L_LINE, info->lines[l].line)) {
                status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
                break;
            }
            ifs_table_set_real(lines, (size_t)r, L_REST, info->lines[l].rest_aa);
            ifs_table_set_real(lines, (size_t)r, L_FLUX, spec[i].line_flux[l]);
            ifs_table_set_real(lines, (size_t)r, L_ERR, spec[i].line_err[l]);
            ifs_table_set_real(lines, (size_t)r, L_SNR, spec[i].line_snr[l]);
            ifs_table_set_real(lines, (size_t)r, L_Z, spec[i].line_z[l]);
        }
        *nregions += !status;
    }
    if (!status)
        status = ifs_fitsout_table(fo, lines, NULL, err);
    if (!status)
        status = export_provenance(fo, info, err);
    ifs_table_free(lines);
    ifs_fitspec_free(spec, n);
    return status;
}
