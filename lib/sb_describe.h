#ifndef SB_DESCRIBE_H
#define SB_DESCRIBE_H
/*
 * kubectl describe-style text, generated from collected JSON with no
 * kubectl on the machine, in the layout kubectl prints: "Name:" aligned
 * fields, sections, and an Events table (Type Reason Age From Message)
 * whose ages are relative to 'now', the collection time.
 */
#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_err.h"

/* True for the resources (plural, core or group-qualified as in bundle
 * paths) that get describe text: pods, nodes, deployments.apps,
 * replicasets.apps, statefulsets.apps, daemonsets.apps, jobs.batch,
 * services, persistentvolumeclaims, ingresses.networking.k8s.io. */
bool sb_describe_supports(const char *resource);

/* Appends the text for 'obj' to 'out'. 'events' is an array of the Event
 * objects whose involvedObject is this object (may be NULL); 'pods' (may be
 * NULL) the pods on a node, for a node's "Non-terminated Pods" and
 * "Allocated resources". 'now' is epoch seconds. */
int sb_describe(const char *resource, const cJSON *obj, const cJSON *events,
                const cJSON *pods, int64_t now, struct sb_buf *out,
                struct sb_err *err);

#endif
