/* processing.c: every current observation of the targets fitted and derived when missing or stale,
 * each step through the module that owns it (fitting.h, deriving.h), which does nothing when its
 * settings hash is unchanged. */
#include "ifscat/processing.h"

#include "ifscat/calibration.h"
#include "ifscat/clock.h"
#include "ifscat/db.h"
#include "ifscat/lines.h"
#include "ifscat/regions.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A PostgreSQL text[] literal of the names (NULL when there are none); malloc'ed. */
static char *text_array(const char *const *names, size_t n)
{
    if (!n)
        return NULL;
    size_t len = 3;
    for (size_t i = 0; i < n; i++)
        len += 2 * strlen(names[i]) + 3;
    char *a = malloc(len), *p = a;
    if (!a)
        return NULL;
    *p++ = '{';
    for (size_t i = 0; i < n; i++) {
        if (i)
            *p++ = ',';
        *p++ = '"';
        for (const char *c = names[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                *p++ = '\\';
            *p++ = *c;
        }
        *p++ = '"';
    }
    *p++ = '}';
    *p = '\0';
    return a;
}

/* Every named target must exist and have a current observation. */
static int check_targets(PGconn *conn, const char *array, ifs_error *err)
{
    const char *p[1] = {array};
    PGresult *r = ifs_db_query(conn,
                               "SELECT u.name, t.target_id IS NOT NULL, EXISTS (SELECT 1 FROM ifscat.current_observation o"
                               " WHERE o.target_id = t.target_id) FROM unnest($1::text[]) WITH ORDINALITY u(name, i)"
                               " LEFT JOIN ifscat.target t ON t.name = u.name ORDER BY u.i",
                               1, p, err);
    if (!r)
        return err->code;
    int status = IFS_OK;
    for (int i = 0; i < PQntuples(r) && !status; i++)
        if (PQgetvalue(r, i, 1)[0] != 't')
            status = ifs_error_set(err, IFS_ERR_INPUT, "unknown target '%s' (see ifscat target list)", PQgetvalue(r, i, 0));
        else if (PQgetvalue(r, i, 2)[0] != 't')
            status = ifs_error_set(err, IFS_ERR_INPUT, "target '%s' has no current observation (see ifscat ingest)",
                                   PQgetvalue(r, i, 0));
    PQclear(r);
    return status;
}

/* The fit options recorded in a fit's settings (fitsettings.h): region kinds, aperture radius,
 * annuli and background; 0 and NULL mean the defaults. */
static void recorded_fit_options(const char *settings, ifs_fitting_options *o)
{
    cJSON *root = cJSON_Parse(settings);
    if (!root)
        return;
    const cJSON *kinds = cJSON_GetObjectItemCaseSensitive(root, "regions"), *k;
    cJSON_ArrayForEach(k, kinds)
        for (int kind = IFS_REGION_SPAXEL; kind <= IFS_REGION_ANNULUS; kind++)
            if (cJSON_IsString(k) && strcmp(k->valuestring, ifs_region_kind_name(kind)) == 0)
                o->kinds |= 1u << kind;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "aperture_radius");
    if (cJSON_IsNumber(v))
        o->aperture_radius = v->valuedouble;
    v = cJSON_GetObjectItemCaseSensitive(root, "annuli");
    if (cJSON_IsNumber(v))
        o->nannuli = (size_t)v->valuedouble;
    o->background = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "background"));
    cJSON_Delete(root);
}

/* The current observations of the targets with what their fit and derive were made with. */
static const char observations_sql[] =
    "SELECT o.observation_id, t.name, f.settings::text, f.lines_name, d.calibration_path, d.seed::text"
    " FROM ifscat.current_observation o JOIN ifscat.target t USING (target_id)"
    " LEFT JOIN ifscat.fit_run f ON f.observation_id = o.observation_id"
    " LEFT JOIN ifscat.derive_run d ON d.fit_id = f.fit_id"
    " WHERE $1::text[] IS NULL OR t.name = ANY ($1::text[]) ORDER BY t.name, o.observation_id";

static void process_one(PGconn *conn, const ifs_processing_options *opt, const PGresult *r, int i,
                        const char *shipped_lines, ifs_processing_step *st)
{
    memset(st, 0, sizeof *st);
    st->target = PQgetvalue(r, i, 1);
    st->observation_id = atoll(PQgetvalue(r, i, 0));
    st->derive_state = IFS_STEP_SKIPPED;
    ifs_fitting_options fo = {.target = st->target, .observation_id = st->observation_id, .nthreads = opt->nthreads};
    if (!PQgetisnull(r, i, 2))
        recorded_fit_options(PQgetvalue(r, i, 2), &fo);
    if (!PQgetisnull(r, i, 3) && strcmp(PQgetvalue(r, i, 3), shipped_lines) != 0)
        st->fit_state = IFS_STEP_KEPT;
    else if (ifs_fitting_run(conn, &fo, &st->fit, &st->err)) {
        st->fit_state = IFS_STEP_FAILED;
        return;
    } else {
        st->fit_state = st->fit.unchanged ? IFS_STEP_UNCHANGED : IFS_STEP_DONE;
    }
    /* What the previous derive used, unless asked otherwise (read before the fit: a re-fit deletes it). */
    ifs_deriving_options d = {.target = st->target, .observation_id = st->observation_id, .nthreads = opt->nthreads,
                              .calibration = opt->calibration, .seed = opt->seed};
    if (!d.calibration && !PQgetisnull(r, i, 4))
        d.calibration = PQgetvalue(r, i, 4);
    if (!opt->seed_given && !PQgetisnull(r, i, 5))
        d.seed = strtoull(PQgetvalue(r, i, 5), NULL, 10);
    if (ifs_deriving_run(conn, &d, &st->derive, &st->err))
        st->derive_state = IFS_STEP_FAILED;
    else
        st->derive_state = st->derive.unchanged ? IFS_STEP_UNCHANGED : IFS_STEP_DONE;
}

int ifs_processing_run(PGconn *conn, const ifs_processing_options *opt, ifs_processing_summary *sum, ifs_error *err)
{
    memset(sum, 0, sizeof *sum);
    double t0 = ifs_clock_s();
    char *array = NULL;
    ifs_linelist *shipped = NULL;
    PGresult *r = NULL;
    ifs_calibration cal;
    int status = IFS_OK;
    if (opt->ntargets && !(array = text_array(opt->targets, opt->ntargets)))
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    if ((opt->calibration && (status = ifs_calibration_load(opt->calibration, &cal, err))) ||
        (status = ifs_linelist_load(NULL, &shipped, err)) || (array && (status = check_targets(conn, array, err))))
        goto exit;
    const char *p[1] = {array};
    if (!(r = ifs_db_query(conn, observations_sql, 1, p, err))) {
        status = err->code;
        goto exit;
    }
    const char *last = "";
    for (int i = 0; i < PQntuples(r); i++) {
        ifs_processing_step st;
        process_one(conn, opt, r, i, shipped->name, &st);
        sum->nobservations++;
        if (strcmp(last, st.target) != 0)
            sum->ntargets++;
        last = PQgetvalue(r, i, 1);
        sum->nfits += st.fit_state == IFS_STEP_DONE;
        sum->nkept += st.fit_state == IFS_STEP_KEPT;
        sum->nderives += st.derive_state == IFS_STEP_DONE;
        sum->nfailed += st.fit_state == IFS_STEP_FAILED || st.derive_state == IFS_STEP_FAILED;
        if (opt->step)
            opt->step(&st, opt->ctx);
    }
exit:
    sum->seconds = ifs_clock_s() - t0;
    PQclear(r);
    ifs_linelist_free(shipped);
    free(array);
    return status;
}
