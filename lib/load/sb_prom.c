#include "sb_prom.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"

#define LINE_MAX_BYTES 65536

static bool is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == ':';
}

static bool is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

static char *skip_blank(char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Parses {a="x",b="y"} at *pp in place (NULs written, values unescaped). */
static bool parse_labels(char **pp, struct sb_prom_sample *s)
{
    char *p = *pp + 1, *w;

    for (;;) {
        p = skip_blank(p);
        if (*p == '}') {
            *pp = p + 1;
            return true;
        }
        if (!is_name_start(*p) || s->nlabels == SB_PROM_LABELS_MAX)
            return false;
        s->labels[s->nlabels].name = p;
        while (is_name_char(*p))
            p++;
        w = p;
        p = skip_blank(p);
        if (*p != '=')
            return false;
        *w = '\0';
        p = skip_blank(p + 1);
        if (*p != '"')
            return false;
        s->labels[s->nlabels].value = w = ++p;
        while (*p && *p != '"') {
            if (*p == '\\' && p[1]) {
                p++;
                *w++ = *p == 'n' ? '\n' : *p;
                p++;
            } else {
                *w++ = *p++;
            }
        }
        if (*p != '"')
            return false;
        p++;
        *w = '\0';
        s->nlabels++;
        p = skip_blank(p);
        if (*p == ',')
            p++;
        else if (*p != '}')
            return false;
    }
}

static bool parse_value(char **pp, double *out)
{
    char *p = *pp, *end;

    if (!strncmp(p, "NaN", 3)) {
        *out = NAN;
        end = p + 3;
    } else if (!strncmp(p, "+Inf", 4)) {
        *out = INFINITY;
        end = p + 4;
    } else if (!strncmp(p, "-Inf", 4)) {
        *out = -INFINITY;
        end = p + 4;
    } else {
        *out = strtod(p, &end);
        if (end == p)
            return false;
    }
    if (*end && *end != ' ' && *end != '\t')
        return false;
    *pp = end;
    return true;
}

/* Parses one line (NUL-terminated, modifiable). Returns 1 for a sample,
 * 0 for a blank or comment line, -1 when malformed. */
static int parse_line(char *p, struct sb_prom_sample *s)
{
    char *name_end, *end;

    memset(s, 0, sizeof(*s));
    s->timestamp_ms = -1;
    p = skip_blank(p);
    if (!*p || *p == '#')
        return 0;
    if (!is_name_start(*p))
        return -1;
    s->name = p;
    while (is_name_char(*p))
        p++;
    name_end = p;
    p = skip_blank(p);
    if (*p == '{') {
        /* parse_labels starts after the brace, so the name can end here */
        bool ok = parse_labels(&p, s);
        *name_end = '\0';
        if (!ok)
            return -1;
    } else {
        if (p == name_end)
            return -1;
        *name_end = '\0';
    }
    p = skip_blank(p);
    if (!parse_value(&p, &s->value))
        return -1;
    p = skip_blank(p);
    if (*p) {
        long long ts = strtoll(p, &end, 10);
        if (end == p || *skip_blank(end))
            return -1;
        s->timestamp_ms = ts;
    }
    return 1;
}

int sb_prom_parse(const char *text, size_t len, sb_prom_sample_fn *fn,
                  void *ctx, size_t *bad_lines)
{
    struct sb_prom_sample s;
    char *line = sb_malloc(LINE_MAX_BYTES + 1);
    size_t pos = 0, n, bad = 0;
    const char *nl;
    int rc = 0, r;

    if (!line)
        return -1;
    while (pos < len && rc == 0) {
        nl = memchr(text + pos, '\n', len - pos);
        n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        if (n > LINE_MAX_BYTES || memchr(text + pos, '\0', n)) {
            bad++;
        } else {
            memcpy(line, text + pos, n);
            line[n] = '\0';
            if (n && line[n - 1] == '\r')
                line[n - 1] = '\0';
            r = parse_line(line, &s);
            if (r < 0)
                bad++;
            else if (r > 0)
                rc = fn(ctx, &s);
        }
        pos += n + 1;
    }
    sb_free(line);
    if (bad_lines)
        *bad_lines = bad;
    return rc;
}

const char *sb_prom_label(const struct sb_prom_sample *s, const char *name)
{
    int i;

    for (i = 0; i < s->nlabels; i++)
        if (strcmp(s->labels[i].name, name) == 0)
            return s->labels[i].value;
    return NULL;
}
