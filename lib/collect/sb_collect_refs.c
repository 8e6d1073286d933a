/*
 * References to spooled items filed by a key (see struct refindex in
 * sb_collect_int.h): the describe pass files a namespace's events by the
 * object they are about, and its pods, replica sets and endpoint slices
 * by their owner, without keeping any of them parsed; the few items an
 * object's text needs are read back and parsed when it is described.
 * Apart from sb_collect_describe.c because it knows only spools and
 * keys, not what describe does with the items.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "sb_collect_int.h"
#include "sb_alloc.h"

/* The arena of one item's tree while it is filed: an item is at most
 * 4 GiB (item_ix.len) and its tree a few times its text; a larger tree is
 * parsed by cJSON instead, as a refused text is. */
#define REFS_ARENA_MAX ((size_t)1 << 30)
/* entries of one index: seq is 32 bits */
#define REFS_MAX ((size_t)UINT32_MAX)

static uint64_t key_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

/* A descriptor reading the spool of 'j', kept in 'x' between calls (one
 * open spool at a time). Returns -1 when it cannot be opened. */
static int refs_fd(struct refindex *x, struct list_job *j)
{
    bool opened = false;

    if (x->fd_of == j && x->fd >= 0)
        return x->fd;
    if (x->fd >= 0)
        close(x->fd);
    x->fd_of = j;
    x->fd = sb_col_spool_reader(j, &opened);
    /* a spool still open for writing lends its descriptor: a copy, so
     * that the index closes what it holds */
    if (x->fd >= 0 && !opened)
        x->fd = dup(x->fd);
    return x->fd;
}

/* Reads item 'i' of 'j' into 'buf', NUL-terminated. Returns 0, SB_E_NOMEM,
 * SB_E_TOOBIG or SB_E_IO. */
static int read_item(struct refindex *x, struct list_job *j, size_t i,
                     struct sb_buf *buf)
{
    const struct item_ix *ix = &j->ix[i];
    int fd = refs_fd(x, j), rc;

    if (fd < 0)
        return SB_E_IO;
    sb_buf_reset(buf);
    if ((rc = sb_buf_grow(buf, ix->len)))
        return rc;
    if (pread(fd, buf->data, ix->len, (off_t)ix->off) != (ssize_t)ix->len)
        return SB_E_IO;
    buf->data[ix->len] = 0;
    return 0;
}

void sb_col_refs_init(struct refindex *x)
{
    memset(x, 0, sizeof(*x));
    x->fd = -1;
    sb_jscan_init(&x->js, REFS_ARENA_MAX);
}

void sb_col_refs_release(struct refindex *x)
{
    if (x->fd >= 0)
        close(x->fd);
    sb_free(x->refs);
    sb_jscan_release(&x->js);
    sb_col_refs_init(x);
}

int sb_col_refs_add(struct refindex *x, struct list_job *j, size_t from,
                    size_t to, const char *pat, ref_key_fn *key, void *ctx)
{
    struct sb_buf buf = SB_BUF_INIT(UINT32_MAX);  /* an item_ix length */
    char k[REFS_KEY_MAX];
    int rc = 0;

    for (size_t i = from; i < to && !rc; i++) {
        const cJSON *tree = NULL;
        cJSON *parsed = NULL;
        bool has;

        if ((rc = read_item(x, j, i, &buf)))
            break;
        /* a cheap test that skips parsing most items without a key (a
         * false match is parsed and dropped) */
        if (pat && !strstr(buf.data, pat))
            continue;
        /* the arena parser reads what cJSON reads; what it refuses,
         * cJSON judges */
        if (sb_jscan_parse(&x->js, buf.data, j->ix[i].len, &tree)) {
            parsed = cJSON_ParseWithLength(buf.data, j->ix[i].len);
            tree = parsed;
        }
        has = tree && key(tree, ctx, k, sizeof(k));
        cJSON_Delete(parsed);
        if (!has)
            continue;
        if ((rc = SB_ARRAY_GROW(x->refs, x->n + 1, x->alloc, REFS_MAX)))
            break;
        x->refs[x->n] = (struct item_ref){ key_hash(k), j, (uint32_t)i,
                                           (uint32_t)x->n };
        x->n++;
    }
    x->sorted = false;
    sb_buf_release(&buf);
    return rc;
}

static int cmp_ref(const void *a, const void *b)
{
    const struct item_ref *x = a, *y = b;

    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int sb_col_refs_each(struct refindex *x, const char *k, ref_key_fn *key,
                     void *kctx, ref_take_fn *fn, void *ctx)
{
    struct sb_buf buf = SB_BUF_INIT(UINT32_MAX);  /* an item_ix length */
    size_t lo = 0, hi = x->n;
    char got[REFS_KEY_MAX], want[REFS_KEY_MAX];
    uint64_t h;
    int rc = 0;

    /* keys are filed cut to REFS_KEY_MAX - 1 bytes (the key functions
     * print into that room): the key looked up is cut the same way, or a
     * longer one (no valid uid or label value is) would find nothing */
    snprintf(want, sizeof(want), "%s", k);
    k = want;
    h = key_hash(k);

    if (!x->sorted) {
        if (x->n)
            qsort(x->refs, x->n, sizeof(*x->refs), cmp_ref);
        x->sorted = true;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->refs[mid].hash < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < x->n && x->refs[i].hash == h; i++) {
        struct list_job *j = x->refs[i].j;
        size_t len = j->ix[x->refs[i].ix].len;
        const cJSON *tree = NULL;
        cJSON *parsed = NULL;

        if ((rc = read_item(x, j, x->refs[i].ix, &buf)))
            break;
        if (sb_jscan_parse(&x->js, buf.data, len, &tree))
            tree = parsed = cJSON_ParseWithLength(buf.data, len);
        /* the hash is not the key: another key may share it */
        if (tree && key(tree, kctx, got, sizeof(got)) && !strcmp(got, k))
            fn(j, tree, ctx);
        cJSON_Delete(parsed);
    }
    sb_buf_release(&buf);
    return rc;
}
