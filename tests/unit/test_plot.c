/* test_plot.c: the cairo figure library.  Ticks against the rule worked out by hand, the colour
 * table against viridis' published values, contours against closed forms (exact on a plane,
 * within the interpolation bound on a circle), rendered PNGs read back with cairo (size, the
 * colour of pixels where a band, a marker, an arrow and image pixels must be), byte-identical
 * repeated renders in all three formats, and refusals that leave no file behind. */
#include "check.h"
#include "scratch.h"

#include "ifscat/plot.h"

#include <cairo.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

static void check_ticks(double lo, double hi, size_t max, size_t want_n, double want_first, double want_step)
{
    double t[IFS_PLOT_MAX_TICKS], step;
    size_t n = ifs_plot_ticks(lo, hi, max, t, &step);
    char what[96];
    snprintf(what, sizeof what, "ticks of [%g, %g] max %zu: step", lo, hi, max);
    CHECK(n == want_n, "ticks of [%g, %g] max %zu: %zu ticks, want %zu", lo, hi, max, n, want_n);
    CHECK_CLOSE(step, want_step, 1e-12 * want_step, what);
    for (size_t i = 0; i < n && i < want_n; i++) {
        snprintf(what, sizeof what, "ticks of [%g, %g]: tick %zu", lo, hi, i);
        CHECK_CLOSE(t[i], want_first + (double)i * want_step, 1e-9 * want_step, what);
    }
}

static void test_ticks(void)
{
    /* Smallest step of 1, 2, 5 x 10^k with at most max multiples inside [lo, hi], by hand:
     * [0, 1], 6: 0.1 gives 11, 0.2 gives 6.          [0, 1], 5: 0.2 gives 6, too many; 0.5 gives 3.
     * [7.1, 10.9], 5: 1 gives 8, 9, 10.
     * [-0.37, 0.91], 4: 0.2 gives 7, 0.5 gives 0, 0.5. [7.6, 8.3], 6: 0.2 gives 7.6 ... 8.2.
     * [1e5, 3.2e5], 5: 5e4 gives 1e5 ... 3e5.          [-7.3, -2.05], 3: 2 gives -6, -4. */
    check_ticks(0, 1, 6, 6, 0, 0.2);
    check_ticks(0, 1, 5, 3, 0, 0.5);
    check_ticks(7.1, 10.9, 5, 3, 8, 1);
    check_ticks(-0.37, 0.91, 4, 2, 0, 0.5);
    check_ticks(7.6, 8.3, 6, 4, 7.6, 0.2);
    check_ticks(1e5, 3.2e5, 5, 5, 1e5, 5e4);
    check_ticks(-7.3, -2.05, 3, 2, -6, 2);
    double t[IFS_PLOT_MAX_TICKS], step;
    CHECK(ifs_plot_ticks(1, 1, 5, t, &step) == 0, "an empty range has no ticks");
    CHECK(ifs_plot_ticks(NAN, 1, 5, t, &step) == 0, "a NaN range has no ticks");
}

static void test_colormap(void)
{
    /* viridis' ends as published (matplotlib, R viridisLite): #440154 and #FDE725; matplotlib's
     * viridis(0.5) = (0.127568, 0.566949, 0.550556). */
    ifs_rgb lo = ifs_colormap_rgb(IFS_CMAP_VIRIDIS, 0), hi = ifs_colormap_rgb(IFS_CMAP_VIRIDIS, 1);
    ifs_rgb mid = ifs_colormap_rgb(IFS_CMAP_VIRIDIS, 0.5), below = ifs_colormap_rgb(IFS_CMAP_VIRIDIS, -3);
    CHECK_CLOSE(lo.r * 255, 0x44, 0.5, "viridis(0) red");
    CHECK_CLOSE(lo.g * 255, 0x01, 0.5, "viridis(0) green");
    CHECK_CLOSE(lo.b * 255, 0x54, 0.5, "viridis(0) blue");
    CHECK_CLOSE(hi.r * 255, 0xfd, 0.5, "viridis(1) red");
    CHECK_CLOSE(hi.g * 255, 0xe7, 0.5, "viridis(1) green");
    CHECK_CLOSE(hi.b * 255, 0x25, 0.5, "viridis(1) blue");
    CHECK_CLOSE(mid.r, 0.127568, 1e-6, "viridis(0.5) red");
    CHECK_CLOSE(mid.g, 0.566949, 1e-6, "viridis(0.5) green");
    CHECK_CLOSE(mid.b, 0.550556, 1e-6, "viridis(0.5) blue");
    CHECK(below.r == lo.r && below.g == lo.g && below.b == lo.b, "values below 0 clip to the low end");
}

static void test_contours(void)
{
    ifs_error err;
    double *xy;
    size_t n;

    /* A plane: interpolation along edges is exact, so every end lies on the level line. */
    enum { NX = 17, NY = 13 };
    double plane[NX * NY];
    ifs_plot_grid g = {NX, NY, plane, -1, 2, 0.5, 3};
    double dx = 3.0 / NX, dy = 2.5 / NY;
    for (int iy = 0; iy < NY; iy++)
        for (int ix = 0; ix < NX; ix++)
            plane[iy * NX + ix] = 2.3 * (-1 + (ix + 0.5) * dx) + 1.7 * (0.5 + (iy + 0.5) * dy);
    CHECK(ifs_plot_contour_segments(&g, 3.1, &xy, &n, &err) == 0 && n > 0, "plane contour: %zu segments", n);
    double worst = 0;
    for (size_t i = 0; i < 2 * n; i++)
        worst = fmax(worst, fabs(2.3 * xy[2 * i] + 1.7 * xy[2 * i + 1] - 3.1));
    CHECK_CLOSE(worst, 0, 1e-12, "plane contour: largest |f - level| at segment ends");
    /* The line 2.3x + 1.7y = 3.1 crosses the grid of pixel centres from x = -0.12 to 1.37 with
     * y falling from 1.99 to 0.5x: one segment per cell it passes, at least its span in columns. */
    CHECK(n >= (size_t)((3.1 / 2.3 - (3.1 - 1.7 * 2.9) / 2.3) / dx) - 1, "plane contour: %zu segments", n);
    free(xy);

    /* A paraboloid x^2 + y^2 at level R^2: along a cell edge of length h the linear interpolant
     * exceeds the function by (x - a)(b - x) <= h^2 / 4, so every end has
     * sqrt(R^2 - h^2 / 4) <= r <= R; the closed curve is 2 pi R long to within the same. */
    enum { N = 41 };
    double bowl[N * N], R = 1.3, h = 0.1;
    ifs_plot_grid c = {N, N, bowl, -2.05, 2.05, -2.05, 2.05};
    for (int iy = 0; iy < N; iy++)
        for (int ix = 0; ix < N; ix++) {
            double x = -2.0 + ix * h, y = -2.0 + iy * h;
            bowl[iy * N + ix] = x * x + y * y;
        }
    CHECK(ifs_plot_contour_segments(&c, R * R, &xy, &n, &err) == 0 && n > 0, "circle: %zu segments", n);
    double rmin = INFINITY, rmax = 0, length = 0;
    for (size_t i = 0; i < n; i++) {
        for (int e = 0; e < 2; e++) {
            double r = hypot(xy[4 * i + 2 * e], xy[4 * i + 2 * e + 1]);
            rmin = fmin(rmin, r);
            rmax = fmax(rmax, r);
        }
        length += hypot(xy[4 * i + 2] - xy[4 * i], xy[4 * i + 3] - xy[4 * i + 1]);
    }
    CHECK(rmax <= R + 1e-12 && rmin >= sqrt(R * R - h * h / 4) - 1e-12, "circle: radii in [%.6f, %.6f]", rmin, rmax);
    CHECK_REL(length, 2 * M_PI * R, 0.01, "circle: length of the curve");
    free(xy);

    /* A saddle: corners 1 (lower left), 0, 0, 1 (upper right), centre mean 0.5.  At level 0.5 the
     * centre counts as high: the curve cuts off the low corners (lower right, upper left); at 0.6
     * it cuts off the high ones.  Segment midpoints follow from the interpolation by hand. */
    double saddle[4] = {1, 0, 0, 1};
    ifs_plot_grid s = {2, 2, saddle, 0, 2, 0, 2};
    const struct { double level, mid[2][2]; } want[] = {{0.5, {{1.25, 0.75}, {0.75, 1.25}}},
                                                         {0.6, {{0.7, 0.7}, {1.3, 1.3}}}};
    for (int k = 0; k < 2; k++) {
        CHECK(ifs_plot_contour_segments(&s, want[k].level, &xy, &n, &err) == 0 && n == 2, "saddle %g: %zu segments",
              want[k].level, n);
        for (size_t i = 0; i < n && i < 2; i++) {
            double mx = 0.5 * (xy[4 * i] + xy[4 * i + 2]), my = 0.5 * (xy[4 * i + 1] + xy[4 * i + 3]);
            int found = 0;
            for (int j = 0; j < 2; j++)
                found |= fabs(mx - want[k].mid[j][0]) < 1e-12 && fabs(my - want[k].mid[j][1]) < 1e-12;
            CHECK(found, "saddle %g: segment with midpoint (%g, %g) expected", want[k].level, mx, my);
        }
        free(xy);
    }

    /* A NaN at the centre of 3 x 3 touches all four cells: no curve. */
    double holed[9] = {0, 1, 2, 1, NAN, 3, 2, 3, 4};
    ifs_plot_grid hg = {3, 3, holed, 0, 3, 0, 3};
    CHECK(ifs_plot_contour_segments(&hg, 1.5, &xy, &n, &err) == 0 && n == 0, "NaN corner: %zu segments", n);
    free(xy);
    ifs_plot_grid empty = {0, 3, holed, 0, 3, 0, 3};
    CHECK(ifs_plot_contour_segments(&empty, 1, &xy, &n, &err) == IFS_ERR_INPUT, "empty grid refused");
}

/* PNG read back: the pixel (r, g, b) under the data point (x, y) of a panel. */
typedef struct {
    cairo_surface_t *s;
    int w, h;
} png;

static png png_read(const char *path)
{
    png p = {cairo_image_surface_create_from_png(path), 0, 0};
    if (cairo_surface_status(p.s) == CAIRO_STATUS_SUCCESS) {
        p.w = cairo_image_surface_get_width(p.s);
        p.h = cairo_image_surface_get_height(p.s);
    }
    return p;
}

static void pixel_at(const png *p, const ifs_panel_layout *L, double x, double y, int rgb[3])
{
    double scale = IFS_PLOT_PNG_DPI / 72.0;
    int px = (int)floor((L->left + (x - L->xlo) / (L->xhi - L->xlo) * L->width) * scale);
    int py = (int)floor((L->top + (L->yhi - y) / (L->yhi - L->ylo) * L->height) * scale);
    rgb[0] = rgb[1] = rgb[2] = -1;
    if (px < 0 || py < 0 || px >= p->w || py >= p->h)
        return;
    cairo_surface_flush(p->s);
    const unsigned char *data = cairo_image_surface_get_data(p->s);
    /* RGB24 and ARGB32 both keep a pixel as a native-endian 0xAARRGGBB word. */
    uint32_t v = ((const uint32_t *)(data + (size_t)py * (size_t)cairo_image_surface_get_stride(p->s)))[px];
    rgb[0] = (int)(v >> 16 & 0xff);
    rgb[1] = (int)(v >> 8 & 0xff);
    rgb[2] = (int)(v & 0xff);
}

static void check_pixel(const png *p, const ifs_panel_layout *L, double x, double y, int r, int g, int b,
                        const char *what)
{
    int rgb[3];
    pixel_at(p, L, x, y, rgb);
    CHECK(abs(rgb[0] - r) <= 1 && abs(rgb[1] - g) <= 1 && abs(rgb[2] - b) <= 1,
          "%s at (%g, %g): rgb %d %d %d, want %d %d %d", what, x, y, rgb[0], rgb[1], rgb[2], r, g, b);
}

static void test_png_pixels(void)
{
    ifs_error err;
    /* 3.5 x 2.5 in at 300 dpi: 1050 x 750 pixels. */
    ifs_figure *f = ifs_figure_alloc(IFS_PLOT_COLUMN_IN, 2.5, 1, 1);
    ifs_panel *p = ifs_figure_panel(f, 0, 0);
    ifs_panel_xrange(p, 0, 10);
    ifs_panel_yrange(p, 0, 10);
    ifs_panel_xlabel(p, "r", "kpc");
    ifs_panel_ylabel(p, "\u03a3_{SFR}", "M_{\u2299} yr^{-1} kpc^{-2}");
    double bx[2] = {0, 4}, blo[2] = {2, 2}, bhi[2] = {8, 8};
    ifs_plot_style red = {.color = {1, 0, 0}, .alpha = 1};
    CHECK(ifs_plot_band(p, 2, bx, blo, bhi, &red) == 0, "band");
    double x[2] = {7, 9}, y[2] = {5, 5}, ylo[2] = {2, NAN}, yhi[2] = {2, NAN};
    signed char ylim[2] = {0, -1};
    ifs_points pts = {.n = 2, .x = x, .y = y, .yerr_lo = ylo, .yerr_hi = yhi, .ylimit = ylim};
    ifs_plot_style blue = {.color = {0, 0, 1}, .marker = IFS_MARKER_CIRCLE, .marker_pt = 6};
    CHECK(ifs_plot_points(p, &pts, &blue) == 0, "points");
    const char *path = path_in_dir("pixels.png");
    CHECK(ifs_figure_save(f, path, &err) == 0, "save PNG: %s", err.msg);
    ifs_panel_layout L;
    CHECK(ifs_panel_layout_get(f, p, &L, &err) == 0, "layout: %s", err.msg);
    png img = png_read(path);
    CHECK(img.w == 1050 && img.h == 750, "PNG is %d x %d, want 1050 x 750", img.w, img.h);
    CHECK(L.left > 10 && L.top > 0 && L.left + L.width < 252 && L.top + L.height < 180,
          "plot area inside the figure with room for labels: %g %g %g %g", L.left, L.top, L.width, L.height);
    if (img.w == 1050) {
        check_pixel(&img, &L, 2, 5, 255, 0, 0, "inside the band");
        check_pixel(&img, &L, 2, 9, 255, 255, 255, "above the band");
        check_pixel(&img, &L, 2, 1, 255, 255, 255, "below the band");
        check_pixel(&img, &L, 5.5, 5, 255, 255, 255, "right of the band's end");
        check_pixel(&img, &L, 7, 5, 0, 0, 255, "the marker's centre");
        check_pixel(&img, &L, 7, 6.5, 0, 0, 255, "on the upper error bar");
        check_pixel(&img, &L, 7, 3.5, 0, 0, 255, "on the lower error bar");
        check_pixel(&img, &L, 7, 7.7, 255, 255, 255, "beyond the error bar");
        /* The arrow of the upper limit at x = 9 runs 9 pt down from y = 5: 10 data units span
         * L.height points, so 5 pt below is 5 * 10 / L.height units. */
        check_pixel(&img, &L, 9, 5 - 5 * 10 / L.height, 0, 0, 255, "on the upper-limit arrow");
        check_pixel(&img, &L, 9, 5 + 5 * 10 / L.height, 255, 255, 255, "above the upper limit");
        int rgb[3];
        pixel_at(&img, &L, 0, 5, rgb);
        CHECK(rgb[0] < 128 && rgb[1] < 128 && rgb[2] < 128, "the frame is dark at the left edge: %d", rgb[0]);
        /* The axis labels put ink below and left of the plot area. */
        int dark_below = 0, dark_left = 0;
        for (double xx = 0; xx <= 10; xx += 0.05) {
            for (double yy = -0.5; yy > -3; yy -= 0.05) {
                pixel_at(&img, &L, xx, yy, rgb);
                dark_below += rgb[0] >= 0 && rgb[0] < 100;
            }
            pixel_at(&img, &L, -0.1 - xx * 0.2, xx, rgb);
            dark_left += rgb[0] >= 0 && rgb[0] < 100;
        }
        CHECK(dark_below > 20 && dark_left > 5, "tick and axis labels drawn: %d pixels below, %d left", dark_below,
              dark_left);
    }
    cairo_surface_destroy(img.s);
    ifs_figure_free(f);

    /* Text turned by 90 degrees: the ink of a long word, centred on the panel, is tall and narrow;
     * unturned, wide and low. */
    for (int turned = 0; turned < 2; turned++) {
        f = ifs_figure_alloc(3, 3, 1, 1);
        p = ifs_figure_panel(f, 0, 0);
        ifs_panel_xrange(p, 0, 10);
        ifs_panel_yrange(p, 0, 10);
        ifs_plot_text(p, IFS_COORD_DATA, 5, 5, 0.5, 0.5, "MMMMMMMMMM", &(ifs_plot_style){.text_pt = 8, .text_deg = 90 * turned});
        path = path_in_dir("turned.png");
        CHECK(ifs_figure_save(f, path, &err) == 0, "save PNG: %s", err.msg);
        CHECK(ifs_panel_layout_get(f, p, &L, &err) == 0, "layout: %s", err.msg);
        img = png_read(path);
        double xmin = 10, xmax = 0, ymin = 10, ymax = 0;
        int rgb[3];
        for (double xx = 0.5; xx <= 9.5; xx += 0.02)
            for (double yy = 0.5; yy <= 9.5; yy += 0.02) {
                pixel_at(&img, &L, xx, yy, rgb);
                if (rgb[0] >= 0 && rgb[0] < 128) {
                    xmin = fmin(xmin, xx), xmax = fmax(xmax, xx);
                    ymin = fmin(ymin, yy), ymax = fmax(ymax, yy);
                }
            }
        /* Data units to points: the panel's width and height over the 10 units of each axis. */
        double wide = (xmax - xmin) * L.width / 10, tall = (ymax - ymin) * L.height / 10;
        CHECK(turned ? tall > 3 * wide : wide > 3 * tall, "text %s: %.1f pt wide, %.1f pt tall",
              turned ? "turned" : "level", wide, tall);
        CHECK(fabs(0.5 * (xmin + xmax) - 5) < 0.3 && fabs(0.5 * (ymin + ymax) - 5) < 0.3,
              "text %s centred on its anchor: (%g, %g)", turned ? "turned" : "level", 0.5 * (xmin + xmax),
              0.5 * (ymin + ymax));
        cairo_surface_destroy(img.s);
        ifs_figure_free(f);
    }

    /* Image pixels: values 0 (lower left), 1 (lower right), NaN (upper left), 0.5 (upper right)
     * on a colour range [0, 1]: viridis' ends, blank, and its middle #21918C. */
    f = ifs_figure_alloc(3, 3, 1, 1);
    p = ifs_figure_panel(f, 0, 0);
    double v[4] = {0, 1, NAN, 0.5};
    ifs_plot_grid g = {2, 2, v, 0, 2, 0, 2};
    CHECK(ifs_plot_image(p, &g, IFS_CMAP_VIRIDIS, 0, 1, "12+log(O/H)", NULL) == 0, "image");
    ifs_panel_equal_aspect(p);
    path = path_in_dir("image.png");
    CHECK(ifs_figure_save(f, path, &err) == 0, "save image PNG: %s", err.msg);
    CHECK(ifs_panel_layout_get(f, p, &L, &err) == 0, "layout: %s", err.msg);
    CHECK(L.xlo == 0 && L.xhi == 2 && L.ylo == 0 && L.yhi == 2, "an image panel spans the image exactly");
    CHECK_CLOSE(L.width / L.height, 1.0, 1e-9, "equal aspect: width / height of a square image");
    img = png_read(path);
    CHECK(img.w == 900 && img.h == 900, "PNG is %d x %d, want 900 x 900", img.w, img.h);
    if (img.w == 900) {
        check_pixel(&img, &L, 0.5, 0.5, 0x44, 0x01, 0x54, "value 0");
        check_pixel(&img, &L, 1.5, 0.5, 0xfd, 0xe7, 0x25, "value 1");
        check_pixel(&img, &L, 0.5, 1.5, 255, 255, 255, "NaN");
        check_pixel(&img, &L, 1.5, 1.5, 0x21, 0x91, 0x8c, "value 0.5");
        /* The colour bar right of the panel runs from purple (low) at the bottom to yellow
         * (high) at the top, as viridis does. */
        ifs_panel_layout bar = L;
        bar.left = L.left + L.width + 5 + 3; /* 5 pt gap, then the middle of the 6 pt bar */
        int rgb[3];
        pixel_at(&img, &bar, 0, 1.9, rgb);
        CHECK(rgb[0] > 200 && rgb[1] > 200 && rgb[2] < 100, "colour bar top is yellow: %d %d %d", rgb[0], rgb[1], rgb[2]);
        pixel_at(&img, &bar, 0, 0.1, rgb);
        CHECK(rgb[0] < 90 && rgb[1] < 60 && rgb[2] > 80, "colour bar bottom is purple: %d %d %d", rgb[0], rgb[1], rgb[2]);
    }
    cairo_surface_destroy(img.s);
    ifs_figure_free(f);
}

static double linear_top(double x, void *ctx)
{
    (void)ctx;
    return 2 * x + 1;
}

static double falling_top(double x, void *ctx)
{
    return *(double *)ctx - x * x;
}

static void test_layout(void)
{
    ifs_error err;
    ifs_panel_layout L;
    ifs_figure *f = ifs_figure_alloc(IFS_PLOT_COLUMN_IN, 3, 1, 1);
    ifs_panel *p = ifs_figure_panel(f, 0, 0);

    /* Automatic ranges: points x in [1, 3], y = 5 with errors -1/+2 span [4, 7]; 5% margins. */
    double x[2] = {1, 3}, y[2] = {5, 5}, lo[2] = {1, 0}, hi[2] = {2, 0};
    ifs_points pts = {.n = 2, .x = x, .y = y, .yerr_lo = lo, .yerr_hi = hi};
    ifs_plot_points(p, &pts, NULL);
    CHECK(ifs_panel_layout_get(f, p, &L, &err) == 0, "layout: %s", err.msg);
    CHECK_CLOSE(L.xlo, 0.9, 1e-12, "auto x low");
    CHECK_CLOSE(L.xhi, 3.1, 1e-12, "auto x high");
    CHECK_CLOSE(L.ylo, 3.85, 1e-12, "auto y low");
    CHECK_CLOSE(L.yhi, 7.15, 1e-12, "auto y high");

    /* A top axis t = 2x + 1 over x in [0, 4]: each tick sits at x = (t - 1) / 2. */
    ifs_panel_xrange(p, 0, 4);
    ifs_panel_top_axis(p, "t", "Gyr", linear_top, NULL);
    CHECK(ifs_panel_layout_get(f, p, &L, &err) == 0 && L.ntopticks >= 2, "top ticks: %zu", L.ntopticks);
    for (size_t i = 0; i < L.ntopticks; i++) {
        CHECK_CLOSE(L.top_x[i], (L.top_values[i] - 1) / 2, 1e-9, "top tick position, linear");
        CHECK_CLOSE(fmod(L.top_values[i], L.top_step), 0, 1e-9, "top tick is a multiple of its step");
    }
    /* A falling one, t = 10 - x^2 over x in [0, 3]: x = sqrt(10 - t). */
    double ten = 10;
    ifs_panel_xrange(p, 0, 3);
    ifs_panel_top_axis(p, "t", NULL, falling_top, &ten);
    CHECK(ifs_panel_layout_get(f, p, &L, &err) == 0 && L.ntopticks >= 2, "falling top ticks: %zu", L.ntopticks);
    /* Where the slope vanishes (x = 0) x is fixed only to sqrt(10 eps) = 5e-8 by double precision. */
    for (size_t i = 0; i < L.ntopticks; i++) {
        CHECK_CLOSE(falling_top(L.top_x[i], &ten), L.top_values[i], 1e-12, "top tick value, falling");
        CHECK_CLOSE(L.top_x[i], sqrt(10 - L.top_values[i]), 1e-7, "top tick position, falling");
    }
    ifs_figure_free(f);

    /* Rows 3:1 and a 2 x 2 grid: panels in order, not overlapping, inside the figure. */
    f = ifs_figure_alloc(IFS_PLOT_PAGE_IN, 4, 2, 2);
    double ratios[2] = {3, 1};
    CHECK(ifs_figure_row_heights(f, ratios) == 0, "row heights");
    ifs_panel_layout a, b, c;
    ifs_panel_layout_get(f, ifs_figure_panel(f, 0, 0), &a, &err);
    ifs_panel_layout_get(f, ifs_figure_panel(f, 1, 0), &b, &err);
    ifs_panel_layout_get(f, ifs_figure_panel(f, 0, 1), &c, &err);
    CHECK(a.top + a.height < b.top && b.top + b.height <= 4 * 72, "rows stacked: %g+%g < %g", a.top, a.height, b.top);
    CHECK(a.height > 2 * b.height, "row 0 (ratio 3) is taller than twice row 1: %g vs %g", a.height, b.height);
    CHECK(a.left + a.width < c.left && c.left + c.width <= IFS_PLOT_PAGE_IN * 72, "columns side by side");
    ratios[1] = -1;
    CHECK(ifs_figure_row_heights(f, ratios) == IFS_ERR_INPUT, "negative row ratio refused");
    ifs_figure_free(f);

    /* Equal aspect with a 4 x 2 extent: the plot area is twice as wide as high. */
    f = ifs_figure_alloc(3, 3, 1, 1);
    p = ifs_figure_panel(f, 0, 0);
    double v[2] = {1, 2};
    ifs_plot_grid g = {2, 1, v, -2, 2, -1, 1};
    ifs_plot_image(p, &g, IFS_CMAP_VIRIDIS, NAN, NAN, "flux", "erg/s/cm2");
    ifs_panel_equal_aspect(p);
    CHECK(ifs_panel_layout_get(f, p, &L, &err) == 0, "layout: %s", err.msg);
    CHECK_CLOSE(L.width / L.height, 2.0, 1e-9, "equal aspect of a 4 x 2 map");
    ifs_figure_free(f);

    /* Legend room: three entries of 6.5 pt x 1.45 plus 2 x 3 pt padding and 2 x 4 pt inset take the
     * fraction f of the plot height h; the y range [0, 1] grows by f / (1 - f) on the legend's side. */
    f = ifs_figure_alloc(IFS_PLOT_COLUMN_IN, 3, 1, 1);
    p = ifs_figure_panel(f, 0, 0);
    for (int i = 0; i < 3; i++)
        ifs_plot_line(p, 2, x, y, &(ifs_plot_style){.label = "entry"});
    ifs_plot_text(p, IFS_COORD_AXES, 0.5, 0.5, 0, 0, "not an entry", NULL);
    ifs_panel_yrange(p, 0, 1);
    ifs_panel_legend(p, IFS_LEGEND_UPPER_RIGHT);
    ifs_panel_legend_room(p);
    CHECK(ifs_panel_layout_get(f, p, &L, &err) == 0, "layout: %s", err.msg);
    double frac = (2 * 4 + 2 * 3 + 3 * 6.5 * 1.45) / L.height;
    CHECK_CLOSE(L.ylo, 0, 1e-12, "legend room above leaves the bottom");
    CHECK_CLOSE(L.yhi, 1 + frac / (1 - frac), 1e-9, "legend room above");
    ifs_panel_legend(p, IFS_LEGEND_LOWER_LEFT);
    CHECK(ifs_panel_layout_get(f, p, &L, &err) == 0, "layout: %s", err.msg);
    CHECK_CLOSE(L.ylo, -frac / (1 - frac), 1e-9, "legend room below");
    CHECK_CLOSE(L.yhi, 1, 1e-12, "legend room below leaves the top");
    ifs_figure_free(f);

    CHECK(ifs_figure_alloc(0, 3, 1, 1) == NULL && ifs_figure_alloc(3, 3, 0, 1) == NULL, "bad sizes refused");
    f = ifs_figure_alloc(3, 3, 1, 2);
    CHECK(ifs_figure_panel(f, 1, 0) == NULL && ifs_figure_panel(f, 0, 2) == NULL, "panels outside the grid");
    ifs_figure_free(f);
}

/* A figure using every kind of item, for the byte-identity checks. */
static ifs_figure *everything(void)
{
    ifs_figure *f = ifs_figure_alloc(IFS_PLOT_COLUMN_IN, 5, 2, 1);
    ifs_panel *p = ifs_figure_panel(f, 0, 0);
    double x[5] = {7.2, 7.9, 8.2, 8.5, 9.5}, y[5] = {-0.12, -0.31, 0.05, -0.52, -0.2};
    double e[5] = {0.1, 0.12, 0.2, 0.15, 0.3};
    signed char lim[5] = {0, 0, 0, -1, 0};
    ifs_points pts = {.n = 5, .x = x, .y = y, .yerr_lo = e, .yerr_hi = e, .xerr_lo = e, .xerr_hi = e, .ylimit = lim};
    ifs_plot_style gal = ifs_plot_series(0, "galaxies"), sat = ifs_plot_series(1, "satellites");
    ifs_plot_points(p, &pts, &gal);
    pts.n = 2;
    ifs_plot_points(p, &pts, &sat);
    double ylo[5], yhi[5];
    for (int i = 0; i < 5; i++) {
        ylo[i] = y[i] - 0.1;
        yhi[i] = y[i] + 0.1;
    }
    ifs_plot_band(p, 5, x, ylo, yhi, &(ifs_plot_style){.label = "1\u03c3"});
    ifs_plot_line(p, 5, x, y, &(ifs_plot_style){.dash = IFS_DASH_DASHDOT, .label = "fit"});
    ifs_plot_refline(p, 0, 0, &(ifs_plot_style){.dash = IFS_DASH_DOTTED});
    ifs_plot_text(p, IFS_COORD_AXES, 0.05, 0.95, 0, 1, "GN-z11 & <friends>", NULL);
    ifs_panel_xlabel(p, "z", NULL);
    ifs_panel_ylabel(p, "\u0394log(O/H)_{FMR}", "dex");
    ifs_panel_top_axis(p, "t", "Gyr", linear_top, NULL);
    ifs_panel_legend(p, IFS_LEGEND_LOWER_LEFT);
    p = ifs_figure_panel(f, 1, 0);
    enum { N = 12 };
    double map[N * N];
    for (int i = 0; i < N * N; i++)
        map[i] = (i % 7 == 3) ? NAN : sin(0.3 * i) + 0.01 * i;
    ifs_plot_grid g = {N, N, map, -1.5, 1.5, -1.5, 1.5};
    double levels[2] = {0, 0.5};
    ifs_plot_image(p, &g, IFS_CMAP_VIRIDIS, NAN, NAN, "\u03a3_{SFR}", "M_{\u2299} yr^{-1} kpc^{-2}");
    ifs_plot_contours(p, &g, 2, levels, &(ifs_plot_style){.color = {1, 1, 1}});
    ifs_panel_equal_aspect(p);
    return f;
}

static void test_determinism(void)
{
    ifs_error err;
    static const char *const ext[] = {"png", "pdf", "svg"};
    for (int k = 0; k < 3; k++) {
        char name[2][32];
        long size[2];
        char *bytes[2];
        for (int r = 0; r < 2; r++) {
            ifs_figure *f = everything();
            snprintf(name[r], sizeof name[r], "same%d.%s", r, ext[k]);
            CHECK(ifs_figure_save(f, path_in_dir(name[r]), &err) == 0, "save %s: %s", name[r], err.msg);
            ifs_figure_free(f);
            bytes[r] = slurp(path_in_dir(name[r]), &size[r]);
        }
        CHECK(size[0] > 1000 && size[0] == size[1] && bytes[0] && bytes[1] && memcmp(bytes[0], bytes[1], (size_t)size[0]) == 0,
              "two renders of one figure as %s are byte-identical (%ld and %ld bytes)", ext[k], size[0], size[1]);
        if (k == 1 && bytes[0])
            CHECK(memcmp(bytes[0], "%PDF-", 5) == 0 && !memmem(bytes[0], (size_t)size[0], "/CreationDate", 13),
                  "PDF without a date");
        if (k == 2 && bytes[0])
            CHECK(strstr(bytes[0], "<svg") && strstr(bytes[0], "width=\"252pt\"") && strstr(bytes[0], "height=\"360pt\""),
                  "SVG of 3.5 x 5 in in points");
        free(bytes[0]);
        free(bytes[1]);
    }
}

static void test_failures(void)
{
    ifs_error err;
    int before = dir_entries();
    ifs_figure *f = everything();
    const char *path = path_in_dir("figure.jpg");
    CHECK(ifs_figure_save(f, path, &err) == IFS_ERR_INPUT && strstr(err.msg, ".png"),
          "an unknown extension is refused naming the accepted ones: %s", err.msg);
    path = path_in_dir("no-such-dir/figure.png");
    CHECK(ifs_figure_save(f, path, &err) == IFS_ERR_IO && strstr(err.msg, "no-such-dir"),
          "an unwritable path is an I/O error naming it: %s", err.msg);

    ifs_panel *p = ifs_figure_panel(f, 0, 0);
    CHECK(ifs_panel_xrange(p, 2, 1) == IFS_ERR_INPUT, "a decreasing range is refused");
    double v[4] = {NAN, NAN, NAN, NAN};
    ifs_plot_grid g = {2, 2, v, 0, 1, 0, 1};
    CHECK(ifs_plot_image(ifs_figure_panel(f, 1, 0), &g, IFS_CMAP_VIRIDIS, NAN, NAN, "x", NULL) == IFS_ERR_INPUT,
          "a second image in a panel is refused");
    path = path_in_dir("figure.png");
    CHECK(ifs_figure_save(f, path, &err) == IFS_ERR_INPUT && strstr(err.msg, "x range"),
          "saving reports the first drawing error: %s", err.msg);
    CHECK(!exists(path) && dir_entries() == before, "no file is left after the refusals");
    ifs_figure_free(f);

    f = ifs_figure_alloc(3, 3, 1, 1);
    CHECK(ifs_plot_image(ifs_figure_panel(f, 0, 0), &g, IFS_CMAP_VIRIDIS, NAN, NAN, "x", NULL) == IFS_ERR_INPUT,
          "an image without a finite value is refused");
    ifs_figure_free(f);
}

int main(void)
{
    if (!mkdtemp(dir))
        SKIP("cannot create a temporary directory");
    test_ticks();
    test_colormap();
    test_contours();
    test_png_pixels();
    test_layout();
    test_determinism();
    test_failures();
    if (scratch_remove() != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_report("test_plot");
}
