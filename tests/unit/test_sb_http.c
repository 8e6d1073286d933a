#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_http.h"

static void check_escape(const char *in, const char *want)
{
    char *got = sb_http_escape(in);

    assert_non_null(got);
    assert_string_equal(got, want);
    sb_free(got);
}

/* Names and continue tokens reach request URLs through this: the bytes
 * an URL keeps as they are pass, everything else is %XX in capitals. */
static void test_escape_keeps_unreserved_bytes(void **state)
{
    (void)state;
    check_escape("", "");
    check_escape("kube-system", "kube-system");
    check_escape("AZaz09-._~", "AZaz09-._~");
}

static void test_escape_encodes_the_rest(void **state)
{
    (void)state;
    check_escape("a b", "a%20b");
    check_escape("a/b?c=d&e#f", "a%2Fb%3Fc%3Dd%26e%23f");
    check_escape("50%+x", "50%25%2Bx");
    /* a continue token is base64: its padding and '+' must survive */
    check_escape("eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ==",
                 "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ%3D%3D");
    check_escape("\x01\x7f\xc3\xa9", "%01%7F%C3%A9");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_keeps_unreserved_bytes),
        cmocka_unit_test(test_escape_encodes_the_rest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
