#ifndef SB_REDACT_MAP_H
#define SB_REDACT_MAP_H
/*
 * The kept redaction map: token -> original value, for the customer's
 * side only, so that "what is <redacted:kv-secret:1a2b3c4d5e>?" can be
 * answered without sending anything. The file is encrypted with a
 * passphrase:
 *
 *   "SBRMAP1\n"   8 bytes, the magic
 *   log2(N) r p 0 4 bytes, the scrypt parameters
 *   salt          16 random bytes
 *   iv            12 random bytes
 *   ciphertext    AES-256-GCM of the JSON {"version":1,"tokens":
 *                 {"<10 hex>": "<original>", ...}} (plus, after
 *                 collect --obfuscate, "pseudonyms": {"obf-host-1":
 *                 "<original>", ...}), with the 40 bytes
 *                 above as additional data
 *   tag           16 bytes
 *
 * The key is scrypt(passphrase, salt, N=2^15, r=8, p=1), 32 bytes. A
 * wrong passphrase or a changed byte fails the tag: nothing is revealed.
 * The file is written with mode 0600 and never inside a bundle.
 */
#include <stddef.h>

#include <cjson/cJSON.h>

#include "sb_err.h"

/* Encrypts 'map' (the redactor's sb_redact_map_json) under 'pass'
 * ('plen' bytes, at least 1) into 'path', replacing it. Returns 0 or
 * SB_E_*, 'err' naming the file. */
int sb_redact_map_write(const char *path, const cJSON *map, const char *pass,
                        size_t plen, struct sb_err *err);

/* Reads and decrypts 'path'. On success *out is the map (caller
 * deletes); on a wrong passphrase or a damaged file SB_E_DENIED or
 * SB_E_FORMAT with 'err' saying which, and *out NULL. */
int sb_redact_map_read(const char *path, const char *pass, size_t plen,
                       cJSON **out, struct sb_err *err);

/* The original of 'token' ("<redacted:rule:0123456789>" or the 10 hex
 * digits) in 'map', lent from it, or NULL when the map has none. */
const char *sb_redact_map_lookup(const cJSON *map, const char *token);

#endif
