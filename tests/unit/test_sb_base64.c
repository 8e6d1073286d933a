/*
 * sb_base64: the one decoder. The cases are where the four former copies
 * (kubeconfig, continue tokens, the redactor, certificate info through
 * OpenSSL) differed: the URL alphabet, whitespace, what follows '=', and
 * a dangling last character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sb_base64.h"
#include "sb_buf.h"
#include "sb_err.h"

static size_t dec(const char *in, unsigned flags, char out[64])
{
    size_t n;

    assert_true(SB_B64_DECODED_MAX(strlen(in)) < 64);
    n = sb_base64_decode(in, strlen(in), (unsigned char *)out, flags);
    if (n != SIZE_MAX)
        out[n] = '\0';
    return n;
}

static void test_value_reads_both_alphabets(void **state)
{
    assert_int_equal(sb_base64_value('A'), 0);
    assert_int_equal(sb_base64_value('z'), 51);
    assert_int_equal(sb_base64_value('9'), 61);
    assert_int_equal(sb_base64_value('+'), 62);
    assert_int_equal(sb_base64_value('-'), 62);
    assert_int_equal(sb_base64_value('/'), 63);
    assert_int_equal(sb_base64_value('_'), 63);
    assert_int_equal(sb_base64_value('='), -1);
    assert_int_equal(sb_base64_value(' '), -1);
    assert_int_equal(sb_base64_value(0xc3), -1);
}

static void test_decode_padding_and_alphabets(void **state)
{
    char out[64];

    assert_int_equal(dec("aGVsbG8=", 0, out), 5);
    assert_string_equal(out, "hello");
    /* padding optional, in both modes */
    assert_int_equal(dec("aGVsbG8", 0, out), 5);
    assert_int_equal(dec("aGVsbG8", SB_B64_STRICT, out), 5);
    assert_int_equal(dec("", SB_B64_STRICT, out), 0);
    /* 0xfb 0xff: "+/8=" standard, "-_8=" URL: one value either way */
    assert_int_equal(dec("+/8=", SB_B64_STRICT, out), 2);
    assert_int_equal((unsigned char)out[0], 0xfb);
    assert_int_equal(dec("-_8", 0, out), 2);
    assert_int_equal((unsigned char)out[1], 0xff);
    assert_int_equal(dec("a$b=", 0, out), SIZE_MAX);
}

static void test_decode_strictness(void **state)
{
    char out[64];

    /* lenient: stops at the first '=' (continue tokens, the redactor) */
    assert_int_equal(dec("YQ==YQ==", 0, out), 1);
    assert_string_equal(out, "a");
    /* strict: data after padding, too much padding, wrong padding and a
     * lone last character are what Go's decoder refuses */
    assert_int_equal(dec("YQ==YQ==", SB_B64_STRICT, out), SIZE_MAX);
    assert_int_equal(dec("YQ===", SB_B64_STRICT, out), SIZE_MAX);
    assert_int_equal(dec("YQ=", SB_B64_STRICT, out), SIZE_MAX);
    assert_int_equal(dec("YWJjZ", SB_B64_STRICT, out), SIZE_MAX);
    assert_int_equal(dec("YWJjZ", 0, out), 3);
    /* whitespace only where asked for (PEM lines, folded YAML) */
    assert_int_equal(dec("aGVs\r\n bG8=", 0, out), SIZE_MAX);
    assert_int_equal(dec("aGVs\r\n bG8=",
                         SB_B64_SPACE | SB_B64_STRICT, out), 5);
    assert_string_equal(out, "hello");
}

static void test_decode_buf_appends_or_leaves_untouched(void **state)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf small = SB_BUF_INIT(4);
    static const char long_text[] = "aGVsbG8gd29ybGQ=";

    assert_int_equal(sb_buf_adds(&b, ">"), 0);
    assert_int_equal(sb_base64_decode_buf("aGk=", 4, SB_B64_STRICT, &b), 0);
    assert_string_equal(sb_buf_str(&b), ">hi");
    assert_int_equal(sb_base64_decode_buf("!!", 2, 0, &b), SB_E_FORMAT);
    assert_string_equal(sb_buf_str(&b), ">hi");
    assert_int_equal(b.len, 3);
    /* the buffer's maximum holds */
    assert_int_equal(sb_base64_decode_buf(long_text, strlen(long_text), 0,
                                          &small), SB_E_TOOBIG);
    assert_int_equal(small.len, 0);
    sb_buf_release(&b);
    sb_buf_release(&small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_reads_both_alphabets),
        cmocka_unit_test(test_decode_padding_and_alphabets),
        cmocka_unit_test(test_decode_strictness),
        cmocka_unit_test(test_decode_buf_appends_or_leaves_untouched),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
