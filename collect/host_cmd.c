/*
 * collect --host: the option table and the front end of sb_host_collect.
 * Library calls only; everything that touches the machine is in lib/.
 */
#include "host_cmd.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_alloc.h"
#include "sb_err.h"
#include "sb_host.h"
#include "sb_opt.h"
#include "sb_redact.h"
#include "sb_time.h"

#define MAX_PATTERNS 64

enum { EXIT_COMPLETE = 0, EXIT_FAILED = 1, EXIT_USAGE = 2,
       EXIT_INCOMPLETE = 3 };

struct host_cli {
    const char *node_name, *host_root, *output;
    const char *since, *timeout, *command_timeout;
    int64_t since_secs, timeout_ms, command_timeout_ms;
    const char *patterns[MAX_PATTERNS];
    size_t npatterns;
    bool quiet, no_redact, help, gpu_diag;
};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static const char usage_text[] =
    "usage: collect --host [--node-name NAME] [--host-root DIR]\n"
    "                      [--output FILE] [--since DURATION]\n"
    "                      [--timeout DURATION] [--command-timeout DURATION]\n"
    "                      [--quiet] [--no-redact] [--redact-pattern RE]...\n"
    "                      [--gpu-diag]\n"
    "\n"
    "Collects this GPU node's own state (nvidia-smi, kernel log, kubelet and\n"
    "container runtime journals, /proc, cgroups, mounts, PCI devices) into\n"
    "one redacted bundle with host/ as its content.\n"
    "\n"
    "  --node-name NAME        node name to record (default: the host's)\n"
    "  --host-root DIR         the host's root when run in a pod (default /)\n"
    "  --output FILE           bundle path (default\n"
    "                          sbundle-host-<node>-<time>.tar.gz)\n"
    "  --since DURATION        journal window (default 24h)\n"
    "  --timeout DURATION      deadline for the whole run (default none)\n"
    "  --command-timeout DURATION  deadline for each tool (default 30s)\n"
    "  --gpu-diag              also run DCGM's level-1 diagnostic (dcgmi diag\n"
    "                          -r 1: seconds, loads the GPUs)\n"
    "  --quiet                 no progress\n"
    "  --no-redact             write outputs as read\n"
    "  --redact-pattern RE     also mask what RE matches (repeatable)\n"
    "\n"
    "Exit status: 0 complete, 3 written but incomplete, 1 nothing usable,\n"
    "2 usage error.\n";

static int usage_error(const char *fmt, const char *a, const char *b)
{
    fputs("collect: ", stderr);
    fprintf(stderr, fmt, a, b);
    fputs("\nTry 'collect --host --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

enum host_opt {
    H_COMMAND_TIMEOUT, H_GPU_DIAG, H_HELP, H_HOST, H_HOST_ROOT, H_NODE_NAME,
    H_NO_REDACT, H_OUTPUT, H_QUIET, H_REDACT_PATTERN, H_SINCE, H_TIMEOUT,
};

static const struct sb_opt host_opts[] = {
    { "command-timeout", 0, SB_OPT_REQUIRED, H_COMMAND_TIMEOUT },
    { "gpu-diag", 0, SB_OPT_NONE, H_GPU_DIAG },
    { "help", 'h', SB_OPT_NONE, H_HELP },
    { "host", 0, SB_OPT_NONE, H_HOST },
    { "host-root", 0, SB_OPT_REQUIRED, H_HOST_ROOT },
    { "node-name", 0, SB_OPT_REQUIRED, H_NODE_NAME },
    { "no-redact", 0, SB_OPT_NONE, H_NO_REDACT },
    { "output", 'o', SB_OPT_REQUIRED, H_OUTPUT },
    { "quiet", 'q', SB_OPT_NONE, H_QUIET },
    { "redact-pattern", 0, SB_OPT_REQUIRED, H_REDACT_PATTERN },
    { "since", 0, SB_OPT_REQUIRED, H_SINCE },
    { "timeout", 0, SB_OPT_REQUIRED, H_TIMEOUT },
};

static int parse_duration(const char *opt, const char *v, int64_t *ms)
{
    if (!sb_duration_parse(v, ms) || *ms <= 0)
        return usage_error("option '%s': expected a duration such as 30s, "
                           "5m or 1h, got '%s'", opt, v);
    return 0;
}

/* What one option does; 0 or the usage error's exit status. */
static int apply(struct host_cli *c, const struct sb_optparse *p)
{
    const char *v = p->value;

    switch ((enum host_opt)p->opt->id) {
    case H_HOST: break;
    case H_QUIET: c->quiet = true; break;
    case H_NO_REDACT: c->no_redact = true; break;
    case H_GPU_DIAG: c->gpu_diag = true; break;
    case H_HELP: c->help = true; break;
    case H_NODE_NAME: c->node_name = v; break;
    case H_HOST_ROOT: c->host_root = v; break;
    case H_OUTPUT: c->output = v; break;
    case H_SINCE:
        c->since = v;
        if (parse_duration(p->name, v, &c->since_secs))
            return EXIT_USAGE;
        c->since_secs /= 1000;
        break;
    case H_TIMEOUT:
        c->timeout = v;
        return parse_duration(p->name, v, &c->timeout_ms);
    case H_COMMAND_TIMEOUT:
        c->command_timeout = v;
        return parse_duration(p->name, v, &c->command_timeout_ms);
    case H_REDACT_PATTERN:
        if (c->npatterns == MAX_PATTERNS)
            return usage_error("option '%s': at most %s patterns", p->name,
                               "64");
        c->patterns[c->npatterns++] = v;
        break;
    }
    return 0;
}

static int parse_args(int argc, char **argv, struct host_cli *c)
{
    struct sb_optparse p;
    int id, rc;

    sb_opt_init(&p, host_opts, sizeof(host_opts) / sizeof(host_opts[0]),
                argc, argv, 1);
    while ((id = sb_opt_next(&p)) != SB_OPT_END) {
        if (id == SB_OPT_OPERAND)
            return usage_error("unknown option '%s'%s", p.value,
                               " for collect --host");
        if (id == SB_OPT_ERROR)
            return usage_error("%s%s", p.msg,
                               p.error == SB_OPT_E_UNKNOWN ?
                               " for collect --host" : "");
        if ((rc = apply(c, &p)))
            return rc;
    }
    if (c->node_name && !*c->node_name)
        return usage_error("option '%s': expected a node name, got '%s'",
                           "--node-name", "");
    return 0;
}

static int redact_text(void *ctx, const char *in, size_t len,
                       struct sb_buf *out)
{
    return sb_redact_text(ctx, in, len, out);
}

static cJSON *redact_counts(void *ctx)
{
    return sb_redact_counts(ctx);
}

static void progress(void *ctx, const struct sb_host_step *s)
{
    (void)ctx;
    if (s->error && s->error[0])
        fprintf(stderr, "collect: [%d/%d] %s: %s: %s\n", s->done, s->total,
                s->name, s->status, s->error);
    else
        fprintf(stderr, "collect: [%d/%d] %s: %s (%lld ms)\n", s->done,
                s->total, s->name, s->status, (long long)s->duration_ms);
}

/* What the run was asked, for the manifest. */
static cJSON *parameters(const struct host_cli *c)
{
    cJSON *p = cJSON_CreateObject(), *pat;
    size_t i;

    if (!p)
        return NULL;
    cJSON_AddStringToObject(p, "mode", "host");
    cJSON_AddStringToObject(p, "host_root", c->host_root ? c->host_root : "/");
    if (c->node_name)
        cJSON_AddStringToObject(p, "node_name", c->node_name);
    cJSON_AddStringToObject(p, "since", c->since ? c->since : "24h");
    if (c->timeout)
        cJSON_AddStringToObject(p, "timeout", c->timeout);
    cJSON_AddStringToObject(p, "command_timeout",
                            c->command_timeout ? c->command_timeout : "30s");
    cJSON_AddBoolToObject(p, "redact", !c->no_redact);
    cJSON_AddBoolToObject(p, "gpu_diag", c->gpu_diag);
    pat = cJSON_AddArrayToObject(p, "redact_patterns");
    for (i = 0; pat && i < c->npatterns; i++)
        cJSON_AddItemToArray(pat, cJSON_CreateString("<pattern>"));
    return p;
}

int host_main(int argc, char **argv)
{
    struct host_cli c;
    struct sb_host_opts o;
    struct sb_host_summary sum;
    struct sb_err err = SB_ERR_INIT;
    struct sb_redactor *red = NULL;
    struct sigaction sa;
    int rc;

    memset(&c, 0, sizeof(c));
    rc = parse_args(argc, argv, &c);
    if (rc)
        return rc;
    if (c.help) {
        fputs(usage_text, stdout);
        return EXIT_COMPLETE;
    }
    if (!c.no_redact && sb_redactor_new(c.patterns, c.npatterns, &red, &err)) {
        fprintf(stderr, "collect: %s\n", err.msg);
        return EXIT_USAGE;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    memset(&o, 0, sizeof(o));
    o.node_name = c.node_name;
    o.host_root = c.host_root;
    o.output = c.output;
    o.since_secs = c.since_secs;
    o.timeout_ms = c.timeout_ms;
    o.command_timeout_ms = c.command_timeout_ms;
    o.redact = red ? redact_text : NULL;
    o.redact_counts = red ? redact_counts : NULL;
    o.redact_ctx = red;
    o.parameters = parameters(&c);
    o.stop = &stop_flag;
    o.progress = c.quiet ? NULL : progress;
    o.gpu_diag = c.gpu_diag;

    rc = sb_host_collect(&o, &sum, &err);
    cJSON_Delete(o.parameters);
    sb_redactor_free(red);
    if (rc) {
        fprintf(stderr, "collect: %s\n", err.msg);
        return EXIT_FAILED;
    }
    if (!c.quiet)
        fprintf(stderr, "collect: wrote '%s' for node '%s': %llu files, "
                "%llu bytes, %u of %u sources not collected, %lld ms%s\n",
                sum.output, sum.node, (unsigned long long)sum.files,
                (unsigned long long)sum.bytes, sum.failed, sum.sources,
                (long long)sum.duration_ms,
                sum.complete ? "" : " (incomplete: see the manifest's gaps)");
    return sum.complete ? EXIT_COMPLETE : EXIT_INCOMPLETE;
}
