/* obsfit.c: one observation fitted end to end: maps, background, regions, the fit of every region. */
#include "ifscat/obsfit.h"

#include "ifscat/background.h"

#include <stdlib.h>

void ifs_obsfit_free(ifs_obsfit *f)
{
    if (!f)
        return;
    ifs_fitcube_output_free(f->fit);
    ifs_region_set_free(f->regions);
    ifs_maps_free(f->maps);
    ifs_lineplan_free(f->plan);
    ifs_wavegrid_free(f->grid);
    free(f->background);
    free(f);
}

/* Measures the background in the spaxels beyond the aperture radius around the centre of the
 * current maps, subtracts it from cube and measures the maps again. */
static int subtract_background(ifs_cube *cube, const ifs_obsfit_options *opt, ifs_obsfit *f, ifs_error *err)
{
    size_t ns = cube->nx * cube->ny;
    ifs_regions_settings rs = opt->regions;
    rs.kinds = 1u << IFS_REGION_APERTURE;
    ifs_region_set *placed = NULL;
    ifs_spectrum *bg = ifs_spectrum_alloc(cube->nwave);
    size_t *spx = malloc(ns * sizeof *spx);
    int status = IFS_OK;
    if (!bg || !spx || !(f->background = calloc(ns, 1))) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for the background");
        goto exit;
    }
    if ((status = ifs_regions_build(cube, f->maps, &rs, &placed, err)))
        goto exit;
    f->nbackground = ifs_background_spaxels(f->maps, placed->cx, placed->cy, placed->aperture_radius, rs.snr_min, spx);
    if ((status = ifs_background_measure(cube, spx, f->nbackground, bg, err))) {
        ifs_error_prefix(err, "outside the aperture (r = %.1f spaxels around (%d, %d))", placed->aperture_radius,
                         placed->cx, placed->cy);
        goto exit;
    }
    for (size_t i = 0; i < f->nbackground; i++)
        f->background[spx[i]] = 1;
    ifs_background_subtract(cube, bg);
    ifs_maps_free(f->maps);
    f->maps = NULL;
    status = ifs_maps_compute(cube, f->grid, opt->list, f->plan, &opt->set, &f->maps, err);
exit:
    ifs_region_set_free(placed);
    ifs_spectrum_free(bg);
    free(spx);
    return status;
}

int ifs_obsfit_run(ifs_cube *cube, const ifs_obsfit_options *opt, ifs_obsfit **out, ifs_error *err)
{
    *out = NULL;
    int status;
    ifs_obsfit *f = calloc(1, sizeof *f);
    if (!f)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    int is_cube = cube->nx * cube->ny > 1;
    if (opt->background && !is_cube) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "background subtraction needs a cube, not a 1D spectrum");
        goto exit;
    }
    if ((status = ifs_wavegrid_alloc(cube->wave_um, cube->nwave, &f->grid, err)) ||
        (status = ifs_specfit_plan(opt->list, opt->res, &opt->set, &f->plan, err)))
        goto exit;
    if (is_cube && (status = ifs_maps_compute(cube, f->grid, opt->list, f->plan, &opt->set, &f->maps, err)))
        goto exit;
    if (opt->background && (status = subtract_background(cube, opt, f, err)))
        goto exit;
    if ((status = ifs_regions_build(cube, f->maps, &opt->regions, &f->regions, err)))
        goto exit;
    ifs_fitcube_input in = {.cube = cube, .regions = f->regions, .grid = f->grid, .list = opt->list, .plan = f->plan,
                            .set = &opt->set, .keep_kinds = IFS_OBSFIT_KEEP_KINDS};
    status = ifs_fitcube_run(&in, opt->nthreads, opt->progress, opt->ctx, &f->fit, err);
exit:
    if (status)
        ifs_obsfit_free(f);
    else
        *out = f;
    return status;
}
