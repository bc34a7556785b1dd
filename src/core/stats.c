/* stats.c: mean/standard error/scatter, average ranks, Spearman's rank correlation with the
 * t-approximation p-value, and binned means. */
#include "ifscat/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

int ifs_stats_summarize(const double *x, size_t n, ifs_stats_summary *out, ifs_error *err)
{
    *out = (ifs_stats_summary){.n = n, .mean = NAN, .mean_err = NAN, .scatter = NAN};
    if (n == 0)
        return ifs_error_set(err, IFS_ERR_INPUT, "no values to summarise");
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return ifs_error_set(err, IFS_ERR_INPUT, "value %zu is not a finite number", i + 1);
        sum += x[i];
    }
    out->mean = sum / (double)n;
    if (n < 2)
        return IFS_OK;
    double ss = 0.0; /* two-pass: the mean first, then squared deviations (no cancellation) */
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - out->mean) * (x[i] - out->mean);
    out->scatter = sqrt(ss / (double)(n - 1));
    out->mean_err = out->scatter / sqrt((double)n);
    return IFS_OK;
}

typedef struct {
    double v;
    size_t i;
} indexed;

static int by_value(const void *a, const void *b)
{
    double x = ((const indexed *)a)->v, y = ((const indexed *)b)->v;
    return (x > y) - (x < y);
}

int ifs_stats_ranks(const double *x, size_t n, double *ranks, ifs_error *err)
{
    indexed *s = malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory ranking %zu values", n);
    for (size_t i = 0; i < n; i++)
        s[i] = (indexed){x[i], i};
    qsort(s, n, sizeof *s, by_value);
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && s[b].v == s[a].v)
            b++;
        double r = 0.5 * (double)(a + 1 + b); /* average of ranks a+1 .. b */
        for (size_t k = a; k < b; k++)
            ranks[s[k].i] = r;
        a = b;
    }
    free(s);
    return IFS_OK;
}

int ifs_stats_spearman(const double *x, const double *y, size_t n, double *rho, double *p,
                       ifs_error *err)
{
    *rho = *p = NAN;
    if (n < 3)
        return ifs_error_set(err, IFS_ERR_INPUT, "Spearman correlation needs at least 3 pairs, got %zu", n);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return ifs_error_set(err, IFS_ERR_INPUT, "pair %zu is not a pair of finite numbers", i + 1);
    double *rx = malloc(2 * n * sizeof *rx);
    if (!rx)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory ranking %zu pairs", n);
    double *ry = rx + n;
    int status = ifs_stats_ranks(x, n, rx, err);
    if (!status)
        status = ifs_stats_ranks(y, n, ry, err);
    if (status)
        goto exit;
    double mean = 0.5 * (double)(n + 1); /* the mean of any set of average ranks */
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (size_t i = 0; i < n; i++) {
        sxy += (rx[i] - mean) * (ry[i] - mean);
        sxx += (rx[i] - mean) * (rx[i] - mean);
        syy += (ry[i] - mean) * (ry[i] - mean);
    }
    if (sxx == 0.0 || syy == 0.0) {
        status = ifs_error_set(err, IFS_ERR_NUMERIC, "Spearman correlation is undefined: %s is constant",
                               sxx == 0.0 ? "the first variable" : "the second variable");
        goto exit;
    }
    double r = sxy / sqrt(sxx * syy);
    if (r > 1.0) /* rounding */
        r = 1.0;
    if (r < -1.0)
        r = -1.0;
    *rho = r;
    double dof = (double)(n - 2);
    if (fabs(r) == 1.0) {
        *p = 0.0;
    } else {
        /* scipy.stats.spearmanr: t = r sqrt(dof / ((r+1)(1-r))), p = 2 P(T_dof > |t|). */
        double t = r * sqrt(dof / ((r + 1.0) * (1.0 - r)));
        *p = 2.0 * gsl_cdf_tdist_Q(fabs(t), dof);
    }
exit:
    free(rx);
    return status;
}

int ifs_stats_binned(const double *key, const double *value, const double *error, size_t n, const double *edges,
                     size_t nbins, ifs_stats_summary *out, ifs_error *err)
{
    for (size_t b = 0; b < nbins; b++)
        if (!(edges[b + 1] > edges[b]))
            return ifs_error_set(err, IFS_ERR_INPUT, "bin edges must increase: %g then %g", edges[b],
                                 edges[b + 1]);
    double *buf = malloc((n ? n : 1) * sizeof *buf);
    if (!buf)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory binning %zu values", n);
    int status = IFS_OK;
    for (size_t b = 0; b < nbins && !status; b++) {
        size_t m = 0;
        double var = 0;
        for (size_t i = 0; i < n; i++) {
            int last = b + 1 == nbins;
            if (key[i] >= edges[b] && (key[i] < edges[b + 1] || (last && key[i] == edges[b + 1]))) {
                buf[m++] = value[i];
                if (error)
                    var += error[i] * error[i];
            }
        }
        if (m == 0) {
            out[b] = (ifs_stats_summary){.n = 0, .mean = NAN, .mean_err = NAN, .scatter = NAN};
            continue;
        }
        status = ifs_stats_summarize(buf, m, &out[b], err);
        double propagated = sqrt(var) / (double)m;
        if (!status && error && isfinite(propagated) && !(out[b].mean_err >= propagated))
            out[b].mean_err = propagated;
    }
    free(buf);
    return status;
}
