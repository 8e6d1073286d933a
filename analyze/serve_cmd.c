/*
 * analyze serve: kubectl against a bundle, offline.
 */
#include "serve_cmd.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb_buf.h"
#include "sb_log.h"
#include "sb_serve.h"
#include "sb_serve_index.h"

static void usage(FILE *f)
{
    fputs("usage: analyze serve BUNDLE [--listen ADDR:PORT] "
          "[--hostname NAME]... [--kubeconfig-out FILE] [--insecure]\n"
          "Serves BUNDLE (a .tar.gz or a folder) as a read-only Kubernetes "
          "API on\n127.0.0.1 (a free port unless --listen says), over HTTPS "
          "with a throwaway CA\nand a random token, and writes a kubeconfig "
          "for kubectl. Runs until Ctrl-C.\n"
          "The certificate names 127.0.0.1, localhost, the --listen address "
          "and each\n--hostname (repeatable); the kubeconfig points at the "
          "first --hostname, so\nkubectl on another machine can use it.\n",
          f);
}

static void on_log(void *ctx, enum sb_log_level level, const char *msg)
{
    (void)ctx;
    if (level >= SB_LOG_WARN)
        fprintf(stderr, "analyze: %s\n", msg);
}

static int usage_error(const char *opt, const char *why)
{
    fprintf(stderr, "analyze: option '%s': %s\n", opt, why);
    fputs("Try 'analyze serve --help'.\n", stderr);
    return 2;
}

/* "ADDR:PORT", ":PORT" or "PORT". */
static int parse_listen(const char *s, char *addr, size_t n, unsigned *port)
{
    const char *colon = strrchr(s, ':');
    const char *p = colon ? colon + 1 : s;
    char *end;
    unsigned long v;

    if (colon && (size_t)(colon - s) >= n)
        return -1;
    if (colon && colon > s)
        snprintf(addr, n, "%.*s", (int)(colon - s), s);
    else
        snprintf(addr, n, "127.0.0.1");
    errno = 0;
    v = strtoul(p, &end, 10);
    if (!*p || *end || errno || v > 65535)
        return -1;
    *port = (unsigned)v;
    return 0;
}

static int write_kubeconfig(const char *path, const char *text)
{
    char tmp[4200];
    FILE *f;

    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    f = fopen(tmp, "w");
    if (!f)
        goto fail;
    chmod(tmp, 0600);
    fputs(text, f);
    if (fclose(f) || rename(tmp, path))
        goto fail;
    return 0;
fail:
    fprintf(stderr, "analyze: cannot write '%s': %s\n", path,
            strerror(errno));
    return -1;
}

int serve_main(int argc, char **argv)
{
    const char *bundle = NULL, *kc_out = NULL;
    char addr[64] = "127.0.0.1", kc_default[4096];
    const char *hostnames[64];
    struct sb_serve_opts opts;
    struct sb_serve_index *idx = NULL;
    struct sb_serve *srv = NULL;
    struct sb_err err = SB_ERR_INIT;
    struct sb_buf kc = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sigset_t set;
    int i, sig, rc = 1;

    memset(&opts, 0, sizeof(opts));
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--insecure")) {
            opts.insecure = true;
        } else if (!strcmp(a, "--hostname")) {
            if (i + 1 >= argc || !*argv[i + 1])
                return usage_error(a, "a name is expected");
            if (opts.nhostnames == sizeof(hostnames) / sizeof(hostnames[0]))
                return usage_error(a, "at most 64 names");
            hostnames[opts.nhostnames++] = argv[++i];
        } else if (!strcmp(a, "--listen") || !strcmp(a, "--kubeconfig-out")) {
            if (i + 1 >= argc)
                return usage_error(a, "a value is expected");
            if (a[2] == 'l' && parse_listen(argv[i + 1], addr, sizeof(addr),
                                            &opts.port))
                return usage_error(a, "expected ADDR:PORT, like "
                                   "127.0.0.1:8443");
            if (a[2] == 'k')
                kc_out = argv[i + 1];
            i++;
        } else if (a[0] == '-' && a[1]) {
            return usage_error(a, "unknown option");
        } else if (!bundle) {
            bundle = a;
        } else {
            return usage_error(a, "only one bundle can be served");
        }
    }
    if (!bundle) {
        usage(stderr);
        return 2;
    }
    opts.addr = addr;
    opts.api.complete = true;
    opts.hostnames = hostnames;
    sb_log_set_sink(on_log, NULL);
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (sb_serve_index_load(bundle, &idx, &err)) {
        fprintf(stderr, "analyze: %s\n", err.msg);
        goto cleanup;
    }
    if (sb_serve_start(idx, &opts, &srv, &err)) {
        fprintf(stderr, "analyze: %s\n", err.msg);
        goto cleanup;
    }
    if (!kc_out) {
        snprintf(kc_default, sizeof(kc_default), "%s/sbundle-serve-%ld."
                 "kubeconfig", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
                 (long)getpid());
        kc_out = kc_default;
    }
    if (sb_serve_kubeconfig(srv, &kc) || write_kubeconfig(kc_out,
                                                          sb_buf_str(&kc)))
        goto cleanup;
    printf("serving '%s' (cluster '%s') at %s\n"
           "kubeconfig: %s\n"
           "try: kubectl --kubeconfig %s get pods -A\n"
           "press Ctrl-C to stop\n", bundle, idx->cluster,
           sb_serve_url(srv), kc_out, kc_out);
    fflush(stdout);
    sigwait(&set, &sig);
    rc = 0;
    if (kc_out == kc_default)
        unlink(kc_default);
cleanup:
    sb_serve_stop(srv);
    sb_serve_index_free(idx);
    sb_buf_release(&kc);
    return rc;
}
