#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "sb_quantity.h"

static void test_quantity_reads_every_suffix_kubernetes_writes(void **state)
{
    double v = -1;

    assert_true(sb_quantity_parse("16Gi", &v));
    assert_true(v == 17179869184.0);
    assert_true(sb_quantity_parse("2k", &v));
    assert_true(v == 2000.0);
    assert_true(sb_quantity_parse("1e3", &v));
    assert_true(v == 1000.0);
    assert_true(sb_quantity_parse("1.5", &v));
    assert_true(v == 1.5);
    assert_true(sb_quantity_parse("40972512Ki", &v));
    assert_true(v == 40972512.0 * 1024);
    assert_true(sb_quantity_parse("2E", &v));
    assert_true(v == 2e18);
    assert_true(sb_quantity_parse_for("cpu", "500m", &v));
    assert_true(v == 500.0);
    assert_true(sb_quantity_parse_for("cpu", "2", &v));
    assert_true(v == 2000.0);
}

static void test_quantity_rejects_what_is_not_one(void **state)
{
    double v = 42;

    assert_false(sb_quantity_parse("", &v));
    assert_false(sb_quantity_parse("Gi", &v));
    assert_false(sb_quantity_parse("16GB", &v));
    assert_false(sb_quantity_parse("0x10", &v));
    assert_false(sb_quantity_parse("inf", &v));
    assert_false(sb_quantity_parse("nan", &v));
    assert_false(sb_quantity_parse("1 Gi", &v));
    assert_true(v == 42);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantity_reads_every_suffix_kubernetes_writes),
        cmocka_unit_test(test_quantity_rejects_what_is_not_one),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
