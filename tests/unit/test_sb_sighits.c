/*
 * sig_hits(rule [, pattern [, exclude]]): the query the GPU and ML
 * signature rules share. What each rule finds is checked by its
 * scenarios (test_sb_rules); here: the columns a rule builds its summary
 * from, the optional arguments, the errors, and that a rule's sig_hits
 * patterns are announced to the shared pass over the log lines.
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
#include "sb_sig.h"
#include "sb_sighits.h"
#include "sb_sqlre.h"

static const char *const texts[] = {
    "starting", "boom 1", "NCCL INFO boom 2", "boom 3", "fine", "boom 4",
    "boom 5",
};
#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

/* Inserts texts[] as the lines of one container, ids 1..NTEXTS, feeding
 * them to 'g''s scan during the load when 'g' is given. */
static void insert(struct sb_db *db, struct sb_loggrep *g)
{
    sqlite3 *h = sb_db_handle(db);
    sqlite3_stmt *st;
    size_t i;

    assert_int_equal(sqlite3_prepare_v2(h, "INSERT INTO log_lines(id, "
                                        "bundle_id, namespace, pod, container,"
                                        " previous, line_no, time, text, file)"
                                        " VALUES (?, 1, 'ml', 'train-0', "
                                        "'worker', 0, ?, '2026-01-01T10:00:0'"
                                        " || ?, ?, 'logs/ml/train-0/worker."
                                        "log')", -1, &st, NULL), SQLITE_OK);
    for (i = 0; i < NTEXTS; i++) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
        sqlite3_bind_text(st, 4, texts[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
        if (g)
            sb_loggrep_live_line(g, (int64_t)i + 1, texts[i],
                                 strlen(texts[i]));
    }
    sqlite3_finalize(st);
}

static void functions(sqlite3 *h)
{
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(sb_sqlre_register(h, &err), 0);
    assert_int_equal(sb_sig_register_sql(h, &err), 0);
    assert_int_equal(sb_sighits_register(h, &err), 0);
}

static struct sb_db *open_db(void)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db;

    assert_int_equal(sb_db_open(":memory:", &db, &err), 0);
    assert_non_null(sb_loggrep_register(sb_db_handle(db), &err));
    functions(sb_db_handle(db));
    insert(db, NULL);
    return db;
}

/* The rows of 'sql' as "subject|lines|latest|ev_text|first_seen;" */
static void rows(struct sb_db *db, const char *sql, char *out, size_t n)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st;
    int rc;

    assert_int_equal(sqlite3_prepare_v2(sb_db_handle(db), sql, -1, &st,
                                        NULL), SQLITE_OK);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int i;
        for (i = 0; i < sqlite3_column_count(st); i++)
            assert_int_equal(sb_buf_addf(&b, "%s%s", i ? "|" : "",
                             (const char *)sqlite3_column_text(st, i)), 0);
        assert_int_equal(sb_buf_addc(&b, ';'), 0);
    }
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(st);
    snprintf(out, n, "%s", sb_buf_str(&b));
    sb_buf_release(&b);
}

/* The error preparing or running 'sql' gives. */
static void error_of(struct sb_db *db, const char *sql, char *out, size_t n)
{
    sqlite3 *h = sb_db_handle(db);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);

    if (rc == SQLITE_OK)
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
    assert_int_not_equal(rc, SQLITE_DONE);
    snprintf(out, n, "%s", sqlite3_errmsg(h));
    sqlite3_finalize(st);
}

static void test_newest_three_with_the_count(void **state)
{
    struct sb_db *db = open_db();
    char got[1024];

    (void)state;
    rows(db, "SELECT subject, lines, latest, ev_text, first_seen, kind, name,"
         " ev_source, ev_file FROM sig_hits('cuda-oom', 'boom')", got,
         sizeof(got));
    assert_string_equal(got,
        "Container 'worker' of pod 'ml/train-0'| (5 lines)|boom 5|boom 5|"
        "2026-01-01T10:00:01|Pod|train-0|log|logs/ml/train-0/worker.log;"
        "Container 'worker' of pod 'ml/train-0'| (5 lines)|boom 5|boom 4|"
        "2026-01-01T10:00:01|Pod|train-0|log|logs/ml/train-0/worker.log;"
        "Container 'worker' of pod 'ml/train-0'| (5 lines)|boom 5|boom 3|"
        "2026-01-01T10:00:01|Pod|train-0|log|logs/ml/train-0/worker.log;");
    sb_db_close(db);
}

static void test_exclude_and_no_pattern(void **state)
{
    struct sb_db *db = open_db();
    char got[1024];

    (void)state;
    /* NCCL INFO lines not counted: 4 lines, the newest three kept */
    rows(db, "SELECT lines, ev_text FROM sig_hits('nccl-failure', 'boom', "
         "'(?i)NCCL INFO')", got, sizeof(got));
    assert_string_equal(got, " (4 lines)|boom 5; (4 lines)|boom 4;"
                        " (4 lines)|boom 3;");
    /* a NULL pattern is no pattern; the signatures alone match nothing */
    rows(db, "SELECT * FROM sig_hits('cuda-oom', NULL)", got, sizeof(got));
    assert_string_equal(got, "");
    rows(db, "SELECT * FROM sig_hits('cuda-oom')", got, sizeof(got));
    assert_string_equal(got, "");
    sb_db_close(db);
}

/* The matched signature's remedy is on each container's newest hit, the
 * row a finding takes its remedy from; the older hits do not match the
 * signatures again, even when they would match one. */
static void test_remedy_on_the_newest_hit(void **state)
{
    struct sb_db *db = open_db();
    char got[1024];

    (void)state;
    assert_int_equal(sqlite3_exec(sb_db_handle(db), "UPDATE log_text SET "
                                  "text = 'boom: No available memory for "
                                  "the cache blocks' WHERE id IN (6, 7)",
                                  NULL, NULL, NULL), SQLITE_OK);
    rows(db, "SELECT ev_text, remediation IS NOT NULL FROM "
         "sig_hits('cuda-oom', 'boom')", got, sizeof(got));
    assert_string_equal(got,
        "boom: No available memory for the cache blocks|1;"
        "boom: No available memory for the cache blocks|0;"
        "boom 3|0;");
    sb_db_close(db);
}

static void test_errors_name_what_is_wrong(void **state)
{
    struct sb_db *db = open_db();
    char got[512];

    (void)state;
    error_of(db, "SELECT * FROM sig_hits()", got, sizeof(got));
    assert_non_null(strstr(got, "sig_hits needs a rule"));
    error_of(db, "SELECT * FROM sig_hits('no-such-rule')", got, sizeof(got));
    assert_non_null(strstr(got, "no failure signature feeds rule "
                           "'no-such-rule'"));
    error_of(db, "SELECT * FROM sig_hits('cuda-oom', '(unclosed')", got,
             sizeof(got));
    assert_non_null(strstr(got, "sig_hits('cuda-oom')"));
    sb_db_close(db);
}

/* The patterns of a sig_hits call are searched during the load: after
 * the scan, log_grep answers them from what it found then, so a line
 * changed afterwards still counts as it was (a pattern nobody announced
 * would be searched in the table as it is now). */
static void test_patterns_are_announced(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db;
    struct sb_loggrep *g;
    char got[512];

    (void)state;
    assert_int_equal(sb_db_open(":memory:", &db, &err), 0);
    assert_non_null(g = sb_loggrep_new(&err));
    assert_int_equal(sb_sighits_announce_sql(g, "SELECT * FROM sig_hits ( "
                                             "'cuda-oom',\n  'it''s|boom "
                                             "[0-9]') JOIN sig_hits('bad",
                                             &err), 0);
    assert_int_equal(sb_loggrep_live_start(g, &err), 0);
    insert(db, g);
    assert_true(sb_loggrep_live_finish(g, sb_db_handle(db)));
    assert_int_equal(sb_loggrep_attach(g, sb_db_handle(db), &err), 0);
    functions(sb_db_handle(db));
    assert_int_equal(sqlite3_exec(sb_db_handle(db), "UPDATE log_text SET "
                                  "text = 'quiet'", NULL, NULL, NULL),
                     SQLITE_OK);
    rows(db, "SELECT group_concat(line_id) FROM log_grep('it''s|boom [0-9]')",
         got, sizeof(got));
    assert_string_equal(got, "2,3,4,6,7;");
    /* not announced: searched now, and nothing says boom any more */
    rows(db, "SELECT count(*) FROM log_grep('boom')", got, sizeof(got));
    assert_string_equal(got, "0;");
    sb_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_newest_three_with_the_count),
        cmocka_unit_test(test_exclude_and_no_pattern),
        cmocka_unit_test(test_remedy_on_the_newest_hit),
        cmocka_unit_test(test_errors_name_what_is_wrong),
        cmocka_unit_test(test_patterns_are_announced),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
