#include "sb_buf.h"

#include <stdio.h>
#include <string.h>

#include "sb_alloc.h"

void sb_buf_init(struct sb_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

int sb_buf_grow(struct sb_buf *b, size_t n)
{
    size_t need, cap;
    char *p;

    if (n > b->max || b->len > b->max - n)
        return SB_E_TOOBIG;
    need = b->len + n + 1;
    if (need <= b->cap)
        return 0;
    /* double, so appending byte by byte stays linear */
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    p = sb_realloc(b->data, cap);
    if (!p)
        return SB_E_NOMEM;
    if (!b->data)
        p[0] = '\0';
    b->data = p;
    b->cap = cap;
    return 0;
}

int sb_buf_add(struct sb_buf *b, const void *p, size_t n)
{
    int rc = sb_buf_grow(b, n);

    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int sb_buf_adds(struct sb_buf *b, const char *s)
{
    return sb_buf_add(b, s, strlen(s));
}

int sb_buf_addc(struct sb_buf *b, char c)
{
    return sb_buf_add(b, &c, 1);
}

int sb_buf_vaddf(struct sb_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n, rc;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return SB_E_FORMAT;
    rc = sb_buf_grow(b, (size_t)n);
    if (rc)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int sb_buf_addf(struct sb_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = sb_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void sb_buf_truncate(struct sb_buf *b, size_t len)
{
    if (len >= b->len)
        return;
    b->len = len;
    b->data[len] = '\0';
}

void sb_buf_consume(struct sb_buf *b, size_t n)
{
    if (n >= b->len) {
        sb_buf_reset(b);
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
    b->data[b->len] = '\0';
}

const char *sb_buf_str(const struct sb_buf *b)
{
    return b->data ? b->data : "";
}

char *sb_buf_detach(struct sb_buf *b, size_t *len)
{
    char *p = b->data;

    if (!p)
        p = sb_strdup("");
    if (len)
        *len = b->len;
    sb_buf_init(b, b->max);
    return p;
}

void sb_buf_reset(struct sb_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void sb_buf_release(struct sb_buf *b)
{
    sb_free(b->data);
    sb_buf_init(b, b->max);
}

int sb_array_grow_(void *parr, size_t *alloc, size_t nr, size_t elem,
                   size_t max)
{
    void *arr, *p;
    size_t cap;

    if (nr <= *alloc)
        return 0;
    if (nr > max || elem == 0 || nr > ((size_t)-1) / elem)
        return SB_E_TOOBIG;
    cap = *alloc < 8 ? 8 : *alloc;
    while (cap < nr)
        cap = cap > ((size_t)-1) / 2 ? nr : cap * 2;
    /* the doubling may overshoot what the caller allows or what a size_t
     * can count in bytes: then stop at the limit ('nr' fits both) */
    if (cap > max)
        cap = max;
    if (cap > ((size_t)-1) / elem)
        cap = nr;
    memcpy(&arr, parr, sizeof(arr));
    p = sb_realloc(arr, cap * elem);
    if (!p)
        return SB_E_NOMEM;
    memcpy(parr, &p, sizeof(p));
    *alloc = cap;
    return 0;
}
