/* error.c: filling and decorating the caller-owned error record. */
#include "ifscat/error.h"

#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ifs_error_set(ifs_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

int ifs_error_prefix(ifs_error *err, const char *fmt, ...)
{
    if (!err)
        return IFS_ERR_INPUT;
    char head[IFS_ERRMSG_MAX], old[IFS_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    snprintf(err->msg, sizeof err->msg, "%s: %s", head, old);
    return err->code;
}

void ifs_error_clear(ifs_error *err)
{
    if (err) {
        err->code = IFS_OK;
        err->msg[0] = '\0';
    }
}

void ifs_gsl_quiet(void)
{
    gsl_set_error_handler_off();
}
