/* ifscat/lineplan.h: where the lines of a list fall on an observation at the prior redshift:
 * observed centres, instrumental FWHM from the disperser's resolution curve, and the ranges that
 * continuum windows and the fits of other groups keep away from.  The same for every spectrum of an
 * observation, so computed once. */
#ifndef IFSCAT_LINEPLAN_H
#define IFSCAT_LINEPLAN_H

#include <stddef.h>

#include "ifscat/error.h"
#include "ifscat/lines.h"
#include "ifscat/resolution.h"

typedef struct ifs_lineplan {
    size_t nlines;         /* = list->nlines; arrays indexed like list->lines */
    double z;              /* prior redshift */
    double dz;             /* redshift search half-width (absolute) */
    double *obs_aa;        /* observed centre at z */
    double *fwhm_aa;       /* instrumental FWHM there: lambda / R(lambda) */
    double (*mask_aa)[2];  /* not line-free: +- line_mask_fwhm FWHM plus the search range rest_aa * dz */
    double (*near_aa)[2];  /* left out of other groups' fits: +- line_mask_fwhm FWHM */
} ifs_lineplan;

/* The plan for list at prior redshift z with search half-width z_halfwidth (1 + z) and masks of
 * line_mask_fwhm instrumental FWHM.  *out is NULL on failure (IFS_ERR_NOMEM, or IFS_ERR_INPUT for
 * z <= -1); free with ifs_lineplan_free. */
int ifs_lineplan_alloc(const ifs_linelist *list, const ifs_resolution *res, double z, double z_halfwidth,
                       double line_mask_fwhm, ifs_lineplan **out, ifs_error *err);
void ifs_lineplan_free(ifs_lineplan *plan);

#endif
