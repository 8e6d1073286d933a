#ifndef SB_LOGBLOCKS_H
#define SB_LOGBLOCKS_H
/*
 * Container log lines kept in blocks: analyze's temporary database stores
 * a few hundred lines of one stream in one row of log_blocks instead of a
 * row each, and log_text becomes a virtual table (module "sb_logblocks")
 * that shows exactly the rows the table had: id, stream_id, line_no,
 * time, text, in id order. A row costs the loader an insert and its
 * b-tree share; a line in a block costs a few bytes of packing.
 *
 * Invariants of a block (the writer's, checked again by the reader):
 *   - log_blocks.id is the id of its first line; its lines have the ids
 *     id .. id + n_lines - 1, all of one stream (stream_id);
 *   - blocks never overlap and are never changed once written, so a
 *     decoded block stays valid for as long as anyone keeps it;
 *   - n_lines is 1..SB_LOGBLOCK_LINES and 'data' at most
 *     SB_LOGBLOCK_DATA_MAX bytes; a block that breaks any rule reads as
 *     SQLITE_CORRUPT, never as a crash or an unbounded allocation.
 *
 * A database a person keeps (analyze --db) is never converted: the
 * sqlite3 shell has no such module, so there log_text stays a table.
 *
 * A block's bytes live in the row ('data') or, for analyze's own
 * temporary database, in a side file (struct sb_logstore): the row then
 * keeps only where they are ('at', 'bytes'). Log text is most of a
 * bundle, and in the b-tree it cost a record build, a page memmove, a
 * write when the cache spilled and a read back per page; in the side
 * file it costs one write a block and one pread a decode. The side file
 * is written by the loader alone and read only once the lines are in
 * (pread at an offset: any number of connections on any threads).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "sb_buf.h"
#include "sb_err.h"

#define SB_LOGBLOCK_LINES 1024              /* lines a block holds at most */
#define SB_LOGBLOCK_TARGET 32700            /* bytes a block is closed at:
                                               two rows fill a 64 KiB page
                                               (2 x (32,700 + at most 34
                                               bytes of cell and record
                                               heads) + 8 <= 65,536) */
#define SB_LOGBLOCK_DATA_MAX (16u << 20)    /* one block, however long its
                                               one line */
#define SB_LOGBLOCK_TIME_MAX 80             /* a time's bytes, at most */

/* A block being filled by the loader. */
struct sb_logblock {
    struct sb_buf data;     /* the packed lines, unless in 'room' */
    char *room;             /* a side file's gather buffer, lent by
                               sb_logblock_pack_in: the lines are packed
                               there and the block's write copies nothing;
                               NULL: in 'data' */
    size_t room_len;        /* bytes packed in 'room' */
    size_t room_cap;        /* bytes 'room' can take */
    int n;                  /* lines in it */
    int64_t first_id;       /* the id of its first line, 0 when empty */
    char prev_time[SB_LOGBLOCK_TIME_MAX];   /* the last line's time, whose
                                               prefix the next one shares */
    size_t prev_len;
};

void sb_logblock_init(struct sb_logblock *b);
void sb_logblock_release(struct sb_logblock *b);

/* Empties 'b' for the next block of lines (memory kept). */
void sb_logblock_reset(struct sb_logblock *b);

/* Whether a line of 'text_len' bytes still goes into 'b'; an empty block
 * takes any line (a line over the target gets a block of its own). */
bool sb_logblock_fits(const struct sb_logblock *b, size_t text_len);

/* The packed bytes of 'b' (*len of them; never NULL). */
const char *sb_logblock_bytes(const struct sb_logblock *b, size_t *len);

struct sb_logstore;

/* Packs the lines of the empty block 'b' straight into the side file's
 * gather buffer (writing the block out first when less than a block's
 * room is free), so that sb_logstore_append of sb_logblock_bytes copies
 * nothing: a line used to be copied into the block and then the block
 * into the buffer. A line that does not fit there moves the block into
 * its own 'data'. One block at a time may be packed in a store, and
 * nothing else appended to it until that block is. Returns 0 or
 * SB_E_IO with 'err' set (the write); 'b' then packs into 'data'. */
int sb_logblock_pack_in(struct sb_logblock *b, struct sb_logstore *s,
                        struct sb_err *err);

/* Packs one line: its number, its time (NULL: none) and text. Returns 0,
 * SB_E_TOOBIG when the block would pass SB_LOGBLOCK_DATA_MAX or
 * SB_LOGBLOCK_LINES, or a time is longer than SB_LOGBLOCK_TIME_MAX - 1,
 * or SB_E_NOMEM; 'b' is unchanged on a failure. */
int sb_logblock_add(struct sb_logblock *b, int64_t line_no, const char *time,
                    const char *text, size_t len);

/* The same with the time's length known ('tlen' bytes, no NUL needed). */
int sb_logblock_add_n(struct sb_logblock *b, int64_t line_no,
                      const char *time, size_t tlen, const char *text,
                      size_t len);

/* The side file of a temporary database's blocks (declared above). */

/* Makes an empty side file in $TMPDIR (else /tmp), unlinked at once so
 * it goes away with the process however that ends. Returns 0 and sets
 * *out (free with sb_logstore_free), or SB_E_IO / SB_E_NOMEM with 'err'
 * naming the folder. */
int sb_logstore_open(struct sb_logstore **out, struct sb_err *err);

/* Closes the file. NULL is fine. */
void sb_logstore_free(struct sb_logstore *s);

/* Appends 'len' bytes; *at gets their offset. They may wait in memory
 * (1 MiB at most) until sb_logstore_flush; the loader's own connection
 * reads them there. Bytes packed in the store's own buffer
 * (sb_logblock_pack_in) stay where they are. Returns 0, or SB_E_IO with
 * 'err' saying why (a full disk); what was appended before stays. */
int sb_logstore_append(struct sb_logstore *s, const void *data, size_t len,
                       int64_t *at, struct sb_err *err);

/* Writes what waits in memory into the file: before connections on other
 * threads read (sb_db_share does it). NULL is fine. Returns 0 or SB_E_IO
 * with 'err' set. */
int sb_logstore_flush(struct sb_logstore *s, struct sb_err *err);

/* Registers the module "sb_logblocks" on 'db'; every connection that may
 * read a converted database needs it. Returns an SQLite code. */
int sb_logblocks_register(sqlite3 *db);

/* The same for a database whose blocks may be in 'store' (NULL: none;
 * such a block then reads as SQLITE_CORRUPT). 'store' must outlive
 * 'db'. */
int sb_logblocks_register_store(sqlite3 *db, struct sb_logstore *store);

/* Turns 'db''s log_text table into the virtual table over log_blocks,
 * when it is still an empty table; *on says whether log_text is (now)
 * blocks. Call inside the load's transaction. Returns an SQLite code
 * with the message in sqlite3_errmsg. */
int sb_logblocks_install(sqlite3 *db, bool *on);

/* The id the next line gets in a converted database: one past the last
 * block's last line, 1 when there is none (the ids a table's rowids
 * would have had). Returns an SQLite code. */
int sb_logblocks_next_id(sqlite3 *db, int64_t *out);

#endif
