#ifndef SB_HTML_H
#define SB_HTML_H
/*
 * Escaping for HTML. Everything a report shows from a bundle (names,
 * labels, log lines, event messages) is data: it goes through these
 * functions so that no byte of it can open a tag, close an attribute or
 * start a script. Invalid UTF-8 becomes U+FFFD and control characters
 * become visible "\xNN" text (sb_utf8_clean).
 */
#include <stddef.h>

#include "sb_buf.h"

/* Appends 's' ('len' bytes) escaped for HTML text: & < > " ' become
 * character references. Also safe inside a quoted attribute value. NULL
 * appends nothing. Returns 0 or the sb_buf error, leaving 'out' as it was. */
int sb_html_text(struct sb_buf *out, const char *s, size_t len);

/* sb_html_text for a NUL-terminated string (NULL appends nothing). */
int sb_html_texts(struct sb_buf *out, const char *s);

/* Appends 's' escaped for a double- or single-quoted attribute value:
 * as sb_html_text, and tab, newline and carriage return as references so
 * that the value survives attribute normalisation unchanged. */
int sb_html_attr(struct sb_buf *out, const char *s);

/* Appends 's' as a URL path for an href: bytes other than unreserved
 * characters and '/' are percent-encoded, so the result cannot carry a
 * scheme ("javascript:") or break out of the attribute. */
int sb_html_url_path(struct sb_buf *out, const char *s);

/* Appends an id token made of [A-Za-z0-9_-] from 's' (other bytes become
 * '_'), for fragment anchors. */
int sb_html_id(struct sb_buf *out, const char *s);

#endif
