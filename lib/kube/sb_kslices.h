#ifndef SB_KSLICES_H
#define SB_KSLICES_H
/*
 * Endpoints and EndpointSlices made from each other, the way the API
 * server's own controllers mirror them, for bundles that hold only one of
 * the two: kubectl 1.32 describes a Service from its EndpointSlices
 * (label kubernetes.io/service-name), older tools read Endpoints.
 *
 * A made object says so: annotation "sbundle.io/derived-from" names the
 * object it was made from ("endpoints/web", "endpointslices/web-abc12").
 * Readiness is kept: Endpoints' notReadyAddresses become endpoints with
 * conditions.ready false, and back.
 */
#include <cjson/cJSON.h>

/*
 * The EndpointSlices (discovery.k8s.io/v1) of one core/v1 Endpoints
 * object 'ep': one per subset and address family, named
 * "<endpoints name>-derived-<n>". Appended to the array 'out'. Returns
 * the number added (0 for an Endpoints without addresses or without a
 * name), or -1 when out of memory ('out' may then hold some of them).
 */
int sb_kslices_from_endpoints(const cJSON *ep, cJSON *out);

/*
 * A core/v1 Endpoints object for the Service 'service' in 'ns', with one
 * subset per slice of 'slices' (an array of EndpointSlice) labelled
 * kubernetes.io/service-name=<service> in 'ns'. Caller frees; NULL when
 * none matches or out of memory.
 */
cJSON *sb_kslices_to_endpoints(const cJSON *const *slices, size_t n,
                               const char *ns, const char *service);

#endif
