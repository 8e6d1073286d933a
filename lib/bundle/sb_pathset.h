#ifndef SB_PATHSET_H
#define SB_PATHSET_H
/*
 * A set of strings (bundle member paths) whose text is kept in a
 * temporary file, not in memory: a run of hundreds of thousands of
 * members holds only a 16-byte slot per string (its 64-bit hash and
 * where its text lies in the file), so memory stays small whatever the
 * cluster's size. Exact: two strings with the same hash are told apart
 * by reading the stored text back.
 *
 * Not thread-safe: the caller locks. Each string is stored once, as a
 * 4-byte length then its bytes; sb_pathset_get() reads it back by the
 * offset sb_pathset_add() gave.
 */
#include <stdint.h>

#include "sb_buf.h"
#include "sb_err.h"

struct sb_pathset;

/* A new empty set; its file is created on the first add. Returns 0 or
 * SB_E_NOMEM. */
int sb_pathset_new(struct sb_pathset **out);

/* Frees the set and closes (so removes) its file. NULL is fine. */
void sb_pathset_free(struct sb_pathset *s);

/* Adds 'str'. Returns 1 when it was there already, 0 after adding it,
 * SB_E_NOMEM or SB_E_IO (errno set; nothing added). '*off' (may be NULL)
 * is where its text lies, for sb_pathset_get(). */
int sb_pathset_add(struct sb_pathset *s, const char *str, uint64_t *off);

/* 1 when 'str' is in the set, 0 when not, SB_E_IO when its file cannot
 * be read back. */
int sb_pathset_has(struct sb_pathset *s, const char *str);

/* Reads the string stored at 'off' (an offset sb_pathset_add() gave)
 * into 'out', replacing its content. Returns 0, SB_E_IO, SB_E_FORMAT for
 * an offset past the stored strings, or SB_E_NOMEM. */
int sb_pathset_get(struct sb_pathset *s, uint64_t off, struct sb_buf *out);

/* Strings in the set. */
uint64_t sb_pathset_count(const struct sb_pathset *s);

#endif
