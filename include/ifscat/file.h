/* ifscat/file.h: reading a whole file into memory (tables, mapping files, relation files). */
#ifndef IFSCAT_FILE_H
#define IFSCAT_FILE_H

#include <stddef.h>

#include "ifscat/error.h"

/* Reads path into a NUL-terminated malloc'ed buffer *text of *len bytes (the terminator not
 * counted; len may be NULL).  Fails with IFS_ERR_IO naming the file, or IFS_ERR_NOMEM; *text is
 * NULL on failure.  The caller frees *text. */
int ifs_file_read(const char *path, char **text, size_t *len, ifs_error *err);

#endif
