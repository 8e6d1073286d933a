/*
 * Golden tests of the loader: small bundles of each format, built here,
 * loaded into an in-memory database, their tables compared row by row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_bwriter.h"
#include "sb_db.h"
#include "sb_load.h"
#include "sb_load_ctx.h"
#include "sb_time.h"

struct file {
    const char *path, *data;
};

static char tmpdir[512];

static int setup(void **state)
{
    const char *t = getenv("TMPDIR");

    snprintf(tmpdir, sizeof(tmpdir), "%s/sbload-XXXXXX", t ? t : "/tmp");
    assert_non_null(mkdtemp(tmpdir));
    return 0;
}

static int teardown(void **state)
{
    char cmd[600];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void mkdirs(char *path)
{
    char *p;

    for (p = path + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0700);
            *p = '/';
        }
    }
}

/* Writes 'files' under tmpdir/name/ and returns that folder. */
static const char *make_folder(const char *name, const struct file *files)
{
    static char dir[700];
    char path[1400];
    FILE *f;

    snprintf(dir, sizeof(dir), "%s/%s", tmpdir, name);
    for (; files->path; files++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files->path);
        mkdirs(path);
        f = fopen(path, "wb");
        assert_non_null(f);
        fwrite(files->data, 1, strlen(files->data), f);
        fclose(f);
    }
    return dir;
}

static const char *make_sbundle(const char *name, const struct file *files,
                                const char *manifest)
{
    static char out[700];
    struct sb_err err = SB_ERR_INIT;
    struct sb_bwriter *w;

    snprintf(out, sizeof(out), "%s/%s.tar.gz", tmpdir, name);
    assert_int_equal(sb_bwriter_open(out, name, &w, &err), 0);
    for (; files->path; files++)
        assert_int_equal(sb_bwriter_add(w, files->path, files->data,
                                        strlen(files->data), &err), 0);
    assert_int_equal(sb_bwriter_finish(w, cJSON_Parse(manifest), &err), 0);
    return out;
}

/* Rows of 'sql' as "a|b|c\n" lines (NULL as ""). Caller frees. */
static char *rows(struct sb_db *db, const char *sql)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st;
    int i, n;

    if (sqlite3_prepare_v2(sb_db_handle(db), sql, -1, &st, NULL)) {
        fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(sb_db_handle(db)));
        fail();
    }
    n = sqlite3_column_count(st);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (i = 0; i < n; i++) {
            const unsigned char *t = sqlite3_column_text(st, i);
            assert_int_equal(sb_buf_addf(&b, "%s%s", i ? "|" : "", t ? (const char *)t : ""), 0);
        }
        assert_int_equal(sb_buf_addc(&b, '\n'), 0);
    }
    sqlite3_finalize(st);
    return sb_buf_detach(&b, NULL);
}

#define assert_rows(db, sql, expected)                                 \
    do {                                                               \
        char *got_ = rows(db, sql);                                    \
        if (strcmp(got_, expected) != 0)                               \
            fprintf(stderr, "query: %s\ngot:\n%s\nexpected:\n%s\n",    \
                    sql, got_, expected);                              \
        assert_string_equal(got_, expected);                           \
        sb_free(got_);                                                 \
    } while (0)

static struct sb_db *open_mem(void)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db;

    assert_int_equal(sb_db_open(":memory:", &db, &err), 0);
    return db;
}

static size_t line_max;     /* 0: the loader's default */

static int load(struct sb_db *db, const char *path, struct sb_err *err)
{
    struct sb_load_opts o;
    int rc;

    memset(&o, 0, sizeof(o));
    o.line_max = line_max;
    rc = sb_load_bundle(db, path, &o, NULL, NULL, err);
    if (rc)
        fprintf(stderr, "load: %s\n", err->msg);
    if (rc == 0)
        assert_int_equal(sb_load_finish(db, NULL, err), 0);
    return rc;
}

/* ---------------- sbundle ---------------- */

static const char pods_json[] =
    "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[{"
    "\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"train-0\","
    "\"namespace\":\"ml\",\"uid\":\"u1\",\"creationTimestamp\":"
    "\"2026-11-23T09:00:00Z\",\"labels\":{\"app\":\"train\"},"
    "\"ownerReferences\":[{\"kind\":\"StatefulSet\",\"name\":\"train\","
    "\"uid\":\"s1\",\"controller\":true}]},"
    "\"spec\":{\"nodeName\":\"gpu-1\",\"initContainers\":[{\"name\":\"init\","
    "\"image\":\"busybox\"}],\"containers\":[{\"name\":\"main\",\"image\":"
    "\"trainer:1\",\"resources\":{\"requests\":{\"cpu\":\"500m\",\"memory\":"
    "\"1Gi\",\"nvidia.com/gpu\":\"2\"},\"limits\":{\"memory\":\"2Gi\","
    "\"nvidia.com/gpu\":\"2\"}}}]},"
    "\"status\":{\"phase\":\"Running\",\"qosClass\":\"Burstable\","
    "\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"},"
    "{\"type\":\"Initialized\",\"status\":\"True\"}],"
    "\"initContainerStatuses\":[{\"name\":\"init\",\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}}],"
    "\"containerStatuses\":[{\"name\":\"main\",\"ready\":false,"
    "\"restartCount\":7,\"state\":{\"waiting\":{\"reason\":"
    "\"CrashLoopBackOff\",\"message\":\"back-off 5m0s\"}},\"lastState\":"
    "{\"terminated\":{\"exitCode\":137,\"reason\":\"OOMKilled\","
    "\"startedAt\":\"2026-11-23T10:00:00Z\",\"finishedAt\":"
    "\"2026-11-23T10:01:00+01:00\"}}}]}}]}";

static const char nodes_json[] =
    "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"items\":[{\"kind\":"
    "\"Node\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"gpu-1\","
    "\"labels\":{\"node-role.kubernetes.io/worker\":\"\","
    "\"nvidia.com/gpu.product\":\"NVIDIA-A100\"}},\"spec\":{\"taints\":[{"
    "\"key\":\"nvidia.com/gpu\",\"effect\":\"NoSchedule\"}]},\"status\":{"
    "\"capacity\":{\"cpu\":\"16\",\"memory\":\"64Gi\",\"nvidia.com/gpu\":"
    "\"8\"},\"allocatable\":{\"cpu\":\"15500m\",\"memory\":\"63Gi\","
    "\"nvidia.com/gpu\":\"7\"},\"conditions\":[{\"type\":\"Ready\","
    "\"status\":\"True\",\"lastTransitionTime\":\"2026-11-23T08:00:00Z\"}],"
    "\"nodeInfo\":{\"kubeletVersion\":\"v1.30.1\"},\"addresses\":[{\"type\":"
    "\"InternalIP\",\"address\":\"10.0.0.7\"}]}}]}";

static const char events_json[] =
    "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[{\"kind\":"
    "\"Event\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"train-0.1\","
    "\"namespace\":\"ml\"},\"type\":\"Warning\",\"reason\":\"BackOff\","
    "\"message\":\"Back-off restarting failed container\",\"count\":12,"
    "\"firstTimestamp\":\"2026-11-23T10:00:05Z\",\"lastTimestamp\":"
    "\"2026-11-23T10:30:00Z\",\"involvedObject\":{\"kind\":\"Pod\","
    "\"namespace\":\"ml\",\"name\":\"train-0\",\"fieldPath\":"
    "\"spec.containers{main}\"},\"source\":{\"component\":\"kubelet\","
    "\"host\":\"gpu-1\"}}]}";

static const char deploy_json[] =
    "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"items\":[{\"kind\":"
    "\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":"
    "\"web\",\"namespace\":\"ml\",\"generation\":3},\"spec\":{\"replicas\":3,"
    "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"strategy\":{\"type\":"
    "\"RollingUpdate\"}},\"status\":{\"observedGeneration\":3,\"replicas\":3,"
    "\"readyReplicas\":1,\"availableReplicas\":1,\"unavailableReplicas\":2,"
    "\"conditions\":[{\"type\":\"Available\",\"status\":\"False\","
    "\"reason\":\"MinimumReplicasUnavailable\"}]}}]}";

static const char svc_json[] =
    "[{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":"
    "\"web\",\"namespace\":\"ml\"},\"spec\":{\"type\":\"ClusterIP\","
    "\"clusterIP\":\"10.96.0.10\",\"selector\":{\"app\":\"web\"},\"ports\":"
    "[{\"port\":80,\"targetPort\":8080}]}}]";

static const char ep_json[] =
    "{\"kind\":\"EndpointsList\",\"items\":[{\"metadata\":{\"name\":\"web\","
    "\"namespace\":\"ml\"},\"subsets\":[{\"addresses\":[{\"ip\":\"10.1.0.5\","
    "\"nodeName\":\"gpu-1\",\"targetRef\":{\"kind\":\"Pod\",\"name\":"
    "\"web-1\"}}],\"notReadyAddresses\":[{\"ip\":\"10.1.0.6\"}],\"ports\":"
    "[{\"port\":8080}]}]}]}";

static const char dcgm_prom[] =
    "# HELP DCGM_FI_DEV_GPU_TEMP GPU temperature (in C).\n"
    "# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n"
    "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\",UUID=\"GPU-aaa\",pci_bus_id="
    "\"00000000:3B:00.0\",modelName=\"NVIDIA A100\",Hostname=\"gpu-1\"} 71\n"
    "DCGM_FI_DEV_FB_USED{gpu=\"0\",UUID=\"GPU-aaa\"} 1000\n"
    "DCGM_FI_DEV_FB_FREE{gpu=\"0\",UUID=\"GPU-aaa\"} 39000\n"
    "DCGM_FI_DEV_XID_ERRORS{gpu=\"0\",UUID=\"GPU-aaa\",pci_bus_id="
    "\"00000000:3B:00.0\"} 79\n"
    "this line is not a metric\n";

static const struct file sbundle_files[] = {
    { "resources/ml/pods.json", pods_json },
    { "resources/_cluster/nodes.json", nodes_json },
    { "resources/ml/events.json", events_json },
    { "resources/ml/deployments.apps.json", deploy_json },
    { "resources/ml/services.json", svc_json },
    { "resources/ml/endpoints.json", ep_json },
    { "logs/ml/train-0/main.log",
      "2026-11-23T10:00:01.5Z starting\n"
      "2026-11-23T10:00:02.123456789Z loading model\n"
      "no stamp here\n"
      "2026-11-23T11:00:03+01:00 in another zone\n" },
    { "logs/ml/train-0/main.previous.log",
      "2026-11-23T09:59:59Z CUDA error: out of memory\n" },
    { "nodes/gpu-1/logs/kern.log",
      "2026-11-23T10:02:11.000000+00:00 gpu-1 kernel: NVRM: Xid "
      "(PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the "
      "bus.\n"
      "2026-11-23T10:02:12+00:00 gpu-1 kernel: all fine\n" },
    { "nodes/gpu-1/dcgm-exporter.prom", dcgm_prom },
    { "describe/ml/pods/train-0.txt", "Name: train-0\n" },
    { NULL, NULL },
};

static const char sbundle_manifest[] =
    "{\"format_version\":1,\"tool_version\":\"0.1.0\",\"cluster\":\"lab\","
    "\"server\":\"10.0.0.1:6443\",\"kubernetes_version\":\"v1.30.1\","
    "\"collection\":{\"start\":\"2026-11-23T10:40:00Z\",\"end\":"
    "\"2026-11-23T10:41:00Z\"},\"complete\":false,"
    "\"collectors\":[{\"name\":\"resources\",\"status\":\"ok\"},"
    "{\"name\":\"node-logs\",\"status\":\"failed\",\"error\":\"403 "
    "Forbidden\"}],\"gaps\":[{\"collector\":\"resources\",\"target\":"
    "\"secrets\",\"status\":403,\"error\":\"forbidden\"}],"
    "\"redactions\":{\"token\":3,\"password\":1}}";

static void test_sbundle_loads_every_typed_table(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    const char *b = make_sbundle("lab", sbundle_files, sbundle_manifest);

    assert_int_equal(load(db, b, &err), 0);
    assert_rows(db, "SELECT format, kind, cluster, server, k8s_version, "
                "collected_start, collected_end, complete, tool_version "
                "FROM bundles",
                "sbundle|cluster|lab|10.0.0.1:6443|v1.30.1|"
                "2026-11-23T10:40:00Z|2026-11-23T10:41:00Z|0|0.1.0\n");
    assert_rows(db, "SELECT namespace, name, uid, node, phase, status, "
                "ready, ready_containers, total_containers, restarts, "
                "qos_class, owner_kind, owner_name, gpu_request, labels, "
                "file FROM pods",
                "ml|train-0|u1|gpu-1|Running|CrashLoopBackOff|0|0|1|7|"
                "Burstable|StatefulSet|train|2.0|{\"app\":\"train\"}|"
                "resources/ml/pods.json\n");
    assert_rows(db, "SELECT name, type, image, cpu_request, memory_request, "
                "memory_limit, gpu_request, restart_count, state, "
                "state_reason, state_message, last_state, last_reason, "
                "last_exit_code, last_started, last_finished FROM containers "
                "ORDER BY type DESC",
                "init|init|busybox|||||0|terminated|Completed||||||\n"
                "main|container|trainer:1|500.0|1073741824.0|2147483648.0|"
                "2.0|7|waiting|CrashLoopBackOff|back-off 5m0s|terminated|"
                "OOMKilled|137|2026-11-23T10:00:00Z|2026-11-23T09:01:00Z\n");
    assert_rows(db, "SELECT type, status FROM pod_conditions ORDER BY type",
                "Initialized|True\nReady|False\n");
    assert_rows(db, "SELECT kind, namespace, name, owner_kind, owner_name, "
                "controller FROM owners",
                "Pod|ml|train-0|StatefulSet|train|1\n");
    assert_rows(db, "SELECT name, ready, ready_since, roles, "
                "kubelet_version, internal_ip, gpu_product FROM nodes",
                "gpu-1|True|2026-11-23T08:00:00Z|worker|v1.30.1|10.0.0.7|"
                "NVIDIA-A100\n");
    assert_rows(db, "SELECT resource, capacity, allocatable, capacity_text "
                "FROM node_resources ORDER BY resource",
                "cpu|16000.0|15500.0|16\n"
                "memory|68719476736.0|67645734912.0|64Gi\n"
                "nvidia.com/gpu|8.0|7.0|8\n");
    assert_rows(db, "SELECT node, key, effect FROM node_taints",
                "gpu-1|nvidia.com/gpu|NoSchedule\n");
    assert_rows(db, "SELECT namespace, type, reason, count, first_seen, "
                "last_seen, object_kind, object_name, object_field, "
                "source_component, source_host FROM events",
                "ml|Warning|BackOff|12|2026-11-23T10:00:05Z|"
                "2026-11-23T10:30:00Z|Pod|train-0|spec.containers{main}|"
                "kubelet|gpu-1\n");
    assert_rows(db, "SELECT kind, name, generation, observed_generation, "
                "desired, current, ready, available, unavailable, selector, "
                "strategy FROM workloads",
                "Deployment|web|3|3|3|3|1|1|2|{\"app\":\"web\"}|"
                "RollingUpdate\n");
    assert_rows(db, "SELECT kind, name, type, status, reason FROM "
                "workload_conditions",
                "Deployment|web|Available|False|"
                "MinimumReplicasUnavailable\n");
    assert_rows(db, "SELECT name, type, cluster_ip, selector, ports FROM "
                "services",
                "web|ClusterIP|10.96.0.10|{\"app\":\"web\"}|"
                "[{\"port\":80,\"targetPort\":8080}]\n");
    assert_rows(db, "SELECT name, ip, ready, target_kind, target_name, node "
                "FROM endpoints ORDER BY ip",
                "web|10.1.0.5|1|Pod|web-1|gpu-1\nweb|10.1.0.6|0|||\n");
    assert_rows(db, "SELECT container, previous, line_no, time, text FROM "
                "log_lines ORDER BY previous, line_no",
                "main|0|1|2026-11-23T10:00:01.500000000Z|starting\n"
                "main|0|2|2026-11-23T10:00:02.123456789Z|loading model\n"
                "main|0|3||no stamp here\n"
                "main|0|4|2026-11-23T10:00:03Z|in another zone\n"
                "main|1|1|2026-11-23T09:59:59Z|CUDA error: out of memory\n");
    assert_rows(db, "SELECT l.pod FROM log_fts f JOIN log_lines l ON "
                "l.id = f.rowid WHERE log_fts MATCH 'cuda'", "train-0\n");
    assert_rows(db, "SELECT node, source, line_no, time FROM node_log_lines",
                "gpu-1|kern.log|1|2026-11-23T10:02:11.000000000Z\n"
                "gpu-1|kern.log|2|2026-11-23T10:02:12Z\n");
    assert_rows(db, "SELECT node, pci, code, time, pid, source FROM gpu_xids "
                "ORDER BY source",
                "gpu-1|00000000:3B:00.0|79|2026-11-23T10:41:00Z||"
                "dcgm-exporter\n"
                "gpu-1|0000:3b:00|79|2026-11-23T10:02:11.000000000Z|1234|"
                "kern.log\n");
    assert_rows(db, "SELECT node, gpu_index, uuid, pci_bus_id, product, "
                "temperature, memory_used, memory_total, source FROM gpus",
                "gpu-1|0|GPU-aaa|00000000:3B:00.0|NVIDIA A100|71.0|1000.0|"
                "40000.0|dcgm-exporter\n");
    assert_rows(db, "SELECT count(*) FROM metrics WHERE source = "
                "'dcgm-exporter'", "4\n");
    assert_rows(db, "SELECT rule, count FROM redactions ORDER BY rule",
                "password|1\ntoken|3\n");
    assert_rows(db, "SELECT collector, target, status, error FROM "
                "collection_errors ORDER BY collector",
                "node-logs|||403 Forbidden\n"
                "resources|secrets|403|forbidden\n");
    assert_rows(db, "SELECT status, count(*) FROM files GROUP BY status",
                "ok|11\nskipped|1\n");
    assert_rows(db, "SELECT file, error FROM load_errors",
                "nodes/gpu-1/dcgm-exporter.prom|1 malformed metric lines "
                "skipped\n");
    assert_rows(db, "SELECT kind, resource, count(*) FROM objects GROUP BY "
                "kind ORDER BY kind",
                "Deployment|deployments.apps|1\nEndpoints|endpoints|1\n"
                "Event|events|1\nNode|nodes|1\nPod|pods|1\n"
                "Service|services|1\n");
    sb_db_close(db);
}

static void test_manifest_mismatch_missing_and_unlisted_are_flagged(
    void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    const struct file files[] = {
        { "manifest.json",
          "{\"format_version\":1,\"files\":["
          "{\"path\":\"resources/a/pods.json\",\"size\":2,\"sha256\":"
          "\"0000000000000000000000000000000000000000000000000000000000000000"
          "\"},{\"path\":\"resources/a/events.json\",\"size\":2,\"sha256\":"
          "\"4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
          "\"},{\"path\":\"logs/a/p/c.log\",\"size\":3,\"sha256\":\"ab\"}]}" },
        { "resources/a/pods.json", "[]" },
        { "resources/a/events.json", "[]" },
        { "resources/a/extra.json", "[]" },
        { NULL, NULL },
    };
    const char *dir = make_folder("verify", files);

    assert_int_equal(load(db, dir, &err), 0);
    assert_rows(db, "SELECT path, status FROM files ORDER BY path",
                "logs/a/p/c.log|missing\n"
                "manifest.json|ok\n"
                "resources/a/events.json|ok\n"
                "resources/a/extra.json|unlisted\n"
                "resources/a/pods.json|mismatch\n");
    assert_rows(db, "SELECT file FROM load_errors ORDER BY file",
                "logs/a/p/c.log\nresources/a/extra.json\n"
                "resources/a/pods.json\n");
    sb_db_close(db);
}

#define SHA_EMPTY_LIST \
    "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
#define SHA_ONE_LIST \
    "080a9ed428559ef602668b4c00f114f1a11c3f6b02a435f0bdc154578e4d7f22"

/* A tar.gz of 'files' in that order, under a top folder: a path may come
 * twice, which neither a folder nor sb_bwriter can hold. */
static const char *make_tar(const char *name, const struct file *files)
{
    static char out[700];
    struct archive *a = archive_write_new();
    char path[1024];

    snprintf(out, sizeof(out), "%s/%s.tar.gz", tmpdir, name);
    assert_int_equal(archive_write_add_filter_gzip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(a, out), ARCHIVE_OK);
    for (; files->path; files++) {
        struct archive_entry *e = archive_entry_new();
        snprintf(path, sizeof(path), "top/%s", files->path);
        archive_entry_set_pathname(e, path);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)strlen(files->data));
        /* a path that is not UTF-8 is written as it is, with a warning */
        assert_true(archive_write_header(a, e) >= ARCHIVE_WARN);
        assert_true(archive_write_data(a, files->data, strlen(files->data))
                    == (la_ssize_t)strlen(files->data));
        archive_entry_free(e);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    return out;
}

/* A path listed twice keeps its later entry, whatever the first said;
 * an upper-case digest matches; an entry without a digest leaves its
 * member unlisted; an absent path listed twice is one missing row. */
static void test_manifest_listing_a_path_twice_keeps_the_later(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    const struct file files[] = {
        { "manifest.json",
          "{\"format_version\":1,\"files\":["
          "{\"path\":\"resources/a/pods.json\",\"sha256\":\"" SHA_ONE_LIST
          "\"},{\"path\":\"resources/a/events.json\",\"sha256\":\""
          SHA_EMPTY_LIST "\"},{\"path\":\"gone.log\",\"size\":3},"
          "{\"path\":\"resources/a/pods.json\",\"size\":2,\"sha256\":\""
          SHA_EMPTY_LIST "\"},{\"path\":\"resources/a/events.json\","
          "\"sha256\":\"" SHA_ONE_LIST "\"},{\"path\":\"gone.log\","
          "\"size\":4,\"sha256\":\"ab\"},"
          "{\"path\":\"resources/b/pods.json\",\"sha256\":\"4F53CDA18C2BAA0C"
          "0354BB5F9A3ECBE5ED12AB4D8E11BA873C2F11161202B945\"},"
          "{\"path\":\"resources/b/events.json\",\"size\":2},"
          "{\"size\":1},{\"path\":7}]}" },
        { "resources/a/pods.json", "[]" },
        { "resources/a/events.json", "[]" },
        { "resources/b/pods.json", "[]" },
        { "resources/b/events.json", "[]" },
        { NULL, NULL },
    };

    (void)state;
    assert_int_equal(load(db, make_folder("listed2", files), &err), 0);
    assert_rows(db, "SELECT path, size, status, manifest_sha256 IS NULL "
                "FROM files WHERE status <> 'ok' OR path LIKE '%pods%' "
                "ORDER BY path",
                "gone.log|4|missing|0\n"
                "resources/a/events.json|2|mismatch|0\n"
                "resources/a/pods.json|2|ok|0\n"
                "resources/b/events.json|2|unlisted|1\n"
                "resources/b/pods.json|2|ok|0\n");
    assert_rows(db, "SELECT file FROM load_errors",
                "gone.log\nresources/a/events.json\n"
                "resources/b/events.json\n");
    sb_db_close(db);
}

/* A path the tar holds twice is one row, at the later member's place
 * (its rowid too), checked with the later member's digest. */
static void test_member_twice_in_the_tar_keeps_the_later(void **state)
{
    static const char manifest[] =
        "{\"format_version\":1,\"files\":["
        "{\"path\":\"resources/a/pods.json\",\"size\":2,\"sha256\":\""
        SHA_EMPTY_LIST "\"},{\"path\":\"resources/a/events.json\","
        "\"size\":2,\"sha256\":\"" SHA_EMPTY_LIST "\"}]}";
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    const struct file files[] = {
        { "resources/a/pods.json", "[1]" },
        { "resources/a/events.json", "[]" },
        { "resources/a/pods.json", "[]" },
        { "resources/a/events.json", "[1]" },
        { "manifest.json", manifest },
        { NULL, NULL },
    };

    (void)state;
    assert_int_equal(load(db, make_tar("twice", files), &err), 0);
    assert_rows(db, "SELECT rowid, path, size, status, sha256 FROM files "
                "WHERE path <> 'manifest.json' ORDER BY rowid",
                "3|resources/a/pods.json|2|ok|" SHA_EMPTY_LIST "\n"
                "4|resources/a/events.json|3|mismatch|" SHA_ONE_LIST "\n");
    assert_rows(db, "SELECT rowid, status FROM files WHERE path = "
                "'manifest.json'", "5|ok\n");
    sb_db_close(db);
}

/* Paths whose bytes are not ASCII, or not UTF-8 at all, are kept as
 * they are and come after ASCII ones in the problems' order, which
 * compares bytes as unsigned. */
static void test_paths_with_odd_bytes_are_checked_bytewise(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    const struct file files[] = {
        { "resources/a/\xff\xfe.json", "[]" },
        { "resources/a/tab\there.json", "[]" },
        { "resources/a/na\xc3\xafve.json", "[]" },
        { "manifest.json",
          "{\"format_version\":1,\"files\":["
          "{\"path\":\"resources/a/na\\u00efve.json\",\"sha256\":\""
          SHA_EMPTY_LIST "\"},{\"path\":\"resources/a/\\u00e9t\\u00e9.log\"},"
          "{\"path\":\"resources/a/Zed.log\"}]}" },
        { NULL, NULL },
    };

    (void)state;
    assert_int_equal(load(db, make_tar("odd", files), &err), 0);
    assert_rows(db, "SELECT hex(path), status FROM files ORDER BY rowid",
                "7265736F75726365732F612FFFFE2E6A736F6E|unlisted\n"
                "7265736F75726365732F612F7461620968657265"
                "2E6A736F6E|unlisted\n"
                "7265736F75726365732F612F6E61C3AF76652E6A736F6E|ok\n"
                "6D616E69666573742E6A736F6E|ok\n"
                "7265736F75726365732F612F5A65642E6C6F67|missing\n"
                "7265736F75726365732F612FC3A974C3A92E6C6F67|missing\n");
    assert_rows(db, "SELECT hex(file) FROM load_errors",
                "7265736F75726365732F612F5A65642E6C6F67\n"
                "7265736F75726365732F612F7461620968657265"
                "2E6A736F6E\n"
                "7265736F75726365732F612FC3A974C3A92E6C6F67\n"
                "7265736F75726365732F612FFFFE2E6A736F6E\n");
    sb_db_close(db);
}

/* The manifest's file list is read item by item when it can be, and
 * with the whole manifest otherwise (here: an escaped key before it);
 * either way the rows, the problems and the report's copy are the same,
 * with items that are not objects, keys twice, a second "files". */
static void test_manifest_list_read_either_way_is_the_same(void **state)
{
    static const char list[] =
        "\"files\" : [ {\"path\":\"resources/a/pods.json\",\"size\":2,"
        "\"sha256\":\"" SHA_ONE_LIST "\"}, 1, \"s\", null, [{\"path\":"
        "\"x\"}], {\"path\":\"gone]\\\"{\",\"path\":\"gone2\","
        "\"sha256\":5}, {\"path\":\"resources/a/events.json\",\"x\":"
        "[[{}]],\"sha256\":\"" SHA_EMPTY_LIST "\"} ]";
    char manifest[2][1024];
    char *got[2][3];
    size_t i, k;

    (void)state;
    snprintf(manifest[0], sizeof(manifest[0]), "{\"format_version\":1,%s,"
             "\"k\\u0041\":1,\"files\":[]}", list);
    snprintf(manifest[1], sizeof(manifest[1]), "{\"format_version\":1,"
             "\"k\\u0041\":1,%s,\"files\":[]}", list);
    for (i = 0; i < 2; i++) {
        struct sb_err err = SB_ERR_INIT;
        struct sb_db *db = open_mem();
        char name[32];
        const struct file files[] = {
            { "resources/a/pods.json", "[]" },
            { "resources/a/events.json", "[]" },
            { "resources/a/extra.json", "[]" },
            { "manifest.json", manifest[i] },
            { NULL, NULL },
        };

        snprintf(name, sizeof(name), "either%zu", i);
        assert_int_equal(load(db, make_tar(name, files), &err), 0);
        got[i][0] = rows(db, "SELECT rowid, path, size, sha256, "
                         "manifest_sha256, status, error FROM files "
                         "WHERE path <> 'manifest.json' ORDER BY rowid");
        got[i][1] = rows(db, "SELECT rowid, file, error FROM load_errors "
                         "ORDER BY rowid");
        got[i][2] = rows(db, "SELECT manifest FROM bundles");
        sb_db_close(db);
    }
    assert_string_equal(got[0][0],
        "1|resources/a/pods.json|2|" SHA_EMPTY_LIST "|" SHA_ONE_LIST
        "|mismatch|\n"
        "2|resources/a/events.json|2|" SHA_EMPTY_LIST "|" SHA_EMPTY_LIST
        "|ok|\n"
        "3|resources/a/extra.json|2|" SHA_EMPTY_LIST "||unlisted|\n"
        "5|gone]\"{||||missing|listed in the manifest, absent from the "
        "bundle\n");
    assert_string_equal(got[0][2], "{\"format_version\":1,\"kA\":1,"
                        "\"files\":[]}\n");
    for (k = 0; k < 3; k++) {
        assert_string_equal(got[0][k], got[1][k]);
        sb_free(got[0][k]);
        sb_free(got[1][k]);
    }
}

/* The report's copy of the manifest leaves out the first "files" list
 * (a second stays, as cJSON's delete left it), whether the fast parser
 * read the manifest or, for a text it refuses ("01" is cJSON's to judge),
 * cJSON did. */
static void test_manifest_text_without_its_file_list(void **state)
{
    static const char *const numbers[] = { "1", "01" };
    struct sb_err err = SB_ERR_INIT;
    char manifest[640], name[32];
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        struct sb_db *db = open_mem();
        const struct file files[] = {
            { "manifest.json", manifest },
            { "resources/a/pods.json", "[]" },
            { NULL, NULL },
        };

        snprintf(manifest, sizeof(manifest),
                 "{\"format_version\":%s,\"cluster\":\"c1\",\"files\":["
                 "{\"path\":\"resources/a/pods.json\",\"size\":2,"
                 "\"sha256\":\"4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11"
                 "ba873c2f11161202b945\"}],"
                 "\"note\":\"x\",\"files\":[]}", numbers[i]);
        snprintf(name, sizeof(name), "mtext%zu", i);
        assert_int_equal(load(db, make_folder(name, files), &err), 0);
        assert_rows(db, "SELECT cluster, manifest FROM bundles",
                    "c1|{\"format_version\":1,\"cluster\":\"c1\","
                    "\"note\":\"x\",\"files\":[]}\n");
        assert_rows(db, "SELECT path, status FROM files ORDER BY path",
                    "manifest.json|ok\nresources/a/pods.json|ok\n");
        sb_db_close(db);
    }
}

/* ---------------- troubleshoot ---------------- */

static void test_troubleshoot_folder_loads_lists_arrays_yaml_and_logs(
    void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    const struct file files[] = {
        { "support-bundle/version.yaml", "kind: SupportBundle\n" },
        { "support-bundle/cluster-info/cluster_version.json",
          "{\"info\":{\"gitVersion\":\"v1.24.4+k3s1\"},\"string\":"
          "\"v1.24.4+k3s1\"}" },
        { "support-bundle/cluster-resources/pods/default.json",
          "[{\"metadata\":{\"name\":\"p\",\"namespace\":\"default\"},"
          "\"spec\":{\"containers\":[{\"name\":\"c\"}]},\"status\":{\"phase\":"
          "\"Pending\",\"containerStatuses\":[{\"name\":\"c\",\"state\":"
          "{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}}]}}]" },
        { "support-bundle/cluster-resources/events/default.json",
          "{\"kind\":\"EventList\",\"items\":[{\"metadata\":{\"name\":\"e1\","
          "\"namespace\":\"default\"},\"reason\":\"Failed\",\"type\":"
          "\"Warning\",\"eventTime\":\"2022-12-01T14:01:21.000001Z\","
          "\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\"}}]}" },
        { "support-bundle/cluster-resources/nodes.json",
          "{\"kind\":\"NodeList\",\"items\":[{\"metadata\":{\"name\":\"n1\"}}]}" },
        { "support-bundle/cluster-resources/custom-resources/"
          "addons.k3s.cattle.io/kube-system.yaml",
          "- apiVersion: k3s.cattle.io/v1\n  kind: Addon\n  metadata:\n"
          "    name: ccm\n    namespace: kube-system\n    generation: 2\n" },
        { "support-bundle/cluster-resources/pods/logs/default/p/c.log",
          "one\ntwo\n" },
        { "support-bundle/cluster-resources/pods/logs/default/p/"
          "c-previous.log", "crashed\n" },
        { "support-bundle/cluster-resources/auth-cani-list/default.json",
          "{}" },
        { NULL, NULL },
    };
    const char *dir = make_folder("ts", files);

    assert_int_equal(load(db, dir, &err), 0);
    assert_rows(db, "SELECT format, k8s_version, collected_end FROM bundles",
                "troubleshoot|v1.24.4+k3s1|2022-12-01T14:01:21.000001000Z\n");
    assert_rows(db, "SELECT namespace, name, status FROM pods",
                "default|p|ImagePullBackOff\n");
    assert_rows(db, "SELECT state_reason FROM containers",
                "ImagePullBackOff\n");
    assert_rows(db, "SELECT reason, first_seen, last_seen FROM events",
                "Failed|2022-12-01T14:01:21.000001000Z|"
                "2022-12-01T14:01:21.000001000Z\n");
    assert_rows(db, "SELECT name FROM nodes", "n1\n");
    assert_rows(db, "SELECT kind, name, json->>'$.metadata.generation' FROM "
                "objects WHERE kind = 'Addon'", "Addon|ccm|2\n");
    assert_rows(db, "SELECT container, previous, text FROM log_lines ORDER "
                "BY previous, line_no",
                "c|0|one\nc|0|two\nc|1|crashed\n");
    sb_db_close(db);
}

/* ---------------- kubectl cluster-info dump ---------------- */

static void test_cluster_info_dump_folder_loads_with_per_container_logs(
    void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    const struct file files[] = {
        { "nodes.json", "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\","
          "\"items\":[{\"metadata\":{\"name\":\"kind-control-plane\"}}]}" },
        { "kube-system/pods.json", "{\"kind\":\"PodList\",\"items\":[{"
          "\"metadata\":{\"name\":\"coredns-1\",\"namespace\":"
          "\"kube-system\"},\"spec\":{\"containers\":[{\"name\":\"coredns\"},"
          "{\"name\":\"side\"}]},\"status\":{\"phase\":\"Running\"}}]}" },
        { "kube-system/events.json", "{\"kind\":\"EventList\",\"items\":[]}" },
        { "kube-system/coredns-1/logs.txt",
          "==== START logs for container coredns of pod "
          "kube-system/coredns-1 ====\n"
          "[INFO] plugin/reload: Running configuration\n"
          "==== END logs for container coredns of pod "
          "kube-system/coredns-1 ====\n"
          "==== START logs for container side of pod kube-system/coredns-1 "
          "====\nsidecar up\n" },
        { NULL, NULL },
    };
    const char *dir = make_folder("dump", files);

    assert_int_equal(load(db, dir, &err), 0);
    assert_rows(db, "SELECT format FROM bundles", "cluster-info-dump\n");
    assert_rows(db, "SELECT name FROM nodes", "kind-control-plane\n");
    assert_rows(db, "SELECT name, total_containers FROM pods",
                "coredns-1|2\n");
    assert_rows(db, "SELECT container, line_no, text FROM log_lines ORDER BY "
                "id", "coredns|1|[INFO] plugin/reload: Running configuration\n"
                "side|2|sidecar up\n");
    /* one stream per container part of the file, each a rowid range */
    assert_rows(db, "SELECT s.container, s.lines, l.text FROM log_streams s "
                "JOIN log_lines l ON l.id BETWEEN s.first_id AND s.last_id "
                "ORDER BY s.id", "coredns|1|[INFO] plugin/reload: Running "
                "configuration\nside|1|sidecar up\n");
    sb_db_close(db);
}

/* Lines are written 64 to an INSERT: a batch must not outlive the read
 * buffer it points into, a cleaned line its copy, nor a container its
 * part of a dump. Every line must come out as it went in, in its stream,
 * and reach the line sink with the id and text the table holds. */
static void sink(void *ctx, int64_t id, const char *text, size_t len)
{
    assert_int_equal(sb_buf_addf(ctx, "%lld|%.*s\n", (long long)id, (int)len, text), 0);
}

static void test_batched_lines_keep_order_streams_and_sink(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    struct sb_buf text = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf fed = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf huge = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_load_opts o;
    char *want;
    int i;
    struct file files[] = {
        { "cluster/version.json", "{\"gitVersion\":\"v1.30.1\"}" },
        { "kube-system/big-1/logs.txt", NULL },
        { "kube-system/huge-1/logs.txt", NULL },
        { NULL, NULL },
    };

    /* 150 lines (two full batches and 22), one of them not UTF-8 and
     * one over the cap; then 70 lines and no END marker; then one line
     * without a newline */
    assert_int_equal(sb_buf_adds(&text, "==== START logs for container a of pod "
                                 "kube-system/big-1 ====\n"), 0);
    for (i = 1; i <= 150; i++)
        assert_int_equal(sb_buf_addf(&text, i == 70 ? "line %d \xff\n" :
                                     i == 100 ? "line %d xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n" :
                                     "line %d\n", i), 0);
    assert_int_equal(sb_buf_adds(&text, "==== END logs for container a of pod "
                                 "kube-system/big-1 ====\n"
                                 "==== START logs for container b of pod "
                                 "kube-system/big-1 ====\n"), 0);
    for (i = 1; i <= 70; i++)
        assert_int_equal(sb_buf_addf(&text, "b %d\n", i), 0);
    assert_int_equal(sb_buf_adds(&text, "==== START logs for container c of pod "
                                 "kube-system/big-1 ====\nlast"), 0);
    files[1].data = sb_buf_str(&text);
    /* and a log longer than one read, so batches meet the buffer's end */
    assert_int_equal(sb_buf_adds(&huge, "==== START logs for container h of pod "
                                 "kube-system/huge-1 ====\n"), 0);
    for (i = 1; i <= 30000; i++)
        assert_int_equal(sb_buf_addf(&huge, "huge line number %d\n", i), 0);
    files[2].data = sb_buf_str(&huge);
    memset(&o, 0, sizeof(o));
    o.line_max = 64;
    o.line_sink = sink;
    o.line_sink_ctx = &fed;
    assert_int_equal(sb_load_bundle(db, make_folder("batch", files), &o,
                                    NULL, NULL, &err), 0);
    assert_rows(db, "SELECT container, first_id, last_id, lines FROM "
                "log_streams ORDER BY id", "a|1|150|150\nb|151|220|70\n"
                "c|221|221|1\nh|222|30221|30000\n");
    assert_rows(db, "SELECT count(*) FROM log_lines WHERE container = 'h'"
                " AND text <> 'huge line number ' || line_no", "0\n");
    assert_rows(db, "SELECT count(*) FROM log_lines l JOIN log_streams s ON"
                " l.id BETWEEN s.first_id AND s.last_id WHERE"
                " l.container <> s.container", "0\n");
    /* (a dump's line numbers run on across its containers, markers
     * not counted) */
    assert_rows(db, "SELECT line_no, text FROM log_lines WHERE id IN"
                " (1, 64, 65, 70, 100, 150, 151, 220, 221) ORDER BY id",
                "1|line 1\n64|line 64\n65|line 65\n70|line 70 \xef\xbf\xbd\n"
                "100|line 100 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                "xxxxxxxx\n150|line 150\n151|b 1\n220|b 70\n221|last\n");
    want = rows(db, "SELECT id, text FROM log_lines ORDER BY id");
    assert_string_equal(sb_buf_str(&fed), want);
    /* a temporary database's statistics: log_text's size from its
     * streams, not from counting it; the other tables analyzed */
    o.skip_fts = true;
    assert_int_equal(sb_load_finish(db, &o, &err), 0);
    assert_rows(db, "SELECT stat FROM sqlite_stat1 WHERE tbl = 'log_text'",
                "30221\n");
    assert_rows(db, "SELECT count(*) > 0 FROM sqlite_stat1 WHERE tbl = "
                "'log_streams'", "1\n");
    sb_free(want);
    sb_buf_release(&fed);
    sb_buf_release(&huge);
    sb_buf_release(&text);
    sb_db_close(db);
}

/* log_streams rows are written when their stream ends, with the ids
 * SQLite would have given them when they came first: after the largest
 * id already there (a row added by hand, an earlier bundle), in the
 * order the streams began, in rows and in blocks alike. */
static void test_stream_ids_follow_the_rows_already_there(void **state)
{
    const struct file files[] = {
        { "cluster/version.json", "{\"gitVersion\":\"v1.30.1\"}" },
        { "kube-system/web-1/logs.txt",
          "==== START logs for container a of pod kube-system/web-1 ====\n"
          "a 1\na 2\n"
          "==== END logs for container a of pod kube-system/web-1 ====\n"
          "==== START logs for container b of pod kube-system/web-1 ====\n"
          "b 1\n" },
        { NULL, NULL },
    };
    const char *path = make_folder("stream-ids", files);
    int temporary;

    (void)state;
    for (temporary = 0; temporary < 2; temporary++) {
        struct sb_err err = SB_ERR_INIT;
        struct sb_load_opts o;
        struct sb_db *db;

        memset(&o, 0, sizeof(o));
        o.skip_fts = temporary;     /* a temporary database: blocks */
        assert_int_equal(sb_db_open(temporary ? "" : ":memory:", &db, &err),
                         0);
        assert_int_equal(sb_db_exec(db, "INSERT INTO log_streams(id, "
                                    "bundle_id, namespace, pod, container, "
                                    "previous, first_id, last_id, lines) "
                                    "VALUES (40, 9, 'x', 'y', 'z', 0, 0, 0, "
                                    "0)", &err), 0);
        assert_int_equal(sb_load_bundle(db, path, &o, NULL, NULL, &err), 0);
        assert_int_equal(sb_load_bundle(db, path, &o, NULL, NULL, &err), 0);
        assert_rows(db, "SELECT id, bundle_id, pod, container, first_id, "
                    "last_id, lines FROM log_streams ORDER BY id",
                    "40|9|y|z|0|0|0\n41|1|web-1|a|1|2|2\n"
                    "42|1|web-1|b|3|3|1\n43|2|web-1|a|4|5|2\n"
                    "44|2|web-1|b|6|6|1\n");
        assert_rows(db, "SELECT group_concat(text, ',') FROM (SELECT text "
                    "FROM log_lines WHERE container = 'b' ORDER BY id)",
                    "b 1,b 1\n");
        sb_db_close(db);
    }
}

/* ---------------- what sb_load_finish tidies ---------------- */

/* Loads 'json' as member 'file' of bundle 1 through the loader itself. */
static void load_member(struct sb_db *db, const char *file, const char *json)
{
    struct sb_load_stats stats;
    struct sb_load_ctx ctx;
    struct sb_err err = SB_ERR_INIT;
    char *copy = sb_strdup(json);

    assert_non_null(copy);
    memset(&ctx, 0, sizeof(ctx));
    memset(&stats, 0, sizeof(stats));
    ctx.db = db;
    ctx.bundle_id = 1;
    ctx.bundle_path = "b";
    ctx.format = "sbundle";
    ctx.line_max = 1024;
    ctx.stats = &stats;
    assert_int_equal(sb_load_k8s_json(&ctx, file, NULL, copy, strlen(copy),
                                      &err), 0);
    sb_free(copy);
}

#define EVENT(api, name) "{\"apiVersion\":\"" api "\",\"kind\":\"Event\"," \
    "\"metadata\":{\"namespace\":\"ml\",\"name\":\"" name "\"}," \
    "\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"train-0\"}}"
#define POD(name) "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":" \
    "{\"namespace\":\"ml\",\"name\":\"" name "\"}}"

/* The handle learns from the objects themselves which of sb_load_finish's
 * searches over every object can find anything: a member LIKE '%.yaml'
 * and an Event LIKE 'events.k8s.io/%', both case-blind as LIKE is. */
static void test_loads_mark_what_finish_must_tidy(void **state)
{
    struct sb_db *db = open_mem();

    (void)state;
    assert_int_equal(sb_db_exec(db, "INSERT INTO bundles(id, path, format) "
                                "VALUES (1, 'b', 'sbundle')", NULL), 0);
    load_member(db, "resources/ml/pods.json", POD("a"));
    load_member(db, "resources/ml/events.json", EVENT("v1", "e1"));
    load_member(db, "ml/pods.yaml.json", POD("b"));
    assert_int_equal(sb_db_loaded(db), 0);
    load_member(db, "ml/events.json", EVENT("EVENTS.k8s.io/v1", "e2"));
    assert_int_equal(sb_db_loaded(db), SB_DB_EVENTS_K8S_IO);
    load_member(db, "ml/POD-B.YAML", POD("b"));
    assert_int_equal(sb_db_loaded(db),
                     SB_DB_EVENTS_K8S_IO | SB_DB_YAML_OBJECTS);
    /* and a member that holds no object marks nothing */
    sb_db_close(db);
    db = open_mem();
    assert_int_equal(sb_db_exec(db, "INSERT INTO bundles(id, path, format) "
                                "VALUES (1, 'b', 'sbundle')", NULL), 0);
    load_member(db, "x.yaml", "{\"items\":[]}");
    assert_int_equal(sb_db_loaded(db), 0);
    sb_db_close(db);
}

/* The copies are still dropped where a load brought them: the YAML copy
 * of an object a JSON member has, the events.k8s.io copy of a core event
 * in another member; the originals and the objects without a copy stay. */
static void test_finish_drops_yaml_and_event_copies(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();

    (void)state;
    assert_int_equal(sb_db_exec(db, "INSERT INTO bundles(id, path, format) "
                                "VALUES (1, 'b', 'sbundle')", &err), 0);
    load_member(db, "resources/ml/pods.json", POD("a"));
    load_member(db, "ml/pods/a.yaml", POD("a"));
    load_member(db, "ml/pods/c.yaml", POD("c"));
    load_member(db, "resources/ml/events.json", EVENT("v1", "e1"));
    load_member(db, "resources/ml/events.events.k8s.io.json",
                EVENT("events.k8s.io/v1", "e1"));
    assert_rows(db, "SELECT count(*) FROM events", "2\n");
    assert_int_equal(sb_load_finish(db, NULL, &err), 0);
    assert_rows(db, "SELECT name, file FROM objects WHERE kind = 'Pod' "
                "ORDER BY name, file", "a|resources/ml/pods.json\n"
                "c|ml/pods/c.yaml\n");
    assert_rows(db, "SELECT name, file FROM events", "e1|resources/ml/"
                "events.json\n");
    sb_db_close(db);
}

/* objects_uid serves people querying a kept database; no query of
 * analyze's plans on it, so a temporary one (skip_fts) goes without */
static void test_a_temporary_database_goes_without_objects_uid(
    void **state)
{
    const struct file files[] = {
        { "resources/ml/pods.json", pods_json },
        { "cluster/version.json", "{}" },
        { NULL, NULL },
    };
    const char *path = make_folder("uid-index", files);
    int temporary;

    (void)state;
    for (temporary = 0; temporary < 2; temporary++) {
        struct sb_err err = SB_ERR_INIT;
        struct sb_load_opts o;
        struct sb_db *db;

        memset(&o, 0, sizeof(o));
        o.skip_fts = temporary;
        assert_int_equal(sb_db_open(temporary ? "" : ":memory:", &db, &err),
                         0);
        assert_int_equal(sb_load_bundle(db, path, &o, NULL, NULL, &err), 0);
        assert_int_equal(sb_load_bundle(db, path, &o, NULL, NULL, &err), 0);
        assert_int_equal(sb_load_finish(db, &o, &err), 0);
        assert_rows(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
                    "'objects_uid'", temporary ? "0\n" : "1\n");
        assert_rows(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
                    "'objects_kind'", "1\n");
        assert_rows(db, "SELECT count(*), count(DISTINCT bundle_id) FROM "
                    "objects WHERE kind = 'Pod'", "2|2\n");
        sb_db_close(db);
    }
}

/* ---------------- bad input ---------------- */

static void test_bad_json_member_is_named_and_the_rest_loads(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    const struct file files[] = {
        { "resources/a/pods.json", "{\"items\":[{\"metadata\":" },
        { "cluster/version.json", "{\"gitVersion\":\"v1.30.1\"}" },
        { "resources/_cluster/nodes.json", nodes_json },
        { NULL, NULL },
    };
    const char *dir = make_folder("badjson", files);

    assert_int_equal(load(db, dir, &err), 0);
    assert_rows(db, "SELECT name FROM nodes", "gpu-1\n");
    assert_rows(db, "SELECT file, error FROM load_errors",
                "resources/a/pods.json|bad JSON in 'resources/a/pods.json' "
                "near byte 21\n");
    assert_rows(db, "SELECT path, status FROM files ORDER BY path",
                "cluster/version.json|ok\n"
                "resources/_cluster/nodes.json|ok\n"
                "resources/a/pods.json|error\n");
    sb_db_close(db);
}

static void test_non_utf8_is_replaced_and_long_lines_are_capped(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    const struct file files[] = {
        { "logs/a/p/c.log",
          "bad \xff byte\n"
          "0123456789012345678901234567890123456789012345678901234567890123"
          "456789 over the cap\n"
          "after\r\n"
          "no newline at the end" },
        { "cluster/version.json", "{\"gitVersion\":\"v1.30.1\"}" },
        { NULL, NULL },
    };
    const char *dir = make_folder("text", files);

    line_max = 64;
    assert_int_equal(load(db, dir, &err), 0);
    line_max = 0;
    assert_rows(db, "SELECT line_no, text FROM log_lines ORDER BY line_no",
                "1|bad \xef\xbf\xbd byte\n"
                "2|0123456789012345678901234567890123456789012345678901234567"
                "890123\n"
                "3|after\n"
                "4|no newline at the end\n");
    assert_rows(db, "SELECT error FROM load_errors",
                "1 lines longer than 64 bytes were capped\n");
    sb_db_close(db);
}

static void test_deeply_nested_json_is_an_error_not_a_crash(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    struct file files[4] = { { "resources/a/pods.json", NULL },
                             { "resources/_cluster/nodes.json", nodes_json },
                             { "cluster/version.json", "{}" },
                             { NULL, NULL } };
    char *deep = sb_malloc(200001);
    const char *dir;

    memset(deep, '[', 100000);
    memset(deep + 100000, ']', 100000);
    deep[200000] = '\0';
    files[0].data = deep;
    dir = make_folder("deep", files);
    assert_int_equal(load(db, dir, &err), 0);
    assert_rows(db, "SELECT file FROM load_errors", "resources/a/pods.json\n");
    assert_rows(db, "SELECT count(*) FROM nodes", "1\n");
    sb_free(deep);
    sb_db_close(db);
}

/* ------------- resource lists: batches, raw text, times ------------- */

/* creationTimestamps: the loader passes the ones sb_time_normalize gives
 * back unchanged as they are, and must agree with it on all of them */
static const char *const times[] = {
    "2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
    "2024-01-01T00:00:60Z", "2024-01-01t00:00:00z", "2024-01-01T24:00:00Z",
    "2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00+02:00",
    "1899-12-31T23:59:59Z", "1900-01-01T00:00:00Z", "2024-13-01T00:00:00Z",
    "2024-01-01T00:00:00Zjunk", "2024-01-01T00:00:00",
    "2100-02-29T00:00:00Z",
    "2000-02-29T00:00:00Z", "not a time", "",
};
#define NTIMES (sizeof(times) / sizeof(times[0]))
#define NNS 150     /* two batches of 64, and a rest */

static void test_a_long_list_keeps_its_order_its_text_and_its_times(
    void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    struct sb_buf list = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf names = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf created = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct file files[3] = { { "resources/_cluster/namespaces.json", NULL },
                             { "cluster/version.json", "{}" },
                             { NULL, NULL } };
    char item[256], want[SB_TIME_MAX];
    int i;

    assert_int_equal(sb_buf_adds(&list, "{\"kind\": \"NamespaceList\", \"items\": [\n"), 0);
    for (i = 0; i < NNS; i++) {
        /* spaced like kubectl's output, names with escapes now and then */
        snprintf(item, sizeof(item), "%s{\"metadata\": {\"name\": "
                 "\"ns-%d%s\", \"creationTimestamp\": \"%s\"},\n"
                 "   \"status\": {\"phase\": \"Active\"}}",
                 i ? ",\n  " : "  ", i, i % 7 ? "" : "\\u00e9\\t",
                 times[i % NTIMES]);
        assert_int_equal(sb_buf_adds(&list, item), 0);
        assert_int_equal(sb_buf_addf(&names, "ns-%d%s\n", i, i % 7 ? "" : "\xc3\xa9\t"), 0);
        assert_int_equal(sb_buf_addf(&created, "%s\n", sb_time_normalize(times[i % NTIMES],
                                                                         want) ? want : ""), 0);
    }
    assert_int_equal(sb_buf_adds(&list, "\n]}\n"), 0);
    files[0].data = sb_buf_str(&list);
    assert_int_equal(load(db, make_folder("long", files), &err), 0);
    assert_rows(db, "SELECT name FROM namespaces ORDER BY rowid",
                sb_buf_str(&names));
    assert_rows(db, "SELECT name FROM objects ORDER BY rowid",
                sb_buf_str(&names));
    assert_rows(db, "SELECT coalesce(created, '') FROM namespaces ORDER BY "
                "rowid", sb_buf_str(&created));
    assert_rows(db, "SELECT coalesce(created, '') FROM objects ORDER BY "
                "rowid", sb_buf_str(&created));
    /* each object's own bytes, white space and escapes as written */
    snprintf(item, sizeof(item), "{\"metadata\": {\"name\": \"ns-%d\", "
             "\"creationTimestamp\": \"%s\"},\n   \"status\": {\"phase\": "
             "\"Active\"}}\n", NNS - 1, times[(NNS - 1) % NTIMES]);
    assert_rows(db, "SELECT json FROM objects ORDER BY rowid DESC LIMIT 1",
                item);
    assert_rows(db, "SELECT count(*), sum(json_valid(json)), "
                "count(DISTINCT resource), min(file) = max(file) FROM "
                "objects",
                "150|150|1|1\n");
    sb_buf_release(&list);
    sb_buf_release(&names);
    sb_buf_release(&created);
    sb_db_close(db);
}

/* Text cJSON reads but sb_jscan refuses, and a List whose "items" is
 * escaped, go the old way: each item's own bytes when the skipper finds
 * them, the object printed back otherwise. */
static void test_members_off_the_fast_path_load_as_before(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    const struct file files[] = {
        { "resources/a/configmaps.json",
          "{\"kind\":\"ConfigMapList\",\"items\":[{\"metadata\":{\"name\":"
          "\"leading-zero\",\"namespace\":\"a\",\"generation\":01}}]}" },
        { "resources/b/configmaps.json",
          "\xef\xbb\xbf{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
          "\"bom\",\"namespace\":\"b\"},  \"data\": {\"k\": \"v\"}}" },
        { "resources/c/configmaps.json",
          "[{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"trailing\","
          "\"namespace\":\"c\"}}] and then some" },
        /* strict JSON, but the skipper finds no "items" spelled out */
        { "resources/d/configmaps.json",
          "{\"kind\":\"ConfigMapList\",\"item\\u0073\": [ {\"metadata\": "
          "{\"name\": \"escaped-items\", \"namespace\": \"d\"}} ]}" },
        { "cluster/version.json", "{}" },
        { NULL, NULL },
    };

    assert_int_equal(load(db, make_folder("cjson", files), &err), 0);
    assert_rows(db, "SELECT name, json FROM objects ORDER BY name",
                "bom|{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"bom\","
                "\"namespace\":\"b\"},\"data\":{\"k\":\"v\"}}\n"
                "escaped-items|{\"metadata\":{\"name\":\"escaped-items\","
                "\"namespace\":\"d\"}}\n"
                "leading-zero|{\"metadata\":{\"name\":\"leading-zero\","
                "\"namespace\":\"a\",\"generation\":01}}\n"
                "trailing|{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
                "\"trailing\",\"namespace\":\"c\"}}\n");
    assert_rows(db, "SELECT count(*) FROM load_errors", "0\n");
    sb_db_close(db);
}

static void test_a_file_that_is_not_a_bundle_fails_with_its_name(
    void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    char path[700];
    FILE *f;

    snprintf(path, sizeof(path), "%s/notabundle.tar.gz", tmpdir);
    f = fopen(path, "w");
    fputs("hello, I am text\n", f);
    fclose(f);
    assert_int_not_equal(load(db, path, &err), 0);
    assert_non_null(strstr(err.msg, "notabundle.tar.gz"));
    snprintf(path, sizeof(path), "%s/empty.tar.gz", tmpdir);
    f = fopen(path, "w");
    fclose(f);
    err = (struct sb_err)SB_ERR_INIT;
    assert_int_not_equal(load(db, path, &err), 0);
    assert_non_null(strstr(err.msg, "empty.tar.gz"));
    sb_db_close(db);
}

static void test_two_bundles_share_one_database(void **state)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = open_mem();
    const struct file a[] = { { "resources/_cluster/nodes.json", nodes_json },
                              { "cluster/version.json", "{}" },
                              { NULL, NULL } };
    const struct file b[] = { { "resources/ml/pods.json", pods_json },
                              { "cluster/version.json", "{}" },
                              { NULL, NULL } };

    assert_int_equal(load(db, make_folder("two-a", a), &err), 0);
    assert_int_equal(load(db, make_folder("two-b", b), &err), 0);
    assert_rows(db, "SELECT id, format FROM bundles",
                "1|sbundle\n2|sbundle\n");
    assert_rows(db, "SELECT bundle_id, name FROM nodes", "1|gpu-1\n");
    assert_rows(db, "SELECT bundle_id, name FROM pods", "2|train-0\n");
    /* the indexes dropped for each walk are all back, and used */
    {
        struct sb_db *fresh = open_mem();
        const char *q = "SELECT group_concat(name, ',') FROM (SELECT name "
                        "FROM sqlite_schema WHERE type = 'index' AND name "
                        "NOT IN ('log_text_stream') ORDER BY name)";
        sqlite3_stmt *a = NULL, *b = NULL;

        assert_int_equal(sqlite3_prepare_v2(sb_db_handle(db), q, -1, &a,
                                            NULL), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(sb_db_handle(fresh), q, -1, &b,
                                            NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(a), SQLITE_ROW);
        assert_int_equal(sqlite3_step(b), SQLITE_ROW);
        assert_non_null(strstr((const char *)sqlite3_column_text(a, 0),
                               "pods_name"));
        assert_string_equal(sqlite3_column_text(a, 0),
                            sqlite3_column_text(b, 0));
        sqlite3_finalize(a);
        sqlite3_finalize(b);
        sb_db_close(fresh);
    }
    assert_rows(db, "SELECT name FROM pods INDEXED BY pods_name WHERE "
                "namespace = 'ml'", "train-0\n");
    sb_db_close(db);
}

/* ---------------- real troubleshoot bundles ---------------- */

static void test_real_troubleshoot_bundles_load_pods_events_and_logs(
    void **state)
{
    static const char *const names[] = { "k3s-support-bundle.tar.gz",
                                         "baseline-support-bundle.tar.gz" };
    const char *src = getenv("SB_SRC");
    char path[1024];
    size_t i;

    for (i = 0; i < 2; i++) {
        struct sb_err err = SB_ERR_INIT;
        struct sb_db *db;
        snprintf(path, sizeof(path), "%s/../shared/fixtures/troubleshoot/%s",
                 src ? src : ".", names[i]);
        if (access(path, R_OK) != 0)
            skip();
        db = open_mem();
        assert_int_equal(load(db, path, &err), 0);
        assert_rows(db, "SELECT format FROM bundles", "troubleshoot\n");
        assert_rows(db, "SELECT count(*) > 0 FROM pods", "1\n");
        assert_rows(db, "SELECT count(*) > 0 FROM containers", "1\n");
        assert_rows(db, "SELECT count(*) > 0 FROM events", "1\n");
        assert_rows(db, "SELECT count(*) > 0 FROM log_lines", "1\n");
        if (i == 0)
            assert_rows(db, "SELECT max(restarts) FROM pods", "192\n");
        sb_db_close(db);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sbundle_loads_every_typed_table),
        cmocka_unit_test(
            test_manifest_mismatch_missing_and_unlisted_are_flagged),
        cmocka_unit_test(test_manifest_text_without_its_file_list),
        cmocka_unit_test(test_manifest_listing_a_path_twice_keeps_the_later),
        cmocka_unit_test(test_member_twice_in_the_tar_keeps_the_later),
        cmocka_unit_test(test_paths_with_odd_bytes_are_checked_bytewise),
        cmocka_unit_test(test_manifest_list_read_either_way_is_the_same),
        cmocka_unit_test(
            test_troubleshoot_folder_loads_lists_arrays_yaml_and_logs),
        cmocka_unit_test(
            test_cluster_info_dump_folder_loads_with_per_container_logs),
        cmocka_unit_test(test_batched_lines_keep_order_streams_and_sink),
        cmocka_unit_test(test_stream_ids_follow_the_rows_already_there),
        cmocka_unit_test(test_loads_mark_what_finish_must_tidy),
        cmocka_unit_test(test_finish_drops_yaml_and_event_copies),
        cmocka_unit_test(test_a_temporary_database_goes_without_objects_uid),
        cmocka_unit_test(test_bad_json_member_is_named_and_the_rest_loads),
        cmocka_unit_test(
            test_non_utf8_is_replaced_and_long_lines_are_capped),
        cmocka_unit_test(test_deeply_nested_json_is_an_error_not_a_crash),
        cmocka_unit_test(
            test_a_long_list_keeps_its_order_its_text_and_its_times),
        cmocka_unit_test(test_members_off_the_fast_path_load_as_before),
        cmocka_unit_test(test_a_file_that_is_not_a_bundle_fails_with_its_name),
        cmocka_unit_test(test_two_bundles_share_one_database),
        cmocka_unit_test(
            test_real_troubleshoot_bundles_load_pods_events_and_logs),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
