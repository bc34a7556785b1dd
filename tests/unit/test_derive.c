/* test_derive.c: everything derived from one fit, on regions whose line fluxes are made by hand
 * from the Sanders et al. (2024) polynomials of science.md section 4 (typed here, not read from the
 * calibration file): metallicities, the map masks, A_V and SFR against the hand computations of
 * test_dust.c and test_sfr.c, Sigma_SFR and Sigma_* by hand, an injected gradient, and the
 * resolved-FMR Spearman test on ranks with a known rho and p. */
#include "check.h"

#include "ifscat/derive.h"
#include "ifscat/regions.h"

#include <string.h>

/* Sanders et al. (2024), x = 12+log(O/H) - 8 (science.md section 4). */
static double r3(double oh) { double x = oh - 8; return 0.834 - 0.072 * x - 0.453 * x * x; }
static double r2(double oh) { return 0.067 + 1.069 * (oh - 8); }
static double ne3o2(double oh) { return -0.386 - 0.998 * (oh - 8); }

enum { NSPAX = 6, NREG = 11 };
static int HB, HD, O3, O2, NE3;

/* Region r's lines for metallicity oh and H-beta flux hb, every line at S/N 100. */
static void lines_for(double *flux, double *err, size_t nl, size_t r, double oh, double hb)
{
    double *f = flux + r * nl, *e = err + r * nl;
    f[HB] = hb;
    f[O3] = hb * pow(10, r3(oh));
    f[O2] = hb * pow(10, r2(oh));
    f[NE3] = f[O2] * pow(10, ne3o2(oh));
    int l[] = {HB, O3, O2, NE3};
    for (int k = 0; k < 4; k++)
        e[l[k]] = 0.01 * f[l[k]];
}

int main(void)
{
    ifs_error err;
    ifs_linelist *ll;
    ifs_calibration cal;
    CHECK(ifs_linelist_load(NULL, &ll, &err) == 0 && ifs_calibration_load("sanders2024", &cal, &err) == 0, "%s",
          err.msg);
    HB = ifs_linelist_find(ll, "Hbeta");
    HD = ifs_linelist_find(ll, "Hdelta");
    O3 = ifs_linelist_find(ll, "OIII5008");
    O2 = ifs_linelist_find(ll, "OII3728");
    NE3 = ifs_linelist_find(ll, "NeIII3869");
    size_t nl = ll->nlines;
    double flux[NREG * 32], e[NREG * 32];
    for (size_t i = 0; i < NREG * nl; i++)
        flux[i] = e[i] = NAN;

    /* A 6 x 1 field.  Spaxels 0-4: metallicities increasing (ranks 1-5) and H-beta fluxes of ranks
     * 1, 2, 3, 5, 4; spaxel 5: [OIII] at S/N 2, masked.  Spaxel area 0.017956 kpc^2 (test_sfr.c). */
    const double A = 0.017956, oh[5] = {7.5, 7.6, 7.7, 7.8, 7.85}, hb[5] = {100, 200, 300, 500, 400};
    ifs_derive_region reg[NREG];
    for (int i = 0; i < NSPAX; i++) {
        reg[i] = (ifs_derive_region){.kind = IFS_REGION_SPAXEL, .x = i, .y = 0, .r_out = NAN, .r_mean_kpc = NAN,
                                     .area_kpc2 = A};
        lines_for(flux, e, nl, (size_t)i, i < 5 ? oh[i] : 7.7, i < 5 ? hb[i] : 300);
    }
    e[5 * nl + O3] = flux[5 * nl + O3] / 2;
    /* The aperture (centre 2, radius 2: spaxels 0-4): H-beta 238.5 (2.385e-18 erg/s/cm2) at S/N 20,
     * H-delta/H-beta = 0.2 with H-delta at S/N 10, as in test_sfr.c and test_dust.c. */
    reg[6] = (ifs_derive_region){.kind = IFS_REGION_APERTURE, .x = 2, .y = 0, .r_out = 2, .r_mean_kpc = NAN,
                                 .area_kpc2 = 5 * A};
    lines_for(flux, e, nl, 6, 7.7, 238.5);
    e[6 * nl + HB] = 238.5 / 20;
    flux[6 * nl + HD] = 0.2 * 238.5;
    e[6 * nl + HD] = 0.1 * flux[6 * nl + HD];
    /* Annuli around spaxel 2 at 0.1, 0.5, 0.9, 1.3 kpc with 12+log(O/H) = 7.85 - 0.25 r. */
    for (int k = 0; k < 4; k++) {
        double r = 0.1 + 0.4 * k;
        reg[7 + k] = (ifs_derive_region){.kind = IFS_REGION_ANNULUS, .number = k + 1, .x = 2, .y = 0, .r_out = k + 1,
                                         .r_mean_kpc = r, .area_kpc2 = (k == 0 ? 3 : 2) * A};
        lines_for(flux, e, nl, (size_t)(7 + k), 7.85 - 0.25 * r, 300);
    }
    double cont[NSPAX] = {1, 1, 1, 1, 1, 5};
    ifs_derive_input in = {.lines = ll, .nregions = NREG, .region = reg, .flux = flux, .err = e, .nx = NSPAX, .ny = 1,
                           .continuum = cont, .spaxel_area_kpc2 = A, .z = 8.15, .mu = 3.29, .log_mstar = 9.0};
    ifs_derive_settings set;
    CHECK(ifs_derive_settings_default(&set, &cal, 11, &err) == 0 && set.oh.ndiag == 2, "settings: %s", err.msg);
    ifs_derive_output *o;
    CHECK(ifs_derive_run(&cal, &in, &set, &o, &err) == 0, "derive: %s", err.msg);

    /* Metallicities: each within its posterior's 1-sigma half-width of the truth; both diagnostics. */
    for (int i = 0; i < 5; i++) {
        const ifs_oh_result *m = &o->region[i].oh;
        CHECK(m->status == IFS_OH_OK && fabs(m->p50 - oh[i]) < (m->p84 - m->p16) / 2 && m->used == 3,
              "spaxel %d: %.3f -%.3f +%.3f for %.2f", i, m->p50, m->p50 - m->p16, m->p84 - m->p50, oh[i]);
        CHECK_CLOSE(o->region[i].r3, r3(oh[i]), 1e-12, "R3 map value");
        CHECK_CLOSE(o->region[i].r3_err, sqrt(2) * 0.01 / M_LN10, 1e-12, "its error: two 1% fluxes");
        CHECK_CLOSE(o->region[i].ne3o2, ne3o2(oh[i]), 1e-12, "Ne3O2 map value");
    }
    /* The masked spaxel: no metallicity, R3, SFR or Sigma_*; Ne3O2 (S/N > 2 cut) is still there. */
    const ifs_derive_region_out *m5 = &o->region[5];
    CHECK(m5->oh.status == IFS_OH_NO_DIAGNOSTIC && isnan(m5->r3) && isnan(m5->log_sfr) && isnan(m5->log_sigma_sfr) &&
              isnan(m5->log_sigma_star) && isfinite(m5->ne3o2),
          "masked spaxel");

    /* The galaxy: A_V = 1.4490644 +- 0.6175015 (test_dust.c); log SFR = 0.945466 (test_sfr.c) +
     * 0.4 k(H-beta) A_V / R_V = 0.945466 + 0.4 x 4.5965088 x 1.4490644 / 4.05 = 1.6033067; error
     * sqrt((0.05 / ln 10)^2 + (0.4 x 4.5965088 x 0.6175015 / 4.05)^2) = 0.2811707; sSFR = SFR / 10^9. */
    const ifs_derive_galaxy *g = &o->galaxy;
    CHECK(g->region == 6 && g->oh.status == IFS_OH_OK, "integrated spectrum: the aperture");
    CHECK(g->av.status == IFS_AV_MEASURED, "A_V measured");
    CHECK_CLOSE(g->av.av, 1.4490644, 1e-6, "A_V from H-delta/H-beta = 0.2");
    CHECK_CLOSE(g->av.av_err, 0.6175015, 1e-6, "its error");
    CHECK_CLOSE(g->hbeta_snr, 20, 1e-9, "H-beta S/N");
    CHECK_CLOSE(g->log_sfr, 1.6033067, 0.001, "dust-corrected log SFR of the aperture");
    CHECK_CLOSE(g->log_sfr_err, 0.2811707, 1e-5, "its error");
    CHECK_CLOSE(g->log_ssfr, g->log_sfr - 9.0, 1e-12, "log sSFR");

    /* Spaxels take the galaxy's A_V: log Sigma_SFR = 1.6033067 + log10(H-beta / 238.5) - log10(A),
     * e.g. H-beta 500: 3.6705787. */
    CHECK_CLOSE(o->region[3].log_sigma_sfr, 3.6705787, 0.001, "Sigma_SFR of spaxel 3");
    CHECK_CLOSE(o->region[3].log_sfr_err, hypot(0.01 / M_LN10, 0.4 * 4.5965088 * 0.6175015 / 4.05), 1e-5,
                "its SFR error: 1% flux and the galaxy's A_V error");

    /* Sigma_*: 10^9 Msun spread like a continuum of 1 in each of the aperture's 5 spaxels:
     * 9 - log10(5) - log10(0.017956) = 10.0468204 for each spaxel, the aperture and annulus 1
     * (3 spaxels over 3 spaxel areas). */
    CHECK_CLOSE(o->region[0].log_sigma_star, 10.0468204, 1e-6, "Sigma_* of spaxel 0");
    CHECK_CLOSE(o->region[6].log_sigma_star, 10.0468204, 1e-6, "Sigma_* of the aperture");
    CHECK_CLOSE(o->region[7].log_sigma_star, 10.0468204, 1e-6, "Sigma_* of annulus 1");

    /* Gradient: 4 annuli; the injected -0.25 dex/kpc within 3 sigma (the posteriors are ~0.07 dex
     * wide from the assumed 0.10 dex intrinsic scatter). */
    CHECK(g->has_gradient && g->gradient.npoints == 4 && g->gradient.nsamples >= 1000, "gradient from 4 annuli");
    double gs = (g->gradient.slope[2] - g->gradient.slope[0]) / 2;
    CHECK(fabs(g->gradient.slope[1] + 0.25) < 3 * gs, "slope %.3f +- %.3f for -0.25", g->gradient.slope[1], gs);

    /* Resolved FMR: ranks (1..5) against (1, 2, 3, 5, 4): rho = 1 - 6 x 2 / (5 x 24) = 0.9; p from
     * t = 0.9 sqrt(3 / 0.19) = 3.5762 with 3 degrees of freedom, closed form of Student's CDF for
     * nu = 3: p = 1 - (2/pi) (a / (1 + a^2) + atan a), a = t / sqrt 3: 0.0373861. */
    CHECK(g->rfmr_n == 5, "rFMR spaxels: %zu", g->rfmr_n);
    CHECK_CLOSE(g->rfmr_rho, 0.9, 1e-12, "Spearman rho");
    CHECK_CLOSE(g->rfmr_p, 0.0373861, 1e-6, "its p-value");
    ifs_derive_output_free(o);

    /* Thread count: the same results. */
    ifs_derive_output *o1, *o3;
    set.nthreads = 3;
    CHECK(ifs_derive_run(&cal, &in, &set, &o3, &err) == 0, "%s", err.msg);
    set.nthreads = 1;
    CHECK(ifs_derive_run(&cal, &in, &set, &o1, &err) == 0, "%s", err.msg);
    CHECK(o1->galaxy.gradient.slope[1] == o3->galaxy.gradient.slope[1] && o1->region[2].oh.p50 == o3->region[2].oh.p50,
          "1 and 3 threads identical");
    ifs_derive_output_free(o1);
    ifs_derive_output_free(o3);

    /* A 1D spectrum: it is the integrated region; no aperture, so no Sigma_* and no gradient. */
    ifs_derive_region one = {.kind = IFS_REGION_SPECTRUM, .r_out = NAN, .r_mean_kpc = NAN, .area_kpc2 = NAN};
    ifs_derive_input in1 = {.lines = ll, .nregions = 1, .region = &one, .flux = flux + 6 * nl, .err = e + 6 * nl,
                            .spaxel_area_kpc2 = NAN, .z = 8.15, .mu = 3.29, .log_mstar = NAN};
    CHECK(ifs_derive_run(&cal, &in1, &set, &o, &err) == 0 && o->galaxy.region == 0 && !o->galaxy.has_gradient &&
              isnan(o->galaxy.log_ssfr) && isnan(o->region[0].log_sigma_star) && isnan(o->galaxy.rfmr_rho),
          "1D spectrum: %s", err.msg);
    CHECK_CLOSE(o->galaxy.log_sfr, 1.6033067, 0.001, "its SFR");
    ifs_derive_output_free(o);

    /* Curti et al. (2020) has no Ne3O2: R3 alone. */
    ifs_calibration curti;
    CHECK(ifs_calibration_load("curti2020", &curti, &err) == 0 &&
              ifs_derive_settings_default(&set, &curti, 11, &err) == 0 && set.oh.ndiag == 1 &&
              strcmp(set.oh.diag[0], "R3") == 0,
          "curti2020: R3 only");
    ifs_linelist_free(ll);
    return check_report("test_derive");
}
