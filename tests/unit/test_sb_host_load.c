#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sb_buf.h"
#include "sb_embed.h"
#include "sb_host_load.h"

static int setup(void **state)
{
    const struct sb_embed_file *schema = sb_embed_find("schema/001_core.sql");
    sqlite3 *db = NULL;

    assert_non_null(schema);
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, schema->data, NULL, NULL, NULL),
                     SQLITE_OK);
    schema = sb_embed_find("schema/004_gpu_events.sql");
    assert_non_null(schema);
    assert_int_equal(sqlite3_exec(db, schema->data, NULL, NULL, NULL),
                     SQLITE_OK);
    schema = sb_embed_find("schema/006_gpu_health.sql");
    assert_non_null(schema);
    assert_int_equal(sqlite3_exec(db, schema->data, NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO bundles (id, path, format,"
                                  " kind, node_name, collected_end) VALUES "
                                  "(1, 'b.tar.gz', 'sbundle', 'host', "
                                  "'gpu-a', '2025-11-23T10:10:00Z')",
                                  NULL, NULL, NULL), SQLITE_OK);
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    sqlite3_close(*state);
    return 0;
}

/* The first column of the first row of 'sql' as text ("" for NULL). */
static const char *query(sqlite3 *db, const char *sql)
{
    static char out[4096];
    sqlite3_stmt *st;

    out[0] = '\0';
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, sizeof(out), "%s",
                 (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static void load(sqlite3 *db, const char *path, const char *data)
{
    struct sb_err err = SB_ERR_INIT;

    if (sb_host_load_member(db, 1, "gpu-a", path, data, strlen(data), &err))
        fail_msg("%s", err.msg);
}

/* SXid and lost-GPU lines of the kernel log go to gpu_events; the Xid
 * lines stay in gpu_xids and nothing else is an event. */
static void test_host_load_kernel_log_fills_gpu_events(void **state)
{
    sqlite3 *db = *state;

    load(db, "host/kernel/dmesg.txt",
         "[Sun Nov 23 10:01:00 2025] nvidia-nvswitch2: SXid (PCI:0000:07:00.0):"
         " 20034, Fatal, Link 30 LTSSM Fault Up\n"
         "[Sun Nov 23 10:02:00 2025] NVRM: GPU 0000:3b:00.0: GPU has fallen "
         "off the bus.\n"
         "[Sun Nov 23 10:02:01 2025] NVRM: Xid (PCI:0000:3b:00): 79, pid=1, "
         "name=python, GPU has fallen off the bus.\n"
         "[Sun Nov 23 10:03:00 2025] NVRM: loading NVIDIA UNIX Kernel Module\n");
    assert_string_equal(query(db, "SELECT group_concat(kind || ':' || "
                              "coalesce(code, '-') || ':' || fatal || ':' || "
                              "pci || ':' || node, ' ') FROM (SELECT * FROM "
                              "gpu_events ORDER BY time)"),
                        "sxid:20034:1:0000:07:00.0:gpu-a "
                        "fell-off-bus:-:1:0000:3b:00.0:gpu-a");
    assert_string_equal(query(db, "SELECT count(*) FROM gpu_xids"), "1");
}

static bool read_src(const char *rel, struct sb_buf *out)
{
    const char *src = getenv("SB_SRC");
    char path[4096], chunk[65536];
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "%s/%s", src ? src : ".", rel);
    f = fopen(path, "rb");
    if (!f)
        return false;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        assert_int_equal(sb_buf_add(out, chunk, n), 0);
    fclose(f);
    return true;
}

static void test_host_load_nvidia_smi_xml_fills_gpus(void **state)
{
    sqlite3 *db = *state;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    assert_true(read_src("tests/data/nvsmi/h100x2-v13-ecc.xml", &b));
    load(db, "host/nvidia-smi-q.xml", b.data);
    assert_string_equal(query(db, "SELECT count(*) FROM gpus"), "2");
    assert_string_equal(query(db, "SELECT group_concat(node || ':' || "
                              "gpu_index || ':' || source, ' ') FROM gpus"),
                        "gpu-a:0:nvidia-smi gpu-a:1:nvidia-smi");
    assert_string_equal(query(db, "SELECT pci_bus_id || ' ' || "
                              "ecc_volatile_uncorrected || ' ' || "
                              "ecc_aggregate_uncorrected || ' ' || "
                              "remapped_rows_pending || ' ' || driver_version"
                              " FROM gpus WHERE gpu_index = 1"),
                        "00000000:3B:00.0 2 4 1 580.95.05");
    assert_string_equal(query(db, "SELECT typeof(retired_pages) FROM gpus "
                              "WHERE gpu_index = 1"), "null");
    assert_string_equal(query(db, "SELECT json_extract(processes, '$[0].pid')"
                              " FROM gpus WHERE gpu_index = 1"), "31337");
    sb_buf_release(&b);
}

static void test_host_load_bad_xml_fails_and_leaves_no_rows(void **state)
{
    sqlite3 *db = *state;
    struct sb_err err = SB_ERR_INIT;
    const char *xml = "<nvidia_smi_log><gpu>";

    assert_int_equal(sb_host_load_member(db, 1, "gpu-a",
                                         "host/nvidia-smi-q.xml", xml,
                                         strlen(xml), &err), SB_E_FORMAT);
    assert_non_null(strstr(err.msg, "'host/nvidia-smi-q.xml'"));
    assert_string_equal(query(db, "SELECT count(*) FROM gpus"), "0");
}

static void test_host_load_kernel_log_fills_lines_and_xids(void **state)
{
    sqlite3 *db = *state;

    load(db, "host/kernel/dmesg.txt",
         "[Mon Nov 23 10:01:00 2025] nvidia: loading out-of-tree module\n"
         "[Mon Nov 23 10:02:11 2025] NVRM: Xid (PCI:0000:3b:00): 48, "
         "pid=31337, name=python, DBE (double bit error) ECC error\r\n"
         "Nov 23 10:03:00 gpu-a kernel: NVRM: Xid (PCI:0000:3b:00.0): 79, "
         "pid='<unknown>', name=<unknown>, GPU has fallen off the bus.\n"
         "[ 123.456] no wall clock here\n");
    assert_string_equal(query(db, "SELECT count(*) FROM node_log_lines"), "4");
    assert_string_equal(query(db, "SELECT source || ' ' || line_no || ' ' || "
                              "time FROM node_log_lines WHERE line_no = 2"),
                        "dmesg.txt 2 2025-11-23T10:02:11Z");
    assert_string_equal(query(db, "SELECT typeof(time) FROM node_log_lines "
                              "WHERE line_no = 4"), "null");
    assert_string_equal(query(db, "SELECT group_concat(code || '@' || pci || "
                              "'@' || time || '@' || ifnull(pid, '-') || '@' "
                              "|| ifnull(process, '-'), ' ') FROM "
                              "(SELECT * FROM gpu_xids ORDER BY time)"),
                        "48@0000:3b:00@2025-11-23T10:02:11Z@31337@python "
                        "79@0000:3b:00.0@2025-11-23T10:03:00Z@-@-");
    /* the syslog stamp took its year from the bundle's collection time */
    assert_string_equal(query(db, "SELECT source || ' ' || file FROM "
                              "gpu_xids WHERE code = 79"),
                        "dmesg.txt host/kernel/dmesg.txt");
    assert_string_equal(query(db, "SELECT substr(text, -6) FROM gpu_xids "
                              "WHERE code = 48"), " error");
}

static void test_host_load_journal_gives_lines_but_no_xids(void **state)
{
    sqlite3 *db = *state;

    load(db, "host/journal/kubelet.log",
         "2025-11-23T10:02:12+0000 gpu-a kubelet[812]: E1123 pod sync "
         "failed\n"
         "2025-11-23T10:02:13+0000 gpu-a kubelet[812]: mentions NVRM: Xid "
         "(PCI:0000:3b:00): 79, in a message");
    assert_string_equal(query(db, "SELECT count(*) FROM node_log_lines WHERE "
                              "source = 'kubelet.log'"), "2");
    assert_string_equal(query(db, "SELECT time FROM node_log_lines WHERE "
                              "line_no = 2"), "2025-11-23T10:02:13Z");
    assert_string_equal(query(db, "SELECT count(*) FROM gpu_xids"), "0");
}

static void test_host_load_proc_files_become_metrics(void **state)
{
    sqlite3 *db = *state;

    load(db, "host/proc/meminfo", "MemTotal:       1000 kB\n"
         "MemAvailable:    250 kB\nHugePages_Total:       4\n");
    load(db, "host/proc/loadavg", "3.50 2.25 1.00 2/345 6789\n");
    load(db, "host/proc/pressure/memory",
         "some avg10=12.50 avg60=3.00 avg300=1.00 total=123456\n"
         "full avg10=4.00 avg60=1.00 avg300=0.50 total=789\n");
    load(db, "host/cgroup/memory.stat", "anon 4096\nfile 8192\n");
    assert_string_equal(query(db, "SELECT value FROM metrics WHERE name = "
                              "'meminfo.MemTotal'"), "1024000.0");
    assert_string_equal(query(db, "SELECT value FROM metrics WHERE name = "
                              "'meminfo.HugePages_Total'"), "4.0");
    assert_string_equal(query(db, "SELECT value FROM metrics WHERE name = "
                              "'loadavg.5m'"), "2.25");
    assert_string_equal(query(db, "SELECT value FROM metrics WHERE name = "
                              "'pressure.memory.some.avg10'"), "12.5");
    assert_string_equal(query(db, "SELECT value FROM metrics WHERE name = "
                              "'pressure.memory.full.total'"), "789.0");
    assert_string_equal(query(db, "SELECT value FROM metrics WHERE name = "
                              "'cgroup.memory.file'"), "8192.0");
    assert_string_equal(query(db, "SELECT DISTINCT source || ' ' || node || "
                              "' ' || time FROM metrics"),
                        "host gpu-a 2025-11-23T10:10:00Z");
}

static void test_host_load_ignores_members_it_has_no_table_for(void **state)
{
    sqlite3 *db = *state;
    struct sb_err err = SB_ERR_INIT;

    load(db, "host/nvidia-smi.txt", "+----+\n| NVIDIA-SMI 580 |\n");
    load(db, "resources/_cluster/nodes.json", "{}");
    load(db, "host/kernel/sub/dir.txt", "NVRM: Xid (PCI:0000:3b:00): 79, x");
    assert_string_equal(query(db, "SELECT (SELECT count(*) FROM gpus) + "
                              "(SELECT count(*) FROM node_log_lines) + "
                              "(SELECT count(*) FROM metrics)"), "0");
    assert_int_equal(sb_host_load_member(db, 1, "gpu-a", "host/proc/loadavg",
                                         "garbage", 7, &err), SB_E_FORMAT);
    assert_non_null(strstr(err.msg, "'host/proc/loadavg'"));
}

static void test_host_load_before_the_manifest_leaves_node_empty(
    void **state)
{
    sqlite3 *db = *state;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(sb_host_load_member(db, 1, NULL, "host/proc/loadavg",
                                         "1 2 3", 5, &err), 0);
    assert_int_equal(sb_host_load_member(db, 1, "", "host/kernel/kern.log",
                                         "x", 1, &err), 0);
    assert_string_equal(query(db, "SELECT count(*) FROM metrics WHERE "
                              "node = ''"), "3");
    assert_string_equal(query(db, "SELECT count(*) FROM node_log_lines "
                              "WHERE node = ''"), "1");
}

static void test_host_load_real_h100_output(void **state)
{
    static const char *const rel =
        "../shared/fixtures/gpu/nvidia-smi-h100-driver580/nvidia-smi-q-x.xml";
    sqlite3 *db = *state;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    if (!read_src(rel, &b))
        skip();
    load(db, "host/nvidia-smi-q.xml", b.data);
    assert_string_equal(query(db, "SELECT product || ' ' || uuid || ' ' || "
                              "temperature || ' ' || power_limit || ' ' || "
                              "throttle_reasons FROM gpus"),
                        "NVIDIA H100 80GB HBM3 GPU-1c27a156-6ca5-b28e-26c9-"
                        "a646516659de 35.0 700.0 gpu_idle");
    sb_buf_release(&b);
}

/* dcgmi's JSON fills dcgm_results; a broken file is an error naming it
 * and leaves no rows. */
static void test_host_load_dcgm_health_and_diag(void **state)
{
    sqlite3 *db = *state;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;

    assert_true(read_src("tests/data/dcgm/health-failure.json", &b));
    load(db, "host/dcgmi-health.json", b.data);
    sb_buf_reset(&b);
    assert_true(read_src("tests/data/dcgm/diag-r1-fail.json", &b));
    load(db, "host/dcgmi-diag-r1.json", b.data);
    assert_string_equal(query(db, "SELECT group_concat(check_kind || ' ' ||"
                              " coalesce(entity_id, '-') || ' ' || test ||"
                              " ' ' || status || ' ' || coalesce(error_id,"
                              " '-'), '|') FROM (SELECT * FROM dcgm_results"
                              " WHERE node = 'gpu-a' ORDER BY rowid)"),
                        "health - Overall Health Failure -|"
                        "health 2 Memory system Failure -|"
                        "health 5 PCIe system Warning -|"
                        "diag 0 software Pass -|diag 1 software Fail 80");
    assert_string_equal(query(db, "SELECT file || ': ' || message FROM"
                              " dcgm_results WHERE status = 'Fail'"),
                        "host/dcgmi-diag-r1.json: GPU 1 had uncorrectable "
                        "memory errors and row remapping failed.");
    assert_int_not_equal(sb_host_load_member(db, 1, "gpu-b",
                         "host/dcgmi-health.json", "{\"body\": {", 10, &err),
                         0);
    assert_non_null(strstr(err.msg, "'host/dcgmi-health.json'"));
    assert_string_equal(query(db, "SELECT count(*) FROM dcgm_results WHERE"
                              " node = 'gpu-b'"), "0");
    sb_buf_release(&b);
}

/* The fabric manager's and IMEX's logs: every line kept, the errors
 * become gpu_events; INFO lines and continuation lines do not. */
static void test_host_load_fabric_manager_and_imex_logs(void **state)
{
    sqlite3 *db = *state;

    load(db, "host/fabricmanager.log",
         "[Jul 23 2024 07:50:01] [INFO] [tid 841] Fabric Manager version "
         "550.54.15 is running with the following configuration options\n"
         "[Jul 23 2024 07:53:55] [ERROR] [tid 841] detected NVSwitch fatal "
         "error 20034 on fid 0 on NVSwitch pci bus id 00000000:86:00.0 "
         "physical id 3 port 33\n"
         "[Jul 23 2024 07:54:07] [ERROR] [tid 12727] detected NVSwitch "
         "non-fatal error 12028 on fid 0 on NVSwitch pci bus id "
         "00000000:86:00.0 physical id 3 port 61\n"
         "moduleId : 3\n");
    load(db, "host/nvidia-imex.log",
         "[Sep 18 2026 06:40:33] [INFO] [tid 77] IMEX version 580.159.04 is "
         "running with the following configuration options:\n"
         "[Sep 18 2026 06:41:02] [ERROR] [tid 79] Failed to connect to the "
         "IMEX peer compute-domain-daemon-0001\n");
    assert_string_equal(query(db, "SELECT count(*) FROM node_log_lines"),
                        "6");
    assert_string_equal(query(db, "SELECT group_concat(kind || ' ' || fatal "
                              "|| ' ' || coalesce(code, '-') || ' ' || "
                              "coalesce(pci, '-') || ' ' || time || ' ' || "
                              "source, '|') FROM gpu_events"),
                        "fabric-manager 1 20034 00000000:86:00.0 "
                        "2024-07-23T07:53:55Z fabricmanager.log|"
                        "fabric-manager 0 12028 00000000:86:00.0 "
                        "2024-07-23T07:54:07Z fabricmanager.log|"
                        "imex 1 - - 2026-09-18T06:41:02Z nvidia-imex.log");
}

/* systemctl's status: a failed unit is an event, a running one is not;
 * lspci's NVIDIA devices are counted. */
static void test_host_load_fabric_manager_status_and_lspci(void **state)
{
    sqlite3 *db = *state;

    load(db, "host/fabricmanager-status.txt",
         "\xe2\x97\x8f nvidia-fabricmanager.service - NVIDIA fabric manager "
         "service\n"
         "     Loaded: loaded (/lib/systemd/system/nvidia-fabricmanager."
         "service; enabled; vendor preset: enabled)\n"
         "     Active: failed (Result: exit-code) since Wed 2023-11-15 "
         "14:15:47 UTC; 5s ago\n");
    assert_string_equal(query(db, "SELECT kind || ' ' || fatal || ' ' || "
                              "text FROM gpu_events"),
                        "fabric-manager-down 1 Active: failed (Result: "
                        "exit-code) since Wed 2023-11-15 14:15:47 UTC; 5s "
                        "ago");
    load(db, "host/fabricmanager-status.txt",
         "     Active: active (running) since Wed 2023-11-15 14:15:47 UTC\n");
    load(db, "host/fabricmanager-status.txt", "");
    assert_string_equal(query(db, "SELECT count(*) FROM gpu_events"), "1");
    load(db, "host/lspci.txt",
         "18:00.0 3D controller [0302]: NVIDIA Corporation GH100 [H100 SXM5 "
         "80GB] [10de:2330] (rev a1)\n"
         "2a:00.0 3D controller [0302]: NVIDIA Corporation GH100 [H100 SXM5 "
         "80GB] [10de:2330] (rev a1)\n"
         "05:00.0 Bridge [0680]: NVIDIA Corporation GH100 [H100 NVSwitch] "
         "[10de:22a3] (rev a1)\n");
    assert_string_equal(query(db, "SELECT group_concat(name || '=' || value,"
                              " ' ') FROM metrics WHERE name LIKE 'lspci.%'"),
                        "lspci.gpus=2.0 lspci.nvswitches=1.0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_host_load_kernel_log_fills_gpu_events,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_host_load_nvidia_smi_xml_fills_gpus, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_host_load_bad_xml_fails_and_leaves_no_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_host_load_kernel_log_fills_lines_and_xids, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_host_load_journal_gives_lines_but_no_xids, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_host_load_proc_files_become_metrics, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_host_load_ignores_members_it_has_no_table_for, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_host_load_before_the_manifest_leaves_node_empty, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_host_load_real_h100_output, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_host_load_dcgm_health_and_diag, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_host_load_fabric_manager_and_imex_logs, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_host_load_fabric_manager_status_and_lspci, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
