/*
 * Kubernetes API routes over an in-memory bundle index.
 *
 * One file, though long: every route works on struct sb_serve_api and
 * struct route and answers through the same few response helpers
 * (send_json, the Status errors), and each section (objects a bundle
 * lacks, discovery, continue tokens, field selectors, pods/log, the node
 * and pod proxy, /openapi, the access reviews) is reached only from
 * route() and sb_serve_api_handle. /openapi and the reviews are the most
 * separable; splitting them would need a private header exposing the
 * API's state and those helpers, worth it when one of them grows, not
 * before.
 */
#include "sb_serve_api.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sb_alloc.h"
#include "sb_base64.h"
#include "sb_kprint.h"
#include "sb_kproto.h"
#include "sb_kresources.h"
#include "sb_jscan.h"
#include "sb_kslices.h"
#include "sb_selector.h"
#include "sb_time.h"

#define MAX_SEGS 32
#define LIST_RV "1000"

struct sb_serve_api {
    const struct sb_serve_index *idx;
    cJSON *disco;           /* the bundle's discovery (+ built-in types
                                   when 'complete') */
    struct sb_serve_index *derived;     /* EndpointSlices made from
                                           Endpoints or the reverse; NULL
                                           unless 'complete' */
    char *forbid;           /* ",a,b," so ",plural," finds a name */
    bool expire_continue;
    unsigned max_limit;
    char *user;
    pthread_mutex_t lock;   /* guards 'expired' */
    struct sb_buf expired;  /* NUL-separated list keys already expired */
};

static const char *JSON = "application/json";
static const char *TEXT = "text/plain; charset=utf-8";

/* obj.a.b; JSON null counts as absent, as Go's decoder reads it. */
static const cJSON *get_path(const cJSON *obj, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(obj, a);

    if (b && !cJSON_IsNull(x))
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    return cJSON_IsNull(x) ? NULL : x;
}

static const char *str_at(const cJSON *obj, const char *a, const char *b)
{
    const cJSON *x = get_path(obj, a, b);

    return cJSON_IsString(x) ? x->valuestring : NULL;
}

void sb_serve_resp_init(struct sb_serve_resp *resp)
{
    resp->status = 500;
    resp->content_type = JSON;
    resp->watch_seconds = 0;
    sb_buf_init(&resp->body, SB_BUF_UNLIMITED);
    memset(&resp->log, 0, sizeof(resp->log));
}

void sb_serve_resp_release(struct sb_serve_resp *resp)
{
    sb_buf_release(&resp->body);
}

/* ---- what a bundle lacks, made from what it has ---- */

static size_t count_of(const struct sb_serve_index *idx, const char *group,
                       const char *plural)
{
    return sb_scoll_count(sb_serve_index_coll(idx, group, plural));
}

/* Slices for every Endpoints object into 'd'; 0 or a negative code. */
static int derive_slices(const struct sb_serve_index *idx,
                         struct sb_serve_index *d, struct sb_err *err)
{
    const struct sb_scoll *eps = sb_serve_index_coll(idx, "", "endpoints");
    size_t i;
    int rc = 0;

    for (i = 0; i < sb_scoll_count(eps) && !rc; i++) {
        const struct sb_sobj *o = sb_scoll_at(eps, i);
        cJSON *arr = cJSON_CreateArray(), *s, *ep = sb_sobj_parse(o);

        if (!arr || !ep || sb_kslices_from_endpoints(ep, arr) < 0)
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        cJSON_Delete(ep);
        while (!rc && (s = cJSON_DetachItemFromArray(arr, 0)) != NULL)
            rc = sb_serve_index_add(d, "discovery.k8s.io", "endpointslices",
                                    o->ns, s, err);
        cJSON_Delete(arr);
    }
    return rc;
}

/* A slice of a run, for grouping the run's slices by Service. */
struct slice_ref {
    const char *svc;        /* its kubernetes.io/service-name label */
    size_t i;               /* its place in the run */
};

/* By Service, then by place: a Service's slices together, in order. */
static int slice_ref_cmp(const void *pa, const void *pb)
{
    const struct slice_ref *a = pa, *b = pb;
    int c = strcmp(a->svc, b->svc);

    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* The Endpoints of the Service whose first slice in its namespace is
 * g[k] of the group g[0..ng) (one Service name, in run order): made from
 * that slice and the group's later ones, as sb_kslices_to_endpoints
 * picks them (same name and namespace). NULL when 'k' is not the first
 * of its namespace, or out of memory (*nomem set). */
static cJSON *group_endpoints(const struct sb_scoll *c, size_t a,
                              cJSON **trees, const struct slice_ref *g,
                              size_t ng, size_t k, const cJSON **tmp,
                              bool *nomem)
{
    const char *ns = sb_scoll_at(c, a + g[k].i)->ns;
    size_t j, n = 0;
    cJSON *ep;

    for (j = 0; j < k; j++)
        if (!strcmp(sb_scoll_at(c, a + g[j].i)->ns, ns))
            return NULL;    /* made at its first slice */
    for (j = k; j < ng; j++)
        tmp[n++] = trees[g[j].i];
    ep = sb_kslices_to_endpoints(tmp, n, ns, g[k].svc);
    *nomem = !ep;
    return ep;
}

/* The Endpoints of the slices [a, b) of 'c' into 'd', one per Service
 * in the order of its first slice; the slices are parsed for the while.
 * The slices are grouped by Service name first: looking each Service's
 * slices up among all the run's was quadratic in the namespace (minutes
 * of start-up at 150,000 pods, 7,500 Services a namespace). */
static int derive_run(const struct sb_scoll *c, size_t a, size_t b,
                      struct sb_serve_index *d, struct sb_err *err)
{
    size_t i, g, k, nref = 0, n = b - a;
    cJSON **trees = sb_calloc(n ? n : 1, sizeof(*trees));
    cJSON **eps = sb_calloc(n ? n : 1, sizeof(*eps));
    struct slice_ref *refs = sb_calloc(n ? n : 1, sizeof(*refs));
    const cJSON **tmp = sb_calloc(n ? n : 1, sizeof(*tmp));
    bool nomem = false;
    int rc = 0;

    if (!trees || !eps || !refs || !tmp) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        const char *svc;

        trees[i] = sb_sobj_parse(sb_scoll_at(c, a + i));
        if (!trees[i]) {
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
            goto cleanup;
        }
        svc = str_at(get_path(trees[i], "metadata", "labels"),
                     "kubernetes.io/service-name", NULL);
        if (svc)
            refs[nref++] = (struct slice_ref){ svc, i };
    }
    qsort(refs, nref, sizeof(*refs), slice_ref_cmp);
    for (g = 0; g < nref && !nomem; g = k) {
        size_t ng;

        for (k = g + 1; k < nref && !strcmp(refs[k].svc, refs[g].svc); k++)
            ;
        ng = k - g;
        for (i = 0; i < ng && !nomem; i++)
            eps[refs[g + i].i] = group_endpoints(c, a, trees, refs + g, ng,
                                                 i, tmp, &nomem);
    }
    if (nomem)
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
    /* in the order of each Service's first slice, as before */
    for (i = 0; i < n && !rc; i++) {
        if (!eps[i])
            continue;
        rc = sb_serve_index_add(d, "", "endpoints", sb_scoll_at(c, a + i)->ns,
                                eps[i], err);
        eps[i] = NULL;      /* the index owns it, or freed it on error */
    }
cleanup:
    for (i = 0; i < n; i++) {
        if (trees)
            cJSON_Delete(trees[i]);
        if (eps)
            cJSON_Delete(eps[i]);
    }
    sb_free(trees);
    sb_free(eps);
    sb_free(refs);
    sb_free(tmp);
    return rc;
}

/* One Endpoints per Service the slices name into 'd'. A Service's slices
 * are in its namespace, and the slices are sorted by "ns/name", so each
 * namespace's run is done on its own: comparing every slice with every
 * other was quadratic in the cluster (seconds of start-up at 15,000
 * pods), and only one namespace's slices are parsed at a time. When a
 * slice has no namespace (key "name") or one with a '/' (not an API
 * server's), runs need not be contiguous: all are done as one, as
 * before. */
static int derive_endpoints(const struct sb_serve_index *idx,
                            struct sb_serve_index *d, struct sb_err *err)
{
    const struct sb_scoll *c = sb_serve_index_coll(idx, "discovery.k8s.io",
                                                   "endpointslices");
    size_t i, a, n = sb_scoll_count(c);
    int rc = 0;

    for (i = 0; i < n; i++)
        if (!*sb_scoll_at(c, i)->ns || strchr(sb_scoll_at(c, i)->ns, '/'))
            return derive_run(c, 0, n, d, err);
    for (a = 0; a < n && !rc; a = i) {
        for (i = a + 1; i < n && !strcmp(sb_scoll_at(c, i)->ns,
                                         sb_scoll_at(c, a)->ns); i++)
            ;
        rc = derive_run(c, a, i, d, err);
    }
    return rc;
}

/* EndpointSlices when the bundle holds only Endpoints (kubectl 1.32
 * describes a Service from its slices), Endpoints when it holds only
 * slices. NULL when out of memory; an index with nothing when the bundle
 * has both or neither. */
static struct sb_serve_index *derive(const struct sb_serve_index *idx)
{
    struct sb_serve_index *d = sb_serve_index_new();
    struct sb_err err = SB_ERR_INIT;
    size_t neps = count_of(idx, "", "endpoints");
    size_t nslices = count_of(idx, "discovery.k8s.io", "endpointslices");
    int rc = 0;

    if (!d)
        return NULL;
    if (neps && !nslices)
        rc = derive_slices(idx, d, &err);
    else if (nslices && !neps)
        rc = derive_endpoints(idx, d, &err);
    if (!rc)
        rc = sb_serve_index_finish(d, &err);
    if (rc) {
        sb_serve_index_free(d);
        return NULL;
    }
    return d;
}

/* The bundle's collection of (group, plural), or the one made for it. */
static const struct sb_scoll *coll(const struct sb_serve_api *api,
                                   const char *group, const char *plural)
{
    const struct sb_scoll *c = sb_serve_index_coll(api->idx, group, plural);

    if (sb_scoll_count(c) || !api->derived)
        return c;
    return sb_serve_index_coll(api->derived, group, plural);
}

struct sb_serve_api *sb_serve_api_new(const struct sb_serve_index *idx,
                                      const struct sb_serve_api_opts *opts)
{
    struct sb_serve_api *api = sb_calloc(1, sizeof(*api));
    struct sb_buf f = SB_BUF_INIT(SB_BUF_UNLIMITED);

    if (!api)
        return NULL;
    api->idx = idx;
    sb_buf_init(&api->expired, SB_BUF_UNLIMITED);
    pthread_mutex_init(&api->lock, NULL);
    if (opts && opts->complete) {
        api->disco = sb_kresources_discovery(idx->api_resources);
        api->derived = derive(idx);
    } else {
        api->disco = cJSON_Duplicate(idx->api_resources, 1);
    }
    if (opts) {
        api->expire_continue = opts->expire_continue;
        api->max_limit = opts->max_limit;
        if (opts->forbid && *opts->forbid &&
            sb_buf_addf(&f, ",%s,", opts->forbid) == 0)
            api->forbid = sb_buf_detach(&f, NULL);
        if (opts->user)
            api->user = sb_strdup(opts->user);
    }
    if (!api->user)
        api->user = sb_strdup("system:serviceaccount:default:sbundle");
    sb_buf_release(&f);
    if (!api->user || !api->disco ||
        (opts && opts->complete && !api->derived)) {
        sb_serve_api_free(api);
        return NULL;
    }
    return api;
}

void sb_serve_api_free(struct sb_serve_api *api)
{
    if (!api)
        return;
    pthread_mutex_destroy(&api->lock);
    cJSON_Delete(api->disco);
    sb_serve_index_free(api->derived);
    sb_buf_release(&api->expired);
    sb_free(api->forbid);
    sb_free(api->user);
    sb_free(api);
}

static const char *arg(const struct sb_serve_req *req, const char *key)
{
    const char *v = NULL;
    size_t i;

    for (i = 0; i < req->nargs; i++)
        if (req->args[i].key && !strcmp(req->args[i].key, key))
            v = req->args[i].value ? req->args[i].value : "";
    return v;
}

static bool arg_true(const struct sb_serve_req *req, const char *key)
{
    const char *v = arg(req, key);

    return v && (!strcmp(v, "true") || !strcmp(v, "1") ||
                 !strcmp(v, "True"));
}

/* Parses a non-negative integer argument; false when malformed. */
static bool arg_int(const char *v, long long *out)
{
    char *end;

    if (!v || !*v)
        return false;
    *out = strtoll(v, &end, 10);
    return !*end && *out >= 0;
}

static int send_json(struct sb_serve_resp *resp, int code, cJSON *j)
{
    char *s = j ? cJSON_PrintUnformatted(j) : NULL;
    int rc;

    cJSON_Delete(j);
    if (!s)
        return SB_E_NOMEM;
    resp->status = code;
    resp->content_type = JSON;
    sb_buf_reset(&resp->body);
    rc = sb_buf_adds(&resp->body, s);
    free(s);
    return rc;
}

static int send_text(struct sb_serve_resp *resp, int code, const char *ctype,
                     const char *data, size_t len)
{
    resp->status = code;
    resp->content_type = ctype;
    resp->log.data = NULL;
    sb_buf_reset(&resp->body);
    return sb_buf_add(&resp->body, data, len);
}

static int status_details(struct sb_serve_resp *resp, int code,
                          const char *reason, const char *message,
                          const char *name, const char *group,
                          const char *kind)
{
    cJSON *s = cJSON_CreateObject(), *d;

    resp->log.data = NULL;  /* an error replaces a streamed log */
    if (!s)
        return SB_E_NOMEM;
    cJSON_AddStringToObject(s, "kind", "Status");
    cJSON_AddStringToObject(s, "apiVersion", "v1");
    cJSON_AddObjectToObject(s, "metadata");
    cJSON_AddStringToObject(s, "status", "Failure");
    cJSON_AddStringToObject(s, "message", message);
    cJSON_AddStringToObject(s, "reason", reason);
    d = cJSON_AddObjectToObject(s, "details");
    if (d && name)
        cJSON_AddStringToObject(d, "name", name);
    if (d && group && *group)
        cJSON_AddStringToObject(d, "group", group);
    if (d && kind)
        cJSON_AddStringToObject(d, "kind", kind);
    cJSON_AddNumberToObject(s, "code", code);
    return send_json(resp, code, s);
}

int sb_serve_status(struct sb_serve_resp *resp, int code, const char *reason,
                    const char *message)
{
    return status_details(resp, code, reason, message, NULL, NULL, NULL);
}

static int not_found_path(struct sb_serve_resp *resp)
{
    return sb_serve_status(resp, 404, "NotFound",
                           "the server could not find the requested "
                           "resource");
}

static int bad_request(struct sb_serve_resp *resp, const char *fmt, ...)
    SB_PRINTF(2, 3);
static int bad_request(struct sb_serve_resp *resp, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return sb_serve_status(resp, 400, "BadRequest", msg);
}

static int obj_not_found(struct sb_serve_resp *resp, const char *group,
                         const char *plural, const char *name)
{
    char msg[1024];

    if (*group)
        snprintf(msg, sizeof(msg), "%s.%s \"%s\" not found", plural, group,
                 name);
    else
        snprintf(msg, sizeof(msg), "%s \"%s\" not found", plural, name);
    return status_details(resp, 404, "NotFound", msg, name, group, plural);
}

/* ---- discovery ---- */

static int send_version(struct sb_serve_api *api, struct sb_serve_resp *r)
{
    return send_text(r, 200, JSON, api->idx->version_json,
                     strlen(api->idx->version_json));
}

static int send_api_versions(struct sb_serve_resp *resp)
{
    static const char body[] =
        "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],"
        "\"serverAddressByClientCIDRs\":[{\"clientCIDR\":\"0.0.0.0/0\","
        "\"serverAddress\":\"127.0.0.1:6443\"}]}";

    return send_text(resp, 200, JSON, body, sizeof(body) - 1);
}

static cJSON *find_group(cJSON *groups, const char *name)
{
    cJSON *g;

    cJSON_ArrayForEach(g, groups) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(g, "name");

        if (cJSON_IsString(n) && !strcmp(n->valuestring, name))
            return g;
    }
    return NULL;
}

static int send_group_list(struct sb_serve_api *api,
                           struct sb_serve_resp *resp)
{
    cJSON *root = cJSON_CreateObject(), *groups;
    const cJSON *gl;

    if (!root)
        return SB_E_NOMEM;
    cJSON_AddStringToObject(root, "kind", "APIGroupList");
    cJSON_AddStringToObject(root, "apiVersion", "v1");
    groups = cJSON_AddArrayToObject(root, "groups");
    cJSON_ArrayForEach(gl, api->disco) {
        const cJSON *gvj = cJSON_GetObjectItemCaseSensitive(gl,
                                                            "groupVersion");
        const char *gv, *slash;
        char name[256];
        cJSON *g, *ver, *versions;

        if (!cJSON_IsString(gvj))
            continue;
        gv = gvj->valuestring;
        slash = strchr(gv, '/');
        if (!slash || (size_t)(slash - gv) >= sizeof(name))
            continue;
        snprintf(name, sizeof(name), "%.*s", (int)(slash - gv), gv);
        g = find_group(groups, name);
        if (!g) {
            g = cJSON_CreateObject();
            cJSON_AddItemToArray(groups, g);
            cJSON_AddStringToObject(g, "name", name);
            cJSON_AddArrayToObject(g, "versions");
            ver = cJSON_AddObjectToObject(g, "preferredVersion");
            cJSON_AddStringToObject(ver, "groupVersion", gv);
            cJSON_AddStringToObject(ver, "version", slash + 1);
        }
        versions = cJSON_GetObjectItemCaseSensitive(g, "versions");
        ver = cJSON_CreateObject();
        cJSON_AddStringToObject(ver, "groupVersion", gv);
        cJSON_AddStringToObject(ver, "version", slash + 1);
        cJSON_AddItemToArray(versions, ver);
    }
    return send_json(resp, 200, root);
}

static const cJSON *find_gv(struct sb_serve_api *api, const char *gv)
{
    const cJSON *gl;

    cJSON_ArrayForEach(gl, api->disco) {
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(gl,
                                                          "groupVersion");

        if (cJSON_IsString(g) && !strcmp(g->valuestring, gv))
            return gl;
    }
    return NULL;
}

static int send_resource_list(struct sb_serve_resp *resp, const cJSON *gl)
{
    cJSON *copy = cJSON_Duplicate(gl, 1);

    if (!copy)
        return SB_E_NOMEM;
    if (!cJSON_GetObjectItemCaseSensitive(copy, "kind"))
        cJSON_AddStringToObject(copy, "kind", "APIResourceList");
    if (!cJSON_GetObjectItemCaseSensitive(copy, "apiVersion"))
        cJSON_AddStringToObject(copy, "apiVersion", "v1");
    return send_json(resp, 200, copy);
}

/* ---- continue tokens: base64url of {"v":..,"rv":..,"start":key} ---- */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int b64_encode(struct sb_buf *out, const char *s, size_t n)
{
    size_t i;
    int rc = 0;

    for (i = 0; i + 2 < n && !rc; i += 3) {
        unsigned v = ((unsigned char)s[i] << 16) |
                     ((unsigned char)s[i + 1] << 8) | (unsigned char)s[i + 2];

        rc |= sb_buf_addc(out, b64[v >> 18]);
        rc |= sb_buf_addc(out, b64[(v >> 12) & 63]);
        rc |= sb_buf_addc(out, b64[(v >> 6) & 63]);
        rc |= sb_buf_addc(out, b64[v & 63]);
    }
    if (n - i == 1) {
        unsigned v = (unsigned char)s[i] << 16;

        rc |= sb_buf_addc(out, b64[v >> 18]);
        rc |= sb_buf_addc(out, b64[(v >> 12) & 63]);
    } else if (n - i == 2) {
        unsigned v = ((unsigned char)s[i] << 16) |
                     ((unsigned char)s[i + 1] << 8);

        rc |= sb_buf_addc(out, b64[v >> 18]);
        rc |= sb_buf_addc(out, b64[(v >> 12) & 63]);
        rc |= sb_buf_addc(out, b64[(v >> 6) & 63]);
    }
    return rc ? SB_E_NOMEM : 0;
}

static int make_continue(struct sb_buf *out, const char *key)
{
    cJSON *j = cJSON_CreateObject();
    char *s;
    int rc;

    if (!j)
        return SB_E_NOMEM;
    cJSON_AddStringToObject(j, "v", "meta.k8s.io/v1");
    cJSON_AddNumberToObject(j, "rv", atoi(LIST_RV));
    cJSON_AddStringToObject(j, "start", key);
    s = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (!s)
        return SB_E_NOMEM;
    rc = b64_encode(out, s, strlen(s));
    free(s);
    return rc;
}

/* The start key inside a continue token, into 'key'; false if invalid. */
static bool parse_continue(const char *tok, struct sb_buf *key)
{
    struct sb_buf raw = SB_BUF_INIT(64 * 1024);
    cJSON *j = NULL;
    const cJSON *start;
    bool ok = false;

    if (sb_base64_decode_buf(tok, strlen(tok), 0, &raw))
        goto cleanup;
    j = cJSON_ParseWithLength(raw.data ? raw.data : "", raw.len);
    start = cJSON_GetObjectItemCaseSensitive(j, "start");
    if (!cJSON_IsString(start))
        goto cleanup;
    ok = sb_buf_adds(key, start->valuestring) == 0;
cleanup:
    cJSON_Delete(j);
    sb_buf_release(&raw);
    return ok;
}

/* 1 the first time a list key is seen (so its continue expires), 0
 * after, or the error that kept it from being remembered. */
static int first_continue(struct sb_serve_api *api, const char *key)
{
    size_t off = 0;
    int first = 1;

    pthread_mutex_lock(&api->lock);
    while (off < api->expired.len) {
        const char *k = api->expired.data + off;

        if (!strcmp(k, key)) {
            first = 0;
            break;
        }
        off += strlen(k) + 1;
    }
    if (first) {
        int rc = sb_buf_add(&api->expired, key, strlen(key) + 1);

        if (rc)
            first = rc;
    }
    pthread_mutex_unlock(&api->lock);
    return first;
}

/* ---- routes ---- */

struct route {
    const char *group;
    const char *version;
    const char *ns;         /* NULL: no namespace in the path */
    const char *plural;
    const char *name;       /* NULL: a list */
    const char *sub;        /* "log", "proxy", NULL */
    char *segs[MAX_SEGS];
    int nsegs;
    int sub_at;             /* index of the first segment after 'sub' */
    const cJSON *restype;
};

static bool is_forbidden(struct sb_serve_api *api, const char *plural)
{
    char pat[300];

    if (!api->forbid)
        return false;
    snprintf(pat, sizeof(pat), ",%s,", plural);
    return strstr(api->forbid, pat) != NULL;
}

static int forbidden(struct sb_serve_api *api, struct sb_serve_resp *resp,
                     const struct route *rt)
{
    char msg[1536], what[600], scope[400];
    const char *verb = rt->name ? "get" : "list";

    if (rt->name)
        snprintf(what, sizeof(what), "%s \"%s\"", rt->plural, rt->name);
    else
        snprintf(what, sizeof(what), "%s", rt->plural);
    if (rt->ns)
        snprintf(scope, sizeof(scope), "in the namespace \"%s\"", rt->ns);
    else
        snprintf(scope, sizeof(scope), "at the cluster scope");
    snprintf(msg, sizeof(msg), "%s is forbidden: User \"%s\" cannot %s "
             "resource \"%s\" in API group \"%s\" %s", what, api->user, verb,
             rt->plural, rt->group, scope);
    return status_details(resp, 403, "Forbidden", msg, rt->name, rt->group,
                          rt->plural);
}

static enum sb_kprint_include include_of(const struct sb_serve_req *req)
{
    const char *v = arg(req, "includeObject");

    if (v && !strcmp(v, "Object"))
        return SB_KPRINT_OBJECT;
    if (v && !strcmp(v, "None"))
        return SB_KPRINT_NONE;
    return SB_KPRINT_METADATA;
}

static bool wants_table(const struct sb_serve_req *req)
{
    return req->accept && strstr(req->accept, "as=Table") &&
           !arg(req, "watch");
}

/* The CRD of a custom resource, parsed (the caller deletes it), or NULL */
static cJSON *crd_for(struct sb_serve_api *api, const struct route *rt)
{
    const struct sb_scoll *crds;
    const struct sb_sobj *o;
    char name[600];

    if (!*rt->group)
        return NULL;
    crds = sb_serve_index_coll(api->idx, "apiextensions.k8s.io",
                               "customresourcedefinitions");
    snprintf(name, sizeof(name), "%s.%s", rt->plural, rt->group);
    o = sb_scoll_find(crds, "", name);
    return o ? sb_sobj_parse(o) : NULL;
}

static int send_table(struct sb_serve_api *api, const struct sb_serve_req *req,
                      const struct route *rt, const cJSON *const *objs,
                      size_t n, const char *cont,
                      struct sb_serve_resp *resp)
{
    struct sb_kprint_list l;
    struct sb_err err = SB_ERR_INIT;
    cJSON *crd = crd_for(api, rt);
    int rc;

    memset(&l, 0, sizeof(l));
    l.group = rt->group;
    l.plural = rt->plural;
    l.objs = objs;
    l.n = n;
    l.now = api->idx->now;
    l.include = include_of(req);
    l.crd = crd;
    l.resource_version = LIST_RV;
    l.continue_token = cont;
    sb_buf_reset(&resp->body);
    rc = sb_kprint_table(&l, &resp->body, &err);
    cJSON_Delete(crd);
    if (rc)
        return sb_serve_status(resp, 500, "InternalError", err.msg);
    resp->status = 200;
    resp->content_type = JSON;
    return 0;
}

/* Parses both selectors; answers 400 and returns 1 when one is bad. */
static int get_selectors(const struct sb_serve_req *req,
                         struct sb_selector **ls, struct sb_selector **fs,
                         struct sb_serve_resp *resp, int *rc)
{
    struct sb_err err = SB_ERR_INIT;

    if (sb_selector_parse(SB_SELECTOR_LABEL, arg(req, "labelSelector"), ls,
                          &err) ||
        sb_selector_parse(SB_SELECTOR_FIELD, arg(req, "fieldSelector"), fs,
                          &err)) {
        *rc = bad_request(resp, "%s", err.msg);
        return 1;
    }
    return 0;
}

/* ---- field selectors: the fields each kind's API server accepts ---- */

struct field_set {
    const char *group;
    const char *plural;
    const char *fields;     /* space-separated, besides metadata.* */
};

/* From the kinds' field label conversion functions (core/v1, apps/v1,
 * batch/v1, certificates/v1 conversion.go); every other built-in kind
 * takes only metadata.name and metadata.namespace, and says so in its own
 * words (DefaultMetaV1FieldSelectorConversion). */
static const struct field_set field_sets[] = {
    { "", "pods", "spec.nodeName spec.restartPolicy spec.schedulerName "
      "spec.serviceAccountName spec.hostNetwork status.phase status.podIP "
      "status.podIPs status.nominatedNodeName spec.host" },
    { "", "nodes", "spec.unschedulable" },
    { "", "replicationcontrollers", "status.replicas" },
    { "", "events", "involvedObject.kind involvedObject.namespace "
      "involvedObject.name involvedObject.uid involvedObject.apiVersion "
      "involvedObject.resourceVersion involvedObject.fieldPath reason "
      "reportingComponent source type" },
    { "", "namespaces", "status.phase" },
    { "", "secrets", "type" },
    { "", "services", "spec.clusterIP spec.type" },
    { "apps", "replicasets", "status.replicas" },
    { "batch", "jobs", "status.successful" },
    { "certificates.k8s.io", "certificatesigningrequests",
      "spec.signerName" },
};

static bool word_in(const char *words, const char *w, size_t n)
{
    while (*words) {
        size_t l = strcspn(words, " ");

        if (l == n && !memcmp(words, w, n))
            return true;
        words += l;
        words += strspn(words, " ");
    }
    return false;
}

/* The field name of each requirement of 'sel' ("a=b,c!=d"), in turn:
 * returns the length of the name at *pos and moves *pos past the
 * requirement; 0 at the end. '\' escapes in values are skipped. */
static size_t next_field(const char **pos, const char **name)
{
    const char *p = *pos;
    size_t n;

    while (*p == ',' || *p == ' ')
        p++;
    if (!*p)
        return 0;
    *name = p;
    n = strcspn(p, "=!,");
    while (n && p[n - 1] == ' ')
        n--;
    p += strcspn(p, "=!,");
    while (*p && *p != ',') {
        if (*p == '\\' && p[1])
            p++;
        p++;
    }
    *pos = p;
    return n ? n : 1;
}

/* True when the CRD lists 'name' among a version's selectableFields
 * (jsonPath ".spec.color" selects as "spec.color"). */
static bool crd_selectable(const cJSON *crd, const char *name, size_t n)
{
    const cJSON *v, *f;

    cJSON_ArrayForEach(v, get_path(crd, "spec", "versions"))
        cJSON_ArrayForEach(f, get_path(v, "selectableFields", NULL)) {
            const char *jp = str_at(f, "jsonPath", NULL);

            if (jp && *jp == '.' && strlen(jp + 1) == n &&
                !memcmp(jp + 1, name, n))
                return true;
        }
    return false;
}

/* 400 with the API server's text when 'sel' names a field the kind does
 * not select on; returns 1 then. A custom resource takes metadata.name,
 * metadata.namespace when namespaced, and its CRD's selectableFields. */
static int check_fields_of(const struct route *rt, const cJSON *crd,
                           const char *sel, struct sb_serve_resp *resp,
                           int *rc)
{
    const struct field_set *fs = NULL;
    const char *p = sel, *name = NULL;
    bool namespaced = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
                                       rt->restype, "namespaced"));
    bool custom = crd || (strchr(rt->group, '.') &&
                          !strstr(rt->group, ".k8s.io"));
    size_t i, n;

    if (!sel)
        return 0;
    for (i = 0; i < sizeof(field_sets) / sizeof(field_sets[0]); i++)
        if (!strcmp(field_sets[i].group, rt->group) &&
            !strcmp(field_sets[i].plural, rt->plural))
            fs = &field_sets[i];
    while ((n = next_field(&p, &name)) > 0) {
        if (n == 13 && !memcmp(name, "metadata.name", 13))
            continue;
        if (n == 18 && !memcmp(name, "metadata.namespace", 18) &&
            (namespaced || !custom))
            continue;
        if (fs && word_in(fs->fields, name, n))
            continue;
        if (crd && crd_selectable(crd, name, n))
            continue;
        if (fs || custom)
            *rc = bad_request(resp, "field label not supported: %.*s",
                              (int)n, name);
        else
            *rc = bad_request(resp, "\"%.*s\" is not a known field "
                              "selector: only \"metadata.name\", "
                              "\"metadata.namespace\"", (int)n, name);
        return 1;
    }
    return 0;
}

static int check_fields(struct sb_serve_api *api, const struct route *rt,
                        const char *sel, struct sb_serve_resp *resp, int *rc)
{
    cJSON *crd;
    int ret;

    if (!sel)
        return 0;
    crd = crd_for(api, rt);
    ret = check_fields_of(rt, crd, sel, resp, rc);
    cJSON_Delete(crd);
    return ret;
}

/* Whether object 'o' passes both selectors. Its text is scanned into
 * 'js' (an arena reused object after object: no tree is kept); a text
 * sb_jscan refuses (it never should: it is cJSON's own print) is parsed
 * by cJSON. -1 when out of memory. */
static int selected_obj(const struct sb_sobj *o, const struct sb_selector *ls,
                        const struct sb_selector *fs, struct sb_jscan *js)
{
    const cJSON *tree = NULL;
    cJSON *own = NULL;
    int rc = sb_jscan_parse(js, o->json, o->len, &tree);
    bool match;

    if (rc == SB_E_NOMEM)
        return -1;
    if (rc) {
        own = sb_sobj_parse(o);
        if (!own)
            return -1;
        tree = own;
    }
    match = sb_selector_match(ls, tree) && sb_selector_match(fs, tree);
    cJSON_Delete(own);
    return match;
}

/* A Table of the objects 'objs' (n of them): each parsed for as long as
 * the table is being printed (a page: kubectl asks 500 at a time). */
static int send_table_of(struct sb_serve_api *api,
                         const struct sb_serve_req *req,
                         const struct route *rt,
                         const struct sb_sobj *const *objs, size_t n,
                         const char *cont, struct sb_serve_resp *resp)
{
    cJSON **arr = sb_calloc(n ? n : 1, sizeof(*arr));
    size_t i;
    int rc = 0;

    if (!arr)
        return SB_E_NOMEM;
    for (i = 0; i < n && !rc; i++)
        if (!(arr[i] = sb_sobj_parse(objs[i])))
            rc = SB_E_NOMEM;
    if (!rc)
        rc = send_table(api, req, rt, (const cJSON *const *)arr, n, cont,
                        resp);
    for (i = 0; i < n; i++)
        cJSON_Delete(arr[i]);
    sb_free(arr);
    return rc;
}

static int list_objects(struct sb_serve_api *api,
                        const struct sb_serve_req *req,
                        const struct route *rt, struct sb_serve_resp *resp)
{
    const struct sb_scoll *c = coll(api, rt->group, rt->plural);
    struct sb_selector *ls = NULL, *fs = NULL;
    struct sb_buf key = SB_BUF_INIT(64 * 1024);
    struct sb_buf cont = SB_BUF_INIT(SB_BUF_UNLIMITED);
    const struct sb_sobj **objs = NULL;     /* the page's, SB_ARRAY_GROW */
    size_t objs_alloc = 0;
    const char *tok = arg(req, "continue"), *lim = arg(req, "limit");
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(rt->restype, "kind");
    long long limit = 0;
    size_t i, n = sb_scoll_count(c), count = 0, remaining = 0;
    const char *next_key = NULL;
    struct sb_jscan js;
    bool selected;
    int rc = 0;

    /* an object's tree is a few times its text: the arena may grow to
     * what the largest the index can hold needs (it is a limit, not an
     * allocation) */
    sb_jscan_init(&js, api->idx->member_max < ((uint64_t)1 << 40)
                           ? (size_t)api->idx->member_max * 16 +
                                 ((size_t)1 << 20)
                           : SIZE_MAX / 2);
    if (lim && *lim && !arg_int(lim, &limit)) {
        rc = bad_request(resp, "invalid value for limit: '%s'", lim);
        goto cleanup;
    }
    if (api->max_limit && (limit == 0 || limit > api->max_limit))
        limit = api->max_limit;
    if (get_selectors(req, &ls, &fs, resp, &rc) ||
        check_fields(api, rt, arg(req, "fieldSelector"), resp, &rc))
        goto cleanup;
    selected = arg(req, "labelSelector") || arg(req, "fieldSelector");
    i = 0;
    if (rt->ns) {
        if ((rc = sb_buf_addf(&key, "%s/", rt->ns)))
            goto cleanup;
        i = sb_scoll_lower_bound(c, sb_buf_str(&key));
    }
    if (tok && *tok) {
        struct sb_buf lk = SB_BUF_INIT(SB_BUF_UNLIMITED);
        int first;

        sb_buf_reset(&key);
        if (!parse_continue(tok, &key)) {
            rc = bad_request(resp, "continue key is not valid: illegal "
                             "base64 data");
            goto cleanup;
        }
        if (api->expire_continue) {
            first = sb_buf_addf(&lk, "%s|%s|%s|%s|%s", rt->group,
                                rt->plural, rt->ns ? rt->ns : "",
                                arg(req, "labelSelector") ?
                                arg(req, "labelSelector") : "",
                                arg(req, "fieldSelector") ?
                                arg(req, "fieldSelector") : "");
            if (!first)
                first = first_continue(api, sb_buf_str(&lk));
            sb_buf_release(&lk);
            if (first < 0) {
                rc = first;
                goto cleanup;
            }
            if (first) {
                rc = sb_serve_status(resp, 410, "Expired",
                                     "The provided continue parameter is too "
                                     "old to display a consistent list "
                                     "result. You can start a new list "
                                     "without the continue parameter.");
                goto cleanup;
            }
        }
        if (i < sb_scoll_lower_bound(c, sb_buf_str(&key)))
            i = sb_scoll_lower_bound(c, sb_buf_str(&key));
    }
    for (; i < n; i++) {
        const struct sb_sobj *o = sb_scoll_at(c, i);

        if (rt->ns && strcmp(o->ns, rt->ns))
            break;      /* sorted: past this namespace */
        if (ls || fs) {
            int m = selected_obj(o, ls, fs, &js);

            if (m < 0) {
                rc = SB_E_NOMEM;
                goto cleanup;
            }
            if (!m)
                continue;
        }
        if (limit && count == (size_t)limit) {
            if (!next_key)
                next_key = o->key;
            /* Past the page only remainingItemCount is left to learn, and
             * it is sent only without selectors. Walking the rest for it
             * made a paged listing of every pod or event quadratic (N/500
             * pages, each walking to the end); across namespaces every
             * object left counts, so it is a subtraction. */
            if (selected)
                break;
            if (!rt->ns) {
                remaining = n - i;
                break;
            }
            remaining++;
            continue;
        }
        /* at most every object of the collection */
        if (SB_ARRAY_GROW(objs, count + 1, objs_alloc, n)) {
            rc = SB_E_NOMEM;
            goto cleanup;
        }
        objs[count++] = o;
    }
    if (next_key && make_continue(&cont, next_key)) {
        rc = SB_E_NOMEM;
        goto cleanup;
    }
    if (wants_table(req)) {
        rc = send_table_of(api, req, rt, objs, count, next_key ? sb_buf_str(&cont) : NULL, resp);
        goto cleanup;
    }
    resp->status = 200;
    resp->content_type = JSON;
    sb_buf_reset(&resp->body);
    rc |= sb_buf_addf(&resp->body, "{\"kind\":\"%sList\",\"apiVersion\":\""
                      "%s%s%s\",\"metadata\":{\"resourceVersion\":\"%s\"",
                      cJSON_IsString(kind) ? kind->valuestring : "",
                      rt->group, *rt->group ? "/" : "", rt->version, LIST_RV);
    if (next_key) {
        rc |= sb_buf_addf(&resp->body, ",\"continue\":\"%s\"",
                          sb_buf_str(&cont));
        if (!selected)
            rc |= sb_buf_addf(&resp->body, ",\"remainingItemCount\":%zu",
                              remaining);
    }
    rc |= sb_buf_adds(&resp->body, "},\"items\":[");
    for (i = 0; i < count; i++) {
        const struct sb_sobj *o = objs[i];

        if (i)
            rc |= sb_buf_addc(&resp->body, ',');
        rc |= sb_buf_add(&resp->body, o->json, o->len);
    }
    rc |= sb_buf_adds(&resp->body, "]}");
    if (rc)
        rc = SB_E_NOMEM;
cleanup:
    sb_jscan_release(&js);
    sb_selector_free(ls);
    sb_selector_free(fs);
    sb_buf_release(&key);
    sb_buf_release(&cont);
    sb_free(objs);
    return rc;
}

static const struct sb_sobj *find_obj(struct sb_serve_api *api,
                                      const struct route *rt)
{
    return sb_scoll_find(coll(api, rt->group, rt->plural),
                         rt->ns ? rt->ns : "", rt->name);
}

static int get_object(struct sb_serve_api *api, const struct sb_serve_req *req,
                      const struct route *rt, struct sb_serve_resp *resp)
{
    const struct sb_sobj *o = find_obj(api, rt);

    if (!o)
        return obj_not_found(resp, rt->group, rt->plural, rt->name);
    if (wants_table(req))
        return send_table_of(api, req, rt, &o, 1, NULL, resp);
    return send_text(resp, 200, JSON, o->json, o->len);
}

/* ---- pods/log ---- */

static bool has_container(const cJSON *spec, const char *list,
                          const char *name)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(spec, list)) {
        const char *n = str_at(c, "name", NULL);

        if (n && !strcmp(n, name))
            return true;
    }
    return false;
}

/* "[a b c]": the names in spec.<list>. Returns 0 or the append's error. */
static int names_of(const cJSON *spec, const char *list, struct sb_buf *out)
{
    const cJSON *c;
    bool first = true;
    int rc = sb_buf_addc(out, '[');

    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(spec, list)) {
        const char *n = str_at(c, "name", NULL);

        if (!n || rc)
            continue;
        rc = sb_buf_addf(out, "%s%s", first ? "" : " ", n);
        first = false;
    }
    return rc ? rc : sb_buf_addc(out, ']');
}

/* The container status for 'name' in any of the three status lists. */
static const cJSON *container_status(const cJSON *pod, const char *name)
{
    static const char *lists[] = { "containerStatuses",
                                   "initContainerStatuses",
                                   "ephemeralContainerStatuses" };
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(pod, "status"), *cs;
    size_t i;

    for (i = 0; i < 3; i++)
        cJSON_ArrayForEach(cs, cJSON_GetObjectItemCaseSensitive(st,
                                                                lists[i])) {
            const char *n = str_at(cs, "name", NULL);

            if (n && !strcmp(n, name))
                return cs;
        }
    return NULL;
}

/* A log the bundle does not hold: the answer the kubelet gives for the
 * container's state (validateContainerLogStatus), or an empty log where
 * the kubelet would have had one to give. */
static int log_absent(struct sb_serve_resp *resp, const cJSON *pod,
                      const char *pod_name, const char *c, bool prev)
{
    const cJSON *cs = container_status(pod, c);
    const cJSON *state = get_path(cs, "state", NULL);
    const cJSON *last = get_path(cs, "lastState", "terminated");
    const cJSON *term = get_path(state, "terminated", NULL);
    const cJSON *waiting = get_path(state, "waiting", NULL);
    const char *why;

    if (!str_at(pod, "spec", "nodeName"))
        return send_text(resp, 200, TEXT, "", 0);  /* no kubelet to ask */
    if (!cs)
        return bad_request(resp, "container \"%s\" in pod \"%s\" is not "
                           "available", c, pod_name);
    if (prev)
        return bad_request(resp, "previous terminated container \"%s\" in "
                           "pod \"%s\" not found", c, pod_name);
    if (get_path(state, "running", NULL))
        return send_text(resp, 200, TEXT, "", 0);
    if (term) {
        if (!str_at(term, "containerID", NULL) &&
            !str_at(last, "containerID", NULL))
            return bad_request(resp, "container \"%s\" in pod \"%s\" is "
                               "terminated", c, pod_name);
        return send_text(resp, 200, TEXT, "", 0);
    }
    if (last) {
        if (!str_at(last, "containerID", NULL))
            return bad_request(resp, "container \"%s\" in pod \"%s\" is "
                               "terminated", c, pod_name);
        return send_text(resp, 200, TEXT, "", 0);
    }
    if (waiting) {
        why = str_at(waiting, "reason", NULL);
        if (!why)
            why = "";
        if (!strcmp(why, "ImagePullBackOff"))
            why = "trying and failing to pull image";
        else if (!strcmp(why, "ErrImagePull"))
            why = "image can't be pulled";
        return bad_request(resp, "container \"%s\" in pod \"%s\" is waiting "
                           "to start: %s", c, pod_name, why);
    }
    return bad_request(resp, "container \"%s\" in pod \"%s\" is waiting to "
                       "start - no logs yet", c, pod_name);
}

/* Whether the log line [p, le) passes 'since' (a line without a leading
 * timestamp always does); *strip is how many bytes of timestamp and its
 * space to drop without ?timestamps=true (0: none). The timestamp is read
 * from a bounded, terminated copy: the spool holds no NUL after a log. */
static bool log_line(const char *p, const char *le, int64_t since,
                     size_t *strip)
{
    char head[128];
    size_t n = (size_t)(le - p) < sizeof(head) - 1 ? (size_t)(le - p)
                                                   : sizeof(head) - 1;
    int64_t t = 0;
    size_t tl;

    memcpy(head, p, n);
    head[n] = '\0';
    tl = sb_time_parse(head, &t, NULL);
    *strip = (tl && p + tl < le && p[tl] == ' ') ? tl + 1 : 0;
    return !(since && tl && t < since);
}

/* Where the last 'tail' lines of data[0, len) that pass 'since' start,
 * found scanning backwards so the lines before are never read: len for
 * a tail of 0, 0 when the log has no more lines than that or tail < 0. */
static size_t log_tail_start(const char *data, size_t len, int64_t since,
                             long long tail)
{
    size_t e = len, b, strip;
    long long n = 0;

    if (tail < 0)
        return 0;
    if (tail == 0)
        return len;
    while (e > 0) {
        /* the line ending at e (its '\n' at e-1, if any) starts after
         * the '\n' before it */
        b = e - 1;
        while (b > 0 && data[b - 1] != '\n')
            b--;
        if (log_line(data + b, data + e, since, &strip) && ++n == tail)
            return b;
        e = b;
    }
    return 0;
}

/* Gives back the whole pages of a file mapping in [from, to): they are
 * the page cache's, read again on a later touch, so this only keeps the
 * resident size of a process that reads a large mapped file bounded. */
static void drop_pages(const char *from, const char *to)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t a = ((uintptr_t)from + page - 1) & ~(page - 1);
    uintptr_t b = (uintptr_t)to & ~(page - 1);

    if (b > a)
        (void)madvise((void *)a, b - a, MADV_DONTNEED);
}

#define LOG_DROP_STEP ((size_t)1 << 20)

static void log_drop_behind(struct sb_serve_logstream *ls, bool all)
{
    if (!ls->drop_behind || ls->pos <= ls->dropped ||
        (!all && ls->pos - ls->dropped < LOG_DROP_STEP))
        return;
    drop_pages(ls->data + ls->dropped, ls->data + ls->pos);
    ls->dropped = ls->pos;
}

ssize_t sb_serve_log_read(void *ctx, uint64_t pos, char *buf, size_t max)
{
    struct sb_serve_logstream *ls = ctx;
    size_t n = 0, k, win, strip;

    (void)pos;
    if (!ls->data)
        return -1;
    while (n < max && ls->left > 0 && ls->pos < ls->end) {
        const char *p = ls->data + ls->pos;
        const char *nl;

        if (!ls->in_line) {     /* a line's start: keep it or skip it */
            /* the timestamp is in the first bytes: never read further
             * ahead than that to decide (a line may be the whole log) */
            win = ls->end - ls->pos < 128 ? ls->end - ls->pos : 128;
            nl = memchr(p, '\n', win);
            if (!log_line(p, nl ? nl + 1 : p + win, ls->since, &strip)) {
                nl = memchr(p, '\n', ls->end - ls->pos);
                ls->pos = nl ? (size_t)(nl - ls->data) + 1 : ls->end;
                log_drop_behind(ls, false);
                continue;
            }
            if (!ls->timestamps)
                ls->pos += strip;
            ls->in_line = true;
            continue;
        }
        win = ls->end - ls->pos;
        if (win > max - n)
            win = max - n;
        if (win > ls->left)
            win = (size_t)ls->left;
        nl = memchr(p, '\n', win);
        k = nl ? (size_t)(nl - p) + 1 : win;
        memcpy(buf + n, p, k);
        n += k;
        ls->pos += k;
        ls->left -= k;
        if (nl)
            ls->in_line = false;
    }
    log_drop_behind(ls, n == 0);
    return n ? (ssize_t)n : -1;
}

int sb_serve_resp_flatten(struct sb_serve_resp *resp)
{
    char chunk[16384];
    ssize_t n;

    if (!resp->log.data)
        return 0;
    sb_buf_reset(&resp->body);
    while ((n = sb_serve_log_read(&resp->log, 0, chunk, sizeof(chunk))) > 0)
        if (sb_buf_add(&resp->body, chunk, (size_t)n))
            return SB_E_NOMEM;
    resp->log.data = NULL;
    return 0;
}

static int pod_log_of(struct sb_serve_api *api,
                      const struct sb_serve_req *req, const struct route *rt,
                      const cJSON *pod, struct sb_serve_resp *resp)
{
    const cJSON *spec;
    const char *c = arg(req, "container"), *v;
    struct sb_buf path = SB_BUF_INIT(4096);
    const struct sb_sblob *blob;
    long long tail = -1, limit = -1, since_s = 0;
    int64_t since = 0;
    bool prev = arg_true(req, "previous");
    int rc;

    spec = cJSON_GetObjectItemCaseSensitive(pod, "spec");
    if ((v = arg(req, "tailLines")) && !arg_int(v, &tail))
        return bad_request(resp, "invalid value for tailLines: '%s'", v);
    if ((v = arg(req, "limitBytes")) && (!arg_int(v, &limit) || limit < 1))
        return bad_request(resp, "limitBytes: Invalid value: '%s': must be "
                           "greater than 0", v);
    if ((v = arg(req, "sinceSeconds"))) {
        if (!arg_int(v, &since_s) || since_s < 1)
            return bad_request(resp, "sinceSeconds: Invalid value: '%s': "
                               "must be greater than 0", v);
        since = api->idx->now - since_s;
    }
    if ((v = arg(req, "sinceTime")) && !sb_time_parse(v, &since, NULL))
        return bad_request(resp, "invalid value for sinceTime: '%s'", v);
    if (!c || !*c) {
        const cJSON *cs = cJSON_GetObjectItemCaseSensitive(spec,
                                                           "containers");
        const char *def = str_at(get_path(pod, "metadata", "annotations"),
                                 "kubectl.kubernetes.io/default-container",
                                 NULL);

        if (def)
            c = def;
        else if (cJSON_GetArraySize(cs) == 1)
            c = str_at(cJSON_GetArrayItem(cs, 0), "name", NULL);
        else {
            rc = names_of(spec, "containers", &path);
            if (!rc)
                rc = bad_request(resp, "a container name must be specified "
                                 "for pod %s, choose one of: %s", rt->name,
                                 sb_buf_str(&path));
            sb_buf_release(&path);
            return rc;
        }
        if (!c)
            return bad_request(resp, "pod %s has no containers", rt->name);
    }
    if (!has_container(spec, "containers", c) &&
        !has_container(spec, "initContainers", c) &&
        !has_container(spec, "ephemeralContainers", c))
        return bad_request(resp, "container %s is not valid for pod %s", c,
                           rt->name);
    if (sb_buf_addf(&path, "logs/%s/%s/%s%s.log", rt->ns, rt->name, c,
                    prev ? ".previous" : ""))
        return SB_E_NOMEM;
    blob = sb_serve_index_blob(api->idx, sb_buf_str(&path));
    sb_buf_release(&path);
    if (!blob)
        return log_absent(resp, pod, rt->name, c, prev);
    if (blob->over_cap) {   /* not kept: say so, not an empty log */
        char msg[1024];

        snprintf(msg, sizeof(msg), "the log of container %s in pod %s is "
                 "%llu bytes, more than analyze serve keeps of one file "
                 "(--max-member-size %llu bytes): serve the bundle with a "
                 "larger --max-member-size", c, rt->name,
                 (unsigned long long)blob->size,
                 (unsigned long long)api->idx->member_max);
        return sb_serve_status(resp, 500, "InternalError", msg);
    }
    /* streamed as it is sent (sb_serve_log_read): only the start of the
     * range is found here, by tailLines, scanning backwards */
    rc = send_text(resp, 200, TEXT, "", 0);
    if (rc)
        return rc;
    resp->log.data = blob->data;
    resp->log.pos = log_tail_start(blob->data, blob->len, since, tail);
    resp->log.in_line = false;
    resp->log.end = blob->len;
    resp->log.drop_behind = blob->off != UINT64_MAX;    /* in the spool */
    resp->log.dropped = resp->log.pos;
    if (resp->log.drop_behind)  /* what the backward scan read */
        drop_pages(blob->data + resp->log.pos, blob->data + blob->len);
    resp->log.since = since;
    resp->log.timestamps = arg_true(req, "timestamps");
    resp->log.left = limit > 0 ? (uint64_t)limit : UINT64_MAX;
    return 0;
}

/* ---- node and pod proxy ---- */


/* The pod is parsed for this request only: the container names, the
 * default-container annotation and the statuses decide the answer */
static int pod_log(struct sb_serve_api *api, const struct sb_serve_req *req,
                   const struct route *rt, struct sb_serve_resp *resp)
{
    const struct sb_sobj *o = find_obj(api, rt);
    cJSON *pod;
    int rc;

    if (!o)
        return obj_not_found(resp, "", "pods", rt->name);
    pod = sb_sobj_parse(o);
    if (!pod)
        return SB_E_NOMEM;
    rc = pod_log_of(api, req, rt, pod, resp);
    cJSON_Delete(pod);
    return rc;
}

static int html_escape(struct sb_buf *out, const char *s)
{
    int rc = 0;

    for (; *s && !rc; s++) {
        switch (*s) {
        case '<': rc = sb_buf_adds(out, "&lt;"); break;
        case '>': rc = sb_buf_adds(out, "&gt;"); break;
        case '&': rc = sb_buf_adds(out, "&amp;"); break;
        case '"': rc = sb_buf_adds(out, "&#34;"); break;
        case '\'': rc = sb_buf_adds(out, "&#39;"); break;
        default: rc = sb_buf_addc(out, *s);
        }
    }
    return rc;
}

/* A directory listing like Go's http.FileServer (the kubelet's /logs/):
 * the entries directly under 'prefix' (which ends in '/'). */
static int dir_listing(struct sb_serve_api *api, const char *prefix,
                       struct sb_serve_resp *resp)
{
    struct sb_buf *b = &resp->body;
    size_t first, n = sb_serve_index_blobs(api->idx, prefix, &first), i;
    size_t plen = strlen(prefix);
    char last[1024] = "";
    int rc = 0;

    sb_buf_reset(b);
    rc |= sb_buf_adds(b, "<!doctype html>\n<meta name=\"viewport\" "
                      "content=\"width=device-width\">\n<pre>\n");
    for (i = 0; i < n; i++) {
        const char *rest = sb_serve_index_blob_at(api->idx, first + i)->path
                           + plen;
        const char *slash = strchr(rest, '/');
        char ent[1024];

        snprintf(ent, sizeof(ent), "%.*s%s",
                 (int)(slash ? (size_t)(slash - rest) : strlen(rest)), rest,
                 slash ? "/" : "");
        if (!strcmp(ent, last))
            continue;
        snprintf(last, sizeof(last), "%s", ent);
        rc |= sb_buf_adds(b, "<a href=\"");
        rc |= html_escape(b, ent);
        rc |= sb_buf_adds(b, "\">");
        rc |= html_escape(b, ent);
        rc |= sb_buf_adds(b, "</a>\n");
    }
    rc |= sb_buf_adds(b, "</pre>\n");
    resp->status = 200;
    resp->content_type = "text/html; charset=utf-8";
    return rc ? SB_E_NOMEM : 0;
}

static int page_not_found(struct sb_serve_resp *resp)
{
    static const char msg[] = "404 page not found\n";

    return send_text(resp, 404, TEXT, msg, sizeof(msg) - 1);
}

static int join_segs(const struct route *rt, int from, struct sb_buf *out)
{
    int i, rc = 0;

    for (i = from; i < rt->nsegs; i++)
        rc |= sb_buf_addf(out, "%s%s", i > from ? "/" : "", rt->segs[i]);
    return rc ? SB_E_NOMEM : 0;
}

static int node_proxy(struct sb_serve_api *api, const struct sb_serve_req *req,
                      const struct route *rt, bool trailing_slash,
                      struct sb_serve_resp *resp)
{
    char node[256];
    const char *colon = strchr(rt->name, ':');
    struct sb_buf sub = SB_BUF_INIT(8192), path = SB_BUF_INIT(8192);
    const struct sb_sblob *blob;
    size_t first;
    int rc;

    snprintf(node, sizeof(node), "%.*s",
             (int)(colon ? (size_t)(colon - rt->name) : strlen(rt->name)),
             rt->name);
    if (!sb_scoll_find(sb_serve_index_coll(api->idx, "", "nodes"), "",
                       node))
        return obj_not_found(resp, "", "nodes", node);
    rc = join_segs(rt, rt->sub_at, &sub);
    if (rc)
        goto cleanup;
    if (strcmp(sb_buf_str(&sub), "logs") &&
        strncmp(sb_buf_str(&sub), "logs/", 5)) {
        rc = page_not_found(resp);
        goto cleanup;
    }
    rc = sb_buf_addf(&path, "nodes/%s/%s", node, sb_buf_str(&sub));
    if (rc)
        goto cleanup;
    blob = sb_serve_index_blob(api->idx, sb_buf_str(&path));
    if (blob && !trailing_slash) {
        rc = send_text(resp, 200, TEXT, blob->data, blob->len);
        goto cleanup;
    }
    rc = sb_buf_addc(&path, '/');
    if (rc)
        goto cleanup;
    if (sb_serve_index_blobs(api->idx, sb_buf_str(&path), &first) ||
        !strcmp(sb_buf_str(&sub), "logs"))
        rc = dir_listing(api, sb_buf_str(&path), resp);
    else
        rc = page_not_found(resp);
cleanup:
    (void)req;
    sb_buf_release(&sub);
    sb_buf_release(&path);
    return rc;
}

static bool is_dcgm_exporter(const cJSON *pod)
{
    const cJSON *labels = get_path(pod, "metadata", "labels"), *l;
    const char *name = str_at(pod, "metadata", "name");

    if (name && strstr(name, "dcgm-exporter"))
        return true;
    cJSON_ArrayForEach(l, labels)
        if (cJSON_IsString(l) && strstr(l->valuestring, "dcgm-exporter"))
            return true;
    return false;
}

static int pod_proxy(struct sb_serve_api *api, const struct route *rt,
                     struct sb_serve_resp *resp)
{
    char name[256], port[64] = "", msg[600];
    const char *p = rt->name, *c1 = strchr(p, ':'), *c2;
    const struct sb_sobj *o;
    struct route r = *rt;
    struct sb_buf sub = SB_BUF_INIT(8192), path = SB_BUF_INIT(8192);
    const struct sb_sblob *blob = NULL;
    const char *node, *ip;
    cJSON *pod = NULL;
    int rc;

    /* [scheme:]name[:port] */
    c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (c2) {
        p = c1 + 1;
        c1 = c2;
    }
    snprintf(name, sizeof(name), "%.*s",
             (int)(c1 ? (size_t)(c1 - p) : strlen(p)), p);
    if (c1)
        snprintf(port, sizeof(port), "%s", c1 + 1);
    r.name = name;
    o = find_obj(api, &r);
    if (!o)
        return obj_not_found(resp, "", "pods", name);
    rc = join_segs(rt, rt->sub_at, &sub);
    pod = sb_sobj_parse(o);
    if (!pod)
        rc = SB_E_NOMEM;
    node = str_at(pod, "spec", "nodeName");
    if (!rc && node && is_dcgm_exporter(pod) &&
        !strcmp(sb_buf_str(&sub), "metrics")) {
        rc = sb_buf_addf(&path, "nodes/%s/dcgm-exporter.prom", node);
        blob = rc ? NULL : sb_serve_index_blob(api->idx, sb_buf_str(&path));
    }
    if (rc)
        goto cleanup;
    if (blob) {
        rc = send_text(resp, 200, "text/plain; version=0.0.4; "
                       "charset=utf-8", blob->data, blob->len);
        goto cleanup;
    }
    ip = str_at(pod, "status", "podIP");
    snprintf(msg, sizeof(msg), "error trying to reach service: dial tcp "
             "%s:%s: connect: connection refused", ip ? ip : "<nil>",
             *port ? port : "80");
    rc = sb_serve_status(resp, 503, "ServiceUnavailable", msg);
cleanup:
    cJSON_Delete(pod);
    sb_buf_release(&sub);
    sb_buf_release(&path);
    return rc;
}

/* ---- dispatch ---- */

/* ---- /openapi: what kubectl explain reads ---- */

#define NO_SCHEMA "The OpenAPI schema of this kind is not available " \
    "offline: a support bundle holds the cluster's objects, not their " \
    "schemas. See https://kubernetes.io/docs/reference/kubernetes-api/ " \
    "for its fields."

/* A copy of the schema a bundled CRD gives 'plural' in group/version
 * (spec.versions[].schema.openAPIV3Schema), or NULL: custom resources can
 * be explained for real. */
static cJSON *crd_schema(struct sb_serve_api *api, const char *group,
                         const char *version, const char *plural)
{
    struct route r;
    const cJSON *v;
    cJSON *crd, *found = NULL;

    memset(&r, 0, sizeof(r));
    r.group = group;
    r.plural = plural;
    crd = crd_for(api, &r);
    cJSON_ArrayForEach(v, get_path(crd, "spec", "versions")) {
        const char *n = str_at(v, "name", NULL);
        const cJSON *sc = get_path(get_path(v, "schema", NULL),
                                   "openAPIV3Schema", NULL);

        /* one that describes nothing ("x-kubernetes-preserve-unknown-
         * fields" alone) would print less than the note does */
        if (n && !strcmp(n, version) &&
            cJSON_IsObject(get_path(sc, "properties", NULL))) {
            found = cJSON_Duplicate(sc, 1);
            break;
        }
    }
    cJSON_Delete(crd);
    return found;
}

/* /openapi/v3: one path per group version discovery lists. */
static int openapi_index(struct sb_serve_api *api,
                         struct sb_serve_resp *resp)
{
    cJSON *root = cJSON_CreateObject(), *paths;
    const cJSON *gl;
    char key[600], url[700];

    if (!root)
        return SB_E_NOMEM;
    paths = cJSON_AddObjectToObject(root, "paths");
    cJSON_ArrayForEach(gl, api->disco) {
        const char *gv = str_at(gl, "groupVersion", NULL);
        cJSON *p;

        if (!gv)
            continue;
        snprintf(key, sizeof(key), "%s/%s", strchr(gv, '/') ? "apis" : "api",
                 gv);
        snprintf(url, sizeof(url), "/openapi/v3/%s", key);
        p = cJSON_AddObjectToObject(paths, key);
        if (p)
            cJSON_AddStringToObject(p, "serverRelativeURL", url);
    }
    return send_json(resp, 200, root);
}

/* /openapi/v3/api[s]/GROUP/VERSION: a schema per kind whose description
 * says the real one is not here, so kubectl explain prints that instead
 * of a misleading "couldn't find resource". */
static int openapi_gv(struct sb_serve_api *api, const struct route *rt,
                      struct sb_serve_resp *resp)
{
    char gv[600], name[700];
    const char *group = "", *version;
    const cJSON *gl, *r;
    cJSON *root, *schemas, *info, *paths;

    if (!strcmp(rt->segs[2], "api") && rt->nsegs == 4) {
        version = rt->segs[3];
        snprintf(gv, sizeof(gv), "%s", version);
    } else if (!strcmp(rt->segs[2], "apis") && rt->nsegs == 5) {
        group = rt->segs[3];
        version = rt->segs[4];
        snprintf(gv, sizeof(gv), "%s/%s", group, version);
    } else {
        return not_found_path(resp);
    }
    gl = find_gv(api, gv);
    if (!gl)
        return not_found_path(resp);
    root = cJSON_CreateObject();
    if (!root)
        return SB_E_NOMEM;
    cJSON_AddStringToObject(root, "openapi", "3.0.0");
    info = cJSON_AddObjectToObject(root, "info");
    cJSON_AddStringToObject(info, "title", "Kubernetes");
    cJSON_AddStringToObject(info, "version", "unversioned");
    paths = cJSON_AddObjectToObject(root, "paths");
    schemas = cJSON_AddObjectToObject(cJSON_AddObjectToObject(root,
                                                              "components"),
                                      "schemas");
    cJSON_ArrayForEach(r, get_path(gl, "resources", NULL)) {
        const char *nm = str_at(r, "name", NULL), *kind = str_at(r, "kind",
                                                                 NULL);
        cJSON *sc, *gvks, *gvk;

        if (!nm || !kind || strchr(nm, '/'))
            continue;
        snprintf(name, sizeof(name), "%s%s%s.%s", group, *group ? "." : "",
                 version, kind);
        if (cJSON_GetObjectItemCaseSensitive(schemas, name))
            continue;
        sc = crd_schema(api, group, version, nm);
        if (sc && !cJSON_AddItemToObject(schemas, name, sc)) {
            cJSON_Delete(sc);
            continue;
        } else if (!sc) {
            sc = cJSON_AddObjectToObject(schemas, name);
            cJSON_AddStringToObject(sc, "type", "object");
            cJSON_AddStringToObject(sc, "description", NO_SCHEMA);
        }
        gvks = cJSON_AddArrayToObject(sc, "x-kubernetes-group-version-kind");
        gvk = cJSON_CreateObject();
        cJSON_AddItemToArray(gvks, gvk);
        cJSON_AddStringToObject(gvk, "group", group);
        cJSON_AddStringToObject(gvk, "kind", kind);
        cJSON_AddStringToObject(gvk, "version", version);
        /* kubectl finds the kind from the list path's operation */
        snprintf(name, sizeof(name), "/%s/%s/%s%s", *group ? "apis" : "api",
                 gv, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
                         r, "namespaced")) ? "namespaces/{namespace}/" : "",
                 nm);
        gvk = cJSON_Duplicate(gvk, 1);
        sc = cJSON_AddObjectToObject(cJSON_AddObjectToObject(paths, name),
                                     "get");
        if (!sc || !gvk ||
            !cJSON_AddItemToObject(sc, "x-kubernetes-group-version-kind",
                                   gvk))
            cJSON_Delete(gvk);
    }
    return send_json(resp, 200, root);
}

/* /openapi/v2 is one document of every schema, in protobuf for kubectl;
 * it is asked only when v3 is missing, which it is not here. */
static int openapi(struct sb_serve_api *api, const struct route *rt,
                   struct sb_serve_resp *resp)
{
    if (rt->nsegs == 2 && !strcmp(rt->segs[1], "v3"))
        return openapi_index(api, resp);
    if (rt->nsegs >= 4 && !strcmp(rt->segs[1], "v3"))
        return openapi_gv(api, rt, resp);
    return sb_serve_status(resp, 404, "NotFound", NO_SCHEMA);
}

static int split_path(char *path, struct route *rt)
{
    char *save = NULL, *s;

    rt->nsegs = 0;
    for (s = strtok_r(path, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
        if (rt->nsegs == MAX_SEGS)
            return -1;
        rt->segs[rt->nsegs++] = s;
    }
    return 0;
}

/* The discovery entry of plural in group/version, or NULL. */
static const cJSON *restype(struct sb_serve_api *api, const char *group,
                            const char *version, const char *plural)
{
    char gv[600];
    const cJSON *r;

    snprintf(gv, sizeof(gv), "%s%s%s", group, *group ? "/" : "", version);
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(find_gv(api, gv),
                                                           "resources")) {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(r, "name");

        if (cJSON_IsString(nm) && !strcmp(nm->valuestring, plural))
            return r;
    }
    return NULL;
}

/* Fills the resource part of 'rt' from segs[from..]; false when the path
 * names no resource this group version has. */
static bool resolve(struct sb_serve_api *api, struct route *rt, int from)
{
    int i = from;
    bool namespaced;
    const cJSON *nsd;

    if (i + 2 < rt->nsegs && !strcmp(rt->segs[i], "namespaces")) {
        rt->ns = rt->segs[i + 1];
        i += 2;
    }
    rt->plural = rt->segs[i++];
    rt->restype = restype(api, rt->group, rt->version, rt->plural);
    if (!rt->restype)
        return false;
    nsd = cJSON_GetObjectItemCaseSensitive(rt->restype, "namespaced");
    namespaced = cJSON_IsTrue(nsd);
    if (rt->ns && !namespaced)
        return false;
    if (i < rt->nsegs)
        rt->name = rt->segs[i++];
    if (rt->name && namespaced && !rt->ns)
        return false;   /* GET /api/v1/pods/x has no meaning */
    if (i < rt->nsegs) {
        rt->sub = rt->segs[i++];
        rt->sub_at = i;
    }
    return true;
}

/* A watch on a bundle: nothing ever changes, so the stream stays open
 * and quiet until timeoutSeconds (at most an hour) or the client goes. */
static int watch(const struct sb_serve_req *req, struct sb_serve_resp *resp)
{
    const char *v = arg(req, "timeoutSeconds");
    long long t = 3600;

    if (v && (!arg_int(v, &t)))
        return bad_request(resp, "invalid value for timeoutSeconds: '%s'", v);
    if (t <= 0 || t > 3600)
        t = 3600;
    resp->status = 200;
    resp->content_type = JSON;
    resp->watch_seconds = (long)t;
    sb_buf_reset(&resp->body);
    return 0;
}

static int route_resource(struct sb_serve_api *api,
                          const struct sb_serve_req *req, struct route *rt,
                          bool trailing_slash, struct sb_serve_resp *resp)
{
    if (is_forbidden(api, rt->plural))
        return forbidden(api, resp, rt);
    if (!rt->name && arg_true(req, "watch"))
        return watch(req, resp);
    if (!rt->name)
        return list_objects(api, req, rt, resp);
    if (!rt->sub)
        return get_object(api, req, rt, resp);
    /* the status subresource is the whole object, as the API server
     * answers a GET of pods/status or deployments/status */
    if (!strcmp(rt->sub, "status") && rt->sub_at == rt->nsegs)
        return get_object(api, req, rt, resp);
    if (*rt->group)
        return not_found_path(resp);
    if (!strcmp(rt->plural, "pods") && !strcmp(rt->sub, "log") &&
        rt->sub_at == rt->nsegs)
        return pod_log(api, req, rt, resp);
    if (!strcmp(rt->plural, "pods") && !strcmp(rt->sub, "proxy"))
        return pod_proxy(api, rt, resp);
    if (!strcmp(rt->plural, "nodes") && !strcmp(rt->sub, "proxy"))
        return node_proxy(api, req, rt, trailing_slash, resp);
    return not_found_path(resp);
}

static int route(struct sb_serve_api *api, const struct sb_serve_req *req,
                 char *path, struct sb_serve_resp *resp)
{
    struct route rt;
    size_t plen = strlen(path);
    bool trailing = plen > 1 && path[plen - 1] == '/';
    char gv[600];
    const cJSON *gl;

    memset(&rt, 0, sizeof(rt));
    if (split_path(path, &rt))
        return not_found_path(resp);
    if (rt.nsegs == 1 && !strcmp(rt.segs[0], "version"))
        return send_version(api, resp);
    if (rt.nsegs == 1 && (!strcmp(rt.segs[0], "healthz") ||
                          !strcmp(rt.segs[0], "livez") ||
                          !strcmp(rt.segs[0], "readyz")))
        return send_text(resp, 200, TEXT, "ok", 2);
    if (rt.nsegs == 1 && !strcmp(rt.segs[0], "api"))
        return send_api_versions(resp);
    if (rt.nsegs == 1 && !strcmp(rt.segs[0], "apis"))
        return send_group_list(api, resp);
    if (rt.nsegs >= 2 && !strcmp(rt.segs[0], "openapi"))
        return openapi(api, &rt, resp);
    if (rt.nsegs >= 2 && !strcmp(rt.segs[0], "api")) {
        rt.group = "";
        rt.version = rt.segs[1];
        snprintf(gv, sizeof(gv), "%s", rt.version);
        if (rt.nsegs == 2)
            return (gl = find_gv(api, gv)) ? send_resource_list(resp, gl)
                                           : not_found_path(resp);
        return resolve(api, &rt, 2) ? route_resource(api, req, &rt, trailing,
                                                     resp)
                                    : not_found_path(resp);
    }
    if (rt.nsegs >= 3 && !strcmp(rt.segs[0], "apis")) {
        rt.group = rt.segs[1];
        rt.version = rt.segs[2];
        snprintf(gv, sizeof(gv), "%s/%s", rt.group, rt.version);
        if (rt.nsegs == 3)
            return (gl = find_gv(api, gv)) ? send_resource_list(resp, gl)
                                           : not_found_path(resp);
        return resolve(api, &rt, 3) ? route_resource(api, req, &rt, trailing,
                                                     resp)
                                    : not_found_path(resp);
    }
    return not_found_path(resp);
}

/* ---- auth can-i: the reviews that only ask ---- */

static bool is_read_verb(const char *v)
{
    return v && (!strcmp(v, "get") || !strcmp(v, "list") ||
                 !strcmp(v, "watch"));
}

/* True when discovery lists 'resource' ("pods", "pods/log", "*") in
 * 'group' ("*" for any). */
static bool serves(struct sb_serve_api *api, const char *group,
                   const char *resource)
{
    const cJSON *gl, *r;
    char g[256];

    cJSON_ArrayForEach(gl, api->disco) {
        const char *gv = str_at(gl, "groupVersion", NULL);
        const char *slash = gv ? strchr(gv, '/') : NULL;

        if (!gv)
            continue;
        snprintf(g, sizeof(g), "%.*s", slash ? (int)(slash - gv) : 0, gv);
        if (strcmp(group, "*") && strcmp(group, g))
            continue;
        if (!strcmp(resource, "*"))
            return true;
        cJSON_ArrayForEach(r, get_path(gl, "resources", NULL)) {
            const char *nm = str_at(r, "name", NULL);

            if (nm && !strcmp(nm, resource))
                return true;
        }
    }
    return false;
}

/* The review posted, answered with its status and 201, as the API server
 * answers a create. */
static int send_review(struct sb_serve_resp *resp, cJSON *review,
                       cJSON *status)
{
    cJSON_DeleteItemFromObjectCaseSensitive(review, "status");
    if (!cJSON_AddItemToObject(review, "status", status)) {
        cJSON_Delete(status);
        cJSON_Delete(review);
        return SB_E_NOMEM;
    }
    return send_json(resp, 201, review);
}

static int access_review(struct sb_serve_api *api, cJSON *review,
                         struct sb_serve_resp *resp)
{
    const cJSON *ra = get_path(review, "spec", "resourceAttributes");
    const cJSON *nra = get_path(review, "spec", "nonResourceAttributes");
    cJSON *st = cJSON_CreateObject();
    const char *verb, *why = NULL;
    bool yes = false;
    char res[600];

    if (!st) {
        cJSON_Delete(review);
        return SB_E_NOMEM;
    }
    if (ra) {
        const char *g = str_at(ra, "group", NULL);
        const char *r = str_at(ra, "resource", NULL);
        const char *sub = str_at(ra, "subresource", NULL);

        verb = str_at(ra, "verb", NULL);
        snprintf(res, sizeof(res), "%s%s%s", r ? r : "",
                 sub && *sub ? "/" : "", sub && *sub ? sub : "");
        if (!is_read_verb(verb))
            why = "a support bundle is read-only: only get, list and "
                  "watch are answered";
        else if (!serves(api, g ? g : "", res))
            why = "the server does not serve this resource";
        else
            yes = true;
    } else if (nra) {
        verb = str_at(nra, "verb", NULL);
        yes = verb && !strcmp(verb, "get");
        if (!yes)
            why = "a support bundle is read-only: only get is answered";
    }
    cJSON_AddBoolToObject(st, "allowed", yes);
    if (why) {
        cJSON_AddBoolToObject(st, "denied", true);
        cJSON_AddStringToObject(st, "reason", why);
    }
    return send_review(resp, review, st);
}

static int rules_review(struct sb_serve_api *api, cJSON *review,
                        struct sb_serve_resp *resp)
{
    cJSON *st = cJSON_CreateObject(), *rules, *nrr, *rule;
    const cJSON *gl, *r;

    if (!st) {
        cJSON_Delete(review);
        return SB_E_NOMEM;
    }
    rules = cJSON_AddArrayToObject(st, "resourceRules");
    /* one rule per group version, naming what discovery lists */
    cJSON_ArrayForEach(gl, api->disco) {
        const char *gv = str_at(gl, "groupVersion", NULL);
        const char *slash = gv ? strchr(gv, '/') : NULL;
        char g[256];
        cJSON *names;

        if (!gv)
            continue;
        snprintf(g, sizeof(g), "%.*s", slash ? (int)(slash - gv) : 0, gv);
        rule = cJSON_CreateObject();
        cJSON_AddItemToArray(rules, rule);
        cJSON_AddItemToObject(rule, "verbs", cJSON_CreateStringArray(
            (const char *const[]){ "get", "list", "watch" }, 3));
        cJSON_AddItemToObject(rule, "apiGroups", cJSON_CreateStringArray(
            (const char *const[]){ g }, 1));
        names = cJSON_AddArrayToObject(rule, "resources");
        cJSON_ArrayForEach(r, get_path(gl, "resources", NULL))
            if (str_at(r, "name", NULL))
                cJSON_AddItemToArray(names, cJSON_CreateString(
                                         str_at(r, "name", NULL)));
    }
    nrr = cJSON_AddArrayToObject(st, "nonResourceRules");
    rule = cJSON_CreateObject();
    cJSON_AddItemToArray(nrr, rule);
    cJSON_AddItemToObject(rule, "verbs", cJSON_CreateStringArray(
        (const char *const[]){ "get" }, 1));
    cJSON_AddItemToObject(rule, "nonResourceURLs", cJSON_CreateStringArray(
        (const char *const[]){ "*" }, 1));
    cJSON_AddBoolToObject(st, "incomplete", false);
    return send_review(resp, review, st);
}

/* POST of a review; false when 'req' is no such POST. */
static bool is_review(const struct sb_serve_req *req, const char *plural)
{
    char want[128];

    snprintf(want, sizeof(want), "/apis/authorization.k8s.io/v1/%s",
             plural);
    return req->path && !strcmp(req->method, "POST") &&
           (!strcmp(req->path, want) ||
            (!strncmp(req->path, want, strlen(want)) &&
             !strcmp(req->path + strlen(want), "/")));
}

static int review(struct sb_serve_api *api, const struct sb_serve_req *req,
                  bool rules, struct sb_serve_resp *resp)
{
    /* kubectl posts protobuf; curl and the Python client JSON. The
     * answer is JSON either way: kubectl accepts it too. */
    cJSON *j = sb_kproto_is_proto(req->body, req->body_len)
                   ? sb_kproto_review(req->body, req->body_len)
               : req->body ? cJSON_ParseWithLength(req->body, req->body_len)
                           : NULL;
    const char *kind = str_at(j, "kind", NULL);
    const char *want = rules ? "SelfSubjectRulesReview"
                             : "SelfSubjectAccessReview";

    if (!cJSON_IsObject(j) || (kind && strcmp(kind, want))) {
        cJSON_Delete(j);
        return bad_request(resp, "the body of the request is not a %s",
                           want);
    }
    if (!kind)
        cJSON_AddStringToObject(j, "kind", want);
    if (!cJSON_GetObjectItemCaseSensitive(j, "apiVersion"))
        cJSON_AddStringToObject(j, "apiVersion", "authorization.k8s.io/v1");
    return rules ? rules_review(api, j, resp) : access_review(api, j, resp);
}

int sb_serve_api_handle(struct sb_serve_api *api,
                        const struct sb_serve_req *req,
                        struct sb_serve_resp *resp)
{
    char *path;
    int rc;

    if (is_review(req, "selfsubjectaccessreviews"))
        return review(api, req, false, resp);
    if (is_review(req, "selfsubjectrulesreviews"))
        return review(api, req, true, resp);
    if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD"))
        return sb_serve_status(resp, 405, "MethodNotAllowed",
                               "the server does not allow this method on "
                               "the requested resource");
    path = sb_strdup(req->path ? req->path : "/");
    if (!path)
        return SB_E_NOMEM;
    rc = route(api, req, path, resp);
    sb_free(path);
    return rc;
}
