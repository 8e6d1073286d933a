/*
 * Literal prefilters: derive from a pattern's syntax the literals one of
 * which every match contains, then find them with a hashed 3-byte scan.
 *
 * The derivation follows the classic "required literals" analysis (as in
 * trigram indexes): each piece of the pattern is described as
 *   EXACT s: it matches exactly one of the strings of s ("" included),
 *   REQ s:   every match of it contains one of the strings of s,
 *   NONE:    nothing is known.
 * A concatenation multiplies adjacent EXACT sets while they stay small and
 * keeps the best REQ set seen; an alternation unions its branches'; '?'
 * and '*' make a piece optional (NONE unless EXACT); '+' keeps what the
 * piece requires. Anything not understood is NONE or, where it could
 * change the meaning of what follows (extended mode, \Q...\E), gives up
 * on the whole pattern. Case is always folded (ASCII), which can only
 * admit more texts, never fewer; a non-ASCII character is NONE because
 * PCRE2's caseless matching of it is wider than ASCII folding.
 *
 * The scan can also say which patterns a literal found proves to match
 * (sb_litproof.h): each literal leads to the proofs it can stand in, and
 * is tested again wherever it occurs until one holds.
 *
 * One file (about 1,000 lines) on purpose: the derivation and the scan
 * share the literal sets' representation, and a change to one side's
 * idea of a literal must be seen with the other's.
 */
#include "sb_prefilter.h"

#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_litproof.h"
#include "sb_utf8.h"

#define SET_MAX 256     /* strings in an EXACT or REQ set */
#define STR_MAX 48      /* bytes of one string */
#define LIT_MIN 3       /* the scan hashes 3 bytes */
#define HASH_BITS 13
#define NBUCKETS (1u << HASH_BITS)
#define QUICK_BITS 16   /* the first test of every text position */
#define REKEY_MIN 4096  /* bytes of sample worth choosing keys by */
#define LINKS_MAX 16    /* proofs a literal leads to */

enum kind { NONE, EXACT, REQ };

struct strset {
    char **s;
    size_t n, alloc;    /* SB_ARRAY_GROW's count and capacity */
};

struct info {
    enum kind kind;
    struct strset set;
};

struct parser {
    const char *p;
    int failed;     /* gave up on the pattern, or out of memory */
    int depth;
    int multiline;  /* (?m) somewhere: '^' may match after a newline */
};

/* A string starting with ANCHOR must occur at the start of the text: '^'
 * is the one-byte string ANCHOR, so "^[EF][0-9]{4}" gives "\1e00" ...
 * "\1f99", which the scan tests once per text instead of everywhere. */
#define ANCHOR '\1'

struct index {
    uint64_t bits[NBUCKETS / 64];
    uint16_t start[NBUCKETS + 1];   /* bucket h: order[start[h]..start[h+1]) */
    uint16_t *order;
};

struct lit {
    char *s;        /* lower case; ANCHOR first when anchored */
    size_t len;     /* without the ANCHOR */
    unsigned tag;
    int anchored;
    size_t off;     /* where the 3 bytes it is hashed by start */
    /* the proofs worth testing where it is found: links[link0 ..
     * link0 + nlinks) of the prefilter */
    size_t link0, nlinks;
};

/* Found at offset i of a text, a literal makes proof 'proof' worth
 * testing at offset i - k. */
struct link {
    size_t proof;
    size_t k;
};

struct sb_prefilter {
    struct lit *lits;
    size_t n, cap;
    uint64_t tags;          /* every tag of 'lits' */
    uint64_t provable;      /* the tags of literals that lead to proofs */
    struct index floating;  /* found anywhere */
    struct index start;     /* found at offset 0 only */
    /* the floating literals' keys again, by quick_hash: 8 KB that stay in
     * L1, tested at every position before the exact hash is computed */
    uint64_t quick[(1u << QUICK_BITS) / 64];
    /* what proves a match (sb_litproof.h), reached from the literals */
    struct sb_litproofs proofs;
    struct link *links;
    size_t nlinks, links_cap;
};

/* ASCII lower case of every byte, as a constant table (no lazy set-up, so
 * threads may share it). */
#define F4(i) F1(i), F1(i + 1), F1(i + 2), F1(i + 3)
#define F1(i) ((unsigned char)((i) >= 'A' && (i) <= 'Z' ? (i) + 32 : (i)))
#define F16(i) F4(i), F4(i + 4), F4(i + 8), F4(i + 12)
#define F64(i) F16(i), F16(i + 16), F16(i + 32), F16(i + 48)
static const unsigned char FOLD[256] = {
    F64(0), F64(64), F64(128), F64(192)
};

/* ---- string sets ---------------------------------------------------------- */

static void set_clear(struct strset *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        sb_free(s->s[i]);
    sb_free(s->s);
    s->s = NULL;
    s->n = 0;
    s->alloc = 0;
}

static int set_has(const struct strset *s, const char *str)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        if (strcmp(s->s[i], str) == 0)
            return 1;
    return 0;
}

/* Adds a copy of 'str' ('len' bytes) unless present. -1: full or no
 * memory. */
static int set_add(struct strset *s, const char *str, size_t len)
{
    char *c;

    if (len > STR_MAX)
        return -1;
    c = sb_malloc(len + 1);
    if (!c)
        return -1;
    memcpy(c, str, len);
    c[len] = '\0';
    if (set_has(s, c)) {
        sb_free(c);
        return 0;
    }
    if (SB_ARRAY_GROW(s->s, s->n + 1, s->alloc, SET_MAX)) {
        sb_free(c);
        return -1;
    }
    s->s[s->n++] = c;
    return 0;
}

static size_t str_len(const char *s)      /* without the ANCHOR */
{
    return strlen(s) - (s[0] == ANCHOR);
}

static size_t set_minlen(const struct strset *s)
{
    size_t i, m = (size_t)-1;

    for (i = 0; i < s->n; i++)
        if (str_len(s->s[i]) < m)
            m = str_len(s->s[i]);
    return s->n ? m : 0;
}

/* Holds a string that every text contains: "" or a bare ANCHOR. */
static int set_has_empty(const struct strset *s)
{
    return s->n && set_minlen(s) == 0;
}

static int set_anchored(const struct strset *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        if (s->s[i][0] != ANCHOR)
            return 0;
    return s->n > 0;
}

/* Every string of 'a' followed by every string of 'b', into 'out'; -1
 * when the result would be too big. */
static int set_product(const struct strset *a, const struct strset *b,
                       struct strset *out)
{
    char tmp[2 * STR_MAX + 1];
    size_t i, j, la, lb, keep;

    if (a->n * b->n > SET_MAX)
        return -1;
    for (i = 0; i < a->n; i++) {
        la = strlen(a->s[i]);
        for (j = 0; j < b->n; j++) {
            lb = strlen(b->s[j]);
            keep = la;
            if (b->s[j][0] == ANCHOR) {
                /* '^' after text never matches (no (?m)); '^^' is '^' */
                if (la > 1 || (la == 1 && a->s[i][0] != ANCHOR))
                    continue;
                keep = 0;
            }
            if (keep + lb > STR_MAX)
                return -1;
            memcpy(tmp, a->s[i], keep);
            memcpy(tmp + keep, b->s[j], lb);
            if (set_add(out, tmp, keep + lb))
                return -1;
        }
    }
    return 0;
}

static int set_union(struct strset *dst, const struct strset *src)
{
    size_t i;

    for (i = 0; i < src->n; i++)
        if (set_add(dst, src->s[i], strlen(src->s[i])))
            return -1;
    return 0;
}

static void info_clear(struct info *in)
{
    set_clear(&in->set);
    in->kind = NONE;
}

static void info_move(struct info *dst, struct info *src)
{
    info_clear(dst);
    *dst = *src;
    src->set.s = NULL;
    src->set.n = 0;
    src->set.alloc = 0;
    src->kind = NONE;
}

static int info_single(struct info *in, const char *s, size_t len)
{
    info_clear(in);
    in->kind = EXACT;
    return set_add(&in->set, s, len);
}

/* ---- deriving ------------------------------------------------------------- */

/* How good a REQ set is for scanning: longer shortest string first, then
 * fewer strings; sets with a string shorter than LIT_MIN are useless. */
static long set_score(const struct strset *s)
{
    size_t m = set_minlen(s);

    if (!s->n || m < LIT_MIN)
        return -1;
    /* an anchored set costs one test per text, not one per byte */
    return (long)(m > 8 ? 8 : m) * 1000 - (long)s->n +
           (set_anchored(s) ? 4000 : 0);
}

/* Offers the strings of 'cand' as the concatenation's required set. */
static void offer(struct info *best, struct info *cand)
{
    if (cand->kind == NONE || set_has_empty(&cand->set))
        return;
    if (best->kind == NONE || set_score(&cand->set) > set_score(&best->set)) {
        info_move(best, cand);
        best->kind = REQ;
    }
}

static void parse_alt(struct parser *ps, struct info *out);

/* A character class "[...]": EXACT with its characters when it holds a
 * few ASCII ones, NONE otherwise. 'ps->p' is past the '['. */
static void parse_class(struct parser *ps, struct info *out)
{
    const unsigned char *f = FOLD;
    unsigned char seen[256];
    int negated = 0, unknown = 0, first = 1, count = 0, c, hi, i;
    const char *p = ps->p;

    memset(seen, 0, sizeof(seen));
    if (*p == '^') {
        negated = 1;
        p++;
    }
    for (; *p && (*p != ']' || first); first = 0) {
        if (p[0] == '[' && p[1] == ':') {
            const char *e = strstr(p + 2, ":]");
            if (!e) {
                ps->failed = 1;
                return;
            }
            unknown = 1;
            p = e + 2;
            continue;
        }
        if (*p == '\\') {
            p++;
            if (!*p)
                break;
            if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9')) {
                unknown = 1;     /* \d, \w, \x41, \n ...: not worth it */
                if ((*p == 'p' || *p == 'P' || *p == 'x') && p[1] == '{') {
                    const char *e = strchr(p, '}');
                    p = e ? e : p;
                }
                p++;
                continue;
            }
        }
        c = (unsigned char)*p++;
        if (c >= 0x80 || c == ANCHOR) {
            unknown = 1;
            continue;
        }
        hi = c;
        if (p[0] == '-' && p[1] && p[1] != ']') {
            hi = (unsigned char)p[1];
            if (hi == '\\' || hi >= 0x80 || hi < c ||
                (c <= ANCHOR && hi >= ANCHOR)) {
                unknown = 1;
                p += 2;
                continue;
            }
            p += 2;
        }
        for (i = c; i <= hi; i++)
            if (!seen[f[i]]) {
                seen[f[i]] = 1;
                count++;
            }
    }
    if (*p != ']') {
        ps->failed = 1;
        return;
    }
    ps->p = p + 1;
    info_clear(out);
    if (negated || unknown || count == 0 || count > 12)
        return;
    out->kind = EXACT;
    for (i = 0; i < 256; i++) {
        char ch = (char)i;
        if (seen[i] && set_add(&out->set, &ch, 1)) {
            ps->failed = 1;
            return;
        }
    }
}

/* A backslash escape; 'ps->p' is past the backslash. */
static void parse_escape(struct parser *ps, struct info *out)
{
    const unsigned char *f = FOLD;
    char c = *ps->p, lc;

    info_clear(out);
    if (!c) {
        ps->failed = 1;
        return;
    }
    ps->p++;
    if (c == 'A') {                         /* start of the text */
        char a = ANCHOR;
        if (info_single(out, &a, 1))
            ps->failed = 1;
        return;
    }
    if (strchr("bBzZGK", c)) {              /* assertions: match "" */
        info_single(out, "", 0);
        return;
    }
    if (c == 'Q' || c == 'g' || c == 'k') { /* quoting, named backrefs */
        ps->failed = 1;
        return;
    }
    if (c == 'E') {
        info_single(out, "", 0);
        return;
    }
    if ((c == 'p' || c == 'P' || c == 'x' || c == 'o' || c == 'N') &&
        *ps->p == '{') {
        const char *e = strchr(ps->p, '}');
        if (!e) {
            ps->failed = 1;
            return;
        }
        ps->p = e + 1;
        return;
    }
    if (c == 'x') {                         /* \xhh */
        while ((*ps->p >= '0' && *ps->p <= '9') ||
               (*ps->p >= 'a' && *ps->p <= 'f') ||
               (*ps->p >= 'A' && *ps->p <= 'F'))
            ps->p++;
        return;
    }
    if (c == 'c') {                         /* \cX */
        if (*ps->p)
            ps->p++;
        return;
    }
    if ((c == 'p' || c == 'P') && *ps->p)   /* \pL */
        ps->p++;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9')) {
        while (c >= '0' && c <= '9' && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;                        /* \12: backref or octal */
        return;                             /* a class or a control char */
    }
    if ((unsigned char)c >= 0x80) {
        ps->failed = 1;
        return;
    }
    if (c == ANCHOR)
        return;                             /* never the marker */
    lc = (char)f[(unsigned char)c];         /* \. \[ \( \\ \/ ... */
    if (info_single(out, &lc, 1))
        ps->failed = 1;
}

/* "(...)" in all its forms; 'ps->p' is past the '('. */
static void parse_group(struct parser *ps, struct info *out)
{
    int lookaround = 0;
    const char *q;

    info_clear(out);
    if (*ps->p == '?') {
        q = ps->p + 1;
        if (*q == ':' || *q == '|' || *q == '>') {
            ps->p = q + 1;
        } else if (*q == '=' || *q == '!') {
            lookaround = 1;
            ps->p = q + 1;
        } else if (*q == '<' && (q[1] == '=' || q[1] == '!')) {
            lookaround = 1;
            ps->p = q + 2;
        } else if (*q == '#') {
            q = strchr(q, ')');
            if (!q) {
                ps->failed = 1;
                return;
            }
            ps->p = q + 1;
            info_single(out, "", 0);
            return;
        } else if (*q == '<' || *q == '\'' || (*q == 'P' && q[1] == '<')) {
            q = strpbrk(q + 1, ">'");
            if (!q) {
                ps->failed = 1;
                return;
            }
            ps->p = q + 1;
        } else {
            /* option setting: (?i) (?-i) (?i:...); 'x' changes how the
             * rest is read, and anything else ((?R), (?1), (?C), (?(...))
             * matches text we cannot see: give up on those */
            while (*q && strchr("imnsUJ-^x", *q)) {
                if (*q == 'x')
                    ps->failed = 1;
                q++;
            }
            if (ps->failed || (*q != ')' && *q != ':')) {
                ps->failed = 1;
                return;
            }
            ps->p = q + 1;
            if (*q == ')') {
                info_single(out, "", 0);
                return;
            }
        }
    }
    if (++ps->depth > 64) {
        ps->failed = 1;
        return;
    }
    parse_alt(ps, out);
    ps->depth--;
    if (*ps->p != ')') {
        ps->failed = 1;
        return;
    }
    ps->p++;
    if (lookaround) {       /* consumes nothing: as if "" */
        info_clear(out);
        info_single(out, "", 0);
    }
}

static void parse_atom(struct parser *ps, struct info *out)
{
    const unsigned char *f = FOLD;
    unsigned char c = (unsigned char)*ps->p;
    char lc;

    info_clear(out);
    ps->p++;
    switch (c) {
    case '(':
        parse_group(ps, out);
        return;
    case '[':
        parse_class(ps, out);
        return;
    case '\\':
        parse_escape(ps, out);
        return;
    case '.':
        return;
    case '*':
    case '+':
    case '?':           /* (*VERB), or a quantifier with nothing before */
        ps->failed = 1;
        return;
    case '{':
        if (*ps->p == ',') {    /* "{,n}": a quantifier in newer PCRE2 */
            ps->failed = 1;
            return;
        }
        break;
    case '^':
        if (!ps->multiline) {
            lc = ANCHOR;
            if (info_single(out, &lc, 1))
                ps->failed = 1;
            return;
        }
        info_single(out, "", 0);
        return;
    case '$':
        info_single(out, "", 0);
        return;
    default:
        break;
    }
    if (c == ANCHOR)        /* the byte itself: unknown, not the marker */
        return;
    if (c >= 0x80) {        /* a multibyte character: skip it whole */
        while (((unsigned char)*ps->p & 0xc0) == 0x80)
            ps->p++;
        return;
    }
    lc = (char)f[c];
    if (info_single(out, &lc, 1))
        ps->failed = 1;
}

/* Reads "{n}", "{n,}", "{n,m}" at 'p'; returns its length with the
 * bounds (max -1: unbounded), 0 when 'p' is a literal '{'. */
static size_t brace_quant(const char *p, long *min, long *max)
{
    const char *q = p + 1;
    long n = 0, m = -1;

    if (*q < '0' || *q > '9')
        return 0;
    while (*q >= '0' && *q <= '9')
        n = (n * 10 + (*q++ - '0')) % 100000;
    if (*q == ',') {
        q++;
        if (*q >= '0' && *q <= '9')
            for (m = 0; *q >= '0' && *q <= '9'; q++)
                m = (m * 10 + (*q - '0')) % 100000;
    } else {
        m = n;
    }
    if (*q != '}')
        return 0;
    *min = n;
    *max = m;
    return (size_t)(q - p) + 1;
}

/* Applies a quantifier after an atom, if there is one. An exact piece
 * repeated a fixed number of times ("[0-9]{4}") is left exact with
 * '*repeat' set, for the concatenation to multiply out; '*open' is set
 * when more repeats may follow them ("{2,5}"). */
static void quantify(struct parser *ps, struct info *in, long *repeat,
                     int *open)
{
    long min, max;
    size_t n = 1;

    switch (*ps->p) {
    case '?': min = 0; max = 1; break;
    case '*': min = 0; max = -1; break;
    case '+': min = 1; max = -1; break;
    case '{':
        n = brace_quant(ps->p, &min, &max);
        if (n == 0)
            return;     /* a literal '{' */
        break;
    default:
        return;
    }
    ps->p += n;
    if (*ps->p == '?' || *ps->p == '+')
        ps->p++;        /* lazy or possessive: the same strings */
    if (min >= 2 && in->kind == EXACT && !set_has_empty(&in->set)) {
        *repeat = min > 16 ? 16 : min;
        *open = max != min || min > 16;
        return;
    }
    if (min == 0) {
        /* optional: only an exact piece stays known, with "" added */
        if (!(max == 1 && in->kind == EXACT && set_add(&in->set, "", 0) == 0))
            info_clear(in);
        return;
    }
    /* at least once: whatever one occurrence requires */
    if (in->kind == EXACT && !(min == 1 && max == 1)) {
        if (set_has_empty(&in->set))
            info_clear(in);
        else
            in->kind = REQ;
    }
}

/* Appends the exact piece 'item' to the exact chain 'cur'; when the chain
 * would grow too big, it is offered as required and restarts at 'item'. */
static void chain_add(struct info *cur, struct info *best,
                      const struct info *item, int *broken)
{
    struct info prod = { EXACT, { NULL, 0, 0 } };
    size_t i;

    if (set_product(&cur->set, &item->set, &prod.set) == 0) {
        info_move(cur, &prod);
        return;
    }
    info_clear(&prod);
    *broken = 1;
    offer(best, cur);
    info_clear(cur);
    cur->kind = EXACT;
    for (i = 0; i < item->set.n; i++)
        set_add(&cur->set, item->set.s[i], strlen(item->set.s[i]));
}

/* Ends the exact chain: what it holds is required, and a new one starts
 * empty. */
static int chain_break(struct info *cur, struct info *best, int *broken)
{
    *broken = 1;
    offer(best, cur);
    info_clear(cur);
    cur->kind = EXACT;
    return set_add(&cur->set, "", 0);
}

static void parse_concat(struct parser *ps, struct info *out)
{
    struct info cur = { EXACT, { NULL, 0, 0 } };
    struct info best = { NONE, { NULL, 0, 0 } };
    struct info item = { NONE, { NULL, 0, 0 } };
    int broken = 0, open;
    long repeat, k;

    if (set_add(&cur.set, "", 0)) {
        ps->failed = 1;
        return;
    }
    while (*ps->p && *ps->p != '|' && *ps->p != ')' && !ps->failed) {
        parse_atom(ps, &item);
        if (ps->failed)
            break;
        repeat = 1;
        open = 0;
        quantify(ps, &item, &repeat, &open);
        if (item.kind == EXACT) {
            for (k = 0; k < repeat; k++)
                chain_add(&cur, &best, &item, &broken);
            if (open && chain_break(&cur, &best, &broken))
                ps->failed = 1;
            continue;
        }
        offer(&best, &item);
        if (chain_break(&cur, &best, &broken))
            ps->failed = 1;
    }
    info_clear(out);
    if (!broken) {
        info_move(out, &cur);
    } else {
        offer(&best, &cur);
        info_move(out, &best);
    }
    info_clear(&cur);
    info_clear(&best);
    info_clear(&item);
}

static void parse_alt(struct parser *ps, struct info *out)
{
    struct info acc = { NONE, { NULL, 0, 0 } };
    struct info br = { NONE, { NULL, 0, 0 } };
    int first = 1, all_exact = 1, none = 0;

    for (;;) {
        parse_concat(ps, &br);
        if (ps->failed)
            break;
        if (br.kind == NONE)
            none = 1;
        if (br.kind != EXACT)
            all_exact = 0;
        if (!none) {
            if (first)
                info_move(&acc, &br);
            else if (set_union(&acc.set, &br.set))
                none = 1;   /* too many alternatives to scan for */
        }
        first = 0;
        if (*ps->p != '|')
            break;
        ps->p++;
    }
    info_clear(out);
    if (!none && !ps->failed) {
        info_move(out, &acc);
        out->kind = all_exact ? EXACT : REQ;
        if (out->kind == REQ && set_has_empty(&out->set))
            info_clear(out);
    }
    info_clear(&acc);
    info_clear(&br);
}

/* ---- the scan ------------------------------------------------------------- */

static const unsigned char *lit_text(const struct lit *l)
{
    return (const unsigned char *)l->s + l->anchored;
}

static uint32_t hash3(const unsigned char *f, const unsigned char *s)
{
    uint32_t k = (uint32_t)f[s[0]] | (uint32_t)f[s[1]] << 8 |
                 (uint32_t)f[s[2]] << 16;

    return (k * 2654435761u) >> (32 - HASH_BITS);
}

/*
 * The quick hash of 3 bytes, as the scan computes it for 6 positions at
 * once from 8 bytes read as one little-endian word: every byte OR 0x20
 * (ASCII letters fold to lower case; a few other bytes fold onto each
 * other, which only lets more positions on to the exact test), then
 * k ^ k >> 3 ^ k >> 6 cut to 16 bits, all three bytes in it. A shift and
 * an XOR per word instead of a table look-up and a multiply per byte.
 */
#define QUICK_FOLD 0x2020202020202020u
#define QUICK_MASK ((1u << QUICK_BITS) - 1)

static uint32_t quick_hash(const unsigned char *s)
{
    uint32_t k = ((uint32_t)s[0] | (uint32_t)s[1] << 8 |
                  (uint32_t)s[2] << 16) | 0x202020u;

    return (k ^ k >> 3 ^ k >> 6) & QUICK_MASK;
}

/* 8 bytes as a little-endian word, whatever the machine's order (the
 * compilers make one load of it where that is the order). */
static uint64_t load_le64(const unsigned char *s)
{
    return (uint64_t)s[0] | (uint64_t)s[1] << 8 | (uint64_t)s[2] << 16 |
           (uint64_t)s[3] << 24 | (uint64_t)s[4] << 32 |
           (uint64_t)s[5] << 40 | (uint64_t)s[6] << 48 |
           (uint64_t)s[7] << 56;
}

static uint64_t quick_has(const uint64_t *q, uint32_t h)
{
    return q[h >> 6] >> (h & 63) & 1;
}

/* Rebuilds one index over the literals that are 'anchored' or not. */
static int index_build(struct sb_prefilter *pf, struct index *ix,
                       int anchored)
{
    const unsigned char *f = FOLD;
    uint16_t *order;
    uint32_t h, count[NBUCKETS];
    size_t i;

    order = sb_malloc((pf->n ? pf->n : 1) * sizeof(*order));
    if (!order)
        return -1;
    memset(count, 0, sizeof(count));
    memset(ix->bits, 0, sizeof(ix->bits));
    for (i = 0; i < pf->n; i++)
        if (pf->lits[i].anchored == anchored)
            count[hash3(f, lit_text(&pf->lits[i]) + pf->lits[i].off)]++;
    ix->start[0] = 0;
    for (h = 0; h < NBUCKETS; h++)
        ix->start[h + 1] = (uint16_t)(ix->start[h] + count[h]);
    memset(count, 0, sizeof(count));
    for (i = 0; i < pf->n; i++) {
        if (pf->lits[i].anchored != anchored)
            continue;
        h = hash3(f, lit_text(&pf->lits[i]) + pf->lits[i].off);
        order[ix->start[h] + count[h]++] = (uint16_t)i;
        ix->bits[h / 64] |= (uint64_t)1 << (h % 64);
    }
    sb_free(ix->order);
    ix->order = order;
    return 0;
}

/* The floating index and its quick bitmap, from the literals' keys. */
static int floating_build(struct sb_prefilter *pf)
{
    const struct lit *l;
    uint32_t h;
    size_t i;

    if (index_build(pf, &pf->floating, 0))
        return -1;
    memset(pf->quick, 0, sizeof(pf->quick));
    for (i = 0; i < pf->n; i++) {
        l = &pf->lits[i];
        if (l->anchored)
            continue;
        h = quick_hash(lit_text(l) + l->off);
        pf->quick[h >> 6] |= (uint64_t)1 << (h & 63);
    }
    return 0;
}

static int indexes_build(struct sb_prefilter *pf)
{
    size_t i;

    pf->tags = pf->provable = 0;
    for (i = 0; i < pf->n; i++) {
        pf->tags |= (uint64_t)1 << pf->lits[i].tag;
        if (pf->lits[i].nlinks)
            pf->provable |= (uint64_t)1 << pf->lits[i].tag;
    }
    return floating_build(pf) || index_build(pf, &pf->start, 1) ? -1 : 0;
}

struct sb_prefilter *sb_prefilter_empty(void)
{
    struct sb_prefilter *pf = sb_calloc(1, sizeof(*pf));

    if (pf && indexes_build(pf)) {
        sb_free(pf);
        return NULL;
    }
    return pf;
}

/* How common a byte is in log text: spaces, punctuation and digits are
 * everywhere, and so are English's most frequent letters. The guess keys
 * are chosen by until sb_prefilter_rekey() sees the text itself. */
static int byte_weight(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return strchr("etaoinsrhl", c) ? 2 : 0;
    if (c >= '0' && c <= '9')
        return 3;
    return 4;
}

/* The offset of the rarest 3 bytes of 's' ('len' bytes): the key a scan
 * looks for. Hashing every literal by its first bytes would make " to
 * load" and " to read" share the bucket of the very common " to". */
static size_t rare_offset(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i, best = 0;
    int w, bw = 1 << 30;

    for (i = 0; i + LIT_MIN <= len; i++) {
        w = byte_weight(u[i]) + byte_weight(u[i + 1]) + byte_weight(u[i + 2]);
        if (w < bw) {
            bw = w;
            best = i;
        }
    }
    return best;
}

static int lit_push(struct sb_prefilter *pf, const char *s, unsigned tag)
{
    size_t len = strlen(s);
    char *c;

    if (SB_ARRAY_GROW(pf->lits, pf->n + 1, pf->cap, 60000))
        return -1;
    c = sb_malloc(len + 1);
    if (!c)
        return -1;
    memcpy(c, s, len + 1);
    pf->lits[pf->n].s = c;
    pf->lits[pf->n].anchored = c[0] == ANCHOR;
    pf->lits[pf->n].len = len - (c[0] == ANCHOR);
    pf->lits[pf->n].off = pf->lits[pf->n].anchored ? 0 :
                          rare_offset(c, len);
    pf->lits[pf->n].tag = tag;
    pf->lits[pf->n].link0 = pf->nlinks;
    pf->lits[pf->n].nlinks = 0;
    pf->n++;
    return 0;
}

/* Links the literal just pushed to each proof of pf->proofs[p0..] it can
 * stand in (at every offset where it fits). -1 when out of memory. */
static int lit_link(struct sb_prefilter *pf, size_t p0)
{
    struct lit *l = &pf->lits[pf->n - 1];
    const struct sb_litproof *p;
    size_t j, k;

    for (j = p0; j < pf->proofs.n && l->nlinks < LINKS_MAX; j++) {
        p = &pf->proofs.p[j];
        if (l->anchored && !p->anchored)
            continue;
        for (k = 0; k + l->len <= p->len && l->nlinks < LINKS_MAX; k++) {
            if (l->anchored && k)
                break;
            if (!sb_litproof_fits(p, (const char *)lit_text(l), l->len, k))
                continue;
            if (SB_ARRAY_GROW(pf->links, pf->nlinks + 1, pf->links_cap,
                              SB_ARRAY_MAX))
                return -1;
            pf->links[pf->nlinks].proof = j;
            pf->links[pf->nlinks].k = k;
            pf->nlinks++;
            l->nlinks++;
        }
    }
    return 0;
}

/* Whether string 'i' of 's' is implied by another: a text holding it
 * holds the other too ("x load the" and "x load" need only "x load"). */
static int redundant(const struct strset *s, size_t i)
{
    const char *a = s->s[i], *b;
    size_t j;

    for (j = 0; j < s->n; j++) {
        b = s->s[j];
        if (j == i)
            continue;
        if (b[0] != ANCHOR && strstr(a + (a[0] == ANCHOR), b))
            return 1;
        if (b[0] == ANCHOR && a[0] == ANCHOR &&
            strncmp(a, b, strlen(b)) == 0)
            return 1;
    }
    return 0;
}

/* Whether an option setting turns on 'm' anywhere: then '^' can match
 * after any newline and is no anchor (checked up front because it may
 * come after a '^'). */
static int has_multiline(const char *p)
{
    for (; (p = strstr(p, "(?")) != NULL; p += 2) {
        const char *q = p + 2;
        while (*q && strchr("imnsUJ-^x", *q)) {
            if (*q == 'm')
                return 1;
            q++;
        }
    }
    return 0;
}

struct sb_prefilter *sb_prefilter_new(const char *pattern)
{
    struct parser ps = { pattern, 0, 0, 0 };
    struct info top = { NONE, { NULL, 0, 0 } };
    struct sb_prefilter *pf = NULL;
    size_t i;

    if (!pattern)
        return NULL;
    ps.multiline = has_multiline(pattern);
    parse_alt(&ps, &top);
    if (ps.failed || *ps.p || top.kind == NONE ||
        set_minlen(&top.set) < LIT_MIN)
        goto cleanup;
    pf = sb_calloc(1, sizeof(*pf));
    if (!pf || sb_litproof_derive(pattern, &pf->proofs))
        goto fail;
    for (i = 0; i < top.set.n; i++)
        if (!redundant(&top.set, i) &&
            (lit_push(pf, top.set.s[i], 0) || lit_link(pf, 0)))
            goto fail;
    if (indexes_build(pf) == 0)
        goto cleanup;
fail:
    sb_prefilter_free(pf);
    pf = NULL;
cleanup:
    info_clear(&top);
    return pf;
}

/* Appends to 'dst' the links of literal 'l' of 'src', its proofs now
 * numbered from 'p0' in 'dst'. */
static int links_copy(struct sb_prefilter *dst, const struct sb_prefilter *src,
                      const struct lit *l, size_t p0)
{
    struct lit *d = &dst->lits[dst->n - 1];
    size_t j;

    for (j = 0; j < l->nlinks; j++) {
        if (SB_ARRAY_GROW(dst->links, dst->nlinks + 1, dst->links_cap,
                          SB_ARRAY_MAX))
            return -1;
        dst->links[dst->nlinks] = src->links[l->link0 + j];
        dst->links[dst->nlinks].proof += p0;
        dst->nlinks++;
        d->nlinks++;
    }
    return 0;
}

int sb_prefilter_add(struct sb_prefilter *dst, const struct sb_prefilter *src,
                     unsigned tag)
{
    size_t n0 = dst->n, p0 = dst->proofs.n, l0 = dst->nlinks, i;

    if (tag > 63)
        return -1;
    for (i = 0; i < src->proofs.n; i++)
        if (sb_litproofs_add(&dst->proofs, &src->proofs.p[i]))
            goto fail;
    for (i = 0; i < src->n; i++)
        if (lit_push(dst, src->lits[i].s, tag) ||
            links_copy(dst, src, &src->lits[i], p0))
            goto fail;
    if (indexes_build(dst) == 0)
        return 0;
fail:
    while (dst->n > n0)
        sb_free(dst->lits[--dst->n].s);
    sb_litproofs_truncate(&dst->proofs, p0);
    dst->nlinks = l0;
    return -1;
}

void sb_prefilter_free(struct sb_prefilter *pf)
{
    size_t i;

    if (!pf)
        return;
    for (i = 0; i < pf->n; i++)
        sb_free(pf->lits[i].s);
    sb_free(pf->lits);
    sb_litproofs_release(&pf->proofs);
    sb_free(pf->links);
    sb_free(pf->floating.order);
    sb_free(pf->start.order);
    sb_free(pf);
}

static int window_weight(const unsigned char *u)
{
    return byte_weight(u[0]) + byte_weight(u[1]) + byte_weight(u[2]);
}

/* The offset of the key of 'l' that 'count' (occurrences in a sample, by
 * quick hash) says is rarest; the byte weights break ties. */
static size_t sampled_offset(const struct lit *l, const uint32_t *count)
{
    const unsigned char *u = lit_text(l);
    uint64_t score, best = UINT64_MAX;
    size_t i, at = l->off;

    for (i = 0; i + LIT_MIN <= l->len; i++) {
        score = (uint64_t)count[quick_hash(u + i)] * 16 +
                (uint64_t)window_weight(u + i);
        if (score < best) {
            best = score;
            at = i;
        }
    }
    return at;
}

int sb_prefilter_rekey(struct sb_prefilter *pf, const char *sample,
                       size_t len)
{
    const unsigned char *t = (const unsigned char *)sample;
    uint32_t *count = NULL;
    size_t *old = NULL, i;
    int rc = -1;

    if (!pf || len < REKEY_MIN)
        return 0;
    count = sb_calloc((size_t)1 << QUICK_BITS, sizeof(*count));
    old = sb_malloc((pf->n ? pf->n : 1) * sizeof(*old));
    if (!count || !old)
        goto cleanup;
    for (i = 0; i + LIT_MIN <= len; i++)
        if (count[quick_hash(t + i)] < UINT32_MAX)
            count[quick_hash(t + i)]++;
    for (i = 0; i < pf->n; i++) {
        old[i] = pf->lits[i].off;
        if (!pf->lits[i].anchored)
            pf->lits[i].off = sampled_offset(&pf->lits[i], count);
    }
    rc = floating_build(pf);
    if (rc) {
        /* the index failed before it changed: the old keys still hold */
        for (i = 0; i < pf->n; i++)
            pf->lits[i].off = old[i];
    }
cleanup:
    sb_free(count);
    sb_free(old);
    return rc;
}

static int fold_eq(const unsigned char *f, const unsigned char *t,
                   const char *lit, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (f[t[i]] != (unsigned char)lit[i])
            return 0;
    return 1;
}

/* Whether one of the proofs 'l' leads to holds where it was found, at
 * offset 'at' of 'text'. */
static int proof_at(const struct sb_prefilter *pf, const struct lit *l,
                    const unsigned char *text, size_t len, size_t at)
{
    const struct link *k = pf->links + l->link0;
    size_t j;

    for (j = 0; j < l->nlinks; j++)
        if (at >= k[j].k &&
            sb_litproof_at(&pf->proofs.p[k[j].proof], text, len,
                           at - k[j].k))
            return 1;
    return 0;
}

/* What a scan has found so far. It lives in memory, not in the word
 * loop's registers: that loop is the scan's cost, and it reads only
 * 'done'. */
struct scan_state {
    uint64_t found;         /* tags of the literals found */
    uint64_t proven;        /* tags a proof holds for */
    uint64_t provable;      /* tags to look for proofs of: 0 when the
                               caller wants none */
};

/* The tags no position can change any more: found, or proven where a
 * proof may come. */
static uint64_t state_done(const struct scan_state *st)
{
    return (st->found & ~st->provable) | st->proven;
}

/* The literals of bucket 'h' of 'ix' whose key bytes are at offset 'i' of
 * 'text' ('len' bytes) and that are there whole go into st->found, less
 * those it has. A literal that leads to proofs is tested again wherever
 * it is while its tag may still be proven: when one holds, the tag goes
 * into st->proven too. Returns state_done(). */
static uint64_t bucket_check(const struct sb_prefilter *pf,
                             const struct index *ix, uint32_t h,
                             const unsigned char *text, size_t len,
                             size_t i, struct scan_state *st)
{
    const unsigned char *f = FOLD;
    size_t j;

    for (j = ix->start[h]; j < ix->start[h + 1]; j++) {
        const struct lit *l = &pf->lits[ix->order[j]];
        uint64_t bit = (uint64_t)1 << l->tag;
        int prove = (st->provable & bit) && l->nlinks &&
                    !(st->proven & bit);
        if ((st->found & bit) && !prove)
            continue;
        if (l->off <= i && l->len <= len - (i - l->off) &&
            fold_eq(f, text + i - l->off, (const char *)lit_text(l),
                    l->len)) {
            st->found |= bit;
            if (prove && proof_at(pf, l, text, len, i - l->off))
                st->proven |= bit;
        }
    }
    return state_done(st);
}

/* The exact test of position 'i' once its quick hash is in the bitmap:
 * the literals whose keys hash like the 3 bytes there. */
static uint64_t check_at(const struct sb_prefilter *pf,
                         const unsigned char *t, size_t len, size_t i,
                         struct scan_state *st)
{
    uint32_t h = hash3(FOLD, t + i);

    if (pf->floating.bits[h / 64] >> (h % 64) & 1)
        return bucket_check(pf, &pf->floating, h, t, len, i, st);
    return state_done(st);
}

/* Positions i .. i+5 of a word whose quick test said one of them may
 * hold a key: which, and what is there. Not inlined, and the hashes made
 * again from the text rather than passed in: inlined, the compiler kept
 * the word loop's six hashes for this rare branch and spilled them to
 * the stack on every word. */
__attribute__((noinline))
static uint64_t check_word(const struct sb_prefilter *pf,
                           const unsigned char *t, size_t len, size_t i,
                           struct scan_state *st)
{
    uint64_t w = load_le64(t + i) | QUICK_FOLD, x = w ^ w >> 3 ^ w >> 6;
    int j;

    for (j = 0; j < 6; j++)
        if (quick_has(pf->quick, (uint32_t)(x >> 8 * j) & QUICK_MASK))
            check_at(pf, t, len, i + (size_t)j, st);
    return state_done(st);
}

/*
 * The floating literals: every position i with 3 bytes from it. Eight
 * bytes read at once give the quick hashes of 6 positions (a window needs
 * the 2 bytes after it), tested without a branch each: one branch per 6
 * bytes, rarely taken once the keys suit the text. The last positions,
 * fewer than 8 bytes from the end, go one at a time. The scan ends when
 * every tag is done.
 */
static void scan_floating(const struct sb_prefilter *pf,
                          const unsigned char *t, size_t len,
                          struct scan_state *st)
{
    const uint64_t *q = pf->quick;
    uint64_t all = pf->tags, done = state_done(st), w, x, hit;
    size_t i = 0;

    for (; i + 8 <= len && done != all; i += 6) {
        w = load_le64(t + i) | QUICK_FOLD;
        x = w ^ w >> 3 ^ w >> 6;
        hit = quick_has(q, (uint32_t)x & QUICK_MASK) |
              quick_has(q, (uint32_t)(x >> 8) & QUICK_MASK) |
              quick_has(q, (uint32_t)(x >> 16) & QUICK_MASK) |
              quick_has(q, (uint32_t)(x >> 24) & QUICK_MASK) |
              quick_has(q, (uint32_t)(x >> 32) & QUICK_MASK) |
              quick_has(q, (uint32_t)(x >> 40) & QUICK_MASK);
        if (hit)
            done = check_word(pf, t, len, i, st);
    }
    for (; i + LIT_MIN <= len && done != all; i++)
        if (quick_has(q, quick_hash(t + i)))
            done = check_at(pf, t, len, i, st);
}

static uint64_t scan(const struct sb_prefilter *pf, const char *text,
                     size_t len, struct scan_state *st)
{
    const unsigned char *t = (const unsigned char *)text;
    uint32_t h;

    if (!pf || len < LIT_MIN)
        return 0;
    h = hash3(FOLD, t);
    if (pf->start.bits[h / 64] >> (h % 64) & 1)
        bucket_check(pf, &pf->start, h, t, len, 0, st);
    scan_floating(pf, t, len, st);
    return st->found;
}

uint64_t sb_prefilter_scan(const struct sb_prefilter *pf, const char *text,
                           size_t len)
{
    struct scan_state st = { 0, 0, 0 };

    return scan(pf, text, len, &st);
}

uint64_t sb_prefilter_scan_proven(const struct sb_prefilter *pf,
                                  const char *text, size_t len,
                                  uint64_t *proven)
{
    struct scan_state st = { 0, 0, pf ? pf->provable : 0 };
    uint64_t found = scan(pf, text, len, &st);

    /* the proofs read the text as PCRE2 does only when it is ASCII (no
     * UTF-8 check to fail, no NUL) and short (no match limit to reach) */
    *proven = st.proven;
    if (*proven && (len > SB_LITPROOF_TEXT_MAX ||
                    sb_utf8_ascii_run(text, len) != len))
        *proven = 0;
    return found;
}

size_t sb_prefilter_proofs(const struct sb_prefilter *pf)
{
    return pf ? pf->proofs.n : 0;
}

size_t sb_prefilter_count(const struct sb_prefilter *pf)
{
    return pf ? pf->n : 0;
}

const char *sb_prefilter_literal(const struct sb_prefilter *pf, size_t i)
{
    return pf && i < pf->n ? pf->lits[i].s : NULL;
}
