/* cmd_gradient_stats.c: `ifscat gradient-stats`: the sample's mean metallicity gradient with its
 * error and scatter, Spearman correlations of the gradient with stellar mass, SFR and specific SFR,
 * and redshift-binned mean gradients of the own sample plus literature values. */
#include "cli.h"

#include "ifscat/sample.h"
#include "ifscat/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat gradient-stats [--sample main|satellites|all] [--with-literature SOURCE[:ZMIN-ZMAX]]...\n"
    "                             [--zbins EDGES] [--format F] [-o FILE]\n"
    "\n"
    "Statistics of the radial metallicity gradients (dex/kpc), one row per statistic:\n"
    "  mean        the sample's mean gradient, its standard error (scatter / sqrt(n)) and the\n"
    "              scatter (sample standard deviation)\n"
    "  spearman    Spearman's rank correlation of the gradient with log M*, log SFR and log sSFR and\n"
    "              its two-sided p-value (t-distribution approximation, as scipy.stats.spearmanr)\n"
    "  zbin        mean gradient in redshift bins of the own sample plus the literature sources\n"
    "Literature gradients given as limits, and those of galaxies that are catalog targets (view\n"
    "target_literature: same name or position), are left out and counted on stderr.\n"
    "\n"
    "  --sample S             main (galaxies; default), satellites or all\n"
    "  --with-literature SEL  add a literature source, optionally in a redshift range, e.g.\n"
    "                         lit:0-10; repeatable.  With it the mean and the correlations are also\n"
    "                         given for the own sample plus the literature\n"
    "  --zbins EDGES          redshift bin edges, comma-separated (default 0,2,4,6,8,10)\n"
    CLI_LISTING_HELP
    "  --db CONNINFO          catalog database;  -q, --quiet  no progress messages\n"
    "\n"
    "Example:\n"
    "  ifscat gradient-stats --with-literature mygradients:0-10 --format csv\n";

enum { OPT_SAMPLE = 4000, OPT_WITH_LIT, OPT_ZBINS };
enum { MAX_SEL = 16, MAX_BINS = 64 };

/* Gradients with the redshift, mass and SFR they go with: the data of one statistics block. */
typedef struct {
    size_t n, cap;
    double *grad, *z, *logm, *logsfr;
} points;

static int add_point(points *p, double grad, double z, double logm, double logsfr)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        double *g = realloc(p->grad, 4 * cap * sizeof *g);
        if (!g)
            return -1;
        /* four arrays in one block: move the last three to their new places */
        memmove(g + 3 * cap, g + 3 * p->cap, p->n * sizeof *g);
        memmove(g + 2 * cap, g + 2 * p->cap, p->n * sizeof *g);
        memmove(g + cap, g + p->cap, p->n * sizeof *g);
        p->grad = g;
        p->z = g + cap;
        p->logm = g + 2 * cap;
        p->logsfr = g + 3 * cap;
        p->cap = cap;
    }
    p->grad[p->n] = grad;
    p->z[p->n] = z;
    p->logm[p->n] = logm;
    p->logsfr[p->n] = logsfr;
    p->n++;
    return 0;
}

static int collect_own(const ifs_galaxy *g, size_t n, void *ctx, ifs_error *err)
{
    points *own = ctx;
    for (size_t i = 0; i < n; i++)
        if (isfinite(g[i].gradient.value) &&
            add_point(own, g[i].gradient.value, g[i].z, g[i].logm.value, g[i].logsfr.value))
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    return IFS_OK;
}

enum { C_STAT, C_VERSUS, C_DATA, C_N, C_VALUE, C_ERR_LO, C_ERR_HI, C_COUNT };

static int row(ifs_table *t, const char *stat, const char *versus, const char *data, size_t n, double value,
               double lo, double hi)
{
    long r = ifs_table_append(t);
    if (r < 0 || ifs_table_set_text(t, (size_t)r, C_STAT, stat) || ifs_table_set_text(t, (size_t)r, C_VERSUS, versus) ||
        ifs_table_set_text(t, (size_t)r, C_DATA, data))
        return -1;
    ifs_table_set_int(t, (size_t)r, C_N, (long long)n);
    ifs_table_set_real(t, (size_t)r, C_VALUE, value);
    ifs_table_set_real(t, (size_t)r, C_ERR_LO, lo);
    ifs_table_set_real(t, (size_t)r, C_ERR_HI, hi);
    return 0;
}

/* Mean and Spearman rows for one data set; statistics that need more points are left out and said so. */
static int block(const ifs_cli *cli, ifs_table *t, const points *p, const char *data)
{
    ifs_error err;
    ifs_stats_summary s;
    if (p->n == 0) {
        cli_progress(cli, "%s: no gradients\n", data);
        return 0;
    }
    ifs_stats_summarize(p->grad, p->n, &s, &err);
    if (row(t, "mean", NULL, data, s.n, s.mean, s.mean_err, s.mean_err) ||
        row(t, "scatter", NULL, data, s.n, s.scatter, NAN, NAN))
        return -1;
    static const char *const names[] = {"logm", "logsfr", "logssfr"};
    double *x = malloc(2 * p->n * sizeof *x), *y = x ? x + p->n : NULL;
    if (!x)
        return -1;
    for (int v = 0; v < 3; v++) {
        size_t m = 0;
        for (size_t i = 0; i < p->n; i++) {
            double xv = v == 0 ? p->logm[i] : v == 1 ? p->logsfr[i] : p->logsfr[i] - p->logm[i];
            if (isfinite(xv)) {
                x[m] = xv;
                y[m++] = p->grad[i];
            }
        }
        double rho, pval;
        if (ifs_stats_spearman(x, y, m, &rho, &pval, &err)) {
            cli_progress(cli, "%s, gradient versus %s: no Spearman correlation: %s\n", data, names[v], err.msg);
            continue;
        }
        if (row(t, "spearman_rho", names[v], data, m, rho, NAN, NAN) ||
            row(t, "spearman_p", names[v], data, m, pval, NAN, NAN)) {
            free(x);
            return -1;
        }
    }
    free(x);
    return 0;
}

static int parse_edges(const char *text, double *edges, size_t *nedges)
{
    char *end;
    *nedges = 0;
    for (const char *p = text; *nedges < MAX_BINS + 1;) {
        edges[*nedges] = strtod(p, &end);
        if (end == p)
            return -1;
        if (*nedges > 0 && !(edges[*nedges] > edges[*nedges - 1]))
            return -1;
        (*nedges)++;
        if (*end == '\0')
            return *nedges >= 2 ? 0 : -1;
        if (*end != ',')
            return -1;
        p = end + 1;
    }
    return -1;
}

int cmd_gradient_stats(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS,
                                            {"sample", required_argument, NULL, OPT_SAMPLE},
                                            {"with-literature", required_argument, NULL, OPT_WITH_LIT},
                                            {"zbins", required_argument, NULL, OPT_ZBINS},
                                            {0}};
    ifs_sample_kind kind = IFS_SAMPLE_MAIN;
    ifs_litsel sel[MAX_SEL];
    size_t nsel = 0, nedges = 6;
    double edges[MAX_BINS + 1] = {0, 2, 4, 6, 8, 10}; /* science.md section 7: z bins across 0-10 */
    ifs_error err;
    int opt;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        switch (opt) {
        case OPT_HELP: return cli_help(usage);
        case OPT_SAMPLE:
            if (ifs_sample_kind_parse(optarg, &kind, &err))
                return cli_usage_error(usage, "%s", err.msg);
            break;
        case OPT_WITH_LIT:
            if (nsel == MAX_SEL)
                return cli_usage_error(usage, "at most %d --with-literature selections", MAX_SEL);
            if (ifs_litsel_parse(optarg, &sel[nsel++], &err))
                return cli_usage_error(usage, "%s", err.msg);
            break;
        case OPT_ZBINS:
            if (parse_edges(optarg, edges, &nedges))
                return cli_usage_error(usage, "--zbins needs at least two increasing numbers, comma-separated, not '%s'",
                                       optarg);
            break;
        default: {
            int handled = cli_common_option(cli, opt, optarg);
            if (handled < 0)
                return EXIT_USAGE;
            if (!handled)
                return cli_usage_error(usage, "unknown option '%s'", argv[optind - 1]);
        }
        }
    }
    if (optind != argc)
        return cli_usage_error(usage, "gradient-stats takes no arguments");

    static const ifs_column cols[C_COUNT] = {
        {"statistic", IFS_COL_TEXT, "", 0, "mean, scatter, spearman_rho, spearman_p, zbin_mean"},
        {"versus", IFS_COL_TEXT, "", 0, "the correlated quantity, or the redshift bin"},
        {"data", IFS_COL_TEXT, "", 0, "own sample, or own sample plus literature"},
        {"n", IFS_COL_INT, "", 0, "gradients used"},
        {"value", IFS_COL_REAL, "", 3, "the statistic (dex/kpc for means and scatter)"},
        {"value_lo", IFS_COL_REAL, "", 3, "1-sigma error below (means: standard error)"},
        {"value_hi", IFS_COL_REAL, "", 3, "1-sigma error above"},
    };
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    points own = {0}, all = {0};
    ifs_litset *lit = NULL;
    ifs_table *t = NULL;
    int status = EXIT_FAIL;
    if (ifs_sample_stream(conn, kind, 10000, collect_own, &own, &err) ||
        (nsel && ifs_litset_read(conn, sel, nsel, &lit, &err))) {
        cli_fail(&err);
        goto exit;
    }
    size_t limits = 0, duplicates = 0;
    int ok = (t = ifs_table_alloc("gradient statistics", C_COUNT, cols)) != NULL;
    for (size_t i = 0; ok && i < own.n; i++)
        ok = !add_point(&all, own.grad[i], own.z[i], own.logm[i], own.logsfr[i]);
    for (size_t i = 0; ok && lit && i < lit->n; i++) {
        const ifs_litvalue *g = &lit->gradient[i];
        if (!isfinite(g->value))
            continue;
        if (lit->matched[i]) { /* the same galaxy as one of ours: counted once, as our own */
            duplicates++;
            continue;
        }
        if (g->limit != IFS_LIMIT_NONE) {
            limits++;
            continue;
        }
        ok = !add_point(&all, g->value, lit->z[i], lit->logm[i].limit ? NAN : lit->logm[i].value,
                        lit->logsfr[i].limit ? NAN : lit->logsfr[i].value);
    }
    if (limits)
        cli_progress(cli, "%zu literature gradients are limits and were left out\n", limits);
    if (duplicates)
        cli_progress(cli, "%zu literature gradients belong to catalog targets (view target_literature) and were"
                          " left out in favour of the catalog's own values\n", duplicates);
    char own_name[64];
    snprintf(own_name, sizeof own_name, "own (%s)", ifs_sample_kind_name(kind));
    ok = ok && !block(cli, t, &own, own_name) && (!nsel || !block(cli, t, &all, "own+literature"));
    ifs_stats_summary bins[MAX_BINS];
    if (ok && all.n && ifs_stats_binned(all.z, all.grad, all.n, edges, nedges - 1, bins, &err)) {
        cli_fail(&err);
        goto exit;
    }
    for (size_t b = 0; ok && all.n && b + 1 < nedges; b++) {
        char range[64];
        snprintf(range, sizeof range, "z %g-%g", edges[b], edges[b + 1]);
        ok = !row(t, "zbin_mean", range, nsel ? "own+literature" : own_name, bins[b].n, bins[b].mean,
                  bins[b].mean_err, bins[b].mean_err);
    }
    if (!ok)
        fprintf(stderr, "ifscat: out of memory\n");
    else
        status = cli_write_table(cli, t);
exit:
    PQfinish(conn);
    ifs_table_free(t);
    ifs_litset_free(lit);
    free(own.grad);
    free(all.grad);
    return status;
}
