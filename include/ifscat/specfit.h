/* ifscat/specfit.h: the line list fitted to one spectrum (a spaxel or a summed region): continuum
 * subtraction, error rescaling, then every fit group with tied redshift and width, each ending with
 * a status (science.md sections 2 and 3).  A failed group is a status, never an error. */
#ifndef IFSCAT_SPECFIT_H
#define IFSCAT_SPECFIT_H

#include <stddef.h>

#include "ifscat/continuum.h"
#include "ifscat/error.h"
#include "ifscat/lines.h"
#include "ifscat/linefit.h"
#include "ifscat/lineplan.h"
#include "ifscat/spectrum.h"

typedef enum {
    IFS_FIT_OK = 0,          /* fitted with free redshift and width, best line S/N >= snr_min */
    IFS_FIT_NO_COVERAGE,     /* the line (or every line of the group, or its continuum) has no usable pixels */
    IFS_FIT_NOT_CONVERGED,   /* significant at the reference kinematics, but the free fit failed or left
                                its range: no flux reported */
    IFS_FIT_LOW_SNR          /* best line S/N < snr_min: fluxes measured at the reference kinematics
                                (values may be negative: upper limits) */
} ifs_fit_status;

/* "ok", "no coverage", "not converged", "low S/N". */
const char *ifs_fit_status_name(int status);

typedef struct ifs_specfit_settings {
    double z;               /* prior redshift, e.g. the target's catalogue redshift */
    double z_halfwidth;     /* the reference group's redshift lies within z +- z_halfwidth (1 + z) */
    double z_tie;           /* the other groups' within z_ref +- z_tie (1 + z) */
    double scale_min, scale_max; /* range of the width in units of the instrumental width */
    double snr_min;         /* a group whose best line is below this S/N is "low S/N" */
    double fit_window_fwhm; /* pixels fitted: the group's lines +- this many instrumental FWHM */
    double line_mask_fwhm;  /* continuum windows and other groups' fits avoid lines by this many FWHM */
    size_t min_side_points; /* continuum: window pixels needed on each side of the lines (two-fit scheme) */
} ifs_specfit_settings;

/* The defaults, documented in docs/fitting.md, for prior redshift z. */
void ifs_specfit_settings_default(ifs_specfit_settings *set, double z);

typedef struct ifs_line_fit {
    int status;
    double flux, err, snr; /* 1e-20 erg/s/cm2; NaN when not measured */
} ifs_line_fit;

typedef struct ifs_group_fit {
    int status;
    double z, z_err;         /* z_err NaN when held at the reference (low S/N) */
    double scale, scale_err; /* width / instrumental width */
    double fwhm_kms;         /* fitted FWHM at the group's mean wavelength */
    double chi2_red;         /* chi^2 / (npoints - nparams) */
    size_t npoints, nparams;
} ifs_group_fit;

typedef struct ifs_specfit_result {
    double error_scale;      /* factor applied to the errors */
    size_t error_npix;       /* window pixels it was measured from (0: not measured, factor 1) */
    int single_continuum;    /* 1 when one continuum fit served every group */
    ifs_line_fit *line;      /* caller's array of list->nlines */
    ifs_group_fit *group;    /* caller's array of list->ngroups */
    ifs_continuum *continuum; /* caller's, or NULL: receives the continuum fits (for ifs_specfit_model) */
} ifs_specfit_result;

typedef struct ifs_specfit_work ifs_specfit_work;

/* Scratch memory for spectra of up to nwave channels: one per thread.  NULL when out of memory. */
ifs_specfit_work *ifs_specfit_work_alloc(size_t nwave);
void ifs_specfit_work_free(ifs_specfit_work *w);

/* The line plan of list for these settings (prior redshift, search range, masks); free with
 * ifs_lineplan_free. */
int ifs_specfit_plan(const ifs_linelist *list, const ifs_resolution *res, const ifs_specfit_settings *set,
                     ifs_lineplan **out, ifs_error *err);

/* Fits every group of list to spec, with the plan made from the same settings: the continuum fits
 * and the error scale; each covered group with amplitudes only at the prior kinematics, which ranks
 * the groups by their best line S/N; in that order, free fits over the prior redshift range until
 * one is ok: the reference group; every other covered group with free kinematics within z_tie of
 * the reference's redshift; each group still not ok with amplitudes only at the reference
 * kinematics (else the prior z and the instrumental width), "low S/N" below snr_min, "not
 * converged" above it.  Fails only for numerical breakdown of the continuum (IFS_ERR_NUMERIC) or
 * out of memory; every fitting failure is a status.  Depends on spec alone: the same spectrum
 * gives the same result in any thread. */
int ifs_specfit_run(const ifs_wavegrid *grid, const ifs_spectrum *spec, const ifs_linelist *list,
                    const ifs_lineplan *plan, const ifs_specfit_settings *set, ifs_specfit_work *w,
                    ifs_specfit_result *out, ifs_error *err);

/* The best-fit model of a spectrum on grid from its result (res->continuum filled by
 * ifs_specfit_run).  continuum[k]: the polynomial of the continuum fit whose span covers channel k
 * (a fit's span runs from its first to its last window at the plan's redshift; all windows when one
 * fit served every group; where spans overlap, the fit whose span's middle is nearer), NaN beyond
 * every span and for a fit without pixels.  model[k]: continuum[k] plus every measured line (status
 * ok or low S/N) as the fit's pixel-integrated Gaussian at its group's redshift and width.  Both
 * arrays have grid->n values. */
void ifs_specfit_model(const ifs_wavegrid *grid, const ifs_linelist *list, const ifs_lineplan *plan,
                       const ifs_specfit_result *res, double *continuum, double *model);

/* The pieces ifs_specfit_run is made of, for callers that fit a group differently (e.g. with an
 * extra broad component). */

/* Model of group g (index in list->groups) with one kinematic component in z0 +- dz (width bounds
 * from set, starting width scale0) and one Gaussian per line for which use_line (NULL =
 * all, else indexed like list->lines) is non-zero; tag = line index, ties and ratios from the list
 * (a tied line whose reference is unused gets its own amplitude scaled by its ratio, so that the
 * amplitude remains the reference line's flux).  Instrumental widths from the plan.  Returns the
 * number of components. */
size_t ifs_specfit_group_model(const ifs_linelist *list, size_t g, const unsigned char *use_line,
                               const ifs_lineplan *plan, const ifs_specfit_settings *set, double z0, double dz,
                               double scale0, ifs_fit_model *m);

/* The plan's near_aa ranges of the lines not in group g, which the fit of group g leaves out, as
 * pairs lo, hi in ranges (room for 2 x list->nlines).  Returns the number of ranges. */
size_t ifs_specfit_exclusions(const ifs_linelist *list, const ifs_lineplan *plan, size_t g, double *ranges);

/* Continuum and error scale of spec, as ifs_specfit_run measures them. */
int ifs_specfit_continuum(const ifs_wavegrid *grid, const ifs_spectrum *spec, const ifs_linelist *list,
                          const ifs_lineplan *plan, const ifs_specfit_settings *set, ifs_specfit_work *w,
                          ifs_continuum *cont, ifs_error *err);

/* The line-fitting scratch memory inside w, for ifs_fit_select and ifs_fit_run. */
ifs_fit_work *ifs_specfit_fit_work(ifs_specfit_work *w);

#endif
