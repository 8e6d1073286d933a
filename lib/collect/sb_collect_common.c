/*
 * collect: what every step of a run uses. Bundle members and the gaps
 * recorded instead of them, the progress line, request submission and a
 * small string-keyed map. Apart from the steps so that each of them
 * writes to the bundle and records its failures the same way.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_collect_int.h"
#include "sb_alloc.h"
#include "sb_bwriter.h"
#include "sb_log.h"
#include "sb_logbudget.h"
#include "sb_pathset.h"
#include "sb_redact.h"
#include "sb_time.h"

const char *const sb_col_collector_names[C_COUNT] = {
    "version", "discovery", "resources", "metrics", "logs", "describe",
    "gpu-dcgm-exporter", "node-logs",
};

/* A path component from a name, reversibly: '%', '/', '\\' and control
 * bytes become %XX, and so does the whole of a name "." or ".." (see
 * docs/bundle-format.md). Any other name, "x..y" included, is kept as it
 * is, so the loader and serve find logs by the names the API gives. An
 * escape is never cut: a name too long for 'out' loses its end. */
void sb_col_safe_component(const char *in, char *out, size_t n)
{
    bool dots = !strcmp(in, ".") || !strcmp(in, "..");
    size_t j = 0;

    for (size_t i = 0; in[i]; i++) {
        unsigned char c = (unsigned char)in[i];
        bool esc = dots || c == '%' || c == '/' || c == '\\' || c < 0x20 ||
                   c == 0x7f;
        if (j + (esc ? 3 : 1) >= n)
            break;
        if (esc)
            j += (size_t)snprintf(out + j, n - j, "%%%02X", c);
        else
            out[j++] = (char)c;
    }
    out[j] = 0;
    if (!j)
        snprintf(out, n, "_");
}

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

cJSON *sb_col_strmap_get(struct strmap *m, const char *key, bool create)
{
    size_t i;

    if (m->n * 2 + 2 > m->cap && create) {
        size_t ncap = m->cap ? m->cap * 2 : 256;
        char **nk = sb_calloc(ncap, sizeof(*nk));
        cJSON **nv = sb_calloc(ncap, sizeof(*nv));
        if (!nk || !nv) {
            sb_free(nk);
            sb_free(nv);
            return NULL;
        }
        for (size_t j = 0; j < m->cap; j++) {
            if (!m->keys[j])
                continue;
            i = fnv(m->keys[j]) & (ncap - 1);
            while (nk[i])
                i = (i + 1) & (ncap - 1);
            nk[i] = m->keys[j];
            nv[i] = m->vals[j];
        }
        sb_free(m->keys);
        sb_free(m->vals);
        m->keys = nk;
        m->vals = nv;
        m->cap = ncap;
    }
    if (!m->cap)
        return NULL;
    i = fnv(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (!strcmp(m->keys[i], key))
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    if (!create)
        return NULL;
    m->keys[i] = sb_strdup(key);
    m->vals[i] = cJSON_CreateArray();
    if (!m->keys[i] || !m->vals[i]) {
        sb_free(m->keys[i]);
        cJSON_Delete(m->vals[i]);
        m->keys[i] = NULL;
        m->vals[i] = NULL;
        return NULL;
    }
    m->n++;
    return m->vals[i];
}

void sb_col_strmap_release(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        sb_free(m->keys[i]);
        cJSON_Delete(m->vals[i]);
    }
    sb_free(m->keys);
    sb_free(m->vals);
    memset(m, 0, sizeof(*m));
}

void sb_col_start(struct run *r, enum collector_id c)
{
    if (!r->col[c].started) {
        r->col[c].started = true;
        r->col[c].start_ms = sb_time_mono_ms();
    }
    r->col[c].end_ms = sb_time_mono_ms();
}

void sb_col_touch(struct run *r, enum collector_id c)
{
    sb_col_start(r, c);
    r->col[c].end_ms = sb_time_mono_ms();
}

void sb_col_progress(struct run *r, bool force)
{
    struct sb_collect_progress p;
    struct sb_http_stats st;
    int64_t now = sb_time_mono_ms();

    if (!r->o->progress || (!force && now - r->last_progress < 100))
        return;
    r->last_progress = now;
    memset(&st, 0, sizeof(st));
    if (r->http)
        sb_http_stats(r->http, &st);
    p.phase = r->phase;
    p.objects = r->objects;
    p.log_streams = r->log_streams;
    p.bytes = st.bytes;
    p.errors = r->ngaps;
    p.inflight = st.inflight;
    r->o->progress(r->o->progress_ctx, &p);
}

static void add_gap_text(struct run *r, enum collector_id c,
                         const char *target, long status, const char *error)
{
    cJSON *g = cJSON_CreateObject();

    sb_col_touch(r, c);
    r->col[c].errors++;
    if (!r->col[c].error[0])
        snprintf(r->col[c].error, sizeof(r->col[c].error), "%s: %s", target,
                 error);
    r->ngaps++;
    if (!g)
        return;
    cJSON_AddStringToObject(g, "collector", sb_col_collector_names[c]);
    cJSON_AddStringToObject(g, "target", target);
    cJSON_AddNumberToObject(g, "status", (double)status);
    cJSON_AddStringToObject(g, "error", error);
    cJSON_AddItemToArray(r->gaps, g);
    sb_debug("not collected: %s: %s", target, error);
}

/* Records what could not be collected. Never fails the run. The texts
 * are redacted like every other byte of the bundle: an error body may
 * echo a request's credentials. */
void sb_col_add_gap(struct run *r, enum collector_id c, const char *target,
                 long status, const char *error)
{
    struct sb_buf rt = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf re = SB_BUF_INIT(SB_BUF_UNLIMITED);

    if (r->red) {
        /* a text that cannot be redacted is not written at all */
        target = sb_redact_text(r->red, target, strlen(target), &rt)
                 ? "(not redactable)" : sb_buf_str(&rt);
        error = sb_redact_text(r->red, error, strlen(error), &re)
                ? "(not redactable)" : sb_buf_str(&re);
    }
    add_gap_text(r, c, target, status, error);
    sb_buf_release(&rt);
    sb_buf_release(&re);
}

/* A bundle write failure stops the run: the bundle cannot be trusted. */
void sb_col_write_failed(struct run *r, int rc, const struct sb_err *e)
{
    if (!r->write_rc) {
        r->write_rc = rc;
        r->write_err = *e;
        sb_http_stop(r->http, SB_E_IO);
    }
}

/* A cluster can hold two objects with one name (a broken apiserver, a
 * hand-made List): the second member with that path is left out, its
 * object still being in the List file. The writer keeps the paths it
 * was given; run.held those of the logs --max-size holds, claimed here
 * when 'hold'. */
static bool duplicate_path(struct run *r, const char *path, bool hold)
{
    int rc = r->bw ? sb_bwriter_has(r->bw, path) : 0;

    if (!rc && r->held)
        rc = hold ? sb_pathset_add(r->held, path, NULL)
                  : sb_pathset_has(r->held, path);
    if (rc == 1) {
        sb_debug("'%s' seen twice; keeping the first", path);
        return true;
    }
    /* not read back or recorded (memory, temporary file): the writer
     * still refuses a second member with the path, so it is written at
     * most once */
    if (rc)
        sb_debug("cannot look up the path '%s': %s", path, sb_err_str(rc));
    return false;
}

/* A member the writer refused for its path is that object's loss, a gap;
 * any other failure is the bundle's. */
static void add_failed(struct run *r, const char *path, int rc,
                       const struct sb_err *e)
{
    enum collector_id c = !strncmp(path, "logs/", 5) ? C_LOGS
                        : !strncmp(path, "describe/", 9) ? C_DESCRIBE
                        : !strncmp(path, "nodes/", 6) ? C_NODE_LOGS
                        : C_RESOURCES;

    if (rc == SB_E_FORMAT)
        sb_col_add_gap(r, c, path, 0, e->msg);
    else
        sb_col_write_failed(r, rc, e);
}

int sb_col_add_member(struct run *r, const char *path, const void *p,
                   size_t n)
{
    struct sb_err e = SB_ERR_INIT;
    int rc;

    if (r->write_rc)
        return r->write_rc;
    if (duplicate_path(r, path, false))
        return SB_E_FORMAT;
    rc = sb_bwriter_add(r->bw, path, p, n, &e);
    if (rc)
        add_failed(r, path, rc, &e);
    return rc;
}

int sb_col_add_member_stream(struct run *r, const char *path, FILE *f)
{
    struct sb_err e = SB_ERR_INIT;
    int rc;

    if (r->write_rc)
        return r->write_rc;
    if (duplicate_path(r, path, false))
        return SB_E_FORMAT;
    rc = sb_bwriter_add_stream(r->bw, path, f, &e);
    if (rc)
        add_failed(r, path, rc, &e);
    return rc;
}

/* Writes a log stream, or with --max-size holds it until the budget is
 * shared out (sb_logbudget_write, at the end of the run). */
int sb_col_add_log(struct run *r, const char *path, const void *p, size_t n,
                FILE *f)
{
    struct sb_err e = SB_ERR_INIT;
    int rc;

    if (!r->budget)
        return f ? sb_col_add_member_stream(r, path, f)
                 : sb_col_add_member(r, path, p, n);
    if (r->write_rc)
        return r->write_rc;
    if (duplicate_path(r, path, true))
        return SB_E_FORMAT;
    rc = sb_logbudget_hold(r->budget, path, f ? NULL : p, n, f, &e);
    if (rc)
        sb_col_write_failed(r, rc, &e);
    return rc;
}

/* Redacts text into 'out' (or copies it with --no-redact). */
int sb_col_redact_text(struct run *r, const char *p, size_t n,
                    struct sb_buf *out)
{
    if (!r->red)
        return sb_buf_add(out, p, n);
    return sb_redact_text(r->red, p, n, out);
}

int sb_col_submit(struct run *r, const char *path, const char *range,
               size_t max_body, bool urgent, sb_http_data_fn *on_data,
               sb_http_done_fn *on_done, void *ctx)
{
    struct sb_http_request q = { 0 };
    struct sb_err e = SB_ERR_INIT;

    q.path = path;
    q.range = range;
    q.max_body = max_body;
    q.urgent = urgent;
    q.on_data = on_data;
    q.on_done = on_done;
    q.ctx = ctx;
    return sb_http_submit(r->http, &q, &e);
}

bool sb_col_is_res(const struct sb_resource *res, const char *name)
{
    return !strcmp(res->name, name);
}
