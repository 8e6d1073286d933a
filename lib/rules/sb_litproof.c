/*
 * Literal proofs: a small reader of the PCRE2 syntax that lists, for
 * each top-level branch of a caseless pattern, sequences of byte classes
 * every one of which is a match of the branch (see sb_litproof.h for the
 * constructs it trusts and why).
 *
 * While reading, a sequence is a row of position codes (below 0x80 a
 * folded byte, else an index into the reader's class table); a piece of
 * the pattern is the set of its sequences, and a concatenation is the
 * product of its pieces' sets. A piece that cannot be listed
 * ("unprovable") spoils the sequence it is in but not the reading, which
 * goes on so that the next branch is found where PCRE2 finds it.
 */
#include "sb_litproof.h"

#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"

#define SEQ_MAX 64      /* positions of one sequence */
#define SEQS_MAX 256    /* sequences of one piece, group or branch */
#define CLS_MAX 128     /* classes of one pattern: position codes 0x80.. */
#define DEPTH_MAX 32    /* nested groups */
#define REPEAT_MAX 16   /* a counted repeat listed in full */

struct seq {
    unsigned char pos[SEQ_MAX];
    size_t len;
};

struct seqs {
    struct seq *s;
    size_t n, cap;
};

struct reader {
    const char *p;
    bool bad;           /* gave up on the whole pattern */
    bool nomem;
    int depth;
    uint64_t cls[CLS_MAX][4];
    unsigned ncls;
};

static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static bool is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

/* ---- sets of sequences ---------------------------------------------------- */

static void seqs_release(struct seqs *s)
{
    sb_free(s->s);
    s->s = NULL;
    s->n = s->cap = 0;
}

/* Appends 'q'. -1: more than SEQS_MAX (then unprovable), or out of
 * memory (then 'r->nomem'). */
static int seqs_push(struct reader *r, struct seqs *s, const struct seq *q)
{
    int rc = SB_ARRAY_GROW(s->s, s->n + 1, s->cap, SEQS_MAX);

    if (rc) {
        if (rc == SB_E_NOMEM)
            r->nomem = true;
        return -1;
    }
    s->s[s->n++] = *q;
    return 0;
}

/* 's' becomes the one sequence of one position 'code'. */
static int seqs_single(struct reader *r, struct seqs *s, unsigned char code)
{
    struct seq q = { { code }, 1 };

    s->n = 0;
    return seqs_push(r, s, &q);
}

static int seqs_empty(struct reader *r, struct seqs *s)
{
    struct seq q = { { 0 }, 0 };

    s->n = 0;
    return seqs_push(r, s, &q);
}

/* 'a' becomes every sequence of 'a' followed by every one of 'b'. -1:
 * too many or too long (unprovable), or out of memory. */
static int seqs_product(struct reader *r, struct seqs *a,
                        const struct seqs *b)
{
    struct seqs out = { NULL, 0, 0 };
    struct seq q;
    size_t i, j;

    if (a->n * b->n > SEQS_MAX)
        return -1;
    for (i = 0; i < a->n; i++)
        for (j = 0; j < b->n; j++) {
            if (a->s[i].len + b->s[j].len > SEQ_MAX)
                goto fail;
            q = a->s[i];
            memcpy(q.pos + q.len, b->s[j].pos, b->s[j].len);
            q.len += b->s[j].len;
            if (seqs_push(r, &out, &q))
                goto fail;
        }
    seqs_release(a);
    *a = out;
    return 0;
fail:
    seqs_release(&out);
    return -1;
}

static int seqs_union(struct reader *r, struct seqs *dst,
                      const struct seqs *src)
{
    size_t i;

    for (i = 0; i < src->n; i++)
        if (seqs_push(r, dst, &src->s[i]))
            return -1;
    return 0;
}

/* ---- reading -------------------------------------------------------------- */

static bool read_alts(struct reader *r, struct seqs *out);

/* The position code of a class holding the bytes of 'set' (folded): the
 * byte itself when there is one, else a class of the table. -1 when the
 * table is full. */
static int class_code(struct reader *r, const uint64_t set[4])
{
    int c, only = -1, count = 0;

    for (c = 0; c < 128; c++)
        if (set[c >> 6] >> (c & 63) & 1) {
            only = c;
            count++;
        }
    if (count == 1)
        return only;
    if (count == 0 || r->ncls == CLS_MAX)
        return -1;
    memcpy(r->cls[r->ncls], set, sizeof(r->cls[0]));
    return 0x80 + (int)r->ncls++;
}

/* An escape inside a class, 'r->p' past the backslash: the byte it
 * stands for, -1 when it is a class of its own (\d, \w ...), -2 when the
 * pattern is given up. */
static int class_escape(struct reader *r)
{
    unsigned char c = (unsigned char)*r->p;

    if (!c || c >= 0x80 || (c >= '0' && c <= '9') ||
        strchr("QEgkxopPcNuLlU", c)) {
        r->bad = true;
        return -2;
    }
    r->p++;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return -1;
    return c;
}

/* "[...]", 'r->p' past the '['. Provable when it lists ASCII bytes and
 * ranges only (not negated): caseless, so the folded set is exact. */
static bool read_class(struct reader *r, struct seqs *item)
{
    uint64_t set[4] = { 0, 0, 0, 0 };
    bool negated = false, unknown = false, first = true;
    int lo, hi, c, code;

    if (*r->p == '^') {
        negated = true;
        r->p++;
    }
    for (; *r->p && (*r->p != ']' || first); first = false) {
        if (r->p[0] == '[' && (r->p[1] == ':' || r->p[1] == '.' ||
                               r->p[1] == '=')) {
            r->bad = true;          /* POSIX classes: not worth reading */
            return false;
        }
        if (*r->p == '\\') {
            r->p++;
            lo = class_escape(r);
            if (lo == -2)
                return false;
            if (lo == -1) {
                unknown = true;
                continue;
            }
        } else {
            lo = (unsigned char)*r->p++;
        }
        hi = lo;
        if (r->p[0] == '-' && r->p[1] && r->p[1] != ']') {
            hi = (unsigned char)r->p[1];
            if (hi == '\\' || hi == '[' || hi < lo) {
                r->bad = true;
                return false;
            }
            r->p += 2;
        }
        if (lo >= 0x80 || hi >= 0x80) {
            r->bad = true;
            return false;
        }
        for (c = lo; c <= hi; c++)
            set[fold((unsigned char)c) >> 6] |=
                (uint64_t)1 << (fold((unsigned char)c) & 63);
    }
    if (*r->p != ']') {
        r->bad = true;
        return false;
    }
    r->p++;
    if (negated || unknown || (code = class_code(r, set)) < 0)
        return false;
    return seqs_single(r, item, (unsigned char)code) == 0;
}

/* A backslash outside a class, 'r->p' past it. Escaped punctuation is
 * the byte; letters are classes or assertions (unprovable); what could
 * change the reading of the rest gives the pattern up. */
static bool read_escape(struct reader *r, struct seqs *item)
{
    unsigned char c = (unsigned char)*r->p;

    if (!c || c >= 0x80 || (c >= '0' && c <= '9') ||
        strchr("QEgkxopPcNKuLlU", c)) {
        r->bad = true;
        return false;
    }
    r->p++;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return false;
    return seqs_single(r, item, c) == 0;
}

/* "(...)" or "(?:...)", 'r->p' past the '('. Its provable alternatives
 * are its sequences; any other kind of group gives the pattern up. */
static bool read_group(struct reader *r, struct seqs *item)
{
    bool ok;

    if (*r->p == '?' && r->p[1] == ':')
        r->p += 2;
    else if (*r->p == '?' || *r->p == '*') {
        r->bad = true;
        return false;
    }
    if (++r->depth > DEPTH_MAX) {
        r->bad = true;
        return false;
    }
    ok = read_alts(r, item);
    r->depth--;
    if (*r->p != ')') {
        r->bad = true;
        return false;
    }
    r->p++;
    return ok;
}

static bool read_item(struct reader *r, struct seqs *item)
{
    unsigned char c = (unsigned char)*r->p++;

    switch (c) {
    case '(':
        return read_group(r, item);
    case '[':
        return read_class(r, item);
    case '\\':
        return read_escape(r, item);
    case '.':
    case '$':
    case '^':
    case ']':
        return false;
    case '*':
    case '+':
    case '?':
        r->bad = true;      /* a quantifier with nothing before it */
        return false;
    case '{':
        /* a brace that could be a quantifier in some PCRE2 ("{,3}",
         * "{ 2 }" in 10.43 and later) is not read as a literal */
        if ((*r->p >= '0' && *r->p <= '9') || *r->p == ',' ||
            *r->p == ' ' || *r->p == '\t') {
            r->bad = true;
            return false;
        }
        break;
    default:
        break;
    }
    if (c >= 0x80) {
        r->bad = true;
        return false;
    }
    return seqs_single(r, item, fold(c)) == 0;
}

/* "{n}", "{n,}", "{n,m}" at 'p': its length and lower bound, or 0 when
 * 'p' is a literal '{'. */
static size_t brace_min(const char *p, long *min)
{
    const char *q = p + 1;
    long n = 0;

    if (*q < '0' || *q > '9')
        return 0;
    /* saturated, not wrapped: "{100001}" must not read as 1 */
    for (; *q >= '0' && *q <= '9'; q++)
        n = n >= 100000 ? n : n * 10 + (*q - '0');
    if (*q == ',') {
        q++;
        while (*q >= '0' && *q <= '9')
            q++;
    }
    if (*q != '}')
        return 0;
    *min = n;
    return (size_t)(q - p) + 1;
}

/* Reads the quantifier after an item, if any, and makes 'item' the
 * sequences of its fewest repeats (and of one, when it may be left out):
 * each is a match whatever the greed. Returns whether 'item' stays
 * provable. */
static bool read_quant(struct reader *r, struct seqs *item, bool ok)
{
    struct seqs once = { NULL, 0, 0 };
    long min, k;
    size_t n = 1;

    switch (*r->p) {
    case '?': min = 0; break;
    case '*': min = 0; break;
    case '+': min = 1; break;
    case '{':
        n = brace_min(r->p, &min);
        if (n == 0)
            return ok;
        break;
    default:
        return ok;
    }
    r->p += n;
    if (*r->p == '+') {     /* possessive: gives back nothing */
        r->p++;
        return false;
    }
    if (*r->p == '?')
        r->p++;             /* lazy: the same matches exist */
    if (!ok || min > REPEAT_MAX)
        return false;
    if (min == 0) {
        struct seq none = { { 0 }, 0 };
        return seqs_push(r, item, &none) == 0;
    }
    if (seqs_union(r, &once, item)) {
        seqs_release(&once);
        return false;
    }
    for (k = 1; k < min && ok; k++)
        ok = seqs_product(r, item, &once) == 0;
    seqs_release(&once);
    return ok;
}

/* Flags of a top-level branch's sequences. */
struct branch {
    bool anchored, wb_before, wb_after;
};

static bool at_branch_end(const char *p)
{
    return *p == '\0' || *p == '|' || *p == ')';
}

/* One branch: the product of its items, into 'out'. At the top level
 * ('br' not NULL) '^' and "\b" first and "\b" last become its flags.
 * Returns whether the whole branch is provable. */
static bool read_seq(struct reader *r, struct seqs *out, struct branch *br)
{
    struct seqs item = { NULL, 0, 0 };
    bool ok = seqs_empty(r, out) == 0, item_ok;

    if (br && *r->p == '^') {
        br->anchored = true;
        r->p++;
    }
    if (br && r->p[0] == '\\' && r->p[1] == 'b') {
        br->wb_before = true;
        r->p += 2;
    }
    while (!at_branch_end(r->p) && !r->bad && !r->nomem) {
        if (br && r->p[0] == '\\' && r->p[1] == 'b' &&
            at_branch_end(r->p + 2)) {
            br->wb_after = true;
            r->p += 2;
            break;
        }
        item.n = 0;
        item_ok = read_item(r, &item);
        item_ok = read_quant(r, &item, item_ok && !r->bad);
        if (ok && item_ok)
            ok = seqs_product(r, out, &item) == 0;
        else
            ok = false;
    }
    seqs_release(&item);
    return ok && !r->bad && !r->nomem;
}

/* The alternatives of a group: the sequences of those that are provable;
 * whether there is one. */
static bool read_alts(struct reader *r, struct seqs *out)
{
    struct seqs alt = { NULL, 0, 0 };
    bool any = false, full = false;

    out->n = 0;
    for (;;) {
        if (read_seq(r, &alt, NULL) && !full) {
            if (seqs_union(r, out, &alt))
                full = true;    /* too many: the ones kept still hold */
            else
                any = true;
        }
        if (r->bad || r->nomem || *r->p != '|')
            break;
        r->p++;
    }
    seqs_release(&alt);
    return any && !r->bad && !r->nomem;
}

static void proof_free(struct sb_litproof *p)
{
    sb_free(p->pos);
    sb_free(p->cls);
}

/* Appends sequence 'q' of a branch flagged 'br' to 'out' as a proof with
 * its own copy of the classes it uses. */
static int emit(const struct reader *r, const struct seq *q,
                const struct branch *br, struct sb_litproofs *out)
{
    struct sb_litproof p;
    unsigned char map[CLS_MAX];
    size_t i;
    int rc = -1;

    memset(&p, 0, sizeof(p));
    memset(map, 0xff, sizeof(map));
    p.len = q->len;
    p.anchored = br->anchored;
    p.wb_before = br->wb_before;
    p.wb_after = br->wb_after;
    p.pos = sb_malloc(q->len);
    if (!p.pos)
        goto cleanup;
    for (i = 0; i < q->len; i++) {
        unsigned char c = q->pos[i];
        if (c >= 0x80 && map[c - 0x80] == 0xff) {
            uint64_t (*grown)[4] = sb_realloc(p.cls, (p.ncls + 1) *
                                              sizeof(*p.cls));
            if (!grown)
                goto cleanup;
            p.cls = grown;
            memcpy(p.cls[p.ncls], r->cls[c - 0x80], sizeof(*p.cls));
            map[c - 0x80] = (unsigned char)p.ncls++;
        }
        p.pos[i] = c >= 0x80 ? (unsigned char)(0x80 + map[c - 0x80]) : c;
    }
    if (SB_ARRAY_GROW(out->p, out->n + 1, out->cap, SB_ARRAY_MAX))
        goto cleanup;
    out->p[out->n++] = p;
    return 0;
cleanup:
    proof_free(&p);
    return rc;
}

/* The top level: branches until the end. The proofs of provable ones go
 * to 'out'; sequences of no bytes prove nothing worth a literal. */
static void read_top(struct reader *r, struct sb_litproofs *out)
{
    struct seqs seqs = { NULL, 0, 0 };
    struct branch br;
    size_t i;

    for (;;) {
        memset(&br, 0, sizeof(br));
        if (read_seq(r, &seqs, &br))
            for (i = 0; i < seqs.n && !r->nomem; i++)
                if (seqs.s[i].len && emit(r, &seqs.s[i], &br, out))
                    r->nomem = true;
        if (r->bad || r->nomem || *r->p != '|')
            break;
        r->p++;
    }
    if (*r->p)
        r->bad = true;      /* an unmatched ')' */
    seqs_release(&seqs);
}

int sb_litproof_derive(const char *pattern, struct sb_litproofs *out)
{
    struct reader *r;
    size_t n0 = out->n;
    bool nomem;

    if (!pattern || strncmp(pattern, "(?i)", 4) != 0)
        return 0;
    /* the class table is 4 KB: on the heap, not the stack */
    r = sb_calloc(1, sizeof(*r));
    if (!r)
        return -1;
    r->p = pattern + 4;
    read_top(r, out);
    nomem = r->nomem;
    if (r->bad || r->nomem)
        sb_litproofs_truncate(out, n0);
    sb_free(r);
    return nomem ? -1 : 0;
}

void sb_litproofs_release(struct sb_litproofs *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        proof_free(&s->p[i]);
    sb_free(s->p);
    s->p = NULL;
    s->n = s->cap = 0;
}

void sb_litproofs_truncate(struct sb_litproofs *s, size_t n)
{
    while (s->n > n)
        proof_free(&s->p[--s->n]);
}

int sb_litproofs_add(struct sb_litproofs *s, const struct sb_litproof *src)
{
    struct sb_litproof p = *src;

    p.pos = sb_malloc(src->len);
    p.cls = src->ncls ? sb_malloc(src->ncls * sizeof(*p.cls)) : NULL;
    if (!p.pos || (src->ncls && !p.cls) ||
        SB_ARRAY_GROW(s->p, s->n + 1, s->cap, SB_ARRAY_MAX)) {
        proof_free(&p);
        return -1;
    }
    memcpy(p.pos, src->pos, src->len);
    if (src->ncls)
        memcpy(p.cls, src->cls, src->ncls * sizeof(*p.cls));
    s->p[s->n++] = p;
    return 0;
}

static bool code_has(const struct sb_litproof *p, unsigned char code,
                     unsigned char c)
{
    if (code < 0x80)
        return code == c;
    return p->cls[code - 0x80][c >> 6] >> (c & 63) & 1;
}

bool sb_litproof_at(const struct sb_litproof *p, const unsigned char *text,
                    size_t len, size_t start)
{
    size_t i, end;

    if ((p->anchored && start) || start > len || p->len > len - start)
        return false;
    for (i = 0; i < p->len; i++)
        if (!code_has(p, p->pos[i], fold(text[start + i])))
            return false;
    end = start + p->len;
    /* PCRE2's \b: the bytes on its two sides differ in being word
     * bytes; outside the text counts as not */
    if (p->wb_before &&
        (start > 0 && is_word(text[start - 1])) == is_word(text[start]))
        return false;
    if (p->wb_after &&
        is_word(text[end - 1]) == (end < len && is_word(text[end])))
        return false;
    return true;
}

bool sb_litproof_fits(const struct sb_litproof *p, const char *lit,
                      size_t len, size_t k)
{
    size_t i;

    if (k > p->len || len > p->len - k)
        return false;
    for (i = 0; i < len; i++)
        if (!code_has(p, p->pos[k + i], (unsigned char)lit[i]))
            return false;
    return true;
}
