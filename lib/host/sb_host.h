#ifndef SB_HOST_H
#define SB_HOST_H
/*
 * collect --host: one GPU node's own state as a bundle with host/ as its
 * top-level content (layout in docs/host.md): nvidia-smi in its forms,
 * the NVIDIA driver and fabric manager, the kernel log, the journals of
 * kubelet and the container runtimes, OS and kernel, /proc memory, load
 * and pressure, cgroup v2 memory, mounts, disks and PCI devices.
 *
 * Every tool runs with its own deadline and output cap (sb_proc); a tool
 * that is missing, fails or hangs is recorded in the manifest (exit code,
 * stderr excerpt, timed out) and collection goes on. A "required" source
 * that could not be read is also a gap, which makes the bundle
 * incomplete; optional ones (fabric manager, NVLink, lspci, the runtimes
 * a node does not use, DCGM, nvidia-smi subcommands older drivers lack,
 * the persistence and IMEX daemons) are only listed, as absent when the
 * node does not have them.
 */
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_err.h"

/* Redaction is the front end's: it appends 'in' masked to 'out' and
 * returns 0 or SB_E_NOMEM/SB_E_TOOBIG. 'counts' returns a new JSON
 * object {rule: count} for the manifest. */
typedef int sb_host_redact_fn(void *ctx, const char *in, size_t len,
                              struct sb_buf *out);
typedef cJSON *sb_host_counts_fn(void *ctx);

/* Progress: called after each source, from the collecting thread. */
struct sb_host_step {
    const char *name;           /* "nvidia-smi-xml", "kernel-log", ... */
    const char *status;         /* ok | failed | absent | skipped */
    const char *error;          /* "" when ok */
    int64_t duration_ms;
    int done, total;
};
typedef void sb_host_progress_fn(void *ctx, const struct sb_host_step *s);

struct sb_host_opts {
    const char *node_name;      /* NULL: <root>/etc/hostname, else the
                                   kernel's host name */
    const char *host_root;      /* NULL or "/": this machine. Else files
                                   are read under it, and tools run
                                   chrooted into it when it has its own
                                   /usr/bin (a real root file system; else
                                   from this image's PATH) */
    const char *output;         /* NULL: sbundle-host-<node>-<time>.tar.gz */
    int64_t since_secs;         /* journal window; 0: SB_HOST_SINCE */
    int64_t timeout_ms;         /* whole run; 0: none */
    int64_t command_timeout_ms; /* each tool; 0: SB_HOST_COMMAND_TIMEOUT */
    size_t output_max;          /* bytes kept per source; 0: default */
    sb_host_redact_fn *redact;  /* NULL: written as read (--no-redact) */
    sb_host_counts_fn *redact_counts;
    void *redact_ctx;
    cJSON *parameters;          /* lent: recorded as manifest parameters */
    volatile sig_atomic_t *stop;    /* set by SIGINT/SIGTERM, or NULL */
    sb_host_progress_fn *progress;  /* or NULL */
    void *progress_ctx;
    bool gpu_diag;              /* also run "dcgmi diag -r 1" (active, takes
                                   seconds): collect --host --gpu-diag */
};
#define SB_HOST_SINCE (24 * 3600)
#define SB_HOST_COMMAND_TIMEOUT 30000
#define SB_HOST_OUTPUT_MAX ((size_t)32 << 20)

struct sb_host_summary {
    char output[4096];          /* the bundle's path */
    char node[256];
    uint64_t files, bytes;      /* bundle members and their bytes */
    unsigned sources, failed;   /* sources tried, and those that failed
                                   or were skipped */
    uint64_t gaps;
    int64_t duration_ms;
    bool complete;              /* no gaps, not stopped early */
    bool stopped;               /* deadline or signal */
};

/* Collects and writes the bundle. Returns 0 when a bundle was written
 * (complete or not: 'sum->complete'), or a negative code with 'err' set
 * when nothing usable was: no source could be read (SB_E_NOTFOUND), or
 * the output could not be written. */
int sb_host_collect(const struct sb_host_opts *o, struct sb_host_summary *sum,
                    struct sb_err *err);

#endif
