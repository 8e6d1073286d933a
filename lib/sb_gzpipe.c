/*
 * sb_gzpipe: a ring of SLOTS chunks between an inflating thread and the
 * reader. The thread fills free slots in order and stops at the end of
 * the stream or on an error; the reader hands out filled slots in order
 * and gives each back on its next call. One mutex guards the ring's
 * counters; the chunk bytes are only touched by whoever owns the slot.
 */
#include "sb_gzpipe.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "sb_alloc.h"

#define SLOTS 8
#define CHUNK (256 * 1024)

struct slot {
    char *data;
    ssize_t len;            /* > 0 bytes; 0 end; -1 error */
    uint64_t bytes_in;      /* gzoffset() after it */
};

struct sb_gzpipe {
    gzFile gz;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct slot slot[SLOTS];
    unsigned filled;        /* slots produced so far (all time) */
    unsigned taken;         /* slots handed to the reader (all time) */
    bool held;              /* the reader holds slot (taken - 1) % SLOTS */
    bool stop;              /* the reader is closing */
    char error[200];
    uint64_t bytes_in;
};

/* Inflates one chunk into 's'. */
static void fill(struct sb_gzpipe *p, struct slot *s)
{
    int n = gzread(p->gz, s->data, CHUNK);
    int zerr = Z_OK;
    const char *msg;

    s->bytes_in = (uint64_t)gzoffset(p->gz);
    if (n > 0) {
        s->len = n;
        return;
    }
    msg = gzerror(p->gz, &zerr);
    if (n < 0 || (zerr != Z_OK && zerr != Z_BUF_ERROR)) {
        s->len = -1;
        snprintf(p->error, sizeof(p->error), "corrupt gzip data: %s", msg);
        return;
    }
    s->len = 0;
}

static void *run(void *arg)
{
    struct sb_gzpipe *p = arg;
    struct slot *s;
    bool last = false;

    pthread_setname_np(pthread_self(), "sb-inflate");   /* for top -H, perf */

    pthread_mutex_lock(&p->mu);
    while (!last) {
        /* a slot is free when it was taken and is not held */
        while (!p->stop && p->filled - p->taken + (p->held ? 1 : 0) >= SLOTS)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop)
            break;
        s = &p->slot[p->filled % SLOTS];
        pthread_mutex_unlock(&p->mu);
        fill(p, s);
        last = s->len <= 0;
        pthread_mutex_lock(&p->mu);
        p->filled++;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

struct sb_gzpipe *sb_gzpipe_open(const char *path)
{
    struct sb_gzpipe *p = sb_calloc(1, sizeof(*p));
    int i, e;

    if (!p) {
        errno = ENOMEM;
        return NULL;
    }
    for (i = 0; i < SLOTS; i++)
        if (!(p->slot[i].data = sb_malloc(CHUNK)))
            goto fail_nomem;
    p->gz = gzopen(path, "rb");
    if (!p->gz)
        goto fail;
    gzbuffer(p->gz, 1 << 17);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    e = pthread_create(&p->thread, NULL, run, p);
    if (e) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cv);
        gzclose(p->gz);
        errno = e;
        goto fail;
    }
    return p;
fail_nomem:
    errno = ENOMEM;
fail:
    e = errno;
    for (i = 0; i < SLOTS; i++)
        sb_free(p->slot[i].data);
    sb_free(p);
    errno = e;
    return NULL;
}

ssize_t sb_gzpipe_read(struct sb_gzpipe *p, const void **buf)
{
    struct slot *s;
    ssize_t len;

    pthread_mutex_lock(&p->mu);
    if (p->held) {          /* give back the chunk read last time */
        p->held = false;
        pthread_cond_broadcast(&p->cv);
    }
    while (p->taken == p->filled)
        pthread_cond_wait(&p->cv, &p->mu);
    s = &p->slot[p->taken % SLOTS];
    len = s->len;
    p->bytes_in = s->bytes_in;
    if (len > 0) {
        /* the end or an error slot stays: later reads see it again */
        p->taken++;
        p->held = true;
    }
    pthread_mutex_unlock(&p->mu);
    *buf = s->data;
    return len;
}

const char *sb_gzpipe_error(const struct sb_gzpipe *p)
{
    return p->error;
}

uint64_t sb_gzpipe_bytes_in(const struct sb_gzpipe *p)
{
    return p->bytes_in;
}

void sb_gzpipe_close(struct sb_gzpipe *p)
{
    int i;

    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    gzclose(p->gz);
    for (i = 0; i < SLOTS; i++)
        sb_free(p->slot[i].data);
    sb_free(p);
}
