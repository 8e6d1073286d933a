#ifndef COLLECT_CLI_H
#define COLLECT_CLI_H
/*
 * collect's command line: one table of options read by sb_opt, each with
 * its argument kind; parsing prints nothing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sb_collect.h"

struct cli {
    struct sb_collect_opts co;  /* filled in; points into the arrays */
    const char **namespaces;    /* --namespace, in order */
    size_t nns, ns_alloc;
    const char **patterns;      /* --redact-pattern, in order */
    size_t npatterns, patterns_alloc;
    const char *map_pass_file;  /* --redaction-map-pass-file */
    bool quiet, help, version;
};

/* Parses argv into 'c' (release it with cli_release). Returns 0, or -1
 * with 'msg' holding "option '--parallel': expected ..." for the user. */
int cli_parse(int argc, char **argv, struct cli *c, char *msg, size_t n);
void cli_release(struct cli *c);
void cli_usage(FILE *f);

#endif
