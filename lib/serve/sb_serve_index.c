/*
 * Loading a bundle into memory for the serve engine.
 *
 * One file, though about two thousand lines: its sections (the interned
 * namespaces, the objects and their collections, the other formats'
 * objects, the spool of logs and files with a cluster-info dump's
 * logs.txt split into containers, the metadata) all build one index's
 * state, and sb_serve_index_finish needs all of them at once (mapping
 * the spool, splitting logs by the pods already read, sorting). The
 * spool and the log splitting are the most separable part; moving them
 * out would put the spool's functions in a private header used by one
 * other file.
 */
#include "sb_serve_index.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sb_alloc.h"
#include "sb_bformat.h"
#include "sb_bundle.h"
#include "sb_jscan.h"
#include "sb_kresources.h"
#include "sb_load_yaml.h"
#include "sb_log.h"
#include "sb_time.h"
#include "sb_tmp.h"

/* A cluster-info dump's logs.txt, spooled whole, split into its
 * containers' logs once the spool is mapped */
struct sb_ssplit {
    uint64_t off, len;
    char *ns, *pod;
    bool prefixed;      /* kubectl logs --prefix, else a cluster-info dump */
    bool previous;
};

#define SPOOL_CHUNK (64 * 1024)
/* What one index holds, at most: each far past a real bundle (the
 * 15,000-pod scale bundle of docs/scale.md has 37,000 members in all),
 * so that only a hostile bundle reaches them, and it is refused with an
 * error naming the limit instead of growing an array until memory runs
 * out. */
#define COLLS_MAX ((size_t)1 << 16)     /* kinds of object */
#define OBJECTS_MAX ((size_t)1 << 25)   /* objects of one kind */
#define BLOBS_MAX ((size_t)1 << 25)     /* files (logs, node files) */
#define SPLITS_MAX ((size_t)1 << 20)    /* logs.txt files to split */
#define SCRATCH_MAX ((size_t)64 << 20)  /* print_obj's buffer */

static size_t coll_slot(const struct sb_serve_index *idx, const char *group,
                        const char *plural);
static int spool_open(struct sb_serve_index *idx, struct sb_err *err);
static int spool_write(struct sb_serve_index *idx, const char *p, size_t n,
                       struct sb_err *err);
static int spool_map(struct sb_serve_index *idx, struct sb_err *err);

struct sb_serve_index *sb_serve_index_new(void)
{
    struct sb_serve_index *idx = sb_calloc(1, sizeof(*idx));

    if (!idx)
        return NULL;
    sb_buf_init(&idx->wbuf, SB_BUF_UNLIMITED);
    sb_buf_init(&idx->scratch, SCRATCH_MAX);
    idx->spool_fd = -1;
    idx->member_max = SB_SERVE_MEMBER_MAX;
    idx->api_resources = cJSON_CreateArray();
    if (!idx->api_resources) {
        sb_free(idx);
        return NULL;
    }
    return idx;
}

/* ---- interned namespaces ----
 *
 * Every object names its namespace, and a bundle has few: each object
 * points at one shared copy instead of a string of its own. */

#define KEYS_MAX ((size_t)1 << 24)  /* distinct names, far above any bundle's */

static uint64_t key_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;    /* FNV-1a */

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

static bool keys_grow(struct sb_serve_index *idx)
{
    size_t cap = idx->keys_cap ? idx->keys_cap * 2 : 1024, i;
    char **t;

    if (cap > KEYS_MAX)
        return false;
    t = sb_calloc(cap, sizeof(*t));
    if (!t)
        return false;
    for (i = 0; i < idx->keys_cap; i++) {
        size_t j;

        if (!idx->keys[i])
            continue;
        for (j = key_hash(idx->keys[i]) & (cap - 1); t[j];
             j = (j + 1) & (cap - 1))
            ;
        t[j] = idx->keys[i];
    }
    sb_free(idx->keys);
    idx->keys = t;
    idx->keys_cap = cap;
    return true;
}

/* The shared copy of 's', NULL when out of memory (then 's' stays) */
static const char *key_intern(struct sb_serve_index *idx, const char *s)
{
    size_t j;

    if ((idx->nkeys + 1) * 2 > idx->keys_cap && !keys_grow(idx))
        return NULL;
    for (j = key_hash(s) & (idx->keys_cap - 1); idx->keys[j];
         j = (j + 1) & (idx->keys_cap - 1))
        if (!strcmp(idx->keys[j], s))
            return idx->keys[j];
    idx->keys[j] = sb_strdup(s);
    if (idx->keys[j])
        idx->nkeys++;
    return idx->keys[j];
}

static void keys_release(struct sb_serve_index *idx)
{
    size_t i;

    for (i = 0; i < idx->keys_cap; i++)
        sb_free(idx->keys[i]);
    sb_free(idx->keys);
    idx->keys = NULL;
    idx->nkeys = idx->keys_cap = 0;
}

static void coll_release(struct sb_scoll *c)
{
    size_t i, n = sb_scoll_count(c);

    for (i = 0; i < n; i++) {
        struct sb_sobj *o = &c->items[i];

        if (o->json_off == UINT64_MAX)
            sb_free(o->json);
        sb_free(o->key);
    }
    sb_free(c->items);
    sb_free(c->group);
    sb_free(c->plural);
}

void sb_serve_index_free(struct sb_serve_index *idx)
{
    size_t i;

    if (!idx)
        return;
    for (i = 0; i < sb_serve_index_ncolls(idx); i++)
        coll_release(&idx->colls[i]);
    for (i = 0; i < idx->nblobs; i++) {
        struct sb_sblob *b = &idx->blobs[i];

        sb_free(b->path);
        if (b->off == UINT64_MAX && !b->over_cap)
            sb_free((char *)b->data);
    }
    for (i = 0; i < idx->nsplits; i++) {
        struct sb_ssplit *sp = &idx->splits[i];

        sb_free(sp->ns);
        sb_free(sp->pod);
    }
    if (idx->map)
        munmap(idx->map, (size_t)idx->spool_len);
    if (idx->spool_fd >= 0)
        close(idx->spool_fd);
    sb_free(idx->splits);
    sb_buf_release(&idx->wbuf);
    sb_buf_release(&idx->scratch);
    sb_free(idx->colls);
    sb_free(idx->coll_slots);
    sb_free(idx->blobs);
    keys_release(idx);      /* after the objects that point at them */
    cJSON_Delete(idx->api_resources);
    sb_free(idx->version_json);
    sb_free(idx->cluster);
    sb_free(idx);
}

size_t sb_serve_index_ncolls(const struct sb_serve_index *idx)
{
    return idx->ncolls;
}

const struct sb_scoll *sb_serve_index_coll_at(
    const struct sb_serve_index *idx, size_t i)
{
    return &idx->colls[i];
}

const struct sb_scoll *sb_serve_index_coll(const struct sb_serve_index *idx,
                                           const char *group,
                                           const char *plural)
{
    size_t j;

    if (!idx->coll_slots_cap)       /* no collection yet */
        return NULL;
    j = coll_slot(idx, group, plural);
    return idx->coll_slots[j] ? &idx->colls[idx->coll_slots[j] - 1] : NULL;
}

size_t sb_scoll_count(const struct sb_scoll *c)
{
    return c ? c->nitems : 0;
}

const struct sb_sobj *sb_scoll_at(const struct sb_scoll *c, size_t i)
{
    return &c->items[i];
}

size_t sb_scoll_lower_bound(const struct sb_scoll *c, const char *key)
{
    size_t lo = 0, hi = sb_scoll_count(c);

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(sb_scoll_at(c, mid)->key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct sb_sobj *sb_scoll_find(const struct sb_scoll *c,
                                    const char *ns, const char *name)
{
    struct sb_buf key = SB_BUF_INIT(4096);
    const struct sb_sobj *found = NULL;
    size_t i;

    if (!c)
        return NULL;
    if (sb_buf_addf(&key, "%s%s%s", ns, *ns ? "/" : "", name) == 0) {
        i = sb_scoll_lower_bound(c, sb_buf_str(&key));
        if (i < sb_scoll_count(c) &&
            !strcmp(sb_scoll_at(c, i)->key, sb_buf_str(&key)))
            found = sb_scoll_at(c, i);
    }
    sb_buf_release(&key);
    return found;
}

static int blob_cmp(const void *a, const void *b)
{
    return strcmp(((const struct sb_sblob *)a)->path,
                  ((const struct sb_sblob *)b)->path);
}

static size_t nblobs(const struct sb_serve_index *idx)
{
    return idx->nblobs;
}

const struct sb_sblob *sb_serve_index_blob_at(
    const struct sb_serve_index *idx, size_t i)
{
    return &idx->blobs[i];
}

static size_t blob_lower_bound(const struct sb_serve_index *idx,
                               const char *path)
{
    size_t lo = 0, hi = nblobs(idx);

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(sb_serve_index_blob_at(idx, mid)->path, path) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct sb_sblob *sb_serve_index_blob(const struct sb_serve_index *idx,
                                           const char *path)
{
    size_t i = blob_lower_bound(idx, path);

    if (i < nblobs(idx) && !strcmp(sb_serve_index_blob_at(idx, i)->path,
                                   path))
        return sb_serve_index_blob_at(idx, i);
    return NULL;
}

size_t sb_serve_index_blobs(const struct sb_serve_index *idx,
                            const char *prefix, size_t *first)
{
    size_t i = blob_lower_bound(idx, prefix), n = 0, plen = strlen(prefix);

    *first = i;
    while (i + n < nblobs(idx) &&
           !strncmp(sb_serve_index_blob_at(idx, i + n)->path, prefix, plen))
        n++;
    return n;
}

/* The error for a file the index could not keep after a failed
 * SB_ARRAY_GROW or allocation ('rc'). */
static int blob_not_kept(int rc, const char *path, struct sb_err *err)
{
    if (rc == SB_E_TOOBIG)
        return sb_err_set(err, rc, "cannot keep '%s': the bundle holds more "
                          "than %zu files", path, BLOBS_MAX);
    return sb_err_set(err, SB_E_NOMEM, "cannot keep '%s': out of memory",
                      path);
}

int sb_serve_index_add_blob(struct sb_serve_index *idx, const char *path,
                            const char *data, size_t len,
                            struct sb_err *err)
{
    struct sb_sblob b;
    char *copy;
    int rc;

    memset(&b, 0, sizeof(b));
    b.len = len;
    b.size = len;
    b.off = UINT64_MAX;
    b.path = sb_strdup(path);
    copy = sb_malloc(len + 1);
    if (!b.path || !copy) {
        rc = SB_E_NOMEM;
        goto fail;
    }
    memcpy(copy, data, len);
    copy[len] = '\0';
    b.data = copy;
    rc = SB_ARRAY_GROW(idx->blobs, idx->nblobs + 1, idx->blobs_alloc,
                       BLOBS_MAX);
    if (rc)
        goto fail;
    idx->blobs[idx->nblobs++] = b;
    return 0;
fail:
    sb_free(b.path);
    sb_free(copy);
    return blob_not_kept(rc, path, err);
}

/* The collection of (group, plural) into *out, made when there is none;
 * 0, or an error in 'err' (out of memory, or too many kinds). The
 * pointer lasts until the next collection is made. */
/* ---- collections by (group, plural) ----
 *
 * A List's objects mostly share one collection (coll_hint), but items
 * that alternate among many kinds (kubectl get all, a file naming
 * thousands of made-up kinds) would each be compared with every
 * collection: a table of the pairs finds one in a probe or a few. */

static uint64_t coll_hash(const char *group, const char *plural)
{
    return key_hash(group) ^ (key_hash(plural) * 0x9E3779B97F4A7C15ULL);
}

static bool coll_slots_grow(struct sb_serve_index *idx)
{
    size_t cap = idx->coll_slots_cap ? idx->coll_slots_cap * 2 : 64, i, j;
    size_t *t = sb_calloc(cap, sizeof(*t));

    if (!t)
        return false;
    for (i = 0; i < idx->ncolls; i++) {
        const struct sb_scoll *c = &idx->colls[i];

        for (j = coll_hash(c->group, c->plural) & (cap - 1); t[j];
             j = (j + 1) & (cap - 1))
            ;
        t[j] = i + 1;
    }
    sb_free(idx->coll_slots);
    idx->coll_slots = t;
    idx->coll_slots_cap = cap;
    return true;
}

static bool coll_is(const struct sb_scoll *x, const char *group,
                    const char *plural)
{
    return !strcmp(x->group, group) && !strcmp(x->plural, plural);
}

/* The slot of (group, plural): the one holding it, or the empty one it
 * would take. The table has room (coll_slots_grow first). */
static size_t coll_slot(const struct sb_serve_index *idx, const char *group,
                        const char *plural)
{
    size_t mask = idx->coll_slots_cap - 1, j;

    for (j = coll_hash(group, plural) & mask; idx->coll_slots[j];
         j = (j + 1) & mask)
        if (coll_is(&idx->colls[idx->coll_slots[j] - 1], group, plural))
            break;
    return j;
}

static int coll_get(struct sb_serve_index *idx, const char *group,
                    const char *plural, struct sb_scoll **out,
                    struct sb_err *err)
{
    struct sb_scoll c;
    size_t n = sb_serve_index_ncolls(idx), j;
    int rc;

    /* a List's objects all go to one collection: the last one used */
    if (idx->coll_hint < n && coll_is(&idx->colls[idx->coll_hint], group,
                                      plural)) {
        *out = &idx->colls[idx->coll_hint];
        return 0;
    }
    if ((n + 1) * 2 > idx->coll_slots_cap && !coll_slots_grow(idx))
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    j = coll_slot(idx, group, plural);
    if (idx->coll_slots[j]) {
        idx->coll_hint = idx->coll_slots[j] - 1;
        *out = &idx->colls[idx->coll_hint];
        return 0;
    }
    memset(&c, 0, sizeof(c));
    c.group = sb_strdup(group);
    c.plural = sb_strdup(plural);
    rc = !c.group || !c.plural ? SB_E_NOMEM
         : SB_ARRAY_GROW(idx->colls, n + 1, idx->colls_alloc, COLLS_MAX);
    if (rc) {
        sb_free(c.group);
        sb_free(c.plural);
        if (rc == SB_E_TOOBIG)
            return sb_err_set(err, rc, "more than %zu kinds of object",
                              COLLS_MAX);
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    idx->coll_slots[j] = n + 1;
    idx->colls[idx->ncolls++] = c;
    *out = &idx->colls[n];
    return 0;
}

static const char *meta_str(const cJSON *obj, const char *field)
{
    const cJSON *md = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(md, field);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Kind and apiVersion an object lacks (a real API server's list items
 * do): filled in by sb_serve_index_finish, once discovery is known */
#define FIX_KIND 1u
#define FIX_APIVERSION 2u

static unsigned fix_of(const cJSON *obj)
{
    return (cJSON_GetObjectItemCaseSensitive(obj, "kind") ? 0 : FIX_KIND) |
           (cJSON_GetObjectItemCaseSensitive(obj, "apiVersion")
                ? 0 : FIX_APIVERSION);
}

/* Stores 'len' bytes of JSON text: at the end of the spool (with its NUL,
 * so that the mapping can be read as a string), or on the heap for an
 * index built in memory. Sets o->json or o->json_off. */
static int keep_text(struct sb_serve_index *idx, struct sb_sobj *o,
                     const char *text, size_t len, struct sb_err *err)
{
    int rc;

    o->len = len;
    if (idx->spool_objects) {
        if ((rc = spool_open(idx, err)))
            return rc;
        o->json_off = idx->spool_len;
        o->json = NULL;
        return spool_write(idx, text, len + 1, err);
    }
    o->json_off = UINT64_MAX;
    o->json = sb_malloc(len + 1);
    if (!o->json)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    memcpy(o->json, text, len);
    o->json[len] = '\0';
    return 0;
}

/* Files the object whose printed text is 'text' under (group, plural):
 * its key, shared namespace, name and text. */
static int keep_obj(struct sb_serve_index *idx, const char *group,
                    const char *plural, const char *ns, const char *name,
                    const char *text, size_t len, unsigned fix,
                    struct sb_err *err)
{
    struct sb_scoll *c = NULL;
    struct sb_buf key = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_sobj o;
    int rc;

    if ((rc = coll_get(idx, group, plural, &c, err)))
        return rc;
    memset(&o, 0, sizeof(o));
    o.json_off = UINT64_MAX;
    o.fix = fix;
    o.ns = *ns ? key_intern(idx, ns) : "";
    if (!o.ns ||
        sb_buf_addf(&key, "%s%s%s", ns, *ns ? "/" : "", name))
        goto nomem;
    o.key = sb_buf_detach(&key, NULL);
    if (!o.key)
        goto nomem;
    o.name = o.key + (*ns ? strlen(ns) + 1 : 0);
    rc = keep_text(idx, &o, text, len, err);
    if (rc == 0 && (rc = SB_ARRAY_GROW(c->items, c->nitems + 1,
                                       c->items_alloc, OBJECTS_MAX)))
        rc = rc == SB_E_TOOBIG
             ? sb_err_set(err, rc, "more than %zu objects of %s%s%s",
                          OBJECTS_MAX, plural, *group ? "." : "", group)
             : sb_err_set(err, SB_E_NOMEM, "out of memory");
    if (rc == 0)
        c->items[c->nitems++] = o;
    if (rc) {
        sb_free(o.key);
        if (o.json_off == UINT64_MAX)
            sb_free(o.json);
    }
    return rc;
nomem:
    sb_buf_release(&key);
    return sb_err_set(err, SB_E_NOMEM, "out of memory");
}

/* The object as cJSON_PrintUnformatted writes it, into the index's
 * scratch buffer when it fits (no allocation per object); *heap is set
 * when the text was allocated instead (free it with cJSON_free). */
static char *print_obj(struct sb_serve_index *idx, const cJSON *obj,
                       size_t hint, bool *heap)
{
    /* cJSON wants 5 bytes of slack; the printed text of a scanned item
     * is rarely longer than its source */
    size_t want = hint + hint / 4 + 64;

    /* past its maximum, or out of memory, the buffer stays as it was
     * and the object is printed on the heap when it does not fit */
    *heap = want > idx->scratch.cap && want <= SCRATCH_MAX &&
            sb_buf_grow(&idx->scratch, want) == SB_E_NOMEM;
    if (!*heap && idx->scratch.data && idx->scratch.cap <= INT_MAX &&
        cJSON_PrintPreallocated((cJSON *)obj, idx->scratch.data,
                                (int)idx->scratch.cap, false))
        return idx->scratch.data;
    *heap = true;
    return cJSON_PrintUnformatted(obj);
}

int sb_serve_index_add(struct sb_serve_index *idx, const char *group,
                       const char *plural, const char *ns, cJSON *obj,
                       struct sb_err *err)
{
    const char *ons;
    char *text;
    bool heap;
    cJSON *md;
    int rc;

    md = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
    if (!cJSON_IsObject(obj) || !cJSON_IsObject(md) ||
        !meta_str(obj, "name")) {
        cJSON_Delete(obj);
        return sb_err_set(err, SB_E_FORMAT, "an item of '%s' has no "
                          "metadata.name", plural);
    }
    if (!strcmp(ns, "_cluster"))
        ns = "";
    if (*ns && !meta_str(obj, "namespace"))
        cJSON_AddStringToObject(md, "namespace", ns);
    ons = meta_str(obj, "namespace");
    text = print_obj(idx, obj, 4096, &heap);
    if (!text)
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
    else
        rc = keep_obj(idx, group, plural, ons ? ons : "",
                      meta_str(obj, "name"), text, strlen(text),
                      fix_of(obj), err);
    if (heap)
        cJSON_free(text);
    cJSON_Delete(obj);
    return rc;
}

/* One item of a List scanned by sb_jscan (read-only tree over 'base'):
 * printed straight from that tree, no tree of its own. An item that
 * needs its namespace filled in takes the cJSON way. */
static int add_scanned(struct sb_serve_index *idx, const char *group,
                       const char *plural, const char *ns,
                       const cJSON *item, const char *base,
                       struct sb_err *err)
{
    const cJSON *md = cJSON_GetObjectItemCaseSensitive(item, "metadata");
    const char *ons;
    size_t off, len;
    char *text;
    bool heap;
    int rc;

    if (!cJSON_IsObject(item) || !cJSON_IsObject(md) ||
        !meta_str(item, "name"))
        return sb_err_set(err, SB_E_FORMAT, "an item of '%s' has no "
                          "metadata.name", plural);
    sb_jscan_span(item, &off, &len);
    if (strcmp(ns, "_cluster") && *ns && !meta_str(item, "namespace")) {
        cJSON *copy = cJSON_ParseWithLength(base + off, len);

        if (!copy)  /* sb_jscan accepted it, so cJSON does: memory */
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
        return sb_serve_index_add(idx, group, plural, ns, copy, err);
    }
    ons = meta_str(item, "namespace");
    text = print_obj(idx, item, len, &heap);
    if (!text)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    rc = keep_obj(idx, group, plural, ons ? ons : "", meta_str(item, "name"),
                  text, strlen(text), fix_of(item), err);
    if (heap)
        cJSON_free(text);
    return rc;
}

/* sb_jscan's arena for a list: as the loader sizes it */
#define ARENA_PER_BYTE 16
#define ARENA_EXTRA ((size_t)1 << 20)

/* The items of a List through sb_jscan: one arena for the whole list
 * instead of a malloc per node, and each item printed from it. Returns 1
 * (nothing added) when sb_jscan refuses the text: cJSON then judges it,
 * as before (bad JSON, unpaired surrogates). */
static int list_scanned(struct sb_serve_index *idx, const char *path,
                        const char *group, const char *plural,
                        const char *ns, const struct sb_buf *body,
                        struct sb_err *err)
{
    struct sb_jscan js;
    const cJSON *root = NULL, *items, *item;
    const char *text = body->data ? body->data : "";
    struct sb_scoll *c;
    int rc;

    if (body->len > (SIZE_MAX - ARENA_EXTRA) / ARENA_PER_BYTE)
        return 1;
    sb_jscan_init(&js, body->len * ARENA_PER_BYTE + ARENA_EXTRA);
    rc = sb_jscan_parse(&js, text, body->len, &root);
    if (rc == SB_E_NOMEM) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory reading '%s'", path);
        goto cleanup;
    }
    if (rc) {
        rc = 1;
        goto cleanup;
    }
    items = cJSON_GetObjectItemCaseSensitive(root, "items");
    if (!cJSON_IsArray(items) && !cJSON_IsNull(items) && items) {
        rc = sb_err_set(err, SB_E_FORMAT, "'%s' is not a List: 'items' is "
                        "not an array", path);
        goto cleanup;
    }
    if (!items) {
        rc = sb_err_set(err, SB_E_FORMAT, "'%s' is not a List: no 'items'",
                        path);
        goto cleanup;
    }
    if (cJSON_IsArray(items)) {
        cJSON_ArrayForEach(item, items) {
            rc = add_scanned(idx, group, plural, ns, item, text, err);
            if (rc) {
                sb_err_wrap(err, "in '%s'", path);
                goto cleanup;
            }
        }
    }
    /* an empty list still names a collection the API serves */
    if (!rc && (rc = coll_get(idx, group, plural, &c, err)))
        sb_err_wrap(err, "in '%s'", path);
cleanup:
    sb_jscan_release(&js);
    return rc;
}

/* Reads one resources/<ns>/<plural>[.<group>].json member. */
static int load_list(struct sb_serve_index *idx, const char *path,
                     struct sb_buf *body, struct sb_err *err)
{
    char ns[256], file[512], *dot;
    const char *group = "";
    const char *rest = path + strlen("resources/");
    const char *slash = strchr(rest, '/');
    cJSON *root = NULL, *items, *item;
    struct sb_scoll *c;
    size_t flen;
    int rc = 0;

    if (!slash || (size_t)(slash - rest) >= sizeof(ns) ||
        strchr(slash + 1, '/') || strlen(slash + 1) >= sizeof(file))
        return 0;   /* not a resource list: ignored like any other file */
    memcpy(ns, rest, (size_t)(slash - rest));
    ns[slash - rest] = '\0';
    strcpy(file, slash + 1);
    flen = strlen(file);
    if (flen <= 5 || strcmp(file + flen - 5, ".json"))
        return 0;
    file[flen - 5] = '\0';
    dot = strchr(file, '.');
    if (dot) {
        *dot = '\0';
        group = dot + 1;
    }
    rc = list_scanned(idx, path, group, file, ns, body, err);
    if (rc != 1)
        return rc;
    rc = 0;
    root = cJSON_ParseWithLength(body->data ? body->data : "", body->len);
    /* one unpaired surrogate escape must not cost the list: as analyze
     * does, it reads as U+FFFD (sb_jscan_fix_surrogates) */
    if (!root && body->data &&
        sb_jscan_fix_surrogates(body->data, body->len) > 0) {
        sb_warn("'%s': unpaired UTF-16 surrogate escapes read as U+FFFD",
                path);
        root = cJSON_ParseWithLength(body->data, body->len);
    }
    if (!root)
        return sb_err_set(err, SB_E_FORMAT, "bad JSON in '%s'", path);
    items = cJSON_GetObjectItemCaseSensitive(root, "items");
    if (!cJSON_IsArray(items) && !cJSON_IsNull(items) && items) {
        rc = sb_err_set(err, SB_E_FORMAT, "'%s' is not a List: 'items' is "
                        "not an array", path);
        goto cleanup;
    }
    if (!items) {
        rc = sb_err_set(err, SB_E_FORMAT, "'%s' is not a List: no 'items'",
                        path);
        goto cleanup;
    }
    while (cJSON_IsArray(items) && (item = items->child)) {
        cJSON_DetachItemViaPointer(items, item);
        rc = sb_serve_index_add(idx, group, file, ns, item, err);
        if (rc) {
            sb_err_wrap(err, "in '%s'", path);
            goto cleanup;
        }
    }
    if (!rc && !sb_serve_index_coll(idx, group, file) &&
        (rc = coll_get(idx, group, file, &c, err)))
        sb_err_wrap(err, "in '%s'", path);
cleanup:
    cJSON_Delete(root);
    return rc;
}

static int obj_cmp(const void *a, const void *b)
{
    return strcmp(((const struct sb_sobj *)a)->key,
                  ((const struct sb_sobj *)b)->key);
}

cJSON *sb_sobj_parse(const struct sb_sobj *o)
{
    return o->json ? cJSON_ParseWithLength(o->json, o->len) : NULL;
}

static int spool_flush(struct sb_serve_index *idx, struct sb_err *err);

/* An object parsed while the index is being finished, before the spool is
 * mapped: its text is read back from the spool file. NULL when out of
 * memory or the spool cannot be read ('err' says which). */
static cJSON *parse_early(struct sb_serve_index *idx, const struct sb_sobj *o,
                          struct sb_err *err)
{
    char *text;
    cJSON *obj;
    size_t got = 0;

    if (o->json_off == UINT64_MAX || idx->map) {
        const char *t = o->json_off == UINT64_MAX
                            ? o->json : (const char *)idx->map + o->json_off;

        obj = cJSON_ParseWithLength(t, o->len);
        if (!obj)
            sb_err_set(err, SB_E_NOMEM, "out of memory");
        return obj;
    }
    if (spool_flush(idx, err))
        return NULL;
    text = sb_malloc(o->len + 1);
    if (!text) {
        sb_err_set(err, SB_E_NOMEM, "out of memory");
        return NULL;
    }
    while (got < o->len) {
        ssize_t n = pread(idx->spool_fd, text + got, o->len - got,
                          (off_t)(o->json_off + got));

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            sb_err_set(err, SB_E_IO, "cannot read the spool file: %s",
                       n < 0 ? strerror(errno) : "cut short");
            sb_free(text);
            return NULL;
        }
        got += (size_t)n;
    }
    obj = cJSON_ParseWithLength(text, o->len);
    sb_free(text);
    if (!obj)
        sb_err_set(err, SB_E_NOMEM, "out of memory");
    return obj;
}

static const char *group_of(const char *gv, char *buf, size_t n)
{
    const char *slash = strchr(gv, '/');

    if (!slash)
        return "";
    snprintf(buf, n, "%.*s", (int)(slash - gv), gv);
    return buf;
}

const cJSON *sb_serve_index_restype(const struct sb_serve_index *idx,
                                    const char *group, const char *version,
                                    const char *plural)
{
    const cJSON *gl, *r;
    char want[512];

    if (*group)
        snprintf(want, sizeof(want), "%s/%s", group, version);
    else
        snprintf(want, sizeof(want), "%s", version);
    cJSON_ArrayForEach(gl, idx->api_resources) {
        const cJSON *gv = cJSON_GetObjectItemCaseSensitive(gl,
                                                           "groupVersion");

        if (!cJSON_IsString(gv) || strcmp(gv->valuestring, want))
            continue;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(gl,
                                                               "resources")) {
            const cJSON *nm = cJSON_GetObjectItemCaseSensitive(r, "name");

            if (cJSON_IsString(nm) && !strcmp(nm->valuestring, plural))
                return r;
        }
    }
    return NULL;
}

/* A kind for a plural no table knows (a custom resource whose objects
 * carry no kind and whose bundle has no discovery): English plural
 * endings undone, first letter capitalised, "policies" -> "Policy",
 * "gateways" -> "Gateway", "boxes" -> "Box". A guess: the real kind's
 * inner capitals ("BackendTLSPolicy") cannot be recovered from a plural,
 * but "Widgets" would be wrong for every object. */
static void kind_of_plural(const char *plural, char *out, size_t size)
{
    static const char *const es[] = { "sses", "shes", "ches", "xes", "zes" };
    size_t i, n;

    snprintf(out, size, "%s", plural);
    n = strlen(out);
    if (n > 3 && !strcmp(out + n - 3, "ies")) {
        strcpy(out + n - 3, "y");
    } else {
        for (i = 0; i < sizeof(es) / sizeof(es[0]); i++) {
            size_t e = strlen(es[i]);

            if (n > e && !strcmp(out + n - e, es[i])) {
                out[n - 2] = '\0';
                break;
            }
        }
        if (i == sizeof(es) / sizeof(es[0]) && n > 1 && out[n - 1] == 's' &&
            out[n - 2] != 's')
            out[n - 1] = '\0';
    }
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
}

/* The first APIResourceList entry for (group, plural) in any version;
 * sets *gv to its groupVersion. */
static const cJSON *restype_any(const struct sb_serve_index *idx,
                                const char *group, const char *plural,
                                const char **gv_out)
{
    const cJSON *gl, *r;
    char buf[256];

    cJSON_ArrayForEach(gl, idx->api_resources) {
        const cJSON *gv = cJSON_GetObjectItemCaseSensitive(gl,
                                                           "groupVersion");

        if (!cJSON_IsString(gv) ||
            strcmp(group_of(gv->valuestring, buf, sizeof(buf)), group))
            continue;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(gl,
                                                               "resources")) {
            const cJSON *nm = cJSON_GetObjectItemCaseSensitive(r, "name");

            if (cJSON_IsString(nm) && !strcmp(nm->valuestring, plural)) {
                *gv_out = gv->valuestring;
                return r;
            }
        }
    }
    return NULL;
}

/* A discovery entry for a collection api-resources.json does not name,
 * from its first item's kind and apiVersion. */
static int synth_restype(struct sb_serve_index *idx, struct sb_scoll *c,
                         struct sb_err *err)
{
    const struct sb_sobj *first = sb_scoll_count(c) ? sb_scoll_at(c, 0)
                                                    : NULL;
    cJSON *fobj = first ? parse_early(idx, first, err) : NULL;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(fobj, "kind");
    const cJSON *av = cJSON_GetObjectItemCaseSensitive(fobj, "apiVersion");
    char gv[512], k[256];
    cJSON *gl = NULL, *res, *r, *verbs;
    const cJSON *x;
    bool namespaced = fobj && meta_str(fobj, "namespace");

    if (first && !fobj)
        return err->code;

    if (cJSON_IsString(av) && strchr(av->valuestring, '/') == NULL &&
        !*c->group)
        snprintf(gv, sizeof(gv), "%s", av->valuestring);
    else if (cJSON_IsString(av) && !strncmp(av->valuestring, c->group,
                                            strlen(c->group)) && *c->group)
        snprintf(gv, sizeof(gv), "%s", av->valuestring);
    else
        snprintf(gv, sizeof(gv), "%s%sv1", c->group, *c->group ? "/" : "");
    if (cJSON_IsString(kind))
        snprintf(k, sizeof(k), "%s", kind->valuestring);
    else if (sb_kresources_kind(c->group, c->plural))
        snprintf(k, sizeof(k), "%s", sb_kresources_kind(c->group,
                                                        c->plural));
    else
        kind_of_plural(c->plural, k, sizeof(k));
    cJSON_Delete(fobj);
    cJSON_ArrayForEach(x, idx->api_resources) {
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(x, "groupVersion");

        if (cJSON_IsString(g) && !strcmp(g->valuestring, gv))
            gl = (cJSON *)x;
    }
    if (!gl) {
        gl = cJSON_CreateObject();
        if (!gl)
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
        cJSON_AddItemToArray(idx->api_resources, gl);
        cJSON_AddStringToObject(gl, "kind", "APIResourceList");
        cJSON_AddStringToObject(gl, "apiVersion", "v1");
        cJSON_AddStringToObject(gl, "groupVersion", gv);
        cJSON_AddArrayToObject(gl, "resources");
    }
    res = cJSON_GetObjectItemCaseSensitive(gl, "resources");
    r = cJSON_CreateObject();
    if (!r || !res)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    cJSON_AddItemToArray(res, r);
    cJSON_AddStringToObject(r, "name", c->plural);
    cJSON_AddStringToObject(r, "singularName", "");
    /* keys and namespaces are not filled in yet: read the object */
    cJSON_AddBoolToObject(r, "namespaced", namespaced);
    cJSON_AddStringToObject(r, "kind", k);
    verbs = cJSON_AddArrayToObject(r, "verbs");
    cJSON_AddItemToArray(verbs, cJSON_CreateString("get"));
    cJSON_AddItemToArray(verbs, cJSON_CreateString("list"));
    return 0;
}

/* One object per key: formats that write an object twice (troubleshoot's
 * custom resources as JSON and YAML, oc adm inspect's Lists beside single
 * objects) keep the first copy. 'c' is sorted. */
static void dedup_coll(struct sb_scoll *c)
{
    struct sb_sobj *o = c->items;
    size_t i, kept = 0, n = sb_scoll_count(c);

    for (i = 0; i < n; i++) {
        if (kept && !strcmp(o[kept - 1].key, o[i].key)) {
            if (o[i].json_off == UINT64_MAX)
                sb_free(o[i].json);
            sb_free(o[i].key);
            continue;
        }
        o[kept++] = o[i];
    }
    c->nitems = kept;
}

/* Gives an object the kind and apiVersion it lacks: its text parsed,
 * the fields added as they always were (at the end), printed again and
 * stored anew (the old text stays in the spool, unused). */
static int fix_obj(struct sb_serve_index *idx, struct sb_sobj *o,
                   const cJSON *kind, const char *gv, struct sb_err *err)
{
    cJSON *obj;
    char *text;
    int rc;

    if (!((o->fix & FIX_KIND) && cJSON_IsString(kind)) &&
        !((o->fix & FIX_APIVERSION) && gv))
        return 0;
    obj = parse_early(idx, o, err);
    if (!obj)
        return err->code;
    if ((o->fix & FIX_KIND) && cJSON_IsString(kind))
        cJSON_AddStringToObject(obj, "kind", kind->valuestring);
    if ((o->fix & FIX_APIVERSION) && gv)
        cJSON_AddStringToObject(obj, "apiVersion", gv);
    text = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    if (!text)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    if (o->json_off == UINT64_MAX)
        sb_free(o->json);
    o->json = NULL;
    rc = keep_text(idx, o, text, strlen(text), err);
    cJSON_free(text);
    return rc;
}

/* Sets kind and apiVersion on items that lack them (list items from a
 * real API server do), sorts, drops duplicates. */
static int finish_coll(struct sb_serve_index *idx, struct sb_scoll *c,
                       struct sb_err *err)
{
    const char *gv = NULL;
    const cJSON *rt = restype_any(idx, c->group, c->plural, &gv);
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(rt, "kind");
    size_t i, n = sb_scoll_count(c);
    int rc;

    for (i = 0; i < n; i++) {
        struct sb_sobj *o = &c->items[i];

        if (o->fix && (rc = fix_obj(idx, o, kind, gv, err)))
            return rc;
        o->fix = 0;
    }
    if (n)      /* qsort(NULL, 0, ...) is undefined: an empty list */
        qsort(c->items, n, sizeof(*c->items), obj_cmp);
    dedup_coll(c);
    return 0;
}

/* "v1.24.4+k3s1" -> 1, 24; false for anything else */
static bool parse_version(const char *v, long *major, long *minor)
{
    char *end;

    if (!v || v[0] != 'v')
        return false;
    *major = strtol(v + 1, &end, 10);
    if (end == v + 1 || *end != '.')
        return false;
    *minor = strtol(end + 1, &end, 10);
    return *major >= 0 && *minor >= 0;
}

/* No version file: the newest kubelet is the closest the bundle holds
 * (an API server is at least as new as its kubelets); without nodes,
 * "unknown" rather than a version the cluster may never have run. */
static char *version_from_nodes(const struct sb_serve_index *idx)
{
    const struct sb_scoll *c = sb_serve_index_coll(idx, "", "nodes");
    char best_buf[256];
    const char *best = NULL;
    long bmaj = -1, bmin = -1, maj, min;
    cJSON *v;
    char *text, num[32];
    size_t i;

    for (i = 0; i < sb_scoll_count(c); i++) {
        cJSON *node = sb_sobj_parse(sb_scoll_at(c, i));
        const cJSON *ni = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(node, "status"), "nodeInfo");
        const cJSON *kv = cJSON_GetObjectItemCaseSensitive(ni,
                                                           "kubeletVersion");

        if (!node)
            return NULL;
        if (cJSON_IsString(kv) &&
            strlen(kv->valuestring) < sizeof(best_buf) &&
            parse_version(kv->valuestring, &maj, &min) &&
            (maj > bmaj || (maj == bmaj && min > bmin) ||
             (maj == bmaj && min == bmin && strcmp(kv->valuestring,
                                                   best) > 0))) {
            strcpy(best_buf, kv->valuestring);
            best = best_buf;
            bmaj = maj;
            bmin = min;
        }
        cJSON_Delete(node);
    }
    v = cJSON_CreateObject();
    if (!v)
        return NULL;
    snprintf(num, sizeof(num), "%ld", bmaj);
    cJSON_AddStringToObject(v, "major", best ? num : "");
    snprintf(num, sizeof(num), "%ld", bmin);
    cJSON_AddStringToObject(v, "minor", best ? num : "");
    cJSON_AddStringToObject(v, "gitVersion", best ? best : "unknown");
    text = cJSON_PrintUnformatted(v);
    cJSON_Delete(v);
    return text;
}

/* Fields whose value is a time something happened in the cluster: the
 * newest of them is when the bundle was taken, near enough. */
static bool is_time_field(const char *k)
{
    static const char *const f[] = {
        "creationTimestamp", "lastTimestamp", "firstTimestamp", "eventTime",
        "lastTransitionTime", "lastHeartbeatTime", "lastProbeTime",
        "startedAt", "finishedAt", "startTime", "lastScheduleTime",
        "completionTime", "lastUpdateTime", "renewTime", NULL,
    };
    int i;

    for (i = 0; f[i]; i++)
        if (!strcmp(k, f[i]))
            return true;
    return false;
}

static void newest_in(const cJSON *node, int depth, int64_t *newest)
{
    const cJSON *c;
    int64_t t;

    if (depth > 32)
        return;
    for (c = node->child; c; c = c->next) {
        if (cJSON_IsString(c) && c->string && is_time_field(c->string) &&
            sb_time_parse(c->valuestring, &t, NULL) && t > *newest)
            *newest = t;
        else if (cJSON_IsObject(c) || cJSON_IsArray(c))
            newest_in(c, depth + 1, newest);
    }
}

static int64_t newest_time(const struct sb_serve_index *idx)
{
    int64_t newest = 0;
    size_t i, j;

    for (i = 0; i < sb_serve_index_ncolls(idx); i++) {
        const struct sb_scoll *c = sb_serve_index_coll_at(idx, i);

        for (j = 0; j < sb_scoll_count(c); j++) {
            cJSON *obj = sb_sobj_parse(sb_scoll_at(c, j));

            if (obj)    /* out of memory: a time less to go by */
                newest_in(obj, 0, &newest);
            cJSON_Delete(obj);
        }
    }
    return newest;
}

int sb_serve_index_finish(struct sb_serve_index *idx, struct sb_err *err)
{
    size_t i;
    int rc;

    for (i = 0; i < sb_serve_index_ncolls(idx); i++) {
        struct sb_scoll *c = &idx->colls[i];
        const char *gv;

        if (!restype_any(idx, c->group, c->plural, &gv) &&
            (rc = synth_restype(idx, c, err)))
            return rc;
        rc = finish_coll(idx, c, err);
        if (rc)
            return rc;
    }
    rc = spool_map(idx, err);
    if (rc)
        return rc;
    if (nblobs(idx))    /* qsort(NULL, 0, ...) is undefined: no logs */
        qsort(idx->blobs, nblobs(idx), sizeof(*idx->blobs),
              blob_cmp);
    if (!idx->cluster)
        idx->cluster = sb_strdup("bundle");
    if (!idx->version_json)
        idx->version_json = version_from_nodes(idx);
    if (!idx->now)
        idx->now = newest_time(idx);
    if (!idx->now)
        idx->now = sb_time_now();
    if (!idx->cluster || !idx->version_json)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    return 0;
}

/* The manifest names the cluster as its collector saw it: above any
 * sb_bformat_cluster_of rank */
#define MANIFEST_RANK 1000

static void take_manifest(struct sb_serve_index *idx, const cJSON *m)
{
    const cJSON *cl = cJSON_GetObjectItemCaseSensitive(m, "cluster");
    const cJSON *col = cJSON_GetObjectItemCaseSensitive(m, "collection");
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(col, "end");
    const cJSON *start = cJSON_GetObjectItemCaseSensitive(col, "start");
    int64_t t;

    if (cJSON_IsString(cl) && cl->valuestring[0]) {
        sb_free(idx->cluster);
        idx->cluster = sb_strdup(cl->valuestring);
        idx->cluster_rank = MANIFEST_RANK;
    }
    if (cJSON_IsString(end) && sb_time_parse(end->valuestring, &t, NULL))
        idx->now = t;
    else if (cJSON_IsString(start) &&
             sb_time_parse(start->valuestring, &t, NULL))
        idx->now = t;
}

/* Reads the cluster's name and the collection time from manifest.json.
 * Nothing else of it is served, and its files[] holds a path and digest
 * per member (6 MB at 15,000 pods, tens of MB as a cJSON tree): it is
 * scanned into sb_jscan's arena and let go (cJSON judges a text sb_jscan
 * refuses, as for the lists). */
static int read_manifest(struct sb_serve_index *idx, const struct sb_buf *body,
                         struct sb_err *err)
{
    const char *text = body->data ? body->data : "";
    struct sb_jscan js;
    const cJSON *root = NULL;
    cJSON *own = NULL;
    int rc = SB_E_TOOBIG;

    sb_jscan_init(&js, body->len < SIZE_MAX / 32
                           ? body->len * ARENA_PER_BYTE + ARENA_EXTRA : 0);
    if (body->len < SIZE_MAX / 32)
        rc = sb_jscan_parse(&js, text, body->len, &root);
    if (rc == SB_E_NOMEM) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory reading "
                        "'manifest.json'");
        goto cleanup;
    }
    if (rc)
        root = own = cJSON_ParseWithLength(text, body->len);
    rc = 0;
    if (!cJSON_IsObject(root))
        rc = sb_err_set(err, SB_E_FORMAT, "bad JSON in 'manifest.json'");
    else
        take_manifest(idx, root);
cleanup:
    cJSON_Delete(own);
    sb_jscan_release(&js);
    return rc;
}

/* ---- objects of the other formats ---- */

/* "PodList" -> "Pod" into 'buf' */
static const char *kind_of_list(const cJSON *doc, char buf[128])
{
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(doc, "kind");
    size_t n;

    if (!cJSON_IsString(k))
        return NULL;
    n = strlen(k->valuestring);
    if (n <= 4 || n >= 128 || strcmp(k->valuestring + n - 4, "List") != 0)
        return NULL;
    memcpy(buf, k->valuestring, n - 4);
    buf[n - 4] = '\0';
    return buf;
}

/* Adds one object found outside an sbundle's resources/: its group and
 * plural come from the folder when it names them (must-gather's
 * "deployments.apps", troubleshoot's custom resources), else from its
 * kind. Items that are not API objects (no kind or no name: discovery
 * lists troubleshoot keeps beside them) are dropped, as the loader
 * drops them. Takes ownership of 'item'. */
static int add_item(struct sb_serve_index *idx,
                    const struct sb_bformat_member *m, const char *hint,
                    cJSON *item, struct sb_err *err)
{
    const cJSON *kv = cJSON_GetObjectItemCaseSensitive(item, "kind");
    const cJSON *av = cJSON_GetObjectItemCaseSensitive(item, "apiVersion");
    const char *kind = cJSON_IsString(kv) && *kv->valuestring
                           ? kv->valuestring : hint;
    const char *group = "", *plural = NULL, *version = "v1";
    const char *dot = strchr(m->resource, '.');
    char gbuf[256], pbuf[256], av_buf[300], name[SB_BFORMAT_NAME_MAX];
    bool namespaced = true, known;
    int rc, rank;

    if (!kind)
        kind = sb_bformat_kind_of_resource(m->resource);
    if (!cJSON_IsObject(item) || !kind || !meta_str(item, "name")) {
        cJSON_Delete(item);
        return 0;
    }
    known = sb_bformat_kind_info(kind, &group, &plural, &version,
                                 &namespaced);
    if (dot && strlen(m->resource) < sizeof(pbuf)) {
        snprintf(pbuf, sizeof(pbuf), "%.*s", (int)(dot - m->resource),
                 m->resource);
        snprintf(gbuf, sizeof(gbuf), "%s", dot + 1);
        plural = pbuf;
        group = gbuf;
    } else if (!known) {
        /* a kind this table lacks: its apiVersion's group, the folder as
         * its plural */
        const char *slash = cJSON_IsString(av) ? strchr(av->valuestring, '/')
                                               : NULL;

        snprintf(gbuf, sizeof(gbuf), "%.*s",
                 slash ? (int)(slash - av->valuestring) : 0,
                 slash ? av->valuestring : "");
        group = gbuf;
        plural = m->resource;
    }
    if (!cJSON_IsString(kv) || !*kv->valuestring) {
        cJSON_DeleteItemFromObjectCaseSensitive(item, "kind");
        cJSON_AddStringToObject(item, "kind", kind);
    }
    if (!cJSON_IsString(av) && known) {
        snprintf(av_buf, sizeof(av_buf), "%s%s%s", group, *group ? "/" : "",
                 version);
        cJSON_DeleteItemFromObjectCaseSensitive(item, "apiVersion");
        cJSON_AddStringToObject(item, "apiVersion", av_buf);
    }
    if (known && !namespaced)
        cJSON_DeleteItemFromObjectCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(item, "metadata"), "namespace");
    rank = sb_bformat_cluster_of(kind, item, name, sizeof(name));
    if (rank > idx->cluster_rank) {
        char *dup = sb_strdup(name);

        if (!dup) {
            cJSON_Delete(item);
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
        }
        sb_free(idx->cluster);
        idx->cluster = dup;
        idx->cluster_rank = rank;
    }
    rc = sb_serve_index_add(idx, group, plural, known && !namespaced ? ""
                                                                     : m->ns,
                            item, err);
    return rc;
}

/* Every object of one parsed document: a List, an array, or one object */
static int add_doc(struct sb_serve_index *idx,
                   const struct sb_bformat_member *m, const char *path,
                   cJSON *doc, struct sb_err *err)
{
    cJSON *items, *item;
    const char *hint;
    char buf[128];
    int rc;

    sb_bformat_normalize(doc);
    hint = kind_of_list(doc, buf);
    items = cJSON_IsArray(doc) ? doc
                               : cJSON_GetObjectItemCaseSensitive(doc,
                                                                  "items");
    if (!cJSON_IsArray(items)) {
        if (!cJSON_IsObject(doc))
            return 0;
        if (hint)
            return 0;       /* an empty List ("items": null) */
        return add_item(idx, m, NULL, cJSON_Duplicate(doc, true), err);
    }
    while ((item = items->child)) {
        cJSON_DetachItemViaPointer(items, item);
        rc = add_item(idx, m, hint, item, err);
        if (rc) {
            sb_err_wrap(err, "in '%s'", path);
            return rc;
        }
    }
    return 0;
}

static int load_objects(struct sb_serve_index *idx,
                        const struct sb_bformat_member *m, const char *path,
                        struct sb_buf *body, struct sb_err *err)
{
    cJSON *doc = NULL, *d;
    int rc = 0;

    if (m->kind == SB_BF_YAML) {
        doc = sb_load_yaml_parse(path, body->data ? body->data : "",
                                 body->len, err);
        if (!doc)
            return err->code ? err->code : SB_E_FORMAT;
        cJSON_ArrayForEach(d, doc) {
            if ((rc = add_doc(idx, m, path, d, err)))
                break;
        }
    } else {
        doc = cJSON_ParseWithLength(body->data ? body->data : "", body->len);
        if (!doc)
            return sb_err_set(err, SB_E_FORMAT, "bad JSON in '%s'", path);
        rc = add_doc(idx, m, path, doc, err);
    }
    cJSON_Delete(doc);
    return rc;
}

/* ---- logs and files: spooled ---- */

/* An unlinked file in $TMPDIR: the bytes stay on disk (page cache),
 * mapped once the load is over */
static int spool_open(struct sb_serve_index *idx, struct sb_err *err)
{
    const char *dir = sb_tmpdir();
    struct sb_buf name = SB_BUF_INIT(4096);
    int rc = 0;

    if (idx->spool_fd >= 0)
        return 0;
    if (sb_buf_addf(&name, "%s/sbundle-serve-XXXXXX", dir))
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    idx->spool_fd = mkostemp(name.data, O_CLOEXEC);
    if (idx->spool_fd < 0)
        rc = sb_err_set(err, SB_E_IO, "cannot make a spool file in '%s': "
                        "%s", dir, strerror(errno));
    else
        unlink(name.data);
    sb_buf_release(&name);
    return rc;
}

static int write_all(int fd, const char *p, size_t n, struct sb_err *err)
{
    while (n) {
        ssize_t w = write(fd, p, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return sb_err_set(err, SB_E_IO, "cannot write the spool file: "
                              "%s", w < 0 ? strerror(errno) : "no progress");
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Writes what spool_write kept back */
static int spool_flush(struct sb_serve_index *idx, struct sb_err *err)
{
    int rc;

    if (!idx->wbuf.len)
        return 0;
    rc = write_all(idx->spool_fd, idx->wbuf.data, idx->wbuf.len, err);
    sb_buf_reset(&idx->wbuf);
    return rc;
}

/* Appends to the spool. Objects come a few hundred bytes at a time, tens
 * of thousands of them: small writes are gathered into SPOOL_CHUNK
 * before they reach the file. 'spool_len' counts them at once. */
static int spool_write(struct sb_serve_index *idx, const char *p, size_t n,
                       struct sb_err *err)
{
    int rc;

    if (idx->wbuf.len + n > SPOOL_CHUNK && (rc = spool_flush(idx, err)))
        return rc;
    if (n >= SPOOL_CHUNK) {
        rc = write_all(idx->spool_fd, p, n, err);
    } else {
        rc = sb_buf_add(&idx->wbuf, p, n)
                 ? sb_err_set(err, SB_E_NOMEM, "out of memory") : 0;
    }
    if (rc == 0)
        idx->spool_len += (uint64_t)n;
    return rc;
}

/* Copies the current member to the end of the spool: sets *off and *len.
 * Past the cap the spool is cut back and *over set; '*size' is then what
 * was seen of it. */
static int spool_member(struct sb_serve_index *idx, struct sb_bundle *bn,
                        uint64_t *off, uint64_t *len, bool *over,
                        struct sb_err *err)
{
    char *buf = NULL;
    ssize_t n;
    int rc;

    *over = false;
    *len = 0;
    if ((rc = spool_open(idx, err)))
        return rc;
    *off = idx->spool_len;
    buf = sb_malloc(SPOOL_CHUNK);
    if (!buf)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    while ((n = sb_bundle_read(bn, buf, SPOOL_CHUNK, err)) > 0) {
        *len += (uint64_t)n;
        if (*len > idx->member_max) {
            *over = true;
            continue;       /* read on for its size, keep nothing */
        }
        if ((rc = spool_write(idx, buf, (size_t)n, err)))
            break;
    }
    sb_free(buf);
    if (n < 0)
        return (int)n;
    if (rc)
        return rc;
    if (*over) {
        if ((rc = spool_flush(idx, err)))
            return rc;
        if (ftruncate(idx->spool_fd, (off_t)*off) ||
            lseek(idx->spool_fd, (off_t)*off, SEEK_SET) < 0)
            return sb_err_set(err, SB_E_IO, "cannot cut the spool file: %s",
                              strerror(errno));
        idx->spool_len = *off;
    }
    return 0;
}

static int add_spooled(struct sb_serve_index *idx, const char *path,
                       uint64_t off, uint64_t len, bool over,
                       struct sb_err *err)
{
    struct sb_sblob b;
    int rc;

    memset(&b, 0, sizeof(b));
    b.path = sb_strdup(path);
    b.data = "";
    b.off = over ? UINT64_MAX : off;
    b.len = over ? 0 : (size_t)len;
    b.size = len;
    b.over_cap = over;
    rc = !b.path ? SB_E_NOMEM
         : SB_ARRAY_GROW(idx->blobs, idx->nblobs + 1, idx->blobs_alloc,
                         BLOBS_MAX);
    if (rc) {
        sb_free(b.path);
        return blob_not_kept(rc, path, err);
    }
    idx->blobs[idx->nblobs++] = b;
    return 0;
}

static int log_path(struct sb_buf *path, const char *ns, const char *pod,
                    const char *container, bool previous)
{
    sb_buf_reset(path);
    return sb_buf_addf(path, "logs/%s/%s/%s%s.log", ns, pod, container,
                       previous ? ".previous" : "");
}

/* Spools the current member as the file 'path' of the index */
static int spool_blob(struct sb_serve_index *idx, struct sb_bundle *bn,
                      const char *path, struct sb_err *err)
{
    uint64_t off, len;
    bool over;
    int rc = spool_member(idx, bn, &off, &len, &over, err);

    if (rc == 0 && over)
        sb_warn("'%s' is larger than --max-member-size (%llu bytes): "
                "requests for it are refused", path,
                (unsigned long long)idx->member_max);
    return rc ? rc : add_spooled(idx, path, off, len, over, err);
}

static int spool_split(struct sb_serve_index *idx, struct sb_bundle *bn,
                       const struct sb_bformat_member *m, const char *path,
                       struct sb_err *err)
{
    struct sb_ssplit sp;
    bool over;
    int rc;

    memset(&sp, 0, sizeof(sp));
    rc = spool_member(idx, bn, &sp.off, &sp.len, &over, err);
    if (rc)
        return rc;
    if (over) {
        sb_warn("'%s' is larger than --max-member-size (%llu bytes): its "
                "logs are not served", path,
                (unsigned long long)idx->member_max);
        return 0;
    }
    sp.ns = sb_strdup(m->ns);
    sp.pod = sb_strdup(m->pod);
    sp.prefixed = m->kind == SB_BF_PREFIX_LOG;
    sp.previous = m->previous;
    rc = !sp.ns || !sp.pod ? SB_E_NOMEM
         : SB_ARRAY_GROW(idx->splits, idx->nsplits + 1, idx->splits_alloc,
                         SPLITS_MAX);
    if (rc) {
        sb_free(sp.ns);
        sb_free(sp.pod);
        if (rc == SB_E_TOOBIG)
            return sb_err_set(err, rc, "cannot keep '%s': more than %zu "
                              "logs to split", path, SPLITS_MAX);
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    idx->splits[idx->nsplits++] = sp;
    return 0;
}

/* kubectl cluster-info dump's logs.txt: every container of the pod
 * between "==== START logs for container NAME of pod NS/POD ====" and
 * its END line. 'base' is the mapped spool. */
static int split_dump_log(struct sb_serve_index *idx, const char *base,
                          const struct sb_ssplit *sp, struct sb_err *err)
{
    static const char start[] = "==== START logs for container ";
    static const char stop[] = "==== END logs for container ";
    const char *p = base + sp->off, *end = p + sp->len, *from = NULL;
    struct sb_buf path = SB_BUF_INIT(4096);
    char container[256] = "";
    int rc = 0;

    while (p <= end && rc == 0) {
        const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
        const char *le = nl ? nl + 1 : end;
        bool at_end = p == end;
        bool is_start = !at_end && (size_t)(le - p) > sizeof(start) &&
                        !memcmp(p, start, sizeof(start) - 1);
        bool is_stop = !at_end && (size_t)(le - p) > sizeof(stop) &&
                       !memcmp(p, stop, sizeof(stop) - 1);

        if ((is_start || is_stop || at_end) && from && container[0]) {
            if (log_path(&path, sp->ns, sp->pod, container, false))
                rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
            else
                rc = add_spooled(idx, sb_buf_str(&path),
                                 (uint64_t)(from - base),
                                 (uint64_t)(p - from), false, err);
            from = NULL;
        }
        if (is_start) {
            const char *n = p + sizeof(start) - 1;
            const char *sp_ = memchr(n, ' ', (size_t)(le - n));
            size_t cn = sp_ ? (size_t)(sp_ - n) : 0;

            if (cn && cn < sizeof(container)) {
                memcpy(container, n, cn);
                container[cn] = '\0';
                from = le;
            }
        }
        if (at_end)
            break;
        p = le;
    }
    sb_buf_release(&path);
    return rc;
}

/* The pods by name, for the prefixed logs' runs: a run names its pod
 * without its namespace, and a walk over every pod for each run cost
 * runs x pods, so that a log whose lines alternate between pods (100,000
 * runs over 20,000 pods: 5 MB) kept serve from starting for minutes.
 * Built once for all the splits; the GPU Operator's own pod is looked
 * for once too (a walk that parses every pod). */
struct pod_names {
    const struct sb_sobj **by_name;     /* sorted by name */
    size_t n;
    const struct sb_sobj *operator_pod;
    bool operator_known;
};

static int by_name_cmp(const void *a, const void *b)
{
    return strcmp((*(const struct sb_sobj *const *)a)->name,
                  (*(const struct sb_sobj *const *)b)->name);
}

static int pod_names_init(struct pod_names *pn,
                          const struct sb_serve_index *idx)
{
    const struct sb_scoll *c = sb_serve_index_coll(idx, "", "pods");
    size_t i;

    memset(pn, 0, sizeof(*pn));
    pn->n = sb_scoll_count(c);
    if (!pn->n)
        return 0;
    pn->by_name = sb_calloc(pn->n, sizeof(*pn->by_name));
    if (!pn->by_name)
        return SB_E_NOMEM;
    for (i = 0; i < pn->n; i++)
        pn->by_name[i] = &c->items[i];
    qsort(pn->by_name, pn->n, sizeof(*pn->by_name), by_name_cmp);
    return 0;
}

static void pod_names_release(struct pod_names *pn)
{
    sb_free(pn->by_name);
    memset(pn, 0, sizeof(*pn));
}

/* The pod labelled app=gpu-operator (its must-gather script selects it
 * by that label), NULL when none or several are */
static const struct sb_sobj *operator_pod(const struct pod_names *pn)
{
    const struct sb_sobj *found = NULL;
    size_t i;

    for (i = 0; i < pn->n; i++) {
        cJSON *pod = sb_sobj_parse(pn->by_name[i]);
        const cJSON *app = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(pod, "metadata"),
                "labels"), "app");
        bool match = cJSON_IsString(app) &&
                     !strcmp(app->valuestring, "gpu-operator");

        cJSON_Delete(pod);
        if (match && found)
            return NULL;
        if (match)
            found = pn->by_name[i];
    }
    return found;
}

/* The pod a prefixed log belongs to: the one named 'name' (its
 * namespace is not in the log's file name), or for a log that names no
 * pod the GPU Operator's own. NULL when none or several match. */
static const struct sb_sobj *prefix_pod(struct pod_names *pn,
                                        const char *name)
{
    size_t lo = 0, hi = pn->n, mid;

    if (!name[0]) {
        if (!pn->operator_known)
            pn->operator_pod = operator_pod(pn);
        pn->operator_known = true;
        return pn->operator_pod;
    }
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (strcmp(pn->by_name[mid]->name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == pn->n || strcmp(pn->by_name[lo]->name, name) ||
        (lo + 1 < pn->n && !strcmp(pn->by_name[lo + 1]->name, name)))
        return NULL;
    return pn->by_name[lo];
}

/* The first container of pod 'o' into 'out', for a log whose lines name
 * none; false when it has none (or its name does not fit) */
static bool first_container(const struct sb_sobj *o, char *out, size_t size)
{
    cJSON *pod = sb_sobj_parse(o);
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(pod, "spec"), "containers");
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetArrayItem(cs, 0), "name");
    bool ok = cJSON_IsString(n) && strlen(n->valuestring) < size;

    if (ok)
        strcpy(out, n->valuestring);
    cJSON_Delete(pod);
    return ok;
}

/* One run of a prefixed log's lines, all of one container, served as
 * written (kubectl's prefixes kept: the spool is served byte for byte) */
static int prefix_run(struct sb_serve_index *idx, struct pod_names *pn,
                      const struct sb_ssplit *sp, const char *pod,
                      const char *container, uint64_t off, uint64_t len,
                      struct sb_err *err)
{
    const struct sb_sobj *o = prefix_pod(pn, pod);
    struct sb_buf path = SB_BUF_INIT(4096);
    char first[256];
    int rc;

    if (!o)
        return 0;       /* whose it is cannot be told: analyze keeps it */
    if (!container[0]) {
        if (!first_container(o, first, sizeof(first)))
            return 0;
        container = first;
    }
    if (log_path(&path, o->ns, o->name, container, sp->previous))
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
    else
        rc = add_spooled(idx, sb_buf_str(&path), off, len, false, err);
    sb_buf_release(&path);
    return rc;
}

/* kubectl logs --all-containers --prefix: lines "[pod/P/C] text", one
 * container after another; a line without a prefix stays with the run
 * before it (the GPU Operator's own log has none at all). */
static int split_prefix_log(struct sb_serve_index *idx, struct pod_names *pn,
                            const char *base, const struct sb_ssplit *sp,
                            struct sb_err *err)
{
    const char *p, *end, *from;
    char pod[256], container[256], np[256], nc[256];
    int rc = 0;

    if (sp->len == 0 || !base)
        return 0;       /* an empty log (of a container never restarted) */
    p = from = base + sp->off;
    end = p + sp->len;
    snprintf(pod, sizeof(pod), "%s", sp->pod);
    container[0] = '\0';
    while (p < end && rc == 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl + 1 : end;

        if (sb_bformat_log_prefix(p, (size_t)(le - p), np, nc, sizeof(np)) &&
            (strcmp(np, pod) != 0 || strcmp(nc, container) != 0)) {
            if (p > from)
                rc = prefix_run(idx, pn, sp, pod, container,
                                (uint64_t)(from - base),
                                (uint64_t)(p - from), err);
            memcpy(pod, np, sizeof(pod));
            memcpy(container, nc, sizeof(container));
            from = p;
        }
        p = le;
    }
    if (rc == 0 && end > from)
        rc = prefix_run(idx, pn, sp, pod, container,
                        (uint64_t)(from - base), (uint64_t)(end - from), err);
    return rc;
}

/* Maps the spool and points the spooled blobs into it */
static int spool_map(struct sb_serve_index *idx, struct sb_err *err)
{
    struct pod_names pn;
    size_t i, n;
    int rc;

    if (idx->spool_fd < 0 || idx->map)
        return 0;
    if ((rc = spool_flush(idx, err)))
        return rc;
    if (idx->spool_len) {
        idx->map = mmap(NULL, (size_t)idx->spool_len, PROT_READ, MAP_SHARED,
                        idx->spool_fd, 0);
        if (idx->map == MAP_FAILED) {
            idx->map = NULL;
            return sb_err_set(err, SB_E_IO, "cannot map the spool file: %s",
                              strerror(errno));
        }
    }
    /* the objects first: splitting a prefixed log reads pods */
    for (i = 0; i < sb_serve_index_ncolls(idx); i++) {
        struct sb_scoll *c = &idx->colls[i];
        size_t j;

        for (j = 0; j < sb_scoll_count(c); j++) {
            struct sb_sobj *o = &c->items[j];

            /* PROT_READ: the API only reads 'json' (see the header) */
            if (o->json_off != UINT64_MAX)
                o->json = (char *)idx->map + o->json_off;
        }
    }
    memset(&pn, 0, sizeof(pn));
    for (i = 0; i < idx->nsplits; i++)
        if (idx->splits[i].prefixed) {
            if (pod_names_init(&pn, idx))
                return sb_err_set(err, SB_E_NOMEM, "out of memory");
            break;
        }
    n = idx->nsplits;
    for (i = 0; i < n && rc == 0; i++) {
        const struct sb_ssplit *sp = &idx->splits[i];

        rc = sp->prefixed ? split_prefix_log(idx, &pn, idx->map, sp, err)
                          : split_dump_log(idx, idx->map, sp, err);
    }
    pod_names_release(&pn);
    if (rc)
        return rc;
    for (i = 0; i < nblobs(idx); i++) {
        struct sb_sblob *b = &idx->blobs[i];

        if (b->off != UINT64_MAX)
            b->data = b->len ? (const char *)idx->map + b->off : "";
    }
    return 0;
}

/* ---- metadata ---- */

static int take_version(struct sb_serve_index *idx, const char *path,
                        const struct sb_buf *body, struct sb_err *err)
{
    cJSON *j = cJSON_ParseWithLength(body->data ? body->data : "",
                                     body->len);
    const cJSON *v = j;

    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return sb_err_set(err, SB_E_FORMAT, "bad JSON in '%s'", path);
    }
    /* troubleshoot's cluster_version.json: {"info": {...}, "string"} */
    if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "info")))
        v = cJSON_GetObjectItemCaseSensitive(j, "info");
    if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "gitVersion"))) {
        sb_free(idx->version_json);
        idx->version_json = cJSON_PrintUnformatted(v);
    }
    cJSON_Delete(j);
    return idx->version_json ? 0 : sb_err_set(err, SB_E_NOMEM,
                                              "out of memory");
}

/* Takes one member; 'body' holds its bytes. */
static int take_member(struct sb_serve_index *idx, const char *path,
                       const struct sb_bformat_member *m,
                       struct sb_buf *body, bool *has_manifest,
                       struct sb_err *err)
{
    int64_t t0, t1;
    cJSON *j;

    switch (m->kind) {
    case SB_BF_MANIFEST:
        if (read_manifest(idx, body, err))
            return err->code;
        *has_manifest = true;
        return 0;
    case SB_BF_VERSION:
        return take_version(idx, path, body, err);
    case SB_BF_TIMESTAMP:
        if (sb_bformat_timestamps(body->data ? body->data : "", body->len,
                                  &t0, &t1) && !idx->now)
            idx->now = t1;
        return 0;
    case SB_BF_JSON:
    case SB_BF_YAML:
        if (m->fmt == SB_BF_SBUNDLE)
            return load_list(idx, path, body, err);
        return load_objects(idx, m, path, body, err);
    default:
        break;
    }
    if (!strcmp(path, "cluster/api-resources.json")) {
        j = cJSON_ParseWithLength(body->data ? body->data : "", body->len);
        if (!cJSON_IsArray(j)) {
            cJSON_Delete(j);
            return sb_err_set(err, SB_E_FORMAT, "bad JSON in "
                              "'cluster/api-resources.json': expected an "
                              "array of APIResourceList");
        }
        /* resources synthesised so far go after the bundle's own */
        while (cJSON_GetArraySize(idx->api_resources) > 0)
            cJSON_AddItemToArray(j, cJSON_DetachItemFromArray(
                                        idx->api_resources, 0));
        cJSON_Delete(idx->api_resources);
        idx->api_resources = j;
        return 0;
    }
    return 0;
}

static bool wanted(const char *path, const struct sb_bformat_member *m)
{
    if (m->kind != SB_BF_SKIP && m->kind != SB_BF_HOST)
        return true;
    return !strcmp(path, "cluster/api-resources.json") ||
           !strncmp(path, "nodes/", 6);
}

/* Files are spooled; everything else is read whole (within the cap) and
 * parsed. A member over the cap is left out with a warning naming it. */
static int one_member(struct sb_serve_index *idx, struct sb_bundle *bn,
                      const struct sb_member *mb,
                      const struct sb_bformat_member *m, struct sb_buf *body,
                      bool *has_manifest, struct sb_err *err)
{
    struct sb_buf path = SB_BUF_INIT(4096);
    int rc;

    switch (m->kind) {
    case SB_BF_LOG:
        if (log_path(&path, m->ns, m->pod, m->container, m->previous))
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        else
            rc = spool_blob(idx, bn, sb_buf_str(&path), err);
        sb_buf_release(&path);
        return rc;
    case SB_BF_DUMP_LOG:
    case SB_BF_PREFIX_LOG:
        return spool_split(idx, bn, m, mb->path, err);
    case SB_BF_NODE_LOG:
    case SB_BF_DCGM:
        return spool_blob(idx, bn, mb->path, err);
    default:
        if (!strncmp(mb->path, "nodes/", 6))
            return spool_blob(idx, bn, mb->path, err);
        break;
    }
    if (mb->size > idx->member_max) {
        sb_warn("'%s' is %llu bytes, larger than --max-member-size (%llu "
                "bytes): not served", mb->path,
                (unsigned long long)mb->size,
                (unsigned long long)idx->member_max);
        return 0;
    }
    sb_buf_reset(body);
    rc = sb_bundle_read_all(bn, body, err);
    if (rc == SB_E_TOOBIG) {
        sb_warn("'%s' is larger than --max-member-size (%llu bytes): not "
                "served", mb->path, (unsigned long long)idx->member_max);
        return 0;
    }
    if (rc)
        return rc;
    rc = take_member(idx, mb->path, m, body, has_manifest, err);
    /* the other formats are hundreds of files written by other tools: a
     * bad one costs its own objects, as in analyze, not the whole input */
    if (rc == SB_E_FORMAT && m->fmt != SB_BF_SBUNDLE) {
        sb_warn("%s: not served", err->msg);
        *err = (struct sb_err)SB_ERR_INIT;
        rc = 0;
    }
    return rc;
}

int sb_serve_index_load(const char *path, struct sb_serve_index **out,
                        struct sb_err *err)
{
    return sb_serve_index_load_opts(path, NULL, out, err);
}

int sb_serve_index_load_opts(const char *path,
                             const struct sb_serve_index_opts *opts,
                             struct sb_serve_index **out,
                             struct sb_err *err)
{
    struct sb_serve_index *idx = sb_serve_index_new();
    struct sb_bundle_opts bo;
    struct sb_bundle *bn = NULL;
    struct sb_buf body = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_bformat_member bm;
    struct sb_member m;
    bool has_manifest = false;
    int fmts = 0;
    int rc;

    *out = NULL;
    if (!idx)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    if (opts && opts->member_max)
        idx->member_max = opts->member_max;
    idx->spool_objects = true;
    sb_buf_init(&body, (size_t)idx->member_max);
    /* the reader's own cap is off: over-cap members are ours to report
     * (a log still gets an answer naming the cap) */
    memset(&bo, 0, sizeof(bo));
    bo.member_max = UINT64_MAX;
    bo.skip_hash = true;    /* nothing here checks digests */
    rc = sb_bundle_open(path, &bo, &bn, err);
    if (rc)
        goto cleanup;
    while ((rc = sb_bundle_next(bn, &m, err)) == 1) {
        sb_bformat_classify(m.path, &bm);
        if (!wanted(m.path, &bm))
            continue;
        fmts |= bm.fmt;
        rc = one_member(idx, bn, &m, &bm, &body, &has_manifest, err);
        if (rc)
            goto fail;
    }
    if (rc < 0)
        goto fail;
    if (!has_manifest && sb_serve_index_ncolls(idx) == 0) {
        rc = sb_err_set(err, SB_E_FORMAT, "'%s' is not a bundle: no "
                        "manifest.json, and nothing of a troubleshoot "
                        "bundle, a cluster-info dump or a must-gather",
                        path);
        goto cleanup;
    }
    idx->format = sb_bformat_name(fmts);
    if (!idx->cluster) {
        /* nothing in the input names its cluster: its own name, which
         * support engineers already use for the case */
        char name[SB_BFORMAT_NAME_MAX];

        sb_bformat_input_name(path, name, sizeof(name));
        idx->cluster = sb_strdup(name);
        if (!idx->cluster) {
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
            goto cleanup;
        }
    }
    rc = sb_serve_index_finish(idx, err);
    if (rc)
        goto fail;
    *out = idx;
    idx = NULL;
    goto cleanup;
fail:
    sb_err_wrap(err, "cannot load '%s'", path);
cleanup:
    sb_buf_release(&body);
    sb_bundle_free(bn);
    sb_serve_index_free(idx);
    return rc;
}
