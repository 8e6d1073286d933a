#include "sb_evctx.h"

#include <stdbool.h>
#include <string.h>

#include "sb_buf.h"

#define HALF (SB_EVCTX_MAX - 1)  /* lines fetched on each side of a match */
#define SB_EVCTX_PER_FINDING_S "3"
#define SCAN_MAX 100000          /* lines searched back from a log's end:
                                    quoted lines are the last ones, and a
                                    log of millions must not be read per
                                    evidence item */

static bool has(const char *s, const char *needle)
{
    return s && strstr(s, needle) != NULL;
}

/* The line without a leading timestamp the loader could not split off
 * ("2026-11-23T10:13:01.4 ..." from a log without a zone). */
static const char *body(const char *s)
{
    const char *sp;

    if (!s || strlen(s) < 5 || !(s[0] >= '0' && s[0] <= '9') || s[4] != '-')
        return s;
    sp = strchr(s, ' ');
    return sp && sp - s <= 40 ? sp + 1 : s;
}

/* "panic: ..." or "fatal error: ..." (the runtime's own), maybe after a
 * timestamp the loader could not split off. */
static bool go_panic_head(const char *s)
{
    return has(s, "panic: ") || has(s, "fatal error: ");
}

static bool go_goroutine(const char *s)
{
    return has(s, "goroutine ") && has(s, " [");
}

static bool py_traceback_head(const char *s)
{
    return has(s, "Traceback (most recent call last):");
}

/* A traceback's frame lines are indented; its exception line is not. */
static bool py_frame(const char *s)
{
    s = body(s);
    return s && (s[0] == ' ' || s[0] == '\t');
}

void sb_evctx_window(const char *const *text, int n, int match, int *from,
                     int *to)
{
    int i, head = -1, g = -1, e;

    /* a Go panic: its message, the signal, the goroutine and top frames */
    for (i = match; i >= 0 && i >= match - 8; i--)
        if (go_panic_head(text[i])) {
            head = i;
            break;
        }
    if (head >= 0) {
        for (i = head + 1; i < n && i <= head + 6; i++)
            if (go_goroutine(text[i])) {
                g = i;
                break;
            }
        *from = head;
        /* the goroutine line, then two frames (function, file:line) */
        *to = g >= 0 ? g + 4 : head + 3;
        goto clamp;
    }
    /* a Python traceback: the last frames and the exception */
    for (i = match; i >= 0 && i >= match - HALF; i--)
        if (py_traceback_head(text[i])) {
            head = i;
            break;
        }
    if (head >= 0) {
        e = match;
        while (e < n - 1 && (e == head || py_frame(text[e])) &&
               e < head + 3 * SB_EVCTX_MAX)
            e++;
        *from = head;
        *to = e;
        if (*to - *from > HALF)
            *from = *to - HALF;   /* the newest frames matter most */
        goto clamp;
    }
    /* an exception under frames whose "Traceback" head is further up
     * than the lines fetched: the newest frames */
    if (match > 0 && py_frame(text[match - 1]) && !py_frame(text[match]) &&
        has(text[match - 1 - (match > 1)], "File \"")) {
        for (i = match; i > 0 && i > match - HALF; i--)
            if (!py_frame(text[i - 1]) && !py_traceback_head(text[i - 1]))
                break;
        *from = i > 0 && py_traceback_head(text[i - 1]) ? i - 1 : i;
        *to = match;
        goto clamp;
    }
    /* anything else: the lines before name what was being done */
    *from = match - 2;
    *to = match + 1;
clamp:
    if (*to > n - 1)
        *to = n - 1;
    if (*to < match)
        *to = match;
    if (*from < 0)
        *from = 0;
    if (*from > match)
        *from = match;
    if (*to - *from > HALF) {
        /* keep the match: trim the side that runs past it */
        if (*to - match > HALF / 2)
            *to = match + HALF / 2 > *from + HALF ? *from + HALF :
                  match + HALF / 2;
        if (*to - *from > HALF)
            *from = *to - HALF;
    }
}

struct ctx_stmts {
    sqlite3_stmt *streams, *find, *window, *upd;
};

/* Finds the line 'text' of log 'file' and stores its context on evidence
 * row 'rowid'. Returns 0 (found or not) or -1 on a database error. */
static int fill_one(struct ctx_stmts *s, sqlite3_int64 rowid,
                    const char *text, const char *file)
{
    const char *lines[2 * HALF + 1];
    char *own[2 * HALF + 1];
    struct sb_buf out = SB_BUF_INIT(64 * 1024);
    sqlite3_int64 first, last, id = -1, lo, hi;
    int n = 0, match = -1, from, to, i, rc = 0;

    sqlite3_reset(s->streams);
    sqlite3_bind_text(s->streams, 1, file, -1, SQLITE_TRANSIENT);
    while (id < 0 && sqlite3_step(s->streams) == SQLITE_ROW) {
        first = sqlite3_column_int64(s->streams, 0);
        last = sqlite3_column_int64(s->streams, 1);
        sqlite3_reset(s->find);
        sqlite3_bind_int64(s->find, 1, last - first >= SCAN_MAX ?
                           last - SCAN_MAX + 1 : first);
        sqlite3_bind_int64(s->find, 2, last);
        sqlite3_bind_text(s->find, 3, text, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s->find) == SQLITE_ROW)
            id = sqlite3_column_int64(s->find, 0);
        if (id >= 0) {
            lo = id - HALF < first ? first : id - HALF;
            hi = id + HALF > last ? last : id + HALF;
        }
    }
    if (id < 0)
        return 0;
    sqlite3_reset(s->window);
    sqlite3_bind_int64(s->window, 1, lo);
    sqlite3_bind_int64(s->window, 2, hi);
    while (n < 2 * HALF + 1 && sqlite3_step(s->window) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s->window, 1);

        own[n] = sqlite3_mprintf("%s", t ? t : "");
        if (!own[n]) {
            rc = -1;
            break;
        }
        lines[n] = own[n];
        if (sqlite3_column_int64(s->window, 0) == id)
            match = n;
        n++;
    }
    if (rc == 0 && match >= 0) {
        sb_evctx_window(lines, n, match, &from, &to);
        for (i = from; rc == 0 && i <= to; i++)
            if ((i > from && sb_buf_addc(&out, '\n')) ||
                sb_buf_adds(&out, lines[i]))
                rc = -1;
        if (rc == 0 && to > from) {
            sqlite3_reset(s->upd);
            sqlite3_bind_text(s->upd, 1, sb_buf_str(&out), -1,
                              SQLITE_TRANSIENT);
            sqlite3_bind_int(s->upd, 2, match - from);
            sqlite3_bind_int64(s->upd, 3, rowid);
            rc = sqlite3_step(s->upd) == SQLITE_DONE ? 0 : -1;
        }
    }
    for (i = 0; i < n; i++)
        sqlite3_free(own[i]);
    sb_buf_release(&out);
    return rc;
}

int sb_evctx_fill(sqlite3 *db, struct sb_err *err)
{
    struct ctx_stmts s = { NULL, NULL, NULL, NULL };
    sqlite3_stmt *ev = NULL;
    int rc = SQLITE_ERROR;

    /* the first few log lines of each finding: they are the ones the
     * reports show first, and a bundle with thousands of findings must
     * not search its logs for every quoted line */
    if (sqlite3_prepare_v2(db, "SELECT rid, text, file FROM (SELECT"
                           " rowid AS rid, text, file, row_number() OVER"
                           " (PARTITION BY finding_id ORDER BY seq) AS n"
                           " FROM finding_evidence WHERE source = 'log' AND"
                           " file IS NOT NULL AND context IS NULL) WHERE"
                           " n <= " SB_EVCTX_PER_FINDING_S " ORDER BY rid",
                           -1, &ev, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT first_id, last_id FROM log_streams"
                           " WHERE file = ?1 ORDER BY id", -1, &s.streams,
                           NULL) != SQLITE_OK ||
        /* newest first: a crash loop repeats its last words */
        sqlite3_prepare_v2(db, "SELECT id FROM log_text WHERE id BETWEEN ?1"
                           " AND ?2 AND text = ?3 ORDER BY id DESC LIMIT 1",
                           -1, &s.find, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT id, text FROM log_text WHERE id"
                           " BETWEEN ?1 AND ?2 ORDER BY id", -1, &s.window,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "UPDATE finding_evidence SET context = ?1,"
                           " context_match = ?2 WHERE rowid = ?3", -1,
                           &s.upd, NULL) != SQLITE_OK)
        goto cleanup;
    while ((rc = sqlite3_step(ev)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(ev, 1);
        const char *file = (const char *)sqlite3_column_text(ev, 2);

        if (text && file &&
            fill_one(&s, sqlite3_column_int64(ev, 0), text, file) < 0) {
            rc = SQLITE_ERROR;
            break;
        }
    }
cleanup:
    if (rc != SQLITE_DONE)
        rc = sb_err_set(err, SB_E_DB, "rules: cannot quote the evidence's "
                        "context: %s", sqlite3_errmsg(db));
    else
        rc = 0;
    sqlite3_finalize(ev);
    sqlite3_finalize(s.streams);
    sqlite3_finalize(s.find);
    sqlite3_finalize(s.window);
    sqlite3_finalize(s.upd);
    return rc;
}
