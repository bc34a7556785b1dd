/* spectrum.c: wavelength grids with pixel edges, summed spectra and the line-coverage rule. */
#include "ifscat/spectrum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Angstrom per um. */
#define AA_PER_UM 1e4

void ifs_wavegrid_free(ifs_wavegrid *grid)
{
    if (!grid)
        return;
    free(grid->wave_aa);
    free(grid->edge_aa);
    free(grid);
}

int ifs_wavegrid_alloc(const double *wave_um, size_t n, ifs_wavegrid **out, ifs_error *err)
{
    *out = NULL;
    if (n < 2)
        return ifs_error_set(err, IFS_ERR_INPUT, "a wavelength grid needs at least 2 channels, got %zu", n);
    for (size_t k = 1; k < n; k++)
        if (!(wave_um[k] > wave_um[k - 1]))
            return ifs_error_set(err, IFS_ERR_INPUT, "wavelengths must increase: channel %zu (%g um) after %g um", k,
                                 wave_um[k], wave_um[k - 1]);
    ifs_wavegrid *g = calloc(1, sizeof *g);
    if (!g || !(g->wave_aa = malloc(n * sizeof *g->wave_aa)) || !(g->edge_aa = malloc((n + 1) * sizeof *g->edge_aa))) {
        ifs_wavegrid_free(g);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    g->n = n;
    for (size_t k = 0; k < n; k++)
        g->wave_aa[k] = wave_um[k] * AA_PER_UM;
    for (size_t k = 1; k < n; k++)
        g->edge_aa[k] = 0.5 * (g->wave_aa[k - 1] + g->wave_aa[k]);
    g->edge_aa[0] = 2 * g->wave_aa[0] - g->edge_aa[1];
    g->edge_aa[n] = 2 * g->wave_aa[n - 1] - g->edge_aa[n - 1];
    *out = g;
    return IFS_OK;
}

size_t ifs_wavegrid_find(const ifs_wavegrid *grid, double wave_aa)
{
    size_t lo = 0, hi = grid->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (grid->wave_aa[mid] < wave_aa)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void ifs_spectrum_free(ifs_spectrum *spec)
{
    if (!spec)
        return;
    free(spec->flux);
    free(spec->err);
    free(spec->mask);
    free(spec);
}

ifs_spectrum *ifs_spectrum_alloc(size_t n)
{
    ifs_spectrum *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->n = n;
    s->flux = calloc(n, sizeof *s->flux);
    s->err = calloc(n, sizeof *s->err);
    s->mask = malloc(n);
    if (!s->flux || !s->err || !s->mask) {
        ifs_spectrum_free(s);
        return NULL;
    }
    memset(s->mask, 1, n);
    return s;
}

/* 1 when channel k of a cube spaxel spectrum starting at offset can be used. */
static int cube_valid(const ifs_cube *c, size_t offset, size_t k)
{
    float f = c->flux[offset + k], e = c->err[offset + k];
    return !c->mask[offset + k] && isfinite(f) && isfinite(e) && e > 0;
}

/* Value and error of channel k of a spaxel in a sum: the voxel, or when fill is set and the voxel is
 * an isolated unusable one (both neighbouring channels usable), the linear interpolation in
 * wavelength between them.  Returns 0 when neither. */
static int summand(const ifs_cube *c, size_t offset, size_t k, int fill, double *f, double *e)
{
    if (cube_valid(c, offset, k)) {
        *f = c->flux[offset + k];
        *e = c->err[offset + k];
        return 1;
    }
    if (!fill || k == 0 || k + 1 >= c->nwave || !cube_valid(c, offset, k - 1) || !cube_valid(c, offset, k + 1))
        return 0;
    double t = (c->wave_um[k] - c->wave_um[k - 1]) / (c->wave_um[k + 1] - c->wave_um[k - 1]);
    *f = (1 - t) * c->flux[offset + k - 1] + t * c->flux[offset + k + 1];
    *e = (1 - t) * c->err[offset + k - 1] + t * c->err[offset + k + 1];
    return 1;
}

size_t ifs_spectrum_sum(const ifs_cube *cube, const size_t *spaxels, size_t nspaxels, ifs_spectrum *out)
{
    size_t nw = cube->nwave, used = 0;
    memset(out->flux, 0, nw * sizeof *out->flux);
    memset(out->err, 0, nw * sizeof *out->err);
    memset(out->mask, 0, nw);
    for (size_t i = 0; i < nspaxels; i++) {
        size_t offset = spaxels[i] * nw, k = 0;
        while (k < nw && !cube_valid(cube, offset, k))
            k++;
        if (k == nw)
            continue;
        used++;
        for (k = 0; k < nw; k++) {
            double f, e;
            if (!summand(cube, offset, k, nspaxels > 1, &f, &e)) {
                out->mask[k] = 1;
                continue;
            }
            out->flux[k] += f;
            out->err[k] += e * e;
        }
    }
    if (!used)
        memset(out->mask, 1, nw);
    for (size_t k = 0; k < nw; k++)
        out->err[k] = sqrt(out->err[k]);
    return used;
}

int ifs_spectrum_covers(const ifs_wavegrid *grid, const ifs_spectrum *spec, double centre_aa, double fwhm_aa)
{
    int n = 0;
    for (size_t k = ifs_wavegrid_find(grid, centre_aa - fwhm_aa); k < grid->n && grid->wave_aa[k] <= centre_aa + fwhm_aa; k++)
        n += ifs_spectrum_valid(spec, k);
    return n >= 2;
}
