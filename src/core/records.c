/* records.c: the row/column interface with source locations that every importer uses, the format
 * dispatch, and the CSV (header row, '#' comments, RFC 4180 quoting) and JSON-array readers; FITS
 * tables and VOTables are read by records_fits.c and records_votable.c. */
#include "records_internal.h"

#include "ifscat/readfile.h"
#include "ifscat/json.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ifs_records_free(ifs_records *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nowned; i++)
        free(r->owned[i]);
    free(r->owned);
    free(r->path);
    free(r->text);
    free(r->colnames);
    free(r->cells);
    free(r->where);
    free(r->col_where);
    free(r);
}

int ifs_records_grow(ifs_records *r)
{
    if (r->nrows < r->cap)
        return 0;
    size_t cap = r->cap ? 2 * r->cap : 256;
    char **cells = realloc(r->cells, cap * r->ncols * sizeof *cells);
    if (!cells)
        return -1;
    r->cells = cells;
    long *where = realloc(r->where, cap * sizeof *where);
    if (!where)
        return -1;
    r->where = where;
    r->cap = cap;
    return 0;
}

/* --- CSV ---------------------------------------------------------------------------------- */

/* Splits one logical CSV record starting at *pos into fields, unescaping quotes in place.
 * Returns the number of fields; -1 for an unterminated quote, -2 out of memory, -3 for text after
 * a closing quote.  *line advances over newlines inside quoted fields. */
static long csv_split(char *text, size_t len, size_t *pos, long *line, char ***fields, size_t *fcap)
{
    size_t p = *pos, nf = 0;
    for (;;) {
        if (nf == *fcap) {
            size_t cap = *fcap ? 2 * *fcap : 32;
            char **f = realloc(*fields, cap * sizeof *f);
            if (!f)
                return -2;
            *fields = f;
            *fcap = cap;
        }
        while (p < len && (text[p] == ' ' || text[p] == '\t'))
            p++;
        (*fields)[nf++] = text + p;
        if (p < len && text[p] == '"') {
            size_t w = p++; /* unescaped text is written from the opening quote on */
            for (;;) {
                if (p >= len)
                    return -1;
                if (text[p] == '"') {
                    if (p + 1 < len && text[p + 1] == '"') {
                        text[w++] = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                if (text[p] == '\n')
                    (*line)++;
                text[w++] = text[p++];
            }
            text[w] = '\0'; /* w < p: the closing quote was consumed */
            while (p < len && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r'))
                p++;
            if (p < len && text[p] != ',' && text[p] != '\n')
                return -3;
        } else {
            while (p < len && text[p] != ',' && text[p] != '\n')
                p++;
        }
        if (p >= len || text[p] == '\n') {
            if (p < len)
                text[p++] = '\0';
            *pos = p;
            return (long)nf;
        }
        text[p++] = '\0'; /* the comma */
    }
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int parse_csv(ifs_records *r, size_t len, ifs_error *err)
{
    char **fields = NULL;
    size_t fcap = 0, pos = 0;
    long line = 1;
    int status = IFS_OK;
    while (pos < len) {
        long start_line = line;
        size_t q = pos;
        while (q < len && (r->text[q] == ' ' || r->text[q] == '\t' || r->text[q] == '\r'))
            q++;
        if (q >= len)
            break;
        if (r->text[q] == '\n' || r->text[q] == '#') {
            while (q < len && r->text[q] != '\n')
                q++;
            pos = q + 1;
            line++;
            continue;
        }
        long nf = csv_split(r->text, len, &pos, &line, &fields, &fcap);
        line++;
        if (nf == -2) {
            status = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", r->path);
            goto exit;
        }
        if (nf < 0) {
            status = ifs_error_set(err, IFS_ERR_INPUT, "%s: line %ld: %s", r->path, start_line,
                                   nf == -1 ? "unterminated quoted field"
                                            : "text after the closing quote of a field");
            goto exit;
        }
        if (!r->colnames) {
            r->header_line = start_line;
            r->ncols = (size_t)nf;
            r->colnames = malloc(r->ncols * sizeof *r->colnames);
            if (!r->colnames) {
                status = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", r->path);
                goto exit;
            }
            for (size_t c = 0; c < r->ncols; c++) {
                r->colnames[c] = trim(fields[c]);
                if (!*r->colnames[c]) {
                    status = ifs_error_set(err, IFS_ERR_INPUT,
                                           "%s: line %ld: column %zu of the header has no name",
                                           r->path, start_line, c + 1);
                    goto exit;
                }
                for (size_t d = 0; d < c; d++)
                    if (strcmp(r->colnames[c], r->colnames[d]) == 0) {
                        status = ifs_error_set(err, IFS_ERR_INPUT,
                                               "%s: line %ld: column '%s' appears twice in the header",
                                               r->path, start_line, r->colnames[c]);
                        goto exit;
                    }
            }
            continue;
        }
        if ((size_t)nf != r->ncols) {
            status = ifs_error_set(err, IFS_ERR_INPUT,
                                   "%s: line %ld: %ld fields, but the header has %zu columns",
                                   r->path, start_line, nf, r->ncols);
            goto exit;
        }
        if (ifs_records_grow(r)) {
            status = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", r->path);
            goto exit;
        }
        for (size_t c = 0; c < r->ncols; c++) {
            char *cell = trim(fields[c]);
            r->cells[r->nrows * r->ncols + c] = *cell ? cell : NULL;
        }
        r->where[r->nrows++] = start_line;
    }
    if (!r->colnames)
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: no header row (the file is empty or only comments)",
                               r->path);
exit:
    free(fields);
    return status;
}

/* --- JSON --------------------------------------------------------------------------------- */

char *ifs_records_own(ifs_records *r, char *s)
{
    if (!s)
        return NULL;
    if (r->nowned == r->owned_cap) {
        size_t cap = r->owned_cap ? 2 * r->owned_cap : 256;
        char **o = realloc(r->owned, cap * sizeof *o);
        if (!o) {
            free(s);
            return NULL;
        }
        r->owned = o;
        r->owned_cap = cap;
    }
    r->owned[r->nowned++] = s;
    return s;
}

static int json_col(ifs_records *r, const char *name)
{
    for (size_t c = 0; c < r->ncols; c++)
        if (strcmp(r->colnames[c], name) == 0)
            return (int)c;
    return -1;
}

static int parse_json(ifs_records *r, ifs_error *err)
{
    cJSON *root = ifs_json_parse(r->text, r->path, err);
    int status = IFS_OK;
    if (!root) {
        status = err->code;
        goto exit;
    }
    if (!cJSON_IsArray(root)) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: JSON input must be an array of objects", r->path);
        goto exit;
    }
    /* Columns: the union of keys, in order of first appearance. */
    int n = cJSON_GetArraySize(root);
    for (int i = 0; i < n; i++) {
        cJSON *obj = cJSON_GetArrayItem(root, i);
        if (!cJSON_IsObject(obj)) {
            status = ifs_error_set(err, IFS_ERR_INPUT, "%s: index %d: not a JSON object", r->path, i);
            goto exit;
        }
        for (cJSON *it = obj->child; it; it = it->next) {
            if (json_col(r, it->string) >= 0)
                continue;
            char **names = realloc(r->colnames, (r->ncols + 1) * sizeof *names);
            if (names)
                r->colnames = names;
            long *first = realloc(r->col_where, (r->ncols + 1) * sizeof *first);
            if (first)
                r->col_where = first;
            if (!names || !first || !(names[r->ncols] = ifs_records_own(r, strdup(it->string)))) {
                status = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", r->path);
                goto exit;
            }
            first[r->ncols++] = i;
        }
    }
    if (n == 0 || r->ncols == 0) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: the JSON array is empty", r->path);
        goto exit;
    }
    for (int i = 0; i < n; i++) {
        cJSON *obj = cJSON_GetArrayItem(root, i);
        if (ifs_records_grow(r)) {
            status = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", r->path);
            goto exit;
        }
        char **row = r->cells + r->nrows * r->ncols;
        for (size_t c = 0; c < r->ncols; c++)
            row[c] = NULL;
        for (cJSON *it = obj->child; it; it = it->next) {
            int c = json_col(r, it->string);
            char buf[64], *val = NULL;
            if (cJSON_IsString(it)) {
                val = it->valuestring;
            } else if (cJSON_IsNumber(it)) {
                snprintf(buf, sizeof buf, "%.17g", it->valuedouble);
                val = buf;
            } else if (cJSON_IsBool(it)) {
                val = cJSON_IsTrue(it) ? "true" : "false";
            } else if (!cJSON_IsNull(it)) {
                status = ifs_error_set(err, IFS_ERR_INPUT,
                                       "%s: index %d, key '%s': nested arrays or objects are not allowed",
                                       r->path, i, it->string);
                goto exit;
            }
            if (val && *val && !(row[c] = ifs_records_own(r, strdup(val)))) {
                status = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", r->path);
                goto exit;
            }
        }
        r->where[r->nrows++] = i;
    }
exit:
    cJSON_Delete(root);
    return status;
}

int ifs_records_open(const char *path, ifs_records **out, ifs_error *err)
{
    *out = NULL;
    ifs_records *r = calloc(1, sizeof *r);
    if (!r || !(r->path = strdup(path))) {
        free(r);
        return ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", path);
    }
    size_t len = 0;
    int status = ifs_read_file(path, &r->text, &len, err);
    if (status)
        goto exit;
    if (len >= 9 && memcmp(r->text, "SIMPLE  =", 9) == 0 && len < 2880) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: a truncated FITS file (%zu bytes; a FITS header block alone "
                               "is 2880)", path, len);
        goto exit;
    }
    if (len >= 2880 && memcmp(r->text, "SIMPLE  =", 9) == 0) { /* FITS: a 2880-byte header block first */
        free(r->text);
        r->text = NULL;
        r->format = IFS_RECORDS_FITS;
        status = ifs_records_read_fits(r, err);
        goto exit;
    }
    if (memchr(r->text, '\0', len)) {
        status = ifs_error_set(err, IFS_ERR_INPUT,
                               "%s: not a CSV or JSON file, FITS table or VOTable (binary content)", path);
        goto exit;
    }
    const char *p = r->text;
    while (isspace((unsigned char)*p))
        p++;
    if (!*p) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: the file is empty", path);
        goto exit;
    }
    if (*p == '<') {
        r->format = IFS_RECORDS_VOTABLE;
        status = ifs_records_read_votable(r, len, err);
    } else if (*p == '[' || *p == '{') {
        r->format = IFS_RECORDS_JSON;
        status = parse_json(r, err);
    } else {
        r->format = IFS_RECORDS_CSV;
        status = parse_csv(r, len, err);
    }
exit:
    if (status)
        ifs_records_free(r);
    else
        *out = r;
    return status;
}

const char *ifs_records_path(const ifs_records *r) { return r->path; }
ifs_records_format ifs_records_format_of(const ifs_records *r) { return r->format; }
size_t ifs_records_ncols(const ifs_records *r) { return r->ncols; }
size_t ifs_records_nrows(const ifs_records *r) { return r->nrows; }
const char *ifs_records_colname(const ifs_records *r, size_t col) { return r->colnames[col]; }

int ifs_records_col(const ifs_records *r, const char *name)
{
    for (size_t c = 0; c < r->ncols; c++)
        if (strcmp(r->colnames[c], name) == 0)
            return (int)c;
    return -1;
}

const char *ifs_records_get(const ifs_records *r, size_t row, int col)
{
    if (col < 0 || (size_t)col >= r->ncols || row >= r->nrows)
        return NULL;
    return r->cells[row * r->ncols + (size_t)col];
}

const char *ifs_records_where(const ifs_records *r, size_t row, char *buf, size_t bufsize)
{
    static const char *const unit[] = {"line", "index", "row", "line"}; /* by ifs_records_format */
    snprintf(buf, bufsize, "%s %ld", unit[r->format], r->where[row]);
    return buf;
}

int ifs_parse_double(const char *text, double *value)
{
    if (!text || !*text)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == text || *end || errno == ERANGE || !isfinite(v))
        return -1;
    *value = v;
    return 0;
}

int ifs_records_double(const ifs_records *r, size_t row, int col, int optional, double *value,
                       ifs_error *err)
{
    const char *cell = ifs_records_get(r, row, col);
    if (!cell) {
        *value = NAN;
        if (optional)
            return IFS_OK;
        return ifs_records_error(r, row, col >= 0 ? r->colnames[col] : "?", err, "a value is required");
    }
    if (ifs_parse_double(cell, value))
        return ifs_records_error(r, row, r->colnames[col], err, "'%s' is not a number", cell);
    return IFS_OK;
}

/* Where column c was named: the header line (CSV), the first element with the key (JSON), the
 * TTYPEn keyword (FITS) or the n-th FIELD (VOTable). */
static const char *column_where(const ifs_records *r, size_t c, char *buf, size_t size)
{
    switch (r->format) {
    case IFS_RECORDS_CSV:
        snprintf(buf, size, "line %ld (header)", r->header_line);
        break;
    case IFS_RECORDS_JSON:
        snprintf(buf, size, "index %ld", r->col_where[c]);
        break;
    case IFS_RECORDS_FITS:
        snprintf(buf, size, "keyword TTYPE%zu", c + 1);
        break;
    default:
        snprintf(buf, size, "FIELD %zu", c + 1);
    }
    return buf;
}

/* Where a missing column should have been named. */
static const char *header_name(const ifs_records *r, char *buf, size_t size)
{
    static const char *const what[] = {"the header", "any object of the array", "the TTYPEn keywords of the table",
                                       "the FIELDs of the table"};
    if (r->format == IFS_RECORDS_CSV)
        snprintf(buf, size, "%s (line %ld)", what[r->format], r->header_line);
    else
        snprintf(buf, size, "%s", what[r->format]);
    return buf;
}

int ifs_records_check_columns(const ifs_records *r, const char *const *allowed,
                              const char *const *required, ifs_error *err)
{
    char where[64];
    for (size_t c = 0; c < r->ncols; c++) {
        int ok = 0;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, r->colnames[c]) == 0;
        if (!ok) {
            char list[512] = "";
            for (const char *const *a = allowed; *a; a++) {
                strncat(list, *a, sizeof list - strlen(list) - 1);
                if (a[1])
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
            }
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: %s: unknown column '%s' (known columns: %s)",
                                 r->path, column_where(r, c, where, sizeof where), r->colnames[c], list);
        }
    }
    for (const char *const *q = required; *q; q++)
        if (ifs_records_col(r, *q) < 0)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: required column '%s' is missing from %s", r->path, *q,
                                 header_name(r, where, sizeof where));
    return IFS_OK;
}

int ifs_records_error(const ifs_records *r, size_t row, const char *column, ifs_error *err, const char *fmt, ...)
{
    char where[48], msg[IFS_ERRMSG_MAX / 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ifs_error_set(err, IFS_ERR_INPUT, "%s: %s, column '%s': %s", r->path,
                         ifs_records_where(r, row, where, sizeof where), column, msg);
}

typedef struct {
    const ifs_records *r;
    const int *cols;
    size_t ncols;
} key_spec;

static int compare_key_cells(const key_spec *k, size_t x, size_t y)
{
    for (size_t i = 0; i < k->ncols; i++) {
        const char *p = ifs_records_get(k->r, x, k->cols[i]), *q = ifs_records_get(k->r, y, k->cols[i]);
        int c = strcmp(p ? p : "", q ? q : "");
        if (c)
            return c;
    }
    return 0;
}

static int compare_keys(const void *a, const void *b, void *arg)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = compare_key_cells(arg, x, y);
    return c ? c : (x > y) - (x < y); /* equal keys stay in file order */
}

int ifs_records_duplicate(const ifs_records *r, const int *cols, size_t ncols, size_t *row, size_t *first)
{
    size_t n = r->nrows, *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return -1;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    key_spec k = {r, cols, ncols};
    qsort_r(idx, n, sizeof *idx, compare_keys, &k);
    int found = 0;
    for (size_t i = 1; i < n; i++)
        if (!compare_key_cells(&k, idx[i - 1], idx[i]) && (!found || idx[i] < *row)) {
            *row = idx[i];
            *first = idx[i - 1];
            found = 1;
        }
    free(idx);
    return found;
}
