/*
 * Options, as curl's tool_getparam.c keeps them: a table (sb_opt finds
 * them), the argument kind as data so generic code checks it, then one
 * switch for what each option does.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_opt.h"
#include "sb_time.h"

enum arg_kind { ARG_NONE, ARG_STRING, ARG_NUMBER, ARG_DURATION };

enum opt_id {
    O_CONTEXT, O_DRY_RUN, O_HELP, O_KUBECONFIG, O_MAX_LIST_PAGES,
    O_MAX_LOG_BYTES, O_MAX_LOG_LINES, O_MAX_LOG_READ, O_MAX_OBJECT_SIZE,
    O_MAX_SIZE, O_NAMESPACE, O_NO_REDACT, O_OBFUSCATE, O_OUTPUT, O_PARALLEL,
    O_QUIET, O_REDACT_PATTERN, O_REDACTION_MAP, O_REDACTION_MAP_PASS_FILE,
    O_SINCE, O_TIMEOUT, O_VERSION,
};

/* The options, by long name. */
static const struct sb_opt opts[] = {
    { "context", 0, SB_OPT_REQUIRED, O_CONTEXT },
    { "dry-run", 0, SB_OPT_NONE, O_DRY_RUN },
    { "help", 'h', SB_OPT_NONE, O_HELP },
    { "kubeconfig", 0, SB_OPT_REQUIRED, O_KUBECONFIG },
    { "max-list-pages", 0, SB_OPT_REQUIRED, O_MAX_LIST_PAGES },
    { "max-log-bytes", 0, SB_OPT_REQUIRED, O_MAX_LOG_BYTES },
    { "max-log-lines", 0, SB_OPT_REQUIRED, O_MAX_LOG_LINES },
    { "max-log-read", 0, SB_OPT_REQUIRED, O_MAX_LOG_READ },
    { "max-object-size", 0, SB_OPT_REQUIRED, O_MAX_OBJECT_SIZE },
    { "max-size", 0, SB_OPT_REQUIRED, O_MAX_SIZE },
    { "namespace", 'n', SB_OPT_REQUIRED, O_NAMESPACE },
    { "no-redact", 0, SB_OPT_NONE, O_NO_REDACT },
    { "obfuscate", 0, SB_OPT_NONE, O_OBFUSCATE },
    { "output", 'o', SB_OPT_REQUIRED, O_OUTPUT },
    { "parallel", 0, SB_OPT_REQUIRED, O_PARALLEL },
    { "quiet", 'q', SB_OPT_NONE, O_QUIET },
    { "redact-pattern", 0, SB_OPT_REQUIRED, O_REDACT_PATTERN },
    { "redaction-map", 0, SB_OPT_REQUIRED, O_REDACTION_MAP },
    { "redaction-map-pass-file", 0, SB_OPT_REQUIRED,
      O_REDACTION_MAP_PASS_FILE },
    { "since", 0, SB_OPT_REQUIRED, O_SINCE },
    { "timeout", 0, SB_OPT_REQUIRED, O_TIMEOUT },
    { "version", 'V', SB_OPT_NONE, O_VERSION },
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

/* What each option's value must be; ARG_NUMBER bounds. */
struct check {
    enum arg_kind kind;
    long long min, max;
};

static const struct check checks[] = {
    [O_CONTEXT] = { ARG_STRING, 0, 0 },
    [O_DRY_RUN] = { ARG_NONE, 0, 0 },
    [O_HELP] = { ARG_NONE, 0, 0 },
    [O_KUBECONFIG] = { ARG_STRING, 0, 0 },
    [O_MAX_LIST_PAGES] = { ARG_NUMBER, 1, 1000000000 },
    [O_MAX_LOG_BYTES] = { ARG_NUMBER, 1, (long long)1 << 40 },
    [O_MAX_LOG_LINES] = { ARG_NUMBER, 1, 100000000 },
    [O_MAX_LOG_READ] = { ARG_NUMBER, 1, (long long)1 << 50 },
    [O_MAX_OBJECT_SIZE] = { ARG_NUMBER, 1024, (long long)1 << 32 },
    /* at least 1 MiB: the manifest and the compressor's buffers need
     * room beside the logs */
    [O_MAX_SIZE] = { ARG_NUMBER, (long long)1 << 20, (long long)1 << 50 },
    [O_NAMESPACE] = { ARG_STRING, 0, 0 },
    [O_NO_REDACT] = { ARG_NONE, 0, 0 },
    [O_OBFUSCATE] = { ARG_NONE, 0, 0 },
    [O_OUTPUT] = { ARG_STRING, 0, 0 },
    [O_PARALLEL] = { ARG_NUMBER, 1, 256 },
    [O_QUIET] = { ARG_NONE, 0, 0 },
    [O_REDACT_PATTERN] = { ARG_STRING, 0, 0 },
    [O_REDACTION_MAP] = { ARG_STRING, 0, 0 },
    [O_REDACTION_MAP_PASS_FILE] = { ARG_STRING, 0, 0 },
    [O_SINCE] = { ARG_DURATION, 0, 0 },
    [O_TIMEOUT] = { ARG_DURATION, 0, 0 },
    [O_VERSION] = { ARG_NONE, 0, 0 },
};
_Static_assert(sizeof(checks) / sizeof(checks[0]) == O_VERSION + 1,
               "a check for every option");


void cli_usage(FILE *f)
{
    fputs(
"usage: collect [options]\n"
"       collect --host [options]   (a GPU node's own state; see --host --help)\n"
"       collect reveal --redaction-map FILE [--redaction-map-pass-file F] TOKEN...\n"
"       collect review BUNDLE      (what was masked, what still looks secret)\n"
"       collect redact IN OUT      (re-redact a bundle another tool wrote)\n"
"\n"
"Snapshots a Kubernetes cluster into one redacted .tar.gz bundle.\n"
"\n"
"  --kubeconfig FILE       kubeconfig to use (default: $KUBECONFIG,\n"
"                          ~/.kube/config, or the in-cluster account)\n"
"  --context NAME          kubeconfig context (default: current-context)\n"
"  -n, --namespace NS      collect only this namespace (repeatable);\n"
"                          default: all namespaces\n"
"  --since DURATION        only logs newer than this (e.g. 1h, 30m)\n"
"  --max-log-lines N       per log stream, newest kept (default 10000)\n"
"  --max-log-bytes N       per log stream, newest kept (default 5242880)\n"
"  --max-log-read N        bytes read per log stream at most, the newest\n"
"                          kept of them (default 268435456)\n"
"  --max-list-pages N      pages read per list at most (default 10000)\n"
"  --max-object-size N     bytes of one API object at most; a bigger one\n"
"                          is left out, a gap (default 16777216)\n"
"  --max-size SIZE         keep the bundle under SIZE bytes (K, M, G\n"
"                          suffixes), trimming the oldest log lines of\n"
"                          every stream fairly; the manifest says what\n"
"                          went (at least 1M)\n"
"  --parallel N            requests in flight, 1 to 256 (default 16)\n"
"  --timeout DURATION      bound the whole run; a bundle is still written,\n"
"                          marked incomplete\n"
"  -o, --output FILE       bundle path (default sbundle-<cluster>-<time>.tar.gz)\n"
"  --redact-pattern REGEX  also mask what this PCRE2 pattern matches\n"
"                          (its first group if it has one); repeatable\n"
"  --redaction-map FILE    also write the token -> original map to FILE,\n"
"                          encrypted with a passphrase (asked for, or\n"
"                          --redaction-map-pass-file FILE); never sent\n"
"  --obfuscate             also replace node and host names, their\n"
"                          domains, IP addresses and the cluster name by\n"
"                          stable pseudonyms (kept in --redaction-map)\n"
"  --no-redact             write values unmasked (Secret values never are)\n"
"  --dry-run               list what would be collected, with an estimate\n"
"                          of its size and time; collect nothing\n"
"  -q, --quiet             no progress line and no summary\n"
"  -h, --help              this text\n"
"  -V, --version           print the version\n"
"\n"
"Exit status: 0 complete bundle; 3 bundle written but incomplete (gaps are\n"
"listed in its manifest.json); 1 nothing usable written; 2 usage error.\n",
        f);
}

/* Appends 'v' to a repeatable option's array; there are never more
 * than argc of them. */
static int push(const char ***arr, size_t *n, size_t *alloc, size_t max,
                const char *v)
{
    if (SB_ARRAY_GROW(*arr, *n + 1, *alloc, max))
        return -1;
    (*arr)[(*n)++] = v;
    return 0;
}

/* A number with an optional K/M/G suffix (powers of 1024). */
static bool parse_number(const char *s, long long *out)
{
    char *end;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    if (end == s || errno || v < 0)
        return false;
    if (*end && strchr("KkMmGg", *end)) {
        int shift = strchr("Kk", *end) ? 10 : strchr("Mm", *end) ? 20 : 30;
        if (v > (LLONG_MAX >> shift))
            return false;
        v <<= shift;
        end++;
        if (*end == 'i')
            end++;
        if (*end == 'B')
            end++;
    }
    if (*end)
        return false;
    *out = v;
    return true;
}

static int apply(struct cli *c, const struct sb_opt *o, const char *v,
                 size_t max, char *msg, size_t n)
{
    const struct check *k = &checks[o->id];
    long long num = 0;
    int64_t ms = 0;

    if (k->kind == ARG_NUMBER && (!parse_number(v, &num) || num < k->min ||
                                  num > k->max)) {
        snprintf(msg, n, "option '--%s': expected a number from %lld to "
                 "%lld, got '%s'", o->name, k->min, k->max, v);
        return -1;
    }
    if (k->kind == ARG_DURATION && !sb_duration_parse(v, &ms)) {
        snprintf(msg, n, "option '--%s': expected a duration such as 90s, "
                 "5m or 1h30m, got '%s'", o->name, v);
        return -1;
    }
    if (k->kind == ARG_STRING && !*v) {
        snprintf(msg, n, "option '--%s': expected a value, got ''", o->name);
        return -1;
    }
    switch ((enum opt_id)o->id) {
    case O_CONTEXT: c->co.context = v; break;
    case O_DRY_RUN: c->co.dry_run = true; break;
    case O_HELP: c->help = true; break;
    case O_KUBECONFIG: c->co.kubeconfig = v; break;
    case O_MAX_LOG_BYTES: c->co.max_log_bytes = (size_t)num; break;
    case O_MAX_LOG_LINES: c->co.max_log_lines = (long)num; break;
    case O_MAX_LIST_PAGES: c->co.max_list_pages = (long)num; break;
    case O_MAX_LOG_READ: c->co.max_log_read = (uint64_t)num; break;
    case O_MAX_OBJECT_SIZE: c->co.max_object_size = (size_t)num; break;
    case O_MAX_SIZE: c->co.max_size = (uint64_t)num; break;
    case O_NAMESPACE:
        if (push(&c->namespaces, &c->nns, &c->ns_alloc, max, v))
            goto nomem;
        break;
    case O_NO_REDACT: c->co.no_redact = true; break;
    case O_OBFUSCATE: c->co.obfuscate = true; break;
    case O_OUTPUT: c->co.output = v; break;
    case O_PARALLEL: c->co.parallel = (int)num; break;
    case O_QUIET: c->quiet = true; break;
    case O_REDACT_PATTERN:
        if (push(&c->patterns, &c->npatterns, &c->patterns_alloc, max, v))
            goto nomem;
        break;
    case O_REDACTION_MAP: c->co.redaction_map = v; break;
    case O_REDACTION_MAP_PASS_FILE: c->map_pass_file = v; break;
    case O_SINCE:
        if (ms < 1000) {
            snprintf(msg, n, "option '--since': expected at least 1s, "
                     "got '%s'", v);
            return -1;
        }
        c->co.since_secs = ms / 1000;
        break;
    case O_TIMEOUT:
        if (ms <= 0) {
            snprintf(msg, n, "option '--timeout': expected more than 0s, "
                     "got '%s'", v);
            return -1;
        }
        c->co.timeout_ms = ms;
        break;
    case O_VERSION: c->version = true; break;
    }
    return 0;
nomem:
    snprintf(msg, n, "out of memory");
    return -1;
}

int cli_parse(int argc, char **argv, struct cli *c, char *msg, size_t n)
{
    struct sb_optparse p;
    int id;

    memset(c, 0, sizeof(*c));
    c->co.parallel = 16;
    c->co.max_log_lines = SB_COLLECT_MAX_LOG_LINES;
    c->co.max_log_bytes = SB_COLLECT_MAX_LOG_BYTES;
    sb_opt_init(&p, opts, NOPTS, argc, argv, 1);
    while ((id = sb_opt_next(&p)) != SB_OPT_END) {
        if (id == SB_OPT_ERROR) {
            snprintf(msg, n, "%s", p.msg);
            return -1;
        }
        if (id == SB_OPT_OPERAND) {
            snprintf(msg, n, "unexpected argument '%s'", p.value);
            return -1;
        }
        if (apply(c, p.opt, p.value ? p.value : "", (size_t)argc, msg, n))
            return -1;
    }
    c->co.namespaces = c->namespaces;
    c->co.nns = c->nns;
    c->co.redact_patterns = c->patterns;
    c->co.nredact = c->npatterns;
    if (c->co.redaction_map && c->co.no_redact) {
        snprintf(msg, n, "option '--redaction-map': nothing is masked with "
                 "--no-redact");
        return -1;
    }
    if (c->map_pass_file && !c->co.redaction_map) {
        snprintf(msg, n, "option '--redaction-map-pass-file' needs "
                 "--redaction-map");
        return -1;
    }
    return 0;
}

void cli_release(struct cli *c)
{
    sb_free(c->namespaces);
    sb_free(c->patterns);
    memset(c, 0, sizeof(*c));
}
