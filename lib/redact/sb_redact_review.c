#include "sb_redact_review.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sb_buf.h"
#include "sb_bundle.h"
#include "sb_redact_scan.h"

#define MEMBER_MAX ((size_t)512 << 20)
#define MAX_RULES 256

struct rule_count {
    char name[48];
    unsigned long n;
};

struct suspects {
    const char *path, *in;
    size_t len;
    sb_review_fn *fn;
    void *ctx;
    size_t line, line_at;   /* line number at offset 'line_at' */
    size_t starts[1024];    /* spans the scan reported, not to report twice */
    size_t n;
};

static size_t line_of(struct suspects *s, size_t at)
{
    for (; s->line_at < at && s->line_at < s->len; s->line_at++)
        s->line += s->in[s->line_at] == '\n';
    return s->line;
}

static int on_span(void *ctx, enum sb_scan_kind kind, size_t st, size_t e,
                   const char *rule, bool *masked)
{
    struct suspects *s = ctx;
    int rc;

    *masked = false;
    if (kind != SB_SCAN_MASK)
        return 0;
    rc = s->fn(s->ctx, SB_REVIEW_SUSPECT, s->path, line_of(s, st), rule, 0,
               s->in + st, e - st);
    *masked = true;         /* so the scan goes on after it */
    if (s->n < sizeof(s->starts) / sizeof(s->starts[0]))
        s->starts[s->n++] = st;
    return rc;
}

static bool run_char(unsigned char c)
{
    return isalnum(c) || strchr("+/=_.~-", c);
}

int sb_redact_review_text(const char *path, const char *in, size_t len,
                          sb_review_fn *fn, void *ctx)
{
    struct rule_count rules[MAX_RULES];
    struct suspects s = {path, in, len, fn, ctx, 1, 0, {0}, 0};
    size_t nr = 0, i, k, t, e;
    int rc;

    /* what was masked: the tokens, counted per rule */
    for (i = 0; i + 10 < len; i++) {
        if (in[i] != '<' || !(t = sb_redact_token_len(in + i, len - i)))
            continue;
        e = 10 + strcspn(in + i + 10, ":");
        for (k = 0; k < nr; k++)
            if (strlen(rules[k].name) == e - 10 &&
                !memcmp(rules[k].name, in + i + 10, e - 10))
                break;
        if (k == nr && nr < MAX_RULES && e - 10 < sizeof(rules[0].name)) {
            memcpy(rules[nr].name, in + i + 10, e - 10);
            rules[nr].name[e - 10] = '\0';
            rules[nr++].n = 0;
        }
        if (k < nr)
            rules[k].n++;
        i += t - 1;
    }
    for (k = 0; k < nr; k++)
        if ((rc = fn(ctx, SB_REVIEW_MASKED, path, 0, rules[k].name,
                     rules[k].n, NULL, 0)))
            return rc;
    /* what the rules would mask now, then long random strings elsewhere */
    rc = sb_redact_scan(in, len, false, on_span, &s);
    if (rc)
        return rc;
    for (i = 0; i < len; i = e + 1) {
        bool seen = false;

        while (i < len && !run_char((unsigned char)in[i]))
            i++;
        for (e = i; e < len && run_char((unsigned char)in[e]); e++)
            ;
        if (e - i < 20 || !sb_redact_high_entropy(in + i, e - i))
            continue;
        for (k = 0; k < s.n && !seen; k++)
            seen = s.starts[k] >= i && s.starts[k] < e;
        if (!seen && (rc = fn(ctx, SB_REVIEW_SUSPECT, path, line_of(&s, i),
                              "high-entropy", 0, in + i, e - i)))
            return rc;
    }
    return 0;
}

int sb_redact_review(const char *path, sb_review_fn *fn, void *ctx,
                     struct sb_err *err)
{
    struct sb_buf body = SB_BUF_INIT(MEMBER_MAX);
    struct sb_bundle *bn = NULL;
    struct sb_member m;
    int rc;

    rc = sb_bundle_open(path, NULL, &bn, err);
    if (rc)
        return rc;
    while ((rc = sb_bundle_next(bn, &m, err)) == 1) {
        sb_buf_reset(&body);
        rc = sb_bundle_read_all(bn, &body, err);
        if (rc) {
            rc = sb_err_set(err, rc, "cannot read '%s' of '%s'", m.path,
                            path);
            break;
        }
        rc = sb_redact_review_text(m.path, sb_buf_str(&body), body.len, fn,
                                   ctx);
        if (rc)
            break;
    }
    sb_bundle_free(bn);
    sb_buf_release(&body);
    return rc < 0 ? rc : 0;
}
