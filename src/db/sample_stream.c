/* sample_stream.c: the own sample streamed from the server with binary COPY ... TO STDOUT (no
 * number formatting on either side) and parsed by a
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
 * first, then the most recent) or its imported ones (view imported_property), pivoted in one pass
 * over the view; the same projection as view galaxy_summary, which joins best_property once per
 * quantity and is slower on large catalogs.  COPY takes no parameters, hence one constant
 * statement per sample kind and choice of values. */
#define PIVOT(q)                                                                                   \
    "max(b.value) FILTER (WHERE b.quantity = '" q "'), max(b.err_lo) FILTER (WHERE b.quantity = '" q "'), " \
    "max(b.err_hi) FILTER (WHERE b.quantity = '" q "')"
#define SAMPLE_COPY(view, kinds)                                                                   \
    "COPY (SELECT t.target_id, t.name, t.kind, t.z, t.age_gyr, " PIVOT("logm") ", " PIVOT("logsfr") ", " PIVOT("oh") ", " \
    PIVOT("gradient") " FROM ifscat.target t LEFT JOIN ifscat." view " b ON b.target_id = t.target_id"          \
    " AND b.quantity IN ('logm', 'logsfr', 'oh', 'gradient') WHERE t.kind IN " kinds                 \
    " GROUP BY t.target_id ORDER BY t.target_id) TO STDOUT (FORMAT binary)"
#define SAMPLE_COPIES(view)                                                                        \
    {SAMPLE_COPY(view, "('galaxy')"), SAMPLE_COPY(view, "('satellite')"), SAMPLE_COPY(view, "('galaxy', 'satellite')")}
static const char *const sample_copy[][3] = {SAMPLE_COPIES("best_property"), SAMPLE_COPIES("imported_property")};
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

/* Appends n bytes of a text field to the batch's text, NUL-terminated; returns its offset, or -1
 * when out of memory. */
static long add_text(batch_buf *b, const unsigned char *s, size_t n)
{
    size_t need = b->tlen + n + 1;
    if (need > b->tcap) {
        size_t cap = 2 * need;
        char *t = realloc(b->text, cap);
        if (!t)
            return -1;
        b->text = t;
        b->tcap = cap;
    }
    long off = (long)b->tlen;
    memcpy(b->text + b->tlen, s, n);
    b->text[b->tlen + n] = '\0';
    b->tlen += n + 1;
    return off;
}

/* Big-endian (network order) integers of the binary COPY format. */
static uint64_t be(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v = v << 8 | p[i];
    return v;
}

/* Parses one binary COPY row (PostgreSQL manual, COPY, "Binary Format": an int16 field count,
 * then per field an int32 length, -1 for NULL, and the value: int8, text, the enum's label,
 * float8) into g; text offsets stand in the name/kind pointers until the batch is complete and its
 * text buffer final.  Returns -1 on a malformed row. */
static int parse_row(batch_buf *b, const unsigned char *p, size_t len, ifs_galaxy *g)
{
    const unsigned char *end = p + len;
    if (len < 2 || be(p, 2) != NFIELDS)
        return -1;
    p += 2;
    long long id = 0;
    long text[3] = {-1, -1, -1};
    double v[NFIELDS];
    for (int i = 0; i < NFIELDS; i++) {
        if (end - p < 4)
            return -1;
        int32_t n = (int32_t)be(p, 4);
        p += 4;
        if (n < 0) {
            if (i < 3)
                return -1; /* id, name and kind are never NULL */
            v[i] = NAN;
            continue;
        }
        if (end - p < n || (i != 1 && i != 2 && n != 8))
            return -1;
        if (i == 0) {
            id = (long long)be(p, 8);
        } else if (i < 3) {
            if ((text[i] = add_text(b, p, (size_t)n)) < 0)
                return -1;
        } else {
            uint64_t bits = be(p, 8);
            memcpy(&v[i], &bits, 8);
        }
        p += n;
    }
    *g = (ifs_galaxy){.target_id = id, .name = (const char *)(intptr_t)text[1], .kind = (const char *)(intptr_t)text[2],
                      .z = v[3], .age_gyr = v[4], .logm = {v[5], v[6], v[7]}, .logsfr = {v[8], v[9], v[10]},
                      .oh = {v[11], v[12], v[13]}, .gradient = {v[14], v[15], v[16]}};
    return 0;
}

/* Length of the binary COPY header at the start of the data (signature, flags, header
 * extension), or 0 when the data do not start with a valid one. */
static size_t header_length(const unsigned char *p, size_t len)
{
    static const unsigned char signature[11] = "PGCOPY\n\377\r\n";
    if (len < 19 || memcmp(p, signature, 11) != 0)
        return 0;
    size_t ext = (size_t)be(p + 15, 4);
    return len >= 19 + ext ? 19 + ext : 0;
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
    int k = 0, stopped = 0, header = 1;
    long row_no = 0;
    for (;;) {
        char *data = NULL;
        int len = PQgetCopyData(s->conn, &data, 0);
        if (len == -1)
            break; /* end of the COPY */
        if (len < 0) {
            ifs_db_result_error(NULL, s->conn, &s->err);
            s->status = s->err.code;
            break;
        }
        const unsigned char *p = (const unsigned char *)data;
        size_t n = (size_t)len;
        if (header) { /* the file header, alone or in front of the first row */
            size_t h = header_length(p, n);
            if (!h && !s->status)
                s->status = ifs_error_set(&s->err, IFS_ERR_DB, "sample: the server's COPY has no binary header");
            p += h;
            n -= h;
            header = 0;
        }
        int trailer = n == 2 && be(p, 2) == 0xFFFF;
        batch_buf *b = &s->buf[k];
        if (n > 0 && !trailer && !stopped && !s->status) {
            row_no++;
            if (parse_row(b, p, n, &b->g[b->n])) {
                s->status = ifs_error_set(&s->err, IFS_ERR_DB, "sample row %ld: unexpected COPY data", row_no);
            } else if (++b->n == s->batch) {
                finish_batch(b);
                stopped = publish(s, k) < 0;
                k = !k;
            }
        }
        PQfreemem(data); /* after a stop or an error the COPY is drained to its end */
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

int ifs_sample_stream(PGconn *conn, ifs_sample_kind kind, ifs_values values, size_t batch, ifs_galaxy_batch_fn fn,
                      void *ctx, ifs_error *err)
{
    if (batch == 0)
        batch = 1;
    int status = ifs_db_exec(conn, "BEGIN READ ONLY", 0, NULL, err);
    if (status)
        goto exit;
    stream s = {.conn = conn, .batch = batch};
    for (int i = 0; i < 2; i++)
        if (!(s.buf[i].g = malloc(batch * sizeof *s.buf[i].g))) {
            status = ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for a batch of %zu galaxies", batch);
            goto free_buffers;
        }
    PGresult *res = PQexec(conn, sample_copy[values][kind]);
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
