/*
 * Built-in resource types of Kubernetes 1.32 and the merge of a bundle's
 * discovery with them.
 */
#include "sb_kresources.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct kres {
    const char *gv;         /* "v1", "apps/v1" */
    const char *plural;     /* "pods", "pods/log" */
    const char *singular;
    const char *kind;
    bool namespaced;
    const char *shorts;     /* space-separated, "" for none */
    const char *cats;       /* space-separated, "" for none */
};

/* The GA types of a 1.32 API server that can be read, and the two
 * reviews `kubectl auth can-i` creates.
 * Short names and categories are those each type's REST storage gives
 * (ShortNames(), Categories()). */
static const struct kres builtin[] = {
    { "v1", "componentstatuses", "componentstatus", "ComponentStatus", false, "cs", "" },
    { "v1", "configmaps", "configmap", "ConfigMap", true, "cm", "" },
    { "v1", "endpoints", "endpoints", "Endpoints", true, "ep", "" },
    { "v1", "events", "event", "Event", true, "ev", "" },
    { "v1", "limitranges", "limitrange", "LimitRange", true, "limits", "" },
    { "v1", "namespaces", "namespace", "Namespace", false, "ns", "" },
    { "v1", "nodes", "node", "Node", false, "no", "" },
    { "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, "pvc", "" },
    { "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false, "pv", "" },
    { "v1", "pods", "pod", "Pod", true, "po", "all" },
    { "v1", "pods/log", "", "Pod", true, "", "" },
    { "v1", "pods/status", "", "Pod", true, "", "" },
    { "v1", "podtemplates", "podtemplate", "PodTemplate", true, "", "" },
    { "v1", "replicationcontrollers", "replicationcontroller", "ReplicationController", true, "rc", "all" },
    { "v1", "resourcequotas", "resourcequota", "ResourceQuota", true, "quota", "" },
    { "v1", "secrets", "secret", "Secret", true, "", "" },
    { "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa", "" },
    { "v1", "services", "service", "Service", true, "svc", "all" },
    { "admissionregistration.k8s.io/v1", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", false, "", "api-extensions" },
    { "admissionregistration.k8s.io/v1", "validatingadmissionpolicies", "validatingadmissionpolicy", "ValidatingAdmissionPolicy", false, "", "api-extensions" },
    { "admissionregistration.k8s.io/v1", "validatingadmissionpolicybindings", "validatingadmissionpolicybinding", "ValidatingAdmissionPolicyBinding", false, "", "api-extensions" },
    { "admissionregistration.k8s.io/v1", "validatingwebhookconfigurations", "validatingwebhookconfiguration", "ValidatingWebhookConfiguration", false, "", "api-extensions" },
    { "apiextensions.k8s.io/v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, "crd crds", "api-extensions" },
    { "apiregistration.k8s.io/v1", "apiservices", "apiservice", "APIService", false, "", "api-extensions" },
    { "apps/v1", "controllerrevisions", "controllerrevision", "ControllerRevision", true, "", "" },
    { "apps/v1", "daemonsets", "daemonset", "DaemonSet", true, "ds", "all" },
    { "apps/v1", "deployments", "deployment", "Deployment", true, "deploy", "all" },
    { "apps/v1", "replicasets", "replicaset", "ReplicaSet", true, "rs", "all" },
    { "apps/v1", "statefulsets", "statefulset", "StatefulSet", true, "sts", "all" },
    { "authorization.k8s.io/v1", "selfsubjectaccessreviews", "", "SelfSubjectAccessReview", false, "", "" },
    { "authorization.k8s.io/v1", "selfsubjectrulesreviews", "", "SelfSubjectRulesReview", false, "", "" },
    { "autoscaling/v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, "hpa", "all" },
    { "batch/v1", "cronjobs", "cronjob", "CronJob", true, "cj", "all" },
    { "batch/v1", "jobs", "job", "Job", true, "", "all" },
    { "certificates.k8s.io/v1", "certificatesigningrequests", "certificatesigningrequest", "CertificateSigningRequest", false, "csr", "" },
    { "coordination.k8s.io/v1", "leases", "lease", "Lease", true, "", "" },
    { "discovery.k8s.io/v1", "endpointslices", "endpointslice", "EndpointSlice", true, "", "" },
    /* the API server gives these "ev" too; kubectl then warns on every
     * `get ev` that the short name is ambiguous, so it is left to core */
    { "events.k8s.io/v1", "events", "event", "Event", true, "", "" },
    { "flowcontrol.apiserver.k8s.io/v1", "flowschemas", "flowschema", "FlowSchema", false, "", "" },
    { "flowcontrol.apiserver.k8s.io/v1", "prioritylevelconfigurations", "prioritylevelconfiguration", "PriorityLevelConfiguration", false, "", "" },
    { "networking.k8s.io/v1", "ingressclasses", "ingressclass", "IngressClass", false, "", "" },
    { "networking.k8s.io/v1", "ingresses", "ingress", "Ingress", true, "ing", "" },
    { "networking.k8s.io/v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, "netpol", "" },
    { "node.k8s.io/v1", "runtimeclasses", "runtimeclass", "RuntimeClass", false, "", "" },
    { "policy/v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, "pdb", "" },
    { "rbac.authorization.k8s.io/v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, "", "" },
    { "rbac.authorization.k8s.io/v1", "clusterroles", "clusterrole", "ClusterRole", false, "", "" },
    { "rbac.authorization.k8s.io/v1", "rolebindings", "rolebinding", "RoleBinding", true, "", "" },
    { "rbac.authorization.k8s.io/v1", "roles", "role", "Role", true, "", "" },
    { "scheduling.k8s.io/v1", "priorityclasses", "priorityclass", "PriorityClass", false, "pc", "" },
    { "storage.k8s.io/v1", "csidrivers", "csidriver", "CSIDriver", false, "", "" },
    { "storage.k8s.io/v1", "csinodes", "csinode", "CSINode", false, "", "" },
    { "storage.k8s.io/v1", "csistoragecapacities", "csistoragecapacity", "CSIStorageCapacity", true, "", "" },
    { "storage.k8s.io/v1", "storageclasses", "storageclass", "StorageClass", false, "sc", "" },
    { "storage.k8s.io/v1", "volumeattachments", "volumeattachment", "VolumeAttachment", false, "", "" },
};

#define NBUILTIN (sizeof(builtin) / sizeof(builtin[0]))

/* "apps" of "apps/v1", "" of "v1", into 'out'. */
static const char *group_of(const char *gv, char *out, size_t n)
{
    const char *slash = strchr(gv, '/');

    snprintf(out, n, "%.*s", slash ? (int)(slash - gv) : 0, gv);
    return out;
}

static const char *gv_of(const cJSON *gl)
{
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(gl, "groupVersion");

    return cJSON_IsString(g) ? g->valuestring : NULL;
}

/* The entry for 'plural' in any version of 'group' in 'disco'. */
static cJSON *find_any_version(cJSON *disco, const char *group,
                               const char *plural)
{
    cJSON *gl, *r;
    char g[256];

    cJSON_ArrayForEach(gl, disco) {
        const char *gv = gv_of(gl);

        if (!gv || strcmp(group_of(gv, g, sizeof(g)), group))
            continue;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(gl,
                                                               "resources")) {
            const cJSON *nm = cJSON_GetObjectItemCaseSensitive(r, "name");

            if (cJSON_IsString(nm) && !strcmp(nm->valuestring, plural))
                return r;
        }
    }
    return NULL;
}

/* The resources array of 'gv' in 'disco', made when missing. */
static cJSON *resources_of(cJSON *disco, const char *gv)
{
    cJSON *gl, *res;

    cJSON_ArrayForEach(gl, disco) {
        const char *g = gv_of(gl);

        if (g && !strcmp(g, gv)) {
            res = cJSON_GetObjectItemCaseSensitive(gl, "resources");
            if (!cJSON_IsArray(res)) {
                cJSON_DeleteItemFromObjectCaseSensitive(gl, "resources");
                res = cJSON_AddArrayToObject(gl, "resources");
            }
            return res;
        }
    }
    gl = cJSON_CreateObject();
    if (!gl || !cJSON_AddItemToArray(disco, gl)) {
        cJSON_Delete(gl);
        return NULL;
    }
    if (!cJSON_AddStringToObject(gl, "kind", "APIResourceList") ||
        !cJSON_AddStringToObject(gl, "apiVersion", "v1") ||
        !cJSON_AddStringToObject(gl, "groupVersion", gv))
        return NULL;
    return cJSON_AddArrayToObject(gl, "resources");
}

/* A JSON array of the space-separated words of 's'. */
static cJSON *words(const char *s)
{
    cJSON *a = cJSON_CreateArray();
    char w[64];

    while (a && *s) {
        size_t n = strcspn(s, " ");

        snprintf(w, sizeof(w), "%.*s", (int)n, s);
        if (!cJSON_AddItemToArray(a, cJSON_CreateString(w))) {
            cJSON_Delete(a);
            return NULL;
        }
        s += n;
        s += strspn(s, " ");
    }
    return a;
}

/* Sets 'key' of 'r' to the words of 's' when 'r' has no non-empty one. */
static bool fill_words(cJSON *r, const char *key, const char *s)
{
    const cJSON *have = cJSON_GetObjectItemCaseSensitive(r, key);
    cJSON *a;

    if (!*s || cJSON_GetArraySize(have) > 0)
        return true;
    cJSON_DeleteItemFromObjectCaseSensitive(r, key);
    a = words(s);
    return a && cJSON_AddItemToObject(r, key, a);
}

static bool add_builtin(cJSON *disco, const struct kres *k)
{
    cJSON *res = resources_of(disco, k->gv), *r, *verbs;

    if (!res)
        return false;
    r = cJSON_CreateObject();
    if (!r || !cJSON_AddItemToArray(res, r)) {
        cJSON_Delete(r);
        return false;
    }
    /* reviews are create-only, and the one write a bundle answers */
    if (strstr(k->kind, "Review"))
        verbs = words("create");
    else
        verbs = words(strchr(k->plural, '/') ? "get" : "get list watch");
    return cJSON_AddStringToObject(r, "name", k->plural) &&
           cJSON_AddStringToObject(r, "singularName", k->singular) &&
           cJSON_AddBoolToObject(r, "namespaced", k->namespaced) &&
           cJSON_AddStringToObject(r, "kind", k->kind) &&
           verbs && cJSON_AddItemToObject(r, "verbs", verbs) &&
           fill_words(r, "shortNames", k->shorts) &&
           fill_words(r, "categories", k->cats);
}

/* Sets 'key' of 'r' to the string 'v'. */
static bool set_str(cJSON *r, const char *key, const char *v)
{
    cJSON_DeleteItemFromObjectCaseSensitive(r, key);
    return cJSON_AddStringToObject(r, key, v) != NULL;
}

/* A bundle's entry for a built-in type: the kind and scope are the
 * table's (an entry made from list items guesses them: items listed by
 * an API server carry no kind), the short names and categories too when
 * it has none. */
static bool fix_entry(cJSON *r, const struct kres *k)
{
    cJSON_DeleteItemFromObjectCaseSensitive(r, "namespaced");
    return set_str(r, "kind", k->kind) &&
           (!*k->singular || set_str(r, "singularName", k->singular)) &&
           cJSON_AddBoolToObject(r, "namespaced", k->namespaced) &&
           fill_words(r, "shortNames", k->shorts) &&
           fill_words(r, "categories", k->cats);
}

const char *sb_kresources_kind(const char *group, const char *plural)
{
    size_t i;
    char g[256];

    if (!group || !plural)
        return NULL;
    for (i = 0; i < NBUILTIN; i++)
        if (!strcmp(builtin[i].plural, plural) &&
            !strcmp(group_of(builtin[i].gv, g, sizeof(g)), group))
            return builtin[i].kind;
    return NULL;
}

cJSON *sb_kresources_discovery(const cJSON *bundle)
{
    cJSON *disco = bundle ? cJSON_Duplicate(bundle, 1) : cJSON_CreateArray();
    size_t i;

    if (!disco)
        return NULL;
    if (!cJSON_IsArray(disco)) {
        cJSON_Delete(disco);
        disco = cJSON_CreateArray();
    }
    for (i = 0; disco && i < NBUILTIN; i++) {
        const struct kres *k = &builtin[i];
        char g[256];
        cJSON *have = find_any_version(disco, group_of(k->gv, g, sizeof(g)),
                                       k->plural);
        bool ok;

        if (have)
            ok = fix_entry(have, k);
        else
            ok = add_builtin(disco, k);
        if (!ok) {
            cJSON_Delete(disco);
            disco = NULL;
        }
    }
    return disco;
}
