/* json.c: cJSON parsing with the line of the error in the message. */
#include "ifscat/json.h"

cJSON *ifs_json_parse(const char *text, const char *where, ifs_error *err)
{
    cJSON *root = cJSON_Parse(text);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        long line = 1;
        for (const char *p = text; at && p < at; p++)
            line += *p == '\n';
        ifs_error_set(err, IFS_ERR_INPUT, "%s: line %ld: not valid JSON", where, line);
    }
    return root;
}
