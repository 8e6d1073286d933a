#ifndef SB_WINDOW_H
#define SB_WINDOW_H
/*
 * analyze --since T --until T: a time window over the analysis. A bound
 * is an RFC 3339 time (any offset; stored as UTC) or a duration ("2h",
 * "90m", "1d12h") counted back from the end of the collection (the latest
 * bundles.collected_end), so "--since 2h" means the last two hours before
 * the bundle was taken.
 *
 * The window lives in the analysis_window table (schema/005_incidents.sql)
 * and the rules engine applies it: findings whose time range misses the
 * window are dropped before the correlation (a finding without any time,
 * a state seen at collection, stays when the collection end is inside
 * the window), so are evidence items and timeline rows timed outside it.
 */
#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "sb_err.h"
#include "sb_time.h"

struct sb_window_bound {
    bool is_set;
    bool is_relative;           /* back_secs before the collection end */
    int64_t back_secs;
    char abs[SB_TIME_MAX];      /* "YYYY-MM-DDTHH:MM:SSZ" when absolute */
    const char *arg;            /* as given; lent */
};

/* Parses 'arg' (NULL: an unset bound) for option 'opt' ("--since").
 * Returns 0, or SB_E_USAGE with 'err' saying what was expected. */
int sb_window_parse(const char *opt, const char *arg,
                    struct sb_window_bound *b, struct sb_err *err);

/* Resolves the bounds against the loaded bundles and writes them to
 * analysis_window (emptied first; nothing written when neither is set).
 * Returns 0, SB_E_USAGE when 'since' falls after 'until', or SB_E_DB. */
int sb_window_install(sqlite3 *db, const struct sb_window_bound *since,
                      const struct sb_window_bound *until,
                      struct sb_err *err);

#endif
