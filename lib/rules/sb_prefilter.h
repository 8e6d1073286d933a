#ifndef SB_PREFILTER_H
#define SB_PREFILTER_H
/*
 * Literal prefilters for regular expressions (PCRE2 syntax).
 *
 * Running a pattern over millions of log lines costs about a second per
 * 300 MB even JIT-compiled, because a caseless alternation can start at
 * almost every byte. Most patterns a rule writes are alternations of
 * words, though: "CUDA out of memory|cudaErrorMemoryAllocation|...".
 * From the pattern's syntax we derive a set of literals such that every
 * match contains at least one of them (ASCII case folded), and test
 * those first with a cheap scan; the pattern itself then runs only on the
 * few texts that may match. The derivation is conservative: a construct
 * it does not understand yields no prefilter, never a wrong one, so a
 * text the prefilter rejects can never be matched by the pattern.
 *
 * A prefilter holds the literals of one or several patterns, each tagged
 * with a number below 64, so one scan can tell which of many patterns may
 * match a text.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sb_prefilter;

/* The literals of 'pattern', tagged 0. Returns NULL when no set of
 * literals of at least 3 bytes can be derived (the pattern must be run on
 * every text) or when out of memory. Free with sb_prefilter_free(). */
struct sb_prefilter *sb_prefilter_new(const char *pattern);

/* An empty prefilter to sb_prefilter_add() to; NULL when out of memory. */
struct sb_prefilter *sb_prefilter_empty(void);

/* Adds the literals of 'src' to 'dst', tagged 'tag' (0..63). Returns 0,
 * or -1 when out of memory ('dst' then unchanged). */
int sb_prefilter_add(struct sb_prefilter *dst, const struct sb_prefilter *src,
                     unsigned tag);

void sb_prefilter_free(struct sb_prefilter *pf);   /* NULL is fine */

/* The tags (bit n for tag n) of the literals found in 'text' ('len'
 * bytes): 0 when no pattern of 'pf' can match. */
uint64_t sb_prefilter_scan(const struct sb_prefilter *pf, const char *text,
                           size_t len);

/* sb_prefilter_scan, and in '*proven' the tags among those whose
 * pattern a literal found in 'text' proves to match it (sb_litproof.h):
 * a search that keeps only whether each pattern matches need not run
 * those. Only for ASCII texts of up to SB_LITPROOF_TEXT_MAX bytes; 0
 * for others. A tag may be found and not proven: run its pattern. */
uint64_t sb_prefilter_scan_proven(const struct sb_prefilter *pf,
                                  const char *text, size_t len,
                                  uint64_t *proven);

/* Chooses again which 3 bytes of each literal the scan looks for first,
 * by how often they occur in 'sample' ('len' bytes of the texts to come):
 * the built-in guess of what is rare cannot know that a bundle's logs say
 * "checkpoint" on every line. What a scan finds does not change, only its
 * speed. A sample under 4 KB is ignored. Returns 0, or -1 when out of
 * memory ('pf' then unchanged). Not while another thread scans 'pf'. */
int sb_prefilter_rekey(struct sb_prefilter *pf, const char *sample,
                       size_t len);

/* For tests and docs: the number of literals, of proofs (sb_litproof.h),
 * and literal 'i' (lower case, NUL-terminated). */
size_t sb_prefilter_count(const struct sb_prefilter *pf);
size_t sb_prefilter_proofs(const struct sb_prefilter *pf);
const char *sb_prefilter_literal(const struct sb_prefilter *pf, size_t i);

#endif
