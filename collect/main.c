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
    if (sum.over_size)
        fprintf(stderr, "collect: warning: '%s' is larger than --max-size "
                "%llu all the same (see log_budget and gaps in its "
                "manifest)\n", sum.output,
                (unsigned long long)c.co.max_size);
    cli_release(&c);
    return sum.complete && !sum.over_size ? EXIT_COMPLETE : EXIT_INCOMPLETE;
}
