/* fitread.c: a target's current fit and its summed spectra read back from the catalog. */
#include "ifscat/fitread.h"

#include "ifscat/db.h"
#include "ifscat/observation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double real_or_nan(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NAN : strtod(PQgetvalue(res, row, col), NULL);
}

void ifs_fitinfo_free(ifs_fitinfo *info)
{
    if (!info)
        return;
    free(info->wcs_header);
    free(info->wave_um);
    free(info->lines);
    free(info);
}

/* The observation to read: the given one (it must be the target's) or the current one. */
static int pick_observation(PGconn *conn, const char *target, long long observation_id, long long *id,
                            ifs_error *err)
{
    const char *p[1] = {target};
    PGresult *r = ifs_db_query(conn, "SELECT 1 FROM ifscat.target WHERE name = $1", 1, p, err);
    if (!r)
        return err->code;
    int known = PQntuples(r) == 1;
    PQclear(r);
    if (!known)
        return ifs_error_set(err, IFS_ERR_INPUT, "unknown target '%s' (see 'ifscat target list')", target);
    if (observation_id <= 0)
        return ifs_observation_current(conn, target, NULL, id, err);
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", observation_id);
    const char *q[2] = {target, idtext};
    r = ifs_db_query(conn,
                     "SELECT 1 FROM ifscat.observation o JOIN ifscat.target t USING (target_id)"
                     " WHERE t.name = $1 AND o.observation_id = $2::bigint",
                     2, q, err);
    if (!r)
        return err->code;
    known = PQntuples(r) == 1;
    PQclear(r);
    if (!known)
        return ifs_error_set(err, IFS_ERR_INPUT, "target '%s' has no observation %lld (see 'ifscat observation list %s')",
                             target, observation_id, target);
    *id = observation_id;
    return IFS_OK;
}

static const char sql_info[] =
    "SELECT f.fit_id, f.target_id, t.name, o.grating, f.software_version, o.kind = 'cube', o.nx, o.ny,"
    "       coalesce(f.centre_x, 0), coalesce(f.centre_y, 0), o.pixscale_arcsec, t.z, t.scale_kpc_arcsec,"
    "       o.wcs_header, o.nwave, o.wave_um, coalesce(d.derive_id, 0), coalesce(d.calibration_name, '')"
    "  FROM ifscat.fit_run f JOIN ifscat.observation o USING (observation_id)"
    "  JOIN ifscat.target t ON t.target_id = f.target_id"
    "  LEFT JOIN ifscat.derive_run d ON d.fit_id = f.fit_id"
    " WHERE f.observation_id = $1";

static int read_lines(PGconn *conn, ifs_fitinfo *info, ifs_error *err)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", info->fit_id);
    const char *p[1] = {id};
    PGresult *r = ifs_db_query(conn, "SELECT line, label, rest_aa FROM ifscat.fit_line WHERE fit_id = $1"
                                     " ORDER BY rest_aa, line", 1, p, err);
    if (!r)
        return err->code;
    info->nlines = (size_t)PQntuples(r);
    info->lines = calloc(info->nlines ? info->nlines : 1, sizeof *info->lines);
    int status = info->lines ? IFS_OK : ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !status && i < info->nlines; i++) {
        snprintf(info->lines[i].line, sizeof info->lines[i].line, "%s", PQgetvalue(r, (int)i, 0));
        snprintf(info->lines[i].label, sizeof info->lines[i].label, "%s", PQgetvalue(r, (int)i, 1));
        info->lines[i].rest_aa = strtod(PQgetvalue(r, (int)i, 2), NULL);
    }
    PQclear(r);
    return status;
}

int ifs_fitinfo_read(PGconn *conn, const char *target, long long observation_id, ifs_fitinfo **out, ifs_error *err)
{
    *out = NULL;
    long long id;
    int status = pick_observation(conn, target, observation_id, &id, err);
    if (status)
        return status;
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", id);
    const char *p[1] = {idtext};
    PGresult *r = ifs_db_query(conn, sql_info, 1, p, err);
    if (!r)
        return err->code;
    if (PQntuples(r) != 1) {
        PQclear(r);
        return ifs_error_set(err, IFS_ERR_INPUT, "observation %lld of %s has no line fit yet (run 'ifscat fit %s')", id,
                             target, target);
    }
    ifs_fitinfo *info = calloc(1, sizeof *info);
    if (!info) {
        PQclear(r);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    info->observation_id = id;
    info->fit_id = atoll(PQgetvalue(r, 0, 0));
    info->target_id = atoll(PQgetvalue(r, 0, 1));
    snprintf(info->target, sizeof info->target, "%s", PQgetvalue(r, 0, 2));
    snprintf(info->grating, sizeof info->grating, "%s", PQgetvalue(r, 0, 3));
    snprintf(info->fit_version, sizeof info->fit_version, "%s", PQgetvalue(r, 0, 4));
    info->cube = PQgetvalue(r, 0, 5)[0] == 't';
    info->nx = atoi(PQgetvalue(r, 0, 6));
    info->ny = atoi(PQgetvalue(r, 0, 7));
    info->centre_x = atoi(PQgetvalue(r, 0, 8));
    info->centre_y = atoi(PQgetvalue(r, 0, 9));
    info->pixscale_arcsec = real_or_nan(r, 0, 10);
    info->z = real_or_nan(r, 0, 11);
    info->scale_kpc_arcsec = real_or_nan(r, 0, 12);
    info->nwave = (size_t)atol(PQgetvalue(r, 0, 14));
    info->derive_id = atoll(PQgetvalue(r, 0, 16));
    snprintf(info->calibration, sizeof info->calibration, "%s", PQgetvalue(r, 0, 17));
    if (!PQgetisnull(r, 0, 13) && !(info->wcs_header = strdup(PQgetvalue(r, 0, 13))))
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (!status && !(info->wave_um = malloc(info->nwave * sizeof *info->wave_um)))
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (!status && ifs_db_parse_doubles(PQgetvalue(r, 0, 15), info->nwave, info->wave_um))
        status = ifs_error_set(err, IFS_ERR_DB, "observation %lld: wave_um does not hold nwave values", id);
    PQclear(r);
    if (!status)
        status = read_lines(conn, info, err);
    if (status) {
        ifs_fitinfo_free(info);
        return status;
    }
    *out = info;
    return IFS_OK;
}

void ifs_fitspec_free(ifs_fitspec *spec, size_t n)
{
    for (size_t i = 0; spec && i < n; i++) {
        free(spec[i].flux);
        free(spec[i].mask);
        free(spec[i].line_flux);
    }
    free(spec);
}

static const char sql_spectra[] =
    "SELECT r.region_id, r.kind, coalesce(r.number, 0), r.r_in, r.r_out, r.r_in_arcsec, r.r_out_arcsec,"
    "       r.r_in_kpc, r.r_out_kpc, r.r_mean_kpc, r.n_used, r.error_scale,"
    "       s.flux, s.err, s.continuum, s.model, s.mask"
    "  FROM ifscat.region r JOIN ifscat.region_spectrum s USING (target_id, fit_id, region_id)"
    " WHERE r.target_id = $1 AND r.fit_id = $2 AND r.kind::text = ANY ($3::text[])"
    " ORDER BY array_position(ARRAY['aperture', 'annulus', 'spectrum'], r.kind::text), r.number";

/* The lines and the groups' redshifts of the regions read, joined here: see fitmaps.c for why
 * the partitioned tables are not joined in SQL. */
static const char sql_region_lines[] =
    "SELECT region_id, line, group_id, flux, err, snr FROM ifscat.line_fit"
    " WHERE target_id = $1 AND fit_id = $2 AND region_id = ANY ($3::integer[])";
static const char sql_region_groups[] =
    "SELECT region_id, group_id, z FROM ifscat.group_fit"
    " WHERE target_id = $1 AND fit_id = $2 AND region_id = ANY ($3::integer[])";

/* One region's arrays from row i of the spectra query. */
static int fill_spectrum(const PGresult *r, int i, const ifs_fitinfo *info, ifs_fitspec *s, ifs_error *err)
{
    size_t n = info->nwave, nl = info->nlines ? info->nlines : 1;
    snprintf(s->kind, sizeof s->kind, "%s", PQgetvalue(r, i, 1));
    s->number = atoi(PQgetvalue(r, i, 2));
    s->r_in = real_or_nan(r, i, 3);
    s->r_out = real_or_nan(r, i, 4);
    s->r_in_arcsec = real_or_nan(r, i, 5);
    s->r_out_arcsec = real_or_nan(r, i, 6);
    s->r_in_kpc = real_or_nan(r, i, 7);
    s->r_out_kpc = real_or_nan(r, i, 8);
    s->r_mean_kpc = real_or_nan(r, i, 9);
    s->n_used = atoi(PQgetvalue(r, i, 10));
    s->error_scale = real_or_nan(r, i, 11);
    s->flux = malloc(4 * (n ? n : 1) * sizeof *s->flux);
    s->mask = malloc(n ? n : 1);
    s->line_flux = malloc(4 * nl * sizeof *s->line_flux);
    if (!s->flux || !s->mask || !s->line_flux)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    s->err = s->flux + n;
    s->continuum = s->flux + 2 * n;
    s->model = s->flux + 3 * n;
    s->line_err = s->line_flux + nl;
    s->line_snr = s->line_flux + 2 * nl;
    s->line_z = s->line_flux + 3 * nl;
    for (size_t k = 0; k < 4 * nl; k++)
        s->line_flux[k] = NAN;
    double *arrays[4] = {s->flux, s->err, s->continuum, s->model};
    for (int a = 0; a < 4; a++)
        if (ifs_db_parse_doubles(PQgetvalue(r, i, 12 + a), n, arrays[a]))
            return ifs_error_set(err, IFS_ERR_DB, "fit %lld: a region spectrum does not hold %zu channels",
                                 info->fit_id, n);
    if (ifs_db_parse_bits(PQgetvalue(r, i, 16), n, s->mask))
        return ifs_error_set(err, IFS_ERR_DB, "fit %lld: a region mask does not hold %zu channels", info->fit_id, n);
    return IFS_OK;
}

int ifs_fitspec_read(PGconn *conn, const ifs_fitinfo *info, unsigned kinds, ifs_fitspec **out, size_t *n,
                     ifs_error *err)
{
    *out = NULL;
    *n = 0;
    char tid[32], fid[32], kindlist[64] = "{";
    snprintf(tid, sizeof tid, "%lld", info->target_id);
    snprintf(fid, sizeof fid, "%lld", info->fit_id);
    static const char *const names[3] = {"aperture", "annulus", "spectrum"};
    for (int k = 0; k < 3; k++)
        if (kinds & (1u << k))
            snprintf(kindlist + strlen(kindlist), sizeof kindlist - strlen(kindlist), "%s%s",
                     strlen(kindlist) > 1 ? "," : "", names[k]);
    strcat(kindlist, "}");
    const char *p[3] = {tid, fid, kindlist};
    PGresult *r = ifs_db_query(conn, sql_spectra, 3, p, err);
    if (!r)
        return err->code;
    size_t m = (size_t)PQntuples(r);
    char *ids = malloc(12 * (m ? m : 1) + 3); /* "{1,2,...}" */
    if (!ids) {
        PQclear(r);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    strcpy(ids, "{");
    for (size_t i = 0; i < m; i++)
        sprintf(ids + strlen(ids), "%s%s", i ? "," : "", PQgetvalue(r, (int)i, 0));
    strcat(ids, "}");
    const char *q[3] = {tid, fid, ids};
    PGresult *lines = ifs_db_query(conn, sql_region_lines, 3, q, err);
    PGresult *groups = lines ? ifs_db_query(conn, sql_region_groups, 3, q, err) : NULL;
    free(ids);
    ifs_fitspec *spec = groups ? calloc(m ? m : 1, sizeof *spec) : NULL;
    int status = !groups ? err->code : spec ? IFS_OK : ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !status && i < m; i++)
        status = fill_spectrum(r, (int)i, info, &spec[i], err);
    for (int j = 0; !status && j < PQntuples(lines); j++) {
        const char *region = PQgetvalue(lines, j, 0), *group = PQgetvalue(lines, j, 2);
        size_t i = 0, k = 0;
        while (i < m && strcmp(PQgetvalue(r, (int)i, 0), region))
            i++;
        while (k < info->nlines && strcmp(info->lines[k].line, PQgetvalue(lines, j, 1)))
            k++;
        if (i == m || k == info->nlines)
            continue;
        spec[i].line_flux[k] = real_or_nan(lines, j, 3);
        spec[i].line_err[k] = real_or_nan(lines, j, 4);
        spec[i].line_snr[k] = real_or_nan(lines, j, 5);
        for (int g = 0; g < PQntuples(groups); g++)
            if (!strcmp(PQgetvalue(groups, g, 0), region) && !strcmp(PQgetvalue(groups, g, 1), group))
                spec[i].line_z[k] = real_or_nan(groups, g, 2);
    }
    PQclear(groups);
    PQclear(r);
    PQclear(lines);
    if (status) {
        ifs_fitspec_free(spec, m);
        return status;
    }
    *out = spec;
    *n = m;
    return IFS_OK;
}
