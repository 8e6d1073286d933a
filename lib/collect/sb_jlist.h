#ifndef SB_JLIST_H
#define SB_JLIST_H
/*
 * Splits a Kubernetes List as its bytes arrive: each element of the top
 * object's "items" array is handed to a callback whole, one at a time,
 * and everything else (kind, apiVersion, metadata.continue) is kept as
 * the "head". So a list response of any size costs one object's bytes
 * of memory, not the response's.
 *
 * Invariants: only the structure is followed (strings, escapes, nesting
 * outside strings); the bytes of an item and of the head are not checked
 * as JSON here: the caller parses them. An item never passes 'max_item'
 * bytes in memory: a bigger one is skipped to its end and reported as a
 * NULL item with its size. The head never passes 'max_head' bytes. While
 * the items array is open, the head ends with "items":[ so that the head
 * plus "]}" is a whole object once the members before "items" are.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sb_buf.h"

/* One item: 'n' bytes at 'p', or p == NULL for an item of 'n' bytes that
 * passed 'max_item' (skipped). Returns 0 to go on; anything else stops
 * the split and is returned by sb_jlist_feed. */
typedef int sb_jlist_item_fn(void *ctx, const char *p, size_t n);

struct sb_jlist {
    sb_jlist_item_fn *fn;
    void *ctx;
    struct sb_buf head;     /* the object without its items' bytes */
    struct sb_buf item;     /* the item being read */
    size_t max_item;
    uint64_t item_len;      /* bytes of the item being read so far */
    uint64_t items;         /* items handed over, skipped ones included */
    long depth;             /* open objects and arrays */
    int state;              /* where the reader is (sb_jlist.c) */
    bool in_str, esc;
    bool expect_key;        /* the next string at depth 1 is a key */
    bool in_key;            /* reading that key */
    bool key_items;         /* the last key at depth 1 was "items" */
    size_t keylen;          /* bytes of that key read, up to 6 */
    char key[6];
    bool scalar;            /* the item being read is not a container */
};

/* Ready to split one response. 'max_head' and 'max_item' bound memory;
 * nothing is allocated until the first bytes. */
void sb_jlist_init(struct sb_jlist *s, size_t max_head, size_t max_item,
                   sb_jlist_item_fn *fn, void *ctx);

/* Takes the next 'n' bytes. Returns 0; SB_E_FORMAT when the text is no
 * JSON object or has bytes after it; SB_E_TOOBIG when the head passes
 * 'max_head'; SB_E_NOMEM; or what the callback returned. After a
 * non-zero return the split is over: only reset or release it. */
int sb_jlist_feed(struct sb_jlist *s, const char *p, size_t n);

/* The end of the response: 0 when the object was closed, SB_E_FORMAT when
 * it was cut short. */
int sb_jlist_finish(const struct sb_jlist *s);

/* The head so far (see the invariants), lent until the next call. */
const struct sb_buf *sb_jlist_head(const struct sb_jlist *s);

/* True while the items array is open (the head ends with "items":[). */
bool sb_jlist_in_items(const struct sb_jlist *s);

/* Back to the state after init, memory kept (a retried request). */
void sb_jlist_reset(struct sb_jlist *s);

/* Frees the buffers. */
void sb_jlist_release(struct sb_jlist *s);

#endif
