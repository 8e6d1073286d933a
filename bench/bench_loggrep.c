/*
 * Log search benchmark: the CPU that log_grep's scan during the load
 * (thread sb-loggrep) spends on one bundle's container log lines, alone.
 *
 * usage: bench_loggrep BUNDLE [ROUNDS]
 * Loads BUNDLE once (into a temporary database) keeping its log lines in
 * memory, then, ROUNDS times (default 3), hands them all to a fresh scan
 * with every pattern the built-in rules announce, as analyze does during
 * its load. Prints per round the scan thread's CPU seconds, the wall time
 * of the hand-over, and what the scan did (lines through the prefilters,
 * pattern runs, matches: the same figures must come out of a faster
 * build; and how many matches a literal proved without PCRE2), then the
 * median CPU.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_db.h"
#include "sb_load.h"
#include "sb_log.h"
#include "sb_loggrep.h"
#include "sb_rules.h"
#include "sb_time.h"

#define ROUNDS_MAX 50

/* The lines as the loader gave them: [int64 id][uint32 len][text]... */
struct lines {
    struct sb_buf buf;
    bool bad;
};

static void keep_line(void *ctx, int64_t id, const char *text, size_t len)
{
    struct lines *l = ctx;
    uint32_t len32 = (uint32_t)len;

    if (l->bad || sb_buf_add(&l->buf, &id, 8) ||
        sb_buf_add(&l->buf, &len32, 4) || sb_buf_add(&l->buf, text, len))
        l->bad = true;
}

/* The scan's own account of itself, from its debug line. */
static char scan_line[512];

static void on_log(void *ctx, enum sb_log_level level, const char *msg)
{
    (void)ctx;
    if (level == SB_LOG_DEBUG && strncmp(msg, "log_grep: ", 10) == 0)
        snprintf(scan_line, sizeof(scan_line), "%s", msg);
}

/* One round: a fresh scan over every line. Returns the scan thread's CPU
 * seconds, or -1. */
static double round_run(struct sb_db *db, const struct lines *l)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_loggrep *g = sb_rules_grep_prepare(NULL, &err);
    const char *p, *end, *cpu;
    int64_t id, t0;
    uint32_t len;
    double secs = -1;

    if (!g || sb_loggrep_live_start(g, &err)) {
        fprintf(stderr, "bench_loggrep: %s\n", err.msg);
        goto cleanup;
    }
    scan_line[0] = '\0';
    t0 = sb_time_mono_ms();
    p = l->buf.data;
    end = p + l->buf.len;
    while (p + 12 <= end) {
        memcpy(&id, p, 8);
        memcpy(&len, p + 8, 4);
        sb_loggrep_live_line(g, id, p + 12, len);
        p += 12 + (size_t)len;
    }
    if (!sb_loggrep_live_finish(g, sb_db_handle(db))) {
        fprintf(stderr, "bench_loggrep: the scan did not cover the lines\n");
        goto cleanup;
    }
    cpu = strstr(scan_line, " in ");
    if (cpu)
        secs = atof(cpu + 4);
    printf("  wall %.3f s  %s\n", (sb_time_mono_ms() - t0) / 1000.0,
           scan_line);
cleanup:
    sb_loggrep_free(g);
    return secs;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    struct sb_load_opts opts = { 0 };
    struct sb_load_stats stats;
    struct sb_err err = SB_ERR_INIT;
    struct lines l = { SB_BUF_INIT(SB_BUF_UNLIMITED), false };
    double cpu[ROUNDS_MAX];
    struct sb_db *db = NULL;
    int rounds = argc > 2 ? atoi(argv[2]) : 3, i, rc = 1;

    if (argc < 2 || rounds < 1 || rounds > ROUNDS_MAX) {
        fprintf(stderr, "usage: bench_loggrep BUNDLE [ROUNDS (1-%d)]\n",
                ROUNDS_MAX);
        return 2;
    }
    sb_log_set_sink(on_log, NULL);
    memset(&stats, 0, sizeof(stats));
    opts.skip_fts = true;
    opts.line_sink = keep_line;
    opts.line_sink_ctx = &l;
    if (sb_db_open("", &db, &err) ||
        sb_load_bundle(db, argv[1], &opts, NULL, &stats, &err)) {
        fprintf(stderr, "bench_loggrep: %s\n", err.msg);
        goto cleanup;
    }
    if (l.bad) {
        fprintf(stderr, "bench_loggrep: out of memory keeping the lines\n");
        goto cleanup;
    }
    printf("%s: %llu log lines, %zu bytes with their ids\n", argv[1],
           (unsigned long long)stats.log_lines, l.buf.len);
    for (i = 0; i < rounds; i++) {
        cpu[i] = round_run(db, &l);
        if (cpu[i] < 0)
            goto cleanup;
    }
    qsort(cpu, (size_t)rounds, sizeof(cpu[0]), cmp_double);
    printf("scan thread CPU, median of %d: %.3f s\n", rounds,
           cpu[rounds / 2]);
    rc = 0;
cleanup:
    sb_buf_release(&l.buf);
    sb_db_close(db);
    return rc;
}
