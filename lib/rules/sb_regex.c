#include "sb_regex.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_prefilter.h"

struct sb_regex *sb_regex_new(const char *pattern, char *msg, size_t msgsz)
{
    struct sb_regex *rx = sb_calloc(1, sizeof(*rx));
    PCRE2_UCHAR why[200];
    PCRE2_SIZE off;
    int code;

    if (msg && msgsz)
        msg[0] = '\0';
    if (!rx)
        return NULL;
    rx->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                           PCRE2_UTF, &code, &off, NULL);
    if (!rx->re) {
        pcre2_get_error_message(code, why, sizeof(why));
        if (msg && msgsz)
            snprintf(msg, msgsz, "offset %zu: %s", (size_t)off,
                     (const char *)why);
        goto fail;
    }
    /* JIT: rules run a pattern over every log line of a bundle, millions
     * of rows; without a JIT compiler it simply stays interpreted */
    rx->jit = pcre2_jit_compile(rx->re, PCRE2_JIT_COMPLETE) == 0;
    rx->md = pcre2_match_data_create_from_pattern(rx->re, NULL);
    if (!rx->md)
        goto fail;
    /* and most texts never reach it; out of memory here only costs speed */
    rx->pf = sb_prefilter_new(pattern);
    return rx;
fail:
    sb_regex_free(rx);
    return NULL;
}

void sb_regex_free(struct sb_regex *rx)
{
    if (!rx)
        return;
    sb_prefilter_free(rx->pf);
    pcre2_match_data_free(rx->md);
    pcre2_code_free(rx->re);
    sb_free(rx);
}

/* Whether every byte of 'text' is below 0x80, 8 at a time. */
static int is_ascii(const char *text, size_t len)
{
    uint64_t acc = 0, w;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        memcpy(&w, text + i, 8);
        acc |= w;
    }
    for (; i < len; i++)
        acc |= (unsigned char)text[i];
    return (acc & 0x8080808080808080u) == 0;
}

int sb_regex_run(struct sb_regex *rx, const char *text, size_t len)
{
    /* pcre2_match checks that a UTF pattern's text is valid UTF-8, byte
     * by byte, before the JIT code runs: for ASCII (most log lines) that
     * check is this one pass over words, and the JIT entry skips it. A
     * text with other bytes still gets PCRE2's check (invalid UTF-8 must
     * not match). */
    if (rx->jit && is_ascii(text, len))
        return pcre2_jit_match(rx->re, (PCRE2_SPTR)text, len, 0, 0, rx->md,
                               NULL) >= 0;
    return pcre2_match(rx->re, (PCRE2_SPTR)text, len, 0, 0, rx->md, NULL) >= 0;
}

int sb_regex_match(struct sb_regex *rx, const char *text, size_t len)
{
    if (rx->pf && !sb_prefilter_scan(rx->pf, text, len))
        return 0;
    return sb_regex_run(rx, text, len);
}
