#ifndef SB_SIG_H
#define SB_SIG_H
/*
 * Failure signatures of the GPU software stack (NCCL and c10d, CUDA
 * initialisation and driver/runtime mismatches, model downloads, GPU out
 * of memory, the device plugin): the text users reported in public issue
 * trackers, kept as data (reports/gpu/signatures.txt, compiled in) with
 * the rule each feeds, the issue it was reported in and its remedy. Read
 * once, on first use, into static storage; every call is thread safe.
 *
 * Rules search with log_grep(sig_pattern('rule-id')) so that one shared
 * pass (and its prefilter) covers every signature of the rule, then name
 * the signature a line matched with sig_match('rule-id', text) and take
 * its remedy with sig_remedy(id).
 */
#include <stddef.h>

#include <sqlite3.h>

#include "sb_err.h"

struct sb_sig {
    const char *id;         /* "nccl-watchdog-timeout" */
    const char *rule;       /* the rule it feeds: "nccl-failure" */
    const char *source;     /* the public issue where the text was seen */
    const char *pattern;    /* PCRE2, matched caseless */
    const char *sample;     /* a line from that issue it must match */
    const char *remedy;
};

int sb_sig_count(void);
const struct sb_sig *sb_sig_at(int i);     /* NULL past the end */

/* Lines of the data file that could not be read (a wrong field count or
 * a pattern that does not compile); 'first_bad' gets the first's line
 * number. */
int sb_sig_errors(int *first_bad);

/* Every signature of 'rule' as one caseless alternation, or NULL when
 * the rule has none. The string is static. */
const char *sb_sig_pattern(const char *rule);

/* The first signature of 'rule' (NULL: any rule) that matches 'text', or
 * NULL. */
const struct sb_sig *sb_sig_match(const char *rule, const char *text,
                                  size_t len);

/* sig_pattern(rule), sig_match(rule, text) and sig_remedy(id) for SQL. */
int sb_sig_register_sql(sqlite3 *db, struct sb_err *err);

#endif
