#ifndef SB_LOGSTAMP_H
#define SB_LOGSTAMP_H
/*
 * The time stamp at the start of a log line, in the forms kernel and
 * system logs use:
 *   2026-11-23T10:02:11.123456+00:00 ...   RFC 3339 (rsyslog, journal
 *                                           short-iso[-precise], dmesg
 *                                           --time-format iso with ',')
 *   2026-11-23T10:02:11+0000 ...           journalctl -o short-iso
 *   Nov 23 10:02:11 ... / Nov  3 10:02:11.123456 ...   syslog, journal short
 *   [Mon Nov 23 10:02:11 2026] ...         dmesg -T
 *   [ 1234.567890] ...                     dmesg (seconds since boot only)
 * Stamps without a zone (syslog, dmesg -T) are read as UTC: the node's
 * zone is not in the line, and Kubernetes nodes run in UTC almost always.
 */
#include <stdbool.h>
#include <stddef.h>

#include "sb_time.h"

struct sb_logstamp {
    char time[SB_TIME_MAX]; /* UTC RFC 3339, "" when the line has none */
    double uptime;          /* "[1234.567890]" seconds since boot, else -1 */
};

/* Reads the stamp at the start of 'line' (which need not end in a NUL).
 * 'year_hint' gives the year of syslog stamps, which lack one (0: the
 * current year). Returns the number of bytes the stamp took (the rest of
 * the line starts there, spaces skipped), 0 when no stamp was found; 'out'
 * is always filled. */
size_t sb_logstamp_parse(const char *line, size_t len, int year_hint,
                         struct sb_logstamp *out);

/* Reads a "[ 1234.567890]" uptime stamp at 'p' (spaces allowed inside the
 * brackets). Returns the bytes it took, 0 when 'p' holds none. */
size_t sb_logstamp_uptime(const char *p, size_t len, double *uptime);

#endif
