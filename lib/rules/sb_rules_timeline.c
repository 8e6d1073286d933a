/* The timeline's error log lines (reports/timeline/logs.sql): one SELECT
 * over what the load wrote, so a reader connection can run it beside the
 * rules and go on while the writer stores and correlates the findings;
 * the writer then inserts the rows it kept, in the order they came. On
 * the writer alone (no reader took it, or the reader's copy failed or
 * grew past its cap) the rows go straight from the SELECT to the INSERT,
 * as the INSERT ... SELECT it was. */
#include "sb_rules_int.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The INSERT the rows of logs.sql go through: its seven columns, with
 * the source and kind every one of its rows has. */
static const char TL_INSERT[] =
    "INSERT INTO timeline(time, source, severity, kind, namespace, name, "
    "node, text, file) VALUES (?1, 'log', ?2, 'Pod', ?3, ?4, ?5, ?6, ?7)";

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

/* Binds the value at '*p' (value_add's form) to parameter 'k' of 'ins';
 * moves '*p' past it. The bytes stay the caller's until the step. */
static void value_bind(sqlite3_stmt *ins, int k, const char **p)
{
    unsigned char type = (unsigned char)**p;
    sqlite3_int64 i;
    double d;
    int32_t len;

    (*p)++;
    switch (type) {
    case SQLITE_NULL:
        sqlite3_bind_null(ins, k);
        break;
    case SQLITE_INTEGER:
        memcpy(&i, *p, sizeof(i));
        *p += sizeof(i);
        sqlite3_bind_int64(ins, k, i);
        break;
    case SQLITE_FLOAT:
        memcpy(&d, *p, sizeof(d));
        *p += sizeof(d);
        sqlite3_bind_double(ins, k, d);
        break;
    default:
        memcpy(&len, *p, sizeof(len));
        *p += sizeof(len);
        if (type == SQLITE_BLOB)
            sqlite3_bind_blob(ins, k, *p, len, SQLITE_STATIC);
        else
            sqlite3_bind_text(ins, k, *p, len, SQLITE_STATIC);
        *p += len;
        break;
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

/* Inserts the rows kept in 'rows' through 'ins'. Returns 0 or SB_E_DB. */
static int rows_insert(sqlite3 *db, sqlite3_stmt *ins,
                       const struct sb_buf *rows, struct sb_err *err)
{
    const char *p = rows->data, *end = p + rows->len;
    int c;

    while (p < end) {
        sqlite3_reset(ins);
        for (c = 0; c < TL_NCOLS; c++)
            value_bind(ins, c + 1, &p);
        if (sqlite3_step(ins) != SQLITE_DONE)
            return sb_err_set(err, SB_E_DB, "rules: cannot build the "
                              "timeline: %s", sqlite3_errmsg(db));
    }
    return 0;
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

    if (sqlite3_prepare_v2(db, TL_INSERT, -1, &ins, NULL) != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "rules: cannot build the timeline: "
                          "%s", sqlite3_errmsg(db));
    rc = rows ? rows_insert(db, ins, rows, err) : rows_direct(db, ins, err);
    sqlite3_finalize(ins);
    return rc;
}
