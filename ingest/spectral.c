/* spectral.c: the wavelength axis of a cube from its FITS header (axis 3): linear (CRVAL3, CRPIX3,
 * CD3_3 or CDELT3 * PC3_3), logarithmic (-LOG) or tabulated (-TAB), following FITS WCS Paper III
 * (Greisen et al. 2006, A&A 446, 747, sections 3.1-3.4 and 6.1), converted to vacuum um. */
#include "fitsread.h"

#include "ifscat/airvac.h"
#include "ifscat/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Wavelengths outside this range (um) mean a wrong or missing CUNIT3: the catalog holds UV to
 * far-infrared spectra. */
#define WAVE_MIN_UM 0.01
#define WAVE_MAX_UM 1000.0

int ifs_fits_check_wave(const ifs_fits_file *ff, int num, const char *key, const double *w, size_t n,
                    ifs_error *err)
{
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(w[k]))
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, key, 0,
                             "wavelength %zu of %zu is not a number", k + 1, n);
        if (k && !(w[k] > w[k - 1]))
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, key, 0,
                             "wavelengths are not strictly increasing: value %zu (%.8g um) "
                             "follows %.8g um", k + 1, w[k], w[k - 1]);
    }
    if (n && (w[0] < WAVE_MIN_UM || w[n - 1] > WAVE_MAX_UM))
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, key, 0,
                         "wavelengths %.6g-%.6g um are implausible (wrong unit?)", w[0], w[n - 1]);
    return IFS_OK;
}

/* um per unit of CUNIT3 (or of a table column's TUNIT). */
static int length_unit(const ifs_fits_file *ff, int num, const char *key, const char *text,
                       double *um_per_unit, ifs_error *err)
{
    ifs_unit u;
    ifs_error uerr;
    static const int length[IFS_NDIM] = {0, 0, 1, 0};
    if (ifs_unit_parse(text, &u, &uerr) || memcmp(u.dim, length, sizeof length) != 0)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, key, 0, "'%s' is not a wavelength unit", text);
    *um_per_unit = u.scale * 1e4; /* base unit cm */
    return IFS_OK;
}

/* Reads column `column` of table extension `extname` (PS3_0, PS3_1): one row holding nwave
 * values, or nwave rows of one value. */
static int read_table(const ifs_fits_file *ff, int num, const char *extname, const char *column,
                      size_t nwave, double *values, char *tunit, size_t ntunit, ifs_error *err)
{
    int t = ifs_fits_find_hdu(ff, extname);
    if (t < 0)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "PS3_0", 0,
                         "the wavelength table extension '%s' is missing", extname);
    int tnum = ff->hdu[t].num, status = 0, col = 0, typecode;
    long repeat = 0, width, nrows = 0;
    ifs_fits_goto(ff, tnum, &status);
    if (ff->hdu[t].type == IMAGE_HDU)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, "PS3_0", 0, "is an image, not a table");
    fits_get_colnum(ff->f, CASEINSEN, (char *)column, &col, &status);
    if (status)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, "PS3_1", status, "no column '%s'", column);
    fits_get_coltype(ff->f, col, &typecode, &repeat, &width, &status);
    fits_get_num_rows(ff->f, &nrows, &status);
    if (status)
        return ifs_fits_fail(err, IFS_ERR_IO, ff, tnum, NULL, status, "cannot read column '%s'", column);
    long have = nrows == 1 ? repeat : repeat == 1 ? nrows : -1;
    if (have != (long)nwave)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, tnum, "PS3_1", 0,
                         "column '%s' holds %ld x %ld wavelengths, but NAXIS3 = %zu", column, nrows,
                         repeat, nwave);
    fits_read_col(ff->f, TDOUBLE, col, 1, 1, (LONGLONG)nwave, NULL, values, NULL, &status);
    char key[16];
    snprintf(key, sizeof key, "TUNIT%d", col);
    int found = 0;
    *tunit = '\0';
    ifs_fits_key_str(ff, key, 0, tunit, ntunit, &found, &status);
    if (status)
        return ifs_fits_fail(err, IFS_ERR_IO, ff, tnum, NULL, status, "cannot read column '%s'", column);
    return IFS_OK;
}

int ifs_fits_read_wave_axis(const ifs_fits_file *ff, int num, size_t nwave, ifs_medium medium,
                        double *wave_um, char *desc, size_t ndesc, ifs_error *err)
{
    int status = 0, found = 0;
    char ctype[FLEN_VALUE] = "", cunit[FLEN_VALUE] = "";
    ifs_fits_goto(ff, num, &status);
    ifs_fits_key_str(ff, "CTYPE3", 0, ctype, sizeof ctype, &found, &status);
    if (status)
        return ifs_fits_fail(err, IFS_ERR_IO, ff, num, "CTYPE3", status, "cannot read");
    if (!found)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "CTYPE3", 0,
                         "missing: the spectral axis is not described");

    /* Paper III section 3.1: 'WAVE' is vacuum wavelength, 'AWAV' air; an algorithm code follows
     * after a dash.  'LAMBDA' (IRAF) does not say which, so the user has to. */
    char type[5] = "", algo[5] = "";
    snprintf(type, sizeof type, "%.4s", ctype);
    if (strlen(ctype) > 5 && ctype[4] == '-')
        snprintf(algo, sizeof algo, "%.3s", ctype + 5);
    ifs_medium med;
    const char *default_unit = "m"; /* Paper III section 3.2: wavelengths default to metres */
    if (strcasecmp(type, "WAVE") == 0) {
        med = IFS_MEDIUM_VACUUM;
    } else if (strcasecmp(type, "AWAV") == 0) {
        med = IFS_MEDIUM_AIR;
    } else if (strcasecmp(ctype, "LAMBDA") == 0 || strcasecmp(ctype, "LINEAR") == 0) {
        if (medium == IFS_MEDIUM_UNSTATED)
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "CTYPE3", 0,
                             "'%s' does not say whether wavelengths are in air or vacuum; give "
                             "--medium air or --medium vacuum", ctype);
        med = medium;
        *algo = '\0';
        default_unit = "Angstrom"; /* IRAF's dispersion unit when none is given */
    } else {
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "CTYPE3", 0,
                         "'%s' is not a wavelength axis (WAVE, AWAV, WAVE-TAB, WAVE-LOG)", ctype);
    }
    if (*algo && strcasecmp(algo, "TAB") != 0 && strcasecmp(algo, "LOG") != 0)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "CTYPE3", 0,
                         "'%s': only linear, -LOG and -TAB wavelength axes are supported", ctype);

    int have_cunit = 0;
    ifs_fits_key_str(ff, "CUNIT3", 0, cunit, sizeof cunit, &have_cunit, &status);

    /* Paper III eq. 1-3 with the FITS defaults CRPIX = 0, CRVAL = 0, CDELT = 1, PC = 1. */
    double crpix = 0, crval = 0, cdelt = 1, pc = 1, cd = 0, cd31 = 0, cd32 = 0;
    int have_crval = 0, have_cd = 0, have_cdelt = 0, f31 = 0, f32 = 0;
    ifs_fits_key_dbl(ff, "CRPIX3", 0, &crpix, &found, &status);
    ifs_fits_key_dbl(ff, "CRVAL3", 0, &crval, &have_crval, &status);
    ifs_fits_key_dbl(ff, "CD3_3", 0, &cd, &have_cd, &status);
    ifs_fits_key_dbl(ff, "CDELT3", 0, &cdelt, &have_cdelt, &status);
    ifs_fits_key_dbl(ff, "PC3_3", 0, &pc, &found, &status);
    ifs_fits_key_dbl(ff, "CD3_1", 0, &cd31, &f31, &status);
    ifs_fits_key_dbl(ff, "CD3_2", 0, &cd32, &f32, &status);
    if (status)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, NULL, status, "cannot read the axis-3 WCS keywords");
    if (cd31 != 0 || cd32 != 0)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, cd31 != 0 ? "CD3_1" : "CD3_2", 0,
                         "the wavelength depends on the spatial position; not supported");
    double step = have_cd ? cd : cdelt * pc;

    const char *how;
    double um_per_unit;
    if (strcasecmp(algo, "TAB") == 0) {
        char extname[FLEN_VALUE] = "", column[FLEN_VALUE] = "", index[FLEN_VALUE] = "",
             tunit[FLEN_VALUE] = "";
        int f0 = 0, f1 = 0, f2 = 0;
        ifs_fits_key_str(ff, "PS3_0", 0, extname, sizeof extname, &f0, &status);
        ifs_fits_key_str(ff, "PS3_1", 0, column, sizeof column, &f1, &status);
        ifs_fits_key_str(ff, "PS3_2", 0, index, sizeof index, &f2, &status);
        if (status || !f0 || !f1)
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, !f0 ? "PS3_0" : "PS3_1", status,
                             "missing: a -TAB axis needs the table extension and column names");
        if (f2)
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "PS3_2", 0,
                             "-TAB index vectors are not supported");
        double *table = malloc(nwave * sizeof *table);
        if (!table)
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory reading %s", ff->path);
        if (read_table(ff, num, extname, column, nwave, table, tunit, sizeof tunit, err)) {
            free(table);
            return err->code;
        }
        if (!have_cunit && *tunit) { /* the column's own unit */
            snprintf(cunit, sizeof cunit, "%s", tunit);
            have_cunit = 1;
        }
        if (!have_cunit)
            snprintf(cunit, sizeof cunit, "%s", default_unit);
        if (length_unit(ff, num, "CUNIT3", cunit, &um_per_unit, err)) {
            free(table);
            return err->code;
        }
        /* Paper III section 6.1.2: psi = CRVAL3 + step (p - CRPIX3) indexes the table (1-based,
         * linear interpolation); without an index vector the table's own positions are 1..K. */
        int bad = 0;
        for (size_t k = 0; k < nwave && !bad; k++) {
            double psi = crval + step * ((double)(k + 1) - crpix);
            double i0 = floor(psi);
            if (psi < 1 || psi > (double)nwave) {
                bad = 1;
            } else {
                size_t j = (size_t)i0 - 1;
                double frac = psi - i0;
                double v = frac > 0 ? table[j] + frac * (table[j + 1] - table[j]) : table[j];
                wave_um[k] = v * um_per_unit;
            }
        }
        free(table);
        if (bad)
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "CRVAL3", 0,
                             "CRVAL3/CRPIX3/CDELT3 index outside the wavelength table");
        how = "table";
    } else {
        if (!have_crval)
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "CRVAL3", 0, "missing");
        if (!have_cd && !have_cdelt)
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "CDELT3", 0,
                             "missing (and no CD3_3): the wavelength step is unknown");
        if (!have_cunit)
            snprintf(cunit, sizeof cunit, "%s", default_unit);
        if (length_unit(ff, num, "CUNIT3", cunit, &um_per_unit, err))
            return err->code;
        int logarithmic = strcasecmp(algo, "LOG") == 0;
        for (size_t k = 0; k < nwave; k++) {
            double x = step * ((double)(k + 1) - crpix);
            /* Paper III eq. 5 for -LOG: lambda = CRVAL exp(x / CRVAL). */
            double v = logarithmic ? crval * exp(x / crval) : crval + x;
            wave_um[k] = v * um_per_unit;
        }
        how = logarithmic ? "logarithmic" : "linear";
    }
    if (med == IFS_MEDIUM_AIR)
        for (size_t k = 0; k < nwave; k++)
            wave_um[k] = ifs_air_to_vacuum_aa(wave_um[k] * 1e4) * 1e-4;
    if (ifs_fits_check_wave(ff, num, "CTYPE3", wave_um, nwave, err))
        return err->code;
    snprintf(desc, ndesc, "%s %s wavelengths (CTYPE3 '%s', unit '%s'%s)%s", how,
             med == IFS_MEDIUM_AIR ? "air" : "vacuum", ctype, cunit,
             have_cunit ? "" : ", CUNIT3 absent: default assumed",
             med == IFS_MEDIUM_AIR ? ", converted to vacuum (Birch & Downs 1994 / Morton 2000)" : "");
    return IFS_OK;
}
