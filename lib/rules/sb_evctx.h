#ifndef SB_EVCTX_H
#define SB_EVCTX_H
/*
 * Evidence with context: a log line quoted by a rule is found again in its
 * container log (finding_evidence.file names the stream, the text the
 * line; the last such line wins) and the lines that make it readable are
 * stored beside it (finding_evidence.context, context_match):
 *   - a Go panic: from its "panic:" or "fatal error:" line through the
 *     signal line to the first frames of the panicking goroutine;
 *   - a Python traceback: its last frames and the exception line;
 *   - anything else (a CUDA or NCCL error...): the two lines before,
 *     which usually name the operation that failed, and the one after.
 * At most SB_EVCTX_MAX lines, always including the quoted one, for the
 * first three log lines quoted by each finding.
 */
#include <sqlite3.h>

#include "sb_err.h"

#define SB_EVCTX_MAX 12

/* Fills the context of every log evidence row of 'db' that has none.
 * Returns 0, or SB_E_DB with 'err' set. Lines that cannot be found are
 * left without context: that is not an error. */
int sb_evctx_fill(sqlite3 *db, struct sb_err *err);

/* The context window for the line at 'match' among 'n' lines 'text'
 * (consecutive lines of one log): sets '*from' and '*to' (inclusive) so
 * that from <= match <= to and to - from < SB_EVCTX_MAX. Exposed for the
 * tests. */
void sb_evctx_window(const char *const *text, int n, int match, int *from,
                     int *to);

#endif
