#include "sb_obfuscate.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_bundle.h"
#include "sb_bwriter.h"
#include "sb_kjson.h"

#define MEMBER_MAX ((size_t)512 << 20)
#define MAX_IDS 65536       /* 198.18.0.0/15 holds 131072; names far fewer */

struct ident {
    char *orig;
    char *pseudo;
    size_t olen;
};

struct obf {
    struct ident *names;    /* learned names, matched with boundaries */
    size_t nnames, names_alloc;
    struct ident *ips;      /* addresses, in order of first sight */
    size_t nips, ips_alloc;
    unsigned long nhost, ndomain, ncluster, nv4, nv6;
};

static void ids_free(struct ident *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].orig);
        free(v[i].pseudo);
    }
    sb_free(v);     /* grown by SB_ARRAY_GROW */
}

static struct ident *find(struct ident *v, size_t n, const char *s,
                          size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].olen == len && !memcmp(v[i].orig, s, len))
            return &v[i];
    return NULL;
}

/* Adds 'orig' (len bytes) with 'pseudo'; returns the entry (an existing
 * one when 'orig' is known) or NULL when out of memory or room. */
static struct ident *add(struct ident **v, size_t *n, size_t *alloc,
                         const char *orig, size_t len, const char *pseudo)
{
    struct ident *e = find(*v, *n, orig, len);

    if (e)
        return e;
    if (SB_ARRAY_GROW(*v, *n + 1, *alloc, MAX_IDS))
        return NULL;
    e = &(*v)[*n];
    e->orig = strndup(orig, len);
    e->pseudo = strdup(pseudo);
    e->olen = len;
    if (!e->orig || !e->pseudo) {
        free(e->orig);
        free(e->pseudo);
        return NULL;
    }
    (*n)++;
    return e;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* A host name worth hiding: not loopback, not a generic word. */
static bool hideable(const char *s)
{
    static const char *const keep[] = {"localhost", "kubernetes", "default",
                                       "cluster", "local", "kind", NULL};

    if (strlen(s) < 2 || strspn(s, "0123456789.:") == strlen(s))
        return false;       /* too short, or an address (found anyway) */
    for (size_t i = 0; keep[i]; i++)
        if (!strcmp(s, keep[i]))
            return false;
    return true;
}

static int learn_host(struct obf *o, const char *name)
{
    char p[64];
    const char *dot;
    struct ident *h;

    if (!name || !hideable(name))
        return 0;
    dot = strchr(name, '.');
    if (!dot || dot == name) {
        if (find(o->names, o->nnames, name, strlen(name)))
            return 0;
        snprintf(p, sizeof(p), "obf-host-%lu", ++o->nhost);
        return add(&o->names, &o->nnames, &o->names_alloc, name,
                   strlen(name), p) ? 0 : SB_E_NOMEM;
    }
    /* an FQDN: its first label as a host, the whole as host.domain */
    if (find(o->names, o->nnames, name, strlen(name)))
        return 0;
    h = find(o->names, o->nnames, name, (size_t)(dot - name));
    if (!h) {
        snprintf(p, sizeof(p), "obf-host-%lu", ++o->nhost);
        h = add(&o->names, &o->nnames, &o->names_alloc, name,
                (size_t)(dot - name), p);
        if (!h)
            return SB_E_NOMEM;
    }
    {
        char full[128];

        snprintf(full, sizeof(full), "%s.obf-domain-%lu.example", h->pseudo,
                 ++o->ndomain);
        return add(&o->names, &o->nnames, &o->names_alloc, name,
                   strlen(name), full) ? 0 : SB_E_NOMEM;
    }
}

/* Node names, their kubernetes.io/hostname labels and their name-typed
 * addresses, from a NodeList member. */
static int learn_nodes(struct obf *o, const struct sb_buf *b)
{
    cJSON *doc = cJSON_ParseWithLength(b->data ? b->data : "", b->len);
    const cJSON *it, *a;
    int rc = 0;

    cJSON_ArrayForEach(it, cJSON_GetObjectItem(doc, "items")) {
        const cJSON *md = cJSON_GetObjectItem(it, "metadata");

        rc = learn_host(o, sb_kjson_str(md, "name"));
        if (!rc)
            rc = learn_host(o, sb_kjson_str(cJSON_GetObjectItem(md, "labels"),
                                    "kubernetes.io/hostname"));
        cJSON_ArrayForEach(a, cJSON_GetObjectItem(
                                  cJSON_GetObjectItem(it, "status"),
                                  "addresses")) {
            const char *t = sb_kjson_str(a, "type");

            if (!rc && t && (!strcmp(t, "Hostname") ||
                             !strcmp(t, "InternalDNS") ||
                             !strcmp(t, "ExternalDNS")))
                rc = learn_host(o, sb_kjson_str(a, "address"));
        }
        if (rc)
            break;
    }
    cJSON_Delete(doc);
    return rc;
}

static int learn_cluster(struct obf *o, const struct sb_buf *b)
{
    cJSON *doc = cJSON_ParseWithLength(b->data ? b->data : "", b->len);
    const char *c = sb_kjson_str(doc, "cluster");
    char p[64];
    int rc = 0;

    if (c && hideable(c) && !find(o->names, o->nnames, c, strlen(c))) {
        snprintf(p, sizeof(p), "obf-cluster-%lu", ++o->ncluster);
        if (!add(&o->names, &o->nnames, &o->names_alloc, c, strlen(c), p))
            rc = SB_E_NOMEM;
    }
    cJSON_Delete(doc);
    return rc;
}

/* The length of a dotted quad at s (n bytes left) standing alone, or 0;
 * loopback and 0.0.0.0 are 0 too. */
static size_t ipv4_at(const char *s, size_t n)
{
    size_t i = 0, parts = 0;
    unsigned first = 0;

    while (parts < 4) {
        unsigned v = 0;
        size_t d = 0;

        while (i < n && s[i] >= '0' && s[i] <= '9' && d < 4) {
            v = v * 10 + (unsigned)(s[i] - '0');
            i++, d++;
        }
        if (!d || d > 3 || v > 255)
            return 0;
        if (!parts)
            first = v;
        if (++parts < 4) {
            if (i >= n || s[i] != '.')
                return 0;
            i++;
        }
    }
    /* not the head of a longer dotted number or word */
    if (i < n && (name_char(s[i]) ||
                  (s[i] == '.' && i + 1 < n && s[i + 1] >= '0' &&
                   s[i + 1] <= '9')))
        return 0;
    if (first == 127 || (first == 0 && !strncmp(s, "0.0.0.0", 7)))
        return 0;
    return i;
}

static bool hexc(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

/* The length of an IPv6 address at s standing alone, or 0 (:: and ::1
 * are kept). */
static size_t ipv6_at(const char *s, size_t n)
{
    char tmp[64];
    unsigned char a[16];
    size_t i = 0, colons = 0;

    while (i < n && i < 45 && (hexc(s[i]) || s[i] == ':'))
        colons += s[i++] == ':';
    if (colons < 2 || i >= sizeof(tmp))
        return 0;
    if (i < n && (name_char(s[i]) || s[i] == '.'))
        return 0;
    memcpy(tmp, s, i);
    tmp[i] = '\0';
    if (inet_pton(AF_INET6, tmp, a) != 1 || !strcmp(tmp, "::") ||
        !strcmp(tmp, "::1"))
        return 0;
    return i;
}

static const char *ip_pseudo(struct obf *o, const char *s, size_t len,
                             bool v6)
{
    struct ident *e = find(o->ips, o->nips, s, len);
    char p[64];

    if (e)
        return e->pseudo;
    if (v6) {
        unsigned long k = ++o->nv6;

        snprintf(p, sizeof(p), "2001:db8::%lx:%lx", (k >> 16) & 0xffff,
                 k & 0xffff);
    } else {
        unsigned long k = ++o->nv4;

        if (k >= 131072)
            return NULL;
        snprintf(p, sizeof(p), "198.%lu.%lu.%lu", 18 + (k >> 16),
                 (k >> 8) & 255, k & 255);
    }
    e = add(&o->ips, &o->nips, &o->ips_alloc, s, len, p);
    return e ? e->pseudo : NULL;
}

/* 'in' with every identity replaced, appended to 'out'. */
static int obfuscate_text(struct obf *o, const char *in, size_t len,
                          struct sb_buf *out)
{
    size_t i = 0, from = 0;
    int rc = 0;

    while (i < len && !rc) {
        char prev = i ? in[i - 1] : ' ';
        const struct ident *best = NULL;
        const char *rep = NULL;
        size_t mlen = 0;

        if (name_char(prev) || prev == '.') {
            i++;
            continue;
        }
        for (size_t k = 0; k < o->nnames; k++) {
            const struct ident *e = &o->names[k];

            if (e->olen > mlen && e->olen <= len - i &&
                in[i] == e->orig[0] && !memcmp(in + i, e->orig, e->olen) &&
                (i + e->olen == len || !name_char(in[i + e->olen])))
                best = e, mlen = e->olen;
        }
        if (best) {
            rep = best->pseudo;
        } else if (in[i] >= '0' && in[i] <= '9' &&
                   (mlen = ipv4_at(in + i, len - i))) {
            rep = ip_pseudo(o, in + i, mlen, false);
        } else if ((hexc(in[i]) || in[i] == ':') && prev != ':' &&
                   (mlen = ipv6_at(in + i, len - i))) {
            rep = ip_pseudo(o, in + i, mlen, true);
        }
        if (!mlen) {
            i++;
            continue;
        }
        if (!rep)
            return SB_E_NOMEM;
        rc = sb_buf_add(out, in + from, i - from);
        if (!rc)
            rc = sb_buf_adds(out, rep);
        i += mlen;
        from = i;
    }
    if (!rc)
        rc = sb_buf_add(out, in + from, len - from);
    return rc;
}

/* First pass: the names to hide, from the Node list and the manifest. */
static int learn(struct obf *o, const char *path, struct sb_err *err)
{
    struct sb_buf body = SB_BUF_INIT(MEMBER_MAX);
    struct sb_bundle *bn = NULL;
    struct sb_member m;
    int rc;

    rc = sb_bundle_open(path, NULL, &bn, err);
    if (rc)
        return rc;
    while ((rc = sb_bundle_next(bn, &m, err)) == 1) {
        bool nodes = !strcmp(m.path, "resources/_cluster/nodes.json");
        bool man = !strcmp(m.path, "manifest.json");

        if (!nodes && !man)
            continue;
        sb_buf_reset(&body);
        rc = sb_bundle_read_all(bn, &body, err);
        if (!rc)
            rc = nodes ? learn_nodes(o, &body) : learn_cluster(o, &body);
        if (rc) {
            rc = sb_err_set(err, rc, "cannot read '%s' of '%s'", m.path,
                            path);
            break;
        }
    }
    sb_bundle_free(bn);
    sb_buf_release(&body);
    return rc < 0 ? rc : 0;
}

static int record(cJSON *map, const struct ident *v, size_t n)
{
    cJSON *ps = cJSON_GetObjectItem(map, "pseudonyms");

    if (!ps && !(ps = cJSON_AddObjectToObject(map, "pseudonyms")))
        return SB_E_NOMEM;
    for (size_t i = 0; i < n; i++) {
        cJSON_DeleteItemFromObjectCaseSensitive(ps, v[i].pseudo);
        if (!cJSON_AddStringToObject(ps, v[i].pseudo, v[i].orig))
            return SB_E_NOMEM;
    }
    return 0;
}

int sb_obfuscate_bundle(const char *path, cJSON *map, struct sb_err *err)
{
    struct sb_buf body = SB_BUF_INIT(MEMBER_MAX);
    struct sb_buf obf = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf name = SB_BUF_INIT(8192);
    struct sb_bundle *bn = NULL;
    struct sb_bwriter *w = NULL;
    struct obf o;
    cJSON *manifest = NULL;
    struct sb_member m;
    const char *top;
    char tmp[4200];
    int rc;

    memset(&o, 0, sizeof(o));
    rc = learn(&o, path, err);
    if (rc)
        goto cleanup;
    rc = sb_bundle_open(path, NULL, &bn, err);
    if (rc)
        goto cleanup;
    /* the top folder is named after the cluster: plain substitution, as
     * it sits between dashes */
    top = sb_bundle_top(bn);
    rc = obfuscate_text(&o, top, strlen(top), &name);
    for (size_t k = 0; !rc && k < o.nnames; k++) {
        const char *at = strstr(sb_buf_str(&name), o.names[k].orig);

        if (at) {
            struct sb_buf t = SB_BUF_INIT(8192);
            size_t off = (size_t)(at - sb_buf_str(&name));

            rc = sb_buf_add(&t, name.data, off);
            if (!rc)
                rc = sb_buf_adds(&t, o.names[k].pseudo);
            if (!rc)
                rc = sb_buf_adds(&t, at + o.names[k].olen);
            sb_buf_release(&name);
            name = t;
        }
    }
    if (rc)
        goto nomem;
    /* the writer never replaces a file: a new one beside, renamed over */
    if (snprintf(tmp, sizeof(tmp), "%s.obfuscating", path) >=
        (int)sizeof(tmp)) {
        rc = sb_err_set(err, SB_E_USAGE, "path too long '%s'", path);
        goto cleanup;
    }
    rc = sb_bwriter_open(tmp, name.len ? sb_buf_str(&name) : "obfuscated",
                         &w, err);
    if (rc)
        goto cleanup;
    while ((rc = sb_bundle_next(bn, &m, err)) == 1) {
        sb_buf_reset(&body);
        sb_buf_reset(&obf);
        sb_buf_reset(&name);
        rc = sb_bundle_read_all(bn, &body, err);
        if (rc) {
            rc = sb_err_set(err, rc, "cannot read '%s' of '%s'", m.path,
                            path);
            break;
        }
        rc = obfuscate_text(&o, body.data ? body.data : "", body.len, &obf);
        if (!rc)
            rc = obfuscate_text(&o, m.path, strlen(m.path), &name);
        if (rc)
            goto nomem;
        if (!strcmp(m.path, "manifest.json")) {
            /* files[] is made again by the writer */
            cJSON_Delete(manifest);
            manifest = cJSON_ParseWithLength(sb_buf_str(&obf), obf.len);
            if (manifest && cJSON_IsObject(manifest))
                continue;
            cJSON_Delete(manifest);
            manifest = NULL;
        }
        rc = sb_bwriter_add(w, sb_buf_str(&name), sb_buf_str(&obf), obf.len,
                            err);
        if (rc)
            break;
    }
    if (rc < 0)
        goto cleanup;
    if (!manifest && !(manifest = cJSON_CreateObject()))
        goto nomem;
    cJSON_DeleteItemFromObject(manifest, "obfuscated");
    cJSON_AddBoolToObject(manifest, "obfuscated", 1);
    if (map && ((rc = record(map, o.names, o.nnames)) ||
                (rc = record(map, o.ips, o.nips))))
        goto nomem;
    rc = sb_bwriter_finish(w, manifest, err);
    manifest = NULL;        /* taken over */
    w = NULL;
    if (!rc && rename(tmp, path)) {
        rc = sb_err_set(err, SB_E_IO, "cannot rename '%s' to '%s': %s", tmp,
                        path, strerror(errno));
        unlink(tmp);
    }
    goto cleanup;
nomem:
    rc = sb_err_set(err, rc ? rc : SB_E_NOMEM, "cannot obfuscate '%s'",
                    path);
cleanup:
    sb_bwriter_abort(w);
    cJSON_Delete(manifest);
    sb_bundle_free(bn);
    sb_buf_release(&body);
    sb_buf_release(&obf);
    sb_buf_release(&name);
    ids_free(o.names, o.nnames);
    ids_free(o.ips, o.nips);
    return rc;
}
