#ifndef SB_REDACT_SCAN_H
#define SB_REDACT_SCAN_H
/*
 * The redactor's hand-written scanners, used by sb_redact after its
 * PCRE2 rules: one pass over a text that finds
 *   - values whose key names a secret, by the key's normalised words
 *     (camelCase, snake_case, kebab-case and dotted keys split), in JSON
 *     pairs (escaped too), YAML / INI / TOML / .env / .properties lines,
 *     space-separated config lines (fluent-bit) and inline key=value;
 *   - vendor token formats by prefix, charset and length (a table
 *     compiled in, facts taken from the public rule sets);
 *   - high-entropy values in assignment, header or query position
 *     (rule "entropy"), known non-secrets left alone;
 *   - base64 runs, which the caller decodes and checks.
 * It never allocates and never masks anything itself: it reports spans
 * to a callback, in order and without overlap, and the callback masks.
 * Everything here is pure and safe from several threads at once.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a span holds. */
enum sb_scan_kind {
    SB_SCAN_MASK,       /* mask it, counted under 'rule' */
    SB_SCAN_BASE64,     /* a base64 run: the callback decodes and checks */
};

/* Called per span [s, e) of the text, in increasing order. 'rule' is
 * a rule name (a static string). Returns 0 to go on, SB_E_* to stop;
 * for SB_SCAN_BASE64 it sets *masked when it masked the run. */
typedef int sb_scan_fn(void *ctx, enum sb_scan_kind kind, size_t s,
                       size_t e, const char *rule, bool *masked);

/* Whether a key (JSON/YAML key, env name, flag or header name, 'len'
 * bytes) names a secret: its last word is password, secret, token,
 * passphrase, credential(s), apikey, ... or a pair such as api+key,
 * client+key+data; see docs/redaction.md for the words and the
 * allowlist (secretName, tokenizer, max_tokens, tokenPath, ...). */
bool sb_redact_key_sensitive(const char *key, size_t len);

/* The same test, finer: 0 plain, 1 secret, 2 secret unless the value
 * reads as an object name (sb_redact_looks_like_name): the last word
 * is "secret", where a Secret's name often stands. */
int sb_redact_key_class(const char *key, size_t len);

/* A hash of 'len' bytes for the redactor's small caches (not for
 * anything an attacker may aim collisions at: a collision only costs a
 * cache miss). */
uint32_t sb_redact_hash(const char *s, size_t len);

/* Whether 'v' (len bytes), found after a sensitive key, holds no value
 * to hide: empty, true/false/null/none/yes/no, a ${VAR}, $(VAR) or
 * {{ template }} reference, or a token already. */
bool sb_redact_value_inert(const char *v, size_t len);

/* Whether a value after a key whose last word is "secret" reads as the
 * name of a Kubernetes object ("db-secret", "tls-certs") rather than a
 * secret: such names are kept. */
bool sb_redact_looks_like_name(const char *v, size_t len);

/* Whether 'v' would be masked by the entropy rule in an assignment
 * position: long, mixed, high Shannon entropy, and none of the shapes
 * that must survive (hex digests, UUIDs, GPU UUIDs, paths, names). */
bool sb_redact_high_entropy(const char *v, size_t len);

/* Scans 'in' ('len' bytes) and reports spans to 'fn'. 'base64' false
 * leaves base64 runs unreported (the callback's own recursion). Skips
 * redaction tokens already in the text. Returns 0 or fn's code. */
int sb_redact_scan(const char *in, size_t len, bool base64, sb_scan_fn *fn,
                   void *ctx);

/* The vendor rule names the table holds, for counting: 'i' from 0 until
 * NULL. */
const char *sb_redact_vendor_name(size_t i);

/* The length of a token "<redacted:rule:0123456789>" at 'p', or 0. */
size_t sb_redact_token_len(const char *p, size_t len);

#endif
