/*
 * The GPU fleet's verdicts (sb_gpufleet.h, reports/gpu/verdicts.sql and nodes.sql): scenarios
 * written as table rows, the real nvidia-smi recordings of the sibling
 * shared/ folder (skipped when it is absent), and the three renderings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sb_buf.h"
#include "sb_embed.h"
#include "sb_gpufleet.h"
#include "sb_host_load.h"

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
}

static int setup(void **state)
{
    const struct sb_embed_file *f;
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    for (f = sb_embed_files; f->name; f++)
        if (!strncmp(f->name, "schema/", 7))
            exec(db, f->data);
    exec(db, "INSERT INTO bundles (id, path, format, kind, collected_end) "
         "VALUES (1, 'b.tar.gz', 'sbundle', 'cluster', "
         "'2026-11-23T11:00:00Z')");
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    sqlite3_close(*state);
    return 0;
}

/* 'n' healthy H100s on 'node', indexes 0..n-1, bus 0x18 + 0x10 * i. */
static void add_gpus(sqlite3 *db, const char *node, int n)
{
    char sql[1024];

    for (int i = 0; i < n; i++) {
        snprintf(sql, sizeof(sql),
                 "INSERT INTO gpus (bundle_id, node, gpu_index, uuid, "
                 "pci_bus_id, product, driver_version, temperature, "
                 "temp_slowdown, ecc_volatile_uncorrected, retired_pages, "
                 "remapped_rows_pending, remapped_rows_failure, "
                 "throttle_reasons, source) VALUES (1, '%s', %d, "
                 "'GPU-%s-%d', '00000000:%02X:00.0', 'NVIDIA H100 80GB HBM3',"
                 " '580.65.06', 41, 87, 0, 0, 0, 0, 'gpu_idle', "
                 "'nvidia-smi')", node, i, node, i, 0x18 + 0x10 * i);
        exec(db, sql);
    }
    snprintf(sql, sizeof(sql), "INSERT INTO nodes (bundle_id, name, labels,"
             " file) VALUES (1, '%s', '{}', 'n.json'); INSERT INTO "
             "node_resources VALUES (1, '%s', 'nvidia.com/gpu', %d, %d, "
             "'%d', '%d')", node, node, n, n, n, n);
    exec(db, sql);
}

static void xid(sqlite3 *db, const char *node, const char *pci, int code,
                const char *time, const char *msg)
{
    char sql[1024];

    snprintf(sql, sizeof(sql), "INSERT INTO gpu_xids (bundle_id, node, pci,"
             " code, time, text, source, file) VALUES (1, '%s', '%s', %d, "
             "'%s', 'NVRM: Xid (PCI:%s): %d, %s', 'kern.log', "
             "'nodes/%s/logs/kern.log')", node, pci, code, time, pci, code,
             msg, node);
    exec(db, sql);
}

static const struct sb_gpu_row *gpu(const struct sb_gpufleet *f,
                                    const char *node, int index)
{
    for (size_t i = 0; i < f->ngpus; i++)
        if (!strcmp(f->gpus[i].node, node) && f->gpus[i].gpu_index == index)
            return &f->gpus[i];
    fail_msg("no GPU %s/%d", node, index);
    return NULL;
}

static const struct sb_gpu_node *node(const struct sb_gpufleet *f,
                                      const char *name)
{
    for (size_t i = 0; i < f->nnodes; i++)
        if (!strcmp(f->nodes[i].node, name))
            return &f->nodes[i];
    fail_msg("no node %s", name);
    return NULL;
}

static void load(sqlite3 *db, struct sb_gpufleet *f)
{
    struct sb_err err = SB_ERR_INIT;

    if (sb_gpufleet_load(db, f, &err))
        fail_msg("%s", err.msg);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;

    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* One node of eight: one GPU fell off the bus (FAILED), one has a row
 * remapping pending (DEGRADED), six are HEALTHY; rendered three ways. */
static void test_fleet_one_failed_one_degraded_six_healthy(void **state)
{
    sqlite3 *db = *state;
    struct sb_gpufleet f = SB_GPUFLEET_INIT;
    struct sb_buf html = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf md = SB_BUF_INIT(SB_BUF_UNLIMITED);
    cJSON *root = cJSON_CreateObject(), *gpus, *g;
    char *json;
    int healthy = 0;

    add_gpus(db, "dgx-1", 8);
    xid(db, "dgx-1", "0000:38:00", 79, "2026-11-23T10:02:11Z",
        "pid=1, name=python, GPU has fallen off the bus.");
    /* an application's own fault on another GPU: it stays HEALTHY */
    xid(db, "dgx-1", "0000:18:00", 13, "2026-11-23T10:00:00Z",
        "pid=2, name=python, Graphics SM Warp Exception");
    exec(db, "UPDATE gpus SET remapped_rows_pending = 1 WHERE gpu_index = 5");
    exec(db, "INSERT INTO findings (id, rule, severity, category, title, "
         "summary, node) VALUES ('F002', 'gpu-xid', 'critical', 'gpu', 't',"
         " 's', 'dgx-1')");
    load(db, &f);

    assert_int_equal(f.ngpus, 8);
    assert_int_equal(gpu(&f, "dgx-1", 2)->verdict, SB_GPU_FAILED);
    assert_non_null(strstr(gpu(&f, "dgx-1", 2)->action, "reboot"));
    assert_non_null(strstr(gpu(&f, "dgx-1", 2)->evidence[0], "Xid 79"));
    assert_string_equal(gpu(&f, "dgx-1", 2)->evidence_ids, "F002");
    assert_int_equal(gpu(&f, "dgx-1", 5)->verdict, SB_GPU_DEGRADED);
    assert_non_null(strstr(gpu(&f, "dgx-1", 5)->action, "reset the GPU"));
    assert_int_equal(gpu(&f, "dgx-1", 0)->verdict, SB_GPU_HEALTHY);
    assert_string_equal(gpu(&f, "dgx-1", 0)->action, "none");
    assert_int_equal(gpu(&f, "dgx-1", 0)->nevidence, 1);   /* Xid 13 shown */
    assert_null(gpu(&f, "dgx-1", 0)->evidence_ids);
    for (size_t i = 0; i < f.ngpus; i++)
        healthy += f.gpus[i].verdict == SB_GPU_HEALTHY;
    assert_int_equal(healthy, 6);
    assert_int_equal(f.nnodes, 1);
    assert_int_equal(node(&f, "dgx-1")->verdict, SB_GPU_FAILED);
    assert_int_equal(node(&f, "dgx-1")->gpus, 8);
    assert_int_equal(node(&f, "dgx-1")->failed, 1);
    assert_int_equal(node(&f, "dgx-1")->degraded, 1);
    assert_non_null(strstr(node(&f, "dgx-1")->action,
                           "GPU 00000000:38:00.0: "));

    assert_int_equal(sb_gpufleet_html(&f, &html), 0);
    /* the node row and the failed GPU's row are red, the degraded amber */
    assert_int_equal(count(html.data, "<tr class=\"bad\">"), 2);
    assert_int_equal(count(html.data, "<tr class=\"warn\">"), 1);
    assert_int_equal(count(html.data, "<b>HEALTHY</b>"), 6);
    assert_non_null(strstr(html.data, "<a href=\"#f-F002\">F002</a>"));
    assert_non_null(strstr(html.data, "drain the node -&gt; reboot it"));

    assert_int_equal(sb_gpufleet_md(&f, &md), 0);
    assert_non_null(strstr(md.data, "## GPU fleet"));
    assert_non_null(strstr(md.data, "| dgx-1 | **FAILED** | 8 (1 / 1) |"));
    assert_int_equal(count(md.data, "| **HEALTHY** |"), 6);
    assert_int_equal(count(md.data, "| **DEGRADED** |"), 1);

    assert_int_equal(sb_gpufleet_json(&f, root), 0);
    gpus = cJSON_GetObjectItem(root, "gpus");
    assert_int_equal(cJSON_GetArraySize(gpus), 8);
    g = cJSON_GetArrayItem(gpus, 2);
    assert_string_equal(cJSON_GetObjectItem(g, "verdict")->valuestring,
                        "FAILED");
    assert_string_equal(cJSON_GetObjectItem(g, "uuid")->valuestring,
                        "GPU-dgx-1-2");
    assert_string_equal(cJSON_GetObjectItem(g, "bus_id")->valuestring,
                        "00000000:38:00.0");
    assert_string_equal(cJSON_GetObjectItem(g, "driver")->valuestring,
                        "580.65.06");
    assert_string_equal(cJSON_GetObjectItem(g, "model")->valuestring,
                        "NVIDIA H100 80GB HBM3");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(
        g, "evidence_ids"), 0)->valuestring, "F002");
    assert_string_equal(cJSON_GetObjectItem(g, "node")->valuestring,
                        "dgx-1");
    assert_non_null(strstr(cJSON_GetObjectItem(g, "action")->valuestring,
                           " -> "));
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(gpus, 0),
                                            "action")->valuestring, "none");
    json = cJSON_PrintUnformatted(cJSON_GetObjectItem(root, "gpu_nodes"));
    assert_non_null(strstr(json, "\"verdict\":\"FAILED\",\"gpus\":8,"
                                 "\"failed\":1,\"degraded\":1"));
    free(json);
    cJSON_Delete(root);
    sb_buf_release(&html);
    sb_buf_release(&md);
    sb_gpufleet_release(&f);
}

/* Xid 154's recovery action is the action; NONE leaves the GPU healthy. */
static void test_xid154_recovery_action_decides(void **state)
{
    sqlite3 *db = *state;
    struct sb_gpufleet f = SB_GPUFLEET_INIT;

    add_gpus(db, "n", 3);
    xid(db, "n", "0000:18:00", 154, "2026-11-23T10:00:00Z",
        "GPU recovery action changed from 0x0 (None) to 0x2 (Node Reboot "
        "Required)");
    xid(db, "n", "0000:28:00", 154, "2026-11-23T10:00:00Z",
        "GPU recovery action changed from 0x0 (None) to 0x3 (Drain P2P)");
    xid(db, "n", "0000:38:00", 154, "2026-11-23T10:00:00Z",
        "GPU recovery action changed from 0x1 (GPU Reset Required) to 0x0 "
        "(None)");
    load(db, &f);
    assert_int_equal(gpu(&f, "n", 0)->verdict, SB_GPU_FAILED);
    assert_string_equal(gpu(&f, "n", 0)->action,
                        "drain the node -> reboot it");
    assert_non_null(strstr(gpu(&f, "n", 0)->evidence[0],
                           "recovery action NODE_REBOOT"));
    assert_int_equal(gpu(&f, "n", 1)->verdict, SB_GPU_DEGRADED);
    assert_int_equal(gpu(&f, "n", 2)->verdict, SB_GPU_HEALTHY);
    sb_gpufleet_release(&f);
}

/* A code newer than the catalog still counts, and says so; ECC, retired
 * pages and slowdowns from nvidia-smi's counters. */
static void test_counters_and_unknown_codes(void **state)
{
    sqlite3 *db = *state;
    struct sb_gpufleet f = SB_GPUFLEET_INIT;

    add_gpus(db, "n", 6);
    xid(db, "n", "0000:18:00", 185, "2026-11-23T10:00:00Z", "new thing");
    exec(db, "UPDATE gpus SET ecc_volatile_uncorrected = 2 WHERE gpu_index = 1;"
         "UPDATE gpus SET remapped_rows_failure = 1 WHERE gpu_index = 2;"
         "UPDATE gpus SET retired_pages = 61 WHERE gpu_index = 3;"
         "UPDATE gpus SET throttle_reasons = 'sw_power_cap,hw_slowdown' "
         "WHERE gpu_index = 4;"
         /* power capping alone is normal under load */
         "UPDATE gpus SET throttle_reasons = 'sw_power_cap', retired_pages = 0"
         " WHERE gpu_index = 5");
    load(db, &f);
    assert_int_equal(gpu(&f, "n", 0)->verdict, SB_GPU_DEGRADED);
    assert_non_null(strstr(gpu(&f, "n", 0)->evidence[0],
                           "Xid 185 (not in the catalog (NVIDIA Xid catalog"));
    assert_int_equal(gpu(&f, "n", 1)->verdict, SB_GPU_FAILED);
    assert_int_equal(gpu(&f, "n", 2)->verdict, SB_GPU_FAILED);
    assert_non_null(strstr(gpu(&f, "n", 2)->action, "replace the board"));
    assert_int_equal(gpu(&f, "n", 3)->verdict, SB_GPU_FAILED);
    assert_int_equal(gpu(&f, "n", 4)->verdict, SB_GPU_DEGRADED);
    assert_int_equal(gpu(&f, "n", 5)->verdict, SB_GPU_HEALTHY);
    sb_gpufleet_release(&f);
}

/* Node-level evidence: a GPU missing from nvidia-smi, a fatal SXid, a GPU
 * only the kernel log names; MIG capacity is not a missing GPU. */
static void test_node_level_evidence(void **state)
{
    sqlite3 *db = *state;
    struct sb_gpufleet f = SB_GPUFLEET_INIT;

    add_gpus(db, "short", 7);
    exec(db, "UPDATE node_resources SET capacity = 8, allocatable = 8 "
         "WHERE node = 'short'");
    add_gpus(db, "mig", 1);
    exec(db, "UPDATE node_resources SET capacity = 7, allocatable = 7 "
         "WHERE node = 'mig'; UPDATE nodes SET labels = "
         "'{\"nvidia.com/mig.strategy\":\"single\"}' WHERE name = 'mig'");
    add_gpus(db, "fabric", 2);
    exec(db, "INSERT INTO gpu_events (bundle_id, node, kind, pci, code, "
         "fatal, time, text) VALUES (1, 'fabric', 'sxid', '0000:05:00.0', "
         "20034, 1, '2026-11-23T10:00:00Z', 'SXid ...'), (1, 'mig', 'sxid',"
         " '0000:05:00.0', 12028, 0, '2026-11-23T10:00:00Z', 'SXid ...'), "
         "(1, 'lost', 'fell-off-bus', '0000:3b:00.0', NULL, 1, "
         "'2026-11-23T10:00:00Z', 'NVRM: GPU 0000:3b:00.0: GPU has fallen "
         "off the bus.')");
    load(db, &f);
    assert_int_equal(node(&f, "short")->verdict, SB_GPU_FAILED);
    assert_non_null(strstr(node(&f, "short")->evidence[0],
                           "7 GPU(s) answer nvidia-smi"));
    assert_int_equal(node(&f, "mig")->verdict, SB_GPU_HEALTHY);
    assert_int_equal(node(&f, "mig")->nevidence, 1);    /* non-fatal SXid */
    assert_int_equal(node(&f, "fabric")->verdict, SB_GPU_FAILED);
    assert_non_null(strstr(node(&f, "fabric")->action, "fabric manager"));
    /* no nvidia-smi on 'lost': the kernel log's address is the GPU */
    assert_int_equal(gpu(&f, "lost", -1)->verdict, SB_GPU_FAILED);
    assert_string_equal(gpu(&f, "lost", -1)->pci, "0000:3b:00.0");
    assert_int_equal(node(&f, "lost")->verdict, SB_GPU_FAILED);
    sb_gpufleet_release(&f);
}

static bool read_file(const char *path, struct sb_buf *out)
{
    char chunk[65536];
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return false;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        assert_int_equal(sb_buf_add(out, chunk, n), 0);
    fclose(f);
    return true;
}

/* The real nvidia-smi -q -x recordings (an idle H100 on driver 580 among
 * them) were taken on healthy hardware: every GPU comes out HEALTHY. */
static void test_real_recordings_are_healthy(void **state)
{
    static const char *const dirs[] = { "nvidia-smi-h100-driver580",
                                        "nvidia-smi-xml" };
    sqlite3 *db = *state;
    struct sb_gpufleet f = SB_GPUFLEET_INIT;
    const char *src = getenv("SB_SRC");
    char dir[4096], path[4400], nodename[300];
    int files = 0;

    snprintf(dir, sizeof(dir), "%s/../shared/fixtures/gpu",
             src ? src : ".");
    {
        DIR *probe = opendir(dir);

        if (!probe)
            skip();
        closedir(probe);
    }
    for (size_t d = 0; d < sizeof(dirs) / sizeof(*dirs); d++) {
        DIR *dh;
        struct dirent *e;

        snprintf(path, sizeof(path), "%s/%s", dir, dirs[d]);
        dh = opendir(path);
        if (!dh)
            continue;
        while ((e = readdir(dh))) {
            struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
            struct sb_err err = SB_ERR_INIT;
            size_t n = strlen(e->d_name);

            if (n < 4 || strcmp(e->d_name + n - 4, ".xml"))
                continue;
            snprintf(path, sizeof(path), "%s/%s/%s", dir, dirs[d],
                     e->d_name);
            snprintf(nodename, sizeof(nodename), "%s", e->d_name);
            assert_true(read_file(path, &b));
            if (sb_nvsmi_load_xml(db, 1, nodename, b.data, b.len, path,
                                  &err))
                fail_msg("%s: %s", path, err.msg);
            sb_buf_release(&b);
            files++;
        }
        closedir(dh);
    }
    assert_true(files >= 10);
    load(db, &f);
    assert_true(f.ngpus >= (size_t)files);
    for (size_t i = 0; i < f.ngpus; i++)
        if (f.gpus[i].verdict != SB_GPU_HEALTHY)
            fail_msg("%s GPU %d: %s: %s", f.gpus[i].node,
                     f.gpus[i].gpu_index,
                     sb_gpu_verdict_name(f.gpus[i].verdict),
                     f.gpus[i].nevidence ? f.gpus[i].evidence[0] : "");
    for (size_t i = 0; i < f.nnodes; i++)
        assert_int_equal(f.nodes[i].verdict, SB_GPU_HEALTHY);
    sb_gpufleet_release(&f);
}

/* Names from the bundle are escaped in every format. */
/* $SB_SRC/<rel> loaded as host member 'member' of 'node'. */
static void load_src(sqlite3 *db, const char *node, const char *member,
                     const char *rel)
{
    const char *src = getenv("SB_SRC");
    char path[4096];
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;

    snprintf(path, sizeof(path), "%s/%s", src ? src : ".", rel);
    assert_true(read_file(path, &b));
    if (sb_host_load_member(db, 1, node, member, b.data, b.len, &err))
        fail_msg("%s", err.msg);
    sb_buf_release(&b);
}

static bool has_evidence(char **ev, size_t n, const char *needle)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(ev[i], needle))
            return true;
    return false;
}

/* DCGM's verdicts (tests/data/dcgm): a health Failure and a failed diag
 * test make the GPU FAILED, a Warning DEGRADED, passes nothing. */
static void test_dcgm_health_and_diag_decide(void **state)
{
    sqlite3 *db = *state;
    struct sb_gpufleet f = SB_GPUFLEET_INIT;
    const struct sb_gpu_row *g;

    add_gpus(db, "dgx", 8);
    add_gpus(db, "ok", 2);
    load_src(db, "dgx", "host/dcgmi-health.json",
             "tests/data/dcgm/health-failure.json");
    load_src(db, "dgx", "host/dcgmi-diag-r1.json",
             "tests/data/dcgm/diag-r1-fail.json");
    load_src(db, "ok", "host/dcgmi-health.json",
             "tests/data/dcgm/health-healthy.json");
    load_src(db, "ok", "host/dcgmi-diag-r1.json",
             "tests/data/dcgm/diag-r1-pass.json");
    load(db, &f);
    g = gpu(&f, "dgx", 2);
    assert_int_equal(g->verdict, SB_GPU_FAILED);
    assert_true(has_evidence(g->evidence, g->nevidence,
                             "DCGM health, Memory system: Failure (Detected 2"
                             " volatile double-bit ECC error(s) in GPU 2.)"));
    assert_non_null(strstr(g->action, "dcgmi diag -r 3"));
    g = gpu(&f, "dgx", 5);
    assert_int_equal(g->verdict, SB_GPU_DEGRADED);
    assert_true(has_evidence(g->evidence, g->nevidence,
                             "PCIe system: Warning"));
    g = gpu(&f, "dgx", 1);
    assert_int_equal(g->verdict, SB_GPU_FAILED);
    assert_true(has_evidence(g->evidence, g->nevidence,
                             "DCGM diag test software: Fail (GPU 1 had "
                             "uncorrectable memory errors and row remapping "
                             "failed.)"));
    assert_int_equal(gpu(&f, "dgx", 0)->verdict, SB_GPU_HEALTHY);
    assert_int_equal(gpu(&f, "dgx", 0)->nevidence, 0);
    assert_int_equal(node(&f, "dgx")->verdict, SB_GPU_FAILED);
    assert_int_equal(gpu(&f, "ok", 0)->verdict, SB_GPU_HEALTHY);
    assert_int_equal(gpu(&f, "ok", 1)->verdict, SB_GPU_HEALTHY);
    assert_int_equal(node(&f, "ok")->verdict, SB_GPU_HEALTHY);
    assert_int_equal(node(&f, "ok")->nevidence, 0);
    sb_gpufleet_release(&f);
}

/* Fabric manager, IMEX and lspci evidence about a node as a whole. */
static void test_fabric_imex_and_lspci_decide_the_node(void **state)
{
    sqlite3 *db = *state;
    struct sb_gpufleet f = SB_GPUFLEET_INIT;
    struct sb_err err = SB_ERR_INIT;
    static const char lspci1[] =
        "18:00.0 3D controller [0302]: NVIDIA Corporation GH100 [H100 SXM5 "
        "80GB] [10de:2330] (rev a1)\n"
        "05:00.0 Bridge [0680]: NVIDIA Corporation GH100 [H100 NVSwitch] "
        "[10de:22a3] (rev a1)\n";
    /* two GPUs on the bus, one of them gone from nvidia-smi */
    static const char lspci2[] =
        "18:00.0 3D controller [0302]: NVIDIA Corporation GH100 [H100 SXM5 "
        "80GB] [10de:2330] (rev a1)\n"
        "2a:00.0 3D controller [0302]: NVIDIA Corporation GH100 [H100 SXM5 "
        "80GB] [10de:2330] (rev a1)\n";
    static const char down[] =
        "     Active: failed (Result: exit-code) since Mon 2026-11-23 "
        "09:58:00 UTC; 1h ago\n";
    static const char fatal[] =
        "[Nov 23 2026 10:00:00] [ERROR] [tid 841] detected NVSwitch fatal "
        "error 20034 on fid 0 on NVSwitch pci bus id 00000000:05:00.0 "
        "physical id 0 port 33\n";
    static const char nonfatal[] =
        "[Nov 23 2026 10:00:00] [ERROR] [tid 841] detected NVSwitch "
        "non-fatal error 12028 on fid 0 on NVSwitch pci bus id "
        "00000000:05:00.0 physical id 0 port 61\n";
    static const char imex[] =
        "[Nov 23 2026 10:00:00] [ERROR] [tid 79] Failed to connect to the "
        "IMEX peer gb-2\n";
    static const struct {
        const char *node, *member, *data;
    } m[] = {
        { "fm", "host/fabricmanager.log", fatal },
        { "fmnf", "host/fabricmanager.log", nonfatal },
        { "down", "host/fabricmanager-status.txt", down },
        { "down", "host/lspci.txt", lspci1 },
        { "down-nosw", "host/fabricmanager-status.txt", down },
        { "imex", "host/nvidia-imex.log", imex },
        { "pci", "host/lspci.txt", lspci2 },
    };

    add_gpus(db, "fm", 1);
    add_gpus(db, "fmnf", 1);
    add_gpus(db, "down", 1);
    add_gpus(db, "down-nosw", 1);
    add_gpus(db, "imex", 1);
    add_gpus(db, "pci", 1);
    for (size_t i = 0; i < sizeof(m) / sizeof(*m); i++)
        if (sb_host_load_member(db, 1, m[i].node, m[i].member, m[i].data,
                                strlen(m[i].data), &err))
            fail_msg("%s", err.msg);
    load(db, &f);
    assert_int_equal(node(&f, "fm")->verdict, SB_GPU_FAILED);
    assert_true(has_evidence(node(&f, "fm")->evidence,
                             node(&f, "fm")->nevidence,
                             "1 fabric manager error(s), fatal"));
    assert_int_equal(node(&f, "fmnf")->verdict, SB_GPU_HEALTHY);
    assert_int_equal(node(&f, "fmnf")->nevidence, 1);
    assert_int_equal(node(&f, "down")->verdict, SB_GPU_FAILED);
    assert_true(has_evidence(node(&f, "down")->evidence,
                             node(&f, "down")->nevidence,
                             "the fabric manager is not running (Active: "
                             "failed"));
    assert_int_equal(node(&f, "down-nosw")->verdict, SB_GPU_HEALTHY);
    assert_int_equal(node(&f, "down-nosw")->nevidence, 1);
    assert_int_equal(node(&f, "imex")->verdict, SB_GPU_DEGRADED);
    assert_int_equal(node(&f, "pci")->verdict, SB_GPU_FAILED);
    assert_true(has_evidence(node(&f, "pci")->evidence,
                             node(&f, "pci")->nevidence,
                             "1 GPU(s) answer nvidia-smi, the PCI bus holds "
                             "2 NVIDIA GPU(s) (lspci)"));
    sb_gpufleet_release(&f);
}

static void test_bundle_strings_are_escaped(void **state)
{
    sqlite3 *db = *state;
    struct sb_gpufleet f = SB_GPUFLEET_INIT;
    struct sb_buf html = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf md = SB_BUF_INIT(SB_BUF_UNLIMITED);

    exec(db, "INSERT INTO gpus (bundle_id, node, gpu_index, pci_bus_id, "
         "product, ecc_volatile_uncorrected) VALUES (1, 'n<script>|x', 0, "
         "'00000000:18:00.0', '<img src=x>', 1)");
    load(db, &f);
    assert_int_equal(sb_gpufleet_html(&f, &html), 0);
    assert_null(strstr(html.data, "<script>"));
    assert_null(strstr(html.data, "<img"));
    assert_int_equal(sb_gpufleet_md(&f, &md), 0);
    assert_null(strstr(md.data, "<script>"));
    assert_non_null(strstr(md.data, "n&lt;script&gt;\\|x"));
    sb_buf_release(&html);
    sb_buf_release(&md);
    sb_gpufleet_release(&f);
}

/* No GPU: an empty fleet and nothing rendered. */
static void test_no_gpus_renders_nothing(void **state)
{
    struct sb_gpufleet f = SB_GPUFLEET_INIT;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    load(*state, &f);
    assert_int_equal(f.ngpus + f.nnodes, 0);
    assert_int_equal(sb_gpufleet_html(&f, &b), 0);
    assert_int_equal(sb_gpufleet_md(&f, &b), 0);
    assert_int_equal(b.len, 0);
    sb_buf_release(&b);
    sb_gpufleet_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_fleet_one_failed_one_degraded_six_healthy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xid154_recovery_action_decides,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_counters_and_unknown_codes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_node_level_evidence, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_real_recordings_are_healthy,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_dcgm_health_and_diag_decide,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_fabric_imex_and_lspci_decide_the_node, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bundle_strings_are_escaped,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_gpus_renders_nothing, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
