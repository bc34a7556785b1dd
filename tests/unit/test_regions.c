/* test_regions.c: regions of a synthetic PRISM cube (an exponential line-emitting disk on a
 * continuum disk, noise 2.5 x the stated errors): geometry counted by hand, the centre (and its
 * fallback to the line map on hand-made maps), the
 * aperture radius from the line extent, the background, the fluxes of the aperture and of the
 * spaxels against the injected truth, and identical results for any thread count. */
#include "check.h"
#include "synth.h"

#include "ifscat/background.h"
#include "ifscat/fitcube.h"

#include <string.h>

#define NWAVE 940
#define NOISE_FACTOR 2.5

static ifs_resolution *res;
static ifs_linelist *list;
static ifs_wavegrid *grid;

/* Injected: z = 8.0, disk centred on spaxel (14, 16), scale lengths 1.6 (lines) and 2.5
 * (continuum) spaxels; total fluxes 1e-20 erg/s/cm2 with the ratios of science.md. */
static const double Z = 8.0, CX = 14, CY = 16, H_LINE = 1.6, H_CONT = 2.5;

static void injected(synth_line *lines)
{
    double f[] = {0, 240000, 150000, 36000, 0.301 * 150000, 24000, 90000, 168000, 36000, 360000, 1080000 / 2.99, 1080000};
    for (size_t l = 0; l < list->nlines; l++) {
        lines[l].rest_aa = list->lines[l].rest_aa;
        lines[l].flux = f[l];
    }
}

static void test_geometry(const ifs_cube *cube)
{
    ifs_error err;
    unsigned kinds;
    CHECK(ifs_regions_parse("spaxels,annuli", &kinds, &err) == 0 &&
              kinds == ((1u << IFS_REGION_SPAXEL) | (1u << IFS_REGION_ANNULUS)), "parse spaxels,annuli");
    CHECK(ifs_regions_parse("spaxels,rings", &kinds, &err) == IFS_ERR_INPUT && strstr(err.msg, "rings"),
          "unknown region kind named: %s", err.msg);
    CHECK(strcmp(ifs_region_kind_name(IFS_REGION_ANNULUS), "annulus") == 0 &&
              strcmp(ifs_region_kind_name(IFS_REGION_SPECTRUM), "spectrum") == 0, "kind names");
    ifs_region_set *set;
    ifs_regions_settings rs = {.kinds = 1u << IFS_REGION_APERTURE, .aperture_radius = 3, .snr_min = 3};
    CHECK(ifs_regions_build(cube, NULL, &rs, &set, &err) == IFS_ERR_INPUT, "an aperture needs the maps");

    /* A 1D observation is one region. */
    ifs_cube *one = ifs_cube_alloc(1, 1, NWAVE);
    rs.kinds = ~0u;
    CHECK(ifs_regions_build(one, NULL, &rs, &set, &err) == 0 && set->n == 1 &&
              set->region[0].kind == IFS_REGION_SPECTRUM && set->region[0].nspaxels == 1, "1D: one spectrum region");
    ifs_region_set_free(set);
    ifs_cube_free(one);
}

/* Number of spaxels at squared distance d2 from a centre well inside the cube, counted by hand:
 * d2 = 0: 1; 1, 2, 4, 8, 9, 16: 4; 5, 10, 13: 8. */
static void test_regions_and_maps(const ifs_cube *cube, const ifs_maps *maps, const synth_line *lines)
{
    ifs_error err;
    ifs_region_set *set;
    ifs_regions_settings rs = {.kinds = ~0u, .aperture_radius = 3, .nannuli = 4, .snr_min = 3};
    CHECK(ifs_regions_build(cube, maps, &rs, &set, &err) == 0, "%s", err.msg);
    CHECK(set->cx == (int)CX && set->cy == (int)CY && set->centre_from == IFS_CENTRE_CONTINUUM,
          "centre at the continuum peak: (%d, %d) from %s", set->cx, set->cy, ifs_centre_from_name(set->centre_from));
    size_t ns = cube->nx * cube->ny, want[] = {29, 5, 8, 16, 20};
    CHECK(set->n == 2 * ns + 1 + 4, "regions: %zu", set->n);
    const ifs_region *ap = &set->region[2 * ns];
    CHECK(ap->kind == IFS_REGION_APERTURE && ap->nspaxels == want[0] && ap->r_out == 3, "aperture r = 3: %zu spaxels",
          ap->nspaxels);
    for (int k = 1; k <= 4; k++) {
        const ifs_region *an = &set->region[2 * ns + (size_t)k];
        CHECK(an->kind == IFS_REGION_ANNULUS && an->number == k && an->nspaxels == want[k] && an->r_out == k &&
                  an->r_in == (k == 1 ? 0 : k - 1), "annulus %d: %zu spaxels, want %zu", k, an->nspaxels, want[k]);
    }
    /* Membership by geometry alone (what derived quantities use): the same hand counts. */
    for (int k = 0; k <= 4; k++) {
        size_t n = 0;
        for (size_t s = 0; s < ns; s++)
            n += (size_t)ifs_region_contains(&set->region[2 * ns + (size_t)k], (long)(s % cube->nx), (long)(s / cube->nx));
        CHECK(n == want[k], "region %d contains %zu spaxels by geometry, want %zu", k, n, want[k]);
    }
    CHECK(ifs_region_contains(&set->region[5], 5 % (long)cube->nx, 5 / (long)cube->nx) &&
              !ifs_region_contains(&set->region[5], 6 % (long)cube->nx, 6 / (long)cube->nx),
          "a spaxel region contains its own spaxel only");
    CHECK_CLOSE(set->region[2 * ns + 1].r_mean, 0.8, 1e-12, "central circle: mean radius (0 + 4 x 1) / 5");
    CHECK(set->region[0].kind == IFS_REGION_SPAXEL && set->region[ns].kind == IFS_REGION_SMOOTHED, "spaxels then smoothed");
    CHECK_CLOSE(set->region[(size_t)CY * cube->nx + (size_t)CX + 3].r_mean, 3, 1e-12, "spaxel 3 to the right: r = 3");
    ifs_region_set_free(set);

    /* Default radius: the extent of the line emission.  Expected independently: annulus k holds the
     * extent lines' flux times the summed disk weights, 98% inside +-1 FWHM; its noise is sqrt(N_k)
     * times a spaxel's narrow-band noise, 2.5 x the stated error over the channels within 1 FWHM. */
    double nb_var = 0;
    for (size_t l = 0; l < list->nlines; l++)
        if (list->lines[l].extent) {
            double obs = list->lines[l].rest_aa * (1 + Z), fwhm = obs / ifs_resolution_r(res, obs * 1e-4);
            for (size_t k = 0; k < NWAVE; k++)
                if (fabs(grid->wave_aa[k] - obs) <= fwhm) {
                    double e = NOISE_FACTOR * (grid->edge_aa[k + 1] - grid->edge_aa[k]);
                    nb_var += e * e;
                }
        }
    double extent_flux = lines[ifs_linelist_find(list, "Hbeta")].flux + lines[ifs_linelist_find(list, "OIII4960")].flux +
                         lines[ifs_linelist_find(list, "OIII5008")].flux;
    size_t predicted = 0;
    for (int k = 1; k < 15; k++) {
        double w = 0;
        size_t n = 0;
        for (int y = 0; y < (int)cube->ny; y++)
            for (int x = 0; x < (int)cube->nx; x++) {
                int d2 = (x - (int)CX) * (x - (int)CX) + (y - (int)CY) * (y - (int)CY);
                if (d2 <= k * k && (k == 1 || d2 > (k - 1) * (k - 1))) {
                    w += synth_disk_weight(x, y, CX, CY, H_LINE);
                    n++;
                }
            }
        if (0.98 * extent_flux * w / sqrt(n * nb_var) < 3)
            break;
        predicted = (size_t)k;
    }
    rs = (ifs_regions_settings){.kinds = 1u << IFS_REGION_APERTURE, .snr_min = 3};
    CHECK(ifs_regions_build(cube, maps, &rs, &set, &err) == 0, "%s", err.msg);
    CHECK(set->aperture_from_extent && set->extent + 1 >= predicted && set->extent <= predicted + 1,
          "line extent %zu annuli, expected %zu +- 1 from the injected disk", set->extent, predicted);
    CHECK(set->aperture_radius == fmin(fmax((double)set->extent, 5), 10), "default aperture radius = extent, within 5-10");
    ifs_region_set_free(set);
}

/* The centre on hand-made 30 x 30 maps with unit Gaussian noise (errors 1): a disk of 20 sigma at
 * its peak in the continuum map wins over a brighter line disk elsewhere; without it (noise only)
 * the line disk places the centre; with neither, the continuum's (noise) peak stays, marked as such. */
static void test_centre(gsl_rng *rng)
{
    enum { N = 30 };
    double cont[N * N], cont_err[N * N], line[N * N], line_err[N * N];
    ifs_maps maps = {.nx = N, .ny = N, .cont = cont, .cont_err = cont_err, .line = line, .line_err = line_err};
    ifs_cube *cube = ifs_cube_alloc(N, N, 1);
    ifs_regions_settings rs = {.kinds = 1u << IFS_REGION_APERTURE, .aperture_radius = 3, .snr_min = 3};
    ifs_error err;
    for (int with = 0; with < 4; with++) { /* bit 0: continuum disk at (10, 12); bit 1: line disk at (20, 8) */
        for (int s = 0; s < N * N; s++) {
            int x = s % N, y = s / N;
            cont[s] = gsl_ran_gaussian(rng, 1) + ((with & 1) ? 20 * exp(-hypot(x - 10, y - 12) / 2.0) : 0);
            line[s] = gsl_ran_gaussian(rng, 1) + ((with & 2) ? 50 * exp(-hypot(x - 20, y - 8) / 2.0) : 0);
            cont_err[s] = line_err[s] = 1;
        }
        ifs_region_set *set;
        CHECK(ifs_regions_build(cube, &maps, &rs, &set, &err) == 0, "%s", err.msg);
        int from_lines = with == 2, x = from_lines ? 20 : 10, y = from_lines ? 8 : 12;
        CHECK(set->centre_from == (from_lines ? IFS_CENTRE_LINES : IFS_CENTRE_CONTINUUM),
              "case %d: centre from %s", with, ifs_centre_from_name(set->centre_from));
        if (with)
            CHECK(set->cx == x && set->cy == y, "case %d: centre (%d, %d), want (%d, %d)", with, set->cx, set->cy, x, y);
        ifs_region_set_free(set);
    }
    ifs_cube_free(cube);
}

/* Sums: an isolated bad voxel of one member counts with the interpolation of its neighbours, two
 * adjacent ones mask the channels, a spaxel masked everywhere is left out, one spaxel is as it is. */
static void test_sum(void)
{
    ifs_cube *c = ifs_cube_alloc(3, 1, 5);
    double wave[] = {1.0, 1.1, 1.3, 1.4, 1.5};
    for (size_t k = 0; k < 5; k++) {
        c->wave_um[k] = wave[k];
        for (size_t s = 0; s < 3; s++) {
            c->flux[s * 5 + k] = (float)(10 * (s + 1) + k);
            c->err[s * 5 + k] = 0.5f;
        }
    }
    c->mask[0 * 5 + 1] = 1;                    /* isolated: t = (1.1 - 1.0) / (1.3 - 1.0), (1 - t) 10 + t 12 */
    c->mask[1 * 5 + 3] = c->mask[1 * 5 + 4] = 1; /* at the edge and next to another: not filled */
    memset(c->mask + 2 * 5, 1, 5);             /* outside the footprint */
    ifs_spectrum *out = ifs_spectrum_alloc(5);
    size_t all[] = {0, 1, 2};
    CHECK(ifs_spectrum_sum(c, all, 3, out) == 2, "the empty spaxel is left out");
    CHECK_CLOSE(out->flux[1], (2.0 / 3 * 10 + 1.0 / 3 * 12) + 21, 1e-5, "isolated bad voxel interpolated in wavelength");
    CHECK_CLOSE(out->err[1], sqrt(0.5), 1e-6, "its error interpolated too, added in quadrature");
    CHECK(!out->mask[1] && !out->mask[2] && out->mask[3] && out->mask[4], "adjacent bad voxels mask their channels");
    CHECK(ifs_spectrum_sum(c, all, 1, out) == 1 && out->mask[1] && out->flux[2] == 12, "one spaxel: as it is");
    ifs_spectrum_free(out);
    ifs_cube_free(c);
}

/* Background: a spectrum added to every spaxel of a faint source is recovered from the source-free
 * spaxels, within its error. */
static void test_background(gsl_rng *rng)
{
    ifs_error err;
    synth_line lines[16];
    injected(lines);
    for (size_t l = 0; l < list->nlines; l++)
        lines[l].flux /= 100;
    /* Compact: beyond 8 spaxels the disk adds < 1e-4 of its flux per spaxel, far below the noise. */
    ifs_cube *c = synth_cube(grid, res, 24, 24, Z, lines, list->nlines, 11, 12, 1.0, 1.0, 400, -1.8, 1.0, NOISE_FACTOR, rng);
    double *bg_true = malloc(NWAVE * sizeof *bg_true);
    for (size_t k = 0; k < NWAVE; k++) {
        bg_true[k] = 0.8 + 0.3 * sin(grid->wave_aa[k] / 2000);
        for (size_t s = 0; s < 24 * 24; s++)
            c->flux[s * NWAVE + k] += (float)bg_true[k];
    }
    ifs_specfit_settings set;
    ifs_specfit_settings_default(&set, Z);
    ifs_lineplan *plan;
    ifs_maps *maps;
    ifs_specfit_plan(list, res, &set, &plan, &err);
    CHECK(ifs_maps_compute(c, grid, list, plan, &set, &maps, &err) == 0, "%s", err.msg);
    size_t *spx = malloc(24 * 24 * sizeof *spx);
    size_t n = ifs_background_spaxels(maps, 11, 12, 8, 3, spx);
    CHECK(n > 250 && n < 24 * 24 - 201, "source-free spaxels: %zu", n);
    ifs_spectrum *bg = ifs_spectrum_alloc(NWAVE);
    CHECK(ifs_background_measure(c, spx, n, bg, &err) == 0, "%s", err.msg);
    CHECK(ifs_background_measure(c, spx, 10, bg, &err) == IFS_ERR_INPUT, "too few background spaxels refused");
    ifs_background_measure(c, spx, n, bg, &err);
    /* The stated errors are 1/2.5 of the noise, so the background's error is too: its pulls have a
     * spread of 2.5; the mean over 940 channels is 0 within 4 x 2.5 / sqrt(940). */
    double sum = 0, sum2 = 0;
    for (size_t k = 0; k < NWAVE; k++) {
        double p = (bg->flux[k] - bg_true[k]) / bg->err[k];
        sum += p;
        sum2 += p * p;
    }
    double mean = sum / NWAVE, sd = sqrt(sum2 / NWAVE - mean * mean);
    CHECK(fabs(mean) < 4 * NOISE_FACTOR / sqrt(NWAVE), "background pulls centred: %.3f", mean);
    CHECK(fabs(sd / NOISE_FACTOR - 1) < 0.15, "background pull spread / 2.5 = %.3f", sd / NOISE_FACTOR);
    float before = c->flux[5 * NWAVE + 100];
    ifs_background_subtract(c, bg);
    CHECK_CLOSE(c->flux[5 * NWAVE + 100], before - bg->flux[100], 1e-3, "subtracted");
    free(spx);
    free(bg_true);
    ifs_spectrum_free(bg);
    ifs_maps_free(maps);
    ifs_lineplan_free(plan);
    ifs_cube_free(c);
}

static void test_fit(const ifs_cube *cube, const ifs_maps *maps, const ifs_lineplan *plan, const ifs_specfit_settings *set,
                     const synth_line *lines)
{
    ifs_error err;
    ifs_region_set *regions;
    ifs_regions_settings rs = {.kinds = (1u << IFS_REGION_SPAXEL) | (1u << IFS_REGION_SMOOTHED) |
                                        (1u << IFS_REGION_APERTURE) | (1u << IFS_REGION_ANNULUS),
                               .aperture_radius = 6, .snr_min = 3};
    CHECK(ifs_regions_build(cube, maps, &rs, &regions, &err) == 0, "%s", err.msg);
    ifs_fitcube_input in = {cube, regions, grid, list, plan, set, .keep_kinds = 1u << IFS_REGION_APERTURE};
    ifs_fitcube_output *one, *three;
    CHECK(ifs_fitcube_run(&in, 1, NULL, NULL, &one, &err) == 0, "%s", err.msg);
    CHECK(ifs_fitcube_run(&in, 3, NULL, NULL, &three, &err) == 0, "%s", err.msg);
    size_t n = regions->n;
    CHECK(memcmp(one->line, three->line, n * list->nlines * sizeof *one->line) == 0 &&
              memcmp(one->group, three->group, n * list->ngroups * sizeof *one->group) == 0,
          "1 and 3 threads give identical results");

    int hb = ifs_linelist_find(list, "Hbeta"), o3 = ifs_linelist_find(list, "OIII5008");
    size_t ns = cube->nx * cube->ny;
    /* Aperture: truth = total flux x the disk weights summed over its spaxels. */
    size_t a = 2 * ns;
    CHECK(regions->region[a].kind == IFS_REGION_APERTURE, "aperture region");
    double w = 0;
    for (size_t i = 0; i < regions->region[a].nspaxels; i++) {
        size_t s = regions->spaxel[regions->region[a].first + i];
        w += synth_disk_weight((double)(s % cube->nx), (double)(s / cube->nx), CX, CY, H_LINE);
    }
    const ifs_line_fit *al = one->line + a * list->nlines;
    for (int l = 0; l < 2; l++) {
        int li = l ? o3 : hb;
        double truth = lines[li].flux * w;
        CHECK(al[li].status == IFS_FIT_OK && al[li].snr > 30, "aperture %s S/N %.0f", list->lines[li].name, al[li].snr);
        CHECK(fabs(al[li].flux - truth) < 0.03 * truth, "aperture %s within 3%%: %.0f +- %.0f, truth %.0f",
              list->lines[li].name, al[li].flux, al[li].err, truth);
    }
    const ifs_group_fit *ag = one->group + a * list->ngroups;
    CHECK(fabs(ag[list->ngroups - 1].z - Z) < 0.002 * (1 + Z), "aperture redshift %.4f", ag[list->ngroups - 1].z);
    CHECK(one->result[a].error_scale > 2 && one->result[a].error_scale < 3, "aperture error scale %.2f",
          one->result[a].error_scale);

    /* Spaxels: pulls of every line with S/N > 5, truth = total x the spaxel's disk weight. */
    double s1 = 0, s2 = 0;
    size_t np = 0;
    for (size_t r = 0; r < ns; r++) {
        const ifs_region *reg = &regions->region[r];
        double wt = synth_disk_weight(reg->x, reg->y, CX, CY, H_LINE);
        for (size_t l = 0; l < list->nlines; l++) {
            const ifs_line_fit *lf = &one->line[r * list->nlines + l];
            if (lf->status == IFS_FIT_OK && lf->snr > 5) {
                double p = (lf->flux - lines[l].flux * wt) / lf->err;
                s1 += p;
                s2 += p * p;
                np++;
            }
        }
    }
    double mean = s1 / (double)np, sd = sqrt(s2 / (double)np - mean * mean);
    CHECK(np > 200, "spaxel lines with S/N > 5: %zu", np);
    CHECK(sd >= 0.8 && sd <= 1.25, "spaxel pull standard deviation %.3f (issue: 0.8-1.25)", sd);
    CHECK(fabs(mean) < 0.2, "spaxel pull mean %.3f", mean);
    ifs_fitcube_output_free(one);
    ifs_fitcube_output_free(three);
    ifs_region_set_free(regions);
}

int main(void)
{
    ifs_error err;
    ifs_gsl_quiet();
    if (ifs_resolution_load("prism", &res, &err) || ifs_linelist_load(NULL, &list, &err))
        SKIP(err.msg);
    double *wave = synth_prism_grid(res, NWAVE);
    ifs_wavegrid_alloc(wave, NWAVE, &grid, &err);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 5008);
    synth_line lines[16];
    injected(lines);
    ifs_cube *cube = synth_cube(grid, res, 30, 30, Z, lines, list->nlines, CX, CY, H_LINE, H_CONT, 4000, -1.8, 1.0,
                                NOISE_FACTOR, rng);
    ifs_specfit_settings set;
    ifs_specfit_settings_default(&set, Z);
    ifs_lineplan *plan;
    ifs_maps *maps;
    CHECK(ifs_specfit_plan(list, res, &set, &plan, &err) == 0, "%s", err.msg);
    CHECK(ifs_maps_compute(cube, grid, list, plan, &set, &maps, &err) == 0, "%s", err.msg);
    test_sum();
    test_geometry(cube);
    test_regions_and_maps(cube, maps, lines);
    test_centre(rng);
    test_background(rng);
    test_fit(cube, maps, plan, &set, lines);
    ifs_maps_free(maps);
    ifs_lineplan_free(plan);
    ifs_cube_free(cube);
    gsl_rng_free(rng);
    ifs_wavegrid_free(grid);
    ifs_linelist_free(list);
    ifs_resolution_free(res);
    free(wave);
    return check_report("test_regions");
}
