/*
 * Discovery: /api, /apis, then one request per preferred group-version,
 * all in flight at once.
 */
#include "sb_discover.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"

struct gv_fetch {
    struct sb_discovery *d;
    char *gv;               /* "v1", "apps/v1" */
    char *group, *version;
    cJSON *json;            /* parsed body on success */
    long status;
    int code;
    char error[1024];
    bool failed_nomem;
};

/* Group-versions, resources or gaps in one discovery: real clusters
 * have hundreds; more is a broken or hostile server. */
#define DISCOVER_MAX 100000

/* The error for a failed SB_ARRAY_GROW here. */
static int grow_error(struct sb_err *err, int rc)
{
    if (rc == SB_E_TOOBIG)
        return sb_err_set(err, rc, "discovery lists more than %d API "
                          "group-versions or resources", DISCOVER_MAX);
    return sb_err_set(err, rc, "out of memory");
}

static void on_json(void *ctx, const struct sb_http_result *res)
{
    struct gv_fetch *f = ctx;

    f->status = res->status;
    f->code = res->code;
    snprintf(f->error, sizeof(f->error), "%s", res->error);
    if (res->code)
        return;
    f->json = cJSON_ParseWithLength(res->body->data, res->body->len);
    if (!f->json) {
        f->code = SB_E_FORMAT;
        snprintf(f->error, sizeof(f->error), "response is not JSON");
    }
}

static int submit_get(struct sb_http *h, const char *path,
                      struct gv_fetch *f, struct sb_err *err)
{
    struct sb_http_request r = { 0 };

    r.path = path;
    r.max_body = 32u << 20;
    r.urgent = true;
    r.on_done = on_json;
    r.ctx = f;
    return sb_http_submit(h, &r, err);
}

static void res_release(struct sb_resource *r)
{
    sb_free(r->group);
    sb_free(r->version);
    sb_free(r->plural);
    sb_free(r->kind);
    sb_free(r->name);
    sb_free(r->api_path);
}

void sb_discovery_release(struct sb_discovery *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        res_release(&d->res[i]);
    sb_free(d->res);
    for (size_t i = 0; i < d->ngaps; i++) {
        sb_free(d->gaps[i].group_version);
        sb_free(d->gaps[i].error);
    }
    sb_free(d->gaps);
    cJSON_Delete(d->doc);
    memset(d, 0, sizeof(*d));
}

static bool has_verb(const cJSON *r, const char *verb)
{
    const cJSON *v;

    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(r, "verbs"))
        if (cJSON_IsString(v) && !strcmp(v->valuestring, verb))
            return true;
    return false;
}

static int add_resource(struct sb_discovery *d, const char *group,
                        const char *version, const cJSON *r)
{
    const char *plural = cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(r, "name"));
    const char *kind = cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(r, "kind"));
    struct sb_resource *x;
    size_t len;
    int rc;

    if (!plural || !*plural || strchr(plural, '/') || !has_verb(r, "list"))
        return 0;
    if (strchr(plural, '.') && !*group)
        return 0;   /* not a name a core resource can have */
    rc = SB_ARRAY_GROW(d->res, d->n + 1, d->res_alloc, DISCOVER_MAX);
    if (rc)
        return rc;
    x = &d->res[d->n];
    memset(x, 0, sizeof(*x));
    x->group = sb_strdup(group);
    x->version = sb_strdup(version);
    x->plural = sb_strdup(plural);
    x->kind = sb_strdup(kind ? kind : "");
    x->namespaced = cJSON_IsTrue(
        cJSON_GetObjectItemCaseSensitive(r, "namespaced"));
    len = strlen(plural) + strlen(group) + strlen(version) + 16;
    x->name = sb_malloc(len);
    x->api_path = sb_malloc(len);
    if (!x->group || !x->version || !x->plural || !x->kind || !x->name ||
        !x->api_path) {
        res_release(x);
        return SB_E_NOMEM;
    }
    if (*group) {
        snprintf(x->name, len, "%s.%s", plural, group);
        snprintf(x->api_path, len, "/apis/%s/%s", group, version);
    } else {
        snprintf(x->name, len, "%s", plural);
        snprintf(x->api_path, len, "/api/%s", version);
    }
    d->n++;
    return 0;
}

static int add_gap(struct sb_discovery *d, const struct gv_fetch *f)
{
    struct sb_discover_gap *g;
    int rc = SB_ARRAY_GROW(d->gaps, d->ngaps + 1, d->gaps_alloc,
                           DISCOVER_MAX);

    if (rc)
        return rc;
    g = d->gaps;
    g[d->ngaps].group_version = sb_strdup(f->gv);
    g[d->ngaps].status = f->status;
    g[d->ngaps].error = sb_strdup(f->error);
    d->ngaps++;
    return 0;
}

static void on_gv(void *ctx, const struct sb_http_result *res)
{
    on_json(ctx, res);
}

/* Why discovery could not finish: the deadline or a signal. */
static int stopped(struct sb_http *h, int rc, struct sb_err *err)
{
    (void)h;
    if (rc == SB_E_TIMEOUT)
        return sb_err_set(err, rc, "deadline reached during discovery");
    return sb_err_set(err, SB_E_INTERRUPTED, "discovery interrupted");
}

static int cmp_res(const void *a, const void *b)
{
    const struct sb_resource *x = a, *y = b;
    return strcmp(x->name, y->name);
}

/* Preferred group-versions from /apis, as {gv, group, version}, with
 * room for one more (the core group). Returns 0, SB_E_NOMEM or
 * SB_E_TOOBIG. */
static int plan_groups(const cJSON *apis, struct gv_fetch **out, size_t *n,
                       size_t *alloc)
{
    const cJSON *g;
    struct gv_fetch *v = NULL;
    size_t cnt = 0;
    int rc = 0;

    cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(apis, "groups")) {
        const char *name = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(g, "name"));
        const cJSON *pv = cJSON_GetObjectItemCaseSensitive(
            g, "preferredVersion");
        const char *gv, *ver;

        if (!pv)
            pv = cJSON_GetArrayItem(
                cJSON_GetObjectItemCaseSensitive(g, "versions"), 0);
        gv = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(pv, "groupVersion"));
        ver = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(pv, "version"));
        if (!name || !gv || !ver || strchr(name, '/') || strchr(ver, '/'))
            continue;
        /* + 2: the core group goes in front of them */
        if ((rc = SB_ARRAY_GROW(v, cnt + 2, *alloc, DISCOVER_MAX)))
            goto nomem;
        memset(&v[cnt], 0, sizeof(v[cnt]));
        v[cnt].gv = sb_strdup(gv);
        v[cnt].group = sb_strdup(name);
        v[cnt].version = sb_strdup(ver);
        cnt++;
        if (!v[cnt - 1].gv || !v[cnt - 1].group || !v[cnt - 1].version) {
            rc = SB_E_NOMEM;
            goto nomem;
        }
    }
    if ((rc = SB_ARRAY_GROW(v, cnt + 1, *alloc, DISCOVER_MAX)))
        goto nomem;
    *out = v;
    *n = cnt;
    return 0;
nomem:
    for (size_t i = 0; i < cnt; i++) {
        sb_free(v[i].gv);
        sb_free(v[i].group);
        sb_free(v[i].version);
    }
    sb_free(v);
    *alloc = 0;
    return rc;
}

int sb_discover(struct sb_http *h, int64_t deadline_ms,
                volatile sig_atomic_t *stop, struct sb_discovery *out,
                struct sb_err *err)
{
    struct gv_fetch api = { 0 }, apis = { 0 };
    struct gv_fetch *gvs = NULL;
    size_t ngv = 0, gv_alloc = 0;
    cJSON *items;
    int rc;

    memset(out, 0, sizeof(*out));
    out->doc = cJSON_CreateArray();
    if (!out->doc)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    apis.gv = "apis";
    rc = submit_get(h, "/api", &api, err);
    if (!rc)
        rc = submit_get(h, "/apis", &apis, err);
    if (rc)
        goto cleanup;
    rc = sb_http_run(h, deadline_ms, stop);
    if (rc || sb_http_stopped(h)) {
        rc = stopped(h, rc, err);
        goto cleanup;
    }
    if (api.code) {
        rc = sb_err_set(err, api.code, "cannot read '/api': %s", api.error);
        goto cleanup;
    }
    if (apis.code && (rc = add_gap(out, &apis))) {
        rc = grow_error(err, rc);
        goto cleanup;
    }
    rc = plan_groups(apis.json, &gvs, &ngv, &gv_alloc);
    if (rc) {
        rc = grow_error(err, rc);
        goto cleanup;
    }
    /* the core group: /api's first version is the preferred one */
    {
        const char *cv = cJSON_GetStringValue(cJSON_GetArrayItem(
            cJSON_GetObjectItemCaseSensitive(api.json, "versions"), 0));

        /* plan_groups left room for it */
        memmove(gvs + 1, gvs, ngv * sizeof(*gvs));
        memset(gvs, 0, sizeof(*gvs));
        gvs[0].gv = sb_strdup(cv ? cv : "v1");
        gvs[0].group = sb_strdup("");
        gvs[0].version = sb_strdup(cv ? cv : "v1");
        ngv++;
        if (!gvs[0].gv || !gvs[0].group || !gvs[0].version) {
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
            goto cleanup;
        }
    }
    for (size_t i = 0; i < ngv; i++) {
        char path[600];
        struct sb_http_request r = { 0 };

        snprintf(path, sizeof(path), "%s/%s", *gvs[i].group ? "/apis" : "/api",
                 gvs[i].gv);
        r.path = path;
        r.max_body = 32u << 20;
        r.urgent = true;
        r.on_done = on_gv;
        r.ctx = &gvs[i];
        gvs[i].d = out;
        rc = sb_http_submit(h, &r, err);
        if (rc)
            goto cleanup;
    }
    rc = sb_http_run(h, deadline_ms, stop);
    if (rc || sb_http_stopped(h)) {
        rc = stopped(h, rc, err);
        goto cleanup;
    }
    items = out->doc;
    for (size_t i = 0; i < ngv; i++) {
        const cJSON *r;
        if (gvs[i].code) {
            if ((rc = add_gap(out, &gvs[i]))) {
                rc = grow_error(err, rc);
                goto cleanup;
            }
            continue;
        }
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(
                                  gvs[i].json, "resources")) {
            rc = add_resource(out, gvs[i].group, gvs[i].version, r);
            if (rc) {
                rc = grow_error(err, rc);
                goto cleanup;
            }
        }
        cJSON_AddItemToArray(items, gvs[i].json);
        gvs[i].json = NULL;
    }
    if (out->n)
        qsort(out->res, out->n, sizeof(*out->res), cmp_res);
    rc = 0;
cleanup:
    cJSON_Delete(api.json);
    cJSON_Delete(apis.json);
    for (size_t i = 0; i < ngv; i++) {
        cJSON_Delete(gvs[i].json);
        sb_free(gvs[i].gv);
        sb_free(gvs[i].group);
        sb_free(gvs[i].version);
    }
    sb_free(gvs);
    if (rc)
        sb_discovery_release(out);
    return rc;
}

const struct sb_resource *sb_discovery_find(const struct sb_discovery *d,
                                            const char *name)
{
    struct sb_resource key = { 0 };

    key.name = (char *)name;
    if (!d->n)
        return NULL;
    return bsearch(&key, d->res, d->n, sizeof(*d->res), cmp_res);
}
