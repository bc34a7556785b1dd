/* agn_catalog.c: the broad-line test on a target's integrated spectrum from the catalog: the fit's
 * aperture summed again from the stored spaxels (or the 1D spectrum), at the H-beta group's fitted
 * redshift, with the fit's line list. */
#include "ifscat/agn.h"

#include "ifscat/db.h"
#include "ifscat/observation.h"
#include "ifscat/regions.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The integrated region of the observation's fit, its H-beta group's redshift (NAN: none) and the
 * fit's line list hash. */
static const char fit_sql[] =
    "SELECT f.fit_id, f.lines_name, f.lines_sha256, r.kind, r.x, r.y, r.r_out, t.z, o.nx, o.ny,"
    " (SELECT g.z FROM ifscat.group_fit g JOIN ifscat.fit_line l ON l.fit_id = g.fit_id AND l.group_id = g.group_id"
    "   AND l.line = 'Hbeta' WHERE g.target_id = r.target_id AND g.fit_id = r.fit_id AND g.region_id = r.region_id),"
    " t.name = $2"
    " FROM ifscat.observation o JOIN ifscat.target t USING (target_id)"
    " LEFT JOIN ifscat.fit_run f ON f.observation_id = o.observation_id"
    " LEFT JOIN LATERAL (SELECT * FROM ifscat.region r WHERE r.target_id = f.target_id AND r.fit_id = f.fit_id"
    "   AND r.kind IN ('aperture', 'spectrum') ORDER BY r.region_id LIMIT 1) r ON true"
    " WHERE o.observation_id = $1";

int ifs_agn_run(PGconn *conn, const char *target, long long observation_id, const char *lines_path,
                ifs_agn_subject *subject, ifs_agn_result *out, ifs_error *err)
{
    memset(subject, 0, sizeof *subject);
    long long id = observation_id;
    if (!id && ifs_observation_current(conn, target, NULL, &id, err))
        return err->code;
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", id);
    const char *p[2] = {ids, target};
    PGresult *r = ifs_db_query(conn, fit_sql, 2, p, err);
    if (!r)
        return err->code;
    ifs_linelist *list = NULL;
    ifs_cube *cube = NULL;
    ifs_spectrum *spec = NULL;
    ifs_wavegrid *grid = NULL;
    ifs_resolution *res = NULL;
    size_t *members = NULL;
    int status = IFS_OK;
    if (PQntuples(r) == 0 || PQgetvalue(r, 0, 11)[0] != 't') {
        status = ifs_error_set(err, IFS_ERR_INPUT, "observation %lld is not one of %s's (see ifscat observation list)",
                               id, target);
        goto exit;
    }
    if (PQgetisnull(r, 0, 0) || PQgetisnull(r, 0, 3)) {
        status = ifs_error_set(err, IFS_ERR_INPUT,
                               "observation %lld of %s has no fitted aperture or 1D spectrum (run ifscat fit %s)", id,
                               target, target);
        goto exit;
    }
    subject->observation_id = id;
    subject->fit_id = atoll(PQgetvalue(r, 0, 0));
    snprintf(subject->region, sizeof subject->region, "%s", PQgetvalue(r, 0, 3));
    if ((status = ifs_linelist_load(lines_path, &list, err)))
        goto exit;
    if (strcmp(list->sha256, PQgetvalue(r, 0, 2)) != 0) {
        status = ifs_error_set(err, IFS_ERR_INPUT,
                               "fit %lld used the line list '%s' (sha256 %.12s), not %s: give that file with --lines",
                               subject->fit_id, PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2), list->path);
        goto exit;
    }
    int is_ap = strcmp(subject->region, "aperture") == 0;
    ifs_region ap = {.kind = IFS_REGION_APERTURE, .x = atof(PQgetvalue(r, 0, 4)), .y = atof(PQgetvalue(r, 0, 5)),
                     .r_out = is_ap ? atof(PQgetvalue(r, 0, 6)) : 0};
    long nx = atol(PQgetvalue(r, 0, 8)), ny = atol(PQgetvalue(r, 0, 9)), rad = (long)ceil(ap.r_out);
    ifs_rect rect = {(int)fmax(0, ap.x - (double)rad), (int)fmax(0, ap.y - (double)rad),
                     (int)fmin((double)nx - 1, ap.x + (double)rad), (int)fmin((double)ny - 1, ap.y + (double)rad)};
    if ((status = ifs_observation_load(conn, id, is_ap ? &rect : NULL, &cube, err)))
        goto exit;
    size_t ns = cube->nx * cube->ny, n = 0;
    if (!(members = malloc(ns * sizeof *members)) || !(spec = ifs_spectrum_alloc(cube->nwave))) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto exit;
    }
    for (size_t s = 0; s < ns; s++)
        if (!is_ap || ifs_region_contains(&ap, (long)(s % cube->nx) + rect.x0, (long)(s / cube->nx) + rect.y0))
            members[n++] = s;
    subject->radius = ap.r_out;
    subject->nspaxels = ifs_spectrum_sum(cube, members, n, spec);
    double z = PQgetisnull(r, 0, 10) ? atof(PQgetvalue(r, 0, 7)) : atof(PQgetvalue(r, 0, 10));
    if ((status = ifs_wavegrid_alloc(cube->wave_um, cube->nwave, &grid, err)) ||
        (status = ifs_resolution_for_grid(cube->grating, cube->wave_um, cube->nwave, &res, err)) ||
        (status = ifs_agn_test(grid, spec, list, res, z, out, err)))
        ifs_error_prefix(err, "observation %lld of %s", id, target);
exit:
    PQclear(r);
    free(members);
    ifs_spectrum_free(spec);
    ifs_wavegrid_free(grid);
    ifs_resolution_free(res);
    ifs_cube_free(cube);
    ifs_linelist_free(list);
    return status;
}
