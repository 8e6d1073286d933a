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

#include <archive.h>
#include <archive_entry.h>

#include "sb_alloc.h"
#include "sb_bundle.h"
#include "sb_bwriter.h"

struct warnings {
    int count;
    char last[512];
};

static void on_warn(void *ctx, const char *path, const char *msg)
{
    struct warnings *w = ctx;

    w->count++;
    snprintf(w->last, sizeof(w->last), "%s: %s", path, msg);
}

static char tmpdir[256];

static int setup(void **state)
{
    strcpy(tmpdir, "/tmp/sbtest-bundle-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[400];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void path_in(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

/* Reads every member into "path=content;" pairs. */
static int walk(const char *path, struct sb_buf *seen, struct warnings *w,
                struct sb_err *err)
{
    struct sb_bundle_opts o = { 0 };
    struct sb_bundle *bn = NULL;
    struct sb_member m;
    struct sb_buf body = SB_BUF_INIT(1 << 20);
    int rc;

    o.warn = on_warn;
    o.warn_ctx = w;
    rc = sb_bundle_open(path, &o, &bn, err);
    if (rc)
        return rc;
    while ((rc = sb_bundle_next(bn, &m, err)) == 1) {
        sb_buf_reset(&body);
        rc = sb_bundle_read_all(bn, &body, err);
        if (rc)
            break;
        assert_int_equal(sb_buf_addf(seen, "%s=%s;", m.path, body.data ? body.data : ""), 0);
    }
    sb_buf_release(&body);
    sb_bundle_free(bn);
    return rc;
}

static void test_written_bundle_reads_back_with_matching_hashes(void **s)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_bwriter *w;
    struct sb_bundle *bn;
    struct sb_member m;
    struct sb_buf body = SB_BUF_INIT(1 << 20);
    char out[512], hex[65];
    FILE *f = tmpfile();
    cJSON *man = cJSON_CreateObject(), *files, *it;
    int n = 0, rc;

    path_in(out, sizeof(out), "b.tar.gz");
    assert_int_equal(sb_bwriter_open(out, "sbundle-test", &w, &err), 0);
    assert_int_equal(sb_bwriter_add(w, "resources/ml/pods.json", "{}", 2,
                                    &err), 0);
    assert_int_equal(sb_bwriter_add(w, "resources/ml/pods.json", "{}", 2,
                                    &err), SB_E_INTERNAL);
    fputs("line one\nline two\n", f);
    assert_int_equal(sb_bwriter_add_stream(w, "logs/ml/a/c.log", f, &err), 0);
    fclose(f);
    cJSON_AddStringToObject(man, "format_version", "1");
    assert_int_equal(sb_bwriter_finish(w, man, &err), 0);

    assert_int_equal(sb_bundle_open(out, NULL, &bn, &err), 0);
    while ((rc = sb_bundle_next(bn, &m, &err)) == 1) {
        n++;
        if (!strcmp(m.path, "manifest.json")) {
            sb_bundle_read_all(bn, &body, &err);
            man = cJSON_Parse(body.data);
            continue;
        }
        assert_int_equal(sb_bundle_sha256(bn, hex, &err), 0);
        assert_int_equal(strlen(hex), 64);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(n, 3);
    assert_string_equal(sb_bundle_top(bn), "sbundle-test");
    files = cJSON_GetObjectItem(man, "files");
    assert_int_equal(cJSON_GetArraySize(files), 2);
    it = cJSON_GetArrayItem(files, 1);
    assert_string_equal(cJSON_GetObjectItem(it, "path")->valuestring,
                        "logs/ml/a/c.log");
    assert_int_equal(cJSON_GetObjectItem(it, "size")->valueint, 18);
    cJSON_Delete(man);
    sb_bundle_free(bn);
    sb_buf_release(&body);
    /* the partial file is gone after the rename */
    strcat(out, ".partial");
    assert_int_not_equal(access(out, F_OK), 0);
}

static void write_entry(struct archive *a, const char *name, int type,
                        const char *data, const char *link)
{
    struct archive_entry *e = archive_entry_new();

    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, (unsigned)type);
    archive_entry_set_perm(e, 0644);
    if (link && type == AE_IFLNK)
        archive_entry_set_symlink(e, link);
    else if (link)
        archive_entry_set_hardlink(e, link);
    archive_entry_set_size(e, data ? (la_int64_t)strlen(data) : 0);
    archive_write_header(a, e);
    if (data)
        archive_write_data(a, data, strlen(data));
    archive_entry_free(e);
}

static void test_hostile_entries_are_ignored_and_reported(void **s)
{
    struct sb_buf seen = SB_BUF_INIT(1 << 16);
    struct sb_err err = SB_ERR_INIT;
    struct warnings w = { 0 };
    struct archive *a = archive_write_new();
    char out[512];

    path_in(out, sizeof(out), "hostile.tar.gz");
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    archive_write_open_filename(a, out);
    write_entry(a, "top/ok.json", AE_IFREG, "1", NULL);
    write_entry(a, "top/../../etc/evil", AE_IFREG, "x", NULL);
    write_entry(a, "/etc/passwd", AE_IFREG, "x", NULL);
    write_entry(a, "top/link", AE_IFLNK, NULL, "/etc/shadow");
    write_entry(a, "top/hard", AE_IFREG, NULL, "top/ok.json");
    write_entry(a, "top/./sub//b.json", AE_IFREG, "2", NULL);
    archive_write_close(a);
    archive_write_free(a);

    assert_int_equal(walk(out, &seen, &w, &err), 0);
    assert_string_equal(seen.data, "ok.json=1;sub/b.json=2;");
    assert_int_equal(w.count, 4);
    sb_buf_release(&seen);
}

static void test_truncated_gzip_returns_what_was_read_then_error(void **s)
{
    struct sb_buf seen = SB_BUF_INIT(1 << 16);
    struct sb_err err = SB_ERR_INIT;
    struct warnings w = { 0 };
    struct sb_bwriter *bw;
    char out[512], cut[512], big[20000];
    FILE *in, *o;
    char buf[4096];
    size_t n, total = 0;
    long size;
    int i;

    srand(7);
    for (i = 0; i < (int)sizeof(big) - 1; i++)
        big[i] = (char)('a' + rand() % 26);
    big[sizeof(big) - 1] = '\0';
    path_in(out, sizeof(out), "t.tar.gz");
    path_in(cut, sizeof(cut), "cut.tar.gz");
    assert_int_equal(sb_bwriter_open(out, "top", &bw, &err), 0);
    sb_bwriter_add(bw, "a.txt", "first", 5, &err);
    sb_bwriter_add(bw, "b.txt", big, strlen(big), &err);
    sb_bwriter_add(bw, "c.txt", big, strlen(big), &err);
    assert_int_equal(sb_bwriter_finish(bw, cJSON_CreateObject(), &err), 0);
    in = fopen(out, "rb");
    fseek(in, 0, SEEK_END);
    size = ftell(in);
    fseek(in, 0, SEEK_SET);
    o = fopen(cut, "wb");
    /* keep two thirds: the first members survive, the rest is cut */
    while (total < (size_t)size * 2 / 3 &&
           (n = fread(buf, 1, 1, in)) > 0) {
        fwrite(buf, 1, n, o);
        total += n;
    }
    fclose(in);
    fclose(o);
    assert_int_equal(walk(cut, &seen, &w, &err), SB_E_FORMAT);
    assert_non_null(strstr(seen.data, "a.txt=first;"));
    assert_non_null(strstr(err.msg, "cut.tar.gz"));
    sb_buf_release(&seen);
}

static void test_not_a_bundle_and_empty_file_get_clear_errors(void **s)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_bundle *bn = NULL;
    char p[512];
    FILE *f;

    path_in(p, sizeof(p), "empty.tar.gz");
    f = fopen(p, "w");
    fclose(f);
    assert_int_equal(sb_bundle_open(p, NULL, &bn, &err), SB_E_FORMAT);
    assert_non_null(strstr(err.msg, "is empty"));
    path_in(p, sizeof(p), "text.tar.gz");
    f = fopen(p, "w");
    fputs("this is just some text, not an archive at all\n", f);
    fclose(f);
    if (sb_bundle_open(p, NULL, &bn, &err) == 0) {
        struct sb_member m;

        assert_true(sb_bundle_next(bn, &m, &err) < 0);
        sb_bundle_free(bn);
    }
    assert_non_null(strstr(err.msg, "text.tar.gz"));
    assert_int_equal(sb_bundle_open("/nonexistent/x", NULL, &bn, &err),
                     SB_E_NOTFOUND);
}

static void test_folder_bundle_skips_symlinks_and_finds_top(void **s)
{
    struct sb_buf seen = SB_BUF_INIT(1 << 16);
    struct sb_err err = SB_ERR_INIT;
    struct warnings w = { 0 };
    char p[512];
    FILE *f;

    path_in(p, sizeof(p), "dir");
    mkdir(p, 0755);
    path_in(p, sizeof(p), "dir/top");
    mkdir(p, 0755);
    path_in(p, sizeof(p), "dir/top/res");
    mkdir(p, 0755);
    path_in(p, sizeof(p), "dir/top/manifest.json");
    f = fopen(p, "w");
    fputs("{}", f);
    fclose(f);
    path_in(p, sizeof(p), "dir/top/res/x.json");
    f = fopen(p, "w");
    fputs("[]", f);
    fclose(f);
    path_in(p, sizeof(p), "dir/top/res/evil");
    assert_int_equal(symlink("/etc/passwd", p), 0);
    path_in(p, sizeof(p), "dir");
    assert_int_equal(walk(p, &seen, &w, &err), 0);
    assert_string_equal(seen.data, "manifest.json={};res/x.json=[];");
    assert_int_equal(w.count, 1);
    sb_buf_release(&seen);
}

static void test_member_limit_skips_big_member(void **s)
{
    struct sb_bundle_opts o = { 0 };
    struct sb_err err = SB_ERR_INIT;
    struct warnings w = { 0 };
    struct sb_bwriter *bw;
    struct sb_bundle *bn;
    struct sb_member m;
    char out[512];
    int n = 0;

    path_in(out, sizeof(out), "lim.tar.gz");
    assert_int_equal(sb_bwriter_open(out, "top", &bw, &err), 0);
    sb_bwriter_add(bw, "big.txt", "0123456789", 10, &err);
    sb_bwriter_add(bw, "small.txt", "01", 2, &err);
    assert_int_equal(sb_bwriter_finish(bw, cJSON_CreateObject(), &err), 0);
    o.member_max = 5;
    o.warn = on_warn;
    o.warn_ctx = &w;
    assert_int_equal(sb_bundle_open(out, &o, &bn, &err), 0);
    while (sb_bundle_next(bn, &m, &err) == 1)
        n++;
    sb_bundle_free(bn);
    assert_int_equal(n, 1);     /* small.txt; manifest.json is > 5 bytes */
    assert_true(w.count >= 2);
}

/* A folder whose last file is over the limit: skipped with its warning,
 * and nothing leaks (ASan) when the walk ends on it. */
static void test_folder_ending_in_a_big_member_ends_cleanly(void **s)
{
    struct sb_bundle_opts o = { 0 };
    struct sb_err err = SB_ERR_INIT;
    struct warnings w = { 0 };
    struct sb_bundle *bn;
    struct sb_member m;
    char dir[512], cmd[1200];
    int n = 0, rc;

    path_in(dir, sizeof(dir), "bigfolder");
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && echo '{}' > "
             "'%s/manifest.json' && seq 1 1000 > '%s/zz-big.log'", dir, dir,
             dir);
    assert_int_equal(system(cmd), 0);
    o.member_max = 100;
    o.warn = on_warn;
    o.warn_ctx = &w;
    assert_int_equal(sb_bundle_open(dir, &o, &bn, &err), 0);
    while ((rc = sb_bundle_next(bn, &m, &err)) == 1)
        n++;
    assert_int_equal(rc, 0);
    sb_bundle_free(bn);
    assert_int_equal(n, 1);
    assert_int_equal(w.count, 1);
    assert_non_null(strstr(w.last, "zz-big.log: member of 3893 bytes"));
}

/* read_all into a bounded buffer: a member of exactly the bound fits; a
 * larger one keeps the first 'max' bytes and says so; a big one grows the
 * buffer step by step; the digests still cover every byte. */
static void test_read_all_keeps_what_fits(void **s)
{
    static const char *const names[] = { "exact", "over", "big" };
    struct sb_err err = SB_ERR_INIT;
    struct sb_bwriter *w;
    struct sb_bundle *bn;
    struct sb_member m;
    struct sb_buf body = SB_BUF_INIT(8);
    size_t big = 300000, i, k = 0;
    char out[512], hex[3][65], *data = malloc(big);
    cJSON *man = cJSON_CreateObject(), *it;
    int rc;

    (void)s;
    assert_non_null(data);
    for (i = 0; i < big; i++)
        data[i] = (char)('a' + i % 26);
    path_in(out, sizeof(out), "fit.tar.gz");
    assert_int_equal(sb_bwriter_open(out, "sbundle-fit", &w, &err), 0);
    assert_int_equal(sb_bwriter_add(w, "exact", data, 8, &err), 0);
    assert_int_equal(sb_bwriter_add(w, "over", data, 9, &err), 0);
    assert_int_equal(sb_bwriter_add(w, "big", data, big, &err), 0);
    assert_int_equal(sb_bwriter_finish(w, man, &err), 0);

    assert_int_equal(sb_bundle_open(out, NULL, &bn, &err), 0);
    while ((rc = sb_bundle_next(bn, &m, &err)) == 1) {
        if (!strcmp(m.path, "manifest.json")) {
            sb_buf_release(&body);
            sb_buf_init(&body, 1 << 20);
            assert_int_equal(sb_bundle_read_all(bn, &body, &err), 0);
            man = cJSON_Parse(body.data);
            continue;
        }
        assert_string_equal(m.path, names[k]);
        sb_buf_release(&body);
        sb_buf_init(&body, k == 2 ? big : 8);
        rc = sb_bundle_read_all(bn, &body, &err);
        assert_int_equal(rc, k == 1 ? SB_E_TOOBIG : 0);
        assert_int_equal(body.len, k == 2 ? big : 8);
        assert_memory_equal(body.data, data, body.len);
        assert_int_equal(body.data[body.len], '\0');
        assert_int_equal(sb_bundle_sha256(bn, hex[k], &err), 0);
        k++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(k, 3);
    /* each digest is of every byte, the cut member's 9 included, as the
     * writer's manifest has it */
    assert_non_null(man);
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(man, "files")) {
        const char *p = cJSON_GetObjectItem(it, "path")->valuestring;
        for (i = 0; i < 3 && strcmp(p, names[i]); i++)
            ;
        assert_true(i < 3);
        assert_string_equal(cJSON_GetObjectItem(it, "sha256")->valuestring,
                            hex[i]);
    }
    cJSON_Delete(man);
    sb_bundle_free(bn);
    sb_buf_release(&body);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_written_bundle_reads_back_with_matching_hashes),
        cmocka_unit_test(test_read_all_keeps_what_fits),
        cmocka_unit_test(test_hostile_entries_are_ignored_and_reported),
        cmocka_unit_test(test_truncated_gzip_returns_what_was_read_then_error),
        cmocka_unit_test(test_not_a_bundle_and_empty_file_get_clear_errors),
        cmocka_unit_test(test_folder_bundle_skips_symlinks_and_finds_top),
        cmocka_unit_test(test_member_limit_skips_big_member),
        cmocka_unit_test(test_folder_ending_in_a_big_member_ends_cleanly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
