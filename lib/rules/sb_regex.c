#include "sb_regex.h"

#include <stdio.h>

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
    pcre2_jit_compile(rx->re, PCRE2_JIT_COMPLETE);
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

int sb_regex_run(struct sb_regex *rx, const char *text, size_t len)
{
    return pcre2_match(rx->re, (PCRE2_SPTR)text, len, 0, 0, rx->md, NULL) >= 0;
}

int sb_regex_match(struct sb_regex *rx, const char *text, size_t len)
{
    if (rx->pf && !sb_prefilter_scan(rx->pf, text, len))
        return 0;
    return sb_regex_run(rx, text, len);
}
