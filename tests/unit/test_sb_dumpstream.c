#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sb_dumpstream.h"

static char dir[256], in[300];
static char warned[4096];

static void on_warn(void *ctx, const char *msg)
{
    (void)ctx;
    strncat(warned, msg, sizeof(warned) - strlen(warned) - 2);
    strcat(warned, "\n");
}

static void write_input(const char *text)
{
    FILE *f = fopen(in, "wb");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The file at dir/rel, read whole (static buffer), or NULL */
static const char *slurp(const char *rel)
{
    static char buf[8192];
    char p[600];
    FILE *f;
    size_t n;

    snprintf(p, sizeof(p), "%s/%s", dir, rel);
    if (!(f = fopen(p, "rb")))
        return NULL;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int rm_entry(const char *p, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static int setup(void **state)
{
    const char *t = getenv("TMPDIR");

    (void)state;
    snprintf(dir, sizeof(dir), "%s/dumpstream.XXXXXX", t ? t : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    snprintf(in, sizeof(in), "%s.in", dir);
    warned[0] = '\0';
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
    unlink(in);
    return 0;
}

static void test_dumpstream_detects_the_dump_shape_only(void **state)
{
    (void)state;
    write_input("\n{\n    \"kind\": \"NodeList\",\n    \"apiVersion\": \"v1\"}");
    assert_true(sb_dumpstream_detect(in));
    write_input("{\"kind\": \"Pod\"}");
    assert_false(sb_dumpstream_detect(in));
    write_input("{\"apiVersion\": \"v1\", \"kind\": \"List\"}");
    assert_false(sb_dumpstream_detect(in));
    write_input("[{\"kind\": \"NodeList\"}]");
    assert_false(sb_dumpstream_detect(in));
    write_input("");
    assert_false(sb_dumpstream_detect(in));
}

static void test_dumpstream_lays_out_lists_and_logs(void **state)
{
    const char *s;

    (void)state;
    write_input(
        "{\n    \"kind\": \"NodeList\",\n    \"items\": [{\"metadata\": "
        "{\"name\": \"n1\"}}]\n}\n"
        /* braces and quotes inside strings do not end the value */
        "{\n    \"kind\": \"PodList\",\n    \"items\": [{\"metadata\": "
        "{\"name\": \"p\", \"namespace\": \"ml\", \"annotations\": "
        "{\"x\": \"} \\\" {{\"}}}]\n}\n"
        "{\"kind\": \"EventList\", \"items\": []}\n"
        "{\"kind\": \"ServiceList\", \"items\": [{\"metadata\": "
        "{\"name\": \"s\", \"namespace\": \"../etc\"}}]}\n"
        "{\"kind\": \"WidgetList\", \"items\": []}\n"
        "==== START logs for container a of pod ml/p ====\n"
        "{ not json\n"
        "==== END logs for container a of pod ml/p ====\n"
        "==== START logs for container b of pod ml/p ====\n"
        "b's line\n"
        /* an END that never came: the next START ends the block */
        "==== START logs for container c of pod ml/q ====\n"
        "q's line\n");
    assert_int_equal(sb_dumpstream_split(in, dir, on_warn, NULL, NULL), 5);
    assert_non_null(s = slurp("nodes.json"));
    assert_non_null(strstr(s, "\"n1\""));
    assert_non_null(s = slurp("ml/pods.json"));
    assert_non_null(strstr(s, "{{\"}}}]\n}"));
    assert_null(slurp("ml/events.json"));       /* empty: nothing to load */
    assert_null(slurp("../etc/services.json"));
    assert_non_null(strstr(warned, "'../etc', not a valid name"));
    assert_non_null(strstr(warned, "kind 'WidgetList'"));
    assert_non_null(s = slurp("ml/p/logs.txt"));
    assert_string_equal(s,
        "==== START logs for container a of pod ml/p ====\n"
        "{ not json\n"
        "==== END logs for container a of pod ml/p ====\n"
        "==== START logs for container b of pod ml/p ====\n"
        "b's line\n");
    assert_non_null(s = slurp("ml/q/logs.txt"));
    assert_string_equal(s, "==== START logs for container c of pod ml/q ====\n"
                           "q's line\n");
}

static void test_dumpstream_cut_value_is_skipped_with_a_warning(void **state)
{
    (void)state;
    write_input("{\"kind\": \"NodeList\", \"items\": [{\"metadata\": "
                "{\"name\": \"n1\"}}]}\n{\"kind\": \"PodList\", \"items\": [");
    assert_int_equal(sb_dumpstream_split(in, dir, on_warn, NULL, NULL), 1);
    assert_non_null(slurp("nodes.json"));
    assert_null(slurp(".value.partial"));
    assert_non_null(strstr(warned, "ends inside a JSON value"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_dumpstream_detects_the_dump_shape_only, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_dumpstream_lays_out_lists_and_logs, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_dumpstream_cut_value_is_skipped_with_a_warning, setup,
            teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
