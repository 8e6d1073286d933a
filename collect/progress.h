#ifndef COLLECT_PROGRESS_H
#define COLLECT_PROGRESS_H
/*
 * The live progress line on stderr (only when stderr is a terminal) and
 * the summary at the end; --quiet silences both.
 */
#include <stdbool.h>
#include <stdint.h>

#include "sb_collect.h"

struct progress {
    bool tty;           /* stderr is a terminal: redraw one line */
    bool quiet;
    int shown;          /* width of the line on screen, to clear it */
};

void progress_init(struct progress *p, bool quiet);
/* An sb_collect_progress_fn; 'ctx' is the struct progress. */
void progress_update(void *ctx, const struct sb_collect_progress *s);
/* Erases the live line (before any other message). */
void progress_clear(struct progress *p);
void progress_summary(struct progress *p, const struct sb_collect_summary *s);

#endif
