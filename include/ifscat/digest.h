/* ifscat/digest.h: SHA-256 content hashes (OpenSSL libcrypto), the provenance key of files,
 * settings and calibrations: same hash, same input, nothing to recompute. */
#ifndef IFSCAT_DIGEST_H
#define IFSCAT_DIGEST_H

#include <stddef.h>

#include "ifscat/error.h"

#define IFS_SHA256_HEX 65 /* 64 hex digits and the terminating NUL */

/* Hash of a memory buffer, as lower-case hex. */
void ifs_sha256_buffer(const void *data, size_t n, char hex[IFS_SHA256_HEX]);

/* Hash of a file's content, read in blocks; *size (may be NULL) gets the byte count.
 * Fails with IFS_ERR_IO naming the file. */
int ifs_sha256_file(const char *path, char hex[IFS_SHA256_HEX], long long *size, ifs_error *err);

#endif
