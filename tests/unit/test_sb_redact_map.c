#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb_redact.h"
#include "sb_redact_map.h"

static char dir[] = "/tmp/sb-map-test.XXXXXX";
static char path[256];

static int setup(void **s)
{
    (void)s;
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof(path), "%s/map", dir);
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    unlink(path);
    rmdir(dir);
    return 0;
}

/* A map made by a redactor that masked two values. */
static void write_map(const char *pass, char *tok1, char *tok2)
{
    static const char in[] = "password=Hunter2x\n"
                             "token: ghp_abcdefghijklmnopqrstuvwxyz0123456789";
    struct sb_err err = SB_ERR_INIT;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_redactor *r;
    const char *p;
    cJSON *m;

    assert_int_equal(sb_redactor_new(NULL, 0, &r, &err), 0);
    assert_int_equal(sb_redactor_keep_map(r), 0);
    assert_int_equal(sb_redact_text(r, in, strlen(in), &b), 0);
    p = strstr(sb_buf_str(&b), "<redacted:");
    assert_non_null(p);
    memcpy(tok1, p, strchr(p, '>') - p + 1);
    tok1[strchr(p, '>') - p + 1] = '\0';
    p = strstr(strchr(p, '>'), "<redacted:");
    assert_non_null(p);
    memcpy(tok2, p, strchr(p, '>') - p + 1);
    tok2[strchr(p, '>') - p + 1] = '\0';
    m = sb_redact_map_json(r);
    assert_non_null(m);
    assert_int_equal(sb_redact_map_write(path, m, pass, strlen(pass), &err),
                     0);
    cJSON_Delete(m);
    sb_buf_release(&b);
    sb_redactor_free(r);
}

static void test_right_passphrase_reveals_each_token(void **s)
{
    struct sb_err err = SB_ERR_INIT;
    char t1[64], t2[64];
    struct stat st;
    cJSON *m = NULL;

    (void)s;
    write_map("pw one", t1, t2);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(sb_redact_map_read(path, "pw one", 6, &m, &err), 0);
    assert_string_equal(sb_redact_map_lookup(m, t1), "Hunter2x");
    assert_string_equal(sb_redact_map_lookup(m, t2),
                        "ghp_abcdefghijklmnopqrstuvwxyz0123456789");
    /* the hex alone is enough; an unknown one is not there */
    assert_string_equal(sb_redact_map_lookup(m, strrchr(t1, ':') + 1),
                        "Hunter2x");
    assert_null(sb_redact_map_lookup(m, "<redacted:kv-secret:0000000000>"));
    assert_null(sb_redact_map_lookup(m, "zz"));
    cJSON_Delete(m);
}

static void test_wrong_passphrase_or_damage_reveals_nothing(void **s)
{
    struct sb_err err = SB_ERR_INIT;
    char t1[64], t2[64];
    cJSON *m = (cJSON *)1;
    FILE *f;
    int c;

    (void)s;
    write_map("pw one", t1, t2);
    assert_int_equal(sb_redact_map_read(path, "pw two", 6, &m, &err),
                     SB_E_DENIED);
    assert_null(m);
    assert_non_null(strstr(err.msg, "wrong passphrase"));
    /* one changed byte of the ciphertext */
    f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, 50, SEEK_SET);
    c = fgetc(f);
    fseek(f, 50, SEEK_SET);
    fputc(c ^ 1, f);
    fclose(f);
    err = (struct sb_err)SB_ERR_INIT;
    assert_int_equal(sb_redact_map_read(path, "pw one", 6, &m, &err),
                     SB_E_DENIED);
    assert_null(m);
}

static void test_not_a_map_and_hostile_headers_are_refused(void **s)
{
    static const unsigned char hdr[] = "SBRMAP1\n\x3f\x08\x01\x00";
    struct sb_err err = SB_ERR_INIT;
    char junk[80] = {0};
    cJSON *m;
    FILE *f;

    (void)s;
    f = fopen(path, "wb");
    fputs("not a map at all, but long enough to have a header and a tag", f);
    fclose(f);
    assert_int_equal(sb_redact_map_read(path, "x", 1, &m, &err),
                     SB_E_FORMAT);
    /* scrypt N = 2^63 asked for by the file: refused, not attempted */
    memcpy(junk, hdr, 12);
    f = fopen(path, "wb");
    fwrite(junk, 1, sizeof(junk), f);
    fclose(f);
    err = (struct sb_err)SB_ERR_INIT;
    assert_int_equal(sb_redact_map_read(path, "x", 1, &m, &err),
                     SB_E_FORMAT);
    err = (struct sb_err)SB_ERR_INIT;
    assert_int_equal(sb_redact_map_read("/nonexistent/map", "x", 1, &m, &err),
                     SB_E_NOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_right_passphrase_reveals_each_token),
        cmocka_unit_test(test_wrong_passphrase_or_damage_reveals_nothing),
        cmocka_unit_test(test_not_a_map_and_hostile_headers_are_refused),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
