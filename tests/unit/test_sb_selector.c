#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_selector.h"

static const char *POD =
    "{\"metadata\":{\"name\":\"trainer-0\",\"namespace\":\"ml\","
    "\"labels\":{\"app\":\"trainer\",\"tier\":\"gpu\",\"rank\":\"3\","
    "\"app.kubernetes.io/name\":\"train\"}},"
    "\"spec\":{\"nodeName\":\"gpu-1\",\"priority\":0,\"hostNetwork\":false},"
    "\"status\":{\"phase\":\"Running\"}}";

static bool matches(enum sb_selector_kind kind, const char *sel)
{
    struct sb_selector *s = NULL;
    struct sb_err err = SB_ERR_INIT;
    cJSON *obj = cJSON_Parse(POD);
    bool m;

    assert_non_null(obj);
    assert_int_equal(sb_selector_parse(kind, sel, &s, &err), 0);
    m = sb_selector_match(s, obj);
    sb_selector_free(s);
    cJSON_Delete(obj);
    return m;
}

static bool labels(const char *sel)
{
    return matches(SB_SELECTOR_LABEL, sel);
}

static bool fields(const char *sel)
{
    return matches(SB_SELECTOR_FIELD, sel);
}

static void test_label_equality_and_inequality(void **state)
{
    assert_true(labels("app=trainer"));
    assert_true(labels("app==trainer"));
    assert_false(labels("app=other"));
    assert_true(labels("app!=other"));
    assert_false(labels("app!=trainer"));
    assert_true(labels("missing!=x"));     /* absent label: != matches */
    assert_true(labels("app.kubernetes.io/name=train"));
    assert_false(labels("app="));      /* an empty value is a value */
}

static void test_label_sets_and_existence(void **state)
{
    assert_true(labels("app in (web, trainer)"));
    assert_false(labels("app in (web,db)"));
    assert_true(labels("app notin (web,db)"));
    assert_true(labels("missing notin (web)"));
    assert_true(labels("tier"));
    assert_true(labels("!missing"));
    assert_false(labels("!tier"));
    assert_true(labels("app=trainer,tier in (gpu),!missing"));
    assert_false(labels("app=trainer,tier=cpu"));
}

static void test_label_numeric_comparisons(void **state)
{
    assert_true(labels("rank>2"));
    assert_false(labels("rank<2"));
    assert_false(labels("app>2"));      /* not a number: no match */
}

static void test_empty_selector_matches_everything(void **state)
{
    assert_true(labels(""));
    assert_true(labels(NULL));
    assert_true(fields(""));
    assert_true(sb_selector_match(NULL, NULL));
}

static void test_bad_label_selectors_are_refused_with_a_reason(void **state)
{
    static const char *bad[] = { "app in (a", "=x", "app in a",
                                 "rank>", "!app=x", "a b", "app in (a) x" };
    struct sb_selector *s;
    struct sb_err err = SB_ERR_INIT;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        s = (struct sb_selector *)1;
        assert_int_equal(sb_selector_parse(SB_SELECTOR_LABEL, bad[i], &s,
                                           &err), SB_E_FORMAT);
        assert_null(s);
        assert_non_null(strstr(err.msg, "unable to parse requirement"));
    }
}

static void test_field_paths_and_kinds_of_values(void **state)
{
    assert_true(fields("metadata.name=trainer-0"));
    assert_true(fields("metadata.namespace=ml,spec.nodeName=gpu-1"));
    assert_true(fields("status.phase!=Failed,status.phase!=Succeeded"));
    assert_false(fields("status.phase=Pending"));
    assert_true(fields("spec.priority=0"));
    assert_true(fields("spec.hostNetwork=false"));
    assert_true(fields("spec.missing="));       /* absent reads as "" */
    assert_false(fields("spec.nodeName="));
    assert_true(fields(" metadata.name == trainer-0 "));
}

static void test_field_values_unescape(void **state)
{
    struct sb_selector *s = NULL;
    struct sb_err err = SB_ERR_INIT;
    cJSON *obj = cJSON_Parse("{\"message\":\"a,b=c\\\\d\"}");

    assert_int_equal(sb_selector_parse(SB_SELECTOR_FIELD,
                                       "message=a\\,b\\=c\\\\d", &s, &err), 0);
    assert_true(sb_selector_match(s, obj));
    sb_selector_free(s);
    cJSON_Delete(obj);
}

static void test_field_selector_without_operator_is_refused(void **state)
{
    struct sb_selector *s = NULL;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(sb_selector_parse(SB_SELECTOR_FIELD, "metadata.name",
                                       &s, &err), SB_E_FORMAT);
    assert_null(s);
    assert_non_null(strstr(err.msg, "metadata.name"));
}

static void test_equals_finds_a_narrowing_requirement(void **state)
{
    struct sb_selector *s = NULL;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(sb_selector_parse(SB_SELECTOR_FIELD,
                                       "metadata.namespace=ml,status.phase!=X",
                                       &s, &err), 0);
    assert_string_equal(sb_selector_equals(s, "metadata.namespace"), "ml");
    assert_null(sb_selector_equals(s, "status.phase"));
    sb_selector_free(s);
}

static void test_every_allocation_failure_is_clean(void **state)
{
    struct sb_selector *s;
    struct sb_err err = SB_ERR_INIT;
    long n;
    int rc;

    for (n = 0;; n++) {
        s = NULL;
        sb_alloc_fail_after(n);
        rc = sb_selector_parse(SB_SELECTOR_LABEL, "a=b,c in (d,e),!f", &s,
                               &err);
        sb_alloc_fail_after(-1);
        if (rc == 0) {
            sb_selector_free(s);
            break;
        }
        assert_int_equal(rc, SB_E_NOMEM);
        assert_null(s);
    }
    assert_true(n > 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_equality_and_inequality),
        cmocka_unit_test(test_label_sets_and_existence),
        cmocka_unit_test(test_label_numeric_comparisons),
        cmocka_unit_test(test_empty_selector_matches_everything),
        cmocka_unit_test(test_bad_label_selectors_are_refused_with_a_reason),
        cmocka_unit_test(test_field_paths_and_kinds_of_values),
        cmocka_unit_test(test_field_values_unescape),
        cmocka_unit_test(test_field_selector_without_operator_is_refused),
        cmocka_unit_test(test_equals_finds_a_narrowing_requirement),
        cmocka_unit_test(test_every_allocation_failure_is_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
