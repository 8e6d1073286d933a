/*
 * Kubernetes objects into the database: every object into 'objects' (raw
 * JSON), the kinds the rules join on into their typed tables.
 *
 * Parsing: sb_jscan reads a member into a cJSON tree held in one arena and
 * lends each List item's own bytes for 'objects.json'; text it refuses
 * (not strict JSON) goes to cJSON, whose tree is the same for what both
 * accept, with a bracket-counting skipper for the items' bytes. The
 * typed loaders walk either tree alike. Rows wait in per-table batches and
 * go 64 to an INSERT (see "rows" below). On the bench's resources
 * (bench_load, 33,040 objects) this took the load from 0.58 to 0.28 s,
 * every table's rows unchanged.
 *
 * One file, though about two thousand lines: the typed loaders read the
 * objects through the small static accessors at the top and fill rows
 * through the batching below them, on the loader's hottest path, where
 * the compiler can inline both. Moving the typed loaders (the longest
 * section) out would make each accessor and each cell an external call
 * across the library, or a header of static inline functions shared by
 * two files, to save a reader nothing: each section stands alone, and a
 * kind's loader is found from load_typed, which names them all.
 */
#include "sb_load_ctx.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_jscan.h"
#include "sb_pod_status.h"
#include "sb_quantity.h"
#include "sb_time.h"

/* ---- small JSON accessors: absent or wrongly typed reads as NULL ---- */

/* Whether member name 's' is 'key': strcmp only once the first two bytes
 * match, which most members' do not (lookups were a tenth of a load). */
static bool name_is(const char *s, const char *key)
{
    if (s[0] != key[0])
        return false;
    if (!key[0])
        return true;
    /* s[1] exists: s[0] is key[0], not the NUL */
    return s[1] == key[1] && (!key[1] || strcmp(s + 2, key + 2) == 0);
}

/* cJSON_GetObjectItemCaseSensitive's walk: the first member named 'key',
 * none past a member without a name. */
static const cJSON *get(const cJSON *o, const char *key)
{
    const cJSON *c;

    if (!o || !key)
        return NULL;
    for (c = o->child; c && c->string; c = c->next)
        if (name_is(c->string, key))
            return c;
    return NULL;
}

/* get() of each of the 'n' keys in one walk over the members of 'o': a
 * dozen lookups on an object are a dozen walks otherwise, each a cache
 * miss per member. out[i] is the first member named keys[i], NULL when
 * there is none or keys[i] is NULL. */
static void get_each(const cJSON *o, const char *const *keys,
                     const cJSON **out, int n)
{
    const cJSON *c;
    const char *s;
    int i, left = 0;

    for (i = 0; i < n; i++) {
        out[i] = NULL;
        left += keys[i] != NULL;
    }
    for (c = o ? o->child : NULL; c && (s = c->string) && left;
         c = c->next) {
        for (i = 0; i < n; i++) {
            if (!out[i] && keys[i] && name_is(s, keys[i])) {
                out[i] = c;
                left--;
                break;
            }
        }
    }
}

static const cJSON *obj_of(const cJSON *v)
{
    return cJSON_IsObject(v) ? v : NULL;
}

static const char *str_of(const cJSON *v)
{
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *getobj(const cJSON *o, const char *key)
{
    return obj_of(get(o, key));
}

static const char *getstr(const cJSON *o, const char *key)
{
    return str_of(get(o, key));
}

/* A string or a number as text ("8080" for targetPort 8080). */
static const char *jtext(const cJSON *o, const char *key, char buf[32])
{
    const cJSON *v = get(o, key);

    if (cJSON_IsString(v))
        return v->valuestring;
    if (cJSON_IsNumber(v)) {
        snprintf(buf, 32, "%.15g", v->valuedouble);
        return buf;
    }
    return NULL;
}

struct jtime {
    char s[SB_TIME_MAX];
};

static int two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Whether 's' starts with a time sb_time_normalize gives back as it is:
 * "2024-02-29T23:59:59Z", a real UTC date and time of years 1900-9999,
 * without a fraction. Nearly every time in a bundle is one: checking them
 * is cheaper than parsing and printing them again. */
static bool time_is_normal(const char *s)
{
    static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
    static const int mdays[] = { 31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31 };
    int i, y, mo, d;

    /* in order, so that a shorter string stops at its NUL */
    for (i = 0; form[i]; i++)
        if (form[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != form[i])
            return false;
    y = two_digits(s) * 100 + two_digits(s + 2);
    mo = two_digits(s + 5);
    d = two_digits(s + 8);
    if (y < 1900 || mo < 1 || mo > 12 || d < 1 || two_digits(s + 11) > 23 ||
        two_digits(s + 14) > 59 || two_digits(s + 17) > 59)
        return false;
    if (mo == 2 && d == 29)
        return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    return d <= mdays[mo - 1];
}

/* Normalised UTC time of string 'v', NULL when absent or not a time. */
static const char *time_of(const cJSON *v, struct jtime *t)
{
    const char *s = str_of(v);

    if (!s)
        return NULL;
    if (time_is_normal(s)) {
        memcpy(t->s, s, 20);
        t->s[20] = '\0';
        return t->s;
    }
    return sb_time_normalize(s, t->s) ? t->s : NULL;
}

static const char *gettime(const cJSON *o, const char *key, struct jtime *t)
{
    return time_of(get(o, key), t);
}

/* ---- rows: a typed loader fills a row, 64 rows go to one INSERT ----
 *
 * One INSERT of 64 rows costs far less than 64 of one row (the per-
 * statement work: step, cursors opened and closed, halt, reset), and a
 * List brings thousands of objects. A row's cells hold their values until
 * the batch is written: text from the parsed tree or the member is lent
 * (both outlive the batch, flushed before the member's end), short-lived
 * text (times normalised on the stack, printed JSON) is copied into the
 * batch. Each table's rows are written in the order they were made, so
 * rowids come out as one INSERT per row gave them. */

#define BATCH 64
#define ROWS2(r) r "," r
#define ROWS4(r) ROWS2(r) "," ROWS2(r)
#define ROWS8(r) ROWS4(r) "," ROWS4(r)
#define ROWS16(r) ROWS8(r) "," ROWS8(r)
#define ROWS32(r) ROWS16(r) "," ROWS16(r)
#define ROWS64(r) ROWS32(r) "," ROWS32(r)

/* Every table starts with bundle_id: it is ?1 in every row, bound once
 * per statement ("?" after it numbers on from the largest so far). 64 rows
 * of 38 columns (containers) stay far below SQLite's limit of 32766
 * parameters per statement. */
struct table {
    const char *one;    /* INSERT of one row */
    const char *many;   /* of BATCH rows */
};
#define TABLE(name, rest) {                                             \
    "INSERT INTO " name " VALUES (?1," rest ")",                        \
    "INSERT INTO " name " VALUES " ROWS64("(?1," rest ")") }

enum table_id {
    T_OBJECTS, T_OWNERS, T_PODS, T_POD_CONDITIONS, T_CONTAINERS, T_NODES,
    T_NODE_CONDITIONS, T_NODE_TAINTS, T_NODE_RESOURCES, T_NAMESPACES,
    T_WORKLOADS, T_WORKLOAD_CONDITIONS, T_SERVICES, T_ENDPOINTS,
    T_INGRESSES, T_PVCS, T_PVS, T_STORAGECLASSES, T_QUOTAS, T_EVENTS,
    T_METRICS, T_COUNT
};

/* the columns after bundle_id */
#define P4 "?,?,?,?"
#define P8 P4 "," P4
#define P16 P8 "," P8
static const struct table tables[T_COUNT] = {
    [T_OBJECTS] = TABLE("objects", P8 ",?,?"),
    [T_OWNERS] = TABLE("owners", P4 ",?,?,?"),
    [T_PODS] = TABLE("pods", P16 "," P8 "," P4 ",?,?"),
    [T_POD_CONDITIONS] = TABLE("pod_conditions", P4 ",?,?,?"),
    [T_CONTAINERS] = TABLE("containers", P16 "," P16 "," P4 ",?"),
    [T_NODES] = TABLE("nodes", P16),
    [T_NODE_CONDITIONS] = TABLE("node_conditions", P4 ",?,?,?"),
    [T_NODE_TAINTS] = TABLE("node_taints", P4 ",?"),
    [T_NODE_RESOURCES] = TABLE("node_resources", P4 ",?,?"),
    [T_NAMESPACES] = TABLE("namespaces", "?,?,?"),
    [T_WORKLOADS] = TABLE("workloads", P16 "," P4 ",?"),
    [T_WORKLOAD_CONDITIONS] = TABLE("workload_conditions", P8),
    [T_SERVICES] = TABLE("services", P8 ",?,?"),
    [T_ENDPOINTS] = TABLE("endpoints", P8),
    [T_INGRESSES] = TABLE("ingresses", P8),
    [T_PVCS] = TABLE("pvcs", P8 ",?,?"),
    [T_PVS] = TABLE("pvs", P8),
    [T_STORAGECLASSES] = TABLE("storageclasses", P4 ",?"),
    [T_QUOTAS] = TABLE("quotas", P4 ",?,?,?"),
    [T_EVENTS] = TABLE("events", P16),
    [T_METRICS] = TABLE("metrics", "'metrics.k8s.io'," P4 ",?,NULL,?,?"),
};

enum cell_type { C_NULL, C_INT, C_DOUBLE, C_TEXT, C_COPY };

struct cell {
    enum cell_type type;
    int len;                /* bytes; C_TEXT: -1 for up to the NUL */
    union {
        sqlite3_int64 i;
        double d;
        const char *s;      /* C_TEXT: lent until the batch is written */
        size_t off;         /* C_COPY: where in the batch's 'text' */
    } v;
};

struct batch {
    struct cell *cells;     /* BATCH rows of 'ncols'; NULL until used */
    int ncols;              /* parameters of one row */
    int n;                  /* rows waiting */
    bool nomem;             /* a copy failed: the batch is not written */
    struct sb_buf text;     /* the copied text of the waiting rows */
};

/* What one member's load holds until its rows are written. */
struct loader {
    struct sb_load_ctx *ctx;
    const char *file, *resource;    /* the member's, lent by the caller */
    int file_len, resource_len;
    struct batch b[T_COUNT];
    char list_kind[128];    /* "Pod" of a PodList: its items' kind */
    bool scanned;           /* the tree is sb_jscan's: it knows the
                               lengths of its strings */
    bool is_yaml;           /* 'file' is LIKE '%.yaml' (sb_load_finish) */
};

/* A row being filled; columns count from 1, as SQL parameters do. */
struct row {
    struct batch *b;
    struct cell *c;
    bool scanned;           /* the loader's */
};

static void loader_init(struct loader *ld, struct sb_load_ctx *ctx)
{
    int t;

    memset(ld, 0, sizeof(*ld));
    ld->ctx = ctx;
    /* no limit of its own: the copies are of the member's own values, and
     * the member's size is capped where it is read */
    for (t = 0; t < T_COUNT; t++)
        sb_buf_init(&ld->b[t].text, SB_BUF_UNLIMITED);
}

static void loader_release(struct loader *ld)
{
    int t;

    for (t = 0; t < T_COUNT; t++) {
        sb_free(ld->b[t].cells);
        sb_buf_release(&ld->b[t].text);
    }
    memset(ld, 0, sizeof(*ld));
}

/* Binds the cell to parameter 'i', which is NULL already (a NULL cell
 * binds nothing: a million binds are a tenth of the insert time). */
static void bind_cell(sqlite3_stmt *st, int i, const struct batch *b,
                      const struct cell *c)
{
    switch (c->type) {
    case C_INT:
        sqlite3_bind_int64(st, i, c->v.i);
        break;
    case C_DOUBLE:
        sqlite3_bind_double(st, i, c->v.d);
        break;
    case C_TEXT:
        sqlite3_bind_text(st, i, c->v.s, c->len, SQLITE_STATIC);
        break;
    case C_COPY:
        sqlite3_bind_text(st, i, b->text.data + c->v.off, c->len,
                          SQLITE_STATIC);
        break;
    default:
        break;
    }
}

/* Binds the row of 'cells' as the statement's row 'k'. Its first cell,
 * bundle_id, is ?1. */
static void bind_row(sqlite3_stmt *st, int k, const struct batch *b,
                     const struct cell *cells)
{
    int c, at = 2 + k * (b->ncols - 1);

    for (c = 1; c < b->ncols; c++)
        bind_cell(st, at + c - 1, b, &cells[c]);
}

/* Writes 'm' rows of the batch from row 'first' with 'sql', the INSERT
 * of 'm' rows. */
static int write_rows(struct loader *ld, const struct batch *b,
                      const char *sql, int first, int m, struct sb_err *err)
{
    sqlite3_stmt *st = sb_db_stmt(ld->ctx->db, sql, err);
    int k;

    if (!st)
        return err->code;
    sqlite3_bind_int64(st, 1, ld->ctx->bundle_id);
    for (k = 0; k < m; k++)
        bind_row(st, k, b, b->cells + (size_t)(first + k) * (size_t)b->ncols);
    return sb_db_run(ld->ctx->db, st, err);
}

/* Writes table 't''s waiting rows: a full batch in one statement, the
 * rest of a member one by one (a statement for 16 at a time measured no
 * faster). The batch is empty afterwards, written or not. */
static int flush(struct loader *ld, enum table_id t, struct sb_err *err)
{
    struct batch *b = &ld->b[t];
    int k, n = b->n, rc = 0;

    b->n = 0;
    if (n && b->nomem) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
    } else if (n == BATCH) {
        rc = write_rows(ld, b, tables[t].many, 0, BATCH, err);
    } else {
        for (k = 0; rc == 0 && k < n; k++)
            rc = write_rows(ld, b, tables[t].one, k, 1, err);
    }
    b->nomem = false;
    sb_buf_reset(&b->text);
    return rc;
}

/* Writes every table's waiting rows. */
static int loader_flush(struct loader *ld, struct sb_err *err)
{
    int t, rc;

    for (t = 0; t < T_COUNT; t++)
        if ((rc = flush(ld, (enum table_id)t, err)))
            return rc;
    return 0;
}

static int count_params(const char *sql)
{
    int n = 0;

    for (; *sql; sql++)
        n += *sql == '?';
    return n;
}

/* Starts a row of table 't' in 'r', every cell NULL, the first (bundle_id)
 * left for the flush to bind; writes a full batch first. */
static int row_new(struct loader *ld, enum table_id t, struct row *r,
                   struct sb_err *err)
{
    struct batch *b = &ld->b[t];
    int rc;

    if (!b->cells) {
        b->ncols = count_params(tables[t].one);
        /* not zeroed: each row's cells are as it starts (below), and most
         * members fill a row or two of the batch (a pod a member: calloc
         * cleared 40 KB for each) */
        b->cells = sb_malloc((size_t)(BATCH * b->ncols) * sizeof(*b->cells));
        if (!b->cells)
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    if (b->n == BATCH && (rc = flush(ld, t, err)))
        return rc;
    r->b = b;
    r->c = b->cells + (size_t)b->n++ * (size_t)b->ncols;
    r->scanned = ld->scanned;
    memset(r->c, 0, (size_t)b->ncols * sizeof(*r->c));
    return 0;
}

static void set_null(struct row *r, int col)
{
    r->c[col - 1].type = C_NULL;
}

static void set_int(struct row *r, int col, sqlite3_int64 v)
{
    r->c[col - 1].type = C_INT;
    r->c[col - 1].v.i = v;
}

static void set_double(struct row *r, int col, double v)
{
    r->c[col - 1].type = C_DOUBLE;
    r->c[col - 1].v.d = v;
}

/* 's' (NULL reads as NULL) is lent until the batch is written: text of
 * the tree or the member, or a literal. */
static void set_text(struct row *r, int col, const char *s, int len)
{
    if (!s) {
        set_null(r, col);
        return;
    }
    r->c[col - 1].type = C_TEXT;
    r->c[col - 1].len = len;
    r->c[col - 1].v.s = s;
}

static void set_str(struct row *r, int col, const char *s)
{
    set_text(r, col, s, -1);
}

/* The member's path, the 'file' column of most tables. */
static void set_file(struct row *r, int col, const struct loader *ld)
{
    set_text(r, col, ld->file, ld->file_len);
}

/* The string of node 'v' of the tree (NULL when 'v' is not a string). Its
 * length comes from sb_jscan when the tree is sb_jscan's: SQLite would
 * run strlen over every string bound, a twentieth of a load. */
static void set_strv(struct row *r, int col, const cJSON *v)
{
    if (!cJSON_IsString(v))
        set_null(r, col);
    else
        set_text(r, col, v->valuestring,
                 r->scanned ? (int)sb_jscan_strlen(v) : -1);
}

/* Copies 's' (NULL reads as NULL): for text that dies before the batch
 * is written. Out of memory fails the batch when it is written. */
static void set_copy(struct row *r, int col, const char *s)
{
    size_t n, off = r->b->text.len;

    if (!s) {
        set_null(r, col);
        return;
    }
    n = strlen(s);
    if (n > 0x7fffffff || sb_buf_add(&r->b->text, s, n)) {
        r->b->nomem = true;
        set_null(r, col);
        return;
    }
    r->c[col - 1].type = C_COPY;
    r->c[col - 1].len = (int)n;
    r->c[col - 1].v.off = off;
}

/* o[key] as a normalised UTC time, copied; NULL when not a time. */
static void set_time(struct row *r, int col, const cJSON *o, const char *key)
{
    struct jtime t;

    set_copy(r, col, gettime(o, key, &t));
}

/* Room for printed JSON in the batch's text: labels, env lists and
 * probes take a few hundred bytes. */
#define JSON_ROOM 4096

/* Prints 'v' at the end of 'text' if it fits in the room there (at least
 * JSON_ROOM): true with the bytes added. cJSON_PrintPreallocated prints
 * what cJSON_PrintUnformatted prints, without its malloc, realloc and
 * free per value (its item is not const, but it only reads it). */
static bool print_into(struct sb_buf *text, const cJSON *v)
{
    size_t room;

    if (sb_buf_grow(text, JSON_ROOM))
        return false;
    room = text->cap - text->len;
    if (room > INT_MAX)
        room = INT_MAX;
    if (!cJSON_PrintPreallocated((cJSON *)v, text->data + text->len,
                                 (int)room, 0)) {
        text->data[text->len] = '\0';  /* a partial print is dropped */
        return false;
    }
    text->len += strlen(text->data + text->len);
    return true;
}

/* The JSON text of 'v', NULL for JSON null or absent. */
static void set_json(struct row *r, int col, const cJSON *v)
{
    size_t off = r->b->text.len;
    char *s;

    if (!v || cJSON_IsNull(v)) {
        set_null(r, col);
        return;
    }
    if (print_into(&r->b->text, v)) {   /* within JSON_ROOM */
        r->c[col - 1].type = C_COPY;
        r->c[col - 1].len = (int)(r->b->text.len - off);
        r->c[col - 1].v.off = off;
        return;
    }
    if (!(s = cJSON_PrintUnformatted(v))) {
        set_null(r, col);
        return;
    }
    set_copy(r, col, s);
    cJSON_free(s);
}

/* A number (truncated) or a bool as 0/1; NULL for anything else, and
 * for a number no 64-bit integer holds (1e400, -1e30): the object keeps
 * the text as written. */
static void set_int_v(struct row *r, int col, const cJSON *v)
{
    int64_t i;

    if (cJSON_IsNumber(v) && sb_load_int_of(v->valuedouble, &i))
        set_int(r, col, i);
    else if (cJSON_IsBool(v))
        set_int(r, col, cJSON_IsTrue(v));
    else
        set_null(r, col);
}

static void set_int_of(struct row *r, int col, const cJSON *o,
                       const char *key)
{
    set_int_v(r, col, get(o, key));
}

/* A status counter: absent means zero in Kubernetes; otherwise as
 * set_int_v (NULL for what is no integer). */
static void set_count_of(struct row *r, int col, const cJSON *o,
                         const char *key)
{
    const cJSON *v = get(o, key);

    if (v)
        set_int_v(r, col, v);
    else
        set_int(r, col, 0);
}

static void set_bool_v(struct row *r, int col, const cJSON *v)
{
    if (cJSON_IsBool(v))
        set_int(r, col, cJSON_IsTrue(v));
    else
        set_null(r, col);
}

static void set_bool_of(struct row *r, int col, const cJSON *o,
                        const char *key)
{
    set_bool_v(r, col, get(o, key));
}

static void set_quantity(struct row *r, int col, const char *resource,
                         const char *text)
{
    double v;

    if (text && sb_quantity_parse_for(resource, text, &v))
        set_double(r, col, v);
    else
        set_null(r, col);
}

/* Text of one object inside a member. */
struct span {
    const char *p;
    size_t len;
};

/* One object being loaded: what every typed loader needs. */
struct obj {
    struct loader *ld;
    const cJSON *o, *meta, *spec, *status;
    const cJSON *labels, *owners;   /* metadata's, of any JSON type */
    const cJSON *ns_v, *name_v, *uid_v;     /* the nodes of ns, name, uid */
    const char *kind, *api, *ns, *name, *uid, *file;
    struct jtime created;
    const char *created_s;  /* in 'created': copy it into rows */
};

/* Declares 'r', a new row of table 't', in a typed loader. 'r' starts
 * zeroed: gcc -O2 cannot see that row_new() sets it whenever it returns
 * 0 (its -Wmaybe-uninitialized broke Release builds). */
#define ROW(t)                                                      \
    struct row r = { 0 };                                           \
    int rc_ = row_new(ob->ld, (t), &r, err);                        \
    if (rc_)                                                        \
        return rc_

/* ---- typed loaders ---- */

static int load_owners(struct obj *ob, struct sb_err *err)
{
    const cJSON *ref;

    cJSON_ArrayForEach(ref, ob->owners) {
        if (!getstr(ref, "kind") || !getstr(ref, "name"))
            continue;
        ROW(T_OWNERS);
        set_str(&r, 2, ob->kind);
        set_strv(&r, 3, ob->ns_v);
        set_strv(&r, 4, ob->name_v);
        set_strv(&r, 5, get(ref, "kind"));
        set_strv(&r, 6, get(ref, "name"));
        set_strv(&r, 7, get(ref, "uid"));
        set_bool_of(&r, 8, ref, "controller");
    }
    return 0;
}

/* The controller among metadata.ownerReferences 'owners', else the first */
static const cJSON *controller_ref(const cJSON *owners)
{
    const cJSON *ref, *first = NULL;

    cJSON_ArrayForEach(ref, owners) {
        if (cJSON_IsTrue(get(ref, "controller")))
            return ref;
        if (!first)
            first = ref;
    }
    return first;
}

static const char *quantity_text(const cJSON *resources, const char *which,
                                 const char *res)
{
    return getstr(getobj(resources, which), res);
}

static double sum_gpu(const cJSON *containers)
{
    const cJSON *c;
    double total = 0, v;

    cJSON_ArrayForEach(c, containers) {
        const char *q = quantity_text(getobj(c, "resources"), "limits",
                                      "nvidia.com/gpu");
        if (!q)
            q = quantity_text(getobj(c, "resources"), "requests",
                              "nvidia.com/gpu");
        if (q && sb_quantity_parse(q, &v))
            total += v;
    }
    return total;
}

static const cJSON *find_condition(const cJSON *status, const char *type)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, get(status, "conditions")) {
        const char *t = getstr(c, "type");
        if (t && strcmp(t, type) == 0)
            return c;
    }
    return NULL;
}

static const cJSON *find_status(const cJSON *list, const char *name)
{
    const cJSON *cs;

    cJSON_ArrayForEach(cs, list) {
        const char *n = getstr(cs, "name");
        if (n && name && strcmp(n, name) == 0)
            return cs;
    }
    return NULL;
}

static void set_state(struct row *r, int i, const cJSON *state,
                      bool with_started)
{
    /* i: state, reason, message, exit code, [signal], started, finished */
    static const char *const names[] = { "waiting", "running",
                                         "terminated" };
    const cJSON *s = NULL;
    size_t k;

    for (k = 0; k < 3 && !s; k++)
        if ((s = getobj(state, names[k])))
            break;
    if (!s) {
        for (k = 0; k < (with_started ? 6u : 7u); k++)
            set_null(r, i + (int)k);
        return;
    }
    set_str(r, i, names[k]);
    set_str(r, i + 1, getstr(s, "reason"));
    set_str(r, i + 2, getstr(s, "message"));
    set_int_of(r, i + 3, s, "exitCode");
    if (!with_started) {
        set_int_of(r, i + 4, s, "signal");
        i++;
    }
    set_time(r, i + 4, s, "startedAt");
    set_time(r, i + 5, s, "finishedAt");
}

/* The members of a container and of its status a row reads. */
static const char *const ct_keys[] = {
    "name", "resources", "image", "command", "args", "env", "envFrom",
    "volumeMounts", "ports", "livenessProbe", "readinessProbe",
    "startupProbe",
};
#define CT_N ((int)(sizeof(ct_keys) / sizeof(ct_keys[0])))
static const char *const cs_keys[] = { "imageID", "ready", "started",
                                       "restartCount", "state", "lastState" };

static int load_container(struct obj *ob, const cJSON *c, const char *type,
                          const cJSON *statuses, struct sb_err *err)
{
    const cJSON *v[CT_N], *s[6], *cs, *res;
    const char *name;
    int i;

    get_each(c, ct_keys, v, CT_N);
    name = str_of(v[0]);
    if (!name)
        return 0;
    cs = find_status(statuses, name);
    res = obj_of(v[1]);
    get_each(cs, cs_keys, s, 6);
    ROW(T_CONTAINERS);
    set_strv(&r, 2, ob->ns_v);
    set_strv(&r, 3, ob->name_v);
    set_strv(&r, 4, v[0]);
    set_str(&r, 5, type);
    set_strv(&r, 6, v[2]);
    set_strv(&r, 7, s[0]);
    for (i = 0; i < 6; i++)     /* command .. ports */
        set_json(&r, 8 + i, v[3 + i]);
    set_quantity(&r, 14, "cpu", quantity_text(res, "requests", "cpu"));
    set_quantity(&r, 15, "cpu", quantity_text(res, "limits", "cpu"));
    set_quantity(&r, 16, "memory", quantity_text(res, "requests", "memory"));
    set_quantity(&r, 17, "memory", quantity_text(res, "limits", "memory"));
    set_quantity(&r, 18, NULL, quantity_text(res, "requests",
                                              "nvidia.com/gpu"));
    set_quantity(&r, 19, NULL, quantity_text(res, "limits",
                                              "nvidia.com/gpu"));
    for (i = 0; i < 3; i++)     /* liveness, readiness, startup */
        set_json(&r, 20 + i, v[9 + i]);
    set_bool_v(&r, 23, s[1]);
    set_bool_v(&r, 24, s[2]);
    set_int_v(&r, 25, s[3]);
    set_state(&r, 26, obj_of(s[4]), true);
    set_state(&r, 32, obj_of(s[5]), false);
    return 0;
}

/* status.conditions of 'ob' into table 't', whose columns are
 * bundle_id, the 'nkeys' strings of 'keys' (the object's identity, lent
 * like the tree), then type, status, reason, message, lastTransitionTime
 * and, with 'heartbeat', lastHeartbeatTime (nodes). Conditions without a
 * type are skipped. */
static int load_conditions(struct obj *ob, enum table_id t,
                           const char *const *keys, int nkeys, bool heartbeat,
                           struct sb_err *err)
{
    static const char *const fields[] = { "type", "status", "reason",
                                          "message" };
    const cJSON *c;
    int i, col;

    cJSON_ArrayForEach(c, get(ob->status, "conditions")) {
        if (!getstr(c, "type"))
            continue;
        ROW(t);
        for (col = 2, i = 0; i < nkeys; i++)
            set_str(&r, col++, keys[i]);
        for (i = 0; i < 4; i++)
            set_str(&r, col++, getstr(c, fields[i]));
        set_time(&r, col++, c, "lastTransitionTime");
        if (heartbeat)
            set_time(&r, col, c, "lastHeartbeatTime");
    }
    return 0;
}

static int load_pod_conditions(struct obj *ob, struct sb_err *err)
{
    const char *keys[] = { ob->ns, ob->name };

    return load_conditions(ob, T_POD_CONDITIONS, keys, 2, false, err);
}

static int load_pod(struct obj *ob, struct sb_err *err)
{
    struct sb_pod_status ps;
    const cJSON *owner = controller_ref(ob->owners);
    const cJSON *ready = find_condition(ob->status, "Ready");
    const cJSON *sched = find_condition(ob->status, "PodScheduled");
    const cJSON *c;
    int rc;

    if (!ob->ns)
        return 0;
    ROW(T_PODS);
    sb_pod_status(ob->o, &ps);
    set_strv(&r, 2, ob->ns_v);
    set_strv(&r, 3, ob->name_v);
    set_strv(&r, 4, ob->uid_v);
    set_copy(&r, 5, ob->created_s);
    set_time(&r, 6, ob->meta, "deletionTimestamp");
    set_strv(&r, 7, get(ob->spec, "nodeName"));
    set_strv(&r, 8, get(ob->status, "phase"));
    set_strv(&r, 9, get(ob->status, "reason"));
    set_strv(&r, 10, get(ob->status, "message"));
    set_copy(&r, 11, ps.status);
    if (ready)
        set_int(&r, 12, strcmp(getstr(ready, "status") ?
                                        getstr(ready, "status") : "",
                                        "True") == 0);
    else
        set_int(&r, 12, 0);
    set_int(&r, 13, ps.ready);
    set_int(&r, 14, ps.total);
    set_int(&r, 15, ps.restarts_all);
    set_strv(&r, 16, get(ob->status, "qosClass"));
    set_strv(&r, 17, get(ob->spec, "priorityClassName"));
    set_strv(&r, 18, get(ob->spec, "serviceAccountName"));
    set_strv(&r, 19, get(owner, "kind"));
    set_strv(&r, 20, get(owner, "name"));
    set_strv(&r, 21, get(sched, "reason"));
    set_strv(&r, 22, get(sched, "message"));
    set_time(&r, 23, ob->status, "startTime");
    set_json(&r, 24, get(ob->spec, "nodeSelector"));
    set_json(&r, 25, get(ob->spec, "tolerations"));
    set_json(&r, 26, get(ob->spec, "affinity"));
    set_json(&r, 27, get(ob->spec, "volumes"));
    set_json(&r, 28, ob->labels);
    set_json(&r, 29, get(ob->meta, "annotations"));
    set_double(&r, 30, sum_gpu(get(ob->spec, "containers")));
    set_file(&r, 31, ob->ld);
    if ((rc = load_pod_conditions(ob, err)))
        return rc;
    cJSON_ArrayForEach(c, get(ob->spec, "initContainers"))
        if ((rc = load_container(ob, c, "init",
                                 get(ob->status, "initContainerStatuses"),
                                 err)))
            return rc;
    cJSON_ArrayForEach(c, get(ob->spec, "containers"))
        if ((rc = load_container(ob, c, "container",
                                 get(ob->status, "containerStatuses"), err)))
            return rc;
    cJSON_ArrayForEach(c, get(ob->spec, "ephemeralContainers"))
        if ((rc = load_container(ob, c, "ephemeral",
                                 get(ob->status,
                                     "ephemeralContainerStatuses"), err)))
            return rc;
    return 0;
}

static void node_roles(const cJSON *labels, char *out, size_t cap)
{
    static const char prefix[] = "node-role.kubernetes.io/";
    const cJSON *l;
    size_t len = 0;

    out[0] = '\0';
    cJSON_ArrayForEach(l, labels) {
        const char *role = NULL;
        if (!l->string)
            continue;
        if (strncmp(l->string, prefix, sizeof(prefix) - 1) == 0)
            role = l->string + sizeof(prefix) - 1;
        else if (strcmp(l->string, "kubernetes.io/role") == 0 &&
                 cJSON_IsString(l))
            role = l->valuestring;
        if (!role || !*role)
            continue;
        len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%s%s",
                                len ? "," : "", role);
        if (len >= cap) {
            out[cap - 1] = '\0';
            return;
        }
    }
}

static int load_node_resources(struct obj *ob, struct sb_err *err)
{
    const cJSON *cap = getobj(ob->status, "capacity");
    const cJSON *alloc = getobj(ob->status, "allocatable");
    const cJSON *q;

    /* every resource named in either list, capacity's first */
    cJSON_ArrayForEach(q, cap) {
        const char *text = cJSON_IsString(q) ? q->valuestring : NULL;
        const char *a = getstr(alloc, q->string);
        ROW(T_NODE_RESOURCES);
        set_strv(&r, 2, ob->name_v);
        set_str(&r, 3, q->string);
        set_quantity(&r, 4, q->string, text);
        set_quantity(&r, 5, q->string, a);
        set_str(&r, 6, text);
        set_str(&r, 7, a);
    }
    /* allocatable only: no capacity columns */
    cJSON_ArrayForEach(q, alloc) {
        const char *text = cJSON_IsString(q) ? q->valuestring : NULL;
        if (!q->string || get(cap, q->string))
            continue;
        ROW(T_NODE_RESOURCES);
        set_strv(&r, 2, ob->name_v);
        set_str(&r, 3, q->string);
        set_quantity(&r, 5, q->string, text);
        set_str(&r, 7, text);
    }
    return 0;
}

static int load_node(struct obj *ob, struct sb_err *err)
{
    const cJSON *labels = obj_of(ob->labels);
    const cJSON *info = getobj(ob->status, "nodeInfo");
    const cJSON *ready = find_condition(ob->status, "Ready");
    const cJSON *c, *a;
    const char *ip = NULL, *itype;
    char roles[512];
    int rc;

    cJSON_ArrayForEach(a, get(ob->status, "addresses")) {
        const char *type = getstr(a, "type");
        if (type && strcmp(type, "InternalIP") == 0 && !ip)
            ip = getstr(a, "address");
    }
    itype = getstr(labels, "node.kubernetes.io/instance-type");
    if (!itype)
        itype = getstr(labels, "beta.kubernetes.io/instance-type");
    node_roles(labels, roles, sizeof(roles));
    {
        ROW(T_NODES);
        set_strv(&r, 2, ob->name_v);
        set_strv(&r, 3, ob->uid_v);
        set_copy(&r, 4, ob->created_s);
        set_strv(&r, 5, get(ready, "status"));
        set_time(&r, 6, ready, "lastTransitionTime");
        set_int(&r, 7, cJSON_IsTrue(get(ob->spec, "unschedulable")));
        set_copy(&r, 8, roles[0] ? roles : NULL);
        set_strv(&r, 9, get(info, "kubeletVersion"));
        set_strv(&r, 10, get(info, "osImage"));
        set_strv(&r, 11, get(info, "kernelVersion"));
        set_strv(&r, 12, get(info, "containerRuntimeVersion"));
        set_str(&r, 13, ip);
        set_str(&r, 14, itype);
        set_strv(&r, 15, get(labels, "nvidia.com/gpu.product"));
        set_json(&r, 16, labels);
        set_file(&r, 17, ob->ld);
    }
    if ((rc = load_conditions(ob, T_NODE_CONDITIONS, &ob->name, 1, true,
                              err)))
        return rc;
    cJSON_ArrayForEach(c, get(ob->spec, "taints")) {
        if (!getstr(c, "key"))
            continue;
        ROW(T_NODE_TAINTS);
        set_strv(&r, 2, ob->name_v);
        set_strv(&r, 3, get(c, "key"));
        set_strv(&r, 4, get(c, "value"));
        set_strv(&r, 5, get(c, "effect"));
        set_time(&r, 6, c, "timeAdded");
    }
    return load_node_resources(ob, err);
}

static int load_namespace(struct obj *ob, struct sb_err *err)
{
    ROW(T_NAMESPACES);
    set_strv(&r, 2, ob->name_v);
    set_strv(&r, 3, get(ob->status, "phase"));
    set_copy(&r, 4, ob->created_s);
    return 0;
}

static int load_workload_conditions(struct obj *ob, struct sb_err *err)
{
    const char *keys[] = { ob->kind, ob->ns, ob->name };

    return load_conditions(ob, T_WORKLOAD_CONDITIONS, keys, 3, false, err);
}

/* Which status fields mean desired/current/ready/... for each kind. */
struct wl_map {
    const char *kind;
    const char *desired, *current, *ready, *available, *updated,
        *unavailable, *strategy;
    bool desired_in_status;
};

static const struct wl_map wl_maps[] = {
    { "Deployment", "replicas", "replicas", "readyReplicas",
      "availableReplicas", "updatedReplicas", "unavailableReplicas",
      "strategy", false },
    { "ReplicaSet", "replicas", "replicas", "readyReplicas",
      "availableReplicas", NULL, NULL, NULL, false },
    { "ReplicationController", "replicas", "replicas", "readyReplicas",
      "availableReplicas", NULL, NULL, NULL, false },
    { "StatefulSet", "replicas", "replicas", "readyReplicas",
      "availableReplicas", "updatedReplicas", NULL, "updateStrategy",
      false },
    { "DaemonSet", "desiredNumberScheduled", "currentNumberScheduled",
      "numberReady", "numberAvailable", "updatedNumberScheduled",
      "numberUnavailable", "updateStrategy", true },
    { "Job", "completions", "active", "ready", NULL, NULL, NULL, NULL,
      false },
    { "CronJob", NULL, NULL, NULL, NULL, NULL, NULL, NULL, false },
};

static int load_workload(struct obj *ob, const struct wl_map *m,
                         struct sb_err *err)
{
    const cJSON *spec = ob->spec, *tmpl;
    const cJSON *desired_src = m->desired_in_status ? ob->status : spec;
    bool is_cron = strcmp(m->kind, "CronJob") == 0;
    bool is_job = strcmp(m->kind, "Job") == 0;

    if (!ob->ns)
        return 0;
    ROW(T_WORKLOADS);
    tmpl = is_cron ? getobj(getobj(getobj(spec, "jobTemplate"), "spec"),
                            "template")
                   : getobj(spec, "template");
    set_str(&r, 2, m->kind);
    set_strv(&r, 3, ob->ns_v);
    set_strv(&r, 4, ob->name_v);
    set_strv(&r, 5, ob->uid_v);
    set_copy(&r, 6, ob->created_s);
    set_int_of(&r, 7, ob->meta, "generation");
    set_int_of(&r, 8, ob->status, "observedGeneration");
    if (m->desired && get(desired_src, m->desired))
        set_int_of(&r, 9, desired_src, m->desired);
    else if (m->desired && !m->desired_in_status && !is_job)
        set_int(&r, 9, 1);     /* spec.replicas defaults to 1 */
    else if (is_job)
        set_int(&r, 9, 1);     /* completions defaults to 1 */
    if (is_cron)
        set_int(&r, 10, cJSON_GetArraySize(get(ob->status,
                                                        "active")));
    else if (m->current)
        set_int_of(&r, 10, ob->status, m->current);
    /* absent counters mean zero in Kubernetes status */
    if (m->ready)
        set_count_of(&r, 11, ob->status, m->ready);
    if (m->available)
        set_count_of(&r, 12, ob->status, m->available);
    if (m->updated)
        set_int_of(&r, 13, ob->status, m->updated);
    if (m->unavailable)
        set_int_of(&r, 14, ob->status, m->unavailable);
    if (is_job) {
        set_count_of(&r, 15, ob->status, "succeeded");
        set_count_of(&r, 16, ob->status, "failed");
    }
    set_json(&r, 17, getobj(getobj(spec, "selector"), "matchLabels") ?
              getobj(getobj(spec, "selector"), "matchLabels")
              : getobj(spec, "selector"));
    set_json(&r, 18, getobj(getobj(tmpl, "metadata"), "labels"));
    if (m->strategy)
        set_strv(&r, 19, get(getobj(spec, m->strategy), "type"));
    if (strcmp(m->kind, "Deployment") == 0)
        set_bool_of(&r, 20, spec, "paused");
    else
        set_bool_of(&r, 20, spec, "suspend");
    set_strv(&r, 21, get(spec, "schedule"));
    set_file(&r, 22, ob->ld);
    return load_workload_conditions(ob, err);
}

static int load_service(struct obj *ob, struct sb_err *err)
{
    if (!ob->ns)
        return 0;
    ROW(T_SERVICES);
    set_strv(&r, 2, ob->ns_v);
    set_strv(&r, 3, ob->name_v);
    set_strv(&r, 4, ob->uid_v);
    set_copy(&r, 5, ob->created_s);
    set_strv(&r, 6, get(ob->spec, "type"));
    set_strv(&r, 7, get(ob->spec, "clusterIP"));
    set_strv(&r, 8, get(ob->spec, "externalName"));
    set_json(&r, 9, getobj(ob->spec, "selector"));
    set_json(&r, 10, get(ob->spec, "ports"));
    set_file(&r, 11, ob->ld);
    return 0;
}

static int endpoint_row(struct obj *ob, const char *svc, const char *ip,
                        int ready, const cJSON *target, const char *node,
                        const cJSON *ports, struct sb_err *err)
{
    ROW(T_ENDPOINTS);
    set_strv(&r, 2, ob->ns_v);
    set_str(&r, 3, svc);
    set_str(&r, 4, ip);
    if (ready >= 0)
        set_int(&r, 5, ready);
    set_strv(&r, 6, get(target, "kind"));
    set_strv(&r, 7, get(target, "name"));
    set_str(&r, 8, node);
    set_json(&r, 9, ports);
    return 0;
}

static int load_endpoints(struct obj *ob, struct sb_err *err)
{
    const cJSON *subset, *a;
    int rc, rows = 0;

    if (!ob->ns)
        return 0;
    cJSON_ArrayForEach(subset, get(ob->o, "subsets")) {
        const cJSON *ports = get(subset, "ports");
        cJSON_ArrayForEach(a, get(subset, "addresses")) {
            rc = endpoint_row(ob, ob->name, getstr(a, "ip"), 1,
                              getobj(a, "targetRef"), getstr(a, "nodeName"),
                              ports, err);
            if (rc)
                return rc;
            rows++;
        }
        cJSON_ArrayForEach(a, get(subset, "notReadyAddresses")) {
            rc = endpoint_row(ob, ob->name, getstr(a, "ip"), 0,
                              getobj(a, "targetRef"), getstr(a, "nodeName"),
                              ports, err);
            if (rc)
                return rc;
            rows++;
        }
    }
    if (rows == 0)
        return endpoint_row(ob, ob->name, NULL, -1, NULL, NULL, NULL, err);
    return 0;
}

static int ingress_row(struct obj *ob, const char *cls, const char *host,
                       const cJSON *path, const cJSON *backend,
                       struct sb_err *err)
{
    const cJSON *svc = getobj(backend, "service");
    const cJSON *tls;
    const char *secret = NULL;
    char num[32], num2[32];
    const char *port;
    ROW(T_INGRESSES);

    /* the TLS entry naming this host, else none */
    cJSON_ArrayForEach(tls, get(ob->spec, "tls")) {
        const cJSON *h;
        cJSON_ArrayForEach(h, get(tls, "hosts"))
            if (host && cJSON_IsString(h) && strcmp(h->valuestring, host) == 0)
                secret = getstr(tls, "secretName");
    }
    set_strv(&r, 2, ob->ns_v);
    set_strv(&r, 3, ob->name_v);
    set_str(&r, 4, cls);
    set_str(&r, 5, host);
    set_strv(&r, 6, get(path, "path"));
    if (svc) {
        set_strv(&r, 7, get(svc, "name"));
        port = jtext(getobj(svc, "port"), "number", num);
        if (!port)
            port = getstr(getobj(svc, "port"), "name");
    } else {    /* extensions/v1beta1 */
        set_strv(&r, 7, get(backend, "serviceName"));
        port = jtext(backend, "servicePort", num2);
    }
    set_copy(&r, 8, port);
    set_str(&r, 9, secret);
    return 0;
}

static int load_ingress(struct obj *ob, struct sb_err *err)
{
    const char *cls = getstr(ob->spec, "ingressClassName");
    const cJSON *rule, *p, *def;
    int rc, rows = 0;

    if (!ob->ns)
        return 0;
    if (!cls)
        cls = getstr(getobj(ob->meta, "annotations"),
                     "kubernetes.io/ingress.class");
    cJSON_ArrayForEach(rule, get(ob->spec, "rules")) {
        cJSON_ArrayForEach(p, get(getobj(rule, "http"), "paths")) {
            rc = ingress_row(ob, cls, getstr(rule, "host"), p,
                             getobj(p, "backend"), err);
            if (rc)
                return rc;
            rows++;
        }
    }
    def = getobj(ob->spec, "defaultBackend");
    if (!def)
        def = getobj(ob->spec, "backend");
    if (def || rows == 0)
        return ingress_row(ob, cls, NULL, NULL, def, err);
    return 0;
}

static int load_pvc(struct obj *ob, struct sb_err *err)
{
    if (!ob->ns)
        return 0;
    ROW(T_PVCS);
    set_strv(&r, 2, ob->ns_v);
    set_strv(&r, 3, ob->name_v);
    set_strv(&r, 4, ob->uid_v);
    set_copy(&r, 5, ob->created_s);
    set_strv(&r, 6, get(ob->status, "phase"));
    set_strv(&r, 7, get(ob->spec, "volumeName"));
    set_strv(&r, 8, get(ob->spec, "storageClassName"));
    set_json(&r, 9, get(ob->spec, "accessModes"));
    set_quantity(&r, 10, "storage",
                  quantity_text(getobj(ob->spec, "resources"), "requests",
                                "storage"));
    set_quantity(&r, 11, "storage",
                  getstr(getobj(ob->status, "capacity"), "storage"));
    return 0;
}

static int load_pv(struct obj *ob, struct sb_err *err)
{
    const cJSON *claim = getobj(ob->spec, "claimRef");
    ROW(T_PVS);

    set_strv(&r, 2, ob->name_v);
    set_strv(&r, 3, get(ob->status, "phase"));
    set_quantity(&r, 4, "storage",
                  getstr(getobj(ob->spec, "capacity"), "storage"));
    set_strv(&r, 5, get(ob->spec, "storageClassName"));
    set_strv(&r, 6, get(ob->spec, "persistentVolumeReclaimPolicy"));
    set_strv(&r, 7, get(claim, "namespace"));
    set_strv(&r, 8, get(claim, "name"));
    set_json(&r, 9, get(ob->spec, "accessModes"));
    return 0;
}

static int load_storageclass(struct obj *ob, struct sb_err *err)
{
    const cJSON *ann = getobj(ob->meta, "annotations");
    const char *d = getstr(ann, "storageclass.kubernetes.io/is-default-class");
    ROW(T_STORAGECLASSES);

    if (!d)
        d = getstr(ann, "storageclass.beta.kubernetes.io/is-default-class");
    set_strv(&r, 2, ob->name_v);
    set_strv(&r, 3, get(ob->o, "provisioner"));
    set_int(&r, 4, d && strcmp(d, "true") == 0);
    set_strv(&r, 5, get(ob->o, "volumeBindingMode"));
    set_strv(&r, 6, get(ob->o, "reclaimPolicy"));
    return 0;
}

/* "requests.cpu", "limits.cpu" and "cpu" count millicores */
static const char *quota_unit(const char *resource)
{
    size_t n = strlen(resource);

    if (n >= 3 && strcmp(resource + n - 3, "cpu") == 0)
        return "cpu";
    return NULL;
}

static int load_quota(struct obj *ob, struct sb_err *err)
{
    const cJSON *hard = getobj(ob->status, "hard");
    const cJSON *used = getobj(ob->status, "used");
    const cJSON *q;

    if (!ob->ns)
        return 0;
    if (!hard)
        hard = getobj(ob->spec, "hard");
    cJSON_ArrayForEach(q, hard) {
        const char *h = cJSON_IsString(q) ? q->valuestring : NULL;
        const char *u = getstr(used, q->string);
        ROW(T_QUOTAS);
        set_strv(&r, 2, ob->ns_v);
        set_strv(&r, 3, ob->name_v);
        set_str(&r, 4, q->string);
        set_quantity(&r, 5, quota_unit(q->string), h);
        set_quantity(&r, 6, quota_unit(q->string), u);
        set_str(&r, 7, h);
        set_str(&r, 8, u);
    }
    return 0;
}

/* The members of an Event its row reads, in core/v1 and events.k8s.io/v1
 * (whose reportingInstance is not a host). */
enum {
    EV_INV, EV_SERIES, EV_SRC, EV_FIRST, EV_LAST, EV_TIME, EV_TYPE,
    EV_REASON, EV_MSG, EV_COUNT, EV_COMP, EV_HOST, EV_N
};
static const char *const ev_core[EV_N] = {
    "involvedObject", "series", "source", "firstTimestamp", "lastTimestamp",
    "eventTime", "type", "reason", "message", "count", "reportingComponent",
    "reportingInstance",
};
static const char *const ev_new[EV_N] = {
    "regarding", "series", "deprecatedSource", "deprecatedFirstTimestamp",
    "deprecatedLastTimestamp", "eventTime", "type", "reason", "note",
    "deprecatedCount", "reportingController", NULL,
};
static const char *const ev_object[] = { "kind", "namespace", "name", "uid",
                                         "fieldPath" };

static int load_event(struct obj *ob, bool is_new_api, struct sb_err *err)
{
    const cJSON *v[EV_N], *inv[5], *series, *src, *cnt, *comp, *host;
    const char *first, *last;
    struct jtime t1, t2, t3, t4;
    int64_t count;
    int i;
    ROW(T_EVENTS);

    get_each(ob->o, is_new_api ? ev_new : ev_core, v, EV_N);
    series = obj_of(v[EV_SERIES]);
    src = obj_of(v[EV_SRC]);
    get_each(obj_of(v[EV_INV]), ev_object, inv, 5);
    first = time_of(v[EV_FIRST], &t1);
    last = time_of(v[EV_LAST], &t2);
    if (!last)
        last = gettime(series, "lastObservedTime", &t3);
    if (!first)
        first = time_of(v[EV_TIME], &t4);
    if (!last)
        last = first;
    if (!first)
        first = last ? last : ob->created_s;
    if (!last)
        last = first;
    comp = get(src, "component");
    if (!cJSON_IsString(comp))
        comp = v[EV_COMP];
    host = get(src, "host");
    if (!cJSON_IsString(host))
        host = v[EV_HOST];
    set_strv(&r, 2, ob->ns_v);
    set_strv(&r, 3, ob->name_v);
    set_strv(&r, 4, v[EV_TYPE]);
    set_strv(&r, 5, v[EV_REASON]);
    set_strv(&r, 6, v[EV_MSG]);
    cnt = v[EV_COUNT];
    if (!cJSON_IsNumber(cnt) || cnt->valuedouble < 1)
        cnt = get(series, "count");
    if (!cJSON_IsNumber(cnt) || !sb_load_int_of(cnt->valuedouble, &count) ||
        count < 1)
        count = 1;
    set_int(&r, 7, count);
    set_copy(&r, 8, first);
    set_copy(&r, 9, last);
    for (i = 0; i < 5; i++)     /* kind, namespace, name, uid, fieldPath */
        set_strv(&r, 10 + i, inv[i]);
    set_strv(&r, 15, comp);
    set_strv(&r, 16, host);
    set_file(&r, 17, ob->ld);
    return 0;
}

static int metric_row(struct obj *ob, const char *node, const char *ns,
                      const char *pod, const char *container,
                      const char *name, const char *q, const char *time,
                      struct sb_err *err)
{
    double v;

    if (!q || !sb_quantity_parse_for(name, q, &v))
        return 0;
    ROW(T_METRICS);
    set_str(&r, 2, node);
    set_str(&r, 3, ns);
    set_str(&r, 4, pod);
    set_str(&r, 5, container);
    set_str(&r, 6, name);
    set_double(&r, 7, v);
    set_copy(&r, 8, time);
    return 0;
}

static int load_usage(struct obj *ob, const cJSON *usage, const char *node,
                      const char *pod, const char *container,
                      const char *time, struct sb_err *err)
{
    const cJSON *u;
    int rc;

    cJSON_ArrayForEach(u, usage) {
        if (!cJSON_IsString(u) || !u->string)
            continue;
        rc = metric_row(ob, node, pod ? ob->ns : NULL, pod, container,
                        u->string, u->valuestring, time, err);
        if (rc)
            return rc;
    }
    return 0;
}

static int load_node_metrics(struct obj *ob, struct sb_err *err)
{
    struct jtime t;

    return load_usage(ob, getobj(ob->o, "usage"), ob->name, NULL, NULL,
                      gettime(ob->o, "timestamp", &t), err);
}

static int load_pod_metrics(struct obj *ob, struct sb_err *err)
{
    const cJSON *c;
    struct jtime t;
    const char *time = gettime(ob->o, "timestamp", &t);
    int rc;

    cJSON_ArrayForEach(c, get(ob->o, "containers")) {
        rc = load_usage(ob, getobj(c, "usage"), NULL, ob->name,
                        getstr(c, "name"), time, err);
        if (rc)
            return rc;
    }
    return 0;
}

static bool api_group_is(const char *api, const char *group)
{
    size_t n = strlen(group);

    if (!api)
        return false;
    if (!*group)
        return strchr(api, '/') == NULL;
    return strncmp(api, group, n) == 0 && api[n] == '/';
}

static int load_typed(struct obj *ob, struct sb_err *err)
{
    const char *k = ob->kind;
    struct sb_load_ctx *ctx = ob->ld->ctx;
    char name[SB_BFORMAT_NAME_MAX];
    int rank;
    size_t i;

    /* the same name analyze serve gives (sb_serve_index's add_item) */
    rank = sb_bformat_cluster_of(k, ob->o, name, sizeof(name));
    if (rank > ctx->cluster_rank) {
        memcpy(ctx->cluster, name, sizeof(name));
        ctx->cluster_rank = rank;
    }

    if (strcmp(k, "Pod") == 0)
        return load_pod(ob, err);
    if (strcmp(k, "Event") == 0)
        return load_event(ob, api_group_is(ob->api, "events.k8s.io"), err);
    if (strcmp(k, "Node") == 0)
        return load_node(ob, err);
    if (strcmp(k, "NodeMetrics") == 0)
        return load_node_metrics(ob, err);
    if (strcmp(k, "PodMetrics") == 0)
        return load_pod_metrics(ob, err);
    for (i = 0; i < sizeof(wl_maps) / sizeof(wl_maps[0]); i++)
        if (strcmp(k, wl_maps[i].kind) == 0)
            return load_workload(ob, &wl_maps[i], err);
    if (strcmp(k, "Namespace") == 0)
        return load_namespace(ob, err);
    if (strcmp(k, "Service") == 0)
        return load_service(ob, err);
    if (strcmp(k, "Endpoints") == 0)
        return load_endpoints(ob, err);
    if (strcmp(k, "Ingress") == 0)
        return load_ingress(ob, err);
    if (strcmp(k, "PersistentVolumeClaim") == 0)
        return load_pvc(ob, err);
    if (strcmp(k, "PersistentVolume") == 0)
        return load_pv(ob, err);
    if (strcmp(k, "StorageClass") == 0)
        return load_storageclass(ob, err);
    if (strcmp(k, "ResourceQuota") == 0)
        return load_quota(ob, err);
    return 0;
}

/* ---- kinds from resource names and list kinds ---- */

struct res_kind {
    const char *resource, *kind;
};

/* plural (troubleshoot folder names too) to kind, for items without one */
static const struct res_kind res_kinds[] = {
    { "configmaps", "ConfigMap" },
    { "cronjobs", "CronJob" },
    { "daemonsets", "DaemonSet" },
    { "deployments", "Deployment" },
    { "endpoints", "Endpoints" },
    { "endpointslices", "EndpointSlice" },
    { "events", "Event" },
    { "ingress", "Ingress" },
    { "ingresses", "Ingress" },
    { "jobs", "Job" },
    { "limitranges", "LimitRange" },
    { "namespaces", "Namespace" },
    { "nodes", "Node" },
    { "persistentvolumeclaims", "PersistentVolumeClaim" },
    { "persistentvolumes", "PersistentVolume" },
    { "pods", "Pod" },
    { "pvcs", "PersistentVolumeClaim" },
    { "pvs", "PersistentVolume" },
    { "replicasets", "ReplicaSet" },
    { "replication-controllers", "ReplicationController" },
    { "replicationcontrollers", "ReplicationController" },
    { "resource-quota", "ResourceQuota" },
    { "resource-quotas", "ResourceQuota" },
    { "resourcequotas", "ResourceQuota" },
    { "services", "Service" },
    { "statefulsets", "StatefulSet" },
    { "storage-classes", "StorageClass" },
    { "storageclasses", "StorageClass" },
};

static const char *kind_of_resource(const char *resource)
{
    size_t i, n;

    if (!resource)
        return NULL;
    n = strcspn(resource, ".");
    for (i = 0; i < sizeof(res_kinds) / sizeof(res_kinds[0]); i++)
        if (strlen(res_kinds[i].resource) == n &&
            strncmp(res_kinds[i].resource, resource, n) == 0)
            return res_kinds[i].kind;
    return NULL;
}

/* "PodList" -> "Pod" into 'buf' */
static const char *kind_of_list(const cJSON *doc, char buf[128])
{
    const char *k = getstr(doc, "kind");
    size_t n;

    if (!k)
        return NULL;
    n = strlen(k);
    if (n <= 4 || n >= 128 || strcmp(k + n - 4, "List") != 0)
        return NULL;
    memcpy(buf, k, n - 4);
    buf[n - 4] = '\0';
    return buf;
}

/* Loads one object; its 'objects' row gets 'raw' (the object's own text
 * in the member) when given, else the object printed back from 'o'. */
/* Tells sb_load_finish what this object needs tidied (sb_db.h): its
 * tests are those of its statements, LIKE's case-blind ASCII included. */
static void mark_loaded(const struct loader *ld, const struct obj *ob)
{
    unsigned flags = 0;

    if (ld->is_yaml)
        flags |= SB_DB_YAML_OBJECTS;
    if (ob->api && strcmp(ob->kind, "Event") == 0 &&
        strncasecmp(ob->api, "events.k8s.io/", 14) == 0)
        flags |= SB_DB_EVENTS_K8S_IO;
    if (flags)
        sb_db_set_loaded(ld->ctx->db, flags);
}

static int load_object(struct loader *ld, const char *file,
                       const char *resource, const char *kind_hint,
                       const cJSON *o, const struct span *raw,
                       struct sb_err *err)
{
    static const char *const top[] = { "metadata", "spec", "status", "kind",
                                       "apiVersion" };
    static const char *const md[] = { "namespace", "name", "uid",
                                      "creationTimestamp", "labels",
                                      "ownerReferences" };
    const cJSON *v[6], *kind_v, *api_v;
    struct obj ob;
    struct row r;
    char *printed = NULL;
    int rc;

    if (!cJSON_IsObject(o))
        return 0;
    memset(&ob, 0, sizeof(ob));
    ob.ld = ld;
    ob.o = o;
    get_each(o, top, v, 5);
    ob.meta = obj_of(v[0]);
    ob.spec = obj_of(v[1]);
    ob.status = obj_of(v[2]);
    kind_v = v[3];
    ob.kind = str_of(kind_v);
    if (!ob.kind || !*ob.kind) {
        ob.kind = kind_hint;
        kind_v = NULL;
    }
    api_v = v[4];
    ob.api = str_of(api_v);
    get_each(ob.meta, md, v, 6);
    ob.ns_v = v[0];
    ob.name_v = v[1];
    ob.uid_v = v[2];
    ob.ns = str_of(v[0]);
    ob.name = str_of(v[1]);
    ob.uid = str_of(v[2]);
    ob.created_s = time_of(v[3], &ob.created);
    ob.labels = v[4];
    ob.owners = v[5];
    ob.file = file;
    if (!ob.kind || !ob.name)
        return 0;       /* not an API object: nothing to key it by */
    ld->ctx->stats->objects++;
    if (!raw && !(printed = cJSON_PrintUnformatted(o)))
        return sb_err_set(err, SB_E_NOMEM, "out of memory in '%s'", file);
    rc = row_new(ld, T_OBJECTS, &r, err);
    if (rc == 0) {
        set_strv(&r, 2, api_v);
        if (kind_v)
            set_strv(&r, 3, kind_v);
        else
            set_str(&r, 3, ob.kind);    /* the List's or the resource's */
        set_text(&r, 4, resource, ld->resource_len);
        set_strv(&r, 5, ob.ns_v);
        set_strv(&r, 6, ob.name_v);
        set_strv(&r, 7, ob.uid_v);
        set_copy(&r, 8, ob.created_s);
        set_json(&r, 9, obj_of(ob.labels));
        if (raw)
            set_text(&r, 10, raw->p, (int)raw->len);
        else
            set_copy(&r, 10, printed);
        set_file(&r, 11, ld);
    }
    cJSON_free(printed);
    if (rc)
        return rc;
    mark_loaded(ld, &ob);
    if (ob.ns && (rc = load_owners(&ob, err)))
        return rc;
    return load_typed(&ob, err);
}

static const cJSON *items_of(const cJSON *doc)
{
    const cJSON *items = get(doc, "items");

    if (cJSON_IsArray(doc))
        return doc;
    return cJSON_IsArray(items) ? items : NULL;
}

/* 'spans' (may be NULL) holds the text of each item, in order. The rows
 * wait in 'ld' for the caller's loader_flush. */
static int load_doc(struct loader *ld, const char *file,
                    const char *resource, const cJSON *doc,
                    const struct span *spans, size_t nspans,
                    struct sb_err *err)
{
    const cJSON *items = items_of(doc), *it;
    const char *hint;
    size_t i = 0;
    int rc;

    hint = kind_of_list(doc, ld->list_kind);
    if (!hint)
        hint = kind_of_resource(resource);
    if (!items)
        return load_object(ld, file, resource, hint, doc, spans, err);
    cJSON_ArrayForEach(it, items) {
        rc = load_object(ld, file, resource, hint, it,
                         spans && i < nspans ? &spans[i] : NULL, err);
        if (rc)
            return rc;
        i++;
    }
    return 0;
}

/* A length for set_text: -1 (SQLite counts) for NULL or a huge 's'. */
static int text_len(const char *s)
{
    size_t n = s ? strlen(s) : 0;

    return s && n <= INT_MAX ? (int)n : -1;
}

/* One member's load: its rows, then the commit. 'scanned': 'doc' is
 * sb_jscan's tree. */
static int load_member_doc(struct sb_load_ctx *ctx, const char *file,
                           const char *resource, const cJSON *doc,
                           bool scanned, const struct span *spans,
                           size_t nspans, struct sb_err *err)
{
    struct loader ld;
    int rc;

    loader_init(&ld, ctx);
    ld.file = file;
    ld.file_len = text_len(file);
    ld.is_yaml = ld.file_len >= 5 &&
                 strcasecmp(file + ld.file_len - 5, ".yaml") == 0;
    ld.resource = resource;
    ld.resource_len = text_len(resource);
    ld.scanned = scanned;
    if ((rc = sb_db_begin(ctx->db, err)))
        goto cleanup;
    rc = load_doc(&ld, file, resource, doc, spans, nspans, err);
    if (rc == 0)
        rc = loader_flush(&ld, err);
    if (sb_db_commit(ctx->db, rc ? NULL : err) && !rc)
        rc = err->code;
cleanup:
    loader_release(&ld);
    return rc;
}

int sb_load_k8s_doc(struct sb_load_ctx *ctx, const char *file,
                    const char *resource, const cJSON *doc,
                    struct sb_err *err)
{
    return load_member_doc(ctx, file, resource, doc, false, NULL, 0, err);
}

/* ---- members sb_jscan refuses: cJSON, and a skipper for the spans ----
 *
 * cJSON takes more than strict JSON (a byte order mark, control bytes as
 * white space, numbers like 01) and names the byte where bad JSON fails.
 * Its tree has no spans: once cJSON accepted the text, a skipper only
 * needs to count brackets outside strings to find each item's bytes. */

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\')
            p++;
        else if (*p == '"')
            return p + 1;
    }
    return NULL;
}

static const char *skip_value(const char *p, const char *end)
{
    long depth = 0;

    if (p >= end)
        return NULL;
    if (*p == '"')
        return skip_string(p, end);
    if (*p != '{' && *p != '[') {
        while (p < end && *p != ',' && *p != '}' && *p != ']' &&
               *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
            p++;
        return p;
    }
    for (; p < end; p++) {
        if (*p == '"') {
            p = skip_string(p, end);
            if (!p)
                return NULL;
            p--;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if ((*p == '}' || *p == ']') && --depth == 0) {
            return p + 1;
        }
    }
    return NULL;
}

/* Finds the array of items: the document itself, or its first "items"
 * member. Returns a pointer at its '[' or NULL. */
static const char *find_items(const char *p, const char *end)
{
    const char *k;

    p = skip_ws(p, end);
    if (p < end && *p == '[')
        return p;
    if (p >= end || *p != '{')
        return NULL;
    for (p++;;) {
        p = skip_ws(p, end);
        if (p >= end || *p != '"')
            return NULL;
        k = p;
        if (!(p = skip_string(p, end)))
            return NULL;
        p = skip_ws(p, end);
        if (p >= end || *p != ':')
            return NULL;
        p = skip_ws(p + 1, end);
        if (p - k >= 7 && memcmp(k, "\"items\"", 7) == 0 &&
            k + 7 == skip_string(k, end))
            return p < end && *p == '[' ? p : NULL;
        if (!(p = skip_value(p, end)))
            return NULL;
        p = skip_ws(p, end);
        if (p < end && *p == ',')
            p++;
        else
            return NULL;
    }
}

/* Fills 'spans' with up to 'max' items' text; returns the count, or -1
 * when the text is not what cJSON read (the caller then prints). */
static long item_spans(const char *data, size_t len, struct span *spans,
                       size_t max)
{
    const char *end = data + len, *p = find_items(data, end), *v;
    size_t n = 0;

    if (!p)
        return -1;
    p = skip_ws(p + 1, end);
    if (p < end && *p == ']')
        return 0;
    while (p < end) {
        v = skip_value(p, end);
        if (!v || n == max)
            return -1;
        spans[n].p = p;
        spans[n].len = (size_t)(v - p);
        n++;
        p = skip_ws(v, end);
        if (p < end && *p == ']')
            return (long)n;
        if (p >= end || *p != ',')
            return -1;
        p = skip_ws(p + 1, end);
    }
    return -1;
}

/* A single object member: its text is the object, once the white space
 * around it is trimmed. */
static bool data_is_object(const char *data, size_t len)
{
    const char *p = skip_ws(data, data + len);

    return p < data + len && *p == '{';
}

static int load_parsed(struct sb_load_ctx *ctx, const char *file,
                       const char *resource, char *data, size_t len,
                       struct sb_err *err)
{
    const char *end = NULL;
    const cJSON *items;
    struct span *spans = NULL;
    size_t nitems = 0, fixed;
    cJSON *doc;
    int rc;

    doc = cJSON_ParseWithLengthOpts(data, len, &end, 0);
    /* an unpaired surrogate escape ("\ud800") is legal JSON syntax both
     * parsers refuse: rather than lose the member (a namespace's pods) for
     * one character, that character becomes U+FFFD, and it is recorded.
     * Nothing was loaded yet, and a second pass finds nothing to fix. */
    if (!doc && (fixed = sb_jscan_fix_surrogates(data, len)) > 0) {
        sb_load_error(ctx, file, "%zu unpaired UTF-16 surrogate escape%s "
                      "read as U+FFFD", fixed, fixed == 1 ? "" : "s");
        return sb_load_k8s_json(ctx, file, resource, data, len, err);
    }
    if (!doc)
        return sb_err_set(err, SB_E_FORMAT, "bad JSON in '%s' near byte %zu",
                          file, end && end >= data ? (size_t)(end - data)
                                                   : (size_t)0);
    items = items_of(doc);
    if (items && (nitems = (size_t)cJSON_GetArraySize(items)) > 0 &&
        (spans = sb_calloc(nitems, sizeof(*spans))) != NULL &&
        item_spans(data, len, spans, nitems) == (long)nitems) {
        rc = load_member_doc(ctx, file, resource, doc, false, spans, nitems,
                             err);
    } else if (!items && data_is_object(data, len) && end > data) {
        /* cJSON stops at the object's end: trailing bytes stay out */
        const char *start = skip_ws(data, data + len);
        struct span whole = { start, (size_t)(end - start) };
        rc = load_member_doc(ctx, file, resource, doc, false, &whole, 1,
                             err);
    } else {
        rc = load_member_doc(ctx, file, resource, doc, false, NULL, 0, err);
    }
    sb_free(spans);
    cJSON_Delete(doc);
    return rc;
}

/* ---- the fast path: sb_jscan's tree knows each item's bytes ---- */

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether the List's "items" that cJSON's lookup finds in 'doc' (strict
 * JSON: sb_jscan took it) is written so in 'data', without escapes: the
 * skipper of the cJSON path knows only that spelling, and a member that
 * writes it otherwise ("item\u0073") loads the way it always did. True
 * when 'doc' is no List. */
static bool items_spelled_out(const char *data, const cJSON *doc)
{
    const cJSON *items = items_of(doc);
    const char *p;
    size_t off, len;

    if (!items || items == doc)
        return true;
    /* back from the array over ':' and white space to the key's end */
    sb_jscan_span(items, &off, &len);
    p = data + off;
    while (p > data && is_ws(p[-1]))
        p--;
    if (p == data || p[-1] != ':')
        return false;
    for (p--; p > data && is_ws(p[-1]); p--)
        ;
    /* the key cJSON matched reads "items" up to its first NUL: ending in
     * these 7 bytes, it is they and nothing else */
    return p - data >= 7 && memcmp(p - 7, "\"items\"", 7) == 0;
}

static int load_scanned(struct sb_load_ctx *ctx, const char *file,
                        const char *resource, const char *data,
                        const cJSON *doc, struct sb_err *err)
{
    const cJSON *items = items_of(doc), *it;
    struct span *spans = NULL, whole;
    size_t n = 0, off, len;
    int rc;

    if (!items && cJSON_IsObject(doc)) {
        sb_jscan_span(doc, &off, &len);
        whole.p = data + off;
        whole.len = len;
        return load_member_doc(ctx, file, resource, doc, true, &whole, 1,
                               err);
    }
    cJSON_ArrayForEach(it, items)
        n++;
    if (n && !(spans = sb_calloc(n, sizeof(*spans))))
        return sb_err_set(err, SB_E_NOMEM, "out of memory in '%s'", file);
    n = 0;
    cJSON_ArrayForEach(it, items) {
        sb_jscan_span(it, &off, &len);
        spans[n].p = data + off;
        spans[n++].len = len;
    }
    rc = load_member_doc(ctx, file, resource, doc, true, spans, n, err);
    sb_free(spans);
    return rc;
}

/* The tree of a Kubernetes List takes 4 to 8 times its text; past 16 the
 * text goes to cJSON, which has no limit of its own, as before. */
#define ARENA_PER_BYTE 16
#define ARENA_EXTRA ((size_t)1 << 20)
/* a kept parser's arena, at most, between members: most trees take a
 * 64 KiB chunk, and the few big Lists' go back to malloc */
#define ARENA_KEEP ((size_t)4 << 20)

int sb_load_k8s_json(struct sb_load_ctx *ctx, const char *file,
                     const char *resource, char *data, size_t len,
                     struct sb_err *err)
{
    struct sb_jscan own, *js = ctx->jscan ? ctx->jscan : &own;
    const cJSON *doc;
    int rc;

    if (len > 0x7fffffff)
        return sb_err_set(err, SB_E_TOOBIG, "'%s' is too large to parse",
                          file);
    if (js == &own)
        sb_jscan_init(js, len * ARENA_PER_BYTE + ARENA_EXTRA);
    else
        sb_jscan_limit(js, len * ARENA_PER_BYTE + ARENA_EXTRA);
    rc = sb_jscan_parse(js, data, len, &doc);
    if (rc == 0 && items_spelled_out(data, doc)) {
        rc = load_scanned(ctx, file, resource, data, doc, err);
    } else if (rc == SB_E_NOMEM) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory in '%s'", file);
    } else {
        /* not strict JSON, a tree past the arena, or an escaped "items":
         * cJSON's call, and the skipper's spans */
        sb_jscan_release(js);
        rc = load_parsed(ctx, file, resource, data, len, err);
    }
    if (js == &own)
        sb_jscan_release(js);
    else
        sb_jscan_recycle(js, ARENA_KEEP);
    return rc;
}
