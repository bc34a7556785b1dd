/* plot_contour.c: contour lines of a grid by marching squares (Lorensen & Cline 1987, "Marching
 * cubes", SIGGRAPH 21, 163, in its 2-D form) and their drawing. */
#include "plot_internal.h"

#include <math.h>
#include <stdlib.h>

#define CONTOUR_PT 0.6

/* Cell edges: 0 bottom, 1 right, 2 top, 3 left.  Corners are numbered by bit: 1 lower left,
 * 2 lower right, 4 upper right, 8 upper left; a bit is set when the corner is at or above the
 * level.  Each case lists up to two segments as pairs of edges; -1 ends the list. */
static const signed char cases[16][4] = {
    {-1, -1, -1, -1}, {3, 0, -1, -1}, {0, 1, -1, -1}, {3, 1, -1, -1},
    {1, 2, -1, -1},   {-1, -1, -1, -1} /* saddle */, {0, 2, -1, -1}, {2, 3, -1, -1},
    {2, 3, -1, -1},   {0, 2, -1, -1}, {-1, -1, -1, -1} /* saddle */, {1, 2, -1, -1},
    {3, 1, -1, -1},   {0, 1, -1, -1}, {3, 0, -1, -1}, {-1, -1, -1, -1}};

/* Saddles: which corners the curve separates depends on whether the cell's centre (mean of its
 * corners) is above the level (the high corners connect) or not. */
static const signed char saddle5[2][4] = {{3, 0, 1, 2}, {0, 1, 2, 3}};  /* [centre above] */
static const signed char saddle10[2][4] = {{0, 1, 2, 3}, {3, 0, 1, 2}};

typedef struct {
    double *xy;
    size_t n, cap;
} segments;

static int push(segments *s, const double p[2], const double q[2])
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        double *xy = realloc(s->xy, cap * 4 * sizeof *xy);
        if (!xy)
            return -1;
        s->xy = xy;
        s->cap = cap;
    }
    double *d = s->xy + 4 * s->n++;
    d[0] = p[0];
    d[1] = p[1];
    d[2] = q[0];
    d[3] = q[1];
    return 0;
}

int ifs_plot_contour_segments(const ifs_plot_grid *g, double level, double **xy, size_t *nseg, ifs_error *err)
{
    *xy = NULL;
    *nseg = 0;
    if (g->nx == 0 || g->ny == 0 || !g->values || !(g->x0 < g->x1) || !(g->y0 < g->y1) || !isfinite(level))
        return ifs_error_set(err, IFS_ERR_INPUT, "contours: need a non-empty grid with x0 < x1, y0 < y1 and a finite level");
    double dx = (g->x1 - g->x0) / g->nx, dy = (g->y1 - g->y0) / g->ny;
    segments s = {0};
    for (size_t iy = 0; iy + 1 < g->ny; iy++)
        for (size_t ix = 0; ix + 1 < g->nx; ix++) {
            /* corners in bit order: lower left, lower right, upper right, upper left */
            const size_t cx[4] = {ix, ix + 1, ix + 1, ix}, cy[4] = {iy, iy, iy + 1, iy + 1};
            double v[4], px[4], py[4];
            int code = 0, ok = 1;
            for (int k = 0; k < 4; k++) {
                v[k] = g->values[cy[k] * g->nx + cx[k]];
                px[k] = g->x0 + (cx[k] + 0.5) * dx;
                py[k] = g->y0 + (cy[k] + 0.5) * dy;
                ok &= isfinite(v[k]);
                code |= (v[k] >= level) << k;
            }
            if (!ok)
                continue;
            int above = 0.25 * (v[0] + v[1] + v[2] + v[3]) >= level;
            const signed char *pairs = code == 5 ? saddle5[above] : code == 10 ? saddle10[above] : cases[code];
            for (int k = 0; k < 4 && pairs[k] >= 0; k += 2) {
                double pt[2][2];
                for (int e = 0; e < 2; e++) {
                    int a = pairs[k + e], b = (a + 1) % 4; /* edge a runs from corner a to corner a+1 */
                    double t = (level - v[a]) / (v[b] - v[a]);
                    pt[e][0] = px[a] + t * (px[b] - px[a]);
                    pt[e][1] = py[a] + t * (py[b] - py[a]);
                }
                if (push(&s, pt[0], pt[1])) {
                    free(s.xy);
                    return ifs_error_set(err, IFS_ERR_NOMEM, "contours: out of memory");
                }
            }
        }
    *xy = s.xy;
    *nseg = s.n;
    return IFS_OK;
}

int plot_draw_contours(cairo_t *cr, const ifs_panel_layout *L, const plot_item *it, ifs_error *err)
{
    plot_set_style_line(cr, &it->style, CONTOUR_PT);
    for (size_t k = 0; k < it->nlevels; k++) {
        double *xy;
        size_t n;
        int rc = ifs_plot_contour_segments(&it->grid, it->levels[k], &xy, &n, err);
        if (rc)
            return rc;
        for (size_t i = 0; i < n; i++) {
            cairo_move_to(cr, plot_dev_x(L, xy[4 * i]), plot_dev_y(L, xy[4 * i + 1]));
            cairo_line_to(cr, plot_dev_x(L, xy[4 * i + 2]), plot_dev_y(L, xy[4 * i + 3]));
        }
        cairo_stroke(cr);
        free(xy);
    }
    return IFS_OK;
}
