#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sb_buf.h"
#include "sb_proc.h"
#include "sb_time.h"

static int run(const char *script, int64_t timeout_ms, struct sb_buf *out,
               struct sb_buf *errout, struct sb_proc_result *res)
{
    char *argv[] = { "sh", "-c", (char *)script, NULL };
    struct sb_proc_opts o = { timeout_ms, NULL, 0, NULL };
    struct sb_err err = SB_ERR_INIT;

    return sb_proc_run(argv, &o, out, errout, res, &err);
}

static void test_proc_captures_stdout_stderr_and_exit_status(void **state)
{
    struct sb_buf out = SB_BUF_INIT(1024), errout = SB_BUF_INIT(1024);
    struct sb_proc_result res;
    char why[128];

    assert_int_equal(run("echo hello; echo oops >&2; exit 3", 5000, &out,
                         &errout, &res), 0);
    assert_string_equal(sb_buf_str(&out), "hello\n");
    assert_string_equal(sb_buf_str(&errout), "oops\n");
    assert_int_equal(res.exit_code, 3);
    assert_false(res.timed_out);
    assert_false(res.not_found);
    sb_proc_describe(&res, why, sizeof(why));
    assert_string_equal(why, "exit status 3");
    sb_buf_release(&out);
    sb_buf_release(&errout);
}

static void test_proc_hung_command_is_killed_at_its_deadline(void **state)
{
    struct sb_buf out = SB_BUF_INIT(1024);
    struct sb_proc_result res;
    int64_t t0 = sb_time_mono_ms();
    char why[128];

    /* the background sleep holds stdout open: the group must die too */
    assert_int_equal(run("echo started; sleep 30 & sleep 30", 300, &out, NULL,
                         &res), 0);
    assert_true(sb_time_mono_ms() - t0 < 5000);
    assert_true(res.timed_out);
    assert_int_equal(res.exit_code, -1);
    assert_string_equal(sb_buf_str(&out), "started\n");
    sb_proc_describe(&res, why, sizeof(why));
    assert_non_null(strstr(why, "timed out after"));
    sb_buf_release(&out);
}

static void test_proc_missing_tool_is_reported_not_run(void **state)
{
    char *argv[] = { "sbundle-no-such-tool-here", "-x", NULL };
    struct sb_proc_opts o = { 5000, NULL, 0, NULL };
    struct sb_buf out = SB_BUF_INIT(1024);
    struct sb_err err = SB_ERR_INIT;
    struct sb_proc_result res;
    char why[128];

    assert_int_equal(sb_proc_run(argv, &o, &out, NULL, &res, &err), 0);
    assert_true(res.not_found);
    assert_int_equal(res.exit_code, -1);
    sb_proc_describe(&res, why, sizeof(why));
    assert_string_equal(why, "cannot run: No such file or directory");
    assert_int_equal(out.len, 0);
    sb_buf_release(&out);
}

static void test_proc_output_past_the_cap_is_dropped_and_flagged(void **state)
{
    struct sb_buf out = SB_BUF_INIT(1000);
    struct sb_proc_result res;

    assert_int_equal(run("head -c 200000 /dev/zero | tr '\\0' x", 5000, &out,
                         NULL, &res), 0);
    assert_int_equal(out.len, 1000);
    assert_true(res.truncated);
    assert_int_equal(res.exit_code, 0);
    assert_false(res.timed_out);
    sb_buf_release(&out);
}

static void test_proc_signal_death_is_described(void **state)
{
    struct sb_proc_result res;
    char why[128];

    assert_int_equal(run("kill -9 $$", 5000, NULL, NULL, &res), 0);
    assert_int_equal(res.signal, 9);
    sb_proc_describe(&res, why, sizeof(why));
    assert_string_equal(why, "killed by signal 9");
}

static void test_proc_stop_flag_ends_the_child_early(void **state)
{
    static volatile sig_atomic_t stop = 1;
    char *argv[] = { "sleep", "30", NULL };
    struct sb_proc_opts o = { 30000, NULL, 0, &stop };
    struct sb_err err = SB_ERR_INIT;
    struct sb_proc_result res;
    int64_t t0 = sb_time_mono_ms();
    char why[128];

    assert_int_equal(sb_proc_run(argv, &o, NULL, NULL, &res, &err), 0);

    assert_true(sb_time_mono_ms() - t0 < 5000);
    assert_true(res.stopped);
    assert_false(res.timed_out);
    sb_proc_describe(&res, why, sizeof(why));
    assert_non_null(strstr(why, "stopped by a signal after"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proc_captures_stdout_stderr_and_exit_status),
        cmocka_unit_test(test_proc_hung_command_is_killed_at_its_deadline),
        cmocka_unit_test(test_proc_missing_tool_is_reported_not_run),
        cmocka_unit_test(test_proc_output_past_the_cap_is_dropped_and_flagged),
        cmocka_unit_test(test_proc_signal_death_is_described),
        cmocka_unit_test(test_proc_stop_flag_ends_the_child_early),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
