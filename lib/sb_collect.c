/*
 * Orchestration. Everything runs on one thread around the HTTP engine:
 * each finished request's callback writes its result to the bundle and
 * queues what follows from it (the next page of a list, a pod's logs, a
 * GPU node's exporter metrics).
 *
 * Order matters for describe text, which needs what kubectl describe
 * fetches besides the object: its events, and for some kinds the pods,
 * replica sets, endpoint slices, services or node leases. The lists of
 * those kinds are kept spooled on disk until every one of them is in;
 * then the describe pass writes the text one namespace at a time, loading
 * only that namespace's related objects, cut to the fields it reads.
 */
#include "sb_collect.h"

#include "sb_certinfo.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_bwriter.h"
#include "sb_describe.h"
#include "sb_discover.h"
#include "sb_estimate.h"
#include "sb_http.h"
#include "sb_jlist.h"
#include "sb_kjson.h"
#include "sb_kubeconfig.h"
#include "sb_log.h"
#include "sb_logbudget.h"
#include "sb_redact.h"
#include "sb_obfuscate.h"
#include "sb_pathset.h"
#include "sb_redact_map.h"
#include "sb_tailfile.h"
#include "sb_time.h"

#define PAGE_LIMIT 250
#define LIST_HEAD_MAX ((size_t)1 << 20)     /* a List without its items */
#define PROM_BODY_MAX ((size_t)64 * 1024 * 1024)
#define DIR_BODY_MAX ((size_t)1024 * 1024)
#define REDACT_CHUNK (1024 * 1024)
#define DCGM_PORT 9400
#define LOG_IN_MEMORY ((uint64_t)1 << 20)  /* smaller logs skip a tmpfile */
/* Container log requests handed to the HTTP engine ahead of those in
 * flight: enough that it never waits for the next one, few enough that
 * memory does not grow with the pods (the rest wait in run.logq_fd). */
#define LOGS_AHEAD_PER_REQUEST 4
#define LOGQ_RECORD_MAX 2048
/* --max-size keeps room, after the logs, for what the compressor and the
 * archive's block still hold (sb_bwriter_written) and for the manifest:
 * a files[] entry (path, size, SHA-256 whose hex halves when deflated)
 * per member, a trimmed[] entry per log stream, a gap entry per gap. */
#define BUDGET_SLACK ((uint64_t)256 * 1024)
#define BUDGET_MANIFEST_BASE ((uint64_t)32 * 1024)
#define BUDGET_PER_FILE 160
#define BUDGET_PER_STREAM 120
#define BUDGET_PER_GAP 400
/* Open files: a fixed few (the bundle, stdio, curl's wake-up pipe, the
 * kubeconfig and CA being read, one member being assembled, one spool
 * being read back) plus, per request in flight, its socket, the spool or
 * log tail it fills and a resolver's socket pair while it connects. */
#define FD_RESERVE 24
#define FD_PER_REQUEST 3
#define FD_WANT 8192        /* the soft limit is raised toward this */

enum collector_id {
    C_VERSION, C_DISCOVERY, C_RESOURCES, C_METRICS, C_LOGS, C_DESCRIBE,
    C_DCGM, C_NODE_LOGS, C_COUNT
};

static const char *const collector_names[C_COUNT] = {
    "version", "discovery", "resources", "metrics", "logs", "describe",
    "gpu-dcgm-exporter", "node-logs",
};

struct collector {
    int64_t start_ms, end_ms;
    bool started, skipped;
    unsigned long items, errors;
    char error[512];        /* the first error, or a note when skipped */
};

/* A string -> cJSON array map (events by object, pods by node). */
struct strmap {
    char **keys;
    cJSON **vals;
    size_t cap, n;
};

struct list_job;

/* A pod in the spool of a kept list. */
struct pod_ref {
    struct list_job *j;
    uint64_t off;
    uint32_t len;
};

struct exporter {
    char *ns, *pod, *node;
    int port;
    size_t seq;             /* found in this order: the first one wins */
};

struct run {
    const struct sb_collect_opts *o;
    struct sb_kube_auth auth;
    struct sb_http *http;
    struct sb_redactor *red;
    struct sb_bwriter *bw;
    struct sb_logbudget *budget;    /* --max-size: logs held, or NULL */
    struct sb_discovery disc;
    cJSON *version;
    cJSON *gaps;
    struct collector col[C_COUNT];
    struct strmap events;       /* "ns/Kind/name" -> [Event], only the
                                   events not about an object of their
                                   own namespace (cluster-scoped ones) */
    struct list_job *ev_kept;   /* the events lists, in finish order: the
                                   other events are read back from their
                                   spools, one namespace and kind at a
                                   time, so memory does not grow with
                                   the cluster */
    struct strmap ev_cache;     /* "ns/Kind/name" -> [Event] of ev_ns */
    char *ev_ns, *ev_kind;      /* what ev_cache holds, or NULL */
    struct strmap node_pods;    /* node name -> [index in pod_refs] */
    struct sb_buf pod_refs;     /* struct pod_ref: where each scheduled
                                   pod lies in its spool, read back when
                                   its node is described */
    int logq_fd;                /* container logs still to ask for, in
                                   order (struct logq records), so that
                                   150,000 pods do not queue 150,000
                                   requests at once; -1 until the first */
    uint64_t logq_wr, logq_rd;  /* its end, and the next record */
    int logs_out;               /* log requests submitted, not done */
    struct sb_pathset *paths;   /* bundle members written or held so
                                   far: their text on disk, a slot each
                                   in memory */
    struct list_job *node_lists;    /* the finished nodes lists, kept
                                   spooled for describe and the GPU step:
                                   read back a node at a time, not held
                                   as objects */
    struct exporter *exp;
    size_t nexp;
    struct list_job *kept;      /* finished lists the describe pass
                                   reads (describable or related) */
    int describe_pending;       /* lists it waits for, not finished */
    bool described;             /* the describe pass ran */
    int lists_pending;          /* of nodes and pods */
    bool gpu_submitted;
    uint64_t objects, log_streams, ngaps;
    int64_t start_wall, start_mono, deadline;
    int64_t net_deadline;       /* requests stop here, before 'deadline' */
    const char *phase;
    int write_rc;               /* first bundle write failure */
    struct sb_err write_err;
    int64_t last_progress;
    const char *stopped_why;    /* "deadline", "interrupted" or NULL */
    char *spool_dir;            /* private folder of the list spools */
    unsigned long nspools;      /* spool files named so far */
    int parallel;               /* requests in flight, after the fd limit */
    unsigned long undescribed;  /* objects the deadline left undescribed */
    size_t max_object_size;     /* the options, defaults applied */
    uint64_t max_log_read;
    long max_list_pages;
};

/* ---- small helpers ---------------------------------------------------- */

static const char *jstr(const cJSON *o, const char *k)
{
    return sb_kjson_str(o, k);
}

static const cJSON *jget(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* A path component from a name, reversibly: '%', '/', '\\' and control
 * bytes become %XX, and so does the whole of a name "." or ".." (see
 * docs/bundle-format.md). Any other name, "x..y" included, is kept as it
 * is, so the loader and serve find logs by the names the API gives. An
 * escape is never cut: a name too long for 'out' loses its end. */
static void safe_component(const char *in, char *out, size_t n)
{
    bool dots = !strcmp(in, ".") || !strcmp(in, "..");
    size_t j = 0;

    for (size_t i = 0; in[i]; i++) {
        unsigned char c = (unsigned char)in[i];
        bool esc = dots || c == '%' || c == '/' || c == '\\' || c < 0x20 ||
                   c == 0x7f;
        if (j + (esc ? 3 : 1) >= n)
            break;
        if (esc)
            j += (size_t)snprintf(out + j, n - j, "%%%02X", c);
        else
            out[j++] = (char)c;
    }
    out[j] = 0;
    if (!j)
        snprintf(out, n, "_");
}

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

static cJSON *strmap_get(struct strmap *m, const char *key, bool create)
{
    size_t i;

    if (m->n * 2 + 2 > m->cap && create) {
        size_t ncap = m->cap ? m->cap * 2 : 256;
        char **nk = sb_calloc(ncap, sizeof(*nk));
        cJSON **nv = sb_calloc(ncap, sizeof(*nv));
        if (!nk || !nv) {
            sb_free(nk);
            sb_free(nv);
            return NULL;
        }
        for (size_t j = 0; j < m->cap; j++) {
            if (!m->keys[j])
                continue;
            i = fnv(m->keys[j]) & (ncap - 1);
            while (nk[i])
                i = (i + 1) & (ncap - 1);
            nk[i] = m->keys[j];
            nv[i] = m->vals[j];
        }
        sb_free(m->keys);
        sb_free(m->vals);
        m->keys = nk;
        m->vals = nv;
        m->cap = ncap;
    }
    if (!m->cap)
        return NULL;
    i = fnv(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (!strcmp(m->keys[i], key))
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    if (!create)
        return NULL;
    m->keys[i] = sb_strdup(key);
    m->vals[i] = cJSON_CreateArray();
    if (!m->keys[i] || !m->vals[i]) {
        sb_free(m->keys[i]);
        cJSON_Delete(m->vals[i]);
        m->keys[i] = NULL;
        m->vals[i] = NULL;
        return NULL;
    }
    m->n++;
    return m->vals[i];
}

static void strmap_release(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        sb_free(m->keys[i]);
        cJSON_Delete(m->vals[i]);
    }
    sb_free(m->keys);
    sb_free(m->vals);
    memset(m, 0, sizeof(*m));
}

static void col_start(struct run *r, enum collector_id c)
{
    if (!r->col[c].started) {
        r->col[c].started = true;
        r->col[c].start_ms = sb_time_mono_ms();
    }
    r->col[c].end_ms = sb_time_mono_ms();
}

static void col_touch(struct run *r, enum collector_id c)
{
    col_start(r, c);
    r->col[c].end_ms = sb_time_mono_ms();
}

static void progress(struct run *r, bool force)
{
    struct sb_collect_progress p;
    struct sb_http_stats st;
    int64_t now = sb_time_mono_ms();

    if (!r->o->progress || (!force && now - r->last_progress < 100))
        return;
    r->last_progress = now;
    memset(&st, 0, sizeof(st));
    if (r->http)
        sb_http_stats(r->http, &st);
    p.phase = r->phase;
    p.objects = r->objects;
    p.log_streams = r->log_streams;
    p.bytes = st.bytes;
    p.errors = r->ngaps;
    p.inflight = st.inflight;
    r->o->progress(r->o->progress_ctx, &p);
}

static void add_gap_text(struct run *r, enum collector_id c,
                         const char *target, long status, const char *error)
{
    cJSON *g = cJSON_CreateObject();

    col_touch(r, c);
    r->col[c].errors++;
    if (!r->col[c].error[0])
        snprintf(r->col[c].error, sizeof(r->col[c].error), "%s: %s", target,
                 error);
    r->ngaps++;
    if (!g)
        return;
    cJSON_AddStringToObject(g, "collector", collector_names[c]);
    cJSON_AddStringToObject(g, "target", target);
    cJSON_AddNumberToObject(g, "status", (double)status);
    cJSON_AddStringToObject(g, "error", error);
    cJSON_AddItemToArray(r->gaps, g);
    sb_debug("not collected: %s: %s", target, error);
}

/* Records what could not be collected. Never fails the run. The texts
 * are redacted like every other byte of the bundle: an error body may
 * echo a request's credentials. */
static void add_gap(struct run *r, enum collector_id c, const char *target,
                    long status, const char *error)
{
    struct sb_buf rt = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf re = SB_BUF_INIT(SB_BUF_UNLIMITED);

    if (r->red) {
        /* a text that cannot be redacted is not written at all */
        target = sb_redact_text(r->red, target, strlen(target), &rt)
                 ? "(not redactable)" : sb_buf_str(&rt);
        error = sb_redact_text(r->red, error, strlen(error), &re)
                ? "(not redactable)" : sb_buf_str(&re);
    }
    add_gap_text(r, c, target, status, error);
    sb_buf_release(&rt);
    sb_buf_release(&re);
}

/* A bundle write failure stops the run: the bundle cannot be trusted. */
static void write_failed(struct run *r, int rc, const struct sb_err *e)
{
    if (!r->write_rc) {
        r->write_rc = rc;
        r->write_err = *e;
        sb_http_stop(r->http, SB_E_IO);
    }
}

/* A cluster can hold two objects with one name (a broken apiserver, a
 * hand-made List): the second member with that path is left out, its
 * object still being in the List file. */
static bool duplicate_path(struct run *r, const char *path)
{
    int rc = sb_pathset_add(r->paths, path, NULL);

    if (rc == 1) {
        sb_debug("'%s' seen twice; keeping the first", path);
        return true;
    }
    /* not recorded (memory, temporary file): the writer still refuses a
     * second member with the path, so it is written at most once */
    if (rc)
        sb_debug("cannot record the path '%s': %s", path, sb_err_str(rc));
    return false;
}

/* A member the writer refused for its path is that object's loss, a gap;
 * any other failure is the bundle's. */
static void add_failed(struct run *r, const char *path, int rc,
                       const struct sb_err *e)
{
    enum collector_id c = !strncmp(path, "logs/", 5) ? C_LOGS
                        : !strncmp(path, "describe/", 9) ? C_DESCRIBE
                        : !strncmp(path, "nodes/", 6) ? C_NODE_LOGS
                        : C_RESOURCES;

    if (rc == SB_E_FORMAT)
        add_gap(r, c, path, 0, e->msg);
    else
        write_failed(r, rc, e);
}

static int add_member(struct run *r, const char *path, const void *p,
                      size_t n)
{
    struct sb_err e = SB_ERR_INIT;
    int rc;

    if (r->write_rc)
        return r->write_rc;
    if (duplicate_path(r, path))
        return SB_E_FORMAT;
    rc = sb_bwriter_add(r->bw, path, p, n, &e);
    if (rc)
        add_failed(r, path, rc, &e);
    return rc;
}

static int add_member_stream(struct run *r, const char *path, FILE *f)
{
    struct sb_err e = SB_ERR_INIT;
    int rc;

    if (r->write_rc)
        return r->write_rc;
    if (duplicate_path(r, path))
        return SB_E_FORMAT;
    rc = sb_bwriter_add_stream(r->bw, path, f, &e);
    if (rc)
        add_failed(r, path, rc, &e);
    return rc;
}

/* Writes a log stream, or with --max-size holds it until the budget is
 * shared out (sb_logbudget_write, at the end of the run). */
static int add_log(struct run *r, const char *path, const void *p, size_t n,
                   FILE *f)
{
    struct sb_err e = SB_ERR_INIT;
    int rc;

    if (!r->budget)
        return f ? add_member_stream(r, path, f) : add_member(r, path, p, n);
    if (r->write_rc)
        return r->write_rc;
    if (duplicate_path(r, path))
        return SB_E_FORMAT;
    rc = sb_logbudget_hold(r->budget, path, f ? NULL : p, n, f, &e);
    if (rc)
        write_failed(r, rc, &e);
    return rc;
}

/* Redacts text into 'out' (or copies it with --no-redact). */
static int redact_text(struct run *r, const char *p, size_t n,
                       struct sb_buf *out)
{
    if (!r->red)
        return sb_buf_add(out, p, n);
    return sb_redact_text(r->red, p, n, out);
}

static int submit(struct run *r, const char *path, const char *range,
                  size_t max_body, bool urgent, sb_http_data_fn *on_data,
                  sb_http_done_fn *on_done, void *ctx)
{
    struct sb_http_request q = { 0 };
    struct sb_err e = SB_ERR_INIT;

    q.path = path;
    q.range = range;
    q.max_body = max_body;
    q.urgent = urgent;
    q.on_data = on_data;
    q.on_done = on_done;
    q.ctx = ctx;
    return sb_http_submit(r->http, &q, &e);
}

/* ---- lists ----------------------------------------------------------- */

struct item_ix {
    uint32_t ns;            /* index into the job's namespace names */
    uint32_t len;
    uint64_t off;           /* in the spool file */
};

struct list_job {
    struct run *r;
    const struct sb_resource *res;
    enum collector_id col;
    char *ns;               /* listed in this namespace, or NULL */
    char *cont;             /* continue token of the next page */
    char *spool_path;       /* the items, back to back, in run.spool_dir */
    FILE *spool;            /* open only while a page is written into it:
                               idle and kept lists hold no descriptor */
    uint64_t spool_len;
    struct item_ix *ix;
    size_t nix, cap;
    const struct item_ix *cur;  /* the item each_item is visiting */
    struct list_job *kept_next;     /* in run.kept */
    bool complete;          /* every page came: nothing left out */
    char **nss;             /* namespaces seen, interned */
    size_t nnss;
    int restarts;
    char target[512];
    struct sb_jlist split;  /* the page being received */
    size_t max_item;        /* --max-object-size */
    long pages;             /* requested so far */
    size_t page_nix;        /* items before this page */
    uint64_t page_spool_len;
    bool has_meta;          /* kind and apiv are this page's */
    char kind[256];
    char apiv[256];
    int feed_rc;            /* why the split stopped, or 0 */
    int feed_errno;         /* errno with it, when a write failed */
    unsigned long left_out; /* objects left out (too big, not JSON) */
};

static void list_next(struct list_job *j);

static void list_free(struct list_job *j)
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
static int spool_reader(struct list_job *j, bool *opened)
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
    char **n;

    /* lists come grouped by namespace: the last one usually matches */
    for (size_t i = j->nnss; i-- > 0;)
        if (!strcmp(j->nss[i], ns)) {
            *id = (uint32_t)i;
            return 0;
        }
    n = sb_realloc(j->nss, (j->nnss + 1) * sizeof(*n));
    if (!n)
        return SB_E_NOMEM;
    j->nss = n;
    n[j->nnss] = sb_strdup(ns);
    if (!n[j->nnss])
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

    if (j->nix == j->cap) {
        size_t ncap = j->cap ? j->cap * 2 : 64;
        x = sb_realloc(j->ix, ncap * sizeof(*x));
        if (!x)
            return SB_E_NOMEM;
        j->ix = x;
        j->cap = ncap;
    }
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

static void event_key(char *out, size_t n, const char *ns, const char *kind,
                      const char *name)
{
    snprintf(out, n, "%s/%s/%s", ns ? ns : "", kind ? kind : "",
             name ? name : "");
}

static void index_event(struct strmap *m, const cJSON *ev)
{
    const cJSON *io = jget(ev, "involvedObject");
    cJSON *arr, *copy;
    char key[1024];

    if (!io)
        io = jget(ev, "regarding");     /* events.k8s.io/v1 */
    event_key(key, sizeof(key), jstr(io, "namespace"), jstr(io, "kind"),
              jstr(io, "name"));
    arr = strmap_get(m, key, true);
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
 * is kept, so memory grows by a few dozen bytes a pod, not by the pod. */
static void index_pod_on_node(struct run *r, struct list_job *j,
                              const cJSON *pod)
{
    const char *node = jstr(jget(pod, "spec"), "nodeName");
    struct pod_ref ref = { j, j->cur->off, j->cur->len };
    size_t id = r->pod_refs.len / sizeof(ref);
    cJSON *arr, *num;

    if (!node || r->described)
        return;     /* no node text to come: it was written already */
    arr = strmap_get(&r->node_pods, node, true);
    if (!arr || sb_buf_add(&r->pod_refs, &ref, sizeof(ref)))
        return;
    num = cJSON_CreateNumber((double)id);
    if (!num || !cJSON_AddItemToArray(arr, num)) {
        cJSON_Delete(num);
        sb_buf_truncate(&r->pod_refs, id * sizeof(ref));
    }
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

/* A DCGM exporter pod: remembered to reach its node's GPU metrics. */
static void note_exporter(struct run *r, const cJSON *pod)
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
    e = sb_realloc(r->exp, (r->nexp + 1) * sizeof(*e));
    if (!e)
        return;
    r->exp = e;
    e = &e[r->nexp];
    e->ns = sb_strdup(ns);
    e->pod = sb_strdup(name);
    e->node = sb_strdup(node);
    e->port = port ? port : DCGM_PORT;
    e->seq = r->nexp;
    if (!e->ns || !e->pod || !e->node) {
        sb_free(e->ns);
        sb_free(e->pod);
        sb_free(e->node);
        return;
    }
    r->nexp++;
}

static void queue_pod_logs(struct run *r, const cJSON *pod);
static void pump_logs(struct run *r);

/* Reads into run.ev_cache the events of the spooled list 'j' that are
 * about an object of kind 'kind' in namespace 'ns' (the events' own
 * namespace too: see item_effects), in spool order. Returns 0,
 * SB_E_NOMEM or SB_E_IO. */
static int load_ns_events(struct run *r, struct list_job *j, const char *ns,
                          const char *kind)
{
    struct sb_buf buf = SB_BUF_INIT(UINT32_MAX);  /* an item_ix length */
    char pat[300];
    size_t id, lo = 0, hi = j->nix;
    bool opened = false;
    int rc = 0, fd = -1;

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
    if ((fd = spool_reader(j, &opened)) < 0)
        return SB_E_IO;
    /* the kind as it is spooled: a cheap test that skips parsing most
     * events about other kinds (a false match is parsed and dropped) */
    snprintf(pat, sizeof(pat), "\"kind\":\"%s\"", kind);
    for (size_t i = lo; i < j->nix && j->ix[i].ns == id; i++) {
        const struct item_ix *x = &j->ix[i];
        const cJSON *io;
        const char *ions, *ik;
        cJSON *ev;

        sb_buf_reset(&buf);
        if ((rc = sb_buf_grow(&buf, x->len)))
            break;
        if (pread(fd, buf.data, x->len, (off_t)x->off) != (ssize_t)x->len) {
            rc = SB_E_IO;
            break;
        }
        buf.data[x->len] = 0;
        if (!strstr(buf.data, pat))
            continue;
        ev = cJSON_ParseWithLength(buf.data, x->len);
        io = jget(ev, "involvedObject");
        if (!io)
            io = jget(ev, "regarding");
        ions = jstr(io, "namespace");
        ik = jstr(io, "kind");
        if (ions && !strcmp(ions, ns) && ik && !strcmp(ik, kind))
            index_event(&r->ev_cache, ev);
        cJSON_Delete(ev);
    }
    if (opened)
        close(fd);
    sb_buf_release(&buf);
    return rc;
}

/* The events about 'kind' object 'key' ("ns/Kind/name") of namespace
 * 'ns' that were read back from the spools, loading that namespace and
 * kind first unless run.ev_cache holds them already; NULL when there
 * are none. Lent until the next call. */
static const cJSON *ns_events(struct run *r, const char *ns,
                              const char *kind, const char *key)
{
    if (!r->ev_ns || strcmp(r->ev_ns, ns) || strcmp(r->ev_kind, kind)) {
        strmap_release(&r->ev_cache);
        sb_free(r->ev_ns);
        sb_free(r->ev_kind);
        r->ev_ns = sb_strdup(ns);
        r->ev_kind = sb_strdup(kind);
        if (!r->ev_ns || !r->ev_kind) {
            sb_free(r->ev_ns);
            sb_free(r->ev_kind);
            r->ev_ns = r->ev_kind = NULL;
            return NULL;
        }
        for (struct list_job *j = r->ev_kept; j; j = j->kept_next)
            load_ns_events(r, j, ns, kind);
    }
    return strmap_get(&r->ev_cache, key, false);
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
    const cJSON *spooled = NULL, *kept, *ev;
    cJSON *both = NULL;

    if (!name)
        return;
    col_start(r, C_DESCRIBE);
    event_key(key, sizeof(key), ns, res->kind, name);
    if (ns && *ns)
        spooled = ns_events(r, ns, res->kind, key);
    kept = strmap_get(&r->events, key, false);
    all.events = spooled ? spooled : kept;
    if (spooled && kept) {
        /* events about it in another namespace too (rare): both, by
         * reference, for the describe text to sort by time */
        both = cJSON_CreateArray();
        cJSON_ArrayForEach(ev, spooled)
            if (both)
                cJSON_AddItemReferenceToArray(both, (cJSON *)ev);
        cJSON_ArrayForEach(ev, kept)
            if (both)
                cJSON_AddItemReferenceToArray(both, (cJSON *)ev);
        all.events = both;
    }
    safe_component(ns ? ns : "_cluster", sns, sizeof(sns));
    safe_component(name, sname, sizeof(sname));
    snprintf(path, sizeof(path), "describe/%s/%s/%s.txt", sns, res->plural,
             sname);
    if (sb_describe_with(res->name, obj, &all, r->start_wall, &text, &e)) {
        add_gap(r, C_DESCRIBE, path, 0, e.msg);
        goto cleanup;
    }
    if (add_member(r, path, text.data ? text.data : "", text.len) == 0)
        r->col[C_DESCRIBE].items++;
    col_touch(r, C_DESCRIBE);
cleanup:
    cJSON_Delete(both);
    sb_buf_release(&text);
}

static bool is_res(const struct sb_resource *res, const char *name)
{
    return !strcmp(res->name, name);
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
    if (is_res(res, "events")) {
        /* an event about an object of its own namespace is read back
         * from the spool when that namespace is described (ns_events);
         * the others (about cluster-scoped objects) are few and kept */
        const cJSON *io = jget(item, "involvedObject");
        const char *ions, *ns = jstr(jget(item, "metadata"), "namespace");
        if (!io)
            io = jget(item, "regarding");
        ions = jstr(io, "namespace");
        if (!ions || !*ions || !ns || strcmp(ions, ns))
            index_event(&r->events, item);
    }
    else if (is_res(res, "pods")) {
        queue_pod_logs(r, item);
        index_pod_on_node(r, j, item);
        note_exporter(r, item);
    }
}

typedef void item_fn(struct list_job *j, cJSON *item, void *ctx);

/* Calls 'fn' on each spooled item of index range [from, to), parsed; the
 * item is freed after (fn may detach parts of it). Returns 0, SB_E_NOMEM
 * or SB_E_IO (the items after the failure are not visited). */
static int each_item(struct list_job *j, size_t from, size_t to, item_fn *fn,
                     void *ctx)
{
    char *buf = NULL;
    bool opened = false;
    int rc = 0, fd = -1;

    if (from < to && (fd = spool_reader(j, &opened)) < 0)
        return SB_E_IO;
    for (size_t i = from; i < to; i++) {
        struct item_ix *x = &j->ix[i];
        char *nb = sb_realloc(buf, x->len + 1);
        cJSON *item;
        if (!nb) {
            rc = SB_E_NOMEM;
            break;
        }
        buf = nb;
        if (pread(fd, buf, x->len, (off_t)x->off) != (ssize_t)x->len) {
            rc = SB_E_IO;
            break;
        }
        item = cJSON_ParseWithLength(buf, x->len);
        j->cur = x;
        if (item)
            fn(j, item, ctx);
        cJSON_Delete(item);
    }
    if (opened)
        close(fd);
    sb_free(buf);
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
    char *buf = NULL;
    char path[1200], sns[256];
    const char *what = "a temporary file";
    bool opened = false;
    int rc = SB_E_IO, fd = -1;

    /* named first: every failure below names this member */
    safe_component(ns, sns, sizeof(sns));
    snprintf(path, sizeof(path), "resources/%s/%s.json", sns,
             j->res->name);
    out = tmpfile();
    if (!out || fputs(head, out) < 0)
        goto cleanup;
    what = j->spool_path;
    if (from < to && (fd = spool_reader(j, &opened)) < 0)
        goto cleanup;
    what = "a temporary file";
    for (size_t i = from; i < to; i++) {
        struct item_ix *x = &j->ix[i];
        char *nb = sb_realloc(buf, x->len ? x->len : 1);
        if (!nb) {
            rc = SB_E_NOMEM;
            goto cleanup;
        }
        buf = nb;
        if (pread(fd, buf, x->len, (off_t)x->off) != (ssize_t)x->len) {
            what = j->spool_path;
            goto cleanup;
        }
        if ((i > from && fputs(",\n", out) < 0) ||
            fwrite(buf, 1, x->len, out) != x->len)
            goto cleanup;
    }
    if (fputs("]}\n", out) < 0 || fflush(out))
        goto cleanup;
    rc = add_member_stream(r, path, out);
    what = NULL;
cleanup:
    if (what && (rc == SB_E_IO || rc == SB_E_NOMEM)) {
        struct sb_err e = SB_ERR_INIT;
        int en = errno;
        sb_err_set(&e, rc, "cannot write '%s' through %s%s%s: %s", path,
                   what == j->spool_path ? "'" : "", what,
                   what == j->spool_path ? "'" : "",
                   rc == SB_E_NOMEM ? "out of memory" : strerror(en));
        write_failed(r, rc, &e);
    }
    if (opened)
        close(fd);
    sb_free(buf);
    if (out)
        fclose(out);
    return rc;
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
        if (is_res(res, related_kinds[i].resource))
            return i;
    return -1;
}

/* The related lists the describe text of 'res' reads, as 1 << REL_ bits
 * (nodes are described apart: see describe_nodes). */
static unsigned related_needs(const struct sb_resource *res)
{
    if (is_res(res, "deployments.apps"))
        return 1u << REL_REPLICASETS;
    if (is_res(res, "replicasets.apps") || is_res(res, "statefulsets.apps") ||
        is_res(res, "daemonsets.apps") ||
        is_res(res, "persistentvolumeclaims"))
        return 1u << REL_PODS;
    if (is_res(res, "services"))
        return 1u << REL_SLICES;
    if (is_res(res, "ingresses.networking.k8s.io"))
        return 1u << REL_SLICES | 1u << REL_SERVICES;
    return 0;
}

static bool needs_describe(const struct sb_resource *res)
{
    return !is_res(res, "nodes") && sb_describe_supports(res->name);
}

/* A finished list of this resource is kept for the describe pass. */
static bool kept_for_describe(const struct sb_resource *res)
{
    return needs_describe(res) || related_id(res) >= 0;
}

/* The describe pass waits for the lists of this resource. */
static bool describe_waits_for(const struct sb_resource *res)
{
    return kept_for_describe(res) || is_res(res, "events") ||
           is_res(res, "nodes");
}

/* Moves the member at the dotted 'path' of 'src' into 'dst', making the
 * objects on the way. Returns 0 (also when 'src' lacks it) or
 * SB_E_NOMEM. */
static int move_field(cJSON *dst, cJSON *src, const char *path)
{
    const char *dot;
    char key[64];
    cJSON *v;

    while ((dot = strchr(path, '.'))) {
        cJSON *d;
        snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
        src = cJSON_GetObjectItemCaseSensitive(src, key);
        if (!cJSON_IsObject(src))
            return 0;
        d = cJSON_GetObjectItemCaseSensitive(dst, key);
        if (!d && !(d = cJSON_AddObjectToObject(dst, key)))
            return SB_E_NOMEM;
        dst = d;
        path = dot + 1;
    }
    v = cJSON_DetachItemFromObjectCaseSensitive(src, path);
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

/* Loads the items of namespace 'ns' of the kept list 'j' into 'arr'.
 * Returns 0, SB_E_NOMEM or SB_E_IO. */
static int load_namespace(struct list_job *j, const char *ns, cJSON *arr)
{
    size_t id, lo = 0, hi = j->nix;

    for (id = 0; id < j->nnss && strcmp(j->nss[id], ns); id++)
        ;
    if (id == j->nnss)
        return 0;
    /* list_finish sorted the index by namespace */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (j->ix[mid].ns < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (hi = lo; hi < j->nix && j->ix[hi].ns == id; hi++)
        ;
    return each_item(j, lo, hi, load_item, arr);
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
        if (related_id(j->res) != (int)id || (j->ns && strcmp(j->ns, ns)))
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

struct ns_related {
    struct run *r;
    cJSON *list[REL_COUNT];
    struct strmap by_owner;     /* controller uid -> [Pod reference] */
    bool owned;                 /* by_owner holds this namespace's pods */
};

/* Kinds whose describe text reads the related pods only to count those
 * it controls (kubectl's getPodStatusForController): each is handed just
 * its own pods, so a namespace of N pods and N/10 replica sets costs N,
 * not N * N/10, and the text is the same. */
static bool counts_owned_pods(const struct sb_resource *res)
{
    return is_res(res, "replicasets.apps") ||
           is_res(res, "statefulsets.apps") || is_res(res, "daemonsets.apps");
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

/* Groups the namespace's pods by controller, in listed order, as
 * references into nr->list[REL_PODS]. */
static void group_by_owner(struct ns_related *nr)
{
    const cJSON *p;

    nr->owned = true;
    cJSON_ArrayForEach(p, nr->list[REL_PODS]) {
        const char *uid = controller_uid(p);
        cJSON *arr = uid ? strmap_get(&nr->by_owner, uid, true) : NULL;
        if (!arr || !cJSON_AddItemReferenceToArray(arr, (cJSON *)p)) {
            nr->owned = false;      /* out of memory: every pod, as before */
            return;
        }
    }
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

    if (out_of_time(nr->r)) {
        nr->r->undescribed++;
        return;
    }
    rel.pods = nr->list[REL_PODS];
    if (rel.pods && nr->owned && counts_owned_pods(j->res)) {
        const char *uid = jstr(jget(item, "metadata"), "uid");
        const cJSON *own = uid ? strmap_get(&nr->by_owner, uid, false)
                               : NULL;
        static cJSON none = { .type = cJSON_Array };
        rel.pods = own ? own : &none;
    }
    rel.replicasets = nr->list[REL_REPLICASETS];
    rel.endpointslices = nr->list[REL_SLICES];
    rel.services = nr->list[REL_SERVICES];
    describe_one(nr->r, j->res, item, &rel);
}

/* Writes the describe text of a kept list one namespace at a time, with
 * that namespace's related objects loaded for it and dropped after: at
 * most one namespace's worth of them is in memory. */
static void describe_list(struct run *r, struct list_job *j)
{
    unsigned need = related_needs(j->res);
    size_t from = 0, to;

    while (from < j->nix && !r->write_rc) {
        struct ns_related nr = { r, { NULL }, { 0 }, false };
        const char *ns = j->nss[j->ix[from].ns];

        if (out_of_time(r)) {
            r->undescribed += j->nix - from;
            break;
        }
        for (to = from + 1; to < j->nix && j->ix[to].ns == j->ix[from].ns;
             to++)
            ;
        for (int i = 0; i < REL_COUNT; i++)
            if (need & 1u << i)
                nr.list[i] = related_list(r, (enum rel_id)i, ns);
        if (nr.list[REL_PODS] && counts_owned_pods(j->res))
            group_by_owner(&nr);
        each_item(j, from, to, describe_item, &nr);
        strmap_release(&nr.by_owner);
        for (int i = 0; i < REL_COUNT; i++)
            cJSON_Delete(nr.list[i]);
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
    const cJSON *arr = strmap_get(&r->node_pods, name, false), *n;
    const struct pod_ref *refs = (const struct pod_ref *)r->pod_refs.data;
    struct sb_buf buf = SB_BUF_INIT(UINT32_MAX);  /* a pod_ref length */
    cJSON *pods;

    if (!arr || !(pods = cJSON_CreateArray()))
        return NULL;
    cJSON_ArrayForEach(n, arr) {
        const struct pod_ref *ref = &refs[(size_t)n->valuedouble];
        cJSON *pod, *t;
        if (*fd_of != ref->j) {
            bool opened = false;
            if (*fd >= 0)
                close(*fd);
            *fd_of = ref->j;
            *fd = spool_reader(ref->j, &opened);
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
    rel.lease = cJSON_GetArrayItem(strmap_get(&nc->by_name, name, false), 0);
    describe_one(r, nc->res, n, &rel);
    cJSON_Delete(pods);
}

/* Node text, read back from the nodes spools one node at a time: the
 * pods on each node (read back from the pod spools) and its Lease in
 * kube-node-lease (absent when leases were not collected there). */
static void describe_nodes(struct run *r)
{
    struct node_ctx nc = { sb_discovery_find(&r->disc, "nodes"), { 0 },
                           NULL, -1 };
    cJSON *leases = related_list(r, REL_LEASES, "kube-node-lease");

    if (!nc.res)
        goto cleanup;
    /* by name, so that thousands of nodes do not each scan every lease */
    while (leases && leases->child) {
        cJSON *l = cJSON_DetachItemViaPointer(leases, leases->child);
        const char *name = jstr(jget(l, "metadata"), "name");
        cJSON *arr = name ? strmap_get(&nc.by_name, name, true) : NULL;
        if (!arr || !cJSON_AddItemToArray(arr, l))
            cJSON_Delete(l);
    }
    /* nodes are cluster-scoped: one list, its items in listed order */
    for (struct list_job *j = r->node_lists; j; j = j->kept_next)
        each_item(j, 0, j->nix, describe_node, &nc);
cleanup:
    if (nc.fd >= 0)
        close(nc.fd);
    strmap_release(&nc.by_name);
    cJSON_Delete(leases);
}

/* The describe pass, once: every kept list, then the nodes; the kept
 * lists are freed after. Run when the last list it waits for is in, or
 * when the run stopped early (then with what there is). */
static void describe_all(struct run *r)
{
    const char *phase = r->phase;
    struct list_job *j;

    if (r->described)
        return;
    r->described = true;
    r->phase = "describe";
    progress(r, true);
    for (j = r->kept; j && !r->write_rc; j = j->kept_next)
        if (needs_describe(j->res))
            describe_list(r, j);
    describe_nodes(r);
    if (r->undescribed) {
        char msg[200];
        snprintf(msg, sizeof(msg), "%s: %lu objects have no describe text",
                 !strcmp(r->stopped_why ? r->stopped_why : "", "deadline")
                 ? "deadline reached (--timeout)" : "interrupted",
                 r->undescribed);
        add_gap(r, C_DESCRIBE, "describe text", 0, msg);
    }
    while ((j = r->kept)) {
        r->kept = j->kept_next;
        list_free(j);
    }
    r->phase = phase;
}

static void after_list(struct run *r, const struct sb_resource *res);

static void list_finish(struct list_job *j)
{
    struct run *r = j->r;
    size_t from = 0;

    spool_close(j);
    each_item(j, 0, j->nix, item_effects, NULL);
    pump_logs(r);       /* what a pod list queued */
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
    col_touch(r, j->col);
    if (is_res(j->res, "events")) {
        /* read back by describe (ns_events) until the run ends */
        struct list_job **t = &r->ev_kept;
        while (*t)
            t = &(*t)->kept_next;
        *t = j;
        /* what ns_events read before does not hold this list's events */
        strmap_release(&r->ev_cache);
        sb_free(r->ev_ns);
        sb_free(r->ev_kind);
        r->ev_ns = r->ev_kind = NULL;
        after_list(r, j->res);
        return;
    }
    if (is_res(j->res, "nodes")) {
        /* read back by describe_nodes and start_gpu */
        j->kept_next = r->node_lists;
        r->node_lists = j;
        after_list(r, j->res);
        return;
    }
    if (kept_for_describe(j->res) && !r->described) {
        /* spooled until the describe pass: it reads the file again */
        j->kept_next = r->kept;
        r->kept = j;
        after_list(r, j->res);
        return;
    }
    if (needs_describe(j->res))     /* after the pass: no related lists */
        describe_list(r, j);
    after_list(r, j->res);
    list_free(j);
}

/* A page that could not be spooled: the list stops there, a gap naming
 * the spool file and the cause. */
static void spool_failed(struct list_job *j, int rc, int en)
{
    char msg[1200];

    spool_close(j);
    if (rc == SB_E_NOMEM)
        snprintf(msg, sizeof(msg), "out of memory");
    else if (rc == SB_E_TOOBIG)
        snprintf(msg, sizeof(msg), "an object of 4 GiB or more");
    else
        snprintf(msg, sizeof(msg), "cannot spool the list to '%s': %s",
                 j->spool_path, strerror(en));
    add_gap(j->r, j->col, j->target, 0, msg);
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
        add_gap(j->r, j->col, j->target, 0, msg);
        return 0;
    }
    item = cJSON_ParseWithLength(p, n);
    if (!item) {
        j->left_out++;
        add_gap(j->r, j->col, j->target, 0,
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
        add_gap(j->r, j->col, j->target, status,
                "the list response is not a JSON list");
    else if (j->feed_rc == SB_E_TOOBIG && !j->feed_errno)
        add_gap(j->r, j->col, j->target, status, "the list's members "
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
        add_gap(r, j->col, j->target, res->status, res->error);
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
        add_gap(r, j->col, j->target, res->status,
                "the list response is not a JSON list");
        list_finish(j);
        return;
    }
    cont = jstr(jget(root, "metadata"), "continue");
    if (cont && *cont && j->cont && !strcmp(cont, j->cont)) {
        add_gap(r, j->col, j->target, 0, "the server gave the same "
                "continue token twice: the rest is left out");
        cJSON_Delete(root);
        list_finish(j);
        return;
    }
    sb_free(j->cont);
    j->cont = cont && *cont ? sb_strdup(cont) : NULL;
    cJSON_Delete(root);
    progress(r, false);
    if (j->cont && j->pages >= r->max_list_pages) {
        char msg[200];
        snprintf(msg, sizeof(msg), "more than %ld pages "
                 "(--max-list-pages): the rest is left out",
                 r->max_list_pages);
        add_gap(r, j->col, j->target, 0, msg);
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
        esc = curl_easy_escape(NULL, j->cont, 0);
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
    curl_free(esc);
    /* a new page: what a retry of it drops starts here */
    j->pages++;
    j->page_nix = j->nix;
    j->page_spool_len = j->spool_len;
    j->has_meta = false;
    j->feed_rc = 0;
    j->feed_errno = 0;
    sb_jlist_reset(&j->split);
    if (submit(j->r, path, NULL, 0, true, list_data, list_done, j)) {
        add_gap(j->r, j->col, j->target, 0, sb_http_stopped(j->r->http)
                ? "collection stopped before this list" : "out of memory");
        sb_free(path);
        list_finish(j);
        return;
    }
    sb_free(path);
    return;
fail:
    curl_free(esc);
    add_gap(j->r, j->col, j->target, 0, "out of memory");
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
        add_gap(r, C_RESOURCES, t, 0, "out of memory");
        if (j)
            j->res = NULL;
        list_free(j);
        after_list(r, res);
        return;
    }
    if (ns)
        snprintf(j->target, sizeof(j->target),
                 "%s in namespace '%s'", res->name, ns);
    else
        snprintf(j->target, sizeof(j->target), "%s", res->name);
    col_start(r, j->col);
    list_next(j);
}

/* Lists 'res' in every namespace asked for, or cluster-wide. */
static void start_resource(struct run *r, const struct sb_resource *res)
{
    if (!res->namespaced || !r->o->nns) {
        start_list(r, res, NULL);
        return;
    }
    for (size_t i = 0; i < r->o->nns; i++)
        start_list(r, res, r->o->namespaces[i]);
}

static size_t list_count(const struct run *r, const struct sb_resource *res)
{
    return res->namespaced && r->o->nns ? r->o->nns : 1;
}

/* ---- logs ------------------------------------------------------------ */

struct log_job {
    struct run *r;
    enum collector_id col;
    char *path;             /* bundle member */
    char *target;           /* for gaps */
    struct sb_tailfile tail;
    bool ranged;            /* asked with a Range header */
    bool capped;            /* stopped at --max-log-read */
    bool cut;               /* ended early: its last line is incomplete */
    uint64_t read;          /* bytes of this attempt */
    FILE *out;
    struct sb_buf red;
};

static void log_free(struct log_job *j)
{
    if (!j)
        return;
    sb_tailfile_release(&j->tail);
    if (j->out)
        fclose(j->out);
    sb_buf_release(&j->red);
    sb_free(j->path);
    sb_free(j->target);
    sb_free(j);
}

static int log_data(void *ctx, const char *p, size_t n)
{
    struct log_job *j = ctx;

    if (!p) {
        sb_tailfile_reset(&j->tail);
        j->read = 0;
        return 0;
    }
    j->read += n;
    if (j->read > j->r->max_log_read) {
        /* an endless stream: what was read is kept, newest first */
        j->capped = true;
        return SB_E_TOOBIG;
    }
    return sb_tailfile_write(&j->tail, p, n);
}

/* Redacted text goes to 'red' for a small log (one member write, no
 * second temporary file) or through it to 'out'. */
static int log_chunk(void *ctx, const char *p, size_t n)
{
    struct log_job *j = ctx;

    /* only the stream's last chunk may lack a final newline: in a cut
     * stream that line is incomplete and left out */
    if (j->cut && n && p[n - 1] != '\n') {
        const char *nl = memrchr(p, '\n', n);
        n = nl ? (size_t)(nl - p) + 1 : 0;
    }

    if (!j->out)
        return redact_text(j->r, p, n, &j->red) ? SB_E_NOMEM : 0;
    sb_buf_reset(&j->red);
    if (redact_text(j->r, p, n, &j->red))
        return SB_E_NOMEM;
    if (j->red.len && fwrite(j->red.data, 1, j->red.len, j->out) !=
        j->red.len)
        return SB_E_IO;
    return 0;
}

static void log_done(void *ctx, const struct sb_http_result *res)
{
    struct log_job *j = ctx;
    struct run *r = j->r;
    bool partial = j->ranged && res->status == 206;
    /* cut by the deadline, a signal or --max-log-read: what was read is
     * kept, and the cut is a gap */
    bool cut = j->tail.len > 0 && !j->tail.err_no &&
               (j->capped || res->code == SB_E_TIMEOUT ||
                res->code == SB_E_INTERRUPTED);
    char msg[300];
    int rc;

    if (res->code && j->tail.err_no) {
        char msg[512];
        snprintf(msg, sizeof(msg), "cannot keep the log in a temporary "
                 "file: %s", strerror(j->tail.err_no));
        add_gap(r, j->col, j->target, 0, msg);
        goto cleanup;
    }
    if (cut) {
        if (j->capped)
            snprintf(msg, sizeof(msg), "the log was still streaming after "
                     "%llu bytes (--max-log-read): the newest of them are "
                     "kept", (unsigned long long)r->max_log_read);
        else
            snprintf(msg, sizeof(msg), "%s: the log is cut, what was read "
                     "is kept", res->error);
        add_gap(r, j->col, j->target, res->status, msg);
        partial = j->ranged;    /* a ranged read starts mid-line */
        j->cut = true;
    } else if (res->code) {
        /* a container that never ran has no log: nothing is missing */
        if (res->status != 400 || j->col != C_LOGS)
            add_gap(r, j->col, j->target, res->status, res->error);
        goto cleanup;
    }
    if (j->tail.len > LOG_IN_MEMORY) {
        j->out = tmpfile();
        if (!j->out) {
            char msg[300];
            snprintf(msg, sizeof(msg), "cannot create a temporary file: %s",
                     strerror(errno));
            add_gap(r, j->col, j->target, 0, msg);
            goto cleanup;
        }
    }
    rc = sb_tailfile_each(&j->tail, r->o->max_log_lines, partial, log_chunk,
                          j, NULL);
    if (rc || (j->out && fflush(j->out))) {
        add_gap(r, j->col, j->target, 0, "cannot redact the log");
        goto cleanup;
    }
    if (add_log(r, j->path, j->red.data ? j->red.data : "", j->red.len,
                j->out) == 0) {
        r->log_streams++;
        r->col[j->col].items++;
    }
cleanup:
    col_touch(r, j->col);
    progress(r, false);
    if (j->col == C_LOGS) {
        r->logs_out--;
        log_free(j);
        pump_logs(r);
        return;
    }
    log_free(j);
}

static void start_log(struct run *r, enum collector_id col, const char *url,
                      const char *path, const char *target, bool ranged)
{
    struct log_job *j = sb_calloc(1, sizeof(*j));
    struct sb_err e = SB_ERR_INIT;
    char range[64];

    if (!j)
        goto nomem;
    j->r = r;
    j->col = col;
    j->path = sb_strdup(path);
    j->target = sb_strdup(target);
    j->ranged = ranged;
    sb_buf_init(&j->red, SB_BUF_UNLIMITED);
    if (!j->path || !j->target)
        goto nomem;
    if (sb_tailfile_init(&j->tail, r->o->max_log_bytes, &e)) {
        add_gap(r, col, target, 0, e.msg);
        log_free(j);
        return;
    }
    snprintf(range, sizeof(range), "bytes=-%zu", r->o->max_log_bytes);
    col_start(r, col);
    if (submit(r, url, ranged ? range : NULL, 0, false, log_data, log_done,
               j)) {
        add_gap(r, col, target, 0, sb_http_stopped(r->http)
                ? "collection stopped before this log" : "out of memory");
        log_free(j);
        return;
    }
    if (col == C_LOGS)
        r->logs_out++;
    return;
nomem:
    log_free(j);
    add_gap(r, col, target, 0, "out of memory");
}

static const cJSON *container_status(const cJSON *pod, const char *list,
                                     const char *name)
{
    const cJSON *s;

    cJSON_ArrayForEach(s, jget(jget(pod, "status"), list))
        if (jstr(s, "name") && !strcmp(jstr(s, "name"), name))
            return s;
    return NULL;
}

static void start_container_log(struct run *r, const char *ns,
                                const char *pod, const char *c,
                                bool previous)
{
    char *en = curl_easy_escape(NULL, ns, 0);
    char *ep = curl_easy_escape(NULL, pod, 0);
    char *ec = curl_easy_escape(NULL, c, 0);
    char url[2048], path[1400], target[1400], sns[256], spod[512], sc[256];
    char since[64] = "";

    if (!en || !ep || !ec) {
        add_gap(r, C_LOGS, pod, 0, "out of memory");
        goto cleanup;
    }
    if (r->o->since_secs > 0)
        snprintf(since, sizeof(since), "&sinceSeconds=%lld",
                 (long long)r->o->since_secs);
    snprintf(url, sizeof(url),
             "/api/v1/namespaces/%s/pods/%s/log?container=%s&timestamps=true"
             "&tailLines=%ld%s%s", en, ep, ec, r->o->max_log_lines, since,
             previous ? "&previous=true" : "");
    safe_component(ns, sns, sizeof(sns));
    safe_component(pod, spod, sizeof(spod));
    safe_component(c, sc, sizeof(sc));
    snprintf(path, sizeof(path), "logs/%s/%s/%s%s.log", sns, spod, sc,
             previous ? ".previous" : "");
    snprintf(target, sizeof(target), "log of container '%s' in pod '%s/%s'%s",
             c, ns, pod, previous ? " (previous)" : "");
    start_log(r, C_LOGS, url, path, target, false);
cleanup:
    curl_free(en);
    curl_free(ep);
    curl_free(ec);
}

/* The log queue: a record per container log still to ask for, appended
 * to a file in the spool folder and read back in order as requests
 * finish (pump_logs). A record: its payload's length (4 bytes), then a
 * byte (1: the previous log), namespace, pod and container, each ended
 * by a NUL. */
static int logq_open(struct run *r)
{
    char path[PATH_MAX];

    if (r->logq_fd >= 0)
        return 0;
    snprintf(path, sizeof(path), "%s/logs.queue", r->spool_dir);
    r->logq_fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC |
                      O_NOFOLLOW, 0600);
    if (r->logq_fd < 0)
        return SB_E_IO;
    unlink(path);       /* open until the run ends, gone if it dies */
    return 0;
}

static void queue_container_log(struct run *r, const char *ns,
                                const char *pod, const char *c,
                                bool previous)
{
    char rec[LOGQ_RECORD_MAX];
    size_t ln = strlen(ns) + 1, lp = strlen(pod) + 1, lc = strlen(c) + 1;
    size_t len = 1 + ln + lp + lc;

    if (4 + len > sizeof(rec) || logq_open(r)) {
        /* names this long are not Kubernetes': ask for it at once */
        start_container_log(r, ns, pod, c, previous);
        return;
    }
    rec[0] = (char)(len & 0xff);
    rec[1] = (char)(len >> 8 & 0xff);
    rec[2] = rec[3] = 0;
    rec[4] = previous ? 1 : 0;
    memcpy(rec + 5, ns, ln);
    memcpy(rec + 5 + ln, pod, lp);
    memcpy(rec + 5 + ln + lp, c, lc);
    if (pwrite(r->logq_fd, rec, 4 + len, (off_t)r->logq_wr) !=
        (ssize_t)(4 + len)) {
        start_container_log(r, ns, pod, c, previous);
        return;
    }
    r->logq_wr += 4 + len;
}

/* Reads the next queued log into 'rec'; false when none is left or it
 * cannot be read (then the rest of the queue is dropped with a gap). */
static bool logq_next(struct run *r, char *rec, const char **ns,
                      const char **pod, const char **c, bool *previous)
{
    unsigned char lb[4];
    size_t len;

    if (r->logq_rd >= r->logq_wr)
        return false;
    if (pread(r->logq_fd, lb, 4, (off_t)r->logq_rd) != 4)
        goto fail;
    len = (size_t)lb[0] | (size_t)lb[1] << 8;
    if (len < 4 || 4 + len > LOGQ_RECORD_MAX ||
        pread(r->logq_fd, rec, len, (off_t)(r->logq_rd + 4)) !=
        (ssize_t)len || rec[len - 1])
        goto fail;
    r->logq_rd += 4 + len;
    *previous = rec[0] == 1;
    *ns = rec + 1;
    *pod = *ns + strlen(*ns) + 1;
    *c = *pod + strlen(*pod) + 1;
    return true;
fail:
    add_gap(r, C_LOGS, "container logs", 0, "cannot read back the queue of "
            "log requests from its temporary file");
    r->logq_rd = r->logq_wr;
    return false;
}

/* Hands queued logs to the HTTP engine while fewer than a few per
 * request in flight are waiting there. */
static void pump_logs(struct run *r)
{
    char rec[LOGQ_RECORD_MAX];
    const char *ns, *pod, *c;
    bool previous;

    while (!sb_http_stopped(r->http) &&
           r->logs_out < LOGS_AHEAD_PER_REQUEST * r->parallel &&
           logq_next(r, rec, &ns, &pod, &c, &previous))
        start_container_log(r, ns, pod, c, previous);
}

/* The queued logs never asked for (the run stopped): a gap each, as
 * when they waited in the HTTP engine. */
static void drain_logs(struct run *r, const char *why)
{
    char rec[LOGQ_RECORD_MAX], target[1400];
    const char *ns, *pod, *c;
    bool previous;

    while (logq_next(r, rec, &ns, &pod, &c, &previous)) {
        snprintf(target, sizeof(target), "log of container '%s' in pod "
                 "'%s/%s'%s", c, ns, pod, previous ? " (previous)" : "");
        col_start(r, C_LOGS);
        add_gap(r, C_LOGS, target, 0, why);
    }
}

/* Current log of every container that ran, previous where it restarted
 * or terminated before. */
static void queue_pod_logs(struct run *r, const cJSON *pod)
{
    static const char *const specs[] = { "initContainers", "containers",
                                         "ephemeralContainers" };
    static const char *const stats[] = { "initContainerStatuses",
                                         "containerStatuses",
                                         "ephemeralContainerStatuses" };
    const cJSON *md = jget(pod, "metadata"), *c;
    const char *ns = jstr(md, "namespace"), *name = jstr(md, "name");

    if (!ns || !name || !jstr(jget(pod, "spec"), "nodeName"))
        return;     /* not scheduled: no kubelet has a log */
    for (size_t i = 0; i < 3; i++) {
        cJSON_ArrayForEach(c, jget(jget(pod, "spec"), specs[i])) {
            const char *cn = jstr(c, "name");
            const cJSON *st;
            const cJSON *rc, *state;
            bool ran, prev;
            if (!cn)
                continue;
            st = container_status(pod, stats[i], cn);
            rc = jget(st, "restartCount");
            state = jget(st, "state");
            prev = (cJSON_IsNumber(rc) && rc->valuedouble > 0) ||
                   jget(jget(st, "lastState"), "terminated");
            /* never started: waiting, no restarts, nothing terminated */
            ran = !st || !jget(state, "waiting") || prev;
            if (ran)
                queue_container_log(r, ns, name, cn, false);
            if (prev)
                queue_container_log(r, ns, name, cn, true);
        }
    }
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
        add_gap(j->r, C_DCGM, j->target, res->status, res->error);
    } else if (redact_text(j->r, res->body->data ? res->body->data : "",
                           res->body->len, &out)) {
        add_gap(j->r, C_DCGM, j->target, 0, "out of memory");
    } else if (add_member(j->r, j->path, out.data ? out.data : "",
                          out.len) == 0) {
        j->r->col[C_DCGM].items++;
    }
    col_touch(j->r, C_DCGM);
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

    /* the first exporter of 'node' (start_gpu sorted them by node) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(r->exp[mid].node, node) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < r->nexp && !strcmp(r->exp[lo].node, node))
        e = &r->exp[lo];
    col_start(r, C_DCGM);
    if (!e) {
        /* nothing to collect: noted, not a gap */
        if (!r->col[C_DCGM].error[0])
            snprintf(r->col[C_DCGM].error, sizeof(r->col[C_DCGM].error),
                     "no DCGM exporter pod found on GPU node '%s'", node);
        return;
    }
    safe_component(node, sn, sizeof(sn));
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
        add_gap(r, C_DCGM, node, 0, "out of memory");
        return;
    }
    sprintf(j->target, "DCGM exporter metrics of node '%s' (pod '%s/%s')",
            node, e->ns, e->pod);
    if (submit(r, url, NULL, PROM_BODY_MAX, true, NULL, prom_done, j)) {
        add_gap(r, C_DCGM, j->target, 0, "collection stopped");
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
        add_gap(r, C_NODE_LOGS, target, res->status, res->error);
        goto cleanup;
    }
    for (size_t i = 0; i < 3; i++) {
        char href[64], url[1200], path[800], sn[256];
        snprintf(href, sizeof(href), "href=\"%s\"", node_log_files[i]);
        p = res->body->data ? strstr(res->body->data, href) : NULL;
        if (!p)
            continue;
        found = true;
        safe_component(j->node, sn, sizeof(sn));
        snprintf(url, sizeof(url), "/api/v1/nodes/%s/proxy/logs/%s", j->node,
                 node_log_files[i]);
        snprintf(path, sizeof(path), "nodes/%s/logs/%s", sn,
                 node_log_files[i]);
        snprintf(target, sizeof(target), "node log '%s' of '%s'",
                 node_log_files[i], j->node);
        start_log(r, C_NODE_LOGS, url, path, target, true);
    }
    if (!found && !r->col[C_NODE_LOGS].error[0])
        snprintf(r->col[C_NODE_LOGS].error,
                 sizeof(r->col[C_NODE_LOGS].error),
                 "no kern.log, syslog or messages on node '%s'", j->node);
cleanup:
    col_touch(r, C_NODE_LOGS);
    sb_free(j->node);
    sb_free(j);
}

static void fetch_node_logs(struct run *r, const char *node)
{
    struct dir_job *j = sb_calloc(1, sizeof(*j));
    char url[1000];

    col_start(r, C_NODE_LOGS);
    if (j) {
        j->r = r;
        j->node = sb_strdup(node);
    }
    if (!j || !j->node) {
        sb_free(j);
        add_gap(r, C_NODE_LOGS, node, 0, "out of memory");
        return;
    }
    snprintf(url, sizeof(url), "/api/v1/nodes/%s/proxy/logs/", node);
    if (submit(r, url, NULL, DIR_BODY_MAX, true, NULL, dir_done, j)) {
        add_gap(r, C_NODE_LOGS, node, 0, "collection stopped");
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

static void start_gpu(struct run *r)
{
    r->gpu_submitted = true;
    /* by node, so that each GPU node finds its exporter by bisection
     * (fetch_dcgm), the first found of a node first */
    if (r->nexp > 1)
        qsort(r->exp, r->nexp, sizeof(*r->exp), cmp_exporter);
    for (struct list_job *j = r->node_lists; j; j = j->kept_next)
        each_item(j, 0, j->nix, gpu_node, NULL);
}

/* ---- phases ---------------------------------------------------------- */

static void after_list(struct run *r, const struct sb_resource *res)
{
    if (describe_waits_for(res) && --r->describe_pending == 0)
        describe_all(r);
    if ((is_res(res, "nodes") || is_res(res, "pods")) &&
        --r->lists_pending == 0 && !r->gpu_submitted &&
        !sb_http_stopped(r->http))
        start_gpu(r);
}

/* Every list at once, the events first. The describe pass waits for the
 * lists of its kinds. */
static void start_lists(struct run *r)
{
    const struct sb_resource *ev = sb_discovery_find(&r->disc, "events");
    const struct sb_resource *nodes = sb_discovery_find(&r->disc, "nodes");
    const struct sb_resource *pods = sb_discovery_find(&r->disc, "pods");

    for (size_t i = 0; i < r->disc.n; i++)
        if (describe_waits_for(&r->disc.res[i]))
            r->describe_pending += (int)list_count(r, &r->disc.res[i]);
    r->lists_pending = (nodes ? (int)list_count(r, nodes) : 0) +
                       (pods ? (int)list_count(r, pods) : 0);
    if (!nodes || !pods)
        r->lists_pending = -1;      /* no GPU step without both */
    r->phase = "resources";
    if (ev)
        start_resource(r, ev);
    for (size_t i = 0; i < r->disc.n; i++)
        if (&r->disc.res[i] != ev)
            start_resource(r, &r->disc.res[i]);
    if (!sb_discovery_find(&r->disc, "nodes.metrics.k8s.io") &&
        !sb_discovery_find(&r->disc, "pods.metrics.k8s.io")) {
        r->col[C_METRICS].skipped = true;
        snprintf(r->col[C_METRICS].error, sizeof(r->col[C_METRICS].error),
                 "metrics.k8s.io is not served");
    }
}

/* Everything that was never attempted because the run stopped early. */
static void record_unstarted(struct run *r, const char *why)
{
    if (r->ngaps == 0)  /* stopped with nothing in flight: still say so */
        add_gap(r, C_RESOURCES, "collection", 0, why);
    if (r->lists_pending >= 0 && !r->gpu_submitted)
        add_gap(r, C_DCGM, "GPU node metrics and kernel logs", 0, why);
}

/* ---- the run --------------------------------------------------------- */

static void version_done(void *ctx, const struct sb_http_result *res)
{
    struct run *r = ctx;

    if (res->code) {
        add_gap(r, C_VERSION, "/version", res->status, res->error);
        return;
    }
    r->version = cJSON_ParseWithLength(res->body->data, res->body->len);
    if (!r->version)
        add_gap(r, C_VERSION, "/version", res->status,
                "the response is not JSON");
    else
        r->col[C_VERSION].items++;
}

static char *server_host(const char *server)
{
    const char *h = strstr(server, "://");
    char *out;
    size_t n;

    h = h ? h + 3 : server;
    if (strchr(h, '@') && strchr(h, '@') < h + strcspn(h, "/"))
        h = strchr(h, '@') + 1;   /* never user:password */
    n = strcspn(h, "/");
    out = sb_malloc(n + 1);
    if (out) {
        memcpy(out, h, n);
        out[n] = 0;
    }
    return out;
}

static cJSON *build_manifest(struct run *r, bool complete)
{
    cJSON *m = cJSON_CreateObject(), *p, *cols, *coll, *ns;
    char t0[SB_TIME_MAX], t1[SB_TIME_MAX];
    char *host = server_host(r->auth.server);
    const char *kv = jstr(r->version, "gitVersion");

    if (!m || !host)
        goto fail;
    cJSON_AddNumberToObject(m, "format_version", 1);
    cJSON_AddStringToObject(m, "tool_version", SB_VERSION);
    cJSON_AddStringToObject(m, "kind", "cluster");
    cJSON_AddStringToObject(m, "cluster", r->auth.cluster ? r->auth.cluster
                                                          : "");
    cJSON_AddStringToObject(m, "context", r->auth.context ? r->auth.context
                                                          : "");
    cJSON_AddStringToObject(m, "server", host);
    if (kv)
        cJSON_AddStringToObject(m, "kubernetes_version", kv);
    else
        cJSON_AddNullToObject(m, "kubernetes_version");
    coll = cJSON_AddObjectToObject(m, "collection");
    sb_time_format(r->start_wall, -1, t0);
    sb_time_format(sb_time_now(), -1, t1);
    cJSON_AddStringToObject(coll, "start", t0);
    cJSON_AddStringToObject(coll, "end", t1);
    p = cJSON_AddObjectToObject(m, "parameters");
    ns = cJSON_AddArrayToObject(p, "namespaces");
    for (size_t i = 0; i < r->o->nns; i++)
        cJSON_AddItemToArray(ns, cJSON_CreateString(r->o->namespaces[i]));
    cJSON_AddBoolToObject(p, "all_namespaces", r->o->nns == 0);
    cJSON_AddNumberToObject(p, "since_seconds", (double)r->o->since_secs);
    cJSON_AddNumberToObject(p, "max_log_lines", (double)r->o->max_log_lines);
    cJSON_AddNumberToObject(p, "max_log_bytes", (double)r->o->max_log_bytes);
    if (r->o->max_size)
        cJSON_AddNumberToObject(p, "max_size", (double)r->o->max_size);
    else
        cJSON_AddNullToObject(p, "max_size");
    cJSON_AddNumberToObject(p, "max_log_read", (double)r->max_log_read);
    cJSON_AddNumberToObject(p, "max_list_pages", (double)r->max_list_pages);
    cJSON_AddNumberToObject(p, "max_object_size",
                            (double)r->max_object_size);
    cJSON_AddNumberToObject(p, "parallel", r->o->parallel);
    cJSON_AddNumberToObject(p, "timeout_ms", (double)r->o->timeout_ms);
    cJSON_AddBoolToObject(p, "redact", !r->o->no_redact);
    cJSON_AddNumberToObject(p, "redact_patterns", (double)r->o->nredact);
    cols = cJSON_AddArrayToObject(m, "collectors");
    for (int i = 0; i < C_COUNT; i++) {
        struct collector *c = &r->col[i];
        cJSON *o = cJSON_CreateObject();
        const char *status = !c->started ? "skipped"
                           : c->errors && !c->items ? "failed"
                           : c->errors ? "partial" : "ok";
        if (!o)
            goto fail;
        cJSON_AddItemToArray(cols, o);
        cJSON_AddStringToObject(o, "name", collector_names[i]);
        cJSON_AddStringToObject(o, "status", status);
        cJSON_AddNumberToObject(o, "duration_ms", c->started
                                ? (double)(c->end_ms - c->start_ms) : 0);
        cJSON_AddNumberToObject(o, "items", (double)c->items);
        cJSON_AddNumberToObject(o, "errors", (double)c->errors);
        if (c->error[0])
            cJSON_AddStringToObject(o, "error", c->error);
        else
            cJSON_AddNullToObject(o, "error");
    }
    if (r->budget) {
        cJSON *lb = sb_logbudget_report(r->budget);
        if (!lb)
            goto fail;
        cJSON_AddItemToObject(m, "log_budget", lb);
    }
    cJSON_AddItemToObject(m, "gaps", r->gaps);
    r->gaps = NULL;
    cJSON_AddBoolToObject(m, "complete", complete);
    if (r->stopped_why)
        cJSON_AddStringToObject(m, "stopped", r->stopped_why);
    else
        cJSON_AddNullToObject(m, "stopped");
    if (r->red)
        cJSON_AddItemToObject(m, "redactions", sb_redact_counts(r->red));
    else
        cJSON_AddItemToObject(m, "redactions", cJSON_CreateObject());
    sb_free(host);
    return m;
fail:
    sb_free(host);
    cJSON_Delete(m);
    return NULL;
}

static void stamp_name(const char *cluster, int64_t now, char *out,
                       size_t n)
{
    char t[SB_TIME_MAX], c[128];
    size_t j = 0;

    sb_time_format(now, -1, t);
    for (size_t i = 0; cluster && cluster[i] && j + 1 < sizeof(c); i++) {
        unsigned char ch = (unsigned char)cluster[i];
        c[j++] = isalnum(ch) || ch == '-' || ch == '.' || ch == '_'
                 ? (char)ch : '-';
    }
    c[j] = 0;
    /* 2026-11-23T15:04:05Z -> 20261123T150405Z */
    {
        char s[32];
        size_t k = 0;
        for (size_t i = 0; t[i] && k + 1 < sizeof(s); i++)
            if (t[i] != '-' && t[i] != ':')
                s[k++] = t[i];
        s[k] = 0;
        snprintf(out, n, "sbundle-%s-%s", j ? c : "cluster", s);
    }
}

static void print_plan(struct run *r)
{
    FILE *f = r->o->plan_out ? r->o->plan_out : stdout;

    fprintf(f, "cluster '%s' at %s (context '%s')\n",
            r->auth.cluster ? r->auth.cluster : "",
            r->auth.server, r->auth.context ? r->auth.context : "");
    fprintf(f, "would write: manifest.json, cluster/version.json, "
            "cluster/api-resources.json\n");
    for (size_t i = 0; i < r->disc.n; i++) {
        const struct sb_resource *res = &r->disc.res[i];
        if (!res->namespaced)
            fprintf(f, "list %-40s -> resources/_cluster/%s.json\n",
                    res->name, res->name);
        else if (!r->o->nns)
            fprintf(f, "list %-40s -> resources/<namespace>/%s.json "
                    "(all namespaces)\n", res->name, res->name);
        else
            for (size_t k = 0; k < r->o->nns; k++)
                fprintf(f, "list %-40s -> resources/%s/%s.json\n", res->name,
                        r->o->namespaces[k], res->name);
        if (sb_describe_supports(res->name))
            fprintf(f, "     describe text  -> describe/%s/%s/<name>.txt\n",
                    res->namespaced ? "<namespace>" : "_cluster",
                    res->plural);
    }
    fprintf(f, "logs of every container (init and ephemeral included), "
            "previous where restarted: at most %ld lines and %zu bytes per "
            "stream%s -> logs/<namespace>/<pod>/<container>[.previous].log\n",
            r->o->max_log_lines, r->o->max_log_bytes,
            r->o->since_secs ? ", within --since" : "");
    fprintf(f, "GPU nodes: DCGM exporter metrics -> "
            "nodes/<node>/dcgm-exporter.prom, kern.log/syslog/messages -> "
            "nodes/<node>/logs/<file>\n");
    fprintf(f, "redaction: %s\n", r->o->no_redact ? "OFF (--no-redact)"
                                                  : "on");
    for (size_t i = 0; i < r->disc.ngaps; i++)
        fprintf(f, "cannot discover %s: %s\n", r->disc.gaps[i].group_version,
                r->disc.gaps[i].error);
}

/* The plan's last lines: what the bundle will weigh and how long it will
 * take (sb_estimate). A failed estimate is said, not fatal. */
static void dry_run_estimate(struct run *r)
{
    FILE *f = r->o->plan_out ? r->o->plan_out : stdout;
    struct sb_estimate_opts eo = { 0 };
    struct sb_err e = SB_ERR_INIT;

    eo.namespaces = r->o->namespaces;
    eo.nns = r->o->nns;
    eo.max_log_bytes = r->o->max_log_bytes;
    eo.parallel = r->o->parallel > 0 ? r->o->parallel : 16;
    eo.max_size = r->o->max_size;
    eo.deadline = r->deadline;
    eo.stop = r->o->stop;
    if (sb_estimate_run(r->http, &r->disc, &eo, f, NULL, &e))
        fprintf(f, "estimate: not available: %s\n", e.msg);
}

static int add_json_member(struct run *r, const char *path, const cJSON *j)
{
    char *s = cJSON_Print(j);
    int rc;

    if (!s)
        return SB_E_NOMEM;
    rc = add_member(r, path, s, strlen(s));
    cJSON_free(s);
    return rc;
}

/* sb_logbudget's writer: the kept text of a held log, into the bundle
 * (its path was claimed when it was held). */
static int budget_add(void *ctx, const char *path, const void *p, size_t n)
{
    struct run *r = ctx;
    struct sb_err e = SB_ERR_INIT;
    int rc = sb_bwriter_add(r->bw, path, p, n, &e);

    if (rc)
        write_failed(r, rc, &e);
    return rc;
}

/* --max-size: what the bundle has left after everything else, less the
 * room the manifest and the compressor's buffers need, is shared among
 * the held logs, the oldest lines going first. */
static void write_held_logs(struct run *r)
{
    struct sb_err e = SB_ERR_INIT;
    uint64_t used = sb_bwriter_written(r->bw), files, streams, bytes;
    uint64_t reserve, avail = 0;
    int rc;

    sb_bwriter_stats(r->bw, &files, NULL);
    sb_logbudget_stats(r->budget, &streams, &bytes);
    reserve = BUDGET_SLACK + BUDGET_MANIFEST_BASE +
              (files + streams) * BUDGET_PER_FILE +
              streams * BUDGET_PER_STREAM + r->ngaps * BUDGET_PER_GAP;
    if (r->o->max_size > used + reserve)
        avail = r->o->max_size - used - reserve;
    else {
        char why[256];
        snprintf(why, sizeof(why), "--max-size %llu is too small: the "
                 "objects alone take %llu bytes compressed, and the "
                 "manifest about %llu more", (unsigned long long)
                 r->o->max_size, (unsigned long long)used,
                 (unsigned long long)(reserve - BUDGET_SLACK));
        add_gap(r, C_LOGS, "size budget", 0, why);
    }
    sb_debug("size budget: %llu used, %llu reserved, %llu for %llu log "
             "streams of %llu bytes", (unsigned long long)used,
             (unsigned long long)reserve, (unsigned long long)avail,
             (unsigned long long)streams, (unsigned long long)bytes);
    rc = sb_logbudget_write(r->budget, avail, budget_add, r, &e);
    if (rc && !r->write_rc)
        write_failed(r, rc, &e);
}

static void release_run(struct run *r)
{
    for (size_t i = 0; i < r->nexp; i++) {
        sb_free(r->exp[i].ns);
        sb_free(r->exp[i].pod);
        sb_free(r->exp[i].node);
    }
    sb_free(r->exp);
    while (r->kept) {
        struct list_job *j = r->kept;
        r->kept = j->kept_next;
        list_free(j);
    }
    while (r->ev_kept) {
        struct list_job *j = r->ev_kept;
        r->ev_kept = j->kept_next;
        list_free(j);
    }
    strmap_release(&r->ev_cache);
    sb_free(r->ev_ns);
    sb_free(r->ev_kind);
    strmap_release(&r->events);
    strmap_release(&r->node_pods);
    sb_buf_release(&r->pod_refs);
    sb_pathset_free(r->paths);
    if (r->logq_fd >= 0)
        close(r->logq_fd);
    while (r->node_lists) {
        struct list_job *j = r->node_lists;
        r->node_lists = j->kept_next;
        list_free(j);
    }
    cJSON_Delete(r->gaps);
    cJSON_Delete(r->version);
    sb_discovery_release(&r->disc);
    sb_http_free(r->http);
    sb_redactor_free(r->red);
    sb_logbudget_free(r->budget);
    sb_bwriter_abort(r->bw);
    sb_kube_auth_release(&r->auth);
    if (r->spool_dir) {
        rmdir(r->spool_dir);    /* each list removed its own file */
        sb_free(r->spool_dir);
    }
}

/* The private folder the lists are spooled in: mode 0700 under $TMPDIR
 * (or /tmp), so nobody else can plant or read a spool. */
static int make_spool_dir(struct run *r, struct sb_err *err)
{
    const char *tmp = getenv("TMPDIR");
    size_t n;

    if (!tmp || !*tmp)
        tmp = "/tmp";
    n = strlen(tmp) + 32;
    r->spool_dir = sb_malloc(n);
    if (!r->spool_dir)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    snprintf(r->spool_dir, n, "%s/sbundle-collect.XXXXXX", tmp);
    if (!mkdtemp(r->spool_dir)) {
        int en = errno;
        sb_free(r->spool_dir);
        r->spool_dir = NULL;
        return sb_err_set(err, SB_E_IO, "cannot create a temporary folder "
                          "in '%s': %s", tmp, strerror(en));
    }
    return 0;
}

/* Keeps the open files within RLIMIT_NOFILE: the soft limit is raised
 * toward the hard one, and the requests in flight (each holds a few
 * files, see FD_PER_REQUEST) are cut to what the limit leaves. Returns 0
 * or SB_E_USAGE when even one request would not fit. */
static int fit_fd_limit(struct run *r, struct sb_err *err)
{
    struct rlimit rl;
    int want = r->o->parallel > 0 ? r->o->parallel : 16;
    rlim_t avail;

    r->parallel = want;
    if (getrlimit(RLIMIT_NOFILE, &rl))
        return 0;       /* unknown: nothing to fit to */
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < FD_WANT &&
        rl.rlim_cur < rl.rlim_max) {
        struct rlimit up = rl;
        up.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > FD_WANT
                      ? FD_WANT : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &up) == 0)
            rl = up;
    }
    if (rl.rlim_cur == RLIM_INFINITY)
        return 0;
    if (rl.rlim_cur < FD_RESERVE + FD_PER_REQUEST)
        return sb_err_set(err, SB_E_USAGE, "the open-file limit is %llu "
                          "(ulimit -n): collect needs at least %d",
                          (unsigned long long)rl.rlim_cur,
                          FD_RESERVE + FD_PER_REQUEST);
    avail = (rl.rlim_cur - FD_RESERVE) / FD_PER_REQUEST;
    if (avail < (rlim_t)want) {
        sb_info("%d requests in flight instead of %d (--parallel): the "
                "open-file limit is %llu (ulimit -n)", (int)avail, want,
                (unsigned long long)rl.rlim_cur);
        r->parallel = (int)avail;
    }
    return 0;
}

/* The exec plugin's time: what is left of --timeout, at most the
 * plugin's own bound (0: that bound). */
static int exec_budget(const struct run *r)
{
    int64_t left;

    if (!r->deadline)
        return 0;
    left = r->deadline - sb_time_mono_ms();
    if (left >= SB_KUBE_EXEC_TIMEOUT_MS)
        return 0;
    return left > 1 ? (int)left : 1;
}

/* Connects, discovers; on return r->http and r->disc are ready. */
static int connect_and_discover(struct run *r, struct sb_err *err)
{
    struct sb_http_opts ho = SB_HTTP_OPTS_INIT;
    int rc;

    if (exec_budget(r))
        r->auth.exec_timeout_ms = exec_budget(r);
    rc = sb_kube_auth_refresh(&r->auth, err);
    if (rc)
        return rc;
    ho.parallel = r->parallel;
    rc = sb_http_new(&r->auth, &ho, &r->http, err);
    if (rc)
        return rc;
    r->phase = "discovery";
    progress(r, true);
    col_start(r, C_VERSION);
    /* in flight while discovery starts */
    rc = submit(r, "/version", NULL, 1u << 20, true, NULL, version_done, r);
    if (rc)
        return sb_err_set(err, rc, "out of memory");
    col_start(r, C_DISCOVERY);
    rc = sb_discover(r->http, r->net_deadline, r->o->stop, &r->disc, err);
    col_touch(r, C_DISCOVERY);
    col_touch(r, C_VERSION);
    if (rc && sb_http_stopped(r->http) && r->version && !r->o->dry_run) {
        /* reached the cluster, then stopped: still a bundle, incomplete */
        add_gap(r, C_DISCOVERY, "API discovery", 0, err->msg);
        sb_err_clear(err);
        return 0;
    }
    if (rc) {
        /* /version's error is the more direct cause (x509, 401) */
        if (r->col[C_VERSION].errors && !r->version) {
            const cJSON *g = cJSON_GetArrayItem(r->gaps, 0);
            sb_err_set(err, rc, "cannot reach the cluster at '%s': %s",
                       r->auth.server, jstr(g, "error") ? jstr(g, "error")
                                                         : err->msg);
        }
        return rc;
    }
    for (size_t i = 0; i < r->disc.ngaps; i++) {
        char t[300];
        snprintf(t, sizeof(t), "API group-version %s",
                 r->disc.gaps[i].group_version);
        add_gap(r, C_DISCOVERY, t, r->disc.gaps[i].status,
                r->disc.gaps[i].error);
    }
    r->col[C_DISCOVERY].items = r->disc.n;
    return 0;
}

static int open_bundle(struct run *r, struct sb_collect_summary *sum,
                       struct sb_err *err)
{
    char top[256];
    int rc;

    /* --obfuscate: the default file name must not say the cluster */
    stamp_name(r->o->obfuscate ? "obfuscated" : r->auth.cluster,
               r->start_wall, top, sizeof(top));
    if (r->o->output)
        snprintf(sum->output, sizeof(sum->output), "%s", r->o->output);
    else
        snprintf(sum->output, sizeof(sum->output), "%s.tar.gz", top);
    rc = sb_bwriter_open(sum->output, top, &r->bw, err);
    if (rc)
        return rc;
    if (r->o->max_size) {
        /* a stream is capped at --max-log-bytes before redaction, which
         * may lengthen it a little (a mask can be longer than a value) */
        rc = sb_logbudget_new((uint64_t)r->o->max_log_bytes * 2 +
                              ((uint64_t)1 << 20), &r->budget, err);
        if (rc)
            return rc;
    }
    if (!r->o->no_redact) {
        rc = sb_redactor_new(r->o->redact_patterns, r->o->nredact, &r->red,
                             err);
        if (rc)
            return rc;
        if (r->o->redaction_map && sb_redactor_keep_map(r->red))
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    return 0;
}

int sb_collect_run(const struct sb_collect_opts *o,
                   struct sb_collect_summary *sum, struct sb_err *err)
{
    struct run r;
    cJSON *manifest = NULL;
    bool complete;
    int rc, stop_rc;

    memset(&r, 0, sizeof(r));
    memset(sum, 0, sizeof(*sum));
    r.o = o;
    r.start_wall = sb_time_now();
    r.start_mono = sb_time_mono_ms();
    r.deadline = o->timeout_ms > 0 ? r.start_mono + o->timeout_ms : 0;
    /* requests stop a fifth of --timeout (at most 5 s) before it, so that
     * the describe pass has time for what came; it stops at the deadline */
    r.net_deadline = r.deadline ? r.deadline - (o->timeout_ms / 5 < 5000
                                                ? o->timeout_ms / 5 : 5000)
                                : 0;
    r.max_object_size = o->max_object_size ? o->max_object_size
                                           : SB_COLLECT_MAX_OBJECT_SIZE;
    r.max_list_pages = o->max_list_pages > 0 ? o->max_list_pages
                                             : SB_COLLECT_MAX_LIST_PAGES;
    r.max_log_read = o->max_log_read ? o->max_log_read
                                     : SB_COLLECT_MAX_LOG_READ;
    r.gaps = cJSON_CreateArray();
    r.logq_fd = -1;
    if (sb_pathset_new(&r.paths))
        r.paths = NULL;
    /* a reference per scheduled pod: 16 bytes short of 4 GiB is far
     * beyond any cluster, yet a bound */
    sb_buf_init(&r.pod_refs, (size_t)UINT32_MAX * sizeof(struct pod_ref));
    r.phase = "connecting";
    if (!r.gaps || !r.paths) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    rc = fit_fd_limit(&r, err);
    if (!rc)
        rc = sb_kubeconfig_load_timed(o->kubeconfig, o->context,
                                      exec_budget(&r), &r.auth, err);
    if (rc)
        goto cleanup;
    /* the output is made before the first request: one that cannot be
     * written is refused before the cluster is asked anything */
    if (!o->dry_run) {
        rc = open_bundle(&r, sum, err);
        if (!rc)
            rc = make_spool_dir(&r, err);
        if (rc)
            goto cleanup;
    }
    rc = connect_and_discover(&r, err);
    if (rc)
        goto cleanup;
    if (o->dry_run) {
        print_plan(&r);
        dry_run_estimate(&r);
        goto cleanup;
    }
    if (r.version)
        add_json_member(&r, "cluster/version.json", r.version);
    if (r.disc.doc)
        add_json_member(&r, "cluster/api-resources.json", r.disc.doc);
    if (!sb_http_stopped(r.http))
        start_lists(&r);
    else {
        r.lists_pending = -1;
        add_gap(&r, C_RESOURCES, "every resource, log and describe text", 0,
                "collection stopped during discovery");
    }
    stop_rc = sb_http_run(r.http, r.net_deadline, o->stop);
    drain_logs(&r, stop_rc == SB_E_TIMEOUT ? "deadline reached"
                   : stop_rc == SB_E_INTERRUPTED ? "interrupted"
                   : "collection stopped before this log");
    /* lists cut short by the deadline: describe with what there is */
    describe_all(&r);
    if (r.budget && !r.write_rc)
        write_held_logs(&r);
    if (stop_rc == SB_E_TIMEOUT) {
        r.stopped_why = "deadline";
        record_unstarted(&r, "deadline reached (--timeout)");
    } else if (stop_rc == SB_E_INTERRUPTED) {
        r.stopped_why = "interrupted";
        record_unstarted(&r, "interrupted");
    }
    if (r.write_rc) {
        *err = r.write_err;
        rc = r.write_rc;
        goto cleanup;
    }
    r.phase = "writing";
    progress(&r, true);
    complete = r.ngaps == 0 && stop_rc == 0;
    manifest = build_manifest(&r, complete);
    if (!manifest) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    sb_bwriter_stats(r.bw, &sum->files, &sum->bytes);
    rc = sb_bwriter_finish(r.bw, manifest, err);
    r.bw = NULL;
    if (rc)
        goto cleanup;
    if (o->obfuscate || (o->redaction_map && r.red)) {
        /* beside the bundle, never in it; the pseudonyms join the tokens
         * (a pass over the written bundle: names are known only once
         * every Node has been read) */
        bool keep = o->redaction_map && r.red;
        cJSON *map = keep ? sb_redact_map_json(r.red) : NULL;

        rc = keep && !map ? sb_err_set(err, SB_E_NOMEM, "out of memory") : 0;
        if (!rc && o->obfuscate) {
            rc = sb_obfuscate_bundle(sum->output, map, err);
            /* a bundle that was to be obfuscated and is not must not
             * be left to be sent by mistake */
            if (rc)
                unlink(sum->output);
        }
        if (!rc && keep)
            rc = sb_redact_map_write(o->redaction_map, map, o->map_pass,
                                     o->map_pass_len, err);
        cJSON_Delete(map);
        if (rc)
            goto cleanup;
    }
    sum->files++;           /* manifest.json */
    sum->objects = r.objects;
    sum->log_streams = r.log_streams;
    sum->gaps = r.ngaps;
    sum->redactions = r.red ? sb_redact_total(r.red) : 0;
    sum->complete = complete;
    sum->stopped = stop_rc != 0;
    if (o->max_size) {
        struct stat st;
        sum->over_size = stat(sum->output, &st) == 0 &&
                         (uint64_t)st.st_size > o->max_size;
    }
cleanup:
    sum->duration_ms = sb_time_mono_ms() - r.start_mono;
    release_run(&r);
    return rc;
}
