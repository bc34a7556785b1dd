/* test_relation.c: the shipped relation library against the published FMR check case and the
 * study's published offsets, against closed forms of each relation, and the refusal of bad files. */
#include "check.h"

#include "ifscat/relation.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static double eval2(const ifs_relation *rel, double logm, double logsfr, double z, double age)
{
    double v[IFS_VAR_COUNT] = {logm, logsfr, z, age};
    return ifs_relation_eval(rel, v);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static int parse_fails(const char *json, const char *needle)
{
    ifs_relation *rel;
    ifs_error err;
    int status = ifs_relation_parse(json, "bad.json", &rel, &err);
    if (status == 0 || rel != NULL || !strstr(err.msg, needle)) {
        fprintf(stderr, "  for %s: status %d, message '%s', wanted '%s'\n", json, status, status ? err.msg : "",
                needle);
        ifs_relation_free(rel);
        return 0;
    }
    return 1;
}

int main(void)
{
    ifs_error err;
    unsetenv("IFSCAT_RELATIONS");
    ifs_relation_library *lib;
    if (ifs_relation_library_open(&lib, &err)) {
        CHECK(0, "loading the shipped library: %s", err.msg);
        return check_report("test_relation");
    }
    const char *names[] = {"chemerynska2024_mzr", "curti2020_fmr", "curti2020_mzr", "curti2024_mzr",
                           "mannucci2010_fmr", "renzini_peng2015_ms", "speagle2014_ms"};
    CHECK(ifs_relation_library_count(lib) == 7, "7 shipped relations, got %zu", ifs_relation_library_count(lib));
    for (size_t i = 0; i < 7 && i < ifs_relation_library_count(lib); i++)
        CHECK(strcmp(ifs_relation_name(ifs_relation_library_at(lib, i)), names[i]) == 0, "sorted by name: %s",
              ifs_relation_name(ifs_relation_library_at(lib, i)));

    /* Curti et al. 2020 FMR: the published check case (science.md section 7), quoted to 0.01. */
    const ifs_relation *fmr = ifs_relation_library_find(lib, "curti2020_fmr", &err);
    CHECK(fmr && ifs_relation_kind_of(fmr) == IFS_RELATION_FMR, "curti2020_fmr found");
    if (!fmr)
        return check_report("test_relation");
    CHECK_CLOSE(7.43 - eval2(fmr, 9.17, 0.90, NAN, NAN), -0.90, 0.005, "FMR offset of the check case");
    /* The study's published offsets (seed_sample.csv, Table 2) that its published inputs reproduce:
     * all but JADES_10058975 (-0.49 published, -0.43 from the table's inputs) and Abell_Z7885 (-0.40
     * published, -0.48); quoted to 0.01, the issue asks for agreement to 0.01. */
    const struct { const char *name; double logm, logsfr, oh, dfmr; } pub[] = {
        {"SMACS0723_4590", 9.17, 0.90, 7.43, -0.90},     {"SMACS0723_4590-S1", 6.77, -0.52, 7.16, -0.67},
        {"SMACS0723_4590-S2", 7.29, -0.66, 7.16, -0.86}, {"JADES_8013", 7.81, 0.62, 7.75, -0.21},
        {"RX2129_11022", 8.39, 0.57, 7.22, -0.93},        {"RX2129_11027", 8.08, 0.11, 7.73, -0.40},
        {"RX2129_11027-S1", 6.83, -0.85, 7.29, -0.62},    {"SXDF_NB1006-2", 9.47, 2.52, 7.78, -0.37}};
    for (size_t i = 0; i < sizeof pub / sizeof pub[0]; i++) {
        char what[80];
        snprintf(what, sizeof what, "published FMR offset of %s", pub[i].name);
        CHECK_CLOSE(pub[i].oh - eval2(fmr, pub[i].logm, pub[i].logsfr, NAN, NAN), pub[i].dfmr, 0.01, what);
    }
    /* Closed forms: at M = M0(SFR) the bracket is 2; far above M0 the relation saturates at Z0; far
     * below, Z -> Z0 + gamma (log M - log M0) (the low-mass slope); no overflow at absurd masses. */
    CHECK_CLOSE(eval2(fmr, 10.11 + 0.56 * 0.5, 0.5, NAN, NAN), 8.779 - 0.31 / 2.1 * log10(2.0), 1e-12, "Z at M = M0");
    CHECK_CLOSE(eval2(fmr, 25.0, 0.0, NAN, NAN), 8.779, 1e-12, "saturation at Z0");
    CHECK_CLOSE(eval2(fmr, 10.11 - 5.0, 0.0, NAN, NAN), 8.779 - 0.31 * 5.0, 1e-9, "low-mass asymptote");
    CHECK(isfinite(eval2(fmr, -400.0, 0.0, NAN, NAN)), "no overflow far below M0");
    CHECK(isnan(eval2(fmr, 9.0, NAN, NAN, NAN)), "missing SFR gives NaN");
    CHECK(ifs_relation_uses(fmr, IFS_VAR_LOGM) && ifs_relation_uses(fmr, IFS_VAR_LOGSFR) &&
              !ifs_relation_uses(fmr, IFS_VAR_Z) && !ifs_relation_uses(fmr, IFS_VAR_AGE_GYR),
          "the FMR reads mass and SFR");

    const ifs_relation *mzr = ifs_relation_library_find(lib, "curti2020_mzr", &err);
    CHECK_CLOSE(eval2(mzr, 10.02, NAN, NAN, NAN), 8.793 - 0.28 / 1.2 * log10(2.0), 1e-12, "Curti MZR at M0");
    CHECK(!ifs_relation_uses(mzr, IFS_VAR_LOGSFR), "the MZR ignores SFR");

    /* Mannucci et al. 2010 eq. 2 at m = 0.5, s = 0.3, by hand:
     * 8.90 + 0.185 - 0.042 - 0.0475 + 0.018 - 0.00486 = 9.00864; and 8.90 at m = s = 0. */
    const ifs_relation *man = ifs_relation_library_find(lib, "mannucci2010_fmr", &err);
    CHECK_CLOSE(eval2(man, 10.5, 0.3, NAN, NAN), 9.00864, 1e-12, "Mannucci eq. 2");
    CHECK_CLOSE(eval2(man, 10.0, 0.0, NAN, NAN), 8.90, 1e-12, "Mannucci eq. 2 at its pivot");

    const ifs_relation *rp = ifs_relation_library_find(lib, "renzini_peng2015_ms", &err);
    CHECK_CLOSE(eval2(rp, 10.0, NAN, NAN, NAN), 0.76 * 10 - 7.64, 1e-12, "Renzini & Peng");
    CHECK(ifs_relation_kind_of(rp) == IFS_RELATION_MS && strcmp(ifs_relation_kind_predicts(IFS_RELATION_MS), "logsfr") == 0,
          "a main sequence predicts log SFR");
    /* Speagle et al. 2014 at log M* = 10, t = 1 Gyr: 0.814 * 10 - 6.40 = 1.74. */
    const ifs_relation *sp = ifs_relation_library_find(lib, "speagle2014_ms", &err);
    CHECK_CLOSE(eval2(sp, 10.0, NAN, 5.7, 1.0), 1.74, 1e-12, "Speagle at t = 1 Gyr");
    CHECK(ifs_relation_uses(sp, IFS_VAR_AGE_GYR), "Speagle reads the age of the universe");
    CHECK(isnan(eval2(sp, 10.0, NAN, 5.7, NAN)), "Speagle without an age gives NaN");
    const ifs_relation *c24 = ifs_relation_library_find(lib, "curti2024_mzr", &err);
    CHECK_CLOSE(eval2(c24, 9.0, NAN, NAN, NAN), 7.89, 1e-12, "Curti 2024 at log M* = 9");
    const ifs_relation *ch = ifs_relation_library_find(lib, "chemerynska2024_mzr", &err);
    CHECK_CLOSE(eval2(ch, 8.0, NAN, NAN, NAN), -0.076 * 64 + 1.61 * 8 - 0.26, 1e-12, "Chemerynska at log M* = 8");

    /* Validity ranges: Curti 2024 holds at z = 8.5, log M* = 8 but not at z = 2 or log M* = 10. */
    double in[IFS_VAR_COUNT] = {8.0, NAN, 8.5, 0.6};
    CHECK(ifs_relation_in_range(c24, in), "inside Curti 2024's range");
    in[IFS_VAR_Z] = 2.0;
    CHECK(!ifs_relation_in_range(c24, in), "z = 2 is outside Curti 2024's range");
    in[IFS_VAR_Z] = 8.5;
    in[IFS_VAR_LOGM] = 10.0;
    CHECK(!ifs_relation_in_range(c24, in), "log M* = 10 is outside Curti 2024's range");
    double lo, hi;
    CHECK(ifs_relation_range(c24, IFS_VAR_Z, &lo, &hi) && lo == 3.0 && hi == 10.0, "Curti 2024 z range");
    CHECK(!ifs_relation_range(fmr, IFS_VAR_Z, &lo, &hi), "no redshift range on the local FMR");

    CHECK(ifs_relation_library_find(lib, "nope", &err) == NULL && strstr(err.msg, "unknown relation 'nope'") &&
              strstr(err.msg, "curti2020_fmr"),
          "unknown relation named with the known ones: %s", err.msg);

    /* Bad relation files, each refused with a message naming the problem. */
    CHECK(parse_fails("{", "not valid JSON"), "invalid JSON");
    CHECK(parse_fails("[]", "one JSON object"), "not an object");
    CHECK(parse_fails("{\"name\":\"x\",\"kind\":\"ms\",\"reference\":\"r\",\"equation\":\"e\",\"form\":\"polynomial\","
                      "\"variables\":{\"M\":{\"var\":\"logm\"}},\"terms\":[{\"c\":1}],\"colour\":1}",
                      "unknown key 'colour'"),
          "unknown key");
    CHECK(parse_fails("{\"name\":\"x\",\"kind\":\"zmr\",\"reference\":\"r\",\"equation\":\"e\",\"form\":\"polynomial\"}",
                      "'kind' must be"),
          "bad kind");
    CHECK(parse_fails("{\"name\":\"x\",\"kind\":\"ms\",\"reference\":\"r\",\"form\":\"polynomial\"}", "'equation'"),
          "missing equation");
    CHECK(parse_fails("{\"name\":\"x\",\"kind\":\"ms\",\"reference\":\"r\",\"equation\":\"e\",\"form\":\"polynomial\","
                      "\"variables\":{\"M\":{\"var\":\"logm\"}},\"terms\":[{\"c\":1,\"q\":1}]}",
                      "'q', which is not in 'variables'"),
          "undeclared variable");
    CHECK(parse_fails("{\"name\":\"x\",\"kind\":\"ms\",\"reference\":\"r\",\"equation\":\"e\",\"form\":\"polynomial\","
                      "\"variables\":{\"M\":{\"var\":\"mass\"}},\"terms\":[{\"c\":1}]}",
                      "'var' must be one of"),
          "unknown input variable");
    CHECK(parse_fails("{\"name\":\"x\",\"kind\":\"ms\",\"reference\":\"r\",\"equation\":\"e\",\"form\":\"polynomial\","
                      "\"variables\":{\"M\":{\"var\":\"logm\"}},\"terms\":[{\"c\":1,\"M\":0.5}]}",
                      "must be an integer"),
          "fractional power");
    CHECK(parse_fails("{\"name\":\"x\",\"kind\":\"fmr\",\"reference\":\"r\",\"equation\":\"e\",\"form\":\"curti2020\","
                      "\"parameters\":{\"Z0\":8,\"m0\":10,\"m1\":0.5,\"gamma\":0.3}}",
                      "'beta'"),
          "missing parameter");
    CHECK(parse_fails("{\"name\":\"a b\",\"kind\":\"ms\",\"reference\":\"r\",\"equation\":\"e\",\"form\":\"polynomial\"}",
                      "may only hold"),
          "bad name");
    CHECK(parse_fails("{\"name\":\"x\",\"kind\":\"ms\",\"reference\":\"r\",\"equation\":\"e\",\"form\":\"polynomial\","
                      "\"variables\":{\"M\":{\"var\":\"logm\"}},\"terms\":[{\"c\":1}],\"validity\":{\"logm\":[9,8]}}",
                      "min < max"),
          "inverted validity range");

    /* A user's directory through IFSCAT_RELATIONS adds relations; a duplicate name is refused. */
    char dir[] = "/tmp/ifscat-relations-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "temporary directory");
    char path[256];
    snprintf(path, sizeof path, "%s/mine.json", dir);
    write_file(path, "{\"name\":\"my_ms\",\"kind\":\"ms\",\"reference\":\"me\",\"equation\":\"log SFR = log M - 9\","
                     "\"form\":\"polynomial\",\"variables\":{\"M\":{\"var\":\"logm\"}},"
                     "\"terms\":[{\"c\":-9},{\"c\":1,\"M\":1}]}");
    setenv("IFSCAT_RELATIONS", dir, 1);
    ifs_relation_library *user;
    CHECK(ifs_relation_library_open(&user, &err) == 0, "%s", err.msg);
    if (user) {
        CHECK(ifs_relation_library_count(user) == 8, "user relation added");
        const ifs_relation *mine = ifs_relation_library_find(user, "my_ms", &err);
        CHECK(mine && eval2(mine, 9.5, NAN, NAN, NAN) == 0.5, "user relation evaluates");
        ifs_relation_library_free(user);
    }
    write_file(path, "{\"name\":\"curti2020_fmr\",\"kind\":\"ms\",\"reference\":\"me\",\"equation\":\"e\","
                     "\"form\":\"polynomial\",\"variables\":{\"M\":{\"var\":\"logm\"}},\"terms\":[{\"c\":1}]}");
    CHECK(ifs_relation_library_open(&user, &err) == IFS_ERR_INPUT && user == NULL &&
              strstr(err.msg, "defined twice") && strstr(err.msg, "mine.json"),
          "duplicate name refused: %s", err.msg);
    unlink(path);
    rmdir(dir);
    unsetenv("IFSCAT_RELATIONS");

    ifs_relation_library_free(lib);
    return check_report("test_relation");
}
