/* mock.c: the noise-free forward model of a PRISM IFU cube: wavelength grid, line list and line
 * ratios from the calibration, exponential disks with a metallicity gradient, PSF blur,
 * instrumental line profiles and a power-law continuum. */
#include "ifscat/mock.h"

#include "ifscat/calibration.h"
#include "ifscat/cosmology.h"
#include "ifscat/dust.h"
#include "ifscat/lines.h"
#include "ifscat/resolution.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Subpixels per spaxel side used to integrate the surface brightness over a spaxel: the
 * exponential's cusp at r = 0 is then resolved to 1/5 spaxel (0.01"). */
#define SUBPIX 5
/* Fine grid for the integral of R / lambda that places the table-variant channels. */
#define NFINE 20000
/* The diagnostics that set line fluxes, applied in this order: each has one numerator and one
 * denominator line, the denominator known when it is applied (H-beta first). */
static const char *const ratio_diagnostics[] = {"R3", "R2", "Ne3O2"};

void ifs_mock_defaults(ifs_mock_params *p)
{
    memset(p, 0, sizeof *p);
    p->nx = p->ny = 57;
    p->nwave = 941;
    p->wave_min_um = 0.6;
    p->wave_max_um = 5.3;
    p->wave_table = 1;
    p->pixscale_arcsec = 0.05;
    p->ra_deg = 150.0;
    p->dec_deg = 2.0;
    p->x0 = p->y0 = 28.0;
    p->z = 8.0;
    p->mu = 1.0;
    p->oh0 = 7.7;
    p->rd_kpc = 0.5;
    p->hbeta = 500.0;
    /* Rest EW(H-beta) 150 A: z > 6 galaxies have EW([OIII]+H-beta) ~ 800 A (Endsley et al. 2023,
     * MNRAS 524, 2312), of which H-beta is ~1/6 at the default metallicity's R3. */
    p->ew_hbeta_aa = 150.0;
    p->beta = -2.0;
    p->psf_fwhm_arcsec = 0.15;
    p->noise = 0.02;
    p->k = 2.5;
    p->bad_fraction = 0.001;
    p->seed = 1;
    p->exptime_s = 3000.0;
    p->calibration = NULL;
}

void ifs_mock_model_free(ifs_mock_model *m)
{
    if (!m)
        return;
    free(m->wave_um);
    free(m->lines);
    free(m->line_map);
    free(m->profile);
    free(m->cont_map);
    free(m->cont_shape);
    free(m->oh_map);
    free(m);
}

static int check_params(const ifs_mock_params *p, ifs_error *err)
{
#define REQUIRE(cond, opt, value, want)                                                            \
    if (!(cond))                                                                                   \
        return ifs_error_set(err, IFS_ERR_INPUT, "mock: %s %g is out of range: %s", opt, (double)(value), want)
    REQUIRE(p->nx >= 1 && p->nx <= 4096, "--size NX", p->nx, "1-4096 spaxels");
    REQUIRE(p->ny >= 1 && p->ny <= 4096, "--size NY", p->ny, "1-4096 spaxels");
    REQUIRE(p->nwave >= 10 && p->nwave <= 100000, "--nwave", p->nwave, "10-100000 channels");
    REQUIRE(p->wave_min_um > 0 && p->wave_max_um > p->wave_min_um, "--wave MIN", p->wave_min_um, "need 0 < MIN < MAX");
    REQUIRE(p->pixscale_arcsec > 0, "--pixscale", p->pixscale_arcsec, "must be > 0 arcsec");
    REQUIRE(p->ra_deg >= 0 && p->ra_deg < 360, "--ra", p->ra_deg, "must be in [0, 360) deg");
    REQUIRE(p->dec_deg > -90 && p->dec_deg < 90, "--dec", p->dec_deg, "must be in (-90, 90) deg");
    REQUIRE(p->z > 0 && p->z <= 30, "--z", p->z, "must be in (0, 30]");
    REQUIRE(p->mu >= 1, "--mu", p->mu, "must be >= 1");
    REQUIRE(p->rd_kpc > 0, "--rd", p->rd_kpc, "must be > 0 kpc");
    REQUIRE(p->hbeta >= 0, "--hbeta", p->hbeta, "must be >= 0");
    REQUIRE(p->ew_hbeta_aa > 0, "--ew", p->ew_hbeta_aa, "must be > 0 Angstrom");
    REQUIRE(p->av >= 0 && p->av <= 10, "--av", p->av, "must be in [0, 10] mag");
    REQUIRE(p->hbeta_snr >= 0, "--hbeta-snr", p->hbeta_snr, "must be >= 0");
    REQUIRE(p->psf_fwhm_arcsec >= 0, "--psf", p->psf_fwhm_arcsec, "must be >= 0 arcsec");
    REQUIRE(p->noise > 0, "--noise", p->noise, "must be > 0");
    REQUIRE(p->k > 0, "--k", p->k, "must be > 0");
    REQUIRE(p->bad_fraction >= 0 && p->bad_fraction <= 1, "--bad-fraction", p->bad_fraction, "must be in [0, 1]");
    REQUIRE(p->exptime_s >= 0, "--exptime", p->exptime_s, "must be >= 0 s");
    REQUIRE(p->nsat >= 0 && p->nsat <= IFS_MOCK_MAX_SATELLITES, "--satellite (count)", p->nsat, "at most 8");
    for (int i = 0; i < p->nsat; i++) {
        REQUIRE(p->sat[i].hbeta >= 0, "--satellite HBETA", p->sat[i].hbeta, "must be >= 0");
        REQUIRE(p->sat[i].rd_kpc > 0, "--satellite RD", p->sat[i].rd_kpc, "must be > 0 kpc");
    }
#undef REQUIRE
    return IFS_OK;
}

/* Wavelengths: the table variant spaces channels uniformly in resolution elements,
 * u(lambda) = integral of R(l) / l dl, so each PRISM resolution element gets the same number of
 * channels, as the pipeline's PRISM cubes do; the linear variant spaces them uniformly. */
static int make_grid(ifs_mock_model *m, const ifs_resolution *res, ifs_error *err)
{
    const ifs_mock_params *p = &m->p;
    size_t n = p->nwave;
    if (!p->wave_table) {
        for (size_t k = 0; k < n; k++)
            m->wave_um[k] = p->wave_min_um + (p->wave_max_um - p->wave_min_um) * (double)k / (double)(n - 1);
        return IFS_OK;
    }
    double *l = malloc(NFINE * sizeof *l), *u = malloc(NFINE * sizeof *u);
    if (!l || !u) {
        free(l);
        free(u);
        return ifs_error_set(err, IFS_ERR_NOMEM, "mock: out of memory");
    }
    u[0] = 0;
    for (size_t i = 0; i < NFINE; i++) {
        l[i] = p->wave_min_um + (p->wave_max_um - p->wave_min_um) * (double)i / (NFINE - 1);
        if (i)
            u[i] = u[i - 1] + 0.5 * (ifs_resolution_r(res, l[i]) / l[i] +
                                     ifs_resolution_r(res, l[i - 1]) / l[i - 1]) * (l[i] - l[i - 1]);
    }
    size_t j = 0;
    for (size_t k = 0; k < n; k++) {
        double target = u[NFINE - 1] * (double)k / (double)(n - 1);
        while (j + 2 < NFINE && u[j + 1] < target)
            j++;
        double f = (target - u[j]) / (u[j + 1] - u[j]);
        m->wave_um[k] = l[j] + f * (l[j + 1] - l[j]);
    }
    m->wave_um[0] = p->wave_min_um;
    m->wave_um[n - 1] = p->wave_max_um;
    free(l);
    free(u);
    return IFS_OK;
}

/* Fraction of a Gaussian line's flux per Angstrom in each channel: the Gaussian integrated over
 * the channel (edges halfway between channel centres) divided by the channel width. */
static void line_profile(const double *w, size_t n, double mu_um, double sigma_um, double *out)
{
    for (size_t k = 0; k < n; k++) {
        double lo = k ? 0.5 * (w[k - 1] + w[k]) : w[0] - 0.5 * (w[1] - w[0]);
        double hi = k + 1 < n ? 0.5 * (w[k] + w[k + 1]) : w[n - 1] + 0.5 * (w[n - 1] - w[n - 2]);
        double a = 0.5 * erfc(-(lo - mu_um) / (sigma_um * M_SQRT2));
        double b = 0.5 * erfc(-(hi - mu_um) / (sigma_um * M_SQRT2));
        out[k] = (b - a) / ((hi - lo) * 1e4);
    }
}

/* Flux of each line relative to H-beta at metallicity oh: Case B for Balmer lines, the
 * calibration's diagnostics for the metal lines, fixed ratios for tied lines, 0 otherwise. */
static void line_ratios(const ifs_linelist *ll, const ifs_calibration *cal, const double *atten, double oh,
                        double *ratio, int *known)
{
    for (size_t i = 0; i < ll->nlines; i++) {
        known[i] = ll->lines[i].case_b > 0;
        ratio[i] = ll->lines[i].case_b;
    }
    for (size_t d = 0; d < sizeof ratio_diagnostics / sizeof ratio_diagnostics[0]; d++) {
        const ifs_diagnostic *dg = ifs_calibration_find(cal, ratio_diagnostics[d]);
        if (!dg || dg->nnum != 1 || dg->nden != 1)
            continue;
        int num = ifs_linelist_find(ll, dg->numerator[0]), den = ifs_linelist_find(ll, dg->denominator[0]);
        if (num < 0 || den < 0 || !known[den] || known[num])
            continue;
        ratio[num] = ratio[den] * pow(10.0, ifs_diagnostic_eval(dg, cal->x_offset, oh));
        known[num] = 1;
    }
    for (size_t i = 0; i < ll->nlines; i++) {
        int t = ll->lines[i].tied_to;
        if (t >= 0 && known[t] && !known[i]) {
            ratio[i] = ll->lines[i].flux_ratio * ratio[t];
            known[i] = 1;
        }
    }
    for (size_t i = 0; i < ll->nlines; i++)
        ratio[i] *= atten[i];
}

/* Dust: each line's flux relative to H-beta's, 10^(-0.4 (k(line) - k(H-beta)) A_V / R_V) with the
 * Calzetti et al. (2000) curve (dust.h), so that the observed H-beta stays the one given. */
static void attenuation(const ifs_linelist *ll, double av, int hbeta, double *atten)
{
    double kb = ifs_dust_calzetti_k(ll->lines[hbeta].rest_aa * 1e-4, IFS_CALZETTI_RV);
    for (size_t i = 0; i < ll->nlines; i++)
        atten[i] = av == 0 ? 1.0
                           : pow(10.0, -0.4 * (ifs_dust_calzetti_k(ll->lines[i].rest_aa * 1e-4, IFS_CALZETTI_RV) - kb) *
                                           av / IFS_CALZETTI_RV);
}

/* In-place separable convolution of an nx x ny map with a normalised Gaussian (zero outside the
 * field: flux blurred out of the field is lost, as in a real cube). */
static int blur(double *map, size_t nx, size_t ny, double sigma_pix)
{
    if (sigma_pix <= 0)
        return IFS_OK;
    int half = (int)ceil(4.0 * sigma_pix);
    size_t nk = 2 * (size_t)half + 1, nmax = nx > ny ? nx : ny;
    double *kern = malloc(nk * sizeof *kern), *tmp = malloc(nmax * sizeof *tmp);
    if (!kern || !tmp) {
        free(kern);
        free(tmp);
        return IFS_ERR_NOMEM;
    }
    double sum = 0;
    for (int i = -half; i <= half; i++)
        sum += kern[i + half] = exp(-0.5 * i * i / (sigma_pix * sigma_pix));
    for (size_t i = 0; i < nk; i++)
        kern[i] /= sum;
    for (int pass = 0; pass < 2; pass++) {
        size_t nline = pass ? nx : ny, len = pass ? ny : nx, stride = pass ? nx : 1,
               step = pass ? 1 : nx;
        for (size_t a = 0; a < nline; a++) {
            double *v = map + a * step;
            for (size_t i = 0; i < len; i++) {
                double acc = 0;
                for (int j = -half; j <= half; j++) {
                    long q = (long)i + j;
                    if (q >= 0 && q < (long)len)
                        acc += kern[j + half] * v[(size_t)q * stride];
                }
                tmp[i] = acc;
            }
            for (size_t i = 0; i < len; i++)
                v[i * stride] = tmp[i];
        }
    }
    free(kern);
    free(tmp);
    return IFS_OK;
}

/* One component (host or satellite): an exponential disk of total H-beta flux hbeta centred on
 * (xc, yc), integrated over each spaxel on a SUBPIX x SUBPIX grid, adding every line's flux and
 * the continuum to the maps.  oh(r_kpc) = oh0 + gradient r_kpc; outside the calibration's valid
 * range its polynomials are extrapolated (the truth says where: published satellites and some
 * hosts lie below the 7.4 of Sanders et al. 2024, and a clamp would change the truth). */
static void add_component(ifs_mock_model *m, const ifs_linelist *ll, const ifs_calibration *cal,
                          const double *atten, double xc, double yc, double hbeta, double rd_kpc, double oh0,
                          double gradient, double *ratio, int *known)
{
    const ifs_mock_params *p = &m->p;
    size_t nspax = p->nx * p->ny;
    double kpc_per_pix = p->pixscale_arcsec * m->kpc_per_arcsec, rd = rd_kpc / kpc_per_pix;
    double norm = hbeta / (2.0 * M_PI * rd * rd) / (SUBPIX * SUBPIX); /* per subpixel */
    /* f_lambda at H-beta per unit H-beta flux: 1 / EW_observed (the same EW for every component). */
    double cont_per_hbeta = 1.0 / (p->ew_hbeta_aa * (1.0 + p->z));
    for (size_t y = 0; y < p->ny; y++)
        for (size_t x = 0; x < p->nx; x++) {
            size_t s = y * p->nx + x;
            for (int j = 0; j < SUBPIX; j++)
                for (int i = 0; i < SUBPIX; i++) {
                    double dx = (double)x - 0.5 + (i + 0.5) / SUBPIX - xc;
                    double dy = (double)y - 0.5 + (j + 0.5) / SUBPIX - yc;
                    double r = sqrt(dx * dx + dy * dy), f = norm * exp(-r / rd);
                    /* A flat profile has the same ratios everywhere: computed once. */
                    if (gradient != 0 || (x == 0 && y == 0 && i == 0 && j == 0)) {
                        double oh = oh0 + gradient * r * kpc_per_pix;
                        line_ratios(ll, cal, atten, oh, ratio, known);
                    }
                    for (size_t l = 0; l < m->nlines; l++)
                        m->line_map[l * nspax + s] += f * ratio[l];
                    m->cont_map[s] += f * cont_per_hbeta;
                }
        }
}

int ifs_mock_model_build(const ifs_mock_params *p, ifs_mock_model **out, ifs_error *err)
{
    *out = NULL;
    if (check_params(p, err))
        return err->code;
    ifs_resolution *res = NULL;
    ifs_linelist *ll = NULL;
    ifs_calibration cal;
    ifs_distances dist;
    ifs_cosmology cosmo = IFS_COSMOLOGY_DEFAULT;
    double *ratio = NULL, *atten = NULL;
    int *known = NULL, code = IFS_OK;
    ifs_mock_model *m = calloc(1, sizeof *m);
    if (!m)
        return ifs_error_set(err, IFS_ERR_NOMEM, "mock: out of memory");
    m->p = *p;
    if ((code = ifs_resolution_load("PRISM", &res, err)) || (code = ifs_linelist_load(NULL, &ll, err)) ||
        (code = ifs_calibration_load(p->calibration ? p->calibration : IFS_CALIBRATION_DEFAULT, &cal, err)) ||
        (code = ifs_cosmology_distances(&cosmo, p->z, p->mu, &dist, err)))
        goto exit;
    m->kpc_per_arcsec = dist.kpc_per_arcsec;
    m->oh_min = cal.oh_min;
    m->oh_max = cal.oh_max;
    int hb = ifs_linelist_find(ll, "Hbeta");
    if (hb < 0) {
        code = ifs_error_set(err, IFS_ERR_INPUT, "mock: %s has no line 'Hbeta'", ll->path);
        goto exit;
    }
    m->lambda0_um = ll->lines[hb].rest_aa * 1e-4 * (1.0 + p->z);
    size_t nspax = p->nx * p->ny, nw = p->nwave;
    m->nlines = ll->nlines;
    m->wave_um = malloc(nw * sizeof *m->wave_um);
    m->lines = calloc(m->nlines, sizeof *m->lines);
    m->line_map = calloc(m->nlines * nspax, sizeof *m->line_map);
    m->profile = malloc(m->nlines * nw * sizeof *m->profile);
    m->cont_map = calloc(nspax, sizeof *m->cont_map);
    m->cont_shape = malloc(nw * sizeof *m->cont_shape);
    m->oh_map = malloc(nspax * sizeof *m->oh_map);
    ratio = malloc(m->nlines * sizeof *ratio);
    atten = malloc(m->nlines * sizeof *atten);
    known = malloc(m->nlines * sizeof *known);
    if (!m->wave_um || !m->lines || !m->line_map || !m->profile || !m->cont_map || !m->cont_shape ||
        !m->oh_map || !ratio || !atten || !known) {
        code = ifs_error_set(err, IFS_ERR_NOMEM, "mock: out of memory");
        goto exit;
    }
    if ((code = make_grid(m, res, err)))
        goto exit;
    for (size_t k = 0; k < nw; k++)
        m->cont_shape[k] = pow(m->wave_um[k] / m->lambda0_um, p->beta);

    attenuation(ll, p->av, hb, atten);
    line_ratios(ll, &cal, atten, p->oh0, ratio, known);
    for (size_t l = 0; l < m->nlines; l++) {
        ifs_mock_line *ln = &m->lines[l];
        snprintf(ln->name, sizeof ln->name, "%s", ll->lines[l].name);
        ln->rest_aa = ll->lines[l].rest_aa;
        ln->obs_um = ln->rest_aa * 1e-4 * (1.0 + p->z);
        ln->sigma_um = ifs_resolution_sigma_um(res, ln->obs_um);
        ln->injected = known[l];
        line_profile(m->wave_um, nw, ln->obs_um, ln->sigma_um, m->profile + l * nw);
    }

    add_component(m, ll, &cal, atten, p->x0, p->y0, p->hbeta, p->rd_kpc, p->oh0, p->gradient, ratio, known);
    double kpc_per_pix = p->pixscale_arcsec * m->kpc_per_arcsec;
    for (size_t y = 0; y < p->ny; y++)
        for (size_t x = 0; x < p->nx; x++) {
            double r = hypot((double)x - p->x0, (double)y - p->y0) * kpc_per_pix;
            m->oh_map[y * p->nx + x] = p->oh0 + p->gradient * r;
        }
    for (int i = 0; i < p->nsat; i++) {
        const ifs_mock_satellite *s = &p->sat[i];
        add_component(m, ll, &cal, atten, p->x0 + s->dx_arcsec / p->pixscale_arcsec,
                      p->y0 + s->dy_arcsec / p->pixscale_arcsec, s->hbeta, s->rd_kpc, s->oh, 0.0,
                      ratio, known);
    }
    for (size_t l = 0; l < m->nlines; l++) {
        double sum = 0;
        for (size_t s = 0; s < nspax; s++)
            sum += m->line_map[l * nspax + s];
        m->lines[l].intrinsic = sum;
    }
    double sigma_pix = p->psf_fwhm_arcsec / IFS_FWHM_PER_SIGMA / p->pixscale_arcsec;
    for (size_t l = 0; l < m->nlines && !code; l++)
        if (blur(m->line_map + l * nspax, p->nx, p->ny, sigma_pix))
            code = ifs_error_set(err, IFS_ERR_NOMEM, "mock: out of memory");
    if (!code && blur(m->cont_map, p->nx, p->ny, sigma_pix))
        code = ifs_error_set(err, IFS_ERR_NOMEM, "mock: out of memory");
    if (!code && p->hbeta_snr > 0) {
        long n = 0;
        double f = ifs_mock_aperture(m, (size_t)hb, IFS_MOCK_SNR_RADIUS, &n);
        m->p.noise = f * ifs_mock_profile_norm(m, (size_t)hb) / (p->hbeta_snr * sqrt((double)n));
        if (!(m->p.noise > 0))
            code = ifs_error_set(err, IFS_ERR_INPUT,
                                 "mock: --hbeta-snr needs H-beta inside the cube and the aperture");
    }
exit:
    free(ratio);
    free(atten);
    free(known);
    ifs_resolution_free(res);
    ifs_linelist_free(ll);
    if (code)
        ifs_mock_model_free(m);
    else
        *out = m;
    return code;
}

double ifs_mock_aperture(const ifs_mock_model *m, size_t l, int radius, long *n)
{
    const ifs_mock_params *p = &m->p;
    const double *map = m->line_map + l * p->nx * p->ny;
    long xc = lround(p->x0), yc = lround(p->y0);
    double sum = 0;
    *n = 0;
    for (long y = 0; y < (long)p->ny; y++)
        for (long x = 0; x < (long)p->nx; x++)
            if ((x - xc) * (x - xc) + (y - yc) * (y - yc) <= (long)radius * radius) {
                sum += map[(size_t)y * p->nx + (size_t)x];
                (*n)++;
            }
    return sum;
}

double ifs_mock_profile_norm(const ifs_mock_model *m, size_t l)
{
    double s = 0;
    for (size_t k = 0; k < m->p.nwave; k++) {
        double v = m->profile[l * m->p.nwave + k];
        s += v * v;
    }
    return sqrt(s);
}

double ifs_mock_model_flux(const ifs_mock_model *m, size_t s, size_t k)
{
    size_t nspax = m->p.nx * m->p.ny, nw = m->p.nwave;
    double f = m->cont_map[s] * m->cont_shape[k];
    for (size_t l = 0; l < m->nlines; l++)
        f += m->line_map[l * nspax + s] * m->profile[l * nw + k];
    return f;
}

void ifs_mock_satellite_sky(const ifs_mock_params *p, const ifs_mock_satellite *s, double *ra_deg, double *dec_deg)
{
    /* Gnomonic (TAN) inverse, Snyder (1987, "Map Projections: A Working Manual", USGS PP 1395)
     * eqs. 20-14, 20-15 and 22-16, with the projection plane coordinates x = east = -dx and
     * y = north = +dy (CDELT1 < 0, CDELT2 > 0 in the cube, centred on the host). */
    const double rad = M_PI / 180.0;
    double x = -s->dx_arcsec / 3600.0 * rad, y = s->dy_arcsec / 3600.0 * rad;
    double rho = hypot(x, y), c = atan(rho), dec0 = p->dec_deg * rad;
    if (rho == 0.0) {
        *ra_deg = p->ra_deg;
        *dec_deg = p->dec_deg;
        return;
    }
    double dec = asin(cos(c) * sin(dec0) + y * sin(c) * cos(dec0) / rho);
    double ra = p->ra_deg * rad + atan2(x * sin(c), rho * cos(dec0) * cos(c) - y * sin(dec0) * sin(c));
    *dec_deg = dec / rad;
    *ra_deg = fmod(ra / rad + 360.0, 360.0);
}
