/* mock_truth.c: the truth of a mock cube as JSON, for the tests of fitting and deriving to
 * compare with: parameters, scale, line totals in apertures with their optimal S/N, satellites,
 * and per-spaxel maps.  Layout documented in docs/mock.md. */
#include "ifscat/mock.h"

#include "ifscat/version.h"

#include "ifscat/outfile.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Aperture radii (spaxels) around the host centre spaxel: the study's apertures are 5-10
 * spaxels (science.md section 2). */
static const int aperture_radii[] = {3, 5, 7, 10};

static cJSON *map_json(const double *map, size_t nx, size_t ny)
{
    cJSON *rows = cJSON_CreateArray();
    for (size_t y = 0; rows && y < ny; y++) {
        cJSON *row = cJSON_CreateDoubleArray(map + y * nx, (int)nx);
        if (!row) {
            cJSON_Delete(rows);
            return NULL;
        }
        cJSON_AddItemToArray(rows, row);
    }
    return rows;
}

static cJSON *params_json(const ifs_mock_params *p)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "nx", (double)p->nx);
    cJSON_AddNumberToObject(o, "ny", (double)p->ny);
    cJSON_AddNumberToObject(o, "nwave", (double)p->nwave);
    cJSON_AddNumberToObject(o, "wave_min_um", p->wave_min_um);
    cJSON_AddNumberToObject(o, "wave_max_um", p->wave_max_um);
    cJSON_AddStringToObject(o, "wave_axis", p->wave_table ? "table" : "linear");
    cJSON_AddNumberToObject(o, "pixscale_arcsec", p->pixscale_arcsec);
    cJSON_AddNumberToObject(o, "ra_deg", p->ra_deg);
    cJSON_AddNumberToObject(o, "dec_deg", p->dec_deg);
    cJSON_AddNumberToObject(o, "z", p->z);
    cJSON_AddNumberToObject(o, "mu", p->mu);
    cJSON_AddNumberToObject(o, "oh0", p->oh0);
    cJSON_AddNumberToObject(o, "gradient_dex_per_kpc", p->gradient);
    cJSON_AddNumberToObject(o, "rd_kpc", p->rd_kpc);
    cJSON_AddNumberToObject(o, "hbeta", p->hbeta);
    cJSON_AddNumberToObject(o, "ew_hbeta_aa", p->ew_hbeta_aa);
    cJSON_AddNumberToObject(o, "hbeta_snr", p->hbeta_snr);
    cJSON_AddNumberToObject(o, "beta", p->beta);
    cJSON_AddNumberToObject(o, "av", p->av);
    cJSON_AddNumberToObject(o, "psf_fwhm_arcsec", p->psf_fwhm_arcsec);
    cJSON_AddNumberToObject(o, "noise", p->noise);
    cJSON_AddNumberToObject(o, "k", p->k);
    cJSON_AddNumberToObject(o, "bad_fraction", p->bad_fraction);
    cJSON_AddNumberToObject(o, "seed", (double)p->seed);
    cJSON_AddNumberToObject(o, "exptime_s", p->exptime_s);
    return o;
}

int ifs_mock_write_truth(const ifs_mock_model *m, const char *cube_name, const char *path,
                         ifs_error *err)
{
    const ifs_mock_params *p = &m->p;
    size_t nspax = p->nx * p->ny;
    long xc = lround(p->x0), yc = lround(p->y0);
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return ifs_error_set(err, IFS_ERR_NOMEM, "mock: out of memory");
    cJSON_AddStringToObject(root, "generator", "ifscat mock " IFS_VERSION);
    cJSON_AddStringToObject(root, "cube", cube_name);
    cJSON_AddStringToObject(root, "flux_unit", "1e-20 erg/s/cm2 (lines), 1e-20 erg/s/cm2/Angstrom (continuum, noise)");
    cJSON_AddItemToObject(root, "params", params_json(p));
    cJSON_AddNumberToObject(root, "kpc_per_arcsec", m->kpc_per_arcsec);
    cJSON_AddStringToObject(root, "calibration", p->calibration ? p->calibration : "sanders2024");
    cJSON *range = cJSON_AddArrayToObject(root, "oh_valid_range");
    cJSON_AddItemToArray(range, cJSON_CreateNumber(m->oh_min));
    cJSON_AddItemToArray(range, cJSON_CreateNumber(m->oh_max));
    /* Spaxels whose host metallicity needed the calibration beyond its valid range, and
     * satellites likewise: their line ratios come from the extrapolated polynomials. */
    long outside = 0;
    for (size_t s = 0; s < nspax; s++)
        outside += m->oh_map[s] < m->oh_min || m->oh_map[s] > m->oh_max;
    cJSON_AddNumberToObject(root, "spaxels_oh_extrapolated", (double)outside);
    cJSON *centre = cJSON_AddObjectToObject(root, "centre");
    cJSON_AddNumberToObject(centre, "x", p->x0);
    cJSON_AddNumberToObject(centre, "y", p->y0);
    cJSON_AddNumberToObject(centre, "spaxel_x", (double)xc);
    cJSON_AddNumberToObject(centre, "spaxel_y", (double)yc);
    cJSON_AddNumberToObject(centre, "ra_deg", p->ra_deg);
    cJSON_AddNumberToObject(centre, "dec_deg", p->dec_deg);
    cJSON_AddNumberToObject(root, "continuum_lambda0_um", m->lambda0_um); /* observed H-beta */
    cJSON_AddNumberToObject(root, "noise_true_sigma", p->noise);
    cJSON_AddNumberToObject(root, "err_written", p->noise / p->k);

    cJSON *lines = cJSON_AddArrayToObject(root, "lines");
    for (size_t l = 0; l < m->nlines; l++) {
        const ifs_mock_line *ln = &m->lines[l];
        const double *map = m->line_map + l * nspax;
        double norm = ifs_mock_profile_norm(m, l), total = 0;
        for (size_t s = 0; s < nspax; s++)
            total += map[s];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", ln->name);
        cJSON_AddNumberToObject(o, "rest_aa", ln->rest_aa);
        cJSON_AddNumberToObject(o, "obs_um", ln->obs_um);
        cJSON_AddNumberToObject(o, "sigma_um", ln->sigma_um);
        cJSON_AddBoolToObject(o, "injected", ln->injected);
        cJSON_AddBoolToObject(o, "in_range",
                              ln->obs_um > m->wave_um[0] && ln->obs_um < m->wave_um[p->nwave - 1]);
        cJSON_AddNumberToObject(o, "total_before_psf", ln->intrinsic);
        cJSON_AddNumberToObject(o, "total", total);
        cJSON_AddNumberToObject(o, "profile_norm_per_aa", norm);
        cJSON *aps = cJSON_AddArrayToObject(o, "apertures");
        for (size_t a = 0; a < sizeof aperture_radii / sizeof aperture_radii[0]; a++) {
            int r = aperture_radii[a];
            long n = 0;
            double sum = ifs_mock_aperture(m, l, r, &n);
            cJSON *ap = cJSON_CreateObject();
            cJSON_AddNumberToObject(ap, "radius_spaxels", r);
            cJSON_AddNumberToObject(ap, "n_spaxels", (double)n);
            cJSON_AddNumberToObject(ap, "flux", sum);
            cJSON_AddNumberToObject(ap, "snr_optimal", n ? sum * norm / (p->noise * sqrt((double)n)) : 0);
            cJSON_AddItemToArray(aps, ap);
        }
        cJSON_AddItemToArray(lines, o);
    }

    cJSON *sats = cJSON_AddArrayToObject(root, "satellites");
    for (int i = 0; i < p->nsat; i++) {
        const ifs_mock_satellite *s = &p->sat[i];
        cJSON *o = cJSON_CreateObject();
        double ra, dec;
        ifs_mock_satellite_sky(p, s, &ra, &dec);
        if (*s->name)
            cJSON_AddStringToObject(o, "name", s->name);
        cJSON_AddNumberToObject(o, "ra_deg", ra);
        cJSON_AddNumberToObject(o, "dec_deg", dec);
        cJSON_AddNumberToObject(o, "dx_arcsec", s->dx_arcsec);
        cJSON_AddNumberToObject(o, "dy_arcsec", s->dy_arcsec);
        cJSON_AddNumberToObject(o, "x", p->x0 + s->dx_arcsec / p->pixscale_arcsec);
        cJSON_AddNumberToObject(o, "y", p->y0 + s->dy_arcsec / p->pixscale_arcsec);
        cJSON_AddNumberToObject(o, "sep_kpc", hypot(s->dx_arcsec, s->dy_arcsec) * m->kpc_per_arcsec);
        cJSON_AddNumberToObject(o, "oh", s->oh);
        cJSON_AddBoolToObject(o, "oh_extrapolated", s->oh < m->oh_min || s->oh > m->oh_max);
        cJSON_AddNumberToObject(o, "hbeta", s->hbeta);
        cJSON_AddNumberToObject(o, "rd_kpc", s->rd_kpc);
        cJSON_AddItemToArray(sats, o);
    }

    cJSON *maps = cJSON_AddObjectToObject(root, "maps");
    for (size_t l = 0; l < m->nlines; l++)
        if (m->lines[l].injected)
            cJSON_AddItemToObject(maps, m->lines[l].name, map_json(m->line_map + l * nspax, p->nx, p->ny));
    cJSON_AddItemToObject(maps, "continuum_lambda0", map_json(m->cont_map, p->nx, p->ny));
    cJSON_AddItemToObject(maps, "oh_host", map_json(m->oh_map, p->nx, p->ny));

    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!text)
        return ifs_error_set(err, IFS_ERR_NOMEM, "mock: out of memory writing the truth");
    ifs_outfile out;
    int code = ifs_outfile_open(&out, path, err);
    if (!code) {
        fputs(text, out.f);
        fputc('\n', out.f);
        code = ifs_outfile_commit(&out, err);
    }
    cJSON_free(text);
    return code;
}
