/* ifscat/json.h: parsing the project's JSON data (line lists, calibrations, relations, literature
 * mappings, JSON tables) with cJSON, an error naming the file and the line where parsing stopped. */
#ifndef IFSCAT_JSON_H
#define IFSCAT_JSON_H

#include <cjson/cJSON.h>

#include "ifscat/error.h"

/* Parses text; on failure returns NULL with IFS_ERR_INPUT "WHERE: line N: not valid JSON".
 * Free the result with cJSON_Delete. */
cJSON *ifs_json_parse(const char *text, const char *where, ifs_error *err);

#endif
