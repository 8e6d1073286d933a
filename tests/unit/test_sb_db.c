/*
 * The database: schema versions applied in order, and a kept database of
 * an older version migrated with its data (log lines moved into log_text
 * and their streams, the log_lines view giving the same rows).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sb_buf.h"
#include "sb_db.h"
#include "sb_embed.h"

static char path[512];

static int setup(void **state)
{
    const char *t = getenv("TMPDIR");
    int fd;

    (void)state;
    snprintf(path, sizeof(path), "%s/sbdb-XXXXXX", t ? t : "/tmp");
    fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "%s\n", msg);
        fail();
    }
}

/* Rows of 'sql' as "a|b\n" lines. Caller frees. */
static char *rows(sqlite3 *db, const char *sql)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st;
    int i;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (i = 0; i < sqlite3_column_count(st); i++) {
            const unsigned char *t = sqlite3_column_text(st, i);
            assert_int_equal(sb_buf_addf(&b, "%s%s", i ? "|" : "", t ? (const char *)t : ""), 0);
        }
        assert_int_equal(sb_buf_addc(&b, '\n'), 0);
    }
    sqlite3_finalize(st);
    return sb_buf_detach(&b, NULL);
}

#define assert_rows(db, sql, want)                                      \
    do {                                                                \
        char *got_ = rows(db, sql);                                     \
        assert_string_equal(got_, want);                                \
        free(got_);                                                     \
    } while (0)

/* A version 2 database as an earlier analyze left it: lines of one
 * container with their stream, lines of another without (written before
 * streams existed), and the search index over them. */
static void make_v2(void)
{
    sqlite3 *db;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    exec(db, sb_embed_find("schema/001_core.sql")->data);
    exec(db, sb_embed_find("schema/002_log_streams.sql")->data);
    exec(db, "INSERT INTO log_lines VALUES"
         " (1, 1, 'ml', 'train-0', 'main', 0, 1, '2026-11-23T10:00:00Z',"
         "  'starting', 'logs/ml/train-0/main.log'),"
         " (2, 1, 'ml', 'train-0', 'main', 0, 2, NULL, 'CUDA error',"
         "  'logs/ml/train-0/main.log'),"
         " (3, 1, 'ml', 'train-0', 'side', 1, 1, NULL, 'old side',"
         "  'logs/ml/train-0/side.previous.log'),"
         " (4, 1, 'ml', 'train-0', 'side', 1, 2, NULL, 'side died',"
         "  'logs/ml/train-0/side.previous.log');"
         "INSERT INTO log_streams(bundle_id, namespace, pod, container,"
         " previous, file, first_id, last_id, lines) VALUES (1, 'ml',"
         " 'train-0', 'main', 0, 'logs/ml/train-0/main.log', 1, 2, 2);"
         "INSERT INTO log_fts(log_fts) VALUES('rebuild');");
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static const char every_line[] =
    "SELECT id, bundle_id, namespace, pod, container, previous, line_no, "
    "time, text, file FROM log_lines ORDER BY id";
static const char lines_v2[] =
    "1|1|ml|train-0|main|0|1|2026-11-23T10:00:00Z|starting|"
    "logs/ml/train-0/main.log\n"
    "2|1|ml|train-0|main|0|2||CUDA error|logs/ml/train-0/main.log\n"
    "3|1|ml|train-0|side|1|1||old side|logs/ml/train-0/side.previous.log\n"
    "4|1|ml|train-0|side|1|2||side died|logs/ml/train-0/side.previous.log\n";

static void test_an_older_database_is_migrated_with_its_lines(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db;
    sqlite3 *h;
    char top[16];

    (void)state;
    make_v2();
    assert_int_equal(sb_db_open(path, &db, &err), 0);
    h = sb_db_handle(db);
    /* migrated to the newest version, whichever that is */
    snprintf(top, sizeof(top), "%d\n", sb_db_schema_version());
    assert_rows(h, "PRAGMA user_version", top);
    assert_rows(h, every_line, lines_v2);
    /* the lines without a stream got one, with their id range */
    assert_rows(h, "SELECT container, previous, first_id, last_id, lines "
                "FROM log_streams ORDER BY id", "main|0|1|2|2\n"
                "side|1|3|4|2\n");
    /* the search index still finds lines by the same ids */
    assert_rows(h, "SELECT l.container, l.text FROM log_fts JOIN log_lines l"
                " ON l.id = log_fts.rowid WHERE log_fts MATCH 'died'",
                "side|side died\n");
    sb_db_close(db);
}

/* Lines inserted into the view land in log_text, in their stream, whose
 * range and count follow; a NULL where the table had NOT NULL is still
 * refused. */
static void test_inserting_into_the_view(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db;
    sqlite3 *h;

    (void)state;
    assert_int_equal(sb_db_open(path, &db, &err), 0);
    h = sb_db_handle(db);
    exec(h, "INSERT INTO log_lines(bundle_id, namespace, pod, container,"
         " previous, line_no, time, text, file) VALUES"
         " (1, 'a', 'p', 'c', 0, 1, NULL, 'one', 'f'),"
         " (1, 'a', 'q', 'c', 0, 1, NULL, 'other pod', 'g'),"
         " (1, 'a', 'p', 'c', 0, 2, '2026-11-23T10:00:00Z', 'two', 'f')");
    assert_rows(h, "SELECT pod, first_id, last_id, lines FROM log_streams "
                "ORDER BY id", "p|1|3|2\nq|2|2|1\n");
    assert_rows(h, "SELECT id, stream_id, line_no, text FROM log_text "
                "ORDER BY id", "1|1|1|one\n2|2|1|other pod\n3|1|2|two\n");
    assert_int_not_equal(sqlite3_exec(h, "INSERT INTO log_lines(bundle_id,"
                                      " namespace, pod, container, previous,"
                                      " line_no, text) VALUES (1, NULL, 'p',"
                                      " 'c', 0, 3, 'x')", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_rows(h, "SELECT count(*) FROM log_text", "3\n");
    sb_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_an_older_database_is_migrated_with_its_lines, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_inserting_into_the_view, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
