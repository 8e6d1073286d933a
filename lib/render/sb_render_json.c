/*
 * The report as JSON, schema "sbundle.report/v1" (docs/report-format.md).
 * Every string is made valid UTF-8 first: JSON consumers reject anything
 * else, and a bundle's log lines may hold any bytes.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cjson/cJSON.h>

#include "sb_gpufleet.h"
#include "sb_render_int.h"
#include "sb_utf8.h"

#define NOMEM "out of memory rendering the JSON report"

/* Adds 'key': 's' (made valid UTF-8), or null when 's' is NULL. Returns
 * 0 or -1 on allocation failure. */
static int put_str(cJSON *obj, const char *key, const char *s)
{
    struct sb_buf clean = SB_BUF_INIT(SB_BUF_UNLIMITED);
    cJSON *v;
    size_t len;

    if (!s)
        return cJSON_AddNullToObject(obj, key) ? 0 : -1;
    /* plain ASCII is valid UTF-8 as it is: no copy to make it so */
    len = strlen(s);
    if (sb_utf8_ascii_run(s, len) == len)
        return cJSON_AddStringToObject(obj, key, s) ? 0 : -1;
    if (sb_utf8_valid(&clean, s, len)) {
        sb_buf_release(&clean);
        return -1;
    }
    v = cJSON_AddStringToObject(obj, key, sb_buf_str(&clean));
    sb_buf_release(&clean);
    return v ? 0 : -1;
}

/* Adds 'key' only when 's' is not NULL (subject fields). */
static int put_opt(cJSON *obj, const char *key, const char *s)
{
    return s ? put_str(obj, key, s) : 0;
}

static int put_num(cJSON *obj, const char *key, long long n)
{
    return cJSON_AddNumberToObject(obj, key, (double)(n < 0 ? 0 : n)) ?
           0 : -1;
}

/* A column as a JSON number, or null for SQL NULL. */
static int put_col_num(cJSON *obj, const char *key, sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return cJSON_AddNullToObject(obj, key) ? 0 : -1;
    return cJSON_AddNumberToObject(obj, key, sqlite3_column_double(st, i)) ?
           0 : -1;
}

static cJSON *add_obj(cJSON *parent, const char *key)
{
    cJSON *o = cJSON_CreateObject();

    if (!o)
        return NULL;
    if (key ? !cJSON_AddItemToObject(parent, key, o) :
              !cJSON_AddItemToArray(parent, o)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static int bundle_json(cJSON *o, const struct sb_rbundle *b)
{
    cJSON *c;
    int bad = 0;

    bad |= put_str(o, "path", b->path);
    bad |= put_str(o, "format", b->format);
    bad |= put_str(o, "kind", b->kind);
    bad |= put_str(o, "cluster", b->cluster);
    bad |= put_str(o, "server", b->server);
    bad |= put_str(o, "kubernetes_version", b->k8s_version);
    bad |= put_opt(o, "node", b->node);
    bad |= put_str(o, "tool_version", b->tool_version);
    c = add_obj(o, "collection");
    if (!c)
        return -1;
    bad |= put_str(c, "start", b->start);
    bad |= put_str(c, "end", b->end);
    if (b->complete < 0)
        bad |= !cJSON_AddNullToObject(o, "complete");
    else
        bad |= !cJSON_AddBoolToObject(o, "complete", b->complete);
    return bad ? -1 : 0;
}

static int bundles_json(cJSON *root, const struct sb_rmodel *m)
{
    cJSON *arr, *o;
    size_t i;

    o = add_obj(root, "bundle");
    if (!o || (m->primary && bundle_json(o, m->primary)))
        return -1;
    arr = cJSON_AddArrayToObject(root, "bundles");
    for (i = 0; arr && i < m->nbundles; i++) {
        o = add_obj(arr, NULL);
        if (!o || bundle_json(o, &m->bundles[i]))
            return -1;
    }
    return arr ? 0 : -1;
}

static const struct { const char *key, *sql; } counts[] = {
    { "nodes", "SELECT count(*) FROM nodes" },
    { "namespaces", "SELECT count(*) FROM namespaces" },
    { "pods", "SELECT count(*) FROM pods" },
    { "containers", "SELECT count(*) FROM containers" },
    { "workloads", "SELECT count(*) FROM workloads" },
    { "services", "SELECT count(*) FROM services" },
    { "events", "SELECT count(*) FROM events" },
    { "log_lines", SB_RQ_LOG_LINES },
    { "node_log_lines", "SELECT count(*) FROM node_log_lines" },
    { "gpus", "SELECT count(*) FROM gpus" },
    { "gpu_nodes", "SELECT count(DISTINCT node) FROM gpus" },
    { "gpu_xids", "SELECT count(*) FROM gpu_xids" },
    { "objects", "SELECT count(*) FROM objects" },
    { "files", "SELECT count(*) FROM files" },
};

static int inventory_json(sqlite3 *db, cJSON *root)
{
    cJSON *o = add_obj(root, "inventory");
    size_t i;

    for (i = 0; o && i < sizeof counts / sizeof counts[0]; i++)
        if (put_num(o, counts[i].key, sb_rq_count(db, counts[i].sql)))
            return -1;
    return o ? 0 : -1;
}

static int subject_json(cJSON *f, const struct sb_rfinding *x)
{
    cJSON *s = add_obj(f, "subject");
    int bad = 0;

    if (!s)
        return -1;
    bad |= put_opt(s, "kind", x->kind);
    bad |= put_opt(s, "namespace", x->ns);
    bad |= put_opt(s, "name", x->name);
    bad |= put_opt(s, "container", x->container);
    bad |= put_opt(s, "node", x->node);
    return bad ? -1 : 0;
}

/* "context": the lines around a quoted log line (strings, made valid
 * UTF-8), or null; "context_match": the quoted line's index, or null. */
static int context_json(cJSON *e, const struct sb_rev *ev)
{
    struct sb_buf clean = SB_BUF_INIT(SB_BUF_UNLIMITED);
    cJSON *arr, *v;
    const char *p, *nl;
    int match = sb_rev_match(ev), bad = 0;

    if (match < 0)
        return (!cJSON_AddNullToObject(e, "context") ||
                !cJSON_AddNullToObject(e, "context_match")) ? -1 : 0;
    arr = cJSON_AddArrayToObject(e, "context");
    if (!arr)
        return -1;
    for (p = ev->context; !bad && p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        sb_buf_reset(&clean);
        bad = sb_utf8_valid(&clean, p, nl ? (size_t)(nl - p) : strlen(p));
        v = bad ? NULL : cJSON_CreateString(sb_buf_str(&clean));
        bad = !v || !cJSON_AddItemToArray(arr, v);
    }
    sb_buf_release(&clean);
    return bad ? -1 : put_num(e, "context_match", match);
}

static int evidence_json(cJSON *f, const struct sb_rfinding *x)
{
    cJSON *arr = cJSON_AddArrayToObject(f, "evidence"), *e;
    size_t i;
    int bad = 0;

    for (i = 0; arr && !bad && i < x->nev; i++) {
        e = add_obj(arr, NULL);
        if (!e)
            return -1;
        bad |= put_str(e, "source", x->ev[i].source);
        bad |= put_str(e, "time", x->ev[i].time);
        bad |= put_str(e, "text", x->ev[i].text);
        bad |= put_str(e, "file", x->ev[i].file);
        bad |= context_json(e, &x->ev[i]);
    }
    return arr && !bad ? 0 : -1;
}

static int affected_json(cJSON *f, const struct sb_rfinding *x)
{
    cJSON *arr = cJSON_AddArrayToObject(f, "affected"), *a;
    size_t i;
    int bad = 0;

    for (i = 0; arr && !bad && i < x->naff; i++) {
        a = add_obj(arr, NULL);
        if (!a)
            return -1;
        bad |= put_opt(a, "kind", x->aff[i].kind);
        bad |= put_opt(a, "namespace", x->aff[i].ns);
        bad |= put_opt(a, "name", x->aff[i].name);
        bad |= put_str(a, "finding", x->aff[i].finding);
    }
    return arr && !bad ? 0 : -1;
}

static int finding_json(cJSON *arr, const struct sb_rfinding *x)
{
    cJSON *f = add_obj(arr, NULL);
    int bad = 0;

    if (!f)
        return -1;
    bad |= put_str(f, "id", x->id);
    bad |= put_str(f, "rule", x->rule);
    bad |= put_str(f, "severity", x->severity);
    bad |= put_str(f, "category", x->category);
    bad |= put_str(f, "title", x->title);
    bad |= put_str(f, "summary", x->summary);
    bad |= subject_json(f, x);
    bad |= put_str(f, "first_seen", x->first_seen);
    bad |= put_str(f, "last_seen", x->last_seen);
    bad |= evidence_json(f, x);
    bad |= put_str(f, "remediation", x->remediation);
    bad |= put_str(f, "root_cause", x->root_cause);
    bad |= affected_json(f, x);
    return bad ? -1 : 0;
}

/* "window": the --since/--until the report is scoped to, or null. */
static int window_json(sqlite3 *db, cJSON *root)
{
    sqlite3_stmt *st = NULL;
    cJSON *o;
    int bad = 0;

    if (sqlite3_prepare_v2(db, SB_RQ_WINDOW, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        o = add_obj(root, "window");
        bad = !o;
        if (o) {
            bad |= put_str(o, "since", sb_rq_text(st, 0));
            bad |= put_str(o, "until", sb_rq_text(st, 1));
            bad |= put_str(o, "since_arg", sb_rq_text(st, 2));
            bad |= put_str(o, "until_arg", sb_rq_text(st, 3));
        }
    } else {
        bad = !cJSON_AddNullToObject(root, "window");
    }
    sqlite3_finalize(st);
    return bad ? -1 : 0;
}

/* "changes": what changed since the --baseline bundle, or null. */
static int changes_json(sqlite3 *db, cJSON *root)
{
    sqlite3_stmt *st = NULL;
    cJSON *o = NULL, *arr, *x, *s;
    int bad = 0;

    if (sqlite3_prepare_v2(db, SB_RQ_BASELINE, -1, &st, NULL) == SQLITE_OK)
        while (!bad && sqlite3_step(st) == SQLITE_ROW) {
            if (!o) {
                o = add_obj(root, "changes");
                arr = o ? cJSON_AddArrayToObject(o, "baseline") : NULL;
                bad = !arr;
            }
            x = bad ? NULL : add_obj(arr, NULL);
            bad = bad || !x || put_str(x, "path", sb_rq_text(st, 0)) ||
                  put_str(x, "cluster", sb_rq_text(st, 1)) ||
                  put_str(x, "collected_end", sb_rq_text(st, 2));
        }
    sqlite3_finalize(st);
    st = NULL;
    if (!o)
        return bad || !cJSON_AddNullToObject(root, "changes") ? -1 : 0;
    arr = bad ? NULL : cJSON_AddArrayToObject(o, "items");
    bad = bad || !arr;
    if (!bad && sqlite3_prepare_v2(db, SB_RQ_CHANGES, -1, &st, NULL)
        == SQLITE_OK)
        while (!bad && sqlite3_step(st) == SQLITE_ROW) {
            x = add_obj(arr, NULL);
            s = x ? add_obj(x, "subject") : NULL;
            bad = !x || !s;
            if (bad)
                break;
            bad |= put_str(x, "category", sb_rq_text(st, 0));
            bad |= put_str(x, "change", sb_rq_text(st, 1));
            bad |= put_opt(s, "kind", sb_rq_text(st, 2));
            bad |= put_opt(s, "namespace", sb_rq_text(st, 3));
            bad |= put_opt(s, "name", sb_rq_text(st, 4));
            bad |= put_str(x, "before", sb_rq_text(st, 5));
            bad |= put_str(x, "after", sb_rq_text(st, 6));
            bad |= put_str(x, "text", sb_rq_text(st, 7));
            bad |= put_str(x, "time", sb_rq_text(st, 8));
            bad |= put_str(x, "incident", sb_rq_text(st, 9));
            bad |= put_str(x, "finding", sb_rq_text(st, 10));
        }
    sqlite3_finalize(st);
    return bad ? -1 : 0;
}

/* The members of incident 'id', in story order, read with 'st' (the
 * members query, prepared once for all incidents: preparing it for each
 * was an eighth of the JSON report's time on the bench bundle). */
static int members_json(sqlite3_stmt *st, cJSON *inc, const char *id)
{
    cJSON *arr = cJSON_AddArrayToObject(inc, "members"), *o;
    int bad = !arr;

    sqlite3_reset(st);
    if (!bad && sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT)
        == SQLITE_OK) {
        while (!bad && sqlite3_step(st) == SQLITE_ROW) {
            o = add_obj(arr, NULL);
            bad = !o;
            if (bad)
                break;
            bad |= put_str(o, "finding", sb_rq_text(st, 0));
            bad |= put_str(o, "parent", sb_rq_text(st, 1));
            bad |= put_str(o, "reason", sb_rq_text(st, 2));
            bad |= put_num(o, "depth", sqlite3_column_int64(st, 3));
        }
    }
    return bad ? -1 : 0;
}

/* incidents[]: each root with its chain, ranked (docs/report-format.md).
 * A database without the incidents table (written by an older analyze)
 * gives an empty list. */
static int incidents_json(sqlite3 *db, cJSON *root)
{
    cJSON *arr = cJSON_AddArrayToObject(root, "incidents"), *o, *imp;
    sqlite3_stmt *st = NULL, *mem = NULL;
    int bad = !arr;

    if (!bad && sqlite3_prepare_v2(db, SB_RQ_INCIDENTS, -1, &st, NULL)
        == SQLITE_OK) {
        while (!bad && sqlite3_step(st) == SQLITE_ROW) {
            o = add_obj(arr, NULL);
            if (!o) {
                bad = 1;
                break;
            }
            bad |= put_str(o, "id", sb_rq_text(st, 0));
            bad |= put_str(o, "root", sb_rq_text(st, 1));
            bad |= put_str(o, "severity", sb_rq_text(st, 2));
            bad |= put_str(o, "start", sb_rq_text(st, 3));
            imp = add_obj(o, "impact");
            bad |= !imp;
            if (imp) {
                bad |= put_num(imp, "score", sqlite3_column_int64(st, 6));
                bad |= put_num(imp, "subjects", sqlite3_column_int64(st, 4));
                bad |= put_num(imp, "pods", sqlite3_column_int64(st, 5));
            }
            bad |= put_str(o, "narrative", sb_rq_text(st, 7));
            /* an incident whose members cannot be read has none, as
             * before: the members array is there, empty */
            if (!mem && sqlite3_prepare_v2(db, SB_RQ_INCIDENT_MEMBERS, -1,
                                           &mem, NULL) != SQLITE_OK) {
                sqlite3_finalize(mem);
                mem = NULL;
            }
            if (mem)
                bad |= members_json(mem, o, sb_rq_text(st, 0));
            else
                bad |= !cJSON_AddArrayToObject(o, "members");
        }
    }
    sqlite3_finalize(mem);
    sqlite3_finalize(st);
    return bad ? -1 : 0;
}

static int findings_json(cJSON *root, const struct sb_rmodel *m)
{
    cJSON *arr = cJSON_AddArrayToObject(root, "findings"), *sum;
    size_t i;
    int s;

    for (i = 0; arr && i < m->nf; i++)
        if (finding_json(arr, &m->f[i]))
            return -1;
    sum = add_obj(root, "summary");
    for (s = 0; sum && s < SB_RSEV_N; s++)
        if (put_num(sum, sb_rsev_name((enum sb_rsev)s), (long long)m->nsev[s]))
            return -1;
    return arr && sum ? 0 : -1;
}

/* How many bytes at 's' (of 'len') are printable ASCII that JSON takes
 * as they are: not a control byte, not above 0x7f, not '"' or '\\'. */
static size_t plain_run(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

#if defined(__SSE2__)
    /* 16 bytes a step (each of the bench bundle's 92,000 timeline rows
     * has nine strings; the byte loop below was most of writing them):
     * a signed compare with 0x20 marks the control bytes and those above
     * 0x7f alike */
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i bslash = _mm_set1_epi8('\\');

    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_cmplt_epi8(v, space),
            _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                         _mm_cmpeq_epi8(v, bslash))));

        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i < len; i++)
        if (p[i] < 0x20 || p[i] >= 0x80 || p[i] == '"' || p[i] == '\\')
            break;
    return i;
}

/* A JSON string as cJSON_Print writes one (the same escapes, invalid
 * UTF-8 replaced as put_str does), or null; 'tmp' is scratch space. */
static int json_str(struct sb_buf *out, struct sb_buf *tmp, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p, *end;
    size_t len;
    int rc;

    if (!s)
        return sb_buf_adds(out, "null");
    /* most timeline text is printable ASCII with nothing to escape: it
     * goes out as it is, without the UTF-8 check's copy (half the time
     * of the timeline's rows on the bench bundle) */
    len = strlen(s);
    if (plain_run(s, len) == len) {
        rc = sb_buf_addc(out, '"');
        if (!rc)
            rc = sb_buf_add(out, s, len);
        return rc ? rc : sb_buf_addc(out, '"');
    }
    sb_buf_reset(tmp);
    if ((rc = sb_utf8_valid(tmp, s, len)))
        return rc;
    p = (const unsigned char *)tmp->data;
    end = p + tmp->len;
    rc = sb_buf_addc(out, '"');
    while (!rc && p < end) {
        const unsigned char *q = p;
        char esc[7] = "\\u00";
        while (q < end && *q >= 0x20 && *q != '"' && *q != '\\')
            q++;
        if (q > p && (rc = sb_buf_add(out, p, (size_t)(q - p))))
            break;
        if (q == end)
            break;
        switch (*q) {
        case '"': case '\\': esc[1] = (char)*q; esc[2] = '\0'; break;
        case '\b': esc[1] = 'b'; esc[2] = '\0'; break;
        case '\f': esc[1] = 'f'; esc[2] = '\0'; break;
        case '\n': esc[1] = 'n'; esc[2] = '\0'; break;
        case '\r': esc[1] = 'r'; esc[2] = '\0'; break;
        case '\t': esc[1] = 't'; esc[2] = '\0'; break;
        default:
            esc[4] = hex[*q >> 4];
            esc[5] = hex[*q & 15];
            esc[6] = '\0';
        }
        rc = sb_buf_adds(out, esc);
        p = q + 1;
    }
    return rc ? rc : sb_buf_addc(out, '"');
}

/* Appends [p, p + n) at 'w'; returns the end. */
static char *put(char *w, const char *p, size_t n)
{
    memcpy(w, p, n);
    return w + n;
}

/* One member "key": value of a timeline row, 'tabs' deep. */
static int member(struct sb_buf *out, struct sb_buf *tmp, const char *tabs,
                  const char *key, const char *value, bool last)
{
    size_t nt = strlen(tabs), nk = strlen(key), nv = value ? strlen(value) : 0;
    char *w;

    /* a value with nothing to escape (nearly all): the member's room made
     * once and its pieces copied in, not six appends each checking for
     * room (they were most of writing the timeline) */
    if (value && plain_run(value, nv) == nv) {
        if (sb_buf_grow(out, nt + nk + nv + 8))
            return SB_E_NOMEM;
        w = out->data + out->len;
        w = put(w, tabs, nt);
        *w++ = '"';
        w = put(w, key, nk);
        w = put(w, "\":\t\"", 4);
        w = put(w, value, nv);
        w = put(w, last ? "\"\n" : "\",\n", last ? 2 : 3);
        out->len = (size_t)(w - out->data);
        out->data[out->len] = '\0';
        return 0;
    }
    return sb_buf_adds(out, tabs) || sb_buf_addc(out, '"') ||
           sb_buf_adds(out, key) || sb_buf_adds(out, "\":\t") ||
           json_str(out, tmp, value) ||
           sb_buf_adds(out, last ? "\n" : ",\n") ? SB_E_NOMEM : 0;
}

/* A timeline row written straight from the statement, byte for byte what
 * printing a cJSON object of it would give (a cJSON tree per row cost a
 * third of the report's time on the bench bundle). */
static int timeline_row(struct sb_buf *out, struct sb_buf *tmp,
                        sqlite3_stmt *st)
{
    static const char *const subject[] = { "kind", "namespace", "name",
                                           "node" };
    const char *v[9];
    int i, n = 0, seen = 0, rc;

    /* each column read once: the subject's four were read twice */
    for (i = 0; i < 9; i++)
        v[i] = sb_rq_text(st, i);
    for (i = 0; i < 4; i++)
        n += v[3 + i] != NULL;
    rc = sb_buf_adds(out, "{\n");
    rc = rc ? rc : member(out, tmp, "\t\t\t", "time", v[0], 0);
    rc = rc ? rc : member(out, tmp, "\t\t\t", "source", v[1], 0);
    rc = rc ? rc : member(out, tmp, "\t\t\t", "severity", v[2], 0);
    rc = rc ? rc : sb_buf_adds(out, "\t\t\t\"subject\":\t{\n");
    for (i = 0; !rc && i < 4; i++)
        if (v[3 + i])
            rc = member(out, tmp, "\t\t\t\t", subject[i], v[3 + i],
                        ++seen == n);
    rc = rc ? rc : sb_buf_adds(out, "\t\t\t},\n");
    rc = rc ? rc : member(out, tmp, "\t\t\t", "text", v[7], 0);
    rc = rc ? rc : member(out, tmp, "\t\t\t", "file", v[8], 1);
    return rc ? rc : sb_buf_adds(out, "\t\t}");
}

/* The timeline can hold hundreds of thousands of rows: each is written
 * into 'out' as it is read, never a tree of them all (which cost 200 MB
 * on the bench bundle). */
#define FLUSH_AT (1024 * 1024)

/* Where the timeline's text goes each time 'out' holds FLUSH_AT bytes:
 * handed on and 'out' emptied, or (NULL) kept in 'out'. */
typedef int piece_fn(void *ctx, struct sb_buf *out, struct sb_err *err);

static int timeline_json(sqlite3 *db, piece_fn *piece, void *ctx,
                         struct sb_buf *out, struct sb_err *err)
{
    struct sb_buf tmp = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st = NULL;
    int rc, s = SQLITE_DONE, n = 0;

    rc = sb_rq_prepare(db, "SELECT time, source, severity, kind, namespace, "
                       "name, node, text, file FROM timeline "
                       "ORDER BY time, rowid", &st, err);
    if (!rc)
        rc = sb_buf_adds(out, ",\n\t\"timeline\":\t[");
    while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
        if ((n++ && sb_buf_adds(out, ", ")) || timeline_row(out, &tmp, st)) {
            rc = SB_E_NOMEM;
            break;
        }
        /* a report of tens of MB goes out in pieces: growing one buffer
         * to hold it cost a third of the JSON report's time */
        if (out->len >= FLUSH_AT && piece && (rc = piece(ctx, out, err)))
            goto cleanup;
    }
    if (!rc && s != SQLITE_DONE)
        rc = sb_err_set(err, SB_E_DB, "cannot read the timeline: %s",
                        sqlite3_errmsg(db));
    else if (!rc)
        rc = sb_buf_addc(out, ']');
    if (rc > 0 || rc == SB_E_NOMEM || rc == SB_E_TOOBIG)
        rc = sb_err_set(err, rc, "cannot hold the JSON report: %s",
                        sb_err_str(rc));
cleanup:
    sb_buf_release(&tmp);
    sqlite3_finalize(st);
    return rc;
}

/* The caller's flush (sb_render_opts) as a piece_fn. */
static int flush_piece(void *ctx, struct sb_buf *out, struct sb_err *err)
{
    const struct sb_render_opts *opts = ctx;
    int rc = opts->flush(opts->flush_ctx, out->data, out->len, err);

    if (rc == 0)
        sb_buf_reset(out);
    return rc;
}

/* ---- the timeline on a helper connection ------------------------------- */

/* The timeline read and written on opts->helper by a thread of its own
 * while the report's head is built on 'db': the pieces wait in a ring of
 * PIPE_SLOTS until the head is out, then go out in order. The helper gets
 * that far ahead at most: on the bench bundle the head takes about half
 * as long as the timeline, which writes 28 MB, so 16 pieces of 1 MB let
 * it run on (4 stopped it after a seventh of the timeline: the render
 * was no faster than on one thread). A thread that cannot start leaves
 * the timeline to 'db', after the head, as before. */
#define PIPE_SLOTS 16

struct tl_pipe {
    sqlite3 *db;
    struct sb_buf slot[PIPE_SLOTS];     /* pieces in order from 'first' */
    size_t first, count;
    bool done;              /* the thread wrote its last piece */
    bool stop;              /* the reader of the pieces gave up */
    int rc;                 /* the thread's result, once done */
    struct sb_err err;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
};

/* A piece_fn for the helper's thread: moves 'out' into the ring, waiting
 * while it is full. SB_E_INTERNAL when the reader gave up (its own error
 * is the one reported). */
static int pipe_push(void *ctx, struct sb_buf *out, struct sb_err *err)
{
    struct tl_pipe *p = ctx;
    int rc = 0;

    pthread_mutex_lock(&p->mu);
    while (p->count == PIPE_SLOTS && !p->stop)
        pthread_cond_wait(&p->cv, &p->mu);
    if (p->stop) {
        rc = sb_err_set(err, SB_E_INTERNAL, "the JSON timeline stopped");
    } else {
        p->slot[(p->first + p->count++) % PIPE_SLOTS] = *out;
        *out = (struct sb_buf)SB_BUF_INIT(out->max);
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return rc;
}

/* Sets the cache_size of 'db' to 'size' (PRAGMA cache_size's units);
 * returns what it was (or 'size' when it cannot be read). */
static int cache_size_set(sqlite3 *db, int size)
{
    sqlite3_stmt *st = NULL;
    char sql[48];
    int old = size;

    if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &st, NULL)
        == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        old = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    snprintf(sql, sizeof(sql), "PRAGMA cache_size=%d", size);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    return old;
}

static void *pipe_main(void *arg)
{
    struct tl_pipe *p = arg;
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    int rc, cache;

    pthread_setname_np(pthread_self(), "sb-json-tl");
    /* the timeline is read in time order, its rows all over the table: a
     * reader's 4 MB cache read pages again and again (26,200 reads of 64
     * KiB in the bench bundle's run against 22,800); with the writer's
     * 16 MB, as many as the writer's render made */
    cache = cache_size_set(p->db, -16384);
    rc = timeline_json(p->db, pipe_push, p, &out, &err);
    cache_size_set(p->db, cache);       /* its pages go back at once */
    if (rc == 0 && out.len)
        rc = pipe_push(p, &out, &err);
    sb_buf_release(&out);
    pthread_mutex_lock(&p->mu);
    p->rc = rc;
    p->err = err;
    p->done = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Starts the helper's thread; -1 when it cannot (the caller renders the
 * timeline itself). */
static int pipe_start(struct tl_pipe *p, sqlite3 *helper)
{
    memset(p, 0, sizeof(*p));
    p->db = helper;
    p->err = (struct sb_err)SB_ERR_INIT;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (pthread_create(&p->thread, NULL, pipe_main, p) == 0)
        return 0;
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    return -1;
}

/* The next piece into '*piece' (the caller's to release): 1, or 0 once
 * the thread is done and every piece taken. */
static int pipe_pop(struct tl_pipe *p, struct sb_buf *piece)
{
    int got = 0;

    pthread_mutex_lock(&p->mu);
    while (p->count == 0 && !p->done)
        pthread_cond_wait(&p->cv, &p->mu);
    if (p->count) {
        *piece = p->slot[p->first];
        p->first = (p->first + 1) % PIPE_SLOTS;
        p->count--;
        got = 1;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return got;
}

/* Writes the helper's pieces after what 'out' holds: through the
 * caller's flush, or into 'out' when there is none. */
static int pipe_drain(struct tl_pipe *p, const struct sb_render_opts *opts,
                      struct sb_buf *out, struct sb_err *err)
{
    struct sb_buf piece;
    int rc = 0;

    if (opts->flush && out->len)
        rc = flush_piece((void *)opts, out, err);
    while (rc == 0 && pipe_pop(p, &piece)) {
        if (opts->flush)
            rc = opts->flush(opts->flush_ctx, piece.data, piece.len, err);
        else
            rc = sb_buf_add(out, piece.data, piece.len);  /* the caller
                                                           says which */
        sb_buf_release(&piece);
    }
    return rc;
}

/* Stops (when 'rc' says the report failed) and joins the helper's
 * thread; returns 'rc', or the thread's error when the rest went well. */
static int pipe_finish(struct tl_pipe *p, int rc, struct sb_err *err)
{
    size_t i;

    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    if (rc == 0 && p->rc) {
        *err = p->err;
        rc = p->rc;
    }
    for (i = 0; i < p->count; i++)
        sb_buf_release(&p->slot[(p->first + i) % PIPE_SLOTS]);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    return rc;
}

static int errors_json(sqlite3 *db, cJSON *col, struct sb_err *err)
{
    cJSON *arr = cJSON_AddArrayToObject(col, "errors"), *e;
    sqlite3_stmt *st = NULL;
    int rc, bad = 0;

    if (!arr)
        return sb_err_set(err, SB_E_NOMEM, NOMEM);
    rc = sb_rq_prepare(db, "SELECT collector, target, status, error "
                       "FROM collection_errors ORDER BY bundle_id, rowid",
                       &st, err);
    while (!rc && !bad && sqlite3_step(st) == SQLITE_ROW) {
        e = add_obj(arr, NULL);
        if (!e) {
            bad = 1;
            break;
        }
        bad |= put_str(e, "collector", sb_rq_text(st, 0));
        bad |= put_str(e, "target", sb_rq_text(st, 1));
        bad |= put_col_num(e, "status", st, 2);
        bad |= put_str(e, "error", sb_rq_text(st, 3));
    }
    if (!rc && bad)
        rc = sb_err_set(err, SB_E_NOMEM, NOMEM);
    sqlite3_finalize(st);
    return rc;
}

static int load_errors_json(sqlite3 *db, cJSON *col, struct sb_err *err)
{
    cJSON *arr = cJSON_AddArrayToObject(col, "load_errors"), *e;
    sqlite3_stmt *st = NULL;
    int rc, bad = 0;

    if (!arr)
        return sb_err_set(err, SB_E_NOMEM, NOMEM);
    rc = sb_rq_prepare(db, "SELECT file, error FROM load_errors "
                       "ORDER BY rowid", &st, err);
    while (!rc && !bad && sqlite3_step(st) == SQLITE_ROW) {
        e = add_obj(arr, NULL);
        bad = !e || put_str(e, "file", sb_rq_text(st, 0)) ||
              put_str(e, "error", sb_rq_text(st, 1));
    }
    if (!rc && bad)
        rc = sb_err_set(err, SB_E_NOMEM, NOMEM);
    sqlite3_finalize(st);
    return rc;
}

/* A {text: count} object from a two-column grouped query. */
static int counts_json(sqlite3 *db, cJSON *col, const char *key,
                       const char *sql, struct sb_err *err)
{
    cJSON *o = add_obj(col, key);
    sqlite3_stmt *st = NULL;
    int rc, bad = 0;

    if (!o)
        return sb_err_set(err, SB_E_NOMEM, NOMEM);
    rc = sb_rq_prepare(db, sql, &st, err);
    while (!rc && !bad && sqlite3_step(st) == SQLITE_ROW) {
        struct sb_buf k = SB_BUF_INIT(SB_BUF_UNLIMITED);
        const char *name = sb_rq_text(st, 0);

        bad = sb_utf8_valid(&k, name ? name : "", name ? strlen(name) : 0) ||
              !cJSON_AddNumberToObject(o, sb_buf_str(&k),
                                       sqlite3_column_double(st, 1));
        sb_buf_release(&k);
    }
    if (!rc && bad)
        rc = sb_err_set(err, SB_E_NOMEM, NOMEM);
    sqlite3_finalize(st);
    return rc;
}

static int collection_json(sqlite3 *db, cJSON *root,
                           const struct sb_rmodel *m, struct sb_err *err)
{
    cJSON *col = add_obj(root, "collection");
    int rc, complete = m->primary ? m->primary->complete : -1;

    if (!col)
        return sb_err_set(err, SB_E_NOMEM, NOMEM);
    if (!(complete < 0 ? cJSON_AddNullToObject(col, "complete") :
                         cJSON_AddBoolToObject(col, "complete", complete)))
        return sb_err_set(err, SB_E_NOMEM, NOMEM);
    rc = errors_json(db, col, err);
    if (!rc)
        rc = load_errors_json(db, col, err);
    if (!rc)
        rc = counts_json(db, col, "redactions", "SELECT rule, sum(count) "
                         "FROM redactions GROUP BY rule ORDER BY rule", err);
    if (!rc)
        rc = counts_json(db, col, "files", "SELECT status, count(*) "
                         "FROM files GROUP BY status ORDER BY status", err);
    return rc;
}

/* Appends the formatted print of object 'o' without its outer "{\n" or
 * "\n}" ('strip_open': also without the "{\n"), or all of it. */
static int add_object_body(struct sb_buf *out, const cJSON *o, int strip_open)
{
    char *text = cJSON_Print(o);
    size_t len, skip;
    int rc;

    if (!text)
        return SB_E_NOMEM;
    len = strlen(text);
    skip = strip_open && len >= 2 ? 2 : 0;
    if (len >= skip + 2)
        len -= 2;           /* "\n}" */
    rc = sb_buf_add(out, text + skip, len - skip);
    cJSON_free(text);
    return rc;
}

/* "gpus" and "gpu_nodes": the verdicts (sb_gpufleet.h). */
static int gpus_json(sqlite3 *db, cJSON *root, struct sb_err *err)
{
    struct sb_gpufleet f = SB_GPUFLEET_INIT;
    int rc = sb_gpufleet_load(db, &f, err);

    if (!rc && sb_gpufleet_json(&f, root))
        rc = sb_err_set(err, SB_E_NOMEM, NOMEM);
    sb_gpufleet_release(&f);
    return rc;
}

/* The report is written in three parts, as one cJSON_Print of the whole
 * would have written it: the head (schema ... summary), the timeline row
 * by row, and the collection. */
int sb_render_json(sqlite3 *db, const struct sb_rmodel *m,
                   const struct sb_render_opts *opts, struct sb_buf *out,
                   struct sb_err *err)
{
    cJSON *root = cJSON_CreateObject(), *tail = cJSON_CreateObject();
    struct tl_pipe pipe;
    bool piped;
    int rc = 0;

    /* this connection's cache holds the timeline's pages the writer just
     * wrote, which the helper reads now: given back, the helper's cache
     * and the pieces waiting reuse the memory (peak RSS on the bench
     * bundle 129 MB kept, 113 MB given back; 99 MB on one thread) */
    if (opts->helper)
        sqlite3_db_release_memory(db);
    piped = opts->helper && pipe_start(&pipe, opts->helper) == 0;

    if (!root || !tail ||
        !cJSON_AddStringToObject(root, "schema", SB_REPORT_SCHEMA) ||
        !cJSON_AddStringToObject(root, "generator", "sbundle " SB_VERSION) ||
        bundles_json(root, m) || inventory_json(db, root) ||
        window_json(db, root) || incidents_json(db, root) ||
        changes_json(db, root) ||
        findings_json(root, m)) {
        rc = sb_err_set(err, SB_E_NOMEM, NOMEM);
        goto cleanup;
    }
    rc = gpus_json(db, root, err);
    if (rc)
        goto cleanup;
    rc = collection_json(db, tail, m, err);
    if (rc)
        goto cleanup;
    if (add_object_body(out, root, 0)) {
        rc = SB_E_NOMEM;
        goto cleanup;
    }
    cJSON_Delete(root);
    root = NULL;
    if (piped)
        rc = pipe_drain(&pipe, opts, out, err);
    else
        rc = timeline_json(db, opts->flush ? flush_piece : NULL,
                           (void *)opts, out, err);
    if (rc)
        goto cleanup;
    if (sb_buf_adds(out, ",\n") || add_object_body(out, tail, 1) ||
        sb_buf_adds(out, "\n}\n"))
        rc = SB_E_NOMEM;
cleanup:
    if (piped)
        rc = pipe_finish(&pipe, rc, err);
    if (rc > 0 || rc == SB_E_NOMEM || rc == SB_E_TOOBIG)
        rc = sb_err_set(err, rc == SB_E_TOOBIG ? rc : SB_E_NOMEM,
                        "cannot hold the JSON report: %s",
                        sb_err_str(rc == SB_E_TOOBIG ? rc : SB_E_NOMEM));
    cJSON_Delete(root);
    cJSON_Delete(tail);
    return rc;
}
