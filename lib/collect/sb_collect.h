#ifndef SB_COLLECT_H
#define SB_COLLECT_H
/*
 * collect's engine: resolves the cluster's credentials, discovers the
 * API, and writes one redacted bundle (see docs/bundle-format.md) with
 * every listable resource, events, container logs, describe text,
 * metrics and GPU node state. Per-item failures (a forbidden resource, a
 * log that cannot be read) are gaps recorded in the manifest, never
 * fatal; the deadline and the stop flag end collection early with a
 * valid bundle marked incomplete.
 */
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sb_err.h"

/* A snapshot for the progress line. */
struct sb_collect_progress {
    const char *phase;      /* "discovery", "resources", "logs", ... */
    uint64_t objects;       /* API objects written */
    uint64_t log_streams;   /* container and node log streams written */
    uint64_t bytes;         /* bytes received from the API server */
    uint64_t errors;        /* gaps so far */
    int inflight;           /* requests in flight */
};

typedef void sb_collect_progress_fn(void *ctx,
                                    const struct sb_collect_progress *p);

struct sb_collect_opts {
    const char *kubeconfig;     /* NULL: $KUBECONFIG, ~/.kube/config, ... */
    const char *context;        /* NULL: current-context */
    const char *const *namespaces;  /* NULL or 'nns' names; none: all */
    size_t nns;
    int64_t since_secs;         /* 0: all the logs the caps allow */
    long max_log_lines;         /* per stream, newest kept */
    size_t max_log_bytes;       /* per stream, newest kept */
    uint64_t max_size;          /* the bundle's bytes, oldest log lines
                                   trimmed to fit (sb_logbudget); 0: none */
    int parallel;               /* requests in flight */
    size_t max_object_size;     /* one API object; 0: the default */
    long max_list_pages;        /* pages per list; 0: the default */
    uint64_t max_log_read;      /* bytes read per log stream (the newest
                                   of them kept); 0: the default */
    int64_t timeout_ms;         /* whole run; 0: none */
    const char *output;         /* NULL: sbundle-<cluster>-<time>.tar.gz */
    const char *const *redact_patterns;  /* extra PCRE2 patterns */
    size_t nredact;
    bool no_redact;
    bool obfuscate;             /* identities as pseudonyms (sb_obfuscate) */
    const char *redaction_map;  /* write the kept token map here (see
                                   sb_redact_map.h), or NULL */
    const char *map_pass;       /* its passphrase, 'map_pass_len' bytes */
    size_t map_pass_len;
    bool dry_run;               /* print the plan to 'plan_out' */
    FILE *plan_out;
    volatile sig_atomic_t *stop;    /* set by SIGINT/SIGTERM, or NULL */
    sb_collect_progress_fn *progress;   /* or NULL */
    void *progress_ctx;
};
#define SB_COLLECT_MAX_LOG_LINES 10000
#define SB_COLLECT_MAX_LOG_BYTES ((size_t)5 * 1024 * 1024)
/* etcd stores objects of at most about 1.5 MiB: 16 MiB leaves room for
 * an aggregated API's bigger ones while a list response of any size
 * costs at most this much memory per request in flight */
#define SB_COLLECT_MAX_OBJECT_SIZE ((size_t)16 * 1024 * 1024)
/* 10,000 pages of 250: 2.5 million objects of one kind, past any real
 * cluster, while an endless continue chain still ends */
#define SB_COLLECT_MAX_LIST_PAGES 10000L
/* kubelet answers tailLines itself, so a real log ends well before this;
 * an endless one (a stuck proxy, a hostile server) is cut here */
#define SB_COLLECT_MAX_LOG_READ ((uint64_t)256 * 1024 * 1024)

/* What the run produced, for the summary line. */
struct sb_collect_summary {
    char output[4096];          /* the bundle's path */
    uint64_t files, bytes;      /* bundle members and their bytes */
    uint64_t objects, log_streams;
    uint64_t gaps;
    unsigned long redactions;
    int64_t duration_ms;
    bool complete;              /* no gaps, not stopped early */
    bool stopped;               /* deadline or signal */
    bool over_size;             /* larger than max_size all the same */
};

/* Runs a collection. Returns 0 when a bundle was written (complete or
 * not: see 'sum->complete'), or a negative SB_E_* code with 'err'
 * naming the cause when nothing usable could be written. */
int sb_collect_run(const struct sb_collect_opts *o,
                   struct sb_collect_summary *sum, struct sb_err *err);

#endif
