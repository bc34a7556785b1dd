/* test_table.c: result tables written in every format and read back with independent readers:
 * cfitsio for FITS, expat for VOTable, plain string checks for CSV and JSON.  Truths are the
 * fixture's typed values and the format standards (FITS 4.0, VOTable 1.4). */
#include "check.h"
#include "scratch.h"
#include "test_table_fixture.h"

#include <expat.h>
#include <fitsio.h>
#include <string.h>
#include <sys/stat.h>

static void test_parse(void)
{
    ifs_format fmt;
    ifs_error err;
    CHECK(ifs_format_parse("fits", &fmt, &err) == 0 && fmt == IFS_FORMAT_FITS, "fits parses");
    CHECK(ifs_format_parse("votable", &fmt, &err) == 0 && fmt == IFS_FORMAT_VOTABLE, "votable parses");
    CHECK(ifs_format_parse("csv", &fmt, &err) == 0 && fmt == IFS_FORMAT_CSV, "csv parses");
    CHECK(ifs_format_parse("xml", &fmt, &err) == IFS_ERR_INPUT && strstr(err.msg, "votable"),
          "unknown format names the accepted ones: %s", err.msg);
}

static void test_fits(void)
{
    ifs_table *t = fixture_table();
    ifs_error err;
    const char *path = path_in_dir("t.fits");
    CHECK(ifs_table_write(t, IFS_FORMAT_FITS, path, &err) == 0, "write FITS: %s", err.msg);
    struct stat st;
    CHECK(stat(path, &st) == 0 && st.st_size > 0 && st.st_size % 2880 == 0,
          "a FITS file is a whole number of 2880-byte blocks (size %lld)", (long long)st.st_size);

    fitsfile *fp;
    int status = 0, ncols = 0, hdutype = 0, anynul = 0;
    long nrows = 0;
    char value[FLEN_VALUE], key[FLEN_KEYWORD], *longstr = NULL;
    fits_open_file(&fp, path, READONLY, &status);
    fits_movnam_hdu(fp, BINARY_TBL, FIXTURE_TITLE, 0, &status);
    fits_get_hdu_type(fp, &hdutype, &status);
    fits_get_num_rows(fp, &nrows, &status);
    fits_get_num_cols(fp, &ncols, &status);
    CHECK(status == 0 && hdutype == BINARY_TBL, "BINTABLE named after the title (status %d)", status);
    CHECK(nrows == FIXTURE_ROWS && ncols == 4, "%ld rows %d cols", nrows, ncols);

    size_t width = 1;
    for (int r = 0; r < FIXTURE_ROWS; r++)
        if (fixture_name[r] && strlen(fixture_name[r]) > width)
            width = strlen(fixture_name[r]);
    char want_form[4][16];
    snprintf(want_form[0], 16, "%zuA", width);
    strcpy(want_form[1], "K");
    strcpy(want_form[2], "D");
    strcpy(want_form[3], "D");
    for (int c = 0; c < 4; c++) {
        snprintf(key, sizeof key, "TTYPE%d", c + 1);
        fits_read_key(fp, TSTRING, key, value, NULL, &status);
        CHECK(status == 0 && strcmp(value, fixture_cols[c].name) == 0, "%s = '%s'", key, value);
        snprintf(key, sizeof key, "TFORM%d", c + 1);
        fits_read_key(fp, TSTRING, key, value, NULL, &status);
        CHECK(status == 0 && strcmp(value, want_form[c]) == 0, "%s = '%s', want '%s'", key, value, want_form[c]);
        snprintf(key, sizeof key, "TCOMM%d", c + 1);
        fits_read_key_longstr(fp, key, &longstr, NULL, &status);
        CHECK(status == 0 && longstr && strcmp(longstr, fixture_cols[c].description) == 0,
              "%s = '%s' (status %d)", key, longstr ? longstr : "", status);
        fits_free_memory(longstr, &status);
        longstr = NULL;
    }
    fits_read_key(fp, TSTRING, "TUNIT4", value, NULL, &status);
    CHECK(status == 0 && strcmp(value, "dex") == 0, "TUNIT4 = '%s'", value);
    long long tnull = 0;
    fits_read_key(fp, TLONGLONG, "TNULL2", &tnull, NULL, &status);
    CHECK(status == 0 && tnull == INT64_MIN + 1, "TNULL2 = %lld avoids the value INT64_MIN", tnull);

    char names[FIXTURE_ROWS][64], *namep[FIXTURE_ROWS];
    long long n[FIXTURE_ROWS];
    char nnull[FIXTURE_ROWS];
    double z[FIXTURE_ROWS], off[FIXTURE_ROWS];
    for (int r = 0; r < FIXTURE_ROWS; r++)
        namep[r] = names[r];
    fits_read_col_str(fp, 1, 1, 1, FIXTURE_ROWS, "", namep, &anynul, &status);
    fits_read_colnull(fp, TLONGLONG, 2, 1, 1, FIXTURE_ROWS, n, nnull, &anynul, &status);
    fits_read_col(fp, TDOUBLE, 3, 1, 1, FIXTURE_ROWS, NULL, z, &anynul, &status);
    fits_read_col(fp, TDOUBLE, 4, 1, 1, FIXTURE_ROWS, NULL, off, &anynul, &status);
    CHECK(status == 0, "reading the columns: cfitsio status %d", status);
    for (int r = 0; r < FIXTURE_ROWS; r++) {
        CHECK(strcmp(names[r], fixture_name[r] ? fixture_name[r] : "") == 0, "row %d name '%s'", r, names[r]);
        CHECK(nnull[r] == fixture_n_null[r], "row %d count null flag %d", r, nnull[r]);
        if (!fixture_n_null[r])
            CHECK(n[r] == fixture_n[r], "row %d count %lld, want %lld", r, n[r], fixture_n[r]);
        /* Binary doubles round-trip exactly; NaN marks a null. */
        CHECK(isnan(fixture_z[r]) ? isnan(z[r]) : z[r] == fixture_z[r], "row %d z %.17g", r, z[r]);
        CHECK(isnan(fixture_offset[r]) ? isnan(off[r]) : off[r] == fixture_offset[r], "row %d offset %.17g", r, off[r]);
    }
    fits_close_file(fp, &status);
    ifs_table_free(t);

    /* An empty table is still a valid file with NAXIS2 = 0 and a one-character text column. */
    t = ifs_table_alloc("empty", 4, fixture_cols);
    path = path_in_dir("empty.fits");
    CHECK(ifs_table_write(t, IFS_FORMAT_FITS, path, &err) == 0, "write empty FITS: %s", err.msg);
    status = 0;
    fits_open_table(&fp, path, READONLY, &status);
    fits_get_num_rows(fp, &nrows, &status);
    fits_read_key(fp, TSTRING, "TFORM1", value, NULL, &status);
    CHECK(status == 0 && nrows == 0 && strcmp(value, "1A") == 0, "empty table: status %d rows %ld TFORM1 %s",
          status, nrows, value);
    fits_close_file(fp, &status);
    ifs_table_free(t);
}

static void test_fits_failures(void)
{
    ifs_error err;
    int before = dir_entries();
    ifs_column cols[] = {{"sfr", IFS_COL_REAL, "M\xe2\x8a\x99/yr", 2, "Star formation rate"}};
    ifs_table *t = ifs_table_alloc("sfr", 1, cols);
    const char *path = path_in_dir("utf8.fits");
    CHECK(ifs_table_write(t, IFS_FORMAT_FITS, path, &err) == IFS_ERR_INPUT && strstr(err.msg, "'sfr'") &&
              strstr(err.msg, "unit"),
          "a non-ASCII unit is refused naming the column: %s", err.msg);
    CHECK(!exists(path) && dir_entries() == before, "no file left after the refusal");
    ifs_table_free(t);

    t = fixture_table();
    path = path_in_dir("no-such-dir/t.fits");
    CHECK(ifs_table_write(t, IFS_FORMAT_FITS, path, &err) == IFS_ERR_IO && strstr(err.msg, "no-such-dir"),
          "an unwritable path is an I/O error naming it: %s", err.msg);
    ifs_table_free(t);
}

/* What the expat callbacks collect from a VOTable. */
typedef struct {
    char version[16], table[64];
    int nfields, nrows, ncells, in_td, in_desc, depth_ok;
    char field_name[8][64], field_type[8][16], field_unit[8][16], field_arraysize[8][8], desc[8][160];
    char cell[8][8][160];
} votable;

static const char *attr(const char **atts, const char *name)
{
    for (; *atts; atts += 2)
        if (strcmp(atts[0], name) == 0)
            return atts[1];
    return "";
}

static void on_start(void *data, const char *el, const char **atts)
{
    votable *v = data;
    if (strcmp(el, "VOTABLE") == 0)
        snprintf(v->version, sizeof v->version, "%s", attr(atts, "version"));
    else if (strcmp(el, "TABLE") == 0)
        snprintf(v->table, sizeof v->table, "%s", attr(atts, "name"));
    else if (strcmp(el, "FIELD") == 0 && v->nfields < 8) {
        int i = v->nfields++;
        snprintf(v->field_name[i], 64, "%s", attr(atts, "name"));
        snprintf(v->field_type[i], 16, "%s", attr(atts, "datatype"));
        snprintf(v->field_unit[i], 16, "%s", attr(atts, "unit"));
        snprintf(v->field_arraysize[i], 8, "%s", attr(atts, "arraysize"));
    } else if (strcmp(el, "DESCRIPTION") == 0)
        v->in_desc = 1;
    else if (strcmp(el, "TR") == 0) {
        v->nrows++;
        v->ncells = 0;
    } else if (strcmp(el, "TD") == 0)
        v->in_td = 1;
}

static void on_end(void *data, const char *el)
{
    votable *v = data;
    if (strcmp(el, "TD") == 0) {
        v->in_td = 0;
        v->ncells++;
    } else if (strcmp(el, "DESCRIPTION") == 0)
        v->in_desc = 0;
}

static void on_text(void *data, const char *s, int len)
{
    votable *v = data;
    char *dst = NULL;
    if (v->in_td && v->nrows >= 1 && v->nrows <= 8 && v->ncells < 8)
        dst = v->cell[v->nrows - 1][v->ncells];
    else if (v->in_desc && v->nfields >= 1)
        dst = v->desc[v->nfields - 1];
    if (dst)
        strncat(dst, s, (size_t)len < 159 - strlen(dst) ? (size_t)len : 159 - strlen(dst));
}

static int parse_votable(const char *path, votable *v)
{
    long size;
    char *text = slurp(path, &size);
    memset(v, 0, sizeof *v);
    XML_Parser p = XML_ParserCreate(NULL);
    XML_SetUserData(p, v);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    int ok = text && size > 0 && XML_Parse(p, text, (int)size, 1) == XML_STATUS_OK;
    if (!ok)
        fprintf(stderr, "%s: XML error: %s at line %lu\n", path, XML_ErrorString(XML_GetErrorCode(p)),
                (unsigned long)XML_GetCurrentLineNumber(p));
    XML_ParserFree(p);
    free(text);
    return ok;
}

static void test_votable(void)
{
    ifs_table *t = fixture_table();
    ifs_error err;
    const char *path = path_in_dir("t.vot");
    CHECK(ifs_table_write(t, IFS_FORMAT_VOTABLE, path, &err) == 0, "write VOTable: %s", err.msg);
    votable *v = calloc(1, sizeof *v);
    CHECK(parse_votable(path, v), "the VOTable is well-formed XML");
    CHECK(strcmp(v->version, "1.4") == 0, "version '%s'", v->version);
    CHECK(strcmp(v->table, FIXTURE_TITLE) == 0, "TABLE name '%s'", v->table);
    CHECK(v->nfields == 4 && v->nrows == FIXTURE_ROWS, "%d fields %d rows", v->nfields, v->nrows);
    static const char *want_type[] = {"char", "long", "double", "double"};
    for (int c = 0; c < 4; c++) {
        CHECK(strcmp(v->field_name[c], fixture_cols[c].name) == 0, "FIELD %d name '%s'", c, v->field_name[c]);
        CHECK(strcmp(v->field_type[c], want_type[c]) == 0, "FIELD %d datatype '%s'", c, v->field_type[c]);
        CHECK(strcmp(v->field_unit[c], fixture_cols[c].unit) == 0, "FIELD %d unit '%s'", c, v->field_unit[c]);
        CHECK(strcmp(v->desc[c], fixture_cols[c].description) == 0, "FIELD %d DESCRIPTION '%s'", c, v->desc[c]);
    }
    CHECK(strcmp(v->field_arraysize[0], "*") == 0, "text FIELD arraysize '%s'", v->field_arraysize[0]);
    for (int r = 0; r < FIXTURE_ROWS; r++) {
        CHECK(strcmp(v->cell[r][0], fixture_name[r] ? fixture_name[r] : "") == 0, "row %d name '%s'", r, v->cell[r][0]);
        if (fixture_n_null[r])
            CHECK(v->cell[r][1][0] == 0, "row %d null count is an empty cell: '%s'", r, v->cell[r][1]);
        else
            CHECK(strtoll(v->cell[r][1], NULL, 10) == fixture_n[r], "row %d count '%s'", r, v->cell[r][1]);
        const double want[2] = {fixture_z[r], fixture_offset[r]};
        for (int k = 0; k < 2; k++) {
            const char *cell = v->cell[r][2 + k];
            if (isnan(want[k]))
                CHECK(cell[0] == 0, "row %d col %d null real is an empty cell: '%s'", r, 2 + k, cell);
            else
                CHECK(cell[0] && strtod(cell, NULL) == want[k], "row %d col %d '%s' reads back as %.17g", r, 2 + k,
                      cell, want[k]);
        }
    }
    /* Shortest exact form: 10.603 is written as typed, not as 10.602999999999999. */
    CHECK(strcmp(v->cell[0][2], "10.603") == 0, "shortest exact real: '%s'", v->cell[0][2]);
    ifs_table_free(t);

    /* Bytes that XML forbids, non-ASCII text and markup-like content. */
    ifs_column col = {"label", IFS_COL_TEXT, "", 0, "a <label> & such"};
    t = ifs_table_alloc("odd & <text>", 1, &col);
    ifs_table_append(t);
    ifs_table_set_text(t, 0, 0, "bell\x07 \xce\xa3_SFR ]]> </TD>");
    path = path_in_dir("odd.vot");
    CHECK(ifs_table_write(t, IFS_FORMAT_VOTABLE, path, &err) == 0, "write odd VOTable: %s", err.msg);
    CHECK(parse_votable(path, v), "control characters and markup are escaped");
    CHECK(strcmp(v->table, "odd & <text>") == 0, "TABLE name '%s'", v->table);
    CHECK(strcmp(v->desc[0], "a <label> & such") == 0, "DESCRIPTION '%s'", v->desc[0]);
    CHECK(strcmp(v->cell[0][0], "bell\xef\xbf\xbd \xce\xa3_SFR ]]> </TD>") == 0, "cell '%s'", v->cell[0][0]);
    ifs_table_free(t);
    free(v);
}

/* CSV and JSON already carried units and descriptions; this pins that down. */
static void test_csv_json_metadata(void)
{
    ifs_table *t = fixture_table();
    ifs_error err;
    long size;
    const char *path = path_in_dir("t.csv");
    CHECK(ifs_table_write(t, IFS_FORMAT_CSV, path, &err) == 0, "write CSV: %s", err.msg);
    char *s = slurp(path, &size);
    CHECK(s && strstr(s, "# fmr_offset [dex]: Offset from the fundamental metallicity relation"), "CSV unit+description");
    free(s);
    path = path_in_dir("t.json");
    CHECK(ifs_table_write(t, IFS_FORMAT_JSON, path, &err) == 0, "write JSON: %s", err.msg);
    s = slurp(path, &size);
    CHECK(s && strstr(s, "\"unit\":\t\"dex\"") && strstr(s, "\"description\":\t\"Number of spaxels with S/N > 3\""),
          "JSON unit+description");
    free(s);
    ifs_table_free(t);
}

int main(void)
{
    if (!mkdtemp(dir))
        SKIP("cannot create a temporary directory");
    test_parse();
    test_fits();
    test_fits_failures();
    test_votable();
    test_csv_json_metadata();
    if (scratch_remove() != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_report("test_table");
}
