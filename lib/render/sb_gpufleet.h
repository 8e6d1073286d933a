#ifndef SB_GPUFLEET_H
#define SB_GPUFLEET_H
/*
 * The GPU fleet's verdicts: per GPU and per node HEALTHY, DEGRADED or
 * FAILED, the action chain to follow and the evidence, as the SQL in
 * reports/gpu/verdicts.sql and reports/gpu/nodes.sql decides them
 * (docs/gpu-health.md), read into memory for the three report formats,
 * which render them with the sb_gpufleet_*_render functions.
 *
 * Every string is the fleet's own (freed by sb_gpufleet_release); none
 * is escaped: each renderer escapes for its format.
 */
#include <stddef.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "sb_buf.h"
#include "sb_err.h"

enum sb_gpu_verdict { SB_GPU_HEALTHY, SB_GPU_DEGRADED, SB_GPU_FAILED };

struct sb_gpu_row {
    char *node, *uuid, *pci, *model, *driver, *source;
    int gpu_index;              /* -1 when unknown (kernel log only) */
    enum sb_gpu_verdict verdict;
    char *action;               /* "none" when HEALTHY */
    char **evidence;            /* 'nevidence' lines */
    size_t nevidence, evidence_alloc;   /* alloc: SB_ARRAY_GROW's */
    char *evidence_ids;         /* "F003,F007" or NULL */
};

struct sb_gpu_node {
    char *node;
    enum sb_gpu_verdict verdict;
    size_t gpus, failed, degraded;
    char *action;
    char **evidence;            /* node-level lines, then "GPU x: ..." */
    size_t nevidence, evidence_alloc;
};

struct sb_gpufleet {
    struct sb_gpu_row *gpus;    /* by node, then GPU index */
    size_t ngpus, gpus_alloc;
    struct sb_gpu_node *nodes;  /* by name */
    size_t nnodes, nodes_alloc;
};
#define SB_GPUFLEET_INIT { NULL, 0, 0, NULL, 0, 0 }

/* Runs the verdict SQL on 'db' (registering the sb_xid SQL functions it
 * needs) and fills 'f'. Returns 0 (an empty fleet when the bundle holds
 * no GPU), or a negative code with 'err' set; 'f' must be released
 * either way. */
int sb_gpufleet_load(sqlite3 *db, struct sb_gpufleet *f, struct sb_err *err);
void sb_gpufleet_release(struct sb_gpufleet *f);

const char *sb_gpu_verdict_name(enum sb_gpu_verdict v); /* "HEALTHY" ... */

/* Adds "gpus" and "gpu_nodes" arrays to the JSON report 'root'
 * (docs/report-format.md). Returns 0 or SB_E_NOMEM. */
int sb_gpufleet_json(const struct sb_gpufleet *f, cJSON *root);

/* Appends the verdict tables as Markdown (nothing when the fleet is
 * empty). Returns 0 or the sb_buf code. */
int sb_gpufleet_md(const struct sb_gpufleet *f, struct sb_buf *out);

/* Appends the verdict tables as HTML (nothing when the fleet is empty),
 * with the report's row classes ("bad", "warn"). Returns 0 or the sb_buf
 * code. */
int sb_gpufleet_html(const struct sb_gpufleet *f, struct sb_buf *out);

#endif
