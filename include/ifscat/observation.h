/* ifscat/observation.h: reading an ingested observation back from the catalog into an ifs_cube:
 * what the fitting works on (the database is the source of truth, not the FITS file). */
#ifndef IFSCAT_OBSERVATION_H
#define IFSCAT_OBSERVATION_H

#include <libpq-fe.h>

#include "ifscat/cube.h"
#include "ifscat/error.h"

/* A rectangle of spaxels, 0-based and inclusive. */
typedef struct ifs_rect {
    int x0, y0, x1, y1;
} ifs_rect;

/* Loads observation id: wavelengths, setup, pixel scale, WCS cards, unit conversion, and the
 * spectra of every spaxel (rect NULL) or of those in rect, which must lie inside the observation;
 * spaxel (x, y) of the observation is then (x - x0, y - y0) of the cube.  The spectra travel in
 * PostgreSQL's binary format (no text round trip of the floats).  IFS_ERR_INPUT for an unknown id
 * or a rectangle outside the cube.  *out is NULL on failure; free with ifs_cube_free. */
int ifs_observation_load(PGconn *conn, long long id, const ifs_rect *rect, ifs_cube **out,
                         ifs_error *err);

/* The current observation of target of kind "cube" or "spectrum" (NULL: any kind).  Fails with
 * IFS_ERR_INPUT naming the target when there is none, or more than one (several setups: then the
 * caller has to choose by id). */
int ifs_observation_current(PGconn *conn, const char *target, const char *kind, long long *id,
                            ifs_error *err);

/* The observation a command works on for target: given (> 0), which must exist and belong to the
 * target, else the target's current one (ifs_observation_current, any kind).  Fails with
 * IFS_ERR_INPUT naming the observation and the targets. */
int ifs_observation_choose(PGconn *conn, const char *target, long long given, long long *id, ifs_error *err);

#endif
