/* spec1d.c: reading a 1D spectrum table as a 1 x 1 cube: JWST x1d (EXTRACT1D: WAVELENGTH,
 * FLUX, FLUX_ERROR, DQ; jwst datamodels "x1d" schema) and msaexp SPEC1D (wave, flux, err). */
#include "fitsread.h"

#include "ifscat/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* JWST data-quality flag DO_NOT_USE = 2^0 (JWST calibration pipeline, stdatamodels dqflags). */
#define JWST_DQ_DO_NOT_USE 1u

typedef struct column {
    const char *name;
    int num;
    char unit[FLEN_VALUE];
} column;

static int find_column(const ifs_fits_file *ff, int tnum, column *c, int required, ifs_error *err)
{
    int status = 0, found = 0;
    c->num = 0;
    *c->unit = '\0';
    fits_get_colnum(ff->f, CASEINSEN, (char *)c->name, &c->num, &status);
    if (status) {
        fits_clear_errmsg();
        c->num = 0;
        if (required)
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, "TTYPEn", 0, "no column '%s'", c->name);
        return IFS_OK;
    }
    char key[16];
    snprintf(key, sizeof key, "TUNIT%d", c->num);
    ifs_fits_key_str(ff, key, 0, c->unit, sizeof c->unit, &found, &status);
    return IFS_OK;
}

static int read_column(const ifs_fits_file *ff, int tnum, const column *c, size_t n, double *v,
                       ifs_error *err)
{
    int status = 0;
    fits_read_col(ff->f, TDOUBLE, c->num, 1, 1, (LONGLONG)n, NULL, v, NULL, &status);
    if (status)
        return ifs_fits_fail(err, IFS_ERR_IO, ff, tnum, NULL, status,
                         status == END_OF_FILE ? "column '%s': the table ends early: the file is truncated"
                                               : "cannot read column '%s'", c->name);
    return IFS_OK;
}

int ifs_read_spectrum1d(const ifs_fits_file *ff, int t, const ifs_read_options *opt, ifs_cube **out,
                        ifs_error *err)
{
    *out = NULL;
    int tnum = ff->hdu[t].num, msaexp = strcasecmp(ff->hdu[t].extname, "SPEC1D") == 0;
    column wave = {msaexp ? "wave" : "WAVELENGTH", 0, ""}, flux = {msaexp ? "flux" : "FLUX", 0, ""},
           error = {msaexp ? "err" : "FLUX_ERROR", 0, ""}, dq = {"DQ", 0, ""};
    int status = 0, found = 0;
    long nrows = 0;
    ifs_fits_goto(ff, tnum, &status);
    fits_get_num_rows(ff->f, &nrows, &status);
    if (status)
        return ifs_fits_fail(err, IFS_ERR_IO, ff, tnum, NULL, status, "cannot read the table");
    if (find_column(ff, tnum, &wave, 1, err) || find_column(ff, tnum, &flux, 1, err) ||
        find_column(ff, tnum, &error, 1, err) || (!msaexp && find_column(ff, tnum, &dq, 0, err)))
        return err->code;
    if (nrows < 2)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, "NAXIS2", 0, "%ld rows: not a spectrum", nrows);

    char wkey[16], fkey[16], bunit[FLEN_VALUE];
    snprintf(wkey, sizeof wkey, "TUNIT%d", wave.num);
    snprintf(fkey, sizeof fkey, "TUNIT%d", flux.num);
    if (!*wave.unit)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, wkey, 0, "missing: the unit of column '%s'",
                         wave.name);
    const char *unit_source = opt->bunit ? "--bunit" : fkey;
    if (opt->bunit) {
        snprintf(bunit, sizeof bunit, "%s", opt->bunit);
    } else if (*flux.unit) {
        snprintf(bunit, sizeof bunit, "%s", flux.unit);
    } else {
        ifs_fits_key_str(ff, "BUNIT", 1, bunit, sizeof bunit, &found, &status);
        unit_source = "BUNIT";
        if (status || !found || !*bunit)
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, fkey, 0,
                             "missing (and no BUNIT): the flux unit of column '%s' is unknown",
                             flux.name);
    }
    ifs_flux_unit fu;
    if (ifs_flux_unit_parse(bunit, &fu, err))
        return opt->bunit ? err->code
                          : ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, unit_source, 0, "%s", err->msg);
    if (fu.per_solid_angle)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, unit_source, 0,
                         "'%s' is a surface brightness; a 1D spectrum needs a flux density", bunit);
    if (!opt->bunit && *error.unit && strcmp(error.unit, bunit) != 0) {
        char ekey[16];
        snprintf(ekey, sizeof ekey, "TUNIT%d", error.num);
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, ekey, 0,
                         "column '%s' is in '%s', the flux in '%s'", error.name, error.unit, bunit);
    }
    double um_per_unit;
    {
        ifs_unit u;
        ifs_error uerr;
        static const int length[IFS_NDIM] = {0, 0, 1, 0};
        if (ifs_unit_parse(wave.unit, &u, &uerr) || memcmp(u.dim, length, sizeof length) != 0)
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, wkey, 0, "'%s' is not a wavelength unit",
                             wave.unit);
        um_per_unit = u.scale * 1e4;
    }

    size_t n = (size_t)nrows;
    int code = IFS_OK;
    double *buf = malloc(3 * n * sizeof *buf);
    ifs_cube *c = ifs_cube_alloc(1, 1, n);
    if (!buf || !c) {
        code = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", ff->path);
        goto exit;
    }
    double *w = buf, *f = buf + n, *e = buf + 2 * n;
    if (read_column(ff, tnum, &wave, n, w, err) || read_column(ff, tnum, &flux, n, f, err) ||
        read_column(ff, tnum, &error, n, e, err)) {
        code = err->code;
        goto exit;
    }
    for (size_t k = 0; k < n; k++)
        c->wave_um[k] = w[k] * um_per_unit;
    if (ifs_fits_check_wave(ff, tnum, wkey, c->wave_um, n, err)) {
        code = err->code;
        goto exit;
    }
    for (size_t k = 0; k < n; k++) {
        double fac = ifs_flux_unit_factor(&fu, c->wave_um[k], 0);
        c->flux[k] = (float)(f[k] * fac);
        c->err[k] = (float)(e[k] * fac);
    }
    if (dq.num) { /* reuse w: the wavelengths are in the cube now */
        if (read_column(ff, tnum, &dq, n, w, err)) {
            code = err->code;
            goto exit;
        }
        for (size_t k = 0; k < n; k++)
            c->mask[k] = isfinite(w[k]) && ((unsigned long long)w[k] & JWST_DQ_DO_NOT_USE);
    }
    size_t good = 0;
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(c->flux[k]) || !isfinite(c->err[k]) || !(c->err[k] > 0))
            c->mask[k] = 1;
        good += !c->mask[k];
    }
    if (good == 0) {
        code = ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, NULL, 0,
                         "every value is NaN, has no valid error or is flagged: nothing to ingest");
        goto exit;
    }

    double ra = 0, dec = 0;
    int fra = 0, fdec = 0;
    ifs_fits_key_dbl(ff, "SRCRA", 1, &ra, &fra, &status);
    ifs_fits_key_dbl(ff, "SRCDEC", 1, &dec, &fdec, &status);
    ifs_fits_read_setup(ff, c, &status);
    if (status) {
        code = ifs_fits_fail(err, IFS_ERR_IO, ff, tnum, NULL, status, "cannot read the header");
        goto exit;
    }
    if (fra && fdec && isfinite(ra) && isfinite(dec)) {
        c->ra_deg = malloc(sizeof *c->ra_deg);
        c->dec_deg = malloc(sizeof *c->dec_deg);
        if (!c->ra_deg || !c->dec_deg) {
            code = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", ff->path);
            goto exit;
        }
        c->ra_deg[0] = ra;
        c->dec_deg[0] = dec;
    }
    if (msaexp && !*c->instrument) /* msaexp extracts NIRSpec MSA spectra only */
        snprintf(c->instrument, sizeof c->instrument, "NIRSPEC");
    snprintf(c->format, sizeof c->format, "%s", msaexp ? "msaexp-spec1d" : "jwst-x1d");
    snprintf(c->conversion, sizeof c->conversion,
             "%s '%s' -> %s%s; wavelengths column '%s' in '%s'; errors column '%s'%s",
             unit_source, bunit, IFS_FLUX_UNIT, fu.fnu ? " (f_lambda = f_nu c / lambda^2)" : "",
             wave.name, wave.unit, error.name, dq.num ? "; mask from DQ bit 0 (DO_NOT_USE)" : "");
exit:
    free(buf);
    if (code)
        ifs_cube_free(c);
    else
        *out = c;
    return code;
}
