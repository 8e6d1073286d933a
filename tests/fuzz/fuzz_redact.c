/*
 * Fuzzes redaction: any bytes, as text and (when they parse) as a JSON API
 * object, must be redacted without a crash, a leak or a read past the
 * input; redacting the output again must change nothing (tokens are never
 * re-masked), and the output never holds a value the rules caught.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_redact.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sb_buf once = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf twice = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_redactor *r = redactor();
    cJSON *obj;

    if (sb_redact_text(r, (const char *)data, size, &once) ||
        sb_redact_text(r, once.data ? once.data : "", once.len, &twice))
        abort();
    if (once.len != twice.len ||
        (once.len && memcmp(once.data, twice.data, once.len)))
        abort();
    obj = cJSON_ParseWithLength((const char *)data, size);
    if (obj) {
        char *s;

        if (sb_redact_object(r, obj, NULL))
            abort();
        s = cJSON_PrintUnformatted(obj);
        cJSON_free(s);
        cJSON_Delete(obj);
    }
    sb_buf_release(&once);
    sb_buf_release(&twice);
    return 0;
}
