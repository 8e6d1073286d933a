/*
 * libFuzzer harness for literal prefilters. The input is a pattern, a NUL
 * byte, then texts separated by newlines. For each text that PCRE2 (the
 * same options the REGEXP function uses) matches, the prefilter derived
 * from the pattern must accept it: a prefilter that rejects a matching
 * text would make a rule miss a finding. A wrong derivation traps. The
 * scan itself must find exactly what a plain search for each literal
 * finds, before and after its keys are chosen again by the input
 * (sb_prefilter_rekey): a wrong scan traps too.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sb_prefilter.h"

#define FUZZ_MAX (16u << 10)

static int fold(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Whether some literal of 'pf' occurs in 't' ('n' bytes), byte by byte. */
static int plain_search(const struct sb_prefilter *pf, const char *t,
                        size_t n)
{
    size_t i, at, k, len;
    const char *lit;
    int anchored;

    for (i = 0; i < sb_prefilter_count(pf); i++) {
        lit = sb_prefilter_literal(pf, i);
        anchored = lit[0] == '\1';
        lit += anchored;
        len = strlen(lit);
        for (at = 0; at + len <= n; at++) {
            for (k = 0; k < len; k++)
                if (fold((unsigned char)t[at + k]) != (unsigned char)lit[k])
                    break;
            if (k == len)
                return 1;
            if (anchored)
                break;
        }
    }
    return 0;
}

static void check(pcre2_code *re, pcre2_match_data *md,
                  const struct sb_prefilter *pf, const char *t, size_t n)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)t, n, 0, 0, md, NULL);
    uint64_t found = sb_prefilter_scan(pf, t, n);

    if (rc >= 0 && found == 0)
        __builtin_trap();
    if ((found != 0) != plain_search(pf, t, n))
        __builtin_trap();
}

/* Every text of the input, from 'p' to 'end', newline-separated. */
static void check_all(pcre2_code *re, pcre2_match_data *md,
                      const struct sb_prefilter *pf, const char *p,
                      const char *end)
{
    const char *nl;

    for (; p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        check(re, md, pf, p, (size_t)(nl - p));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *sep, *end = p + size;
    static char sample[32u << 10];
    size_t n = 0;
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
    if (md) {
        check_all(re, md, pf, sep + 1, end);
        /* keys chosen by the texts themselves (repeated up to the size a
         * sample must have): the same results */
        for (n = 0; end > sep + 1 &&
             n + (size_t)(end - sep - 1) <= sizeof(sample);
             n += (size_t)(end - sep - 1))
            memcpy(sample + n, sep + 1, (size_t)(end - sep - 1));
        if (sb_prefilter_rekey(pf, sample, n) == 0)
            check_all(re, md, pf, sep + 1, end);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    sb_prefilter_free(pf);
    return 0;
}
