/* plot_save.c: writes a figure as PNG, PDF or SVG through a temporary file renamed into place.
 * The same input always gives the same bytes: PDF without a creation date, SVG with its element
 * ids numbered from the start of each document. */
#include "plot_internal.h"

#include "ifscat/outfile.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum { FMT_PNG, FMT_PDF, FMT_SVG } figure_format;

static cairo_status_t write_file(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

typedef struct {
    char *data;
    size_t n, cap;
} membuf;

static cairo_status_t write_mem(void *closure, const unsigned char *data, unsigned int length)
{
    membuf *m = closure;
    if (m->n + length + 1 > m->cap) {
        size_t cap = m->cap ? m->cap : 65536;
        while (cap < m->n + length + 1)
            cap *= 2;
        char *d = realloc(m->data, cap);
        if (!d)
            return CAIRO_STATUS_NO_MEMORY;
        m->data = d;
        m->cap = cap;
    }
    memcpy(m->data + m->n, data, length);
    m->n += length;
    m->data[m->n] = 0;
    return CAIRO_STATUS_SUCCESS;
}

/* cairo 1.16 names SVG groups and images "surface<N>" and "image<N>" after a counter that runs
 * over the whole process, so a second identical figure would differ from the first.  Writes svg
 * with those numbers renumbered in order of first appearance.  Only names right after '"' or '#'
 * (an id or a reference) are touched: neither character occurs in base64 image data, and text is
 * drawn as glyph outlines, so the figure's own words are never changed. */
static int write_svg_renumbered(FILE *f, const char *svg)
{
    static const char *const prefixes[] = {"surface", "image"};
    long *seen = NULL;
    size_t nseen = 0, cap = 0;
    const char *p = svg, *copied = svg;
    for (; *p; p++) {
        if (*p != '"' && *p != '#')
            continue;
        for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
            size_t len = strlen(prefixes[k]);
            const char *digits = p + 1 + len;
            if (strncmp(p + 1, prefixes[k], len) != 0 || !isdigit((unsigned char)*digits))
                continue;
            char *end;
            long id = strtol(digits, &end, 10);
            size_t i = 0;
            while (i < nseen && seen[i] != id)
                i++;
            if (i == nseen) {
                if (nseen == cap) {
                    long *grown = realloc(seen, (cap = cap ? 2 * cap : 64) * sizeof *seen);
                    if (!grown) {
                        free(seen);
                        return -1;
                    }
                    seen = grown;
                }
                seen[nseen++] = id;
            }
            fwrite(copied, 1, (size_t)(digits - copied), f);
            fprintf(f, "%zu", i + 1);
            copied = end;
            p = end - 1;
            break;
        }
    }
    fputs(copied, f);
    free(seen);
    return 0;
}

static int cairo_failed(cairo_status_t st, const char *path, ifs_error *err)
{
    return ifs_error_set(err, st == CAIRO_STATUS_NO_MEMORY ? IFS_ERR_NOMEM : IFS_ERR_IO, "%s: drawing failed: %s",
                         path, cairo_status_to_string(st));
}

/* Draws fig on surface s, scaled by scale (device units per point). */
static int render_to(cairo_surface_t *s, ifs_figure *fig, double scale, const char *path, ifs_error *err)
{
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    int rc = plot_render(cr, fig);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (rc)
        return ifs_error_set(err, fig->error.code, "%s: %s", path, fig->error.msg);
    return st == CAIRO_STATUS_SUCCESS ? IFS_OK : cairo_failed(st, path, err);
}

/* Completes a vector surface's output. */
static int finish(cairo_surface_t *s, const char *path, ifs_error *err)
{
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    return st == CAIRO_STATUS_SUCCESS ? IFS_OK : cairo_failed(st, path, err);
}

static int save_png(ifs_figure *fig, FILE *f, const char *path, ifs_error *err)
{
    double scale = IFS_PLOT_PNG_DPI / 72.0;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)lround(fig->width_pt * scale),
                                                    (int)lround(fig->height_pt * scale));
    int rc = render_to(s, fig, scale, path, err);
    cairo_status_t st;
    if (!rc && (st = cairo_surface_write_to_png_stream(s, write_file, f)) != CAIRO_STATUS_SUCCESS)
        rc = cairo_failed(st, path, err);
    cairo_surface_destroy(s);
    return rc;
}

static int save_pdf(ifs_figure *fig, FILE *f, const char *path, ifs_error *err)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_file, f, fig->width_pt, fig->height_pt);
    /* An empty date leaves /CreationDate out (cairo would write the current time). */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "ifscat");
    int rc = render_to(s, fig, 1.0, path, err);
    if (!rc)
        rc = finish(s, path, err);
    cairo_surface_destroy(s);
    return rc;
}

static int save_svg(ifs_figure *fig, FILE *f, const char *path, ifs_error *err)
{
    membuf m = {0};
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(write_mem, &m, fig->width_pt, fig->height_pt);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
    int rc = render_to(s, fig, 1.0, path, err);
    if (!rc)
        rc = finish(s, path, err);
    cairo_surface_destroy(s);
    if (!rc && m.data && write_svg_renumbered(f, m.data))
        rc = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", path);
    free(m.data);
    return rc;
}

int ifs_figure_save(ifs_figure *fig, const char *path, ifs_error *err)
{
    static const struct { const char *ext; figure_format fmt; } formats[] = {
        {".png", FMT_PNG}, {".pdf", FMT_PDF}, {".svg", FMT_SVG}};
    const char *dot = path ? strrchr(path, '.') : NULL;
    size_t k = 0;
    while (dot && k < sizeof formats / sizeof formats[0] && strcasecmp(dot, formats[k].ext) != 0)
        k++;
    if (!dot || k == sizeof formats / sizeof formats[0])
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: a figure's file name must end in .png, .pdf or .svg",
                             path ? path : "(none)");
    if (fig->error.code)
        return ifs_error_set(err, fig->error.code, "%s: %s", path, fig->error.msg);

    ifs_outfile out;
    int rc = ifs_outfile_open(&out, path, err);
    if (rc)
        return rc;
    switch (formats[k].fmt) {
    case FMT_PNG: rc = save_png(fig, out.f, path, err); break;
    case FMT_PDF: rc = save_pdf(fig, out.f, path, err); break;
    case FMT_SVG: rc = save_svg(fig, out.f, path, err); break;
    }
    if (rc) {
        ifs_outfile_abort(&out);
        return rc;
    }
    return ifs_outfile_commit(&out, err);
}
