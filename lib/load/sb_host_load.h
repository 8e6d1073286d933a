#ifndef SB_HOST_LOAD_H
#define SB_HOST_LOAD_H
/*
 * Loading the host/ part of a host bundle (collect --host) into the
 * database: nvidia-smi -q -x into gpus, kernel logs into node_log_lines,
 * gpu_xids and gpu_events, the fabric manager's and IMEX's logs into
 * node_log_lines and gpu_events (their errors), the fabric manager's
 * systemctl status into gpu_events (when it is not running), dcgmi's
 * health and diag JSON into dcgm_results (sb_host_dcgm.h), /proc files
 * and lspci's NVIDIA device counts into metrics. The loader calls this for
 * each member whose path starts with "host/".
 */
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "sb_err.h"

/* Loads one member. 'node' is the host bundle's node name, or "" (or NULL)
 * while it is not known: the manifest comes last in a bundle, and the
 * loader then sets node on the rows loaded with ''. Returns 0 (also
 * for members it has nothing to load from) or a negative code with 'err'
 * naming the member; the loader records it and goes on. */
int sb_host_load_member(sqlite3 *db, int64_t bundle_id, const char *node,
                        const char *path, const char *data, size_t len,
                        struct sb_err *err);

/* Parses nvidia-smi -q -x output into gpus rows for 'node' (also used on
 * cluster bundles that carry it). */
int sb_nvsmi_load_xml(sqlite3 *db, int64_t bundle_id, const char *node,
                      const char *xml, size_t len, const char *file,
                      struct sb_err *err);

#endif
