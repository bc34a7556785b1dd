/* fitcube.c: fitting all regions of an observation with a pool of threads taking blocks of regions
 * in turn; each result is written to its region's slot, so the order of work does not matter. */
#include "ifscat/fitcube.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>

/* Regions taken per turn: small enough to balance the load, large enough that the lock is rare. */
#define BLOCK 16

typedef struct shared {
    const ifs_fitcube_input *in;
    ifs_fitcube_output *out;
    ifs_fitcube_progress progress;
    void *ctx;
    pthread_mutex_t lock;
    size_t next, done;
    int failed;
    ifs_error err;
} shared;

void ifs_fitcube_output_free(ifs_fitcube_output *out)
{
    if (!out)
        return;
    free(out->result);
    free(out->line);
    free(out->group);
    free(out->nused);
    free(out);
}

static int fit_region(const ifs_fitcube_input *in, ifs_fitcube_output *out, size_t r, ifs_spectrum *spec,
                      ifs_specfit_work *work, ifs_error *err)
{
    const ifs_region *reg = &in->regions->region[r];
    if (reg->kind == IFS_REGION_SMOOTHED) {
        size_t s = in->regions->spaxel[reg->first];
        ifs_spectrum_median3x3(in->cube, s % in->cube->nx, s / in->cube->nx, spec);
        out->nused[r] = 1;
    } else {
        out->nused[r] = ifs_spectrum_sum(in->cube, in->regions->spaxel + reg->first, reg->nspaxels, spec);
    }
    ifs_specfit_result *res = &out->result[r];
    int status = ifs_specfit_run(in->grid, spec, in->list, in->plan, in->set, work, res, err);
    if (status != IFS_ERR_NUMERIC)
        return status;
    for (size_t g = 0; g < out->ngroups; g++)
        res->group[g] = (ifs_group_fit){.status = IFS_FIT_NOT_CONVERGED, .z = NAN, .z_err = NAN, .scale = NAN,
                                        .scale_err = NAN, .fwhm_kms = NAN, .chi2_red = NAN};
    for (size_t l = 0; l < out->nlines; l++)
        res->line[l] = (ifs_line_fit){.status = IFS_FIT_NOT_CONVERGED, .flux = NAN, .err = NAN, .snr = NAN};
    return IFS_OK;
}

static void *worker(void *arg)
{
    shared *sh = arg;
    const ifs_fitcube_input *in = sh->in;
    ifs_spectrum *spec = ifs_spectrum_alloc(in->cube->nwave);
    ifs_specfit_work *work = ifs_specfit_work_alloc(in->cube->nwave);
    ifs_error err;
    int status = spec && work ? IFS_OK : ifs_error_set(&err, IFS_ERR_NOMEM, "out of memory in a fitting thread");
    size_t total = sh->out->nregions;
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        if (status && !sh->failed) {
            sh->failed = 1;
            sh->err = err;
        }
        size_t from = sh->next, to = from + BLOCK < total ? from + BLOCK : total;
        sh->next = to;
        int stop = sh->failed || from >= total;
        pthread_mutex_unlock(&sh->lock);
        if (stop)
            break;
        for (size_t r = from; r < to && !status; r++)
            status = fit_region(in, sh->out, r, spec, work, &err);
        if (status)
            continue;
        pthread_mutex_lock(&sh->lock);
        sh->done += to - from;
        if (sh->progress)
            sh->progress(sh->done, total, sh->ctx);
        pthread_mutex_unlock(&sh->lock);
    }
    ifs_spectrum_free(spec);
    ifs_specfit_work_free(work);
    return NULL;
}

int ifs_fitcube_run(const ifs_fitcube_input *in, int nthreads, ifs_fitcube_progress progress, void *ctx,
                    ifs_fitcube_output **out, ifs_error *err)
{
    *out = NULL;
    size_t n = in->regions->n, nl = in->list->nlines, ng = in->list->ngroups;
    ifs_fitcube_output *o = calloc(1, sizeof *o);
    if (!o || !(o->result = calloc(n ? n : 1, sizeof *o->result)) || !(o->line = calloc(n * nl + 1, sizeof *o->line)) ||
        !(o->group = calloc(n * ng + 1, sizeof *o->group)) || !(o->nused = calloc(n + 1, sizeof *o->nused))) {
        ifs_fitcube_output_free(o);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for %zu regions", n);
    }
    o->nregions = n;
    o->nlines = nl;
    o->ngroups = ng;
    for (size_t r = 0; r < n; r++) {
        o->result[r].line = o->line + r * nl;
        o->result[r].group = o->group + r * ng;
    }
    shared sh = {.in = in, .out = o, .progress = progress, .ctx = ctx};
    pthread_mutex_init(&sh.lock, NULL);
    if (nthreads < 1)
        nthreads = 1;
    pthread_t tid[nthreads];
    int started = 0;
    for (; started < nthreads - 1; started++)
        if (pthread_create(&tid[started], NULL, worker, &sh)) {
            pthread_mutex_lock(&sh.lock);
            if (!sh.failed) {
                sh.failed = 1;
                ifs_error_set(&sh.err, IFS_ERR_NOMEM, "could not start fitting thread %d", started + 1);
            }
            pthread_mutex_unlock(&sh.lock);
            break;
        }
    worker(&sh); /* the calling thread works too */
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&sh.lock);
    if (sh.failed) {
        *err = sh.err;
        ifs_fitcube_output_free(o);
        return err->code;
    }
    *out = o;
    return IFS_OK;
}
