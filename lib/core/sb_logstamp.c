#include "sb_logstamp.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

static const char *const months[12] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* Reads exactly 'n' digits; -1 when they are not all there. */
static int fixed_digits(const char *p, size_t avail, int n)
{
    int v = 0, i;

    if (avail < (size_t)n)
        return -1;
    for (i = 0; i < n; i++) {
        if (!isdigit((unsigned char)p[i]))
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

static int month_index(const char *p, size_t avail)
{
    int i;

    if (avail < 3)
        return -1;
    for (i = 0; i < 12; i++)
        if (!memcmp(p, months[i], 3))
            return i;
    return -1;
}

static int64_t to_epoch(int y, int mo, int d, int h, int mi, int s)
{
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = mo;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return (int64_t)timegm(&tm);
}

static bool valid_clock(int h, int mi, int s)
{
    return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

/* "HH:MM:SS" then an optional fraction; returns bytes read or 0. */
static size_t read_clock(const char *p, size_t avail, int *h, int *mi,
                         int *s, long *nsec)
{
    size_t i = 8;
    long scale = 100000000;

    *h = fixed_digits(p, avail, 2);
    *mi = avail >= 5 ? fixed_digits(p + 3, avail - 3, 2) : -1;
    *s = avail >= 8 ? fixed_digits(p + 6, avail - 6, 2) : -1;
    if (avail < 8 || p[2] != ':' || p[5] != ':' || !valid_clock(*h, *mi, *s))
        return 0;
    *nsec = -1;
    if (i + 1 < avail && (p[i] == '.' || p[i] == ',') &&
        isdigit((unsigned char)p[i + 1])) {
        *nsec = 0;
        for (i++; i < avail && isdigit((unsigned char)p[i]); i++) {
            *nsec += (p[i] - '0') * scale;
            scale /= 10;
        }
    }
    return i;
}

/* 2026-11-23[T ]10:02:11[.frac][Z|+hh:mm|+hhmm|-..] */
static size_t parse_iso(const char *p, size_t avail, struct sb_logstamp *out)
{
    int y, mo, d, h, mi, s, oh = 0, om = 0, sign = 0;
    long ns;
    size_t n;
    int64_t t;

    y = fixed_digits(p, avail, 4);
    if (y < 0 || avail < 19 || p[4] != '-' || p[7] != '-' ||
        (p[10] != 'T' && p[10] != ' '))
        return 0;
    mo = fixed_digits(p + 5, 2, 2);
    d = fixed_digits(p + 8, 2, 2);
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
        return 0;
    n = read_clock(p + 11, avail - 11, &h, &mi, &s, &ns);
    if (!n)
        return 0;
    n += 11;
    if (n < avail && (p[n] == 'Z' || p[n] == 'z')) {
        n++;
    } else if (n < avail && (p[n] == '+' || p[n] == '-')) {
        sign = p[n] == '-' ? -1 : 1;
        oh = fixed_digits(p + n + 1, avail - n - 1, 2);
        if (oh < 0)
            return 0;
        if (n + 3 < avail && p[n + 3] == ':') {
            om = fixed_digits(p + n + 4, avail - n - 4, 2);
            n += 6;
        } else {
            om = fixed_digits(p + n + 3, avail - n - 3, 2);
            n += 5;
        }
        if (om < 0 || oh > 23 || om > 59)
            return 0;
    }
    t = to_epoch(y, mo - 1, d, h, mi, s) - sign * (oh * 3600 + om * 60);
    sb_time_format(t, ns, out->time);
    return n;
}

/* "Nov 23 10:02:11[.frac]" or "Nov  3 ..." */
static size_t parse_syslog(const char *p, size_t avail, int year,
                           struct sb_logstamp *out)
{
    int mo = month_index(p, avail), d, h, mi, s;
    size_t n = 4;
    long ns;

    if (mo < 0 || avail < 15 || p[3] != ' ')
        return 0;
    if (p[4] == ' ')
        n = 5;
    if (!isdigit((unsigned char)p[n]))
        return 0;
    d = p[n] - '0';
    n++;
    if (isdigit((unsigned char)p[n])) {
        d = d * 10 + (p[n] - '0');
        n++;
    }
    if (d < 1 || d > 31 || p[n] != ' ')
        return 0;
    n++;
    s = 0;
    {
        size_t c = read_clock(p + n, avail - n, &h, &mi, &s, &ns);

        if (!c)
            return 0;
        n += c;
    }
    sb_time_format(to_epoch(year, mo, d, h, mi, s), ns, out->time);
    return n;
}

/* "[Mon Nov 23 10:02:11 2026]" as dmesg -T prints it */
static size_t parse_ctime(const char *p, size_t avail, struct sb_logstamp *out)
{
    int mo, d = 0, h, mi, s, y;
    size_t n = 9, c;
    long ns;

    if (avail < 26 || p[0] != '[' || p[4] != ' ' || p[8] != ' ')
        return 0;
    mo = month_index(p + 5, avail - 5);
    if (mo < 0)
        return 0;
    while (n < avail && p[n] == ' ')
        n++;
    while (n < avail && isdigit((unsigned char)p[n]) && d < 100)
        d = d * 10 + (p[n++] - '0');
    if (d < 1 || d > 31 || n >= avail || p[n] != ' ')
        return 0;
    n++;
    c = read_clock(p + n, avail - n, &h, &mi, &s, &ns);
    if (!c)
        return 0;
    n += c;
    if (n >= avail || p[n] != ' ')
        return 0;
    n++;
    y = fixed_digits(p + n, avail - n, 4);
    if (y < 0 || n + 4 >= avail || p[n + 4] != ']')
        return 0;
    sb_time_format(to_epoch(y, mo, d, h, mi, s), ns, out->time);
    return n + 5;
}

size_t sb_logstamp_uptime(const char *p, size_t len, double *uptime)
{
    size_t i = 1, start;
    double v = 0, scale = 0.1;

    if (!len || p[0] != '[')
        return 0;
    while (i < len && p[i] == ' ')
        i++;
    start = i;
    while (i < len && isdigit((unsigned char)p[i]) && i - start < 12)
        v = v * 10 + (p[i++] - '0');
    if (i == start || i >= len || p[i] != '.')
        return 0;
    for (i++; i < len && isdigit((unsigned char)p[i]); i++) {
        v += (p[i] - '0') * scale;
        scale /= 10;
    }
    if (i >= len || p[i] != ']')
        return 0;
    *uptime = v;
    return i + 1;
}

static int current_year(void)
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    return tm.tm_year + 1900;
}

size_t sb_logstamp_parse(const char *line, size_t len, int year_hint,
                         struct sb_logstamp *out)
{
    size_t n;

    out->time[0] = '\0';
    out->uptime = -1;
    if (!line || !len)
        return 0;
    if (isdigit((unsigned char)line[0]))
        n = parse_iso(line, len, out);
    else if (line[0] == '[')
        n = parse_ctime(line, len, out);
    else
        n = parse_syslog(line, len, year_hint > 0 ? year_hint :
                         current_year(), out);
    if (!n && line[0] == '[')
        n = sb_logstamp_uptime(line, len, &out->uptime);
    if (!n)
        return 0;
    while (n < len && (line[n] == ' ' || line[n] == '\t'))
        n++;
    return n;
}
