/*
 * Member paths of every input format, and the normalisation of old
 * cluster-info dumps.
 */
#include "sb_bformat.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sb_time.h"

/* ---- path classification ---- */

#define PARTS_MAX 10

/* Splits 'path' into at most 'max' components in 'parts' (copied into
 * 'store'). Returns the count, or -1 when there are more. */
static int split_path(const char *path, char *store, size_t cap,
                      char **parts, int max)
{
    size_t n = strlen(path);
    int count = 0;
    char *p, *s;

    if (n >= cap)
        return -1;
    memcpy(store, path, n + 1);
    for (p = store; ; p = s + 1) {
        if (count == max)
            return -1;
        parts[count++] = p;
        s = strchr(p, '/');
        if (!s)
            break;
        *s = '\0';
    }
    return count;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void copy(char *dst, const char *src, size_t cap)
{
    snprintf(dst, cap, "%s", src);
}

/* "pods.json" -> "pods"; false when 'name' lacks 'ext' */
static bool stem(const char *name, const char *ext, char *out, size_t cap)
{
    size_t n = strlen(name), k = strlen(ext);

    if (n <= k || strcmp(name + n - k, ext) != 0 || n - k >= cap)
        return false;
    memcpy(out, name, n - k);
    out[n - k] = '\0';
    return true;
}

static void classify_sbundle(char **p, int n, struct sb_bformat_member *m)
{
    m->fmt = SB_BF_SBUNDLE;
    if (!strcmp(p[0], "resources") && n == 3 &&
        stem(p[2], ".json", m->resource, sizeof(m->resource))) {
        copy(m->ns, p[1], sizeof(m->ns));
        m->kind = SB_BF_JSON;
    } else if (!strcmp(p[0], "logs") && n == 4) {
        copy(m->ns, p[1], sizeof(m->ns));
        copy(m->pod, p[2], sizeof(m->pod));
        if (stem(p[3], ".previous.log", m->container, sizeof(m->container)))
            m->previous = true;
        else if (!stem(p[3], ".log", m->container, sizeof(m->container)))
            return;
        m->kind = SB_BF_LOG;
    } else if (!strcmp(p[0], "nodes") && n == 4 && !strcmp(p[2], "logs")) {
        copy(m->node, p[1], sizeof(m->node));
        copy(m->source, p[3], sizeof(m->source));
        m->kind = SB_BF_NODE_LOG;
    } else if (!strcmp(p[0], "nodes") && n == 3 &&
               !strcmp(p[2], "dcgm-exporter.prom")) {
        copy(m->node, p[1], sizeof(m->node));
        m->kind = SB_BF_DCGM;
    } else if (!strcmp(p[0], "cluster") && n == 2 &&
               !strcmp(p[1], "version.json")) {
        m->kind = SB_BF_VERSION;
    }
}

/* Replicated troubleshoot: cluster-resources/<kind>/<ns>.json or
 * cluster-resources/<kind>.json, custom-resources/<crd>/<ns>.yaml, logs
 * under cluster-resources/pods/logs/<ns>/<pod>/<container>[-previous].log */
static void classify_troubleshoot(char **p, int n,
                                  struct sb_bformat_member *m)
{
    m->fmt = SB_BF_TROUBLESHOOT;
    if (!strcmp(p[0], "cluster-info") && n == 2 &&
        !strcmp(p[1], "cluster_version.json")) {
        m->kind = SB_BF_VERSION;
        return;
    }
    if (strcmp(p[0], "cluster-resources") != 0)
        return;
    if (n == 6 && !strcmp(p[1], "pods") && !strcmp(p[2], "logs")) {
        copy(m->ns, p[3], sizeof(m->ns));
        copy(m->pod, p[4], sizeof(m->pod));
        if (stem(p[5], "-previous.log", m->container, sizeof(m->container)))
            m->previous = true;
        else if (!stem(p[5], ".log", m->container, sizeof(m->container)))
            return;
        m->kind = SB_BF_LOG;
    } else if (n == 2 && stem(p[1], ".json", m->resource,
                              sizeof(m->resource))) {
        m->kind = SB_BF_JSON;
    } else if (n == 3 && !strcmp(p[1], "auth-cani-list")) {
        return;     /* permissions of the collector, not objects */
    } else if (n == 3 && stem(p[2], ".json", m->ns, sizeof(m->ns))) {
        copy(m->resource, p[1], sizeof(m->resource));
        m->kind = SB_BF_JSON;
    } else if (n == 4 && !strcmp(p[1], "custom-resources")) {
        copy(m->resource, p[2], sizeof(m->resource));
        /* newer troubleshoot writes both forms of a CR list, older only
         * YAML: both load, the readers drop the YAML copies */
        if (stem(p[3], ".json", m->ns, sizeof(m->ns)))
            m->kind = SB_BF_JSON;
        else if (stem(p[3], ".yaml", m->ns, sizeof(m->ns)))
            m->kind = SB_BF_YAML;
    } else if (n == 3 && !strcmp(p[1], "custom-resources") &&
               ends_with(p[2], ".yaml")) {
        stem(p[2], ".yaml", m->resource, sizeof(m->resource));
        m->kind = SB_BF_YAML;
    }
}

static const char *const dump_lists[] = {
    "pods.json", "events.json", "services.json", "deployments.json",
    "replicasets.json", "daemonsets.json", "replication-controllers.json",
    "statefulsets.json", "jobs.json", "cronjobs.json", NULL,
};

static bool is_dump_list(const char *name)
{
    int i;

    for (i = 0; dump_lists[i]; i++)
        if (!strcmp(name, dump_lists[i]))
            return true;
    return false;
}

static void classify_dump(char **p, int n, struct sb_bformat_member *m)
{
    if (n == 1 && !strcmp(p[0], "nodes.json")) {
        m->fmt = SB_BF_DUMP;
        m->kind = SB_BF_JSON;
        copy(m->resource, "nodes", sizeof(m->resource));
    } else if (n == 2 && is_dump_list(p[1])) {
        m->fmt = SB_BF_DUMP;
        m->kind = SB_BF_JSON;
        copy(m->ns, p[0], sizeof(m->ns));
        stem(p[1], ".json", m->resource, sizeof(m->resource));
    } else if (n == 3 && !strcmp(p[2], "logs.txt")) {
        m->fmt = SB_BF_DUMP;
        m->kind = SB_BF_DUMP_LOG;
        copy(m->ns, p[0], sizeof(m->ns));
        copy(m->pod, p[1], sizeof(m->pod));
    }
}

/* "core" is must-gather's name for the core group */
static void set_resource(struct sb_bformat_member *m, const char *group,
                         const char *plural)
{
    if (!strcmp(group, "core"))
        copy(m->resource, plural, sizeof(m->resource));
    else
        snprintf(m->resource, sizeof(m->resource), "%s.%s", plural, group);
}

/* oc adm inspect's writer (also must-gather's): a List per resource
 * under <root>/<group>/<plural>.yaml, a single object under
 * <root>/<group>/<plural>/<name>.yaml; pods' own folders hold their logs
 * (requested with timestamps) and a copy of the pod, skipped since the
 * List has it. */
static void classify_mustgather(char **p, int n, struct sb_bformat_member *m)
{
    char name[256];
    int base;

    m->fmt = SB_BF_MUSTGATHER;
    if (!strcmp(p[0], "namespaces")) {
        if (n < 3)
            return;
        copy(m->ns, p[1], sizeof(m->ns));
        if (n == 3 && stem(p[2], ".yaml", name, sizeof(name)) &&
            !strcmp(name, p[1])) {
            copy(m->resource, "namespaces", sizeof(m->resource));
            m->ns[0] = '\0';
            m->kind = SB_BF_YAML;
            return;
        }
        if (!strcmp(p[2], "pods") && n == 8 && !strcmp(p[3 + 1], p[5]) &&
            !strcmp(p[6], "logs")) {
            copy(m->pod, p[3], sizeof(m->pod));
            copy(m->container, p[4], sizeof(m->container));
            if (!strcmp(p[7], "previous.log"))
                m->previous = true;
            else if (strcmp(p[7], "current.log") != 0)
                return;
            m->kind = SB_BF_LOG;
            return;
        }
        if (!strcmp(p[2], "pods"))
            return;
        base = 2;
    } else {
        base = 1;       /* cluster-scoped-resources */
    }
    if (n == base + 2 && stem(p[base + 1], ".yaml", name, sizeof(name))) {
        set_resource(m, p[base], name);
        m->kind = SB_BF_YAML;
    } else if (n == base + 3 && ends_with(p[base + 2], ".yaml")) {
        set_resource(m, p[base], p[base + 1]);
        m->kind = SB_BF_YAML;
    }
}

/* NVIDIA GPU Operator's must-gather (hack/must-gather.sh in its
 * repository) writes every file into one flat folder: YAML from
 * `kubectl get -oyaml`, logs from `kubectl logs` (the operands' with
 * --all-containers --prefix), text from get and describe, and each
 * driver pod's nvidia-bug-report. The YAML files and what they hold: */
static const struct {
    const char *file, *resource;
} gpuop_yaml[] = {
    { "cluster_policy.yaml", "clusterpolicies.nvidia.com" },
    { "gpu_operator_pod.yaml", "pods" },
    { "gpu_operand_pods.yaml", "pods" },
    { "gpu_operand_ds.yaml", "daemonsets.apps" },
    { "openshift_version.yaml", "clusterversions.config.openshift.io" },
    { "kubevirt.yaml", "kubevirts.kubevirt.io" },
    { "hyperconverged.yaml", "hyperconvergeds.hco.kubevirt.io" },
};

/* Text the script writes that nothing here reads (tables, describe
 * text, its own log): it marks the format all the same. */
static bool gpuop_text(const char *name)
{
    static const char *const exact[] = {
        "cluster_policy.missing", "gpu_nodes.labels", "gpu_nodes.status",
        "gpu_nodes.descr", "gpu_operator_pod.status",
        "gpu_operand_pods.status", "gpu_operand_pod_images.txt",
        "gpu_operand_ds.status", "all_machines.list",
    };
    size_t i;

    for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
        if (!strcmp(name, exact[i]))
            return true;
    return (!strncmp(name, "gpu_operand_pod_", 16) ||
            !strncmp(name, "gpu_operand_ds_", 15)) &&
           ends_with(name, ".descr");
}

/* "<prefix><name><suffix>" -> name; false when empty or too long */
static bool between(const char *s, const char *prefix, const char *suffix,
                    char *out, size_t cap)
{
    size_t n = strlen(s), a = strlen(prefix), b = strlen(suffix);

    if (n <= a + b || strncmp(s, prefix, a) != 0 ||
        strcmp(s + n - b, suffix) != 0 || n - a - b >= cap)
        return false;
    memcpy(out, s + a, n - a - b);
    out[n - a - b] = '\0';
    return true;
}

static bool classify_gpuop_log(const char *name, struct sb_bformat_member *m)
{
    char pod[256];

    /* the operator's own pod: its name is in gpu_operator_pod.yaml,
     * which the loader reads (pod and container left empty) */
    if (!strcmp(name, "gpu_operator_pod.log") ||
        !strcmp(name, "gpu_operator_pod.previous.log")) {
        m->kind = SB_BF_PREFIX_LOG;
        m->previous = strstr(name, ".previous.") != NULL;
        return true;
    }
    if (between(name, "gpu_operand_pod_", ".previous.log", pod,
                sizeof(pod)))
        m->previous = true;
    else if (!between(name, "gpu_operand_pod_", ".log", pod, sizeof(pod)))
        return false;
    m->kind = SB_BF_PREFIX_LOG;
    copy(m->pod, pod, sizeof(m->pod));
    return true;
}

static bool classify_gpuop(const char *name, struct sb_bformat_member *m)
{
    char node[256];
    size_t i;

    for (i = 0; i < sizeof(gpuop_yaml) / sizeof(gpuop_yaml[0]); i++)
        if (!strcmp(name, gpuop_yaml[i].file)) {
            m->fmt = SB_BF_GPUOP;
            m->kind = SB_BF_YAML;
            copy(m->resource, gpuop_yaml[i].resource, sizeof(m->resource));
            return true;
        }
    if (classify_gpuop_log(name, m)) {
        m->fmt = SB_BF_GPUOP;
        return true;
    }
    if (between(name, "nvidia-bug-report_", ".log.gz", node, sizeof(node))) {
        m->fmt = SB_BF_GPUOP;
        m->kind = SB_BF_NODE_LOG;
        m->gzip = true;
        copy(m->node, node, sizeof(m->node));
        copy(m->source, "nvidia-bug-report", sizeof(m->source));
        return true;
    }
    if (gpuop_text(name)) {
        m->fmt = SB_BF_GPUOP;
        return true;
    }
    return false;
}

size_t sb_bformat_log_prefix(const char *line, size_t len, char *pod,
                             char *container, size_t cap)
{
    const char *p, *end = line + len, *slash, *close;

    if (len < 9 || memcmp(line, "[pod/", 5) != 0)
        return 0;
    p = line + 5;
    close = memchr(p, ']', (size_t)(end - p));
    if (!close || close + 1 >= end || close[1] != ' ')
        return 0;
    slash = memchr(p, '/', (size_t)(close - p));
    if (!slash || slash == p || slash + 1 == close ||
        (size_t)(slash - p) >= cap || (size_t)(close - slash - 1) >= cap ||
        memchr(slash + 1, '/', (size_t)(close - slash - 1)))
        return 0;
    memcpy(pod, p, (size_t)(slash - p));
    pod[slash - p] = '\0';
    memcpy(container, slash + 1, (size_t)(close - slash - 1));
    container[close - slash - 1] = '\0';
    return (size_t)(close + 2 - line);
}

static bool is_sbundle_root(const char *s)
{
    return !strcmp(s, "resources") || !strcmp(s, "logs") ||
           !strcmp(s, "nodes") || !strcmp(s, "cluster") ||
           !strcmp(s, "describe") || !strcmp(s, "host");
}

static bool is_mustgather_root(const char *s)
{
    return !strcmp(s, "namespaces") || !strcmp(s, "cluster-scoped-resources");
}

static bool is_troubleshoot_root(const char *s)
{
    return !strcmp(s, "cluster-resources") || !strcmp(s, "cluster-info");
}

bool sb_bformat_is_root(const char *first, const char *rest)
{
    const char *slash = strchr(rest, '/');

    if (is_sbundle_root(first) || is_mustgather_root(first) ||
        is_troubleshoot_root(first))
        return true;
    /* a cluster-info dump's <ns>/pods.json, <ns>/<pod>/logs.txt */
    if (!slash)
        return is_dump_list(rest);
    return !strcmp(slash + 1, "logs.txt");
}

void sb_bformat_classify(const char *path, struct sb_bformat_member *m)
{
    char store[4096], *p[PARTS_MAX] = { NULL };
    int n, skip;

    memset(m, 0, sizeof(*m));
    if (!strcmp(path, "manifest.json")) {
        m->kind = SB_BF_MANIFEST;
        m->fmt = SB_BF_SBUNDLE;
        return;
    }
    if (!strncmp(path, "host/", 5)) {
        m->kind = SB_BF_HOST;
        m->fmt = SB_BF_SBUNDLE;
        return;
    }
    n = split_path(path, store, sizeof(store), p, PARTS_MAX);
    if (n < 1)
        return;
    if (is_sbundle_root(p[0])) {
        classify_sbundle(p, n, m);
        return;
    }
    /* must-gather puts one folder per image under its own top folder;
     * troubleshoot folders may be nested once by whoever packed them */
    for (skip = 0; skip < 3 && skip < n; skip++)
        if (is_troubleshoot_root(p[skip]) || is_mustgather_root(p[skip]) ||
            (n == skip + 1 && !strcmp(p[skip], "timestamp")))
            break;
    if (skip == 3 || skip == n) {
        /* the GPU Operator's files sit at the top, under at most two
         * folders (its own, and must-gather's per image) */
        if (n <= 3 && classify_gpuop(p[n - 1], m))
            return;
        classify_dump(p, n, m);
        return;
    }
    if (n == skip + 1 && !strcmp(p[skip], "timestamp")) {
        m->fmt = SB_BF_MUSTGATHER;
        m->kind = SB_BF_TIMESTAMP;
    } else if (is_troubleshoot_root(p[skip])) {
        classify_troubleshoot(p + skip, n - skip, m);
    } else if (n - skip >= 3) {
        classify_mustgather(p + skip, n - skip, m);
    }
    if (m->kind == SB_BF_SKIP && skip == 0)
        classify_dump(p, n, m);     /* a namespace named like a root */
}

const char *sb_bformat_name(int fmts)
{
    if (fmts & SB_BF_SBUNDLE)
        return "sbundle";
    if (fmts & SB_BF_TROUBLESHOOT)
        return "troubleshoot";
    if (fmts & SB_BF_DUMP)
        return "cluster-info-dump";
    if (fmts & SB_BF_MUSTGATHER)
        return "must-gather";
    if (fmts & SB_BF_GPUOP)
        return "gpu-operator-must-gather";
    return "unknown";
}

/* Go's time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST"
 * and a monotonic reading; the zone's offset is rewritten as RFC 3339's */
static bool go_time(const char *line, size_t len, int64_t *t)
{
    char buf[80];
    size_t i = 0, n;

    if (len < 19 || len >= sizeof(buf))
        return false;
    memcpy(buf, line, len);
    buf[len] = '\0';
    i = 19;
    if (buf[i] == '.')
        for (i++; i < len && isdigit((unsigned char)buf[i]); i++)
            ;
    if (i + 6 > len || buf[i] != ' ' || (buf[i + 1] != '+' &&
                                         buf[i + 1] != '-'))
        return false;
    /* "... -0700" -> "...-07:00" */
    n = i;
    buf[n] = buf[i + 1];
    buf[n + 1] = buf[i + 2];
    buf[n + 2] = buf[i + 3];
    buf[n + 3] = ':';
    buf[n + 4] = buf[i + 4];
    buf[n + 5] = buf[i + 5];
    buf[n + 6] = '\0';
    return sb_time_parse(buf, t, NULL) == n + 6;
}

bool sb_bformat_timestamps(const char *text, size_t len, int64_t *start,
                           int64_t *end)
{
    const char *p = text, *stop = text + len;
    bool any = false;
    int64_t t;

    while (p < stop) {
        const char *nl = memchr(p, '\n', (size_t)(stop - p));
        size_t n = (size_t)((nl ? nl : stop) - p);

        if (go_time(p, n < 60 ? n : 60, &t) || sb_time_parse(p, &t, NULL)) {
            if (!any || t < *start)
                *start = t;
            if (!any || t > *end)
                *end = t;
            any = true;
        }
        p = nl ? nl + 1 : stop;
    }
    return any;
}

/* ---- kinds ---- */

struct kind_info {
    const char *kind, *group, *version, *plural;
    bool namespaced;
};

/* The built-in kinds a bundle holds, for items found outside an sbundle's
 * resources/ (whose path names group and plural) */
static const struct kind_info kinds[] = {
    { "APIService", "apiregistration.k8s.io", "v1", "apiservices", false },
    { "ClusterRole", "rbac.authorization.k8s.io", "v1", "clusterroles",
      false },
    { "ClusterRoleBinding", "rbac.authorization.k8s.io", "v1",
      "clusterrolebindings", false },
    { "ConfigMap", "", "v1", "configmaps", true },
    { "ControllerRevision", "apps", "v1", "controllerrevisions", true },
    { "CronJob", "batch", "v1", "cronjobs", true },
    { "CSIDriver", "storage.k8s.io", "v1", "csidrivers", false },
    { "CSINode", "storage.k8s.io", "v1", "csinodes", false },
    { "CustomResourceDefinition", "apiextensions.k8s.io", "v1",
      "customresourcedefinitions", false },
    { "DaemonSet", "apps", "v1", "daemonsets", true },
    { "Deployment", "apps", "v1", "deployments", true },
    { "EndpointSlice", "discovery.k8s.io", "v1", "endpointslices", true },
    { "Endpoints", "", "v1", "endpoints", true },
    { "Event", "", "v1", "events", true },
    { "HorizontalPodAutoscaler", "autoscaling", "v2",
      "horizontalpodautoscalers", true },
    { "Ingress", "networking.k8s.io", "v1", "ingresses", true },
    { "IngressClass", "networking.k8s.io", "v1", "ingressclasses", false },
    { "Job", "batch", "v1", "jobs", true },
    { "Lease", "coordination.k8s.io", "v1", "leases", true },
    { "LimitRange", "", "v1", "limitranges", true },
    { "MutatingWebhookConfiguration", "admissionregistration.k8s.io", "v1",
      "mutatingwebhookconfigurations", false },
    { "Namespace", "", "v1", "namespaces", false },
    { "NetworkPolicy", "networking.k8s.io", "v1", "networkpolicies", true },
    { "Node", "", "v1", "nodes", false },
    { "PersistentVolume", "", "v1", "persistentvolumes", false },
    { "PersistentVolumeClaim", "", "v1", "persistentvolumeclaims", true },
    { "Pod", "", "v1", "pods", true },
    { "PodDisruptionBudget", "policy", "v1", "poddisruptionbudgets", true },
    { "PriorityClass", "scheduling.k8s.io", "v1", "priorityclasses", false },
    { "ReplicaSet", "apps", "v1", "replicasets", true },
    { "ReplicationController", "", "v1", "replicationcontrollers", true },
    { "ResourceQuota", "", "v1", "resourcequotas", true },
    { "Role", "rbac.authorization.k8s.io", "v1", "roles", true },
    { "RoleBinding", "rbac.authorization.k8s.io", "v1", "rolebindings",
      true },
    { "RuntimeClass", "node.k8s.io", "v1", "runtimeclasses", false },
    { "Secret", "", "v1", "secrets", true },
    { "Service", "", "v1", "services", true },
    { "ServiceAccount", "", "v1", "serviceaccounts", true },
    { "StatefulSet", "apps", "v1", "statefulsets", true },
    { "StorageClass", "storage.k8s.io", "v1", "storageclasses", false },
    { "ValidatingWebhookConfiguration", "admissionregistration.k8s.io",
      "v1", "validatingwebhookconfigurations", false },
    { "VolumeAttachment", "storage.k8s.io", "v1", "volumeattachments",
      false },
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

bool sb_bformat_kind_info(const char *kind, const char **group,
                          const char **plural, const char **version,
                          bool *namespaced)
{
    size_t i;

    for (i = 0; kind && i < NKINDS; i++) {
        if (strcmp(kinds[i].kind, kind) != 0)
            continue;
        *group = kinds[i].group;
        *plural = kinds[i].plural;
        *version = kinds[i].version;
        *namespaced = kinds[i].namespaced;
        return true;
    }
    return false;
}

struct res_kind {
    const char *resource, *kind;
};

/* troubleshoot's folder names that are not plurals */
static const struct res_kind res_aliases[] = {
    { "custom-resource-definitions", "CustomResourceDefinition" },
    { "image-pull-secrets", "Secret" },
    { "ingress", "Ingress" },
    { "network-policy", "NetworkPolicy" },
    { "pod-disruption-budgets", "PodDisruptionBudget" },
    { "priorityclasses", "PriorityClass" },
    { "pvcs", "PersistentVolumeClaim" },
    { "pvs", "PersistentVolume" },
    { "replication-controllers", "ReplicationController" },
    { "resource-quota", "ResourceQuota" },
    { "resource-quotas", "ResourceQuota" },
    { "storage-classes", "StorageClass" },
};

const char *sb_bformat_kind_of_resource(const char *resource)
{
    size_t i, n;

    if (!resource)
        return NULL;
    n = strcspn(resource, ".");
    for (i = 0; i < NKINDS; i++)
        if (strlen(kinds[i].plural) == n &&
            strncmp(kinds[i].plural, resource, n) == 0)
            return kinds[i].kind;
    for (i = 0; i < sizeof(res_aliases) / sizeof(res_aliases[0]); i++)
        if (strlen(res_aliases[i].resource) == n &&
            strncmp(res_aliases[i].resource, resource, n) == 0)
            return res_aliases[i].kind;
    return NULL;
}

/* ---- capitalised internal JSON (kubectl <= 1.13 cluster-info dump) ---- */

/* Maps whose keys are data (label keys, resource names), not fields */
static bool is_data_map(const char *key)
{
    static const char *const maps[] = {
        "labels", "annotations", "nodeSelector", "limits", "requests",
        "capacity", "allocatable", "data", "binaryData", "stringData",
        "matchLabels", "hard", "used", "selector", NULL,
    };
    int i;

    for (i = 0; maps[i]; i++)
        if (!strcmp(key, maps[i]))
            return true;
    return false;
}

/* Go field names of the internal types whose JSON name differs by more
 * than the case of its first letters */
static const char *const renamed[][2] = {
    { "objectMeta", "metadata" },
    { "lastTerminationState", "lastState" },
};

/* "ContainerStatuses" -> "containerStatuses", "UID" -> "uid",
 * "PodIP" -> "podIP", "APIVersion" -> "apiVersion": the leading capitals
 * lower-cased, but for the last of several when a lower-case letter
 * follows (it starts the next word). Returns false when 'key' does not
 * start with a capital. */
static bool lower_key(const char *key, char *out, size_t cap)
{
    size_t i, n = strlen(key), caps = 0;

    if (n == 0 || n >= cap || !isupper((unsigned char)key[0]))
        return false;
    while (caps < n && isupper((unsigned char)key[caps]))
        caps++;
    if (caps > 1 && caps < n && islower((unsigned char)key[caps]))
        caps--;
    for (i = 0; i < n; i++)
        out[i] = i < caps ? (char)tolower((unsigned char)key[i]) : key[i];
    out[n] = '\0';
    for (i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++)
        if (!strcmp(out, renamed[i][0]))
            snprintf(out, cap, "%s", renamed[i][1]);
    return true;
}

static void lower_tree(cJSON *node, int depth);

/* Keys of a data map stay; "MatchLabels"/"MatchExpressions" of a label
 * selector are fields, and the only capitalised keys in it. */
static void lower_children(cJSON *node, bool is_map, int depth)
{
    cJSON *c, *next;
    char key[256];

    for (c = node->child; c; c = next) {
        next = c->next;
        /* a nil pointer of the internal types: absent in the API's JSON */
        if (cJSON_IsNull(c) && node->type == cJSON_Object && !is_map) {
            cJSON_DeleteItemFromObjectCaseSensitive(node, c->string);
            continue;
        }
        if (node->type == cJSON_Object && c->string &&
            (!is_map || !strncmp(c->string, "Match", 5)) &&
            lower_key(c->string, key, sizeof(key))) {
            size_t len = strlen(key) + 1;
            char *k = cJSON_malloc(len);

            if (k) {
                memcpy(k, key, len);
                if (!(c->type & cJSON_StringIsConst))
                    cJSON_free(c->string);
                c->string = k;
                c->type &= ~cJSON_StringIsConst;
            }
        }
        if (c->string && is_data_map(c->string) && cJSON_IsObject(c))
            lower_children(c, true, depth + 1);
        else
            lower_tree(c, depth + 1);
    }
}

static void lower_tree(cJSON *node, int depth)
{
    if (depth > 64 || !(cJSON_IsObject(node) || cJSON_IsArray(node)))
        return;
    lower_children(node, false, depth);
}

/* ObjectMeta's fields, inline in the internal types' JSON (embedded
 * without a name): they go back under "metadata" */
static const char *const meta_fields[] = {
    "name", "generateName", "namespace", "selfLink", "uid",
    "resourceVersion", "generation", "creationTimestamp",
    "deletionTimestamp", "deletionGracePeriodSeconds", "labels",
    "annotations", "ownerReferences", "finalizers", "clusterName",
    "initializers", NULL,
};

static void fold_meta(cJSON *obj)
{
    cJSON *md, *f;
    int i;

    if (!cJSON_IsObject(obj) || cJSON_GetObjectItemCaseSensitive(obj,
                                                                  "metadata")
        || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(obj, "name")))
        return;
    md = cJSON_CreateObject();
    if (!md)
        return;
    for (i = 0; meta_fields[i]; i++) {
        f = cJSON_DetachItemFromObjectCaseSensitive(obj, meta_fields[i]);
        if (f)
            cJSON_AddItemToObject(md, meta_fields[i], f);
    }
    cJSON_AddItemToObject(obj, "metadata", md);
}

/* "typeMeta": {"kind", "apiVersion"} inline */
static void fold_type(cJSON *obj)
{
    cJSON *tm = cJSON_DetachItemFromObjectCaseSensitive(obj, "typeMeta");
    cJSON *f;

    while (tm && (f = tm->child)) {
        cJSON_DetachItemViaPointer(tm, f);
        if (f->string && !cJSON_GetObjectItemCaseSensitive(obj, f->string))
            cJSON_AddItemToObject(obj, f->string, f);
        else
            cJSON_Delete(f);
    }
    cJSON_Delete(tm);
}

static bool is_capitalised(const cJSON *o)
{
    static const char *const marks[] = { "Items", "Spec", "Status",
                                         "Metadata", "ObjectMeta",
                                         "InvolvedObject", NULL };
    int i;

    for (i = 0; marks[i]; i++)
        if (cJSON_GetObjectItemCaseSensitive(o, marks[i]))
            return true;
    return false;
}

bool sb_bformat_normalize(cJSON *doc)
{
    cJSON *items, *it;
    bool found = false;

    if (cJSON_IsArray(doc)) {
        cJSON_ArrayForEach(it, doc)
            found |= cJSON_IsObject(it) && is_capitalised(it);
    } else if (cJSON_IsObject(doc)) {
        found = is_capitalised(doc);
        items = cJSON_GetObjectItemCaseSensitive(doc, "items");
        if (cJSON_IsArray(items))
            cJSON_ArrayForEach(it, items)
                found |= cJSON_IsObject(it) && is_capitalised(it);
    }
    if (!found)
        return false;
    lower_tree(doc, 0);
    items = cJSON_IsArray(doc) ? doc
                               : cJSON_GetObjectItemCaseSensitive(doc,
                                                                  "items");
    if (!cJSON_IsArray(items)) {
        fold_type(doc);
        fold_meta(doc);
        return true;
    }
    fold_type(doc);
    cJSON_ArrayForEach(it, items) {
        fold_type(it);
        fold_meta(it);
    }
    return true;
}

/* ---- the cluster's name ---- */

static const char *obj_str(const cJSON *o, const char *a, const char *b)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);

    if (b)
        v = cJSON_GetObjectItemCaseSensitive(v, b);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Copies 'len' bytes of 's' when they make a usable name. */
static bool take_name(const char *s, size_t len, char *out, size_t n)
{
    size_t i;

    if (!len || len >= SB_BFORMAT_NAME_MAX || len >= n)
        return false;
    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    memcpy(out, s, len);
    out[len] = '\0';
    return true;
}

/* clusterName's value in kubeadm's ClusterConfiguration, a YAML text:
 * a top-level "clusterName: NAME" line, NAME maybe quoted. */
static bool kubeadm_cluster_name(const char *yaml, char *out, size_t n)
{
    const char *p = yaml, *e;

    while (p && *p) {
        if (!strncmp(p, "clusterName:", 12)) {
            p += 12;
            while (*p == ' ' || *p == '\t')
                p++;
            e = p + strcspn(p, "\r\n");
            while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            if (e - p >= 2 && (*p == '"' || *p == '\'') && e[-1] == *p) {
                p++;
                e--;
            }
            return take_name(p, (size_t)(e - p), out, n);
        }
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return false;
}

int sb_bformat_cluster_of(const char *kind, const cJSON *obj, char *out,
                          size_t n)
{
    const char *api = obj_str(obj, "apiVersion", NULL);
    const char *v;

    if (!kind)
        return 0;
    /* items of a List may lack apiVersion; one that has it must be
     * OpenShift's */
    if (!strcmp(kind, "Infrastructure") &&
        (!api || !strncmp(api, "config.openshift.io/", 20)) &&
        (v = obj_str(obj, "status", "infrastructureName")) &&
        take_name(v, strlen(v), out, n))
        return 2;
    if (!strcmp(kind, "ConfigMap") &&
        (v = obj_str(obj, "metadata", "name")) &&
        !strcmp(v, "kubeadm-config") &&
        (v = obj_str(obj, "metadata", "namespace")) &&
        !strcmp(v, "kube-system") &&
        (v = obj_str(obj, "data", "ClusterConfiguration")) &&
        kubeadm_cluster_name(v, out, n))
        return 1;
    return 0;
}

void sb_bformat_input_name(const char *path, char *out, size_t n)
{
    static const char *const exts[] = { ".tar.gz", ".tgz", ".tar", ".txt" };
    const char *start, *end;
    size_t i, len;

    if (!n)
        return;
    end = path ? path + strlen(path) : "";
    start = path ? path : end;
    while (end > start && end[-1] == '/')
        end--;
    for (i = (size_t)(end - start); i > 0 && start[i - 1] != '/'; i--)
        ;
    start += i;
    len = (size_t)(end - start);
    for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
        size_t el = strlen(exts[i]);

        if (len > el && !strncmp(end - el, exts[i], el)) {
            len -= el;
            break;
        }
    }
    if (len == 1 && *start == '.')
        len = 0;        /* "." names nothing */
    if (!take_name(start, len, out, n))
        snprintf(out, n, "bundle");
}
