#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "sb_db.h"
#include "sb_load_ctx.h"

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
}

static const char *query(sqlite3 *db, const char *sql)
{
    static char out[1024];
    sqlite3_stmt *st;

    out[0] = '\0';
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, sizeof(out), "%s",
                 (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

/* The exporter's counters become a gpus row: a GPU that remapped rows
 * after uncorrectable errors (history) is not waiting for a reset; the
 * pending field says that. Temperature and power come along. */
static void test_exporter_row_remap_pending_is_its_own_field(void **state)
{
    struct sb_db *db = NULL;
    struct sb_err err = SB_ERR_INIT;
    sqlite3 *h;

    (void)state;
    if (sb_db_open(":memory:", &db, &err))
        fail_msg("%s", err.msg);
    h = sb_db_handle(db);
    exec(h, "INSERT INTO bundles (id, path, format, kind, collected_end) "
         "VALUES (1, 'b', 'sbundle', 'cluster', '2026-11-23T10:00:00Z');"
         "INSERT INTO metrics (bundle_id, source, node, name, labels, value)"
         " VALUES"
         " (1, 'dcgm-exporter', 'n', 'DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS',"
         "  '{\"gpu\":\"0\"}', 3),"
         " (1, 'dcgm-exporter', 'n', 'DCGM_FI_DEV_ROW_REMAP_PENDING',"
         "  '{\"gpu\":\"0\"}', 0),"
         " (1, 'dcgm-exporter', 'n', 'DCGM_FI_DEV_ROW_REMAP_PENDING',"
         "  '{\"gpu\":\"1\"}', 1),"
         " (1, 'dcgm-exporter', 'n', 'DCGM_FI_DEV_GPU_TEMP',"
         "  '{\"gpu\":\"0\"}', 71),"
         " (1, 'dcgm-exporter', 'n', 'DCGM_FI_DEV_POWER_USAGE',"
         "  '{\"gpu\":\"0\"}', 650.5),"
         " (1, 'dcgm-exporter', 'n', 'DCGM_FI_DEV_POWER_MGMT_LIMIT',"
         "  '{\"gpu\":\"0\"}', 700)");
    if (sb_load_dcgm_finish(db, &err))
        fail_msg("%s", err.msg);
    assert_string_equal(query(h, "SELECT group_concat(gpu_index || ':' || "
                              "coalesce(remapped_rows_pending, '-') || ':' ||"
                              " coalesce(temperature, '-') || ':' || "
                              "coalesce(power_draw, '-') || '/' || "
                              "coalesce(power_limit, '-'), ' ') FROM (SELECT"
                              " * FROM gpus ORDER BY gpu_index)"),
                        "0:0:71.0:650.5/700.0 1:1:-:-/-");
    sb_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exporter_row_remap_pending_is_its_own_field),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
