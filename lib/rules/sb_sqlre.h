#ifndef SB_SQLRE_H
#define SB_SQLRE_H
/*
 * Regular expressions for SQL rules (PCRE2 syntax, UTF-8):
 *   text REGEXP pattern              -> 1 when pattern matches anywhere in text
 *   regexp_extract(text, pattern[, group]) -> the matched text of 'group'
 *                                       (0 = whole match), or NULL
 * A NULL text or pattern gives NULL. Case-insensitive matching is asked for
 * in the pattern itself with "(?i)". Compiled patterns are cached per
 * statement, so a pattern given as a literal is compiled once. A pattern
 * that does not compile makes the statement fail with PCRE2's message.
 */
#include <sqlite3.h>

#include "sb_err.h"

/* Registers regexp() and regexp_extract() on 'db'. Returns 0 or SB_E_DB. */
int sb_sqlre_register(sqlite3 *db, struct sb_err *err);

#endif
