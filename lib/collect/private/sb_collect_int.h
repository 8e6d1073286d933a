#ifndef SB_COLLECT_INT_H
#define SB_COLLECT_INT_H
/*
 * collect's engine, private to its files: the state of one run and the
 * calls its steps make into one another. Not for use outside
 * lib/collect/sb_collect*.c; the public interface is sb_collect.h.
 *
 * Everything runs on one thread around the HTTP engine: each finished
 * request's callback writes its result to the bundle and queues what
 * follows from it (the next page of a list, a pod's logs, a GPU node's
 * exporter metrics); the describe pass runs in short steps between the
 * engine's turns (sb_http_set_idle). The steps, a file each:
 *
 *   sb_collect.c           the run: options, connection, discovery, the
 *                          order of the phases, the summary
 *   sb_collect_common.c    what every step uses: bundle members, gaps,
 *                          progress, requests, the string map
 *   sb_collect_list.c      lists fetched page by page into spool files,
 *                          then written as one List per namespace
 *   sb_collect_logs.c      container logs, queued on disk and asked for
 *                          a few per request in flight; any log stream
 *   sb_collect_gpu.c       GPU nodes: DCGM exporter metrics, node logs
 *   sb_collect_describe.c  the describe pass over the spooled lists
 *   sb_collect_manifest.c  the manifest, the bundle's name, --dry-run's
 *                          plan and --max-size's held logs
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_collect.h"
#include "sb_discover.h"
#include "sb_err.h"
#include "sb_http.h"
#include "sb_jlist.h"
#include "sb_jscan.h"
#include "sb_kjson.h"
#include "sb_kubeconfig.h"

enum collector_id {
    C_VERSION, C_DISCOVERY, C_RESOURCES, C_METRICS, C_LOGS, C_DESCRIBE,
    C_DCGM, C_NODE_LOGS, C_COUNT
};

/* The manifest's name of each collector, by collector_id. */
extern const char *const sb_col_collector_names[C_COUNT];

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
struct describe_pass;

/* Items of spooled lists filed under a key (the object an event is
 * about, a pod's or replica set's controller, a slice's service), as
 * references to where they lie in their spool: 24 bytes an item, none of
 * it parsed, so that a namespace of many thousand objects costs little
 * until one of them is described, and then only its own items are read
 * back and parsed. */
struct item_ref {
    uint64_t hash;          /* of the key */
    struct list_job *j;
    uint32_t ix;            /* index into j->ix (LIST_ITEMS_MAX < 2^32) */
    uint32_t seq;           /* filing order, kept within a key */
};

struct refindex {
    struct item_ref *refs;  /* SB_ARRAY_GROW array */
    size_t n, alloc;
    bool sorted;            /* by hash, then seq */
    struct list_job *fd_of; /* the spool 'fd' reads */
    int fd;                 /* -1 when none is open */
    struct sb_jscan js;     /* the arena of the item read last */
};


/* A pod in the spool of a kept list. */
struct pod_ref {
    struct list_job *j;
    uint64_t off;
    uint32_t len;
    uint32_t next;          /* the next pod on its node, or POD_NONE */
};
/* a reference per scheduled pod: 4 Gi of them is far beyond any cluster,
 * yet a bound */
#define POD_REFS_MAX ((size_t)UINT32_MAX)
#define POD_NONE UINT32_MAX

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
    struct refindex ev_refs;    /* the events of ev_ns about its objects
                                   of kind ev_kind, by "ns/Kind/name":
                                   references, read back when the object
                                   is described */
    char *ev_ns, *ev_kind;      /* what ev_refs holds, or NULL */
    struct strmap node_pods;    /* node name -> [first, last] index in
                                   pod_refs of its pods' chain */
    struct pod_ref *pod_refs;   /* where each scheduled pod lies in its
                                   spool, read back when its node is
                                   described (SB_ARRAY_GROW, at most
                                   POD_REFS_MAX) */
    size_t npod_refs, pod_refs_alloc;
    int logq_fd;                /* container logs still to ask for, in
                                   order (struct logq records), so that
                                   150,000 pods do not queue 150,000
                                   requests at once; -1 until the first */
    uint64_t logq_wr, logq_rd;  /* its end, and the next record */
    int logs_out;               /* log requests submitted, not done */
    struct sb_pathset *held;    /* --max-size: the paths of the logs
                                   held (the writer keeps those written),
                                   their text on disk, a slot each in
                                   memory; NULL without it */
    struct list_job *node_lists;    /* the finished nodes lists, kept
                                   spooled for describe and the GPU step:
                                   read back a node at a time, not held
                                   as objects */
    struct exporter *exp;       /* SB_ARRAY_GROW array */
    size_t nexp, exp_alloc;
    bool exp_capped;            /* more than EXPORTERS_MAX: gap written */
    struct list_job *kept;      /* finished lists the describe pass
                                   reads (describable or related) */
    int describe_pending;       /* lists it waits for, not finished */
    bool described;             /* the describe pass started */
    struct describe_pass *pass; /* its place between steps, or NULL */
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


/* ---- lists (sb_collect_list.c) --------------------------------------- */

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
    struct item_ix *ix;     /* SB_ARRAY_GROW array */
    size_t nix, cap;
    const struct item_ix *cur;  /* the item each_item is visiting */
    struct list_job *kept_next;     /* in run.kept */
    bool complete;          /* every page came: nothing left out */
    char **nss;             /* namespaces seen, interned (SB_ARRAY_GROW) */
    size_t nnss, nss_alloc;
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

/* ---- small helpers ---------------------------------------------------- */

static inline const char *jstr(const cJSON *o, const char *k)
{
    return sb_kjson_str(o, k);
}

static inline const cJSON *jget(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* ---- sb_collect_common.c ---------------------------------------------- */

/* A path component from a name, reversibly (see docs/bundle-format.md);
 * a name too long for 'out' loses its end, never half an escape. */
void sb_col_safe_component(const char *in, char *out, size_t n);

/* The array under 'key', made empty when 'create' (NULL when out of
 * memory); without 'create', NULL when absent. Lent to the map. */
cJSON *sb_col_strmap_get(struct strmap *m, const char *key, bool create);
void sb_col_strmap_release(struct strmap *m);

/* A collector's first and last activity, for its duration. */
void sb_col_start(struct run *r, enum collector_id c);
void sb_col_touch(struct run *r, enum collector_id c);

/* Calls the progress callback, at most every 100 ms unless 'force'. */
void sb_col_progress(struct run *r, bool force);

/* Records what could not be collected, redacted; never fails the run. */
void sb_col_add_gap(struct run *r, enum collector_id c, const char *target,
                 long status, const char *error);

/* A bundle write failure: the first one stops the run. */
void sb_col_write_failed(struct run *r, int rc, const struct sb_err *e);

/* Bundle members. Return 0, SB_E_FORMAT for a path written already or
 * refused (a gap), or the run's write failure. A log goes through
 * --max-size's budget when there is one; 'f' (or NULL) holds its text
 * instead of 'p'. */
int sb_col_add_member(struct run *r, const char *path, const void *p,
                   size_t n);
int sb_col_add_member_stream(struct run *r, const char *path, FILE *f);
int sb_col_add_log(struct run *r, const char *path, const void *p, size_t n,
                FILE *f);

/* Redacts text into 'out' (or copies it with --no-redact). */
int sb_col_redact_text(struct run *r, const char *p, size_t n,
                    struct sb_buf *out);

/* Queues a request (see sb_http_submit). */
int sb_col_submit(struct run *r, const char *path, const char *range,
               size_t max_body, bool urgent, sb_http_data_fn *on_data,
               sb_http_done_fn *on_done, void *ctx);

bool sb_col_is_res(const struct sb_resource *res, const char *name);

/* ---- sb_collect_list.c ------------------------------------------------ */

typedef void item_fn(struct list_job *j, cJSON *item, void *ctx);

/* Lists 'res' in every namespace asked for, or cluster-wide. */
void sb_col_start_resource(struct run *r, const struct sb_resource *res);
/* How many lists sb_col_start_resource starts for 'res'. */
size_t sb_col_list_count(const struct run *r, const struct sb_resource *res);
void sb_col_list_free(struct list_job *j);     /* NULL is fine */
/* A descriptor reading the spool of 'j'; close it when '*opened'. */
int sb_col_spool_reader(struct list_job *j, bool *opened);
/* Calls 'fn' on each spooled item of index range [from, to), parsed.
 * Returns 0, SB_E_NOMEM or SB_E_IO. */
int sb_col_each_item(struct list_job *j, size_t from, size_t to, item_fn *fn,
                  void *ctx);

/* ---- sb_collect_logs.c ------------------------------------------------ */

/* Queues the logs of every container of 'pod' that ran. */
void sb_col_queue_pod_logs(struct run *r, const cJSON *pod);
/* Hands queued logs to the HTTP engine, a few per request in flight. */
void sb_col_pump_logs(struct run *r);
/* The queued logs never asked for: a gap each, saying 'why'. */
void sb_col_drain_logs(struct run *r, const char *why);
/* Fetches one log stream at 'url' into member 'path'. */
void sb_col_start_log(struct run *r, enum collector_id col, const char *url,
                   const char *path, const char *target, bool ranged);

/* ---- sb_collect_gpu.c ------------------------------------------------- */

/* Remembers 'pod' when it is a running DCGM exporter. */
void sb_col_note_exporter(struct run *r, const cJSON *pod);
/* Asks every GPU node for its exporter's metrics and its kernel logs. */
void sb_col_start_gpu(struct run *r);

/* ---- sb_collect_describe.c -------------------------------------------- */

/* Drops what run.ev_refs holds (an events list finished: it lacks its
 * events), and frees it. */
void sb_col_events_forget(struct run *r);
/* Adds a copy of event 'ev' to 'm' under its object's key. */
void sb_col_index_event(struct strmap *m, const cJSON *ev);
/* Remembers where the scheduled pod being visited in 'j' lies. */
void sb_col_index_pod_on_node(struct run *r, struct list_job *j,
                           const cJSON *pod);
bool sb_col_needs_describe(const struct sb_resource *res);
bool sb_col_kept_for_describe(const struct sb_resource *res);
bool sb_col_describe_waits_for(const struct sb_resource *res);
/* The describe text of the kept list 'j', in one go. */
void sb_col_describe_list(struct run *r, struct list_job *j);
/* Starts the describe pass, once: it then runs in steps while the HTTP
 * engine runs (its idle work), so that requests keep moving. */
void sb_col_describe_start(struct run *r);
/* Ends the describe pass: runs what is left of it, or all of it when it
 * never started (the run stopped early); frees the kept lists. */
void sb_col_describe_all(struct run *r);
/* Frees a pass left unfinished (the run failed); NULL-safe. */
void sb_col_describe_release(struct run *r);

/* ---- sb_collect_refs.c ------------------------------------------------ */

/* The longest key; a longer one is cut at this many bytes less one, on
 * both sides of a lookup alike. */
#define REFS_KEY_MAX 1024

/* Writes the key of 'item' into 'out' ('n' bytes) and returns true, or
 * returns false when it has none (it is filed under nothing). */
typedef bool ref_key_fn(const cJSON *item, void *ctx, char *out, size_t n);

void sb_col_refs_init(struct refindex *x);
/* Frees the references and closes the spool; 'x' is empty after. */
void sb_col_refs_release(struct refindex *x);
/* Files the items [from, to) of 'j' that have a key, after those filed
 * before; an item whose text lacks 'pat' (NULL: none) is skipped
 * unparsed. Returns 0, SB_E_NOMEM, SB_E_TOOBIG or SB_E_IO (the items
 * filed so far stay). */
int sb_col_refs_add(struct refindex *x, struct list_job *j, size_t from,
                    size_t to, const char *pat, ref_key_fn *key, void *ctx);
/* What is done with an item read back: 'item' is lent, read-only, until
 * the call returns (copy what is kept). */
typedef void ref_take_fn(struct list_job *j, const cJSON *item, void *ctx);
/* Calls 'fn' on each item filed under key 'k', parsed and its key
 * checked again by 'key', in filing order. Returns 0, SB_E_NOMEM or
 * SB_E_IO (the items after the failure are not visited). */
int sb_col_refs_each(struct refindex *x, const char *k, ref_key_fn *key,
                     void *kctx, ref_take_fn *fn, void *ctx);

/* ---- sb_collect_manifest.c -------------------------------------------- */

/* manifest.json's object, the caller's (NULL when out of memory); takes
 * run.gaps. */
cJSON *sb_col_build_manifest(struct run *r, bool complete);
/* "sbundle-<cluster>-<time>", the default name. */
void sb_col_stamp_name(const char *cluster, int64_t now, char *out, size_t n);
void sb_col_print_plan(struct run *r);
void sb_col_dry_run_estimate(struct run *r);
int sb_col_add_json_member(struct run *r, const char *path, const cJSON *j);
/* --max-size: the held logs, cut to what the bundle has left. */
void sb_col_write_held_logs(struct run *r);

/* ---- sb_collect.c ----------------------------------------------------- */

/* A list of 'res' finished: the describe pass and the GPU step start
 * once the last list they wait for is in. */
void sb_col_after_list(struct run *r, const struct sb_resource *res);

#endif
