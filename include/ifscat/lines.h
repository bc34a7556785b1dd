/* ifscat/lines.h: the emission-line list as data (data/lines.json or a user's file): rest
 * wavelengths, fit groups, fixed flux ratios, Case B Balmer ratios, the line-free continuum windows
 * of each group, the stellar-continuum window and the lines that trace the extent of the emission.
 * Adding a line, a group or a window needs no recompiling. */
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
    int extent;        /* 1 when listed in "extent_lines" */
} ifs_line;

typedef struct ifs_line_group {
    int id;
    char name[32];
    int continuum;     /* index in ifs_linelist.continua of the continuum fit serving this group */
} ifs_line_group;

/* Limits of the fixed-size arrays below; a file beyond them is refused with the key named. */
#define IFS_LINES_MAX_CONTINUA 8
#define IFS_LINES_MAX_WINDOWS 16
#define IFS_LINES_MAX_ORDER 4
#define IFS_LINES_MAX_PER_GROUP 16

/* One continuum fit: a polynomial over rest-frame windows, serving the groups whose
 * ifs_line_group.continuum is its index. */
typedef struct ifs_continuum_spec {
    char name[32];
    size_t nwindows;
    double window_aa[IFS_LINES_MAX_WINDOWS][2]; /* rest-frame vacuum Angstrom, lo < hi */
} ifs_continuum_spec;

typedef struct ifs_linelist {
    char name[64];
    char path[4096];
    char sha256[IFS_SHA256_HEX]; /* of the file: part of a fit's settings hash */
    size_t nlines, ngroups;
    ifs_line *lines;
    ifs_line_group *groups;
    int continuum_order;                  /* polynomial order of every continuum fit */
    size_t ncontinua;
    ifs_continuum_spec continua[IFS_LINES_MAX_CONTINUA];
    double continuum_map_aa[2];           /* rest-frame range of the stellar-continuum map */
} ifs_linelist;

/* Loads and validates a line list (path, or NULL for the shipped data/lines.json).  Checks unique
 * names, known groups, positive wavelengths, ties to an untied line of the same group with a
 * positive ratio, a "continuum" object whose fits cover every group exactly once with ordered
 * windows, a "continuum_map_aa" range and "extent_lines" naming lines of the list.  Errors name the
 * file and the JSON index and key.
 * *out is NULL on failure; free with ifs_linelist_free. */
int ifs_linelist_load(const char *path, ifs_linelist **out, ifs_error *err);
void ifs_linelist_free(ifs_linelist *list);

/* Index of a line by name, or -1. */
int ifs_linelist_find(const ifs_linelist *list, const char *name);

/* Index in list->groups of the group with this id, or -1. */
int ifs_linelist_group_index(const ifs_linelist *list, int id);

#endif
