#include "sb_sqlre.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

static void code_free(void *p)
{
    pcre2_code_free((pcre2_code *)p);
}

/* The compiled form of argument 'arg' (the pattern), cached on the
 * statement by SQLite's auxdata; NULL with the error already set. */
static pcre2_code *pattern_get(sqlite3_context *ctx, sqlite3_value **argv,
                               int arg)
{
    pcre2_code *re = sqlite3_get_auxdata(ctx, arg);
    const char *pat;
    int code;
    PCRE2_SIZE off;
    char msg[256];
    char full[600];

    if (re)
        return re;
    pat = (const char *)sqlite3_value_text(argv[arg]);
    if (!pat)
        return NULL;
    re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
                       &code, &off, NULL);
    if (!re) {
        pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof(msg));
        snprintf(full, sizeof(full), "regexp '%.200s' offset %zu: %s", pat,
                 (size_t)off, msg);
        sqlite3_result_error(ctx, full, -1);
        return NULL;
    }
    /* JIT: rules run a pattern over every log line of a bundle, millions
     * of rows; without a JIT compiler it simply stays interpreted */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    /* SQLite calls code_free right away when it cannot cache, so 're'
     * must be fetched again rather than used after this call. */
    sqlite3_set_auxdata(ctx, arg, re, code_free);
    re = sqlite3_get_auxdata(ctx, arg);
    if (!re)
        sqlite3_result_error(ctx, "regexp: cannot cache pattern", -1);
    return re;
}

/* Matches 're' against 'text'; returns the match data (caller frees) or
 * NULL when nothing matched or on error (then *failed is set). */
static pcre2_match_data *run(sqlite3_context *ctx, pcre2_code *re,
                             const char *text, int len, int *failed)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc;

    *failed = 0;
    if (!md) {
        sqlite3_result_error_nomem(ctx);
        *failed = 1;
        return NULL;
    }
    rc = pcre2_match(re, (PCRE2_SPTR)text, (PCRE2_SIZE)len, 0, 0, md, NULL);
    if (rc >= 0)
        return md;
    pcre2_match_data_free(md);
    /* bad UTF-8 in a log line is not an error of the rule: no match */
    if (rc != PCRE2_ERROR_NOMATCH && rc > PCRE2_ERROR_UTF8_ERR1) {
        sqlite3_result_error(ctx, "regexp: match failed", -1);
        *failed = 1;
    }
    return NULL;
}

/* regexp(pattern, text): the function behind "text REGEXP pattern" */
static void fn_regexp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pcre2_code *re;
    pcre2_match_data *md;
    const char *text;
    int failed;

    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    re = pattern_get(ctx, argv, 0);
    if (!re)
        return;
    text = (const char *)sqlite3_value_text(argv[1]);
    if (!text)
        return;
    md = run(ctx, re, text, sqlite3_value_bytes(argv[1]), &failed);
    if (failed)
        return;
    sqlite3_result_int(ctx, md != NULL);
    pcre2_match_data_free(md);
}

/* regexp_extract(text, pattern [, group]) */
static void fn_extract(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pcre2_code *re;
    pcre2_match_data *md;
    PCRE2_SIZE *ov;
    const char *text;
    int group = argc > 2 ? sqlite3_value_int(argv[2]) : 0;
    int failed;

    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    re = pattern_get(ctx, argv, 1);
    if (!re)
        return;
    text = (const char *)sqlite3_value_text(argv[0]);
    if (!text)
        return;
    md = run(ctx, re, text, sqlite3_value_bytes(argv[0]), &failed);
    if (!md)
        return;
    if (group >= 0 && (uint32_t)group < pcre2_get_ovector_count(md)) {
        ov = pcre2_get_ovector_pointer(md);
        if (ov[2 * group] != PCRE2_UNSET && ov[2 * group + 1] >= ov[2 * group])
            sqlite3_result_text(ctx, text + ov[2 * group],
                                (int)(ov[2 * group + 1] - ov[2 * group]),
                                SQLITE_TRANSIENT);
    }
    pcre2_match_data_free(md);
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
