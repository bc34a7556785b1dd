/* ifscat/error.h: the error record that every library function fills when it fails. */
#ifndef IFSCAT_ERROR_H
#define IFSCAT_ERROR_H

#include <stddef.h>

/* Status codes returned by library functions (0 = success). */
enum {
    IFS_OK = 0,
    IFS_ERR_INPUT,   /* bad user input: file content, argument, value out of range */
    IFS_ERR_IO,      /* a file could not be opened, read or written */
    IFS_ERR_DB,      /* the database refused or could not be reached */
    IFS_ERR_NOMEM,   /* allocation failed */
    IFS_ERR_NUMERIC, /* a numerical routine did not converge or was given a degenerate case */
    IFS_ERR_STATE    /* the catalog is not in the state the operation needs (schema behind, missing rows) */
};

#define IFS_ERRMSG_MAX 1536

/* Caller-owned error record.  Library code never prints: it fills msg with one sentence that
 * names the file, HDU, keyword, line, column or SQL object that failed, and returns code. */
typedef struct ifs_error {
    int code;
    char msg[IFS_ERRMSG_MAX];
} ifs_error;

/* Sets err (if not NULL) and returns code, so that `return ifs_error_set(err, ...)` reads well. */
int ifs_error_set(ifs_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prepends "context: " to an existing message (e.g. the file name); returns err->code. */
int ifs_error_prefix(ifs_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Clears err to IFS_OK with an empty message. */
void ifs_error_clear(ifs_error *err);

/* Switches GSL's abort-on-error handler off; call once at start-up (GSL statuses are checked). */
void ifs_gsl_quiet(void);

#endif
