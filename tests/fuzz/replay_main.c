/*
 * Replays a fuzz corpus through a harness's LLVMFuzzerTestOneInput, so every
 * ordinary test run (plain and under the sanitizers) rechecks each input
 * the fuzzers ever kept. Usage: replay_fuzz_X CORPUS_DIR. A missing or
 * empty folder passes: there is nothing to replay yet.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n;
    int rc = 1;

    if (!f)
        return 1;
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
        goto cleanup;
    /* exactly the bytes, as libFuzzer gives them: a parser that reads
     * one past its input (a NUL it assumed) is caught here too */
    buf = malloc(n ? (size_t)n : 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        goto cleanup;
    LLVMFuzzerTestOneInput(buf, (size_t)n);
    rc = 0;
cleanup:
    free(buf);
    fclose(f);
    return rc;
}

int main(int argc, char **argv)
{
    struct dirent *de;
    char path[4096];
    DIR *d;
    int count = 0, bad = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    d = opendir(argv[1]);
    if (!d) {
        printf("no corpus at '%s': nothing to replay\n", argv[1]);
        return 0;
    }
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", argv[1], de->d_name);
        if (replay_file(path)) {
            fprintf(stderr, "cannot read '%s'\n", path);
            bad++;
        }
        count++;
    }
    closedir(d);
    printf("replayed %d inputs from '%s'\n", count, argv[1]);
    return bad ? 1 : 0;
}
