#ifndef SB_KRESOURCES_H
#define SB_KRESOURCES_H
/*
 * The built-in resource types of a Kubernetes 1.32 API server, as its
 * discovery describes them: group version, plural, kind, scope, short
 * names and categories ("all" is what `kubectl get all` expands to:
 * pods, replicationcontrollers, services, daemonsets, deployments,
 * replicasets, statefulsets, horizontalpodautoscalers, cronjobs, jobs).
 *
 * A bundle's own discovery (cluster/api-resources.json) may be partial,
 * old, or missing, and names only what was collected; kubectl resolves
 * "svc" or "all" through discovery alone, so the served discovery is the
 * bundle's completed with this table. Types the table adds get the verbs
 * a read-only server answers (get, list, watch); those the bundle names
 * keep the verbs its cluster listed.
 */
#include <cjson/cJSON.h>

/*
 * A new discovery (array of APIResourceList, as sb_serve_index's
 * api_resources) holding every list of 'bundle' (may be NULL) plus each
 * built-in type no version of its group names there; entries the bundle
 * does name keep their version and verbs but get the table's kind and
 * scope, and its short names and categories where they lack them. Caller frees with cJSON_Delete; NULL when out of
 * memory.
 */
cJSON *sb_kresources_discovery(const cJSON *bundle);

/*
 * The kind of the built-in type 'plural' of API group 'group' ("" for
 * core), in any version: ("", "pods") gives "Pod", ("", "endpoints")
 * "Endpoints". NULL when the table lacks it or either is NULL. The
 * string is static.
 */
const char *sb_kresources_kind(const char *group, const char *plural);

#endif
