#ifndef SB_LITPROOF_H
#define SB_LITPROOF_H
/*
 * Literal proofs: where finding a literal in a text proves that a pattern
 * matches it, so a search that records only whether a text matches
 * (log_grep keeps line ids, nothing else) need not run PCRE2 on it.
 *
 * sb_prefilter's literals are necessary: a text holding none of them
 * cannot match. A proof is sufficient: a sequence of byte classes
 * (ASCII, case folded) that, found at some offset of a text with its
 * conditions true there ('^': offset 0; "\b" before or after: a word
 * boundary as PCRE2 sees one), is a match of one top-level branch of the
 * pattern, so PCRE2 finds a match in the text too.
 *
 * The derivation is conservative: only caseless patterns ("(?i)" first,
 * no other option setting anywhere), ASCII only, and only constructs of
 * which every string it lists is a real match: characters, escaped
 * punctuation, classes of ASCII characters, groups and alternations of
 * those, '?', '*', '+' and counted repeats (the fewest repeats are a
 * match; possessive ones are not trusted), '^' first in a top-level
 * branch, "\b" first or last in one. Any other construct ('.', "\d",
 * '$', a negated class, lookaround ...) leaves its branch (or its
 * alternative of a group) without proofs; one that could change how the
 * rest of the pattern is read ((?x), \Q, backreferences, (*VERB), named
 * groups, non-ASCII bytes) leaves the whole pattern without any.
 *
 * A proof says nothing about where PCRE2's own match is or what it
 * captures: a caller that reads offsets or captures (REGEXP's
 * regexp_extract) must run the pattern. And it holds only for texts that
 * PCRE2 accepts and reads as this module does: pure ASCII, no NUL (no
 * UTF-8 validity question; word characters are [A-Za-z0-9_], as in
 * PCRE2's default tables without UCP), and short enough that PCRE2's
 * match limit cannot be reached (SB_LITPROOF_TEXT_MAX).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Texts longer than this are left to PCRE2: far below its default match
 * limit (10 million steps) for the patterns proofs are derived from, a
 * few steps per text position; also the loader's default line cap. */
#define SB_LITPROOF_TEXT_MAX (64 * 1024)

struct sb_litproof {
    unsigned char *pos;     /* 'len' positions: below 0x80 a folded ASCII
                               byte, else class (pos - 0x80) of 'cls' */
    size_t len;             /* at least 1 */
    uint64_t (*cls)[4];     /* 256-bit sets of folded bytes; NULL when
                               'ncls' is 0 */
    unsigned ncls;
    bool anchored;          /* '^': only at offset 0 of the text */
    bool wb_before;         /* "\b" before the first position */
    bool wb_after;          /* "\b" after the last */
};

/* Proofs, owned: release with sb_litproofs_release. */
struct sb_litproofs {
    struct sb_litproof *p;
    size_t n, cap;
};
#define SB_LITPROOFS_INIT { NULL, 0, 0 }

/* Appends to 'out' the proofs of 'pattern' (none when it does not
 * qualify: that is not an error). Returns 0, or -1 when out of memory
 * ('out' then as it was). */
int sb_litproof_derive(const char *pattern, struct sb_litproofs *out);

/* Frees every proof of 's'; 's' is back to SB_LITPROOFS_INIT. */
void sb_litproofs_release(struct sb_litproofs *s);

/* Frees the proofs of 's' from the 'n'th on (none when it has fewer). */
void sb_litproofs_truncate(struct sb_litproofs *s, size_t n);

/* Appends a copy of 'src' to 's'. Returns 0, or -1 when out of memory
 * ('s' then as it was). */
int sb_litproofs_add(struct sb_litproofs *s, const struct sb_litproof *src);

/* Whether 'p' holds at offset 'start' of 'text' ('len' bytes), which the
 * caller has checked is ASCII without NUL: every position's byte in its
 * class, the anchor and the word boundaries true. */
bool sb_litproof_at(const struct sb_litproof *p, const unsigned char *text,
                    size_t len, size_t start);

/* Whether the folded literal 'lit' ('len' bytes) can stand at offset 'k'
 * of 'p': found in a text at offset i, 'p' is worth testing at i - k. */
bool sb_litproof_fits(const struct sb_litproof *p, const char *lit,
                      size_t len, size_t k);

#endif
