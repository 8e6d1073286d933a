/*
 * Report rendering over databases built from the embedded schema with
 * inserted rows: all three formats, the JSON shape of
 * docs/report-format.md, escaping of hostile bundle strings, and the
 * Markdown size cap.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "sb_alloc.h"
#include "sb_embed.h"
#include "sb_render.h"

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
}

static void execf(sqlite3 *db, const char *fmt, ...)
{
    char *sql;
    va_list ap;

    va_start(ap, fmt);
    sql = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    assert_non_null(sql);
    exec(db, sql);
    sqlite3_free(sql);
}

/* Every schema file, in order, as the loader applies them. */
static sqlite3 *schema_db(void)
{
    const struct sb_embed_file *f;
    sqlite3 *db = NULL;
    int n = 0;

    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    for (f = sb_embed_files; f->name; f++)
        if (!strncmp(f->name, "schema/", 7)) {
            exec(db, f->data);
            n++;
        }
    assert_true(n > 0);
    return db;
}

/* A small broken GPU cluster: a node whose GPU fell off the bus is the
 * root of a crashlooping pod; a Pending pod; strings carry payloads. */
#define XSS_SCRIPT "<script>document.title='pwned'</script>"
#define XSS_IMG "\"><img src=x onerror=\"document.body.setAttribute('x',1)\">"
#define XSS_SVG "<svg onload=alert(1)>"

static sqlite3 *scenario_db(void)
{
    sqlite3 *db = schema_db();

    exec(db, "INSERT INTO bundles (id, path, format, kind, cluster, server,"
         " k8s_version, collected_start, collected_end, complete, "
         "tool_version) VALUES (1, 'demo.tar.gz', 'sbundle', 'cluster', "
         "'llm-prod', 'https://10.0.0.1:6443', 'v1.30.2', "
         "'2026-11-23T10:10:00Z', '2026-11-23T10:10:09Z', 0, '0.1.0')");
    execf(db, "INSERT INTO nodes (bundle_id, name, ready, roles, "
          "kubelet_version, gpu_product) VALUES (1, 'gpu-node-1', 'True', "
          "'worker', 'v1.30.2', 'NVIDIA-H100-80GB-HBM3'), (1, %Q, 'False',"
          " 'worker', 'v1.30.2', NULL)", "evil" XSS_IMG);
    exec(db, "INSERT INTO node_resources (bundle_id, node, resource, "
         "capacity, allocatable) VALUES (1, 'gpu-node-1', "
         "'nvidia.com/gpu', 2, 1)");
    execf(db, "INSERT INTO pods (bundle_id, namespace, name, node, phase, "
          "status, ready, ready_containers, total_containers, restarts) "
          "VALUES (1, 'llm', 'vllm-0', 'gpu-node-1', 'Running', "
          "'CrashLoopBackOff', 0, 0, 1, 7), (1, 'llm', %Q, NULL, "
          "'Pending', 'Pending', 0, 0, 1, 0)", "p" XSS_SVG);
    exec(db, "INSERT INTO workloads (bundle_id, kind, namespace, name, "
         "desired, ready, available, updated) VALUES (1, 'Deployment', "
         "'llm', 'vllm', 2, 0, 0, 2)");
    exec(db, "INSERT INTO gpus (bundle_id, node, gpu_index, uuid, "
         "pci_bus_id, product, temperature, utilization, memory_used, "
         "memory_total, ecc_volatile_uncorrected, source) VALUES (1, "
         "'gpu-node-1', 0, 'GPU-1', '00000000:3B:00.0', 'NVIDIA H100', 92, "
         "0, 0, 81559, 3, 'dcgm-exporter')");
    exec(db, "INSERT INTO gpu_xids (bundle_id, node, pci, code, time, text,"
         " source, file) VALUES (1, 'gpu-node-1', '0000:3b:00', 79, "
         "'2026-11-23T10:02:11Z', 'NVRM: Xid (PCI:0000:3b:00): 79, GPU has "
         "fallen off the bus.', 'kern.log', "
         "'nodes/gpu-node-1/logs/kern.log')");
    exec(db, "INSERT INTO findings (id, rule, severity, category, title, "
         "summary, kind, namespace, name, container, node, first_seen, "
         "last_seen, remediation, root_cause, seq) VALUES "
         "('F001', 'gpu-xid', 'critical', 'gpu', 'GPU fell off the bus "
         "(Xid 79)', 'GPU 0 on gpu-node-1 fell off the bus.', 'Node', NULL,"
         " 'gpu-node-1', NULL, 'gpu-node-1', '2026-11-23T10:02:11Z', "
         "'2026-11-23T10:02:11Z', 'Drain the node and reset the GPU.', "
         "NULL, 1), "
         "('F002', 'pod-crashloop', 'warning', 'pod', 'Pod crashlooping', "
         "'vllm-0 restarts: CUDA error.', 'Pod', 'llm', 'vllm-0', 'vllm', "
         "'gpu-node-1', '2026-11-23T10:02:30Z', '2026-11-23T10:09:00Z', "
         "'Fix the GPU first.', 'F001', 2)");
    execf(db, "INSERT INTO findings (id, rule, severity, title, summary, "
          "kind, namespace, name, seq) VALUES ('F003', "
          "'pod-pending-unschedulable', 'warning', %Q, %Q, 'Pod', 'llm', %Q,"
          " 3)", "Pending " XSS_SCRIPT, "needs | nvidia.com/gpu " XSS_IMG,
          "p" XSS_SVG);
    exec(db, "INSERT INTO finding_evidence (finding_id, seq, source, time, text, file) VALUES "
         "('F001', 1, 'node-log', '2026-11-23T10:02:11Z', 'NVRM: Xid "
         "(PCI:0000:3b:00): 79, GPU has fallen off the bus.', "
         "'nodes/gpu-node-1/logs/kern.log'), "
         "('F002', 1, 'log', '2026-11-23T10:02:30Z', 'RuntimeError: CUDA "
         "error: unknown error', 'logs/llm/vllm-0/vllm.previous.log'), "
         "('F002', 2, 'status', NULL, 'lastState.terminated.exitCode=1', "
         "'resources/llm/pods.json')");
    execf(db, "INSERT INTO finding_evidence (finding_id, seq, source, time, text, file) VALUES ('F003', 1, 'event', "
          "'2026-11-23T10:05:00Z', %Q, 'resources/llm/events.json')",
          "0/2 nodes available " XSS_SCRIPT XSS_IMG XSS_SVG
          "\n```\nfence ```` break\x1b[31m");
    exec(db, "INSERT INTO finding_affected VALUES ('F001', 'Pod', 'llm', "
         "'vllm-0', 'F002')");
    execf(db, "INSERT INTO timeline (time, source, severity, kind, "
          "namespace, name, node, text, file) VALUES "
          "('2026-11-23T10:01:00Z', 'event', 'info', 'Pod', 'llm', "
          "'vllm-0', NULL, 'Started container vllm', NULL), "
          "('2026-11-23T10:02:11Z', 'kernel', 'critical', 'Node', NULL, "
          "'gpu-node-1', 'gpu-node-1', 'Xid 79', 'x'), "
          "('2026-11-23T10:05:00Z', 'event', 'warning', 'Pod', 'llm', %Q, "
          "NULL, %Q, NULL)", "p" XSS_SVG, XSS_SCRIPT);
    exec(db, "INSERT INTO collection_errors VALUES (1, 'resources', "
         "'secrets', 403, 'forbidden'), (1, 'node-logs', 'gpu-node-2', NULL,"
         " 'timeout')");
    exec(db, "INSERT INTO redactions VALUES (1, 'env-secret', 4), "
         "(1, 'bearer-token', 2)");
    exec(db, "INSERT INTO files (bundle_id, path, status) VALUES "
         "(1, 'manifest.json', 'ok'), (1, 'logs/x.log', 'mismatch')");
    return db;
}

static char *render(sqlite3 *db, enum sb_render_format fmt, size_t md_max,
                    size_t *len)
{
    struct sb_render_opts opts = { md_max, NULL, NULL, NULL };
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    int rc = sb_render(db, fmt, &opts, &out, &err);

    if (rc)
        fail_msg("render failed: %s", err.msg);
    return sb_buf_detach(&out, len);
}

static cJSON *member(const cJSON *o, const char *key, int type_check)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    if (!v)
        fail_msg("missing key '%s'", key);
    if (!type_check)
        fail_msg("key '%s' has the wrong type", key);
    return v;
}

#define HAS(o, key, pred) member((o), (key), \
    pred(cJSON_GetObjectItemCaseSensitive((o), (key))))
#define IS_STR_OR_NULL(v) (cJSON_IsString(v) || cJSON_IsNull(v))

static void check_finding(const cJSON *f)
{
    const cJSON *subj, *ev, *e, *aff;

    HAS(f, "id", cJSON_IsString);
    HAS(f, "rule", cJSON_IsString);
    assert_true(strstr("critical warning info",
                       HAS(f, "severity", cJSON_IsString)->valuestring));
    HAS(f, "title", cJSON_IsString);
    HAS(f, "summary", cJSON_IsString);
    subj = HAS(f, "subject", cJSON_IsObject);
    HAS(subj, "kind", cJSON_IsString);
    HAS(subj, "name", cJSON_IsString);
    HAS(f, "first_seen", IS_STR_OR_NULL);
    HAS(f, "last_seen", IS_STR_OR_NULL);
    HAS(f, "remediation", IS_STR_OR_NULL);
    HAS(f, "root_cause", IS_STR_OR_NULL);
    ev = HAS(f, "evidence", cJSON_IsArray);
    cJSON_ArrayForEach(e, ev) {
        HAS(e, "source", cJSON_IsString);
        HAS(e, "time", IS_STR_OR_NULL);
        HAS(e, "text", cJSON_IsString);
        HAS(e, "file", IS_STR_OR_NULL);
    }
    aff = HAS(f, "affected", cJSON_IsArray);
    cJSON_ArrayForEach(e, aff)
        HAS(e, "finding", IS_STR_OR_NULL);
}

static void test_json_report_has_the_documented_shape(void **state)
{
    sqlite3 *db = scenario_db();
    char *text = render(db, SB_RENDER_JSON, 0, NULL);
    cJSON *root = cJSON_Parse(text), *b, *inv, *fs, *f, *t, *c;
    const char *keys[] = { "nodes", "pods", "containers", "events",
                           "log_lines", "gpus" };
    size_t i;

    (void)state;
    assert_non_null(root);
    assert_string_equal(HAS(root, "schema", cJSON_IsString)->valuestring,
                        "sbundle.report/v1");
    b = HAS(root, "bundle", cJSON_IsObject);
    assert_string_equal(HAS(b, "cluster", cJSON_IsString)->valuestring,
                        "llm-prod");
    HAS(b, "kubernetes_version", cJSON_IsString);
    HAS(HAS(b, "collection", cJSON_IsObject), "start", cJSON_IsString);
    assert_true(cJSON_IsFalse(HAS(b, "complete", cJSON_IsBool)));
    inv = HAS(root, "inventory", cJSON_IsObject);
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
        HAS(inv, keys[i], cJSON_IsNumber);
    assert_int_equal(HAS(inv, "nodes", cJSON_IsNumber)->valueint, 2);
    assert_int_equal(HAS(inv, "gpus", cJSON_IsNumber)->valueint, 1);
    fs = HAS(root, "findings", cJSON_IsArray);
    assert_int_equal(cJSON_GetArraySize(fs), 3);
    cJSON_ArrayForEach(f, fs)
        check_finding(f);
    f = cJSON_GetArrayItem(fs, 0);
    /* a cluster-scoped subject has no namespace key at all */
    assert_null(cJSON_GetObjectItem(HAS(f, "subject", cJSON_IsObject),
                                    "namespace"));
    assert_true(cJSON_IsNull(HAS(f, "root_cause", IS_STR_OR_NULL)));
    assert_int_equal(cJSON_GetArraySize(HAS(f, "affected", cJSON_IsArray)),
                     1);
    f = cJSON_GetArrayItem(fs, 1);
    assert_string_equal(HAS(f, "root_cause", cJSON_IsString)->valuestring,
                        "F001");
    assert_string_equal(HAS(HAS(f, "subject", cJSON_IsObject), "container",
                            cJSON_IsString)->valuestring, "vllm");
    t = HAS(root, "timeline", cJSON_IsArray);
    assert_int_equal(cJSON_GetArraySize(t), 3);
    cJSON_ArrayForEach(f, t) {
        HAS(f, "time", cJSON_IsString);
        HAS(f, "source", cJSON_IsString);
        HAS(f, "text", cJSON_IsString);
    }
    c = HAS(root, "collection", cJSON_IsObject);
    assert_int_equal(cJSON_GetArraySize(HAS(c, "errors", cJSON_IsArray)), 2);
    assert_int_equal(HAS(HAS(c, "redactions", cJSON_IsObject), "env-secret",
                         cJSON_IsNumber)->valueint, 4);
    cJSON_Delete(root);
    sb_free(text);
    sqlite3_close(db);
}

static void test_json_keeps_evidence_text_exact_and_valid_utf8(void **state)
{
    sqlite3 *db = scenario_db();
    char *text;
    cJSON *root, *ev;

    (void)state;
    exec(db, "UPDATE finding_evidence SET text = 'bad ' || X'FF' || ' byte'"
         " WHERE finding_id = 'F002' AND seq = 2");
    text = render(db, SB_RENDER_JSON, 0, NULL);
    root = cJSON_Parse(text);
    assert_non_null(root);
    ev = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
        cJSON_GetObjectItem(root, "findings"), 2), "evidence"), 0);
    /* control characters stay as they are: JSON escapes them itself */
    assert_non_null(strstr(cJSON_GetObjectItem(ev, "text")->valuestring,
                           "\x1b[31m"));
    ev = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
        cJSON_GetObjectItem(root, "findings"), 1), "evidence"), 1);
    assert_string_equal(cJSON_GetObjectItem(ev, "text")->valuestring,
                        "bad \xef\xbf\xbd byte");
    cJSON_Delete(root);
    sb_free(text);
    sqlite3_close(db);
}

/* Timeline rows are written without cJSON: every escape must parse back
 * to the text, invalid UTF-8 replaced, NULLs as null or left out. */
static void test_json_timeline_rows_round_trip(void **state)
{
    sqlite3 *db = scenario_db();
    const char odd[] = "q\" b\\ n\n t\t r\r f\f b\b c\x01 e\x1b[0m \x7f "
                       "\xc3\xa9 end";
    char *text;
    cJSON *root, *t, *x;
    int found = 0;

    (void)state;
    exec(db, "DELETE FROM timeline");
    execf(db, "INSERT INTO timeline (time, source, severity, kind, "
          "namespace, name, node, text, file) VALUES "
          "('2026-11-23T10:00:00Z', 'log', NULL, NULL, NULL, NULL, NULL, "
          "%Q, NULL), ('2026-11-23T10:00:01Z', 'log', 'warning', NULL, "
          "NULL, 'n', NULL, 'bad ' || X'FF', 'f')", odd);
    text = render(db, SB_RENDER_JSON, 0, NULL);
    root = cJSON_Parse(text);
    assert_non_null(root);
    cJSON_ArrayForEach(t, HAS(root, "timeline", cJSON_IsArray)) {
        x = HAS(t, "subject", cJSON_IsObject);
        if (found++ == 0) {
            assert_string_equal(HAS(t, "text", cJSON_IsString)->valuestring,
                                odd);
            assert_true(cJSON_IsNull(HAS(t, "severity", IS_STR_OR_NULL)));
            assert_true(cJSON_IsNull(HAS(t, "file", IS_STR_OR_NULL)));
            assert_null(x->child);
        } else {
            assert_string_equal(HAS(t, "text", cJSON_IsString)->valuestring,
                                "bad \xef\xbf\xbd");
            assert_string_equal(HAS(x, "name", cJSON_IsString)->valuestring,
                                "n");
            assert_null(cJSON_GetObjectItem(x, "kind"));
        }
    }
    assert_int_equal(found, 2);
    cJSON_Delete(root);
    sb_free(text);
    sqlite3_close(db);
}

/* A flush callback gets the JSON report in pieces: together they are
 * the report rendered whole. */
static int take(void *ctx, const char *data, size_t len, struct sb_err *err)
{
    (void)err;
    return sb_buf_add(ctx, data, len);
}

static void test_json_in_pieces_is_the_same_report(void **state)
{
    sqlite3 *db = scenario_db();
    struct sb_buf pieces = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_render_opts opts = { 0, take, &pieces, NULL };
    struct sb_err err = SB_ERR_INIT;
    char *whole;
    int i;

    (void)state;
    /* enough timeline rows for several pieces (one per MiB) */
    exec(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
         " WHERE i < 6000) INSERT INTO timeline (time, source, severity,"
         " kind, namespace, name, node, text, file) SELECT"
         " printf('2026-11-23T11:%02d:%02dZ', i / 60 % 60, i % 60), 'log',"
         " 'warning', 'Pod', 'ns', 'p' || i, NULL, printf('%.400c', 'x'),"
         " 'f' FROM n");
    whole = render(db, SB_RENDER_JSON, 0, NULL);
    assert_true(strlen(whole) > 2 * 1024 * 1024);
    assert_int_equal(sb_render(db, SB_RENDER_JSON, &opts, &out, &err), 0);
    assert_true(pieces.len > 0);
    assert_true(out.len < 1024 * 1024 + 4096);
    assert_int_equal(sb_buf_add(&pieces, out.data, out.len), 0);
    assert_int_equal(pieces.len, strlen(whole));
    for (i = 0; whole[i] && whole[i] == pieces.data[i]; i++)
        ;
    assert_int_equal(i, (int)pieces.len);
    sb_free(whole);
    sb_buf_release(&out);
    sb_buf_release(&pieces);
    sqlite3_close(db);
}

static void test_html_escapes_every_bundle_string(void **state)
{
    sqlite3 *db = scenario_db();
    char *html = render(db, SB_RENDER_HTML, 0, NULL);

    (void)state;
    assert_null(strcasestr(html, "<script"));
    assert_null(strcasestr(html, "<img"));
    assert_null(strcasestr(html, "<svg onload"));
    assert_null(strstr(html, "\x1b"));
    assert_non_null(strstr(html, "&lt;script&gt;document.title="));
    assert_non_null(strstr(html, "&quot;&gt;&lt;img src=x onerror="));
    assert_non_null(strstr(html, "\\x1b[31m"));
    assert_non_null(strstr(html, "<meta http-equiv=\"Content-Security-Policy"
                           "\" content=\"default-src 'none'; style-src "
                           "'unsafe-inline'"));
    sb_free(html);
    sqlite3_close(db);
}

static void test_html_has_every_section_and_a_timeline_chart(void **state)
{
    sqlite3 *db = scenario_db();
    char *html = render(db, SB_RENDER_HTML, 0, NULL);
    const char *ids[] = { "summary", "findings", "timeline", "gpus",
                          "nodes", "workloads", "collection" };
    char want[64];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        snprintf(want, sizeof want, "<section id=\"%s\">", ids[i]);
        assert_non_null(strstr(html, want));
    }
    assert_non_null(strstr(html, "<svg class=\"tl\""));
    assert_non_null(strstr(html, "first critical event"));
    assert_non_null(strstr(html, "Blast radius:</b> 1 affected"));
    assert_non_null(strstr(html, "<a href=\"#f-F001\">F001: GPU fell off"));
    assert_non_null(strstr(html, "NVIDIA H100"));
    /* the Xid in the kernel log is matched to the GPU by its PCI address */
    assert_non_null(strstr(html, "<span class=\"bad-text\">79</span>"));
    assert_non_null(strstr(html, "env-secret"));
    assert_non_null(strstr(html, "forbidden"));
    assert_null(strstr(html, "src=\"http"));
    assert_null(strstr(html, "href=\"http"));
    sb_free(html);
    sqlite3_close(db);
}

/* 100 timeline rows, two a second, inserted newest first so that a
 * second's two rows are in the other order by rowid; row-061 (shown
 * 60th) is the first critical one, row-095 a later one. */
static sqlite3 *window_db(void)
{
    sqlite3 *db = schema_db();
    int i;

    for (i = 99; i >= 0; i--)
        execf(db, "INSERT INTO timeline (time, source, severity, kind, "
              "namespace, name, node, text, file) VALUES "
              "('2026-11-23T10:%02d:%02dZ', 'event', '%s', 'Pod', 'ns', "
              "'p', NULL, 'row-%03d', NULL)", i / 2 / 60, i / 2 % 60,
              i == 61 || i == 95 ? "critical" : "info", i);
    return db;
}

/* The text between 'from' and 'to' in 's' (owned by the caller). */
static char *between(const char *s, const char *from, const char *to)
{
    const char *a = strstr(s, from), *b;

    assert_non_null(a);
    b = strstr(a, to);
    assert_non_null(b);
    return sb_strndup(a, (size_t)(b - a));
}

/* The rows shown around the first critical one: 10 before and 30 after
 * it in the HTML, 8 and 20 in the Markdown, in time and then row order. */
static void test_timeline_window_around_the_first_critical(void **state)
{
    sqlite3 *db = window_db();
    char *html = render(db, SB_RENDER_HTML, 0, NULL);
    char *md = render(db, SB_RENDER_MD, 0, NULL);
    char *part;

    (void)state;
    part = between(html, "Around the first critical event", "<details>");
    assert_non_null(strstr(part, "<tr class=\"first\">"));
    assert_non_null(strstr(strstr(part, "<tr class=\"first\">"),
                           "row-061"));
    assert_non_null(strstr(part, "row-051"));
    assert_null(strstr(part, "row-048"));
    assert_non_null(strstr(part, "row-091"));
    assert_null(strstr(part, "row-090"));
    assert_null(strstr(part, "row-095"));
    sb_free(part);
    assert_non_null(strstr(html, "Full timeline (100 entries)"));
    part = between(md, "## Timeline around the first critical event",
                   "|\n\n");
    assert_non_null(strstr(part, "row-053"));
    assert_null(strstr(part, "row-050"));
    assert_non_null(strstr(part, "row-081"));
    assert_null(strstr(part, "row-080"));
    sb_free(part);
    sb_free(html);
    sb_free(md);
    sqlite3_close(db);
}

static void test_markdown_puts_root_causes_first_and_escapes(void **state)
{
    sqlite3 *db = scenario_db();
    char *md = render(db, SB_RENDER_MD, 0, NULL);
    char *summary = strstr(md, "## Summary"), *table = strstr(md,
                                                              "## Findings");
    char *fence;

    (void)state;
    assert_non_null(summary);
    assert_non_null(table);
    assert_true(summary < table);
    assert_non_null(strstr(summary, "GPU fell off the bus (Xid 79)"));
    assert_non_null(strstr(summary, "Blast radius (1): Pod llm/vllm-0"));
    /* raw payloads appear only quoted inside the fenced block, where
       Markdown shows them as text */
    fence = strstr(md, "`````text\n0/2 nodes available " XSS_SCRIPT);
    assert_non_null(fence);
    assert_ptr_equal(strcasestr(md, "<script"), fence + 30);
    assert_null(strcasestr(fence + 40, "<script"));
    assert_ptr_equal(strcasestr(md, "<img"), strstr(fence, "<img"));
    assert_null(strcasestr(strstr(fence, "<img") + 1, "<img"));
    assert_ptr_equal(strcasestr(md, "<svg"), strstr(fence, "<svg"));
    assert_null(strcasestr(strstr(fence, "<svg") + 1, "<svg"));
    /* a '|' from the bundle cannot split a table cell */
    assert_non_null(strstr(md, "needs \\| nvidia.com/gpu"));
    /* the quoted text holds a run of four backticks: the fence has five */
    assert_non_null(strstr(md, "\n`````text\n0/2 nodes available"));
    assert_non_null(strstr(md, "break\\x1b[31m\n`````\n"));
    assert_non_null(strstr(md, "<details><summary>F003 warning: Pending "
                           "&lt;script&gt;"));
    assert_null(strstr(md, "Cut to fit"));
    sb_free(md);
    sqlite3_close(db);
}

/* hundreds of findings, each with evidence, well past the cap */
static sqlite3 *many_findings_db(int n)
{
    sqlite3 *db = scenario_db();
    int i;

    exec(db, "DELETE FROM findings; DELETE FROM finding_evidence; "
         "DELETE FROM finding_affected");
    exec(db, "BEGIN");
    for (i = 1; i <= n; i++) {
        const char *sev = i % 25 == 0 ? "critical" : i % 3 ? "info" :
                          "warning";

        execf(db, "INSERT INTO findings (id, rule, severity, title, summary,"
              " kind, namespace, name, remediation, seq) VALUES ('F%04d', "
              "'pod-restarts', %Q, 'Pod restarting', 'Pod web-%d restarted "
              "%d times in the last hour and keeps doing so.', 'Pod', "
              "'shop', 'web-%d', 'Read the previous logs.', %d)", i, sev, i,
              i, i, i);
        execf(db, "INSERT INTO finding_evidence (finding_id, seq, source, time, text, file) VALUES ('F%04d', 1, 'log', "
              "'2026-11-23T10:00:00Z', 'panic: runtime error: index out of "
              "range [%d] with length 0 goroutine 1 [running]: main.main() "
              "/src/main.go:42 +0x1d', 'logs/shop/web-%d/web.previous.log'),"
              " ('F%04d', 2, 'event', '2026-11-23T10:00:01Z', 'Back-off "
              "restarting failed container web in pod web-%d', "
              "'resources/shop/events.json')", i, i, i, i, i);
    }
    exec(db, "COMMIT");
    return db;
}

static void test_markdown_cap_holds_with_hundreds_of_findings(void **state)
{
    sqlite3 *db = many_findings_db(600);
    size_t len;
    char *md = render(db, SB_RENDER_MD, 0, &len);
    char want[32];
    int i;

    (void)state;
    assert_true(len <= 60000);
    assert_non_null(strstr(md, "Cut to fit 60000 bytes"));
    assert_non_null(strstr(md, "evidence of info findings"));
    /* every critical finding keeps its row and its evidence */
    for (i = 25; i <= 600; i += 25) {
        snprintf(want, sizeof want, "| F%04d | **critical**", i);
        assert_non_null(strstr(md, want));
        snprintf(want, sizeof want, "<summary>F%04d critical", i);
        assert_non_null(strstr(md, want));
    }
    /* the least severe parts went first */
    assert_null(strstr(md, "<summary>F0001 info"));
    sb_free(md);
    sqlite3_close(db);
}

static void test_markdown_cap_holds_when_tiny(void **state)
{
    sqlite3 *db = many_findings_db(50);
    size_t len, caps[] = { 300, 2000, 5000 }, i;
    char *md;

    (void)state;
    for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        md = render(db, SB_RENDER_MD, caps[i], &len);
        assert_true(len <= caps[i]);
        assert_non_null(strstr(md, "# Incident report"));
        sb_free(md);
    }
    sqlite3_close(db);
}

static void test_empty_database_renders_every_format(void **state)
{
    sqlite3 *db = schema_db();
    enum sb_render_format f;
    char *text;

    (void)state;
    for (f = SB_RENDER_HTML; f <= SB_RENDER_JSON; f++) {
        text = render(db, f, 0, NULL);
        assert_true(strlen(text) > 100);
        sb_free(text);
    }
    text = render(db, SB_RENDER_HTML, 0, NULL);
    assert_non_null(strstr(text, "No findings."));
    sb_free(text);
    sqlite3_close(db);
}

static void test_database_without_tables_fails_with_a_message(void **state)
{
    sqlite3 *db = NULL;
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;

    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sb_render(db, SB_RENDER_JSON, NULL, &out, &err),
                     SB_E_DB);
    assert_non_null(strstr(err.msg, "no such table"));
    assert_int_equal(out.len, 0);
    sb_buf_release(&out);
    sqlite3_close(db);
}

/* Each allocation fails in turn: a clean error or a full report, never a
 * crash or a leak (ASan checks the leak part). */
static void test_allocation_failures_are_clean(void **state)
{
    sqlite3 *db = scenario_db();
    enum sb_render_format f;
    long n;
    int rc;

    (void)state;
    for (f = SB_RENDER_HTML; f <= SB_RENDER_JSON; f++) {
        for (n = 0;; n++) {
            struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
            struct sb_err err = SB_ERR_INIT;

            sb_alloc_fail_after(n);
            rc = sb_render(db, f, NULL, &out, &err);
            sb_alloc_fail_after(-1);
            sb_buf_release(&out);
            if (rc == 0)
                break;
            assert_int_equal(rc, SB_E_NOMEM);
            assert_true(err.msg[0] != '\0');
        }
    }
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_report_has_the_documented_shape),
        cmocka_unit_test(test_json_keeps_evidence_text_exact_and_valid_utf8),
        cmocka_unit_test(test_html_escapes_every_bundle_string),
        cmocka_unit_test(test_json_timeline_rows_round_trip),
        cmocka_unit_test(test_json_in_pieces_is_the_same_report),
        cmocka_unit_test(test_html_has_every_section_and_a_timeline_chart),
        cmocka_unit_test(test_timeline_window_around_the_first_critical),
        cmocka_unit_test(test_markdown_puts_root_causes_first_and_escapes),
        cmocka_unit_test(test_markdown_cap_holds_with_hundreds_of_findings),
        cmocka_unit_test(test_markdown_cap_holds_when_tiny),
        cmocka_unit_test(test_empty_database_renders_every_format),
        cmocka_unit_test(test_database_without_tables_fails_with_a_message),
        cmocka_unit_test(test_allocation_failures_are_clean),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
