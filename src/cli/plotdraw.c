/* plotdraw.c: axes, scatters, fits, relation curves and the age axis shared by the figures. */
#include "plotdraw.h"

#include "ifscat/cosmology.h"
#include "ifscat/mcmc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Points of a relation curve across the panel. */
#define CURVE_POINTS 200

static void axis_label(plot_quantity q, double alpha, char *label, size_t size, const char **unit)
{
    static const char *const labels[] = {"z", "log M_{*}", "log SFR", "log sSFR", NULL, "12+log(O/H)",
                                         "\u2207_{r} log(O/H)"};
    static const char *const units[] = {NULL, "M_{\u2299}", "M_{\u2299} yr^{-1}", "yr^{-1}", "dex", NULL,
                                        "dex kpc^{-1}"};
    if (q == PLOT_Q_MU_ALPHA)
        snprintf(label, size, "\u03bc_{%.2g} = log M_{*} \u2212 %.2g log SFR", alpha, alpha);
    else
        snprintf(label, size, "%s", labels[q]);
    *unit = units[q];
}

int plot_axis_x(ifs_panel *p, plot_quantity q, double alpha)
{
    char label[96];
    const char *unit;
    axis_label(q, alpha, label, sizeof label, &unit);
    return ifs_panel_xlabel(p, label, unit);
}

int plot_axis_y(ifs_panel *p, plot_quantity q, double alpha)
{
    char label[96];
    const char *unit;
    axis_label(q, alpha, label, sizeof label, &unit);
    return ifs_panel_ylabel(p, label, unit);
}

/* a + c b with errors in quadrature: below, a's lower and b's lower (c > 0) or upper (c < 0) error. */
static ifs_litvalue combine(ifs_litvalue a, ifs_litvalue b, double c)
{
    if (a.limit != IFS_LIMIT_NONE || b.limit != IFS_LIMIT_NONE)
        return (ifs_litvalue){NAN, NAN, NAN, IFS_LIMIT_NONE};
    double blo = c > 0 ? b.lo : b.hi, bhi = c > 0 ? b.hi : b.lo;
    return (ifs_litvalue){a.value + c * b.value, hypot(a.lo, c * blo), hypot(a.hi, c * bhi), IFS_LIMIT_NONE};
}

static ifs_litvalue from_measure(ifs_measure m)
{
    return (ifs_litvalue){m.value, m.lo, m.hi, IFS_LIMIT_NONE};
}

/* The value of q from its parts (z has no error). */
static ifs_litvalue value_of(plot_quantity q, double z, ifs_litvalue logm, ifs_litvalue logsfr, ifs_litvalue oh,
                             ifs_litvalue gradient, double alpha)
{
    switch (q) {
    case PLOT_Q_Z:
        return (ifs_litvalue){z, NAN, NAN, IFS_LIMIT_NONE};
    case PLOT_Q_LOGM:
        return logm;
    case PLOT_Q_LOGSFR:
        return logsfr;
    case PLOT_Q_LOGSSFR:
        return combine(logsfr, logm, -1.0);
    case PLOT_Q_MU_ALPHA:
        return combine(logm, logsfr, -alpha);
    case PLOT_Q_OH:
        return oh;
    default:
        return gradient;
    }
}

ifs_litvalue plot_target_value(const plot_target *t, plot_quantity q, double alpha)
{
    return value_of(q, t->z, from_measure(t->logm), from_measure(t->logsfr), from_measure(t->oh),
                    from_measure(t->gradient), alpha);
}

ifs_litvalue plot_literature_value(const ifs_litset *lit, size_t i, plot_quantity q, double alpha)
{
    return value_of(q, lit->z[i], lit->logm[i], lit->logsfr[i], lit->oh[i], lit->gradient[i], alpha);
}

double plot_sample_median(const plot_sample *s, plot_quantity q)
{
    double *v = malloc((s->n ? s->n : 1) * sizeof *v), median = NAN, half = 0.5;
    size_t n = 0;
    for (size_t i = 0; v && i < s->n; i++) {
        ifs_litvalue x = plot_target_value(&s->t[i], q, 0.0);
        if (isfinite(x.value))
            v[n++] = x.value;
    }
    ifs_error err;
    if (n && ifs_mcmc_quantiles_of(v, n, 1, &half, &median, &err))
        median = NAN;
    free(v);
    return median;
}

/* Columns of a series of points being gathered. */
typedef struct {
    size_t n;
    double *x, *y, *xlo, *xhi, *ylo, *yhi;
    signed char *xlim, *ylim;
} series;

static int series_alloc(series *s, size_t cap)
{
    cap = cap ? cap : 1;
    *s = (series){0};
    s->x = malloc(6 * cap * sizeof *s->x);
    s->xlim = malloc(2 * cap);
    if (!s->x || !s->xlim)
        return -1;
    s->y = s->x + cap;
    s->xlo = s->x + 2 * cap;
    s->xhi = s->x + 3 * cap;
    s->ylo = s->x + 4 * cap;
    s->yhi = s->x + 5 * cap;
    s->ylim = s->xlim + cap;
    return 0;
}

static void series_free(series *s)
{
    free(s->x);
    free(s->xlim);
}

static signed char limit_arrow(ifs_limit l)
{
    return l == IFS_LIMIT_UPPER ? -1 : l == IFS_LIMIT_LOWER ? 1 : 0;
}

/* Adds (x, y) when both are known; errors of limits are not drawn. */
static int series_add(series *s, ifs_litvalue x, ifs_litvalue y)
{
    if (!isfinite(x.value) || !isfinite(y.value))
        return 0;
    size_t i = s->n++;
    s->x[i] = x.value;
    s->y[i] = y.value;
    s->xlo[i] = x.limit ? NAN : x.lo;
    s->xhi[i] = x.limit ? NAN : x.hi;
    s->ylo[i] = y.limit ? NAN : y.lo;
    s->yhi[i] = y.limit ? NAN : y.hi;
    s->xlim[i] = limit_arrow(x.limit);
    s->ylim[i] = limit_arrow(y.limit);
    return 1;
}

static int series_draw(ifs_panel *p, const series *s, const ifs_plot_style *style)
{
    if (!s->n)
        return IFS_OK;
    ifs_points pts = {s->n, s->x, s->y, s->xlo, s->xhi, s->ylo, s->yhi, s->xlim, s->ylim};
    return ifs_plot_points(p, &pts, style);
}

static void extend(const series *s, plot_extent *e)
{
    for (size_t i = 0; i < s->n; i++) {
        e->xlo = isfinite(e->xlo) ? fmin(e->xlo, s->x[i]) : s->x[i];
        e->xhi = isfinite(e->xhi) ? fmax(e->xhi, s->x[i]) : s->x[i];
        e->ylo = isfinite(e->ylo) ? fmin(e->ylo, s->y[i]) : s->y[i];
        e->yhi = isfinite(e->yhi) ? fmax(e->yhi, s->y[i]) : s->y[i];
    }
    e->n += s->n;
}

/* Counts the points of s in each corner: the outer 45 per cent of the x span times the outer 40
 * per cent of the y span, about what a legend of a few entries covers. */
static void count_corners(const series *s, const plot_extent *e, size_t count[4])
{
    double dx = e->xhi - e->xlo, dy = e->yhi - e->ylo;
    for (size_t i = 0; i < s->n; i++) {
        double fx = dx > 0 ? (s->x[i] - e->xlo) / dx : 0.5, fy = dy > 0 ? (s->y[i] - e->ylo) / dy : 0.5;
        int right = fx > 0.55, left = fx < 0.45, top = fy > 0.6, bottom = fy < 0.4;
        count[0] += top && right;
        count[1] += top && left;
        count[2] += bottom && left;
        count[3] += bottom && right;
    }
}

void plot_legend(ifs_panel *p, const plot_extent *ext)
{
    ifs_panel_legend(p, ext->corner);
    if (ext->crowded)
        ifs_panel_legend_room(p);
}

int plot_yrange_points(ifs_panel *p, const plot_extent *ext)
{
    double span = ext->yhi - ext->ylo, pad = span > 0 ? 0.1 * span : 0.5;
    return ext->n ? ifs_panel_yrange(p, ext->ylo - pad, ext->yhi + pad) : IFS_OK;
}

/* Galaxies and satellites in their series styles. */
static int draw_own(ifs_panel *p, const series own[2])
{
    static const char *const labels[2] = {"galaxies", "satellites"};
    int status = IFS_OK;
    for (int k = 0; !status && k < 2; k++) {
        ifs_plot_style st = ifs_plot_series(k, labels[k]);
        status = series_draw(p, &own[k], &st);
    }
    return status;
}

ifs_plot_style plot_literature_style(int k, const char *source)
{
    ifs_plot_style st = ifs_plot_series(2 + k, source);
    st.open = 1;
    st.marker_pt = 3;
    st.line_pt = 0.4;
    return st;
}

int plot_scatter(ifs_panel *p, const plot_sample *s, const ifs_litset *lit, plot_quantity xq, plot_quantity yq,
                 double alpha, const char *highlight, plot_extent *ext, ifs_error *err)
{
    *ext = (plot_extent){0, NAN, NAN, NAN, NAN, IFS_LEGEND_UPPER_RIGHT, 0};
    size_t nlit = lit ? lit->n : 0, nsources = 0;
    series own[2] = {{0}}, *ls = calloc(nlit ? nlit : 1, sizeof *ls);
    const char **names = malloc((nlit ? nlit : 1) * sizeof *names); /* of the sources */
    int status = IFS_OK;
    if (!ls || !names || series_alloc(&own[0], s->n) || series_alloc(&own[1], s->n))
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    const plot_target *mark = NULL;
    if (!status && highlight) {
        mark = plot_sample_find(s, highlight);
        if (!mark)
            status = ifs_error_set(err, IFS_ERR_INPUT, "unknown target '%s' (see 'ifscat target list')", highlight);
        else if (!isfinite(plot_target_value(mark, xq, alpha).value) || !isfinite(plot_target_value(mark, yq, alpha).value))
            status = ifs_error_set(err, IFS_ERR_INPUT, "nothing to plot for %s: the catalog has no value on one of the axes",
                                   highlight);
    }
    /* One series per literature source (the set holds the points source by source). */
    for (size_t i = 0; !status && i < nlit; nsources++) {
        const char *source = names[nsources] = lit->source[i];
        size_t first = i;
        while (i < nlit && lit->source[i] == source)
            i++;
        if (series_alloc(&ls[nsources], i - first)) {
            status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
            break;
        }
        for (size_t j = first; j < i; j++)
            if (!lit->matched[j])
                series_add(&ls[nsources], plot_literature_value(lit, j, xq, alpha),
                           plot_literature_value(lit, j, yq, alpha));
    }
    for (size_t i = 0; !status && i < s->n; i++)
        series_add(&own[s->t[i].satellite], plot_target_value(&s->t[i], xq, alpha), plot_target_value(&s->t[i], yq, alpha));
    for (size_t k = 0; k < nsources; k++)
        extend(&ls[k], ext);
    extend(&own[0], ext);
    extend(&own[1], ext);
    /* Literature first, so that the own sample is drawn over it. */
    for (size_t k = 0, drawn = 0; !status && k < nsources; k++)
        if (ls[k].n) {
            ifs_plot_style st = plot_literature_style((int)drawn++, names[k]);
            status = series_draw(p, &ls[k], &st);
        }
    if (!status)
        status = draw_own(p, own);
    if (!status && mark) {
        double x = plot_target_value(mark, xq, alpha).value;
        status = plot_mark(p, x, plot_target_value(mark, yq, alpha).value, mark->name,
                           x > 0.5 * (ext->xlo + ext->xhi));
    }
    size_t count[4] = {0};
    for (size_t k = 0; k < nsources; k++)
        count_corners(&ls[k], ext, count);
    count_corners(&own[0], ext, count);
    count_corners(&own[1], ext, count);
    static const ifs_legend_pos corners[4] = {IFS_LEGEND_UPPER_RIGHT, IFS_LEGEND_UPPER_LEFT, IFS_LEGEND_LOWER_LEFT,
                                              IFS_LEGEND_LOWER_RIGHT};
    int best = 0; /* the first corner with the fewest points, in a fixed order */
    for (int c = 1; c < 4; c++)
        if (count[c] < count[best])
            best = c;
    ext->corner = corners[best];
    ext->crowded = count[best] > 0;
    for (size_t k = 0; ls && k < nsources; k++)
        series_free(&ls[k]);
    free(ls);
    free(names);
    series_free(&own[0]);
    series_free(&own[1]);
    return status;
}

int plot_mark(ifs_panel *p, double x, double y, const char *name, int left)
{
    ifs_points pt = {.n = 1, .x = &x, .y = &y};
    ifs_plot_style ring = {.marker = IFS_MARKER_CIRCLE, .open = 1, .marker_pt = 9, .line_pt = 0.8};
    int status = ifs_plot_points(p, &pt, &ring);
    /* ha outside [0, 1] and va < 0: the text sits beside and above the point, clear of the ring. */
    return status ? status
                  : ifs_plot_text(p, IFS_COORD_DATA, x, y, left ? 1.15 : -0.15, -0.4, name,
                                  &(ifs_plot_style){.text_pt = 6});
}

int plot_own_points(ifs_panel *p, size_t n, const double *x, const double *y, const double *ylo, const double *yhi,
                    const int *satellite)
{
    series own[2] = {{0}};
    int status = IFS_OK;
    if (series_alloc(&own[0], n) || series_alloc(&own[1], n))
        status = IFS_ERR_NOMEM;
    for (size_t i = 0; !status && i < n; i++)
        series_add(&own[satellite[i] != 0], (ifs_litvalue){x[i], NAN, NAN, IFS_LIMIT_NONE},
                   (ifs_litvalue){y[i], ylo[i], yhi[i], IFS_LIMIT_NONE});
    if (!status)
        status = draw_own(p, own);
    series_free(&own[0]);
    series_free(&own[1]);
    return status;
}

int plot_band_line(ifs_panel *p, size_t n, const double *x, const double *lo, const double *mid, const double *hi,
                   int with_literature, const char *label)
{
    ifs_rgb color = with_literature ? (ifs_rgb){0.45, 0.45, 0.45} : ifs_plot_series(0, NULL).color;
    int status = ifs_plot_band(p, n, x, lo, hi, &(ifs_plot_style){.color = color, .alpha = 0.2});
    return status ? status : ifs_plot_line(p, n, x, mid, &(ifs_plot_style){.color = color, .line_pt = 1.0, .label = label});
}

/* "Surname+YEAR" from a reference such as "Curti, Mannucci ... 2020, MNRAS ...". */
static void short_reference(const char *ref, char *out, size_t size)
{
    size_t len = 0;
    while (ref[len] && (isalpha((unsigned char)ref[len]) || ref[len] == '-' || (ref[len] & 0x80)))
        len++;
    const char *year = ref;
    while (*year && !((year[0] == '1' || year[0] == '2') && isdigit((unsigned char)year[1]) &&
                      isdigit((unsigned char)year[2]) && isdigit((unsigned char)year[3])))
        year++;
    snprintf(out, size, "%.*s+%.4s", (int)len, ref, *year ? year : "");
}

int plot_relations(ifs_panel *p, const ifs_relation_library *lib, ifs_relation_kind kind, plot_quantity xq,
                   double alpha, const double fixed[IFS_VAR_COUNT], double lo, double hi)
{
    if (!(lo < hi))
        return IFS_OK;
    double x[CURVE_POINTS], inside[CURVE_POINTS], outside[CURVE_POINTS];
    int in[CURVE_POINTS];
    int status = IFS_OK, k = 0;
    for (size_t r = 0; !status && r < ifs_relation_library_count(lib); r++) {
        const ifs_relation *rel = ifs_relation_library_at(lib, r);
        if (ifs_relation_kind_of(rel) != kind)
            continue;
        double vars[IFS_VAR_COUNT];
        for (int i = 0; i < CURVE_POINTS; i++) {
            memcpy(vars, fixed, sizeof vars);
            x[i] = lo + (hi - lo) * i / (CURVE_POINTS - 1);
            vars[IFS_VAR_LOGM] = xq == PLOT_Q_MU_ALPHA ? x[i] + alpha * fixed[IFS_VAR_LOGSFR] : x[i];
            inside[i] = ifs_relation_eval(rel, vars);
            in[i] = ifs_relation_in_range(rel, vars);
        }
        /* Dotted outside the validity range, joined to the dashed part where they meet. */
        for (int i = 0; i < CURVE_POINTS; i++) {
            int near_out = !in[i] || (i > 0 && !in[i - 1]) || (i + 1 < CURVE_POINTS && !in[i + 1]);
            outside[i] = near_out ? inside[i] : NAN;
        }
        for (int i = 0; i < CURVE_POINTS; i++)
            if (!in[i])
                inside[i] = NAN;
        char label[96], ref[48];
        short_reference(ifs_relation_reference(rel), ref, sizeof ref);
        if (xq == PLOT_Q_MU_ALPHA)
            snprintf(label, sizeof label, "%s at log SFR = %.2f", ref, fixed[IFS_VAR_LOGSFR]);
        else
            snprintf(label, sizeof label, "%s", ref);
        ifs_rgb color = ifs_plot_series(4 + k++, NULL).color;
        status = ifs_plot_line(p, CURVE_POINTS, x, inside,
                               &(ifs_plot_style){.color = color, .dash = IFS_DASH_DASHED, .label = label});
        if (!status)
            status = ifs_plot_line(p, CURVE_POINTS, x, outside, &(ifs_plot_style){.color = color, .dash = IFS_DASH_DOTTED});
    }
    return status;
}

static const ifs_cosmology study_cosmology = IFS_COSMOLOGY_DEFAULT;

static double age_gyr(double z, void *ctx)
{
    ifs_distances d;
    ifs_error err;
    return ifs_cosmology_distances(ctx, z, 1.0, &d, &err) ? NAN : d.age_gyr;
}

int plot_age_axis(ifs_panel *p)
{
    return ifs_panel_top_axis(p, "Age of the universe", "Gyr", age_gyr, (void *)&study_cosmology);
}
