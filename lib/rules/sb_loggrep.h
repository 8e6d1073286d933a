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
 * confirms them unless a literal found already proves the match:
 * sb_litproof.h), and the line ids are kept until the connection
 * closes.
 * A pattern not announced gets a pass of its own the first time it is
 * used. Patterns use the REGEXP function's syntax (PCRE2, "(?i)" for
 * caseless), and the lines come in log_lines order (by id).
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sb_err.h"

struct sb_loggrep;

/* A state not yet bound to a database: announce patterns, scan during the
 * load, then attach. NULL with 'err' set when out of memory. Freed with
 * sb_loggrep_free unless attached. */
struct sb_loggrep *sb_loggrep_new(struct sb_err *err);
void sb_loggrep_free(struct sb_loggrep *g);

/* Registers the log_grep table-valued function on 'db' with state 'g',
 * which the connection then owns (frees when it closes), even when this
 * fails (SB_E_DB with 'err' set). */
int sb_loggrep_attach(struct sb_loggrep *g, sqlite3 *db, struct sb_err *err);

/* Registers log_grep on a further connection 'db' (a reader of the same
 * database, run from another thread) with the state attached to the
 * first, which must stay open longer. Searches and new patterns are
 * serialized; results already found are read in parallel. */
int sb_loggrep_share(struct sb_loggrep *g, sqlite3 *db, struct sb_err *err);

/* sb_loggrep_new and sb_loggrep_attach in one: the state, owned by the
 * connection, or NULL with 'err' set. */
struct sb_loggrep *sb_loggrep_register(sqlite3 *db, struct sb_err *err);

/* Announces every "log_grep('...')" pattern written in 'sql' so that the
 * shared pass covers it. Returns 0, or SB_E_NOMEM / SB_E_TOOBIG (more
 * than 4096 patterns). A pattern that does not compile is not an error
 * here: the statement using it reports it. */
int sb_loggrep_announce_sql(struct sb_loggrep *g, const char *sql,
                            struct sb_err *err);

/*
 * The scan during the load. sb_loggrep_live_start starts a thread that
 * searches, for every pattern announced so far, the lines given to
 * sb_loggrep_live_line (the loader's line sink: sb_load_opts.line_sink
 * with 'g' as its context), in blocks, while the loader goes on.
 * sb_loggrep_live_finish waits for it and keeps its results when the
 * lines given were exactly the rows of log_lines in 'db' (returns true);
 * otherwise they are dropped and the first log_grep searches log_lines as
 * usual. Start returns 0, or a code with 'err' set (then the load runs
 * without it).
 */
int sb_loggrep_live_start(struct sb_loggrep *g, struct sb_err *err);
void sb_loggrep_live_line(void *g, int64_t id, const char *text, size_t len);
bool sb_loggrep_live_finish(struct sb_loggrep *g, sqlite3 *db);

#endif
