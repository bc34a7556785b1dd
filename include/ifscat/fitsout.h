/* ifscat/fitsout.h: a FITS file assembled in memory -- an empty primary HDU, then image and
 * binary-table extensions, each with its keywords -- and written whole at the end, so that the
 * exports (`--format fits` tables, `ifscat export maps|spectra`) go through ifscat/outfile.h and
 * are complete or absent.  Header text must be printable ASCII (FITS 4.0, section 4.2.1):
 * anything else fails with IFS_ERR_INPUT naming the keyword. */
#ifndef IFSCAT_FITSOUT_H
#define IFSCAT_FITSOUT_H

#include <stddef.h>
#include <stdio.h>

#include "ifscat/error.h"
#include "ifscat/table.h"

typedef struct ifs_fitsout ifs_fitsout;

/* A file holding an empty primary HDU (NAXIS = 0, EXTEND = T) with CREATOR = 'ifscat VERSION'.
 * *out is NULL on failure; free with ifs_fitsout_free. */
int ifs_fitsout_create(ifs_fitsout **out, ifs_error *err);
void ifs_fitsout_free(ifs_fitsout *fo);

/* Keywords of the last HDU added (the primary one at first).  Text longer than a card holds is
 * continued with the CONTINUE convention; a non-finite real is written as no value (undefined). */
int ifs_fitsout_key_text(ifs_fitsout *fo, const char *key, const char *value, const char *comment, ifs_error *err);
int ifs_fitsout_key_int(ifs_fitsout *fo, const char *key, long long value, const char *comment, ifs_error *err);
int ifs_fitsout_key_real(ifs_fitsout *fo, const char *key, double value, const char *comment, ifs_error *err);

/* Appends header cards of 80 characters each, as a string of their concatenation (the form of
 * WCSLIB's wcshdo and of observation.wcs_header), to the last HDU.  IFS_ERR_INPUT when the length
 * is not a multiple of 80 or a card is not valid FITS. */
int ifs_fitsout_cards(ifs_fitsout *fo, const char *cards, ifs_error *err);

/* Appends an image extension EXTNAME = extname of nx x ny values, values[y * nx + x] at FITS pixel
 * (x + 1, y + 1), as 32-bit IEEE floats (BITPIX = -32; NaN where there is no value), with CREATOR,
 * and BUNIT when bunit is not empty. */
int ifs_fitsout_image(ifs_fitsout *fo, const char *extname, size_t nx, size_t ny, const double *values,
                      const char *bunit, ifs_error *err);

/* Appends a binary-table extension holding t, laid out as ifs_table_write's FITS format, named
 * extname (NULL: the table's title). */
int ifs_fitsout_table(ifs_fitsout *fo, const ifs_table *t, const char *extname, ifs_error *err);

/* Closes the file and writes its bytes to f (the caller checks f for write errors).  The file is
 * finished afterwards: only ifs_fitsout_free may follow. */
int ifs_fitsout_write(ifs_fitsout *fo, FILE *f, ifs_error *err);

#endif
