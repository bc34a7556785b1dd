/* derive.c: everything derived from one fitted observation (science.md sections 4-6), from the
 * modules that compute each quantity: metallicity.h, dust.h, sfr.h, gradient.h, stats.h. */
#include "ifscat/derive.h"

#include "ifscat/cosmology.h"
#include "ifscat/regions.h"
#include "ifscat/sfr.h"
#include "ifscat/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int ifs_derive_settings_default(ifs_derive_settings *s, const ifs_calibration *cal, uint64_t seed, ifs_error *err)
{
    memset(s, 0, sizeof *s);
    ifs_oh_settings_default(&s->oh, seed);
    if (!ifs_calibration_find(cal, s->oh.diag[0]))
        return ifs_error_set(err, IFS_ERR_INPUT, "calibration %s (%s) has no %s: no metallicity without it", cal->name,
                             cal->path, s->oh.diag[0]);
    int n = 1;
    for (int d = 1; d < s->oh.ndiag; d++)
        if (ifs_calibration_find(cal, s->oh.diag[d]))
            memmove(s->oh.diag[n++], s->oh.diag[d], sizeof s->oh.diag[d]);
    s->oh.ndiag = n;
    ifs_gradient_settings_default(&s->gradient, seed);
    s->map_snr = IFS_DERIVE_MAP_SNR;
    s->ne3o2_map_snr = IFS_DERIVE_NE3O2_MAP_SNR;
    s->av_snr = IFS_AV_SNR_MIN;
    return IFS_OK;
}

void ifs_derive_output_free(ifs_derive_output *out)
{
    if (!out)
        return;
    free(out->region);
    free(out);
}

/* Index of a calibration diagnostic by name, or -1. */
static int diag_index(const ifs_calibration *cal, const char *name)
{
    const ifs_diagnostic *d = ifs_calibration_find(cal, name);
    return d ? (int)(d - cal->diag) : -1;
}

/* What the steps share. */
typedef struct ctx {
    const ifs_derive_input *in;
    const ifs_derive_settings *set;
    const ifs_oh_plan *plan;
    ifs_derive_output *out;
    int hbeta, hdelta, r3, ne3o2;
} ctx;

static const double *row(const double *v, const ctx *c, size_t r)
{
    return v + r * c->in->lines->nlines;
}

/* The map mask of science.md section 6 for single spaxels: S/N > map_snr in the lines of R3
 * ([OIII]5008 and H-beta); summed regions are not masked. */
static int unmasked(const ctx *c, size_t r)
{
    const ifs_derive_region_out *o = &c->out->region[r];
    int kind = c->in->region[r].kind;
    return (kind != IFS_REGION_SPAXEL && kind != IFS_REGION_SMOOTHED) || isfinite(o->r3);
}

/* Line ratios for the maps: R3 where both lines have S/N > map_snr, Ne3O2 where both have S/N >
 * ne3o2_map_snr. */
static void ratios(const ctx *c)
{
    for (size_t r = 0; r < c->in->nregions; r++) {
        ifs_derive_region_out *o = &c->out->region[r];
        const double *f = row(c->in->flux, c, r), *e = row(c->in->err, c, r);
        if (!ifs_oh_ratio(c->plan, c->r3, f, e, c->set->map_snr, &o->r3, &o->r3_err))
            o->r3 = o->r3_err = NAN;
        if (!ifs_oh_ratio(c->plan, c->ne3o2, f, e, c->set->ne3o2_map_snr, &o->ne3o2, &o->ne3o2_err))
            o->ne3o2 = o->ne3o2_err = NAN;
    }
}

/* The integrated spectrum: A_V from its H-delta/H-beta, its SFR and the galaxy's sSFR. */
static int integrated(const ctx *c, const ifs_cosmology *cosmo, ifs_error *err)
{
    ifs_derive_galaxy *g = &c->out->galaxy;
    const ifs_linelist *ll = c->in->lines;
    g->av = (ifs_av){.status = IFS_AV_UNDEFINED, .av = 0, .av_err = NAN, .ratio = NAN, .ratio_err = NAN};
    g->hbeta_snr = g->hdelta_snr = g->log_sfr = g->log_sfr_err = g->log_ssfr = NAN;
    g->oh = (ifs_oh_result){.status = IFS_OH_NO_DIAGNOSTIC, .p16 = NAN, .p50 = NAN, .p84 = NAN, .lo = NAN, .hi = NAN,
                            .acceptance = NAN, .tau = NAN};
    if (g->region < 0)
        return IFS_OK;
    const double *f = row(c->in->flux, c, (size_t)g->region), *e = row(c->in->err, c, (size_t)g->region);
    g->oh = c->out->region[g->region].oh;
    if (c->hbeta >= 0)
        g->hbeta_snr = f[c->hbeta] / e[c->hbeta];
    if (c->hdelta >= 0)
        g->hdelta_snr = f[c->hdelta] / e[c->hdelta];
    if (c->hbeta >= 0 && c->hdelta >= 0) {
        g->av = ifs_dust_av_balmer(f[c->hdelta], e[c->hdelta], ll->lines[c->hdelta].rest_aa * 1e-4, f[c->hbeta],
                                   e[c->hbeta], ll->lines[c->hbeta].rest_aa * 1e-4, IFS_HDELTA_HBETA_INTRINSIC,
                                   IFS_CALZETTI_RV, c->set->av_snr);
        if (g->av.status == IFS_AV_UNDEFINED)
            g->av.av = 0; /* no correction, as below the S/N cut */
    }
    if (c->hbeta >= 0 && g->hbeta_snr > c->set->map_snr) {
        ifs_sfr s;
        if (ifs_sfr_from_hbeta(cosmo, c->in->z, c->in->mu, f[c->hbeta] * 1e-20, e[c->hbeta] * 1e-20, g->av.av,
                               g->av.av_err, ll->lines[c->hbeta].rest_aa * 1e-4, &s, err))
            return err->code;
        g->log_sfr = s.log_sfr;
        g->log_sfr_err = s.log_sfr_err;
        g->log_ssfr = s.log_sfr - c->in->log_mstar; /* NAN without a mass */
    }
    return IFS_OK;
}

/* SFR and Sigma_SFR of every region with H-beta S/N > map_snr and unmasked, with the galaxy's A_V. */
static int resolved_sfr(const ctx *c, const ifs_cosmology *cosmo, ifs_error *err)
{
    const ifs_derive_galaxy *g = &c->out->galaxy;
    if (c->hbeta < 0)
        return IFS_OK;
    double hb_um = c->in->lines->lines[c->hbeta].rest_aa * 1e-4;
    for (size_t r = 0; r < c->in->nregions; r++) {
        ifs_derive_region_out *o = &c->out->region[r];
        double f = row(c->in->flux, c, r)[c->hbeta], e = row(c->in->err, c, r)[c->hbeta];
        if (!(f / e > c->set->map_snr) || !unmasked(c, r))
            continue;
        ifs_sfr s;
        if (ifs_sfr_from_hbeta(cosmo, c->in->z, c->in->mu, f * 1e-20, e * 1e-20, g->av.av, g->av.av_err, hb_um, &s,
                               err))
            return err->code;
        o->log_sfr = s.log_sfr;
        o->log_sfr_err = s.log_sfr_err;
        o->log_sigma_sfr = s.log_sfr - log10(c->in->region[r].area_kpc2); /* NAN without an area */
    }
    return IFS_OK;
}

/* Sigma_*: the SED mass spread like the continuum map, normalised over the aperture (sfr.h); single
 * spaxels take their spaxel's value (masked like the maps), summed regions their members' mass over
 * their area.  Not determined without a mass, a continuum map, an aperture or positive continuum in it. */
static int sigma_star(const ctx *c, ifs_error *err)
{
    const ifs_derive_input *in = c->in;
    int ap = -1;
    for (size_t r = 0; r < in->nregions && ap < 0; r++)
        if (in->region[r].kind == IFS_REGION_APERTURE)
            ap = (int)r;
    if (!isfinite(in->log_mstar) || !in->continuum || ap < 0)
        return IFS_OK;
    size_t ns = in->nx * in->ny;
    unsigned char *in_ap = malloc(ns);
    double *logsig = malloc(ns * sizeof *logsig);
    if (!in_ap || !logsig) {
        free(in_ap);
        free(logsig);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    ifs_region ar = {.kind = IFS_REGION_APERTURE, .x = in->region[ap].x, .y = in->region[ap].y, .r_out = in->region[ap].r_out};
    for (size_t s = 0; s < ns; s++)
        in_ap[s] = (unsigned char)ifs_region_contains(&ar, (long)(s % in->nx), (long)(s / in->nx));
    ifs_error local;
    if (ifs_sfr_sigma_star(in->log_mstar, in->continuum, in_ap, ns, in->spaxel_area_kpc2, logsig, &local) == IFS_OK)
        for (size_t r = 0; r < in->nregions; r++) {
            const ifs_derive_region *dr = &in->region[r];
            ifs_derive_region_out *o = &c->out->region[r];
            if (dr->kind == IFS_REGION_SPAXEL || dr->kind == IFS_REGION_SMOOTHED) {
                if (unmasked(c, r) && dr->x >= 0 && dr->y >= 0 && (size_t)dr->x < in->nx && (size_t)dr->y < in->ny)
                    o->log_sigma_star = logsig[(size_t)dr->y * in->nx + (size_t)dr->x];
                continue;
            }
            if (dr->kind != IFS_REGION_APERTURE && dr->kind != IFS_REGION_ANNULUS)
                continue;
            ifs_region g = {.kind = dr->kind, .number = dr->number, .x = dr->x, .y = dr->y, .r_out = dr->r_out};
            double mass = 0;
            for (size_t s = 0; s < ns; s++)
                if (isfinite(logsig[s]) && ifs_region_contains(&g, (long)(s % in->nx), (long)(s / in->nx)))
                    mass += pow(10.0, logsig[s]) * in->spaxel_area_kpc2;
            if (mass > 0)
                o->log_sigma_star = log10(mass / dr->area_kpc2);
        }
    free(in_ap);
    free(logsig);
    return IFS_OK;
}

/* The gradient through the annuli's metallicities against their mean radius in kpc. */
static int gradient(const ctx *c, ifs_error *err)
{
    const ifs_derive_input *in = c->in;
    ifs_derive_galaxy *g = &c->out->galaxy;
    ifs_gradient_point *pts = malloc((in->nregions ? in->nregions : 1) * sizeof *pts);
    if (!pts)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    size_t n = 0;
    int nedge = 0;
    for (size_t r = 0; r < in->nregions; r++) {
        const ifs_oh_result *oh = &c->out->region[r].oh;
        if (in->region[r].kind != IFS_REGION_ANNULUS || oh->status != IFS_OH_OK || !isfinite(in->region[r].r_mean_kpc) ||
            !(oh->p50 > oh->p16) || !(oh->p84 > oh->p50))
            continue;
        pts[n++] = (ifs_gradient_point){in->region[r].r_mean_kpc, oh->p50, oh->p50 - oh->p16, oh->p84 - oh->p50};
        nedge += (oh->flags & IFS_OH_FLAG_EDGE) != 0;
    }
    ifs_error local;
    int status = ifs_gradient_fit(pts, n, &c->set->gradient, &g->gradient, &local);
    free(pts);
    if (status == IFS_ERR_INPUT) /* fewer than two annuli at distinct radii: no gradient */
        return IFS_OK;
    if (status) {
        *err = local;
        return status;
    }
    g->has_gradient = 1;
    g->gradient_n_edge = nedge;
    return IFS_OK;
}

/* Spearman rank correlation of the spaxels' metallicity with their Sigma_SFR (science.md section 6). */
static int rfmr(const ctx *c, ifs_error *err)
{
    const ifs_derive_input *in = c->in;
    ifs_derive_galaxy *g = &c->out->galaxy;
    g->rfmr_rho = g->rfmr_p = NAN;
    double *x = malloc((in->nregions ? in->nregions : 1) * sizeof *x), *y = malloc((in->nregions ? in->nregions : 1) * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    }
    size_t n = 0;
    for (size_t r = 0; r < in->nregions; r++) {
        const ifs_derive_region_out *o = &c->out->region[r];
        if (in->region[r].kind == IFS_REGION_SPAXEL && o->oh.status == IFS_OH_OK && isfinite(o->log_sigma_sfr)) {
            x[n] = o->oh.p50;
            y[n++] = o->log_sigma_sfr;
        }
    }
    g->rfmr_n = n;
    ifs_error local;
    int status = n >= 3 ? ifs_stats_spearman(x, y, n, &g->rfmr_rho, &g->rfmr_p, &local) : IFS_OK;
    free(x);
    free(y);
    if (status == IFS_ERR_NUMERIC) { /* a constant variable: rho undefined */
        g->rfmr_rho = g->rfmr_p = NAN;
        status = IFS_OK;
    } else if (status)
        *err = local;
    return status;
}

int ifs_derive_run(const ifs_calibration *cal, const ifs_derive_input *in, const ifs_derive_settings *set,
                   ifs_derive_output **out, ifs_error *err)
{
    *out = NULL;
    ifs_cosmology cosmo = IFS_COSMOLOGY_DEFAULT;
    ifs_distances dist;
    if (ifs_cosmology_distances(&cosmo, in->z, in->mu, &dist, err))
        return err->code;
    ifs_oh_plan *plan = NULL;
    if (ifs_oh_plan_alloc(cal, in->lines, &set->oh, &plan, err))
        return err->code;
    ifs_derive_output *o = calloc(1, sizeof *o);
    uint64_t *streams = malloc((in->nregions ? in->nregions : 1) * sizeof *streams);
    ifs_oh_result *oh = malloc((in->nregions ? in->nregions : 1) * sizeof *oh);
    int status = IFS_OK;
    if (!o || !streams || !oh || !(o->region = calloc(in->nregions ? in->nregions : 1, sizeof *o->region))) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto exit;
    }
    o->nregions = in->nregions;
    o->galaxy.region = -1;
    for (size_t r = 0; r < in->nregions; r++) {
        streams[r] = r;
        ifs_derive_region_out *ro = &o->region[r];
        ro->r3 = ro->r3_err = ro->ne3o2 = ro->ne3o2_err = NAN;
        ro->log_sfr = ro->log_sfr_err = ro->log_sigma_sfr = ro->log_sigma_star = NAN;
        int k = in->region[r].kind;
        if (o->galaxy.region < 0 && k == IFS_REGION_APERTURE)
            o->galaxy.region = (int)r;
    }
    for (size_t r = 0; r < in->nregions && o->galaxy.region < 0; r++)
        if (in->region[r].kind == IFS_REGION_SPECTRUM)
            o->galaxy.region = (int)r;
    if ((status = ifs_oh_regions(plan, in->nregions, in->flux, in->err, in->lines->nlines, streams, set->nthreads, oh,
                                 err)))
        goto exit;
    for (size_t r = 0; r < in->nregions; r++)
        o->region[r].oh = oh[r];
    ctx c = {.in = in, .set = set, .plan = plan, .out = o,
             .hbeta = ifs_linelist_find(in->lines, "Hbeta"), .hdelta = ifs_linelist_find(in->lines, "Hdelta"),
             .r3 = diag_index(cal, "R3"), .ne3o2 = diag_index(cal, "Ne3O2")};
    ratios(&c);
    if ((status = integrated(&c, &cosmo, err)) || (status = resolved_sfr(&c, &cosmo, err)) ||
        (status = sigma_star(&c, err)) || (status = gradient(&c, err)) || (status = rfmr(&c, err)))
        goto exit;
    *out = o;
    o = NULL;
exit:
    ifs_derive_output_free(o);
    free(streams);
    free(oh);
    ifs_oh_plan_free(plan);
    return status;
}
