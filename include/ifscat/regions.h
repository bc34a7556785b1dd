/* ifscat/regions.h: the regions of an observation whose spectra are fitted: every spaxel, every
 * spaxel of the 3x3 median-smoothed cube, a circular aperture and annuli of one spaxel width around
 * the peak of the stellar continuum (science.md sections 2 and 6), or the one spectrum of a 1D
 * observation; each with its geometry. */
#ifndef IFSCAT_REGIONS_H
#define IFSCAT_REGIONS_H

#include <stddef.h>

#include "ifscat/cube.h"
#include "ifscat/error.h"
#include "ifscat/maps.h"

typedef enum {
    IFS_REGION_SPAXEL,   /* one spaxel of the cube */
    IFS_REGION_SMOOTHED, /* one spaxel of the 3x3 median-smoothed cube */
    IFS_REGION_APERTURE, /* the sum of the spaxels within a radius of the centre */
    IFS_REGION_ANNULUS,  /* the sum of the spaxels with r_in < distance <= r_out */
    IFS_REGION_SPECTRUM, /* the spectrum of a 1D observation */
    IFS_REGION_NKINDS
} ifs_region_kind;

/* "spaxel", "smoothed", "aperture", "annulus", "spectrum". */
const char *ifs_region_kind_name(int kind);

/* Parses a comma-separated selection of "spaxels", "smoothed", "aperture", "annuli" into bit flags
 * (1u << kind).  Fails with IFS_ERR_INPUT naming an unknown word. */
int ifs_regions_parse(const char *text, unsigned *kinds, ifs_error *err);

typedef struct ifs_region {
    int kind;
    int number;         /* annulus number, 1 = the central circle; 0 for other kinds */
    double x, y;        /* the spaxel, or the centre of an aperture or annulus (0-based spaxels) */
    double r_in, r_out; /* aperture and annuli: radii in spaxels; NaN for single spaxels and spectra */
    double r_mean;      /* mean distance of its spaxels from the centre (spaxels); NaN without a centre */
    size_t first, nspaxels; /* members: set->spaxel[first .. first + nspaxels), indices y * nx + x */
} ifs_region;

typedef struct ifs_regions_settings {
    unsigned kinds;         /* bit flags 1u << kind */
    double aperture_radius; /* spaxels; 0 = the extent of the line emission */
    size_t nannuli;         /* 0 = out to the aperture radius */
    double snr_min;         /* S/N of an annulus of the line map that counts as line emission */
} ifs_regions_settings;

/* The default aperture radius, the extent of the line emission, is kept within the study's 5-10
 * spaxels (science.md section 2): a faint source (or none) gets 5, and a bright or strongly lensed
 * one, whose S/N >= 3 emission reaches 20-50 spaxels, no more than 10, beyond which annuli add
 * mostly noise. */
#define IFS_APERTURE_RADIUS_MIN 5.0
#define IFS_APERTURE_RADIUS_MAX 10.0

/* What placed the centre: the stellar continuum, or the line emission where the continuum is not
 * detected (its filtered peak below 5 robust standard deviations of the map; regions.c). */
enum { IFS_CENTRE_CONTINUUM, IFS_CENTRE_LINES };

/* "continuum", "line emission". */
const char *ifs_centre_from_name(int centre_from);

typedef struct ifs_region_set {
    size_t n;
    ifs_region *region;
    size_t *spaxel;         /* members of all regions, concatenated */
    int cx, cy;             /* centre: peak of the 3x3-median-filtered continuum map, or of the line map
                               when the continuum is not detected (centre_from); -1 when not placed */
    int centre_from;        /* IFS_CENTRE_CONTINUUM or IFS_CENTRE_LINES */
    double aperture_radius; /* spaxels; 0 when no aperture or annuli were asked for */
    int aperture_from_extent; /* 1 when the radius is the extent of the line emission (within 5-10) */
    size_t extent;          /* outermost annulus out to which every annulus of the line map has S/N >= snr_min */
} ifs_region_set;

/* 1 when the spaxel (x, y) belongs to region r by its geometry: a spaxel or smoothed spaxel is its
 * own spaxel; an aperture holds the spaxels with d <= r_out, annulus 1 those with d <= 1 (the
 * centre and its four neighbours), annulus k > 1 those with k - 1 < d <= k, d the distance from
 * (r->x, r->y) compared squared (exact for whole radii); a spectrum holds its one spaxel.  Spaxels
 * outside the cube are the caller's concern. */
int ifs_region_contains(const ifs_region *r, long x, long y);

/* The regions of cube for the settings.  A 1D observation (1 x 1 spaxel) is one IFS_REGION_SPECTRUM
 * whatever the selection.  maps is needed (non-NULL) when an aperture or annuli are asked for; when
 * given, the centre and the line extent are found whatever the selection (the spaxels' distances
 * from the centre are part of their geometry).  Fails with IFS_ERR_INPUT when a centre is needed
 * but the continuum map has no data, and IFS_ERR_NOMEM.  *out is NULL on failure; free with ifs_region_set_free. */
int ifs_regions_build(const ifs_cube *cube, const ifs_maps *maps, const ifs_regions_settings *set,
                      ifs_region_set **out, ifs_error *err);
void ifs_region_set_free(ifs_region_set *set);

#endif
