/*
 * collect's GPU step: once the nodes and pods are listed, each GPU node's
 * DCGM exporter metrics (through the pod proxy) and its kernel logs
 * (through the node proxy). Apart because it reaches past the API
 * server, to exporters and kubelets, and runs only when both lists are
 * in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_collect_int.h"
#include "sb_alloc.h"

#define PROM_BODY_MAX ((size_t)64 * 1024 * 1024)
#define DIR_BODY_MAX ((size_t)1024 * 1024)
#define DCGM_PORT 9400
/* exporters remembered, at most: one a GPU node, and Kubernetes is
 * tested to 5,000 nodes; a hostile list of pods cannot grow the array
 * further */
#define EXPORTERS_MAX 100000
#define SB_STR_(x) #x
#define SB_STR(x) SB_STR_(x)

/* An exporter that could not be remembered: its node's metrics will be
 * missing, so the bundle says so; past the limit once, not once a pod. */
static void exporter_lost(struct run *r, const char *ns, const char *pod)
{
    char target[600];

    if (r->nexp >= EXPORTERS_MAX) {
        if (!r->exp_capped)
            sb_col_add_gap(r, C_DCGM, "DCGM exporters", 0, "more than "
                           SB_STR(EXPORTERS_MAX) " exporter pods: the "
                           "metrics of the others are not collected");
        r->exp_capped = true;
        return;
    }
    snprintf(target, sizeof(target), "%s/%s", ns, pod);
    sb_col_add_gap(r, C_DCGM, target, 0, "out of memory");
}

/* A DCGM exporter pod: remembered to reach its node's GPU metrics. */
void sb_col_note_exporter(struct run *r, const cJSON *pod)
{
    const cJSON *md = jget(pod, "metadata"), *labels = jget(md, "labels");
    const char *name = jstr(md, "name"), *ns = jstr(md, "namespace");
    const char *node = jstr(jget(pod, "spec"), "nodeName");
    const char *app = jstr(labels, "app");
    const char *kname = jstr(labels, "app.kubernetes.io/name");
    const cJSON *c, *p;
    struct exporter *e;
    int port = 0;

    if (!name || !ns || !node)
        return;
    if (!(app && strstr(app, "dcgm-exporter")) &&
        !(kname && strstr(kname, "dcgm-exporter")) &&
        !strstr(name, "dcgm-exporter"))
        return;
    if (strcmp(jstr(jget(pod, "status"), "phase") ?
               jstr(jget(pod, "status"), "phase") : "Running", "Running"))
        return;
    cJSON_ArrayForEach(c, jget(jget(pod, "spec"), "containers"))
        cJSON_ArrayForEach(p, jget(c, "ports")) {
            const cJSON *cp = jget(p, "containerPort");
            const char *pn = jstr(p, "name");
            if (!cJSON_IsNumber(cp))
                continue;
            if (!port || (pn && strstr(pn, "metrics")) ||
                cp->valueint == DCGM_PORT)
                port = cp->valueint;
        }
    if (SB_ARRAY_GROW(r->exp, r->nexp + 1, r->exp_alloc, EXPORTERS_MAX)) {
        exporter_lost(r, ns, name);
        return;
    }
    e = &r->exp[r->nexp];
    e->ns = sb_strdup(ns);
    e->pod = sb_strdup(name);
    e->node = sb_strdup(node);
    e->port = port ? port : DCGM_PORT;
    e->seq = r->nexp;
    if (!e->ns || !e->pod || !e->node) {
        sb_free(e->ns);
        sb_free(e->pod);
        sb_free(e->node);
        exporter_lost(r, ns, name);
        return;
    }
    r->nexp++;
}


/* ---- GPU nodes ------------------------------------------------------- */

static bool is_gpu_node(const cJSON *node)
{
    const cJSON *cap = jget(jget(node, "status"), "capacity");
    const char *n = jstr(cap, "nvidia.com/gpu");
    const char *present = jstr(jget(jget(node, "metadata"), "labels"),
                               "nvidia.com/gpu.present");

    return (n && strcmp(n, "0")) || (present && !strcmp(present, "true"));
}

struct prom_job {
    struct run *r;
    char *path, *target;
};

static void prom_done(void *ctx, const struct sb_http_result *res)
{
    struct prom_job *j = ctx;
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);

    if (res->code) {
        sb_col_add_gap(j->r, C_DCGM, j->target, res->status, res->error);
    } else if (sb_col_redact_text(j->r, res->body->data ? res->body->data : "",
                               res->body->len, &out)) {
        sb_col_add_gap(j->r, C_DCGM, j->target, 0, "out of memory");
    } else if (sb_col_add_member(j->r, j->path, out.data ? out.data : "",
                              out.len) == 0) {
        j->r->col[C_DCGM].items++;
    }
    sb_col_touch(j->r, C_DCGM);
    sb_buf_release(&out);
    sb_free(j->path);
    sb_free(j->target);
    sb_free(j);
}

static void fetch_dcgm(struct run *r, const char *node)
{
    const struct exporter *e = NULL;
    size_t lo = 0, hi = r->nexp;
    struct prom_job *j;
    char url[1200], path[600], sn[256];

    /* the first exporter of 'node' (sb_col_start_gpu sorted them by node) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(r->exp[mid].node, node) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < r->nexp && !strcmp(r->exp[lo].node, node))
        e = &r->exp[lo];
    sb_col_start(r, C_DCGM);
    if (!e) {
        /* nothing to collect: noted, not a gap */
        if (!r->col[C_DCGM].error[0])
            snprintf(r->col[C_DCGM].error, sizeof(r->col[C_DCGM].error),
                     "no DCGM exporter pod found on GPU node '%s'", node);
        return;
    }
    sb_col_safe_component(node, sn, sizeof(sn));
    snprintf(url, sizeof(url), "/api/v1/namespaces/%s/pods/%s:%d/proxy/"
             "metrics", e->ns, e->pod, e->port);
    snprintf(path, sizeof(path), "nodes/%s/dcgm-exporter.prom", sn);
    j = sb_calloc(1, sizeof(*j));
    if (j) {
        j->r = r;
        j->path = sb_strdup(path);
        j->target = sb_malloc(strlen(node) + strlen(e->pod) + 80);
    }
    if (!j || !j->path || !j->target) {
        if (j) {
            sb_free(j->path);
            sb_free(j->target);
        }
        sb_free(j);
        sb_col_add_gap(r, C_DCGM, node, 0, "out of memory");
        return;
    }
    sprintf(j->target, "DCGM exporter metrics of node '%s' (pod '%s/%s')",
            node, e->ns, e->pod);
    if (sb_col_submit(r, url, NULL, PROM_BODY_MAX, true, NULL, prom_done, j)) {
        sb_col_add_gap(r, C_DCGM, j->target, 0, "collection stopped");
        sb_free(j->path);
        sb_free(j->target);
        sb_free(j);
    }
}

struct dir_job {
    struct run *r;
    char *node;
};

static const char *const node_log_files[] = { "kern.log", "syslog",
                                              "messages" };

/* The node proxy's /logs/ is an HTML directory listing of <a href>s. */
static void dir_done(void *ctx, const struct sb_http_result *res)
{
    struct dir_job *j = ctx;
    struct run *r = j->r;
    char target[600];
    const char *p;
    bool found = false;

    snprintf(target, sizeof(target), "node logs of '%s'", j->node);
    if (res->code) {
        sb_col_add_gap(r, C_NODE_LOGS, target, res->status, res->error);
        goto cleanup;
    }
    for (size_t i = 0; i < 3; i++) {
        char href[64], url[1200], path[800], sn[256];
        snprintf(href, sizeof(href), "href=\"%s\"", node_log_files[i]);
        p = res->body->data ? strstr(res->body->data, href) : NULL;
        if (!p)
            continue;
        found = true;
        sb_col_safe_component(j->node, sn, sizeof(sn));
        snprintf(url, sizeof(url), "/api/v1/nodes/%s/proxy/logs/%s", j->node,
                 node_log_files[i]);
        snprintf(path, sizeof(path), "nodes/%s/logs/%s", sn,
                 node_log_files[i]);
        snprintf(target, sizeof(target), "node log '%s' of '%s'",
                 node_log_files[i], j->node);
        sb_col_start_log(r, C_NODE_LOGS, url, path, target, true);
    }
    if (!found && !r->col[C_NODE_LOGS].error[0])
        snprintf(r->col[C_NODE_LOGS].error,
                 sizeof(r->col[C_NODE_LOGS].error),
                 "no kern.log, syslog or messages on node '%s'", j->node);
cleanup:
    sb_col_touch(r, C_NODE_LOGS);
    sb_free(j->node);
    sb_free(j);
}

static void fetch_node_logs(struct run *r, const char *node)
{
    struct dir_job *j = sb_calloc(1, sizeof(*j));
    char url[1000];

    sb_col_start(r, C_NODE_LOGS);
    if (j) {
        j->r = r;
        j->node = sb_strdup(node);
    }
    if (!j || !j->node) {
        sb_free(j);
        sb_col_add_gap(r, C_NODE_LOGS, node, 0, "out of memory");
        return;
    }
    snprintf(url, sizeof(url), "/api/v1/nodes/%s/proxy/logs/", node);
    if (sb_col_submit(r, url, NULL, DIR_BODY_MAX, true, NULL, dir_done, j)) {
        sb_col_add_gap(r, C_NODE_LOGS, node, 0, "collection stopped");
        sb_free(j->node);
        sb_free(j);
    }
}

static void gpu_node(struct list_job *j, cJSON *n, void *ctx)
{
    const char *name = jstr(jget(n, "metadata"), "name");

    (void)ctx;
    if (!name || !is_gpu_node(n))
        return;
    fetch_dcgm(j->r, name);
    fetch_node_logs(j->r, name);
}

static int cmp_exporter(const void *a, const void *b)
{
    const struct exporter *x = a, *y = b;
    int c = strcmp(x->node, y->node);

    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

void sb_col_start_gpu(struct run *r)
{
    r->gpu_submitted = true;
    /* by node, so that each GPU node finds its exporter by bisection
     * (fetch_dcgm), the first found of a node first */
    if (r->nexp > 1)
        qsort(r->exp, r->nexp, sizeof(*r->exp), cmp_exporter);
    for (struct list_job *j = r->node_lists; j; j = j->kept_next)
        sb_col_each_item(j, 0, j->nix, gpu_node, NULL);
}
