/* test_litmap.c: literature mapping files: unit conversions (linear to log with asymmetric errors,
 * variances, Z/Zsun, sexagesimal coordinates) against values worked out by hand, alternatives,
 * limit flags, the default mapping, and every refusal naming mapping, file, row and column. */
#include "check.h"

#include "ifscat/litmap.h"

#include <string.h>

static char dir[] = "/tmp/ifscat-litmap-XXXXXX";
static char csv_path[300];

static ifs_records *table(const char *text)
{
    snprintf(csv_path, sizeof csv_path, "%s/lit.csv", dir);
    FILE *f = fopen(csv_path, "w");
    fputs(text, f);
    fclose(f);
    ifs_records *r = NULL;
    ifs_error err;
    if (ifs_records_open(csv_path, &r, &err))
        fprintf(stderr, "%s\n", err.msg);
    return r;
}

static ifs_litmap *map(const char *json)
{
    ifs_litmap *m = NULL;
    ifs_error err;
    if (ifs_litmap_parse(json, "map.json", &m, &err))
        fprintf(stderr, "%s\n", err.msg);
    return m;
}

/* The error of converting row (or of binding, when row < 0) must contain every needle. */
static int fails(const char *mapping, const char *csv, int row, const char *n1, const char *n2)
{
    ifs_litmap *m = NULL;
    ifs_error err = {0};
    int status = ifs_litmap_parse(mapping, "map.json", &m, &err);
    ifs_records *r = status ? NULL : table(csv);
    if (!status && r)
        status = ifs_litmap_bind(m, r, &err);
    ifs_litpoint p;
    if (!status && r && row >= 0)
        status = ifs_litmap_row(m, r, (size_t)row, &p, &err);
    int ok = status == IFS_ERR_INPUT && strstr(err.msg, n1) && (!n2 || strstr(err.msg, n2));
    if (!ok)
        fprintf(stderr, "  status %d, message '%s', wanted '%s' and '%s'\n", status, err.msg, n1, n2 ? n2 : "");
    ifs_litmap_free(m);
    ifs_records_free(r);
    return ok;
}

int main(void)
{
    ifs_error err;
    if (!mkdtemp(dir))
        SKIP("cannot create a temporary directory");

    ifs_litmap *m = map("{\"description\":\"test\",\"columns\":{"
                        "\"name\":\"id\",\"reference\":\"paper\","
                        "\"ra\":{\"column\":\"ra\",\"unit\":\"hms\"},\"dec\":{\"column\":\"dec\",\"unit\":\"dms\"},"
                        "\"z\":{\"column\":\"zspec\",\"var\":\"zvar\"},"
                        "\"logm\":{\"column\":\"mstar\",\"unit\":\"Msun\",\"err\":\"mstar_err\"},"
                        "\"logsfr\":[{\"column\":\"lsfr\",\"err_lo\":\"lsfr_lo\",\"err_hi\":\"lsfr_hi\"},"
                        "            {\"column\":\"sfr\",\"unit\":\"Msun/yr\",\"err_lo\":\"sfr_lo\",\"err_hi\":\"sfr_hi\","
                        "             \"upper_limit\":\"sfr_ul\"}],"
                        "\"oh\":{\"column\":\"zgas\",\"unit\":\"Z/Zsun\"}}}");
    ifs_records *r = table("id,paper,ra,dec,zspec,zvar,mstar,mstar_err,lsfr,lsfr_lo,lsfr_hi,sfr,sfr_lo,sfr_hi,sfr_ul,zgas,extra\n"
                           "g1,Smith+24,03:35:50.2,-27:48:08,7.5,0.0004,2e8,5e7,,,,25,4,3,False,0.1,x\n"
                           "g2,,12h00m00s,+45d30m00s,8.25,,1e9,,1.2,0.1,0.2,99,1,1,no,0.2,y\n"
                           ",,,,6.1,,,,,,,10,1,1,True,,z\n");
    CHECK(m && r, "mapping and table");
    if (!m || !r)
        return check_report("test_litmap");
    CHECK(ifs_litmap_bind(m, r, &err) == 0, "%s", err.msg);
    char unused[128];
    ifs_litmap_unused(m, r, unused, sizeof unused);
    CHECK(strcmp(unused, "extra") == 0, "unused columns listed: '%s'", unused);

    ifs_litpoint p;
    CHECK(ifs_litmap_row(m, r, 0, &p, &err) == 0, "%s", err.msg);
    CHECK(p.name && strcmp(p.name, "g1") == 0 && p.reference && strcmp(p.reference, "Smith+24") == 0, "name, reference");
    /* 03:35:50.2 = 15 (3 + 35/60 + 50.2/3600) deg; -27:48:08 = -(27 + 48/60 + 8/3600) deg. */
    CHECK_CLOSE(p.ra_deg, 15.0 * (3 + 35 / 60.0 + 50.2 / 3600.0), 1e-12, "RA from hms");
    CHECK_CLOSE(p.dec_deg, -(27 + 48 / 60.0 + 8 / 3600.0), 1e-12, "Dec from dms");
    CHECK_CLOSE(p.z.value, 7.5, 0, "z");
    CHECK_CLOSE(p.z.lo, 0.02, 1e-15, "z error = sqrt(variance)");
    /* M = 2e8 +- 5e7: log 2e8, errors log(2e8) - log(1.5e8) and log(2.5e8) - log(2e8). */
    CHECK_CLOSE(p.logm.value, log10(2e8), 1e-12, "linear mass to log");
    CHECK_CLOSE(p.logm.lo, log10(2.0 / 1.5), 1e-12, "lower mass error in dex");
    CHECK_CLOSE(p.logm.hi, log10(2.5 / 2.0), 1e-12, "upper mass error in dex");
    /* SFR = 25 (-4, +3) Msun/yr from the second alternative (lsfr empty). */
    CHECK_CLOSE(p.logsfr.value, log10(25.0), 1e-12, "linear SFR to log");
    CHECK_CLOSE(p.logsfr.lo, log10(25.0 / 21.0), 1e-12, "lower SFR error in dex");
    CHECK_CLOSE(p.logsfr.hi, log10(28.0 / 25.0), 1e-12, "upper SFR error in dex");
    CHECK(p.logsfr.limit == IFS_LIMIT_NONE, "not a limit");
    /* Z/Zsun = 0.1 -> 12+log(O/H) = 8.69 - 1 (solar 8.69, science.md section 1). */
    CHECK_CLOSE(p.oh.value, 7.69, 1e-12, "Z/Zsun to 12+log(O/H)");
    CHECK(isnan(p.oh.lo) && isnan(p.gradient.value), "absent errors and quantities are NaN");

    CHECK(ifs_litmap_row(m, r, 1, &p, &err) == 0, "%s", err.msg);
    CHECK(p.reference == NULL, "empty reference");
    CHECK_CLOSE(p.ra_deg, 180.0, 1e-12, "12h00m00s");
    CHECK_CLOSE(p.dec_deg, 45.5, 1e-12, "+45d30m00s");
    CHECK(p.logsfr.value == 1.2 && p.logsfr.lo == 0.1 && p.logsfr.hi == 0.2, "first alternative wins when filled");
    CHECK(isnan(p.logm.lo) && isnan(p.z.lo), "missing errors stay unknown");

    CHECK(ifs_litmap_row(m, r, 2, &p, &err) == 0, "%s", err.msg);
    CHECK(p.name == NULL && isnan(p.ra_deg) && p.logsfr.limit == IFS_LIMIT_UPPER && p.logsfr.value == 1.0,
          "upper limit on SFR, no name, no position");
    ifs_litmap_free(m);
    ifs_records_free(r);

    /* log(Z/Zsun) and the variance of a log quantity. */
    m = map("{\"columns\":{\"z\":\"z\",\"oh\":{\"column\":\"met\",\"unit\":\"log(Z/Zsun)\",\"var\":\"v\"}}}");
    r = table("z,met,v\n9.1,-0.5,0.0025\n");
    CHECK(m && r && ifs_litmap_bind(m, r, &err) == 0 && ifs_litmap_row(m, r, 0, &p, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(p.oh.value, 8.19, 1e-12, "log(Z/Zsun) + 8.69");
    CHECK_CLOSE(p.oh.lo, 0.05, 1e-15, "sqrt of the variance");
    ifs_litmap_free(m);
    ifs_records_free(r);

    /* The shipped default mapping reads columns named like ifscat's quantities; missing ones are
     * simply absent and foreign ones listed. */
    CHECK(ifs_litmap_load(NULL, &m, &err) == 0, "%s", err.msg);
    r = table("name,kind,z,logm,logm_lo,logm_hi,logsfr,logsfr_err,oh,oh_lo,oh_hi,gradient,gradient_lo,gradient_hi\n"
              "SMACS0723_4590,galaxy,8.45,9.17,0.02,0.02,0.90,0.02,7.43,0.06,0.07,0.06,0.09,0.09\n");
    CHECK(m && r && ifs_litmap_bind(m, r, &err) == 0, "%s", err.msg);
    if (m && r) {
        ifs_litmap_unused(m, r, unused, sizeof unused);
        CHECK(strcmp(unused, "kind") == 0, "default mapping: unused '%s'", unused);
        CHECK(ifs_litmap_row(m, r, 0, &p, &err) == 0, "%s", err.msg);
        CHECK(p.logsfr.lo == 0.02 && p.logsfr.hi == 0.02 && p.oh.lo == 0.06 && p.oh.hi == 0.07 &&
                  p.gradient.value == 0.06 && isnan(p.ra_deg),
              "default mapping values");
    }
    ifs_litmap_free(m);
    ifs_records_free(r);

    /* Refusals. */
    const char *basic = "{\"columns\":{\"z\":\"z\",\"oh\":{\"column\":\"oh\",\"err\":\"e\"}}}";
    CHECK(fails("{\"columns\":{\"z\":\"z\",\"oh\":\"metal\"}}", "z,oh\n7,7.5\n", -1, "map.json: oh 'column' names column 'metal'",
                "lit.csv does not have"),
          "mapping names a missing column");
    CHECK(fails("{\"columns\":{\"z\":\"z\",\"logsfr\":{\"column\":\"s\",\"unit\":\"erg/s\"}}}", "z,s\n7,1\n", -1,
                "unit 'erg/s' cannot be converted", "'log Msun/yr', 'Msun/yr'"),
          "unconvertible unit");
    CHECK(fails("{\"columns\":{\"z\":\"z\",\"mass\":\"m\"}}", "z,m\n7,9\n", -1, "unknown quantity 'mass'", NULL),
          "unknown quantity");
    CHECK(fails("{\"columns\":{\"oh\":\"oh\"}}", "oh\n7\n", -1, "which column holds 'z'", NULL), "z required in the mapping");
    CHECK(fails("{\"columns\":{\"z\":\"z\",\"ra\":\"ra\",\"oh\":\"oh\"}}", "z\n7\n", -1, "'ra' and 'dec' must be mapped together", NULL),
          "RA without Dec");
    CHECK(fails("{\"columns\":{\"z\":{\"column\":\"z\",\"error\":\"e\"},\"oh\":\"oh\"}}", "z\n7\n", -1, "unknown key 'error'", NULL),
          "unknown key");
    CHECK(fails("{\"columns\":", "z\n7\n", -1, "map.json: line 1: not valid JSON", NULL), "invalid JSON");
    CHECK(fails(basic, "z,oh,e\n7,7.5,0.1\n7,abc,0.1\n", 1, "lit.csv: line 3, column 'oh': 'abc' is not a number", NULL),
          "not a number, named by line and column");
    CHECK(fails(basic, "z,oh,e\n7,7.5,-0.1\n", 0, "line 2, column 'e'", "cannot be negative"), "negative error");
    CHECK(fails(basic, "z,oh,e\n,7.5,0.1\n", 0, "line 2, column 'z': a redshift is required", NULL), "missing redshift");
    CHECK(fails(basic, "z,oh,e\n-1,7.5,0.1\n", 0, "redshift -1 is negative", NULL), "negative redshift");
    CHECK(fails(basic, "z,oh,e\n7,,0.1\n", 0, "line 2: the row has no stellar mass, SFR, metallicity or gradient", NULL),
          "empty row");
    CHECK(fails("{\"columns\":{\"z\":\"z\",\"logsfr\":{\"column\":\"s\",\"unit\":\"Msun/yr\",\"err_lo\":\"lo\"}}}",
                "z,s,lo\n7,0.61,0.83\n", 0, "column 's': the lower error 0.83 is not below the value 0.61", NULL),
          "lower error above a linear value");
    CHECK(fails("{\"columns\":{\"z\":\"z\",\"logm\":{\"column\":\"m\",\"unit\":\"Msun\"}}}", "z,m\n7,0\n", 0,
                "0 is not positive", NULL),
          "zero linear mass");
    CHECK(fails("{\"columns\":{\"z\":\"z\",\"oh\":{\"column\":\"oh\",\"upper_limit\":\"ul\"}}}", "z,oh,ul\n7,7.5,maybe\n", 0,
                "column 'ul': 'maybe' is not a flag", NULL),
          "bad flag");
    CHECK(fails("{\"columns\":{\"z\":\"z\",\"ra\":\"ra\",\"dec\":\"dec\",\"oh\":\"oh\"}}", "z,ra,dec,oh\n7,400,1,7.5\n", 0,
                "RA 400 is outside", NULL),
          "RA out of range");
    CHECK(fails("{\"columns\":{\"z\":\"z\",\"ra\":\"ra\",\"dec\":\"dec\",\"oh\":\"oh\"}}", "z,ra,dec,oh\n7,40,,7.5\n", 0,
                "RA and Dec must be given together", NULL),
          "RA without Dec in a row");

    unlink(csv_path);
    rmdir(dir);
    return check_report("test_litmap");
}
