#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sb_buf.h"
#include "sb_err.h"
#include "sb_pathset.h"

/* Enough strings to grow the table several times: each is found again,
 * none is confused with another, and each reads back by its offset. */
static void test_many_strings_are_kept_exactly(void **state)
{
    struct sb_pathset *s = NULL;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    static uint64_t offs[20000];
    char p[64];

    (void)state;
    assert_int_equal(sb_pathset_new(&s), 0);
    assert_int_equal(sb_pathset_has(s, "logs/a/b/c.log"), 0);
    for (int i = 0; i < 20000; i++) {
        snprintf(p, sizeof(p), "logs/ns-%d/pod-%d/c.log", i % 7, i);
        assert_int_equal(sb_pathset_add(s, p, &offs[i]), 0);
    }
    assert_int_equal(sb_pathset_count(s), 20000);
    for (int i = 0; i < 20000; i++) {
        uint64_t off = 0;
        snprintf(p, sizeof(p), "logs/ns-%d/pod-%d/c.log", i % 7, i);
        assert_int_equal(sb_pathset_has(s, p), 1);
        assert_int_equal(sb_pathset_add(s, p, &off), 1);
        assert_true(off == offs[i]);
        assert_int_equal(sb_pathset_get(s, offs[i], &b), 0);
        assert_string_equal(sb_buf_str(&b), p);
    }
    assert_int_equal(sb_pathset_count(s), 20000);
    /* a prefix and an extension of a stored string are other strings */
    assert_int_equal(sb_pathset_has(s, "logs/ns-0/pod-0/c.lo"), 0);
    assert_int_equal(sb_pathset_has(s, "logs/ns-0/pod-0/c.log2"), 0);
    assert_int_equal(sb_pathset_add(s, "", NULL), 0);
    assert_int_equal(sb_pathset_has(s, ""), 1);
    sb_buf_release(&b);
    sb_pathset_free(s);
}

/* An offset that is not where a string starts is refused, not read. */
static void test_a_bad_offset_is_refused(void **state)
{
    struct sb_pathset *s = NULL;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    uint64_t off = 0;

    (void)state;
    assert_int_equal(sb_pathset_new(&s), 0);
    assert_int_equal(sb_pathset_get(s, 0, &b), SB_E_FORMAT);
    assert_int_equal(sb_pathset_add(s, "describe/x.txt", &off), 0);
    assert_int_equal(sb_pathset_get(s, off + 1000, &b), SB_E_FORMAT);
    assert_int_equal(sb_pathset_get(s, off, &b), 0);
    assert_string_equal(sb_buf_str(&b), "describe/x.txt");
    sb_buf_release(&b);
    sb_pathset_free(s);
    sb_pathset_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_strings_are_kept_exactly),
        cmocka_unit_test(test_a_bad_offset_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
