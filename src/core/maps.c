/* maps.c: the stellar-continuum map and the narrow-band map of the extent lines. */
#include "ifscat/maps.h"

#include <math.h>
#include <stdlib.h>

void ifs_maps_free(ifs_maps *maps)
{
    if (!maps)
        return;
    free(maps->cont);
    free(maps->cont_err);
    free(maps->line);
    free(maps->line_err);
    free(maps);
}

/* 1 when wave_aa lies inside any line's mask. */
static int in_mask(const ifs_lineplan *plan, double wave_aa)
{
    for (size_t l = 0; l < plan->nlines; l++)
        if (wave_aa > plan->mask_aa[l][0] && wave_aa < plan->mask_aa[l][1])
            return 1;
    return 0;
}

int ifs_maps_compute(const ifs_cube *cube, const ifs_wavegrid *grid, const ifs_linelist *list,
                     const ifs_lineplan *plan, const ifs_specfit_settings *set, ifs_maps **out, ifs_error *err)
{
    *out = NULL;
    size_t ns = cube->nx * cube->ny;
    int status = IFS_OK;
    ifs_spectrum *spec = ifs_spectrum_alloc(cube->nwave);
    ifs_specfit_work *work = ifs_specfit_work_alloc(cube->nwave);
    ifs_maps *m = calloc(1, sizeof *m);
    if (!spec || !work || !m || !(m->cont = malloc(ns * sizeof(double))) || !(m->cont_err = malloc(ns * sizeof(double))) ||
        !(m->line = malloc(ns * sizeof(double))) || !(m->line_err = malloc(ns * sizeof(double)))) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for the maps");
        goto exit;
    }
    m->nx = cube->nx;
    m->ny = cube->ny;
    double lo = list->continuum_map_aa[0] * (1 + plan->z), hi = list->continuum_map_aa[1] * (1 + plan->z);
    for (size_t s = 0; s < ns; s++) {
        ifs_spectrum_sum(cube, &s, 1, spec);
        double sum = 0, var = 0;
        size_t n = 0;
        for (size_t k = ifs_wavegrid_find(grid, lo); k < grid->n && grid->wave_aa[k] <= hi; k++)
            if (ifs_spectrum_valid(spec, k) && !in_mask(plan, grid->wave_aa[k])) {
                sum += spec->flux[k];
                var += spec->err[k] * spec->err[k];
                n++;
            }
        m->cont[s] = n ? sum / (double)n : NAN;
        m->cont_err[s] = n ? sqrt(var) / (double)n : NAN;

        ifs_continuum cont;
        if ((status = ifs_specfit_continuum(grid, spec, list, plan, set, work, &cont, err)))
            goto exit;
        double flux = 0, fvar = 0;
        int used = 0;
        for (size_t l = 0; l < list->nlines; l++) {
            const ifs_continuum_poly *poly = &cont.fit[list->groups[ifs_linelist_group_index(list, list->lines[l].group)].continuum];
            if (!list->lines[l].extent || !poly->npix ||
                !ifs_spectrum_covers(grid, spec, plan->obs_aa[l], plan->fwhm_aa[l]))
                continue;
            double from = plan->obs_aa[l] - plan->fwhm_aa[l], to = plan->obs_aa[l] + plan->fwhm_aa[l];
            for (size_t k = ifs_wavegrid_find(grid, from); k < grid->n && grid->wave_aa[k] <= to; k++)
                if (ifs_spectrum_valid(spec, k)) {
                    double dl = grid->edge_aa[k + 1] - grid->edge_aa[k], e = spec->err[k] * cont.error_scale * dl;
                    flux += (spec->flux[k] - ifs_continuum_poly_eval(poly, grid->wave_aa[k])) * dl;
                    fvar += e * e;
                }
            used = 1;
        }
        m->line[s] = used ? flux : NAN;
        m->line_err[s] = used ? sqrt(fvar) : NAN;
    }
exit:
    ifs_spectrum_free(spec);
    ifs_specfit_work_free(work);
    if (status)
        ifs_maps_free(m);
    else
        *out = m;
    return status;
}
