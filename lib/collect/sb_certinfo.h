#ifndef SB_CERTINFO_H
#define SB_CERTINFO_H
/*
 * Public metadata of a TLS certificate, so a bundle can say when the
 * certificate in a kubernetes.io/tls Secret expires without carrying the
 * Secret: collect records this and drops every Secret value.
 */
#include <stddef.h>

#include <cjson/cJSON.h>

/* Parses the first certificate of 'pem' ('len' bytes, PEM text) and
 * returns a new object {notBefore, notAfter (UTC RFC 3339), subject,
 * issuer, dnsNames[]} the caller deletes, or NULL when 'pem' holds no
 * readable certificate (or memory ran out). */
cJSON *sb_certinfo_from_pem(const char *pem, size_t len);

/* The same from the base64 text of a Secret's data value. */
cJSON *sb_certinfo_from_base64(const char *b64);

#endif
