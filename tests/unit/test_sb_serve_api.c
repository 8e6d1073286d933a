#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sb_kproto.h"
#include "sb_kresources.h"
#include "sb_kslices.h"
#include "sb_serve_api.h"
#include "sb_serve_index.h"

/* An index with the objects 'json' (an array of {"g","p","ns","o"}). */
static struct sb_serve_index *index_of(const char *json)
{
    struct sb_serve_index *idx = sb_serve_index_new();
    struct sb_err err = SB_ERR_INIT;
    cJSON *arr = cJSON_Parse(json), *e;

    assert_non_null(idx);
    assert_non_null(arr);
    cJSON_ArrayForEach(e, arr) {
        cJSON *o = cJSON_DetachItemFromObject(e, "o");

        assert_int_equal(sb_serve_index_add(
            idx, cJSON_GetObjectItem(e, "g")->valuestring,
            cJSON_GetObjectItem(e, "p")->valuestring,
            cJSON_GetObjectItem(e, "ns")->valuestring, o, &err), 0);
    }
    cJSON_Delete(arr);
    assert_int_equal(sb_serve_index_finish(idx, &err), 0);
    return idx;
}

/* analyze serve's options: the bundle completed as kubectl expects */
static const struct sb_serve_api_opts complete = { NULL, false, 0, NULL,
                                                   true };

struct fixture {
    struct sb_serve_index *idx;
    struct sb_serve_api *api;
    struct sb_serve_resp resp;
    cJSON *body;
};

static const char OBJECTS[] =
    "[{\"g\":\"\",\"p\":\"endpoints\",\"ns\":\"web\",\"o\":{\"metadata\":"
    "{\"name\":\"svc\",\"creationTimestamp\":\"2026-11-20T09:00:00Z\"},"
    "\"subsets\":[{\"addresses\":[{\"ip\":\"10.0.0.1\",\"nodeName\":\"n1\"}],"
    "\"notReadyAddresses\":[{\"ip\":\"10.0.0.2\"}],\"ports\":[{\"port\":80,"
    "\"protocol\":\"TCP\"}]}]}},"
    "{\"g\":\"\",\"p\":\"pods\",\"ns\":\"web\",\"o\":{\"metadata\":{\"name\":"
    "\"p1\"},\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\"}]},"
    "\"status\":{\"phase\":\"Running\"}}}]";

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    f->idx = index_of(OBJECTS);
    f->api = sb_serve_api_new(f->idx, &complete);
    assert_non_null(f->api);
    sb_serve_resp_init(&f->resp);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    cJSON_Delete(f->body);
    sb_serve_resp_release(&f->resp);
    sb_serve_api_free(f->api);
    sb_serve_index_free(f->idx);
    free(f);
    return 0;
}

/* Answers METHOD PATH (one query argument KEY=VALUE when KEY is set);
 * returns the status, the body parsed into f->body. */
static int call(struct fixture *f, const char *method, const char *path,
                const char *key, const char *value, const char *body,
                size_t body_len)
{
    struct sb_serve_qarg qa = { key, value };
    struct sb_serve_req req;

    memset(&req, 0, sizeof(req));
    req.method = method;
    req.path = path;
    req.args = key ? &qa : NULL;
    req.nargs = key ? 1 : 0;
    req.body = body;
    req.body_len = body_len;
    cJSON_Delete(f->body);
    sb_serve_resp_release(&f->resp);
    sb_serve_resp_init(&f->resp);
    assert_int_equal(sb_serve_api_handle(f->api, &req, &f->resp), 0);
    assert_int_equal(sb_serve_resp_flatten(&f->resp), 0);
    f->body = cJSON_ParseWithLength(f->resp.body.data ? f->resp.body.data
                                                      : "", f->resp.body.len);
    return f->resp.status;
}

static const cJSON *resource(const cJSON *list, const char *name)
{
    const cJSON *r;

    cJSON_ArrayForEach(r, cJSON_GetObjectItem(list, "resources")) {
        const cJSON *n = cJSON_GetObjectItem(r, "name");

        if (cJSON_IsString(n) && !strcmp(n->valuestring, name))
            return r;
    }
    return NULL;
}

static bool has_word(const cJSON *arr, const char *w)
{
    const cJSON *x;

    cJSON_ArrayForEach(x, arr)
        if (cJSON_IsString(x) && !strcmp(x->valuestring, w))
            return true;
    return false;
}

static void test_discovery_lists_builtin_kinds_with_short_names(void **state)
{
    struct fixture *f = *state;
    const cJSON *r;

    assert_int_equal(call(f, "GET", "/api/v1", NULL, NULL, NULL, 0), 200);
    r = resource(f->body, "services");
    assert_non_null(r);
    assert_true(has_word(cJSON_GetObjectItem(r, "shortNames"), "svc"));
    assert_true(has_word(cJSON_GetObjectItem(r, "categories"), "all"));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r, "namespaced")));
    assert_true(has_word(cJSON_GetObjectItem(r, "verbs"), "list"));
    assert_false(has_word(cJSON_GetObjectItem(r, "verbs"), "create"));
    /* the bundle's own entry got the short name too */
    assert_true(has_word(cJSON_GetObjectItem(resource(f->body, "pods"),
                                             "shortNames"), "po"));
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(resource(f->body, "nodes"),
                                                  "namespaced")));
    assert_int_equal(call(f, "GET", "/apis/batch/v1", NULL, NULL, NULL, 0),
                     200);
    assert_true(has_word(cJSON_GetObjectItem(resource(f->body, "cronjobs"),
                                             "shortNames"), "cj"));
    assert_true(has_word(cJSON_GetObjectItem(resource(f->body, "jobs"),
                                             "categories"), "all"));
    /* configmaps are not in "all" */
    assert_int_equal(call(f, "GET", "/api/v1", NULL, NULL, NULL, 0), 200);
    assert_null(cJSON_GetObjectItem(resource(f->body, "configmaps"),
                                    "categories"));
}

static void test_empty_kind_lists_nothing_instead_of_404(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(call(f, "GET", "/apis/apps/v1/namespaces/web/"
                          "deployments", NULL, NULL, NULL, 0), 200);
    assert_string_equal(cJSON_GetObjectItem(f->body, "kind")->valuestring,
                        "DeploymentList");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(f->body,
                                                            "items")), 0);
    assert_int_equal(call(f, "GET", "/apis/apps/v1/namespaces/web/"
                          "deployments/x", NULL, NULL, NULL, 0), 404);
}

static void test_unsupported_field_selector_is_a_400(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(call(f, "GET", "/api/v1/pods", "fieldSelector",
                          "spec.nodeName=n1,status.phase!=Failed", NULL, 0),
                     200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(f->body,
                                                            "items")), 1);
    assert_int_equal(call(f, "GET", "/api/v1/pods", "fieldSelector",
                          "spec.foo=bar", NULL, 0), 400);
    assert_string_equal(cJSON_GetObjectItem(f->body, "message")->valuestring,
                        "field label not supported: spec.foo");
    assert_int_equal(call(f, "GET", "/api/v1/configmaps", "fieldSelector",
                          "metadata.name=a,data.x=1", NULL, 0), 400);
    assert_string_equal(cJSON_GetObjectItem(f->body, "message")->valuestring,
                        "\"data.x\" is not a known field selector: only "
                        "\"metadata.name\", \"metadata.namespace\"");
    assert_int_equal(call(f, "GET", "/api/v1/nodes", "fieldSelector",
                          "spec.unschedulable=true", NULL, 0), 200);
}

static void test_status_subresource_is_the_object(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(call(f, "GET", "/api/v1/namespaces/web/pods/p1/status",
                          NULL, NULL, NULL, 0), 200);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(
        f->body, "metadata"), "name")->valuestring, "p1");
}

/* A bundle with no discovery whose list items carry no kind: built-in
 * types get the table's kind, others a singular of their plural. */
static void test_objects_without_kind_get_the_real_kind(void **state)
{
    struct sb_serve_index *idx = index_of(
        "[{\"g\":\"example.com\",\"p\":\"widgetpolicies\",\"ns\":\"web\","
        "\"o\":{\"metadata\":{\"name\":\"w1\"}}},"
        "{\"g\":\"example.com\",\"p\":\"boxes\",\"ns\":\"web\","
        "\"o\":{\"metadata\":{\"name\":\"b1\"}}}]");
    struct sb_serve_api *api = sb_serve_api_new(idx, &complete);
    struct fixture *f = *state, g;

    assert_int_equal(call(f, "GET", "/api/v1/namespaces/web/pods/p1",
                          NULL, NULL, NULL, 0), 200);
    assert_string_equal(cJSON_GetObjectItem(f->body, "kind")->valuestring,
                        "Pod");
    assert_int_equal(call(f, "GET", "/api/v1/namespaces/web/endpoints/svc",
                          NULL, NULL, NULL, 0), 200);
    assert_string_equal(cJSON_GetObjectItem(f->body, "kind")->valuestring,
                        "Endpoints");
    assert_non_null(api);
    memset(&g, 0, sizeof(g));
    g.idx = idx;
    g.api = api;
    sb_serve_resp_init(&g.resp);
    assert_int_equal(call(&g, "GET", "/apis/example.com/v1/namespaces/web/"
                          "widgetpolicies/w1", NULL, NULL, NULL, 0), 200);
    assert_string_equal(cJSON_GetObjectItem(g.body, "kind")->valuestring,
                        "Widgetpolicy");
    assert_int_equal(call(&g, "GET", "/apis/example.com/v1/namespaces/web/"
                          "boxes/b1", NULL, NULL, NULL, 0), 200);
    assert_string_equal(cJSON_GetObjectItem(g.body, "kind")->valuestring,
                        "Box");
    cJSON_Delete(g.body);
    sb_serve_resp_release(&g.resp);
    sb_serve_api_free(api);
    sb_serve_index_free(idx);
}

static void test_endpointslices_are_made_from_endpoints(void **state)
{
    struct fixture *f = *state;
    const cJSON *s, *eps;

    assert_int_equal(call(f, "GET", "/apis/discovery.k8s.io/v1/namespaces/"
                          "web/endpointslices", "labelSelector",
                          "kubernetes.io/service-name=svc", NULL, 0), 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(f->body,
                                                            "items")), 1);
    s = cJSON_GetArrayItem(cJSON_GetObjectItem(f->body, "items"), 0);
    assert_string_equal(cJSON_GetObjectItem(s, "addressType")->valuestring,
                        "IPv4");
    eps = cJSON_GetObjectItem(s, "endpoints");
    assert_int_equal(cJSON_GetArraySize(eps), 2);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(
        cJSON_GetArrayItem(eps, 0), "conditions"), "ready")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(
        cJSON_GetArrayItem(eps, 1), "conditions"), "ready")));
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(
        cJSON_GetObjectItem(s, "ports"), 0), "port")->valueint, 80);
}

static void test_endpoints_are_made_from_slices(void **state)
{
    const char *slices[] = {
        "{\"metadata\":{\"name\":\"a-1\",\"namespace\":\"ns\",\"labels\":{"
        "\"kubernetes.io/service-name\":\"a\"}},\"addressType\":\"IPv4\","
        "\"endpoints\":[{\"addresses\":[\"10.1.0.1\"],\"conditions\":{"
        "\"ready\":true}},{\"addresses\":[\"10.1.0.2\"],\"conditions\":{"
        "\"ready\":false}}],\"ports\":[{\"port\":8080}]}",
        "{\"metadata\":{\"name\":\"b-1\",\"namespace\":\"ns\",\"labels\":{"
        "\"kubernetes.io/service-name\":\"b\"}},\"endpoints\":[]}",
    };
    cJSON *objs[2], *ep;
    const cJSON *sub;

    (void)state;
    objs[0] = cJSON_Parse(slices[0]);
    objs[1] = cJSON_Parse(slices[1]);
    ep = sb_kslices_to_endpoints((const cJSON *const *)objs, 2, "ns", "a");
    assert_non_null(ep);
    sub = cJSON_GetArrayItem(cJSON_GetObjectItem(ep, "subsets"), 0);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(
        cJSON_GetObjectItem(sub, "addresses"), 0), "ip")->valuestring,
        "10.1.0.1");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(
        cJSON_GetObjectItem(sub, "notReadyAddresses"), 0), "ip")->valuestring,
        "10.1.0.2");
    cJSON_Delete(ep);
    /* another namespace: nothing */
    assert_null(sb_kslices_to_endpoints((const cJSON *const *)objs, 2, "x",
                                        "a"));
    cJSON_Delete(objs[0]);
    cJSON_Delete(objs[1]);
}

/* A slice of Service 'svc' in 'ns' named 'name' with one address. */
#define SLICE(ns, name, svc, ip)                                           \
    "{\"g\":\"discovery.k8s.io\",\"p\":\"endpointslices\",\"ns\":\"" ns    \
    "\",\"o\":{\"metadata\":{\"name\":\"" name "\",\"labels\":{"           \
    "\"kubernetes.io/service-name\":\"" svc "\"}},\"addressType\":"        \
    "\"IPv4\",\"endpoints\":[{\"addresses\":[\"" ip "\"]}],\"ports\":"     \
    "[{\"port\":80}]}}"

/* Endpoints made from slices whose Services interleave: one Endpoints a
 * Service and namespace, its subsets in the order of its slices, the
 * Endpoints in the order of each Service's first slice. */
static void test_endpoints_from_interleaved_slices(void **state)
{
    static const char objs[] =
        "[" SLICE("web", "x-1", "a", "10.0.0.1") ","
        SLICE("web", "y-1", "b", "10.0.0.2") ","
        SLICE("web", "z-1", "a", "10.0.0.3") ","
        SLICE("zz", "x-1", "a", "10.0.0.4") ","
        "{\"g\":\"discovery.k8s.io\",\"p\":\"endpointslices\",\"ns\":\"web\","
        "\"o\":{\"metadata\":{\"name\":\"unlabelled\"},\"endpoints\":[]}}]";
    struct fixture f;
    const cJSON *items, *subs;

    (void)state;
    memset(&f, 0, sizeof(f));
    f.idx = index_of(objs);
    f.api = sb_serve_api_new(f.idx, &complete);
    assert_non_null(f.api);
    sb_serve_resp_init(&f.resp);
    assert_int_equal(call(&f, "GET", "/api/v1/namespaces/web/endpoints",
                          NULL, NULL, NULL, 0), 200);
    items = cJSON_GetObjectItem(f.body, "items");
    assert_int_equal(cJSON_GetArraySize(items), 2);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(
        cJSON_GetArrayItem(items, 0), "metadata"), "name")->valuestring, "a");
    subs = cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "subsets");
    assert_int_equal(cJSON_GetArraySize(subs), 2);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetArrayItem(subs, 0), "addresses"), 0),
        "ip")->valuestring, "10.0.0.1");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetArrayItem(subs, 1), "addresses"), 0),
        "ip")->valuestring, "10.0.0.3");
    assert_int_equal(call(&f, "GET", "/api/v1/namespaces/zz/endpoints/a",
                          NULL, NULL, NULL, 0), 200);
    subs = cJSON_GetObjectItem(f.body, "subsets");
    assert_int_equal(cJSON_GetArraySize(subs), 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetArrayItem(subs, 0), "addresses"), 0),
        "ip")->valuestring, "10.0.0.4");
    cJSON_Delete(f.body);
    sb_serve_resp_release(&f.resp);
    sb_serve_api_free(f.api);
    sb_serve_index_free(f.idx);
}

/* A protobuf length-delimited field. */
static size_t pb_field(unsigned char *out, unsigned field, const void *data,
                       size_t n)
{
    out[0] = (unsigned char)(field << 3 | 2);
    out[1] = (unsigned char)n;      /* the tests stay under 128 bytes */
    memcpy(out + 2, data, n);
    return n + 2;
}

/* kubectl's encoding of a SelfSubjectAccessReview for verb/resource. */
static size_t ssar_proto(unsigned char *out, const char *verb,
                         const char *resource)
{
    unsigned char tm[96], ra[64], spec[80], obj[96];
    size_t ntm = 0, nra = 0, nspec, nobj, n = 4;

    ntm += pb_field(tm, 1, "authorization.k8s.io/v1", 23);
    ntm += pb_field(tm + ntm, 2, "SelfSubjectAccessReview", 23);
    nra += pb_field(ra, 1, "default", 7);
    nra += pb_field(ra + nra, 2, verb, strlen(verb));
    nra += pb_field(ra + nra, 5, resource, strlen(resource));
    nspec = pb_field(spec, 1, ra, nra);
    nobj = pb_field(obj, 2, spec, nspec);
    memcpy(out, "k8s", 4);
    n += pb_field(out + n, 1, tm, ntm);
    n += pb_field(out + n, 2, obj, nobj);
    return n;
}

static bool allowed(const cJSON *review)
{
    return cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(review,
                                                                "status"),
                                            "allowed"));
}

static void test_can_i_answers_reads_yes_and_writes_no(void **state)
{
    struct fixture *f = *state;
    static const char json[] =
        "{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":"
        "\"authorization.k8s.io/v1\",\"spec\":{\"resourceAttributes\":{"
        "\"verb\":\"list\",\"group\":\"apps\",\"resource\":\"deployments\"}}}";
    unsigned char pb[256];
    size_t n;

    assert_int_equal(call(f, "POST", "/apis/authorization.k8s.io/v1/"
                          "selfsubjectaccessreviews", NULL, NULL, json,
                          sizeof(json) - 1), 201);
    assert_true(allowed(f->body));
    n = ssar_proto(pb, "get", "pods");
    assert_int_equal(call(f, "POST", "/apis/authorization.k8s.io/v1/"
                          "selfsubjectaccessreviews", NULL, NULL,
                          (const char *)pb, n), 201);
    assert_true(allowed(f->body));
    n = ssar_proto(pb, "delete", "pods");
    assert_int_equal(call(f, "POST", "/apis/authorization.k8s.io/v1/"
                          "selfsubjectaccessreviews", NULL, NULL,
                          (const char *)pb, n), 201);
    assert_false(allowed(f->body));
    n = ssar_proto(pb, "get", "widgets");
    assert_int_equal(call(f, "POST", "/apis/authorization.k8s.io/v1/"
                          "selfsubjectaccessreviews", NULL, NULL,
                          (const char *)pb, n), 201);
    assert_false(allowed(f->body));
    /* a truncated envelope is a 400, and other POSTs stay 405 */
    assert_int_equal(call(f, "POST", "/apis/authorization.k8s.io/v1/"
                          "selfsubjectaccessreviews", NULL, NULL,
                          (const char *)pb, n - 3), 400);
    assert_int_equal(call(f, "POST", "/api/v1/namespaces/web/pods", NULL,
                          NULL, json, sizeof(json) - 1), 405);
}

static void test_rules_review_lists_reads_on_what_is_served(void **state)
{
    struct fixture *f = *state;
    static const char json[] =
        "{\"kind\":\"SelfSubjectRulesReview\",\"spec\":{\"namespace\":"
        "\"web\"}}";
    const cJSON *rule, *rules;
    bool pods = false;

    assert_int_equal(call(f, "POST", "/apis/authorization.k8s.io/v1/"
                          "selfsubjectrulesreviews", NULL, NULL, json,
                          sizeof(json) - 1), 201);
    rules = cJSON_GetObjectItem(cJSON_GetObjectItem(f->body, "status"),
                                "resourceRules");
    cJSON_ArrayForEach(rule, rules) {
        assert_true(has_word(cJSON_GetObjectItem(rule, "verbs"), "get"));
        assert_false(has_word(cJSON_GetObjectItem(rule, "verbs"),
                              "delete"));
        pods |= has_word(cJSON_GetObjectItem(rule, "resources"), "pods");
    }
    assert_true(pods);
}

static void test_openapi_v3_says_schemas_are_not_offline(void **state)
{
    struct fixture *f = *state;
    const cJSON *sc;

    assert_int_equal(call(f, "GET", "/openapi/v3", NULL, NULL, NULL, 0),
                     200);
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(f->body, "paths"),
                                        "apis/apps/v1"));
    assert_int_equal(call(f, "GET", "/openapi/v3/api/v1", NULL, NULL, NULL,
                          0), 200);
    sc = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
        f->body, "components"), "schemas"), "v1.Pod");
    assert_non_null(sc);
    assert_non_null(strstr(cJSON_GetObjectItem(sc, "description")
                               ->valuestring, "not available offline"));
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(
        cJSON_GetObjectItem(f->body, "paths"),
        "/api/v1/namespaces/{namespace}/pods"), "get"));
    assert_int_equal(call(f, "GET", "/openapi/v3/apis/nope/v1", NULL, NULL,
                          NULL, 0), 404);
}

static void test_openapi_v3_gives_a_bundled_crd_schema(void **state)
{
    struct sb_serve_index *idx = index_of(
        "[{\"g\":\"apiextensions.k8s.io\",\"p\":\"customresourcedefinitions\","
        "\"ns\":\"_cluster\",\"o\":{\"metadata\":{\"name\":"
        "\"widgets.example.com\"},\"spec\":{\"group\":\"example.com\","
        "\"versions\":[{\"name\":\"v1\",\"schema\":{\"openAPIV3Schema\":{"
        "\"description\":\"A widget.\",\"type\":\"object\",\"properties\":{"
        "\"spec\":{\"type\":\"object\"}}}}}]}}},"
        "{\"g\":\"example.com\",\"p\":\"widgets\",\"ns\":\"a\",\"o\":{"
        "\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":"
        "{\"name\":\"w\"}}}]");
    struct fixture f;
    const cJSON *sc;

    (void)state;
    memset(&f, 0, sizeof(f));
    f.idx = idx;
    f.api = sb_serve_api_new(idx, &complete);
    assert_non_null(f.api);
    sb_serve_resp_init(&f.resp);
    assert_int_equal(call(&f, "GET", "/openapi/v3/apis/example.com/v1", NULL,
                          NULL, NULL, 0), 200);
    sc = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
        f.body, "components"), "schemas"), "example.com.v1.Widget");
    assert_string_equal(cJSON_GetObjectItem(sc, "description")->valuestring,
                        "A widget.");
    assert_non_null(cJSON_GetObjectItem(sc,
                                        "x-kubernetes-group-version-kind"));
    cJSON_Delete(f.body);
    sb_serve_resp_release(&f.resp);
    sb_serve_api_free(f.api);
    sb_serve_index_free(idx);
}

static void test_proto_review_rejects_malformed_input(void **state)
{
    unsigned char pb[256];
    size_t n = ssar_proto(pb, "get", "pods"), i;
    cJSON *j;

    (void)state;
    j = sb_kproto_review((const char *)pb, n);
    assert_non_null(j);
    cJSON_Delete(j);
    /* every truncation is refused or read short, never read past */
    for (i = 0; i < n; i++)
        cJSON_Delete(sb_kproto_review((const char *)pb, i));
    memcpy(pb, "k9s", 4);
    assert_null(sb_kproto_review((const char *)pb, n));
    assert_null(sb_kproto_review("k8s\0\x0f\xff\xff\xff\xff\xff\xff\xff"
                                 "\xff\xff\xff\x01", 16));
}

static void test_discovery_merge_keeps_the_bundle_version(void **state)
{
    cJSON *bundle = cJSON_Parse(
        "[{\"groupVersion\":\"autoscaling/v1\",\"resources\":[{\"name\":"
        "\"horizontalpodautoscalers\",\"kind\":\"HorizontalPodAutoscaler\","
        "\"namespaced\":true,\"verbs\":[\"get\"]}]}]");
    cJSON *d = sb_kresources_discovery(bundle);
    const cJSON *gl;
    int hpas = 0;

    (void)state;
    assert_non_null(d);
    cJSON_ArrayForEach(gl, d)
        if (resource(gl, "horizontalpodautoscalers")) {
            hpas++;
            assert_string_equal(cJSON_GetObjectItem(gl, "groupVersion")
                                    ->valuestring, "autoscaling/v1");
            assert_true(has_word(cJSON_GetObjectItem(resource(
                gl, "horizontalpodautoscalers"), "shortNames"), "hpa"));
        }
    assert_int_equal(hpas, 1);
    cJSON_Delete(d);
    cJSON_Delete(bundle);
    d = sb_kresources_discovery(NULL);
    assert_non_null(d);
    assert_true(cJSON_GetArraySize(d) > 10);
    cJSON_Delete(d);
}

/* A pod log's answer is a stream over the held log: read in 3-byte
 * chunks (so every line crosses a chunk), each log parameter gives what
 * the kubelet would, and nothing is built in the response body. */
static char *read_log(struct sb_serve_api *api, const char *k1,
                      const char *v1, const char *k2, const char *v2)
{
    struct sb_serve_qarg qa[2] = { { k1, v1 }, { k2, v2 } };
    struct sb_serve_req req;
    struct sb_serve_resp resp;
    char *out = calloc(1, 4096), chunk[3];
    size_t n = 0;
    ssize_t got;

    assert_non_null(out);
    memset(&req, 0, sizeof(req));
    req.method = "GET";
    req.path = "/api/v1/namespaces/web/pods/p1/log";
    req.args = qa;
    req.nargs = k2 ? 2 : k1 ? 1 : 0;
    sb_serve_resp_init(&resp);
    assert_int_equal(sb_serve_api_handle(api, &req, &resp), 0);
    assert_int_equal(resp.status, 200);
    assert_non_null(resp.log.data);
    assert_int_equal(resp.body.len, 0);
    while ((got = sb_serve_log_read(&resp.log, 0, chunk, sizeof(chunk))) > 0) {
        assert_true(n + (size_t)got < 4096);
        memcpy(out + n, chunk, (size_t)got);
        n += (size_t)got;
    }
    assert_int_equal(got, -1);
    assert_int_equal(sb_serve_log_read(&resp.log, 0, chunk, 3), -1);
    sb_serve_resp_release(&resp);
    return out;
}

static void expect_log(struct sb_serve_api *api, const char *k1,
                       const char *v1, const char *k2, const char *v2,
                       const char *want)
{
    char *got = read_log(api, k1, v1, k2, v2);

    assert_string_equal(got, want);
    free(got);
}

static void test_log_is_streamed_with_every_parameter(void **state)
{
    static const char LOG[] = "2026-11-20T09:00:00Z first\n"
                              "no stamp\n"
                              "\n"
                              "2026-11-20T09:00:02.5Z third\n"
                              "2026-11-20T09:00:03Z last";
    static const char SINCE[] = "2026-11-20T09:00:02Z";
    struct fixture *f = *state;
    struct sb_serve_index *idx = sb_serve_index_new();
    struct sb_err err = SB_ERR_INIT;
    struct sb_serve_api *api;
    cJSON *arr = cJSON_Parse(OBJECTS), *e;

    (void)f;
    assert_non_null(idx);
    cJSON_ArrayForEach(e, arr)
        assert_int_equal(sb_serve_index_add(
            idx, cJSON_GetObjectItem(e, "g")->valuestring,
            cJSON_GetObjectItem(e, "p")->valuestring,
            cJSON_GetObjectItem(e, "ns")->valuestring,
            cJSON_DetachItemFromObject(e, "o"), &err), 0);
    cJSON_Delete(arr);
    assert_int_equal(sb_serve_index_add_blob(idx, "logs/web/p1/c.log", LOG,
                                             sizeof(LOG) - 1, &err), 0);
    assert_int_equal(sb_serve_index_finish(idx, &err), 0);
    api = sb_serve_api_new(idx, &complete);
    assert_non_null(api);

    expect_log(api, NULL, NULL, NULL, NULL,
               "first\nno stamp\n\nthird\nlast");
    expect_log(api, "timestamps", "true", NULL, NULL, LOG);
    expect_log(api, "tailLines", "2", NULL, NULL, "third\nlast");
    expect_log(api, "tailLines", "3", NULL, NULL, "\nthird\nlast");
    expect_log(api, "tailLines", "0", NULL, NULL, "");
    expect_log(api, "tailLines", "99", NULL, NULL,
               "first\nno stamp\n\nthird\nlast");
    expect_log(api, "limitBytes", "8", NULL, NULL, "first\nno");
    expect_log(api, "limitBytes", "8", "timestamps", "true",
               "2026-11-");
    /* lines without a timestamp pass sinceTime, as the tail counts them */
    expect_log(api, "sinceTime", SINCE, NULL, NULL,
               "no stamp\n\nthird\nlast");
    expect_log(api, "sinceTime", SINCE, "tailLines", "4",
               "no stamp\n\nthird\nlast");
    expect_log(api, "sinceTime", SINCE, "tailLines", "1", "last");
    expect_log(api, "tailLines", "2", "limitBytes", "3", "thi");

    /* an error answer replaces the stream */
    {
        char *got;
        struct sb_serve_qarg qa = { "tailLines", "x" };
        struct sb_serve_req req;
        struct sb_serve_resp resp;

        memset(&req, 0, sizeof(req));
        req.method = "GET";
        req.path = "/api/v1/namespaces/web/pods/p1/log";
        req.args = &qa;
        req.nargs = 1;
        sb_serve_resp_init(&resp);
        assert_int_equal(sb_serve_api_handle(api, &req, &resp), 0);
        assert_int_equal(resp.status, 400);
        assert_null(resp.log.data);
        got = strndup(resp.body.data, resp.body.len);
        assert_non_null(strstr(got, "invalid value for tailLines: 'x'"));
        free(got);
        sb_serve_resp_release(&resp);
    }
    sb_serve_api_free(api);
    sb_serve_index_free(idx);
}

/* ---- a bundle folder loaded as analyze serve loads it ---- */

static void put_file(const char *dir, const char *rel, const char *text)
{
    char path[512];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

static void drop_file(const char *dir, const char *rel)
{
    char path[512];

    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    assert_int_equal(remove(path), 0);
}

/* The items of a List as served: the text cJSON_PrintUnformatted gives
 * the item once the loader's fixes are in (namespace from the folder,
 * kind and apiVersion from discovery), though the index keeps no tree */
static const char PODS[] =
    "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[\n"
    "  {\"metadata\": {\"name\": \"a\", \"namespace\": \"web\",\n"
    "    \"labels\": {\"app\": \"x\"}},\n"
    "   \"spec\": {\"nodeName\": \"n1\", \"priority\": 1.0,\n"
    "    \"containers\": [{\"name\": \"c\"}]},\n"
    "   \"status\": {\"phase\": \"Running\", \"note\": \"caf\\u00e9 \\/ 1e2\",\n"
    "    \"big\": 1e2, \"neg\": -0.5}},\n"
    "  {\"kind\": \"Pod\", \"apiVersion\": \"v1\",\n"
    "   \"metadata\": {\"name\": \"b\", \"labels\": {\"app\": \"y\"}},\n"
    "   \"spec\": {\"nodeName\": \"n2\", \"containers\": [{\"name\": \"c\"}]}}\n"
    "]}\n";

/* jscan refuses an unpaired surrogate: cJSON's way, after U+FFFD */
static const char CMS[] =
    "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"items\":["
    "{\"metadata\":{\"name\":\"cm\",\"namespace\":\"web\"},"
    "\"data\":{\"k\":\"\\ud800x\"}}]}";

static void expect_served(struct fixture *f, const char *path,
                          const char *want_json)
{
    cJSON *want = cJSON_Parse(want_json);
    char *text;

    assert_non_null(want);
    text = cJSON_PrintUnformatted(want);
    assert_non_null(text);
    assert_int_equal(call(f, "GET", path, NULL, NULL, NULL, 0), 200);
    assert_int_equal(f->resp.body.len, strlen(text));
    assert_memory_equal(f->resp.body.data, text, strlen(text));
    cJSON_free(text);
    cJSON_Delete(want);
}

static void test_loaded_objects_are_served_as_cjson_prints_them(
    void **state)
{
    char dir[] = "/tmp/sb-serve-index-XXXXXX", sub[600];
    struct sb_err err = SB_ERR_INIT;
    struct fixture f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(sub, sizeof(sub), "%s/resources", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof(sub), "%s/resources/web", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    put_file(dir, "manifest.json", "{\"cluster\":\"c1\",\"collection\":"
             "{\"end\":\"2026-11-20T10:00:00Z\"}}");
    put_file(dir, "resources/web/pods.json", PODS);
    put_file(dir, "resources/web/configmaps.json", CMS);
    memset(&f, 0, sizeof(f));
    assert_int_equal(sb_serve_index_load(dir, &f.idx, &err), 0);
    f.api = sb_serve_api_new(f.idx, &complete);
    assert_non_null(f.api);
    sb_serve_resp_init(&f.resp);

    /* kind and apiVersion added at the end, the rest as cJSON prints */
    expect_served(&f, "/api/v1/namespaces/web/pods/a",
        "{\"metadata\":{\"name\":\"a\",\"namespace\":\"web\",\"labels\":"
        "{\"app\":\"x\"}},\"spec\":{\"nodeName\":\"n1\",\"priority\":1,"
        "\"containers\":[{\"name\":\"c\"}]},\"status\":{\"phase\":"
        "\"Running\",\"note\":\"caf\\u00e9 / 1e2\",\"big\":100,\"neg\":-0.5},"
        "\"kind\":\"Pod\",\"apiVersion\":\"v1\"}");
    /* the folder's namespace filled in at the end of metadata */
    expect_served(&f, "/api/v1/namespaces/web/pods/b",
        "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":"
        "\"b\",\"labels\":{\"app\":\"y\"},\"namespace\":\"web\"},\"spec\":"
        "{\"nodeName\":\"n2\",\"containers\":[{\"name\":\"c\"}]}}");
    expect_served(&f, "/api/v1/namespaces/web/configmaps/cm",
        "{\"metadata\":{\"name\":\"cm\",\"namespace\":\"web\"},\"data\":"
        "{\"k\":\"\\ufffdx\"},\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\"}");

    /* fields are read from the text when a request needs them */
    assert_int_equal(call(&f, "GET", "/api/v1/pods", "labelSelector",
                          "app=y", NULL, 0), 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(f.body,
                                                            "items")), 1);
    assert_int_equal(call(&f, "GET", "/api/v1/pods", "fieldSelector",
                          "spec.nodeName=n1", NULL, 0), 200);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(
        cJSON_GetArrayItem(cJSON_GetObjectItem(f.body, "items"), 0),
        "metadata"), "name")->valuestring, "a");
    /* the log is not in the bundle: the answer comes from the pod's
     * statuses, parsed for the request (it has none for 'c') */
    assert_int_equal(call(&f, "GET", "/api/v1/namespaces/web/pods/a/log",
                          NULL, NULL, NULL, 0), 400);
    assert_non_null(strstr(cJSON_GetObjectItem(f.body,
                                               "message")->valuestring,
                           "container \"c\" in pod \"a\" is not "
                           "available"));

    cJSON_Delete(f.body);
    sb_serve_resp_release(&f.resp);
    sb_serve_api_free(f.api);
    sb_serve_index_free(f.idx);
    drop_file(dir, "resources/web/pods.json");
    drop_file(dir, "resources/web/configmaps.json");
    drop_file(dir, "manifest.json");
    drop_file(dir, "resources/web");
    drop_file(dir, "resources");
    drop_file(dir, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_discovery_lists_builtin_kinds_with_short_names, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_empty_kind_lists_nothing_instead_of_404, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_unsupported_field_selector_is_a_400, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_status_subresource_is_the_object, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_objects_without_kind_get_the_real_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_endpointslices_are_made_from_endpoints, setup, teardown),
        cmocka_unit_test(test_endpoints_are_made_from_slices),
        cmocka_unit_test(test_endpoints_from_interleaved_slices),
        cmocka_unit_test_setup_teardown(
            test_can_i_answers_reads_yes_and_writes_no, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_rules_review_lists_reads_on_what_is_served, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_openapi_v3_says_schemas_are_not_offline, setup, teardown),
        cmocka_unit_test(test_openapi_v3_gives_a_bundled_crd_schema),
        cmocka_unit_test(test_proto_review_rejects_malformed_input),
        cmocka_unit_test(test_discovery_merge_keeps_the_bundle_version),
        cmocka_unit_test_setup_teardown(
            test_log_is_streamed_with_every_parameter, setup, teardown),
        cmocka_unit_test(test_loaded_objects_are_served_as_cjson_prints_them),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
