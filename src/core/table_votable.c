/* table_votable.c: writes a result table as an IVOA VOTable 1.4 document with TABLEDATA
 * (https://www.ivoa.net/documents/VOTable/20191021/, sections 4 and 5.1). */
#include "table_writers.h"

#include "ifscat/version.h"

#include <stdlib.h>

/* Writes s as XML character data or attribute value.  The five markup characters become entity
 * references; control characters, which XML 1.0 forbids (section 2.2) even as references, become
 * U+FFFD so that a stray byte in a name cannot make the whole document unreadable. */
static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        case '\t': case '\n': case '\r': fputc(ch, f); break;
        default:
            if (ch < 0x20 || ch == 0x7f)
                fputs("\xef\xbf\xbd", f);
            else
                fputc(ch, f);
        }
    }
}

/* The shortest %g form that reads back as exactly v (at most 17 significant digits suffice for an
 * IEEE double). */
static void write_real(FILE *f, double v)
{
    char buf[32];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    fputs(buf, f);
}

static void write_field(FILE *f, const ifs_column *col)
{
    static const char *datatype[] = {
        [IFS_COL_TEXT] = "char\" arraysize=\"*", [IFS_COL_INT] = "long", [IFS_COL_REAL] = "double"};
    fputs("   <FIELD name=\"", f);
    xml_text(f, col->name);
    fprintf(f, "\" datatype=\"%s\"", datatype[col->type]);
    if (*col->unit) {
        fputs(" unit=\"", f);
        xml_text(f, col->unit);
        fputc('"', f);
    }
    if (!*col->description) {
        fputs("/>\n", f);
        return;
    }
    fputs(">\n    <DESCRIPTION>", f);
    xml_text(f, col->description);
    fputs("</DESCRIPTION>\n   </FIELD>\n", f);
}

void ifs_table_votable_header(const ifs_table *t, FILE *f)
{
    /* VOTable 1.4 keeps the 1.3 namespace (standard, section 1). */
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"\n"
          " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          " xsi:schemaLocation=\"http://www.ivoa.net/xml/VOTable/v1.3 http://www.ivoa.net/xml/VOTable/v1.4\">\n"
          " <RESOURCE type=\"results\">\n"
          "  <INFO name=\"creator\" value=\"ifscat " IFS_VERSION "\"/>\n"
          "  <TABLE name=\"", f);
    xml_text(f, ifs_table_title(t));
    fputs("\">\n", f);
    for (size_t c = 0; c < ifs_table_ncols(t); c++)
        write_field(f, ifs_table_column(t, c));
    fputs("   <DATA>\n    <TABLEDATA>\n", f);
}

void ifs_table_votable_rows(const ifs_table *t, FILE *f)
{
    size_t ncols = ifs_table_ncols(t), nrows = ifs_table_nrows(t);
    for (size_t r = 0; r < nrows; r++) {
        fputs("     <TR>", f);
        for (size_t c = 0; c < ncols; c++) {
            fputs("<TD>", f);
            if (!ifs_table_is_null(t, r, c)) /* an empty cell is a null (section 5.1) */
                switch (ifs_table_column(t, c)->type) {
                case IFS_COL_TEXT: xml_text(f, ifs_table_text(t, r, c)); break;
                case IFS_COL_INT: fprintf(f, "%lld", ifs_table_int(t, r, c)); break;
                case IFS_COL_REAL: write_real(f, ifs_table_real(t, r, c)); break;
                }
            fputs("</TD>", f);
        }
        fputs("</TR>\n", f);
    }
}

void ifs_table_votable_footer(FILE *f)
{
    fputs("    </TABLEDATA>\n   </DATA>\n  </TABLE>\n </RESOURCE>\n</VOTABLE>\n", f);
}
