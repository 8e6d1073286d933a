#ifndef SB_LOAD_CTX_H
#define SB_LOAD_CTX_H
/*
 * Shared by the loader's modules (sb_load, sb_load_k8s, sb_load_logs,
 * sb_load_metrics, sb_load_yaml); not a public interface.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

#include "sb_bformat.h"
#include "sb_db.h"
#include "sb_err.h"
#include "sb_load.h"
#include "sb_load_yaml.h"

struct sb_load_ctx {
    struct sb_db *db;
    int64_t bundle_id;
    const char *bundle_path;    /* as given, for messages */
    const char *format;         /* sbundle | troubleshoot | cluster-info-dump */
    bool is_host;
    char node[256];             /* host bundles: the node collected on */
    int year_hint;              /* for syslog stamps without a year */
    size_t line_max;
    const struct sb_load_opts *opts;    /* the caller's, never NULL */
    struct sb_load_stats *stats;
    /* the best cluster name the objects hold (sb_bformat_cluster_of), for
     * inputs without a manifest; cluster_rank 0 when none */
    char cluster[SB_BFORMAT_NAME_MAX];
    int cluster_rank;
    /* container lines: 0 until the first log asks, then 1 when log_text
     * is rows (a kept database), 2 when blocks (sb_logblocks.h); with
     * blocks, the id the next line gets */
    int lines_mode;
    int64_t next_line_id;
    /* the id the next log_streams row gets, 0 until the first stream
     * asks (sb_load_logs.c writes a stream's row when it ends) */
    int64_t next_stream_id;
    /* the JSON parser the walk keeps for its members' trees (their
     * arena's pages reused), or NULL: a parser a call */
    struct sb_jscan *jscan;
};

/* Whether 'd', a number read from a bundle, truncates to a 64-bit integer
 * without undefined behaviour (finite, within [-2^63, 2^63)); sets *out
 * only then. Every double from a bundle goes through here before it
 * becomes an integer: "restartCount": 1e400 reads as infinity, and a
 * plain cast of that is undefined (on x86 it gives INT64_MIN). */
static inline bool sb_load_int_of(double d, int64_t *out)
{
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
        return false;
    *out = (int64_t)d;
    return true;
}

/* Records a problem with 'file' (may be NULL) in load_errors and sends it
 * to sb_warn as "'bundle': 'file': message". Never fails: a database error
 * here is only logged. */
void sb_load_error(struct sb_load_ctx *ctx, const char *file,
                   const char *fmt, ...) SB_PRINTF(3, 4);

/* Loads one JSON member: a List ({"items":[...]}), a bare array of
 * objects, or one object. 'resource' is plural[.group] ("pods",
 * "deployments.apps"), NULL when unknown. Every object goes to 'objects',
 * the kinds the schema knows also to their typed tables. Returns 0, or
 * SB_E_FORMAT with 'err' naming the file for bad JSON. An unpaired
 * surrogate escape is rewritten in 'data' as "\ufffd" (recorded in
 * load_errors) and the member loaded; 'data' is otherwise unchanged. */
int sb_load_k8s_json(struct sb_load_ctx *ctx, const char *file,
                     const char *resource, char *data, size_t len,
                     struct sb_err *err);

/* Same for a parsed document (the YAML loader converts to cJSON). */
int sb_load_k8s_doc(struct sb_load_ctx *ctx, const char *file,
                    const char *resource, const cJSON *doc,
                    struct sb_err *err);

/* A source of bytes for the streamed loaders: returns the count, 0 at the
 * end, or a negative code with 'err' set. */
typedef ssize_t sb_load_read_fn(void *rctx, void *buf, size_t n,
                                struct sb_err *err);

struct sb_log_target {
    const char *ns, *pod, *container;   /* container logs */
    bool previous;
    bool prefixed;      /* kubectl logs --prefix: each line names its pod
                           and container, "[pod/P/C] text" */
    const char *node, *source;          /* node logs (ns == NULL) */
    bool sectioned;     /* an nvidia-bug-report: sources by section */
    const char *file;
};

/* Streams a log file into log_lines (target->ns set) or node_log_lines
 * (target->node set; Xid lines also into gpu_xids). A kubectl
 * cluster-info dump logs.txt (target->container NULL) is split on its
 * "==== START logs for container" markers; a prefixed log on its lines'
 * prefixes, which are taken off (a line without one stays with the
 * container before it). */
int sb_load_logs_stream(struct sb_load_ctx *ctx,
                        const struct sb_log_target *target,
                        sb_load_read_fn *rd, void *rctx, struct sb_err *err);

/* After an nvidia-bug-report 'file' is loaded: its kernel lines were
 * read more than once (the grep of the kernel log files and of each
 * boot's journal, then dmesg), so its GPU events and Xids are kept from
 * the kernel log files when they have any (their lines carry wall-clock
 * times; dmesg's count seconds from boot), once per time and message,
 * else from dmesg. */
int sb_load_logs_bugreport_dedup(struct sb_load_ctx *ctx, const char *file,
                                 struct sb_err *err);

/* Loads a Prometheus text exposition of the GPU exporter for 'node'. */
int sb_load_dcgm(struct sb_load_ctx *ctx, const char *node, const char *file,
                 const char *data, size_t len, struct sb_err *err);

/* GPU rows and exporter Xids for nodes without nvidia-smi data. */
int sb_load_dcgm_finish(struct sb_db *db, struct sb_err *err);

#endif
