/*
 * collect: parse the command line, install the log sink and signal
 * handlers, run the collection, map the outcome to the exit status.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "host_cmd.h"
#include "progress.h"
#include "redact_cmd.h"
#include "reveal_cmd.h"
#include "review_cmd.h"
#include "sb_collect.h"
#include "sb_log.h"
#include "sb_redact_review.h"

#include <openssl/crypto.h>

enum { EXIT_COMPLETE = 0, EXIT_FAILED = 1, EXIT_USAGE = 2,
       EXIT_INCOMPLETE = 3 };

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void sink(void *ctx, enum sb_log_level level, const char *msg)
{
    struct progress *p = ctx;

    if (level == SB_LOG_DEBUG && !getenv("SB_DEBUG"))
        return;
    if (level == SB_LOG_INFO && p->quiet)
        return;
    progress_clear(p);
    fprintf(stderr, "collect: %s%s\n",
            level == SB_LOG_WARN ? "warning: " :
            level == SB_LOG_ERROR ? "error: " : "", msg);
}

static void install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* The review summary that ends every collect (issue 16): the masks per
 * rule and how many strings still look like credentials, read back from
 * the bundle as written so that it is what would be sent. */
struct rsum {
    char rule[32][48];
    unsigned long count[32];
    size_t n;
    unsigned long other, suspects;
};

static int on_review(void *ctx, enum sb_review_kind kind, const char *path,
                     size_t line, const char *what, unsigned long count,
                     const char *value, size_t len)
{
    struct rsum *rs = ctx;
    size_t i;

    (void)path, (void)line, (void)value, (void)len;
    if (kind == SB_REVIEW_SUSPECT) {
        rs->suspects++;
        return 0;
    }
    for (i = 0; i < rs->n; i++)
        if (!strcmp(rs->rule[i], what))
            break;
    if (i == rs->n) {
        if (rs->n == 32 || strlen(what) >= sizeof(rs->rule[0])) {
            rs->other += count;
            return 0;
        }
        snprintf(rs->rule[rs->n++], sizeof(rs->rule[0]), "%s", what);
    }
    rs->count[i] += count;
    return 0;
}

static void review_summary(const char *bundle)
{
    struct rsum rs;
    struct sb_err err = SB_ERR_INIT;
    size_t i;

    memset(&rs, 0, sizeof(rs));
    if (sb_redact_review(bundle, on_review, &rs, &err)) {
        fprintf(stderr, "collect: warning: cannot review '%s': %s\n",
                bundle, err.msg);
        return;
    }
    fputs("collect: masked per rule:", stderr);
    for (i = 0; i < rs.n; i++)
        fprintf(stderr, " %s %lu%s", rs.rule[i], rs.count[i],
                i + 1 < rs.n || rs.other ? "," : "");
    if (rs.other)
        fprintf(stderr, " other %lu", rs.other);
    if (!rs.n && !rs.other)
        fputs(" none", stderr);
    fprintf(stderr, "\ncollect: %lu strings look like credentials and are "
            "not masked; see 'collect review %s' before sending\n",
            rs.suspects, bundle);
}

int main(int argc, char **argv)
{
    struct cli c;
    struct progress p;
    struct sb_collect_summary sum;
    struct sb_err err = SB_ERR_INIT;
    char msg[1024];
    int rc;

    char pass[1024];
    size_t plen = 0;

    if (argc > 1 && !strcmp(argv[1], "reveal"))
        return reveal_main(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "review"))
        return review_main(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "redact"))
        return redact_main(argc - 1, argv + 1);
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--host"))
            return host_main(argc, argv);
    if (cli_parse(argc, argv, &c, msg, sizeof(msg))) {
        fprintf(stderr, "collect: %s\ncollect: try 'collect --help'\n", msg);
        cli_release(&c);
        return EXIT_USAGE;
    }
    if (c.help || c.version) {
        if (c.help)
            cli_usage(stdout);
        else
            printf("collect (sbundle) %s\n", SB_VERSION);
        cli_release(&c);
        return EXIT_COMPLETE;
    }
    if (c.co.redaction_map && !c.co.dry_run) {
        msg[0] = '\0';
        if (read_passphrase(c.map_pass_file, true, pass, sizeof(pass), &plen,
                            msg, sizeof(msg))) {
            fprintf(stderr, "collect: %s\n", msg);
            cli_release(&c);
            return EXIT_USAGE;
        }
        c.co.map_pass = pass;
        c.co.map_pass_len = plen;
    }
    progress_init(&p, c.quiet || c.co.dry_run);
    sb_log_set_sink(sink, &p);
    if (c.co.no_redact)
        fputs("collect: WARNING: --no-redact: tokens, passwords, keys and "
              "other credentials in logs and objects will be written to the "
              "bundle UNMASKED (Secret values are still never collected). "
              "Do not share this bundle.\n", stderr);
    install_signals();
    c.co.stop = &stop_flag;
    c.co.progress = progress_update;
    c.co.progress_ctx = &p;
    c.co.plan_out = stdout;
    rc = sb_collect_run(&c.co, &sum, &err);
    OPENSSL_cleanse(pass, sizeof(pass));
    progress_clear(&p);
    if (rc) {
        fprintf(stderr, "collect: %s\n", err.msg[0] ? err.msg
                                                    : sb_err_str(rc));
        cli_release(&c);
        return rc == SB_E_USAGE ? EXIT_USAGE : EXIT_FAILED;
    }
    if (c.co.dry_run) {
        cli_release(&c);
        return EXIT_COMPLETE;
    }
    progress_summary(&p, &sum);
    if (!c.quiet)
        review_summary(sum.output);
    if (sum.over_size)
        fprintf(stderr, "collect: warning: '%s' is larger than --max-size "
                "%llu all the same (see log_budget and gaps in its "
                "manifest)\n", sum.output,
                (unsigned long long)c.co.max_size);
    cli_release(&c);
    return sum.complete && !sum.over_size ? EXIT_COMPLETE : EXIT_INCOMPLETE;
}
