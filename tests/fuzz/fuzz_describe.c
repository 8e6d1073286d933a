/*
 * Fuzz harness for describe text. The first byte picks the resource, the
 * rest is JSON: either a bare object, or {"object":..., "events":[...],
 * "pods":[...], "replicasets":[...], "endpointslices":[...],
 * "services":[...], "lease":{...}} as in tests/data/describe. Only crashes,
 * sanitizer reports and leaks count: any return code is fine.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_describe.h"

#define MAX_INPUT (256 * 1024)

static const char *const resources[] = {
    "pods", "nodes", "deployments.apps", "replicasets.apps",
    "statefulsets.apps", "daemonsets.apps", "jobs.batch", "services",
    "persistentvolumeclaims", "ingresses.networking.k8s.io",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sb_describe_related rel = { 0 };
    struct sb_buf out = SB_BUF_INIT(1 << 24);
    struct sb_err err = SB_ERR_INIT;
    const cJSON *obj;
    cJSON *doc;
    unsigned pick;

    if (size < 1 || size > MAX_INPUT)
        return 0;
    pick = data[0] >= '0' && data[0] <= '9' ? (unsigned)(data[0] - '0')
                                            : data[0];
    doc = cJSON_ParseWithLength((const char *)data + 1, size - 1);
    if (!doc)
        return 0;
    obj = cJSON_GetObjectItemCaseSensitive(doc, "object");
    if (obj) {
        rel.events = cJSON_GetObjectItemCaseSensitive(doc, "events");
        rel.pods = cJSON_GetObjectItemCaseSensitive(doc, "pods");
        rel.replicasets = cJSON_GetObjectItemCaseSensitive(doc, "replicasets");
        rel.endpointslices =
            cJSON_GetObjectItemCaseSensitive(doc, "endpointslices");
        rel.services = cJSON_GetObjectItemCaseSensitive(doc, "services");
        rel.lease = cJSON_GetObjectItemCaseSensitive(doc, "lease");
    } else {
        obj = doc;
    }
    sb_describe_with(resources[pick % 10], obj, &rel, 1795400000, &out, &err);
    sb_buf_release(&out);
    cJSON_Delete(doc);
    return 0;
}
