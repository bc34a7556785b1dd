/* test_records.c: the CSV and JSON readers behind every importer: quoting, comments, locations
 * in error messages, and refusal of malformed input. */
#include "check.h"

#include "ifscat/records.h"

#include <string.h>

static char path[] = "/tmp/ifscat-test-records-XXXXXX";

static ifs_records *open_text(const char *text, ifs_error *err)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    ifs_records *r = NULL;
    ifs_records_open(path, &r, err);
    return r;
}

int main(void)
{
    int fd = mkstemp(path);
    close(fd);
    ifs_error err;

    /* Comments, blank lines, quoted commas, doubled quotes, an embedded newline, CRLF. */
    ifs_records *r = open_text("# a comment\n\nname , z,note\r\n"
                               "A,7.5,\"x, y\"\r\n"
                               "# between rows\n"
                               "\"B \"\"q\"\"\",8,\"two\nlines\"\n"
                               "C,,\n",
                               &err);
    CHECK(r != NULL, "%s", err.msg);
    if (r) {
        CHECK(ifs_records_ncols(r) == 3 && ifs_records_nrows(r) == 3, "3 x 3, got %zu x %zu", ifs_records_ncols(r),
              ifs_records_nrows(r));
        CHECK(ifs_records_col(r, "z") == 1, "header names are trimmed");
        CHECK(!strcmp(ifs_records_get(r, 0, 2), "x, y"), "quoted comma");
        CHECK(!strcmp(ifs_records_get(r, 1, 0), "B \"q\""), "doubled quotes");
        CHECK(!strcmp(ifs_records_get(r, 1, 2), "two\nlines"), "embedded newline");
        CHECK(ifs_records_get(r, 2, 1) == NULL, "empty cell is NULL");
        char where[32];
        CHECK(!strcmp(ifs_records_where(r, 1, where, sizeof where), "line 6"), "row 2 starts on line 6, got %s",
              where);
        CHECK(!strcmp(ifs_records_where(r, 2, where, sizeof where), "line 8"), "row 3 on line 8 (after the "
              "embedded newline), got %s", where);
        double v;
        CHECK(ifs_records_double(r, 0, 1, 0, &v, &err) == 0 && v == 7.5, "number parsed");
        CHECK(ifs_records_double(r, 2, 1, 1, &v, &err) == 0 && isnan(v), "optional empty number is NaN");
        CHECK(ifs_records_double(r, 2, 1, 0, &v, &err) == IFS_ERR_INPUT && strstr(err.msg, "line 8, column 'z'"),
              "required empty number refused: %s", err.msg);
        CHECK(ifs_records_double(r, 0, 2, 0, &v, &err) == IFS_ERR_INPUT && strstr(err.msg, "'x, y' is not a number"),
              "text refused as a number: %s", err.msg);
        ifs_records_free(r);
    }

    /* Strict numbers. */
    double v;
    CHECK(ifs_parse_double("1e3", &v) == 0 && v == 1000, "exponent");
    CHECK(ifs_parse_double(" -2.5 ", &v) == 0 && v == -2.5, "spaces around");
    CHECK(ifs_parse_double("7.5x", &v) != 0, "trailing text");
    CHECK(ifs_parse_double("nan", &v) != 0, "NaN refused");
    CHECK(ifs_parse_double("inf", &v) != 0, "infinity refused");
    CHECK(ifs_parse_double("1e999", &v) != 0, "overflow refused");

    /* JSON arrays of objects: union of keys, numbers, nulls, booleans, index locations. */
    r = open_text("[{\"name\": \"A\", \"z\": 7.25}, {\"z\": 8, \"mu\": null, \"ok\": true}]", &err);
    CHECK(r != NULL, "%s", err.msg);
    if (r) {
        CHECK(ifs_records_ncols(r) == 4 && ifs_records_nrows(r) == 2, "columns are the union of keys");
        CHECK(ifs_records_get(r, 1, ifs_records_col(r, "name")) == NULL, "missing key is NULL");
        CHECK(ifs_records_get(r, 1, ifs_records_col(r, "mu")) == NULL, "null is NULL");
        CHECK(!strcmp(ifs_records_get(r, 1, ifs_records_col(r, "ok")), "true"), "boolean as text");
        CHECK(ifs_records_double(r, 0, ifs_records_col(r, "z"), 0, &v, &err) == 0 && v == 7.25, "JSON number");
        char where[32];
        CHECK(!strcmp(ifs_records_where(r, 1, where, sizeof where), "index 1"), "JSON location");
        ifs_records_free(r);
    }

    /* Malformed input. */
    struct { const char *text, *want; } bad[] = {
        {"", "the file is empty"},
        {"  \n\n", "the file is empty"},
        {"# only\n# comments\n", "no header row"},
        {"a,b\n1,2,3\n", "line 2: 3 fields, but the header has 2 columns"},
        {"a,b\n\"1,2\n", "line 2: unterminated quoted field"},
        {"a,b\n\"1\"x,2\n", "line 2: text after the closing quote"},
        {"a,,b\n", "column 2 of the header has no name"},
        {"a,b,a\n", "column 'a' appears twice"},
        {"[{\"a\": 1}, 2]", "index 1: not a JSON object"},
        {"[{\"a\": [1, 2]}]", "nested arrays or objects are not allowed"},
        {"[{\"a\": 1},\n{\"a\": }]", "line 2: not valid JSON"},
        {"[]", "the JSON array is empty"},
        {"{\"a\": 1}", "must be an array of objects"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = open_text(bad[i].text, &err);
        CHECK(r == NULL && err.code == IFS_ERR_INPUT && strstr(err.msg, bad[i].want) && strstr(err.msg, path),
              "case %zu: want '%s' with the path, got '%s'", i, bad[i].want, r ? "(accepted)" : err.msg);
        ifs_records_free(r);
    }
    FILE *f = fopen(path, "wb");
    fwrite("SIMPLE  =\0\0\1", 1, 12, f);
    fclose(f);
    CHECK(ifs_records_open(path, &r, &err) == IFS_ERR_INPUT && strstr(err.msg, "truncated FITS file (12 bytes"),
          "a FITS file shorter than one header block refused as truncated: %s", err.msg);
    unlink(path);
    CHECK(ifs_records_open(path, &r, &err) == IFS_ERR_IO && strstr(err.msg, "cannot open"), "missing file");

    /* Column checks name the offending column. */
    r = open_text("name,z,extra\nA,7,1\n", &err);
    static const char *const allowed[] = {"name", "z", NULL}, *const required[] = {"name", "z", "mu", NULL};
    CHECK(ifs_records_check_columns(r, allowed, required, &err) == IFS_ERR_INPUT &&
              strstr(err.msg, "line 1 (header): unknown column 'extra'"), "unknown column named with its line: %s",
          err.msg);
    static const char *const allowed2[] = {"name", "z", "extra", "mu", NULL};
    CHECK(ifs_records_check_columns(r, allowed2, required, &err) == IFS_ERR_INPUT &&
              strstr(err.msg, "'mu' is missing from the header (line 1)"), "missing column named: %s", err.msg);
    ifs_records_free(r);
    r = open_text("[{\"name\": \"A\", \"z\": 7}, {\"name\": \"B\", \"z\": 8, \"extra\": 1}]", &err);
    CHECK(r && ifs_records_check_columns(r, allowed, required, &err) == IFS_ERR_INPUT &&
              strstr(err.msg, "index 1: unknown column 'extra'"), "JSON: unknown key named with its index: %s",
          r ? err.msg : "(not read)");
    ifs_records_free(r);
    unlink(path);
    return check_report("test_records");
}
