#ifndef SB_RENDER_INT_H
#define SB_RENDER_INT_H
/* The format renderers behind sb_render(); private to sb_render*.c. */
#include "sb_render.h"
#include "sb_render_model.h"

#define SB_REPORT_SCHEMA "sbundle.report/v1"

int sb_render_json(sqlite3 *db, const struct sb_rmodel *m,
                   struct sb_buf *out, struct sb_err *err);
int sb_render_html(sqlite3 *db, const struct sb_rmodel *m,
                   const struct sb_render_opts *opts, struct sb_buf *out,
                   struct sb_err *err);
int sb_render_md(sqlite3 *db, const struct sb_rmodel *m,
                 const struct sb_render_opts *opts, struct sb_buf *out,
                 struct sb_err *err);

#endif
