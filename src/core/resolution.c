/* resolution.c: reading the NIRSpec dispersion tables (cfitsio) and interpolating R(lambda). */
#include "ifscat/resolution.h"

#include "ifscat/datadir.h"

#include <ctype.h>
#include <fitsio.h>
#include <stdlib.h>
#include <string.h>

void ifs_resolution_free(ifs_resolution *res)
{
    if (!res)
        return;
    free(res->wave_um);
    free(res->r);
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
    int status = 0, wcol, rcol;
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
    res->n = (size_t)nrows;
    res->wave_um = malloc(res->n * sizeof *res->wave_um);
    res->r = malloc(res->n * sizeof *res->r);
    if (!res->wave_um || !res->r) {
        ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto fail;
    }
    if (fits_read_col(f, TDOUBLE, wcol, 1, 1, nrows, NULL, res->wave_um, NULL, &status) ||
        fits_read_col(f, TDOUBLE, rcol, 1, 1, nrows, NULL, res->r, NULL, &status)) {
        fits_fail(status, path, "reading WAVELENGTH and R", err);
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

double ifs_resolution_r(const ifs_resolution *res, double wave_um)
{
    if (wave_um <= res->wave_um[0])
        return res->r[0];
    if (wave_um >= res->wave_um[res->n - 1])
        return res->r[res->n - 1];
    size_t lo = 0, hi = res->n - 1;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (res->wave_um[mid] <= wave_um)
            lo = mid;
        else
            hi = mid;
    }
    double t = (wave_um - res->wave_um[lo]) / (res->wave_um[hi] - res->wave_um[lo]);
    return res->r[lo] + t * (res->r[hi] - res->r[lo]);
}

double ifs_resolution_sigma_um(const ifs_resolution *res, double wave_um)
{
    return wave_um / ifs_resolution_r(res, wave_um) / IFS_FWHM_PER_SIGMA;
}
