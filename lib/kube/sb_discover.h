#ifndef SB_DISCOVER_H
#define SB_DISCOVER_H
/*
 * API discovery, as kubectl api-resources does it: /api and /apis, then
 * each group's preferred version's resource list. Every resource whose
 * verbs include "list" is kept, custom resources of CRDs included;
 * subresources ("pods/log") are skipped. A group-version whose list
 * cannot be read (an aggregated API that is down, 403) is a gap, not a
 * failure.
 */
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "sb_err.h"
#include "sb_http.h"

struct sb_resource {
    char *group;            /* "" for the core group */
    char *version;          /* "v1" */
    char *plural;           /* "deployments" */
    char *kind;             /* "Deployment" */
    bool namespaced;
    char *name;             /* bundle file stem: "pods", "deployments.apps" */
    char *api_path;         /* "/api/v1" or "/apis/apps/v1" */
};

/* A group-version that could not be discovered. */
struct sb_discover_gap {
    char *group_version;
    long status;
    char *error;
};

struct sb_discovery {
    struct sb_resource *res;    /* sorted by name */
    size_t n, res_alloc;        /* res_alloc: SB_ARRAY_GROW's capacity */
    struct sb_discover_gap *gaps;
    size_t ngaps, gaps_alloc;
    cJSON *doc;                 /* cluster/api-resources.json content:
                                   [APIResourceList, ...] as served, one
                                   per discovered group-version */
};

/* Runs discovery on 'h' (which must be idle). 'out' is the caller's,
 * released with sb_discovery_release. Fails only when /api cannot be
 * read (nothing can be collected then); 'err' names the cause. */
int sb_discover(struct sb_http *h, int64_t deadline_ms,
                volatile sig_atomic_t *stop, struct sb_discovery *out,
                struct sb_err *err);

/* The resource with bundle name 'name' ("nodes", "pods.metrics.k8s.io"),
 * or NULL. Lent. */
const struct sb_resource *sb_discovery_find(const struct sb_discovery *d,
                                            const char *name);

void sb_discovery_release(struct sb_discovery *d);

#endif
