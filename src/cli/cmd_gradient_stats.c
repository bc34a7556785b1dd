/* cmd_gradient_stats.c: `ifscat gradient-stats`: the sample's mean metallicity gradient with its
 * error and scatter, Spearman correlations of the gradient with stellar mass, SFR and specific SFR,
 * and redshift-binned mean gradients of the own sample plus literature values. */
#include "analysis.h"

#include "ifscat/linfit.h"
#include "ifscat/sample.h"
#include "ifscat/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat gradient-stats [--sample main|satellites|all] [--with-literature SOURCE[:ZMIN-ZMAX]]...\n"
    "                             [--zbins EDGES] [--seed S] [--format F] [-o FILE]\n"
    "\n"
    "Statistics of the radial metallicity gradients (dex/kpc), one row per statistic:\n"
    "  mean        the sample's mean gradient, its standard error (scatter / sqrt(n)) and the\n"
    "              scatter (sample standard deviation)\n"
    "  spearman    Spearman's rank correlation of the gradient with log M*, log SFR and log sSFR and\n"
    "              its two-sided p-value (t-distribution approximation, as scipy.stats.spearmanr)\n"
    "  fit         the straight line gradient = slope x + intercept with an intrinsic scatter\n"
    "              against the same quantities, errors on both axes (as 'ifscat relations')\n"
    "  zbin        mean gradient in redshift bins of the own sample plus the literature sources\n"
    "Literature gradients given as limits, and those of galaxies that are catalog targets (view\n"
    "target_literature: same name or position), are left out and counted on stderr.\n"
    "\n"
    "  --sample S      main (galaxies; default), satellites or all\n"
    "  --with-literature SEL\n"
    "                  add a literature source, optionally in a redshift range, e.g.\n"
    "                  lit:0-10; repeatable.  With it the mean and the correlations are also\n"
    "                  given for the own sample plus the literature\n"
    "  --zbins EDGES   redshift bin edges, comma-separated (default 0,2,4,6,8,10)\n"
    "  --seed S        seed of the line fits' sampler (default 20240)\n"
    CLI_LISTING_HELP
    "  --db CONNINFO   catalog database\n"
    "  -q, --quiet     no progress messages\n"
    "\n"
    "Example:\n"
    "  ifscat gradient-stats --with-literature mygradients:0-10 --format csv\n";

enum { OPT_ZBINS = OPT_ANALYSIS_END };
enum { MAX_BINS = 64 };

/* A gradient with the redshift, mass and SFR it goes with; errors are the mean of the lower and
 * upper 1-sigma errors, NAN when unknown. */
typedef struct {
    double grad, grad_e, z, logm, logm_e, logsfr, logsfr_e;
} gpoint;

typedef struct {
    gpoint *p;
    size_t n, cap;
} points;

static int add_point(points *ps, gpoint g)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? 2 * ps->cap : 64;
        gpoint *grown = realloc(ps->p, cap * sizeof *grown);
        if (!grown)
            return -1;
        ps->p = grown;
        ps->cap = cap;
    }
    ps->p[ps->n++] = g;
    return 0;
}

static double mean_error(double lo, double hi)
{
    return 0.5 * (lo + hi); /* NAN when either is unknown */
}

static int collect_own(const ifs_galaxy *g, size_t n, void *ctx, ifs_error *err)
{
    points *own = ctx;
    for (size_t i = 0; i < n; i++)
        if (isfinite(g[i].gradient.value) &&
            add_point(own, (gpoint){g[i].gradient.value, mean_error(g[i].gradient.lo, g[i].gradient.hi), g[i].z,
                                    g[i].logm.value, mean_error(g[i].logm.lo, g[i].logm.hi), g[i].logsfr.value,
                                    mean_error(g[i].logsfr.lo, g[i].logsfr.hi)}))
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

/* x of correlation v (log M*, log SFR, log sSFR = log SFR - log M*) and its error (mass and SFR
 * errors independent). */
static void versus(int v, const gpoint *g, double *x, double *xe)
{
    if (v == 0) {
        *x = g->logm;
        *xe = g->logm_e;
    } else if (v == 1) {
        *x = g->logsfr;
        *xe = g->logsfr_e;
    } else {
        *x = g->logsfr - g->logm;
        *xe = sqrt(g->logm_e * g->logm_e + g->logsfr_e * g->logsfr_e);
    }
}

/* Mean, Spearman and line-fit rows for one data set; statistics that need more points are left out
 * and said so on stderr. */
static int block(const ifs_cli *cli, ifs_table *t, const points *ps, const char *data, uint64_t seed)
{
    ifs_error err;
    if (ps->n == 0) {
        cli_progress(cli, "%s: no gradients\n", data);
        return 0;
    }
    double *x = malloc(2 * ps->n * sizeof *x), *y = x ? x + ps->n : NULL;
    ifs_linfit_point *lp = malloc(ps->n * sizeof *lp);
    int status = x && lp ? 0 : -1;
    for (size_t i = 0; !status && i < ps->n; i++)
        y[i] = ps->p[i].grad;
    ifs_stats_summary s;
    if (!status) {
        ifs_stats_summarize(y, ps->n, &s, &err);
        status = row(t, "mean", NULL, data, s.n, s.mean, s.mean_err, s.mean_err) ||
                 row(t, "scatter", NULL, data, s.n, s.scatter, NAN, NAN);
    }
    static const char *const names[] = {"logm", "logsfr", "logssfr"};
    ifs_mcmc_settings set;
    ifs_linfit_settings_default(&set, seed);
    for (int v = 0; !status && v < 3; v++) {
        size_t m = 0, nfit = 0;
        for (size_t i = 0; i < ps->n; i++) {
            double xv, xe;
            versus(v, &ps->p[i], &xv, &xe);
            if (!isfinite(xv))
                continue;
            x[m] = xv;
            y[m++] = ps->p[i].grad;
            if (isfinite(xe) && isfinite(ps->p[i].grad_e))
                lp[nfit++] = (ifs_linfit_point){xv, ps->p[i].grad, xe, ps->p[i].grad_e};
        }
        double rho, pval;
        if (ifs_stats_spearman(x, y, m, &rho, &pval, &err))
            cli_progress(cli, "%s, gradient versus %s: no Spearman correlation: %s\n", data, names[v], err.msg);
        else
            status = row(t, "spearman_rho", names[v], data, m, rho, NAN, NAN) ||
                     row(t, "spearman_p", names[v], data, m, pval, NAN, NAN);
        /* The relation fit's line (linfit.h): errors on both axes and an intrinsic scatter. */
        if (status)
            break;
        ifs_linfit_data *d;
        ifs_linfit f;
        int fit_status = ifs_linfit_data_alloc(lp, nfit, &d, &err);
        if (!fit_status) {
            fit_status = ifs_linfit_fit(d, &set, (uint64_t)v, NULL, 0, NULL, NULL, NULL, &f, &err);
            ifs_linfit_data_free(d);
        }
        if (fit_status) {
            cli_progress(cli, "%s, gradient versus %s: no line fit: %s\n", data, names[v], err.msg);
            continue;
        }
        status = row(t, "fit_slope", names[v], data, f.n, f.slope[1], f.slope[1] - f.slope[0], f.slope[2] - f.slope[1]) ||
                 row(t, "fit_intercept", names[v], data, f.n, f.intercept[1], f.intercept[1] - f.intercept[0],
                     f.intercept[2] - f.intercept[1]) ||
                 row(t, "fit_scatter", names[v], data, f.n, f.scatter[1], f.scatter[1] - f.scatter[0],
                     f.scatter[2] - f.scatter[1]);
    }
    free(x);
    free(lp);
    return status ? -1 : 0;
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
    static const struct option options[] = {CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS, CLI_SAMPLE_OPTION,
                                            CLI_SEED_OPTION, CLI_LITERATURE_OPTION, {"zbins", required_argument, NULL, OPT_ZBINS},
                                            {0}};
    cli_analysis a;
    cli_analysis_init(&a, IFS_SAMPLE_MAIN);
    size_t nedges = 6;
    double edges[MAX_BINS + 1] = {0, 2, 4, 6, 8, 10}; /* science.md section 7: z bins across 0-10 */
    ifs_error err;
    int opt;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        if (opt == OPT_ZBINS) {
            if (parse_edges(optarg, edges, &nedges))
                return cli_usage_error(usage, "--zbins needs at least two increasing numbers, comma-separated, not '%s'",
                                       optarg);
            continue;
        }
        int handled = cli_analysis_option(&a, opt, optarg, usage);
        if (handled < 0)
            return EXIT_USAGE;
        if (handled)
            continue;
        int rc = cli_option(cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc)
        return cli_usage_error(usage, "gradient-stats takes no arguments");

    static const ifs_column cols[C_COUNT] = {
        {"statistic", IFS_COL_TEXT, "", 0,
         "mean, scatter, spearman_rho, spearman_p, fit_slope, fit_intercept, fit_scatter, zbin_mean"},
        {"versus", IFS_COL_TEXT, "", 0, "the correlated quantity, or the redshift bin"},
        {"data", IFS_COL_TEXT, "", 0, "own sample, or own sample plus literature"},
        {"n", IFS_COL_INT, "", 0, "gradients used"},
        {"value", IFS_COL_REAL, "", 3, "the statistic (dex/kpc for means, scatters and intercepts)"},
        {"value_lo", IFS_COL_REAL, "", 3, "1-sigma error below (means: standard error; fits: 16th percentile)"},
        {"value_hi", IFS_COL_REAL, "", 3, "1-sigma error above"},
    };
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    points own = {0}, all = {0};
    ifs_litset *lit = NULL;
    ifs_table *t = NULL;
    int status = EXIT_FAIL;
    if (ifs_sample_stream(conn, a.sample, 10000, collect_own, &own, &err) ||
        (a.nsel && ifs_litset_read(conn, a.sel, a.nsel, &lit, &err))) {
        cli_fail(&err);
        goto exit;
    }
    size_t limits = 0, duplicates = 0;
    int ok = (t = ifs_table_alloc("gradient statistics", C_COUNT, cols)) != NULL;
    for (size_t i = 0; ok && i < own.n; i++)
        ok = !add_point(&all, own.p[i]);
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
        const ifs_litvalue *m = &lit->logm[i], *sfr = &lit->logsfr[i];
        ok = !add_point(&all, (gpoint){g->value, mean_error(g->lo, g->hi), lit->z[i], m->limit ? NAN : m->value,
                                       mean_error(m->lo, m->hi), sfr->limit ? NAN : sfr->value,
                                       mean_error(sfr->lo, sfr->hi)});
    }
    if (limits)
        cli_progress(cli, "%zu literature gradients are limits and were left out\n", limits);
    if (duplicates)
        cli_progress(cli, "%zu literature gradients belong to catalog targets (view target_literature) and were"
                          " left out in favour of the catalog's own values\n", duplicates);
    char own_name[64];
    snprintf(own_name, sizeof own_name, "own (%s)", ifs_sample_kind_name(a.sample));
    ok = ok && !block(cli, t, &own, own_name, a.seed) && (!a.nsel || !block(cli, t, &all, "own+literature", a.seed));
    ifs_stats_summary bins[MAX_BINS];
    double *zs = malloc((all.n ? all.n : 1) * 2 * sizeof *zs), *gs = zs ? zs + all.n : NULL;
    ok = ok && zs;
    for (size_t i = 0; ok && i < all.n; i++) {
        zs[i] = all.p[i].z;
        gs[i] = all.p[i].grad;
    }
    if (ok && all.n && ifs_stats_binned(zs, gs, all.n, edges, nedges - 1, bins, &err)) {
        free(zs);
        cli_fail(&err);
        goto exit;
    }
    free(zs);
    for (size_t b = 0; ok && all.n && b + 1 < nedges; b++) {
        char range[64];
        snprintf(range, sizeof range, "z %g-%g", edges[b], edges[b + 1]);
        ok = !row(t, "zbin_mean", range, a.nsel ? "own+literature" : own_name, bins[b].n, bins[b].mean,
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
    free(own.p);
    free(all.p);
    return status;
}
