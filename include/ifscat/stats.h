/* ifscat/stats.h: sample statistics shared by the analysis commands: mean with its standard error
 * and scatter, Spearman's rank correlation with its p-value, and binned means (quantiles of a
 * sample: ifs_mcmc_quantiles_of in ifscat/mcmc.h).
 *
 * All functions take plain arrays (the caller drops missing values first) and never allocate
 * behind the caller's back except where a prototype says so. */
#ifndef IFSCAT_STATS_H
#define IFSCAT_STATS_H

#include <stddef.h>

#include "ifscat/error.h"

/* Mean, its standard error and the scatter of a sample. */
typedef struct ifs_stats_summary {
    size_t n;
    double mean;
    double mean_err; /* scatter / sqrt(n); NAN when n < 2 */
    double scatter;  /* sample standard deviation (n - 1 in the denominator); NAN when n < 2 */
} ifs_stats_summary;

/* Summarises x[0..n-1].  Fails with IFS_ERR_INPUT when n == 0 or a value is not finite. */
int ifs_stats_summarize(const double *x, size_t n, ifs_stats_summary *out, ifs_error *err);

/* 1-based ranks of x[0..n-1] into ranks[0..n-1]; tied values get the average of their ranks.
 * Fails with IFS_ERR_NOMEM. */
int ifs_stats_ranks(const double *x, size_t n, double *ranks, ifs_error *err);

/* Spearman's rank correlation of (x, y), n >= 3 pairs, and its two-sided p-value from the
 * t-distribution approximation with n - 2 degrees of freedom, t = rho sqrt((n-2)/((1+rho)(1-rho)))
 * (the convention of scipy.stats.spearmanr; p = 0 when |rho| = 1).  rho is Pearson's coefficient of
 * the average ranks, so ties are handled as scipy does.  Fails with IFS_ERR_INPUT for n < 3 or a
 * non-finite value, IFS_ERR_NUMERIC when x or y is constant (rho undefined). */
int ifs_stats_spearman(const double *x, const double *y, size_t n, double *rho, double *p,
                       ifs_error *err);

/* Means of value[i] in bins of key[i]: bin b holds edges[b] <= key < edges[b+1] (the last bin also
 * takes key == edges[nbins]); keys outside [edges[0], edges[nbins]] are not counted.  out[b] is a
 * summary (n = 0 and NANs for an empty bin).  With the values' 1-sigma errors (error non-NULL), a
 * bin's mean_err is the larger of scatter / sqrt(m) and the propagated sqrt(sum sigma^2) / m: bins
 * hold few values, whose scatter alone can be small by chance (two gradients 0.003 apart, each
 * +-0.1), and a single value keeps its own error.  Fails with IFS_ERR_INPUT when the edges do not
 * increase strictly or a value is not finite; IFS_ERR_NOMEM. */
int ifs_stats_binned(const double *key, const double *value, const double *error, size_t n, const double *edges,
                     size_t nbins, ifs_stats_summary *out, ifs_error *err);

#endif
