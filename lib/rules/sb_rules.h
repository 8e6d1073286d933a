#ifndef SB_RULES_H
#define SB_RULES_H
/*
 * Correlation rules: SQL files (reports/rules/NAME.sql compiled in, plus
 * --rules DIR adding or overriding by id) run over a loaded database; their
 * rows become findings (tables findings, finding_evidence,
 * finding_affected in schema/001_core.sql), then a correlation pass sets
 * root_cause and affected, and the timeline table is filled.
 *
 * A rule file starts with "-- key: value" header lines (id, title,
 * severity, category, remediation; other comment lines are free text),
 * then one SELECT. Its result columns are matched by name: kind, name and
 * summary are required; namespace, container, node, severity, first_seen,
 * last_seen, ev_source, ev_time, ev_text, ev_file, affects_kind,
 * affects_namespace, affects_name, cause_kind, cause_namespace, cause_name
 * are optional. Rows with the same rule and subject (kind, namespace,
 * name) make one finding; each row's ev_* columns add one evidence item.
 * docs/rules.md is the full contract.
 */
#include <sqlite3.h>

#include "sb_buf.h"
#include "sb_err.h"
#include "sb_loggrep.h"

/* Runs every rule over 'db' and writes findings and the timeline (the
 * findings, finding_evidence, finding_affected and timeline tables are
 * emptied first). 'rules_dir' may be NULL. A rule that fails is reported
 * with its file and line ("rule 'x.sql' line 14: no such column: y")
 * through sb_warn and in load_errors, and the others still run; returns 0
 * unless the database itself failed or 'rules_dir' cannot be read. */
int sb_rules_run(sqlite3 *db, const char *rules_dir, struct sb_err *err);

/* A log_grep state with every log pattern of the rules ('rules_dir' may
 * be NULL) and the timeline announced, for a scan during the load
 * (sb_loggrep_live_start); NULL with 'err' set when out of memory. */
struct sb_loggrep *sb_rules_grep_prepare(const char *rules_dir,
                                         struct sb_err *err);

/* sb_rules_run with a log_grep state from sb_rules_grep_prepare (NULL: a
 * fresh one). Takes 'g', whatever it returns. */
int sb_rules_run_grep(sqlite3 *db, const char *rules_dir,
                      struct sb_loggrep *g, struct sb_err *err);

/* sb_rules_run_grep with the rules spread over 'db' (on this thread) and
 * 'nreaders' read-only connections to the same database (sb_db_readers,
 * after sb_db_share), each on a thread of its own. Rows, findings and
 * messages come out in rule order, the same as on one connection; the
 * writes (findings, correlation, timeline) happen on 'db' once every
 * rule is done. */
int sb_rules_run_par(sqlite3 *db, sqlite3 *const *readers, int nreaders,
                     const char *rules_dir, struct sb_loggrep *g,
                     struct sb_err *err);

/* Appends the catalog to 'out', one rule a line:
 * "id<TAB>severity<TAB>category<TAB>title<TAB>source file\n", sorted by id.
 * Rules whose header is broken are listed on stderr's sink, not here. */
int sb_rules_list(const char *rules_dir, struct sb_buf *out,
                  struct sb_err *err);

#endif
