/* smooth.c: 3x3 spaxel median filter of a cube, one spectrum at a time. */
#include "ifscat/smooth.h"

#include <math.h>

/* Median of 9 values by the exchange network of Paeth (Graphics Gems, 1990) as given by Devillard,
 * "Fast median search: an ANSI C implementation" (1998): 19 compare-exchanges. */
#define SORT2(a, b)                                                                                \
    do {                                                                                           \
        if ((a) > (b)) {                                                                           \
            float t_ = (a);                                                                        \
            (a) = (b);                                                                             \
            (b) = t_;                                                                              \
        }                                                                                          \
    } while (0)

static float median9(float *p)
{
    SORT2(p[1], p[2]); SORT2(p[4], p[5]); SORT2(p[7], p[8]);
    SORT2(p[0], p[1]); SORT2(p[3], p[4]); SORT2(p[6], p[7]);
    SORT2(p[1], p[2]); SORT2(p[4], p[5]); SORT2(p[7], p[8]);
    SORT2(p[0], p[3]); SORT2(p[5], p[8]); SORT2(p[4], p[7]);
    SORT2(p[3], p[6]); SORT2(p[1], p[4]); SORT2(p[2], p[5]);
    SORT2(p[4], p[7]); SORT2(p[4], p[2]); SORT2(p[6], p[4]);
    SORT2(p[4], p[2]);
    return p[4];
}

/* Median of n <= 9 values (insertion sort: n is tiny; the network when n = 9). */
static float median(float *v, int n)
{
    if (n == 9)
        return median9(v);
    for (int i = 1; i < n; i++) {
        float t = v[i];
        int j = i;
        for (; j > 0 && v[j - 1] > t; j--)
            v[j] = v[j - 1];
        v[j] = t;
    }
    return n % 2 ? v[n / 2] : 0.5f * (v[n / 2 - 1] + v[n / 2]);
}

void ifs_spectrum_median3x3(const ifs_cube *cube, size_t x, size_t y, ifs_spectrum *out)
{
    /* sqrt(pi / 2): standard deviation of the median of n normal values times sqrt(n) / sigma. */
    const double median_sd = sqrt(M_PI / 2);
    size_t nb[9];
    int n = 0;
    for (size_t yy = y ? y - 1 : 0; yy <= y + 1 && yy < cube->ny; yy++)
        for (size_t xx = x ? x - 1 : 0; xx <= x + 1 && xx < cube->nx; xx++)
            nb[n++] = ifs_cube_index(cube, xx, yy, 0);
    for (size_t k = 0; k < cube->nwave; k++) {
        float f[9], e[9];
        int m = 0;
        for (int i = 0; i < n; i++) {
            size_t j = nb[i] + k;
            if (!cube->mask[j] && isfinite(cube->flux[j]) && isfinite(cube->err[j]) && cube->err[j] > 0) {
                f[m] = cube->flux[j];
                e[m] = cube->err[j];
                m++;
            }
        }
        out->mask[k] = !m;
        out->flux[k] = m ? median(f, m) : NAN;
        out->err[k] = m ? median_sd * median(e, m) / sqrt((double)m) : NAN;
    }
}
