#ifndef SB_RULES_H
#define SB_RULES_H
/*
 * Correlation rules: SQL files (reports/rules/NAME.sql compiled in, plus
 * --rules DIR adding or overriding by id) run over a loaded database; their
 * rows become findings (tables findings, finding_evidence,
 * finding_affected in schema/001_core.sql), then a correlation pass sets
 * root_cause and affected, and the timeline table is filled.
 */
#include <sqlite3.h>

#include "sb_buf.h"
#include "sb_err.h"

/* Runs every rule over 'db' and writes findings and the timeline.
 * 'rules_dir' may be NULL. A rule that fails is reported with its file and
 * line ("rule 'x.sql' line 14: no such column: y") through sb_warn and in
 * load_errors, and the others still run; returns 0 unless the database
 * itself failed. */
int sb_rules_run(sqlite3 *db, const char *rules_dir, struct sb_err *err);

/* Appends the catalog (id, severity, category, title; one per line) to
 * 'out', for `analyze rules`. */
int sb_rules_list(const char *rules_dir, struct sb_buf *out,
                  struct sb_err *err);

#endif
