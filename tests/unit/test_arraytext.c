/* test_arraytext.c: PostgreSQL's text forms of arrays and bit strings (values written by hand in
 * the server's output format: float8out, array_out, bit_out). */
#include "check.h"

#include "ifscat/db.h"

int main(void)
{
    double v[4];
    CHECK(ifs_db_parse_doubles("{0.6,-1.25e-05,NaN,NULL}", 4, v) == 0, "four elements");
    CHECK_CLOSE(v[0], 0.6, 0, "first");
    CHECK_CLOSE(v[1], -1.25e-05, 0, "exponent");
    CHECK(isnan(v[2]) && isnan(v[3]), "NaN and NULL read as NaN");
    CHECK(ifs_db_parse_doubles("{Infinity,-Infinity}", 2, v) == 0 && isinf(v[0]) && v[1] < 0, "infinities");
    CHECK(ifs_db_parse_doubles("{1,2,3}", 2, v) == -1, "more elements than asked");
    CHECK(ifs_db_parse_doubles("{1,2}", 3, v) == -1, "fewer elements than asked");
    CHECK(ifs_db_parse_doubles("1,2", 2, v) == -1, "no braces");
    CHECK(ifs_db_parse_doubles("{1,x}", 2, v) == -1, "not a number");
    CHECK(ifs_db_parse_doubles("{}", 0, v) == 0, "empty array");
    unsigned char b[5];
    CHECK(ifs_db_parse_bits("01101", 5, b) == 0 && b[0] == 0 && b[1] == 1 && b[2] == 1 && b[3] == 0 && b[4] == 1,
          "bits in order");
    CHECK(ifs_db_parse_bits("0110", 5, b) == -1, "too short");
    CHECK(ifs_db_parse_bits("01a01", 5, b) == -1, "not a bit");
    return check_report("test_arraytext");
}
