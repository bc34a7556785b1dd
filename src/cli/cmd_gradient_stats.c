/* cmd_gradient_stats.c: `ifscat gradient-stats`: the sample's mean metallicity gradient with its
 * error and scatter, Spearman correlations of the gradient with stellar mass, SFR and specific SFR,
 * and redshift-binned mean gradients of the own sample plus literature values. */
#include "analysis.h"
#include "gradients.h"

#include "ifscat/sample.h"
#include "ifscat/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat gradient-stats [--sample main|satellites|all] [--imported]\n"
    "                             [--with-literature SOURCE[:ZMIN-ZMAX]]... [--zbins EDGES]\n"
    "                             [--seed S] [--format F] [-o FILE]\n"
    "\n"
    "Statistics of the radial metallicity gradients (dex/kpc), one row per statistic:\n"
    "  mean        the sample's mean gradient, its standard error (scatter / sqrt(n)) and the\n"
    "              scatter (sample standard deviation)\n"
    "  spearman    Spearman's rank correlation of the gradient with log M*, log SFR and log sSFR and\n"
    "              its two-sided p-value (t-distribution approximation, as scipy.stats.spearmanr)\n"
    "  fit         the straight line gradient = slope x + intercept with an intrinsic scatter\n"
    "              against the same quantities, errors on both axes (as 'ifscat relations')\n"
    "  zbin        mean gradient in redshift bins of the own sample plus the literature sources;\n"
    "              its error the larger of scatter / sqrt(n) and sqrt(sum sigma^2) / n\n"
    "Literature gradients given as limits, and those of galaxies that are catalog targets (view\n"
    "target_literature: same name or position), are left out and counted on stderr.\n"
    "\n"
    "  --sample S      main (galaxies; default), satellites or all\n"
    CLI_IMPORTED_HELP
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

/* Mean, Spearman and line-fit rows for one data set; statistics that need more points are left out
 * and said so on stderr. */
static int block(const ifs_cli *cli, ifs_table *t, const cli_gpoints *ps, const char *data, uint64_t seed)
{
    ifs_error err;
    if (ps->n == 0) {
        cli_progress(cli, "%s: no gradients\n", data);
        return 0;
    }
    double *x = malloc(2 * ps->n * sizeof *x), *y = x ? x + ps->n : NULL;
    int status = x ? 0 : -1;
    for (size_t i = 0; !status && i < ps->n; i++)
        y[i] = ps->p[i].grad;
    ifs_stats_summary s;
    if (!status) {
        ifs_stats_summarize(y, ps->n, &s, &err);
        status = row(t, "mean", NULL, data, s.n, s.mean, s.mean_err, s.mean_err) ||
                 row(t, "scatter", NULL, data, s.n, s.scatter, NAN, NAN);
    }
    for (cli_versus v = 0; !status && v < CLI_VERSUS_COUNT; v++) {
        const char *name = cli_versus_name(v);
        size_t m = 0;
        for (size_t i = 0; i < ps->n; i++) {
            double xv, xe;
            cli_gpoint_versus(&ps->p[i], v, &xv, &xe);
            if (!isfinite(xv))
                continue;
            x[m] = xv;
            y[m++] = ps->p[i].grad;
        }
        double rho, pval;
        if (ifs_stats_spearman(x, y, m, &rho, &pval, &err))
            cli_progress(cli, "%s, gradient versus %s: no Spearman correlation: %s\n", data, name, err.msg);
        else
            status = row(t, "spearman_rho", name, data, m, rho, NAN, NAN) ||
                     row(t, "spearman_p", name, data, m, pval, NAN, NAN);
        if (status)
            break;
        ifs_linfit f;
        if (cli_gpoints_fit(ps, v, seed, NULL, 0, NULL, NULL, NULL, &f, &err)) {
            cli_progress(cli, "%s, gradient versus %s: no line fit: %s\n", data, name, err.msg);
            continue;
        }
        status = row(t, "fit_slope", name, data, f.n, f.slope[1], f.slope[1] - f.slope[0], f.slope[2] - f.slope[1]) ||
                 row(t, "fit_intercept", name, data, f.n, f.intercept[1], f.intercept[1] - f.intercept[0],
                     f.intercept[2] - f.intercept[1]) ||
                 row(t, "fit_scatter", name, data, f.n, f.scatter[1], f.scatter[1] - f.scatter[0],
                     f.scatter[2] - f.scatter[1]);
    }
    free(x);
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
    static const struct option options[] = {CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS, CLI_SAMPLE_OPTIONS,
                                            CLI_SEED_OPTION, CLI_LITERATURE_OPTION, {"zbins", required_argument, NULL, OPT_ZBINS},
                                            {0}};
    cli_analysis a;
    cli_analysis_init(&a, IFS_SAMPLE_MAIN);
    size_t nedges = CLI_GRADIENT_NZBINS + 1;
    double edges[MAX_BINS + 1] = CLI_GRADIENT_ZBINS;
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
        int rc = cli_analysis_option(&a, cli, opt, optarg, argv, usage);
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
    cli_gpoints all = {0}; /* the own sample's gradients first, then the literature's */
    ifs_litset *lit = NULL;
    ifs_table *t = NULL;
    int status = EXIT_FAIL;
    size_t limits = 0, duplicates = 0;
    if (cli_gpoints_own(conn, a.sample, a.values, &all, &err)) {
        cli_fail(&err);
        goto exit;
    }
    size_t nown = all.n;
    if ((a.nsel && ifs_litset_read(conn, a.sel, a.nsel, &lit, &err)) ||
        cli_gpoints_literature(lit, &all, &limits, &duplicates, &err)) {
        cli_fail(&err);
        goto exit;
    }
    const cli_gpoints own = {all.p, nown, nown};
    int ok = (t = ifs_table_alloc("gradient statistics", C_COUNT, cols)) != NULL;
    if (limits)
        cli_progress(cli, "%zu literature gradients are limits and were left out\n", limits);
    if (duplicates)
        cli_progress(cli, "%zu literature gradients belong to catalog targets (view target_literature) and were"
                          " left out in favour of the catalog's own values\n", duplicates);
    char own_name[80], label[64];
    snprintf(own_name, sizeof own_name, "own (%s)", cli_analysis_sample_label(&a, label, sizeof label));
    ok = ok && !block(cli, t, &own, own_name, a.seed) && (!a.nsel || !block(cli, t, &all, "own+literature", a.seed));
    ifs_stats_summary bins[MAX_BINS];
    if (ok && all.n && cli_gpoints_zbins(&all, edges, nedges - 1, bins, &err)) {
        cli_fail(&err);
        goto exit;
    }
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
    cli_gpoints_free(&all);
    return status;
}
