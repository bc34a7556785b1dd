/* test_parallel.c: every item runs exactly once whatever the thread count, per-thread indices stay
 * in range, and a failing item stops the loop with its own status and message. */
#include "check.h"

#include "ifscat/parallel.h"

#include <stdatomic.h>
#include <string.h>

typedef struct ctx {
    atomic_int *count;
    int nthreads, bad_thread;
    size_t fail_at;
} ctx;

static int visit(size_t item, int thread, void *p, ifs_error *err)
{
    ctx *c = p;
    if (thread < 0 || thread >= c->nthreads)
        c->bad_thread = 1;
    if (item == c->fail_at)
        return ifs_error_set(err, IFS_ERR_NUMERIC, "item %zu failed", item);
    atomic_fetch_add(&c->count[item], 1);
    return IFS_OK;
}

int main(void)
{
    ifs_error err;
    enum { N = 1003 };
    static atomic_int count[N];
    for (int nt = 1; nt <= 4; nt++) {
        for (int i = 0; i < N; i++)
            atomic_init(&count[i], 0);
        ctx c = {count, nt, 0, (size_t)-1};
        CHECK(ifs_parallel_for(N, nt, visit, &c, &err) == 0, "%s", err.msg);
        int once = 1;
        for (int i = 0; i < N; i++)
            once &= atomic_load(&count[i]) == 1;
        CHECK(once && !c.bad_thread, "%d threads: every item exactly once, thread index in range", nt);
    }
    ctx c = {count, 2, 0, 517};
    CHECK(ifs_parallel_for(N, 2, visit, &c, &err) == IFS_ERR_NUMERIC && strcmp(err.msg, "item 517 failed") == 0,
          "the failing item's status and message come back: %s", err.msg);
    CHECK(ifs_parallel_for(0, 2, visit, &c, &err) == 0, "no items, no work");
    CHECK(ifs_parallel_threads(3) == 3 && ifs_parallel_threads(0) >= 1, "thread count request");
    return check_report("test_parallel");
}
