/* UTF-8 validation and cleaning for text taken from a bundle. */
#include "sb_utf8.h"

#include <stdio.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

size_t sb_utf8_ascii_run(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    uint64_t v;

#if defined(__SSE2__)
    /* 32 bytes a step (every log line's text goes through here): a byte
     * stops the run when its high bit is set or it is zero, and comparing
     * with zero sets every bit of a zero byte, so one movemask of
     * (x | (x == 0)) marks both */
    const __m128i zero = _mm_setzero_si128();

    for (; i + 32 <= len; i += 32) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)
                                    (p + i + 16));
        unsigned ma = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(a, _mm_cmpeq_epi8(a, zero)));
        unsigned mb = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(b, _mm_cmpeq_epi8(b, zero)));

        if (ma | mb)
            return i + (size_t)__builtin_ctz(ma | (mb << 16));
    }
    /* the last bytes as one more step ending at 'len': the bytes it shares
     * with the steps before passed, so its first mark is the answer (a
     * line's tail cost more than its 32-byte steps) */
    if (i < len && len >= 32) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)
                                    (p + len - 32));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)
                                    (p + len - 16));
        unsigned ma = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(a, _mm_cmpeq_epi8(a, zero)));
        unsigned mb = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(b, _mm_cmpeq_epi8(b, zero)));

        if (ma | mb)
            return len - 32 + (size_t)__builtin_ctz(ma | (mb << 16));
        return len;
    }
#endif
    /* a word stops the run when a byte has its high bit set, or is zero:
     * (v - ONES) & ~v has the high bit of the lowest zero byte set */
    for (; i + 8 <= len; i += 8) {
        memcpy(&v, p + i, 8);
        if ((v | ((v - ONES) & ~v)) & HIGHS)
            break;
    }
    while (i < len && p[i] && p[i] < 0x80)
        i++;
    return i;
}

size_t sb_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t c, min;
    size_t n, i;

    if (p[0] < 0x80) {
        n = 1;
        c = p[0];
        min = 0;
    } else if ((p[0] & 0xe0) == 0xc0) {
        n = 2;
        c = p[0] & 0x1f;
        min = 0x80;
    } else if ((p[0] & 0xf0) == 0xe0) {
        n = 3;
        c = p[0] & 0x0f;
        min = 0x800;
    } else if ((p[0] & 0xf8) == 0xf0) {
        n = 4;
        c = p[0] & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n > len)
        return 0;
    for (i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3f);
    }
    /* overlong forms and surrogates smuggle characters past filters */
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    if (cp)
        *cp = c;
    return n;
}

int sb_utf8_is_control(uint32_t cp)
{
    if (cp == '\t' || cp == '\n')
        return 0;
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

static int utf8_copy(struct sb_buf *out, const char *s, size_t len,
                     int show_controls)
{
    size_t start = out->len, i = 0, run = 0, n;
    uint32_t cp;
    char esc[16];
    int rc = 0;

    if (!s)
        return 0;
    /* copy valid runs in one append; stop at each byte that needs care */
    while (i < len) {
        n = sb_utf8_decode(s + i, len - i, &cp);
        if (n && !(show_controls && sb_utf8_is_control(cp))) {
            i += n;
            run += n;
            continue;
        }
        rc = sb_buf_add(out, s + i - run, run);
        run = 0;
        if (rc)
            goto fail;
        if (!n) {
            rc = sb_buf_add(out, "\xef\xbf\xbd", 3);
            i++;
        } else {
            if (cp < 0x80)
                snprintf(esc, sizeof esc, "\\x%02x", (unsigned)cp);
            else
                snprintf(esc, sizeof esc, "\\u{%04x}", (unsigned)cp);
            rc = sb_buf_adds(out, esc);
            i += n;
        }
        if (rc)
            goto fail;
    }
    rc = sb_buf_add(out, s + i - run, run);
    if (rc)
        goto fail;
    return 0;
fail:
    sb_buf_truncate(out, start);
    return rc;
}

int sb_utf8_clean(struct sb_buf *out, const char *s, size_t len)
{
    return utf8_copy(out, s, len, 1);
}

int sb_utf8_valid(struct sb_buf *out, const char *s, size_t len)
{
    return utf8_copy(out, s, len, 0);
}
