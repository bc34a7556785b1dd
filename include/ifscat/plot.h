/* ifscat/plot.h: publication figures drawn with cairo.  A figure is a grid of panels; a panel has
 * linear axes with nice ticks and labels with units (optionally a secondary top axis such as the
 * age of the universe over redshift) and holds, in drawing order, points with asymmetric error
 * bars and limit arrows, lines, shaded bands, reference lines, text, an image with a colour map
 * and colour bar, and contours.  Figures are saved as PNG (300 dpi), PDF or SVG, chosen by the
 * file name's extension; identical input gives byte-identical files.
 *
 * Text (labels, legend entries, annotations) may use two pieces of markup: "_{...}" for a
 * subscript and "^{...}" for a superscript, e.g. "\u03a3_{SFR}" or "M_{\u2299} yr^{-1}"; any other
 * character, a lone '_' included, is drawn as written (UTF-8).
 *
 * Data passed to the drawing calls are copied: the caller may free them at once.  Every call
 * returns IFS_OK or an error code; the first error is also kept by the figure and returned by
 * ifs_figure_save, so a caller may check only there. */
#ifndef IFSCAT_PLOT_H
#define IFSCAT_PLOT_H

#include <stddef.h>

#include "ifscat/error.h"

/* Sizes for journals: ApJ, MNRAS and A&A columns are 3.3-3.5 in wide, pages about 7.1 in. */
#define IFS_PLOT_COLUMN_IN 3.5
#define IFS_PLOT_PAGE_IN 7.1
/* PNG resolution: 300 dots per inch, the usual minimum for print (a column is 1050 pixels). */
#define IFS_PLOT_PNG_DPI 300

typedef struct { double r, g, b; } ifs_rgb; /* components in [0, 1] */

typedef enum {
    IFS_MARKER_NONE,
    IFS_MARKER_CIRCLE,
    IFS_MARKER_SQUARE,
    IFS_MARKER_DIAMOND,
    IFS_MARKER_TRIANGLE_UP,
    IFS_MARKER_TRIANGLE_DOWN,
    IFS_MARKER_STAR,
    IFS_MARKER_CROSS
} ifs_marker;

typedef enum { IFS_DASH_SOLID, IFS_DASH_DASHED, IFS_DASH_DOTTED, IFS_DASH_DASHDOT } ifs_dash;

/* How a series is drawn.  Zero fields take the defaults in brackets, so a designated initializer
 * names only what differs: (ifs_plot_style){.color = c, .marker = IFS_MARKER_SQUARE}.  Every call
 * taking a style accepts NULL for all defaults. */
typedef struct ifs_plot_style {
    ifs_rgb color;     /* [black] */
    ifs_marker marker; /* points only [none: error bars alone] */
    int open;          /* 1: marker outline only */
    double marker_pt;  /* marker width in points [4] */
    double line_pt;    /* line width in points [0.8; error bars 0.6] */
    ifs_dash dash;
    double alpha;      /* opacity of band fills [0.25]; lines and markers are opaque */
    int steps;         /* lines: draw as a histogram with steps half-way between x (spectra) */
    double text_pt;    /* text size in points [7] */
    double text_deg;   /* text: rotation counter-clockwise in degrees, about its anchor [0] */
    const char *label; /* legend entry (markup allowed); NULL or "" = not in the legend */
} ifs_plot_style;

/* The i-th style of the series cycle (i >= 0, wraps after 8): colours of Okabe & Ito (2008,
 * "Color Universal Design", colour-blind safe) each with its own marker (circle, square, diamond,
 * triangles, star, cross), so that series stay distinct in greyscale.  label is borrowed. */
ifs_plot_style ifs_plot_series(int i, const char *label);

typedef enum { IFS_CMAP_VIRIDIS } ifs_colormap;

/* Colour of t in [0, 1] (clipped; NaN gives the low end). */
ifs_rgb ifs_colormap_rgb(ifs_colormap cmap, double t);

typedef enum {
    IFS_LEGEND_NONE,
    IFS_LEGEND_UPPER_RIGHT,
    IFS_LEGEND_UPPER_LEFT,
    IFS_LEGEND_LOWER_LEFT,
    IFS_LEGEND_LOWER_RIGHT
} ifs_legend_pos;

typedef enum {
    IFS_COORD_DATA, /* x, y in the panel's data units */
    IFS_COORD_AXES  /* x, y as fractions of the plot area: (0, 0) lower left, (1, 1) upper right */
} ifs_coord;

typedef struct ifs_figure ifs_figure;
typedef struct ifs_panel ifs_panel;

/* A figure width_in x height_in inches divided into nrows x ncols panels of equal size (row 0 at
 * the top).  NULL when a size is not positive (at most 100 in) or out of memory.  Free with
 * ifs_figure_free. */
ifs_figure *ifs_figure_alloc(double width_in, double height_in, int nrows, int ncols);
void ifs_figure_free(ifs_figure *fig);

/* The figure's first drawing error (IFS_OK when there is none), copied into err. */
int ifs_figure_error(const ifs_figure *fig, ifs_error *err);

/* The panel at (row, col), owned by the figure; NULL when outside the grid. */
ifs_panel *ifs_figure_panel(ifs_figure *fig, int row, int col);

/* Relative heights of the rows (nrows positive values), e.g. {3, 1} for a spectrum over its
 * residuals.  IFS_ERR_INPUT for a non-positive ratio. */
int ifs_figure_row_heights(ifs_figure *fig, const double *ratios);

/* Axis labels: the quantity and its unit, drawn as "label [unit]" (no brackets for unit NULL or
 * ""), e.g. ("12+log(O/H)", NULL), ("r", "kpc"). */
int ifs_panel_xlabel(ifs_panel *p, const char *label, const char *unit);
int ifs_panel_ylabel(ifs_panel *p, const char *label, const char *unit);

/* Fixed axis ranges (lo < hi, finite, else IFS_ERR_INPUT).  Unset ranges span the data plus 5%
 * on each side (an image's extent exactly). */
int ifs_panel_xrange(ifs_panel *p, double lo, double hi);
int ifs_panel_yrange(ifs_panel *p, double lo, double hi);

/* A secondary axis along the top showing fn(x), for instance the age of the universe at redshift
 * x.  fn must be continuous and monotonic over the x range; its ticks are nice values of fn,
 * placed where fn(x) equals them.  ctx is passed to fn and must outlive the figure. */
int ifs_panel_top_axis(ifs_panel *p, const char *label, const char *unit, double (*fn)(double x, void *ctx),
                       void *ctx);

/* One data unit spans the same length on both axes (maps); the plot area shrinks to fit. */
void ifs_panel_equal_aspect(ifs_panel *p);

/* Whether tick values are written under the x axis and left of the y axis (default both), e.g.
 * off for the x axis of a spectrum drawn over its residuals. */
void ifs_panel_ticklabels(ifs_panel *p, int show_x, int show_y);

/* Draws the legend of the panel's labelled series in a corner (default none). */
void ifs_panel_legend(ifs_panel *p, ifs_legend_pos pos);

/* Keeps the legend off the data of a crowded panel: the y range (automatic or fixed) grows on the
 * legend's side, upper or lower, by as much as the legend box (entries x 1.45 x the legend type
 * size, plus padding and inset) takes of the plot height, at most 70 per cent of it. */
void ifs_panel_legend_room(ifs_panel *p);

/* Points with optional error bars and limits; arrays hold n values and all but x and y may be NULL.
 * Error bars are lengths below/above the value (xerr_lo: to the left); a NaN error draws no bar.
 * ylimit[i] = -1 marks an upper limit (arrow down from y), +1 a lower limit (arrow up), 0 a
 * measurement; xlimit likewise along x (-1 arrow to the left).  Points with non-finite x or y are
 * skipped. */
typedef struct ifs_points {
    size_t n;
    const double *x, *y;
    const double *xerr_lo, *xerr_hi, *yerr_lo, *yerr_hi;
    const signed char *xlimit, *ylimit;
} ifs_points;
int ifs_plot_points(ifs_panel *p, const ifs_points *pts, const ifs_plot_style *style);

/* A polyline through n points (a relation, a model, a spectrum); a non-finite value breaks it. */
int ifs_plot_line(ifs_panel *p, size_t n, const double *x, const double *y, const ifs_plot_style *style);

/* A shaded band between ylo and yhi over x (a 1-sigma interval, an error spectrum), filled with
 * style->color at style->alpha; a non-finite value breaks it. */
int ifs_plot_band(ifs_panel *p, size_t n, const double *x, const double *ylo, const double *yhi,
                  const ifs_plot_style *style);

/* A line across the whole panel at x = value (vertical 1) or y = value (vertical 0), e.g. zero
 * offset or a line's rest wavelength; does not widen the axis ranges. */
int ifs_plot_refline(ifs_panel *p, int vertical, double value, const ifs_plot_style *style);

/* Text (markup allowed) at (x, y); ha and va in [0, 1] say which point of the text's box sits
 * there (0, 0 = left and bottom, 0.5, 0.5 = centre); values outside [0, 1] leave a gap (ha = -0.2:
 * the box starts a fifth of its width right of x), e.g. to label a marker.  style gives colour and
 * text_pt; NULL = black 7 pt. */
int ifs_plot_text(ifs_panel *p, ifs_coord coord, double x, double y, double ha, double va, const char *text,
                  const ifs_plot_style *style);

/* A regular 2-D grid of values: values[iy * nx + ix], iy = 0 at the bottom; the grid covers the
 * data rectangle [x0, x1] x [y0, y1] (outer edges of the pixels), so pixel (ix, iy) is centred
 * at x0 + (ix + 0.5) (x1 - x0) / nx, y0 + (iy + 0.5) (y1 - y0) / ny.  NaN = no value. */
typedef struct ifs_plot_grid {
    size_t nx, ny;
    const double *values;
    double x0, x1, y0, y1;
} ifs_plot_grid;

/* Draws the grid with a colour map, NaN blank, and a colour bar right of the panel labelled
 * "label [unit]".  vmin/vmax set the colour range; NaN takes the finite minimum/maximum.  One
 * image per panel (IFS_ERR_INPUT otherwise, or for an empty grid or one without finite values). */
int ifs_plot_image(ifs_panel *p, const ifs_plot_grid *grid, ifs_colormap cmap, double vmin, double vmax,
                   const char *label, const char *unit);

/* Contour lines of the grid at nlevels levels (e.g. a continuum map over a metallicity map). */
int ifs_plot_contours(ifs_panel *p, const ifs_plot_grid *grid, size_t nlevels, const double *levels,
                      const ifs_plot_style *style);

/* The level curve of the grid at level by marching squares (Lorensen & Cline 1987, in 2-D) on
 * the pixel centres, with linear interpolation along cell edges; saddle cells are resolved by
 * the mean of their corners.  Cells with a NaN corner have no curve.  Returns the segments in
 * *xy (4 doubles each: x, y of both ends, in data units; caller frees) and their number in *nseg. */
int ifs_plot_contour_segments(const ifs_plot_grid *grid, double level, double **xy, size_t *nseg, ifs_error *err);

/* Nice tick values inside [lo, hi]: the multiples of the smallest step of the form 1, 2 or 5
 * times a power of ten (the "nice numbers" of Heckbert 1990, Graphics Gems, p. 61) for which at
 * most max_ticks multiples lie in [lo, hi].  Writes them to ticks and the step to *step; returns
 * their number (0 when lo < hi does not hold or max_ticks < 2). */
size_t ifs_plot_ticks(double lo, double hi, size_t max_ticks, double *ticks, double *step);

#define IFS_PLOT_MAX_TICKS 12

/* Where a panel is drawn: its plot area in points from the figure's top-left corner (PNG pixels
 * are points x 300/72), its axis ranges and tick values, as ifs_figure_save will draw them. */
typedef struct ifs_panel_layout {
    double left, top, width, height;
    double xlo, xhi, ylo, yhi;
    size_t nxticks, nyticks, ntopticks;
    double xstep, ystep, top_step; /* tick spacing of each axis */
    double xticks[IFS_PLOT_MAX_TICKS], yticks[IFS_PLOT_MAX_TICKS];
    double top_values[IFS_PLOT_MAX_TICKS], top_x[IFS_PLOT_MAX_TICKS]; /* fn value and where it is */
} ifs_panel_layout;
int ifs_panel_layout_get(ifs_figure *fig, const ifs_panel *p, ifs_panel_layout *out, ifs_error *err);

/* Writes the figure to path, format from the extension (.png, .pdf, .svg, any case), through a
 * temporary file renamed into place.  PDF and SVG carry no date; SVG element ids are numbered
 * per document.  Fails with IFS_ERR_INPUT for another extension, the figure's first drawing
 * error, IFS_ERR_IO naming the path (nothing is left behind), or cairo's message. */
int ifs_figure_save(ifs_figure *fig, const char *path, ifs_error *err);

#endif
