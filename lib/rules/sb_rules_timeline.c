/* The timeline's error log lines (reports/timeline/logs.sql): one SELECT
 * over what the load wrote, so a reader connection can run it beside the
 * rules and go on while the writer stores and correlates the findings;
 * the writer then inserts the rows it kept, in the order they came. On
 * the writer alone (no reader took it, or the reader's copy failed or
 * grew past its cap) the rows go straight from the SELECT to the INSERT,
 * as the INSERT ... SELECT it was. */
#include "sb_rules_int.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The INSERT the rows of logs.sql go through: its seven columns, with
 * the source and kind every one of its rows has. */
static const char TL_INSERT[] =
    "INSERT INTO timeline(time, source, severity, kind, namespace, name, "
    "node, text, file) VALUES (?1, 'log', ?2, 'Pod', ?3, ?4, ?5, ?6, ?7)";
/* ...and the same for the rows a reader kept (sb_tl_rows, below). */
static const char TL_INSERT_KEPT[] =
    "INSERT INTO timeline(time, source, severity, kind, namespace, name, "
    "node, text, file) SELECT c0, 'log', c1, 'Pod', c2, c3, c4, c5, c6 "
    "FROM sb_tl_rows(?1)";

/* Appends column 'c' of the current row of 'st' to 'rows', its type kept:
 * [type byte][int64 | double | int32 length and bytes]; nothing more
 * for NULL. Returns 0 or -1 (out of memory, or past the buffer's cap). */
static int value_add(struct sb_buf *rows, sqlite3_stmt *st, int c)
{
    unsigned char type = (unsigned char)sqlite3_column_type(st, c);
    sqlite3_int64 i;
    double d;
    int32_t len;

    if (sb_buf_add(rows, &type, 1) < 0)
        return -1;
    switch (type) {
    case SQLITE_NULL:
        return 0;
    case SQLITE_INTEGER:
        i = sqlite3_column_int64(st, c);
        return sb_buf_add(rows, &i, sizeof(i));
    case SQLITE_FLOAT:
        d = sqlite3_column_double(st, c);
        return sb_buf_add(rows, &d, sizeof(d));
    default: {      /* text, and a blob as text: the column is TEXT */
        const void *p = type == SQLITE_BLOB ? sqlite3_column_blob(st, c)
                                            : sqlite3_column_text(st, c);

        len = sqlite3_column_bytes(st, c);
        if (sb_buf_add(rows, &len, sizeof(len)) < 0 ||
            (len > 0 && sb_buf_add(rows, p, (size_t)len) < 0))
            return -1;
        return 0;
    }
    }
}

int sb_rules_tl_prepare(sqlite3 *db, sqlite3_stmt **st, char *msg,
                        size_t msgsz)
{
    struct sb_err err = SB_ERR_INIT;
    const char *sql = sb_rules_engine_sql(SQL_TIMELINE_LOGS, &err);

    *st = NULL;
    if (!sql) {
        snprintf(msg, msgsz, "%s", err.msg);
        return -1;
    }
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK || !*st ||
        sqlite3_column_count(*st) != TL_NCOLS) {
        snprintf(msg, msgsz, "%s", *st && sqlite3_column_count(*st)
                 != TL_NCOLS ? "logs.sql must give 7 columns"
                             : sqlite3_errmsg(db));
        sqlite3_finalize(*st);
        *st = NULL;
        return -1;
    }
    return 0;
}

int sb_rules_tl_step_rows(sqlite3 *db, sqlite3_stmt *st, int rc,
                          struct sb_buf *rows, char *msg, size_t msgsz)
{
    int c;

    for (; rc == SQLITE_ROW; rc = sqlite3_step(st))
        for (c = 0; c < TL_NCOLS; c++)
            if (value_add(rows, st, c) < 0) {
                snprintf(msg, msgsz, "the timeline's log lines: more than "
                         "%zu bytes, or out of memory", rows->max);
                return -1;
            }
    if (rc != SQLITE_DONE) {
        snprintf(msg, msgsz, "%s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

/* ---- the kept rows as a table: sb_tl_rows(?) --------------------------- */

/* The rows go in by one INSERT ... SELECT FROM sb_tl_rows(?1), ?1 the
 * buffer (sqlite3_bind_pointer): a statement run per row opened its
 * cursors and found the table's end again each time (a third more
 * instructions than the INSERT ... SELECT it replaced, on the bench
 * bundle). The module is eponymous, read-only, and scans in order. */
#define ROWS_PTR "sb_tl_rows"

struct rows_cur {
    sqlite3_vtab_cursor base;
    const char *p, *end;        /* the next row; the buffer's end */
    const char *col[TL_NCOLS];  /* the current row's values */
    sqlite3_int64 rowid;
    bool eof;
};

static int rows_connect(sqlite3 *db, void *aux, int argc,
                        const char *const *argv, sqlite3_vtab **vt,
                        char **msg)
{
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(c0, c1, c2, c3, c4, "
                                  "c5, c6, src HIDDEN)");

    if (rc != SQLITE_OK)
        return rc;
    *vt = sqlite3_malloc(sizeof(**vt));
    if (!*vt)
        return SQLITE_NOMEM;
    memset(*vt, 0, sizeof(**vt));
    return SQLITE_OK;
}

static int rows_disconnect(sqlite3_vtab *vt)
{
    sqlite3_free(vt);
    return SQLITE_OK;
}

/* Only a scan with the buffer given: src = ?, taken as the argument. */
static int rows_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    int i;

    for (i = 0; i < info->nConstraint; i++) {
        if (info->aConstraint[i].iColumn != TL_NCOLS ||
            info->aConstraint[i].op != SQLITE_INDEX_CONSTRAINT_EQ)
            continue;
        if (!info->aConstraint[i].usable)
            return SQLITE_CONSTRAINT;
        info->aConstraintUsage[i].argvIndex = 1;
        info->aConstraintUsage[i].omit = 1;
        info->estimatedCost = 1000;
        return SQLITE_OK;
    }
    return SQLITE_CONSTRAINT;
}

static int rows_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **cur)
{
    struct rows_cur *c = sqlite3_malloc(sizeof(*c));

    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof(*c));
    *cur = &c->base;
    return SQLITE_OK;
}

static int rows_close(sqlite3_vtab_cursor *cur)
{
    sqlite3_free(cur);
    return SQLITE_OK;
}

/* Where the value at 'p' (value_add's form) ends. */
static const char *value_skip(const char *p)
{
    int32_t len;

    switch ((unsigned char)*p++) {
    case SQLITE_NULL:
        return p;
    case SQLITE_INTEGER:
        return p + sizeof(sqlite3_int64);
    case SQLITE_FLOAT:
        return p + sizeof(double);
    default:
        memcpy(&len, p, sizeof(len));
        return p + sizeof(len) + len;
    }
}

/* Moves to the row at c->p, or to the end. */
static int rows_next(sqlite3_vtab_cursor *cur)
{
    struct rows_cur *c = (struct rows_cur *)cur;
    int i;

    c->rowid++;
    c->eof = c->p >= c->end;
    if (c->eof)
        return SQLITE_OK;
    for (i = 0; i < TL_NCOLS; i++) {
        c->col[i] = c->p;
        c->p = value_skip(c->p);
    }
    return SQLITE_OK;
}

static int rows_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr,
                       int argc, sqlite3_value **argv)
{
    struct rows_cur *c = (struct rows_cur *)cur;
    const struct sb_buf *rows = argc == 1 ? sqlite3_value_pointer(argv[0],
                                                                ROWS_PTR)
                                          : NULL;

    c->p = rows ? rows->data : NULL;
    c->end = rows ? rows->data + rows->len : NULL;
    c->rowid = -1;
    return rows_next(cur);
}

static int rows_eof(sqlite3_vtab_cursor *cur)
{
    return ((const struct rows_cur *)cur)->eof;
}

static int rows_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx,
                       int i)
{
    const struct rows_cur *c = (const struct rows_cur *)cur;
    const char *p;
    sqlite3_int64 v;
    double d;
    int32_t len;

    if (i >= TL_NCOLS)
        return SQLITE_OK;
    p = c->col[i];
    switch ((unsigned char)*p++) {
    case SQLITE_NULL:
        break;
    case SQLITE_INTEGER:
        memcpy(&v, p, sizeof(v));
        sqlite3_result_int64(ctx, v);
        break;
    case SQLITE_FLOAT:
        memcpy(&d, p, sizeof(d));
        sqlite3_result_double(ctx, d);
        break;
    case SQLITE_BLOB:
        memcpy(&len, p, sizeof(len));
        sqlite3_result_blob(ctx, p + sizeof(len), len, SQLITE_STATIC);
        break;
    default:
        memcpy(&len, p, sizeof(len));
        sqlite3_result_text(ctx, p + sizeof(len), len, SQLITE_STATIC);
        break;
    }
    return SQLITE_OK;
}

static int rows_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((const struct rows_cur *)cur)->rowid;
    return SQLITE_OK;
}

static const sqlite3_module rows_module = {
    .iVersion = 0,
    .xConnect = rows_connect,
    .xBestIndex = rows_best_index,
    .xDisconnect = rows_disconnect,
    .xOpen = rows_open,
    .xClose = rows_close,
    .xFilter = rows_filter,
    .xNext = rows_next,
    .xEof = rows_eof,
    .xColumn = rows_column,
    .xRowid = rows_rowid,
};

int sb_rules_tl_register(sqlite3 *db, struct sb_err *err)
{
    if (sqlite3_create_module(db, ROWS_PTR, &rows_module, NULL)
        != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "cannot register sb_tl_rows: %s",
                          sqlite3_errmsg(db));
    return 0;
}

/* Inserts the rows kept in 'rows'. Returns 0 or SB_E_DB. */
static int rows_insert(sqlite3 *db, const struct sb_buf *rows,
                       struct sb_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;

    if (sqlite3_prepare_v2(db, TL_INSERT_KEPT, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_pointer(st, 1, (void *)rows, ROWS_PTR, NULL)
        != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
        rc = sb_err_set(err, SB_E_DB, "rules: cannot build the timeline: "
                        "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

/* Runs logs.sql on the writer 'db' itself, each row inserted through
 * 'ins' as it comes (the SELECT reads no table the INSERT writes). */
static int rows_direct(sqlite3 *db, sqlite3_stmt *ins, struct sb_err *err)
{
    sqlite3_stmt *st = NULL;
    char msg[512];
    int c, rc;

    if (sb_rules_tl_prepare(db, &st, msg, sizeof(msg)))
        return sb_err_set(err, SB_E_DB, "rules: cannot build the timeline: "
                          "%s", msg);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sqlite3_reset(ins);
        for (c = 0; c < TL_NCOLS; c++)
            sqlite3_bind_value(ins, c + 1, sqlite3_column_value(st, c));
        if (sqlite3_step(ins) != SQLITE_DONE)
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        rc = sb_err_set(err, SB_E_DB, "rules: cannot build the timeline: "
                        "%s", sqlite3_errmsg(db));
    else if (rc == SQLITE_ROW)
        rc = sb_err_set(err, SB_E_DB, "rules: cannot build the timeline: "
                        "%s", sqlite3_errmsg(db));
    else
        rc = 0;
    sqlite3_finalize(st);
    return rc;
}

int sb_rules_tl_insert(sqlite3 *db, const struct sb_buf *rows,
                       struct sb_err *err)
{
    sqlite3_stmt *ins = NULL;
    int rc;

    if (rows)
        return rows_insert(db, rows, err);
    if (sqlite3_prepare_v2(db, TL_INSERT, -1, &ins, NULL) != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "rules: cannot build the timeline: "
                          "%s", sqlite3_errmsg(db));
    rc = rows_direct(db, ins, err);
    sqlite3_finalize(ins);
    return rc;
}
