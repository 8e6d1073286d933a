#include "sb_base64.h"

#include "sb_err.h"

int sb_base64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t sb_base64_decode(const char *in, size_t len, unsigned char *out,
                        unsigned flags)
{
    unsigned acc = 0, bits = 0, pad = 0, chars = 0;
    size_t i, n = 0;

    for (i = 0; i < len; i++) {
        int v;

        if ((flags & SB_B64_SPACE) && is_space(in[i]))
            continue;
        if (in[i] == '=') {
            if (!(flags & SB_B64_STRICT))
                break;
            pad++;
            continue;
        }
        v = sb_base64_value((unsigned char)in[i]);
        if (v < 0 || pad)
            return SIZE_MAX;
        chars++;
        /* keep only the bits not yet written: no overflow on long input */
        acc = ((acc << 6) | (unsigned)v) & 0xfff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (unsigned char)(acc >> bits);
        }
    }
    /* one character of a last group holds no whole byte; padding fills
     * a group to four characters and no further */
    if ((flags & SB_B64_STRICT) &&
        (chars % 4 == 1 || pad > 2 || (pad && (chars + pad) % 4)))
        return SIZE_MAX;
    return n;
}

int sb_base64_decode_buf(const char *in, size_t len, unsigned flags,
                         struct sb_buf *out)
{
    size_t n;
    int rc = sb_buf_grow(out, SB_B64_DECODED_MAX(len) + 1);

    if (rc)
        return rc;
    n = sb_base64_decode(in, len, (unsigned char *)out->data + out->len,
                         flags);
    if (n == SIZE_MAX) {
        out->data[out->len] = '\0';
        return SB_E_FORMAT;
    }
    out->len += n;
    out->data[out->len] = '\0';
    return 0;
}
