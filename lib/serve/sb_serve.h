#ifndef SB_SERVE_H
#define SB_SERVE_H
/*
 * A read-only Kubernetes API server for a loaded bundle, on
 * libmicrohttpd: HTTPS with a throwaway CA (or plain HTTP), a bearer token
 * or a client certificate, one thread per connection (so slow answers
 * and many clients do not queue behind each other), HTTP/1.1 keep-alive.
 * The routes are sb_serve_api's.
 *
 * For the project's tests it injects faults: latency on every request,
 * 429 with Retry-After every Nth request, 503 for a fraction of requests
 * (deterministic from a seed), plus sb_serve_api's 403/410/page size.
 * Every request is logged, one line each: "METHOD PATH?QUERY STATUS MS".
 */
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sb_buf.h"
#include "sb_certgen.h"
#include "sb_err.h"
#include "sb_serve_api.h"
#include "sb_serve_index.h"

/* What one client, or all together, can hold of the server: so that idle,
 * half-open or slow (slowloris) connections cannot starve the others.
 * 0 in any field means its default. */
#define SB_SERVE_MAX_CONNECTIONS 512u
#define SB_SERVE_MAX_PER_CLIENT 64u
#define SB_SERVE_HEADER_TIMEOUT 10u
#define SB_SERVE_IDLE_TIMEOUT 60u
struct sb_serve_limits {
    unsigned max_connections;   /* open at once, all clients */
    unsigned max_per_client;    /* open at once from one IP address */
    unsigned header_timeout_s;  /* from accept to the end of the request
                                   headers, TLS handshake included */
    unsigned idle_timeout_s;    /* between keep-alive requests, and of
                                   silence while answering */
};

/* A body made as it is sent (libmicrohttpd's content reader): fills at
 * most 'max' bytes of 'buf' for offset 'pos', returns how many, or -1 to
 * end the body. */
typedef ssize_t sb_serve_stream_fn(void *ctx, uint64_t pos, char *buf,
                                   size_t max);

/* A test fault (sb-testapi's), called for each authorised request after
 * the API filled 'resp': it may change 'resp', or set '*stream' (and
 * '*stream_ctx', which must outlive the server) to send an endless or
 * generated body with resp's status and content type. 'authorization'
 * is the request's header, or NULL. Runs on the connection's thread. */
typedef void sb_serve_fault_fn(void *ctx, const struct sb_serve_req *req,
                               const char *authorization,
                               struct sb_serve_resp *resp,
                               sb_serve_stream_fn **stream,
                               void **stream_ctx);

struct sb_serve_opts {
    const char *addr;       /* IPv4 address to bind; NULL = 127.0.0.1 */
    unsigned port;          /* 0 = a free port */
    bool insecure;          /* plain HTTP */
    bool client_cert;       /* require a client certificate, not a token */
    const char *token;      /* NULL = a random one */
    const char *const *hostnames;   /* more names for the certificate */
    size_t nhostnames;
    const char *request_log;    /* file appended to; NULL = none */
    unsigned latency_ms;    /* added to every request */
    unsigned throttle_every;    /* every Nth request gets 429; 0 = never */
    double flaky;           /* fraction of requests answered 503 */
    uint64_t seed;          /* for 'flaky' */
    struct sb_serve_api_opts api;
    struct sb_serve_limits limits;
    sb_serve_fault_fn *fault;   /* NULL: none */
    void *fault_ctx;
};

struct sb_serve;

/* Starts serving 'idx' (lent: keep it until sb_serve_stop). The server
 * certificate names 127.0.0.1, ::1, localhost, 'addr' when it is not the
 * wildcard 0.0.0.0, and each of 'hostnames'; the kubeconfig points at the
 * first hostname when there is one (a client elsewhere can use it),
 * otherwise at 'addr' (127.0.0.1 for the wildcard). Returns 0 and
 * *out, or a negative code with 'err' saying why (address in use, TLS). */
int sb_serve_start(const struct sb_serve_index *idx,
                   const struct sb_serve_opts *opts, struct sb_serve **out,
                   struct sb_err *err);

/* The bound port, and the server's base URL ("https://127.0.0.1:PORT");
 * lent until sb_serve_stop. */
unsigned sb_serve_port(const struct sb_serve *srv);
const char *sb_serve_url(const struct sb_serve *srv);

/* The limits in force, defaults filled in; lent until sb_serve_stop. */
const struct sb_serve_limits *sb_serve_limits(const struct sb_serve *srv);

/* The certificates in use (NULL with 'insecure'); lent. */
const struct sb_certs *sb_serve_certs(const struct sb_serve *srv);

/* Appends a kubeconfig for this server to 'out': server, CA data, the
 * token or client certificate, and a context named after the cluster,
 * current. Returns 0 or SB_E_NOMEM. */
int sb_serve_kubeconfig(const struct sb_serve *srv, struct sb_buf *out);

/* Stops the daemon (in-flight requests finish) and frees. NULL is fine. */
void sb_serve_stop(struct sb_serve *srv);

#endif
