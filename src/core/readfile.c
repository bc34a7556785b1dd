/* readfile.c: whole-file reads for the text inputs (tables, JSON data files). */
#include "ifscat/readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ifs_read_file(const char *path, char **text, size_t *len, ifs_error *err)
{
    *text = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ifs_error_set(err, IFS_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *bigger = realloc(buf, 2 * cap + 1);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf)
        return ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory reading the file", path);
    if (bad) {
        free(buf);
        return ifs_error_set(err, IFS_ERR_IO, "%s: read error", path);
    }
    buf[n] = '\0';
    *text = buf;
    if (len)
        *len = n;
    return IFS_OK;
}
