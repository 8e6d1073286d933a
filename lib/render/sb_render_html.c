/*
 * One file (about 1,400 lines) on purpose: the sections below (head,
 * findings, timeline, GPU fleet, nodes and workloads, collection) write
 * one document through one writer (struct hw) whose escaping is the
 * report's safety. Every byte of the page is written here, so a review
 * for "can bundle text become markup" reads one file.
 */
/*
 * The report as one self-contained HTML file: CSS inline, an inline SVG
 * timeline, system fonts, no script at all, and a Content-Security-Policy
 * that would block one anyway. Every string from the bundle goes through
 * sb_html_* escaping: a hostile bundle is data, never markup.
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_embed.h"
#include "sb_gpufleet.h"
#include "sb_html.h"
#include "sb_render_int.h"
#include "sb_time.h"

#define NOMEM "out of memory rendering the HTML report"
#define EV_MAX 25           /* evidence items shown per finding */
#define AFF_MAX 40          /* blast-radius subjects listed per root */
#define TL_BEFORE 10        /* timeline rows shown before the first
                               critical event, and after it */
#define TL_AFTER 30
#define TL_FULL_MAX 2000    /* rows in the collapsed full timeline */
#define LIST_MAX 1000       /* rows in any other collapsed table */

/* The writer: errors are sticky, so sections read as straight-line code
 * and the first failure is what the caller sees. */
struct hw {
    struct sb_buf *o;
    sqlite3 *db;
    const struct sb_rmodel *m;
    struct sb_err *err;
    int rc;
};

static void raw(struct hw *w, const char *s)
{
    if (!w->rc)
        w->rc = sb_buf_adds(w->o, s);
}

static void rawf(struct hw *w, const char *fmt, ...) SB_PRINTF(2, 3);
static void rawf(struct hw *w, const char *fmt, ...)
{
    va_list ap;

    if (w->rc)
        return;
    va_start(ap, fmt);
    w->rc = sb_buf_vaddf(w->o, fmt, ap);
    va_end(ap);
}

/* Escaped text, or the (trusted) fallback markup when 's' is NULL. */
static void esc(struct hw *w, const char *s, const char *fallback)
{
    if (w->rc)
        return;
    if (s)
        w->rc = sb_html_texts(w->o, s);
    else if (fallback)
        w->rc = sb_buf_adds(w->o, fallback);
}

static void attr(struct hw *w, const char *s)
{
    if (!w->rc)
        w->rc = sb_html_attr(w->o, s);
}

static void anchor_id(struct hw *w, const char *s)
{
    if (!w->rc)
        w->rc = sb_html_id(w->o, s);
}

static void time_cell(struct hw *w, const char *t)
{
    char s[SB_TIME_MAX];

    if (!t) {
        raw(w, "<span class=\"empty\">-</span>");
        return;
    }
    raw(w, "<time datetime=\"");
    attr(w, t);
    raw(w, "\">");
    sb_rtime_short(t, s);
    esc(w, s[0] ? s : t, NULL);
    raw(w, "</time>");
}

static void subject(struct hw *w, const char *kind, const char *ns,
                    const char *name)
{
    struct sb_buf s = SB_BUF_INIT(SB_BUF_UNLIMITED);

    if (!w->rc && sb_rsubject(&s, kind, ns, name))
        w->rc = SB_E_NOMEM;
    esc(w, s.len ? sb_buf_str(&s) : NULL, "-");
    sb_buf_release(&s);
}

/* A bundle path, as text: the report usually sits next to a tar.gz,
 * where a link could not resolve. */
static void bundle_path(struct hw *w, const char *path)
{
    if (!path)
        return;
    raw(w, "<code class=\"path\">");
    esc(w, path, NULL);
    raw(w, "</code>");
}

static void finding_link(struct hw *w, const char *id)
{
    const struct sb_rfinding *f = sb_rmodel_find(w->m, id);

    raw(w, "<a href=\"#f-");
    anchor_id(w, id);
    raw(w, "\">");
    esc(w, id, NULL);
    if (f) {
        raw(w, ": ");
        esc(w, f->title, NULL);
    }
    raw(w, "</a>");
}

/* Prepares a query; a table an older schema lacks leaves a note instead
 * of failing the whole report. Returns NULL when the section is skipped. */
static sqlite3_stmt *query(struct hw *w, const char *sql)
{
    sqlite3_stmt *st = NULL;

    if (w->rc)
        return NULL;
    if (sqlite3_prepare_v2(w->db, sql, -1, &st, NULL) != SQLITE_OK) {
        raw(w, "<p class=\"empty\">not available: ");
        esc(w, sqlite3_errmsg(w->db), NULL);
        raw(w, "</p>");
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

static void col_text(struct hw *w, sqlite3_stmt *st, int i)
{
    esc(w, sb_rq_text(st, i), "<span class=\"empty\">-</span>");
}

static void col_num(struct hw *w, sqlite3_stmt *st, int i, const char *fmt)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL) {
        raw(w, "<span class=\"empty\">-</span>");
        return;
    }
    rawf(w, fmt, sqlite3_column_double(st, i));
}

/* ---- head and header ---------------------------------------------- */

static void head(struct hw *w)
{
    const struct sb_embed_file *css = sb_embed_find("reports/templates/"
                                                    "report.css");
    const struct sb_rbundle *b = w->m->primary;

    raw(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
        "<meta charset=\"utf-8\">\n"
        /* no script may run and nothing may be fetched: the report is
           read offline, and the bundle's strings are hostile input */
        "<meta http-equiv=\"Content-Security-Policy\" content=\""
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n<title>sbundle report: ");
    esc(w, b ? b->cluster : NULL, "unknown cluster");
    raw(w, "</title>\n<style>\n");
    raw(w, css ? css->data : "");
    raw(w, "</style>\n</head>\n<body>\n");
}

static void header_facts(struct hw *w, const struct sb_rbundle *b)
{
    int64_t s0, s1;
    char age[32];
    long long gaps = sb_rq_count(w->db, "SELECT count(*) FROM "
                                 "collection_errors");

    raw(w, "<dl>\n<div><dt>Kubernetes</dt><dd>");
    esc(w, b ? b->k8s_version : NULL, "unknown");
    raw(w, "</dd></div>\n<div><dt>Collected</dt><dd>");
    time_cell(w, b ? b->start : NULL);
    if (b && b->end && b->start && sb_time_parse(b->start, &s0, NULL) &&
        sb_time_parse(b->end, &s1, NULL) && s1 >= s0)
        rawf(w, " (took %s)", sb_time_age(s1 - s0, age));
    raw(w, " UTC</dd></div>\n<div><dt>Completeness</dt><dd>");
    if (!b || b->complete < 0)
        raw(w, "unknown");
    else if (b->complete)
        raw(w, "<span class=\"complete\">complete</span>");
    else
        raw(w, "<span class=\"incomplete\">incomplete</span>");
    if (gaps > 0)
        rawf(w, " &middot; <a href=\"#collection\">%lld gap%s</a>", gaps,
             gaps == 1 ? "" : "s");
    raw(w, "</dd></div>\n<div><dt>Bundle</dt><dd><code>");
    esc(w, b ? b->path : NULL, "-");
    raw(w, "</code>");
    if (w->m->nbundles > 1)
        rawf(w, " + %zu more", w->m->nbundles - 1);
    raw(w, "</dd></div>\n</dl>\n");
}

static void chip(struct hw *w, const char *cls, long long n,
                 const char *one, const char *many)
{
    if (n < 0)
        return;
    rawf(w, "<span class=\"chip%s%s\">%lld %s</span>", cls ? " " : "",
         cls ? cls : "", n, n == 1 ? one : many);
}

static void header(struct hw *w)
{
    const struct sb_rbundle *b = w->m->primary;
    int s;

    raw(w, "<header class=\"top\">\n<h1>Incident report: ");
    esc(w, b ? b->cluster : NULL, "unknown cluster");
    raw(w, "</h1>\n<div class=\"sub\">");
    esc(w, b ? b->server : NULL, "server unknown");
    raw(w, " &middot; ");
    esc(w, b ? b->format : NULL, "no bundle");
    raw(w, " bundle, collected by sbundle ");
    esc(w, b ? b->tool_version : NULL, "?");
    raw(w, "</div>\n");
    header_facts(w, b);
    raw(w, "<div class=\"chips\">");
    for (s = 0; s < SB_RSEV_N; s++)
        chip(w, sb_rsev_name((enum sb_rsev)s), (long long)w->m->nsev[s],
             sb_rsev_name((enum sb_rsev)s), sb_rsev_name((enum sb_rsev)s));
    chip(w, NULL, sb_rq_count(w->db, "SELECT count(*) FROM nodes"),
         "node", "nodes");
    chip(w, NULL, sb_rq_count(w->db, "SELECT count(*) FROM pods"),
         "pod", "pods");
    chip(w, NULL, sb_rq_count(w->db, "SELECT count(*) FROM gpus"),
         "GPU", "GPUs");
    chip(w, NULL, sb_rq_count(w->db, "SELECT count(*) FROM events"),
         "event", "events");
    chip(w, NULL, sb_rq_count(w->db, SB_RQ_LOG_LINES),
         "log line", "log lines");
    raw(w, "</div>\n</header>\n<nav><a href=\"#incidents\">Incidents</a>"
        "<a href=\"#summary\">Summary</a>"
        "<a href=\"#findings\">Findings</a><a href=\"#timeline\">Timeline"
        "</a><a href=\"#gpus\">GPU fleet</a><a href=\"#nodes\">Nodes</a>"
        "<a href=\"#workloads\">Workloads</a><a href=\"#collection\">"
        "Collection</a></nav>\n");
}

/* ---- findings ------------------------------------------------------ */

static void finding_subject(struct hw *w, const struct sb_rfinding *f)
{
    raw(w, "<p class=\"meta\">");
    subject(w, f->kind, f->ns, f->name);
    if (f->container) {
        raw(w, " &middot; container <code>");
        esc(w, f->container, NULL);
        raw(w, "</code>");
    }
    if (f->node && !(f->kind && !strcmp(f->kind, "Node"))) {
        raw(w, " &middot; node <code>");
        esc(w, f->node, NULL);
        raw(w, "</code>");
    }
    if (f->first_seen) {
        raw(w, " &middot; first ");
        time_cell(w, f->first_seen);
    }
    if (f->last_seen && (!f->first_seen ||
                         strcmp(f->last_seen, f->first_seen))) {
        raw(w, " &middot; last ");
        time_cell(w, f->last_seen);
    }
    raw(w, "</p>\n");
}

static void blast_radius(struct hw *w, const struct sb_rfinding *f)
{
    size_t i;

    if (!f->naff)
        return;
    rawf(w, "<p><b>Blast radius:</b> %zu affected</p>\n<ul class=\"blast\">",
         f->naff);
    for (i = 0; i < f->naff && i < AFF_MAX; i++) {
        raw(w, "<li>");
        subject(w, f->aff[i].kind, f->aff[i].ns, f->aff[i].name);
        if (f->aff[i].finding) {
            raw(w, " &rarr; ");
            finding_link(w, f->aff[i].finding);
        }
        raw(w, "</li>");
    }
    if (f->naff > AFF_MAX)
        rawf(w, "<li>and %zu more (see the JSON report)</li>",
             f->naff - AFF_MAX);
    raw(w, "</ul>\n");
}

/* A quoted log line among its context, the quoted line in <mark>. */
static void context(struct hw *w, const struct sb_rev *e)
{
    struct sb_buf line = SB_BUF_INIT(SB_BUF_UNLIMITED);
    const char *p, *nl;
    int i, match = sb_rev_match(e);

    for (p = e->context, i = 0; !w->rc && p; i++) {
        nl = strchr(p, '\n');
        sb_buf_reset(&line);
        if (sb_buf_add(&line, p, nl ? (size_t)(nl - p) : strlen(p))) {
            w->rc = SB_E_NOMEM;
            break;
        }
        raw(w, i == match ? "<mark>" : "");
        esc(w, sb_buf_str(&line), NULL);
        raw(w, i == match ? "</mark>" : "");
        raw(w, nl ? "\n" : "");
        p = nl ? nl + 1 : NULL;
    }
    sb_buf_release(&line);
}

static void evidence(struct hw *w, const struct sb_rfinding *f)
{
    size_t i;

    if (!f->nev)
        return;
    rawf(w, "<details%s><summary>Evidence (%zu)</summary>\n<ul class=\"ev\">",
         f->sev == SB_RSEV_CRITICAL ? " open" : "", f->nev);
    for (i = 0; i < f->nev && i < EV_MAX; i++) {
        raw(w, "<li><span class=\"src\">");
        esc(w, f->ev[i].source, NULL);
        raw(w, "</span> ");
        if (f->ev[i].time)
            time_cell(w, f->ev[i].time);
        raw(w, " ");
        bundle_path(w, f->ev[i].file);
        raw(w, "<pre>");
        if (sb_rev_match(&f->ev[i]) >= 0)
            context(w, &f->ev[i]);
        else
            esc(w, f->ev[i].text, NULL);
        raw(w, "</pre></li>\n");
    }
    if (f->nev > EV_MAX)
        rawf(w, "<li class=\"empty\">%zu more items in the JSON report</li>",
             f->nev - EV_MAX);
    raw(w, "</ul></details>\n");
}

static void finding_card(struct hw *w, const struct sb_rfinding *f,
                         int in_summary)
{
    const char *sev = sb_rsev_name(f->sev);

    rawf(w, "<article class=\"card %s\"", sev);
    if (!in_summary) {
        raw(w, " id=\"f-");
        anchor_id(w, f->id);
        raw(w, "\"");
    }
    rawf(w, ">\n<span class=\"badge %s\">%s</span> <h4>", sev, sev);
    esc(w, f->title, NULL);
    raw(w, "</h4><span class=\"fid\">");
    if (in_summary) {
        raw(w, "<a href=\"#f-");
        anchor_id(w, f->id);
        raw(w, "\">");
    }
    esc(w, f->id, NULL);
    if (in_summary)
        raw(w, "</a>");
    raw(w, " &middot; ");
    esc(w, f->rule, NULL);
    raw(w, "</span>\n");
    finding_subject(w, f);
    raw(w, "<p>");
    esc(w, f->summary, NULL);
    raw(w, "</p>\n");
    if (f->root_cause) {
        raw(w, "<p><b>Explained by</b> ");
        finding_link(w, f->root_cause);
        raw(w, "</p>\n");
    }
    blast_radius(w, f);
    if (!in_summary) {
        evidence(w, f);
        if (f->remediation) {
            raw(w, "<p class=\"remedy\"><b>Remedy:</b> ");
            esc(w, f->remediation, NULL);
            raw(w, "</p>\n");
        }
    }
    raw(w, "</article>\n");
}

/* One incident card: headline, the story, its findings in story order
 * with the reason each is linked. */
static void incident(struct hw *w, sqlite3_stmt *inc, sqlite3_stmt *mem)
{
    const char *sev = sb_rq_text(inc, 2);

    raw(w, "<article class=\"card ");
    attr(w, sev ? sev : "info");
    raw(w, "\" id=\"i-");
    anchor_id(w, sb_rq_text(inc, 0));
    raw(w, "\">\n<h3>");
    col_text(w, inc, 0);
    raw(w, " &middot; <span class=\"sev\">");
    col_text(w, inc, 2);
    rawf(w, "</span> &middot; %lld subject%s, %lld pod%s &middot; started ",
         (long long)sqlite3_column_int64(inc, 4),
         sqlite3_column_int64(inc, 4) == 1 ? "" : "s",
         (long long)sqlite3_column_int64(inc, 5),
         sqlite3_column_int64(inc, 5) == 1 ? "" : "s");
    time_cell(w, sb_rq_text(inc, 3));
    raw(w, "</h3>\n<p class=\"narrative\">");
    col_text(w, inc, 7);
    raw(w, "</p>\n<ol class=\"blast\">\n");
    sqlite3_reset(mem);
    sqlite3_bind_text(mem, 1, sb_rq_text(inc, 0), -1, SQLITE_TRANSIENT);
    while (!w->rc && sqlite3_step(mem) == SQLITE_ROW) {
        raw(w, "<li>");
        finding_link(w, sb_rq_text(mem, 0));
        raw(w, " on ");
        subject(w, sb_rq_text(mem, 6), sb_rq_text(mem, 7),
                sb_rq_text(mem, 8));
        if (sb_rq_text(mem, 2)) {
            raw(w, ": ");
            col_text(w, mem, 2);
        } else {
            raw(w, " (root)");
        }
        raw(w, "</li>\n");
    }
    raw(w, "</ol>\n</article>\n");
}

/* The --since/--until window, when the report is scoped to one. */
static void window(struct hw *w)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(w->db, SB_RQ_WINDOW, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        raw(w, "<p class=\"window\" id=\"window\"><strong>Time window:"
            "</strong> findings, evidence and timeline from ");
        time_cell(w, sb_rq_text(st, 0));
        raw(w, " to ");
        time_cell(w, sb_rq_text(st, 1));
        raw(w, " (<code>");
        esc(w, sb_rq_text(st, 2), "-");
        raw(w, "</code> .. <code>");
        esc(w, sb_rq_text(st, 3), "-");
        raw(w, "</code>); what happened outside it is left out.</p>\n");
    }
    sqlite3_finalize(st);
}

/* The report opens with the incidents, worst first. */
static void incidents(struct hw *w)
{
    sqlite3_stmt *st, *mem;
    int n = 0;

    raw(w, "<section id=\"incidents\">\n<h2>Incidents</h2>\n");
    window(w);
    st = query(w, SB_RQ_INCIDENTS);
    mem = st ? query(w, SB_RQ_INCIDENT_MEMBERS) : NULL;
    if (st && mem) {
        raw(w, "<p>Each incident is a root cause with everything it took "
            "down, worst first.</p>\n");
        while (!w->rc && sqlite3_step(st) == SQLITE_ROW) {
            incident(w, st, mem);
            n++;
        }
        if (!n)
            raw(w, "<p class=\"ok-text\">No incidents: no warning or "
                "critical finding.</p>\n");
    }
    sqlite3_finalize(st);
    sqlite3_finalize(mem);
    raw(w, "</section>\n");
}

/* analyze --baseline: what changed, the changes of new incidents first. */
static void changes(struct hw *w)
{
    sqlite3_stmt *st = NULL;
    int n = 0;

    if (sqlite3_prepare_v2(w->db, SB_RQ_BASELINE, -1, &st, NULL)
        != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return;
    }
    raw(w, "<section id=\"changes\">\n<h2>What changed</h2>\n<p>Since the "
        "baseline ");
    bundle_path(w, sb_rq_text(st, 0));
    raw(w, " (collected ");
    time_cell(w, sb_rq_text(st, 2));
    raw(w, "); what belongs to a new incident first.</p>\n");
    sqlite3_finalize(st);
    st = query(w, SB_RQ_CHANGES);
    if (st) {
        raw(w, "<table>\n<tr><th>Change</th><th>Subject</th><th>What</th>"
            "<th>When</th><th>Incident</th></tr>\n");
        while (!w->rc && sqlite3_step(st) == SQLITE_ROW && n++ < LIST_MAX) {
            raw(w, "<tr><td>");
            col_text(w, st, 0);
            raw(w, " ");
            col_text(w, st, 1);
            raw(w, "</td><td>");
            subject(w, sb_rq_text(st, 2), sb_rq_text(st, 3),
                    sb_rq_text(st, 4));
            raw(w, "</td><td>");
            col_text(w, st, 7);
            raw(w, "</td><td>");
            time_cell(w, sb_rq_text(st, 8));
            raw(w, "</td><td>");
            if (sb_rq_text(st, 9)) {
                raw(w, "<a href=\"#i-");
                anchor_id(w, sb_rq_text(st, 9));
                raw(w, "\">");
                col_text(w, st, 9);
                raw(w, "</a>");
            } else {
                raw(w, "<span class=\"empty\">-</span>");
            }
            raw(w, "</td></tr>\n");
        }
        raw(w, "</table>\n");
    }
    sqlite3_finalize(st);
    raw(w, "</section>\n");
}

static void summary(struct hw *w)
{
    const struct sb_rmodel *m = w->m;
    size_t i, roots = 0, explained = 0, pass;

    raw(w, "<section id=\"summary\">\n<h2>Incident summary</h2>\n");
    for (i = 0; i < m->nf; i++)
        if (m->f[i].root_cause)
            explained++;
    if (!m->nsev[SB_RSEV_CRITICAL] && !m->nsev[SB_RSEV_WARNING]) {
        raw(w, "<p class=\"ok-text\">No critical or warning findings: "
            "nothing in this bundle points at a fault.</p>\n");
        raw(w, "</section>\n");
        return;
    }
    rawf(w, "<p>%zu critical and %zu warning findings. Root causes come "
         "first, each with the objects it took down", m->nsev[0],
         m->nsev[1]);
    if (explained)
        rawf(w, "; %zu findings are explained by a root cause", explained);
    raw(w, ".</p>\n");
    /* roots with a blast radius first, then the other unexplained ones */
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < m->nf; i++) {
            const struct sb_rfinding *f = &m->f[m->order[i]];

            if (f->root_cause || f->sev == SB_RSEV_INFO ||
                (pass == 0) != (f->naff > 0))
                continue;
            finding_card(w, f, 1);
            roots++;
        }
    }
    if (!roots)
        raw(w, "<p class=\"empty\">Every finding is explained by another."
            "</p>\n");
    raw(w, "</section>\n");
}

static void findings(struct hw *w)
{
    const struct sb_rmodel *m = w->m;
    size_t i;
    int s;

    raw(w, "<section id=\"findings\">\n<h2>Findings</h2>\n");
    if (!m->nf)
        raw(w, "<p class=\"empty\">No findings.</p>\n");
    for (s = 0; s < SB_RSEV_N; s++) {
        if (!m->nsev[s])
            continue;
        /* info findings are context, not the incident: collapsed */
        if (s == SB_RSEV_INFO)
            rawf(w, "<details><summary>Info (%zu)</summary>\n", m->nsev[s]);
        else
            rawf(w, "<h3>%s (%zu)</h3>\n", s == SB_RSEV_CRITICAL ?
                 "Critical" : "Warning", m->nsev[s]);
        for (i = 0; i < m->nf; i++)
            if ((int)m->f[m->order[i]].sev == s)
                finding_card(w, &m->f[m->order[i]], 0);
        if (s == SB_RSEV_INFO)
            raw(w, "</details>\n");
    }
    raw(w, "</section>\n");
}

/* ---- timeline ------------------------------------------------------ */

#define SVG_W 1300
#define SVG_LEFT 110
#define SVG_RIGHT 20
#define SVG_LANE 26
#define SVG_TOP 16

static const char *lanes[] = { "kernel", "event", "termination", "log",
                               "finding", "other" };
#define NLANES (sizeof lanes / sizeof lanes[0])

static size_t lane_of(const char *source)
{
    size_t i;

    for (i = 0; source && i + 1 < NLANES; i++)
        if (!strcmp(source, lanes[i]))
            return i;
    return NLANES - 1;
}

static const char *sev_color(const char *sev)
{
    if (sev && !strcmp(sev, "critical"))
        return "#b42318";
    if (sev && !strcmp(sev, "warning"))
        return "#d89a3c";
    return "#6f8fb5";
}

static void svg_axis(struct hw *w, int64_t t0, int64_t t1, int height)
{
    int plot = SVG_W - SVG_LEFT - SVG_RIGHT, i;
    char ts[SB_TIME_MAX];
    size_t l;

    for (l = 0; l < NLANES; l++) {
        int y = SVG_TOP + (int)l * SVG_LANE;

        rawf(w, "<text x=\"8\" y=\"%d\">%s</text>"
             "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
             "stroke=\"#eceff3\"/>\n", y + 14, lanes[l], SVG_LEFT, y + 10,
             SVG_W - SVG_RIGHT, y + 10);
    }
    for (i = 0; i <= 5; i++) {
        int x = SVG_LEFT + plot * i / 5;
        int64_t t = t0 + (t1 - t0) * i / 5;

        sb_time_format(t, -1, ts);
        rawf(w, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
             "stroke=\"#dde1e6\"/><text x=\"%d\" y=\"%d\" "
             "text-anchor=\"%s\">%.*s</text>\n", x, SVG_TOP, x,
             height - 22, x, height - 8,
             i == 0 ? "start" : i == 5 ? "end" : "middle",
             i == 0 ? 19 : 8, i == 0 ? ts : ts + 11);
    }
}

/* One dot per lane, pixel and severity at most: the chart stays small
 * however many events the bundle holds. */
static void svg_points(struct hw *w, int64_t t0, int64_t t1)
{
    unsigned char (*seen)[SVG_W][3] = sb_calloc(NLANES, sizeof *seen);
    int plot = SVG_W - SVG_LEFT - SVG_RIGHT;
    sqlite3_stmt *st;
    int64_t t;

    if (!seen) {
        w->rc = SB_E_NOMEM;
        return;
    }
    st = query(w, "SELECT time, source, severity, text FROM timeline "
               "ORDER BY time");
    while (st && !w->rc && sqlite3_step(st) == SQLITE_ROW) {
        const char *sev = sb_rq_text(st, 2);
        size_t l = lane_of(sb_rq_text(st, 1));
        int s = sev && !strcmp(sev, "critical") ? 0 :
                sev && !strcmp(sev, "warning") ? 1 : 2;
        int x, y;

        if (!sb_rq_text(st, 0) || !sb_time_parse(sb_rq_text(st, 0), &t,
                                                  NULL))
            continue;
        x = SVG_LEFT + (int)((t - t0) * plot / (t1 - t0));
        if (x < SVG_LEFT || x >= SVG_W || seen[l][x][s])
            continue;
        seen[l][x][s] = 1;
        y = SVG_TOP + (int)l * SVG_LANE + 10;
        rawf(w, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\" "
             "fill-opacity=\"0.8\"><title>", x, y, s == 0 ? 6 : 4,
             sev_color(sev));
        esc(w, sb_rq_text(st, 0), NULL);
        raw(w, " ");
        esc(w, sb_rq_text(st, 3), NULL);
        raw(w, "</title></circle>\n");
    }
    sqlite3_finalize(st);
    sb_free(seen);
}

static void svg_first_critical(struct hw *w, const char *first, int64_t t0,
                               int64_t t1, int height)
{
    int plot = SVG_W - SVG_LEFT - SVG_RIGHT, x;
    int64_t t;

    if (!first || !sb_time_parse(first, &t, NULL))
        return;
    x = SVG_LEFT + (int)((t - t0) * plot / (t1 - t0));
    rawf(w, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b42318\""
         " stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"11\" "
         "text-anchor=\"%s\" style=\"fill:#b42318\">first critical "
         "event</text>\n", x, SVG_TOP - 4, x, height - 22,
         x > SVG_W - 140 ? x - 4 : x + 4, x > SVG_W - 140 ? "end" : "start");
}

static void svg_chart(struct hw *w, const char *first_critical)
{
    sqlite3_stmt *st = query(w, "SELECT min(time), max(time) FROM timeline");
    int64_t t0 = 0, t1 = 0, tc, span;
    int ok = 0, cut = 0, height = SVG_TOP + (int)NLANES * SVG_LANE + 30;
    char ts[SB_TIME_MAX];

    if (st && sqlite3_step(st) == SQLITE_ROW && sb_rq_text(st, 0) &&
        sb_rq_text(st, 1))
        ok = sb_time_parse(sb_rq_text(st, 0), &t0, NULL) &&
             sb_time_parse(sb_rq_text(st, 1), &t1, NULL);
    sqlite3_finalize(st);
    if (!ok)
        return;
    /* zoom on the incident: hours of quiet history before it would
       squeeze it into a few pixels at the right */
    if (first_critical && sb_time_parse(first_critical, &tc, NULL) &&
        tc > t0 && tc <= t1) {
        span = t1 - tc > 600 ? t1 - tc : 600;
        if (tc - span > t0) {
            t0 = tc - span;
            cut = 1;
        }
    }
    if (t1 - t0 < 60) {     /* a burst: widen so dots do not pile up */
        t0 -= 30;
        t1 += 30;
    }
    if (cut) {
        raw(w, "<p class=\"meta\">The chart starts at ");
        sb_time_format(t0, -1, ts);
        time_cell(w, ts);
        raw(w, ", before the first critical event; the lists below have "
            "the earlier entries.</p>\n");
    }
    rawf(w, "<svg class=\"tl\" xmlns=\"http://www.w3.org/2000/svg\" "
         "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"timeline\">\n",
         SVG_W, height);
    svg_axis(w, t0, t1, height);
    svg_first_critical(w, first_critical, t0, t1, height);
    svg_points(w, t0, t1);
    raw(w, "</svg>\n");
}

static void timeline_row(struct hw *w, sqlite3_stmt *st, int mark)
{
    const char *sev = sb_rq_text(st, 2);
    const char *cls = mark ? "first" : sev && !strcmp(sev, "critical") ?
                      "bad" : sev && !strcmp(sev, "warning") ? "warn" : NULL;

    if (cls)
        rawf(w, "<tr class=\"%s\"><td class=\"mono\">", cls);
    else
        raw(w, "<tr><td class=\"mono\">");
    time_cell(w, sb_rq_text(st, 0));
    raw(w, "</td><td>");
    col_text(w, st, 1);
    raw(w, "</td><td>");
    subject(w, sb_rq_text(st, 3), sb_rq_text(st, 4), sb_rq_text(st, 5));
    if (sb_rq_text(st, 6) && !(sb_rq_text(st, 5) &&
                               !strcmp(sb_rq_text(st, 5), sb_rq_text(st, 6)))) {
        raw(w, " <span class=\"meta\">on ");
        esc(w, sb_rq_text(st, 6), NULL);
        raw(w, "</span>");
    }
    raw(w, "</td><td class=\"mono\">");
    col_text(w, st, 7);
    raw(w, "</td></tr>\n");
}

#define TL_HEAD "<table><tr><th style=\"width:150px\">Time (UTC)</th>" \
    "<th style=\"width:90px\">Source</th><th style=\"width:260px\">" \
    "Subject</th><th>What happened</th></tr>\n"
#define TL_SQL "SELECT time, source, severity, kind, namespace, name, " \
    "node, text, rowid FROM timeline ORDER BY time, rowid"

/* The rows around the first critical event (or the first rows when
 * nothing is critical), then the whole timeline collapsed; 'n' rows in
 * all. */
static void timeline_lists(struct hw *w, long long idx, long long n)
{
    sqlite3_stmt *st;
    long long i;

    st = query(w, TL_SQL);
    if (!st) {
        idx = -1;
        n = 0;
    }
    raw(w, TL_HEAD);
    /* the rows past the window are not read */
    for (i = 0; st && !w->rc && (idx >= 0 ? i <= idx + TL_AFTER :
                                            i <= TL_AFTER) &&
                sqlite3_step(st) == SQLITE_ROW; i++) {
        if (idx >= 0 && i < idx - TL_BEFORE)
            continue;
        timeline_row(w, st, i == idx);
    }
    raw(w, "</table>\n");
    if (st)
        sqlite3_reset(st);
    rawf(w, "<details><summary>Full timeline (%lld entries)</summary>\n",
         n);
    raw(w, TL_HEAD);
    for (i = 0; st && !w->rc && i < TL_FULL_MAX &&
                sqlite3_step(st) == SQLITE_ROW; i++)
        timeline_row(w, st, i == idx);
    raw(w, "</table>\n");
    if (n > TL_FULL_MAX)
        rawf(w, "<p class=\"empty\">%lld more entries in the JSON report"
             "</p>\n", n - TL_FULL_MAX);
    raw(w, "</details>\n");
    sqlite3_finalize(st);
}

static void timeline(struct hw *w)
{
    long long idx, n;
    char *first;

    raw(w, "<section id=\"timeline\">\n<h2>Timeline</h2>\n");
    n = sb_rq_count(w->db, "SELECT count(*) FROM timeline");
    if (n <= 0) {
        raw(w, "<p class=\"empty\">No timed events in this bundle.</p>\n"
            "</section>\n");
        return;
    }
    idx = sb_rq_first_critical(w->db, &first);
    svg_chart(w, first);
    if (first) {
        raw(w, "<p>Around the first critical event, ");
        time_cell(w, first);
        raw(w, " UTC:</p>\n");
    }
    timeline_lists(w, idx, n);
    raw(w, "</section>\n");
    sb_free(first);
}

/* ---- GPU fleet ----------------------------------------------------- */

/* "00000000:3B:00.0" and "0000:3b:00" name the same device: compare bus
 * and device, lowercased, without domain or function. */
static void pci_key(const char *pci, char out[16])
{
    const char *p = pci ? strchr(pci, ':') : NULL;
    size_t n = 0;

    out[0] = '\0';
    if (!p)
        return;
    for (p++; *p && *p != '.' && n < 15; p++)
        out[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    out[n] = '\0';
}

/* The Xid codes of one GPU with their counts. The kernel log is the
 * history; the exporter's "last Xid" is used only when no kernel line
 * names the GPU. Returns whether any was found. */
static int gpu_xids(struct hw *w, sqlite3_stmt *xs, const char *node,
                    const char *pci)
{
    char want[16], have[16];
    int codes[16], counts[16], n = 0, i, kernel_seen = 0, pass;

    pci_key(pci, want);
    for (pass = 0; pass < 2 && !n && want[0]; pass++) {
        sqlite3_reset(xs);
        sqlite3_bind_text(xs, 1, node, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(xs) == SQLITE_ROW) {
            int code = sqlite3_column_int(xs, 1);
            int exporter = sqlite3_column_int(xs, 3);

            pci_key(sb_rq_text(xs, 0), have);
            if (strcmp(want, have) || exporter != pass)
                continue;
            kernel_seen |= !exporter;
            for (i = 0; i < n && codes[i] != code; i++)
                ;
            if (i == n && n < 16) {
                codes[n] = code;
                counts[n++] = 0;
            }
            if (i < n)
                counts[i] += sqlite3_column_int(xs, 2);
        }
    }
    for (i = 0; i < n; i++)
        rawf(w, "%s<span class=\"bad-text\">%d</span>", i ? ", " : "",
             codes[i]);
    if (n && kernel_seen)
        rawf(w, " (%d&times; in the kernel log)", counts[0]);
    else if (n)
        raw(w, " (last Xid, exporter)");
    else
        raw(w, "<span class=\"ok-text\">none</span>");
    return n > 0;
}

static void gpu_row(struct hw *w, sqlite3_stmt *st, sqlite3_stmt *xs,
                    struct sb_buf *scratch)
{
    double temp = sqlite3_column_double(st, 4);
    int bad = sqlite3_column_int(st, 8) > 0 || sqlite3_column_int(st, 9) > 0;
    struct sb_buf *o = w->o;

    /* the Xid cell decides the row's colour: written aside first */
    sb_buf_reset(scratch);
    w->o = scratch;
    bad |= gpu_xids(w, xs, sb_rq_text(st, 0), sb_rq_text(st, 12));
    w->o = o;
    raw(w, bad ? "<tr class=\"bad\"><td class=\"nw\">" :
                 "<tr><td class=\"nw\">");
    col_text(w, st, 0);
    raw(w, "</td><td class=\"num\">");
    col_num(w, st, 1, "%.0f");
    raw(w, "</td><td>");
    col_text(w, st, 2);
    raw(w, "</td><td class=\"mono nw\">");
    col_text(w, st, 3);
    raw(w, temp >= 85 ? "</td><td class=\"num bad-text\">" :
                        "</td><td class=\"num\">");
    col_num(w, st, 4, "%.0f&nbsp;&deg;C");
    raw(w, "</td><td class=\"num\">");
    col_num(w, st, 5, "%.0f%%");
    raw(w, "</td><td class=\"num\">");
    col_num(w, st, 6, "%.0f");
    raw(w, " / ");
    col_num(w, st, 7, "%.0f MiB");
    raw(w, "</td><td class=\"num\">");
    col_num(w, st, 8, "%.0f");
    raw(w, " / ");
    col_num(w, st, 9, "%.0f");
    raw(w, "</td><td class=\"num\">");
    col_num(w, st, 10, "%.0f");
    raw(w, "</td><td>");
    col_text(w, st, 11);
    raw(w, "</td><td>");
    if (!w->rc)
        w->rc = sb_buf_add(w->o, scratch->data ? scratch->data : "",
                           scratch->len);
    raw(w, "</td></tr>\n");
}

static void gpu_table(struct hw *w)
{
    struct sb_buf scratch = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st, *xs;

    st = query(w, "SELECT node, gpu_index, product, pci_bus_id, "
               "temperature, utilization, memory_used, memory_total, "
               "ecc_volatile_uncorrected, ecc_aggregate_uncorrected, "
               "coalesce(retired_pages, 0) + "
               "coalesce(remapped_rows_pending, 0), throttle_reasons, "
               "pci_bus_id FROM gpus ORDER BY node, gpu_index");
    xs = query(w, "SELECT pci, code, count(*), coalesce(source, '') = "
               "'dcgm-exporter' FROM gpu_xids WHERE node = ?1 GROUP BY pci, "
               "code, 4 ORDER BY min(time)");
    if (!st || !xs)
        goto cleanup;
    raw(w, "<table><tr><th>Node</th><th>GPU</th><th>Model</th><th>PCI</th>"
        "<th>Temp</th><th>Util</th><th>Memory used / total</th>"
        "<th>ECC uncorrected (volatile / total)</th><th>Retired / pending"
        " rows</th><th>Throttle</th><th>Xid</th></tr>\n");
    while (!w->rc && sqlite3_step(st) == SQLITE_ROW)
        gpu_row(w, st, xs, &scratch);
    raw(w, "</table>\n");
cleanup:
    sqlite3_finalize(st);
    sqlite3_finalize(xs);
    sb_buf_release(&scratch);
}

/* Per GPU node: what Kubernetes can schedule against what the node has,
 * and the Xid history from the kernel log (the exporter keeps the last). */
static void gpu_nodes(struct hw *w)
{
    sqlite3_stmt *st;

    st = query(w, "SELECT n.name, n.gpu_product, r.capacity, r.allocatable,"
               " (SELECT count(*) FROM gpus g WHERE g.node = n.name), "
               /* the kernel log's history, else the exporter's last */
               " coalesce((SELECT group_concat('Xid ' || code || ' \u00d7' "
               "  || k || ' (first ' || coalesce(substr(f, 12, 8), '?') || "
               "  ', last ' || coalesce(substr(l, 12, 8), '?') || ')', '; ')"
               "  FROM (SELECT code, count(*) k, min(time) f, max(time) l "
               "  FROM gpu_xids x WHERE x.node = n.name AND coalesce("
               "  x.source, '') != 'dcgm-exporter' GROUP BY code)), "
               " (SELECT 'last Xid ' || group_concat(DISTINCT code) || "
               "  ' (exporter)' FROM gpu_xids x WHERE x.node = n.name)) "
               "FROM nodes n LEFT JOIN node_resources r ON r.node = n.name "
               "AND r.resource = 'nvidia.com/gpu' WHERE r.capacity > 0 OR "
               "n.gpu_product IS NOT NULL OR EXISTS (SELECT 1 FROM gpus g "
               "WHERE g.node = n.name) OR EXISTS (SELECT 1 FROM gpu_xids x "
               "WHERE x.node = n.name) ORDER BY n.name");
    if (!st)
        return;
    raw(w, "<table><tr><th>Node</th><th>Product</th><th>GPUs allocatable /"
        " capacity</th><th>GPUs reporting metrics</th><th>Xid events "
        "(kernel log)</th></tr>\n");
    while (!w->rc && sqlite3_step(st) == SQLITE_ROW) {
        int short_alloc = sqlite3_column_type(st, 2) != SQLITE_NULL &&
            sqlite3_column_double(st, 3) < sqlite3_column_double(st, 2);
        int xid = sb_rq_text(st, 5) != NULL;

        raw(w, short_alloc || xid ? "<tr class=\"bad\"><td>" : "<tr><td>");
        col_text(w, st, 0);
        raw(w, "</td><td>");
        col_text(w, st, 1);
        raw(w, "</td><td class=\"num\">");
        col_num(w, st, 3, "%.0f");
        raw(w, " / ");
        col_num(w, st, 2, "%.0f");
        rawf(w, "</td><td class=\"num\">%d</td><td class=\"mono\">",
             sqlite3_column_int(st, 4));
        esc(w, sb_rq_text(st, 5), "<span class=\"ok-text\">none</span>");
        raw(w, "</td></tr>\n");
    }
    raw(w, "</table>\n");
    sqlite3_finalize(st);
}

/* HEALTHY / DEGRADED / FAILED per node and per GPU (sb_gpufleet.h). */
static void gpu_verdicts(struct hw *w)
{
    struct sb_gpufleet f = SB_GPUFLEET_INIT;

    if (w->rc)
        return;
    w->rc = sb_gpufleet_load(w->db, &f, w->err);
    if (!w->rc)
        w->rc = sb_gpufleet_html(&f, w->o);
    sb_gpufleet_release(&f);
}

static void gpu_fleet(struct hw *w)
{
    raw(w, "<section id=\"gpus\">\n<h2>GPU fleet</h2>\n");
    if (sb_rq_count(w->db, "SELECT count(*) FROM gpus") <= 0 &&
        sb_rq_count(w->db, "SELECT count(*) FROM gpu_xids") <= 0 &&
        sb_rq_count(w->db, "SELECT count(*) FROM node_resources WHERE "
                    "resource = 'nvidia.com/gpu' AND capacity > 0") <= 0) {
        raw(w, "<p class=\"empty\">No GPUs in this bundle.</p>\n"
            "</section>\n");
        return;
    }
    gpu_verdicts(w);
    raw(w, "<h3>By node</h3>\n");
    gpu_nodes(w);
    raw(w, "<h3>By GPU</h3>\n");
    if (sb_rq_count(w->db, "SELECT count(*) FROM gpus") > 0)
        gpu_table(w);
    else
        raw(w, "<p class=\"empty\">No GPU metrics were collected.</p>\n");
    raw(w, "</section>\n");
}

/* ---- nodes and workloads ------------------------------------------- */

static void nodes(struct hw *w)
{
    sqlite3_stmt *st;

    raw(w, "<section id=\"nodes\">\n<h2>Nodes</h2>\n");
    st = query(w, "SELECT n.name, n.ready, n.roles, n.kubelet_version, "
               "n.instance_type, n.internal_ip, n.unschedulable, "
               "(SELECT group_concat(type, ', ') FROM node_conditions c "
               " WHERE c.node = n.name AND c.type != 'Ready' AND "
               " c.status = 'True'), "
               "(SELECT group_concat(key || coalesce('=' || value, '') || "
               " ':' || coalesce(effect, ''), ', ') FROM node_taints t "
               " WHERE t.node = n.name), n.ready_since "
               "FROM nodes n ORDER BY n.ready = 'True', n.name");
    if (st) {
        raw(w, "<table><tr><th>Node</th><th>Ready</th><th>Since</th>"
            "<th>Roles</th><th>Kubelet</th><th>Instance type</th>"
            "<th>Internal IP</th><th>Pressure</th><th>Taints</th></tr>\n");
        while (!w->rc && sqlite3_step(st) == SQLITE_ROW) {
            const char *ready = sb_rq_text(st, 1);
            int bad = !ready || strcmp(ready, "True") ||
                      sb_rq_text(st, 7);

            raw(w, bad ? "<tr class=\"bad\"><td>" : "<tr><td>");
            col_text(w, st, 0);
            if (sqlite3_column_int(st, 6))
                raw(w, " <span class=\"meta\">(cordoned)</span>");
            raw(w, "</td><td>");
            col_text(w, st, 1);
            raw(w, "</td><td>");
            time_cell(w, sb_rq_text(st, 9));
            raw(w, "</td><td>");
            col_text(w, st, 2);
            raw(w, "</td><td>");
            col_text(w, st, 3);
            raw(w, "</td><td>");
            col_text(w, st, 4);
            raw(w, "</td><td class=\"mono\">");
            col_text(w, st, 5);
            raw(w, "</td><td>");
            col_text(w, st, 7);
            raw(w, "</td><td class=\"mono\">");
            col_text(w, st, 8);
            raw(w, "</td></tr>\n");
        }
        raw(w, "</table>\n");
    }
    sqlite3_finalize(st);
    raw(w, "</section>\n");
}

static void workload_table(struct hw *w)
{
    sqlite3_stmt *st;
    int n = 0;

    /* ReplicaSets under a Deployment repeat its numbers: left out */
    st = query(w, "SELECT kind, namespace, name, desired, ready, available,"
               " updated, CASE kind WHEN 'Job' THEN coalesce(failed, 0) > 0 "
               "AND coalesce(succeeded, 0) < coalesce(desired, 1) "
               "WHEN 'CronJob' THEN 0 ELSE coalesce(ready, 0) < "
               "coalesce(desired, 0) END AS bad FROM workloads w WHERE NOT "
               "(kind = 'ReplicaSet' AND (coalesce(desired, 0) = 0 OR "
               "EXISTS (SELECT 1 FROM owners o WHERE o.kind = 'ReplicaSet' "
               "AND o.namespace = w.namespace AND o.name = w.name))) "
               "ORDER BY bad DESC, kind, namespace, name");
    if (!st)
        return;
    raw(w, "<table><tr><th>Kind</th><th>Namespace</th><th>Name</th>"
        "<th>Desired</th><th>Ready</th><th>Available</th><th>Up to date"
        "</th></tr>\n");
    while (!w->rc && n++ < LIST_MAX && sqlite3_step(st) == SQLITE_ROW) {
        raw(w, sqlite3_column_int(st, 7) ? "<tr class=\"bad\"><td>" :
                                           "<tr><td>");
        col_text(w, st, 0);
        raw(w, "</td><td>");
        col_text(w, st, 1);
        raw(w, "</td><td>");
        col_text(w, st, 2);
        raw(w, "</td><td class=\"num\">");
        col_num(w, st, 3, "%.0f");
        raw(w, "</td><td class=\"num\">");
        col_num(w, st, 4, "%.0f");
        raw(w, "</td><td class=\"num\">");
        col_num(w, st, 5, "%.0f");
        raw(w, "</td><td class=\"num\">");
        col_num(w, st, 6, "%.0f");
        raw(w, "</td></tr>\n");
    }
    raw(w, "</table>\n");
    sqlite3_finalize(st);
}

static void pod_row(struct hw *w, sqlite3_stmt *st)
{
    raw(w, sqlite3_column_int(st, 8) ? "<tr class=\"bad\"><td>" :
                                       "<tr><td>");
    col_text(w, st, 0);
    raw(w, "</td><td>");
    col_text(w, st, 1);
    raw(w, "</td><td>");
    col_text(w, st, 2);
    raw(w, "</td><td>");
    col_text(w, st, 3);
    rawf(w, "</td><td class=\"num\">%d/%d</td><td class=\"num\">%d</td>"
         "<td class=\"num\">", sqlite3_column_int(st, 4),
         sqlite3_column_int(st, 5), sqlite3_column_int(st, 6));
    col_num(w, st, 7, "%g");
    raw(w, "</td></tr>\n");
}

#define POD_HEAD "<table><tr><th>Namespace</th><th>Pod</th><th>Node</th>" \
    "<th>Status</th><th>Ready</th><th>Restarts</th><th>GPUs</th></tr>\n"
#define POD_BAD "(coalesce(status, phase, '') NOT IN ('Running', " \
    "'Completed', 'Succeeded') OR (phase = 'Running' AND " \
    "coalesce(ready, 0) = 0))"

static void pod_tables(struct hw *w)
{
    sqlite3_stmt *st;
    long long bad, total;
    int n = 0;

    bad = sb_rq_count(w->db, "SELECT count(*) FROM pods WHERE " POD_BAD);
    total = sb_rq_count(w->db, "SELECT count(*) FROM pods");
    st = query(w, "SELECT namespace, name, node, coalesce(status, phase), "
               "ready_containers, total_containers, restarts, gpu_request, "
               POD_BAD " AS bad FROM pods ORDER BY bad DESC, namespace, "
               "name");
    if (!st)
        return;
    rawf(w, "<h3>Pods not running and ready (%lld of %lld)</h3>\n",
         bad < 0 ? 0 : bad, total < 0 ? 0 : total);
    raw(w, POD_HEAD);
    while (!w->rc && sqlite3_step(st) == SQLITE_ROW &&
           sqlite3_column_int(st, 8) && n++ < LIST_MAX)
        pod_row(w, st);
    raw(w, "</table>\n");
    sqlite3_reset(st);
    rawf(w, "<details><summary>All pods (%lld)</summary>\n", total);
    raw(w, POD_HEAD);
    for (n = 0; !w->rc && n < LIST_MAX && sqlite3_step(st) == SQLITE_ROW;
         n++)
        pod_row(w, st);
    raw(w, "</table>\n</details>\n");
    sqlite3_finalize(st);
}

static void workloads(struct hw *w)
{
    raw(w, "<section id=\"workloads\">\n<h2>Workloads</h2>\n");
    workload_table(w);
    pod_tables(w);
    raw(w, "</section>\n");
}

/* ---- collection: gaps and redactions ------------------------------- */

static void gap_table(struct hw *w)
{
    sqlite3_stmt *st;
    long long n = sb_rq_count(w->db, "SELECT count(*) FROM "
                              "collection_errors");

    if (n <= 0) {
        raw(w, "<p class=\"ok-text\">The collector recorded no gaps.</p>\n");
        return;
    }
    st = query(w, "SELECT collector, target, status, error FROM "
               "collection_errors ORDER BY bundle_id, rowid");
    if (!st)
        return;
    rawf(w, "<p>%lld things could not be collected; the findings cannot "
         "cover them.</p>\n", n);
    raw(w, "<table><tr><th>Collector</th><th>Target</th><th>HTTP</th>"
        "<th>Error</th></tr>\n");
    n = 0;
    while (!w->rc && n++ < LIST_MAX && sqlite3_step(st) == SQLITE_ROW) {
        raw(w, "<tr><td>");
        col_text(w, st, 0);
        raw(w, "</td><td class=\"mono\">");
        col_text(w, st, 1);
        raw(w, "</td><td class=\"num\">");
        col_num(w, st, 2, "%.0f");
        raw(w, "</td><td>");
        col_text(w, st, 3);
        raw(w, "</td></tr>\n");
    }
    raw(w, "</table>\n");
    sqlite3_finalize(st);
}

static void load_problems(struct hw *w)
{
    sqlite3_stmt *st;
    long long n;

    n = sb_rq_count(w->db, "SELECT (SELECT count(*) FROM load_errors) + "
                    "(SELECT count(*) FROM files WHERE status != 'ok')");
    if (n <= 0)
        return;
    rawf(w, "<details><summary>Problems reading the bundle (%lld)</summary>"
         "\n<table><tr><th>File</th><th>Problem</th></tr>\n", n);
    st = query(w, "SELECT file, error FROM load_errors UNION ALL "
               "SELECT path, status || coalesce(': ' || error, '') FROM "
               "files WHERE status != 'ok' LIMIT 1000");
    while (st && !w->rc && sqlite3_step(st) == SQLITE_ROW) {
        raw(w, "<tr><td class=\"mono\">");
        col_text(w, st, 0);
        raw(w, "</td><td>");
        col_text(w, st, 1);
        raw(w, "</td></tr>\n");
    }
    sqlite3_finalize(st);
    raw(w, "</table>\n</details>\n");
}

static void redactions(struct hw *w)
{
    sqlite3_stmt *st;
    long long total = sb_rq_count(w->db, "SELECT coalesce(sum(count), 0) "
                                  "FROM redactions");

    raw(w, "<h3>Redacted</h3>\n");
    if (total <= 0) {
        raw(w, "<p class=\"empty\">Nothing was redacted (or the bundle does"
            " not say).</p>\n");
        return;
    }
    rawf(w, "<p>%lld values were replaced before the bundle was written; "
         "only their counts are kept.</p>\n<table style=\"width:auto\"><tr>"
         "<th>Rule</th><th>Values</th></tr>\n", total);
    st = query(w, "SELECT rule, sum(count) FROM redactions GROUP BY rule "
               "ORDER BY rule");
    while (st && !w->rc && sqlite3_step(st) == SQLITE_ROW) {
        raw(w, "<tr><td>");
        col_text(w, st, 0);
        rawf(w, "</td><td class=\"num\">%lld</td></tr>\n",
             (long long)sqlite3_column_int64(st, 1));
    }
    sqlite3_finalize(st);
    raw(w, "</table>\n");
}

static void collection(struct hw *w)
{
    raw(w, "<section id=\"collection\">\n<h2>What could not be collected"
        "</h2>\n");
    gap_table(w);
    load_problems(w);
    redactions(w);
    raw(w, "</section>\n");
}

int sb_render_html(sqlite3 *db, const struct sb_rmodel *m,
                   const struct sb_render_opts *opts, struct sb_buf *out,
                   struct sb_err *err)
{
    struct hw w = { out, db, m, err, 0 };

    (void)opts;

    head(&w);
    header(&w);
    incidents(&w);
    changes(&w);
    summary(&w);
    findings(&w);
    timeline(&w);
    gpu_fleet(&w);
    nodes(&w);
    workloads(&w);
    collection(&w);
    raw(&w, "<footer>Generated by sbundle " SB_VERSION " from ");
    rawf(&w, "%zu bundle%s. This file runs no script and loads nothing "
         "from the network.</footer>\n</body>\n</html>\n", m->nbundles,
         m->nbundles == 1 ? "" : "s");
    if (w.rc && err && !err->code)
        sb_err_set(err, w.rc, NOMEM);
    return w.rc;
}
