#include "sb_estimate.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_describe.h"
#include "sb_kjson.h"
#include "sb_time.h"

#define PAGE_LIMIT 250          /* collect's list page */
#define SAMPLE_BODY_MAX ((size_t)64 * 1024 * 1024)
#define KUBELETS_MAX 8          /* stats/summary asked of at most */
#define LOGS_MAX 8              /* logs read whole where no kubelet says */
/* Typical deflate ratios, measured on the demo and bench bundles: API
 * JSON (repetitive keys, managedFields) about 8:1, logs (timestamps,
 * repeated messages) about 4:1, describe text about 6:1. */
#define RATIO_OBJECTS 8
#define RATIO_LOGS 4
#define RATIO_DESCRIBE 6
#define DESCRIBE_BYTES 1500     /* one describe text, typical */
#define GPU_NODE_REQUESTS 5     /* DCGM metrics, log folder, ~3 logs */
#define GPU_NODE_BYTES ((uint64_t)200 * 1024)

/* One list asked with limit=1 (pods and nodes: a page). */
struct sample {
    struct est *e;
    const struct sb_resource *res;
    bool describable;
    bool is_pods, is_nodes;
};

struct est {
    const struct sb_estimate_opts *o;
    struct sb_estimate r;
    uint64_t pages;             /* list requests the run would make */
    uint64_t describe;          /* describable objects */
    uint64_t pods, nodes;       /* counted */
    uint64_t pod_sample, pod_streams;   /* in the page of pods */
    uint64_t node_sample, node_gpus;    /* in the page of nodes */
    char *kubelet[KUBELETS_MAX];        /* nodes the pod page ran on */
    int nkubelet;
    uint64_t log_sample, log_sample_bytes;  /* containers in summaries */
    char *log_path[LOGS_MAX];   /* container log URLs of the pod page */
    int nlog;
    int answered;
    int log_reads;              /* logs read for their size */
};

/* Remembers the log URL of container 'c' of 'pod', to read it when no
 * kubelet gives log sizes. */
static void add_log_path(struct est *e, const cJSON *pod, const char *c)
{
    const cJSON *md = sb_kjson_get(pod, "metadata");
    const char *ns = sb_kjson_str(md, "namespace"), *name = sb_kjson_str(md, "name");
    char *en, *ep, *ec;
    struct sb_buf b = SB_BUF_INIT(4096);

    if (!ns || !name || !c)
        return;
    en = curl_easy_escape(NULL, ns, 0);
    ep = curl_easy_escape(NULL, name, 0);
    ec = curl_easy_escape(NULL, c, 0);
    if (en && ep && ec &&
        !sb_buf_addf(&b, "/api/v1/namespaces/%s/pods/%s/log?container=%s"
                     "&timestamps=true&limitBytes=%zu", en, ep, ec,
                     e->o->max_log_bytes))
        e->log_path[e->nlog++] = sb_buf_detach(&b, NULL);
    curl_free(en);
    curl_free(ep);
    curl_free(ec);
    sb_buf_release(&b);
}

/* Streams collect would fetch for one pod (as queue_pod_logs decides:
 * every container that ran, again for a previous one). */
static void sample_pod(struct est *e, const cJSON *pod)
{
    static const char *const specs[] = { "initContainers", "containers" };
    static const char *const stats[] = { "initContainerStatuses",
                                         "containerStatuses" };
    const cJSON *spec = sb_kjson_get(pod, "spec"), *c, *st;
    const char *node = sb_kjson_str(spec, "nodeName");

    e->pod_sample++;
    if (!node)
        return;
    for (size_t i = 0; i < 2; i++) {
        cJSON_ArrayForEach(c, sb_kjson_get(spec, specs[i])) {
            e->pod_streams++;
            if (i == 1 && e->nlog < LOGS_MAX)
                add_log_path(e, pod, sb_kjson_str(c, "name"));
        }
        cJSON_ArrayForEach(st, sb_kjson_get(sb_kjson_get(pod, "status"), stats[i])) {
            const cJSON *rc = sb_kjson_get(st, "restartCount");
            if ((cJSON_IsNumber(rc) && rc->valuedouble > 0) ||
                sb_kjson_get(sb_kjson_get(st, "lastState"), "terminated"))
                e->pod_streams++;
        }
    }
    for (int k = 0; k < e->nkubelet; k++)
        if (!strcmp(e->kubelet[k], node))
            return;
    if (e->nkubelet < KUBELETS_MAX && (e->kubelet[e->nkubelet] =
                                       sb_strdup(node)))
        e->nkubelet++;
}

static void sample_node(struct est *e, const cJSON *node)
{
    const cJSON *cap = sb_kjson_get(sb_kjson_get(node, "status"), "capacity");
    const char *g = sb_kjson_str(cap, "nvidia.com/gpu");

    e->node_sample++;
    if (g && atoi(g) > 0)
        e->node_gpus++;
}

static void list_done(void *ctx, const struct sb_http_result *res)
{
    struct sample *s = ctx;
    struct est *e = s->e;
    cJSON *doc = NULL;
    const cJSON *items, *md, *it;
    uint64_t count, item_bytes = 0;

    if (res->code || !res->body)
        goto cleanup;
    doc = cJSON_ParseWithLength(res->body->data, res->body->len);
    items = sb_kjson_get(doc, "items");
    if (!cJSON_IsArray(items))
        goto cleanup;
    e->answered++;
    e->r.resources++;
    md = sb_kjson_get(doc, "metadata");
    count = (uint64_t)cJSON_GetArraySize(items);
    if (cJSON_IsNumber(sb_kjson_get(md, "remainingItemCount")))
        count += (uint64_t)sb_kjson_get(md, "remainingItemCount")->valuedouble;
    else if (sb_kjson_str(md, "continue") && *sb_kjson_str(md, "continue"))
        e->r.uncounted++;   /* more, but how many is not said */
    it = cJSON_GetArrayItem(items, 0);
    if (it) {
        char *p = cJSON_PrintUnformatted(it);
        item_bytes = p ? strlen(p) : 0;
        cJSON_free(p);
    }
    e->r.objects += count;
    e->r.object_bytes += count * item_bytes;
    e->pages += count ? (count + PAGE_LIMIT - 1) / PAGE_LIMIT : 1;
    if (s->describable)
        e->describe += count;
    if (s->is_pods) {
        e->pods += count;
        cJSON_ArrayForEach(it, items)
            sample_pod(e, it);
    }
    if (s->is_nodes) {
        e->nodes += count;
        cJSON_ArrayForEach(it, items)
            sample_node(e, it);
    }
cleanup:
    cJSON_Delete(doc);
}

static void summary_done(void *ctx, const struct sb_http_result *res)
{
    struct est *e = ctx;
    cJSON *doc = NULL;
    const cJSON *pod, *c;

    if (res->code || !res->body)
        return;
    doc = cJSON_ParseWithLength(res->body->data, res->body->len);
    if (!cJSON_IsArray(sb_kjson_get(doc, "pods"))) {
        cJSON_Delete(doc);
        return;
    }
    e->r.kubelets++;
    cJSON_ArrayForEach(pod, sb_kjson_get(doc, "pods")) {
        cJSON_ArrayForEach(c, sb_kjson_get(pod, "containers")) {
            const cJSON *u = sb_kjson_get(sb_kjson_get(c, "logs"), "usedBytes");
            double b;
            if (!cJSON_IsNumber(u))
                continue;
            b = u->valuedouble < 0 ? 0 : u->valuedouble;
            e->log_sample++;
            e->log_sample_bytes += b > (double)e->o->max_log_bytes
                                   ? e->o->max_log_bytes : (uint64_t)b;
        }
    }
    cJSON_Delete(doc);
}

/* A log read whole (up to --max-log-bytes): one stream's size. */
static void log_done(void *ctx, const struct sb_http_result *res)
{
    struct est *e = ctx;

    if (res->code || !res->body)
        return;
    e->log_reads++;
    e->log_sample++;
    e->log_sample_bytes += res->body->len;
}

static int ask(struct sb_http *h, const char *path, size_t limit,
               sb_http_done_fn *done, void *ctx, struct sb_err *err)
{
    struct sb_http_request q = { 0 };

    q.path = path;
    q.max_body = limit;
    q.on_done = done;
    q.ctx = ctx;
    return sb_http_submit(h, &q, err);
}

/* One list per resource (per namespace asked); returns the requests. */
static int sample_lists(struct sb_http *h, const struct sb_discovery *d,
                        struct est *e, struct sample *s, size_t *n,
                        struct sb_err *err)
{
    size_t nns = e->o->nns ? e->o->nns : 1;
    char path[2048];
    int rc;

    *n = 0;
    for (size_t i = 0; i < d->n; i++) {
        const struct sb_resource *res = &d->res[i];
        bool pods = !strcmp(res->name, "pods");
        bool nodes = !strcmp(res->name, "nodes");
        for (size_t k = 0; k < (res->namespaced ? nns : 1); k++) {
            char *ens = NULL;
            if (res->namespaced && e->o->nns &&
                !(ens = curl_easy_escape(NULL, e->o->namespaces[k], 0)))
                return sb_err_set(err, SB_E_NOMEM, "out of memory");
            snprintf(path, sizeof(path), "%s%s%s/%s?limit=%d",
                     res->api_path, ens ? "/namespaces/" : "",
                     ens ? ens : "", res->plural,
                     pods || nodes ? PAGE_LIMIT : 1);
            curl_free(ens);
            s[*n].e = e;
            s[*n].res = res;
            s[*n].describable = sb_describe_supports(res->name);
            s[*n].is_pods = pods;
            s[*n].is_nodes = nodes;
            rc = ask(h, path, SAMPLE_BODY_MAX, list_done, &s[*n], err);
            if (rc)
                return rc;
            (*n)++;
        }
    }
    return 0;
}

static void human(uint64_t b, char *out, size_t n)
{
    if (b >= (uint64_t)10 << 30)
        snprintf(out, n, "%.1f GiB", (double)b / (1 << 30));
    else if (b >= (uint64_t)10 << 20)
        snprintf(out, n, "%.0f MiB", (double)b / (1 << 20));
    else if (b >= (uint64_t)1 << 20)
        snprintf(out, n, "%.1f MiB", (double)b / (1 << 20));
    else
        snprintf(out, n, "%.0f KiB", (double)b / 1024);
}

/* From the samples to the run's figures. */
static void extrapolate(struct est *e, int64_t elapsed_ms, size_t asked)
{
    struct sb_estimate *r = &e->r;
    uint64_t per_stream, gpu_nodes, raw_describe, rounds, p;

    r->log_streams = e->pod_sample
        ? (uint64_t)((double)e->pods * (double)e->pod_streams /
                     (double)e->pod_sample + 0.5) : 0;
    per_stream = e->log_sample ? e->log_sample_bytes / e->log_sample
                               : e->o->max_log_bytes;
    r->log_bytes = r->log_streams * per_stream;
    gpu_nodes = e->node_sample
        ? (uint64_t)((double)e->nodes * (double)e->node_gpus /
                     (double)e->node_sample + 0.5) : 0;
    r->gpu_nodes = gpu_nodes;
    raw_describe = e->describe * DESCRIBE_BYTES;
    r->bundle_bytes = r->object_bytes / RATIO_OBJECTS +
                      r->log_bytes / RATIO_LOGS +
                      raw_describe / RATIO_DESCRIBE +
                      gpu_nodes * GPU_NODE_BYTES / RATIO_LOGS;
    if (e->o->max_size && r->bundle_bytes > e->o->max_size)
        r->bundle_bytes = e->o->max_size;
    r->requests = e->pages + r->log_streams + gpu_nodes * GPU_NODE_REQUESTS;
    /* requests / parallelism rounds, each as long as one was here */
    p = (uint64_t)(e->o->parallel > 0 ? e->o->parallel : 16);
    rounds = (asked + p - 1) / p;
    r->ms_per_request = rounds ? (double)elapsed_ms / (double)rounds : 0;
    r->duration_ms = (int64_t)((double)((r->requests + p - 1) / p) *
                               r->ms_per_request);
}

static void print(const struct est *e, FILE *out)
{
    const struct sb_estimate *r = &e->r;
    char ob[32], lb[32], bb[32];

    human(r->object_bytes, ob, sizeof(ob));
    human(r->log_bytes, lb, sizeof(lb));
    human(r->bundle_bytes, bb, sizeof(bb));
    fprintf(out, "estimate: %llu objects%s in %llu lists (%s of JSON), "
            "%llu log streams (%s, %s), %llu GPU nodes\n",
            (unsigned long long)r->objects, r->uncounted ? " or more" : "",
            (unsigned long long)r->resources, ob,
            (unsigned long long)r->log_streams, lb,
            r->kubelets ? "from the kubelets' log sizes"
            : e->log_reads ? "from a sample of logs"
                           : "each at --max-log-bytes: nothing said",
            (unsigned long long)r->gpu_nodes);
    /* a small cluster on a near API takes tens of milliseconds: one
     * decimal would say "0.0 s" */
    fprintf(out, "estimate: bundle about %s compressed%s; about %llu "
            "requests, %.*f s at %d in flight (%.1f ms a round here)\n", bb,
            e->o->max_size && r->bundle_bytes >= e->o->max_size
            ? " (--max-size: oldest log lines trimmed to fit)" : "",
            (unsigned long long)r->requests,
            r->duration_ms < 10000 ? 2 : 1, (double)r->duration_ms / 1000.0,
            e->o->parallel > 0 ? e->o->parallel : 16, r->ms_per_request);
}

int sb_estimate_run(struct sb_http *h, const struct sb_discovery *d,
                    const struct sb_estimate_opts *o, FILE *out,
                    struct sb_estimate *est, struct sb_err *err)
{
    struct est e;
    struct sample *s = NULL;
    size_t n = 0, nns = o->nns ? o->nns : 1;
    int64_t t0 = sb_time_mono_ms(), elapsed;
    char path[1024];
    int rc;

    memset(&e, 0, sizeof(e));
    e.o = o;
    s = sb_calloc(d->n * nns + 1, sizeof(*s));
    if (!s) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    rc = sample_lists(h, d, &e, s, &n, err);
    if (rc)
        goto cleanup;
    sb_http_run(h, o->deadline, o->stop);
    elapsed = sb_time_mono_ms() - t0;
    if (!e.answered) {
        rc = sb_err_set(err, SB_E_NET, "cannot estimate: no list was "
                        "answered");
        goto cleanup;
    }
    for (int k = 0; k < e.nkubelet; k++) {
        char *en = curl_easy_escape(NULL, e.kubelet[k], 0);
        if (!en) {
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
            goto cleanup;
        }
        snprintf(path, sizeof(path), "/api/v1/nodes/%s/proxy/stats/summary",
                 en);
        curl_free(en);
        rc = ask(h, path, SAMPLE_BODY_MAX, summary_done, &e, err);
        if (rc)
            goto cleanup;
    }
    sb_http_run(h, o->deadline, o->stop);
    /* no kubelet said: read a few logs, as the run would */
    for (int k = 0; !e.r.kubelets && k < e.nlog; k++) {
        rc = ask(h, e.log_path[k], o->max_log_bytes + 1, log_done, &e, err);
        if (rc)
            goto cleanup;
    }
    sb_http_run(h, o->deadline, o->stop);
    extrapolate(&e, elapsed, n);
    print(&e, out);
    if (est)
        *est = e.r;
cleanup:
    for (int k = 0; k < e.nkubelet; k++)
        sb_free(e.kubelet[k]);
    for (int k = 0; k < e.nlog; k++)
        sb_free(e.log_path[k]);
    sb_free(s);
    return rc;
}
