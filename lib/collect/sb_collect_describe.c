/*
 * collect's describe pass: kubectl describe's text for every object of a
 * kind sb_describe prints. The text needs what kubectl describe fetches
 * besides the object: its events, and for some kinds the pods, replica
 * sets, endpoint slices, services or node leases. The lists of those
 * kinds are kept spooled on disk until every one of them is in; then
 * this pass writes the text one namespace at a time, loading only that
 * namespace's related objects, cut to the fields it reads. Apart because
 * it works over files, not requests (it runs in steps between transfers).
 *
 * About 1,000 lines in one file: where the pass stopped, the namespace's
 * related lists and their groupings by owner are read by every function
 * here and by no other file.
 */
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "sb_collect_int.h"
#include "sb_alloc.h"
#include "sb_describe.h"
#include "sb_time.h"

static void event_key(char *out, size_t n, const char *ns, const char *kind,
                      const char *name)
{
    snprintf(out, n, "%s/%s/%s", ns ? ns : "", kind ? kind : "",
             name ? name : "");
}

void sb_col_index_event(struct strmap *m, const cJSON *ev)
{
    const cJSON *io = jget(ev, "involvedObject");
    cJSON *arr, *copy;
    char key[1024];

    if (!io)
        io = jget(ev, "regarding");     /* events.k8s.io/v1 */
    event_key(key, sizeof(key), jstr(io, "namespace"), jstr(io, "kind"),
              jstr(io, "name"));
    arr = sb_col_strmap_get(m, key, true);
    copy = cJSON_Duplicate(ev, true);
    if (!arr || !copy) {
        cJSON_Delete(copy);
        return;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(copy, "metadata"), "managedFields");
    cJSON_AddItemToArray(arr, copy);
}

/* Remembers where a scheduled pod lies in the spool of 'j', by its node:
 * the node's describe text reads it back (node_pods). Only a reference
 * is kept, 24 bytes a pod: the pods of a node are chained through their
 * references in listed order, and the node's entry holds the first and
 * the last of its chain. */
void sb_col_index_pod_on_node(struct run *r, struct list_job *j,
                           const cJSON *pod)
{
    const char *node = jstr(jget(pod, "spec"), "nodeName");
    struct pod_ref ref = { j, j->cur->off, j->cur->len, POD_NONE };
    size_t id = r->npod_refs;
    cJSON *ends, *head, *tail;

    if (!node || r->described)
        return;     /* no node text to come: it was written already */
    ends = sb_col_strmap_get(&r->node_pods, node, true);
    /* POD_NONE ends a chain: an id is below it */
    if (!ends || SB_ARRAY_GROW(r->pod_refs, id + 1, r->pod_refs_alloc,
                               POD_REFS_MAX - 1))
        return;
    if (!ends->child) {
        head = cJSON_CreateNumber((double)id);
        tail = cJSON_CreateNumber((double)id);
        if (!head || !tail) {
            cJSON_Delete(head);
            cJSON_Delete(tail);
            return;
        }
        cJSON_AddItemToArray(ends, head);
        cJSON_AddItemToArray(ends, tail);
    } else {
        tail = ends->child->next;
        r->pod_refs[(size_t)tail->valuedouble].next = (uint32_t)id;
        cJSON_SetNumberValue(tail, (double)id);
    }
    r->pod_refs[r->npod_refs++] = ref;
}

/* What a node's describe text needs of a pod, new; NULL when out of
 * memory. */
static cJSON *trim_pod(const cJSON *pod)
{
    const cJSON *spec = jget(pod, "spec"), *md = jget(pod, "metadata");
    const char *node = jstr(spec, "nodeName");
    static const char *const mdk[] = { "name", "namespace", "uid",
                                       "creationTimestamp" };
    static const char *const ck[] = { "containers", "initContainers" };
    cJSON *t = NULL, *tmd, *tsp;

    if (!node)
        return NULL;
    t = cJSON_CreateObject();
    if (!t)
        goto fail;
    cJSON_AddStringToObject(t, "apiVersion", "v1");
    cJSON_AddStringToObject(t, "kind", "Pod");
    tmd = cJSON_AddObjectToObject(t, "metadata");
    tsp = cJSON_AddObjectToObject(t, "spec");
    if (!tmd || !tsp)
        goto fail;
    for (size_t i = 0; i < 4; i++)
        if (jget(md, mdk[i]))
            cJSON_AddItemToObject(tmd, mdk[i],
                                  cJSON_Duplicate(jget(md, mdk[i]), true));
    cJSON_AddStringToObject(tsp, "nodeName", node);
    for (size_t i = 0; i < 2; i++) {
        const cJSON *c;
        cJSON *ca = cJSON_AddArrayToObject(tsp, ck[i]);
        if (!ca)
            goto fail;
        cJSON_ArrayForEach(c, jget(spec, ck[i])) {
            cJSON *tc = cJSON_CreateObject();
            if (!tc)
                goto fail;
            cJSON_AddItemToArray(ca, tc);
            if (jstr(c, "name"))
                cJSON_AddStringToObject(tc, "name", jstr(c, "name"));
            if (jget(c, "resources"))
                cJSON_AddItemToObject(
                    tc, "resources",
                    cJSON_Duplicate(jget(c, "resources"), true));
        }
    }
    if (jget(spec, "overhead"))
        cJSON_AddItemToObject(tsp, "overhead",
                              cJSON_Duplicate(jget(spec, "overhead"), true));
    if (jget(pod, "status")) {
        cJSON *ts = cJSON_AddObjectToObject(t, "status");
        if (ts && jstr(jget(pod, "status"), "phase"))
            cJSON_AddStringToObject(ts, "phase",
                                    jstr(jget(pod, "status"), "phase"));
    }
    return t;
fail:
    cJSON_Delete(t);
    return NULL;
}


/* What ns_events files: the events about an object of kind 'kind' in
 * namespace 'ns', under their object's key ("ns/Kind/name"). */
struct ev_filter {
    const char *ns, *kind;
};

static bool event_ref_key(const cJSON *ev, void *ctx, char *out, size_t n)
{
    const struct ev_filter *f = ctx;
    const cJSON *io = jget(ev, "involvedObject");
    const char *ions, *ik;

    if (!io)
        io = jget(ev, "regarding");     /* events.k8s.io/v1 */
    ions = jstr(io, "namespace");
    ik = jstr(io, "kind");
    if (!ions || strcmp(ions, f->ns) || !ik || strcmp(ik, f->kind))
        return false;
    event_key(out, n, ions, ik, jstr(io, "name"));
    return true;
}

/* Files in run.ev_refs the events of the spooled list 'j' that are about
 * an object of kind 'kind' in namespace 'ns' (the events' own namespace
 * too: see item_effects), in spool order. Returns 0, SB_E_NOMEM or
 * SB_E_IO. */
static int file_ns_events(struct run *r, struct list_job *j, const char *ns,
                          const char *kind)
{
    struct ev_filter f = { ns, kind };
    size_t id, lo = 0, hi = j->nix, to;
    char pat[300];

    for (id = 0; id < j->nnss && strcmp(j->nss[id], ns); id++)
        ;
    if (id == j->nnss)
        return 0;
    /* list_finish sorted the index by namespace, then spool order */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (j->ix[mid].ns < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (to = lo; to < j->nix && j->ix[to].ns == id; to++)
        ;
    /* the kind as it is spooled: most events about other kinds are
     * skipped unparsed */
    snprintf(pat, sizeof(pat), "\"kind\":\"%s\"", kind);
    return sb_col_refs_add(&r->ev_refs, j, lo, to, pat, event_ref_key, &f);
}

/* Takes an event read back for the object described: a copy into the
 * array 'ctx', managedFields left out as sb_col_index_event leaves them. */
static void take_event(struct list_job *j, const cJSON *ev, void *ctx)
{
    cJSON *copy = cJSON_Duplicate(ev, true);

    (void)j;
    if (!copy)
        return;
    cJSON_DeleteItemFromObjectCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(copy, "metadata"), "managedFields");
    if (!cJSON_AddItemToArray(ctx, copy))
        cJSON_Delete(copy);
}

void sb_col_events_forget(struct run *r)
{
    sb_col_refs_release(&r->ev_refs);
    sb_free(r->ev_ns);
    sb_free(r->ev_kind);
    r->ev_ns = r->ev_kind = NULL;
}

/* The events about 'kind' object 'key' ("ns/Kind/name") of namespace
 * 'ns', read back from the spools; NULL when there are none. The
 * caller's. Only references to that namespace and kind's events are
 * kept between calls (run.ev_refs, filed on the first call for them), so
 * a namespace's thousands of events are never parsed all at once. */
static cJSON *ns_events(struct run *r, const char *ns, const char *kind,
                        const char *key)
{
    struct ev_filter f = { ns, kind };
    cJSON *arr;

    if (!r->ev_ns || strcmp(r->ev_ns, ns) || strcmp(r->ev_kind, kind)) {
        sb_col_events_forget(r);
        r->ev_ns = sb_strdup(ns);
        r->ev_kind = sb_strdup(kind);
        if (!r->ev_ns || !r->ev_kind) {
            sb_col_events_forget(r);
            return NULL;
        }
        for (struct list_job *j = r->ev_kept; j; j = j->kept_next)
            file_ns_events(r, j, ns, kind);
    }
    if (!(arr = cJSON_CreateArray()))
        return NULL;
    sb_col_refs_each(&r->ev_refs, key, event_ref_key, &f, take_event, arr);
    if (!arr->child) {
        cJSON_Delete(arr);
        arr = NULL;
    }
    return arr;
}

/* 'rel' (may be NULL) holds the related lists; the events are found
 * here. */
static void describe_one(struct run *r, const struct sb_resource *res,
                         const cJSON *obj,
                         const struct sb_describe_related *rel)
{
    static const struct sb_describe_related none;
    const cJSON *md = jget(obj, "metadata");
    const char *ns = jstr(md, "namespace"), *name = jstr(md, "name");
    struct sb_describe_related all = rel ? *rel : none;
    struct sb_buf text = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err e = SB_ERR_INIT;
    char key[1024], path[1400], sns[256], sname[512];
    const cJSON *kept, *ev;
    cJSON *spooled = NULL;

    if (!name)
        return;
    sb_col_start(r, C_DESCRIBE);
    event_key(key, sizeof(key), ns, res->kind, name);
    if (ns && *ns)
        spooled = ns_events(r, ns, res->kind, key);
    kept = sb_col_strmap_get(&r->events, key, false);
    all.events = spooled ? spooled : kept;
    if (spooled && kept) {
        /* events about it in another namespace too (rare): both, those
         * by reference, for the describe text to sort by time */
        cJSON_ArrayForEach(ev, kept)
            cJSON_AddItemReferenceToArray(spooled, (cJSON *)ev);
    }
    sb_col_safe_component(ns ? ns : "_cluster", sns, sizeof(sns));
    sb_col_safe_component(name, sname, sizeof(sname));
    snprintf(path, sizeof(path), "describe/%s/%s/%s.txt", sns, res->plural,
             sname);
    if (sb_describe_with(res->name, obj, &all, r->start_wall, &text, &e)) {
        sb_col_add_gap(r, C_DESCRIBE, path, 0, e.msg);
        goto cleanup;
    }
    if (sb_col_add_member(r, path, text.data ? text.data : "", text.len) == 0)
        r->col[C_DESCRIBE].items++;
    sb_col_touch(r, C_DESCRIBE);
cleanup:
    cJSON_Delete(spooled);
    sb_buf_release(&text);
}


/* ---- describe -------------------------------------------------------- */

/* The lists kubectl describe reads besides the object and its events. */
enum rel_id {
    REL_PODS, REL_REPLICASETS, REL_SLICES, REL_SERVICES, REL_LEASES,
    REL_COUNT
};

/* The fields of each that sb_describe reads: the rest is dropped as the
 * lists are loaded, so a namespace's related objects stay small (a pod
 * is mostly its spec and status, of which describe wants the phase). */
static const char *const pod_fields[] = {
    "metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels",
    "metadata.ownerReferences", "spec.volumes", "status.phase", NULL
};
static const char *const rs_fields[] = {
    "metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels",
    "metadata.ownerReferences", "metadata.creationTimestamp",
    "spec.replicas", "spec.selector", "spec.template", "status.replicas",
    NULL
};
static const char *const slice_fields[] = {
    "metadata.name", "metadata.namespace", "metadata.labels", "addressType",
    "endpoints", "ports", NULL
};
static const char *const service_fields[] = {
    "metadata.name", "metadata.namespace", "spec.ports", NULL
};
static const char *const lease_fields[] = {
    "metadata.name", "metadata.namespace", "spec", NULL
};

static const struct {
    const char *resource;
    const char *const *fields;
    /* given only when every list of it completed: with services, a
     * missing one prints as "not found", which a partial list would
     * claim wrongly; the others print what there is, as kubectl does */
    bool whole;
} related_kinds[REL_COUNT] = {
    [REL_PODS] = { "pods", pod_fields, false },
    [REL_REPLICASETS] = { "replicasets.apps", rs_fields, false },
    [REL_SLICES] = { "endpointslices.discovery.k8s.io", slice_fields,
                     false },
    [REL_SERVICES] = { "services", service_fields, true },
    [REL_LEASES] = { "leases.coordination.k8s.io", lease_fields, false },
};

/* The related list 'res' is, or -1. */
static int related_id(const struct sb_resource *res)
{
    for (int i = 0; i < REL_COUNT; i++)
        if (sb_col_is_res(res, related_kinds[i].resource))
            return i;
    return -1;
}

/* The related lists the describe text of 'res' reads, as 1 << REL_ bits
 * (nodes are described apart: see nodes_step). */
static unsigned related_needs(const struct sb_resource *res)
{
    if (sb_col_is_res(res, "deployments.apps"))
        return 1u << REL_REPLICASETS;
    if (sb_col_is_res(res, "replicasets.apps") ||
        sb_col_is_res(res, "statefulsets.apps") ||
        sb_col_is_res(res, "daemonsets.apps") ||
        sb_col_is_res(res, "persistentvolumeclaims"))
        return 1u << REL_PODS;
    if (sb_col_is_res(res, "services"))
        return 1u << REL_SLICES;
    if (sb_col_is_res(res, "ingresses.networking.k8s.io"))
        return 1u << REL_SLICES | 1u << REL_SERVICES;
    return 0;
}

bool sb_col_needs_describe(const struct sb_resource *res)
{
    return !sb_col_is_res(res, "nodes") && sb_describe_supports(res->name);
}

/* A finished list of this resource is kept for the describe pass. */
bool sb_col_kept_for_describe(const struct sb_resource *res)
{
    return sb_col_needs_describe(res) || related_id(res) >= 0;
}

/* The describe pass waits for the lists of this resource. */
bool sb_col_describe_waits_for(const struct sb_resource *res)
{
    return sb_col_kept_for_describe(res) || sb_col_is_res(res, "events") ||
           sb_col_is_res(res, "nodes");
}

/* The way to the member at the dotted 'path' of 'src': walks it, making
 * the objects on the way in '*dst' (which ends at the twin of the holder),
 * and leaves '*path' at the member's own name. Returns the object of
 * 'src' that holds it; NULL when 'src' lacks the way, or when out of
 * memory (then *rc is SB_E_NOMEM). */
static const cJSON *field_way(cJSON **dst, const cJSON *src,
                              const char **path, int *rc)
{
    const char *dot;
    char key[64];

    while ((dot = strchr(*path, '.'))) {
        cJSON *d;
        snprintf(key, sizeof(key), "%.*s", (int)(dot - *path), *path);
        src = cJSON_GetObjectItemCaseSensitive(src, key);
        if (!cJSON_IsObject(src))
            return NULL;
        d = cJSON_GetObjectItemCaseSensitive(*dst, key);
        if (!d && !(d = cJSON_AddObjectToObject(*dst, key))) {
            *rc = SB_E_NOMEM;
            return NULL;
        }
        *dst = d;
        *path = dot + 1;
    }
    return src;
}

/* Moves the member at the dotted 'path' of 'src' into 'dst', making the
 * objects on the way. Returns 0 (also when 'src' lacks it) or
 * SB_E_NOMEM. */
static int move_field(cJSON *dst, cJSON *src, const char *path)
{
    int rc = 0;
    /* the holder is inside 'src', which is the caller's to change */
    cJSON *from = (cJSON *)field_way(&dst, src, &path, &rc);
    cJSON *v;

    if (!from)
        return rc;
    v = cJSON_DetachItemFromObjectCaseSensitive(from, path);
    if (v && !cJSON_AddItemToObject(dst, path, v)) {
        cJSON_Delete(v);
        return SB_E_NOMEM;
    }
    return 0;
}

/* Appends the 'fields' of 'item' to the array 'ctx' as a new object. */
static void load_item(struct list_job *j, cJSON *item, void *ctx)
{
    const char *const *fields = related_kinds[related_id(j->res)].fields;
    cJSON *t = cJSON_CreateObject();
    int rc = t ? 0 : SB_E_NOMEM;

    for (size_t i = 0; fields[i] && !rc; i++)
        rc = move_field(t, item, fields[i]);
    if (rc || !cJSON_AddItemToArray(ctx, t))
        cJSON_Delete(t);
}

/* The range [*from, *to) of namespace 'ns' in the index of the kept list
 * 'j' (list_finish sorted it by namespace, then spool order); empty when
 * 'j' has none of it. */
static void ns_range(const struct list_job *j, const char *ns, size_t *from,
                     size_t *to)
{
    size_t id, lo = 0, hi = j->nix;

    *from = *to = 0;
    for (id = 0; id < j->nnss && strcmp(j->nss[id], ns); id++)
        ;
    if (id == j->nnss)
        return;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (j->ix[mid].ns < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (hi = lo; hi < j->nix && j->ix[hi].ns == id; hi++)
        ;
    *from = lo;
    *to = hi;
}

/* Copies the member at the dotted 'path' of 'src' into 'dst', as
 * move_field moves it. Returns 0 (also when 'src' lacks it) or
 * SB_E_NOMEM. */
static int copy_field(cJSON *dst, const cJSON *src, const char *path)
{
    int rc = 0;
    const cJSON *from = field_way(&dst, src, &path, &rc), *v;
    cJSON *c;

    if (!from || !(v = cJSON_GetObjectItemCaseSensitive(from, path)))
        return rc;
    if (!(c = cJSON_Duplicate(v, true)) || !cJSON_AddItemToObject(dst, path, c)) {
        cJSON_Delete(c);
        return SB_E_NOMEM;
    }
    return 0;
}

/* load_item for an item read back (lent, read-only): its 'fields'
 * copied. */
static void copy_item(struct list_job *j, const cJSON *item, void *ctx)
{
    const char *const *fields = related_kinds[related_id(j->res)].fields;
    cJSON *t = cJSON_CreateObject();
    int rc = t ? 0 : SB_E_NOMEM;

    for (size_t i = 0; fields[i] && !rc; i++)
        rc = copy_field(t, item, fields[i]);
    if (rc || !cJSON_AddItemToArray(ctx, t))
        cJSON_Delete(t);
}

/* Loads the items of namespace 'ns' of the kept list 'j' into 'arr'.
 * Returns 0, SB_E_NOMEM or SB_E_IO. */
static int load_namespace(struct list_job *j, const char *ns, cJSON *arr)
{
    size_t from, to;

    ns_range(j, ns, &from, &to);
    return sb_col_each_item(j, from, to, load_item, arr);
}

/* Whether kept list 'j' is one of related list 'id' that covers 'ns'. */
static bool related_covers(const struct list_job *j, enum rel_id id,
                           const char *ns)
{
    return related_id(j->res) == (int)id && (!j->ns || !strcmp(j->ns, ns));
}

/* The objects of related list 'id' in namespace 'ns', from every kept
 * list of it that covers 'ns'; NULL when there is none (not served, not
 * asked for) or, for a 'whole' kind, when one is incomplete. The
 * caller's. */
static cJSON *related_list(struct run *r, enum rel_id id, const char *ns)
{
    cJSON *arr = NULL;
    bool whole = true;

    for (struct list_job *j = r->kept; j; j = j->kept_next) {
        if (!related_covers(j, id, ns))
            continue;
        if (!arr && !(arr = cJSON_CreateArray()))
            return NULL;
        if (!j->complete || load_namespace(j, ns, arr))
            whole = false;
    }
    if (arr && related_kinds[id].whole && !whole) {
        cJSON_Delete(arr);
        arr = NULL;
    }
    return arr;
}

/* A namespace's related lists, as the objects of one kept list there read
 * them. A list that each object reads only a part of (its group: see
 * group_key_of) is filed by the groups' keys, as references, and each
 * object's group is read back when it is described: a namespace of many
 * thousand pods holds 24 bytes a pod, not the pods. The other lists are
 * loaded whole, cut to the fields describe reads. */
struct ns_related {
    struct run *r;
    const char *ns;             /* lent by the list being described */
    cJSON *list[REL_COUNT];     /* loaded whole, or NULL */
    bool covered[REL_COUNT];    /* filed: some kept list covers 'ns' */
    struct refindex by_owner;   /* pods by their controller's uid */
    bool owned;                 /* by_owner holds this namespace's pods */
    /* the one related list that is split per object being described
     * (split_related), filed by the key of its parts */
    int split_id;               /* an enum rel_id, or -1 */
    struct refindex by_key;
    bool split;                 /* by_key holds list split_id */
};

/* Kinds whose describe text reads the related pods only to count those
 * it controls (kubectl's getPodStatusForController): each is handed just
 * its own pods, so a namespace of N pods and N/10 replica sets costs N,
 * not N * N/10, and the text is the same. */
static bool counts_owned_pods(const struct sb_resource *res)
{
    return sb_col_is_res(res, "replicasets.apps") ||
           sb_col_is_res(res, "statefulsets.apps") ||
           sb_col_is_res(res, "daemonsets.apps");
}

/* The uid of the pod's controller (its first ownerReference with
 * controller true), or NULL. */
static const char *controller_uid(const cJSON *pod)
{
    const cJSON *ref;

    cJSON_ArrayForEach(ref, jget(jget(pod, "metadata"), "ownerReferences"))
        if (cJSON_IsTrue(jget(ref, "controller")))
            return jstr(ref, "uid");
    return NULL;
}

/* Deployments read the namespace's ReplicaSets only for those they
 * control, Services its EndpointSlices only for those labelled with the
 * Service's name, and the kinds of counts_owned_pods its pods only for
 * those they control: each is handed just those (in listed order, which
 * the text's sorting starts from), so a namespace of N deployments and N
 * replica sets costs N, not N * N, and the text is the same. The key an
 * item of a related list is filed under (NULL: under none, as no lookup
 * can match it): */
static const char *group_key_of(enum rel_id id, const cJSON *o)
{
    if (id == REL_SLICES)
        return jstr(jget(jget(o, "metadata"), "labels"),
                    "kubernetes.io/service-name");
    return controller_uid(o);   /* pods and replica sets */
}

/* group_key_of as a ref_key_fn: 'ctx' points at the enum rel_id. */
static bool group_ref_key(const cJSON *o, void *ctx, char *out, size_t n)
{
    const char *key = group_key_of(*(const enum rel_id *)ctx, o);

    if (!key)
        return false;
    snprintf(out, n, "%s", key);
    return true;
}

/* Files in 'x' the items of namespace 'ns' of every kept list of related
 * list 'id' under their group keys, in listed order (that of
 * related_list). Returns 0, or the error that left 'x' incomplete. */
static int file_related(struct run *r, enum rel_id id, const char *ns,
                        struct refindex *x, bool *covered)
{
    int rc = 0;

    for (struct list_job *j = r->kept; j && !rc; j = j->kept_next) {
        size_t from, to;
        if (!related_covers(j, id, ns))
            continue;
        *covered = true;
        ns_range(j, ns, &from, &to);
        rc = sb_col_refs_add(x, j, from, to, NULL, group_ref_key, &id);
    }
    return rc;
}

/* The group 'key' of related list 'id' filed in 'x', read back, new: an
 * empty array when none (the caller's; NULL when out of memory). */
static cJSON *read_group(struct refindex *x, enum rel_id id, const char *key)
{
    cJSON *arr = cJSON_CreateArray();

    if (arr && key)
        sb_col_refs_each(x, key, group_ref_key, &id, copy_item, arr);
    return arr;
}

/* ...and the key the described object looks its part up by; NULL (or
 * "") when it has none, and then it reads the whole list, as before. */
static const char *split_key_for(enum rel_id id, const cJSON *item)
{
    return jstr(jget(item, "metadata"), id == REL_REPLICASETS ? "uid"
                                                              : "name");
}

/* Which related list 'res' reads only a part of, or -1. */
static int split_related(const struct sb_resource *res)
{
    if (sb_col_is_res(res, "deployments.apps"))
        return REL_REPLICASETS;
    if (sb_col_is_res(res, "services"))
        return REL_SLICES;
    return -1;
}

/* The part of the split list 'item' reads: its group (the caller's, in
 * '*own'), an empty list when it has none, or the whole list when it
 * cannot be looked up (loaded on first use, kept in 'nr'). */
static const cJSON *split_part(struct ns_related *nr, const cJSON *item,
                               cJSON **own)
{
    enum rel_id id = (enum rel_id)nr->split_id;
    const char *key = split_key_for(id, item);

    if (!nr->split || !key || !*key) {
        if (!nr->list[id])
            nr->list[id] = related_list(nr->r, id, nr->ns);
        return nr->list[id];
    }
    return *own = read_group(&nr->by_key, id, key);
}

/* The deadline or a signal: the describe pass stops too, so a run ends
 * near its --timeout whatever the cluster's size. */
static bool out_of_time(struct run *r)
{
    if ((r->deadline && sb_time_mono_ms() >= r->deadline) ||
        (r->o->stop && *r->o->stop)) {
        if (!r->stopped_why)
            r->stopped_why = r->deadline && sb_time_mono_ms() >= r->deadline
                             ? "deadline" : "interrupted";
        return true;
    }
    return false;
}

static void describe_item(struct list_job *j, cJSON *item, void *ctx)
{
    struct ns_related *nr = ctx;
    struct sb_describe_related rel = { 0 };
    cJSON *pods = NULL, *part = NULL;

    if (out_of_time(nr->r)) {
        nr->r->undescribed++;
        return;
    }
    rel.pods = nr->list[REL_PODS];
    if (nr->owned && nr->covered[REL_PODS]) {
        const char *uid = jstr(jget(item, "metadata"), "uid");
        rel.pods = pods = read_group(&nr->by_owner, REL_PODS, uid);
    }
    rel.replicasets = nr->list[REL_REPLICASETS];
    rel.endpointslices = nr->list[REL_SLICES];
    rel.services = nr->list[REL_SERVICES];
    if (nr->split_id == REL_REPLICASETS && nr->covered[REL_REPLICASETS])
        rel.replicasets = split_part(nr, item, &part);
    else if (nr->split_id == REL_SLICES && nr->covered[REL_SLICES])
        rel.endpointslices = split_part(nr, item, &part);
    describe_one(nr->r, j->res, item, &rel);
    cJSON_Delete(pods);
    cJSON_Delete(part);
}

/* The related lists the text of 'j' reads for its namespace [from, to),
 * filed or loaded into 'nr'. A list that cannot be filed whole is loaded
 * whole instead, and each object reads all of it, as before the split. */
static void ns_load(struct run *r, struct list_job *j, size_t from,
                    struct ns_related *nr)
{
    unsigned need = related_needs(j->res);
    int split = split_related(j->res);

    memset(nr, 0, sizeof(*nr));
    nr->r = r;
    nr->ns = j->nss[j->ix[from].ns];
    nr->split_id = -1;
    sb_col_refs_init(&nr->by_owner);
    sb_col_refs_init(&nr->by_key);
    if ((need & 1u << REL_PODS) && counts_owned_pods(j->res)) {
        nr->owned = !file_related(r, REL_PODS, nr->ns, &nr->by_owner,
                                  &nr->covered[REL_PODS]);
        if (!nr->owned)
            sb_col_refs_release(&nr->by_owner);
        need &= ~(nr->owned ? 1u << REL_PODS : 0);
    }
    if (split >= 0 && (need & 1u << split)) {
        nr->split_id = split;
        nr->split = !file_related(r, (enum rel_id)split, nr->ns,
                                  &nr->by_key, &nr->covered[split]);
        if (!nr->split)
            sb_col_refs_release(&nr->by_key);
        need &= ~(1u << split);     /* split_part loads it when needed */
    }
    for (int i = 0; i < REL_COUNT; i++)
        if (need & 1u << i)
            nr->list[i] = related_list(r, (enum rel_id)i, nr->ns);
}

static void ns_release(struct ns_related *nr)
{
    sb_col_refs_release(&nr->by_owner);
    sb_col_refs_release(&nr->by_key);
    for (int i = 0; i < REL_COUNT; i++)
        cJSON_Delete(nr->list[i]);
    memset(nr, 0, sizeof(*nr));
    nr->split_id = -1;
    sb_col_refs_init(&nr->by_owner);
    sb_col_refs_init(&nr->by_key);
}

/* The end of the namespace that starts at 'from' in the sorted index. */
static size_t ns_end(const struct list_job *j, size_t from)
{
    size_t to;

    for (to = from + 1; to < j->nix && j->ix[to].ns == j->ix[from].ns; to++)
        ;
    return to;
}

/* Writes the describe text of a kept list one namespace at a time, with
 * that namespace's related objects loaded for it and dropped after: at
 * most one namespace's worth of them is in memory. */
void sb_col_describe_list(struct run *r, struct list_job *j)
{
    size_t from = 0, to;

    while (from < j->nix && !r->write_rc) {
        struct ns_related nr;

        if (out_of_time(r)) {
            r->undescribed += j->nix - from;
            break;
        }
        to = ns_end(j, from);
        ns_load(r, j, from, &nr);
        sb_col_each_item(j, from, to, describe_item, &nr);
        ns_release(&nr);
        from = to;
    }
}

/* The pods on node 'name', trimmed (trim_pod), read back from the kept
 * pod lists in the order they were listed; NULL when none. The caller's.
 * '*fd' and '*fd_of' cache one open spool across calls (the caller closes
 * '*fd' when >= 0). */
static cJSON *node_pods(struct run *r, const char *name, int *fd,
                        struct list_job **fd_of)
{
    const cJSON *ends = sb_col_strmap_get(&r->node_pods, name, false);
    const struct pod_ref *refs = r->pod_refs;
    struct sb_buf buf = SB_BUF_INIT(UINT32_MAX);  /* a pod_ref length */
    cJSON *pods;

    if (!ends || !ends->child || !(pods = cJSON_CreateArray()))
        return NULL;
    for (size_t id = (size_t)ends->child->valuedouble; id != POD_NONE;
         id = refs[id].next) {
        const struct pod_ref *ref = &refs[id];
        cJSON *pod, *t;
        if (*fd_of != ref->j) {
            bool opened = false;
            if (*fd >= 0)
                close(*fd);
            *fd_of = ref->j;
            *fd = sb_col_spool_reader(ref->j, &opened);
            /* a spool still open for writing lends its descriptor: a
             * copy, so that the caller closes what it holds */
            if (*fd >= 0 && !opened)
                *fd = dup(*fd);
        }
        sb_buf_reset(&buf);
        if (*fd < 0 || sb_buf_grow(&buf, ref->len) ||
            pread(*fd, buf.data, ref->len, (off_t)ref->off) !=
                (ssize_t)ref->len)
            continue;
        pod = cJSON_ParseWithLength(buf.data, ref->len);
        t = pod ? trim_pod(pod) : NULL;
        if (t && !cJSON_AddItemToArray(pods, t))
            cJSON_Delete(t);
        cJSON_Delete(pod);
    }
    sb_buf_release(&buf);
    return pods;
}

struct node_ctx {
    const struct sb_resource *res;
    struct strmap by_name;      /* lease name -> [Lease] */
    struct list_job *fd_of;     /* the pod spool 'fd' reads */
    int fd;
};

/* One node's text: the pods on it, read back from the pod spools, and
 * its Lease. */
static void describe_node(struct list_job *j, cJSON *n, void *ctx)
{
    struct node_ctx *nc = ctx;
    struct run *r = j->r;
    const char *name = jstr(jget(n, "metadata"), "name");
    struct sb_describe_related rel = { 0 };
    cJSON *pods;

    if (!name || r->write_rc)
        return;
    if (out_of_time(r)) {
        r->undescribed++;
        return;
    }
    rel.pods = pods = node_pods(r, name, &nc->fd, &nc->fd_of);
    rel.lease = cJSON_GetArrayItem(sb_col_strmap_get(&nc->by_name, name, false),
                                   0);
    describe_one(r, nc->res, n, &rel);
    cJSON_Delete(pods);
}

/* The describe pass runs in steps between the HTTP engine's turns
 * (sb_http_set_idle), so that the logs and GPU requests still in flight
 * keep moving while it writes, and what it writes does not change: each
 * step goes on where the last one stopped. It holds one namespace's
 * related objects, or the node leases, as the pass in one go did. */
enum pass_stage { PASS_LISTS, PASS_NODES, PASS_DONE };

struct describe_pass {
    enum pass_stage stage;
    struct list_job *j;         /* the list being described */
    bool begun;                 /* 'j' was set for this stage */
    size_t from, to;            /* its namespace [from, to) in 'nr' */
    size_t next;                /* its next item */
    bool loaded;                /* 'nr' holds [from, to)'s related lists */
    struct ns_related nr;
    struct node_ctx nc;
    cJSON *leases;              /* emptied into nc.by_name */
};

/* Objects a step describes before it looks at the clock again. */
#define PASS_BATCH 16
/* A step's length: short enough that the engine's transfers and
 * callbacks run many times a second while the pass goes on. */
#define PASS_STEP_MS 5

/* The first list from 'j' on whose objects have describe text. */
static struct list_job *describable(struct list_job *j)
{
    while (j && !sb_col_needs_describe(j->res))
        j = j->kept_next;
    return j;
}

/* Describes up to '*n' objects of the kept lists, one namespace at a time
 * as sb_col_describe_list does; moves on to the nodes after the last one. */
static void lists_step(struct run *r, struct describe_pass *p, size_t *n)
{
    struct list_job *j;
    size_t to;

    if (!p->begun) {
        p->begun = true;
        p->j = describable(r->kept);
    }
    j = p->j;
    if (!j || (!p->loaded && r->write_rc)) {
        /* a write failure ends the lists, as it did the loop over them */
        p->stage = PASS_NODES;
        p->begun = false;
        return;
    }
    if (!p->loaded) {
        if (p->from >= j->nix || out_of_time(r)) {
            if (p->from < j->nix)
                r->undescribed += j->nix - p->from;
            p->j = describable(j->kept_next);
            p->from = 0;
            return;
        }
        p->to = ns_end(j, p->from);
        p->next = p->from;
        ns_load(r, j, p->from, &p->nr);
        p->loaded = true;
    }
    to = p->to - p->next < *n ? p->to : p->next + *n;
    sb_col_each_item(j, p->next, to, describe_item, &p->nr);
    *n -= to - p->next;
    p->next = to;
    if (p->next == p->to) {
        ns_release(&p->nr);
        p->loaded = false;
        p->from = p->to;
    }
}

/* Indexes the node leases of kube-node-lease by name, so that thousands
 * of nodes do not each scan every lease. */
static void nodes_begin(struct run *r, struct describe_pass *p)
{
    p->begun = true;
    p->nc.res = sb_discovery_find(&r->disc, "nodes");
    p->nc.fd = -1;
    p->leases = related_list(r, REL_LEASES, "kube-node-lease");
    p->j = p->nc.res ? r->node_lists : NULL;
    p->next = 0;
    if (!p->nc.res)
        return;
    while (p->leases && p->leases->child) {
        cJSON *l = cJSON_DetachItemViaPointer(p->leases, p->leases->child);
        const char *name = jstr(jget(l, "metadata"), "name");
        cJSON *arr = name ? sb_col_strmap_get(&p->nc.by_name, name, true)
                          : NULL;
        if (!arr || !cJSON_AddItemToArray(arr, l))
            cJSON_Delete(l);
    }
}

/* Node text, read back from the nodes spools one node at a time: the
 * pods on each node (read back from the pod spools) and its Lease in
 * kube-node-lease (absent when leases were not collected there). Nodes
 * are cluster-scoped: one list, its items in listed order. */
static void nodes_step(struct run *r, struct describe_pass *p, size_t *n)
{
    size_t to;

    if (!p->begun)
        nodes_begin(r, p);
    if (!p->j) {
        if (p->nc.fd >= 0)
            close(p->nc.fd);
        p->nc.fd = -1;
        sb_col_strmap_release(&p->nc.by_name);
        cJSON_Delete(p->leases);
        p->leases = NULL;
        p->stage = PASS_DONE;
        return;
    }
    if (p->next >= p->j->nix) {
        p->j = p->j->kept_next;
        p->next = 0;
        return;
    }
    to = p->j->nix - p->next < *n ? p->j->nix : p->next + *n;
    sb_col_each_item(p->j, p->next, to, describe_node, &p->nc);
    *n -= to - p->next;
    p->next = to;
}

/* The pass's end: a gap for what the deadline left undescribed, and the
 * kept lists freed. */
static void pass_end(struct run *r)
{
    struct list_job *j;

    if (r->undescribed) {
        char msg[200];
        snprintf(msg, sizeof(msg), "%s: %lu objects have no describe text",
                 !strcmp(r->stopped_why ? r->stopped_why : "", "deadline")
                 ? "deadline reached (--timeout)" : "interrupted",
                 r->undescribed);
        sb_col_add_gap(r, C_DESCRIBE, "describe text", 0, msg);
    }
    while ((j = r->kept)) {
        r->kept = j->kept_next;
        sb_col_list_free(j);
    }
}

/* Describes up to 'n' more objects (each stage change counts as one, so
 * that a step always ends). Returns false once the pass is over. */
static bool pass_step(struct run *r, struct describe_pass *p, size_t n)
{
    while (n && p->stage != PASS_DONE) {
        size_t before = n;
        if (p->stage == PASS_LISTS)
            lists_step(r, p, &n);
        else
            nodes_step(r, p, &n);
        if (n == before)
            n--;
    }
    return p->stage != PASS_DONE;
}

/* What a pass stopped between its steps still holds. */
static void pass_release(struct describe_pass *p)
{
    if (p->loaded)
        ns_release(&p->nr);
    p->loaded = false;
    if (p->nc.fd >= 0)
        close(p->nc.fd);
    p->nc.fd = -1;
    sb_col_strmap_release(&p->nc.by_name);
    cJSON_Delete(p->leases);
    p->leases = NULL;
}

void sb_col_describe_release(struct run *r)
{
    if (!r->pass)
        return;
    pass_release(r->pass);
    sb_free(r->pass);
    r->pass = NULL;
}

/* The engine's idle work: one step of the pass, about PASS_STEP_MS. */
static bool pass_idle(void *ctx)
{
    struct run *r = ctx;
    const char *phase = r->phase;
    int64_t t0 = sb_time_mono_ms();
    bool more;

    r->phase = "describe";
    do
        more = pass_step(r, r->pass, PASS_BATCH);
    while (more && sb_time_mono_ms() - t0 < PASS_STEP_MS);
    r->phase = phase;
    if (!more) {
        pass_end(r);
        sb_col_describe_release(r);
    }
    return more;
}

/* Starts the describe pass, once: every kept list, then the nodes; the
 * kept lists are freed after. Started when the last list it waits for is
 * in; it then goes on in steps while the engine runs, or at once when
 * the engine cannot take it. */
void sb_col_describe_start(struct run *r)
{
    const char *phase = r->phase;

    if (r->described)
        return;
    r->pass = sb_calloc(1, sizeof(*r->pass));
    if (!r->pass) {
        sb_col_describe_all(r);    /* out of memory: in one go */
        return;
    }
    r->pass->nc.fd = -1;
    r->described = true;
    r->phase = "describe";
    sb_col_progress(r, true);
    r->phase = phase;
    sb_http_set_idle(r->http, pass_idle, r);
}

/* Ends the describe pass: what steps are left (all of them when it was
 * never started, as when the run stopped early: with what there is). */
void sb_col_describe_all(struct run *r)
{
    struct describe_pass local = { .nc = { .fd = -1 } };
    struct describe_pass *p = r->pass ? r->pass : &local;
    const char *phase = r->phase;

    if (r->described && !r->pass)
        return;
    if (!r->described) {
        r->described = true;
        r->phase = "describe";
        sb_col_progress(r, true);
    }
    r->phase = "describe";
    if (r->pass)
        sb_http_set_idle(r->http, NULL, NULL);
    while (pass_step(r, p, SIZE_MAX))
        ;
    pass_end(r);
    pass_release(&local);
    sb_col_describe_release(r);
    r->phase = phase;
}
