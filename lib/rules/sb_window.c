#include "sb_window.h"

#include <stdio.h>
#include <string.h>

int sb_window_parse(const char *opt, const char *arg,
                    struct sb_window_bound *b, struct sb_err *err)
{
    int64_t secs, ms;
    size_t n;

    memset(b, 0, sizeof(*b));
    if (!arg)
        return 0;
    b->arg = arg;
    b->is_set = true;
    n = sb_time_parse(arg, &secs, NULL);
    if (n && n == strlen(arg)) {
        sb_time_format(secs, -1, b->abs);
        return 0;
    }
    if (arg[0] != '-' && sb_duration_parse(arg, &ms) && ms >= 1000) {
        b->is_relative = true;
        b->back_secs = ms / 1000;
        return 0;
    }
    return sb_err_set(err, SB_E_USAGE, "option '%s': expected an RFC 3339 "
                      "time (2026-11-23T10:00:00Z) or a duration before the "
                      "collection's end (2h, 90m, 1d), got '%s'", opt, arg);
}

/* A bound as UTC text: absolute as given, relative from the latest
 * collection end (NULL when no bundle says when it was collected). */
static const char SQL_BOUND[] =
    "SELECT CASE WHEN ?1 IS NOT NULL THEN ?1 ELSE"
    " strftime('%Y-%m-%dT%H:%M:%SZ', (SELECT max(collected_end) FROM"
    " bundles), '-' || ?2 || ' seconds') END";

static int resolve(sqlite3 *db, const struct sb_window_bound *b,
                   char out[SB_TIME_MAX], struct sb_err *err)
{
    sqlite3_stmt *st = NULL;
    const char *t;
    int rc = 0;

    out[0] = '\0';
    if (!b || !b->is_set)
        return 0;
    if (sqlite3_prepare_v2(db, SQL_BOUND, -1, &st, NULL) != SQLITE_OK)
        goto fail;
    if (!b->is_relative)
        sqlite3_bind_text(st, 1, b->abs, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, b->back_secs);
    if (sqlite3_step(st) != SQLITE_ROW)
        goto fail;
    t = (const char *)sqlite3_column_text(st, 0);
    if (!t)
        rc = sb_err_set(err, SB_E_USAGE, "cannot place '%s' in time: no "
                        "bundle says when it was collected; give an RFC "
                        "3339 time instead", b->arg);
    else
        snprintf(out, SB_TIME_MAX, "%s", t);
    sqlite3_finalize(st);
    return rc;
fail:
    rc = sb_err_set(err, SB_E_DB, "cannot resolve the time window: %s",
                    sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

int sb_window_install(sqlite3 *db, const struct sb_window_bound *since,
                      const struct sb_window_bound *until,
                      struct sb_err *err)
{
    char s[SB_TIME_MAX], u[SB_TIME_MAX];
    sqlite3_stmt *st = NULL;
    int rc;

    if (sqlite3_exec(db, "DELETE FROM analysis_window", NULL, NULL, NULL)
        != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "cannot clear the time window: %s",
                          sqlite3_errmsg(db));
    if ((!since || !since->is_set) && (!until || !until->is_set))
        return 0;
    rc = resolve(db, since, s, err);
    if (rc == 0)
        rc = resolve(db, until, u, err);
    if (rc)
        return rc;
    if (s[0] && u[0] && strcmp(s, u) > 0)
        return sb_err_set(err, SB_E_USAGE, "the window is empty: '--since "
                          "%s' (%s) is after '--until %s' (%s)", since->arg,
                          s, until->arg, u);
    if (sqlite3_prepare_v2(db, "INSERT INTO analysis_window(since, until,"
                           " since_arg, until_arg) VALUES (?1, ?2, ?3, ?4)",
                           -1, &st, NULL) != SQLITE_OK)
        goto fail;
    if (s[0])
        sqlite3_bind_text(st, 1, s, -1, SQLITE_TRANSIENT);
    if (u[0])
        sqlite3_bind_text(st, 2, u, -1, SQLITE_TRANSIENT);
    if (since && since->is_set)
        sqlite3_bind_text(st, 3, since->arg, -1, SQLITE_TRANSIENT);
    if (until && until->is_set)
        sqlite3_bind_text(st, 4, until->arg, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    return 0;
fail:
    rc = sb_err_set(err, SB_E_DB, "cannot store the time window: %s",
                    sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}
