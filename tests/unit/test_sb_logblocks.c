/*
 * Log lines in blocks: the virtual table log_text over log_blocks gives
 * the rows a table gave (lookups by id, ranges either way, scans, block
 * boundaries, NULL times, empty and 320 KiB lines), a corrupt block is an
 * error, and bundles loaded into a temporary database get the lines, ids
 * and streams a kept one gets. Each test runs twice: the blocks' bytes in
 * their rows, then in a temporary database's side file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_db.h"
#include "sb_load.h"
#include "sb_logblocks.h"

#define BIG (320 * 1024)   /* past what a kept decoded block may hold */

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, msg);
        sqlite3_free(msg);
        fail();
    }
}

/* Rows of 'sql' (one integer bound to ?1 and ?2 when given) as text, one
 * line a row, columns by '|', NULL as "N", text as its length and first
 * bytes (320 KiB lines stay readable). Caller frees. */
static char *rows(sqlite3 *db, const char *sql, int64_t a, int64_t b)
{
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st = NULL;
    int i, rc;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
        fail();
    }
    if (sqlite3_bind_parameter_count(st) >= 1)
        sqlite3_bind_int64(st, 1, a);
    if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_int64(st, 2, b);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (i = 0; i < sqlite3_column_count(st); i++) {
            const char *t = (const char *)sqlite3_column_text(st, i);
            int n = sqlite3_column_bytes(st, i);

            if (sqlite3_column_type(st, i) == SQLITE_NULL)
                assert_int_equal(sb_buf_adds(&out, "N|"), 0);
            else
                assert_true(sb_buf_addf(&out, "%d:%.*s|", n,
                                        n > 40 ? 40 : n, t) >= 0);
        }
        assert_int_equal(sb_buf_addc(&out, '\n'), 0);
    }
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(st);
    return sb_buf_detach(&out, NULL);
}

/* The same query on the table 'ref' and on log_text: same rows. */
static void same(sqlite3 *db, const char *sql_ref, const char *sql_blk,
                 int64_t a, int64_t b)
{
    char *x = rows(db, sql_ref, a, b), *y = rows(db, sql_blk, a, b);

    if (strcmp(x, y) != 0)
        fprintf(stderr, "%s (%lld, %lld):\nref:\n%.400s\nblocks:\n%.400s\n",
                sql_blk, (long long)a, (long long)b, x, y);
    assert_string_equal(x, y);
    sb_free(x);
    sb_free(y);
}

struct fixture {
    struct sb_db *db;
    int64_t last;       /* the last line's id */
};

/* Writes 'b' as a block of stream 'stream' into log_blocks, its bytes
 * where the loader puts them: the side file when there is one. */
static void put_block(struct sb_db *sdb, struct sb_logblock *b,
                      int64_t stream)
{
    struct sb_logstore *store = sb_db_logstore(sdb);
    struct sb_err err = SB_ERR_INIT;
    sqlite3_stmt *st;
    const char *bytes;
    size_t len;
    int64_t at;

    if (b->n == 0)
        return;
    assert_int_equal(sqlite3_prepare_v2(sb_db_handle(sdb), "INSERT INTO "
                                        "log_blocks(id, stream_id, n_lines,"
                                        " data, at, bytes) VALUES "
                                        "(?,?,?,?,?,?)", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, b->first_id);
    sqlite3_bind_int64(st, 2, stream);
    sqlite3_bind_int(st, 3, b->n);
    bytes = sb_logblock_bytes(b, &len);
    if (store) {
        assert_int_equal(sb_logstore_append(store, bytes, len, &at, &err),
                         0);
        sqlite3_bind_int64(st, 5, at);
        sqlite3_bind_int64(st, 6, (int64_t)len);
    } else {
        sqlite3_bind_blob(st, 4, bytes, (int)len, SQLITE_STATIC);
    }
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sb_logblock_reset(b);
}

/* Streams of lines of every kind, written as the loader writes them;
 * 'ref' holds the same rows as a table. */
static void fill(struct fixture *f)
{
    static const char *const texts[] = {
        "starting", "", "CUDA error: out of memory",
        "caf\xc3\xa9 \xef\xbf\xbd replaced", "panic: boom",
    };
    sqlite3 *db = sb_db_handle(f->db);
    struct sb_logblock b;
    struct sb_logstore *store = sb_db_logstore(f->db);
    struct sb_err err = SB_ERR_INIT;
    sqlite3_stmt *ref;
    char *big = sb_malloc(BIG + 1);
    char time[64];
    int64_t id = 1, stream;
    bool on = false;
    int i;

    assert_non_null(big);
    memset(big, 'x', BIG);
    big[BIG] = '\0';
    assert_int_equal(sb_logblocks_install(db, &on), SQLITE_OK);
    assert_true(on);
    exec(db, "CREATE TABLE ref(id INTEGER PRIMARY KEY, stream_id INTEGER,"
             " line_no INTEGER, time TEXT, text TEXT)");
    assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO ref VALUES "
                                        "(?,?,?,?,?)", -1, &ref, NULL),
                     SQLITE_OK);
    sb_logblock_init(&b);
    /* three streams: 1000 short lines, one 320 KiB line among short ones,
     * then a single line */
    for (stream = 1; stream <= 3; stream++) {
        int n = stream == 1 ? 1000 : stream == 2 ? 5 : 1;

        for (i = 0; i < n; i++, id++) {
            const char *text = stream == 2 && i == 2 ? big
                                                     : texts[i % 5];
            size_t len = strlen(text);
            bool timed = i % 7 != 3;

            snprintf(time, sizeof(time), "2026-11-23T10:%02d:%02d.%09dZ",
                     i / 60 % 60, i % 60, i * 7);
            if (!sb_logblock_fits(&b, len))
                put_block(f->db, &b, stream);
            /* as the loader does: a block packed in the side file's
             * buffer, the 320 KiB line included */
            if (b.n == 0 && store)
                assert_int_equal(sb_logblock_pack_in(&b, store, &err), 0);
            assert_int_equal(sb_logblock_add(&b, i + 1, timed ? time : NULL,
                                             text, len), 0);
            if (b.n == 1)
                b.first_id = id;
            sqlite3_reset(ref);
            sqlite3_bind_int64(ref, 1, id);
            sqlite3_bind_int64(ref, 2, stream);
            sqlite3_bind_int64(ref, 3, i + 1);
            if (timed)
                sqlite3_bind_text(ref, 4, time, -1, SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(ref, 4);
            sqlite3_bind_text(ref, 5, text, (int)len, SQLITE_STATIC);
            assert_int_equal(sqlite3_step(ref), SQLITE_DONE);
        }
        put_block(f->db, &b, stream);
    }
    f->last = id - 1;
    sqlite3_finalize(ref);
    sb_logblock_release(&b);
    sb_free(big);
}

/* ":memory:" keeps the blocks' bytes in their rows; "" (a temporary
 * database) in its side file, in memory until 'flush' writes them out */
static int setup_with(void **state, const char *path, bool side, bool flush)
{
    struct fixture *f = sb_calloc(1, sizeof(*f));
    struct sb_err err = SB_ERR_INIT;

    if (!f || sb_db_open(path, &f->db, &err))
        return -1;
    if ((sb_db_logstore(f->db) != NULL) != side)
        return -1;
    fill(f);
    if (flush && sb_logstore_flush(sb_db_logstore(f->db), &err))
        return -1;
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_with(state, ":memory:", false, false);
}

static int setup_side(void **state)
{
    return setup_with(state, "", true, false);
}

static int setup_side_flushed(void **state)
{
    return setup_with(state, "", true, true);
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    sb_db_close(f->db);
    sb_free(f);
    return 0;
}

#define COLS "id, stream_id, line_no, time, text, typeof(time), typeof(text)"

static void test_full_scan_gives_every_row_in_order(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = sb_db_handle(f->db);

    same(db, "SELECT " COLS " FROM ref", "SELECT " COLS " FROM log_text",
         0, 0);
    same(db, "SELECT " COLS " FROM ref ORDER BY id DESC",
         "SELECT " COLS " FROM log_text ORDER BY id DESC", 0, 0);
    same(db, "SELECT count(*), min(id), max(id), sum(length(text)) FROM ref",
         "SELECT count(*), min(id), max(id), sum(length(text)) FROM log_text",
         0, 0);
    /* the blocks hold several lines each, the 320 KiB line one alone */
    same(db, "SELECT 1, 1", "SELECT count(*) > 3, (SELECT n_lines FROM"
         " log_blocks WHERE id = 1003) = 1 FROM log_blocks", 0, 0);
}

static void test_equality_on_every_id_and_past_the_ends(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = sb_db_handle(f->db);
    int64_t id;

    for (id = -1; id <= f->last + 2; id++) {
        same(db, "SELECT " COLS " FROM ref WHERE id = ?1",
             "SELECT " COLS " FROM log_text WHERE id = ?1", id, 0);
        same(db, "SELECT " COLS " FROM ref WHERE rowid = ?1",
             "SELECT " COLS " FROM log_text WHERE rowid = ?1", id, 0);
    }
    /* a join looks lines up by id, as the rules do with log_grep */
    same(db, "SELECT r.id, x.text FROM ref r JOIN ref x ON x.id = r.id"
             " WHERE r.id % 97 = 0",
         "SELECT r.id, l.text FROM ref r JOIN log_text l ON l.id = r.id"
         " WHERE r.id % 97 = 0", 0, 0);
}

static void test_ranges_across_blocks_both_ways(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = sb_db_handle(f->db);
    static const int64_t edges[][2] = {
        { 1, 1 }, { 250, 300 }, { 256, 257 }, { 1, 1000 }, { 990, 1006 },
        { 1003, 1003 }, { 1005, 2000 }, { -5, 3 }, { 40, 30 }, { 0, 0 },
    };
    size_t i;

    for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
        int64_t a = edges[i][0], b = edges[i][1];

        same(db, "SELECT " COLS " FROM ref WHERE id BETWEEN ?1 AND ?2",
             "SELECT " COLS " FROM log_text WHERE id BETWEEN ?1 AND ?2",
             a, b);
        same(db, "SELECT id FROM ref WHERE id > ?1 AND id < ?2 ORDER BY id"
                 " DESC", "SELECT id FROM log_text WHERE id > ?1 AND id < ?2"
                 " ORDER BY id DESC", a, b);
        same(db, "SELECT id FROM ref WHERE id >= ?1 ORDER BY id LIMIT 3",
             "SELECT id FROM log_text WHERE id >= ?1 ORDER BY id LIMIT 3",
             a, b);
        same(db, "SELECT id FROM ref WHERE id <= ?2 ORDER BY id DESC LIMIT 3",
             "SELECT id FROM log_text WHERE id <= ?2 ORDER BY id DESC"
             " LIMIT 3", a, b);
    }
    /* odd operands: a float, text, NULL */
    same(db, "SELECT id FROM ref WHERE id > 2.5 AND id <= '5'",
         "SELECT id FROM log_text WHERE id > 2.5 AND id <= '5'", 0, 0);
    same(db, "SELECT id FROM ref WHERE id = 7.0 OR id = 7.5",
         "SELECT id FROM log_text WHERE id = 7.0 OR id = 7.5", 0, 0);
    same(db, "SELECT count(*) FROM ref WHERE id > NULL",
         "SELECT count(*) FROM log_text WHERE id > NULL", 0, 0);
}

static void test_text_lookup_newest_first(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = sb_db_handle(f->db);

    /* evidence context's lookup: the newest line with these bytes */
    same(db, "SELECT id FROM ref WHERE id BETWEEN ?1 AND ?2 AND text ="
             " 'panic: boom' ORDER BY id DESC LIMIT 1",
         "SELECT id FROM log_text WHERE id BETWEEN ?1 AND ?2 AND text ="
         " 'panic: boom' ORDER BY id DESC LIMIT 1", 1, 1000);
    same(db, "SELECT id FROM ref WHERE text = '' AND id < ?1",
         "SELECT id FROM log_text WHERE text = '' AND id < ?1", 300, 0);
    same(db, "SELECT id FROM ref WHERE text = 'nowhere'",
         "SELECT id FROM log_text WHERE text = 'nowhere'", 0, 0);
}

/* 'sql' on log_text with ?1 = id fails with SQLITE_CORRUPT */
static void reads_corrupt(sqlite3 *db, int64_t id)
{
    sqlite3_stmt *st;

    assert_int_equal(sqlite3_prepare_v2(db, "SELECT text FROM log_text"
                                        " WHERE id = ?1", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st) & 0xff, SQLITE_CORRUPT);
    assert_non_null(strstr(sqlite3_errmsg(db), "corrupt"));
    sqlite3_finalize(st);
}

static void test_corrupt_block_is_an_error(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = sb_db_handle(f->db);
    int64_t id = f->last + 1;
    char sql[600];

    /* lengths that run past the end, then a count past the limit */
    snprintf(sql, sizeof(sql), "INSERT INTO log_blocks(id, stream_id,"
             " n_lines, data) VALUES (%lld, 9, 2, x'0100ff7f'),"
             " (%lld, 9, 100000, x'010000')", (long long)id,
             (long long)id + 2);
    exec(db, sql);
    reads_corrupt(db, id);
    reads_corrupt(db, id + 2);
    /* bytes said to be in a side file: past its end, a negative or huge
     * length, no offset; without a side file, any of them */
    snprintf(sql, sizeof(sql), "INSERT INTO log_blocks(id, stream_id,"
             " n_lines, at, bytes) VALUES (%lld, 9, 1, 1000000000, 10),"
             " (%lld, 9, 1, 0, -1), (%lld, 9, 1, 0, 1000000000),"
             " (%lld, 9, 1, NULL, 3), (%lld, 9, 1, 0, 3)",
             (long long)id + 4, (long long)id + 6, (long long)id + 8,
             (long long)id + 10, (long long)id + 12);
    exec(db, sql);
    reads_corrupt(db, id + 4);
    reads_corrupt(db, id + 6);
    reads_corrupt(db, id + 8);
    reads_corrupt(db, id + 10);
    if (!sb_db_logstore(f->db))
        reads_corrupt(db, id + 12);
    /* past the end of what waits in memory, and across into the file */
    snprintf(sql, sizeof(sql), "INSERT INTO log_blocks(id, stream_id,"
             " n_lines, at, bytes) SELECT %lld, 9, 1, max(at) + bytes, 5 FROM"
             " log_blocks; INSERT INTO log_blocks(id, stream_id, n_lines, at,"
             " bytes) SELECT %lld, 9, 1, max(at), 2000000 FROM log_blocks",
             (long long)id + 14, (long long)id + 16);
    exec(db, sql);
    reads_corrupt(db, id + 14);
    reads_corrupt(db, id + 16);
    /* the good blocks still read */
    same(db, "SELECT count(*) FROM ref WHERE id <= 5",
         "SELECT count(*) FROM log_text WHERE id <= 5", 0, 0);
    exec(db, "DELETE FROM log_blocks WHERE stream_id = 9");
}

/* Cursors that come back to blocks they left, interleaved (a lookup per
 * row of an outer scan, a block apart each time): the blocks kept decoded
 * give the same rows as decoding them again. */
static void test_blocks_read_again_in_any_order(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = sb_db_handle(f->db);

    same(db, "SELECT r.id, x.id, x.text, y.time FROM ref r"
             " JOIN ref x ON x.id = (r.id * 389) % ?1 + 1"
             " JOIN ref y ON y.id = (r.id * 211) % ?1 + 1",
         "SELECT r.id, x.id, x.text, y.time FROM ref r"
             " JOIN log_text x ON x.id = (r.id * 389) % ?1 + 1"
             " JOIN log_text y ON y.id = (r.id * 211) % ?1 + 1",
         f->last, 0);
    same(db, "SELECT r.id, (SELECT group_concat(id) FROM ref x WHERE x.id"
             " BETWEEN r.id - 300 AND r.id - 250) FROM ref r WHERE r.id % 13"
             " = 0",
         "SELECT r.id, (SELECT group_concat(id) FROM log_text x WHERE x.id"
             " BETWEEN r.id - 300 AND r.id - 250) FROM ref r WHERE r.id % 13"
             " = 0", 0, 0);
}

static void test_block_limits(void **state)
{
    struct sb_logblock b;
    char time[100];
    int i;

    (void)state;
    sb_logblock_init(&b);
    memset(time, '1', sizeof(time) - 1);
    time[sizeof(time) - 1] = '\0';
    assert_int_equal(sb_logblock_add(&b, 1, time, "x", 1), SB_E_TOOBIG);
    assert_int_equal(b.n, 0);
    for (i = 0; i < SB_LOGBLOCK_LINES; i++) {
        assert_true(sb_logblock_fits(&b, 1));
        assert_int_equal(sb_logblock_add(&b, i + 1, NULL, "x", 1), 0);
    }
    assert_false(sb_logblock_fits(&b, 1));
    assert_int_equal(sb_logblock_add(&b, 999, NULL, "x", 1), SB_E_TOOBIG);
    sb_logblock_reset(&b);
    assert_true(sb_logblock_fits(&b, SB_LOGBLOCK_TARGET * 2));
    sb_logblock_release(&b);
}

/* A block packed in the side file's buffer holds the bytes a block of
 * its own holds, and its append copies nothing (the offsets run on);
 * a first line longer than the buffer moves the block to its own bytes. */
static void test_pack_in_store_packs_the_same(void **state)
{
    static const size_t lens[] = { 0, 17, 300, 4000, 2u << 20, 80 };
    struct sb_logstore *store = NULL;
    struct sb_err err = SB_ERR_INIT;
    struct sb_logblock own, in;
    const char *a, *b;
    size_t k, la, lb, round;
    int64_t at, size = 0;
    char *text = sb_malloc(2u << 20);
    int line = 0;

    (void)state;
    assert_non_null(text);
    memset(text, 'y', 2u << 20);
    assert_int_equal(sb_logstore_open(&store, &err), 0);
    sb_logblock_init(&own);
    sb_logblock_init(&in);
    /* enough rounds that the buffer fills and is written out between
     * blocks */
    for (round = 0; round < 80; round++)
        for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++, line++) {
            if (!sb_logblock_fits(&in, lens[k])) {
                a = sb_logblock_bytes(&own, &la);
                b = sb_logblock_bytes(&in, &lb);
                assert_int_equal(la, lb);
                assert_memory_equal(a, b, la);
                if (lb < (1u << 20))
                    assert_ptr_equal(b, in.room);   /* packed in place */
                assert_int_equal(sb_logstore_append(store, b, lb, &at, &err),
                                 0);
                assert_int_equal(at, size);
                size += (int64_t)lb;
                sb_logblock_reset(&own);
                sb_logblock_reset(&in);
            }
            assert_int_equal(sb_logblock_fits(&own, lens[k]),
                             sb_logblock_fits(&in, lens[k]));
            if (in.n == 0)
                assert_int_equal(sb_logblock_pack_in(&in, store, &err), 0);
            assert_int_equal(sb_logblock_add(&own, line, k % 2 ? NULL :
                                             "2026-11-23T10:02:11Z", text,
                                             lens[k]), 0);
            assert_int_equal(sb_logblock_add(&in, line, k % 2 ? NULL :
                                             "2026-11-23T10:02:11Z", text,
                                             lens[k]), 0);
            /* the 2 MiB line cannot be in the 1 MiB buffer */
            if (lens[k] > (1u << 20))
                assert_null(in.room);
        }
    assert_int_equal(sb_logstore_flush(store, &err), 0);
    sb_logblock_release(&own);
    sb_logblock_release(&in);
    sb_logstore_free(store);
    sb_free(text);
}

/* A time handed over with its length (no NUL after it, as the loader
 * has it) packs to the same bytes as the same time as a C string. */
static void test_add_with_time_length_packs_the_same(void **state)
{
    static const char *const times[] = {
        "2026-11-23T10:02:11.123456789Z", "2026-11-23T10:02:11.123456789Z",
        "2026-11-23T10:02:12.000000001Z", "2026-11-23T10:02:12Z",
    };
    struct sb_logblock a, b;
    char held[64];
    size_t i, n;

    (void)state;
    sb_logblock_init(&a);
    sb_logblock_init(&b);
    for (i = 0; i < 2 * sizeof(times) / sizeof(times[0]); i++) {
        const char *t = i % 5 == 4 ? NULL : times[i % 4];

        n = t ? strlen(t) : 0;
        memset(held, 'Z', sizeof(held));
        if (t)
            memcpy(held, t, n);     /* no NUL: 'Z's follow */
        assert_int_equal(sb_logblock_add(&a, (int64_t)i + 1, t, "line", 4),
                         0);
        assert_int_equal(sb_logblock_add_n(&b, (int64_t)i + 1,
                                           t ? held : NULL, n, "line", 4),
                         0);
    }
    assert_int_equal(a.n, b.n);
    assert_int_equal(a.data.len, b.data.len);
    assert_memory_equal(a.data.data, b.data.data, a.data.len);
    sb_logblock_release(&a);
    sb_logblock_release(&b);
}

/* ---- bundles loaded both ways ------------------------------------------ */

/* 'path' ":memory:" with 'temporary': blocks with their bytes in rows;
 * "" with 'temporary': in the side file; not 'temporary': rows. */
static char *load_two(const char *path, bool temporary, const char *a,
                      const char *b)
{
    struct sb_load_opts o;
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = NULL;
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    char *x, *y;

    memset(&o, 0, sizeof(o));
    o.skip_fts = temporary;
    assert_int_equal(sb_db_open(path, &db, &err), 0);
    if (sb_load_bundle(db, a, &o, NULL, NULL, &err) ||
        sb_load_bundle(db, b, &o, NULL, NULL, &err) ||
        sb_load_finish(db, &o, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        fail();
    }
    x = rows(sb_db_handle(db), "SELECT id, bundle_id, namespace, pod,"
             " container, previous, line_no, time, text, file FROM log_lines"
             " ORDER BY id", 0, 0);
    y = rows(sb_db_handle(db), "SELECT * FROM log_streams ORDER BY id", 0, 0);
    assert_true(sb_buf_adds(&out, x) == 0 && sb_buf_adds(&out, y) == 0);
    sb_free(x);
    sb_free(y);
    /* blocks only where nobody will open the file */
    x = rows(sb_db_handle(db), "SELECT count(*) FROM sqlite_schema WHERE"
             " name = 'log_blocks'", 0, 0);
    assert_string_equal(x, temporary ? "1:1|\n" : "1:0|\n");
    sb_free(x);
    sb_db_close(db);
    return sb_buf_detach(&out, NULL);
}

static void test_two_bundles_same_lines_ids_and_streams(void **state)
{
    const char *src = getenv("SB_SRC");
    char a[600], b[600], *rows_kept, *rows_temp, *rows_side;

    (void)state;
    if (!src)
        skip();
    snprintf(a, sizeof(a), "%s/tests/data/demo-cluster", src);
    snprintf(b, sizeof(b), "%s/tests/data/mini-cluster", src);
    rows_kept = load_two(":memory:", false, a, b);
    rows_temp = load_two(":memory:", true, a, b);
    rows_side = load_two("", true, a, b);
    assert_true(strlen(rows_kept) > 1000);
    assert_string_equal(rows_kept, rows_temp);
    assert_string_equal(rows_kept, rows_side);
    sb_free(rows_kept);
    sb_free(rows_temp);
    sb_free(rows_side);
}

#define READS(setup_fn)                                                     \
    cmocka_unit_test_setup_teardown(test_full_scan_gives_every_row_in_order, \
                                    setup_fn, teardown),                     \
    cmocka_unit_test_setup_teardown(                                         \
        test_equality_on_every_id_and_past_the_ends, setup_fn, teardown),    \
    cmocka_unit_test_setup_teardown(test_ranges_across_blocks_both_ways,     \
                                    setup_fn, teardown),                     \
    cmocka_unit_test_setup_teardown(test_text_lookup_newest_first,           \
                                    setup_fn, teardown),                     \
    cmocka_unit_test_setup_teardown(test_corrupt_block_is_an_error,          \
                                    setup_fn, teardown),                     \
    cmocka_unit_test_setup_teardown(test_blocks_read_again_in_any_order,     \
                                    setup_fn, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        READS(setup),
        READS(setup_side),
        READS(setup_side_flushed),
        cmocka_unit_test(test_block_limits),
        cmocka_unit_test(test_pack_in_store_packs_the_same),
        cmocka_unit_test(test_add_with_time_length_packs_the_same),
        cmocka_unit_test(test_two_bundles_same_lines_ids_and_streams),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
