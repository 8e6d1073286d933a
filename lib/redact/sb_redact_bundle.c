#include "sb_redact_bundle.h"

#include <stdbool.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_bundle.h"
#include "sb_bwriter.h"

#define MEMBER_MAX ((size_t)512 << 20)

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);

    return n >= k && !strcmp(s + n - k, suf);
}

/* One member's bytes, redacted into 'out'. A JSON member is walked as
 * API objects and written back in its layout (one line or indented);
 * one that does not parse is redacted as text. */
static int redact_member(struct sb_redactor *r, const char *path,
                         const struct sb_buf *in, struct sb_buf *out)
{
    cJSON *doc = NULL;
    char *s = NULL;
    int rc;

    if (ends_with(path, ".json") &&
        (doc = cJSON_ParseWithLength(in->data ? in->data : "", in->len))) {
        rc = sb_redact_object(r, doc, NULL);
        if (!rc) {
            const char *nl = memchr(in->data, '\n', in->len);

            /* indented when the input was (a newline before its end) */
            s = nl && nl < in->data + in->len - 1
                    ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc);
            rc = s ? sb_buf_adds(out, s) : SB_E_NOMEM;
            if (!rc && in->len && in->data[in->len - 1] == '\n')
                rc = sb_buf_addc(out, '\n');
        }
        cJSON_free(s);
        cJSON_Delete(doc);
        return rc;
    }
    return sb_redact_text(r, in->data ? in->data : "", in->len, out);
}

int sb_redact_bundle(const char *in, const char *out, struct sb_redactor *r,
                     struct sb_err *err)
{
    struct sb_buf body = SB_BUF_INIT(MEMBER_MAX);
    struct sb_buf red = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_bundle *bn = NULL;
    struct sb_bwriter *w = NULL;
    cJSON *manifest = NULL, *params;
    struct sb_member m;
    const char *top;
    int rc;

    rc = sb_bundle_open(in, NULL, &bn, err);
    if (rc)
        return rc;
    top = sb_bundle_top(bn);
    rc = sb_bwriter_open(out, top[0] ? top : "redacted", &w, err);
    if (rc)
        goto cleanup;
    while ((rc = sb_bundle_next(bn, &m, err)) == 1) {
        sb_buf_reset(&body);
        sb_buf_reset(&red);
        rc = sb_bundle_read_all(bn, &body, err);
        if (rc) {
            rc = sb_err_set(err, rc, "cannot read '%s' of '%s'", m.path, in);
            break;
        }
        if (!strcmp(m.path, "manifest.json")) {
            /* an sbundle's manifest: kept, counts replaced at the end */
            cJSON_Delete(manifest);
            manifest = cJSON_ParseWithLength(body.data ? body.data : "",
                                             body.len);
            if (manifest && !cJSON_IsObject(manifest)) {
                cJSON_Delete(manifest);
                manifest = NULL;
            }
            if (manifest)
                continue;
        }
        rc = redact_member(r, m.path, &body, &red);
        if (!rc)
            rc = sb_bwriter_add(w, m.path, red.data ? red.data : "", red.len,
                                err);
        if (rc) {
            rc = sb_err_set(err, rc, "cannot redact '%s' of '%s'", m.path,
                            in);
            break;
        }
    }
    if (rc < 0)
        goto cleanup;
    if (!manifest)
        manifest = cJSON_CreateObject();
    if (manifest) {
        cJSON_DeleteItemFromObject(manifest, "redactions");
        cJSON_DeleteItemFromObject(manifest, "redacted_from");
        cJSON_AddItemToObject(manifest, "redactions", sb_redact_counts(r));
        cJSON_AddStringToObject(manifest, "redacted_from", in);
        /* a --no-redact sbundle said "redact": false; what this writes
         * is redacted, and a reader trusting the old flag would warn
         * the bundle is unsafe to share or, worse, the reverse later */
        params = cJSON_GetObjectItem(manifest, "parameters");
        if (cJSON_IsObject(params) && cJSON_GetObjectItem(params, "redact")) {
            cJSON_DeleteItemFromObject(params, "redact");
            cJSON_AddBoolToObject(params, "redact", 1);
        }
    }
    if (!manifest || !cJSON_GetObjectItem(manifest, "redactions")) {
        cJSON_Delete(manifest);
        manifest = NULL;
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    rc = sb_bwriter_finish(w, manifest, err);
    manifest = NULL;        /* taken over */
    w = NULL;
cleanup:
    sb_bwriter_abort(w);
    cJSON_Delete(manifest);
    sb_bundle_free(bn);
    sb_buf_release(&body);
    sb_buf_release(&red);
    return rc;
}
