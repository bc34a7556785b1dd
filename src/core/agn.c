/* agn.c: the broad-line test (science.md section 8) with the pieces of specfit.h, as the recipe of
 * docs/fitting.md ("Fitting one spectrum from other code") lays them out. */
#include "ifscat/agn.h"

#include "ifscat/linefit.h"
#include "ifscat/specfit.h"

#include <math.h>
#include <string.h>

/* Both models of group g fitted on the pixels of the broad one (its starting width widens the
 * window): the narrow model is the group with one kinematic component, as the pipeline fits it;
 * the broad model adds H-beta with its own redshift and width and a free flux. */
static int fit_models(const ifs_wavegrid *grid, const ifs_spectrum *spec, const ifs_linelist *list,
                      const ifs_resolution *res, const ifs_lineplan *plan, const ifs_specfit_settings *set,
                      ifs_specfit_work *work, int hbeta, double z, ifs_agn_result *out, ifs_error *err)
{
    size_t g = (size_t)ifs_linelist_group_index(list, list->lines[hbeta].group);
    ifs_continuum cont;
    int status = ifs_specfit_continuum(grid, spec, list, plan, set, work, &cont, err);
    if (status)
        return status;
    ifs_fit_model m, narrow;
    ifs_specfit_group_model(list, g, NULL, plan, set, z, set->z_tie * (1 + z), 1.0, &m);
    narrow = m;
    ifs_fit_kin broad = {.z0 = z, .dz = IFS_AGN_DZ * (1 + z), .scale0 = IFS_AGN_SCALE0, .scale_min = IFS_AGN_SCALE_MIN,
                         .scale_max = IFS_AGN_SCALE_MAX};
    int k = ifs_fit_model_add_kin(&m, &broad);
    int a = ifs_fit_model_add(&m, list->lines[hbeta].rest_aa, -1, 1.0, k, hbeta);
    m.comp[m.ncomp - 1].lsf_sigma_aa = plan->fwhm_aa[hbeta] / IFS_FWHM_PER_SIGMA;
    double excl[2 * list->nlines];
    size_t nex = ifs_specfit_exclusions(list, plan, g, excl);
    const ifs_fit_data *d = ifs_fit_select(grid, spec, &m, set->fit_window_fwhm, excl, nex,
                                           &cont.fit[list->groups[g].continuum], cont.error_scale,
                                           ifs_specfit_fit_work(work));
    ifs_fit_result rb, rn;
    if ((status = ifs_fit_run(&m, d, 1, ifs_specfit_fit_work(work), &rb, err)) ||
        (status = ifs_fit_run(&narrow, d, 1, ifs_specfit_fit_work(work), &rn, err)))
        return status;
    double n = (double)rb.npoints;
    out->z = rb.z[0];
    out->npoints = rb.npoints;
    out->nparams_narrow = rn.nparams;
    out->nparams_broad = rb.nparams;
    out->chi2_narrow = rn.chi2;
    out->chi2_broad = rb.chi2;
    out->bic_narrow = rn.chi2 + (double)rn.nparams * log(n);
    out->bic_broad = rb.chi2 + (double)rb.nparams * log(n);
    out->dbic = out->bic_broad - out->bic_narrow;
    out->converged = rb.converged;
    out->broad_flux = rb.amp[a];
    out->broad_flux_err = rb.amp_err[a];
    double r = ifs_resolution_r(res, list->lines[hbeta].rest_aa * (1 + rb.z[k]) * 1e-4);
    out->fwhm_kms = rb.scale[k] * IFS_C_KMS / r;
    out->fwhm_kms_err = rb.scale_err[k] * IFS_C_KMS / r;
    out->dv_kms = (rb.z[k] - rb.z[0]) / (1 + rb.z[0]) * IFS_C_KMS;
    out->dv_kms_err = hypot(rb.z_err[k], rb.z_err[0]) / (1 + rb.z[0]) * IFS_C_KMS;
    return IFS_OK;
}

int ifs_agn_test(const ifs_wavegrid *grid, const ifs_spectrum *spec, const ifs_linelist *list,
                 const ifs_resolution *res, double z, ifs_agn_result *out, ifs_error *err)
{
    memset(out, 0, sizeof *out);
    int hbeta = ifs_linelist_find(list, "Hbeta");
    if (hbeta < 0)
        return ifs_error_set(err, IFS_ERR_INPUT, "line list %s has no line 'Hbeta'", list->name);
    ifs_specfit_settings set;
    ifs_specfit_settings_default(&set, z);
    ifs_lineplan *plan = NULL;
    ifs_specfit_work *work = ifs_specfit_work_alloc(grid->n);
    if (!work)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    int status = ifs_specfit_plan(list, res, &set, &plan, err);
    if (!status && !ifs_spectrum_covers(grid, spec, plan->obs_aa[hbeta], plan->fwhm_aa[hbeta]))
        status = ifs_error_set(err, IFS_ERR_INPUT, "the spectrum does not cover H-beta at z = %.4f", z);
    if (!status)
        status = fit_models(grid, spec, list, res, plan, &set, work, hbeta, z, out, err);
    ifs_lineplan_free(plan);
    ifs_specfit_work_free(work);
    return status;
}
