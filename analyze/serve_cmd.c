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
#include "sb_opt.h"
#include "sb_serve.h"
#include "sb_serve_index.h"
#include "sb_tmp.h"

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

enum serve_opt {
    S_HEADER_TIMEOUT, S_IDLE_TIMEOUT, S_MAX_CONNECTIONS, S_MAX_PER_CLIENT,
    S_HELP, S_HOSTNAME, S_INSECURE, S_KUBECONFIG_OUT, S_LISTEN,
    S_MAX_MEMBER_SIZE,
};

static const struct sb_opt serve_opts[] = {
    { "header-timeout", 0, SB_OPT_REQUIRED, S_HEADER_TIMEOUT },
    { "help", 'h', SB_OPT_NONE, S_HELP },
    { "hostname", 0, SB_OPT_REQUIRED, S_HOSTNAME },
    { "idle-timeout", 0, SB_OPT_REQUIRED, S_IDLE_TIMEOUT },
    { "insecure", 0, SB_OPT_NONE, S_INSECURE },
    { "kubeconfig-out", 0, SB_OPT_REQUIRED, S_KUBECONFIG_OUT },
    { "listen", 0, SB_OPT_REQUIRED, S_LISTEN },
    { "max-connections", 0, SB_OPT_REQUIRED, S_MAX_CONNECTIONS },
    { "max-connections-per-client", 0, SB_OPT_REQUIRED, S_MAX_PER_CLIENT },
    { "max-member-size", 0, SB_OPT_REQUIRED, S_MAX_MEMBER_SIZE },
};

/* The four limits, indexed by their enum serve_opt. */
struct limit_option {
    unsigned max;
    size_t field;           /* offset in struct sb_serve_limits */
    const char *why;        /* the usage error */
};

static const struct limit_option limit_options[] = {
    [S_HEADER_TIMEOUT] = { 3600,
      offsetof(struct sb_serve_limits, header_timeout_s),
      "expected seconds from 1 to 3600" },
    [S_IDLE_TIMEOUT] = { 86400,
      offsetof(struct sb_serve_limits, idle_timeout_s),
      "expected seconds from 1 to 86400" },
    [S_MAX_CONNECTIONS] = { 65536,
      offsetof(struct sb_serve_limits, max_connections),
      "expected a number from 1 to 65536" },
    [S_MAX_PER_CLIENT] = { 65536,
      offsetof(struct sb_serve_limits, max_per_client),
      "expected a number from 1 to 65536" },
};

struct serve_args {
    const char *bundle, *kc_out;
    char addr[64];
    const char *hostnames[64];
    bool help;
};

/* One option or operand; 0, or 2 after the usage error. */
static int serve_apply(const struct sb_optparse *p, int id,
                       struct serve_args *a, struct sb_serve_opts *opts,
                       struct sb_serve_index_opts *iopts)
{
    const char *v = p->value;
    const struct limit_option *lim;

    switch (id) {
    case SB_OPT_OPERAND:
        if (a->bundle)
            return usage_error(v, "only one bundle can be served");
        a->bundle = v;
        return 0;
    case S_HELP:
        a->help = true;
        return 0;
    case S_INSECURE:
        opts->insecure = true;
        return 0;
    case S_HOSTNAME:
        if (!*v)
            return usage_error(p->name, "a name is expected");
        if (opts->nhostnames == sizeof(a->hostnames) / sizeof(a->hostnames[0]))
            return usage_error(p->name, "at most 64 names");
        a->hostnames[opts->nhostnames++] = v;
        return 0;
    case S_LISTEN:
        if (parse_listen(v, a->addr, sizeof(a->addr), &opts->port))
            return usage_error(p->name, "expected ADDR:PORT, like "
                               "127.0.0.1:8443");
        return 0;
    case S_KUBECONFIG_OUT:
        a->kc_out = v;
        return 0;
    case S_MAX_MEMBER_SIZE:
        if (parse_size(v, &iopts->member_max))
            return usage_error(p->name, "expected a size in bytes, like "
                               "512Mi or 1G");
        return 0;
    default:
        lim = &limit_options[id];
        if (parse_count(v, lim->max,
                        (unsigned *)(void *)((char *)&opts->limits +
                                             lim->field)))
            return usage_error(p->name, lim->why);
        return 0;
    }
}

/* The command line into 'a', 'opts' and 'iopts'; 0, or 2 after the usage
 * error. Errors keep serve's own wording: "option 'X': why". */
static int serve_args(int argc, char **argv, struct serve_args *a,
                      struct sb_serve_opts *opts,
                      struct sb_serve_index_opts *iopts)
{
    struct sb_optparse p;
    int id, rc;

    sb_opt_init(&p, serve_opts, sizeof(serve_opts) / sizeof(serve_opts[0]),
                argc, argv, 1);
    while ((id = sb_opt_next(&p)) != SB_OPT_END) {
        if (id == SB_OPT_ERROR && p.error == SB_OPT_E_UNKNOWN)
            return usage_error(p.name, "unknown option");
        if (id == SB_OPT_ERROR && p.error == SB_OPT_E_NEEDS_VALUE)
            return usage_error(p.name, !strcmp(p.name, "--hostname")
                                       ? "a name is expected"
                                       : "a value is expected");
        if (id == SB_OPT_ERROR)
            return usage_error(p.name, "takes no value");
        if ((rc = serve_apply(&p, id, a, opts, iopts)))
            return rc;
        if (a->help)
            return 0;   /* as before: --help wins over what follows */
    }
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
    struct serve_args a = { NULL, NULL, "127.0.0.1", { NULL }, false };
    const char *bundle, *kc_out;
    char kc_default[4096];
    struct sb_serve_opts opts;
    struct sb_serve_index_opts iopts;
    struct sb_serve_index *idx = NULL;
    struct sb_serve *srv = NULL;
    struct sb_err err = SB_ERR_INIT;
    struct sb_buf kc = SB_BUF_INIT(SB_BUF_UNLIMITED);
    const struct sb_serve_limits *l;
    sigset_t set;
    int sig, rc = 1;

    memset(&opts, 0, sizeof(opts));
    memset(&iopts, 0, sizeof(iopts));
    rc = serve_args(argc, argv, &a, &opts, &iopts);
    if (rc)
        return rc;
    if (a.help) {
        usage(stdout);
        return 0;
    }
    rc = 1;
    bundle = a.bundle;
    kc_out = a.kc_out;
    if (!bundle) {
        usage(stderr);
        return 2;
    }
    opts.addr = a.addr;
    opts.api.complete = true;
    opts.hostnames = a.hostnames;
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
                 "kubeconfig", sb_tmpdir(), (long)getpid());
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
