#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_err.h"
#include "sb_http.h"
#include "sb_kubeconfig.h"

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

/* The caller's idle work, counted: more left until 'left' reaches 0;
 * with 'stop' set, the stop flag is raised at call 'stop_at'. */
struct idle_count {
    int calls, left, stop_at;
    volatile sig_atomic_t *stop;
};

static bool count_idle(void *ctx)
{
    struct idle_count *c = ctx;

    c->calls++;
    if (c->stop && c->calls == c->stop_at)
        *c->stop = 1;
    return --c->left > 0;
}

/* An engine with no request: nothing is ever sent to the server. */
static struct sb_http *idle_engine(struct sb_kube_auth *auth)
{
    struct sb_http_opts o = SB_HTTP_OPTS_INIT;
    struct sb_err e = SB_ERR_INIT;
    struct sb_http *h = NULL;
    static char server[] = "http://127.0.0.1:9";

    memset(auth, 0, sizeof(*auth));
    auth->server = server;
    assert_int_equal(sb_http_new(auth, &o, &h, &e), 0);
    return h;
}

/* With no request at all, the engine still runs the idle work to its
 * end, a call a turn, and returns once it says it is done. */
static void test_idle_work_runs_to_its_end(void **state)
{
    struct sb_kube_auth auth;
    struct sb_http *h = idle_engine(&auth);
    struct idle_count c = { 0, 5, 0, NULL };

    (void)state;
    sb_http_set_idle(h, count_idle, &c);
    assert_int_equal(sb_http_run(h, 0, NULL), 0);
    assert_int_equal(c.calls, 5);
    /* unset by its last answer: a second run has nothing to do */
    assert_int_equal(sb_http_run(h, 0, NULL), 0);
    assert_int_equal(c.calls, 5);
    sb_http_free(h);
}

/* A stop leaves the rest of the work to the caller: the engine returns
 * at once, the work still set, and says why. */
static void test_idle_work_stops_with_the_engine(void **state)
{
    struct sb_kube_auth auth;
    struct sb_http *h = idle_engine(&auth);
    volatile sig_atomic_t stop = 0;
    struct idle_count c = { 0, 1000, 3, &stop };

    (void)state;
    sb_http_set_idle(h, count_idle, &c);
    assert_int_equal(sb_http_run(h, 0, &stop), SB_E_INTERRUPTED);
    assert_int_equal(c.calls, 3);
    sb_http_set_idle(h, NULL, NULL);
    sb_http_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_keeps_unreserved_bytes),
        cmocka_unit_test(test_escape_encodes_the_rest),
        cmocka_unit_test(test_idle_work_runs_to_its_end),
        cmocka_unit_test(test_idle_work_stops_with_the_engine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
