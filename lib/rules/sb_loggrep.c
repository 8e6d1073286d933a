/*
 * log_grep: one pass over log_lines for every pattern the rules use.
 *
 * The pass reads each line once; a combined literal prefilter (up to 64
 * patterns per scan) tells which patterns may match it, and only those
 * run PCRE2 on it, but for the patterns a literal found in the line
 * already proves to match (sb_litproof.h: nearly every match in a
 * bundle, the timeline's "error" words and klog's "E1123 " above all).
 * Only the line id is kept, never where the match is, so the proof is
 * all that is needed. Patterns without a prefilter run on every line.
 * The ids found are kept per pattern; the table-valued function hands
 * them out in id order.
 *
 * The pass can also run during the load (the "live" scan): the loader
 * hands each line over as it writes it, a worker thread searches blocks
 * of lines on the second core, and reading millions of lines back out of
 * SQLite is saved. Its results are used only when the lines it saw are
 * exactly the rows of log_lines; otherwise the pass runs as before.
 */
#include "sb_loggrep.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_log.h"
#include "sb_prefilter.h"
#include "sb_sig.h"
#include "sb_regex.h"

#define PATTERNS_MAX 4096
#define PATTERN_MAX 8192

struct entry {
    char *pattern;
    struct sb_regex *rx;        /* NULL when it did not compile */
    char error[300];            /* why it did not */
    /* the ids found, ascending, as offsets from the first: half the
     * memory of int64 ids, which grow with the hits (millions in a big
     * bundle) */
    int64_t base;
    uint32_t *ids;
    size_t n, cap;
    bool done;                  /* searched: ids complete */
};

struct live;

struct sb_loggrep {
    /* Connections sharing the state (sb_loggrep_share) run log_grep from
     * their own threads: 'mu' guards adding and searching entries. An
     * entry's ids never change once it is done, so cursors read them
     * without it. */
    pthread_mutex_t mu;
    struct entry **e;
    size_t n, cap;
    struct live *live;          /* the scan during the load, while it runs */
};

/* ---- patterns ------------------------------------------------------------- */

static void entry_free(struct entry *e)
{
    if (!e)
        return;
    sb_free(e->pattern);
    sb_regex_free(e->rx);
    sb_free(e->ids);
    sb_free(e);
}

static void live_stop(struct sb_loggrep *g);

static void grep_free(void *p)
{
    struct sb_loggrep *g = p;
    size_t i;

    if (!g)
        return;
    live_stop(g);
    for (i = 0; i < g->n; i++)
        entry_free(g->e[i]);
    sb_free(g->e);
    pthread_mutex_destroy(&g->mu);
    sb_free(g);
}

static struct entry *entry_find(const struct sb_loggrep *g, const char *pat,
                                size_t len)
{
    size_t i;

    for (i = 0; i < g->n; i++)
        if (strlen(g->e[i]->pattern) == len &&
            memcmp(g->e[i]->pattern, pat, len) == 0)
            return g->e[i];
    return NULL;
}

/* The entry of 'pat' ('len' bytes), added (compiled, not yet searched)
 * when new; NULL with 'err' set when out of memory or too many. */
static struct entry *entry_get(struct sb_loggrep *g, const char *pat,
                               size_t len, struct sb_err *err)
{
    struct entry *e = entry_find(g, pat, len);
    char msg[200];

    if (e)
        return e;
    if (g->n >= PATTERNS_MAX || len > PATTERN_MAX) {
        sb_err_set(err, SB_E_TOOBIG, "log_grep: too many or too long "
                   "patterns");
        return NULL;
    }
    if (SB_ARRAY_GROW(g->e, g->n + 1, g->cap, PATTERNS_MAX))
        goto nomem;
    e = sb_calloc(1, sizeof(*e));
    if (!e || !(e->pattern = sb_malloc(len + 1)))
        goto nomem;
    memcpy(e->pattern, pat, len);
    e->pattern[len] = '\0';
    e->rx = sb_regex_new(e->pattern, msg, sizeof(msg));
    if (!e->rx && !msg[0])
        goto nomem;
    if (!e->rx)
        snprintf(e->error, sizeof(e->error), "log_grep: pattern '%.60s' %s",
                 e->pattern, msg);
    g->e[g->n++] = e;
    return e;
nomem:
    entry_free(e);
    sb_err_set(err, SB_E_NOMEM, "log_grep: out of memory");
    return NULL;
}

static int64_t id_at(const struct entry *e, size_t i)
{
    return e->base + (int64_t)e->ids[i];
}

/* Appends 'id' (ids come in ascending order). -1 when out of memory, or
 * more than 2^32 rows apart from the first hit. */
static int entry_push(struct entry *e, int64_t id)
{
    if (e->n == 0)
        e->base = id;
    if (id < e->base || id - e->base > (int64_t)UINT32_MAX)
        return -1;
    /* ascending ids within 2^32 of the first: at most 2^32 of them */
    if (SB_ARRAY_GROW(e->ids, e->n + 1, e->cap, (size_t)UINT32_MAX + 1))
        return -1;
    e->ids[e->n++] = (uint32_t)(id - e->base);
    return 0;
}

int sb_loggrep_announce_sql(struct sb_loggrep *g, const char *sql,
                            struct sb_err *err)
{
    static const char key[] = "log_grep";
    static const char sigfn[] = "sig_pattern('";
    const char *sig;
    struct sb_buf pat = SB_BUF_INIT(PATTERN_MAX);
    const char *p = sql, *q;
    int rc = 0;

    while (rc == 0 && (p = strstr(p, key)) != NULL) {
        p += sizeof(key) - 1;
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        if (*p++ != '(')
            continue;
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        /* a rule reading its patterns from the signature data:
         * log_grep(sig_pattern('rule')) searches what sb_sig_pattern
         * gives, so the shared pass announces that */
        if (strncmp(p, sigfn, sizeof(sigfn) - 1) == 0) {
            char rule[64];
            size_t n;

            p += sizeof(sigfn) - 1;
            for (n = 0; p[n] && p[n] != '\'' && n < sizeof(rule) - 1; n++)
                rule[n] = p[n];
            rule[n] = '\0';
            if (p[n] == '\'' && (sig = sb_sig_pattern(rule)) != NULL &&
                !entry_get(g, sig, strlen(sig), err))
                rc = err->code;
            continue;
        }
        if (*p != '\'')
            continue;
        /* an SQL string: '' is a quote */
        sb_buf_reset(&pat);
        for (q = p + 1; *q && !(q[0] == '\'' && q[1] != '\''); q++) {
            if (q[0] == '\'')
                q++;
            if (sb_buf_addc(&pat, *q))
                break;
        }
        if (*q != '\'')
            break;      /* unterminated or too long: leave it to SQLite */
        p = q + 1;
        if (!entry_get(g, sb_buf_str(&pat), pat.len, err))
            rc = err->code;
    }
    sb_buf_release(&pat);
    return rc;
}

/* ---- the pass ------------------------------------------------------------- */

/* The entries not searched yet, prefiltered ones in groups of 64. */
struct plan {
    struct entry **pending;
    size_t n;
    struct sb_prefilter **groups;   /* the literals of up to 64 pending
                                       entries each, tagged 0..63 */
    struct entry **members;         /* group k, tag t: members[64k + t] */
    size_t ngroups;
    struct entry **scan_all;        /* no prefilter: every line */
    size_t nall;
    /* what the pass did, for the debug log: lines that some group's
     * prefilter let through, pattern runs (counting those a literal
     * proved), runs that matched, and matches a literal proved */
    uint64_t admitted, runs, hits, proved;
};

static void plan_release(struct plan *pl)
{
    size_t i;

    for (i = 0; i < pl->ngroups; i++)
        sb_prefilter_free(pl->groups[i]);
    sb_free(pl->groups);
    sb_free(pl->members);
    sb_free(pl->scan_all);
    sb_free(pl->pending);
}

static int plan_make(struct sb_loggrep *g, struct plan *pl)
{
    size_t i, k, nf = 0;

    memset(pl, 0, sizeof(*pl));
    pl->pending = sb_calloc(g->n + 1, sizeof(*pl->pending));
    pl->scan_all = sb_calloc(g->n + 1, sizeof(*pl->scan_all));
    pl->groups = sb_calloc(g->n / 64 + 1, sizeof(*pl->groups));
    pl->members = sb_calloc(g->n + 64, sizeof(*pl->members));
    if (!pl->pending || !pl->scan_all || !pl->groups || !pl->members)
        return -1;
    for (i = 0; i < g->n; i++) {
        struct entry *e = g->e[i];
        if (e->done || !e->rx)
            continue;
        pl->pending[pl->n++] = e;
        if (!e->rx->pf) {
            pl->scan_all[pl->nall++] = e;
            continue;
        }
        k = nf / 64;
        if (k == pl->ngroups) {
            pl->groups[k] = sb_prefilter_empty();
            if (!pl->groups[k])
                return -1;
            pl->ngroups++;
        }
        if (sb_prefilter_add(pl->groups[k], e->rx->pf, (unsigned)(nf % 64)))
            return -1;
        pl->members[nf++] = e;
    }
    return 0;
}

/* Matches 'e' against one line its prefilter let through (or every line,
 * when it has none); on a hit appends 'id'. When a literal the scan found
 * already 'proven' the match, PCRE2 is not run: only the line id is kept,
 * never where the match is or what it captured. */
static int try_line(struct plan *pl, struct entry *e, int64_t id,
                    const char *text, size_t len, bool proven)
{
    pl->runs++;
    if (proven)
        pl->proved++;
    else if (!sb_regex_run(e->rx, text, len))
        return 0;
    pl->hits++;
    return entry_push(e, id);
}

static int pass_line(struct plan *pl, int64_t id, const char *text,
                     size_t len)
{
    uint64_t mask, proven, any = 0;
    size_t k, i;
    int t;

    for (k = 0; k < pl->ngroups; k++) {
        mask = sb_prefilter_scan_proven(pl->groups[k], text, len, &proven);
        any |= mask;
        for (t = 0; mask; t++, mask >>= 1, proven >>= 1)
            if ((mask & 1) && try_line(pl, pl->members[64 * k + (size_t)t],
                                       id, text, len, proven & 1))
                return -1;
    }
    pl->admitted += any != 0;
    for (i = 0; i < pl->nall; i++)
        if (try_line(pl, pl->scan_all[i], id, text, len, false))
            return -1;
    return 0;
}

/* Searches log_lines once, through 'db', for every pattern not searched
 * yet. */
static int search(struct sb_loggrep *g, sqlite3 *db, char **msg)
{
    struct plan pl;
    sqlite3_stmt *st = NULL;
    size_t i;
    int rc = SQLITE_NOMEM;

    if (plan_make(g, &pl))
        goto cleanup;
    if (pl.n == 0) {
        rc = SQLITE_OK;
        goto cleanup;
    }
    rc = sqlite3_prepare_v2(db, "SELECT id, text FROM log_text "
                            "ORDER BY id", -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(st, 1);
        if (text && pass_line(&pl, sqlite3_column_int64(st, 0), text,
                              (size_t)sqlite3_column_bytes(st, 1))) {
            rc = SQLITE_NOMEM;
            break;
        }
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
        for (i = 0; i < pl.n; i++)
            pl.pending[i]->done = true;
    } else {
        /* a half-done search must not look done: start those again */
        for (i = 0; i < pl.n; i++)
            pl.pending[i]->n = 0;
        *msg = sqlite3_mprintf("log_grep: reading log_lines: %s",
                               rc == SQLITE_NOMEM ? "out of memory" :
                               sqlite3_errmsg(db));
    }
cleanup:
    if (rc != SQLITE_OK && !*msg)
        *msg = sqlite3_mprintf("log_grep: out of memory");
    sqlite3_finalize(st);
    plan_release(&pl);
    return rc;
}

/* ---- the scan during the load --------------------------------------------- */

#define LIVE_BLOCK (1024 * 1024)    /* bytes of lines handed over at once */
#define LIVE_SLOTS 4                /* blocks in flight: 4 MB at most */
/* The prefilters' keys are chosen again by the text of the first block
 * and of every 64th after it (a bundle's logs change from pod to pod), by
 * its first 256 KB: enough to rank the 3-byte windows, and a small part
 * of the scan's work. */
#define LIVE_REKEY_EVERY 64
#define LIVE_REKEY_SAMPLE (256 * 1024)

/* The loader fills slot (filled % LIVE_SLOTS) while the worker searches
 * the slots before it; one mutex guards the counters, and a slot's bytes
 * belong to one side at a time. A block holds records of [int64 id]
 * [uint32 length][text], packed. */
struct live {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct plan pl;             /* built before the worker starts */
    struct sb_buf slot[LIVE_SLOTS];
    unsigned filled;            /* slots handed to the worker (all time) */
    unsigned done;              /* slots it has searched (all time) */
    bool end;                   /* no more slots will come */
    bool loader_bad;            /* the loader's side: out of memory, or
                                   lines not in id order */
    bool worker_bad;            /* the worker's side: out of memory */
    int64_t first, last;        /* ids of the first and last line given */
    uint64_t n;                 /* lines given */
    double cpu_s;               /* the worker's CPU time, once joined */
};

static int scan_block(struct plan *pl, const struct sb_buf *b)
{
    size_t at = 0;
    int64_t id;
    uint32_t len;

    while (at + 12 <= b->len) {
        memcpy(&id, b->data + at, 8);
        memcpy(&len, b->data + at + 8, 4);
        if (pass_line(pl, id, b->data + at + 12, len))
            return -1;
        at += 12 + (size_t)len;
    }
    return 0;
}

/* Block 'nblock' is about to be searched: on some, the prefilters choose
 * their keys by its text (record headers included: a little noise in the
 * counts, no harm to what is found). Out of memory keeps the old keys. */
static void live_rekey(struct plan *pl, const struct sb_buf *b,
                       unsigned nblock)
{
    size_t k, n = b->len < LIVE_REKEY_SAMPLE ? b->len : LIVE_REKEY_SAMPLE;

    if (nblock % LIVE_REKEY_EVERY)
        return;
    for (k = 0; k < pl->ngroups; k++)
        sb_prefilter_rekey(pl->groups[k], b->data, n);
}

static double thread_cpu_s(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
        return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *live_run(void *arg)
{
    struct live *L = arg;
    struct sb_buf *b;
    unsigned nblock = 0;

    pthread_setname_np(pthread_self(), "sb-loggrep");   /* for top -H, perf */

    pthread_mutex_lock(&L->mu);
    for (;;) {
        while (L->done == L->filled && !L->end)
            pthread_cond_wait(&L->cv, &L->mu);
        if (L->done == L->filled)
            break;
        b = &L->slot[L->done % LIVE_SLOTS];
        pthread_mutex_unlock(&L->mu);
        live_rekey(&L->pl, b, nblock++);
        if (!L->worker_bad && scan_block(&L->pl, b))
            L->worker_bad = true;
        pthread_mutex_lock(&L->mu);
        L->done++;
        pthread_cond_broadcast(&L->cv);
    }
    pthread_mutex_unlock(&L->mu);
    L->cpu_s = thread_cpu_s();
    return NULL;
}

/* Hands the slot being filled to the worker and waits for a free one. */
static void live_push(struct live *L)
{
    pthread_mutex_lock(&L->mu);
    L->filled++;
    pthread_cond_broadcast(&L->cv);
    while (L->filled - L->done >= LIVE_SLOTS)
        pthread_cond_wait(&L->cv, &L->mu);
    pthread_mutex_unlock(&L->mu);
    sb_buf_reset(&L->slot[L->filled % LIVE_SLOTS]);
}

void sb_loggrep_live_line(void *ctx, int64_t id, const char *text,
                          size_t len)
{
    struct sb_loggrep *g = ctx;
    struct live *L = g ? g->live : NULL;
    struct sb_buf *b;
    uint32_t len32 = (uint32_t)len;

    if (!L || L->loader_bad)
        return;
    if ((L->n && id <= L->last) || len > UINT32_MAX) {
        L->loader_bad = true;
        return;
    }
    b = &L->slot[L->filled % LIVE_SLOTS];
    if (sb_buf_room(b, 12 + len)) {
        L->loader_bad = true;
        return;
    }
    memcpy(b->data + b->len, &id, 8);
    memcpy(b->data + b->len + 8, &len32, 4);
    memcpy(b->data + b->len + 12, text, len);
    b->len += 12 + len;
    if (!L->n)
        L->first = id;
    L->last = id;
    L->n++;
    if (b->len >= LIVE_BLOCK)
        live_push(L);
}

static void live_release(struct live *L)
{
    size_t i;

    plan_release(&L->pl);
    for (i = 0; i < LIVE_SLOTS; i++)
        sb_buf_release(&L->slot[i]);
    pthread_cond_destroy(&L->cv);
    pthread_mutex_destroy(&L->mu);
    sb_free(L);
}

int sb_loggrep_live_start(struct sb_loggrep *g, struct sb_err *err)
{
    struct live *L;
    size_t i;

    if (g->live)
        return sb_err_set(err, SB_E_INTERNAL, "log_grep: a scan is running");
    L = sb_calloc(1, sizeof(*L));
    if (!L)
        return sb_err_set(err, SB_E_NOMEM, "log_grep: out of memory");
    for (i = 0; i < LIVE_SLOTS; i++)
        sb_buf_init(&L->slot[i], SB_BUF_UNLIMITED);
    pthread_mutex_init(&L->mu, NULL);
    pthread_cond_init(&L->cv, NULL);
    if (plan_make(g, &L->pl)) {
        live_release(L);
        return sb_err_set(err, SB_E_NOMEM, "log_grep: out of memory");
    }
    if (pthread_create(&L->thread, NULL, live_run, L) != 0) {
        live_release(L);
        return sb_err_set(err, SB_E_INTERNAL, "log_grep: cannot start the "
                          "scanning thread");
    }
    g->live = L;
    return 0;
}

/* Hands over the last slot, tells the worker no more will come and waits
 * for it to finish. */
static void live_join(struct live *L)
{
    if (L->slot[L->filled % LIVE_SLOTS].len)
        live_push(L);
    pthread_mutex_lock(&L->mu);
    L->end = true;
    pthread_cond_broadcast(&L->cv);
    pthread_mutex_unlock(&L->mu);
    pthread_join(L->thread, NULL);
}

/* A scan never finished (the load failed): its results are dropped with
 * the rest of 'g'. */
static void live_stop(struct sb_loggrep *g)
{
    if (!g->live)
        return;
    live_join(g->live);
    live_release(g->live);
    g->live = NULL;
}

/* Whether the lines given were exactly the rows of log_lines: ids in
 * order, none missing in between, and none in the table outside them
 * (both ends are b-tree lookups, not a count). */
static bool live_covers(const struct live *L, sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    bool ok = false;

    if (L->loader_bad || L->worker_bad)
        return false;
    /* the first and the last by id, not min() and max(): log_text in
     * blocks (a virtual table) serves ORDER BY id LIMIT 1 from either end,
     * where an aggregate would read every line */
    if (sqlite3_prepare_v2(db, "SELECT (SELECT id FROM log_text ORDER BY id"
                           " LIMIT 1), (SELECT id FROM log_text ORDER BY id"
                           " DESC LIMIT 1)", -1, &st, NULL)
        != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        goto cleanup;
    if (L->n == 0)
        ok = sqlite3_column_type(st, 0) == SQLITE_NULL;
    else
        ok = sqlite3_column_type(st, 0) != SQLITE_NULL &&
             sqlite3_column_int64(st, 0) == L->first &&
             sqlite3_column_int64(st, 1) == L->last &&
             (uint64_t)(L->last - L->first) + 1 == L->n;
cleanup:
    sqlite3_finalize(st);
    return ok;
}

bool sb_loggrep_live_finish(struct sb_loggrep *g, sqlite3 *db)
{
    struct live *L = g->live;
    bool ok;
    size_t i;

    if (!L)
        return false;
    g->live = NULL;
    live_join(L);
    ok = live_covers(L, db);
    for (i = 0; i < L->pl.n; i++) {
        if (ok)
            L->pl.pending[i]->done = true;
        else
            L->pl.pending[i]->n = 0;    /* the pass will search again */
    }
    sb_debug("log_grep: %llu lines searched during the load in %.3f s of "
             "CPU: %llu through the prefilters, %llu pattern runs, %llu "
             "matched (%llu proven by a literal, PCRE2 not run)%s",
             (unsigned long long)L->n, L->cpu_s,
             (unsigned long long)L->pl.admitted,
             (unsigned long long)L->pl.runs, (unsigned long long)L->pl.hits,
             (unsigned long long)L->pl.proved,
             ok ? "" : "; not usable: searching log_lines again");
    live_release(L);
    return ok;
}

/* ---- the table-valued function -------------------------------------------- */

struct gvtab {
    sqlite3_vtab base;
    struct sb_loggrep *g;
    sqlite3 *db;            /* the connection it serves: searches use it */
};

struct gcur {
    sqlite3_vtab_cursor base;
    const struct entry *e;
    int64_t i, lo, hi;      /* ids[lo..hi) are in range; i is current */
    bool desc;              /* handing them out last first */
};

static int g_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                     sqlite3_vtab **out, char **err)
{
    struct gvtab *v;
    int rc;

    (void)argc;
    (void)argv;
    (void)err;
    rc = sqlite3_declare_vtab(db, "CREATE TABLE x(line_id INTEGER, "
                              "pattern HIDDEN)");
    if (rc != SQLITE_OK)
        return rc;
    v = sqlite3_malloc(sizeof(*v));
    if (!v)
        return SQLITE_NOMEM;
    memset(v, 0, sizeof(*v));
    v->g = aux;
    v->db = db;
    *out = &v->base;
    return SQLITE_OK;
}

static int g_disconnect(sqlite3_vtab *v)
{
    sqlite3_free(v);
    return SQLITE_OK;
}

/* Usable only with its pattern: log_grep('...'). Ranges on line_id
 * ("g.line_id BETWEEN s.first_id AND s.last_id") and ORDER BY line_id
 * (either way) are served from the sorted ids: idxStr lists the line_id
 * operators of argv[1..] ('>' '}' '<' '{' '=' for > >= < <= =) and bit 2 of
 * idxNum asks for descending order. */
static int g_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
    char ops[16];
    int i, n = 0, unusable = 0, have_pattern = 0, argv_next = 2;

    (void)v;
    for (i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn != 1 || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
            continue;
        if (!c->usable) {
            unusable = 1;
            continue;
        }
        info->aConstraintUsage[i].argvIndex = 1;
        info->aConstraintUsage[i].omit = 1;
        have_pattern = 1;
        break;
    }
    if (!have_pattern) {
        if (unusable)
            return SQLITE_CONSTRAINT;   /* try another join order */
        info->idxNum = 0;
        info->estimatedCost = 1e12;
        return SQLITE_OK;
    }
    for (i = 0; i < info->nConstraint && n < (int)sizeof(ops) - 1; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        char op = c->op == SQLITE_INDEX_CONSTRAINT_GT ? '>' :
                  c->op == SQLITE_INDEX_CONSTRAINT_GE ? '}' :
                  c->op == SQLITE_INDEX_CONSTRAINT_LT ? '<' :
                  c->op == SQLITE_INDEX_CONSTRAINT_LE ? '{' :
                  c->op == SQLITE_INDEX_CONSTRAINT_EQ ? '=' : 0;
        if (c->iColumn != 0 || !c->usable || !op)
            continue;
        info->aConstraintUsage[i].argvIndex = argv_next++;
        info->aConstraintUsage[i].omit = 1;
        ops[n++] = op;
    }
    ops[n] = '\0';
    info->idxNum = 1;
    if (n) {
        info->idxStr = sqlite3_mprintf("%s", ops);
        if (!info->idxStr)
            return SQLITE_NOMEM;
        info->needToFreeIdxStr = 1;
    }
    info->estimatedCost = n ? 2 : 10;
    info->estimatedRows = n ? 10 : 100;
    if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn == 0) {
        info->orderByConsumed = 1;
        if (info->aOrderBy[0].desc)
            info->idxNum |= 2;
    }
    return SQLITE_OK;
}

/* The first index of e->ids holding an id >= v (> v when 'after'). */
static int64_t id_bound(const struct entry *e, int64_t v, bool after)
{
    size_t lo = 0, hi = e->n, mid;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (id_at(e, mid) < v || (after && id_at(e, mid) == v))
            lo = mid + 1;
        else
            hi = mid;
    }
    return (int64_t)lo;
}

/* Narrows the cursor to the line_id constraints 'ops' on 'argv'. */
static void apply_range(struct gcur *c, const char *ops, sqlite3_value **argv)
{
    int64_t v, b;

    for (; ops && *ops; ops++, argv++) {
        if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
            c->hi = c->lo;          /* compared with NULL: nothing */
            return;
        }
        v = sqlite3_value_int64(argv[0]);
        switch (*ops) {
        case '>': b = id_bound(c->e, v, true); c->lo = b > c->lo ? b : c->lo;
                  break;
        case '}': b = id_bound(c->e, v, false); c->lo = b > c->lo ? b : c->lo;
                  break;
        case '<': b = id_bound(c->e, v, false); c->hi = b < c->hi ? b : c->hi;
                  break;
        case '{': b = id_bound(c->e, v, true); c->hi = b < c->hi ? b : c->hi;
                  break;
        default:
            b = id_bound(c->e, v, false);
            c->lo = b > c->lo ? b : c->lo;
            b = id_bound(c->e, v, true);
            c->hi = b < c->hi ? b : c->hi;
        }
    }
}

static int g_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
    struct gcur *c = sqlite3_malloc(sizeof(*c));

    (void)v;
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof(*c));
    *out = &c->base;
    return SQLITE_OK;
}

static int g_close(sqlite3_vtab_cursor *c)
{
    sqlite3_free(c);
    return SQLITE_OK;
}

static int g_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs,
                    int argc, sqlite3_value **argv)
{
    struct gcur *c = (struct gcur *)cur;
    struct gvtab *v = (struct gvtab *)cur->pVtab;
    struct sb_err err = SB_ERR_INIT;
    const char *pat;
    struct entry *e;
    char *msg = NULL;
    int rc;

    c->e = NULL;
    c->i = c->lo = c->hi = 0;
    if (!(idx & 1) || argc < 1 ||
        !(pat = (const char *)sqlite3_value_text(argv[0]))) {
        sqlite3_free(v->base.zErrMsg);
        v->base.zErrMsg = sqlite3_mprintf("log_grep needs a pattern: "
                                          "log_grep('regex')");
        return SQLITE_ERROR;
    }
    pthread_mutex_lock(&v->g->mu);
    e = entry_get(v->g, pat, (size_t)sqlite3_value_bytes(argv[0]), &err);
    rc = e && e->rx && !e->done ? search(v->g, v->db, &msg) : SQLITE_OK;
    pthread_mutex_unlock(&v->g->mu);
    if (!e) {
        sqlite3_free(v->base.zErrMsg);
        v->base.zErrMsg = sqlite3_mprintf("%s", err.msg);
        return err.code == SB_E_NOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
    }
    if (!e->rx) {
        sqlite3_free(v->base.zErrMsg);
        v->base.zErrMsg = sqlite3_mprintf("%s", e->error);
        return SQLITE_ERROR;
    }
    if (rc != SQLITE_OK) {
        sqlite3_free(v->base.zErrMsg);
        v->base.zErrMsg = msg;
        return rc;
    }
    c->e = e;
    c->hi = (int64_t)e->n;
    apply_range(c, idxs, argv + 1);
    c->desc = (idx & 2) != 0;
    c->i = c->desc ? c->hi - 1 : c->lo;
    return SQLITE_OK;
}

static int g_next(sqlite3_vtab_cursor *cur)
{
    struct gcur *c = (struct gcur *)cur;

    c->i += c->desc ? -1 : 1;
    return SQLITE_OK;
}

static int g_eof(sqlite3_vtab_cursor *cur)
{
    const struct gcur *c = (const struct gcur *)cur;

    return !c->e || c->i < c->lo || c->i >= c->hi;
}

static int g_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    const struct gcur *c = (const struct gcur *)cur;

    if (col == 0)
        sqlite3_result_int64(ctx, id_at(c->e, (size_t)c->i));
    else
        sqlite3_result_text(ctx, c->e->pattern, -1, SQLITE_STATIC);
    return SQLITE_OK;
}

static int g_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    const struct gcur *c = (const struct gcur *)cur;

    *rowid = id_at(c->e, (size_t)c->i);
    return SQLITE_OK;
}

static const sqlite3_module grep_module = {
    .iVersion = 0,
    .xConnect = g_connect,
    .xBestIndex = g_best_index,
    .xDisconnect = g_disconnect,
    .xOpen = g_open,
    .xClose = g_close,
    .xFilter = g_filter,
    .xNext = g_next,
    .xEof = g_eof,
    .xColumn = g_column,
    .xRowid = g_rowid,
};

struct sb_loggrep *sb_loggrep_new(struct sb_err *err)
{
    struct sb_loggrep *g = sb_calloc(1, sizeof(*g));

    if (!g)
        sb_err_set(err, SB_E_NOMEM, "log_grep: out of memory");
    else
        pthread_mutex_init(&g->mu, NULL);
    return g;
}

void sb_loggrep_free(struct sb_loggrep *g)
{
    grep_free(g);
}

int sb_loggrep_attach(struct sb_loggrep *g, sqlite3 *db, struct sb_err *err)
{
    live_stop(g);           /* a scan not finished is of no use now */
    /* SQLite frees 'g' with grep_free, even when registering fails */
    if (sqlite3_create_module_v2(db, "log_grep", &grep_module, g,
                                 grep_free) != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "cannot register log_grep: %s",
                          sqlite3_errmsg(db));
    return 0;
}

int sb_loggrep_share(struct sb_loggrep *g, sqlite3 *db, struct sb_err *err)
{
    /* no destructor: the connection it was attached to owns it */
    if (sqlite3_create_module_v2(db, "log_grep", &grep_module, g, NULL)
        != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "cannot register log_grep: %s",
                          sqlite3_errmsg(db));
    return 0;
}

struct sb_loggrep *sb_loggrep_register(sqlite3 *db, struct sb_err *err)
{
    struct sb_loggrep *g = sb_loggrep_new(err);

    if (!g || sb_loggrep_attach(g, db, err))
        return NULL;
    return g;
}
