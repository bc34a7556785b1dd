/* digest.c: SHA-256 of buffers and files through OpenSSL's EVP interface. */
#include "ifscat/digest.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static void to_hex(const unsigned char *md, unsigned n, char hex[IFS_SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < n; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * n] = '\0';
}

void ifs_sha256_buffer(const void *data, size_t n, char hex[IFS_SHA256_HEX])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_Digest(data, n, md, &len, EVP_sha256(), NULL);
    to_hex(md, len, hex);
}

int ifs_sha256_file(const char *path, char hex[IFS_SHA256_HEX], long long *size, ifs_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ifs_error_set(err, IFS_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int status = IFS_OK;
    if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "%s: cannot start a SHA-256 digest", path);
        goto exit;
    }
    static unsigned char block[1 << 16];
    long long total = 0;
    size_t got;
    while ((got = fread(block, 1, sizeof block, f)) > 0) {
        EVP_DigestUpdate(ctx, block, got);
        total += (long long)got;
    }
    if (ferror(f)) {
        status = ifs_error_set(err, IFS_ERR_IO, "%s: read error", path);
        goto exit;
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    to_hex(md, len, hex);
    if (size)
        *size = total;
exit:
    EVP_MD_CTX_free(ctx);
    fclose(f);
    return status;
}
