/*
 * Reading kubectl's protobuf-encoded reviews.
 */
#include "sb_kproto.h"

#include <stdint.h>
#include <string.h>

static const char MAGIC[4] = { 'k', '8', 's', 0 };

/* A length-delimited view of the input. */
struct pb {
    const unsigned char *p;
    const unsigned char *end;
};

static bool varint(struct pb *b, uint64_t *v)
{
    int shift;

    *v = 0;
    for (shift = 0; shift < 70 && b->p < b->end; shift += 7) {
        unsigned char c = *b->p++;

        *v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return true;
    }
    return false;
}

/*
 * The next field: its number, and for a length-delimited one its bytes
 * in *sub (other wire types are skipped: *sub is then empty). False at
 * the end or on malformed input (*bad set).
 */
static bool next(struct pb *b, unsigned *field, struct pb *sub, bool *bad)
{
    uint64_t key, n;

    sub->p = sub->end = NULL;
    if (b->p >= b->end)
        return false;
    if (!varint(b, &key)) {
        *bad = true;
        return false;
    }
    *field = (unsigned)(key >> 3);
    switch (key & 7) {
    case 0:
        if (!varint(b, &n))
            break;
        return true;
    case 1:
        if (b->end - b->p < 8)
            break;
        b->p += 8;
        return true;
    case 5:
        if (b->end - b->p < 4)
            break;
        b->p += 4;
        return true;
    case 2:
        if (!varint(b, &n) || n > (uint64_t)(b->end - b->p))
            break;
        sub->p = b->p;
        sub->end = b->p + n;
        b->p += n;
        return true;
    default:
        break;
    }
    *bad = true;
    return false;
}

/* Adds the strings of message 'm' whose field numbers 'names' lists
 * (names[i] for field i + 1, NULL to skip) to 'obj'. */
static bool strings(struct pb m, const char *const *names, unsigned nnames,
                    cJSON *obj)
{
    struct pb sub;
    unsigned f;
    bool bad = false;

    while (next(&m, &f, &sub, &bad)) {
        char buf[1024];
        size_t n = (size_t)(sub.end - sub.p);

        if (!sub.p || f < 1 || f > nnames || !names[f - 1])
            continue;
        if (n >= sizeof(buf) || memchr(sub.p, 0, n))
            return false;
        memcpy(buf, sub.p, n);
        buf[n] = '\0';
        cJSON_DeleteItemFromObjectCaseSensitive(obj, names[f - 1]);
        if (!cJSON_AddStringToObject(obj, names[f - 1], buf))
            return false;
    }
    return !bad;
}

/* The first length-delimited field 'want' of 'm', into *out. */
static bool field(struct pb m, unsigned want, struct pb *out)
{
    struct pb sub;
    unsigned f;
    bool bad = false;

    while (next(&m, &f, &sub, &bad))
        if (f == want && sub.p) {
            *out = sub;
            return true;
        }
    return false;
}

static const char *const resource_attrs[] = {
    "namespace", "verb", "group", "version", "resource", "subresource",
    "name",
};
static const char *const non_resource_attrs[] = { "path", "verb" };
static const char *const type_meta[] = { "apiVersion", "kind" };
static const char *const rules_spec[] = { "namespace" };

static bool access_spec(struct pb spec, cJSON *js)
{
    struct pb sub;
    cJSON *o;

    if (field(spec, 1, &sub)) {
        o = cJSON_AddObjectToObject(js, "resourceAttributes");
        if (!o || !strings(sub, resource_attrs, 7, o))
            return false;
    }
    if (field(spec, 2, &sub)) {
        o = cJSON_AddObjectToObject(js, "nonResourceAttributes");
        if (!o || !strings(sub, non_resource_attrs, 2, o))
            return false;
    }
    return true;
}

bool sb_kproto_is_proto(const char *data, size_t len)
{
    return data && len >= sizeof(MAGIC) && !memcmp(data, MAGIC,
                                                    sizeof(MAGIC));
}

cJSON *sb_kproto_review(const char *data, size_t len)
{
    struct pb env, tm, raw, spec;
    cJSON *j = NULL, *js;
    const cJSON *kind;
    bool rules;

    if (!sb_kproto_is_proto(data, len))
        return NULL;
    env.p = (const unsigned char *)data + sizeof(MAGIC);
    env.end = (const unsigned char *)data + len;
    /* runtime.Unknown: 1 typeMeta, 2 raw */
    if (!field(env, 1, &tm) || !field(env, 2, &raw))
        return NULL;
    j = cJSON_CreateObject();
    if (!j || !strings(tm, type_meta, 2, j))
        goto fail;
    kind = cJSON_GetObjectItemCaseSensitive(j, "kind");
    if (!cJSON_IsString(kind))
        goto fail;
    rules = !strcmp(kind->valuestring, "SelfSubjectRulesReview");
    if (!rules && strcmp(kind->valuestring, "SelfSubjectAccessReview"))
        goto fail;
    js = cJSON_AddObjectToObject(j, "spec");
    if (!cJSON_AddObjectToObject(j, "metadata") || !js)
        goto fail;
    /* the review: 1 metadata, 2 spec, 3 status */
    if (field(raw, 2, &spec) &&
        !(rules ? strings(spec, rules_spec, 1, js) : access_spec(spec, js)))
        goto fail;
    return j;
fail:
    cJSON_Delete(j);
    return NULL;
}
