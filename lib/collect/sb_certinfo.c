#include "sb_certinfo.h"

#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "sb_alloc.h"
#include "sb_base64.h"
#include "sb_time.h"

static int add_time(cJSON *o, const char *key, const ASN1_TIME *t)
{
    char out[SB_TIME_MAX];
    struct tm tm;

    if (!t || !ASN1_TIME_to_tm(t, &tm))
        return 0;
    sb_time_format((int64_t)timegm(&tm), -1, out);
    return cJSON_AddStringToObject(o, key, out) ? 0 : -1;
}

static int add_name(cJSON *o, const char *key, const X509_NAME *n)
{
    char buf[512];

    if (!n)
        return 0;
    X509_NAME_oneline(n, buf, sizeof(buf));
    return cJSON_AddStringToObject(o, key, buf) ? 0 : -1;
}

static int add_dns_names(cJSON *o, X509 *x)
{
    GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
                                            NULL);
    cJSON *arr = cJSON_AddArrayToObject(o, "dnsNames");
    int i, rc = arr ? 0 : -1;

    for (i = 0; names && !rc && i < sk_GENERAL_NAME_num(names); i++) {
        const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
        const unsigned char *s;
        char *dup;

        if (g->type != GEN_DNS)
            continue;
        s = ASN1_STRING_get0_data(g->d.dNSName);
        dup = sb_strndup((const char *)s,
                         (size_t)ASN1_STRING_length(g->d.dNSName));
        if (!dup || !cJSON_AddItemToArray(arr, cJSON_CreateString(dup)))
            rc = -1;
        sb_free(dup);
    }
    GENERAL_NAMES_free(names);
    return rc;
}

cJSON *sb_certinfo_from_pem(const char *pem, size_t len)
{
    BIO *bio = NULL;
    X509 *x = NULL;
    cJSON *o = NULL;

    if (!pem || !len || len > (1 << 20))
        return NULL;
    bio = BIO_new_mem_buf(pem, (int)len);
    if (bio)
        x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    if (!x)
        goto cleanup;
    o = cJSON_CreateObject();
    if (!o || add_time(o, "notBefore", X509_get0_notBefore(x)) ||
        add_time(o, "notAfter", X509_get0_notAfter(x)) ||
        add_name(o, "subject", X509_get_subject_name(x)) ||
        add_name(o, "issuer", X509_get_issuer_name(x)) ||
        add_dns_names(o, x)) {
        cJSON_Delete(o);
        o = NULL;
    }
cleanup:
    X509_free(x);
    BIO_free(bio);
    return o;
}

cJSON *sb_certinfo_from_base64(const char *b64)
{
    size_t n = b64 ? strlen(b64) : 0;
    unsigned char *pem;
    cJSON *o = NULL;
    size_t len;

    if (!n || n > (4 << 20))
        return NULL;
    pem = sb_malloc(SB_B64_DECODED_MAX(n));
    if (!pem)
        return NULL;
    len = sb_base64_decode(b64, n, pem, SB_B64_SPACE | SB_B64_STRICT);
    if (len > 0 && len != SIZE_MAX)
        o = sb_certinfo_from_pem((const char *)pem, len);
    sb_free(pem);
    return o;
}
