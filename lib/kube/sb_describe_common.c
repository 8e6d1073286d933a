/*
 * Printers that several kinds share: labels, annotations, taints,
 * tolerations, selectors, owner references and the Events table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_describe_int.h"

/* kubectl shortens long annotation values to this many bytes */
#define MAX_ANNOTATION_LEN 140

void sb_dbuf_adds(struct dw *w, struct sb_buf *b, const char *s)
{
    if (!w->rc)
        sb_dw_fail(w, sb_buf_adds(b, s));
}

void sb_dbuf_addf(struct dw *w, struct sb_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    if (w->rc)
        return;
    va_start(ap, fmt);
    rc = sb_buf_vaddf(b, fmt, ap);
    va_end(ap);
    sb_dw_fail(w, rc);
}

/* Insertion into a merge sort: stable, as Go's sort is for the short
 * lists describe sorts, and O(n log n) for long hostile ones. */
static void merge_sort(const cJSON **v, const cJSON **tmp, size_t n,
                       dcmp_fn *cmp)
{
    size_t mid = n / 2, i = 0, j, k = 0;

    if (n < 2)
        return;
    merge_sort(v, tmp, mid, cmp);
    merge_sort(v + mid, tmp, n - mid, cmp);
    j = mid;
    while (i < mid && j < n)
        tmp[k++] = cmp(v[j], v[i]) < 0 ? v[j++] : v[i++];
    while (i < mid)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof(*v));
}

void sb_dsort(const cJSON **v, size_t n, dcmp_fn *cmp)
{
    const cJSON **tmp;
    size_t i, j;

    if (n < 2)
        return;
    tmp = sb_calloc(n, sizeof(*tmp));
    if (tmp) {
        merge_sort(v, tmp, n, cmp);
        sb_free(tmp);
        return;
    }
    /* no memory for the merge: a stable insertion sort still works */
    for (i = 1; i < n; i++) {
        const cJSON *x = v[i];

        for (j = i; j > 0 && cmp(x, v[j - 1]) < 0; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

size_t sb_dvec(struct dw *w, const cJSON *arr, const cJSON ***vec)
{
    const cJSON *c;
    const cJSON **v;
    size_t n = 0;

    *vec = NULL;
    if (!cJSON_IsArray(arr))
        return 0;
    for (c = arr->child; c; c = c->next)
        n++;
    if (!n)
        return 0;
    v = sb_calloc(n, sizeof(*v));
    if (!v) {
        sb_dw_fail(w, SB_E_NOMEM);
        return 0;
    }
    n = 0;
    for (c = arr->child; c; c = c->next)
        v[n++] = c;
    *vec = v;
    return n;
}

void sb_dp_labels(struct dw *w, const char *indent, const char *title,
               const char *inner, const cJSON *map)
{
    const char **keys;
    size_t n = sb_dkeys(w, map, &keys), i;

    sb_dw_write(w, 0, "%s%s:%s", indent, title, inner);
    if (!n) {
        sb_dw_line(w, "<none>");
        return;
    }
    for (i = 0; i < n; i++) {
        if (i) {
            sb_dw_write(w, 0, "%s", indent);
            sb_dw_write(w, 0, "%s", inner);
        }
        sb_dw_write(w, 0, "%s=%s\n", keys[i], ds(map, keys[i]));
    }
    sb_free(keys);
}

void sb_dp_annotations(struct dw *w, const char *title, const cJSON *map)
{
    const char **keys;
    size_t n = sb_dkeys(w, map, &keys), i, shown = 0;

    sb_dw_write(w, 0, "%s:\t", title);
    for (i = 0; i < n; i++) {
        const char *key = keys[i], *value = ds(map, key);
        size_t vlen = strlen(value);

        if (!strcmp(key, "kubectl.kubernetes.io/last-applied-configuration"))
            continue;
        if (shown++)
            sb_dw_write(w, 0, "\t");
        if (vlen && value[vlen - 1] == '\n')
            vlen--;
        if (vlen + strlen(key) + 2 > MAX_ANNOTATION_LEN ||
            memchr(value, '\n', vlen)) {
            const char *p = value, *end = value + vlen;

            sb_dw_write(w, 0, "%s:\n", key);
            for (;;) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

                if (len > MAX_ANNOTATION_LEN - 2)
                    sb_dw_write(w, 0, "\t  %.*s...\n", MAX_ANNOTATION_LEN - 2,
                             p);
                else
                    sb_dw_write(w, 0, "\t  %.*s\n", (int)len, p);
                if (!nl)
                    break;
                p = nl + 1;
            }
        } else {
            sb_dw_write(w, 0, "%s: %.*s\n", key, (int)vlen, value);
        }
    }
    if (!shown)
        sb_dw_line(w, "<none>");
    sb_free(keys);
}

static int cmp_toleration(const cJSON *a, const cJSON *b)
{
    return strcmp(ds(a, "key"), ds(b, "key"));
}

void sb_dp_tolerations(struct dw *w, const char *title, const cJSON *tols)
{
    const cJSON **v;
    size_t n = sb_dvec(w, tols, &v), i;

    sb_dw_write(w, 0, "%s:\t", title);
    if (!n) {
        sb_dw_line(w, "<none>");
        return;
    }
    sb_dsort(v, n, cmp_toleration);
    for (i = 0; i < n; i++) {
        const char *key = ds(v[i], "key"), *value = ds(v[i], "value");
        const char *effect = ds(v[i], "effect");
        int64_t secs;

        if (i)
            sb_dw_write(w, 0, "\t");
        sb_dw_write(w, 0, "%s", key);
        if (*value)
            sb_dw_write(w, 0, "=%s", value);
        if (*effect)
            sb_dw_write(w, 0, ":%s", effect);
        /* operator Exists with no value tolerates everything */
        if (!strcmp(ds(v[i], "operator"), "Exists") && !*value)
            sb_dw_write(w, 0, "%sop=Exists", *key || *effect ? " " : "");
        if (dhas_num(v[i], "tolerationSeconds", &secs))
            sb_dw_write(w, 0, " for %llds", (long long)secs);
        sb_dw_write(w, 0, "\n");
    }
    sb_free(v);
}

static int cmp_taint(const cJSON *a, const cJSON *b)
{
    int c = strcmp(ds(a, "effect"), ds(b, "effect"));

    /* Go compares effect + "," + key as one string */
    if (c) {
        const char *ea = ds(a, "effect"), *eb = ds(b, "effect");
        size_t la = strlen(ea), lb = strlen(eb);

        if (la < lb && !strncmp(ea, eb, la))
            return (unsigned char)',' < (unsigned char)eb[la] ? -1 : 1;
        if (lb < la && !strncmp(ea, eb, lb))
            return (unsigned char)ea[lb] < (unsigned char)',' ? -1 : 1;
        return c;
    }
    return strcmp(ds(a, "key"), ds(b, "key"));
}

void sb_dp_taints(struct dw *w, const char *title, const cJSON *taints)
{
    const cJSON **v;
    size_t n = sb_dvec(w, taints, &v), i;

    sb_dw_write(w, 0, "%s:\t", title);
    if (!n) {
        sb_dw_line(w, "<none>");
        return;
    }
    sb_dsort(v, n, cmp_taint);
    for (i = 0; i < n; i++) {
        const char *value = ds(v[i], "value");

        if (i)
            sb_dw_write(w, 0, "\t");
        if (*value)
            sb_dw_write(w, 0, "%s=%s:%s\n", ds(v[i], "key"), value,
                     ds(v[i], "effect"));
        else
            sb_dw_write(w, 0, "%s:%s\n", ds(v[i], "key"), ds(v[i], "effect"));
    }
    sb_free(v);
}

const cJSON *sb_dcontroller_ref(const cJSON *obj)
{
    const cJSON *refs = darr(dj(obj, "metadata"), "ownerReferences"), *r;

    cJSON_ArrayForEach(r, refs)
        if (db(r, "controller"))
            return r;
    return NULL;
}

const char *sb_dcontroller(const cJSON *obj, char *buf, size_t len)
{
    const cJSON *r = sb_dcontroller_ref(obj);

    if (!r)
        return NULL;
    snprintf(buf, len, "%s/%s", ds(r, "kind"), ds(r, "name"));
    return buf;
}

void sb_djoin(struct dw *w, const cJSON *arr, const char *sep,
           struct sb_buf *b)
{
    const cJSON *c;
    bool first = true;

    cJSON_ArrayForEach(c, dlist(arr)) {
        if (!first)
            sb_dbuf_adds(w, b, sep);
        first = false;
        if (cJSON_IsString(c) && c->valuestring)
            sb_dbuf_adds(w, b, c->valuestring);
    }
}

void sb_dslice(struct dw *w, const cJSON *arr, struct sb_buf *b)
{
    sb_dbuf_adds(w, b, "[");
    sb_djoin(w, arr, " ", b);
    sb_dbuf_adds(w, b, "]");
}

void sb_dformat_labels(struct dw *w, const cJSON *map, struct sb_buf *b)
{
    const char **keys;
    size_t n = sb_dkeys(w, map, &keys), i;

    if (!n) {
        sb_dbuf_adds(w, b, "<none>");
        return;
    }
    for (i = 0; i < n; i++)
        sb_dbuf_addf(w, b, "%s%s=%s", i ? "," : "", keys[i], ds(map, keys[i]));
    sb_free(keys);
}

/* ---- label selectors ------------------------------------------------ */

struct req {
    const char *key;
    const char *op;         /* "=", "in", "notin", "exists", "!" */
    const cJSON *values;    /* array for in/notin */
    const char *value;      /* for "=" */
};

static int cmp_req(const void *a, const void *b)
{
    return strcmp(((const struct req *)a)->key, ((const struct req *)b)->key);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Requirement.String(): values sorted, joined with commas. */
static void add_req(struct dw *w, const struct req *r, struct sb_buf *b)
{
    const cJSON *c;
    const char **vals = NULL;
    size_t n = 0, i;

    if (!strcmp(r->op, "!")) {
        sb_dbuf_addf(w, b, "!%s", r->key);
        return;
    }
    sb_dbuf_adds(w, b, r->key);
    if (!strcmp(r->op, "exists"))
        return;
    if (!strcmp(r->op, "=")) {
        sb_dbuf_addf(w, b, "=%s", r->value);
        return;
    }
    sb_dbuf_addf(w, b, " %s (", r->op);
    n = (size_t)dlen(r->values);
    if (n)
        vals = sb_calloc(n, sizeof(*vals));
    if (n && !vals) {
        sb_dw_fail(w, SB_E_NOMEM);
        return;
    }
    n = 0;
    cJSON_ArrayForEach(c, r->values)
        vals[n++] = cJSON_IsString(c) && c->valuestring ? c->valuestring : "";
    if (n > 1)
        qsort(vals, n, sizeof(*vals), cmp_cstr);
    for (i = 0; i < n; i++)
        sb_dbuf_addf(w, b, "%s%s", i ? "," : "", vals[i]);
    sb_dbuf_adds(w, b, ")");
    sb_free(vals);
}

bool sb_dselector(struct dw *w, const cJSON *sel, struct sb_buf *b)
{
    const cJSON *ml = dobj(sel, "matchLabels"), *me = darr(sel, "matchExpressions");
    const cJSON *c;
    struct req *reqs;
    size_t n = 0, i;
    bool ok = true;

    for (c = ml ? ml->child : NULL; c; c = c->next)
        n++;
    n += (size_t)dlen(me);
    if (!n)
        return true;
    reqs = sb_calloc(n, sizeof(*reqs));
    if (!reqs) {
        sb_dw_fail(w, SB_E_NOMEM);
        return true;
    }
    n = 0;
    for (c = ml ? ml->child : NULL; c; c = c->next) {
        reqs[n].key = c->string ? c->string : "";
        reqs[n].op = "=";
        reqs[n++].value = cJSON_IsString(c) && c->valuestring ? c->valuestring
                                                             : "";
    }
    cJSON_ArrayForEach(c, me) {
        const char *op = ds(c, "operator");

        reqs[n].key = ds(c, "key");
        reqs[n].values = darr(c, "values");
        if (!strcmp(op, "In"))
            reqs[n].op = "in";
        else if (!strcmp(op, "NotIn"))
            reqs[n].op = "notin";
        else if (!strcmp(op, "Exists"))
            reqs[n].op = "exists";
        else if (!strcmp(op, "DoesNotExist"))
            reqs[n].op = "!";
        else
            ok = false;
        n++;
    }
    if (ok) {
        /* insertion sort by key: stable, and n is small */
        for (i = 1; i < n; i++) {
            struct req x = reqs[i];
            size_t j;

            for (j = i; j > 0 && cmp_req(&x, &reqs[j - 1]) < 0; j--)
                reqs[j] = reqs[j - 1];
            reqs[j] = x;
        }
        for (i = 0; i < n; i++) {
            if (i)
                sb_dbuf_adds(w, b, ",");
            add_req(w, &reqs[i], b);
        }
    }
    sb_free(reqs);
    return ok;
}

static bool in_values(const cJSON *values, const char *v)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, dlist(values))
        if (cJSON_IsString(c) && c->valuestring && !strcmp(c->valuestring, v))
            return true;
    return false;
}

bool sb_dselector_match(const cJSON *sel, const cJSON *labels)
{
    const cJSON *ml = dobj(sel, "matchLabels"), *c;

    if (!cJSON_IsObject(sel))
        return false;
    for (c = ml ? ml->child : NULL; c; c = c->next) {
        const cJSON *l = dj(labels, c->string ? c->string : "");

        if (!cJSON_IsString(l) || !cJSON_IsString(c) ||
            strcmp(l->valuestring, c->valuestring))
            return false;
    }
    cJSON_ArrayForEach(c, darr(sel, "matchExpressions")) {
        const char *op = ds(c, "operator"), *key = ds(c, "key");
        const cJSON *l = dj(labels, key);
        bool has = cJSON_IsString(l);

        if (!strcmp(op, "In")) {
            if (!has || !in_values(dj(c, "values"), l->valuestring))
                return false;
        } else if (!strcmp(op, "NotIn")) {
            if (has && in_values(dj(c, "values"), l->valuestring))
                return false;
        } else if (!strcmp(op, "Exists")) {
            if (!has)
                return false;
        } else if (!strcmp(op, "DoesNotExist")) {
            if (has)
                return false;
        } else {
            return false;
        }
    }
    return true;
}

/* ---- events --------------------------------------------------------- */

/* kubectl sorts by lastTimestamp alone; events with only an eventTime
 * (events.k8s.io/v1 writers) sort first, as Go's zero time does */
static __int128 event_time(const cJSON *e)
{
    __int128 t;

    if (sb_dtime_ns(e, "lastTimestamp", &t))
        return t;
    return (__int128)-62135596800LL * 1000000000;
}

static int cmp_event(const cJSON *a, const cJSON *b)
{
    __int128 ta = event_time(a), tb = event_time(b);

    return ta < tb ? -1 : ta > tb ? 1 : 0;
}

static bool event_about(const cJSON *e, const char *name, const char *ns,
                        const char *kind, const char *uid,
                        const char *alt_uid)
{
    const cJSON *io = dobj(e, "involvedObject");

    if (!io || strcmp(ds(io, "name"), name) || strcmp(ds(io, "namespace"), ns))
        return false;
    if (kind && strcmp(ds(io, "kind"), kind))
        return false;
    if (*uid && strcmp(ds(io, "uid"), uid) &&
        (!alt_uid || strcmp(ds(io, "uid"), alt_uid)))
        return false;
    return true;
}

static void trim_space(const char *s, const char **start, int *len)
{
    const char *e = s + strlen(s);

    while (*s && strchr(" \t\n\v\f\r", *s))
        s++;
    while (e > s && strchr(" \t\n\v\f\r", e[-1]))
        e--;
    *start = s;
    *len = (int)(e - s);
}

static void event_row(struct dw *w, const cJSON *e)
{
    char first[32], last[32];
    const char *source = sb_dsp(e, "source", "component", NULL), *msg;
    const cJSON *series = dobj(e, "series");
    int64_t count = di(e, "count", 0);
    int mlen;

    if (sb_dtime_ns(e, "eventTime", &(__int128){ 0 }))
        sb_dage(w, e, "eventTime", first);
    else
        sb_dage(w, e, "firstTimestamp", first);
    if (!*source)
        source = ds(e, "reportingComponent");
    trim_space(ds(e, "message"), &msg, &mlen);
    if (series) {
        sb_dw_write(w, 1, "%s\t%s\t%s (x%lld over %s)\t%s\t%.*s\n",
                 ds(e, "type"), ds(e, "reason"),
                 sb_dage(w, series, "lastObservedTime", last),
                 (long long)di(series, "count", 0), first, source, mlen,
                 msg);
    } else if (count > 1) {
        sb_dw_write(w, 1, "%s\t%s\t%s (x%lld over %s)\t%s\t%.*s\n",
                 ds(e, "type"), ds(e, "reason"),
                 sb_dage(w, e, "lastTimestamp", last), (long long)count, first,
                 source, mlen, msg);
    } else {
        sb_dw_write(w, 1, "%s\t%s\t%s\t%s\t%.*s\n", ds(e, "type"),
                 ds(e, "reason"), first, source, mlen, msg);
    }
}

void sb_dp_events(struct dw *w, const cJSON *obj, const cJSON *events,
               const char *kind, bool is_pod, const char *alt_uid)
{
    const cJSON *md = dj(obj, "metadata"), *e;
    const char *name = ds(md, "name"), *ns = ds(md, "namespace");
    const char *uid = ds(md, "uid");
    const char *mirror = ds(dj(md, "annotations"), "kubernetes.io/config.mirror");
    const cJSON **v;
    size_t n = 0, i;

    if (is_pod && *mirror)
        uid = mirror;
    cJSON_ArrayForEach(e, dlist(events))
        if (event_about(e, name, ns, is_pod ? NULL : kind, uid, alt_uid))
            n++;
    if (!n) {
        sb_dw_write(w, 0, "Events:\t<none>\n");
        return;
    }
    v = sb_calloc(n, sizeof(*v));
    if (!v) {
        sb_dw_fail(w, SB_E_NOMEM);
        return;
    }
    n = 0;
    cJSON_ArrayForEach(e, events)
        if (event_about(e, name, ns, is_pod ? NULL : kind, uid, alt_uid))
            v[n++] = e;
    sb_dw_flush(w);
    sb_dsort(v, n, cmp_event);
    sb_dw_write(w, 0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    sb_dw_write(w, 1, "----\t------\t----\t----\t-------\n");
    for (i = 0; i < n; i++)
        event_row(w, v[i]);
    sb_free(v);
}
