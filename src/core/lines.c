/* lines.c: loading and validating the emission-line list (JSON). */
#include "ifscat/lines.h"
#include "ifscat/json.h"

#include "ifscat/datadir.h"
#include "ifscat/readfile.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ifs_linelist_free(ifs_linelist *list)
{
    if (!list)
        return;
    free(list->lines);
    free(list->groups);
    free(list);
}

int ifs_linelist_find(const ifs_linelist *list, const char *name)
{
    for (size_t i = 0; i < list->nlines; i++)
        if (strcmp(list->lines[i].name, name) == 0)
            return (int)i;
    return -1;
}

int ifs_linelist_group_index(const ifs_linelist *list, int id)
{
    for (size_t i = 0; i < list->ngroups; i++)
        if (list->groups[i].id == id)
            return (int)i;
    return -1;
}

static const ifs_line_group *find_group(const ifs_linelist *list, int id)
{
    int g = ifs_linelist_group_index(list, id);
    return g < 0 ? NULL : &list->groups[g];
}

/* A JSON array of two increasing positive numbers into range[2]. */
static int parse_range(const cJSON *item, double range[2])
{
    if (!cJSON_IsArray(item) || cJSON_GetArraySize(item) != 2)
        return -1;
    const cJSON *lo = cJSON_GetArrayItem(item, 0), *hi = cJSON_GetArrayItem(item, 1);
    if (!cJSON_IsNumber(lo) || !cJSON_IsNumber(hi) || !(lo->valuedouble > 0) || !(hi->valuedouble > lo->valuedouble))
        return -1;
    range[0] = lo->valuedouble;
    range[1] = hi->valuedouble;
    return 0;
}

/* "continuum": {"order", "fits": [{"name", "groups", "windows_aa"}]}: every group in exactly one fit. */
static int parse_continuum(ifs_linelist *list, const cJSON *root, ifs_error *err)
{
    const char *path = list->path;
    const cJSON *cont = cJSON_GetObjectItemCaseSensitive(root, "continuum");
    const cJSON *order = cJSON_GetObjectItemCaseSensitive(cont, "order");
    const cJSON *fits = cJSON_GetObjectItemCaseSensitive(cont, "fits");
    if (!cJSON_IsObject(cont) || !cJSON_IsArray(fits) || !cJSON_GetArraySize(fits))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: needs \"continuum\" with a non-empty \"fits\" array", path);
    if (!cJSON_IsNumber(order) || order->valueint < 0 || order->valueint > IFS_LINES_MAX_ORDER ||
        order->valuedouble != order->valueint)
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: continuum: \"order\" must be an integer 0-%d", path,
                             IFS_LINES_MAX_ORDER);
    list->continuum_order = order->valueint;
    if (cJSON_GetArraySize(fits) > IFS_LINES_MAX_CONTINUA)
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: continuum: at most %d \"fits\"", path, IFS_LINES_MAX_CONTINUA);
    for (size_t g = 0; g < list->ngroups; g++)
        list->groups[g].continuum = -1;
    size_t i = 0;
    const cJSON *fit;
    cJSON_ArrayForEach(fit, fits) {
        ifs_continuum_spec *c = &list->continua[i];
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(fit, "name");
        const cJSON *groups = cJSON_GetObjectItemCaseSensitive(fit, "groups");
        const cJSON *windows = cJSON_GetObjectItemCaseSensitive(fit, "windows_aa");
        if (!cJSON_IsString(name) || !cJSON_IsArray(groups) || !cJSON_IsArray(windows) || !cJSON_GetArraySize(windows))
            return ifs_error_set(err, IFS_ERR_INPUT,
                                 "%s: continuum.fits[%zu]: needs \"name\", \"groups\" and a non-empty \"windows_aa\"", path, i);
        if (cJSON_GetArraySize(windows) > IFS_LINES_MAX_WINDOWS)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: continuum.fits[%zu]: at most %d windows", path, i,
                                 IFS_LINES_MAX_WINDOWS);
        snprintf(c->name, sizeof c->name, "%s", name->valuestring);
        const cJSON *item;
        cJSON_ArrayForEach(item, windows) {
            if (parse_range(item, c->window_aa[c->nwindows]) ||
                (c->nwindows && c->window_aa[c->nwindows][0] < c->window_aa[c->nwindows - 1][1]))
                return ifs_error_set(err, IFS_ERR_INPUT,
                                     "%s: continuum.fits[%zu].windows_aa[%zu]: must be [lo, hi] in Angstrom, increasing and not overlapping",
                                     path, i, c->nwindows);
            c->nwindows++;
        }
        cJSON_ArrayForEach(item, groups) {
            const ifs_line_group *gr = cJSON_IsNumber(item) ? find_group(list, item->valueint) : NULL;
            if (!gr)
                return ifs_error_set(err, IFS_ERR_INPUT, "%s: continuum.fits[%zu].groups: not a group id", path, i);
            if (gr->continuum >= 0)
                return ifs_error_set(err, IFS_ERR_INPUT, "%s: continuum.fits[%zu].groups: group %d is already served by fit '%s'",
                                     path, i, gr->id, list->continua[gr->continuum].name);
            list->groups[gr - list->groups].continuum = (int)i;
        }
        i++;
    }
    list->ncontinua = i;
    for (size_t g = 0; g < list->ngroups; g++)
        if (list->groups[g].continuum < 0)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: continuum.fits: no fit serves group %d", path, list->groups[g].id);
    return IFS_OK;
}

/* "continuum_map_aa": [lo, hi] and "extent_lines": [names]. */
static int parse_maps(ifs_linelist *list, const cJSON *root, ifs_error *err)
{
    if (parse_range(cJSON_GetObjectItemCaseSensitive(root, "continuum_map_aa"), list->continuum_map_aa))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: \"continuum_map_aa\" must be [lo, hi] in Angstrom", list->path);
    const cJSON *extent = cJSON_GetObjectItemCaseSensitive(root, "extent_lines");
    if (!cJSON_IsArray(extent) || !cJSON_GetArraySize(extent))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: \"extent_lines\" must be a non-empty array of line names", list->path);
    size_t i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, extent) {
        int l = cJSON_IsString(item) ? ifs_linelist_find(list, item->valuestring) : -1;
        if (l < 0)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: extent_lines[%zu]: not a line of \"lines\"", list->path, i);
        list->lines[l].extent = 1;
        i++;
    }
    return IFS_OK;
}

static int parse(ifs_linelist *list, const cJSON *root, ifs_error *err)
{
    const char *path = list->path;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(root, "groups");
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(root, "lines");
    if (!cJSON_IsString(name) || !cJSON_IsArray(groups) || !cJSON_IsArray(lines))
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: needs \"name\" (string), \"groups\" and \"lines\" (arrays)", path);
    snprintf(list->name, sizeof list->name, "%s", name->valuestring);
    list->ngroups = (size_t)cJSON_GetArraySize(groups);
    list->nlines = (size_t)cJSON_GetArraySize(lines);
    list->groups = calloc(list->ngroups ? list->ngroups : 1, sizeof *list->groups);
    list->lines = calloc(list->nlines ? list->nlines : 1, sizeof *list->lines);
    if (!list->groups || !list->lines)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (!list->nlines)
        return ifs_error_set(err, IFS_ERR_INPUT, "%s: \"lines\" is empty", path);

    size_t i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, groups) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
        const cJSON *gname = cJSON_GetObjectItemCaseSensitive(item, "name");
        if (!cJSON_IsNumber(id) || !cJSON_IsString(gname))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: groups[%zu]: needs \"id\" (number) and \"name\"", path, i);
        if (find_group(list, id->valueint))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: groups[%zu]: group id %d appears twice", path, i, id->valueint);
        list->groups[i].id = id->valueint;
        snprintf(list->groups[i].name, sizeof list->groups[i].name, "%s", gname->valuestring);
        i++;
    }
    i = 0;
    cJSON_ArrayForEach(item, lines) {
        ifs_line *l = &list->lines[i];
        const cJSON *lname = cJSON_GetObjectItemCaseSensitive(item, "name");
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(item, "label");
        const cJSON *rest = cJSON_GetObjectItemCaseSensitive(item, "rest_aa");
        const cJSON *group = cJSON_GetObjectItemCaseSensitive(item, "group");
        const cJSON *caseb = cJSON_GetObjectItemCaseSensitive(item, "case_b");
        if (!cJSON_IsString(lname) || !*lname->valuestring || strlen(lname->valuestring) >= sizeof l->name)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: lines[%zu]: \"name\" must be a string of 1-31 characters", path, i);
        if (!cJSON_IsNumber(rest) || !(rest->valuedouble > 0))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: lines[%zu] (%s): \"rest_aa\" must be a positive number (Angstrom)",
                                 path, i, lname->valuestring);
        if (!cJSON_IsNumber(group) || !find_group(list, group->valueint))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: lines[%zu] (%s): \"group\" must be the id of one of \"groups\"",
                                 path, i, lname->valuestring);
        if (caseb && !(cJSON_IsNumber(caseb) && caseb->valuedouble > 0))
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: lines[%zu] (%s): \"case_b\" must be a positive number",
                                 path, i, lname->valuestring);
        for (size_t k = 0; k < i; k++)
            if (strcmp(list->lines[k].name, lname->valuestring) == 0)
                return ifs_error_set(err, IFS_ERR_INPUT, "%s: lines[%zu]: line name '%s' appears twice", path, i,
                                     lname->valuestring);
        snprintf(l->name, sizeof l->name, "%s", lname->valuestring);
        snprintf(l->label, sizeof l->label, "%s", cJSON_IsString(label) ? label->valuestring : l->name);
        l->rest_aa = rest->valuedouble;
        l->group = group->valueint;
        l->case_b = caseb ? caseb->valuedouble : 0.0;
        l->tied_to = -1;
        i++;
    }
    /* Ties, once every name is known. */
    i = 0;
    cJSON_ArrayForEach(item, lines) {
        ifs_line *l = &list->lines[i];
        const cJSON *tied = cJSON_GetObjectItemCaseSensitive(item, "tied_to");
        const cJSON *ratio = cJSON_GetObjectItemCaseSensitive(item, "flux_ratio");
        if (tied) {
            int t = cJSON_IsString(tied) ? ifs_linelist_find(list, tied->valuestring) : -1;
            if (t < 0 || t == (int)i)
                return ifs_error_set(err, IFS_ERR_INPUT, "%s: lines[%zu] (%s): \"tied_to\" must name another line",
                                     path, i, l->name);
            if (list->lines[t].group != l->group)
                return ifs_error_set(err, IFS_ERR_INPUT, "%s: lines[%zu] (%s): tied to %s of another group", path, i,
                                     l->name, list->lines[t].name);
            if (!cJSON_IsNumber(ratio) || !(ratio->valuedouble > 0))
                return ifs_error_set(err, IFS_ERR_INPUT, "%s: lines[%zu] (%s): a tied line needs a positive \"flux_ratio\"",
                                     path, i, l->name);
            l->tied_to = t;
            l->flux_ratio = ratio->valuedouble;
        }
        i++;
    }
    for (size_t g = 0; g < list->ngroups; g++) {
        size_t n = 0;
        for (i = 0; i < list->nlines; i++)
            n += list->lines[i].group == list->groups[g].id;
        if (n > IFS_LINES_MAX_PER_GROUP)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: group %d has %zu lines, at most %d are fitted together", path,
                                 list->groups[g].id, n, IFS_LINES_MAX_PER_GROUP);
    }
    for (i = 0; i < list->nlines; i++)
        if (list->lines[i].tied_to >= 0 && list->lines[list->lines[i].tied_to].tied_to >= 0)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: lines[%zu] (%s): tied to a line that is itself tied", path, i,
                                 list->lines[i].name);
    int status = parse_continuum(list, root, err);
    return status ? status : parse_maps(list, root, err);
}

int ifs_linelist_load(const char *path, ifs_linelist **out, ifs_error *err)
{
    *out = NULL;
    ifs_linelist *list = calloc(1, sizeof *list);
    if (!list)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    char *text = NULL;
    cJSON *root = NULL;
    int status;
    if (path)
        snprintf(list->path, sizeof list->path, "%s", path);
    else if ((status = ifs_datadir_path("lines.json", list->path, sizeof list->path, err)))
        goto exit;
    if ((status = ifs_read_file(list->path, &text, NULL, err)))
        goto exit;
    ifs_sha256_buffer(text, strlen(text), list->sha256);
    if (!(root = ifs_json_parse(text, list->path, err))) {
        status = err->code;
        goto exit;
    }
    status = parse(list, root, err);
exit:
    cJSON_Delete(root);
    free(text);
    if (status)
        ifs_linelist_free(list);
    else
        *out = list;
    return status;
}
