/*
 * collect's last step and its plan: manifest.json (the run's parameters,
 * each collector's outcome, the gaps), the bundle's default name, the
 * plan --dry-run prints, and --max-size's share-out of the held logs
 * once everything else is written. Apart because it reads the whole run's
 * state and writes nothing but the end of the bundle.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_collect_int.h"
#include "sb_alloc.h"
#include "sb_bwriter.h"
#include "sb_describe.h"
#include "sb_estimate.h"
#include "sb_log.h"
#include "sb_logbudget.h"
#include "sb_redact.h"
#include "sb_time.h"

/* --max-size keeps room, after the logs, for what the compressor and the
 * archive's block still hold (sb_bwriter_written) and for the manifest:
 * a files[] entry (path, size, SHA-256 whose hex halves when deflated)
 * per member, a trimmed[] entry per log stream, a gap entry per gap. */
#define BUDGET_SLACK ((uint64_t)256 * 1024)
#define BUDGET_MANIFEST_BASE ((uint64_t)32 * 1024)
#define BUDGET_PER_FILE 160
#define BUDGET_PER_STREAM 120
#define BUDGET_PER_GAP 400

static char *server_host(const char *server)
{
    const char *h = strstr(server, "://");
    char *out;
    size_t n;

    h = h ? h + 3 : server;
    if (strchr(h, '@') && strchr(h, '@') < h + strcspn(h, "/"))
        h = strchr(h, '@') + 1;   /* never user:password */
    n = strcspn(h, "/");
    out = sb_malloc(n + 1);
    if (out) {
        memcpy(out, h, n);
        out[n] = 0;
    }
    return out;
}

cJSON *sb_col_build_manifest(struct run *r, bool complete)
{
    cJSON *m = cJSON_CreateObject(), *p, *cols, *coll, *ns;
    char t0[SB_TIME_MAX], t1[SB_TIME_MAX];
    char *host = server_host(r->auth.server);
    const char *kv = jstr(r->version, "gitVersion");

    if (!m || !host)
        goto fail;
    cJSON_AddNumberToObject(m, "format_version", 1);
    cJSON_AddStringToObject(m, "tool_version", SB_VERSION);
    cJSON_AddStringToObject(m, "kind", "cluster");
    cJSON_AddStringToObject(m, "cluster", r->auth.cluster ? r->auth.cluster
                                                          : "");
    cJSON_AddStringToObject(m, "context", r->auth.context ? r->auth.context
                                                          : "");
    cJSON_AddStringToObject(m, "server", host);
    if (kv)
        cJSON_AddStringToObject(m, "kubernetes_version", kv);
    else
        cJSON_AddNullToObject(m, "kubernetes_version");
    coll = cJSON_AddObjectToObject(m, "collection");
    sb_time_format(r->start_wall, -1, t0);
    sb_time_format(sb_time_now(), -1, t1);
    cJSON_AddStringToObject(coll, "start", t0);
    cJSON_AddStringToObject(coll, "end", t1);
    p = cJSON_AddObjectToObject(m, "parameters");
    ns = cJSON_AddArrayToObject(p, "namespaces");
    for (size_t i = 0; i < r->o->nns; i++)
        cJSON_AddItemToArray(ns, cJSON_CreateString(r->o->namespaces[i]));
    cJSON_AddBoolToObject(p, "all_namespaces", r->o->nns == 0);
    cJSON_AddNumberToObject(p, "since_seconds", (double)r->o->since_secs);
    cJSON_AddNumberToObject(p, "max_log_lines", (double)r->o->max_log_lines);
    cJSON_AddNumberToObject(p, "max_log_bytes", (double)r->o->max_log_bytes);
    if (r->o->max_size)
        cJSON_AddNumberToObject(p, "max_size", (double)r->o->max_size);
    else
        cJSON_AddNullToObject(p, "max_size");
    cJSON_AddNumberToObject(p, "max_log_read", (double)r->max_log_read);
    cJSON_AddNumberToObject(p, "max_list_pages", (double)r->max_list_pages);
    cJSON_AddNumberToObject(p, "max_object_size",
                            (double)r->max_object_size);
    cJSON_AddNumberToObject(p, "parallel", r->o->parallel);
    cJSON_AddNumberToObject(p, "timeout_ms", (double)r->o->timeout_ms);
    cJSON_AddBoolToObject(p, "redact", !r->o->no_redact);
    cJSON_AddNumberToObject(p, "redact_patterns", (double)r->o->nredact);
    cols = cJSON_AddArrayToObject(m, "collectors");
    for (int i = 0; i < C_COUNT; i++) {
        struct collector *c = &r->col[i];
        cJSON *o = cJSON_CreateObject();
        const char *status = !c->started ? "skipped"
                           : c->errors && !c->items ? "failed"
                           : c->errors ? "partial" : "ok";
        if (!o)
            goto fail;
        cJSON_AddItemToArray(cols, o);
        cJSON_AddStringToObject(o, "name", sb_col_collector_names[i]);
        cJSON_AddStringToObject(o, "status", status);
        cJSON_AddNumberToObject(o, "duration_ms", c->started
                                ? (double)(c->end_ms - c->start_ms) : 0);
        cJSON_AddNumberToObject(o, "items", (double)c->items);
        cJSON_AddNumberToObject(o, "errors", (double)c->errors);
        if (c->error[0])
            cJSON_AddStringToObject(o, "error", c->error);
        else
            cJSON_AddNullToObject(o, "error");
    }
    if (r->budget) {
        cJSON *lb = sb_logbudget_report(r->budget);
        if (!lb)
            goto fail;
        cJSON_AddItemToObject(m, "log_budget", lb);
    }
    cJSON_AddItemToObject(m, "gaps", r->gaps);
    r->gaps = NULL;
    cJSON_AddBoolToObject(m, "complete", complete);
    if (r->stopped_why)
        cJSON_AddStringToObject(m, "stopped", r->stopped_why);
    else
        cJSON_AddNullToObject(m, "stopped");
    if (r->red)
        cJSON_AddItemToObject(m, "redactions", sb_redact_counts(r->red));
    else
        cJSON_AddItemToObject(m, "redactions", cJSON_CreateObject());
    sb_free(host);
    return m;
fail:
    sb_free(host);
    cJSON_Delete(m);
    return NULL;
}

void sb_col_stamp_name(const char *cluster, int64_t now, char *out,
                    size_t n)
{
    char t[SB_TIME_MAX], c[128];
    size_t j = 0;

    sb_time_format(now, -1, t);
    for (size_t i = 0; cluster && cluster[i] && j + 1 < sizeof(c); i++) {
        unsigned char ch = (unsigned char)cluster[i];
        c[j++] = isalnum(ch) || ch == '-' || ch == '.' || ch == '_'
                 ? (char)ch : '-';
    }
    c[j] = 0;
    /* 2026-11-23T15:04:05Z -> 20261123T150405Z */
    {
        char s[32];
        size_t k = 0;
        for (size_t i = 0; t[i] && k + 1 < sizeof(s); i++)
            if (t[i] != '-' && t[i] != ':')
                s[k++] = t[i];
        s[k] = 0;
        snprintf(out, n, "sbundle-%s-%s", j ? c : "cluster", s);
    }
}

void sb_col_print_plan(struct run *r)
{
    FILE *f = r->o->plan_out ? r->o->plan_out : stdout;

    fprintf(f, "cluster '%s' at %s (context '%s')\n",
            r->auth.cluster ? r->auth.cluster : "",
            r->auth.server, r->auth.context ? r->auth.context : "");
    fprintf(f, "would write: manifest.json, cluster/version.json, "
            "cluster/api-resources.json\n");
    for (size_t i = 0; i < r->disc.n; i++) {
        const struct sb_resource *res = &r->disc.res[i];
        if (!res->namespaced)
            fprintf(f, "list %-40s -> resources/_cluster/%s.json\n",
                    res->name, res->name);
        else if (!r->o->nns)
            fprintf(f, "list %-40s -> resources/<namespace>/%s.json "
                    "(all namespaces)\n", res->name, res->name);
        else
            for (size_t k = 0; k < r->o->nns; k++)
                fprintf(f, "list %-40s -> resources/%s/%s.json\n", res->name,
                        r->o->namespaces[k], res->name);
        if (sb_describe_supports(res->name))
            fprintf(f, "     describe text  -> describe/%s/%s/<name>.txt\n",
                    res->namespaced ? "<namespace>" : "_cluster",
                    res->plural);
    }
    fprintf(f, "logs of every container (init and ephemeral included), "
            "previous where restarted: at most %ld lines and %zu bytes per "
            "stream%s -> logs/<namespace>/<pod>/<container>[.previous].log\n",
            r->o->max_log_lines, r->o->max_log_bytes,
            r->o->since_secs ? ", within --since" : "");
    fprintf(f, "GPU nodes: DCGM exporter metrics -> "
            "nodes/<node>/dcgm-exporter.prom, kern.log/syslog/messages -> "
            "nodes/<node>/logs/<file>\n");
    fprintf(f, "redaction: %s\n", r->o->no_redact ? "OFF (--no-redact)"
                                                  : "on");
    for (size_t i = 0; i < r->disc.ngaps; i++)
        fprintf(f, "cannot discover %s: %s\n", r->disc.gaps[i].group_version,
                r->disc.gaps[i].error);
}

/* The plan's last lines: what the bundle will weigh and how long it will
 * take (sb_estimate). A failed estimate is said, not fatal. */
void sb_col_dry_run_estimate(struct run *r)
{
    FILE *f = r->o->plan_out ? r->o->plan_out : stdout;
    struct sb_estimate_opts eo = { 0 };
    struct sb_err e = SB_ERR_INIT;

    eo.namespaces = r->o->namespaces;
    eo.nns = r->o->nns;
    eo.max_log_bytes = r->o->max_log_bytes;
    eo.parallel = r->o->parallel > 0 ? r->o->parallel : 16;
    eo.max_size = r->o->max_size;
    eo.deadline = r->deadline;
    eo.stop = r->o->stop;
    if (sb_estimate_run(r->http, &r->disc, &eo, f, NULL, &e))
        fprintf(f, "estimate: not available: %s\n", e.msg);
}

int sb_col_add_json_member(struct run *r, const char *path, const cJSON *j)
{
    char *s = cJSON_Print(j);
    int rc;

    if (!s)
        return SB_E_NOMEM;
    rc = sb_col_add_member(r, path, s, strlen(s));
    cJSON_free(s);
    return rc;
}

/* sb_logbudget's writer: the kept text of a held log, into the bundle
 * (its path was claimed when it was held). */
static int budget_add(void *ctx, const char *path, const void *p, size_t n)
{
    struct run *r = ctx;
    struct sb_err e = SB_ERR_INIT;
    int rc = sb_bwriter_add(r->bw, path, p, n, &e);

    if (rc)
        sb_col_write_failed(r, rc, &e);
    return rc;
}

/* --max-size: what the bundle has left after everything else, less the
 * room the manifest and the compressor's buffers need, is shared among
 * the held logs, the oldest lines going first. */
void sb_col_write_held_logs(struct run *r)
{
    struct sb_err e = SB_ERR_INIT;
    uint64_t used = sb_bwriter_written(r->bw), files, streams, bytes;
    uint64_t reserve, avail = 0;
    int rc;

    sb_bwriter_stats(r->bw, &files, NULL);
    sb_logbudget_stats(r->budget, &streams, &bytes);
    reserve = BUDGET_SLACK + BUDGET_MANIFEST_BASE +
              (files + streams) * BUDGET_PER_FILE +
              streams * BUDGET_PER_STREAM + r->ngaps * BUDGET_PER_GAP;
    if (r->o->max_size > used + reserve)
        avail = r->o->max_size - used - reserve;
    else {
        char why[256];
        snprintf(why, sizeof(why), "--max-size %llu is too small: the "
                 "objects alone take %llu bytes compressed, and the "
                 "manifest about %llu more", (unsigned long long)
                 r->o->max_size, (unsigned long long)used,
                 (unsigned long long)(reserve - BUDGET_SLACK));
        sb_col_add_gap(r, C_LOGS, "size budget", 0, why);
    }
    sb_debug("size budget: %llu used, %llu reserved, %llu for %llu log "
             "streams of %llu bytes", (unsigned long long)used,
             (unsigned long long)reserve, (unsigned long long)avail,
             (unsigned long long)streams, (unsigned long long)bytes);
    rc = sb_logbudget_write(r->budget, avail, budget_add, r, &e);
    if (rc && !r->write_rc)
        sb_col_write_failed(r, rc, &e);
}
