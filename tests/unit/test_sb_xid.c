#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sb_logstamp.h"
#include "sb_xid.h"

static bool parse(const char *line, struct sb_xid *x)
{
    return sb_xid_parse_line(line, strlen(line), 2026, x);
}

static size_t msg_len(const char *line, const struct sb_xid *x)
{
    return strlen(line) - (size_t)(x->message - line);
}

static void test_xid_dmesg_uptime_line_gives_uptime_and_no_time(void **state)
{
    const char *l = "[12345.678901] NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, "
                    "name=python, GPU has fallen off the bus.";
    struct sb_xid x;

    assert_true(parse(l, &x));
    assert_string_equal(x.pci, "0000:3b:00");
    assert_int_equal(x.code, 79);
    assert_int_equal(x.pid, 1234);
    assert_string_equal(x.process, "python");
    assert_string_equal(x.time, "");
    assert_true(x.uptime > 12345.6789 && x.uptime < 12345.679);
    assert_string_equal(x.message, "GPU has fallen off the bus.");
}

static void test_xid_dmesg_padded_uptime_is_read(void **state)
{
    const char *l = "[    5.100000] NVRM: Xid (PCI:0000:18:00): 79, pid=1234, "
                    "GPU has fallen off the bus.";
    struct sb_xid x;

    assert_true(parse(l, &x));
    assert_true(x.uptime > 5.09 && x.uptime < 5.11);
    assert_string_equal(x.process, "");
    assert_string_equal(x.message, "GPU has fallen off the bus.");
}

static void test_xid_dmesg_T_ctime_stamp_becomes_utc(void **state)
{
    const char *l = "[Mon Nov 23 10:02:11 2026] NVRM: Xid (PCI:0000:3b:00.0): "
                    "48, pid=77, name=train.py, DBE (double bit error) ECC "
                    "error.";
    struct sb_xid x;

    assert_true(parse(l, &x));
    assert_string_equal(x.time, "2026-11-23T10:02:11Z");
    assert_string_equal(x.pci, "0000:3b:00.0");
    assert_int_equal(x.code, 48);
    assert_string_equal(x.process, "train.py");
    assert_true(x.uptime < 0);
}

static void test_xid_dmesg_T_with_padded_day(void **state)
{
    const char *l = "[Tue Nov  3 01:02:03 2026] NVRM: Xid (PCI:0000:3b:00): "
                    "13, Graphics Exception";
    struct sb_xid x;

    assert_true(parse(l, &x));
    assert_string_equal(x.time, "2026-11-03T01:02:03Z");
    assert_int_equal(x.pid, -1);
    assert_string_equal(x.message, "Graphics Exception");
}

static void test_xid_syslog_line_takes_year_hint(void **state)
{
    const char *l = "Nov 23 10:02:11 host kernel: NVRM: Xid (PCI:0000:3b:00): "
                    "79, pid=4242, name=python3, GPU has fallen off the bus.";
    struct sb_xid x;

    assert_true(sb_xid_parse_line(l, strlen(l), 2025, &x));
    assert_string_equal(x.time, "2025-11-23T10:02:11Z");
    assert_int_equal(x.pid, 4242);
    assert_string_equal(x.process, "python3");
}

static void test_xid_syslog_quoted_unknown_pid_and_name(void **state)
{
    const char *l = "Jan 15 14:30:45 dgx-01 kernel: NVRM: Xid "
                    "(PCI:0000:10:00.0): 79, pid='<unknown>', name=<unknown>, "
                    "GPU has fallen off the bus.";
    struct sb_xid x;

    assert_true(parse(l, &x));
    assert_string_equal(x.time, "2026-01-15T14:30:45Z");
    assert_string_equal(x.pci, "0000:10:00.0");
    assert_int_equal(x.pid, -1);
    assert_string_equal(x.process, "");
    assert_string_equal(x.message, "GPU has fallen off the bus.");
}

static void test_xid_syslog_with_kernel_uptime_keeps_both(void **state)
{
    const char *l = "Nov  3 10:02:11 gpu-7 kernel: [ 8812.004411] NVRM: Xid "
                    "(PCI:0000:b9:00): 74, pid=<unknown>, name=<unknown>, "
                    "NVLink: fatal error detected on link 6(0x10000, 0x0)";
    struct sb_xid x;

    assert_true(parse(l, &x));
    assert_string_equal(x.time, "2026-11-03T10:02:11Z");
    assert_true(x.uptime > 8812.0 && x.uptime < 8812.01);
    assert_int_equal(x.code, 74);
    assert_int_equal(x.pid, -1);
    assert_string_equal(x.message,
                        "NVLink: fatal error detected on link 6(0x10000, 0x0)");
}

static void test_xid_journal_short_iso_offset_without_colon(void **state)
{
    const char *l = "2026-11-23T11:02:11+0100 gpu-7 kernel: NVRM: Xid "
                    "(PCI:0000:3b:00): 94, pid=999, name=python, Contained: "
                    "SM (0x1). RST: No, D-RST: No";
    struct sb_xid x;

    assert_true(parse(l, &x));
    assert_string_equal(x.time, "2026-11-23T10:02:11Z");
    assert_int_equal(x.code, 94);
}

static void test_xid_rfc3339_fraction_is_kept_in_utc(void **state)
{
    const char *l = "2026-11-23T10:02:11.123456-05:00 gpu-7 kernel: NVRM: Xid "
                    "(PCI:0000:3b:00): 95, pid=12, name=x, Uncontained: "
                    "FBHUB. RST: Yes, D-RST: No";
    struct sb_xid x;

    assert_true(parse(l, &x));
    assert_string_equal(x.time, "2026-11-23T15:02:11.123456000Z");
    assert_int_equal(x.code, 95);
}

static void test_xid_dmesg_iso_comma_fraction(void **state)
{
    const char *l = "2026-11-23T10:02:11,500000+00:00 NVRM: Xid "
                    "(PCI:0000:3b:00): 119, pid=1, name=nvidia-smi, Timeout "
                    "after 6s of waiting for RPC response from GPU0 GSP!";
    struct sb_xid x;

    assert_true(parse(l, &x));
    assert_string_equal(x.time, "2026-11-23T10:02:11.500000000Z");
    assert_int_equal(x.code, 119);
    assert_string_equal(x.process, "nvidia-smi");
}

static void test_xid_old_driver_without_pci_prefix(void **state)
{
    const char *l = "NVRM: Xid (0000:03:00): 31, Ch 00000010, engmask "
                    "00000101, intr 10000000";
    struct sb_xid x;

    assert_true(parse(l, &x));
    assert_string_equal(x.pci, "0000:03:00");
    assert_int_equal(x.code, 31);
    assert_string_equal(x.time, "");
    assert_true(x.uptime < 0);
    assert_string_equal(x.message, "Ch 00000010, engmask 00000101, intr "
                        "10000000");
}

static void test_xid_trailing_newline_is_not_in_message(void **state)
{
    const char *l = "[1.5] NVRM: Xid (PCI:0000:3b:00): 63, pid=2, Row "
                    "Remapper: New row marked for remapping.\r\n";
    struct sb_xid x;

    assert_true(parse(l, &x));
    assert_int_equal(msg_len(l, &x) - 2,
                     strlen("Row Remapper: New row marked for remapping."));
}

static void test_xid_line_not_nul_terminated_is_bounded(void **state)
{
    char buf[64];
    const char *src = "[1.0] NVRM: Xid (PCI:0000:3b:00): 45, pid=9";
    struct sb_xid x;

    memset(buf, 'Z', sizeof(buf));
    memcpy(buf, src, strlen(src));
    assert_true(sb_xid_parse_line(buf, strlen(src), 2026, &x));
    assert_int_equal(x.code, 45);
    assert_int_equal(x.pid, 9);
    assert_ptr_equal(x.message, buf + strlen(src));
}

static void test_xid_non_xid_lines_are_rejected(void **state)
{
    static const char *const lines[] = {
        "",
        "[   1.0] NVRM: loading NVIDIA UNIX x86_64 Kernel Module  580.1",
        "nvidia-nvswitch0: SXid (PCI:0000:05:00.0): 12028, Non-fatal",
        "NVRM: Xid handling enabled",
        "NVRM: Xid (PCI:0000:3b:00): abc, bad",
        "NVRM: Xid (PCI:0000:3b:00) 79, missing colon",
        "NVRM: Xid (PCI:zz:3b:00): 79, bad address",
        "NVRM: Xid (): 79, empty",
        "NVRM: Xid (PCI:0000:3b:00): 79x",
        "NVRM: Xid (PCI:0000:3b:00",
        "Xids",
    };
    struct sb_xid x;
    size_t i;

    for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
        assert_false(parse(lines[i], &x));
    assert_false(sb_xid_parse_line(NULL, 0, 2026, &x));
}

static void test_xid_long_process_name_is_cut_not_overflowed(void **state)
{
    char line[512];
    struct sb_xid x;

    snprintf(line, sizeof(line), "NVRM: Xid (PCI:0000:3b:00): 13, pid=5, "
             "name=%0200d, Graphics Exception", 7);
    assert_true(parse(line, &x));
    assert_int_equal(strlen(x.process), sizeof(x.process) - 1);
    assert_string_equal(x.message, "Graphics Exception");
}

static void test_xid_catalog_knows_common_codes(void **state)
{
    static const int codes[] = { 8, 13, 31, 32, 43, 45, 48, 61, 62, 63, 64,
                                 68, 69, 74, 79, 92, 94, 95, 119, 120, 140,
                                 143, 144, 145, 146, 147, 148, 149, 150, 154 };
    size_t i;

    for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        assert_non_null(sb_xid_meaning(codes[i]));
        assert_non_null(sb_xid_action(codes[i]));
        assert_true(strlen(sb_xid_meaning(codes[i])) > 10);
    }
    assert_non_null(strstr(sb_xid_meaning(79), "fallen off the bus"));
    assert_non_null(strstr(sb_xid_meaning(48), "double-bit"));
    assert_non_null(strstr(sb_xid_action(95), "reset"));
    assert_null(sb_xid_meaning(0));
    assert_null(sb_xid_meaning(99999));
    assert_null(sb_xid_action(-1));
}

static void test_logstamp_forms(void **state)
{
    struct sb_logstamp st;
    const char *l;

    l = "Nov 23 10:02:11.250 host kubelet[1]: x";
    assert_int_equal(sb_logstamp_parse(l, strlen(l), 2026, &st),
                     strlen("Nov 23 10:02:11.250 "));
    assert_string_equal(st.time, "2026-11-23T10:02:11.250000000Z");
    l = "2026-11-23 10:02:11 plain";
    assert_int_equal(sb_logstamp_parse(l, strlen(l), 0, &st), 20);
    assert_string_equal(st.time, "2026-11-23T10:02:11Z");
    l = "[  77.5] x";
    assert_int_equal(sb_logstamp_parse(l, strlen(l), 0, &st), 9);
    assert_string_equal(st.time, "");
    assert_true(st.uptime > 77.4 && st.uptime < 77.6);
    l = "no stamp here";
    assert_int_equal(sb_logstamp_parse(l, strlen(l), 0, &st), 0);
    l = "Nov 99 10:02:11 bad day";
    assert_int_equal(sb_logstamp_parse(l, strlen(l), 0, &st), 0);
    l = "2026-13-01T00:00:00Z bad month";
    assert_int_equal(sb_logstamp_parse(l, strlen(l), 0, &st), 0);
    l = "[Mon Nov 23 10:02:11 2026";
    assert_int_equal(sb_logstamp_parse(l, strlen(l), 0, &st), 0);
    assert_int_equal(sb_logstamp_parse("2026-11-23T10", 13, 0, &st), 0);
}

/* Facts of NVIDIA's table, code by code: the immediate bucket, then the
 * investigatory one, for a sample of every bucket the table uses. */
static void test_catalog_holds_every_code_nvidia_lists(void **state)
{
    static const struct {
        int code;
        const char *immediate, *investigatory, *applies;
    } facts[] = {
        { 8, "RESTART_APP", "CONTACT_SUPPORT", "A100 H100 B100 GB200" },
        { 13, "RESTART_APP", "WORKFLOW_XID_13", NULL },
        { 31, "RESTART_APP", "WORKFLOW_XID_31", NULL },
        { 45, "WORKFLOW_XID_45", NULL, NULL },
        { 46, "RESET_GPU", "CONTACT_SUPPORT", NULL },
        { 48, "WORKFLOW_XID_48", "WORKFLOW_XID_48", NULL },
        { 54, "CHECK_MECHANICALS", "CONTACT_SUPPORT", "A100 H100 B100" },
        { 63, "IGNORE", "IGNORE", NULL },
        { 64, "RESET_GPU", "CONTACT_SUPPORT", NULL },
        { 74, "WORKFLOW_NVLINK_ERR", "CONTACT_SUPPORT", "A100 H100" },
        { 78, "UPDATE_SWFW", "UPDATE_SWFW", NULL },
        { 79, "RESTART_BM", "CONTACT_SUPPORT", NULL },
        { 93, "IGNORE", "CONTACT_SUPPORT", "A100" },
        { 94, "RESTART_APP", "IGNORE (sympathetic)", NULL },
        { 95, "RESET_GPU", "IGNORE (sympathetic)", NULL },
        { 121, "IGNORE", "CONTACT_SUPPORT", "GB200" },
        { 136, "RESET_GPU", "INVESTIGATE_LINK_SI", "H100" },
        { 137, "IGNORE", "XID_137_FLOW", NULL },
        { 149, "WORKFLOW_NVLINK5_ERR", "WORKFLOW_NVLINK5_ERR", "B100 GB200" },
        { 151, "RESTART_VM", "CONTACT_SUPPORT", "H100 B100 GB200" },
        { 154, "XID_154", NULL, NULL },
        { 159, "CHECK_UVM", "SYMPATHETIC_REPORT_SOLO", NULL },
        { 172, "-", "-", NULL },
    };
    int bad = -1;

    assert_int_equal(sb_xid_catalog_errors(&bad), 0);
    assert_int_equal(sb_xid_catalog_size(), 172);
    for (int c = 1; c <= 172; c++) {
        const struct sb_xid_info *x = sb_xid_info(c);

        assert_non_null(x);
        assert_int_equal(x->code, c);
        assert_true(strlen(x->mnemonic) > 3);
        assert_true(strlen(x->description) > 3);
        /* every immediate bucket has its chain of actions */
        assert_non_null(sb_xid_bucket_chain(x->immediate));
        assert_non_null(sb_xid_action(c));
        assert_non_null(strstr("fatal degraded recovery app info unused",
                               x->cls));
    }
    for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
        const struct sb_xid_info *x = sb_xid_info(facts[i].code);

        assert_string_equal(x->immediate, facts[i].immediate);
        if (facts[i].investigatory)
            assert_string_equal(x->investigatory, facts[i].investigatory);
        if (facts[i].applies)
            assert_string_equal(x->applies, facts[i].applies);
    }
    assert_string_equal(sb_xid_info(79)->mnemonic,
                        "ROBUST_CHANNEL_GPU_HAS_FALLEN_OFF_THE_BUS");
    assert_string_equal(sb_xid_info(79)->cls, "fatal");
    assert_string_equal(sb_xid_info(13)->cls, "app");
    assert_string_equal(sb_xid_info(63)->cls, "degraded");
    assert_string_equal(sb_xid_info(154)->cls, "recovery");
    assert_string_equal(sb_xid_info(2)->cls, "unused");
    assert_non_null(strstr(sb_xid_action(79), "RESTART_BM: "));
    assert_null(sb_xid_info(0));
    assert_null(sb_xid_info(185));     /* newer than the catalog */
    assert_null(sb_xid_info(1 << 20));
    assert_non_null(strstr(sb_xid_catalog_version(), "1-172"));
}

/* docs/gpu-health.md names where the catalog comes from and when it was
 * read. */
static void test_catalog_source_and_date_are_in_docs(void **state)
{
    const char *src = getenv("SB_SRC");
    char path[4096], buf[65536];
    FILE *f;
    size_t n;

    if (!src)
        skip();
    snprintf(path, sizeof(path), "%s/docs/gpu-health.md", src);
    f = fopen(path, "r");
    assert_non_null(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    assert_non_null(strstr(buf, "docs.nvidia.com/deploy/xid-errors/"
                                "analyzing-xid-catalog.html"));
    assert_non_null(strstr(buf, "Read on 2026-12-07"));
    assert_non_null(strstr(buf, sb_xid_catalog_version()));
}

static void test_xid154_recovery_action_is_read(void **state)
{
    static const struct {
        const char *line, *action;
    } cases[] = {
        { "[ 812.1] NVRM: Xid (PCI:0000:3b:00): 154, GPU recovery action "
          "changed from 0x0 (None) to 0x2 (Node Reboot Required)",
          "NODE_REBOOT" },
        { "Nov 23 10:02:11 gpu-7 kernel: NVRM: Xid (PCI:0000:3b:00): 154, "
          "pid='<unknown>', name=<unknown>, GPU recovery action changed "
          "from 0x0 (None) to 0x1 (GPU Reset Required)", "GPU_RESET" },
        { "2026-11-23T10:02:11+0000 h kernel: NVRM: Xid (PCI:0000:3b:00): "
          "154, GPU recovery action changed from 0x0 (None) to 0x4 "
          "(Drain and Reset)", "DRAIN_AND_RESET" },
        { "NVRM: Xid (PCI:0000:3b:00): 154, GPU recovery action changed "
          "from 0x0 (None) to 0x3 (Drain P2P)", "DRAIN_P2P" },
        { "NVRM: Xid (PCI:0000:3b:00): 154, GPU recovery action changed "
          "from 0x1 (GPU Reset Required) to 0x0 (None)", "NONE" },
        { "NVRM: Xid (PCI:0000:3b:00): 154, GPU recovery action changed "
          "from 0x0 (None) to 0x5 (Bus Reset Required)", "BUS_RESET" },
    };
    struct sb_xid x;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_true(parse(cases[i].line, &x));
        assert_int_equal(x.code, 154);
        assert_string_equal(x.recovery, cases[i].action);
        assert_non_null(sb_xid_recovery_chain(x.recovery));
    }
    assert_true(parse("NVRM: Xid (PCI:0000:3b:00): 154, GPU recovery action "
                      "changed from 0x0 (None) to 0x9 (Something New)", &x));
    assert_string_equal(x.recovery, "");
    assert_true(parse("NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off "
                      "the bus. to 0x2 (Node Reboot Required)", &x));
    assert_string_equal(x.recovery, "");      /* only Xid 154 says it */
    assert_string_equal(sb_xid_recovery_class("NODE_REBOOT"), "fatal");
    assert_string_equal(sb_xid_recovery_class("DRAIN_P2P"), "degraded");
    assert_string_equal(sb_xid_recovery_class("NONE"), "info");
}

static bool event(const char *line, struct sb_gpu_event *e)
{
    return sb_xid_parse_event(line, strlen(line), 2026, e);
}

static void test_sxid_lines_in_every_log_format(void **state)
{
    static const char *const lines[] = {
        "[ 4821.937154] nvidia-nvswitch3: SXid (PCI:0000:05:00.0): 12028, "
        "Non-fatal, Link 47 egress non-posted PRIV error (First)",
        "Nov 23 10:02:11 gpu-7 kernel: nvidia-nvswitch3: SXid "
        "(PCI:0000:05:00.0): 12028, Non-fatal, Link 47 egress error",
        "Nov 23 10:02:11 gpu-7 kernel: [ 4821.9] nvidia-nvswitch3: SXid "
        "(PCI:0000:05:00.0): 12028, Non-fatal, Link 47",
        "2026-11-23T10:02:11.000000+00:00 gpu-7 kernel: nvidia-nvswitch3: "
        "SXid (PCI:0000:05:00.0): 12028, Non-fatal, Link 47",
        "[Mon Nov 23 10:02:11 2026] nvidia-nvswitch3: SXid "
        "(PCI:0000:05:00.0): 12028, Non-fatal, Link 47",
    };
    struct sb_gpu_event e;
    struct sb_xid x;

    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        assert_true(event(lines[i], &e));
        assert_string_equal(e.kind, "sxid");
        assert_string_equal(e.pci, "0000:05:00.0");
        assert_int_equal(e.code, 12028);
        assert_false(e.fatal);
        assert_false(parse(lines[i], &x));      /* not an Xid */
        if (i > 0)
            assert_int_equal(strncmp(e.time, "2026-11-23T10:02:11", 19), 0);
    }
    assert_true(event("nvidia-nvswitch0: SXid (PCI:0000:06:00.0): 20034, "
                      "Fatal, Link 30 LTSSM Fault Up", &e));
    assert_true(e.fatal);
    assert_int_equal(e.code, 20034);
    assert_false(event("nvidia-nvswitch0: SXid (PCI:0000:06:00.0) lost", &e));
}

static void test_gpu_fallen_off_the_bus_without_an_xid_number(void **state)
{
    struct sb_gpu_event e;

    assert_true(event("[ 91.2] NVRM: GPU 0000:3b:00.0: GPU has fallen off "
                      "the bus.", &e));
    assert_string_equal(e.kind, "fell-off-bus");
    assert_string_equal(e.pci, "0000:3b:00.0");
    assert_true(e.fatal);
    assert_true(event("Nov 23 10:02:11 gpu-7 kernel: NVRM: GPU at "
                      "PCI:0000:3b:00: GPU has fallen off the bus.", &e));
    assert_string_equal(e.pci, "0000:3b:00");
    assert_int_equal(strncmp(e.time, "2026-11-23T10:02:11", 19), 0);
    assert_true(event("NVRM: GPU 0000:3b:00.0: RmInitAdapter failed! "
                      "(0x25:0x65:1457)", &e));
    assert_string_equal(e.kind, "init-failed");
    /* the Xid line is the Xid parser's, and other NVRM lines are nothing */
    assert_false(event("NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off "
                       "the bus.", &e));
    assert_false(event("NVRM: loading NVIDIA UNIX x86_64 Kernel Module  "
                       "580.65.06", &e));
    assert_false(event("kernel: usb 1-1: device has fallen off the bus", &e));
}

static const char *sql1(sqlite3 *db, const char *q, char *out, size_t cap)
{
    sqlite3_stmt *st;

    out[0] = '\0';
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static void test_sql_functions_for_rules(void **state)
{
    sqlite3 *db;
    struct sb_err err = SB_ERR_INIT;
    char b[256];

    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sb_xid_register_sql(db, &err), 0);
    assert_string_equal(sql1(db, "SELECT xid_class(79)", b, sizeof(b)),
                        "fatal");
    assert_string_equal(sql1(db, "SELECT xid_class(185)", b, sizeof(b)),
                        "unknown");
    assert_non_null(strstr(sql1(db, "SELECT xid_describe(185)", b,
                                sizeof(b)), "not in the catalog (NVIDIA"));
    assert_string_equal(sql1(db, "SELECT xid_bucket(48)", b, sizeof(b)),
                        "WORKFLOW_XID_48");
    assert_string_equal(sql1(db, "SELECT xid_recovery('Xid (PCI:0000:3b:00):"
                                 " 154, GPU recovery action changed from 0x0"
                                 " (None) to 0x2 (Node Reboot Required)')",
                             b, sizeof(b)), "NODE_REBOOT");
    assert_non_null(strstr(sql1(db, "SELECT xid_chain('RESTART_BM')", b,
                                sizeof(b)), "reboot"));
    assert_string_equal(sql1(db, "SELECT pci_key('00000000:3B:00.0')", b,
                             sizeof(b)), "0000:3b:00");
    assert_string_equal(sql1(db, "SELECT pci_key('0000:3b:00')", b,
                             sizeof(b)), "0000:3b:00");
    assert_string_equal(sql1(db, "SELECT pci_key('3B:00.0')", b, sizeof(b)),
                        "0000:3b:00");
    assert_string_equal(sql1(db, "SELECT coalesce(pci_key('GPU-1'), 'x')", b,
                             sizeof(b)), "x");
    assert_string_equal(sql1(db, "SELECT coalesce(pci_key('1:2:3:4'), 'x')",
                             b, sizeof(b)), "x");
    sqlite3_close(db);
}

/* Fabric manager and IMEX errors, in their own logs and in a journal;
 * their INFO lines, other daemons and healthy unit lines are not. */
static void test_fabric_manager_and_imex_error_lines(void **state)
{
    static const char *const not_errors[] = {
        "[Jul 23 2024 07:50:01] [INFO] [tid 841] Successfully configured "
        "all the available NVSwitches to route GPU NVLink traffic",
        "[Jul 23 2024 07:50:01] [WARNING] [tid 841] fabric manager failed "
        "to read an optional setting",
        "Nov 15 14:15:46 node-1 systemd[1]: Starting NVIDIA fabric manager "
        "service...",
        "Nov 15 14:15:48 node-1 systemd[1]: nvidia-fabricmanager.service: "
        "Deactivated successfully.",
        "Nov 15 14:15:48 node-1 kubelet[99]: E1115 pod_workers.go: error "
        "syncing pod",
        "moduleId : 3",
    };
    struct sb_gpu_event e;
    size_t i;
    const char *l;

    (void)state;
    l = "[Jul 23 2024 07:53:55] [ERROR] [tid 841] detected NVSwitch fatal "
        "error 20034 on fid 0 on NVSwitch pci bus id 00000000:86:00.0 "
        "physical id 3 port 33";
    assert_true(sb_xid_parse_fabric(l, strlen(l), 0, SB_FABRIC_FM_LOG, &e));
    assert_string_equal(e.kind, "fabric-manager");
    assert_true(e.fatal);
    assert_int_equal(e.code, 20034);
    assert_string_equal(e.pci, "00000000:86:00.0");
    assert_string_equal(e.time, "2024-07-23T07:53:55Z");
    /* in a node log the line must name the daemon */
    assert_false(sb_xid_parse_fabric(l, strlen(l), 0, SB_FABRIC_ANY, &e));
    l = "[Oct 13 2025 18:14:38] [ERROR] [tid 202] Fabric Manager detected "
        "GPU NVL Fatal error on :";
    assert_true(sb_xid_parse_fabric(l, strlen(l), 0, SB_FABRIC_FM_LOG, &e));
    assert_true(e.fatal);
    assert_int_equal(e.code, 0);
    /* the journal of a node without a working fabric (gpu-operator#610) */
    l = "Nov 15 14:15:47 leon-1 nv-fabricmanager[4177]: request to query "
        "NVSwitch device information from NVSwitch driver failed with "
        "error:WARNING Nothing to do [NV_WARN_NOTHING_TO_DO]";
    assert_true(sb_xid_parse_fabric(l, strlen(l), 2023, SB_FABRIC_ANY, &e));
    assert_string_equal(e.kind, "fabric-manager");
    assert_true(e.fatal);
    assert_string_equal(e.time, "2023-11-15T14:15:47Z");
    l = "2026-09-18T06:41:02+00:00 gb-1 nvidia-imex[77]: [Sep 18 2026 "
        "06:41:02] [ERROR] [tid 79] Failed to connect to the IMEX peer";
    assert_true(sb_xid_parse_fabric(l, strlen(l), 0, SB_FABRIC_ANY, &e));
    assert_string_equal(e.kind, "imex");
    assert_true(e.fatal);
    l = "[Jul 09 2024 18:14:07] [ERROR] [tid 12727] detected NVSwitch "
        "non-fatal error 12028 on fid 0 on NVSwitch pci bus id "
        "00000000:86:00.0 physical id 3 port 61";
    assert_true(sb_xid_parse_fabric(l, strlen(l), 0, SB_FABRIC_FM_LOG, &e));
    assert_false(e.fatal);
    assert_int_equal(e.code, 12028);
    for (i = 0; i < sizeof(not_errors) / sizeof(*not_errors); i++) {
        assert_false(sb_xid_parse_fabric(not_errors[i], strlen(not_errors[i]),
                                         0, SB_FABRIC_ANY, &e));
        if (i < 2 || i == 5)
            assert_false(sb_xid_parse_fabric(not_errors[i],
                                             strlen(not_errors[i]), 0,
                                             SB_FABRIC_FM_LOG, &e));
    }
    /* a stamp that is not one: no crash, no event */
    l = "[Foo 99 2024 99:99:99] [ERROR] [tid";
    assert_false(sb_xid_parse_fabric(l, strlen(l), 0, SB_FABRIC_FM_LOG, &e));
    assert_false(sb_xid_parse_fabric("", 0, 0, SB_FABRIC_FM_LOG, &e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xid_dmesg_uptime_line_gives_uptime_and_no_time),
        cmocka_unit_test(test_xid_dmesg_padded_uptime_is_read),
        cmocka_unit_test(test_xid_dmesg_T_ctime_stamp_becomes_utc),
        cmocka_unit_test(test_xid_dmesg_T_with_padded_day),
        cmocka_unit_test(test_xid_syslog_line_takes_year_hint),
        cmocka_unit_test(test_xid_syslog_quoted_unknown_pid_and_name),
        cmocka_unit_test(test_xid_syslog_with_kernel_uptime_keeps_both),
        cmocka_unit_test(test_xid_journal_short_iso_offset_without_colon),
        cmocka_unit_test(test_xid_rfc3339_fraction_is_kept_in_utc),
        cmocka_unit_test(test_xid_dmesg_iso_comma_fraction),
        cmocka_unit_test(test_xid_old_driver_without_pci_prefix),
        cmocka_unit_test(test_xid_trailing_newline_is_not_in_message),
        cmocka_unit_test(test_xid_line_not_nul_terminated_is_bounded),
        cmocka_unit_test(test_xid_non_xid_lines_are_rejected),
        cmocka_unit_test(test_xid_long_process_name_is_cut_not_overflowed),
        cmocka_unit_test(test_xid_catalog_knows_common_codes),
        cmocka_unit_test(test_logstamp_forms),
        cmocka_unit_test(test_catalog_holds_every_code_nvidia_lists),
        cmocka_unit_test(test_catalog_source_and_date_are_in_docs),
        cmocka_unit_test(test_xid154_recovery_action_is_read),
        cmocka_unit_test(test_sxid_lines_in_every_log_format),
        cmocka_unit_test(test_gpu_fallen_off_the_bus_without_an_xid_number),
        cmocka_unit_test(test_sql_functions_for_rules),
        cmocka_unit_test(test_fabric_manager_and_imex_error_lines),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
