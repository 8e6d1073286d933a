/*
 * libFuzzer harness for the member loaders: the first byte picks the
 * loader (a JSON resource list of one of the typed kinds, YAML, the GPU
 * exporter's Prometheus text, a container or node log), the rest is the
 * member's content.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "sb_db.h"
#include "sb_load_ctx.h"

#define FUZZ_MAX (256u << 10)

static const char *const resources[] = {
    "pods", "nodes", "events", "events.events.k8s.io", "deployments.apps",
    "replicasets.apps", "statefulsets.apps", "daemonsets.apps", "jobs.batch",
    "cronjobs.batch", "services", "endpoints",
    "endpointslices.discovery.k8s.io", "ingresses.networking.k8s.io",
    "persistentvolumeclaims", "persistentvolumes",
    "storageclasses.storage.k8s.io", "resourcequotas", "namespaces",
    "nodes.metrics.k8s.io", "pods.metrics.k8s.io", NULL,
};
#define NRES 21

struct mem {
    const char *p;
    size_t left;
};

static ssize_t mem_read(void *rctx, void *buf, size_t n, struct sb_err *err)
{
    struct mem *m = rctx;

    if (n > m->left)
        n = m->left;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return (ssize_t)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sb_load_stats stats;
    struct sb_load_ctx ctx;
    struct sb_err err = SB_ERR_INIT;
    struct sb_log_target t;
    static struct sb_db *db;
    const char *body = (const char *)data + 1;
    size_t len = size ? size - 1 : 0;
    unsigned sel;
    cJSON *docs;
    struct mem m;

    if (size < 1 || size > FUZZ_MAX)
        return 0;
    /* one database for the whole run, each input undone at its end */
    if (!db && (sb_db_open(":memory:", &db, &err) ||
                sb_db_exec(db, "INSERT INTO bundles(id, path, format) VALUES "
                           "(1, 'fuzz', 'sbundle')", &err)))
        abort();
    if (sb_db_begin(db, &err))
        abort();
    memset(&ctx, 0, sizeof(ctx));
    memset(&stats, 0, sizeof(stats));
    ctx.db = db;
    ctx.bundle_id = 1;
    ctx.bundle_path = "fuzz";
    ctx.format = "sbundle";
    ctx.line_max = 1024;
    ctx.stats = &stats;
    sel = data[0];
    memset(&t, 0, sizeof(t));
    t.file = "fuzz";
    if (sel < 200) {
        /* the loader may rewrite the text in place (surrogate escapes) */
        char *copy = malloc(len ? len : 1);

        if (!copy)
            abort();
        if (len)
            memcpy(copy, body, len);
        sb_load_k8s_json(&ctx, "resources/a/x.json", resources[sel % NRES],
                         copy, len, &err);
        free(copy);
    } else if (sel < 220) {
        docs = sb_load_yaml_parse("x.yaml", body, len, &err);
        if (docs) {
            cJSON *d;
            cJSON_ArrayForEach(d, docs)
                sb_load_k8s_doc(&ctx, "x.yaml", "things.example.com", d,
                                &err);
        }
        cJSON_Delete(docs);
    } else if (sel < 235) {
        sb_load_dcgm(&ctx, "node-1", "nodes/node-1/dcgm-exporter.prom", body,
                     len, &err);
    } else {
        m.p = body;
        m.left = len;
        if (sel & 1) {
            static struct sb_load_opts blocks = { .skip_fts = true };

            t.ns = "a";
            t.pod = "p";
            t.container = sel & 2 ? "c" : NULL;  /* NULL: dump markers */
            if (sel & 4)
                ctx.opts = &blocks;     /* lines in blocks, read back */
        } else {
            t.node = "node-1";
            t.source = "kern.log";
        }
        sb_load_logs_stream(&ctx, &t, mem_read, &m, &err);
        if (ctx.opts && sb_db_exec(db, "SELECT count(*), sum(length(text)),"
                                   " max(time) FROM log_lines", &err))
            abort();
    }
    if (sb_load_finish(db, NULL, &err) && err.code != SB_E_DB)
        abort();
    if (sb_db_rollback(db, &err))
        abort();
    return 0;
}
