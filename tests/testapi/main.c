/*
 * sb-testapi: the project's Kubernetes API test server. Serves a fixture
 * bundle (folder or tar.gz) over HTTPS on 127.0.0.1 with the serve engine,
 * plus fault injection for collect's end-to-end tests.
 *
 *   sb-testapi BUNDLE --dir STATE [--latency-ms N] [--forbid RES[,RES...]]
 *       [--throttle-every N] [--flaky FRACTION] [--seed N]
 *       [--expire-continue] [--max-limit N] [--client-cert] [--token T]
 *       [--insecure] [--port N]
 *
 * Writes STATE/kubeconfig, STATE/ca.crt (and STATE/client.crt
 * and STATE/client.key with --client-cert), then STATE/port last, when
 * ready; appends one line per request to STATE/requests.log
 * ("METHOD PATH?QUERY STATUS MS"). Runs until SIGTERM or SIGINT.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
          "[--insecure] [--port N]\n", f);
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

struct cli {
    const char *bundle;
    const char *dir;
    struct sb_serve_opts serve;
};

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
