/* ifscat/sample.h: what the analysis commands read from the catalog: the own sample (one row per
 * galaxy or satellite with its best, or its imported, stellar mass, SFR, metallicity and gradient,
 * with redshift and age of the universe), streamed in batches,
 * and the points of literature sources in a redshift range. */
#ifndef IFSCAT_SAMPLE_H
#define IFSCAT_SAMPLE_H

#include <libpq-fe.h>
#include <stddef.h>

#include "ifscat/error.h"
#include "ifscat/measure.h"

typedef enum { IFS_SAMPLE_MAIN, IFS_SAMPLE_SATELLITES, IFS_SAMPLE_ALL } ifs_sample_kind;

/* Which values of each target: the best (view best_property: ifscat's derived value where it derived
 * one, else the most recent imported) or the imported ones only (view imported_property: published
 * or ingested, what ifscat did not derive; e.g. to reproduce the published analysis on a catalog
 * that has been processed). */
typedef enum { IFS_VALUES_BEST, IFS_VALUES_IMPORTED } ifs_values;

const char *ifs_values_name(ifs_values values); /* "best", "imported" */

/* "main" (galaxies), "satellites" or "all"; IFS_ERR_INPUT naming the accepted values. */
int ifs_sample_kind_parse(const char *text, ifs_sample_kind *out, ifs_error *err);
const char *ifs_sample_kind_name(ifs_sample_kind kind);

typedef struct ifs_galaxy {
    long long target_id;
    const char *name, *kind; /* valid during the callback only */
    double z, age_gyr;
    ifs_measure logm, logsfr, oh, gradient; /* NAN where the catalog has no value or error */
} ifs_galaxy;

/* Receives n galaxies; a non-zero return (with err set) stops the stream and is returned. */
typedef int (*ifs_galaxy_batch_fn)(const ifs_galaxy *g, size_t n, void *ctx, ifs_error *err);

/* Streams the sample in catalog order (target_id: a streaming plan, no sort) in batches of at most batch rows (read-only transaction,
 * COPY TO STDOUT read by a second thread while fn works on the previous batch), so memory stays
 * bounded whatever the catalog's size.  fn is called from the calling thread. */
int ifs_sample_stream(PGconn *conn, ifs_sample_kind kind, ifs_values values, size_t batch, ifs_galaxy_batch_fn fn,
                      void *ctx, ifs_error *err);

/* A literature selection "SOURCE" or "SOURCE:ZMIN-ZMAX" (redshift range inclusive; default all). */
typedef struct ifs_litsel {
    char source[128];
    double zmin, zmax;
} ifs_litsel;

/* Parses spec; IFS_ERR_INPUT naming the expected form. */
int ifs_litsel_parse(const char *spec, ifs_litsel *out, ifs_error *err);

/* Points of literature sources, one entry per point. */
typedef struct ifs_litset {
    size_t n;
    long long *point_id;
    int *matched;        /* 1 when the point is a catalog target (view target_literature) */
    const char **source; /* point i's source name (owned by the set) */
    double *z;
    ifs_litvalue *logm, *logsfr, *oh, *gradient;
    void *priv;
} ifs_litset;

/* IFS_ERR_INPUT "unknown literature source 'NAME' (known: ...)" unless the source exists. */
int ifs_litsource_check(PGconn *conn, const char *source, ifs_error *err);

/* Reads the points of every selection (each source must exist: IFS_ERR_INPUT naming the known
 * sources otherwise).  *out is NULL on failure; free with ifs_litset_free. */
int ifs_litset_read(PGconn *conn, const ifs_litsel *sel, size_t nsel, ifs_litset **out, ifs_error *err);
void ifs_litset_free(ifs_litset *set);

#endif
