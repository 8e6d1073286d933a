#ifndef SB_LOGGREP_H
#define SB_LOGGREP_H
/*
 * log_grep(pattern): the container log lines a pattern matches, for rules.
 *
 *   SELECT l.* FROM log_grep('(?i)CUDA out of memory') g
 *   JOIN log_lines l ON l.id = g.line_id
 *
 * is what "FROM log_lines l WHERE l.text REGEXP '...'" means, without a
 * pass over millions of lines for each rule: every pattern announced
 * before the rules run is searched for in one shared pass over log_lines
 * (a literal prefilter picks the lines each pattern may match, PCRE2
 * confirms them), and the line ids are kept until the connection closes.
 * A pattern not announced gets a pass of its own the first time it is
 * used. Patterns use the REGEXP function's syntax (PCRE2, "(?i)" for
 * caseless), and the lines come in log_lines order (by id).
 */
#include <sqlite3.h>

#include "sb_err.h"

struct sb_loggrep;

/* Registers the log_grep table-valued function on 'db'. Returns its
 * state, owned by the connection (freed when it closes), or NULL with
 * 'err' set. */
struct sb_loggrep *sb_loggrep_register(sqlite3 *db, struct sb_err *err);

/* Announces every "log_grep('...')" pattern written in 'sql' so that the
 * shared pass covers it. Returns 0, or SB_E_NOMEM / SB_E_TOOBIG (more
 * than 4096 patterns). A pattern that does not compile is not an error
 * here: the statement using it reports it. */
int sb_loggrep_announce_sql(struct sb_loggrep *g, const char *sql,
                            struct sb_err *err);

#endif
