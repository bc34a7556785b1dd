/* cube.c: allocation of the in-memory cube. */
#include "ifscat/cube.h"

#include <stdlib.h>

ifs_cube *ifs_cube_alloc(size_t nx, size_t ny, size_t nwave)
{
    ifs_cube *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    size_t n = nx * ny * nwave;
    c->nx = nx;
    c->ny = ny;
    c->nwave = nwave;
    c->wave_um = calloc(nwave, sizeof *c->wave_um);
    c->flux = malloc(n * sizeof *c->flux);
    c->err = malloc(n * sizeof *c->err);
    c->mask = calloc(n, 1);
    if (!c->wave_um || !c->flux || !c->err || !c->mask) {
        ifs_cube_free(c);
        return NULL;
    }
    return c;
}

void ifs_cube_free(ifs_cube *c)
{
    if (!c)
        return;
    free(c->wave_um);
    free(c->flux);
    free(c->err);
    free(c->mask);
    free(c->ra_deg);
    free(c->dec_deg);
    free(c->wcs_header);
    free(c);
}
