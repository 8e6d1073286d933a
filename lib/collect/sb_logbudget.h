#ifndef SB_LOGBUDGET_H
#define SB_LOGBUDGET_H
/*
 * collect --max-size: log streams are held back (spooled, redacted, to
 * one temporary file) while everything else is written; then the bytes
 * the bundle has left are shared among the held streams and each keeps
 * its newest lines within its share, the oldest lines going first.
 *
 * Fair means water-filling: every stream keeps up to the same number of
 * bytes 'q' of its newest text (a stream smaller than 'q' keeps all of
 * it), with 'q' the largest that fits. One huge stream therefore cannot
 * push the small ones out, and every stream keeps its newest lines while
 * the budget allows one line per stream.
 *
 * The budget is of the compressed bundle. Each held stream's compressed
 * size is measured once (deflate at level 1, which compresses less than
 * the writer's level: the estimate errs on the large side), and a kept
 * suffix is assumed to compress like its whole stream.
 *
 * Memory: one record (its path and five numbers) per held stream; the
 * text is in the spool file, read back one stream at a time.
 */
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "sb_err.h"

struct sb_logbudget;

/* Writes one member of the bundle ('path', 'len' bytes): how
 * sb_logbudget_write() hands the kept text on. Returns 0 or an SB_E_*
 * code. */
typedef int sb_logbudget_add_fn(void *ctx, const char *path,
                                const void *data, size_t len);

/* Creates an empty budget. 'max_stream' bounds one stream's text (the
 * per-stream caps already did: collect's --max-log-bytes after redaction
 * may grow a little, so pass more). Returns 0 or SB_E_NOMEM. */
int sb_logbudget_new(uint64_t max_stream, struct sb_logbudget **out,
                     struct sb_err *err);

/* Frees the budget and its spool. NULL is fine. */
void sb_logbudget_free(struct sb_logbudget *b);

/* Holds one stream: 'len' bytes at 'data', or, with 'data' NULL, the
 * whole of the open stream 'f' (read from its start; stays the
 * caller's). Thread-safe. Returns 0, or a negative code with 'err' naming
 * 'path'; a failure holds nothing. */
int sb_logbudget_hold(struct sb_logbudget *b, const char *path,
                      const void *data, size_t len, FILE *f,
                      struct sb_err *err);

/* Streams held so far and their bytes (the dry-run and progress). */
void sb_logbudget_stats(const struct sb_logbudget *b, uint64_t *streams,
                        uint64_t *bytes);

/* The share: the largest per-stream byte count 'q' for which the held
 * streams' estimated compressed cost fits 'avail' bytes. UINT64_MAX when
 * everything fits, 0 when not even an empty member each does. Pure: for
 * tests and the plan. */
uint64_t sb_logbudget_share(const struct sb_logbudget *b, uint64_t avail);

/* Writes every held stream through 'add', each trimmed to its newest
 * whole lines within the share of 'avail' compressed bytes, in the order
 * they were held. Returns 0 or the first failure (with 'err' naming the
 * member); streams after it are not written. After it, report() says
 * what was trimmed. */
int sb_logbudget_write(struct sb_logbudget *b, uint64_t avail,
                       sb_logbudget_add_fn *add, void *ctx,
                       struct sb_err *err);

/* What write() trimmed, for the manifest (the caller's to free):
 * {"available_bytes", "share_bytes" (null: nothing trimmed), "streams",
 *  "streams_trimmed", "lines_dropped", "bytes_dropped", "bytes_kept",
 *  "trimmed": [{"path", "lines_dropped", "bytes_dropped", "bytes_kept",
 *               "lines_kept"}]}.
 * NULL when out of memory. */
cJSON *sb_logbudget_report(const struct sb_logbudget *b);

#endif
