/* cmd_relations.c: `ifscat relations`: main sequence, mass-metallicity and fundamental metallicity
 * relation fitted to the own sample and to the own sample plus literature, stored with their points. */
#include "analysis.h"

#include "ifscat/relfit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat relations [--sample main|satellites|all] [--imported]\n"
    "                        [--with-literature SOURCE[:ZMIN-ZMAX]]... [--alpha A] [--band]\n"
    "                        [--seed S] [--threads T] [--format F] [-o FILE]\n"
    "\n"
    "Fits the star-forming main sequence (log SFR vs log M*), the mass-metallicity relation\n"
    "(12+log(O/H) vs log M*) and the fundamental metallicity relation (12+log(O/H) vs\n"
    "mu_alpha = log M* - alpha log SFR) as straight lines y = slope x + intercept with an intrinsic\n"
    "scatter, weighting the errors of both axes: the errors-in-variables likelihood of Kelly (2007,\n"
    "one Gaussian for the true x) sampled with the ensemble MCMC (32 walkers, 1,000 steps).\n"
    "Values: posterior medians, errors: 16th/84th percentiles.  First for the own sample, then (with\n"
    "--with-literature) for the own sample plus the literature points in the given redshift range;\n"
    "literature limits and literature points that are catalog targets are left out.  Every fit is\n"
    "stored with its points (table ifscat.relation_fit, arrays input_x, input_y, ...); fit_id names it.\n"
    "A fit whose points and settings equal a stored one is not stored again: fit_id is that one.\n"
    "\n"
    "  --sample S      main (galaxies; default), satellites or all\n"
    CLI_IMPORTED_HELP
    "  --with-literature SEL\n"
    "                  SOURCE or SOURCE:ZMIN-ZMAX, e.g. corecon-mzr:6-10; repeatable\n"
    "  --alpha A       FMR: mu_alpha = log M* - A log SFR (default 0.65, for high-sSFR\n"
    "                  galaxies)\n"
    "  --band          print the 1-sigma band of each fit (x, median y, errors) instead\n"
    "  --seed S        seed of the sampler (default 20240); results do not depend on --threads\n"
    "  --threads T     fits run in parallel on T threads (default 0: one per core)\n"
    CLI_LISTING_HELP
    "  --db CONNINFO   catalog database\n"
    "  -q, --quiet     no progress messages\n"
    "\n"
    "Example:\n"
    "  ifscat relations --with-literature corecon-mzr:6-10 --format csv\n";

enum { OPT_ALPHA = OPT_ANALYSIS_END, OPT_BAND };

static const char *x_name(ifs_fit_relation r) { return r == IFS_FIT_FMR ? "mu_alpha" : "logm"; }
static const char *y_name(ifs_fit_relation r) { return r == IFS_FIT_MS ? "logsfr" : "oh"; }

static int fits_table(const ifs_cli *cli, const ifs_relfit_result *res, size_t n, const char *own, double alpha)
{
    static const ifs_column cols[] = {
        {"relation", IFS_COL_TEXT, "", 0, "ms, mzr or fmr"},
        {"x", IFS_COL_TEXT, "", 0, "abscissa: logm, or mu_alpha = log M* - alpha log SFR"},
        {"y", IFS_COL_TEXT, "", 0, "ordinate: logsfr or oh"},
        {"data", IFS_COL_TEXT, "", 0, "own sample, or own sample plus literature"},
        {"n", IFS_COL_INT, "", 0, "points fitted"},
        {"n_literature", IFS_COL_INT, "", 0, "of which literature points"},
        {"slope", IFS_COL_REAL, "", 3, "slope (posterior median)"},
        {"slope_lo", IFS_COL_REAL, "", 3, "1-sigma error below (16th percentile)"},
        {"slope_hi", IFS_COL_REAL, "", 3, "1-sigma error above (84th percentile)"},
        {"intercept", IFS_COL_REAL, "dex", 3, "y at x = 0"},
        {"intercept_lo", IFS_COL_REAL, "dex", 3, "1-sigma error below"},
        {"intercept_hi", IFS_COL_REAL, "dex", 3, "1-sigma error above"},
        {"scatter", IFS_COL_REAL, "dex", 3, "intrinsic scatter in y"},
        {"scatter_lo", IFS_COL_REAL, "dex", 3, "1-sigma error below"},
        {"scatter_hi", IFS_COL_REAL, "dex", 3, "1-sigma error above"},
        {"x_pivot", IFS_COL_REAL, "dex", 2, "mean x: where slope and value are uncorrelated"},
        {"alpha", IFS_COL_REAL, "", 2, "FMR: mu_alpha = log M* - alpha log SFR"},
        {"fit_id", IFS_COL_INT, "", 0, "row in ifscat.relation_fit (empty when not fitted)"},
    };
    ifs_table *t = ifs_table_alloc("relation fits", CLI_COUNT(cols), cols);
    int ok = t != NULL;
    for (size_t k = 0; ok && k < n; k++) {
        const ifs_relfit_result *r = &res[k];
        long row = ifs_table_append(t);
        ok = row >= 0 && !ifs_table_set_text(t, (size_t)row, 0, ifs_fit_relation_name(r->relation)) &&
             !ifs_table_set_text(t, (size_t)row, 1, x_name(r->relation)) &&
             !ifs_table_set_text(t, (size_t)row, 2, y_name(r->relation)) &&
             !ifs_table_set_text(t, (size_t)row, 3, r->with_literature ? "own+literature" : own);
        if (!ok)
            break;
        size_t R = (size_t)row;
        ifs_table_set_int(t, R, 4, (long long)(r->n_own + r->n_literature));
        ifs_table_set_int(t, R, 5, (long long)r->n_literature);
        if (r->relation == IFS_FIT_FMR)
            ifs_table_set_real(t, R, 16, alpha);
        if (!r->fitted)
            continue;
        const double *v[] = {r->fit.slope, r->fit.intercept, r->fit.scatter};
        for (int q = 0; q < 3; q++) {
            ifs_table_set_real(t, R, 6 + 3 * (size_t)q, v[q][1]);
            ifs_table_set_real(t, R, 7 + 3 * (size_t)q, v[q][1] - v[q][0]);
            ifs_table_set_real(t, R, 8 + 3 * (size_t)q, v[q][2] - v[q][1]);
        }
        ifs_table_set_real(t, R, 15, r->fit.x0);
        if (r->fit_id)
            ifs_table_set_int(t, R, 17, r->fit_id);
    }
    int status = ok ? cli_write_table(cli, t) : (fprintf(stderr, "ifscat: out of memory\n"), EXIT_FAIL);
    ifs_table_free(t);
    return status;
}

static int band_table(const ifs_cli *cli, const ifs_relfit_result *res, size_t n, const char *own)
{
    static const ifs_column cols[] = {
        {"relation", IFS_COL_TEXT, "", 0, "ms, mzr or fmr"},
        {"data", IFS_COL_TEXT, "", 0, "own sample, or own sample plus literature"},
        {"x", IFS_COL_REAL, "dex", 3, "abscissa (logm or mu_alpha)"},
        {"y", IFS_COL_REAL, "dex", 3, "median of the fitted line at x"},
        {"y_lo", IFS_COL_REAL, "dex", 3, "median - 16th percentile of the line at x"},
        {"y_hi", IFS_COL_REAL, "dex", 3, "84th percentile - median of the line at x"},
        {"fit_id", IFS_COL_INT, "", 0, "row in ifscat.relation_fit"},
    };
    ifs_table *t = ifs_table_alloc("relation fit bands (1 sigma)", CLI_COUNT(cols), cols);
    int ok = t != NULL;
    for (size_t k = 0; ok && k < n; k++) {
        const ifs_relfit_result *r = &res[k];
        for (int i = 0; ok && r->fitted && i < IFS_RELFIT_BAND_POINTS; i++) {
            long row = ifs_table_append(t);
            ok = row >= 0 && !ifs_table_set_text(t, (size_t)row, 0, ifs_fit_relation_name(r->relation)) &&
                 !ifs_table_set_text(t, (size_t)row, 1, r->with_literature ? "own+literature" : own);
            if (!ok)
                break;
            ifs_table_set_real(t, (size_t)row, 2, r->band_x[i]);
            ifs_table_set_real(t, (size_t)row, 3, r->band_mid[i]);
            ifs_table_set_real(t, (size_t)row, 4, r->band_mid[i] - r->band_lo[i]);
            ifs_table_set_real(t, (size_t)row, 5, r->band_hi[i] - r->band_mid[i]);
            if (r->fit_id)
                ifs_table_set_int(t, (size_t)row, 6, r->fit_id);
        }
    }
    int status = ok ? cli_write_table(cli, t) : (fprintf(stderr, "ifscat: out of memory\n"), EXIT_FAIL);
    ifs_table_free(t);
    return status;
}

int cmd_relations(int argc, char **argv, ifs_cli *cli)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS, CLI_SAMPLE_OPTIONS,
                                            CLI_SEED_OPTION, CLI_THREADS_OPTION, CLI_LITERATURE_OPTION,
                                            {"alpha", required_argument, NULL, OPT_ALPHA},
                                            {"band", no_argument, NULL, OPT_BAND},
                                            {0}};
    cli_analysis a;
    cli_analysis_init(&a, IFS_SAMPLE_MAIN);
    double alpha = IFS_FMR_ALPHA_DEFAULT;
    int band = 0, opt;
    char *end;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        if (opt == OPT_BAND) {
            band = 1;
            continue;
        }
        if (opt == OPT_ALPHA) {
            alpha = strtod(optarg, &end);
            if (*end || !(alpha >= 0 && alpha <= 2))
                return cli_usage_error(usage, "--alpha needs a number from 0 to 2, not '%s'", optarg);
            continue;
        }
        int rc = cli_analysis_option(&a, cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc)
        return cli_usage_error(usage, "relations takes no arguments");
    PGconn *conn = cli_connect(cli, 0);
    if (!conn)
        return EXIT_FAIL;
    ifs_relfit_options o = {.sample = a.sample, .values = a.values, .sel = a.sel, .nsel = a.nsel, .alpha = alpha, .seed = a.seed,
                            .threads = a.threads, .store = 1};
    ifs_relfit_result *res;
    size_t n;
    ifs_error err;
    int status = ifs_relfit_run(conn, &o, &res, &n, &err);
    PQfinish(conn);
    if (status)
        return cli_fail(&err);
    size_t before = 0, stored = 0;
    for (size_t k = 0; k < n; k++) {
        stored += res[k].fit_id != 0;
        before += res[k].stored_before;
    }
    if (before)
        cli_progress(cli, "%zu of %zu fits were stored before with the same points and settings: not stored again"
                          " (fit_id names the stored one)\n", before, stored);
    char own[80], label[64];
    snprintf(own, sizeof own, "own (%s)", cli_analysis_sample_label(&a, label, sizeof label));
    for (size_t k = 0; k < n; k++) {
        const ifs_relfit_result *r = &res[k];
        const char *data = r->with_literature ? "own+literature" : own;
        if (!r->fitted)
            cli_progress(cli, "%s, %s: not fitted: %zu points with values and errors, 3 needed\n",
                         ifs_fit_relation_name(r->relation), data, r->n_own + r->n_literature);
        if (r->skipped_no_error || r->skipped_limits || r->skipped_duplicates)
            cli_progress(cli, "%s, %s: left out %zu without errors, %zu limits, %zu literature duplicates of targets\n",
                         ifs_fit_relation_name(r->relation), data, r->skipped_no_error, r->skipped_limits,
                         r->skipped_duplicates);
    }
    status = band ? band_table(cli, res, n, own) : fits_table(cli, res, n, own, o.alpha);
    free(res);
    return status;
}
