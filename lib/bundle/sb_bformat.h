#ifndef SB_BFORMAT_H
#define SB_BFORMAT_H
/*
 * What a member of a bundle holds, from its path alone, for every input
 * format analyze and analyze serve read (one reader, so both see the same
 * objects and logs):
 *
 *   sbundle            manifest.json, resources/<ns>/<plural>[.<group>].json,
 *                      logs/<ns>/<pod>/<container>[.previous].log, nodes/,
 *                      host/, cluster/version.json
 *   troubleshoot       cluster-resources/<kind>/<ns>.json,
 *                      cluster-resources/<kind>.json, custom-resources/,
 *                      cluster-resources/pods/logs/<ns>/<pod>/<c>[-previous].log,
 *                      cluster-info/cluster_version.json
 *   cluster-info-dump  nodes.json, <ns>/{pods,events,...}.json,
 *                      <ns>/<pod>/logs.txt (current JSON, and the
 *                      capitalised internal JSON of kubectl <= 1.13)
 *   must-gather        (and oc adm inspect) namespaces/<ns>/<group>/<plural>.yaml
 *                      or .../<plural>/<name>.yaml, namespaces/<ns>/<ns>.yaml,
 *                      cluster-scoped-resources/<group>/<plural>[/<name>].yaml,
 *                      namespaces/<ns>/pods/<pod>/<c>/<c>/logs/{current,previous}.log,
 *                      timestamp; found under any one or two leading folders
 *                      (must-gather nests one per image)
 *   gpu-operator       NVIDIA GPU Operator's must-gather script, flat:
 *                      cluster_policy.yaml, gpu_operator_pod.yaml,
 *                      gpu_operand_pods.yaml, gpu_operand_ds.yaml,
 *                      gpu_operator_pod[.previous].log (the operator's
 *                      own container), gpu_operand_pod_<pod>[.previous].log
 *                      (every container, lines "[pod/<pod>/<c>] ..."),
 *                      nvidia-bug-report_<node>.log.gz; under one or two
 *                      leading folders, never deeper
 *
 * Pure functions of their arguments: no I/O, no allocation except in
 * sb_bformat_normalize (cJSON's).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

enum sb_bformat_kind {
    SB_BF_SKIP,
    SB_BF_MANIFEST,
    SB_BF_JSON,         /* API objects: a List, an array or one object */
    SB_BF_YAML,         /* the same as YAML, one or more documents */
    SB_BF_LOG,          /* one container's log */
    SB_BF_DUMP_LOG,     /* cluster-info dump logs.txt: every container */
    SB_BF_PREFIX_LOG,   /* kubectl logs --all-containers --prefix: every
                           container, each line "[pod/P/C] text"; the
                           namespace is left for the loader to find */
    SB_BF_NODE_LOG,
    SB_BF_DCGM,
    SB_BF_HOST,
    SB_BF_VERSION,      /* a version.json ({"gitVersion"} or {"info"}) */
    SB_BF_TIMESTAMP,    /* must-gather's start and end times, text */
};

enum sb_bformat_fmt {
    SB_BF_SBUNDLE = 1 << 0,
    SB_BF_TROUBLESHOOT = 1 << 1,
    SB_BF_DUMP = 1 << 2,
    SB_BF_MUSTGATHER = 1 << 3,
    SB_BF_GPUOP = 1 << 4,
};

struct sb_bformat_member {
    enum sb_bformat_kind kind;
    int fmt;                /* one enum sb_bformat_fmt, 0 when unknown */
    /* plural[.group] ("pods", "deployments.apps") for sbundle and
     * must-gather, troubleshoot's folder name ("pvcs", "storage-classes",
     * "widgets.example.com" for custom resources) otherwise */
    char resource[256];
    char ns[256];           /* the folder's namespace, "" if none */
    char pod[256], container[256];
    char node[256], source[256];
    bool previous;
    bool gzip;              /* the member is gzip data (one or more
                               members, as nvidia-bug-report appends) */
};

/* Fills 'm' for the member at 'path' (relative to the bundle's top
 * folder). A path no format knows gives SB_BF_SKIP and fmt 0. */
void sb_bformat_classify(const char *path, struct sb_bformat_member *m);

/* "sbundle", "troubleshoot", "cluster-info-dump", "must-gather",
 * "gpu-operator-must-gather" for the first flag set in 'fmts' (in that
 * order), "unknown" for none. */
const char *sb_bformat_name(int fmts);

/* Whether 'first' (the first path component of an archive's first
 * member) is a folder some format puts at its root, so that the archive
 * has no top folder to strip. 'rest' is the path after it. */
bool sb_bformat_is_root(const char *first, const char *rest);

/* Rewrites kubectl <= 1.13's capitalised internal JSON ("Items",
 * "ObjectMeta" or its fields inline, "Spec", "ContainerStatuses",
 * "InvolvedObject") into the API's own field names, in place, leaving the
 * keys of label, annotation and quantity maps as they are. Returns true
 * when 'doc' was in that form (and has been rewritten), false when it
 * was left untouched. A failed allocation leaves the doc partly
 * rewritten, never invalid. */
bool sb_bformat_normalize(cJSON *doc);

/* The newest time in must-gather's timestamp file ("2024-05-10
 * 08:26:27.535718345 +0000 UTC m=+0.046443241" per line): stores it in
 * *end and the oldest in *start; false when no line holds a time. */
bool sb_bformat_timestamps(const char *text, size_t len, int64_t *start,
                           int64_t *end);

/* Group and plural for a built-in kind ("Deployment" -> "apps",
 * "deployments"), with whether it is namespaced and its preferred
 * version. Returns false for a kind it does not know. */
bool sb_bformat_kind_info(const char *kind, const char **group,
                          const char **plural, const char **version,
                          bool *namespaced);

/* The kind for a resource folder name, sbundle's or troubleshoot's
 * ("pods", "pvcs", "storage-classes", "deployments.apps"); NULL when
 * unknown. */
const char *sb_bformat_kind_of_resource(const char *resource);

/*
 * The cluster name an API object holds, for inputs whose own metadata
 * names none (troubleshoot bundles, cluster-info dumps, must-gathers).
 * Copies it into 'out' (size 'n') and returns its rank, higher being
 * better; returns 0, 'out' untouched, for an object that names none:
 *   2  OpenShift's Infrastructure (config.openshift.io) status.
 *      infrastructureName, the name the installer gave the cluster;
 *   1  kube-system's kubeadm-config ConfigMap, ClusterConfiguration's
 *      clusterName (kubeadm's default is "kubernetes").
 * Names with control characters or longer than 253 bytes are refused.
 * 'kind' is the object's (list items often lack their own); 'obj' must
 * be normalised (sb_bformat_normalize).
 */
#define SB_BFORMAT_NAME_MAX 254
int sb_bformat_cluster_of(const char *kind, const cJSON *obj, char *out,
                          size_t n);

/*
 * The neutral name of an input when nothing in it names its cluster: the
 * last component of 'path' without a trailing '/' and without ".tar.gz",
 * ".tgz", ".tar" or ".txt" (a cluster-info dump's standard output kept
 * in a file) ("/x/support-bundle-2026.tar.gz" gives
 * "support-bundle-2026"). Never empty: "bundle" when nothing is left.
 */
void sb_bformat_input_name(const char *path, char *out, size_t n);

/*
 * One line of `kubectl logs --prefix`: "[pod/POD/CONTAINER] text". When
 * 'line' (length 'len') starts so, copies POD and CONTAINER into 'pod'
 * and 'container' (each 'cap' bytes) and returns the length of the
 * prefix with its space; returns 0, leaving both untouched, when it does
 * not or a name does not fit.
 */
size_t sb_bformat_log_prefix(const char *line, size_t len, char *pod,
                             char *container, size_t cap);

#endif
