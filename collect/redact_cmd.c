#include "redact_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sb_opt.h"
#include "sb_redact.h"
#include "sb_redact_bundle.h"

#define MAX_PATTERNS 64

static int usage(const char *why)
{
    if (why)
        fprintf(stderr, "collect: redact: %s\n", why);
    fputs("usage: collect redact [--redact-pattern REGEX]... IN OUT\n",
          stderr);
    return 2;
}

static const struct sb_opt redact_opts[] = {
    { "redact-pattern", 0, SB_OPT_REQUIRED, 0 },
};

int redact_main(int argc, char **argv)
{
    const char *pats[MAX_PATTERNS], *in = NULL, *out = NULL;
    struct sb_err err = SB_ERR_INIT;
    struct sb_redactor *r = NULL;
    struct stat si, so;
    struct sb_optparse p;
    size_t np = 0;
    int id, rc;

    sb_opt_init(&p, redact_opts, sizeof(redact_opts) / sizeof(redact_opts[0]),
                argc, argv, 1);
    while ((id = sb_opt_next(&p)) != SB_OPT_END) {
        if (id == SB_OPT_ERROR) {
            fprintf(stderr, "collect: redact: %s\n", p.msg);
            return usage(NULL);
        } else if (id != SB_OPT_OPERAND) {
            if (np == MAX_PATTERNS)
                return usage("too many --redact-pattern");
            pats[np++] = p.value;
        } else if (!in) {
            in = p.value;
        } else if (!out) {
            out = p.value;
        } else {
            return usage("too many arguments");
        }
    }
    if (!in || !out)
        return usage(NULL);
    /* writing over the input would lose it if anything failed */
    if (!strcmp(in, out) || (!stat(in, &si) && !stat(out, &so) &&
                             si.st_dev == so.st_dev && si.st_ino == so.st_ino))
        return usage("OUT names the input");
    if (sb_redactor_new(pats, np, &r, &err)) {
        fprintf(stderr, "collect: redact: %s\n", err.msg);
        return 2;
    }
    rc = sb_redact_bundle(in, out, r, &err);
    if (rc)
        fprintf(stderr, "collect: redact: %s\n", err.msg[0] ? err.msg
                                                            : sb_err_str(rc));
    else
        printf("%lu values masked; written to %s\n", sb_redact_total(r), out);
    sb_redactor_free(r);
    return rc ? 1 : 0;
}
