#ifndef SB_LOG_H
#define SB_LOG_H
/*
 * Diagnostics from library code. The library never writes to stdout or
 * stderr itself: it calls sb_log(), and the front end installs the sink
 * that decides what --quiet hides and where the text goes. With no sink
 * installed nothing is printed.
 */
#include "sb_err.h"

enum sb_log_level { SB_LOG_DEBUG, SB_LOG_INFO, SB_LOG_WARN, SB_LOG_ERROR };

typedef void sb_log_fn(void *ctx, enum sb_log_level level, const char *msg);

void sb_log_set_sink(sb_log_fn *fn, void *ctx);
void sb_log(enum sb_log_level level, const char *fmt, ...) SB_PRINTF(2, 3);

#define sb_warn(...) sb_log(SB_LOG_WARN, __VA_ARGS__)
#define sb_info(...) sb_log(SB_LOG_INFO, __VA_ARGS__)
#define sb_debug(...) sb_log(SB_LOG_DEBUG, __VA_ARGS__)

#endif
