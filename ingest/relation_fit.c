/* relation_fit.c: the scaling-relation fits: gathering points from the catalog and the literature,
 * fitting MS, MZR and FMR in parallel, storing the fits with their points in one transaction. */
#include "ifscat/relfit.h"

#include "ifscat/db.h"
#include "ifscat/pgbinary.h"
#include "ifscat/parallel.h"
#include "ifscat/version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fit_names[IFS_FIT_COUNT] = {"ms", "mzr", "fmr"};

const char *ifs_fit_relation_name(ifs_fit_relation r) { return fit_names[r]; }

/* The own sample, copied out of the stream (only the numbers are needed). */
typedef struct {
    ifs_galaxy *g;
    size_t n, cap;
} galaxies;

static int collect(const ifs_galaxy *g, size_t n, void *ctx, ifs_error *err)
{
    galaxies *all = ctx;
    if (all->n + n > all->cap) {
        size_t cap = 2 * (all->n + n);
        ifs_galaxy *grown = realloc(all->g, cap * sizeof *grown);
        if (!grown)
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory reading the sample");
        all->g = grown;
        all->cap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        all->g[all->n] = g[i];
        all->g[all->n].name = all->g[all->n].kind = NULL; /* valid only during the callback */
        all->n++;
    }
    return IFS_OK;
}

/* One fit's points with where each came from. */
typedef struct {
    ifs_relfit_result *res;
    ifs_linfit_point *p;
    long long *target_id, *point_id; /* one of the two is 0 for each point */
    size_t n;
} fit_job;

/* A measured value with its symmetric error (the mean of lo and hi), or 0 when either is missing. */
static int value_and_error(double v, double lo, double hi, double *x, double *sx)
{
    if (!isfinite(v) || !isfinite(lo) || !isfinite(hi))
        return 0;
    *x = v;
    *sx = 0.5 * (lo + hi);
    return 1;
}

/* x and y of relation r from log M*, log SFR and 12+log(O/H) with their errors; 0 when missing.
 * FMR: mu_alpha = log M* - alpha log SFR, errors of mass and SFR independent. */
static int coordinates(ifs_fit_relation r, double alpha, const ifs_measure *m, const ifs_measure *s,
                       const ifs_measure *o, ifs_linfit_point *p)
{
    double xm = NAN, sm = NAN, xs = NAN, ss = NAN, xo = NAN, so = NAN;
    int has_m = value_and_error(m->value, m->lo, m->hi, &xm, &sm);
    int has_s = value_and_error(s->value, s->lo, s->hi, &xs, &ss);
    int has_o = value_and_error(o->value, o->lo, o->hi, &xo, &so);
    switch (r) {
    case IFS_FIT_MS:
        *p = (ifs_linfit_point){xm, xs, sm, ss};
        return has_m && has_s;
    case IFS_FIT_MZR:
        *p = (ifs_linfit_point){xm, xo, sm, so};
        return has_m && has_o;
    default:
        *p = (ifs_linfit_point){xm - alpha * xs, xo, sqrt(sm * sm + alpha * alpha * ss * ss), so};
        return has_m && has_s && has_o;
    }
}

/* Whether relation r needs each of mass, SFR, metallicity, and has their values (for counting
 * points left out for missing errors rather than missing values). */
static int has_values(ifs_fit_relation r, double m, double s, double o)
{
    return isfinite(m) && (r == IFS_FIT_MZR || isfinite(s)) && (r == IFS_FIT_MS || isfinite(o));
}

static int gather(fit_job *j, double alpha, const galaxies *own, const ifs_litset *lit)
{
    ifs_relfit_result *res = j->res;
    size_t cap = own->n + (res->with_literature && lit ? lit->n : 0);
    j->p = malloc((cap ? cap : 1) * sizeof *j->p);
    j->target_id = malloc((cap ? cap : 1) * sizeof *j->target_id);
    j->point_id = malloc((cap ? cap : 1) * sizeof *j->point_id);
    if (!j->p || !j->target_id || !j->point_id)
        return -1;
    for (size_t i = 0; i < own->n; i++) {
        const ifs_galaxy *g = &own->g[i];
        if (coordinates(res->relation, alpha, &g->logm, &g->logsfr, &g->oh, &j->p[j->n])) {
            j->target_id[j->n] = g->target_id;
            j->point_id[j->n++] = 0;
            res->n_own++;
        } else if (has_values(res->relation, g->logm.value, g->logsfr.value, g->oh.value)) {
            res->skipped_no_error++;
        }
    }
    for (size_t i = 0; res->with_literature && lit && i < lit->n; i++) {
        const ifs_litvalue *m = &lit->logm[i], *s = &lit->logsfr[i], *o = &lit->oh[i];
        if (!has_values(res->relation, m->value, s->value, o->value))
            continue;
        int limit = m->limit || (res->relation != IFS_FIT_MZR && s->limit) || (res->relation != IFS_FIT_MS && o->limit);
        if (limit) {
            res->skipped_limits++;
            continue;
        }
        if (lit->matched[i]) { /* the same galaxy as a catalog target: its catalog values count */
            res->skipped_duplicates++;
            continue;
        }
        ifs_measure mm = {m->value, m->lo, m->hi}, ms = {s->value, s->lo, s->hi}, mo = {o->value, o->lo, o->hi};
        if (coordinates(res->relation, alpha, &mm, &ms, &mo, &j->p[j->n])) {
            j->target_id[j->n] = 0;
            j->point_id[j->n++] = lit->point_id[i];
            res->n_literature++;
        } else {
            res->skipped_no_error++;
        }
    }
    return 0;
}

typedef struct {
    fit_job *jobs;
    const size_t *order; /* jobs by decreasing size: the big fits start first, so threads balance */
    const ifs_mcmc_settings *set;
} run_ctx;

static int run_fit(size_t item, int thread, void *ctx, ifs_error *err)
{
    (void)thread;
    const run_ctx *c = ctx;
    size_t k = c->order[item];
    fit_job *j = &c->jobs[k];
    ifs_relfit_result *r = j->res;
    if (j->n < 3)
        return IFS_OK; /* reported as not fitted */
    ifs_linfit_data *d;
    int status = ifs_linfit_data_alloc(j->p, j->n, &d, err);
    if (status == IFS_ERR_INPUT) /* e.g. a single x value: not fittable, not a failure of the run */
        return IFS_OK;
    if (status)
        return status;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < j->n; i++) {
        lo = fmin(lo, j->p[i].x);
        hi = fmax(hi, j->p[i].x);
    }
    for (int b = 0; b < IFS_RELFIT_BAND_POINTS; b++)
        r->band_x[b] = lo + (hi - lo) * b / (IFS_RELFIT_BAND_POINTS - 1);
    /* One random stream per fit, so that results do not depend on which thread ran them. */
    status = ifs_linfit_fit(d, c->set, k, r->band_x, IFS_RELFIT_BAND_POINTS, r->band_lo, r->band_mid, r->band_hi,
                            &r->fit, err);
    ifs_linfit_data_free(d);
    if (!status)
        r->fitted = 1;
    return status;
}

/* Inserts one fit with its points, unless the same fit is stored already: the same relation, sample,
 * literature selection, values, alpha, sampler settings and software version, and the same input
 * points, which (the sampler being seeded) give the same result.  Returns (fit_id, stored before).
 * Parameters: $1-$3 relation, x and y quantity, $4 alpha, $5 sample, $6 literature, $7-$18 counts
 * and results, $19-$22 band, $23-$28 input points (binary arrays), $29 method, $30-$34 sampler,
 * $35-$36 acceptance and tau, $37 software version, $38 own values. */
static const char sql_store_fit[] =
    "WITH found AS (SELECT fit_id FROM ifscat.relation_fit WHERE relation = $1 AND x_quantity = $2"
    "  AND y_quantity = $3 AND alpha IS NOT DISTINCT FROM $4::float8 AND sample = $5 AND literature = $6::text[]"
    "  AND own_values = $38 AND seed = $30::bigint AND walkers = $31::int AND steps = $32::int AND burn = $33::int"
    "  AND thin = $34::int AND software_version = $37 AND input_target_id = $23::int8[]"
    "  AND input_point_id = $24::int8[] AND input_x = $25::float8[] AND input_x_err = $26::float8[]"
    "  AND input_y = $27::float8[] AND input_y_err = $28::float8[] ORDER BY fit_id LIMIT 1),"
    " stored AS (INSERT INTO ifscat.relation_fit (relation, x_quantity, y_quantity, alpha, sample, literature,"
    "  n_points, n_literature, slope, slope_lo, slope_hi, intercept, intercept_lo, intercept_hi, scatter,"
    "  scatter_lo, scatter_hi, x_pivot, band_x, band_y, band_lo, band_hi, input_target_id, input_point_id,"
    "  input_x, input_x_err, input_y, input_y_err, method, seed, walkers, steps, burn, thin, acceptance,"
    "  tau_steps, software_version, own_values)"
    "  SELECT $1, $2, $3, $4::float8, $5, $6::text[], $7::int, $8::int, $9::float8, $10::float8, $11::float8,"
    "  $12::float8, $13::float8, $14::float8, $15::float8, $16::float8, $17::float8, $18::float8, $19::float8[],"
    "  $20::float8[], $21::float8[], $22::float8[], $23::int8[], $24::int8[], $25::float8[], $26::float8[],"
    "  $27::float8[], $28::float8[], $29, $30::bigint, $31::int, $32::int, $33::int, $34::int, $35::float8,"
    "  $36::float8, $37, $38 WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING fit_id)"
    " SELECT fit_id, true FROM found UNION ALL SELECT fit_id, false FROM stored";

/* Stores one fit with its points (sql_store_fit); sets r->fit_id and r->stored_before. */
static int store_fit(PGconn *conn, const ifs_relfit_options *o, const ifs_mcmc_settings *set, const char *lit,
                     fit_job *j, ifs_error *err)
{
    ifs_relfit_result *r = j->res;
    const ifs_linfit *f = &r->fit;
    char num[20][32];
    double v[] = {(double)(r->n_own + r->n_literature), (double)r->n_literature, f->slope[1], f->slope[1] - f->slope[0],
                  f->slope[2] - f->slope[1], f->intercept[1], f->intercept[1] - f->intercept[0],
                  f->intercept[2] - f->intercept[1], f->scatter[1], f->scatter[1] - f->scatter[0],
                  f->scatter[2] - f->scatter[1], f->x0, f->acceptance, f->tau_max, o->alpha};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        snprintf(num[i], sizeof num[i], i < 2 ? "%.0f" : "%.17g", v[i]);
    snprintf(num[15], sizeof num[15], "%llu", (unsigned long long)set->seed);
    snprintf(num[16], sizeof num[16], "%d", set->nwalkers);
    snprintf(num[17], sizeof num[17], "%d", set->nsteps);
    snprintf(num[18], sizeof num[18], "%d", set->burn);
    snprintf(num[19], sizeof num[19], "%d", set->thin);
    char xq[32];
    snprintf(xq, sizeof xq, r->relation == IFS_FIT_FMR ? "mu_%g" : "logm", o->alpha);
    /* The band and the input points go as binary arrays (ifscat/pgbinary.h): 100,000 points would
     * otherwise be printed and parsed back as text. */
    char *arr[10] = {NULL};
    int arr_len[10];
    const double *band[] = {r->band_x, r->band_mid, r->band_lo, r->band_hi};
    const double *points[] = {&j->p[0].x, &j->p[0].sx, &j->p[0].y, &j->p[0].sy};
    int status = IFS_OK;
    for (int i = 0; i < 4 && !status; i++)
        status = ifs_pgbin_float8_array(band[i], IFS_RELFIT_BAND_POINTS, 1, &arr[i], &arr_len[i], err);
    if (!status)
        status = ifs_pgbin_int8_array(j->target_id, j->n, &arr[4], &arr_len[4], err);
    if (!status)
        status = ifs_pgbin_int8_array(j->point_id, j->n, &arr[5], &arr_len[5], err);
    for (int i = 0; i < 4 && !status; i++) /* ifs_linfit_point: x, y, sx, sy; every 4th double */
        status = ifs_pgbin_float8_array(points[i], j->n, 4, &arr[6 + i], &arr_len[6 + i], err);
    const char *params[] = {fit_names[r->relation], xq, r->relation == IFS_FIT_MS ? "logsfr" : "oh",
                            r->relation == IFS_FIT_FMR ? num[14] : NULL, ifs_sample_kind_name(o->sample),
                            r->with_literature ? lit : "{}", num[0], num[1], num[2], num[3], num[4], num[5], num[6],
                            num[7], num[8], num[9], num[10], num[11], arr[0], arr[1], arr[2], arr[3], arr[4], arr[5],
                            arr[6], arr[7], arr[8], arr[9],
                            "straight line with intrinsic scatter and errors on both axes (Kelly 2007, one Gaussian "
                            "for x), ensemble MCMC (Goodman & Weare 2010)",
                            num[15], num[16], num[17], num[18], num[19], num[12], num[13], IFS_VERSION,
                            ifs_values_name(o->values)};
    int lengths[38] = {0}, formats[38] = {0};
    for (int i = 0; i < 10; i++) { /* $19 .. $28 */
        lengths[18 + i] = arr_len[i];
        formats[18 + i] = 1;
    }
    PGresult *res = status ? NULL : ifs_db_query_formats(conn, sql_store_fit, 38, params, lengths, formats, err);
    if (!status && !res)
        status = err->code;
    if (res) {
        r->fit_id = atoll(PQgetvalue(res, 0, 0));
        r->stored_before = PQgetvalue(res, 0, 1)[0] == 't';
    }
    PQclear(res);
    for (int i = 0; i < 10; i++)
        free(arr[i]);
    return status;
}

static int store(PGconn *conn, const ifs_relfit_options *o, const ifs_mcmc_settings *set, fit_job *jobs, size_t njobs,
                 ifs_error *err)
{
    char lit[4096] = "{";
    for (size_t s = 0; s < o->nsel; s++) {
        char one[200];
        if (isfinite(o->sel[s].zmin))
            snprintf(one, sizeof one, "%s%s:%g-%g", s ? "," : "", o->sel[s].source, o->sel[s].zmin, o->sel[s].zmax);
        else
            snprintf(one, sizeof one, "%s%s", s ? "," : "", o->sel[s].source);
        strncat(lit, one, sizeof lit - strlen(lit) - 2);
    }
    strcat(lit, "}");
    int status = ifs_db_begin(conn, err);
    for (size_t k = 0; k < njobs && !status; k++)
        if (jobs[k].res->fitted)
            status = store_fit(conn, o, set, lit, &jobs[k], err);
    if (!status)
        status = ifs_db_commit(conn, err);
    if (status)
        ifs_db_rollback(conn);
    return status;
}

int ifs_relfit_run(PGconn *conn, const ifs_relfit_options *o, ifs_relfit_result **out, size_t *nout,
                   ifs_error *err)
{
    *out = NULL;
    *nout = 0;
    galaxies own = {0};
    ifs_litset *lit = NULL;
    size_t njobs = o->nsel ? 2 * IFS_FIT_COUNT : IFS_FIT_COUNT;
    ifs_relfit_result *res = calloc(njobs, sizeof *res);
    fit_job *jobs = calloc(njobs, sizeof *jobs);
    int status = res && jobs ? IFS_OK : ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (!status)
        status = ifs_sample_stream(conn, o->sample, o->values, 10000, collect, &own, err);
    if (!status && o->nsel)
        status = ifs_litset_read(conn, o->sel, o->nsel, &lit, err);
    for (size_t k = 0; k < njobs && !status; k++) {
        res[k].relation = (ifs_fit_relation)(k % IFS_FIT_COUNT);
        res[k].with_literature = k >= IFS_FIT_COUNT;
        jobs[k].res = &res[k];
        if (gather(&jobs[k], o->alpha, &own, lit))
            status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory gathering the fit points");
    }
    ifs_mcmc_settings set;
    ifs_linfit_settings_default(&set, o->seed);
    size_t order[2 * IFS_FIT_COUNT];
    for (size_t k = 0; k < njobs; k++) { /* insertion sort by decreasing point count */
        size_t i = k;
        for (; i > 0 && jobs && jobs[order[i - 1]].n < jobs[k].n; i--)
            order[i] = order[i - 1];
        order[i] = k;
    }
    run_ctx c = {jobs, order, &set};
    if (!status)
        status = ifs_parallel_for(njobs, o->threads, run_fit, &c, err);
    size_t nfitted = 0;
    for (size_t k = 0; k < njobs && !status; k++)
        nfitted += (size_t)res[k].fitted;
    if (!status && nfitted == 0)
        status = ifs_error_set(err, IFS_ERR_INPUT,
                               "no relation could be fitted: each needs 3 points with values and errors (%s sample: "
                               "%zu for the main sequence, %zu for the MZR, %zu for the FMR)",
                               ifs_sample_kind_name(o->sample), res[0].n_own + res[0].n_literature,
                               res[1].n_own + res[1].n_literature, res[2].n_own + res[2].n_literature);
    if (!status && o->store)
        status = store(conn, o, &set, jobs, njobs, err);
    for (size_t k = 0; jobs && k < njobs; k++) {
        free(jobs[k].p);
        free(jobs[k].target_id);
        free(jobs[k].point_id);
    }
    free(jobs);
    free(own.g);
    ifs_litset_free(lit);
    if (status) {
        free(res);
        return status;
    }
    *out = res;
    *nout = njobs;
    return IFS_OK;
}
