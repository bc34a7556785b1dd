/* cuberead.c: opening a FITS file, listing its HDUs, refusing what is not FITS or is truncated,
 * and handing the file to the reader of its layout (1D table or cube). */
#include "ifscat/cuberead.h"

#include "fitsread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Every FITS file starts with this card (FITS Standard 4.0, section 4.4.1.1). */
static const char fits_signature[] = "SIMPLE  =";

static int check_signature(const char *path, ifs_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ifs_error_set(err, IFS_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    char head[sizeof fits_signature - 1];
    size_t got = fread(head, 1, sizeof head, f);
    int read_error = ferror(f);
    fclose(f);
    if (read_error)
        return ifs_error_set(err, IFS_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    if (got < sizeof head || memcmp(head, fits_signature, sizeof head) != 0)
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: not a FITS file (it does not begin with SIMPLE =)",
                             path);
    return IFS_OK;
}

/* Lists the HDUs and checks that the last one ends where the file ends. */
static int scan(ifs_fits_file *ff, ifs_error *err)
{
    int status = 0, n = 0;
    fits_get_num_hdus(ff->f, &n, &status);
    if (status || n < 1)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, 0, NULL, status, "cannot read the HDU list");
    ff->hdu = calloc((size_t)n, sizeof *ff->hdu);
    if (!ff->hdu)
        return ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", ff->path);
    ff->nhdu = n;
    LONGLONG head = 0, data = 0, end = 0;
    for (int i = 0; i < n; i++) {
        ifs_fits_hdu *h = &ff->hdu[i];
        h->num = i + 1;
        fits_movabs_hdu(ff->f, h->num, &h->type, &status);
        if (status)
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, h->num, NULL, status, "cannot read the header");
        int found = 0;
        ifs_fits_key_str(ff, "EXTNAME", 0, h->extname, sizeof h->extname, &found, &status);
        if (h->type == IMAGE_HDU)
            fits_get_img_dim(ff->f, &h->naxis, &status);
        if (h->type == IMAGE_HDU && h->naxis > 0)
            fits_get_img_size(ff->f, h->naxis < 3 ? h->naxis : 3, h->naxes, &status);
        fits_get_hduaddrll(ff->f, &head, &data, &end, &status);
        if (status)
            return ifs_fits_fail(err, IFS_ERR_INPUT, ff, h->num, NULL, status, "cannot read the header");
    }
    struct stat st;
    if (stat(ff->path, &st) == 0 && (LONGLONG)st.st_size != end)
        return ifs_fits_fail(err, IFS_ERR_INPUT, ff, n, NULL, 0,
                         "the file is truncated or damaged: it has %lld bytes, its last complete "
                         "HDU ends at byte %lld", (long long)st.st_size, (long long)end);
    return IFS_OK;
}

/* Index of the 1D spectrum table (SPEC1D, EXTRACT1D, or a table with the x1d columns), or -1;
 * more than one EXTRACT1D is an error (-2). */
static int find_spectrum_table(const ifs_fits_file *ff, ifs_error *err)
{
    int found = -1, count = 0;
    for (int i = 0; i < ff->nhdu; i++) {
        const ifs_fits_hdu *h = &ff->hdu[i];
        if (h->type != BINARY_TBL)
            continue;
        if (strcasecmp(h->extname, "SPEC1D") == 0)
            return i;
        int is_x1d = strcasecmp(h->extname, "EXTRACT1D") == 0;
        if (!is_x1d && !*h->extname) { /* an x1d whose EXTNAME was lost: recognise its columns */
            int status = 0, c1, c2, c3;
            ifs_fits_goto(ff, h->num, &status);
            fits_get_colnum(ff->f, CASEINSEN, "WAVELENGTH", &c1, &status);
            fits_get_colnum(ff->f, CASEINSEN, "FLUX", &c2, &status);
            fits_get_colnum(ff->f, CASEINSEN, "FLUX_ERROR", &c3, &status);
            fits_clear_errmsg();
            is_x1d = status == 0;
        }
        if (is_x1d && count++ == 0)
            found = i;
    }
    if (count > 1) {
        ifs_fits_fail(err, IFS_ERR_INPUT, ff, 0, NULL, 0,
                  "%d EXTRACT1D tables (a multi-source x1d); ingest one source per file", count);
        return -2;
    }
    return found;
}

int ifs_cube_read(const char *path, const ifs_read_options *opt, ifs_cube **out, ifs_error *err)
{
    *out = NULL;
    static const ifs_read_options defaults = {NULL, IFS_MEDIUM_UNSTATED, 0};
    if (!opt)
        opt = &defaults;
    if (check_signature(path, err))
        return err->code;
    ifs_fits_file ff = {NULL, path, 0, NULL};
    int status = 0, code;
    fits_open_diskfile(&ff.f, path, READONLY, &status);
    if (status) {
        code = ifs_fits_fail(err, IFS_ERR_INPUT, &ff, 0, NULL, status, "cannot open as FITS");
        goto exit;
    }
    if ((code = scan(&ff, err)))
        goto exit;
    int t = find_spectrum_table(&ff, err);
    if (t == -2)
        code = err->code;
    else if (t >= 0)
        code = ifs_read_spectrum1d(&ff, t, opt, out, err);
    else
        code = ifs_read_cube3d(&ff, opt, out, err);
exit:
    if (ff.f) {
        int s = 0;
        fits_close_file(ff.f, &s);
    }
    free(ff.hdu);
    fits_clear_errmsg();
    return code;
}
