#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_logbudget.h"

/* What write() handed on, member by member. */
struct sink {
    struct sb_buf names;    /* "path\n" each */
    struct sb_buf text[8];
    int n;
    int fail_at;            /* fail the member with this index, or -1 */
};

static int sink_add(void *ctx, const char *path, const void *p, size_t n)
{
    struct sink *s = ctx;
    int rc;

    if (s->n == s->fail_at)
        return -3;
    assert_true(s->n < 8);
    /* an append that fails is the writer's failure to report, as a
     * real sink's would be (the allocation-failure test makes them) */
    sb_buf_init(&s->text[s->n], SB_BUF_UNLIMITED);
    rc = sb_buf_adds(&s->names, path);
    if (!rc)
        rc = sb_buf_addc(&s->names, '\n');
    if (!rc)
        rc = sb_buf_add(&s->text[s->n], p, n);
    if (rc)
        return rc;
    s->n++;
    return 0;
}

static void sink_release(struct sink *s)
{
    sb_buf_release(&s->names);
    for (int i = 0; i < s->n; i++)
        sb_buf_release(&s->text[i]);
}

/* 'n' lines of 'width' bytes each (newline included), numbered from 0,
 * hard to compress: the estimate must not make them free. */
static char *lines(int n, int width, size_t *len)
{
    char *t = malloc((size_t)n * (size_t)width + 1);
    unsigned x = 12345;

    for (int i = 0; i < n; i++) {
        char *l = t + (size_t)i * (size_t)width;
        int k = snprintf(l, (size_t)width, "%06d ", i);
        for (; k < width - 1; k++) {
            x = x * 1103515245u + 12345u;
            l[k] = "0123456789abcdef"[(x >> 16) & 15];
        }
        l[width - 1] = '\n';
    }
    t[(size_t)n * (size_t)width] = 0;
    *len = (size_t)n * (size_t)width;
    return t;
}

static struct sb_logbudget *three_streams(void)
{
    struct sb_logbudget *b;
    struct sb_err err = SB_ERR_INIT;
    size_t len;
    char *t;

    assert_int_equal(sb_logbudget_new(1 << 20, &b, &err), 0);
    t = lines(2, 50, &len);             /* 100 bytes */
    assert_int_equal(sb_logbudget_hold(b, "small.log", t, len, NULL, &err),
                     0);
    free(t);
    t = lines(20, 50, &len);            /* 1000 bytes */
    assert_int_equal(sb_logbudget_hold(b, "mid.log", t, len, NULL, &err), 0);
    free(t);
    t = lines(400, 50, &len);           /* 20000 bytes */
    assert_int_equal(sb_logbudget_hold(b, "big.log", t, len, NULL, &err), 0);
    free(t);
    return b;
}

static void test_everything_fits_no_share(void **state)
{
    struct sb_logbudget *b = three_streams();
    uint64_t n, bytes;

    sb_logbudget_stats(b, &n, &bytes);
    assert_int_equal(n, 3);
    assert_int_equal(bytes, 21100);
    assert_true(sb_logbudget_share(b, 1 << 20) == UINT64_MAX);
    /* not even the members' headers fit */
    assert_int_equal(sb_logbudget_share(b, 100), 0);
    sb_logbudget_free(b);
}

static void test_share_is_water_filled(void **state)
{
    struct sb_logbudget *b = three_streams();
    uint64_t q1 = sb_logbudget_share(b, 4000);
    uint64_t q2 = sb_logbudget_share(b, 8000);

    /* the small streams fit whole under the share; the big one is cut */
    assert_true(q1 > 1000 && q1 < 20000);
    /* more room, a larger share */
    assert_true(q2 > q1);
    /* the small streams are under it: only the big one pays */
    assert_true(q1 >= 1000);
    sb_logbudget_free(b);
}

static void test_write_keeps_newest_whole_lines(void **state)
{
    struct sb_logbudget *b = three_streams();
    struct sink s = { SB_BUF_INIT(SB_BUF_UNLIMITED), { { 0 } }, 0, -1 };
    struct sb_err err = SB_ERR_INIT;
    cJSON *rep, *t;
    size_t len;
    char *big = lines(400, 50, &len);
    uint64_t q = sb_logbudget_share(b, 4000);
    size_t kept;

    assert_int_equal(sb_logbudget_write(b, 4000, sink_add, &s, &err), 0);
    assert_int_equal(s.n, 3);
    assert_string_equal(sb_buf_str(&s.names),
                        "small.log\nmid.log\nbig.log\n");
    assert_int_equal(s.text[0].len, 100);
    assert_int_equal(s.text[1].len, 1000);
    kept = s.text[2].len;
    /* whole lines, the newest, within the share */
    assert_true(kept <= q && kept + 50 > q);
    assert_int_equal(kept % 50, 0);
    assert_memory_equal(s.text[2].data, big + len - kept, kept);

    rep = sb_logbudget_report(b);
    assert_non_null(rep);
    assert_int_equal(cJSON_GetObjectItem(rep, "streams")->valuedouble, 3);
    assert_int_equal(cJSON_GetObjectItem(rep, "streams_trimmed")->valuedouble,
                     1);
    assert_int_equal(cJSON_GetObjectItem(rep, "share_bytes")->valuedouble,
                     (double)q);
    t = cJSON_GetArrayItem(cJSON_GetObjectItem(rep, "trimmed"), 0);
    assert_string_equal(cJSON_GetObjectItem(t, "path")->valuestring,
                        "big.log");
    assert_int_equal(cJSON_GetObjectItem(t, "lines_kept")->valuedouble,
                     (double)(kept / 50));
    assert_int_equal(cJSON_GetObjectItem(t, "lines_dropped")->valuedouble,
                     (double)(400 - kept / 50));
    assert_int_equal(cJSON_GetObjectItem(t, "bytes_dropped")->valuedouble,
                     (double)(len - kept));
    cJSON_Delete(rep);
    free(big);
    sink_release(&s);
    sb_logbudget_free(b);
}

/* Whatever the budget, the kept text is a suffix of the stream that
 * starts at a line, no longer than the share, and the lines add up. */
static void test_a_cut_inside_a_line_drops_that_line(void **state)
{
    /* no newline at the end: the last line still counts */
    const char *t = "a very long first line that must go first\nkept\nlast";
    size_t len = strlen(t);
    bool cut_inside = false;

    for (uint64_t avail = 0; avail < 400; avail++) {
        struct sb_logbudget *b;
        struct sink s = { SB_BUF_INIT(SB_BUF_UNLIMITED), { { 0 } }, 0, -1 };
        struct sb_err err = SB_ERR_INIT;
        cJSON *rep, *tr;
        uint64_t q;
        size_t k, lines;

        assert_int_equal(sb_logbudget_new(1 << 20, &b, &err), 0);
        assert_int_equal(sb_logbudget_hold(b, "x.log", t, len, NULL, &err),
                         0);
        q = sb_logbudget_share(b, avail);
        assert_int_equal(sb_logbudget_write(b, avail, sink_add, &s, &err), 0);
        assert_int_equal(s.n, 1);
        k = s.text[0].len;
        assert_true(k <= q);
        assert_memory_equal(s.text[0].data ? s.text[0].data : "",
                            t + len - k, k);
        assert_true(k == len || k == 0 || t[len - k - 1] == '\n');
        cut_inside |= q < len && q > k && t[len - q - 1] != '\n';
        rep = sb_logbudget_report(b);
        tr = cJSON_GetArrayItem(cJSON_GetObjectItem(rep, "trimmed"), 0);
        if (k == len) {
            assert_null(tr);
        } else {
            lines = (size_t)cJSON_GetObjectItem(tr, "lines_dropped")
                    ->valuedouble +
                    (size_t)cJSON_GetObjectItem(tr, "lines_kept")->valuedouble;
            assert_int_equal(lines, 3);
        }
        cJSON_Delete(rep);
        sink_release(&s);
        sb_logbudget_free(b);
    }
    assert_true(cut_inside);
}

static void test_a_stream_is_held_from_a_file(void **state)
{
    struct sb_logbudget *b;
    struct sink s = { SB_BUF_INIT(SB_BUF_UNLIMITED), { { 0 } }, 0, -1 };
    struct sb_err err = SB_ERR_INIT;
    FILE *f = tmpfile();

    fputs("one\ntwo\n", f);
    assert_int_equal(sb_logbudget_new(1 << 20, &b, &err), 0);
    assert_int_equal(sb_logbudget_hold(b, "f.log", NULL, 0, f, &err), 0);
    assert_int_equal(sb_logbudget_write(b, 1 << 20, sink_add, &s, &err), 0);
    assert_string_equal(sb_buf_str(&s.text[0]), "one\ntwo\n");
    fclose(f);
    sink_release(&s);
    sb_logbudget_free(b);
}

static void test_errors_name_the_stream(void **state)
{
    struct sb_logbudget *b;
    struct sink s = { SB_BUF_INIT(SB_BUF_UNLIMITED), { { 0 } }, 0, 1 };
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(sb_logbudget_new(16, &b, &err), 0);
    assert_int_equal(sb_logbudget_hold(b, "a.log", "a\n", 2, NULL, &err), 0);
    assert_int_equal(sb_logbudget_hold(b, "b.log", "b\n", 2, NULL, &err), 0);
    /* longer than a stream may be */
    assert_int_equal(sb_logbudget_hold(b, "long.log", "0123456789abcdefg",
                                       17, NULL, &err), SB_E_TOOBIG);
    assert_non_null(strstr(err.msg, "'long.log'"));
    /* the writer's failure stops the write and names the member */
    assert_int_not_equal(sb_logbudget_write(b, 1 << 20, sink_add, &s, &err),
                         0);
    assert_non_null(strstr(err.msg, "'b.log'"));
    /* nothing may be held once written */
    assert_int_equal(sb_logbudget_hold(b, "c.log", "c\n", 2, NULL, &err),
                     SB_E_INTERNAL);
    sink_release(&s);
    sb_logbudget_free(b);
}

static void test_each_allocation_failing_is_clean(void **state)
{
    for (long n = 0;; n++) {
        struct sb_logbudget *b = NULL;
        struct sink s = { SB_BUF_INIT(SB_BUF_UNLIMITED), { { 0 } }, 0, -1 };
        struct sb_err err = SB_ERR_INIT;
        cJSON *rep = NULL;
        long made;
        int rc;

        sb_alloc_fail_after(n);
        rc = sb_logbudget_new(1 << 20, &b, &err);
        if (!rc)
            rc = sb_logbudget_hold(b, "a.log", "one\ntwo\n", 8, NULL, &err);
        if (!rc)
            rc = sb_logbudget_hold(b, "b.log", "three\n", 6, NULL, &err);
        if (!rc)
            rc = sb_logbudget_write(b, 1 << 20, sink_add, &s, &err);
        if (!rc)
            rep = sb_logbudget_report(b);
        made = sb_alloc_fail_after(-1);
        if (rc)
            assert_int_equal(rc, SB_E_NOMEM);
        cJSON_Delete(rep);
        sink_release(&s);
        sb_logbudget_free(b);
        if (!rc && made <= n)
            break;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_everything_fits_no_share),
        cmocka_unit_test(test_share_is_water_filled),
        cmocka_unit_test(test_write_keeps_newest_whole_lines),
        cmocka_unit_test(test_a_cut_inside_a_line_drops_that_line),
        cmocka_unit_test(test_a_stream_is_held_from_a_file),
        cmocka_unit_test(test_errors_name_the_stream),
        cmocka_unit_test(test_each_allocation_failing_is_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
