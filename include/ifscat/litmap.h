/* ifscat/litmap.h: literature mapping files, which say which columns of a user's table hold a
 * point's name, reference, position, redshift, stellar mass, SFR, metallicity and gradient, with
 * their errors (symmetric, asymmetric or a variance), upper/lower-limit flags and units; and the
 * conversion of one table row into a literature point in ifscat's units.
 * data/literature/README.md describes the format. */
#ifndef IFSCAT_LITMAP_H
#define IFSCAT_LITMAP_H

#include <stddef.h>

#include "ifscat/error.h"
#include "ifscat/measure.h"
#include "ifscat/records.h"

/* Solar oxygen abundance 12+log(O/H) used to convert Z/Zsun (science.md section 1). */
#define IFS_SOLAR_OH 8.69

/* One literature point in ifscat's units: degrees, log Msun, log Msun/yr, 12+log(O/H), dex/kpc. */
typedef struct ifs_litpoint {
    const char *name;      /* borrowed from the records; NULL when absent */
    const char *reference; /* borrowed from the records; NULL when absent */
    double ra_deg, dec_deg; /* NAN when absent (both or neither) */
    ifs_litvalue z, logm, logsfr, oh, gradient;
} ifs_litpoint;

typedef struct ifs_litmap ifs_litmap;

/* Parses a mapping; where names it in errors, which name the offending key, quantity or unit.
 * *out is NULL on failure; free with ifs_litmap_free. */
int ifs_litmap_parse(const char *json, const char *where, ifs_litmap **out, ifs_error *err);
/* Reads the mapping file at path, or the shipped default (data/literature/default.json: columns
 * named as ifscat names its quantities) when path is NULL. */
int ifs_litmap_load(const char *path, ifs_litmap **out, ifs_error *err);
void ifs_litmap_free(ifs_litmap *m);

/* The mapping as compact JSON (stored with the source it imported). */
const char *ifs_litmap_json(const ifs_litmap *m);

/* Binds the mapping to the columns of r.  A column the mapping names but r lacks is an error
 * naming the mapping, the quantity, the column and the table (in the default mapping, whose
 * columns are all optional, it just leaves that quantity out).  The mapping must give z and at
 * least one of logm, logsfr, oh, gradient. */
int ifs_litmap_bind(ifs_litmap *m, const ifs_records *r, ifs_error *err);

/* Writes into buf the comma-separated columns of the bound table that the mapping does not read
 * ("" when it reads them all). */
void ifs_litmap_unused(const ifs_litmap *m, const ifs_records *r, char *buf, size_t bufsize);

/* Converts row of the bound table.  Fails with IFS_ERR_INPUT, naming the file, the row and the
 * column, for: a cell that is not a number or not a boolean flag, a missing redshift, a row without
 * any of mass, SFR, metallicity and gradient, a negative error or redshift, a linear value that is
 * not positive or a lower error not below it (no logarithm), coordinates out of range or only one
 * of RA and Dec. */
int ifs_litmap_row(const ifs_litmap *m, const ifs_records *r, size_t row, ifs_litpoint *out,
                   ifs_error *err);

#endif
