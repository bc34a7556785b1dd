/* test_stats.c: sample statistics against the study's published values (mean gradient, scatter,
 * Spearman rho and p of gradient versus SFR) and against closed forms (ties, t with 2 degrees of
 * freedom). */
#include "check.h"

#include "ifscat/stats.h"

#include <string.h>

int main(void)
{
    ifs_error err;

    /* The seven galaxies of the study (shared/data/seed_sample.csv, Tables 1-2): gradients in dex/kpc
     * and log SFR.  Published: mean -0.02 +/- 0.04, scatter 0.11; Spearman of gradient vs SFR
     * rho = 0.429, p = 0.337.  The mean and scatter are quoted to 0.01, hence tolerance 0.005. */
    const double grad[] = {0.06, -0.19, -0.01, -0.13, 0.04, -0.05, 0.14};
    const double logsfr[] = {0.90, 0.62, 1.12, 0.57, 0.11, 0.98, 2.52};
    ifs_stats_summary s;
    CHECK(ifs_stats_summarize(grad, 7, &s, &err) == 0, "%s", err.msg);
    CHECK(s.n == 7, "n");
    CHECK_CLOSE(s.mean, -0.02, 0.005, "published mean gradient");
    CHECK_CLOSE(s.mean_err, 0.04, 0.005, "published error of the mean gradient");
    CHECK_CLOSE(s.scatter, 0.11, 0.005, "published gradient scatter");
    double rho, p;
    CHECK(ifs_stats_spearman(logsfr, grad, 7, &rho, &p, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(rho, 0.429, 0.0005, "published Spearman rho (gradient vs SFR)");
    CHECK_CLOSE(p, 0.337, 0.0005, "published Spearman p (gradient vs SFR)");
    /* Exact: sum d^2 = 32 over 7 untied ranks, rho = 1 - 6*32/(7*48) = 3/7. */
    CHECK_CLOSE(rho, 3.0 / 7.0, 1e-12, "rho = 3/7 exactly");

    /* Ties: x = (1, 2, 2, 3) has average ranks (1, 2.5, 2.5, 4); with y = (1, 3, 2, 4) Pearson's r of
     * the ranks is 4.5 / sqrt(4.5 * 5) = 3/sqrt(10).  t = r sqrt(2 / (1 - r^2)) = 3 sqrt(2) and for
     * 2 degrees of freedom P(T > t) = (1 - t / sqrt(t^2 + 2)) / 2, so p = 1 - 3/sqrt(10). */
    const double tx[] = {1, 2, 2, 3}, ty[] = {1, 3, 2, 4};
    double ranks[4];
    CHECK(ifs_stats_ranks(tx, 4, ranks, &err) == 0, "%s", err.msg);
    CHECK(ranks[0] == 1.0 && ranks[1] == 2.5 && ranks[2] == 2.5 && ranks[3] == 4.0, "average ranks of ties");
    CHECK(ifs_stats_spearman(tx, ty, 4, &rho, &p, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(rho, 3.0 / sqrt(10.0), 1e-12, "rho with ties");
    CHECK_CLOSE(p, 1.0 - 3.0 / sqrt(10.0), 1e-9, "p with ties (t, 2 dof, closed form)");

    /* Monotone relations: |rho| = 1, p = 0. */
    const double mx[] = {2.385, 3.1, 4.7, 5.0, 9.9}, my[] = {-1, -0.5, 7, 8, 100}, ny[] = {5, 4, 3, 2, 1};
    CHECK(ifs_stats_spearman(mx, my, 5, &rho, &p, &err) == 0 && rho == 1.0 && p == 0.0, "rho = 1, p = 0");
    CHECK(ifs_stats_spearman(mx, ny, 5, &rho, &p, &err) == 0 && rho == -1.0 && p == 0.0, "rho = -1, p = 0");

    /* Refusals. */
    CHECK(ifs_stats_spearman(mx, my, 2, &rho, &p, &err) == IFS_ERR_INPUT, "two pairs refused");
    const double flat[] = {1, 1, 1, 1};
    CHECK(ifs_stats_spearman(flat, ty, 4, &rho, &p, &err) == IFS_ERR_NUMERIC && strstr(err.msg, "constant"),
          "constant variable refused: %s", err.msg);
    const double bad[] = {1, NAN, 3};
    CHECK(ifs_stats_spearman(bad, mx, 3, &rho, &p, &err) == IFS_ERR_INPUT, "NaN refused");
    CHECK(ifs_stats_summarize(bad, 3, &s, &err) == IFS_ERR_INPUT, "NaN refused in a summary");
    CHECK(ifs_stats_summarize(grad, 0, &s, &err) == IFS_ERR_INPUT, "empty sample refused");
    CHECK(ifs_stats_summarize(grad, 1, &s, &err) == 0 && s.mean == 0.06 && isnan(s.mean_err),
          "one value: mean only");

    /* Binned means with injected values: bins [0,2), [2,4), [4,6]; 6.0 falls in the last bin,
     * 7 and -1 in none. */
    const double key[] = {0.5, 1.5, 2.0, 3.9, 6.0, 7.0, -1.0, 5.0};
    const double val[] = {1.0, 3.0, 10.0, 20.0, 5.0, 99.0, 99.0, 7.0};
    const double edges[] = {0, 2, 4, 6};
    ifs_stats_summary bins[3];
    CHECK(ifs_stats_binned(key, val, NULL, 8, edges, 3, bins, &err) == 0, "%s", err.msg);
    CHECK(bins[0].n == 2 && bins[1].n == 2 && bins[2].n == 2, "bin counts %zu %zu %zu", bins[0].n,
          bins[1].n, bins[2].n);
    CHECK_CLOSE(bins[0].mean, 2.0, 1e-15, "bin 0 mean");
    CHECK_CLOSE(bins[0].scatter, sqrt(2.0), 1e-15, "bin 0 scatter");
    CHECK_CLOSE(bins[0].mean_err, 1.0, 1e-15, "bin 0 error of the mean");
    CHECK_CLOSE(bins[1].mean, 15.0, 1e-15, "bin 1 mean");
    CHECK_CLOSE(bins[2].mean, 6.0, 1e-15, "bin 2 mean");
    const double bad_edges[] = {0, 2, 2};
    CHECK(ifs_stats_binned(key, val, NULL, 8, bad_edges, 2, bins, &err) == IFS_ERR_INPUT, "edges must increase");

    /* With errors: bin 0 (1 +- 3, 3 +- 4) propagates sqrt(9 + 16) / 2 = 2.5 > scatter / sqrt(2) = 1;
     * bin 1 (10 +- 0.1, 20 +- 0.1) keeps scatter / sqrt(2) = 5; a single value keeps its error. */
    const double sig[] = {3.0, 4.0, 0.1, 0.1, 0.5, 1.0, 1.0, 0.5};
    const double edges1[] = {0, 2, 4, 5.5};
    CHECK(ifs_stats_binned(key, val, sig, 8, edges1, 3, bins, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(bins[0].mean_err, 2.5, 1e-15, "bin 0: propagated errors win");
    CHECK_CLOSE(bins[1].mean_err, 5.0, 1e-15, "bin 1: scatter / sqrt(n) wins");
    CHECK(bins[2].n == 1, "one value in [4, 5.5]: %zu", bins[2].n);
    CHECK_CLOSE(bins[2].mean_err, 0.5, 1e-15, "one value: its own error");

    return check_report("test_stats");
}
