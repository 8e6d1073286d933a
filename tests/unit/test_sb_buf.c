#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_time.h"

static void test_buf_add_past_max_fails_and_keeps_content(void **state)
{
    struct sb_buf b = SB_BUF_INIT(8);

    assert_int_equal(sb_buf_adds(&b, "abcd"), 0);
    assert_int_equal(sb_buf_adds(&b, "efghi"), SB_E_TOOBIG);
    assert_string_equal(sb_buf_str(&b), "abcd");
    assert_int_equal(b.len, 4);
    sb_buf_release(&b);
    assert_null(b.data);
}

static void test_buf_addf_and_detach(void **state)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    size_t len;
    char *s;
    int i;

    assert_string_equal(sb_buf_str(&b), "");
    for (i = 0; i < 1000; i++)
        assert_int_equal(sb_buf_addf(&b, "%d,", i), 0);
    s = sb_buf_detach(&b, &len);
    assert_int_equal(len, strlen(s));
    assert_memory_equal(s, "0,1,2,", 6);
    assert_null(b.data);
    sb_free(s);
}

static void test_buf_every_allocation_failure_is_clean(void **state)
{
    long n;

    for (n = 0; n < 20; n++) {
        struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
        int rc = 0, i;

        sb_alloc_fail_after(n);
        for (i = 0; i < 200 && !rc; i++)
            rc = sb_buf_addf(&b, "line %d\n", i);
        sb_alloc_fail_after(-1);
        assert_true(rc == 0 || rc == SB_E_NOMEM);
        assert_int_equal(strlen(sb_buf_str(&b)), b.len);
        sb_buf_release(&b);
    }
}

struct pair {
    int a;
    long b;
};

static void test_array_grow_keeps_elements_and_doubles(void **state)
{
    struct pair *v = NULL;
    size_t n = 0, alloc = 0, grows = 0, last = 0;
    int i;

    for (i = 0; i < 1000; i++) {
        assert_int_equal(SB_ARRAY_GROW(v, n + 1, alloc, 5000), 0);
        assert_true(alloc >= n + 1);
        if (alloc != last)
            grows++;
        last = alloc;
        v[n].a = i;
        v[n++].b = -i;
    }
    for (i = 0; i < 1000; i++)
        assert_true(v[i].a == i && v[i].b == -i);
    /* amortised: a handful of reallocations, not one per element */
    assert_true(grows <= 10);
    /* room already there: nothing moves */
    assert_int_equal(SB_ARRAY_GROW(v, 10, alloc, 5000), 0);
    assert_int_equal(alloc, last);
    sb_free(v);
}

static void test_array_grow_stops_at_max_and_overflow(void **state)
{
    struct pair *v = NULL, *before;
    char (*big)[1 << 20] = NULL;
    size_t n = 0, alloc = 0, bigalloc = 0;

    while (n < 100) {
        assert_int_equal(SB_ARRAY_GROW(v, n + 1, alloc, 100), 0);
        v[n].a = (int)n;
        n++;
    }
    /* doubling stopped at the limit instead of passing it */
    assert_int_equal(alloc, 100);
    before = v;
    assert_int_equal(SB_ARRAY_GROW(v, n + 1, alloc, 100), SB_E_TOOBIG);
    assert_ptr_equal(v, before);
    assert_int_equal(alloc, 100);
    assert_int_equal(v[99].a, 99);
    sb_free(v);
    /* a count whose size in bytes does not fit a size_t */
    assert_int_equal(SB_ARRAY_GROW(big, ((size_t)-1) / 1024, bigalloc,
                                   SB_ARRAY_MAX), SB_E_TOOBIG);
    assert_null(big);
    assert_int_equal(bigalloc, 0);
}

static void test_array_grow_allocation_failure_keeps_array(void **state)
{
    int *v = NULL;
    size_t n = 0, alloc = 0;

    while (n < 8) {
        assert_int_equal(SB_ARRAY_GROW(v, n + 1, alloc, SB_ARRAY_MAX), 0);
        v[n] = (int)n;
        n++;
    }
    sb_alloc_fail_after(0);
    assert_int_equal(SB_ARRAY_GROW(v, n + 1, alloc, SB_ARRAY_MAX),
                     SB_E_NOMEM);
    sb_alloc_fail_after(-1);
    assert_int_equal(alloc, 8);
    assert_int_equal(v[7], 7);
    sb_free(v);
}

static void test_buf_consume_moves_rest_down(void **state)
{
    struct sb_buf b = SB_BUF_INIT(100);

    assert_int_equal(sb_buf_adds(&b, "hello world"), 0);
    sb_buf_consume(&b, 6);
    assert_string_equal(sb_buf_str(&b), "world");
    sb_buf_consume(&b, 99);
    assert_string_equal(sb_buf_str(&b), "");
    sb_buf_release(&b);
}

static void test_time_parse_offsets_and_fractions(void **state)
{
    char out[SB_TIME_MAX];
    int64_t t;
    long ns;

    assert_int_equal(sb_time_parse("2026-11-23T15:04:05Z", &t, &ns), 20);
    assert_string_equal(sb_time_format(t, -1, out), "2026-11-23T15:04:05Z");
    assert_true(sb_time_parse("2026-11-23T17:04:05.5+02:00", &t, &ns) > 0);
    assert_string_equal(sb_time_format(t, -1, out), "2026-11-23T15:04:05Z");
    assert_int_equal(ns, 500000000);
    assert_true(sb_time_normalize("2026-01-02T03:04:05.123456789Z", out));
    assert_string_equal(out, "2026-01-02T03:04:05.123456789Z");
    assert_false(sb_time_normalize("not a time at all!!", out));
    assert_int_equal(sb_time_parse("2026-13-01T00:00:00Z", &t, &ns), 0);
}

static void test_duration_parse_like_kubectl(void **state)
{
    int64_t ms;

    assert_true(sb_duration_parse("90s", &ms));
    assert_int_equal(ms, 90000);
    assert_true(sb_duration_parse("1h30m", &ms));
    assert_int_equal(ms, 5400000);
    assert_true(sb_duration_parse("250ms", &ms));
    assert_int_equal(ms, 250);
    assert_true(sb_duration_parse("30", &ms));
    assert_int_equal(ms, 30000);
    assert_false(sb_duration_parse("lots", &ms));
    assert_false(sb_duration_parse("-5m", &ms));
    assert_false(sb_duration_parse("", &ms));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_add_past_max_fails_and_keeps_content),
        cmocka_unit_test(test_buf_addf_and_detach),
        cmocka_unit_test(test_buf_every_allocation_failure_is_clean),
        cmocka_unit_test(test_buf_consume_moves_rest_down),
        cmocka_unit_test(test_array_grow_keeps_elements_and_doubles),
        cmocka_unit_test(test_array_grow_stops_at_max_and_overflow),
        cmocka_unit_test(test_array_grow_allocation_failure_keeps_array),
        cmocka_unit_test(test_time_parse_offsets_and_fractions),
        cmocka_unit_test(test_duration_parse_like_kubectl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
