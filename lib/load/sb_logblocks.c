/*
 * log_text over log_blocks: the packing of a block, and the virtual table
 * that shows its lines as rows (see sb_logblocks.h).
 *
 * A block's data, per line, in order:
 *   varint line_no
 *   varint t          0: no time; else the time shares t - 1 bytes with
 *                     the line before's time, and these follow:
 *   varint rest, rest bytes of time
 *   varint len, len bytes of text
 * Varints are LEB128 (7 bits a byte, low first). Times of one log share
 * most of their bytes ("2026-11-23T10:02:1"), so they cost a few each.
 */
#include "sb_logblocks.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sb_alloc.h"
#include "sb_err.h"
#include "sb_tmp.h"

#define VARINT_MAX 10
#define KITS 4                  /* idle cursors' statements and blocks kept
                                   per table: a statement run again and
                                   again (a lookup per evidence) reuses them */
#define SPARES 4                /* blocks decoded before, kept per table:
                                   the evidence context and the timeline
                                   come back to a block a cursor just left
                                   (on the bench bundle 6,169 of 14,220
                                   decodes were of one of the last 4) */
#define SPARE_BYTES_MAX (256u << 10)    /* a block with a longer line is
                                           not kept (its memory is freed):
                                           spares stay a few hundred KB */
#define DECODE_LINES_MAX 4096   /* what a reader accepts: more than the
                                   writer makes, so the limits can grow */

/* ---- packing --------------------------------------------------------- */

static size_t varint_put(unsigned char *p, uint64_t v)
{
    size_t n = 0;

    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

/* Reads a varint from p[*at..end); false when it runs past the end or
 * past 64 bits. */
static bool varint_get(const unsigned char *p, size_t end, size_t *at,
                       uint64_t *out)
{
    uint64_t v = 0;
    unsigned shift = 0;
    size_t i = *at;

    while (i < end && shift < 64) {
        unsigned char c = p[i++];
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *at = i;
            *out = v;
            return true;
        }
        shift += 7;
    }
    return false;
}

void sb_logblock_init(struct sb_logblock *b)
{
    memset(b, 0, sizeof(*b));
    sb_buf_init(&b->data, SB_LOGBLOCK_DATA_MAX);
}

void sb_logblock_release(struct sb_logblock *b)
{
    sb_buf_release(&b->data);
    sb_logblock_reset(b);
}

void sb_logblock_reset(struct sb_logblock *b)
{
    sb_buf_reset(&b->data);
    b->room = NULL;
    b->room_len = b->room_cap = 0;
    b->n = 0;
    b->first_id = 0;
    b->prev_len = 0;
}

/* Bytes packed so far, in the lent room or in 'data'. */
static size_t packed_len(const struct sb_logblock *b)
{
    return b->room ? b->room_len : b->data.len;
}

bool sb_logblock_fits(const struct sb_logblock *b, size_t text_len)
{
    /* the most a line's number, time and lengths take beside its text */
    size_t extra = 4 * VARINT_MAX + SB_LOGBLOCK_TIME_MAX;

    if (b->n == 0)
        return true;
    return b->n < SB_LOGBLOCK_LINES &&
           packed_len(b) + text_len + extra <= SB_LOGBLOCK_TARGET;
}

const char *sb_logblock_bytes(const struct sb_logblock *b, size_t *len)
{
    *len = packed_len(b);
    if (b->room)
        return b->room;
    return b->data.data ? b->data.data : "";
}

/* Where a line of 'need' bytes goes: the lent room, or 'data' (which the
 * room's bytes move into when the line does not fit there). NULL when
 * out of memory or past SB_LOGBLOCK_DATA_MAX (the code in *rc). */
static char *pack_at(struct sb_logblock *b, size_t need, int *rc)
{
    if (b->room) {
        if (need <= b->room_cap - b->room_len)
            return b->room + b->room_len;
        /* too long for the room: on into the block's own buffer */
        sb_buf_reset(&b->data);
        if ((*rc = sb_buf_add(&b->data, b->room, b->room_len)))
            return NULL;
        b->room = NULL;
        b->room_len = b->room_cap = 0;
    }
    /* an empty buffer takes a whole block's room at once (grown by
     * doubling it was nine reallocs and copies a stream) */
    if (!b->data.cap && need < SB_LOGBLOCK_TARGET &&
        (*rc = sb_buf_grow(&b->data, SB_LOGBLOCK_TARGET)))
        return NULL;
    if ((*rc = sb_buf_room(&b->data, need)))
        return NULL;
    return b->data.data + b->data.len;
}

/* Bytes the time shares with the line before's: 8 at a time first, as
 * the lines of one log share the date and most of the clock. */
static size_t shared_prefix(const char *a, const char *b, size_t n)
{
    size_t i = 0;
    uint64_t x, y;

    for (; i + 8 <= n; i += 8) {
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* the first byte that differs is the lowest */
            return i + (size_t)__builtin_ctzll(x ^ y) / 8;
#else
            break;
#endif
        }
    }
    while (i < n && a[i] == b[i])
        i++;
    return i;
}

int sb_logblock_add(struct sb_logblock *b, int64_t line_no, const char *time,
                    const char *text, size_t len)
{
    return sb_logblock_add_n(b, line_no, time, time ? strlen(time) : 0,
                             text, len);
}

int sb_logblock_add_n(struct sb_logblock *b, int64_t line_no,
                      const char *time, size_t tlen, const char *text,
                      size_t len)
{
    unsigned char head[4 * VARINT_MAX + SB_LOGBLOCK_TIME_MAX];
    size_t n = 0, shared;
    char *w;
    int rc;

    if (!time)
        tlen = 0;
    if (b->n >= SB_LOGBLOCK_LINES || tlen >= SB_LOGBLOCK_TIME_MAX ||
        len > SB_LOGBLOCK_DATA_MAX)
        return SB_E_TOOBIG;
    n += varint_put(head + n, (uint64_t)line_no);
    if (!time) {
        head[n++] = 0;
    } else {
        shared = shared_prefix(time, b->prev_time,
                               tlen < b->prev_len ? tlen : b->prev_len);
        n += varint_put(head + n, shared + 1);
        n += varint_put(head + n, tlen - shared);
        memcpy(head + n, time + shared, tlen - shared);
        n += tlen - shared;
    }
    n += varint_put(head + n, len);
    /* one check of the room, then both parts copied in place */
    /* packed_len never passes the limit: a block's room is 1 MiB at
     * most, and 'data' grows only through this check */
    if (n + len > SB_LOGBLOCK_DATA_MAX - packed_len(b))
        return SB_E_TOOBIG;
    if (!(w = pack_at(b, n + len, &rc)))
        return rc;
    memcpy(w, head, n);
    if (len)
        memcpy(w + n, text, len);
    if (b->room) {
        b->room_len += n + len;
    } else {
        b->data.len += n + len;
        b->data.data[b->data.len] = '\0';
    }
    if (time) {
        memcpy(b->prev_time, time, tlen);
        b->prev_len = tlen;
    }
    b->n++;
    return 0;
}

/* ---- the side file --------------------------------------------------- */

/* Appends gather in a buffer of this size, written at once: a big
 * cluster's many short logs end in small blocks (a few hundred bytes), and
 * a write each cost more than the b-tree rows they replace. */
#define STORE_BUF (1u << 20)

struct sb_logstore {
    int fd;
    int64_t size;       /* bytes appended so far, 'buf' included */
    int64_t flushed;    /* of which in the file; the rest in 'buf' */
    char *buf;
    size_t len;
    char dir[512];      /* for messages */
};

int sb_logstore_open(struct sb_logstore **out, struct sb_err *err)
{
    const char *dir = sb_tmpdir();
    struct sb_logstore *s;
    char path[600];
    int n;

    *out = NULL;
    s = sb_calloc(1, sizeof(*s));
    if (!s || !(s->buf = sb_malloc(STORE_BUF))) {
        sb_free(s);
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    snprintf(s->dir, sizeof(s->dir), "%s", dir);
    n = snprintf(path, sizeof(path), "%s/sbundle-lines-XXXXXX", dir);
    s->fd = n < 0 || (size_t)n >= sizeof(path) ? -1 : mkstemp(path);
    if (s->fd < 0) {
        n = n < 0 || (size_t)n >= sizeof(path) ? ENAMETOOLONG : errno;
        sb_free(s->buf);
        sb_free(s);
        return sb_err_set(err, SB_E_IO, "cannot make a temporary file in "
                          "'%s': %s", dir, strerror(n));
    }
    unlink(path);
    (void)fcntl(s->fd, F_SETFD, FD_CLOEXEC);
    *out = s;
    return 0;
}

void sb_logstore_free(struct sb_logstore *s)
{
    if (!s)
        return;
    close(s->fd);
    sb_free(s->buf);
    sb_free(s);
}

/* Writes p[0..len) at s->flushed. */
static int store_write(struct sb_logstore *s, const char *p, size_t len,
                       struct sb_err *err)
{
    size_t done = 0;
    ssize_t n;

    while (done < len) {
        n = pwrite(s->fd, p + done, len - done,
                   (off_t)(s->flushed + (int64_t)done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return sb_err_set(err, SB_E_IO, "cannot write log lines to a "
                              "temporary file in '%s': %s", s->dir,
                              n < 0 ? strerror(errno) : "nothing written");
        done += (size_t)n;
    }
    s->flushed += (int64_t)len;
    return 0;
}

int sb_logstore_flush(struct sb_logstore *s, struct sb_err *err)
{
    int rc;

    if (!s || s->len == 0)
        return 0;
    rc = store_write(s, s->buf, s->len, err);
    if (rc == 0)
        s->len = 0;
    return rc;
}

int sb_logblock_pack_in(struct sb_logblock *b, struct sb_logstore *s,
                        struct sb_err *err)
{
    /* the most one block packs before it is closed (sb_logblock_fits) */
    size_t want = SB_LOGBLOCK_TARGET + 1;
    int rc;

    b->room = NULL;
    b->room_len = b->room_cap = 0;
    if (STORE_BUF - s->len < want && (rc = sb_logstore_flush(s, err)))
        return rc;
    b->room = s->buf + s->len;
    b->room_cap = STORE_BUF - s->len;
    return 0;
}

int sb_logstore_append(struct sb_logstore *s, const void *data, size_t len,
                       int64_t *at, struct sb_err *err)
{
    uintptr_t p = (uintptr_t)data, base = (uintptr_t)s->buf;
    int rc;

    /* packed in the buffer's free room (sb_logblock_pack_in): counted
     * where it lies, moved down only if a flush came in between */
    if (p >= base + s->len && p - base <= STORE_BUF &&
        len <= STORE_BUF - (p - base)) {
        if (p != base + s->len)
            memmove(s->buf + s->len, data, len);
        *at = s->size;
        s->len += len;
        s->size += (int64_t)len;
        return 0;
    }

    /* a block lies whole in the file or whole in 'buf' */
    if (s->len + len > STORE_BUF && (rc = sb_logstore_flush(s, err)))
        return rc;
    *at = s->size;
    if (len >= STORE_BUF) {
        if ((rc = store_write(s, data, len, err)))
            return rc;
    } else {
        memcpy(s->buf + s->len, data, len);
        s->len += len;
    }
    s->size += (int64_t)len;
    return 0;
}

/* Reads 'len' bytes at 'at' into 'p'; false on an error or a range that
 * was never appended. Bytes still in 'buf' are read from it: only the
 * loader's own thread can want them (others read after sb_db_share). */
static bool logstore_read(const struct sb_logstore *s, int64_t at, void *p,
                          size_t len)
{
    size_t done = 0;
    ssize_t n;

    if (at >= s->flushed) {
        if (at - s->flushed > (int64_t)s->len ||
            (int64_t)len > (int64_t)s->len - (at - s->flushed))
            return false;
        memcpy(p, s->buf + (at - s->flushed), len);
        return true;
    }
    if ((int64_t)len > s->flushed - at)
        return false;
    while (done < len) {
        n = pread(s->fd, (char *)p + done, len - done,
                  (off_t)(at + (int64_t)done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += (size_t)n;
    }
    return true;
}

/* ---- a block read back ------------------------------------------------ */

struct bline {
    int64_t line_no;
    size_t text_off, text_len;      /* in raw */
    size_t time_off, time_len;      /* in times; time_off SIZE_MAX: NULL */
};

struct dblock {
    int64_t first_id;           /* 0: nothing decoded */
    int64_t stream_id;
    int n;
    struct sb_buf raw;          /* the block's data, copied */
    char *times;                /* each line's time, whole: room for
                                   n times of the longest, made once a
                                   block (a line's own bytes are copied
                                   without a check each) */
    size_t times_len, times_alloc;
    struct bline *lines;
    size_t alloc;
};

static void dblock_init(struct dblock *d)
{
    memset(d, 0, sizeof(*d));
    sb_buf_init(&d->raw, SB_LOGBLOCK_DATA_MAX);
}

static void dblock_release(struct dblock *d)
{
    sb_buf_release(&d->raw);
    sb_free(d->times);
    sb_free(d->lines);
    memset(d, 0, sizeof(*d));
}

/* Unpacks one line at *at; false when the data breaks a rule. The line
 * before's time is times[*prev_off..+*prev_len). */
static bool decode_line(struct dblock *d, size_t *at, struct bline *l,
                        size_t *prev_off, size_t *prev_len)
{
    const unsigned char *p = (const unsigned char *)d->raw.data;
    size_t end = d->raw.len;
    uint64_t v, shared, rest;

    if (!varint_get(p, end, at, &v) || v > INT64_MAX)
        return false;
    l->line_no = (int64_t)v;
    if (!varint_get(p, end, at, &v))
        return false;
    l->time_off = SIZE_MAX;
    l->time_len = 0;
    if (v) {
        shared = v - 1;
        if (shared > *prev_len || !varint_get(p, end, at, &rest) ||
            rest > end - *at || shared + rest >= SB_LOGBLOCK_TIME_MAX)
            return false;
        l->time_off = d->times_len;
        l->time_len = (size_t)(shared + rest);
        /* shared + rest < SB_LOGBLOCK_TIME_MAX: within this line's room */
        memcpy(d->times + d->times_len, d->times + *prev_off,
               (size_t)shared);
        memcpy(d->times + d->times_len + shared, p + *at, (size_t)rest);
        d->times_len += l->time_len;
        *at += (size_t)rest;
        *prev_off = l->time_off;
        *prev_len = l->time_len;
    }
    if (!varint_get(p, end, at, &v) || v > end - *at)
        return false;
    l->text_off = *at;
    l->text_len = (size_t)v;
    *at += (size_t)v;
    return true;
}

/* Where a block row's bytes are: in the row, or in the side file. */
struct bsrc {
    bool in_row;
    const void *data;           /* the row's blob (NULL when empty) */
    int bytes;
    int64_t at, len;            /* in the side file */
};

/* Copies the block's bytes into d->raw; SQLITE_CORRUPT when they cannot
 * be there (a length out of bounds, no side file, a short read). */
static int dblock_fetch(struct dblock *d, const struct sb_logstore *store,
                        const struct bsrc *src)
{
    if (src->in_row) {
        if (src->bytes < 0 || (size_t)src->bytes > SB_LOGBLOCK_DATA_MAX)
            return SQLITE_CORRUPT;
        return sb_buf_add(&d->raw, src->data ? src->data : "",
                          (size_t)src->bytes) ? SQLITE_NOMEM : SQLITE_OK;
    }
    if (!store || src->at < 0 || src->len < 1 ||
        src->len > (int64_t)SB_LOGBLOCK_DATA_MAX ||
        src->at > INT64_MAX - src->len)
        return SQLITE_CORRUPT;
    if (sb_buf_grow(&d->raw, (size_t)src->len))
        return SQLITE_NOMEM;
    if (!logstore_read(store, src->at, d->raw.data, (size_t)src->len))
        return SQLITE_CORRUPT;
    d->raw.len = (size_t)src->len;
    d->raw.data[d->raw.len] = '\0';
    return SQLITE_OK;
}

/* Decodes a block row into 'd'; SQLITE_CORRUPT when it breaks a rule. */
static int dblock_decode(struct dblock *d, int64_t id, int64_t stream_id,
                         int64_t n, const struct sb_logstore *store,
                         const struct bsrc *src)
{
    size_t at = 0, prev_off = 0, prev_len = 0;
    int i, rc;

    d->first_id = 0;
    sb_buf_reset(&d->raw);
    d->times_len = 0;
    if (id < 1 || n < 1 || n > DECODE_LINES_MAX || id > INT64_MAX - n)
        return SQLITE_CORRUPT;
    if ((rc = dblock_fetch(d, store, src)) != SQLITE_OK)
        return rc;
    if (SB_ARRAY_GROW(d->lines, (size_t)n, d->alloc, DECODE_LINES_MAX) ||
        SB_ARRAY_GROW(d->times, (size_t)n * SB_LOGBLOCK_TIME_MAX,
                      d->times_alloc,
                      (size_t)DECODE_LINES_MAX * SB_LOGBLOCK_TIME_MAX))
        return SQLITE_NOMEM;
    for (i = 0; i < n; i++)
        if (!decode_line(d, &at, &d->lines[i], &prev_off, &prev_len))
            return SQLITE_CORRUPT;
    if (at != d->raw.len)
        return SQLITE_CORRUPT;
    d->first_id = id;
    d->stream_id = stream_id;
    d->n = (int)n;
    return SQLITE_OK;
}

static bool dblock_has(const struct dblock *d, int64_t id)
{
    return d->first_id && id >= d->first_id && id - d->first_id < d->n;
}

/* ---- the virtual table ------------------------------------------------ */

/* A cursor's tools: two seeks and its decoded block; kept by the table
 * while no cursor uses them. */
struct kit {
    sqlite3_stmt *le;           /* the last block starting at or before ?1 */
    sqlite3_stmt *gt;           /* the first block starting after ?1 */
    struct dblock blk;
};

struct lbvtab {
    sqlite3_vtab base;
    sqlite3 *db;
    const struct sb_logstore *store;    /* the side file, NULL: none */
    struct kit *idle[KITS];
    int nidle;
    struct dblock spare[SPARES];        /* most recently left first */
};

enum { COL_ID, COL_STREAM, COL_LINE_NO, COL_TIME, COL_TEXT };

/* idxNum: which arguments xFilter gets, in this order, and how */
#define IX_EQ 1
#define IX_LO 2
#define IX_HI 4
#define IX_TEXT 8
#define IX_DESC 16

struct lbcursor {
    sqlite3_vtab_cursor base;
    struct kit *kit;
    int i;                      /* the line in kit->blk */
    bool eof, desc;
    int64_t lo, hi;             /* ids wanted, both included */
    bool want_text;
    struct sb_buf want;         /* text = ?: only lines with these bytes */
};

/* What a seek reads of a block row, in this order */
#define BLOCK_COLS "id, stream_id, n_lines, data, at, bytes"

static void kit_free(struct kit *k)
{
    if (!k)
        return;
    sqlite3_finalize(k->le);
    sqlite3_finalize(k->gt);
    dblock_release(&k->blk);
    sb_free(k);
}

static struct kit *kit_new(sqlite3 *db)
{
    struct kit *k = sb_calloc(1, sizeof(*k));

    if (!k)
        return NULL;
    dblock_init(&k->blk);
    if (sqlite3_prepare_v3(db, "SELECT " BLOCK_COLS " FROM log_blocks "
                           "WHERE id <= ?1 ORDER BY id DESC LIMIT 1", -1,
                           SQLITE_PREPARE_PERSISTENT, &k->le, NULL)
        != SQLITE_OK ||
        sqlite3_prepare_v3(db, "SELECT " BLOCK_COLS " FROM log_blocks "
                           "WHERE id > ?1 ORDER BY id LIMIT 1",
                           -1, SQLITE_PREPARE_PERSISTENT, &k->gt, NULL)
        != SQLITE_OK) {
        kit_free(k);
        return NULL;
    }
    return k;
}

static int lb_connect(sqlite3 *db, void *aux, int argc,
                      const char *const *argv, sqlite3_vtab **out,
                      char **errmsg)
{
    struct lbvtab *t;
    int rc, i;

    (void)argc;
    (void)argv;
    rc = sqlite3_declare_vtab(db, "CREATE TABLE x(id INTEGER, stream_id "
                              "INTEGER, line_no INTEGER, time TEXT, "
                              "text TEXT)");
    if (rc != SQLITE_OK)
        return rc;
    if (!(t = sb_calloc(1, sizeof(*t)))) {
        *errmsg = sqlite3_mprintf("log_text: out of memory");
        return SQLITE_NOMEM;
    }
    for (i = 0; i < SPARES; i++)
        dblock_init(&t->spare[i]);
    t->db = db;
    t->store = aux;
    *out = &t->base;
    return SQLITE_OK;
}

static int lb_disconnect(sqlite3_vtab *vt)
{
    struct lbvtab *t = (struct lbvtab *)vt;
    int i;

    for (i = 0; i < t->nidle; i++)
        kit_free(t->idle[i]);
    for (i = 0; i < SPARES; i++)
        dblock_release(&t->spare[i]);
    sb_free(t);
    return SQLITE_OK;
}

/* The number of lines, for the planner: the ids from the first block's
 * to the last block's last line, two b-tree lookups (the loader numbers
 * them without gaps). 1 when it cannot tell, so plans stay sane. */
static double row_estimate(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    double n = 1;

    if (sqlite3_prepare_v2(db, "SELECT (SELECT id FROM log_blocks ORDER BY "
                           "id LIMIT 1), (SELECT id + n_lines FROM "
                           "log_blocks ORDER BY id DESC LIMIT 1)", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) == SQLITE_INTEGER)
        n = (double)(sqlite3_column_int64(st, 1) -
                     sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    return n < 1 ? 1 : n;
}

static bool is_id(int col)
{
    return col == -1 || col == COL_ID;
}

/* Rowid equality, rowid ranges and a full scan, each costed like the
 * table it replaces (SQLite's own guesses: an equality on the rowid is
 * one row, each bound of a range keeps a quarter), so the planner keeps
 * the plans it made for the table. text = ? is checked
 * while walking (evidence context looks a quoted line up so). */
static int lb_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    struct lbvtab *t = (struct lbvtab *)vt;
    int eq = -1, lo = -1, hi = -1, txt = -1, i, argv = 0, idx = 0;
    double n = row_estimate(t->db), rows, cost;

    for (i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];

        if (!c->usable)
            continue;
        if (is_id(c->iColumn)) {
            if (c->op == SQLITE_INDEX_CONSTRAINT_EQ && eq < 0)
                eq = i;
            else if ((c->op == SQLITE_INDEX_CONSTRAINT_GT ||
                      c->op == SQLITE_INDEX_CONSTRAINT_GE) && lo < 0)
                lo = i;
            else if ((c->op == SQLITE_INDEX_CONSTRAINT_LT ||
                      c->op == SQLITE_INDEX_CONSTRAINT_LE) && hi < 0)
                hi = i;
        } else if (c->iColumn == COL_TEXT && txt < 0 &&
                   c->op == SQLITE_INDEX_CONSTRAINT_EQ &&
                   sqlite3_stricmp(sqlite3_vtab_collation(info, i),
                                   "BINARY") == 0) {
            txt = i;
        }
    }
    /* SQLite checks every constraint again (omit stays 0): the filter
     * only has to return a superset, which keeps odd operands (a float,
     * text) simple and exact */
    if (eq >= 0) {
        idx |= IX_EQ;
        info->aConstraintUsage[eq].argvIndex = ++argv;
        lo = hi = -1;
    }
    if (lo >= 0) {
        idx |= IX_LO;
        info->aConstraintUsage[lo].argvIndex = ++argv;
    }
    if (hi >= 0) {
        idx |= IX_HI;
        info->aConstraintUsage[hi].argvIndex = ++argv;
    }
    if (txt >= 0) {
        idx |= IX_TEXT;
        info->aConstraintUsage[txt].argvIndex = ++argv;
    }
    if (info->nOrderBy == 1 && is_id(info->aOrderBy[0].iColumn)) {
        info->orderByConsumed = 1;
        if (info->aOrderBy[0].desc)
            idx |= IX_DESC;
    }
    /* SQLite's own costs for a rowid table (where.c): a rowid lookup
     * log2(N) + 3, a range the seek plus 3 a row, a full scan 3 a row */
    if (eq >= 0) {
        rows = 1;
        cost = log2(n) + 3;
        info->idxFlags |= SQLITE_INDEX_SCAN_UNIQUE;
    } else {
        rows = n;
        if (lo >= 0)
            rows /= 4;
        if (hi >= 0)
            rows /= 4;
        cost = (lo >= 0 || hi >= 0 ? log2(n) : 0) + 3 * rows;
        if (txt >= 0)
            rows = rows / 10 + 1;
    }
    info->idxNum = idx;
    info->estimatedRows = (sqlite3_int64)(rows < 1 ? 1 : rows);
    info->estimatedCost = cost;
    return SQLITE_OK;
}

static int lb_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    struct lbvtab *t = (struct lbvtab *)vt;
    struct lbcursor *c = sb_calloc(1, sizeof(*c));

    if (!c)
        return SQLITE_NOMEM;
    if (t->nidle)
        c->kit = t->idle[--t->nidle];
    else if (!(c->kit = kit_new(t->db))) {
        sb_free(c);
        sqlite3_free(vt->zErrMsg);
        vt->zErrMsg = sqlite3_mprintf("log_text: cannot read log_blocks: "
                                      "%s", sqlite3_errmsg(t->db));
        return SQLITE_ERROR;
    }
    sb_buf_init(&c->want, SB_BUF_UNLIMITED);
    c->eof = true;
    *out = &c->base;
    return SQLITE_OK;
}

static int lb_close(sqlite3_vtab_cursor *vc)
{
    struct lbcursor *c = (struct lbcursor *)vc;
    struct lbvtab *t = (struct lbvtab *)vc->pVtab;

    if (c->kit && t->nidle < KITS) {
        sqlite3_reset(c->kit->le);
        sqlite3_reset(c->kit->gt);
        t->idle[t->nidle++] = c->kit;
    } else {
        kit_free(c->kit);
    }
    sb_buf_release(&c->want);
    sb_free(c);
    return SQLITE_OK;
}

static int corrupt(struct lbcursor *c, int rc, int64_t id)
{
    sqlite3_vtab *vt = c->base.pVtab;

    sqlite3_free(vt->zErrMsg);
    vt->zErrMsg = rc == SQLITE_NOMEM ? NULL :
        sqlite3_mprintf("log_text: the block of lines at id %lld is "
                        "corrupt", (long long)id);
    return rc;
}

/* Makes block 'id' the cursor's from the spares when one holds it (the
 * block it leaves becomes the most recent spare): true then. Else the
 * cursor gets the least recent spare's memory to decode into, its own
 * block kept as the most recent spare, and false. Swaps move a few
 * words; a decoded block never changes (sb_logblocks.h). */
static bool spare_take(struct lbvtab *t, struct dblock *d, int64_t id)
{
    struct dblock held = *d;
    int i, k = SPARES - 1;

    if (held.raw.cap > SPARE_BYTES_MAX) {
        dblock_release(&held);
        dblock_init(&held);
    }

    for (i = 0; i < SPARES; i++)
        if (t->spare[i].first_id && t->spare[i].first_id == id) {
            k = i;
            break;
        }
    *d = t->spare[k];
    memmove(&t->spare[1], &t->spare[0], (size_t)k * sizeof(t->spare[0]));
    t->spare[0] = held;
    return i < SPARES;
}

/* Runs a seek for 'key' and makes its block the cursor's (decoding it
 * unless that is the block already held). Sets *found. */
static int seek(struct lbcursor *c, sqlite3_stmt *st, int64_t key,
                bool *found)
{
    struct lbvtab *t = (struct lbvtab *)c->base.pVtab;
    struct dblock *d = &c->kit->blk;
    struct bsrc src;
    int64_t id;
    int rc;

    *found = false;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, key);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        goto done;
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc;
    }
    *found = true;
    id = sqlite3_column_int64(st, 0);
    if (id != d->first_id && !spare_take(t, d, id)) {
        src.data = NULL;
        src.bytes = 0;
        src.at = src.len = 0;
        src.in_row = sqlite3_column_type(st, 3) != SQLITE_NULL;
        if (src.in_row) {
            src.data = sqlite3_column_blob(st, 3);
            src.bytes = sqlite3_column_bytes(st, 3);
        } else {
            src.at = sqlite3_column_int64(st, 4);
            src.len = sqlite3_column_int64(st, 5);
        }
        rc = dblock_decode(d, id, sqlite3_column_int64(st, 1),
                           sqlite3_column_int64(st, 2), t->store, &src);
    } else {
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK) {
        sqlite3_reset(st);
        return corrupt(c, rc, id);
    }
done:
    sqlite3_reset(st);
    return SQLITE_OK;
}

/* Puts the cursor on the first id >= 'from' (ascending) or the last
 * <= 'from' (descending), block boundaries and gaps included. */
static int position(struct lbcursor *c, int64_t from)
{
    struct dblock *d = &c->kit->blk;
    bool found;
    int rc;

    c->eof = false;
    if (!dblock_has(d, from)) {
        if ((rc = seek(c, c->kit->le, from, &found)))
            return rc;
        if (!c->desc && (!found || !dblock_has(d, from))) {
            if ((rc = seek(c, c->kit->gt, from, &found)))
                return rc;
            if (found)
                from = d->first_id;
        }
        if (!found) {
            c->eof = true;
            return SQLITE_OK;
        }
    }
    c->i = from < d->first_id ? 0
         : from - d->first_id >= d->n ? d->n - 1
         : (int)(from - d->first_id);
    return SQLITE_OK;
}

/* Moves to the next line in the cursor's direction, across blocks. */
static int step(struct lbcursor *c)
{
    struct dblock *d = &c->kit->blk;
    int64_t first = d->first_id;
    bool found;
    int rc;

    if (!c->desc && c->i + 1 < d->n) {
        c->i++;
        return SQLITE_OK;
    }
    if (c->desc && c->i > 0) {
        c->i--;
        return SQLITE_OK;
    }
    if (!c->desc)
        rc = seek(c, c->kit->gt, first, &found);
    else if (first > 1)
        rc = seek(c, c->kit->le, first - 1, &found);
    else
        rc = SQLITE_OK, found = false;
    if (rc)
        return rc;
    if (!found)
        c->eof = true;
    else
        c->i = c->desc ? d->n - 1 : 0;
    return SQLITE_OK;
}

static int64_t cur_id(const struct lbcursor *c)
{
    return c->kit->blk.first_id + c->i;
}

/* Walks on from the cursor's line to the first that is wanted, or to
 * the end of the range. */
static int settle(struct lbcursor *c)
{
    const struct dblock *d = &c->kit->blk;
    int rc;

    while (!c->eof) {
        int64_t id = cur_id(c);
        const struct bline *l;

        if (id < c->lo || id > c->hi) {
            if ((c->desc && id < c->lo) || (!c->desc && id > c->hi)) {
                c->eof = true;
                break;
            }
        } else {
            l = &d->lines[c->i];
            if (!c->want_text || (l->text_len == c->want.len &&
                                  memcmp(d->raw.data + l->text_off,
                                         c->want.data ? c->want.data : "",
                                         l->text_len) == 0))
                break;
        }
        if ((rc = step(c)))
            return rc;
    }
    return SQLITE_OK;
}

/* Narrows [lo, hi] by 'op' against 'v'; false when no id can match. An
 * operand that is not a number leaves the range as it is (SQLite checks
 * each row again). */
static bool narrow(sqlite3_value *v, int op, int64_t *lo, int64_t *hi)
{
    int64_t k;
    double f;

    switch (sqlite3_value_numeric_type(v)) {
    case SQLITE_NULL:
        return false;   /* a comparison with NULL is never true */
    case SQLITE_INTEGER:
        k = sqlite3_value_int64(v);
        if (op == SQLITE_INDEX_CONSTRAINT_EQ || op ==
            SQLITE_INDEX_CONSTRAINT_GE || op == SQLITE_INDEX_CONSTRAINT_GT) {
            if (op == SQLITE_INDEX_CONSTRAINT_GT && k == INT64_MAX)
                return false;
            k += op == SQLITE_INDEX_CONSTRAINT_GT;
            if (k > *lo)
                *lo = k;
        }
        k = sqlite3_value_int64(v);
        if (op == SQLITE_INDEX_CONSTRAINT_EQ || op ==
            SQLITE_INDEX_CONSTRAINT_LE || op == SQLITE_INDEX_CONSTRAINT_LT) {
            if (op == SQLITE_INDEX_CONSTRAINT_LT && k == INT64_MIN)
                return false;
            k -= op == SQLITE_INDEX_CONSTRAINT_LT;
            if (k < *hi)
                *hi = k;
        }
        return *lo <= *hi;
    case SQLITE_FLOAT:
        f = sqlite3_value_double(v);
        if (!(f > -9e18 && f < 9e18))
            return true;
        if (op == SQLITE_INDEX_CONSTRAINT_EQ && f != floor(f))
            return false;
        if (op != SQLITE_INDEX_CONSTRAINT_LE &&
            op != SQLITE_INDEX_CONSTRAINT_LT && (int64_t)ceil(f) > *lo)
            *lo = (int64_t)ceil(f);
        if (op != SQLITE_INDEX_CONSTRAINT_GE &&
            op != SQLITE_INDEX_CONSTRAINT_GT && (int64_t)floor(f) < *hi)
            *hi = (int64_t)floor(f);
        return *lo <= *hi;
    default:
        return true;
    }
}

static int lb_filter(sqlite3_vtab_cursor *vc, int idx, const char *idxstr,
                     int argc, sqlite3_value **argv)
{
    struct lbcursor *c = (struct lbcursor *)vc;
    int a = 0, rc;

    (void)idxstr;
    c->lo = INT64_MIN;
    c->hi = INT64_MAX;
    c->desc = (idx & IX_DESC) != 0;
    c->want_text = false;
    c->eof = true;
    if ((idx & IX_EQ) && a < argc &&
        !narrow(argv[a++], SQLITE_INDEX_CONSTRAINT_EQ, &c->lo, &c->hi))
        return SQLITE_OK;
    /* GT/GE and LT/LE alike: the range is inclusive, and SQLite checks
     * the strict bound again */
    if ((idx & IX_LO) && a < argc &&
        !narrow(argv[a++], SQLITE_INDEX_CONSTRAINT_GE, &c->lo, &c->hi))
        return SQLITE_OK;
    if ((idx & IX_HI) && a < argc &&
        !narrow(argv[a++], SQLITE_INDEX_CONSTRAINT_LE, &c->lo, &c->hi))
        return SQLITE_OK;
    if ((idx & IX_TEXT) && a < argc &&
        sqlite3_value_type(argv[a]) == SQLITE_TEXT) {
        sb_buf_reset(&c->want);
        if (sb_buf_add(&c->want, sqlite3_value_text(argv[a]),
                       (size_t)sqlite3_value_bytes(argv[a])))
            return SQLITE_NOMEM;
        c->want_text = true;
    }
    if ((rc = position(c, c->desc ? c->hi : c->lo)))
        return rc;
    return settle(c);
}

static int lb_next(sqlite3_vtab_cursor *vc)
{
    struct lbcursor *c = (struct lbcursor *)vc;
    int rc;

    if ((rc = step(c)))
        return rc;
    return settle(c);
}

static int lb_eof(sqlite3_vtab_cursor *vc)
{
    return ((struct lbcursor *)vc)->eof;
}

static int lb_column(sqlite3_vtab_cursor *vc, sqlite3_context *ctx, int col)
{
    const struct lbcursor *c = (const struct lbcursor *)vc;
    const struct dblock *d = &c->kit->blk;
    const struct bline *l = &d->lines[c->i];

    switch (col) {
    case COL_ID:
        sqlite3_result_int64(ctx, cur_id(c));
        break;
    case COL_STREAM:
        sqlite3_result_int64(ctx, d->stream_id);
        break;
    case COL_LINE_NO:
        sqlite3_result_int64(ctx, l->line_no);
        break;
    case COL_TIME:
        if (l->time_off == SIZE_MAX)
            sqlite3_result_null(ctx);
        else
            sqlite3_result_text(ctx, d->times + l->time_off,
                                (int)l->time_len, SQLITE_TRANSIENT);
        break;
    case COL_TEXT:
        sqlite3_result_text(ctx, d->raw.data ? d->raw.data + l->text_off
                                             : "",
                            (int)l->text_len, SQLITE_TRANSIENT);
        break;
    default:
        break;
    }
    return SQLITE_OK;
}

static int lb_rowid(sqlite3_vtab_cursor *vc, sqlite3_int64 *out)
{
    *out = cur_id((const struct lbcursor *)vc);
    return SQLITE_OK;
}

static const sqlite3_module lb_module = {
    .iVersion = 0,
    .xCreate = lb_connect,
    .xConnect = lb_connect,
    .xBestIndex = lb_best_index,
    .xDisconnect = lb_disconnect,
    .xDestroy = lb_disconnect,
    .xOpen = lb_open,
    .xClose = lb_close,
    .xFilter = lb_filter,
    .xNext = lb_next,
    .xEof = lb_eof,
    .xColumn = lb_column,
    .xRowid = lb_rowid,
};

int sb_logblocks_register(sqlite3 *db)
{
    return sb_logblocks_register_store(db, NULL);
}

int sb_logblocks_register_store(sqlite3 *db, struct sb_logstore *store)
{
    return sqlite3_create_module_v2(db, "sb_logblocks", &lb_module, store,
                                    NULL);
}

/* ---- the switch ------------------------------------------------------- */

/* The view log_lines and its trigger name log_text, not the table: they
 * see the virtual table once it has the name. The trigger's INSERT fails
 * there ("may not be modified"), which is right: only the loader writes
 * lines into a temporary database. */
static const char install_sql[] =
    "DROP TABLE log_text;"
    "CREATE TABLE log_blocks ("
    " id INTEGER PRIMARY KEY,"      /* the block's first line's id */
    " stream_id INTEGER NOT NULL,"
    " n_lines INTEGER NOT NULL,"
    " data BLOB,"                   /* the bytes; NULL: in the side file, */
    " at INTEGER,"                  /* at this offset, */
    " bytes INTEGER);"              /* this many */
    "CREATE VIRTUAL TABLE log_text USING sb_logblocks;";

int sb_logblocks_install(sqlite3 *db, bool *on)
{
    sqlite3_stmt *st = NULL;
    bool virt = false, empty = false;
    int rc;

    *on = false;
    rc = sqlite3_prepare_v2(db, "SELECT sql LIKE 'CREATE VIRTUAL TABLE%' FROM"
                            " sqlite_schema WHERE type = 'table' AND name ="
                            " 'log_text'", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        virt = sqlite3_column_int(st, 0) != 0;
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;     /* no log_text at all: nothing to convert */
        sqlite3_finalize(st);
        return rc;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_OK)
        return rc;
    if (virt) {
        *on = true;
        return SQLITE_OK;
    }
    rc = sqlite3_prepare_v2(db, "SELECT NOT EXISTS (SELECT 1 FROM log_text)",
                            -1, &st, NULL);
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        empty = sqlite3_column_int(st, 0) != 0;
    else if (rc == SQLITE_OK)
        rc = sqlite3_errcode(db);
    sqlite3_finalize(st);
    if (rc != SQLITE_OK || !empty)
        return rc;      /* lines already in rows stay rows */
    rc = sqlite3_exec(db, install_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        *on = true;
    return rc;
}

int sb_logblocks_next_id(sqlite3 *db, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    int rc;

    *out = 1;
    rc = sqlite3_prepare_v2(db, "SELECT id + n_lines FROM log_blocks ORDER "
                            "BY id DESC LIMIT 1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    sqlite3_finalize(st);
    return rc;
}
