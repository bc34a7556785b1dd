/* ifscat/continuum.h: the continuum under the emission lines (polynomials over the line-free
 * windows of the line list, science.md section 3) and the error scale factor measured in the same
 * windows (section 2: pipeline errors underestimate the noise). */
#ifndef IFSCAT_CONTINUUM_H
#define IFSCAT_CONTINUUM_H

#include <stddef.h>

#include "ifscat/error.h"
#include "ifscat/lines.h"
#include "ifscat/lineplan.h"
#include "ifscat/spectrum.h"

/* One fitted polynomial: value = sum_j coef[j] x^j with x = (lambda - centre_aa) / half_aa. */
typedef struct ifs_continuum_poly {
    size_t npix;     /* window pixels used after clipping; 0 when there were too few to fit */
    int nterms;      /* order + 1 */
    double centre_aa, half_aa;
    double coef[IFS_LINES_MAX_ORDER + 1];
    /* covariance of coef (nterms x nterms, row-major) from the errors times the error scale, so that
     * the continuum's uncertainty can be carried into the line fluxes */
    double cov[(IFS_LINES_MAX_ORDER + 1) * (IFS_LINES_MAX_ORDER + 1)];
} ifs_continuum_poly;

typedef struct ifs_continuum {
    int single;      /* 1 when one fit over the union of all windows replaced the separate fits */
    size_t nfits;    /* = list->ncontinua; fit[i] serves the groups whose .continuum is i */
    ifs_continuum_poly fit[IFS_LINES_MAX_CONTINUA];
    double error_scale; /* factor applied to the errors (1 when it could not be measured) */
    size_t error_npix;  /* window pixels it was measured from (0: not measured) */
} ifs_continuum;

typedef struct ifs_continuum_work ifs_continuum_work;

/* Scratch memory for spectra of up to nwave channels; NULL when out of memory. */
ifs_continuum_work *ifs_continuum_work_alloc(size_t nwave);
void ifs_continuum_work_free(ifs_continuum_work *w);

/* Fits the continuum of spec (on grid) with the windows of list placed at the plan's redshift,
 * leaving out valid pixels inside any line's plan->mask_aa; each polynomial by weighted least
 * squares with iterative 3-sigma clipping.  A fit needs min_side_points window pixels on each side
 * of the covered lines it serves (lines with coverage per ifs_spectrum_covers); if one has not,
 * a single fit over the union of all windows serves every group.  Measures the error scale: the
 * clipped r.m.s. of the residuals in units of the pipeline errors.  A fit with fewer window pixels
 * than coefficients + 2 gets npix = 0.  Fails only with IFS_ERR_NUMERIC when a normal matrix is
 * singular (cannot happen for distinct wavelengths). */
int ifs_continuum_fit(const ifs_wavegrid *grid, const ifs_spectrum *spec, const ifs_linelist *list,
                      const ifs_lineplan *plan, size_t min_side_points, ifs_continuum_work *w, ifs_continuum *out,
                      ifs_error *err);

/* Value of a fitted polynomial at wave_aa (0 for a polynomial that was not fitted). */
double ifs_continuum_poly_eval(const ifs_continuum_poly *p, double wave_aa);

/* The polynomial's basis x^j at wave_aa into basis[0 .. p->nterms). */
void ifs_continuum_poly_basis(const ifs_continuum_poly *p, double wave_aa, double *basis);

#endif
