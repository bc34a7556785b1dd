/* records_votable.c: the first TABLE of a VOTable (IVOA VOTable 1.x, TABLEDATA serialization) as
 * records, parsed with expat.  FIELD names become column names; empty TDs, "NaN" in float and
 * double fields, and a FIELD's VALUES null value become empty cells. */
#include "records_internal.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { BEFORE_TABLE, IN_TABLE, IN_DATA, DONE };

typedef struct {
    ifs_records *r;
    XML_Parser parser;
    ifs_error *err;
    int status, state, depth, in_tr, in_td, in_field;
    size_t nfields, cap, td;
    char **names, **nulls;
    int *floating;
    char *text;
    size_t tlen, tcap;
} vot;

static const char *local(const char *name)
{
    const char *bar = strrchr(name, '|'); /* namespace separator given to the parser */
    return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *key)
{
    for (; atts && atts[0]; atts += 2)
        if (strcmp(local(atts[0]), key) == 0)
            return atts[1];
    return NULL;
}

static void fail(vot *v, int code, const char *fmt, const char *detail)
{
    if (v->status)
        return;
    char msg[512];
    snprintf(msg, sizeof msg, fmt, detail ? detail : "");
    v->status = ifs_error_set(v->err, code, "%s: line %lu: %s", v->r->path,
                              (unsigned long)XML_GetCurrentLineNumber(v->parser), msg);
    XML_StopParser(v->parser, XML_FALSE);
}

static void add_field(vot *v, const char **atts)
{
    const char *name = attr(atts, "name");
    if (!name || !*name)
        name = attr(atts, "ID");
    if (!name || !*name) {
        fail(v, IFS_ERR_INPUT, "a FIELD has neither a name nor an ID%s", NULL);
        return;
    }
    for (size_t i = 0; i < v->nfields; i++)
        if (strcmp(v->names[i], name) == 0) {
            fail(v, IFS_ERR_INPUT, "column '%s' appears twice", name);
            return;
        }
    if (v->nfields == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 16;
        char **names = realloc(v->names, cap * sizeof *names);
        if (names)
            v->names = names;
        char **nulls = realloc(v->nulls, cap * sizeof *nulls);
        if (nulls)
            v->nulls = nulls;
        int *floating = realloc(v->floating, cap * sizeof *floating);
        if (floating)
            v->floating = floating;
        if (!names || !nulls || !floating) {
            fail(v, IFS_ERR_NOMEM, "out of memory%s", NULL);
            return;
        }
        v->cap = cap;
    }
    const char *type = attr(atts, "datatype");
    v->floating[v->nfields] = type && (strcmp(type, "float") == 0 || strcmp(type, "double") == 0);
    v->nulls[v->nfields] = NULL;
    if (!(v->names[v->nfields] = ifs_records_own(v->r, strdup(name)))) {
        fail(v, IFS_ERR_NOMEM, "out of memory%s", NULL);
        return;
    }
    v->nfields++;
    v->in_field = 1;
}

static void start_data(vot *v)
{
    if (v->nfields == 0) {
        fail(v, IFS_ERR_INPUT, "the TABLE has no FIELD%s", NULL);
        return;
    }
    v->r->ncols = v->nfields;
    v->r->colnames = malloc(v->nfields * sizeof *v->r->colnames);
    if (!v->r->colnames) {
        fail(v, IFS_ERR_NOMEM, "out of memory%s", NULL);
        return;
    }
    memcpy(v->r->colnames, v->names, v->nfields * sizeof *v->names);
}

static void XMLCALL on_start(void *data, const char *name, const char **atts)
{
    vot *v = data;
    const char *el = local(name);
    if (v->depth++ == 0 && strcmp(el, "VOTABLE") != 0) {
        fail(v, IFS_ERR_INPUT, "not a VOTable (the root element is <%s>)", el);
        return;
    }
    if (v->state == BEFORE_TABLE && strcmp(el, "TABLE") == 0) {
        v->state = IN_TABLE;
    } else if (v->state == IN_TABLE && strcmp(el, "FIELD") == 0) {
        add_field(v, atts);
    } else if (v->state == IN_TABLE && v->in_field && strcmp(el, "VALUES") == 0) {
        const char *null = attr(atts, "null");
        if (null && !(v->nulls[v->nfields - 1] = ifs_records_own(v->r, strdup(null))))
            fail(v, IFS_ERR_NOMEM, "out of memory%s", NULL);
    } else if (v->state == IN_TABLE && strcmp(el, "TABLEDATA") == 0) {
        start_data(v);
        v->state = IN_DATA;
    } else if (v->state == IN_TABLE &&
               (strcmp(el, "BINARY") == 0 || strcmp(el, "BINARY2") == 0 || strcmp(el, "FITS") == 0)) {
        fail(v, IFS_ERR_INPUT, "<%s> serialization is not supported: save the VOTable with TABLEDATA", el);
    } else if (v->state == IN_DATA && strcmp(el, "TR") == 0) {
        ifs_records *r = v->r;
        if (ifs_records_grow(r)) {
            fail(v, IFS_ERR_NOMEM, "out of memory%s", NULL);
            return;
        }
        memset(r->cells + r->nrows * r->ncols, 0, r->ncols * sizeof *r->cells);
        r->where[r->nrows++] = (long)XML_GetCurrentLineNumber(v->parser);
        v->in_tr = 1;
        v->td = 0;
    } else if (v->state == IN_DATA && v->in_tr && strcmp(el, "TD") == 0) {
        if (v->td >= v->nfields) {
            char n[32];
            snprintf(n, sizeof n, "%zu", v->nfields);
            fail(v, IFS_ERR_INPUT, "a row has more cells than the table's %s fields", n);
            return;
        }
        v->in_td = 1;
        v->tlen = 0;
    }
}

static void end_cell(vot *v)
{
    size_t a = 0, b = v->tlen;
    while (a < b && (v->text[a] == ' ' || v->text[a] == '\t' || v->text[a] == '\n' || v->text[a] == '\r'))
        a++;
    while (b > a && (v->text[b - 1] == ' ' || v->text[b - 1] == '\t' || v->text[b - 1] == '\n' || v->text[b - 1] == '\r'))
        b--;
    size_t c = v->td++;
    if (a == b)
        return;
    char *cell = strndup(v->text + a, b - a);
    if (!cell) {
        fail(v, IFS_ERR_NOMEM, "out of memory%s", NULL);
        return;
    }
    if ((v->floating[c] && strcasecmp(cell, "nan") == 0) || (v->nulls[c] && strcmp(cell, v->nulls[c]) == 0)) {
        free(cell);
        return;
    }
    ifs_records *r = v->r;
    if (!(r->cells[(r->nrows - 1) * r->ncols + c] = ifs_records_own(r, cell)))
        fail(v, IFS_ERR_NOMEM, "out of memory%s", NULL);
}

static void XMLCALL on_end(void *data, const char *name)
{
    vot *v = data;
    const char *el = local(name);
    v->depth--;
    if (v->status)
        return;
    if (v->in_td && strcmp(el, "TD") == 0) {
        v->in_td = 0;
        end_cell(v);
    } else if (v->in_tr && strcmp(el, "TR") == 0) {
        v->in_tr = 0;
        if (v->td != v->nfields) {
            char msg[64];
            snprintf(msg, sizeof msg, "%zu cells, but the table has %zu fields", v->td, v->nfields);
            fail(v, IFS_ERR_INPUT, "a row has %s", msg);
        }
    } else if (strcmp(el, "FIELD") == 0) {
        v->in_field = 0;
    } else if (strcmp(el, "TABLE") == 0 && (v->state == IN_TABLE || v->state == IN_DATA)) {
        if (v->state == IN_TABLE) /* a table without data: columns, no rows */
            start_data(v);
        v->state = DONE;
    }
}

static void XMLCALL on_text(void *data, const char *s, int len)
{
    vot *v = data;
    if (!v->in_td || v->status)
        return;
    if (v->tlen + (size_t)len + 1 > v->tcap) {
        size_t cap = 2 * (v->tlen + (size_t)len) + 64;
        char *t = realloc(v->text, cap);
        if (!t) {
            fail(v, IFS_ERR_NOMEM, "out of memory%s", NULL);
            return;
        }
        v->text = t;
        v->tcap = cap;
    }
    memcpy(v->text + v->tlen, s, (size_t)len);
    v->tlen += (size_t)len;
}

int ifs_records_read_votable(ifs_records *r, size_t len, ifs_error *err)
{
    vot v = {.r = r, .err = err};
    v.parser = XML_ParserCreateNS(NULL, '|');
    if (!v.parser)
        return ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", r->path);
    XML_SetUserData(v.parser, &v);
    XML_SetElementHandler(v.parser, on_start, on_end);
    XML_SetCharacterDataHandler(v.parser, on_text);
    if (XML_Parse(v.parser, r->text, (int)len, XML_TRUE) == XML_STATUS_ERROR && !v.status)
        v.status = ifs_error_set(err, IFS_ERR_INPUT, "%s: line %lu: not well-formed XML: %s", r->path,
                                 (unsigned long)XML_GetCurrentLineNumber(v.parser),
                                 XML_ErrorString(XML_GetErrorCode(v.parser)));
    if (!v.status && v.state == BEFORE_TABLE)
        v.status = ifs_error_set(err, IFS_ERR_INPUT, "%s: the VOTable has no TABLE", r->path);
    XML_ParserFree(v.parser);
    free(v.names);
    free(v.nulls);
    free(v.floating);
    free(v.text);
    return v.status;
}
