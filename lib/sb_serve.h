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

#include "sb_buf.h"
#include "sb_certgen.h"
#include "sb_err.h"
#include "sb_serve_api.h"
#include "sb_serve_index.h"

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

/* The certificates in use (NULL with 'insecure'); lent. */
const struct sb_certs *sb_serve_certs(const struct sb_serve *srv);

/* Appends a kubeconfig for this server to 'out': server, CA data, the
 * token or client certificate, and a context named after the cluster,
 * current. Returns 0 or SB_E_NOMEM. */
int sb_serve_kubeconfig(const struct sb_serve *srv, struct sb_buf *out);

/* Stops the daemon (in-flight requests finish) and frees. NULL is fine. */
void sb_serve_stop(struct sb_serve *srv);

#endif
