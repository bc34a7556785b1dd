/* plot_text.c: text in figures: one font for every surface, and the "_{sub}" / "^{super}" markup
 * measured and drawn as runs of text at three baselines. */
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* DejaVu Sans comes with fontconfig on Debian (fonts-dejavu-core) and covers Greek letters and
 * the astronomical symbols used in labels (sun U+2299, minus U+2212). */
#define FONT_FAMILY "DejaVu Sans"
/* Scripts: 70% of the size, raised 0.38 em or lowered 0.16 em, close to TeX's defaults. */
#define SCRIPT_SCALE 0.7
#define SUPER_RISE 0.38
#define SUB_DROP 0.16

void plot_text_setup(cairo_t *cr)
{
    cairo_font_options_t *fo = cairo_font_options_create();
    /* Unhinted metrics: text measures the same at every resolution and in every format. */
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
    cairo_select_font_face(cr, FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
}

/* Splits markup into runs: calls fn for each with its text (len bytes), level (+1 superscript,
 * -1 subscript, 0 normal). */
typedef void (*run_fn)(cairo_t *cr, const char *s, size_t len, int level, double size, void *acc);

static void each_run(cairo_t *cr, const char *m, double size, run_fn fn, void *acc)
{
    const char *start = m;
    while (*m) {
        if ((m[0] == '_' || m[0] == '^') && m[1] == '{') {
            const char *end = m + 2;
            int depth = 1;
            while (*end && (depth -= (*end == '}') - (*end == '{')) > 0)
                end++;
            if (!*end) /* unbalanced: draw the rest as written */
                break;
            if (m > start)
                fn(cr, start, (size_t)(m - start), 0, size, acc);
            fn(cr, m + 2, (size_t)(end - m - 2), m[0] == '^' ? 1 : -1, size, acc);
            m = start = end + 1;
        } else
            m++;
    }
    m = start + strlen(start);
    if (m > start)
        fn(cr, start, (size_t)(m - start), 0, size, acc);
}

static double run_size(int level, double size) { return level ? size * SCRIPT_SCALE : size; }
static double run_rise(int level, double size) { return level > 0 ? SUPER_RISE * size : level < 0 ? -SUB_DROP * size : 0; }

/* Advance of one run, with cairo's font size set for it. */
static double run_advance(cairo_t *cr, const char *s, size_t len, int level, double size)
{
    char buf[512];
    cairo_text_extents_t te;
    snprintf(buf, sizeof buf, "%.*s", (int)len, s);
    cairo_set_font_size(cr, run_size(level, size));
    cairo_text_extents(cr, buf, &te);
    return te.x_advance;
}

static void measure_run(cairo_t *cr, const char *s, size_t len, int level, double size, void *acc)
{
    *(double *)acc += run_advance(cr, s, len, level, size);
}

/* Box of the text relative to its baseline: the font's (not the ink's) ascent and descent at
 * the base size, so that every label of a size sits at the same height whatever its letters. */
static void font_box(cairo_t *cr, double size, double *ascent, double *descent)
{
    cairo_font_extents_t fe;
    cairo_set_font_size(cr, size);
    cairo_font_extents(cr, &fe);
    *ascent = fe.ascent;
    *descent = fe.descent;
}

void plot_text_extents(cairo_t *cr, const char *markup, double size_pt, double *width, double *height)
{
    double w = 0, asc, desc;
    each_run(cr, markup, size_pt, measure_run, &w);
    font_box(cr, size_pt, &asc, &desc);
    *width = w;
    *height = asc + desc;
}

/* acc: the pen's position along the baseline. */
static void draw_run(cairo_t *cr, const char *s, size_t len, int level, double size, void *acc)
{
    double *pen = acc;
    char buf[512];
    snprintf(buf, sizeof buf, "%.*s", (int)len, s);
    double advance = run_advance(cr, s, len, level, size);
    cairo_move_to(cr, *pen, -run_rise(level, size));
    cairo_show_text(cr, buf);
    *pen += advance;
}

void plot_text_draw(cairo_t *cr, const char *markup, double x, double y, double size_pt, double ha, double va,
                    double angle)
{
    double w, h, asc, desc;
    plot_text_extents(cr, markup, size_pt, &w, &h);
    font_box(cr, size_pt, &asc, &desc);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, -angle);
    /* Origin to the baseline start: va = 0 puts the box's bottom (descent) at y, 1 its top. */
    double pen = -ha * w;
    cairo_translate(cr, 0, -desc + va * h);
    each_run(cr, markup, size_pt, draw_run, &pen);
    cairo_restore(cr);
}
