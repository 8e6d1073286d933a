/*
 * Fuzzes redaction: any bytes, as text and (when they parse) as a JSON API
 * object, must be redacted without a crash, a leak or a read past the
 * input; redacting the output again must change nothing (tokens are never
 * re-masked), and the output never holds a value the rules caught.
 * The scanners of sb_redact_scan (keys, file shapes, vendor formats,
 * entropy, base64) are also driven directly: their spans must be in
 * bounds, in order and apart, and their predicates must not read past
 * what they are given. An object is walked as the kind its input's
 * length picks (none, Secret, ConfigMap, Pod), so the kind-specific
 * paths of the structured walk run too; texts with several lines drive
 * the rules that are searched line by line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_base64.h"
#include "sb_redact.h"
#include "sb_redact_scan.h"

static struct sb_redactor *redactor(void)
{
    static const char *const extra[] = {"internal-id: (\\w+)"};
    static struct sb_redactor *r;
    struct sb_err err = SB_ERR_INIT;

    /* one per process, as collect has: freed at exit */
    if (!r && sb_redactor_new(extra, 1, &r, &err))
        abort();
    return r;
}

struct spans {
    size_t len, last;
};

static int on_span(void *ctx, enum sb_scan_kind kind, size_t s, size_t e,
                   const char *rule, bool *masked)
{
    struct spans *sp = ctx;

    if (s >= e || e > sp->len || s < sp->last || !rule)
        abort();
    *masked = kind == SB_SCAN_MASK || (e - s) % 2;
    if (*masked)
        sp->last = e;
    return 0;
}

static void scanners(const uint8_t *data, size_t size)
{
    struct spans sp = {size, 0};
    unsigned char *dec = malloc(size * 3 / 4 + 4);
    size_t n = size < 512 ? size : 512;

    if (!dec)
        abort();
    if (sb_redact_scan((const char *)data, size, true, on_span, &sp))
        abort();
    /* the predicates take (pointer, length): no NUL is promised */
    (void)sb_redact_key_class((const char *)data, n);
    (void)sb_redact_value_inert((const char *)data, n);
    (void)sb_redact_looks_like_name((const char *)data, n);
    (void)sb_redact_high_entropy((const char *)data, n);
    if (sb_base64_decode((const char *)data, size, dec, 0) != SIZE_MAX &&
        sb_base64_decode((const char *)data, size, dec, 0) > size)
        abort();
    free(dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sb_buf once = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf twice = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_redactor *r = redactor();
    cJSON *obj;

    scanners(data, size);
    if (sb_redact_text(r, (const char *)data, size, &once) ||
        sb_redact_text(r, once.data ? once.data : "", once.len, &twice))
        abort();
    if (once.len != twice.len ||
        (once.len && memcmp(once.data, twice.data, once.len)))
        abort();
    obj = cJSON_ParseWithLength((const char *)data, size);
    if (obj) {
        static const char *const kinds[] = {NULL, "Secret", "ConfigMap",
                                            "Pod"};
        char *s;

        if (sb_redact_object(r, obj, kinds[size % 4]))
            abort();
        s = cJSON_PrintUnformatted(obj);
        cJSON_free(s);
        cJSON_Delete(obj);
    }
    sb_buf_release(&once);
    sb_buf_release(&twice);
    return 0;
}
