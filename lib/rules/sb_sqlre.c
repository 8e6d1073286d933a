#include "sb_sqlre.h"

#include <stdio.h>
#include <string.h>

#include "sb_regex.h"

static void rx_free(void *p)
{
    sb_regex_free(p);
}

/* The compiled form of argument 'arg' (the pattern), cached on the
 * statement by SQLite's auxdata; NULL with the error already set. */
static struct sb_regex *pattern_get(sqlite3_context *ctx,
                                    sqlite3_value **argv, int arg)
{
    struct sb_regex *rx = sqlite3_get_auxdata(ctx, arg);
    const char *pat;
    char msg[256];
    char full[600];

    if (rx)
        return rx;
    pat = (const char *)sqlite3_value_text(argv[arg]);
    if (!pat)
        return NULL;
    rx = sb_regex_new(pat, msg, sizeof(msg));
    if (!rx) {
        if (!msg[0]) {
            sqlite3_result_error_nomem(ctx);
            return NULL;
        }
        snprintf(full, sizeof(full), "regexp '%.200s' %s", pat, msg);
        sqlite3_result_error(ctx, full, -1);
        return NULL;
    }
    /* SQLite calls rx_free right away when it cannot cache, so 'rx' must
     * be fetched again rather than used after this call. */
    sqlite3_set_auxdata(ctx, arg, rx, rx_free);
    rx = sqlite3_get_auxdata(ctx, arg);
    if (!rx)
        sqlite3_result_error(ctx, "regexp: cannot cache pattern", -1);
    return rx;
}

/* regexp(pattern, text): the function behind "text REGEXP pattern" */
static void fn_regexp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct sb_regex *rx;
    const char *text;

    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    rx = pattern_get(ctx, argv, 0);
    if (!rx)
        return;
    text = (const char *)sqlite3_value_text(argv[1]);
    if (!text)
        return;
    sqlite3_result_int(ctx, sb_regex_match(rx, text,
                                            (size_t)sqlite3_value_bytes(argv[1])));
}

/* regexp_extract(text, pattern [, group]) */
static void fn_extract(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct sb_regex *rx;
    PCRE2_SIZE *ov;
    const char *text;
    int group = argc > 2 ? sqlite3_value_int(argv[2]) : 0;

    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    rx = pattern_get(ctx, argv, 1);
    if (!rx)
        return;
    text = (const char *)sqlite3_value_text(argv[0]);
    if (!text)
        return;
    if (!sb_regex_match(rx, text, (size_t)sqlite3_value_bytes(argv[0])))
        return;
    if (group >= 0 && (uint32_t)group < pcre2_get_ovector_count(rx->md)) {
        ov = pcre2_get_ovector_pointer(rx->md);
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
