/* test_gradient.c: gradient fits against the analytic posterior of weighted least squares
 * (symmetric errors: a Gaussian with the closed-form mean and covariance), against a direct 2D
 * integration (asymmetric errors), and the frequentist coverage of the 16-84% interval over
 * injected gradients. */
#include "check.h"

#include "ifscat/gradient.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <string.h>

/* Five annuli: radii (kpc), metallicities, errors below and above. */
static const double R[5] = {0.0, 0.47, 0.94, 1.41, 1.88};
static const double OH[5] = {7.81, 7.69, 7.73, 7.52, 7.55};
static const double ELO[5] = {0.05, 0.07, 0.08, 0.11, 0.13};
static const double EHI_ASYM[5] = {0.09, 0.05, 0.15, 0.07, 0.21};

/* The grid posterior with the two-piece Gaussian, marginal of the slope: 16/50/84th percentiles. */
static void grid_slope(const ifs_gradient_point *p, double a0, double sa, double b0, double sb, double out[3])
{
    enum { N = 801 };
    static double marg[N];
    double ha = 16.0 * sa / (N - 1), hb = 16.0 * sb / (N - 1);
    for (int j = 0; j < N; j++) {
        double b = b0 - 8.0 * sb + j * hb, m = 0.0;
        for (int i = 0; i < N; i++) {
            double a = a0 - 8.0 * sa + i * ha, chi2 = 0.0;
            for (int k = 0; k < 5; k++) {
                double r = a + b * p[k].r_kpc - p[k].oh, s = r > 0 ? p[k].err_hi : p[k].err_lo;
                chi2 += r * r / (s * s);
            }
            m += exp(-0.5 * chi2);
        }
        marg[j] = m;
    }
    const double q[3] = {0.16, 0.5, 0.84};
    double total = 0.0;
    for (int j = 1; j < N; j++)
        total += 0.5 * (marg[j] + marg[j - 1]);
    for (int k = 0; k < 3; k++) {
        double c = 0.0, t = q[k] * total;
        int j = 1;
        for (; j < N; j++) {
            double step = 0.5 * (marg[j] + marg[j - 1]);
            if (c + step >= t) {
                out[k] = b0 - 8.0 * sb + hb * (j - 1 + (t - c) / step);
                break;
            }
            c += step;
        }
    }
}

int main(void)
{
    ifs_error err;
    ifs_gradient_point pts[5];
    /* Weighted least squares by hand (Numerical Recipes 3rd ed. eqs. 15.2.4-15.2.9): S = sum w,
     * Sx, Sy, Sxx, Sxy, D = S Sxx - Sx^2; slope (S Sxy - Sx Sy) / D with variance S / D, intercept
     * (Sxx Sy - Sx Sxy) / D with variance Sxx / D.  With flat priors and Gaussian errors the
     * posterior is exactly Gaussian with these moments. */
    double S = 0, Sx = 0, Sy = 0, Sxx = 0, Sxy = 0;
    for (int k = 0; k < 5; k++) {
        pts[k] = (ifs_gradient_point){R[k], OH[k], ELO[k], ELO[k]};
        double w = 1.0 / (ELO[k] * ELO[k]);
        S += w;
        Sx += w * R[k];
        Sy += w * OH[k];
        Sxx += w * R[k] * R[k];
        Sxy += w * R[k] * OH[k];
    }
    double D = S * Sxx - Sx * Sx, b = (S * Sxy - Sx * Sy) / D, a = (Sxx * Sy - Sx * Sxy) / D;
    double sb = sqrt(S / D), sa = sqrt(Sxx / D), z = gsl_cdf_ugaussian_Pinv(0.84);

    /* A long run: 64 walkers x 60,000 steps (tau ~ 32): Monte Carlo error ~0.005 sigma. */
    ifs_mcmc_settings set;
    ifs_gradient_settings_default(&set, 31);
    set.nwalkers = 64;
    set.nsteps = 60000;
    set.burn = 1000;
    set.thin = 5;
    ifs_gradient g;
    CHECK(ifs_gradient_fit(pts, 5, &set, &g, &err) == 0, "%s", err.msg);
    CHECK_CLOSE((g.slope[0] - b) / sb, -z, 0.02, "slope 16th percentile (sigma units)");
    CHECK_CLOSE((g.slope[1] - b) / sb, 0.0, 0.02, "slope median (sigma units)");
    CHECK_CLOSE((g.slope[2] - b) / sb, z, 0.02, "slope 84th percentile (sigma units)");
    CHECK_CLOSE((g.intercept[0] - a) / sa, -z, 0.02, "intercept 16th percentile (sigma units)");
    CHECK_CLOSE((g.intercept[1] - a) / sa, 0.0, 0.02, "intercept median (sigma units)");
    CHECK_CLOSE((g.intercept[2] - a) / sa, z, 0.02, "intercept 84th percentile (sigma units)");
    CHECK(g.npoints == 5, "5 points");

    /* The band of the line: at radius r the posterior of a + b r is Gaussian with variance
     * sa^2 + r^2 sb^2 + 2 r cov(a, b), cov = -Sx / D (the same closed form). */
    double rb[3] = {0.0, 0.94, 2.5}, blo[3], bmid[3], bhi[3];
    ifs_gradient gb;
    CHECK(ifs_gradient_fit_band(pts, 5, &set, rb, 3, blo, bmid, bhi, &gb, &err) == 0, "%s", err.msg);
    for (int k = 0; k < 3; k++) {
        double mean = a + b * rb[k], sd = sqrt(sa * sa + rb[k] * rb[k] * sb * sb - 2 * rb[k] * Sx / D);
        CHECK_CLOSE((bmid[k] - mean) / sd, 0.0, 0.02, "band median (sigma units)");
        CHECK_CLOSE((blo[k] - mean) / sd, -z, 0.02, "band 16th percentile (sigma units)");
        CHECK_CLOSE((bhi[k] - mean) / sd, z, 0.02, "band 84th percentile (sigma units)");
    }
    CHECK(gb.slope[1] == g.slope[1] && gb.intercept[0] == g.intercept[0], "the same samples as ifs_gradient_fit");

    /* The default run: >= 1,000 samples (science.md section 6); N_eff ~ 32 x 1,500 / 32 = 1,500
     * gives ~0.04 sigma of Monte Carlo error, tolerance 0.15 sigma. */
    ifs_gradient_settings_default(&set, 31);
    CHECK(ifs_gradient_fit(pts, 5, &set, &g, &err) == 0, "%s", err.msg);
    CHECK(g.nsamples >= 1000, "%ld samples", g.nsamples);
    CHECK_CLOSE((g.slope[0] - b) / sb, -z, 0.15, "default run: slope 16th percentile");
    CHECK_CLOSE((g.slope[1] - b) / sb, 0.0, 0.15, "default run: slope median");
    CHECK_CLOSE((g.slope[2] - b) / sb, z, 0.15, "default run: slope 84th percentile");

    /* Asymmetric errors against a direct integration on an 801 x 801 grid over +-8 sigma. */
    for (int k = 0; k < 5; k++)
        pts[k].err_hi = EHI_ASYM[k];
    double want[3];
    grid_slope(pts, a, 2 * sa, b, 2 * sb, want);
    double sw = 0.5 * (want[2] - want[0]);
    ifs_gradient_settings_default(&set, 5);
    set.nwalkers = 64;
    set.nsteps = 60000;
    set.burn = 1000;
    set.thin = 5;
    CHECK(ifs_gradient_fit(pts, 5, &set, &g, &err) == 0, "%s", err.msg);
    for (int k = 0; k < 3; k++)
        CHECK_CLOSE((g.slope[k] - want[k]) / sw, 0.0, 0.02, "asymmetric errors: slope percentile vs grid (sigma units)");

    /* Coverage: 300 mock profiles with slope -0.15 dex/kpc and Gaussian scatter of the stated
     * errors; a flat-prior credible interval of a linear Gaussian model is also a confidence
     * interval, so the truth lies in [16th, 84th] 68.3% of the time (binomial sd 2.7%). */
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 77);
    int inside = 0;
    for (int t = 0; t < 300; t++) {
        for (int k = 0; k < 5; k++)
            pts[k] = (ifs_gradient_point){R[k], 7.80 - 0.15 * R[k] + gsl_ran_gaussian(rng, ELO[k]), ELO[k], ELO[k]};
        ifs_gradient_settings_default(&set, (uint64_t)t);
        if (ifs_gradient_fit(pts, 5, &set, &g, &err) == 0)
            inside += g.slope[0] <= -0.15 && -0.15 <= g.slope[2];
    }
    gsl_rng_free(rng);
    CHECK_CLOSE(inside / 300.0, 0.683, 0.08, "coverage of the 16-84% slope interval");

    /* Refusals. */
    CHECK(ifs_gradient_fit(pts, 1, &set, &g, &err) == IFS_ERR_INPUT, "one point refused");
    ifs_gradient_point same[3] = {{0.5, 7.5, 0.1, 0.1}, {0.5, 7.6, 0.1, 0.1}, {0.5, 7.7, 0.1, 0.1}};
    CHECK(ifs_gradient_fit(same, 3, &set, &g, &err) == IFS_ERR_INPUT && strstr(err.msg, "distinct"),
          "one radius refused: %s", err.msg);
    same[1].r_kpc = 1.0;
    same[2].err_lo = 0.0;
    CHECK(ifs_gradient_fit(same, 3, &set, &g, &err) == IFS_ERR_INPUT && strstr(err.msg, "point 2"),
          "zero error refused: %s", err.msg);
    return check_report("test_gradient");
}
