/* plotdata.c: reading the sample, the literature and the stored relation fits for the figures. */
#include "plotdata.h"

#include "ifscat/db.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int keep_targets(const ifs_galaxy *g, size_t n, void *ctx, ifs_error *err)
{
    plot_sample *s = ctx;
    for (size_t i = 0; i < n; i++) {
        if (s->n == s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 64;
            plot_target *grown = realloc(s->t, cap * sizeof *grown);
            if (!grown)
                return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory after %zu targets", s->n);
            s->t = grown;
            s->cap = cap;
        }
        char *name = strdup(g[i].name);
        if (!name)
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory after %zu targets", s->n);
        s->t[s->n++] = (plot_target){name, strcmp(g[i].kind, "satellite") == 0, g[i].z, g[i].age_gyr,
                                     g[i].logm, g[i].logsfr, g[i].oh, g[i].gradient};
    }
    return IFS_OK;
}

int plot_sample_read(PGconn *conn, plot_sample *s, ifs_error *err)
{
    *s = (plot_sample){0};
    return ifs_sample_stream(conn, IFS_SAMPLE_ALL, IFS_VALUES_BEST, 10000, keep_targets, s, err);
}

void plot_sample_free(plot_sample *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->t[i].name);
    free(s->t);
    *s = (plot_sample){0};
}

const plot_target *plot_sample_find(const plot_sample *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->t[i].name, name) == 0)
            return &s->t[i];
    return NULL;
}

int plot_literature_read(PGconn *conn, const ifs_litsel *sel, size_t nsel, ifs_litset **out, ifs_error *err)
{
    if (nsel)
        return ifs_litset_read(conn, sel, nsel, out, err);
    *out = NULL;
    PGresult *res = ifs_db_query(conn, "SELECT name FROM ifscat.literature_source ORDER BY name", 0, NULL, err);
    if (!res)
        return err->code;
    size_t n = (size_t)PQntuples(res);
    ifs_litsel *all = calloc(n ? n : 1, sizeof *all);
    int status = all ? IFS_OK : ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !status && i < n; i++)
        status = ifs_litsel_parse(PQgetvalue(res, (int)i, 0), &all[i], err);
    if (!status)
        status = ifs_litset_read(conn, all, n, out, err);
    free(all);
    PQclear(res);
    return status;
}

int plot_inputs_read(PGconn *conn, const ifs_litsel *sel, size_t nsel, int no_literature, plot_inputs *in,
                     ifs_error *err)
{
    *in = (plot_inputs){0};
    int status = plot_sample_read(conn, &in->sample, err);
    if (!status && !no_literature)
        status = plot_literature_read(conn, sel, nsel, &in->lit, err);
    if (!status)
        status = ifs_relation_library_open(&in->lib, err);
    return status;
}

void plot_inputs_free(plot_inputs *in)
{
    plot_sample_free(&in->sample);
    ifs_litset_free(in->lit);
    ifs_relation_library_free(in->lib);
    *in = (plot_inputs){0};
}

int plot_fit_read(PGconn *conn, const char *relation, int with_literature, plot_fit *fit, ifs_error *err)
{
    *fit = (plot_fit){.alpha = NAN};
    const char *params[] = {relation, with_literature ? "t" : "f"};
    /* The band, one row per abscissa, of the newest matching fit made with the best values (the
     * figure's points); fits of the imported values (relations --imported) are not drawn. */
    PGresult *res = ifs_db_query(
        conn,
        "SELECT f.fit_id, f.alpha, f.n_points, f.n_literature, b.x, b.y, b.lo, b.hi"
        "  FROM (SELECT * FROM ifscat.relation_fit WHERE relation = $1 AND (n_literature > 0) = $2::boolean"
        "        AND own_values = 'best' ORDER BY fit_id DESC LIMIT 1) f,"
        "       unnest(f.band_x, f.band_y, f.band_lo, f.band_hi) WITH ORDINALITY AS b(x, y, lo, hi, k)"
        " ORDER BY b.k",
        2, params, err);
    if (!res)
        return err->code;
    size_t n = (size_t)PQntuples(res);
    if (n) {
        fit->x = malloc(4 * n * sizeof *fit->x);
        if (!fit->x) {
            PQclear(res);
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        }
        fit->mid = fit->x + n;
        fit->lo = fit->x + 2 * n;
        fit->hi = fit->x + 3 * n;
        fit->nband = n;
        fit->fit_id = atoll(PQgetvalue(res, 0, 0));
        fit->alpha = PQgetisnull(res, 0, 1) ? NAN : strtod(PQgetvalue(res, 0, 1), NULL);
        fit->n_points = (size_t)atol(PQgetvalue(res, 0, 2));
        fit->n_literature = (size_t)atol(PQgetvalue(res, 0, 3));
        for (size_t i = 0; i < n; i++) {
            fit->x[i] = strtod(PQgetvalue(res, (int)i, 4), NULL);
            fit->mid[i] = strtod(PQgetvalue(res, (int)i, 5), NULL);
            fit->lo[i] = strtod(PQgetvalue(res, (int)i, 6), NULL);
            fit->hi[i] = strtod(PQgetvalue(res, (int)i, 7), NULL);
        }
    }
    PQclear(res);
    return IFS_OK;
}

void plot_fit_free(plot_fit *fit)
{
    free(fit->x);
    *fit = (plot_fit){.alpha = NAN};
}
