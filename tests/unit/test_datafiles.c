/* test_datafiles.c: the shipped line list, calibrations and resolution curves load, carry the
 * values of science.md, and bad files are refused with the file and key named. */
#include "check.h"

#include "ifscat/calibration.h"
#include "ifscat/lines.h"
#include "ifscat/resolution.h"

#include <string.h>

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

/* A spectrum combined from G140M, G235M and G395M (as CEERS' comb-mgrat products): segments
 * sampled at the gratings' dispersions (6.38, 10.70, 17.99 Angstrom per pixel in the tables'
 * DLDS) take each grating's R (the STScI tables: G140M 1000 at 1.4 um, G235M 893 at 2.1 um, G395M
 * 987 at 3.9 um); a spectrum inside the G395M table keeps that curve. */
static void test_combined_gratings(void)
{
    ifs_error err;
    static double wave[4000]; /* 1019 + 1122 + 1307 channels */
    size_t n = 0, red;
    for (double w = 1.0; w < 1.65; w += 6.38e-4)
        wave[n++] = w;
    for (double w = 1.65; w < 2.85; w += 10.70e-4)
        wave[n++] = w;
    red = n;
    for (double w = 2.85; w < 5.2; w += 17.99e-4)
        wave[n++] = w;
    ifs_resolution *res;
    CHECK(ifs_resolution_for_grid("G395M", wave, n, &res, &err) == 0, "%s", err.msg);
    if (!res)
        return;
    CHECK(strcmp(res->disperser, "G140M+G235M+G395M") == 0, "combined curve named %s", res->disperser);
    CHECK_CLOSE(ifs_resolution_r(res, 1.4), 1000, 1, "G140M part");
    CHECK_CLOSE(ifs_resolution_r(res, 2.1), 893, 1, "G235M part");
    CHECK_CLOSE(ifs_resolution_r(res, 3.9), 987, 1, "G395M part");
    ifs_resolution_free(res);
    CHECK(ifs_resolution_for_grid("G395M", wave + red, n - red, &res, &err) == 0 && res &&
              strcmp(res->disperser, "G395M") == 0 && res->n == 1001, "inside its table: the grating's own curve");
    ifs_resolution_free(res);
    CHECK(ifs_resolution_for_grid("PRISM", wave, n, &res, &err) == 0 && res && strcmp(res->disperser, "PRISM") == 0,
          "PRISM is never combined");
    ifs_resolution_free(res);
}

int main(void)
{
    ifs_error err;

    /* Line list: science.md section 3. */
    ifs_linelist *lines;
    CHECK(ifs_linelist_load(NULL, &lines, &err) == 0, "%s", err.msg);
    if (lines) {
        CHECK(lines->nlines == 12 && lines->ngroups == 5, "12 lines in 5 groups, got %zu in %zu", lines->nlines,
              lines->ngroups);
        int o3 = ifs_linelist_find(lines, "OIII5008"), o3b = ifs_linelist_find(lines, "OIII4960");
        int ne3 = ifs_linelist_find(lines, "NeIII3869"), ne3b = ifs_linelist_find(lines, "NeIII3968");
        CHECK(o3 >= 0 && o3b >= 0 && ne3 >= 0 && ne3b >= 0, "lines found by name");
        CHECK_CLOSE(lines->lines[o3].rest_aa, 5008.24, 1e-9, "[OIII]5008 rest wavelength");
        CHECK(lines->lines[o3b].tied_to == o3, "[OIII]4960 tied to 5008");
        CHECK_CLOSE(1.0 / lines->lines[o3b].flux_ratio, 2.99, 1e-9, "[OIII]5008/4960 = 2.99");
        CHECK(lines->lines[ne3b].tied_to == ne3, "[NeIII]3968 tied to 3869");
        CHECK_CLOSE(lines->lines[ne3b].flux_ratio, 0.301, 1e-12, "[NeIII]3968/3869 = 0.301");
        CHECK_CLOSE(lines->lines[ifs_linelist_find(lines, "Hdelta")].case_b, 0.26, 0.0015, "Case B Hdelta/Hbeta");
        CHECK(strlen(lines->sha256) == 64, "line list hash");
        /* Continuum scheme of science.md section 3: one fit for groups 1-4, one for group 5, second order. */
        CHECK(lines->continuum_order == 2 && lines->ncontinua == 2, "two second-order continuum fits");
        int g5 = ifs_linelist_group_index(lines, lines->lines[o3].group);
        int g3 = ifs_linelist_group_index(lines, lines->lines[ne3].group);
        CHECK(g5 >= 0 && g3 >= 0 && lines->groups[g5].continuum != lines->groups[g3].continuum,
              "group 5 has its own continuum fit");
        const ifs_continuum_spec *c5 = &lines->continua[lines->groups[g5].continuum];
        CHECK(c5->window_aa[0][1] < 4862.68 && c5->window_aa[c5->nwindows - 1][0] > 5008.24,
              "group 5 windows before H-beta and after [OIII]5008");
        CHECK_CLOSE(lines->continuum_map_aa[0], 4393, 0, "continuum map from 4393 A (science.md section 6)");
        CHECK_CLOSE(lines->continuum_map_aa[1], 4810, 0, "continuum map to 4810 A");
        CHECK(lines->lines[o3].extent && !lines->lines[ne3].extent, "[OIII] traces the extent, [NeIII] does not");
        ifs_linelist_free(lines);
    }
    char bad[] = "/tmp/ifscat-test-lines-XXXXXX";
    int fd = mkstemp(bad);
    close(fd);
    write_file(bad, "{\"name\":\"x\",\"groups\":[{\"id\":1,\"name\":\"a\"}],"
                    "\"lines\":[{\"name\":\"A\",\"rest_aa\":5000,\"group\":1},"
                    "{\"name\":\"B\",\"rest_aa\":5100,\"group\":2}]}");
    CHECK(ifs_linelist_load(bad, &lines, &err) == IFS_ERR_INPUT && strstr(err.msg, "lines[1]") &&
              strstr(err.msg, "group"), "unknown group refused with index named: %s", err.msg);
    write_file(bad, "{\"name\":\"x\",\"groups\":[{\"id\":1,\"name\":\"a\"}],"
                    "\"lines\":[{\"name\":\"A\",\"rest_aa\":5000,\"group\":1,\"tied_to\":\"Z\",\"flux_ratio\":1}]}");
    CHECK(ifs_linelist_load(bad, &lines, &err) == IFS_ERR_INPUT && strstr(err.msg, "tied_to"),
          "tie to an unknown line refused: %s", err.msg);
    /* A user's list adding H-alpha in its own group with its own continuum fit loads. */
    const char *user = "{\"name\":\"u\",\"groups\":[{\"id\":1,\"name\":\"Hb\"},{\"id\":6,\"name\":\"Ha\"}],"
                       "\"lines\":[{\"name\":\"Hbeta\",\"rest_aa\":4862.68,\"group\":1},"
                       "{\"name\":\"Halpha\",\"rest_aa\":6564.61,\"group\":6}],"
                       "\"continuum\":{\"order\":2,\"fits\":[{\"name\":\"b\",\"groups\":[1],\"windows_aa\":[[4700,4800],[4900,5000]]},"
                       "{\"name\":\"a\",\"groups\":[6],\"windows_aa\":[[6300,6450],[6700,6800]]}]},"
                       "\"continuum_map_aa\":[4393,4810],\"extent_lines\":[\"Halpha\"]}";
    write_file(bad, user);
    CHECK(ifs_linelist_load(bad, &lines, &err) == 0 && lines->ngroups == 2 && lines->groups[1].continuum == 1,
          "user list with H-alpha loads: %s", err.msg);
    ifs_linelist_free(lines);
    /* Each defect named: a group no continuum fit serves; overlapping windows; an unknown extent line. */
    char text[2048];
    const char *defects[][3] = {
        {"\"groups\":[1]", "\"groups\":[]", "no fit serves group 1"},
        {"[6300,6450],[6700,6800]", "[6300,6750],[6700,6800]", "windows_aa[1]"},
        {"\"extent_lines\":[\"Halpha\"]", "\"extent_lines\":[\"Hzeta\"]", "extent_lines[0]"},
    };
    for (size_t i = 0; i < sizeof defects / sizeof *defects; i++) {
        const char *at = strstr(user, defects[i][0]);
        snprintf(text, sizeof text, "%.*s%s%s", (int)(at - user), user, defects[i][1], at + strlen(defects[i][0]));
        write_file(bad, text);
        int st = ifs_linelist_load(bad, &lines, &err);
        CHECK(st == IFS_ERR_INPUT && strstr(err.msg, defects[i][2]), "refused naming '%s': %s",
              defects[i][2], err.msg);
    }

    /* Calibrations: science.md section 4. */
    ifs_calibration cal;
    CHECK(ifs_calibration_load(IFS_CALIBRATION_DEFAULT, &cal, &err) == 0, "%s", err.msg);
    const ifs_diagnostic *r3 = ifs_calibration_find(&cal, "R3");
    CHECK(r3 != NULL, "Sanders R3 present");
    if (r3) {
        /* R3(x = -0.5) = 0.834 + 0.036 - 0.453 * 0.25 by hand. */
        CHECK_CLOSE(ifs_diagnostic_eval(r3, cal.x_offset, 7.5), 0.834 + 0.036 - 0.11325, 1e-12, "Sanders R3 at 7.5");
        CHECK_CLOSE(r3->sigma_int, 0.10, 0, "assumed intrinsic scatter");
        CHECK(strstr(r3->sigma_int_source, "assumption") != NULL, "scatter labelled an assumption");
    }
    /* The R3 turnover by hand: dR3/dx = -0.072 - 0.906 x = 0 at x = -0.0794702, 12+log(O/H) =
     * 7.9205298, a maximum; Ne3O2 is linear, without one. */
    double turn;
    int is_max = 0;
    CHECK(r3 && ifs_diagnostic_turnover(r3, &cal, &turn, &is_max, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(turn, 7.9205298, 1e-6, "Sanders R3 turnover");
    CHECK(is_max, "the R3 turnover is a maximum");
    CHECK(ifs_diagnostic_turnover(ifs_calibration_find(&cal, "Ne3O2"), &cal, &turn, NULL, &err) == 0 && isnan(turn),
          "Ne3O2 is monotonic");
    CHECK_CLOSE(cal.oh_min, 7.4, 0, "Sanders valid range min");
    CHECK_CLOSE(cal.oh_max, 8.3, 0, "Sanders valid range max");
    const ifs_diagnostic *ne3o2 = ifs_calibration_find(&cal, "Ne3O2");
    CHECK(ne3o2 && strcmp(ne3o2->numerator[0], "NeIII3869") == 0 && strcmp(ne3o2->denominator[0], "OII3728") == 0,
          "Ne3O2 = [NeIII]3869/[OII]3728");
    CHECK(ifs_calibration_load("curti2020", &cal, &err) == 0, "%s", err.msg);
    const ifs_diagnostic *c3 = ifs_calibration_find(&cal, "R3");
    /* Curti R3 at 12+log(O/H) = 8.69 (x = 0) is the constant term. */
    CHECK(c3 && fabs(ifs_diagnostic_eval(c3, cal.x_offset, 8.69) + 0.277) < 1e-12, "Curti R3 at x = 0");
    /* Its turnover by hand: dR3/dx = -3.549 - 7.186 x - 2.943 x^2 = 0 at x = (-7.186 +
     * sqrt(7.186^2 - 4 * 2.943 * 3.549)) / (2 * 2.943) = -0.6873893 (a maximum: -7.186 - 5.886 x < 0;
     * the other root, x = -1.754, lies below the valid range), 12+log(O/H) = 8.0026107. */
    CHECK(c3 && ifs_diagnostic_turnover(c3, &cal, &turn, &is_max, &err) == 0 && is_max, "%s", err.msg);
    CHECK_CLOSE(turn, 8.0026107, 1e-6, "Curti R3 turnover");
    CHECK(ifs_calibration_load("nonesuch", &cal, &err) == IFS_ERR_INPUT && strstr(err.msg, "nonesuch"),
          "unknown calibration named: %s", err.msg);
    write_file(bad, "{\"name\":\"u\",\"reference\":\"r\",\"x_offset\":8,\"valid_range\":[7,9],"
                    "\"diagnostics\":{\"R3\":{\"numerator\":[\"OIII5008\"],\"denominator\":[\"Hbeta\"],"
                    "\"coefficients\":[0.8,-0.1],\"sigma_int\":0.1}}}");
    CHECK(ifs_calibration_load(bad, &cal, &err) == IFS_ERR_INPUT && strstr(err.msg, "sigma_int_source"),
          "scatter without provenance refused: %s", err.msg);
    char **names;
    size_t n;
    CHECK(ifs_calibration_names(&names, &n, &err) == 0 && n >= 2, "calibrations listed");
    ifs_calibration_names_free(names, n);
    unlink(bad);

    /* Resolution: the PRISM values quoted in data/resolution/SOURCE.md. */
    ifs_resolution *res;
    CHECK(ifs_resolution_load("prism", &res, &err) == 0, "%s", err.msg);
    if (res) {
        CHECK(strcmp(res->disperser, "PRISM") == 0, "disperser name %s", res->disperser);
        CHECK_CLOSE(ifs_resolution_r(res, 0.6), 64.0, 0.5, "PRISM R at 0.6 um");
        CHECK_CLOSE(ifs_resolution_r(res, 3.0), 101.2, 0.5, "PRISM R at 3.0 um");
        CHECK_CLOSE(ifs_resolution_r(res, 5.3), 323.2, 0.5, "PRISM R at 5.3 um");
        CHECK_CLOSE(ifs_resolution_sigma_um(res, 3.0), 3.0 / ifs_resolution_r(res, 3.0) / 2.35482, 1e-6,
                    "sigma = lambda / R / 2.3548");
        ifs_resolution_free(res);
    }
    CHECK(ifs_resolution_load("G395M", &res, &err) == 0 && res && ifs_resolution_r(res, 4.0) > 600,
          "G395M loads with R > 600");
    ifs_resolution_free(res);
    CHECK(ifs_resolution_load("G999X", &res, &err) == IFS_ERR_INPUT, "unknown disperser refused");
    test_combined_gratings();
    return check_report("test_datafiles");
}
