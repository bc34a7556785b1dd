/* sample_stream.c: the own sample streamed from the server with COPY ... TO STDOUT and parsed by a
 * reader thread while the caller works on the previous batch, so that the server's query, the
 * parsing and the caller's computation overlap. */
#include "ifscat/sample.h"

#include "ifscat/db.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One row per galaxy or satellite with its best values (view best_property: values ifscat derived
 * first, then the most recent), pivoted in one pass over best_property; the same projection as
 * view galaxy_summary, which joins best_property once per quantity and is slower on large
 * catalogs.  COPY takes no parameters, hence one constant statement per sample kind. */
#define PIVOT(q)                                                                                   \
    "max(b.value) FILTER (WHERE b.quantity = '" q "'), max(b.err_lo) FILTER (WHERE b.quantity = '" q "'), " \
    "max(b.err_hi) FILTER (WHERE b.quantity = '" q "')"
#define SAMPLE_COPY(kinds)                                                                         \
    "COPY (SELECT t.target_id, t.name, t.kind, t.z, t.age_gyr, " PIVOT("logm") ", " PIVOT("logsfr") ", " PIVOT("oh") ", " \
    PIVOT("gradient") " FROM ifscat.target t LEFT JOIN ifscat.best_property b ON b.target_id = t.target_id"     \
    " AND b.quantity IN ('logm', 'logsfr', 'oh', 'gradient') WHERE t.kind IN " kinds                 \
    " GROUP BY t.target_id ORDER BY t.target_id) TO STDOUT"
static const char *const sample_copy[] = {SAMPLE_COPY("('galaxy')"), SAMPLE_COPY("('satellite')"),
                                          SAMPLE_COPY("('galaxy', 'satellite')")};
enum { NFIELDS = 17 };

typedef struct {
    ifs_galaxy *g;
    size_t n;
    char *text;   /* the batch's names and kinds, unescaped */
    size_t tlen, tcap;
} batch_buf;

typedef struct {
    PGconn *conn;
    size_t batch;
    batch_buf buf[2];
    int full[2];  /* buf[i] is ready for the consumer */
    int done, stop, status;
    ifs_error err;
    pthread_mutex_t lock;
    pthread_cond_t cond;
} stream;

/* Appends the COPY text field [s, e) unescaped (text format: backslash escapes) to the batch's
 * text; returns its offset, or -1 when out of memory. */
static long add_text(batch_buf *b, const char *s, const char *e)
{
    size_t need = b->tlen + (size_t)(e - s) + 1;
    if (need > b->tcap) {
        size_t cap = 2 * need;
        char *t = realloc(b->text, cap);
        if (!t)
            return -1;
        b->text = t;
        b->tcap = cap;
    }
    long off = (long)b->tlen;
    char *d = b->text + b->tlen;
    for (; s < e; s++) {
        if (*s == '\\' && s + 1 < e) {
            s++;
            *d++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
        } else {
            *d++ = *s;
        }
    }
    *d++ = '\0';
    b->tlen = (size_t)(d - b->text);
    return off;
}

static double field_real(const char *s, const char *e)
{
    if (e - s == 2 && s[0] == '\\' && s[1] == 'N')
        return NAN;
    return strtod(s, NULL);
}

/* Parses one COPY line into g (text offsets stored in the name/kind pointers until the batch is
 * complete and its text buffer final). */
static int parse_line(batch_buf *b, const char *line, int len, ifs_galaxy *g)
{
    const char *f[NFIELDS + 1], *end = line + len;
    int n = 0;
    f[n++] = line;
    for (const char *p = line; p < end && n <= NFIELDS; p++)
        if (*p == '\t')
            f[n++] = p + 1;
    if (n != NFIELDS)
        return -1;
    f[NFIELDS] = end[-1] == '\n' ? end : end + 1; /* so that field i ends at f[i+1] - 1 */
    long name = add_text(b, f[1], f[2] - 1), kind = add_text(b, f[2], f[3] - 1);
    if (name < 0 || kind < 0)
        return -1;
    double v[NFIELDS];
    for (int i = 3; i < NFIELDS; i++)
        v[i] = field_real(f[i], f[i + 1] - 1);
    *g = (ifs_galaxy){.target_id = strtoll(f[0], NULL, 10), .name = (const char *)(intptr_t)name,
                      .kind = (const char *)(intptr_t)kind, .z = v[3], .age_gyr = v[4], .logm = {v[5], v[6], v[7]},
                      .logsfr = {v[8], v[9], v[10]}, .oh = {v[11], v[12], v[13]}, .gradient = {v[14], v[15], v[16]}};
    return 0;
}

static void finish_batch(batch_buf *b)
{
    for (size_t i = 0; i < b->n; i++) {
        b->g[i].name = b->text + (intptr_t)b->g[i].name;
        b->g[i].kind = b->text + (intptr_t)b->g[i].kind;
    }
}

/* Hands buffer k to the consumer and waits for the other one to be free; 0, or -1 to stop. */
static int publish(stream *s, int k)
{
    pthread_mutex_lock(&s->lock);
    s->full[k] = 1;
    pthread_cond_broadcast(&s->cond);
    while (s->full[!k] && !s->stop)
        pthread_cond_wait(&s->cond, &s->lock);
    int stop = s->stop;
    pthread_mutex_unlock(&s->lock);
    return stop ? -1 : 0;
}

static void *reader(void *arg)
{
    stream *s = arg;
    int k = 0, stopped = 0;
    long line_no = 0;
    for (;;) {
        char *line = NULL;
        int len = PQgetCopyData(s->conn, &line, 0);
        if (len == -1)
            break; /* end of the COPY */
        if (len < 0) {
            ifs_db_result_error(NULL, s->conn, &s->err);
            s->status = s->err.code;
            break;
        }
        line_no++;
        batch_buf *b = &s->buf[k];
        if (!stopped && !s->status) {
            if (parse_line(b, line, len, &b->g[b->n])) {
                s->status = ifs_error_set(&s->err, IFS_ERR_DB, "sample row %ld: unexpected COPY data", line_no);
            } else if (++b->n == s->batch) {
                finish_batch(b);
                stopped = publish(s, k) < 0;
                k = !k;
            }
        }
        PQfreemem(line); /* after a stop or an error the COPY is drained to its end */
    }
    if (!stopped && !s->status && s->buf[k].n > 0) {
        finish_batch(&s->buf[k]);
        publish(s, k);
    }
    pthread_mutex_lock(&s->lock);
    s->done = 1;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

int ifs_sample_stream(PGconn *conn, ifs_sample_kind kind, size_t batch, ifs_galaxy_batch_fn fn, void *ctx,
                      ifs_error *err)
{
    if (batch == 0)
        batch = 1;
    /* JIT compilation costs a few tenths of a second per query and gains nothing on this scan. */
    int status = ifs_db_exec(conn, "BEGIN READ ONLY", 0, NULL, err);
    if (status || (status = ifs_db_exec(conn, "SET LOCAL jit = off", 0, NULL, err)))
        goto exit;
    stream s = {.conn = conn, .batch = batch};
    for (int i = 0; i < 2; i++)
        if (!(s.buf[i].g = malloc(batch * sizeof *s.buf[i].g))) {
            status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for a batch of %zu galaxies", batch);
            goto free_buffers;
        }
    PGresult *res = PQexec(conn, sample_copy[kind]);
    if (PQresultStatus(res) != PGRES_COPY_OUT) {
        status = ifs_db_result_error(res, conn, err);
        PQclear(res);
        goto free_buffers;
    }
    PQclear(res);
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.cond, NULL);
    pthread_t tid;
    if (pthread_create(&tid, NULL, reader, &s)) {
        status = ifs_error_set(err, IFS_ERR_IO, "cannot start the reader thread");
        char *line;
        while (PQgetCopyData(conn, &line, 0) >= 0) /* drain the COPY */
            PQfreemem(line);
    } else {
        int k = 0;
        for (;;) {
            pthread_mutex_lock(&s.lock);
            while (!s.full[k] && !s.done)
                pthread_cond_wait(&s.cond, &s.lock);
            int have = s.full[k];
            pthread_mutex_unlock(&s.lock);
            if (!have)
                break;
            if (!status)
                status = fn(s.buf[k].g, s.buf[k].n, ctx, err);
            pthread_mutex_lock(&s.lock);
            s.buf[k].n = s.buf[k].tlen = 0;
            s.full[k] = 0;
            s.stop |= status != 0; /* the reader drains the rest of the COPY */
            pthread_cond_broadcast(&s.cond);
            pthread_mutex_unlock(&s.lock);
            k = !k;
        }
        pthread_join(tid, NULL);
        if (!status && s.status) {
            *err = s.err;
            status = s.status;
        }
    }
    while ((res = PQgetResult(conn))) { /* the COPY's final result */
        if (!status && PQresultStatus(res) != PGRES_COMMAND_OK)
            status = ifs_db_result_error(res, conn, err);
        PQclear(res);
    }
    pthread_cond_destroy(&s.cond);
    pthread_mutex_destroy(&s.lock);
free_buffers:
    for (int i = 0; i < 2; i++) {
        free(s.buf[i].g);
        free(s.buf[i].text);
    }
exit:
    if (status)
        ifs_db_rollback(conn);
    else
        status = ifs_db_commit(conn, err);
    return status;
}
