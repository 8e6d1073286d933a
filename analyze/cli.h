#ifndef ANALYZE_CLI_H
#define ANALYZE_CLI_H
/*
 * analyze's command line: options into struct sb_analyze_opts.
 */
#include <stdbool.h>
#include <stdio.h>

#include "sb_analyze.h"

enum cli_command { CMD_ANALYZE, CMD_RULES, CMD_SERVE, CMD_HELP, CMD_VERSION };

struct cli {
    enum cli_command cmd;
    struct sb_analyze_opts run;
    const char **bundles;       /* owned: free with cli_release */
    bool quiet;
};

/* Parses argv. Returns 0, or 2 after printing "analyze: option X: reason"
 * and a --help hint to stderr. */
int cli_parse(int argc, char **argv, struct cli *out);
void cli_release(struct cli *c);
void cli_usage(FILE *f);

#endif
