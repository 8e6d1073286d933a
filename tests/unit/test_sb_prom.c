#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "sb_prom.h"

struct seen {
    int n;
    double last;
    char gpu[16];
};

static int on_sample(void *ctx, const struct sb_prom_sample *s)
{
    struct seen *seen = ctx;
    const char *g = sb_prom_label(s, "gpu");

    seen->n++;
    seen->last = s->value;
    if (g)
        snprintf(seen->gpu, sizeof(seen->gpu), "%s", g);
    return 0;
}

static void test_prom_reads_samples_and_skips_bad_lines(void **state)
{
    static const char text[] =
        "# HELP x y\n# TYPE x gauge\n"
        "DCGM_FI_DEV_GPU_TEMP{gpu=\"3\",modelName=\"A \\\"quoted\\\"\"} 71\n"
        "up 1 1732356000000\n"
        "broken{gpu=\"1\" 5\n"
        "novalue\n"
        "nan_metric NaN\r\n";
    struct seen seen = { 0, 0, "" };
    size_t bad = 0;

    assert_int_equal(sb_prom_parse(text, sizeof(text) - 1, on_sample, &seen,
                                   &bad), 0);
    assert_int_equal(seen.n, 3);
    assert_string_equal(seen.gpu, "3");
    assert_int_equal(bad, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prom_reads_samples_and_skips_bad_lines),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
