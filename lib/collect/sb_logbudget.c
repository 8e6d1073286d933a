#include "sb_logbudget.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include <zlib.h>

#include "sb_alloc.h"
#include "sb_buf.h"

/* What one member costs besides its text: the 512-byte tar header, with
 * its path and octal fields, deflated (measured about 60 to 90 bytes;
 * rounded up so the estimate errs on the large side). */
#define MEMBER_COST 128
#define COPY_CHUNK 65536

struct stream {
    char *path;
    uint64_t off, len;      /* in the spool */
    uint64_t zlen;          /* its text deflated at level 1 */
    uint64_t kept;          /* bytes written by write() */
    uint64_t lines_kept, lines_dropped;
};

/* 56 bytes a record, 1 GiB of them: 19 million streams, past any
 * cluster's */
#define STREAMS_MAX (((size_t)1 << 30) / sizeof(struct stream))

struct sb_logbudget {
    pthread_mutex_t mu;
    FILE *spool;
    uint64_t spool_len;
    uint64_t max_stream;
    struct stream *streams; /* SB_ARRAY_GROW array of 'n' */
    size_t n, alloc;
    uint64_t avail, share;
    bool written;
};

int sb_logbudget_new(uint64_t max_stream, struct sb_logbudget **out,
                     struct sb_err *err)
{
    struct sb_logbudget *b = sb_calloc(1, sizeof(*b));

    *out = NULL;
    if (!b)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    pthread_mutex_init(&b->mu, NULL);
    b->max_stream = max_stream;
    *out = b;
    return 0;
}

void sb_logbudget_free(struct sb_logbudget *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        sb_free(b->streams[i].path);
    sb_free(b->streams);
    if (b->spool)
        fclose(b->spool);
    pthread_mutex_destroy(&b->mu);
    sb_free(b);
}

/* Appends 'n' bytes to the spool and to the deflate estimate. */
static int spool_add(struct sb_logbudget *b, z_stream *z, const void *p,
                     size_t n, uint64_t *zlen)
{
    unsigned char out[COPY_CHUNK];

    if (n && fwrite(p, 1, n, b->spool) != n)
        return SB_E_IO;
    z->next_in = (unsigned char *)(uintptr_t)p;
    z->avail_in = (uInt)n;
    do {
        z->next_out = out;
        z->avail_out = sizeof(out);
        if (deflate(z, Z_NO_FLUSH) == Z_STREAM_ERROR)
            return SB_E_INTERNAL;
        *zlen += sizeof(out) - z->avail_out;
    } while (z->avail_out == 0);
    return 0;
}

static int deflate_end(z_stream *z, uint64_t *zlen)
{
    unsigned char out[COPY_CHUNK];
    int zr;

    do {
        z->next_out = out;
        z->avail_out = sizeof(out);
        zr = deflate(z, Z_FINISH);
        if (zr == Z_STREAM_ERROR)
            return SB_E_INTERNAL;
        *zlen += sizeof(out) - z->avail_out;
    } while (zr != Z_STREAM_END);
    return 0;
}

/* Copies the text into the spool; called with the lock held. */
static int hold_locked(struct sb_logbudget *b, struct stream *s,
                       const void *data, size_t len, FILE *f)
{
    char chunk[COPY_CHUNK];
    z_stream z;
    size_t n;
    int rc;

    memset(&z, 0, sizeof(z));
    if (deflateInit(&z, 1) != Z_OK)
        return SB_E_NOMEM;
    if (data) {
        rc = spool_add(b, &z, data, len, &s->zlen);
        s->len = len;
    } else {
        rc = fseek(f, 0, SEEK_SET) ? SB_E_IO : 0;
        while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
            rc = spool_add(b, &z, chunk, n, &s->zlen);
            s->len += n;
        }
        if (!rc && ferror(f))
            rc = SB_E_IO;
    }
    if (!rc)
        rc = deflate_end(&z, &s->zlen);
    deflateEnd(&z);
    return rc;
}

int sb_logbudget_hold(struct sb_logbudget *b, const char *path,
                      const void *data, size_t len, FILE *f,
                      struct sb_err *err)
{
    struct stream s;
    int rc = 0;

    memset(&s, 0, sizeof(s));
    pthread_mutex_lock(&b->mu);
    if (b->written) {
        rc = sb_err_set(err, SB_E_INTERNAL, "log '%s' held after the "
                        "budget was written", path);
        goto cleanup;
    }
    if (!b->spool && !(b->spool = tmpfile())) {
        rc = sb_err_set(err, SB_E_IO, "cannot hold log '%s': cannot create "
                        "a temporary file: %s", path, strerror(errno));
        goto cleanup;
    }
    s.path = sb_strdup(path);
    if (!s.path) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    s.off = b->spool_len;
    rc = fseeko(b->spool, (off_t)s.off, SEEK_SET) ? SB_E_IO
       : hold_locked(b, &s, data, len, f);
    if (rc) {
        rc = sb_err_set(err, rc, "cannot hold log '%s': %s", path,
                        rc == SB_E_IO ? strerror(errno) : "out of memory");
    } else if (s.len > b->max_stream) {
        rc = sb_err_set(err, SB_E_TOOBIG, "cannot hold log '%s': %llu "
                        "bytes, more than a stream may have (%llu)", path,
                        (unsigned long long)s.len,
                        (unsigned long long)b->max_stream);
    } else if ((rc = SB_ARRAY_GROW(b->streams, b->n + 1, b->alloc,
                                   STREAMS_MAX))) {
        if (rc == SB_E_TOOBIG)
            rc = sb_err_set(err, rc, "cannot hold log '%s': more than %zu "
                            "streams", path, STREAMS_MAX);
        else
            rc = sb_err_set(err, rc, "out of memory");
    }
    if (rc) {
        sb_free(s.path);
        goto cleanup;
    }
    b->streams[b->n++] = s;
    b->spool_len += s.len;
cleanup:
    pthread_mutex_unlock(&b->mu);
    return rc;
}

void sb_logbudget_stats(const struct sb_logbudget *b, uint64_t *streams,
                        uint64_t *bytes)
{
    *streams = b->n;
    *bytes = b->spool_len;
}

/* The estimated compressed cost of every stream keeping at most 'q'
 * bytes; stops counting past 'limit'. */
static uint64_t cost(const struct sb_logbudget *b, uint64_t q,
                     uint64_t limit)
{
    const struct stream *s = b->streams;
    uint64_t sum = 0;

    for (size_t i = 0; i < b->n && sum <= limit; i++) {
        uint64_t k = s[i].len < q ? s[i].len : q;
        /* a kept suffix compresses like its stream: zlen * k / len,
         * rounded up, in double to avoid overflow on big streams */
        uint64_t z = s[i].len ? (uint64_t)((double)s[i].zlen * (double)k /
                                           (double)s[i].len) + 1 : 0;
        sum += z + MEMBER_COST;
    }
    return sum;
}

uint64_t sb_logbudget_share(const struct sb_logbudget *b, uint64_t avail)
{
    const struct stream *s = b->streams;
    uint64_t lo = 0, hi = 0;

    for (size_t i = 0; i < b->n; i++)
        if (s[i].len > hi)
            hi = s[i].len;
    if (cost(b, hi, avail) <= avail)
        return UINT64_MAX;
    if (cost(b, 0, avail) > avail)
        return 0;
    /* cost() grows with q: the largest q that fits, by bisection
     * (n log(longest stream) steps, no sort) */
    while (lo + 1 < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (cost(b, mid, avail) <= avail)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Reads stream 's' from its first kept byte into 'text': the newest
 * whole lines within 'q' bytes. */
static int read_kept(struct sb_logbudget *b, struct stream *s, uint64_t q,
                     struct sb_buf *text)
{
    uint64_t skip = s->len > q ? s->len - q : 0;
    size_t start = 0, i;

    sb_buf_reset(text);
    if (fseeko(b->spool, (off_t)s->off, SEEK_SET))
        return SB_E_IO;
    if (sb_buf_grow(text, (size_t)s->len))
        return SB_E_NOMEM;
    if (s->len && fread(text->data, 1, (size_t)s->len, b->spool) != s->len)
        return SB_E_IO;
    text->len = (size_t)s->len;
    text->data[text->len] = 0;
    if (skip) {
        /* the cut falls inside a line: that line goes too, unless the
         * cut is right after a newline */
        start = (size_t)skip;
        if (text->data[start - 1] != '\n') {
            char *nl = memchr(text->data + start, '\n', text->len - start);
            start = nl ? (size_t)(nl - text->data) + 1 : text->len;
        }
    }
    for (i = 0; i < start; i++)
        s->lines_dropped += text->data[i] == '\n';
    if (start && text->data[start - 1] != '\n')
        s->lines_dropped++;     /* the last line had no newline */
    for (i = start; i < text->len; i++)
        s->lines_kept += text->data[i] == '\n';
    if (text->len > start && text->data[text->len - 1] != '\n')
        s->lines_kept++;
    sb_buf_consume(text, start);
    s->kept = s->len - start;
    return 0;
}

int sb_logbudget_write(struct sb_logbudget *b, uint64_t avail,
                       sb_logbudget_add_fn *add, void *ctx,
                       struct sb_err *err)
{
    struct sb_buf text = SB_BUF_INIT((size_t)b->max_stream + 1);
    struct stream *s = b->streams;
    int rc = 0;

    pthread_mutex_lock(&b->mu);
    b->written = true;
    b->avail = avail;
    b->share = sb_logbudget_share(b, avail);
    if (b->spool && fflush(b->spool)) {
        rc = sb_err_set(err, SB_E_IO, "cannot read the held logs back: %s",
                        strerror(errno));
        goto cleanup;
    }
    for (size_t i = 0; i < b->n; i++) {
        rc = read_kept(b, &s[i], b->share, &text);
        if (rc) {
            rc = sb_err_set(err, rc, "cannot read log '%s' back: %s",
                            s[i].path, rc == SB_E_IO ? strerror(errno)
                                                     : "out of memory");
            goto cleanup;
        }
        rc = add(ctx, s[i].path, text.data ? text.data : "", text.len);
        if (rc) {
            rc = sb_err_set(err, rc, "cannot write log '%s'", s[i].path);
            goto cleanup;
        }
    }
cleanup:
    pthread_mutex_unlock(&b->mu);
    sb_buf_release(&text);
    return rc;
}

cJSON *sb_logbudget_report(const struct sb_logbudget *b)
{
    const struct stream *s = b->streams;
    cJSON *o = cJSON_CreateObject(), *arr;
    uint64_t ntrim = 0, lines = 0, dropped = 0, kept = 0;

    if (!o)
        return NULL;
    arr = cJSON_CreateArray();
    if (!arr) {
        cJSON_Delete(o);
        return NULL;
    }
    for (size_t i = 0; i < b->n; i++) {
        cJSON *t;

        kept += s[i].kept;
        if (s[i].kept == s[i].len)
            continue;
        ntrim++;
        lines += s[i].lines_dropped;
        dropped += s[i].len - s[i].kept;
        t = cJSON_CreateObject();
        if (!t || !cJSON_AddItemToArray(arr, t)) {
            cJSON_Delete(t);
            cJSON_Delete(arr);
            cJSON_Delete(o);
            return NULL;
        }
        cJSON_AddStringToObject(t, "path", s[i].path);
        cJSON_AddNumberToObject(t, "lines_dropped",
                                (double)s[i].lines_dropped);
        cJSON_AddNumberToObject(t, "bytes_dropped",
                                (double)(s[i].len - s[i].kept));
        cJSON_AddNumberToObject(t, "lines_kept", (double)s[i].lines_kept);
        cJSON_AddNumberToObject(t, "bytes_kept", (double)s[i].kept);
    }
    cJSON_AddNumberToObject(o, "available_bytes", (double)b->avail);
    if (b->share == UINT64_MAX)
        cJSON_AddNullToObject(o, "share_bytes");
    else
        cJSON_AddNumberToObject(o, "share_bytes", (double)b->share);
    cJSON_AddNumberToObject(o, "streams", (double)b->n);
    cJSON_AddNumberToObject(o, "streams_trimmed", (double)ntrim);
    cJSON_AddNumberToObject(o, "lines_dropped", (double)lines);
    cJSON_AddNumberToObject(o, "bytes_dropped", (double)dropped);
    cJSON_AddNumberToObject(o, "bytes_kept", (double)kept);
    cJSON_AddItemToObject(o, "trimmed", arr);
    return o;
}
