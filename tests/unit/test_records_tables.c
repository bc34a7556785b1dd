/* test_records_tables.c: the FITS-table and VOTable backends of the records reader, on files this
 * test writes with known contents (injected values, nulls of every kind), and their refusals of
 * malformed input with messages naming file and line. */
#include "check.h"

#include "ifscat/records.h"

#include <fitsio.h>
#include <string.h>

static char dir[] = "/tmp/ifscat-records-XXXXXX";

static const char *path_of(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void write_text(const char *name, const char *text)
{
    FILE *f = fopen(path_of(name), "w");
    fputs(text, f);
    fclose(f);
}

static int cell_is(const ifs_records *r, size_t row, const char *col, const char *want)
{
    const char *got = ifs_records_get(r, row, ifs_records_col(r, col));
    if ((!got && !want) || (got && want && strcmp(got, want) == 0))
        return 1;
    fprintf(stderr, "  row %zu column %s: got '%s', want '%s'\n", row, col, got ? got : "(null)",
            want ? want : "(null)");
    return 0;
}

/* A binary table: NAME (string), RA (double), Z (float, NaN in row 2), NPIX (int, TNULL -99 in
 * row 3), DET (logical, undefined in row 2), SPEC (3-element vector), in HDU 2 after an image. */
static int write_fits(const char *name)
{
    fitsfile *f;
    int status = 0;
    char path[300];
    snprintf(path, sizeof path, "!%s", path_of(name));
    fits_create_file(&f, path, &status);
    long naxes[2] = {2, 2};
    fits_create_img(f, FLOAT_IMG, 2, naxes, &status);
    char *ttype[] = {"NAME", "RA", "Z", "NPIX", "DET", "SPEC"};
    char *tform[] = {"12A", "1D", "1E", "1J", "1L", "3D"};
    fits_create_tbl(f, BINARY_TBL, 3, 6, ttype, tform, NULL, "LIT", &status);
    int tnull = -99;
    fits_update_key(f, TINT, "TNULL4", &tnull, NULL, &status);
    fits_set_btblnull(f, 4, tnull, &status);
    char *names[] = {"GN-z11", "  padded  ", ""};
    double ra[] = {189.106, 53.1645, 3.596};
    float z[] = {10.603f, NAN, 7.89f};
    int npix[] = {12, 7, -99};
    char det[] = {1, 0, 0};
    double spec[] = {1, 2, 3, 4.5, 5.5, 6.5, 7, 8, 9};
    fits_write_col(f, TSTRING, 1, 1, 1, 3, names, &status);
    fits_write_col(f, TDOUBLE, 2, 1, 1, 3, ra, &status);
    fits_write_col(f, TFLOAT, 3, 1, 1, 3, z, &status);
    fits_write_col(f, TINT, 4, 1, 1, 3, npix, &status);
    fits_write_col(f, TLOGICAL, 5, 1, 1, 1, &det[0], &status);
    fits_write_col(f, TLOGICAL, 5, 3, 1, 1, &det[2], &status);
    fits_write_col_null(f, 5, 2, 1, 1, &status);
    fits_write_col(f, TDOUBLE, 6, 1, 1, 9, spec, &status);
    fits_close_file(f, &status);
    if (status)
        fits_report_error(stderr, status);
    return status;
}

int main(void)
{
    ifs_error err;
    ifs_records *r;
    if (!mkdtemp(dir))
        SKIP("cannot create a temporary directory");

    /* --- FITS -------------------------------------------------------------------------------- */
    CHECK(write_fits("lit.fits") == 0, "writing the test FITS table");
    CHECK(ifs_records_open(path_of("lit.fits"), &r, &err) == 0, "%s", err.msg);
    if (r) {
        CHECK(ifs_records_format_of(r) == IFS_RECORDS_FITS, "FITS detected");
        CHECK(ifs_records_ncols(r) == 6 && ifs_records_nrows(r) == 3, "6 columns, 3 rows");
        CHECK(strcmp(ifs_records_colname(r, 0), "NAME") == 0 && strcmp(ifs_records_colname(r, 5), "SPEC") == 0,
              "column names from TTYPEn");
        CHECK(cell_is(r, 0, "NAME", "GN-z11") && cell_is(r, 1, "NAME", "padded") && cell_is(r, 2, "NAME", NULL),
              "strings trimmed, empty string is null");
        double v;
        CHECK(ifs_records_double(r, 0, ifs_records_col(r, "RA"), 0, &v, &err) == 0 && v == 189.106,
              "double round-trips exactly");
        CHECK(ifs_records_double(r, 0, ifs_records_col(r, "Z"), 0, &v, &err) == 0 && v == (double)10.603f,
              "float round-trips exactly");
        CHECK(cell_is(r, 1, "Z", NULL), "NaN float is null");
        CHECK(cell_is(r, 0, "NPIX", "12") && cell_is(r, 2, "NPIX", NULL), "TNULL integer is null");
        CHECK(cell_is(r, 0, "DET", "true") && cell_is(r, 2, "DET", "false") && cell_is(r, 1, "DET", NULL),
              "logicals, undefined logical is null");
        CHECK(cell_is(r, 1, "SPEC", "4.5 5.5 6.5"), "vector column as its elements");
        CHECK(ifs_records_double(r, 1, ifs_records_col(r, "SPEC"), 0, &v, &err) == IFS_ERR_INPUT &&
                  strstr(err.msg, "row 2, column 'SPEC'"),
              "a vector is not a number, and the error names row and column: %s", err.msg);
        char where[32];
        CHECK(strcmp(ifs_records_where(r, 2, where, sizeof where), "row 3") == 0, "FITS rows are named 'row N'");
        ifs_records_free(r);
    }
    /* A FITS file with only an image has no table; a truncated file is refused. */
    {
        fitsfile *f;
        int status = 0;
        char path[300];
        snprintf(path, sizeof path, "!%s", path_of("image.fits"));
        fits_create_file(&f, path, &status);
        long naxes[1] = {4};
        fits_create_img(f, SHORT_IMG, 1, naxes, &status);
        fits_close_file(f, &status);
    }
    CHECK(ifs_records_open(path_of("image.fits"), &r, &err) == IFS_ERR_INPUT && r == NULL &&
              strstr(err.msg, "image.fits: not a readable FITS table"),
          "image-only FITS refused: %s", err.msg);
    {
        FILE *in = fopen(path_of("lit.fits"), "rb"), *out = fopen(path_of("cut.fits"), "wb");
        char block[2880];
        for (int b = 0; b < 3 && fread(block, 1, sizeof block, in) == sizeof block; b++)
            fwrite(block, 1, sizeof block, out); /* primary header + data + half of the extension */
        fclose(in);
        fclose(out);
    }
    CHECK(ifs_records_open(path_of("cut.fits"), &r, &err) == IFS_ERR_INPUT && strstr(err.msg, "cut.fits"),
          "truncated FITS refused: %s", err.msg);

    /* --- VOTable ----------------------------------------------------------------------------- */
    write_text("lit.vot",
               "<?xml version=\"1.0\"?>\n"
               "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n"
               " <RESOURCE>\n"
               "  <TABLE name=\"lit\">\n"
               "   <FIELD name=\"name\" datatype=\"char\" arraysize=\"*\"/>\n"
               "   <FIELD name=\"z\" datatype=\"double\"/>\n"
               "   <FIELD name=\"nspax\" datatype=\"int\"><VALUES null=\"-1\"/></FIELD>\n"
               "   <FIELD ID=\"flag\" datatype=\"boolean\"/>\n"
               "   <DATA><TABLEDATA>\n"
               "    <TR><TD>A &amp; B</TD><TD> 7.21 </TD><TD>12</TD><TD>T</TD></TR>\n"
               "    <TR><TD></TD><TD>NaN</TD><TD>-1</TD><TD>F</TD></TR>\n"
               "    <TR>\n"
               "     <TD>c</TD><TD>8.5</TD><TD>3</TD><TD/>\n"
               "    </TR>\n"
               "   </TABLEDATA></DATA>\n"
               "  </TABLE>\n"
               "  <TABLE name=\"second\"><FIELD name=\"other\" datatype=\"int\"/></TABLE>\n"
               " </RESOURCE>\n"
               "</VOTABLE>\n");
    CHECK(ifs_records_open(path_of("lit.vot"), &r, &err) == 0, "%s", err.msg);
    if (r) {
        CHECK(ifs_records_format_of(r) == IFS_RECORDS_VOTABLE, "VOTable detected");
        CHECK(ifs_records_ncols(r) == 4 && ifs_records_nrows(r) == 3, "first TABLE only: 4 columns, 3 rows");
        CHECK(ifs_records_col(r, "flag") == 3 && ifs_records_col(r, "other") < 0, "FIELD ID when no name");
        CHECK(cell_is(r, 0, "name", "A & B") && cell_is(r, 0, "z", "7.21") && cell_is(r, 0, "flag", "T"),
              "entities decoded, blanks trimmed");
        CHECK(cell_is(r, 1, "name", NULL) && cell_is(r, 1, "z", NULL) && cell_is(r, 1, "nspax", NULL),
              "empty TD, NaN double and the VALUES null value are null");
        CHECK(cell_is(r, 2, "flag", NULL) && cell_is(r, 2, "nspax", "3"), "an empty-element TD is null");
        char where[32];
        CHECK(strcmp(ifs_records_where(r, 2, where, sizeof where), "line 12") == 0, "rows named by line: %s", where);
        ifs_records_free(r);
    }
    /* Refusals, each naming the file and the line. */
    write_text("bad.vot", "<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\"/>\n<DATA><TABLEDATA><TR><TD>1</TD></TR>\n"
                          "</TABLEDATA></DATA></TABLE></RESOURCE>\n");
    CHECK(ifs_records_open(path_of("bad.vot"), &r, &err) == IFS_ERR_INPUT && strstr(err.msg, "bad.vot: line 4") /* the end of input */ &&
              strstr(err.msg, "not well-formed XML"),
          "unterminated XML refused: %s", err.msg);
    write_text("wide.vot", "<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\"/><FIELD name=\"b\"/>\n<DATA><TABLEDATA>\n"
                           "<TR><TD>1</TD><TD>2</TD></TR>\n<TR><TD>1</TD></TR>\n</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n");
    CHECK(ifs_records_open(path_of("wide.vot"), &r, &err) == IFS_ERR_INPUT && strstr(err.msg, "wide.vot: line 4") &&
              strstr(err.msg, "1 cells, but the table has 2 fields"),
          "short row refused: %s", err.msg);
    write_text("bin.vot", "<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/><DATA>\n"
                          "<BINARY><STREAM encoding=\"base64\">AAAA</STREAM></BINARY></DATA></TABLE></RESOURCE></VOTABLE>\n");
    CHECK(ifs_records_open(path_of("bin.vot"), &r, &err) == IFS_ERR_INPUT && strstr(err.msg, "<BINARY> serialization"),
          "BINARY serialization refused: %s", err.msg);
    write_text("html.vot", "<html><body>not a table</body></html>\n");
    CHECK(ifs_records_open(path_of("html.vot"), &r, &err) == IFS_ERR_INPUT && strstr(err.msg, "root element is <html>"),
          "non-VOTable XML refused: %s", err.msg);
    write_text("empty.vot", "<VOTABLE><RESOURCE/></VOTABLE>\n");
    CHECK(ifs_records_open(path_of("empty.vot"), &r, &err) == IFS_ERR_INPUT && strstr(err.msg, "no TABLE"),
          "VOTable without a TABLE refused: %s", err.msg);
    write_text("dup.vot", "<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\"/><FIELD name=\"a\"/></TABLE></RESOURCE></VOTABLE>\n");
    CHECK(ifs_records_open(path_of("dup.vot"), &r, &err) == IFS_ERR_INPUT && strstr(err.msg, "column 'a' appears twice"),
          "duplicate FIELD refused: %s", err.msg);

    const char *names[] = {"lit.fits", "image.fits", "cut.fits", "lit.vot", "bad.vot", "wide.vot", "bin.vot",
                           "html.vot", "empty.vot", "dup.vot"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unlink(path_of(names[i]));
    rmdir(dir);
    return check_report("test_records_tables");
}
