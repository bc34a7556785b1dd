/* ifscat/parallel.h: running independent work items (regions, spaxels) on a few POSIX threads.
 * Items are handed out one at a time, so the split depends on timing: results must depend only on
 * the item (give each item its own random stream), never on the thread that ran it. */
#ifndef IFSCAT_PARALLEL_H
#define IFSCAT_PARALLEL_H

#include <stddef.h>

#include "ifscat/error.h"

/* Work on item `item` by thread `thread` (0 <= thread < the thread count, for per-thread
 * workspaces).  Returns 0, or a status with err filled, which stops the loop. */
typedef int (*ifs_parallel_fn)(size_t item, int thread, void *ctx, ifs_error *err);

/* The thread count to use for a request: nthreads if > 0, else the online processors. */
int ifs_parallel_threads(int nthreads);

/* Calls fn for items 0..n-1 on min(n, nthreads) threads (nthreads as for ifs_parallel_threads;
 * a single thread runs inline).  Returns 0, or the status and message of the first failing item
 * (items not yet started are skipped).  Fails with IFS_ERR_STATE if a thread cannot start. */
int ifs_parallel_for(size_t n, int nthreads, ifs_parallel_fn fn, void *ctx, ifs_error *err);

#endif
