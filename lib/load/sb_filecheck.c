/*
 * The files table of a bundle in memory, and its check against the
 * manifest: see private/sb_filecheck.h.
 *
 * Rows and manifest entries are sorted by path (with their place as the
 * tie-break) once, at the end: duplicates are then neighbours, and one
 * merge of the two sorted lists marks what matched, what is missing and
 * what is unlisted, in the path order the problems are reported in.
 */
#include "sb_filecheck.h"

#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_hasher.h"

/* As many members as the hasher keeps digests for (16 Mi), hundreds of
 * times the 37,000 of a 15,000-pod bundle; the manifest's list alike. */
#define MEMBERS_MAX ((size_t)16 << 20)
#define LISTED_MAX ((size_t)16 << 20)
/* paths, errors and listed digests, back to back */
#define STRS_MAX ((size_t)1 << 30)

static const char *const status_names[] = {
    "ok", "skipped", "partial", "error", "mismatch", "missing", "unlisted"
};

const char *sb_filecheck_status_name(enum sb_fc_status status)
{
    return (size_t)status < sizeof(status_names) / sizeof(*status_names)
        ? status_names[status] : "error";
}

void sb_filecheck_init(struct sb_filecheck *fc)
{
    memset(fc, 0, sizeof(*fc));
    sb_buf_init(&fc->strs, STRS_MAX);
}

static void forget_paths(struct sb_filecheck *fc)
{
    sb_free(fc->by_path);
    fc->by_path = NULL;
    fc->by_path_cap = fc->by_path_n = 0;
}

void sb_filecheck_release(struct sb_filecheck *fc)
{
    sb_buf_release(&fc->strs);
    sb_free(fc->members);
    sb_free(fc->listed);
    sb_free(fc->problems);
    forget_paths(fc);
    sb_filecheck_init(fc);
}

const char *sb_filecheck_str(const struct sb_filecheck *fc, uint32_t off)
{
    return off == SB_FC_NONE ? NULL : fc->strs.data + off;
}

/* Copies 's' ('len' bytes, and a NUL) into the strings; *off gets its
 * offset. */
static int keep_bytes(struct sb_filecheck *fc, const char *s, size_t len,
                      uint32_t *off, struct sb_err *err)
{
    size_t at = fc->strs.len;
    int rc;

    rc = sb_buf_add(&fc->strs, s, len + 1);
    if (rc == SB_E_TOOBIG)
        return sb_err_set(err, rc, "the bundle's member paths pass %zu "
                          "bytes", (size_t)STRS_MAX);
    if (rc)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    *off = (uint32_t)at;        /* below STRS_MAX, 2^30 */
    return 0;
}

/* keep_bytes of a C string; NULL keeps nothing and gives SB_FC_NONE */
static int keep_str(struct sb_filecheck *fc, const char *s, uint32_t *off,
                    struct sb_err *err)
{
    if (!s) {
        *off = SB_FC_NONE;
        return 0;
    }
    return keep_bytes(fc, s, strlen(s), off, err);
}

static int grow_error(int rc, const char *what, size_t max,
                      struct sb_err *err)
{
    if (rc == SB_E_TOOBIG)
        return sb_err_set(err, rc, "the bundle has more than %zu %s", max,
                          what);
    return sb_err_set(err, SB_E_NOMEM, "out of memory");
}

int sb_filecheck_member(struct sb_filecheck *fc, const char *path,
                        uint64_t size, enum sb_fc_status status,
                        const char *error, int64_t ticket,
                        struct sb_err *err)
{
    struct sb_fc_member m;
    int rc;

    memset(&m, 0, sizeof(m));
    if (ticket > INT32_MAX)
        return sb_err_set(err, SB_E_TOOBIG, "the bundle has more than %ld "
                          "members", (long)INT32_MAX);
    m.size = size;
    m.ticket = ticket < 0 ? -1 : (int32_t)ticket;
    m.status = (unsigned char)status;
    m.listed = SB_FC_NONE;
    rc = SB_ARRAY_GROW(fc->members, fc->nmembers + 1, fc->members_alloc,
                       MEMBERS_MAX);
    if (rc)
        return grow_error(rc, "members", MEMBERS_MAX, err);
    if ((rc = keep_str(fc, path, &m.path, err)) ||
        (rc = keep_str(fc, error, &m.error, err)))
        return rc;
    fc->members[fc->nmembers++] = m;
    return 0;
}

void sb_filecheck_digest(struct sb_filecheck *fc, size_t member,
                         const unsigned char sha[32])
{
    struct sb_fc_member *m = &fc->members[member];

    memcpy(m->sha, sha, sizeof(m->sha));
    m->has_sha = true;
}

/* each lowercase hex digit's value plus one; 0 for any other byte */
static const unsigned char hex_plus1[256] = {
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
    ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12,
    ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

/* 's' as the 32 bytes it spells when it is exactly 64 lowercase hex
 * digits; false otherwise ('sha' then undefined). Anything else, upper
 * case included, is kept as text, as it was written. A table, not tests:
 * a digest an entry, hundreds of thousands of them. */
static bool parse_digest(const char *s, unsigned char sha[32])
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i;

    for (i = 0; i < 32; i++) {
        /* stops at the first bad byte: a shorter string's NUL is one */
        unsigned hi = hex_plus1[u[2 * i]], lo;
        if (!hi || !(lo = hex_plus1[u[2 * i + 1]]))
            return false;
        sha[i] = (unsigned char)((hi - 1) << 4 | (lo - 1));
    }
    return s[64] == '\0';
}

const char *sb_filecheck_listed_sha(const struct sb_filecheck *fc,
                                    const struct sb_fc_listed *l,
                                    char buf[65])
{
    if (l->sha_kind == SB_FC_SHA_RAW) {
        sb_hasher_hex(l->sha, buf);
        return buf;
    }
    return l->sha_kind == SB_FC_SHA_TEXT ? sb_filecheck_str(fc, l->sha_text)
                                         : NULL;
}

/* ---- members by path, so that entries share their paths ---- */

/* FNV-1a: paths of one bundle differ in their last bytes mostly, which
 * it mixes in as well as the first */
static uint64_t path_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void by_path_put(struct sb_filecheck *fc, uint32_t member)
{
    size_t mask = fc->by_path_cap - 1;
    size_t i = (size_t)path_hash(fc->strs.data + fc->members[member].path)
               & mask;

    while (fc->by_path[i])
        i = (i + 1) & mask;
    fc->by_path[i] = member + 1;
}

/* Every member read so far in the table, which grows to keep it at most
 * half full. False when out of memory: entries then keep their own
 * paths, as they always may. */
static bool by_path_fill(struct sb_filecheck *fc)
{
    size_t i, cap = fc->by_path_cap ? fc->by_path_cap : 1024;

    while (cap < 2 * fc->nmembers)
        cap *= 2;
    if (cap != fc->by_path_cap) {
        uint32_t *t = sb_calloc(cap, sizeof(*t));
        if (!t)
            return false;
        sb_free(fc->by_path);
        fc->by_path = t;
        fc->by_path_cap = cap;
        fc->by_path_n = 0;
    }
    for (i = fc->by_path_n; i < fc->nmembers; i++)
        by_path_put(fc, (uint32_t)i);
    fc->by_path_n = fc->nmembers;
    return true;
}

/* The offset of a member's path equal to 'path', SB_FC_NONE if none.
 * A manifest lists the files in the order they were written, so the
 * member after the last one found is tried first, and the table is built
 * only when that guess fails. */
static uint32_t shared_path(struct sb_filecheck *fc, const char *path)
{
    size_t mask, i;

    if (fc->next_guess < fc->nmembers &&
        !strcmp(fc->strs.data + fc->members[fc->next_guess].path, path))
        return fc->members[fc->next_guess++].path;
    if (fc->by_path_n < fc->nmembers && !by_path_fill(fc))
        return SB_FC_NONE;
    if (!fc->by_path_cap)
        return SB_FC_NONE;
    mask = fc->by_path_cap - 1;
    for (i = (size_t)path_hash(path) & mask; fc->by_path[i];
         i = (i + 1) & mask) {
        uint32_t m = fc->by_path[i] - 1, off = fc->members[m].path;
        if (!strcmp(fc->strs.data + off, path)) {
            fc->next_guess = (size_t)m + 1;
            return off;
        }
    }
    return SB_FC_NONE;
}

int sb_filecheck_listed(struct sb_filecheck *fc, const char *path,
                        const int64_t *size, const char *sha256,
                        struct sb_err *err)
{
    struct sb_fc_listed l;
    int rc;

    memset(&l, 0, sizeof(l));
    l.sha_text = SB_FC_NONE;
    if (size) {
        l.size = *size;
        l.has_size = true;
    }
    rc = SB_ARRAY_GROW(fc->listed, fc->nlisted + 1, fc->listed_alloc,
                       LISTED_MAX);
    if (rc)
        return grow_error(rc, "files listed in its manifest", LISTED_MAX,
                          err);
    l.path = shared_path(fc, path);
    if (l.path == SB_FC_NONE && (rc = keep_str(fc, path, &l.path, err)))
        return rc;
    if (sha256 && parse_digest(sha256, l.sha)) {
        l.sha_kind = SB_FC_SHA_RAW;
    } else if (sha256) {
        l.sha_kind = SB_FC_SHA_TEXT;
        if ((rc = keep_str(fc, sha256, &l.sha_text, err)))
            return rc;
    }
    fc->listed[fc->nlisted++] = l;
    return 0;
}

/* ---- the check ---- */

struct by_path {
    const char *path;
    size_t index;
};

/* strcmp compares as unsigned char, as SQLite's BINARY does for text
 * without NULs; the place breaks ties so that the later comes last */
static int by_path_cmp(const void *a, const void *b)
{
    const struct by_path *x = a, *y = b;
    int c = strcmp(x->path, y->path);

    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* 'n' entries of 'offs' (path offsets, 'stride' bytes apart) sorted by
 * path; NULL when out of memory. */
static struct by_path *sort_paths(const struct sb_filecheck *fc,
                                  const void *items, size_t n, size_t stride)
{
    struct by_path *v = sb_malloc(n ? n * sizeof(*v) : 1);
    size_t i;

    if (!v)
        return NULL;
    for (i = 0; i < n; i++) {
        const uint32_t *off = (const uint32_t *)(const void *)
            ((const char *)items + i * stride);
        v[i].path = fc->strs.data + *off;
        v[i].index = i;
    }
    qsort(v, n, sizeof(*v), by_path_cmp);
    return v;
}

/* Sorted members to one a path, the last read: the earlier are marked
 * replaced, and the survivor takes the digest of the last that has one
 * (each digest used to be written over the survivor's row in turn).
 * Leaves the survivors at the front of 'v'; returns their count. */
static size_t settle_duplicates(struct sb_filecheck *fc, struct by_path *v,
                                size_t n)
{
    size_t i, j, out = 0;

    for (i = 0; i < n; i = j) {
        struct sb_fc_member *last;
        size_t k;

        for (j = i + 1; j < n && !strcmp(v[j].path, v[i].path); j++)
            ;
        last = &fc->members[v[j - 1].index];
        for (k = j - 1; k > i && !last->has_sha; k--) {
            const struct sb_fc_member *m = &fc->members[v[k - 1].index];
            if (m->has_sha) {
                memcpy(last->sha, m->sha, sizeof(last->sha));
                last->has_sha = true;
            }
        }
        for (k = i; k + 1 < j; k++)
            fc->members[v[k].index].replaced = true;
        v[out++] = v[j - 1];
    }
    return out;
}

/* Sorted entries to one a path, the last listed (INSERT OR REPLACE into
 * the old temporary table kept the last). Returns the count left. */
static size_t settle_listed(struct by_path *v, size_t n)
{
    size_t i, out = 0;

    for (i = 0; i < n; i++)
        if (i + 1 == n || strcmp(v[i].path, v[i + 1].path))
            v[out++] = v[i];
    return out;
}

/* lower(listed) = digest, ASCII case folding as SQLite's lower() */
static bool same_digest(const struct sb_filecheck *fc,
                        const struct sb_fc_listed *l,
                        const unsigned char sha[32])
{
    static const char hex[] = "0123456789abcdef";
    const char *listed = sb_filecheck_str(fc, l->sha_text);
    size_t i;

    if (l->sha_kind == SB_FC_SHA_RAW)
        return !memcmp(l->sha, sha, 32);
    for (i = 0; i < 64; i++) {
        char c = listed[i];
        char want = hex[(sha[i / 2] >> (i % 2 ? 0 : 4)) & 15];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != want)
            return false;
    }
    return listed[64] == '\0';
}

static int add_problem(struct sb_filecheck *fc, uint32_t path,
                       uint32_t listed,
                       enum sb_fc_status status, struct sb_err *err)
{
    int rc = SB_ARRAY_GROW(fc->problems, fc->nproblems + 1,
                           fc->problems_alloc, MEMBERS_MAX + LISTED_MAX);

    if (rc)
        return grow_error(rc, "problems", MEMBERS_MAX + LISTED_MAX, err);
    fc->problems[fc->nproblems].path = path;
    fc->problems[fc->nproblems].listed = listed;
    fc->problems[fc->nproblems].status = (unsigned char)status;
    fc->nproblems++;
    return 0;
}

/* A member against its entry (NULL when unlisted): as the old UPDATEs,
 * a listed digest that differs makes any status 'mismatch', and a member
 * with no listed digest that loaded or was skipped is 'unlisted'. */
static int judge(struct sb_filecheck *fc, struct sb_fc_member *m,
                 uint32_t listed, struct sb_err *err)
{
    const struct sb_fc_listed *l = listed == SB_FC_NONE ? NULL
                                                        : &fc->listed[listed];
    bool lsha = l && l->sha_kind != SB_FC_SHA_NONE;

    m->listed = listed;
    if (m->has_sha && lsha && !same_digest(fc, l, m->sha))
        m->status = SB_FC_MISMATCH;
    else if (!lsha && (m->status == SB_FC_OK || m->status == SB_FC_SKIPPED)
             && strcmp(fc->strs.data + m->path, "manifest.json"))
        m->status = SB_FC_UNLISTED;
    if (m->status == SB_FC_MISMATCH || m->status == SB_FC_UNLISTED)
        return add_problem(fc, m->path, SB_FC_NONE,
                           (enum sb_fc_status)m->status, err);
    return 0;
}

/* One merge of the survivors and the entries, both sorted by path. */
static int merge(struct sb_filecheck *fc, const struct by_path *mv,
                 size_t nm, const struct by_path *lv, size_t nl,
                 struct sb_err *err)
{
    size_t i = 0, j = 0;
    int rc = 0;

    while (rc == 0 && (i < nm || j < nl)) {
        int c = i == nm ? 1 : j == nl ? -1 : strcmp(mv[i].path, lv[j].path);
        if (c < 0) {
            rc = judge(fc, &fc->members[mv[i++].index], SB_FC_NONE, err);
        } else if (c == 0) {
            rc = judge(fc, &fc->members[mv[i++].index],
                       (uint32_t)lv[j++].index, err);
        } else {
            rc = add_problem(fc, fc->listed[lv[j].index].path,
                             (uint32_t)lv[j].index, SB_FC_MISSING, err);
            j++;
        }
    }
    return rc;
}

int sb_filecheck_resolve(struct sb_filecheck *fc, bool has_manifest,
                         struct sb_err *err)
{
    struct by_path *mv = NULL, *lv = NULL;
    size_t nm, nl = 0;
    int rc = 0;

    fc->nproblems = 0;
    forget_paths(fc);       /* no more entries come */
    mv = sort_paths(fc, fc->members ? &fc->members[0].path : NULL,
                    fc->nmembers, sizeof(*fc->members));
    if (!mv)
        goto nomem;
    nm = settle_duplicates(fc, mv, fc->nmembers);
    if (has_manifest) {
        lv = sort_paths(fc, fc->listed ? &fc->listed[0].path : NULL,
                        fc->nlisted, sizeof(*fc->listed));
        if (!lv)
            goto nomem;
        nl = settle_listed(lv, fc->nlisted);
        rc = merge(fc, mv, nm, lv, nl, err);
    }
    goto cleanup;
nomem:
    rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
cleanup:
    sb_free(mv);
    sb_free(lv);
    return rc;
}

/* ---- the manifest's list, without a tree of the whole manifest ----
 *
 * A tree of a 15,000-pod bundle's 6 MB manifest takes a 30 MB arena,
 * nearly all for the file list, at the end of the walk when the load
 * holds the most. The list is cut out of the text instead and its items
 * parsed one at a time; this only finds where things lie. It validates
 * just the structure around the pieces: the caller's parser judges each
 * piece, and a whole that these pieces make is valid exactly when they
 * are. Anything unusual says "not simple", for a parse of the whole. */

/* nesting inside the list's items, at most: real ones have none */
#define ITEM_DEPTH_MAX 32
/* other members: their parse judges the depth, this only counts */
#define OTHER_DEPTH_MAX (1 << 30)

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_ws(const char *t, size_t len, size_t i)
{
    while (i < len && is_ws(t[i]))
        i++;
    return i;
}

/* Past the string starting at t[i] ('"'); 0 when it does not end.
 * *escaped says whether it holds a backslash. */
static size_t skip_string(const char *t, size_t len, size_t i, bool *escaped)
{
    *escaped = false;
    for (i++; i < len; i++) {
        if (t[i] == '\\') {
            *escaped = true;
            i++;
        } else if (t[i] == '"') {
            return i + 1;
        }
    }
    return 0;
}

/* Past the value starting at t[i]; 0 when it does not end or nests
 * deeper than 'depth_max'. Brackets are only counted, not matched: the
 * parser of the piece checks them. */
static size_t skip_value(const char *t, size_t len, size_t i, int depth_max)
{
    int depth = 0;
    bool esc;

    while (i < len) {
        char c = t[i];
        if (c == '"') {
            if (!(i = skip_string(t, len, i, &esc)))
                return 0;
        } else if (c == '{' || c == '[') {
            if (++depth > depth_max)
                return 0;
            i++;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return i;       /* the container's end: not ours */
            depth--;
            i++;
        } else if (depth == 0 && (c == ',' || is_ws(c))) {
            return i;
        } else {
            i++;
        }
        if (depth == 0 && (c == '"' || c == '}' || c == ']'))
            return i;
    }
    return depth == 0 ? i : 0;
}

bool sb_filecheck_find_list(const char *t, size_t len, size_t *cut_off,
                            size_t *cut_len, size_t *list_off,
                            size_t *list_len)
{
    size_t i = skip_ws(t, len, 0), key, end, prev_comma = (size_t)-1;
    bool esc, is_files;

    if (i >= len || t[i] != '{')
        return false;
    i = skip_ws(t, len, i + 1);
    while (i < len && t[i] == '"') {
        key = i;
        if (!(i = skip_string(t, len, i, &esc)) || esc)
            return false;       /* an escaped key might spell "files" */
        is_files = i - key == 7 && !memcmp(t + key, "\"files\"", 7);
        i = skip_ws(t, len, i);
        if (i >= len || t[i] != ':')
            return false;
        i = skip_ws(t, len, i + 1);
        if (is_files) {
            if (i >= len || t[i] != '[')
                return false;   /* cJSON would walk another type */
            *list_off = i;
            if (!(end = skip_value(t, len, i, ITEM_DEPTH_MAX + 1)) ||
                t[end - 1] != ']')
                return false;
            *list_len = end - i;
            i = skip_ws(t, len, end);
            if (i < len && t[i] == ',') {
                *cut_off = key;         /* the member and its comma */
                *cut_len = i + 1 - key;
            } else if (i < len && t[i] == '}') {
                *cut_off = prev_comma == (size_t)-1 ? key : prev_comma;
                *cut_len = end - *cut_off;
            } else {
                return false;
            }
            return true;
        }
        if (!(i = skip_value(t, len, i, OTHER_DEPTH_MAX)))
            return false;
        i = skip_ws(t, len, i);
        if (i >= len || t[i] != ',')
            return false;       /* the end, or not JSON: no list */
        prev_comma = i;
        i = skip_ws(t, len, i + 1);
    }
    return false;
}

int sb_filecheck_next_item(const char *t, size_t len, size_t *pos,
                           size_t *off, size_t *ilen)
{
    size_t i = *pos, end;

    if (i == 0 || i > len)
        return -1;
    if (t[i - 1] == '[') {      /* the first item, or none */
        i = skip_ws(t, len, i);
        if (i < len && t[i] == ']') {
            *pos = len;
            return 0;
        }
    } else {
        i = skip_ws(t, len, i);
        if (i < len && t[i] == ']' && i + 1 == len)
            return 0;
        if (i >= len || t[i] != ',')
            return -1;
        i = skip_ws(t, len, i + 1);
    }
    if (i >= len || !(end = skip_value(t, len, i, ITEM_DEPTH_MAX)) ||
        end == i)
        return -1;
    *off = i;
    *ilen = end - i;
    *pos = end;
    return 1;
}

void sb_filecheck_unlist(struct sb_filecheck *fc, size_t n)
{
    /* their strings stay: a few bytes, once, for a manifest read twice */
    if (n < fc->nlisted)
        fc->nlisted = n;
}
