#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sb_opt.h"

enum { O_HELP, O_OUTPUT, O_NS, O_SINCE, O_COLOR, O_FLAG };

static const struct sb_opt opts[] = {
    { "help", 'h', SB_OPT_NONE, O_HELP },
    { "output", 'o', SB_OPT_REQUIRED, O_OUTPUT },
    { "namespace", 'n', SB_OPT_REQUIRED, O_NS },
    { "since", 0, SB_OPT_REQUIRED, O_SINCE },
    { "color", 0, SB_OPT_OPTIONAL, O_COLOR },
    { NULL, 'x', SB_OPT_NONE, O_FLAG },
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

/* Each result of a whole parse as "id=value" joined by ' ' (values "-"
 * when NULL), or "ERR:<msg>" at the first error. */
static void run(int argc, char **argv, char *out, size_t cap)
{
    struct sb_optparse p;
    size_t len = 0;
    int id;

    out[0] = '\0';
    sb_opt_init(&p, opts, NOPTS, argc, argv, 1);
    while ((id = sb_opt_next(&p)) != SB_OPT_END) {
        if (id == SB_OPT_ERROR) {
            snprintf(out + len, cap - len, "%sERR:%s", len ? " " : "",
                     p.msg);
            return;
        }
        assert_true(id == SB_OPT_OPERAND || p.opt != NULL);
        len += (size_t)snprintf(out + len, cap - len, "%s%d=%s",
                                len ? " " : "", id,
                                p.value ? p.value : "-");
        assert_true(len < cap);
    }
}

#define CHECK(expect, ...) do {                                         \
        char *av_[] = { "prog", __VA_ARGS__, NULL };                    \
        char got_[512];                                                 \
        run((int)(sizeof(av_) / sizeof(av_[0])) - 1, av_, got_,        \
            sizeof(got_));                                              \
        assert_string_equal(got_, expect);                              \
    } while (0)

static void test_long_short_and_value_forms(void **state)
{
    CHECK("0=-", "--help");
    CHECK("0=-", "-h");
    CHECK("1=a 1=b 1=c 1=d", "--output=a", "--output", "b", "-o", "c",
          "-od");
    /* a required value is the next argument, whatever it looks like */
    CHECK("3=-5m", "--since", "-5m");
    CHECK("3=--help", "--since", "--help");
    /* an empty value is a value: the front end judges it */
    CHECK("1=", "--output=");
    CHECK("1=", "-o", "");
    /* optional values only with '=' */
    CHECK("4=- -2=always", "--color", "always");
    CHECK("4=always", "--color=always");
    /* a short-only option */
    CHECK("5=-", "-x");
}

static void test_repeats_operands_and_end(void **state)
{
    CHECK("2=a -2=b 2=c", "-n", "a", "b", "--namespace=c");
    CHECK("-2=- -2=x", "-", "x");
    /* after "--" all is an operand, "--" included */
    CHECK("0=- -2=--help -2=-o -2=--", "-h", "--", "--help", "-o", "--");
    CHECK("", "--");
}

static void test_errors_name_the_option(void **state)
{
    CHECK("ERR:unknown option '--bogus'", "--bogus");
    /* the value given with '=' is not echoed: it may be a secret */
    CHECK("ERR:unknown option '--token'", "--token=hunter2");
    CHECK("ERR:unknown option '-z'", "-z");
    CHECK("ERR:unknown option '-hx'", "-hx");
    CHECK("ERR:option '--since' needs a value", "--since");
    /* a short option's error names its long form, as the help does */
    CHECK("ERR:option '--output' needs a value", "-o");
    CHECK("ERR:option '--help' takes no value", "--help=yes");
    CHECK("ERR:unknown option '--'", "--=x");
    /* an error stops nothing that came before it */
    CHECK("0=- ERR:unknown option '--nope'", "-h", "--nope", "-h");
}

static void test_hostile_argv(void **state)
{
    char longname[4096];
    char *av[4];
    struct sb_optparse p;
    int id;

    /* control bytes never reach the terminal */
    CHECK("ERR:unknown option '--a?[31mb'", "--a\x1b[31mb");
    CHECK("ERR:unknown option '-?'", "-\x7f");
    CHECK("ERR:unknown option '--?" "?'", "--\xc3\xa9");
    /* a very long name is cut, not overflowed */
    memset(longname, 'a', sizeof(longname) - 1);
    longname[0] = longname[1] = '-';
    longname[sizeof(longname) - 1] = '\0';
    av[0] = "prog";
    av[1] = longname;
    av[2] = NULL;
    sb_opt_init(&p, opts, NOPTS, 2, av, 1);
    assert_int_equal(sb_opt_next(&p), SB_OPT_ERROR);
    assert_int_equal(p.error, SB_OPT_E_UNKNOWN);
    assert_true(strlen(p.name) < sizeof(p.name));
    assert_true(strlen(p.msg) < sizeof(p.msg));
    /* argc larger than the argv array: the NULL ends it */
    sb_opt_init(&p, opts, NOPTS, 50, av, 1);
    assert_int_equal(sb_opt_next(&p), SB_OPT_ERROR);
    assert_int_equal(sb_opt_next(&p), SB_OPT_END);
    /* a value-taking option last, with argc pointing past the NULL */
    av[1] = "--since";
    sb_opt_init(&p, opts, NOPTS, 5, av, 1);
    assert_int_equal(sb_opt_next(&p), SB_OPT_ERROR);
    assert_int_equal(p.error, SB_OPT_E_NEEDS_VALUE);
    /* negative argc, a first index past the end, no argv at all */
    sb_opt_init(&p, opts, NOPTS, -3, av, 1);
    assert_int_equal(sb_opt_next(&p), SB_OPT_END);
    sb_opt_init(&p, opts, NOPTS, 2, av, 7);
    assert_int_equal(sb_opt_next(&p), SB_OPT_END);
    sb_opt_init(&p, opts, NOPTS, 2, NULL, 1);
    assert_int_equal(sb_opt_next(&p), SB_OPT_END);
    /* an empty table knows no option but passes operands */
    av[1] = "x";
    av[2] = "-h";
    av[3] = NULL;
    sb_opt_init(&p, NULL, 0, 3, av, 1);
    id = sb_opt_next(&p);
    assert_int_equal(id, SB_OPT_OPERAND);
    assert_string_equal(p.value, "x");
    assert_int_equal(sb_opt_next(&p), SB_OPT_ERROR);
    assert_string_equal(p.msg, "unknown option '-h'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_short_and_value_forms),
        cmocka_unit_test(test_repeats_operands_and_end),
        cmocka_unit_test(test_errors_name_the_option),
        cmocka_unit_test(test_hostile_argv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
