/*
 * collect's lists: every resource is listed page by page, each page split
 * into its items as it arrives (sb_jlist) and spooled to a file, so no
 * list is ever held whole. A finished list is written as one List member
 * per namespace, then either freed or kept spooled for the describe pass
 * and the GPU step. Apart because it is the largest step and the only one
 * that pages, restarts after 410 Gone and bounds what a server sends.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "sb_collect_int.h"
#include "sb_alloc.h"
#include "sb_certinfo.h"
#include "sb_redact.h"

#define PAGE_LIMIT 250
#define LIST_HEAD_MAX ((size_t)1 << 20)     /* a List without its items */
/* One list's objects and namespaces, at most: a hundred times and more
 * what Kubernetes is tested to hold (150,000 pods, 10,000 namespaces), so
 * only a hostile server reaches them, and then the list stops with a gap
 * instead of the index growing until memory runs out. */
#define LIST_ITEMS_MAX ((size_t)1 << 26)
#define LIST_NSS_MAX ((size_t)1 << 20)

static void list_next(struct list_job *j);

void sb_col_list_free(struct list_job *j)
{
    if (!j)
        return;
    if (j->spool)
        fclose(j->spool);
    if (j->spool_path) {
        unlink(j->spool_path);
        sb_free(j->spool_path);
    }
    for (size_t i = 0; i < j->nnss; i++)
        sb_free(j->nss[i]);
    sb_free(j->nss);
    sb_free(j->ix);
    sb_free(j->ns);
    sb_free(j->cont);
    sb_jlist_release(&j->split);
    sb_free(j);
}

/* Opens the spool for appending (created by the first page). Returns 0
 * or SB_E_IO with errno set. */
static int spool_open(struct list_job *j)
{
    int fd;

    if (j->spool)
        return 0;
    fd = open(j->spool_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
              O_NOFOLLOW, 0600);
    if (fd < 0)
        return SB_E_IO;
    j->spool = fdopen(fd, "a");
    if (!j->spool) {
        close(fd);
        return SB_E_IO;
    }
    return 0;
}

/* Closes the spool after a page. Returns 0 or SB_E_IO (errno set). */
static int spool_close(struct list_job *j)
{
    int rc = 0;

    if (j->spool && fclose(j->spool))
        rc = SB_E_IO;
    j->spool = NULL;
    return rc;
}

/* A descriptor to read the spool with: the open one, or a new one the
 * caller closes (*opened). -1 with errno set on failure; a list that
 * spooled nothing has no file and reads as empty. */
int sb_col_spool_reader(struct list_job *j, bool *opened)
{
    int fd;

    *opened = false;
    if (j->spool)
        return fflush(j->spool) ? -1 : fileno(j->spool);
    fd = open(j->spool_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0)
        *opened = true;
    return fd;
}

static void list_reset(struct list_job *j)
{
    spool_close(j);
    unlink(j->spool_path);
    j->spool_len = 0;
    j->nix = 0;
    j->pages = 0;
    j->left_out = 0;
    sb_free(j->cont);
    j->cont = NULL;
}

static int intern_ns(struct list_job *j, const char *ns, uint32_t *id)
{
    int rc;

    /* lists come grouped by namespace: the last one usually matches */
    for (size_t i = j->nnss; i-- > 0;)
        if (!strcmp(j->nss[i], ns)) {
            *id = (uint32_t)i;
            return 0;
        }
    rc = SB_ARRAY_GROW(j->nss, j->nnss + 1, j->nss_alloc, LIST_NSS_MAX);
    if (rc)
        return rc;
    j->nss[j->nnss] = sb_strdup(ns);
    if (!j->nss[j->nnss])
        return SB_E_NOMEM;
    *id = (uint32_t)j->nnss++;
    return 0;
}

static int spool_item(struct list_job *j, const char *ns, const char *text)
{
    size_t len = strlen(text);
    struct item_ix *x;
    uint32_t id = 0;
    int rc;

    rc = SB_ARRAY_GROW(j->ix, j->nix + 1, j->cap, LIST_ITEMS_MAX);
    if (!rc)
        rc = intern_ns(j, ns ? ns : "", &id);
    if (rc)
        return rc;
    if (len > UINT32_MAX)
        return SB_E_TOOBIG;
    if (spool_open(j) || fwrite(text, 1, len, j->spool) != len)
        return SB_E_IO;
    x = &j->ix[j->nix++];
    x->ns = id;
    x->len = (uint32_t)len;
    x->off = j->spool_len;
    j->spool_len += len;
    return 0;
}

/* Drops Secret values, keeping key names: they are never written, even
 * with --no-redact. */
static void strip_secret(cJSON *o)
{
    static const char *const maps[] = { "data", "stringData" };
    cJSON *md = cJSON_GetObjectItemCaseSensitive(o, "metadata");
    cJSON *an = cJSON_GetObjectItemCaseSensitive(md, "annotations");
    cJSON *data = cJSON_GetObjectItemCaseSensitive(o, "data");
    cJSON *crt = cJSON_GetObjectItemCaseSensitive(data, "tls.crt"), *info;

    /* the certificate's public dates and names, so expiry can be checked
     * without the Secret: never the key, never the certificate itself */
    info = cJSON_IsString(crt) ? sb_certinfo_from_base64(crt->valuestring)
                               : NULL;
    if (info && !cJSON_AddItemToObject(o, "certificate", info))
        cJSON_Delete(info);
    for (size_t i = 0; i < 2; i++) {
        cJSON *m = cJSON_GetObjectItemCaseSensitive(o, maps[i]), *v;
        /* each value becomes null in place, so its key name stays:
         * cJSON_ReplaceItemViaPointer would drop the name */
        cJSON_ArrayForEach(v, m) {
            if (v->type & cJSON_IsReference)
                continue;
            cJSON_free(v->valuestring);
            cJSON_Delete(v->child);
            v->valuestring = NULL;
            v->child = NULL;
            v->valueint = 0;
            v->valuedouble = 0;
            v->type = cJSON_NULL;
        }
    }
    cJSON_DeleteItemFromObjectCaseSensitive(
        an, "kubectl.kubernetes.io/last-applied-configuration");
}

static int set_first(cJSON *o, const char *k, const char *v, int at)
{
    cJSON *s;

    if (jget(o, k))
        return 0;
    s = cJSON_CreateString(v);
    if (!s)
        return SB_E_NOMEM;
    s->string = strdup(k);
    if (!s->string) {
        cJSON_Delete(s);
        return SB_E_NOMEM;
    }
    if (!cJSON_InsertItemInArray(o, at, s)) {
        cJSON_Delete(s);
        return SB_E_NOMEM;
    }
    return 0;
}

/* One item of a list page: completed, scrubbed, indexed, spooled. */
static int list_item(struct list_job *j, cJSON *item, const char *kind,
                     const char *api_version)
{
    struct run *r = j->r;
    const struct sb_resource *res = j->res;
    const char *ns;
    char *text;
    int rc;

    if (!cJSON_IsObject(item))
        return 0;
    rc = set_first(item, "kind", kind, 0);
    if (!rc)
        rc = set_first(item, "apiVersion", api_version, 0);
    if (rc)
        return rc;
    if (!strcmp(kind, "Secret"))
        strip_secret(item);
    if (r->red)
        sb_redact_object(r->red, item, kind);
    ns = jstr(jget(item, "metadata"), "namespace");
    text = cJSON_PrintUnformatted(item);
    if (!text)
        return SB_E_NOMEM;
    rc = spool_item(j, res->namespaced ? ns : NULL, text);
    cJSON_free(text);
    return rc;
}

/* What follows from one listed object: its events indexed, its logs
 * queued, a node kept. Run once the whole list is in, so a list
 * restarted after 410 Gone does not do it twice. */
static void item_effects(struct list_job *j, cJSON *item, void *ctx)
{
    struct run *r = j->r;
    const struct sb_resource *res = j->res;

    (void)ctx;
    if (sb_col_is_res(res, "events")) {
        /* an event about an object of its own namespace is read back
         * from the spool when that namespace is described (ns_events);
         * the others (about cluster-scoped objects) are few and kept */
        const cJSON *io = jget(item, "involvedObject");
        const char *ions, *ns = jstr(jget(item, "metadata"), "namespace");
        if (!io)
            io = jget(item, "regarding");
        ions = jstr(io, "namespace");
        if (!ions || !*ions || !ns || strcmp(ions, ns))
            sb_col_index_event(&r->events, item);
    }
    else if (sb_col_is_res(res, "pods")) {
        sb_col_queue_pod_logs(r, item);
        sb_col_index_pod_on_node(r, j, item);
        sb_col_note_exporter(r, item);
    }
}

typedef void item_fn(struct list_job *j, cJSON *item, void *ctx);

/* Calls 'fn' on each spooled item of index range [from, to), parsed; the
 * item is freed after (fn may detach parts of it). Returns 0, SB_E_NOMEM
 * or SB_E_IO (the items after the failure are not visited). */
int sb_col_each_item(struct list_job *j, size_t from, size_t to, item_fn *fn,
                  void *ctx)
{
    struct sb_buf buf = SB_BUF_INIT(UINT32_MAX);  /* an item_ix length */
    bool opened = false;
    int rc = 0, fd = -1;

    if (from < to && (fd = sb_col_spool_reader(j, &opened)) < 0)
        return SB_E_IO;
    for (size_t i = from; i < to; i++) {
        struct item_ix *x = &j->ix[i];
        cJSON *item;

        sb_buf_reset(&buf);
        if ((rc = sb_buf_grow(&buf, x->len)))
            break;
        if (pread(fd, buf.data, x->len, (off_t)x->off) != (ssize_t)x->len) {
            rc = SB_E_IO;
            break;
        }
        item = cJSON_ParseWithLength(buf.data, x->len);
        j->cur = x;
        if (item)
            fn(j, item, ctx);
        cJSON_Delete(item);
    }
    if (opened)
        close(fd);
    sb_buf_release(&buf);
    return rc;
}

static int cmp_ix(const void *a, const void *b)
{
    const struct item_ix *x = a, *y = b;

    if (x->ns != y->ns)
        return x->ns < y->ns ? -1 : 1;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* Writes the items of namespace 'ns' (index range [from, to)) as one
 * List member. */
static int write_group(struct list_job *j, const char *ns, size_t from,
                       size_t to)
{
    struct run *r = j->r;
    static const char head[] =
        "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":"
        "{\"resourceVersion\":\"\"},\"items\":[";
    FILE *out = NULL;
    struct sb_buf buf = SB_BUF_INIT(UINT32_MAX);  /* an item_ix length */
    char path[1200], sns[256];
    const char *what = "a temporary file";
    bool opened = false;
    int rc = SB_E_IO, fd = -1;

    /* named first: every failure below names this member */
    sb_col_safe_component(ns, sns, sizeof(sns));
    snprintf(path, sizeof(path), "resources/%s/%s.json", sns,
             j->res->name);
    out = tmpfile();
    if (!out || fputs(head, out) < 0)
        goto cleanup;
    what = j->spool_path;
    if (from < to && (fd = sb_col_spool_reader(j, &opened)) < 0)
        goto cleanup;
    what = "a temporary file";
    for (size_t i = from; i < to; i++) {
        struct item_ix *x = &j->ix[i];

        sb_buf_reset(&buf);
        if (sb_buf_grow(&buf, x->len)) {   /* never past its maximum */
            rc = SB_E_NOMEM;
            goto cleanup;
        }
        if (pread(fd, buf.data, x->len, (off_t)x->off) != (ssize_t)x->len) {
            what = j->spool_path;
            goto cleanup;
        }
        if ((i > from && fputs(",\n", out) < 0) ||
            fwrite(buf.data, 1, x->len, out) != x->len)
            goto cleanup;
    }
    if (fputs("]}\n", out) < 0 || fflush(out))
        goto cleanup;
    rc = sb_col_add_member_stream(r, path, out);
    what = NULL;
cleanup:
    if (what && (rc == SB_E_IO || rc == SB_E_NOMEM)) {
        struct sb_err e = SB_ERR_INIT;
        int en = errno;
        sb_err_set(&e, rc, "cannot write '%s' through %s%s%s: %s", path,
                   what == j->spool_path ? "'" : "", what,
                   what == j->spool_path ? "'" : "",
                   rc == SB_E_NOMEM ? "out of memory" : strerror(en));
        sb_col_write_failed(r, rc, &e);
    }
    if (opened)
        close(fd);
    sb_buf_release(&buf);
    if (out)
        fclose(out);
    return rc;
}

static void list_finish(struct list_job *j)
{
    struct run *r = j->r;
    size_t from = 0;

    spool_close(j);
    sb_col_each_item(j, 0, j->nix, item_effects, NULL);
    sb_col_pump_logs(r);       /* what a pod list queued */
    r->objects += j->nix;
    if (!j->res->namespaced) {
        write_group(j, "_cluster", 0, j->nix);
    } else {
        if (j->nix)
            qsort(j->ix, j->nix, sizeof(*j->ix), cmp_ix);
        for (size_t i = 1; i <= j->nix; i++) {
            if (i < j->nix && j->ix[i].ns == j->ix[from].ns)
                continue;
            write_group(j, j->nss[j->ix[from].ns], from, i);
            from = i;
        }
        /* a namespace asked for by name gets its file, even empty */
        if (j->ns && j->nix == 0)
            write_group(j, j->ns, 0, 0);
    }
    r->col[j->col].items++;
    sb_col_touch(r, j->col);
    if (sb_col_is_res(j->res, "events")) {
        /* read back by describe (ns_events) until the run ends */
        struct list_job **t = &r->ev_kept;
        while (*t)
            t = &(*t)->kept_next;
        *t = j;
        /* what ns_events read before does not hold this list's events */
        sb_col_events_forget(r);
        sb_col_after_list(r, j->res);
        return;
    }
    if (sb_col_is_res(j->res, "nodes")) {
        /* read back by describe_nodes and sb_col_start_gpu */
        j->kept_next = r->node_lists;
        r->node_lists = j;
        sb_col_after_list(r, j->res);
        return;
    }
    if (sb_col_kept_for_describe(j->res) && !r->described) {
        /* spooled until the describe pass: it reads the file again */
        j->kept_next = r->kept;
        r->kept = j;
        sb_col_after_list(r, j->res);
        return;
    }
    if (sb_col_needs_describe(j->res))     /* after the pass: no related lists */
        sb_col_describe_list(r, j);
    sb_col_after_list(r, j->res);
    sb_col_list_free(j);
}

/* A page that could not be spooled: the list stops there, a gap naming
 * the spool file and the cause. */
static void spool_failed(struct list_job *j, int rc, int en)
{
    char msg[1200];

    spool_close(j);
    if (rc == SB_E_NOMEM)
        snprintf(msg, sizeof(msg), "out of memory");
    else if (rc == SB_E_TOOBIG && j->nix == LIST_ITEMS_MAX)
        snprintf(msg, sizeof(msg), "more than %zu objects in one list",
                 LIST_ITEMS_MAX);
    else if (rc == SB_E_TOOBIG && j->nnss == LIST_NSS_MAX)
        snprintf(msg, sizeof(msg), "objects of more than %zu namespaces "
                 "in one list", LIST_NSS_MAX);
    else if (rc == SB_E_TOOBIG)
        snprintf(msg, sizeof(msg), "an object of 4 GiB or more");
    else
        snprintf(msg, sizeof(msg), "cannot spool the list to '%s': %s",
                 j->spool_path, strerror(en));
    sb_col_add_gap(j->r, j->col, j->target, 0, msg);
}

/* The kind and apiVersion the items of this page get, from the List's
 * members before its items (an API server sends them first), else from
 * discovery. */
static void page_meta(struct list_job *j)
{
    const struct sb_buf *h = sb_jlist_head(&j->split);
    struct sb_buf t = SB_BUF_INIT(SB_BUF_UNLIMITED);
    cJSON *root = NULL;
    const char *k, *v;

    j->has_meta = true;
    if (sb_buf_add(&t, h->data ? h->data : "", h->len) == 0 &&
        sb_buf_add(&t, "]}", 2) == 0)
        root = cJSON_ParseWithLength(t.data, t.len);
    k = jstr(root, "kind");
    v = jstr(root, "apiVersion");
    snprintf(j->kind, sizeof(j->kind), "%s", j->res->kind);
    if (!j->kind[0] && k) {
        size_t n = strlen(k);
        snprintf(j->kind, sizeof(j->kind), "%.*s",
                 (int)(n > 4 && !strcmp(k + n - 4, "List") ? n - 4 : n), k);
    }
    if (v)
        snprintf(j->apiv, sizeof(j->apiv), "%s", v);
    else if (*j->res->group)
        snprintf(j->apiv, sizeof(j->apiv), "%s/%s", j->res->group,
                 j->res->version);
    else
        snprintf(j->apiv, sizeof(j->apiv), "%s", j->res->version);
    cJSON_Delete(root);
    sb_buf_release(&t);
}

/* One item of the page as it arrives: parsed, completed and spooled. A
 * bad or oversized item is a gap of its own; the others go on. */
static int page_item(void *ctx, const char *p, size_t n)
{
    struct list_job *j = ctx;
    char msg[300];
    cJSON *item;
    int rc;

    if (!j->has_meta)
        page_meta(j);
    if (!p) {
        snprintf(msg, sizeof(msg), "an object of %zu bytes, more than "
                 "--max-object-size (%zu), was left out", n, j->max_item);
        j->left_out++;
        sb_col_add_gap(j->r, j->col, j->target, 0, msg);
        return 0;
    }
    item = cJSON_ParseWithLength(p, n);
    if (!item) {
        j->left_out++;
        sb_col_add_gap(j->r, j->col, j->target, 0,
                    "an object of the list is not JSON: left out");
        return 0;
    }
    rc = list_item(j, item, j->kind, j->apiv);
    cJSON_Delete(item);
    if (rc) {
        j->feed_rc = rc;
        j->feed_errno = errno;
    }
    return rc;
}

/* Body bytes of a page: split into items as they come, so no page is
 * ever held whole. A retry (p == NULL) drops what this attempt spooled. */
static int list_data(void *ctx, const char *p, size_t n)
{
    struct list_job *j = ctx;
    int rc;

    if (!p) {
        spool_close(j);
        if (truncate(j->spool_path, (off_t)j->page_spool_len) &&
            errno != ENOENT)
            return SB_E_IO;
        j->nix = j->page_nix;
        j->spool_len = j->page_spool_len;
        sb_jlist_reset(&j->split);
        j->has_meta = false;
        return 0;
    }
    rc = sb_jlist_feed(&j->split, p, n);
    if (rc && !j->feed_rc)
        j->feed_rc = rc;
    return rc;
}

/* Why the split of a page stopped, for its gap. */
static void feed_failed(struct list_job *j, long status)
{
    if (j->feed_rc == SB_E_FORMAT)
        sb_col_add_gap(j->r, j->col, j->target, status,
                    "the list response is not a JSON list");
    else if (j->feed_rc == SB_E_TOOBIG && !j->feed_errno)
        sb_col_add_gap(j->r, j->col, j->target, status, "the list's members "
                    "besides its items pass 1 MiB");
    else
        spool_failed(j, j->feed_rc, j->feed_errno);
}

static void list_done(void *ctx, const struct sb_http_result *res)
{
    struct list_job *j = ctx;
    struct run *r = j->r;
    const struct sb_buf *h;
    cJSON *root = NULL;
    const char *cont;

    if (res->code && j->feed_rc) {
        feed_failed(j, res->status);
        list_finish(j);
        return;
    }
    if (res->code) {
        if (res->status == 410 && j->restarts == 0 &&
            !sb_http_stopped(r->http)) {
            /* the continue token expired: list again from the start */
            j->restarts++;
            list_reset(j);
            list_next(j);
            return;
        }
        /* the items this page gave before it was cut are kept */
        sb_col_add_gap(r, j->col, j->target, res->status, res->error);
        list_finish(j);
        return;
    }
    if (sb_jlist_finish(&j->split)) {
        j->feed_rc = SB_E_FORMAT;
        feed_failed(j, res->status);
        list_finish(j);
        return;
    }
    if (spool_close(j)) {
        spool_failed(j, SB_E_IO, errno);
        list_finish(j);
        return;
    }
    h = sb_jlist_head(&j->split);
    root = cJSON_ParseWithLength(h->data ? h->data : "", h->len);
    if (!root) {
        sb_col_add_gap(r, j->col, j->target, res->status,
                    "the list response is not a JSON list");
        list_finish(j);
        return;
    }
    cont = jstr(jget(root, "metadata"), "continue");
    if (cont && *cont && j->cont && !strcmp(cont, j->cont)) {
        sb_col_add_gap(r, j->col, j->target, 0, "the server gave the same "
                    "continue token twice: the rest is left out");
        cJSON_Delete(root);
        list_finish(j);
        return;
    }
    sb_free(j->cont);
    j->cont = cont && *cont ? sb_strdup(cont) : NULL;
    cJSON_Delete(root);
    sb_col_progress(r, false);
    if (j->cont && j->pages >= r->max_list_pages) {
        char msg[200];
        snprintf(msg, sizeof(msg), "more than %ld pages "
                 "(--max-list-pages): the rest is left out",
                 r->max_list_pages);
        sb_col_add_gap(r, j->col, j->target, 0, msg);
        list_finish(j);
        return;
    }
    if (j->cont && !sb_http_stopped(r->http)) {
        list_next(j);
        return;
    }
    j->complete = !j->cont && !j->left_out;
    list_finish(j);
}

static void list_next(struct list_job *j)
{
    char *esc = NULL, *path = NULL;
    size_t len;

    if (j->cont) {
        esc = sb_http_escape(j->cont);
        if (!esc)
            goto fail;
    }
    len = strlen(j->res->api_path) + strlen(j->res->plural) +
          (j->ns ? strlen(j->ns) : 0) + (esc ? strlen(esc) : 0) + 64;
    path = sb_malloc(len);
    if (!path)
        goto fail;
    snprintf(path, len, "%s%s%s/%s?limit=%d%s%s", j->res->api_path,
             j->ns ? "/namespaces/" : "", j->ns ? j->ns : "", j->res->plural,
             PAGE_LIMIT, esc ? "&continue=" : "", esc ? esc : "");
    sb_free(esc);
    /* a new page: what a retry of it drops starts here */
    j->pages++;
    j->page_nix = j->nix;
    j->page_spool_len = j->spool_len;
    j->has_meta = false;
    j->feed_rc = 0;
    j->feed_errno = 0;
    sb_jlist_reset(&j->split);
    if (sb_col_submit(j->r, path, NULL, 0, true, list_data, list_done, j)) {
        sb_col_add_gap(j->r, j->col, j->target, 0, sb_http_stopped(j->r->http)
                    ? "collection stopped before this list" : "out of memory");
        sb_free(path);
        list_finish(j);
        return;
    }
    sb_free(path);
    return;
fail:
    sb_free(esc);
    sb_col_add_gap(j->r, j->col, j->target, 0, "out of memory");
    list_finish(j);
}

static void start_list(struct run *r, const struct sb_resource *res,
                       const char *ns)
{
    struct list_job *j = sb_calloc(1, sizeof(*j));

    if (j) {
        j->r = r;
        j->res = res;
        j->col = !strcmp(res->group, "metrics.k8s.io") ? C_METRICS
                                                       : C_RESOURCES;
        j->ns = sb_strdup(ns);
        j->max_item = r->max_object_size;
        sb_jlist_init(&j->split, LIST_HEAD_MAX, r->max_object_size,
                      page_item, j);
        j->spool_path = sb_malloc(strlen(r->spool_dir) + 32);
        if (j->spool_path)
            sprintf(j->spool_path, "%s/%lu.spool", r->spool_dir,
                    ++r->nspools);
    }
    if (!j || (ns && !j->ns) || !j->spool_path) {
        char t[512];
        snprintf(t, sizeof(t), "%s%s%s", ns ? ns : "", ns ? "/" : "",
                 res->name);
        sb_col_add_gap(r, C_RESOURCES, t, 0, "out of memory");
        if (j)
            j->res = NULL;
        sb_col_list_free(j);
        sb_col_after_list(r, res);
        return;
    }
    if (ns)
        snprintf(j->target, sizeof(j->target),
                 "%s in namespace '%s'", res->name, ns);
    else
        snprintf(j->target, sizeof(j->target), "%s", res->name);
    sb_col_start(r, j->col);
    list_next(j);
}

/* Lists 'res' in every namespace asked for, or cluster-wide. */
void sb_col_start_resource(struct run *r, const struct sb_resource *res)
{
    if (!res->namespaced || !r->o->nns) {
        start_list(r, res, NULL);
        return;
    }
    for (size_t i = 0; i < r->o->nns; i++)
        start_list(r, res, r->o->namespaces[i]);
}

size_t sb_col_list_count(const struct run *r, const struct sb_resource *res)
{
    return res->namespaced && r->o->nns ? r->o->nns : 1;
}
