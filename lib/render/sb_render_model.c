/* Findings and bundles read once for all report formats. */
#include "sb_render_model.h"

#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_time.h"

static const char *sev_names[SB_RSEV_N] = { "critical", "warning", "info" };

const char *sb_rsev_name(enum sb_rsev s)
{
    return s < SB_RSEV_N ? sev_names[s] : "info";
}

static enum sb_rsev sev_rank(const char *s)
{
    if (s && !strcmp(s, "critical"))
        return SB_RSEV_CRITICAL;
    if (s && !strcmp(s, "warning"))
        return SB_RSEV_WARNING;
    return SB_RSEV_INFO;
}

int sb_rq_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
                  struct sb_err *err)
{
    *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "cannot read the report data: %s",
                          sqlite3_errmsg(db));
    return 0;
}

const char *sb_rq_text(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return NULL;
    return (const char *)sqlite3_column_text(st, i);
}

long long sb_rq_count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long n = -1;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

long long sb_rq_first_critical(sqlite3 *db, char **time)
{
    sqlite3_stmt *st = NULL;
    long long rowid = -1, idx = -1;
    char *t = NULL;

    if (time)
        *time = NULL;
    if (sqlite3_prepare_v2(db, "SELECT rowid, time FROM timeline WHERE "
                           "severity = 'critical' ORDER BY time, rowid "
                           "LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        rowid = sqlite3_column_int64(st, 0);
        t = sb_strdup(sb_rq_text(st, 1));
    }
    sqlite3_finalize(st);
    st = NULL;
    if (!t)
        return -1;
    /* counted on the time index: reading the rows up to it in time order
     * was a pass over the timeline (all of it when nothing is critical) */
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM timeline WHERE "
                           "time < ?1 OR (time = ?1 AND rowid < ?2)", -1,
                           &st, NULL) == SQLITE_OK &&
        sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC) == SQLITE_OK &&
        sqlite3_bind_int64(st, 2, rowid) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        idx = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (time)
        *time = t;
    else
        sb_free(t);
    return idx;
}

int sb_rsubject(struct sb_buf *out, const char *kind, const char *ns,
                const char *name)
{
    return sb_buf_addf(out, "%s%s%s%s%s", kind ? kind : "",
                       kind && (ns || name) ? " " : "", ns ? ns : "",
                       ns && name ? "/" : "", name ? name : "");
}

const char *sb_rtime_short(const char *t, char *out)
{
    int64_t secs;
    char full[SB_TIME_MAX];

    out[0] = '\0';
    if (!t || !sb_time_parse(t, &secs, NULL))
        return out;
    sb_time_format(secs, -1, full);
    /* "YYYY-MM-DDTHH:MM:SSZ" -> "YYYY-MM-DD HH:MM:SS" */
    memcpy(out, full, 19);
    out[10] = ' ';
    out[19] = '\0';
    return out;
}

/* Copies column 'i' (NULL stays NULL) into '*dst'. */
static int dup_col(sqlite3_stmt *st, int i, char **dst, struct sb_err *err)
{
    const char *s = sb_rq_text(st, i);

    *dst = NULL;
    if (!s)
        return 0;
    *dst = sb_strdup(s);
    return *dst ? 0 : sb_err_set(err, SB_E_NOMEM, "out of memory reading "
                                 "the report data");
}

static int dup_cols(sqlite3_stmt *st, char **dst[], int n,
                    struct sb_err *err)
{
    int i, rc;

    for (i = 0; i < n; i++) {
        rc = dup_col(st, i, dst[i], err);
        if (rc)
            return rc;
    }
    return 0;
}

static int add_item(struct sb_buf *arr, const void *item, size_t size,
                    struct sb_err *err)
{
    if (sb_buf_add(arr, item, size))
        return sb_err_set(err, SB_E_NOMEM, "out of memory reading the "
                          "report data");
    return 0;
}

static int step_err(sqlite3 *db, int rc, struct sb_err *err)
{
    if (rc == SQLITE_DONE)
        return 0;
    return sb_err_set(err, SB_E_DB, "cannot read the report data: %s",
                      sqlite3_errmsg(db));
}

static void bundle_free(struct sb_rbundle *b)
{
    sb_free(b->path);
    sb_free(b->format);
    sb_free(b->kind);
    sb_free(b->cluster);
    sb_free(b->server);
    sb_free(b->k8s_version);
    sb_free(b->node);
    sb_free(b->start);
    sb_free(b->end);
    sb_free(b->tool_version);
}

static int load_bundles(sqlite3 *db, struct sb_rmodel *m, struct sb_err *err)
{
    struct sb_buf arr = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st = NULL;
    struct sb_rbundle b;
    size_t i;
    int rc, s;

    rc = sb_rq_prepare(db, "SELECT path, format, kind, cluster, server, "
                       "k8s_version, node_name, collected_start, "
                       "collected_end, tool_version, complete, id "
                       "FROM bundles ORDER BY id", &st, err);
    while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
        char **cols[] = { &b.path, &b.format, &b.kind, &b.cluster,
                          &b.server, &b.k8s_version, &b.node, &b.start,
                          &b.end, &b.tool_version };
        memset(&b, 0, sizeof b);
        rc = dup_cols(st, cols, 10, err);
        b.complete = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 :
                     sqlite3_column_int(st, 10) != 0;
        b.id = sqlite3_column_int64(st, 11);
        if (!rc)
            rc = add_item(&arr, &b, sizeof b, err);
        if (rc)
            bundle_free(&b);
    }
    if (!rc)
        rc = step_err(db, s, err);
    sqlite3_finalize(st);
    m->nbundles = arr.len / sizeof b;
    m->bundles = (struct sb_rbundle *)sb_buf_detach(&arr, NULL);
    if (!m->bundles)
        m->nbundles = 0;
    for (i = 0; i < m->nbundles && !m->primary; i++)
        if (!m->bundles[i].kind || strcmp(m->bundles[i].kind, "host"))
            m->primary = &m->bundles[i];
    if (!m->primary && m->nbundles)
        m->primary = &m->bundles[0];
    return rc;
}

int sb_rev_match(const struct sb_rev *e)
{
    const char *p;
    int n = 0;

    if (!e->context || !e->context_match)
        return -1;
    for (p = e->context_match; *p >= '0' && *p <= '9' && n < 1000; p++)
        n = n * 10 + (*p - '0');
    return *p || p == e->context_match ? -1 : n;
}

int sb_rev_marked(const struct sb_rev *e, struct sb_buf *out)
{
    const char *p, *nl;
    int i, match = sb_rev_match(e), rc = 0;

    if (match < 0)
        return sb_buf_adds(out, e->text ? e->text : "");
    for (p = e->context, i = 0; !rc && p; i++) {
        nl = strchr(p, '\n');
        rc = sb_buf_adds(out, i == match ? "> " : "  ");
        if (!rc)
            rc = sb_buf_add(out, p, nl ? (size_t)(nl - p) : strlen(p));
        if (!rc && nl)
            rc = sb_buf_addc(out, '\n');
        p = nl ? nl + 1 : NULL;
    }
    return rc;
}

static void evidence_free(struct sb_rev *e)
{
    sb_free(e->source);
    sb_free(e->time);
    sb_free(e->text);
    sb_free(e->file);
    sb_free(e->context);
    sb_free(e->context_match);
}

static void affected_free(struct sb_raff *a)
{
    sb_free(a->kind);
    sb_free(a->ns);
    sb_free(a->name);
    sb_free(a->finding);
}

static void finding_free(struct sb_rfinding *f)
{
    size_t i;

    for (i = 0; i < f->nev; i++)
        evidence_free(&f->ev[i]);
    sb_free(f->ev);
    for (i = 0; i < f->naff; i++)
        affected_free(&f->aff[i]);
    sb_free(f->aff);
    sb_free(f->id);
    sb_free(f->rule);
    sb_free(f->severity);
    sb_free(f->category);
    sb_free(f->title);
    sb_free(f->summary);
    sb_free(f->kind);
    sb_free(f->ns);
    sb_free(f->name);
    sb_free(f->container);
    sb_free(f->node);
    sb_free(f->first_seen);
    sb_free(f->last_seen);
    sb_free(f->remediation);
    sb_free(f->root_cause);
}

static int load_findings(sqlite3 *db, struct sb_rmodel *m, struct sb_err *err)
{
    struct sb_buf arr = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st = NULL;
    struct sb_rfinding f;
    int rc, s;

    rc = sb_rq_prepare(db, "SELECT id, rule, severity, category, title, "
                       "summary, kind, namespace, name, container, node, "
                       "first_seen, last_seen, remediation, root_cause "
                       "FROM findings ORDER BY seq, id", &st, err);
    while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
        char **cols[] = { &f.id, &f.rule, &f.severity, &f.category,
                          &f.title, &f.summary, &f.kind, &f.ns, &f.name,
                          &f.container, &f.node, &f.first_seen,
                          &f.last_seen, &f.remediation, &f.root_cause };
        memset(&f, 0, sizeof f);
        rc = dup_cols(st, cols, 15, err);
        /* a TEXT PRIMARY KEY may still be NULL in SQLite */
        if (!rc && !f.id && !(f.id = sb_strdup("")))
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory reading the "
                            "report data");
        f.sev = sev_rank(f.severity);
        if (!rc)
            rc = add_item(&arr, &f, sizeof f, err);
        if (rc)
            finding_free(&f);
    }
    if (!rc)
        rc = step_err(db, s, err);
    sqlite3_finalize(st);
    m->nf = arr.len / sizeof f;
    m->f = (struct sb_rfinding *)sb_buf_detach(&arr, NULL);
    if (!m->f)
        m->nf = 0;
    return rc;
}

static int by_id_cmp(const void *a, const void *b, void *base)
{
    const struct sb_rfinding *f = base;

    return strcmp(f[*(const size_t *)a].id, f[*(const size_t *)b].id);
}

/* Root causes and blast radii name findings by id: sorted once so that
 * each lookup is a binary search, not a scan of every finding. */
static int index_findings(struct sb_rmodel *m, struct sb_err *err)
{
    size_t i;

    m->by_id = sb_calloc(m->nf ? m->nf : 1, sizeof *m->by_id);
    if (!m->by_id)
        return sb_err_set(err, SB_E_NOMEM, "out of memory indexing the "
                          "findings");
    for (i = 0; i < m->nf; i++)
        m->by_id[i] = i;
    qsort_r(m->by_id, m->nf, sizeof *m->by_id, by_id_cmp, m->f);
    return 0;
}

/* A per-finding list read in one pass: four text columns, then the id of
 * the finding the row belongs to. Evidence and blast radius are both
 * this shape; the offsets say where a finding keeps its list. */
#define GROUPED_COLS_MAX 6

struct grouped_rows {
    const char *sql;
    const char *sql_old;        /* the same for a schema without the newer
                                   columns (NULL: none) */
    size_t size;                                /* bytes of one row */
    int ncols;                                  /* its text columns, then
                                                   the finding id */
    void (*fields)(void *row, char **out[GROUPED_COLS_MAX]);
    void (*row_free)(void *row);
    size_t list_off, count_off;                 /* in struct sb_rfinding */
};

static void evidence_fields(void *row, char **out[GROUPED_COLS_MAX])
{
    struct sb_rev *e = row;

    out[0] = &e->source;
    out[1] = &e->time;
    out[2] = &e->text;
    out[3] = &e->file;
    out[4] = &e->context;
    out[5] = &e->context_match;
}

static void evidence_row_free(void *row)
{
    evidence_free(row);
}

static void affected_fields(void *row, char **out[GROUPED_COLS_MAX])
{
    struct sb_raff *a = row;

    out[0] = &a->kind;
    out[1] = &a->ns;
    out[2] = &a->name;
    out[3] = &a->finding;
}

static void affected_row_free(void *row)
{
    affected_free(row);
}

static const struct grouped_rows evidence_rows = {
    "SELECT source, time, text, file, context, context_match, finding_id"
    " FROM finding_evidence ORDER BY finding_id, seq, rowid",
    "SELECT source, time, text, file, NULL, NULL, finding_id"
    " FROM finding_evidence ORDER BY finding_id, seq, rowid",
    sizeof(struct sb_rev), 6, evidence_fields, evidence_row_free,
    offsetof(struct sb_rfinding, ev), offsetof(struct sb_rfinding, nev)
};

static const struct grouped_rows affected_rows = {
    "SELECT kind, namespace, name, affected_finding, finding_id FROM "
    "finding_affected ORDER BY finding_id, rowid", NULL,
    sizeof(struct sb_raff), 4, affected_fields, affected_row_free,
    offsetof(struct sb_rfinding, aff), offsetof(struct sb_rfinding, naff)
};

/* Hands the rows gathered in 'arr' to the finding called 'id' (rows of an
 * id no finding has are dropped with the array). */
static void attach_rows(struct sb_rmodel *m, const struct grouped_rows *g,
                        const char *id, struct sb_buf *arr)
{
    struct sb_rfinding *f = (struct sb_rfinding *)sb_rmodel_find(m, id);
    size_t i, n = arr->len / g->size;
    void **list;
    size_t *count;

    if (f && n) {
        list = (void **)((char *)f + g->list_off);
        count = (size_t *)((char *)f + g->count_off);
        if (!*list) {
            *count = n;
            *list = sb_buf_detach(arr, NULL);
            if (*list)
                return;
            *count = 0;
        }
    }
    for (i = 0; i < n; i++)
        g->row_free(arr->data + i * g->size);
    sb_buf_reset(arr);
}

/* One pass over all rows, grouped by finding: a query per finding would
 * make the report quadratic in the number of findings. */
static int load_grouped(sqlite3 *db, struct sb_rmodel *m,
                        const struct grouped_rows *g, struct sb_err *err)
{
    struct sb_buf arr = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st = NULL;
    char *cur = NULL;
    union { struct sb_rev e; struct sb_raff a; } row;
    int rc = 0, s = SQLITE_DONE;

    /* a database of schema 3 or older has no evidence context */
    if (g->sql_old && sqlite3_prepare_v2(db, g->sql, -1, &st, NULL)
        != SQLITE_OK) {
        sqlite3_finalize(st);
        st = NULL;
        rc = sb_rq_prepare(db, g->sql_old, &st, err);
    } else if (!g->sql_old) {
        rc = sb_rq_prepare(db, g->sql, &st, err);
    }
    while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = sb_rq_text(st, g->ncols);
        char **cols[GROUPED_COLS_MAX];

        if (!id)
            continue;
        if (!cur || strcmp(cur, id)) {
            if (cur)
                attach_rows(m, g, cur, &arr);
            sb_free(cur);
            cur = sb_strdup(id);
            if (!cur) {
                rc = sb_err_set(err, SB_E_NOMEM, "out of memory reading "
                                "the report data");
                break;
            }
        }
        memset(&row, 0, sizeof row);
        g->fields(&row, cols);
        rc = dup_cols(st, cols, g->ncols, err);
        if (!rc)
            rc = add_item(&arr, &row, g->size, err);
        if (rc)
            g->row_free(&row);
    }
    if (!rc)
        rc = step_err(db, s, err);
    if (cur)
        attach_rows(m, g, cur, &arr);
    attach_rows(m, g, "", &arr);    /* frees what is left on failure */
    sb_free(cur);
    sb_buf_release(&arr);
    sqlite3_finalize(st);
    return rc;
}

/* Severity buckets keep emission order inside each severity. */
static int order_findings(struct sb_rmodel *m, struct sb_err *err)
{
    size_t i, n = 0;
    int s;

    m->order = sb_calloc(m->nf ? m->nf : 1, sizeof *m->order);
    if (!m->order)
        return sb_err_set(err, SB_E_NOMEM, "out of memory ordering the "
                          "findings");
    for (s = 0; s < SB_RSEV_N; s++)
        for (i = 0; i < m->nf; i++)
            if ((int)m->f[i].sev == s)
                m->order[n++] = i;
    for (i = 0; i < m->nf; i++)
        m->nsev[m->f[i].sev]++;
    return 0;
}

int sb_rmodel_load(sqlite3 *db, struct sb_rmodel *m, struct sb_err *err)
{
    int rc;

    memset(m, 0, sizeof *m);
    rc = load_bundles(db, m, err);
    if (!rc)
        rc = load_findings(db, m, err);
    if (!rc)
        rc = order_findings(m, err);
    if (!rc)
        rc = index_findings(m, err);
    if (!rc)
        rc = load_grouped(db, m, &evidence_rows, err);
    if (!rc)
        rc = load_grouped(db, m, &affected_rows, err);
    return rc;
}

void sb_rmodel_release(struct sb_rmodel *m)
{
    size_t i;

    for (i = 0; i < m->nbundles; i++)
        bundle_free(&m->bundles[i]);
    sb_free(m->bundles);
    for (i = 0; i < m->nf; i++)
        finding_free(&m->f[i]);
    sb_free(m->f);
    sb_free(m->order);
    sb_free(m->by_id);
    memset(m, 0, sizeof *m);
}

const struct sb_rfinding *sb_rmodel_find(const struct sb_rmodel *m,
                                         const char *id)
{
    size_t lo = 0, hi = m->nf, mid;
    int c;

    if (!id || !m->by_id)
        return NULL;
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        c = strcmp(id, m->f[m->by_id[mid]].id);
        if (!c)
            return &m->f[m->by_id[mid]];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}
