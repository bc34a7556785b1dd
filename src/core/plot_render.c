/* plot_render.c: draws a figure on a cairo context in points: each panel's items in the order
 * they were added (clipped to the plot area), then its frame, ticks, labels, text and legend. */
#include "plot_internal.h"

#include <math.h>

#define TICK_LEN 3.5     /* major ticks, drawn inwards, points */
#define MINOR_LEN 1.8    /* minor ticks */
#define FRAME_PT 0.6     /* frame and tick line width */
#define ERRBAR_PT 0.6    /* default error bar width */
#define LINE_PT 0.8      /* default line width */
#define MARKER_PT 4.0    /* default marker width */
#define ARROW_LEN 9.0    /* limit arrows: length, head length and half width */
#define ARROW_HEAD 2.6
#define ARROW_HALF 1.5
#define BAND_ALPHA 0.25

static void set_color(cairo_t *cr, ifs_rgb c, double alpha)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

void plot_set_style_line(cairo_t *cr, const ifs_plot_style *s, double default_pt)
{
    double w = s->line_pt > 0 ? s->line_pt : default_pt;
    /* Dash lengths in line widths, so that patterns keep their look at any width. */
    static const double dashed[] = {4.5, 2.5}, dotted[] = {1.0, 1.8}, dashdot[] = {4.5, 1.8, 1.0, 1.8};
    const double *pattern = s->dash == IFS_DASH_DASHED ? dashed : s->dash == IFS_DASH_DOTTED ? dotted : dashdot;
    int n = s->dash == IFS_DASH_DASHDOT ? 4 : 2;
    double scaled[4];
    for (int i = 0; i < n; i++)
        scaled[i] = pattern[i] * w;
    cairo_set_line_width(cr, w);
    cairo_set_dash(cr, scaled, s->dash == IFS_DASH_SOLID ? 0 : n, 0);
    set_color(cr, s->color, 1);
}

/* Path of a marker of width size centred at (x, y). */
static void marker_path(cairo_t *cr, ifs_marker m, double x, double y, double size)
{
    double r = 0.5 * size;
    switch (m) {
    case IFS_MARKER_NONE:
        break;
    case IFS_MARKER_CIRCLE:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
        break;
    case IFS_MARKER_SQUARE: /* sides 0.9 size: about the area of the circle */
        cairo_rectangle(cr, x - 0.9 * r, y - 0.9 * r, 1.8 * r, 1.8 * r);
        break;
    case IFS_MARKER_DIAMOND:
        cairo_move_to(cr, x, y - 1.2 * r);
        cairo_line_to(cr, x + 0.9 * r, y);
        cairo_line_to(cr, x, y + 1.2 * r);
        cairo_line_to(cr, x - 0.9 * r, y);
        cairo_close_path(cr);
        break;
    case IFS_MARKER_TRIANGLE_UP:
    case IFS_MARKER_TRIANGLE_DOWN: {
        double s = m == IFS_MARKER_TRIANGLE_UP ? 1 : -1;
        cairo_move_to(cr, x, y - s * 1.15 * r);
        cairo_line_to(cr, x + r, y + s * 0.75 * r);
        cairo_line_to(cr, x - r, y + s * 0.75 * r);
        cairo_close_path(cr);
        break;
    }
    case IFS_MARKER_STAR:
        for (int k = 0; k < 10; k++) {
            double a = -M_PI / 2 + k * M_PI / 5, rr = k % 2 ? 0.5 * r : 1.25 * r;
            (k ? cairo_line_to : cairo_move_to)(cr, x + rr * cos(a), y + rr * sin(a));
        }
        cairo_close_path(cr);
        break;
    case IFS_MARKER_CROSS:
        cairo_move_to(cr, x - r, y - r);
        cairo_line_to(cr, x + r, y + r);
        cairo_move_to(cr, x - r, y + r);
        cairo_line_to(cr, x + r, y - r);
        break;
    }
}

static void draw_marker(cairo_t *cr, const ifs_plot_style *s, double x, double y)
{
    if (s->marker == IFS_MARKER_NONE)
        return;
    double size = s->marker_pt > 0 ? s->marker_pt : MARKER_PT;
    cairo_set_dash(cr, NULL, 0, 0);
    set_color(cr, s->color, 1);
    marker_path(cr, s->marker, x, y, size);
    if (!s->open && s->marker != IFS_MARKER_CROSS)
        cairo_fill_preserve(cr);
    cairo_set_line_width(cr, s->open || s->marker == IFS_MARKER_CROSS ? 0.8 : 0.4);
    cairo_stroke(cr);
}

static void segment(cairo_t *cr, double x0, double y0, double x1, double y1)
{
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
}

/* A limit arrow from (x, y) of ARROW_LEN in direction (dx, dy), a unit vector. */
static void arrow(cairo_t *cr, double x, double y, double dx, double dy)
{
    double tx = x + dx * ARROW_LEN, ty = y + dy * ARROW_LEN;
    segment(cr, x, y, tx - dx * ARROW_HEAD, ty - dy * ARROW_HEAD);
    cairo_move_to(cr, tx, ty);
    cairo_line_to(cr, tx - dx * ARROW_HEAD - dy * ARROW_HALF, ty - dy * ARROW_HEAD + dx * ARROW_HALF);
    cairo_line_to(cr, tx - dx * ARROW_HEAD + dy * ARROW_HALF, ty - dy * ARROW_HEAD - dx * ARROW_HALF);
    cairo_close_path(cr);
    cairo_fill(cr);
}

static void draw_points(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it)
{
    for (size_t i = 0; i < it->n; i++) {
        double x = it->x[i], y = it->y[i];
        if (!isfinite(x) || !isfinite(y))
            continue;
        double px = plot_dev_x(L, x), py = plot_dev_y(L, y);
        ifs_plot_style bars = it->style;
        bars.dash = IFS_DASH_SOLID;
        plot_set_style_line(cr, &bars, ERRBAR_PT);
        if (isfinite(it->xlo[i]))
            segment(cr, plot_dev_x(L, x - it->xlo[i]), py, px, py);
        if (isfinite(it->xhi[i]))
            segment(cr, px, py, plot_dev_x(L, x + it->xhi[i]), py);
        if (isfinite(it->ylo[i]))
            segment(cr, px, plot_dev_y(L, y - it->ylo[i]), px, py);
        if (isfinite(it->yhi[i]))
            segment(cr, px, py, px, plot_dev_y(L, y + it->yhi[i]));
        if (it->ylimit[i]) /* device y grows downwards */
            arrow(cr, px, py, 0, it->ylimit[i] > 0 ? -1 : 1);
        if (it->xlimit[i])
            arrow(cr, px, py, it->xlimit[i] > 0 ? 1 : -1, 0);
        draw_marker(cr, &it->style, px, py);
    }
}

/* Left and right edges of step i of the run [a, b]: half-way to the neighbours, the end steps
 * mirrored. */
static void step_edges(const double *x, size_t a, size_t b, size_t i, double *l, double *r)
{
    double left_gap = i > a ? x[i] - x[i - 1] : i < b ? x[i + 1] - x[i] : 0;
    double right_gap = i < b ? x[i + 1] - x[i] : left_gap;
    *l = x[i] - 0.5 * left_gap;
    *r = x[i] + 0.5 * right_gap;
}

/* Extends the path along y over the run [a, b], as steps or straight segments, forwards or
 * backwards; the first point is a move when move is set. */
static void trace(cairo_t *cr, const ifs_panel_layout *L, const double *x, const double *y, size_t a, size_t b,
                  int steps, int backwards, int move)
{
    for (size_t k = 0; k <= b - a; k++) {
        size_t i = backwards ? b - k : a + k;
        double py = plot_dev_y(L, y[i]);
        double l, r;
        if (steps)
            step_edges(x, a, b, i, &l, &r);
        else
            l = r = x[i];
        double first = backwards ? r : l, second = backwards ? l : r;
        (move && k == 0 ? cairo_move_to : cairo_line_to)(cr, plot_dev_x(L, first), py);
        if (steps)
            cairo_line_to(cr, plot_dev_x(L, second), py);
    }
}

/* Whether every one of the arrays is finite at index i. */
static int finite_at(const double *const *arrays, int narrays, size_t i)
{
    for (int k = 0; k < narrays; k++)
        if (!isfinite(arrays[k][i]))
            return 0;
    return 1;
}

static void draw_line(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it)
{
    const double *arrays[2] = {it->x, it->y};
    plot_set_style_line(cr, &it->style, LINE_PT);
    for (size_t a = 0; a < it->n;) {
        if (!finite_at(arrays, 2, a)) {
            a++;
            continue;
        }
        size_t b = a;
        while (b + 1 < it->n && finite_at(arrays, 2, b + 1))
            b++;
        trace(cr, L, it->x, it->y, a, b, it->style.steps, 0, 1);
        cairo_stroke(cr);
        a = b + 1;
    }
}

static void draw_band(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it)
{
    const double *arrays[3] = {it->x, it->ylo, it->yhi};
    set_color(cr, it->style.color, it->style.alpha > 0 ? it->style.alpha : BAND_ALPHA);
    for (size_t a = 0; a < it->n;) {
        if (!finite_at(arrays, 3, a)) {
            a++;
            continue;
        }
        size_t b = a;
        while (b + 1 < it->n && finite_at(arrays, 3, b + 1))
            b++;
        trace(cr, L, it->x, it->yhi, a, b, it->style.steps, 0, 1);
        trace(cr, L, it->x, it->ylo, a, b, it->style.steps, 1, 0);
        cairo_close_path(cr);
        cairo_fill(cr);
        a = b + 1;
    }
}

static void draw_refline(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it)
{
    plot_set_style_line(cr, &it->style, LINE_PT);
    if (it->vertical)
        segment(cr, plot_dev_x(L, it->value), L->top, plot_dev_x(L, it->value), L->top + L->height);
    else
        segment(cr, L->left, plot_dev_y(L, it->value), L->left + L->width, plot_dev_y(L, it->value));
}

static void draw_text_item(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it)
{
    double x = it->coord == IFS_COORD_DATA ? plot_dev_x(L, it->tx) : L->left + it->tx * L->width;
    double y = it->coord == IFS_COORD_DATA ? plot_dev_y(L, it->ty) : L->top + (1 - it->ty) * L->height;
    set_color(cr, it->style.color, 1);
    plot_text_draw(cr, it->text, x, y, it->style.text_pt > 0 ? it->style.text_pt : PLOT_TEXT_PT, it->ha, it->va,
                   it->style.text_deg * M_PI / 180);
}

/* Minor ticks divide a step of 1 or 5 (times a power of ten) in five parts, a step of 2 in four. */
static double minor_step(double step)
{
    double m = step / pow(10, floor(log10(step) + 1e-9));
    return step / (fabs(m - 2) < 0.1 ? 4 : 5);
}

/* Inward ticks along one side: horizontal side (x values) at y = edge, or vertical side. */
static void side_ticks(cairo_t *cr, const ifs_panel_layout *L, int horizontal, double edge, double inward,
                       const double *ticks, size_t n, double step, double lo, double hi)
{
    for (size_t i = 0; i < n; i++) {
        double d = horizontal ? plot_dev_x(L, ticks[i]) : plot_dev_y(L, ticks[i]);
        if (horizontal)
            segment(cr, d, edge, d, edge + inward * TICK_LEN);
        else
            segment(cr, edge, d, edge + inward * TICK_LEN, d);
    }
    if (n == 0)
        return;
    double ms = minor_step(step);
    for (double k = ceil(lo / ms - 1e-9); k <= floor(hi / ms + 1e-9); k++) {
        double d = horizontal ? plot_dev_x(L, k * ms) : plot_dev_y(L, k * ms);
        if (horizontal)
            segment(cr, d, edge, d, edge + inward * MINOR_LEN);
        else
            segment(cr, edge, d, edge + inward * MINOR_LEN, d);
    }
}

static void draw_axes(cairo_t *cr, const ifs_panel *p, const ifs_panel_layout *L)
{
    double bottom = L->top + L->height, right = L->left + L->width, w, tick_h;
    char buf[64];
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, FRAME_PT);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_rectangle(cr, L->left, L->top, L->width, L->height);
    cairo_stroke(cr);
    side_ticks(cr, L, 1, bottom, -1, L->xticks, L->nxticks, L->xstep, L->xlo, L->xhi);
    side_ticks(cr, L, 0, L->left, 1, L->yticks, L->nyticks, L->ystep, L->ylo, L->yhi);
    side_ticks(cr, L, 0, right, -1, L->yticks, L->nyticks, L->ystep, L->ylo, L->yhi);
    if (!p->top_fn)
        side_ticks(cr, L, 1, L->top, 1, L->xticks, L->nxticks, L->xstep, L->xlo, L->xhi);
    else
        for (size_t i = 0; i < L->ntopticks; i++) {
            double x = plot_dev_x(L, L->top_x[i]);
            segment(cr, x, L->top, x, L->top + TICK_LEN);
            plot_tick_text(L->top_values[i], L->top_step, buf, sizeof buf);
            plot_text_draw(cr, buf, x, L->top - PLOT_GAP, PLOT_TICK_PT, 0.5, 0, 0);
        }

    plot_text_extents(cr, "0", PLOT_TICK_PT, &w, &tick_h);
    if (!p->hide_xticklabels)
        for (size_t i = 0; i < L->nxticks; i++) {
            plot_tick_text(L->xticks[i], L->xstep, buf, sizeof buf);
            plot_text_draw(cr, buf, plot_dev_x(L, L->xticks[i]), bottom + PLOT_GAP, PLOT_TICK_PT, 0.5, 1, 0);
        }
    double ytick_w = 0;
    if (!p->hide_yticklabels) {
        for (size_t i = 0; i < L->nyticks; i++) {
            plot_tick_text(L->yticks[i], L->ystep, buf, sizeof buf);
            plot_text_draw(cr, buf, L->left - PLOT_GAP, plot_dev_y(L, L->yticks[i]), PLOT_TICK_PT, 1, 0.5, 0);
        }
        ytick_w = plot_widest_tick(cr, L->yticks, L->nyticks, L->ystep);
    }
    double xmid = L->left + 0.5 * L->width;
    if (p->xlabel)
        plot_text_draw(cr, p->xlabel, xmid, bottom + PLOT_GAP + (p->hide_xticklabels ? 0 : tick_h + PLOT_GAP),
                       PLOT_LABEL_PT, 0.5, 1, 0);
    if (p->ylabel)
        plot_text_draw(cr, p->ylabel, L->left - PLOT_GAP - ytick_w - (ytick_w > 0 ? PLOT_GAP : 0),
                       L->top + 0.5 * L->height, PLOT_LABEL_PT, 0.5, 0, M_PI / 2);
    if (p->top_fn && p->toplabel && *p->toplabel)
        plot_text_draw(cr, p->toplabel, xmid, L->top - PLOT_GAP - tick_h - PLOT_GAP, PLOT_LABEL_PT, 0.5, 0, 0);
}

/* The legend's sample of an item, in a box of width w and height h at (x, y). */
static void legend_sample(cairo_t *cr, const plot_item *it, double x, double y, double w, double h)
{
    double ym = y + 0.5 * h;
    switch (it->kind) {
    case ITEM_POINTS:
        draw_marker(cr, &it->style, x + 0.5 * w, ym);
        break;
    case ITEM_BAND:
        set_color(cr, it->style.color, it->style.alpha > 0 ? it->style.alpha : BAND_ALPHA);
        cairo_rectangle(cr, x, y + 0.15 * h, w, 0.7 * h);
        cairo_fill(cr);
        break;
    default:
        plot_set_style_line(cr, &it->style, LINE_PT);
        segment(cr, x, ym, x + w, ym);
    }
}

static void draw_legend(cairo_t *cr, const ifs_panel *p, const ifs_panel_layout *L)
{
    const double inset = PLOT_LEGEND_INSET, pad = PLOT_LEGEND_PAD, sample_w = 14, line_h = PLOT_LEGEND_LINE;
    double text_w = 0, w, h;
    size_t n = plot_legend_entries(p);
    if (n == 0 || p->legend == IFS_LEGEND_NONE)
        return;
    for (size_t k = 0; k < p->nitems; k++)
        if (p->items[k].label && p->items[k].kind != ITEM_TEXT) {
            plot_text_extents(cr, p->items[k].label, PLOT_LEGEND_PT, &w, &h);
            text_w = fmax(text_w, w);
        }
    double bw = 2 * pad + sample_w + PLOT_GAP + text_w, bh = 2 * pad + n * line_h;
    int right = p->legend == IFS_LEGEND_UPPER_RIGHT || p->legend == IFS_LEGEND_LOWER_RIGHT;
    int upper = p->legend == IFS_LEGEND_UPPER_RIGHT || p->legend == IFS_LEGEND_UPPER_LEFT;
    double bx = right ? L->left + L->width - inset - bw : L->left + inset;
    double by = upper ? L->top + inset : L->top + L->height - inset - bh;
    cairo_rectangle(cr, bx, by, bw, bh);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.4);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_stroke(cr);
    double y = by + pad;
    for (size_t k = 0; k < p->nitems; k++) {
        const plot_item *it = &p->items[k];
        if (!it->label || it->kind == ITEM_TEXT)
            continue;
        legend_sample(cr, it, bx + pad, y, sample_w, line_h);
        cairo_set_source_rgb(cr, 0, 0, 0);
        plot_text_draw(cr, it->label, bx + pad + sample_w + PLOT_GAP, y + 0.5 * line_h, PLOT_LEGEND_PT, 0, 0.5, 0);
        y += line_h;
    }
}

static int draw_panel(cairo_t *cr, ifs_figure *fig, const ifs_panel *p)
{
    ifs_panel_layout L;
    ifs_error err;
    plot_layout(cr, fig, p, &L);
    cairo_save(cr);
    cairo_rectangle(cr, L.left, L.top, L.width, L.height);
    cairo_clip(cr);
    for (size_t k = 0; k < p->nitems; k++) {
        const plot_item *it = &p->items[k];
        switch (it->kind) {
        case ITEM_POINTS: draw_points(cr, &L, it); break;
        case ITEM_LINE: draw_line(cr, &L, it); break;
        case ITEM_BAND: draw_band(cr, &L, it); break;
        case ITEM_REFLINE: draw_refline(cr, &L, it); break;
        case ITEM_IMAGE: plot_draw_image(cr, &L, it); break;
        case ITEM_CONTOURS:
            if (plot_draw_contours(cr, &L, it, &err)) {
                cairo_restore(cr);
                return plot_keep_error(fig, &err);
            }
            break;
        case ITEM_TEXT: break; /* over the frame, below */
        }
    }
    cairo_restore(cr);
    draw_axes(cr, p, &L);
    for (size_t k = 0; k < p->nitems; k++)
        if (p->items[k].kind == ITEM_TEXT)
            draw_text_item(cr, &L, &p->items[k]);
    draw_legend(cr, p, &L);
    if (p->image >= 0)
        plot_draw_colorbar(cr, &L, &p->items[p->image], p->cbarlabel);
    return IFS_OK;
}

int plot_render(cairo_t *cr, ifs_figure *fig)
{
    plot_text_setup(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    for (int i = 0; i < fig->nrows * fig->ncols; i++) {
        int rc = draw_panel(cr, fig, &fig->panels[i]);
        if (rc)
            return rc;
    }
    return IFS_OK;
}
