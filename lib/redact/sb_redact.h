#ifndef SB_REDACT_H
#define SB_REDACT_H
/*
 * Redaction, applied by collect to every byte before it is written.
 *
 * A masked value becomes a stable token "<redacted:rule:xxxxxxxxxx>"
 * where x is an HMAC-SHA256 of the value under a key drawn at random for
 * the run: the same secret gives the same token everywhere in one bundle,
 * so support can still correlate, and the value cannot be recovered or
 * guessed from it. Counts per rule are kept for the manifest; values never.
 * A redactor is safe to use from several threads at once.
 */
#include <stddef.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_err.h"

struct sb_redactor;

/* 'extra' holds 'n' user PCRE2 patterns (--redact-pattern); a pattern's
 * first capture group, when it has one, is what gets masked, else the
 * whole match. A bad pattern fails with its offset and PCRE2's message. */
int sb_redactor_new(const char *const *extra, size_t n,
                    struct sb_redactor **out, struct sb_err *err);
void sb_redactor_free(struct sb_redactor *r);   /* NULL is fine */

/* Appends 'in' with every sensitive string masked to 'out': bearer tokens,
 * JWTs, Authorization headers, PEM private keys, cloud keys, URLs with
 * passwords, API key formats, password/token/secret key-value pairs in
 * properties, YAML and JSON (escaped JSON in log lines too), docker auths. */
int sb_redact_text(struct sb_redactor *r, const char *in, size_t len,
                   struct sb_buf *out);

/* Redacts one API object in place: Secret values dropped (key names kept),
 * env values with sensitive names masked, last-applied-configuration
 * masked, ConfigMap data values redacted, and every string run through
 * the text rules. 'kind' is the object's kind when known, or NULL. */
int sb_redact_object(struct sb_redactor *r, cJSON *obj, const char *kind);

/* A new JSON object {rule: count} (caller deletes). */
cJSON *sb_redact_counts(struct sb_redactor *r);

/* Total masks so far. */
unsigned long sb_redact_total(struct sb_redactor *r);

/* From now on, remembers each token's original value (for the kept map
 * of collect --redaction-map: customer side only, never in a bundle).
 * At most SB_REDACT_MAP_MAX values are kept; past that a warning says
 * the map is incomplete. Returns 0 or SB_E_NOMEM. */
#define SB_REDACT_MAP_MAX ((size_t)1 << 20)
int sb_redactor_keep_map(struct sb_redactor *r);

/* The remembered values as {"version": 1, "tokens": {"<10 hex>":
 * "<original>", ...}} (caller deletes), or NULL out of memory. Empty
 * when sb_redactor_keep_map was never called. */
cJSON *sb_redact_map_json(struct sb_redactor *r);

#endif
