/* ifscat/db.h: reaching the catalog database (explicit conninfo, IFSCAT_DB, PG* variables or the
 * embedded cluster), running parameterised SQL, transactions and schema migrations. */
#ifndef IFSCAT_DB_H
#define IFSCAT_DB_H

#include <libpq-fe.h>
#include <stddef.h>

#include "ifscat/error.h"
#include "ifscat/table.h"

/* Where a connection string came from, in the order they are tried. */
typedef enum {
    IFS_CONN_EXPLICIT, /* --db CONNINFO */
    IFS_CONN_ENV,      /* IFSCAT_DB */
    IFS_CONN_PGENV,    /* PGHOST, PGDATABASE, PGSERVICE, ... (libpq reads them itself) */
    IFS_CONN_EMBEDDED  /* the private cluster under $IFSCAT_HOME */
} ifs_conn_source;

/* Flags for ifs_db_open. */
enum {
    IFS_DB_NO_SCHEMA_CHECK = 1 /* do not require the schema to be current (db migrate, db psql) */
};

/* Picks the connection string: explicit (may be NULL), then IFSCAT_DB, then the PG* environment
 * (returns ""), then the embedded cluster.  *conninfo is malloc'ed; the caller frees it. */
int ifs_db_resolve(const char *explicit_conninfo, char **conninfo, ifs_conn_source *source,
                   ifs_error *err);

/* Resolves, connects and checks the schema version.  For the embedded default the cluster is
 * initialised, started and migrated when needed.  Fails with one sentence (no libpq dump) when the
 * server is unreachable, and with the command to run when the schema is behind.
 * *out is NULL on failure; close with PQfinish. */
int ifs_db_open(const char *explicit_conninfo, unsigned flags, PGconn **out, ifs_error *err);

/* Runs one statement with text parameters (NULL entries are SQL NULL).  Returns the result
 * (tuples or command OK), or NULL with err set to the server's message.  PQclear the result. */
PGresult *ifs_db_query(PGconn *conn, const char *sql, int nparams, const char *const *params,
                       ifs_error *err);
/* As ifs_db_query with per-parameter byte lengths and formats (1 = binary, as made by
 * ifscat/pgbinary.h; 0 = text); lengths and formats may be NULL when every parameter is text. */
PGresult *ifs_db_query_formats(PGconn *conn, const char *sql, int nparams, const char *const *params,
                               const int *lengths, const int *formats, ifs_error *err);
/* As ifs_db_query, for statements whose result is not needed. */
int ifs_db_exec(PGconn *conn, const char *sql, int nparams, const char *const *params, ifs_error *err);

/* The stored run (a fit of an observation, a derive of a fit) that sql, taking one parameter key,
 * returns as (id, settings_sha256): *id (0 when there is none) and *same = 1 when its settings hash
 * is sha256, i.e. the run would write nothing new. */
int ifs_db_stored_run(PGconn *conn, const char *sql, const char *key, const char *sha256, long long *id, int *same,
                      ifs_error *err);

int ifs_db_begin(PGconn *conn, ifs_error *err);
int ifs_db_commit(PGconn *conn, ifs_error *err);
/* Rolls back if a transaction is open; never fails (the connection may be gone). */
void ifs_db_rollback(PGconn *conn);

/* Fills err from a failed result: the server's primary message, its detail and hint. */
int ifs_db_result_error(const PGresult *res, PGconn *conn, ifs_error *err);

/* The text form of a one-dimensional float4[] or float8[] ("{0.6,NaN,...}", NULL elements as NaN)
 * into exactly n doubles; -1 when the text does not hold n numbers. */
int ifs_db_parse_doubles(const char *text, size_t n, double *out);
/* The text form of a bit string of n bits ("0110...") into n values 0 or 1; -1 otherwise. */
int ifs_db_parse_bits(const char *text, size_t n, unsigned char *out);

/* Appends every row of a query result to t, matching the table's columns to result columns by
 * name (PQfnumber); SQL NULL stays null.  Fails naming a column the query does not return. */
int ifs_db_fill_table(const PGresult *res, ifs_table *t, ifs_error *err);

/* --- schema migrations (sql/NNNN_name.sql, compiled into the binary) ---------------------- */

typedef struct ifs_migration {
    int version;
    const char *name;
    const char *sql;
} ifs_migration;

extern const ifs_migration ifs_migrations[];
extern const int ifs_migrations_count;

/* The newest migration this binary carries. */
int ifs_schema_version_expected(void);
/* The schema's version: the newest migration of this binary up to which every one is recorded in
 * the database (0 when the schema does not exist yet), or, when the database records a migration
 * newer than this binary knows, that one.  Migration numbers are reserved per feature and may land
 * out of order (0005 before 0003): a catalog with 1, 2 and 5 is at version 2 for a binary that
 * carries 3. */
int ifs_schema_version(PGconn *conn, int *version, ifs_error *err);
/* Applies every migration of this binary not recorded in the database, in order, in one
 * transaction under an advisory lock; idempotent.  *applied counts the migrations run (may be
 * NULL). */
int ifs_schema_migrate(PGconn *conn, int *applied, ifs_error *err);

#endif
