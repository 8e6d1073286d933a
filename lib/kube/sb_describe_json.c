/*
 * Tolerant access to collected JSON and kubectl's time texts. Every
 * accessor accepts NULL and wrong types, and answers what kubectl prints
 * for a field's zero value.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sb_alloc.h"
#include "sb_describe_int.h"
#include "sb_time.h"

const cJSON *sb_djp(const cJSON *o, ...)
{
    va_list ap;
    const char *key;

    va_start(ap, o);
    while (o && (key = va_arg(ap, const char *)) != NULL)
        o = dj(o, key);
    va_end(ap);
    return o;
}

const char *sb_dsp(const cJSON *o, ...)
{
    va_list ap;
    const char *key;

    va_start(ap, o);
    while (o && (key = va_arg(ap, const char *)) != NULL)
        o = dj(o, key);
    va_end(ap);
    return cJSON_IsString(o) && o->valuestring ? o->valuestring : "";
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t sb_dkeys(struct dw *w, const cJSON *o, const char ***keys)
{
    const cJSON *c;
    const char **v;
    size_t n = 0;

    *keys = NULL;
    if (!cJSON_IsObject(o))
        return 0;
    for (c = o->child; c; c = c->next)
        if (c->string)
            n++;
    if (!n)
        return 0;
    v = sb_calloc(n, sizeof(*v));
    if (!v) {
        sb_dw_fail(w, SB_E_NOMEM);
        return 0;
    }
    n = 0;
    for (c = o->child; c; c = c->next)
        if (c->string)
            v[n++] = c->string;
    qsort(v, n, sizeof(*v), cmp_str);
    *keys = v;
    return n;
}

const char *sb_dintstr(const cJSON *v, char buf[32])
{
    int64_t n;

    buf[0] = '\0';
    if (sb_kjson_num(v, &n))
        snprintf(buf, 32, "%lld", (long long)n);
    else if (cJSON_IsString(v) && v->valuestring)
        return v->valuestring;
    return buf;
}

/* ---- times ---------------------------------------------------------- */

bool sb_dtime_ns(const cJSON *o, const char *key, __int128 *ns)
{
    const char *s = ds(o, key);
    int64_t secs;
    long nsec;

    if (!*s || !sb_time_parse(s, &secs, &nsec))
        return false;
    *ns = (__int128)secs * 1000000000 + nsec;
    return true;
}

const char *sb_dtime(const cJSON *o, const char *key, char buf[64])
{
    static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
                                      "Fri", "Sat" };
    static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
                                       "Jun", "Jul", "Aug", "Sep", "Oct",
                                       "Nov", "Dec" };
    const char *s = ds(o, key);
    int64_t secs;
    time_t tt;
    struct tm tm;

    /* Go's zero time.Time, which kubectl prints for a missing time */
    if (!*s || !sb_time_parse(s, &secs, NULL) || secs < -62135596800LL ||
        secs > 253402300799LL) {
        snprintf(buf, 64, "Mon, 01 Jan 0001 00:00:00 +0000");
        return buf;
    }
    tt = (time_t)secs;
    if (!gmtime_r(&tt, &tm)) {
        snprintf(buf, 64, "Mon, 01 Jan 0001 00:00:00 +0000");
        return buf;
    }
    snprintf(buf, 64, "%s, %02d %s %04d %02d:%02d:%02d +0000",
             wd[tm.tm_wday % 7], tm.tm_mday, mon[tm.tm_mon % 12],
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

const char *sb_dage(const struct dw *w, const cJSON *o, const char *key,
                 char buf[32])
{
    return sb_time_since(ds(o, key), w->now, buf);
}
