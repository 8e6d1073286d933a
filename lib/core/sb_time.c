#include "sb_time.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* days since 1970-01-01 of a proleptic Gregorian date (Hinnant's method) */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* isdigit without the locale's table: a time's digits are ASCII */
static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Two digits as a number, -1 when either is not a digit. */
static int two(const char *s)
{
    unsigned a = (unsigned)(unsigned char)s[0] - '0';
    unsigned b = (unsigned)(unsigned char)s[1] - '0';

    return a < 10 && b < 10 ? (int)(a * 10 + b) : -1;
}

/* The fraction's digits from p to the first other byte (or 'end'); its
 * nanoseconds from the first nine, as the rest are below one. */
static const char *fraction(const char *p, const char *end, long *ns)
{
    long v = 0, scale = 100000000;

    for (; p < end && is_digit(*p); p++) {
        v += (*p - '0') * scale;
        scale /= 10;
    }
    *ns = v;
    return p;
}

size_t sb_time_parse(const char *s, int64_t *secs, long *nsec)
{
    return s ? sb_time_parse_n(s, strlen(s), secs, nsec) : 0;
}

/* Bytes of ASCII digits from p, up to 'end': eight a step, as a log
 * line's stamp has nine (one test a stamp instead of nine). A byte's high
 * bit in v + 0x46.. (0x3a and up), v - 0x30.. (below 0x30) or v (0x80
 * and up) marks a byte that is not a digit; a carry or borrow only runs
 * from such a byte upward, so the lowest mark is the first one. */
static size_t digits_run(const char *p, const char *end)
{
    const uint64_t lows = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0, n = (size_t)(end - p);
    uint64_t v, m;

    for (; i + 8 <= n; i += 8) {
        memcpy(&v, p + i, 8);
        m = ((v + 0x46 * lows) | (v - 0x30 * lows) | v) & highs;
        if (m) {
            /* little-endian: the first byte is the lowest */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return i + (size_t)__builtin_ctzll(m) / 8;
#else
            break;
#endif
        }
    }
    while (i < n && is_digit(p[i]))
        i++;
    return i;
}

/* What follows the clock (p is s + 19): an optional fraction, then 'Z'
 * or a numeric offset. Returns the end of the time, NULL when that is not
 * a time's; *ns gets the fraction's nanoseconds when ns is not NULL. */
static const char *after_clock(const char *p, const char *end, long *ns,
                               int *oh, int *om)
{
    if (p < end && (*p == '.' || *p == ',')) {
        p++;
        if (p == end || !is_digit(*p))
            return NULL;
        if (ns)
            p = fraction(p, end, ns);
        else
            p += digits_run(p, end);    /* only the shape is wanted */
    }
    if (p < end && (*p == 'Z' || *p == 'z'))
        return p + 1;
    if (p < end && (*p == '+' || *p == '-') && end - p >= 6 && p[3] == ':') {
        *oh = two(p + 1);
        *om = two(p + 4);
        if (*oh < 0 || *om < 0)
            return NULL;
        if (*p == '-') {
            *oh = -*oh;
            *om = -*om;
        }
        return p + 6;
    }
    return NULL;
}

size_t sb_time_parse_n(const char *s, size_t len, int64_t *secs, long *nsec)
{
    int y, mo, d, h, mi, se, oh = 0, om = 0;
    long ns = 0;
    const char *p;

    if (!s || len < 19)
        return 0;
    /* the separators first: most text that is not a time fails there */
    if (s[4] != '-' || s[7] != '-' ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
        s[16] != ':')
        return 0;
    y = two(s);
    y = y < 0 || two(s + 2) < 0 ? -1 : y * 100 + two(s + 2);
    mo = two(s + 5);
    d = two(s + 8);
    h = two(s + 11);
    mi = two(s + 14);
    se = two(s + 17);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
        mi < 0 || mi > 59 || se < 0 || se > 60)
        return 0;
    p = after_clock(s + 19, s + len, nsec ? &ns : NULL, &oh, &om);
    if (!p)
        return 0;
    /* a caller that only checks the shape (a log line's stamp, copied as
     * it is) skips the calendar */
    if (secs)
        *secs = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
                h * 3600 + mi * 60 + se - (oh * 3600 + om * 60);
    if (nsec)
        *nsec = ns;
    return (size_t)(p - s);
}

size_t sb_time_shape_after_hour(const char *s, size_t len)
{
    int mi, se, oh, om;
    const char *p;

    if (!s || len < 19 || s[13] != ':' || s[16] != ':')
        return 0;
    mi = two(s + 14);
    se = two(s + 17);
    if (mi < 0 || mi > 59 || se < 0 || se > 60)
        return 0;
    p = after_clock(s + 19, s + len, NULL, &oh, &om);
    return p ? (size_t)(p - s) : 0;
}

char *sb_time_format(int64_t secs, long nsec, char out[SB_TIME_MAX])
{
    time_t tt = (time_t)secs;
    struct tm tm;

    gmtime_r(&tt, &tm);
    if (nsec < 0)
        snprintf(out, SB_TIME_MAX, "%04d-%02d-%02dT%02d:%02d:%02dZ",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
    else
        snprintf(out, SB_TIME_MAX, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec, nsec);
    return out;
}

bool sb_time_normalize(const char *s, char out[SB_TIME_MAX])
{
    int64_t t;
    long ns;
    size_t n = sb_time_parse(s, &t, &ns);

    out[0] = '\0';
    if (!n)
        return false;
    sb_time_format(t, (s[19] == '.' || s[19] == ',') ? ns : -1, out);
    return true;
}

bool sb_duration_parse(const char *s, int64_t *ms)
{
    int64_t total = 0;
    const char *p = s;

    if (!s || !*s)
        return false;
    while (*p) {
        int64_t v = 0, unit;
        const char *start = p;

        while (isdigit((unsigned char)*p)) {
            if (v > (INT64_MAX / 10) - 10)
                return false;
            v = v * 10 + (*p++ - '0');
        }
        if (p == start)
            return false;
        if (!*p && p == s + strlen(s) && start == s)
            unit = 1000;                    /* bare number: seconds */
        else if (!strncmp(p, "ms", 2))
            unit = 1, p += 2;
        else if (*p == 's')
            unit = 1000, p++;
        else if (*p == 'm')
            unit = 60000, p++;
        else if (*p == 'h')
            unit = 3600000, p++;
        else if (*p == 'd')
            unit = 86400000, p++;
        else
            return false;
        if (v > (INT64_MAX - total) / unit)
            return false;
        total += v * unit;
    }
    *ms = total;
    return true;
}

int64_t sb_time_now(void)
{
    return (int64_t)time(NULL);
}

int64_t sb_time_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "<big><unit>" or "<big><unit><small><unit2>", the small part left out
 * when it is zero, as kubectl's duration.HumanDuration prints */
static char *two_units(char out[SB_AGE_MAX], long long big, char u1,
                       long long small, char u2)
{
    if (small)
        snprintf(out, SB_AGE_MAX, "%lld%c%lld%c", big, u1, small, u2);
    else
        snprintf(out, SB_AGE_MAX, "%lld%c", big, u1);
    return out;
}

char *sb_time_age(int64_t s, char out[SB_AGE_MAX])
{
    const long long y = 365LL * 86400;

    /* the thresholds of kubectl's duration.HumanDuration; up to a second
     * in the future is "now", more is a clock that cannot be trusted */
    if (s < -1) {
        snprintf(out, SB_AGE_MAX, "<invalid>");
        return out;
    }
    if (s < 0)
        s = 0;
    if (s < 120)
        snprintf(out, SB_AGE_MAX, "%llds", (long long)s);
    else if (s < 600)
        two_units(out, s / 60, 'm', s % 60, 's');
    else if (s < 3 * 3600)
        snprintf(out, SB_AGE_MAX, "%lldm", (long long)(s / 60));
    else if (s < 8 * 3600)
        two_units(out, s / 3600, 'h', (s % 3600) / 60, 'm');
    else if (s < 48 * 3600)
        snprintf(out, SB_AGE_MAX, "%lldh", (long long)(s / 3600));
    else if (s < 8 * 86400)
        two_units(out, s / 86400, 'd', (s % 86400) / 3600, 'h');
    else if (s < 2 * y)
        snprintf(out, SB_AGE_MAX, "%lldd", (long long)(s / 86400));
    else if (s < 8 * y)
        two_units(out, s / y, 'y', (s % y) / 86400, 'd');
    else
        snprintf(out, SB_AGE_MAX, "%lldy", (long long)(s / y));
    return out;
}

int64_t sb_time_diff(int64_t s0, long ns0, int64_t s1, long ns1)
{
    /* Go's time.Duration is int64 nanoseconds and Sub saturates there;
     * int(d.Seconds()) then truncates toward zero */
    __int128 d = ((__int128)s1 - s0) * 1000000000 + ((__int128)ns1 - ns0);

    if (d > INT64_MAX)
        d = INT64_MAX;
    else if (d < INT64_MIN)
        d = INT64_MIN;
    return (int64_t)(d / 1000000000);
}

char *sb_time_since(const char *ts, int64_t now, char out[SB_AGE_MAX])
{
    int64_t t;
    long ns;

    /* Go's zero time, 0001-01-01T00:00:00Z, is an unset timestamp */
    if (!ts || !sb_time_parse(ts, &t, &ns) ||
        (t == -62135596800LL && ns == 0)) {
        snprintf(out, SB_AGE_MAX, "<unknown>");
        return out;
    }
    return sb_time_age(sb_time_diff(t, ns, now, 0), out);
}
