/* synth.h: synthetic NIRSpec PRISM spectra with injected lines for the fitting tests and benchmarks:
 * a wavelength grid sampled like an s3d PRISM cube, a power-law continuum, pixel-integrated
 * Gaussian lines at the instrumental width of the shipped resolution curve, and Gaussian noise whose
 * true sigma is a multiple of the stated error (real cubes understate it, science.md section 2). */
#ifndef IFSCAT_SYNTH_H
#define IFSCAT_SYNTH_H

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ifscat/cube.h"
#include "ifscat/lines.h"
#include "ifscat/resolution.h"
#include "ifscat/spectrum.h"

/* s3d PRISM cubes have about 940 channels over 0.6-5.3 um (science.md section 2; issue 3), i.e.
 * channels spaced evenly in the integral of R / lambda: 0.6-5.3 um holds about 196 resolution
 * elements, so 940 channels are ~4.8 per FWHM. */
static inline double *synth_prism_grid(const ifs_resolution *res, size_t n)
{
    enum { STEPS = 20000 };
    double *cum = malloc((STEPS + 1) * sizeof *cum), *wave = malloc(n * sizeof *wave);
    double lo = 0.6, hi = 5.3, h = (hi - lo) / STEPS;
    cum[0] = 0;
    for (int i = 0; i < STEPS; i++) {
        double l = lo + (i + 0.5) * h;
        cum[i + 1] = cum[i] + ifs_resolution_r(res, l) / l * h;
    }
    for (size_t k = 0, i = 0; k < n; k++) {
        double target = cum[STEPS] * (double)k / (double)(n - 1);
        while (i < STEPS && cum[i + 1] < target)
            i++;
        double t = cum[i + 1] > cum[i] ? (target - cum[i]) / (cum[i + 1] - cum[i]) : 0;
        wave[k] = lo + (i + (t > 1 ? 1 : t)) * h;
    }
    free(cum);
    return wave;
}

typedef struct synth_line {
    double rest_aa, flux; /* flux in 1e-20 erg/s/cm2 */
} synth_line;

/* Fills spec: continuum cont_1um * (lambda / 1 um)^beta (f_lambda), lines at redshift z with
 * sigma = scale * lambda / R / 2.3548 integrated over each pixel (edges: midpoints between
 * centres), stated error err_stated, true noise noise_factor * err_stated (no noise if rng NULL). */
static inline void synth_spectrum(const ifs_wavegrid *grid, const ifs_resolution *res, double z, double scale,
                                  const synth_line *lines, size_t nlines, double cont_1um, double beta,
                                  double err_stated, double noise_factor, gsl_rng *rng, ifs_spectrum *spec)
{
    for (size_t k = 0; k < grid->n; k++) {
        double lo = grid->edge_aa[k], hi = grid->edge_aa[k + 1], v = cont_1um * pow(grid->wave_aa[k] / 1e4, beta);
        for (size_t l = 0; l < nlines; l++) {
            double mu = lines[l].rest_aa * (1 + z);
            double sig = scale * mu / ifs_resolution_r(res, mu * 1e-4) / 2.3548200450309493;
            v += lines[l].flux * 0.5 * (erf((hi - mu) / (sig * sqrt(2))) - erf((lo - mu) / (sig * sqrt(2)))) / (hi - lo);
        }
        spec->flux[k] = v + (rng ? gsl_ran_gaussian(rng, noise_factor * err_stated) : 0);
        spec->err[k] = err_stated;
        spec->mask[k] = 0;
    }
}

/* Flux weight of spaxel (x, y) in an exponential disk of scale length h spaxels centred on (cx, cy),
 * sampled at spaxel centres and normalised to a sum of 1 over an infinite grid (2 pi h^2 for the
 * integral of exp(-r / h)). */
static inline double synth_disk_weight(double x, double y, double cx, double cy, double h)
{
    return exp(-hypot(x - cx, y - cy) / h) / (2 * M_PI * h * h);
}

/* A cube on the wavelength grid of grid: every spaxel is synth_spectrum with line fluxes and
 * continuum scaled by synth_disk_weight (lines with scale length h_line, continuum with h_cont),
 * plus Gaussian noise of noise_factor x err_stated.  Lines are computed once as unit profiles. */
static inline ifs_cube *synth_cube(const ifs_wavegrid *grid, const ifs_resolution *res, size_t nx, size_t ny, double z,
                                   const synth_line *lines, size_t nlines, double cx, double cy, double h_line,
                                   double h_cont, double cont_1um, double beta, double err_stated,
                                   double noise_factor, gsl_rng *rng)
{
    size_t nw = grid->n;
    ifs_cube *c = ifs_cube_alloc(nx, ny, nw);
    double *unit = calloc(nw, sizeof *unit), *cont = malloc(nw * sizeof *cont);
    ifs_spectrum *s = ifs_spectrum_alloc(nw);
    synth_spectrum(grid, res, z, 1.0, lines, nlines, 0, beta, err_stated, 0, NULL, s);
    for (size_t k = 0; k < nw; k++) {
        unit[k] = s->flux[k];
        cont[k] = cont_1um * pow(grid->wave_aa[k] / 1e4, beta);
        c->wave_um[k] = grid->wave_aa[k] * 1e-4;
    }
    for (size_t y = 0; y < ny; y++)
        for (size_t x = 0; x < nx; x++) {
            double wl = synth_disk_weight(x, y, cx, cy, h_line), wc = synth_disk_weight(x, y, cx, cy, h_cont);
            for (size_t k = 0; k < nw; k++) {
                size_t j = ifs_cube_index(c, x, y, k);
                c->flux[j] = (float)(wl * unit[k] + wc * cont[k] + gsl_ran_gaussian(rng, noise_factor * err_stated));
                c->err[j] = (float)err_stated;
            }
        }
    c->pixscale_arcsec = 0.05;
    snprintf(c->grating, sizeof c->grating, "PRISM");
    free(unit);
    free(cont);
    ifs_spectrum_free(s);
    return c;
}

#endif
