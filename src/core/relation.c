/* relation.c: the relation library: parsing relation JSON files, loading directories of them, and
 * evaluating the two functional forms. */
#include "ifscat/relation.h"
#include "ifscat/json.h"

#include "ifscat/datadir.h"
#include "ifscat/readfile.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FORM_CURTI2020, FORM_POLYNOMIAL };
enum { MAX_POLY_VARS = 4, MAX_POLY_TERMS = 32, MAX_POWER = 8 };

struct ifs_relation {
    char *name, *description, *reference, *equation, *calibration, *validity_note, *file;
    ifs_relation_kind kind;
    int form;
    /* curti2020 */
    double z0, m0, m1, gamma, beta;
    /* polynomial: variable k is vars[var[k]] - offset[k] */
    size_t nvars, nterms;
    ifs_relation_var var[MAX_POLY_VARS];
    double offset[MAX_POLY_VARS];
    double coef[MAX_POLY_TERMS];
    int power[MAX_POLY_TERMS][MAX_POLY_VARS];
    int uses[IFS_VAR_COUNT]; /* the variables the formula reads */
    /* validity */
    int has_range[IFS_VAR_COUNT];
    double range_lo[IFS_VAR_COUNT], range_hi[IFS_VAR_COUNT];
};

struct ifs_relation_library {
    size_t n;
    ifs_relation **rel;
};

static const char *const var_names[IFS_VAR_COUNT] = {"logm", "logsfr", "z", "age_gyr"};
static const char *const kind_names[] = {"ms", "mzr", "fmr"};

const char *ifs_relation_var_name(ifs_relation_var v) { return var_names[v]; }
const char *ifs_relation_kind_name(ifs_relation_kind k) { return kind_names[k]; }
const char *ifs_relation_kind_predicts(ifs_relation_kind k) { return k == IFS_RELATION_MS ? "logsfr" : "oh"; }

void ifs_relation_free(ifs_relation *rel)
{
    if (!rel)
        return;
    free(rel->name);
    free(rel->description);
    free(rel->reference);
    free(rel->equation);
    free(rel->calibration);
    free(rel->validity_note);
    free(rel->file);
    free(rel);
}

/* --- parsing ------------------------------------------------------------------------------- */

static int var_from_name(const char *name)
{
    for (int v = 0; v < IFS_VAR_COUNT; v++)
        if (strcmp(name, var_names[v]) == 0)
            return v;
    return -1;
}

static int check_keys(const cJSON *obj, const char *const *allowed, const char *where, const char *what,
                      ifs_error *err)
{
    for (const cJSON *it = obj->child; it; it = it->next) {
        int ok = 0;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, it->string) == 0;
        if (!ok)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: unknown key '%s' in %s", where, it->string, what);
    }
    return IFS_OK;
}

/* Copies the string member key (required or optional) into *out ("" when optional and absent). */
static int get_text(const cJSON *obj, const char *key, int required, char **out, const char *where,
                    ifs_error *err)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it && !required)
        it = NULL;
    else if (!cJSON_IsString(it) || (required && !*it->valuestring))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: '%s' must be a %sstring", where, key,
                             required ? "non-empty " : "");
    if (!(*out = strdup(it ? it->valuestring : "")))
        return ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", where);
    return IFS_OK;
}

static int get_number(const cJSON *obj, const char *key, double *out, const char *where, const char *what,
                      ifs_error *err)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: %s '%s' must be a finite number", where, what, key);
    *out = it->valuedouble;
    return IFS_OK;
}

static int parse_curti(ifs_relation *rel, const cJSON *root, const char *where, ifs_error *err)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "parameters");
    static const char *const keys[] = {"Z0", "m0", "m1", "gamma", "beta", NULL};
    if (!cJSON_IsObject(p))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: form curti2020 needs an object 'parameters' with %s",
                             where, "Z0, m0, m1, gamma, beta");
    int status = check_keys(p, keys, where, "'parameters'", err);
    if (!status)
        status = get_number(p, "Z0", &rel->z0, where, "parameter", err);
    if (!status)
        status = get_number(p, "m0", &rel->m0, where, "parameter", err);
    if (!status)
        status = get_number(p, "m1", &rel->m1, where, "parameter", err);
    if (!status)
        status = get_number(p, "gamma", &rel->gamma, where, "parameter", err);
    if (!status)
        status = get_number(p, "beta", &rel->beta, where, "parameter", err);
    if (!status && rel->beta <= 0)
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: parameter 'beta' must be positive", where);
    return status;
}

static int parse_polynomial(ifs_relation *rel, const cJSON *root, const char *where, ifs_error *err)
{
    const cJSON *vars = cJSON_GetObjectItemCaseSensitive(root, "variables");
    const cJSON *terms = cJSON_GetObjectItemCaseSensitive(root, "terms");
    if (!cJSON_IsObject(vars) || !vars->child)
        return ifs_error_set(err, IFS_ERR_INPUT,
                             "%s: form polynomial needs an object 'variables', e.g. {\"m\": {\"var\": \"logm\", \"offset\": 10}}",
                             where);
    static const char *const var_keys[] = {"var", "offset", NULL};
    for (const cJSON *v = vars->child; v; v = v->next) {
        if (rel->nvars == MAX_POLY_VARS)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: at most %d polynomial variables", where, MAX_POLY_VARS);
        if (!cJSON_IsObject(v) || check_keys(v, var_keys, where, "a variable", err))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: variable '%s' must be {\"var\": NAME, \"offset\": NUMBER}",
                                 where, v->string);
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(v, "var");
        int which = cJSON_IsString(name) ? var_from_name(name->valuestring) : -1;
        if (which < 0)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: variable '%s': 'var' must be one of logm, logsfr, z, age_gyr",
                                 where, v->string);
        const cJSON *off = cJSON_GetObjectItemCaseSensitive(v, "offset");
        if (off && (!cJSON_IsNumber(off) || !isfinite(off->valuedouble)))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: variable '%s': 'offset' must be a number", where, v->string);
        rel->var[rel->nvars] = (ifs_relation_var)which;
        rel->offset[rel->nvars] = off ? off->valuedouble : 0.0;
        rel->nvars++;
    }
    if (!cJSON_IsArray(terms) || cJSON_GetArraySize(terms) == 0)
        return ifs_error_set(err, IFS_ERR_INPUT,
                             "%s: form polynomial needs an array 'terms', e.g. [{\"c\": 8.9}, {\"c\": 0.37, \"m\": 1}]",
                             where);
    size_t t = 0;
    for (const cJSON *term = terms->child; term; term = term->next, t++) {
        if (t == MAX_POLY_TERMS)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: at most %d polynomial terms", where, MAX_POLY_TERMS);
        if (!cJSON_IsObject(term))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: term %zu is not an object", where, t + 1);
        char what[32];
        snprintf(what, sizeof what, "term %zu", t + 1);
        if (get_number(term, "c", &rel->coef[t], where, what, err))
            return err->code;
        for (const cJSON *it = term->child; it; it = it->next) {
            if (strcmp(it->string, "c") == 0)
                continue;
            size_t k = 0;
            const cJSON *v = vars->child;
            for (; v && strcmp(v->string, it->string) != 0; v = v->next)
                k++;
            if (!v)
                return ifs_error_set(err, IFS_ERR_INPUT, "%s: term %zu uses '%s', which is not in 'variables'",
                                     where, t + 1, it->string);
            if (!cJSON_IsNumber(it) || it->valuedouble != floor(it->valuedouble) || it->valuedouble < 0 ||
                it->valuedouble > MAX_POWER)
                return ifs_error_set(err, IFS_ERR_INPUT, "%s: term %zu: the power of '%s' must be an integer 0..%d",
                                     where, t + 1, it->string, MAX_POWER);
            rel->power[t][k] = (int)it->valuedouble;
        }
    }
    rel->nterms = t;
    return IFS_OK;
}

static int parse_validity(ifs_relation *rel, const cJSON *root, const char *where, ifs_error *err)
{
    const cJSON *val = cJSON_GetObjectItemCaseSensitive(root, "validity");
    if (!val)
        return IFS_OK;
    if (!cJSON_IsObject(val))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: 'validity' must be an object of [min, max] ranges", where);
    for (const cJSON *it = val->child; it; it = it->next) {
        int v = var_from_name(it->string);
        if (v < 0)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: validity: unknown variable '%s' (use logm, logsfr, z, age_gyr)",
                                 where, it->string);
        const cJSON *lo = cJSON_GetArrayItem(it, 0), *hi = cJSON_GetArrayItem(it, 1);
        if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 2 || !cJSON_IsNumber(lo) || !cJSON_IsNumber(hi) ||
            !(lo->valuedouble < hi->valuedouble))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: validity of '%s' must be [min, max] with min < max",
                                 where, it->string);
        rel->has_range[v] = 1;
        rel->range_lo[v] = lo->valuedouble;
        rel->range_hi[v] = hi->valuedouble;
    }
    return IFS_OK;
}

static int reads_var(const ifs_relation *rel, ifs_relation_var v)
{
    if (rel->form == FORM_CURTI2020)
        return v == IFS_VAR_LOGM || (v == IFS_VAR_LOGSFR && rel->m1 != 0.0);
    for (size_t k = 0; k < rel->nvars; k++) {
        if (rel->var[k] != v)
            continue;
        for (size_t t = 0; t < rel->nterms; t++)
            if (rel->power[t][k] > 0)
                return 1;
    }
    return 0;
}

static int valid_name(const char *s)
{
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
              *p == '-' || *p == '.' || *p == '+'))
            return 0;
    return *s != '\0';
}

int ifs_relation_parse(const char *json, const char *where, ifs_relation **out, ifs_error *err)
{
    *out = NULL;
    static const char *const keys[] = {"name", "kind", "description", "reference", "equation", "calibration",
                                       "form", "parameters", "variables", "terms", "validity", "validity_note",
                                       "provenance", NULL};
    cJSON *root = ifs_json_parse(json, where, err);
    ifs_relation *rel = calloc(1, sizeof *rel);
    int status = IFS_OK;
    if (!rel) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", where);
        goto exit;
    }
    if (!root) {
        status = err->code;
        goto exit;
    }
    if (!cJSON_IsObject(root)) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: a relation file holds one JSON object", where);
        goto exit;
    }
    if ((status = check_keys(root, keys, where, "the relation", err)) ||
        (status = get_text(root, "name", 1, &rel->name, where, err)) ||
        (status = get_text(root, "reference", 1, &rel->reference, where, err)) ||
        (status = get_text(root, "equation", 1, &rel->equation, where, err)) ||
        (status = get_text(root, "description", 0, &rel->description, where, err)) ||
        (status = get_text(root, "calibration", 0, &rel->calibration, where, err)) ||
        (status = get_text(root, "validity_note", 0, &rel->validity_note, where, err)) ||
        !(rel->file = strdup(where)))
        goto exit_nomem;
    if (!valid_name(rel->name)) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: name '%s' may only hold letters, digits and _ - . +",
                               where, rel->name);
        goto exit;
    }
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
    int k = -1;
    for (int i = 0; i < 3 && cJSON_IsString(kind); i++)
        if (strcmp(kind->valuestring, kind_names[i]) == 0)
            k = i;
    if (k < 0) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: 'kind' must be \"ms\", \"mzr\" or \"fmr\"", where);
        goto exit;
    }
    rel->kind = (ifs_relation_kind)k;
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(root, "form");
    if (cJSON_IsString(form) && strcmp(form->valuestring, "curti2020") == 0) {
        rel->form = FORM_CURTI2020;
        status = parse_curti(rel, root, where, err);
    } else if (cJSON_IsString(form) && strcmp(form->valuestring, "polynomial") == 0) {
        rel->form = FORM_POLYNOMIAL;
        status = parse_polynomial(rel, root, where, err);
    } else {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: 'form' must be \"curti2020\" or \"polynomial\"", where);
    }
    if (!status)
        status = parse_validity(rel, root, where, err);
    for (int v = 0; v < IFS_VAR_COUNT && !status; v++)
        rel->uses[v] = reads_var(rel, (ifs_relation_var)v);
    goto exit;
exit_nomem:
    if (!status)
        status = ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", where);
exit:
    cJSON_Delete(root);
    if (status)
        ifs_relation_free(rel);
    else
        *out = rel;
    return status;
}

/* --- the library --------------------------------------------------------------------------- */

void ifs_relation_library_free(ifs_relation_library *lib)
{
    if (!lib)
        return;
    for (size_t i = 0; i < lib->n; i++)
        ifs_relation_free(lib->rel[i]);
    free(lib->rel);
    free(lib);
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(ifs_relation *const *)a)->name, (*(ifs_relation *const *)b)->name);
}

static int add_file(ifs_relation_library *lib, const char *path, ifs_error *err)
{
    char *text;
    int status = ifs_read_file(path, &text, NULL, err);
    if (status)
        return status;
    ifs_relation *rel;
    status = ifs_relation_parse(text, path, &rel, err);
    free(text);
    if (status)
        return status;
    for (size_t i = 0; i < lib->n; i++)
        if (strcmp(lib->rel[i]->name, rel->name) == 0) {
            status = ifs_error_set(err, IFS_ERR_INPUT, "relation '%s' is defined twice: in %s and in %s",
                                   rel->name, lib->rel[i]->file, path);
            ifs_relation_free(rel);
            return status;
        }
    ifs_relation **grown = realloc(lib->rel, (lib->n + 1) * sizeof *grown);
    if (!grown) {
        ifs_relation_free(rel);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory loading relations");
    }
    lib->rel = grown;
    lib->rel[lib->n++] = rel;
    return IFS_OK;
}

static int json_file(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

int ifs_relation_library_load(const char *const *dirs, size_t ndirs, ifs_relation_library **out,
                              ifs_error *err)
{
    *out = NULL;
    ifs_relation_library *lib = calloc(1, sizeof *lib);
    if (!lib)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory loading relations");
    int status = IFS_OK;
    for (size_t d = 0; d < ndirs && !status; d++) {
        struct dirent **list;
        int n = scandir(dirs[d], &list, json_file, alphasort);
        if (n < 0)
            continue; /* a directory that does not exist adds nothing */
        for (int i = 0; i < n; i++) {
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", dirs[d], list[i]->d_name);
            if (!status)
                status = add_file(lib, path, err);
            free(list[i]);
        }
        free(list);
    }
    if (!status && lib->n == 0)
        status = ifs_error_set(err, IFS_ERR_IO, "no relation files (*.json) found");
    if (status) {
        ifs_relation_library_free(lib);
        return status;
    }
    qsort(lib->rel, lib->n, sizeof *lib->rel, by_name);
    *out = lib;
    return IFS_OK;
}

int ifs_relation_library_open(ifs_relation_library **out, ifs_error *err)
{
    *out = NULL;
    enum { MAX_DIRS = 16 };
    const char *dirs[MAX_DIRS + 1];
    size_t n = 0;
    const char *env = getenv("IFSCAT_RELATIONS");
    char *copy = env && *env ? strdup(env) : NULL, *save = NULL;
    if (env && *env && !copy)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (char *tok = copy ? strtok_r(copy, ":", &save) : NULL; tok && n < MAX_DIRS; tok = strtok_r(NULL, ":", &save))
        dirs[n++] = tok;
    char shipped[PATH_MAX];
    int status = ifs_datadir_path("relations", shipped, sizeof shipped, err);
    if (!status) {
        dirs[n++] = shipped;
        status = ifs_relation_library_load(dirs, n, out, err);
    }
    free(copy);
    return status;
}

size_t ifs_relation_library_count(const ifs_relation_library *lib) { return lib->n; }
const ifs_relation *ifs_relation_library_at(const ifs_relation_library *lib, size_t i) { return lib->rel[i]; }

const ifs_relation *ifs_relation_library_find(const ifs_relation_library *lib, const char *name,
                                              ifs_error *err)
{
    char known[1024] = "";
    for (size_t i = 0; i < lib->n; i++) {
        if (strcmp(lib->rel[i]->name, name) == 0)
            return lib->rel[i];
        if (i)
            strncat(known, ", ", sizeof known - strlen(known) - 1);
        strncat(known, lib->rel[i]->name, sizeof known - strlen(known) - 1);
    }
    ifs_error_set(err, IFS_ERR_INPUT, "unknown relation '%s' (known: %s)", name, known);
    return NULL;
}

/* --- accessors and evaluation -------------------------------------------------------------- */

const char *ifs_relation_name(const ifs_relation *rel) { return rel->name; }
ifs_relation_kind ifs_relation_kind_of(const ifs_relation *rel) { return rel->kind; }
const char *ifs_relation_reference(const ifs_relation *rel) { return rel->reference; }
const char *ifs_relation_description(const ifs_relation *rel) { return rel->description; }
const char *ifs_relation_equation(const ifs_relation *rel) { return rel->equation; }
const char *ifs_relation_calibration(const ifs_relation *rel) { return rel->calibration; }
const char *ifs_relation_validity_note(const ifs_relation *rel) { return rel->validity_note; }
const char *ifs_relation_file(const ifs_relation *rel) { return rel->file; }

int ifs_relation_uses(const ifs_relation *rel, ifs_relation_var v) { return rel->uses[v]; }

int ifs_relation_range(const ifs_relation *rel, ifs_relation_var v, double *lo, double *hi)
{
    if (!rel->has_range[v])
        return 0;
    *lo = rel->range_lo[v];
    *hi = rel->range_hi[v];
    return 1;
}

/* log10(1 + 10^u) without overflow for large u. */
static double log10_1p_exp10(double u)
{
    return u > 0 ? u + log1p(exp(-u * M_LN10)) / M_LN10 : log1p(exp(u * M_LN10)) / M_LN10;
}

void ifs_relation_eval_n(const ifs_relation *rel, size_t n, const double *logm, const double *logsfr,
                         double z, double age_gyr, double *out)
{
    if ((rel->uses[IFS_VAR_Z] && !isfinite(z)) || (rel->uses[IFS_VAR_AGE_GYR] && !isfinite(age_gyr))) {
        for (size_t i = 0; i < n; i++)
            out[i] = NAN;
        return;
    }
    if (rel->form == FORM_CURTI2020) {
        double g = rel->gamma / rel->beta;
        for (size_t i = 0; i < n; i++) {
            double s = rel->m1 != 0.0 ? rel->m1 * logsfr[i] : 0.0; /* an MZR never reads logsfr */
            /* (M/M0)^-beta = 10^(-beta (log M - log M0)), log M0 = m0 + m1 log SFR */
            out[i] = rel->z0 - g * log10_1p_exp10(-rel->beta * (logm[i] - rel->m0 - s));
        }
        return;
    }
    const double fixed[IFS_VAR_COUNT] = {0, 0, z, age_gyr};
    for (size_t i = 0; i < n; i++) {
        double x[MAX_POLY_VARS], y = 0.0;
        int bad = 0;
        for (size_t k = 0; k < rel->nvars; k++) {
            ifs_relation_var v = rel->var[k];
            double value = v == IFS_VAR_LOGM ? logm[i] : v == IFS_VAR_LOGSFR ? logsfr[i] : fixed[v];
            bad |= rel->uses[v] && !isfinite(value);
            x[k] = value - rel->offset[k];
        }
        for (size_t t = 0; t < rel->nterms; t++) {
            double term = rel->coef[t];
            for (size_t k = 0; k < rel->nvars; k++)
                for (int p = 0; p < rel->power[t][k]; p++)
                    term *= x[k];
            y += term;
        }
        out[i] = bad ? NAN : y;
    }
}

double ifs_relation_eval(const ifs_relation *rel, const double *vars)
{
    double out;
    ifs_relation_eval_n(rel, 1, &vars[IFS_VAR_LOGM], &vars[IFS_VAR_LOGSFR], vars[IFS_VAR_Z], vars[IFS_VAR_AGE_GYR],
                        &out);
    return out;
}

int ifs_relation_in_range(const ifs_relation *rel, const double *vars)
{
    for (int v = 0; v < IFS_VAR_COUNT; v++)
        if (rel->has_range[v] && !(vars[v] >= rel->range_lo[v] && vars[v] <= rel->range_hi[v]))
            return 0;
    return 1;
}
