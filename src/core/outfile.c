/* outfile.c: output files that appear complete or not at all (temporary name, then rename). */
#include "ifscat/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
    /* A device or pipe (-o /dev/null, -o /dev/stdout) is written in place: renaming over it would
     * replace the device with a regular file. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        free(o->tmp);
        o->tmp = NULL;
        if (!(o->f = fopen(path, "wb")))
            return ifs_error_set(err, IFS_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
        return IFS_OK;
    }
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
    if (!o->tmp) { /* stdout, or a device written in place */
        int bad = ferror(o->f) | fflush(o->f);
        if (o->path)
            bad |= fclose(o->f);
        const char *name = o->path ? o->path : "stdout";
        *o = (ifs_outfile){0};
        return bad ? ifs_error_set(err, IFS_ERR_IO, "%s: write failed: %s", name, strerror(errno)) : IFS_OK;
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
        if (o->path)
            fclose(o->f);
        else
            fflush(o->f);
        *o = (ifs_outfile){0};
        return;
    }
    fclose(o->f);
    unlink(o->tmp);
    free(o->tmp);
    *o = (ifs_outfile){0};
}

int ifs_outfile_check_regular(const char *path, ifs_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return ifs_error_set(err, IFS_ERR_IO, "%s: exists and is not a regular file; give a file path", path);
    return IFS_OK;
}
