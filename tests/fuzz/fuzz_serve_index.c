/*
 * libFuzzer harness for analyze serve's bundle index (sb_serve_index): the
 * input is written to a file and loaded as a bundle (tar, tar.gz, anything
 * libarchive reads), in every format sb_bformat knows: objects filed by
 * group and plural, logs and node files spooled, a cluster-info dump's
 * logs.txt split, version and api-resources read or made up. Then every
 * object is looked up by its key and parsed back from the spool, and every
 * blob read whole, so a wrong offset or length into the mapped spool is a
 * read out of bounds. This is not the loader (fuzz_bundle): serve reads
 * the same bundles with code of its own.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sb_serve_index.h"

#define FUZZ_MAX (1u << 20)

static char path[256];

static const char *input_file(void)
{
    const char *t = getenv("TMPDIR");
    int fd;

    if (path[0])
        return path;
    snprintf(path, sizeof(path), "%s/fuzz_serve_index.XXXXXX",
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

/* Touches every byte the index lends, and checks what it promises: each
 * collection sorted by key and each object found again by it. */
static void walk(const struct sb_serve_index *idx)
{
    volatile unsigned char sink = 0;
    size_t i, j, k, n;

    for (i = 0; i < sb_serve_index_ncolls(idx); i++) {
        const struct sb_scoll *c = sb_serve_index_coll_at(idx, i);

        n = sb_scoll_count(c);
        for (j = 0; j < n; j++) {
            const struct sb_sobj *o = sb_scoll_at(c, j);
            cJSON *tree;

            if (j && strcmp(sb_scoll_at(c, j - 1)->key, o->key) > 0)
                __builtin_trap();
            if (sb_scoll_find(c, o->ns, o->name) == NULL)
                __builtin_trap();
            for (k = 0; k < o->len; k++)
                sink ^= (unsigned char)o->json[k];
            tree = sb_sobj_parse(o);
            cJSON_Delete(tree);
        }
    }
    for (i = 0; i < idx->nblobs; i++) {
        const struct sb_sblob *b = sb_serve_index_blob_at(idx, i);

        if (sb_serve_index_blob(idx, b->path) == NULL)
            __builtin_trap();
        for (k = 0; k < b->len; k++)
            sink ^= (unsigned char)b->data[k];
    }
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sb_serve_index_opts opts = { 1u << 20 };
    struct sb_err err = SB_ERR_INIT;
    struct sb_serve_index *idx = NULL;
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
    if (sb_serve_index_load_opts(path, &opts, &idx, &err) == 0)
        walk(idx);
    sb_serve_index_free(idx);
    return 0;
}
