/* plot_internal.h (private to src/core): the figure's data model and the functions the plot
 * modules share: recording (plot.c), text (plot_text.c), layout (plot_layout.c), drawing
 * (plot_render.c, plot_image.c, plot_contour.c) and saving (plot_save.c). */
#ifndef IFSCAT_PLOT_INTERNAL_H
#define IFSCAT_PLOT_INTERNAL_H

#include <cairo.h>

#include "ifscat/plot.h"

/* Type sizes in points, chosen for a figure printed at column width. */
#define PLOT_TICK_PT 7.0
#define PLOT_LABEL_PT 8.0
#define PLOT_LEGEND_PT 6.5
#define PLOT_TEXT_PT 7.0
#define PLOT_GAP 2.5 /* points between an axis and its tick labels, tick labels and axis label */
/* The legend box: inset from the plot area's corner, padding inside, one line per entry. */
#define PLOT_LEGEND_INSET 4.0
#define PLOT_LEGEND_PAD 3.0
#define PLOT_LEGEND_LINE (PLOT_LEGEND_PT * 1.45)

typedef enum { ITEM_POINTS, ITEM_LINE, ITEM_BAND, ITEM_REFLINE, ITEM_TEXT, ITEM_IMAGE, ITEM_CONTOURS } plot_item_kind;

/* One thing drawn in a panel; every array and string is owned. */
typedef struct plot_item {
    plot_item_kind kind;
    ifs_plot_style style; /* style.label points to label */
    char *label;
    size_t n;
    double *x, *y;                  /* points, line; band: x only */
    double *xlo, *xhi, *ylo, *yhi;  /* points: error lengths (NaN = none); band: ylo, yhi edges */
    signed char *xlimit, *ylimit;   /* points */
    int vertical;                   /* refline */
    double value;                   /* refline */
    ifs_coord coord;                /* text */
    double tx, ty, ha, va;          /* text */
    char *text;                     /* text */
    ifs_plot_grid grid;             /* image, contours: values owned */
    ifs_colormap cmap;              /* image */
    double vmin, vmax;              /* image: resolved colour range */
    double *levels;                 /* contours */
    size_t nlevels;
} plot_item;

struct ifs_panel {
    ifs_figure *fig;
    int row, col;
    char *xlabel, *ylabel, *toplabel, *cbarlabel; /* "label [unit]" */
    int xfixed, yfixed;
    double xr[2], yr[2];
    double (*top_fn)(double x, void *ctx);
    void *top_ctx;
    int equal_aspect, hide_xticklabels, hide_yticklabels;
    ifs_legend_pos legend;
    int legend_room;
    plot_item *items;
    size_t nitems, cap;
    long image; /* index of the image item, or -1 */
};

struct ifs_figure {
    double width_pt, height_pt;
    int nrows, ncols;
    double *row_ratio;
    ifs_panel *panels;
    ifs_error error; /* the first failure of a drawing call, kept for ifs_figure_save */
};

/* Records err as the figure's first error (if it has none) and returns err's code. */
int plot_keep_error(ifs_figure *fig, const ifs_error *err);

/* Text: the font and options every surface uses (no hinting, so that metrics are the same in
 * PNG, PDF and SVG), extents of markup text, and drawing it with its box anchored at (x, y)
 * (ha, va as in ifs_plot_text), rotated by angle radians counter-clockwise about that point. */
void plot_text_setup(cairo_t *cr);
void plot_text_extents(cairo_t *cr, const char *markup, double size_pt, double *width, double *height);
void plot_text_draw(cairo_t *cr, const char *markup, double x, double y, double size_pt, double ha, double va,
                    double angle);

/* Layout: "label [unit]" as an owned string (NULL when out of memory), the number text of a tick
 * (with a true minus sign), and a panel's layout measured with cr. */
char *plot_axis_label(const char *label, const char *unit);
void plot_tick_text(double value, double step, char *buf, size_t size);
double plot_widest_tick(cairo_t *cr, const double *ticks, size_t n, double step);
void plot_layout(cairo_t *cr, const ifs_figure *fig, const ifs_panel *p, ifs_panel_layout *L);

/* Entries of the panel's legend: its labelled items other than text. */
size_t plot_legend_entries(const ifs_panel *p);

/* Data to device (points) through a layout. */
static inline double plot_dev_x(const ifs_panel_layout *L, double x)
{
    return L->left + (x - L->xlo) / (L->xhi - L->xlo) * L->width;
}
static inline double plot_dev_y(const ifs_panel_layout *L, double y)
{
    return L->top + (L->yhi - y) / (L->yhi - L->ylo) * L->height;
}

/* Drawing: a whole figure, and the pieces kept in their own files. */
int plot_render(cairo_t *cr, ifs_figure *fig);
void plot_set_style_line(cairo_t *cr, const ifs_plot_style *s, double default_pt);
void plot_draw_image(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it);
/* Colour bar right of the plot area; its width in points (bar, ticks, label) is plot_colorbar_width. */
void plot_draw_colorbar(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it, const char *label);
double plot_colorbar_width(cairo_t *cr, const plot_item *it, const char *label);
int plot_draw_contours(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it, ifs_error *err);

#endif
