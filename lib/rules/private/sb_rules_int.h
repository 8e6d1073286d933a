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
 * The timeline is not a job: its parts are INSERT ... SELECT on the
 * writer, and fetching their rows on a reader to insert them one by one
 * (90,000 on the bench bundle) cost more than it saved. */
struct pool {
    struct ruleset *rs;
    size_t njobs;           /* the rules */
    struct rule_out *out;   /* one per job, in rule order */
    size_t *order;          /* the rules in the order handed out: the
                               known slow ones first */
    size_t next;            /* the next of 'order' to hand out */
    bool nomem;
    pthread_mutex_t mu;
};


void sb_rules_pool_init(struct pool *p);
void sb_rules_pool_release(struct pool *p);

/* Runs every rule of 'rs' as a job of 'p' (sb_rules_pool_init) on 'db',
 * on this thread, and on the 'nreaders' read-only connections 'readers'
 * (four at most), each on a thread of its own with the SQL functions and
 * log_grep state 'g' shared (a reader that cannot have them is left
 * out). Their results stay in 'p'. Returns 0 or SB_E_NOMEM. */
int sb_rules_collect(sqlite3 *db, sqlite3 *const *readers, int nreaders,
                     struct sb_loggrep *g, struct ruleset *rs,
                     struct pool *p, struct sb_err *err);

/* Writes what the rules of 'p' gave, in rule order, into temp.sb_rule_meta
 * and temp.sb_rule_rows on 'db', and reports the broken ones. Returns 0
 * or SB_E_DB. */
int sb_rules_store(sqlite3 *db, const struct pool *p, struct sb_err *err);

/* ---- correlation (sb_rules_correlate.c) ---------------------------------- */

/* Links the findings on 'db' (docs/rules.md, "Correlation"): the
 * relations of reports/links/, then the rules' affects_* and cause_*
 * columns; sets root_cause, finding_affected and finding_links. Returns
 * 0, SB_E_DB, SB_E_FORMAT (a relation that is not one read-only SELECT)
 * or SB_E_INTERNAL. */
int sb_rules_correlate(sqlite3 *db, struct sb_err *err);

#endif
