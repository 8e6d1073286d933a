#ifndef SB_RULES_INT_H
#define SB_RULES_INT_H
/*
 * Internal to the sb_rules*.c files, which sb_rules_run_par strings
 * together:
 *   sb_rules.c            the catalog (rule files, their headers, --rules
 *                         DIR), the SQL functions and log_grep patterns
 *                         the rules need, the findings, the timeline, and
 *                         the public functions
 *   sb_rules_pool.c       running the rules on several connections at
 *                         once, their rows kept and stored in rule order
 *   sb_rules_correlate.c  linking findings to the findings that explain
 *                         them (root_cause, finding_affected,
 *                         finding_links)
 *   sb_rules_timeline.c   the timeline's error log lines: read on a
 *                         reader, kept, inserted by the writer
 * The SQL of each stage is data, compiled in (sb_embed): the SQL_* files
 * below, and the relations in reports/links/.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#include "sb_buf.h"
#include "sb_err.h"
#include "sb_loggrep.h"

/* The engine's own SQL, beside the rules: what runs before them, what
 * turns their rows into findings, the correlation and the timeline.
 * Each file says what its statements are for. */
#define SQL_SETUP               "reports/findings/setup.sql"
#define SQL_FINDINGS            "reports/findings/group.sql"
#define SQL_WINDOW_FINDINGS     "reports/findings/window.sql"
#define SQL_AFFECTED            "reports/correlation/affected.sql"
#define SQL_AFFECT_PAIRS        "reports/correlation/affect-pairs.sql"
#define SQL_CAUSE_PAIRS         "reports/correlation/cause-pairs.sql"
#define SQL_CAUSE_VIA_AFFECTED  "reports/correlation/cause-via-affected.sql"
#define SQL_LINKS_FINISH        "reports/correlation/links-finish.sql"
#define SQL_AFFECTED_FINISH     "reports/correlation/affected-finish.sql"
#define SQL_TIMELINE            "reports/timeline/timeline.sql"
#define SQL_TIMELINE_LOGS       "reports/timeline/logs.sql"
#define SQL_TIMELINE_REST       "reports/timeline/rest.sql"
#define SQL_WINDOW_TIMELINE     "reports/timeline/window.sql"

/* ---- the catalog (sb_rules.c) -------------------------------------------- */

struct sb_rule {
    char *text;         /* whole file, owned */
    char *file;         /* "reports/rules/x.sql" or the path in --rules DIR */
    char *id, *title, *severity, *category, *remediation;  /* owned */
    int sql_line;       /* first line that is not a header comment */
};

struct ruleset {
    struct sb_rule *v;  /* sorted by id once loaded (SB_ARRAY_GROW) */
    size_t n, alloc;
};

/* Rule 'i' of 'rs' (lent), and how many there are. */
struct sb_rule *sb_rules_at(struct ruleset *rs, size_t i);
size_t sb_rules_count(const struct ruleset *rs);

/* Whether 'name' is a rule or relation file name: NAME.sql, not hidden. */
bool sb_rules_file_name(const char *name);

/* Reports a rule that cannot run as "rule 'FILE' line N: MSG" (no line
 * when 'line' is 0): through the log sink and, when 'db' is given, as a
 * load_errors row so the report shows it too. */
void sb_rules_report_broken(sqlite3 *db, const char *file, int line,
                            const char *msg);

/* Registers what rules call on 'db': REGEXP, xid_*, sig_* and sig_hits
 * (log_grep is the caller's: it carries the shared pass). Returns 0 or
 * SB_E_DB with 'err' set. */
int sb_rules_functions_register(sqlite3 *db, struct sb_err *err);

/* ---- the engine's SQL files (sb_rules.c) --------------------------------- */

/* 's' past blanks, semicolons and comments: where the next statement
 * begins, or its end when only those are left. */
const char *sb_rules_skip_blank(const char *s);

/* The text of compiled-in file 'name' (one of SQL_*; lent, static), or
 * NULL with 'err' set (SB_E_INTERNAL) when this build lacks it. */
const char *sb_rules_engine_sql(const char *name, struct sb_err *err);

/* Runs every statement of file 'name' on 'db'; 'what' names the step in
 * the error ("rules: cannot WHAT: ...") and in SBUNDLE_DEBUG's line for a
 * statement of 20 ms or more. Returns 0, SB_E_DB or SB_E_INTERNAL. */
int sb_rules_exec_file(sqlite3 *db, const char *name, const char *what,
                       struct sb_err *err);

/* ---- running the rules (sb_rules_pool.c) --------------------------------- */

struct rule_out;        /* what one rule gave, until all are done */

/* Rules are handed out one at a time, the slowest first (so that the
 * connections finish together, not one busy with a slow rule taken last
 * while the others wait), to whichever connection is free: the writer's, on this thread, and each reader's, on a thread
 * of its own. Nothing is written until all are done.
 *
 * One more job follows the rules: the timeline's error log lines
 * (reports/timeline/logs.sql, 90,000 rows on the bench bundle). The
 * first reader to find no rule left takes it and goes on with it while
 * the writer stores and correlates the findings; the writer inserts its
 * rows when the timeline is built. Readers and writer share one file
 * under SQLite's rollback locks (no WAL: the file is unlinked), so a
 * reader may only read where it cannot wait for the writer: the writer
 * opens its transaction only once the reader's SELECT has taken its
 * shared lock, and while that SELECT runs the writer's own waits for the
 * file (a cache spill, the commit) wait for it, however long it takes
 * (its end is certain; the writer's end is not, for the reader: round
 * 10's readers started queries in the writer's transaction and waited
 * out the busy timeout, twice, at 150,000 pods). */
enum tl_state {
    TL_NONE,                /* no reader takes it: the writer runs it */
    TL_OPEN,                /* for the first reader out of rules */
    TL_CLAIMED,             /* a reader took it, not reading yet */
    TL_READING,             /* its SELECT holds the shared lock */
    TL_DONE                 /* the rows are in tl_rows, or tl_failed */
};

struct worker {
    struct pool *pool;
    sqlite3 *db;
    pthread_t thread;
    bool started;
};

struct pool {
    struct ruleset *rs;
    size_t njobs;           /* the rules */
    struct rule_out *out;   /* one per job, in rule order */
    size_t *order;          /* the rules in the order handed out: the
                               known slow ones first */
    size_t next;            /* the next of 'order' to hand out */
    int running;            /* rules being run now */
    bool nomem;
    struct worker w[4];     /* the readers' threads, joined on release */
    sqlite3 *writer;        /* its busy handler is the pool's while set */
    enum tl_state tl;       /* the timeline's log lines, under 'mu' */
    bool tl_failed;         /* the reader could not: the writer runs it */
    char tl_msg[256];       /* why (SBUNDLE_DEBUG) */
    int busy_waits;         /* the writer's waits for the file meanwhile
                               (SBUNDLE_DEBUG) */
    struct sb_buf tl_rows;  /* its rows (sb_rules_timeline.c's form) */
    pthread_mutex_t mu;
    pthread_cond_t cv;      /* 'running' fell to 0, or 'tl' moved on */
};

/* sb_rules_pool_release joins the readers' threads (a reader still on
 * the timeline's log lines first finishes them) and gives the writer its
 * busy timeout back. */
void sb_rules_pool_init(struct pool *p);
void sb_rules_pool_release(struct pool *p);

/* Runs every rule of 'rs' as a job of 'p' (sb_rules_pool_init) on 'db',
 * on this thread, and on the 'nreaders' read-only connections 'readers'
 * (four at most), each on a thread of its own with the SQL functions and
 * log_grep state 'g' shared (a reader that cannot have them is left
 * out). Their results stay in 'p'. Returns once every rule is done and
 * a reader that took the timeline's log lines reads them (it goes on:
 * sb_rules_tl_build waits for it, sb_rules_pool_release joins it);
 * from then until sb_rules_tl_build the writer's busy handler is the
 * pool's. Returns 0 or SB_E_NOMEM. */
int sb_rules_collect(sqlite3 *db, sqlite3 *const *readers, int nreaders,
                     struct sb_loggrep *g, struct ruleset *rs,
                     struct pool *p, struct sb_err *err);

/* The timeline's log lines for the writer 'db': waits until a reader
 * that took them is done, gives the writer its busy handler back, and
 * inserts the rows (or, when no reader has them, runs logs.sql on 'db').
 * Returns 0 or SB_E_DB. */
int sb_rules_tl_build(sqlite3 *db, struct pool *p, struct sb_err *err);

/* Writes what the rules of 'p' gave, in rule order, into temp.sb_rule_meta
 * and temp.sb_rule_rows on 'db', and reports the broken ones. Returns 0
 * or SB_E_DB. */
int sb_rules_store(sqlite3 *db, const struct pool *p, struct sb_err *err);

/* ---- the timeline's log lines (sb_rules_timeline.c) ---------------------- */

#define TL_NCOLS 7          /* logs.sql's columns */
#define TL_ROWS_MAX ((size_t)32 << 20)  /* a reader keeps this much at
                                           most; past it, the writer
                                           runs the SELECT itself */

/* Prepares logs.sql on 'db' into '*st'. Returns 0, or -1 with 'msg'. */
int sb_rules_tl_prepare(sqlite3 *db, sqlite3_stmt **st, char *msg,
                        size_t msgsz);

/* Appends the rows of 'st', the current one first ('rc' is the result of
 * its first sqlite3_step), to 'rows'. Returns 0, or -1 with 'msg' (an
 * SQL error, out of memory, past the cap of 'rows'). */
int sb_rules_tl_step_rows(sqlite3 *db, sqlite3_stmt *st, int rc,
                          struct sb_buf *rows, char *msg, size_t msgsz);

/* Registers sb_tl_rows on 'db', the table sb_rules_tl_insert reads kept
 * rows through. Returns 0 or SB_E_DB. */
int sb_rules_tl_register(sqlite3 *db, struct sb_err *err);

/* Inserts the rows kept in 'rows' into the timeline on the writer 'db';
 * with 'rows' NULL, runs logs.sql on 'db' and inserts as it reads.
 * Returns 0 or SB_E_DB. */
int sb_rules_tl_insert(sqlite3 *db, const struct sb_buf *rows,
                       struct sb_err *err);

/* ---- correlation (sb_rules_correlate.c) ---------------------------------- */

/* Links the findings on 'db' (docs/rules.md, "Correlation"): the
 * relations of reports/links/, then the rules' affects_* and cause_*
 * columns; sets root_cause, finding_affected and finding_links. Returns
 * 0, SB_E_DB, SB_E_FORMAT (a relation that is not one read-only SELECT)
 * or SB_E_INTERNAL. */
int sb_rules_correlate(sqlite3 *db, struct sb_err *err);

#endif
