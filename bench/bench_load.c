/*
 * Load benchmark: times the loader on one bundle, and compares the two
 * JSON parsers available for the typed tables on its resource members.
 *
 * usage: bench_load BUNDLE [DB]
 * Prints numbered cases: time, what was loaded (a count to compare across
 * runs, so a fast but wrong run shows), peak RSS.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_bundle.h"
#include "sb_db.h"
#include "sb_load.h"
#include "sb_time.h"

/* An input that cannot be built is a failed run, not a smaller bench. */
static void ok(int rc)
{
    if (rc) {
        fprintf(stderr, "bench: cannot build the input: %s\n",
                sb_err_str(rc));
        exit(1);
    }
}

static long peak_rss_mb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

static int case_load(const char *bundle, const char *dbpath, bool fts)
{
    struct sb_load_opts opts = { 0 };
    struct sb_load_stats stats;
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = NULL;
    int64_t t0 = sb_time_mono_ms(), t1;

    memset(&stats, 0, sizeof(stats));
    opts.skip_fts = !fts;
    if (dbpath)
        unlink(dbpath);
    if (sb_db_open(dbpath ? dbpath : "", &db, &err) ||
        sb_load_bundle(db, bundle, &opts, NULL, &stats, &err) ||
        sb_load_finish(db, &opts, &err)) {
        fprintf(stderr, "bench_load: %s\n", err.msg);
        sb_db_close(db);
        return 1;
    }
    sb_db_close(db);
    t1 = sb_time_mono_ms();
    /* SQLite's share of the peak: what its cache setting bounds, against
     * what the loader itself holds */
    printf("1 load%s %-36s %8.3f s  members=%llu objects=%llu lines=%llu "
           "errors=%llu  peak_rss=%ld MB (SQLite at most %lld MB)\n",
           fts ? "+fts" : "", bundle, (t1 - t0) / 1000.0,
           (unsigned long long)stats.members,
           (unsigned long long)stats.objects,
           (unsigned long long)stats.log_lines,
           (unsigned long long)stats.errors, peak_rss_mb(),
           (long long)(sqlite3_memory_highwater(0) >> 20));
    return 0;
}

/* The fields a typed loader reads from a pod, by both parsers. */
static const char *const paths[] = {
    "$.metadata.name", "$.metadata.namespace", "$.metadata.uid",
    "$.metadata.creationTimestamp", "$.spec.nodeName", "$.status.phase",
    "$.status.qosClass", "$.status.startTime", "$.spec.serviceAccountName",
    "$.status.reason", "$.status.message", "$.spec.priorityClassName",
};
#define NPATHS (sizeof(paths) / sizeof(paths[0]))

static long walk_cjson(const char *data, size_t len)
{
    cJSON *doc = cJSON_ParseWithLength(data, len), *it;
    long n = 0;
    size_t k;

    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "items")) {
        for (k = 0; k < NPATHS; k++) {
            const char *p = paths[k] + 2;
            const cJSON *v = it;
            char seg[64];
            while (*p && v) {
                size_t s = strcspn(p, ".");
                memcpy(seg, p, s);
                seg[s] = '\0';
                v = cJSON_GetObjectItemCaseSensitive(v, seg);
                p += s + (p[s] == '.');
            }
            if (cJSON_IsString(v))
                n += (long)strlen(v->valuestring);
        }
    }
    cJSON_Delete(doc);
    return n;
}

static long walk_sqlite(sqlite3 *db, const char *data, size_t len)
{
    static sqlite3_stmt *st;
    long n = 0;
    int k;

    if (!st) {
        struct sb_buf sql = SB_BUF_INIT(SB_BUF_UNLIMITED);
        ok(sb_buf_adds(&sql, "SELECT "));
        for (k = 0; k < (int)NPATHS; k++)
            ok(sb_buf_addf(&sql, "%sjson_extract(value, '%s')", k ? "," : "",
                           paths[k]));
        ok(sb_buf_adds(&sql, " FROM json_each(?, '$.items')"));
        sqlite3_prepare_v2(db, sb_buf_str(&sql), -1, &st, NULL);
        sb_buf_release(&sql);
    }
    sqlite3_bind_text(st, 1, data, (int)len, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW)
        for (k = 0; k < (int)NPATHS; k++)
            n += sqlite3_column_bytes(st, k);
    sqlite3_reset(st);
    return n;
}

static int case_parsers(const char *bundle)
{
    struct sb_buf data = SB_BUF_INIT((size_t)512 << 20);
    struct sb_err err = SB_ERR_INIT;
    struct sb_bundle *bn = NULL;
    struct sb_member m;
    sqlite3 *db = NULL;
    int64_t tc = 0, ts = 0, t0;
    long nc = 0, ns = 0;
    size_t bytes = 0;

    if (sb_bundle_open(bundle, NULL, &bn, &err))
        goto fail;
    sqlite3_open(":memory:", &db);
    while (sb_bundle_next(bn, &m, &err) == 1) {
        if (strncmp(m.path, "resources/", 10) != 0)
            continue;
        sb_buf_reset(&data);
        if (sb_bundle_read_all(bn, &data, &err))
            goto fail;
        bytes += data.len;
        t0 = sb_time_mono_ms();
        nc += walk_cjson(data.data, data.len);
        tc += sb_time_mono_ms() - t0;
        t0 = sb_time_mono_ms();
        ns += walk_sqlite(db, data.data, data.len);
        ts += sb_time_mono_ms() - t0;
    }
    printf("2 typed fields via cJSON        %8.3f s  %6.1f MB/s  bytes=%ld\n",
           tc / 1000.0, bytes / 1048576.0 / (tc ? tc / 1000.0 : 1e-3), nc);
    printf("3 typed fields via json_extract %8.3f s  %6.1f MB/s  bytes=%ld"
           "  (ratio to cJSON %.2f)\n", ts / 1000.0,
           bytes / 1048576.0 / (ts ? ts / 1000.0 : 1e-3), ns,
           tc ? (double)ts / (double)tc : 0.0);
    sb_bundle_free(bn);
    sqlite3_close(db);
    sb_buf_release(&data);
    return 0;
fail:
    fprintf(stderr, "bench_load: %s\n", err.msg);
    sb_bundle_free(bn);
    sqlite3_close(db);
    sb_buf_release(&data);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: bench_load BUNDLE [DB|--parsers|--fts DB]\n", stderr);
        return 2;
    }
    sb_alloc_keep_freed();      /* as analyze does */
    if (argc > 2 && !strcmp(argv[2], "--parsers"))
        return case_parsers(argv[1]);
    if (argc > 3 && !strcmp(argv[2], "--fts"))
        return case_load(argv[1], argv[3], true);
    return case_load(argv[1], argc > 2 ? argv[2] : NULL, false);
}
