/* ifscat/offset.h: offsets of galaxies from a scaling relation (observed minus predicted), with
 * errors propagated from the errors of mass, SFR and metallicity by Monte Carlo.
 *
 * The quantity compared is the one the relation predicts: log SFR for a main sequence,
 * 12+log(O/H) for an MZR or FMR.  An asymmetric error (lo, hi) is read as a split normal: a
 * Gaussian of width lo below the value and hi above it, so the value stays the median.  All
 * galaxies use the same table of standard-normal deviates (common random numbers: a Latin
 * hypercube sample permuted by the seed), so a galaxy's result depends neither on the others nor
 * on the number of threads. */
#ifndef IFSCAT_OFFSET_H
#define IFSCAT_OFFSET_H

#include <stddef.h>

#include "ifscat/error.h"
#include "ifscat/measure.h"
#include "ifscat/relation.h"

typedef struct ifs_offset_input {
    ifs_measure logm, logsfr, oh;
    double z, age_gyr; /* taken as exact */
} ifs_offset_input;

typedef struct ifs_offset_result {
    double model;  /* the relation at the measured values; NAN when an input it needs is missing */
    double offset; /* observed - model at the measured values; NAN when either is missing */
    double lo, hi; /* 1-sigma errors of the offset: root-mean-square deviation of the Monte-Carlo
                    * offsets below and above `offset` (for Gaussian or split-normal offsets, the
                    * distances to the 16th and 84th percentiles); NAN when an error the offset
                    * depends on is missing */
    int in_range;  /* 1 when the inputs lie inside the relation's stated validity range */
} ifs_offset_result;

typedef struct ifs_offset_mc ifs_offset_mc;

/* The table of ndraws (>= 16) standard-normal triples: for each of log M*, log SFR and 12+log(O/H)
 * the ndraws stratum quantiles Phi^-1((k + 1/2) / ndraws), shuffled by GSL's MT19937 generator
 * seeded with seed.  *out is NULL on failure; free with ifs_offset_mc_free. */
int ifs_offset_mc_alloc(size_t ndraws, unsigned long seed, ifs_offset_mc **out, ifs_error *err);
void ifs_offset_mc_free(ifs_offset_mc *mc);

/* Fills out[0..n-1] for in[0..n-1] with nthreads threads (0: one per online processor).
 * Fails only with IFS_ERR_NOMEM or when a thread cannot be started (IFS_ERR_STATE). */
int ifs_offset_compute(const ifs_relation *rel, const ifs_offset_mc *mc, const ifs_offset_input *in,
                       size_t n, int nthreads, ifs_offset_result *out, ifs_error *err);

#endif
