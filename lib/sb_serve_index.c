/*
 * Loading a bundle into memory for the serve engine.
 */
#include "sb_serve_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_bundle.h"
#include "sb_time.h"

/* One member may be large (a log); the whole index is bounded by what
 * sb_bundle lets through. */
#define MEMBER_MAX ((size_t)512 << 20)

struct sb_serve_index *sb_serve_index_new(void)
{
    struct sb_serve_index *idx = sb_calloc(1, sizeof(*idx));

    if (!idx)
        return NULL;
    sb_buf_init(&idx->colls, SB_BUF_UNLIMITED);
    sb_buf_init(&idx->blobs, SB_BUF_UNLIMITED);
    idx->api_resources = cJSON_CreateArray();
    if (!idx->api_resources) {
        sb_free(idx);
        return NULL;
    }
    return idx;
}

static void coll_release(struct sb_scoll *c)
{
    size_t i, n = sb_scoll_count(c);

    for (i = 0; i < n; i++) {
        struct sb_sobj *o = (struct sb_sobj *)c->items.data + i;

        cJSON_Delete(o->obj);
        sb_free(o->json);
        sb_free(o->key);
    }
    sb_buf_release(&c->items);
    sb_free(c->group);
    sb_free(c->plural);
}

void sb_serve_index_free(struct sb_serve_index *idx)
{
    size_t i;

    if (!idx)
        return;
    for (i = 0; i < sb_serve_index_ncolls(idx); i++)
        coll_release((struct sb_scoll *)idx->colls.data + i);
    for (i = 0; i < idx->blobs.len / sizeof(struct sb_sblob); i++) {
        struct sb_sblob *b = (struct sb_sblob *)idx->blobs.data + i;

        sb_free(b->path);
        sb_free(b->data);
    }
    sb_buf_release(&idx->colls);
    sb_buf_release(&idx->blobs);
    cJSON_Delete(idx->manifest);
    cJSON_Delete(idx->api_resources);
    sb_free(idx->version_json);
    sb_free(idx->cluster);
    sb_free(idx);
}

size_t sb_serve_index_ncolls(const struct sb_serve_index *idx)
{
    return idx->colls.len / sizeof(struct sb_scoll);
}

const struct sb_scoll *sb_serve_index_coll_at(
    const struct sb_serve_index *idx, size_t i)
{
    return (const struct sb_scoll *)idx->colls.data + i;
}

const struct sb_scoll *sb_serve_index_coll(const struct sb_serve_index *idx,
                                           const char *group,
                                           const char *plural)
{
    size_t i;

    for (i = 0; i < sb_serve_index_ncolls(idx); i++) {
        const struct sb_scoll *c = sb_serve_index_coll_at(idx, i);

        if (!strcmp(c->group, group) && !strcmp(c->plural, plural))
            return c;
    }
    return NULL;
}

size_t sb_scoll_count(const struct sb_scoll *c)
{
    return c ? c->items.len / sizeof(struct sb_sobj) : 0;
}

const struct sb_sobj *sb_scoll_at(const struct sb_scoll *c, size_t i)
{
    return (const struct sb_sobj *)c->items.data + i;
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
    return idx->blobs.len / sizeof(struct sb_sblob);
}

const struct sb_sblob *sb_serve_index_blob_at(
    const struct sb_serve_index *idx, size_t i)
{
    return (const struct sb_sblob *)idx->blobs.data + i;
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

int sb_serve_index_add_blob(struct sb_serve_index *idx, const char *path,
                            const char *data, size_t len,
                            struct sb_err *err)
{
    struct sb_sblob b = { NULL, NULL, len };

    b.path = sb_strdup(path);
    b.data = sb_malloc(len + 1);
    if (!b.path || !b.data)
        goto nomem;
    memcpy(b.data, data, len);
    b.data[len] = '\0';
    if (sb_buf_add(&idx->blobs, &b, sizeof(b)))
        goto nomem;
    return 0;
nomem:
    sb_free(b.path);
    sb_free(b.data);
    return sb_err_set(err, SB_E_NOMEM, "cannot keep '%s': out of memory",
                      path);
}

static struct sb_scoll *coll_get(struct sb_serve_index *idx,
                                 const char *group, const char *plural)
{
    struct sb_scoll c;
    size_t i;

    for (i = 0; i < sb_serve_index_ncolls(idx); i++) {
        struct sb_scoll *x = (struct sb_scoll *)idx->colls.data + i;

        if (!strcmp(x->group, group) && !strcmp(x->plural, plural))
            return x;
    }
    memset(&c, 0, sizeof(c));
    sb_buf_init(&c.items, SB_BUF_UNLIMITED);
    c.group = sb_strdup(group);
    c.plural = sb_strdup(plural);
    if (!c.group || !c.plural || sb_buf_add(&idx->colls, &c, sizeof(c))) {
        sb_free(c.group);
        sb_free(c.plural);
        return NULL;
    }
    return (struct sb_scoll *)idx->colls.data + i;
}

static const char *meta_str(const cJSON *obj, const char *field)
{
    const cJSON *md = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(md, field);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int sb_serve_index_add(struct sb_serve_index *idx, const char *group,
                       const char *plural, const char *ns, cJSON *obj,
                       struct sb_err *err)
{
    struct sb_scoll *c;
    struct sb_sobj o;
    cJSON *md;

    memset(&o, 0, sizeof(o));
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
    c = coll_get(idx, group, plural);
    if (!c) {
        cJSON_Delete(obj);
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    o.obj = obj;
    if (sb_buf_add(&c->items, &o, sizeof(o))) {
        cJSON_Delete(obj);
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    return 0;
}

/* Reads one resources/<ns>/<plural>[.<group>].json member. */
static int load_list(struct sb_serve_index *idx, const char *path,
                     const struct sb_buf *body, struct sb_err *err)
{
    char ns[256], file[512], *dot;
    const char *group = "";
    const char *rest = path + strlen("resources/");
    const char *slash = strchr(rest, '/');
    cJSON *root = NULL, *items, *item;
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
    root = cJSON_ParseWithLength(body->data ? body->data : "", body->len);
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
    if (!sb_serve_index_coll(idx, group, file) && !coll_get(idx, group, file))
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
cleanup:
    cJSON_Delete(root);
    return rc;
}

static int obj_cmp(const void *a, const void *b)
{
    return strcmp(((const struct sb_sobj *)a)->key,
                  ((const struct sb_sobj *)b)->key);
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
static int synth_restype(struct sb_serve_index *idx, struct sb_scoll *c)
{
    const struct sb_sobj *first = sb_scoll_count(c) ? sb_scoll_at(c, 0)
                                                    : NULL;
    const cJSON *kind = first ? cJSON_GetObjectItemCaseSensitive(
                                    first->obj, "kind") : NULL;
    const cJSON *av = first ? cJSON_GetObjectItemCaseSensitive(
                                  first->obj, "apiVersion") : NULL;
    char gv[512], k[256];
    cJSON *gl = NULL, *res, *r, *verbs;
    const cJSON *x;

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
    else
        snprintf(k, sizeof(k), "%c%s", c->plural[0] & ~0x20, c->plural + 1);
    cJSON_ArrayForEach(x, idx->api_resources) {
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(x, "groupVersion");

        if (cJSON_IsString(g) && !strcmp(g->valuestring, gv))
            gl = (cJSON *)x;
    }
    if (!gl) {
        gl = cJSON_CreateObject();
        if (!gl)
            return SB_E_NOMEM;
        cJSON_AddItemToArray(idx->api_resources, gl);
        cJSON_AddStringToObject(gl, "kind", "APIResourceList");
        cJSON_AddStringToObject(gl, "apiVersion", "v1");
        cJSON_AddStringToObject(gl, "groupVersion", gv);
        cJSON_AddArrayToObject(gl, "resources");
    }
    res = cJSON_GetObjectItemCaseSensitive(gl, "resources");
    r = cJSON_CreateObject();
    if (!r || !res)
        return SB_E_NOMEM;
    cJSON_AddItemToArray(res, r);
    cJSON_AddStringToObject(r, "name", c->plural);
    cJSON_AddStringToObject(r, "singularName", "");
    /* keys and namespaces are not filled in yet: read the object */
    cJSON_AddBoolToObject(r, "namespaced",
                          first && meta_str(first->obj, "namespace"));
    cJSON_AddStringToObject(r, "kind", k);
    verbs = cJSON_AddArrayToObject(r, "verbs");
    cJSON_AddItemToArray(verbs, cJSON_CreateString("get"));
    cJSON_AddItemToArray(verbs, cJSON_CreateString("list"));
    return 0;
}

/* Sets kind and apiVersion on items that lack them (list items from a
 * real API server do), keys and serialises every object, sorts. */
static int finish_coll(struct sb_serve_index *idx, struct sb_scoll *c,
                       struct sb_err *err)
{
    const char *gv = NULL;
    const cJSON *rt = restype_any(idx, c->group, c->plural, &gv);
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(rt, "kind");
    size_t i, n = sb_scoll_count(c);

    for (i = 0; i < n; i++) {
        struct sb_sobj *o = (struct sb_sobj *)c->items.data + i;
        struct sb_buf key = SB_BUF_INIT(SB_BUF_UNLIMITED);

        if (!cJSON_GetObjectItemCaseSensitive(o->obj, "kind") &&
            cJSON_IsString(kind))
            cJSON_AddStringToObject(o->obj, "kind", kind->valuestring);
        if (!cJSON_GetObjectItemCaseSensitive(o->obj, "apiVersion") && gv)
            cJSON_AddStringToObject(o->obj, "apiVersion", gv);
        o->name = meta_str(o->obj, "name");
        o->ns = meta_str(o->obj, "namespace");
        if (!o->ns)
            o->ns = "";
        if (sb_buf_addf(&key, "%s%s%s", o->ns, *o->ns ? "/" : "", o->name))
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
        sb_free(o->key);
        o->key = sb_buf_detach(&key, NULL);
        sb_free(o->json);
        o->json = cJSON_PrintUnformatted(o->obj);
        if (!o->key || !o->json)
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
        o->len = strlen(o->json);
    }
    qsort(c->items.data, n, sizeof(struct sb_sobj), obj_cmp);
    return 0;
}

int sb_serve_index_finish(struct sb_serve_index *idx, struct sb_err *err)
{
    size_t i;
    int rc;

    for (i = 0; i < sb_serve_index_ncolls(idx); i++) {
        struct sb_scoll *c = (struct sb_scoll *)idx->colls.data + i;
        const char *gv;

        if (!restype_any(idx, c->group, c->plural, &gv) &&
            synth_restype(idx, c))
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
        rc = finish_coll(idx, c, err);
        if (rc)
            return rc;
    }
    if (nblobs(idx))    /* qsort's array may not be NULL, even empty */
        qsort(idx->blobs.data, nblobs(idx), sizeof(struct sb_sblob),
              blob_cmp);
    if (!idx->cluster)
        idx->cluster = sb_strdup("bundle");
    if (!idx->version_json)
        idx->version_json = sb_strdup(
            "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.0\","
            "\"platform\":\"linux/amd64\"}");
    if (!idx->now)
        idx->now = sb_time_now();
    if (!idx->cluster || !idx->version_json)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    return 0;
}

static void take_manifest(struct sb_serve_index *idx, cJSON *m)
{
    const cJSON *cl = cJSON_GetObjectItemCaseSensitive(m, "cluster");
    const cJSON *col = cJSON_GetObjectItemCaseSensitive(m, "collection");
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(col, "end");
    const cJSON *start = cJSON_GetObjectItemCaseSensitive(col, "start");
    int64_t t;

    idx->manifest = m;
    if (cJSON_IsString(cl) && cl->valuestring[0])
        idx->cluster = sb_strdup(cl->valuestring);
    if (cJSON_IsString(end) && sb_time_parse(end->valuestring, &t, NULL))
        idx->now = t;
    else if (cJSON_IsString(start) &&
             sb_time_parse(start->valuestring, &t, NULL))
        idx->now = t;
}

/* Takes one member; 'body' holds its bytes. */
static int take_member(struct sb_serve_index *idx, const char *path,
                       struct sb_buf *body, bool *has_manifest,
                       struct sb_err *err)
{
    cJSON *j;

    if (!strcmp(path, "manifest.json")) {
        j = cJSON_ParseWithLength(body->data ? body->data : "", body->len);
        if (!cJSON_IsObject(j)) {
            cJSON_Delete(j);
            return sb_err_set(err, SB_E_FORMAT, "bad JSON in "
                              "'manifest.json'");
        }
        cJSON_Delete(idx->manifest);
        sb_free(idx->cluster);
        idx->cluster = NULL;
        take_manifest(idx, j);
        *has_manifest = true;
        return 0;
    }
    if (!strcmp(path, "cluster/version.json")) {
        j = cJSON_ParseWithLength(body->data ? body->data : "", body->len);
        if (!cJSON_IsObject(j)) {
            cJSON_Delete(j);
            return sb_err_set(err, SB_E_FORMAT, "bad JSON in "
                              "'cluster/version.json'");
        }
        sb_free(idx->version_json);
        idx->version_json = cJSON_PrintUnformatted(j);
        cJSON_Delete(j);
        return 0;
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
    if (!strncmp(path, "resources/", 10))
        return load_list(idx, path, body, err);
    if (!strncmp(path, "logs/", 5) || !strncmp(path, "nodes/", 6))
        return sb_serve_index_add_blob(idx, path, body->data ? body->data
                                                             : "",
                                       body->len, err);
    return 0;
}

int sb_serve_index_load(const char *path, struct sb_serve_index **out,
                        struct sb_err *err)
{
    struct sb_serve_index *idx = sb_serve_index_new();
    struct sb_bundle *bn = NULL;
    struct sb_buf body = SB_BUF_INIT(MEMBER_MAX);
    struct sb_member m;
    bool has_manifest = false;
    int rc;

    *out = NULL;
    if (!idx)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    rc = sb_bundle_open(path, NULL, &bn, err);
    if (rc)
        goto cleanup;
    while ((rc = sb_bundle_next(bn, &m, err)) == 1) {
        bool wanted = !strcmp(m.path, "manifest.json") ||
                      !strncmp(m.path, "cluster/", 8) ||
                      !strncmp(m.path, "resources/", 10) ||
                      !strncmp(m.path, "logs/", 5) ||
                      !strncmp(m.path, "nodes/", 6);

        if (!wanted)
            continue;
        sb_buf_reset(&body);
        rc = sb_bundle_read_all(bn, &body, err);
        if (rc)
            goto fail;
        rc = take_member(idx, m.path, &body, &has_manifest, err);
        if (rc)
            goto fail;
    }
    if (rc < 0)
        goto fail;
    if (!has_manifest && sb_serve_index_ncolls(idx) == 0) {
        rc = sb_err_set(err, SB_E_FORMAT, "'%s' is not a bundle: no "
                        "manifest.json and no resources/", path);
        goto cleanup;
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
