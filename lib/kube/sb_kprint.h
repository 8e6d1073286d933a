#ifndef SB_KPRINT_H
#define SB_KPRINT_H
/*
 * kubectl's printers, server side: a meta.k8s.io/v1 Table for a list of
 * objects, with the columns the API server's printers give each kind
 * (pods, nodes, events, deployments, replicasets, statefulsets,
 * daemonsets, jobs, cronjobs, services, endpoints, PVCs, PVs, namespaces,
 * ingresses, configmaps, secrets, serviceaccounts, storageclasses,
 * endpointslices, leases, priorityclasses, runtimeclasses, PDBs, HPAs,
 * ingressclasses, networkpolicies, role bindings, controllerrevisions,
 * volumeattachments; CRDs, roles and limit ranges with the default
 * convertor's NAME and CREATED AT), "-o wide" columns as
 * priority 1, and custom resources by their CRD's additionalPrinterColumns.
 * Anything else gets NAME and AGE. Ages are relative to 'now' (the
 * bundle's collection time), never today.
 */
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_err.h"

enum sb_kprint_include {
    SB_KPRINT_METADATA,     /* rows carry PartialObjectMetadata (default) */
    SB_KPRINT_OBJECT,       /* rows carry the whole object */
    SB_KPRINT_NONE,
};

struct sb_kprint_list {
    const char *group;          /* "" for the core group */
    const char *plural;
    const cJSON *const *objs;   /* lent */
    size_t n;
    int64_t now;                /* epoch seconds ages are relative to */
    enum sb_kprint_include include;
    const cJSON *crd;           /* the CRD of a custom resource, or NULL */
    const char *resource_version;   /* list metadata; may be NULL */
    const char *continue_token;     /* may be NULL */
};

/* Appends the Table's JSON to 'out'. Returns 0 or a negative code. */
int sb_kprint_table(const struct sb_kprint_list *list, struct sb_buf *out,
                    struct sb_err *err);

/* The STATUS column kubectl shows for a pod ("Running",
 * "CrashLoopBackOff", "OOMKilled", "Init:0/1", "Terminating", ...), into
 * 'out' (64 bytes). */
char *sb_kprint_pod_status(const cJSON *pod, char out[64]);

#endif
