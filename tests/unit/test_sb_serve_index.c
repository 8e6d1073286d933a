/*
 * The serve index's reading of the GPU Operator's must-gather: the
 * prefixed logs ("[pod/P/C] text", kubectl logs --all-containers
 * --prefix) split into each pod's containers' logs, the pod found by its
 * name alone. Hostile input: a log whose runs alternate between
 * thousands of pods (each run once cost a walk over every pod), names
 * that two namespaces share, names no pod has; objects that alternate
 * between thousands of kinds (each once compared with every collection).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_serve_index.h"

static void put_file(const char *dir, const char *rel, const char *text,
                     size_t len)
{
    char path[512];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static void put_str(const char *dir, const char *rel, const char *text)
{
    put_file(dir, rel, text, strlen(text));
}

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_tree(const char *dir)
{
    nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* The text of the file at 'path' in the index, NULL when it has none */
static char *blob_text(const struct sb_serve_index *idx, const char *path)
{
    const struct sb_sblob *b = sb_serve_index_blob(idx, path);
    char *s;

    if (!b)
        return NULL;
    s = malloc(b->len + 1);
    assert_non_null(s);
    memcpy(s, b->data, b->len);
    s[b->len] = '\0';
    return s;
}

static void expect_blob(const struct sb_serve_index *idx, const char *path,
                        const char *want)
{
    char *got = blob_text(idx, path);

    if (!got)
        fail_msg("no file '%s' in the index", path);
    assert_string_equal(got, want);
    free(got);
}

static void expect_no_blob(const struct sb_serve_index *idx,
                           const char *prefix)
{
    size_t first;

    assert_int_equal(sb_serve_index_blobs(idx, prefix, &first), 0);
}

#define POD(ns, name, extra)                                              \
    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""   \
    name "\",\"namespace\":\"" ns "\"" extra "},\"spec\":{\"containers\":" \
    "[{\"name\":\"main\"}]}}"

/* Runs of several pods in one log, each served under its own pod; a run
 * of a name two namespaces share, or that no pod has, is not served
 * (whose it is cannot be told); the operator's own log, whose lines name
 * no pod, goes to the pod labelled app=gpu-operator. */
static void test_prefixed_runs_find_their_pods_by_name(void **state)
{
    char dir[] = "/tmp/sb-serve-index-XXXXXX";
    struct sb_err err = SB_ERR_INIT;
    struct sb_serve_index *idx = NULL;

    (void)state;
    assert_non_null(mkdtemp(dir));
    put_str(dir, "gpu_operand_pods.yaml",
            "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
            POD("gpu-operator", "dev-a", "") ","
            POD("gpu-operator", "dev-b", "") ","
            POD("x", "twice", "") "," POD("y", "twice", "") "]}");
    put_str(dir, "gpu_operator_pod.yaml",
            POD("gpu-operator", "op", ",\"labels\":{\"app\":"
                "\"gpu-operator\"}"));
    put_str(dir, "gpu_operand_pod_dev-a.log",
            "[pod/dev-a/plugin] one\n"
            "[pod/dev-b/toolkit] two\n"
            "more of two\n"
            "[pod/twice/c] three\n"
            "[pod/nobody/c] four\n");
    put_str(dir, "gpu_operator_pod.log", "starting\n");
    assert_int_equal(sb_serve_index_load(dir, &idx, &err), 0);

    expect_blob(idx, "logs/gpu-operator/dev-a/plugin.log",
                "[pod/dev-a/plugin] one\n");
    expect_blob(idx, "logs/gpu-operator/dev-b/toolkit.log",
                "[pod/dev-b/toolkit] two\nmore of two\n");
    expect_blob(idx, "logs/gpu-operator/op/main.log", "starting\n");
    expect_no_blob(idx, "logs/x/");
    expect_no_blob(idx, "logs/y/");
    expect_no_blob(idx, "logs/gpu-operator/nobody/");
    sb_serve_index_free(idx);
    rm_tree(dir);
}

#define NPODS 3000

/* A hostile log: one run per line, each of another of 3,000 pods. Each
 * run once walked every pod (runs x pods string compares: a 5 MB
 * must-gather kept serve from starting for minutes); now every run is
 * found by name, and each lands under its own pod. */
static void test_prefixed_runs_over_thousands_of_pods(void **state)
{
    char dir[] = "/tmp/sb-serve-index-XXXXXX", path[64], want[64];
    struct sb_buf pods = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf log = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    struct sb_serve_index *idx = NULL;
    size_t first;
    int i;

    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_int_equal(sb_buf_addf(&pods, "{\"kind\":\"List\",\"items\":["), 0);
    for (i = 0; i < NPODS; i++) {
        /* reversed, so that the pods' order is not the runs' */
        assert_int_equal(sb_buf_addf(&pods, "%s{\"kind\":\"Pod\",\"metadata\""
                                     ":{\"name\":\"p%d\",\"namespace\":"
                                     "\"gpu-operator\"}}", i ? "," : "",
                                     NPODS - 1 - i), 0);
        assert_int_equal(sb_buf_addf(&log, "[pod/p%d/c] line %d\n", i, i),
                         0);
    }
    assert_int_equal(sb_buf_addf(&pods, "]}"), 0);
    put_file(dir, "gpu_operand_pods.yaml", pods.data, pods.len);
    put_file(dir, "gpu_operand_pod_p0.log", log.data, log.len);
    assert_int_equal(sb_serve_index_load(dir, &idx, &err), 0);

    assert_int_equal(sb_serve_index_blobs(idx, "logs/gpu-operator/", &first),
                     NPODS);
    for (i = 0; i < NPODS; i += 997) {
        snprintf(path, sizeof(path), "logs/gpu-operator/p%d/c.log", i);
        snprintf(want, sizeof(want), "[pod/p%d/c] line %d\n", i, i);
        expect_blob(idx, path, want);
    }
    sb_serve_index_free(idx);
    sb_buf_release(&pods);
    sb_buf_release(&log);
    rm_tree(dir);
}

#define NKINDS 3000
#define PER_KIND 4

/* Objects whose kinds change from one to the next, over 3,000 kinds
 * (with two that share a plural in different groups): each lands in its
 * own collection, found again by (group, plural), while the collections'
 * table grows many times over. */
static void test_objects_alternating_between_thousands_of_kinds(void **s)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_serve_index *idx = sb_serve_index_new();
    char group[32], plural[32], name[32];
    const struct sb_scoll *c;
    int i, k;

    (void)s;
    assert_non_null(idx);
    assert_null(sb_serve_index_coll(idx, "", "pods"));
    for (i = 0; i < PER_KIND; i++)
        for (k = 0; k < NKINDS; k++) {
            cJSON *o = cJSON_CreateObject();

            assert_non_null(o);
            snprintf(name, sizeof(name), "o%d", i);
            assert_non_null(cJSON_AddStringToObject(
                cJSON_AddObjectToObject(o, "metadata"), "name", name));
            /* kinds 0 and 1 share a plural, not a group */
            snprintf(group, sizeof(group), "g%d.example.com", k);
            snprintf(plural, sizeof(plural), "things%d", k / 2);
            assert_int_equal(sb_serve_index_add(idx, group, plural, "ns",
                                                o, &err), 0);
        }
    assert_int_equal(sb_serve_index_ncolls(idx), NKINDS);
    for (k = 0; k < NKINDS; k++) {
        snprintf(group, sizeof(group), "g%d.example.com", k);
        snprintf(plural, sizeof(plural), "things%d", k / 2);
        c = sb_serve_index_coll(idx, group, plural);
        assert_non_null(c);
        assert_string_equal(c->group, group);
        assert_string_equal(c->plural, plural);
        assert_int_equal(sb_scoll_count(c), PER_KIND);
        /* the collections keep the order the objects named them in */
        assert_ptr_equal(c, sb_serve_index_coll_at(idx, (size_t)k));
    }
    assert_null(sb_serve_index_coll(idx, "g1.example.com", "things1"));
    assert_null(sb_serve_index_coll(idx, "", "things0"));
    sb_serve_index_free(idx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefixed_runs_find_their_pods_by_name),
        cmocka_unit_test(test_prefixed_runs_over_thousands_of_pods),
        cmocka_unit_test(test_objects_alternating_between_thousands_of_kinds),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
