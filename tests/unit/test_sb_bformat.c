#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_bformat.h"

static struct sb_bformat_member cls(const char *path)
{
    struct sb_bformat_member m;

    sb_bformat_classify(path, &m);
    return m;
}

static void test_bformat_sbundle_paths(void **state)
{
    struct sb_bformat_member m = cls("resources/ml/deployments.apps.json");

    (void)state;
    assert_int_equal(m.kind, SB_BF_JSON);
    assert_int_equal(m.fmt, SB_BF_SBUNDLE);
    assert_string_equal(m.resource, "deployments.apps");
    assert_string_equal(m.ns, "ml");
    m = cls("logs/ml/train-0/main.previous.log");
    assert_int_equal(m.kind, SB_BF_LOG);
    assert_true(m.previous);
    assert_string_equal(m.container, "main");
    assert_int_equal(cls("manifest.json").kind, SB_BF_MANIFEST);
    assert_int_equal(cls("cluster/version.json").kind, SB_BF_VERSION);
}

static void test_bformat_troubleshoot_paths(void **state)
{
    struct sb_bformat_member m = cls("cluster-resources/pods/kube-system.json");

    (void)state;
    assert_int_equal(m.kind, SB_BF_JSON);
    assert_int_equal(m.fmt, SB_BF_TROUBLESHOOT);
    assert_string_equal(m.resource, "pods");
    assert_string_equal(m.ns, "kube-system");
    m = cls("cluster-resources/pods/logs/default/web-1/nginx-previous.log");
    assert_int_equal(m.kind, SB_BF_LOG);
    assert_true(m.previous);
    assert_string_equal(m.pod, "web-1");
    assert_string_equal(m.container, "nginx");
    m = cls("cluster-resources/custom-resources/widgets.example.com/ml.yaml");
    assert_int_equal(m.kind, SB_BF_YAML);
    assert_string_equal(m.resource, "widgets.example.com");
    assert_int_equal(cls("cluster-resources/auth-cani-list/ml.json").kind,
                     SB_BF_SKIP);
    assert_int_equal(cls("cluster-info/cluster_version.json").kind,
                     SB_BF_VERSION);
}

static void test_bformat_dump_paths(void **state)
{
    struct sb_bformat_member m = cls("kube-system/events.json");

    (void)state;
    assert_int_equal(m.kind, SB_BF_JSON);
    assert_int_equal(m.fmt, SB_BF_DUMP);
    assert_string_equal(m.resource, "events");
    m = cls("kube-system/coredns-1/logs.txt");
    assert_int_equal(m.kind, SB_BF_DUMP_LOG);
    assert_string_equal(m.pod, "coredns-1");
    assert_int_equal(cls("nodes.json").kind, SB_BF_JSON);
    assert_int_equal(cls("kube-system/notes.json").kind, SB_BF_SKIP);
}

static void test_bformat_mustgather_paths_under_any_image_folder(void **state)
{
    struct sb_bformat_member m =
        cls("quay-io-ocp-sha256-1/namespaces/ml/apps/deployments.yaml");

    (void)state;
    assert_int_equal(m.kind, SB_BF_YAML);
    assert_int_equal(m.fmt, SB_BF_MUSTGATHER);
    assert_string_equal(m.resource, "deployments.apps");
    assert_string_equal(m.ns, "ml");
    m = cls("namespaces/ml/core/pods.yaml");
    assert_string_equal(m.resource, "pods");
    m = cls("img/namespaces/ml/ml.yaml");
    assert_string_equal(m.resource, "namespaces");
    assert_string_equal(m.ns, "");
    m = cls("mg/img/cluster-scoped-resources/core/nodes/node-a.yaml");
    assert_int_equal(m.kind, SB_BF_YAML);
    assert_string_equal(m.resource, "nodes");
    m = cls("img/cluster-scoped-resources/storage.k8s.io/storageclasses.yaml");
    assert_string_equal(m.resource, "storageclasses.storage.k8s.io");
    m = cls("img/namespaces/ml/pods/train-0/main/main/logs/previous.log");
    assert_int_equal(m.kind, SB_BF_LOG);
    assert_true(m.previous);
    assert_string_equal(m.pod, "train-0");
    assert_string_equal(m.container, "main");
    /* the pod's own copy: the List has it */
    assert_int_equal(cls("img/namespaces/ml/pods/train-0/train-0.yaml").kind,
                     SB_BF_SKIP);
    /* a container folder not repeated is not a log */
    assert_int_equal(cls("img/namespaces/ml/pods/t/a/b/logs/current.log")
                         .kind, SB_BF_SKIP);
    assert_int_equal(cls("img/timestamp").kind, SB_BF_TIMESTAMP);
}

static void test_bformat_gpu_operator_mustgather_paths(void **state)
{
    struct sb_bformat_member m = cls("cluster_policy.yaml");

    (void)state;
    assert_int_equal(m.kind, SB_BF_YAML);
    assert_int_equal(m.fmt, SB_BF_GPUOP);
    assert_string_equal(m.resource, "clusterpolicies.nvidia.com");
    m = cls("img/gpu_operand_pods.yaml");
    assert_string_equal(m.resource, "pods");
    m = cls("mg/img/gpu_operand_ds.yaml");
    assert_string_equal(m.resource, "daemonsets.apps");
    m = cls("gpu_operand_pod_nvidia-dcgm-exporter-x7.previous.log");
    assert_int_equal(m.kind, SB_BF_PREFIX_LOG);
    assert_true(m.previous);
    assert_string_equal(m.pod, "nvidia-dcgm-exporter-x7");
    m = cls("gpu_operand_pod_nvidia-dcgm-exporter-x7.log");
    assert_false(m.previous);
    assert_string_equal(m.pod, "nvidia-dcgm-exporter-x7");
    m = cls("gpu_operator_pod.log");
    assert_int_equal(m.kind, SB_BF_PREFIX_LOG);
    assert_string_equal(m.pod, "");
    m = cls("img/nvidia-bug-report_gpu-node-1.log.gz");
    assert_int_equal(m.kind, SB_BF_NODE_LOG);
    assert_true(m.gzip);
    assert_string_equal(m.node, "gpu-node-1");
    assert_string_equal(m.source, "nvidia-bug-report");
    /* text the script writes marks the format; nothing reads it */
    m = cls("gpu_nodes.descr");
    assert_int_equal(m.kind, SB_BF_SKIP);
    assert_int_equal(m.fmt, SB_BF_GPUOP);
    assert_string_equal(sb_bformat_name(SB_BF_GPUOP),
                        "gpu-operator-must-gather");
    /* deeper than two folders, or another format's folder: not ours */
    assert_int_equal(cls("a/b/c/cluster_policy.yaml").fmt, 0);
    assert_int_equal(cls("ns/gpu_operand_pod_x.log").fmt, SB_BF_GPUOP);
    assert_int_equal(cls("gpu_operand_pod_.log").fmt, 0);
}

static void test_bformat_log_prefix(void **state)
{
    char pod[16], c[16];
    const char *l = "[pod/train-0/main] step 1\n";

    (void)state;
    assert_int_equal(sb_bformat_log_prefix(l, strlen(l), pod, c, sizeof(pod)),
                     19);
    assert_string_equal(pod, "train-0");
    assert_string_equal(c, "main");
    strcpy(pod, "kept");
    /* not a prefix: no space after it, a name missing, a third part,
     * names too long for the buffers */
    assert_int_equal(sb_bformat_log_prefix("[pod/a/b]x", 10, pod, c, 16), 0);
    assert_int_equal(sb_bformat_log_prefix("[pod//b] x", 10, pod, c, 16), 0);
    assert_int_equal(sb_bformat_log_prefix("[pod/a/] x", 10, pod, c, 16), 0);
    assert_int_equal(sb_bformat_log_prefix("[pod/a/b/c] x", 13, pod, c, 16),
                     0);
    l = "[pod/a-very-long-pod-name/b] x";
    assert_int_equal(sb_bformat_log_prefix(l, strlen(l), pod, c, 16), 0);
    assert_int_equal(sb_bformat_log_prefix("[pod/a/b", 8, pod, c, 16), 0);
    assert_string_equal(pod, "kept");
}

static void test_bformat_roots_of_archives_without_a_top_folder(void **state)
{
    (void)state;
    assert_true(sb_bformat_is_root("cluster-resources", "pods/x.json"));
    assert_true(sb_bformat_is_root("namespaces", "ml/core/pods.yaml"));
    assert_true(sb_bformat_is_root("resources", "ml/pods.json"));
    assert_true(sb_bformat_is_root("kube-system", "pods.json"));
    assert_true(sb_bformat_is_root("kube-system", "coredns-1/logs.txt"));
    assert_false(sb_bformat_is_root("support-bundle-x",
                                    "cluster-resources/nodes.json"));
    assert_false(sb_bformat_is_root("dump", "nodes.json"));
}

static void test_bformat_normalize_rewrites_internal_json(void **state)
{
    const char *in =
        "{\"Items\":[{\"kind\":\"Pod\",\"name\":\"p\",\"namespace\":\"ml\","
        "\"labels\":{\"App\":\"x\"},\"Spec\":{\"NodeName\":\"n1\","
        "\"Containers\":[{\"Name\":\"c\",\"Resources\":{\"Requests\":"
        "{\"cpu\":\"1\"}}}]},\"Status\":{\"PodIP\":\"10.0.0.1\","
        "\"QOSClass\":\"Burstable\",\"ContainerStatuses\":[{\"Name\":\"c\","
        "\"State\":{\"Waiting\":{\"Reason\":\"CrashLoopBackOff\"},"
        "\"Running\":null,\"Terminated\":null},\"LastTerminationState\":"
        "{\"Terminated\":{\"ExitCode\":1}}}]}}]}";
    cJSON *doc = cJSON_Parse(in), *p;
    char *out;

    (void)state;
    assert_non_null(doc);
    assert_true(sb_bformat_normalize(doc));
    p = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "items"), 0);
    out = cJSON_PrintUnformatted(p);
    assert_string_equal(out,
        "{\"kind\":\"Pod\",\"spec\":{\"nodeName\":\"n1\",\"containers\":"
        "[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}]},"
        "\"status\":{\"podIP\":\"10.0.0.1\",\"qosClass\":\"Burstable\","
        "\"containerStatuses\":[{\"name\":\"c\",\"state\":{\"waiting\":"
        "{\"reason\":\"CrashLoopBackOff\"}},\"lastState\":{\"terminated\":"
        "{\"exitCode\":1}}}]},\"metadata\":{\"name\":\"p\",\"namespace\":"
        "\"ml\",\"labels\":{\"App\":\"x\"}}}");
    cJSON_free(out);
    cJSON_Delete(doc);
}

static void test_bformat_normalize_leaves_api_json_alone(void **state)
{
    const char *in = "{\"kind\":\"PodList\",\"items\":[{\"metadata\":"
                     "{\"name\":\"p\",\"labels\":{\"Spec\":\"x\"}},"
                     "\"status\":{\"phase\":\"Running\"}}]}";
    cJSON *doc = cJSON_Parse(in);
    char *out;

    (void)state;
    assert_false(sb_bformat_normalize(doc));
    out = cJSON_PrintUnformatted(doc);
    assert_string_equal(out, in);
    cJSON_free(out);
    cJSON_Delete(doc);
}

static void test_bformat_timestamps_read_go_times(void **state)
{
    const char *t = "2026-11-20 09:58:12.123456789 +0000 UTC m=+0.06\n"
                    "2026-11-20 12:00:00.5 +0200 CEST m=+108.9\n";
    int64_t start = 0, end = 0;

    (void)state;
    assert_true(sb_bformat_timestamps(t, strlen(t), &start, &end));
    assert_int_equal(start, 1795168692);    /* 09:58:12Z */
    assert_int_equal(end, 1795168800);      /* 10:00:00Z */
    assert_false(sb_bformat_timestamps("no time\n", 8, &start, &end));
}

static void test_bformat_kinds(void **state)
{
    const char *g, *p, *v;
    bool ns;

    (void)state;
    assert_true(sb_bformat_kind_info("Deployment", &g, &p, &v, &ns));
    assert_string_equal(g, "apps");
    assert_string_equal(p, "deployments");
    assert_true(ns);
    assert_true(sb_bformat_kind_info("StorageClass", &g, &p, &v, &ns));
    assert_false(ns);
    assert_false(sb_bformat_kind_info("Widget", &g, &p, &v, &ns));
    assert_string_equal(sb_bformat_kind_of_resource("pvcs"),
                        "PersistentVolumeClaim");
    assert_string_equal(sb_bformat_kind_of_resource("deployments.apps"),
                        "Deployment");
    assert_null(sb_bformat_kind_of_resource("widgets"));
}

static int cluster_of(const char *kind, const char *json, char *out)
{
    cJSON *o = cJSON_Parse(json);
    int rank;

    assert_non_null(o);
    out[0] = '\0';
    rank = sb_bformat_cluster_of(kind, o, out, SB_BFORMAT_NAME_MAX);
    cJSON_Delete(o);
    return rank;
}

static void test_bformat_cluster_name_from_objects(void **state)
{
    char n[SB_BFORMAT_NAME_MAX];

    (void)state;
    assert_int_equal(cluster_of("Infrastructure",
        "{\"apiVersion\":\"config.openshift.io/v1\",\"metadata\":{\"name\":"
        "\"cluster\"},\"status\":{\"infrastructureName\":\"ocp-7xk2p\"}}", n),
        2);
    assert_string_equal(n, "ocp-7xk2p");
    /* another group's Infrastructure names nothing */
    assert_int_equal(cluster_of("Infrastructure",
        "{\"apiVersion\":\"infrastructure.cluster.x-k8s.io/v1\",\"status\":{"
        "\"infrastructureName\":\"x\"}}", n), 0);
    assert_int_equal(cluster_of("ConfigMap",
        "{\"metadata\":{\"name\":\"kubeadm-config\",\"namespace\":"
        "\"kube-system\"},\"data\":{\"ClusterConfiguration\":\"apiVersion: "
        "kubeadm.k8s.io/v1beta3\\nclusterName: \\\"lab-1\\\"  \\nkind: x\\n\"}}",
        n), 1);
    assert_string_equal(n, "lab-1");
    /* nested keys and other namespaces do not count */
    assert_int_equal(cluster_of("ConfigMap",
        "{\"metadata\":{\"name\":\"kubeadm-config\",\"namespace\":"
        "\"kube-system\"},\"data\":{\"ClusterConfiguration\":\"etcd:\\n  "
        "clusterName: no\\n\"}}", n), 0);
    assert_int_equal(cluster_of("ConfigMap",
        "{\"metadata\":{\"name\":\"kubeadm-config\",\"namespace\":\"web\"},"
        "\"data\":{\"ClusterConfiguration\":\"clusterName: no\\n\"}}", n), 0);
    assert_int_equal(cluster_of(NULL, "{}", n), 0);
}

static void test_bformat_input_name(void **state)
{
    char n[SB_BFORMAT_NAME_MAX];

    (void)state;
    sb_bformat_input_name("/cases/support-bundle-2026.tar.gz", n, sizeof(n));
    assert_string_equal(n, "support-bundle-2026");
    sb_bformat_input_name("dump/", n, sizeof(n));
    assert_string_equal(n, "dump");
    sb_bformat_input_name("/x/cluster-dump.txt", n, sizeof(n));
    assert_string_equal(n, "cluster-dump");
    sb_bformat_input_name("x/case.tgz", n, sizeof(n));
    assert_string_equal(n, "case");
    sb_bformat_input_name("/", n, sizeof(n));
    assert_string_equal(n, "bundle");
    sb_bformat_input_name(".tar.gz", n, sizeof(n));
    assert_string_equal(n, ".tar.gz");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bformat_sbundle_paths),
        cmocka_unit_test(test_bformat_troubleshoot_paths),
        cmocka_unit_test(test_bformat_dump_paths),
        cmocka_unit_test(test_bformat_mustgather_paths_under_any_image_folder),
        cmocka_unit_test(test_bformat_gpu_operator_mustgather_paths),
        cmocka_unit_test(test_bformat_log_prefix),
        cmocka_unit_test(test_bformat_roots_of_archives_without_a_top_folder),
        cmocka_unit_test(test_bformat_normalize_rewrites_internal_json),
        cmocka_unit_test(test_bformat_normalize_leaves_api_json_alone),
        cmocka_unit_test(test_bformat_timestamps_read_go_times),
        cmocka_unit_test(test_bformat_kinds),
        cmocka_unit_test(test_bformat_cluster_name_from_objects),
        cmocka_unit_test(test_bformat_input_name),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
