#include "sb_quantity.h"

#include <stdio.h>
#include <string.h>

/*
 * Values are held exactly in nano units in 128 bits, which covers every
 * quantity up to 10^27 units; anything larger or malformed is 'bad' and
 * prints as it was written.
 */
#define NANO ((__int128)1000000000)
#define QTY_LIMIT ((__int128)1000000000000000000LL * 1000000000000000000LL)

static __int128 pow10i(int e)
{
    __int128 v = 1;

    while (e-- > 0)
        v *= 10;
    return v;
}

/* Multiplies by 10^e (e may be negative: divides, rounding away from
 * zero as inf.RoundUp does); false on overflow past QTY_LIMIT. */
static bool scale10(__int128 *v, int e)
{
    if (e > 0) {
        while (e-- > 0) {
            if (*v > QTY_LIMIT / 10 || *v < -QTY_LIMIT / 10)
                return false;
            *v *= 10;
        }
        return true;
    }
    if (e < 0) {
        __int128 d, q;

        if (e < -36) {
            *v = *v > 0 ? 1 : *v < 0 ? -1 : 0;
            return true;
        }
        d = pow10i(-e);
        q = *v / d;
        if (*v % d)
            q += *v > 0 ? 1 : -1;
        *v = q;
    }
    return true;
}

static bool parse_suffix(const char *s, int *base, int *exp,
                         enum sb_qty_format *fmt)
{
    static const struct {
        const char *s;
        int base, exp;
    } sfx[] = {
        { "", 10, 0 }, { "n", 10, -9 }, { "u", 10, -6 }, { "m", 10, -3 },
        { "k", 10, 3 }, { "M", 10, 6 }, { "G", 10, 9 }, { "T", 10, 12 },
        { "P", 10, 15 }, { "E", 10, 18 }, { "Ki", 2, 10 }, { "Mi", 2, 20 },
        { "Gi", 2, 30 }, { "Ti", 2, 40 }, { "Pi", 2, 50 }, { "Ei", 2, 60 },
    };
    size_t i;

    for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
        if (!strcmp(s, sfx[i].s)) {
            *base = sfx[i].base;
            *exp = sfx[i].exp;
            *fmt = sfx[i].base == 2 ? SB_QTY_BINARY_SI : SB_QTY_DECIMAL_SI;
            return true;
        }
    }
    if (*s == 'e' || *s == 'E') {
        const char *p = s + 1;
        int e = 0, neg = 0;

        if (*p == '+' || *p == '-')
            neg = *p++ == '-';
        if (!*p)
            return false;
        for (; *p; p++) {
            if (*p < '0' || *p > '9' || e > 1000)
                return false;
            e = e * 10 + (*p - '0');
        }
        *base = 10;
        *exp = neg ? -e : e;
        *fmt = SB_QTY_DECIMAL_EXP;
        return true;
    }
    return false;
}

static bool parse_text(const char *s, struct sb_qty *q)
{
    __int128 v = 0;
    int ndig = 0, nfrac = 0, base, exp;
    bool neg = false, any = false;
    enum sb_qty_format fmt;

    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    for (; *s >= '0' && *s <= '9'; s++) {
        any = true;
        if (!v && *s == '0')
            continue;
        if (++ndig > 36)
            return false;
        v = v * 10 + (*s - '0');
    }
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++) {
            any = true;
            if (!v && *s == '0') {
                nfrac++;
                continue;
            }
            if (++ndig > 36)
                return false;
            v = v * 10 + (*s - '0');
            nfrac++;
        }
    }
    if (!any || !parse_suffix(s, &base, &exp, &fmt))
        return false;
    if (base == 2) {
        int i;

        for (i = 0; i < exp; i += 10) {
            if (v > QTY_LIMIT / 1024)
                return false;
            v *= 1024;
        }
        exp = 0;
    }
    if (!scale10(&v, 9 + exp - nfrac))
        return false;
    q->nano = neg ? -v : v;
    q->fmt = fmt;
    return true;
}

bool sb_qty_parse(const char *text, struct sb_qty *q)
{
    q->nano = 0;
    q->fmt = SB_QTY_NONE;
    q->bad = false;
    q->raw = text;
    /* 128 bytes hold every quantity 128 bits can; longer is no quantity */
    if (text && strlen(text) < 128 && parse_text(text, q))
        return true;
    q->nano = 0;
    q->fmt = SB_QTY_NONE;
    q->bad = true;
    return false;
}

bool sb_qty_parse_json(const cJSON *v, struct sb_qty *q)
{
    char num[64];

    q->nano = 0;
    q->fmt = SB_QTY_NONE;
    q->bad = false;
    q->raw = NULL;
    if (cJSON_IsString(v) && v->valuestring) {
        q->raw = v->valuestring;
        if (strlen(q->raw) < 128 && parse_text(q->raw, q))
            return true;
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;

        if (d < 1e15 && d > -1e15 && d == (double)(long long)d)
            snprintf(num, sizeof(num), "%lld", (long long)d);
        else
            snprintf(num, sizeof(num), "%.17g", d);
        if (parse_text(num, q))
            return true;
    }
    q->nano = 0;
    q->fmt = SB_QTY_NONE;
    q->bad = true;
    return false;
}

static char *put_i128(__int128 v, char *buf, size_t len)
{
    char tmp[48];
    size_t n = 0, i = 0;
    bool neg = v < 0;
    unsigned __int128 u = neg ? (unsigned __int128)(-(v + 1)) + 1
                              : (unsigned __int128)v;

    do {
        tmp[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u && n < sizeof(tmp));
    if (neg && i + 1 < len)
        buf[i++] = '-';
    while (n && i + 1 < len)
        buf[i++] = tmp[--n];
    buf[i] = '\0';
    return buf;
}

const char *sb_qty_str(const struct sb_qty *q, char buf[64])
{
    static const char *const dec[] = { "n", "u", "m", "", "k", "M",
                                       "G", "T", "P", "E" };
    static const char *const bin[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi",
                                       "Ei" };
    __int128 m = q->nano;
    int e = -9, r;
    size_t n;

    if (q->bad) {
        snprintf(buf, 64, "%s", q->raw ? q->raw : "");
        return buf;
    }
    if (!m) {
        snprintf(buf, 64, "0");
        return buf;
    }
    if (q->fmt == SB_QTY_BINARY_SI && (m >= 1024 * NANO || m <= -1024 * NANO) &&
        m % NANO == 0) {
        int k = 0;

        m /= NANO;
        while (m % 1024 == 0 && k < 6) {
            m /= 1024;
            k++;
        }
        put_i128(m, buf, 48);
        strcat(buf, bin[k]);
        return buf;
    }
    while (m % 10 == 0) {
        m /= 10;
        e++;
    }
    r = ((e % 3) + 3) % 3;
    while (r-- > 0) {
        m *= 10;
        e--;
    }
    if (q->fmt != SB_QTY_DECIMAL_EXP) {
        while (e > 18) {
            m *= 1000;
            e -= 3;
        }
    }
    put_i128(m, buf, 48);
    n = strlen(buf);
    if (q->fmt == SB_QTY_DECIMAL_EXP) {
        if (e)
            snprintf(buf + n, 64 - n, "e%d", e);
    } else {
        snprintf(buf + n, 64 - n, "%s", dec[(e + 9) / 3]);
    }
    return buf;
}

void sb_qty_add(struct sb_qty *a, const struct sb_qty *b)
{
    if (b->bad)
        return;
    if (a->bad) {
        *a = *b;
        return;
    }
    if (!a->nano)
        a->fmt = b->fmt;
    a->nano += b->nano;
    if (a->nano > QTY_LIMIT)
        a->nano = QTY_LIMIT;
    else if (a->nano < -QTY_LIMIT)
        a->nano = -QTY_LIMIT;
}

int sb_qty_cmp(const struct sb_qty *a, const struct sb_qty *b)
{
    return a->nano < b->nano ? -1 : a->nano > b->nano ? 1 : 0;
}

static int64_t ceil_div(__int128 v, __int128 d)
{
    __int128 q = v / d;

    if (v % d && v > 0)
        q++;
    if (q > INT64_MAX)
        return INT64_MAX;
    if (q < INT64_MIN)
        return INT64_MIN;
    return (int64_t)q;
}

int64_t sb_qty_milli(const struct sb_qty *q)
{
    return ceil_div(q->nano, 1000000);
}

int64_t sb_qty_value(const struct sb_qty *q)
{
    return ceil_div(q->nano, NANO);
}


/* A value in 'unit's (1e9: base units, 1e6: milli) as a double: the whole
 * part converts exactly up to 2^53, the rest is one correctly rounded
 * division. */
static double to_double(__int128 v, __int128 unit)
{
    __int128 whole = v / unit, rest = v % unit;

    return (double)whole + (double)rest / (double)unit;
}

bool sb_quantity_parse(const char *text, double *out)
{
    struct sb_qty q;

    if (!text || !sb_qty_parse(text, &q))
        return false;
    *out = to_double(q.nano, NANO);
    return true;
}

bool sb_quantity_parse_for(const char *resource, const char *text,
                           double *out)
{
    struct sb_qty q;

    if (!text || !sb_qty_parse(text, &q))
        return false;
    *out = to_double(q.nano, (resource && !strcmp(resource, "cpu"))
                                 ? NANO / 1000 : NANO);
    return true;
}
