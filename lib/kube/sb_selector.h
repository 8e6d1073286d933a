#ifndef SB_SELECTOR_H
#define SB_SELECTOR_H
/*
 * Kubernetes label and field selectors, parsed once and matched against
 * objects (cJSON).
 *
 * Label selectors: comma-separated requirements "k", "!k", "k=v", "k==v",
 * "k!=v", "k in (a,b)", "k notin (a,b)", "k>N", "k<N" on metadata.labels,
 * as the API server reads them ("!=" and "notin" match an absent label).
 * Field selectors: "path=v", "path==v", "path!=v" where path is a dotted
 * field path ("spec.nodeName", "involvedObject.uid"); '\' escapes ',', '='
 * and '\' in values. A field's value is its text (numbers and booleans as
 * JSON writes them); an absent field reads as "". An empty selector
 * matches everything.
 */
#include <stdbool.h>

#include <cjson/cJSON.h>

#include "sb_err.h"

struct sb_selector;

enum sb_selector_kind { SB_SELECTOR_LABEL, SB_SELECTOR_FIELD };

/* Parses 's' (NULL or "" give a selector matching everything). Returns 0
 * and sets *out (caller frees with sb_selector_free), or SB_E_FORMAT with
 * 'err' quoting the selector and the problem, as the API server's 400
 * message does ("unable to parse requirement: ..."). */
int sb_selector_parse(enum sb_selector_kind kind, const char *s,
                      struct sb_selector **out, struct sb_err *err);

/* True when 'obj' satisfies every requirement. NULL 'sel' matches. */
bool sb_selector_match(const struct sb_selector *sel, const cJSON *obj);

/* The requirement for 'key' with "=" or "==", if the selector has one:
 * lets a server narrow a lookup (metadata.name, metadata.namespace).
 * Lent until sb_selector_free; NULL when absent. */
const char *sb_selector_equals(const struct sb_selector *sel,
                               const char *key);

void sb_selector_free(struct sb_selector *sel);     /* NULL is fine */

#endif
