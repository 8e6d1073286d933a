#ifndef SB_SIGHITS_H
#define SB_SIGHITS_H
/*
 * sig_hits(rule [, pattern [, exclude]]): what the GPU and ML signature
 * rules (cuda-oom, nccl-failure, model-load-failure, ...) have in common,
 * as a table-valued function, so that each rule file is its header and a
 * few lines:
 *
 *   SELECT *, subject || ' ran out of GPU memory' || lines ||
 *          ': "' || latest || '".' AS summary
 *   FROM sig_hits('cuda-oom', '(?i)CUDA out of memory|...');
 *
 * Its rows are, per container, the newest three lines (log lines and the
 * container's termination and waiting messages) that match a failure
 * signature feeding 'rule' (reports/gpu/signatures.txt) or the rule's own
 * 'pattern' (NULL or absent: none), less log lines matching 'exclude',
 * with the result columns of a rule (kind, namespace, name, container,
 * node, first_seen, ev_*, remediation: the matched signature's remedy)
 * and the pieces of a summary (subject, lines, latest). The query is SQL,
 * compiled in: reports/gpu/sig-hits.sql says what each column holds.
 * Patterns use the REGEXP syntax (PCRE2, "(?i)" for caseless).
 *
 * Every connection that runs such a rule needs sig_hits, log_grep, the
 * sig_* and REGEXP functions registered; the rule text must be announced
 * to the shared log_grep pass with sb_sighits_announce_sql, as it is
 * with sb_loggrep_announce_sql, or its patterns get passes of their own.
 */
#include <sqlite3.h>

#include "sb_err.h"
#include "sb_loggrep.h"

/* Registers sig_hits on 'db'. Returns 0, or SB_E_DB with 'err' set. */
int sb_sighits_register(sqlite3 *db, struct sb_err *err);

/* Announces to 'g' the patterns of every "sig_hits('rule'[, 'pattern'"
 * call written in 'sql': the rule's signatures and the pattern. Returns
 * 0, or what sb_loggrep_announce_sql returns. A call it cannot read (not
 * literals) is left to run time. */
int sb_sighits_announce_sql(struct sb_loggrep *g, const char *sql,
                            struct sb_err *err);

#endif
