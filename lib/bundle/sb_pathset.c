/*
 * Open addressing with linear probing over 16-byte slots; the strings
 * themselves are appended to a tmpfile() and read back with pread() only
 * when two hashes are equal (a string added twice, or a rare collision).
 */
#include "sb_pathset.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sb_alloc.h"

#define SLOT_EMPTY UINT64_MAX       /* no string starts at this offset */
#define STR_MAX ((uint32_t)1 << 20) /* member paths are far shorter */

struct slot {
    uint64_t hash;
    uint64_t off;                   /* SLOT_EMPTY when free */
};

struct sb_pathset {
    struct slot *slots;
    size_t cap, n;                  /* cap a power of two, or 0 */
    FILE *f;                        /* the strings, back to back */
    uint64_t flen;                  /* end of the last whole string */
    struct sb_buf cmp;              /* a stored string, read back */
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    /* spread the low bits the table indexes by */
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 32);
}

int sb_pathset_new(struct sb_pathset **out)
{
    struct sb_pathset *s = sb_calloc(1, sizeof(*s));

    *out = NULL;
    if (!s)
        return SB_E_NOMEM;
    sb_buf_init(&s->cmp, STR_MAX);
    *out = s;
    return 0;
}

void sb_pathset_free(struct sb_pathset *s)
{
    if (!s)
        return;
    if (s->f)
        fclose(s->f);
    sb_buf_release(&s->cmp);
    sb_free(s->slots);
    sb_free(s);
}

int sb_pathset_get(struct sb_pathset *s, uint64_t off, struct sb_buf *out)
{
    unsigned char lb[4];
    uint32_t len;
    int rc;

    sb_buf_reset(out);
    if (!s->f || off + 4 > s->flen)
        return SB_E_FORMAT;
    if (fflush(s->f))
        return SB_E_IO;
    if (pread(fileno(s->f), lb, 4, (off_t)off) != 4)
        return SB_E_IO;
    len = (uint32_t)lb[0] | (uint32_t)lb[1] << 8 | (uint32_t)lb[2] << 16 |
          (uint32_t)lb[3] << 24;
    if (len > STR_MAX || off + 4 + len > s->flen)
        return SB_E_FORMAT;
    if ((rc = sb_buf_grow(out, len)))
        return rc;
    if (len && pread(fileno(s->f), out->data, len, (off_t)(off + 4)) !=
        (ssize_t)len)
        return SB_E_IO;
    out->len = len;
    out->data[len] = '\0';
    return 0;
}

/* The slot holding 'str' or the free one where it would go; NULL after
 * a failure to read back (*rc set). */
static struct slot *find(struct sb_pathset *s, const char *str,
                         uint64_t h, int *rc)
{
    size_t mask = s->cap - 1;

    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct slot *t = &s->slots[i];
        if (t->off == SLOT_EMPTY)
            return t;
        if (t->hash != h)
            continue;
        if ((*rc = sb_pathset_get(s, t->off, &s->cmp)))
            return NULL;
        if (!strcmp(s->cmp.data ? s->cmp.data : "", str))
            return t;
    }
}

/* Doubles the table (hashes are kept, so nothing is read back). */
static int grow(struct sb_pathset *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1024;
    struct slot *t = sb_malloc(cap * sizeof(*t));

    if (!t)
        return SB_E_NOMEM;
    for (size_t i = 0; i < cap; i++)
        t[i].off = SLOT_EMPTY;
    for (size_t i = 0; i < s->cap; i++) {
        size_t j;
        if (s->slots[i].off == SLOT_EMPTY)
            continue;
        for (j = s->slots[i].hash & (cap - 1); t[j].off != SLOT_EMPTY;
             j = (j + 1) & (cap - 1))
            ;
        t[j] = s->slots[i];
    }
    sb_free(s->slots);
    s->slots = t;
    s->cap = cap;
    return 0;
}

int sb_pathset_has(struct sb_pathset *s, const char *str)
{
    struct slot *t;
    int rc = 0;

    if (!s->cap)
        return 0;
    t = find(s, str, hash_str(str), &rc);
    if (!t)
        return rc;
    return t->off != SLOT_EMPTY;
}

int sb_pathset_add(struct sb_pathset *s, const char *str, uint64_t *off)
{
    size_t len = strlen(str);
    uint64_t h = hash_str(str);
    unsigned char lb[4];
    struct slot *t;
    off_t at;
    int rc = 0;

    if (len > STR_MAX)
        return SB_E_TOOBIG;
    /* at most 70% full: probes stay short */
    if ((s->n + 1) * 10 > s->cap * 7 && (rc = grow(s)))
        return rc;
    if (!(t = find(s, str, h, &rc)))
        return rc;
    if (t->off != SLOT_EMPTY) {
        if (off)
            *off = t->off;
        return 1;
    }
    if (!s->f && !(s->f = tmpfile()))
        return SB_E_IO;
    /* where this one starts: bytes a failed write left are never
     * referenced, the next string goes after them */
    if ((at = ftello(s->f)) < 0)
        return SB_E_IO;
    lb[0] = (unsigned char)len;
    lb[1] = (unsigned char)(len >> 8);
    lb[2] = (unsigned char)(len >> 16);
    lb[3] = (unsigned char)(len >> 24);
    if (fwrite(lb, 1, 4, s->f) != 4 || fwrite(str, 1, len, s->f) != len) {
        clearerr(s->f);
        return SB_E_IO;
    }
    t->hash = h;
    t->off = (uint64_t)at;
    s->flen = (uint64_t)at + 4 + len;
    s->n++;
    if (off)
        *off = t->off;
    return 0;
}

uint64_t sb_pathset_count(const struct sb_pathset *s)
{
    return s->n;
}
