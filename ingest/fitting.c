/* fitting.c: one observation's line fit from the catalog into the catalog: the target and
 * observation checked, the settings hashed (the "unchanged" shortcut), the spectra read and fitted,
 * and one transaction (advisory lock on the observation, the previous fit deleted, binary COPY of
 * the regions, line and group fits, summed spectra with models and maps). */
#include "ifscat/fitting.h"

#include "ifscat/clock.h"
#include "ifscat/copy.h"
#include "ifscat/db.h"
#include "ifscat/fitsettings.h"
#include "ifscat/obsfit.h"
#include "ifscat/observation.h"
#include "ifscat/parallel.h"
#include "ifscat/version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* First key of the two-key advisory lock that serialises fits of one observation (the second is
 * the observation id); an arbitrary constant ("IFIT"), distinct from the ingest's. */
#define FIT_LOCK_CLASS "1229343060"


/* What the fit needs to know of the target and the observation before reading spectra. */
typedef struct subject {
    char target_id[24], observation_id[24];
    double z, scale_kpc_arcsec;
    char grating[32];
    int is_cube;
} subject;

static int find_subject(PGconn *conn, const ifs_fitting_options *opt, subject *s, ifs_error *err)
{
    const char *pt[1] = {opt->target};
    PGresult *r = ifs_db_query(conn, "SELECT target_id, z, scale_kpc_arcsec FROM ifscat.target WHERE name = $1", 1,
                               pt, err);
    if (!r)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return ifs_error_set(err, IFS_ERR_INPUT, "unknown target '%s' (see ifscat target list)", opt->target);
    }
    snprintf(s->target_id, sizeof s->target_id, "%s", PQgetvalue(r, 0, 0));
    s->z = atof(PQgetvalue(r, 0, 1));
    s->scale_kpc_arcsec = atof(PQgetvalue(r, 0, 2));
    PQclear(r);

    long long id;
    if (ifs_observation_choose(conn, opt->target, opt->observation_id, &id, err))
        return err->code;
    snprintf(s->observation_id, sizeof s->observation_id, "%lld", id);
    const char *po[1] = {s->observation_id};
    r = ifs_db_query(conn, "SELECT grating, nx * ny > 1 FROM ifscat.observation WHERE observation_id = $1", 1, po,
                     err);
    if (!r)
        return err->code;
    snprintf(s->grating, sizeof s->grating, "%s", PQgetvalue(r, 0, 0));
    s->is_cube = PQgetvalue(r, 0, 1)[0] == 't';
    PQclear(r);
    return IFS_OK;
}

/* The observation's fit, if any: its id (0 if none) and whether its settings hash is sha256. */
static int find_fit(PGconn *conn, const subject *s, const char *sha256, long long *fit_id, int *same, ifs_error *err)
{
    return ifs_db_stored_run(conn, "SELECT fit_id, settings_sha256 FROM ifscat.fit_run WHERE observation_id = $1",
                             s->observation_id, sha256, fit_id, same, err);
}

/* Everything the writers share. */
typedef struct store {
    PGconn *conn;
    const subject *s;
    const ifs_cube *cube;
    const ifs_linelist *list;
    const ifs_obsfit *f;
    long long tid, fit_id;
} store;

static const char sql_insert_run[] =
    "INSERT INTO ifscat.fit_run (observation_id, target_id, settings, settings_sha256, lines_name, lines_sha256, "
    "disperser, z_prior, centre_x, centre_y, centre_ra_deg, centre_dec_deg, centre_from, aperture_radius, "
    "aperture_from_extent, line_extent, background_spaxels, n_regions, threads, seconds, software_version) VALUES ($1, "
    "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING fit_id";

static int insert_run(const store *st, const char *json, const char *sha256, const ifs_resolution *res, int threads,
                      double seconds, long long *fit_id, ifs_error *err)
{
    const ifs_region_set *rg = st->f->regions;
    const ifs_cube *c = st->cube;
    int placed = rg->cx >= 0, sky = placed && c->ra_deg;
    char z[32], cx[16], cy[16], ra[32], dec[32], rad[32], extent[16], nbg[24], nreg[24], nthr[16], sec[32];
    snprintf(z, sizeof z, "%.17g", st->s->z);
    snprintf(cx, sizeof cx, "%d", rg->cx);
    snprintf(cy, sizeof cy, "%d", rg->cy);
    if (sky) {
        snprintf(ra, sizeof ra, "%.17g", c->ra_deg[(size_t)rg->cy * c->nx + (size_t)rg->cx]);
        snprintf(dec, sizeof dec, "%.17g", c->dec_deg[(size_t)rg->cy * c->nx + (size_t)rg->cx]);
    }
    snprintf(rad, sizeof rad, "%.17g", rg->aperture_radius);
    snprintf(extent, sizeof extent, "%zu", rg->extent);
    snprintf(nbg, sizeof nbg, "%zu", st->f->nbackground);
    snprintf(nreg, sizeof nreg, "%zu", rg->n);
    snprintf(nthr, sizeof nthr, "%d", threads);
    snprintf(sec, sizeof sec, "%.6f", seconds);
    int ap = rg->aperture_radius > 0;
    const char *p[21] = {st->s->observation_id, st->s->target_id, json, sha256, st->list->name, st->list->sha256,
                         res->disperser, z, placed ? cx : NULL, placed ? cy : NULL, sky ? ra : NULL, sky ? dec : NULL,
                         placed ? ifs_centre_from_name(rg->centre_from) : NULL, ap ? rad : NULL, ap ? (rg->aperture_from_extent ? "t" : "f") : NULL, placed ? extent : NULL,
                         st->f->background ? nbg : NULL, nreg, nthr, sec, IFS_VERSION};
    PGresult *r = ifs_db_query(st->conn, sql_insert_run, 21, p, err);
    if (!r)
        return err->code;
    *fit_id = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    return IFS_OK;
}

static int copy_lines(const store *st, ifs_error *err)
{
    ifs_copy *cp;
    if (ifs_copy_begin(st->conn,
                       "COPY ifscat.fit_line (fit_id, line, label, rest_aa, group_id, group_name, tied_to, "
                       "flux_ratio, case_b) FROM STDIN (FORMAT binary)",
                       &cp, err))
        return err->code;
    const ifs_linelist *list = st->list;
    for (size_t l = 0; l < list->nlines; l++) {
        const ifs_line *ln = &list->lines[l];
        ifs_copy_row(cp, 9);
        ifs_copy_int8(cp, st->fit_id);
        ifs_copy_text(cp, ln->name);
        ifs_copy_text(cp, ln->label);
        ifs_copy_float8(cp, ln->rest_aa);
        ifs_copy_int4(cp, ln->group);
        ifs_copy_text(cp, list->groups[ifs_linelist_group_index(list, ln->group)].name);
        ifs_copy_text(cp, ln->tied_to >= 0 ? list->lines[ln->tied_to].name : NULL);
        ifs_copy_float8_or_null(cp, ln->tied_to >= 0 ? ln->flux_ratio : NAN);
        ifs_copy_float8_or_null(cp, ln->case_b > 0 ? ln->case_b : NAN);
    }
    return ifs_copy_end(cp, NULL, err);
}

/* Starts a row with the partition key, the fit and the region. */
static void region_key(ifs_copy *cp, const store *st, int nfields, size_t r)
{
    ifs_copy_row(cp, nfields);
    ifs_copy_int8(cp, st->tid);
    ifs_copy_int8(cp, st->fit_id);
    ifs_copy_int4(cp, (int32_t)r);
}

static int copy_regions(const store *st, ifs_error *err)
{
    ifs_copy *cp;
    if (ifs_copy_begin(st->conn,
                       "COPY ifscat.region (target_id, fit_id, region_id, kind, number, x, y, ra_deg, dec_deg, r_in, "
                       "r_out, r_mean, r_in_arcsec, r_out_arcsec, r_mean_arcsec, r_in_kpc, r_out_kpc, r_mean_kpc, "
                       "n_spaxels, n_used, area_kpc2, error_scale, error_npix, single_continuum) "
                       "FROM STDIN (FORMAT binary)",
                       &cp, err))
        return err->code;
    const ifs_cube *c = st->cube;
    const ifs_region_set *rg = st->f->regions;
    const ifs_fitcube_output *o = st->f->fit;
    /* A pixel scale of 0 (unknown) makes every angular and physical size NaN, written as NULL. */
    double arcsec = c->pixscale_arcsec > 0 ? c->pixscale_arcsec : NAN, kpc = arcsec * st->s->scale_kpc_arcsec;
    for (size_t r = 0; r < rg->n; r++) {
        const ifs_region *g = &rg->region[r];
        size_t s = (size_t)g->y * c->nx + (size_t)g->x;
        region_key(cp, st, 24, r);
        ifs_copy_text(cp, ifs_region_kind_name(g->kind));
        if (g->kind == IFS_REGION_ANNULUS)
            ifs_copy_int2(cp, (int16_t)g->number);
        else
            ifs_copy_null(cp);
        ifs_copy_int2(cp, (int16_t)g->x);
        ifs_copy_int2(cp, (int16_t)g->y);
        ifs_copy_float8_or_null(cp, c->ra_deg ? c->ra_deg[s] : NAN);
        ifs_copy_float8_or_null(cp, c->dec_deg ? c->dec_deg[s] : NAN);
        for (int unit = 0; unit < 3; unit++) {
            double f = unit == 0 ? 1 : unit == 1 ? arcsec : kpc;
            ifs_copy_float8_or_null(cp, g->r_in * f);
            ifs_copy_float8_or_null(cp, g->r_out * f);
            ifs_copy_float8_or_null(cp, g->r_mean * f);
        }
        ifs_copy_int4(cp, (int32_t)g->nspaxels);
        ifs_copy_int4(cp, (int32_t)o->nused[r]);
        ifs_copy_float8_or_null(cp, (double)o->nused[r] * kpc * kpc);
        ifs_copy_float8_or_null(cp, o->result[r].error_scale);
        ifs_copy_int4(cp, (int32_t)o->result[r].error_npix);
        ifs_copy_bool(cp, o->result[r].single_continuum);
    }
    return ifs_copy_end(cp, NULL, err);
}

static int copy_line_fits(const store *st, ifs_error *err)
{
    ifs_copy *cp;
    if (ifs_copy_begin(st->conn,
                       "COPY ifscat.line_fit (target_id, fit_id, region_id, line, group_id, flux, err, snr, status) "
                       "FROM STDIN (FORMAT binary)",
                       &cp, err))
        return err->code;
    const ifs_fitcube_output *o = st->f->fit;
    for (size_t r = 0; r < o->nregions; r++)
        for (size_t l = 0; l < o->nlines; l++) {
            const ifs_line_fit *lf = &o->line[r * o->nlines + l];
            region_key(cp, st, 9, r);
            ifs_copy_text(cp, st->list->lines[l].name);
            ifs_copy_int4(cp, st->list->lines[l].group);
            ifs_copy_float8_or_null(cp, lf->flux);
            ifs_copy_float8_or_null(cp, lf->err);
            ifs_copy_float8_or_null(cp, lf->snr);
            ifs_copy_text(cp, ifs_fit_status_name(lf->status));
        }
    return ifs_copy_end(cp, NULL, err);
}

static int copy_group_fits(const store *st, ifs_error *err)
{
    ifs_copy *cp;
    if (ifs_copy_begin(st->conn,
                       "COPY ifscat.group_fit (target_id, fit_id, region_id, group_id, group_name, z, z_err, "
                       "lsf_scale, lsf_scale_err, fwhm_kms, chi2_red, npoints, nparams, status) "
                       "FROM STDIN (FORMAT binary)",
                       &cp, err))
        return err->code;
    const ifs_fitcube_output *o = st->f->fit;
    for (size_t r = 0; r < o->nregions; r++)
        for (size_t g = 0; g < o->ngroups; g++) {
            const ifs_group_fit *gf = &o->group[r * o->ngroups + g];
            region_key(cp, st, 14, r);
            ifs_copy_int4(cp, st->list->groups[g].id);
            ifs_copy_text(cp, st->list->groups[g].name);
            ifs_copy_float8_or_null(cp, gf->z);
            ifs_copy_float8_or_null(cp, gf->z_err);
            ifs_copy_float8_or_null(cp, gf->scale);
            ifs_copy_float8_or_null(cp, gf->scale_err);
            ifs_copy_float8_or_null(cp, gf->fwhm_kms);
            ifs_copy_float8_or_null(cp, gf->chi2_red);
            ifs_copy_int4(cp, (int32_t)gf->npoints);
            ifs_copy_int4(cp, (int32_t)gf->nparams);
            ifs_copy_text(cp, ifs_fit_status_name(gf->status));
        }
    return ifs_copy_end(cp, NULL, err);
}

/* real[] from doubles through a scratch buffer of n floats. */
static void copy_real_array(ifs_copy *cp, const double *v, size_t n, float *scratch)
{
    for (size_t k = 0; k < n; k++)
        scratch[k] = (float)v[k];
    ifs_copy_float4_array(cp, scratch, n);
}

static int copy_spectra(const store *st, ifs_error *err)
{
    size_t n = st->cube->nwave;
    float *scratch = malloc(n * sizeof *scratch);
    if (!scratch)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    ifs_copy *cp;
    if (ifs_copy_begin(st->conn,
                       "COPY ifscat.region_spectrum (target_id, fit_id, region_id, flux, err, mask, continuum, model) "
                       "FROM STDIN (FORMAT binary)",
                       &cp, err)) {
        free(scratch);
        return err->code;
    }
    const ifs_fitcube_output *o = st->f->fit;
    for (size_t r = 0; r < o->nregions; r++) {
        const ifs_region_model *m = &o->kept[r];
        if (!m->spec)
            continue;
        region_key(cp, st, 8, r);
        copy_real_array(cp, m->spec->flux, n, scratch);
        copy_real_array(cp, m->spec->err, n, scratch);
        ifs_copy_varbit(cp, m->spec->mask, n);
        copy_real_array(cp, m->continuum, n, scratch);
        copy_real_array(cp, m->model, n, scratch);
    }
    free(scratch);
    return ifs_copy_end(cp, NULL, err);
}

static int copy_maps(const store *st, ifs_error *err)
{
    const ifs_maps *m = st->f->maps;
    if (!m)
        return IFS_OK;
    ifs_copy *cp;
    if (ifs_copy_begin(st->conn,
                       "COPY ifscat.fit_map (target_id, fit_id, x, y, continuum, continuum_err, extent_flux, "
                       "extent_err, background) FROM STDIN (FORMAT binary)",
                       &cp, err))
        return err->code;
    for (size_t s = 0; s < m->nx * m->ny; s++) {
        ifs_copy_row(cp, 9);
        ifs_copy_int8(cp, st->tid);
        ifs_copy_int8(cp, st->fit_id);
        ifs_copy_int2(cp, (int16_t)(s % m->nx));
        ifs_copy_int2(cp, (int16_t)(s / m->nx));
        ifs_copy_float8_or_null(cp, m->cont[s]);
        ifs_copy_float8_or_null(cp, m->cont_err[s]);
        ifs_copy_float8_or_null(cp, m->line[s]);
        ifs_copy_float8_or_null(cp, m->line_err[s]);
        ifs_copy_bool(cp, st->f->background && st->f->background[s]);
    }
    return ifs_copy_end(cp, NULL, err);
}

/* The headline of the report: the aperture's fit, else the 1D spectrum's. */
static void headline(const ifs_obsfit *f, const ifs_linelist *list, ifs_fitting_report *rep)
{
    const ifs_region_set *rg = f->regions;
    const ifs_fitcube_output *o = f->fit;
    rep->headline_region = -1;
    rep->z = rep->hbeta_snr = rep->oiii_snr = NAN;
    rep->aperture_radius = rg->aperture_radius;
    rep->centre_x = rg->cx;
    rep->centre_y = rg->cy;
    rep->centre_from = rg->centre_from;
    for (size_t r = 0; r < rg->n; r++) {
        rep->nkind[rg->region[r].kind]++;
        if (rep->headline_region < 0 &&
            (rg->region[r].kind == IFS_REGION_APERTURE || rg->region[r].kind == IFS_REGION_SPECTRUM))
            rep->headline_region = (int)r;
    }
    if (rep->headline_region < 0)
        return;
    const ifs_line_fit *lf = o->line + (size_t)rep->headline_region * o->nlines;
    const ifs_group_fit *gf = o->group + (size_t)rep->headline_region * o->ngroups;
    double best = -INFINITY;
    for (size_t l = 0; l < list->nlines; l++) {
        if (lf[l].status != IFS_FIT_OK)
            continue;
        rep->nlines_ok++;
        if (lf[l].snr > best) {
            best = lf[l].snr;
            rep->z = gf[ifs_linelist_group_index(list, list->lines[l].group)].z;
        }
    }
    int hb = ifs_linelist_find(list, "Hbeta"), o3 = ifs_linelist_find(list, "OIII5008");
    rep->hbeta_snr = hb >= 0 ? lf[hb].snr : NAN;
    rep->oiii_snr = o3 >= 0 ? lf[o3].snr : NAN;
}

/* The transaction: lock, re-check, replace, write. */
static int write_fit(store *st, const char *json, const char *sha256, const ifs_resolution *res, int threads,
                     double seconds, ifs_fitting_report *rep, ifs_error *err)
{
    int code, same;
    const char *po[1] = {st->s->observation_id};
    if ((code = ifs_db_begin(st->conn, err)) ||
        (code = ifs_db_exec(st->conn, "SELECT pg_advisory_xact_lock(" FIT_LOCK_CLASS ", ($1::bigint & 2147483647)::int)",
                            1, po, err)) ||
        (code = find_fit(st->conn, st->s, sha256, &rep->fit_id, &same, err)))
        return code;
    if (same) { /* another fit with these settings committed while this one was fitting */
        rep->unchanged = rep->concurrent = 1;
        ifs_db_rollback(st->conn);
        return IFS_OK;
    }
    rep->replaced_fit_id = rep->fit_id;
    if ((code = ifs_db_exec(st->conn, "DELETE FROM ifscat.fit_run WHERE observation_id = $1", 1, po, err)) ||
        (code = insert_run(st, json, sha256, res, threads, seconds, &st->fit_id, err)))
        return code;
    rep->fit_id = st->fit_id;
    if ((code = copy_lines(st, err)) || (code = copy_regions(st, err)) || (code = copy_line_fits(st, err)) ||
        (code = copy_group_fits(st, err)) || (code = copy_spectra(st, err)) || (code = copy_maps(st, err)))
        return code;
    return ifs_db_commit(st->conn, err);
}

int ifs_fitting_run(PGconn *conn, const ifs_fitting_options *opt, ifs_fitting_report *rep, ifs_error *err)
{
    memset(rep, 0, sizeof *rep);
    ifs_linelist *list = NULL;
    ifs_resolution *res = NULL;
    ifs_cube *cube = NULL;
    ifs_obsfit *f = NULL;
    char *json = NULL;
    subject s = {0};
    int code, same;
    if ((code = ifs_linelist_load(opt->lines_path, &list, err)) || (code = find_subject(conn, opt, &s, err)))
        goto exit;
    rep->observation_id = atoll(s.observation_id);

    ifs_obsfit_options fo = {.list = list, .background = opt->background, .nthreads = opt->nthreads,
                             .progress = opt->progress, .ctx = opt->ctx};
    ifs_specfit_settings_default(&fo.set, s.z);
    fo.regions = (ifs_regions_settings){
        .kinds = opt->kinds ? opt->kinds
                            : (1u << IFS_REGION_SPAXEL) | (1u << IFS_REGION_SMOOTHED) | (1u << IFS_REGION_APERTURE) |
                                  (1u << IFS_REGION_ANNULUS),
        .aperture_radius = opt->aperture_radius,
        .nannuli = opt->nannuli,
        .snr_min = fo.set.snr_min};
    if ((code = ifs_fitsettings_json(&fo, s.grating, s.is_cube, s.scale_kpc_arcsec, &json, rep->settings_sha256, err)) ||
        (code = find_fit(conn, &s, rep->settings_sha256, &rep->fit_id, &same, err)))
        goto exit;
    if (same) {
        rep->unchanged = 1;
        goto exit;
    }

    double t0 = ifs_clock_s();
    if ((code = ifs_observation_load(conn, rep->observation_id, NULL, &cube, err)))
        goto exit;
    if ((code = ifs_resolution_for_grid(s.grating, cube->wave_um, cube->nwave, &res, err))) {
        ifs_error_prefix(err, "observation %lld (grating '%s')", rep->observation_id, s.grating);
        goto exit;
    }
    snprintf(rep->disperser, sizeof rep->disperser, "%s", res->disperser);
    fo.res = res;
    double t1 = ifs_clock_s();
    rep->seconds_load = t1 - t0;
    if ((code = ifs_obsfit_run(cube, &fo, &f, err))) {
        ifs_error_prefix(err, "observation %lld", rep->observation_id);
        goto exit;
    }
    double t2 = ifs_clock_s();
    rep->seconds_fit = t2 - t1;
    rep->nregions = f->regions->n;
    headline(f, list, rep);

    store st = {.conn = conn, .s = &s, .cube = cube, .list = list, .f = f, .tid = atoll(s.target_id)};
    code = write_fit(&st, json, rep->settings_sha256, res, ifs_parallel_threads(opt->nthreads), rep->seconds_fit, rep, err);
    rep->seconds_write = ifs_clock_s() - t2;
exit:
    if (code)
        ifs_db_rollback(conn);
    ifs_obsfit_free(f);
    ifs_cube_free(cube);
    ifs_resolution_free(res);
    ifs_linelist_free(list);
    free(json);
    return code;
}
