/* test_linfit.c: the relation fit: the grouped likelihood against the per-point sum, recovery of an
 * injected line with intrinsic scatter and errors on both axes that flatten a naive fit
 * (tolerance: the posterior's own width), the weighted-least-squares limit (closed form) without scatter or x errors, the 1-sigma
 * band, and refusals. */
#include "check.h"

#include "ifscat/linfit.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <string.h>

/* Per-point log-likelihood of Kelly (2007) with one Gaussian, written out here independently of
 * the library's grouped sum: (x, y) bivariate normal, mean (mu, a + b mu), covariance
 * [[tau^2 + sx^2, b tau^2], [b tau^2, b^2 tau^2 + s^2 + sy^2]] (x about x0). */
static double direct(const ifs_linfit_point *p, size_t n, double x0, const double *t, int rounded)
{
    double a = t[0], b = t[1], s = t[2], mu = t[3], tau = t[4], lp = 0;
    for (size_t i = 0; i < n; i++) {
        /* the documented rounding of the errors: 100 steps per decade */
        double sx = rounded && p[i].sx > 0 ? pow(10, round(100 * log10(p[i].sx)) / 100) : p[i].sx;
        double sy = rounded && p[i].sy > 0 ? pow(10, round(100 * log10(p[i].sy)) / 100) : p[i].sy;
        double c11 = tau * tau + sx * sx, c12 = b * tau * tau;
        double c22 = b * b * tau * tau + s * s + sy * sy, det = c11 * c22 - c12 * c12;
        double u = p[i].x - x0 - mu, w = p[i].y - a - b * mu;
        lp += -0.5 * ((c22 * u * u - 2 * c12 * u * w + c11 * w * w) / det + log(det));
    }
    return lp;
}

int main(void)
{
    ifs_error err;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 2385);

    /* Injected truth: y = 8.1 + 0.35 (x - 8.5), intrinsic scatter 0.12 dex, x errors 0.1-0.3 and
     * y errors 0.05-0.15 dex quoted to 0.01 (so that points share error pairs), 3000 points. */
    enum { N = 3000 };
    static ifs_linfit_point pts[N];
    const double a_true = 8.1, b_true = 0.35, s_true = 0.12;
    for (int i = 0; i < N; i++) {
        double xt = 7.0 + 3.0 * gsl_rng_uniform(rng);
        double sx = 0.01 * (10 + (int)gsl_rng_uniform_int(rng, 21)), sy = 0.01 * (5 + (int)gsl_rng_uniform_int(rng, 11));
        double yt = a_true + b_true * (xt - 8.5) + gsl_ran_gaussian(rng, s_true);
        pts[i] = (ifs_linfit_point){xt + gsl_ran_gaussian(rng, sx), yt + gsl_ran_gaussian(rng, sy), sx, sy};
    }
    ifs_linfit_data *d;
    CHECK(ifs_linfit_data_alloc(pts, N, &d, &err) == 0, "%s", err.msg);
    if (!d)
        return check_report("test_linfit");
    double x0 = ifs_linfit_data_x0(d);
    const double thetas[][5] = {{8.1, 0.35, 0.12, 0.0, 0.9}, {7.9, 0.2, 0.01, 0.3, 0.5}, {8.3, 0.9, 0.5, -0.2, 2.0},
                                {8.0, -0.4, 0.0, 0.01, 0.8}};
    for (size_t k = 0; k < 4; k++)
        CHECK_REL(ifs_linfit_logpost(thetas[k], d), direct(pts, N, x0, thetas[k], 1), 1e-10,
                  "grouped likelihood = per-point sum with the rounded errors");
    /* The rounding (at most 1.2 per cent of an error) shifts the likelihood's level, which does not
     * matter, but hardly its shape: between the truth and points about 1.5 posterior sigmas away in
     * each parameter the log-likelihood difference changes by far less than 1. */
    const double steps[5] = {0.005, 0.01, 0.005, 0.03, 0.02};
    for (int k = 0; k < 5; k++) {
        double t1[5], t2[5];
        memcpy(t1, thetas[0], sizeof t1);
        memcpy(t2, thetas[0], sizeof t2);
        t2[k] += steps[k];
        double exact = direct(pts, N, x0, t2, 0) - direct(pts, N, x0, t1, 0);
        double rounded = ifs_linfit_logpost(t2, d) - ifs_linfit_logpost(t1, d);
        CHECK(fabs(exact) > 0.5 && fabs(rounded - exact) < 0.05 * fabs(exact) + 0.05,
              "parameter %d: rounding changes a log-likelihood difference of %.3f by %.3f", k, exact, rounded - exact);
    }
    const double bad[5] = {8, 0.3, -0.01, 0, 1}, bad_tau[5] = {8, 0.3, 0.1, 0, 0};
    CHECK(ifs_linfit_logpost(bad, d) == -INFINITY, "negative scatter outside the prior");
    CHECK(ifs_linfit_logpost(bad_tau, d) == -INFINITY, "zero spread of x outside the prior");

    ifs_mcmc_settings set;
    ifs_linfit_settings_default(&set, 42);
    ifs_linfit f;
    double bx[3] = {x0 - 1.0, x0, x0 + 1.0}, blo[3], bmid[3], bhi[3];
    CHECK(ifs_linfit_fit(d, &set, 0, bx, 3, blo, bmid, bhi, &f, &err) == 0, "%s", err.msg);
    /* Each recovered parameter lies within 3 posterior sigmas of the truth (the sigmas are the
     * fit's own 16-84 half-widths), and those widths are small: the data constrain them. */
    double sb = 0.5 * (f.slope[2] - f.slope[0]), ss = 0.5 * (f.scatter[2] - f.scatter[0]);
    double si = 0.5 * (f.intercept[2] - f.intercept[0]);
    CHECK(fabs(f.slope[1] - b_true) < 3 * sb && sb < 0.02, "slope %g +- %g vs %g", f.slope[1], sb, b_true);
    CHECK(fabs(f.scatter[1] - s_true) < 3 * ss && ss < 0.02, "scatter %g +- %g vs %g", f.scatter[1], ss, s_true);
    double icpt_true = a_true - b_true * 8.5;
    CHECK(fabs(f.intercept[1] - icpt_true) < 3 * si, "intercept %g +- %g vs %g", f.intercept[1], si, icpt_true);
    CHECK(f.n == N && f.nsamples == 32 * 150, "counts: %zu points, %ld samples", f.n, f.nsamples);
    CHECK(f.ngroups <= 21 * 11, "points grouped by error pair: %zu groups", f.ngroups);
    CHECK(f.acceptance > 0.2 && f.acceptance < 0.9, "acceptance %g", f.acceptance);
    CHECK(f.tau_max > 0 && f.tau_max < 750.0 / 10.0, "kept chain spans more than 10 autocorrelation times (tau %g)",
          f.tau_max);
    /* The band at the pivot is the posterior of a; it widens away from the pivot. */
    CHECK_CLOSE(bmid[1], f.at_pivot[1], 1e-12, "band at the pivot: median");
    CHECK_CLOSE(bhi[1] - blo[1], f.at_pivot[2] - f.at_pivot[0], 1e-12, "band at the pivot: width");
    CHECK(bhi[0] - blo[0] > bhi[1] - blo[1] && bhi[2] - blo[2] > bhi[1] - blo[1], "band wider away from the pivot");
    CHECK(blo[2] < bmid[2] && bmid[2] < bhi[2], "band ordered");
    ifs_linfit_data_free(d);

    /* The weighted-least-squares limit: no x errors and no scatter in the data (y errors 0.05,
     * 40 points): the slope posterior is close to the WLS closed form b = Sxy/Sxx with sigma_b =
     * sigma_y / sqrt(Sxx) (Numerical Recipes 3rd ed. eqs. 15.2.6-15.2.9); marginalising over a
     * scatter pinned near zero can only widen it a little. */
    enum { M = 40 };
    ifs_linfit_point q[M];
    double mx = 0, my = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < M; i++) {
        double x = 6.0 + 0.1 * i;
        q[i] = (ifs_linfit_point){x, 7.2 + 0.21 * (x - 8.0) + gsl_ran_gaussian(rng, 0.05), 0.0, 0.05};
        mx += x / M;
        my += q[i].y / M;
    }
    for (int i = 0; i < M; i++) {
        sxx += (q[i].x - mx) * (q[i].x - mx);
        sxy += (q[i].x - mx) * (q[i].y - my);
    }
    double b_wls = sxy / sxx, sig_b = 0.05 / sqrt(sxx);
    CHECK(ifs_linfit_data_alloc(q, M, &d, &err) == 0, "%s", err.msg);
    CHECK(ifs_linfit_fit(d, &set, 1, NULL, 0, NULL, NULL, NULL, &f, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(f.slope[1], b_wls, 0.15 * sig_b, "slope = weighted least squares");
    double half = 0.5 * (f.slope[2] - f.slope[0]);
    CHECK(half > 0.9 * sig_b && half < 1.25 * sig_b, "slope error %g vs WLS %g", half, sig_b);
    CHECK(f.scatter[1] < 0.03, "no scatter found where there is none: %g", f.scatter[1]);
    ifs_linfit_data_free(d);

    /* Refusals. */
    CHECK(ifs_linfit_data_alloc(q, 2, &d, &err) == IFS_ERR_INPUT && d == NULL, "two points refused");
    ifs_linfit_point same[3] = {{1, 2, 0.1, 0.1}, {1, 3, 0.1, 0.1}, {1, 4, 0.1, 0.1}};
    CHECK(ifs_linfit_data_alloc(same, 3, &d, &err) == IFS_ERR_INPUT && strstr(err.msg, "two distinct x"),
          "one x value refused: %s", err.msg);
    ifs_linfit_point neg[3] = {{1, 2, 0.1, 0.1}, {2, 3, -0.1, 0.1}, {3, 4, 0.1, 0.1}};
    CHECK(ifs_linfit_data_alloc(neg, 3, &d, &err) == IFS_ERR_INPUT && strstr(err.msg, "point 2"),
          "negative error refused, naming the point: %s", err.msg);
    gsl_rng_free(rng);
    return check_report("test_linfit");
}
