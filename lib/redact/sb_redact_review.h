#ifndef SB_REDACT_REVIEW_H
#define SB_REDACT_REVIEW_H
/*
 * A review of a bundle before it is sent (collect review): per member,
 * how many values each rule masked (counted from the tokens in it), and
 * what still looks like a credential but is not masked, with its line:
 * what the scanners of sb_redact_scan would mask (keys, vendor formats,
 * entropy in assignments) and long high-entropy strings anywhere else.
 * Reads any bundle sb_bundle opens (tar.gz or folder); changes nothing.
 */
#include <stddef.h>

#include "sb_err.h"

enum sb_review_kind {
    SB_REVIEW_MASKED,   /* 'what' is a rule, 'count' its tokens */
    SB_REVIEW_SUSPECT,  /* 'what' says why, 'value'/'len' the text */
};

/* Called per finding; 'path' and 'value' are lent for the call. Returns
 * 0 to go on. */
typedef int sb_review_fn(void *ctx, enum sb_review_kind kind,
                         const char *path, size_t line, const char *what,
                         unsigned long count, const char *value, size_t len);

/* Reviews the bundle at 'path'. Returns 0, fn's code, or SB_E_* with
 * 'err' naming the bundle or member. */
int sb_redact_review(const char *path, sb_review_fn *fn, void *ctx,
                     struct sb_err *err);

/* The same over one text (a member's 'path' for the callback). */
int sb_redact_review_text(const char *path, const char *in, size_t len,
                          sb_review_fn *fn, void *ctx);

#endif
