/*
 * sb_hasher: a ring of SLOTS slots between the loader (the producer) and a
 * hashing thread. The producer fills one slot at a time and publishes it
 * when it is full, when its list of pieces is, or when a digest in it is
 * asked for. A slot holds the bytes of one or more pieces of streams: a
 * piece may say "start a new stream" before its bytes and "finish the
 * stream under ticket T" after them. Most members of a bundle are a few
 * KB: publishing a slot for each woke the thread, and the loader with it,
 * tens of thousands of times (a futex call each, 2 of 3 futex calls of
 * analyze on the 15,000-pod scale bundle); packed, a slot is handed over
 * per 256 KiB or PIECES members. One mutex guards the counters and the
 * digests; a slot's bytes belong to one side at a time.
 */
#include "sb_hasher.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include <openssl/evp.h>

#include "sb_alloc.h"
#include "sb_buf.h"

#define SLOTS 16
#define SLOT_BYTES (256 * 1024)
#define PIECES 128              /* pieces a slot holds, at most */
/* Digests kept, at most: one a member. 16 Mi members is hundreds of
 * times the 15,000-pod scale bundle's 37,000; past it a hostile archive
 * of empty members gets no digests rather than all of memory (1 GiB of
 * them at the limit). */
#define HASHES_MAX ((size_t)16 << 20)

struct hpiece {
    size_t end;             /* its bytes end here in the slot's data */
    bool begin;             /* start a new digest before its bytes */
    int64_t ticket;         /* >= 0: finish the digest after them */
};

struct hslot {
    unsigned char *data;
    size_t len;
    struct hpiece piece[PIECES];
    int npieces;            /* closed pieces; bytes past the last one's end
                               belong to the piece still open */
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
    bool begin_next;        /* the piece being fed starts a stream */
    int64_t next_ticket;
    /* the thread's results, under 'mu' */
    /* SB_ARRAY_GROW array by ticket, raw: hex took twice the room (24 MB
     * of the load's peak at 372,000 members) and a printf a byte */
    unsigned char (*sha)[32];
    size_t cap;
    int64_t finished;       /* tickets done: 0 .. finished-1 */
    bool failed;            /* a digest could not be kept */
};

/* Keeps the digest of 'ticket' in 'sha', an SB_ARRAY_GROW array indexed
 * by ticket. A digest that cannot be kept marks the hasher failed: from
 * then on sb_hasher_result has no digest to give for any ticket. */
static void store(struct sb_hasher *h, int64_t ticket,
                  const unsigned char sha[32])
{
    if (SB_ARRAY_GROW(h->sha, (size_t)ticket + 1, h->cap, HASHES_MAX)) {
        h->failed = true;
        return;
    }
    memcpy(h->sha[ticket], sha, 32);
}

/* Hashes one piece of 'n' bytes at 'p'. True when the piece ends a
 * stream and 'sha' got its digest; false when it does not end one or the
 * digest failed. */
static bool hash_piece(EVP_MD_CTX *md, const struct hpiece *pc,
                       const unsigned char *p, size_t n,
                       unsigned char sha[32])
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;

    if (pc->begin)
        EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    if (n)
        EVP_DigestUpdate(md, p, n);
    if (pc->ticket < 0)
        return false;
    if (EVP_DigestFinal_ex(md, out, &len) != 1 || len != 32)
        return false;
    memcpy(sha, out, 32);
    return true;
}

/* Hashes every piece of 's', storing each finished digest as it comes
 * (under the lock, which the caller does not hold). */
static void hash_slot(struct sb_hasher *h, EVP_MD_CTX *md,
                      const struct hslot *s)
{
    size_t from = 0;
    unsigned char sha[32];
    bool got = false;
    int i;

    for (i = 0; i < s->npieces; i++) {
        const struct hpiece *pc = &s->piece[i];

        if (md)
            got = hash_piece(md, pc, s->data + from, pc->end - from, sha);
        from = pc->end;
        if (pc->ticket < 0)
            continue;
        pthread_mutex_lock(&h->mu);
        if (!md || !got)
            h->failed = true;
        else
            store(h, pc->ticket, sha);
        h->finished = pc->ticket + 1;
        pthread_mutex_unlock(&h->mu);
    }
}

static void *run(void *arg)
{
    struct sb_hasher *h = arg;
    EVP_MD_CTX *md = EVP_MD_CTX_new();

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
        hash_slot(h, md, s);
        pthread_mutex_lock(&h->mu);
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
    s->npieces = 0;
    h->open = true;
    return s;
}

/* Where the open piece of 's' starts. */
static size_t piece_start(const struct hslot *s)
{
    return s->npieces ? s->piece[s->npieces - 1].end : 0;
}

/* Closes the open piece of 's' at its length; the room for it is always
 * there (a slot is published as soon as its last piece is closed). */
static void close_piece(struct sb_hasher *h, struct hslot *s, int64_t ticket)
{
    struct hpiece *pc = &s->piece[s->npieces++];

    pc->end = s->len;
    pc->begin = h->begin_next;
    pc->ticket = ticket;
}

/* Hands the open slot to the thread. A piece still open with bytes is
 * closed there and goes on in the next slot, where it does not begin a
 * stream; an empty one keeps its flag for the next slot. */
static void publish(struct sb_hasher *h)
{
    struct hslot *s;

    if (!h->open)
        return;
    s = &h->slot[h->filled % SLOTS];
    if (s->len > piece_start(s)) {
        close_piece(h, s, -1);
        h->begin_next = false;
    }
    if (s->npieces == 0)
        return;                 /* nothing in it: stays open */
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
        if (s->len > piece_start(s)) {
            /* hashed, then dropped by the next piece's begin */
            close_piece(h, s, -1);
            if (s->npieces == PIECES)
                publish(h);
        }
    }
    h->begin_next = true;
}

int64_t sb_hasher_finish(struct sb_hasher *h)
{
    struct hslot *s = cur(h);
    int64_t ticket = h->next_ticket++;

    close_piece(h, s, ticket);
    h->begin_next = true;
    if (s->npieces == PIECES)
        publish(h);
    return ticket;
}

int sb_hasher_digest(struct sb_hasher *h, int64_t ticket,
                     unsigned char sha[32])
{
    int rc = -1;

    if (ticket < 0 || ticket >= h->next_ticket)
        return -1;
    /* the ticket may be in the slot still being filled: hand it over */
    pthread_mutex_lock(&h->mu);
    if (h->finished <= ticket && h->open) {
        pthread_mutex_unlock(&h->mu);
        publish(h);
        pthread_mutex_lock(&h->mu);
    }
    while (h->finished <= ticket && !h->stop)
        pthread_cond_wait(&h->cv, &h->mu);
    if (h->finished > ticket && !h->failed && (size_t)ticket < h->cap) {
        memcpy(sha, h->sha[ticket], 32);
        rc = 0;
    }
    pthread_mutex_unlock(&h->mu);
    return rc;
}

void sb_hasher_hex(const unsigned char sha[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < 32; i++) {
        hex[2 * i] = digits[sha[i] >> 4];
        hex[2 * i + 1] = digits[sha[i] & 15];
    }
    hex[64] = '\0';
}

int sb_hasher_result(struct sb_hasher *h, int64_t ticket, char hex[65])
{
    unsigned char sha[32];

    hex[0] = '\0';
    if (sb_hasher_digest(h, ticket, sha))
        return -1;
    sb_hasher_hex(sha, hex);
    return 0;
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
    sb_free(h->sha);
    sb_free(h);
}
