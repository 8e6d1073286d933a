/*
 * sb_hasher: a ring of SLOTS slots between the loader (the producer) and a
 * hashing thread. The producer fills one slot at a time and publishes it;
 * a slot may also say "start a new stream" before its bytes and "finish
 * the stream under ticket T" after them. One mutex guards the counters and
 * the digests; a slot's bytes belong to one side at a time.
 */
#include "sb_hasher.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "sb_alloc.h"

#define SLOTS 16
#define SLOT_BYTES (256 * 1024)

struct hslot {
    unsigned char *data;
    size_t len;
    bool begin;             /* start a new digest before these bytes */
    int64_t ticket;         /* >= 0: finish the digest after them */
};

struct sb_hasher {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct hslot slot[SLOTS];
    unsigned filled;        /* slots published (all time) */
    unsigned done;          /* slots hashed (all time) */
    bool stop;
    /* the producer's side */
    bool open;              /* slot filled % SLOTS is being filled */
    bool begin_next;        /* the next slot opened starts a stream */
    int64_t next_ticket;
    /* the thread's results, under 'mu' */
    char (*hex)[65];
    size_t cap;
    int64_t finished;       /* tickets done: 0 .. finished-1 */
    bool failed;            /* a digest could not be kept */
};

static void store(struct sb_hasher *h, int64_t ticket, const char *hex)
{
    if ((size_t)ticket >= h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 1024;
        char (*grown)[65] = sb_realloc(h->hex, cap * sizeof(*grown));

        if (!grown) {
            h->failed = true;
            return;
        }
        h->hex = grown;
        h->cap = cap;
    }
    memcpy(h->hex[ticket], hex, 65);
}

static void hash_slot(EVP_MD_CTX *md, const struct hslot *s, char hex[65])
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0, i;

    if (s->begin)
        EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    if (s->len)
        EVP_DigestUpdate(md, s->data, s->len);
    hex[0] = '\0';
    if (s->ticket < 0)
        return;
    if (EVP_DigestFinal_ex(md, out, &len) != 1)
        return;
    for (i = 0; i < len && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", out[i]);
}

static void *run(void *arg)
{
    struct sb_hasher *h = arg;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    char hex[65];

    pthread_setname_np(pthread_self(), "sb-sha256");
    pthread_mutex_lock(&h->mu);
    for (;;) {
        struct hslot *s;

        while (!h->stop && h->done == h->filled)
            pthread_cond_wait(&h->cv, &h->mu);
        if (h->stop)
            break;
        s = &h->slot[h->done % SLOTS];
        pthread_mutex_unlock(&h->mu);
        if (md)
            hash_slot(md, s, hex);
        pthread_mutex_lock(&h->mu);
        if (s->ticket >= 0) {
            if (!md || !hex[0])
                h->failed = true;
            else
                store(h, s->ticket, hex);
            h->finished = s->ticket + 1;
        }
        h->done++;
        pthread_cond_broadcast(&h->cv);
    }
    pthread_mutex_unlock(&h->mu);
    EVP_MD_CTX_free(md);
    return NULL;
}

struct sb_hasher *sb_hasher_new(void)
{
    struct sb_hasher *h = sb_calloc(1, sizeof(*h));
    int i, e;

    if (!h)
        goto nomem;
    for (i = 0; i < SLOTS; i++)
        if (!(h->slot[i].data = sb_malloc(SLOT_BYTES)))
            goto nomem;
    h->begin_next = true;
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    e = pthread_create(&h->thread, NULL, run, h);
    if (e) {
        pthread_mutex_destroy(&h->mu);
        pthread_cond_destroy(&h->cv);
        for (i = 0; i < SLOTS; i++)
            sb_free(h->slot[i].data);
        sb_free(h);
        errno = e;
        return NULL;
    }
    return h;
nomem:
    if (h)
        for (i = 0; i < SLOTS; i++)
            sb_free(h->slot[i].data);
    sb_free(h);
    errno = ENOMEM;
    return NULL;
}

/* The slot being filled, opened (waiting for a free one) when none is. */
static struct hslot *cur(struct sb_hasher *h)
{
    struct hslot *s;

    if (h->open)
        return &h->slot[h->filled % SLOTS];
    pthread_mutex_lock(&h->mu);
    while (h->filled - h->done >= SLOTS)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
    s = &h->slot[h->filled % SLOTS];
    s->len = 0;
    s->begin = h->begin_next;
    s->ticket = -1;
    h->begin_next = false;
    h->open = true;
    return s;
}

static void publish(struct sb_hasher *h)
{
    if (!h->open)
        return;
    h->open = false;
    pthread_mutex_lock(&h->mu);
    h->filled++;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

void sb_hasher_feed(struct sb_hasher *h, const void *p, size_t n)
{
    const unsigned char *b = p;

    while (n > 0) {
        struct hslot *s = cur(h);
        size_t k = SLOT_BYTES - s->len;

        if (k > n)
            k = n;
        memcpy(s->data + s->len, b, k);
        s->len += k;
        b += k;
        n -= k;
        if (s->len == SLOT_BYTES)
            publish(h);
    }
}

void sb_hasher_reset(struct sb_hasher *h)
{
    struct hslot *s;

    if (h->open) {
        s = &h->slot[h->filled % SLOTS];
        if (s->len == 0) {      /* nothing fed yet: start here */
            s->begin = true;
            return;
        }
        publish(h);             /* hashed, then dropped by the next begin */
    }
    h->begin_next = true;
}

int64_t sb_hasher_finish(struct sb_hasher *h)
{
    struct hslot *s = cur(h);

    s->ticket = h->next_ticket++;
    publish(h);
    h->begin_next = true;
    return s->ticket;
}

int sb_hasher_result(struct sb_hasher *h, int64_t ticket, char hex[65])
{
    int rc = -1;

    hex[0] = '\0';
    if (ticket < 0 || ticket >= h->next_ticket)
        return -1;
    pthread_mutex_lock(&h->mu);
    while (h->finished <= ticket && !h->stop)
        pthread_cond_wait(&h->cv, &h->mu);
    if (h->finished > ticket && !h->failed && (size_t)ticket < h->cap &&
        h->hex[ticket][0]) {
        memcpy(hex, h->hex[ticket], 65);
        rc = 0;
    }
    pthread_mutex_unlock(&h->mu);
    return rc;
}

void sb_hasher_free(struct sb_hasher *h)
{
    int i;

    if (!h)
        return;
    pthread_mutex_lock(&h->mu);
    h->stop = true;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->thread, NULL);
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    for (i = 0; i < SLOTS; i++)
        sb_free(h->slot[i].data);
    sb_free(h->hex);
    sb_free(h);
}
