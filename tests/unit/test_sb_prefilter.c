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
#include <ctype.h>
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

/* ---- the scan against a plain search for every literal ------------------ */

/* The tags a plain search finds: tag t when some literal of 'src[t]'
 * occurs in 'text' (case folded; an anchored one at offset 0 only). */
static uint64_t naive_scan(struct sb_prefilter *const *src, int nsrc,
                           const char *text, size_t len)
{
    uint64_t found = 0;
    size_t i, at, k, n;
    const char *lit;
    int t, anchored;

    for (t = 0; t < nsrc; t++) {
        for (i = 0; i < sb_prefilter_count(src[t]); i++) {
            lit = sb_prefilter_literal(src[t], i);
            anchored = lit[0] == '\1';
            lit += anchored;
            n = strlen(lit);
            for (at = 0; at + n <= len && !(found >> t & 1); at++) {
                for (k = 0; k < n; k++)
                    if (tolower((unsigned char)text[at + k]) !=
                        (unsigned char)lit[k])
                        break;
                if (k == n)
                    found |= (uint64_t)1 << t;
                if (anchored)
                    break;
            }
        }
    }
    return found;
}

static const char *const scan_patterns[] = {
    "(?i)\\b(error|err|fatal|panic)\\b|^[EF][0-9]{4} ",
    "(?i)NCCL (error|failure)|nccl(System|Internal)Error",
    "(?i)x509: |certificate has expired|self[- ]signed",
    "a_b|q@z|\\[x]",        /* bytes the quick hash folds onto others */
    "^start|end of it",
    "\xc3\xa9t\xc3\xa9 (caf|tea)",
    NULL
};

/* Text pieces the random lines are made of: literals in several cases,
 * near misses, the bytes the quick hash folds together, non-ASCII. */
static const char *const scan_pieces[] = {
    "err", "ERR", "Error", "fatal", "PANIC", "E1234 ", "F0000 ", "nccl ",
    "NCCL error", "ncclInternalError", "x509: ", "X509:", "self-signed",
    "Self Signed", "certificate has expired", "a_b", "A_B", "a\x7f" "b",
    "q@z", "q`z", "[x]", "{x}", "start", "START", "end of it", "end of",
    "\xc3\xa9t\xc3\xa9 caf", "\xc3\x89T\xc3\x89 tea", "\xff\xfe", " ", "  ",
    "x", "yz", "0123456789", "\t", "\n", NULL
};

static uint32_t rnd_state = 12345;

static uint32_t rnd(uint32_t n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) % n;
}

/* A line of random pieces and bytes, at most 'max' bytes. */
static size_t random_line(char *out, size_t max)
{
    size_t npieces = 0, len = 0, n, goal = rnd((uint32_t)max + 1);
    const char *p;

    while (scan_pieces[npieces])
        npieces++;
    while (len < goal) {
        if (rnd(4) == 0) {
            out[len++] = (char)rnd(256);
            continue;
        }
        p = scan_pieces[rnd((uint32_t)npieces)];
        n = strlen(p);
        if (len + n > goal)
            break;
        memcpy(out + len, p, n);
        len += n;
    }
    return len;
}

/* The patterns' prefilters, and all of them in one, tagged by index. */
static int scan_setup(struct sb_prefilter **src, struct sb_prefilter **all)
{
    int n;

    *all = sb_prefilter_empty();
    assert_non_null(*all);
    for (n = 0; scan_patterns[n]; n++) {
        src[n] = sb_prefilter_new(scan_patterns[n]);
        assert_non_null(src[n]);
        assert_int_equal(sb_prefilter_add(*all, src[n], (unsigned)n), 0);
    }
    return n;
}

static void check_line(struct sb_prefilter *const *src, int nsrc,
                       const struct sb_prefilter *all, const char *text,
                       size_t len)
{
    uint64_t want = naive_scan(src, nsrc, text, len);
    int t;

    if (sb_prefilter_scan(all, text, len) != want)
        fail_msg("scan of a %zu-byte line: 0x%llx, expected 0x%llx", len,
                 (unsigned long long)sb_prefilter_scan(all, text, len),
                 (unsigned long long)want);
    for (t = 0; t < nsrc; t++)
        assert_int_equal(sb_prefilter_scan(src[t], text, len) != 0,
                         (want >> t & 1) != 0);
}

static void free_all(struct sb_prefilter **src, int n,
                     struct sb_prefilter *all)
{
    while (n-- > 0)
        sb_prefilter_free(src[n]);
    sb_prefilter_free(all);
}

/* Every literal at every offset of lines of every length up to 40 (the
 * scan reads 8 bytes at a time for 6 positions, then one at a time near
 * the end): found exactly where it is whole, not when cut off. */
static void test_prefilter_scan_at_every_offset(void **state)
{
    static const char *const lits[] = {
        "err", "Nccl Error", "x509: ", "self signed", "a_b", "q@z", "[x]",
        "start", "END OF IT", "\xc3\xa9t\xc3\xa9 tea", NULL
    };
    static const char fold_miss[] = "xx a\x7f" "b q`z {x} xx";
    static const char fold_hit[] = "xx a\x7f" "b q`z {x} A_B";
    struct sb_prefilter *src[16], *all;
    char line[64];
    size_t len, at, n, cut;
    int nsrc, i;

    (void)state;
    nsrc = scan_setup(src, &all);
    for (i = 0; lits[i]; i++) {
        n = strlen(lits[i]);
        for (len = 0; len <= 40; len++) {
            for (at = 0; at <= len; at++) {
                memset(line, '.', sizeof(line));
                for (cut = 0; cut < n && at + cut < len; cut++)
                    line[at + cut] = lits[i][cut];
                check_line(src, nsrc, all, line, len);
            }
        }
    }
    /* shorter than a key: nothing, whatever the bytes */
    check_line(src, nsrc, all, "", 0);
    check_line(src, nsrc, all, "er", 2);
    check_line(src, nsrc, all, "\xff", 1);
    assert_int_equal(sb_prefilter_scan(all, "err", 3), 1);
    assert_int_equal(sb_prefilter_scan(all, "x err", 5), 1);
    /* anchored: at the start only */
    assert_int_equal(sb_prefilter_scan(src[0], "E1234 boom", 10), 1);
    assert_int_equal(sb_prefilter_scan(src[0], " E1234 boom", 11), 0);
    assert_int_equal(sb_prefilter_scan(src[4], "Start here", 10), 1);
    assert_int_equal(sb_prefilter_scan(src[4], "restart here", 12), 0);
    /* the quick hash folds '_' with DEL, '@' with '`', '[' with '{':
     * only the exact test decides */
    assert_int_equal(sb_prefilter_scan(src[3], fold_miss, strlen(fold_miss)),
                     0);
    assert_int_equal(sb_prefilter_scan(src[3], fold_hit, strlen(fold_hit)), 1);
    free_all(src, nsrc, all);
}

/* Random lines, before and after the keys are chosen again by samples
 * of all kinds (the lines themselves, one byte repeated, random bytes):
 * always what a plain search finds. */
static void test_prefilter_scan_equals_plain_search(void **state)
{
    struct sb_prefilter *src[16], *all;
    static char sample[64 * 1024];
    char line[200];
    size_t len, at;
    int nsrc, round, i, t;

    (void)state;
    nsrc = scan_setup(src, &all);
    for (round = 0; round < 4; round++) {
        for (i = 0; i < 3000; i++) {
            len = random_line(line, sizeof(line));
            check_line(src, nsrc, all, line, len);
        }
        /* the next round's keys */
        for (at = 0; at < sizeof(sample); at++)
            sample[at] = round == 0 ? 'e' : round == 1 ? (char)rnd(256) : 0;
        for (at = 0; round >= 2 && at + sizeof(line) < sizeof(sample);
             at += len)
            len = random_line(sample + at, sizeof(line));
        assert_int_equal(sb_prefilter_rekey(all, sample, sizeof(sample)), 0);
        for (t = 0; t < nsrc; t++)
            assert_int_equal(sb_prefilter_rekey(src[t], sample,
                                                sizeof(sample)), 0);
    }
    /* a sample too small to count is ignored, as is no prefilter */
    assert_int_equal(sb_prefilter_rekey(all, "err err err", 11), 0);
    assert_int_equal(sb_prefilter_rekey(NULL, sample, sizeof(sample)), 0);
    free_all(src, nsrc, all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefilter_derives_the_literals),
        cmocka_unit_test(test_prefilter_gives_up_on_what_it_cannot_read),
        cmocka_unit_test(test_prefilter_never_rejects_a_match),
        cmocka_unit_test(test_loggrep_equals_regexp),
        cmocka_unit_test(test_prefilter_scan_at_every_offset),
        cmocka_unit_test(test_prefilter_scan_equals_plain_search),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
