/*
 * YAML members (custom resources in troubleshoot bundles) as cJSON, so they
 * go through the same object loaders as JSON. Anchors and aliases are not
 * followed: an alias reads as null, which also defuses "billion laughs".
 */
#include "sb_load_ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#define YAML_DEPTH_MAX 128
#define YAML_NODES_MAX 2000000

struct yctx {
    yaml_parser_t p;
    const char *file;
    long nodes;
    struct sb_err *err;
};

static cJSON *scalar(const yaml_event_t *ev)
{
    const char *v = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    char *end;
    double d;

    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return cJSON_CreateString(v);
    if (n == 0 || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null")
        || !strcmp(v, "NULL"))
        return cJSON_CreateNull();
    if (!strcmp(v, "true") || !strcmp(v, "True") || !strcmp(v, "TRUE"))
        return cJSON_CreateTrue();
    if (!strcmp(v, "false") || !strcmp(v, "False") || !strcmp(v, "FALSE"))
        return cJSON_CreateFalse();
    if ((v[0] >= '0' && v[0] <= '9') || ((v[0] == '-' || v[0] == '+') &&
                                         v[1] >= '0' && v[1] <= '9')) {
        d = strtod(v, &end);
        if (*end == '\0' && strncmp(v, "0x", 2) != 0)
            return cJSON_CreateNumber(d);
    }
    return cJSON_CreateString(v);
}

static int fail(struct yctx *y, const char *what)
{
    if (y->p.error != YAML_NO_ERROR)
        return sb_err_set(y->err, SB_E_FORMAT, "bad YAML in '%s' line %zu: %s",
                          y->file, y->p.problem_mark.line + 1,
                          y->p.problem ? y->p.problem : "syntax error");
    return sb_err_set(y->err, SB_E_FORMAT, "bad YAML in '%s': %s", y->file,
                      what);
}

static int node(struct yctx *y, yaml_event_t *ev, int depth, cJSON **out);

/* Reads the children of the collection 'ev' opened. */
static int collection(struct yctx *y, bool is_map, int depth, cJSON **out)
{
    cJSON *c = is_map ? cJSON_CreateObject() : cJSON_CreateArray();
    cJSON *key = NULL, *val = NULL;
    yaml_event_t ev;
    int rc;

    if (!c)
        return sb_err_set(y->err, SB_E_NOMEM, "out of memory in '%s'",
                          y->file);
    for (;;) {
        if (!yaml_parser_parse(&y->p, &ev)) {
            rc = fail(y, "unreadable");
            goto error;
        }
        if (ev.type == YAML_MAPPING_END_EVENT ||
            ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        rc = node(y, &ev, depth + 1, &val);
        yaml_event_delete(&ev);
        if (rc)
            goto error;
        if (!is_map) {
            cJSON_AddItemToArray(c, val);
        } else if (!key) {
            key = val;
        } else {
            const char *k = cJSON_IsString(key) ? key->valuestring : NULL;
            char num[64];
            if (!k && cJSON_IsNumber(key)) {
                snprintf(num, sizeof(num), "%.15g", key->valuedouble);
                k = num;
            }
            if (k)
                cJSON_AddItemToObject(c, k, val);
            else
                cJSON_Delete(val);
            cJSON_Delete(key);
            key = NULL;
        }
        val = NULL;
    }
    cJSON_Delete(key);
    *out = c;
    return 0;
error:
    cJSON_Delete(key);
    cJSON_Delete(c);
    return rc;
}

static int node(struct yctx *y, yaml_event_t *ev, int depth, cJSON **out)
{
    *out = NULL;
    if (depth > YAML_DEPTH_MAX)
        return sb_err_set(y->err, SB_E_FORMAT, "YAML in '%s' nests deeper "
                          "than %d levels", y->file, YAML_DEPTH_MAX);
    if (++y->nodes > YAML_NODES_MAX)
        return sb_err_set(y->err, SB_E_TOOBIG, "YAML in '%s' has more than "
                          "%d nodes", y->file, YAML_NODES_MAX);
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        *out = scalar(ev);
        break;
    case YAML_ALIAS_EVENT:
        *out = cJSON_CreateNull();
        break;
    case YAML_SEQUENCE_START_EVENT:
        return collection(y, false, depth, out);
    case YAML_MAPPING_START_EVENT:
        return collection(y, true, depth, out);
    default:
        return fail(y, "unexpected event");
    }
    if (!*out)
        return sb_err_set(y->err, SB_E_NOMEM, "out of memory in '%s'",
                          y->file);
    return 0;
}

cJSON *sb_load_yaml_parse(const char *file, const char *data, size_t len,
                          struct sb_err *err)
{
    struct yctx y;
    yaml_event_t ev;
    cJSON *docs = cJSON_CreateArray(), *root;
    bool done = false;
    int rc = 0;

    memset(&y, 0, sizeof(y));
    y.file = file;
    y.err = err;
    if (!docs || !yaml_parser_initialize(&y.p)) {
        cJSON_Delete(docs);
        sb_err_set(err, SB_E_NOMEM, "out of memory reading '%s'", file);
        return NULL;
    }
    yaml_parser_set_input_string(&y.p, (const unsigned char *)data, len);
    while (!done && rc == 0) {
        if (!yaml_parser_parse(&y.p, &ev)) {
            rc = fail(&y, "unreadable");
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
            break;
        default:
            rc = node(&y, &ev, 0, &root);
            if (rc == 0)
                cJSON_AddItemToArray(docs, root);
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&y.p);
    if (rc) {
        cJSON_Delete(docs);
        return NULL;
    }
    return docs;
}
