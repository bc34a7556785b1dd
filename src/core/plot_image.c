/* plot_image.c: 2-D maps in a panel: the grid painted pixel for pixel through a colour map (NaN
 * transparent, so the white page shows), and the colour bar beside the panel. */
#include "plot_internal.h"

#include <math.h>
#include <stdint.h>

#define CBAR_GAP 5.0   /* plot area to bar, points */
#define CBAR_WIDTH 6.0
#define CBAR_TICK 2.0
#define CBAR_MAX_TICKS 6

/* One ARGB32 pixel (cairo's native-endian, premultiplied: opaque here, so plain). */
static uint32_t argb(ifs_rgb c)
{
    return 0xff000000u | (uint32_t)lround(c.r * 255) << 16 | (uint32_t)lround(c.g * 255) << 8 |
           (uint32_t)lround(c.b * 255);
}

/* Paints surface (w x h pixels) over the device rectangle without smoothing between pixels. */
static void paint_pixels(cairo_t *cr, cairo_surface_t *s, int w, int h, double x, double y, double dw, double dh)
{
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, dw / w, dh / h);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_fill(cr);
    cairo_restore(cr);
}

void plot_draw_image(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it)
{
    const ifs_plot_grid *g = &it->grid;
    int nx = (int)g->nx, ny = (int)g->ny;
    /* A failed surface is an error object: painting it puts cr in error, which saving reports. */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, nx, ny);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        cairo_surface_flush(s);
        unsigned char *data = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
        for (int iy = 0; iy < ny; iy++) {
            uint32_t *row = (uint32_t *)(data + (size_t)(ny - 1 - iy) * (size_t)stride); /* row 0 is the top */
            for (int ix = 0; ix < nx; ix++) {
                double v = g->values[(size_t)iy * g->nx + (size_t)ix];
                row[ix] = isfinite(v) ? argb(ifs_colormap_rgb(it->cmap, (v - it->vmin) / (it->vmax - it->vmin))) : 0;
            }
        }
        cairo_surface_mark_dirty(s);
    }
    double x0 = plot_dev_x(L, g->x0), x1 = plot_dev_x(L, g->x1), ytop = plot_dev_y(L, g->y1);
    paint_pixels(cr, s, nx, ny, x0, ytop, x1 - x0, plot_dev_y(L, g->y0) - ytop);
    cairo_surface_destroy(s);
}

static size_t cbar_ticks(const plot_item *it, double *ticks, double *step)
{
    return ifs_plot_ticks(it->vmin, it->vmax, CBAR_MAX_TICKS, ticks, step);
}

double plot_colorbar_width(cairo_t *cr, const plot_item *it, const char *label)
{
    double ticks[IFS_PLOT_MAX_TICKS], step, w, h;
    size_t n = cbar_ticks(it, ticks, &step);
    double width = CBAR_GAP + CBAR_WIDTH + CBAR_TICK + PLOT_GAP + plot_widest_tick(cr, ticks, n, step);
    if (label && *label) {
        plot_text_extents(cr, label, PLOT_LABEL_PT, &w, &h);
        width += PLOT_GAP + h;
    }
    return width;
}

void plot_draw_colorbar(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it, const char *label)
{
    double bx = L->left + L->width + CBAR_GAP, by = L->top, bh = L->height;
    enum { LEVELS = 256 };
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, LEVELS);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        cairo_surface_flush(s);
        unsigned char *data = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
        for (int k = 0; k < LEVELS; k++) /* top row is vmax */
            *(uint32_t *)(data + (size_t)k * (size_t)stride) = argb(ifs_colormap_rgb(it->cmap, 1 - (k + 0.5) / LEVELS));
        cairo_surface_mark_dirty(s);
    }
    paint_pixels(cr, s, 1, LEVELS, bx, by, CBAR_WIDTH, bh);
    cairo_surface_destroy(s);

    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.6);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_rectangle(cr, bx, by, CBAR_WIDTH, bh);
    cairo_stroke(cr);
    double ticks[IFS_PLOT_MAX_TICKS], step;
    size_t n = cbar_ticks(it, ticks, &step);
    char buf[64];
    double tx = bx + CBAR_WIDTH;
    for (size_t i = 0; i < n; i++) {
        double y = by + bh * (it->vmax - ticks[i]) / (it->vmax - it->vmin);
        cairo_move_to(cr, tx, y);
        cairo_line_to(cr, tx + CBAR_TICK, y);
        cairo_stroke(cr);
        plot_tick_text(ticks[i], step, buf, sizeof buf);
        plot_text_draw(cr, buf, tx + CBAR_TICK + PLOT_GAP, y, PLOT_TICK_PT, 0, 0.5, 0);
    }
    if (label && *label)
        plot_text_draw(cr, label, tx + CBAR_TICK + 2 * PLOT_GAP + plot_widest_tick(cr, ticks, n, step),
                       by + 0.5 * bh, PLOT_LABEL_PT, 0.5, 1, M_PI / 2);
}
