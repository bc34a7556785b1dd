/* ifscat/readfile.h: reading a whole file into memory (tables, JSON data files). */
#ifndef IFSCAT_READFILE_H
#define IFSCAT_READFILE_H

#include <stddef.h>

#include "ifscat/error.h"

/* Reads the file into a malloc'ed, NUL-terminated buffer (*len excludes the NUL; may be NULL).
 * Fails with IFS_ERR_IO naming the file.  The caller frees *text. */
int ifs_read_file(const char *path, char **text, size_t *len, ifs_error *err);

#endif
