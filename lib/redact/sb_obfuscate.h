#ifndef SB_OBFUSCATE_H
#define SB_OBFUSCATE_H
/*
 * collect --obfuscate: identities replaced by stable pseudonyms in a
 * written bundle, in every member's bytes and in member paths, so that
 * the same node is the same pseudonym everywhere (object names, labels,
 * spec.nodeName, logs, events, describe text, nodes/<name>/) and
 * analysis still correlates:
 *
 *   node names, node host names and FQDNs  -> obf-host-N (a DNS label);
 *                                             an FQDN's domain part
 *                                             -> obf-domain-N.example
 *   the cluster name (manifest "cluster")  -> obf-cluster-N
 *   IPv4 addresses                          -> 198.18.0.0/15 (reserved
 *                                             for tests), in order
 *   IPv6 addresses                          -> 2001:db8::/32 (for docs)
 *
 * Names are learned from the bundle's Node objects and manifest; IPs are
 * found anywhere. Kept: loopback and unspecified addresses (127.0.0.0/8,
 * 0.0.0.0, ::1, ::), a dotted quad or name that is part of a longer
 * word (an image tag, a version, a pod named after its node), domains
 * that stand alone (an image registry is not a node).
 * Pseudonyms are numbered in order of first sight: nothing of the
 * original can be computed back from them; the kept map answers them.
 */
#include <cjson/cJSON.h>

#include "sb_err.h"

/* Rewrites the bundle at 'path' (a .tar.gz sbundle) in place with every
 * identity replaced. When 'map' is not NULL, each pseudonym -> original
 * is added to its "pseudonyms" object (made if absent), for the kept map.
 * Returns 0, or SB_E_* with 'err' naming the bundle; a failure leaves
 * 'path' as it was. */
int sb_obfuscate_bundle(const char *path, cJSON *map, struct sb_err *err);

#endif
