/* lineplan.c: observed line positions, instrumental widths and masks at the prior redshift. */
#include "ifscat/lineplan.h"

#include <stdlib.h>

void ifs_lineplan_free(ifs_lineplan *plan)
{
    if (!plan)
        return;
    free(plan->obs_aa);
    free(plan->fwhm_aa);
    free(plan->mask_aa);
    free(plan->near_aa);
    free(plan);
}

int ifs_lineplan_alloc(const ifs_linelist *list, const ifs_resolution *res, double z, double z_halfwidth,
                       double line_mask_fwhm, ifs_lineplan **out, ifs_error *err)
{
    *out = NULL;
    if (!(z > -1))
        return ifs_error_set(err, IFS_ERR_INPUT, "redshift %g: must be > -1", z);
    size_t n = list->nlines;
    ifs_lineplan *p = calloc(1, sizeof *p);
    if (!p || !(p->obs_aa = malloc(n * sizeof *p->obs_aa)) || !(p->fwhm_aa = malloc(n * sizeof *p->fwhm_aa)) ||
        !(p->mask_aa = malloc(n * sizeof *p->mask_aa)) || !(p->near_aa = malloc(n * sizeof *p->near_aa))) {
        ifs_lineplan_free(p);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    p->nlines = n;
    p->z = z;
    p->dz = z_halfwidth * (1 + z);
    for (size_t l = 0; l < n; l++) {
        double rest = list->lines[l].rest_aa, obs = rest * (1 + z);
        p->obs_aa[l] = obs;
        p->fwhm_aa[l] = obs / ifs_resolution_r(res, obs * 1e-4);
        double near = line_mask_fwhm * p->fwhm_aa[l], mask = near + rest * p->dz;
        p->near_aa[l][0] = obs - near;
        p->near_aa[l][1] = obs + near;
        p->mask_aa[l][0] = obs - mask;
        p->mask_aa[l][1] = obs + mask;
    }
    *out = p;
    return IFS_OK;
}
