/*
 * The loader's driver: opens a bundle, walks its members once, sends each
 * to the loader its path calls for, records every member in 'files', and
 * checks the manifest's list and checksums against what was read.
 *
 * One file, though over a thousand lines: every part (the member walk,
 * the files table, the manifest, the digests and the check against what
 * was read) works on the one struct walk, in the one order
 * sb_load_bundle runs them, and what a member holds is already loaded by
 * its own modules (sb_load_k8s, _logs, _metrics, _yaml, sb_host_load).
 * Moving the manifest half out would put struct walk in a private header
 * for a single caller and cut a sequence that reads top to bottom.
 */
#include "sb_load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "sb_alloc.h"
#include "sb_bformat.h"
#include "sb_buf.h"
#include "sb_bundle.h"
#include "sb_filecheck.h"
#include "sb_host_load.h"
#include "sb_jscan.h"
#include "sb_kjson.h"
#include "sb_load_ctx.h"
#include "sb_log.h"
#include "sb_time.h"

/* a namespace of about 20,000 pods, or 250,000 events, in one list */
#define DEFAULT_JSON_MAX (256ULL << 20)
#define DEFAULT_MEMBER_MAX (512ULL << 20)
#define DEFAULT_LINE_MAX (64 * 1024)
/* sb_jscan's arena for the manifest, as the resource loader sizes it */
#define MANIFEST_ARENA_PER_BYTE 16
#define MANIFEST_ARENA_EXTRA ((size_t)1 << 20)
#define WARN_MAX 20     /* per bundle, then one summary line */
/* rows of 'files' a statement writes: 8 values each */
#define FILES_BATCH 64
/* a member buffer larger than this is freed after its member, not kept
 * for the next (which is most often a few KB) */
#define DATA_KEEP_MAX ((size_t)16 << 20)

struct walk {
    struct sb_load_ctx ctx;
    struct sb_bundle *bn;
    struct sb_load_opts opts;
    struct sb_buf data;
    int fmt;
    bool has_manifest;
    uint64_t loaded;
    int warned;
    /* the files rows and the manifest's list, written once checked (the
     * members' digests come from a thread, after the walk) */
    struct sb_filecheck files;
    struct sb_jscan jscan;      /* the members' parser (ctx.jscan) */
};

/* ---- errors ---- */

void sb_load_error(struct sb_load_ctx *ctx, const char *file,
                   const char *fmt, ...)
{
    struct sb_err e = SB_ERR_INIT;
    sqlite3_stmt *st;
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ctx->stats->errors++;
    if (ctx->stats->errors <= WARN_MAX) {
        if (file)
            sb_warn("'%s': '%s': %s", ctx->bundle_path, file, msg);
        else
            sb_warn("'%s': %s", ctx->bundle_path, msg);
    } else if (ctx->stats->errors == WARN_MAX + 1) {
        sb_warn("'%s': more problems; see the load_errors table",
                ctx->bundle_path);
    }
    st = sb_db_stmt(ctx->db, "INSERT INTO load_errors VALUES (?,?,?)", &e);
    if (!st) {
        sb_warn("cannot record a load error: %s", e.msg);
        return;
    }
    sqlite3_bind_int64(st, 1, ctx->bundle_id);
    sb_db_bind_text(st, 2, file, -1);
    sqlite3_bind_text(st, 3, msg, -1, SQLITE_TRANSIENT);
    if (sb_db_run(ctx->db, st, &e))
        sb_warn("cannot record a load error: %s", e.msg);
}

/* ---- members ---- */

static void copy(char *dst, const char *src, size_t cap)
{
    snprintf(dst, cap, "%s", src);
}


static ssize_t bundle_reader(void *rctx, void *buf, size_t n,
                             struct sb_err *err)
{
    return sb_bundle_read(rctx, buf, n, err);
}

/* A gzip member inside the bundle (nvidia-bug-report.log.gz), inflated
 * as it is read: one gzip stream after another, as the report's script
 * appends them, and no more than 'cap' bytes out (a small file can
 * inflate to any size). */
struct gunzip {
    struct sb_bundle *bn;
    z_stream z;
    unsigned char in[64 * 1024];
    bool in_eof, done;
    uint64_t out, cap;
    const char *path;
    bool capped;
    bool failed;            /* 'err' waits for the next read */
    struct sb_err err;
};

/* More compressed bytes when the last are used up; 0 or an error code */
static ssize_t gunzip_fill(struct gunzip *g, struct sb_err *err)
{
    ssize_t got;

    if (g->z.avail_in > 0 || g->in_eof)
        return 0;
    got = sb_bundle_read(g->bn, g->in, sizeof(g->in), err);
    if (got < 0)
        return got;
    g->in_eof = got == 0;
    g->z.next_in = g->in;
    g->z.avail_in = (uInt)got;
    return 0;
}

/* Inflates into 'buf'; returns the bytes made, 0 at the end, or an error
 * code: an error after some bytes is reported on the next call, so that
 * the lines before the damage are kept. */
static ssize_t gunzip_reader(void *rctx, void *buf, size_t n,
                             struct sb_err *err)
{
    struct gunzip *g = rctx;
    ssize_t got, made;
    int zrc = Z_OK;

    if (g->failed) {
        *err = g->err;
        return g->err.code;
    }
    if (g->cap - g->out < n)
        n = (size_t)(g->cap - g->out);
    if (g->done || n == 0) {
        g->capped = !g->done && n == 0;
        return 0;
    }
    g->z.next_out = buf;
    g->z.avail_out = (uInt)(n > (1u << 30) ? 1u << 30 : n);
    while (g->z.avail_out > 0 && !g->failed) {
        if ((got = gunzip_fill(g, &g->err)) < 0) {
            g->failed = true;
            break;
        }
        zrc = inflate(&g->z, Z_NO_FLUSH);
        if (zrc == Z_STREAM_END) {
            /* another stream follows, or the member ends here */
            if ((got = gunzip_fill(g, &g->err)) < 0) {
                g->failed = true;
            } else if (g->z.avail_in == 0) {
                g->done = true;
                break;
            } else {
                inflateReset(&g->z);
            }
        } else if (zrc == Z_BUF_ERROR && g->in_eof) {
            sb_err_set(&g->err, SB_E_FORMAT, "'%s' ends inside its gzip "
                       "data", g->path);
            g->failed = true;
        } else if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
            sb_err_set(&g->err, SB_E_FORMAT, "'%s' is not valid gzip data: "
                       "%s", g->path, g->z.msg ? g->z.msg : "inflate failed");
            g->failed = true;
        }
    }
    made = (ssize_t)((unsigned char *)g->z.next_out - (unsigned char *)buf);
    g->out += (uint64_t)made;
    if (made == 0 && g->failed) {
        *err = g->err;
        return g->err.code;
    }
    return made;
}

/* A node log that is gzip data: its lines, up to the member cap inflated.
 * A truncated or corrupt stream keeps the lines before the damage. */
static int load_gzip_node_log(struct walk *w, const struct sb_log_target *t,
                              struct sb_err *err)
{
    struct gunzip *g = sb_calloc(1, sizeof(*g));
    int rc;

    if (!g)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    g->bn = w->bn;
    g->path = t->file;
    g->cap = w->opts.member_max ? w->opts.member_max : DEFAULT_MEMBER_MAX;
    if (inflateInit2(&g->z, 15 + 16) != Z_OK) {
        sb_free(g);
        return sb_err_set(err, SB_E_NOMEM, "cannot start inflating '%s'",
                          t->file);
    }
    rc = sb_load_logs_stream(&w->ctx, t, gunzip_reader, g, err);
    if (rc == SB_E_FORMAT) {
        sb_load_error(&w->ctx, t->file, "%s (the lines before are loaded)",
                      err->msg);
        *err = (struct sb_err)SB_ERR_INIT;
        rc = 0;
    }
    if (rc == 0 && g->capped)
        sb_load_error(&w->ctx, t->file, "inflates to more than %llu bytes: "
                      "the rest is not loaded",
                      (unsigned long long)g->cap);
    if (rc == 0 && t->sectioned)
        rc = sb_load_logs_bugreport_dedup(&w->ctx, t->file, err);
    inflateEnd(&g->z);
    sb_free(g);
    return rc;
}

static int read_member(struct walk *w, const char *path, struct sb_err *err)
{
    int rc;

    sb_buf_reset(&w->data);
    rc = sb_bundle_read_all(w->bn, &w->data, err);
    if (rc == SB_E_TOOBIG)
        return sb_err_set(err, SB_E_TOOBIG, "larger than %llu bytes: not "
                          "loaded%s%s%s", (unsigned long long)w->opts.json_max,
                          w->opts.size_option ? " (raise " : "",
                          w->opts.size_option ? w->opts.size_option : "",
                          w->opts.size_option ? " to load it)" : "");
    (void)path;
    return rc;
}

static void set_bundle_text(struct walk *w, const char *column,
                            const char *value)
{
    struct sb_err e = SB_ERR_INIT;
    char sql[128];
    sqlite3_stmt *st;

    if (!value)
        return;
    /* 'column' is one of our literals, never input */
    snprintf(sql, sizeof(sql), "UPDATE bundles SET %s = ? WHERE id = ?",
             column);
    if (sqlite3_prepare_v2(sb_db_handle(w->ctx.db), sql, -1, &st, NULL)) {
        sb_warn("cannot update bundle: %s",
                sqlite3_errmsg(sb_db_handle(w->ctx.db)));
        return;
    }
    sqlite3_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, w->ctx.bundle_id);
    if (sb_db_run(w->ctx.db, st, &e))
        sb_warn("%s", e.msg);
    sqlite3_finalize(st);
}

static int load_version(struct walk *w, const char *path, struct sb_err *err)
{
    cJSON *doc = cJSON_ParseWithLength(w->data.data, w->data.len);
    const cJSON *v;

    if (!doc)
        return sb_err_set(err, SB_E_FORMAT, "bad JSON in '%s'", path);
    v = cJSON_GetObjectItemCaseSensitive(doc, "gitVersion");
    if (!cJSON_IsString(v))
        v = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(doc, "info"), "gitVersion");
    if (cJSON_IsString(v))
        set_bundle_text(w, "k8s_version", v->valuestring);
    cJSON_Delete(doc);
    return 0;
}

/* must-gather's start and end: the bundle's collection times */
static int load_timestamp(struct walk *w, const char *path,
                          struct sb_err *err)
{
    char t[SB_TIME_MAX];
    int64_t start, end;

    if (!sb_bformat_timestamps(w->data.data, w->data.len, &start, &end))
        return sb_err_set(err, SB_E_FORMAT, "no time in '%s'", path);
    set_bundle_text(w, "collected_start", sb_time_format(start, -1, t));
    set_bundle_text(w, "collected_end", sb_time_format(end, -1, t));
    return 0;
}

static int load_yaml(struct walk *w, const char *path, const char *resource,
                     struct sb_err *err)
{
    cJSON *docs = sb_load_yaml_parse(path, w->data.data, w->data.len, err);
    const cJSON *d;
    int rc = 0;

    if (!docs)
        return err->code;
    cJSON_ArrayForEach(d, docs) {
        if ((rc = sb_load_k8s_doc(&w->ctx, path, resource, d, err)))
            break;
    }
    cJSON_Delete(docs);
    return rc;
}


/* kubectl <= 1.13 dumped the internal types: "Items", "Spec", ...; a
 * cheap look before the parse, since only old dumps pay for it */
static bool looks_capitalised(const struct sb_buf *data)
{
    static const char *const marks[] = { "\"Items\"", "\"Spec\"",
                                         "\"InvolvedObject\"" };
    size_t i;

    for (i = 0; i < 3; i++)
        if (data->len && memmem(data->data, data->len, marks[i],
                                strlen(marks[i])))
            return true;
    return false;
}

static int load_capitalised(struct walk *w, const char *path,
                            const char *resource, struct sb_err *err)
{
    cJSON *doc = cJSON_ParseWithLength(w->data.data, w->data.len);
    int rc;

    if (!doc)
        return sb_err_set(err, SB_E_FORMAT, "bad JSON in '%s'", path);
    sb_bformat_normalize(doc);
    rc = sb_load_k8s_doc(&w->ctx, path, resource, doc, err);
    cJSON_Delete(doc);
    return rc;
}

static int load_host(struct walk *w, const char *path, struct sb_err *err)
{
    return sb_host_load_member(sb_db_handle(w->ctx.db), w->ctx.bundle_id,
                               w->ctx.node, path, w->data.data, w->data.len,
                               err);
}

static int load_manifest(struct walk *w, struct sb_err *err);

/* Loads the current member; returns 0 when it filled something, 1 when
 * it was not for us, or a negative code with 'err' set. */
static int load_member(struct walk *w, const char *path,
                       const struct sb_bformat_member *m, struct sb_err *err)
{
    struct sb_log_target t;
    int rc;

    memset(&t, 0, sizeof(t));
    t.file = path;
    switch (m->kind) {
    case SB_BF_SKIP:
        return 1;
    case SB_BF_LOG:
    case SB_BF_DUMP_LOG:
        t.ns = m->ns;
        t.pod = m->pod;
        t.container = m->kind == SB_BF_LOG ? m->container : NULL;
        t.previous = m->previous;
        return sb_load_logs_stream(&w->ctx, &t, bundle_reader, w->bn, err);
    case SB_BF_PREFIX_LOG:
        t.ns = "";      /* not in its name: see fix_log_owners */
        t.pod = m->pod;
        t.previous = m->previous;
        t.prefixed = true;
        return sb_load_logs_stream(&w->ctx, &t, bundle_reader, w->bn, err);
    case SB_BF_NODE_LOG:
        t.node = m->node;
        t.source = m->source;
        if (m->gzip) {
            t.sectioned = !strcmp(m->source, "nvidia-bug-report");
            return load_gzip_node_log(w, &t, err);
        }
        return sb_load_logs_stream(&w->ctx, &t, bundle_reader, w->bn, err);
    default:
        break;
    }
    if ((rc = read_member(w, path, err)))
        return rc;
    switch (m->kind) {
    case SB_BF_MANIFEST:
        return load_manifest(w, err);
    case SB_BF_JSON:
        if (m->fmt == SB_BF_DUMP && looks_capitalised(&w->data))
            return load_capitalised(w, path, m->resource, err);
        return sb_load_k8s_json(&w->ctx, path, m->resource, w->data.data,
                                w->data.len, err);
    case SB_BF_YAML:
        return load_yaml(w, path, m->resource, err);
    case SB_BF_DCGM:
        return sb_load_dcgm(&w->ctx, m->node, path, w->data.data,
                            w->data.len, err);
    case SB_BF_HOST:
        return load_host(w, path, err);
    case SB_BF_VERSION:
        return load_version(w, path, err);
    case SB_BF_TIMESTAMP:
        return load_timestamp(w, path, err);
    default:
        return 1;
    }
}

static int one_member(struct walk *w, const struct sb_member *mb,
                      struct sb_err *err)
{
    struct sb_err merr = SB_ERR_INIT, why = SB_ERR_INIT;
    int64_t ticket = -1;
    struct sb_bformat_member m;
    enum sb_fc_status status = SB_FC_OK;
    char *path = sb_strdup(mb->path);
    uint64_t lines0 = w->ctx.stats->log_lines;
    int rc;

    if (!path)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    w->ctx.stats->members++;
    sb_bformat_classify(path, &m);
    w->fmt |= m.fmt;
    rc = load_member(w, path, &m, &merr);
    /* a big member's buffer goes back at once: the manifest of a
     * 150,000-pod bundle (61 MB) is read last, and kept it would lie
     * under the check's peak at the end of the walk */
    if (w->data.cap > DATA_KEEP_MAX)
        sb_buf_release(&w->data);
    if (rc == 1) {
        status = SB_FC_SKIPPED;
    } else if (rc == 0) {
        w->loaded++;
        w->ctx.stats->loaded++;
    } else if (rc == SB_E_DB || rc == SB_E_NOMEM) {
        /* the database itself failed: nothing after this can work */
        sb_err_set(err, rc, "cannot load '%s' from '%s': %s", path,
                   w->ctx.bundle_path, merr.msg);
        goto cleanup;
    } else if (w->ctx.stats->log_lines > lines0) {
        /* a log cut short (a truncated archive): what came before the
         * cut is loaded, and the warning says so rather than that the
         * file could not be loaded */
        status = SB_FC_PARTIAL;
        w->loaded++;
        w->ctx.stats->loaded++;
        sb_err_set(&why, rc, "%llu lines loaded, the rest lost: %s",
                   (unsigned long long)(w->ctx.stats->log_lines - lines0),
                   merr.msg);
        sb_load_error(&w->ctx, path, "%s", why.msg);
    } else {
        status = SB_FC_ERROR;
        why = merr;
        sb_load_error(&w->ctx, path, "%s", merr.msg);
    }
    /* the reader hashes as it goes: this reads what the loader left, and
     * the digest comes later (digests_fill) */
    merr = (struct sb_err)SB_ERR_INIT;
    if (sb_bundle_sha256_ticket(w->bn, &ticket, &merr)) {
        ticket = -1;
        if (!why.code && status == SB_FC_OK) {
            /* loaded, then the reader failed at the member's end (a
             * truncated archive): loaded, but not all of it */
            status = SB_FC_PARTIAL;
            if (w->ctx.stats->log_lines > lines0)
                sb_err_set(&why, merr.code, "%llu lines loaded, the rest "
                           "lost: %s", (unsigned long long)
                           (w->ctx.stats->log_lines - lines0), merr.msg);
            else
                sb_err_set(&why, merr.code, "loaded as far as it could be "
                           "read: %s", merr.msg);
            sb_load_error(&w->ctx, path, "%s", why.msg);
        } else if (!why.code) {
            status = SB_FC_ERROR;
            why = merr;
            sb_load_error(&w->ctx, path, "%s", merr.msg);
        }
    }
    rc = sb_filecheck_member(&w->files, path, mb->size, status,
                             why.code ? why.msg : NULL, ticket, err);
cleanup:
    sb_free(path);
    return rc < 0 ? rc : 0;
}

/* ---- manifest ---- */

static const char *jstr(const cJSON *o, const char *key)
{
    return sb_kjson_str(o, key);
}

/* One item of the manifest's file list, for the check after the walk */
static int list_entry(struct walk *w, const cJSON *c, struct sb_err *err)
{
    const cJSON *size = cJSON_GetObjectItemCaseSensitive(c, "size");
    int64_t n = 0;
    bool sized = cJSON_IsNumber(size) && sb_load_int_of(size->valuedouble, &n);

    if (!jstr(c, "path"))
        return 0;
    return sb_filecheck_listed(&w->files, jstr(c, "path"), sized ? &n : NULL,
                               jstr(c, "sha256"), err);
}

/* What the manifest lists besides the files; its file list too when
 * 'files' (not when it was read item by item: see manifest_split) */
static int manifest_lists(struct walk *w, const cJSON *doc, bool files,
                          struct sb_err *err)
{
    const cJSON *r, *c;
    sqlite3_stmt *st;
    int64_t n;
    int rc;

    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(doc,
                                                           "redactions")) {
        if (!r->string || !cJSON_IsNumber(r))
            continue;
        st = sb_db_stmt(w->ctx.db, "INSERT INTO redactions VALUES (?,?,?)",
                        err);
        if (!st)
            return err->code;
        sqlite3_bind_int64(st, 1, w->ctx.bundle_id);
        sqlite3_bind_text(st, 2, r->string, -1, SQLITE_STATIC);
        if (sb_load_int_of(r->valuedouble, &n))
            sqlite3_bind_int64(st, 3, n);
        if ((rc = sb_db_run(w->ctx.db, st, err)))
            return rc;
    }
    /* failed collectors, then the gaps they left */
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc,
                                                           "collectors")) {
        const char *status = jstr(c, "status"), *e = jstr(c, "error");
        if (!e || !*e || (status && !strcmp(status, "ok")))
            continue;
        st = sb_db_stmt(w->ctx.db, "INSERT INTO collection_errors VALUES "
                        "(?,?,NULL,NULL,?)", err);
        if (!st)
            return err->code;
        sqlite3_bind_int64(st, 1, w->ctx.bundle_id);
        sb_db_bind_text(st, 2, jstr(c, "name"), -1);
        sb_db_bind_text(st, 3, e, -1);
        if ((rc = sb_db_run(w->ctx.db, st, err)))
            return rc;
    }
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "gaps")) {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(c, "status");
        const char *e = jstr(c, "error");
        st = sb_db_stmt(w->ctx.db, "INSERT INTO collection_errors VALUES "
                        "(?,?,?,?,?)", err);
        if (!st)
            return err->code;
        sqlite3_bind_int64(st, 1, w->ctx.bundle_id);
        sb_db_bind_text(st, 2, jstr(c, "collector"), -1);
        sb_db_bind_text(st, 3, jstr(c, "target"), -1);
        if (cJSON_IsNumber(s))
            sqlite3_bind_int(st, 4, s->valueint);
        sb_db_bind_text(st, 5, e && *e ? e : "not collected", -1);
        if ((rc = sb_db_run(w->ctx.db, st, err)))
            return rc;
    }
    /* the list is checked once every member is read (verify) */
    if (!files)
        return 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "files"))
        if ((rc = list_entry(w, c, err)))
            return rc;
    return 0;
}

/* The manifest without its (long) file list, as cJSON prints it for the
 * report: an object lending every member of 'doc' but the first "files"
 * (the one cJSON_DeleteItemFromObjectCaseSensitive would take out), or
 * every member when 'cut' (the list was cut out of the text already).
 * Caller frees with cJSON_free; NULL when out of memory. */
static char *manifest_text(const cJSON *doc, bool cut)
{
    cJSON *rest = cJSON_CreateObject();
    const cJSON *c;
    bool skipped = cut;
    char *text = NULL;

    if (!rest)
        return NULL;
    cJSON_ArrayForEach(c, doc) {
        if (!skipped && c->string && !strcmp(c->string, "files")) {
            skipped = true;
            continue;
        }
        if (!cJSON_AddItemReferenceToObject(rest, c->string ? c->string : "",
                                            (cJSON *)c))
            goto cleanup;
    }
    text = cJSON_PrintUnformatted(rest);
cleanup:
    cJSON_Delete(rest);     /* the references only: 'doc' stays whole */
    return text;
}

/* The manifest's tree: sb_jscan's (from an arena, several times faster
 * than cJSON on the 14 MB manifest of a 15,000-pod bundle, and the same
 * tree), or cJSON's for what sb_jscan refuses, which then judges it.
 * *owned is what the caller frees with cJSON_Delete (NULL for sb_jscan's,
 * released with 'js'). */
static const cJSON *manifest_parse(struct walk *w, struct sb_jscan *js,
                                   cJSON **owned)
{
    const cJSON *doc = NULL;

    *owned = NULL;
    if (w->data.len <= 0x7fffffff &&
        sb_jscan_parse(js, w->data.data, w->data.len, &doc) == 0)
        return doc;
    sb_jscan_release(js);
    *owned = cJSON_ParseWithLength(w->data.data, w->data.len);
    return *owned;
}

/* The manifest without its file list, parsed into 'js' from 'rest', and
 * the list's items parsed one at a time into w->files: a tree of the
 * whole is five times the text, most of it the list, and comes at the
 * end of the walk, when the load holds the most. NULL when the text is
 * not simple enough or sb_jscan refuses a piece (nothing is listed then:
 * the caller parses the whole, as cJSON would judge it), or with *rc set
 * when the list cannot be kept. */
static const cJSON *manifest_split(struct walk *w, struct sb_jscan *js,
                                   struct sb_buf *rest, int *rc,
                                   struct sb_err *err)
{
    const char *t = w->data.data;
    size_t len = w->data.len, cut, cut_len, off, n, pos = 1, at, at_len;
    size_t listed = w->files.nlisted;
    struct sb_jscan item;
    const cJSON *doc = NULL, *it;
    int more = 0;

    if (len > 0x7fffffff ||
        !sb_filecheck_find_list(t, len, &cut, &cut_len, &off, &n) ||
        sb_buf_add(rest, t, cut) ||
        sb_buf_add(rest, t + cut + cut_len, len - cut - cut_len) ||
        sb_jscan_parse(js, rest->data, rest->len, &doc))
        return NULL;
    sb_jscan_init(&item, n * MANIFEST_ARENA_PER_BYTE + MANIFEST_ARENA_EXTRA);
    while ((more = sb_filecheck_next_item(t + off, n, &pos, &at, &at_len))
           == 1) {
        if (sb_jscan_parse(&item, t + off + at, at_len, &it)) {
            more = -1;
            break;
        }
        if ((*rc = list_entry(w, it, err)))
            break;
        /* hundreds of thousands of items: one chunk for them all */
        sb_jscan_recycle(&item, (size_t)1 << 20);
    }
    sb_jscan_release(&item);
    if (more == 0)
        return doc;
    sb_filecheck_unlist(&w->files, listed);
    sb_jscan_release(js);
    return NULL;
}

static int load_manifest(struct walk *w, struct sb_err *err)
{
    struct sb_buf rest = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_jscan js;
    cJSON *owned = NULL;
    const cJSON *doc, *coll, *complete;
    bool cut;
    char t1[SB_TIME_MAX], t2[SB_TIME_MAX], *text = NULL;
    const char *s;
    int rc = 0;

    sb_jscan_init(&js, w->data.len * MANIFEST_ARENA_PER_BYTE +
                  MANIFEST_ARENA_EXTRA);
    doc = manifest_split(w, &js, &rest, &rc, err);
    if (rc)
        goto cleanup;
    cut = doc != NULL;
    if (!doc)
        doc = manifest_parse(w, &js, &owned);
    sb_debug("load: manifest's file list read %s", cut ? "item by item"
                                                    : "with the whole");
    if (!doc || !cJSON_IsObject(doc)) {
        rc = sb_err_set(err, SB_E_FORMAT, "bad JSON in 'manifest.json'");
        goto cleanup;
    }
    w->has_manifest = true;
    coll = cJSON_GetObjectItemCaseSensitive(doc, "collection");
    set_bundle_text(w, "cluster", jstr(doc, "cluster"));
    set_bundle_text(w, "server", jstr(doc, "server"));
    set_bundle_text(w, "k8s_version", jstr(doc, "kubernetes_version"));
    set_bundle_text(w, "tool_version", jstr(doc, "tool_version"));
    if ((s = jstr(coll, "start")) && sb_time_normalize(s, t1))
        set_bundle_text(w, "collected_start", t1);
    if ((s = jstr(coll, "end")) && sb_time_normalize(s, t2))
        set_bundle_text(w, "collected_end", t2);
    if ((s = jstr(doc, "kind")) && !strcmp(s, "host")) {
        w->ctx.is_host = true;
        set_bundle_text(w, "kind", "host");
    }
    if ((s = jstr(doc, "node"))) {
        copy(w->ctx.node, s, sizeof(w->ctx.node));
        set_bundle_text(w, "node_name", s);
    }
    complete = cJSON_GetObjectItemCaseSensitive(doc, "complete");
    if (cJSON_IsBool(complete))
        set_bundle_text(w, "complete", cJSON_IsTrue(complete) ? "1" : "0");
    if ((rc = sb_db_begin(w->ctx.db, err)))
        goto cleanup;
    rc = manifest_lists(w, doc, !cut, err);
    if (sb_db_commit(w->ctx.db, rc ? NULL : err) && !rc)
        rc = err->code;
    /* the manifest without its (long) file list, for the report */
    text = manifest_text(doc, cut);
    set_bundle_text(w, "manifest", text);
cleanup:
    cJSON_free(text);
    cJSON_Delete(owned);
    sb_jscan_release(&js);
    sb_buf_release(&rest);
    return rc;
}

/* The members' digests, as the hashing thread gives them: a digest it
 * could not make is a load error of its member. */
static void digests_fill(struct walk *w)
{
    struct sb_err herr = SB_ERR_INIT;
    unsigned char sha[32];
    size_t i;

    for (i = 0; i < w->files.nmembers; i++) {
        const struct sb_fc_member *m = &w->files.members[i];
        if (m->ticket < 0)
            continue;
        if (sb_bundle_sha256_result(w->bn, m->ticket, sha, &herr) == 0)
            sb_filecheck_digest(&w->files, i, sha);
        else
            sb_load_error(&w->ctx, sb_filecheck_str(&w->files, m->path),
                          "%s", herr.msg);
    }
}

/* "INSERT INTO files ... VALUES (...),(...)" for 'rows' rows, prepared */
static sqlite3_stmt *files_insert(struct walk *w, int rows,
                                  struct sb_err *err)
{
    struct sb_buf sql = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st = NULL;
    int i;

    if (sb_buf_adds(&sql, "INSERT INTO files (rowid, bundle_id, path, size,"
                    " sha256, manifest_sha256, status, error) VALUES ")) {
        sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    for (i = 0; i < rows; i++)
        if (sb_buf_adds(&sql, i ? ",(?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?)")) {
            sb_err_set(err, SB_E_NOMEM, "out of memory");
            goto cleanup;
        }
    if (sqlite3_prepare_v2(sb_db_handle(w->ctx.db), sb_buf_str(&sql), -1, &st,
                           NULL) != SQLITE_OK) {
        sb_err_set(err, SB_E_DB, "cannot record the bundle's files: %s",
                   sqlite3_errmsg(sb_db_handle(w->ctx.db)));
        st = NULL;
    }
cleanup:
    sb_buf_release(&sql);
    return st;
}

/* One row's values from parameter 'p' on: a member (m) or, when m is
 * NULL, an entry of the manifest that no member has (l). */
static void files_bind(struct walk *w, sqlite3_stmt *st, int p,
                       int64_t rowid, const struct sb_fc_member *m,
                       const struct sb_fc_listed *l)
{
    static const char hexd[] = "0123456789abcdef";
    const struct sb_filecheck *fc = &w->files;
    char hex[65], lhex[65];
    size_t i;

    sqlite3_bind_int64(st, p, rowid);
    sqlite3_bind_int64(st, p + 1, w->ctx.bundle_id);
    if (!m) {
        sb_db_bind_text(st, p + 2, sb_filecheck_str(fc, l->path), -1);
        if (l->has_size)
            sqlite3_bind_int64(st, p + 3, l->size);
        else
            sqlite3_bind_null(st, p + 3);
        sqlite3_bind_null(st, p + 4);
        sqlite3_bind_text(st, p + 5, sb_filecheck_listed_sha(fc, l, lhex), -1,
                          SQLITE_TRANSIENT);
        sb_db_bind_text(st, p + 6, "missing", -1);
        sb_db_bind_text(st, p + 7, "listed in the manifest, absent from the "
                        "bundle", -1);
        return;
    }
    sb_db_bind_text(st, p + 2, sb_filecheck_str(fc, m->path), -1);
    sqlite3_bind_int64(st, p + 3, (sqlite3_int64)m->size);
    if (m->has_sha) {
        for (i = 0; i < 32; i++) {
            hex[2 * i] = hexd[m->sha[i] >> 4];
            hex[2 * i + 1] = hexd[m->sha[i] & 15];
        }
        hex[64] = '\0';
        sqlite3_bind_text(st, p + 4, hex, 64, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(st, p + 4);
    }
    l = m->listed == SB_FC_NONE ? NULL : &fc->listed[m->listed];
    sqlite3_bind_text(st, p + 5, l ? sb_filecheck_listed_sha(fc, l, lhex)
                                   : NULL, -1, SQLITE_TRANSIENT);
    sb_db_bind_text(st, p + 6, sb_filecheck_status_name(m->status), -1);
    sb_db_bind_text(st, p + 7, sb_filecheck_str(fc, m->error), -1);
}

/* A row to write: a member's, or a missing entry's (m NULL). */
struct files_row {
    const struct sb_fc_member *m;
    const struct sb_fc_listed *l;
};

/* The rows in the order they get their rowids: every member (the last of
 * a path read twice), then the manifest's entries no member had, in path
 * order. NULL when out of memory; *n gets the count. */
static struct files_row *files_rows(const struct sb_filecheck *fc, size_t *n)
{
    struct files_row *v = sb_malloc((fc->nmembers + fc->nproblems + 1) *
                                    sizeof(*v));
    size_t i;

    *n = 0;
    if (!v)
        return NULL;
    for (i = 0; i < fc->nmembers; i++)
        if (!fc->members[i].replaced)
            v[(*n)++] = (struct files_row){ &fc->members[i], NULL };
    for (i = 0; i < fc->nproblems; i++)
        if (fc->problems[i].status == SB_FC_MISSING)
            v[(*n)++] = (struct files_row){
                NULL, &fc->listed[fc->problems[i].listed] };
    return v;
}

/* Writes the files rows, FILES_BATCH a statement. Their rowids are those
 * one INSERT OR REPLACE a member and then INSERT OR IGNORE of the missing
 * entries gave them (a path read twice took the later member's), so even
 * 'SELECT rowid' is as it was. */
static int write_files(struct walk *w, struct sb_err *err)
{
    sqlite3 *h = sb_db_handle(w->ctx.db);
    sqlite3_stmt *st = NULL, *batch = NULL, *tail = NULL;
    struct files_row *rows;
    size_t n, i, k, all = w->files.nmembers;
    int64_t base = 0;
    int rc = 0;

    if (!(rows = files_rows(&w->files, &n)))
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    if (sqlite3_prepare_v2(h, "SELECT coalesce(max(rowid), 0) FROM files",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        rc = sb_err_set(err, SB_E_DB, "cannot record the bundle's files: %s",
                        sqlite3_errmsg(h));
        goto cleanup;
    }
    base = sqlite3_column_int64(st, 0) + 1;
    for (i = 0; i < n && rc == 0; i += k) {
        size_t left = n - i;
        int chunk = left < FILES_BATCH ? (int)left : FILES_BATCH;
        sqlite3_stmt **s = chunk == FILES_BATCH ? &batch : &tail;
        if (!*s && !(*s = files_insert(w, chunk, err))) {
            rc = err->code;
            break;
        }
        for (k = 0; k < (size_t)chunk; k++) {
            const struct files_row *r = &rows[i + k];
            /* a member's rowid counts the members replaced before it */
            int64_t rowid = r->m ? base + (r->m - w->files.members)
                                 : base + (int64_t)all++;
            files_bind(w, *s, 1 + 8 * (int)k, rowid, r->m, r->l);
        }
        rc = sb_db_run(w->ctx.db, *s, err);
    }
cleanup:
    sqlite3_finalize(st);
    sqlite3_finalize(batch);
    sqlite3_finalize(tail);
    sb_free(rows);
    return rc;
}

/* Compares what was read with the manifest's list, writes the files
 * rows, and reports every mismatch, missing and unlisted member. */
static int verify(struct walk *w, struct sb_err *err)
{
    const struct sb_filecheck *fc = &w->files;
    size_t i;
    int rc;

    if ((rc = sb_filecheck_resolve(&w->files, w->has_manifest, err)) ||
        (rc = write_files(w, err)))
        return rc;
    for (i = 0; i < fc->nproblems; i++) {
        const struct sb_fc_problem *p = &fc->problems[i];
        const char *why = p->status == SB_FC_MISMATCH ?
            "SHA-256 differs from the manifest (changed after collection, "
            "or damaged in transfer)" :
            p->status == SB_FC_MISSING ? "listed in the manifest but absent" :
            "present but not listed in the manifest";
        sb_load_error(&w->ctx, sb_filecheck_str(fc, p->path), "%s", why);
    }
    return 0;
}
/* Host rows loaded before the manifest named the node. */
static int fix_host_node(struct walk *w, struct sb_err *err)
{
    static const char *const tables[] = { "gpus", "gpu_xids", "gpu_events",
                                          "node_log_lines", "metrics",
                                          "dcgm_results" };
    char sql[160];
    sqlite3_stmt *st;
    size_t i;
    int rc = 0;

    if (!w->ctx.node[0])
        return 0;
    for (i = 0; i < sizeof(tables) / sizeof(*tables) && rc == 0; i++) {
        snprintf(sql, sizeof(sql), "UPDATE %s SET node = ?1 WHERE "
                 "bundle_id = ?2 AND node = ''", tables[i]);
        if (sqlite3_prepare_v2(sb_db_handle(w->ctx.db), sql, -1, &st, NULL))
            return sb_err_set(err, SB_E_DB, "cannot fix host rows: %s",
                              sqlite3_errmsg(sb_db_handle(w->ctx.db)));
        sqlite3_bind_text(st, 1, w->ctx.node, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, w->ctx.bundle_id);
        rc = sb_db_run(w->ctx.db, st, err);
        sqlite3_finalize(st);
    }
    return rc;
}

static void bundle_warn(void *vctx, const char *path, const char *msg)
{
    struct walk *w = vctx;

    sb_load_error(&w->ctx, path, "%s", msg);
}

static int new_bundle(struct walk *w, const char *path, struct sb_err *err)
{
    sqlite3_stmt *st = sb_db_stmt(w->ctx.db, "INSERT INTO bundles (path, "
                                  "format) VALUES (?, 'unknown')", err);
    int rc;

    if (!st)
        return err->code;
    sb_db_bind_text(st, 1, path, -1);
    if ((rc = sb_db_run(w->ctx.db, st, err)))
        return rc;
    w->ctx.bundle_id = sqlite3_last_insert_rowid(sb_db_handle(w->ctx.db));
    return 0;
}

static int walk_members(struct walk *w, struct sb_err *err)
{
    struct sb_err werr = SB_ERR_INIT;
    struct sb_member mb;
    int rc;

    while ((rc = sb_bundle_next(w->bn, &mb, &werr)) == 1) {
        if ((rc = one_member(w, &mb, err)))
            return rc;
    }
    if (rc < 0) {
        /* truncated, corrupt or a bomb: keep what was read, say so */
        sb_load_error(&w->ctx, NULL, "%s (%llu members read before it)",
                      werr.msg, (unsigned long long)w->ctx.stats->members);
    }
    return 0;
}

/* log_text_stream (over millions of lines) is for people querying a kept
 * database; analyze itself finds a container's lines through log_streams,
 * so it is dropped for the load (building it after the lines are in
 * costs less than keeping it in order through them: 20% of the load time
 * on the bench) and only a kept database gets it back (sb_load_finish). */
static const char *const drop_line_indexes =
    "DROP INDEX IF EXISTS log_text_stream;";

/* The other secondary indexes are built once after the walk rather than
 * kept in order through it: the loader only inserts into them, and
 * sorting the keys once is cheaper than a b-tree descent per row in
 * random key order (node log lines, objects, events, pods, owners...). Their definitions are read from the
 * schema, so a new index needs nothing here. 'files' and 'bundles' are
 * looked up during the walk.
 *
 * Of those, the ones no query of analyze's plans on (EXPLAIN QUERY PLAN
 * over every statement of the rules, the correlation, the timeline and
 * the reports, on the demo, formats, troubleshoot, 15,000-pod and bench
 * bundles) are for people querying a kept database, as log_text_stream
 * is: a temporary database is not given them back. objects_uid was a
 * seventh of the deferred indexes' work on the 15,000-pod bundle. */
static const char *const list_indexes =
    "SELECT 'DROP INDEX \"' || name || '\";', sql || ';',"
    " name IN ('objects_uid') FROM sqlite_schema"
    " WHERE type = 'index' AND sql IS NOT NULL"
    " AND tbl_name NOT IN ('files', 'bundles', 'log_text')"
    " AND tbl_name NOT LIKE 'log\\_fts%' ESCAPE '\\'";

/* Drops those indexes; 'create' gets the SQL that makes them again, but
 * for the kept database's own when 'temporary'. */
static int indexes_defer(struct sb_db *db, bool temporary,
                         struct sb_buf *create, struct sb_err *err)
{
    struct sb_buf drop = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st = NULL;
    int rc = 0;

    if (sqlite3_prepare_v2(sb_db_handle(db), list_indexes, -1, &st, NULL)
        != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "cannot list indexes: %s",
                          sqlite3_errmsg(sb_db_handle(db)));
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        bool keep = !temporary || !sqlite3_column_int(st, 2);
        if (sb_buf_adds(&drop, (const char *)sqlite3_column_text(st, 0)) < 0 ||
            (keep &&
             sb_buf_adds(create, (const char *)sqlite3_column_text(st, 1)) < 0))
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    sqlite3_finalize(st);
    if (rc == 0 && drop.len)
        rc = sb_db_exec(db, sb_buf_str(&drop), err);
    sb_buf_release(&drop);
    return rc;
}

/* Builds the deferred indexes ('create', from indexes_defer); the time
 * it takes is worth seeing next to the load's (SBUNDLE_DEBUG). */
static int indexes_build(struct sb_db *db, const struct sb_buf *create,
                         struct sb_err *err)
{
    int64_t t0 = sb_time_mono_ms();
    int rc;

    rc = sb_db_exec(db, create->data, err);
    sb_debug("load: deferred indexes: %lld ms",
             (long long)(sb_time_mono_ms() - t0));
    return rc;
}

/* Logs whose file name does not say whose they are: the GPU Operator
 * must-gather's operator log names neither pod nor container (the pod is
 * the one in gpu_operator_pod.yaml beside it, the container its first),
 * and its operand logs name the pod but not the namespace (the one
 * namespace holding a pod of that name). A log that stays unowned keeps
 * its stream, under an empty namespace. */
static int fix_log_owners(struct walk *w, struct sb_err *err)
{
    static const char *const sql[] = {
        "UPDATE log_streams SET (pod, container) = (SELECT o.name, "
        "coalesce(json_extract(o.json, '$.spec.containers[0].name'), "
        "log_streams.container) FROM objects o WHERE o.bundle_id = ?1 AND "
        "o.kind = 'Pod' AND o.file = replace(replace(log_streams.file, "
        "'.previous.log', '.yaml'), '.log', '.yaml') LIMIT 1) "
        "WHERE bundle_id = ?1 AND "
        "namespace = '' AND pod = '' AND file LIKE '%gpu_operator_pod%.log'",
        /* the pods' names grouped once, then joined: this runs before
         * the deferred indexes are back, and two subqueries per stream
         * each scanned every object (a prefixed log alternating between
         * 3,000 pods, 15,000 streams: 17 s) */
        "UPDATE log_streams SET namespace = o.ns FROM (SELECT name, "
        "min(namespace) AS ns FROM objects WHERE bundle_id = ?1 AND "
        "kind = 'Pod' GROUP BY name HAVING count(DISTINCT namespace) = 1) "
        "AS o WHERE log_streams.bundle_id = ?1 AND "
        "log_streams.namespace = '' AND log_streams.pod = o.name",
    };
    sqlite3_stmt *st;
    size_t i;

    if (!(w->fmt & SB_BF_GPUOP))
        return 0;
    for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
        if (!(st = sb_db_stmt(w->ctx.db, sql[i], err)))
            return err->code;
        sqlite3_bind_int64(st, 1, w->ctx.bundle_id);
        if (sb_db_run(w->ctx.db, st, err))
            return err->code;
    }
    return 0;
}

int sb_load_bundle(struct sb_db *db, const char *path,
                   const struct sb_load_opts *opts, int64_t *bundle_id,
                   struct sb_load_stats *stats, struct sb_err *err)
{
    struct sb_buf indexes = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err ierr = SB_ERR_INIT;
    struct sb_load_stats local;
    struct sb_bundle_opts bo;
    struct walk w;
    int rc;

    memset(&w, 0, sizeof(w));
    sb_filecheck_init(&w.files);
    sb_jscan_init(&w.jscan, 0);     /* each member sets its limit */
    w.ctx.jscan = &w.jscan;
    memset(&local, 0, sizeof(local));
    if (opts)
        w.opts = *opts;
    if (!w.opts.json_max)
        w.opts.json_max = DEFAULT_JSON_MAX;
    if (!w.opts.line_max)
        w.opts.line_max = DEFAULT_LINE_MAX;
    sb_buf_init(&w.data, (size_t)w.opts.json_max);
    w.ctx.db = db;
    w.ctx.bundle_path = path;
    w.ctx.line_max = w.opts.line_max;
    w.ctx.opts = &w.opts;
    w.ctx.stats = stats ? stats : &local;
    memset(&bo, 0, sizeof(bo));
    bo.member_max = w.opts.member_max ? w.opts.member_max
                                      : DEFAULT_MEMBER_MAX;
    if (bo.member_max < w.opts.json_max)
        bo.member_max = w.opts.json_max;
    bo.member_max_option = w.opts.size_option;
    bo.total_max = w.opts.total_max;
    bo.ratio_max = w.opts.ratio_max;
    bo.warn = bundle_warn;
    bo.warn_ctx = &w;
    rc = sb_bundle_open(path, &bo, &w.bn, err);
    if (rc)
        goto cleanup;
    if ((rc = sb_db_begin(db, err)))
        goto cleanup;
    rc = new_bundle(&w, path, err);
    if (rc == 0)
        rc = sb_db_exec(db, drop_line_indexes, err);
    if (rc == 0)
        rc = indexes_defer(db, w.opts.skip_fts, &indexes, err);
    if (rc == 0)
        rc = walk_members(&w, err);
    if (rc == 0)
        digests_fill(&w);
    if (rc == 0)
        rc = verify(&w, err);
    if (rc == 0 && w.ctx.is_host)
        rc = fix_host_node(&w, err);
    if (rc == 0)
        rc = fix_log_owners(&w, err);
    if (rc == 0)
        set_bundle_text(&w, "format", sb_bformat_name(w.fmt));
    if (rc == 0 && !w.has_manifest) {
        /* an input of another tool: the cluster name an object holds,
         * else the input's own name, as analyze serve names it */
        char name[SB_BFORMAT_NAME_MAX];

        if (w.ctx.cluster_rank)
            snprintf(name, sizeof(name), "%s", w.ctx.cluster);
        else
            sb_bformat_input_name(path, name, sizeof(name));
        set_bundle_text(&w, "cluster", name);
    }
    /* back even when the walk failed: later bundles and queries need them */
    if (indexes.len && indexes_build(db, &indexes, &ierr) && !rc) {
        *err = ierr;
        rc = ierr.code;
    }
    if (sb_db_commit(db, rc ? NULL : err) && !rc)
        rc = err->code;
    if (rc == 0 && w.loaded == 0)
        rc = sb_err_set(err, SB_E_FORMAT, "'%s' holds nothing analyze can "
                        "load (%llu members read)", path,
                        (unsigned long long)w.ctx.stats->members);
    if (bundle_id)
        *bundle_id = w.ctx.bundle_id;
cleanup:
    sb_buf_release(&indexes);
    sb_filecheck_release(&w.files);
    sb_jscan_release(&w.jscan);
    sb_bundle_free(w.bn);
    sb_buf_release(&w.data);
    return rc;
}

/* Statistics for the rules' joins: sampled (analysis_limit), since a full
 * ANALYZE reads every row of log_lines, a quarter of a second on the bench
 * bundle, to learn what a thousand rows tell as well. */
#define STATS "PRAGMA analysis_limit=1000; ANALYZE;"

/* Even sampled, ANALYZE counts every row of a table without an index, and
 * log_text in a temporary database has none: the other tables are
 * analyzed one by one, and log_text gets the count its streams already
 * know (the planner needs only its size). Where log_text is the virtual
 * table over log_blocks (sb_logblocks.h), its xBestIndex tells the size
 * and no statistics are written for either (log_blocks is read by rowid
 * alone, and counting it would read every line again). */
static const char *const stats_tables =
    "SELECT 'ANALYZE \"' || name || '\"' FROM sqlite_schema"
    " WHERE type = 'table'"
    " AND name NOT IN ('log_text', 'log_fts', 'log_blocks')"
    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    " AND name NOT LIKE 'log\\_fts\\_%' ESCAPE '\\'";
static const char *const stats_lines =
    "DELETE FROM sqlite_stat1 WHERE tbl = 'log_text';"
    "INSERT INTO sqlite_stat1(tbl, idx, stat) SELECT 'log_text', NULL,"
    " (SELECT CAST(coalesce(sum(lines), 0) AS TEXT) FROM log_streams)"
    " WHERE NOT EXISTS (SELECT 1 FROM sqlite_schema"
    "  WHERE type = 'table' AND name = 'log_blocks');"
    "ANALYZE sqlite_master;";  /* the planner reloads the statistics */

static int stats_without_lines(struct sb_db *db, struct sb_err *err)
{
    sqlite3 *h = sb_db_handle(db);
    struct sb_buf sql = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st = NULL;
    int rc = 0;

    if (sqlite3_exec(h, "PRAGMA analysis_limit=1000;", NULL, NULL, NULL) ||
        sqlite3_prepare_v2(h, stats_tables, -1, &st, NULL) != SQLITE_OK) {
        rc = sb_err_set(err, SB_E_DB, "cannot list tables: %s",
                        sqlite3_errmsg(h));
        goto cleanup;
    }
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
        if (sb_buf_addf(&sql, "%s;", (const char *)sqlite3_column_text(st, 0))
            < 0)
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
    sqlite3_finalize(st);
    st = NULL;
    if (rc == 0)
        rc = sb_db_exec(db, sb_buf_str(&sql), err);
    if (rc == 0)
        rc = sb_db_exec(db, stats_lines, err);
cleanup:
    sqlite3_finalize(st);
    sb_buf_release(&sql);
    return rc;
}

int sb_load_finish(struct sb_db *db, const struct sb_load_opts *opts,
                   struct sb_err *err)
{
    /* external content: 'rebuild' indexes every line of log_lines, those
     * of bundles loaded earlier into the same file too */
    static const char *const fts =
        "INSERT INTO log_fts(log_fts, rank) VALUES('automerge', 0);"
        "INSERT INTO log_fts(log_fts) VALUES('rebuild');"
        "INSERT INTO log_fts(log_fts, rank) VALUES('automerge', 4);";
    /* EndpointSlices stand in for services that have no Endpoints object */
    static const char *const slices =
        "INSERT INTO endpoints SELECT o.bundle_id, o.namespace,"
        " o.json->>'$.metadata.labels.\"kubernetes.io/service-name\"',"
        " a.value, coalesce(e.value->>'$.conditions.ready', 1),"
        " e.value->>'$.targetRef.kind', e.value->>'$.targetRef.name',"
        " e.value->>'$.nodeName', o.json->'$.ports'"
        " FROM objects o, json_each(o.json, '$.endpoints') e,"
        " json_each(e.value, '$.addresses') a"
        " WHERE o.kind = 'EndpointSlice'"
        " AND o.json->>'$.metadata.labels.\"kubernetes.io/service-name\"'"
        "  IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM endpoints x WHERE"
        "  x.bundle_id = o.bundle_id AND x.namespace = o.namespace AND"
        "  x.name = o.json->>'$.metadata.labels.\"kubernetes.io/service-name\"');";
    /* events.k8s.io copies of core events are dropped (same name): only
     * where a load brought such an Event (SB_DB_EVENTS_K8S_IO), since
     * the search joins every event to the objects */
    static const char *const event_copies =
        "DELETE FROM events WHERE rowid IN (SELECT n.rowid FROM events n"
        " JOIN objects o ON o.bundle_id = n.bundle_id AND o.kind = 'Event'"
        "  AND o.namespace IS n.namespace AND o.name = n.name"
        "  AND o.api_version LIKE 'events.k8s.io/%' AND o.file = n.file"
        " WHERE EXISTS (SELECT 1 FROM events c WHERE c.bundle_id ="
        "  n.bundle_id AND c.namespace IS n.namespace AND c.name = n.name"
        "  AND c.file <> n.file));";
    /* YAML copies of objects a JSON member has: only where a load brought
     * objects of a YAML member (SB_DB_YAML_OBJECTS), since the search
     * reads the whole objects table (26 ms of the 15,000-pod bundle's
     * load, which has none) */
    static const char *const yaml_copies =
        "DELETE FROM objects WHERE file LIKE '%.yaml' AND EXISTS (SELECT 1"
        " FROM objects j WHERE j.bundle_id = objects.bundle_id AND"
        " j.kind = objects.kind AND j.namespace IS objects.namespace AND"
        " j.name = objects.name AND j.file LIKE '%.json');";
    static const char *const sql =
        /* a bundle without a manifest: 'now' is its newest sign of life */
        "UPDATE bundles SET collected_end = (SELECT max(t) FROM ("
        " SELECT max(last_seen) AS t FROM events WHERE bundle_id = bundles.id"
        " UNION ALL SELECT max(last_heartbeat) FROM node_conditions"
        "  WHERE bundle_id = bundles.id"
        " UNION ALL SELECT max(time) FROM log_lines"
        "  WHERE bundle_id = bundles.id"
        " UNION ALL SELECT nullif(max(max(coalesce(state_finished, ''),"
        "  coalesce(last_finished, ''), coalesce(state_started, ''))), '')"
        "  FROM containers WHERE bundle_id = bundles.id"
        " UNION ALL SELECT max(created) FROM objects"
        "  WHERE bundle_id = bundles.id))"
        " WHERE collected_end IS NULL;"
        /* no version file: the newest kubelet is the closest the bundle
         * holds (the API server is at least as new) */
        "UPDATE bundles SET k8s_version = (SELECT kubelet_version FROM nodes"
        " WHERE bundle_id = bundles.id AND kubelet_version LIKE 'v%'"
        " ORDER BY CAST(substr(kubelet_version, 2) AS INTEGER) DESC,"
        " CAST(substr(kubelet_version, instr(kubelet_version, '.') + 1)"
        " AS INTEGER) DESC, kubelet_version DESC LIMIT 1)"
        " WHERE k8s_version IS NULL;";
    int64_t t0 = sb_time_mono_ms();
    int rc;

    if ((rc = sb_db_begin(db, err)))
        return rc;
    rc = sb_db_exec(db, slices, err);
    if (rc == 0 && (sb_db_loaded(db) & SB_DB_EVENTS_K8S_IO))
        rc = sb_db_exec(db, event_copies, err);
    if (rc == 0 && (sb_db_loaded(db) & SB_DB_YAML_OBJECTS))
        rc = sb_db_exec(db, yaml_copies, err);
    if (rc == 0)
        rc = sb_db_exec(db, sql, err);
    if (rc == 0)
        rc = sb_load_dcgm_finish(db, err);
    if (rc == 0 && !(opts && opts->skip_fts))
        rc = sb_db_exec(db, "CREATE INDEX IF NOT EXISTS log_text_stream ON "
                        "log_text(stream_id, line_no);", err);
    if (rc == 0 && !(opts && opts->skip_fts))
        rc = sb_db_exec(db, fts, err);
    if (sb_db_commit(db, rc ? NULL : err) && !rc)
        rc = err->code;
    sb_debug("load: indexes, links and search index: %lld ms",
             (long long)(sb_time_mono_ms() - t0));
    t0 = sb_time_mono_ms();
    if (rc == 0)
        rc = opts && opts->skip_fts ? stats_without_lines(db, err)
                                    : sb_db_exec(db, STATS, err);
    sb_debug("load: statistics: %lld ms", (long long)(sb_time_mono_ms() - t0));
    return rc;
}
