#ifndef SB_REGEX_H
#define SB_REGEX_H
/*
 * A compiled pattern as rules use it: PCRE2 (UTF-8, JIT-compiled when the
 * platform can) behind its literal prefilter (sb_prefilter.h), so that
 * most texts are turned down without running the pattern. REGEXP,
 * regexp_extract() and log_grep() all match through this one type.
 */
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

struct sb_prefilter;

struct sb_regex {
    pcre2_code *re;
    pcre2_match_data *md;       /* the last match's offsets */
    struct sb_prefilter *pf;    /* NULL: the pattern runs on every text */
    int jit;                    /* JIT-compiled: pure ASCII texts go
                                   straight to pcre2_jit_match */
};

/* Compiles 'pattern'. Returns NULL when out of memory or when it does
 * not compile: then 'msg' (may be NULL) holds "offset N: PCRE2's
 * reason". Free with sb_regex_free(). */
struct sb_regex *sb_regex_new(const char *pattern, char *msg, size_t msgsz);

void sb_regex_free(struct sb_regex *rx);   /* NULL is fine */

/* 1 when 'rx' matches 'text' ('len' bytes; rx->md then holds the match),
 * else 0: a text that is not UTF-8, or that exhausts PCRE2's limits,
 * never matches (one odd log line must not stop a rule). */
int sb_regex_match(struct sb_regex *rx, const char *text, size_t len);

/* sb_regex_match() without the prefilter, for a caller whose own scan
 * (several patterns' literals at once) already let 'text' through. */
int sb_regex_run(struct sb_regex *rx, const char *text, size_t len);

#endif
