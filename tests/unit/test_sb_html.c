/* HTML escaping and UTF-8 cleaning of bundle strings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "sb_html.h"
#include "sb_utf8.h"

static void expect_text(const char *in, size_t len, const char *want)
{
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);

    assert_int_equal(sb_html_text(&out, in, len), 0);
    assert_string_equal(sb_buf_str(&out), want);
    sb_buf_release(&out);
}

static void test_html_text_escapes_markup_characters(void **state)
{
    (void)state;
    expect_text("<script>a&b</script>", 20,
                "&lt;script&gt;a&amp;b&lt;/script&gt;");
    expect_text("\"x' onerror=", 12, "&quot;x&#39; onerror=");
    expect_text("plain text", 10, "plain text");
}

static void test_html_text_shows_control_characters_visibly(void **state)
{
    (void)state;
    expect_text("a\x1b[31mb\tc\nd\x7f", 12, "a\\x1b[31mb\tc\nd\\x7f");
    expect_text("\xc2\x85", 2, "\\u{0085}");
    expect_text("nul\0x", 5, "nul\\x00x");
}

static void test_html_text_replaces_invalid_utf8(void **state)
{
    (void)state;
    expect_text("a\xff" "b", 3, "a\xef\xbf\xbd" "b");
    /* an overlong '<' must not turn into a real one */
    expect_text("\xc0\xbc", 2, "\xef\xbf\xbd\xef\xbf\xbd");
    /* a surrogate and a truncated sequence */
    expect_text("\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    expect_text("\xe2\x82", 2, "\xef\xbf\xbd\xef\xbf\xbd");
    expect_text("\xe2\x82\xac", 3, "\xe2\x82\xac");
}

static void test_html_attr_keeps_newlines_as_references(void **state)
{
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);

    (void)state;
    assert_int_equal(sb_html_attr(&out, "a\nb\"c"), 0);
    assert_string_equal(sb_buf_str(&out), "a&#10;b&quot;c");
    sb_buf_release(&out);
}

static void test_html_url_path_cannot_carry_a_scheme(void **state)
{
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);

    (void)state;
    assert_int_equal(sb_html_url_path(&out, "javascript:alert(1)\" x"), 0);
    assert_string_equal(sb_buf_str(&out), "javascript%3Aalert%281%29%22%20x");
    sb_buf_reset(&out);
    assert_int_equal(sb_html_url_path(&out, "logs/ns/pod-1/c.log"), 0);
    assert_string_equal(sb_buf_str(&out), "logs/ns/pod-1/c.log");
    sb_buf_release(&out);
}

static void test_html_id_keeps_only_token_characters(void **state)
{
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);

    (void)state;
    assert_int_equal(sb_html_id(&out, "F001\"><x"), 0);
    assert_string_equal(sb_buf_str(&out), "F001___x");
    sb_buf_release(&out);
}

static void test_failed_append_leaves_the_buffer_as_it_was(void **state)
{
    struct sb_buf out = SB_BUF_INIT(8);

    (void)state;
    assert_int_equal(sb_buf_adds(&out, "ok"), 0);
    assert_int_equal(sb_html_texts(&out, "<<<<<"), SB_E_TOOBIG);
    assert_string_equal(sb_buf_str(&out), "ok");
    assert_int_equal(sb_utf8_clean(&out, "\x1b\x1b\x1b", 3), SB_E_TOOBIG);
    assert_string_equal(sb_buf_str(&out), "ok");
    sb_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_text_escapes_markup_characters),
        cmocka_unit_test(test_html_text_shows_control_characters_visibly),
        cmocka_unit_test(test_html_text_replaces_invalid_utf8),
        cmocka_unit_test(test_html_attr_keeps_newlines_as_references),
        cmocka_unit_test(test_html_url_path_cannot_carry_a_scheme),
        cmocka_unit_test(test_html_id_keeps_only_token_characters),
        cmocka_unit_test(test_failed_append_leaves_the_buffer_as_it_was),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
