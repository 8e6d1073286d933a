/*
 * Server-side printers: the columns and cell values of
 * k8s.io/kubernetes/pkg/printers/internalversion for the common kinds,
 * computed from the objects' JSON.
 *
 * One file, though long, on purpose: it is a catalogue. Each kind is a
 * column table and a row function, registered in the one printers[]
 * table that sb_kprint_table looks kinds up in, and they share a dozen
 * small JSON-to-cell helpers at the top. Split by family of kinds, every
 * row function and column table would become an exported name in a header
 * only to be put back into that table, and adding a kind would touch
 * three files instead of one. The sections follow the families of kinds;
 * a reader looks for one kind, never reads the file whole.
 */
#include "sb_kprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_kjson.h"
#include "sb_pod_status.h"
#include "sb_quantity.h"
#include "sb_time.h"

struct col {
    const char *name;
    const char *type;
    const char *format;
    int priority;
    const char *description;
};

typedef void row_fn(const cJSON *obj, int64_t now, cJSON *cells);

struct printer {
    const char *group;
    const char *plural;
    const struct col *cols;
    row_fn *row;
};

/* ---- small JSON helpers ---- */

/* The printers read dotted paths; sb_kjson says what absent means. */
static const char *jstr_or(const cJSON *obj, const char *path,
                           const char *dflt)
{
    const char *s = sb_kjson_pstr(obj, path);

    return (s && *s) ? s : dflt;
}

static long long jint(const cJSON *obj, const char *path)
{
    return (long long)sb_kjson_pint(obj, path, 0);
}

static void add_str(cJSON *cells, const char *s)
{
    cJSON_AddItemToArray(cells, cJSON_CreateString(s ? s : ""));
}

static void add_int(cJSON *cells, long long v)
{
    cJSON_AddItemToArray(cells, cJSON_CreateNumber((double)v));
}

static void add_fmt(cJSON *cells, const char *fmt, ...) SB_PRINTF(2, 3);
static void add_fmt(cJSON *cells, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    add_str(cells, buf);
}

static void add_age(cJSON *cells, const cJSON *obj, int64_t now)
{
    char buf[32];

    add_str(cells, sb_time_since(sb_kjson_pstr(obj, "metadata.creationTimestamp"), now,
                                 buf));
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* labels.FormatLabels: sorted "k=v" joined by ',', "<none>" if empty. */
static void format_map(const cJSON *m, char *out, size_t n)
{
    const char *keys[128];
    size_t k = 0, i, used = 0;
    const cJSON *c;

    cJSON_ArrayForEach(c, m)
        if (c->string && k < 128)
            keys[k++] = c->string;
    qsort(keys, k, sizeof(keys[0]), str_cmp);
    out[0] = '\0';
    for (i = 0; i < k && used < n; i++) {
        /* label keys hold dots: not a path */
        const cJSON *vj = cJSON_GetObjectItemCaseSensitive(m, keys[i]);
        const char *v = cJSON_IsString(vj) ? vj->valuestring : NULL;
        int w = snprintf(out + used, n - used, "%s%s=%s", i ? "," : "",
                         keys[i], v ? v : "");

        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (!k)
        snprintf(out, n, "<none>");
}

/* metav1.LabelSelector as text: matchLabels then matchExpressions. */
static void format_selector(const cJSON *sel, char *out, size_t n)
{
    const cJSON *ml = cJSON_GetObjectItemCaseSensitive(sel, "matchLabels");
    const cJSON *me = cJSON_GetObjectItemCaseSensitive(sel,
                                                       "matchExpressions");
    const cJSON *e, *v;
    size_t used;

    if (cJSON_GetArraySize(ml) > 0)
        format_map(ml, out, n);
    else
        out[0] = '\0';
    used = strlen(out);
    cJSON_ArrayForEach(e, me) {
        const char *key = sb_kjson_pstr(e, "key"), *op = sb_kjson_pstr(e, "operator");
        bool first = true;

        if (!key || !op || used >= n)
            continue;
        if (used)
            used += (size_t)snprintf(out + used, n - used, ",");
        if (!strcmp(op, "Exists"))
            used += (size_t)snprintf(out + used, n - used, "%s", key);
        else if (!strcmp(op, "DoesNotExist"))
            used += (size_t)snprintf(out + used, n - used, "!%s", key);
        else {
            used += (size_t)snprintf(out + used, n - used, "%s %s (", key,
                                     !strcmp(op, "In") ? "in" : "notin");
            cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(e,
                                                                   "values"))
                if (cJSON_IsString(v) && used < n) {
                    used += (size_t)snprintf(out + used, n - used, "%s%s",
                                             first ? "" : ",",
                                             v->valuestring);
                    first = false;
                }
            if (used < n)
                used += (size_t)snprintf(out + used, n - used, ")");
        }
    }
    if (used >= n && n)
        out[n - 1] = '\0';
}

/* Container names and images of a pod template, joined by ','. */
static void add_containers(cJSON *cells, const cJSON *podspec,
                           bool images)
{
    char buf[2048];
    size_t used = 0;
    const cJSON *c;

    buf[0] = '\0';
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(podspec,
                                                           "containers")) {
        const char *v = sb_kjson_pstr(c, images ? "image" : "name");

        if (used < sizeof(buf))
            used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s",
                                     used ? "," : "", v ? v : "");
    }
    add_str(cells, buf);
}

static void add_wide_workload(cJSON *cells, const cJSON *obj, bool selector)
{
    const cJSON *ps = sb_kjson_pget(obj, "spec.template.spec");
    char buf[2048];

    add_containers(cells, ps, false);
    add_containers(cells, ps, true);
    if (selector) {
        format_selector(sb_kjson_pget(obj, "spec.selector"), buf, sizeof(buf));
        add_str(cells, buf);
    }
}

/* ---- pods ---- */

static bool has_condition(const cJSON *conds, const char *type,
                          const char *status)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, conds) {
        const char *t = sb_kjson_pstr(c, "type"), *s = sb_kjson_pstr(c, "status");

        if (t && !strcmp(t, type) && (!status || (s && !strcmp(s, status))))
            return true;
    }
    return false;
}

char *sb_kprint_pod_status(const cJSON *pod, char out[64])
{
    struct sb_pod_status s;

    sb_pod_status(pod, &s);
    snprintf(out, 64, "%s", s.status);
    return out;
}

static const struct col pod_cols[] = {
    { "Name", "string", "name", 0, "Name must be unique within a namespace." },
    { "Ready", "string", "", 0, "The aggregate readiness state of this pod for accepting traffic." },
    { "Status", "string", "", 0, "The aggregate status of the containers in this pod." },
    { "Restarts", "string", "", 0, "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted." },
    { "Age", "string", "", 0, "CreationTimestamp is a timestamp representing the server time when this object was created." },
    { "IP", "string", "", 1, "The IP address assigned to the pod." },
    { "Node", "string", "", 1, "The name of the node the pod is bound to." },
    { "Nominated Node", "string", "", 1, "The node this pod is nominated to run on." },
    { "Readiness Gates", "string", "", 1, "The readiness gates of this pod." },
    { NULL, NULL, NULL, 0, NULL },
};

static void pod_row(const cJSON *pod, int64_t now, cJSON *cells)
{
    struct sb_pod_status s;
    const cJSON *gates = sb_kjson_pget(pod, "spec.readinessGates"), *g;
    const char *ip = NULL;
    char buf[32];

    sb_pod_status(pod, &s);
    add_str(cells, sb_kjson_pstr(pod, "metadata.name"));
    add_fmt(cells, "%d/%d", s.ready, s.total);
    add_str(cells, s.status);
    if (s.restarts && s.last_restart)
        add_fmt(cells, "%d (%s ago)", s.restarts,
                sb_time_age(sb_time_diff(s.last_restart, s.last_restart_ns,
                                         now, 0), buf));
    else
        add_fmt(cells, "%d", s.restarts);
    add_age(cells, pod, now);
    if (!ip) {
        const cJSON *ips = sb_kjson_pget(pod, "status.podIPs");

        ip = sb_kjson_pstr(cJSON_GetArrayItem(ips, 0), "ip");
    }
    if (!ip)
        ip = sb_kjson_pstr(pod, "status.podIP");
    add_str(cells, ip && *ip ? ip : "<none>");
    add_str(cells, jstr_or(pod, "spec.nodeName", "<none>"));
    add_str(cells, jstr_or(pod, "status.nominatedNodeName", "<none>"));
    if (cJSON_GetArraySize(gates) > 0) {
        int ok = 0;

        cJSON_ArrayForEach(g, gates) {
            const char *t = sb_kjson_pstr(g, "conditionType");

            if (t && has_condition(sb_kjson_pget(pod, "status.conditions"), t,
                                   "True"))
                ok++;
        }
        add_fmt(cells, "%d/%d", ok, cJSON_GetArraySize(gates));
    } else {
        add_str(cells, "<none>");
    }
}

/* ---- nodes ---- */

static const struct col node_cols[] = {
    { "Name", "string", "name", 0, "Name must be unique within a namespace." },
    { "Status", "string", "", 0, "The status of the node" },
    { "Roles", "string", "", 0, "The roles of the node" },
    { "Age", "string", "", 0, "CreationTimestamp is a timestamp representing the server time when this object was created." },
    { "Version", "string", "", 0, "Kubelet Version reported by the node." },
    { "Internal-IP", "string", "", 1, "List of addresses reachable to the node" },
    { "External-IP", "string", "", 1, "List of addresses reachable to the node" },
    { "OS-Image", "string", "", 1, "OS image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))." },
    { "Kernel-Version", "string", "", 1, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)." },
    { "Container-Runtime", "string", "", 1, "Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2)." },
    { NULL, NULL, NULL, 0, NULL },
};

static const char *node_address(const cJSON *node, const char *type)
{
    const cJSON *a;

    cJSON_ArrayForEach(a, sb_kjson_pget(node, "status.addresses")) {
        const char *t = sb_kjson_pstr(a, "type");

        if (t && !strcmp(t, type))
            return sb_kjson_pstr(a, "address");
    }
    return NULL;
}

static void node_row(const cJSON *node, int64_t now, cJSON *cells)
{
    const cJSON *c, *labels = sb_kjson_pget(node, "metadata.labels");
    const char *roles[64];
    char status[128] = "", rbuf[1024] = "";
    size_t nroles = 0, i, used = 0;
    const char *v;

    cJSON_ArrayForEach(c, sb_kjson_pget(node, "status.conditions")) {
        const char *t = sb_kjson_pstr(c, "type"), *s = sb_kjson_pstr(c, "status");

        if (t && !strcmp(t, "Ready"))
            snprintf(status, sizeof(status), "%s",
                     s && !strcmp(s, "True") ? "Ready" : "NotReady");
    }
    if (!status[0])
        snprintf(status, sizeof(status), "Unknown");
    if (sb_kjson_ptrue(node, "spec.unschedulable"))
        strncat(status, ",SchedulingDisabled",
                sizeof(status) - strlen(status) - 1);
    cJSON_ArrayForEach(c, labels) {
        const char *k = c->string;

        if (!k || nroles >= 64)
            continue;
        if (!strncmp(k, "node-role.kubernetes.io/", 24) && k[24])
            roles[nroles++] = k + 24;
        else if (!strcmp(k, "kubernetes.io/role") && cJSON_IsString(c) &&
                 c->valuestring[0])
            roles[nroles++] = c->valuestring;
    }
    qsort(roles, nroles, sizeof(roles[0]), str_cmp);
    for (i = 0; i < nroles && used < sizeof(rbuf); i++) {
        if (i && !strcmp(roles[i], roles[i - 1]))
            continue;
        used += (size_t)snprintf(rbuf + used, sizeof(rbuf) - used, "%s%s",
                                 used ? "," : "", roles[i]);
    }
    add_str(cells, sb_kjson_pstr(node, "metadata.name"));
    add_str(cells, status);
    add_str(cells, nroles ? rbuf : "<none>");
    add_age(cells, node, now);
    add_str(cells, sb_kjson_pstr(node, "status.nodeInfo.kubeletVersion"));
    v = node_address(node, "InternalIP");
    add_str(cells, v ? v : "<none>");
    v = node_address(node, "ExternalIP");
    add_str(cells, v ? v : "<none>");
    add_str(cells, jstr_or(node, "status.nodeInfo.osImage", "<unknown>"));
    add_str(cells, jstr_or(node, "status.nodeInfo.kernelVersion",
                           "<unknown>"));
    add_str(cells, jstr_or(node, "status.nodeInfo.containerRuntimeVersion",
                           "<unknown>"));
}

/* ---- events ---- */

static const struct col event_cols[] = {
    { "Last Seen", "string", "", 0, "The last time this event was seen" },
    { "Type", "string", "", 0, "Type of this event (Normal, Warning), new types could be added in the future." },
    { "Reason", "string", "", 0, "This should be a short, machine understandable string that gives the reason for the transition into the object's current status." },
    { "Object", "string", "", 0, "The object that this event is about." },
    { "Subobject", "string", "", 1, "The subobject (field path) this event is about." },
    { "Source", "string", "", 1, "The component reporting this event." },
    { "Message", "string", "", 0, "A human-readable description of the status of this operation." },
    { "First Seen", "string", "", 1, "The time at which the event was first recorded." },
    { "Count", "integer", "", 1, "The number of times this event has occurred." },
    { "Name", "string", "name", 1, "Name must be unique within a namespace." },
    { NULL, NULL, NULL, 0, NULL },
};

static void event_row(const cJSON *ev, int64_t now, cJSON *cells)
{
    char first[32], last[32], target[600], src[600], msg[4096];
    const char *kind = jstr_or(ev, "involvedObject.kind", "");
    const char *name = sb_kjson_pstr(ev, "involvedObject.name");
    const char *m = jstr_or(ev, "message", "");
    long long count = jint(ev, "count");
    size_t i, len;

    if (sb_kjson_pstr(ev, "firstTimestamp"))
        sb_time_since(sb_kjson_pstr(ev, "firstTimestamp"), now, first);
    else
        sb_time_since(sb_kjson_pstr(ev, "eventTime"), now, first);
    if (sb_kjson_pstr(ev, "lastTimestamp"))
        sb_time_since(sb_kjson_pstr(ev, "lastTimestamp"), now, last);
    else
        snprintf(last, sizeof(last), "%s", first);
    if (sb_kjson_pget(ev, "series")) {
        sb_time_since(sb_kjson_pstr(ev, "series.lastObservedTime"), now, last);
        count = jint(ev, "series.count");
    } else if (count == 0) {
        count = 1;
    }
    for (i = 0; kind[i] && i < 200; i++)
        target[i] = (char)((kind[i] >= 'A' && kind[i] <= 'Z') ? kind[i] + 32
                                                               : kind[i]);
    target[i] = '\0';
    if (name && *name)
        snprintf(target + i, sizeof(target) - i, "/%s", name);
    if (sb_kjson_pstr(ev, "source.component") && *sb_kjson_pstr(ev, "source.component")) {
        if (sb_kjson_pstr(ev, "source.host") && *sb_kjson_pstr(ev, "source.host"))
            snprintf(src, sizeof(src), "%s, %s", sb_kjson_pstr(ev, "source.component"),
                     sb_kjson_pstr(ev, "source.host"));
        else
            snprintf(src, sizeof(src), "%s", sb_kjson_pstr(ev, "source.component"));
    } else {
        const char *rc = jstr_or(ev, "reportingComponent", "");
        const char *ri = jstr_or(ev, "reportingInstance", "");

        snprintf(src, sizeof(src), "%s%s%s", rc, *ri ? ", " : "", ri);
    }
    while (*m == ' ' || *m == '\n' || *m == '\t')
        m++;
    snprintf(msg, sizeof(msg), "%s", m);
    len = strlen(msg);
    while (len && (msg[len - 1] == ' ' || msg[len - 1] == '\n' ||
                   msg[len - 1] == '\t'))
        msg[--len] = '\0';
    add_str(cells, last);
    add_str(cells, sb_kjson_pstr(ev, "type"));
    add_str(cells, sb_kjson_pstr(ev, "reason"));
    add_str(cells, target);
    add_str(cells, sb_kjson_pstr(ev, "involvedObject.fieldPath"));
    add_str(cells, src);
    add_str(cells, msg);
    add_str(cells, first);
    add_int(cells, count);
    add_str(cells, sb_kjson_pstr(ev, "metadata.name"));
}

/* ---- workloads ---- */

#define NAME_COL { "Name", "string", "name", 0, "Name must be unique within a namespace." }
#define AGE_COL { "Age", "string", "", 0, "CreationTimestamp is a timestamp representing the server time when this object was created." }
#define CONTAINERS_COLS \
    { "Containers", "string", "", 1, "Names of each container in the template." }, \
    { "Images", "string", "", 1, "Images referenced by each container in the template." }
#define SELECTOR_COL(p) { "Selector", "string", "", p, "A label query over pods that should match the replica count." }
#define END_COL { NULL, NULL, NULL, 0, NULL }

static const struct col deploy_cols[] = {
    NAME_COL,
    { "Ready", "string", "", 0, "Number of the pod with ready state" },
    { "Up-to-date", "string", "", 0, "Total number of non-terminated pods targeted by this deployment that have the desired template spec." },
    { "Available", "string", "", 0, "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment." },
    AGE_COL, CONTAINERS_COLS, SELECTOR_COL(1), END_COL,
};

static long long replicas(const cJSON *obj)
{
    const cJSON *r = sb_kjson_pget(obj, "spec.replicas");

    return cJSON_IsNumber(r) ? (long long)r->valuedouble : 1;
}

static void deploy_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_fmt(cells, "%lld/%lld", jint(o, "status.readyReplicas"), replicas(o));
    add_int(cells, jint(o, "status.updatedReplicas"));
    add_int(cells, jint(o, "status.availableReplicas"));
    add_age(cells, o, now);
    add_wide_workload(cells, o, true);
}

static const struct col rs_cols[] = {
    NAME_COL,
    { "Desired", "integer", "", 0, "Replicas is the number of desired replicas." },
    { "Current", "integer", "", 0, "Replicas is the most recently observed number of replicas." },
    { "Ready", "integer", "", 0, "The number of ready replicas for this replica set." },
    AGE_COL, CONTAINERS_COLS, SELECTOR_COL(1), END_COL,
};

static void rs_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_int(cells, replicas(o));
    add_int(cells, jint(o, "status.replicas"));
    add_int(cells, jint(o, "status.readyReplicas"));
    add_age(cells, o, now);
    add_wide_workload(cells, o, true);
}

static const struct col sts_cols[] = {
    NAME_COL,
    { "Ready", "string", "", 0, "Number of the pod with ready state" },
    AGE_COL, CONTAINERS_COLS, END_COL,
};

static void sts_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_fmt(cells, "%lld/%lld", jint(o, "status.readyReplicas"), replicas(o));
    add_age(cells, o, now);
    add_wide_workload(cells, o, false);
}

static const struct col ds_cols[] = {
    NAME_COL,
    { "Desired", "integer", "", 0, "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)." },
    { "Current", "integer", "", 0, "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod." },
    { "Ready", "integer", "", 0, "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready." },
    { "Up-to-date", "integer", "", 0, "The total number of nodes that are running updated daemon pod" },
    { "Available", "integer", "", 0, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)" },
    { "Node Selector", "string", "", 0, "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node." },
    AGE_COL, CONTAINERS_COLS, SELECTOR_COL(1), END_COL,
};

static void ds_row(const cJSON *o, int64_t now, cJSON *cells)
{
    char buf[2048];

    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_int(cells, jint(o, "status.desiredNumberScheduled"));
    add_int(cells, jint(o, "status.currentNumberScheduled"));
    add_int(cells, jint(o, "status.numberReady"));
    add_int(cells, jint(o, "status.updatedNumberScheduled"));
    add_int(cells, jint(o, "status.numberAvailable"));
    format_map(sb_kjson_pget(o, "spec.template.spec.nodeSelector"), buf, sizeof(buf));
    add_str(cells, buf);
    add_age(cells, o, now);
    add_wide_workload(cells, o, true);
}

static const struct col job_cols[] = {
    NAME_COL,
    { "Status", "string", "", 0, "Status of the job." },
    { "Completions", "string", "", 0, "The desired number of successfully finished pods the job should be run with." },
    { "Duration", "string", "", 0, "Time required to complete the job." },
    AGE_COL, CONTAINERS_COLS, SELECTOR_COL(1), END_COL,
};

static void job_row(const cJSON *o, int64_t now, cJSON *cells)
{
    const cJSON *conds = sb_kjson_pget(o, "status.conditions");
    const cJSON *comp = sb_kjson_pget(o, "spec.completions");
    const char *st = sb_kjson_pstr(o, "status.startTime");
    const char *ct = sb_kjson_pstr(o, "status.completionTime");
    char buf[32];
    int64_t t0, t1;
    long n0, n1;

    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    if (has_condition(conds, "Complete", "True"))
        add_str(cells, "Complete");
    else if (has_condition(conds, "Failed", "True"))
        add_str(cells, "Failed");
    else if (sb_kjson_pstr(o, "metadata.deletionTimestamp"))
        add_str(cells, "Terminating");
    else if (has_condition(conds, "Suspended", "True"))
        add_str(cells, "Suspended");
    else if (has_condition(conds, "FailureTarget", "True"))
        add_str(cells, "FailureTarget");
    else if (has_condition(conds, "SuccessCriteriaMet", "True"))
        add_str(cells, "SuccessCriteriaMet");
    else
        add_str(cells, "Running");
    if (cJSON_IsNumber(comp))
        add_fmt(cells, "%lld/%lld", jint(o, "status.succeeded"),
                (long long)comp->valuedouble);
    else if (jint(o, "spec.parallelism") > 1)
        add_fmt(cells, "%lld/1 of %lld", jint(o, "status.succeeded"),
                jint(o, "spec.parallelism"));
    else
        add_fmt(cells, "%lld/1", jint(o, "status.succeeded"));
    if (!st || !sb_time_parse(st, &t0, &n0))
        add_str(cells, "");
    else if (!ct || !sb_time_parse(ct, &t1, &n1))
        add_str(cells, sb_time_age(sb_time_diff(t0, n0, now, 0), buf));
    else
        add_str(cells, sb_time_age(sb_time_diff(t0, n0, t1, n1), buf));
    add_age(cells, o, now);
    add_wide_workload(cells, o, true);
}

static const struct col cronjob_cols[] = {
    NAME_COL,
    { "Schedule", "string", "", 0, "The schedule in Cron format" },
    { "Timezone", "string", "", 0, "The time zone name for the given schedule" },
    { "Suspend", "boolean", "", 0, "This flag tells the controller to suspend subsequent executions" },
    { "Active", "integer", "", 0, "A list of pointers to currently running jobs." },
    { "Last Schedule", "string", "", 0, "Information when was the last time the job was successfully scheduled." },
    AGE_COL, CONTAINERS_COLS, SELECTOR_COL(1), END_COL,
};

static void cronjob_row(const cJSON *o, int64_t now, cJSON *cells)
{
    const cJSON *tpl = sb_kjson_pget(o, "spec.jobTemplate.spec.template.spec");
    const char *last = sb_kjson_pstr(o, "status.lastScheduleTime");
    char buf[2048];

    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, sb_kjson_pstr(o, "spec.schedule"));
    add_str(cells, jstr_or(o, "spec.timeZone", "<none>"));
    cJSON_AddItemToArray(cells, cJSON_CreateBool(sb_kjson_ptrue(o, "spec.suspend")));
    add_int(cells, cJSON_GetArraySize(sb_kjson_pget(o, "status.active")));
    add_str(cells, last ? sb_time_since(last, now, buf) : "<none>");
    add_age(cells, o, now);
    add_containers(cells, tpl, false);
    add_containers(cells, tpl, true);
    format_selector(sb_kjson_pget(o, "spec.jobTemplate.spec.selector"), buf,
                    sizeof(buf));
    add_str(cells, buf[0] ? buf : "<none>");
}

/* ---- services, endpoints, ingresses ---- */

static const struct col svc_cols[] = {
    NAME_COL,
    { "Type", "string", "", 0, "type determines how the Service is exposed." },
    { "Cluster-IP", "string", "", 0, "clusterIP is the IP address of the service and is usually assigned randomly." },
    { "External-IP", "string", "", 0, "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service." },
    { "Port(s)", "string", "", 0, "The list of ports that are exposed by this service." },
    AGE_COL,
    { "Selector", "string", "", 1, "Route service traffic to pods with label keys and values matching this selector." },
    END_COL,
};

static void join_lb(const cJSON *ingress, char *out, size_t n)
{
    const cJSON *i;
    size_t used = strlen(out);

    cJSON_ArrayForEach(i, ingress) {
        const char *ip = sb_kjson_pstr(i, "ip"), *h = sb_kjson_pstr(i, "hostname");

        if (ip && *ip && used < n)
            used += (size_t)snprintf(out + used, n - used, "%s%s",
                                     used ? "," : "", ip);
        if (h && *h && used < n)
            used += (size_t)snprintf(out + used, n - used, "%s%s",
                                     used ? "," : "", h);
    }
}

static void join_strings(const cJSON *arr, char *out, size_t n)
{
    const cJSON *i;
    size_t used = strlen(out);

    cJSON_ArrayForEach(i, arr)
        if (cJSON_IsString(i) && used < n)
            used += (size_t)snprintf(out + used, n - used, "%s%s",
                                     used ? "," : "", i->valuestring);
}

static void svc_row(const cJSON *o, int64_t now, cJSON *cells)
{
    const char *type = jstr_or(o, "spec.type", "ClusterIP");
    const cJSON *p, *ips = sb_kjson_pget(o, "spec.clusterIPs");
    char ext[1024] = "", ports[2048] = "", sel[2048];
    size_t used = 0;
    const char *cip = sb_kjson_pstr(cJSON_GetArrayItem(ips, 0), "");

    if (cJSON_IsString(cJSON_GetArrayItem(ips, 0)))
        cip = cJSON_GetArrayItem(ips, 0)->valuestring;
    else
        cip = sb_kjson_pstr(o, "spec.clusterIP");
    if (!strcmp(type, "ClusterIP") || !strcmp(type, "NodePort")) {
        join_strings(sb_kjson_pget(o, "spec.externalIPs"), ext, sizeof(ext));
        if (!ext[0])
            snprintf(ext, sizeof(ext), "<none>");
    } else if (!strcmp(type, "LoadBalancer")) {
        join_lb(sb_kjson_pget(o, "status.loadBalancer.ingress"), ext, sizeof(ext));
        join_strings(sb_kjson_pget(o, "spec.externalIPs"), ext, sizeof(ext));
        if (!ext[0])
            snprintf(ext, sizeof(ext), "<pending>");
    } else if (!strcmp(type, "ExternalName")) {
        snprintf(ext, sizeof(ext), "%s", jstr_or(o, "spec.externalName",
                                                 ""));
    } else {
        snprintf(ext, sizeof(ext), "<unknown>");
    }
    cJSON_ArrayForEach(p, sb_kjson_pget(o, "spec.ports")) {
        const char *proto = jstr_or(p, "protocol", "TCP");

        if (used >= sizeof(ports))
            break;
        if (jint(p, "nodePort"))
            used += (size_t)snprintf(ports + used, sizeof(ports) - used,
                                     "%s%lld:%lld/%s", used ? "," : "",
                                     jint(p, "port"), jint(p, "nodePort"),
                                     proto);
        else
            used += (size_t)snprintf(ports + used, sizeof(ports) - used,
                                     "%s%lld/%s", used ? "," : "",
                                     jint(p, "port"), proto);
    }
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, type);
    add_str(cells, cip && *cip ? cip : "<none>");
    add_str(cells, ext);
    add_str(cells, used ? ports : "<none>");
    add_age(cells, o, now);
    format_map(sb_kjson_pget(o, "spec.selector"), sel, sizeof(sel));
    add_str(cells, sel);
}

static const struct col ep_cols[] = {
    NAME_COL,
    { "Endpoints", "string", "", 0, "Endpoints of this service" },
    AGE_COL, END_COL,
};

static void ep_row(const cJSON *o, int64_t now, cJSON *cells)
{
    const cJSON *ss, *p, *a;
    char list[1024] = "";
    size_t used = 0;
    int count = 0, shown = 0;
    bool any = false;

    cJSON_ArrayForEach(ss, sb_kjson_pget(o, "subsets")) {
        const cJSON *ports = sb_kjson_pget(ss, "ports");

        any = true;
        if (cJSON_GetArraySize(ports) == 0) {
            cJSON_ArrayForEach(a, sb_kjson_pget(ss, "addresses")) {
                count++;
                if (shown < 3 && used < sizeof(list)) {
                    used += (size_t)snprintf(list + used, sizeof(list) - used,
                                             "%s%s", shown ? "," : "",
                                             jstr_or(a, "ip", ""));
                    shown++;
                }
            }
            continue;
        }
        cJSON_ArrayForEach(p, ports)
            cJSON_ArrayForEach(a, sb_kjson_pget(ss, "addresses")) {
                const char *ip = jstr_or(a, "ip", "");

                count++;
                if (shown < 3 && used < sizeof(list)) {
                    used += (size_t)snprintf(
                        list + used, sizeof(list) - used,
                        strchr(ip, ':') ? "%s[%s]:%lld" : "%s%s:%lld",
                        shown ? "," : "", ip, jint(p, "port"));
                    shown++;
                }
            }
    }
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    if (!any)
        add_str(cells, "<none>");
    else if (count > 3)
        add_fmt(cells, "%s + %d more...", list, count - 3);
    else
        add_str(cells, list);
    add_age(cells, o, now);
}

static const struct col ing_cols[] = {
    NAME_COL,
    { "Class", "string", "", 0, "The name of the IngressClass resource that should be used for ingress." },
    { "Hosts", "string", "", 0, "Hosts that incoming requests are matched against before the ingress rule" },
    { "Address", "string", "", 0, "Address is a list containing ingress points for the load-balancer" },
    { "Ports", "string", "", 0, "Ports of TLS configurations that open" },
    AGE_COL, END_COL,
};

static void ing_row(const cJSON *o, int64_t now, cJSON *cells)
{
    const cJSON *r, *rules = sb_kjson_pget(o, "spec.rules");
    char hosts[1024] = "", addr[1024] = "";
    size_t used = 0;
    int n = 0, nrules = cJSON_GetArraySize(rules);
    bool more = false;

    cJSON_ArrayForEach(r, rules) {
        const char *h = sb_kjson_pstr(r, "host");

        if (n == 3) {
            more = true;
            break;
        }
        if (h && *h && used < sizeof(hosts)) {
            used += (size_t)snprintf(hosts + used, sizeof(hosts) - used,
                                     "%s%s", n ? "," : "", h);
            n++;
        }
    }
    join_lb(sb_kjson_pget(o, "status.loadBalancer.ingress"), addr, sizeof(addr));
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, jstr_or(o, "spec.ingressClassName", "<none>"));
    if (!n)
        add_str(cells, "*");
    else if (more)
        add_fmt(cells, "%s + %d more...", hosts, nrules - 3);
    else
        add_str(cells, hosts);
    add_str(cells, addr);
    add_str(cells, cJSON_GetArraySize(sb_kjson_pget(o, "spec.tls")) ? "80, 443"
                                                           : "80");
    add_age(cells, o, now);
}

/* ---- storage ---- */

static void access_modes(const cJSON *modes, char *out, size_t n)
{
    static const char *names[][2] = {
        { "ReadWriteOnce", "RWO" }, { "ReadOnlyMany", "ROX" },
        { "ReadWriteMany", "RWX" }, { "ReadWriteOncePod", "RWOP" },
    };
    size_t i, used = 0;

    out[0] = '\0';
    for (i = 0; i < 4; i++) {
        const cJSON *m;

        cJSON_ArrayForEach(m, modes)
            if (cJSON_IsString(m) && !strcmp(m->valuestring, names[i][0]) &&
                used < n) {
                used += (size_t)snprintf(out + used, n - used, "%s%s",
                                         used ? "," : "", names[i][1]);
                break;
            }
    }
}

static const struct col pvc_cols[] = {
    NAME_COL,
    { "Status", "string", "", 0, "The phase of the claim" },
    { "Volume", "string", "", 0, "The name of the volume bound to this claim" },
    { "Capacity", "string", "", 0, "The capacity of the volume" },
    { "Access Modes", "string", "", 0, "The access modes of the volume" },
    { "StorageClass", "string", "", 0, "The storage class of the claim" },
    { "VolumeAttributesClass", "string", "", 0, "The volume attributes class of the claim" },
    AGE_COL,
    { "VolumeMode", "string", "", 1, "The volume mode of the claim" },
    END_COL,
};

static void pvc_row(const cJSON *o, int64_t now, cJSON *cells)
{
    char modes[64] = "";
    const char *cap = "";
    const char *sc = sb_kjson_pstr(o, "spec.storageClassName");

    if (sb_kjson_pstr(o, "spec.volumeName") && *sb_kjson_pstr(o, "spec.volumeName")) {
        access_modes(sb_kjson_pget(o, "status.accessModes"), modes, sizeof(modes));
        cap = jstr_or(o, "status.capacity.storage", "");
    }
    if (!sc) {
        const cJSON *ann = sb_kjson_pget(o, "metadata.annotations");

        const cJSON *v = cJSON_GetObjectItemCaseSensitive(
            ann, "volume.beta.kubernetes.io/storage-class");

        sc = cJSON_IsString(v) ? v->valuestring : NULL;
    }
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, sb_kjson_pstr(o, "metadata.deletionTimestamp")
                       ? "Terminating" : jstr_or(o, "status.phase", ""));
    add_str(cells, jstr_or(o, "spec.volumeName", ""));
    add_str(cells, cap);
    add_str(cells, modes);
    add_str(cells, sc ? sc : "<unset>");
    add_str(cells, jstr_or(o, "spec.volumeAttributesClassName", "<unset>"));
    add_age(cells, o, now);
    add_str(cells, jstr_or(o, "spec.volumeMode", "<unset>"));
}

static const struct col pv_cols[] = {
    NAME_COL,
    { "Capacity", "string", "", 0, "The capacity of the volume" },
    { "Access Modes", "string", "", 0, "The access modes of the volume" },
    { "Reclaim Policy", "string", "", 0, "What happens to a persistent volume when released from its claim." },
    { "Status", "string", "", 0, "Phase indicates if a volume is available, bound to a claim, or released by a claim." },
    { "Claim", "string", "", 0, "ClaimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim." },
    { "StorageClass", "string", "", 0, "StorageClassName is the name of StorageClass to which this persistent volume belongs." },
    { "VolumeAttributesClass", "string", "", 0, "The volume attributes class of the volume" },
    { "Reason", "string", "", 0, "Reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI." },
    AGE_COL,
    { "VolumeMode", "string", "", 1, "The volume mode of the volume" },
    END_COL,
};

static void pv_row(const cJSON *o, int64_t now, cJSON *cells)
{
    char modes[64], claim[600] = "";
    const char *cns = sb_kjson_pstr(o, "spec.claimRef.namespace");
    const char *cname = sb_kjson_pstr(o, "spec.claimRef.name");

    if (cname)
        snprintf(claim, sizeof(claim), "%s/%s", cns ? cns : "", cname);
    access_modes(sb_kjson_pget(o, "spec.accessModes"), modes, sizeof(modes));
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, jstr_or(o, "spec.capacity.storage", ""));
    add_str(cells, modes);
    add_str(cells, jstr_or(o, "spec.persistentVolumeReclaimPolicy", ""));
    add_str(cells, sb_kjson_pstr(o, "metadata.deletionTimestamp")
                       ? "Terminating" : jstr_or(o, "status.phase", ""));
    add_str(cells, claim);
    add_str(cells, jstr_or(o, "spec.storageClassName", ""));
    add_str(cells, jstr_or(o, "spec.volumeAttributesClassName", "<unset>"));
    add_str(cells, jstr_or(o, "status.reason", ""));
    add_age(cells, o, now);
    add_str(cells, jstr_or(o, "spec.volumeMode", "<unset>"));
}

/* ---- namespaces, configmaps, secrets, service accounts ---- */

static const struct col ns_cols[] = {
    NAME_COL,
    { "Status", "string", "", 0, "The status of the namespace" },
    AGE_COL, END_COL,
};

static void ns_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, jstr_or(o, "status.phase", ""));
    add_age(cells, o, now);
}

static const struct col cm_cols[] = {
    NAME_COL,
    { "Data", "integer", "", 0, "Data contains the configuration data." },
    AGE_COL, END_COL,
};

static void cm_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_int(cells, cJSON_GetArraySize(sb_kjson_pget(o, "data")) +
                   cJSON_GetArraySize(sb_kjson_pget(o, "binaryData")));
    add_age(cells, o, now);
}

static const struct col secret_cols[] = {
    NAME_COL,
    { "Type", "string", "", 0, "The type of the secret" },
    { "Data", "integer", "", 0, "Data contains the secret data." },
    AGE_COL, END_COL,
};

static void secret_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, jstr_or(o, "type", ""));
    add_int(cells, cJSON_GetArraySize(sb_kjson_pget(o, "data")));
    add_age(cells, o, now);
}

static const struct col sa_cols[] = {
    NAME_COL,
    { "Secrets", "integer", "", 0, "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use." },
    AGE_COL, END_COL,
};

static void sa_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_int(cells, cJSON_GetArraySize(sb_kjson_pget(o, "secrets")));
    add_age(cells, o, now);
}

/* ---- more built-in kinds (printers.go's columns) ---- */

/* DefaultTableConvertor's: kinds with no printer of their own (CRDs,
 * roles, limit ranges) show the creation time itself, not an age. */
static const struct col created_cols[] = {
    NAME_COL,
    { "Created At", "date", "", 0, "CreationTimestamp is a timestamp representing the server time when this object was created." },
    END_COL,
};

static void created_row(const cJSON *o, int64_t now, cJSON *cells)
{
    (void)now;
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, jstr_or(o, "metadata.creationTimestamp", ""));
}

static const struct col sc_cols[] = {
    NAME_COL,
    { "Provisioner", "string", "", 0, "Indicates the type of the provisioner." },
    { "ReclaimPolicy", "string", "", 0, "Dynamically provisioned PersistentVolumes of this storage class are created with this reclaimPolicy. Defaults to Delete." },
    { "VolumeBindingMode", "string", "", 0, "VolumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound. When unset, VolumeBindingImmediate is used." },
    { "AllowVolumeExpansion", "string", "", 0, "AllowVolumeExpansion shows whether the storage class allow volume expand." },
    AGE_COL, END_COL,
};

static void sc_row(const cJSON *o, int64_t now, cJSON *cells)
{
    const cJSON *ann = sb_kjson_pget(o, "metadata.annotations");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(
        ann, "storageclass.kubernetes.io/is-default-class");

    if (!cJSON_IsString(d))
        d = cJSON_GetObjectItemCaseSensitive(
            ann, "storageclass.beta.kubernetes.io/is-default-class");
    if (cJSON_IsString(d) && !strcmp(d->valuestring, "true"))
        add_fmt(cells, "%s (default)", jstr_or(o, "metadata.name", ""));
    else
        add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, sb_kjson_pstr(o, "provisioner"));
    add_str(cells, jstr_or(o, "reclaimPolicy", "Delete"));
    add_str(cells, jstr_or(o, "volumeBindingMode", "Immediate"));
    cJSON_AddItemToArray(cells, cJSON_CreateBool(sb_kjson_ptrue(o,
                                                       "allowVolumeExpansion")));
    add_age(cells, o, now);
}

/* "+ N more..." after the first three, as kubectl's list formats do. */
static void more(char *out, size_t n, size_t shown, size_t total)
{
    size_t used = strlen(out);

    if (total > shown && used < n)
        snprintf(out + used, n - used, " + %zu more...", total - shown);
}

static const struct col eps_cols[] = {
    NAME_COL,
    { "AddressType", "string", "", 0, "addressType specifies the type of address carried by this EndpointSlice." },
    { "Ports", "string", "", 0, "ports specifies the list of network ports exposed by each endpoint in this slice." },
    { "Endpoints", "string", "", 0, "endpoints is a list of unique endpoints in this slice." },
    AGE_COL, END_COL,
};

static void eps_row(const cJSON *o, int64_t now, cJSON *cells)
{
    char ports[256] = "", eps[1024] = "";
    const cJSON *p, *e, *a;
    size_t i = 0, total = 0, used = 0;

    cJSON_ArrayForEach(p, sb_kjson_pget(o, "ports")) {
        const cJSON *port = sb_kjson_pget(p, "port");

        used = strlen(ports);
        if (i < 3 && used < sizeof(ports)) {
            if (cJSON_IsNumber(port))
                snprintf(ports + used, sizeof(ports) - used, "%s%d",
                         i ? "," : "", port->valueint);
            else
                snprintf(ports + used, sizeof(ports) - used, "%s<unset>",
                         i ? "," : "");
            i++;
        }
        total++;
    }
    more(ports, sizeof(ports), i, total);
    i = total = 0;
    cJSON_ArrayForEach(e, sb_kjson_pget(o, "endpoints"))
        cJSON_ArrayForEach(a, sb_kjson_pget(e, "addresses")) {
            used = strlen(eps);
            if (i < 3 && cJSON_IsString(a) && used < sizeof(eps)) {
                snprintf(eps + used, sizeof(eps) - used, "%s%s",
                         i ? "," : "", a->valuestring);
                i++;
            }
            total++;
        }
    more(eps, sizeof(eps), i, total);
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, sb_kjson_pstr(o, "addressType"));
    add_str(cells, *ports ? ports : "<unset>");
    add_str(cells, *eps ? eps : "<unset>");
    add_age(cells, o, now);
}

static const struct col lease_cols[] = {
    NAME_COL,
    { "Holder", "string", "", 0, "The holder of the lease." },
    AGE_COL, END_COL,
};

static void lease_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, jstr_or(o, "spec.holderIdentity", ""));
    add_age(cells, o, now);
}

static const struct col pc_cols[] = {
    NAME_COL,
    { "Value", "integer", "", 0, "The value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec." },
    { "Global-Default", "boolean", "", 0, "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class." },
    AGE_COL,
    { "PreemptionPolicy", "string", "", 0, "preemptionPolicy is the Policy for preempting pods with lower priority." },
    END_COL,
};

static void pc_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_int(cells, jint(o, "value"));
    cJSON_AddItemToArray(cells, cJSON_CreateBool(sb_kjson_ptrue(o, "globalDefault")));
    add_age(cells, o, now);
    add_str(cells, jstr_or(o, "preemptionPolicy", "PreemptLowerPriority"));
}

static const struct col rtc_cols[] = {
    NAME_COL,
    { "Handler", "string", "", 0, "handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class." },
    AGE_COL, END_COL,
};

static void rtc_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, sb_kjson_pstr(o, "handler"));
    add_age(cells, o, now);
}

/* An IntOrString as kubectl prints it; 'dflt' when absent. */
static void int_or_string(const cJSON *v, const char *dflt, char *out,
                          size_t n)
{
    if (cJSON_IsNumber(v))
        snprintf(out, n, "%d", v->valueint);
    else if (cJSON_IsString(v))
        snprintf(out, n, "%s", v->valuestring);
    else
        snprintf(out, n, "%s", dflt);
}

static const struct col pdb_cols[] = {
    NAME_COL,
    { "Min Available", "string", "", 0, "The minimum number of pods that must be available." },
    { "Max Unavailable", "string", "", 0, "The maximum number of pods that may be unavailable." },
    { "Allowed Disruptions", "integer", "", 0, "Calculated number of pods that may be disrupted at this time." },
    AGE_COL, END_COL,
};

static void pdb_row(const cJSON *o, int64_t now, cJSON *cells)
{
    char min[64], max[64];

    int_or_string(sb_kjson_pget(o, "spec.minAvailable"), "N/A", min, sizeof(min));
    int_or_string(sb_kjson_pget(o, "spec.maxUnavailable"), "N/A", max, sizeof(max));
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, min);
    add_str(cells, max);
    add_int(cells, jint(o, "status.disruptionsAllowed"));
    add_age(cells, o, now);
}

static const struct col hpa_cols[] = {
    NAME_COL,
    { "Reference", "string", "", 0, "reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource." },
    { "Targets", "string", "", 0, "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used)." },
    { "MinPods", "string", "", 0, "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down." },
    { "MaxPods", "integer", "", 0, "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up." },
    { "Replicas", "integer", "", 0, "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler." },
    AGE_COL, END_COL,
};

/* The current value of spec metric 'i' from status.currentMetrics[i]
 * ("20%", "150m"), "<unknown>" when the autoscaler has none. */
static void hpa_current(const cJSON *cur, const char *src, bool util,
                        char *out, size_t n)
{
    const cJSON *c = sb_kjson_pget(cur, src);
    const cJSON *v = sb_kjson_pget(c, "current.averageUtilization");

    if (util && cJSON_IsNumber(v)) {
        snprintf(out, n, "%d%%", v->valueint);
        return;
    }
    if (!util) {
        const char *q = sb_kjson_pstr(c, "current.averageValue");

        if (!q)
            q = sb_kjson_pstr(c, "current.value");
        if (q) {
            snprintf(out, n, "%s", q);
            return;
        }
    }
    snprintf(out, n, "<unknown>");
}

/* formatHPAMetrics: "cpu: 20%/50%", several joined, past three "+ N
 * more...", "<none>" without metrics. */
static void hpa_targets(const cJSON *o, char *out, size_t n)
{
    const cJSON *m, *cur = sb_kjson_pget(o, "status.currentMetrics");
    size_t i = 0, total = 0, used;

    out[0] = '\0';
    cJSON_ArrayForEach(m, sb_kjson_pget(o, "spec.metrics")) {
        const char *type = jstr_or(m, "type", "");
        const char *src = !strcmp(type, "Resource") ? "resource"
            : !strcmp(type, "ContainerResource") ? "containerResource"
            : !strcmp(type, "Pods") ? "pods"
            : !strcmp(type, "Object") ? "object"
            : !strcmp(type, "External") ? "external" : NULL;
        const cJSON *spec = src ? sb_kjson_pget(m, src) : NULL;
        const cJSON *tu = sb_kjson_pget(spec, "target.averageUtilization");
        const char *tv = sb_kjson_pstr(spec, "target.averageValue");
        const char *name = sb_kjson_pstr(spec, "name");
        char curv[64], want[96], label[300];

        total++;
        if (i >= 3 || !spec)
            continue;
        if (!tv)
            tv = sb_kjson_pstr(spec, "target.value");
        if (!name)
            name = sb_kjson_pstr(spec, "metric.name");
        hpa_current(cJSON_GetArrayItem(cur, (int)(total - 1)), src,
                    cJSON_IsNumber(tu), curv, sizeof(curv));
        if (cJSON_IsNumber(tu))
            snprintf(want, sizeof(want), "%d%%", tu->valueint);
        else
            snprintf(want, sizeof(want), "%s", tv ? tv : "<unset>");
        if (name)
            snprintf(label, sizeof(label), "%s: ", name);
        else
            label[0] = '\0';
        used = strlen(out);
        if (used < n)
            snprintf(out + used, n - used, "%s%s%s/%s", i ? ", " : "",
                     label, curv, want);
        i++;
    }
    if (!total && sb_kjson_pget(o, "spec.targetCPUUtilizationPercentage")) {
        /* autoscaling/v1 keeps one CPU target outside spec.metrics */
        const cJSON *c = sb_kjson_pget(o, "status.currentCPUUtilizationPercentage");
        char curv[32] = "<unknown>";

        if (cJSON_IsNumber(c))
            snprintf(curv, sizeof(curv), "%d%%", c->valueint);
        snprintf(out, n, "cpu: %s/%lld%%", curv,
                 jint(o, "spec.targetCPUUtilizationPercentage"));
        return;
    }
    if (!total)
        snprintf(out, n, "<none>");
    more(out, n, i, total);
}

static void hpa_row(const cJSON *o, int64_t now, cJSON *cells)
{
    char targets[1024], min[32];
    const cJSON *mr = sb_kjson_pget(o, "spec.minReplicas");

    hpa_targets(o, targets, sizeof(targets));
    if (cJSON_IsNumber(mr))
        snprintf(min, sizeof(min), "%d", mr->valueint);
    else
        snprintf(min, sizeof(min), "<unset>");
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_fmt(cells, "%s/%s", jstr_or(o, "spec.scaleTargetRef.kind", ""),
            jstr_or(o, "spec.scaleTargetRef.name", ""));
    add_str(cells, targets);
    add_str(cells, min);
    add_int(cells, jint(o, "spec.maxReplicas"));
    add_int(cells, jint(o, "status.currentReplicas"));
    add_age(cells, o, now);
}

static const struct col ingclass_cols[] = {
    NAME_COL,
    { "Controller", "string", "", 0, "Controller that is responsible for handling this class" },
    { "Parameters", "string", "", 0, "A reference to a resource with additional parameters" },
    AGE_COL, END_COL,
};

static void ingclass_row(const cJSON *o, int64_t now, cJSON *cells)
{
    const char *kind = sb_kjson_pstr(o, "spec.parameters.kind");
    const char *group = sb_kjson_pstr(o, "spec.parameters.apiGroup");

    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, sb_kjson_pstr(o, "spec.controller"));
    if (kind)
        add_fmt(cells, "%s%s%s/%s", kind, group ? "." : "", group ? group : "",
                jstr_or(o, "spec.parameters.name", ""));
    else
        add_str(cells, "<none>");
    add_age(cells, o, now);
}

static const struct col netpol_cols[] = {
    NAME_COL,
    { "Pod-Selector", "string", "", 0, "Pod selector that this network policy applies to." },
    AGE_COL, END_COL,
};

static void netpol_row(const cJSON *o, int64_t now, cJSON *cells)
{
    char sel[1024];

    format_selector(sb_kjson_pget(o, "spec.podSelector"), sel, sizeof(sel));
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, *sel ? sel : "<none>");
    add_age(cells, o, now);
}

static const struct col rb_cols[] = {
    NAME_COL,
    { "Role", "string", "", 0, "Role is the role being granted." },
    AGE_COL,
    { "Users", "string", "", 1, "Users in the roleBinding." },
    { "Groups", "string", "", 1, "Groups in the roleBinding." },
    { "ServiceAccounts", "string", "", 1, "ServiceAccounts in the roleBinding." },
    END_COL,
};

/* The subjects of 'kind' joined with ", " (service accounts as ns/name). */
static void subjects(const cJSON *o, const char *kind, char *out, size_t n)
{
    const cJSON *s;
    size_t used;

    out[0] = '\0';
    cJSON_ArrayForEach(s, sb_kjson_pget(o, "subjects")) {
        const char *k = jstr_or(s, "kind", ""), *ns = sb_kjson_pstr(s, "namespace");

        if (strcmp(k, kind))
            continue;
        used = strlen(out);
        if (used >= n)
            break;
        if (!strcmp(kind, "ServiceAccount"))
            snprintf(out + used, n - used, "%s%s/%s", used ? ", " : "",
                     ns ? ns : "", jstr_or(s, "name", ""));
        else
            snprintf(out + used, n - used, "%s%s", used ? ", " : "",
                     jstr_or(s, "name", ""));
    }
}

static void rb_row(const cJSON *o, int64_t now, cJSON *cells)
{
    char buf[1024];

    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_fmt(cells, "%s/%s", jstr_or(o, "roleRef.kind", ""),
            jstr_or(o, "roleRef.name", ""));
    add_age(cells, o, now);
    subjects(o, "User", buf, sizeof(buf));
    add_str(cells, buf);
    subjects(o, "Group", buf, sizeof(buf));
    add_str(cells, buf);
    subjects(o, "ServiceAccount", buf, sizeof(buf));
    add_str(cells, buf);
}

static const struct col rev_cols[] = {
    NAME_COL,
    { "Controller", "string", "", 0, "Controller of the object" },
    { "Revision", "integer", "", 0, "Revision indicates the revision of the state represented by Data." },
    AGE_COL, END_COL,
};

static void rev_row(const cJSON *o, int64_t now, cJSON *cells)
{
    const cJSON *ref;
    char ctl[600] = "<none>";

    cJSON_ArrayForEach(ref, sb_kjson_pget(o, "metadata.ownerReferences"))
        if (sb_kjson_ptrue(ref, "controller")) {
            const char *av = jstr_or(ref, "apiVersion", "");
            const char *slash = strchr(av, '/');
            size_t i;

            /* formatResourceName: lower-case "kind.group/name" */
            snprintf(ctl, sizeof(ctl), "%s%s%.*s/%s",
                     jstr_or(ref, "kind", ""), slash ? "." : "",
                     slash ? (int)(slash - av) : 0, av,
                     jstr_or(ref, "name", ""));
            for (i = 0; ctl[i] && ctl[i] != '/'; i++)
                if (ctl[i] >= 'A' && ctl[i] <= 'Z')
                    ctl[i] = (char)(ctl[i] + 32);
            break;
        }
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, ctl);
    add_int(cells, jint(o, "revision"));
    add_age(cells, o, now);
}

static const struct col va_cols[] = {
    NAME_COL,
    { "Attacher", "string", "", 0, "Attacher indicates the name of the volume driver that MUST handle this request." },
    { "PV", "string", "", 0, "Name of the persistent volume to attach." },
    { "Node", "string", "", 0, "The node that the volume should be attached to." },
    { "Attached", "boolean", "", 0, "Indicates the volume is successfully attached." },
    AGE_COL, END_COL,
};

static void va_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_str(cells, sb_kjson_pstr(o, "spec.attacher"));
    add_str(cells, jstr_or(o, "spec.source.persistentVolumeName", ""));
    add_str(cells, sb_kjson_pstr(o, "spec.nodeName"));
    cJSON_AddItemToArray(cells, cJSON_CreateBool(sb_kjson_ptrue(o, "status.attached")));
    add_age(cells, o, now);
}

/* ---- replicationcontrollers, podtemplates, resourcequotas, CSRs,
 * CSI drivers ---- */

static const struct col rc_cols[] = {
    NAME_COL,
    { "Desired", "integer", "", 0, "The number of replicas the controller wants." },
    { "Current", "integer", "", 0, "The most recently observed number of replicas." },
    { "Ready", "integer", "", 0, "The number of ready replicas of this controller." },
    AGE_COL, CONTAINERS_COLS,
    { "Selector", "string", "", 1, "Label keys and values pods must match to be controlled." },
    END_COL,
};

static void rc_row(const cJSON *o, int64_t now, cJSON *cells)
{
    char buf[2048];

    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_int(cells, replicas(o));
    add_int(cells, jint(o, "status.replicas"));
    add_int(cells, jint(o, "status.readyReplicas"));
    add_age(cells, o, now);
    add_containers(cells, sb_kjson_pget(o, "spec.template.spec"), false);
    add_containers(cells, sb_kjson_pget(o, "spec.template.spec"), true);
    /* an RC's selector is a plain map, not a LabelSelector */
    format_map(sb_kjson_pget(o, "spec.selector"), buf, sizeof(buf));
    add_str(cells, buf);
}

/* kubectl prints no Age for pod templates */
static const struct col podtemplate_cols[] = {
    NAME_COL,
    { "Containers", "string", "", 0, "Names of each container in the template." },
    { "Images", "string", "", 0, "Images referenced by each container in the template." },
    { "Pod Labels", "string", "", 0, "The labels for the pod template." },
    END_COL,
};

static void podtemplate_row(const cJSON *o, int64_t now, cJSON *cells)
{
    char buf[2048];

    (void)now;
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_containers(cells, sb_kjson_pget(o, "template.spec"), false);
    add_containers(cells, sb_kjson_pget(o, "template.spec"), true);
    format_map(sb_kjson_pget(o, "template.metadata.labels"), buf, sizeof(buf));
    add_str(cells, buf);
}

static const struct col quota_cols[] = {
    NAME_COL, AGE_COL,
    { "Request", "string", "", 0, "Used and hard amounts of each quota not on limits." },
    { "Limit", "string", "", 0, "Used and hard amounts of each limits.* quota." },
    END_COL,
};

/* Quantity.String() of a quota amount: canonical ("1000m" prints "1"),
 * as the API server re-prints what it decoded; a hand-made bundle's
 * number parses too, an absent amount is Go's zero Quantity ("0") and
 * one that is no quantity prints as written. */
static void quantity_text(const cJSON *v, char *out, size_t n)
{
    struct sb_qty q = SB_QTY_ZERO;
    char buf[64];

    if (v)
        sb_qty_parse_json(v, &q);
    snprintf(out, n, "%s", sb_qty_str(&q, buf));
}

/* "name: used/hard" for each status.hard entry sorted by name, the
 * "limits.*" ones into the Limit cell, the rest into Request. */
static void quota_row(const cJSON *o, int64_t now, cJSON *cells)
{
    const cJSON *hard = sb_kjson_pget(o, "status.hard"), *used = sb_kjson_pget(o, "status.used");
    const char *keys[128];
    char req[2048] = "", lim[2048] = "", u[64], h[64];
    size_t k = 0, i, rl = 0, ll = 0;
    const cJSON *c;

    cJSON_ArrayForEach(c, hard)
        if (c->string && k < 128)
            keys[k++] = c->string;
    qsort(keys, k, sizeof(keys[0]), str_cmp);
    for (i = 0; i < k; i++) {
        bool is_lim = !strncmp(keys[i], "limits.", 7);
        char *out = is_lim ? lim : req;
        size_t *len = is_lim ? &ll : &rl;
        int w;

        /* resource names hold dots: not a path */
        quantity_text(sb_kjson_get(used, keys[i]), u,
                      sizeof(u));
        quantity_text(sb_kjson_get(hard, keys[i]), h,
                      sizeof(h));
        if (*len >= sizeof(req))
            continue;
        w = snprintf(out + *len, sizeof(req) - *len, "%s%s: %s/%s",
                     *len ? ", " : "", keys[i], u, h);
        if (w > 0)
            *len += (size_t)w;
    }
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_age(cells, o, now);
    add_str(cells, req);
    add_str(cells, lim);
}

static const struct col csr_cols[] = {
    NAME_COL, AGE_COL,
    { "SignerName", "string", "", 0, "The signer the request is addressed to." },
    { "Requestor", "string", "", 0, "The user that created the request." },
    { "RequestedDuration", "string", "", 0, "The validity the requester asked for the certificate." },
    { "Condition", "string", "", 0, "Approved, Denied or Pending, then Failed and Issued when they apply." },
    END_COL,
};

static void csr_row(const cJSON *o, int64_t now, cJSON *cells)
{
    const cJSON *c, *exp = sb_kjson_pget(o, "spec.expirationSeconds");
    const char *cert = sb_kjson_pstr(o, "status.certificate");
    bool approved = false, denied = false, failed = false;
    char buf[64], dur[32];

    cJSON_ArrayForEach(c, sb_kjson_pget(o, "status.conditions")) {
        const char *t = sb_kjson_pstr(c, "type");

        if (!t)
            continue;
        approved |= !strcmp(t, "Approved");
        denied |= !strcmp(t, "Denied");
        failed |= !strcmp(t, "Failed");
    }
    /* Denied outranks Approved, which outranks Pending */
    snprintf(buf, sizeof(buf), "%s%s%s",
             denied ? "Denied" : approved ? "Approved" : "Pending",
             failed ? ",Failed" : "", cert && *cert ? ",Issued" : "");
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_age(cells, o, now);
    add_str(cells, jstr_or(o, "spec.signerName", "<none>"));
    add_str(cells, sb_kjson_pstr(o, "spec.username"));
    add_str(cells, cJSON_IsNumber(exp)
                       ? sb_time_age((int64_t)exp->valuedouble, dur)
                       : "<none>");
    add_str(cells, buf);
}

static const struct col csidriver_cols[] = {
    NAME_COL,
    { "AttachRequired", "boolean", "", 0, "Whether the driver needs an attach operation before mounting." },
    { "PodInfoOnMount", "boolean", "", 0, "Whether the driver is given pod information on mount." },
    { "StorageCapacity", "boolean", "", 0, "Whether the scheduler considers the driver's reported capacity." },
    { "TokenRequests", "string", "", 0, "The audiences of the service account tokens passed to the driver." },
    { "RequiresRepublish", "boolean", "", 0, "Whether the driver wants NodePublishVolume called again periodically." },
    { "Modes", "string", "", 0, "The volume lifecycle modes the driver supports." },
    AGE_COL, END_COL,
};

static void csidriver_row(const cJSON *o, int64_t now, cJSON *cells)
{
    const cJSON *attach = sb_kjson_pget(o, "spec.attachRequired");
    const cJSON *tokens = sb_kjson_pget(o, "spec.tokenRequests"), *x;
    char tok[1024], modes[256];
    size_t used = 0;

    /* an unset token list is "<unset>", an empty one "" */
    snprintf(tok, sizeof(tok), "%s", cJSON_IsArray(tokens) ? "" : "<unset>");
    cJSON_ArrayForEach(x, tokens) {
        const char *a = sb_kjson_pstr(x, "audience");

        if (used < sizeof(tok))
            used += (size_t)snprintf(tok + used, sizeof(tok) - used, "%s%s",
                                     used ? "," : "", a ? a : "");
    }
    used = 0;
    modes[0] = '\0';
    cJSON_ArrayForEach(x, sb_kjson_pget(o, "spec.volumeLifecycleModes"))
        if (cJSON_IsString(x) && used < sizeof(modes))
            used += (size_t)snprintf(modes + used, sizeof(modes) - used,
                                     "%s%s", used ? "," : "", x->valuestring);
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    /* attachRequired defaults to true when unset */
    cJSON_AddItemToArray(cells, cJSON_CreateBool(!cJSON_IsBool(attach) ||
                                                 cJSON_IsTrue(attach)));
    cJSON_AddItemToArray(cells, cJSON_CreateBool(sb_kjson_ptrue(o,
                                                 "spec.podInfoOnMount")));
    cJSON_AddItemToArray(cells, cJSON_CreateBool(sb_kjson_ptrue(o,
                                                 "spec.storageCapacity")));
    add_str(cells, tok);
    cJSON_AddItemToArray(cells, cJSON_CreateBool(sb_kjson_ptrue(o,
                                                 "spec.requiresRepublish")));
    add_str(cells, modes[0] ? modes : "<none>");
    add_age(cells, o, now);
}

static void default_row(const cJSON *o, int64_t now, cJSON *cells)
{
    add_str(cells, sb_kjson_pstr(o, "metadata.name"));
    add_age(cells, o, now);
}

static const struct printer printers[] = {
    { "", "pods", pod_cols, pod_row },
    { "", "nodes", node_cols, node_row },
    { "", "events", event_cols, event_row },
    { "events.k8s.io", "events", event_cols, event_row },
    { "apps", "deployments", deploy_cols, deploy_row },
    { "apps", "replicasets", rs_cols, rs_row },
    { "apps", "statefulsets", sts_cols, sts_row },
    { "apps", "daemonsets", ds_cols, ds_row },
    { "batch", "jobs", job_cols, job_row },
    { "batch", "cronjobs", cronjob_cols, cronjob_row },
    { "", "services", svc_cols, svc_row },
    { "", "endpoints", ep_cols, ep_row },
    { "networking.k8s.io", "ingresses", ing_cols, ing_row },
    { "", "persistentvolumeclaims", pvc_cols, pvc_row },
    { "", "persistentvolumes", pv_cols, pv_row },
    { "", "namespaces", ns_cols, ns_row },
    { "", "configmaps", cm_cols, cm_row },
    { "", "secrets", secret_cols, secret_row },
    { "", "serviceaccounts", sa_cols, sa_row },
    { "", "limitranges", created_cols, created_row },
    { "apiextensions.k8s.io", "customresourcedefinitions", created_cols,
      created_row },
    { "rbac.authorization.k8s.io", "roles", created_cols, created_row },
    { "rbac.authorization.k8s.io", "clusterroles", created_cols,
      created_row },
    { "rbac.authorization.k8s.io", "rolebindings", rb_cols, rb_row },
    { "rbac.authorization.k8s.io", "clusterrolebindings", rb_cols, rb_row },
    { "storage.k8s.io", "storageclasses", sc_cols, sc_row },
    { "storage.k8s.io", "volumeattachments", va_cols, va_row },
    { "discovery.k8s.io", "endpointslices", eps_cols, eps_row },
    { "coordination.k8s.io", "leases", lease_cols, lease_row },
    { "scheduling.k8s.io", "priorityclasses", pc_cols, pc_row },
    { "node.k8s.io", "runtimeclasses", rtc_cols, rtc_row },
    { "policy", "poddisruptionbudgets", pdb_cols, pdb_row },
    { "autoscaling", "horizontalpodautoscalers", hpa_cols, hpa_row },
    { "networking.k8s.io", "ingressclasses", ingclass_cols, ingclass_row },
    { "networking.k8s.io", "networkpolicies", netpol_cols, netpol_row },
    { "apps", "controllerrevisions", rev_cols, rev_row },
    { "", "replicationcontrollers", rc_cols, rc_row },
    { "", "podtemplates", podtemplate_cols, podtemplate_row },
    { "", "resourcequotas", quota_cols, quota_row },
    { "certificates.k8s.io", "certificatesigningrequests", csr_cols,
      csr_row },
    { "storage.k8s.io", "csidrivers", csidriver_cols, csidriver_row },
};

static const struct printer *find_printer(const char *group,
                                          const char *plural)
{
    size_t i;

    for (i = 0; i < sizeof(printers) / sizeof(printers[0]); i++)
        if (!strcmp(printers[i].group, group) &&
            !strcmp(printers[i].plural, plural))
            return &printers[i];
    return NULL;
}

/* ---- custom resources: the CRD's additionalPrinterColumns ---- */

/* The served version's printer columns, or NULL. */
static const cJSON *crd_columns(const cJSON *crd)
{
    const cJSON *v, *cols = NULL;

    cJSON_ArrayForEach(v, sb_kjson_pget(crd, "spec.versions")) {
        const cJSON *c = sb_kjson_pget(v, "additionalPrinterColumns");

        if (cJSON_GetArraySize(c) > 0 && (!cols || sb_kjson_ptrue(v, "storage")))
            cols = c;
    }
    return cols;
}

/*
 * The first value a CRD column's JSONPath selects: ".a.b", "[N]", "[*]"
 * and filters "[?(@.k=='v')]" / "[?(@.k!=\"v\")]", with or without the
 * surrounding "{}". Enough for printer columns, which select one field.
 */
static const cJSON *jsonpath_first(const cJSON *cur, const char *p);

static const cJSON *jp_filter(const cJSON *arr, const char *f, size_t n,
                              const char *rest)
{
    char key[256], want[256];
    const char *op, *q;
    const cJSON *item;
    bool neq;
    size_t kl, wl;

    /* f: "?(@.key=='value')" */
    if (n < 6 || f[0] != '?' || f[1] != '(' || f[2] != '@' || f[3] != '.' ||
        f[n - 1] != ')')
        return NULL;
    op = strstr(f, "==");
    neq = false;
    if (!op || op > f + n) {
        op = strstr(f, "!=");
        neq = true;
    }
    if (!op || op > f + n)
        return NULL;
    kl = (size_t)(op - (f + 4));
    if (kl >= sizeof(key))
        return NULL;
    memcpy(key, f + 4, kl);
    key[kl] = '\0';
    q = op + 2;
    wl = (size_t)(f + n - 1 - q);
    if (wl >= 2 && (q[0] == '\'' || q[0] == '"') && q[wl - 1] == q[0]) {
        q++;
        wl -= 2;
    }
    if (wl >= sizeof(want))
        return NULL;
    memcpy(want, q, wl);
    want[wl] = '\0';
    cJSON_ArrayForEach(item, arr) {
        const char *v = sb_kjson_pstr(item, key);
        bool eq = v && !strcmp(v, want);

        if (eq != neq) {
            const cJSON *r = jsonpath_first(item, rest);

            if (r)
                return r;
        }
    }
    return NULL;
}

static const cJSON *jsonpath_first(const cJSON *cur, const char *p)
{
    while (cur && *p) {
        if (*p == '.') {
            const char *e = p + 1;
            char name[256];
            size_t n;

            while (*e && *e != '.' && *e != '[')
                e++;
            n = (size_t)(e - p - 1);
            if (n >= sizeof(name))
                return NULL;
            memcpy(name, p + 1, n);
            name[n] = '\0';
            cur = cJSON_GetObjectItemCaseSensitive(cur, name);
            p = e;
        } else if (*p == '[') {
            const char *e = strchr(p, ']');
            const cJSON *item;

            /* a filter's value may hold ']' only inside quotes: rare */
            if (!e)
                return NULL;
            if (p[1] == '?')
                return jp_filter(cur, p + 1, (size_t)(e - p - 1), e + 1);
            if (p[1] == '*') {
                cJSON_ArrayForEach(item, cur) {
                    const cJSON *r = jsonpath_first(item, e + 1);

                    if (r)
                        return r;
                }
                return NULL;
            }
            cur = cJSON_GetArrayItem(cur, atoi(p + 1));
            p = e + 1;
        } else {
            return NULL;
        }
    }
    return cur;
}

static void add_jsonpath(cJSON *cells, const cJSON *obj, const char *path,
                         const char *type, int64_t now)
{
    char p[512];
    size_t n;
    const cJSON *v;
    char buf[64];

    snprintf(p, sizeof(p), "%s", path ? path : "");
    n = strlen(p);
    if (p[0] == '{' && n && p[n - 1] == '}') {
        p[n - 1] = '\0';
        memmove(p, p + 1, n - 1);
    }
    v = jsonpath_first(obj, p);
    if (type && !strcmp(type, "date") && cJSON_IsString(v)) {
        add_str(cells, sb_time_since(v->valuestring, now, buf));
        return;
    }
    if (cJSON_IsString(v))
        add_str(cells, v->valuestring);
    else if (cJSON_IsNumber(v) || cJSON_IsBool(v))
        cJSON_AddItemToArray(cells, cJSON_Duplicate(v, 0));
    else if (v) {
        char *s = cJSON_PrintUnformatted(v);

        add_str(cells, s);
        free(s);
    } else
        cJSON_AddItemToArray(cells, cJSON_CreateNull());
}

/* ---- the Table ---- */

static void add_col(cJSON *defs, const char *name, const char *type,
                    const char *format, int priority, const char *desc)
{
    cJSON *c = cJSON_CreateObject();

    cJSON_AddStringToObject(c, "name", name);
    cJSON_AddStringToObject(c, "type", strcmp(type, "date") ? type
                                                             : "string");
    cJSON_AddStringToObject(c, "format", format ? format : "");
    cJSON_AddStringToObject(c, "description", desc ? desc : "");
    cJSON_AddNumberToObject(c, "priority", priority);
    cJSON_AddItemToArray(defs, c);
}

static cJSON *row_object(const cJSON *obj, enum sb_kprint_include inc)
{
    cJSON *o;

    if (inc == SB_KPRINT_OBJECT)
        return cJSON_Duplicate(obj, 1);
    o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", "PartialObjectMetadata");
    cJSON_AddStringToObject(o, "apiVersion", "meta.k8s.io/v1");
    cJSON_AddItemToObject(o, "metadata",
                          cJSON_Duplicate(sb_kjson_pget(obj, "metadata"), 1));
    return o;
}

int sb_kprint_table(const struct sb_kprint_list *l, struct sb_buf *out,
                    struct sb_err *err)
{
    const struct printer *pr = find_printer(l->group, l->plural);
    const cJSON *crdcols = (!pr && l->crd) ? crd_columns(l->crd) : NULL;
    cJSON *t = cJSON_CreateObject(), *md, *defs, *rows, *c;
    char *s = NULL;
    size_t i;
    int rc = 0;

    if (!t)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    cJSON_AddStringToObject(t, "kind", "Table");
    cJSON_AddStringToObject(t, "apiVersion", "meta.k8s.io/v1");
    md = cJSON_AddObjectToObject(t, "metadata");
    if (l->resource_version)
        cJSON_AddStringToObject(md, "resourceVersion", l->resource_version);
    if (l->continue_token)
        cJSON_AddStringToObject(md, "continue", l->continue_token);
    defs = cJSON_AddArrayToObject(t, "columnDefinitions");
    if (pr) {
        const struct col *col;

        for (col = pr->cols; col->name; col++)
            add_col(defs, col->name, col->type, col->format, col->priority,
                    col->description);
    } else {
        add_col(defs, "Name", "string", "name", 0,
                "Name must be unique within a namespace.");
        cJSON_ArrayForEach(c, crdcols)
            add_col(defs, jstr_or(c, "name", ""), jstr_or(c, "type",
                                                          "string"),
                    sb_kjson_pstr(c, "format"), (int)jint(c, "priority"),
                    sb_kjson_pstr(c, "description"));
        if (!crdcols)
            add_col(defs, "Age", "string", "", 0, "CreationTimestamp is a "
                    "timestamp representing the server time when this "
                    "object was created.");
    }
    rows = cJSON_AddArrayToObject(t, "rows");
    for (i = 0; i < l->n; i++) {
        cJSON *row = cJSON_CreateObject(), *cells;

        if (!row)
            break;
        cJSON_AddItemToArray(rows, row);
        cells = cJSON_AddArrayToObject(row, "cells");
        if (pr) {
            pr->row(l->objs[i], l->now, cells);
        } else if (crdcols) {
            add_str(cells, sb_kjson_pstr(l->objs[i], "metadata.name"));
            cJSON_ArrayForEach(c, crdcols)
                add_jsonpath(cells, l->objs[i], sb_kjson_pstr(c, "jsonPath"),
                             sb_kjson_pstr(c, "type"), l->now);
        } else {
            default_row(l->objs[i], l->now, cells);
        }
        if (l->include != SB_KPRINT_NONE)
            cJSON_AddItemToObject(row, "object",
                                  row_object(l->objs[i], l->include));
    }
    s = cJSON_PrintUnformatted(t);
    cJSON_Delete(t);
    if (!s)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    rc = sb_buf_adds(out, s);
    free(s);
    if (rc)
        return sb_err_set(err, rc, "table too large");
    return 0;
}
