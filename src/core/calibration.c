/* calibration.c: loading strong-line calibrations (JSON) and evaluating their polynomials. */
#include "ifscat/calibration.h"
#include "ifscat/json.h"

#include "ifscat/datadir.h"
#include "ifscat/readfile.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_poly.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double ifs_diagnostic_eval(const ifs_diagnostic *d, double x_offset, double oh)
{
    double x = oh - x_offset, y = 0.0;
    for (int k = d->ncoef - 1; k >= 0; k--)
        y = y * x + d->coef[k];
    return y;
}

int ifs_diagnostic_turnover(const ifs_diagnostic *d, const ifs_calibration *cal, double *oh, int *is_max,
                            ifs_error *err)
{
    const double off = cal->x_offset, xmin = cal->oh_min - off, xmax = cal->oh_max - off;
    double dc[IFS_CAL_MAX_COEF];
    int deg = d->ncoef - 2; /* degree of the derivative */
    for (int k = 1; k < d->ncoef; k++)
        dc[k - 1] = k * d->coef[k];
    while (deg >= 0 && dc[deg] == 0.0)
        deg--;
    *oh = NAN;
    double best = INFINITY;
    if (deg == 1) {
        best = -dc[0] / dc[1];
    } else if (deg >= 2) {
        double z[2 * IFS_CAL_MAX_COEF];
        gsl_poly_complex_workspace *w = gsl_poly_complex_workspace_alloc((size_t)deg + 1);
        if (!w)
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        int status = gsl_poly_complex_solve(dc, (size_t)deg + 1, w, z);
        gsl_poly_complex_workspace_free(w);
        if (status != GSL_SUCCESS)
            return ifs_error_set(err, IFS_ERR_NUMERIC, "%s: the extrema of diagnostic %s could not be located (%s)",
                                 cal->path, d->name, gsl_strerror(status));
        for (int k = 0; k < deg; k++)
            if (fabs(z[2 * k + 1]) <= 1e-10 * (1.0 + fabs(z[2 * k])) && z[2 * k] > xmin && z[2 * k] < xmax &&
                z[2 * k] < best)
                best = z[2 * k];
    }
    if (best > xmin && best < xmax) {
        double curv = 0.0; /* second derivative there */
        for (int k = deg; k >= 1; k--)
            curv = curv * best + k * dc[k];
        *oh = best + off;
        if (is_max)
            *is_max = curv < 0;
    }
    return IFS_OK;
}

const ifs_diagnostic *ifs_calibration_find(const ifs_calibration *cal, const char *diagnostic)
{
    for (int i = 0; i < cal->ndiag; i++)
        if (strcmp(cal->diag[i].name, diagnostic) == 0)
            return &cal->diag[i];
    return NULL;
}

static int read_terms(const cJSON *array, char terms[][32], int *n, const char *path, const char *diag,
                      const char *key, ifs_error *err)
{
    *n = 0;
    const cJSON *t;
    if (!cJSON_IsArray(array) || cJSON_GetArraySize(array) < 1 || cJSON_GetArraySize(array) > IFS_CAL_MAX_TERMS)
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: diagnostics.%s.%s must list 1-%d line names", path, diag, key,
                             IFS_CAL_MAX_TERMS);
    cJSON_ArrayForEach(t, array) {
        if (!cJSON_IsString(t))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: diagnostics.%s.%s: line names must be strings", path, diag, key);
        snprintf(terms[(*n)++], 32, "%s", t->valuestring);
    }
    return IFS_OK;
}

static int parse(ifs_calibration *cal, const cJSON *root, ifs_error *err)
{
    const char *path = cal->path;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(root, "reference");
    const cJSON *off = cJSON_GetObjectItemCaseSensitive(root, "x_offset");
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(root, "valid_range");
    const cJSON *diags = cJSON_GetObjectItemCaseSensitive(root, "diagnostics");
    if (!cJSON_IsString(name) || !cJSON_IsString(ref))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: needs \"name\" and \"reference\" strings", path);
    if (!cJSON_IsNumber(off))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: \"x_offset\" must be a number", path);
    if (!cJSON_IsArray(range) || cJSON_GetArraySize(range) != 2 ||
        !cJSON_IsNumber(cJSON_GetArrayItem(range, 0)) || !cJSON_IsNumber(cJSON_GetArrayItem(range, 1)) ||
        !(cJSON_GetArrayItem(range, 0)->valuedouble < cJSON_GetArrayItem(range, 1)->valuedouble))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: \"valid_range\" must be [min, max] of 12+log(O/H) with min < max",
                             path);
    if (!cJSON_IsObject(diags) || !diags->child)
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: \"diagnostics\" must be a non-empty object", path);
    snprintf(cal->name, sizeof cal->name, "%s", name->valuestring);
    snprintf(cal->reference, sizeof cal->reference, "%s", ref->valuestring);
    cal->x_offset = off->valuedouble;
    cal->oh_min = cJSON_GetArrayItem(range, 0)->valuedouble;
    cal->oh_max = cJSON_GetArrayItem(range, 1)->valuedouble;
    const cJSON *d;
    cJSON_ArrayForEach(d, diags) {
        if (cal->ndiag == IFS_CAL_MAX_DIAG)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: more than %d diagnostics", path, IFS_CAL_MAX_DIAG);
        ifs_diagnostic *g = &cal->diag[cal->ndiag];
        snprintf(g->name, sizeof g->name, "%s", d->string);
        const cJSON *coef = cJSON_GetObjectItemCaseSensitive(d, "coefficients");
        const cJSON *sig = cJSON_GetObjectItemCaseSensitive(d, "sigma_int");
        const cJSON *src = cJSON_GetObjectItemCaseSensitive(d, "sigma_int_source");
        int status;
        if ((status = read_terms(cJSON_GetObjectItemCaseSensitive(d, "numerator"), g->numerator, &g->nnum, path,
                                 g->name, "numerator", err)) ||
            (status = read_terms(cJSON_GetObjectItemCaseSensitive(d, "denominator"), g->denominator, &g->nden, path,
                                 g->name, "denominator", err)))
            return status;
        if (!cJSON_IsArray(coef) || cJSON_GetArraySize(coef) < 1 || cJSON_GetArraySize(coef) > IFS_CAL_MAX_COEF)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: diagnostics.%s.coefficients must hold 1-%d numbers", path,
                                 g->name, IFS_CAL_MAX_COEF);
        const cJSON *c;
        cJSON_ArrayForEach(c, coef) {
            if (!cJSON_IsNumber(c))
                return ifs_error_set(err, IFS_ERR_INPUT, "%s: diagnostics.%s.coefficients must be numbers", path, g->name);
            g->coef[g->ncoef++] = c->valuedouble;
        }
        if (!cJSON_IsNumber(sig) || !(sig->valuedouble >= 0))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: diagnostics.%s.sigma_int must be a number >= 0 (dex)", path,
                                 g->name);
        if (!cJSON_IsString(src) || !*src->valuestring)
            return ifs_error_set(err, IFS_ERR_INPUT,
                                 "%s: diagnostics.%s.sigma_int_source must say where the intrinsic scatter comes from",
                                 path, g->name);
        g->sigma_int = sig->valuedouble;
        snprintf(g->sigma_int_source, sizeof g->sigma_int_source, "%s", src->valuestring);
        cal->ndiag++;
    }
    return IFS_OK;
}

int ifs_calibration_load(const char *name_or_path, ifs_calibration *out, ifs_error *err)
{
    memset(out, 0, sizeof *out);
    int status;
    if (strchr(name_or_path, '/') || strstr(name_or_path, ".json")) {
        snprintf(out->path, sizeof out->path, "%s", name_or_path);
    } else {
        char relative[128];
        snprintf(relative, sizeof relative, "calibrations/%s.json", name_or_path);
        if (ifs_datadir_path(relative, out->path, sizeof out->path, err))
            return ifs_error_set(err, IFS_ERR_INPUT,
                                 "unknown calibration '%s' (see 'ifscat calibration list', or give a JSON file path)",
                                 name_or_path);
    }
    char *text = NULL;
    if ((status = ifs_read_file(out->path, &text, NULL, err)))
        return status;
    ifs_sha256_buffer(text, strlen(text), out->sha256);
    cJSON *root = ifs_json_parse(text, out->path, err);
    free(text);
    if (!root)
        return err->code;
    status = parse(out, root, err);
    cJSON_Delete(root);
    return status;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void ifs_calibration_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

int ifs_calibration_names(char ***names, size_t *n, ifs_error *err)
{
    *names = NULL;
    *n = 0;
    char dir[4096];
    int status = ifs_datadir_path("calibrations", dir, sizeof dir, err);
    if (status)
        return status;
    DIR *d = opendir(dir);
    if (!d)
        return ifs_error_set(err, IFS_ERR_IO, "%s: cannot list the directory", dir);
    struct dirent *e;
    size_t cap = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            char **bigger = realloc(*names, cap * sizeof *bigger);
            if (!bigger) {
                status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
                break;
            }
            *names = bigger;
        }
        if (!((*names)[*n] = strndup(e->d_name, len - 5))) {
            status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
            break;
        }
        (*n)++;
    }
    closedir(d);
    if (status) {
        ifs_calibration_names_free(*names, *n);
        *names = NULL;
        *n = 0;
        return status;
    }
    qsort(*names, *n, sizeof **names, compare_names);
    return IFS_OK;
}
