#ifndef SB_RENDER_H
#define SB_RENDER_H
/*
 * The incident report, rendered from a database the loader and the rules
 * engine have filled: self-contained HTML, GitHub-flavoured Markdown, and
 * JSON (schema "sbundle.report/v1", docs/report-format.md).
 */
#include <stddef.h>

#include <sqlite3.h>

#include "sb_buf.h"
#include "sb_err.h"

enum sb_render_format { SB_RENDER_HTML, SB_RENDER_MD, SB_RENDER_JSON };

/* Takes 'len' bytes of the report as it is written; returns 0, or a
 * negative code with 'err' set. */
typedef int sb_render_flush_fn(void *ctx, const char *data, size_t len,
                               struct sb_err *err);

struct sb_render_opts {
    size_t md_max_bytes;    /* Markdown cap; 0 = 60000 */
    /* When set, a large report (the JSON timeline) is handed over in
     * pieces as it is written instead of held whole in 'out': 'out' is
     * emptied after each piece. NULL: everything stays in 'out'. */
    sb_render_flush_fn *flush;
    void *flush_ctx;
    /* A second read-only connection to the same database, idle while
     * this report renders (NULL: none): the JSON report reads and writes
     * its timeline there, on a thread of its own, while 'db' gives the
     * rest. The bytes are the same either way. */
    sqlite3 *helper;
};
#define SB_RENDER_MD_MAX_DEFAULT 60000

/* Appends the report to 'out' from the tables the loader and the rules
 * engine filled (bundles, findings, finding_evidence, finding_affected,
 * timeline, ...). 'opts' may be NULL for the defaults. Returns 0 or a
 * negative code with 'err' set; on failure 'out' is as it was (what
 * opts->flush took is the caller's to drop). */
int sb_render(sqlite3 *db, enum sb_render_format fmt,
              const struct sb_render_opts *opts, struct sb_buf *out,
              struct sb_err *err);

#endif
