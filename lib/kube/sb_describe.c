/*
 * Entry points and the writer: kubectl's PrefixWriter feeding a Go
 * text/tabwriter configured as kubectl's tabbedString() does (minwidth 0,
 * tabwidth 8, padding 2, pad with spaces, no flags).
 */
#include "sb_describe.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_describe_int.h"

/* The text of one describe output is bounded by the object's size, but a
 * hostile object can make it large: cap the pending text of one call. */
#define DW_MAX ((size_t)256 << 20)

void sb_dw_init(struct dw *w, struct sb_buf *out, int64_t now)
{
    sb_buf_init(&w->pend, DW_MAX);
    sb_buf_init(&w->tmp, DW_MAX);
    w->out = out;
    w->rc = 0;
    w->nest = 0;
    w->now = now;
}

void sb_dw_release(struct dw *w)
{
    sb_buf_release(&w->pend);
    sb_buf_release(&w->tmp);
}

void sb_dw_fail(struct dw *w, int rc)
{
    if (!w->rc)
        w->rc = rc;
}

/* kubectl escapes what a terminal would interpret: ESC and CR. */
static void add_escaped(struct dw *w, const char *s, size_t n)
{
    size_t i, start = 0;
    int rc = 0;

    for (i = 0; i < n && !rc; i++) {
        const char *rep = NULL;

        if (s[i] == '\x1b')
            rep = "^[";
        else if (s[i] == '\r')
            rep = "\\r";
        if (!rep)
            continue;
        rc = sb_buf_add(&w->pend, s + start, i - start);
        if (!rc)
            rc = sb_buf_adds(&w->pend, rep);
        start = i + 1;
    }
    if (!rc)
        rc = sb_buf_add(&w->pend, s + start, n - start);
    sb_dw_fail(w, rc);
}

void sb_dw_write(struct dw *w, int level, const char *fmt, ...)
{
    va_list ap;
    int rc = 0, i;

    if (w->rc)
        return;
    sb_buf_reset(&w->tmp);
    level += w->nest;
    for (i = 0; i < level && !rc; i++)
        rc = sb_buf_add(&w->tmp, "  ", 2);
    if (!rc) {
        va_start(ap, fmt);
        rc = sb_buf_vaddf(&w->tmp, fmt, ap);
        va_end(ap);
    }
    if (rc) {
        sb_dw_fail(w, rc);
        return;
    }
    add_escaped(w, w->tmp.data, w->tmp.len);
}

void sb_dw_line(struct dw *w, const char *s)
{
    int i;

    if (w->rc)
        return;
    for (i = 0; i < w->nest; i++)
        add_escaped(w, "  ", 2);
    add_escaped(w, s, strlen(s));
    add_escaped(w, "\n", 1);
}

/* ---- the tabwriter -------------------------------------------------- */

struct tw_cell {
    size_t off, len;        /* bytes of the cell in the pending text */
    size_t width;           /* runes, as Go's tabwriter counts them */
    size_t run;             /* column block it belongs to */
};

struct tw_line {
    size_t first, ncells;   /* its cells; all but the last end in a tab */
    bool newline;           /* ended by a newline (not the flushed tail) */
    bool reset;             /* ended by a form feed: blocks end here */
};

/* Four SB_ARRAY_GROW arrays. A cell or a line takes at least one byte of
 * the pending text (the tail may take none), so DW_MAX + 1 bounds each. */
#define TW_MAX (DW_MAX + 1)

struct tw {
    struct tw_cell *cells;
    size_t ncells, cells_alloc;
    struct tw_line *lines;
    size_t nlines, lines_alloc;
    size_t *runs;           /* each column block's width */
    size_t nruns, runs_alloc;
    size_t *active;         /* the block each column is in, by column */
    size_t nactive, active_alloc;
};

static size_t rune_count(const char *s, size_t n)
{
    size_t i, r = 0;

    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            r++;
    return r;
}

static int tw_cell_add(struct tw *t, const char *text, size_t off,
                       size_t end)
{
    struct tw_cell c = { off, end - off, rune_count(text + off, end - off),
                         0 };
    int rc = SB_ARRAY_GROW(t->cells, t->ncells + 1, t->cells_alloc, TW_MAX);

    if (!rc)
        t->cells[t->ncells++] = c;
    return rc;
}

/* Splits the text into lines of cells the way Go's tabwriter does. */
static int tw_split(struct tw *t, const char *s, size_t n)
{
    size_t i, start = 0, first = 0, ncells = 0;
    int rc = 0;

    for (i = 0; i <= n && !rc; i++) {
        char ch = i < n ? s[i] : '\n';
        struct tw_line l;

        if (i < n && ch != '\t' && ch != '\v' && ch != '\n' && ch != '\f')
            continue;
        if (i == n && start == n && ncells == 0)
            break;          /* text ended with a newline: no tail line */
        rc = tw_cell_add(t, s, start, i);
        ncells++;
        start = i + 1;
        if (ch == '\t' || ch == '\v')
            continue;
        l.first = first;
        l.ncells = ncells;
        l.newline = i < n;
        l.reset = ch == '\f';
        if (!rc)
            rc = SB_ARRAY_GROW(t->lines, t->nlines + 1, t->lines_alloc,
                               TW_MAX);
        if (!rc)
            t->lines[t->nlines++] = l;
        first += ncells;
        ncells = 0;
    }
    return rc;
}

/*
 * A column block is a maximal run of consecutive lines that all have a
 * tab-terminated cell in that column; its width is the widest cell plus
 * the padding. This is what Go's recursive format() computes, done in one
 * pass so that a value with thousands of tabs cannot exhaust the stack.
 */
static int tw_blocks(struct tw *t)
{
    size_t i, j, nactive = 0;
    int rc = 0;

    for (i = 0; i < t->nlines && !rc; i++) {
        size_t tabbed = t->lines[i].ncells - 1;

        for (j = 0; j < tabbed && !rc; j++) {
            struct tw_cell *c = &t->cells[t->lines[i].first + j];

            if (j >= nactive) {
                rc = SB_ARRAY_GROW(t->runs, t->nruns + 1, t->runs_alloc,
                                   TW_MAX);
                if (!rc && t->nactive < j + 1)
                    rc = SB_ARRAY_GROW(t->active, j + 1, t->active_alloc,
                                       TW_MAX);
                if (rc)
                    break;
                if (t->nactive < j + 1)
                    t->nactive = j + 1;
                t->active[j] = t->nruns;
                t->runs[t->nruns++] = 0;
            }
            c->run = t->active[j];
            if (c->width + 2 > t->runs[c->run])
                t->runs[c->run] = c->width + 2;
        }
        nactive = t->lines[i].reset ? 0 : tabbed;
    }
    return rc;
}

static int tw_emit(const struct tw *t, const char *s, struct sb_buf *out)
{
    static const char spaces[] = "                                ";
    size_t i, k;
    int rc = 0;

    for (i = 0; i < t->nlines && !rc; i++) {
        const struct tw_line *l = &t->lines[i];

        for (k = 0; k < l->ncells && !rc; k++) {
            const struct tw_cell *c = &t->cells[l->first + k];
            size_t pad;

            rc = sb_buf_add(out, s + c->off, c->len);
            if (k + 1 == l->ncells)
                break;
            for (pad = t->runs[c->run] - c->width; pad && !rc;) {
                size_t n = pad < 32 ? pad : 32;

                rc = sb_buf_add(out, spaces, n);
                pad -= n;
            }
        }
        if (!rc && l->newline)
            rc = sb_buf_addc(out, '\n');
    }
    return rc;
}

void sb_dw_flush(struct dw *w)
{
    struct tw t = { 0 };
    int rc;

    if (w->rc || !w->pend.len)
        return;
    rc = tw_split(&t, w->pend.data, w->pend.len);
    if (!rc)
        rc = tw_blocks(&t);
    if (!rc)
        rc = tw_emit(&t, w->pend.data, w->out);
    sb_free(t.cells);
    sb_free(t.lines);
    sb_free(t.runs);
    sb_free(t.active);
    sb_buf_reset(&w->pend);
    sb_dw_fail(w, rc);
}

/* ---- entry points --------------------------------------------------- */

typedef void describe_fn(struct dw *w, const cJSON *o,
                         const struct sb_describe_related *r);

static const struct {
    const char *resource, *bare;
    describe_fn *fn;
} kinds[] = {
    { "pods", NULL, sb_describe_pod },
    { "nodes", NULL, sb_describe_node },
    { "deployments.apps", "deployments", sb_describe_deployment },
    { "replicasets.apps", "replicasets", sb_describe_replicaset },
    { "statefulsets.apps", "statefulsets", sb_describe_statefulset },
    { "daemonsets.apps", "daemonsets", sb_describe_daemonset },
    { "jobs.batch", "jobs", sb_describe_job },
    { "services", NULL, sb_describe_service },
    { "persistentvolumeclaims", NULL, sb_describe_pvc },
    { "ingresses.networking.k8s.io", "ingresses", sb_describe_ingress },
};

static describe_fn *find_kind(const char *resource)
{
    size_t i;

    if (!resource)
        return NULL;
    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (!strcmp(resource, kinds[i].resource) ||
            (kinds[i].bare && !strcmp(resource, kinds[i].bare)))
            return kinds[i].fn;
    return NULL;
}

bool sb_describe_supports(const char *resource)
{
    return find_kind(resource) != NULL;
}

int sb_describe_with(const char *resource, const cJSON *obj,
                     const struct sb_describe_related *rel, int64_t now,
                     struct sb_buf *out, struct sb_err *err)
{
    static const struct sb_describe_related none;
    describe_fn *fn = find_kind(resource);
    size_t was = out->len;
    struct dw w;

    if (!fn)
        return sb_err_set(err, SB_E_USAGE,
                          "cannot describe '%s': unsupported resource",
                          resource ? resource : "(null)");
    if (!cJSON_IsObject(obj))
        return sb_err_set(err, SB_E_USAGE,
                          "cannot describe a '%s': not a JSON object",
                          resource);
    sb_dw_init(&w, out, now);
    fn(&w, obj, rel ? rel : &none);
    sb_dw_flush(&w);
    sb_dw_release(&w);
    if (w.rc) {
        sb_buf_truncate(out, was);
        return sb_err_set(err, w.rc, "cannot describe %s '%s': %s",
                          resource, ds(dj(obj, "metadata"), "name"),
                          sb_err_str(w.rc));
    }
    return 0;
}

int sb_describe(const char *resource, const cJSON *obj, const cJSON *events,
                const cJSON *pods, int64_t now, struct sb_buf *out,
                struct sb_err *err)
{
    struct sb_describe_related rel = { 0 };

    rel.events = events;
    rel.pods = pods;
    return sb_describe_with(resource, obj, &rel, now, out, err);
}
