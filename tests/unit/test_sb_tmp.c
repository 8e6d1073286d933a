/*
 * sb_tmp: every temporary file of sbundle follows $TMPDIR the same way.
 * An empty $TMPDIR is unset (serve's kubeconfig once went to
 * "/sbundle-serve-PID.kubeconfig", at the root, when it was empty).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "sb_tmp.h"

static void test_unset_is_tmp(void **state)
{
    (void)state;
    assert_int_equal(unsetenv("TMPDIR"), 0);
    assert_string_equal(sb_tmpdir(), "/tmp");
}

static void test_empty_is_tmp(void **state)
{
    (void)state;
    assert_int_equal(setenv("TMPDIR", "", 1), 0);
    assert_string_equal(sb_tmpdir(), "/tmp");
}

static void test_set_is_followed(void **state)
{
    (void)state;
    assert_int_equal(setenv("TMPDIR", "/var/tmp/sb x", 1), 0);
    assert_string_equal(sb_tmpdir(), "/var/tmp/sb x");
    /* read each time: a later change is followed too */
    assert_int_equal(setenv("TMPDIR", "/scratch", 1), 0);
    assert_string_equal(sb_tmpdir(), "/scratch");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unset_is_tmp),
        cmocka_unit_test(test_empty_is_tmp),
        cmocka_unit_test(test_set_is_followed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
