/*
 * libFuzzer harness for the bundle reader and the loader's walk: the input
 * is written to a file (the reader streams files) and loaded as a bundle
 * into an in-memory database, every member read, hashed and dispatched.
 * Nothing it does may crash, leak or write outside the database. A plain
 * tar input is read by our own tar reader (sb_tar), and by libarchive
 * from wherever sb_tar hands it over: both, and the hand-over, are fuzzed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sb_db.h"
#include "sb_load.h"

#define FUZZ_MAX (1u << 20)

static char path[256];

static const char *input_file(void)
{
    const char *t = getenv("TMPDIR");
    int fd;

    if (path[0])
        return path;
    snprintf(path, sizeof(path), "%s/fuzz_bundle.XXXXXX",
             t ? t : "/tmp");
    fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    return path;
}

static void remove_input(void)
{
    if (path[0])
        unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sb_load_opts opts;
    struct sb_err err = SB_ERR_INIT;
    static struct sb_db *db;
    static int registered;
    FILE *f;

    if (size > FUZZ_MAX)
        return 0;
    if (!registered) {
        atexit(remove_input);
        registered = 1;
    }
    f = fopen(input_file(), "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    memset(&opts, 0, sizeof(opts));
    opts.member_max = 8u << 20;     /* keep a run's memory small */
    opts.total_max = 64u << 20;
    opts.line_max = 4096;
    /* one database for the whole run, each input undone at its end */
    if (!db && sb_db_open(":memory:", &db, &err))
        abort();
    if (sb_db_begin(db, &err))
        abort();
    if (sb_load_bundle(db, path, &opts, NULL, NULL, &err) == 0)
        sb_load_finish(db, &opts, &err);
    if (sb_db_rollback(db, &err))
        abort();
    return 0;
}
