#include "sb_kjson.h"

#include <math.h>
#include <string.h>

const cJSON *sb_kjson_get(const cJSON *o, const char *key)
{
    const cJSON *v;

    if (!cJSON_IsObject(o) || !key)
        return NULL;
    v = cJSON_GetObjectItemCaseSensitive(o, key);
    /* null is absent, as Go's decoder reads it ("terminated": null) */
    return cJSON_IsNull(v) ? NULL : v;
}

/* Member 'n' bytes of 'name' long: the first one, as cJSON's own lookup. */
static const cJSON *member(const cJSON *o, const char *name, size_t n)
{
    const cJSON *c;

    if (!cJSON_IsObject(o))
        return NULL;
    for (c = o->child; c; c = c->next)
        if (c->string && strlen(c->string) == n && !memcmp(c->string, name, n))
            return c;
    return NULL;
}

const cJSON *sb_kjson_pget(const cJSON *o, const char *path)
{
    const char *p = path;

    if (!path)
        return NULL;
    while (o && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);

        o = member(o, p, n);
        if (cJSON_IsNull(o))
            return NULL;
        p = dot ? dot + 1 : p + n;
    }
    return cJSON_IsNull(o) ? NULL : o;
}

static const char *as_str(const cJSON *v)
{
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

const char *sb_kjson_str(const cJSON *o, const char *key)
{
    return as_str(sb_kjson_get(o, key));
}

const char *sb_kjson_pstr(const cJSON *o, const char *path)
{
    return as_str(sb_kjson_pget(o, path));
}

const cJSON *sb_kjson_obj(const cJSON *o, const char *key)
{
    const cJSON *v = sb_kjson_get(o, key);

    return cJSON_IsObject(v) ? v : NULL;
}

const cJSON *sb_kjson_pobj(const cJSON *o, const char *path)
{
    const cJSON *v = sb_kjson_pget(o, path);

    return cJSON_IsObject(v) ? v : NULL;
}

const cJSON *sb_kjson_arr(const cJSON *o, const char *key)
{
    const cJSON *v = sb_kjson_get(o, key);

    return cJSON_IsArray(v) ? v : NULL;
}

int sb_kjson_len(const cJSON *a)
{
    return cJSON_IsArray(a) ? cJSON_GetArraySize(a) : 0;
}

bool sb_kjson_num(const cJSON *v, int64_t *out)
{
    double d;

    if (!cJSON_IsNumber(v))
        return false;
    d = v->valuedouble;
    /* 2^63 is the first double past INT64_MAX; casting it is undefined */
    if (isnan(d))
        *out = 0;
    else if (d >= 9223372036854775808.0)
        *out = INT64_MAX;
    else if (d <= -9223372036854775808.0)
        *out = INT64_MIN;
    else
        *out = (int64_t)d;
    return true;
}

int64_t sb_kjson_int(const cJSON *o, const char *key, int64_t def)
{
    int64_t v;

    return sb_kjson_num(sb_kjson_get(o, key), &v) ? v : def;
}

int64_t sb_kjson_pint(const cJSON *o, const char *path, int64_t def)
{
    int64_t v;

    return sb_kjson_num(sb_kjson_pget(o, path), &v) ? v : def;
}

bool sb_kjson_true(const cJSON *o, const char *key)
{
    return cJSON_IsTrue(sb_kjson_get(o, key));
}

bool sb_kjson_ptrue(const cJSON *o, const char *path)
{
    return cJSON_IsTrue(sb_kjson_pget(o, path));
}
