/* test_offset.c: Monte-Carlo offsets against closed forms: a linear relation with Gaussian errors
 * (offset width sqrt(s_o^2 + b^2 s_m^2)), a split-normal metallicity error carried through
 * unchanged, the FMR check case, missing values and errors, and independence from thread count. */
#include "check.h"

#include "ifscat/offset.h"

#include <string.h>

static ifs_relation *parse(const char *json)
{
    ifs_relation *rel = NULL;
    ifs_error err;
    if (ifs_relation_parse(json, "test", &rel, &err))
        fprintf(stderr, "%s\n", err.msg);
    return rel;
}

/* Bitwise-equal results field by field (struct padding is not compared). */
static int same(const ifs_offset_result *a, const ifs_offset_result *b)
{
    return memcmp(&a->model, &b->model, sizeof a->model) == 0 && memcmp(&a->offset, &b->offset, sizeof a->offset) == 0 &&
           memcmp(&a->lo, &b->lo, sizeof a->lo) == 0 && memcmp(&a->hi, &b->hi, sizeof a->hi) == 0 &&
           a->in_range == b->in_range;
}

int main(void)
{
    ifs_error err;
    enum { DRAWS = 40000 };
    ifs_offset_mc *mc;
    if (ifs_offset_mc_alloc(DRAWS, 2385, &mc, &err)) {
        CHECK(0, "%s", err.msg);
        return check_report("test_offset");
    }
    /* Percentile-based widths from N draws scatter by about sqrt(p(1-p)/N)/phi(1) = 0.0076 sigma
     * for N = 40000, p = 0.16; 4 per cent of sigma is a > 4-sigma tolerance. */
    const double tol = 0.04;

    /* Linear MZR y = 7.0 + 0.3 (log M - 8): offset = oh - y; with Gaussian errors s_o, s_m the
     * offset is Gaussian with width sqrt(s_o^2 + 0.3^2 s_m^2). */
    ifs_relation *lin = parse("{\"name\":\"lin\",\"kind\":\"mzr\",\"reference\":\"test\",\"equation\":\"linear\","
                              "\"form\":\"polynomial\",\"variables\":{\"x\":{\"var\":\"logm\",\"offset\":8}},"
                              "\"terms\":[{\"c\":7.0},{\"c\":0.3,\"x\":1}]}");
    CHECK(lin != NULL, "linear relation parses");
    ifs_offset_input in = {.logm = {8.5, 0.2, 0.2}, .logsfr = {NAN, NAN, NAN}, .oh = {7.6, 0.05, 0.05},
                           .z = 8.0, .age_gyr = 0.64};
    ifs_offset_result r;
    CHECK(ifs_offset_compute(lin, mc, &in, 1, 1, &r, &err) == 0, "%s", err.msg);
    double width = sqrt(0.05 * 0.05 + 0.09 * 0.04);
    CHECK_CLOSE(r.model, 7.15, 1e-12, "model at the measured mass");
    CHECK_CLOSE(r.offset, 0.45, 1e-12, "offset at the measured values");
    CHECK_CLOSE(r.lo, width, tol * width, "lower error = Gaussian width");
    CHECK_CLOSE(r.hi, width, tol * width, "upper error = Gaussian width");

    /* No mass error, split-normal metallicity error: the offset inherits (lo, hi) = (0.08, 0.03). */
    in.logm = (ifs_measure){8.5, 0.0, 0.0};
    in.oh = (ifs_measure){7.6, 0.08, 0.03};
    CHECK(ifs_offset_compute(lin, mc, &in, 1, 1, &r, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(r.lo, 0.08, tol * 0.08, "split normal: lower error kept");
    CHECK_CLOSE(r.hi, 0.03, tol * 0.03, "split normal: upper error kept");

    /* The FMR check case of science.md section 7, with the study's errors for SMACS0723_4590: the
     * offset is -0.90 (quoted to 0.01); its error is dominated by the metallicity error (0.06/0.07)
     * because the FMR changes by only 0.4 dex per dex of mass there, so it must lie between the
     * metallicity errors and their quadrature sum with 0.4 * 0.02 + 0.56 * 0.4 * 0.02. */
    ifs_relation *fmr = parse("{\"name\":\"f\",\"kind\":\"fmr\",\"reference\":\"Curti+2020\",\"equation\":\"e\","
                              "\"form\":\"curti2020\",\"parameters\":{\"Z0\":8.779,\"m0\":10.11,\"m1\":0.56,"
                              "\"gamma\":0.31,\"beta\":2.1}}");
    ifs_offset_input smacs = {.logm = {9.17, 0.02, 0.02}, .logsfr = {0.90, 0.02, 0.02}, .oh = {7.43, 0.06, 0.07},
                              .z = 8.45, .age_gyr = 0.6};
    CHECK(ifs_offset_compute(fmr, mc, &smacs, 1, 1, &r, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(r.offset, -0.90, 0.005, "FMR check case");
    CHECK(r.lo >= 0.06 * (1 - tol) && r.lo <= sqrt(0.06 * 0.06 + 0.013 * 0.013) * (1 + tol), "FMR lower error %g", r.lo);
    CHECK(r.hi >= 0.07 * (1 - tol) && r.hi <= sqrt(0.07 * 0.07 + 0.013 * 0.013) * (1 + tol), "FMR upper error %g", r.hi);
    CHECK(r.in_range == 1, "no validity range stated: in range");

    /* Missing values and errors. */
    ifs_offset_input miss = smacs;
    miss.logsfr.value = NAN;
    CHECK(ifs_offset_compute(fmr, mc, &miss, 1, 1, &r, &err) == 0 && isnan(r.offset) && isnan(r.model) && isnan(r.lo),
          "missing SFR: no offset");
    miss = smacs;
    miss.logm.lo = NAN;
    CHECK(ifs_offset_compute(fmr, mc, &miss, 1, 1, &r, &err) == 0 && isfinite(r.offset) && isnan(r.lo) && isnan(r.hi),
          "missing mass error: offset without errors");
    /* The MZR does not read SFR, so a missing SFR error does not matter to it. */
    in = (ifs_offset_input){.logm = {8.5, 0.2, 0.2}, .logsfr = {1.0, NAN, NAN}, .oh = {7.6, 0.05, 0.05}};
    CHECK(ifs_offset_compute(lin, mc, &in, 1, 1, &r, &err) == 0 && isfinite(r.lo), "MZR ignores the SFR error");

    /* A main sequence compares log SFR: y = log M - 9 at log M = 9.3 with log SFR = 1.0 +- 0.1. */
    ifs_relation *ms = parse("{\"name\":\"m\",\"kind\":\"ms\",\"reference\":\"t\",\"equation\":\"e\",\"form\":\"polynomial\","
                             "\"variables\":{\"M\":{\"var\":\"logm\"}},\"terms\":[{\"c\":-9},{\"c\":1,\"M\":1}]}");
    in = (ifs_offset_input){.logm = {9.3, 0.0, 0.0}, .logsfr = {1.0, 0.1, 0.1}, .oh = {NAN, NAN, NAN}};
    CHECK(ifs_offset_compute(ms, mc, &in, 1, 1, &r, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(r.offset, 0.7, 1e-12, "main-sequence offset");
    CHECK_CLOSE(r.lo, 0.1, tol * 0.1, "main-sequence offset error");

    /* Many galaxies: identical results with 1 and 3 threads, and each as if alone. */
    enum { N = 50 };
    ifs_offset_input many[N];
    ifs_offset_result one_thread[N], three[N], alone;
    for (int i = 0; i < N; i++)
        many[i] = (ifs_offset_input){.logm = {7.0 + 0.05 * i, 0.03 + 0.001 * i, 0.05},
                                     .logsfr = {-0.5 + 0.04 * i, 0.05, 0.02 + 0.002 * i},
                                     .oh = {7.2 + 0.01 * i, 0.1, 0.08}, .z = 8, .age_gyr = 0.6};
    CHECK(ifs_offset_compute(fmr, mc, many, N, 1, one_thread, &err) == 0, "%s", err.msg);
    CHECK(ifs_offset_compute(fmr, mc, many, N, 3, three, &err) == 0, "%s", err.msg);
    int all_same = 1;
    for (int i = 0; i < N; i++)
        all_same &= same(&one_thread[i], &three[i]);
    CHECK(all_same, "thread count does not change results");
    CHECK(ifs_offset_compute(fmr, mc, &many[17], 1, 1, &alone, &err) == 0 &&
              same(&alone, &one_thread[17]),
          "a galaxy's result does not depend on the others");

    ifs_offset_mc *tiny;
    CHECK(ifs_offset_mc_alloc(3, 1, &tiny, &err) == IFS_ERR_INPUT && tiny == NULL, "too few draws refused");

    ifs_relation_free(lin);
    ifs_relation_free(fmr);
    ifs_relation_free(ms);
    ifs_offset_mc_free(mc);
    return check_report("test_offset");
}
