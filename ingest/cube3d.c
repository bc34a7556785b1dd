/* cube3d.c: reading an IFU cube (JWST s3d, ESO-convention MUSE/KMOS, IRAF-style GMOS): finds the
 * data, error and quality HDUs, checks their shapes, converts the unit, and turns the FITS
 * plane-by-plane layout into spaxel-major spectra a block of planes at a time, so that at no point
 * two full copies of an extension are held. */
#include "fitsread.h"

#include "ifscat/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* JWST data-quality flag DO_NOT_USE = 2^0 (JWST calibration pipeline, stdatamodels dqflags). */
#define JWST_DQ_DO_NOT_USE 1u

/* Planes are read in blocks of about this many bytes (a few hundred kB: the block is the only
 * buffer besides the cube). */
#define BLOCK_BYTES (1u << 19)

typedef enum { ERRS_SIGMA, ERRS_VARIANCE } err_kind;
typedef enum { MASK_NONE, MASK_DQ_BITS, MASK_NONZERO } mask_kind;

/* Does extname equal base, or end in ".base"?  The part before (with its dot) goes to prefix. */
static int name_is(const char *extname, const char *base, char *prefix, size_t n)
{
    size_t le = strlen(extname), lb = strlen(base);
    if (le == lb && strcasecmp(extname, base) == 0) {
        if (prefix)
            *prefix = '\0';
        return 1;
    }
    if (le > lb + 1 && extname[le - lb - 1] == '.' && strcasecmp(extname + le - lb, base) == 0) {
        if (prefix)
            snprintf(prefix, n, "%.*s", (int)(le - lb), extname);
        return 1;
    }
    return 0;
}

/* Index of the image HDU named prefix+base, or -1. */
static int find_companion(const ifs_fits_file *ff, const char *prefix, const char *base)
{
    char want[FLEN_VALUE * 2];
    snprintf(want, sizeof want, "%s%s", prefix, base);
    int i = ifs_fits_find_hdu(ff, want);
    return i >= 0 && ff->hdu[i].type == IMAGE_HDU ? i : -1;
}

/* Index of the data HDU, or minus the error code (err set). */
static int find_data(const ifs_fits_file *ff, char *prefix, size_t n, ifs_error *err)
{
    int found = -1, count = 0, wrong_dim = -1;
    char names[512] = "";
    for (int i = 0; i < ff->nhdu; i++) {
        const ifs_fits_hdu *h = &ff->hdu[i];
        char pre[FLEN_VALUE];
        if (h->type != IMAGE_HDU ||
            !(name_is(h->extname, "SCI", pre, sizeof pre) || name_is(h->extname, "DATA", pre, sizeof pre)))
            continue;
        if (h->naxis == 0) /* e.g. an unused KMOS IFU */
            continue;
        if (h->naxis != 3) {
            wrong_dim = i;
            continue;
        }
        if (count++ == 0) {
            found = i;
            snprintf(prefix, n, "%s", pre);
        }
        size_t len = strlen(names);
        snprintf(names + len, sizeof names - len, "%s'%s'", len ? ", " : "", h->extname);
    }
    if (count > 1)
        return -ifs_fits_fail(err, IFS_ERR_INPUT, ff, 0, NULL, 0,
                         "%d data cubes (%s); ingest files with one cube", count, names);
    if (count == 0 && wrong_dim >= 0)
        return -ifs_fits_fail(err, IFS_ERR_INPUT, ff, ff->hdu[wrong_dim].num, "NAXIS", 0,
                         "has %d axes; a cube needs 3", ff->hdu[wrong_dim].naxis);
    if (count == 0)
        return -ifs_fits_fail(err, IFS_ERR_INPUT, ff, 0, NULL, 0,
                         "no data extension: none named SCI or DATA (or ending in .SCI/.DATA) "
                         "holds a cube");
    return found;
}

/* Reads image HDU num plane block by plane block (float), writing value * factor[k] (or
 * sqrt(value) * factor[k] for a variance) to dst in spaxel-major order. */
static int read_scatter(const ifs_fits_file *ff, int num, const double *factor, int variance,
                        float *block, size_t bplanes, ifs_cube *c, float *dst, ifs_error *err)
{
    size_t nspax = c->nx * c->ny;
    int status = 0;
    ifs_fits_goto(ff, num, &status);
    for (size_t k0 = 0; k0 < c->nwave && !status; k0 += bplanes) {
        size_t np = c->nwave - k0 < bplanes ? c->nwave - k0 : bplanes;
        LONGLONG first[3] = {1, 1, (LONGLONG)k0 + 1};
        fits_read_pixll(ff->f, TFLOAT, first, (LONGLONG)(np * nspax), NULL, block, NULL, &status);
        if (status)
            break;
        for (size_t s = 0; s < nspax; s++) {
            float *o = dst + s * c->nwave + k0;
            const float *in = block + s;
            const double *f = factor + k0;
            if (variance)
                for (size_t j = 0; j < np; j++)
                    o[j] = (float)(sqrt((double)in[j * nspax]) * f[j]);
            else
                for (size_t j = 0; j < np; j++)
                    o[j] = (float)((double)in[j * nspax] * f[j]);
        }
    }
    if (status)
        return ifs_fits_fail(err, IFS_ERR_IO, ff, num, NULL, status,
                         status == END_OF_FILE ? "the data end early: the file is truncated"
                                               : "cannot read the data");
    return IFS_OK;
}

/* ORs the quality HDU into c->mask: per voxel, or per spaxel for a 2D mask.  block holds 4-byte
 * values: DQ is read as uint32 (its type), MASK as float (any non-zero integer stays non-zero). */
static int read_quality(const ifs_fits_file *ff, int num, mask_kind kind, int per_spaxel,
                        void *block, size_t bplanes, ifs_cube *c, ifs_error *err)
{
    size_t nspax = c->nx * c->ny;
    int status = 0;
    ifs_fits_goto(ff, num, &status);
    size_t planes = per_spaxel ? 1 : c->nwave;
    const unsigned int *dq = block;
    const float *flag = block;
    for (size_t k0 = 0; k0 < planes && !status; k0 += bplanes) {
        size_t np = planes - k0 < bplanes ? planes - k0 : bplanes;
        LONGLONG first[3] = {1, 1, (LONGLONG)k0 + 1};
        fits_read_pixll(ff->f, kind == MASK_DQ_BITS ? TUINT : TFLOAT, first,
                        (LONGLONG)(np * nspax), NULL, block, NULL, &status);
        if (status)
            break;
        for (size_t s = 0; s < nspax; s++) {
            unsigned char *m = c->mask + s * c->nwave + k0;
            for (size_t j = 0; j < np; j++) {
                size_t i = j * nspax + s;
                int bad = kind == MASK_DQ_BITS ? (dq[i] & JWST_DQ_DO_NOT_USE) != 0 : flag[i] != 0;
                if (!bad)
                    continue;
                if (per_spaxel)
                    memset(c->mask + s * c->nwave, 1, c->nwave);
                else
                    m[j] = 1;
            }
        }
    }
    if (status)
        return ifs_fits_fail(err, IFS_ERR_IO, ff, num, NULL, status,
                             status == END_OF_FILE ? "the data end early: the file is truncated"
                                                   : "cannot read the quality flags");
    return IFS_OK;
}

/* The unit of the error HDU, when it states one, must be the data unit (sigma) or its square
 * (variance). */
static int check_error_unit(const ifs_fits_file *ff, int hnum, err_kind kind, const char *data_unit,
                            ifs_error *err)
{
    int status = 0, found = 0;
    char bunit[FLEN_VALUE];
    ifs_fits_goto(ff, hnum, &status);
    ifs_fits_key_str(ff, "BUNIT", 0, bunit, sizeof bunit, &found, &status);
    if (status || !found || !*bunit)
        return IFS_OK;
    ifs_unit du, eu;
    ifs_error uerr;
    if (ifs_unit_parse(data_unit, &du, &uerr))
        return IFS_OK; /* the data unit was checked already; this cannot happen */
    if (ifs_unit_parse(bunit, &eu, &uerr) ||
        !ifs_unit_is_power(&eu, &du, kind == ERRS_VARIANCE ? 2 : 1))
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, hnum, "BUNIT", 0,
                         "'%s' is not %s of the data unit '%s'", bunit,
                         kind == ERRS_VARIANCE ? "the square" : "the same as that", data_unit);
    return IFS_OK;
}

int ifs_read_cube3d(const ifs_fits_file *ff, const ifs_read_options *opt, ifs_cube **out, ifs_error *err)
{
    *out = NULL;
    char prefix[FLEN_VALUE] = "";
    int d = find_data(ff, prefix, sizeof prefix, err);
    if (d < 0)
        return err->code;
    const ifs_fits_hdu *dh = &ff->hdu[d];
    int dnum = dh->num;

    err_kind ekind = ERRS_SIGMA;
    int e = find_companion(ff, prefix, "ERR");
    if (e < 0)
        e = find_companion(ff, prefix, "NOISE");
    if (e < 0 && (e = find_companion(ff, prefix, "STAT")) >= 0)
        ekind = ERRS_VARIANCE;
    if (e < 0)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, dnum, NULL, 0,
                         "no error extension: none named %sERR, %sNOISE or %sSTAT", prefix, prefix,
                         prefix);
    mask_kind mkind = MASK_NONE;
    int q = find_companion(ff, prefix, "DQ");
    if (q >= 0)
        mkind = MASK_DQ_BITS;
    else if ((q = find_companion(ff, prefix, "MASK")) >= 0)
        mkind = MASK_NONZERO;

    /* Shapes must agree: errors exactly, quality per voxel or per spaxel. */
    const ifs_fits_hdu *eh = &ff->hdu[e];
    for (int a = 0; a < 3; a++)
        if (eh->naxis != 3 || eh->naxes[a] != dh->naxes[a]) {
            char l1[FLEN_VALUE + 32], l2[FLEN_VALUE + 32], key[8];
            snprintf(key, sizeof key, "NAXIS%d", a + 1);
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, eh->num, eh->naxis != 3 ? "NAXIS" : key, 0,
                             "shape %ldx%ldx%ld differs from %s (%ldx%ldx%ld); see %s",
                             eh->naxes[0], eh->naxis > 1 ? eh->naxes[1] : 0,
                             eh->naxis > 2 ? eh->naxes[2] : 0, ifs_fits_hdu_label(ff, dnum, l1, sizeof l1),
                             dh->naxes[0], dh->naxes[1], dh->naxes[2],
                             ifs_fits_hdu_label(ff, eh->num, l2, sizeof l2));
        }
    int per_spaxel = 0;
    if (q >= 0) {
        const ifs_fits_hdu *qh = &ff->hdu[q];
        int same3 = qh->naxis == 3 && qh->naxes[0] == dh->naxes[0] && qh->naxes[1] == dh->naxes[1] &&
                    qh->naxes[2] == dh->naxes[2];
        per_spaxel = qh->naxis == 2 && qh->naxes[0] == dh->naxes[0] && qh->naxes[1] == dh->naxes[1];
        if (!same3 && !per_spaxel) {
            char l1[FLEN_VALUE + 32];
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, qh->num, "NAXIS", 0,
                             "shape %ldx%ldx%ld differs from %s (%ldx%ldx%ld)", qh->naxes[0],
                             qh->naxis > 1 ? qh->naxes[1] : 0, qh->naxis > 2 ? qh->naxes[2] : 0,
                             ifs_fits_hdu_label(ff, dnum, l1, sizeof l1), dh->naxes[0], dh->naxes[1],
                             dh->naxes[2]);
        }
    }

    size_t nx = (size_t)dh->naxes[0], ny = (size_t)dh->naxes[1], nwave = (size_t)dh->naxes[2];
    int code = IFS_OK, status = 0, found = 0;
    double *factor = NULL;
    float *block = NULL;
    ifs_cube *c = ifs_cube_alloc(nx, ny, nwave);
    if (!c)
        return ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory for a %zux%zux%zu cube",
                             ff->path, nx, ny, nwave);

    char wdesc[256], bunit[FLEN_VALUE] = "", telescope[FLEN_VALUE] = "";
    if (ifs_fits_read_wave_axis(ff, dnum, nwave, opt->medium, c->wave_um, wdesc, sizeof wdesc, err)) {
        code = err->code;
        goto exit;
    }
    double pixel_sr = 0;
    if (ifs_fits_read_celestial(ff, dnum, c, &pixel_sr, err)) {
        code = err->code;
        goto exit;
    }
    if (opt->pixscale_arcsec > 0) {
        if (pixel_sr > 0) {
            code = ifs_fits_fail(err, IFS_ERR_INPUT, ff, dnum, "CTYPE1", 0,
                             "the cube has a celestial WCS (%.4g arcsec spaxels); --pixscale is "
                             "only for cubes without one", c->pixscale_arcsec);
            goto exit;
        }
        c->pixscale_arcsec = opt->pixscale_arcsec;
    }

    ifs_fits_goto(ff, dnum, &status);
    ifs_fits_read_setup(ff, c, &status);
    ifs_fits_key_str(ff, "TELESCOP", 1, telescope, sizeof telescope, &found, &status);
    const char *unit_source = "--bunit";
    if (opt->bunit) {
        snprintf(bunit, sizeof bunit, "%s", opt->bunit);
    } else {
        ifs_fits_key_str(ff, "BUNIT", 1, bunit, sizeof bunit, &found, &status);
        unit_source = "BUNIT";
        if (!status && (!found || !*bunit)) {
            code = ifs_fits_fail(err, IFS_ERR_INPUT, ff, dnum, "BUNIT", 0,
                             "missing: the flux unit is unknown (give --bunit UNIT if you know it)");
            goto exit;
        }
    }
    if (status) {
        code = ifs_fits_fail(err, IFS_ERR_IO, ff, dnum, NULL, status, "cannot read the header");
        goto exit;
    }
    ifs_flux_unit fu;
    if (ifs_flux_unit_parse(bunit, &fu, err)) {
        code = opt->bunit ? err->code : ifs_fits_fail(err, IFS_ERR_INPUT, ff, dnum, "BUNIT", 0, "%s", err->msg);
        goto exit;
    }
    if (!opt->bunit && check_error_unit(ff, eh->num, ekind, bunit, err)) {
        code = err->code;
        goto exit;
    }
    char area[128] = "";
    if (fu.per_solid_angle) {
        double pixar = 0;
        ifs_fits_goto(ff, dnum, &status);
        ifs_fits_key_dbl(ff, "PIXAR_SR", 1, &pixar, &found, &status);
        if (!status && found && pixar > 0) {
            pixel_sr = pixar;
            snprintf(area, sizeof area, " x PIXAR_SR = %.6g sr", pixar);
        } else if (pixel_sr > 0) {
            snprintf(area, sizeof area, " x spaxel solid angle from the WCS = %.6g sr", pixel_sr);
        } else if (opt->pixscale_arcsec > 0) {
            pixel_sr = opt->pixscale_arcsec * opt->pixscale_arcsec * IFS_SR_PER_ARCSEC2;
            snprintf(area, sizeof area, " x (--pixscale %.6g arcsec)^2", opt->pixscale_arcsec);
        } else {
            code = ifs_fits_fail(err, IFS_ERR_INPUT, ff, dnum, "PIXAR_SR", 0,
                             "missing: BUNIT '%s' is per solid angle, but the spaxel's solid angle "
                             "is unknown (no PIXAR_SR, no celestial WCS; give --pixscale ARCSEC)", bunit);
            goto exit;
        }
    }
    snprintf(c->conversion, sizeof c->conversion, "%s '%s'%s -> %s%s; errors from %s%s; %s",
             unit_source, bunit, area, IFS_FLUX_UNIT, fu.fnu ? " (f_lambda = f_nu c / lambda^2)" : "",
             eh->extname, ekind == ERRS_VARIANCE ? " (variance, square-rooted)" : "", wdesc);
    snprintf(c->format, sizeof c->format, "%s", strcasecmp(telescope, "JWST") == 0 ? "jwst-s3d" : "ifu-cube");

    factor = malloc(nwave * sizeof *factor);
    size_t nspax = nx * ny, bplanes = BLOCK_BYTES / (nspax * sizeof(float));
    if (bplanes < 1)
        bplanes = 1;
    block = malloc(bplanes * nspax * sizeof *block); /* also holds uint32 DQ values */
    if (!factor || !block) {
        code = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", ff->path);
        goto exit;
    }
    for (size_t k = 0; k < nwave; k++)
        factor[k] = ifs_flux_unit_factor(&fu, c->wave_um[k], pixel_sr);
    if (read_scatter(ff, dnum, factor, 0, block, bplanes, c, c->flux, err) ||
        read_scatter(ff, eh->num, factor, ekind == ERRS_VARIANCE, block, bplanes, c, c->err, err) ||
        (q >= 0 && read_quality(ff, ff->hdu[q].num, mkind, per_spaxel, block,
                                per_spaxel ? 1 : bplanes, c, err))) {
        code = err->code;
        goto exit;
    }
    size_t good = 0, n = nspax * nwave;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(c->flux[i]) || !(c->err[i] > 0) || !isfinite(c->err[i]))
            c->mask[i] = 1;
        good += !c->mask[i];
    }
    if (good == 0)
        code = ifs_fits_fail(err, IFS_ERR_INPUT, ff, dnum, NULL, 0,
                         "every value is NaN, has no valid error or is flagged: nothing to ingest");
exit:
    free(factor);
    free(block);
    if (code)
        ifs_cube_free(c);
    else
        *out = c;
    return code;
}
