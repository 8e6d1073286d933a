/*
 * analyze: loads bundles into SQLite, runs the correlation rules and
 * writes the incident report. Subcommands: rules (the catalog), serve
 * (a bundle as a read-only Kubernetes API).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "cli.h"
#include "sb_analyze.h"
#include "sb_buf.h"
#include "sb_alloc.h"
#include "sb_log.h"
#include "sb_rules.h"
#include "serve_cmd.h"


struct sink {
    bool quiet;
    bool debug;     /* SBUNDLE_DEBUG set: timings of each step */
};

/* Bundle text reaches the terminal: control characters are escaped. */
static void log_sink(void *ctx, enum sb_log_level level, const char *msg)
{
    const struct sink *s = ctx;
    const unsigned char *p;

    if ((level == SB_LOG_DEBUG && !s->debug) ||
        (level == SB_LOG_INFO && s->quiet))
        return;
    fputs(level == SB_LOG_WARN ? "analyze: warning: " :
          level == SB_LOG_ERROR ? "analyze: " : "analyze: ", stderr);
    for (p = (const unsigned char *)msg; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            fprintf(stderr, "\\x%02x", *p);
        else
            fputc(*p, stderr);
    }
    fputc('\n', stderr);
}

static int cmd_rules(const struct cli *c)
{
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    int rc;

    rc = sb_rules_list(c->run.rules_dir, &out, &err);
    if (rc == 0)
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
    else
        fprintf(stderr, "analyze: %s\n", err.msg);
    sb_buf_release(&out);
    return rc ? 1 : 0;
}

static int cmd_analyze(struct cli *c)
{
    struct sb_analyze_result res;
    struct sb_err err = SB_ERR_INIT;
    size_t i;
    int rc;

    rc = sb_analyze_run(&c->run, &res, &err);
    if (rc) {
        fprintf(stderr, "analyze: %s\n", err.msg);
        sb_analyze_result_release(&res);
        return rc == SB_E_USAGE ? 2 : 1;
    }
    for (i = 0; i < res.nwritten; i++)
        printf("%s\n", res.written[i]);
    sb_analyze_result_release(&res);
    return 0;
}

int main(int argc, char **argv)
{
    struct sink sink = { false };
    struct cli c;
    int rc;

    rc = cli_parse(argc, argv, &c);
    if (rc) {
        cli_release(&c);
        return rc;
    }
    sink.quiet = c.quiet;
    sink.debug = getenv("SBUNDLE_DEBUG") != NULL;
    sb_log_set_sink(log_sink, &sink);
    /* SQLite's allocation statistics take a global mutex on every
     * malloc; nothing reads them, and loading mallocs millions of times */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sb_alloc_keep_freed();
    switch (c.cmd) {
    case CMD_HELP:
        cli_usage(stdout);
        rc = 0;
        break;
    case CMD_VERSION:
        printf("analyze %s\n", SB_VERSION);
        rc = 0;
        break;
    case CMD_SERVE:
        rc = serve_main(argc - 1, argv + 1);
        break;
    case CMD_RULES:
        rc = cmd_rules(&c);
        break;
    default:
        rc = cmd_analyze(&c);
    }
    cli_release(&c);
    return rc;
}
