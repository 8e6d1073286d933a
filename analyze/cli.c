#include "cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_opt.h"

enum opt_id {
    OPT_BASELINE, OPT_DB, OPT_FORMAT, OPT_HELP, OPT_MAX_BYTES,
    OPT_MAX_MEMBER_SIZE, OPT_OUTPUT, OPT_QUIET, OPT_RULES, OPT_SINCE,
    OPT_UNTIL, OPT_VERSION,
};

static const struct sb_opt options[] = {
    { "baseline",  0,   SB_OPT_REQUIRED, OPT_BASELINE },
    { "db",        0,   SB_OPT_REQUIRED, OPT_DB },
    { "format",    'f', SB_OPT_REQUIRED, OPT_FORMAT },
    { "help",      'h', SB_OPT_NONE,     OPT_HELP },
    { "max-bytes", 0,   SB_OPT_REQUIRED, OPT_MAX_BYTES },
    { "max-member-size", 0, SB_OPT_REQUIRED, OPT_MAX_MEMBER_SIZE },
    { "output",    'o', SB_OPT_REQUIRED, OPT_OUTPUT },
    { "quiet",     'q', SB_OPT_NONE,     OPT_QUIET },
    { "rules",     0,   SB_OPT_REQUIRED, OPT_RULES },
    { "since",     0,   SB_OPT_REQUIRED, OPT_SINCE },
    { "until",     0,   SB_OPT_REQUIRED, OPT_UNTIL },
    { "version",   0,   SB_OPT_NONE,     OPT_VERSION },
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

void cli_usage(FILE *f)
{
    fputs("usage: analyze BUNDLE... [--format html|md|json] [--output FILE|-]\n"
          "               [--db FILE] [--rules DIR] [--max-bytes N] [--quiet]\n"
          "               [--since T] [--until T] [--baseline OLD]\n"
          "               [--max-member-size SIZE]\n"
          "       analyze rules [--rules DIR]\n"
          "       analyze serve ...   (analyze serve --help)\n"
          "\n"
          "Loads sbundle bundles (.tar.gz or folders), Replicated troubleshoot\n"
          "support bundles, kubectl cluster-info dump folders (or its output\n"
          "saved to one file), OpenShift must-gathers and the NVIDIA GPU\n"
          "Operator's must-gather into SQLite, runs the correlation rules and\n"
          "writes the incident report.\n"
          "\n"
          "  -f, --format FMT   html, md or json (repeat or comma-separate);\n"
          "                     default: all three, next to the first bundle\n"
          "  -o, --output FILE  write the one report to FILE ('-': stdout)\n"
          "      --db FILE      keep the database in FILE (default: temporary)\n"
          "      --rules DIR    add or override rules from DIR/*.sql\n"
          "      --max-bytes N  Markdown size cap (default 60000)\n"
          "      --since T      only what happened from T: an RFC 3339 time\n"
          "                     or a duration before the collection's end\n"
          "                     (2h: the last two hours)\n"
          "      --until T      only what happened up to T (same forms)\n"
          "      --baseline OLD an older bundle of the same cluster: the\n"
          "                     report adds what changed since it\n"
          "      --max-member-size SIZE\n"
          "                     largest JSON/YAML member loaded, like 512M\n"
          "                     (default 256M; it takes 4 to 8 times its\n"
          "                     size in memory while it loads)\n"
          "  -q, --quiet        no progress messages\n"
          "  -h, --help         this text\n"
          "      --version      the version\n"
          "\n"
          "Exit status: 0 report written (even with load warnings),\n"
          "1 nothing loadable or a failure, 2 usage.\n", f);
}

static int usage_error(const char *fmt, const char *a, const char *b)
{
    fputs("analyze: ", stderr);
    fprintf(stderr, fmt, a, b);
    fputs("\nTry 'analyze --help'.\n", stderr);
    return 2;
}

static int add_format(struct cli *c, const char *arg)
{
    char buf[64];
    char *tok, *save = NULL;

    if (strlen(arg) >= sizeof(buf))
        return usage_error("option '--format': unknown format '%s'%s", arg,
                           "");
    strcpy(buf, arg);
    for (tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (!strcmp(tok, "html"))
            c->run.formats |= SB_ANALYZE_HTML;
        else if (!strcmp(tok, "md") || !strcmp(tok, "markdown"))
            c->run.formats |= SB_ANALYZE_MD;
        else if (!strcmp(tok, "json"))
            c->run.formats |= SB_ANALYZE_JSON;
        else
            return usage_error("option '--format': expected html, md or "
                               "json, got '%s'%s", tok, "");
    }
    return 0;
}

/* "4096", "64K", "300M", "1G" (powers of 1024) into *out; -1 when it is
 * none of those or outside [4 KiB, 2 GiB): the parser takes less than
 * 2 GiB of text. */
static int parse_size(const char *arg, uint64_t *out)
{
    unsigned long long v;
    char *end;
    int shift = 0;

    if (!*arg || *arg < '0' || *arg > '9')
        return -1;
    errno = 0;
    v = strtoull(arg, &end, 10);
    if (errno)
        return -1;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift) {            /* "M", "MB" or "MiB" */
        end++;
        end += *end == 'i';
        end += *end == 'B';
    }
    if (*end || v > (1ULL << 31) >> shift)
        return -1;
    v <<= shift;
    if (v < 4096 || v >= (1ULL << 31))
        return -1;
    *out = v;
    return 0;
}

static int apply(struct cli *c, const struct sb_opt *o, const char *arg)
{
    char *end;
    unsigned long long v;

    switch ((enum opt_id)o->id) {
    case OPT_BASELINE:
        c->run.baseline = arg;
        return 0;
    case OPT_DB:
        c->run.db_path = arg;
        return 0;
    case OPT_FORMAT:
        return add_format(c, arg);
    case OPT_HELP:
        c->cmd = CMD_HELP;
        return 0;
    case OPT_MAX_BYTES:
        v = strtoull(arg, &end, 10);
        if (!*arg || *end || arg[0] == '-' || v < 1024 || v > (1ULL << 30))
            return usage_error("option '--max-bytes': expected a number from "
                               "1024 to 1073741824, got '%s'%s", arg, "");
        c->run.md_max_bytes = (size_t)v;
        return 0;
    case OPT_MAX_MEMBER_SIZE:
        if (parse_size(arg, &c->run.load.json_max))
            return usage_error("option '--max-member-size': expected a size "
                               "from 4K to 2047M, like 512M, got '%s'%s",
                               arg, "");
        return 0;
    case OPT_OUTPUT:
        c->run.output = arg;
        return 0;
    case OPT_QUIET:
        c->quiet = true;
        return 0;
    case OPT_RULES:
        c->run.rules_dir = arg;
        return 0;
    case OPT_SINCE:
        c->run.since = arg;
        return 0;
    case OPT_UNTIL:
        c->run.until = arg;
        return 0;
    case OPT_VERSION:
        c->cmd = CMD_VERSION;
        return 0;
    }
    return 0;
}

int cli_parse(int argc, char **argv, struct cli *c)
{
    struct sb_optparse p;
    size_t n = 0;
    int i, id, rc;

    memset(c, 0, sizeof(*c));
    c->cmd = CMD_ANALYZE;
    if (argc > 1 && !strcmp(argv[1], "serve")) {
        c->cmd = CMD_SERVE;
        return 0;
    }
    c->bundles = sb_calloc((size_t)argc, sizeof(*c->bundles));
    if (!c->bundles) {
        fputs("analyze: out of memory\n", stderr);
        return 1;
    }
    i = 1;
    if (argc > 1 && !strcmp(argv[1], "rules")) {
        c->cmd = CMD_RULES;
        i = 2;
    }
    sb_opt_init(&p, options, NOPTIONS, argc, argv, i);
    while ((id = sb_opt_next(&p)) != SB_OPT_END) {
        if (id == SB_OPT_ERROR)
            return usage_error("%s%s", p.msg, "");
        if (id == SB_OPT_OPERAND)
            c->bundles[n++] = p.value;
        else if ((rc = apply(c, p.opt, p.value)))
            return rc;
    }
    c->run.bundles = c->bundles;
    c->run.load.size_option = "--max-member-size";
    c->run.nbundles = n;
    if (c->cmd == CMD_HELP || c->cmd == CMD_VERSION)
        return 0;
    if (c->cmd == CMD_RULES) {
        if (n)
            return usage_error("'analyze rules' takes no bundle, got '%s'%s",
                               c->bundles[0], "");
        return 0;
    }
    if (n == 0)
        return usage_error("no bundle given%s%s", "", "");
    if (c->run.output && c->run.formats &&
        (c->run.formats & (c->run.formats - 1)))
        return usage_error("option '--output' writes one report: give one "
                           "'--format'%s%s", "", "");
    if (c->run.output && !c->run.formats)
        return usage_error("option '--output' needs '--format'%s%s", "", "");
    return 0;
}

void cli_release(struct cli *c)
{
    sb_free(c->bundles);
    c->bundles = NULL;
}
