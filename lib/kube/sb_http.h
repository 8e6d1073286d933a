#ifndef SB_HTTP_H
#define SB_HTTP_H
/*
 * A concurrent HTTP GET engine for the Kubernetes API on libcurl's multi
 * interface: one thread, a queue of requests, at most 'parallel' of them
 * in flight, HTTP/2 when the server offers it over TLS, connections
 * reused. TLS and credentials come from a struct sb_kube_auth.
 *
 * Requests that fail with 429, a 5xx status or a connection error are
 * retried with exponential backoff, honouring Retry-After. A 401 makes
 * the engine refresh the credentials once (token file, exec plugin) and
 * try again. Every other outcome reaches the request's 'done' callback,
 * which may submit more requests: the engine runs until nothing is left,
 * the deadline passes or the stop flag is set.
 *
 * Callbacks run on the thread that called sb_http_run(), one at a time.
 */
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sb_buf.h"
#include "sb_err.h"
#include "sb_kubeconfig.h"

struct sb_http;

struct sb_http_opts {
    int parallel;           /* requests in flight at most (1..256) */
    int max_retries;        /* per request, for 429/5xx/connection errors */
    long connect_timeout_ms;
    long low_speed_secs;    /* abort a transfer stalled this long */
    int backoff_base_ms;    /* first retry delay; doubles each time */
};
#define SB_HTTP_OPTS_INIT { 16, 6, 10000, 60, 250 }

/* What a finished request gives its 'done' callback. Lent for the call. */
struct sb_http_result {
    long status;            /* HTTP status; 0 when no response came */
    int code;               /* 0, or SB_E_NET/SB_E_DENIED/SB_E_NOTFOUND/
                               SB_E_TIMEOUT/SB_E_INTERRUPTED/SB_E_TOOBIG */
    const char *error;      /* "" on success, else text naming the cause:
                               curl's error buffer, or "403 Forbidden:
                               <Status message>" */
    const struct sb_buf *body;  /* the body when not streamed (also the
                                   error body, up to 64 KiB) */
    int attempts;           /* tries made */
};

/* Body bytes of a 2xx response when the request streams them. Returns
 * 0 to go on or non-zero to abort the transfer (it then fails with
 * SB_E_TOOBIG). Called with p == NULL and n == 0 before a retry, to say
 * that the bytes given so far are void. */
typedef int sb_http_data_fn(void *ctx, const char *p, size_t n);
typedef void sb_http_done_fn(void *ctx, const struct sb_http_result *res);

struct sb_http_request {
    const char *path;       /* "/api/v1/pods?limit=500" (copied) */
    const char *range;      /* Range header value, e.g. "bytes=-1048576",
                               or NULL (copied) */
    const char *accept;     /* Accept header, NULL: application/json */
    size_t max_body;        /* limit for a buffered body; 0: 64 MiB */
    bool urgent;            /* goes before every non-urgent request */
    sb_http_data_fn *on_data;  /* NULL: buffer the body */
    sb_http_done_fn *on_done;  /* required */
    void *ctx;
};

/* Creates the engine for 'auth' (lent; must outlive the engine). */
int sb_http_new(struct sb_kube_auth *auth, const struct sb_http_opts *o,
                struct sb_http **out, struct sb_err *err);
void sb_http_free(struct sb_http *h);  /* NULL is fine */

/* Queues a request; it starts when a slot is free. Returns 0, or
 * SB_E_INTERRUPTED once the engine stopped (deadline or stop flag): the
 * callback is then never called. */
int sb_http_submit(struct sb_http *h, const struct sb_http_request *r,
                   struct sb_err *err);

/* Runs until no request is queued, waiting or in flight. When the
 * monotonic time passes 'deadline_ms' (0: none) or '*stop' becomes
 * non-zero, the engine stops: every unfinished request gets its 'done'
 * callback with code SB_E_TIMEOUT or SB_E_INTERRUPTED and later submits
 * are refused. Returns 0, SB_E_TIMEOUT or SB_E_INTERRUPTED. */
int sb_http_run(struct sb_http *h, int64_t deadline_ms,
                volatile sig_atomic_t *stop);

/* Work of the caller's done between transfers: while it is set,
 * sb_http_run calls 'fn' once per turn, never waiting for the network
 * between calls, and does not return for want of requests. 'fn' does a
 * short step (a few milliseconds: the transfers wait meanwhile) and
 * returns true while more is left; false unsets it. fn NULL unsets it.
 * A stopped engine (deadline, stop flag) leaves the rest to the
 * caller. */
typedef bool sb_http_idle_fn(void *ctx);
void sb_http_set_idle(struct sb_http *h, sb_http_idle_fn *fn, void *ctx);

/* Asks a running engine to stop as if the stop flag were set ('code'
 * SB_E_INTERRUPTED) or for a fatal error of the caller's. */
void sb_http_stop(struct sb_http *h, int code);

/* True once the engine stopped for the deadline or the stop flag. */
bool sb_http_stopped(const struct sb_http *h);

/* Counters for progress: requests finished, failed, retried; bytes in. */
struct sb_http_stats {
    uint64_t done, failed, retried, bytes;
    int inflight, queued;
};
void sb_http_stats(const struct sb_http *h, struct sb_http_stats *st);

/* 'in' percent-encoded for a path segment or a query value of a request:
 * every byte but A-Z a-z 0-9 - . _ ~ becomes %XX, as libcurl escapes it.
 * New (sb_free), or NULL when out of memory. Here so that the engine's
 * callers never need libcurl themselves. */
char *sb_http_escape(const char *in);

/* "403 Forbidden"-style text for a status ("HTTP 599" if unknown). */
const char *sb_http_status_text(long status, char buf[64]);

#endif
