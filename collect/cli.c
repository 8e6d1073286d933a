/*
 * Options, as curl's tool_getparam.c keeps them: a table sorted by long
 * name, the argument kind as data so generic code checks it, then one
 * switch for what each option does.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sb_time.h"

enum arg_kind { ARG_NONE, ARG_STRING, ARG_NUMBER, ARG_DURATION };

enum opt_id {
    O_CONTEXT, O_DRY_RUN, O_HELP, O_KUBECONFIG, O_MAX_LIST_PAGES,
    O_MAX_LOG_BYTES, O_MAX_LOG_LINES, O_MAX_LOG_READ, O_MAX_OBJECT_SIZE,
    O_MAX_SIZE, O_NAMESPACE, O_NO_REDACT, O_OBFUSCATE, O_OUTPUT, O_PARALLEL,
    O_QUIET, O_REDACT_PATTERN, O_REDACTION_MAP, O_REDACTION_MAP_PASS_FILE,
    O_SINCE, O_TIMEOUT, O_VERSION,
};

struct opt {
    const char *name;       /* without the leading "--" */
    char letter;            /* short form, or 0 */
    enum arg_kind kind;
    enum opt_id id;
    long long min, max;     /* ARG_NUMBER bounds */
};

/* Sorted by name: bsearch relies on it. */
static const struct opt opts[] = {
    { "context", 0, ARG_STRING, O_CONTEXT, 0, 0 },
    { "dry-run", 0, ARG_NONE, O_DRY_RUN, 0, 0 },
    { "help", 'h', ARG_NONE, O_HELP, 0, 0 },
    { "kubeconfig", 0, ARG_STRING, O_KUBECONFIG, 0, 0 },
    { "max-list-pages", 0, ARG_NUMBER, O_MAX_LIST_PAGES, 1, 1000000000 },
    { "max-log-bytes", 0, ARG_NUMBER, O_MAX_LOG_BYTES, 1,
      (long long)1 << 40 },
    { "max-log-lines", 0, ARG_NUMBER, O_MAX_LOG_LINES, 1, 100000000 },
    { "max-log-read", 0, ARG_NUMBER, O_MAX_LOG_READ, 1,
      (long long)1 << 50 },
    { "max-object-size", 0, ARG_NUMBER, O_MAX_OBJECT_SIZE, 1024,
      (long long)1 << 32 },
    /* at least 1 MiB: the manifest and the compressor's buffers need
     * room beside the logs */
    { "max-size", 0, ARG_NUMBER, O_MAX_SIZE, (long long)1 << 20,
      (long long)1 << 50 },
    { "namespace", 'n', ARG_STRING, O_NAMESPACE, 0, 0 },
    { "no-redact", 0, ARG_NONE, O_NO_REDACT, 0, 0 },
    { "obfuscate", 0, ARG_NONE, O_OBFUSCATE, 0, 0 },
    { "output", 'o', ARG_STRING, O_OUTPUT, 0, 0 },
    { "parallel", 0, ARG_NUMBER, O_PARALLEL, 1, 256 },
    { "quiet", 'q', ARG_NONE, O_QUIET, 0, 0 },
    { "redact-pattern", 0, ARG_STRING, O_REDACT_PATTERN, 0, 0 },
    { "redaction-map", 0, ARG_STRING, O_REDACTION_MAP, 0, 0 },
    { "redaction-map-pass-file", 0, ARG_STRING, O_REDACTION_MAP_PASS_FILE,
      0, 0 },
    { "since", 0, ARG_DURATION, O_SINCE, 0, 0 },
    { "timeout", 0, ARG_DURATION, O_TIMEOUT, 0, 0 },
    { "version", 'V', ARG_NONE, O_VERSION, 0, 0 },
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

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

static int cmp_opt(const void *key, const void *elem)
{
    const char *k = key;
    const struct opt *o = elem;
    size_t n = strcspn(k, "=");
    int c = strncmp(k, o->name, n);

    if (c)
        return c;
    return o->name[n] ? -1 : 0;
}

static const struct opt *find_long(const char *name)
{
    return bsearch(name, opts, NOPTS, sizeof(opts[0]), cmp_opt);
}

static const struct opt *find_short(char c)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (opts[i].letter && opts[i].letter == c)
            return &opts[i];
    return NULL;
}

static int push(const char ***arr, size_t *n, const char *v)
{
    const char **a = realloc(*arr, (*n + 1) * sizeof(**arr));

    if (!a)
        return -1;
    a[(*n)++] = v;
    *arr = a;
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

static int apply(struct cli *c, const struct opt *o, const char *v,
                 char *msg, size_t n)
{
    long long num = 0;
    int64_t ms = 0;

    if (o->kind == ARG_NUMBER && (!parse_number(v, &num) || num < o->min ||
                                  num > o->max)) {
        snprintf(msg, n, "option '--%s': expected a number from %lld to "
                 "%lld, got '%s'", o->name, o->min, o->max, v);
        return -1;
    }
    if (o->kind == ARG_DURATION && !sb_duration_parse(v, &ms)) {
        snprintf(msg, n, "option '--%s': expected a duration such as 90s, "
                 "5m or 1h30m, got '%s'", o->name, v);
        return -1;
    }
    if (o->kind == ARG_STRING && !*v) {
        snprintf(msg, n, "option '--%s': expected a value, got ''", o->name);
        return -1;
    }
    switch (o->id) {
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
        if (push(&c->namespaces, &c->nns, v))
            goto nomem;
        break;
    case O_NO_REDACT: c->co.no_redact = true; break;
    case O_OBFUSCATE: c->co.obfuscate = true; break;
    case O_OUTPUT: c->co.output = v; break;
    case O_PARALLEL: c->co.parallel = (int)num; break;
    case O_QUIET: c->quiet = true; break;
    case O_REDACT_PATTERN:
        if (push(&c->patterns, &c->npatterns, v))
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
    memset(c, 0, sizeof(*c));
    c->co.parallel = 16;
    c->co.max_log_lines = SB_COLLECT_MAX_LOG_LINES;
    c->co.max_log_bytes = SB_COLLECT_MAX_LOG_BYTES;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL, *eq;
        const struct opt *o;

        if (a[0] == '-' && a[1] == '-' && a[2]) {
            o = find_long(a + 2);
            eq = strchr(a + 2, '=');
            if (!o) {
                snprintf(msg, n, "unknown option '%.*s'",
                         (int)(eq ? eq - a : (long)strlen(a)), a);
                return -1;
            }
            if (eq)
                v = eq + 1;
            if (o->kind == ARG_NONE && v) {
                snprintf(msg, n, "option '--%s' takes no value", o->name);
                return -1;
            }
        } else if (a[0] == '-' && a[1] && !a[2]) {
            o = find_short(a[1]);
            if (!o) {
                snprintf(msg, n, "unknown option '%s'", a);
                return -1;
            }
        } else {
            snprintf(msg, n, "unexpected argument '%s'", a);
            return -1;
        }
        if (o->kind != ARG_NONE && !v) {
            if (i + 1 >= argc) {
                snprintf(msg, n, "option '--%s' needs a value", o->name);
                return -1;
            }
            v = argv[++i];
        }
        if (apply(c, o, v ? v : "", msg, n))
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
    free(c->namespaces);
    free(c->patterns);
    memset(c, 0, sizeof(*c));
}
