/*
 * Report rendering on a large database: N findings (a tenth of them roots
 * with ten affected subjects each), three evidence items per finding and
 * a timeline ten times as long, rendered in each format. Prints the time
 * and size of each report.
 * Usage: bench_render [FINDINGS]   (default 5000)
 */
#include <stdio.h>
#include <stdlib.h>

#include "sb_embed.h"
#include "sb_render.h"
#include "sb_time.h"

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    fprintf(stderr, "bench_render: %s\n", msg);
    sqlite3_free(msg);
    return -1;
}

/* Rows made in SQL with a recursive counter: fast, and no C loops. */
static int fill(sqlite3 *db, long n)
{
    char sql[4096];

    snprintf(sql, sizeof sql,
        "INSERT INTO bundles (id, path, format, cluster, k8s_version, "
        "collected_start, collected_end, complete) VALUES (1, 'big.tar.gz',"
        " 'sbundle', 'big', 'v1.30.0', '2026-11-23T10:00:00Z', "
        "'2026-11-23T11:00:00Z', 1);"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
        "WHERE i < %ld) "
        "INSERT INTO findings (id, rule, severity, title, summary, kind, "
        "namespace, name, first_seen, remediation, root_cause, seq) SELECT "
        "printf('F%%06d', i), 'pod-crashloop', CASE WHEN i %% 10 = 0 THEN "
        "'critical' WHEN i %% 3 = 0 THEN 'warning' ELSE 'info' END, "
        "'Pod <crashlooping> & restarting', 'Pod web-' || i || ' restarted "
        "12 times; last log line: panic: runtime error', 'Pod', 'shop', "
        "'web-' || i, printf('2026-11-23T10:%%02d:%%02dZ', i / 60 %% 60, "
        "i %% 60), 'Read the previous logs.', CASE WHEN i %% 10 = 0 THEN "
        "NULL ELSE printf('F%%06d', (i / 10 + 1) * 10) END, i FROM c;"
        "INSERT INTO finding_evidence SELECT id, k.s, 'log', first_seen, "
        "'panic: runtime error: index out of range [' || seq || '] ```', "
        "'logs/shop/web/app.previous.log' FROM findings, (SELECT 1 s UNION "
        "SELECT 2 UNION SELECT 3) k;"
        "INSERT INTO finding_affected SELECT root_cause, kind, namespace, "
        "name, id FROM findings WHERE root_cause IS NOT NULL;"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
        "WHERE i < %ld) "
        "INSERT INTO timeline (time, source, severity, kind, namespace, "
        "name, text) SELECT printf('2026-11-23T10:%%02d:%%02dZ', i / 60 %% "
        "60, i %% 60), CASE i %% 3 WHEN 0 THEN 'event' WHEN 1 THEN 'log' "
        "ELSE 'kernel' END, CASE WHEN i %% 97 = 0 THEN 'critical' ELSE "
        "'warning' END, 'Pod', 'shop', 'web-' || i, 'Back-off restarting "
        "failed container app <x>' FROM c;", n, 10 * n);
    return exec(db, "BEGIN") || exec(db, sql) || exec(db, "COMMIT");
}

int main(int argc, char **argv)
{
    static const char *names[] = { "html", "md", "json" };
    const struct sb_embed_file *schema = sb_embed_find("schema/"
                                                       "001_core.sql");
    long n = argc > 1 ? atol(argv[1]) : 5000;
    sqlite3 *db = NULL;
    int f, rc = 1;

    if (n < 1 || !schema || sqlite3_open(":memory:", &db) != SQLITE_OK ||
        exec(db, schema->data) || fill(db, n))
        goto cleanup;
    printf("%ld findings, %ld evidence rows, %ld timeline rows\n", n, 3 * n,
           10 * n);
    for (f = SB_RENDER_HTML; f <= SB_RENDER_JSON; f++) {
        struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
        struct sb_err err = SB_ERR_INIT;
        int64_t t0 = sb_time_mono_ms();

        if (sb_render(db, (enum sb_render_format)f, NULL, &out, &err)) {
            fprintf(stderr, "bench_render: %s\n", err.msg);
            sb_buf_release(&out);
            goto cleanup;
        }
        printf("%-5s %7lld ms %10zu bytes\n", names[f],
               (long long)(sb_time_mono_ms() - t0), out.len);
        sb_buf_release(&out);
    }
    rc = 0;
cleanup:
    sqlite3_close(db);
    return rc;
}
