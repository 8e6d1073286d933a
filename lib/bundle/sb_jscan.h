#ifndef SB_JSCAN_H
#define SB_JSCAN_H
/*
 * A strict JSON parser for the loader's hot path: it builds the tree that
 * cJSON_ParseWithLengthOpts builds, node for node, but takes every node and
 * string from one arena instead of a malloc each, and remembers where each
 * value's text lies in the input, so a List's items can be stored as their
 * own bytes without printing them back.
 *
 * Invariants: for a text it accepts, the tree equals cJSON's: the same
 * types, key and string bytes (escapes decoded as cJSON decodes them,
 * "\u0000" included), valuedouble and valueint as cJSON computes them
 * (strtod with the locale's decimal point, valueint saturated), members
 * in text order with cJSON's links (the first child's 'prev' is the
 * last). The tree is read-only: never cJSON_Delete it or change it;
 * cJSON's readers (GetObjectItem, PrintUnformatted, ...) work on it.
 *
 * What it accepts is RFC 8259 JSON: one value, white space (space, tab,
 * LF, CR) around it and between tokens, nesting at most
 * CJSON_NESTING_LIMIT deep (cJSON's own limit). It refuses with
 * SB_E_FORMAT what cJSON takes or reads differently: a byte order mark,
 * other control characters as white space or raw inside strings, numbers
 * like 01, 1. or longer than 63 characters, unknown escapes, unpaired
 * surrogates, bytes after the value. So a refused text is either bad JSON
 * or for cJSON to judge; an accepted one reads the same either way. Bytes
 * of strings are not checked as UTF-8 (cJSON does not check them either).
 *
 * Robustness: no recursion (an explicit stack of CJSON_NESTING_LIMIT
 * frames), no read past 'len', no NUL needed after the text, and the arena
 * never grows past the limit given at init.
 */
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "sb_err.h"

struct sb_jscan_chunk;

struct sb_jscan {
    struct sb_jscan_chunk *chunks;  /* newest first; NULL before a parse */
    size_t used;                    /* arena bytes handed out */
    size_t max;                     /* arena limit in bytes, fixed at init */
    size_t stop;                    /* after a refusal: byte where it
                                       stopped */
    struct sb_jscan_chunk *spare;   /* sb_jscan_recycle's, or NULL */
};
#define SB_JSCAN_INIT(max) { NULL, 0, (max), 0, NULL }

void sb_jscan_init(struct sb_jscan *js, size_t max);

/* A new limit for the next parses' trees (a parser kept for many texts
 * of different sizes). */
void sb_jscan_limit(struct sb_jscan *js, size_t max);

/* Ends the lent tree, as sb_jscan_release does, but keeps the largest of
 * its chunks no larger than 'keep' bytes for the next parse, which then
 * takes pages already in memory instead of faulting in fresh ones (a
 * parser of many small texts). sb_jscan_release frees it. */
void sb_jscan_recycle(struct sb_jscan *js, size_t keep);

/* Parses 'text' ('len' bytes, no NUL needed) into a tree lent through
 * *root until the next parse or sb_jscan_release. Returns 0, SB_E_FORMAT
 * (not JSON this parser accepts; js->stop says where), SB_E_TOOBIG (the
 * tree would pass the arena limit, or the text is 4 GiB or more) or
 * SB_E_NOMEM; *root is NULL then, and the arena empty. Errors are
 * returned, not described: the caller knows the file's name, and cJSON
 * is the judge of what is bad JSON. */
int sb_jscan_parse(struct sb_jscan *js, const char *text, size_t len,
                   const cJSON **root);

/* Where the text of 'node' (a node of the tree sb_jscan_parse lent, and
 * only such a node) lies in the parsed text: *off bytes from its start,
 * *len bytes long, from its first byte ('{', '"', a digit ...) to its
 * last. */
void sb_jscan_span(const cJSON *node, size_t *off, size_t *len);

/* strlen(node->valuestring) without reading the string: the parse kept
 * it. 'node' must be a string node of the tree sb_jscan_parse lent. */
size_t sb_jscan_strlen(const cJSON *node);

/* Rewrites in place each \u escape of an unpaired UTF-16 surrogate
 * ("\ud800" not followed by a low one, or a low one alone) in 'text'
 * ('len' bytes) as "\ufffd", U+FFFD REPLACEMENT CHARACTER, the way a
 * UTF-8 decoder replaces what it cannot decode. Such an escape is legal
 * JSON syntax that cJSON and sb_jscan_parse both refuse; once rewritten,
 * the text parses, and one bad string loses one character, not the
 * member. The rewrite keeps the length, so every offset into the text
 * stays valid. Returns how many escapes were rewritten. */
size_t sb_jscan_fix_surrogates(char *text, size_t len);

/* Frees the arena; the tree is gone. Back to SB_JSCAN_INIT(max). */
void sb_jscan_release(struct sb_jscan *js);

#endif
