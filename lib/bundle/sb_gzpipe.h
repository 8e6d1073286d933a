#ifndef SB_GZPIPE_H
#define SB_GZPIPE_H
/*
 * A gzip file inflated by a thread of its own, ahead of its reader.
 *
 * Inflating is a third of the time analyze spends loading a bundle, and
 * it needs nothing from the rest: a second core can do it while the first
 * parses and inserts. The reader gets the inflated bytes in chunks, in
 * order; a chunk stays valid until the next call. A truncated or corrupt
 * stream still yields every byte before the fault (then an error), as with
 * gzread(). ISA-L inflates when the build found it, zlib otherwise.
 */
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct sb_gzpipe;

/* Opens 'path' and starts inflating. Returns NULL with errno set when the
 * file cannot be opened or the thread not started. */
struct sb_gzpipe *sb_gzpipe_open(const char *path);

/* The same, with zlib's inflater when 'use_zlib' (the tests compare the
 * two on the same inputs). */
struct sb_gzpipe *sb_gzpipe_open_with(const char *path, bool use_zlib);

/* Whether sb_gzpipe_open() uses the faster inflater (ISA-L). */
bool sb_gzpipe_fast(void);

/* The next chunk in '*buf': its length, 0 at the end of the stream, -1 on
 * corrupt or truncated data (sb_gzpipe_error() says why; the bytes before
 * it were all handed out). */
ssize_t sb_gzpipe_read(struct sb_gzpipe *p, const void **buf);

/* Why the last read failed; "" when it did not. */
const char *sb_gzpipe_error(const struct sb_gzpipe *p);

/* Compressed bytes consumed to produce what was handed out so far. */
uint64_t sb_gzpipe_bytes_in(const struct sb_gzpipe *p);

/* Stops the thread and closes the file. NULL is fine. */
void sb_gzpipe_close(struct sb_gzpipe *p);

#endif
