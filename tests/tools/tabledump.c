/* tabledump.c: prints a table exported by ifscat -- a FITS binary table (read with cfitsio), a
 * VOTable (parsed with expat), JSON (cJSON) or CSV (RFC 4180, parsed here) -- as one normalised
 * tab-separated text, so that integration tests compare the formats with each other and with the
 * values they expect without going through ifscat's own readers.
 *
 *   tabledump FILE [EXTNAME]
 *
 * Output: one line "col<TAB>NAME<TAB>UNIT<TAB>DESCRIPTION" per column, then "rows<TAB>N", then one
 * line per row with its cells (tab, line break and backslash written as \\t, \\n, \\\\): FITS and JSON numbers with 17 significant digits, VOTable and CSV
 * cells as written, nulls (FITS NaN or TNULL, empty cells, JSON null) empty.  FITS: the BINTABLE
 * EXTNAME, or HDU 2; VOTable: the first TABLE; CSV: units and descriptions from the writer's
 * "# NAME [UNIT]: DESCRIPTION" comment lines.  The format is read from the content: "SIMPLE"
 * FITS, '<' VOTable, '{' JSON, else CSV.  Exit 1 with a message on anything it cannot read. */
#include <cJSON.h>
#include <ctype.h>
#include <expat.h>
#include <fitsio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int die(const char *path, const char *what)
{
    fprintf(stderr, "tabledump: %s: %s\n", path, what);
    return 1;
}

static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = 2 * (*len + n + 1);
        *buf = realloc(*buf, *cap);
        if (!*buf) {
            fputs("tabledump: out of memory\n", stderr);
            exit(1);
        }
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

/* Writes n bytes of a cell with tab, line break and backslash escaped, so that a row stays a line. */
static void put_cell(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t')
            fputs("\\t", f);
        else if (s[i] == '\n')
            fputs("\\n", f);
        else if (s[i] == '\\')
            fputs("\\\\", f);
        else
            putc(s[i], f);
    }
}

/* ---- FITS (cfitsio) ---- */

static void print_fits_number(double v)
{
    if (v == v)
        printf("%.17g", v);
}

static int dump_fits(const char *path, const char *extname)
{
    fitsfile *f;
    int status = 0, hdutype, ncols;
    long nrows;
    char msg[FLEN_ERRMSG];
    if (fits_open_file(&f, path, READONLY, &status))
        goto fail;
    if ((extname ? fits_movnam_hdu(f, BINARY_TBL, (char *)extname, 0, &status) || fits_get_hdu_type(f, &hdutype, &status)
                 : fits_movabs_hdu(f, 2, &hdutype, &status)) ||
        hdutype != BINARY_TBL) {
        fits_close_file(f, &status);
        return die(path, extname ? "no binary table of that EXTNAME" : "HDU 2 is not a binary table");
    }
    if (fits_get_num_rows(f, &nrows, &status) || fits_get_num_cols(f, &ncols, &status))
        goto fail;
    for (int c = 1; c <= ncols; c++) {
        char key[FLEN_KEYWORD], name[FLEN_VALUE] = "", unit[FLEN_VALUE] = "", *desc = NULL;
        snprintf(key, sizeof key, "TTYPE%d", c);
        fits_read_key(f, TSTRING, key, name, NULL, &status);
        snprintf(key, sizeof key, "TUNIT%d", c);
        if (fits_read_key(f, TSTRING, key, unit, NULL, &status) == KEY_NO_EXIST)
            status = 0;
        snprintf(key, sizeof key, "TCOMM%d", c);
        if (fits_read_key_longstr(f, key, &desc, NULL, &status) == KEY_NO_EXIST)
            status = 0;
        if (status)
            goto fail;
        printf("col\t%s\t%s\t%s\n", name, unit, desc ? desc : "");
        if (desc)
            fits_free_memory(desc, &status);
    }
    printf("rows\t%ld\n", nrows);
    for (long r = 1; r <= nrows; r++) {
        for (int c = 1; c <= ncols; c++) {
            int typecode, anynul = 0;
            long repeat, width;
            if (fits_get_coltype(f, c, &typecode, &repeat, &width, &status))
                goto fail;
            if (c > 1)
                putchar('\t');
            if (typecode == TSTRING) {
                char *buf = malloc((size_t)repeat + 1), *cell[1] = {buf};
                if (!buf || fits_read_col_str(f, c, r, 1, 1, "", cell, &anynul, &status)) {
                    free(buf);
                    goto fail;
                }
                put_cell(stdout, buf, strlen(buf));
                free(buf);
            } else if (typecode == TLONGLONG || typecode == TLONG || typecode == TINT || typecode == TSHORT) {
                long long v;
                char isnull = 0; /* TNULLn: fits_read_col with a NULL nulval would not look */
                if (fits_read_colnull(f, TLONGLONG, c, r, 1, 1, &v, &isnull, &anynul, &status))
                    goto fail;
                if (!isnull)
                    printf("%lld", v);
            } else {
                double v;
                if (fits_read_col(f, TDOUBLE, c, r, 1, 1, NULL, &v, &anynul, &status))
                    goto fail;
                print_fits_number(v);
            }
        }
        putchar('\n');
    }
    fits_close_file(f, &status);
    return status ? die(path, "cannot close") : 0;
fail:
    fits_get_errstatus(status, msg);
    return die(path, msg);
}

/* ---- VOTable (expat) ---- */

typedef struct {
    int in_table, in_field, table_done;
    int in_description, in_td, tables;
    char name[256], unit[256];
    char text[65536]; /* the character data of the current DESCRIPTION or TD */
    size_t len;
    int cell; /* cells written in the current row */
    char *fields; /* "col" lines, printed before the first row */
    size_t fields_len, fields_cap;
    long nrows;
    char *rows;   /* row lines */
    size_t rows_len, rows_cap;
} vot;

static const char *attr(const char **atts, const char *key)
{
    for (int i = 0; atts[i]; i += 2)
        if (!strcmp(atts[i], key))
            return atts[i + 1];
    return "";
}

static void on_start(void *ud, const char *el, const char **atts)
{
    vot *v = ud;
    if (!strcmp(el, "TABLE") && !v->table_done)
        v->in_table = 1;
    if (!v->in_table)
        return;
    if (!strcmp(el, "FIELD")) {
        v->in_field = 1;
        snprintf(v->name, sizeof v->name, "%s", attr(atts, "name"));
        snprintf(v->unit, sizeof v->unit, "%s", attr(atts, "unit"));
        v->len = 0;
        v->text[0] = '\0';
    } else if (!strcmp(el, "DESCRIPTION") && v->in_field) {
        v->in_description = 1;
        v->len = 0;
    } else if (!strcmp(el, "TR")) {
        v->cell = 0;
        v->nrows++;
    } else if (!strcmp(el, "TD")) {
        v->in_td = 1;
        v->len = 0;
        v->text[0] = '\0';
    }
}

static void on_text(void *ud, const char *s, int n)
{
    vot *v = ud;
    if ((v->in_description || v->in_td) && v->len + (size_t)n < sizeof v->text) {
        memcpy(v->text + v->len, s, (size_t)n);
        v->len += (size_t)n;
        v->text[v->len] = '\0';
    }
}

static void on_end(void *ud, const char *el)
{
    vot *v = ud;
    if (!v->in_table)
        return;
    if (!strcmp(el, "DESCRIPTION")) {
        v->in_description = 0;
    } else if (!strcmp(el, "FIELD")) {
        char line[66000];
        int n = snprintf(line, sizeof line, "col\t%s\t%s\t%s\n", v->name, v->unit, v->len ? v->text : "");
        append(&v->fields, &v->fields_len, &v->fields_cap, line, (size_t)n);
        v->in_field = 0;
        v->len = 0;
    } else if (!strcmp(el, "TD")) {
        if (v->cell++)
            append(&v->rows, &v->rows_len, &v->rows_cap, "\t", 1);
        size_t a = 0, b = v->len; /* TABLEDATA numbers may carry blanks around them */
        while (a < b && isspace((unsigned char)v->text[a]))
            a++;
        while (b > a && isspace((unsigned char)v->text[b - 1]))
            b--;
        for (; a < b; a++) {
            const char *esc = v->text[a] == '\t' ? "\\t" : v->text[a] == '\n' ? "\\n" : v->text[a] == '\\' ? "\\\\" : NULL;
            append(&v->rows, &v->rows_len, &v->rows_cap, esc ? esc : v->text + a, esc ? 2 : 1);
        }
        v->in_td = 0;
    } else if (!strcmp(el, "TR")) {
        append(&v->rows, &v->rows_len, &v->rows_cap, "\n", 1);
    } else if (!strcmp(el, "TABLE")) {
        v->in_table = 0;
        v->table_done = 1;
        v->tables++;
    }
}

static int dump_votable(const char *path, FILE *in)
{
    static vot v;
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p)
        return die(path, "out of memory");
    XML_SetUserData(p, &v);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    char buf[65536];
    size_t n;
    int done = 0, rc = 0;
    while (!done) {
        n = fread(buf, 1, sizeof buf, in);
        done = n < sizeof buf;
        if (XML_Parse(p, buf, (int)n, done) == XML_STATUS_ERROR) {
            fprintf(stderr, "tabledump: %s: line %lu: %s\n", path, (unsigned long)XML_GetCurrentLineNumber(p),
                    XML_ErrorString(XML_GetErrorCode(p)));
            rc = 1;
            break;
        }
    }
    XML_ParserFree(p);
    if (!rc && !v.tables)
        rc = die(path, "no TABLE");
    if (!rc)
        printf("%srows\t%ld\n%s", v.fields ? v.fields : "", v.nrows, v.rows ? v.rows : "");
    free(v.fields);
    free(v.rows);
    return rc;
}

/* ---- JSON (cJSON) ---- */

static char *slurp(FILE *in)
{
    size_t len = 0, cap = 0;
    char *buf = NULL, chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
        append(&buf, &len, &cap, chunk, n);
    if (!buf)
        append(&buf, &len, &cap, "", 0);
    return buf;
}

static const char *json_text(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static int dump_json(const char *path, FILE *in)
{
    char *text = slurp(in);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(doc, "columns");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(doc, "rows");
    if (!cJSON_IsArray(cols) || !cJSON_IsArray(rows)) {
        cJSON_Delete(doc);
        return die(path, "not a JSON table with columns and rows");
    }
    const cJSON *c, *r;
    cJSON_ArrayForEach(c, cols)
        printf("col\t%s\t%s\t%s\n", json_text(c, "name"), json_text(c, "unit"), json_text(c, "description"));
    printf("rows\t%d\n", cJSON_GetArraySize(rows));
    cJSON_ArrayForEach(r, rows) {
        int first = 1;
        cJSON_ArrayForEach(c, cols) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, json_text(c, "name"));
            if (!first)
                putchar('\t');
            first = 0;
            if (cJSON_IsString(v))
                put_cell(stdout, v->valuestring, strlen(v->valuestring));
            else if (cJSON_IsNumber(v))
                printf("%.17g", v->valuedouble);
        }
        putchar('\n');
    }
    cJSON_Delete(doc);
    return 0;
}

/* ---- CSV (RFC 4180) ---- */

/* Writes the record starting at *p to f as tab-separated cells; returns 0 at the end of the
 * text, else advances *p past the record. */
static int csv_record(const char **p, FILE *f)
{
    const char *s = *p;
    if (!*s)
        return 0;
    for (int field = 0;; field++) {
        if (field)
            putc('\t', f);
        if (*s == '"') {
            for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
                s += *s == '"'; /* "" inside quotes is one quote */
                put_cell(f, s, 1);
            }
            s += *s == '"';
        } else {
            size_t n = strcspn(s, ",\r\n");
            put_cell(f, s, n);
            s += n;
        }
        if (*s != ',')
            break;
        s++;
    }
    s += *s == '\r';
    s += *s == '\n';
    putc('\n', f);
    *p = s;
    return 1;
}

static int dump_csv(const char *path, FILE *in)
{
    char *text = slurp(in);
    const char *p = text;
    int title = 1;
    while (*p == '#') { /* "# TITLE" first, then "# NAME [UNIT]: DESCRIPTION" per column */
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (!title) {
            const char *open = memchr(p, '[', len), *close = open ? memchr(open, ']', len - (size_t)(open - p)) : NULL;
            if (!close || close[1] != ':') {
                free(text);
                return die(path, "a comment line is not '# NAME [UNIT]: DESCRIPTION'");
            }
            printf("col\t%.*s\t%.*s\t%.*s\n", (int)(open - p - 3), p + 2, (int)(close - open - 1), open + 1,
                   (int)(len - (size_t)(close - p) - 3), close + 3);
        }
        title = 0;
        p += len + (end != NULL);
    }
    char *rows = NULL;
    size_t rows_len = 0;
    FILE *mem = open_memstream(&rows, &rows_len);
    if (!mem) {
        free(text);
        return die(path, "out of memory");
    }
    const char *header_end = strchr(p, '\n'); /* the header row repeats the names (no line breaks) */
    p = header_end ? header_end + 1 : p + strlen(p);
    long nrows = 0;
    while (csv_record(&p, mem))
        nrows++;
    fclose(mem);
    printf("rows\t%ld\n%s", nrows, rows);
    free(rows);
    free(text);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fputs("usage: tabledump FILE [EXTNAME] (FITS, VOTable, JSON or CSV)\n", stderr);
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in)
        return die(argv[1], "cannot open");
    char head[9] = "";
    size_t n = fread(head, 1, 8, in);
    int rc;
    if (n == 8 && !memcmp(head, "SIMPLE  ", 8)) {
        fclose(in);
        rc = dump_fits(argv[1], argc == 3 ? argv[2] : NULL);
    } else {
        rewind(in);
        int c;
        while ((c = getc(in)) != EOF && isspace(c))
            ;
        rewind(in);
        rc = c == '<' ? dump_votable(argv[1], in) : c == '{' ? dump_json(argv[1], in) : dump_csv(argv[1], in);
        fclose(in);
    }
    return rc;
}
