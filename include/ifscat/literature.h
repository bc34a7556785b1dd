/* ifscat/literature.h: importing a literature compilation (CSV, JSON, FITS table or VOTable, read
 * through a mapping file) into the catalog as one named source, and removing a source. */
#ifndef IFSCAT_LITERATURE_H
#define IFSCAT_LITERATURE_H

#include <libpq-fe.h>
#include <stddef.h>

#include "ifscat/error.h"

/* Default cross-match radius: the study's published positions are given to 1e-4 degree (0.36"),
 * so 1" absorbs their rounding while staying far below the separation of distinct galaxies. */
#define IFS_LITERATURE_MATCH_RADIUS_ARCSEC 1.0

typedef struct ifs_literature_options {
    const char *source;         /* source name: letters, digits, _ . + - */
    const char *map_path;       /* mapping file; NULL for the shipped default mapping */
    const char *reference;      /* reference for points whose row gives none; may be NULL */
    double match_radius_arcsec; /* positional cross-match radius, > 0 */
    int skip_bad;               /* skip rows that cannot be read instead of failing */
    /* Called once per skipped row with the reason (file, row, column); may be NULL. */
    void (*on_skip)(void *ctx, const char *message);
    void *ctx;
} ifs_literature_options;

typedef struct ifs_literature_result {
    size_t rows;      /* rows in the file */
    size_t imported;  /* points written */
    size_t skipped;   /* bad rows skipped (skip_bad) */
    int replaced;     /* 1 when a source of that name existed and was replaced */
    char format[16];  /* csv, json, fits, votable */
    char unused[1024]; /* columns of the file the mapping does not read, comma-separated */
} ifs_literature_result;

/* Reads path through the mapping and replaces the source's points in one transaction: on any
 * error nothing is written and the catalog is as before.  Fails with IFS_ERR_INPUT naming the file,
 * row and column of the first bad row (unless skip_bad), or when no row is left to import. */
int ifs_literature_import(PGconn *conn, const char *path, const ifs_literature_options *opt,
                          ifs_literature_result *res, ifs_error *err);

/* Deletes a source and its points; IFS_ERR_INPUT naming the known sources when it does not exist. */
int ifs_literature_delete(PGconn *conn, const char *source, ifs_error *err);

#endif
