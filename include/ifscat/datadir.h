/* ifscat/datadir.h: finding the data the project ships (line list, calibrations, relations,
 * resolution curves, demo sample) whether run from the source tree or installed. */
#ifndef IFSCAT_DATADIR_H
#define IFSCAT_DATADIR_H

#include <stddef.h>

#include "ifscat/error.h"

/* Writes the full path of a shipped data file (relative name such as "lines.json") into buf.
 * Looks in $IFSCAT_DATA, then <executable dir>/../share/ifscat (make install), then the source
 * tree's data/ directory.  Fails with IFS_ERR_IO naming every place tried. */
int ifs_datadir_path(const char *relative, char *buf, size_t bufsize, ifs_error *err);

#endif
