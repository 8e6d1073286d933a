#ifndef SB_DUMPSTREAM_H
#define SB_DUMPSTREAM_H
/*
 * `kubectl cluster-info dump` without --output-directory writes everything
 * to its standard output, and that one file is what many people send: the
 * lists one after another as indented JSON ("kind": "NodeList", then per
 * namespace EventList, ReplicationControllerList, ServiceList,
 * DaemonSetList, DeploymentList, ReplicaSetList, PodList), then each
 * pod's containers' logs between "==== START logs for container C of pod
 * NS/P ====" and the matching END line.
 *
 * sb_dumpstream_split lays such a file out as --output-directory would
 * (nodes.json, NS/pods.json, NS/P/logs.txt, ...), so that the folder
 * reader reads it like any dump. It streams: memory stays bounded
 * whatever the file's size, and the folder takes the file's size on disk.
 */
#include <stdbool.h>
#include <stddef.h>

#include "sb_err.h"

/* Whether the file at 'path' starts (after white space) with a JSON
 * object whose first key is "kind" naming a List: the shape of the
 * dump's standard output. Reads at most its first 4 KiB. */
bool sb_dumpstream_detect(const char *path);

/* Called for what is skipped (a list whose namespace cannot be told, a
 * name that cannot be a path, an unterminated value); may be NULL. */
typedef void sb_dumpstream_warn_fn(void *ctx, const char *msg);

/* Splits the dump at 'path' into the existing, empty folder 'dir'.
 * Returns the number of lists and log blocks placed (>= 0; a pod's
 * containers share its logs.txt) or a negative code with
 * 'err' set (I/O errors name the file). What it cannot place is skipped
 * with a warning, never guessed. */
int sb_dumpstream_split(const char *path, const char *dir,
                        sb_dumpstream_warn_fn *warn, void *warn_ctx,
                        struct sb_err *err);

#endif
