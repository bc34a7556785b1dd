/* background.c: background spectrum from source-free spaxels, and its subtraction. */
#include "ifscat/background.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

size_t ifs_background_spaxels(const ifs_maps *maps, int cx, int cy, double radius, double snr_min, size_t *out)
{
    size_t ns = maps->nx * maps->ny, n = 0;
    double *level = malloc(ns * sizeof *level);
    if (!level)
        return 0;
    for (size_t s = 0; s < ns; s++) {
        double dx = (double)(s % maps->nx) - cx, dy = (double)(s / maps->nx) - cy;
        if (hypot(dx, dy) > radius && isfinite(maps->cont[s]) && isfinite(maps->line[s]) && maps->cont_err[s] > 0 &&
            maps->line_err[s] > 0) {
            out[n] = s;
            level[n++] = maps->cont[s];
        }
    }
    double median = n ? gsl_stats_median(level, 1, n) : 0;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        size_t s = out[i];
        if (fabs(maps->line[s] / maps->line_err[s]) < snr_min && fabs(maps->cont[s] - median) < snr_min * maps->cont_err[s])
            out[kept++] = s;
    }
    free(level);
    return kept;
}

int ifs_background_measure(const ifs_cube *cube, const size_t *spaxels, size_t n, ifs_spectrum *bg, ifs_error *err)
{
    if (n < IFS_BACKGROUND_MIN_SPAXELS)
        return ifs_error_set(err, IFS_ERR_INPUT, "background: %zu source-free spaxels, at least %d needed", n,
                             IFS_BACKGROUND_MIN_SPAXELS);
    double *f = malloc(n * sizeof *f), *e = malloc(n * sizeof *e);
    if (!f || !e) {
        free(f);
        free(e);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < cube->nwave; k++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            size_t j = spaxels[i] * cube->nwave + k;
            if (!cube->mask[j] && isfinite(cube->flux[j]) && isfinite(cube->err[j]) && cube->err[j] > 0) {
                f[m] = cube->flux[j];
                e[m] = cube->err[j];
                m++;
            }
        }
        bg->mask[k] = !m;
        bg->flux[k] = m ? gsl_stats_median(f, 1, m) : 0;
        bg->err[k] = m ? sqrt(M_PI / 2) * gsl_stats_median(e, 1, m) / sqrt((double)m) : 0;
    }
    free(f);
    free(e);
    return IFS_OK;
}

void ifs_background_subtract(ifs_cube *cube, const ifs_spectrum *bg)
{
    for (size_t s = 0; s < cube->nx * cube->ny; s++)
        for (size_t k = 0; k < cube->nwave; k++) {
            size_t j = s * cube->nwave + k;
            if (bg->mask[k]) {
                cube->mask[j] = 1;
                continue;
            }
            cube->flux[j] -= (float)bg->flux[k];
            cube->err[j] = (float)sqrt((double)cube->err[j] * cube->err[j] + bg->err[k] * bg->err[k]);
        }
}
