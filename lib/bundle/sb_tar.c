/*
 * Our own tar reader. libarchive's spends, per entry, a wide-character
 * conversion of the name (only to test for a trailing '/'), its entry
 * object, its string conversions and a copy of every header: 7% of the
 * main thread of analyze on a 17,400-member bundle. This one parses the
 * 512-byte header where it lies in the inflated chunk.
 *
 * Every rule below is libarchive 3.6's (archive_read_support_format_tar.c)
 * for the cases it accepts; everything else defers to libarchive, so the
 * reader can be wrong only by deferring too often, which costs time, not
 * behaviour.
 */
#include "sb_tar.h"

#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"

#define BLOCK 512

/* the header's fields: offset and length */
#define F_MODE 100, 8
#define F_UID 108, 8
#define F_GID 116, 8
#define F_SIZE 124, 12
#define F_MTIME 136, 12
#define F_CHKSUM 148, 8
#define O_TYPE 156
#define O_LINK 157
#define O_MAGIC 257
#define F_DEVMAJOR 329, 8
#define F_DEVMINOR 337, 8
#define O_PREFIX 345
#define O_GNU_SPARSE 386    /* the first sparse entry's offset */
#define O_GNU_REALSIZE 483

struct special {
    char type;              /* 'x', 'g', 'L' or 'K' */
    struct sb_buf body;
};

struct sb_tar {
    sb_tar_pull_fn *pull;
    void *ctx;
    const unsigned char *chunk; /* the pulled chunk, and how far it is read */
    size_t chunk_len, pos;
    unsigned char block[BLOCK]; /* a header that straddles two chunks */
    uint64_t entries;
    uint64_t remaining;     /* the current entry's unread data */
    uint64_t padding;       /* and the zeros after it */
    bool in_entry;          /* data or padding still to pass */
    int final;              /* SB_TAR_END or SB_TAR_DEFER once over */
    bool over;
    struct special specials[SB_TAR_SPECIALS];
    int nspecials;
    struct sb_buf name;
};

struct sb_tar *sb_tar_new(sb_tar_pull_fn *pull, void *ctx)
{
    struct sb_tar *t = sb_calloc(1, sizeof(*t));
    int i;

    if (!t)
        return NULL;
    t->pull = pull;
    t->ctx = ctx;
    for (i = 0; i < SB_TAR_SPECIALS; i++)
        sb_buf_init(&t->specials[i].body, SB_TAR_SPECIAL_MAX);
    /* a name is at most a special's body or prefix + '/' + name */
    sb_buf_init(&t->name, SB_TAR_SPECIAL_MAX);
    return t;
}

void sb_tar_free(struct sb_tar *t)
{
    int i;

    if (!t)
        return;
    for (i = 0; i < SB_TAR_SPECIALS; i++)
        sb_buf_release(&t->specials[i].body);
    sb_buf_release(&t->name);
    sb_free(t);
}

uint64_t sb_tar_entries(const struct sb_tar *t)
{
    return t->entries;
}

/* ---- numbers, as libarchive reads them ------------------------------- */

/* tar_atol_base_n: leading blanks, an optional '-', digits up to the
 * first non-digit; INT64_MAX (or MIN) on overflow. */
static int64_t atol_base(const char *p, size_t n, int base)
{
    int64_t l = 0, limit = INT64_MAX / base, last = INT64_MAX % base;
    int64_t maxval = INT64_MAX;
    int digit, sign = 1;

    while (n && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    if (n && *p == '-') {
        sign = -1;
        p++;
        n--;
        maxval = INT64_MIN;
        limit = -(INT64_MIN / base);
        last = -(INT64_MIN % base);
    }
    while (n) {
        digit = *p - '0';
        if (digit < 0 || digit >= base)
            break;
        if (l > limit || (l == limit && digit >= last))
            return maxval;
        l = l * base + digit;
        p++;
        n--;
    }
    return sign < 0 ? -l : l;
}

/* tar_atol256: big-endian two's complement, the marker bit ignored */
static int64_t atol256(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = *p, neg;
    uint64_t l;

    if (c & 0x40) {
        neg = 0xff;
        c |= 0x80;
        l = ~(uint64_t)0;
    } else {
        neg = 0;
        c &= 0x7f;
        l = 0;
    }
    while (n > sizeof(int64_t)) {
        --n;
        if (c != neg)
            return neg ? INT64_MIN : INT64_MAX;
        c = *++p;
    }
    if ((c ^ neg) & 0x80)
        return neg ? INT64_MIN : INT64_MAX;
    while (--n > 0) {
        l = (l << 8) | c;
        c = *++p;
    }
    l = (l << 8) | c;
    return (int64_t)l;
}

static int64_t tar_atol(const char *p, size_t n)
{
    return (*p & 0x80) ? atol256(p, n) : atol_base(p, n, 8);
}

static int64_t field_num(const unsigned char *h, size_t off, size_t len)
{
    return tar_atol((const char *)h + off, len);
}
#define NUM(h, f) field_num((h), f)

/* ---- header checks --------------------------------------------------- */

static bool is_zero_block(const unsigned char *h)
{
    size_t i;

    for (i = 0; i < BLOCK; i++)
        if (h[i])
            return false;
    return true;
}

/* The sum of a block's bytes, eight at a time (four 16-bit lanes that
 * cannot overflow: 64 words of at most 2 x 255 each). The plain loop was
 * most of this reader's time. */
static unsigned block_sum(const unsigned char *h)
{
    const uint64_t lanes = 0x00ff00ff00ff00ffULL;
    const uint64_t pairs = 0x0000ffff0000ffffULL;
    uint64_t acc = 0, w;
    size_t i;

    for (i = 0; i < BLOCK; i += 8) {
        memcpy(&w, h + i, sizeof(w));
        acc += (w & lanes) + ((w >> 8) & lanes);
    }
    acc = (acc & pairs) + ((acc >> 16) & pairs);
    return (unsigned)((acc & 0xffffffffu) + (acc >> 32));
}

/* libarchive's checksum(): the field octal, and the sum of the bytes
 * (the field as blanks) unsigned, or signed as some old tars wrote it */
static bool checksum_ok(const unsigned char *h)
{
    int64_t sum;
    long check;
    size_t i;

    for (i = 148; i < 156; i++)
        if (h[i] != ' ' && h[i] != '\0' && (h[i] < '0' || h[i] > '7'))
            return false;
    sum = NUM(h, F_CHKSUM);
    check = (long)block_sum(h) + 8 * ' ';
    for (i = 148; i < 156; i++)
        check -= h[i];
    if (sum == check)
        return true;
    /* signed: each byte from 0x80 up counts 256 less */
    for (i = 0; i < BLOCK; i++)
        if (h[i] >= 0x80 && (i < 148 || i >= 156))
            check -= 256;
    return sum == check;
}

/* the bidder's validate_number_field() */
static bool number_field_ok(const unsigned char *h, size_t off, size_t len)
{
    const unsigned char *p = h + off;
    size_t i = 0;

    if (p[0] == 128 || p[0] == 255 || p[0] == 0)
        return true;
    while (i < len && p[i] == ' ')
        i++;
    while (i < len && p[i] >= '0' && p[i] <= '7')
        i++;
    for (; i < len; i++)
        if (p[i] != ' ' && p[i] != 0)
            return false;
    return true;
}
#define NUMBER_OK(h, f) number_field_ok((h), f)

static bool is_special(char type)
{
    return type == 'x' || type == 'g' || type == 'L' || type == 'K';
}

static bool is_plain(char type)
{
    return (type >= '0' && type <= '7') || type == '\0';
}

bool sb_tar_first_block_ok(const void *block, size_t len)
{
    const unsigned char *h = block;

    if (len < BLOCK || is_zero_block(h) || !checksum_ok(h))
        return false;
    if (!is_plain((char)h[O_TYPE]) && !is_special((char)h[O_TYPE]))
        return false;
    return NUMBER_OK(h, F_MODE) && NUMBER_OK(h, F_UID) &&
           NUMBER_OK(h, F_GID) && NUMBER_OK(h, F_MTIME) &&
           NUMBER_OK(h, F_SIZE) && NUMBER_OK(h, F_DEVMAJOR) &&
           NUMBER_OK(h, F_DEVMINOR);
}

/* ---- the stream ------------------------------------------------------ */

/* Makes a byte available. Returns 1, 0 at the stream's end, -1 on error. */
static int fill(struct sb_tar *t)
{
    const void *buf;
    ssize_t n;

    while (t->pos >= t->chunk_len) {
        n = t->pull(t->ctx, &buf);
        if (n <= 0)
            return n == 0 ? 0 : -1;
        t->chunk = buf;
        t->chunk_len = (size_t)n;
        t->pos = 0;
    }
    return 1;
}

/* The next block, where it lies when it can (a chunk holds whole blocks
 * but the last), else copied together. Returns 1 with '*h' set, 0 at the
 * stream's end exactly, -1 when short or on error. */
static int next_block(struct sb_tar *t, const unsigned char **h)
{
    size_t have = 0, take;
    int r;

    r = fill(t);
    if (r <= 0)
        return r;
    if (t->chunk_len - t->pos >= BLOCK) {
        *h = t->chunk + t->pos;
        t->pos += BLOCK;
        return 1;
    }
    while (have < BLOCK) {
        if (fill(t) <= 0)
            return -1;
        take = t->chunk_len - t->pos;
        if (take > BLOCK - have)
            take = BLOCK - have;
        memcpy(t->block + have, t->chunk + t->pos, take);
        t->pos += take;
        have += take;
    }
    *h = t->block;
    return 1;
}

/* Passes 'n' bytes, appending them to 'out' unless NULL. Returns 0, or -1
 * when the stream ends first or fails. */
static int pass(struct sb_tar *t, uint64_t n, struct sb_buf *out)
{
    size_t take;

    while (n) {
        if (fill(t) <= 0)
            return -1;
        take = t->chunk_len - t->pos;
        if (take > n)
            take = (size_t)n;
        if (out && sb_buf_add(out, t->chunk + t->pos, take))
            return -1;
        t->pos += take;
        n -= take;
    }
    return 0;
}

static int over(struct sb_tar *t, int how)
{
    t->over = true;
    t->final = how;
    return how;
}

/* ---- special headers ------------------------------------------------- */

/* Reads a special header's body (libarchive's read_body_to_string: at
 * most 1 MiB, then its padding). */
static int read_special(struct sb_tar *t, const unsigned char *h)
{
    int64_t size = NUM(h, F_SIZE);
    struct special *s;

    if (t->nspecials == SB_TAR_SPECIALS || size < 0 ||
        (uint64_t)size > SB_TAR_SPECIAL_MAX)
        return -1;
    s = &t->specials[t->nspecials++];
    s->type = (char)h[O_TYPE];
    sb_buf_reset(&s->body);
    if (pass(t, ((uint64_t)size + 511) & ~(uint64_t)511, &s->body) ||
        s->body.len < (size_t)size)
        return -1;
    sb_buf_truncate(&s->body, (size_t)size);
    return 0;
}

/* What an entry's headers say, built up as libarchive applies them. */
struct head {
    enum sb_tar_kind kind;
    int64_t size;           /* data bytes */
    bool has_link;          /* a link name, from the header or after */
};

static bool has_high_bit(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] & 0x80)
            return true;
    return false;
}

static int set_name(struct sb_tar *t, const char *s, size_t n)
{
    sb_buf_reset(&t->name);
    return sb_buf_add(&t->name, s, strnlen(s, n)) ? -1 : 0;
}

/* A link name over the header's: only on links, whose kind it keeps
 * (on anything else libarchive makes it a hard link: left to it). */
static int set_link(struct head *hd)
{
    if (hd->kind != SB_TAR_HARDLINK && hd->kind != SB_TAR_SYMLINK)
        return -1;
    hd->has_link = true;
    return 0;
}

/* One pax record's key and value; -1 for a key whose effect this reader
 * does not reproduce. */
static int pax_key(struct sb_tar *t, struct head *hd, const char *key,
                   size_t klen, const char *val, size_t vlen)
{
    /* libarchive reads values as C strings */
    size_t slen = strnlen(val, vlen);

#define KEY(k) (klen == sizeof(k) - 1 && !memcmp(key, k, klen))
    if (KEY("path")) {
        if (has_high_bit(val, slen))    /* converted from UTF-8 */
            return -1;
        return slen ? set_name(t, val, slen) : 0;
    }
    if (KEY("linkpath")) {
        if (has_high_bit(val, slen))
            return -1;
        return slen ? set_link(hd) : 0;
    }
    if (KEY("size")) {
        hd->size = atol_base(val, slen, 10);
        return hd->size < 0 || hd->size == INT64_MAX ? -1 : 0;
    }
    if (KEY("hdrcharset") || KEY("SCHILY.realsize") ||
        KEY("SUN.holesdata") || (klen >= 10 && !memcmp(key, "GNU.sparse", 10))
        || (klen >= 10 && !memcmp(key, "SCHILY.acl", 10)))
        return -1;
#undef KEY
    return 0;       /* times, owners, xattrs: nothing we read */
}

/* libarchive's pax_header(), where it would not warn: "len key=value\n"
 * records filling the body exactly. */
static int apply_pax(struct sb_tar *t, struct head *hd, const struct sb_buf *b)
{
    const char *p, *end, *rec, *key, *eq;
    size_t len;

    if (!b->len)        /* an empty body: no records, no buffer */
        return 0;
    p = b->data;
    end = b->data + b->len;
    while (p < end) {
        rec = p;
        len = 0;
        while (p < end && *p >= '0' && *p <= '9') {
            len = len * 10 + (size_t)(*p - '0');
            if (len > 999999)
                return -1;
            p++;
        }
        if (p == end || *p != ' ' || p == rec || len < 1 ||
            len > (size_t)(end - rec) || rec[len - 1] != '\n')
            return -1;
        key = ++p;
        if (key >= rec + len - 1 || *key == '=')
            return -1;
        eq = memchr(key, '=', (size_t)(rec + len - 1 - key));
        if (!eq || memchr(key, '\0', (size_t)(eq - key)))
            return -1;
        if (pax_key(t, hd, key, (size_t)(eq - key), eq + 1,
                    (size_t)(rec + len - 1 - (eq + 1))))
            return -1;
        p = rec + len;
    }
    return 0;
}

/* The specials, innermost (read last) first: the outermost wins, as in
 * libarchive's recursion. */
static int apply_specials(struct sb_tar *t, struct head *hd)
{
    struct special *s;
    int i;

    for (i = t->nspecials - 1; i >= 0; i--) {
        s = &t->specials[i];
        if (s->type == 'L') {
            if (set_name(t, s->body.data ? s->body.data : "", s->body.len))
                return -1;
        } else if (s->type == 'K') {
            if (set_link(hd))
                return -1;
        } else if (s->type == 'x') {
            if (apply_pax(t, hd, &s->body))
                return -1;
        }
    }
    return 0;
}

/* ---- the entry header ------------------------------------------------ */

static int header_name(struct sb_tar *t, const unsigned char *h)
{
    const char *prefix = (const char *)h + O_PREFIX;
    size_t plen;

    /* ustar (not GNU's "ustar  \0") puts a prefix before the name */
    if (memcmp(h + O_MAGIC, "ustar  \0", 8) &&
        !memcmp(h + O_MAGIC, "ustar", 5) && prefix[0]) {
        plen = strnlen(prefix, 155);
        sb_buf_reset(&t->name);
        if (sb_buf_add(&t->name, prefix, plen) ||
            (prefix[plen - 1] != '/' && sb_buf_addc(&t->name, '/')) ||
            sb_buf_add(&t->name, h, strnlen((const char *)h, 100)))
            return -1;
        return 0;
    }
    return set_name(t, (const char *)h, 100);
}

/* The entry's header: its kind and size as header_common() sets them. */
static int header_kind(const unsigned char *h, struct head *hd)
{
    char type = (char)h[O_TYPE];

    hd->size = NUM(h, F_SIZE);
    if (hd->size < 0 || hd->size == INT64_MAX)
        return -1;
    /* GNU sparse files and sizes beside the header's: libarchive's */
    if (!memcmp(h + O_MAGIC, "ustar  \0", 8) &&
        (h[O_GNU_REALSIZE] || h[O_GNU_SPARSE]))
        return -1;
    hd->has_link = h[O_LINK] != '\0';
    switch (type) {
    case '1':
        /* a hard link's size means data or not by the archive's history
         * (pax or not); an empty link name by libarchive's string state */
        if (hd->size > 0 || !hd->has_link)
            return -1;
        hd->kind = SB_TAR_HARDLINK;
        return 0;
    case '2':
        if (!hd->has_link)
            return -1;
        hd->kind = SB_TAR_SYMLINK;
        break;
    case '5':
        hd->kind = SB_TAR_DIR;
        break;
    case '3':
    case '4':
    case '6':
        hd->kind = SB_TAR_OTHER;
        break;
    default:        /* '0', '7', '\0' */
        hd->kind = SB_TAR_REG;
        return 0;
    }
    hd->size = 0;
    return 0;
}

/* Reads the headers of one entry. Returns SB_TAR_ENTRY, SB_TAR_END or
 * SB_TAR_DEFER. */
static int read_entry(struct sb_tar *t, struct sb_tar_entry *e)
{
    const unsigned char *h;
    struct head hd;
    int r;

    t->nspecials = 0;
    for (;;) {
        r = next_block(t, &h);
        /* the stream's end at a block boundary ends the archive (some
         * writers leave out the zero blocks), but not between an
         * entry's headers */
        if (r == 0 && !t->nspecials)
            return SB_TAR_END;
        if (r <= 0)
            return SB_TAR_DEFER;
        if (h[0] == 0 && is_zero_block(h))
            return t->nspecials ? SB_TAR_DEFER : SB_TAR_END;
        if (!checksum_ok(h))
            return SB_TAR_DEFER;
        if (!is_special((char)h[O_TYPE]))
            break;
        if (read_special(t, h))
            return SB_TAR_DEFER;
    }
    if (!is_plain((char)h[O_TYPE]) || header_name(t, h) ||
        header_kind(h, &hd) || apply_specials(t, &hd))
        return SB_TAR_DEFER;
    /* "regular" with a trailing '/' is a folder, and its data none */
    if (hd.kind == SB_TAR_REG && t->name.len &&
        t->name.data[t->name.len - 1] == '/') {
        hd.kind = SB_TAR_DIR;
        t->remaining = 0;
        t->padding = 0;
    } else {
        t->remaining = (uint64_t)hd.size;
        t->padding = (uint64_t)(-hd.size) & 511;
    }
    t->in_entry = true;
    t->entries++;
    e->name = sb_buf_str(&t->name);
    e->kind = hd.kind;
    e->size = hd.kind == SB_TAR_REG ? (uint64_t)hd.size : 0;
    return SB_TAR_ENTRY;
}

int sb_tar_next(struct sb_tar *t, struct sb_tar_entry *e)
{
    int r;

    if (t->over)
        return t->final;
    if (t->in_entry && pass(t, t->remaining + t->padding, NULL))
        return over(t, SB_TAR_DEFER);
    t->in_entry = false;
    t->remaining = t->padding = 0;
    r = read_entry(t, e);
    return r == SB_TAR_ENTRY ? r : over(t, r);
}

ssize_t sb_tar_read(struct sb_tar *t, void *buf, size_t n)
{
    size_t got = 0, take;

    if (t->over)
        return t->final == SB_TAR_DEFER ? SB_TAR_DEFER : 0;
    if (!t->in_entry)
        return 0;
    while (got < n) {
        /* the entry's end: its padding passed now, as libarchive does
         * when a read reaches it */
        if (!t->remaining) {
            if (pass(t, t->padding, NULL))
                return over(t, SB_TAR_DEFER);
            t->padding = 0;
            t->in_entry = false;
            break;
        }
        if (fill(t) <= 0)
            return over(t, SB_TAR_DEFER);
        take = t->chunk_len - t->pos;
        if (take > n - got)
            take = n - got;
        if (take > t->remaining)
            take = (size_t)t->remaining;
        memcpy((char *)buf + got, t->chunk + t->pos, take);
        t->pos += take;
        t->remaining -= take;
        got += take;
    }
    return (ssize_t)got;
}
