/* table_writers.h (private to src/core): the table writers that live in their own files; the
 * choice between formats and the output file handling are in table.c. */
#ifndef IFSCAT_TABLE_WRITERS_H
#define IFSCAT_TABLE_WRITERS_H

#include <stdio.h>

#include "ifscat/table.h"

/* FITS binary table (see ifs_table_write).  Fails with IFS_ERR_INPUT for non-ASCII header text,
 * IFS_ERR_NOMEM or IFS_ERR_IO with cfitsio's message. */
int ifs_table_write_fits(const ifs_table *t, FILE *f, ifs_error *err);

/* VOTable 1.4 with TABLEDATA (see ifs_table_write); write errors show in ferror(f). */
void ifs_table_write_votable(const ifs_table *t, FILE *f);

#endif
