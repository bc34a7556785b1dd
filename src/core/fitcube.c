/* fitcube.c: fitting all regions of an observation on the shared parallel loop; each result is
 * written to its region's slot, so the order of work does not matter. */
#include "ifscat/fitcube.h"

#include "ifscat/parallel.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>

typedef struct job {
    const ifs_fitcube_input *in;
    ifs_fitcube_output *out;
    ifs_spectrum **spec;       /* per thread */
    ifs_specfit_work **work;   /* per thread */
    ifs_fitcube_progress progress;
    void *ctx;
    pthread_mutex_t lock;
    size_t done;
} job;

void ifs_fitcube_output_free(ifs_fitcube_output *out)
{
    if (!out)
        return;
    for (size_t r = 0; out->kept && r < out->nregions; r++) {
        ifs_spectrum_free(out->kept[r].spec);
        free(out->kept[r].continuum);
        free(out->kept[r].model);
    }
    free(out->kept);
    free(out->result);
    free(out->line);
    free(out->group);
    free(out->nused);
    free(out);
}

static int fit_region(size_t r, int thread, void *arg, ifs_error *err)
{
    job *jb = arg;
    const ifs_fitcube_input *in = jb->in;
    ifs_fitcube_output *out = jb->out;
    ifs_region_model *kept = &out->kept[r];
    ifs_spectrum *spec = kept->spec ? kept->spec : jb->spec[thread];
    const ifs_region *reg = &in->regions->region[r];
    if (reg->kind == IFS_REGION_SMOOTHED) {
        size_t s = in->regions->spaxel[reg->first];
        ifs_spectrum_median3x3(in->cube, s % in->cube->nx, s / in->cube->nx, spec);
        out->nused[r] = 1;
    } else {
        out->nused[r] = ifs_spectrum_sum(in->cube, in->regions->spaxel + reg->first, reg->nspaxels, spec);
    }
    ifs_specfit_result *res = &out->result[r];
    ifs_continuum cont;
    res->continuum = kept->spec ? &cont : NULL;
    int status = ifs_specfit_run(in->grid, spec, in->list, in->plan, in->set, jb->work[thread], res, err);
    if (status == IFS_OK && kept->spec)
        ifs_specfit_model(in->grid, in->list, in->plan, res, kept->continuum, kept->model);
    res->continuum = NULL;
    if (status == IFS_ERR_NUMERIC) {
        for (size_t g = 0; g < out->ngroups; g++)
            res->group[g] = (ifs_group_fit){.status = IFS_FIT_NOT_CONVERGED, .z = NAN, .z_err = NAN, .scale = NAN,
                                            .scale_err = NAN, .fwhm_kms = NAN, .chi2_red = NAN};
        for (size_t l = 0; l < out->nlines; l++)
            res->line[l] = (ifs_line_fit){.status = IFS_FIT_NOT_CONVERGED, .flux = NAN, .err = NAN, .snr = NAN};
        res->error_scale = NAN; /* no continuum, no error scale */
        for (size_t k = 0; kept->spec && k < in->cube->nwave; k++)
            kept->continuum[k] = kept->model[k] = NAN;
        status = IFS_OK;
    }
    if (status)
        return status;
    pthread_mutex_lock(&jb->lock);
    jb->done++;
    if (jb->progress)
        jb->progress(jb->done, out->nregions, jb->ctx);
    pthread_mutex_unlock(&jb->lock);
    return IFS_OK;
}

int ifs_fitcube_run(const ifs_fitcube_input *in, int nthreads, ifs_fitcube_progress progress, void *ctx,
                    ifs_fitcube_output **out, ifs_error *err)
{
    *out = NULL;
    size_t n = in->regions->n, nl = in->list->nlines, ng = in->list->ngroups;
    int nt = ifs_parallel_threads(nthreads), status = IFS_OK;
    job jb = {.in = in, .progress = progress, .ctx = ctx, .lock = PTHREAD_MUTEX_INITIALIZER};
    ifs_fitcube_output *o = calloc(1, sizeof *o);
    jb.out = o;
    jb.spec = calloc((size_t)nt, sizeof *jb.spec);
    jb.work = calloc((size_t)nt, sizeof *jb.work);
    if (!o || !jb.spec || !jb.work || !(o->result = calloc(n ? n : 1, sizeof *o->result)) ||
        !(o->line = calloc(n * nl + 1, sizeof *o->line)) || !(o->group = calloc(n * ng + 1, sizeof *o->group)) ||
        !(o->nused = calloc(n + 1, sizeof *o->nused)) || !(o->kept = calloc(n + 1, sizeof *o->kept))) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for %zu regions", n);
        goto exit;
    }
    o->nregions = n;
    for (size_t r = 0; r < n; r++) {
        ifs_region_model *k = &o->kept[r];
        if (!(in->keep_kinds & (1u << in->regions->region[r].kind)))
            continue;
        if (!(k->spec = ifs_spectrum_alloc(in->cube->nwave)) || !(k->continuum = malloc(in->cube->nwave * sizeof(double))) ||
            !(k->model = malloc(in->cube->nwave * sizeof(double)))) {
            status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for the spectrum of region %zu", r);
            goto exit;
        }
    }
    for (int t = 0; t < nt; t++)
        if (!(jb.spec[t] = ifs_spectrum_alloc(in->cube->nwave)) || !(jb.work[t] = ifs_specfit_work_alloc(in->cube->nwave))) {
            status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for fitting thread %d", t + 1);
            goto exit;
        }
    o->nlines = nl;
    o->ngroups = ng;
    for (size_t r = 0; r < n; r++) {
        o->result[r].line = o->line + r * nl;
        o->result[r].group = o->group + r * ng;
    }
    status = ifs_parallel_for(n, nt, fit_region, &jb, err);
exit:
    for (int t = 0; jb.spec && jb.work && t < nt; t++) {
        ifs_spectrum_free(jb.spec[t]);
        ifs_specfit_work_free(jb.work[t]);
    }
    free(jb.spec);
    free(jb.work);
    if (status)
        ifs_fitcube_output_free(o);
    else
        *out = o;
    return status;
}
