/*
 * Workloads: Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs.
 */
#include <stdio.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_describe_int.h"
#include "sb_time.h"

/* Go's *int32 fields that the API server always defaults: 1 replica */
static long long replicas_of(const cJSON *spec)
{
    return (long long)di(spec, "replicas", 1);
}

/* metav1.LabelSelectorAsSelector(...).String() */
static void selector_line(struct dw *w, const char *title, const cJSON *sel,
                          bool none_when_empty)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    if (!sb_dselector(w, sel, &b)) {
        sb_buf_reset(&b);
        sb_dbuf_adds(w, &b, "<error>");
    }
    sb_dw_write(w, 0, "%s:\t%s\n", title,
             !b.len && none_when_empty ? "<none>" : sb_buf_str(&b));
    sb_buf_release(&b);
}

/* getPodStatusForController: pods the selector lists (a missing selector
 * lists them all) whose controller is this object */
static void pod_counts(struct dw *w, const cJSON *o, const cJSON *sel,
                       const cJSON *pods)
{
    const char *uid = sb_dsp(o, "metadata", "uid", NULL);
    const char *ns = sb_dsp(o, "metadata", "namespace", NULL);
    int run = 0, wait = 0, ok = 0, fail = 0;
    const cJSON *p;

    cJSON_ArrayForEach(p, dlist(pods)) {
        const cJSON *ref = sb_dcontroller_ref(p);
        const char *phase = sb_dsp(p, "status", "phase", NULL);

        if (strcmp(sb_dsp(p, "metadata", "namespace", NULL), ns) || !ref ||
            strcmp(ds(ref, "uid"), uid))
            continue;
        if (sel && !cJSON_IsNull(sel) &&
            !sb_dselector_match(sel, dobj(dobj(p, "metadata"), "labels")))
            continue;
        if (!strcmp(phase, "Running"))
            run++;
        else if (!strcmp(phase, "Pending"))
            wait++;
        else if (!strcmp(phase, "Succeeded"))
            ok++;
        else if (!strcmp(phase, "Failed"))
            fail++;
    }
    sb_dw_write(w, 0, "Pods Status:\t%d Running / %d Waiting / %d Succeeded / "
             "%d Failed\n", run, wait, ok, fail);
}

static void conditions_short(struct dw *w, const cJSON *status)
{
    const cJSON *c;

    if (!dlen(darr(status, "conditions")))
        return;
    sb_dw_write(w, 0, "Conditions:\n  Type\tStatus\tReason\n");
    sb_dw_write(w, 1, "----\t------\t------\n");
    cJSON_ArrayForEach(c, darr(status, "conditions"))
        sb_dw_write(w, 1, "%s \t%s\t%s\n", ds(c, "type"), ds(c, "status"),
                 ds(c, "reason"));
}

/* ---- deployments ---------------------------------------------------- */

/* Semantic equality of two pod templates, ignoring pod-template-hash;
 * absent, null, empty and zero values compare equal, as they do between
 * Go structs decoded from either side. */
static bool is_zero(const cJSON *v)
{
    if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
        return true;
    if (cJSON_IsNumber(v))
        return v->valuedouble == 0;
    if (cJSON_IsString(v))
        return !v->valuestring || !*v->valuestring;
    if (cJSON_IsArray(v) || cJSON_IsObject(v))
        return !v->child;
    return false;
}

static bool same(const cJSON *a, const cJSON *b, int depth);

/* Objects member by member, both ways, leaving out 'skip'. */
static bool same_obj(const cJSON *a, const cJSON *b, int depth,
                     const char *skip)
{
    const cJSON *c;
    int pass;

    for (pass = 0; pass < 2; pass++) {
        const cJSON *x = pass ? b : a, *y = pass ? a : b;

        for (c = cJSON_IsObject(x) ? x->child : NULL; c; c = c->next) {
            const char *k = c->string ? c->string : "";

            if (skip && !strcmp(k, skip))
                continue;
            if (!same(c, dj(y, k), depth + 1))
                return false;
        }
    }
    return true;
}

static bool same(const cJSON *a, const cJSON *b, int depth)
{
    const cJSON *c, *d;

    if (depth > 64)
        return false;
    if (is_zero(a) && is_zero(b))
        return true;
    if (!a || !b)
        return false;
    if (cJSON_IsObject(a) && cJSON_IsObject(b))
        return same_obj(a, b, depth, NULL);
    if (cJSON_IsArray(a) && cJSON_IsArray(b)) {
        for (c = a->child, d = b->child; c && d; c = c->next, d = d->next)
            if (!same(c, d, depth + 1))
                return false;
        return !c && !d;
    }
    if (cJSON_IsString(a) && cJSON_IsString(b)) {
        struct sb_qty qa, qb;

        if (!strcmp(a->valuestring, b->valuestring))
            return true;
        /* quantities compare by value ("1000m" == "1") */
        return sb_qty_parse_json(a, &qa) && sb_qty_parse_json(b, &qb) && !sb_qty_cmp(&qa, &qb);
    }
    return cJSON_Compare(a, b, true);
}

static bool template_equal(const cJSON *a, const cJSON *b)
{
    const cJSON *ma = dobj(a, "metadata"), *mb = dobj(b, "metadata");

    return same_obj(dobj(ma, "labels"), dobj(mb, "labels"), 1,
                    "pod-template-hash") &&
           same_obj(ma, mb, 1, "labels") &&
           same(dj(a, "spec"), dj(b, "spec"), 1);
}

static int cmp_rs_age(const cJSON *a, const cJSON *b)
{
    __int128 ta = 0, tb = 0;

    sb_dtime_ns(dj(a, "metadata"), "creationTimestamp", &ta);
    sb_dtime_ns(dj(b, "metadata"), "creationTimestamp", &tb);
    if (ta != tb)
        return ta < tb ? -1 : 1;
    return strcmp(sb_dsp(a, "metadata", "name", NULL),
                  sb_dsp(b, "metadata", "name", NULL));
}

static void rs_list(struct dw *w, const cJSON **v, size_t n,
                    struct sb_buf *b)
{
    size_t i;

    for (i = 0; i < n; i++)
        sb_dbuf_addf(w, b, "%s%s (%lld/%lld replicas created)", i ? ", " : "",
                  sb_dsp(v[i], "metadata", "name", NULL),
                  (long long)di(dobj(v[i], "status"), "replicas", 0),
                  replicas_of(dobj(v[i], "spec")));
    if (!n)
        sb_dbuf_adds(w, b, "<none>");
}

static void replica_sets(struct dw *w, const cJSON *d, const cJSON *all)
{
    const cJSON *sel = dj(dobj(d, "spec"), "selector"), *rs;
    const cJSON *tmpl = dobj(dobj(d, "spec"), "template");
    const char *uid = sb_dsp(d, "metadata", "uid", NULL);
    const char *ns = sb_dsp(d, "metadata", "namespace", NULL);
    const cJSON **owned = NULL, **old = NULL, *fresh = NULL;
    size_t n = 0, nold = 0, i;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    n = (size_t)dlen(all);
    if (!n)
        return;
    owned = sb_calloc(n, sizeof(*owned));
    old = sb_calloc(n, sizeof(*old));
    if (!owned || !old) {
        sb_dw_fail(w, SB_E_NOMEM);
        goto cleanup;
    }
    n = 0;
    cJSON_ArrayForEach(rs, all) {
        const cJSON *ref = sb_dcontroller_ref(rs);

        if (!strcmp(sb_dsp(rs, "metadata", "namespace", NULL), ns) && ref &&
            !strcmp(ds(ref, "uid"), uid) && sb_dselector_match(sel,
            dobj(dobj(rs, "metadata"), "labels")))
            owned[n++] = rs;
    }
    sb_dsort(owned, n, cmp_rs_age);
    for (i = 0; i < n && !fresh; i++)
        if (template_equal(dobj(dobj(owned[i], "spec"), "template"), tmpl))
            fresh = owned[i];
    for (i = 0; i < n; i++)
        if (owned[i] != fresh)      /* kubectl lists empty ones too */
            old[nold++] = owned[i];
    if (nold || fresh) {
        rs_list(w, old, nold, &b);
        sb_dw_write(w, 0, "OldReplicaSets:\t%s\n", sb_buf_str(&b));
        sb_buf_reset(&b);
        rs_list(w, &fresh, fresh ? 1 : 0, &b);
        sb_dw_write(w, 0, "NewReplicaSet:\t%s\n", sb_buf_str(&b));
    }
cleanup:
    sb_buf_release(&b);
    sb_free(owned);
    sb_free(old);
}

static const char *intstr_or_nil(const cJSON *v, char buf[32])
{
    if (!v || cJSON_IsNull(v))
        return "<nil>";
    return sb_dintstr(v, buf);
}

void sb_describe_deployment(struct dw *w, const cJSON *o,
                         const struct sb_describe_related *r)
{
    const cJSON *md = dobj(o, "metadata"), *spec = dobj(o, "spec");
    const cJSON *st = dobj(o, "status"), *ru;
    char t[64], a[32], b[32];

    sb_dw_write(w, 0, "Name:\t%s\n", ds(md, "name"));
    sb_dw_write(w, 0, "Namespace:\t%s\n", ds(md, "namespace"));
    sb_dw_write(w, 0, "CreationTimestamp:\t%s\n",
             sb_dtime(md, "creationTimestamp", t));
    sb_dp_labels(w, "", "Labels", "\t", dobj(md, "labels"));
    sb_dp_annotations(w, "Annotations", dobj(md, "annotations"));
    selector_line(w, "Selector", dj(spec, "selector"), false);
    sb_dw_write(w, 0, "Replicas:\t%lld desired | %lld updated | %lld total | "
             "%lld available | %lld unavailable\n", replicas_of(spec),
             (long long)di(st, "updatedReplicas", 0),
             (long long)di(st, "replicas", 0),
             (long long)di(st, "availableReplicas", 0),
             (long long)di(st, "unavailableReplicas", 0));
    sb_dw_write(w, 0, "StrategyType:\t%s\n", sb_dsp(spec, "strategy", "type", NULL));
    sb_dw_write(w, 0, "MinReadySeconds:\t%lld\n",
             (long long)di(spec, "minReadySeconds", 0));
    ru = dobj(dobj(spec, "strategy"), "rollingUpdate");
    if (ru)
        sb_dw_write(w, 0, "RollingUpdateStrategy:\t%s max unavailable, %s max "
                 "surge\n", intstr_or_nil(dj(ru, "maxUnavailable"), a),
                 intstr_or_nil(dj(ru, "maxSurge"), b));
    sb_dp_pod_template(w, dobj(spec, "template"));
    conditions_short(w, st);
    replica_sets(w, o, r->replicasets);
    sb_dp_events(w, o, r->events, "Deployment", false, NULL);
}

/* ---- replica sets --------------------------------------------------- */

void sb_describe_replicaset(struct dw *w, const cJSON *o,
                         const struct sb_describe_related *r)
{
    const cJSON *md = dobj(o, "metadata"), *spec = dobj(o, "spec");
    char owner[512];

    sb_dw_write(w, 0, "Name:\t%s\n", ds(md, "name"));
    sb_dw_write(w, 0, "Namespace:\t%s\n", ds(md, "namespace"));
    selector_line(w, "Selector", dj(spec, "selector"), true);
    sb_dp_labels(w, "", "Labels", "\t", dobj(md, "labels"));
    sb_dp_annotations(w, "Annotations", dobj(md, "annotations"));
    if (sb_dcontroller(o, owner, sizeof(owner)))
        sb_dw_write(w, 0, "Controlled By:\t%s\n", owner);
    sb_dw_write(w, 0, "Replicas:\t%lld current / %lld desired\n",
             (long long)di(dobj(o, "status"), "replicas", 0),
             replicas_of(spec));
    pod_counts(w, o, dj(spec, "selector"), r->pods);
    sb_dp_pod_template(w, dobj(spec, "template"));
    conditions_short(w, dobj(o, "status"));
    sb_dp_events(w, o, r->events, "ReplicaSet", false, NULL);
}

/* ---- stateful sets -------------------------------------------------- */

static const char *claim_class(const cJSON *pvc)
{
    const cJSON *a = dj(dobj(dobj(pvc, "metadata"), "annotations"),
                        "volume.beta.kubernetes.io/storage-class");

    if (cJSON_IsString(a))
        return a->valuestring;
    return sb_dsp(pvc, "spec", "storageClassName", NULL);
}

static void claim_templates(struct dw *w, const cJSON *list)
{
    const cJSON *p;

    if (!dlen(list)) {
        sb_dw_write(w, 0, "Volume Claims:\t<none>\n");
        return;
    }
    sb_dw_write(w, 0, "Volume Claims:\n");
    cJSON_ArrayForEach(p, list) {
        const cJSON *md = dobj(p, "metadata"), *spec = dobj(p, "spec");
        const cJSON *cap = dj(dobj(dobj(spec, "resources"), "requests"),
                              "storage");
        struct sb_buf modes = SB_BUF_INIT(SB_BUF_UNLIMITED);
        char q[64];

        sb_dw_write(w, 1, "Name:\t%s\n", ds(md, "name"));
        sb_dw_write(w, 1, "StorageClass:\t%s\n", claim_class(p));
        sb_dp_labels(w, "  ", "Labels", "\t", dobj(md, "labels"));
        sb_dp_labels(w, "  ", "Annotations", "\t", dobj(md, "annotations"));
        if (cap) {
            struct sb_qty v;

            sb_qty_parse_json(cap, &v);
            sb_dw_write(w, 1, "Capacity:\t%s\n", sb_qty_str(&v, q));
        } else {
            sb_dw_write(w, 1, "Capacity:\t%s\n", "<default>");
        }
        sb_dslice(w, darr(spec, "accessModes"), &modes);
        sb_dw_write(w, 1, "Access Modes:\t%s\n", sb_buf_str(&modes));
        sb_buf_release(&modes);
    }
}

void sb_describe_statefulset(struct dw *w, const cJSON *o,
                          const struct sb_describe_related *r)
{
    const cJSON *md = dobj(o, "metadata"), *spec = dobj(o, "spec");
    const cJSON *us = dobj(spec, "updateStrategy"), *ru;
    char t[64], a[32];

    sb_dw_write(w, 0, "Name:\t%s\n", ds(md, "name"));
    sb_dw_write(w, 0, "Namespace:\t%s\n", ds(md, "namespace"));
    sb_dw_write(w, 0, "CreationTimestamp:\t%s\n",
             sb_dtime(md, "creationTimestamp", t));
    selector_line(w, "Selector", dj(spec, "selector"), false);
    sb_dp_labels(w, "", "Labels", "\t", dobj(md, "labels"));
    sb_dp_annotations(w, "Annotations", dobj(md, "annotations"));
    sb_dw_write(w, 0, "Replicas:\t%lld desired | %lld total\n", replicas_of(spec),
             (long long)di(dobj(o, "status"), "replicas", 0));
    sb_dw_write(w, 0, "Update Strategy:\t%s\n", ds(us, "type"));
    ru = dobj(us, "rollingUpdate");
    if (ru && dj(ru, "partition") && cJSON_IsNumber(dj(ru, "partition"))) {
        sb_dw_write(w, 1, "Partition:\t%lld\n", (long long)di(ru, "partition", 0));
        if (dpresent(ru, "maxUnavailable"))
            sb_dw_write(w, 1, "MaxUnavailable:\t%s\n",
                     sb_dintstr(dj(ru, "maxUnavailable"), a));
    }
    pod_counts(w, o, dj(spec, "selector"), r->pods);
    sb_dp_pod_template(w, dobj(spec, "template"));
    claim_templates(w, darr(spec, "volumeClaimTemplates"));
    sb_dp_events(w, o, r->events, "StatefulSet", false, NULL);
}

/* ---- daemon sets ---------------------------------------------------- */

void sb_describe_daemonset(struct dw *w, const cJSON *o,
                        const struct sb_describe_related *r)
{
    const cJSON *md = dobj(o, "metadata"), *spec = dobj(o, "spec");
    const cJSON *st = dobj(o, "status");
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    sb_dw_write(w, 0, "Name:\t%s\n", ds(md, "name"));
    selector_line(w, "Selector", dj(spec, "selector"), false);
    sb_dformat_labels(w, dobj(dobj(dobj(spec, "template"), "spec"),
                           "nodeSelector"), &b);
    sb_dw_write(w, 0, "Node-Selector:\t%s\n", sb_buf_str(&b));
    sb_buf_release(&b);
    sb_dp_labels(w, "", "Labels", "\t", dobj(md, "labels"));
    sb_dp_annotations(w, "Annotations", dobj(md, "annotations"));
    sb_dw_write(w, 0, "Desired Number of Nodes Scheduled: %lld\n",
             (long long)di(st, "desiredNumberScheduled", 0));
    sb_dw_write(w, 0, "Current Number of Nodes Scheduled: %lld\n",
             (long long)di(st, "currentNumberScheduled", 0));
    sb_dw_write(w, 0, "Number of Nodes Scheduled with Up-to-date Pods: %lld\n",
             (long long)di(st, "updatedNumberScheduled", 0));
    sb_dw_write(w, 0, "Number of Nodes Scheduled with Available Pods: %lld\n",
             (long long)di(st, "numberAvailable", 0));
    sb_dw_write(w, 0, "Number of Nodes Misscheduled: %lld\n",
             (long long)di(st, "numberMisscheduled", 0));
    pod_counts(w, o, dj(spec, "selector"), r->pods);
    sb_dp_pod_template(w, dobj(spec, "template"));
    sb_dp_events(w, o, r->events, "DaemonSet", false, NULL);
}

/* ---- jobs ----------------------------------------------------------- */

static void completed_indexes(struct dw *w, const char *s)
{
    size_t len = strlen(s), ix = 50;

    if (!len) {
        sb_dw_write(w, 0, "Completed Indexes:\t<none>\n");
        return;
    }
    while (ix < len && s[ix] != ',')
        ix++;
    if (ix >= len)
        sb_dw_write(w, 0, "Completed Indexes:\t%s\n", s);
    else
        sb_dw_write(w, 0, "Completed Indexes:\t%.*s...\n", (int)ix + 1, s);
}

void sb_describe_job(struct dw *w, const cJSON *o,
                  const struct sb_describe_related *r)
{
    const cJSON *md = dobj(o, "metadata"), *spec = dobj(o, "spec");
    const cJSON *st = dobj(o, "status");
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    char owner[512], t[64];
    int64_t v;

    sb_dw_write(w, 0, "Name:\t%s\n", ds(md, "name"));
    sb_dw_write(w, 0, "Namespace:\t%s\n", ds(md, "namespace"));
    if (sb_dselector(w, dj(spec, "selector"), &b))
        sb_dw_write(w, 0, "Selector:\t%s\n", sb_buf_str(&b));
    else
        sb_dw_write(w, 0, "Selector:\tFailed to get selector: invalid label "
                 "selector operator\n");
    sb_buf_release(&b);
    sb_dp_labels(w, "", "Labels", "\t", dobj(md, "labels"));
    sb_dp_annotations(w, "Annotations", dobj(md, "annotations"));
    if (sb_dcontroller(o, owner, sizeof(owner)))
        sb_dw_write(w, 0, "Controlled By:\t%s\n", owner);
    if (dhas_num(spec, "parallelism", &v))
        sb_dw_write(w, 0, "Parallelism:\t%lld\n", (long long)v);
    if (dhas_num(spec, "completions", &v))
        sb_dw_write(w, 0, "Completions:\t%lld\n", (long long)v);
    else
        sb_dw_write(w, 0, "Completions:\t<unset>\n");
    if (cJSON_IsString(dj(spec, "completionMode")))
        sb_dw_write(w, 0, "Completion Mode:\t%s\n", ds(spec, "completionMode"));
    if (cJSON_IsBool(dj(spec, "suspend")))
        sb_dw_write(w, 0, "Suspend:\t%s\n", db(spec, "suspend") ? "true" : "false");
    if (dhas_num(spec, "backoffLimit", &v))
        sb_dw_write(w, 0, "Backoff Limit:\t%lld\n", (long long)v);
    if (dhas_num(spec, "ttlSecondsAfterFinished", &v))
        sb_dw_write(w, 0, "TTL Seconds After Finished:\t%lld\n", (long long)v);
    if (dpresent(st, "startTime"))
        sb_dw_write(w, 0, "Start Time:\t%s\n", sb_dtime(st, "startTime", t));
    if (dpresent(st, "completionTime"))
        sb_dw_write(w, 0, "Completed At:\t%s\n", sb_dtime(st, "completionTime", t));
    if (dpresent(st, "startTime") && dpresent(st, "completionTime")) {
        __int128 a = 0, c = 0;
        char d[32];

        sb_dtime_ns(st, "startTime", &a);
        sb_dtime_ns(st, "completionTime", &c);
        sb_dw_write(w, 0, "Duration:\t%s\n",
                 sb_time_age(sb_time_diff(0, 0, (int64_t)((c - a) /
                                                          1000000000),
                                          (long)((c - a) % 1000000000)), d));
    }
    if (dhas_num(spec, "activeDeadlineSeconds", &v))
        sb_dw_write(w, 0, "Active Deadline Seconds:\t%llds\n", (long long)v);
    if (!dhas_num(st, "ready", &v))
        sb_dw_write(w, 0, "Pods Statuses:\t%lld Active / %lld Succeeded / %lld "
                 "Failed\n", (long long)di(st, "active", 0),
                 (long long)di(st, "succeeded", 0),
                 (long long)di(st, "failed", 0));
    else
        sb_dw_write(w, 0, "Pods Statuses:\t%lld Active (%lld Ready) / %lld "
                 "Succeeded / %lld Failed\n", (long long)di(st, "active", 0),
                 (long long)v, (long long)di(st, "succeeded", 0),
                 (long long)di(st, "failed", 0));
    if (!strcmp(ds(spec, "completionMode"), "Indexed"))
        completed_indexes(w, ds(st, "completedIndexes"));
    sb_dp_pod_template(w, dobj(spec, "template"));
    sb_dp_events(w, o, r->events, "Job", false, NULL);
}
