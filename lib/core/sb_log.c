#include "sb_log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

static sb_log_fn *sink;
static void *sink_ctx;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void sb_log_set_sink(sb_log_fn *fn, void *ctx)
{
    pthread_mutex_lock(&lock);
    sink = fn;
    sink_ctx = ctx;
    pthread_mutex_unlock(&lock);
}

void sb_log(enum sb_log_level level, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;

    if (!sink)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* serialised so lines from worker threads never interleave */
    pthread_mutex_lock(&lock);
    if (sink)
        sink(sink_ctx, level, msg);
    pthread_mutex_unlock(&lock);
}
