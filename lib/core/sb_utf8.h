#ifndef SB_UTF8_H
#define SB_UTF8_H
/*
 * UTF-8 checks for text that came from a bundle. Log lines and event
 * messages may hold any bytes; reports must hold valid UTF-8 (JSON requires
 * it) and must not pass terminal control sequences on to the reader.
 */
#include <stddef.h>
#include <stdint.h>

#include "sb_buf.h"

/* Length of the valid UTF-8 sequence at 's' (at most 'len' bytes) and its
 * code point in 'cp' (may be NULL); 0 when the bytes there are not valid
 * UTF-8 (overlong, surrogate, truncated, past U+10FFFF). 'len' must be > 0. */
size_t sb_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* How many bytes from 's' (at most 'len') are ASCII other than NUL: a
 * check of 32 bytes at a time (SSE2; else 8), for the text (nearly every
 * log line) that needs no look at its characters one by one. Reads no
 * byte past 'len'. */
size_t sb_utf8_ascii_run(const char *s, size_t len);

/* True when 'cp' should not reach a reader as is: C0 controls other than
 * tab and newline, DEL and the C1 controls. */
int sb_utf8_is_control(uint32_t cp);

/* Appends 's' to 'out' as valid UTF-8: invalid bytes become U+FFFD and
 * control characters (sb_utf8_is_control) become the visible text "\xNN"
 * (or "\u{NNNN}" for C1). NULL 's' appends nothing. Returns 0 or the
 * sb_buf error; a failure leaves 'out' as it was before the call. */
int sb_utf8_clean(struct sb_buf *out, const char *s, size_t len);

/* As sb_utf8_clean but keeps control characters as they are, for
 * formats that escape them themselves (JSON). */
int sb_utf8_valid(struct sb_buf *out, const char *s, size_t len);

#endif
