/* resolution.c: reading the NIRSpec dispersion tables (cfitsio) and interpolating R(lambda). */
#include "ifscat/resolution.h"

#include "ifscat/datadir.h"

#include <ctype.h>
#include <fitsio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void ifs_resolution_free(ifs_resolution *res)
{
    if (!res)
        return;
    free(res->wave_um);
    free(res->r);
    free(res->dlds_um);
    free(res);
}

static int fits_fail(int status, const char *path, const char *what, ifs_error *err)
{
    char text[FLEN_STATUS];
    fits_get_errstatus(status, text);
    return ifs_error_set(err, IFS_ERR_INPUT, "%s: HDU 'TABLE': %s: %s", path, what, text);
}

int ifs_resolution_load(const char *name, ifs_resolution **out, ifs_error *err)
{
    *out = NULL;
    char path[4096], relative[64];
    if (strchr(name, '/') || strstr(name, ".fits")) {
        snprintf(path, sizeof path, "%s", name);
    } else {
        char lower[16];
        size_t i = 0;
        for (; name[i] && i < sizeof lower - 1; i++)
            lower[i] = (char)tolower((unsigned char)name[i]);
        lower[i] = '\0';
        snprintf(relative, sizeof relative, "resolution/jwst_nirspec_%s_disp.fits", lower);
        if (ifs_datadir_path(relative, path, sizeof path, err))
            return ifs_error_set(err, IFS_ERR_INPUT,
                                 "no resolution curve for disperser '%s' (known: PRISM, G140M, G140H, G235M, G235H, G395M, G395H)",
                                 name);
    }
    fitsfile *f = NULL;
    int status = 0, wcol, rcol, dcol = 0;
    long nrows = 0;
    ifs_resolution *res = calloc(1, sizeof *res);
    if (!res)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (fits_open_file(&f, path, READONLY, &status) ||
        fits_movnam_hdu(f, BINARY_TBL, "TABLE", 0, &status) ||
        fits_get_colnum(f, CASEINSEN, "WAVELENGTH", &wcol, &status) ||
        fits_get_colnum(f, CASEINSEN, "R", &rcol, &status) || fits_get_num_rows(f, &nrows, &status)) {
        fits_fail(status, path, "expected a TABLE extension with WAVELENGTH and R columns", err);
        goto fail;
    }
    if (fits_get_colnum(f, CASEINSEN, "DLDS", &dcol, &status)) { /* optional */
        status = 0;
        dcol = 0;
    }
    res->n = (size_t)nrows;
    res->wave_um = malloc(res->n * sizeof *res->wave_um);
    res->r = malloc(res->n * sizeof *res->r);
    res->dlds_um = dcol ? malloc(res->n * sizeof *res->dlds_um) : NULL;
    if (!res->wave_um || !res->r || (dcol && !res->dlds_um)) {
        ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto fail;
    }
    if (fits_read_col(f, TDOUBLE, wcol, 1, 1, nrows, NULL, res->wave_um, NULL, &status) ||
        fits_read_col(f, TDOUBLE, rcol, 1, 1, nrows, NULL, res->r, NULL, &status) ||
        (dcol && fits_read_col(f, TDOUBLE, dcol, 1, 1, nrows, NULL, res->dlds_um, NULL, &status))) {
        fits_fail(status, path, "reading WAVELENGTH, R and DLDS", err);
        goto fail;
    }
    for (size_t i = 0; i < res->n; i++)
        if (!(res->r[i] > 0) || (i && !(res->wave_um[i] > res->wave_um[i - 1]))) {
            ifs_error_set(err, IFS_ERR_INPUT, "%s: row %zu: R must be positive and WAVELENGTH increasing",
                          path, i + 1);
            goto fail;
        }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *p = strstr(base, "nirspec_");
    p = p ? p + 8 : base;
    size_t i = 0;
    for (; p[i] && p[i] != '_' && p[i] != '.' && i < sizeof res->disperser - 1; i++)
        res->disperser[i] = (char)toupper((unsigned char)p[i]);
    res->disperser[i] = '\0';
    fits_close_file(f, &status);
    *out = res;
    return IFS_OK;
fail:
    status = 0;
    if (f)
        fits_close_file(f, &status);
    ifs_resolution_free(res);
    return err->code;
}

/* y(x) of a table with increasing x, linearly interpolated; the end values beyond it. */
static double interpolate(const double *x, const double *y, size_t n, double v)
{
    if (v <= x[0])
        return y[0];
    if (v >= x[n - 1])
        return y[n - 1];
    size_t lo = 0, hi = n - 1;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (x[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    double t = (v - x[lo]) / (x[hi] - x[lo]);
    return y[lo] + t * (y[hi] - y[lo]);
}

double ifs_resolution_r(const ifs_resolution *res, double wave_um)
{
    return interpolate(res->wave_um, res->r, res->n, wave_um);
}

/* The NIRSpec grating families: the three bands of one resolution (M or H). */
static const char *const grating_bands[] = {"G140", "G235", "G395"};
enum { NBANDS = sizeof grating_bands / sizeof *grating_bands };

/* Per channel, the band whose table covers it and whose dispersion is nearest to its width. */
static void combine(const ifs_resolution *own, ifs_resolution *const *band, const double *wave_um, size_t n,
                    ifs_resolution *out)
{
    int used[NBANDS] = {0};
    for (size_t k = 0; k < n; k++) {
        double w = wave_um[k], step = INFINITY;
        if (k > 0)
            step = w - wave_um[k - 1];
        if (k + 1 < n)
            step = fmin(step, wave_um[k + 1] - w);
        int best = -1;
        double best_d = INFINITY;
        for (int b = 0; b < NBANDS; b++)
            if (w >= band[b]->wave_um[0] && w <= band[b]->wave_um[band[b]->n - 1]) {
                double d = fabs(log(step / interpolate(band[b]->wave_um, band[b]->dlds_um, band[b]->n, w)));
                if (d < best_d) {
                    best_d = d;
                    best = b;
                }
            }
        out->wave_um[k] = w;
        out->r[k] = best >= 0 ? ifs_resolution_r(band[best], w) : ifs_resolution_r(own, w);
        if (best >= 0)
            used[best] = 1;
    }
    for (int b = 0; b < NBANDS; b++)
        if (used[b]) {
            size_t len = strlen(out->disperser);
            snprintf(out->disperser + len, sizeof out->disperser - len, "%s%s", len ? "+" : "", band[b]->disperser);
        }
    if (!*out->disperser)
        snprintf(out->disperser, sizeof out->disperser, "%s", own->disperser);
}

int ifs_resolution_for_grid(const char *disperser, const double *wave_um, size_t n, ifs_resolution **out,
                            ifs_error *err)
{
    *out = NULL;
    ifs_resolution *own, *band[NBANDS] = {0}, *res = NULL;
    if (ifs_resolution_load(disperser, &own, err))
        return err->code;
    const char *d = own->disperser;
    int grating = strlen(d) == 5 && d[0] == 'G' && (d[4] == 'M' || d[4] == 'H');
    if (!grating || n == 0 || (wave_um[0] >= own->wave_um[0] && wave_um[n - 1] <= own->wave_um[own->n - 1])) {
        *out = own;
        return IFS_OK;
    }
    int status = IFS_OK;
    for (int b = 0; b < NBANDS; b++) {
        char name[8];
        snprintf(name, sizeof name, "%s%c", grating_bands[b], d[4]);
        if ((status = ifs_resolution_load(name, &band[b], err)))
            goto exit;
        if (!band[b]->dlds_um) {
            status = ifs_error_set(err, IFS_ERR_INPUT, "resolution curve %s has no DLDS column to combine gratings", name);
            goto exit;
        }
    }
    if (!(res = calloc(1, sizeof *res)) || !(res->wave_um = malloc(n * sizeof *res->wave_um)) ||
        !(res->r = malloc(n * sizeof *res->r))) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto exit;
    }
    res->n = n;
    combine(own, band, wave_um, n, res);
exit:
    for (int b = 0; b < NBANDS; b++)
        ifs_resolution_free(band[b]);
    ifs_resolution_free(own);
    if (status)
        ifs_resolution_free(res);
    else
        *out = res;
    return status;
}

double ifs_resolution_sigma_um(const ifs_resolution *res, double wave_um)
{
    return wave_um / ifs_resolution_r(res, wave_um) / IFS_FWHM_PER_SIGMA;
}
