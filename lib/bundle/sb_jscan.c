#include "sb_jscan.h"

#include <limits.h>
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sb_alloc.h"

/* A node and the place of its text. 'j' comes first: the cJSON pointer
 * the tree hands out is the node's own address (sb_jscan_span). */
struct jnode {
    cJSON j;
    uint32_t off;   /* first byte of the value in the text */
    uint32_t len;   /* bytes of the value */
};

struct sb_jscan_chunk {
    struct sb_jscan_chunk *next;
    size_t cap;     /* bytes after the head */
    size_t ready;   /* bytes from the room's start faulted in already */
};
/* the head, rounded so that what follows is aligned for any node */
#define CHUNK_HEAD ((sizeof(struct sb_jscan_chunk) + 15) & ~(size_t)15)
#define CHUNK_MIN ((size_t)64 << 10)
#define CHUNK_MAX ((size_t)64 << 20)   /* a huge member's tree in pieces */
#define PREFAULT ((size_t)256 << 10)

/* An open array or object. */
struct frame {
    struct jnode *node;
    struct jnode *last;     /* its last member so far, NULL when none */
};

struct parser {
    struct sb_jscan *js;
    const unsigned char *text, *p, *end;
    char *cur, *lim;        /* free room in the newest chunk */
    char *ready;            /* end of its prefaulted part */
    uintptr_t page;         /* the system's page size */
    size_t next_cap;        /* the next chunk's size */
    int rc;                 /* why the parse stopped: SB_E_* */
    unsigned char decimal_point;
};

/* ---- the arena ---- */

static void free_chunks(struct sb_jscan *js)
{
    struct sb_jscan_chunk *c, *next;

    for (c = js->chunks; c; c = next) {
        next = c->next;
        sb_free(c);
    }
    js->chunks = NULL;
    js->used = 0;
}

void sb_jscan_init(struct sb_jscan *js, size_t max)
{
    js->chunks = NULL;
    js->used = 0;
    js->max = max;
    js->stop = 0;
    js->spare = NULL;
}

void sb_jscan_release(struct sb_jscan *js)
{
    free_chunks(js);
    sb_free(js->spare);
    js->spare = NULL;
    js->stop = 0;
}

void sb_jscan_limit(struct sb_jscan *js, size_t max)
{
    js->max = max;
}

void sb_jscan_recycle(struct sb_jscan *js, size_t keep)
{
    struct sb_jscan_chunk *c, *next, *best = js->spare;

    for (c = js->chunks; c; c = next) {
        next = c->next;
        if (c->cap <= keep && (!best || c->cap > best->cap)) {
            sb_free(best);
            best = c;
        } else {
            sb_free(c);
        }
    }
    js->chunks = NULL;
    js->used = 0;
    js->stop = 0;
    js->spare = best;
}

/* 'n' within CHUNK_MIN .. CHUNK_MAX */
static size_t chunk_size(size_t n)
{
    return n < CHUNK_MIN ? CHUNK_MIN : n > CHUNK_MAX ? CHUNK_MAX : n;
}

/* A chunk of at least 'need' bytes, as large as the growth plan says and
 * the limit allows. False with ps->rc set when neither can be had. */
static bool new_chunk(struct parser *ps, size_t need)
{
    struct sb_jscan *js = ps->js;
    struct sb_jscan_chunk *c = js->spare;
    size_t room = js->max - js->used;   /* used <= max, always */
    size_t cap = ps->next_cap > need ? ps->next_cap : need;

    if (c && c->cap >= need && c->cap <= room) {
        /* the last tree's chunk, its pages in memory already: a fresh
         * one each member was a page fault each 4 KiB of every tree */
        js->spare = NULL;
        cap = c->cap;
    } else {
        if (cap > room)
            cap = room;
        if (cap < need || cap > SIZE_MAX - CHUNK_HEAD) {
            ps->rc = SB_E_TOOBIG;
            return false;
        }
        c = sb_malloc(CHUNK_HEAD + cap);
        if (!c) {
            ps->rc = SB_E_NOMEM;
            return false;
        }
        c->cap = cap;
        c->ready = 0;
    }
    c->next = js->chunks;
    js->chunks = c;
    js->used += cap;
    ps->cur = (char *)c + CHUNK_HEAD;
    ps->lim = ps->cur + cap;
    ps->ready = ps->cur + c->ready;
    /* past the estimate, a text's worth at a time: a tree overshoots by
     * little, and a chunk left mostly unused is handed back to malloc
     * untouched, for others to fault in */
    ps->next_cap = chunk_size((size_t)(ps->end - ps->text));
    return true;
}

/* Faults in the next PREFAULT bytes of the chunk as the arena reaches
 * them. Each first touch of a page traps into the kernel, which costs
 * microseconds in a virtual machine: the arena is most of what a load
 * touches afresh, and one madvise for 64 pages took a fifth off the
 * bench's load. Where the call is missing or refused (before Linux 5.14),
 * pages fault in one by one as before. */
static void prefault(struct parser *ps)
{
    uintptr_t mask = ~(ps->page - 1);
    uintptr_t from = ((uintptr_t)ps->ready + ps->page - 1) & mask;
    uintptr_t to = (((uintptr_t)ps->cur + ps->page - 1) & mask) + PREFAULT;
    uintptr_t lim = (uintptr_t)ps->lim & mask;

    /* whole pages of the chunk only */
    if (to > lim)
        to = lim;
#ifdef MADV_POPULATE_WRITE
    if (to > from)
        (void)madvise((void *)from, (size_t)(to - from), MADV_POPULATE_WRITE);
#endif
    ps->ready = to > (uintptr_t)ps->cur ? (char *)to : ps->lim;
    ps->js->chunks->ready = (size_t)(ps->ready -
                                     ((char *)ps->js->chunks + CHUNK_HEAD));
}

/* 'n' bytes, aligned to 8 when 'aligned'; NULL with ps->rc set. */
static void *take(struct parser *ps, size_t n, bool aligned)
{
    size_t pad = aligned ? (size_t)(-(uintptr_t)ps->cur & 7) : 0;
    void *p;

    if (!ps->cur || n + pad > (size_t)(ps->lim - ps->cur)) {
        if (!new_chunk(ps, n))
            return NULL;
        pad = 0;    /* a chunk's room starts aligned */
    }
    p = ps->cur + pad;
    ps->cur += pad + n;
    if (ps->cur > ps->ready && ps->page)
        prefault(ps);
    return p;
}

static struct jnode *new_node(struct parser *ps)
{
    struct jnode *n = take(ps, sizeof(*n), true);

    if (n)
        memset(n, 0, sizeof(*n));
    return n;
}

/* ---- tokens ---- */

static bool refuse(struct parser *ps)
{
    ps->rc = SB_E_FORMAT;
    return false;
}

static void skip_ws(struct parser *ps)
{
    const unsigned char *p = ps->p;

    while (p < ps->end && (*p == ' ' || *p == '\n' || *p == '\r' ||
                           *p == '\t'))
        p++;
    ps->p = p;
}

/* Nonzero when one of the 8 bytes in 'x' ends a string's plain run: a
 * quote, a backslash or a control character. Each test flags such bytes
 * in their top bit; a flag above the first one may be false (a borrow),
 * the lowest one never is. */
static uint64_t plain_stop(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL;
    const uint64_t highs = 0x8080808080808080ULL;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');

    return (((q - ones) & ~q) | ((b - ones) & ~b) |
            ((x - ones * 0x20) & ~x)) & highs;
}

/* The first byte from 'q' that ends a plain run, or the start of the last
 * 7 or fewer bytes before 'end'. */
static const unsigned char *plain_run(const unsigned char *q,
                                      const unsigned char *end)
{
    uint64_t x, stop;

    while (end - q >= 8) {
        memcpy(&x, q, 8);
        if ((stop = plain_stop(x)) != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            q += __builtin_ctzll(stop) >> 3;    /* the lowest flag */
#endif
            return q;
        }
        q += 8;
    }
    return q;
}

static int hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The 4 hex digits at 'p' (which has them), or -1. */
static long hex4(const unsigned char *p)
{
    long v = 0;
    int i, d;

    for (i = 0; i < 4; i++) {
        if ((d = hex_digit(p[i])) < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Decodes the \u escape at 'p' (one, or a surrogate pair) as cJSON's
 * utf16_literal_to_utf8 does, into 'out'. Returns the bytes of text read,
 * 0 when cJSON would refuse it or it is not strict (a non-hex digit). */
static size_t unicode_escape(const unsigned char *p, const unsigned char *end,
                             char **out)
{
    long first, second;
    unsigned long cp;
    size_t used = 6, n, i;
    unsigned char mark, *o = (unsigned char *)*out;

    if (end - p < 6 || (first = hex4(p + 2)) < 0 ||
        (first >= 0xDC00 && first <= 0xDFFF))
        return 0;
    cp = (unsigned long)first;
    if (first >= 0xD800 && first <= 0xDBFF) {
        if (end - p < 12 || p[6] != '\\' || p[7] != 'u' ||
            (second = hex4(p + 8)) < 0 || second < 0xDC00 ||
            second > 0xDFFF)
            return 0;
        cp = 0x10000 + ((((unsigned long)first & 0x3FF) << 10) |
                        ((unsigned long)second & 0x3FF));
        used = 12;
    }
    if (cp < 0x80) {
        n = 1;
        mark = 0;
    } else if (cp < 0x800) {
        n = 2;
        mark = 0xC0;
    } else if (cp < 0x10000) {
        n = 3;
        mark = 0xE0;
    } else {
        n = 4;
        mark = 0xF0;
    }
    for (i = n - 1; i > 0; i--) {
        o[i] = (unsigned char)((cp | 0x80) & 0xBF);
        cp >>= 6;
    }
    o[0] = (unsigned char)(n > 1 ? (cp | mark) & 0xFF : cp & 0x7F);
    *out += n;
    return used;
}

/* Decodes the escaped string body [s, e) into 'out' (which has room for
 * e - s bytes and a NUL: an escape never decodes longer than itself). */
static bool unescape(struct parser *ps, const unsigned char *s,
                     const unsigned char *e, char *out)
{
    size_t used;

    while (s < e) {
        if (*s != '\\') {
            *out++ = (char)*s++;
            continue;
        }
        switch (s[1]) {     /* s + 1 < e: the scan saw to that */
        case '"':
        case '\\':
        case '/':
            *out++ = (char)s[1];
            break;
        case 'b':
            *out++ = '\b';
            break;
        case 'f':
            *out++ = '\f';
            break;
        case 'n':
            *out++ = '\n';
            break;
        case 'r':
            *out++ = '\r';
            break;
        case 't':
            *out++ = '\t';
            break;
        case 'u':
            if (!(used = unicode_escape(s, e, &out)))
                return refuse(ps);
            s += used;
            continue;
        default:
            return refuse(ps);
        }
        s += 2;
    }
    *out = '\0';
    return true;
}

/* The string at ps->p (its opening quote) into the arena: *out, after
 * its length up to the first NUL as 4 bytes (sb_jscan_strlen). */
static bool scan_string(struct parser *ps, char **out)
{
    const unsigned char *s = ps->p + 1, *q = s, *end = ps->end;
    bool escaped = false;
    uint32_t len;
    char *p;
    size_t n;

    for (;;) {
        q = plain_run(q, end);
        if (q == end)
            return refuse(ps);
        if (*q == '"')
            break;
        if (*q == '\\') {
            if (end - q < 2)
                return refuse(ps);
            escaped = true;
            q += 2;
            continue;
        }
        if (*q < 0x20)
            return refuse(ps);
        q++;
    }
    n = (size_t)(q - s);    /* < 4 GiB: so is the text */
    if (!(p = take(ps, sizeof(len) + n + 1, false)))
        return false;
    *out = p + sizeof(len);
    if (escaped) {
        if (!unescape(ps, s, q, *out))
            return false;
        len = (uint32_t)strlen(*out);   /* "\u0000" ends it for C */
    } else {
        memcpy(*out, s, n);
        (*out)[n] = '\0';
        len = (uint32_t)n;
    }
    memcpy(p, &len, sizeof(len));
    ps->p = q + 1;
    return true;
}

static bool is_digit(const unsigned char *p, const unsigned char *end)
{
    return p < end && *p >= '0' && *p <= '9';
}

static const unsigned char *skip_digits(const unsigned char *p,
                                        const unsigned char *end)
{
    while (is_digit(p, end))
        p++;
    return p;
}

/* A number, read the way cJSON's parse_number reads it: its characters
 * (the '.' made the locale's decimal point) through strtod. */
static bool scan_number(struct parser *ps, cJSON *j)
{
    const unsigned char *s = ps->p, *q = s, *end = ps->end;
    char buf[64], *after;
    double d;
    size_t n, i;

    if (q < end && *q == '-')
        q++;
    if (!is_digit(q, end))
        return refuse(ps);
    q = *q == '0' ? q + 1 : skip_digits(q, end);
    if (q < end && *q == '.') {
        if (!is_digit(++q, end))
            return refuse(ps);
        q = skip_digits(q, end);
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < end && (*q == '+' || *q == '-'))
            q++;
        if (!is_digit(q, end))
            return refuse(ps);
        q = skip_digits(q, end);
    }
    /* cJSON reads 63 characters at most: a longer number is its call */
    n = (size_t)(q - s);
    if (n >= sizeof(buf))
        return refuse(ps);
    for (i = 0; i < n; i++)
        buf[i] = s[i] == '.' ? (char)ps->decimal_point : (char)s[i];
    buf[n] = '\0';
    d = strtod(buf, &after);
    if (after != buf + n)
        return refuse(ps);
    j->type = cJSON_Number;
    j->valuedouble = d;
    if (d >= INT_MAX)
        j->valueint = INT_MAX;
    else if (d <= (double)INT_MIN)
        j->valueint = INT_MIN;
    else
        j->valueint = (int)d;
    ps->p = q;
    return true;
}

static bool literal(struct parser *ps, const char *word, size_t n)
{
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return refuse(ps);
    ps->p += n;
    return true;
}

/* A scalar value at ps->p into 'n'. */
static bool scan_scalar(struct parser *ps, struct jnode *n)
{
    switch (*ps->p) {
    case '"':
        n->j.type = cJSON_String;
        return scan_string(ps, &n->j.valuestring);
    case 't':
        n->j.type = cJSON_True;
        n->j.valueint = 1;
        return literal(ps, "true", 4);
    case 'f':
        n->j.type = cJSON_False;
        return literal(ps, "false", 5);
    case 'n':
        n->j.type = cJSON_NULL;
        return literal(ps, "null", 4);
    default:
        return scan_number(ps, &n->j);
    }
}

/* ---- structure ---- */

/* An object member's start: "key" ':' with white space around, the key
 * into *key. */
static bool scan_key(struct parser *ps, char **key)
{
    if (ps->p == ps->end || *ps->p != '"')
        return refuse(ps);
    if (!scan_string(ps, key))
        return false;
    skip_ws(ps);
    if (ps->p == ps->end || *ps->p != ':')
        return refuse(ps);
    ps->p++;
    skip_ws(ps);
    return true;
}

static void link_child(struct frame *f, struct jnode *n)
{
    if (!f->last) {
        f->node->j.child = &n->j;
    } else {
        f->last->j.next = &n->j;
        n->j.prev = &f->last->j;
    }
    f->last = n;
}

/* Closes the container of 'f' whose last byte was just read. */
static void close_frame(struct parser *ps, struct frame *f)
{
    struct jnode *n = f->node;

    ps->p++;
    n->len = (uint32_t)((size_t)(ps->p - ps->text) - n->off);
    if (n->j.child)
        n->j.child->prev = &f->last->j;     /* cJSON's ring to the end */
}

static bool is_object(const struct frame *f)
{
    return f->node->j.type == cJSON_Object;
}

/* After a value: closes what ends here, then reads up to the next value
 * (its key too, inside an object). Sets *done when the root is complete. */
static bool after_value(struct parser *ps, struct frame *stack, int *depth,
                        char **key, bool *done)
{
    struct frame *f;

    for (;;) {
        if (*depth == 0) {
            *done = true;
            return true;
        }
        f = &stack[*depth - 1];
        skip_ws(ps);
        if (ps->p == ps->end)
            return refuse(ps);
        if (*ps->p == ',') {
            ps->p++;
            skip_ws(ps);
            return is_object(f) ? scan_key(ps, key) : true;
        }
        if (*ps->p != (is_object(f) ? '}' : ']'))
            return refuse(ps);
        close_frame(ps, f);
        (*depth)--;
    }
}

/* Opens the container at ps->p ('n'); an empty one is closed at once.
 * Otherwise reads up to its first value (and key). */
static bool open_container(struct parser *ps, struct jnode *n,
                           struct frame *stack, int *depth, char **key,
                           bool *empty)
{
    struct frame *f;

    if (*depth == CJSON_NESTING_LIMIT)
        return refuse(ps);
    f = &stack[(*depth)++];
    f->node = n;
    f->last = NULL;
    n->j.type = *ps->p == '{' ? cJSON_Object : cJSON_Array;
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == (is_object(f) ? '}' : ']')) {
        close_frame(ps, f);
        (*depth)--;
        *empty = true;
        return true;
    }
    *empty = false;
    return is_object(f) ? scan_key(ps, key) : true;
}

static int parse(struct parser *ps, const cJSON **root)
{
    struct frame stack[CJSON_NESTING_LIMIT];
    struct jnode *n, *top = NULL;
    char *key = NULL;
    int depth = 0;
    bool done = false, empty;

    skip_ws(ps);
    while (!done) {
        if (ps->p == ps->end)
            return SB_E_FORMAT;
        if (!(n = new_node(ps)))
            return ps->rc;
        n->off = (uint32_t)(ps->p - ps->text);
        n->j.string = key;
        key = NULL;
        if (depth)
            link_child(&stack[depth - 1], n);
        else
            top = n;
        if (*ps->p == '{' || *ps->p == '[') {
            if (!open_container(ps, n, stack, &depth, &key, &empty))
                return ps->rc;
            if (!empty)
                continue;
        } else {
            if (!scan_scalar(ps, n))
                return ps->rc;
            n->len = (uint32_t)((size_t)(ps->p - ps->text) - n->off);
        }
        if (!after_value(ps, stack, &depth, &key, &done))
            return ps->rc;
    }
    skip_ws(ps);
    if (ps->p != ps->end)
        return SB_E_FORMAT;     /* bytes after the value */
    *root = &top->j;
    return 0;
}

int sb_jscan_parse(struct sb_jscan *js, const char *text, size_t len,
                   const cJSON **root)
{
    struct parser ps;
    long page;
    int rc;

    *root = NULL;
    free_chunks(js);
    js->stop = 0;
    if (len > UINT32_MAX)
        return SB_E_TOOBIG;     /* spans are 32-bit */
    memset(&ps, 0, sizeof(ps));
    ps.js = js;
    ps.text = (const unsigned char *)text;
    ps.p = ps.text;
    ps.end = ps.text + len;
    /* one chunk for the whole tree, mostly: nodes of 72 bytes and the
     * strings copied take 4 to 6 times a List's text (the bench's Events
     * and Pods); 5 left the fewest pages to fault in (6,200 to 2,800 on
     * the bench, 12% of the load) */
    ps.next_cap = chunk_size(len * 5);
    ps.decimal_point = (unsigned char)localeconv()->decimal_point[0];
    page = sysconf(_SC_PAGESIZE);
    /* a power of two, or prefaulting is left out */
    ps.page = page > 0 && (page & (page - 1)) == 0 ? (uintptr_t)page : 0;
    rc = parse(&ps, root);
    if (rc) {
        js->stop = (size_t)(ps.p - ps.text);
        free_chunks(js);
        *root = NULL;
    }
    return rc;
}

size_t sb_jscan_strlen(const cJSON *node)
{
    uint32_t len;

    memcpy(&len, node->valuestring - sizeof(len), sizeof(len));
    return len;
}

void sb_jscan_span(const cJSON *node, size_t *off, size_t *len)
{
    const struct jnode *n = (const struct jnode *)node;

    *off = n->off;
    *len = n->len;
}

/* The surrogate class of the \u escape at 'p' (p[0] is the backslash,
 * p + 6 <= end): 1 high, 2 low, 0 neither or not 4 hex digits. */
static int surrogate_at(const unsigned char *p, const unsigned char *end)
{
    long v;

    if (end - p < 6 || p[1] != 'u' || (v = hex4(p + 2)) < 0)
        return 0;
    if (v >= 0xD800 && v <= 0xDBFF)
        return 1;
    return v >= 0xDC00 && v <= 0xDFFF ? 2 : 0;
}

size_t sb_jscan_fix_surrogates(char *text, size_t len)
{
    unsigned char *p = (unsigned char *)text, *end = p + len;
    size_t fixed = 0;
    int kind;

    /* a backslash outside a string is not JSON: any text cJSON takes has
     * its backslashes in strings, each starting an escape pair, so the
     * pairs can be walked without tracking where strings begin */
    while (p < end &&
           (p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
        if (end - p < 2)
            break;
        kind = surrogate_at(p, end);
        if (kind == 1 && surrogate_at(p + 6, end) == 2) {
            p += 12;            /* a pair: a character beyond U+FFFF */
            continue;
        }
        if (kind) {
            memcpy(p + 2, "fffd", 4);
            fixed++;
            p += 6;
            continue;
        }
        p += 2;
    }
    return fixed;
}
