/* linefit.c: least-squares fit of pixel-integrated Gaussian lines with tied kinematics and ratios:
 * grid search of the redshift with linear amplitudes, then Levenberg-Marquardt on everything.  The
 * solver is written out on the normal equations (p <= 24, n ~ 100) rather than GSL's
 * multifit_nlinear: its trust-region bookkeeping cost more than the model, and its step tests,
 * relative to |x|, never stop on amplitudes near zero (most groups of most spaxels). */
#include "ifscat/linefit.h"

#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Beyond 6 sigma a Gaussian holds 1e-9 of its flux: treated as zero. */
#define PROFILE_CUT 6.0
/* 1 / sqrt(2 pi) */
#define INV_SQRT_2PI 0.39894228040143267794
/* Redshift grid step: half the narrowest line's FWHM, so the best grid point lies within a quarter
 * of a FWHM of the optimum, inside the basin of Levenberg-Marquardt. */
#define GRID_STEPS_PER_FWHM 2.0
#define GRID_MAX_POINTS 2001
/* Levenberg-Marquardt: converged when a full step would gain less than 1e-6 in chi^2 (a millionth
 * of the 1-sigma change); the damping starts small and moves by factors of 10 (Marquardt 1963;
 * Press et al. 2007, Numerical Recipes 3rd ed., section 15.5.2). */
#define LM_MAX_ITER 50
#define LM_DECREMENT 1e-6
#define LM_LAMBDA0 1e-3
#define LM_LAMBDA_MIN 1e-12
#define LM_LAMBDA_MAX 1e12
#define LM_LAMBDA_UP 10.0
#define LM_LAMBDA_DOWN 0.1
#define MAX_PARAMS (2 * IFS_FIT_MAX_KIN + IFS_FIT_MAX_AMP)

struct ifs_fit_work {
    size_t cap;
    ifs_fit_data data;
    double *prof, *dmu, *dsig; /* per component, cap values: pixel integral and its derivatives */
    double *q;                 /* per amplitude, cap values: weighted design columns */
    double *r, *rtry;          /* residuals */
    double *jac, *jtry;        /* cap x MAX_PARAMS Jacobians */
};

void ifs_fit_work_free(ifs_fit_work *w)
{
    if (!w)
        return;
    free(w->data.lo_aa);
    free(w->data.hi_aa);
    free(w->data.wave_aa);
    free(w->data.y);
    free(w->data.w);
    free(w->prof);
    free(w->dmu);
    free(w->dsig);
    free(w->q);
    free(w->r);
    free(w->rtry);
    free(w->jac);
    free(w->jtry);
    free(w);
}

ifs_fit_work *ifs_fit_work_alloc(size_t nwave)
{
    ifs_fit_work *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->cap = nwave;
    w->data.lo_aa = malloc(nwave * sizeof(double));
    w->data.hi_aa = malloc(nwave * sizeof(double));
    w->data.wave_aa = malloc(nwave * sizeof(double));
    w->data.y = malloc(nwave * sizeof(double));
    w->data.w = malloc(nwave * sizeof(double));
    w->prof = malloc(IFS_FIT_MAX_COMP * nwave * sizeof(double));
    w->dmu = malloc(IFS_FIT_MAX_COMP * nwave * sizeof(double));
    w->dsig = malloc(IFS_FIT_MAX_COMP * nwave * sizeof(double));
    w->q = malloc(IFS_FIT_MAX_AMP * nwave * sizeof(double));
    w->r = malloc(nwave * sizeof(double));
    w->rtry = malloc(nwave * sizeof(double));
    w->jac = malloc(MAX_PARAMS * nwave * sizeof(double));
    w->jtry = malloc(MAX_PARAMS * nwave * sizeof(double));
    if (!w->data.lo_aa || !w->data.hi_aa || !w->data.wave_aa || !w->data.y || !w->data.w || !w->prof || !w->dmu || !w->dsig || !w->q ||
        !w->r || !w->rtry || !w->jac || !w->jtry) {
        ifs_fit_work_free(w);
        return NULL;
    }
    return w;
}

int ifs_fit_model_add_kin(ifs_fit_model *m, const ifs_fit_kin *kin)
{
    if (m->nkin >= IFS_FIT_MAX_KIN)
        return -1;
    m->kin[m->nkin] = *kin;
    return (int)m->nkin++;
}

int ifs_fit_model_add(ifs_fit_model *m, double rest_aa, int amp, double ratio, int kin, int tag)
{
    if (m->ncomp >= IFS_FIT_MAX_COMP || kin < 0 || (size_t)kin >= m->nkin || (amp >= 0 && (size_t)amp >= m->namp) ||
        (amp < 0 && m->namp >= IFS_FIT_MAX_AMP))
        return -1;
    if (amp < 0)
        amp = (int)m->namp++;
    m->comp[m->ncomp++] = (ifs_fit_comp){.rest_aa = rest_aa, .amp = amp, .ratio = ratio, .kin = kin, .tag = tag};
    return amp;
}

void ifs_fit_model_set_lsf(ifs_fit_model *m, const ifs_resolution *res)
{
    for (size_t c = 0; c < m->ncomp; c++) {
        double obs_aa = m->comp[c].rest_aa * (1 + m->kin[m->comp[c].kin].z0);
        m->comp[c].lsf_sigma_aa = ifs_resolution_sigma_um(res, obs_aa * 1e-4) * 1e4;
    }
}

const ifs_fit_data *ifs_fit_select(const ifs_wavegrid *grid, const ifs_spectrum *spec, const ifs_fit_model *m,
                                   double window_fwhm, const double *exclude_aa, size_t nexclude,
                                   const ifs_continuum_poly *continuum, double error_scale, ifs_fit_work *w)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t c = 0; c < m->ncomp; c++) {
        const ifs_fit_comp *cp = &m->comp[c];
        const ifs_fit_kin *k = &m->kin[cp->kin];
        double margin = window_fwhm * IFS_FWHM_PER_SIGMA * k->scale0 * cp->lsf_sigma_aa;
        lo = fmin(lo, cp->rest_aa * (1 + k->z0 - k->dz) - margin);
        hi = fmax(hi, cp->rest_aa * (1 + k->z0 + k->dz) + margin);
    }
    ifs_fit_data *d = &w->data;
    d->n = 0;
    d->continuum = continuum;
    for (size_t k = ifs_wavegrid_find(grid, lo); k < grid->n && grid->wave_aa[k] <= hi; k++) {
        if (!ifs_spectrum_valid(spec, k))
            continue;
        size_t e = 0;
        while (e < nexclude && !(grid->wave_aa[k] > exclude_aa[2 * e] && grid->wave_aa[k] < exclude_aa[2 * e + 1]))
            e++;
        if (e < nexclude)
            continue;
        d->lo_aa[d->n] = grid->edge_aa[k];
        d->hi_aa[d->n] = grid->edge_aa[k + 1];
        d->wave_aa[d->n] = grid->wave_aa[k];
        d->y[d->n] = spec->flux[k] - (continuum ? ifs_continuum_poly_eval(continuum, grid->wave_aa[k]) : 0);
        d->w[d->n] = 1 / (spec->err[k] * error_scale);
        d->n++;
    }
    return d;
}

/* First of n pixels (upper edges hi_aa, increasing) that ends after wave_aa. */
static size_t first_pixel_after(const double *hi_aa, size_t n, double wave_aa)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (hi_aa[mid] <= wave_aa)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The mean flux density over a pixel [lo, hi] of a unit-flux Gaussian is
 * (Phi(u_hi) - Phi(u_lo)) / (hi - lo), u = (lambda - mu) / sigma.  Adjacent pixels share an edge,
 * evaluated once. */
void ifs_fit_gaussian_add(const double *lo_aa, const double *hi_aa, size_t n, double mu_aa, double sigma_aa,
                          double flux, double *out)
{
    double to = mu_aa + PROFILE_CUT * sigma_aa, edge = NAN, cdf = 0;
    for (size_t i = first_pixel_after(hi_aa, n, mu_aa - PROFILE_CUT * sigma_aa); i < n && lo_aa[i] < to; i++) {
        double cdf_lo = lo_aa[i] == edge ? cdf : 0.5 * erfc(-(lo_aa[i] - mu_aa) / sigma_aa * M_SQRT1_2);
        cdf = 0.5 * erfc(-(hi_aa[i] - mu_aa) / sigma_aa * M_SQRT1_2);
        edge = hi_aa[i];
        out[i] += flux * ((cdf - cdf_lo) * (1 / (hi_aa[i] - lo_aa[i])));
    }
}

/* Pixel integrals of every component (ifs_fit_gaussian_add) and optionally their derivatives with
 * respect to centre and sigma, at redshifts z[] and scales s[] of the kinematic components:
 * d/dmu = -(phi(u_hi) - phi(u_lo)) / (sigma (hi - lo)), d/dsigma = -(u_hi phi(u_hi) - u_lo phi(u_lo))
 * / (sigma (hi - lo)). */
static void profiles(ifs_fit_work *w, const ifs_fit_model *m, const ifs_fit_data *d, const double *z, const double *s,
                     int derivatives)
{
    size_t n = d->n;
    for (size_t c = 0; c < m->ncomp; c++) {
        const ifs_fit_comp *cp = &m->comp[c];
        double mu = cp->rest_aa * (1 + z[cp->kin]), sig = s[cp->kin] * cp->lsf_sigma_aa;
        double *p = w->prof + c * w->cap, *pm = w->dmu + c * w->cap, *ps = w->dsig + c * w->cap;
        memset(p, 0, n * sizeof *p);
        ifs_fit_gaussian_add(d->lo_aa, d->hi_aa, n, mu, sig, 1.0, p);
        if (!derivatives)
            continue;
        memset(pm, 0, n * sizeof *pm);
        memset(ps, 0, n * sizeof *ps);
        double to = mu + PROFILE_CUT * sig, edge = NAN, pdf = 0;
        for (size_t i = first_pixel_after(d->hi_aa, n, mu - PROFILE_CUT * sig); i < n && d->lo_aa[i] < to; i++) {
            double ulo = (d->lo_aa[i] - mu) / sig, uhi = (d->hi_aa[i] - mu) / sig;
            double pdf_lo = d->lo_aa[i] == edge ? pdf : exp(-0.5 * ulo * ulo) * INV_SQRT_2PI;
            pdf = exp(-0.5 * uhi * uhi) * INV_SQRT_2PI;
            edge = d->hi_aa[i];
            double inv = 1 / (d->hi_aa[i] - d->lo_aa[i]);
            pm[i] = -(pdf - pdf_lo) * inv / sig;
            ps[i] = -(uhi * pdf - ulo * pdf_lo) * inv / sig;
        }
    }
}

/* Weighted linear least squares for the amplitudes with the profiles in w: amp[], optionally the
 * covariance (namp x namp, row-major) and chi^2.  Returns -1 for a singular design. */
static int linear_solve(ifs_fit_work *w, const ifs_fit_model *m, const ifs_fit_data *d, double *amp, double *cov,
                        double *chi2)
{
    size_t na = m->namp, n = d->n;
    for (size_t a = 0; a < na; a++)
        memset(w->q + a * w->cap, 0, n * sizeof(double));
    for (size_t c = 0; c < m->ncomp; c++) {
        double *q = w->q + (size_t)m->comp[c].amp * w->cap, r = m->comp[c].ratio;
        const double *p = w->prof + c * w->cap;
        for (size_t i = 0; i < n; i++)
            q[i] += r * p[i] * d->w[i];
    }
    double a[IFS_FIT_MAX_AMP * IFS_FIT_MAX_AMP], b[IFS_FIT_MAX_AMP];
    for (size_t r = 0; r < na; r++) {
        const double *qr = w->q + r * w->cap;
        b[r] = 0;
        for (size_t i = 0; i < n; i++)
            b[r] += qr[i] * d->y[i] * d->w[i];
        for (size_t c = 0; c <= r; c++) {
            const double *qc = w->q + c * w->cap;
            double sum = 0;
            for (size_t i = 0; i < n; i++)
                sum += qr[i] * qc[i];
            a[r * na + c] = a[c * na + r] = sum;
        }
    }
    gsl_matrix_view mat = gsl_matrix_view_array(a, na, na);
    gsl_vector_view rhs = gsl_vector_view_array(b, na), x = gsl_vector_view_array(amp, na);
    if (gsl_linalg_cholesky_decomp1(&mat.matrix) || gsl_linalg_cholesky_solve(&mat.matrix, &rhs.vector, &x.vector))
        return -1;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double model = 0;
        for (size_t r = 0; r < na; r++)
            model += amp[r] * w->q[r * w->cap + i];
        double res = d->y[i] * d->w[i] - model;
        sum += res * res;
    }
    *chi2 = sum;
    if (cov) {
        if (gsl_linalg_cholesky_invert(&mat.matrix))
            return -1;
        memcpy(cov, a, na * na * sizeof(double));
    }
    return 0;
}

/* Residuals r = w (model - y), their Jacobian J (n x p, row-major) and chi^2 = |r|^2 at parameters x
 * (z_k, scale_k for each kinematic component, then the amplitudes). */
static double residuals(ifs_fit_work *w, const ifs_fit_model *m, const ifs_fit_data *d, const double *x, double *r,
                        double *jac)
{
    size_t nk = m->nkin, p = 2 * nk + m->namp, n = d->n;
    double z[IFS_FIT_MAX_KIN], s[IFS_FIT_MAX_KIN];
    for (size_t k = 0; k < nk; k++) {
        z[k] = x[2 * k];
        s[k] = x[2 * k + 1];
    }
    profiles(w, m, d, z, s, jac != NULL);
    memset(r, 0, n * sizeof *r);
    if (jac)
        memset(jac, 0, n * p * sizeof *jac);
    for (size_t c = 0; c < m->ncomp; c++) {
        const ifs_fit_comp *cp = &m->comp[c];
        size_t k = (size_t)cp->kin, a = 2 * nk + (size_t)cp->amp;
        double flux = cp->ratio * x[a];
        /* mu = rest (1 + z): d mu / dz = rest; sigma = scale * lsf: d sigma / d scale = lsf. */
        double dz = flux * cp->rest_aa, ds = flux * cp->lsf_sigma_aa;
        const double *pr = w->prof + c * w->cap, *pm = w->dmu + c * w->cap, *ps = w->dsig + c * w->cap;
        for (size_t i = 0; i < n; i++) {
            r[i] += flux * pr[i];
            if (jac) {
                double *row = jac + i * p;
                row[2 * k] += d->w[i] * dz * pm[i];
                row[2 * k + 1] += d->w[i] * ds * ps[i];
                row[a] += d->w[i] * cp->ratio * pr[i];
            }
        }
    }
    double chi2 = 0;
    for (size_t i = 0; i < n; i++) {
        r[i] = (r[i] - d->y[i]) * d->w[i];
        chi2 += r[i] * r[i];
    }
    return chi2;
}

/* a = J^T J (p x p), g = J^T r. */
static void normal_equations(const double *jac, const double *r, size_t n, size_t p, double *a, double *g)
{
    memset(a, 0, p * p * sizeof *a);
    memset(g, 0, p * sizeof *g);
    for (size_t i = 0; i < n; i++) {
        const double *row = jac + i * p;
        for (size_t j = 0; j < p; j++) {
            g[j] += row[j] * r[i];
            for (size_t l = 0; l <= j; l++)
                a[j * p + l] += row[j] * row[l];
        }
    }
    for (size_t j = 0; j < p; j++)
        for (size_t l = j + 1; l < p; l++)
            a[j * p + l] = a[l * p + j];
}

/* Solves a x = b for symmetric positive definite a (p x p, destroyed: its Cholesky factor). */
static int spd_solve(double *a, const double *b, double *x, size_t p)
{
    gsl_matrix_view m = gsl_matrix_view_array(a, p, p);
    gsl_vector_const_view bv = gsl_vector_const_view_array(b, p);
    gsl_vector_view xv = gsl_vector_view_array(x, p);
    return gsl_linalg_cholesky_decomp1(&m.matrix) || gsl_linalg_cholesky_solve(&m.matrix, &bv.vector, &xv.vector) ? -1 : 0;
}

static int in_range(const ifs_fit_model *m, const double *x)
{
    for (size_t k = 0; k < m->nkin; k++) {
        const ifs_fit_kin *kin = &m->kin[k];
        if (!(fabs(x[2 * k] - kin->z0) <= kin->dz) || !(x[2 * k + 1] >= kin->scale_min && x[2 * k + 1] <= kin->scale_max))
            return 0;
    }
    return 1;
}

/* Grid search of the redshift of kinematic component k, the others held, amplitudes linear. */
static void grid_search(ifs_fit_work *w, const ifs_fit_model *m, const ifs_fit_data *d, size_t k, double *z,
                        const double *s)
{
    double fwhm_z = INFINITY;
    for (size_t c = 0; c < m->ncomp; c++)
        if ((size_t)m->comp[c].kin == k)
            fwhm_z = fmin(fwhm_z, IFS_FWHM_PER_SIGMA * s[k] * m->comp[c].lsf_sigma_aa / m->comp[c].rest_aa);
    double dz = m->kin[k].dz;
    size_t n = fwhm_z < INFINITY && dz > 0 ? (size_t)ceil(2 * dz / (fwhm_z / GRID_STEPS_PER_FWHM)) + 1 : 1;
    if (n > GRID_MAX_POINTS)
        n = GRID_MAX_POINTS;
    double best = INFINITY, zbest = m->kin[k].z0, amp[IFS_FIT_MAX_AMP], chi2;
    for (size_t i = 0; i < n; i++) {
        z[k] = n == 1 ? m->kin[k].z0 : m->kin[k].z0 - dz + 2 * dz * (double)i / (double)(n - 1);
        profiles(w, m, d, z, s, 0);
        if (linear_solve(w, m, d, amp, NULL, &chi2) == 0 && chi2 < best) {
            best = chi2;
            zbest = z[k];
        }
    }
    z[k] = zbest;
}

/* Adds to cov (p x p, the inverse normal matrix of the weighted Jacobian jac, n x p) the variance
 * from the subtracted continuum: the data enter as y - C(x) with C = X beta, so the parameters
 * move by G d beta, G = cov J^T W X, and gain G Cov(beta) G^T (linear error propagation). */
static void add_continuum_covariance(const ifs_fit_data *d, const double *jac, size_t p, double *cov)
{
    const ifs_continuum_poly *c = d->continuum;
    if (!c || !c->npix)
        return;
    size_t q = (size_t)c->nterms;
    double b[MAX_PARAMS * (IFS_LINES_MAX_ORDER + 1)] = {0}, g[MAX_PARAMS * (IFS_LINES_MAX_ORDER + 1)] = {0};
    for (size_t i = 0; i < d->n; i++) {
        double x[IFS_LINES_MAX_ORDER + 1];
        ifs_continuum_poly_basis(c, d->wave_aa[i], x);
        for (size_t j = 0; j < p; j++)
            for (size_t k = 0; k < q; k++)
                b[j * q + k] += jac[i * p + j] * d->w[i] * x[k];
    }
    for (size_t j = 0; j < p; j++)
        for (size_t k = 0; k < q; k++)
            for (size_t l = 0; l < p; l++)
                g[j * q + k] += cov[j * p + l] * b[l * q + k];
    for (size_t j = 0; j < p; j++)
        for (size_t l = 0; l < p; l++) {
            double sum = 0;
            for (size_t k = 0; k < q; k++)
                for (size_t m = 0; m < q; m++)
                    sum += g[j * q + k] * c->cov[k * q + m] * g[l * q + m];
            cov[j * p + l] += sum;
        }
}

static int fit_fixed(ifs_fit_work *w, const ifs_fit_model *m, const ifs_fit_data *d, ifs_fit_result *r, ifs_error *err)
{
    double z[IFS_FIT_MAX_KIN] = {0}, s[IFS_FIT_MAX_KIN] = {0}, cov[IFS_FIT_MAX_AMP * IFS_FIT_MAX_AMP];
    for (size_t k = 0; k < m->nkin; k++) {
        r->z[k] = z[k] = m->kin[k].z0;
        r->scale[k] = s[k] = m->kin[k].scale0;
        r->z_err[k] = r->scale_err[k] = NAN;
    }
    profiles(w, m, d, z, s, 0);
    if (linear_solve(w, m, d, r->amp, cov, &r->chi2))
        return ifs_error_set(err, IFS_ERR_NUMERIC, "line fit: singular design (a line without pixels?)");
    size_t na = m->namp;
    for (size_t i = 0; i < d->n; i++)
        for (size_t a = 0; a < na; a++)
            w->jac[i * na + a] = w->q[a * w->cap + i];
    add_continuum_covariance(d, w->jac, na, cov);
    for (size_t a = 0; a < m->namp; a++)
        r->amp_err[a] = sqrt(cov[a * m->namp + a]);
    r->nparams = m->namp;
    r->converged = 1;
    return IFS_OK;
}

/* Levenberg-Marquardt (Marquardt 1963, SIAM J. Appl. Math. 11, 431: the normal matrix's diagonal
 * scaled by 1 + lambda) from the grid optimum.  Converged when the Gauss-Newton decrement
 * g^T (J^T J)^-1 g, the chi^2 a full Gauss-Newton step would still gain, is below LM_DECREMENT; stopped
 * as not converged when a redshift or width leaves its range (a line that is not there wanders)
 * or when no step reduces chi^2. */
static int fit_free(ifs_fit_work *w, const ifs_fit_model *m, const ifs_fit_data *d, ifs_fit_result *r, ifs_error *err)
{
    size_t nk = m->nkin, p = 2 * nk + m->namp, n = d->n;
    double x[MAX_PARAMS], z[IFS_FIT_MAX_KIN] = {0}, s[IFS_FIT_MAX_KIN] = {0}, chi2;
    for (size_t k = 0; k < nk; k++) {
        z[k] = m->kin[k].z0;
        s[k] = m->kin[k].scale0;
    }
    for (size_t k = 0; k < nk; k++)
        grid_search(w, m, d, k, z, s);
    profiles(w, m, d, z, s, 0);
    if (linear_solve(w, m, d, x + 2 * nk, NULL, &chi2))
        return ifs_error_set(err, IFS_ERR_NUMERIC, "line fit: singular design (a line without pixels?)");
    for (size_t k = 0; k < nk; k++) {
        x[2 * k] = z[k];
        x[2 * k + 1] = s[k];
    }

    double *res = w->r, *rtry = w->rtry, *jac = w->jac, *jtry = w->jtry, a[MAX_PARAMS * MAX_PARAMS], damped[MAX_PARAMS * MAX_PARAMS], g[MAX_PARAMS],
           neg_g[MAX_PARAMS], step[MAX_PARAMS], xtry[MAX_PARAMS];
    chi2 = residuals(w, m, d, x, res, jac);
    double lambda = LM_LAMBDA0;
    int converged = 0;
    for (int iter = 0; iter < LM_MAX_ITER && !converged; iter++) {
        normal_equations(jac, res, n, p, a, g);
        for (size_t j = 0; j < p; j++)
            neg_g[j] = -g[j];
        memcpy(damped, a, p * p * sizeof *a);
        if (spd_solve(damped, neg_g, step, p))
            break;
        double decrement = 0;
        for (size_t j = 0; j < p; j++)
            decrement += neg_g[j] * step[j];
        if (decrement < LM_DECREMENT) {
            converged = 1;
            break;
        }
        int accepted = 0;
        while (!accepted && lambda <= LM_LAMBDA_MAX) {
            memcpy(damped, a, p * p * sizeof *a);
            for (size_t j = 0; j < p; j++)
                damped[j * p + j] *= 1 + lambda;
            if (spd_solve(damped, neg_g, step, p) == 0) {
                for (size_t j = 0; j < p; j++)
                    xtry[j] = x[j] + step[j];
                double c = residuals(w, m, d, xtry, rtry, jtry);
                if (c < chi2) {
                    accepted = 1;
                    memcpy(x, xtry, p * sizeof *x);
                    chi2 = c;
                    double *t = res;
                    res = rtry;
                    rtry = t;
                    t = jac;
                    jac = jtry;
                    jtry = t;
                    lambda = fmax(lambda * LM_LAMBDA_DOWN, LM_LAMBDA_MIN);
                    break;
                }
            }
            lambda *= LM_LAMBDA_UP;
        }
        if (!accepted || !in_range(m, x))
            break;
    }
    /* Covariance (J^T J)^-1 at the final point (res and jac always belong to x). */
    double cov[MAX_PARAMS * MAX_PARAMS];
    normal_equations(jac, res, n, p, cov, g);
    gsl_matrix_view cm = gsl_matrix_view_array(cov, p, p);
    if (gsl_linalg_cholesky_decomp1(&cm.matrix) || gsl_linalg_cholesky_invert(&cm.matrix))
        converged = 0;
    else
        add_continuum_covariance(d, jac, p, cov);
    r->chi2 = chi2;
    r->converged = converged && in_range(m, x);
    for (size_t k = 0; k < nk; k++) {
        r->z[k] = x[2 * k];
        r->scale[k] = x[2 * k + 1];
        r->z_err[k] = sqrt(cov[(2 * k) * p + 2 * k]);
        r->scale_err[k] = sqrt(cov[(2 * k + 1) * p + 2 * k + 1]);
    }
    for (size_t j = 0; j < m->namp; j++) {
        r->amp[j] = x[2 * nk + j];
        r->amp_err[j] = sqrt(cov[(2 * nk + j) * p + 2 * nk + j]);
    }
    r->nparams = p;
    return IFS_OK;
}

int ifs_fit_run(const ifs_fit_model *m, const ifs_fit_data *d, int free_kinematics, ifs_fit_work *w,
                ifs_fit_result *r, ifs_error *err)
{
    memset(r, 0, sizeof *r);
    r->npoints = d->n;
    size_t p = free_kinematics ? 2 * m->nkin + m->namp : m->namp;
    if (!m->namp || d->n < p + 1)
        return ifs_error_set(err, IFS_ERR_INPUT, "line fit: %zu points for %zu parameters", d->n, p);
    return free_kinematics ? fit_free(w, m, d, r, err) : fit_fixed(w, m, d, r, err);
}
