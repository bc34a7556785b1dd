/* ifscat/processing.h: bringing targets up to date, like make: every current observation fitted
 * (ifs_fitting_run, which does nothing when the fit is current) and derived (ifs_deriving_run,
 * likewise), each step in its own transaction. */
#ifndef IFSCAT_PROCESSING_H
#define IFSCAT_PROCESSING_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "ifscat/deriving.h"
#include "ifscat/error.h"
#include "ifscat/fitting.h"

/* What happened to one step of one observation. */
typedef enum {
    IFS_STEP_UNCHANGED, /* already up to date: nothing written */
    IFS_STEP_DONE,      /* missing or stale: done and written */
    IFS_STEP_KEPT,      /* fit with a user's line list ifscat cannot re-read: left as it is */
    IFS_STEP_FAILED,    /* failed (err says why); the catalog keeps what it had */
    IFS_STEP_SKIPPED    /* not attempted: the fit before it failed */
} ifs_step_state;

typedef struct ifs_processing_step {
    const char *target;
    long long observation_id;
    ifs_step_state fit_state, derive_state;
    ifs_fitting_report fit;
    ifs_deriving_report derive;
    ifs_error err;           /* of the failed step */
} ifs_processing_step;

typedef struct ifs_processing_options {
    const char *const *targets; /* names; ntargets = 0: every target with a current observation */
    size_t ntargets;
    const char *calibration;    /* NULL: each observation's derive keeps its calibration (default for a new one) */
    int seed_given;             /* 0: each derive keeps its seed (seed for a new one) */
    uint64_t seed;
    int nthreads;
    void (*step)(const ifs_processing_step *s, void *ctx); /* after each observation; may be NULL */
    void *ctx;
} ifs_processing_options;

typedef struct ifs_processing_summary {
    size_t ntargets, nobservations;
    size_t nfits, nderives;      /* done (missing or stale) */
    size_t nkept, nfailed;
    double seconds;
} ifs_processing_summary;

/* Brings opt->targets (or all) up to date over conn (not inside a transaction).  A fit is redone
 * with the settings it was made with (regions, aperture radius, annuli, background, as recorded in
 * fit_run.settings) and the shipped line list when its hash changed (software version, line list
 * file, target redshift or scale); an observation without fit gets the defaults.  A derive is
 * redone when its settings and inputs changed (derivesettings.h: calibration file, seed, fit, SED
 * mass, satellite positions, target z and mu) or its fit was redone.  A failed step is reported
 * and counted, and the others go on.  Fails (before any work) with IFS_ERR_INPUT for an unknown
 * target or one without current observation, and for a bad calibration. */
int ifs_processing_run(PGconn *conn, const ifs_processing_options *opt, ifs_processing_summary *sum, ifs_error *err);

#endif
