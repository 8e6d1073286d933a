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

struct sb_render_opts {
    size_t md_max_bytes;    /* Markdown cap; 0 = 60000 */
};
#define SB_RENDER_MD_MAX_DEFAULT 60000

/* Appends the report to 'out' from the tables the loader and the rules
 * engine filled (bundles, findings, finding_evidence, finding_affected,
 * timeline, ...). 'opts' may be NULL for the defaults. Returns 0 or a
 * negative code with 'err' set; on failure 'out' is as it was. */
int sb_render(sqlite3 *db, enum sb_render_format fmt,
              const struct sb_render_opts *opts, struct sb_buf *out,
              struct sb_err *err);

#endif
