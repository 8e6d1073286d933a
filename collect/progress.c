/*
 * One line redrawn with '\r': phase, objects, log streams, bytes received
 * and errors, so a user on a slow cluster sees that work goes on.
 */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

void progress_init(struct progress *p, bool quiet)
{
    p->quiet = quiet;
    p->tty = !quiet && isatty(STDERR_FILENO);
    p->shown = 0;
}

static void human(uint64_t b, char *out, size_t n)
{
    if (b >= 10ull << 30)
        snprintf(out, n, "%.1f GiB", (double)b / (1u << 30));
    else if (b >= 10ull << 20)
        snprintf(out, n, "%.1f MiB", (double)b / (1u << 20));
    else if (b >= 10ull << 10)
        snprintf(out, n, "%.1f KiB", (double)b / (1u << 10));
    else
        snprintf(out, n, "%llu B", (unsigned long long)b);
}

void progress_update(void *ctx, const struct sb_collect_progress *s)
{
    struct progress *p = ctx;
    char bytes[32];
    int n;

    if (!p->tty)
        return;
    human(s->bytes, bytes, sizeof(bytes));
    n = fprintf(stderr, "\rcollect: %-10s %llu objects, %llu log streams, "
                "%s received, %llu errors, %d in flight",
                s->phase, (unsigned long long)s->objects,
                (unsigned long long)s->log_streams, bytes,
                (unsigned long long)s->errors, s->inflight);
    if (n < p->shown)
        fprintf(stderr, "%*s", p->shown - n, "");
    if (n > p->shown)
        p->shown = n;
    fflush(stderr);
}

void progress_clear(struct progress *p)
{
    if (p->tty && p->shown) {
        fprintf(stderr, "\r%*s\r", p->shown, "");
        fflush(stderr);
        p->shown = 0;
    }
}

void progress_summary(struct progress *p, const struct sb_collect_summary *s)
{
    char bytes[32];

    progress_clear(p);
    if (p->quiet)
        return;
    human(s->bytes, bytes, sizeof(bytes));
    fprintf(stderr, "collect: wrote '%s': %llu files, %s, %.1fs, "
            "%llu objects, %llu log streams, %llu gaps, %lu redactions%s\n",
            s->output, (unsigned long long)s->files, bytes,
            (double)s->duration_ms / 1000.0,
            (unsigned long long)s->objects,
            (unsigned long long)s->log_streams, (unsigned long long)s->gaps,
            s->redactions, s->complete ? "" :
            s->stopped ? " (incomplete: stopped early)" : " (incomplete)");
    if (!s->complete)
        fprintf(stderr, "collect: what was not collected is listed under "
                "\"gaps\" in manifest.json\n");
}
