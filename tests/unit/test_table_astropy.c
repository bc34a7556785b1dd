/* test_table_astropy.c: the FITS and VOTable tables open in astropy (Debian python3-astropy), the
 * reader most users will try first, with its strictest checks on: every warning is an error, the
 * FITS file must pass HDUList.verify('exception') and the VOTable must parse with
 * verify='exception'.  Only unit warnings are let through: 'dex' is no FITS or VOUnit unit, yet the
 * right label for logarithmic quantities, and astropy keeps the string; and W03, which says that
 * astropy made up an ID from a name (IDs are optional in VOTable 1.4).  The values astropy reads
 * are compared with the fixture's typed values.  Skips when astropy is absent. */
#include "check.h"
#include "test_table_fixture.h"

#include <cjson/cJSON.h>
#include <string.h>

#define PYTHON "/usr/bin/python3"

/* Prints {"fits": [...], "votable": [...]}, one {name, unit, description, values} per column, with
 * nulls (masked values, NaN) as null. */
static const char script[] =
    "import json, math, sys, warnings\n"
    "warnings.simplefilter('error')\n"
    "from astropy.units import UnitsWarning\n"
    "warnings.simplefilter('ignore', UnitsWarning)\n"
    "from astropy.io import fits, votable\n"
    "from astropy.io.votable.exceptions import W03\n"
    "warnings.simplefilter('ignore', W03)\n"
    "from astropy.table import Table\n"
    "def plain(col):\n"
    "    out = []\n"
    "    for i in range(len(col)):\n"
    "        if hasattr(col, 'mask') and col.mask[i]:\n"
    "            out.append(None); continue\n"
    "        v = col[i].item() if hasattr(col[i], 'item') else col[i]\n"
    "        if isinstance(v, bytes): v = v.decode()\n"
    "        if isinstance(v, float) and math.isnan(v): v = None\n"
    "        out.append(v)\n"
    "    return out\n"
    "fitspath, votpath, title = sys.argv[1:4]\n"
    "with fits.open(fitspath) as hdul:\n"
    "    hdul.verify('exception')\n"
    "    header = hdul[title].header\n"
    "t = Table.read(fitspath, hdu=title)\n"
    "res = {'fits': [{'name': c, 'unit': str(t[c].unit or ''),\n"
    "                 'description': header.get('TCOMM%d' % (i + 1), ''), 'values': plain(t[c])}\n"
    "                for i, c in enumerate(t.colnames)]}\n"
    "vt = votable.parse(votpath, verify='exception').get_first_table()\n"
    "t = vt.to_table()\n"
    "res['votable'] = [{'name': f.name, 'unit': str(f.unit or ''), 'description': f.description or '',\n"
    "                   'values': plain(t[f.name])} for f in vt.fields]\n"
    "res['votable_title'] = vt.name\n"
    "print(json.dumps(res))\n";

static void compare(const cJSON *cols, const char *fmt)
{
    CHECK(cJSON_GetArraySize(cols) == 4, "%s: %d columns", fmt, cJSON_GetArraySize(cols));
    for (int c = 0; c < 4 && c < cJSON_GetArraySize(cols); c++) {
        const cJSON *col = cJSON_GetArrayItem(cols, c);
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(col, "name"));
        const char *unit = cJSON_GetStringValue(cJSON_GetObjectItem(col, "unit"));
        const char *desc = cJSON_GetStringValue(cJSON_GetObjectItem(col, "description"));
        const cJSON *values = cJSON_GetObjectItem(col, "values");
        CHECK(name && strcmp(name, fixture_cols[c].name) == 0, "%s: column %d name %s", fmt, c, name);
        CHECK(unit && strcmp(unit, fixture_cols[c].unit) == 0, "%s: column %d unit '%s'", fmt, c, unit);
        CHECK(desc && strcmp(desc, fixture_cols[c].description) == 0, "%s: column %d description '%s'", fmt, c, desc);
        CHECK(cJSON_GetArraySize(values) == FIXTURE_ROWS, "%s: column %d has %d values", fmt, c,
              cJSON_GetArraySize(values));
        for (int r = 0; r < FIXTURE_ROWS && r < cJSON_GetArraySize(values); r++) {
            const cJSON *v = cJSON_GetArrayItem(values, r);
            switch (c) {
            case 0: /* a null text is an empty string: astropy masks it in FITS, keeps it in VOTable */
                if (!fixture_name[r] && strcmp(fmt, "FITS") == 0)
                    CHECK(cJSON_IsNull(v), "%s: row %d null name reads as masked", fmt, r);
                else
                    CHECK(cJSON_IsString(v) && strcmp(v->valuestring, fixture_name[r] ? fixture_name[r] : "") == 0,
                          "%s: row %d name", fmt, r);
                break;
            case 1: /* JSON numbers are doubles: every count of the fixture is exact in a double */
                if (fixture_n_null[r])
                    CHECK(cJSON_IsNull(v), "%s: row %d null count reads as masked", fmt, r);
                else
                    CHECK(cJSON_IsNumber(v) && v->valuedouble == (double)fixture_n[r], "%s: row %d count %.17g",
                          fmt, r, v->valuedouble);
                break;
            default: {
                double want = c == 2 ? fixture_z[r] : fixture_offset[r];
                if (isnan(want))
                    CHECK(cJSON_IsNull(v), "%s: row %d col %d null reads as masked or NaN", fmt, r, c);
                else /* Python's float repr round-trips exactly */
                    CHECK(cJSON_IsNumber(v) && v->valuedouble == want, "%s: row %d col %d %.17g, want %.17g", fmt,
                          r, c, v->valuedouble, want);
            }
            }
        }
    }
}

int main(void)
{
    if (system(PYTHON " -c 'import astropy' >/dev/null 2>&1") != 0)
        SKIP(PYTHON " with astropy is not installed (Debian: python3-astropy)");
    char dir[] = "/tmp/ifscat-test-astropy.XXXXXX", fitspath[128], votpath[128], pypath[128], cmd[512];
    if (!mkdtemp(dir))
        SKIP("cannot create a temporary directory");
    snprintf(fitspath, sizeof fitspath, "%s/t.fits", dir);
    snprintf(votpath, sizeof votpath, "%s/t.vot", dir);
    snprintf(pypath, sizeof pypath, "%s/read.py", dir);

    ifs_table *t = fixture_table();
    ifs_error err;
    CHECK(ifs_table_write(t, IFS_FORMAT_FITS, fitspath, &err) == 0, "write FITS: %s", err.msg);
    CHECK(ifs_table_write(t, IFS_FORMAT_VOTABLE, votpath, &err) == 0, "write VOTable: %s", err.msg);
    ifs_table_free(t);
    FILE *py = fopen(pypath, "w");
    CHECK(py && fputs(script, py) >= 0 && fclose(py) == 0, "write %s", pypath);

    snprintf(cmd, sizeof cmd, PYTHON " %s %s %s '%s'", pypath, fitspath, votpath, FIXTURE_TITLE);
    FILE *p = popen(cmd, "r");
    static char out[65536];
    size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
    out[n] = 0;
    int rc = p ? pclose(p) : -1;
    CHECK(rc == 0, "astropy read both files without error or warning (see its message above)");
    cJSON *res = cJSON_Parse(out);
    CHECK(res != NULL, "astropy's summary is JSON: %.200s", out);
    if (res) {
        compare(cJSON_GetObjectItem(res, "fits"), "FITS");
        compare(cJSON_GetObjectItem(res, "votable"), "VOTable");
        const char *title = cJSON_GetStringValue(cJSON_GetObjectItem(res, "votable_title"));
        CHECK(title && strcmp(title, FIXTURE_TITLE) == 0, "VOTable TABLE name %s", title);
    }
    cJSON_Delete(res);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_report("test_table_astropy");
}
