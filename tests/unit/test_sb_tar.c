/*
 * Our tar reader against libarchive's, on archives GNU tar makes (every
 * format it writes: ustar, pax, gnu, oldgnu, v7; long names, empty files,
 * folders, links, a fifo, a sparse file) and on broken and hostile ones.
 * Two levels: sb_tar alone (it must give what libarchive gives, or defer),
 * and sb_bundle on a file (ours, handing over to libarchive where ours
 * defers) against sb_bundle on the same bytes in memory (libarchive
 * alone): the same members, bytes, warnings and errors.
 */
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
#include "sb_tar.h"

static char tmpdir[256];
static bool have_tar;

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/sbtest-tar-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    have_tar = system("tar --version 2>/dev/null | grep -q 'GNU tar'") == 0;
    return 0;
}

static int teardown(void **state)
{
    char cmd[400];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void path_in(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

/* ---- archives ---------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void spill(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* A tree with one of everything a bundle's archive may hold, once. */
static void make_tree(void)
{
    char cmd[2048];

    snprintf(cmd, sizeof(cmd),
             "cd '%s' && rm -rf t && mkdir -p t/b/resources/ns t/b/empty-dir "
             "t/b/%0120d && echo '{\"a\":1}' > t/b/manifest.json && "
             ": > t/b/empty.json && seq 1 3000 > t/b/resources/ns/pods.json "
             "&& echo long > t/b/%0120d/%0130d.log && "
             "ln -s manifest.json t/b/link.json && "
             "ln t/b/manifest.json t/b/hard.json && mkfifo t/b/fifo && "
             "dd if=/dev/zero of=t/b/sparse.bin bs=1 count=1 seek=70000 "
             "2>/dev/null", tmpdir, 0, 0, 0);
    assert_int_equal(system(cmd), 0);
}

/* GNU tar's archive of the tree in 'format' (extra options in 'opt'). */
static char *gnu_tar(const char *format, const char *opt, size_t *len)
{
    char cmd[1024], out[512];

    path_in(out, sizeof(out), "out.tar");
    snprintf(cmd, sizeof(cmd), "cd '%s/t' && tar --format=%s %s -cf '%s' b "
             "2>/dev/null", tmpdir, format, opt, out);
    /* ustar and v7 refuse the long names and carry on: exit 2 */
    if (system(cmd) == -1)
        fail();
    return slurp(out, len);
}

/* ---- transcripts ------------------------------------------------------- */

struct mem {
    const char *data;
    size_t len, pos, chunk;
};

static ssize_t mem_pull(void *ctx, const void **buf)
{
    struct mem *m = ctx;
    size_t n = m->len - m->pos;

    if (n > m->chunk)
        n = m->chunk;
    *buf = m->data + m->pos;
    m->pos += n;
    return (ssize_t)n;
}

static const char *kind_name(int kind)
{
    static const char *names[] = { "reg", "dir", "hardlink", "symlink",
                                   "other" };
    return names[kind];
}

static void add(struct sb_buf *t, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    assert_int_equal(sb_buf_vaddf(t, fmt, ap), 0);
    va_end(ap);
}

/* libarchive's entries as the bundle reader sees them, with their data:
 * 'max' entries at most. */
static void libarchive_transcript(const char *data, size_t len, size_t max,
                                  struct sb_buf *t)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    const void *block;
    size_t n, count = 0;
    la_int64_t off;
    int r, kind;

    archive_read_support_format_tar(a);
    if (archive_read_open_memory(a, data, len) != ARCHIVE_OK)
        max = 0;        /* not tar to its bidder: nothing to compare */
    while (count < max &&
           (r = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
        if (r == ARCHIVE_RETRY)
            continue;
        if (r < ARCHIVE_WARN) {
            add(t, "error\n");
            break;
        }
        count++;
        kind = archive_entry_filetype(e) == AE_IFDIR ? SB_TAR_DIR
             : archive_entry_hardlink(e) ? SB_TAR_HARDLINK
             : archive_entry_filetype(e) == AE_IFLNK ? SB_TAR_SYMLINK
             : archive_entry_filetype(e) == AE_IFREG ? SB_TAR_REG
             : SB_TAR_OTHER;
        add(t, "%s %s %lld:", archive_entry_pathname(e), kind_name(kind),
            kind == SB_TAR_REG ? (long long)archive_entry_size(e) : 0LL);
        if (kind != SB_TAR_REG)
            continue;
        /* in blocks: all there is before a fault, not a buffer's worth
         * less */
        while ((r = archive_read_data_block(a, &block, &n, &off)) ==
               ARCHIVE_OK)
            assert_int_equal(sb_buf_add(t, block, n), 0);
        add(t, r == ARCHIVE_EOF ? "\n" : "!\n");
    }
    archive_read_free(a);
}

/* The same through sb_tar, read 'chunk' bytes at a time. Returns
 * SB_TAR_END or SB_TAR_DEFER; 'entries' says how far it went. */
static int tar_transcript(const char *data, size_t len, size_t chunk,
                          struct sb_buf *t, uint64_t *entries)
{
    struct mem m = { data, len, 0, chunk };
    struct sb_tar *tar = sb_tar_new(mem_pull, &m);
    struct sb_tar_entry e;
    char buf[700];
    ssize_t n = 0;
    int r;

    assert_non_null(tar);
    while ((r = sb_tar_next(tar, &e)) == SB_TAR_ENTRY) {
        add(t, "%s %s %llu:", e.name, kind_name(e.kind),
            (unsigned long long)e.size);
        if (e.kind != SB_TAR_REG)
            continue;
        while ((n = sb_tar_read(tar, buf, sizeof(buf))) > 0)
            assert_int_equal(sb_buf_add(t, buf, (size_t)n), 0);
        if (n < 0)
            break;
        add(t, "\n");
    }
    if (n < 0)
        r = (int)n;
    *entries = sb_tar_entries(tar);
    sb_tar_free(tar);
    return r;
}

struct warnings {
    struct sb_buf *t;
};

static void on_warn(void *ctx, const char *path, const char *msg)
{
    add(ctx, "warn %s: %s\n", path, msg);
}

/* Everything sb_bundle says of an archive: members, sizes, bytes (read
 * in uneven pieces, every third member left unread), SHA-256, warnings,
 * the error that ends the walk with the archive's name taken out. */
static void bundle_transcript(const char *path, const void *data,
                              size_t len, struct sb_buf *t)
{
    struct sb_bundle_opts o = { 0 };
    struct sb_err err = SB_ERR_INIT;
    struct sb_bundle *bn = NULL;
    struct sb_member m;
    char buf[1000], hex[65], *at;
    int rc, k = 0;
    ssize_t n;

    o.warn = on_warn;
    o.warn_ctx = t;
    o.member_max = 60000;
    rc = path ? sb_bundle_open(path, &o, &bn, &err)
              : sb_bundle_open_memory(data, len, &o, &bn, &err);
    while (rc == 0 && (rc = sb_bundle_next(bn, &m, &err)) == 1) {
        rc = 0;
        add(t, "member %s %llu\n", m.path, (unsigned long long)m.size);
        if (++k % 3 == 0)
            continue;
        while ((n = sb_bundle_read(bn, buf, (size_t)(k * 37 % 997 + 1),
                                   &err)) > 0)
            assert_int_equal(sb_buf_add(t, buf, (size_t)n), 0);
        if (n < 0) {
            rc = (int)n;
            break;
        }
        if (sb_bundle_sha256(bn, hex, &err) == 0)
            add(t, "\nsha %s\n", hex);
    }
    if (rc < 0) {
        /* the archive's name in the message: '<memory>' or the file's */
        at = strstr(err.msg, path ? path : "<memory>");
        add(t, "rc %d %.*s%s\n", rc, at ? (int)(at - err.msg) : 0, err.msg,
            at ? at + strlen(path ? path : "<memory>") : err.msg);
    }
    if (bn)
        add(t, "top %s\n", sb_bundle_top(bn));
    sb_bundle_free(bn);
}

/* sb_bundle over a file (ours) says what it says over memory (libarchive
 * alone). */
static void assert_bundle_same(const char *data, size_t len)
{
    struct sb_buf ours = SB_BUF_INIT(1 << 24), theirs = SB_BUF_INIT(1 << 24);
    char path[512];

    path_in(path, sizeof(path), "case.tar");
    spill(path, data, len);
    bundle_transcript(path, NULL, 0, &ours);
    bundle_transcript(NULL, data, len, &theirs);
    assert_string_equal(sb_buf_str(&ours), sb_buf_str(&theirs));
    sb_buf_release(&ours);
    sb_buf_release(&theirs);
}

/* sb_tar gives libarchive's entries: all of them, or (where 'may_defer')
 * a prefix before it defers. */
static void assert_tar_same(const char *data, size_t len, bool may_defer)
{
    static const size_t chunks[] = { 512, 700, 1, 65536 };
    struct sb_buf ours = SB_BUF_INIT(1 << 24), theirs = SB_BUF_INIT(1 << 24);
    uint64_t entries;
    size_t i;
    int r;

    for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        sb_buf_reset(&ours);
        sb_buf_reset(&theirs);
        r = tar_transcript(data, len, chunks[i], &ours, &entries);
        if (!may_defer)
            assert_int_equal(r, SB_TAR_END);
        libarchive_transcript(data, len, r == SB_TAR_END ? (size_t)-1
                                                          : entries, &theirs);
        if (r == SB_TAR_DEFER) {
            /* what it gave before deferring is what libarchive gives */
            assert_true(ours.len <= theirs.len);
            theirs.len = ours.len;
        }
        assert_memory_equal(ours.data ? ours.data : "",
                            theirs.data ? theirs.data : "", ours.len);
        assert_int_equal(ours.len, theirs.len);
    }
    sb_buf_release(&ours);
    sb_buf_release(&theirs);
}

/* ---- tests ------------------------------------------------------------- */

static void test_gnu_tar_formats_read_as_libarchive_reads_them(void **s)
{
    static const char *formats[] = { "ustar", "pax", "gnu", "oldgnu", "v7" };
    char *data;
    size_t i, len;

    (void)s;
    if (!have_tar)
        skip();
    make_tree();
    for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        data = gnu_tar(formats[i], "", &len);
        assert_tar_same(data, len, 0);
        assert_bundle_same(data, len);
        free(data);
    }
}

static void test_sparse_files_are_left_to_libarchive(void **s)
{
    static const char *formats[] = { "pax", "gnu", "oldgnu" };
    struct sb_buf t = SB_BUF_INIT(1 << 24);
    uint64_t entries;
    char *data;
    size_t i, len;

    (void)s;
    if (!have_tar)
        skip();
    make_tree();
    for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        data = gnu_tar(formats[i], "--sparse", &len);
        sb_buf_reset(&t);
        assert_int_equal(tar_transcript(data, len, 65536, &t, &entries),
                         SB_TAR_DEFER);
        assert_tar_same(data, len, true);
        assert_bundle_same(data, len);
        free(data);
    }
    sb_buf_release(&t);
}

static void test_cut_and_damaged_archives_end_as_with_libarchive(void **s)
{
    char *data, *copy;
    size_t len, cut, i;

    (void)s;
    if (!have_tar)
        skip();
    make_tree();
    data = gnu_tar("pax", "", &len);
    copy = malloc(len);
    assert_non_null(copy);
    /* cut inside headers, inside data, on block boundaries */
    for (cut = 1; cut < len; cut += cut < 4096 ? 255 : 3001) {
        assert_tar_same(data, cut, true);
        assert_bundle_same(data, cut);
    }
    /* one byte changed in each of the first blocks: bad checksums,
     * strange sizes, types, names */
    for (i = 0; i < 40; i++) {
        memcpy(copy, data, len);
        copy[(i * 4099) % 20480] ^= (char)(0x11 + i);
        assert_tar_same(copy, len, true);
        assert_bundle_same(copy, len);
    }
    free(copy);
    free(data);
}

/* A header of our own making: 'size' is written as given (octal text or
 * raw bytes), the checksum made right unless 'bad_sum' (summing signed
 * bytes, as old tars did, where 'bad_sum' is 2). */
static void header(unsigned char *h, const char *name, size_t name_len,
                   char type, const void *size, size_t size_len,
                   int bad_sum)
{
    int sum = 0;
    size_t i;

    memset(h, 0, 512);
    memcpy(h, name, name_len);
    memcpy(h + 100, "0000644", 7);
    memcpy(h + 124, size, size_len);
    h[156] = (unsigned char)type;
    memcpy(h + 257, "ustar\0" "00", 8);
    memset(h + 148, ' ', 8);
    for (i = 0; i < 512; i++)
        sum += bad_sum == 2 ? (signed char)h[i] : h[i];
    snprintf((char *)h + 148, 8, "%06o", sum + (bad_sum == 1 ? 1 : 0));
}

static void test_hostile_headers_defer_or_match(void **s)
{
    static const unsigned char huge256[12] = { 0x80, 0xff, 0xff, 0xff, 0xff,
                                               0xff, 0xff, 0xff, 0xff, 0xff,
                                               0xff, 0xff };
    static const unsigned char neg256[12] = { 0xff, 0xff, 0xff, 0xff, 0xff,
                                              0xff, 0xff, 0xff, 0xff, 0xff,
                                              0xff, 0xf0 };
    static const unsigned char big256[12] = { 0x80, 0, 0, 0, 0, 0, 0, 0,
                                              0, 0, 0x10, 0 };
    unsigned char a[512 * 8];
    char name[100];
    const char *pax = "999999999 path=x\n";
    struct sb_buf t = SB_BUF_INIT(1 << 20);
    uint64_t entries;

    (void)s;
    /* a name filling its field, no NUL: all 100 bytes */
    memset(name, 'n', sizeof(name));
    memset(a, 0, sizeof(a));
    header(a, name, sizeof(name), '0', "00000000005", 11, 0);
    memcpy(a + 512, "hello", 5);
    assert_int_equal(tar_transcript((char *)a, sizeof(a), 512, &t, &entries),
                     SB_TAR_END);
    assert_int_equal(strstr(sb_buf_str(&t), " reg 5:hello") - t.data, 100);
    assert_tar_same((char *)a, sizeof(a), 0);
    assert_bundle_same((char *)a, sizeof(a));

    /* base-256 sizes: past the archive, negative, overflowing, large */
    header(a, "f", 1, '0', huge256, 12, 0);
    assert_tar_same((char *)a, sizeof(a), true);
    assert_bundle_same((char *)a, sizeof(a));
    header(a, "f", 1, '0', neg256, 12, 0);
    assert_tar_same((char *)a, sizeof(a), true);
    assert_bundle_same((char *)a, sizeof(a));
    header(a, "f", 1, '0', "77777777777777", 12, 0);
    assert_bundle_same((char *)a, sizeof(a));
    header(a, "f", 1, '0', big256, 12, 0);
    assert_bundle_same((char *)a, sizeof(a));
    header(a, "f", 1, '0', "-0000000001", 11, 0);
    assert_tar_same((char *)a, sizeof(a), true);
    assert_bundle_same((char *)a, sizeof(a));

    /* a pax header whose body says 2 GiB, one whose record claims 1 GB */
    header(a, "p", 1, 'x', "20000000000", 11, 0);
    sb_buf_reset(&t);
    assert_int_equal(tar_transcript((char *)a, sizeof(a), 512, &t, &entries),
                     SB_TAR_DEFER);
    assert_bundle_same((char *)a, sizeof(a));
    header(a, "p", 1, 'x', "00000000021", 11, 0);
    memcpy(a + 512, pax, strlen(pax));
    header(a + 1024, "f", 1, '0', "00000000000", 11, 0);
    assert_tar_same((char *)a, sizeof(a), true);
    assert_bundle_same((char *)a, sizeof(a));

    /* a bad checksum: libarchive looks on, block by block */
    memset(a, 0, sizeof(a));
    header(a, "e", 1, '0', "00000000000", 11, 0);
    header(a + 512, "f", 1, '0', "00000000000", 11, 1);
    header(a + 1024, "g", 1, '0', "00000000000", 11, 0);
    assert_tar_same((char *)a, sizeof(a), true);
    assert_bundle_same((char *)a, sizeof(a));
    assert_bundle_same((char *)a + 512, sizeof(a) - 512);
    assert_false(sb_tar_first_block_ok(a + 512, 512));
    assert_true(sb_tar_first_block_ok(a, 512));
    assert_false(sb_tar_first_block_ok(a, 511));
    /* a checksum of signed bytes, a name past ASCII: read as it is */
    memset(a, 0, sizeof(a));
    header(a, "\xe9t\xe9", 3, '0', "00000000001", 11, 2);
    a[512] = 'x';
    assert_true(sb_tar_first_block_ok(a, 512));
    sb_buf_reset(&t);
    assert_int_equal(tar_transcript((char *)a, sizeof(a), 512, &t, &entries),
                     SB_TAR_END);
    assert_tar_same((char *)a, sizeof(a), false);
    assert_bundle_same((char *)a, sizeof(a));
    memset(a, 0, sizeof(a));
    assert_false(sb_tar_first_block_ok(a, 512));
    sb_buf_release(&t);
}

static void test_pax_and_long_names_override_in_libarchive_order(void **s)
{
    unsigned char a[512 * 10];
    const char *pax = "12 path=pax\n" "11 size=10\n"
                      "30 mtime=1700000000.123456789\n";
    char len[16];

    (void)s;
    memset(a, 0, sizeof(a));
    /* 'x' (outer) then 'L' (inner) then the header: pax's name wins,
     * pax's size counts */
    snprintf(len, sizeof(len), "%011o", (unsigned)strlen(pax));
    header(a, "././@PaxHeader", 14, 'x', len, 11, 0);
    memcpy(a + 512, pax, strlen(pax));
    header(a + 1024, "././@LongLink", 13, 'L', "00000000005", 11, 0);
    memcpy(a + 1536, "long", 5);
    header(a + 2048, "short", 5, '0', "00000000003", 11, 0);
    memcpy(a + 2560, "0123456789", 10);
    assert_tar_same((char *)a, sizeof(a), 0);
    assert_bundle_same((char *)a, sizeof(a));
    /* 'L' outer, 'x' inner: the long name wins */
    memset(a, 0, sizeof(a));
    header(a, "././@LongLink", 13, 'L', "00000000005", 11, 0);
    memcpy(a + 512, "long", 5);
    header(a + 1024, "././@PaxHeader", 14, 'x', len, 11, 0);
    memcpy(a + 1536, pax, strlen(pax));
    header(a + 2048, "dir/", 4, '0', "00000000000", 11, 0);
    assert_tar_same((char *)a, sizeof(a), 0);
    assert_bundle_same((char *)a, sizeof(a));
    /* an empty pax header and an empty long name: nothing, and "" */
    memset(a, 0, sizeof(a));
    header(a, "././@PaxHeader", 14, 'x', "00000000000", 11, 0);
    header(a + 512, "././@LongLink", 13, 'L', "00000000000", 11, 0);
    header(a + 1024, "kept", 4, '0', "00000000000", 11, 0);
    assert_tar_same((char *)a, sizeof(a), false);
    assert_bundle_same((char *)a, sizeof(a));
    /* a "regular" entry named with a trailing '/': a folder, its data
     * then read as headers, by both */
    memset(a, 0, sizeof(a));
    header(a, "old/", 4, '0', "00000001000", 11, 0);
    header(a + 512, "in", 2, '0', "00000000002", 11, 0);
    memcpy(a + 1024, "ok", 2);
    assert_tar_same((char *)a, sizeof(a), 0);
    assert_bundle_same((char *)a, sizeof(a));
}

static void test_allocation_failures_defer_or_fail_cleanly(void **s)
{
    unsigned char a[512 * 6];
    const char *pax = "12 path=pax\n";
    struct mem m;
    struct sb_tar *tar;
    struct sb_tar_entry e;
    long n;
    int r;

    (void)s;
    memset(a, 0, sizeof(a));
    header(a, "././@PaxHeader", 14, 'x', "00000000014", 11, 0);
    memcpy(a + 512, pax, strlen(pax));
    header(a + 1024, "f", 1, '0', "00000000002", 11, 0);
    for (n = 0;; n++) {
        m = (struct mem){ (char *)a, sizeof(a), 0, 512 };
        sb_alloc_fail_after(n);
        tar = sb_tar_new(mem_pull, &m);
        r = tar ? sb_tar_next(tar, &e) : SB_TAR_DEFER;
        sb_alloc_fail_after(-1);
        assert_true(r == SB_TAR_ENTRY || r == SB_TAR_DEFER);
        if (r == SB_TAR_ENTRY)
            assert_string_equal(e.name, "pax");
        sb_tar_free(tar);
        if (r == SB_TAR_ENTRY)
            break;
    }
    assert_true(n > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gnu_tar_formats_read_as_libarchive_reads_them),
        cmocka_unit_test(test_sparse_files_are_left_to_libarchive),
        cmocka_unit_test(test_cut_and_damaged_archives_end_as_with_libarchive),
        cmocka_unit_test(test_hostile_headers_defer_or_match),
        cmocka_unit_test(test_pax_and_long_names_override_in_libarchive_order),
        cmocka_unit_test(test_allocation_failures_defer_or_fail_cleanly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
