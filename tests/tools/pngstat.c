/* pngstat.c: what the figure tests check in a PNG, read with cairo alone (not ifscat's code).
 *
 *   pngstat FILE [R,G,B]...
 *
 * Prints "WIDTH HEIGHT INKED" (INKED: pixels that are not white) and then, for each colour given
 * as 0-255 components, the number of pixels within 12 of it in every component, one per line.
 * Exit 1 when the file is not a PNG cairo can read. */
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: pngstat FILE [R,G,B]...\n", stderr);
        return 2;
    }
    cairo_surface_t *s = cairo_image_surface_create_from_png(argv[1]);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pngstat: %s: %s\n", argv[1], cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return 1;
    }
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    int ncolors = argc - 2;
    int *want = malloc(3 * sizeof *want * (size_t)(ncolors ? ncolors : 1));
    long *count = calloc((size_t)(ncolors ? ncolors : 1), sizeof *count);
    if (!want || !count) {
        fputs("pngstat: out of memory\n", stderr);
        return 1;
    }
    for (int c = 0; c < ncolors; c++)
        if (sscanf(argv[2 + c], "%d,%d,%d", &want[3 * c], &want[3 * c + 1], &want[3 * c + 2]) != 3) {
            fprintf(stderr, "pngstat: '%s' is not R,G,B\n", argv[2 + c]);
            return 2;
        }
    long inked = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            /* ARGB32 in native byte order; PNGs of figures are opaque, so no un-premultiplying. */
            unsigned int px = *(const unsigned int *)(data + (size_t)y * (size_t)stride + 4 * (size_t)x);
            int r = (px >> 16) & 255, g = (px >> 8) & 255, b = px & 255;
            inked += r < 250 || g < 250 || b < 250;
            for (int c = 0; c < ncolors; c++)
                count[c] += abs(r - want[3 * c]) <= 12 && abs(g - want[3 * c + 1]) <= 12 && abs(b - want[3 * c + 2]) <= 12;
        }
    printf("%d %d %ld\n", w, h, inked);
    for (int c = 0; c < ncolors; c++)
        printf("%ld\n", count[c]);
    free(want);
    free(count);
    cairo_surface_destroy(s);
    return 0;
}
