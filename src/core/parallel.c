/* parallel.c: a parallel for-loop over independent items with POSIX threads and an atomic
 * counter handing out the next item. */
#include "ifscat/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct shared {
    size_t n;
    ifs_parallel_fn fn;
    void *ctx;
    atomic_size_t next;
    atomic_int failed;
    pthread_mutex_t lock;
    int status;
    ifs_error err;
} shared;

typedef struct worker {
    shared *sh;
    int thread;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    ifs_error err;
    ifs_error_clear(&err);
    for (;;) {
        if (atomic_load(&sh->failed))
            break;
        size_t item = atomic_fetch_add(&sh->next, 1);
        if (item >= sh->n)
            break;
        int status = sh->fn(item, w->thread, sh->ctx, &err);
        if (status) {
            pthread_mutex_lock(&sh->lock);
            if (!sh->status) {
                sh->status = status;
                sh->err = err;
            }
            pthread_mutex_unlock(&sh->lock);
            atomic_store(&sh->failed, 1);
            break;
        }
    }
    return NULL;
}

int ifs_parallel_threads(int nthreads)
{
    if (nthreads > 0)
        return nthreads;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    return ncpu > 0 ? (int)ncpu : 1;
}

int ifs_parallel_for(size_t n, int nthreads, ifs_parallel_fn fn, void *ctx, ifs_error *err)
{
    int nt = ifs_parallel_threads(nthreads);
    if ((size_t)nt > n)
        nt = n > 0 ? (int)n : 1;
    shared sh = {.n = n, .fn = fn, .ctx = ctx, .lock = PTHREAD_MUTEX_INITIALIZER};
    atomic_init(&sh.next, 0);
    atomic_init(&sh.failed, 0);
    worker *w = calloc((size_t)nt, sizeof *w);
    pthread_t *tid = calloc((size_t)nt, sizeof *tid);
    int started = 1, status = IFS_OK;
    if (!w || !tid) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for %d threads", nt);
        goto exit;
    }
    for (int t = 0; t < nt; t++)
        w[t] = (worker){&sh, t};
    for (int t = 1; t < nt; t++, started++)
        if (pthread_create(&tid[t], NULL, work, &w[t]) != 0) {
            status = ifs_error_set(err, IFS_ERR_STATE, "cannot start thread %d of %d", t + 1, nt);
            atomic_store(&sh.failed, 1);
            break;
        }
    if (!status)
        work(&w[0]);
    for (int t = 1; t < started; t++)
        pthread_join(tid[t], NULL);
    if (!status && sh.status) {
        status = sh.status;
        if (err)
            *err = sh.err;
    }
exit:
    free(w);
    free(tid);
    return status;
}
