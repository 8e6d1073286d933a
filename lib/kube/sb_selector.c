/*
 * Label and field selectors: a list of requirements, all of which must
 * hold (the API server ANDs them too).
 */
#include "sb_selector.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"

#define SEL_MAX_REQS 64
#define SEL_MAX_VALUES 64

enum op { OP_EXISTS, OP_NOT_EXISTS, OP_EQ, OP_NEQ, OP_IN, OP_NOTIN,
          OP_GT, OP_LT };

struct req {
    char *key;
    enum op op;
    char *values[SEL_MAX_VALUES];
    int nvalues;
};

struct sb_selector {
    enum sb_selector_kind kind;
    struct req reqs[SEL_MAX_REQS];
    int nreqs;
};

static void req_release(struct req *r)
{
    int i;

    sb_free(r->key);
    for (i = 0; i < r->nvalues; i++)
        sb_free(r->values[i]);
    memset(r, 0, sizeof(*r));
}

void sb_selector_free(struct sb_selector *sel)
{
    int i;

    if (!sel)
        return;
    for (i = 0; i < sel->nreqs; i++)
        req_release(&sel->reqs[i]);
    sb_free(sel);
}

static int add_value(struct req *r, const char *s, size_t n,
                     struct sb_err *err)
{
    if (r->nvalues >= SEL_MAX_VALUES)
        return sb_err_set(err, SB_E_FORMAT, "too many values for '%s'",
                          r->key ? r->key : "");
    r->values[r->nvalues] = sb_strndup(s, n);
    if (!r->values[r->nvalues])
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    r->nvalues++;
    return 0;
}

static bool is_label_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' ||
           c == '/';
}

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static int bad(struct sb_err *err, const char *sel, const char *why)
{
    return sb_err_set(err, SB_E_FORMAT,
                      "unable to parse requirement: '%s': %s", sel, why);
}

/* Reads one label requirement at *pp; leaves *pp after it (at ',' or the
 * end). */
static int parse_label_req(const char *sel, const char **pp, struct req *r,
                           struct sb_err *err)
{
    const char *p = skip_ws(*pp), *k;
    bool negate = false;
    int rc;

    if (*p == '!') {
        negate = true;
        p = skip_ws(p + 1);
    }
    k = p;
    while (is_label_char(*p))
        p++;
    if (p == k)
        return bad(err, sel, "a key is expected");
    r->key = sb_strndup(k, (size_t)(p - k));
    if (!r->key)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    p = skip_ws(p);
    if (negate || *p == ',' || !*p) {
        if (negate && *p && *p != ',')
            return bad(err, sel, "unexpected text after '!key'");
        r->op = negate ? OP_NOT_EXISTS : OP_EXISTS;
        *pp = p;
        return 0;
    }
    if (*p == '=' || (*p == '!' && p[1] == '=') || *p == '>' || *p == '<') {
        const char *v;

        if (*p == '!') {
            r->op = OP_NEQ;
            p += 2;
        } else if (*p == '=') {
            r->op = OP_EQ;
            p += (p[1] == '=') ? 2 : 1;
        } else {
            r->op = (*p == '>') ? OP_GT : OP_LT;
            p++;
        }
        p = skip_ws(p);
        v = p;
        while (is_label_char(*p))
            p++;
        if ((r->op == OP_GT || r->op == OP_LT) && p == v)
            return bad(err, sel, "a number is expected");
        rc = add_value(r, v, (size_t)(p - v), err);
        if (rc)
            return rc;
        p = skip_ws(p);
        if (*p && *p != ',')
            return bad(err, sel, "unexpected character after the value");
        *pp = p;
        return 0;
    }
    if (!strncmp(p, "in", 2) || !strncmp(p, "notin", 5)) {
        r->op = (*p == 'i') ? OP_IN : OP_NOTIN;
        p = skip_ws(p + (r->op == OP_IN ? 2 : 5));
        if (*p != '(')
            return bad(err, sel, "'(' is expected after the set operator");
        p++;
        for (;;) {
            const char *v;

            p = skip_ws(p);
            v = p;
            while (is_label_char(*p))
                p++;
            rc = add_value(r, v, (size_t)(p - v), err);
            if (rc)
                return rc;
            p = skip_ws(p);
            if (*p == ',') {
                p++;
                continue;
            }
            if (*p == ')')
                break;
            return bad(err, sel, "',' or ')' is expected in the set");
        }
        p = skip_ws(p + 1);
        if (*p && *p != ',')
            return bad(err, sel, "unexpected character after the set");
        *pp = p;
        return 0;
    }
    return bad(err, sel, "an operator is expected after the key");
}

/* Unescapes a field selector token ('\,' '\=' '\\'). */
static char *unescape(const char *s, size_t n)
{
    char *out = sb_malloc(n + 1);
    size_t i, j = 0;

    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n)
            i++;
        out[j++] = s[i];
    }
    out[j] = '\0';
    return out;
}

static char *trim_dup(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return unescape(s, n);
}

/* One field requirement in [s, s+n). */
static int parse_field_req(const char *sel, const char *s, size_t n,
                           struct req *r, struct sb_err *err)
{
    size_t i, klen = 0, vstart = 0;
    bool found = false;

    for (i = 0; i < n; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '!' && i + 1 < n && s[i + 1] == '=') {
            r->op = OP_NEQ;
            klen = i;
            vstart = i + 2;
            found = true;
            break;
        }
        if (s[i] == '=') {
            r->op = OP_EQ;
            klen = i;
            vstart = (i + 1 < n && s[i + 1] == '=') ? i + 2 : i + 1;
            found = true;
            break;
        }
    }
    if (!found)
        return sb_err_set(err, SB_E_FORMAT, "invalid selector: '%s'; can't "
                          "understand '%.*s'", sel, (int)n, s);
    r->key = trim_dup(s, klen);
    if (!r->key)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    if (!r->key[0])
        return sb_err_set(err, SB_E_FORMAT, "invalid selector: '%s': "
                          "empty field name", sel);
    r->values[0] = trim_dup(s + vstart, n - vstart);
    if (!r->values[0])
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    r->nvalues = 1;
    return 0;
}

static int parse_fields(struct sb_selector *sel, const char *s,
                        struct sb_err *err)
{
    const char *start = s, *p = s;
    int rc;

    for (;;) {
        if (*p == '\\' && p[1]) {
            p += 2;
            continue;
        }
        if (*p == ',' || !*p) {
            size_t n = (size_t)(p - start);
            const char *t = start;

            while (n && (*t == ' ')) {
                t++;
                n--;
            }
            if (n) {
                if (sel->nreqs >= SEL_MAX_REQS)
                    return sb_err_set(err, SB_E_FORMAT, "too many "
                                      "requirements in '%s'", s);
                rc = parse_field_req(s, start, (size_t)(p - start),
                                     &sel->reqs[sel->nreqs++], err);
                if (rc)
                    return rc;
            }
            if (!*p)
                return 0;
            start = p + 1;
        }
        p++;
    }
}

static int parse_labels(struct sb_selector *sel, const char *s,
                        struct sb_err *err)
{
    const char *p = skip_ws(s);
    int rc;

    if (!*p)
        return 0;
    for (;;) {
        if (sel->nreqs >= SEL_MAX_REQS)
            return sb_err_set(err, SB_E_FORMAT, "too many requirements "
                              "in '%s'", s);
        rc = parse_label_req(s, &p, &sel->reqs[sel->nreqs++], err);
        if (rc)
            return rc;
        if (!*p)
            return 0;
        p++;    /* the ',' */
    }
}

int sb_selector_parse(enum sb_selector_kind kind, const char *s,
                      struct sb_selector **out, struct sb_err *err)
{
    struct sb_selector *sel = sb_calloc(1, sizeof(*sel));
    int rc;

    *out = NULL;
    if (!sel)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    sel->kind = kind;
    if (!s)
        s = "";
    rc = (kind == SB_SELECTOR_LABEL) ? parse_labels(sel, s, err)
                                     : parse_fields(sel, s, err);
    if (rc) {
        sb_selector_free(sel);
        return rc;
    }
    *out = sel;
    return 0;
}

/* The text of a field, in 'tmp' when it must be formatted. NULL: absent. */
static const char *field_text(const cJSON *obj, const char *path,
                              char tmp[64])
{
    const cJSON *cur = obj;
    const char *p = path;

    while (cur && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        const cJSON *child = NULL;

        if (!cJSON_IsObject(cur))
            return NULL;
        for (child = cur->child; child; child = child->next)
            if (child->string && strlen(child->string) == n &&
                !memcmp(child->string, p, n))
                break;
        cur = child;
        p = dot ? dot + 1 : p + n;
    }
    if (!cur || cJSON_IsNull(cur))
        return NULL;
    if (cJSON_IsString(cur))
        return cur->valuestring;
    if (cJSON_IsBool(cur))
        return cJSON_IsTrue(cur) ? "true" : "false";
    if (cJSON_IsNumber(cur)) {
        double d = cur->valuedouble;

        if (d == (double)(long long)d)
            snprintf(tmp, 64, "%lld", (long long)d);
        else
            snprintf(tmp, 64, "%g", d);
        return tmp;
    }
    return NULL;
}

static const char *label_value(const cJSON *obj, const char *key)
{
    const cJSON *md = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
    const cJSON *labels = cJSON_GetObjectItemCaseSensitive(md, "labels");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(labels, key);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool in_values(const struct req *r, const char *v)
{
    int i;

    for (i = 0; i < r->nvalues; i++)
        if (!strcmp(r->values[i], v))
            return true;
    return false;
}

static bool req_match(const struct sb_selector *sel, const struct req *r,
                      const cJSON *obj)
{
    char tmp[64];
    const char *v;

    if (sel->kind == SB_SELECTOR_FIELD) {
        v = field_text(obj, r->key, tmp);
        if (!v)
            v = "";
        return (r->op == OP_EQ) == !strcmp(v, r->values[0]);
    }
    v = label_value(obj, r->key);
    switch (r->op) {
    case OP_EXISTS:
        return v != NULL;
    case OP_NOT_EXISTS:
        return v == NULL;
    case OP_EQ:
    case OP_IN:
        return v && in_values(r, v);
    case OP_NEQ:
    case OP_NOTIN:
        return !v || !in_values(r, v);
    case OP_GT:
    case OP_LT: {
        char *end;
        long long a, b;

        if (!v)
            return false;
        a = strtoll(v, &end, 10);
        if (*end || end == v)
            return false;
        b = strtoll(r->values[0], &end, 10);
        if (*end)
            return false;
        return r->op == OP_GT ? a > b : a < b;
    }
    }
    return false;
}

bool sb_selector_match(const struct sb_selector *sel, const cJSON *obj)
{
    int i;

    if (!sel)
        return true;
    for (i = 0; i < sel->nreqs; i++)
        if (!req_match(sel, &sel->reqs[i], obj))
            return false;
    return true;
}

const char *sb_selector_equals(const struct sb_selector *sel,
                               const char *key)
{
    int i;

    if (!sel)
        return NULL;
    for (i = 0; i < sel->nreqs; i++)
        if (sel->reqs[i].op == OP_EQ && !strcmp(sel->reqs[i].key, key))
            return sel->reqs[i].values[0];
    return NULL;
}
