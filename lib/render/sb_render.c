/* The report front door: reads the model once, hands it to a format. */
#include "sb_render.h"

#include "sb_render_int.h"

int sb_render(sqlite3 *db, enum sb_render_format fmt,
              const struct sb_render_opts *opts, struct sb_buf *out,
              struct sb_err *err)
{
    static const struct sb_render_opts defaults = { 0 };
    struct sb_rmodel m;
    size_t start = out->len;
    int rc;

    if (!opts)
        opts = &defaults;
    rc = sb_rmodel_load(db, &m, err);
    if (rc)
        goto cleanup;
    switch (fmt) {
    case SB_RENDER_HTML:
        rc = sb_render_html(db, &m, opts, out, err);
        break;
    case SB_RENDER_MD:
        rc = sb_render_md(db, &m, opts, out, err);
        break;
    case SB_RENDER_JSON:
        rc = sb_render_json(db, &m, opts, out, err);
        break;
    default:
        rc = sb_err_set(err, SB_E_USAGE, "unknown report format %d",
                        (int)fmt);
    }
cleanup:
    if (rc)
        sb_buf_truncate(out, start);
    sb_rmodel_release(&m);
    return rc;
}
