/* mock_fits.c: writing the mock as a JWST s3d file (jwst datamodels IFUCubeModel layout: SCI,
 * ERR in MJy/sr with PIXAR_SR, DQ uint32, optional WCS-TABLE), adding Gaussian noise whose true
 * sigma is k times ERR, and DO_NOT_USE voxels set to NaN. */
#include "ifscat/mock.h"

#include "ifscat/outfile.h"
#include "ifscat/units.h"
#include "ifscat/version.h"

#include <fitsio.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* JWST data-quality flag DO_NOT_USE = 2^0 (JWST calibration pipeline, stdatamodels dqflags). */
#define JWST_DQ_DO_NOT_USE 1u

/* Keywords of the celestial and spectral WCS shared by SCI, ERR and DQ (FITS WCS Papers I-III). */
static void write_wcs(fitsfile *f, const ifs_mock_model *m, int *status)
{
    const ifs_mock_params *p = &m->p;
    double crpix1 = p->x0 + 1.0, crpix2 = p->y0 + 1.0, cdelt = p->pixscale_arcsec / 3600.0;
    int three = 3;
    fits_write_key(f, TINT, "WCSAXES", &three, "number of WCS axes", status);
    fits_write_key_str(f, "RADESYS", "ICRS", "celestial frame", status);
    fits_write_key_str(f, "CTYPE1", "RA---TAN", NULL, status);
    fits_write_key_str(f, "CTYPE2", "DEC--TAN", NULL, status);
    fits_write_key_str(f, "CUNIT1", "deg", NULL, status);
    fits_write_key_str(f, "CUNIT2", "deg", NULL, status);
    fits_write_key(f, TDOUBLE, "CRPIX1", &crpix1, "host centre", status);
    fits_write_key(f, TDOUBLE, "CRPIX2", &crpix2, "host centre", status);
    fits_write_key(f, TDOUBLE, "CRVAL1", (void *)&p->ra_deg, "[deg] RA of the host centre", status);
    fits_write_key(f, TDOUBLE, "CRVAL2", (void *)&p->dec_deg, "[deg] Dec of the host centre", status);
    double cdelt1 = -cdelt; /* east to the left, north up */
    fits_write_key(f, TDOUBLE, "CDELT1", &cdelt1, "[deg]", status);
    fits_write_key(f, TDOUBLE, "CDELT2", &cdelt, "[deg]", status);
    fits_write_key_str(f, "CUNIT3", "um", NULL, status);
    if (p->wave_table) {
        /* -TAB (Paper III section 6.1): psi = CRVAL3 + CDELT3 (p - CRPIX3) = p indexes the table. */
        double one = 1.0;
        fits_write_key_str(f, "CTYPE3", "WAVE-TAB", "vacuum wavelength from a table", status);
        fits_write_key(f, TDOUBLE, "CRPIX3", &one, NULL, status);
        fits_write_key(f, TDOUBLE, "CRVAL3", &one, NULL, status);
        fits_write_key(f, TDOUBLE, "CDELT3", &one, NULL, status);
        fits_write_key_str(f, "PS3_0", "WCS-TABLE", "wavelength table extension", status);
        fits_write_key_str(f, "PS3_1", "wavelength", "wavelength table column", status);
    } else {
        double one = 1.0, step = (m->wave_um[p->nwave - 1] - m->wave_um[0]) / (double)(p->nwave - 1);
        fits_write_key_str(f, "CTYPE3", "WAVE", "vacuum wavelength", status);
        fits_write_key(f, TDOUBLE, "CRPIX3", &one, NULL, status);
        fits_write_key(f, TDOUBLE, "CRVAL3", m->wave_um, "[um]", status);
        fits_write_key(f, TDOUBLE, "CDELT3", &step, "[um]", status);
    }
}

static void create_image(fitsfile *f, const ifs_mock_model *m, int bitpix, const char *name,
                         const char *bunit, double pixar_sr, int *status)
{
    long naxes[3] = {(long)m->p.nx, (long)m->p.ny, (long)m->p.nwave};
    fits_create_img(f, bitpix, 3, naxes, status);
    fits_write_key_str(f, "EXTNAME", name, NULL, status);
    if (bunit) {
        double a2 = pixar_sr / IFS_SR_PER_ARCSEC2;
        fits_write_key_str(f, "BUNIT", bunit, NULL, status);
        fits_write_key(f, TDOUBLE, "PIXAR_SR", &pixar_sr, "[sr] spaxel solid angle", status);
        fits_write_key(f, TDOUBLE, "PIXAR_A2", &a2, "[arcsec^2] spaxel area", status);
    }
    write_wcs(f, m, status);
}

static void write_primary(fitsfile *f, const ifs_mock_model *m, int *status)
{
    const ifs_mock_params *p = &m->p;
    fits_create_img(f, 8, 0, NULL, status);
    fits_write_key_str(f, "TELESCOP", "JWST", NULL, status);
    fits_write_key_str(f, "INSTRUME", "NIRSPEC", NULL, status);
    fits_write_key_str(f, "GRATING", "PRISM", NULL, status);
    fits_write_key_str(f, "FILTER", "CLEAR", NULL, status);
    fits_write_key_str(f, "EXP_TYPE", "NRS_IFU", NULL, status);
    fits_write_key(f, TDOUBLE, "EFFEXPTM", (void *)&p->exptime_s, "[s] effective exposure time", status);
    fits_write_key_str(f, "ORIGIN", "ifscat mock " IFS_VERSION, "simulated, not observed", status);
    unsigned long seed = p->seed;
    fits_write_key(f, TULONG, "MOCKSEED", &seed, "random seed of the noise", status);
    fits_write_key(f, TDOUBLE, "MOCK_Z", (void *)&p->z, "redshift", status);
    fits_write_key(f, TDOUBLE, "MOCK_MU", (void *)&p->mu, "magnification", status);
    fits_write_history(f, "ifscat mock: a forward model; the truth is in the .truth.json file", status);
}

/* The WCS-TABLE extension: one row, column 'wavelength' holding all nwave values (um). */
static void write_table(fitsfile *f, const ifs_mock_model *m, int *status)
{
    char form[32], dim[48];
    snprintf(form, sizeof form, "%zuD", m->p.nwave);
    snprintf(dim, sizeof dim, "(1,%zu)", m->p.nwave);
    char *ttype[] = {"wavelength"}, *tform[] = {form}, *tunit[] = {"um"};
    fits_create_tbl(f, BINARY_TBL, 1, 1, ttype, tform, tunit, "WCS-TABLE", status);
    fits_write_key_str(f, "TDIM1", dim, NULL, status);
    fits_write_col(f, TDOUBLE, 1, 1, 1, (LONGLONG)m->p.nwave, m->wave_um, status);
}

int ifs_mock_write_fits(const ifs_mock_model *m, const char *path, ifs_error *err)
{
    const ifs_mock_params *p = &m->p;
    size_t nspax = p->nx * p->ny, nw = p->nwave;
    if (ifs_outfile_check_regular(path, err))
        return err->code;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    remove(tmp);
    ifs_flux_unit sb;
    ifs_error uerr;
    ifs_flux_unit_parse("MJy/sr", &sb, &uerr);
    double pixar_sr = p->pixscale_arcsec * p->pixscale_arcsec * IFS_SR_PER_ARCSEC2;

    fitsfile *f = NULL;
    int status = 0, code = IFS_OK;
    float *plane = malloc(nspax * sizeof *plane);
    unsigned char *bad = malloc(nspax * nw);
    unsigned int *dq = malloc(nspax * sizeof *dq);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!plane || !bad || !dq || !rng) {
        code = ifs_error_set(err, IFS_ERR_NOMEM, "mock: out of memory");
        goto exit;
    }
    gsl_rng_set(rng, p->seed);
    errno = 0;
    if (fits_create_diskfile(&f, tmp, &status)) {
        code = ifs_error_set(err, IFS_ERR_IO, "%s: cannot write: %s", path,
                             errno ? strerror(errno) : "cfitsio cannot create the file");
        f = NULL;
        goto exit;
    }
    write_primary(f, m, &status);

    /* SCI: model + noise, plane by plane; the noise-free model is recomputed per voxel. */
    create_image(f, m, FLOAT_IMG, "SCI", "MJy/sr", pixar_sr, &status);
    for (size_t k = 0; k < nw && !status; k++) {
        double to_sb = 1.0 / ifs_flux_unit_factor(&sb, m->wave_um[k], pixar_sr);
        for (size_t s = 0; s < nspax; s++) {
            size_t v = k * nspax + s;
            bad[v] = gsl_rng_uniform(rng) < p->bad_fraction;
            double noise = gsl_ran_gaussian_ziggurat(rng, p->noise);
            plane[s] = bad[v] ? NAN : (float)((ifs_mock_model_flux(m, s, k) + noise) * to_sb);
        }
        LONGLONG first[3] = {1, 1, (LONGLONG)k + 1};
        fits_write_pixll(f, TFLOAT, first, (LONGLONG)nspax, plane, &status);
    }
    /* ERR: the true sigma divided by k (the pipeline's underestimate, science.md section 2). */
    create_image(f, m, FLOAT_IMG, "ERR", "MJy/sr", pixar_sr, &status);
    for (size_t k = 0; k < nw && !status; k++) {
        double e = p->noise / p->k / ifs_flux_unit_factor(&sb, m->wave_um[k], pixar_sr);
        for (size_t s = 0; s < nspax; s++)
            plane[s] = bad[k * nspax + s] ? NAN : (float)e;
        LONGLONG first[3] = {1, 1, (LONGLONG)k + 1};
        fits_write_pixll(f, TFLOAT, first, (LONGLONG)nspax, plane, &status);
    }
    create_image(f, m, ULONG_IMG, "DQ", NULL, 0, &status);
    for (size_t k = 0; k < nw && !status; k++) {
        for (size_t s = 0; s < nspax; s++)
            dq[s] = bad[k * nspax + s] ? JWST_DQ_DO_NOT_USE : 0;
        LONGLONG first[3] = {1, 1, (LONGLONG)k + 1};
        fits_write_pixll(f, TUINT, first, (LONGLONG)nspax, dq, &status);
    }
    if (p->wave_table)
        write_table(f, m, &status);
    fits_close_file(f, &status);
    f = NULL;
    if (status) {
        char text[FLEN_STATUS];
        fits_get_errstatus(status, text);
        code = ifs_error_set(err, IFS_ERR_IO, "%s: cannot write: %s", tmp, text);
        goto exit;
    }
    if (rename(tmp, path) != 0)
        code = ifs_error_set(err, IFS_ERR_IO, "%s: cannot rename to %s", tmp, path);
exit:
    if (f) {
        int s2 = 0;
        fits_close_file(f, &s2);
    }
    if (code)
        remove(tmp);
    free(plane);
    free(bad);
    free(dq);
    gsl_rng_free(rng);
    return code;
}
