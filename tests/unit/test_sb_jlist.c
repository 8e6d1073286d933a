#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_err.h"
#include "sb_jlist.h"

/* What the callback saw: items joined by '|', a skipped one as
 * "<skipped N>". */
struct seen {
    struct sb_buf all;
    int calls;
    int fail_at;        /* return SB_E_IO at this call (1-based); 0: never */
};

static int on_item(void *ctx, const char *p, size_t n)
{
    struct seen *s = ctx;

    s->calls++;
    if (s->fail_at && s->calls == s->fail_at)
        return SB_E_IO;
    if (s->all.len)
        assert_int_equal(sb_buf_add(&s->all, "|", 1), 0);
    if (!p)
        return sb_buf_addf(&s->all, "<skipped %zu>", n);
    return sb_buf_add(&s->all, p, n);
}

/* Splits 'text' fed in chunks of 'step' bytes; returns the feed result. */
static int split(const char *text, size_t step, size_t max_item,
                 struct seen *s, struct sb_jlist *js)
{
    size_t len = strlen(text);
    int rc = 0;

    sb_jlist_init(js, 1 << 16, max_item, on_item, s);
    for (size_t i = 0; i < len && !rc; i += step)
        rc = sb_jlist_feed(js, text + i, len - i < step ? len - i : step);
    return rc;
}

static const char list[] =
    " {\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":"
    "{\"continue\":\"abc\",\"items\":[\"not these\"]},\n\"items\" : [ "
    "{\"metadata\":{\"name\":\"a\"},\"x\":\"]}\\\"{[\"},\n"
    "{\"metadata\":{\"name\":\"b\"},\"y\":[[1,{}],2]} ,7,\"s]\\\\\",true"
    "], \"after\":{\"items\":[1]}}\n ";

static void test_a_list_splits_into_its_items_whatever_the_chunks(
    void **state)
{
    (void)state;
    for (size_t step = 1; step <= sizeof(list); step++) {
        struct seen s = { SB_BUF_INIT(SB_BUF_UNLIMITED), 0, 0 };
        struct sb_jlist js;
        cJSON *head;

        assert_int_equal(split(list, step, 1 << 20, &s, &js), 0);
        assert_int_equal(sb_jlist_finish(&js), 0);
        assert_string_equal(sb_buf_str(&s.all),
            "{\"metadata\":{\"name\":\"a\"},\"x\":\"]}\\\"{[\"}|"
            "{\"metadata\":{\"name\":\"b\"},\"y\":[[1,{}],2]}|7|"
            "\"s]\\\\\"|true");
        /* the head is the object with an empty items array */
        head = cJSON_ParseWithLength(js.head.data, js.head.len);
        assert_non_null(head);
        assert_int_equal(cJSON_GetArraySize(
            cJSON_GetObjectItem(head, "items")), 0);
        assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(
            head, "metadata"), "continue")->valuestring, "abc");
        assert_non_null(cJSON_GetObjectItem(head, "after"));
        assert_int_equal(js.items, 5);
        cJSON_Delete(head);
        sb_jlist_release(&js);
        sb_buf_release(&s.all);
    }
}

static void test_the_head_before_the_items_parses_once_closed(void **state)
{
    struct seen s = { SB_BUF_INIT(SB_BUF_UNLIMITED), 0, 0 };
    struct sb_jlist js;
    struct sb_buf t = SB_BUF_INIT(SB_BUF_UNLIMITED);
    cJSON *head;
    const char *part = "{\"kind\":\"List\",\"items\":[{\"a\":1},{\"b\"";

    (void)state;
    sb_jlist_init(&js, 1024, 1024, on_item, &s);
    assert_int_equal(sb_jlist_feed(&js, part, strlen(part)), 0);
    assert_true(sb_jlist_in_items(&js));
    assert_int_equal(sb_buf_add(&t, js.head.data, js.head.len), 0);
    assert_int_equal(sb_buf_add(&t, "]}", 2), 0);
    head = cJSON_Parse(sb_buf_str(&t));
    assert_non_null(head);
    assert_string_equal(cJSON_GetObjectItem(head, "kind")->valuestring,
                        "List");
    assert_int_equal(sb_jlist_finish(&js), SB_E_FORMAT);   /* cut short */
    cJSON_Delete(head);
    sb_buf_release(&t);
    sb_jlist_release(&js);
    sb_buf_release(&s.all);
}

static void test_an_item_past_the_limit_is_skipped_and_the_rest_kept(
    void **state)
{
    struct seen s = { SB_BUF_INIT(SB_BUF_UNLIMITED), 0, 0 };
    struct sb_jlist js;
    const char *t = "{\"items\":[{\"n\":1},{\"big\":\"0123456789abcdef\"},"
                    "{\"n\":3}]}";

    (void)state;
    for (size_t step = 1; step < 8; step++) {
        sb_buf_reset(&s.all);
        assert_int_equal(split(t, step, 20, &s, &js), 0);
        assert_int_equal(sb_jlist_finish(&js), 0);
        assert_string_equal(sb_buf_str(&s.all),
                            "{\"n\":1}|<skipped 26>|{\"n\":3}");
        assert_true(js.item.cap <= 64);     /* never held the big one */
        sb_jlist_release(&js);
    }
    sb_buf_release(&s.all);
}

static void test_bad_input_is_refused_clearly(void **state)
{
    static const char *const bad[] = { "[1,2]", "x", "{\"items\":[]} x",
                                       "{} {}" };
    (void)state;
    for (size_t i = 0; i < 4; i++) {
        struct seen s = { SB_BUF_INIT(SB_BUF_UNLIMITED), 0, 0 };
        struct sb_jlist js;
        assert_int_equal(split(bad[i], 1, 100, &s, &js), SB_E_FORMAT);
        sb_jlist_release(&js);
        sb_buf_release(&s.all);
    }
}

static void test_a_head_past_its_limit_is_too_big(void **state)
{
    struct seen s = { SB_BUF_INIT(SB_BUF_UNLIMITED), 0, 0 };
    struct sb_jlist js;
    char text[300];

    (void)state;
    snprintf(text, sizeof(text), "{\"pad\":\"%0200d\",\"items\":[]}", 0);
    sb_jlist_init(&js, 100, 100, on_item, &s);
    assert_int_equal(sb_jlist_feed(&js, text, strlen(text)), SB_E_TOOBIG);
    sb_jlist_release(&js);
    sb_buf_release(&s.all);
}

static void test_a_callback_error_stops_the_split(void **state)
{
    struct seen s = { SB_BUF_INIT(SB_BUF_UNLIMITED), 0, 2 };
    struct sb_jlist js;

    (void)state;
    assert_int_equal(split("{\"items\":[1,2,3]}", 4, 100, &s, &js),
                     SB_E_IO);
    assert_int_equal(s.calls, 2);
    sb_jlist_release(&js);
    sb_buf_release(&s.all);
}

static void test_reset_starts_a_new_response(void **state)
{
    struct seen s = { SB_BUF_INIT(SB_BUF_UNLIMITED), 0, 0 };
    struct sb_jlist js;
    const char *a = "{\"kind\":\"X\",\"items\":[{\"half\"";
    const char *b = "{\"items\":[{\"n\":2}]}";

    (void)state;
    sb_jlist_init(&js, 1024, 1024, on_item, &s);
    assert_int_equal(sb_jlist_feed(&js, a, strlen(a)), 0);
    sb_jlist_reset(&js);
    assert_int_equal(sb_jlist_feed(&js, b, strlen(b)), 0);
    assert_int_equal(sb_jlist_finish(&js), 0);
    assert_string_equal(sb_buf_str(&s.all), "{\"n\":2}");
    assert_string_equal(sb_buf_str(&js.head), "{\"items\":[]}");
    sb_jlist_release(&js);
    sb_buf_release(&s.all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_a_list_splits_into_its_items_whatever_the_chunks),
        cmocka_unit_test(test_the_head_before_the_items_parses_once_closed),
        cmocka_unit_test(
            test_an_item_past_the_limit_is_skipped_and_the_rest_kept),
        cmocka_unit_test(test_bad_input_is_refused_clearly),
        cmocka_unit_test(test_a_head_past_its_limit_is_too_big),
        cmocka_unit_test(test_a_callback_error_stops_the_split),
        cmocka_unit_test(test_reset_starts_a_new_response),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
