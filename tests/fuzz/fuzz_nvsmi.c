/*
 * libFuzzer harness for the nvidia-smi -q -x parser and its loader: parse,
 * then load the GPUs into an in-memory database built from the real
 * schema, so both the XML walk and every bind see hostile values. One
 * database serves every run (creating the schema costs more than a run);
 * its gpus table is emptied each time.
 */
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "sb_embed.h"
#include "sb_host_load.h"
#include "sb_nvsmi.h"

/* nvidia-smi output is a few hundred KiB at most; bigger finds nothing new */
#define FUZZ_MAX (1u << 20)

static sqlite3 *open_db(void)
{
    const struct sb_embed_file *schema = sb_embed_find("schema/001_core.sql");
    sqlite3 *db = NULL;

    if (!schema || sqlite3_open(":memory:", &db) != SQLITE_OK ||
        sqlite3_exec(db, schema->data, NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sb_err err = SB_ERR_INIT;
    static sqlite3 *db;
    struct sb_nvsmi n;

    if (size > FUZZ_MAX)
        return 0;
    if (sb_nvsmi_parse((const char *)data, size, "fuzz.xml", &n, &err) == 0)
        sb_nvsmi_release(&n);
    if (!db)
        db = open_db();
    if (db) {
        sb_host_load_member(db, 1, "fuzz-node", "host/nvidia-smi-q.xml",
                            (const char *)data, size, &err);
        sqlite3_exec(db, "DELETE FROM gpus", NULL, NULL, NULL);
    }
    return 0;
}
