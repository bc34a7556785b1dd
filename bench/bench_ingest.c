/* bench_ingest.c: ingest of a 57 x 57 x 941 NIRSpec PRISM cube (SCI + ERR + DQ, ~37 MB) from
 * file to committed rows: throughput, the split between hashing, FITS reading and writing (binary
 * COPY + commit), and the ingesting process's peak memory against 3 x one extension; then the
 * unchanged re-ingest as a user runs it (the ifscat command, wall clock).  Run by bench/run,
 * which provides the catalog (IFSCAT_DB), the binary (IFSCAT_BIN) and a directory (BENCH_TMP).
 * Each ingest runs in a fresh process so that its peak memory is its own. */
#include "ifscat/db.h"
#include "ifscat/ingest.h"
#include "ifscat/mock.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { NCUBES = 3, NUNCHANGED = 7 };
#define TARGET "bench_ingest"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int die(const char *what, const ifs_error *err)
{
    fprintf(stderr, "bench_ingest: %s: %s\n", what, err ? err->msg : "failed");
    return 1;
}

/* kB of a /proc/self/status field, or 0. */
static long status_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            kb = atol(line + n + 1);
    if (f)
        fclose(f);
    return kb;
}

/* Child: one ingest, then "hash read write peak_rss_kb file_kb" on stdout: the peak resident set
 * and the file-backed part of it at the end (library code and data pages, which stay resident:
 * peak - file is the peak of the memory the ingest allocated). */
static int child(const char *path)
{
    PGconn *conn;
    ifs_error err;
    if (ifs_db_open(NULL, 0, &conn, &err))
        return die("connect", &err);
    ifs_ingest_options o = {TARGET, NULL, {NULL, IFS_MEDIUM_UNSTATED, 0}};
    ifs_ingest_result r;
    int status = ifs_ingest_file(conn, path, &o, &r, &err);
    PQfinish(conn);
    if (status || r.unchanged)
        return die("ingest", status ? &err : NULL);
    printf("%.6f %.6f %.6f %ld %ld\n", r.seconds_hash, r.seconds_read, r.seconds_write,
           status_kb("VmHWM"), status_kb("RssFile") + status_kb("RssShmem"));
    return 0;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int run_quiet(char *const argv[])
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int st = -1;
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) == 0)
        waitpid(pid, &st, 0);
    posix_spawn_file_actions_destroy(&fa);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--child") == 0)
        return child(argv[2]);
    const char *tmp = getenv("BENCH_TMP"), *bin = getenv("IFSCAT_BIN");
    if (!tmp || !bin || !getenv("IFSCAT_DB")) {
        fprintf(stderr, "bench_ingest: run through bench/run\n");
        return 1;
    }
    ifs_error err;
    ifs_mock_params p;
    ifs_mock_defaults(&p); /* 57 x 57 x 941, WAVE-TAB */
    char path[NCUBES][4096];
    for (int i = 0; i < NCUBES; i++) {
        ifs_mock_model *m;
        p.seed = (unsigned long)i + 1;
        snprintf(path[i], sizeof path[i], "%s/bench_ingest_%d.fits", tmp, i);
        if (ifs_mock_model_build(&p, &m, &err) || ifs_mock_write_fits(m, path[i], &err))
            return die("mock", &err);
        ifs_mock_model_free(m);
    }
    PGconn *conn;
    if (ifs_db_open(NULL, 0, &conn, &err) ||
        ifs_db_exec(conn, "INSERT INTO ifscat.target (name, z, mu, dl_mpc, da_mpc, scale_kpc_arcsec, age_gyr) "
                          "VALUES ('" TARGET "', 8, 1, 80000, 1000, 4.9, 0.65)", 0, NULL, &err))
        return die("catalog", &err);
    PQfinish(conn);

    double total[NCUBES], hash[NCUBES], rd[NCUBES], wr[NCUBES];
    long rss = 0, anon = 0;
    struct stat st;
    stat(path[0], &st);
    double mb = (double)st.st_size / 1e6;
    for (int i = 0; i < NCUBES; i++) {
        char cmd[8400];
        snprintf(cmd, sizeof cmd, "'%s' --child '%s'", argv[0], path[i]);
        FILE *f = popen(cmd, "r");
        long kb = 0, file_kb = 0;
        if (!f || fscanf(f, "%lf %lf %lf %ld %ld", &hash[i], &rd[i], &wr[i], &kb, &file_kb) != 5 ||
            pclose(f) != 0)
            return die("child ingest", NULL);
        total[i] = hash[i] + rd[i] + wr[i];
        if (kb > rss)
            rss = kb;
        if (kb - file_kb > anon)
            anon = kb - file_kb;
    }
    /* Report the median run and its split. */
    double sorted[NCUBES];
    memcpy(sorted, total, sizeof sorted);
    qsort(sorted, NCUBES, sizeof sorted[0], cmp);
    int med = 0;
    for (int i = 0; i < NCUBES; i++)
        if (total[i] == sorted[NCUBES / 2])
            med = i;
    double ext_mb = (double)(p.nx * p.ny * p.nwave * sizeof(float)) / 1e6;
    double peak_mb = (double)rss * 1024 / 1e6, anon_mb = (double)anon * 1024 / 1e6;

    double un[NUNCHANGED];
    for (int i = 0; i < NUNCHANGED; i++) {
        char *args[] = {(char *)bin, "ingest", path[NCUBES - 1], "--target", TARGET, NULL};
        double t0 = now_s();
        if (run_quiet(args) != 0)
            return die("unchanged re-ingest", NULL);
        un[i] = now_s() - t0;
    }
    qsort(un, NUNCHANGED, sizeof un[0], cmp);

    double mbs = mb / total[med], un_ms = 1e3 * un[NUNCHANGED / 2];
    printf("RESULT\tingest 57x57x941 PRISM cube, file to committed rows\t%.0f\tMB/s\t>= 100\t%s\t"
           "%.1f MB file, median of %d: sha256 %.0f ms, FITS read %.0f ms, COPY + commit %.0f ms\n",
           mbs, mbs >= 100 ? "ok" : "MISS", mb, NCUBES, 1e3 * hash[med], 1e3 * rd[med], 1e3 * wr[med]);
    printf("RESULT\tingest peak memory (peak RSS - library pages)\t%.1f\tMB\t< %.1f\t%s\t"
           "3 x one %.1f MB extension; peak RSS with shared libraries %.1f MB\n",
           anon_mb, 3 * ext_mb, anon_mb < 3 * ext_mb ? "ok" : "MISS", ext_mb, peak_mb);
    printf("RESULT\tunchanged re-ingest ('ifscat ingest' wall clock)\t%.0f\tms\t< 100\t%s\tmedian of %d\n",
           un_ms, un_ms < 100 ? "ok" : "MISS", NUNCHANGED);
    for (int i = 0; i < NCUBES; i++)
        remove(path[i]);
    return 0;
}
