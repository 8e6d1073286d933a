/*
 * Pods, and the pieces of a pod that workloads print too: containers,
 * the pod template, and the requests/limits sums a node shows (volumes
 * are sb_describe_volume.c's).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_describe_int.h"

/* ---- containers ----------------------------------------------------- */

static const cJSON *find_named(const cJSON *arr, const char *name)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, dlist(arr))
        if (cJSON_IsString(dj(c, "name")) && !strcmp(ds(c, "name"), name))
            return c;
    return NULL;
}

static void port_list(struct dw *w, const cJSON *ports, const char *field,
                      struct sb_buf *b)
{
    const cJSON *p;
    bool first = true;

    cJSON_ArrayForEach(p, dlist(ports)) {
        sb_dbuf_addf(w, b, "%s%lld/%s", first ? "" : ", ",
                  (long long)di(p, field, 0), ds(p, "protocol"));
        first = false;
    }
}

static void seccomp(struct dw *w, const cJSON *sc, int level)
{
    const cJSON *sp = dobj(sc, "seccompProfile");

    if (!sp)
        return;
    sb_dw_write(w, level, "SeccompProfile:\t%s\n", ds(sp, "type"));
    if (!strcmp(ds(sp, "type"), "Localhost"))
        sb_dw_write(w, level + 1, "LocalhostProfile:\t%s\n",
                 ds(sp, "localhostProfile"));
}

static void basic_info(struct dw *w, const cJSON *c, const cJSON *st,
                       const char *space)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    sb_dw_write(w, 1, "%s%s:\n", *space ? " " : "", ds(c, "name"));
    if (st)
        sb_dw_write(w, 2, "Container ID:\t%s\n", ds(st, "containerID"));
    sb_dw_write(w, 2, "Image:\t%s\n", ds(c, "image"));
    if (st)
        sb_dw_write(w, 2, "Image ID:\t%s\n", ds(st, "imageID"));
    port_list(w, dj(c, "ports"), "containerPort", &b);
    if (strchr(sb_buf_str(&b), ','))
        sb_dw_write(w, 2, "Ports:\t%s\n", sb_buf_str(&b));
    else
        sb_dw_write(w, 2, "Port:\t%s\n", b.len ? sb_buf_str(&b) : "<none>");
    sb_buf_reset(&b);
    port_list(w, dj(c, "ports"), "hostPort", &b);
    if (strchr(sb_buf_str(&b), ','))
        sb_dw_write(w, 2, "Host Ports:\t%s\n", sb_buf_str(&b));
    else
        sb_dw_write(w, 2, "Host Port:\t%s\n", b.len ? sb_buf_str(&b) : "<none>");
    sb_buf_release(&b);
    seccomp(w, dobj(c, "securityContext"), 2);
}

static void lines_of(struct dw *w, const cJSON *arr, const char *title)
{
    const cJSON *c;

    if (!dlen(arr))
        return;
    sb_dw_write(w, 2, "%s:\n", title);
    cJSON_ArrayForEach(c, arr) {
        const char *s = cJSON_IsString(c) && c->valuestring ? c->valuestring
                                                            : "";
        for (;;) {
            const char *nl = strchr(s, '\n');

            sb_dw_write(w, 3, "%.*s\n", nl ? (int)(nl - s) : (int)strlen(s), s);
            if (!nl)
                break;
            s = nl + 1;
        }
    }
}

static void resource_list(struct dw *w, const cJSON *list, const char *title,
                          int level)
{
    const char **keys;
    size_t n = sb_dkeys(w, list, &keys), i;
    char q[64];

    if (!n)
        return;
    sb_dw_write(w, level, "%s:\n", title);
    for (i = 0; i < n; i++) {
        struct sb_qty v = dq_get(list, keys[i]);

        sb_dw_write(w, level + 1, "%s:\t%s\n", keys[i], sb_qty_str(&v, q));
    }
    sb_free(keys);
}

static void resources(struct dw *w, const cJSON *res, int level)
{
    resource_list(w, dobj(res, "limits"), "Limits", level);
    resource_list(w, dobj(res, "requests"), "Requests", level);
}

static void state(struct dw *w, const char *title, const cJSON *s)
{
    char t[64];
    const cJSON *x;
    int64_t sig;

    if ((x = dobj(s, "running")) != NULL) {
        sb_dw_write(w, 2, "%s:\tRunning\n", title);
        sb_dw_write(w, 3, "Started:\t%s\n", sb_dtime(x, "startedAt", t));
    } else if ((x = dobj(s, "waiting")) != NULL) {
        sb_dw_write(w, 2, "%s:\tWaiting\n", title);
        if (*ds(x, "reason"))
            sb_dw_write(w, 3, "Reason:\t%s\n", ds(x, "reason"));
    } else if ((x = dobj(s, "terminated")) != NULL) {
        sb_dw_write(w, 2, "%s:\tTerminated\n", title);
        if (*ds(x, "reason"))
            sb_dw_write(w, 3, "Reason:\t%s\n", ds(x, "reason"));
        if (*ds(x, "message"))
            sb_dw_write(w, 3, "Message:\t%s\n", ds(x, "message"));
        sb_dw_write(w, 3, "Exit Code:\t%lld\n", (long long)di(x, "exitCode", 0));
        if (dhas_num(x, "signal", &sig) && sig > 0)
            sb_dw_write(w, 3, "Signal:\t%lld\n", (long long)sig);
        sb_dw_write(w, 3, "Started:\t%s\n", sb_dtime(x, "startedAt", t));
        sb_dw_write(w, 3, "Finished:\t%s\n", sb_dtime(x, "finishedAt", t));
    } else {
        sb_dw_write(w, 2, "%s:\tWaiting\n", title);
    }
}

static void probe_text(struct dw *w, const cJSON *p, struct sb_buf *b)
{
    const cJSON *x;
    char port[32];

    if ((x = dobj(p, "exec")) != NULL) {
        sb_dbuf_adds(w, b, "exec ");
        sb_dslice(w, dj(x, "command"), b);
    } else if ((x = dobj(p, "httpGet")) != NULL) {
        const char *host = ds(x, "host"), *path = ds(x, "path");
        const char *scheme = ds(x, "scheme"), *pt;
        size_t i;

        sb_dbuf_adds(w, b, "http-get ");
        for (i = 0; scheme[i]; i++)
            sb_dbuf_addf(w, b, "%c", scheme[i] >= 'A' && scheme[i] <= 'Z'
                                      ? scheme[i] - 'A' + 'a' : scheme[i]);
        if (*scheme)
            sb_dbuf_adds(w, b, ":");
        pt = sb_dintstr(dj(x, "port"), port);
        if (*host || *pt || *scheme)
            sb_dbuf_adds(w, b, "//");
        if (*pt)
            sb_dbuf_addf(w, b, strchr(host, ':') ? "[%s]:%s" : "%s:%s", host,
                      pt);
        else
            sb_dbuf_adds(w, b, host);
        if (*path && *path != '/' && (*host || *pt))
            sb_dbuf_adds(w, b, "/");
        sb_dbuf_adds(w, b, path);
    } else if ((x = dobj(p, "tcpSocket")) != NULL) {
        sb_dbuf_addf(w, b, "tcp-socket %s:%s", ds(x, "host"),
                  sb_dintstr(dj(x, "port"), port));
    } else if ((x = dobj(p, "grpc")) != NULL) {
        sb_dbuf_addf(w, b, "grpc <pod>:%lld %s", (long long)di(x, "port", 0),
                  ds(x, "service"));
    } else {
        sb_dbuf_adds(w, b, "unknown");
    }
    sb_dbuf_addf(w, b, " delay=%llds timeout=%llds period=%llds #success=%lld "
              "#failure=%lld", (long long)di(p, "initialDelaySeconds", 0),
              (long long)di(p, "timeoutSeconds", 0),
              (long long)di(p, "periodSeconds", 0),
              (long long)di(p, "successThreshold", 0),
              (long long)di(p, "failureThreshold", 0));
}

static void probes(struct dw *w, const cJSON *c)
{
    static const char *const keys[][2] = { { "livenessProbe", "Liveness" },
                                           { "readinessProbe", "Readiness" },
                                           { "startupProbe", "Startup" } };
    size_t i;

    for (i = 0; i < 3; i++) {
        struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
        const cJSON *p = dobj(c, keys[i][0]);

        if (!p)
            continue;
        probe_text(w, p, &b);
        sb_dw_write(w, 2, "%s:\t%s\n", keys[i][1], sb_buf_str(&b));
        sb_buf_release(&b);
    }
}

static void env_from(struct dw *w, const cJSON *c)
{
    const cJSON *ef = darr(c, "envFrom"), *e;

    if (!dlen(ef))
        return;
    sb_dw_write(w, 2, "Environment Variables from:\n");
    cJSON_ArrayForEach(e, ef) {
        const cJSON *ref;
        const char *from = "", *name = "", *prefix = ds(e, "prefix");
        bool opt = false;

        if ((ref = dobj(e, "configMapRef")) != NULL)
            from = "ConfigMap";
        else if ((ref = dobj(e, "secretRef")) != NULL)
            from = "Secret";
        if (ref) {
            name = ds(ref, "name");
            opt = db(ref, "optional");
        }
        if (*prefix)
            sb_dw_write(w, 3, "%s\t%s with prefix '%s'\tOptional: %s\n", name,
                     from, prefix, opt ? "true" : "false");
        else
            sb_dw_write(w, 3, "%s\t%s\tOptional: %s\n", name, from,
                     opt ? "true" : "false");
    }
}

/* ExtractContainerResourceValue: the container's own request or limit
 * divided by the divisor, rounded up; "" for what kubectl rejects. */
static void resource_field(const cJSON *c, const cJSON *ref, char buf[64])
{
    const char *res = ds(ref, "resource"), *dot = strchr(res, '.');
    struct sb_qty div = SB_QTY_ZERO, v;
    const cJSON *list;
    char name[64];
    double x;

    buf[0] = '\0';
    if (!dot || (size_t)(dot - res) > 8)
        return;
    if (!strncmp(res, "limits.", 7))
        list = dobj(dobj(c, "resources"), "limits");
    else if (!strncmp(res, "requests.", 9))
        list = dobj(dobj(c, "resources"), "requests");
    else
        return;
    snprintf(name, sizeof(name), "%s", dot + 1);
    if (strcmp(name, "cpu") && strcmp(name, "memory") &&
        strcmp(name, "ephemeral-storage") && strncmp(name, "hugepages-", 10))
        return;
    if (dj(ref, "divisor"))
        sb_qty_parse_json(dj(ref, "divisor"), &div);
    if (!div.nano) {
        div.nano = 1000000000;
        div.fmt = SB_QTY_DECIMAL_SI;
    }
    v = dq_get(list, name);
    if (!strcmp(name, "cpu"))
        x = ceil((double)sb_qty_milli(&v) / (double)sb_qty_milli(&div));
    else
        x = ceil((double)sb_qty_value(&v) / (double)sb_qty_value(&div));
    /* Go converts a non-finite float to the smallest int64 on amd64 */
    if (isnan(x) || isinf(x) || x >= 9.2e18 || x <= -9.2e18)
        snprintf(buf, 64, "%lld", (long long)INT64_MIN);
    else
        snprintf(buf, 64, "%lld", (long long)x);
}

static void env_value_lines(struct dw *w, const char *name, const char *v)
{
    bool first = true;

    for (;;) {
        const char *nl = strchr(v, '\n');
        int len = nl ? (int)(nl - v) : (int)strlen(v);

        if (first)
            sb_dw_write(w, 3, "%s:\t%.*s\n", name, len, v);
        else
            sb_dw_write(w, 3, "\t%.*s\n", len, v);
        first = false;
        if (!nl)
            break;
        v = nl + 1;
    }
}

static void env_vars(struct dw *w, const cJSON *c, const cJSON *pod)
{
    const cJSON *env = darr(c, "env"), *e, *vf, *x;

    sb_dw_write(w, 2, "Environment:%s\n", dlen(env) ? "" : "\t<none>");
    cJSON_ArrayForEach(e, env) {
        const char *name = ds(e, "name");

        vf = dobj(e, "valueFrom");
        if (!vf) {
            env_value_lines(w, name, ds(e, "value"));
        } else if ((x = dobj(vf, "fieldRef")) != NULL) {
            const char *path = ds(x, "fieldPath"), *val = "";

            /* kubectl's scheme converts only these two field labels */
            if (pod && !strcmp(path, "metadata.name"))
                val = sb_dsp(pod, "metadata", "name", NULL);
            else if (pod && !strcmp(path, "metadata.namespace"))
                val = sb_dsp(pod, "metadata", "namespace", NULL);
            sb_dw_write(w, 3, "%s:\t%s (%s:%s)\n", name, val,
                     ds(x, "apiVersion"), path);
        } else if ((x = dobj(vf, "resourceFieldRef")) != NULL) {
            char val[64];
            const char *res = ds(x, "resource");

            resource_field(c, x, val);
            if (!strcmp(val, "0") && (!strcmp(res, "limits.cpu") ||
                                      !strcmp(res, "limits.memory")))
                snprintf(val, sizeof(val), "node allocatable");
            sb_dw_write(w, 3, "%s:\t%s (%s)\n", name, val, res);
        } else if ((x = dobj(vf, "secretKeyRef")) != NULL) {
            sb_dw_write(w, 3, "%s:\t<set to the key '%s' in secret '%s'>\t"
                     "Optional: %s\n", name, ds(x, "key"), ds(x, "name"),
                     db(x, "optional") ? "true" : "false");
        } else if ((x = dobj(vf, "configMapKeyRef")) != NULL) {
            sb_dw_write(w, 3, "%s:\t<set to the key '%s' of config map '%s'>\t"
                     "Optional: %s\n", name, ds(x, "key"), ds(x, "name"),
                     db(x, "optional") ? "true" : "false");
        }
    }
}

static int cmp_mount(const cJSON *a, const cJSON *b)
{
    return strcmp(ds(a, "mountPath"), ds(b, "mountPath"));
}

static int cmp_device(const cJSON *a, const cJSON *b)
{
    return strcmp(ds(a, "devicePath"), ds(b, "devicePath"));
}

/* Go's %q for the printable strings a subPath holds */
static void quoted(struct dw *w, struct sb_buf *b, const char *s)
{
    sb_dbuf_adds(w, b, "\"");
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;

        if (ch == '"' || ch == '\\')
            sb_dbuf_addf(w, b, "\\%c", ch);
        else if (ch == '\n')
            sb_dbuf_adds(w, b, "\\n");
        else if (ch == '\t')
            sb_dbuf_adds(w, b, "\\t");
        else if (ch < 0x20 || ch == 0x7f)
            sb_dbuf_addf(w, b, "\\x%02x", ch);
        else
            sb_dbuf_addf(w, b, "%c", ch);
    }
    sb_dbuf_adds(w, b, "\"");
}

static void mounts(struct dw *w, const cJSON *c)
{
    const cJSON **v;
    size_t n = sb_dvec(w, darr(c, "volumeMounts"), &v), i;
    const char *none = n ? "" : "\t<none>";

    sb_dw_write(w, 2, "Mounts:%s\n", none);
    sb_dsort(v, n, cmp_mount);
    for (i = 0; i < n; i++) {
        struct sb_buf flags = SB_BUF_INIT(SB_BUF_UNLIMITED);

        sb_dbuf_adds(w, &flags, db(v[i], "readOnly") ? "ro" : "rw");
        if (*ds(v[i], "subPath")) {
            sb_dbuf_adds(w, &flags, ",path=");
            quoted(w, &flags, ds(v[i], "subPath"));
        }
        sb_dw_write(w, 3, "%s from %s (%s)\n", ds(v[i], "mountPath"),
                 ds(v[i], "name"), sb_buf_str(&flags));
        sb_buf_release(&flags);
    }
    sb_free(v);
    n = sb_dvec(w, darr(c, "volumeDevices"), &v);
    if (!n)
        return;
    /* kubectl reuses the mounts' "<none>" marker here */
    sb_dw_write(w, 2, "Devices:%s\n", none);
    sb_dsort(v, n, cmp_device);
    for (i = 0; i < n; i++)
        sb_dw_write(w, 3, "%s from %s\n", ds(v[i], "devicePath"),
                 ds(v[i], "name"));
    sb_free(v);
}

static void containers(struct dw *w, const char *label, const cJSON *list,
                       const cJSON *statuses, const cJSON *pod,
                       const char *space)
{
    const cJSON *c;

    sb_dw_write(w, 0, "%s%s:%s\n", space, label, dlen(list) ? "" : " <none>");
    cJSON_ArrayForEach(c, dlist(list)) {
        const cJSON *st = find_named(statuses, ds(c, "name"));

        basic_info(w, c, st, space);
        lines_of(w, darr(c, "command"), "Command");
        lines_of(w, darr(c, "args"), "Args");
        if (st) {
            state(w, "State", dobj(st, "state"));
            if (dobj(dobj(st, "lastState"), "terminated"))
                state(w, "Last State", dobj(st, "lastState"));
            sb_dw_write(w, 2, "Ready:\t%s\n", db(st, "ready") ? "True" : "False");
            sb_dw_write(w, 2, "Restart Count:\t%lld\n",
                     (long long)di(st, "restartCount", 0));
        }
        resources(w, dobj(c, "resources"), 2);
        probes(w, c);
        env_from(w, c);
        env_vars(w, c, pod);
        mounts(w, c);
    }
}

static int cmp_tsc(const cJSON *a, const cJSON *b)
{
    return strcmp(ds(a, "topologyKey"), ds(b, "topologyKey"));
}

static void spread(struct dw *w, const cJSON *list, const char *space)
{
    const cJSON **v;
    size_t n = sb_dvec(w, list, &v), i;

    if (!n)
        return;
    sb_dsort(v, n, cmp_tsc);
    sb_dw_write(w, 0, "%sTopology Spread Constraints:\t", space);
    for (i = 0; i < n; i++) {
        const cJSON *sel = dj(v[i], "labelSelector");

        if (i) {
            sb_dw_write(w, 0, "%s", space);
            sb_dw_write(w, 0, "\t");
        }
        sb_dw_write(w, 0, "%s:", ds(v[i], "topologyKey"));
        sb_dw_write(w, 0, "%s", ds(v[i], "whenUnsatisfiable"));
        sb_dw_write(w, 0, " when max skew %lld is exceeded",
                 (long long)di(v[i], "maxSkew", 0));
        if (sel && !cJSON_IsNull(sel)) {
            struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

            if (!sb_dselector(w, sel, &b)) {
                sb_buf_reset(&b);
                sb_dbuf_adds(w, &b, "<error>");
            }
            sb_dw_write(w, 0, " for selector %s", b.len ? sb_buf_str(&b)
                                                     : "<none>");
            sb_buf_release(&b);
        }
        sb_dw_write(w, 0, "\n");
    }
    sb_free(v);
}

void sb_dp_pod_template(struct dw *w, const cJSON *tmpl)
{
    const cJSON *md = dobj(tmpl, "metadata"), *spec = dobj(tmpl, "spec");

    sb_dw_write(w, 0, "Pod Template:\n");
    sb_dp_labels(w, "", "  Labels", "\t", dobj(md, "labels"));
    if (dobj(md, "annotations") && dobj(md, "annotations")->child)
        sb_dp_annotations(w, "  Annotations", dobj(md, "annotations"));
    if (*ds(spec, "serviceAccountName"))
        sb_dw_write(w, 1, "Service Account:\t%s\n", ds(spec, "serviceAccountName"));
    if (dlen(darr(spec, "initContainers")))
        containers(w, "Init Containers", darr(spec, "initContainers"), NULL,
                   NULL, "  ");
    containers(w, "Containers", darr(spec, "containers"), NULL, NULL, "  ");
    sb_dp_volumes(w, darr(spec, "volumes"), "  ");
    spread(w, darr(spec, "topologySpreadConstraints"), "  ");
    if (*ds(spec, "priorityClassName"))
        sb_dw_write(w, 1, "Priority Class Name:\t%s\n",
                 ds(spec, "priorityClassName"));
    sb_dp_labels(w, "", "  Node-Selectors", "\t", dobj(spec, "nodeSelector"));
    sb_dp_tolerations(w, "  Tolerations", darr(spec, "tolerations"));
}

/* ---- requests, limits and QoS -------------------------------------- */

static void list_add(struct sb_qty *acc, const cJSON *list, const char *name)
{
    const cJSON *v = dj(list, name);
    struct sb_qty q;

    if (v && sb_qty_parse_json(v, &q))
        sb_qty_add(acc, &q);
}

static bool list_has(const cJSON *list, const char *name)
{
    return dj(list, name) != NULL;
}

/* One resource through kubectl's podRequests/podLimits: containers
 * summed, init containers maxed (restartable ones summed in), overhead
 * added (to limits only where non-zero). */
static void pod_total(const cJSON *pod, const char *what, const char *name,
                      struct sb_qty *out, bool *present)
{
    const cJSON *spec = dobj(pod, "spec"), *c;
    struct sb_qty sum = SB_QTY_ZERO, restartable = SB_QTY_ZERO, init = SB_QTY_ZERO;
    bool has = false, has_restartable = false, has_init = false;

    cJSON_ArrayForEach(c, darr(spec, "containers")) {
        const cJSON *l = dobj(dobj(c, "resources"), what);
        const cJSON *cs = find_named(darr(dobj(pod, "status"),
                                          "containerStatuses"), ds(c, "name"));
        const cJSON *sl = dobj(dobj(cs, "resources"), what);

        /* requests resized in place: the larger of spec and status, or
         * the status alone when the resize is infeasible */
        if (!strcmp(what, "requests") && dobj(cs, "resources")) {
            struct sb_qty a = dq_get(l, name), b = dq_get(sl, name);

            if (!strcmp(sb_dsp(pod, "status", "resize", NULL), "Infeasible")) {
                l = sl;
            } else if (list_has(l, name) && list_has(sl, name)) {
                if (sb_qty_cmp(&a, &b) <= 0)
                    l = sl;
            } else if (!list_has(l, name)) {
                l = sl;
            }
        }
        if (list_has(l, name)) {
            list_add(&sum, l, name);
            has = true;
        }
    }
    cJSON_ArrayForEach(c, darr(spec, "initContainers")) {
        const cJSON *l = dobj(dobj(c, "resources"), what);
        struct sb_qty cur = SB_QTY_ZERO;
        bool cur_has;

        if (!strcmp(ds(c, "restartPolicy"), "Always")) {
            if (list_has(l, name)) {
                list_add(&sum, l, name);
                list_add(&restartable, l, name);
                has = has_restartable = true;
            }
            cur = restartable;
            cur_has = has_restartable;
        } else {
            cur_has = list_has(l, name) || has_restartable;
            list_add(&cur, l, name);
            sb_qty_add(&cur, &restartable);
        }
        if (cur_has && (!has_init || sb_qty_cmp(&cur, &init) > 0)) {
            init = cur;
            has_init = true;
        }
    }
    if (has_init && (!has || sb_qty_cmp(&init, &sum) > 0)) {
        sum = init;
        has = true;
    }
    if (list_has(dobj(spec, "overhead"), name)) {
        if (!strcmp(what, "requests")) {
            list_add(&sum, dobj(spec, "overhead"), name);
            has = true;
        } else if (has && sum.nano) {
            list_add(&sum, dobj(spec, "overhead"), name);
        }
    }
    *out = sum;
    *present = has;
}

void sb_dpod_reqlim(const cJSON *pod, const char *name, struct sb_qty *req,
                 struct sb_qty *lim)
{
    bool has;

    pod_total(pod, "requests", name, req, &has);
    pod_total(pod, "limits", name, lim, &has);
}

static bool qos_positive(const cJSON *list, const char *name)
{
    struct sb_qty q = dq_get(list, name);

    return q.nano > 0;
}

/* ComputePodQOS when status.qosClass is empty */
static const char *pod_qos(const cJSON *pod)
{
    static const char *const names[] = { "cpu", "memory" };
    const cJSON *spec = dobj(pod, "spec"), *c;
    struct sb_qty req[2] = { SB_QTY_ZERO, SB_QTY_ZERO }, lim[2] = { SB_QTY_ZERO, SB_QTY_ZERO };
    bool has_req[2] = { false, false }, has_lim[2] = { false, false };
    bool guaranteed = true;
    int pass, i;

    if (*sb_dsp(pod, "status", "qosClass", NULL))
        return sb_dsp(pod, "status", "qosClass", NULL);
    for (pass = 0; pass < 2; pass++) {
        cJSON_ArrayForEach(c, darr(spec, pass ? "initContainers"
                                              : "containers")) {
            const cJSON *r = dobj(dobj(c, "resources"), "requests");
            const cJSON *l = dobj(dobj(c, "resources"), "limits");

            for (i = 0; i < 2; i++) {
                if (qos_positive(r, names[i])) {
                    list_add(&req[i], r, names[i]);
                    has_req[i] = true;
                }
                if (qos_positive(l, names[i])) {
                    list_add(&lim[i], l, names[i]);
                    has_lim[i] = true;
                }
            }
            if (!qos_positive(l, "cpu") || !qos_positive(l, "memory"))
                guaranteed = false;
        }
    }
    if (!has_req[0] && !has_req[1] && !has_lim[0] && !has_lim[1])
        return "BestEffort";
    for (i = 0; i < 2 && guaranteed; i++)
        if (has_req[i] && (!has_lim[i] || sb_qty_cmp(&req[i], &lim[i])))
            guaranteed = false;
    if (guaranteed && has_req[0] + has_req[1] == has_lim[0] + has_lim[1])
        return "Guaranteed";
    return "Burstable";
}

/* ---- the pod -------------------------------------------------------- */

static void pod_ips(struct dw *w, const cJSON *status)
{
    const cJSON *ips = darr(status, "podIPs"), *ip;

    if (!dlen(ips)) {
        sb_dw_write(w, 0, "IPs:\t<none>\n");
        return;
    }
    sb_dw_write(w, 0, "IPs:\n");
    cJSON_ArrayForEach(ip, ips)
        sb_dw_write(w, 1, "IP:\t%s\n", ds(ip, "ip"));
}

static void readiness_gates(struct dw *w, const cJSON *spec,
                            const cJSON *status)
{
    const cJSON *g, *c;

    if (!dlen(darr(spec, "readinessGates")))
        return;
    sb_dw_write(w, 0, "Readiness Gates:\n  Type\tStatus\n");
    cJSON_ArrayForEach(g, darr(spec, "readinessGates")) {
        const char *st = "<none>";

        cJSON_ArrayForEach(c, darr(status, "conditions")) {
            if (!strcmp(ds(c, "type"), ds(g, "conditionType"))) {
                st = ds(c, "status");
                break;
            }
        }
        sb_dw_write(w, 1, "%s \t%s \n", ds(g, "conditionType"), st);
    }
}

void sb_describe_pod(struct dw *w, const cJSON *o,
                  const struct sb_describe_related *r)
{
    const cJSON *md = dobj(o, "metadata"), *spec = dobj(o, "spec");
    const cJSON *status = dobj(o, "status"), *c;
    const char *phase = ds(status, "phase");
    char t[64], owner[512];
    int64_t v;

    sb_dw_write(w, 0, "Name:\t%s\n", ds(md, "name"));
    sb_dw_write(w, 0, "Namespace:\t%s\n", ds(md, "namespace"));
    if (dhas_num(spec, "priority", &v))
        sb_dw_write(w, 0, "Priority:\t%lld\n", (long long)v);
    if (*ds(spec, "priorityClassName"))
        sb_dw_write(w, 0, "Priority Class Name:\t%s\n",
                 ds(spec, "priorityClassName"));
    if (*ds(spec, "runtimeClassName"))
        sb_dw_write(w, 0, "Runtime Class Name:\t%s\n",
                 ds(spec, "runtimeClassName"));
    if (*ds(spec, "serviceAccountName"))
        sb_dw_write(w, 0, "Service Account:\t%s\n",
                 ds(spec, "serviceAccountName"));
    if (!*ds(spec, "nodeName"))
        sb_dw_write(w, 0, "Node:\t<none>\n");
    else
        sb_dw_write(w, 0, "Node:\t%s/%s\n", ds(spec, "nodeName"),
                 ds(status, "hostIP"));
    if (dpresent(status, "startTime"))
        sb_dw_write(w, 0, "Start Time:\t%s\n", sb_dtime(status, "startTime", t));
    sb_dp_labels(w, "", "Labels", "\t", dobj(md, "labels"));
    sb_dp_annotations(w, "Annotations", dobj(md, "annotations"));
    if (dpresent(md, "deletionTimestamp") && strcmp(phase, "Failed") &&
        strcmp(phase, "Succeeded")) {
        char age[32];

        sb_dw_write(w, 0, "Status:\tTerminating (lasts %s)\n",
                 sb_dage(w, md, "deletionTimestamp", age));
        sb_dw_write(w, 0, "Termination Grace Period:\t%llds\n",
                 (long long)di(md, "deletionGracePeriodSeconds", 0));
    } else {
        sb_dw_write(w, 0, "Status:\t%s\n", phase);
    }
    if (*ds(status, "reason"))
        sb_dw_write(w, 0, "Reason:\t%s\n", ds(status, "reason"));
    if (*ds(status, "message"))
        sb_dw_write(w, 0, "Message:\t%s\n", ds(status, "message"));
    seccomp(w, dobj(spec, "securityContext"), 0);
    sb_dw_write(w, 0, "IP:\t%s\n", ds(status, "podIP"));
    pod_ips(w, status);
    if (sb_dcontroller(o, owner, sizeof(owner)))
        sb_dw_write(w, 0, "Controlled By:\t%s\n", owner);
    if (*ds(status, "nominatedNodeName"))
        sb_dw_write(w, 0, "NominatedNodeName:\t%s\n",
                 ds(status, "nominatedNodeName"));
    if (dobj(spec, "resources")) {
        sb_dw_write(w, 0, "Resources:\n");
        resources(w, dobj(spec, "resources"), 1);
    }
    if (dlen(darr(spec, "initContainers")))
        containers(w, "Init Containers", darr(spec, "initContainers"),
                   darr(status, "initContainerStatuses"), o, "");
    containers(w, "Containers", darr(spec, "containers"),
               darr(status, "containerStatuses"), o, "");
    if (dlen(darr(spec, "ephemeralContainers")))
        containers(w, "Ephemeral Containers", darr(spec, "ephemeralContainers"),
                   darr(status, "ephemeralContainerStatuses"), o, "");
    readiness_gates(w, spec, status);
    if (dlen(darr(status, "conditions"))) {
        sb_dw_write(w, 0, "Conditions:\n  Type\tStatus\n");
        cJSON_ArrayForEach(c, darr(status, "conditions"))
            sb_dw_write(w, 1, "%s \t%s \n", ds(c, "type"), ds(c, "status"));
    }
    sb_dp_volumes(w, darr(spec, "volumes"), "");
    sb_dw_write(w, 0, "QoS Class:\t%s\n", pod_qos(o));
    sb_dp_labels(w, "", "Node-Selectors", "\t", dobj(spec, "nodeSelector"));
    sb_dp_tolerations(w, "Tolerations", darr(spec, "tolerations"));
    spread(w, darr(spec, "topologySpreadConstraints"), "");
    sb_dp_events(w, o, r->events, "Pod", true, NULL);
}
