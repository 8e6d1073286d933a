#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "sb_bwriter.h"
#include "sb_err.h"

static char dir[512];

static int setup(void **state)
{
    const char *t = getenv("TMPDIR");

    (void)state;
    snprintf(dir, sizeof(dir), "%s/sbbw.XXXXXX", t && *t ? t : "/tmp");
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    char cmd[600];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static void path_in(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

static void test_an_existing_output_or_partial_is_never_touched(void **s)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_bwriter *w = NULL;
    char out[600], partial[700], target[600], msg[1500], buf[16] = "";
    FILE *f;

    (void)s;
    /* a folder */
    path_in(out, sizeof(out), "d.tgz");
    assert_int_equal(mkdir(out, 0755), 0);
    assert_int_equal(sb_bwriter_open(out, "t", &w, &err), SB_E_USAGE);
    snprintf(msg, sizeof(msg), "cannot write '%s': it is a directory", out);
    assert_string_equal(err.msg, msg);
    /* a file */
    path_in(out, sizeof(out), "f.tgz");
    f = fopen(out, "w");
    fputs("mine", f);
    fclose(f);
    assert_int_equal(sb_bwriter_open(out, "t", &w, &err), SB_E_USAGE);
    assert_non_null(strstr(err.msg, "it already exists"));
    /* a link planted at the partial name */
    path_in(out, sizeof(out), "l.tgz");
    path_in(target, sizeof(target), "target");
    snprintf(partial, sizeof(partial), "%s.partial", out);
    f = fopen(target, "w");
    fputs("keep", f);
    fclose(f);
    assert_int_equal(symlink(target, partial), 0);
    assert_int_equal(sb_bwriter_open(out, "t", &w, &err), SB_E_IO);
    snprintf(msg, sizeof(msg), "cannot create '%s': File exists (left by an "
             "interrupted run? remove it)", partial);
    assert_string_equal(err.msg, msg);
    assert_null(w);
    f = fopen(target, "r");
    assert_non_null(fgets(buf, sizeof(buf), f));
    fclose(f);
    assert_string_equal(buf, "keep");
    assert_int_equal(access(partial, F_OK), 0);     /* still there */
}

static void test_member_paths_are_checked_per_component(void **s)
{
    static const char *const good[] = { "logs/ns/x..y/c.log", "a/.b/c",
                                         "describe/ns/services/%2E%2E.txt" };
    static const char *const bad[] = { "../x", "a/../b", "a//b", "/abs",
                                       "a/.", "", "a/b\n" };
    struct sb_err err = SB_ERR_INIT;
    struct sb_bwriter *w;
    char out[600];

    (void)s;
    path_in(out, sizeof(out), "p.tgz");
    assert_int_equal(sb_bwriter_open(out, "t", &w, &err), 0);
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_int_equal(sb_bwriter_add(w, good[i], "x", 1, &err), 0);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(sb_bwriter_add(w, bad[i], "x", 1, &err),
                         SB_E_FORMAT);
        assert_non_null(strstr(err.msg, "bad member path"));
    }
    assert_int_equal(sb_bwriter_finish(w, cJSON_CreateObject(), &err), 0);
    assert_int_equal(access(out, F_OK), 0);
}

/* A write the file system refuses names the partial file and carries the
 * system's reason (a full disk: "No space left on device"); here the
 * file size limit stands in for the full disk: EFBIG, "File too large". */
static void test_a_failed_write_says_why_with_the_path(void **s)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_bwriter *w;
    struct rlimit old, small;
    char out[600], partial[700];
    static char junk[1 << 20];
    uint32_t x = 2463534242u;
    int rc;

    (void)s;
    for (size_t i = 0; i < sizeof(junk); i++) {     /* incompressible */
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        junk[i] = (char)x;
    }
    path_in(out, sizeof(out), "full.tgz");
    snprintf(partial, sizeof(partial), "%s.partial", out);
    signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    assert_int_equal(sb_bwriter_open(out, "t", &w, &err), 0);
    small = old;
    small.rlim_cur = 64 * 1024;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    rc = sb_bwriter_add(w, "big.bin", junk, sizeof(junk), &err);
    if (!rc)
        rc = sb_bwriter_finish(w, cJSON_CreateObject(), &err);
    else
        sb_bwriter_abort(w);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, SIG_DFL);
    assert_int_equal(rc, SB_E_IO);
    assert_non_null(strstr(err.msg, partial));
    assert_non_null(strstr(err.msg, strerror(EFBIG)));
    assert_int_not_equal(access(partial, F_OK), 0);     /* removed */
    assert_int_not_equal(access(out, F_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_existing_output_or_partial_is_never_touched),
        cmocka_unit_test(test_member_paths_are_checked_per_component),
        cmocka_unit_test(test_a_failed_write_says_why_with_the_path),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
