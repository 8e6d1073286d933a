/*
 * Tail keeping: the file grows to twice 'keep' and is then compacted to
 * its last 'keep' bytes, so each byte is copied at most about once.
 */
#include "sb_tailfile.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sb_alloc.h"

#define CHUNK (256 * 1024)

int sb_tailfile_init(struct sb_tailfile *t, size_t keep, struct sb_err *err)
{
    (void)err;
    memset(t, 0, sizeof(*t));
    t->keep = keep ? keep : 1;
    return 0;
}

void sb_tailfile_release(struct sb_tailfile *t)
{
    if (t->f)
        fclose(t->f);
    memset(t, 0, sizeof(*t));
}

void sb_tailfile_reset(struct sb_tailfile *t)
{
    if (!t->f)
        return;
    fflush(t->f);
    if (ftruncate(fileno(t->f), 0) == 0)
        rewind(t->f);
    t->len = t->total = 0;
    t->cut = false;
}

/* Moves the last 'keep' bytes to the front of the file. */
static int compact(struct sb_tailfile *t)
{
    int fd = fileno(t->f);
    uint64_t from = t->len - t->keep, done = 0;
    char *buf = sb_malloc(CHUNK);
    int rc = SB_E_IO;

    if (!buf)
        return SB_E_NOMEM;
    if (fflush(t->f))
        goto cleanup;
    while (done < t->keep) {
        size_t want = t->keep - done > CHUNK ? CHUNK : t->keep - done;
        ssize_t n = pread(fd, buf, want, (off_t)(from + done));
        if (n <= 0)
            goto cleanup;
        if (pwrite(fd, buf, (size_t)n, (off_t)done) != n)
            goto cleanup;
        done += (uint64_t)n;
    }
    if (ftruncate(fd, (off_t)t->keep))
        goto cleanup;
    if (fseeko(t->f, (off_t)t->keep, SEEK_SET))
        goto cleanup;
    t->len = t->keep;
    t->cut = true;
    rc = 0;
cleanup:
    sb_free(buf);
    return rc;
}

int sb_tailfile_write(struct sb_tailfile *t, const void *p, size_t n)
{
    if (!n)
        return 0;
    /* opened at the first byte, not at init: a collection queues a
     * tail per container, and only the streams in flight hold a file */
    if (!t->f && !(t->f = tmpfile())) {
        t->err_no = errno;
        return SB_E_IO;
    }
    if (fwrite(p, 1, n, t->f) != n) {
        t->err_no = errno ? errno : EIO;
        return SB_E_IO;
    }
    t->len += n;
    t->total += n;
    if (t->len > 2 * (uint64_t)t->keep + CHUNK)
        return compact(t);
    return 0;
}

/* Offset where the kept tail starts: the last 'keep' bytes, moved on to
 * a line start, then on past extra lines. */
static int find_start(struct sb_tailfile *t, long max_lines,
                      bool first_partial, uint64_t *start, bool *dropped)
{
    int fd = fileno(t->f);
    uint64_t s = t->len > t->keep ? t->len - t->keep : 0;
    uint64_t pos, nl = 0;
    char *buf = NULL;
    bool skip_partial = s > 0 || t->cut || first_partial;
    int rc = SB_E_IO;

    *dropped = s > 0 || t->cut;
    buf = sb_malloc(CHUNK);
    if (!buf)
        return SB_E_NOMEM;
    if (skip_partial) {
        /* drop up to the first newline: the line was cut */
        pos = s;
        for (;;) {
            ssize_t n = pread(fd, buf, CHUNK, (off_t)pos);
            char *e;
            if (n < 0)
                goto cleanup;
            if (n == 0) {
                s = t->len;
                break;
            }
            e = memchr(buf, '\n', (size_t)n);
            if (e) {
                s = pos + (uint64_t)(e - buf) + 1;
                break;
            }
            pos += (uint64_t)n;
        }
        if (s > 0)
            *dropped = true;
    }
    if (max_lines > 0) {
        /* count lines backwards from the end */
        uint64_t end = t->len;
        bool last_nl = true;
        while (end > s) {
            size_t want = end - s > CHUNK ? CHUNK : (size_t)(end - s);
            ssize_t n = pread(fd, buf, want, (off_t)(end - want));
            if (n != (ssize_t)want)
                goto cleanup;
            for (ssize_t i = n - 1; i >= 0; i--) {
                if (buf[i] != '\n')
                    continue;
                if (end - want + (uint64_t)i == t->len - 1) {
                    last_nl = true;     /* the final newline ends a line */
                    continue;
                }
                nl++;
                if ((long)nl >= max_lines) {
                    s = end - want + (uint64_t)i + 1;
                    *dropped = true;
                    goto found;
                }
            }
            end -= want;
        }
        (void)last_nl;
    }
found:
    *start = s;
    rc = 0;
cleanup:
    sb_free(buf);
    return rc;
}

int sb_tailfile_each(struct sb_tailfile *t, long max_lines,
                     bool first_partial,
                     int (*fn)(void *ctx, const char *p, size_t n),
                     void *ctx, bool *dropped)
{
    uint64_t pos;
    char *buf = NULL;
    size_t have = 0;
    bool drop = false;
    int fd, rc;

    if (dropped)
        *dropped = false;
    if (!t->f)
        return 0;       /* nothing was written: an empty stream */
    if (fflush(t->f))
        return SB_E_IO;
    fd = fileno(t->f);
    rc = find_start(t, max_lines, first_partial, &pos, &drop);
    if (dropped)
        *dropped = drop;
    if (rc)
        return rc;
    buf = sb_malloc(CHUNK);
    if (!buf)
        return SB_E_NOMEM;
    while (pos < t->len || have) {
        size_t want = CHUNK - have, give;
        ssize_t n = 0;
        char *e;

        if (pos < t->len) {
            if (want > t->len - pos)
                want = (size_t)(t->len - pos);
            n = pread(fd, buf + have, want, (off_t)pos);
            if (n <= 0) {
                rc = SB_E_IO;
                goto cleanup;
            }
            pos += (uint64_t)n;
            have += (size_t)n;
        }
        /* hand over whole lines; the rest waits for more bytes */
        e = pos < t->len ? memrchr(buf, '\n', have) : NULL;
        give = e ? (size_t)(e - buf) + 1 : have;
        rc = fn(ctx, buf, give);
        if (rc)
            goto cleanup;
        memmove(buf, buf + give, have - give);
        have -= give;
    }
    rc = 0;
cleanup:
    sb_free(buf);
    return rc;
}
