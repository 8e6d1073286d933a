#ifndef SB_CHANGES_H
#define SB_CHANGES_H
/*
 * Before and after: analyze NEW --baseline OLD compares two databases of
 * one cluster, each loaded and run through the rules, and writes what
 * changed into the new one's changes table (schema/005_incidents.sql):
 *   - findings new, resolved and persisting (same rule and subject);
 *   - restart counts that grew (same pod and container);
 *   - Deployments, DaemonSets and StatefulSets whose images or pod
 *     template changed; ConfigMaps whose content changed (the keys named);
 *   - nodes that joined or left; kubelet, Kubernetes and GPU driver
 *     versions that changed;
 *   - GPUs whose health changed: gone from or new to a node, uncorrectable
 *     ECC errors or retired pages that grew, new Xid codes on a node.
 * Order: changes that belong to a new incident (on one of its subjects, or
 * just before it began) first, the incident's own start order, then the
 * rest by time and category.
 */
#include <sqlite3.h>

#include "sb_err.h"

/* Compares 'db' (the new bundle, rules already run) with the database in
 * file 'baseline_db' (the old one, rules run too) and fills changes and
 * baseline. Returns 0, or SB_E_DB with 'err' set. */
int sb_changes_build(sqlite3 *db, const char *baseline_db,
                     struct sb_err *err);

#endif
