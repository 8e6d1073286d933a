#ifndef SB_BASE64_H
#define SB_BASE64_H
/*
 * Base64 as Kubernetes objects and kubeconfigs carry it (Secret data,
 * certificate-authority-data, continue tokens): the standard and the URL
 * alphabet are both read, padding is optional. The one decoder of the
 * project; every other reader of base64 calls it.
 */
#include <stddef.h>
#include <stdint.h>

#include "sb_buf.h"

/* Flags of sb_base64_decode. */
#define SB_B64_SPACE  1u    /* skip spaces, tabs, CR and LF (PEM-style
                               line breaks, YAML folded values) */
#define SB_B64_STRICT 2u    /* reject what Go's decoder rejects: data after
                               '=', more than two '=', a last group of one
                               character; without it, decoding stops at the
                               first '=' and a dangling character is
                               dropped */

/* 0..63 for a character of either alphabet ('+' and '-' are 62, '/' and
 * '_' 63), -1 for any other. */
int sb_base64_value(unsigned char c);

/* Bytes sb_base64_decode may write for 'len' bytes of input. */
#define SB_B64_DECODED_MAX(len) ((len) / 4 * 3 + 3)

/* Decodes 'len' bytes at 'in' into 'out', which holds
 * SB_B64_DECODED_MAX(len) bytes. Returns the bytes written, or SIZE_MAX
 * when the text is not base64 (a character outside both alphabets, or
 * what SB_B64_STRICT rejects); 'out' then holds garbage. */
size_t sb_base64_decode(const char *in, size_t len, unsigned char *out,
                        unsigned flags);

/* The same, appended to 'out' (a NUL kept after the bytes, not counted).
 * Returns 0, SB_E_FORMAT for text that is not base64 (nothing appended),
 * or sb_buf's error (SB_E_NOMEM; SB_E_TOOBIG when the worst case,
 * SB_B64_DECODED_MAX(len), would pass the buffer's max). */
int sb_base64_decode_buf(const char *in, size_t len, unsigned flags,
                         struct sb_buf *out);

#endif
