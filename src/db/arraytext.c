/* arraytext.c: PostgreSQL's text form of one-dimensional arrays and bit strings into C arrays. */
#include "ifscat/db.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int ifs_db_parse_doubles(const char *s, size_t n, double *out)
{
    if (*s++ != '{')
        return -1;
    if (n == 0)
        return strcmp(s, "}") == 0 ? 0 : -1;
    for (size_t i = 0; i < n; i++) {
        char *end;
        if (!strncmp(s, "NULL", 4)) {
            out[i] = NAN;
            end = (char *)s + 4;
        } else {
            out[i] = strtod(s, &end); /* also "NaN", "Infinity", "-Infinity" */
            if (end == s)
                return -1;
        }
        if (*end != (i + 1 < n ? ',' : '}'))
            return -1;
        s = end + 1;
    }
    return *s == '\0' ? 0 : -1;
}

int ifs_db_parse_bits(const char *s, size_t n, unsigned char *out)
{
    if (strlen(s) != n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '0' && s[i] != '1')
            return -1;
        out[i] = (unsigned char)(s[i] == '1');
    }
    return 0;
}
