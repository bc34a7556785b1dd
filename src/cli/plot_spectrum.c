/* plot_spectrum.c: a summed spectrum with its error, best-fit model and labelled lines, over its
 * residuals. */
#include "plots.h"

#include "ifscat/fitread.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Two rows at the column width: spectrum 3, residuals 1. */
#define SPECTRUM_HEIGHT_IN 3.2
/* Lines are labelled when measured at this S/N or more in the region drawn. */
#define LABEL_SNR 3.0
/* The top part of the spectrum panel is kept free of data for the title and the line labels: the
 * y range reaches HEADROOM x the data's span above its maximum. */
#define HEADROOM 0.8
/* Label rows (axes fractions from the bottom) below the title row; a label takes the first row
 * where it does not overlap the previous label of that row, else it is left out (its dotted line
 * stays). */
static const double label_rows[] = {0.87, 0.81, 0.75, 0.69, 0.63};
#define TITLE_ROW 0.97
#define LABEL_PT 5.0
/* Width of the plot area at the column width (points), and of a character of the label font as a
 * fraction of its size: for the overlap test. */
#define PANEL_WIDTH_PT 200.0
#define CHAR_WIDTH 0.55

/* Characters of a UTF-8 string (its width in the label font, roughly). */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* The label drawn for a line: the Balmer and Paschen labels of the line lists ("H-beta", "Pa-alpha")
 * with their Greek letter (H\u03b2, Pa\u03b1), narrower, so that more of the crowded lines keep a label;
 * other labels as they are. */
static const char *display_label(const char *label, char *buf, size_t size)
{
    static const char *const greek[][2] = {{"alpha", "\u03b1"}, {"beta", "\u03b2"},    {"gamma", "\u03b3"},
                                           {"delta", "\u03b4"}, {"epsilon", "\u03b5"}, {"zeta", "\u03b6"},
                                           {"eta", "\u03b7"}};
    const char *dash = strchr(label, '-');
    if (dash && dash - label <= 2)
        for (size_t i = 0; i < sizeof greek / sizeof greek[0]; i++)
            if (strcmp(dash + 1, greek[i][0]) == 0) {
                snprintf(buf, size, "%.*s%s", (int)(dash - label), label, greek[i][1]);
                return buf;
            }
    return label;
}

/* The spectrum drawn: the requested annulus, else the aperture, else a 1D observation's. */
static const ifs_fitspec *choose(const ifs_fitspec *spec, size_t n, int annulus)
{
    for (size_t i = 0; i < n; i++)
        if (annulus ? !strcmp(spec[i].kind, "annulus") && spec[i].number == annulus
                    : !strcmp(spec[i].kind, "aperture") || !strcmp(spec[i].kind, "spectrum"))
            return &spec[i];
    return NULL;
}

static void region_title(const ifs_fitinfo *info, const ifs_fitspec *s, char *buf, size_t size)
{
    if (!strcmp(s->kind, "aperture"))
        snprintf(buf, size, "%s, aperture r = %.2f\u2033 (%d spaxels)", info->target, s->r_out_arcsec, s->n_used);
    else if (!strcmp(s->kind, "annulus"))
        snprintf(buf, size, "%s, annulus %d: %.2f\u2013%.2f kpc", info->target, s->number, s->r_in_kpc, s->r_out_kpc);
    else
        snprintf(buf, size, "%s, %s spectrum", info->target, info->grating);
}

static int draw(const ifs_fitinfo *info, const ifs_fitspec *s, ifs_figure *fig)
{
    size_t n = info->nwave;
    double *w = malloc(5 * n * sizeof *w), *f = w + n, *lo = w + 2 * n, *hi = w + 3 * n, *res = w + 4 * n;
    double *rlo = malloc(2 * n * sizeof *rlo), *rhi = rlo + n;
    if (!w || !rlo) {
        free(w);
        free(rlo);
        return IFS_ERR_NOMEM;
    }
    /* The errors the fit used: err x error_scale (docs/fitting.md); masked channels are gaps. */
    double scale = isfinite(s->error_scale) ? s->error_scale : 1.0, wmin = INFINITY, wmax = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        int ok = !s->mask[k] && isfinite(s->flux[k]);
        double e = scale * s->err[k];
        w[k] = info->wave_um[k];
        f[k] = ok ? s->flux[k] : NAN;
        lo[k] = ok ? f[k] - e : NAN;
        hi[k] = ok ? f[k] + e : NAN;
        res[k] = ok && isfinite(s->model[k]) ? s->flux[k] - s->model[k] : NAN;
        rlo[k] = isfinite(res[k]) ? -e : NAN;
        rhi[k] = isfinite(res[k]) ? e : NAN;
        if (ok) {
            wmin = fmin(wmin, w[k]);
            wmax = fmax(wmax, w[k]);
        }
    }
    ifs_panel *top = ifs_figure_panel(fig, 0, 0), *bottom = ifs_figure_panel(fig, 1, 0);
    const ifs_rgb grey = {0.6, 0.6, 0.6}, model = ifs_plot_series(1, NULL).color;
    int status = ifs_plot_band(top, n, w, lo, hi, &(ifs_plot_style){.color = grey, .alpha = 0.5, .steps = 1});
    if (!status)
        status = ifs_plot_line(top, n, w, f, &(ifs_plot_style){.line_pt = 0.5, .steps = 1});
    if (!status)
        status = ifs_plot_line(top, n, w, s->model, &(ifs_plot_style){.color = model, .line_pt = 0.7});
    /* Fitted lines at their observed wavelength, rest x (1 + z of their group), labelled in rows. */
    double row_end[sizeof label_rows / sizeof label_rows[0]];
    for (size_t k = 0; k < sizeof label_rows / sizeof label_rows[0]; k++)
        row_end[k] = -INFINITY;
    for (size_t l = 0; !status && l < info->nlines; l++) {
        double z = isfinite(s->line_z[l]) ? s->line_z[l] : info->z, obs = info->lines[l].rest_aa * (1 + z) / 1e4;
        if (!(s->line_snr[l] >= LABEL_SNR) || obs < wmin || obs > wmax)
            continue;
        status = ifs_plot_refline(top, 1, obs, &(ifs_plot_style){.color = grey, .dash = IFS_DASH_DOTTED, .line_pt = 0.4});
        char buf[64];
        const char *label = display_label(info->lines[l].label, buf, sizeof buf);
        double at = (obs - wmin) / (wmax - wmin), half = 0.5 * chars(label) * CHAR_WIDTH * LABEL_PT / PANEL_WIDTH_PT;
        for (size_t k = 0; !status && k < sizeof label_rows / sizeof label_rows[0]; k++)
            if (at - half > row_end[k]) {
                status = ifs_plot_text(top, IFS_COORD_AXES, at, label_rows[k], 0.5, 1, label,
                                       &(ifs_plot_style){.text_pt = LABEL_PT});
                row_end[k] = at + half;
                break;
            }
    }
    if (!status)
        status = ifs_plot_band(bottom, n, w, rlo, rhi, &(ifs_plot_style){.color = grey, .alpha = 0.5, .steps = 1});
    if (!status)
        status = ifs_plot_line(bottom, n, w, res, &(ifs_plot_style){.line_pt = 0.5, .steps = 1});
    if (!status)
        status = ifs_plot_refline(bottom, 0, 0.0, &(ifs_plot_style){.color = model, .line_pt = 0.5});
    /* Title, and a key: black data with its grey 1-sigma errors, the model in colour. */
    char title[200];
    region_title(info, s, title, sizeof title);
    if (!status)
        status = ifs_plot_text(top, IFS_COORD_AXES, 0.02, TITLE_ROW, 0, 1, title, &(ifs_plot_style){.text_pt = 6});
    if (!status)
        status = ifs_plot_text(top, IFS_COORD_AXES, 0.98, TITLE_ROW, 1, 1, "model",
                               &(ifs_plot_style){.color = model, .text_pt = 6});
    double fmin_ = INFINITY, fmax_ = -INFINITY;
    for (size_t k = 0; k < n; k++)
        if (isfinite(lo[k]) && isfinite(hi[k])) {
            fmin_ = fmin(fmin_, lo[k]);
            fmax_ = fmax(fmax_, hi[k]);
        }
    if (!status && wmax > wmin)
        status = ifs_panel_xrange(top, wmin, wmax) || ifs_panel_xrange(bottom, wmin, wmax) ? IFS_ERR_INPUT : IFS_OK;
    if (!status && fmax_ > fmin_)
        status = ifs_panel_yrange(top, fmin_ - 0.05 * (fmax_ - fmin_), fmax_ + HEADROOM * (fmax_ - fmin_));
    if (!status)
        status = ifs_panel_ylabel(top, "f_{\u03bb}", "10^{-20} erg s^{-1} cm^{-2} \u00c5^{-1}");
    if (!status)
        status = ifs_panel_ylabel(bottom, "data \u2212 model", NULL);
    if (!status)
        status = ifs_panel_xlabel(bottom, "\u03bb_{obs}", "\u03bcm");
    ifs_panel_ticklabels(top, 0, 1);
    free(w);
    free(rlo);
    return status;
}

int plot_spectrum(const plot_request *r, ifs_figure **fig, ifs_error *err)
{
    *fig = NULL;
    ifs_fitinfo *info = NULL;
    ifs_fitspec *spec = NULL;
    size_t nspec = 0;
    int status = ifs_fitinfo_read(r->conn, r->target, r->observation, &info, err);
    if (!status)
        status = ifs_fitspec_read(r->conn, info, IFS_FITSPEC_APERTURE | IFS_FITSPEC_ANNULI | IFS_FITSPEC_SPECTRUM,
                                  &spec, &nspec, err);
    const ifs_fitspec *s = status ? NULL : choose(spec, nspec, r->annulus);
    if (!status && !s)
        status = r->annulus ? ifs_error_set(err, IFS_ERR_INPUT, "nothing to plot: the fit of %s has no annulus %d",
                                            r->target, r->annulus)
                            : ifs_error_set(err, IFS_ERR_INPUT,
                                            "nothing to plot: the fit of %s has no aperture spectrum (fit it with "
                                            "'--regions aperture')", r->target);
    double ratios[2] = {3, 1};
    if (!status && (!(*fig = ifs_figure_alloc(IFS_PLOT_COLUMN_IN, SPECTRUM_HEIGHT_IN, 2, 1)) ||
                    ifs_figure_row_heights(*fig, ratios)))
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if (!status)
        status = draw(info, s, *fig);
    ifs_fitspec_free(spec, nspec);
    ifs_fitinfo_free(info);
    return status;
}
