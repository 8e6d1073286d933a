/*
 * Literal prefilters and log_grep: the literals derived from patterns,
 * the constructs that must give no prefilter, and the property everything
 * rests on: a text the pattern matches is never rejected. log_grep must
 * return exactly the lines REGEXP selects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sqlite3.h>

#include "sb_loggrep.h"
#include "sb_prefilter.h"
#include "sb_sqlre.h"

static int has_literal(const struct sb_prefilter *pf, const char *lit)
{
    size_t i;

    for (i = 0; i < sb_prefilter_count(pf); i++)
        if (strcmp(sb_prefilter_literal(pf, i), lit) == 0)
            return 1;
    return 0;
}

static void test_prefilter_derives_the_literals(void **state)
{
    struct sb_prefilter *pf;

    (void)state;
    pf = sb_prefilter_new("(?i)CUDA out of memory|torch\\.(cuda\\.)?"
                          "OutOfMemoryError");
    assert_non_null(pf);
    assert_true(has_literal(pf, "cuda out of memory"));
    assert_true(has_literal(pf, "torch.cuda.outofmemoryerror"));
    assert_true(has_literal(pf, "torch.outofmemoryerror"));
    assert_int_equal(sb_prefilter_count(pf), 3);
    sb_prefilter_free(pf);

    /* a class of a few characters multiplies out; what is implied by a
     * shorter literal is dropped */
    pf = sb_prefilter_new("self[- ]signed|x509: |x509: certificate");
    assert_non_null(pf);
    assert_true(has_literal(pf, "self-signed"));
    assert_true(has_literal(pf, "self signed"));
    assert_true(has_literal(pf, "x509: "));
    assert_int_equal(sb_prefilter_count(pf), 3);
    sb_prefilter_free(pf);

    /* the best required piece of a concatenation */
    pf = sb_prefilter_new("lookup \\S+ on [0-9.:]+:53");
    assert_non_null(pf);
    assert_true(has_literal(pf, "lookup "));
    sb_prefilter_free(pf);

    /* '^' anchors: tested at the start of the text only */
    pf = sb_prefilter_new("^[EF][0-9]{2}");
    assert_non_null(pf);
    assert_true(has_literal(pf, "\001e00"));
    assert_true(has_literal(pf, "\001f99"));
    assert_int_equal(sb_prefilter_count(pf), 200);
    assert_int_not_equal(sb_prefilter_scan(pf, "E12 failed", 10), 0);
    assert_int_equal(sb_prefilter_scan(pf, "I1 E12 failed", 13), 0);
    sb_prefilter_free(pf);
}

static void test_prefilter_gives_up_on_what_it_cannot_read(void **state)
{
    static const char *const none[] = {
        "a.b", "(?x) a b c", "\\Qabc\\E", "abc(?R)", "(?1)abc", "ab|c",
        "(abc)*", "[^abc]de", "\\w+", "(?P=n)abc", "a{,3}bcd", "(*UTF)abc",
        "\xc3\xa9t\xc3\xa9", "", "(abc", "abc)", NULL
    };
    struct sb_prefilter *pf;
    int i;

    (void)state;
    for (i = 0; none[i]; i++) {
        pf = sb_prefilter_new(none[i]);
        if (pf)
            fail_msg("pattern '%s' should have no prefilter", none[i]);
    }
    /* (?m): '^' may follow a newline, so it anchors nothing */
    pf = sb_prefilter_new("(?m)^abc");
    assert_non_null(pf);
    assert_true(has_literal(pf, "abc"));
    assert_int_not_equal(sb_prefilter_scan(pf, "x\nabc", 5), 0);
    sb_prefilter_free(pf);
}

/* Every pattern of 'patterns' against every text: PCRE2 matching means
 * the prefilter accepts. */
static void check_sound(const char *const *patterns, const char *const *texts)
{
    pcre2_match_data *md;
    struct sb_prefilter *pf;
    pcre2_code *re;
    PCRE2_SIZE off;
    int code, i, j, m;

    for (i = 0; patterns[i]; i++) {
        re = pcre2_compile((PCRE2_SPTR)patterns[i], PCRE2_ZERO_TERMINATED,
                           PCRE2_UTF, &code, &off, NULL);
        assert_non_null(re);
        md = pcre2_match_data_create_from_pattern(re, NULL);
        pf = sb_prefilter_new(patterns[i]);
        for (j = 0; pf && texts[j]; j++) {
            m = pcre2_match(re, (PCRE2_SPTR)texts[j], strlen(texts[j]), 0, 0,
                            md, NULL);
            if (m >= 0 && !sb_prefilter_scan(pf, texts[j], strlen(texts[j])))
                fail_msg("'%s' matches '%s' but its prefilter said no",
                         patterns[i], texts[j]);
        }
        sb_prefilter_free(pf);
        pcre2_match_data_free(md);
        pcre2_code_free(re);
    }
}

static void test_prefilter_never_rejects_a_match(void **state)
{
    static const char *const patterns[] = {
        "(?i)\\b(error|err|fatal|panic)\\b|^[EF][0-9]{4} ",
        "(?i)(failed|unable|can.t) (to )?(load|read) (the |a )?(model|lora)",
        "(?i)NCCL (error|failure)|nccl(System|Internal)Error",
        "(?i)forbidden:? .*(User|serviceaccount)\\b.*cannot \\w+ resource",
        "ab(cd|ef){2,3}gh", "(?i:abc)DEF|x{3}yz", "(?=abc)abcdef",
        "a\\.b\\(c\\)d", "(?<name>abc)def", "(?i)temporary failure|EAI_AGAIN",
        NULL
    };
    static const char *const texts[] = {
        "E1123 10:02:11.123456 1 main.go:42] boom", "F0001 x", "an ERR here",
        "Failed to load the model", "can't read lora", "unable to load a MODEL",
        "NCCL error: unhandled", "ncclInternalError", "pods is forbidden: User "
        "\"x\" cannot list resource \"pods\"", "abcdefgh", "abefcdefgh",
        "ABCDEF", "xxxyz", "abcdef", "a.b(c)d", "abcdef", "Temporary Failure",
        "eai_again", "", "E123", NULL
    };

    (void)state;
    check_sound(patterns, texts);
}

/* log_grep gives the ids REGEXP selects, for announced patterns (one
 * shared pass) and for others (a pass of their own). */
static void test_loggrep_equals_regexp(void **state)
{
    static const char *const lines[] = {
        "starting", "CUDA out of memory. Tried to allocate 2 GiB",
        "E1123 10:00:00.1 1 x.go:1] failed", "all fine", "NCCL error 3",
        "torch.cuda.OutOfMemoryError: CUDA out of memory", NULL
    };
    static const char *const pats[] = {
        "(?i)cuda out of memory", "^E[0-9]{4} ", "(?i)nccl (error|warn)",
        "o.t", NULL
    };
    struct sb_err err = SB_ERR_INIT;
    struct sb_loggrep *g;
    sqlite3_stmt *a, *b;
    sqlite3 *db;
    char sql[512];
    int i, ra, rb;

    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE log_text(id INTEGER "
                                  "PRIMARY KEY, text TEXT)", NULL, NULL, NULL),
                     SQLITE_OK);
    for (i = 0; lines[i]; i++) {
        sqlite3_snprintf(sizeof(sql), sql, "INSERT INTO log_text(text) "
                         "VALUES(%Q)", lines[i]);
        assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    }
    assert_int_equal(sb_sqlre_register(db, &err), 0);
    g = sb_loggrep_register(db, &err);
    assert_non_null(g);
    assert_int_equal(sb_loggrep_announce_sql(g, "SELECT * FROM log_grep("
                     "'(?i)cuda out of memory') JOIN log_grep('^E[0-9]{4} ')",
                     &err), 0);
    for (i = 0; pats[i]; i++) {
        sqlite3_snprintf(sizeof(sql), sql, "SELECT id FROM log_text WHERE "
                         "text REGEXP %Q ORDER BY id", pats[i]);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &a, NULL), SQLITE_OK);
        sqlite3_snprintf(sizeof(sql), sql, "SELECT line_id FROM log_grep(%Q)",
                         pats[i]);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &b, NULL), SQLITE_OK);
        do {
            ra = sqlite3_step(a);
            rb = sqlite3_step(b);
            assert_int_equal(ra, rb);
            if (ra == SQLITE_ROW)
                assert_int_equal(sqlite3_column_int64(a, 0),
                                 sqlite3_column_int64(b, 0));
        } while (ra == SQLITE_ROW);
        assert_int_equal(ra, SQLITE_DONE);
        sqlite3_finalize(a);
        sqlite3_finalize(b);
    }
    /* ranges and order on line_id come from the sorted ids */
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_concat(line_id) "
                     "FROM (SELECT line_id FROM log_grep('(?i)cuda') WHERE "
                     "line_id BETWEEN 2 AND 6 ORDER BY line_id DESC)", -1, &a,
                     NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(a), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(a, 0), "6,2");
    sqlite3_finalize(a);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM "
                     "log_grep('(?i)cuda') WHERE line_id > 2 AND line_id < 6",
                     -1, &a, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(a), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(a, 0), 0);
    sqlite3_finalize(a);
    /* a pattern that does not compile names itself */
    assert_int_not_equal(sqlite3_exec(db, "SELECT * FROM log_grep('(')",
                                      NULL, NULL, NULL), SQLITE_OK);
    assert_non_null(strstr(sqlite3_errmsg(db), "log_grep: pattern '('"));
    assert_int_not_equal(sqlite3_exec(db, "SELECT * FROM log_grep", NULL,
                                      NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefilter_derives_the_literals),
        cmocka_unit_test(test_prefilter_gives_up_on_what_it_cannot_read),
        cmocka_unit_test(test_prefilter_never_rejects_a_match),
        cmocka_unit_test(test_loggrep_equals_regexp),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
