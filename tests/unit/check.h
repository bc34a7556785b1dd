/* check.h: the few assertion macros the unit tests use; a failing check prints where and why,
 * a test program exits 1 if any check failed and 77 when it has to skip. */
#ifndef IFSCAT_CHECK_H
#define IFSCAT_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int check_count, check_failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        check_count++;                                                                             \
        if (!(cond)) {                                                                             \
            check_failures++;                                                                      \
            fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);                                 \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

/* |got - want| <= tol, with the values printed on failure. */
#define CHECK_CLOSE(got, want, tol, what)                                                          \
    CHECK(fabs((double)(got) - (double)(want)) <= (tol), "%s: got %.10g, want %.10g +- %.3g",     \
          (what), (double)(got), (double)(want), (double)(tol))

/* |got - want| <= rel * |want| */
#define CHECK_REL(got, want, rel, what)                                                            \
    CHECK(fabs((double)(got) - (double)(want)) <= (rel) * fabs((double)(want)),                   \
          "%s: got %.10g, want %.10g (relative tolerance %.3g)", (what), (double)(got),           \
          (double)(want), (double)(rel))

/* Skips the whole test program, saying why. */
#define SKIP(why)                                                                                  \
    do {                                                                                           \
        printf("SKIP: %s\n", (why));                                                               \
        exit(77);                                                                                  \
    } while (0)

/* Directory of ../shared (IFSCAT_SHARED overrides), or NULL when absent. */
static inline const char *check_shared_dir(void)
{
    const char *dir = getenv("IFSCAT_SHARED");
    if (!dir || !*dir)
        dir = "../shared";
    return access(dir, R_OK) == 0 ? dir : NULL;
}

static inline int check_report(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
    return check_failures ? 1 : 0;
}

#endif
