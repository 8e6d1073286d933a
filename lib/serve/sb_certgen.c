/*
 * Throwaway CA, server and client certificates with OpenSSL's libcrypto.
 */
#include "sb_certgen.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "sb_alloc.h"
#include "sb_buf.h"

static int ossl_fail(struct sb_err *err, const char *what)
{
    char reason[256] = "unknown error";
    unsigned long e = ERR_get_error();

    if (e)
        ERR_error_string_n(e, reason, sizeof(reason));
    ERR_clear_error();
    return sb_err_set(err, SB_E_INTERNAL, "cannot %s: %s", what, reason);
}

/* Copies the content of a memory BIO into a NUL-terminated string. */
static char *bio_text(BIO *bio)
{
    char *data = NULL;
    long n = BIO_get_mem_data(bio, &data);

    if (n < 0 || !data)
        return NULL;
    return sb_strndup(data, (size_t)n);
}

static char *key_pem(EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *s = NULL;

    if (bio && PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL))
        s = bio_text(bio);
    BIO_free(bio);
    return s;
}

static char *cert_pem(X509 *crt)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *s = NULL;

    if (bio && PEM_write_bio_X509(bio, crt))
        s = bio_text(bio);
    BIO_free(bio);
    return s;
}

static int add_ext(X509 *crt, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509_EXTENSION *ext;
    int ok;

    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, crt, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext)
        return 0;
    ok = X509_add_ext(crt, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

static int set_serial(X509 *crt)
{
    unsigned char raw[16];
    BIGNUM *bn;
    int ok;

    if (RAND_bytes(raw, sizeof(raw)) != 1)
        return 0;
    raw[0] &= 0x7f;     /* a positive serial */
    bn = BN_bin2bn(raw, sizeof(raw), NULL);
    if (!bn)
        return 0;
    ok = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(crt)) != NULL;
    BN_free(bn);
    return ok;
}

/*
 * Makes a certificate for 'key' named 'cn' (and organisation 'org' when
 * not NULL), signed by 'issuer_key' with 'issuer' as issuer (NULL: self
 * signed). 'exts' pairs NIDs with values, ended by a 0 NID.
 */
struct ext_def {
    int nid;
    const char *value;
};

static X509 *make_cert(EVP_PKEY *key, const char *cn, const char *org,
                       X509 *issuer, EVP_PKEY *issuer_key,
                       const struct ext_def *exts)
{
    X509 *crt = X509_new();
    X509_NAME *name;
    size_t i;

    if (!crt)
        return NULL;
    name = X509_get_subject_name(crt);
    if (!X509_set_version(crt, 2) || !set_serial(crt) ||
        !X509_gmtime_adj(X509_getm_notBefore(crt), -3600) ||
        !X509_gmtime_adj(X509_getm_notAfter(crt), 30L * 86400) ||
        !X509_set_pubkey(crt, key))
        goto fail;
    if (org && !X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                           (const unsigned char *)org,
                                           -1, -1, 0))
        goto fail;
    if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                    (const unsigned char *)cn, -1, -1, 0))
        goto fail;
    if (!X509_set_issuer_name(crt, issuer ? X509_get_subject_name(issuer)
                                          : name))
        goto fail;
    for (i = 0; exts[i].nid; i++)
        if (!add_ext(crt, issuer ? issuer : crt, exts[i].nid, exts[i].value))
            goto fail;
    if (!X509_sign(crt, issuer_key, EVP_sha256()))
        goto fail;
    return crt;
fail:
    X509_free(crt);
    return NULL;
}

static const struct ext_def ca_exts[] = {
    { NID_basic_constraints, "critical,CA:TRUE" },
    { NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature" },
    { NID_subject_key_identifier, "hash" },
    { 0, NULL },
};
#define BASE_SANS "IP:127.0.0.1,IP:0:0:0:0:0:0:0:1,DNS:localhost," \
                  "DNS:kubernetes,DNS:kubernetes.default.svc"
static const struct ext_def client_exts[] = {
    { NID_basic_constraints, "critical,CA:FALSE" },
    { NID_key_usage, "critical,digitalSignature,keyEncipherment" },
    { NID_ext_key_usage, "clientAuth" },
    { NID_authority_key_identifier, "keyid" },
    { 0, NULL },
};

/* True when 'name' can go into a SAN as it is: an IP address, or a DNS
 * name of letters, digits, '-', '.' and a leading "*." (no ',' or ':' that
 * would change the extension's text). */
static bool san_ok(const char *name, bool *is_ip)
{
    unsigned char bin[16];
    size_t i, n = strlen(name);

    *is_ip = inet_pton(AF_INET, name, bin) == 1 ||
             inet_pton(AF_INET6, name, bin) == 1;
    if (*is_ip)
        return true;
    if (!n || n > 253)
        return false;
    for (i = 0; i < n; i++) {
        char c = name[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              (c == '*' && i == 0 && name[1] == '.')))
            return false;
    }
    return true;
}

int sb_certgen_make(struct sb_certs *out, struct sb_err *err)
{
    return sb_certgen_make_for(out, NULL, 0, err);
}

int sb_certgen_make_for(struct sb_certs *out, const char *const *names,
                        size_t nnames, struct sb_err *err)
{
    struct sb_buf sans = SB_BUF_INIT(64 * 1024);
    struct ext_def server_exts[] = {
        { NID_basic_constraints, "critical,CA:FALSE" },
        { NID_key_usage, "critical,digitalSignature,keyEncipherment" },
        { NID_ext_key_usage, "serverAuth" },
        { NID_subject_alt_name, NULL },
        { NID_authority_key_identifier, "keyid" },
        { 0, NULL },
    };
    size_t i;
    EVP_PKEY *ca_key = NULL, *srv_key = NULL, *cli_key = NULL;
    X509 *ca = NULL, *srv = NULL, *cli = NULL;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    if (sb_buf_adds(&sans, BASE_SANS)) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    for (i = 0; i < nnames; i++) {
        bool is_ip;

        if (!san_ok(names[i], &is_ip)) {
            rc = sb_err_set(err, SB_E_USAGE, "cannot put '%s' in the "
                            "certificate: not an IP address or a DNS name",
                            names[i]);
            goto cleanup;
        }
        if (sb_buf_addf(&sans, ",%s:%s", is_ip ? "IP" : "DNS", names[i])) {
            rc = sb_err_set(err, SB_E_TOOBIG, "too many names for the "
                            "certificate");
            goto cleanup;
        }
    }
    server_exts[3].value = sb_buf_str(&sans);
    ca_key = EVP_EC_gen("P-256");
    srv_key = EVP_EC_gen("P-256");
    cli_key = EVP_EC_gen("P-256");
    if (!ca_key || !srv_key || !cli_key) {
        rc = ossl_fail(err, "generate a key");
        goto cleanup;
    }
    ca = make_cert(ca_key, "sbundle-serve-ca", NULL, NULL, ca_key, ca_exts);
    if (ca)
        srv = make_cert(srv_key, "kube-apiserver", NULL, ca, ca_key,
                        server_exts);
    if (srv)
        cli = make_cert(cli_key, "sbundle-test", "system:masters", ca,
                        ca_key, client_exts);
    if (!cli) {
        rc = ossl_fail(err, "make a certificate");
        goto cleanup;
    }
    out->ca_cert = cert_pem(ca);
    out->server_cert = cert_pem(srv);
    out->server_key = key_pem(srv_key);
    out->client_cert = cert_pem(cli);
    out->client_key = key_pem(cli_key);
    if (!out->ca_cert || !out->server_cert || !out->server_key ||
        !out->client_cert || !out->client_key) {
        sb_certs_release(out);
        rc = sb_err_set(err, SB_E_NOMEM, "cannot write certificates: "
                        "out of memory");
    }
cleanup:
    sb_buf_release(&sans);
    X509_free(ca);
    X509_free(srv);
    X509_free(cli);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(srv_key);
    EVP_PKEY_free(cli_key);
    return rc;
}

void sb_certs_release(struct sb_certs *c)
{
    sb_free(c->ca_cert);
    sb_free(c->server_cert);
    sb_free(c->server_key);
    sb_free(c->client_cert);
    sb_free(c->client_key);
    memset(c, 0, sizeof(*c));
}
