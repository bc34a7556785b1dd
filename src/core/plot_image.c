/* plot_image.c: 2-D maps in a panel: the grid painted pixel for pixel through a colour map (NaN
 * transparent, so the white page shows), and the colour bar beside the panel. */
#include "plot_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CBAR_GAP 5.0   /* plot area to bar, points */
#define CBAR_WIDTH 6.0
#define CBAR_TICK 2.0
#define CBAR_MAX_TICKS 6
#define CBAR_LEVELS 256 /* one row per colour of the table */
#define CBAR_COLUMNS 16 /* several columns, so that smoothing viewers keep the bar's edges */
#define CBAR_LABEL_MAX 110.0 /* points: a longer "label [unit]" goes on two lines, label and unit, so
                                that it stays beside the bar of a wide (short) map */

/* One ARGB32 pixel (cairo's native-endian, premultiplied: opaque here, so plain). */
static uint32_t argb(ifs_rgb c)
{
    return 0xff000000u | (uint32_t)lround(c.r * 255) << 16 | (uint32_t)lround(c.g * 255) << 8 |
           (uint32_t)lround(c.b * 255);
}

/* A w x h raster of colours (row 0 at the top), each cell k x k pixels.  cairo 1.16 cannot tell an
 * SVG viewer not to smooth a scaled image, and viewers do; with cells of many pixels smoothing
 * only softens their edges.  A failed surface comes back as cairo's error object: painting it
 * puts the context in error, which saving reports. */
typedef uint32_t (*cell_color)(const plot_item *it, int x, int y);

static cairo_surface_t *raster(const plot_item *it, int w, int h, int k, cell_color color)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w * k, h * k);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        return s;
    cairo_surface_flush(s);
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < h * k; y++) {
        uint32_t *row = (uint32_t *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < w * k; x++)
            row[x] = color(it, x / k, y / k);
    }
    cairo_surface_mark_dirty(s);
    return s;
}

/* Paints surface s over the device rectangle without smoothing between pixels where the format
 * allows it (PNG, PDF). */
static void paint_pixels(cairo_t *cr, cairo_surface_t *s, double x, double y, double dw, double dh)
{
    double w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, dw / w, dh / h);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_fill(cr);
    cairo_restore(cr);
}

/* Cell (x, y) of the map, y counted from the top; NaN is transparent. */
static uint32_t map_color(const plot_item *it, int x, int y)
{
    const ifs_plot_grid *g = &it->grid;
    double v = g->values[(g->ny - 1 - (size_t)y) * g->nx + (size_t)x];
    return isfinite(v) ? argb(ifs_colormap_rgb(it->cmap, (v - it->vmin) / (it->vmax - it->vmin))) : 0;
}

void plot_draw_image(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it)
{
    const ifs_plot_grid *g = &it->grid;
    int nx = (int)g->nx, ny = (int)g->ny, longest = nx > ny ? nx : ny;
    int k = longest >= 512 ? 1 : longest >= 32 ? (512 + longest - 1) / longest : 16; /* >= 512 px, <= 16 x */
    cairo_surface_t *s = raster(it, nx, ny, k, map_color);
    double x0 = plot_dev_x(L, g->x0), x1 = plot_dev_x(L, g->x1), ytop = plot_dev_y(L, g->y1);
    paint_pixels(cr, s, x0, ytop, x1 - x0, plot_dev_y(L, g->y0) - ytop);
    cairo_surface_destroy(s);
}

/* Colour bar cell: rows from vmax at the top to vmin at the bottom. */
static uint32_t bar_color(const plot_item *it, int x, int y)
{
    (void)x;
    return argb(ifs_colormap_rgb(it->cmap, 1 - (y + 0.5) / CBAR_LEVELS));
}

static size_t cbar_ticks(const plot_item *it, double *ticks, double *step)
{
    return ifs_plot_ticks(it->vmin, it->vmax, CBAR_MAX_TICKS, ticks, step);
}

/* The bar's label in lines[0] and, when it is longer than CBAR_LABEL_MAX and has a " [unit]", the
 * unit in lines[1] (else ""); returns the number of lines (0 without a label). */
static int label_lines(cairo_t *cr, const char *label, char lines[2][256])
{
    lines[0][0] = lines[1][0] = '\0';
    if (!label || !*label)
        return 0;
    snprintf(lines[0], sizeof lines[0], "%s", label);
    double w, h;
    plot_text_extents(cr, label, PLOT_LABEL_PT, &w, &h);
    char *unit = strstr(lines[0], " [");
    if (w <= CBAR_LABEL_MAX || !unit)
        return 1;
    snprintf(lines[1], sizeof lines[1], "%s", unit + 1);
    *unit = '\0';
    return 2;
}

double plot_colorbar_width(cairo_t *cr, const plot_item *it, const char *label)
{
    double ticks[IFS_PLOT_MAX_TICKS], step, w, h;
    size_t n = cbar_ticks(it, ticks, &step);
    double width = CBAR_GAP + CBAR_WIDTH + CBAR_TICK + PLOT_GAP + plot_widest_tick(cr, ticks, n, step);
    char lines[2][256];
    int nlines = label_lines(cr, label, lines);
    if (nlines) {
        plot_text_extents(cr, lines[0], PLOT_LABEL_PT, &w, &h);
        width += PLOT_GAP + nlines * h;
    }
    return width;
}

void plot_draw_colorbar(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it, const char *label)
{
    double bx = L->left + L->width + CBAR_GAP, by = L->top, bh = L->height;
    cairo_surface_t *s = raster(it, CBAR_COLUMNS, CBAR_LEVELS, 1, bar_color);
    paint_pixels(cr, s, bx, by, CBAR_WIDTH, bh);
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
    char lines[2][256];
    int nlines = label_lines(cr, label, lines);
    double lx = tx + CBAR_TICK + 2 * PLOT_GAP + plot_widest_tick(cr, ticks, n, step), w, h;
    if (nlines)
        plot_text_extents(cr, lines[0], PLOT_LABEL_PT, &w, &h);
    for (int i = 0; i < nlines; i++) /* rotated: each line further right */
        plot_text_draw(cr, lines[i], lx + i * h, by + 0.5 * bh, PLOT_LABEL_PT, 0.5, 1, M_PI / 2);
}
