/* ifscat/lines.h: the emission-line list as data (data/lines.json or a user's file): rest
 * wavelengths, fit groups, fixed flux ratios and Case B Balmer ratios.  Adding a line needs no
 * recompiling. */
#ifndef IFSCAT_LINES_H
#define IFSCAT_LINES_H

#include <stddef.h>

#include "ifscat/digest.h"
#include "ifscat/error.h"

typedef struct ifs_line {
    char name[32];     /* identifier used in the catalog, e.g. "OIII5008" */
    char label[48];    /* for tables and figures, e.g. "[OIII] 5008" */
    double rest_aa;    /* vacuum rest wavelength, Angstrom */
    int group;         /* fit group id */
    int tied_to;       /* index of the line whose flux fixes this one, or -1 */
    double flux_ratio; /* flux = flux_ratio * flux(tied_to) when tied */
    double case_b;     /* Case B flux ratio to H-beta for Balmer lines, 0 otherwise */
} ifs_line;

typedef struct ifs_line_group {
    int id;
    char name[32];
} ifs_line_group;

typedef struct ifs_linelist {
    char name[64];
    char path[4096];
    char sha256[IFS_SHA256_HEX]; /* of the file: part of a fit's settings hash */
    size_t nlines, ngroups;
    ifs_line *lines;
    ifs_line_group *groups;
} ifs_linelist;

/* Loads and validates a line list (path, or NULL for the shipped data/lines.json).  Checks unique
 * names, known groups, positive wavelengths, ties to an untied line of the same group with a
 * positive ratio.  Errors name the file and the line's JSON index and key.
 * *out is NULL on failure; free with ifs_linelist_free. */
int ifs_linelist_load(const char *path, ifs_linelist **out, ifs_error *err);
void ifs_linelist_free(ifs_linelist *list);

/* Index of a line by name, or -1. */
int ifs_linelist_find(const ifs_linelist *list, const char *name);

#endif
