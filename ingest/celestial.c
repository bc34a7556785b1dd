/* celestial.c: the celestial part of a cube's WCS through WCSLIB (Calabretta & Greisen 2002,
 * A&A 395, 1077): RA/Dec of every spaxel centre, the spaxel's solid angle and size, and the WCS
 * written back as header cards for the catalog. */
#include "fitsread.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wcslib/wcs.h>
#include <wcslib/wcsfix.h>
#include <wcslib/wcshdr.h>
#include <wcslib/wcsutil.h>

int ifs_fits_read_celestial(const ifs_fits_file *ff, int num, ifs_cube *cube, double *pixel_sr,
                        ifs_error *err)
{
    *pixel_sr = 0;
    int status = 0, nkeys = 0, nreject = 0, nwcs = 0, code = IFS_OK;
    char *header = NULL, *cards = NULL;
    struct wcsprm *all = NULL, sub;
    int have_sub = 0;
    size_t nspax = cube->nx * cube->ny;
    double *pix = NULL, *img = NULL, *world = NULL, *phi = NULL, *theta = NULL;
    int *stat = NULL;

    ifs_fits_goto(ff, num, &status);
    fits_hdr2str(ff->f, 1, NULL, 0, &header, &nkeys, &status);
    if (status) {
        code = ifs_fits_fail(err, IFS_ERR_IO, ff, num, NULL, status, "cannot read the header");
        goto exit;
    }
    /* ctrl 0: rejected non-standard cards (IRAF WAT, ESO HIERARCH) are ignored silently. */
    if (wcspih(header, nkeys, WCSHDR_all, 0, &nreject, &nwcs, &all) || nwcs == 0)
        goto exit; /* no WCS at all: not an error */
    int axes[2] = {WCSSUB_LONGITUDE, WCSSUB_LATITUDE}, nsub = 2;
    sub.flag = -1; /* wcsfree is safe on it whatever wcssub does */
    have_sub = 1;
    if (wcssub(1, &all[0], &nsub, axes, &sub)) {
        code = ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "CTYPE1", 0, "cannot extract the celestial WCS");
        goto exit;
    }
    if (nsub < 2)
        goto exit; /* e.g. CTYPE1/2 = 'LINEAR': no sky coordinates */
    int fixstat[NWCSFIX];
    wcsfix(1, NULL, &sub, fixstat); /* translate deprecated forms (RADECSYS, CROTA, ...) */
    if (wcsset(&sub)) {
        code = ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "CTYPE1", 0, "invalid celestial WCS: %s",
                         sub.err ? sub.err->msg : "wcsset failed");
        goto exit;
    }
    /* Pixel to intermediate world (deg) is diag(CDELT) PC (wcsset turns a CD matrix into PC with
     * unit CDELT): |det| is the spaxel's area in deg^2 at the reference point; for fields of a
     * few arcmin the TAN distortion changes it by < 1e-6. */
    const double *pc = sub.lin.pc, *cdelt = sub.lin.cdelt;
    double det_deg2 = fabs(cdelt[0] * cdelt[1] * (pc[0] * pc[3] - pc[1] * pc[2]));
    *pixel_sr = det_deg2 * (M_PI / 180.0) * (M_PI / 180.0);
    cube->pixscale_arcsec = sqrt(det_deg2) * 3600.0;

    pix = malloc(2 * nspax * sizeof *pix);
    img = malloc(2 * nspax * sizeof *img);
    world = malloc(2 * nspax * sizeof *world);
    phi = malloc(nspax * sizeof *phi);
    theta = malloc(nspax * sizeof *theta);
    stat = malloc(nspax * sizeof *stat);
    cube->ra_deg = malloc(nspax * sizeof *cube->ra_deg);
    cube->dec_deg = malloc(nspax * sizeof *cube->dec_deg);
    if (!pix || !img || !world || !phi || !theta || !stat || !cube->ra_deg || !cube->dec_deg) {
        code = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory reading %s", ff->path);
        goto exit;
    }
    for (size_t y = 0; y < cube->ny; y++)
        for (size_t x = 0; x < cube->nx; x++) {
            size_t s = y * cube->nx + x;
            pix[2 * s] = (double)x + 1.0;
            pix[2 * s + 1] = (double)y + 1.0;
        }
    if (wcsp2s(&sub, (int)nspax, 2, pix, img, phi, theta, world, stat)) {
        code = ifs_fits_fail(err, IFS_ERR_INPUT, ff, num, "CTYPE1", 0,
                         "the celestial WCS cannot convert the spaxel positions: %s",
                         sub.err ? sub.err->msg : "wcsp2s failed");
        goto exit;
    }
    for (size_t s = 0; s < nspax; s++) {
        cube->ra_deg[s] = world[2 * s + sub.lng];
        cube->dec_deg[s] = world[2 * s + sub.lat];
    }
    int ncards = 0;
    if (wcshdo(WCSHDO_none, &sub, &ncards, &cards) == 0 && cards) {
        cube->wcs_header = malloc((size_t)ncards * 80 + 1);
        if (!cube->wcs_header) {
            code = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory reading %s", ff->path);
            goto exit;
        }
        memcpy(cube->wcs_header, cards, (size_t)ncards * 80);
        cube->wcs_header[(size_t)ncards * 80] = '\0';
    }
exit:
    if (code) {
        free(cube->ra_deg);
        free(cube->dec_deg);
        cube->ra_deg = cube->dec_deg = NULL;
        *pixel_sr = 0;
    }
    free(pix);
    free(img);
    free(world);
    free(phi);
    free(theta);
    free(stat);
    if (cards)
        wcsdealloc(cards);
    if (have_sub)
        wcsfree(&sub);
    if (all)
        wcsvfree(&nwcs, &all);
    if (header)
        fits_free_memory(header, &status);
    return code;
}
