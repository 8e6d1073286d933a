/*
 * log_grep: the shared pass, and the scan during the load, whose results
 * must be used only when it saw exactly the rows of log_lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sb_buf.h"
#include "sb_db.h"
#include "sb_loggrep.h"
#include "sb_sqlre.h"

static const char *const texts[] = {
    "starting", "ERROR: disk full", "ok", "error again", "fine",
    "CUDA out of memory", "done",
};
#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

static const char announce[] =
    "SELECT * FROM log_grep('(?i)error') JOIN log_grep('CUDA out of memory')";

/* Inserts texts[from..to) as log lines; returns the last id. */
static int64_t insert(struct sb_db *db, size_t from, size_t to)
{
    sqlite3 *h = sb_db_handle(db);
    sqlite3_stmt *st;
    size_t i;

    assert_int_equal(sqlite3_prepare_v2(h, "INSERT INTO log_lines(bundle_id,"
                                        " namespace, pod, container, previous,"
                                        " line_no, text) VALUES (1, 'ns', 'p',"
                                        " 'c', 0, ?, ?)", -1, &st, NULL),
                     SQLITE_OK);
    for (i = from; i < to; i++) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
        sqlite3_bind_text(st, 2, texts[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return sqlite3_last_insert_rowid(h);
}

/* Ids log_grep gives for 'pattern', as "1,4,". */
static void ids(struct sb_db *db, const char *pattern, char *out, size_t n)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st;

    assert_int_equal(sqlite3_prepare_v2(sb_db_handle(db), "SELECT line_id "
                                        "FROM log_grep(?)", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW)
        assert_int_equal(sb_buf_addf(&b, "%lld,", (long long)sqlite3_column_int64(st, 0)), 0);
    sqlite3_finalize(st);
    snprintf(out, n, "%s", sb_buf_str(&b));
    sb_buf_release(&b);
}

/* Loads texts[0..NTEXTS) feeding the scan those of 'fed' (a bit per
 * line), 'swap' giving two of them out of order; returns what finish
 * said, and checks that log_grep answers right either way. */
static bool run(unsigned fed, bool swap)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db;
    struct sb_loggrep *g;
    char got[200];
    size_t i;
    bool used;

    assert_int_equal(sb_db_open(":memory:", &db, &err), 0);
    assert_non_null(g = sb_loggrep_new(&err));
    assert_int_equal(sb_loggrep_announce_sql(g, announce, &err), 0);
    assert_int_equal(sb_loggrep_live_start(g, &err), 0);
    insert(db, 0, NTEXTS);
    for (i = 0; i < NTEXTS; i++) {
        size_t k = swap && i == 1 ? 2 : swap && i == 2 ? 1 : i;
        if (fed >> k & 1)
            sb_loggrep_live_line(g, (int64_t)k + 1, texts[k],
                                 strlen(texts[k]));
    }
    used = sb_loggrep_live_finish(g, sb_db_handle(db));
    assert_int_equal(sb_loggrep_attach(g, sb_db_handle(db), &err), 0);
    ids(db, "(?i)error", got, sizeof(got));
    assert_string_equal(got, "2,4,");
    ids(db, "CUDA out of memory", got, sizeof(got));
    assert_string_equal(got, "6,");
    /* a pattern nobody announced gets a pass of its own */
    ids(db, "^d", got, sizeof(got));
    assert_string_equal(got, "7,");
    sb_db_close(db);
    return used;
}

static void test_scan_of_every_line_is_used(void **state)
{
    (void)state;
    assert_true(run(0x7f, false));
}

static void test_a_line_not_given_makes_the_pass_run_again(void **state)
{
    (void)state;
    assert_false(run(0x7f & ~0x08u, false));    /* one in the middle */
    assert_false(run(0x7f & ~0x40u, false));    /* the last */
    assert_false(run(0x7f & ~0x01u, false));    /* the first */
}

static void test_lines_out_of_order_are_not_trusted(void **state)
{
    (void)state;
    assert_false(run(0x7f, true));
}

static void test_no_lines_at_all(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db;
    struct sb_loggrep *g;
    char got[64];

    (void)state;
    assert_int_equal(sb_db_open(":memory:", &db, &err), 0);
    assert_non_null(g = sb_loggrep_new(&err));
    assert_int_equal(sb_loggrep_announce_sql(g, announce, &err), 0);
    assert_int_equal(sb_loggrep_live_start(g, &err), 0);
    assert_true(sb_loggrep_live_finish(g, sb_db_handle(db)));
    assert_int_equal(sb_loggrep_attach(g, sb_db_handle(db), &err), 0);
    ids(db, "(?i)error", got, sizeof(got));
    assert_string_equal(got, "");
    sb_db_close(db);
}

/* Many lines, so blocks are handed over while the loader goes on; a
 * scan never finished is stopped by free, not leaked or left running. */
static void test_many_blocks_and_an_unfinished_scan(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db;
    struct sb_loggrep *g;
    sqlite3_stmt *st;
    char line[64];
    int64_t i, n = 200000;

    (void)state;
    assert_int_equal(sb_db_open(":memory:", &db, &err), 0);
    assert_non_null(g = sb_loggrep_new(&err));
    assert_int_equal(sb_loggrep_announce_sql(g, announce, &err), 0);
    assert_int_equal(sb_loggrep_live_start(g, &err), 0);
    assert_int_equal(sqlite3_prepare_v2(sb_db_handle(db), "INSERT INTO "
                                        "log_lines(bundle_id, namespace, pod,"
                                        " container, previous, line_no, text)"
                                        " VALUES (1, 'ns', 'p', 'c', 0, ?1, "
                                        "?2)", -1, &st, NULL), SQLITE_OK);
    for (i = 1; i <= n; i++) {
        snprintf(line, sizeof(line), i % 1000 ? "line %lld of the log" :
                 "line %lld: Error", (long long)i);
        sqlite3_bind_int64(st, 1, i);
        sqlite3_bind_text(st, 2, line, -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
        sb_loggrep_live_line(g, i, line, strlen(line));
    }
    sqlite3_finalize(st);
    assert_true(sb_loggrep_live_finish(g, sb_db_handle(db)));
    assert_int_equal(sb_loggrep_attach(g, sb_db_handle(db), &err), 0);
    assert_int_equal(sqlite3_prepare_v2(sb_db_handle(db), "SELECT count(*), "
                                        "min(line_id), max(line_id) FROM "
                                        "log_grep('(?i)error')", -1, &st,
                                        NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), n / 1000);
    assert_int_equal(sqlite3_column_int64(st, 1), 1000);
    assert_int_equal(sqlite3_column_int64(st, 2), n);
    sqlite3_finalize(st);
    sb_db_close(db);

    assert_non_null(g = sb_loggrep_new(&err));
    assert_int_equal(sb_loggrep_announce_sql(g, announce, &err), 0);
    assert_int_equal(sb_loggrep_live_start(g, &err), 0);
    for (i = 1; i <= n; i++)
        sb_loggrep_live_line(g, i, "an error", 8);
    sb_loggrep_free(g);
}

static unsigned long long seed = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)(seed % n);
}

/* Words the patterns below are made of, and near misses of them. */
static size_t random_line(char *line, size_t cap)
{
    static const char *const words[] = {
        "error", "Errors", "stderr", "ERR", "err_", "fatal", "E1123 ",
        "F0000 ", "e9", "W1123 ", "killed", "OOMKilled", "NCCL error",
        "ProcessGroupNCCL timed out", "x509: ", "no such host", " ", ":",
        "\xc3\xa9", "ok", "panic",
    };
    size_t n = 0, k, w;
    unsigned i, parts = 1 + rnd(6);

    for (i = 0; i < parts; i++) {
        const char *s = words[rnd(sizeof(words) / sizeof(words[0]))];
        w = strlen(s);
        for (k = 0; k < w && n + 1 < cap; k++)
            line[n++] = s[k];
    }
    line[n] = '\0';
    return n;
}

/* The live scan, proofs and all, gives for every pattern exactly the
 * lines REGEXP (PCRE2 on each line) selects. */
static void test_live_scan_equals_regexp(void **state)
{
    static const char *const pats[] = {
        ("(?i)\\b(error|err|fatal|panic|traceback|exception|critical|"
         "failed|failure|killed)\\b|^[EF][0-9]{4} "),
        "(?i)NCCL (error|failure)|ProcessGroupNCCL.*(timed? ?out|error)",
        "(?i)x509: |no such host", "(?i)errors?", "error",
    };
    struct sb_err err = SB_ERR_INIT;
    struct sb_buf sql = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_db *db;
    struct sb_loggrep *g;
    sqlite3_stmt *st, *a, *b;
    char line[200];
    size_t i, len;
    int64_t id, n = 20000;
    int ra, rb, rows;

    (void)state;
    assert_int_equal(sb_db_open(":memory:", &db, &err), 0);
    assert_int_equal(sb_sqlre_register(sb_db_handle(db), &err), 0);
    assert_non_null(g = sb_loggrep_new(&err));
    for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
        sb_buf_reset(&sql);
        assert_int_equal(sb_buf_addf(&sql, "SELECT * FROM log_grep('%s')",
                                     pats[i]), 0);
        assert_int_equal(sb_loggrep_announce_sql(g, sb_buf_str(&sql), &err),
                         0);
    }
    assert_int_equal(sb_loggrep_live_start(g, &err), 0);
    assert_int_equal(sqlite3_prepare_v2(sb_db_handle(db), "INSERT INTO "
                                        "log_lines(bundle_id, namespace, pod,"
                                        " container, previous, line_no, text)"
                                        " VALUES (1, 'ns', 'p', 'c', 0, ?1, "
                                        "?2)", -1, &st, NULL), SQLITE_OK);
    for (id = 1; id <= n; id++) {
        len = random_line(line, sizeof(line));
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, line, (int)len, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
        sb_loggrep_live_line(g, id, line, len);
    }
    sqlite3_finalize(st);
    assert_true(sb_loggrep_live_finish(g, sb_db_handle(db)));
    assert_int_equal(sb_loggrep_attach(g, sb_db_handle(db), &err), 0);
    for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
        assert_int_equal(sqlite3_prepare_v2(sb_db_handle(db), "SELECT id FROM"
                                            " log_lines WHERE text REGEXP ?1 "
                                            "ORDER BY id", -1, &a, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(sb_db_handle(db), "SELECT line_id"
                                            " FROM log_grep(?1)", -1, &b,
                                            NULL), SQLITE_OK);
        sqlite3_bind_text(a, 1, pats[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(b, 1, pats[i], -1, SQLITE_STATIC);
        rows = 0;
        do {
            ra = sqlite3_step(a);
            rb = sqlite3_step(b);
            assert_int_equal(ra, rb);
            if (ra == SQLITE_ROW)
                assert_int_equal(sqlite3_column_int64(a, 0),
                                 sqlite3_column_int64(b, 0));
            rows += ra == SQLITE_ROW;
        } while (ra == SQLITE_ROW);
        assert_true(rows > 100);
        sqlite3_finalize(a);
        sqlite3_finalize(b);
    }
    sb_buf_release(&sql);
    sb_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_of_every_line_is_used),
        cmocka_unit_test(test_a_line_not_given_makes_the_pass_run_again),
        cmocka_unit_test(test_lines_out_of_order_are_not_trusted),
        cmocka_unit_test(test_no_lines_at_all),
        cmocka_unit_test(test_many_blocks_and_an_unfinished_scan),
        cmocka_unit_test(test_live_scan_equals_regexp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
