#include "sb_redact_map.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "sb_alloc.h"
#include "sb_buf.h"

#define MAGIC "SBRMAP1\n"
#define HDR 40                  /* magic, params, salt, iv */
#define TAG 16
#define LOG2N 15                /* scrypt N = 32768: ~0.1 s, 32 MiB */
#define SCRYPT_R 8
#define SCRYPT_P 1
#define MAP_MAX ((size_t)1 << 30)

static int derive(const char *pass, size_t plen, const unsigned char *hdr,
                  unsigned char key[32])
{
    uint64_t n = (uint64_t)1 << hdr[8];

    /* parameters come from the file: bound them, so a crafted map cannot
     * ask for unbounded memory or time */
    if (hdr[8] < 10 || hdr[8] > 20 || !hdr[9] || hdr[9] > 16 || !hdr[10] ||
        hdr[10] > 4)
        return SB_E_FORMAT;
    return EVP_PBE_scrypt(pass, plen, hdr + 12, 16, n, hdr[9], hdr[10],
                          (uint64_t)1 << 30, key, 32) == 1
               ? 0 : SB_E_INTERNAL;
}

int sb_redact_map_write(const char *path, const cJSON *map, const char *pass,
                        size_t plen, struct sb_err *err)
{
    unsigned char hdr[HDR], key[32], tag[TAG];
    struct sb_buf out = SB_BUF_INIT(MAP_MAX + HDR + TAG);
    EVP_CIPHER_CTX *ctx = NULL;
    char *plain = NULL, tmp[4200];
    size_t plain_len;
    int rc, n = 0, fd = -1;
    FILE *f = NULL;

    if (!plen)
        return sb_err_set(err, SB_E_USAGE, "empty passphrase for the "
                          "redaction map '%s'", path);
    plain = cJSON_PrintUnformatted(map);
    if (!plain)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    plain_len = strlen(plain);
    memcpy(hdr, MAGIC, 8);
    hdr[8] = LOG2N;
    hdr[9] = SCRYPT_R;
    hdr[10] = SCRYPT_P;
    hdr[11] = 0;
    if (RAND_bytes(hdr + 12, 28) != 1) {
        rc = sb_err_set(err, SB_E_INTERNAL, "cannot draw random bytes");
        goto cleanup;
    }
    if (derive(pass, plen, hdr, key)) {
        rc = sb_err_set(err, SB_E_INTERNAL, "cannot derive a key for '%s'",
                        path);
        goto cleanup;
    }
    rc = sb_buf_add(&out, hdr, HDR);
    if (!rc)
        rc = sb_buf_grow(&out, plain_len + TAG + 16);
    if (rc) {
        rc = sb_err_set(err, rc, "redaction map too big for '%s'", path);
        goto cleanup;
    }
    ctx = EVP_CIPHER_CTX_new();
    if (!ctx || EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key,
                                   hdr + 28) != 1 ||
        EVP_EncryptUpdate(ctx, NULL, &n, hdr, HDR) != 1 ||
        EVP_EncryptUpdate(ctx, (unsigned char *)out.data + out.len, &n,
                          (const unsigned char *)plain, (int)plain_len) != 1) {
        rc = sb_err_set(err, SB_E_INTERNAL, "cannot encrypt '%s'", path);
        goto cleanup;
    }
    out.len += (size_t)n;
    if (EVP_EncryptFinal_ex(ctx, (unsigned char *)out.data + out.len,
                            &n) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG, tag) != 1) {
        rc = sb_err_set(err, SB_E_INTERNAL, "cannot encrypt '%s'", path);
        goto cleanup;
    }
    out.len += (size_t)n;
    rc = sb_buf_add(&out, tag, TAG);
    if (rc) {
        rc = sb_err_set(err, rc, "out of memory");
        goto cleanup;
    }
    /* written beside, then renamed: a failed run leaves no half map */
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || !(f = fdopen(fd, "wb"))) {
        rc = sb_err_set(err, SB_E_IO, "cannot write '%s': %s", tmp,
                        strerror(errno));
        goto cleanup;
    }
    fd = -1;
    if (fwrite(out.data, 1, out.len, f) != out.len || fclose(f)) {
        f = NULL;
        rc = sb_err_set(err, SB_E_IO, "cannot write '%s': %s", tmp,
                        strerror(errno));
        unlink(tmp);
        goto cleanup;
    }
    f = NULL;
    if (rename(tmp, path)) {
        rc = sb_err_set(err, SB_E_IO, "cannot write '%s': %s", path,
                        strerror(errno));
        unlink(tmp);
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (f)
        fclose(f);
    if (fd >= 0)
        close(fd);
    EVP_CIPHER_CTX_free(ctx);
    OPENSSL_cleanse(key, sizeof(key));
    if (plain) {
        OPENSSL_cleanse(plain, strlen(plain));
        cJSON_free(plain);
    }
    if (out.data)
        OPENSSL_cleanse(out.data, out.len);
    sb_buf_release(&out);
    return rc;
}

static int read_all(const char *path, struct sb_buf *b, struct sb_err *err)
{
    char chunk[65536];
    FILE *f = fopen(path, "rb");
    size_t n;
    int rc = 0;

    if (!f)
        return sb_err_set(err, errno == ENOENT ? SB_E_NOTFOUND : SB_E_IO,
                          "cannot read '%s': %s", path, strerror(errno));
    while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = sb_buf_add(b, chunk, n);
    if (!rc && ferror(f))
        rc = sb_err_set(err, SB_E_IO, "cannot read '%s': %s", path,
                        strerror(errno));
    else if (rc)
        rc = sb_err_set(err, rc, "'%s' is larger than a redaction map can "
                        "be", path);
    fclose(f);
    return rc;
}

int sb_redact_map_read(const char *path, const char *pass, size_t plen,
                       cJSON **out, struct sb_err *err)
{
    struct sb_buf in = SB_BUF_INIT(MAP_MAX + HDR + TAG);
    struct sb_buf plain = SB_BUF_INIT(MAP_MAX + 16);
    const unsigned char *p;
    unsigned char key[32];
    EVP_CIPHER_CTX *ctx = NULL;
    size_t clen;
    int rc, n = 0;

    *out = NULL;
    rc = read_all(path, &in, err);
    if (rc)
        goto cleanup;
    p = (const unsigned char *)in.data;
    if (in.len < HDR + TAG || memcmp(p, MAGIC, 8)) {
        rc = sb_err_set(err, SB_E_FORMAT, "'%s' is not a redaction map",
                        path);
        goto cleanup;
    }
    if ((rc = derive(pass, plen, p, key))) {
        rc = sb_err_set(err, SB_E_FORMAT, "'%s': bad key parameters in its "
                        "header", path);
        goto cleanup;
    }
    clen = in.len - HDR - TAG;
    rc = sb_buf_grow(&plain, clen + 16);
    if (rc) {
        rc = sb_err_set(err, rc, "out of memory");
        goto cleanup;
    }
    ctx = EVP_CIPHER_CTX_new();
    if (!ctx || EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key,
                                   p + 28) != 1 ||
        EVP_DecryptUpdate(ctx, NULL, &n, p, HDR) != 1 ||
        EVP_DecryptUpdate(ctx, (unsigned char *)plain.data, &n, p + HDR,
                          (int)clen) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG,
                            (void *)(p + in.len - TAG)) != 1) {
        rc = sb_err_set(err, SB_E_INTERNAL, "cannot decrypt '%s'", path);
        goto cleanup;
    }
    plain.len = (size_t)n;
    if (EVP_DecryptFinal_ex(ctx, (unsigned char *)plain.data + plain.len,
                            &n) != 1) {
        rc = sb_err_set(err, SB_E_DENIED, "cannot open the redaction map "
                        "'%s': wrong passphrase or a damaged file", path);
        goto cleanup;
    }
    plain.len += (size_t)n;
    *out = cJSON_ParseWithLength(plain.data, plain.len);
    if (!*out || !cJSON_IsObject(cJSON_GetObjectItem(*out, "tokens"))) {
        cJSON_Delete(*out);
        *out = NULL;
        rc = sb_err_set(err, SB_E_FORMAT, "'%s': the decrypted map is not "
                        "a token map", path);
        goto cleanup;
    }
    rc = 0;
cleanup:
    EVP_CIPHER_CTX_free(ctx);
    OPENSSL_cleanse(key, sizeof(key));
    if (plain.data)
        OPENSSL_cleanse(plain.data, plain.cap);
    sb_buf_release(&plain);
    sb_buf_release(&in);
    return rc;
}

const char *sb_redact_map_lookup(const cJSON *map, const char *token)
{
    const char *colon = strrchr(token, ':');
    char hex[11];
    const cJSON *v;

    /* a --obfuscate pseudonym ("obf-host-3", "198.18.0.7") as it is */
    v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItem(map,
                                                             "pseudonyms"),
                                         token);
    if (cJSON_IsString(v))
        return v->valuestring;
    /* "<redacted:rule:0123456789>" or the hex alone */
    if (colon && !strncmp(token, "<redacted:", 10))
        token = colon + 1;
    if (strlen(token) < 10)
        return NULL;
    memcpy(hex, token, 10);
    hex[10] = '\0';
    if (strspn(hex, "0123456789abcdef") != 10 ||
        (token[10] && strcmp(token + 10, ">")))
        return NULL;
    v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItem(map, "tokens"),
                                         hex);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}
