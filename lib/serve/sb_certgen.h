#ifndef SB_CERTGEN_H
#define SB_CERTGEN_H
/*
 * Throwaway certificates for a local API server: a CA made for this run,
 * a server certificate for 127.0.0.1, ::1 and localhost (and any
 * names the caller adds) signed by it, and a
 * client certificate (CN "sbundle-test", O "system:masters") for tests
 * that authenticate with a certificate instead of a token. Keys are ECDSA
 * P-256, certificates valid from an hour ago for 30 days. Nothing is
 * written to disk here: the caller decides where the PEM text goes.
 */
#include <stddef.h>

#include "sb_err.h"

struct sb_certs {
    char *ca_cert;       /* PEM; each field owned, freed by release */
    char *server_cert;
    char *server_key;
    char *client_cert;
    char *client_key;
};
#define SB_CERTS_INIT { NULL, NULL, NULL, NULL, NULL }

/* Fills 'out' (which must be SB_CERTS_INIT or released). Returns 0, or a
 * negative code with 'err' giving OpenSSL's reason; 'out' is then left
 * released. */
int sb_certgen_make(struct sb_certs *out, struct sb_err *err);

/* The same, with the server certificate also naming each of 'names'
 * (IPv4 or IPv6 addresses as IP SANs, anything else as DNS SANs; NULL
 * with 0 is fine). A name that is neither an address nor a DNS name
 * (letters, digits, '-', '.', a leading "*.") fails with SB_E_USAGE
 * naming it. */
int sb_certgen_make_for(struct sb_certs *out, const char *const *names,
                        size_t nnames, struct sb_err *err);

/* Frees every field; back to SB_CERTS_INIT. */
void sb_certs_release(struct sb_certs *c);

#endif
