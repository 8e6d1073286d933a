#ifndef SB_RENDER_MODEL_H
#define SB_RENDER_MODEL_H
/*
 * What the three report renderers share: the bundles, the findings with
 * their evidence and blast radius read once from the database, severity
 * ranks and small query helpers. Private to sb_render*.c.
 */
#include <stddef.h>

#include <sqlite3.h>

#include "sb_buf.h"
#include "sb_err.h"

enum sb_rsev { SB_RSEV_CRITICAL, SB_RSEV_WARNING, SB_RSEV_INFO, SB_RSEV_N };

struct sb_rev {                 /* finding_evidence row */
    char *source, *time, *text, *file;
    char *context;              /* lines around a log line, '\n'-joined,
                                   or NULL (lib/rules/sb_evctx.h) */
    char *context_match;        /* index of the quoted line in it, as
                                   text, or NULL */
};

struct sb_raff {                /* finding_affected row */
    char *kind, *ns, *name, *finding;
};

struct sb_rfinding {
    char *id, *rule, *severity, *category, *title, *summary;
    char *kind, *ns, *name, *container, *node;  /* the subject */
    char *first_seen, *last_seen, *remediation, *root_cause;
    enum sb_rsev sev;           /* unknown severities rank as info */
    struct sb_rev *ev;
    size_t nev;
    struct sb_raff *aff;
    size_t naff;
};

struct sb_rbundle {
    long long id;
    char *path, *format, *kind, *cluster, *server, *k8s_version, *node;
    char *start, *end, *tool_version;
    int complete;               /* 1, 0, or -1 when unknown */
};

struct sb_rmodel {
    struct sb_rbundle *bundles; /* ordered by id */
    size_t nbundles;
    const struct sb_rbundle *primary; /* first cluster bundle, else first;
                                         NULL when none was loaded */
    struct sb_rfinding *f;      /* in emission order */
    size_t nf;
    size_t *order;              /* indices into f: severity, then emission */
    size_t *by_id;              /* indices into f sorted by id, for lookups */
    size_t nsev[SB_RSEV_N];
};

/* Reads bundles and findings (with evidence and affected subjects) from
 * 'db' into 'm'. Returns 0 or a negative code with 'err' set; 'm' must be
 * released with sb_rmodel_release either way. */
int sb_rmodel_load(sqlite3 *db, struct sb_rmodel *m, struct sb_err *err);
void sb_rmodel_release(struct sb_rmodel *m);

/* The finding called 'id', or NULL. Lent from 'm'. */
const struct sb_rfinding *sb_rmodel_find(const struct sb_rmodel *m,
                                         const char *id);

const char *sb_rsev_name(enum sb_rsev s);   /* "critical" ... */

/* The index of the quoted line in 'e's context, or -1 when it has none. */
int sb_rev_match(const struct sb_rev *e);

/* Appends 'e's context to 'out' raw, one line each, the quoted line
 * marked "> " and the others indented "  "; without context, its text.
 * Returns 0 or an sb_buf error code. */
int sb_rev_marked(const struct sb_rev *e, struct sb_buf *out);

/* Result of "SELECT count(*) ..." or -1 when the query fails (for example
 * a table an older schema lacks). */
long long sb_rq_count(sqlite3 *db, const char *sql);

/* Where the timeline's first critical row stands in its order (time,
 * rowid), from 0; -1 when none is critical or a query fails. When 'time'
 * is not NULL, '*time' gets that row's time (new, the caller's; NULL when
 * there is none). */
long long sb_rq_first_critical(sqlite3 *db, char **time);

/* Prepares 'sql' on 'db', setting 'err' with SQLite's message on failure. */
int sb_rq_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
                  struct sb_err *err);

/* Column 'i' of the current row as text, or NULL for SQL NULL. Lent until
 * the next step or finalize. */
const char *sb_rq_text(sqlite3_stmt *st, int i);

/* Subject as "Kind namespace/name" (or "Kind name"), appended to 'out'
 * raw: the caller escapes it for its format. */
int sb_rsubject(struct sb_buf *out, const char *kind, const char *ns,
                const char *name);

/* Time text shortened for tables: "2026-11-23 15:04:05" (fraction and
 * zone dropped: every stored time is UTC). Writes to 'out' (SB_TIME_MAX). */
const char *sb_rtime_short(const char *t, char *out);

#endif
