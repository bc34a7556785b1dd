/* plot_layout.c: where each panel goes: its cell in the figure's grid, axis ranges from the data,
 * nice ticks (also for a secondary top axis), and margins measured from the text around it. */
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>

#define PAD 3.0       /* cell edge to the outermost text, in points */
#define RIGHT_PAD 6.0 /* room for half of the last x tick label */
#define X_TICK_SPACING 40.0 /* at most one tick per this many points of axis */
#define Y_TICK_SPACING 28.0

/* The smallest of 1, 2, 5 times a power of ten that is at least s. */
static double nice_step_at_least(double s)
{
    double p = pow(10, floor(log10(s)));
    for (int k = 0;; k++) { /* p, 2p, 5p, 10p: ends by k = 3 */
        double candidate = p * (k == 0 ? 1 : k == 1 ? 2 : k == 2 ? 5 : 10);
        if (candidate >= s * (1 - 1e-12))
            return candidate;
    }
}

/* The next nice step above s (1 -> 2 -> 5 -> 10). */
static double next_step(double s)
{
    double e = floor(log10(s) + 1e-9), m = s / pow(10, e);
    return (m < 1.5 ? 2 : m < 3.5 ? 5 : 10) * pow(10, e);
}

size_t ifs_plot_ticks(double lo, double hi, size_t max_ticks, double *ticks, double *step)
{
    *step = NAN;
    if (!(isfinite(lo) && isfinite(hi) && lo < hi) || max_ticks < 2)
        return 0;
    /* Start from the finest step that could fit and coarsen until the ticks inside fit. */
    double s = nice_step_at_least((hi - lo) / (double)max_ticks), k0, k1;
    for (;;) {
        k0 = ceil(lo / s - 1e-9);
        k1 = floor(hi / s + 1e-9);
        if (k1 - k0 + 1 <= (double)max_ticks)
            break;
        s = next_step(s);
    }
    size_t n = 0;
    for (double k = k0; k <= k1; k++)
        ticks[n++] = fabs(k) < 0.5 ? 0.0 : k * s; /* multiples, not sums: no drift */
    *step = s;
    return n;
}

void plot_tick_text(double value, double step, char *buf, size_t size)
{
    int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    double v = round(value / step) * step;
    if (fabs(v) < 0.5 * step)
        v = 0; /* never "-0" */
    char num[64];
    snprintf(num, sizeof num, "%.*f", decimals, fabs(v));
    snprintf(buf, size, "%s%s", v < 0 ? "\u2212" : "", num);
}

char *plot_axis_label(const char *label, const char *unit)
{
    char *s = NULL;
    if (asprintf(&s, unit && *unit ? "%s [%s]" : "%s", label ? label : "", unit) < 0)
        return NULL;
    return s;
}

static void span(double *lo, double *hi, double v)
{
    if (isfinite(v)) {
        *lo = fmin(*lo, v);
        *hi = fmax(*hi, v);
    }
}

/* Adds v -/+ error (a NaN error counts as none) to the span. */
static void span_err(double *lo, double *hi, double v, double err_lo, double err_hi)
{
    span(lo, hi, v - (isfinite(err_lo) ? err_lo : 0));
    span(lo, hi, v + (isfinite(err_hi) ? err_hi : 0));
}

/* The extent of everything drawn in the panel; *exact is set when it holds an image or contour
 * grid, whose extent is used without padding. */
static void data_extent(const ifs_panel *p, double x[2], double y[2], int *exact)
{
    x[0] = y[0] = INFINITY;
    x[1] = y[1] = -INFINITY;
    *exact = 0;
    for (size_t k = 0; k < p->nitems; k++) {
        const plot_item *it = &p->items[k];
        switch (it->kind) {
        case ITEM_POINTS:
            for (size_t i = 0; i < it->n; i++)
                if (isfinite(it->x[i]) && isfinite(it->y[i])) {
                    span_err(&x[0], &x[1], it->x[i], it->xlo[i], it->xhi[i]);
                    span_err(&y[0], &y[1], it->y[i], it->ylo[i], it->yhi[i]);
                }
            break;
        case ITEM_LINE:
            for (size_t i = 0; i < it->n; i++)
                if (isfinite(it->x[i]) && isfinite(it->y[i])) {
                    span(&x[0], &x[1], it->x[i]);
                    span(&y[0], &y[1], it->y[i]);
                }
            break;
        case ITEM_BAND:
            for (size_t i = 0; i < it->n; i++)
                if (isfinite(it->x[i]) && isfinite(it->ylo[i]) && isfinite(it->yhi[i])) {
                    span(&x[0], &x[1], it->x[i]);
                    span(&y[0], &y[1], it->ylo[i]);
                    span(&y[0], &y[1], it->yhi[i]);
                }
            break;
        case ITEM_IMAGE:
        case ITEM_CONTOURS:
            span(&x[0], &x[1], it->grid.x0);
            span(&x[0], &x[1], it->grid.x1);
            span(&y[0], &y[1], it->grid.y0);
            span(&y[0], &y[1], it->grid.y1);
            *exact = 1;
            break;
        case ITEM_REFLINE:
        case ITEM_TEXT:
            break;
        }
    }
}

/* A usable range from a data extent: [0, 1] without data, a unit (or 10%) window around a single
 * value, else the extent widened by 5% on each side unless exact. */
static void auto_range(double r[2], int exact)
{
    if (r[0] > r[1]) {
        r[0] = 0;
        r[1] = 1;
    } else if (r[0] == r[1]) {
        double d = r[0] != 0 ? 0.1 * fabs(r[0]) : 0.5;
        r[0] -= d;
        r[1] += d;
    } else if (!exact) {
        double d = 0.05 * (r[1] - r[0]);
        r[0] -= d;
        r[1] += d;
    }
}

/* Most ticks an axis of length len_pt should carry. */
static size_t max_ticks(double len_pt, double spacing)
{
    double n = floor(len_pt / spacing) + 1;
    return (size_t)fmax(3, fmin(n, 7));
}

/* Where fn(x) = value for x in [lo, hi], fn monotonic there, by bisection. */
static double invert(double (*fn)(double, void *), void *ctx, double lo, double hi, double value)
{
    double flo = fn(lo, ctx);
    int rising = fn(hi, ctx) > flo;
    for (int i = 0; i < 100; i++) {
        double mid = 0.5 * (lo + hi);
        if ((fn(mid, ctx) < value) == rising)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static void top_ticks(const ifs_panel *p, double width_pt, ifs_panel_layout *L)
{
    double a = p->top_fn(L->xlo, p->top_ctx), b = p->top_fn(L->xhi, p->top_ctx);
    L->ntopticks = ifs_plot_ticks(fmin(a, b), fmax(a, b), max_ticks(width_pt, X_TICK_SPACING), L->top_values, &L->top_step);
    for (size_t i = 0; i < L->ntopticks; i++)
        L->top_x[i] = invert(p->top_fn, p->top_ctx, L->xlo, L->xhi, L->top_values[i]);
}

double plot_widest_tick(cairo_t *cr, const double *ticks, size_t n, double step)
{
    double widest = 0, w, h;
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        plot_tick_text(ticks[i], step, buf, sizeof buf);
        plot_text_extents(cr, buf, PLOT_TICK_PT, &w, &h);
        widest = fmax(widest, w);
    }
    return widest;
}

void plot_layout(cairo_t *cr, const ifs_figure *fig, const ifs_panel *p, ifs_panel_layout *L)
{
    *L = (ifs_panel_layout){0};
    double total = 0, above = 0;
    for (int r = 0; r < fig->nrows; r++) {
        total += fig->row_ratio[r];
        if (r < p->row)
            above += fig->row_ratio[r];
    }
    double cw = fig->width_pt / fig->ncols, cx = cw * p->col;
    double ch = fig->height_pt * fig->row_ratio[p->row] / total, cy = fig->height_pt * above / total;

    double xr[2], yr[2];
    int exact;
    data_extent(p, xr, yr, &exact);
    auto_range(xr, exact);
    auto_range(yr, exact);
    L->xlo = p->xfixed ? p->xr[0] : xr[0];
    L->xhi = p->xfixed ? p->xr[1] : xr[1];
    L->ylo = p->yfixed ? p->yr[0] : yr[0];
    L->yhi = p->yfixed ? p->yr[1] : yr[1];

    double w, tick_h, label_h;
    /* Axis lengths are not known before the margins: size the tick counts on the cell. */
    L->nxticks = ifs_plot_ticks(L->xlo, L->xhi, max_ticks(cw - 40, X_TICK_SPACING), L->xticks, &L->xstep);
    if (p->top_fn)
        top_ticks(p, cw - 40, L);
    plot_text_extents(cr, "0", PLOT_TICK_PT, &w, &tick_h);
    plot_text_extents(cr, "0", PLOT_LABEL_PT, &w, &label_h);

    double left = PAD + PLOT_GAP, bottom = PAD + PLOT_GAP, top = PAD, right = RIGHT_PAD;
    if (p->xlabel)
        bottom += label_h + PLOT_GAP;
    if (!p->hide_xticklabels)
        bottom += tick_h;
    if (p->top_fn)
        top += tick_h + PLOT_GAP + (p->toplabel && *p->toplabel ? label_h + PLOT_GAP : 0);
    if (p->image >= 0)
        right = PAD + plot_colorbar_width(cr, &p->items[p->image], p->cbarlabel);
    size_t nlegend = plot_legend_entries(p);
    if (p->legend_room && p->legend != IFS_LEGEND_NONE && nlegend && !p->equal_aspect) {
        /* The legend box takes the fraction f of the plot height; the data keep the rest. */
        double box = 2 * PLOT_LEGEND_INSET + 2 * PLOT_LEGEND_PAD + nlegend * PLOT_LEGEND_LINE;
        double f = fmin(box / fmax(ch - top - bottom, 10), 0.7), grow = (L->yhi - L->ylo) * f / (1 - f);
        if (p->legend == IFS_LEGEND_UPPER_LEFT || p->legend == IFS_LEGEND_UPPER_RIGHT)
            L->yhi += grow;
        else
            L->ylo -= grow;
    }
    L->nyticks = ifs_plot_ticks(L->ylo, L->yhi, max_ticks(ch - 30, Y_TICK_SPACING), L->yticks, &L->ystep);
    if (p->ylabel)
        left += label_h + PLOT_GAP;
    if (!p->hide_yticklabels)
        left += plot_widest_tick(cr, L->yticks, L->nyticks, L->ystep);

    L->left = cx + left;
    L->top = cy + top;
    L->width = fmax(cw - left - right, 10);
    L->height = fmax(ch - top - bottom, 10);
    if (p->equal_aspect) {
        double aspect = (L->yhi - L->ylo) / (L->xhi - L->xlo);
        if (L->height / L->width > aspect) {
            double h = L->width * aspect;
            L->top += 0.5 * (L->height - h);
            L->height = h;
        } else {
            double wd = L->height / aspect;
            L->left += 0.5 * (L->width - wd);
            L->width = wd;
        }
    }
}

int ifs_panel_layout_get(ifs_figure *fig, const ifs_panel *p, ifs_panel_layout *out, ifs_error *err)
{
    if (p < fig->panels || p >= fig->panels + fig->nrows * fig->ncols)
        return ifs_error_set(err, IFS_ERR_INPUT, "figure layout: the panel belongs to another figure");
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(s);
    int rc = IFS_OK;
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        rc = ifs_error_set(err, IFS_ERR_NOMEM, "figure layout: %s", cairo_status_to_string(cairo_status(cr)));
    else {
        plot_text_setup(cr);
        plot_layout(cr, fig, p, out);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return rc;
}
