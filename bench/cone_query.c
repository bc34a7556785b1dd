/* cone_query.c: cone searches (q3c_radial_query) in the catalog of $IFSCAT_DB, every other one
 * centred on a catalog target (at least one hit, rows returned) and the others at random positions
 * (mostly empty): cone_query NQUERIES RADIUS_ARCSEC.  Called by bench/bench_catalog.sh once it has filled the
 * table; prints a RESULT line for bench/run (goal: < 10 ms per query). */
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *conninfo = getenv("IFSCAT_DB");
    if (argc != 3 || !conninfo || atoi(argv[1]) < 1) {
        fprintf(stderr, "usage: IFSCAT_DB=CONNINFO cone_query NQUERIES RADIUS_ARCSEC\n");
        return 2;
    }
    int n = atoi(argv[1]);
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "cone_query: %s", PQerrorMessage(c));
        return 1;
    }
    PGresult *r = PQexec(c, "SELECT count(*) FROM ifscat.target");
    long ntargets = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    /* Centres of the hitting queries: targets drawn at random (not timed). */
    PGresult *centres = PQexec(c, "SELECT ra_deg, dec_deg FROM ifscat.target WHERE ra_deg IS NOT NULL "
                                  "ORDER BY random() LIMIT 1000");
    int ncentres = PQresultStatus(centres) == PGRES_TUPLES_OK ? PQntuples(centres) : 0;
    r = PQprepare(c, "cone",
                  "SELECT name FROM ifscat.target WHERE q3c_radial_query(ra_deg, dec_deg, $1::float8, $2::float8,"
                  " $3::float8 / 3600)",
                  3, NULL);
    PQclear(r);
    double *ms = malloc((size_t)n * sizeof *ms);
    long found = 0;
    srand(12345);
    for (int i = 0; i < n; i++) {
        char ra[32], dec[32];
        if (i % 2 == 0 && ncentres) {
            snprintf(ra, sizeof ra, "%s", PQgetvalue(centres, (i / 2) % ncentres, 0));
            snprintf(dec, sizeof dec, "%s", PQgetvalue(centres, (i / 2) % ncentres, 1));
        } else {
            snprintf(ra, sizeof ra, "%.6f", 360.0 * rand() / RAND_MAX);
            snprintf(dec, sizeof dec, "%.6f", asin(2.0 * rand() / RAND_MAX - 1.0) * 180.0 / M_PI);
        }
        const char *params[] = {ra, dec, argv[2]};
        double t0 = now_ms();
        r = PQexecPrepared(c, "cone", 3, params, NULL, NULL, 0);
        ms[i] = now_ms() - t0;
        found += PQntuples(r);
        PQclear(r);
    }
    qsort(ms, (size_t)n, sizeof *ms, compare);
    double mean = 0;
    for (int i = 0; i < n; i++)
        mean += ms[i] / n;
    printf("RESULT\tcone search r=%s\" among %ld targets\t%.3f\tms/query\t< 10 ms\t%s\tmedian %.3f, p99 %.3f ms;"
           " %d queries (half centred on targets), %ld rows returned\n",
           argv[2], ntargets, mean, mean < 10 ? "ok" : "MISS", ms[n / 2], ms[(n * 99) / 100], n, found);
    PQclear(centres);
    free(ms);
    PQfinish(c);
    return 0;
}
