#ifndef SB_DESCRIBE_H
#define SB_DESCRIBE_H
/*
 * kubectl describe-style text, generated from collected JSON with no
 * kubectl on the machine, in the layout kubectl 1.32 prints: "Name:"
 * aligned fields (kubectl's tabwriter: columns padded to the widest cell
 * plus two spaces), sections, and an Events table (Type Reason Age From
 * Message) whose ages are relative to 'now', the collection time. Times
 * print in UTC as RFC 1123 with a numeric zone, as kubectl does on a UTC
 * machine.
 *
 * Objects from real clusters lack fields, and a hostile bundle may hold
 * anything: a missing field prints as kubectl prints its zero value, a
 * field of the wrong JSON type is treated as missing, and nothing here
 * trusts a length, a count or a nesting depth from the input.
 */
#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_err.h"

/* True for the resources (plural, core or group-qualified as in bundle
 * paths) that get describe text: pods, nodes, deployments.apps,
 * replicasets.apps, statefulsets.apps, daemonsets.apps, jobs.batch,
 * services, persistentvolumeclaims, ingresses.networking.k8s.io. The bare
 * plurals of the group resources ("deployments") are accepted too. */
bool sb_describe_supports(const char *resource);

/*
 * What kubectl fetches besides the object itself. Every member may be
 * NULL (then that part prints as kubectl prints an empty answer, or is
 * left out where kubectl would have had to ask a server: see 'lease').
 * Arrays are JSON arrays of objects, as in a List's "items"; each is
 * filtered here the way kubectl's own query filters, so passing more than
 * needed (every event or pod of the namespace) is fine.
 */
struct sb_describe_related {
    const cJSON *events;       /* Events; kept: involvedObject names this
                                  object (name, namespace, uid; kind
                                  except for pods) */
    const cJSON *pods;         /* Pods. node: those with spec.nodeName and
                                  not Succeeded/Failed ("Non-terminated
                                  Pods", "Allocated resources");
                                  replicasets, statefulsets, daemonsets:
                                  those matching the selector and
                                  controlled by the object ("Pods
                                  Status"); PVCs: those mounting it
                                  ("Used By") */
    const cJSON *replicasets;  /* deployments: "NewReplicaSet" and
                                  "OldReplicaSets" (owned ones only) */
    const cJSON *endpointslices; /* services and ingresses: "Endpoints"
                                  (discovery.k8s.io/v1 EndpointSlices,
                                  matched by kubernetes.io/service-name) */
    const cJSON *services;     /* ingresses: service port names of the
                                  backends; a backend whose service is
                                  missing prints kubectl's "not found"
                                  error, but only when this is given */
    const cJSON *lease;        /* nodes: the node's Lease object in
                                  kube-node-lease; NULL leaves the "Lease"
                                  section out */
};

/* Appends the text for 'obj' to 'out'. 'events' is an array of the Event
 * objects whose involvedObject is this object (may be NULL); 'pods' (may be
 * NULL) the pods on a node, for a node's "Non-terminated Pods" and
 * "Allocated resources", or the namespace's pods for the other kinds
 * (see struct sb_describe_related). 'now' is epoch seconds.
 * Returns 0; SB_E_USAGE for an unsupported 'resource' or an 'obj' that is
 * not a JSON object; SB_E_NOMEM or SB_E_TOOBIG from 'out', whose content
 * is then unchanged. 'err' (may be NULL) names the object on failure. */
int sb_describe(const char *resource, const cJSON *obj, const cJSON *events,
                const cJSON *pods, int64_t now, struct sb_buf *out,
                struct sb_err *err);

/* Same as sb_describe with every related object kubectl would fetch;
 * 'rel' may be NULL. */
int sb_describe_with(const char *resource, const cJSON *obj,
                     const struct sb_describe_related *rel, int64_t now,
                     struct sb_buf *out, struct sb_err *err);

#endif
