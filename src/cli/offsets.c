/* offsets.c: offsets of the own sample from a relation, streamed from the catalog and written as a
 * table, with the sample's mean offset (shared by `ifscat fmr` and `ifscat compare`). */
#include "offsets.h"

#include "ifscat/offset.h"
#include "ifscat/relation.h"
#include "ifscat/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows fetched per round trip: large enough to keep every core busy, small enough to bound memory. */
#define BATCH_ROWS 50000

int cli_offsets_option(cli_offsets *o, ifs_cli *cli, int opt, const char *arg, char *const *argv, const char *usage)
{
    char *end;
    switch (opt) {
    case OPT_DRAWS: {
        long v = strtol(arg, &end, 10);
        if (*end || v < 16 || v > 10000000)
            return cli_usage_error(usage, "--draws needs a whole number from 16 to 10000000, not '%s'", arg);
        o->draws = (size_t)v;
        return -1;
    }
    case OPT_SUMMARY:
        o->summary_only = 1;
        return -1;
    default:
        return cli_analysis_option(&o->a, cli, opt, arg, argv, usage);
    }
}

/* The measured inputs are given without their errors (those are in `ifscat summary`): fewer
 * columns keep a million-row table quick to write. */
enum { C_NAME, C_KIND, C_Z, C_AGE, C_LOGM, C_LOGSFR, C_OH, C_MODEL, C_OFF, C_OFF_LO, C_OFF_HI, C_IN_RANGE, C_COUNT };

typedef struct {
    const ifs_relation *rel;
    const ifs_offset_mc *mc;
    int threads;
    ifs_table *table;
    ifs_table_writer *writer; /* NULL: the rows stay in table */
    size_t nrows;
    ifs_offset_input *in;
    ifs_offset_result *out;
    double *offsets; /* the finite offsets, for the summary */
    size_t noffsets, cap;
} run_ctx;

static int on_batch(const ifs_galaxy *g, size_t n, void *arg, ifs_error *err)
{
    run_ctx *c = arg;
    for (size_t i = 0; i < n; i++)
        c->in[i] = (ifs_offset_input){g[i].logm, g[i].logsfr, g[i].oh, g[i].z, g[i].age_gyr};
    int status = ifs_offset_compute(c->rel, c->mc, c->in, n, c->threads, c->out, err);
    if (status)
        return status;
    if (c->noffsets + n > c->cap) {
        size_t cap = 2 * (c->noffsets + n);
        double *grown = realloc(c->offsets, cap * sizeof *grown);
        if (!grown)
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory after %zu galaxies", c->noffsets);
        c->offsets = grown;
        c->cap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        long row = ifs_table_append(c->table);
        if (row < 0 || ifs_table_set_text(c->table, (size_t)row, C_NAME, g[i].name) ||
            ifs_table_set_text(c->table, (size_t)row, C_KIND, g[i].kind))
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory after %zu galaxies", c->noffsets);
        size_t r = (size_t)row;
        ifs_table_set_real(c->table, r, C_Z, g[i].z);
        ifs_table_set_real(c->table, r, C_AGE, g[i].age_gyr);
        ifs_table_set_real(c->table, r, C_LOGM, g[i].logm.value);
        ifs_table_set_real(c->table, r, C_LOGSFR, g[i].logsfr.value);
        ifs_table_set_real(c->table, r, C_OH, g[i].oh.value);
        const ifs_offset_result *o = &c->out[i];
        ifs_table_set_real(c->table, r, C_MODEL, o->model);
        ifs_table_set_real(c->table, r, C_OFF, o->offset);
        ifs_table_set_real(c->table, r, C_OFF_LO, o->lo);
        ifs_table_set_real(c->table, r, C_OFF_HI, o->hi);
        ifs_table_set_int(c->table, r, C_IN_RANGE, o->in_range);
        if (isfinite(o->offset))
            c->offsets[c->noffsets++] = o->offset;
    }
    c->nrows += n;
    return c->writer ? ifs_table_writer_flush(c->writer, c->table, err) : IFS_OK;
}

static int write_summary(const ifs_cli *cli, const cli_offsets *o, const ifs_stats_summary *s)
{
    static const ifs_column cols[] = {
        {"relation", IFS_COL_TEXT, "", 0, "relation the offsets are measured from"},
        {"sample", IFS_COL_TEXT, "", 0, "main (galaxies), satellites or all"},
        {"n", IFS_COL_INT, "", 0, "galaxies with an offset"},
        {"mean", IFS_COL_REAL, "dex", 2, "mean offset (observed - relation)"},
        {"mean_err", IFS_COL_REAL, "dex", 2, "standard error of the mean: scatter / sqrt(n)"},
        {"scatter", IFS_COL_REAL, "dex", 2, "sample standard deviation of the offsets"},
    };
    ifs_table *t = ifs_table_alloc("mean offset", CLI_COUNT(cols), cols);
    long row = t ? ifs_table_append(t) : -1;
    if (row < 0) {
        ifs_table_free(t);
        fprintf(stderr, "ifscat: out of memory\n");
        return EXIT_FAIL;
    }
    ifs_table_set_text(t, 0, 0, o->relation);
    char label[64];
    ifs_table_set_text(t, 0, 1, cli_analysis_sample_label(&o->a, label, sizeof label));
    ifs_table_set_int(t, 0, 2, (long long)s->n);
    ifs_table_set_real(t, 0, 3, s->mean);
    ifs_table_set_real(t, 0, 4, s->mean_err);
    ifs_table_set_real(t, 0, 5, s->scatter);
    int status = cli_write_table(cli, t);
    ifs_table_free(t);
    return status;
}

int cli_offsets_compute(PGconn *conn, const cli_offsets *o, const ifs_cli *out, ifs_table **table, size_t *ntargets,
                        ifs_stats_summary *summary, ifs_error *err)
{
    ifs_relation_library *lib = NULL;
    ifs_offset_mc *mc = NULL;
    run_ctx c = {.threads = o->a.threads};
    *table = NULL;
    *ntargets = 0;
    *summary = (ifs_stats_summary){0};
    int status = ifs_relation_library_open(&lib, err);
    if (status || !(c.rel = ifs_relation_library_find(lib, o->relation, err)) ||
        (status = ifs_offset_mc_alloc(o->draws, o->a.seed, &mc, err))) {
        status = status ? status : IFS_ERR_INPUT;
        goto exit;
    }
    c.mc = mc;
    const char *predicts = ifs_relation_kind_predicts(ifs_relation_kind_of(c.rel));
    char model_desc[200], off_lo[64], off_hi[64], title[160];
    snprintf(model_desc, sizeof model_desc, "%s predicted by %s at the measured values",
             strcmp(predicts, "oh") == 0 ? "12+log(O/H)" : "log SFR", o->relation);
    snprintf(off_lo, sizeof off_lo, "%s_lo", o->offset_col);
    snprintf(off_hi, sizeof off_hi, "%s_hi", o->offset_col);
    snprintf(title, sizeof title, "offsets from %s", o->relation);
    const ifs_column cols[C_COUNT] = {
        {"name", IFS_COL_TEXT, "", 0, "target name"},
        {"kind", IFS_COL_TEXT, "", 0, "galaxy or satellite"},
        {"z", IFS_COL_REAL, "", 3, "redshift"},
        {"age_gyr", IFS_COL_REAL, "Gyr", 3, "age of the universe at z"},
        {"logm", IFS_COL_REAL, "log Msun", 2, "stellar mass (errors: ifscat summary)"},
        {"logsfr", IFS_COL_REAL, "log Msun/yr", 2, "star formation rate"},
        {"oh", IFS_COL_REAL, "dex", 2, "12+log(O/H)"},
        {"predicted", IFS_COL_REAL, strcmp(predicts, "oh") == 0 ? "dex" : "log Msun/yr", 2, model_desc},
        {o->offset_col, IFS_COL_REAL, "dex", 2, "offset: measured - predicted"},
        {off_lo, IFS_COL_REAL, "dex", 2, "1-sigma error below (Monte Carlo over the input errors)"},
        {off_hi, IFS_COL_REAL, "dex", 2, "1-sigma error above (Monte Carlo over the input errors)"},
        {"in_range", IFS_COL_INT, "", 0, "1 when inside the relation's stated validity range"},
    };
    c.table = ifs_table_alloc(title, C_COUNT, cols);
    c.in = malloc(BATCH_ROWS * sizeof *c.in);
    c.out = malloc(BATCH_ROWS * sizeof *c.out);
    if (!c.table || !c.in || !c.out) {
        status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        goto exit;
    }
    if (out && (status = ifs_table_writer_begin(c.table, out->format, out->output, &c.writer, err)))
        goto exit;
    if ((status = ifs_sample_stream(conn, o->a.sample, o->a.values, BATCH_ROWS, on_batch, &c, err)))
        goto exit;
    if (c.noffsets)
        ifs_stats_summarize(c.offsets, c.noffsets, summary, err);
    *ntargets = c.nrows;
    if (c.writer) {
        status = ifs_table_writer_end(c.writer, c.table, err);
        c.writer = NULL;
    } else {
        *table = c.table;
        c.table = NULL;
    }
exit:
    ifs_table_writer_abort(c.writer);
    ifs_table_free(c.table);
    free(c.in);
    free(c.out);
    free(c.offsets);
    ifs_offset_mc_free(mc);
    ifs_relation_library_free(lib);
    return status;
}

int cli_offsets_run(const ifs_cli *cli, const cli_offsets *o)
{
    ifs_error err;
    ifs_table *t = NULL;
    ifs_stats_summary s;
    size_t n;
    int status = EXIT_FAIL;
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    if (cli_offsets_compute(conn, o, o->summary_only ? NULL : cli, &t, &n, &s, &err)) {
        cli_fail(&err);
        goto exit;
    }
    char label[64];
    cli_progress(cli, "%zu of %zu targets (sample %s) have an offset from %s (%zu Monte-Carlo draws, seed %llu)\n",
                 s.n, n, cli_analysis_sample_label(&o->a, label, sizeof label), o->relation, o->draws, (unsigned long long)o->a.seed);
    if (o->summary_only) {
        status = write_summary(cli, o, &s);
        goto exit;
    }
    status = EXIT_OK;
    if (cli->format == IFS_FORMAT_TEXT && s.n) {
        if (s.n > 1)
            printf("\nmean offset from %s: %+.2f +/- %.2f dex (scatter %.2f, %zu galaxies): %.2f dex %s the relation\n",
                   o->relation, s.mean, s.mean_err, s.scatter, s.n, fabs(s.mean), s.mean < 0 ? "below" : "above");
        else
            printf("\none galaxy: offset %+.2f dex from %s\n", s.mean, o->relation);
    }
exit:
    PQfinish(conn);
    ifs_table_free(t);
    return status;
}
