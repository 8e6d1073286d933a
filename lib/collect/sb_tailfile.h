#ifndef SB_TAILFILE_H
#define SB_TAILFILE_H
/*
 * The newest part of a stream of lines, kept in a temporary file so that
 * memory stays small however long the stream: at most 'keep' bytes and
 * 'max_lines' lines survive, oldest dropped first, cut at line starts.
 * Used for container and node logs ("newest kept").
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sb_err.h"

struct sb_tailfile {
    FILE *f;            /* tmpfile(), or NULL before the first byte */
    uint64_t len;       /* bytes in the file */
    uint64_t total;     /* bytes written since init or reset */
    size_t keep;        /* bytes to keep */
    bool cut;           /* bytes were dropped from the front */
    int err_no;         /* errno of the last failed write, or 0 */
};

/* Sets up an empty tail keeping 'keep' bytes. Holds no file until the
 * first byte is written, so many idle tails cost no file descriptors.
 * Returns 0 ('err' is unused and may be NULL). */
int sb_tailfile_init(struct sb_tailfile *t, size_t keep, struct sb_err *err);

/* Appends 'n' bytes (the temporary file is created by the first). Returns
 * 0 or SB_E_IO with 't->err_no' saying why. */
int sb_tailfile_write(struct sb_tailfile *t, const void *p, size_t n);

/* Drops everything (a retried request starts again). */
void sb_tailfile_reset(struct sb_tailfile *t);

/* Calls 'fn' over the kept tail in order: at most 'keep' bytes and
 * 'max_lines' lines (0: no line limit), starting at a line start. When
 * 'first_partial' is true the data before the first newline is treated
 * as a partial line and dropped (e.g. a ranged read). Each chunk ends at
 * a newline except the stream's last. 'fn' returns 0 to go on. Returns
 * 0, SB_E_IO, or what 'fn' returned. Sets '*dropped' (may be NULL) when
 * anything was left out. */
int sb_tailfile_each(struct sb_tailfile *t, long max_lines,
                     bool first_partial,
                     int (*fn)(void *ctx, const char *p, size_t n),
                     void *ctx, bool *dropped);

void sb_tailfile_release(struct sb_tailfile *t);

#endif
