/* plot_map.c: a map of a fitted cube with a colour bar and contours of the stellar continuum. */
#include "plots.h"

#include "ifscat/fitread.h"
#include "ifscat/mcmc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The map drawn when none is named: the metallicity of the smoothed cube after a derive, else the
 * [OIII] 5008 flux of the smoothed cube (the study's brightest line), else the first map. */
#define DEFAULT_DERIVED_MAP "oh_smoothed"
#define DEFAULT_MAP "flux_OIII5008_smoothed"
/* At the column width a map panel is about this wide (the rest holds the axis labels and the
 * colour bar) and needs this much height besides the map: the figure's height follows the map's
 * aspect ratio, within MAP_MIN_IN and MAP_MAX_IN. */
#define MAP_PANEL_WIDTH_IN 2.2
#define MAP_MARGINS_IN 0.75
#define MAP_MIN_IN 2.0
#define MAP_MAX_IN 4.5
/* Continuum contours at these fractions of its peak, drawn on the continuum averaged over 3x3
 * spaxels so that single-spaxel noise does not draw rings of its own. */
static const double contour_fractions[] = {0.2, 0.4, 0.6, 0.8};

/* The q-quantile (0-1) of the finite values, NAN when there are none. */
static double quantile(const double *v, size_t n, double q)
{
    double *f = malloc((n ? n : 1) * sizeof *f), result = NAN;
    size_t m = 0;
    for (size_t i = 0; f && i < n; i++)
        if (isfinite(v[i]))
            f[m++] = v[i];
    ifs_error err;
    if (m && ifs_mcmc_quantiles_of(f, m, 1, &q, &result, &err))
        result = NAN;
    free(f);
    return result;
}

/* The mean of the finite values among the 3x3 neighbours of every spaxel (NaN when none). */
static void box3(const double *v, int nx, int ny, double *out)
{
    for (int y = 0; y < ny; y++)
        for (int x = 0; x < nx; x++) {
            double sum = 0;
            int n = 0;
            for (int j = y - 1; j <= y + 1; j++)
                for (int i = x - 1; i <= x + 1; i++)
                    if (i >= 0 && j >= 0 && i < nx && j < ny && isfinite(v[j * nx + i])) {
                        sum += v[j * nx + i];
                        n++;
                    }
            out[y * nx + x] = n ? sum / n : NAN;
        }
}

static int draw(const ifs_fitinfo *info, const ifs_mapdef *def, const double *values,
                const double *continuum, ifs_figure *fig, ifs_error *err)
{
    ifs_panel *p = ifs_figure_panel(fig, 0, 0);
    size_t npix = (size_t)info->nx * (size_t)info->ny;
    double pix = isfinite(info->pixscale_arcsec) ? info->pixscale_arcsec : 1.0;
    /* Pixel edges in arcsec from the centre of the continuum-peak spaxel. */
    ifs_plot_grid g = {(size_t)info->nx, (size_t)info->ny, values, (-info->centre_x - 0.5) * pix,
                       (info->nx - info->centre_x - 0.5) * pix, (-info->centre_y - 0.5) * pix,
                       (info->ny - info->centre_y - 0.5) * pix};
    /* The colour range from the 1st to the 99th percentile, so that a few noisy spaxels at the edge
     * of the field do not wash out the source; S/N maps start at 0. */
    double vmin = def->quantity == IFS_MAP_SNR ? 0.0 : quantile(values, npix, 0.01), vmax = quantile(values, npix, 0.99);
    if (!(vmax > vmin))
        vmin = vmax = NAN; /* a flat map: the data range */
    int status = ifs_plot_image(p, &g, IFS_CMAP_VIRIDIS, vmin, vmax, def->label, def->unit);
    double *smooth = malloc(npix * sizeof *smooth);
    if (!smooth)
        return IFS_ERR_NOMEM;
    box3(continuum, info->nx, info->ny, smooth);
    double peak = quantile(smooth, npix, 1.0);
    if (!status && isfinite(peak) && peak > 0) {
        double levels[sizeof contour_fractions / sizeof contour_fractions[0]];
        for (size_t k = 0; k < sizeof levels / sizeof levels[0]; k++)
            levels[k] = contour_fractions[k] * peak;
        ifs_plot_grid c = g;
        c.values = smooth;
        status = ifs_plot_contours(p, &c, sizeof levels / sizeof levels[0], levels,
                                   &(ifs_plot_style){.color = {1, 1, 1}, .line_pt = 0.5});
    }
    free(smooth);
    /* The target's name in the upper left: white over the map's colours, black where the map is
     * mostly blank (NaN draws nothing) under it. */
    size_t blank = 0, cells = 0;
    for (int y = info->ny - info->ny / 6 - 1; y < info->ny; y++)
        for (int x = 0; x < (info->nx * 2) / 5 + 1; x++, cells++)
            blank += !isfinite(values[(size_t)y * (size_t)info->nx + (size_t)x]);
    double ink = 2 * blank > cells ? 0.0 : 1.0;
    if (!status)
        status = ifs_plot_text(p, IFS_COORD_AXES, 0.04, 0.96, 0, 1, info->target,
                               &(ifs_plot_style){.color = {ink, ink, ink}, .text_pt = 7});
    if (!status)
        status = ifs_panel_xlabel(p, "\u0394x", isfinite(info->pixscale_arcsec) ? "arcsec" : "spaxel");
    if (!status)
        status = ifs_panel_ylabel(p, "\u0394y", isfinite(info->pixscale_arcsec) ? "arcsec" : "spaxel");
    ifs_panel_equal_aspect(p);
    return status;
}

int plot_map(const plot_request *r, ifs_figure **fig, ifs_error *err)
{
    *fig = NULL;
    ifs_fitinfo *info = NULL;
    ifs_mapdef *defs = NULL;
    size_t ndefs = 0;
    double *values = NULL, *continuum = NULL;
    int status = ifs_fitinfo_read(r->conn, r->target, r->observation, &info, err);
    if (!status && !info->cube)
        status = ifs_error_set(err, IFS_ERR_INPUT, "nothing to plot: observation %lld of %s is a 1D spectrum, which has no maps",
                               info->observation_id, r->target);
    if (!status)
        status = ifs_fitmaps_list(info, &defs, &ndefs, err);
    const ifs_mapdef *def = NULL, *cont = NULL;
    if (!status) {
        ifs_error ignore;
        const char *name = r->map                                                    ? r->map
                           : ifs_fitmaps_find(defs, ndefs, DEFAULT_DERIVED_MAP, &ignore) ? DEFAULT_DERIVED_MAP
                           : ifs_fitmaps_find(defs, ndefs, DEFAULT_MAP, &ignore)         ? DEFAULT_MAP
                                                                                         : defs[0].name;
        if (!(def = ifs_fitmaps_find(defs, ndefs, name, err)) || !(cont = ifs_fitmaps_find(defs, ndefs, "continuum", err)))
            status = IFS_ERR_INPUT;
    }
    size_t npix = info ? (size_t)info->nx * (size_t)info->ny : 0;
    if (!status && (!(values = malloc(npix * sizeof *values)) || !(continuum = malloc(npix * sizeof *continuum))))
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (!status)
        status = ifs_fitmap_read(r->conn, info, def, values, err);
    if (!status)
        status = ifs_fitmap_read(r->conn, info, cont, continuum, err);
    size_t finite = 0;
    for (size_t i = 0; !status && i < npix; i++)
        finite += isfinite(values[i]) != 0;
    if (!status && !finite)
        status = ifs_error_set(err, IFS_ERR_INPUT, "nothing to plot: map %s of %s has no value", def->name, r->target);
    double height = info ? fmin(fmax(MAP_PANEL_WIDTH_IN * info->ny / info->nx + MAP_MARGINS_IN, MAP_MIN_IN), MAP_MAX_IN) : 0;
    if (!status && !(*fig = ifs_figure_alloc(IFS_PLOT_COLUMN_IN, height, 1, 1)))
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (!status)
        status = draw(info, def, values, continuum, *fig, err);
    free(values);
    free(continuum);
    free(defs);
    ifs_fitinfo_free(info);
    return status;
}
