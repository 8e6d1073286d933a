/* Running the rules: each rule is one read-only query, so they run on
 * several connections at once (sb_rules_int.h); what each gives is kept
 * and stored in rule order, so the findings, their ids and the messages
 * are the same as on one connection. */
#include "sb_rules_int.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sb_alloc.h"
#include "sb_log.h"
#include "sb_time.h"

#define RULE_ROWS_MAX 5000           /* rows kept per rule: a runaway join
                                        must not drown the report */

/* Result columns a rule may return, in sb_rule_rows order after 'rule'. */
static const char *const COLS[] = {
    "kind", "namespace", "name", "container", "node", "severity", "summary",
    "first_seen", "last_seen", "ev_source", "ev_time", "ev_text", "ev_file",
    "affects_kind", "affects_namespace", "affects_name",
    "cause_kind", "cause_namespace", "cause_name",
    /* a row's own remedy (a matched failure signature's) wins over the
     * rule header's */
    "remediation"
};
#define NCOLS ((int)(sizeof(COLS) / sizeof(COLS[0])))
enum { C_KIND, C_NS, C_NAME, C_CONTAINER, C_NODE, C_SEV, C_SUMMARY };

/* Whether nothing but blanks and comments follows a rule's statement. */
static int only_comments(const char *s)
{
    return *sb_rules_skip_blank(s) == '\0';
}

/* The line of 'text' that byte 'offset' is on, counted from 1. */
static int line_of(const char *text, int offset)
{
    int line = 1, i;

    for (i = 0; i < offset && text[i]; i++)
        if (text[i] == '\n')
            line++;
    return line;
}

/* What one rule gave, kept until every rule has run, so that rules can
 * run on several connections at once and still land in sb_rule_rows, and
 * their problems in the log and load_errors, in rule order. */
struct rule_out {
    struct sb_buf rows;     /* per row, NCOLS fields: [int32 len|-1][bytes] */
    int nrows;
    bool truncated;         /* more than RULE_ROWS_MAX rows */
    bool broken;            /* it could not run: */
    int line;               /* where (0: the file as a whole) */
    char msg[600];          /* and why */
    long long ms;
};

static void out_broken(struct rule_out *o, int line, const char *msg)
{
    o->broken = true;
    o->line = line;
    snprintf(o->msg, sizeof(o->msg), "%s", msg);
}

/* Records SQLite's current error on 'db' for rule 'r'. */
static void out_sql_error(struct rule_out *o, sqlite3 *db,
                          const struct sb_rule *r)
{
    int off = sqlite3_error_offset(db);

    out_broken(o, off >= 0 ? line_of(r->text, off) : r->sql_line,
               sqlite3_errmsg(db));
}

/* Text of column 'c' of the current row, NULL when absent or empty. */
static const char *col_text(sqlite3_stmt *st, const int *map, int c)
{
    const char *s;

    if (map[c] < 0 || sqlite3_column_type(st, map[c]) == SQLITE_NULL)
        return NULL;
    s = (const char *)sqlite3_column_text(st, map[c]);
    return s && *s ? s : NULL;
}

/* Appends the current row of 'st' to 'o'; the severity is kept only when
 * it is one of the three. Returns 0 or -1 when out of memory. */
static int out_row(struct rule_out *o, sqlite3_stmt *st, const int *map)
{
    int32_t len;
    int i;

    for (i = 0; i < NCOLS; i++) {
        const char *v = col_text(st, map, i);
        if (v && i == C_SEV && strcmp(v, "critical") != 0 &&
            strcmp(v, "warning") != 0 && strcmp(v, "info") != 0)
            v = NULL;
        len = v ? (int32_t)strlen(v) : -1;
        if (sb_buf_add(&o->rows, &len, sizeof(len)) < 0 ||
            (v && sb_buf_add(&o->rows, v, (size_t)len) < 0))
            return -1;
    }
    o->nrows++;
    return 0;
}

/* Runs rule 'r' on 'db' (any connection: nothing is written) into 'o'. A
 * rule error is recorded in 'o'; returns -1 only when out of memory. */
static int rule_collect(sqlite3 *db, const struct sb_rule *r,
                        struct rule_out *o)
{
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int map[NCOLS];
    int i, j, n, rc, ret = 0;

    if (sqlite3_prepare_v2(db, r->text, -1, &st, &tail) != SQLITE_OK) {
        out_sql_error(o, db, r);
        return 0;
    }
    if (!st) {
        out_broken(o, r->sql_line, "no SELECT statement");
        return 0;
    }
    if (tail && !only_comments(tail)) {
        out_broken(o, line_of(r->text, (int)(tail - r->text)),
                   "a rule holds one statement; text follows it");
        goto cleanup;
    }
    if (!sqlite3_stmt_readonly(st)) {
        out_broken(o, r->sql_line, "a rule must only read (one SELECT)");
        goto cleanup;
    }
    n = sqlite3_column_count(st);
    for (i = 0; i < NCOLS; i++) {
        map[i] = -1;
        for (j = 0; j < n; j++)
            if (sqlite3_stricmp(sqlite3_column_name(st, j), COLS[i]) == 0)
                map[i] = j;
    }
    if (map[C_KIND] < 0 || map[C_NAME] < 0 || map[C_SUMMARY] < 0) {
        out_broken(o, r->sql_line, "the result must have columns 'kind', "
                   "'name' and 'summary'");
        goto cleanup;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!col_text(st, map, C_KIND) || !col_text(st, map, C_NAME) ||
            !col_text(st, map, C_SUMMARY))
            continue;  /* a row without a subject cannot be a finding */
        if (o->nrows >= RULE_ROWS_MAX) {
            o->truncated = true;
            break;
        }
        if (out_row(o, st, map) < 0) {
            ret = -1;
            goto cleanup;
        }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        out_sql_error(o, db, r);
cleanup:
    sqlite3_finalize(st);
    return ret;
}

/* Binds the next row of 'ncols' fields at '*p' to 'st' from parameter
 * 'first' on; moves '*p' past it. */
static void bind_row(sqlite3_stmt *st, int first, int ncols, const char **p)
{
    int32_t len;
    int i;

    for (i = 0; i < ncols; i++) {
        memcpy(&len, *p, sizeof(len));
        *p += sizeof(len);
        if (len < 0) {
            sqlite3_bind_null(st, first + i);
            continue;
        }
        sqlite3_bind_text(st, first + i, *p, len, SQLITE_STATIC);
        *p += len;
    }
}

/* Stores what rule 'r' gave: its problems reported, its rows copied into
 * sb_rule_rows through 'ins'. Returns 0 or SB_E_DB. */
static int rule_store(sqlite3 *db, const struct sb_rule *r,
                      const struct rule_out *o, sqlite3_stmt *ins,
                      struct sb_err *err)
{
    const char *p = o->rows.data, *end = p + o->rows.len;

    if (o->truncated)
        sb_warn("rule '%s': more than %d rows, the rest dropped", r->id,
                RULE_ROWS_MAX);
    if (o->broken)
        sb_rules_report_broken(db, r->file, o->line, o->msg);
    while (p < end) {
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, r->id, -1, SQLITE_STATIC);
        bind_row(ins, 2, NCOLS, &p);
        if (sqlite3_step(ins) != SQLITE_DONE)
            return sb_err_set(err, SB_E_DB, "rules: cannot store a row of "
                              "'%s': %s", r->id, sqlite3_errmsg(db));
    }
    return 0;
}

static int meta_store(sqlite3 *db, const struct sb_rule *r,
                      struct sb_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;

    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO temp.sb_rule_meta "
                           "VALUES (?,?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->severity, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, r->remediation, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, r->file, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    goto cleanup;
fail:
    rc = sb_err_set(err, SB_E_DB, "rules: cannot record rule '%s': %s",
                    r->id, sqlite3_errmsg(db));
cleanup:
    sqlite3_finalize(st);
    return rc;
}

/* ---- on several connections -------------------------------------------- */

/* The writer's busy timeout outside the pool's hold (sb_db_share's). */
#define WRITER_BUSY_MS 10000

/* The timeline's log lines on reader 'db' (the pool's tl is TL_CLAIMED,
 * by this thread): the rows kept in p->tl_rows. Once the first step has
 * run, the SELECT holds the file's shared lock until it ends, and the
 * writer may open its transaction. */
static void tl_read(struct pool *p, sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    char msg[sizeof(p->tl_msg)] = "";
    int rc = SQLITE_ERROR, failed;

    failed = sb_rules_tl_prepare(db, &st, msg, sizeof(msg));
    if (!failed)
        rc = sqlite3_step(st);
    pthread_mutex_lock(&p->mu);
    p->tl = TL_READING;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    if (!failed)
        failed = sb_rules_tl_step_rows(db, st, rc, &p->tl_rows, msg,
                                       sizeof(msg));
    sqlite3_finalize(st);       /* the shared lock goes with it */
    if (failed)
        sb_buf_release(&p->tl_rows);
    pthread_mutex_lock(&p->mu);
    p->tl = TL_DONE;
    p->tl_failed = failed != 0;
    snprintf(p->tl_msg, sizeof(p->tl_msg), "%s", msg);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

/* Runs rules on 'db' until none is left to take; a reader ('reader')
 * then takes the timeline's log lines if no other has. Taking the next
 * rule and counting the last one done happen in one hold of the lock, so
 * when the writer sees no rule running, a reader that ran any has
 * already said whether it takes the log lines. */
static void pool_work(struct pool *p, sqlite3 *db, bool reader)
{
    size_t i = p->njobs;
    bool tl = false;

    for (;;) {
        long long t0;

        pthread_mutex_lock(&p->mu);
        if (i < p->njobs)
            p->running--;
        i = p->nomem || p->next >= p->njobs ? p->njobs
                                             : p->order[p->next++];
        if (i < p->njobs) {
            p->running++;
        } else if (reader && !p->nomem && p->tl == TL_OPEN) {
            p->tl = TL_CLAIMED;
            tl = true;
        }
        if (p->running == 0)
            pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (i >= p->njobs)
            break;
        t0 = sb_time_mono_ms();
        if (rule_collect(db, sb_rules_at(p->rs, i), &p->out[i]) < 0) {
            pthread_mutex_lock(&p->mu);
            p->nomem = true;
            pthread_mutex_unlock(&p->mu);
        }
        p->out[i].ms = sb_time_mono_ms() - t0;
    }
    if (tl)
        tl_read(p, db);
}

static void *worker_run(void *arg)
{
    struct worker *w = arg;

    pthread_setname_np(pthread_self(), "sb-rules");
    pool_work(w->pool, w->db, true);
    return NULL;
}

/* The writer's busy handler while a reader's SELECT holds the shared
 * lock: the writer waits for it to end, which it will, without the
 * timeout (a wait it would give up on would fail the run for nothing).
 * Otherwise the usual timeout, a millisecond a try. */
static int writer_busy(void *arg, int tries)
{
    struct pool *p = arg;
    struct timespec ts;
    bool reading;

    pthread_mutex_lock(&p->mu);
    reading = p->tl == TL_CLAIMED || p->tl == TL_READING;
    p->busy_waits++;
    if (reading) {
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 2000000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&p->cv, &p->mu, &ts);
    }
    pthread_mutex_unlock(&p->mu);
    if (reading)
        return 1;
    if (tries >= WRITER_BUSY_MS)
        return 0;
    sqlite3_sleep(1);
    return 1;
}

/* Gives the writer its busy timeout back (sb_db_share's). */
static void writer_release(struct pool *p)
{
    if (p->writer)
        sqlite3_busy_timeout(p->writer, WRITER_BUSY_MS);
    p->writer = NULL;
}

/* Readers get the SQL functions and the shared log_grep; one that cannot
 * is left out. */
static int reader_ready(sqlite3 *db, struct sb_loggrep *g)
{
    struct sb_err err = SB_ERR_INIT;

    if (sb_rules_functions_register(db, &err) < 0 ||
        sb_loggrep_share(g, db, &err)) {
        sb_debug("rules: a reader left out: %s", err.msg);
        return -1;
    }
    return 0;
}

void sb_rules_pool_init(struct pool *p)
{
    memset(p, 0, sizeof(*p));
    p->tl_rows = (struct sb_buf)SB_BUF_INIT(TL_ROWS_MAX);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
}

void sb_rules_pool_release(struct pool *p)
{
    size_t i;
    int k;

    for (k = 0; k < (int)(sizeof(p->w) / sizeof(p->w[0])); k++)
        if (p->w[k].started)
            pthread_join(p->w[k].thread, NULL);
    memset(p->w, 0, sizeof(p->w));
    writer_release(p);
    sb_buf_release(&p->tl_rows);

    for (i = 0; p->out && i < p->njobs; i++)
        sb_buf_release(&p->out[i].rows);
    sb_free(p->out);
    p->out = NULL;
    sb_free(p->order);
    p->order = NULL;
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
}

/* The rules that take longest on a large bundle, slowest first, as
 * measured on the bench bundle (SBUNDLE_DEBUG's "rule X: N ms"): started
 * first, they run beside the many quick ones instead of after them. A
 * rule not listed keeps its place after these; the order changes only
 * which connection runs what, never what is stored. */
static const char *const SLOW_FIRST[] = {
    "nccl-failure", "pod-crashloop", "model-load-failure",
    "cuda-init-failure", "pod-mount-failure", "cuda-runtime-failure",
    "pod-liveness-restarts", "pod-config-error", "cuda-oom",
    "device-plugin-health", "pod-stuck-waiting", "pod-image-pull",
};
#define NSLOW (sizeof(SLOW_FIRST) / sizeof(SLOW_FIRST[0]))

static int slow_rank(const char *id)
{
    size_t k;

    for (k = 0; k < NSLOW; k++)
        if (strcmp(SLOW_FIRST[k], id) == 0)
            return (int)k;
    return (int)NSLOW;
}

/* Fills p->order: the listed slow rules in the list's order, then the
 * others in rule order. */
static void order_jobs(struct pool *p)
{
    size_t i, k, n = 0;

    for (k = 0; k < NSLOW; k++)
        for (i = 0; i < p->njobs; i++)
            if (strcmp(sb_rules_at(p->rs, i)->id, SLOW_FIRST[k]) == 0)
                p->order[n++] = i;      /* ids are unique in a ruleset */
    for (i = 0; i < p->njobs; i++)
        if (slow_rank(sb_rules_at(p->rs, i)->id) == (int)NSLOW)
            p->order[n++] = i;
}

/* Runs every rule of 'rs' as a job of 'p' (pool_init) on 'db' and the
 * readers; their results are in p->out. Returns 0 or SB_E_NOMEM. */
int sb_rules_collect(sqlite3 *db, sqlite3 *const *readers, int nreaders,
                         struct sb_loggrep *g, struct ruleset *rs,
                         struct pool *p, struct sb_err *err)
{
    size_t i;
    int k;

    p->rs = rs;
    p->njobs = sb_rules_count(rs);
    p->out = sb_calloc(p->njobs, sizeof(*p->out));
    p->order = sb_calloc(p->njobs ? p->njobs : 1, sizeof(*p->order));
    if (!p->out || !p->order)
        return sb_err_set(err, SB_E_NOMEM, "rules: out of memory");
    order_jobs(p);
    for (i = 0; i < p->njobs; i++)
        p->out[i].rows = (struct sb_buf)SB_BUF_INIT(SB_BUF_UNLIMITED);
    p->tl = nreaders > 0 ? TL_OPEN : TL_NONE;
    for (k = 0; k < nreaders && k < (int)(sizeof(p->w) / sizeof(p->w[0]));
         k++) {
        p->w[k].pool = p;
        p->w[k].db = readers[k];
        if (reader_ready(readers[k], g) == 0)
            p->w[k].started = pthread_create(&p->w[k].thread, NULL,
                                             worker_run, &p->w[k]) == 0;
    }
    pool_work(p, db, false);
    /* every rule done; the log lines the writer's own when no reader
     * took them, else read on once their SELECT holds its lock */
    pthread_mutex_lock(&p->mu);
    while (p->running > 0)
        pthread_cond_wait(&p->cv, &p->mu);
    if (p->tl == TL_OPEN)
        p->tl = TL_NONE;
    while (p->tl == TL_CLAIMED)
        pthread_cond_wait(&p->cv, &p->mu);
    if (p->tl == TL_READING) {
        p->writer = db;
        sqlite3_busy_handler(db, writer_busy, p);
    }
    pthread_mutex_unlock(&p->mu);
    if (p->nomem)
        return sb_err_set(err, SB_E_NOMEM, "rules: out of memory");
    return 0;
}

int sb_rules_tl_build(sqlite3 *db, struct pool *p, struct sb_err *err)
{
    long long t0 = sb_time_mono_ms();
    bool have;

    pthread_mutex_lock(&p->mu);
    while (p->tl == TL_CLAIMED || p->tl == TL_READING)
        pthread_cond_wait(&p->cv, &p->mu);
    have = p->tl == TL_DONE && !p->tl_failed;
    pthread_mutex_unlock(&p->mu);
    writer_release(p);
    if (have)
        sb_debug("timeline: waited %lld ms for the log lines read beside "
                 "(%zu bytes; the writer waited for the file %d time%s "
                 "before)", (long long)(sb_time_mono_ms() - t0),
                 p->tl_rows.len, p->busy_waits,
                 p->busy_waits == 1 ? "" : "s");
    if (p->tl == TL_DONE && p->tl_failed)
        sb_debug("timeline: the log lines read again on the writer: %s",
                 p->tl_msg);
    return sb_rules_tl_insert(db, have ? &p->tl_rows : NULL, err);
}

/* Writes what the rules gave, in rule order, into sb_rule_rows. Returns 0
 * or SB_E_DB. */
int sb_rules_store(sqlite3 *db, const struct pool *p, struct sb_err *err)
{
    size_t i;
    sqlite3_stmt *ins = NULL;
    int rc = 0;

    if (sqlite3_prepare_v2(db, "INSERT INTO temp.sb_rule_rows(rule, kind, "
                           "namespace, name, container, node, severity, "
                           "summary, first_seen, last_seen, ev_source, ev_time,"
                           " ev_text, ev_file, affects_kind, affects_namespace,"
                           " affects_name, cause_kind, cause_namespace, "
                           "cause_name, remediation) VALUES (?,?,?,?,?,?,?,?,?,"
                           "?,?,?,?,?,?,?,?,?,?,?,?)", -1, &ins, NULL) != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "rules: cannot prepare: %s",
                          sqlite3_errmsg(db));
    for (i = 0; rc == 0 && i < p->njobs; i++) {
        const struct sb_rule *r = sb_rules_at(p->rs, i);

        sb_debug("rule %s: %lld ms", r->id, p->out[i].ms);
        rc = meta_store(db, r, err);
        if (rc == 0)
            rc = rule_store(db, r, &p->out[i], ins, err);
    }
    sqlite3_finalize(ins);
    return rc;
}

