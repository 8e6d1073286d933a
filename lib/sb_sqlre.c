#include "sb_sqlre.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_prefilter.h"

/* A compiled pattern as cached on a statement. */
struct cpat {
    pcre2_code *re;
    pcre2_match_data *md;       /* reused by every call */
    struct sb_prefilter *pf;    /* NULL: the pattern runs on every text */
};

static void cpat_free(void *p)
{
    struct cpat *c = p;

    if (!c)
        return;
    sb_prefilter_free(c->pf);
    pcre2_match_data_free(c->md);
    pcre2_code_free(c->re);
    sb_free(c);
}

/* The compiled form of argument 'arg' (the pattern), cached on the
 * statement by SQLite's auxdata; NULL with the error already set. */
static struct cpat *pattern_get(sqlite3_context *ctx, sqlite3_value **argv,
                                int arg)
{
    struct cpat *c = sqlite3_get_auxdata(ctx, arg);
    const char *pat;
    int code;
    PCRE2_SIZE off;
    char msg[256];
    char full[600];

    if (c)
        return c;
    pat = (const char *)sqlite3_value_text(argv[arg]);
    if (!pat)
        return NULL;
    c = sb_calloc(1, sizeof(*c));
    if (!c) {
        sqlite3_result_error_nomem(ctx);
        return NULL;
    }
    c->re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
                          &code, &off, NULL);
    if (!c->re) {
        pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof(msg));
        snprintf(full, sizeof(full), "regexp '%.200s' offset %zu: %s", pat,
                 (size_t)off, msg);
        sqlite3_result_error(ctx, full, -1);
        cpat_free(c);
        return NULL;
    }
    /* JIT: rules run a pattern over every log line of a bundle, millions
     * of rows; without a JIT compiler it simply stays interpreted */
    pcre2_jit_compile(c->re, PCRE2_JIT_COMPLETE);
    c->md = pcre2_match_data_create_from_pattern(c->re, NULL);
    /* and most texts never reach it: see sb_prefilter.h */
    c->pf = sb_prefilter_new(pat);
    if (!c->md) {
        cpat_free(c);
        sqlite3_result_error_nomem(ctx);
        return NULL;
    }
    /* SQLite calls cpat_free right away when it cannot cache, so 'c' must
     * be fetched again rather than used after this call. */
    sqlite3_set_auxdata(ctx, arg, c, cpat_free);
    c = sqlite3_get_auxdata(ctx, arg);
    if (!c)
        sqlite3_result_error(ctx, "regexp: cannot cache pattern", -1);
    return c;
}

/* Matches 'c' against 'text': 1 matched (the ovector of c->md holds the
 * match), 0 not, -1 failed with the error set on 'ctx'. */
static int run(sqlite3_context *ctx, struct cpat *c, const char *text,
               int len)
{
    int rc;

    if (c->pf && !sb_prefilter_scan(c->pf, text, (size_t)len))
        return 0;
    rc = pcre2_match(c->re, (PCRE2_SPTR)text, (PCRE2_SIZE)len, 0, 0, c->md,
                     NULL);
    if (rc >= 0)
        return 1;
    /* bad UTF-8 in a log line is not an error of the rule: no match */
    if (rc != PCRE2_ERROR_NOMATCH && rc > PCRE2_ERROR_UTF8_ERR1) {
        sqlite3_result_error(ctx, "regexp: match failed", -1);
        return -1;
    }
    return 0;
}

/* regexp(pattern, text): the function behind "text REGEXP pattern" */
static void fn_regexp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct cpat *c;
    const char *text;
    int m;

    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    c = pattern_get(ctx, argv, 0);
    if (!c)
        return;
    text = (const char *)sqlite3_value_text(argv[1]);
    if (!text)
        return;
    m = run(ctx, c, text, sqlite3_value_bytes(argv[1]));
    if (m >= 0)
        sqlite3_result_int(ctx, m);
}

/* regexp_extract(text, pattern [, group]) */
static void fn_extract(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct cpat *c;
    PCRE2_SIZE *ov;
    const char *text;
    int group = argc > 2 ? sqlite3_value_int(argv[2]) : 0;

    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    c = pattern_get(ctx, argv, 1);
    if (!c)
        return;
    text = (const char *)sqlite3_value_text(argv[0]);
    if (!text)
        return;
    if (run(ctx, c, text, sqlite3_value_bytes(argv[0])) != 1)
        return;
    if (group >= 0 && (uint32_t)group < pcre2_get_ovector_count(c->md)) {
        ov = pcre2_get_ovector_pointer(c->md);
        if (ov[2 * group] != PCRE2_UNSET && ov[2 * group + 1] >= ov[2 * group])
            sqlite3_result_text(ctx, text + ov[2 * group],
                                (int)(ov[2 * group + 1] - ov[2 * group]),
                                SQLITE_TRANSIENT);
    }
}

int sb_sqlre_register(sqlite3 *db, struct sb_err *err)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;

    if (sqlite3_create_function(db, "regexp", 2, flags, NULL, fn_regexp,
                                NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(db, "regexp_extract", 2, flags, NULL,
                                fn_extract, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(db, "regexp_extract", 3, flags, NULL,
                                fn_extract, NULL, NULL) != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "cannot register regexp functions: %s",
                          sqlite3_errmsg(db));
    return 0;
}
