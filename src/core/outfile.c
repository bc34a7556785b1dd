/* outfile.c: output files that appear complete or not at all (temporary name, then rename). */
#include "ifscat/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ifs_outfile_open(ifs_outfile *o, const char *path, ifs_error *err)
{
    *o = (ifs_outfile){.f = stdout};
    if (!path || strcmp(path, "-") == 0)
        return IFS_OK;
    /* Same directory as the target, so that rename() is atomic and never crosses file systems. */
    if (asprintf(&o->tmp, "%s.tmp%ld", path, (long)getpid()) < 0) {
        o->tmp = NULL;
        return ifs_error_set(err, IFS_ERR_NOMEM, "%s: out of memory", path);
    }
    o->path = path;
    if (!(o->f = fopen(o->tmp, "wb"))) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        return ifs_error_set(err, IFS_ERR_IO, "%s: cannot write: %s", path, strerror(e));
    }
    return IFS_OK;
}

int ifs_outfile_commit(ifs_outfile *o, ifs_error *err)
{
    if (!o->tmp) {
        int bad = ferror(o->f) | fflush(o->f);
        return bad ? ifs_error_set(err, IFS_ERR_IO, "stdout: write failed: %s", strerror(errno)) : IFS_OK;
    }
    const char *path = o->path;
    int bad = ferror(o->f);
    bad |= fclose(o->f);
    int e = errno;
    if (!bad && rename(o->tmp, o->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad)
        unlink(o->tmp);
    free(o->tmp);
    *o = (ifs_outfile){0};
    return bad ? ifs_error_set(err, IFS_ERR_IO, "%s: cannot write: %s", path, strerror(e)) : IFS_OK;
}

void ifs_outfile_abort(ifs_outfile *o)
{
    if (!o->tmp) {
        fflush(o->f);
        return;
    }
    fclose(o->f);
    unlink(o->tmp);
    free(o->tmp);
    *o = (ifs_outfile){0};
}
