#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

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
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
