/*
 * sb_gzpipe: both inflaters (ISA-L's when built with it, zlib's always)
 * on the same files: whole streams, concatenated members, trailing bytes,
 * cuts and corruption. Each must hand out exactly the original bytes, or
 * a prefix of them and then an error (corrupt deflate data may give wrong
 * bytes before the trailer's check catches it, in zlib as in ISA-L).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "sb_buf.h"
#include "sb_gzpipe.h"

#define SRC_LEN (1500 * 1000)

static char tmpdir[256];
static char *src;           /* SRC_LEN bytes of word-like text */

static int setup(void **state)
{
    static const char *words[] = { "pod", "node", "gpu", "Xid", "error",
                                   "ready", "0x1f8b", "\n", " ", "nccl" };
    size_t i;

    (void)state;
    strcpy(tmpdir, "/tmp/sbtest-gzpipe-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    src = malloc(SRC_LEN);
    if (!src)
        return -1;
    srand(11);
    for (i = 0; i < SRC_LEN;) {
        const char *w = words[rand() % 10];
        size_t n = strlen(w);

        /* some random bytes too, so the stream has stored-like stretches */
        if (rand() % 50 == 0) {
            src[i++] = (char)(rand() & 0xff);
            continue;
        }
        if (n > SRC_LEN - i)
            n = SRC_LEN - i;
        memcpy(src + i, w, n);
        i += n;
    }
    return 0;
}

static int teardown(void **state)
{
    char cmd[400];

    (void)state;
    free(src);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void path_in(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

/* Appends a gzip member holding 'len' bytes of 'data' to 'path'. */
static void gz_append(const char *path, const char *data, size_t len)
{
    gzFile g = gzopen(path, "ab");

    assert_non_null(g);
    assert_int_equal(gzwrite(g, data, (unsigned)len), (int)len);
    assert_int_equal(gzclose(g), Z_OK);
}

static void raw_append(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "ab");

    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static long file_size(const char *path)
{
    struct stat st;

    assert_int_equal(stat(path, &st), 0);
    return (long)st.st_size;
}

/* Keeps the first 'keep' bytes of 'from' in 'to', with byte 'flip' (when
 * >= 0) inverted. */
static void cut_copy(const char *from, const char *to, long keep, long flip)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    long i;
    int c;

    assert_non_null(in);
    assert_non_null(out);
    for (i = 0; i < keep && (c = fgetc(in)) != EOF; i++)
        fputc(i == flip ? c ^ 0xff : c, out);
    fclose(in);
    fclose(out);
}

/* Reads the whole pipe into 'out'. Returns 0 at a clean end, -1 on an
 * error (message in 'why'). */
static int drain(const char *path, bool use_zlib, struct sb_buf *out,
                 char *why, size_t whylen, uint64_t *bytes_in)
{
    struct sb_gzpipe *p = sb_gzpipe_open_with(path, use_zlib);
    const void *buf;
    ssize_t n;
    int rc;

    assert_non_null(p);
    while ((n = sb_gzpipe_read(p, &buf)) > 0)
        assert_int_equal(sb_buf_add(out, buf, (size_t)n), 0);
    rc = n == 0 ? 0 : -1;
    /* the end (or the error) is sticky */
    assert_int_equal(sb_gzpipe_read(p, &buf), n);
    snprintf(why, whylen, "%s", sb_gzpipe_error(p));
    if (bytes_in)
        *bytes_in = sb_gzpipe_bytes_in(p);
    sb_gzpipe_close(p);
    return rc;
}

/* Both inflaters read 'path' cleanly into 'want' ('len' bytes). */
static void expect_whole(const char *path, const char *want, size_t len)
{
    int z;

    for (z = 0; z < 2; z++) {
        struct sb_buf got = SB_BUF_INIT(4 << 20);
        char why[200];
        uint64_t in = 0;

        assert_int_equal(drain(path, z, &got, why, sizeof(why), &in), 0);
        assert_string_equal(why, "");
        assert_int_equal(got.len, len);
        assert_memory_equal(got.data, want, len);
        assert_true(in > 0 && in <= (uint64_t)file_size(path));
        sb_buf_release(&got);
    }
}

/* Both inflaters hand out a prefix of 'src' (when 'prefix') then an
 * error; returns the shorter output. */
static size_t expect_error(const char *path, bool prefix)
{
    size_t shortest = SIZE_MAX;
    int z;

    for (z = 0; z < 2; z++) {
        struct sb_buf got = SB_BUF_INIT(4 << 20);
        char why[200];

        if (drain(path, z, &got, why, sizeof(why), NULL) != -1)
            fail_msg("%s: %s read %zu bytes without an error", path,
                     z ? "zlib" : "ISA-L", got.len);
        assert_non_null(strstr(why, "corrupt gzip data"));
        assert_true(got.len <= SRC_LEN);
        if (got.len && prefix)
            assert_memory_equal(got.data, src, got.len);
        if (got.len < shortest)
            shortest = got.len;
        sb_buf_release(&got);
    }
    return shortest;
}

static void test_whole_stream(void **state)
{
    char p[512];

    (void)state;
    path_in(p, sizeof(p), "whole.gz");
    gz_append(p, src, SRC_LEN);
    expect_whole(p, src, SRC_LEN);
}

static void test_members_one_after_the_other(void **state)
{
    char p[512];

    (void)state;
    path_in(p, sizeof(p), "members.gz");
    gz_append(p, src, 1000);
    gz_append(p, src + 1000, 1);
    gz_append(p, src + 1001, SRC_LEN - 1001);
    expect_whole(p, src, SRC_LEN);
}

static void test_bytes_after_the_last_member_are_ignored(void **state)
{
    static const char zeros[4096];
    char p[512];

    (void)state;
    path_in(p, sizeof(p), "padded.gz");
    gz_append(p, src, 300000);
    raw_append(p, zeros, sizeof(zeros));
    expect_whole(p, src, 300000);
    path_in(p, sizeof(p), "junk.gz");
    gz_append(p, src, 300000);
    raw_append(p, "\x1f" "not gzip", 9);
    expect_whole(p, src, 300000);
}

static void test_cut_streams_give_what_was_read(void **state)
{
    char whole[512], cut[512];
    long size, keep;

    (void)state;
    path_in(whole, sizeof(whole), "tocut.gz");
    gz_append(whole, src, SRC_LEN);
    size = file_size(whole);
    path_in(cut, sizeof(cut), "cut.gz");
    /* in the header, in the data, in the trailer; from 2 bytes on, as
     * the bundle reader sends only files that start with gzip's magic */
    for (keep = 2; keep < size; keep = keep < 12 ? keep + 5 : keep * 3) {
        cut_copy(whole, cut, keep, -1);
        expect_error(cut, true);
    }
    cut_copy(whole, cut, size * 2 / 3, -1);
    /* most of what the kept two thirds encode comes out */
    assert_true(expect_error(cut, true) > SRC_LEN / 2);
    cut_copy(whole, cut, size - 4, -1);   /* only the length is missing */
    expect_error(cut, true);
}

static void test_corrupt_streams_stop_at_the_fault(void **state)
{
    char whole[512], bad[512];
    long size;

    (void)state;
    path_in(whole, sizeof(whole), "tocorrupt.gz");
    gz_append(whole, src, SRC_LEN);
    size = file_size(whole);
    path_in(bad, sizeof(bad), "bad.gz");
    /* in the data: what comes out before the fault is found may be wrong
     * (deflate has no check but the trailer's), the error must come */
    cut_copy(whole, bad, size, size / 2);
    expect_error(bad, false);
    cut_copy(whole, bad, size, size - 6);       /* the CRC */
    expect_error(bad, true);
    cut_copy(whole, bad, size, 2);              /* the method */
    assert_int_equal(expect_error(bad, true), 0);
}

static void test_missing_file_fails_to_open(void **state)
{
    char p[512];

    (void)state;
    path_in(p, sizeof(p), "absent.gz");
    assert_null(sb_gzpipe_open_with(p, false));
    assert_null(sb_gzpipe_open_with(p, true));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_stream),
        cmocka_unit_test(test_members_one_after_the_other),
        cmocka_unit_test(test_bytes_after_the_last_member_are_ignored),
        cmocka_unit_test(test_cut_streams_give_what_was_read),
        cmocka_unit_test(test_corrupt_streams_stop_at_the_fault),
        cmocka_unit_test(test_missing_file_fails_to_open),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
