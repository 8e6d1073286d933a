/*
 * Describe text against kubectl: every tests/data/describe/<case>.json
 * holds an object, the related objects kubectl would fetch, and 'now'
 * (when kubectl ran); <case>.golden.txt is what kubectl 1.32 printed for
 * those objects served by a read-only API server. The output must match
 * byte for byte. SB_DESCRIBE_DUMP=<dir> writes the actual outputs there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_describe.h"
#include "sb_describe_int.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    char chunk[8192];
    size_t n;

    if (!f)
        return NULL;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        assert_int_equal(sb_buf_add(&b, chunk, n), 0);
    fclose(f);
    return sb_buf_detach(&b, len);
}

static const char *data_dir(char *buf, size_t len)
{
    const char *src = getenv("SB_SRC");

    snprintf(buf, len, "%s/tests/data/describe", src ? src : ".");
    return buf;
}

static void related_of(const cJSON *c, struct sb_describe_related *rel)
{
    memset(rel, 0, sizeof(*rel));
    rel->events = cJSON_GetObjectItem(c, "events");
    rel->pods = cJSON_GetObjectItem(c, "pods");
    rel->replicasets = cJSON_GetObjectItem(c, "replicasets");
    rel->endpointslices = cJSON_GetObjectItem(c, "endpointslices");
    rel->services = cJSON_GetObjectItem(c, "services");
    rel->lease = cJSON_GetObjectItem(c, "lease");
    if (cJSON_IsNull(rel->lease))
        rel->lease = NULL;
}

/* Prints the first differing line, numbered; false when they differ. */
static bool same_text(const char *name, const char *want,
                             const char *got)
{
    int line = 1;

    while (*want || *got) {
        const char *we = strchr(want, '\n'), *ge = strchr(got, '\n');
        size_t wl = we ? (size_t)(we - want) : strlen(want);
        size_t gl = ge ? (size_t)(ge - got) : strlen(got);

        if (wl != gl || memcmp(want, got, wl) || !we != !ge) {
            print_error("%s line %d differs\n  kubectl: [%.*s]\n  ours:    "
                        "[%.*s]\n", name, line, (int)wl, want, (int)gl, got);
            return false;
        }
        want += wl + (we ? 1 : 0);
        got += gl + (ge ? 1 : 0);
        line++;
    }
    return true;
}

static int run_case(const char *dir, const char *name)
{
    char path[1024];
    char *json, *golden;
    cJSON *c;
    struct sb_describe_related rel;
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    size_t len;
    const char *dump = getenv("SB_DESCRIBE_DUMP");
    bool same;

    snprintf(path, sizeof(path), "%s/%s.json", dir, name);
    json = slurp(path, &len);
    assert_non_null(json);
    snprintf(path, sizeof(path), "%s/%s.golden.txt", dir, name);
    golden = slurp(path, &len);
    assert_non_null(golden);
    c = cJSON_Parse(json);
    assert_non_null(c);
    related_of(c, &rel);
    assert_int_equal(sb_describe_with(
        cJSON_GetObjectItem(c, "resource")->valuestring,
        cJSON_GetObjectItem(c, "object"), &rel,
        (int64_t)cJSON_GetObjectItem(c, "now")->valuedouble, &out, &err), 0);
    if (dump) {
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s.txt", dump, name);
        f = fopen(path, "w");
        if (f) {
            fputs(sb_buf_str(&out), f);
            fclose(f);
        }
    }
    same = same_text(name, golden, sb_buf_str(&out));
    sb_buf_release(&out);
    cJSON_Delete(c);
    sb_free(json);
    sb_free(golden);
    return same ? 0 : 1;
}

static void test_describe_matches_kubectl_for_every_golden_case(void **state)
{
    char dir[1024], name[512];
    DIR *d = opendir(data_dir(dir, sizeof(dir)));
    struct dirent *e;
    int n = 0, failed = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);

        if (l < 6 || strcmp(e->d_name + l - 5, ".json") ||
            l - 5 >= sizeof(name))
            continue;
        memcpy(name, e->d_name, l - 5);
        name[l - 5] = '\0';
        failed += run_case(dir, name);
        n++;
    }
    closedir(d);
    assert_true(n >= 10);
    assert_int_equal(failed, 0);
}


static cJSON *load_case(const char *name)
{
    char dir[1024], path[1200];
    char *json;
    size_t len;
    cJSON *c;

    snprintf(path, sizeof(path), "%s/%s.json", data_dir(dir, sizeof(dir)),
             name);
    json = slurp(path, &len);
    assert_non_null(json);
    c = cJSON_Parse(json);
    sb_free(json);
    assert_non_null(c);
    return c;
}

static int describe_case(const cJSON *c, struct sb_buf *out)
{
    struct sb_describe_related rel;
    struct sb_err err = SB_ERR_INIT;

    related_of(c, &rel);
    return sb_describe_with(cJSON_GetObjectItem(c, "resource")->valuestring,
                            cJSON_GetObjectItem(c, "object"), &rel,
                            (int64_t)cJSON_GetObjectItem(c, "now")->valuedouble,
                            out, &err);
}

/* Every node of the case (object and related objects) replaced in turn by
 * values of each wrong type, and removed: describe must still answer 0
 * (ASan and UBSan watch for the rest). */
static const char *const mutant_json[] = {
    "42", "-7", "1e300", "\"x\"", "\"\"", "null", "true", "[]", "{}",
    "[1,\"a\",null,{}]", "{\"name\":5,\"x\":[]}",
};

static int mutate_walk(cJSON *root, cJSON *node, int depth)
{
    cJSON *c, *next;
    int runs = 0;
    size_t k;

    if (depth > 12)
        return 0;
    for (c = node->child; c; c = next) {
        next = c->next;
        for (k = 0; k < sizeof(mutant_json) / sizeof(mutant_json[0]); k++) {
            cJSON *m = cJSON_Parse(mutant_json[k]);
            cJSON *orig = c;
            struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);

            assert_non_null(m);
            if (c->string) {
                m->string = c->string;
                m->type |= cJSON_StringIsConst;
            }
            /* swap in place, keeping the sibling links */
            m->prev = c->prev;
            m->next = c->next;
            if (node->child == c)
                node->child = m;
            else
                c->prev->next = m;
            if (c->next)
                c->next->prev = m;
            else
                node->child->prev = m;
            if (cJSON_GetObjectItem(root, "resource") &&
                cJSON_IsString(cJSON_GetObjectItem(root, "resource")) &&
                cJSON_IsNumber(cJSON_GetObjectItem(root, "now"))) {
                int rc = describe_case(root, &out);

                /* refused only for a non-object or an unknown resource */
                if (rc)
                    assert_true(!cJSON_IsObject(
                                    cJSON_GetObjectItem(root, "object")) ||
                                !sb_describe_supports(cJSON_GetObjectItem(
                                    root, "resource")->valuestring));
                assert_true(rc == 0 || rc == SB_E_USAGE);
            }
            runs++;
            sb_buf_release(&out);
            /* put the original back */
            if (node->child == m)
                node->child = orig;
            else
                m->prev->next = orig;
            if (m->next)
                m->next->prev = orig;
            else
                node->child->prev = orig;
            m->string = NULL;
            m->next = m->prev = NULL;
            cJSON_Delete(m);
        }
        runs += mutate_walk(root, c, depth + 1);
    }
    return runs;
}

static void test_describe_survives_wrong_types_and_missing_fields(void **state)
{
    static const char *const cases[] = {
        "pod-gpu-trainer", "pod-terminating", "node-gpu", "deployment-rolling",
        "replicaset", "statefulset", "daemonset", "job-indexed", "service-lb",
        "ingress", "pvc-bound",
    };
    size_t i;
    int runs = 0;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cJSON *c = load_case(cases[i]);
        cJSON *obj = cJSON_GetObjectItem(c, "object");

        runs += mutate_walk(c, c, 0);
        /* and each kind on an empty object */
        cJSON_ReplaceItemInObject(c, "object", cJSON_CreateObject());
        (void)obj;
        {
            struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);

            assert_int_equal(describe_case(c, &out), 0);
            assert_true(out.len > 0);
            sb_buf_release(&out);
        }
        cJSON_Delete(c);
    }
    assert_true(runs > 1000);
}

static void test_every_allocation_failure_is_clean(void **state)
{
    static const char *const cases[] = { "pod-gpu-trainer", "node-gpu",
                                         "deployment-rolling", "ingress",
                                         "pvc-bound", "statefulset" };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cJSON *c = load_case(cases[i]);
        long n, made;
        int rc;

        for (n = 0;; n++) {
            struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);

            assert_int_equal(sb_buf_adds(&out, "kept"), 0);
            sb_alloc_fail_after(n);
            rc = describe_case(c, &out);
            made = sb_alloc_fail_after(-1);
            assert_true(rc == 0 || rc == SB_E_NOMEM);
            if (rc)
                assert_string_equal(sb_buf_str(&out), "kept");
            sb_buf_release(&out);
            if (!rc && made <= n)
                break;
        }
        assert_true(n > 5);
        cJSON_Delete(c);
    }
}

/* Adds "key": null to 'o' for each of 'keys' it lacks. */
static void add_nulls(cJSON *o, const char *const *keys, size_t n)
{
    size_t i;

    for (i = 0; cJSON_IsObject(o) && i < n; i++)
        if (!cJSON_GetObjectItem(o, keys[i]))
            cJSON_AddNullToObject(o, keys[i]);
}

static void test_json_null_reads_as_an_absent_field(void **state)
{
    static const char *const states[] = { "waiting", "running",
                                          "terminated" };
    static const char *const meta[] = { "deletionTimestamp", "labels",
                                        "annotations", "ownerReferences" };
    static const char *const cases[] = { "pod-crashloop", "pod-gpu-trainer" };
    struct sb_buf a = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    size_t k;

    (void)state;
    for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        cJSON *c = load_case(cases[k]);
        cJSON *obj = cJSON_GetObjectItem(c, "object"), *cs;

        assert_int_equal(describe_case(c, &a), 0);
        /* the same pod as a client that writes every field would send it */
        add_nulls(cJSON_GetObjectItem(obj, "metadata"), meta, 4);
        cJSON_ArrayForEach(cs, cJSON_GetObjectItem(cJSON_GetObjectItem(
                               obj, "status"), "containerStatuses")) {
            add_nulls(cJSON_GetObjectItem(cs, "state"), states, 3);
            if (!cJSON_GetObjectItem(cs, "lastState"))
                cJSON_AddObjectToObject(cs, "lastState");
            add_nulls(cJSON_GetObjectItem(cs, "lastState"), states, 3);
        }
        assert_int_equal(describe_case(c, &b), 0);
        assert_string_equal(sb_buf_str(&b), sb_buf_str(&a));
        sb_buf_reset(&a);
        sb_buf_reset(&b);
        cJSON_Delete(c);
    }
    sb_buf_release(&a);
    sb_buf_release(&b);
}

static void test_describe_refuses_unknown_resources_and_non_objects(void **state)
{
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    cJSON *arr = cJSON_CreateArray(), *obj = cJSON_CreateObject();

    assert_int_equal(sb_describe("secrets", obj, NULL, NULL, 0, &out, &err),
                     SB_E_USAGE);
    assert_non_null(strstr(err.msg, "'secrets'"));
    assert_int_equal(sb_describe(NULL, obj, NULL, NULL, 0, &out, &err),
                     SB_E_USAGE);
    assert_int_equal(sb_describe("pods", arr, NULL, NULL, 0, &out, &err),
                     SB_E_USAGE);
    assert_int_equal(sb_describe("pods", NULL, NULL, NULL, 0, &out, &err),
                     SB_E_USAGE);
    assert_int_equal(out.len, 0);
    cJSON_Delete(arr);
    cJSON_Delete(obj);
}

static void test_describe_output_too_big_fails_and_keeps_content(void **state)
{
    cJSON *c = load_case("pod-gpu-trainer");
    struct sb_buf out = SB_BUF_INIT(100);

    assert_int_equal(sb_buf_adds(&out, "head"), 0);
    assert_int_equal(describe_case(c, &out), SB_E_TOOBIG);
    assert_string_equal(sb_buf_str(&out), "head");
    sb_buf_release(&out);
    cJSON_Delete(c);
}

static void test_supports_names_the_ten_kinds(void **state)
{
    static const char *const yes[] = {
        "pods", "nodes", "deployments.apps", "replicasets.apps",
        "statefulsets.apps", "daemonsets.apps", "jobs.batch", "services",
        "persistentvolumeclaims", "ingresses.networking.k8s.io",
        "deployments", "jobs", "ingresses",
    };
    size_t i;

    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        assert_true(sb_describe_supports(yes[i]));
    assert_false(sb_describe_supports("secrets"));
    assert_false(sb_describe_supports("cronjobs.batch"));
    assert_false(sb_describe_supports("pods.metrics.k8s.io"));
    assert_false(sb_describe_supports(""));
    assert_false(sb_describe_supports(NULL));
}

static const char *qstr(const char *text, char buf[64])
{
    cJSON *v = cJSON_CreateString(text);
    struct sb_qty q;

    sb_qty_parse_json(v, &q);
    sb_qty_str(&q, buf);
    cJSON_Delete(v);
    return buf;
}

/* expected texts are what apimachinery's Quantity.String() prints */
static void test_quantities_print_in_canonical_form(void **state)
{
    static const char *const pairs[][2] = {
        { "1000m", "1" }, { "1500m", "1500m" }, { "0.5", "500m" },
        { "1000", "1k" }, { "100", "100" }, { "1.5Gi", "1536Mi" },
        { "2048Ki", "2Mi" }, { "1024", "1024" }, { "1e3", "1e3" },
        { "1E", "1E" }, { "0", "0" }, { "0Gi", "0" }, { "100Mi", "100Mi" },
        { "512000Mi", "500Gi" }, { "1056763456Ki", "1056763456Ki" },
        { "1812574520144", "1812574520144" }, { "12e6", "12e6" },
        { "-1500m", "-1500m" }, { ".5Gi", "512Mi" }, { "1n", "1n" },
        { "0.1m", "100u" }, { "1Ki", "1Ki" }, { "1023Ki", "1023Ki" },
        { "12x", "12x" }, { "", "" }, { "1.2.3", "1.2.3" },
    };
    char buf[64];
    size_t i;

    for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
        assert_string_equal(qstr(pairs[i][0], buf), pairs[i][1]);
}

static void test_quantity_sums_keep_the_first_format(void **state)
{
    cJSON *a = cJSON_CreateString("100Mi"), *b = cJSON_CreateString("1G");
    cJSON *n = cJSON_CreateNumber(2);
    struct sb_qty qa, qb, qn, z = SB_QTY_ZERO;
    char buf[64];

    assert_true(sb_qty_parse_json(a, &qa));
    assert_true(sb_qty_parse_json(b, &qb));
    assert_true(sb_qty_parse_json(n, &qn));
    sb_qty_add(&qa, &qb);
    assert_string_equal(sb_qty_str(&qa, buf), "1104857600");
    sb_qty_add(&z, &qb);
    assert_string_equal(sb_qty_str(&z, buf), "1G");
    assert_string_equal(sb_qty_str(&qn, buf), "2");
    assert_int_equal(sb_qty_milli(&qn), 2000);
    assert_int_equal(sb_qty_value(&qb), 1000000000);
    cJSON_Delete(a);
    cJSON_Delete(b);
    cJSON_Delete(n);
}

/* Go's tabwriter: a column block ends at a line without that cell, a
 * flush starts new blocks, and the last cell of a line is never padded. */
static void test_writer_aligns_column_blocks_like_go_tabwriter(void **state)
{
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct dw w;

    sb_dw_init(&w, &out, 0);
    sb_dw_write(&w, 0, "a:\tone\nlonger:\ttwo\tx\nb:\tthree\tyy\n");
    sb_dw_write(&w, 0, "no tabs here\nc:\t4\n");
    sb_dw_flush(&w);
    sb_dw_write(&w, 1, "k\tv\x1b\r\n");
    sb_dw_write(&w, 0, "tail\twithout newline");
    sb_dw_flush(&w);
    sb_dw_release(&w);
    assert_int_equal(w.rc, 0);
    assert_string_equal(sb_buf_str(&out),
                        "a:       one\n"
                        "longer:  two    x\n"
                        "b:       three  yy\n"
                        "no tabs here\n"
                        "c:  4\n"
                        "  k   v^[\\r\n"
                        "tail  without newline");
    sb_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe_matches_kubectl_for_every_golden_case),
        cmocka_unit_test(test_describe_survives_wrong_types_and_missing_fields),
        cmocka_unit_test(test_every_allocation_failure_is_clean),
        cmocka_unit_test(test_json_null_reads_as_an_absent_field),
        cmocka_unit_test(test_describe_refuses_unknown_resources_and_non_objects),
        cmocka_unit_test(test_describe_output_too_big_fails_and_keeps_content),
        cmocka_unit_test(test_supports_names_the_ten_kinds),
        cmocka_unit_test(test_quantities_print_in_canonical_form),
        cmocka_unit_test(test_quantity_sums_keep_the_first_format),
        cmocka_unit_test(test_writer_aligns_column_blocks_like_go_tabwriter),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
