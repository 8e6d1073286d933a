#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sb_buf.h"
#include "sb_http.h"
#include "sb_tailfile.h"

static int collect_chunk(void *ctx, const char *p, size_t n)
{
    return sb_buf_add(ctx, p, n);
}

static void write_lines(struct sb_tailfile *t, int from, int to)
{
    char line[64];

    for (int i = from; i < to; i++) {
        int n = snprintf(line, sizeof(line), "line %06d\n", i);
        assert_int_equal(sb_tailfile_write(t, line, (size_t)n), 0);
    }
}

static void test_a_short_stream_is_kept_whole(void **state)
{
    struct sb_tailfile t;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    bool dropped = true;

    assert_int_equal(sb_tailfile_init(&t, 1000, NULL), 0);
    write_lines(&t, 0, 3);
    assert_int_equal(sb_tailfile_each(&t, 0, false, collect_chunk, &b,
                                      &dropped), 0);
    assert_string_equal(sb_buf_str(&b),
                        "line 000000\nline 000001\nline 000002\n");
    assert_false(dropped);
    sb_buf_release(&b);
    sb_tailfile_release(&t);
}

static void test_a_long_stream_keeps_the_newest_whole_lines(void **state)
{
    struct sb_tailfile t;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    bool dropped = false;

    /* 12 bytes a line; 200,000 lines pass the compaction point often */
    assert_int_equal(sb_tailfile_init(&t, 12 * 10 + 5, NULL), 0);
    write_lines(&t, 0, 200000);
    assert_true(t.len < 2 * 125 + 256 * 1024 + 12);
    assert_int_equal(sb_tailfile_each(&t, 0, false, collect_chunk, &b,
                                      &dropped), 0);
    assert_true(dropped);
    assert_int_equal(b.len, 12 * 10);
    assert_memory_equal(b.data, "line 199990\n", 12);
    assert_memory_equal(b.data + b.len - 12, "line 199999\n", 12);
    sb_buf_release(&b);
    sb_tailfile_release(&t);
}

static void test_the_line_cap_keeps_the_last_lines(void **state)
{
    struct sb_tailfile t;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    bool dropped = false;

    assert_int_equal(sb_tailfile_init(&t, 1 << 20, NULL), 0);
    write_lines(&t, 0, 50);
    assert_int_equal(sb_tailfile_each(&t, 2, false, collect_chunk, &b,
                                      &dropped), 0);
    assert_string_equal(sb_buf_str(&b), "line 000048\nline 000049\n");
    assert_true(dropped);
    sb_buf_release(&b);
    sb_tailfile_release(&t);
}

static void test_a_ranged_read_drops_its_partial_first_line(void **state)
{
    struct sb_tailfile t;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    assert_int_equal(sb_tailfile_init(&t, 1 << 20, NULL), 0);
    assert_int_equal(sb_tailfile_write(&t, "ne 1\nline 2\nline 3", 18), 0);
    assert_int_equal(sb_tailfile_each(&t, 0, true, collect_chunk, &b, NULL),
                     0);
    assert_string_equal(sb_buf_str(&b), "line 2\nline 3");
    sb_buf_release(&b);
    sb_tailfile_release(&t);
}

static void test_reset_forgets_a_failed_attempt(void **state)
{
    struct sb_tailfile t;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    assert_int_equal(sb_tailfile_init(&t, 1 << 20, NULL), 0);
    write_lines(&t, 0, 10);
    sb_tailfile_reset(&t);
    write_lines(&t, 7, 8);
    assert_int_equal(sb_tailfile_each(&t, 0, false, collect_chunk, &b, NULL),
                     0);
    assert_string_equal(sb_buf_str(&b), "line 000007\n");
    sb_buf_release(&b);
    sb_tailfile_release(&t);
}

static void test_status_texts_name_the_status(void **state)
{
    char buf[64];

    assert_string_equal(sb_http_status_text(403, buf), "403 Forbidden");
    assert_string_equal(sb_http_status_text(410, buf), "410 Gone");
    assert_string_equal(sb_http_status_text(429, buf),
                        "429 Too Many Requests");
    assert_string_equal(sb_http_status_text(599, buf), "HTTP 599");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_short_stream_is_kept_whole),
        cmocka_unit_test(test_a_long_stream_keeps_the_newest_whole_lines),
        cmocka_unit_test(test_the_line_cap_keeps_the_last_lines),
        cmocka_unit_test(test_a_ranged_read_drops_its_partial_first_line),
        cmocka_unit_test(test_reset_forgets_a_failed_attempt),
        cmocka_unit_test(test_status_texts_name_the_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
