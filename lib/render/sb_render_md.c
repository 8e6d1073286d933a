/*
 * The report as GitHub-flavoured Markdown for a ticket: the summary and
 * root causes first, a findings table, evidence in fenced blocks inside
 * <details>. Tickets have size limits, so the text is capped
 * (opts->md_max_bytes): every part is rendered on its own, then parts are
 * kept in order of importance (critical before warning before info, rows
 * before evidence) while they fit, and the report says what was cut.
 *
 * Bundle strings are escaped for the context they land in: Markdown
 * punctuation and HTML in text, '|' in table cells, entities in <summary>,
 * and fences longer than any backtick run in the quoted text.
 */
#include <stdarg.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_gpufleet.h"
#include "sb_html.h"
#include "sb_render_int.h"
#include "sb_time.h"
#include "sb_utf8.h"

#define NOMEM "out of memory rendering the Markdown report"
#define CELL_MAX 300        /* bytes of a table cell from the bundle */
#define EV_TEXT_MAX 1000    /* bytes of one quoted evidence text */
#define EV_MAX 15           /* evidence items quoted per finding */
#define ROOTS_MAX 25        /* root causes listed in the summary */
#define AFF_MAX 12          /* blast-radius subjects listed per root */
#define GAPS_MAX 30
#define TL_BEFORE 8
#define TL_AFTER 20
#define NOTE_RESERVE 1024   /* room kept for the "what was cut" note */
#define INC_MAX 10          /* incidents told in full at the top */
#define INC_NARR_MAX 1500   /* bytes of one incident's narrative */
#define INC_MEMBERS_MAX 15  /* findings listed under one incident */
#define CHANGES_MAX 60      /* "What changed" rows */
#define INC_BYTES_MAX 16000 /* the incidents section, and the changes, each
                               stay under this: the head part is always
                               kept, and the findings must still fit */

/* Parts in order of importance: lower tiers are kept first. */
enum tier {
    T_HEAD, T_ROW_CRIT, T_EV_CRIT, T_GAPS, T_ROW_WARN, T_TIMELINE,
    T_EV_WARN, T_ROW_INFO, T_EV_INFO, T_N
};

struct part {
    enum tier tier;
    int section;            /* where it goes in the document */
    struct sb_buf text;
    int kept;
};

enum section { S_HEAD, S_TABLE, S_EVIDENCE, S_TIMELINE, S_GAPS, S_N };

struct mw {
    struct sb_buf *o;       /* the part being written */
    sqlite3 *db;
    const struct sb_rmodel *m;
    int rc;
};

static void raw(struct mw *w, const char *s)
{
    if (!w->rc)
        w->rc = sb_buf_adds(w->o, s);
}

static void rawf(struct mw *w, const char *fmt, ...) SB_PRINTF(2, 3);
static void rawf(struct mw *w, const char *fmt, ...)
{
    va_list ap;

    if (w->rc)
        return;
    va_start(ap, fmt);
    w->rc = sb_buf_vaddf(w->o, fmt, ap);
    va_end(ap);
}

/* Cuts 'b' to at most 'max' bytes on a character boundary, marking the
 * cut with an ellipsis. Returns 0 or the append's error (the ellipsis
 * may need more room than the cut freed). */
static int clip(struct sb_buf *b, size_t max)
{
    size_t n = max;

    if (b->len <= max)
        return 0;
    while (n > 0 && ((unsigned char)b->data[n] & 0xc0) == 0x80)
        n--;
    sb_buf_truncate(b, n);
    return sb_buf_adds(b, "\xe2\x80\xa6");
}

/* Text from the bundle, inline in Markdown: punctuation that would start
 * emphasis, code, links, tables or HTML is escaped, newlines fold to
 * spaces, '@' cannot mention anyone. */
static void text(struct mw *w, const char *s, size_t max)
{
    struct sb_buf c = SB_BUF_INIT(SB_BUF_UNLIMITED);
    size_t i;

    if (w->rc || !s)
        return;
    w->rc = sb_utf8_clean(&c, s, strlen(s));
    if (!w->rc && max)
        w->rc = clip(&c, max);
    for (i = 0; !w->rc && i < c.len; i++) {
        char ch = c.data[i];

        switch (ch) {
        case '<': raw(w, "&lt;"); break;
        case '>': raw(w, "&gt;"); break;
        case '&': raw(w, "&amp;"); break;
        case '@': raw(w, "&#64;"); break;
        case '\n': case '\r': case '\t': raw(w, " "); break;
        case '\\': case '`': case '*': case '_': case '[': case ']':
        case '|': case '~': case '#': case '!':
            w->rc = sb_buf_addc(w->o, '\\');
            if (!w->rc)
                w->rc = sb_buf_addc(w->o, ch);
            break;
        default:
            w->rc = sb_buf_addc(w->o, ch);
        }
    }
    sb_buf_release(&c);
}

/* Text inside an HTML element (<summary>): entities only. */
static void html(struct mw *w, const char *s)
{
    struct sb_buf c = SB_BUF_INIT(SB_BUF_UNLIMITED);
    size_t i;

    if (w->rc || !s)
        return;
    w->rc = sb_utf8_clean(&c, s, strlen(s));
    if (!w->rc)
        w->rc = clip(&c, CELL_MAX);
    for (i = 0; !w->rc && i < c.len; i++)
        if (c.data[i] == '\n' || c.data[i] == '\r')
            c.data[i] = ' ';
    if (!w->rc)
        w->rc = sb_html_text(w->o, c.data ? c.data : "", c.len);
    sb_buf_release(&c);
}

/* A fenced block quoting 's': the fence is one backtick longer than the
 * longest backtick run inside, so no line of the text can close it. */
static void fenced(struct mw *w, const char *s)
{
    struct sb_buf c = SB_BUF_INIT(SB_BUF_UNLIMITED);
    size_t i, run = 0, longest = 0, fence;

    if (w->rc || !s)
        return;
    w->rc = sb_utf8_clean(&c, s, strlen(s));
    if (!w->rc)
        w->rc = clip(&c, EV_TEXT_MAX);
    for (i = 0; i < c.len; i++) {
        run = c.data[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    fence = longest >= 3 ? longest + 1 : 3;
    for (i = 0; i < fence; i++)
        raw(w, "`");
    raw(w, "text\n");
    if (!w->rc && c.len)
        w->rc = sb_buf_add(w->o, c.data, c.len);
    if (c.len && c.data[c.len - 1] != '\n')
        raw(w, "\n");
    for (i = 0; i < fence; i++)
        raw(w, "`");
    raw(w, "\n");
    sb_buf_release(&c);
}

static void subject(struct mw *w, const char *kind, const char *ns,
                    const char *name)
{
    struct sb_buf s = SB_BUF_INIT(SB_BUF_UNLIMITED);

    if (!w->rc && sb_rsubject(&s, kind, ns, name))
        w->rc = SB_E_NOMEM;
    if (s.len)
        text(w, sb_buf_str(&s), CELL_MAX);
    else
        raw(w, "-");
    sb_buf_release(&s);
}

static void short_time(struct mw *w, const char *t)
{
    char s[SB_TIME_MAX];

    sb_rtime_short(t, s);
    if (s[0])
        raw(w, s);
    else if (t)
        text(w, t, 40);
    else
        raw(w, "-");
}

/* ---- parts ---------------------------------------------------------- */

/* The --since/--until window, when the report is scoped to one. */
static void window(struct mw *w)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(w->db, SB_RQ_WINDOW, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        raw(w, "**Time window:** findings, evidence and timeline from ");
        if (sb_rq_text(st, 0)) {
            short_time(w, sb_rq_text(st, 0));
            raw(w, " UTC");
        } else {
            raw(w, "the start");
        }
        raw(w, " to ");
        if (sb_rq_text(st, 1)) {
            short_time(w, sb_rq_text(st, 1));
            raw(w, " UTC");
        } else {
            raw(w, "the end");
        }
        raw(w, " (");
        text(w, sb_rq_text(st, 2) ? sb_rq_text(st, 2) : "-", 64);
        raw(w, " .. ");
        text(w, sb_rq_text(st, 3) ? sb_rq_text(st, 3) : "-", 64);
        raw(w, "); what happened outside it is left out.\n\n");
    }
    sqlite3_finalize(st);
}

static void head(struct mw *w)
{
    const struct sb_rbundle *b = w->m->primary;
    const struct sb_rmodel *m = w->m;

    raw(w, "# Incident report: ");
    if (b && b->cluster)
        text(w, b->cluster, CELL_MAX);
    else
        raw(w, "unknown cluster");
    raw(w, "\n\n**Kubernetes** ");
    if (b && b->k8s_version)
        text(w, b->k8s_version, 64);
    else
        raw(w, "unknown");
    raw(w, " · **collected** ");
    short_time(w, b ? b->start : NULL);
    raw(w, " UTC · **bundle** ");
    raw(w, !b || b->complete < 0 ? "completeness unknown" :
        b->complete ? "complete" : "**incomplete** (see below)");
    rawf(w, " · %lld nodes, %lld pods, %lld GPUs · ",
         sb_rq_count(w->db, "SELECT count(*) FROM nodes"),
         sb_rq_count(w->db, "SELECT count(*) FROM pods"),
         sb_rq_count(w->db, "SELECT count(*) FROM gpus"));
    rawf(w, "**%zu critical**, %zu warning, %zu info findings\n\n",
         m->nsev[SB_RSEV_CRITICAL], m->nsev[SB_RSEV_WARNING],
         m->nsev[SB_RSEV_INFO]);
    window(w);
}

static void root_item(struct mw *w, const struct sb_rfinding *f, size_t n)
{
    size_t i;

    rawf(w, "%zu. **%s** · **", n, sb_rsev_name(f->sev));
    text(w, f->title, CELL_MAX);
    raw(w, "** (");
    text(w, f->id, 32);
    raw(w, ") on ");
    subject(w, f->kind, f->ns, f->name);
    if (f->first_seen) {
        raw(w, ", first seen ");
        short_time(w, f->first_seen);
    }
    raw(w, "  \n   ");
    text(w, f->summary, 2 * CELL_MAX);
    raw(w, "\n");
    if (!f->naff)
        return;
    rawf(w, "   - Blast radius (%zu): ", f->naff);
    for (i = 0; i < f->naff && i < AFF_MAX; i++) {
        if (i)
            raw(w, ", ");
        subject(w, f->aff[i].kind, f->aff[i].ns, f->aff[i].name);
    }
    if (f->naff > AFF_MAX)
        rawf(w, " and %zu more", f->naff - AFF_MAX);
    raw(w, "\n");
}

/* One incident: its headline, the story, then its findings in story
 * order, each with the reason it is linked (which names its cause). */
static void incident(struct mw *w, sqlite3_stmt *inc)
{
    sqlite3_stmt *st = NULL;
    int n = 0;

    rawf(w, "### ");
    text(w, sb_rq_text(inc, 0), 16);
    rawf(w, " · %s · %lld subject%s, %lld pod%s · started ",
         sb_rq_text(inc, 2) ? sb_rq_text(inc, 2) : "?",
         (long long)sqlite3_column_int64(inc, 4),
         sqlite3_column_int64(inc, 4) == 1 ? "" : "s",
         (long long)sqlite3_column_int64(inc, 5),
         sqlite3_column_int64(inc, 5) == 1 ? "" : "s");
    short_time(w, sb_rq_text(inc, 3));
    raw(w, "\n\n");
    text(w, sb_rq_text(inc, 7), INC_NARR_MAX);
    raw(w, "\n\n");
    if (w->rc || sqlite3_prepare_v2(w->db, SB_RQ_INCIDENT_MEMBERS, -1, &st,
                                    NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_text(st, 1, sb_rq_text(inc, 0), -1, SQLITE_TRANSIENT);
    while (!w->rc && sqlite3_step(st) == SQLITE_ROW) {
        if (++n > INC_MEMBERS_MAX)
            continue;
        raw(w, sqlite3_column_int64(st, 3) ? "- " : "- root ");
        text(w, sb_rq_text(st, 0), 16);
        raw(w, " ");
        text(w, sb_rq_text(st, 4), 64);
        raw(w, " on ");
        subject(w, sb_rq_text(st, 6), sb_rq_text(st, 7), sb_rq_text(st, 8));
        if (sb_rq_text(st, 2)) {
            raw(w, ": ");
            text(w, sb_rq_text(st, 2), CELL_MAX);
        }
        raw(w, "\n");
    }
    if (n > INC_MEMBERS_MAX)
        rawf(w, "- and %d more findings\n", n - INC_MEMBERS_MAX);
    raw(w, "\n");
    sqlite3_finalize(st);
}

/* The report opens with the incidents, worst first. */
static void incidents(struct mw *w)
{
    sqlite3_stmt *st = NULL;
    size_t start = w->o->len;
    int n = 0, told = 0;

    if (sqlite3_prepare_v2(w->db, SB_RQ_INCIDENTS, -1, &st, NULL)
        != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    while (!w->rc && sqlite3_step(st) == SQLITE_ROW) {
        if (++n == 1)
            raw(w, "## Incidents\n\nEach incident is a root cause with "
                "everything it took down, worst first.\n\n");
        if (told < INC_MAX && w->o->len - start < INC_BYTES_MAX) {
            incident(w, st);
            told++;
        }
    }
    if (n > told)
        rawf(w, "%d more incidents are in the HTML and JSON reports.\n\n",
             n - told);
    sqlite3_finalize(st);
}

/* analyze --baseline: what changed, the changes of new incidents first. */
static void changes(struct mw *w)
{
    sqlite3_stmt *st = NULL;
    size_t start;
    int n = 0, told = 0;

    if (sqlite3_prepare_v2(w->db, SB_RQ_BASELINE, -1, &st, NULL)
        != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return;
    }
    raw(w, "## What changed\n\nSince the baseline ");
    text(w, sb_rq_text(st, 0), CELL_MAX);
    raw(w, " (collected ");
    short_time(w, sb_rq_text(st, 2));
    raw(w, " UTC); what belongs to a new incident first.\n\n"
        "| Change | Subject | What | When | Incident |\n"
        "|---|---|---|---|---|\n");
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(w->db, SB_RQ_CHANGES, -1, &st, NULL)
        != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    start = w->o->len;
    while (!w->rc && sqlite3_step(st) == SQLITE_ROW) {
        if (++n > CHANGES_MAX || w->o->len - start >= INC_BYTES_MAX) {
            told = told ? told : n - 1;
            continue;
        }
        raw(w, "| ");
        text(w, sb_rq_text(st, 0), 16);
        raw(w, " ");
        text(w, sb_rq_text(st, 1), 16);
        raw(w, " | ");
        subject(w, sb_rq_text(st, 2), sb_rq_text(st, 3), sb_rq_text(st, 4));
        raw(w, " | ");
        text(w, sb_rq_text(st, 7), CELL_MAX);
        raw(w, " | ");
        short_time(w, sb_rq_text(st, 8));
        raw(w, " | ");
        text(w, sb_rq_text(st, 9) ? sb_rq_text(st, 9) : "-", 16);
        raw(w, " |\n");
    }
    if (told)
        rawf(w, "\n%d more changes are in the HTML and JSON reports.\n",
             n - told);
    raw(w, "\n");
    sqlite3_finalize(st);
}

static void summary(struct mw *w)
{
    const struct sb_rmodel *m = w->m;
    size_t i, n = 0, pass, explained = 0;

    raw(w, "## Summary\n\n");
    if (!m->nsev[SB_RSEV_CRITICAL] && !m->nsev[SB_RSEV_WARNING]) {
        raw(w, "No critical or warning findings: nothing in this bundle "
            "points at a fault.\n\n");
        return;
    }
    for (i = 0; i < m->nf; i++)
        explained += m->f[i].root_cause != NULL;
    raw(w, "Root causes first, each with what it took down");
    if (explained)
        rawf(w, " (%zu findings are explained by a root cause)", explained);
    raw(w, ":\n\n");
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < m->nf; i++) {
            const struct sb_rfinding *f = &m->f[m->order[i]];

            if (f->root_cause || f->sev == SB_RSEV_INFO ||
                (pass == 0) != (f->naff > 0))
                continue;
            if (++n <= ROOTS_MAX)
                root_item(w, f, n);
        }
    }
    if (n > ROOTS_MAX)
        rawf(w, "\n%zu more unexplained findings are in the table below.\n",
             n - ROOTS_MAX);
    raw(w, "\n");
}

static void table_row(struct mw *w, const struct sb_rfinding *f)
{
    raw(w, "| ");
    text(w, f->id, 32);
    rawf(w, " | %s%s%s | ", f->sev == SB_RSEV_CRITICAL ? "**" : "",
         sb_rsev_name(f->sev), f->sev == SB_RSEV_CRITICAL ? "**" : "");
    text(w, f->rule, 64);
    raw(w, " | ");
    subject(w, f->kind, f->ns, f->name);
    raw(w, " | ");
    text(w, f->summary, CELL_MAX);
    raw(w, " | ");
    if (f->root_cause)
        text(w, f->root_cause, 32);
    raw(w, " |\n");
}

static void evidence(struct mw *w, const struct sb_rfinding *f)
{
    size_t i;

    raw(w, "<details><summary>");
    html(w, f->id);
    rawf(w, " %s: ", sb_rsev_name(f->sev));
    html(w, f->title);
    raw(w, "</summary>\n\n");
    for (i = 0; i < f->nev && i < EV_MAX; i++) {
        raw(w, "- ");
        text(w, f->ev[i].source, 32);
        if (f->ev[i].time) {
            raw(w, " ");
            short_time(w, f->ev[i].time);
        }
        if (f->ev[i].file) {
            raw(w, " · ");
            text(w, f->ev[i].file, CELL_MAX);
        }
        raw(w, "\n\n");
        if (sb_rev_match(&f->ev[i]) >= 0) {
            /* the quoted line marked "> " among its context */
            struct sb_buf c = SB_BUF_INIT(SB_BUF_UNLIMITED);

            if (!w->rc)
                w->rc = sb_rev_marked(&f->ev[i], &c);
            fenced(w, sb_buf_str(&c));
            sb_buf_release(&c);
        } else {
            fenced(w, f->ev[i].text);
        }
        raw(w, "\n");
    }
    if (f->nev > EV_MAX)
        rawf(w, "%zu more evidence items are in the JSON report.\n\n",
             f->nev - EV_MAX);
    if (f->remediation) {
        raw(w, "**Remedy:** ");
        text(w, f->remediation, 4 * CELL_MAX);
        raw(w, "\n\n");
    }
    raw(w, "</details>\n\n");
}

static void timeline_row(struct mw *w, sqlite3_stmt *st)
{
    const char *sev = sb_rq_text(st, 2);
    int crit = sev && !strcmp(sev, "critical");

    raw(w, "| ");
    short_time(w, sb_rq_text(st, 0));
    raw(w, crit ? " | **" : " | ");
    text(w, sb_rq_text(st, 1), 32);
    raw(w, crit ? "** | " : " | ");
    subject(w, sb_rq_text(st, 3), sb_rq_text(st, 4), sb_rq_text(st, 5));
    raw(w, " | ");
    text(w, sb_rq_text(st, 6), CELL_MAX);
    raw(w, " |\n");
}

static void timeline(struct mw *w)
{
    sqlite3_stmt *st = NULL;
    long long first, i;

    if (sb_rq_count(w->db, "SELECT EXISTS (SELECT 1 FROM timeline)") <= 0 ||
        sqlite3_prepare_v2(w->db, "SELECT time, source, severity, kind, "
                           "namespace, name, text FROM timeline "
                           "ORDER BY time, rowid", -1, &st, NULL) != SQLITE_OK)
        goto cleanup;
    first = sb_rq_first_critical(w->db, NULL);
    raw(w, first >= 0 ? "## Timeline around the first critical event\n\n" :
                        "## Timeline (first entries)\n\n");
    raw(w, "| Time (UTC) | Source | Subject | What happened |\n"
        "|---|---|---|---|\n");
    /* the rows past the window are not read: stepping through them all
     * was a pass over the whole timeline for nothing */
    for (i = 0; !w->rc && (first >= 0 ? i <= first + TL_AFTER :
                                        i <= TL_AFTER) &&
                sqlite3_step(st) == SQLITE_ROW; i++) {
        if (first >= 0 && i < first - TL_BEFORE)
            continue;
        timeline_row(w, st);
    }
    raw(w, "\n");
cleanup:
    sqlite3_finalize(st);
}

static void gaps(struct mw *w)
{
    sqlite3_stmt *st = NULL;
    long long n, red;
    int i = 0;

    n = sb_rq_count(w->db, "SELECT count(*) FROM collection_errors");
    red = sb_rq_count(w->db, "SELECT coalesce(sum(count), 0) FROM "
                      "redactions");
    raw(w, "## What could not be collected\n\n");
    if (n <= 0)
        raw(w, "The collector recorded no gaps.\n");
    if (n > 0 && sqlite3_prepare_v2(w->db, "SELECT collector, target, "
                                    "error FROM collection_errors ORDER BY "
                                    "bundle_id, rowid", -1, &st, NULL) ==
                 SQLITE_OK) {
        while (!w->rc && i++ < GAPS_MAX && sqlite3_step(st) == SQLITE_ROW) {
            raw(w, "- ");
            text(w, sb_rq_text(st, 0), 64);
            raw(w, " ");
            text(w, sb_rq_text(st, 1), CELL_MAX);
            raw(w, ": ");
            text(w, sb_rq_text(st, 2), CELL_MAX);
            raw(w, "\n");
        }
        if (n > GAPS_MAX)
            rawf(w, "- and %lld more\n", n - GAPS_MAX);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (red > 0) {
        rawf(w, "\n**Redacted:** %lld values (", red);
        if (sqlite3_prepare_v2(w->db, "SELECT rule, sum(count) FROM "
                               "redactions GROUP BY rule ORDER BY rule",
                               -1, &st, NULL) == SQLITE_OK)
            for (i = 0; !w->rc && sqlite3_step(st) == SQLITE_ROW; i++) {
                raw(w, i ? ", " : "");
                text(w, sb_rq_text(st, 0), 64);
                rawf(w, " %lld", (long long)sqlite3_column_int64(st, 1));
            }
        raw(w, ").\n");
        sqlite3_finalize(st);
    }
    raw(w, "\n");
}

/* ---- assembly under the cap ---------------------------------------- */

/* The parts live in an SB_ARRAY_GROW array; 'w->o' points at the
 * newest part's text, and only part_new moves the array. A report has
 * a few parts per finding, bounded by the rows the rules return. */
struct parts {
    struct part *p;
    size_t n, alloc;
};

static struct part *part_new(struct parts *ps, struct mw *w, enum tier t,
                             int section)
{
    struct part np;

    if (w->rc)
        return NULL;
    memset(&np, 0, sizeof np);
    np.tier = t;
    np.section = section;
    sb_buf_init(&np.text, SB_BUF_UNLIMITED);
    w->rc = SB_ARRAY_GROW(ps->p, ps->n + 1, ps->alloc, SB_ARRAY_MAX);
    if (w->rc)
        return NULL;
    ps->p[ps->n++] = np;
    w->o = &ps->p[ps->n - 1].text;
    return &ps->p[ps->n - 1];
}

static void parts_free(struct parts *ps)
{
    size_t i;

    for (i = 0; i < ps->n; i++)
        sb_buf_release(&ps->p[i].text);
    sb_free(ps->p);
    ps->p = NULL;
    ps->n = ps->alloc = 0;
}

static const enum tier row_tier[SB_RSEV_N] = {
    T_ROW_CRIT, T_ROW_WARN, T_ROW_INFO
};
static const enum tier ev_tier[SB_RSEV_N] = {
    T_EV_CRIT, T_EV_WARN, T_EV_INFO
};

static void build_parts(struct mw *w, struct parts *ps)
{
    const struct sb_rmodel *m = w->m;
    size_t i;

    if (part_new(ps, w, T_HEAD, S_HEAD)) {
        head(w);
        incidents(w);
        changes(w);
        summary(w);
    }
    for (i = 0; i < m->nf; i++) {
        const struct sb_rfinding *f = &m->f[m->order[i]];

        if (part_new(ps, w, row_tier[f->sev], S_TABLE))
            table_row(w, f);
        if (part_new(ps, w, ev_tier[f->sev], S_EVIDENCE))
            evidence(w, f);
    }
    if (part_new(ps, w, T_TIMELINE, S_TIMELINE))
        timeline(w);
    if (part_new(ps, w, T_GAPS, S_GAPS))
        gaps(w);
}

/* Keeps parts tier by tier while they fit; the first part of a tier that
 * does not fit ends the keeping, so a less severe part is never kept in
 * place of a more severe one. */
static void choose(struct parts *ps, size_t budget)
{
    size_t used = 0, i;
    int t;

    for (t = 0; t < T_N; t++) {
        for (i = 0; i < ps->n; i++) {
            if ((int)ps->p[i].tier != t)
                continue;
            if (t != T_HEAD && used + ps->p[i].text.len > budget)
                return;
            ps->p[i].kept = 1;
            used += ps->p[i].text.len;
        }
    }
}

static void cut_note(struct mw *w, const struct parts *ps, size_t max)
{
    static const char *what[T_N] = {
        NULL, "table rows of critical findings",
        "evidence of critical findings", "the collection gaps",
        "table rows of warning findings", "the timeline",
        "evidence of warning findings", "table rows of info findings",
        "evidence of info findings"
    };
    size_t cut[T_N] = { 0 }, i, any = 0;
    int t;

    for (i = 0; i < ps->n; i++)
        if (!ps->p[i].kept && ps->p[i].text.len) {
            cut[ps->p[i].tier]++;
            any++;
        }
    if (!any)
        return;
    rawf(w, "> **Cut to fit %zu bytes**, least severe first: ", max);
    for (t = T_N - 1, i = 0; t > 0; t--) {
        if (!cut[t])
            continue;
        rawf(w, "%s%s", i++ ? "; " : "", what[t]);
        if (t != T_GAPS && t != T_TIMELINE)
            rawf(w, " (%zu)", cut[t]);
    }
    raw(w, ". The HTML and JSON reports have everything.\n\n");
}

static void assemble(struct mw *w, const struct parts *ps, size_t max,
                     struct sb_buf *out)
{
    size_t i, rows = 0;
    int s;

    w->o = out;
    for (s = 0; s < S_N; s++) {
        if (s == S_TABLE) {
            for (i = 0; i < ps->n; i++)
                rows += ps->p[i].kept && ps->p[i].section == S_TABLE;
            cut_note(w, ps, max);
            if (rows)
                raw(w, "## Findings\n\n| ID | Severity | Rule | Subject | "
                    "Summary | Root cause |\n|---|---|---|---|---|---|\n");
        }
        if (s == S_EVIDENCE && rows)
            raw(w, "\n## Evidence\n\n");
        for (i = 0; !w->rc && i < ps->n; i++)
            if (ps->p[i].kept && ps->p[i].section == s &&
                ps->p[i].text.len)
                w->rc = sb_buf_add(out, ps->p[i].text.data,
                                   ps->p[i].text.len);
    }
}

/* The GPU fleet's verdicts (sb_gpufleet.h), last, when they fit in
 * 'room' bytes: the findings come first within the size cap. */
static int gpu_fleet(sqlite3 *db, struct sb_buf *out, size_t room,
                     struct sb_err *err)
{
    struct sb_gpufleet f = SB_GPUFLEET_INIT;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    int rc = sb_gpufleet_load(db, &f, err);

    if (!rc)
        rc = sb_gpufleet_md(&f, &b);
    if (!rc && b.len && b.len <= room)
        rc = sb_buf_add(out, b.data, b.len);
    if (rc && !err->code)
        sb_err_set(err, rc, "%s: %s", NOMEM, sb_err_str(rc));
    sb_gpufleet_release(&f);
    sb_buf_release(&b);
    return rc;
}

int sb_render_md(sqlite3 *db, const struct sb_rmodel *m,
                 const struct sb_render_opts *opts, struct sb_buf *out,
                 struct sb_err *err)
{
    struct mw w = { NULL, db, m, 0 };
    struct parts ps = { NULL, 0, 0 };
    size_t max = opts->md_max_bytes ? opts->md_max_bytes :
                 SB_RENDER_MD_MAX_DEFAULT;
    size_t start = out->len;
    static const char tail[] = "\n\n_(report truncated to fit)_\n";

    build_parts(&w, &ps);
    if (!w.rc) {
        choose(&ps, max > NOTE_RESERVE + 512 ? max - NOTE_RESERVE - 512 :
                                               0);
        assemble(&w, &ps, max, out);
    }
    if (!w.rc && gpu_fleet(db, out, max > out->len - start ?
                           max - (out->len - start) : 0, err)) {
        parts_free(&ps);
        return err->code;
    }
    /* the header alone can pass a tiny cap: cut it at a line */
    if (!w.rc && out->len - start > max) {
        size_t keep = max > sizeof tail ? max - sizeof tail : 0;

        while (keep > 0 && out->data[start + keep] != '\n')
            keep--;
        sb_buf_truncate(out, start + keep);
        if (out->len - start + sizeof tail - 1 <= max)
            w.rc = sb_buf_adds(out, tail);
    }
    parts_free(&ps);
    if (w.rc)
        return sb_err_set(err, w.rc, "%s: %s", NOMEM, sb_err_str(w.rc));
    return 0;
}
