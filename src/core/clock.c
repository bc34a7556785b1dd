/* clock.c: a monotonic clock in seconds. */
#include "ifscat/clock.h"

#include <time.h>

double ifs_clock_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
