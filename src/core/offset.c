/* offset.c: offsets from a relation with Monte-Carlo error propagation over a shared table of
 * normal deviates, galaxies shared out among threads. */
#include "ifscat/offset.h"

#include "ifscat/parallel.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

struct ifs_offset_mc {
    size_t n;
    double *um, *us, *uo; /* deviates for log M*, log SFR and 12+log(O/H) */
};

void ifs_offset_mc_free(ifs_offset_mc *mc)
{
    if (!mc)
        return;
    free(mc->um);
    free(mc);
}

int ifs_offset_mc_alloc(size_t ndraws, unsigned long seed, ifs_offset_mc **out, ifs_error *err)
{
    *out = NULL;
    if (ndraws < 16)
        return ifs_error_set(err, IFS_ERR_INPUT, "Monte-Carlo draws must be at least 16, got %zu", ndraws);
    ifs_offset_mc *mc = calloc(1, sizeof *mc);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!mc || !rng || !(mc->um = malloc(3 * ndraws * sizeof *mc->um))) {
        gsl_rng_free(rng);
        ifs_offset_mc_free(mc);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for %zu Monte-Carlo draws", ndraws);
    }
    gsl_rng_set(rng, seed);
    mc->n = ndraws;
    mc->us = mc->um + ndraws;
    mc->uo = mc->us + ndraws;
    /* Latin hypercube sample (McKay, Beckman & Conover 1979, Technometrics 21, 239): each variable
     * takes every stratum quantile Phi^-1((k + 1/2) / n) once, in its own random order, so the
     * marginals are exact and percentiles converge much faster than with independent draws. */
    double *dims[3] = {mc->um, mc->us, mc->uo};
    for (int d = 0; d < 3; d++) {
        for (size_t k = 0; k < ndraws; k++)
            dims[d][k] = gsl_cdf_ugaussian_Pinv(((double)k + 0.5) / (double)ndraws);
        gsl_ran_shuffle(rng, dims[d], ndraws, sizeof *dims[d]);
    }
    gsl_rng_free(rng);
    *out = mc;
    return IFS_OK;
}

/* One split-normal draw from the standard deviate u. */
static double split(const ifs_measure *m, double u)
{
    return m->value + u * (u < 0 ? m->lo : m->hi);
}

static int known_errors(const ifs_measure *m)
{
    return isfinite(m->lo) && isfinite(m->hi);
}

/* work holds 3 * mc->n doubles. */
static void one(const ifs_relation *rel, const ifs_offset_mc *mc, const ifs_offset_input *in, double *work,
                ifs_offset_result *out)
{
    int ms = ifs_relation_kind_of(rel) == IFS_RELATION_MS;
    const ifs_measure *obs = ms ? &in->logsfr : &in->oh;
    const double *uobs = ms ? mc->us : mc->uo; /* a main sequence compares the SFR it also reads */
    double vars[IFS_VAR_COUNT] = {in->logm.value, in->logsfr.value, in->z, in->age_gyr};
    out->model = ifs_relation_eval(rel, vars);
    out->offset = obs->value - out->model; /* NAN propagates */
    out->in_range = ifs_relation_in_range(rel, vars);
    out->lo = out->hi = NAN;
    if (!isfinite(out->offset) || !known_errors(obs) ||
        (ifs_relation_uses(rel, IFS_VAR_LOGM) && !known_errors(&in->logm)) ||
        (ifs_relation_uses(rel, IFS_VAR_LOGSFR) && !known_errors(&in->logsfr)))
        return;
    size_t n = mc->n;
    double *logm = work, *logsfr = work + n, *model = work + 2 * n;
    for (size_t i = 0; i < n; i++) {
        logm[i] = split(&in->logm, mc->um[i]);
        logsfr[i] = split(&in->logsfr, mc->us[i]);
    }
    ifs_relation_eval_n(rel, n, logm, logsfr, in->z, in->age_gyr, model);
    /* Root-mean-square deviations below and above the offset at the measured values: for Gaussian
     * or split-normal offsets these are the 1-sigma widths, and with the Latin hypercube table
     * they converge much faster than percentiles (which sort a few draws into each tail). */
    double below = 0.0, above = 0.0;
    size_t nbelow = 0;
    for (size_t i = 0; i < n; i++) {
        double d = split(obs, uobs[i]) - model[i] - out->offset;
        if (d < 0) {
            below += d * d;
            nbelow++;
        } else {
            above += d * d;
        }
    }
    out->lo = nbelow ? sqrt(below / (double)nbelow) : 0.0;
    out->hi = nbelow < n ? sqrt(above / (double)(n - nbelow)) : 0.0;
}

/* Rows per work item: enough work per hand-out to make the scheduling cost negligible. */
#define ROWS_PER_ITEM 256

typedef struct {
    const ifs_relation *rel;
    const ifs_offset_mc *mc;
    const ifs_offset_input *in;
    ifs_offset_result *out;
    size_t n;
    double *work; /* 3 * mc->n doubles per thread */
} job;

static int run(size_t item, int thread, void *ctx, ifs_error *err)
{
    const job *j = ctx;
    double *work = j->work + (size_t)thread * 3 * j->mc->n;
    size_t end = (item + 1) * ROWS_PER_ITEM < j->n ? (item + 1) * ROWS_PER_ITEM : j->n;
    for (size_t i = item * ROWS_PER_ITEM; i < end; i++)
        one(j->rel, j->mc, &j->in[i], work, &j->out[i]);
    return IFS_OK;
}

int ifs_offset_compute(const ifs_relation *rel, const ifs_offset_mc *mc, const ifs_offset_input *in,
                       size_t n, int nthreads, ifs_offset_result *out, ifs_error *err)
{
    nthreads = ifs_parallel_threads(nthreads);
    job j = {rel, mc, in, out, n, malloc((size_t)nthreads * 3 * mc->n * sizeof *j.work)};
    if (!j.work)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for offsets of %zu galaxies", n);
    int status = ifs_parallel_for((n + ROWS_PER_ITEM - 1) / ROWS_PER_ITEM, nthreads, run, &j, err);
    free(j.work);
    return status;
}
