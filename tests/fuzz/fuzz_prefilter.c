/*
 * libFuzzer harness for literal prefilters. The input is a pattern, a NUL
 * byte, then texts separated by newlines. For each text that PCRE2 (the
 * same options the REGEXP function uses) matches, the prefilter derived
 * from the pattern must accept it: a prefilter that rejects a matching
 * text would make a rule miss a finding. A wrong derivation traps.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sb_prefilter.h"

#define FUZZ_MAX (16u << 10)

static void check(pcre2_code *re, pcre2_match_data *md,
                  const struct sb_prefilter *pf, const char *t, size_t n)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)t, n, 0, 0, md, NULL);

    if (rc >= 0 && sb_prefilter_scan(pf, t, n) == 0)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *sep, *end = p + size, *nl;
    struct sb_prefilter *pf;
    pcre2_match_data *md;
    pcre2_code *re;
    char pattern[512];
    PCRE2_SIZE off;
    int code;

    if (size > FUZZ_MAX)
        return 0;
    sep = memchr(p, '\0', size);
    if (!sep || (size_t)(sep - p) >= sizeof(pattern))
        return 0;
    memcpy(pattern, p, (size_t)(sep - p) + 1);
    pf = sb_prefilter_new(pattern);
    if (!pf)
        return 0;
    re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
                       &code, &off, NULL);
    if (!re) {
        sb_prefilter_free(pf);
        return 0;
    }
    md = pcre2_match_data_create_from_pattern(re, NULL);
    for (p = sep + 1; md && p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        check(re, md, pf, p, (size_t)(nl - p));
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    sb_prefilter_free(pf);
    return 0;
}
