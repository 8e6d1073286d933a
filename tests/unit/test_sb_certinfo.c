#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_certinfo.h"
#include "sb_time.h"

static struct sb_buf pem = SB_BUF_INIT(1 << 20);

/* A throwaway certificate made by the openssl tool, valid for 3 days. */
static int setup(void **state)
{
    char cmd[1024], buf[4096];
    char dir[] = "/tmp/sbtest-cert-XXXXXX";
    FILE *f;
    size_t n;

    if (!mkdtemp(dir))
        return -1;
    snprintf(cmd, sizeof(cmd),
             "openssl req -x509 -newkey rsa:2048 -nodes -days 3 "
             "-subj /CN=llm.example -addext "
             "subjectAltName=DNS:llm.example,DNS:api.llm.example "
             "-keyout %s/k.pem -out %s/c.pem >/dev/null 2>&1", dir, dir);
    if (system(cmd) != 0)
        return -1;
    snprintf(cmd, sizeof(cmd), "%s/c.pem", dir);
    f = fopen(cmd, "r");
    if (!f)
        return -1;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        assert_int_equal(sb_buf_add(&pem, buf, n), 0);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    sb_buf_release(&pem);
    return 0;
}

static void test_certinfo_gives_dates_names_and_no_key(void **state)
{
    cJSON *o = sb_certinfo_from_pem(pem.data, pem.len), *names;
    const char *after;
    int64_t t;
    char *text;

    assert_non_null(o);
    after = cJSON_GetObjectItem(o, "notAfter")->valuestring;
    assert_true(sb_time_parse(after, &t, NULL) > 0);
    /* three days from now, give or take the test's own run time */
    assert_true(t > sb_time_now() + 2 * 86400);
    assert_true(t < sb_time_now() + 4 * 86400);
    assert_non_null(strstr(cJSON_GetObjectItem(o, "subject")->valuestring,
                           "llm.example"));
    names = cJSON_GetObjectItem(o, "dnsNames");
    assert_int_equal(cJSON_GetArraySize(names), 2);
    assert_string_equal(cJSON_GetArrayItem(names, 1)->valuestring,
                        "api.llm.example");
    text = cJSON_PrintUnformatted(o);
    assert_null(strstr(text, "BEGIN"));
    free(text);
    cJSON_Delete(o);
}

static void test_certinfo_reads_a_secret_base64_value(void **state)
{
    unsigned char *b64 = sb_malloc(pem.len * 2 + 4);
    cJSON *o;

    EVP_EncodeBlock(b64, (const unsigned char *)pem.data, (int)pem.len);
    o = sb_certinfo_from_base64((const char *)b64);
    assert_non_null(o);
    assert_non_null(cJSON_GetObjectItem(o, "notBefore"));
    cJSON_Delete(o);
    sb_free(b64);
}

static void test_certinfo_refuses_what_is_not_a_certificate(void **state)
{
    assert_null(sb_certinfo_from_pem("hello", 5));
    assert_null(sb_certinfo_from_pem(NULL, 0));
    assert_null(sb_certinfo_from_base64("!!!not base64!!!"));
    assert_null(sb_certinfo_from_base64(""));
    assert_null(sb_certinfo_from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n"
                                     "-----END CERTIFICATE-----\n", 60));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_certinfo_gives_dates_names_and_no_key),
        cmocka_unit_test(test_certinfo_reads_a_secret_base64_value),
        cmocka_unit_test(test_certinfo_refuses_what_is_not_a_certificate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
