#ifndef SB_TIME_H
#define SB_TIME_H
/*
 * Time helpers. Every time sbundle stores or prints is UTC in RFC 3339
 * ("2026-11-23T15:04:05Z", or with a fraction ".123456789Z"), which sorts
 * as text, so SQLite compares times with plain string comparison.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses RFC 3339 with 'Z' or a numeric offset, with or without a fraction
 * (also a space instead of 'T'). On success stores seconds since the epoch
 * in 'secs' and nanoseconds in 'nsec' (either may be NULL) and returns the
 * number of bytes read; returns 0 when 's' does not start with a time. */
size_t sb_time_parse(const char *s, int64_t *secs, long *nsec);

/* The same for the first 'len' bytes of 's', which need no NUL: a log
 * line's stamp is read without a look at the rest of the line. */
size_t sb_time_parse_n(const char *s, size_t len, int64_t *secs,
                       long *nsec);

/* sb_time_parse_n's length (secs and nsec NULL) for 's' whose first 13
 * bytes ("YYYY-MM-DDTHH") are known to be those of a time it accepted,
 * such as the line before's stamp: only the minutes, seconds, fraction
 * and zone are read. 0 when 's' is not a time. */
size_t sb_time_shape_after_hour(const char *s, size_t len);

/* Writes "YYYY-MM-DDTHH:MM:SSZ" (nsec < 0) or with a 9-digit fraction to
 * 'out', which must hold SB_TIME_MAX bytes. Returns 'out'. */
#define SB_TIME_MAX 80
char *sb_time_format(int64_t secs, long nsec, char out[SB_TIME_MAX]);

/* Normalises any RFC 3339 time to UTC with a fraction only when the input
 * had one. Returns false (and leaves 'out' empty) for a non-time. */
bool sb_time_normalize(const char *s, char out[SB_TIME_MAX]);

/* Parses a duration like kubectl's: "90s", "5m", "1h30m", "2d", "250ms",
 * a bare number being seconds. Stores milliseconds; returns false on
 * anything else (negative, overflow, unknown unit). */
bool sb_duration_parse(const char *s, int64_t *ms);

/* Wall clock as seconds since the epoch, and a monotonic clock in ms. */
int64_t sb_time_now(void);
int64_t sb_time_mono_ms(void);

/* kubectl's age text, apimachinery's duration.HumanDuration of a span in
 * whole seconds: "45s", "5m10s", "3h12m", "2d", "3y1d"; "0s" for -1 (clock
 * skew of under two seconds) and "<invalid>" below that. The one copy of
 * this rule: kubectl get, kubectl describe and the reports all print it.
 * Returns 'out'. */
#define SB_AGE_MAX 32
char *sb_time_age(int64_t secs, char out[SB_AGE_MAX]);

/* Whole seconds from (s0, ns0) to (s1, ns1), truncated toward zero and
 * saturated at Go's largest time.Duration (about 292 years) the way
 * int(t1.Sub(t0).Seconds()) is. */
int64_t sb_time_diff(int64_t s0, long ns0, int64_t s1, long ns1);

/* kubectl's translateTimestampSince: the age of RFC 3339 time 'ts' at
 * 'now' (seconds since the epoch), its fraction counted; "<unknown>" when
 * 'ts' is NULL, empty, not a time or Go's zero time. Returns 'out'. */
char *sb_time_since(const char *ts, int64_t now, char out[SB_AGE_MAX]);

#endif
