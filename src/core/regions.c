/* regions.c: spaxel, smoothed-spaxel, aperture and annulus regions with their geometry. */
#include "ifscat/regions.h"

#include "ifscat/smooth.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[IFS_REGION_NKINDS] = {"spaxel", "smoothed", "aperture", "annulus", "spectrum"};

const char *ifs_region_kind_name(int kind)
{
    return kind >= 0 && kind < IFS_REGION_NKINDS ? kind_names[kind] : "unknown";
}

int ifs_regions_parse(const char *text, unsigned *kinds, ifs_error *err)
{
    static const struct {
        const char *word;
        int kind;
    } words[] = {{"spaxels", IFS_REGION_SPAXEL}, {"smoothed", IFS_REGION_SMOOTHED},
                 {"aperture", IFS_REGION_APERTURE}, {"annuli", IFS_REGION_ANNULUS}};
    *kinds = 0;
    const char *p = text;
    while (*p) {
        size_t len = strcspn(p, ",");
        size_t i = 0;
        while (i < sizeof words / sizeof *words && !(strlen(words[i].word) == len && !strncmp(words[i].word, p, len)))
            i++;
        if (i == sizeof words / sizeof *words)
            return ifs_error_set(err, IFS_ERR_INPUT, "regions: unknown '%.*s' (known: spaxels, smoothed, aperture, annuli)",
                                 (int)len, p);
        *kinds |= 1u << words[i].kind;
        p += len;
        if (*p == ',')
            p++;
    }
    if (!*kinds)
        return ifs_error_set(err, IFS_ERR_INPUT, "regions: empty selection");
    return IFS_OK;
}

const char *ifs_centre_from_name(int centre_from)
{
    return centre_from == IFS_CENTRE_LINES ? "line emission" : "continuum";
}

void ifs_region_set_free(ifs_region_set *set)
{
    if (!set)
        return;
    free(set->region);
    free(set->spaxel);
    free(set);
}

/* A peak of a 3x3-median-filtered map that stands IFS_CENTRE_MIN_SIGNIFICANCE robust standard deviations
 * above the map's median is a detection: the map's own scatter, 1.4826 x the median absolute deviation
 * (the Gaussian consistency factor; Rousseeuw & Croux 1993, JASA 88, 1273), so that mis-scaled cube
 * errors do not matter. */
#define IFS_CENTRE_MIN_SIGNIFICANCE 5.0

/* The peak of the 3x3-median-filtered map (value, error) with its significance in robust standard
 * deviations of the filtered map; *at = (size_t)-1 when no spaxel has data. */
static int filtered_peak(const ifs_maps *maps, const double *value, const double *error, size_t *at,
                         double *significance, ifs_error *err)
{
    size_t ns = maps->nx * maps->ny, n = 0;
    ifs_cube *map = ifs_cube_alloc(maps->nx, maps->ny, 1);
    ifs_spectrum *smooth = ifs_spectrum_alloc(1);
    double *filtered = malloc(ns * sizeof *filtered);
    int status = IFS_OK;
    *at = (size_t)-1;
    *significance = 0;
    if (!map || !smooth || !filtered) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto exit;
    }
    for (size_t s = 0; s < ns; s++) {
        map->flux[s] = (float)value[s];
        map->err[s] = (float)error[s];
        map->mask[s] = !isfinite(value[s]) || !(error[s] > 0);
    }
    double best = -INFINITY;
    for (size_t s = 0; s < ns; s++) {
        ifs_spectrum_median3x3(map, s % maps->nx, s / maps->nx, smooth);
        if (smooth->mask[0])
            continue;
        filtered[n++] = smooth->flux[0];
        if (smooth->flux[0] > best) {
            best = smooth->flux[0];
            *at = s;
        }
    }
    if (n > 2) {
        double median = gsl_stats_median(filtered, 1, n);
        for (size_t i = 0; i < n; i++)
            filtered[i] = fabs(filtered[i] - median);
        double sigma = 1.4826 * gsl_stats_median(filtered, 1, n);
        *significance = sigma > 0 ? (best - median) / sigma : INFINITY;
    }
exit:
    ifs_cube_free(map);
    ifs_spectrum_free(smooth);
    free(filtered);
    return status;
}

/* The centre: the peak of the filtered continuum map (science.md section 6); when the continuum is not
 * detected there but the line emission is, the peak of the filtered line map (a faint continuum would
 * otherwise put the aperture on noise). */
static int find_centre(const ifs_maps *maps, ifs_region_set *set, ifs_error *err)
{
    size_t cont_at, line_at;
    double cont_sig, line_sig;
    if (filtered_peak(maps, maps->cont, maps->cont_err, &cont_at, &cont_sig, err) ||
        filtered_peak(maps, maps->line, maps->line_err, &line_at, &line_sig, err))
        return err->code;
    size_t at = cont_at;
    set->centre_from = IFS_CENTRE_CONTINUUM;
    if (line_at != (size_t)-1 && (cont_at == (size_t)-1 || cont_sig < IFS_CENTRE_MIN_SIGNIFICANCE) &&
        line_sig >= IFS_CENTRE_MIN_SIGNIFICANCE) {
        at = line_at;
        set->centre_from = IFS_CENTRE_LINES;
    }
    if (at == (size_t)-1)
        return ifs_error_set(err, IFS_ERR_INPUT,
                             "no spaxel has data in the stellar-continuum window: cannot place the aperture and annuli");
    set->cx = (int)(at % maps->nx);
    set->cy = (int)(at / maps->nx);
    return IFS_OK;
}

/* Squared distance of spaxel s from the centre. */
static long dist2(const ifs_maps *maps, size_t s, int cx, int cy)
{
    long dx = (long)(s % maps->nx) - cx, dy = (long)(s / maps->nx) - cy;
    return dx * dx + dy * dy;
}

/* Annulus k: the central circle d <= 1 for k = 1, else k - 1 < d <= k. */
static int in_annulus(long d2, size_t k)
{
    long lo = k == 1 ? -1 : (long)((k - 1) * (k - 1)), hi = (long)(k * k);
    return d2 > lo && d2 <= hi;
}

/* Aperture of radius rad: d <= rad. */
static int in_aperture(long d2, double rad)
{
    return (double)d2 <= rad * rad;
}

int ifs_region_contains(const ifs_region *r, long x, long y)
{
    long dx = x - (long)r->x, dy = y - (long)r->y, d2 = dx * dx + dy * dy;
    switch (r->kind) {
    case IFS_REGION_APERTURE:
        return in_aperture(d2, r->r_out);
    case IFS_REGION_ANNULUS:
        return r->number > 0 && in_annulus(d2, (size_t)r->number);
    default:
        return d2 == 0;
    }
}

/* Outermost k such that every annulus 1..k of the line map has S/N >= snr_min. */
static size_t line_extent(const ifs_maps *maps, int cx, int cy, double snr_min)
{
    size_t ns = maps->nx * maps->ny, kmax = maps->nx + maps->ny;
    for (size_t k = 1; k <= kmax; k++) {
        double f = 0, v = 0;
        for (size_t s = 0; s < ns; s++)
            if (in_annulus(dist2(maps, s, cx, cy), k) && isfinite(maps->line[s]) && isfinite(maps->line_err[s])) {
                f += maps->line[s];
                v += maps->line_err[s] * maps->line_err[s];
            }
        if (!(v > 0) || f / sqrt(v) < snr_min)
            return k - 1;
    }
    return kmax;
}

/* A region set under construction: regions and members appended in order, arrays grown by doubling. */
typedef struct builder {
    ifs_region_set *set;
    size_t cap_regions, cap_spaxels;
} builder;

static ifs_region *add_region(builder *b, const ifs_region *proto)
{
    ifs_region_set *set = b->set;
    if (set->n == b->cap_regions) {
        size_t cap = b->cap_regions ? 2 * b->cap_regions : 64;
        ifs_region *r = realloc(set->region, cap * sizeof *r);
        if (!r)
            return NULL;
        set->region = r;
        b->cap_regions = cap;
    }
    ifs_region *r = &set->region[set->n++];
    *r = *proto;
    r->first = set->n > 1 ? set->region[set->n - 2].first + set->region[set->n - 2].nspaxels : 0;
    r->nspaxels = 0;
    return r;
}

static int add_spaxel(builder *b, ifs_region *r, size_t s)
{
    ifs_region_set *set = b->set;
    size_t at = r->first + r->nspaxels;
    if (at == b->cap_spaxels) {
        size_t cap = b->cap_spaxels ? 2 * b->cap_spaxels : 1024;
        size_t *p = realloc(set->spaxel, cap * sizeof *p);
        if (!p)
            return -1;
        set->spaxel = p;
        b->cap_spaxels = cap;
    }
    set->spaxel[at] = s;
    r->nspaxels++;
    return 0;
}

int ifs_regions_build(const ifs_cube *cube, const ifs_maps *maps, const ifs_regions_settings *rs, ifs_region_set **out,
                      ifs_error *err)
{
    *out = NULL;
    builder b = {0};
    ifs_region_set *set = b.set = calloc(1, sizeof *set);
    if (!set)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    set->cx = set->cy = -1;
    size_t ns = cube->nx * cube->ny;
    int status = IFS_OK;
    ifs_region *r;

    if (ns == 1) {
        if (!(r = add_region(&b, &(ifs_region){.kind = IFS_REGION_SPECTRUM, .r_in = NAN, .r_out = NAN, .r_mean = NAN})) ||
            add_spaxel(&b, r, 0))
            goto nomem;
        *out = set;
        return IFS_OK;
    }
    unsigned placed = (1u << IFS_REGION_APERTURE) | (1u << IFS_REGION_ANNULUS);
    if ((rs->kinds & placed) && !maps) {
        status = ifs_error_set(err, IFS_ERR_INPUT, "regions: an aperture or annuli need the maps");
        goto fail;
    }
    if (maps) {
        if ((status = find_centre(maps, set, err))) {
            if (rs->kinds & placed)
                goto fail;
            status = IFS_OK; /* spaxels need no centre: their distances stay NaN */
        } else {
            set->extent = line_extent(maps, set->cx, set->cy, rs->snr_min);
        }
    }
    if (rs->kinds & placed) {
        set->aperture_from_extent = !(rs->aperture_radius > 0);
        set->aperture_radius = rs->aperture_radius > 0
                                   ? rs->aperture_radius
                                   : fmin(fmax((double)set->extent, IFS_APERTURE_RADIUS_MIN), IFS_APERTURE_RADIUS_MAX);
    }
    for (int kind = IFS_REGION_SPAXEL; kind <= IFS_REGION_SMOOTHED; kind++) {
        if (!(rs->kinds & (1u << kind)))
            continue;
        for (size_t s = 0; s < ns; s++) {
            double x = (double)(s % cube->nx), y = (double)(s / cube->nx);
            double d = set->cx >= 0 ? hypot(x - set->cx, y - set->cy) : NAN;
            if (!(r = add_region(&b, &(ifs_region){.kind = kind, .x = x, .y = y, .r_in = NAN, .r_out = NAN, .r_mean = d})) ||
                add_spaxel(&b, r, s))
                goto nomem;
        }
    }
    if (rs->kinds & (1u << IFS_REGION_APERTURE)) {
        double rad = set->aperture_radius;
        if (!(r = add_region(&b, &(ifs_region){.kind = IFS_REGION_APERTURE, .x = set->cx, .y = set->cy, .r_in = 0, .r_out = rad})))
            goto nomem;
        double dsum = 0;
        for (size_t s = 0; s < ns; s++)
            if (in_aperture(dist2(maps, s, set->cx, set->cy), rad)) {
                if (add_spaxel(&b, r, s))
                    goto nomem;
                dsum += sqrt((double)dist2(maps, s, set->cx, set->cy));
            }
        r->r_mean = dsum / (double)r->nspaxels;
    }
    if (rs->kinds & (1u << IFS_REGION_ANNULUS)) {
        size_t nann = rs->nannuli ? rs->nannuli : (size_t)ceil(set->aperture_radius);
        for (size_t k = 1; k <= nann; k++) {
            if (!(r = add_region(&b, &(ifs_region){.kind = IFS_REGION_ANNULUS, .number = (int)k, .x = set->cx,
                                                   .y = set->cy, .r_in = k == 1 ? 0 : (double)(k - 1), .r_out = (double)k})))
                goto nomem;
            double dsum = 0;
            for (size_t s = 0; s < ns; s++)
                if (in_annulus(dist2(maps, s, set->cx, set->cy), k)) {
                    if (add_spaxel(&b, r, s))
                        goto nomem;
                    dsum += sqrt((double)dist2(maps, s, set->cx, set->cy));
                }
            if (!r->nspaxels) { /* beyond the cube */
                set->n--;
                break;
            }
            r->r_mean = dsum / (double)r->nspaxels;
        }
    }
    *out = set;
    return IFS_OK;
nomem:
    status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for the regions");
fail:
    ifs_region_set_free(set);
    return status;
}
