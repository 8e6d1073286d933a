#ifndef SB_ESTIMATE_H
#define SB_ESTIMATE_H
/*
 * collect --dry-run's estimate of a bundle's size and of the time it
 * takes, from what the cluster tells cheaply: one list request with
 * limit=1 per resource (the item and metadata.remainingItemCount give
 * the count and an object's size), one page of pods (containers and
 * restarts per pod, the nodes they run on), one page of nodes (the GPU
 * nodes' share) and the kubelet's stats/summary of a few of those nodes
 * (logs.usedBytes per container). Time is the requests the run would
 * make at the rate these ones were answered, at the same parallelism.
 *
 * It is an estimate: object sizes come from one object per resource,
 * compression ratios are typical ones, and where no kubelet answers,
 * each log is assumed to fill --max-log-bytes (an upper bound).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "sb_discover.h"
#include "sb_err.h"
#include "sb_http.h"

struct sb_estimate_opts {
    const char *const *namespaces;  /* NULL or 'nns' names; none: all */
    size_t nns;
    size_t max_log_bytes;       /* per stream, as collect caps it */
    int parallel;               /* what the run will use */
    uint64_t max_size;          /* --max-size, 0: none */
    int64_t deadline;           /* monotonic ms, 0: none */
    volatile sig_atomic_t *stop;
};

/* What was learned; the numbers printed. */
struct sb_estimate {
    uint64_t objects;           /* listed objects, counted */
    uint64_t resources;         /* lists that answered */
    uint64_t uncounted;         /* lists that gave no count (at least 1) */
    uint64_t object_bytes;      /* their JSON, raw */
    uint64_t log_streams;
    uint64_t log_bytes;         /* raw, capped per stream */
    uint64_t gpu_nodes;
    uint64_t requests;          /* the run's, predicted */
    uint64_t bundle_bytes;      /* compressed, estimated */
    int64_t duration_ms;        /* predicted */
    double ms_per_request;      /* measured here, at this parallelism */
    int kubelets;               /* stats/summary answers used */
};

/* Runs the sampling requests on 'h' (idle, discovery done: 'd'), and
 * prints the estimate to 'out' (lines starting "estimate: "). 'est' may
 * be NULL. Returns 0 or a negative code with 'err' set when nothing
 * could be sampled (a failed request is only a poorer estimate). */
int sb_estimate_run(struct sb_http *h, const struct sb_discovery *d,
                    const struct sb_estimate_opts *o, FILE *out,
                    struct sb_estimate *est, struct sb_err *err);

#endif
