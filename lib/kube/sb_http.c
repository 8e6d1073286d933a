/*
 * The HTTP engine: a FIFO of ready requests, a list of requests waiting
 * out a backoff, and libcurl's multi handle for the ones in flight.
 */
#include "sb_http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "sb_alloc.h"
#include "sb_time.h"

#define ERR_BODY_MAX (64 * 1024)
#define DEFAULT_BODY_MAX ((size_t)64 * 1024 * 1024)
#define RETRY_AFTER_MAX_MS 30000
#define BACKOFF_MAX_MS 8000

struct req {
    struct req *next;
    struct req *inext;      /* in-flight list */
    struct sb_http *h;
    char *path, *range, *accept;
    size_t max_body;
    sb_http_data_fn *on_data;
    sb_http_done_fn *on_done;
    void *ctx;
    bool urgent;

    CURL *easy;
    struct curl_slist *hdrs;
    struct sb_buf body;
    char errbuf[CURL_ERROR_SIZE];
    int attempts;
    bool refreshed;         /* credentials refreshed after a 401 */
    bool streamed;          /* on_data got bytes this attempt */
    bool cb_abort;          /* on_data asked to stop */
    bool too_big;           /* buffered body passed max_body */
    long retry_after_ms;    /* from the Retry-After header, or -1 */
    int64_t not_before;     /* monotonic ms; waiting list only */
};

struct sb_http {
    struct sb_kube_auth *auth;
    struct sb_http_opts o;
    CURLM *multi;
    CURLSH *share;
    char *base;             /* URL prefix requests are appended to */
    struct curl_slist *connect_to;
    struct req *ready, *ready_tail;     /* urgent ones */
    struct req *later, *later_tail;     /* the others */
    int stop_req;           /* sb_http_stop() code, or 0 */
    struct req *waiting;
    struct req *flying;     /* in flight, linked by 'inext' */
    int inflight;
    int queued;
    bool stopped;
    int stop_code;
    int64_t deadline;       /* sb_http_run's, for the exec plugin */
    sb_http_idle_fn *idle;  /* the caller's work between turns, or NULL */
    void *idle_ctx;
    struct sb_http_stats st;
};

static struct req *pop_ready(struct sb_http *h);

char *sb_http_escape(const char *in)
{
    char *esc = curl_easy_escape(NULL, in, 0);
    char *out;

    if (!esc)
        return NULL;
    /* copied so that the caller frees it like any other string of ours */
    out = sb_strdup(esc);
    curl_free(esc);
    return out;
}

const char *sb_http_status_text(long status, char buf[64])
{
    static const struct { long s; const char *t; } names[] = {
        {200, "OK"}, {206, "Partial Content"}, {400, "Bad Request"},
        {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"},
        {405, "Method Not Allowed"}, {406, "Not Acceptable"},
        {409, "Conflict"}, {410, "Gone"}, {416, "Range Not Satisfiable"},
        {429, "Too Many Requests"}, {500, "Internal Server Error"},
        {502, "Bad Gateway"}, {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].s == status) {
            snprintf(buf, 64, "%ld %s", status, names[i].t);
            return buf;
        }
    snprintf(buf, 64, "HTTP %ld", status);
    return buf;
}

/* Splits "https://host:port/prefix" for tls-server-name: the URL then
 * names the certificate's host and CONNECT_TO sends it to the real one. */
static int setup_server_name(struct sb_http *h, struct sb_err *err)
{
    const char *s = h->auth->server, *host, *end, *rest;
    char hostbuf[512], portbuf[16], line[1200];
    size_t hl;

    host = strstr(s, "://");
    if (!host)
        return sb_err_set(err, SB_E_USAGE, "bad server URL '%s'", s);
    host += 3;
    if (*host == '[') {
        end = strchr(host, ']');
        if (!end)
            return sb_err_set(err, SB_E_USAGE, "bad server URL '%s'", s);
        end++;
    } else {
        end = host + strcspn(host, ":/");
    }
    hl = (size_t)(end - host);
    if (hl >= sizeof(hostbuf))
        return sb_err_set(err, SB_E_USAGE, "bad server URL '%s'", s);
    memcpy(hostbuf, host, hl);
    hostbuf[hl] = 0;
    snprintf(portbuf, sizeof(portbuf), "443");
    rest = end;
    if (*end == ':') {
        size_t pl = strspn(end + 1, "0123456789");
        if (pl == 0 || pl >= sizeof(portbuf))
            return sb_err_set(err, SB_E_USAGE, "bad port in server URL '%s'",
                              s);
        memcpy(portbuf, end + 1, pl);
        portbuf[pl] = 0;
        rest = end + 1 + pl;
    }
    snprintf(line, sizeof(line), "%s:%s:%s:%s", h->auth->tls_server_name,
             portbuf, hostbuf, portbuf);
    h->connect_to = curl_slist_append(NULL, line);
    if (!h->connect_to)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    sb_free(h->base);
    h->base = sb_malloc(strlen(s) + strlen(h->auth->tls_server_name) + 32);
    if (!h->base)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    sprintf(h->base, "%.*s%s:%s%s", (int)(host - s), s,
            h->auth->tls_server_name, portbuf, rest);
    return 0;
}

int sb_http_new(struct sb_kube_auth *auth, const struct sb_http_opts *o,
                struct sb_http **out, struct sb_err *err)
{
    struct sb_http *h;
    int rc;

    *out = NULL;
    if (!auth || !auth->server)
        return sb_err_set(err, SB_E_USAGE, "no server to connect to");
    if (curl_global_init(CURL_GLOBAL_DEFAULT))
        return sb_err_set(err, SB_E_NET, "cannot initialise libcurl");
    h = sb_calloc(1, sizeof(*h));
    if (!h)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    h->auth = auth;
    h->o = *o;
    if (h->o.parallel < 1)
        h->o.parallel = 1;
    h->base = sb_strdup(auth->server);
    h->multi = curl_multi_init();
    h->share = curl_share_init();
    if (!h->base || !h->multi || !h->share) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto fail;
    }
    curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                      (long)h->o.parallel);
    curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, (long)h->o.parallel);
    if (auth->tls_server_name && *auth->tls_server_name) {
        rc = setup_server_name(h, err);
        if (rc)
            goto fail;
    }
    *out = h;
    return 0;
fail:
    sb_http_free(h);
    return rc;
}

static void req_free(struct req *q)
{
    if (!q)
        return;
    if (q->easy)
        curl_easy_cleanup(q->easy);
    curl_slist_free_all(q->hdrs);
    sb_buf_release(&q->body);
    sb_free(q->path);
    sb_free(q->range);
    sb_free(q->accept);
    sb_free(q);
}

void sb_http_free(struct sb_http *h)
{
    struct req *q;

    if (!h)
        return;
    while ((q = pop_ready(h)))
        req_free(q);
    while ((q = h->waiting)) {
        h->waiting = q->next;
        req_free(q);
    }
    if (h->multi)
        curl_multi_cleanup(h->multi);
    if (h->share)
        curl_share_cleanup(h->share);
    curl_slist_free_all(h->connect_to);
    sb_free(h->base);
    sb_free(h);
}

bool sb_http_stopped(const struct sb_http *h)
{
    return h->stopped;
}

void sb_http_stats(const struct sb_http *h, struct sb_http_stats *st)
{
    *st = h->st;
    st->inflight = h->inflight;
    st->queued = h->queued;
}

static void push_ready(struct sb_http *h, struct req *q)
{
    struct req **head = q->urgent ? &h->ready : &h->later;
    struct req **tail = q->urgent ? &h->ready_tail : &h->later_tail;

    q->next = NULL;
    if (*tail)
        (*tail)->next = q;
    else
        *head = q;
    *tail = q;
}

/* The next request to start, urgent ones first, or NULL. */
static struct req *pop_ready(struct sb_http *h)
{
    struct req *q;

    if ((q = h->ready)) {
        h->ready = q->next;
        if (!h->ready)
            h->ready_tail = NULL;
    } else if ((q = h->later)) {
        h->later = q->next;
        if (!h->later)
            h->later_tail = NULL;
    }
    return q;
}

void sb_http_stop(struct sb_http *h, int code)
{
    if (!h->stop_req)
        h->stop_req = code;
}

int sb_http_submit(struct sb_http *h, const struct sb_http_request *r,
                   struct sb_err *err)
{
    struct req *q;

    if (h->stopped)
        return sb_err_set(err, SB_E_INTERRUPTED,
                          "collection stopped before '%s'", r->path);
    q = sb_calloc(1, sizeof(*q));
    if (!q)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    q->h = h;
    q->path = sb_strdup(r->path);
    q->range = sb_strdup(r->range);
    q->accept = sb_strdup(r->accept ? r->accept : "application/json");
    if (!q->path || !q->accept || (r->range && !q->range)) {
        req_free(q);
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    q->max_body = r->max_body ? r->max_body : DEFAULT_BODY_MAX;
    q->on_data = r->on_data;
    q->on_done = r->on_done;
    q->ctx = r->ctx;
    q->urgent = r->urgent;
    sb_buf_init(&q->body, SB_BUF_UNLIMITED);
    push_ready(h, q);
    h->queued++;
    return 0;
}

static long resp_status(struct req *q)
{
    long st = 0;

    curl_easy_getinfo(q->easy, CURLINFO_RESPONSE_CODE, &st);
    return st;
}

static size_t on_write(char *p, size_t sz, size_t n, void *ud)
{
    struct req *q = ud;
    size_t len = sz * n;
    long st = resp_status(q);
    bool ok = st >= 200 && st < 300;

    q->h->st.bytes += len;
    if (ok && q->on_data) {
        q->streamed = true;
        if (q->on_data(q->ctx, p, len)) {
            q->cb_abort = true;
            return 0;
        }
        return len;
    }
    if (!ok) {
        /* keep the start of an error body: it holds the Status message */
        if (q->body.len < ERR_BODY_MAX) {
            size_t room = ERR_BODY_MAX - q->body.len;
            if (sb_buf_add(&q->body, p, len < room ? len : room))
                return 0;
        }
        return len;
    }
    if (q->body.len + len > q->max_body) {
        q->too_big = true;
        return 0;
    }
    if (sb_buf_add(&q->body, p, len)) {
        q->too_big = true;
        return 0;
    }
    return len;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    struct req *q = ud;
    size_t len = sz * n;
    static const char name[] = "retry-after:";

    if (len > sizeof(name) && !strncasecmp(p, name, sizeof(name) - 1)) {
        const char *v = p + sizeof(name) - 1;
        while (*v == ' ' || *v == '\t')
            v++;
        if (isdigit((unsigned char)*v)) {
            long s = strtol(v, NULL, 10);
            q->retry_after_ms = s > RETRY_AFTER_MAX_MS / 1000
                                ? RETRY_AFTER_MAX_MS : s * 1000;
        } else {
            q->retry_after_ms = 1000;   /* an HTTP-date: wait a little */
        }
    }
    return len;
}

static int add_header(struct curl_slist **l, const char *fmt, const char *v)
{
    char line[8192];
    struct curl_slist *n;

    if (snprintf(line, sizeof(line), fmt, v) >= (int)sizeof(line))
        return SB_E_TOOBIG;
    n = curl_slist_append(*l, line);
    if (!n)
        return SB_E_NOMEM;
    *l = n;
    return 0;
}

static void set_tls(struct sb_http *h, CURL *e)
{
    struct sb_kube_auth *a = h->auth;

    if (a->insecure) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (a->ca_pem) {
        struct curl_blob b = { a->ca_pem, strlen(a->ca_pem),
                               CURL_BLOB_COPY };
        curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &b);
    } else if (a->ca_file) {
        curl_easy_setopt(e, CURLOPT_CAINFO, a->ca_file);
    }
    if (a->cert_pem) {
        struct curl_blob b = { a->cert_pem, strlen(a->cert_pem),
                               CURL_BLOB_COPY };
        curl_easy_setopt(e, CURLOPT_SSLCERT_BLOB, &b);
        curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
    } else if (a->cert_file) {
        curl_easy_setopt(e, CURLOPT_SSLCERT, a->cert_file);
    }
    if (a->key_pem) {
        struct curl_blob b = { a->key_pem, strlen(a->key_pem),
                               CURL_BLOB_COPY };
        curl_easy_setopt(e, CURLOPT_SSLKEY_BLOB, &b);
        curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
    } else if (a->key_file) {
        curl_easy_setopt(e, CURLOPT_SSLKEY, a->key_file);
    }
    if (h->connect_to)
        curl_easy_setopt(e, CURLOPT_CONNECT_TO, h->connect_to);
    if (a->proxy_url)
        curl_easy_setopt(e, CURLOPT_PROXY, a->proxy_url);
}

/* Builds a fresh easy handle for one attempt of 'q'. */
static int start_attempt(struct sb_http *h, struct req *q)
{
    struct sb_kube_auth *a = h->auth;
    char *url = NULL;
    int rc = SB_E_NOMEM;

    if (q->easy) {
        curl_easy_cleanup(q->easy);
        q->easy = NULL;
    }
    curl_slist_free_all(q->hdrs);
    q->hdrs = NULL;
    sb_buf_reset(&q->body);
    q->errbuf[0] = 0;
    q->streamed = q->cb_abort = q->too_big = false;
    q->retry_after_ms = -1;
    q->attempts++;
    url = sb_malloc(strlen(h->base) + strlen(q->path) + 2);
    q->easy = curl_easy_init();
    if (!url || !q->easy)
        goto cleanup;
    sprintf(url, "%s%s%s", h->base, q->path[0] == '/' ? "" : "/", q->path);
    if (add_header(&q->hdrs, "Accept: %s", q->accept))
        goto cleanup;
    if (q->range && add_header(&q->hdrs, "Range: %s", q->range))
        goto cleanup;
    if (a->token && *a->token &&
        add_header(&q->hdrs, "Authorization: Bearer %s", a->token))
        goto cleanup;
    if (add_header(&q->hdrs, "User-Agent: %s", "sbundle-collect/" SB_VERSION))
        goto cleanup;
    curl_easy_setopt(q->easy, CURLOPT_URL, url);
    curl_easy_setopt(q->easy, CURLOPT_HTTPHEADER, q->hdrs);
    curl_easy_setopt(q->easy, CURLOPT_PRIVATE, q);
    curl_easy_setopt(q->easy, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(q->easy, CURLOPT_WRITEDATA, q);
    curl_easy_setopt(q->easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(q->easy, CURLOPT_HEADERDATA, q);
    curl_easy_setopt(q->easy, CURLOPT_ERRORBUFFER, q->errbuf);
    curl_easy_setopt(q->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(q->easy, CURLOPT_HTTP_VERSION,
                     (long)CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(q->easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(q->easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(q->easy, CURLOPT_SHARE, h->share);
    curl_easy_setopt(q->easy, CURLOPT_CONNECTTIMEOUT_MS,
                     h->o.connect_timeout_ms);
    curl_easy_setopt(q->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(q->easy, CURLOPT_LOW_SPEED_TIME, h->o.low_speed_secs);
    if (a->username) {
        curl_easy_setopt(q->easy, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(q->easy, CURLOPT_USERNAME, a->username);
        curl_easy_setopt(q->easy, CURLOPT_PASSWORD,
                         a->password ? a->password : "");
    }
    set_tls(h, q->easy);
    if (curl_multi_add_handle(h->multi, q->easy) != CURLM_OK)
        goto cleanup;
    q->inext = h->flying;
    h->flying = q;
    h->inflight++;
    rc = 0;
cleanup:
    sb_free(url);
    return rc;
}

/* Finishes 'q' for good: calls its callback and frees it. */
static void finish(struct sb_http *h, struct req *q, long status, int code,
                   const char *error)
{
    struct sb_http_result res;

    h->st.done++;
    if (code)
        h->st.failed++;
    res.status = status;
    res.code = code;
    res.error = error ? error : "";
    res.body = &q->body;
    res.attempts = q->attempts;
    q->on_done(q->ctx, &res);
    req_free(q);
}

static void schedule_retry(struct sb_http *h, struct req *q, long hint_ms)
{
    int shift = q->attempts > 1 ? q->attempts - 1 : 0;
    long delay = (long)h->o.backoff_base_ms << (shift > 10 ? 10 : shift);

    if (delay > BACKOFF_MAX_MS)
        delay = BACKOFF_MAX_MS;
    delay += rand() % (delay / 4 + 1);      /* spread the herd */
    if (hint_ms > delay)
        delay = hint_ms;
    if (q->on_data && q->streamed)
        q->on_data(q->ctx, NULL, 0);
    if (q->easy) {
        curl_easy_cleanup(q->easy);
        q->easy = NULL;
    }
    q->not_before = sb_time_mono_ms() + delay;
    q->next = h->waiting;
    h->waiting = q;
    h->queued++;
    h->st.retried++;
}

/* The "message" of a Kubernetes Status body, when it is one. */
static void status_message(const struct sb_buf *b, char *out, size_t n)
{
    cJSON *root, *m;

    out[0] = 0;
    if (!b->len)
        return;
    root = cJSON_ParseWithLength(b->data, b->len);
    m = cJSON_GetObjectItemCaseSensitive(root, "message");
    if (cJSON_IsString(m))
        snprintf(out, n, "%s", m->valuestring);
    else if (!root && b->data[0] != '<') {
        /* a plain-text error body: its first line */
        snprintf(out, n, "%.*s", (int)strcspn(b->data, "\r\n"), b->data);
    }
    cJSON_Delete(root);
}

static bool retryable_curl(CURLcode c)
{
    switch (c) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

/* Text for a transport failure; TLS verification failures are phrased
 * as Go's crypto/x509 phrases them, which is what users search for. */
static void curl_error_text(struct req *q, CURLcode c, char *out, size_t n)
{
    const char *why = q->errbuf[0] ? q->errbuf : curl_easy_strerror(c);

    if (c == CURLE_PEER_FAILED_VERIFICATION) {
        const char *x509 = "x509: certificate verification failed";
        if (strstr(why, "issuer") || strstr(why, "self-signed") ||
            strstr(why, "self signed"))
            x509 = "x509: certificate signed by unknown authority";
        else if (strstr(why, "name") || strstr(why, "subject"))
            x509 = "x509: certificate is not valid for this host";
        else if (strstr(why, "expired"))
            x509 = "x509: certificate has expired or is not yet valid";
        snprintf(out, n, "%s (%s)", x509, why);
        return;
    }
    snprintf(out, n, "%s", why);
}

static void unfly(struct sb_http *h, struct req *q)
{
    struct req **pp = &h->flying;

    while (*pp && *pp != q)
        pp = &(*pp)->inext;
    if (*pp)
        *pp = q->inext;
    q->inext = NULL;
    curl_multi_remove_handle(h->multi, q->easy);
    h->inflight--;
}

static void start_ready(struct sb_http *h);

/* A slot just freed: the next ready request goes out now, before the
 * response that freed it is handled. Responses to requests sent together
 * come back together, and handling each (redaction, the spool) took
 * collect's one thread most of a millisecond: handled first, the sixteenth
 * response's slot stayed empty for the fifteen before it, and each request
 * took about 27 ms where the API answered in 20. */
static void start_next(struct sb_http *h)
{
    int running;

    if (h->stopped || (!h->ready && !h->later) ||
        h->inflight >= h->o.parallel)
        return;
    start_ready(h);
    curl_multi_perform(h->multi, &running);
}

static void on_complete(struct sb_http *h, struct req *q, CURLcode c)
{
    long status = resp_status(q);
    char msg[1024], stext[64], text[1400];
    int code;

    unfly(h, q);
    start_next(h);
    if (c != CURLE_OK) {
        if (q->cb_abort || q->too_big) {
            snprintf(text, sizeof(text), "response for '%s' is too large",
                     q->path);
            finish(h, q, status, SB_E_TOOBIG, text);
            return;
        }
        if (retryable_curl(c) && q->attempts <= h->o.max_retries) {
            schedule_retry(h, q, 0);
            return;
        }
        curl_error_text(q, c, text, sizeof(text));
        finish(h, q, status, c == CURLE_OPERATION_TIMEDOUT ? SB_E_TIMEOUT
                                                           : SB_E_NET, text);
        return;
    }
    if (status >= 200 && status < 300) {
        finish(h, q, status, 0, "");
        return;
    }
    if ((status == 429 || status >= 500) &&
        q->attempts <= h->o.max_retries) {
        schedule_retry(h, q, q->retry_after_ms);
        return;
    }
    if (status == 401 && !q->refreshed &&
        (h->auth->exec_command || h->auth->token_file)) {
        struct sb_err e = SB_ERR_INIT;
        q->refreshed = true;
        h->auth->expiry = 1;    /* force the plugin to run again */
        if (h->deadline) {
            /* the plugin may not outlive the run's deadline */
            int64_t left = h->deadline - sb_time_mono_ms();
            int cap = h->auth->exec_timeout_ms > 0 ? h->auth->exec_timeout_ms
                                                   : SB_KUBE_EXEC_TIMEOUT_MS;
            if (left < cap)
                h->auth->exec_timeout_ms = left > 1 ? (int)left : 1;
        }
        if (sb_kube_auth_refresh(h->auth, &e) == 0) {
            schedule_retry(h, q, 0);
            return;
        }
    }
    status_message(&q->body, msg, sizeof(msg));
    sb_http_status_text(status, stext);
    if (msg[0])
        snprintf(text, sizeof(text), "%s: %s", stext, msg);
    else
        snprintf(text, sizeof(text), "%s", stext);
    code = status == 401 || status == 403 ? SB_E_DENIED
         : status == 404 ? SB_E_NOTFOUND : SB_E_NET;
    finish(h, q, status, code, text);
}

static void stop_all(struct sb_http *h, int code)
{
    const char *why = code == SB_E_TIMEOUT ? "deadline reached"
                                           : "interrupted";
    struct req *q;
    CURLMsg *m;
    int left;

    h->stopped = true;
    h->stop_code = code;
    /* in flight: detach them from the multi handle first */
    while ((q = h->flying)) {
        unfly(h, q);
        finish(h, q, 0, code, why);
    }
    while ((m = curl_multi_info_read(h->multi, &left)))
        ;
    while ((q = pop_ready(h))) {
        h->queued--;
        finish(h, q, 0, code, why);
    }
    while ((q = h->waiting)) {
        h->waiting = q->next;
        h->queued--;
        finish(h, q, 0, code, why);
    }
}

/* Moves retries whose wait is over to the ready queue; returns the ms
 * until the next one is due (or 'cap'). */
static long wake_waiting(struct sb_http *h, long cap)
{
    int64_t now = sb_time_mono_ms();
    struct req **pp = &h->waiting, *q;
    long next = cap;

    while ((q = *pp)) {
        if (q->not_before <= now) {
            *pp = q->next;
            h->queued--;
            push_ready(h, q);
            h->queued++;
            continue;
        }
        if (q->not_before - now < next)
            next = (long)(q->not_before - now);
        pp = &q->next;
    }
    return next;
}

static void start_ready(struct sb_http *h)
{
    struct req *q;

    while (h->inflight < h->o.parallel && (q = pop_ready(h))) {
        h->queued--;
        if (start_attempt(h, q)) {
            finish(h, q, 0, SB_E_NOMEM, "out of memory starting a request");
            continue;
        }
    }
}

void sb_http_set_idle(struct sb_http *h, sb_http_idle_fn *fn, void *ctx)
{
    h->idle = fn;
    h->idle_ctx = fn ? ctx : NULL;
}

/* One step of the caller's idle work, unset when it says it is done. */
static void run_idle(struct sb_http *h)
{
    if (h->idle && !h->idle(h->idle_ctx))
        sb_http_set_idle(h, NULL, NULL);
}

int sb_http_run(struct sb_http *h, int64_t deadline_ms,
                volatile sig_atomic_t *stop)
{
    if (h->stopped)
        return h->stop_code;
    h->deadline = deadline_ms;
    for (;;) {
        long wait;
        int running = 0, left;
        CURLMsg *m;

        if (h->stop_req) {
            stop_all(h, h->stop_req);
            return h->stop_req;
        }
        if (stop && *stop) {
            stop_all(h, SB_E_INTERRUPTED);
            return SB_E_INTERRUPTED;
        }
        if (!h->inflight && !h->ready && !h->later && !h->waiting &&
            !h->idle)
            return 0;
        if (deadline_ms && sb_time_mono_ms() >= deadline_ms) {
            stop_all(h, SB_E_TIMEOUT);
            return SB_E_TIMEOUT;
        }
        wait = wake_waiting(h, 100);
        start_ready(h);
        curl_multi_perform(h->multi, &running);
        while ((m = curl_multi_info_read(h->multi, &left))) {
            struct req *q = NULL;
            if (m->msg != CURLMSG_DONE)
                continue;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&q);
            on_complete(h, q, m->data.result);
        }
        run_idle(h);
        if ((h->ready || h->later) && h->inflight < h->o.parallel)
            continue;
        /* with idle work left the network is only looked at, so that
         * the work goes on at once */
        if (h->inflight || h->waiting)
            curl_multi_poll(h->multi, NULL, 0,
                            h->idle ? 0 : (int)(wait > 0 ? wait : 1), NULL);
    }
}
