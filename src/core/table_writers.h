/* table_writers.h (private to src/core): the table writers that live in their own files (the
 * choice between formats and the output file handling are in table.c), and what the FITS table
 * writer shares with the FITS file builder (fitsout.c). */
#ifndef IFSCAT_TABLE_WRITERS_H
#define IFSCAT_TABLE_WRITERS_H

#include <fitsio.h>
#include <stdio.h>

#include "ifscat/table.h"

/* FITS binary table (see ifs_table_write).  Fails with IFS_ERR_INPUT for non-ASCII header text,
 * IFS_ERR_NOMEM or IFS_ERR_IO with cfitsio's message. */
int ifs_table_write_fits(const ifs_table *t, FILE *f, ifs_error *err);

/* Appends t as a BINTABLE named extname to fp (see ifs_table_write); the same failures. */
int ifs_table_fits_hdu(fitsfile *fp, const ifs_table *t, const char *extname, ifs_error *err);

/* 1 when s (NULL counts as empty) holds only printable ASCII, which FITS header values may hold
 * (FITS 4.0 standard, section 4.2.1). */
int fitsout_ascii(const char *s);
/* err from a cfitsio status: IFS_ERR_NOMEM for an allocation failure, else IFS_ERR_IO, naming what
 * was being done and cfitsio's message; returns the code. */
int fitsout_status_error(int status, const char *what, ifs_error *err);

/* VOTable 1.4 with TABLEDATA (see ifs_table_write) in three parts, so that rows can be written as
 * they are made: the header with the FIELDs, the rows t holds, the closing tags.  Write errors
 * show in ferror(f). */
void ifs_table_votable_header(const ifs_table *t, FILE *f);
void ifs_table_votable_rows(const ifs_table *t, FILE *f);
void ifs_table_votable_footer(FILE *f);

#endif
