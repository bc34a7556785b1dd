/* datadir.c: locating shipped data files: $IFSCAT_DATA, the install prefix, the source tree. */
#include "ifscat/datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef IFS_SOURCE_DATADIR
#define IFS_SOURCE_DATADIR "data"
#endif

int ifs_datadir_path(const char *relative, char *buf, size_t bufsize, ifs_error *err)
{
    char dirs[3][PATH_MAX];
    int n = 0;
    const char *env = getenv("IFSCAT_DATA");
    if (env && *env)
        snprintf(dirs[n++], PATH_MAX, "%s", env);
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(dirs[n++], PATH_MAX, "%s/../share/ifscat", exe);
        }
    }
    snprintf(dirs[n++], PATH_MAX, "%s", IFS_SOURCE_DATADIR);
    for (int i = 0; i < n; i++) {
        snprintf(buf, bufsize, "%s/%s", dirs[i], relative);
        if (access(buf, R_OK) == 0)
            return IFS_OK;
    }
    return ifs_error_set(err, IFS_ERR_IO, "shipped data file '%s' not found (looked in%s%s, %s/../share/ifscat, %s)",
                         relative, env && *env ? " $IFSCAT_DATA=" : "", env && *env ? env : "",
                         "the executable's directory", IFS_SOURCE_DATADIR);
}
