/* cmd_calibration.c: `ifscat calibration list|show`: the strong-line metallicity calibrations
 * shipped as data, or a user's file (no database). */
#include "cli.h"

#include "ifscat/calibration.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat calibration list [--format F] [-o FILE]\n"
    "       ifscat calibration show NAME|FILE [--format F] [-o FILE]\n"
    "\n"
    "  list   the shipped calibrations (data/calibrations/NAME.json): valid range, diagnostics,\n"
    "         reference; the default is " IFS_CALIBRATION_DEFAULT "\n"
    "  show   one calibration, shipped (by NAME) or a JSON file of the same layout (docs/derived.md):\n"
    "         per diagnostic its line ratio, polynomial, intrinsic scatter and where that comes\n"
    "         from, and the turnover (first extremum inside the valid range), beyond which one\n"
    "         ratio gives two metallicities\n"
    "\n"
    "Options:\n"
    CLI_LISTING_HELP
    "\n"
    "Example:\n"
    "  ifscat calibration show sanders2024\n";

/* "0.834 - 0.072x - 0.453x^2" */
static void format_polynomial(const ifs_diagnostic *d, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int k = 0; k < d->ncoef && n < size; k++) {
        double c = d->coef[k];
        const char *sign = k == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + ");
        char power[8] = "";
        if (k == 1)
            strcpy(power, "x");
        else if (k > 1)
            snprintf(power, sizeof power, "x^%d", k);
        n += (size_t)snprintf(buf + n, size - n, "%s%g%s", sign, fabs(c), power);
    }
}

/* "OIII5008/Hbeta", "(OII3728+OIII4960+OIII5008)/Hbeta" */
static void format_terms(const char (*terms)[32], int n, char *buf, size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "%s", n > 1 ? "(" : "");
    for (int k = 0; k < n && len < size; k++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? "+" : "", terms[k]);
    if (n > 1 && len < size)
        snprintf(buf + len, size - len, ")");
}

static void format_ratio(const ifs_diagnostic *d, char *buf, size_t size)
{
    char num[IFS_CAL_MAX_TERMS * 33 + 3], den[IFS_CAL_MAX_TERMS * 33 + 3];
    format_terms(d->numerator, d->nnum, num, sizeof num);
    format_terms(d->denominator, d->nden, den, sizeof den);
    snprintf(buf, size, "%s/%s", num, den);
}

static int calibration_list(int argc, char **argv, ifs_cli *cli)
{
    static const ifs_column cols[] = {
        {"name", IFS_COL_TEXT, "", 0, "calibration name (--calibration NAME)"},
        {"x_offset", IFS_COL_REAL, "dex", 2, "x = 12+log(O/H) - x_offset in the polynomials"},
        {"oh_min", IFS_COL_REAL, "dex", 2, "valid range of 12+log(O/H): lower end"},
        {"oh_max", IFS_COL_REAL, "dex", 2, "valid range of 12+log(O/H): upper end"},
        {"diagnostics", IFS_COL_TEXT, "", 0, "line-ratio diagnostics calibrated"},
        {"reference", IFS_COL_TEXT, "", 0, "publication"},
    };
    int first, rc = cli_parse_options(argc, argv, usage, 1, cli, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 0)
        return cli_usage_error(usage, "calibration list takes no arguments");
    ifs_error err;
    char **names;
    size_t n;
    if (ifs_calibration_names(&names, &n, &err))
        return cli_fail(&err);
    ifs_table *t = ifs_table_alloc("calibrations", CLI_COUNT(cols), cols);
    rc = t ? EXIT_OK : EXIT_FAIL;
    for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
        ifs_calibration cal;
        if (ifs_calibration_load(names[i], &cal, &err)) {
            rc = cli_fail(&err);
            break;
        }
        char diags[IFS_CAL_MAX_DIAG * 17] = "";
        for (int d = 0; d < cal.ndiag; d++)
            snprintf(diags + strlen(diags), sizeof diags - strlen(diags), "%s%s", d ? " " : "", cal.diag[d].name);
        long row = ifs_table_append(t);
        if (row < 0 || ifs_table_set_text(t, (size_t)row, 0, cal.name) ||
            ifs_table_set_real(t, (size_t)row, 1, cal.x_offset) || ifs_table_set_real(t, (size_t)row, 2, cal.oh_min) ||
            ifs_table_set_real(t, (size_t)row, 3, cal.oh_max) || ifs_table_set_text(t, (size_t)row, 4, diags) ||
            ifs_table_set_text(t, (size_t)row, 5, cal.reference))
            rc = EXIT_FAIL;
    }
    if (rc == EXIT_OK)
        rc = cli_write_table(cli, t);
    ifs_table_free(t);
    ifs_calibration_names_free(names, n);
    return rc;
}

static int calibration_show(int argc, char **argv, ifs_cli *cli)
{
    static const ifs_column cols[] = {
        {"calibration", IFS_COL_TEXT, "", 0, "calibration name"},
        {"diagnostic", IFS_COL_TEXT, "", 0, "diagnostic name"},
        {"ratio", IFS_COL_TEXT, "", 0, "line ratio (line names of data/lines.json; + sums)"},
        {"polynomial", IFS_COL_TEXT, "dex", 0, "log10(ratio) as a polynomial in x"},
        {"x_offset", IFS_COL_REAL, "dex", 2, "x = 12+log(O/H) - x_offset"},
        {"oh_min", IFS_COL_REAL, "dex", 2, "valid range: lower end"},
        {"oh_max", IFS_COL_REAL, "dex", 2, "valid range: upper end"},
        {"sigma_int", IFS_COL_REAL, "dex", 3, "intrinsic scatter added to the observed error"},
        {"turnover_oh", IFS_COL_REAL, "dex", 4, "12+log(O/H) of the first extremum in the valid range"},
        {"sigma_int_source", IFS_COL_TEXT, "", 0, "where the intrinsic scatter comes from"},
    };
    int first, rc = cli_parse_options(argc, argv, usage, 1, cli, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 1)
        return cli_usage_error(usage, "calibration show needs one NAME or FILE");
    ifs_error err;
    ifs_calibration cal;
    if (ifs_calibration_load(argv[first], &cal, &err))
        return cli_fail(&err);
    ifs_table *t = ifs_table_alloc(cal.name, CLI_COUNT(cols), cols);
    rc = t ? EXIT_OK : EXIT_FAIL;
    for (int d = 0; d < cal.ndiag && rc == EXIT_OK; d++) {
        const ifs_diagnostic *g = &cal.diag[d];
        char ratio[IFS_CAL_MAX_TERMS * 2 * 33 + 8], poly[IFS_CAL_MAX_COEF * 32];
        double turn;
        if (ifs_diagnostic_turnover(g, &cal, &turn, NULL, &err)) {
            rc = cli_fail(&err);
            break;
        }
        format_ratio(g, ratio, sizeof ratio);
        format_polynomial(g, poly, sizeof poly);
        long row = ifs_table_append(t);
        size_t r = (size_t)row;
        if (row < 0 || ifs_table_set_text(t, r, 0, cal.name) || ifs_table_set_text(t, r, 1, g->name) ||
            ifs_table_set_text(t, r, 2, ratio) || ifs_table_set_text(t, r, 3, poly) ||
            ifs_table_set_real(t, r, 4, cal.x_offset) || ifs_table_set_real(t, r, 5, cal.oh_min) ||
            ifs_table_set_real(t, r, 6, cal.oh_max) || ifs_table_set_real(t, r, 7, g->sigma_int) ||
            ifs_table_set_real(t, r, 8, turn) || ifs_table_set_text(t, r, 9, g->sigma_int_source))
            rc = EXIT_FAIL;
    }
    if (rc == EXIT_OK)
        rc = cli_write_table(cli, t);
    ifs_table_free(t);
    return rc;
}

int cmd_calibration(int argc, char **argv, ifs_cli *cli)
{
    static const cli_action actions[] = {{"list", calibration_list}, {"show", calibration_show}};
    return cli_run_action(argc, argv, cli, actions, CLI_COUNT(actions), usage);
}
