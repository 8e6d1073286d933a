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

struct sb_serve_resp {
    int status;                 /* HTTP status */
    const char *content_type;   /* static text */
    struct sb_buf body;
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

/* Fills 'resp' with a Kubernetes Status object (reason like "NotFound",
 * message as the API server words it). */
int sb_serve_status(struct sb_serve_resp *resp, int code, const char *reason,
                    const char *message);

#endif
