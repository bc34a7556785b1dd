/* ifscat/importers.h: importing targets and their external properties from CSV or JSON files
 * into the catalog, all or nothing. */
#ifndef IFSCAT_IMPORTERS_H
#define IFSCAT_IMPORTERS_H

#include <libpq-fe.h>

#include "ifscat/error.h"

typedef struct ifs_import_counts {
    long read, inserted, updated, unchanged;
} ifs_import_counts;

/* Upserts targets by name from a CSV (header row, '#' comments) or JSON array file.
 * Columns: name, z (required); kind (galaxy | satellite | clump, default galaxy), host, ra_deg,
 * dec_deg, mu (default 1), mu_err, reference.  Distances and the lensing-corrected scale are
 * computed with the project cosmology.  The whole file is one transaction: any bad row (unknown
 * host, satellite without host, host that is not a galaxy, duplicate name, z outside (0, 30],
 * mu < 1, RA/Dec out of range, non-numeric value, unknown or missing column) fails the import with
 * an error naming the file, line (or JSON index) and column, and the catalog is unchanged. */
int ifs_target_import(PGconn *conn, const char *path, ifs_import_counts *counts, ifs_error *err);

/* Imports properties in long format: name, quantity, value (required), err_lo, err_hi, unit,
 * source (required), method.  A value that differs from the current one of the same target,
 * quantity and source supersedes it (the old row is kept, marked superseded); identical rows are
 * left alone.  Same all-or-nothing rules and error locations as ifs_target_import. */
int ifs_property_import(PGconn *conn, const char *path, ifs_import_counts *counts, ifs_error *err);

/* One property value for ifs_property_stage: the target by name, the quantity, the unit (NULL:
 * the quantity's own), source and method; errors NAN when not known. */
typedef struct ifs_property_value {
    const char *name, *quantity, *unit, *source, *method;
    double value, err_lo, err_hi;
} ifs_property_value;

/* Within the caller's transaction: puts n values into the temporary table property_in (dropped at
 * commit), where ifs_property_apply finds them. */
int ifs_property_stage(PGconn *conn, const ifs_property_value *values, size_t n, ifs_error *err);

/* Within the same transaction: every staged value that differs from the current one of the same
 * target, quantity and source (or has none) is inserted, and supersedes that one (superseded_at,
 * superseded_by), which is kept; identical values are left alone.  The staged targets and
 * quantities must exist.  *changed counts values inserted, *superseded those among them that
 * replaced a value (both may be NULL). */
int ifs_property_apply(PGconn *conn, long *changed, long *superseded, ifs_error *err);

#endif
