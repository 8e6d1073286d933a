/*
 * analyze serve: kubectl against a bundle, offline.
 */
#include "serve_cmd.h"

#include <errno.h>
#include <stdint.h>
#include <pthread.h>
#include <stddef.h>
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
          "                     [--max-member-size BYTES]\n"
          "Serves BUNDLE (a .tar.gz or a folder) as a read-only Kubernetes "
          "API on\n127.0.0.1 (a free port unless --listen says), over HTTPS "
          "with a throwaway CA\nand a random token, and writes a kubeconfig "
          "for kubectl. Runs until Ctrl-C.\n"
          "The certificate names 127.0.0.1, localhost, the --listen address "
          "and each\n--hostname (repeatable); the kubeconfig points at the "
          "first --hostname, so\nkubectl on another machine can use it.\n"
          "BUNDLE may be an sbundle bundle, a troubleshoot support bundle, "
          "a kubectl\ncluster-info dump (its folder, or its output saved "
          "to one file), an OpenShift\nmust-gather (or oc adm inspect) "
          "folder or the NVIDIA GPU Operator's must-gather.\n"
          "--max-member-size caps one file of the bundle (default 512Mi; "
          "K, M, G, Ki, Mi, Gi\naccepted): logs above it are answered "
          "with an error, object lists above it\nare not served.\n"
          "\n"
          "Limits, so that idle or slow clients cannot starve the others:\n"
          "  --max-connections N             open at once (default 512)\n"
          "  --max-connections-per-client N  from one address (default 64)\n"
          "  --header-timeout SECS   TLS handshake and request headers "
          "(default 10)\n"
          "  --idle-timeout SECS     between keep-alive requests "
          "(default 60)\n", f);
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

/* "512Mi", "2G", "1048576": bytes; -1 for anything else */
static int parse_size(const char *s, uint64_t *out)
{
    static const struct { const char *sfx; uint64_t mul; } units[] = {
        { "", 1 }, { "K", 1000 }, { "M", 1000000 }, { "G", 1000000000 },
        { "Ki", 1 << 10 }, { "Mi", 1 << 20 }, { "Gi", 1 << 30 },
    };
    unsigned long long v;
    char *end;
    size_t i;

    if (!*s || *s == '-')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcmp(end, units[i].sfx) != 0)
            continue;
        if (v == 0 || v > UINT64_MAX / units[i].mul)
            return -1;
        *out = v * units[i].mul;
        return 0;
    }
    return -1;
}

/* A whole number from 1 to 'max'; -1 otherwise. */
static int parse_count(const char *s, unsigned max, unsigned *out)
{
    unsigned long v;
    char *end;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (*end || errno || v < 1 || v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

struct limit_option {
    const char *name;
    unsigned max;
    size_t field;           /* offset in struct sb_serve_limits */
    const char *why;        /* the usage error */
};

static const struct limit_option limit_options[] = {
    { "--header-timeout", 3600,
      offsetof(struct sb_serve_limits, header_timeout_s),
      "expected seconds from 1 to 3600" },
    { "--idle-timeout", 86400,
      offsetof(struct sb_serve_limits, idle_timeout_s),
      "expected seconds from 1 to 86400" },
    { "--max-connections", 65536,
      offsetof(struct sb_serve_limits, max_connections),
      "expected a number from 1 to 65536" },
    { "--max-connections-per-client", 65536,
      offsetof(struct sb_serve_limits, max_per_client),
      "expected a number from 1 to 65536" },
};

static const struct limit_option *find_limit(const char *a)
{
    size_t i;

    for (i = 0; i < sizeof(limit_options) / sizeof(limit_options[0]); i++)
        if (!strcmp(a, limit_options[i].name))
            return &limit_options[i];
    return NULL;
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
    struct sb_serve_index_opts iopts;
    struct sb_serve_index *idx = NULL;
    struct sb_serve *srv = NULL;
    struct sb_err err = SB_ERR_INIT;
    struct sb_buf kc = SB_BUF_INIT(SB_BUF_UNLIMITED);
    const struct limit_option *lim;
    const struct sb_serve_limits *l;
    sigset_t set;
    int i, sig, rc = 1;

    memset(&opts, 0, sizeof(opts));
    memset(&iopts, 0, sizeof(iopts));
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
        } else if (!strcmp(a, "--max-member-size")) {
            if (i + 1 >= argc)
                return usage_error(a, "a value is expected");
            if (parse_size(argv[++i], &iopts.member_max))
                return usage_error(a, "expected a size in bytes, like "
                                   "512Mi or 1G");
        } else if ((lim = find_limit(a)) != NULL) {
            if (i + 1 >= argc)
                return usage_error(a, "a value is expected");
            if (parse_count(argv[++i], lim->max,
                            (unsigned *)(void *)((char *)&opts.limits +
                                                 lim->field)))
                return usage_error(a, lim->why);
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
    if (sb_serve_index_load_opts(bundle, &iopts, &idx, &err)) {
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
    l = sb_serve_limits(srv);
    printf("serving '%s' (cluster '%s') at %s\n"
           "kubeconfig: %s\n"
           "limits: %u connections, %u per client, %u s for the headers, "
           "%u s idle\n"
           "try: kubectl --kubeconfig %s get pods -A\n"
           "limits: %llu bytes per file or list (--max-member-size); logs "
           "read from a spool on disk\n"
           "press Ctrl-C to stop\n", bundle, idx->cluster,
           sb_serve_url(srv), kc_out, l->max_connections, l->max_per_client,
           l->header_timeout_s, l->idle_timeout_s, kc_out,
           (unsigned long long)idx->member_max);
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
