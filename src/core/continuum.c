/* continuum.c: polynomial continua over line-free windows with sigma clipping, the two-fit or
 * single-fit scheme, and the error scale factor measured from their residuals. */
#include "ifscat/continuum.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Outlier rejection of astropy.stats.sigma_clip with its defaults (sigma = 3, maxiters = 5,
 * centre = median, spread = standard deviation), applied to the normalised residuals of the
 * refitted polynomial at each iteration as astropy.modeling.fitting.FittingWithOutlierRemoval does. */
#define CLIP_SIGMA 3.0
#define CLIP_ITERATIONS 5

struct ifs_continuum_work {
    size_t *pix;         /* window pixels of the fit being done */
    unsigned char *keep; /* per entry of pix: not clipped */
    unsigned char *in;   /* per channel: in a window of the current fit */
    double *t;           /* normalised residuals */
    double *scratch;     /* for medians */
};

void ifs_continuum_work_free(ifs_continuum_work *w)
{
    if (!w)
        return;
    free(w->pix);
    free(w->keep);
    free(w->in);
    free(w->t);
    free(w->scratch);
    free(w);
}

ifs_continuum_work *ifs_continuum_work_alloc(size_t n)
{
    ifs_continuum_work *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->pix = malloc(n * sizeof *w->pix);
    w->keep = malloc(n);
    w->in = malloc(n);
    w->t = malloc(n * sizeof *w->t);
    w->scratch = malloc(n * sizeof *w->scratch);
    if (!w->pix || !w->keep || !w->in || !w->t || !w->scratch) {
        ifs_continuum_work_free(w);
        return NULL;
    }
    return w;
}

static double poly_value(const ifs_continuum_poly *p, double wave_aa)
{
    double x = (wave_aa - p->centre_aa) / p->half_aa, v = 0;
    for (int j = IFS_LINES_MAX_ORDER; j >= 0; j--)
        v = v * x + p->coef[j];
    return v;
}

void ifs_continuum_poly_basis(const ifs_continuum_poly *p, double wave_aa, double *basis)
{
    double x = (wave_aa - p->centre_aa) / p->half_aa;
    basis[0] = 1;
    for (int j = 1; j < p->nterms; j++)
        basis[j] = basis[j - 1] * x;
}

double ifs_continuum_poly_eval(const ifs_continuum_poly *p, double wave_aa)
{
    return p->npix ? poly_value(p, wave_aa) : 0;
}

/* Marks in w->in the valid, line-free channels inside the windows of continuum fit c. */
static void mark_windows(const ifs_wavegrid *grid, const ifs_spectrum *spec, const ifs_lineplan *plan,
                         const ifs_continuum_spec *c, unsigned char *in)
{
    double z = plan->z;
    for (size_t wi = 0; wi < c->nwindows; wi++) {
        double lo = c->window_aa[wi][0] * (1 + z), hi = c->window_aa[wi][1] * (1 + z);
        for (size_t k = ifs_wavegrid_find(grid, lo); k < grid->n && grid->wave_aa[k] <= hi; k++) {
            if (!ifs_spectrum_valid(spec, k))
                continue;
            size_t l = 0;
            while (l < plan->nlines && !(grid->wave_aa[k] > plan->mask_aa[l][0] && grid->wave_aa[k] < plan->mask_aa[l][1]))
                l++;
            if (l == plan->nlines)
                in[k] = 1;
        }
    }
}

/* Weighted least-squares polynomial through the kept pixels (normal equations, Cholesky). */
static int poly_fit(const ifs_wavegrid *grid, const ifs_spectrum *spec, const size_t *pix, const unsigned char *keep,
                    size_t n, int order, ifs_continuum_poly *p)
{
    int np = order + 1;
    double a[(IFS_LINES_MAX_ORDER + 1) * (IFS_LINES_MAX_ORDER + 1)] = {0}, b[IFS_LINES_MAX_ORDER + 1] = {0};
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        size_t k = pix[i];
        double w = 1 / (spec->err[k] * spec->err[k]), xp[IFS_LINES_MAX_ORDER + 1];
        ifs_continuum_poly_basis(p, grid->wave_aa[k], xp);
        for (int r = 0; r < np; r++) {
            b[r] += w * xp[r] * spec->flux[k];
            for (int c = 0; c <= r; c++)
                a[r * np + c] += w * xp[r] * xp[c];
        }
    }
    for (int r = 0; r < np; r++)
        for (int c = r + 1; c < np; c++)
            a[r * np + c] = a[c * np + r];
    gsl_matrix_view m = gsl_matrix_view_array(a, np, np);
    gsl_vector_view rhs = gsl_vector_view_array(b, np);
    memset(p->coef, 0, sizeof p->coef);
    gsl_vector_view x = gsl_vector_view_array(p->coef, np);
    if (gsl_linalg_cholesky_decomp1(&m.matrix) || gsl_linalg_cholesky_solve(&m.matrix, &rhs.vector, &x.vector) ||
        gsl_linalg_cholesky_invert(&m.matrix))
        return -1;
    memcpy(p->cov, a, (size_t)(np * np) * sizeof *a);
    return 0;
}

/* Fits the pixels marked in w->in with clipping; fills p and returns the sum of squared normalised
 * residuals of the kept pixels in *chi2.  p->npix = 0 when there are too few pixels. */
static int fit_marked(const ifs_wavegrid *grid, const ifs_spectrum *spec, int order, ifs_continuum_work *w,
                      ifs_continuum_poly *p, double *chi2, ifs_error *err)
{
    size_t n = 0;
    for (size_t k = 0; k < grid->n; k++)
        if (w->in[k])
            w->pix[n++] = k;
    memset(p, 0, sizeof *p);
    *chi2 = 0;
    if (n < (size_t)order + 3)
        return IFS_OK;
    p->nterms = order + 1;
    double lo = grid->wave_aa[w->pix[0]], hi = grid->wave_aa[w->pix[n - 1]];
    p->centre_aa = 0.5 * (lo + hi);
    p->half_aa = hi > lo ? 0.5 * (hi - lo) : 1;
    memset(w->keep, 1, n);
    size_t kept = n;
    for (int iter = 0; iter <= CLIP_ITERATIONS; iter++) {
        if (poly_fit(grid, spec, w->pix, w->keep, n, order, p))
            return ifs_error_set(err, IFS_ERR_NUMERIC, "continuum: singular normal matrix for %zu pixels", kept);
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            size_t k = w->pix[i];
            w->t[i] = (spec->flux[k] - poly_value(p, grid->wave_aa[k])) / spec->err[k];
            if (w->keep[i])
                w->scratch[m++] = w->t[i];
        }
        if (iter == CLIP_ITERATIONS)
            break;
        double sd = gsl_stats_sd(w->scratch, 1, m);
        double centre = gsl_stats_median(w->scratch, 1, m);
        size_t changed = 0, now = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned char k = fabs(w->t[i] - centre) <= CLIP_SIGMA * sd;
            changed += k != w->keep[i];
            w->keep[i] = k;
            now += k;
        }
        kept = now;
        if (!changed || kept < (size_t)order + 3)
            break;
    }
    double s = 0;
    kept = 0;
    for (size_t i = 0; i < n; i++)
        if (w->keep[i]) {
            s += w->t[i] * w->t[i];
            kept++;
        }
    if (kept < (size_t)order + 3) {
        memset(p, 0, sizeof *p);
        return IFS_OK;
    }
    p->npix = kept;
    *chi2 = s;
    return IFS_OK;
}

int ifs_continuum_fit(const ifs_wavegrid *grid, const ifs_spectrum *spec, const ifs_linelist *list,
                      const ifs_lineplan *plan, size_t min_side_points, ifs_continuum_work *w, ifs_continuum *out,
                      ifs_error *err)
{
    memset(out, 0, sizeof *out);
    out->nfits = list->ncontinua;

    /* A fit that cannot bracket the covered lines it serves would extrapolate under them. */
    for (size_t f = 0; f < list->ncontinua && !out->single; f++) {
        double blue = INFINITY, red = -INFINITY;
        for (size_t l = 0; l < list->nlines; l++) {
            int g = ifs_linelist_group_index(list, list->lines[l].group);
            if (list->groups[g].continuum == (int)f && ifs_spectrum_covers(grid, spec, plan->obs_aa[l], plan->fwhm_aa[l])) {
                blue = fmin(blue, plan->obs_aa[l]);
                red = fmax(red, plan->obs_aa[l]);
            }
        }
        if (blue > red)
            continue;
        memset(w->in, 0, grid->n);
        mark_windows(grid, spec, plan, &list->continua[f], w->in);
        size_t nblue = 0, nred = 0;
        for (size_t k = 0; k < grid->n; k++)
            if (w->in[k]) {
                nblue += grid->wave_aa[k] < blue;
                nred += grid->wave_aa[k] > red;
            }
        out->single = nblue < min_side_points || nred < min_side_points;
    }

    double chi2_sum = 0;
    size_t npix = 0, nfitted = 0;
    int order = list->continuum_order;
    for (size_t f = 0; f < list->ncontinua; f++) {
        double chi2;
        memset(w->in, 0, grid->n);
        for (size_t g = out->single ? 0 : f; g < (out->single ? list->ncontinua : f + 1); g++)
            mark_windows(grid, spec, plan, &list->continua[g], w->in);
        int status = fit_marked(grid, spec, order, w, &out->fit[f], &chi2, err);
        if (status)
            return status;
        if (out->fit[f].npix) {
            chi2_sum += chi2;
            npix += out->fit[f].npix;
            nfitted++;
        }
        if (out->single) {
            for (size_t g = 1; g < list->ncontinua; g++)
                out->fit[g] = out->fit[0];
            break;
        }
    }

    /* Error scale: the r.m.s. of the residuals in units of the pipeline errors, per degree of
     * freedom, corrected for the clipping: a normal distribution truncated at +-k sigma keeps the
     * variance fraction 1 - 2k phi(k) / (2 Phi(k) - 1) (Johnson, Kotz & Balakrishnan 1994,
     * Continuous Univariate Distributions 1, eq. 13.134). */
    out->error_scale = 1;
    size_t dof_lost = nfitted * (size_t)(order + 1);
    if (npix > dof_lost + 2) {
        double k = CLIP_SIGMA;
        double kept_fraction = 1 - 2 * k * gsl_ran_ugaussian_pdf(k) / (2 * gsl_cdf_ugaussian_P(k) - 1);
        out->error_scale = sqrt(chi2_sum / (double)(npix - dof_lost) / kept_fraction);
        out->error_npix = npix;
    }
    if (!(out->error_scale > 0)) { /* data exactly on the polynomials: nothing to measure */
        out->error_scale = 1;
        out->error_npix = 0;
    }
    for (size_t f = 0; f < out->nfits; f++)
        for (int j = 0; j < out->fit[f].nterms * out->fit[f].nterms; j++)
            out->fit[f].cov[j] *= out->error_scale * out->error_scale;
    return IFS_OK;
}
