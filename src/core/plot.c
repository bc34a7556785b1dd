/* plot.c: figures and panels, and the recording of what is drawn in them (copies of the caller's
 * data); layout, drawing and saving happen later, in the other plot_*.c files. */
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int plot_keep_error(ifs_figure *fig, const ifs_error *err)
{
    if (fig->error.code == IFS_OK)
        fig->error = *err;
    return err->code;
}

int ifs_figure_error(const ifs_figure *fig, ifs_error *err)
{
    if (fig->error.code != IFS_OK)
        *err = fig->error;
    return fig->error.code;
}

static int fail(ifs_panel *p, int code, const char *what)
{
    ifs_error err;
    ifs_error_set(&err, code, "figure panel (%d, %d): %s", p->row, p->col, what);
    return plot_keep_error(p->fig, &err);
}

static int out_of_memory(ifs_panel *p)
{
    return fail(p, IFS_ERR_NOMEM, "out of memory");
}

ifs_figure *ifs_figure_alloc(double width_in, double height_in, int nrows, int ncols)
{
    if (!(width_in > 0 && width_in <= 100 && height_in > 0 && height_in <= 100) || nrows < 1 || ncols < 1 ||
        nrows > 64 || ncols > 64)
        return NULL;
    ifs_figure *fig = calloc(1, sizeof *fig);
    if (!fig)
        return NULL;
    fig->width_pt = width_in * 72.0;
    fig->height_pt = height_in * 72.0;
    fig->nrows = nrows;
    fig->ncols = ncols;
    fig->row_ratio = malloc((size_t)nrows * sizeof *fig->row_ratio);
    fig->panels = calloc((size_t)(nrows * ncols), sizeof *fig->panels);
    if (!fig->row_ratio || !fig->panels) {
        ifs_figure_free(fig);
        return NULL;
    }
    for (int r = 0; r < nrows; r++)
        fig->row_ratio[r] = 1.0;
    for (int i = 0; i < nrows * ncols; i++)
        fig->panels[i] = (ifs_panel){.fig = fig, .row = i / ncols, .col = i % ncols, .image = -1};
    return fig;
}

static void item_free(plot_item *it)
{
    free(it->label);
    free(it->x);
    free(it->y);
    free(it->xlo);
    free(it->xhi);
    free(it->ylo);
    free(it->yhi);
    free(it->xlimit);
    free(it->ylimit);
    free(it->text);
    free((double *)it->grid.values);
    free(it->levels);
}

void ifs_figure_free(ifs_figure *fig)
{
    if (!fig)
        return;
    for (int i = 0; fig->panels && i < fig->nrows * fig->ncols; i++) {
        ifs_panel *p = &fig->panels[i];
        for (size_t k = 0; k < p->nitems; k++)
            item_free(&p->items[k]);
        free(p->items);
        free(p->xlabel);
        free(p->ylabel);
        free(p->toplabel);
        free(p->cbarlabel);
    }
    free(fig->panels);
    free(fig->row_ratio);
    free(fig);
}

ifs_panel *ifs_figure_panel(ifs_figure *fig, int row, int col)
{
    if (row < 0 || row >= fig->nrows || col < 0 || col >= fig->ncols)
        return NULL;
    return &fig->panels[row * fig->ncols + col];
}

int ifs_figure_row_heights(ifs_figure *fig, const double *ratios)
{
    ifs_error err;
    for (int r = 0; r < fig->nrows; r++)
        if (!(ratios[r] > 0 && isfinite(ratios[r]))) {
            ifs_error_set(&err, IFS_ERR_INPUT, "figure: row height ratio %d is %g, not a positive number", r, ratios[r]);
            return plot_keep_error(fig, &err);
        }
    memcpy(fig->row_ratio, ratios, (size_t)fig->nrows * sizeof *ratios);
    return IFS_OK;
}

/* Replaces *slot with "label [unit]". */
static int set_label(ifs_panel *p, char **slot, const char *label, const char *unit)
{
    char *s = plot_axis_label(label, unit);
    if (!s)
        return out_of_memory(p);
    free(*slot);
    *slot = s;
    return IFS_OK;
}

int ifs_panel_xlabel(ifs_panel *p, const char *label, const char *unit)
{
    return set_label(p, &p->xlabel, label, unit);
}

int ifs_panel_ylabel(ifs_panel *p, const char *label, const char *unit)
{
    return set_label(p, &p->ylabel, label, unit);
}

static int set_range(ifs_panel *p, int *fixed, double *r, double lo, double hi, const char *axis)
{
    if (!(isfinite(lo) && isfinite(hi) && lo < hi)) {
        char what[96];
        snprintf(what, sizeof what, "%s range [%g, %g] is not an increasing pair of numbers", axis, lo, hi);
        return fail(p, IFS_ERR_INPUT, what);
    }
    *fixed = 1;
    r[0] = lo;
    r[1] = hi;
    return IFS_OK;
}

int ifs_panel_xrange(ifs_panel *p, double lo, double hi)
{
    return set_range(p, &p->xfixed, p->xr, lo, hi, "x");
}

int ifs_panel_yrange(ifs_panel *p, double lo, double hi)
{
    return set_range(p, &p->yfixed, p->yr, lo, hi, "y");
}

int ifs_panel_top_axis(ifs_panel *p, const char *label, const char *unit, double (*fn)(double x, void *ctx),
                       void *ctx)
{
    p->top_fn = fn;
    p->top_ctx = ctx;
    return set_label(p, &p->toplabel, label, unit);
}

void ifs_panel_equal_aspect(ifs_panel *p) { p->equal_aspect = 1; }

void ifs_panel_ticklabels(ifs_panel *p, int show_x, int show_y)
{
    p->hide_xticklabels = !show_x;
    p->hide_yticklabels = !show_y;
}

void ifs_panel_legend(ifs_panel *p, ifs_legend_pos pos) { p->legend = pos; }

void ifs_panel_legend_room(ifs_panel *p) { p->legend_room = 1; }

size_t plot_legend_entries(const ifs_panel *p)
{
    size_t n = 0;
    for (size_t k = 0; k < p->nitems; k++)
        n += p->items[k].label && p->items[k].kind != ITEM_TEXT;
    return n;
}

/* A new zeroed item with a copy of style (and its label); NULL when out of memory. */
static plot_item *new_item(ifs_panel *p, plot_item_kind kind, const ifs_plot_style *style)
{
    if (p->nitems == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 8;
        plot_item *items = realloc(p->items, cap * sizeof *items);
        if (!items)
            return NULL;
        p->items = items;
        p->cap = cap;
    }
    plot_item *it = &p->items[p->nitems];
    *it = (plot_item){.kind = kind};
    if (style)
        it->style = *style;
    it->style.label = NULL;
    if (style && style->label && *style->label) {
        if (!(it->label = strdup(style->label)))
            return NULL;
        it->style.label = it->label;
    }
    p->nitems++;
    return it;
}

/* Drops the last item after a failed copy. */
static int drop_last(ifs_panel *p)
{
    item_free(&p->items[--p->nitems]);
    return out_of_memory(p);
}

/* A copy of n doubles; src NULL gives n NaNs. */
static double *copy_or_nan(const double *src, size_t n)
{
    double *d = malloc((n ? n : 1) * sizeof *d);
    for (size_t i = 0; d && i < n; i++)
        d[i] = src ? src[i] : NAN;
    return d;
}

static signed char *copy_limits(const signed char *src, size_t n)
{
    signed char *d = calloc(n ? n : 1, 1);
    if (d && src)
        memcpy(d, src, n);
    return d;
}

int ifs_plot_points(ifs_panel *p, const ifs_points *pts, const ifs_plot_style *style)
{
    if (!pts->x || !pts->y)
        return fail(p, IFS_ERR_INPUT, "points need x and y");
    plot_item *it = new_item(p, ITEM_POINTS, style);
    if (!it)
        return out_of_memory(p);
    size_t n = it->n = pts->n;
    it->x = copy_or_nan(pts->x, n);
    it->y = copy_or_nan(pts->y, n);
    it->xlo = copy_or_nan(pts->xerr_lo, n);
    it->xhi = copy_or_nan(pts->xerr_hi, n);
    it->ylo = copy_or_nan(pts->yerr_lo, n);
    it->yhi = copy_or_nan(pts->yerr_hi, n);
    it->xlimit = copy_limits(pts->xlimit, n);
    it->ylimit = copy_limits(pts->ylimit, n);
    if (!it->x || !it->y || !it->xlo || !it->xhi || !it->ylo || !it->yhi || !it->xlimit || !it->ylimit)
        return drop_last(p);
    return IFS_OK;
}

int ifs_plot_line(ifs_panel *p, size_t n, const double *x, const double *y, const ifs_plot_style *style)
{
    plot_item *it = new_item(p, ITEM_LINE, style);
    if (!it)
        return out_of_memory(p);
    it->n = n;
    it->x = copy_or_nan(x, n);
    it->y = copy_or_nan(y, n);
    if (!it->x || !it->y)
        return drop_last(p);
    return IFS_OK;
}

int ifs_plot_band(ifs_panel *p, size_t n, const double *x, const double *ylo, const double *yhi,
                  const ifs_plot_style *style)
{
    plot_item *it = new_item(p, ITEM_BAND, style);
    if (!it)
        return out_of_memory(p);
    it->n = n;
    it->x = copy_or_nan(x, n);
    it->ylo = copy_or_nan(ylo, n);
    it->yhi = copy_or_nan(yhi, n);
    if (!it->x || !it->ylo || !it->yhi)
        return drop_last(p);
    return IFS_OK;
}

int ifs_plot_refline(ifs_panel *p, int vertical, double value, const ifs_plot_style *style)
{
    if (!isfinite(value))
        return fail(p, IFS_ERR_INPUT, "a reference line needs a finite value");
    plot_item *it = new_item(p, ITEM_REFLINE, style);
    if (!it)
        return out_of_memory(p);
    it->vertical = vertical;
    it->value = value;
    return IFS_OK;
}

int ifs_plot_text(ifs_panel *p, ifs_coord coord, double x, double y, double ha, double va, const char *text,
                  const ifs_plot_style *style)
{
    if (!isfinite(x) || !isfinite(y))
        return fail(p, IFS_ERR_INPUT, "text needs a finite position");
    plot_item *it = new_item(p, ITEM_TEXT, style);
    if (!it)
        return out_of_memory(p);
    it->coord = coord;
    it->tx = x;
    it->ty = y;
    it->ha = ha;
    it->va = va;
    if (!(it->text = strdup(text)))
        return drop_last(p);
    return IFS_OK;
}

static int check_grid(ifs_panel *p, const ifs_plot_grid *grid)
{
    if (grid->nx == 0 || grid->ny == 0 || !grid->values || !(grid->x0 < grid->x1) || !(grid->y0 < grid->y1))
        return fail(p, IFS_ERR_INPUT, "a grid needs nx, ny > 0, values, x0 < x1 and y0 < y1");
    return IFS_OK;
}

/* Stores a copy of grid in it (the last item). */
static int copy_grid(ifs_panel *p, plot_item *it, const ifs_plot_grid *grid)
{
    it->grid = *grid;
    it->grid.values = copy_or_nan(grid->values, grid->nx * grid->ny);
    return it->grid.values ? IFS_OK : drop_last(p);
}

int ifs_plot_image(ifs_panel *p, const ifs_plot_grid *grid, ifs_colormap cmap, double vmin, double vmax,
                   const char *label, const char *unit)
{
    if (p->image >= 0)
        return fail(p, IFS_ERR_INPUT, "a panel holds one image");
    int rc = check_grid(p, grid);
    if (rc)
        return rc;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < grid->nx * grid->ny; i++)
        if (isfinite(grid->values[i])) {
            lo = fmin(lo, grid->values[i]);
            hi = fmax(hi, grid->values[i]);
        }
    if (lo > hi)
        return fail(p, IFS_ERR_INPUT, "the image has no finite value");
    plot_item *it = new_item(p, ITEM_IMAGE, NULL);
    if (!it)
        return out_of_memory(p);
    if ((rc = copy_grid(p, it, grid)))
        return rc;
    it->cmap = cmap;
    it->vmin = isnan(vmin) ? lo : vmin;
    it->vmax = isnan(vmax) ? hi : vmax;
    if (!(it->vmin < it->vmax)) { /* a flat map: centre its one colour */
        it->vmin -= 0.5;
        it->vmax += 0.5;
    }
    p->image = (long)(p->nitems - 1);
    return set_label(p, &p->cbarlabel, label, unit);
}

int ifs_plot_contours(ifs_panel *p, const ifs_plot_grid *grid, size_t nlevels, const double *levels,
                      const ifs_plot_style *style)
{
    int rc = check_grid(p, grid);
    if (rc)
        return rc;
    plot_item *it = new_item(p, ITEM_CONTOURS, style);
    if (!it)
        return out_of_memory(p);
    if ((rc = copy_grid(p, it, grid)))
        return rc;
    it->nlevels = nlevels;
    if (!(it->levels = copy_or_nan(levels, nlevels)))
        return drop_last(p);
    return IFS_OK;
}

ifs_plot_style ifs_plot_series(int i, const char *label)
{
    /* Okabe & Ito (2008): blue, vermillion, bluish green, orange, reddish purple, sky blue,
     * yellow, black (sRGB bytes / 255). */
    static const ifs_rgb colors[8] = {
        {0 / 255.0, 114 / 255.0, 178 / 255.0},   {213 / 255.0, 94 / 255.0, 0 / 255.0},
        {0 / 255.0, 158 / 255.0, 115 / 255.0},   {230 / 255.0, 159 / 255.0, 0 / 255.0},
        {204 / 255.0, 121 / 255.0, 167 / 255.0}, {86 / 255.0, 180 / 255.0, 233 / 255.0},
        {240 / 255.0, 228 / 255.0, 66 / 255.0},  {0, 0, 0}};
    static const ifs_marker markers[8] = {IFS_MARKER_CIRCLE,        IFS_MARKER_SQUARE,      IFS_MARKER_DIAMOND,
                                          IFS_MARKER_TRIANGLE_UP,   IFS_MARKER_TRIANGLE_DOWN, IFS_MARKER_STAR,
                                          IFS_MARKER_CROSS,         IFS_MARKER_CIRCLE};
    int k = ((i % 8) + 8) % 8;
    return (ifs_plot_style){.color = colors[k], .marker = markers[k], .open = k == 7, .label = label};
}
