/* lines.c: loading and validating the emission-line list (JSON). */
#include "ifscat/lines.h"

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

static const ifs_line_group *find_group(const ifs_linelist *list, int id)
{
    for (size_t i = 0; i < list->ngroups; i++)
        if (list->groups[i].id == id)
            return &list->groups[i];
    return NULL;
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
    for (i = 0; i < list->nlines; i++)
        if (list->lines[i].tied_to >= 0 && list->lines[list->lines[i].tied_to].tied_to >= 0)
            return ifs_error_set(err, IFS_ERR_INPUT, "%s: lines[%zu] (%s): tied to a line that is itself tied", path, i,
                                 list->lines[i].name);
    return IFS_OK;
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
    if (!(root = cJSON_Parse(text))) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "%s: not valid JSON", list->path);
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
