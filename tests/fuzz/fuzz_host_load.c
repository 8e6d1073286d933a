/*
 * libFuzzer harness for a host bundle's text members (sb_host_load): the
 * first byte picks the member path (kernel and journal logs, the fabric
 * manager's and IMEX's logs and status, /proc's meminfo, loadavg and
 * pressure, cgroup memory.stat, lspci), the rest is its content, loaded
 * into an in-memory database built from the real schema. Its top bit
 * says whether the bundle row holds a collection end (the year of syslog
 * stamps, the time of /proc samples) or not (the manifest not read yet).
 * nvidia-smi's XML and dcgmi's JSON have harnesses of their own
 * (fuzz_nvsmi, fuzz_dcgm). Only crashes, sanitizer reports, leaks and
 * hangs count: any return code is fine.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sb_db.h"
#include "sb_host_load.h"

#define FUZZ_MAX (256u << 10)

static const char *const paths[] = {
    "host/kernel/dmesg.txt", "host/kernel/kmsg.txt", "host/kernel/kern.log",
    "host/journal/kubelet.log", "host/journal/containerd.log",
    "host/fabricmanager.log", "host/nvidia-imex.log",
    "host/fabricmanager-status.txt", "host/proc/meminfo",
    "host/proc/loadavg", "host/proc/pressure/cpu",
    "host/proc/pressure/memory", "host/proc/pressure/io",
    "host/cgroup/memory.stat", "host/lspci.txt",
};
#define NPATHS (sizeof(paths) / sizeof(paths[0]))

static struct sb_db *open_db(void)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_db *db = NULL;

    if (sb_db_open(":memory:", &db, &err) ||
        sb_db_exec(db, "INSERT INTO bundles(id, path, format) VALUES "
                   "(1, 'fuzz', 'sbundle'), (2, 'fuzz', 'sbundle')", &err) ||
        sb_db_exec(db, "UPDATE bundles SET collected_end = "
                   "'2026-11-20T10:00:00Z' WHERE id = 2", &err))
        abort();
    return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sb_err err = SB_ERR_INIT;
    static struct sb_db *db;
    int64_t bundle;

    if (size < 1 || size > FUZZ_MAX)
        return 0;
    /* one database for the whole run, each input undone at its end */
    if (!db)
        db = open_db();
    if (sb_db_begin(db, &err))
        abort();
    bundle = data[0] & 0x80 ? 2 : 1;
    sb_host_load_member(sb_db_handle(db), bundle, data[0] & 0x40 ? NULL : "n1",
                        paths[(data[0] & 0x3f) % NPATHS],
                        (const char *)data + 1, size - 1, &err);
    if (sb_db_rollback(db, &err))
        abort();
    return 0;
}
