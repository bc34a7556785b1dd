/* fill_table.c: query results into result tables, column by column name. */
#include "ifscat/db.h"

#include <stdlib.h>

int ifs_db_fill_table(const PGresult *res, ifs_table *t, ifs_error *err)
{
    size_t ncols = ifs_table_ncols(t);
    int *field = malloc((ncols ? ncols : 1) * sizeof *field);
    if (!field)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
    for (size_t c = 0; c < ncols; c++)
        if ((field[c] = PQfnumber(res, ifs_table_column(t, c)->name)) < 0) {
            int code = ifs_error_set(err, IFS_ERR_STATE, "query does not return column '%s'",
                                     ifs_table_column(t, c)->name);
            free(field);
            return code;
        }
    for (int r = 0; r < PQntuples(res); r++) {
        long row = ifs_table_append(t);
        if (row < 0) {
            free(field);
            return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory");
        }
        for (size_t c = 0; c < ncols; c++) {
            if (PQgetisnull(res, r, field[c]))
                continue;
            const char *v = PQgetvalue(res, r, field[c]);
            switch (ifs_table_column(t, c)->type) {
            case IFS_COL_TEXT: ifs_table_set_text(t, (size_t)row, c, v); break;
            case IFS_COL_INT: ifs_table_set_int(t, (size_t)row, c, atoll(v)); break;
            case IFS_COL_REAL: ifs_table_set_real(t, (size_t)row, c, strtod(v, NULL)); break;
            }
        }
    }
    free(field);
    return IFS_OK;
}
