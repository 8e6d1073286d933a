/*
 * sb-testapi: the project's Kubernetes API test server. Serves a fixture
 * bundle (folder or tar.gz) over HTTPS on 127.0.0.1 with the serve engine,
 * plus fault injection for collect's end-to-end tests.
 *
 *   sb-testapi BUNDLE --dir STATE [--latency-ms N] [--forbid RES[,RES...]]
 *       [--throttle-every N] [--flaky FRACTION] [--seed N]
 *       [--expire-continue] [--max-limit N] [--client-cert] [--token T]
 *       [--insecure] [--port N] [--echo-token RES] [--endless-continue RES]
 *       [--endless-log] [--huge-list RES:N]
 *
 * Faults for collect's tests besides sb_serve's: --echo-token answers
 * lists of RES with a 403 whose message repeats the request's
 * Authorization header; --endless-continue gives every list of RES a
 * continue token that leads to another empty page, forever;
 * --endless-log streams every container log without end;
 * --huge-list answers lists of RES with N generated objects of 1 KiB,
 * streamed (the server holds none of them).
 *
 * Writes STATE/kubeconfig, STATE/ca.crt (and STATE/client.crt
 * and STATE/client.key with --client-cert), then STATE/port last, when
 * ready; appends one line per request to STATE/requests.log
 * ("METHOD PATH?QUERY STATUS MS"). Runs until SIGTERM or SIGINT.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_log.h"
#include "sb_serve.h"
#include "sb_serve_index.h"

static void usage(FILE *f)
{
    fputs("usage: sb-testapi BUNDLE --dir STATE [--latency-ms N] "
          "[--forbid RES[,RES...]]\n"
          "         [--throttle-every N] [--flaky FRACTION] [--seed N] "
          "[--expire-continue]\n"
          "         [--max-limit N] [--client-cert] [--token T] "
          "[--insecure] [--port N]\n"
          "         [--echo-token RES] [--endless-continue RES] "
          "[--endless-log] [--huge-list RES:N]\n", f);
}

static void on_log(void *ctx, enum sb_log_level level, const char *msg)
{
    (void)ctx;
    if (level >= SB_LOG_WARN)
        fprintf(stderr, "sb-testapi: %s\n", msg);
}

static int write_file(const char *dir, const char *name, const char *text,
                      mode_t mode)
{
    char path[4096], tmp[4200];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "sb-testapi: cannot write '%s': %s\n", tmp,
                strerror(errno));
        return -1;
    }
    chmod(tmp, mode);
    fputs(text, f);
    if (fclose(f) || rename(tmp, path)) {
        fprintf(stderr, "sb-testapi: cannot write '%s': %s\n", path,
                strerror(errno));
        return -1;
    }
    return 0;
}

static bool parse_uint(const char *s, unsigned *out)
{
    char *end;
    unsigned long v;

    if (!s || !*s)
        return false;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (*end || errno || v > 1000000000UL || *s == '-')
        return false;
    *out = (unsigned)v;
    return true;
}

static int bad_option(const char *opt, const char *why)
{
    fprintf(stderr, "sb-testapi: option '%s': %s\n", opt, why);
    usage(stderr);
    return 2;
}

struct faults {
    const char *echo_token;     /* plural, or NULL */
    const char *endless_continue;
    bool endless_log;
    char huge_res[128];         /* plural, or "" */
    uint64_t huge_n;
};

struct cli {
    const char *bundle;
    const char *dir;
    struct sb_serve_opts serve;
    struct faults f;
};

/* ---- faults ----------------------------------------------------------- */

/* The last component of a list's path is its plural. */
static bool lists(const struct sb_serve_req *req, const char *plural)
{
    const char *last = strrchr(req->path, '/');

    return plural && last && !strcmp(last + 1, plural);
}

static const char *arg(const struct sb_serve_req *req, const char *key)
{
    for (size_t i = 0; i < req->nargs; i++)
        if (!strcmp(req->args[i].key, key))
            return req->args[i].value;
    return NULL;
}

#define LOG_LINE_LEN 64
static ssize_t endless_log(void *ctx, uint64_t pos, char *buf, size_t max)
{
    size_t done = 0;

    (void)ctx;
    while (done < max) {
        char line[LOG_LINE_LEN + 1];
        uint64_t i = (pos + done) / LOG_LINE_LEN;
        size_t at = (size_t)((pos + done) % LOG_LINE_LEN), n;
        snprintf(line, sizeof(line), "2026-11-20T09:00:00.000000000Z endless "
                 "line %019" PRIu64 "\n", i);
        n = LOG_LINE_LEN - at < max - done ? LOG_LINE_LEN - at : max - done;
        memcpy(buf + done, line + at, n);
        done += n;
    }
    return (ssize_t)done;
}

/* A List of 'huge_n' Pods, each HUGE_ITEM bytes with its separator, made
 * from the offset alone (connections share no state). */
#define HUGE_ITEM 1024
static const char huge_head[] =
    "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":"
    "{\"resourceVersion\":\"1\"},\"items\":[";
static const char huge_tail[] = "]}";

static void huge_item(uint64_t i, char *out)
{
    int n = snprintf(out, HUGE_ITEM + 1, "%s{\"metadata\":{\"name\":"
                     "\"huge-%09" PRIu64 "\",\"namespace\":\"default\","
                     "\"uid\":\"00000000-0000-4000-8000-%012" PRIu64 "\"},"
                     "\"spec\":{\"nodeName\":\"\"},\"status\":"
                     "{\"phase\":\"Pending\",\"message\":\"",
                     i ? "," : " ", i, i);
    memset(out + n, 'x', HUGE_ITEM - (size_t)n - 4);
    memcpy(out + HUGE_ITEM - 4, "\"}}\n", 4);
}

static ssize_t huge_list(void *ctx, uint64_t pos, char *buf, size_t max)
{
    const struct faults *f = ctx;
    uint64_t hl = sizeof(huge_head) - 1, tl = sizeof(huge_tail) - 1;
    uint64_t body = f->huge_n * HUGE_ITEM, total = hl + body + tl;
    size_t done = 0;

    if (pos >= total)
        return -1;
    while (done < max && pos + done < total) {
        uint64_t p = pos + done;
        const char *src;
        char item[HUGE_ITEM + 1];
        uint64_t at, len;
        if (p < hl) {
            src = huge_head;
            at = p;
            len = hl;
        } else if (p < hl + body) {
            huge_item((p - hl) / HUGE_ITEM, item);
            src = item;
            at = (p - hl) % HUGE_ITEM;
            len = HUGE_ITEM;
        } else {
            src = huge_tail;
            at = p - hl - body;
            len = tl;
        }
        len -= at;
        if (len > max - done)
            len = max - done;
        memcpy(buf + done, src + at, (size_t)len);
        done += (size_t)len;
    }
    return (ssize_t)done;
}

static void on_fault(void *ctx, const struct sb_serve_req *req,
                     const char *authorization, struct sb_serve_resp *resp,
                     sb_serve_stream_fn **stream, void **stream_ctx)
{
    struct faults *f = ctx;
    const char *cont = arg(req, "continue");

    if (f->echo_token && lists(req, f->echo_token)) {
        char msg[1024];
        snprintf(msg, sizeof(msg), "%s is forbidden: the request with "
                 "Authorization: %s was denied", f->echo_token,
                 authorization ? authorization : "(none)");
        sb_buf_reset(&resp->body);
        sb_serve_status(resp, 403, "Forbidden", msg);
    } else if (f->endless_continue && lists(req, f->endless_continue)) {
        unsigned long n = cont && !strncmp(cont, "endless-", 8)
                          ? strtoul(cont + 8, NULL, 10) + 1 : 1;
        cJSON *first = n == 1 && resp->status == 200
                       ? cJSON_ParseWithLength(resp->body.data,
                                               resp->body.len) : NULL;
        cJSON *md = cJSON_GetObjectItem(first, "metadata");
        char *text;

        /* the first page is the real one, with a token that never ends */
        if (md) {
            cJSON_DeleteItemFromObject(md, "continue");
            cJSON_AddStringToObject(md, "continue", "endless-1");
            text = cJSON_PrintUnformatted(first);
            if (text) {
                sb_buf_reset(&resp->body);
                /* a failed append answers 500: the client sees it */
                if (sb_buf_add(&resp->body, text, strlen(text)))
                    resp->status = 500;
                cJSON_free(text);
                cJSON_Delete(first);
                return;
            }
        }
        cJSON_Delete(first);
        sb_buf_reset(&resp->body);
        resp->status = 200;
        resp->content_type = "application/json";
        if (sb_buf_addf(&resp->body, "{\"kind\":\"List\",\"apiVersion\":"
                        "\"v1\",\"metadata\":{\"continue\":\"endless-%lu\"},"
                        "\"items\":[]}", n))
            resp->status = 500;
    } else if (f->endless_log && strlen(req->path) > 4 &&
               !strcmp(req->path + strlen(req->path) - 4, "/log")) {
        resp->status = 200;
        resp->content_type = "text/plain";
        *stream = endless_log;
        *stream_ctx = f;
    } else if (f->huge_res[0] && lists(req, f->huge_res)) {
        resp->status = 200;
        resp->content_type = "application/json";
        *stream = huge_list;
        *stream_ctx = f;
    }
}

static int parse_args(int argc, char **argv, struct cli *c)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned u;

        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--expire-continue")) {
            c->serve.api.expire_continue = true;
        } else if (!strcmp(a, "--client-cert")) {
            c->serve.client_cert = true;
        } else if (!strcmp(a, "--insecure")) {
            c->serve.insecure = true;
        } else if (!strcmp(a, "--endless-log")) {
            c->f.endless_log = true;
        } else if (a[0] == '-' && a[1] == '-') {
            if (!v)
                return bad_option(a, "a value is expected");
            i++;
            if (!strcmp(a, "--dir"))
                c->dir = v;
            else if (!strcmp(a, "--forbid"))
                c->serve.api.forbid = v;
            else if (!strcmp(a, "--token"))
                c->serve.token = v;
            else if (!strcmp(a, "--echo-token"))
                c->f.echo_token = v;
            else if (!strcmp(a, "--endless-continue"))
                c->f.endless_continue = v;
            else if (!strcmp(a, "--huge-list")) {
                const char *colon = strchr(v, ':');
                char *end;
                if (!colon || colon == v ||
                    (size_t)(colon - v) >= sizeof(c->f.huge_res))
                    return bad_option(a, "expected RES:N");
                snprintf(c->f.huge_res, sizeof(c->f.huge_res), "%.*s",
                         (int)(colon - v), v);
                errno = 0;
                c->f.huge_n = strtoull(colon + 1, &end, 10);
                if (*end || errno || !c->f.huge_n || colon[1] == '-')
                    return bad_option(a, "expected RES:N");
            }
            else if (!strcmp(a, "--flaky")) {
                char *end;

                c->serve.flaky = strtod(v, &end);
                if (*end || c->serve.flaky < 0 || c->serve.flaky > 1)
                    return bad_option(a, "expected a fraction from 0 to 1");
            } else if (!parse_uint(v, &u))
                return bad_option(a, "expected a non-negative number");
            else if (!strcmp(a, "--latency-ms"))
                c->serve.latency_ms = u;
            else if (!strcmp(a, "--throttle-every"))
                c->serve.throttle_every = u;
            else if (!strcmp(a, "--seed"))
                c->serve.seed = u;
            else if (!strcmp(a, "--max-limit"))
                c->serve.api.max_limit = u;
            else if (!strcmp(a, "--port") && u < 65536)
                c->serve.port = u;
            else
                return bad_option(a, "unknown option");
        } else if (!c->bundle) {
            c->bundle = a;
        } else {
            return bad_option(a, "only one bundle may be served");
        }
    }
    if (!c->bundle || !c->dir) {
        usage(stderr);
        return 2;
    }
    return 0;
}

static int write_state(struct sb_serve *srv, const char *dir, bool cert)
{
    const struct sb_certs *certs = sb_serve_certs(srv);
    struct sb_buf kc = SB_BUF_INIT(SB_BUF_UNLIMITED);
    char port[32];
    int rc = -1;

    if (sb_serve_kubeconfig(srv, &kc))
        goto cleanup;
    if (write_file(dir, "kubeconfig", sb_buf_str(&kc), 0600))
        goto cleanup;
    if (certs && write_file(dir, "ca.crt", certs->ca_cert, 0644))
        goto cleanup;
    if (certs && cert &&
        (write_file(dir, "client.crt", certs->client_cert, 0644) ||
         write_file(dir, "client.key", certs->client_key, 0600)))
        goto cleanup;
    snprintf(port, sizeof(port), "%u\n", sb_serve_port(srv));
    rc = write_file(dir, "port", port, 0644);
cleanup:
    sb_buf_release(&kc);
    return rc;
}

int main(int argc, char **argv)
{
    struct cli c;
    struct sb_serve_index *idx = NULL;
    struct sb_serve *srv = NULL;
    struct sb_err err = SB_ERR_INIT;
    char logpath[4096];
    sigset_t set;
    int rc, sig;

    memset(&c, 0, sizeof(c));
    rc = parse_args(argc, argv, &c);
    if (rc)
        return rc;
    c.serve.fault = on_fault;
    c.serve.fault_ctx = &c.f;
    sb_log_set_sink(on_log, NULL);
    if (mkdir(c.dir, 0755) && errno != EEXIST) {
        fprintf(stderr, "sb-testapi: cannot create '%s': %s\n", c.dir,
                strerror(errno));
        return 1;
    }
    /* signals wait for sigwait below; the server's threads inherit this */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (sb_serve_index_load(c.bundle, &idx, &err)) {
        fprintf(stderr, "sb-testapi: %s\n", err.msg);
        return 1;
    }
    snprintf(logpath, sizeof(logpath), "%s/requests.log", c.dir);
    c.serve.request_log = logpath;
    if (sb_serve_start(idx, &c.serve, &srv, &err)) {
        fprintf(stderr, "sb-testapi: %s\n", err.msg);
        sb_serve_index_free(idx);
        return 1;
    }
    if (write_state(srv, c.dir, c.serve.client_cert)) {
        rc = 1;
        goto cleanup;
    }
    printf("listening %s\n", sb_serve_url(srv));
    fflush(stdout);
    sigwait(&set, &sig);
    rc = 0;
cleanup:
    sb_serve_stop(srv);
    sb_serve_index_free(idx);
    return rc;
}
