#include "review_cmd.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sb_redact_review.h"

struct review {
    unsigned long masked, suspects;
    bool header_masked, header_suspect;
};

/* Bundle text reaches a terminal: control characters escaped. */
static void put_escaped(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x20 || c == 0x7f || c == '\\')
            printf("\\x%02x", c);
        else
            putchar(c);
    }
}

static int on_finding(void *ctx, enum sb_review_kind kind, const char *path,
                      size_t line, const char *what, unsigned long count,
                      const char *value, size_t len)
{
    struct review *rv = ctx;

    if (kind == SB_REVIEW_MASKED) {
        if (!rv->header_masked)
            puts("masked (file, rule, values):");
        rv->header_masked = true;
        printf("  ");
        put_escaped(path, strlen(path));
        printf("\t%s\t%lu\n", what, count);
        rv->masked += count;
        return 0;
    }
    if (!rv->header_suspect)
        puts("looks like a credential, not masked (file:line, why, text):");
    rv->header_suspect = true;
    printf("  ");
    put_escaped(path, strlen(path));
    printf(":%zu\t%s\t", line, what);
    put_escaped(value, len > 200 ? 200 : len);
    putchar('\n');
    rv->suspects++;
    return 0;
}

int review_main(int argc, char **argv)
{
    struct review rv = {0, 0, false, false};
    struct sb_err err = SB_ERR_INIT;

    if (argc != 2 || argv[1][0] == '-') {
        fputs("usage: collect review BUNDLE\n", stderr);
        return 2;
    }
    if (sb_redact_review(argv[1], on_finding, &rv, &err)) {
        fprintf(stderr, "collect: review: %s\n", err.msg);
        return 1;
    }
    printf("%lu values masked; %lu strings look like credentials and are "
           "not masked%s\n", rv.masked, rv.suspects,
           rv.suspects ? ": check them before sending" : "");
    return rv.suspects ? 3 : 0;
}
