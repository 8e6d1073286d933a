#ifndef SB_TAR_H
#define SB_TAR_H
/*
 * A tar reader for the archives bundles come in (POSIX ustar, pax 'x' and
 * 'g' headers, GNU 'L'/'K' long names, the old v7 header, base-256
 * numbers), meant to give exactly what libarchive's tar reader gives, at a
 * fraction of its cost per entry.
 *
 * It is deliberately partial: on anything whose outcome it is not sure of
 * (a bad checksum, a truncated stream, a sparse file, an unknown type or
 * pax key that matters, a header libarchive would warn about or refuse)
 * it answers SB_TAR_DEFER and stops, and its caller hands the rest of the
 * archive to libarchive, which then decides as it always did. What it did
 * hand out before that libarchive would have handed out the same, in the
 * same order: sb_tar_entries() counts them so the caller can skip them.
 *
 * Invariants: it never allocates more than a special header's body (at
 * most SB_TAR_SPECIAL_MAX bytes, libarchive's own limit, times the
 * SB_TAR_SPECIALS it keeps for one entry); it reads the stream only
 * forward, through the caller's pull function, one chunk at a time.
 */
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sb_buf.h"

/* The body of an 'x', 'g', 'L' or 'K' header: past this, libarchive
 * fails the archive ("Special header too large") */
#define SB_TAR_SPECIAL_MAX ((size_t)1 << 20)
/* special headers in front of one entry: more is left to libarchive */
#define SB_TAR_SPECIALS 4

enum {
    SB_TAR_DEFER = -1,  /* not sure: libarchive must read from here on */
    SB_TAR_END = 0,     /* the archive's end */
    SB_TAR_ENTRY = 1    /* an entry: its header is in the sb_tar_entry */
};

/* What the caller asks of an entry, as libarchive's archive_entry tells
 * it: a folder, a hard link (archive_entry_hardlink set), a symbolic link,
 * a regular file, or something else (device, fifo). */
enum sb_tar_kind {
    SB_TAR_REG,
    SB_TAR_DIR,
    SB_TAR_HARDLINK,
    SB_TAR_SYMLINK,
    SB_TAR_OTHER
};

struct sb_tar_entry {
    const char *name;       /* as stored, after pax and GNU long names;
                               lent until the next sb_tar_next */
    enum sb_tar_kind kind;
    uint64_t size;          /* bytes of data (regular files) */
};

/* The next chunk of the stream: its length and '*buf' (valid until the
 * next call), 0 at the stream's end, -1 on a read error. */
typedef ssize_t sb_tar_pull_fn(void *ctx, const void **buf);

struct sb_tar;

/* A reader over 'pull'. Returns NULL when out of memory. */
struct sb_tar *sb_tar_new(sb_tar_pull_fn *pull, void *ctx);

void sb_tar_free(struct sb_tar *t);     /* NULL is fine */

/* Whether the archive's first 512-byte block is a header this reader
 * knows and libarchive's tar bidder would accept (its checksum right,
 * its number fields well formed, its type one of ours). Only where it is
 * may the caller read the archive with sb_tar at all. */
bool sb_tar_first_block_ok(const void *block, size_t len);

/* Skips what is left of the current entry and reads the next header.
 * Returns SB_TAR_ENTRY and fills 'e', SB_TAR_END, or SB_TAR_DEFER; after
 * SB_TAR_END or SB_TAR_DEFER it returns the same again. */
int sb_tar_next(struct sb_tar *t, struct sb_tar_entry *e);

/* Reads up to 'n' bytes of the current entry's data, as many as there are
 * (the buffer is filled unless the entry ends). Returns the count, 0 at
 * the entry's end, or SB_TAR_DEFER (what this call put in 'buf' is not to
 * be used: libarchive reads it again). */
ssize_t sb_tar_read(struct sb_tar *t, void *buf, size_t n);

/* Entries sb_tar_next has returned: libarchive's next_header calls that
 * pass them when the caller hands the archive over. */
uint64_t sb_tar_entries(const struct sb_tar *t);

#endif
