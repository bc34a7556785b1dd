/* bench_fit.c: line fitting of every spaxel of a 40 x 40 x 940 PRISM cube, raw and 3x3-smoothed,
 * all five groups (issue 4: under 1.5 s wall on 2 cores; scipy curve_fit takes about 9 ms per
 * group per spaxel, the aim is 100 times less).  The cube is the synthetic disk of the unit tests:
 * an exponential line-emitting disk at z = 8 on a continuum, noise 2.5 x the stated errors.
 * Times the regions and the fit on 1 and 2 threads, each the best of 3 runs (the machine is
 * shared), and prints bench/run's RESULT lines. */
#include "../tests/unit/synth.h"

#include "ifscat/fitcube.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum { SIDE = 40, NWAVE = 940, REPEAT = 3 };

/* The reference measured for the issue: scipy.optimize.curve_fit, one group of one spaxel. */
static const double SCIPY_S_PER_GROUP = 9e-3;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double load1(void)
{
    double l = NAN;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = NAN;
        fclose(f);
    }
    return l;
}

static void result(const char *name, double value, const char *unit, const char *goal, int ok, const char *note)
{
    printf("RESULT\tfit: %s\t%.4g\t%s\t%s\t%s\t%s\n", name, value, unit, goal, !*goal ? "" : ok ? "ok" : "MISS", note);
}

/* Regions and fit of the whole cube on nthreads threads: wall seconds (best of REPEAT). */
static double run(const ifs_cube *cube, const ifs_wavegrid *grid, const ifs_linelist *list, const ifs_lineplan *plan,
                  const ifs_specfit_settings *set, int nthreads, size_t *nregions, size_t *nok)
{
    double best = INFINITY;
    for (int rep = 0; rep < REPEAT; rep++) {
        ifs_error err;
        ifs_region_set *regions;
        ifs_fitcube_output *out;
        double t0 = now();
        ifs_regions_settings rs = {.kinds = (1u << IFS_REGION_SPAXEL) | (1u << IFS_REGION_SMOOTHED), .snr_min = 3};
        if (ifs_regions_build(cube, NULL, &rs, &regions, &err)) {
            fprintf(stderr, "bench_fit: %s\n", err.msg);
            exit(1);
        }
        ifs_fitcube_input in = {cube, regions, grid, list, plan, set, 0};
        if (ifs_fitcube_run(&in, nthreads, NULL, NULL, &out, &err)) {
            fprintf(stderr, "bench_fit: %s\n", err.msg);
            exit(1);
        }
        best = fmin(best, now() - t0);
        *nregions = regions->n;
        *nok = 0;
        for (size_t i = 0; i < out->nregions * out->ngroups; i++)
            *nok += out->group[i].status == IFS_FIT_OK;
        ifs_fitcube_output_free(out);
        ifs_region_set_free(regions);
    }
    return best;
}

int main(void)
{
    ifs_error err;
    ifs_gsl_quiet();
    ifs_resolution *res;
    ifs_linelist *list;
    if (ifs_resolution_load("prism", &res, &err) || ifs_linelist_load(NULL, &list, &err)) {
        fprintf(stderr, "bench_fit: %s\n", err.msg);
        return 1;
    }
    double *wave = synth_prism_grid(res, NWAVE);
    ifs_wavegrid *grid;
    ifs_wavegrid_alloc(wave, NWAVE, &grid, &err);
    /* Fluxes of the unit tests' disk (test_regions.c), ratios of science.md. */
    double z = 8.0, f[] = {0, 240000, 150000, 36000, 0.301 * 150000, 24000, 90000, 168000, 36000, 360000, 1080000 / 2.99, 1080000};
    synth_line lines[16];
    for (size_t l = 0; l < list->nlines; l++)
        lines[l] = (synth_line){list->lines[l].rest_aa, f[l]};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 940);
    ifs_cube *cube = synth_cube(grid, res, SIDE, SIDE, z, lines, list->nlines, 19.5, 20.5, 3, 3, 4000, -1.8, 1.0, 2.5, rng);
    ifs_specfit_settings set;
    ifs_specfit_settings_default(&set, z);
    ifs_lineplan *plan;
    ifs_specfit_plan(list, res, &set, &plan, &err);

    double load = load1();
    size_t nreg, nok;
    double t1 = run(cube, grid, list, plan, &set, 1, &nreg, &nok);
    double t2 = run(cube, grid, list, plan, &set, 2, &nreg, &nok);
    size_t nfits = nreg * list->ngroups;
    char note[256];
    snprintf(note, sizeof note, "best of %d; %zu spectra x %zu groups, %zu ok; load average %.2f before", REPEAT, nreg,
             list->ngroups, nok, load);
    result("40x40x940 PRISM, raw + smoothed, 2 threads", t2, "s", "< 1.5", t2 < 1.5, note);
    result("per spectrum (5 groups), 1 thread", t1 / (double)nreg * 1e6, "us", "", 0, "");
    double speedup = SCIPY_S_PER_GROUP / (t1 / (double)nfits);
    snprintf(note, sizeof note, "scipy curve_fit 9 ms per group; here %.0f us per group, 1 thread",
             t1 / (double)nfits * 1e6);
    result("speed-up over scipy per group fit", speedup, "x", ">= 100", speedup >= 100, note);
    snprintf(note, sizeof note, "1 thread %.3f s, 2 threads %.3f s", t1, t2);
    result("thread scaling 1 -> 2", t1 / t2, "x", "", 0, note);

    ifs_lineplan_free(plan);
    ifs_cube_free(cube);
    gsl_rng_free(rng);
    ifs_wavegrid_free(grid);
    ifs_linelist_free(list);
    ifs_resolution_free(res);
    free(wave);
    return 0;
}
