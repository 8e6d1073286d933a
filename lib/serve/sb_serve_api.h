#ifndef SB_SERVE_API_H
#define SB_SERVE_API_H
/*
 * The Kubernetes API over a loaded bundle, without any HTTP library: one
 * request (method, decoded path, query arguments, Accept) in, one
 * response (status, content type, body) out. sb_serve puts it behind
 * libmicrohttpd; tests and fuzzers call it directly.
 *
 * Read-only: GET and HEAD are answered, other methods get 405 with a
 * Status object, except the POSTs that only ask (auth can-i's
 * SelfSubjectAccessReview and SelfSubjectRulesReview): yes to get, list
 * and watch on every type discovery lists, no to anything that writes. Paths: /version, /healthz, /api, /apis, group version
 * discovery, lists (all namespaces or one) with limit, continue,
 * labelSelector and fieldSelector, single objects, pods/log, nodes/proxy
 * /logs/, pods/proxy (a DCGM exporter's /metrics from
 * nodes/<node>/dcgm-exporter.prom), Table responses when Accept asks
 * for as=Table, watches (open and quiet: a bundle never changes). Errors
 * are Status objects with the API server's texts.
 *
 * Test-only faults that depend on the route live here too: 403 for named
 * resources, a forced page size, 410 on each list's first continue.
 * Thread-safe: requests may be handled concurrently.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sb_buf.h"
#include "sb_err.h"
#include "sb_serve_index.h"

struct sb_serve_qarg {
    const char *key;
    const char *value;
};

struct sb_serve_req {
    const char *method;     /* "GET" */
    const char *path;       /* percent-decoded, without the query */
    const struct sb_serve_qarg *args;   /* decoded query arguments */
    size_t nargs;
    const char *accept;     /* Accept header, may be NULL */
    const char *body;       /* request body (POST), may be NULL */
    size_t body_len;
};

/* A container log answered as it is sent, not copied: the lines of
 * data[pos, end) that pass 'since', with or without their timestamps, at
 * most 'left' bytes. The range already starts at the tailLines-th line
 * from the end, so reading it needs no memory of its own: N readers of a
 * large log cost the one mapping they share, not N copies. */
struct sb_serve_logstream {
    const char *data;   /* NULL: the answer is 'body'; else lent, the
                           index's (its spool mapping), for its life */
    size_t pos;         /* next byte to look at */
    size_t end;         /* end of the range */
    bool in_line;       /* pos is inside a kept line, not at a start */
    int64_t since;      /* 0, or drop lines stamped before (epoch s) */
    bool timestamps;    /* keep each line's leading timestamp */
    uint64_t left;      /* bytes still to send (limitBytes) */
    bool drop_behind;   /* 'data' is a file mapping: give back the pages
                           read, so the resident size stays a few MiB */
    size_t dropped;     /* pages before this offset were given back */
};

struct sb_serve_resp {
    int status;                 /* HTTP status */
    const char *content_type;   /* static text */
    struct sb_buf body;
    struct sb_serve_logstream log;  /* a 200 pods/log answer: the body
                                       is this, read as it is sent */
    long watch_seconds;         /* > 0: a watch; stream no events for that
                                   long (a bundle never changes) */
};

struct sb_serve_api_opts {
    const char *forbid;     /* comma-separated plurals answered 403 */
    bool expire_continue;   /* 410 on the first continue of each list */
    unsigned max_limit;     /* page size cap; 0 = none */
    const char *user;       /* user named in 403 texts; NULL = default */
    bool complete;          /* answer as kubectl expects a cluster to:
                               discovery lists every built-in kind, and
                               EndpointSlices are made from Endpoints (or
                               the reverse) when a bundle has only one;
                               false replays the bundle's discovery and
                               objects as they are (the test API server) */
};

struct sb_serve_api;

/* 'idx' is lent for the api's life. Returns NULL when out of memory. */
struct sb_serve_api *sb_serve_api_new(const struct sb_serve_index *idx,
                                      const struct sb_serve_api_opts *opts);
void sb_serve_api_free(struct sb_serve_api *api);     /* NULL is fine */

/* Answers 'req' into 'resp' (initialise with sb_serve_resp_init, release
 * with sb_serve_resp_release). Returns 0, or SB_E_NOMEM when even the
 * error answer could not be built. */
int sb_serve_api_handle(struct sb_serve_api *api,
                        const struct sb_serve_req *req,
                        struct sb_serve_resp *resp);

void sb_serve_resp_init(struct sb_serve_resp *resp);
void sb_serve_resp_release(struct sb_serve_resp *resp);

/* Reads the next bytes of a streamed log ('ctx' is a struct
 * sb_serve_logstream, advanced): fills at most 'max' bytes of 'buf' and
 * returns how many, at least 1, or -1 at the end ('pos' is unused: the
 * reads are sequential). A libmicrohttpd content reader. */
ssize_t sb_serve_log_read(void *ctx, uint64_t pos, char *buf, size_t max);

/* Reads a streamed log ('resp->log') into 'resp->body' and ends the
 * stream, for callers that want the whole answer (tests, fuzzers).
 * Returns 0 or SB_E_NOMEM. Nothing to do when there is no stream. */
int sb_serve_resp_flatten(struct sb_serve_resp *resp);

/* Fills 'resp' with a Kubernetes Status object (reason like "NotFound",
 * message as the API server words it). */
int sb_serve_status(struct sb_serve_resp *resp, int code, const char *reason,
                    const char *message);

#endif
