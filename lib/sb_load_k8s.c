/*
 * Kubernetes objects into the database: every object into 'objects' (raw
 * JSON), the kinds the rules join on into their typed tables.
 *
 * Parsing: cJSON builds the tree the typed loaders walk; the raw JSON of
 * each object for 'objects' comes from SQLite's own JSON parser
 * (json_each over the member's text), which the bench measured as faster
 * than printing each cJSON item back (see docs/schema.md, "Loading").
 */
#include "sb_load_ctx.h"

#include <stdio.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_pod_status.h"
#include "sb_quantity.h"
#include "sb_time.h"

/* ---- small JSON accessors: absent or wrongly typed reads as NULL ---- */

static const cJSON *get(const cJSON *o, const char *key)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

static const cJSON *getobj(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);

    return cJSON_IsObject(v) ? v : NULL;
}

static const char *getstr(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A string or a number as text ("8080" for targetPort 8080). */
static const char *jtext(const cJSON *o, const char *key, char buf[32])
{
    const cJSON *v = get(o, key);

    if (cJSON_IsString(v))
        return v->valuestring;
    if (cJSON_IsNumber(v)) {
        snprintf(buf, 32, "%.15g", v->valuedouble);
        return buf;
    }
    return NULL;
}

struct jtime {
    char s[SB_TIME_MAX];
};

/* Normalised UTC time of o[key], NULL when absent or not a time. */
static const char *gettime(const cJSON *o, const char *key, struct jtime *t)
{
    const char *s = getstr(o, key);

    if (!s || !sb_time_normalize(s, t->s))
        return NULL;
    return t->s;
}

/* ---- binding ---- */

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
    sb_db_bind_text(st, i, s, -1);
}

/* Binds the JSON text of 'v' (or NULL); the text is kept in 'keep' until
 * the row is written. */
struct texts {
    char *p[16];
    int n;
};

static void bind_json(sqlite3_stmt *st, int i, const cJSON *v,
                      struct texts *keep)
{
    char *s;

    if (!v || cJSON_IsNull(v) || keep->n == 16) {
        sqlite3_bind_null(st, i);
        return;
    }
    s = cJSON_PrintUnformatted(v);
    if (!s) {
        sqlite3_bind_null(st, i);
        return;
    }
    keep->p[keep->n++] = s;
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void texts_release(struct texts *keep)
{
    int i;

    for (i = 0; i < keep->n; i++)
        cJSON_free(keep->p[i]);
    keep->n = 0;
}

static void bind_int_of(sqlite3_stmt *st, int i, const cJSON *o,
                        const char *key)
{
    const cJSON *v = get(o, key);

    if (cJSON_IsNumber(v))
        sqlite3_bind_int64(st, i, (sqlite3_int64)v->valuedouble);
    else if (cJSON_IsBool(v))
        sqlite3_bind_int(st, i, cJSON_IsTrue(v));
    else
        sqlite3_bind_null(st, i);
}

static void bind_bool_of(sqlite3_stmt *st, int i, const cJSON *o,
                         const char *key)
{
    const cJSON *v = get(o, key);

    if (cJSON_IsBool(v))
        sqlite3_bind_int(st, i, cJSON_IsTrue(v));
    else
        sqlite3_bind_null(st, i);
}

static void bind_quantity(sqlite3_stmt *st, int i, const char *resource,
                          const char *text)
{
    double v;

    if (text && sb_quantity_parse_for(resource, text, &v))
        sqlite3_bind_double(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

/* Text of one object inside a member. */
struct span {
    const char *p;
    size_t len;
};

/* One object being loaded: what every typed loader needs. */
struct obj {
    struct sb_load_ctx *ctx;
    const cJSON *o, *meta, *spec, *status;
    const char *kind, *api, *ns, *name, *file;
    struct jtime created;
    const char *created_s;
};

static int run(struct obj *ob, sqlite3_stmt *st, struct sb_err *err)
{
    return sb_db_run(ob->ctx->db, st, err);
}

#define STMT(sql)                                                   \
    sqlite3_stmt *st = sb_db_stmt(ob->ctx->db, sql, err);           \
    if (!st)                                                        \
        return err->code

/* ---- typed loaders ---- */

static int load_owners(struct obj *ob, struct sb_err *err)
{
    const cJSON *ref;
    int rc;

    cJSON_ArrayForEach(ref, get(ob->meta, "ownerReferences")) {
        STMT("INSERT INTO owners VALUES (?,?,?,?,?,?,?,?)");
        if (!getstr(ref, "kind") || !getstr(ref, "name"))
            continue;
        sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
        bind_str(st, 2, ob->kind);
        bind_str(st, 3, ob->ns);
        bind_str(st, 4, ob->name);
        bind_str(st, 5, getstr(ref, "kind"));
        bind_str(st, 6, getstr(ref, "name"));
        bind_str(st, 7, getstr(ref, "uid"));
        bind_bool_of(st, 8, ref, "controller");
        if ((rc = run(ob, st, err)))
            return rc;
    }
    return 0;
}

static const cJSON *controller_ref(const cJSON *meta)
{
    const cJSON *ref, *first = NULL;

    cJSON_ArrayForEach(ref, get(meta, "ownerReferences")) {
        if (cJSON_IsTrue(get(ref, "controller")))
            return ref;
        if (!first)
            first = ref;
    }
    return first;
}

static const char *quantity_text(const cJSON *resources, const char *which,
                                 const char *res)
{
    return getstr(getobj(resources, which), res);
}

static double sum_gpu(const cJSON *containers)
{
    const cJSON *c;
    double total = 0, v;

    cJSON_ArrayForEach(c, containers) {
        const char *q = quantity_text(getobj(c, "resources"), "limits",
                                      "nvidia.com/gpu");
        if (!q)
            q = quantity_text(getobj(c, "resources"), "requests",
                              "nvidia.com/gpu");
        if (q && sb_quantity_parse(q, &v))
            total += v;
    }
    return total;
}

static const cJSON *find_condition(const cJSON *status, const char *type)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, get(status, "conditions")) {
        const char *t = getstr(c, "type");
        if (t && strcmp(t, type) == 0)
            return c;
    }
    return NULL;
}

static const cJSON *find_status(const cJSON *list, const char *name)
{
    const cJSON *cs;

    cJSON_ArrayForEach(cs, list) {
        const char *n = getstr(cs, "name");
        if (n && name && strcmp(n, name) == 0)
            return cs;
    }
    return NULL;
}

static void bind_state(sqlite3_stmt *st, int i, const cJSON *state,
                       bool with_started)
{
    /* i: state, reason, message, exit code, [signal], started, finished */
    static const char *const names[] = { "waiting", "running",
                                         "terminated" };
    const cJSON *s = NULL;
    struct jtime t1, t2;
    size_t k;

    for (k = 0; k < 3 && !s; k++)
        if ((s = getobj(state, names[k])))
            break;
    if (!s) {
        for (k = 0; k < (with_started ? 6u : 7u); k++)
            sqlite3_bind_null(st, i + (int)k);
        return;
    }
    bind_str(st, i, names[k]);
    bind_str(st, i + 1, getstr(s, "reason"));
    bind_str(st, i + 2, getstr(s, "message"));
    bind_int_of(st, i + 3, s, "exitCode");
    if (!with_started) {
        bind_int_of(st, i + 4, s, "signal");
        i++;
    }
    /* the times live in this frame: SQLite must copy them */
    sqlite3_bind_text(st, i + 4, gettime(s, "startedAt", &t1), -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(st, i + 5, gettime(s, "finishedAt", &t2), -1,
                      SQLITE_TRANSIENT);
}

static int load_container(struct obj *ob, const cJSON *c, const char *type,
                          const cJSON *statuses, struct sb_err *err)
{
    const char *name = getstr(c, "name");
    const cJSON *cs = find_status(statuses, name);
    const cJSON *res = getobj(c, "resources");
    struct texts keep = { { 0 }, 0 };
    int rc;
    STMT("INSERT INTO containers VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
         "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");

    if (!name)
        return 0;
    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, ob->ns);
    bind_str(st, 3, ob->name);
    bind_str(st, 4, name);
    bind_str(st, 5, type);
    bind_str(st, 6, getstr(c, "image"));
    bind_str(st, 7, getstr(cs, "imageID"));
    bind_json(st, 8, get(c, "command"), &keep);
    bind_json(st, 9, get(c, "args"), &keep);
    bind_json(st, 10, get(c, "env"), &keep);
    bind_json(st, 11, get(c, "envFrom"), &keep);
    bind_json(st, 12, get(c, "volumeMounts"), &keep);
    bind_json(st, 13, get(c, "ports"), &keep);
    bind_quantity(st, 14, "cpu", quantity_text(res, "requests", "cpu"));
    bind_quantity(st, 15, "cpu", quantity_text(res, "limits", "cpu"));
    bind_quantity(st, 16, "memory", quantity_text(res, "requests", "memory"));
    bind_quantity(st, 17, "memory", quantity_text(res, "limits", "memory"));
    bind_quantity(st, 18, NULL, quantity_text(res, "requests",
                                              "nvidia.com/gpu"));
    bind_quantity(st, 19, NULL, quantity_text(res, "limits",
                                              "nvidia.com/gpu"));
    bind_json(st, 20, get(c, "livenessProbe"), &keep);
    bind_json(st, 21, get(c, "readinessProbe"), &keep);
    bind_json(st, 22, get(c, "startupProbe"), &keep);
    bind_bool_of(st, 23, cs, "ready");
    bind_bool_of(st, 24, cs, "started");
    bind_int_of(st, 25, cs, "restartCount");
    bind_state(st, 26, getobj(cs, "state"), true);
    bind_state(st, 32, getobj(cs, "lastState"), false);
    rc = run(ob, st, err);
    texts_release(&keep);
    return rc;
}

/* status.conditions of 'ob' into the table of 'sql', whose columns are
 * bundle_id, the 'nkeys' strings of 'keys' (the object's identity), then
 * type, status, reason, message, lastTransitionTime and, with
 * 'heartbeat', lastHeartbeatTime (nodes). Conditions without a type are
 * skipped. */
static int load_conditions(struct obj *ob, const char *sql,
                           const char *const *keys, int nkeys, bool heartbeat,
                           struct sb_err *err)
{
    static const char *const fields[] = { "type", "status", "reason",
                                          "message" };
    const cJSON *c;
    struct jtime t1, t2;
    int i, col, rc;

    cJSON_ArrayForEach(c, get(ob->status, "conditions")) {
        sqlite3_stmt *st = sb_db_stmt(ob->ctx->db, sql, err);
        if (!st)
            return err->code;
        if (!getstr(c, "type"))
            continue;
        sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
        for (col = 2, i = 0; i < nkeys; i++)
            bind_str(st, col++, keys[i]);
        for (i = 0; i < 4; i++)
            bind_str(st, col++, getstr(c, fields[i]));
        bind_str(st, col++, gettime(c, "lastTransitionTime", &t1));
        if (heartbeat)
            bind_str(st, col, gettime(c, "lastHeartbeatTime", &t2));
        if ((rc = run(ob, st, err)))
            return rc;
    }
    return 0;
}

static int load_pod_conditions(struct obj *ob, struct sb_err *err)
{
    const char *keys[] = { ob->ns, ob->name };

    return load_conditions(ob, "INSERT INTO pod_conditions VALUES "
                           "(?,?,?,?,?,?,?,?)", keys, 2, false, err);
}

static int load_pod(struct obj *ob, struct sb_err *err)
{
    struct sb_pod_status ps;
    const cJSON *owner = controller_ref(ob->meta);
    const cJSON *ready = find_condition(ob->status, "Ready");
    const cJSON *sched = find_condition(ob->status, "PodScheduled");
    const cJSON *c;
    struct texts keep = { { 0 }, 0 };
    struct jtime t1, t2;
    int rc;
    STMT("INSERT INTO pods VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
         "?,?,?,?,?,?,?,?,?,?,?)");

    if (!ob->ns)
        return 0;
    sb_pod_status(ob->o, &ps);
    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, ob->ns);
    bind_str(st, 3, ob->name);
    bind_str(st, 4, getstr(ob->meta, "uid"));
    bind_str(st, 5, ob->created_s);
    bind_str(st, 6, gettime(ob->meta, "deletionTimestamp", &t1));
    bind_str(st, 7, getstr(ob->spec, "nodeName"));
    bind_str(st, 8, getstr(ob->status, "phase"));
    bind_str(st, 9, getstr(ob->status, "reason"));
    bind_str(st, 10, getstr(ob->status, "message"));
    bind_str(st, 11, ps.status);
    if (ready)
        sqlite3_bind_int(st, 12, strcmp(getstr(ready, "status") ?
                                        getstr(ready, "status") : "",
                                        "True") == 0);
    else
        sqlite3_bind_int(st, 12, 0);
    sqlite3_bind_int(st, 13, ps.ready);
    sqlite3_bind_int(st, 14, ps.total);
    sqlite3_bind_int(st, 15, ps.restarts);
    bind_str(st, 16, getstr(ob->status, "qosClass"));
    bind_str(st, 17, getstr(ob->spec, "priorityClassName"));
    bind_str(st, 18, getstr(ob->spec, "serviceAccountName"));
    bind_str(st, 19, getstr(owner, "kind"));
    bind_str(st, 20, getstr(owner, "name"));
    bind_str(st, 21, getstr(sched, "reason"));
    bind_str(st, 22, getstr(sched, "message"));
    bind_str(st, 23, gettime(ob->status, "startTime", &t2));
    bind_json(st, 24, get(ob->spec, "nodeSelector"), &keep);
    bind_json(st, 25, get(ob->spec, "tolerations"), &keep);
    bind_json(st, 26, get(ob->spec, "affinity"), &keep);
    bind_json(st, 27, get(ob->spec, "volumes"), &keep);
    bind_json(st, 28, get(ob->meta, "labels"), &keep);
    bind_json(st, 29, get(ob->meta, "annotations"), &keep);
    sqlite3_bind_double(st, 30, sum_gpu(get(ob->spec, "containers")));
    bind_str(st, 31, ob->file);
    rc = run(ob, st, err);
    texts_release(&keep);
    if (rc)
        return rc;
    if ((rc = load_pod_conditions(ob, err)))
        return rc;
    cJSON_ArrayForEach(c, get(ob->spec, "initContainers"))
        if ((rc = load_container(ob, c, "init",
                                 get(ob->status, "initContainerStatuses"),
                                 err)))
            return rc;
    cJSON_ArrayForEach(c, get(ob->spec, "containers"))
        if ((rc = load_container(ob, c, "container",
                                 get(ob->status, "containerStatuses"), err)))
            return rc;
    cJSON_ArrayForEach(c, get(ob->spec, "ephemeralContainers"))
        if ((rc = load_container(ob, c, "ephemeral",
                                 get(ob->status,
                                     "ephemeralContainerStatuses"), err)))
            return rc;
    return 0;
}

static void node_roles(const cJSON *labels, char *out, size_t cap)
{
    static const char prefix[] = "node-role.kubernetes.io/";
    const cJSON *l;
    size_t len = 0;

    out[0] = '\0';
    cJSON_ArrayForEach(l, labels) {
        const char *role = NULL;
        if (!l->string)
            continue;
        if (strncmp(l->string, prefix, sizeof(prefix) - 1) == 0)
            role = l->string + sizeof(prefix) - 1;
        else if (strcmp(l->string, "kubernetes.io/role") == 0 &&
                 cJSON_IsString(l))
            role = l->valuestring;
        if (!role || !*role)
            continue;
        len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%s%s",
                                len ? "," : "", role);
        if (len >= cap) {
            out[cap - 1] = '\0';
            return;
        }
    }
}

static int load_node_resources(struct obj *ob, struct sb_err *err)
{
    const cJSON *cap = getobj(ob->status, "capacity");
    const cJSON *alloc = getobj(ob->status, "allocatable");
    const cJSON *r;
    int rc;

    /* every resource named in either list, capacity's first */
    cJSON_ArrayForEach(r, cap) {
        STMT("INSERT INTO node_resources VALUES (?,?,?,?,?,?,?)");
        const char *a = getstr(alloc, r->string);
        sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
        bind_str(st, 2, ob->name);
        bind_str(st, 3, r->string);
        bind_quantity(st, 4, r->string, cJSON_IsString(r) ? r->valuestring
                                                          : NULL);
        bind_quantity(st, 5, r->string, a);
        bind_str(st, 6, cJSON_IsString(r) ? r->valuestring : NULL);
        bind_str(st, 7, a);
        if ((rc = run(ob, st, err)))
            return rc;
    }
    cJSON_ArrayForEach(r, alloc) {
        STMT("INSERT INTO node_resources VALUES (?,?,?,NULL,?,NULL,?)");
        if (!r->string || get(cap, r->string))
            continue;
        sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
        bind_str(st, 2, ob->name);
        bind_str(st, 3, r->string);
        bind_quantity(st, 4, r->string, cJSON_IsString(r) ? r->valuestring
                                                          : NULL);
        bind_str(st, 5, cJSON_IsString(r) ? r->valuestring : NULL);
        if ((rc = run(ob, st, err)))
            return rc;
    }
    return 0;
}

static int load_node(struct obj *ob, struct sb_err *err)
{
    const cJSON *labels = getobj(ob->meta, "labels");
    const cJSON *info = getobj(ob->status, "nodeInfo");
    const cJSON *ready = find_condition(ob->status, "Ready");
    const cJSON *c, *a;
    const char *ip = NULL, *itype;
    struct texts keep = { { 0 }, 0 };
    struct jtime t;
    char roles[512];
    int rc;

    cJSON_ArrayForEach(a, get(ob->status, "addresses")) {
        const char *type = getstr(a, "type");
        if (type && strcmp(type, "InternalIP") == 0 && !ip)
            ip = getstr(a, "address");
    }
    itype = getstr(labels, "node.kubernetes.io/instance-type");
    if (!itype)
        itype = getstr(labels, "beta.kubernetes.io/instance-type");
    node_roles(labels, roles, sizeof(roles));
    {
        STMT("INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
        bind_str(st, 2, ob->name);
        bind_str(st, 3, getstr(ob->meta, "uid"));
        bind_str(st, 4, ob->created_s);
        bind_str(st, 5, getstr(ready, "status"));
        bind_str(st, 6, gettime(ready, "lastTransitionTime", &t));
        sqlite3_bind_int(st, 7, cJSON_IsTrue(get(ob->spec, "unschedulable")));
        bind_str(st, 8, roles[0] ? roles : NULL);
        bind_str(st, 9, getstr(info, "kubeletVersion"));
        bind_str(st, 10, getstr(info, "osImage"));
        bind_str(st, 11, getstr(info, "kernelVersion"));
        bind_str(st, 12, getstr(info, "containerRuntimeVersion"));
        bind_str(st, 13, ip);
        bind_str(st, 14, itype);
        bind_str(st, 15, getstr(labels, "nvidia.com/gpu.product"));
        bind_json(st, 16, labels, &keep);
        bind_str(st, 17, ob->file);
        rc = run(ob, st, err);
        texts_release(&keep);
        if (rc)
            return rc;
    }
    if ((rc = load_conditions(ob, "INSERT INTO node_conditions VALUES "
                              "(?,?,?,?,?,?,?,?)", &ob->name, 1, true, err)))
        return rc;
    cJSON_ArrayForEach(c, get(ob->spec, "taints")) {
        struct jtime t1;
        STMT("INSERT INTO node_taints VALUES (?,?,?,?,?,?)");
        if (!getstr(c, "key"))
            continue;
        sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
        bind_str(st, 2, ob->name);
        bind_str(st, 3, getstr(c, "key"));
        bind_str(st, 4, getstr(c, "value"));
        bind_str(st, 5, getstr(c, "effect"));
        bind_str(st, 6, gettime(c, "timeAdded", &t1));
        if ((rc = run(ob, st, err)))
            return rc;
    }
    return load_node_resources(ob, err);
}

static int load_namespace(struct obj *ob, struct sb_err *err)
{
    STMT("INSERT INTO namespaces VALUES (?,?,?,?)");
    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, ob->name);
    bind_str(st, 3, getstr(ob->status, "phase"));
    bind_str(st, 4, ob->created_s);
    return run(ob, st, err);
}

static int load_workload_conditions(struct obj *ob, struct sb_err *err)
{
    const char *keys[] = { ob->kind, ob->ns, ob->name };

    return load_conditions(ob, "INSERT INTO workload_conditions VALUES "
                           "(?,?,?,?,?,?,?,?,?)", keys, 3, false, err);
}

/* Which status fields mean desired/current/ready/... for each kind. */
struct wl_map {
    const char *kind;
    const char *desired, *current, *ready, *available, *updated,
        *unavailable, *strategy;
    bool desired_in_status;
};

static const struct wl_map wl_maps[] = {
    { "Deployment", "replicas", "replicas", "readyReplicas",
      "availableReplicas", "updatedReplicas", "unavailableReplicas",
      "strategy", false },
    { "ReplicaSet", "replicas", "replicas", "readyReplicas",
      "availableReplicas", NULL, NULL, NULL, false },
    { "ReplicationController", "replicas", "replicas", "readyReplicas",
      "availableReplicas", NULL, NULL, NULL, false },
    { "StatefulSet", "replicas", "replicas", "readyReplicas",
      "availableReplicas", "updatedReplicas", NULL, "updateStrategy",
      false },
    { "DaemonSet", "desiredNumberScheduled", "currentNumberScheduled",
      "numberReady", "numberAvailable", "updatedNumberScheduled",
      "numberUnavailable", "updateStrategy", true },
    { "Job", "completions", "active", "ready", NULL, NULL, NULL, NULL,
      false },
    { "CronJob", NULL, NULL, NULL, NULL, NULL, NULL, NULL, false },
};

static int load_workload(struct obj *ob, const struct wl_map *m,
                         struct sb_err *err)
{
    const cJSON *spec = ob->spec, *tmpl;
    const cJSON *desired_src = m->desired_in_status ? ob->status : spec;
    struct texts keep = { { 0 }, 0 };
    bool is_cron = strcmp(m->kind, "CronJob") == 0;
    bool is_job = strcmp(m->kind, "Job") == 0;
    int rc;
    STMT("INSERT INTO workloads VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
         "?,?,?,?)");

    if (!ob->ns)
        return 0;
    tmpl = is_cron ? getobj(getobj(getobj(spec, "jobTemplate"), "spec"),
                            "template")
                   : getobj(spec, "template");
    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, m->kind);
    bind_str(st, 3, ob->ns);
    bind_str(st, 4, ob->name);
    bind_str(st, 5, getstr(ob->meta, "uid"));
    bind_str(st, 6, ob->created_s);
    bind_int_of(st, 7, ob->meta, "generation");
    bind_int_of(st, 8, ob->status, "observedGeneration");
    if (m->desired && get(desired_src, m->desired))
        bind_int_of(st, 9, desired_src, m->desired);
    else if (m->desired && !m->desired_in_status && !is_job)
        sqlite3_bind_int(st, 9, 1);     /* spec.replicas defaults to 1 */
    else if (is_job)
        sqlite3_bind_int(st, 9, 1);     /* completions defaults to 1 */
    if (is_cron)
        sqlite3_bind_int(st, 10, cJSON_GetArraySize(get(ob->status,
                                                        "active")));
    else if (m->current)
        bind_int_of(st, 10, ob->status, m->current);
    /* absent counters mean zero in Kubernetes status */
    if (m->ready)
        sqlite3_bind_int64(st, 11, get(ob->status, m->ready) ?
                           (sqlite3_int64)get(ob->status,
                                              m->ready)->valuedouble : 0);
    if (m->available)
        sqlite3_bind_int64(st, 12, get(ob->status, m->available) ?
                           (sqlite3_int64)get(ob->status,
                                              m->available)->valuedouble : 0);
    if (m->updated)
        bind_int_of(st, 13, ob->status, m->updated);
    if (m->unavailable)
        bind_int_of(st, 14, ob->status, m->unavailable);
    if (is_job) {
        sqlite3_bind_int64(st, 15, get(ob->status, "succeeded") ?
                           (sqlite3_int64)get(ob->status,
                                              "succeeded")->valuedouble : 0);
        sqlite3_bind_int64(st, 16, get(ob->status, "failed") ?
                           (sqlite3_int64)get(ob->status,
                                              "failed")->valuedouble : 0);
    }
    bind_json(st, 17, getobj(getobj(spec, "selector"), "matchLabels") ?
              getobj(getobj(spec, "selector"), "matchLabels")
              : getobj(spec, "selector"), &keep);
    bind_json(st, 18, getobj(getobj(tmpl, "metadata"), "labels"), &keep);
    if (m->strategy)
        bind_str(st, 19, getstr(getobj(spec, m->strategy), "type"));
    if (strcmp(m->kind, "Deployment") == 0)
        bind_bool_of(st, 20, spec, "paused");
    else
        bind_bool_of(st, 20, spec, "suspend");
    bind_str(st, 21, getstr(spec, "schedule"));
    bind_str(st, 22, ob->file);
    rc = run(ob, st, err);
    texts_release(&keep);
    if (rc)
        return rc;
    return load_workload_conditions(ob, err);
}

static int load_service(struct obj *ob, struct sb_err *err)
{
    struct texts keep = { { 0 }, 0 };
    int rc;
    STMT("INSERT INTO services VALUES (?,?,?,?,?,?,?,?,?,?,?)");

    if (!ob->ns)
        return 0;
    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, ob->ns);
    bind_str(st, 3, ob->name);
    bind_str(st, 4, getstr(ob->meta, "uid"));
    bind_str(st, 5, ob->created_s);
    bind_str(st, 6, getstr(ob->spec, "type"));
    bind_str(st, 7, getstr(ob->spec, "clusterIP"));
    bind_str(st, 8, getstr(ob->spec, "externalName"));
    bind_json(st, 9, getobj(ob->spec, "selector"), &keep);
    bind_json(st, 10, get(ob->spec, "ports"), &keep);
    bind_str(st, 11, ob->file);
    rc = run(ob, st, err);
    texts_release(&keep);
    return rc;
}

static int endpoint_row(struct obj *ob, const char *svc, const char *ip,
                        int ready, const cJSON *target, const char *node,
                        const cJSON *ports, struct sb_err *err)
{
    struct texts keep = { { 0 }, 0 };
    int rc;
    STMT("INSERT INTO endpoints VALUES (?,?,?,?,?,?,?,?,?)");

    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, ob->ns);
    bind_str(st, 3, svc);
    bind_str(st, 4, ip);
    if (ready >= 0)
        sqlite3_bind_int(st, 5, ready);
    bind_str(st, 6, getstr(target, "kind"));
    bind_str(st, 7, getstr(target, "name"));
    bind_str(st, 8, node);
    bind_json(st, 9, ports, &keep);
    rc = run(ob, st, err);
    texts_release(&keep);
    return rc;
}

static int load_endpoints(struct obj *ob, struct sb_err *err)
{
    const cJSON *subset, *a;
    int rc, rows = 0;

    if (!ob->ns)
        return 0;
    cJSON_ArrayForEach(subset, get(ob->o, "subsets")) {
        const cJSON *ports = get(subset, "ports");
        cJSON_ArrayForEach(a, get(subset, "addresses")) {
            rc = endpoint_row(ob, ob->name, getstr(a, "ip"), 1,
                              getobj(a, "targetRef"), getstr(a, "nodeName"),
                              ports, err);
            if (rc)
                return rc;
            rows++;
        }
        cJSON_ArrayForEach(a, get(subset, "notReadyAddresses")) {
            rc = endpoint_row(ob, ob->name, getstr(a, "ip"), 0,
                              getobj(a, "targetRef"), getstr(a, "nodeName"),
                              ports, err);
            if (rc)
                return rc;
            rows++;
        }
    }
    if (rows == 0)
        return endpoint_row(ob, ob->name, NULL, -1, NULL, NULL, NULL, err);
    return 0;
}

static int ingress_row(struct obj *ob, const char *cls, const char *host,
                       const cJSON *path, const cJSON *backend,
                       struct sb_err *err)
{
    const cJSON *svc = getobj(backend, "service");
    const cJSON *tls;
    const char *secret = NULL;
    char num[32], num2[32];
    const char *port;
    STMT("INSERT INTO ingresses VALUES (?,?,?,?,?,?,?,?,?)");

    /* the TLS entry naming this host, else none */
    cJSON_ArrayForEach(tls, get(ob->spec, "tls")) {
        const cJSON *h;
        cJSON_ArrayForEach(h, get(tls, "hosts"))
            if (host && cJSON_IsString(h) && strcmp(h->valuestring, host) == 0)
                secret = getstr(tls, "secretName");
    }
    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, ob->ns);
    bind_str(st, 3, ob->name);
    bind_str(st, 4, cls);
    bind_str(st, 5, host);
    bind_str(st, 6, getstr(path, "path"));
    if (svc) {
        bind_str(st, 7, getstr(svc, "name"));
        port = jtext(getobj(svc, "port"), "number", num);
        if (!port)
            port = getstr(getobj(svc, "port"), "name");
    } else {    /* extensions/v1beta1 */
        bind_str(st, 7, getstr(backend, "serviceName"));
        port = jtext(backend, "servicePort", num2);
    }
    bind_str(st, 8, port);
    bind_str(st, 9, secret);
    return run(ob, st, err);
}

static int load_ingress(struct obj *ob, struct sb_err *err)
{
    const char *cls = getstr(ob->spec, "ingressClassName");
    const cJSON *rule, *p, *def;
    int rc, rows = 0;

    if (!ob->ns)
        return 0;
    if (!cls)
        cls = getstr(getobj(ob->meta, "annotations"),
                     "kubernetes.io/ingress.class");
    cJSON_ArrayForEach(rule, get(ob->spec, "rules")) {
        cJSON_ArrayForEach(p, get(getobj(rule, "http"), "paths")) {
            rc = ingress_row(ob, cls, getstr(rule, "host"), p,
                             getobj(p, "backend"), err);
            if (rc)
                return rc;
            rows++;
        }
    }
    def = getobj(ob->spec, "defaultBackend");
    if (!def)
        def = getobj(ob->spec, "backend");
    if (def || rows == 0)
        return ingress_row(ob, cls, NULL, NULL, def, err);
    return 0;
}

static int load_pvc(struct obj *ob, struct sb_err *err)
{
    struct texts keep = { { 0 }, 0 };
    int rc;
    STMT("INSERT INTO pvcs VALUES (?,?,?,?,?,?,?,?,?,?,?)");

    if (!ob->ns)
        return 0;
    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, ob->ns);
    bind_str(st, 3, ob->name);
    bind_str(st, 4, getstr(ob->meta, "uid"));
    bind_str(st, 5, ob->created_s);
    bind_str(st, 6, getstr(ob->status, "phase"));
    bind_str(st, 7, getstr(ob->spec, "volumeName"));
    bind_str(st, 8, getstr(ob->spec, "storageClassName"));
    bind_json(st, 9, get(ob->spec, "accessModes"), &keep);
    bind_quantity(st, 10, "storage",
                  quantity_text(getobj(ob->spec, "resources"), "requests",
                                "storage"));
    bind_quantity(st, 11, "storage",
                  getstr(getobj(ob->status, "capacity"), "storage"));
    rc = run(ob, st, err);
    texts_release(&keep);
    return rc;
}

static int load_pv(struct obj *ob, struct sb_err *err)
{
    const cJSON *claim = getobj(ob->spec, "claimRef");
    struct texts keep = { { 0 }, 0 };
    int rc;
    STMT("INSERT INTO pvs VALUES (?,?,?,?,?,?,?,?,?)");

    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, ob->name);
    bind_str(st, 3, getstr(ob->status, "phase"));
    bind_quantity(st, 4, "storage",
                  getstr(getobj(ob->spec, "capacity"), "storage"));
    bind_str(st, 5, getstr(ob->spec, "storageClassName"));
    bind_str(st, 6, getstr(ob->spec, "persistentVolumeReclaimPolicy"));
    bind_str(st, 7, getstr(claim, "namespace"));
    bind_str(st, 8, getstr(claim, "name"));
    bind_json(st, 9, get(ob->spec, "accessModes"), &keep);
    rc = run(ob, st, err);
    texts_release(&keep);
    return rc;
}

static int load_storageclass(struct obj *ob, struct sb_err *err)
{
    const cJSON *ann = getobj(ob->meta, "annotations");
    const char *d = getstr(ann, "storageclass.kubernetes.io/is-default-class");
    STMT("INSERT INTO storageclasses VALUES (?,?,?,?,?,?)");

    if (!d)
        d = getstr(ann, "storageclass.beta.kubernetes.io/is-default-class");
    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, ob->name);
    bind_str(st, 3, getstr(ob->o, "provisioner"));
    sqlite3_bind_int(st, 4, d && strcmp(d, "true") == 0);
    bind_str(st, 5, getstr(ob->o, "volumeBindingMode"));
    bind_str(st, 6, getstr(ob->o, "reclaimPolicy"));
    return run(ob, st, err);
}

/* "requests.cpu", "limits.cpu" and "cpu" count millicores */
static const char *quota_unit(const char *resource)
{
    size_t n = strlen(resource);

    if (n >= 3 && strcmp(resource + n - 3, "cpu") == 0)
        return "cpu";
    return NULL;
}

static int load_quota(struct obj *ob, struct sb_err *err)
{
    const cJSON *hard = getobj(ob->status, "hard");
    const cJSON *used = getobj(ob->status, "used");
    const cJSON *r;
    int rc;

    if (!ob->ns)
        return 0;
    if (!hard)
        hard = getobj(ob->spec, "hard");
    cJSON_ArrayForEach(r, hard) {
        STMT("INSERT INTO quotas VALUES (?,?,?,?,?,?,?,?)");
        const char *h = cJSON_IsString(r) ? r->valuestring : NULL;
        const char *u = getstr(used, r->string);
        sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
        bind_str(st, 2, ob->ns);
        bind_str(st, 3, ob->name);
        bind_str(st, 4, r->string);
        bind_quantity(st, 5, quota_unit(r->string), h);
        bind_quantity(st, 6, quota_unit(r->string), u);
        bind_str(st, 7, h);
        bind_str(st, 8, u);
        if ((rc = run(ob, st, err)))
            return rc;
    }
    return 0;
}

static int load_event(struct obj *ob, bool is_new_api, struct sb_err *err)
{
    const cJSON *o = ob->o;
    const cJSON *inv = getobj(o, is_new_api ? "regarding" : "involvedObject");
    const cJSON *series = getobj(o, "series");
    const cJSON *src = getobj(o, is_new_api ? "deprecatedSource" : "source");
    const char *first, *last, *comp, *host;
    struct jtime t1, t2, t3, t4;
    const cJSON *cnt;
    STMT("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");

    first = gettime(o, is_new_api ? "deprecatedFirstTimestamp"
                                  : "firstTimestamp", &t1);
    last = gettime(o, is_new_api ? "deprecatedLastTimestamp"
                                 : "lastTimestamp", &t2);
    if (!last)
        last = gettime(series, "lastObservedTime", &t3);
    if (!first)
        first = gettime(o, "eventTime", &t4);
    if (!last)
        last = first;
    if (!first)
        first = last ? last : ob->created_s;
    if (!last)
        last = first;
    comp = getstr(src, "component");
    if (!comp)
        comp = getstr(o, is_new_api ? "reportingController"
                                    : "reportingComponent");
    host = getstr(src, "host");
    if (!host && !is_new_api)
        host = getstr(o, "reportingInstance");
    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, ob->ns);
    bind_str(st, 3, ob->name);
    bind_str(st, 4, getstr(o, "type"));
    bind_str(st, 5, getstr(o, "reason"));
    bind_str(st, 6, getstr(o, is_new_api ? "note" : "message"));
    cnt = get(o, is_new_api ? "deprecatedCount" : "count");
    if (!cJSON_IsNumber(cnt) || cnt->valuedouble < 1)
        cnt = get(series, "count");
    sqlite3_bind_int64(st, 7, cJSON_IsNumber(cnt) && cnt->valuedouble >= 1 ?
                       (sqlite3_int64)cnt->valuedouble : 1);
    bind_str(st, 8, first);
    bind_str(st, 9, last);
    bind_str(st, 10, getstr(inv, "kind"));
    bind_str(st, 11, getstr(inv, "namespace"));
    bind_str(st, 12, getstr(inv, "name"));
    bind_str(st, 13, getstr(inv, "uid"));
    bind_str(st, 14, getstr(inv, "fieldPath"));
    bind_str(st, 15, comp);
    bind_str(st, 16, host);
    bind_str(st, 17, ob->file);
    return run(ob, st, err);
}

static int metric_row(struct obj *ob, const char *node, const char *ns,
                      const char *pod, const char *container,
                      const char *name, const char *q, const char *time,
                      struct sb_err *err)
{
    double v;
    STMT("INSERT INTO metrics VALUES (?,'metrics.k8s.io',?,?,?,?,?,NULL,?,?)");

    if (!q || !sb_quantity_parse_for(name, q, &v))
        return 0;
    sqlite3_bind_int64(st, 1, ob->ctx->bundle_id);
    bind_str(st, 2, node);
    bind_str(st, 3, ns);
    bind_str(st, 4, pod);
    bind_str(st, 5, container);
    bind_str(st, 6, name);
    sqlite3_bind_double(st, 7, v);
    bind_str(st, 8, time);
    return run(ob, st, err);
}

static int load_usage(struct obj *ob, const cJSON *usage, const char *node,
                      const char *pod, const char *container,
                      const char *time, struct sb_err *err)
{
    const cJSON *u;
    int rc;

    cJSON_ArrayForEach(u, usage) {
        if (!cJSON_IsString(u) || !u->string)
            continue;
        rc = metric_row(ob, node, pod ? ob->ns : NULL, pod, container,
                        u->string, u->valuestring, time, err);
        if (rc)
            return rc;
    }
    return 0;
}

static int load_node_metrics(struct obj *ob, struct sb_err *err)
{
    struct jtime t;

    return load_usage(ob, getobj(ob->o, "usage"), ob->name, NULL, NULL,
                      gettime(ob->o, "timestamp", &t), err);
}

static int load_pod_metrics(struct obj *ob, struct sb_err *err)
{
    const cJSON *c;
    struct jtime t;
    const char *time = gettime(ob->o, "timestamp", &t);
    int rc;

    cJSON_ArrayForEach(c, get(ob->o, "containers")) {
        rc = load_usage(ob, getobj(c, "usage"), NULL, ob->name,
                        getstr(c, "name"), time, err);
        if (rc)
            return rc;
    }
    return 0;
}

static bool api_group_is(const char *api, const char *group)
{
    size_t n = strlen(group);

    if (!api)
        return false;
    if (!*group)
        return strchr(api, '/') == NULL;
    return strncmp(api, group, n) == 0 && api[n] == '/';
}

static int load_typed(struct obj *ob, struct sb_err *err)
{
    const char *k = ob->kind;
    size_t i;

    if (strcmp(k, "Pod") == 0)
        return load_pod(ob, err);
    if (strcmp(k, "Event") == 0)
        return load_event(ob, api_group_is(ob->api, "events.k8s.io"), err);
    if (strcmp(k, "Node") == 0)
        return load_node(ob, err);
    if (strcmp(k, "NodeMetrics") == 0)
        return load_node_metrics(ob, err);
    if (strcmp(k, "PodMetrics") == 0)
        return load_pod_metrics(ob, err);
    for (i = 0; i < sizeof(wl_maps) / sizeof(wl_maps[0]); i++)
        if (strcmp(k, wl_maps[i].kind) == 0)
            return load_workload(ob, &wl_maps[i], err);
    if (strcmp(k, "Namespace") == 0)
        return load_namespace(ob, err);
    if (strcmp(k, "Service") == 0)
        return load_service(ob, err);
    if (strcmp(k, "Endpoints") == 0)
        return load_endpoints(ob, err);
    if (strcmp(k, "Ingress") == 0)
        return load_ingress(ob, err);
    if (strcmp(k, "PersistentVolumeClaim") == 0)
        return load_pvc(ob, err);
    if (strcmp(k, "PersistentVolume") == 0)
        return load_pv(ob, err);
    if (strcmp(k, "StorageClass") == 0)
        return load_storageclass(ob, err);
    if (strcmp(k, "ResourceQuota") == 0)
        return load_quota(ob, err);
    return 0;
}

/* ---- kinds from resource names and list kinds ---- */

struct res_kind {
    const char *resource, *kind;
};

/* plural (troubleshoot folder names too) to kind, for items without one */
static const struct res_kind res_kinds[] = {
    { "configmaps", "ConfigMap" },
    { "cronjobs", "CronJob" },
    { "daemonsets", "DaemonSet" },
    { "deployments", "Deployment" },
    { "endpoints", "Endpoints" },
    { "endpointslices", "EndpointSlice" },
    { "events", "Event" },
    { "ingress", "Ingress" },
    { "ingresses", "Ingress" },
    { "jobs", "Job" },
    { "limitranges", "LimitRange" },
    { "namespaces", "Namespace" },
    { "nodes", "Node" },
    { "persistentvolumeclaims", "PersistentVolumeClaim" },
    { "persistentvolumes", "PersistentVolume" },
    { "pods", "Pod" },
    { "pvcs", "PersistentVolumeClaim" },
    { "pvs", "PersistentVolume" },
    { "replicasets", "ReplicaSet" },
    { "replication-controllers", "ReplicationController" },
    { "replicationcontrollers", "ReplicationController" },
    { "resource-quota", "ResourceQuota" },
    { "resource-quotas", "ResourceQuota" },
    { "resourcequotas", "ResourceQuota" },
    { "services", "Service" },
    { "statefulsets", "StatefulSet" },
    { "storage-classes", "StorageClass" },
    { "storageclasses", "StorageClass" },
};

static const char *kind_of_resource(const char *resource)
{
    size_t i, n;

    if (!resource)
        return NULL;
    n = strcspn(resource, ".");
    for (i = 0; i < sizeof(res_kinds) / sizeof(res_kinds[0]); i++)
        if (strlen(res_kinds[i].resource) == n &&
            strncmp(res_kinds[i].resource, resource, n) == 0)
            return res_kinds[i].kind;
    return NULL;
}

/* "PodList" -> "Pod" into 'buf' */
static const char *kind_of_list(const cJSON *doc, char buf[128])
{
    const char *k = getstr(doc, "kind");
    size_t n;

    if (!k)
        return NULL;
    n = strlen(k);
    if (n <= 4 || n >= 128 || strcmp(k + n - 4, "List") != 0)
        return NULL;
    memcpy(buf, k, n - 4);
    buf[n - 4] = '\0';
    return buf;
}

/* Loads one object; its 'objects' row gets 'raw' (the object's own text
 * in the member) when given, else the object printed back from 'o'. */
static int load_object(struct sb_load_ctx *ctx, const char *file,
                       const char *resource, const char *kind_hint,
                       const cJSON *o, const struct span *raw_span,
                       struct sb_err *err)
{
    struct obj ob;
    char *raw = NULL;
    int rc;

    if (!cJSON_IsObject(o))
        return 0;
    memset(&ob, 0, sizeof(ob));
    ob.ctx = ctx;
    ob.o = o;
    ob.meta = getobj(o, "metadata");
    ob.spec = getobj(o, "spec");
    ob.status = getobj(o, "status");
    ob.kind = getstr(o, "kind");
    if (!ob.kind || !*ob.kind)
        ob.kind = kind_hint;
    ob.api = getstr(o, "apiVersion");
    ob.ns = getstr(ob.meta, "namespace");
    ob.name = getstr(ob.meta, "name");
    ob.file = file;
    ob.created_s = gettime(ob.meta, "creationTimestamp", &ob.created);
    if (!ob.kind || !ob.name)
        return 0;       /* not an API object: nothing to key it by */
    ctx->stats->objects++;
    {
        struct texts keep = { { 0 }, 0 };
        sqlite3_stmt *st = sb_db_stmt(ctx->db, "INSERT INTO objects VALUES "
                                      "(?,?,?,?,?,?,?,?,?,?,?)", err);
        if (!st)
            return err->code;
        if (!raw_span && !(raw = cJSON_PrintUnformatted(o)))
            return sb_err_set(err, SB_E_NOMEM, "out of memory in '%s'", file);
        sqlite3_bind_int64(st, 1, ctx->bundle_id);
        bind_str(st, 2, ob.api);
        bind_str(st, 3, ob.kind);
        bind_str(st, 4, resource);
        bind_str(st, 5, ob.ns);
        bind_str(st, 6, ob.name);
        bind_str(st, 7, getstr(ob.meta, "uid"));
        bind_str(st, 8, ob.created_s);
        bind_json(st, 9, getobj(ob.meta, "labels"), &keep);
        if (raw_span)
            sqlite3_bind_text(st, 10, raw_span->p, (int)raw_span->len,
                              SQLITE_STATIC);
        else
            bind_str(st, 10, raw);
        bind_str(st, 11, file);
        rc = sb_db_run(ctx->db, st, err);
        texts_release(&keep);
        cJSON_free(raw);
        if (rc)
            return rc;
    }
    if (ob.ns && (rc = load_owners(&ob, err)))
        return rc;
    return load_typed(&ob, err);
}

static const cJSON *items_of(const cJSON *doc)
{
    const cJSON *items = get(doc, "items");

    if (cJSON_IsArray(doc))
        return doc;
    return cJSON_IsArray(items) ? items : NULL;
}

/* 'spans' (may be NULL) holds the text of each item, in order. */
static int load_doc(struct sb_load_ctx *ctx, const char *file,
                    const char *resource, const cJSON *doc,
                    const struct span *spans, size_t nspans,
                    struct sb_err *err)
{
    const cJSON *items = items_of(doc), *it;
    const char *hint;
    char buf[128];
    size_t i = 0;
    int rc;

    hint = kind_of_list(doc, buf);
    if (!hint)
        hint = kind_of_resource(resource);
    if (!items)
        return load_object(ctx, file, resource, hint, doc, spans, err);
    cJSON_ArrayForEach(it, items) {
        rc = load_object(ctx, file, resource, hint, it,
                         spans && i < nspans ? &spans[i] : NULL, err);
        if (rc)
            return rc;
        i++;
    }
    return 0;
}

int sb_load_k8s_doc(struct sb_load_ctx *ctx, const char *file,
                    const char *resource, const cJSON *doc,
                    struct sb_err *err)
{
    int rc;

    if ((rc = sb_db_begin(ctx->db, err)))
        return rc;
    rc = load_doc(ctx, file, resource, doc, NULL, 0, err);
    if (sb_db_commit(ctx->db, rc ? NULL : err) && !rc)
        rc = err->code;
    return rc;
}

/* ---- item spans: each List item's own text, for 'objects' ----
 *
 * The member was parsed by cJSON already, so the text is valid JSON and a
 * skipper only needs to count brackets outside strings. Binding each
 * item's bytes saves printing every object back (or parsing the member a
 * second time with SQLite's json_each: measured 40% slower). */

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\')
            p++;
        else if (*p == '"')
            return p + 1;
    }
    return NULL;
}

static const char *skip_value(const char *p, const char *end)
{
    long depth = 0;

    if (p >= end)
        return NULL;
    if (*p == '"')
        return skip_string(p, end);
    if (*p != '{' && *p != '[') {
        while (p < end && *p != ',' && *p != '}' && *p != ']' &&
               *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
            p++;
        return p;
    }
    for (; p < end; p++) {
        if (*p == '"') {
            p = skip_string(p, end);
            if (!p)
                return NULL;
            p--;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if ((*p == '}' || *p == ']') && --depth == 0) {
            return p + 1;
        }
    }
    return NULL;
}

/* Finds the array of items: the document itself, or its first "items"
 * member. Returns a pointer at its '[' or NULL. */
static const char *find_items(const char *p, const char *end)
{
    const char *k;

    p = skip_ws(p, end);
    if (p < end && *p == '[')
        return p;
    if (p >= end || *p != '{')
        return NULL;
    for (p++;;) {
        p = skip_ws(p, end);
        if (p >= end || *p != '"')
            return NULL;
        k = p;
        if (!(p = skip_string(p, end)))
            return NULL;
        p = skip_ws(p, end);
        if (p >= end || *p != ':')
            return NULL;
        p = skip_ws(p + 1, end);
        if (p - k >= 7 && memcmp(k, "\"items\"", 7) == 0 &&
            k + 7 == skip_string(k, end))
            return p < end && *p == '[' ? p : NULL;
        if (!(p = skip_value(p, end)))
            return NULL;
        p = skip_ws(p, end);
        if (p < end && *p == ',')
            p++;
        else
            return NULL;
    }
}

/* Fills 'spans' with up to 'max' items' text; returns the count, or -1
 * when the text is not what cJSON read (the caller then prints). */
static long item_spans(const char *data, size_t len, struct span *spans,
                       size_t max)
{
    const char *end = data + len, *p = find_items(data, end), *v;
    size_t n = 0;

    if (!p)
        return -1;
    p = skip_ws(p + 1, end);
    if (p < end && *p == ']')
        return 0;
    while (p < end) {
        v = skip_value(p, end);
        if (!v || n == max)
            return -1;
        spans[n].p = p;
        spans[n].len = (size_t)(v - p);
        n++;
        p = skip_ws(v, end);
        if (p < end && *p == ']')
            return (long)n;
        if (p >= end || *p != ',')
            return -1;
        p = skip_ws(p + 1, end);
    }
    return -1;
}

/* A single object member: its text is the object, once the white space
 * around it is trimmed. */
static bool data_is_object(const char *data, size_t len)
{
    const char *p = skip_ws(data, data + len);

    return p < data + len && *p == '{';
}

int sb_load_k8s_json(struct sb_load_ctx *ctx, const char *file,
                     const char *resource, const char *data, size_t len,
                     struct sb_err *err)
{
    const char *end = NULL;
    const cJSON *items;
    struct span *spans = NULL;
    size_t nitems = 0;
    cJSON *doc;
    int rc;

    if (len > 0x7fffffff)
        return sb_err_set(err, SB_E_TOOBIG, "'%s' is too large to parse",
                          file);
    doc = cJSON_ParseWithLengthOpts(data, len, &end, 0);
    if (!doc)
        return sb_err_set(err, SB_E_FORMAT, "bad JSON in '%s' near byte %zu",
                          file, end && end >= data ? (size_t)(end - data)
                                                   : (size_t)0);
    if ((rc = sb_db_begin(ctx->db, err)))
        goto cleanup;
    items = items_of(doc);
    if (items && (nitems = (size_t)cJSON_GetArraySize(items)) > 0 &&
        (spans = sb_calloc(nitems, sizeof(*spans))) != NULL &&
        item_spans(data, len, spans, nitems) == (long)nitems) {
        rc = load_doc(ctx, file, resource, doc, spans, nitems, err);
    } else if (!items && data_is_object(data, len) && end > data) {
        /* cJSON stops at the object's end: trailing bytes stay out */
        const char *start = skip_ws(data, data + len);
        struct span whole = { start, (size_t)(end - start) };
        rc = load_doc(ctx, file, resource, doc, &whole, 1, err);
    } else {
        rc = load_doc(ctx, file, resource, doc, NULL, 0, err);
    }
    if (sb_db_commit(ctx->db, rc ? NULL : err) && !rc)
        rc = err->code;
cleanup:
    sb_free(spans);
    cJSON_Delete(doc);
    return rc;
}
