#ifndef SB_BUF_H
#define SB_BUF_H
/*
 * A growable byte buffer.
 *
 * Invariants once initialised: 'len' bytes of content followed by a NUL,
 * so sb_buf_str() is always a C string (the content may hold NULs too).
 * The buffer never grows past 'max' bytes of content, so a hostile bundle
 * or server cannot exhaust memory. A failed append leaves the content as
 * it was. This module depends on nothing above sb_alloc and sb_err.
 */
#include <stdarg.h>
#include <stddef.h>

#include "sb_err.h"

struct sb_buf {
    char *data;     /* NULL until the first append */
    size_t len;     /* bytes of content, not counting the NUL */
    size_t cap;     /* bytes allocated, counting the NUL */
    size_t max;     /* growth limit in bytes of content, fixed at init */
};
#define SB_BUF_INIT(max) { NULL, 0, 0, (max) }
#define SB_BUF_UNLIMITED ((size_t)-2)

void sb_buf_init(struct sb_buf *b, size_t max);

/* Each append returns 0, SB_E_NOMEM, or SB_E_TOOBIG (would pass 'max').
 * The result must be checked (SB_MUST_CHECK): a dropped failure would be
 * content silently missing from a bundle or a report. */
SB_MUST_CHECK int sb_buf_add(struct sb_buf *b, const void *p, size_t n);
SB_MUST_CHECK int sb_buf_adds(struct sb_buf *b, const char *s);
SB_MUST_CHECK int sb_buf_addc(struct sb_buf *b, char c);
SB_MUST_CHECK int sb_buf_addf(struct sb_buf *b, const char *fmt, ...)
    SB_PRINTF(2, 3);
SB_MUST_CHECK int sb_buf_vaddf(struct sb_buf *b, const char *fmt,
                               va_list ap);

/* Makes room for 'n' more bytes without changing the content. */
SB_MUST_CHECK int sb_buf_grow(struct sb_buf *b, size_t n);

/* sb_buf_grow without the call when the room is already there (within
 * 'cap' and 'max'): for callers that append once per log line. */
SB_MUST_CHECK static inline int sb_buf_room(struct sb_buf *b, size_t n)
{
    /* cap is 0 or more than len, and len is never past max */
    if (n < b->cap - b->len && n <= b->max - b->len)
        return 0;
    return sb_buf_grow(b, n);
}

/* Drops the content after 'len' bytes (no-op if already shorter). */
void sb_buf_truncate(struct sb_buf *b, size_t len);

/* Removes the first 'n' bytes, moving the rest down. */
void sb_buf_consume(struct sb_buf *b, size_t n);

const char *sb_buf_str(const struct sb_buf *b);      /* lent; "" if empty */
char *sb_buf_detach(struct sb_buf *b, size_t *len);  /* caller frees with
                                                        sb_free; b reset;
                                                        never NULL unless
                                                        out of memory */
void sb_buf_reset(struct sb_buf *b);    /* len = 0, memory kept */
void sb_buf_release(struct sb_buf *b);  /* frees; back to SB_BUF_INIT(max) */

/*
 * A growable array of any element type: the one way to grow one (git's
 * ALLOC_GROW, with a limit). The array is three variables the caller
 * owns: a pointer 'arr' (NULL at first), the count in use and 'alloc',
 * the elements allocated (0 at first).
 *
 *     struct item *v = NULL;
 *     size_t n = 0, alloc = 0;
 *
 *     if ((rc = SB_ARRAY_GROW(v, n + 1, alloc, MAX_ITEMS)))
 *         goto cleanup;
 *     v[n++] = item;
 *     ...
 *     sb_free(v);
 *
 * SB_ARRAY_GROW(arr, nr, alloc, max) makes room for at least 'nr'
 * elements. It returns 0, SB_E_TOOBIG when 'nr' passes 'max' elements
 * (so a hostile input cannot grow an array without bound), or
 * SB_E_NOMEM; on a failure 'arr' and 'alloc' are as they were, so the
 * caller still frees 'arr'. The size in bytes is checked for overflow,
 * and the capacity doubles (from 8), so pushing one at a time is
 * amortised linear. New elements are not initialised. 'arr' is an
 * lvalue of pointer type and 'alloc' a size_t lvalue (the compiler
 * checks the second); the result must be checked (SB_MUST_CHECK).
 */
#define SB_ARRAY_GROW(arr, nr, alloc, max)                                  \
    sb_array_grow_((void *)&(arr), &(alloc), (nr), sizeof(*(arr)), (max))

#define SB_ARRAY_MAX ((size_t)-1)   /* no limit but memory and overflow */

/* SB_ARRAY_GROW's body: 'parr' points at the caller's element pointer,
 * read and written with memcpy so that the element type does not matter. */
SB_MUST_CHECK int sb_array_grow_(void *parr, size_t *alloc, size_t nr,
                                 size_t elem, size_t max);

#endif
