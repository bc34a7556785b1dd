/* test_table_fixture.h: the table that the table tests write and read back.  The values typed
 * here are the truths the read-back values are compared with. */
#ifndef TEST_TABLE_FIXTURE_H
#define TEST_TABLE_FIXTURE_H

#include <math.h>
#include <stdint.h>

#include "ifscat/table.h"

#define FIXTURE_TITLE "satellite offsets"
#define FIXTURE_ROWS 3

static const ifs_column fixture_cols[] = {
    {"name", IFS_COL_TEXT, "", 0, "Target name"},
    {"n_spaxels", IFS_COL_INT, "", 0, "Number of spaxels with S/N > 3"},
    {"z", IFS_COL_REAL, "", 4, "Spectroscopic redshift"},
    {"fmr_offset", IFS_COL_REAL, "dex", 3,
     "Offset from the fundamental metallicity relation of Curti et al. (2020), observed minus predicted"},
};

/* Row 1 has a null name and count and a null offset; row 2 a null redshift.  INT64_MIN is a real
 * value here, so the FITS null marker has to be another number. */
static const char *const fixture_name[FIXTURE_ROWS] = {"GN-z11 <A&B>", NULL, "quote \" and ' apostrophe"};
static const int fixture_n_null[FIXTURE_ROWS] = {0, 1, 0};
static const long long fixture_n[FIXTURE_ROWS] = {42, 0, INT64_MIN};
static const double fixture_z[FIXTURE_ROWS] = {10.603, 8.4791, NAN};
static const double fixture_offset[FIXTURE_ROWS] = {-0.2513, NAN, 1.2345678901234567};

static ifs_table *fixture_table(void)
{
    ifs_table *t = ifs_table_alloc(FIXTURE_TITLE, 4, fixture_cols);
    for (int r = 0; t && r < FIXTURE_ROWS; r++) {
        ifs_table_append(t);
        ifs_table_set_text(t, r, 0, fixture_name[r]);
        if (!fixture_n_null[r])
            ifs_table_set_int(t, r, 1, fixture_n[r]);
        ifs_table_set_real(t, r, 2, fixture_z[r]);
        ifs_table_set_real(t, r, 3, fixture_offset[r]);
    }
    return t;
}

#endif
