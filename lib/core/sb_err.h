#ifndef SB_ERR_H
#define SB_ERR_H
/*
 * Error codes and the message that goes with them. Library code never
 * prints: it fills a struct sb_err and returns the negative code, and the
 * front end prints the message once with the program's name.
 */
#include <stdarg.h>

#define SB_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* On a function whose result says whether it worked: a caller that drops
 * it gets a warning (an error with -Werror). A (void) cast does not
 * silence it in gcc, on purpose: handle the result. */
#define SB_MUST_CHECK __attribute__((warn_unused_result))

enum sb_code {
    SB_OK = 0,
    SB_E_NOMEM = -1,     /* allocation failed */
    SB_E_TOOBIG = -2,    /* a size limit was reached */
    SB_E_IO = -3,        /* file or socket error */
    SB_E_FORMAT = -4,    /* input is malformed */
    SB_E_USAGE = -5,     /* bad argument or option */
    SB_E_NET = -6,       /* connection, TLS or HTTP failure */
    SB_E_NOTFOUND = -7,  /* a named thing does not exist */
    SB_E_DENIED = -8,    /* forbidden or unauthorised */
    SB_E_TIMEOUT = -9,   /* a deadline passed */
    SB_E_INTERRUPTED = -10, /* stopped by a signal */
    SB_E_DB = -11,       /* SQLite error */
    SB_E_INTERNAL = -12, /* a bug: a contract was broken */
};

struct sb_err {
    int code;            /* SB_OK or the last SB_E_* set */
    char msg[1024];      /* "" when code is SB_OK */
};
#define SB_ERR_INIT { 0, "" }

/* Sets 'err' (which may be NULL) and returns 'code', so callers can write
 * rc = sb_err_set(err, SB_E_FORMAT, "bad JSON in '%s'", path); */
int sb_err_set(struct sb_err *err, int code, const char *fmt, ...)
    SB_PRINTF(3, 4);
int sb_err_vset(struct sb_err *err, int code, const char *fmt, va_list ap);

/* Prefixes the existing message with more context: "loading 'x': <old>". */
int sb_err_wrap(struct sb_err *err, const char *fmt, ...) SB_PRINTF(2, 3);

void sb_err_clear(struct sb_err *err);

/* A short fixed text for a code, for when no message was set. */
const char *sb_err_str(int code);

#endif
