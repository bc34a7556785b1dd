/* deriving.c: an observation's derived quantities from its fit in the catalog into the catalog: the
 * target, observation, fit, SED mass and satellites looked up, the settings hashed (the
 * "unchanged" shortcut), the fit read, everything derived, and one transaction (advisory lock on
 * the fit, its previous derive deleted, binary COPY of the regions, the galaxy's values, the
 * satellites' separations, galaxy_property). */
#include "ifscat/deriving.h"

#include "ifscat/clock.h"
#include "ifscat/copy.h"
#include "ifscat/db.h"
#include "ifscat/derivesettings.h"
#include "ifscat/importers.h"
#include "ifscat/observation.h"
#include "ifscat/parallel.h"
#include "ifscat/regions.h"
#include "ifscat/version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* First key of the two-key advisory lock that serialises derives of one fit (the second is the fit
 * id); an arbitrary constant ("IDER"), distinct from the fit's and the ingest's. */
#define DERIVE_LOCK_CLASS "1229210962"

/* The source of every value ifscat derives in galaxy_property. */
#define PROPERTY_SOURCE "ifscat"


/* A satellite with its separation from the host (q3c_dist, arcsec). */
typedef struct satellite {
    ifs_derive_satellite s;
    long long host_id;
    double sep_arcsec, sep_kpc;
} satellite;

/* What the derive needs to know before reading the fit. */
typedef struct subject {
    char target_id[24], observation_id[24], fit_id[24];
    char fit_sha256[IFS_SHA256_HEX];
    double z, mu;
    size_t nx, ny;
    long long mass_property_id;
    double log_mstar;
    double host_ra, host_dec, host_scale;
    size_t nsat;
    satellite *sat;
} subject;

static double number_or_nan(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NAN : strtod(PQgetvalue(r, row, col), NULL);
}

static int find_target(PGconn *conn, const ifs_deriving_options *opt, subject *s, ifs_error *err)
{
    const char *pt[1] = {opt->target};
    PGresult *r = ifs_db_query(conn, "SELECT target_id, z, mu FROM ifscat.target WHERE name = $1", 1, pt, err);
    if (!r)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return ifs_error_set(err, IFS_ERR_INPUT, "unknown target '%s' (see ifscat target list)", opt->target);
    }
    snprintf(s->target_id, sizeof s->target_id, "%s", PQgetvalue(r, 0, 0));
    s->z = atof(PQgetvalue(r, 0, 1));
    s->mu = atof(PQgetvalue(r, 0, 2));
    PQclear(r);
    return IFS_OK;
}

/* The observation (given or the current one), which must be the target's and have a fit. */
static int find_fit(PGconn *conn, const ifs_deriving_options *opt, subject *s, ifs_error *err)
{
    long long id;
    if (ifs_observation_choose(conn, opt->target, opt->observation_id, &id, err))
        return err->code;
    snprintf(s->observation_id, sizeof s->observation_id, "%lld", id);
    const char *p[1] = {s->observation_id};
    PGresult *r = ifs_db_query(conn,
                               "SELECT o.nx, o.ny, f.fit_id, f.settings_sha256 FROM ifscat.observation o "
                               "LEFT JOIN ifscat.fit_run f ON f.observation_id = o.observation_id "
                               "WHERE o.observation_id = $1",
                               1, p, err);
    if (!r)
        return err->code;
    int status = IFS_OK;
    if (PQgetisnull(r, 0, 2))
        status = ifs_error_set(err, IFS_ERR_INPUT,
                               "observation %lld of %s has no fit (run ifscat fit %s, or ifscat process %s)", id,
                               opt->target, opt->target, opt->target);
    else {
        s->nx = (size_t)atol(PQgetvalue(r, 0, 0));
        s->ny = (size_t)atol(PQgetvalue(r, 0, 1));
        snprintf(s->fit_id, sizeof s->fit_id, "%s", PQgetvalue(r, 0, 2));
        snprintf(s->fit_sha256, sizeof s->fit_sha256, "%s", PQgetvalue(r, 0, 3));
    }
    PQclear(r);
    return status;
}

/* The SED mass: the imported (not derived) logm, the most recent. */
static int find_mass(PGconn *conn, subject *s, ifs_error *err)
{
    const char *p[1] = {s->target_id};
    PGresult *r = ifs_db_query(conn,
                               "SELECT property_id, value FROM ifscat.imported_property "
                               "WHERE target_id = $1 AND quantity = 'logm'",
                               1, p, err);
    if (!r)
        return err->code;
    s->mass_property_id = PQntuples(r) ? atoll(PQgetvalue(r, 0, 0)) : 0;
    s->log_mstar = PQntuples(r) ? atof(PQgetvalue(r, 0, 1)) : NAN;
    PQclear(r);
    return IFS_OK;
}

/* The satellites whose separation this derive computes: a galaxy's satellites, or a satellite
 * itself, when they and their host have positions.  Separations: q3c_dist x the host's scale. */
static int find_satellites(PGconn *conn, subject *s, ifs_error *err)
{
    const char *p[1] = {s->target_id};
    PGresult *r = ifs_db_query(
        conn,
        "SELECT h.ra_deg, h.dec_deg, h.scale_kpc_arcsec, s.target_id, s.name, s.ra_deg, s.dec_deg, h.target_id,"
        " q3c_dist(h.ra_deg, h.dec_deg, s.ra_deg, s.dec_deg) * 3600"
        " FROM ifscat.target t JOIN ifscat.target h ON h.target_id = CASE WHEN t.kind = 'satellite' THEN t.host_id"
        "  ELSE t.target_id END"
        " LEFT JOIN ifscat.target s ON s.host_id = h.target_id AND s.kind = 'satellite'"
        "  AND (t.kind = 'galaxy' OR s.target_id = t.target_id) AND s.ra_deg IS NOT NULL AND h.ra_deg IS NOT NULL"
        " WHERE t.target_id = $1 AND t.kind IN ('galaxy', 'satellite') ORDER BY s.target_id",
        1, p, err);
    if (!r)
        return err->code;
    s->host_ra = s->host_dec = s->host_scale = NAN;
    int n = PQntuples(r);
    if (n && !(s->sat = calloc((size_t)n, sizeof *s->sat))) {
        PQclear(r);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    for (int i = 0; i < n; i++) {
        s->host_ra = number_or_nan(r, i, 0);
        s->host_dec = number_or_nan(r, i, 1);
        s->host_scale = number_or_nan(r, i, 2);
        if (PQgetisnull(r, i, 3))
            continue;
        satellite *t = &s->sat[s->nsat++];
        t->s.target_id = atoll(PQgetvalue(r, i, 3));
        snprintf(t->s.name, sizeof t->s.name, "%s", PQgetvalue(r, i, 4));
        t->s.ra_deg = atof(PQgetvalue(r, i, 5));
        t->s.dec_deg = atof(PQgetvalue(r, i, 6));
        t->host_id = atoll(PQgetvalue(r, i, 7));
        t->sep_arcsec = atof(PQgetvalue(r, i, 8));
        t->sep_kpc = t->sep_arcsec * s->host_scale;
    }
    PQclear(r);
    return IFS_OK;
}

/* The fit's current derive: its id (0 if none) and whether its settings hash is sha256. */
static int find_derive(PGconn *conn, const subject *s, const char *sha256, long long *id, int *same, ifs_error *err)
{
    return ifs_db_stored_run(conn, "SELECT derive_id, settings_sha256 FROM ifscat.derive_run WHERE fit_id = $1",
                             s->fit_id, sha256, id, same, err);
}

/* The fit as read from the catalog: its lines, regions, fluxes and continuum map. */
typedef struct fitdata {
    ifs_linelist *lines;
    size_t nregions;
    int *region_id;
    ifs_derive_region *region;
    double *flux, *err, *continuum;
} fitdata;

static void fitdata_free(fitdata *d)
{
    ifs_linelist_free(d->lines);
    free(d->region_id);
    free(d->region);
    free(d->flux);
    free(d->err);
    free(d->continuum);
}

/* The line list as stored with the fit (fit_line): names, wavelengths, groups and ties, which is
 * all the derive reads of it. */
static int read_lines(PGconn *conn, const subject *s, fitdata *d, ifs_error *err)
{
    const char *p[1] = {s->fit_id};
    PGresult *r = ifs_db_query(conn,
                               "SELECT l.line, l.label, l.rest_aa, l.group_id, l.group_name, l.tied_to, l.flux_ratio, "
                               "l.case_b, f.lines_name, f.lines_sha256 FROM ifscat.fit_line l "
                               "JOIN ifscat.fit_run f USING (fit_id) WHERE l.fit_id = $1 ORDER BY l.rest_aa, l.line",
                               1, p, err);
    if (!r)
        return err->code;
    size_t n = (size_t)PQntuples(r);
    ifs_linelist *ll = calloc(1, sizeof *ll);
    if (!ll || !(ll->lines = calloc(n ? n : 1, sizeof *ll->lines)) || !(ll->groups = calloc(n ? n : 1, sizeof *ll->groups))) {
        ifs_linelist_free(ll);
        PQclear(r);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    if (n) {
        snprintf(ll->name, sizeof ll->name, "%s", PQgetvalue(r, 0, 8));
        snprintf(ll->sha256, sizeof ll->sha256, "%s", PQgetvalue(r, 0, 9));
    }
    ll->nlines = n;
    for (size_t i = 0; i < n; i++) {
        ifs_line *l = &ll->lines[i];
        snprintf(l->name, sizeof l->name, "%s", PQgetvalue(r, (int)i, 0));
        snprintf(l->label, sizeof l->label, "%s", PQgetvalue(r, (int)i, 1));
        l->rest_aa = atof(PQgetvalue(r, (int)i, 2));
        l->group = atoi(PQgetvalue(r, (int)i, 3));
        l->flux_ratio = number_or_nan(r, (int)i, 6);
        l->case_b = PQgetisnull(r, (int)i, 7) ? 0 : atof(PQgetvalue(r, (int)i, 7));
        if (ifs_linelist_group_index(ll, l->group) < 0) {
            ifs_line_group *g = &ll->groups[ll->ngroups++];
            g->id = l->group;
            snprintf(g->name, sizeof g->name, "%s", PQgetvalue(r, (int)i, 4));
        }
    }
    for (size_t i = 0; i < n; i++)
        ll->lines[i].tied_to = PQgetisnull(r, (int)i, 5) ? -1 : ifs_linelist_find(ll, PQgetvalue(r, (int)i, 5));
    PQclear(r);
    d->lines = ll;
    return IFS_OK;
}

static int read_regions(PGconn *conn, const subject *s, fitdata *d, double *spaxel_area, ifs_error *err)
{
    const char *p[2] = {s->target_id, s->fit_id};
    PGresult *r = ifs_db_query(conn,
                               "SELECT region_id, kind, coalesce(number, 0), x, y, r_out, r_mean_kpc, area_kpc2, n_used "
                               "FROM ifscat.region WHERE target_id = $1 AND fit_id = $2 ORDER BY region_id",
                               2, p, err);
    if (!r)
        return err->code;
    size_t n = (size_t)PQntuples(r), nl = d->lines->nlines;
    d->nregions = n;
    d->region_id = malloc((n ? n : 1) * sizeof *d->region_id);
    d->region = malloc((n ? n : 1) * sizeof *d->region);
    size_t nv = n * nl > 0 ? n * nl : 1;
    d->flux = malloc(nv * sizeof *d->flux);
    d->err = malloc(nv * sizeof *d->err);
    if (!d->region_id || !d->region || !d->flux || !d->err) {
        PQclear(r);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    *spaxel_area = NAN;
    for (size_t i = 0; i < n; i++) {
        int row = (int)i;
        d->region_id[i] = atoi(PQgetvalue(r, row, 0));
        const char *kind = PQgetvalue(r, row, 1);
        int k = IFS_REGION_SPAXEL;
        while (k < IFS_REGION_NKINDS && strcmp(ifs_region_kind_name(k), kind) != 0)
            k++;
        d->region[i] = (ifs_derive_region){.kind = k, .number = atoi(PQgetvalue(r, row, 2)),
                                           .x = atoi(PQgetvalue(r, row, 3)), .y = atoi(PQgetvalue(r, row, 4)),
                                           .r_out = number_or_nan(r, row, 5), .r_mean_kpc = number_or_nan(r, row, 6),
                                           .area_kpc2 = number_or_nan(r, row, 7)};
        long used = atol(PQgetvalue(r, row, 8));
        if (isnan(*spaxel_area) && used > 0 && isfinite(d->region[i].area_kpc2))
            *spaxel_area = d->region[i].area_kpc2 / (double)used;
    }
    PQclear(r);
    for (size_t i = 0; i < n * nl; i++)
        d->flux[i] = d->err[i] = NAN;
    return IFS_OK;
}

/* Measured fluxes (status ok or low S/N) by region and line. */
static int read_fluxes(PGconn *conn, const subject *s, fitdata *d, ifs_error *err)
{
    const char *p[2] = {s->target_id, s->fit_id};
    PGresult *r = ifs_db_query(conn,
                               "SELECT region_id, line, flux, err FROM ifscat.line_fit WHERE target_id = $1 AND "
                               "fit_id = $2 AND status IN ('ok', 'low S/N') AND flux IS NOT NULL AND err > 0",
                               2, p, err);
    if (!r)
        return err->code;
    size_t nl = d->lines->nlines;
    for (int i = 0; i < PQntuples(r); i++) {
        long id = atol(PQgetvalue(r, i, 0));
        int l = ifs_linelist_find(d->lines, PQgetvalue(r, i, 1));
        /* region_id is the position in the fit's regions (sql/0003_linefit.sql), hence the index. */
        if (l < 0 || id < 0 || (size_t)id >= d->nregions || d->region_id[id] != id)
            continue;
        d->flux[(size_t)id * nl + (size_t)l] = atof(PQgetvalue(r, i, 2));
        d->err[(size_t)id * nl + (size_t)l] = atof(PQgetvalue(r, i, 3));
    }
    PQclear(r);
    return IFS_OK;
}

static int read_continuum(PGconn *conn, const subject *s, fitdata *d, ifs_error *err)
{
    const char *p[2] = {s->target_id, s->fit_id};
    PGresult *r = ifs_db_query(conn, "SELECT x, y, continuum FROM ifscat.fit_map WHERE target_id = $1 AND fit_id = $2",
                               2, p, err);
    if (!r)
        return err->code;
    if (PQntuples(r) > 0) {
        size_t ns = s->nx * s->ny;
        if (!(d->continuum = malloc(ns * sizeof *d->continuum))) {
            PQclear(r);
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        }
        for (size_t i = 0; i < ns; i++)
            d->continuum[i] = NAN;
        for (int i = 0; i < PQntuples(r); i++) {
            size_t x = (size_t)atol(PQgetvalue(r, i, 0)), y = (size_t)atol(PQgetvalue(r, i, 1));
            if (x < s->nx && y < s->ny)
                d->continuum[y * s->nx + x] = number_or_nan(r, i, 2);
        }
    }
    PQclear(r);
    return IFS_OK;
}

/* "R3+Ne3O2": the calibration diagnostics whose bits are set in used. */
static void diagnostics(const ifs_calibration *cal, unsigned used, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int d = 0; d < cal->ndiag; d++)
        if (used & (1u << d))
            snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? "+" : "", cal->diag[d].name);
}

/* Everything the writers share. */
typedef struct store {
    PGconn *conn;
    const subject *s;
    const ifs_calibration *cal;
    const ifs_deriving_options *opt;
    const fitdata *d;
    const ifs_derive_output *o;
    long long tid, fit_id, derive_id;
} store;

static int insert_run(store *st, const char *json, const char *sha256, double seconds, ifs_error *err)
{
    char seed[32], mass[24], logm[32], threads[16], sec[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)st->opt->seed);
    snprintf(mass, sizeof mass, "%lld", st->s->mass_property_id);
    snprintf(logm, sizeof logm, "%.17g", st->s->log_mstar);
    snprintf(threads, sizeof threads, "%d", ifs_parallel_threads(st->opt->nthreads));
    snprintf(sec, sizeof sec, "%.6f", seconds);
    int has_mass = st->s->mass_property_id > 0;
    const char *p[14] = {st->s->fit_id, st->s->target_id, st->s->observation_id, json, sha256, st->cal->name,
                         st->cal->path, st->cal->sha256, seed, has_mass ? mass : NULL, has_mass ? logm : NULL, threads,
                         sec, IFS_VERSION};
    PGresult *r = ifs_db_query(st->conn,
                               "INSERT INTO ifscat.derive_run (fit_id, target_id, observation_id, settings, "
                               "settings_sha256, calibration_name, calibration_path, calibration_sha256, seed, "
                               "mass_property_id, log_mstar, threads, seconds, software_version) VALUES ($1, $2, $3, "
                               "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING derive_id",
                               14, p, err);
    if (!r)
        return err->code;
    st->derive_id = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    return IFS_OK;
}

/* Median and 16th/84th percentiles of a metallicity, its flags and diagnostics, or NULLs. */
static void copy_oh(ifs_copy *cp, const ifs_calibration *cal, const ifs_oh_result *oh)
{
    if (oh->status != IFS_OH_OK) {
        for (int k = 0; k < 5; k++)
            ifs_copy_null(cp);
        return;
    }
    char names[64];
    diagnostics(cal, oh->used, names, sizeof names);
    ifs_copy_float8(cp, oh->p50);
    ifs_copy_float8(cp, oh->p16);
    ifs_copy_float8(cp, oh->p84);
    ifs_copy_int2(cp, (int16_t)oh->flags);
    ifs_copy_text(cp, names);
}

static int copy_regions(const store *st, ifs_error *err)
{
    ifs_copy *cp;
    if (ifs_copy_begin(st->conn,
                       "COPY ifscat.derived_region (target_id, fit_id, region_id, derive_id, oh, oh_p16, oh_p84, "
                       "oh_flags, oh_diagnostics, r3, r3_err, ne3o2, ne3o2_err, log_sfr, log_sfr_err, log_sigma_sfr, "
                       "log_sigma_star) FROM STDIN (FORMAT binary)",
                       &cp, err))
        return err->code;
    for (size_t r = 0; r < st->d->nregions; r++) {
        const ifs_derive_region_out *o = &st->o->region[r];
        ifs_copy_row(cp, 17);
        ifs_copy_int8(cp, st->tid);
        ifs_copy_int8(cp, st->fit_id);
        ifs_copy_int4(cp, st->d->region_id[r]);
        ifs_copy_int8(cp, st->derive_id);
        copy_oh(cp, st->cal, &o->oh);
        const double v[] = {o->r3, o->r3_err, o->ne3o2, o->ne3o2_err, o->log_sfr, o->log_sfr_err, o->log_sigma_sfr,
                            o->log_sigma_star};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            ifs_copy_float8_or_null(cp, v[k]);
    }
    return ifs_copy_end(cp, NULL, err);
}

static const char *const av_status_name[] = {"measured", "zero", "low S/N", "undefined"};

static int copy_galaxy(const store *st, ifs_error *err)
{
    const ifs_derive_galaxy *g = &st->o->galaxy;
    ifs_copy *cp;
    if (ifs_copy_begin(st->conn,
                       "COPY ifscat.derived_galaxy (derive_id, target_id, fit_id, region_id, oh, oh_p16, oh_p84, "
                       "oh_flags, oh_diagnostics, hbeta_snr, hdelta_snr, hdelta_hbeta, hdelta_hbeta_err, av_status, av, "
                       "av_err, log_sfr, log_sfr_err, log_ssfr, gradient_slope, gradient_slope_p16, gradient_slope_p84, "
                       "gradient_intercept, gradient_intercept_p16, gradient_intercept_p84, gradient_n, "
                       "gradient_n_edge, gradient_samples, rfmr_rho, rfmr_p, rfmr_n) FROM STDIN (FORMAT binary)",
                       &cp, err))
        return err->code;
    ifs_copy_row(cp, 31);
    ifs_copy_int8(cp, st->derive_id);
    ifs_copy_int8(cp, st->tid);
    ifs_copy_int8(cp, st->fit_id);
    if (g->region >= 0)
        ifs_copy_int4(cp, st->d->region_id[g->region]);
    else
        ifs_copy_null(cp);
    copy_oh(cp, st->cal, &g->oh);
    const double v[] = {g->hbeta_snr, g->hdelta_snr, g->av.ratio, g->av.ratio_err};
    for (size_t k = 0; k < 4; k++)
        ifs_copy_float8_or_null(cp, v[k]);
    ifs_copy_text(cp, av_status_name[g->av.status]);
    ifs_copy_float8_or_null(cp, g->av.status == IFS_AV_UNDEFINED ? NAN : g->av.av);
    const double w[] = {g->av.av_err, g->log_sfr, g->log_sfr_err, g->log_ssfr};
    for (size_t k = 0; k < 4; k++)
        ifs_copy_float8_or_null(cp, w[k]);
    const ifs_gradient *gr = &g->gradient;
    const double u[] = {gr->slope[1], gr->slope[0], gr->slope[2], gr->intercept[1], gr->intercept[0], gr->intercept[2]};
    for (size_t k = 0; k < 6; k++)
        ifs_copy_float8_or_null(cp, g->has_gradient ? u[k] : NAN);
    if (g->has_gradient) {
        ifs_copy_int4(cp, gr->npoints);
        ifs_copy_int4(cp, g->gradient_n_edge);
        ifs_copy_int4(cp, (int32_t)gr->nsamples);
    } else {
        ifs_copy_null(cp);
        ifs_copy_null(cp);
        ifs_copy_null(cp);
    }
    ifs_copy_float8_or_null(cp, g->rfmr_rho);
    ifs_copy_float8_or_null(cp, g->rfmr_p);
    ifs_copy_int4(cp, (int32_t)g->rfmr_n);
    return ifs_copy_end(cp, NULL, err);
}

static int copy_satellites(const store *st, ifs_error *err)
{
    if (!st->s->nsat)
        return IFS_OK;
    ifs_copy *cp;
    if (ifs_copy_begin(st->conn,
                       "COPY ifscat.derived_satellite (derive_id, satellite_id, host_id, sep_arcsec, sep_kpc) "
                       "FROM STDIN (FORMAT binary)",
                       &cp, err))
        return err->code;
    for (size_t i = 0; i < st->s->nsat; i++) {
        const satellite *t = &st->s->sat[i];
        ifs_copy_row(cp, 5);
        ifs_copy_int8(cp, st->derive_id);
        ifs_copy_int8(cp, t->s.target_id);
        ifs_copy_int8(cp, t->host_id);
        ifs_copy_float8(cp, t->sep_arcsec);
        ifs_copy_float8_or_null(cp, t->sep_kpc);
    }
    return ifs_copy_end(cp, NULL, err);
}

/* The galaxy-level values into galaxy_property (source 'ifscat'); the target's derived values of
 * quantities this derive did not determine are retired (superseded_at set, no successor). */
static int write_properties(const store *st, const char *target, long *changed, ifs_error *err)
{
    const ifs_derive_galaxy *g = &st->o->galaxy;
    char oh_method[160], grad_method[160];
    snprintf(oh_method, sizeof oh_method, "ifscat derive: integrated spectrum, %s", st->cal->name);
    snprintf(grad_method, sizeof grad_method, "ifscat derive: annuli, %s, MCMC", st->cal->name);
    ifs_property_value *v = calloc(4 + st->s->nsat, sizeof *v);
    if (!v)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    size_t n = 0;
    char retire[80] = "{";
    if (g->oh.status == IFS_OH_OK)
        v[n++] = (ifs_property_value){target, "oh", NULL, PROPERTY_SOURCE, oh_method, g->oh.p50, g->oh.p50 - g->oh.p16,
                                      g->oh.p84 - g->oh.p50};
    else
        strcat(retire, "oh,");
    if (isfinite(g->log_sfr))
        v[n++] = (ifs_property_value){target, "logsfr", NULL, PROPERTY_SOURCE,
                                      "ifscat derive: H-beta of the integrated spectrum, A_V, Kennicutt & Evans 2012",
                                      g->log_sfr, g->log_sfr_err, g->log_sfr_err};
    else
        strcat(retire, "logsfr,");
    if (g->av.status == IFS_AV_MEASURED || g->av.status == IFS_AV_ZERO)
        v[n++] = (ifs_property_value){target, "av", NULL, PROPERTY_SOURCE,
                                      "ifscat derive: H-delta/H-beta of the integrated spectrum, Calzetti et al. 2000",
                                      g->av.av, g->av.av_err, g->av.av_err};
    else
        strcat(retire, "av,");
    if (g->has_gradient)
        v[n++] = (ifs_property_value){target, "gradient", NULL, PROPERTY_SOURCE, grad_method, g->gradient.slope[1],
                                      g->gradient.slope[1] - g->gradient.slope[0],
                                      g->gradient.slope[2] - g->gradient.slope[1]};
    else
        strcat(retire, "gradient,");
    for (size_t i = 0; i < st->s->nsat; i++)
        if (isfinite(st->s->sat[i].sep_kpc))
            v[n++] = (ifs_property_value){st->s->sat[i].s.name, "host_sep_kpc", NULL, PROPERTY_SOURCE,
                                          "ifscat derive: q3c_dist x the host's lensing-corrected scale",
                                          st->s->sat[i].sep_kpc, NAN, NAN};
    if (strlen(retire) > 1)
        retire[strlen(retire) - 1] = '}';
    else
        strcat(retire, "}");
    const char *p[2] = {st->s->target_id, retire};
    int status = ifs_property_stage(st->conn, v, n, err);
    free(v);
    if (status || (status = ifs_property_apply(st->conn, changed, NULL, err)))
        return status;
    return ifs_db_exec(st->conn,
                       "UPDATE ifscat.galaxy_property SET superseded_at = now() WHERE target_id = $1 AND source = '"
                       PROPERTY_SOURCE "' AND superseded_at IS NULL AND quantity = ANY($2::text[])",
                       2, p, err);
}

/* The transaction: lock, re-check, replace, write. */
static int write_derive(store *st, const char *json, const char *sha256, double seconds, ifs_deriving_report *rep,
                        ifs_error *err)
{
    int code, same;
    const char *pf[1] = {st->s->fit_id};
    if ((code = ifs_db_begin(st->conn, err)) ||
        (code = ifs_db_exec(st->conn, "SELECT pg_advisory_xact_lock(" DERIVE_LOCK_CLASS ", ($1::bigint & 2147483647)::int)",
                            1, pf, err)) ||
        (code = find_derive(st->conn, st->s, sha256, &rep->derive_id, &same, err)))
        return code;
    if (same) { /* a derive with these settings committed meanwhile */
        rep->unchanged = 1;
        ifs_db_rollback(st->conn);
        return IFS_OK;
    }
    rep->replaced_derive_id = rep->derive_id;
    if ((code = ifs_db_exec(st->conn, "DELETE FROM ifscat.derive_run WHERE fit_id = $1", 1, pf, err)) ||
        (code = insert_run(st, json, sha256, seconds, err)))
        return code;
    rep->derive_id = st->derive_id;
    if ((code = copy_regions(st, err)) || (code = copy_galaxy(st, err)) || (code = copy_satellites(st, err)) ||
        (code = write_properties(st, st->opt->target, &rep->properties_changed, err)))
        return code;
    return ifs_db_commit(st->conn, err);
}

int ifs_deriving_run(PGconn *conn, const ifs_deriving_options *opt, ifs_deriving_report *rep, ifs_error *err)
{
    memset(rep, 0, sizeof *rep);
    subject s = {0};
    fitdata d = {0};
    ifs_derive_output *o = NULL;
    char *json = NULL;
    ifs_calibration cal;
    ifs_derive_settings set;
    int code, same;
    double t0 = ifs_clock_s();
    if ((code = ifs_calibration_load(opt->calibration ? opt->calibration : IFS_CALIBRATION_DEFAULT, &cal, err)) ||
        (code = ifs_derive_settings_default(&set, &cal, opt->seed, err)) || (code = find_target(conn, opt, &s, err)) ||
        (code = find_fit(conn, opt, &s, err)) || (code = find_mass(conn, &s, err)) ||
        (code = find_satellites(conn, &s, err)))
        goto exit;
    set.nthreads = opt->nthreads;
    snprintf(rep->calibration, sizeof rep->calibration, "%s", cal.name);
    rep->observation_id = atoll(s.observation_id);
    rep->fit_id = atoll(s.fit_id);
    rep->nsatellites = s.nsat;
    ifs_derive_satellite *sats = malloc((s.nsat ? s.nsat : 1) * sizeof *sats);
    if (!sats) {
        code = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto exit;
    }
    for (size_t i = 0; i < s.nsat; i++)
        sats[i] = s.sat[i].s;
    ifs_derive_inputs in = {.fit_id = rep->fit_id, .fit_settings_sha256 = s.fit_sha256, .z = s.z, .mu = s.mu,
                            .mass_property_id = s.mass_property_id, .log_mstar = s.log_mstar, .host_ra_deg = s.host_ra,
                            .host_dec_deg = s.host_dec, .host_scale_kpc_arcsec = s.host_scale, .nsatellites = s.nsat,
                            .satellites = sats};
    code = ifs_derivesettings_json(&cal, &set, &in, &json, rep->settings_sha256, err);
    free(sats);
    if (code || (code = find_derive(conn, &s, rep->settings_sha256, &rep->derive_id, &same, err)))
        goto exit;
    if (same) {
        rep->unchanged = 1;
        goto exit;
    }

    double spaxel_area = NAN;
    if ((code = read_lines(conn, &s, &d, err)) || (code = read_regions(conn, &s, &d, &spaxel_area, err)) ||
        (code = read_fluxes(conn, &s, &d, err)) || (code = read_continuum(conn, &s, &d, err)))
        goto exit;
    double t1 = ifs_clock_s();
    rep->seconds_load = t1 - t0;
    ifs_derive_input di = {.lines = d.lines, .nregions = d.nregions, .region = d.region, .flux = d.flux, .err = d.err,
                           .nx = s.nx, .ny = s.ny, .continuum = d.continuum, .spaxel_area_kpc2 = spaxel_area,
                           .z = s.z, .mu = s.mu, .log_mstar = s.log_mstar};
    if ((code = ifs_derive_run(&cal, &di, &set, &o, err))) {
        ifs_error_prefix(err, "fit %s of %s", s.fit_id, opt->target);
        goto exit;
    }
    double t2 = ifs_clock_s();
    rep->seconds_derive = t2 - t1;
    rep->nregions = d.nregions;
    for (size_t r = 0; r < d.nregions; r++)
        rep->noh += o->region[r].oh.status == IFS_OH_OK;
    rep->galaxy = o->galaxy;
    if (o->galaxy.oh.status == IFS_OH_OK)
        diagnostics(&cal, o->galaxy.oh.used, rep->oh_diagnostics, sizeof rep->oh_diagnostics);

    store st = {.conn = conn, .s = &s, .cal = &cal, .opt = opt, .d = &d, .o = o, .tid = atoll(s.target_id),
                .fit_id = rep->fit_id};
    code = write_derive(&st, json, rep->settings_sha256, rep->seconds_derive, rep, err);
    rep->seconds_write = ifs_clock_s() - t2;
exit:
    if (code)
        ifs_db_rollback(conn);
    ifs_derive_output_free(o);
    fitdata_free(&d);
    free(s.sat);
    free(json);
    return code;
}
