/*
 * Endpoints <-> EndpointSlices, for bundles that hold only one of them.
 */
#include "sb_kslices.h"
#include "sb_kjson.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define SERVICE_LABEL "kubernetes.io/service-name"
#define DERIVED "sbundle.io/derived-from"

/* obj[key], with JSON null as absent */
/* Copies obj[key] into 'to' under 'as' when present. */
static bool copy(cJSON *to, const char *as, const cJSON *obj,
                 const char *key)
{
    const cJSON *v = sb_kjson_get(obj, key);
    cJSON *d;

    if (!v)
        return true;
    d = cJSON_Duplicate(v, 1);
    return d && cJSON_AddItemToObject(to, as, d);
}

static bool is_v6(const char *ip)
{
    return ip && strchr(ip, ':');
}

/* Metadata for a made object: name, namespace, the source's creation
 * time, the Service label and where it came from. */
static cJSON *meta(const char *name, const char *ns, const cJSON *src_md,
                   const char *service, const char *from)
{
    cJSON *md = cJSON_CreateObject(), *labels, *ann;

    if (!md || !cJSON_AddStringToObject(md, "name", name) ||
        (ns && *ns && !cJSON_AddStringToObject(md, "namespace", ns)) ||
        !copy(md, "creationTimestamp", src_md, "creationTimestamp"))
        goto fail;
    labels = cJSON_AddObjectToObject(md, "labels");
    ann = cJSON_AddObjectToObject(md, "annotations");
    if (!labels || !ann || !cJSON_AddStringToObject(ann, DERIVED, from) ||
        (service && !cJSON_AddStringToObject(labels, SERVICE_LABEL,
                                             service)))
        goto fail;
    return md;
fail:
    cJSON_Delete(md);
    return NULL;
}

/* One slice endpoint for an Endpoints address. */
static cJSON *slice_endpoint(const cJSON *addr, bool ready)
{
    cJSON *e = cJSON_CreateObject(), *a, *c;

    if (!e)
        return NULL;
    a = cJSON_AddArrayToObject(e, "addresses");
    c = cJSON_AddObjectToObject(e, "conditions");
    if (!a || !c ||
        !cJSON_AddItemToArray(a, cJSON_CreateString(sb_kjson_str(addr, "ip"))) ||
        !cJSON_AddBoolToObject(c, "ready", ready) ||
        !cJSON_AddBoolToObject(c, "serving", ready) ||
        !cJSON_AddBoolToObject(c, "terminating", false) ||
        !copy(e, "hostname", addr, "hostname") ||
        !copy(e, "nodeName", addr, "nodeName") ||
        !copy(e, "targetRef", addr, "targetRef")) {
        cJSON_Delete(e);
        return NULL;
    }
    return e;
}

/* Adds to 'eps' the addresses of 'list' in the family 'v6'; returns how
 * many, -1 when out of memory. */
static int add_addresses(cJSON *eps, const cJSON *list, bool ready, bool v6)
{
    const cJSON *a;
    int n = 0;

    cJSON_ArrayForEach(a, list) {
        cJSON *e;

        if (!sb_kjson_str(a, "ip") || is_v6(sb_kjson_str(a, "ip")) != v6)
            continue;
        e = slice_endpoint(a, ready);
        if (!e || !cJSON_AddItemToArray(eps, e)) {
            cJSON_Delete(e);
            return -1;
        }
        n++;
    }
    return n;
}

static cJSON *slice_ports(const cJSON *ports)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *p;

    cJSON_ArrayForEach(p, ports) {
        cJSON *q = cJSON_CreateObject();

        if (!q || !cJSON_AddItemToArray(out, q) ||
            !copy(q, "name", p, "name") || !copy(q, "port", p, "port") ||
            !copy(q, "protocol", p, "protocol") ||
            !copy(q, "appProtocol", p, "appProtocol")) {
            if (!out || !q)
                cJSON_Delete(q);
            cJSON_Delete(out);
            return NULL;
        }
    }
    return out;
}

int sb_kslices_from_endpoints(const cJSON *ep, cJSON *out)
{
    const cJSON *md = sb_kjson_get(ep, "metadata"), *sub;
    const char *name = sb_kjson_str(md, "name"), *ns = sb_kjson_str(md, "namespace");
    char from[600], sname[600];
    int added = 0, fam;

    if (!name)
        return 0;
    snprintf(from, sizeof(from), "endpoints/%s", name);
    cJSON_ArrayForEach(sub, sb_kjson_get(ep, "subsets")) {
        for (fam = 0; fam < 2; fam++) {
            cJSON *s = cJSON_CreateObject(), *eps, *m, *ports;
            int r1, r2;

            if (!s)
                return -1;
            eps = cJSON_CreateArray();
            r1 = eps ? add_addresses(eps, sb_kjson_get(sub, "addresses"), true,
                                     fam == 1) : -1;
            r2 = r1 >= 0 ? add_addresses(eps, sb_kjson_get(sub, "notReadyAddresses"),
                                         false, fam == 1) : -1;
            if (r1 == 0 && r2 == 0) {
                cJSON_Delete(eps);
                cJSON_Delete(s);
                continue;
            }
            snprintf(sname, sizeof(sname), "%s-derived-%d", name,
                     added + 1);
            m = meta(sname, ns, md, name, from);
            ports = slice_ports(sb_kjson_get(sub, "ports"));
            if (r1 < 0 || r2 < 0 || !m || !ports ||
                !cJSON_AddStringToObject(s, "kind", "EndpointSlice") ||
                !cJSON_AddStringToObject(s, "apiVersion",
                                         "discovery.k8s.io/v1") ||
                !cJSON_AddItemToObject(s, "metadata", m) ||
                !cJSON_AddStringToObject(s, "addressType",
                                         fam ? "IPv6" : "IPv4") ||
                !cJSON_AddItemToObject(s, "endpoints", eps) ||
                !cJSON_AddItemToObject(s, "ports", ports) ||
                !cJSON_AddItemToArray(out, s)) {
                /* whatever was attached goes with 's' */
                if (!cJSON_GetObjectItemCaseSensitive(s, "metadata"))
                    cJSON_Delete(m);
                if (!cJSON_GetObjectItemCaseSensitive(s, "endpoints"))
                    cJSON_Delete(eps);
                if (!cJSON_GetObjectItemCaseSensitive(s, "ports"))
                    cJSON_Delete(ports);
                cJSON_Delete(s);
                return -1;
            }
            added++;
        }
    }
    return added;
}

/* An Endpoints address for a slice endpoint's first address. */
static cJSON *ep_address(const cJSON *e)
{
    cJSON *a = cJSON_CreateObject();
    const cJSON *ip = cJSON_GetArrayItem(sb_kjson_get(e, "addresses"), 0);

    if (!a || !cJSON_IsString(ip) ||
        !cJSON_AddStringToObject(a, "ip", ip->valuestring) ||
        !copy(a, "hostname", e, "hostname") ||
        !copy(a, "nodeName", e, "nodeName") ||
        !copy(a, "targetRef", e, "targetRef")) {
        cJSON_Delete(a);
        return NULL;
    }
    return a;
}

/* One Endpoints subset from a slice; -1 when out of memory. */
static int add_subset(cJSON *subsets, const cJSON *slice)
{
    cJSON *sub = cJSON_CreateObject(), *ready, *notready, *ports;
    const cJSON *e;

    if (!sub || !cJSON_AddItemToArray(subsets, sub)) {
        cJSON_Delete(sub);
        return -1;
    }
    ready = cJSON_AddArrayToObject(sub, "addresses");
    notready = cJSON_AddArrayToObject(sub, "notReadyAddresses");
    if (!ready || !notready)
        return -1;
    cJSON_ArrayForEach(e, sb_kjson_get(slice, "endpoints")) {
        /* the API: an absent ready condition means ready */
        const cJSON *r = sb_kjson_get(sb_kjson_get(e, "conditions"), "ready");
        cJSON *a;

        if (!cJSON_IsArray(sb_kjson_get(e, "addresses")))
            continue;
        a = ep_address(e);
        if (!a || !cJSON_AddItemToArray(cJSON_IsFalse(r) ? notready : ready,
                                        a)) {
            cJSON_Delete(a);
            return -1;
        }
    }
    ports = slice_ports(sb_kjson_get(slice, "ports"));
    if (!ports || !cJSON_AddItemToObject(sub, "ports", ports)) {
        cJSON_Delete(ports);
        return -1;
    }
    if (!cJSON_GetArraySize(notready))
        cJSON_DeleteItemFromObjectCaseSensitive(sub, "notReadyAddresses");
    if (!cJSON_GetArraySize(ready))
        cJSON_DeleteItemFromObjectCaseSensitive(sub, "addresses");
    return 0;
}

cJSON *sb_kslices_to_endpoints(const cJSON *const *slices, size_t n,
                               const char *ns, const char *service)
{
    cJSON *ep = NULL, *subsets = NULL, *m;
    char from[600];
    size_t i;

    for (i = 0; i < n; i++) {
        const cJSON *md = sb_kjson_get(slices[i], "metadata");
        const char *svc = sb_kjson_str(sb_kjson_get(md, "labels"), SERVICE_LABEL);
        const char *sns = sb_kjson_str(md, "namespace");

        if (!svc || strcmp(svc, service) || strcmp(sns ? sns : "", ns))
            continue;
        if (!ep) {
            snprintf(from, sizeof(from), "endpointslices/%s",
                     sb_kjson_str(md, "name") ? sb_kjson_str(md, "name") : "");
            ep = cJSON_CreateObject();
            m = meta(service, ns, md, NULL, from);
            if (!ep || !m || !cJSON_AddStringToObject(ep, "kind",
                                                      "Endpoints") ||
                !cJSON_AddStringToObject(ep, "apiVersion", "v1") ||
                !cJSON_AddItemToObject(ep, "metadata", m)) {
                if (!ep || !cJSON_GetObjectItemCaseSensitive(ep, "metadata"))
                    cJSON_Delete(m);
                cJSON_Delete(ep);
                return NULL;
            }
            subsets = cJSON_AddArrayToObject(ep, "subsets");
            if (!subsets) {
                cJSON_Delete(ep);
                return NULL;
            }
        }
        if (add_subset(subsets, slices[i])) {
            cJSON_Delete(ep);
            return NULL;
        }
    }
    return ep;
}
