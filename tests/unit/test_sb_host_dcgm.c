#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_buf.h"
#include "sb_host_dcgm.h"

/* Reads $SB_SRC/<rel> into 'out'; false when it is not there. */
static bool read_src(const char *rel, struct sb_buf *out)
{
    const char *src = getenv("SB_SRC");
    char path[4096], chunk[65536];
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "%s/%s", src ? src : ".", rel);
    f = fopen(path, "rb");
    if (!f)
        return false;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        assert_int_equal(sb_buf_add(out, chunk, n), 0);
    fclose(f);
    return true;
}

/* Every row as one line "group/id test status error_id message". */
static int collect(void *ctx, const struct sb_dcgm_row *r, struct sb_err *err)
{
    struct sb_buf *b = ctx;

    (void)err;
    assert_int_equal(sb_buf_addf(b, "%s/%d %s %s %d %s\n",
                                 r->entity_group ? r->entity_group : "-",
                                 r->entity_id, r->test, r->status,
                                 r->error_id,
                                 r->message ? r->message : "-"), 0);
    return 0;
}

typedef int (*parse_fn)(const char *, size_t, const char *, sb_dcgm_row_fn,
                        void *, struct sb_err *);

static void parse_file(parse_fn fn, const char *rel, struct sb_buf *rows)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;

    assert_true(read_src(rel, &b));
    if (fn(b.data, b.len, rel, collect, rows, &err))
        fail_msg("%s", err.msg);
    sb_buf_release(&b);
}

static void test_health_healthy_gives_only_the_overall_row(void **state)
{
    struct sb_buf rows = SB_BUF_INIT(SB_BUF_UNLIMITED);

    (void)state;
    parse_file(sb_dcgm_parse_health, "tests/data/dcgm/health-healthy.json",
               &rows);
    assert_string_equal(rows.data, "-/-1 Overall Health Healthy -1 -\n");
    sb_buf_release(&rows);
}

static void test_health_failure_names_gpu_system_and_message(void **state)
{
    struct sb_buf rows = SB_BUF_INIT(SB_BUF_UNLIMITED);

    (void)state;
    parse_file(sb_dcgm_parse_health, "tests/data/dcgm/health-failure.json",
               &rows);
    assert_string_equal(rows.data,
        "-/-1 Overall Health Failure -1 -\n"
        "GPU/2 Memory system Failure -1 Detected 2 volatile double-bit ECC "
        "error(s) in GPU 2.\n"
        "GPU/5 PCIe system Warning -1 Detected more than 8 PCIe replays per "
        "minute for GPU 5 : 13\n");
    sb_buf_release(&rows);
}

static void test_diag_pass_and_fail(void **state)
{
    struct sb_buf rows = SB_BUF_INIT(SB_BUF_UNLIMITED);

    (void)state;
    parse_file(sb_dcgm_parse_diag, "tests/data/dcgm/diag-r1-pass.json",
               &rows);
    assert_string_equal(rows.data, "GPU/0 software Pass -1 -\n"
                                   "GPU/1 software Pass -1 -\n");
    sb_buf_reset(&rows);
    parse_file(sb_dcgm_parse_diag, "tests/data/dcgm/diag-r1-fail.json",
               &rows);
    assert_string_equal(rows.data, "GPU/0 software Pass -1 -\n"
                        "GPU/1 software Fail 80 GPU 1 had uncorrectable "
                        "memory errors and row remapping failed.\n");
    sb_buf_release(&rows);
}

/* dcgmi's text where JSON was expected, broken JSON, the wrong shape:
 * each an error naming the file; wrong member types are skipped. */
static void test_hostile_input_is_an_error_naming_the_file(void **state)
{
    static const char *const bad[] = {
        ("Error: Unable to check health watches. Return: Host engine "
         "connection invalid/disconnected\n"),
        "{\"body\": {\"Overall Health\": ",
        "{\"body\": []}",
        "[1, 2]",
        "",
    };
    struct sb_buf rows = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        sb_err_clear(&err);
        assert_int_not_equal(sb_dcgm_parse_health(bad[i], strlen(bad[i]),
                             "host/dcgmi-health.json", collect, &rows, &err),
                             0);
        assert_non_null(strstr(err.msg, "'host/dcgmi-health.json'"));
        sb_err_clear(&err);
        assert_int_not_equal(sb_dcgm_parse_diag(bad[i], strlen(bad[i]),
                             "host/dcgmi-diag-r1.json", collect, &rows, &err),
                             0);
        assert_non_null(strstr(err.msg, "'host/dcgmi-diag-r1.json'"));
    }
    assert_non_null(strstr(err.msg, "'host/dcgmi-diag-r1.json'"));
    sb_err_clear(&err);
    sb_dcgm_parse_health(bad[0], strlen(bad[0]), "h.json", collect, &rows,
                         &err);
    assert_non_null(strstr(err.msg, "Host engine connection"));
    /* types DCGM never writes are skipped, not trusted */
    {
        static const char odd[] =
            "{\"body\": {\"Overall Health\": {\"value\": \"Warning\"},"
            " \"GPU\": {\"children\": {\"x\": 5, \"1\": {\"value\": 7,"
            " \"children\": {\"Errors\": {\"children\": {\"SM system\":"
            " {\"value\": \"Warning\", \"overflow\": [1, \"parts \","
            " \"joined\"]}}}}}}}}}";
        static const char odd_diag[] =
            "{\"DCGM Diagnostic\": {\"runtime_error\": \"nvvs could not"
            " start\", \"test_categories\": [{\"tests\": [{\"name\": 3},"
            " {\"name\": \"memory\", \"results\": \"no\", \"test_summary\":"
            " {\"status\": \"Fail\", \"warnings\": [{\"warning\": \"out\","
            " \"error_id\": \"x\"}]}}]}, 7]}}";

        sb_buf_reset(&rows);
        sb_err_clear(&err);
        assert_int_equal(sb_dcgm_parse_health(odd, strlen(odd), "h.json",
                                              collect, &rows, &err), 0);
        assert_string_equal(rows.data, "-/-1 Overall Health Warning -1 -\n"
                            "GPU/1 SM system Warning -1 parts  joined\n");
        sb_buf_reset(&rows);
        assert_int_equal(sb_dcgm_parse_diag(odd_diag, strlen(odd_diag),
                                            "d.json", collect, &rows, &err),
                         0);
        assert_string_equal(rows.data,
                            "-/-1 runtime Error -1 nvvs could not start\n"
                            "-/-1 memory Fail -1 out\n");
    }
    sb_buf_release(&rows);
}

/* Text that is not JSON, in a buffer with no NUL after it (a member's
 * bytes as the loader holds them): the error quotes its first line from
 * within 'len' (the fuzzer's "%" in two bytes made strcspn read past the
 * end), and a line longer than 200 bytes is cut at 200. */
static void test_text_without_nul_is_quoted_within_len(void **state)
{
    static const char line[] = "Error: host engine down\nsecond line";
    struct sb_err err = SB_ERR_INIT;
    char *buf, *at;
    size_t n;

    (void)state;
    buf = malloc(2);    /* exactly the bytes: ASan sees a read past them */
    assert_non_null(buf);
    memcpy(buf, "\b%", 2);
    assert_int_equal(sb_dcgm_parse_health(buf, 2, "h.json", collect, NULL,
                                          &err), SB_E_FORMAT);
    assert_string_equal(err.msg, "'h.json' holds no dcgmi health JSON: \b%");
    sb_err_clear(&err);
    assert_int_equal(sb_dcgm_parse_diag(buf, 1, "d.json", collect, NULL,
                                        &err), SB_E_FORMAT);
    assert_string_equal(err.msg, "'d.json' holds no dcgmi diag JSON: \b");
    free(buf);

    n = sizeof(line) - 1;
    buf = malloc(n);
    assert_non_null(buf);
    memcpy(buf, line, n);
    sb_err_clear(&err);
    sb_dcgm_parse_health(buf, n, "h.json", collect, NULL, &err);
    assert_string_equal(err.msg, "'h.json' holds no dcgmi health JSON: "
                        "Error: host engine down");
    free(buf);

    buf = malloc(300);
    assert_non_null(buf);
    memset(buf, 'x', 300);
    sb_err_clear(&err);
    sb_dcgm_parse_diag(buf, 300, "d.json", collect, NULL, &err);
    at = strstr(err.msg, "JSON: ");
    assert_non_null(at);
    assert_int_equal(strlen(at + 6), 200);
    free(buf);
}

/* A message longer than the cap is cut and says so. */
static void test_long_message_is_cut(void **state)
{
    struct sb_buf doc = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf rows = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    int i;

    (void)state;
    assert_int_equal(sb_buf_adds(&doc, "{\"body\": {\"Overall Health\": {\"value\": \"Failure\"},"
                                 " \"GPU\": {\"children\": {\"0\": {\"children\": {\"Errors\":"
                                 " {\"children\": {\"NVLINK system\": {\"value\": \"Failure\","
                                 " \"overflow\": ["), 0);
    for (i = 0; i < 2000; i++)
        assert_int_equal(sb_buf_addf(&doc, "%s\"link %d down\"", i ? "," : "", i), 0);
    assert_int_equal(sb_buf_adds(&doc, "]}}}}}}}}}"), 0);
    assert_int_equal(sb_dcgm_parse_health(doc.data, doc.len, "h.json",
                                          collect, &rows, &err), 0);
    assert_true(rows.len < SB_DCGM_MAX_MESSAGE + 200);
    assert_non_null(strstr(rows.data, "...\n"));
    sb_buf_release(&doc);
    sb_buf_release(&rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_health_healthy_gives_only_the_overall_row),
        cmocka_unit_test(test_health_failure_names_gpu_system_and_message),
        cmocka_unit_test(test_diag_pass_and_fail),
        cmocka_unit_test(test_hostile_input_is_an_error_naming_the_file),
        cmocka_unit_test(test_text_without_nul_is_quoted_within_len),
        cmocka_unit_test(test_long_message_is_cut),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
