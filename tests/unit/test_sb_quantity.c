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

static const char *canon(const char *text, char buf[64])
{
    struct sb_qty q;

    sb_qty_parse(text, &q);
    return sb_qty_str(&q, buf);
}

/* The exact parser behind both the describe printers and the loader's
 * numbers; the cases are where the loader's former strtod copy and the
 * describe copy disagreed. */
static void test_quantity_edges_of_the_former_copies(void **state)
{
    struct sb_qty q;
    char buf[64];
    double v = 0;

    /* sub-nano values round up, as Kubernetes keeps them */
    assert_true(sb_quantity_parse("0.5n", &v));
    assert_true(v == 1e-9);
    /* millicores are exact, not 100 * 0.001 * 1000 */
    assert_true(sb_quantity_parse_for("cpu", "100m", &v));
    assert_true(v == 100.0);
    assert_true(sb_quantity_parse_for("cpu", "0.1", &v));
    assert_true(v == 100.0);
    assert_true(sb_quantity_parse_for("memory", "1.5Gi", &v));
    assert_true(v == 1610612736.0);
    assert_true(sb_quantity_parse("0.3", &v));
    assert_true(v == 0.3);
    assert_true(sb_quantity_parse("-2", &v));
    assert_true(v == -2.0);
    /* the JSON decoder trims blanks before ParseQuantity */
    assert_true(sb_quantity_parse(" 2", &v));
    assert_true(v == 2.0);
    /* more digits than 128 bits hold, or past 10^27, are no quantity */
    assert_false(sb_quantity_parse("1234567890123456789012345678901234567",
                                   &v));
    assert_false(sb_quantity_parse("2e30", &v));
    assert_false(sb_quantity_parse("1e", &v));
    assert_false(sb_quantity_parse("1.2.3", &v));
    assert_false(sb_quantity_parse(NULL, &v));
    /* String() is canonical */
    assert_string_equal(canon("1000m", buf), "1");
    assert_string_equal(canon("1024Mi", buf), "1Gi");
    assert_string_equal(canon("1536Mi", buf), "1536Mi");
    assert_string_equal(canon("0.5", buf), "500m");
    assert_string_equal(canon("1e3", buf), "1e3");
    assert_string_equal(canon("12E", buf), "12E");
    assert_string_equal(canon("0", buf), "0");
    /* a bad one prints as written and counts nothing */
    assert_false(sb_qty_parse("16GB", &q));
    assert_true(q.bad);
    assert_string_equal(sb_qty_str(&q, buf), "16GB");
    /* MilliValue and Value round up */
    assert_true(sb_qty_parse("1.0001", &q));
    assert_int_equal(sb_qty_milli(&q), 1001);
    assert_int_equal(sb_qty_value(&q), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantity_reads_every_suffix_kubernetes_writes),
        cmocka_unit_test(test_quantity_rejects_what_is_not_one),
        cmocka_unit_test(test_quantity_edges_of_the_former_copies),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
