/* test_linefit.c: the group fitter on synthetic PRISM spectra with injected lines: exact recovery
 * without noise, linear errors against the closed form, pull distributions with noise, an extra
 * broad component through the public model API, and the failure modes. */
#include "check.h"
#include "synth.h"

#include "ifscat/linefit.h"

#include <string.h>

#define NWAVE 940

static ifs_resolution *res;
static ifs_wavegrid *grid;

/* Pixel integral of a unit-flux Gaussian, written independently of the library. */
static double pixel_profile(double lo, double hi, double mu, double sig)
{
    return 0.5 * (erf((hi - mu) / (sig * M_SQRT2)) - erf((lo - mu) / (sig * M_SQRT2))) / (hi - lo);
}

static double lsf_sigma_aa(double obs_aa)
{
    return obs_aa / ifs_resolution_r(res, obs_aa * 1e-4) / 2.3548200450309493;
}

/* H-beta, [OIII]4960 tied to 5008 by 1 / 2.99 (science.md section 3), [OIII]5008, one kinematic
 * component at z0 with range dz; the instrumental widths at z_lsf. */
static void group5(ifs_fit_model *m, double z0, double dz, double z_lsf, double scale_min, double scale_max)
{
    memset(m, 0, sizeof *m);
    ifs_fit_kin kin = {.z0 = z_lsf, .dz = dz, .scale0 = 1, .scale_min = scale_min, .scale_max = scale_max};
    ifs_fit_model_add_kin(m, &kin);
    ifs_fit_model_add(m, 4862.68, -1, 1, 0, 0);
    int o3 = ifs_fit_model_add(m, 5008.24, -1, 1, 0, 2);
    ifs_fit_model_add(m, 4960.30, o3, 1 / 2.99, 0, 1);
    ifs_fit_model_set_lsf(m, res);
    m->kin[0].z0 = z0;
}

static void test_noiseless(ifs_fit_work *w, ifs_spectrum *spec)
{
    ifs_error err;
    ifs_fit_model m;
    ifs_fit_result r;
    /* Injected: z = 7.6543, width 0.85 x instrumental, prior 0.004 off (a quarter of a FWHM). */
    double z = 7.6543, scale = 0.85, hb = 1234.5, o3 = 3702.1;
    synth_line lines[] = {{4862.68, hb}, {4960.30, o3 / 2.99}, {5008.24, o3}};
    synth_spectrum(grid, res, z, scale, lines, 3, 0, 0, 2.0, 0, NULL, spec);
    group5(&m, z + 0.004, 0.01 * (1 + z), z, 0.4, 3);
    const ifs_fit_data *d = ifs_fit_select(grid, spec, &m, 3, NULL, 0, NULL, 1, w);
    CHECK(d->n > 30, "pixels selected: %zu", d->n);
    CHECK(ifs_fit_run(&m, d, 1, w, &r, &err) == 0, "%s", err.msg);
    CHECK(r.converged, "noiseless fit converged");
    /* The model is the synthesis exactly, so the limit is the solver's: it stops when a further step
     * would gain less than 1e-6 in chi^2, i.e. within sqrt(1e-6) = 1e-3 errors of the optimum. */
    CHECK_CLOSE(r.amp[0], hb, 1e-3 * r.amp_err[0], "H-beta flux");
    CHECK_CLOSE(r.amp[1], o3, 1e-3 * r.amp_err[1], "[OIII]5008 flux (its amplitude)");
    CHECK_CLOSE(r.z[0], z, 1e-3 * r.z_err[0], "redshift");
    CHECK_CLOSE(r.scale[0], scale, 1e-3 * r.scale_err[0], "width scale");
    CHECK(r.chi2 < 1e-6, "chi^2 of an exact model: %g", r.chi2);
    CHECK(r.nparams == 4 && r.npoints == d->n, "4 parameters (z, scale, 2 amplitudes): %zu", r.nparams);

    /* Fixed kinematics: amplitudes and their errors against the closed form of weighted linear
     * least squares, (Q^T Q)^-1 with Q the two weighted design columns (H-beta; 5008 + 4960 / 2.99). */
    ifs_fit_model mf = m;
    mf.kin[0].z0 = z;
    mf.kin[0].scale0 = scale;
    d = ifs_fit_select(grid, spec, &mf, 3, NULL, 0, NULL, 1, w);
    CHECK(ifs_fit_run(&mf, d, 0, w, &r, &err) == 0, "%s", err.msg);
    double a11 = 0, a12 = 0, a22 = 0;
    for (size_t i = 0; i < d->n; i++) {
        double q1 = pixel_profile(d->lo_aa[i], d->hi_aa[i], 4862.68 * (1 + z), scale * lsf_sigma_aa(4862.68 * (1 + z)));
        double q2 = pixel_profile(d->lo_aa[i], d->hi_aa[i], 5008.24 * (1 + z), scale * lsf_sigma_aa(5008.24 * (1 + z))) +
                    pixel_profile(d->lo_aa[i], d->hi_aa[i], 4960.30 * (1 + z), scale * lsf_sigma_aa(4960.30 * (1 + z))) / 2.99;
        a11 += q1 * q1 * d->w[i] * d->w[i];
        a12 += q1 * q2 * d->w[i] * d->w[i];
        a22 += q2 * q2 * d->w[i] * d->w[i];
    }
    double det = a11 * a22 - a12 * a12;
    CHECK_REL(r.amp[0], hb, 1e-9, "fixed kinematics: H-beta flux");
    CHECK_REL(r.amp[1], o3, 1e-9, "fixed kinematics: [OIII]5008 flux");
    CHECK_REL(r.amp_err[0], sqrt(a22 / det), 1e-6, "H-beta error = sqrt((Q^T Q)^-1_11)");
    CHECK_REL(r.amp_err[1], sqrt(a11 / det), 1e-6, "[OIII] error = sqrt((Q^T Q)^-1_22)");
    CHECK(isnan(r.z_err[0]) && r.nparams == 2, "held kinematics have no error");
}

/* Pulls (fit - truth) / error over noise realisations: their standard deviation is 1 for honest
 * errors.  With n samples its standard error is 1 / sqrt(2 n), the mean's 1 / sqrt(n): the checks
 * allow 4 of each. */
static void test_pulls(ifs_fit_work *w, ifs_spectrum *spec)
{
    enum { N = 600 };
    ifs_error err;
    ifs_fit_model m;
    ifs_fit_result r;
    double z = 8.2154, hb = 700, o3 = 2100, e = 1.0;
    synth_line lines[] = {{4862.68, hb}, {4960.30, o3 / 2.99}, {5008.24, o3}};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20240607);
    double sum[3] = {0}, sum2[3] = {0}, snr_hb = 0;
    int n = 0;
    for (int i = 0; i < N; i++) {
        synth_spectrum(grid, res, z, 1.0, lines, 3, 0, 0, e, 1.0, rng, spec);
        group5(&m, z, 0.01 * (1 + z), z, 0.4, 3);
        const ifs_fit_data *d = ifs_fit_select(grid, spec, &m, 3, NULL, 0, NULL, 1, w);
        if (ifs_fit_run(&m, d, 1, w, &r, &err) || !r.converged)
            continue;
        double pull[3] = {(r.amp[0] - hb) / r.amp_err[0], (r.amp[1] - o3) / r.amp_err[1], (r.z[0] - z) / r.z_err[0]};
        for (int k = 0; k < 3; k++) {
            sum[k] += pull[k];
            sum2[k] += pull[k] * pull[k];
        }
        snr_hb += r.amp[0] / r.amp_err[0];
        n++;
    }
    CHECK(n == N, "every noisy fit converged: %d of %d", n, N);
    const char *what[3] = {"H-beta flux", "[OIII]5008 flux", "redshift"};
    for (int k = 0; k < 3; k++) {
        double mean = sum[k] / n, sd = sqrt(sum2[k] / n - mean * mean);
        CHECK(fabs(sd - 1) < 4 / sqrt(2.0 * n), "%s: pull standard deviation %.3f, want 1 +- %.3f", what[k], sd,
              4 / sqrt(2.0 * n));
        CHECK(fabs(mean) < 4 / sqrt((double)n), "%s: mean pull %.3f, want 0 +- %.3f", what[k], mean, 4 / sqrt((double)n));
    }
    CHECK(snr_hb / n > 5 && snr_hb / n < 30, "H-beta at a moderate S/N (%.1f): the regime where errors matter", snr_hb / n);
    gsl_rng_free(rng);
}

/* The broad-line test of science.md section 8 builds on this API: group 5 plus a broad H-beta with
 * its own redshift and width. */
static void test_broad_component(ifs_fit_work *w, ifs_spectrum *spec)
{
    ifs_error err;
    ifs_fit_model m;
    ifs_fit_result r;
    double z = 7.3071, hb = 900, o3 = 3000, broad = 1500;
    /* Broad: FWHM 2850 km/s (the study's case) = 2.7 x the PRISM instrumental 1060 km/s at 4.04 um
     * (R = 283 there); offset +150 km/s. */
    double zb = z + 150 / IFS_C_KMS * (1 + z);
    double r_at = ifs_resolution_r(res, 4862.68 * (1 + zb) * 1e-4), scale_b = 2850 / (IFS_C_KMS / r_at);
    synth_line narrow[] = {{4862.68, hb}, {4960.30, o3 / 2.99}, {5008.24, o3}}, wide[] = {{4862.68, broad}};
    synth_spectrum(grid, res, z, 1.0, narrow, 3, 0, 0, 1.0, 0, NULL, spec);
    ifs_spectrum *b = ifs_spectrum_alloc(NWAVE);
    synth_spectrum(grid, res, zb, scale_b, wide, 1, 0, 0, 1.0, 0, NULL, b);
    for (size_t k = 0; k < NWAVE; k++)
        spec->flux[k] += b->flux[k];
    ifs_spectrum_free(b);

    group5(&m, z, 0.005 * (1 + z), z, 0.4, 3);
    ifs_fit_kin kb = {.z0 = z, .dz = 0.005 * (1 + z), .scale0 = 2.5, .scale_min = 1.5, .scale_max = 8};
    int k = ifs_fit_model_add_kin(&m, &kb);
    CHECK(k == 1, "second kinematic component");
    int a = ifs_fit_model_add(&m, 4862.68, -1, 1, k, 99);
    CHECK(a == 2, "broad H-beta is amplitude 2: %d", a);
    m.kin[1].z0 = zb;
    ifs_fit_model_set_lsf(&m, res);
    m.kin[1].z0 = z;
    const ifs_fit_data *d = ifs_fit_select(grid, spec, &m, 3, NULL, 0, NULL, 1, w);
    CHECK(ifs_fit_run(&m, d, 1, w, &r, &err) == 0, "%s", err.msg);
    CHECK(r.converged, "narrow + broad converged");
    /* The narrow instrumental widths were set at zb, not z: 150 km/s moves R by < 0.05%, so the
     * fluxes are recovered to 1e-3. */
    CHECK_REL(r.amp[2], broad, 1e-3, "broad H-beta flux");
    CHECK_REL(r.amp[0], hb, 1e-3, "narrow H-beta flux");
    CHECK_REL(r.amp[1], o3, 1e-3, "[OIII]5008 flux");
    CHECK_CLOSE((r.z[1] - r.z[0]) / (1 + r.z[0]) * IFS_C_KMS, 150, 1, "broad velocity offset, km/s");
    CHECK_REL(r.scale[1], scale_b, 1e-3, "broad width scale");
    CHECK(r.nparams == 7, "7 parameters (2 redshifts, 2 scales, 3 amplitudes): %zu", r.nparams);
}

static void test_failures(ifs_fit_work *w, ifs_spectrum *spec)
{
    ifs_error err;
    ifs_fit_model m;
    ifs_fit_result r;
    double z = 8.0;
    synth_line lines[] = {{4862.68, 800}, {4960.30, 1000}, {5008.24, 3000}};
    synth_spectrum(grid, res, z, 1.0, lines, 3, 0, 0, 1.0, 0, NULL, spec);

    /* The lines sit 3 search half-widths away from the prior: the fit leaves its range. */
    double dz = 0.003 * (1 + z);
    group5(&m, z - 3 * dz, dz, z, 0.4, 3);
    const ifs_fit_data *d = ifs_fit_select(grid, spec, &m, 3, NULL, 0, NULL, 1, w);
    CHECK(ifs_fit_run(&m, d, 1, w, &r, &err) == 0, "%s", err.msg);
    CHECK(!r.converged, "a line outside the redshift range is not converged (z = %.4f)", r.z[0]);

    /* Fewer pixels than parameters. */
    group5(&m, z, 0.01 * (1 + z), z, 0.4, 3);
    ifs_fit_data tiny = {.n = 3, .lo_aa = d->lo_aa, .hi_aa = d->hi_aa, .y = d->y, .w = d->w};
    CHECK(ifs_fit_run(&m, &tiny, 1, w, &r, &err) == IFS_ERR_INPUT, "3 points for 4 parameters refused");

    /* An amplitude whose only line has no pixels: singular. */
    memset(&m, 0, sizeof m);
    ifs_fit_kin kin = {.z0 = z, .dz = 0.001, .scale0 = 1, .scale_min = 0.4, .scale_max = 3};
    ifs_fit_model_add_kin(&m, &kin);
    ifs_fit_model_add(&m, 4862.68, -1, 1, 0, 0);
    ifs_fit_model_add(&m, 6564.61, -1, 1, 0, 1); /* H-alpha at 5.9 um: beyond PRISM */
    ifs_fit_model_set_lsf(&m, res);
    d = ifs_fit_select(grid, spec, &m, 3, NULL, 0, NULL, 1, w);
    ifs_fit_data blue = *d;
    while (blue.n && blue.lo_aa[blue.n - 1] > 5.0e4)
        blue.n--;
    CHECK(ifs_fit_run(&m, &blue, 0, w, &r, &err) == IFS_ERR_NUMERIC, "a line without pixels is a singular design");
    CHECK(ifs_fit_model_add(&m, 5000, 7, 1, 0, 2) == -1, "tie to a missing amplitude refused");
    CHECK(ifs_fit_model_add(&m, 5000, -1, 1, 3, 2) == -1, "missing kinematic component refused");
}

int main(void)
{
    ifs_error err;
    ifs_gsl_quiet();
    if (ifs_resolution_load("prism", &res, &err))
        SKIP(err.msg);
    double *wave = synth_prism_grid(res, NWAVE);
    CHECK(ifs_wavegrid_alloc(wave, NWAVE, &grid, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(grid->wave_aa[0], 6000, 1e-6, "grid starts at 0.6 um");
    CHECK_CLOSE(grid->edge_aa[1], 0.5 * (grid->wave_aa[0] + grid->wave_aa[1]), 1e-9, "edges are midpoints");
    CHECK(ifs_wavegrid_alloc((double[]){1, 1}, 2, &(ifs_wavegrid *){NULL}, &err) == IFS_ERR_INPUT,
          "non-increasing wavelengths refused");
    ifs_fit_work *w = ifs_fit_work_alloc(NWAVE);
    ifs_spectrum *spec = ifs_spectrum_alloc(NWAVE);
    test_noiseless(w, spec);
    test_pulls(w, spec);
    test_broad_component(w, spec);
    test_failures(w, spec);
    ifs_spectrum_free(spec);
    ifs_fit_work_free(w);
    ifs_wavegrid_free(grid);
    ifs_resolution_free(res);
    free(wave);
    return check_report("test_linefit");
}
