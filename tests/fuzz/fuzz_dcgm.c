/*
 * libFuzzer harness for dcgmi's health and diag JSON (lib/load/sb_host_dcgm)
 * and their loader: each input is parsed as both documents and loaded
 * into an in-memory database built from the real schema, so the tree walk,
 * the message joins and every bind see hostile values. One database
 * serves every run; its table is emptied each time.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "sb_embed.h"
#include "sb_host_dcgm.h"
#include "sb_host_load.h"

/* dcgmi's output is kilobytes; bigger finds nothing new */
#define FUZZ_MAX (1u << 20)

static int count(void *ctx, const struct sb_dcgm_row *r, struct sb_err *err)
{
    (void)err;
    /* every string the contract promises must be readable */
    if (!r->check_kind || !r->test || !r->status)
        __builtin_trap();
    (*(size_t *)ctx) += 1;
    return 0;
}

static sqlite3 *open_db(void)
{
    const struct sb_embed_file *f;
    sqlite3 *db = NULL;

    if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    for (f = sb_embed_files; f->name; f++)
        if (!strncmp(f->name, "schema/", 7) &&
            sqlite3_exec(db, f->data, NULL, NULL, NULL) != SQLITE_OK) {
            sqlite3_close(db);
            return NULL;
        }
    return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sb_err err = SB_ERR_INIT;
    static sqlite3 *db;
    size_t n = 0;

    if (size > FUZZ_MAX)
        return 0;
    sb_dcgm_parse_health((const char *)data, size, "fuzz.json", count, &n,
                         &err);
    sb_dcgm_parse_diag((const char *)data, size, "fuzz.json", count, &n,
                       &err);
    if (!db)
        db = open_db();
    if (db) {
        sb_host_load_member(db, 1, "fuzz-node", "host/dcgmi-health.json",
                            (const char *)data, size, &err);
        sb_host_load_member(db, 1, "fuzz-node", "host/dcgmi-diag-r1.json",
                            (const char *)data, size, &err);
        sqlite3_exec(db, "DELETE FROM dcgm_results", NULL, NULL, NULL);
    }
    return 0;
}
