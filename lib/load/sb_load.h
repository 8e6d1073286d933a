#ifndef SB_LOAD_H
#define SB_LOAD_H
/*
 * Loading bundles into the analysis database (schema/001_core.sql).
 *
 * Formats are detected from the members' paths, never asked for:
 *   sbundle           manifest.json, resources/, logs/, nodes/, host/
 *   troubleshoot      Replicated support bundles: cluster-resources/...
 *   cluster-info-dump kubectl cluster-info dump --output-directory
 * A bundle is streamed member by member through sb_bundle (nothing is
 * extracted). Each member is loaded on its own: a bad one is recorded in
 * load_errors (and reported through sb_warn) and the walk goes on, so
 * whatever is readable is loaded.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sb_db.h"
#include "sb_err.h"

struct sb_load_opts {
    uint64_t member_max;    /* bytes per member; 0 = 512 MiB, or json_max
                               when that is larger */
    uint64_t json_max;      /* bytes of one JSON/YAML member held in memory
                               to parse it; 0 = 256 MiB (its tree takes
                               4 to 8 times as much while it loads) */
    const char *size_option;    /* the option that sets json_max, named
                                   in messages; NULL = none */
    uint64_t total_max;     /* bytes uncompressed; 0 = 64 GiB */
    double ratio_max;       /* decompression ratio; 0 = 1000 */
    size_t line_max;        /* bytes kept of one log line; 0 = 64 KiB */
    bool skip_fts;          /* leave log_fts empty and log_lines without
                               the log_lines_pod index, and keep container
                               lines in blocks (sb_logblocks.h): for a
                               database nobody will query (analyze
                               without --db) */
    /* Called with each container log line once it is in log_lines: its
     * id and its text as stored, in id order (the text is valid only
     * during the call). For work done alongside the load (log_grep's
     * scan); NULL for none. */
    void (*line_sink)(void *sink_ctx, int64_t id, const char *text,
                      size_t len);
    void *line_sink_ctx;
};

struct sb_load_stats {
    uint64_t members;       /* regular files seen */
    uint64_t loaded;        /* members that filled a table */
    uint64_t objects;       /* API objects */
    uint64_t log_lines;     /* container and node log lines */
    uint64_t errors;        /* load_errors rows written */
    uint64_t bytes;         /* uncompressed bytes read */
};

/* Loads the bundle at 'path' (archive or folder) as a new bundles row.
 * Returns 0 when anything was loaded (problems are in load_errors and went
 * to sb_warn), sets *bundle_id (may be NULL) and adds to 'stats' (may be
 * NULL). Returns a negative code with 'err' set when nothing could be
 * loaded: "'x' is not a bundle: ...", "'x' holds nothing analyze knows". */
int sb_load_bundle(struct sb_db *db, const char *path,
                   const struct sb_load_opts *opts, int64_t *bundle_id,
                   struct sb_load_stats *stats, struct sb_err *err);

/* Work done once after every bundle is loaded: GPU rows from exporter
 * metrics where no nvidia-smi data exists, EndpointSlices for services
 * without Endpoints, collection times guessed for bundles without a
 * manifest, the full-text index of the log lines (rebuilt whole, unless
 * opts->skip_fts; 'opts' may be NULL), ANALYZE for the rules' joins. */
int sb_load_finish(struct sb_db *db, const struct sb_load_opts *opts,
                   struct sb_err *err);

#endif
