/*
 * Evidence with context: the window around a quoted log line for a Go
 * panic, a Python traceback and a CUDA error, its bound, and the fill
 * pass that finds a quoted line in its log and stores the window.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "sb_embed.h"
#include "sb_err.h"
#include "sb_evctx.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void test_go_panic_keeps_message_signal_and_top_frames(void **state)
{
    const char *log[] = {
        "I1123 10:00:00 worker started",
        "panic: runtime error: invalid memory address or nil pointer dereference",
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x4a5c3e]",
        "",
        "goroutine 1 [running]:",
        "main.(*Worker).Run(0x0)",
        "\t/src/worker.go:88 +0x1e",
        "main.main()",
        "\t/src/main.go:42 +0x25",
        "exit status 2",
    };
    int from, to;

    (void)state;
    /* the rule quoted the signal line: the message comes with it */
    sb_evctx_window(log, N(log), 2, &from, &to);
    assert_int_equal(from, 1);
    assert_int_equal(to, 8);
}

static void test_python_traceback_keeps_last_frames_and_exception(
    void **state)
{
    const char *log[] = {
        "INFO loading model",
        "Traceback (most recent call last):",
        "  File \"/app/serve.py\", line 10, in <module>",
        "    main()",
        "  File \"/app/serve.py\", line 7, in main",
        "    load()",
        "  File \"/app/model.py\", line 3, in load",
        "    torch.cuda.set_device(0)",
        "RuntimeError: CUDA error: no CUDA-capable device is detected",
        "INFO shutting down",
    };
    int from, to;

    (void)state;
    sb_evctx_window(log, N(log), 8, &from, &to);
    assert_int_equal(from, 1);
    assert_int_equal(to, 8);
    /* quoting the head finds the exception below it */
    sb_evctx_window(log, N(log), 1, &from, &to);
    assert_int_equal(from, 1);
    assert_int_equal(to, 8);
}

static void test_long_traceback_keeps_the_newest_frames(void **state)
{
    const char *log[24];
    int i, from, to;

    (void)state;
    log[0] = "Traceback (most recent call last):";
    for (i = 1; i < 23; i++)
        log[i] = i % 2 ? "  File \"x.py\", line 1, in f" : "    f()";
    log[23] = "RecursionError: maximum recursion depth exceeded";
    sb_evctx_window(log, N(log), 23, &from, &to);
    assert_int_equal(to, 23);
    assert_int_equal(to - from + 1, SB_EVCTX_MAX);
}

static void test_cuda_error_keeps_the_lines_before_it(void **state)
{
    const char *log[] = {
        "step 41 loss 1.93",
        "step 42: all_reduce of 1.2 GiB on rank 3",
        "CUDA error: an illegal memory access was encountered",
        "Aborted",
        "next",
    };
    int from, to;

    (void)state;
    sb_evctx_window(log, N(log), 2, &from, &to);
    assert_int_equal(from, 0);
    assert_int_equal(to, 3);
    /* at the start of a log there is nothing before */
    sb_evctx_window(log, 1, 0, &from, &to);
    assert_int_equal(from, 0);
    assert_int_equal(to, 0);
}

static void test_window_never_passes_the_bound(void **state)
{
    const char *log[40];
    int i, m, from, to;

    (void)state;
    for (i = 0; i < 40; i++)
        log[i] = i == 5 ? "panic: boom" : "\tframe";
    for (m = 0; m < 40; m++) {
        sb_evctx_window(log, N(log), m, &from, &to);
        assert_true(from <= m && m <= to);
        assert_true(to - from < SB_EVCTX_MAX);
        assert_true(from >= 0 && to < 40);
    }
}

static sqlite3 *db_new(void)
{
    const struct sb_embed_file *f;
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    for (f = sb_embed_files; f->name; f++)
        if (strncmp(f->name, "schema/", 7) == 0)
            assert_int_equal(sqlite3_exec(db, f->data, NULL, NULL, NULL),
                             SQLITE_OK);
    return db;
}

static void test_fill_finds_the_line_and_stores_its_context(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    sqlite3 *db = db_new();
    sqlite3_stmt *st = NULL;

    (void)state;
    assert_int_equal(sqlite3_exec(db,
        "INSERT INTO log_lines(bundle_id, namespace, pod, container,"
        " previous, line_no, time, text, file) VALUES"
        " (1,'ns','p','c',1,1,NULL,'step 42: all_reduce on rank 3','f.log'),"
        " (1,'ns','p','c',1,2,NULL,'NCCL error: unhandled cuda error','f.log'),"
        " (1,'ns','p','c',1,3,NULL,'exiting','f.log');"
        "INSERT INTO finding_evidence(finding_id, seq, source, time, text,"
        " file) VALUES ('F001', 1, 'log', NULL,"
        " 'NCCL error: unhandled cuda error', 'f.log'),"
        " ('F001', 2, 'log', NULL, 'not in the log', 'f.log'),"
        " ('F001', 3, 'status', NULL, 'exiting', 'f.log');",
        NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sb_evctx_fill(db, &err), 0);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT seq, coalesce(context,"
                     " '-'), coalesce(context_match, -1) FROM"
                     " finding_evidence ORDER BY seq", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 1),
                        "step 42: all_reduce on rank 3\n"
                        "NCCL error: unhandled cuda error\nexiting");
    assert_int_equal(sqlite3_column_int(st, 2), 1);
    /* a line not found, and evidence that is not a log line: none */
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "-");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "-");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Several quotes of one file are found in one read of its lines: each
 * gets the newest equal line of the first stream that has it, two equal
 * quotes the same line, and a file's second stream serves a quote the
 * first lacks. */
static void test_fill_finds_each_quote_of_a_file(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    sqlite3 *db = db_new();
    sqlite3_stmt *st = NULL;
    static const char *const want[] = {
        "x\na\nerr X\nb",   /* the newer 'err X' of the first stream */
        "err X\nb\nerr Y\nc",
        "x\na\nerr X\nb",   /* the same quote again */
        "q\nonly later",    /* the second stream of the file */
        "-",                /* in no stream */
    };
    int i;

    (void)state;
    assert_int_equal(sqlite3_exec(db,
        "INSERT INTO log_lines(bundle_id, namespace, pod, container,"
        " previous, line_no, time, text, file) VALUES"
        " (1,'ns','p','c',0,1,NULL,'err X','f.log'),"
        " (1,'ns','p','c',0,2,NULL,'x','f.log'),"
        " (1,'ns','p','c',0,3,NULL,'a','f.log'),"
        " (1,'ns','p','c',0,4,NULL,'err X','f.log'),"
        " (1,'ns','p','c',0,5,NULL,'b','f.log'),"
        " (1,'ns','p','c',0,6,NULL,'err Y','f.log'),"
        " (1,'ns','p','c',0,7,NULL,'c','f.log'),"
        " (1,'ns','p','c',1,1,NULL,'q','f.log'),"
        " (1,'ns','p','c',1,2,NULL,'only later','f.log');"
        "INSERT INTO finding_evidence(finding_id, seq, source, time, text,"
        " file) VALUES ('F001', 1, 'log', NULL, 'err X', 'f.log'),"
        " ('F001', 2, 'log', NULL, 'err Y', 'f.log'),"
        " ('F002', 1, 'log', NULL, 'err X', 'f.log'),"
        " ('F002', 2, 'log', NULL, 'only later', 'f.log'),"
        " ('F003', 1, 'log', NULL, 'err Z', 'f.log');",
        NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sb_evctx_fill(db, &err), 0);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT coalesce(context, '-')"
                     " FROM finding_evidence ORDER BY finding_id, seq", -1,
                     &st, NULL), SQLITE_OK);
    for (i = 0; i < N(want); i++) {
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(st, 0),
                            want[i]);
    }
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_go_panic_keeps_message_signal_and_top_frames),
        cmocka_unit_test(
            test_python_traceback_keeps_last_frames_and_exception),
        cmocka_unit_test(test_long_traceback_keeps_the_newest_frames),
        cmocka_unit_test(test_cuda_error_keeps_the_lines_before_it),
        cmocka_unit_test(test_window_never_passes_the_bound),
        cmocka_unit_test(test_fill_finds_the_line_and_stores_its_context),
        cmocka_unit_test(test_fill_finds_each_quote_of_a_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
