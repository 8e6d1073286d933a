#include "sb_err.h"

#include <stdio.h>
#include <string.h>

int sb_err_vset(struct sb_err *err, int code, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    return code;
}

int sb_err_set(struct sb_err *err, int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    sb_err_vset(err, code, fmt, ap);
    va_end(ap);
    return code;
}

int sb_err_wrap(struct sb_err *err, const char *fmt, ...)
{
    char prefix[512], joined[sizeof(prefix) + sizeof(err->msg) + 2];
    va_list ap;
    size_t n;

    if (!err)
        return SB_E_INTERNAL;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    snprintf(joined, sizeof(joined), "%s: %s", prefix,
             err->msg[0] ? err->msg : sb_err_str(err->code));
    /* a message cut short is still better than none */
    n = strlen(joined);
    if (n > sizeof(err->msg) - 1)
        n = sizeof(err->msg) - 1;
    memcpy(err->msg, joined, n);
    err->msg[n] = '\0';
    return err->code;
}

void sb_err_clear(struct sb_err *err)
{
    if (!err)
        return;
    err->code = SB_OK;
    err->msg[0] = '\0';
}

const char *sb_err_str(int code)
{
    switch (code) {
    case SB_OK: return "success";
    case SB_E_NOMEM: return "out of memory";
    case SB_E_TOOBIG: return "size limit reached";
    case SB_E_IO: return "input/output error";
    case SB_E_FORMAT: return "malformed input";
    case SB_E_USAGE: return "usage error";
    case SB_E_NET: return "network error";
    case SB_E_NOTFOUND: return "not found";
    case SB_E_DENIED: return "permission denied";
    case SB_E_TIMEOUT: return "deadline reached";
    case SB_E_INTERRUPTED: return "interrupted";
    case SB_E_DB: return "database error";
    default: return "internal error";
    }
}
