#include "sb_sighits.h"

#include <stdbool.h>
#include <string.h>

#include "sb_buf.h"
#include "sb_embed.h"
#include "sb_sig.h"

#define BODY_FILE "reports/gpu/sig-hits.sql"
#define NCOLS 14            /* the body's result columns */
#define NARGS 3             /* rule, pattern, exclude: hidden columns */
#define ANNOUNCE_MAX (64 * 1024)    /* a call's patterns, announced */

/* The columns: the body's, in its order, then the arguments. */
static const char DECLARE[] =
    "CREATE TABLE x(kind, namespace, name, container, node, subject, lines,"
    " latest, first_seen, ev_source, ev_time, ev_text, ev_file, remediation,"
    " rule HIDDEN, pattern HIDDEN, exclude HIDDEN)";

struct hvtab {
    sqlite3_vtab base;
    sqlite3 *db;            /* the connection the body runs on */
};

struct hcur {
    sqlite3_vtab_cursor base;
    sqlite3_stmt *st;       /* the body, on its current row */
    sqlite3_value *args[NARGS];     /* copies, for the hidden columns */
    sqlite3_int64 row;
    bool eof;
};

static int set_error(sqlite3_vtab *v, const char *msg)
{
    sqlite3_free(v->zErrMsg);
    v->zErrMsg = sqlite3_mprintf("%s", msg);
    return SQLITE_ERROR;
}

static int h_connect(sqlite3 *db, void *aux, int argc,
                     const char *const *argv, sqlite3_vtab **out, char **err)
{
    struct hvtab *v;
    int rc;

    (void)aux;
    (void)argc;
    (void)argv;
    (void)err;
    rc = sqlite3_declare_vtab(db, DECLARE);
    if (rc != SQLITE_OK)
        return rc;
    v = sqlite3_malloc(sizeof(*v));
    if (!v)
        return SQLITE_NOMEM;
    memset(v, 0, sizeof(*v));
    v->db = db;
    *out = &v->base;
    return SQLITE_OK;
}

static int h_disconnect(sqlite3_vtab *v)
{
    sqlite3_free(v);
    return SQLITE_OK;
}

/* The arguments are equality constraints on the hidden columns; bit k of
 * idxNum says argument k (rule, pattern, exclude) is given, and they come
 * in argv in that order. Without a usable rule the plan is refused when
 * another join order could give one, else priced out of reach (xFilter
 * then says what is missing). */
static int h_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
    int i, k, slot[NARGS], unusable = 0, next = 1;

    (void)v;
    for (k = 0; k < NARGS; k++)
        slot[k] = -1;
    for (i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        k = c->iColumn - NCOLS;
        if (k < 0 || k >= NARGS || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
            continue;
        if (!c->usable)
            unusable |= 1 << k;
        else if (slot[k] < 0)
            slot[k] = i;
    }
    if (slot[0] < 0 && (unusable & 1))
        return SQLITE_CONSTRAINT;
    info->idxNum = 0;
    for (k = 0; k < NARGS; k++) {
        if (slot[k] < 0)
            continue;
        info->aConstraintUsage[slot[k]].argvIndex = next++;
        info->aConstraintUsage[slot[k]].omit = 1;
        info->idxNum |= 1 << k;
    }
    info->estimatedCost = slot[0] < 0 ? 1e12 : 1000;
    info->estimatedRows = 100;
    return SQLITE_OK;
}

static int h_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
    struct hcur *c = sqlite3_malloc(sizeof(*c));

    (void)v;
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof(*c));
    c->eof = true;
    *out = &c->base;
    return SQLITE_OK;
}

static void cur_reset(struct hcur *c)
{
    int k;

    sqlite3_finalize(c->st);
    c->st = NULL;
    for (k = 0; k < NARGS; k++) {
        sqlite3_value_free(c->args[k]);
        c->args[k] = NULL;
    }
    c->row = 0;
    c->eof = true;
}

static int h_close(sqlite3_vtab_cursor *cur)
{
    cur_reset((struct hcur *)cur);
    sqlite3_free(cur);
    return SQLITE_OK;
}

/* Steps the body to its next row; an error goes to the table's zErrMsg,
 * with the rule it ran for. */
static int cur_step(struct hcur *c)
{
    struct hvtab *v = (struct hvtab *)c->base.pVtab;
    int rc = sqlite3_step(c->st);

    if (rc == SQLITE_ROW) {
        c->row++;
        return SQLITE_OK;
    }
    c->eof = true;
    if (rc == SQLITE_DONE)
        return SQLITE_OK;
    sqlite3_free(v->base.zErrMsg);
    v->base.zErrMsg = sqlite3_mprintf("sig_hits('%s'): %s",
                                      sqlite3_value_text(c->args[0]),
                                      sqlite3_errmsg(v->db));
    return rc == SQLITE_NOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
}

/* Prepares the body for 'c' and binds the arguments it was given. */
static int cur_prepare(struct hcur *c, struct hvtab *v)
{
    const struct sb_embed_file *f = sb_embed_find(BODY_FILE);
    int k;

    if (!f)
        return set_error(&v->base, "sig_hits: '" BODY_FILE "' is not "
                         "compiled in");
    if (sqlite3_prepare_v2(v->db, f->data, (int)f->len, &c->st, NULL)
        != SQLITE_OK || !c->st) {
        sqlite3_free(v->base.zErrMsg);
        v->base.zErrMsg = sqlite3_mprintf("sig_hits: '%s': %s", BODY_FILE,
                                          sqlite3_errmsg(v->db));
        return SQLITE_ERROR;
    }
    if (sqlite3_column_count(c->st) != NCOLS)
        return set_error(&v->base, "sig_hits: '" BODY_FILE "' must return "
                         "the 14 columns sig_hits declares");
    for (k = 0; k < NARGS; k++)
        if (c->args[k] && sqlite3_bind_value(c->st, k + 1, c->args[k])
            != SQLITE_OK)
            return set_error(&v->base, "sig_hits: cannot bind its "
                             "arguments");
    return SQLITE_OK;
}

static int h_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs,
                    int argc, sqlite3_value **argv)
{
    struct hcur *c = (struct hcur *)cur;
    struct hvtab *v = (struct hvtab *)cur->pVtab;
    const char *rule;
    int k, a = 0, rc;

    (void)idxs;
    cur_reset(c);
    for (k = 0; k < NARGS; k++) {
        if (!(idx & (1 << k)) || a >= argc)
            continue;
        c->args[k] = sqlite3_value_dup(argv[a++]);
        if (!c->args[k])
            return SQLITE_NOMEM;
    }
    rule = c->args[0] ? (const char *)sqlite3_value_text(c->args[0]) : NULL;
    if (!rule)
        return set_error(&v->base, "sig_hits needs a rule: "
                         "sig_hits('rule-id' [, 'pattern' [, 'exclude']])");
    if (!sb_sig_pattern(rule)) {
        sqlite3_free(v->base.zErrMsg);
        v->base.zErrMsg = sqlite3_mprintf("sig_hits: no failure signature "
                                          "feeds rule '%s' (reports/gpu/"
                                          "signatures.txt)", rule);
        return SQLITE_ERROR;
    }
    if ((rc = cur_prepare(c, v)) != SQLITE_OK)
        return rc;
    c->eof = false;
    return cur_step(c);
}

static int h_next(sqlite3_vtab_cursor *cur)
{
    return cur_step((struct hcur *)cur);
}

static int h_eof(sqlite3_vtab_cursor *cur)
{
    return ((const struct hcur *)cur)->eof;
}

static int h_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    const struct hcur *c = (const struct hcur *)cur;

    if (col < NCOLS)
        sqlite3_result_value(ctx, sqlite3_column_value(c->st, col));
    else if (col - NCOLS < NARGS && c->args[col - NCOLS])
        sqlite3_result_value(ctx, c->args[col - NCOLS]);
    return SQLITE_OK;
}

static int h_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((const struct hcur *)cur)->row;
    return SQLITE_OK;
}

static const sqlite3_module sighits_module = {
    .iVersion = 0,
    .xConnect = h_connect,
    .xBestIndex = h_best_index,
    .xDisconnect = h_disconnect,
    .xOpen = h_open,
    .xClose = h_close,
    .xFilter = h_filter,
    .xNext = h_next,
    .xEof = h_eof,
    .xColumn = h_column,
    .xRowid = h_rowid,
};

int sb_sighits_register(sqlite3 *db, struct sb_err *err)
{
    if (sqlite3_create_module_v2(db, "sig_hits", &sighits_module, NULL, NULL)
        != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "cannot register sig_hits: %s",
                          sqlite3_errmsg(db));
    return 0;
}

/* ---- announcing a rule's patterns ------------------------------------------ */

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

/* The end of the SQL string literal at 'p' (past its closing quote), or
 * NULL when 'p' is not one or it does not end. */
static const char *literal_end(const char *p)
{
    if (*p != '\'')
        return NULL;
    for (p++; *p; p++) {
        if (p[0] != '\'')
            continue;
        if (p[1] != '\'')
            return p + 1;
        p++;                /* '' is a quote */
    }
    return NULL;
}

/* Appends "log_grep(X)" for the literal [lit, end) to 'b', wrapped in
 * sig_pattern() when 'sig'. */
static int add_call(struct sb_buf *b, const char *lit, const char *end,
                    bool sig)
{
    return sb_buf_addf(b, "log_grep(%s%.*s%s)\n", sig ? "sig_pattern(" : "",
                       (int)(end - lit), lit, sig ? ")" : "");
}

int sb_sighits_announce_sql(struct sb_loggrep *g, const char *sql,
                            struct sb_err *err)
{
    static const char key[] = "sig_hits";
    struct sb_buf calls = SB_BUF_INIT(ANNOUNCE_MAX);
    const char *p = sql, *rule, *rule_end, *pat, *pat_end;
    int rc = 0;

    /* each call is rewritten as the log_grep calls that search the same
     * lines, which the log_grep announcer reads */
    while ((p = strstr(p, key)) != NULL) {
        p = skip_space(p + sizeof(key) - 1);
        if (*p != '(')
            continue;
        rule = skip_space(p + 1);
        if (!(rule_end = literal_end(rule)))
            continue;
        p = rule_end;
        if (add_call(&calls, rule, rule_end, true) < 0)
            break;          /* too long: left to run time */
        pat = skip_space(rule_end);
        if (*pat != ',')
            continue;
        pat = skip_space(pat + 1);
        if (!(pat_end = literal_end(pat)))
            continue;
        p = pat_end;
        if (add_call(&calls, pat, pat_end, false) < 0)
            break;
    }
    if (calls.len)
        rc = sb_loggrep_announce_sql(g, sb_buf_str(&calls), err);
    sb_buf_release(&calls);
    return rc;
}
