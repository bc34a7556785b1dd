/* ifscat/relfit.h: the scaling-relation fits of science.md section 7 (ingest/relation_fit.c):
 * star-forming main sequence (log SFR vs log M*), mass-metallicity relation (12+log(O/H) vs
 * log M*) and fundamental metallicity relation (12+log(O/H) vs mu_alpha = log M* - alpha log SFR),
 * each a straight line with intrinsic scatter fitted (linfit.h) to the own sample and, when
 * literature selections are given, to the own sample plus those literature points; the fits are
 * stored with their points in one transaction. */
#ifndef IFSCAT_RELFIT_H
#define IFSCAT_RELFIT_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "ifscat/error.h"
#include "ifscat/linfit.h"
#include "ifscat/sample.h"

/* alpha = 0.65 for high-sSFR galaxies (science.md section 7). */
#define IFS_FMR_ALPHA_DEFAULT 0.65
/* Points of the 1-sigma band, spread evenly over the fitted x range. */
#define IFS_RELFIT_BAND_POINTS 25

typedef enum { IFS_FIT_MS, IFS_FIT_MZR, IFS_FIT_FMR, IFS_FIT_COUNT } ifs_fit_relation;

const char *ifs_fit_relation_name(ifs_fit_relation r); /* "ms", "mzr", "fmr" */

typedef struct ifs_relfit_options {
    ifs_sample_kind sample;
    ifs_values values;     /* the own sample's best or imported values */
    const ifs_litsel *sel; /* literature selections; nsel = 0 for the own sample only */
    size_t nsel;
    double alpha;          /* FMR: mu_alpha = log M* - alpha log SFR */
    uint64_t seed;
    int threads;           /* 0: one per core (the fits run in parallel) */
    int store;             /* write the fits and their points to the catalog */
} ifs_relfit_options;

/* One fit (or why it could not be made). */
typedef struct ifs_relfit_result {
    ifs_fit_relation relation;
    int with_literature;   /* 0: own sample; 1: own sample plus literature */
    int fitted;            /* 0 when there were too few points (see n_own, n_literature) */
    long long fit_id;      /* in ifscat.relation_fit when stored, else 0 */
    int stored_before;     /* 1: the same fit (settings and points) was stored by an earlier run: not again */
    size_t n_own, n_literature;
    size_t skipped_limits, skipped_no_error, skipped_duplicates; /* points left out */
    ifs_linfit fit;
    double band_x[IFS_RELFIT_BAND_POINTS], band_mid[IFS_RELFIT_BAND_POINTS];
    double band_lo[IFS_RELFIT_BAND_POINTS], band_hi[IFS_RELFIT_BAND_POINTS];
} ifs_relfit_result;

/* Reads the sample and the literature, fits MS, MZR and FMR (3 results, or 6 with literature: own
 * first), and stores the fitted ones with their points in one transaction when o->store.  A point
 * enters a fit when it has both values and both errors (asymmetric errors: their mean); literature
 * limits and literature points that are catalog targets (view target_literature) are left out and
 * counted.  *out (malloc'ed, free it) and *nout are set on success.  Fails with IFS_ERR_INPUT when
 * no fit has the 3 points it needs (naming the counts), or for an unknown literature source;
 * nothing is stored on failure. */
int ifs_relfit_run(PGconn *conn, const ifs_relfit_options *o, ifs_relfit_result **out, size_t *nout,
                   ifs_error *err);

#endif
