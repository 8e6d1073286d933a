/*
 * The HTTP side of the serve engine: libmicrohttpd, TLS, authentication,
 * test faults and the request log.
 */
#include "sb_serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/socket.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <microhttpd.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "sb_alloc.h"
#include "sb_log.h"
#include "sb_time.h"

#define MAX_ARGS 64

struct sb_serve {
    const struct sb_serve_index *idx;
    struct sb_serve_api *api;
    struct MHD_Daemon *d;
    struct sb_certs certs;
    bool has_certs;
    bool insecure;
    bool client_cert;
    char *token;
    char url[320];
    unsigned port;
    unsigned latency_ms;
    unsigned throttle_every;
    double flaky;
    uint64_t seed;
    sb_serve_fault_fn *fault;
    void *fault_ctx;
    atomic_ulong nreq;
    atomic_bool stopping;   /* ends open watches so the daemon can stop */
    FILE *log;
    pthread_mutex_t log_lock;
    struct sb_serve_limits limits;  /* defaults filled in */
    /* every open connection, for the reaper (see "waits" below) */
    pthread_mutex_t conns_lock;
    struct conn_watch *conns;
    pthread_t reaper;
    bool has_reaper;
};

/* Per request: the raw URI for the log, and when it started. */
/* A request body is kept only this far: the reviews kubectl posts
 * (auth can-i) are a few hundred bytes; anything longer is refused. */
#define BODY_MAX (64 * 1024)

struct req_ctx {
    char *uri;
    int64_t t0;
    bool handled;
    bool body_too_big;
    struct sb_buf body;
};

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct req_ctx *rc = sb_calloc(1, sizeof(*rc));

    (void)cls;
    (void)conn;
    if (!rc)
        return NULL;
    rc->uri = sb_strdup(uri);
    rc->t0 = sb_time_mono_ms();
    sb_buf_init(&rc->body, BODY_MAX);
    return rc;
}

static void conn_deadline(struct sb_serve *srv, struct MHD_Connection *conn,
                          unsigned secs);

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls, enum MHD_RequestTerminationCode toe)
{
    struct sb_serve *srv = cls;
    struct req_ctx *rc = *con_cls;

    (void)toe;
    /* the next request on this connection: headers within idle_timeout */
    conn_deadline(srv, conn, srv->limits.idle_timeout_s);
    if (rc) {
        sb_free(rc->uri);
        sb_buf_release(&rc->body);
        sb_free(rc);
    }
    *con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    size_t n;

    (void)cls;
    vsnprintf(msg, sizeof(msg), fmt, ap);
    n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    sb_debug("http: %s", msg);
}

/* ---- waits: every connection has a deadline until its request is read ----
 *
 * libmicrohttpd's own timeout only counts silence, so a client that sends
 * one byte every few seconds (slowloris) or never finishes a TLS
 * handshake holds its connection, and its thread, for as long as it
 * likes; a thousand of them fill the server. Here each connection gets a
 * deadline for its TLS handshake and request headers (header_timeout from
 * accept), and between keep-alive requests (idle_timeout after the last
 * answer). The reaper thread shuts down the socket of a connection past
 * its deadline; libmicrohttpd then sees the end of the stream and closes
 * the connection itself. While a request is being answered (a watch, a
 * slow reader) there is no deadline but libmicrohttpd's idle timeout. */

struct conn_watch {
    struct conn_watch *prev, *next;
    int fd;
    int64_t deadline_ms;    /* monotonic; 0 = none */
};

#define REAP_EVERY_MS 200

static void conn_deadline(struct sb_serve *srv, struct MHD_Connection *conn,
                          unsigned secs)
{
    const union MHD_ConnectionInfo *ci;
    struct conn_watch *w;

    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (!ci || !(w = ci->socket_context))
        return;
    pthread_mutex_lock(&srv->conns_lock);
    w->deadline_ms = secs ? sb_time_mono_ms() + (int64_t)secs * 1000 : 0;
    pthread_mutex_unlock(&srv->conns_lock);
}

static void on_connection(void *cls, struct MHD_Connection *conn,
                          void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    struct sb_serve *srv = cls;
    const union MHD_ConnectionInfo *ci;
    struct conn_watch *w;

    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        w = sb_calloc(1, sizeof(*w));
        if (!w || !ci) {
            /* unwatched: only libmicrohttpd's idle timeout applies */
            sb_free(w);
            *socket_context = NULL;
            return;
        }
        w->fd = ci->connect_fd;
        w->deadline_ms = sb_time_mono_ms() +
                         (int64_t)srv->limits.header_timeout_s * 1000;
        pthread_mutex_lock(&srv->conns_lock);
        w->next = srv->conns;
        if (srv->conns)
            srv->conns->prev = w;
        srv->conns = w;
        pthread_mutex_unlock(&srv->conns_lock);
        *socket_context = w;
        return;
    }
    /* closed: libmicrohttpd closes the socket after this returns, so the
     * reaper, under the same lock, never touches a reused descriptor */
    w = *socket_context;
    if (!w)
        return;
    pthread_mutex_lock(&srv->conns_lock);
    if (w->prev)
        w->prev->next = w->next;
    else
        srv->conns = w->next;
    if (w->next)
        w->next->prev = w->prev;
    pthread_mutex_unlock(&srv->conns_lock);
    sb_free(w);
    *socket_context = NULL;
}

static void *reaper_main(void *arg)
{
    struct sb_serve *srv = arg;
    struct timespec ts = { 0, REAP_EVERY_MS * 1000000L };
    struct conn_watch *w;
    int64_t now;

    while (!atomic_load(&srv->stopping)) {
        nanosleep(&ts, NULL);
        now = sb_time_mono_ms();
        pthread_mutex_lock(&srv->conns_lock);
        for (w = srv->conns; w; w = w->next) {
            if (w->deadline_ms && now > w->deadline_ms) {
                shutdown(w->fd, SHUT_RDWR);
                w->deadline_ms = 0;
            }
        }
        pthread_mutex_unlock(&srv->conns_lock);
    }
    return NULL;
}

static void limits_defaults(struct sb_serve_limits *l)
{
    if (!l->max_connections)
        l->max_connections = SB_SERVE_MAX_CONNECTIONS;
    if (!l->max_per_client)
        l->max_per_client = SB_SERVE_MAX_PER_CLIENT;
    if (l->max_per_client > l->max_connections)
        l->max_per_client = l->max_connections;
    if (!l->header_timeout_s)
        l->header_timeout_s = SB_SERVE_HEADER_TIMEOUT;
    if (!l->idle_timeout_s)
        l->idle_timeout_s = SB_SERVE_IDLE_TIMEOUT;
}

struct args_ctx {
    struct sb_serve_qarg args[MAX_ARGS];
    size_t n;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value)
{
    struct args_ctx *a = cls;

    (void)kind;
    if (a->n < MAX_ARGS) {
        a->args[a->n].key = key;
        a->args[a->n].value = value ? value : "";
        a->n++;
    }
    return MHD_YES;
}

static void log_request(struct sb_serve *srv, const char *method,
                        const struct req_ctx *rc, int status)
{
    int64_t ms = rc ? sb_time_mono_ms() - rc->t0 : 0;

    if (!srv->log)
        return;
    pthread_mutex_lock(&srv->log_lock);
    fprintf(srv->log, "%s %s %d %lld\n", method,
            rc && rc->uri ? rc->uri : "?", status, (long long)ms);
    fflush(srv->log);
    pthread_mutex_unlock(&srv->log_lock);
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

    while (nanosleep(&ts, &ts) != 0)
        ;
}

struct watch_ctx {
    struct sb_serve *srv;
    int64_t deadline;       /* monotonic ms */
};

/* An open watch sends nothing: a bundle never changes. MHD calls this
 * again each time it returns 0, so it naps between calls. */
static ssize_t watch_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct watch_ctx *w = cls;

    (void)pos;
    (void)buf;
    (void)max;
    if (atomic_load(&w->srv->stopping) || sb_time_mono_ms() >= w->deadline)
        return MHD_CONTENT_READER_END_OF_STREAM;
    sleep_ms(100);
    return 0;
}

static void watch_free(void *cls)
{
    sb_free(cls);
}

static struct MHD_Response *watch_response(struct sb_serve *srv, long secs)
{
    struct watch_ctx *w = sb_malloc(sizeof(*w));
    struct MHD_Response *r;

    if (!w)
        return NULL;
    w->srv = srv;
    w->deadline = sb_time_mono_ms() + (int64_t)secs * 1000;
    r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, watch_read,
                                          w, watch_free);
    if (!r)
        sb_free(w);
    return r;
}

/* A log is sent as it is read from the index's mapping, in chunks of
 * 64 KiB: the response holds only a copy of the stream's cursor, so each
 * reader costs a few pages, whatever the log's size. */
static struct MHD_Response *log_response(const struct sb_serve_resp *resp)
{
    struct sb_serve_logstream *ls = sb_malloc(sizeof(*ls));
    struct MHD_Response *r;

    if (!ls)
        return NULL;
    *ls = resp->log;
    r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 65536,
                                          sb_serve_log_read, ls, sb_free);
    if (!r)
        sb_free(ls);
    return r;
}

/* The body handed over to libmicrohttpd, which frees it once sent: a
 * copy doubled the memory of a large list (hundreds of MB for every pod
 * of a 150,000-pod cluster). */
static struct MHD_Response *buffer_response(struct sb_serve_resp *resp)
{
    struct MHD_Response *r;
    size_t len;
    char *data = sb_buf_detach(&resp->body, &len);

    if (!data)
        return NULL;
    r = MHD_create_response_from_buffer_with_free_callback(len, data,
                                                           sb_free);
    if (!r)
        sb_free(data);
    return r;
}

static enum MHD_Result queue(struct sb_serve *srv,
                             struct MHD_Connection *conn, const char *method,
                             const struct req_ctx *rc,
                             struct sb_serve_resp *resp,
                             sb_serve_stream_fn *stream, void *stream_ctx)
{
    struct MHD_Response *r;
    enum MHD_Result ret;

    if (stream)
        r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384,
                                              stream, stream_ctx, NULL);
    else if (resp->log.data)
        r = log_response(resp);
    else if (resp->watch_seconds > 0)
        r = watch_response(srv, resp->watch_seconds);
    else
        r = buffer_response(resp);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", resp->content_type);
    MHD_add_response_header(r, "Cache-Control", "no-cache, private");
    if (resp->status == 429)
        MHD_add_response_header(r, "Retry-After", "1");
    ret = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    log_request(srv, method, rc, resp->status);
    return ret;
}

static bool cert_ok(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci;
    gnutls_session_t session;
    unsigned int status = 0, n = 0;

    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
    if (!ci || !ci->tls_session)
        return false;
    session = (gnutls_session_t)ci->tls_session;
    if (!gnutls_certificate_get_peers(session, &n) || n == 0)
        return false;
    return gnutls_certificate_verify_peers2(session, &status) == 0 &&
           status == 0;
}

static bool authorised(struct sb_serve *srv, struct MHD_Connection *conn)
{
    const char *auth;

    if (srv->client_cert)
        return cert_ok(conn);
    auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                       "Authorization");
    return auth && !strncmp(auth, "Bearer ", 7) &&
           !strcmp(auth + 7, srv->token);
}

/* splitmix64: a fixed, seedable sequence, so --flaky is reproducible */
static double unit_random(uint64_t seed, uint64_t n)
{
    uint64_t z = seed + n * 0x9e3779b97f4a7c15ULL;

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) / (double)(1ULL << 53);
}


static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct sb_serve *srv = cls;
    struct req_ctx *rc = *con_cls;
    struct sb_serve_resp resp;
    struct sb_serve_req req;
    struct args_ctx args;
    sb_serve_stream_fn *stream = NULL;
    void *stream_ctx = NULL;
    unsigned long n;
    enum MHD_Result ret;

    (void)version;
    if (*upload_data_size) {    /* kept up to BODY_MAX, the rest drained */
        if (rc && !rc->body_too_big &&
            sb_buf_add(&rc->body, upload_data, *upload_data_size))
            rc->body_too_big = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (rc && !rc->handled) {
        /* First call, headers only: answer on the next one, even for a
         * GET. A response queued this early makes libmicrohttpd stop
         * reading the connection and send "Connection: close", so every
         * request would pay a new TLS handshake. */
        rc->handled = true;
        conn_deadline(srv, conn, 0);    /* the headers are in */
        return MHD_YES;
    }
    sb_serve_resp_init(&resp);
    n = atomic_fetch_add(&srv->nreq, 1) + 1;
    if (srv->latency_ms)
        sleep_ms(srv->latency_ms);
    if (!authorised(srv, conn)) {
        sb_serve_status(&resp, 401, "Unauthorized", "Unauthorized");
        goto answer;
    }
    if (srv->throttle_every && n % srv->throttle_every == 0) {
        sb_serve_status(&resp, 429, "TooManyRequests",
                        "Too many requests, please try again later.");
        goto answer;
    }
    if (srv->flaky > 0 && unit_random(srv->seed, n) < srv->flaky) {
        sb_serve_status(&resp, 503, "ServiceUnavailable",
                        "the server is currently unable to handle the "
                        "request");
        goto answer;
    }
    memset(&args, 0, sizeof(args));
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg,
                              &args);
    memset(&req, 0, sizeof(req));
    req.method = method;
    req.path = url;
    req.args = args.args;
    req.nargs = args.n;
    req.accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                             "Accept");
    if (rc && rc->body_too_big) {
        sb_serve_status(&resp, 413, "RequestEntityTooLarge",
                        "the request body is larger than the server "
                        "accepts");
        goto answer;
    }
    if (rc) {
        req.body = rc->body.data;
        req.body_len = rc->body.len;
    }
    if (sb_serve_api_handle(srv->api, &req, &resp))
        sb_serve_status(&resp, 500, "InternalError", "out of memory");
    if (srv->fault)
        srv->fault(srv->fault_ctx, &req,
                   MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                               "Authorization"),
                   &resp, &stream, &stream_ctx);
answer:
    ret = queue(srv, conn, method, rc, &resp, stream, stream_ctx);
    sb_serve_resp_release(&resp);
    return ret;
}

static char *random_token(void)
{
    unsigned char raw[24];
    char *s = sb_malloc(sizeof(raw) * 2 + 1);
    size_t i;

    if (!s)
        return NULL;
    if (RAND_bytes(raw, sizeof(raw)) != 1) {
        sb_free(s);
        return NULL;
    }
    for (i = 0; i < sizeof(raw); i++)
        snprintf(s + 2 * i, 3, "%02x", raw[i]);
    return s;
}

static int start_daemon(struct sb_serve *srv, const struct sb_serve_opts *o,
                        struct sb_err *err)
{
    struct sockaddr_in sa;
    /* poll(), not select(): descriptors past 1023 must work too */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
    const char *addr = o->addr ? o->addr : "127.0.0.1";
    const union MHD_DaemonInfo *di;

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
        return sb_err_set(err, SB_E_USAGE, "cannot listen on '%s': not an "
                          "IPv4 address", addr);
    if (!srv->insecure)
        flags |= MHD_USE_TLS;
    if (srv->insecure)
        srv->d = MHD_start_daemon(
            flags, 0, NULL, NULL, on_request, srv,
            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
            MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
            MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
            MHD_OPTION_CONNECTION_TIMEOUT, srv->limits.idle_timeout_s,
            MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)256,
            MHD_OPTION_CONNECTION_LIMIT, srv->limits.max_connections,
            MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->limits.max_per_client,
            MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
            MHD_OPTION_END);
    else
        srv->d = MHD_start_daemon(
            flags, 0, NULL, NULL, on_request, srv,
            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
            MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
            MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
            MHD_OPTION_CONNECTION_TIMEOUT, srv->limits.idle_timeout_s,
            MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)256,
            MHD_OPTION_CONNECTION_LIMIT, srv->limits.max_connections,
            MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->limits.max_per_client,
            MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
            MHD_OPTION_HTTPS_MEM_KEY, srv->certs.server_key,
            MHD_OPTION_HTTPS_MEM_CERT, srv->certs.server_cert,
            srv->client_cert ? MHD_OPTION_HTTPS_MEM_TRUST : MHD_OPTION_END,
            srv->certs.ca_cert,
            MHD_OPTION_END);
    if (!srv->d)
        return sb_err_set(err, SB_E_IO, "cannot listen on '%s:%u': the "
                          "address is in use or TLS setup failed", addr,
                          o->port);
    di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : o->port;
    /* the wildcard is no address to connect to; a hostname given for the
     * certificate is the one a client elsewhere will use */
    if (o->nhostnames)
        addr = o->hostnames[0];
    else if (!strcmp(addr, "0.0.0.0"))
        addr = "127.0.0.1";
    snprintf(srv->url, sizeof(srv->url), strchr(addr, ':') ? "%s://[%s]:%u"
                                                          : "%s://%s:%u",
             srv->insecure ? "http" : "https", addr, srv->port);
    return 0;
}

/* The listen address (unless the wildcard) and the hostnames as SANs. */
static int make_certs(struct sb_serve *srv, const struct sb_serve_opts *o,
                      struct sb_err *err)
{
    const char *names[65];
    size_t n = 0, i;

    if (o->addr && strcmp(o->addr, "0.0.0.0") &&
        strcmp(o->addr, "127.0.0.1"))
        names[n++] = o->addr;
    for (i = 0; i < o->nhostnames && n < 65; i++)
        names[n++] = o->hostnames[i];
    if (i < o->nhostnames)
        return sb_err_set(err, SB_E_USAGE, "too many hostnames: at most 64");
    return sb_certgen_make_for(&srv->certs, names, n, err);
}

int sb_serve_start(const struct sb_serve_index *idx,
                   const struct sb_serve_opts *opts, struct sb_serve **out,
                   struct sb_err *err)
{
    struct sb_serve *srv = sb_calloc(1, sizeof(*srv));
    int rc;

    *out = NULL;
    if (!srv)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    pthread_mutex_init(&srv->log_lock, NULL);
    pthread_mutex_init(&srv->conns_lock, NULL);
    srv->limits = opts->limits;
    limits_defaults(&srv->limits);
    atomic_init(&srv->nreq, 0);
    atomic_init(&srv->stopping, false);
    srv->idx = idx;
    srv->insecure = opts->insecure;
    srv->client_cert = opts->client_cert && !opts->insecure;
    srv->latency_ms = opts->latency_ms;
    srv->throttle_every = opts->throttle_every;
    srv->flaky = opts->flaky;
    srv->fault = opts->fault;
    srv->fault_ctx = opts->fault_ctx;
    srv->seed = opts->seed;
    srv->token = opts->token ? sb_strdup(opts->token) : random_token();
    srv->api = sb_serve_api_new(idx, &opts->api);
    if (!srv->token || !srv->api) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto fail;
    }
    if (opts->request_log) {
        srv->log = fopen(opts->request_log, "a");
        if (!srv->log) {
            rc = sb_err_set(err, SB_E_IO, "cannot open '%s': %s",
                            opts->request_log, strerror(errno));
            goto fail;
        }
    }
    if (!srv->insecure) {
        rc = make_certs(srv, opts, err);
        if (rc)
            goto fail;
        srv->has_certs = true;
    }
    if (pthread_create(&srv->reaper, NULL, reaper_main, srv)) {
        rc = sb_err_set(err, SB_E_NOMEM, "cannot start a thread: %s",
                        strerror(errno));
        goto fail;
    }
    srv->has_reaper = true;
    rc = start_daemon(srv, opts, err);
    if (rc)
        goto fail;
    *out = srv;
    return 0;
fail:
    sb_serve_stop(srv);
    return rc;
}

unsigned sb_serve_port(const struct sb_serve *srv)
{
    return srv->port;
}

const char *sb_serve_url(const struct sb_serve *srv)
{
    return srv->url;
}

const struct sb_serve_limits *sb_serve_limits(const struct sb_serve *srv)
{
    return &srv->limits;
}

const struct sb_certs *sb_serve_certs(const struct sb_serve *srv)
{
    return srv->has_certs ? &srv->certs : NULL;
}

static int add_b64(struct sb_buf *out, const char *s)
{
    size_t n = strlen(s), need = 4 * ((n + 2) / 3) + 1;
    int rc = sb_buf_grow(out, need);

    if (rc)
        return rc;
    EVP_EncodeBlock((unsigned char *)out->data + out->len,
                    (const unsigned char *)s, (int)n);
    out->len += need - 1;
    out->data[out->len] = '\0';
    return 0;
}

/* A YAML double-quoted scalar. */
static int add_quoted(struct sb_buf *out, const char *s)
{
    int rc = sb_buf_addc(out, '"');

    for (; *s && !rc; s++) {
        if (*s == '"' || *s == '\\')
            rc = sb_buf_addf(out, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            rc = sb_buf_addf(out, "\\x%02x", (unsigned char)*s);
        else
            rc = sb_buf_addc(out, *s);
    }
    return rc ? rc : sb_buf_addc(out, '"');
}

int sb_serve_kubeconfig(const struct sb_serve *srv, struct sb_buf *out)
{
    const char *cl = srv->idx->cluster;
    int rc = 0;

    rc |= sb_buf_adds(out, "apiVersion: v1\nkind: Config\nclusters:\n"
                      "- cluster:\n");
    if (srv->has_certs) {
        rc |= sb_buf_adds(out, "    certificate-authority-data: ");
        rc |= add_b64(out, srv->certs.ca_cert);
        rc |= sb_buf_addc(out, '\n');
    }
    rc |= sb_buf_addf(out, "    server: %s\n  name: ", srv->url);
    rc |= add_quoted(out, cl);
    rc |= sb_buf_adds(out, "\ncontexts:\n- context:\n    cluster: ");
    rc |= add_quoted(out, cl);
    rc |= sb_buf_adds(out, "\n    user: sbundle\n  name: ");
    rc |= add_quoted(out, cl);
    rc |= sb_buf_adds(out, "\ncurrent-context: ");
    rc |= add_quoted(out, cl);
    rc |= sb_buf_adds(out, "\npreferences: {}\nusers:\n- name: sbundle\n"
                      "  user:\n");
    if (srv->client_cert) {
        rc |= sb_buf_adds(out, "    client-certificate-data: ");
        rc |= add_b64(out, srv->certs.client_cert);
        rc |= sb_buf_adds(out, "\n    client-key-data: ");
        rc |= add_b64(out, srv->certs.client_key);
        rc |= sb_buf_addc(out, '\n');
    } else {
        rc |= sb_buf_addf(out, "    token: %s\n", srv->token);
    }
    return rc ? SB_E_NOMEM : 0;
}

void sb_serve_stop(struct sb_serve *srv)
{
    if (!srv)
        return;
    atomic_store(&srv->stopping, true);
    if (srv->d)
        MHD_stop_daemon(srv->d);
    /* after the daemon: no connection is left to watch */
    if (srv->has_reaper)
        pthread_join(srv->reaper, NULL);
    sb_serve_api_free(srv->api);
    if (srv->log)
        fclose(srv->log);
    sb_certs_release(&srv->certs);
    sb_free(srv->token);
    pthread_mutex_destroy(&srv->log_lock);
    pthread_mutex_destroy(&srv->conns_lock);
    sb_free(srv);
}
