/* ifscat/outfile.h: an output file written under a temporary name next to its final path and
 * renamed into place only when everything was written, so that a failure never leaves a partial
 * file behind.  Tables, figures and FITS exports all write through it. */
#ifndef IFSCAT_OUTFILE_H
#define IFSCAT_OUTFILE_H

#include <stdio.h>

#include "ifscat/error.h"

typedef struct ifs_outfile {
    FILE *f;          /* where to write */
    const char *path; /* final path (borrowed), or NULL for stdout */
    char *tmp;        /* temporary path (owned), NULL for stdout or a device written in place */
} ifs_outfile;

/* Opens path for writing (NULL or "-" = stdout; an existing device or pipe such as /dev/null is
 * written in place, never replaced).  Fails with IFS_ERR_IO naming the path when the
 * temporary file cannot be created; o is then unusable and needs no abort. */
int ifs_outfile_open(ifs_outfile *o, const char *path, ifs_error *err);

/* Flushes and closes the file and renames it to its final path.  On a write, close or rename
 * error the temporary file is removed and IFS_ERR_IO names the path.  Always releases o. */
int ifs_outfile_commit(ifs_outfile *o, ifs_error *err);

/* For writers that need a file name (cfitsio) and rename a temporary file into place themselves:
 * fails with IFS_ERR_IO when path exists and is not a regular file (a device, a directory), which
 * the rename would replace. */
int ifs_outfile_check_regular(const char *path, ifs_error *err);

/* Closes and removes the temporary file (stdout is only flushed); releases o. */
void ifs_outfile_abort(ifs_outfile *o);

#endif
