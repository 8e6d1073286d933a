/*
 * sb_kjson: the getters every kube-facing module reads objects with. The
 * cases are where the former private copies differed: JSON null (absent
 * for Go, present for a plain cJSON lookup), wrong types, non-objects,
 * numbers past int64, dotted paths against keys that hold dots.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "sb_kjson.h"

static cJSON *doc(void)
{
    cJSON *o = cJSON_Parse(
        "{\"metadata\":{\"name\":\"p\",\"labels\":{\"app.kubernetes.io/name\":"
        "\"web\"},\"deletionTimestamp\":null,\"empty\":\"\"},"
        "\"status\":{\"phase\":\"Running\",\"terminated\":null,"
        "\"restartCount\":3.9,\"neg\":-2.5,\"huge\":1e300,\"low\":-1e300,"
        "\"ready\":true,\"started\":\"true\",\"list\":[1,2,3]},"
        "\"dup\":1,\"dup\":2}");

    assert_non_null(o);
    return o;
}

static void test_get_treats_null_and_non_objects_as_absent(void **state)
{
    cJSON *o = doc();
    const cJSON *st = sb_kjson_get(o, "status");

    assert_non_null(st);
    assert_null(sb_kjson_get(st, "terminated"));
    assert_null(sb_kjson_get(st, "missing"));
    assert_null(sb_kjson_get(NULL, "status"));
    assert_null(sb_kjson_get(sb_kjson_get(st, "list"), "x"));
    assert_null(sb_kjson_get(sb_kjson_get(st, "phase"), "x"));
    assert_null(sb_kjson_get(o, NULL));
    /* the first of duplicate members, as cJSON's lookup */
    assert_int_equal(sb_kjson_int(o, "dup", 0), 1);
    cJSON_Delete(o);
}

static void test_paths_and_keys_with_dots(void **state)
{
    cJSON *o = doc();
    const cJSON *labels = sb_kjson_pobj(o, "metadata.labels");

    assert_string_equal(sb_kjson_pstr(o, "metadata.name"), "p");
    assert_string_equal(sb_kjson_pstr(o, "status.phase"), "Running");
    assert_null(sb_kjson_pget(o, "metadata.deletionTimestamp"));
    assert_null(sb_kjson_pget(o, "status.terminated.reason"));
    assert_null(sb_kjson_pget(o, "status.list.0"));
    assert_null(sb_kjson_pget(o, NULL));
    assert_ptr_equal(sb_kjson_pget(o, ""), o);
    /* a label key is one member, read whole with the key getter */
    assert_non_null(labels);
    assert_string_equal(sb_kjson_str(labels, "app.kubernetes.io/name"),
                        "web");
    assert_null(sb_kjson_pstr(o, "metadata.labels.app.kubernetes.io/name"));
    cJSON_Delete(o);
}

static void test_typed_getters(void **state)
{
    cJSON *o = doc();
    const cJSON *st = sb_kjson_get(o, "status");
    int64_t v = 7;

    assert_string_equal(sb_kjson_pstr(o, "metadata.empty"), "");
    assert_null(sb_kjson_str(st, "ready"));
    assert_null(sb_kjson_obj(st, "list"));
    assert_non_null(sb_kjson_arr(st, "list"));
    assert_null(sb_kjson_arr(st, "phase"));
    assert_int_equal(sb_kjson_len(sb_kjson_arr(st, "list")), 3);
    assert_int_equal(sb_kjson_len(st), 0);
    assert_int_equal(sb_kjson_len(NULL), 0);
    /* numbers truncate toward zero and clamp to int64 */
    assert_int_equal(sb_kjson_int(st, "restartCount", 0), 3);
    assert_int_equal(sb_kjson_pint(o, "status.neg", 0), -2);
    assert_int_equal(sb_kjson_int(st, "huge", 0), INT64_MAX);
    assert_int_equal(sb_kjson_int(st, "low", 0), INT64_MIN);
    assert_int_equal(sb_kjson_int(st, "phase", 42), 42);
    assert_false(sb_kjson_num(sb_kjson_get(st, "phase"), &v));
    assert_int_equal(v, 7);
    /* booleans are JSON true only, never the string "true" */
    assert_true(sb_kjson_true(st, "ready"));
    assert_false(sb_kjson_true(st, "started"));
    assert_true(sb_kjson_ptrue(o, "status.ready"));
    assert_false(sb_kjson_ptrue(o, "status.missing"));
    cJSON_Delete(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_treats_null_and_non_objects_as_absent),
        cmocka_unit_test(test_paths_and_keys_with_dots),
        cmocka_unit_test(test_typed_getters),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
