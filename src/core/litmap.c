/* litmap.c: parsing literature mapping files, binding them to a table's columns, and converting
 * rows into literature points (units, errors, limits). */
#include "ifscat/litmap.h"
#include "ifscat/json.h"

#include "ifscat/datadir.h"
#include "ifscat/readfile.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { Q_NAME, Q_REFERENCE, Q_RA, Q_DEC, Q_Z, Q_LOGM, Q_LOGSFR, Q_OH, Q_GRADIENT, Q_COUNT };
static const char *const qnames[Q_COUNT] = {"name", "reference", "ra", "dec", "z",
                                            "logm", "logsfr", "oh", "gradient"};

/* How a column's numbers become ifscat's unit. */
typedef enum { U_AS_IS, U_HMS, U_DMS, U_LINEAR, U_LOG_ZSUN, U_ZSUN } unit_conv;

typedef struct {
    const char *name;
    unit_conv conv;
} unit_def;

/* Accepted units per quantity; the first is the default. */
static const unit_def units[Q_COUNT][4] = {
    [Q_RA] = {{"deg", U_AS_IS}, {"hms", U_HMS}},
    [Q_DEC] = {{"deg", U_AS_IS}, {"dms", U_DMS}},
    [Q_Z] = {{"", U_AS_IS}},
    [Q_LOGM] = {{"log Msun", U_AS_IS}, {"Msun", U_LINEAR}},
    [Q_LOGSFR] = {{"log Msun/yr", U_AS_IS}, {"Msun/yr", U_LINEAR}},
    [Q_OH] = {{"12+log(O/H)", U_AS_IS}, {"log(Z/Zsun)", U_LOG_ZSUN}, {"Z/Zsun", U_ZSUN}},
    [Q_GRADIENT] = {{"dex/kpc", U_AS_IS}},
};

enum { F_VALUE, F_ERR, F_ERR_LO, F_ERR_HI, F_VAR, F_UPPER, F_LOWER, F_COUNT };
static const char *const fkeys[F_COUNT] = {"column", "err", "err_lo", "err_hi", "var", "upper_limit", "lower_limit"};

typedef struct {
    char *col[F_COUNT]; /* column names, NULL when not mapped */
    int idx[F_COUNT];   /* bound column indexes, -1 when absent */
    unit_conv conv;
} alt;

enum { MAX_ALTS = 4 };

struct ifs_litmap {
    char *where, *json;
    int optional; /* the default mapping: every column may be absent */
    size_t nalt[Q_COUNT];
    alt alts[Q_COUNT][MAX_ALTS];
};

void ifs_litmap_free(ifs_litmap *m)
{
    if (!m)
        return;
    for (int q = 0; q < Q_COUNT; q++)
        for (size_t a = 0; a < m->nalt[q]; a++)
            for (int f = 0; f < F_COUNT; f++)
                free(m->alts[q][a].col[f]);
    free(m->where);
    free(m->json);
    free(m);
}

const char *ifs_litmap_json(const ifs_litmap *m) { return m->json; }

static int parse_alt(ifs_litmap *m, int q, const cJSON *spec, ifs_error *err)
{
    if (m->nalt[q] == MAX_ALTS)
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: '%s': at most %d alternative columns", m->where, qnames[q], MAX_ALTS);
    alt *a = &m->alts[q][m->nalt[q]++];
    for (int f = 0; f < F_COUNT; f++)
        a->idx[f] = -1;
    if (cJSON_IsString(spec)) {
        if (!*spec->valuestring)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: '%s': empty column name", m->where, qnames[q]);
        return (a->col[F_VALUE] = strdup(spec->valuestring)) ? IFS_OK
                                                              : ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    if (!cJSON_IsObject(spec))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: '%s' must be a column name, an object or a list of objects",
                             m->where, qnames[q]);
    const char *unit = NULL;
    for (const cJSON *it = spec->child; it; it = it->next) {
        int f = -1;
        for (int k = 0; k < F_COUNT; k++)
            if (strcmp(it->string, fkeys[k]) == 0)
                f = k;
        int textual = q == Q_NAME || q == Q_REFERENCE;
        if (strcmp(it->string, "unit") == 0 && !textual && cJSON_IsString(it)) {
            unit = it->valuestring;
            continue;
        }
        if (f < 0 || (textual && f != F_VALUE))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: '%s': unknown key '%s' (use %s)", m->where, qnames[q],
                                 it->string,
                                 textual ? "column" : "column, unit, err, err_lo, err_hi, var, upper_limit, lower_limit");
        if (!cJSON_IsString(it) || !*it->valuestring)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: '%s': '%s' must name a column", m->where, qnames[q], it->string);
        if (!(a->col[f] = strdup(it->valuestring)))
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    if (!a->col[F_VALUE])
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: '%s': 'column' is required", m->where, qnames[q]);
    if (unit) {
        const unit_def *u = units[q];
        int k = 0;
        while (k < 4 && u[k].name && strcmp(u[k].name, unit) != 0)
            k++;
        if (k == 4 || !u[k].name) {
            char known[128] = "";
            for (int j = 0; j < 4 && u[j].name; j++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s'%s'", j ? ", " : "", u[j].name);
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: '%s': unit '%s' cannot be converted (known: %s)", m->where,
                                 qnames[q], unit, known);
        }
        a->conv = u[k].conv;
    }
    return IFS_OK;
}

int ifs_litmap_parse(const char *json, const char *where, ifs_litmap **out, ifs_error *err)
{
    *out = NULL;
    cJSON *root = ifs_json_parse(json, where, err);
    ifs_litmap *m = calloc(1, sizeof *m);
    int status = IFS_OK;
    if (!m || !(m->where = strdup(where))) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto exit;
    }
    if (!root) {
        status = err->code;
        goto exit;
    }
    if (!cJSON_IsObject(root)) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: a mapping is a JSON object with 'columns'", where);
        goto exit;
    }
    const cJSON *cols = NULL;
    for (const cJSON *it = root->child; it; it = it->next) {
        if (strcmp(it->string, "columns") == 0)
            cols = it;
        else if (strcmp(it->string, "optional") == 0)
            m->optional = cJSON_IsTrue(it);
        else if (strcmp(it->string, "description") != 0) {
            status = ifs_error_set(err, IFS_ERR_INPUT, "%s: unknown key '%s' (use description, optional, columns)", where,
                                   it->string);
            goto exit;
        }
    }
    if (!cJSON_IsObject(cols)) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: 'columns' must be an object mapping quantities to columns", where);
        goto exit;
    }
    for (const cJSON *it = cols->child; it && !status; it = it->next) {
        int q = -1;
        for (int k = 0; k < Q_COUNT; k++)
            if (strcmp(it->string, qnames[k]) == 0)
                q = k;
        if (q < 0) {
            status = ifs_error_set(err, IFS_ERR_INPUT,
                                   "%s: unknown quantity '%s' (use name, reference, ra, dec, z, logm, logsfr, oh, gradient)",
                                   where, it->string);
            break;
        }
        if (m->nalt[q]) {
            status = ifs_error_set(err, IFS_ERR_INPUT, "%s: quantity '%s' is mapped twice", where, it->string);
            break;
        }
        if (cJSON_IsArray(it)) {
            for (const cJSON *a = it->child; a && !status; a = a->next)
                status = parse_alt(m, q, a, err);
            if (!status && !m->nalt[q])
                status = ifs_error_set(err, IFS_ERR_INPUT, "%s: '%s' is an empty list", where, it->string);
        } else {
            status = parse_alt(m, q, it, err);
        }
    }
    if (!status && !m->nalt[Q_Z])
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: the mapping must say which column holds 'z'", where);
    if (!status && !m->nalt[Q_LOGM] && !m->nalt[Q_LOGSFR] && !m->nalt[Q_OH] && !m->nalt[Q_GRADIENT])
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: the mapping must give at least one of logm, logsfr, oh, gradient",
                               where);
    if (!status && (!m->nalt[Q_RA]) != (!m->nalt[Q_DEC]))
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: 'ra' and 'dec' must be mapped together", where);
    if (!status && !(m->json = cJSON_PrintUnformatted(root)))
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
exit:
    cJSON_Delete(root);
    if (status)
        ifs_litmap_free(m);
    else
        *out = m;
    return status;
}

int ifs_litmap_load(const char *path, ifs_litmap **out, ifs_error *err)
{
    char shipped[PATH_MAX];
    *out = NULL;
    if (!path) {
        int status = ifs_datadir_path("literature/default.json", shipped, sizeof shipped, err);
        if (status)
            return status;
        path = shipped;
    }
    char *text;
    int status = ifs_read_file(path, &text, NULL, err);
    if (status)
        return status;
    status = ifs_litmap_parse(text, path, out, err);
    free(text);
    return status;
}

int ifs_litmap_bind(ifs_litmap *m, const ifs_records *r, ifs_error *err)
{
    for (int q = 0; q < Q_COUNT; q++)
        for (size_t a = 0; a < m->nalt[q]; a++)
            for (int f = 0; f < F_COUNT; f++) {
                alt *al = &m->alts[q][a];
                if (!al->col[f])
                    continue;
                al->idx[f] = ifs_records_col(r, al->col[f]);
                if (al->idx[f] < 0 && !m->optional)
                    return ifs_error_set(err, IFS_ERR_INPUT, "%s: %s '%s' names column '%s', which %s does not have",
                                         m->where, qnames[q], fkeys[f], al->col[f], ifs_records_path(r));
            }
    int have_z = 0, have_any = 0;
    for (size_t a = 0; a < m->nalt[Q_Z]; a++)
        have_z |= m->alts[Q_Z][a].idx[F_VALUE] >= 0;
    for (int q = Q_LOGM; q <= Q_GRADIENT; q++)
        for (size_t a = 0; a < m->nalt[q]; a++)
            have_any |= m->alts[q][a].idx[F_VALUE] >= 0;
    if (!have_z)
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: no redshift column ('%s') in %s", m->where,
                             m->alts[Q_Z][0].col[F_VALUE], ifs_records_path(r));
    if (!have_any)
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: %s has none of the columns for logm, logsfr, oh or gradient",
                             m->where, ifs_records_path(r));
    return IFS_OK;
}

void ifs_litmap_unused(const ifs_litmap *m, const ifs_records *r, char *buf, size_t bufsize)
{
    buf[0] = '\0';
    for (size_t c = 0; c < ifs_records_ncols(r); c++) {
        int used = 0;
        for (int q = 0; q < Q_COUNT && !used; q++)
            for (size_t a = 0; a < m->nalt[q] && !used; a++)
                for (int f = 0; f < F_COUNT && !used; f++)
                    used = m->alts[q][a].idx[f] == (int)c;
        if (!used)
            snprintf(buf + strlen(buf), bufsize - strlen(buf), "%s%s", *buf ? ", " : "", ifs_records_colname(r, c));
    }
}

/* --- rows ----------------------------------------------------------------------------------- */

/* Sexagesimal "dd:mm:ss.s", "dd mm ss.s" or "12h34m56.7s" / "-12d34m56s" to a number of units. */
static int parse_sexagesimal(const char *text, double *value)
{
    double part[3] = {0, 0, 0};
    int n = 0, neg = 0;
    const char *p = text;
    while (*p == ' ')
        p++;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    while (*p && n < 3) {
        char *end;
        part[n] = strtod(p, &end);
        if (end == p || part[n] < 0)
            return -1;
        n++;
        p = end;
        while (*p == ':' || *p == ' ' || *p == 'h' || *p == 'd' || *p == 'm' || *p == 's' || *p == '\'' || *p == '"')
            p++;
    }
    if (*p || n == 0 || part[1] >= 60 || part[2] >= 60)
        return -1;
    double v = part[0] + part[1] / 60.0 + part[2] / 3600.0;
    *value = neg ? -v : v;
    return 0;
}

static int parse_flag(const char *cell, int *flag)
{
    static const char *const yes[] = {"true", "t", "1", "yes", "y"}, *const no[] = {"false", "f", "0", "no", "n"};
    for (size_t i = 0; i < 5; i++) {
        if (strcasecmp(cell, yes[i]) == 0)
            return *flag = 1, 0;
        if (strcasecmp(cell, no[i]) == 0)
            return *flag = 0, 0;
    }
    return -1;
}

/* A number cell: 0 and *v, or NAN when empty; an error naming row and column otherwise. */
static int number(const ifs_records *r, size_t row, int col, double *v, ifs_error *err)
{
    *v = NAN;
    const char *cell = col >= 0 ? ifs_records_get(r, row, col) : NULL;
    if (!cell)
        return IFS_OK;
    if (ifs_parse_double(cell, v))
        return ifs_records_error(r, row, ifs_records_colname(r, (size_t)col), err, "'%s' is not a number", cell);
    return IFS_OK;
}

static int error_cell(const ifs_records *r, size_t row, int col, double *v, ifs_error *err)
{
    int status = number(r, row, col, v, err);
    if (!status && *v < 0)
        return ifs_records_error(r, row, ifs_records_colname(r, (size_t)col), err, "%g: an error cannot be negative", *v);
    return status;
}

/* Fills v from the first alternative of quantity q whose value cell is not empty. */
static int convert(const ifs_litmap *m, int q, const ifs_records *r, size_t row, ifs_litvalue *v, ifs_error *err)
{
    *v = (ifs_litvalue){NAN, NAN, NAN, IFS_LIMIT_NONE};
    const alt *a = NULL;
    for (size_t k = 0; k < m->nalt[q] && !a; k++)
        if (m->alts[q][k].idx[F_VALUE] >= 0 && ifs_records_get(r, row, m->alts[q][k].idx[F_VALUE]))
            a = &m->alts[q][k];
    if (!a)
        return IFS_OK;
    int vc = a->idx[F_VALUE], status;
    const char *cell = ifs_records_get(r, row, vc);
    if (a->conv == U_HMS || a->conv == U_DMS) {
        if (parse_sexagesimal(cell, &v->value))
            return ifs_records_error(r, row, ifs_records_colname(r, (size_t)vc), err, "'%s' is not sexagesimal (hh:mm:ss.s or dd:mm:ss.s)", cell);
        if (a->conv == U_HMS)
            v->value *= 15.0; /* hours to degrees */
        return IFS_OK;
    }
    if ((status = number(r, row, vc, &v->value, err)))
        return status;
    double e, lo = NAN, hi = NAN;
    if ((status = error_cell(r, row, a->idx[F_ERR], &e, err)))
        return status;
    lo = hi = e;
    if ((status = error_cell(r, row, a->idx[F_VAR], &e, err)))
        return status;
    if (isnan(lo) && !isnan(e))
        lo = hi = sqrt(e);
    if ((status = error_cell(r, row, a->idx[F_ERR_LO], &e, err)))
        return status;
    if (!isnan(e))
        lo = e;
    if ((status = error_cell(r, row, a->idx[F_ERR_HI], &e, err)))
        return status;
    if (!isnan(e))
        hi = e;
    for (int f = F_UPPER; f <= F_LOWER; f++) {
        const char *flag = a->idx[f] >= 0 ? ifs_records_get(r, row, a->idx[f]) : NULL;
        int set = 0;
        if (flag && parse_flag(flag, &set))
            return ifs_records_error(r, row, ifs_records_colname(r, (size_t)a->idx[f]), err, "'%s' is not a flag (true/false, 1/0, yes/no, T/F)", flag);
        if (set && v->limit != IFS_LIMIT_NONE)
            return ifs_records_error(r, row, ifs_records_colname(r, (size_t)a->idx[f]), err, "both an upper and a lower limit");
        if (set)
            v->limit = f == F_UPPER ? IFS_LIMIT_UPPER : IFS_LIMIT_LOWER;
    }
    switch (a->conv) {
    case U_LINEAR:
    case U_ZSUN:
        if (!(v->value > 0))
            return ifs_records_error(r, row, ifs_records_colname(r, (size_t)vc), err, "%g is not positive, so it has no logarithm", v->value);
        if (lo >= v->value)
            return ifs_records_error(r, row, ifs_records_colname(r, (size_t)vc), err, "the lower error %g is not below the value %g, so it has no logarithm",
                              lo, v->value);
        /* asymmetric errors in dex: log10(v) - log10(v - lo) and log10(v + hi) - log10(v) */
        lo = log10(v->value) - log10(v->value - lo);
        hi = log10(v->value + hi) - log10(v->value);
        v->value = log10(v->value) + (a->conv == U_ZSUN ? IFS_SOLAR_OH : 0.0);
        break;
    case U_LOG_ZSUN:
        v->value += IFS_SOLAR_OH;
        break;
    default:
        break;
    }
    v->lo = lo;
    v->hi = hi;
    return IFS_OK;
}

int ifs_litmap_row(const ifs_litmap *m, const ifs_records *r, size_t row, ifs_litpoint *out, ifs_error *err)
{
    memset(out, 0, sizeof *out);
    for (int q = Q_NAME; q <= Q_REFERENCE; q++)
        for (size_t k = 0; k < m->nalt[q]; k++) {
            const char *cell = ifs_records_get(r, row, m->alts[q][k].idx[F_VALUE]);
            if (cell && !(q == Q_NAME ? out->name : out->reference)) {
                if (q == Q_NAME)
                    out->name = cell;
                else
                    out->reference = cell;
            }
        }
    ifs_litvalue ra, dec;
    ifs_litvalue *dst[Q_COUNT] = {[Q_RA] = &ra, [Q_DEC] = &dec, [Q_Z] = &out->z, [Q_LOGM] = &out->logm,
                                  [Q_LOGSFR] = &out->logsfr, [Q_OH] = &out->oh, [Q_GRADIENT] = &out->gradient};
    for (int q = Q_RA; q < Q_COUNT; q++) {
        int status = convert(m, q, r, row, dst[q], err);
        if (status)
            return status;
    }
    char where[48];
    ifs_records_where(r, row, where, sizeof where);
    const char *path = ifs_records_path(r);
    if (isnan(ra.value) != isnan(dec.value))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: %s: RA and Dec must be given together", path, where);
    if (!isnan(ra.value) && !(ra.value >= 0 && ra.value < 360))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: %s: RA %g is outside [0, 360) degrees", path, where, ra.value);
    if (!isnan(dec.value) && !(dec.value >= -90 && dec.value <= 90))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: %s: Dec %g is outside [-90, 90] degrees", path, where, dec.value);
    out->ra_deg = ra.value;
    out->dec_deg = dec.value;
    if (isnan(out->z.value))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: %s, column '%s': a redshift is required", path, where,
                             m->alts[Q_Z][0].col[F_VALUE]);
    if (out->z.value < 0)
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: %s: redshift %g is negative", path, where, out->z.value);
    if (isnan(out->logm.value) && isnan(out->logsfr.value) && isnan(out->oh.value) && isnan(out->gradient.value))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: %s: the row has no stellar mass, SFR, metallicity or gradient",
                             path, where);
    return IFS_OK;
}
