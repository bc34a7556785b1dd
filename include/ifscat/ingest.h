/* ifscat/ingest.h: putting a FITS cube or spectrum into the catalog as an observation with its
 * spaxel spectra, in one transaction, incrementally (unchanged content writes nothing; new
 * content for the same target and setup supersedes the current observation). */
#ifndef IFSCAT_INGEST_H
#define IFSCAT_INGEST_H

#include <libpq-fe.h>
#include <stddef.h>

#include "ifscat/cuberead.h"
#include "ifscat/digest.h"
#include "ifscat/error.h"

typedef struct ifs_ingest_options {
    const char *target;     /* name of an existing target (required) */
    const char *program;    /* programme identifier overriding the file's, or NULL */
    ifs_read_options read;  /* unit, medium and pixel-scale statements for incomplete headers */
} ifs_ingest_options;

typedef struct ifs_ingest_result {
    int unchanged;               /* 1: the file already is the target's current observation */
    int concurrent;              /* unchanged because a concurrent ingest committed it first */
    long long observation_id;    /* the new observation, or the existing one when unchanged */
    long long superseded_id;     /* the observation this one superseded, 0 if none */
    long nx, ny, nwave;
    long long n_masked;
    char sha256[IFS_SHA256_HEX];
    long long file_size;
    double seconds_hash, seconds_read, seconds_write; /* wall-clock split (bench) */
} ifs_ingest_result;

/* Ingests path for opt->target over conn (which must not be inside a transaction).  Hashes the
 * file first: content already current for the target returns with res->unchanged set and writes
 * nothing.  Otherwise reads the file (ifs_cube_read), then in one transaction, under an advisory
 * lock on the target: marks the current observation of the same setup (kind, instrument, grating,
 * filter) superseded, inserts the observation and COPYs its spaxels.  On any failure the
 * transaction is rolled back and the catalog is as before; err names the file (and HDU and
 * keyword) or the SQL object.  An unknown target is IFS_ERR_INPUT. */
int ifs_ingest_file(PGconn *conn, const char *path, const ifs_ingest_options *opt,
                    ifs_ingest_result *res, ifs_error *err);

/* Deletes observation id with everything that hangs on it (spaxels, and the fits and derived
 * products of later migrations, by ON DELETE CASCADE), in one statement.  A superseded
 * observation it replaced is not made current again.  what gets "TARGET, FILE, STATUS" of the
 * dropped row.  IFS_ERR_INPUT when there is no such observation. */
int ifs_observation_drop(PGconn *conn, long long id, char *what, size_t n, ifs_error *err);

#endif
