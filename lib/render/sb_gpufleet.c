#include "sb_gpufleet.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_embed.h"
#include "sb_html.h"
#include "sb_utf8.h"
#include "sb_xid.h"

/* Growth limits: a fleet of 100,000 GPUs is far past any cluster, and a
 * GPU's evidence is a handful of lines (the SQL groups repeats). */
#define GPUS_MAX 100000
#define EVIDENCE_MAX 256
#define NODES_MAX 1000000   /* nodes.sql rows; each GPU's node is one */

const char *sb_gpu_verdict_name(enum sb_gpu_verdict v)
{
    return v == SB_GPU_FAILED ? "FAILED" :
           v == SB_GPU_DEGRADED ? "DEGRADED" : "HEALTHY";
}

static enum sb_gpu_verdict verdict_of(const char *s)
{
    if (s && !strcmp(s, "FAILED"))
        return SB_GPU_FAILED;
    if (s && !strcmp(s, "DEGRADED"))
        return SB_GPU_DEGRADED;
    return SB_GPU_HEALTHY;
}

static void free_lines(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sb_free(v[i]);
    sb_free(v);
}

void sb_gpufleet_release(struct sb_gpufleet *f)
{
    for (size_t i = 0; f && i < f->ngpus; i++) {
        struct sb_gpu_row *g = &f->gpus[i];

        sb_free(g->node);
        sb_free(g->uuid);
        sb_free(g->pci);
        sb_free(g->model);
        sb_free(g->driver);
        sb_free(g->source);
        sb_free(g->action);
        sb_free(g->evidence_ids);
        free_lines(g->evidence, g->nevidence);
    }
    for (size_t i = 0; f && i < f->nnodes; i++) {
        sb_free(f->nodes[i].node);
        sb_free(f->nodes[i].action);
        free_lines(f->nodes[i].evidence, f->nodes[i].nevidence);
    }
    if (f) {
        sb_free(f->gpus);
        sb_free(f->nodes);
        *f = (struct sb_gpufleet)SB_GPUFLEET_INIT;
    }
}

/* Copies column 'i' (NULL stays NULL); sets '*oom' when a copy fails. */
static char *col(sqlite3_stmt *st, int i, bool *oom)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    char *c;

    if (!s)
        return NULL;
    c = sb_strdup(s);
    if (!c)
        *oom = true;
    return c;
}

/* Appends a copy of 's' to the array '*v' of '*n' lines ('*alloc'
 * allocated). */
static int add_line(char ***v, size_t *n, size_t *alloc, const char *s)
{
    int rc;

    if (*n >= EVIDENCE_MAX)
        return 0;       /* the rest would not help a reader */
    rc = SB_ARRAY_GROW(*v, *n + 1, *alloc, EVIDENCE_MAX);
    if (rc)
        return rc;
    (*v)[*n] = sb_strdup(s ? s : "");
    if (!(*v)[*n])
        return SB_E_NOMEM;
    (*n)++;
    return 0;
}

/* The evidence column: a JSON array of strings from the SQL. */
static int add_evidence(struct sb_gpu_row *g, const char *json)
{
    cJSON *a = json ? cJSON_Parse(json) : NULL, *e;
    int rc = 0;

    cJSON_ArrayForEach(e, a)
        if (!rc && cJSON_IsString(e))
            rc = add_line(&g->evidence, &g->nevidence, &g->evidence_alloc,
                          e->valuestring);
    cJSON_Delete(a);
    return rc;
}

static int prepare(sqlite3 *db, const char *name, sqlite3_stmt **st,
                   struct sb_err *err)
{
    const struct sb_embed_file *f = sb_embed_find(name);

    if (!f)
        return sb_err_set(err, SB_E_NOTFOUND, "cannot find '%s'", name);
    if (sqlite3_prepare_v2(db, f->data, (int)f->len, st, NULL) != SQLITE_OK)
        return sb_err_set(err, SB_E_DB, "cannot prepare '%s': %s", name,
                          sqlite3_errmsg(db));
    return 0;
}

static int load_gpus(sqlite3 *db, struct sb_gpufleet *f, struct sb_err *err)
{
    sqlite3_stmt *st = NULL;
    bool oom = false;
    int rc, s;

    rc = prepare(db, "reports/gpu/verdicts.sql", &st, err);
    while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
        struct sb_gpu_row *g;

        if (f->ngpus >= GPUS_MAX)
            break;
        if (SB_ARRAY_GROW(f->gpus, f->ngpus + 1, f->gpus_alloc, GPUS_MAX)) {
            oom = true;
            break;
        }
        g = &f->gpus[f->ngpus++];
        memset(g, 0, sizeof(*g));
        g->node = col(st, 0, &oom);
        g->gpu_index = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 :
                       sqlite3_column_int(st, 1);
        g->uuid = col(st, 2, &oom);
        g->pci = col(st, 3, &oom);
        g->model = col(st, 4, &oom);
        g->driver = col(st, 5, &oom);
        g->verdict = verdict_of((const char *)sqlite3_column_text(st, 6));
        g->action = col(st, 7, &oom);
        g->evidence_ids = col(st, 9, &oom);
        g->source = col(st, 10, &oom);
        if (add_evidence(g, (const char *)sqlite3_column_text(st, 8)))
            oom = true;
        if (oom)
            break;
    }
    if (!rc && oom)
        rc = sb_err_set(err, SB_E_NOMEM, "cannot hold the GPU verdicts");
    else if (!rc && s != SQLITE_DONE && s != SQLITE_ROW)
        rc = sb_err_set(err, SB_E_DB, "cannot compute the GPU verdicts: %s",
                        sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

static struct sb_gpu_node *node_of(struct sb_gpufleet *f, const char *name,
                                   bool *oom)
{
    struct sb_gpu_node *n;

    for (size_t i = 0; i < f->nnodes; i++)
        if (!strcmp(f->nodes[i].node, name))
            return &f->nodes[i];
    if (SB_ARRAY_GROW(f->nodes, f->nnodes + 1, f->nodes_alloc, NODES_MAX)) {
        *oom = true;
        return NULL;
    }
    n = &f->nodes[f->nnodes];
    memset(n, 0, sizeof(*n));
    n->node = sb_strdup(name);
    if (!n->node) {
        *oom = true;
        return NULL;
    }
    f->nnodes++;
    return n;
}

/* Raises 'n' to verdict 'v' with 'action' when 'v' is worse than what it
 * has (the first cause of the worst verdict names the action). */
static int raise_to(struct sb_gpu_node *n, enum sb_gpu_verdict v,
                    const char *action)
{
    char *a;

    if (v < n->verdict || (v == n->verdict && n->action))
        return 0;
    if (v == SB_GPU_HEALTHY)
        return 0;
    a = sb_strdup(action ? action : "");
    if (!a)
        return SB_E_NOMEM;
    sb_free(n->action);
    n->action = a;
    n->verdict = v;
    return 0;
}

/* Node-level evidence first, then each GPU's worst, so the node's action
 * is a node-level one when it is as bad as the worst GPU's. */
static int load_nodes(sqlite3 *db, struct sb_gpufleet *f, struct sb_err *err)
{
    sqlite3_stmt *st = NULL;
    struct sb_buf line = SB_BUF_INIT(4096);
    bool oom = false;
    int rc, s = SQLITE_DONE;

    rc = prepare(db, "reports/gpu/nodes.sql", &st, err);
    while (!rc && !oom && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        struct sb_gpu_node *n = name ? node_of(f, name, &oom) : NULL;
        int rank = sqlite3_column_int(st, 1);

        if (!n)
            continue;
        if (raise_to(n, rank >= 2 ? SB_GPU_FAILED : rank == 1 ?
                     SB_GPU_DEGRADED : SB_GPU_HEALTHY,
                     (const char *)sqlite3_column_text(st, 2)) ||
            add_line(&n->evidence, &n->nevidence, &n->evidence_alloc,
                     (const char *)sqlite3_column_text(st, 3)))
            oom = true;
    }
    if (!rc && !oom && s != SQLITE_DONE)
        rc = sb_err_set(err, SB_E_DB, "cannot compute the GPU node verdicts:"
                        " %s", sqlite3_errmsg(db));
    for (size_t i = 0; !rc && !oom && i < f->ngpus; i++) {
        const struct sb_gpu_row *g = &f->gpus[i];
        struct sb_gpu_node *n = node_of(f, g->node ? g->node : "", &oom);

        if (!n)
            break;
        n->gpus++;
        n->failed += g->verdict == SB_GPU_FAILED;
        n->degraded += g->verdict == SB_GPU_DEGRADED;
        if (g->verdict == SB_GPU_HEALTHY)
            continue;
        sb_buf_reset(&line);
        if (sb_buf_addf(&line, "GPU %s%s%s: %s: %s",
                        g->gpu_index >= 0 ? "" : "at ",
                        g->pci ? g->pci : "?",
                        g->gpu_index >= 0 ? "" : " (kernel log)",
                        sb_gpu_verdict_name(g->verdict),
                        g->nevidence ? g->evidence[0] : "") ||
            add_line(&n->evidence, &n->nevidence, &n->evidence_alloc,
                     sb_buf_str(&line)))
            oom = true;
        sb_buf_reset(&line);
        if (!oom && (sb_buf_addf(&line, "GPU %s: %s", g->pci ? g->pci : "?",
                                 g->action ? g->action : "") ||
                     raise_to(n, g->verdict, sb_buf_str(&line))))
            oom = true;
    }
    if (!rc && oom)
        rc = sb_err_set(err, SB_E_NOMEM, "cannot hold the GPU node verdicts");
    sqlite3_finalize(st);
    sb_buf_release(&line);
    return rc;
}

static int node_cmp(const void *a, const void *b)
{
    return strcmp(((const struct sb_gpu_node *)a)->node,
                  ((const struct sb_gpu_node *)b)->node);
}

int sb_gpufleet_load(sqlite3 *db, struct sb_gpufleet *f, struct sb_err *err)
{
    int rc = sb_xid_register_sql(db, err);

    if (!rc)
        rc = load_gpus(db, f, err);
    if (!rc)
        rc = load_nodes(db, f, err);
    if (!rc && f->nnodes > 1)
        qsort(f->nodes, f->nnodes, sizeof(*f->nodes), node_cmp);
    return rc;
}

/* ---- JSON ------------------------------------------------------------ */

static bool put(cJSON *o, const char *k, const char *v)
{
    return v ? cJSON_AddStringToObject(o, k, v) != NULL
             : cJSON_AddNullToObject(o, k) != NULL;
}

static bool put_lines(cJSON *o, const char *k, char **v, size_t n)
{
    cJSON *a = cJSON_AddArrayToObject(o, k);

    for (size_t i = 0; a && i < n; i++)
        if (!cJSON_AddItemToArray(a, cJSON_CreateString(v[i])))
            return false;
    return a != NULL;
}

/* "F003,F007" as an array of ids */
static bool put_ids(cJSON *o, const char *k, const char *ids)
{
    cJSON *a = cJSON_AddArrayToObject(o, k);
    const char *p = ids, *q;
    char id[64];

    while (a && p && *p) {
        q = strchr(p, ',');
        snprintf(id, sizeof(id), "%.*s", (int)(q ? q - p : (long)strlen(p)),
                 p);
        if (!cJSON_AddItemToArray(a, cJSON_CreateString(id)))
            return false;
        p = q ? q + 1 : NULL;
    }
    return a != NULL;
}

int sb_gpufleet_json(const struct sb_gpufleet *f, cJSON *root)
{
    cJSON *gpus = cJSON_AddArrayToObject(root, "gpus"), *nodes, *o;

    for (size_t i = 0; gpus && i < f->ngpus; i++) {
        const struct sb_gpu_row *g = &f->gpus[i];

        o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(gpus, o))
            return SB_E_NOMEM;
        if (!put(o, "node", g->node) || !put(o, "uuid", g->uuid) ||
            !put(o, "bus_id", g->pci) ||
            !(g->gpu_index >= 0 ? cJSON_AddNumberToObject(o, "index",
                                                          g->gpu_index)
                                : cJSON_AddNullToObject(o, "index")) ||
            !put(o, "model", g->model) || !put(o, "driver", g->driver) ||
            !put(o, "verdict", sb_gpu_verdict_name(g->verdict)) ||
            !put(o, "action", g->action) ||
            !put_lines(o, "evidence", g->evidence, g->nevidence) ||
            !put_ids(o, "evidence_ids", g->evidence_ids) ||
            !put(o, "source", g->source))
            return SB_E_NOMEM;
    }
    nodes = gpus ? cJSON_AddArrayToObject(root, "gpu_nodes") : NULL;
    for (size_t i = 0; nodes && i < f->nnodes; i++) {
        const struct sb_gpu_node *n = &f->nodes[i];

        o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(nodes, o))
            return SB_E_NOMEM;
        if (!put(o, "node", n->node) ||
            !put(o, "verdict", sb_gpu_verdict_name(n->verdict)) ||
            !cJSON_AddNumberToObject(o, "gpus", (double)n->gpus) ||
            !cJSON_AddNumberToObject(o, "failed", (double)n->failed) ||
            !cJSON_AddNumberToObject(o, "degraded", (double)n->degraded) ||
            !put(o, "action", n->action ? n->action : "none") ||
            !put_lines(o, "evidence", n->evidence, n->nevidence))
            return SB_E_NOMEM;
    }
    return nodes ? 0 : SB_E_NOMEM;
}

/* ---- Markdown -------------------------------------------------------- */

/* Bundle text in a Markdown table cell: what could open markup or end
 * the cell is escaped, line ends fold to spaces. */
static int md(struct sb_buf *o, const char *s)
{
    struct sb_buf c = SB_BUF_INIT(SB_BUF_UNLIMITED);
    int rc;

    if (!s)
        return 0;
    rc = sb_utf8_clean(&c, s, strlen(s));
    for (size_t i = 0; !rc && i < c.len; i++) {
        char ch = c.data[i];

        switch (ch) {
        case '<': rc = sb_buf_adds(o, "&lt;"); break;
        case '>': rc = sb_buf_adds(o, "&gt;"); break;
        case '&': rc = sb_buf_adds(o, "&amp;"); break;
        case '@': rc = sb_buf_adds(o, "&#64;"); break;
        case '\n': case '\r': case '\t': rc = sb_buf_addc(o, ' '); break;
        case '\\': case '`': case '*': case '_': case '[': case ']':
        case '|': case '~': case '#': case '!':
            rc = sb_buf_addc(o, '\\');
            if (!rc)
                rc = sb_buf_addc(o, ch);
            break;
        default:
            rc = sb_buf_addc(o, ch);
        }
    }
    sb_buf_release(&c);
    return rc;
}

static int md_lines(struct sb_buf *o, char **v, size_t n)
{
    int rc = 0;

    for (size_t i = 0; !rc && i < n; i++) {
        if (i)
            rc = sb_buf_adds(o, "; ");
        if (!rc)
            rc = md(o, v[i]);
    }
    return rc;
}

int sb_gpufleet_md(const struct sb_gpufleet *f, struct sb_buf *out)
{
    char idx[16];
    int rc;

    if (!f->ngpus && !f->nnodes)
        return 0;
    rc = sb_buf_adds(out, "\n## GPU fleet\n\n| Node | Verdict | GPUs "
                     "(failed / degraded) | Action | Evidence |\n"
                     "|---|---|---|---|---|\n");
    for (size_t i = 0; !rc && i < f->nnodes; i++) {
        const struct sb_gpu_node *n = &f->nodes[i];

        rc = sb_buf_adds(out, "| ");
        if (!rc)
            rc = md(out, n->node);
        if (!rc)
            rc = sb_buf_addf(out, " | **%s** | %zu (%zu / %zu) | ",
                             sb_gpu_verdict_name(n->verdict), n->gpus,
                             n->failed, n->degraded);
        if (!rc)
            rc = md(out, n->action ? n->action : "none");
        if (!rc)
            rc = sb_buf_adds(out, " | ");
        if (!rc)
            rc = md_lines(out, n->evidence, n->nevidence);
        if (!rc)
            rc = sb_buf_adds(out, " |\n");
    }
    if (!rc && f->ngpus)
        rc = sb_buf_adds(out, "\n| Node | GPU | Bus ID | Model | Driver | "
                         "UUID | Verdict | Action | Evidence | Findings |\n"
                         "|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; !rc && i < f->ngpus; i++) {
        const struct sb_gpu_row *g = &f->gpus[i];
        const char *cells[] = { g->node, idx, g->pci, g->model, g->driver,
                                g->uuid };

        snprintf(idx, sizeof(idx), g->gpu_index >= 0 ? "%d" : "?",
                 g->gpu_index);
        for (size_t c = 0; !rc && c < sizeof(cells) / sizeof(*cells); c++) {
            rc = sb_buf_adds(out, "| ");
            if (!rc)
                rc = md(out, cells[c] ? cells[c] : "-");
            if (!rc)
                rc = sb_buf_adds(out, " ");
        }
        if (!rc)
            rc = sb_buf_addf(out, "| **%s** | ",
                             sb_gpu_verdict_name(g->verdict));
        if (!rc)
            rc = md(out, g->action);
        if (!rc)
            rc = sb_buf_adds(out, " | ");
        if (!rc)
            rc = md_lines(out, g->evidence, g->nevidence);
        if (!rc)
            rc = sb_buf_adds(out, " | ");
        if (!rc)
            rc = md(out, g->evidence_ids ? g->evidence_ids : "-");
        if (!rc)
            rc = sb_buf_adds(out, " |\n");
    }
    return rc;
}

/* ---- HTML ------------------------------------------------------------ */

static const char *row_class(enum sb_gpu_verdict v)
{
    return v == SB_GPU_FAILED ? "<tr class=\"bad\">" :
           v == SB_GPU_DEGRADED ? "<tr class=\"warn\">" : "<tr>";
}

static int html_lines(struct sb_buf *o, char **v, size_t n)
{
    int rc = 0;

    for (size_t i = 0; !rc && i < n; i++) {
        if (i)
            rc = sb_buf_adds(o, "<br>");
        if (!rc)
            rc = sb_html_texts(o, v[i]);
    }
    return rc;
}

/* "<td>text</td>", the text escaped ("-" for NULL) */
static int td(struct sb_buf *o, const char *cls, const char *s)
{
    int rc = sb_buf_addf(o, "<td%s%s%s>", cls ? " class=\"" : "",
                         cls ? cls : "", cls ? "\"" : "");

    if (!rc)
        rc = sb_html_texts(o, s ? s : "-");
    if (!rc)
        rc = sb_buf_adds(o, "</td>");
    return rc;
}

static int html_ids(struct sb_buf *o, const char *ids)
{
    const char *p = ids, *q;
    struct sb_buf id = SB_BUF_INIT(256);
    int rc = sb_buf_adds(o, "<td>");

    while (!rc && p && *p) {
        q = strchr(p, ',');
        sb_buf_reset(&id);
        rc = sb_buf_add(&id, p, q ? (size_t)(q - p) : strlen(p));
        if (!rc && p != ids)
            rc = sb_buf_adds(o, " ");
        if (!rc)
            rc = sb_buf_adds(o, "<a href=\"#f-");
        if (!rc)
            rc = sb_html_id(o, sb_buf_str(&id));
        if (!rc)
            rc = sb_buf_adds(o, "\">");
        if (!rc)
            rc = sb_html_texts(o, sb_buf_str(&id));
        if (!rc)
            rc = sb_buf_adds(o, "</a>");
        p = q ? q + 1 : NULL;
    }
    if (!rc)
        rc = sb_buf_adds(o, "</td>");
    sb_buf_release(&id);
    return rc;
}

int sb_gpufleet_html(const struct sb_gpufleet *f, struct sb_buf *out)
{
    char idx[16];
    int rc;

    if (!f->ngpus && !f->nnodes)
        return 0;
    rc = sb_buf_adds(out, "<h3>Verdicts by node</h3>\n<table><tr><th>Node"
                     "</th><th>Verdict</th><th>GPUs (failed / degraded)</th>"
                     "<th>Action</th><th>Evidence</th></tr>\n");
    for (size_t i = 0; !rc && i < f->nnodes; i++) {
        const struct sb_gpu_node *n = &f->nodes[i];

        rc = sb_buf_adds(out, row_class(n->verdict));
        if (!rc)
            rc = td(out, "nw", n->node);
        if (!rc)
            rc = sb_buf_addf(out, "<td><b>%s</b></td><td class=\"num\">%zu "
                             "(%zu / %zu)</td>",
                             sb_gpu_verdict_name(n->verdict), n->gpus,
                             n->failed, n->degraded);
        if (!rc)
            rc = td(out, NULL, n->action ? n->action : "none");
        if (!rc)
            rc = sb_buf_adds(out, "<td>");
        if (!rc)
            rc = html_lines(out, n->evidence, n->nevidence);
        if (!rc)
            rc = sb_buf_adds(out, "</td></tr>\n");
    }
    if (!rc)
        rc = sb_buf_adds(out, "</table>\n");
    if (!rc && f->ngpus)
        rc = sb_buf_adds(out, "<h3>Verdicts by GPU</h3>\n<table><tr><th>Node"
                         "</th><th>GPU</th><th>Bus ID</th><th>Model</th>"
                         "<th>Driver</th><th>UUID</th><th>Verdict</th>"
                         "<th>Action</th><th>Evidence</th><th>Findings</th>"
                         "</tr>\n");
    for (size_t i = 0; !rc && i < f->ngpus; i++) {
        const struct sb_gpu_row *g = &f->gpus[i];

        snprintf(idx, sizeof(idx), g->gpu_index >= 0 ? "%d" : "?",
                 g->gpu_index);
        rc = sb_buf_adds(out, row_class(g->verdict));
        if (!rc)
            rc = td(out, "nw", g->node);
        if (!rc)
            rc = td(out, "num", idx);
        if (!rc)
            rc = td(out, "mono nw", g->pci);
        if (!rc)
            rc = td(out, NULL, g->model);
        if (!rc)
            rc = td(out, NULL, g->driver);
        if (!rc)
            rc = td(out, "mono", g->uuid);
        if (!rc)
            rc = sb_buf_addf(out, "<td><b>%s</b></td>",
                             sb_gpu_verdict_name(g->verdict));
        if (!rc)
            rc = td(out, NULL, g->action);
        if (!rc)
            rc = sb_buf_adds(out, "<td>");
        if (!rc)
            rc = html_lines(out, g->evidence, g->nevidence);
        if (!rc)
            rc = sb_buf_adds(out, "</td>");
        if (!rc)
            rc = html_ids(out, g->evidence_ids);
        if (!rc)
            rc = sb_buf_adds(out, "</tr>\n");
    }
    if (!rc && f->ngpus)
        rc = sb_buf_adds(out, "</table>\n");
    return rc;
}
