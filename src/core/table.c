/* table.c: result tables with column metadata, their text, CSV and JSON writers, and the choice
 * of writer (FITS and VOTable are in table_fits.c and table_votable.c). */
#include "ifscat/table.h"

#include "ifscat/outfile.h"
#include "table_writers.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int isnull;
    double real;
    long long integer;
    char *text;
} cell;

struct ifs_table {
    char *title;
    size_t ncols, nrows, cap;
    ifs_column *cols;
    cell *cells;
};

int ifs_format_parse(const char *name, ifs_format *out, ifs_error *err)
{
    static const struct { const char *name; ifs_format fmt; } formats[] = {
        {"text", IFS_FORMAT_TEXT}, {"csv", IFS_FORMAT_CSV},   {"json", IFS_FORMAT_JSON},
        {"fits", IFS_FORMAT_FITS}, {"votable", IFS_FORMAT_VOTABLE}};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(name, formats[i].name) == 0) {
            *out = formats[i].fmt;
            return IFS_OK;
        }
    return ifs_error_set(err, IFS_ERR_INPUT, "unknown format '%s' (use text, csv, json, fits or votable)", name);
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

ifs_table *ifs_table_alloc(const char *title, size_t ncols, const ifs_column *cols)
{
    ifs_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = ncols;
    t->title = dup_or_empty(title);
    t->cols = calloc(ncols, sizeof *t->cols);
    if (!t->title || !t->cols)
        goto fail;
    for (size_t c = 0; c < ncols; c++) {
        t->cols[c] = cols[c];
        t->cols[c].name = dup_or_empty(cols[c].name);
        t->cols[c].unit = dup_or_empty(cols[c].unit);
        t->cols[c].description = dup_or_empty(cols[c].description);
        if (!t->cols[c].name || !t->cols[c].unit || !t->cols[c].description)
            goto fail;
    }
    return t;
fail:
    ifs_table_free(t);
    return NULL;
}

void ifs_table_free(ifs_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i].text);
    for (size_t c = 0; t->cols && c < t->ncols; c++) {
        free((char *)t->cols[c].name);
        free((char *)t->cols[c].unit);
        free((char *)t->cols[c].description);
    }
    free(t->cols);
    free(t->cells);
    free(t->title);
    free(t);
}

const char *ifs_table_title(const ifs_table *t) { return t->title; }
size_t ifs_table_nrows(const ifs_table *t) { return t->nrows; }
size_t ifs_table_ncols(const ifs_table *t) { return t->ncols; }
const ifs_column *ifs_table_column(const ifs_table *t, size_t col) { return &t->cols[col]; }

int ifs_table_col(const ifs_table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c].name, name) == 0)
            return (int)c;
    return -1;
}

long ifs_table_append(ifs_table *t)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        cell *cells = realloc(t->cells, cap * t->ncols * sizeof *cells);
        if (!cells)
            return -1;
        t->cells = cells;
        t->cap = cap;
    }
    cell *row = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++)
        row[c] = (cell){.isnull = 1};
    return (long)t->nrows++;
}

static cell *at(const ifs_table *t, size_t row, size_t col)
{
    return t->cells + row * t->ncols + col;
}

int ifs_table_set_text(ifs_table *t, size_t row, size_t col, const char *text)
{
    cell *c = at(t, row, col);
    free(c->text);
    *c = (cell){.isnull = text == NULL};
    if (text && !(c->text = strdup(text)))
        return -1;
    return 0;
}

int ifs_table_set_real(ifs_table *t, size_t row, size_t col, double value)
{
    cell *c = at(t, row, col);
    free(c->text);
    *c = (cell){.isnull = !isfinite(value), .real = value};
    return 0;
}

int ifs_table_set_int(ifs_table *t, size_t row, size_t col, long long value)
{
    cell *c = at(t, row, col);
    free(c->text);
    *c = (cell){.integer = value, .real = (double)value};
    return 0;
}

int ifs_table_is_null(const ifs_table *t, size_t row, size_t col) { return at(t, row, col)->isnull; }
const char *ifs_table_text(const ifs_table *t, size_t row, size_t col) { return at(t, row, col)->text; }
long long ifs_table_int(const ifs_table *t, size_t row, size_t col) { return at(t, row, col)->integer; }

double ifs_table_real(const ifs_table *t, size_t row, size_t col)
{
    const cell *c = at(t, row, col);
    return c->isnull ? NAN : c->real;
}

/* Formats a cell for text and CSV output; CSV keeps full precision for reals. */
static void format_cell(const ifs_table *t, size_t row, size_t col, int full, char *buf, size_t n)
{
    const cell *c = at(t, row, col);
    const ifs_column *def = &t->cols[col];
    if (c->isnull)
        snprintf(buf, n, "%s", full ? "" : "-");
    else if (def->type == IFS_COL_TEXT)
        snprintf(buf, n, "%s", c->text);
    else if (def->type == IFS_COL_INT)
        snprintf(buf, n, "%lld", c->integer);
    else if (full)
        snprintf(buf, n, "%.10g", c->real);
    else
        snprintf(buf, n, "%.*f", def->decimals, c->real);
}

/* One cell of an aligned table: text left-aligned, numbers right-aligned, no trailing blanks. */
static void write_aligned(FILE *f, size_t col, int last, int left, size_t width, const char *s)
{
    if (col)
        fputs("  ", f);
    if (left && last)
        fputs(s, f);
    else
        fprintf(f, "%*s", left ? -(int)width : (int)width, s);
}

/* In text output a real column X followed by X_lo and X_hi (or by X_err) is shown as one column
 * "value -lo +hi" (or "value +/-err"); how many table columns the display column at c spans. */
static size_t span_at(const ifs_table *t, size_t c)
{
    const ifs_column *x = &t->cols[c];
    if (x->type != IFS_COL_REAL)
        return 1;
    char lo[160], hi[160], e[160];
    snprintf(lo, sizeof lo, "%s_lo", x->name);
    snprintf(hi, sizeof hi, "%s_hi", x->name);
    snprintf(e, sizeof e, "%s_err", x->name);
    if (c + 2 < t->ncols && !strcmp(t->cols[c + 1].name, lo) && !strcmp(t->cols[c + 2].name, hi))
        return 3;
    if (c + 1 < t->ncols && !strcmp(t->cols[c + 1].name, e))
        return 2;
    return 1;
}

static void format_display(const ifs_table *t, size_t row, size_t c, size_t span, char *buf, size_t n)
{
    format_cell(t, row, c, 0, buf, n);
    if (span == 1 || at(t, row, c)->isnull)
        return;
    int d = t->cols[c].decimals;
    size_t len = strlen(buf);
    const cell *lo = at(t, row, c + 1), *hi = span == 3 ? at(t, row, c + 2) : NULL;
    if (span == 2 && !lo->isnull)
        snprintf(buf + len, n - len, " +/-%.*f", d, lo->real);
    else if (span == 3 && !lo->isnull && !hi->isnull)
        snprintf(buf + len, n - len, " -%.*f +%.*f", d, lo->real, d, hi->real);
}

static int write_text(const ifs_table *t, FILE *f, ifs_error *err)
{
    size_t *width = calloc(t->ncols, sizeof *width);
    char buf[512], unit[160];
    if (!width)
        return ifs_error_set(err, IFS_ERR_NOMEM, "table '%s': out of memory", t->title);
    for (size_t c = 0; c < t->ncols; c += span_at(t, c)) {
        size_t span = span_at(t, c);
        width[c] = strlen(t->cols[c].name);
        size_t u = *t->cols[c].unit ? strlen(t->cols[c].unit) + 2 : 0;
        if (u > width[c])
            width[c] = u;
        for (size_t r = 0; r < t->nrows; r++) {
            format_display(t, r, c, span, buf, sizeof buf);
            if (strlen(buf) > width[c])
                width[c] = strlen(buf);
        }
    }
    for (int line = 0; line < 2; line++) {
        for (size_t c = 0; c < t->ncols; c += span_at(t, c)) {
            const char *s = t->cols[c].name;
            if (line == 1) {
                snprintf(unit, sizeof unit, *t->cols[c].unit ? "[%s]" : "", t->cols[c].unit);
                s = unit;
            }
            write_aligned(f, c, c + span_at(t, c) >= t->ncols, t->cols[c].type == IFS_COL_TEXT, width[c], s);
        }
        fputc('\n', f);
    }
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c += span_at(t, c)) {
            size_t span = span_at(t, c);
            format_display(t, r, c, span, buf, sizeof buf);
            write_aligned(f, c, c + span >= t->ncols, t->cols[c].type == IFS_COL_TEXT, width[c], buf);
        }
        fputc('\n', f);
    }
    free(width);
    return IFS_OK;
}

static void write_csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\n\r#") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void write_csv_header(const ifs_table *t, FILE *f)
{
    fprintf(f, "# %s\n", t->title);
    for (size_t c = 0; c < t->ncols; c++)
        fprintf(f, "# %s [%s]: %s\n", t->cols[c].name, t->cols[c].unit, t->cols[c].description);
    for (size_t c = 0; c < t->ncols; c++) {
        if (c)
            fputc(',', f);
        write_csv_field(f, t->cols[c].name);
    }
    fputc('\n', f);
}

static void write_csv_rows(const ifs_table *t, FILE *f)
{
    char buf[512];
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                fputc(',', f);
            format_cell(t, r, c, 1, buf, sizeof buf);
            write_csv_field(f, buf);
        }
        fputc('\n', f);
    }
}

static int write_json(const ifs_table *t, FILE *f, ifs_error *err)
{
    static const char *type_names[] = {"text", "int", "real"};
    cJSON *root = cJSON_CreateObject(), *cols = cJSON_CreateArray(), *rows = cJSON_CreateArray();
    if (!root || !cols || !rows) {
        cJSON_Delete(root);
        cJSON_Delete(cols);
        cJSON_Delete(rows);
        return ifs_error_set(err, IFS_ERR_NOMEM, "table '%s': out of memory", t->title);
    }
    cJSON_AddStringToObject(root, "table", t->title);
    cJSON_AddItemToObject(root, "columns", cols);
    cJSON_AddItemToObject(root, "rows", rows);
    for (size_t c = 0; c < t->ncols; c++) {
        cJSON *col = cJSON_CreateObject();
        cJSON_AddStringToObject(col, "name", t->cols[c].name);
        cJSON_AddStringToObject(col, "unit", t->cols[c].unit);
        cJSON_AddStringToObject(col, "type", type_names[t->cols[c].type]);
        cJSON_AddStringToObject(col, "description", t->cols[c].description);
        cJSON_AddItemToArray(cols, col);
    }
    for (size_t r = 0; r < t->nrows; r++) {
        cJSON *row = cJSON_CreateObject();
        for (size_t c = 0; c < t->ncols; c++) {
            const cell *x = at(t, r, c);
            const char *name = t->cols[c].name;
            if (x->isnull)
                cJSON_AddNullToObject(row, name);
            else if (t->cols[c].type == IFS_COL_TEXT)
                cJSON_AddStringToObject(row, name, x->text);
            else
                cJSON_AddNumberToObject(row, name, x->real);
        }
        cJSON_AddItemToArray(rows, row);
    }
    char *s = cJSON_Print(root);
    cJSON_Delete(root);
    if (!s)
        return ifs_error_set(err, IFS_ERR_NOMEM, "table '%s': out of memory", t->title);
    fputs(s, f);
    fputc('\n', f);
    free(s);
    return IFS_OK;
}

void ifs_table_clear_rows(ifs_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i].text);
    t->nrows = 0;
}

struct ifs_table_writer {
    ifs_outfile out;
    ifs_format fmt;
};

/* CSV and VOTable are written row by row; text (aligned columns), JSON and FITS need the whole
 * table and are written at the end. */
static int streams(ifs_format fmt)
{
    return fmt == IFS_FORMAT_CSV || fmt == IFS_FORMAT_VOTABLE;
}

int ifs_table_writer_begin(const ifs_table *t, ifs_format fmt, const char *path, ifs_table_writer **out,
                           ifs_error *err)
{
    *out = NULL;
    ifs_table_writer *w = calloc(1, sizeof *w);
    if (!w)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    int status = ifs_outfile_open(&w->out, path, err);
    if (status) {
        free(w);
        return status;
    }
    w->fmt = fmt;
    if (fmt == IFS_FORMAT_CSV)
        write_csv_header(t, w->out.f);
    else if (fmt == IFS_FORMAT_VOTABLE)
        ifs_table_votable_header(t, w->out.f);
    *out = w;
    return IFS_OK;
}

/* The rows t holds, for the formats written row by row. */
static void write_rows(ifs_table_writer *w, const ifs_table *t)
{
    if (w->fmt == IFS_FORMAT_CSV)
        write_csv_rows(t, w->out.f);
    else if (w->fmt == IFS_FORMAT_VOTABLE)
        ifs_table_votable_rows(t, w->out.f);
}

int ifs_table_writer_flush(ifs_table_writer *w, ifs_table *t, ifs_error *err)
{
    if (!streams(w->fmt))
        return IFS_OK;
    write_rows(w, t);
    ifs_table_clear_rows(t);
    return ferror(w->out.f) ? ifs_error_set(err, IFS_ERR_IO, "%s: write failed", w->out.path ? w->out.path : "stdout")
                            : IFS_OK;
}

int ifs_table_writer_end(ifs_table_writer *w, const ifs_table *t, ifs_error *err)
{
    FILE *f = w->out.f;
    int status = IFS_OK;
    write_rows(w, t);
    switch (w->fmt) {
    case IFS_FORMAT_TEXT: status = write_text(t, f, err); break;
    case IFS_FORMAT_CSV: break;
    case IFS_FORMAT_JSON: status = write_json(t, f, err); break;
    case IFS_FORMAT_FITS: status = ifs_table_write_fits(t, f, err); break;
    case IFS_FORMAT_VOTABLE: ifs_table_votable_footer(f); break;
    }
    if (status) {
        ifs_table_writer_abort(w);
        return status;
    }
    status = ifs_outfile_commit(&w->out, err);
    free(w);
    return status;
}

void ifs_table_writer_abort(ifs_table_writer *w)
{
    if (!w)
        return;
    ifs_outfile_abort(&w->out);
    free(w);
}

int ifs_table_write(const ifs_table *t, ifs_format fmt, const char *path, ifs_error *err)
{
    ifs_table_writer *w;
    int status = ifs_table_writer_begin(t, fmt, path, &w, err);
    return status ? status : ifs_table_writer_end(w, t, err);
}
