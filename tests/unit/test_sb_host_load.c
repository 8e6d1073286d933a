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
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
