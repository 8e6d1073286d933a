#include "sb_host_dcgm.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"

/* The state of one parse: the caller's callback and the row budget. */
struct parse {
    const char *file;
    sb_dcgm_row_fn fn;
    void *ctx;
    int rows;
};

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* 'v' when it is an array, else NULL (a loop over it does nothing). */
static const cJSON *array(const cJSON *v)
{
    return cJSON_IsArray(v) ? v : NULL;
}

static int int_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e9)
        return -1;
    return (int)v->valuedouble;
}

/* A message being joined from parts; once cut, it takes no more. */
struct msg {
    struct sb_buf b;
    bool cut;
    int rc;         /* the first append that failed, reported at the row */
};

static void msg_reset(struct msg *m)
{
    sb_buf_reset(&m->b);
    m->cut = false;
    m->rc = 0;
}

static const char *msg_str(const struct msg *m)
{
    return m->b.len ? m->b.data : NULL;
}

/* The joined message into *out, or the append that failed as the error:
 * a row with half its message would tell less than dcgmi did. */
static int msg_take(const struct parse *P, const struct msg *m,
                    const char **out, struct sb_err *err)
{
    if (m->rc)
        return sb_err_set(err, m->rc, "cannot join a DCGM message in '%s': "
                          "%s", P->file, sb_err_str(m->rc));
    *out = msg_str(m);
    return 0;
}

/* Adds 's' after 'sep'; a message that would pass the cap is cut and ends
 * in "..." (one message is evidence, not a log). */
static void add_part(struct msg *m, const char *sep, const char *s)
{
    size_t n, room;

    if (!s || !*s || m->cut || m->rc)
        return;
    if (m->b.len && (m->rc = sb_buf_adds(&m->b, sep)))
        return;
    room = m->b.len < SB_DCGM_MAX_MESSAGE ? SB_DCGM_MAX_MESSAGE - m->b.len : 0;
    n = strlen(s);
    if (n <= room) {
        m->rc = sb_buf_add(&m->b, s, n);
        return;
    }
    if ((m->rc = sb_buf_add(&m->b, s, room > 3 ? room - 3 : 0)) ||
        (m->rc = sb_buf_adds(&m->b, "...")))
        return;
    m->cut = true;
}

static int emit(struct parse *P, const struct sb_dcgm_row *row,
                struct sb_err *err)
{
    if (++P->rows > SB_DCGM_MAX_ROWS)
        return sb_err_set(err, SB_E_TOOBIG, "too many DCGM results in '%s' "
                          "(more than %d)", P->file, SB_DCGM_MAX_ROWS);
    return P->fn(P->ctx, row, err);
}

/* "0" -> 0; a key that is not a small number -> -1. */
static int entity_id(const char *key)
{
    char *end;
    long v;

    if (!key || !isdigit((unsigned char)key[0]))
        return -1;
    v = strtol(key, &end, 10);
    if (*end || v < 0 || v > 1000000)
        return -1;
    return (int)v;
}

static cJSON *parse_json(const char *json, size_t len, const char *file,
                         const char *what, struct sb_err *err)
{
    cJSON *root;

    if (len > SB_DCGM_MAX_JSON) {
        sb_err_set(err, SB_E_TOOBIG, "%s output '%s' is too large (%zu bytes,"
                   " the limit is %u)", what, file, len, SB_DCGM_MAX_JSON);
        return NULL;
    }
    while (len && isspace((unsigned char)*json)) {
        json++;
        len--;
    }
    if (len && *json != '{') {
        /* dcgmi prints its own errors as text even with -j: its first
         * line, at most 200 bytes, searched within 'len' (a member's
         * bytes need not end in a NUL: strcspn read past them) */
        size_t n = 0;

        while (n < len && n < 200 && json[n] != '\r' && json[n] != '\n')
            n++;
        sb_err_set(err, SB_E_FORMAT, "'%s' holds no %s JSON: %.*s", file,
                   what, (int)n, json);
        return NULL;
    }
    root = cJSON_ParseWithLength(json, len);
    if (!root)
        sb_err_set(err, SB_E_FORMAT, "bad JSON in %s output '%s'", what,
                   file);
    return root;
}

/* One node of dcgmi's output tree: its "value" and "overflow" parts. */
static const char *node_value(const cJSON *n)
{
    return cJSON_IsObject(n) ? str_of(n, "value") : NULL;
}

static void node_message(const cJSON *n, struct msg *m)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(n, "overflow"), *part;

    msg_reset(m);
    if (cJSON_IsString(o)) {
        add_part(m, " ", o->valuestring);
        return;
    }
    /* dcgmi cuts a long message into parts at word ends: join them back */
    cJSON_ArrayForEach(part, array(o))
        if (cJSON_IsString(part))
            add_part(m, " ", part->valuestring);
}

static const cJSON *children(const cJSON *n)
{
    const cJSON *c = cJSON_IsObject(n) ?
        cJSON_GetObjectItemCaseSensitive(n, "children") : NULL;

    return cJSON_IsObject(c) ? c : NULL;
}

/* One entity ("GPU" "0"): a row per system that is not Healthy; an
 * entity that is not Healthy but names no system gets one row. */
static int health_entity(struct parse *P, const char *group,
                         const cJSON *ent, struct msg *msg,
                         struct sb_err *err)
{
    const cJSON *errs = children(cJSON_GetObjectItemCaseSensitive(
                            children(ent), "Errors"));
    const cJSON *sys;
    const char *v = node_value(ent);
    struct sb_dcgm_row r = { "health", group, entity_id(ent->string), NULL,
                             NULL, NULL, -1 };
    int rc = 0, n = 0;

    cJSON_ArrayForEach(sys, errs) {
        const char *sv = node_value(sys);

        if (!sv || !strcmp(sv, "Healthy") || !sys->string)
            continue;
        node_message(sys, msg);
        r.test = sys->string;
        r.status = sv;
        rc = msg_take(P, msg, &r.message, err);
        if (!rc)
            rc = emit(P, &r, err);
        if (rc)
            return rc;
        n++;
    }
    if (!n && v && strcmp(v, "Healthy")) {
        r.test = "Overall Health";
        r.status = v;
        rc = emit(P, &r, err);
    }
    return rc;
}

int sb_dcgm_parse_health(const char *json, size_t len, const char *file,
                         sb_dcgm_row_fn fn, void *ctx, struct sb_err *err)
{
    struct parse P = { file, fn, ctx, 0 };
    struct msg msg = { SB_BUF_INIT(SB_DCGM_MAX_MESSAGE + 8), false, 0 };
    struct sb_dcgm_row r = { "health", NULL, -1, "Overall Health", NULL,
                             NULL, -1 };
    cJSON *root = parse_json(json, len, file, "dcgmi health", err);
    const cJSON *body, *group, *ent;
    int rc = 0;

    if (!root)
        return err->code;
    body = cJSON_GetObjectItemCaseSensitive(root, "body");
    r.status = node_value(cJSON_GetObjectItemCaseSensitive(body,
                                                           "Overall Health"));
    if (!cJSON_IsObject(body) || !r.status) {
        rc = sb_err_set(err, SB_E_FORMAT, "'%s' is not dcgmi health output:"
                        " no body with an \"Overall Health\" value", file);
        goto cleanup;
    }
    rc = emit(&P, &r, err);
    cJSON_ArrayForEach(group, (rc ? NULL : body)) {
        if (!group->string || !strcmp(group->string, "Overall Health"))
            continue;
        cJSON_ArrayForEach(ent, children(group)) {
            rc = health_entity(&P, group->string, ent, &msg, err);
            if (rc)
                goto cleanup;
        }
    }
cleanup:
    sb_buf_release(&msg.b);
    cJSON_Delete(root);
    return rc;
}

/* The warnings of one diag result, joined; the first error_id. */
static void diag_message(const cJSON *res, struct msg *msg, int *error_id)
{
    const cJSON *w, *ws = cJSON_GetObjectItemCaseSensitive(res, "warnings");

    msg_reset(msg);
    *error_id = -1;
    cJSON_ArrayForEach(w, array(ws)) {
        add_part(msg, "; ", str_of(w, "warning"));
        if (*error_id < 0)
            *error_id = int_of(w, "error_id");
    }
}

static int diag_test(struct parse *P, const cJSON *test, struct msg *msg,
                     struct sb_err *err)
{
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(test, "results");
    const cJSON *res;
    struct sb_dcgm_row r = { "diag", NULL, -1, str_of(test, "name"), NULL,
                             NULL, -1 };
    int rc, n = 0;

    if (!r.test)
        return 0;
    cJSON_ArrayForEach(res, array(results)) {
        r.status = str_of(res, "status");
        if (!r.status)
            continue;
        r.entity_group = str_of(res, "entity_group");
        r.entity_id = r.entity_group ? int_of(res, "entity_id") : -1;
        diag_message(res, msg, &r.error_id);
        rc = msg_take(P, msg, &r.message, err);
        if (!rc)
            rc = emit(P, &r, err);
        if (rc)
            return rc;
        n++;
    }
    if (n)
        return 0;
    /* a test with only a summary (it failed before any entity ran) */
    res = cJSON_GetObjectItemCaseSensitive(test, "test_summary");
    r.status = str_of(res, "status");
    if (!r.status)
        return 0;
    r.entity_group = NULL;
    r.entity_id = -1;
    diag_message(res, msg, &r.error_id);
    rc = msg_take(P, msg, &r.message, err);
    return rc ? rc : emit(P, &r, err);
}

int sb_dcgm_parse_diag(const char *json, size_t len, const char *file,
                       sb_dcgm_row_fn fn, void *ctx, struct sb_err *err)
{
    struct parse P = { file, fn, ctx, 0 };
    struct msg msg = { SB_BUF_INIT(SB_DCGM_MAX_MESSAGE + 8), false, 0 };
    cJSON *root = parse_json(json, len, file, "dcgmi diag", err);
    const cJSON *diag, *cats, *cat, *test;
    const char *rt;
    int rc = 0;

    if (!root)
        return err->code;
    diag = cJSON_GetObjectItemCaseSensitive(root, "DCGM Diagnostic");
    if (!cJSON_IsObject(diag)) {
        rc = sb_err_set(err, SB_E_FORMAT, "'%s' is not dcgmi diag output: no"
                        " \"DCGM Diagnostic\" object", file);
        goto cleanup;
    }
    rt = str_of(diag, "runtime_error");
    if (rt && *rt) {
        struct sb_dcgm_row r = { "diag", NULL, -1, "runtime", "Error", NULL,
                                 -1 };

        msg_reset(&msg);
        add_part(&msg, "; ", rt);
        rc = msg_take(&P, &msg, &r.message, err);
        if (!rc)
            rc = emit(&P, &r, err);
    }
    cats = cJSON_GetObjectItemCaseSensitive(diag, "test_categories");
    cJSON_ArrayForEach(cat, (rc ? NULL : array(cats))) {
        const cJSON *tests = cJSON_GetObjectItemCaseSensitive(cat, "tests");

        cJSON_ArrayForEach(test, array(tests)) {
            rc = diag_test(&P, test, &msg, err);
            if (rc)
                goto cleanup;
        }
    }
cleanup:
    sb_buf_release(&msg.b);
    cJSON_Delete(root);
    return rc;
}
