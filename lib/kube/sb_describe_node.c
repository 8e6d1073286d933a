/*
 * Nodes: conditions, capacity, system info, and the pods on the node with
 * their requests and limits as shares of what the node can allocate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_describe_int.h"

#define ROLE_PREFIX "node-role.kubernetes.io/"

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* findNodeRoles: a sorted set from node-role.kubernetes.io/<role> keys
 * and kubernetes.io/role values */
static void roles(struct dw *w, const cJSON *labels, struct sb_buf *b)
{
    const cJSON *c;
    const char **v;
    size_t n = 0, i;

    for (c = cJSON_IsObject(labels) ? labels->child : NULL; c; c = c->next)
        n++;
    if (!n)
        return;
    v = sb_calloc(n, sizeof(*v));
    if (!v) {
        sb_dw_fail(w, SB_E_NOMEM);
        return;
    }
    n = 0;
    for (c = labels->child; c; c = c->next) {
        const char *k = c->string ? c->string : "";

        if (!strncmp(k, ROLE_PREFIX, strlen(ROLE_PREFIX))) {
            if (k[strlen(ROLE_PREFIX)])
                v[n++] = k + strlen(ROLE_PREFIX);
        } else if (!strcmp(k, "kubernetes.io/role") && cJSON_IsString(c) &&
                   *c->valuestring) {
            v[n++] = c->valuestring;
        }
    }
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_cstr);
    for (i = 0; i < n; i++)
        if (!i || strcmp(v[i], v[i - 1]))
            sb_dbuf_addf(w, b, "%s%s", b->len ? "," : "", v[i]);
    sb_free(v);
}

static void lease(struct dw *w, const cJSON *l)
{
    const cJSON *spec = dobj(l, "spec");
    char t[64];

    sb_dw_write(w, 0, "Lease:\n");
    sb_dw_write(w, 1, "HolderIdentity:\t%s\n", cJSON_IsString(dj(spec,
             "holderIdentity")) ? ds(spec, "holderIdentity") : "<unset>");
    sb_dw_write(w, 1, "AcquireTime:\t%s\n", dpresent(spec, "acquireTime")
             ? sb_dtime(spec, "acquireTime", t) : "<unset>");
    sb_dw_write(w, 1, "RenewTime:\t%s\n", dpresent(spec, "renewTime")
             ? sb_dtime(spec, "renewTime", t) : "<unset>");
}

static void resource_list(struct dw *w, const char *title, const cJSON *list)
{
    const char **keys;
    size_t n = sb_dkeys(w, list, &keys), i;
    char q[64];

    if (!n)
        return;
    sb_dw_write(w, 0, "%s:\n", title);
    for (i = 0; i < n; i++) {
        struct sb_qty v = dq_get(list, keys[i]);

        sb_dw_write(w, 0, "  %s:\t%s\n", keys[i], sb_qty_str(&v, q));
    }
    sb_free(keys);
}

/* int64(float64(a) / float64(b) * 100) as Go computes it on amd64, where
 * a non-finite result converts to the smallest int64 */
static long long pct(int64_t a, int64_t b)
{
    double x = (double)a / (double)b * 100;

    if (x != x || x >= 9.2e18 || x <= -9.2e18)
        return (long long)INT64_MIN;
    return (long long)x;
}

static long long pct_or_zero(int64_t a, int64_t b)
{
    return b ? pct(a, b) : 0;
}

static bool non_terminated_on(const cJSON *pod, const char *node)
{
    const char *phase = sb_dsp(pod, "status", "phase", NULL);

    return !strcmp(sb_dsp(pod, "spec", "nodeName", NULL), node) &&
           strcmp(phase, "Succeeded") && strcmp(phase, "Failed");
}

/* the API server lists pods in storage key order: "<namespace>/<name>" */
static int cmp_pod_key(const cJSON *a, const cJSON *b)
{
    const char *na = sb_dsp(a, "metadata", "namespace", NULL);
    const char *nb = sb_dsp(b, "metadata", "namespace", NULL);
    size_t la = strlen(na), lb = strlen(nb), m = la < lb ? la : lb;
    int c = strncmp(na, nb, m);

    if (c)
        return c;
    if (la != lb)
        return la < lb ? ((unsigned char)'/' < (unsigned char)nb[m] ? -1 : 1)
                       : ((unsigned char)na[m] < (unsigned char)'/' ? -1 : 1);
    return strcmp(sb_dsp(a, "metadata", "name", NULL),
                  sb_dsp(b, "metadata", "name", NULL));
}

struct totals {
    const char *name;
    struct sb_qty req, lim;
};

static void pods_table(struct dw *w, const cJSON *node, const cJSON *pods)
{
    const cJSON *st = dobj(node, "status");
    const cJSON *alloc = dobj(st, "allocatable"), *p;
    const char *name = sb_dsp(node, "metadata", "name", NULL);
    const cJSON **v = NULL;
    size_t n = 0, i;
    struct sb_qty acpu, amem;

    if (!alloc || !alloc->child)
        alloc = dobj(st, "capacity");
    acpu = dq_get(alloc, "cpu");
    amem = dq_get(alloc, "memory");
    cJSON_ArrayForEach(p, dlist(pods))
        if (non_terminated_on(p, name))
            n++;
    if (n) {
        v = sb_calloc(n, sizeof(*v));
        if (!v) {
            sb_dw_fail(w, SB_E_NOMEM);
            return;
        }
        n = 0;
        cJSON_ArrayForEach(p, pods)
            if (non_terminated_on(p, name))
                v[n++] = p;
        sb_dsort(v, n, cmp_pod_key);
    }
    sb_dw_write(w, 0, "Non-terminated Pods:\t(%zu in total)\n", n);
    sb_dw_write(w, 1, "Namespace\tName\t\tCPU Requests\tCPU Limits\t"
             "Memory Requests\tMemory Limits\tAge\n");
    sb_dw_write(w, 1, "---------\t----\t\t------------\t----------\t"
             "---------------\t-------------\t---\n");
    for (i = 0; i < n; i++) {
        struct sb_qty creq, clim, mreq, mlim;
        char a[64], b[64], c[64], d[64], age[32];

        sb_dpod_reqlim(v[i], "cpu", &creq, &clim);
        sb_dpod_reqlim(v[i], "memory", &mreq, &mlim);
        sb_dw_write(w, 1, "%s\t%s\t\t%s (%lld%%)\t%s (%lld%%)\t%s (%lld%%)\t"
                 "%s (%lld%%)\t%s\n",
                 sb_dsp(v[i], "metadata", "namespace", NULL),
                 sb_dsp(v[i], "metadata", "name", NULL),
                 sb_qty_str(&creq, a), pct(sb_qty_milli(&creq), sb_qty_milli(&acpu)),
                 sb_qty_str(&clim, b), pct(sb_qty_milli(&clim), sb_qty_milli(&acpu)),
                 sb_qty_str(&mreq, c), pct(sb_qty_value(&mreq), sb_qty_value(&amem)),
                 sb_qty_str(&mlim, d), pct(sb_qty_value(&mlim), sb_qty_value(&amem)),
                 sb_dage(w, dj(v[i], "metadata"), "creationTimestamp", age));
    }
    sb_dw_write(w, 0, "Allocated resources:\n  (Total limits may be over 100 "
             "percent, i.e., overcommitted.)\n");
    sb_dw_write(w, 1, "Resource\tRequests\tLimits\n");
    sb_dw_write(w, 1, "--------\t--------\t------\n");
    {
        const char **keys;
        size_t nk = sb_dkeys(w, alloc, &keys), k, pass;
        static const char *const std[] = { "cpu", "memory",
                                           "ephemeral-storage" };

        for (k = 0; k < 3; k++) {
            struct sb_qty req = SB_QTY_ZERO, lim = SB_QTY_ZERO, al = dq_get(alloc, std[k]);
            char a[64], b[64];

            for (i = 0; i < n; i++) {
                struct sb_qty r, l;

                sb_dpod_reqlim(v[i], std[k], &r, &l);
                sb_qty_add(&req, &r);
                sb_qty_add(&lim, &l);
            }
            if (k == 0)
                sb_dw_write(w, 1, "%s\t%s (%lld%%)\t%s (%lld%%)\n", std[k],
                         sb_qty_str(&req, a),
                         pct_or_zero(sb_qty_milli(&req), sb_qty_milli(&al)),
                         sb_qty_str(&lim, b),
                         pct_or_zero(sb_qty_milli(&lim), sb_qty_milli(&al)));
            else
                sb_dw_write(w, 1, "%s\t%s (%lld%%)\t%s (%lld%%)\n", std[k],
                         sb_qty_str(&req, a),
                         pct_or_zero(sb_qty_value(&req), sb_qty_value(&al)),
                         sb_qty_str(&lim, b),
                         pct_or_zero(sb_qty_value(&lim), sb_qty_value(&al)));
        }
        /* huge pages first, then extended resources such as GPUs */
        for (pass = 0; pass < 2; pass++) {
            for (k = 0; k < nk; k++) {
                bool huge = !strncmp(keys[k], "hugepages-", 10);
                struct sb_qty req = SB_QTY_ZERO, lim = SB_QTY_ZERO;
                struct sb_qty al = dq_get(alloc, keys[k]);
                char a[64], b[64];

                if (pass == 0 ? !huge
                              : (huge || !strcmp(keys[k], "cpu") ||
                                 !strcmp(keys[k], "memory") ||
                                 !strcmp(keys[k], "ephemeral-storage") ||
                                 !strcmp(keys[k], "pods")))
                    continue;
                for (i = 0; i < n; i++) {
                    struct sb_qty r, l;

                    sb_dpod_reqlim(v[i], keys[k], &r, &l);
                    sb_qty_add(&req, &r);
                    sb_qty_add(&lim, &l);
                }
                if (huge)
                    sb_dw_write(w, 1, "%s\t%s (%lld%%)\t%s (%lld%%)\n", keys[k],
                             sb_qty_str(&req, a),
                             pct_or_zero(sb_qty_value(&req), sb_qty_value(&al)),
                             sb_qty_str(&lim, b),
                             pct_or_zero(sb_qty_value(&lim), sb_qty_value(&al)));
                else
                    sb_dw_write(w, 1, "%s\t%s\t%s\n", keys[k], sb_qty_str(&req, a),
                             sb_qty_str(&lim, b));
            }
        }
        sb_free(keys);
    }
    sb_free(v);
}

void sb_describe_node(struct dw *w, const cJSON *o,
                   const struct sb_describe_related *r)
{
    const cJSON *md = dobj(o, "metadata"), *spec = dobj(o, "spec");
    const cJSON *st = dobj(o, "status"), *c, *info;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    char t1[64], t2[64];

    sb_dw_write(w, 0, "Name:\t%s\n", ds(md, "name"));
    roles(w, dobj(md, "labels"), &b);
    sb_dw_write(w, 0, "Roles:\t%s\n", b.len ? sb_buf_str(&b) : "<none>");
    sb_buf_release(&b);
    sb_dp_labels(w, "", "Labels", "\t", dobj(md, "labels"));
    sb_dp_annotations(w, "Annotations", dobj(md, "annotations"));
    sb_dw_write(w, 0, "CreationTimestamp:\t%s\n",
             sb_dtime(md, "creationTimestamp", t1));
    sb_dp_taints(w, "Taints", darr(spec, "taints"));
    sb_dw_write(w, 0, "Unschedulable:\t%s\n",
             db(spec, "unschedulable") ? "true" : "false");
    if (r->lease)
        lease(w, r->lease);
    if (dlen(darr(st, "conditions"))) {
        sb_dw_write(w, 0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\t"
                 "LastTransitionTime\tReason\tMessage\n");
        sb_dw_write(w, 1, "----\t------\t-----------------\t"
                 "------------------\t------\t-------\n");
        cJSON_ArrayForEach(c, darr(st, "conditions"))
            sb_dw_write(w, 1, "%s \t%s \t%s \t%s \t%s \t%s\n", ds(c, "type"),
                     ds(c, "status"), sb_dtime(c, "lastHeartbeatTime", t1),
                     sb_dtime(c, "lastTransitionTime", t2), ds(c, "reason"),
                     ds(c, "message"));
    }
    sb_dw_write(w, 0, "Addresses:\n");
    cJSON_ArrayForEach(c, darr(st, "addresses"))
        sb_dw_write(w, 1, "%s:\t%s\n", ds(c, "type"), ds(c, "address"));
    resource_list(w, "Capacity", dobj(st, "capacity"));
    resource_list(w, "Allocatable", dobj(st, "allocatable"));
    info = dobj(st, "nodeInfo");
    sb_dw_write(w, 0, "System Info:\n");
    sb_dw_write(w, 0, "  Machine ID:\t%s\n", ds(info, "machineID"));
    sb_dw_write(w, 0, "  System UUID:\t%s\n", ds(info, "systemUUID"));
    sb_dw_write(w, 0, "  Boot ID:\t%s\n", ds(info, "bootID"));
    sb_dw_write(w, 0, "  Kernel Version:\t%s\n", ds(info, "kernelVersion"));
    sb_dw_write(w, 0, "  OS Image:\t%s\n", ds(info, "osImage"));
    sb_dw_write(w, 0, "  Operating System:\t%s\n", ds(info, "operatingSystem"));
    sb_dw_write(w, 0, "  Architecture:\t%s\n", ds(info, "architecture"));
    sb_dw_write(w, 0, "  Container Runtime Version:\t%s\n",
             ds(info, "containerRuntimeVersion"));
    sb_dw_write(w, 0, "  Kubelet Version:\t%s\n", ds(info, "kubeletVersion"));
    sb_dw_write(w, 0, "  Kube-Proxy Version:\t%s\n",
             ds(info, "kubeProxyVersion"));
    if (*ds(spec, "podCIDR"))
        sb_dw_write(w, 0, "PodCIDR:\t%s\n", ds(spec, "podCIDR"));
    if (dlen(darr(spec, "podCIDRs"))) {
        struct sb_buf cidrs = SB_BUF_INIT(SB_BUF_UNLIMITED);

        sb_djoin(w, darr(spec, "podCIDRs"), ",", &cidrs);
        sb_dw_write(w, 0, "PodCIDRs:\t%s\n", sb_buf_str(&cidrs));
        sb_buf_release(&cidrs);
    }
    if (*ds(spec, "providerID"))
        sb_dw_write(w, 0, "ProviderID:\t%s\n", ds(spec, "providerID"));
    pods_table(w, o, r->pods);
    sb_dp_events(w, o, r->events, "Node", false, ds(md, "name"));
}
