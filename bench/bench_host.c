/*
 * Host bundle parsing speed: the Xid line parser over a large kernel log,
 * the nvidia-smi -q -x parser over an 8-GPU document, and loading a
 * kernel log into SQLite. Each case prints its time, a count of what it
 * produced (so a faster but wrong run shows) and its ratio against the
 * baseline measured in the same run: splitting the same text into lines.
 * Usage: bench_host [LINES]   (default 200000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sb_buf.h"
#include "sb_embed.h"
#include "sb_host_load.h"
#include "sb_nvsmi.h"
#include "sb_time.h"
#include "sb_xid.h"

/* An input that cannot be built is a failed run, not a smaller bench. */
static void ok(int rc)
{
    if (rc) {
        fprintf(stderr, "bench: cannot build the input: %s\n",
                sb_err_str(rc));
        exit(1);
    }
}

static const char *const kernel_lines[] = {
    "2026-11-23T10:02:11,523001+00:00 NVRM: Xid (PCI:0000:3b:00): 48, "
    "pid=31337, name=python, DBE (double bit error) ECC error",
    "2026-11-23T10:02:12,100000+00:00 python[31337]: segfault at 0 ip "
    "00007f00 sp 00007ffd error 4 in libcuda.so.580.95.05",
    "Nov 23 10:02:11 gpu-a kernel: [ 8812.004411] NVRM: Xid "
    "(PCI:0000:b9:00): 74, pid=<unknown>, name=<unknown>, NVLink: fatal",
    "[12345.678901] eth0: link up, 100Gbps, full duplex",
    "[Mon Nov 23 10:02:11 2026] NVRM: GPU at PCI:0000:3b:00: "
    "GPU-6a1e0c9e-2222-4a3b-9c1d-00000000003b",
};

static void make_log(struct sb_buf *b, long lines)
{
    long i;

    for (i = 0; i < lines; i++)
        if (sb_buf_addf(b, "%s\n", kernel_lines[i % 5])) {
            fprintf(stderr, "bench_host: out of memory\n");
            exit(1);
        }
}

static void make_xml(struct sb_buf *b, int gpus)
{
    int i, j;

    ok(sb_buf_adds(b, "<?xml version=\"1.0\" ?>\n<nvidia_smi_log>\n"
                   "<driver_version>580.95.05</driver_version>\n"
                   "<cuda_version>13.0</cuda_version>\n"));
    for (i = 0; i < gpus; i++) {
        ok(sb_buf_addf(b, "<gpu id=\"00000000:%02X:00.0\"><product_name>NVIDIA "
                       "H100 80GB HBM3</product_name><uuid>GPU-%08d</uuid>"
                       "<fb_memory_usage><total>81559 MiB</total><used>1 MiB"
                       "</used></fb_memory_usage><ecc_errors><volatile>"
                       "<dram_uncorrectable>0</dram_uncorrectable></volatile>"
                       "</ecc_errors><temperature><gpu_temp>41 C</gpu_temp>"
                       "</temperature><clocks_event_reasons>", 0x18 + i, i));
        for (j = 0; j < 9; j++)
            ok(sb_buf_addf(b, "<clocks_event_reason_r%d>Not Active"
                           "</clocks_event_reason_r%d>", j, j));
        ok(sb_buf_adds(b, "</clocks_event_reasons><supported_clocks>"));
        for (j = 0; j < 120; j++)
            ok(sb_buf_addf(b, "<supported_graphics_clock>%d MHz"
                           "</supported_graphics_clock>", 1980 - j * 15));
        ok(sb_buf_adds(b, "</supported_clocks><processes></processes></gpu>\n"));
    }
    ok(sb_buf_adds(b, "</nvidia_smi_log>\n"));
}

static long count_lines(const struct sb_buf *b)
{
    const char *p = b->data, *end = b->data + b->len, *nl;
    long n = 0;

    while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
        n++;
        p = nl + 1;
    }
    return n;
}

static long count_xids(const struct sb_buf *b)
{
    const char *p = b->data, *end = b->data + b->len, *nl;
    struct sb_xid x;
    long n = 0;

    while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
        n += sb_xid_parse_line(p, (size_t)(nl - p), 2026, &x);
        p = nl + 1;
    }
    return n;
}

static sqlite3 *open_db(void)
{
    const struct sb_embed_file *schema = sb_embed_find("schema/001_core.sql");
    sqlite3 *db = NULL;

    if (!schema || sqlite3_open(":memory:", &db) != SQLITE_OK ||
        sqlite3_exec(db, schema->data, NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_host: cannot create the database\n");
        exit(1);
    }
    return db;
}

static long query_count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    long n = -1;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

int main(int argc, char **argv)
{
    long lines = argc > 1 ? atol(argv[1]) : 200000, n, i;
    struct sb_buf log = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf xml = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    int64_t t0, base, t;
    sqlite3 *db;

    if (lines <= 0)
        lines = 200000;
    make_log(&log, lines);
    make_xml(&xml, 8);

    t0 = sb_time_mono_ms();
    n = count_lines(&log);
    base = sb_time_mono_ms() - t0;
    printf("1 baseline: split %ld kernel log lines (%zu bytes): %lld ms\n",
           n, log.len, (long long)base);
    if (base < 1)
        base = 1;

    t0 = sb_time_mono_ms();
    n = count_xids(&log);
    t = sb_time_mono_ms() - t0;
    printf("2 sb_xid_parse_line over %ld lines: %lld ms, %ld Xids, "
           "%.1fx baseline\n", lines, (long long)t, n, (double)t / base);

    t0 = sb_time_mono_ms();
    for (i = 0, n = 0; i < 200; i++) {
        struct sb_nvsmi nv;

        if (sb_nvsmi_parse(xml.data, xml.len, "bench.xml", &nv, &err)) {
            fprintf(stderr, "bench_host: %s\n", err.msg);
            return 1;
        }
        n += (long)nv.n_gpus;
        sb_nvsmi_release(&nv);
    }
    t = sb_time_mono_ms() - t0;
    printf("3 sb_nvsmi_parse of an 8-GPU document (%zu bytes) x200: %lld ms, "
           "%ld GPUs, %.1fx baseline\n", xml.len, (long long)t, n,
           (double)t / base);

    db = open_db();
    t0 = sb_time_mono_ms();
    if (sb_host_load_member(db, 1, "bench-node", "host/kernel/dmesg.txt",
                            log.data, log.len, &err)) {
        fprintf(stderr, "bench_host: %s\n", err.msg);
        return 1;
    }
    t = sb_time_mono_ms() - t0;
    printf("4 sb_host_load_member of the kernel log: %lld ms, %ld lines, "
           "%ld Xids, %.1fx baseline\n", (long long)t,
           query_count(db, "SELECT count(*) FROM node_log_lines"),
           query_count(db, "SELECT count(*) FROM gpu_xids"),
           (double)t / base);
    sqlite3_close(db);
    sb_buf_release(&log);
    sb_buf_release(&xml);
    return 0;
}
