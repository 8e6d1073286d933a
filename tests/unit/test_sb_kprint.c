#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_kprint.h"
#include "sb_time.h"

/* 2026-11-20T10:00:00Z, the collection time the ages count from */
#define NOW 1795168800

static char *status_of(const char *json, char out[64])
{
    cJSON *pod = cJSON_Parse(json);

    assert_non_null(pod);
    sb_kprint_pod_status(pod, out);
    cJSON_Delete(pod);
    return out;
}

static void test_pod_status_names_the_failing_container_state(void **state)
{
    char b[64];

    assert_string_equal(status_of(
        "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":"
        "\"a\",\"ready\":false,\"restartCount\":3,\"state\":{\"waiting\":"
        "{\"reason\":\"CrashLoopBackOff\"}}}]}}", b), "CrashLoopBackOff");
    assert_string_equal(status_of(
        "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":"
        "\"a\",\"state\":{\"terminated\":{\"reason\":\"OOMKilled\","
        "\"exitCode\":137}}}]}}", b), "OOMKilled");
    assert_string_equal(status_of(
        "{\"status\":{\"phase\":\"Pending\",\"containerStatuses\":[{\"name\":"
        "\"a\",\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}}]}}",
        b), "ImagePullBackOff");
    assert_string_equal(status_of(
        "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":"
        "\"a\",\"state\":{\"terminated\":{\"exitCode\":2}}}]}}", b),
        "ExitCode:2");
    assert_string_equal(status_of(
        "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":"
        "\"a\",\"state\":{\"terminated\":{\"exitCode\":0,\"signal\":9}}}]}}",
        b), "Signal:9");
}

static void test_pod_status_from_phase_reason_and_deletion(void **state)
{
    char b[64];

    assert_string_equal(status_of(
        "{\"status\":{\"phase\":\"Failed\",\"reason\":\"Evicted\"}}", b),
        "Evicted");
    assert_string_equal(status_of("{\"status\":{\"phase\":\"Pending\"}}", b),
                        "Pending");
    assert_string_equal(status_of(
        "{\"metadata\":{\"deletionTimestamp\":\"2026-11-20T09:00:00Z\"},"
        "\"status\":{\"phase\":\"Running\"}}", b), "Terminating");
    assert_string_equal(status_of(
        "{\"metadata\":{\"deletionTimestamp\":\"2026-11-20T09:00:00Z\"},"
        "\"status\":{\"phase\":\"Succeeded\"}}", b), "Succeeded");
    assert_string_equal(status_of(
        "{\"status\":{\"phase\":\"Succeeded\",\"containerStatuses\":[{"
        "\"name\":\"a\",\"state\":{\"terminated\":{\"reason\":\"Completed\","
        "\"exitCode\":0}}}]}}", b), "Completed");
    assert_string_equal(status_of(
        "{\"status\":{\"phase\":\"Pending\",\"conditions\":[{\"type\":"
        "\"PodScheduled\",\"status\":\"False\",\"reason\":"
        "\"SchedulingGated\"}]}}", b), "SchedulingGated");
}

static void test_pod_status_while_initialising(void **state)
{
    char b[64];

    assert_string_equal(status_of(
        "{\"spec\":{\"initContainers\":[{\"name\":\"i1\"},{\"name\":\"i2\"}],"
        "\"containers\":[{\"name\":\"a\"}]},\"status\":{\"phase\":\"Pending\","
        "\"initContainerStatuses\":[{\"name\":\"i1\",\"state\":{\"terminated\""
        ":{\"exitCode\":0}}},{\"name\":\"i2\",\"state\":{\"running\":{}}}]}}",
        b), "Init:1/2");
    assert_string_equal(status_of(
        "{\"spec\":{\"initContainers\":[{\"name\":\"i1\"}],\"containers\":[{"
        "\"name\":\"a\"}]},\"status\":{\"phase\":\"Pending\","
        "\"initContainerStatuses\":[{\"name\":\"i1\",\"state\":{\"waiting\":{"
        "\"reason\":\"CrashLoopBackOff\"}}}]}}", b), "Init:CrashLoopBackOff");
    assert_string_equal(status_of(
        "{\"spec\":{\"initContainers\":[{\"name\":\"i1\"}],\"containers\":[{"
        "\"name\":\"a\"}]},\"status\":{\"phase\":\"Pending\","
        "\"initContainerStatuses\":[{\"name\":\"i1\",\"state\":{\"terminated\""
        ":{\"exitCode\":3}}}]}}", b), "Init:ExitCode:3");
}

/* Renders one object's Table and returns the parsed JSON. */
static cJSON *table(const char *group, const char *plural, const char *json,
                    const char *crd, enum sb_kprint_include inc)
{
    struct sb_kprint_list l;
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    cJSON *obj = cJSON_Parse(json), *crdj = crd ? cJSON_Parse(crd) : NULL;
    const cJSON *objs[1];
    cJSON *t;

    assert_non_null(obj);
    objs[0] = obj;
    memset(&l, 0, sizeof(l));
    l.group = group;
    l.plural = plural;
    l.objs = objs;
    l.n = 1;
    l.now = NOW;
    l.include = inc;
    l.crd = crdj;
    l.continue_token = "tok";
    assert_int_equal(sb_kprint_table(&l, &out, &err), 0);
    t = cJSON_Parse(sb_buf_str(&out));
    assert_non_null(t);
    sb_buf_release(&out);
    cJSON_Delete(obj);
    cJSON_Delete(crdj);
    return t;
}

static const char *cell(const cJSON *t, int i)
{
    const cJSON *rows = cJSON_GetObjectItem(t, "rows");
    const cJSON *cells = cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 0),
                                             "cells");
    const cJSON *c = cJSON_GetArrayItem(cells, i);
    static char num[32];

    if (cJSON_IsNumber(c)) {
        snprintf(num, sizeof(num), "%d", c->valueint);
        return num;
    }
    if (cJSON_IsBool(c))
        return cJSON_IsTrue(c) ? "true" : "false";
    return cJSON_IsString(c) ? c->valuestring : "(null)";
}

static int ncols(const cJSON *t)
{
    return cJSON_GetArraySize(cJSON_GetObjectItem(t, "columnDefinitions"));
}

static const char *col_name(const cJSON *t, int i)
{
    return cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(
        t, "columnDefinitions"), i), "name")->valuestring;
}

static void test_pod_row_ready_restarts_and_wide_columns(void **state)
{
    cJSON *t = table("", "pods",
        "{\"metadata\":{\"name\":\"p\",\"creationTimestamp\":"
        "\"2026-11-19T10:00:00Z\"},\"spec\":{\"nodeName\":\"n1\","
        "\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]},\"status\":{"
        "\"phase\":\"Running\",\"podIP\":\"10.0.0.5\",\"containerStatuses\":["
        "{\"name\":\"a\",\"ready\":true,\"restartCount\":0,\"state\":{"
        "\"running\":{}}},{\"name\":\"b\",\"ready\":true,\"restartCount\":2,"
        "\"state\":{\"running\":{}},\"lastState\":{\"terminated\":{"
        "\"finishedAt\":\"2026-11-20T09:55:00Z\"}}}]}}", NULL,
        SB_KPRINT_METADATA);
    const cJSON *cols = cJSON_GetObjectItem(t, "columnDefinitions");

    assert_string_equal(cell(t, 0), "p");
    assert_string_equal(cell(t, 1), "2/2");
    assert_string_equal(cell(t, 2), "Running");
    assert_string_equal(cell(t, 3), "2 (5m ago)");
    assert_string_equal(cell(t, 4), "24h");
    assert_string_equal(cell(t, 5), "10.0.0.5");
    assert_string_equal(cell(t, 6), "n1");
    assert_string_equal(cell(t, 7), "<none>");
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cols, 5),
                                         "priority")->valueint, 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(t,
                                            "metadata"), "continue")
                            ->valuestring, "tok");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(
        cJSON_GetArrayItem(cJSON_GetObjectItem(t, "rows"), 0), "object"),
        "kind")->valuestring, "PartialObjectMetadata");
    cJSON_Delete(t);
}

static void test_node_row_status_roles_and_addresses(void **state)
{
    cJSON *t = table("", "nodes",
        "{\"metadata\":{\"name\":\"n\",\"creationTimestamp\":"
        "\"2026-11-18T10:00:00Z\",\"labels\":{"
        "\"node-role.kubernetes.io/control-plane\":\"\","
        "\"kubernetes.io/role\":\"gpu\"}},\"spec\":{\"unschedulable\":true},"
        "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":"
        "\"Unknown\"}],\"addresses\":[{\"type\":\"InternalIP\",\"address\":"
        "\"10.1.1.1\"}],\"nodeInfo\":{\"kubeletVersion\":\"v1.30.1\"}}}", NULL,
        SB_KPRINT_NONE);

    assert_string_equal(cell(t, 1), "NotReady,SchedulingDisabled");
    assert_string_equal(cell(t, 2), "control-plane,gpu");
    assert_string_equal(cell(t, 3), "2d");
    assert_string_equal(cell(t, 4), "v1.30.1");
    assert_string_equal(cell(t, 5), "10.1.1.1");
    assert_string_equal(cell(t, 6), "<none>");
    assert_string_equal(cell(t, 7), "<unknown>");
    assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(
        cJSON_GetObjectItem(t, "rows"), 0), "object"));
    cJSON_Delete(t);
}

static void test_event_row_counts_and_object(void **state)
{
    cJSON *t = table("", "events",
        "{\"metadata\":{\"name\":\"e1\"},\"involvedObject\":{\"kind\":\"Pod\","
        "\"name\":\"p\"},\"reason\":\"BackOff\",\"type\":\"Warning\","
        "\"message\":\" back-off \\n\",\"firstTimestamp\":"
        "\"2026-11-20T09:00:00Z\",\"lastTimestamp\":\"2026-11-20T09:59:00Z\","
        "\"count\":4,\"source\":{\"component\":\"kubelet\",\"host\":\"n1\"}}",
        NULL, SB_KPRINT_METADATA);

    assert_string_equal(cell(t, 0), "60s");
    assert_string_equal(cell(t, 3), "pod/p");
    assert_string_equal(cell(t, 5), "kubelet, n1");
    assert_string_equal(cell(t, 6), "back-off");
    assert_string_equal(cell(t, 7), "60m");
    assert_string_equal(cell(t, 8), "4");
    cJSON_Delete(t);
}

static void test_service_external_ip_by_type(void **state)
{
    cJSON *t = table("", "services",
        "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"type\":\"LoadBalancer\","
        "\"clusterIPs\":[\"10.96.0.9\"],\"ports\":[{\"port\":80,\"nodePort\":"
        "30080,\"protocol\":\"TCP\"},{\"port\":53,\"protocol\":\"UDP\"}],"
        "\"selector\":{\"b\":\"2\",\"a\":\"1\"}},\"status\":{\"loadBalancer\":"
        "{}}}", NULL, SB_KPRINT_NONE);

    assert_string_equal(cell(t, 2), "10.96.0.9");
    assert_string_equal(cell(t, 3), "<pending>");
    assert_string_equal(cell(t, 4), "80:30080/TCP,53/UDP");
    assert_string_equal(cell(t, 5), "<unknown>");
    assert_string_equal(cell(t, 6), "a=1,b=2");
    cJSON_Delete(t);
}

static void test_custom_resource_uses_crd_printer_columns(void **state)
{
    cJSON *t = table("serving.kserve.io", "inferenceservices",
        "{\"metadata\":{\"name\":\"m\",\"creationTimestamp\":"
        "\"2026-11-20T09:00:00Z\"},\"status\":{\"url\":\"http://m\","
        "\"replicas\":2,\"conditions\":[{\"type\":\"Other\",\"status\":"
        "\"True\"},{\"type\":\"Ready\",\"status\":\"False\"}]}}",
        "{\"spec\":{\"versions\":[{\"name\":\"v1\",\"storage\":true,"
        "\"additionalPrinterColumns\":[{\"name\":\"URL\",\"type\":\"string\","
        "\"jsonPath\":\".status.url\"},{\"name\":\"Ready\",\"type\":"
        "\"string\",\"jsonPath\":\".status.conditions[?(@.type=='Ready')]."
        "status\"},{\"name\":\"Replicas\",\"type\":\"integer\",\"jsonPath\":"
        "\".status.replicas\"},{\"name\":\"Missing\",\"type\":\"string\","
        "\"jsonPath\":\".status.nope\"},{\"name\":\"Age\",\"type\":\"date\","
        "\"jsonPath\":\".metadata.creationTimestamp\"}]}]}}",
        SB_KPRINT_OBJECT);
    const cJSON *cols = cJSON_GetObjectItem(t, "columnDefinitions");

    assert_int_equal(cJSON_GetArraySize(cols), 6);
    assert_string_equal(cell(t, 0), "m");
    assert_string_equal(cell(t, 1), "http://m");
    assert_string_equal(cell(t, 2), "False");
    assert_string_equal(cell(t, 3), "2");
    assert_string_equal(cell(t, 4), "(null)");
    assert_string_equal(cell(t, 5), "60m");
    cJSON_Delete(t);
}

static void test_json_null_is_an_absent_field(void **state)
{
    char b[64];
    cJSON *t;

    /* a running container whose status says "terminated": null */
    assert_string_equal(status_of(
        "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":"
        "\"a\",\"ready\":true,\"state\":{\"running\":{},\"terminated\":null,"
        "\"waiting\":null},\"lastState\":{\"terminated\":null}}]}}", b),
        "Running");
    t = table("", "pods",
        "{\"metadata\":{\"name\":\"p\",\"creationTimestamp\":"
        "\"2026-11-19T10:00:00Z\",\"deletionTimestamp\":null},\"spec\":{"
        "\"containers\":[{\"name\":\"a\"}]},\"status\":{\"phase\":"
        "\"Running\",\"containerStatuses\":[{\"name\":\"a\",\"ready\":true,"
        "\"restartCount\":0,\"state\":{\"running\":{},\"terminated\":null},"
        "\"lastState\":{\"terminated\":null}}]}}", NULL, SB_KPRINT_NONE);
    assert_string_equal(cell(t, 1), "1/1");
    assert_string_equal(cell(t, 2), "Running");
    assert_string_equal(cell(t, 3), "0");
    cJSON_Delete(t);
    /* "series": null: LAST SEEN from lastTimestamp, not <unknown> */
    t = table("", "events",
        "{\"metadata\":{\"name\":\"e\"},\"involvedObject\":{\"kind\":"
        "\"Pod\",\"name\":\"p\"},\"series\":null,\"count\":3,"
        "\"firstTimestamp\":\"2026-11-20T09:00:00Z\",\"lastTimestamp\":"
        "\"2026-11-20T09:58:00Z\",\"eventTime\":null}", NULL,
        SB_KPRINT_NONE);
    assert_string_equal(cell(t, 0), "2m");
    assert_string_equal(cell(t, 8), "3");
    cJSON_Delete(t);
}

static void test_storageclass_marks_the_default_and_fills_defaults(void **state)
{
    cJSON *t = table("storage.k8s.io", "storageclasses",
        "{\"metadata\":{\"name\":\"fast\",\"creationTimestamp\":"
        "\"2026-11-20T09:00:00Z\",\"annotations\":{"
        "\"storageclass.kubernetes.io/is-default-class\":\"true\"}},"
        "\"provisioner\":\"csi.example.com\",\"reclaimPolicy\":null}",
        NULL, SB_KPRINT_NONE);

    assert_int_equal(ncols(t), 6);
    assert_string_equal(col_name(t, 4), "AllowVolumeExpansion");
    assert_string_equal(cell(t, 0), "fast (default)");
    assert_string_equal(cell(t, 1), "csi.example.com");
    assert_string_equal(cell(t, 2), "Delete");
    assert_string_equal(cell(t, 3), "Immediate");
    assert_string_equal(cell(t, 4), "false");
    assert_string_equal(cell(t, 5), "60m");
    cJSON_Delete(t);
    t = table("storage.k8s.io", "storageclasses",
        "{\"metadata\":{\"name\":\"slow\",\"annotations\":{"
        "\"storageclass.kubernetes.io/is-default-class\":\"false\"}},"
        "\"provisioner\":\"p\",\"reclaimPolicy\":\"Retain\","
        "\"volumeBindingMode\":\"WaitForFirstConsumer\","
        "\"allowVolumeExpansion\":true}", NULL, SB_KPRINT_NONE);
    assert_string_equal(cell(t, 0), "slow");
    assert_string_equal(cell(t, 2), "Retain");
    assert_string_equal(cell(t, 3), "WaitForFirstConsumer");
    assert_string_equal(cell(t, 4), "true");
    cJSON_Delete(t);
}

static void test_endpointslice_ports_and_endpoints_past_three(void **state)
{
    cJSON *t = table("discovery.k8s.io", "endpointslices",
        "{\"metadata\":{\"name\":\"web-abc\"},\"addressType\":\"IPv4\","
        "\"ports\":[{\"port\":80},{\"name\":\"x\"}],\"endpoints\":["
        "{\"addresses\":[\"10.0.0.1\"]},{\"addresses\":[\"10.0.0.2\"]},"
        "{\"addresses\":[\"10.0.0.3\"]},{\"addresses\":[\"10.0.0.4\"]},"
        "{\"addresses\":[\"10.0.0.5\"]}]}", NULL, SB_KPRINT_NONE);

    assert_string_equal(cell(t, 1), "IPv4");
    assert_string_equal(cell(t, 2), "80,<unset>");
    assert_string_equal(cell(t, 3),
                        "10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...");
    cJSON_Delete(t);
    t = table("discovery.k8s.io", "endpointslices",
        "{\"metadata\":{\"name\":\"empty\"},\"addressType\":\"IPv6\","
        "\"endpoints\":null}", NULL, SB_KPRINT_NONE);
    assert_string_equal(cell(t, 2), "<unset>");
    assert_string_equal(cell(t, 3), "<unset>");
    cJSON_Delete(t);
}

static void test_hpa_targets_reference_and_min_pods(void **state)
{
    cJSON *t = table("autoscaling", "horizontalpodautoscalers",
        "{\"metadata\":{\"name\":\"h\"},\"spec\":{\"scaleTargetRef\":{"
        "\"kind\":\"Deployment\",\"name\":\"web\"},\"maxReplicas\":5,"
        "\"metrics\":[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\","
        "\"target\":{\"type\":\"Utilization\",\"averageUtilization\":80}}},"
        "{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"target\":"
        "{\"type\":\"AverageValue\",\"averageValue\":\"1Gi\"}}}]},"
        "\"status\":{\"currentReplicas\":2,\"currentMetrics\":[{\"type\":"
        "\"Resource\",\"resource\":{\"name\":\"cpu\",\"current\":{"
        "\"averageUtilization\":35}}}]}}", NULL, SB_KPRINT_NONE);

    assert_string_equal(cell(t, 1), "Deployment/web");
    assert_string_equal(cell(t, 2), "cpu: 35%/80%, memory: <unknown>/1Gi");
    assert_string_equal(cell(t, 3), "<unset>");
    assert_string_equal(cell(t, 4), "5");
    assert_string_equal(cell(t, 5), "2");
    cJSON_Delete(t);
    t = table("autoscaling", "horizontalpodautoscalers",
        "{\"metadata\":{\"name\":\"v1\"},\"spec\":{\"minReplicas\":2,"
        "\"maxReplicas\":4,\"targetCPUUtilizationPercentage\":50}}", NULL,
        SB_KPRINT_NONE);
    assert_string_equal(cell(t, 2), "cpu: <unknown>/50%");
    assert_string_equal(cell(t, 3), "2");
    cJSON_Delete(t);
}

static void test_pdb_priorityclass_lease_and_runtimeclass_rows(void **state)
{
    cJSON *t = table("policy", "poddisruptionbudgets",
        "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"minAvailable\":\"50%\"},"
        "\"status\":{\"disruptionsAllowed\":1}}", NULL, SB_KPRINT_NONE);

    assert_string_equal(cell(t, 1), "50%");
    assert_string_equal(cell(t, 2), "N/A");
    assert_string_equal(cell(t, 3), "1");
    cJSON_Delete(t);
    t = table("scheduling.k8s.io", "priorityclasses",
        "{\"metadata\":{\"name\":\"high\"},\"value\":1000000,"
        "\"globalDefault\":true}", NULL, SB_KPRINT_NONE);
    assert_string_equal(cell(t, 1), "1000000");
    assert_string_equal(cell(t, 2), "true");
    assert_string_equal(cell(t, 4), "PreemptLowerPriority");
    cJSON_Delete(t);
    t = table("coordination.k8s.io", "leases",
        "{\"metadata\":{\"name\":\"node-1\"},\"spec\":{\"holderIdentity\":"
        "\"node-1\"}}", NULL, SB_KPRINT_NONE);
    assert_int_equal(ncols(t), 3);
    assert_string_equal(cell(t, 1), "node-1");
    cJSON_Delete(t);
    t = table("node.k8s.io", "runtimeclasses",
        "{\"metadata\":{\"name\":\"nvidia\"},\"handler\":\"nvidia\"}", NULL,
        SB_KPRINT_NONE);
    assert_string_equal(cell(t, 1), "nvidia");
    cJSON_Delete(t);
}

static void test_crd_prints_created_at_not_age(void **state)
{
    cJSON *t = table("apiextensions.k8s.io", "customresourcedefinitions",
        "{\"metadata\":{\"name\":\"widgets.example.com\",\"creationTimestamp\":"
        "\"2026-01-02T03:04:05Z\"}}", NULL, SB_KPRINT_NONE);

    assert_int_equal(ncols(t), 2);
    assert_string_equal(col_name(t, 1), "Created At");
    assert_string_equal(cell(t, 1), "2026-01-02T03:04:05Z");
    cJSON_Delete(t);
    t = table("apps", "controllerrevisions",
        "{\"metadata\":{\"name\":\"trainer-6c\",\"ownerReferences\":[{"
        "\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"name\":"
        "\"trainer\",\"controller\":true}]},\"revision\":3}", NULL,
        SB_KPRINT_NONE);
    assert_string_equal(cell(t, 1), "statefulset.apps/trainer");
    assert_string_equal(cell(t, 2), "3");
    cJSON_Delete(t);
}

static void test_rc_and_podtemplate_rows(void **state)
{
    cJSON *t = table("", "replicationcontrollers",
        "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":3,"
        "\"selector\":{\"app\":\"web\",\"tier\":\"fe\"},\"template\":{"
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"nginx:1\"},"
        "{\"name\":\"b\",\"image\":\"busybox\"}]}}},\"status\":{"
        "\"replicas\":2,\"readyReplicas\":1}}", NULL, SB_KPRINT_NONE);

    (void)state;
    assert_int_equal(ncols(t), 8);
    assert_string_equal(col_name(t, 1), "Desired");
    assert_string_equal(cell(t, 1), "3");
    assert_string_equal(cell(t, 2), "2");
    assert_string_equal(cell(t, 3), "1");
    assert_string_equal(cell(t, 5), "a,b");
    assert_string_equal(cell(t, 6), "nginx:1,busybox");
    assert_string_equal(cell(t, 7), "app=web,tier=fe");
    cJSON_Delete(t);
    t = table("", "podtemplates",
        "{\"metadata\":{\"name\":\"tpl\"},\"template\":{\"metadata\":{"
        "\"labels\":{\"run\":\"x\"}},\"spec\":{\"containers\":[{\"name\":"
        "\"c\",\"image\":\"img\"}]}}}", NULL, SB_KPRINT_NONE);
    assert_int_equal(ncols(t), 4);
    assert_string_equal(col_name(t, 3), "Pod Labels");
    assert_string_equal(cell(t, 1), "c");
    assert_string_equal(cell(t, 2), "img");
    assert_string_equal(cell(t, 3), "run=x");
    cJSON_Delete(t);
}

static void test_resourcequota_splits_requests_and_limits(void **state)
{
    cJSON *t = table("", "resourcequotas",
        "{\"metadata\":{\"name\":\"q\",\"creationTimestamp\":"
        "\"2026-11-20T09:59:00Z\"},\"status\":{\"hard\":{\"pods\":\"10\","
        "\"limits.cpu\":\"4\",\"requests.cpu\":\"2\",\"limits.memory\":"
        "\"8Gi\"},\"used\":{\"pods\":\"3\",\"requests.cpu\":\"500m\","
        "\"limits.cpu\":\"1\"}}}", NULL, SB_KPRINT_NONE);

    (void)state;
    assert_int_equal(ncols(t), 4);
    assert_string_equal(col_name(t, 2), "Request");
    assert_string_equal(cell(t, 1), "60s");
    assert_string_equal(cell(t, 2), "pods: 3/10, requests.cpu: 500m/2");
    assert_string_equal(cell(t, 3), "limits.cpu: 1/4, limits.memory: 0/8Gi");
    cJSON_Delete(t);
    /* Quantity.String(): the canonical form, whatever the bundle wrote
     * (the printer once copied the text); null is the zero Quantity */
    t = table("", "resourcequotas",
        "{\"metadata\":{\"name\":\"q\"},\"status\":{\"hard\":{"
        "\"requests.cpu\":\"2000m\",\"requests.memory\":\"1024Mi\","
        "\"pods\":12},\"used\":{\"requests.cpu\":\"0.5\","
        "\"requests.memory\":null,\"pods\":\"lots\"}}}", NULL,
        SB_KPRINT_NONE);
    assert_string_equal(cell(t, 2), "pods: lots/12, requests.cpu: 500m/2, "
                        "requests.memory: 0/1Gi");
    cJSON_Delete(t);
}

static void test_csr_condition_and_csidriver_defaults(void **state)
{
    cJSON *t = table("certificates.k8s.io", "certificatesigningrequests",
        "{\"metadata\":{\"name\":\"csr-1\"},\"spec\":{\"signerName\":"
        "\"kubernetes.io/kubelet-serving\",\"username\":\"system:node:n1\","
        "\"expirationSeconds\":86400},\"status\":{\"conditions\":[{\"type\":"
        "\"Approved\"}],\"certificate\":\"TFMw\"}}", NULL, SB_KPRINT_NONE);

    (void)state;
    assert_int_equal(ncols(t), 6);
    assert_string_equal(cell(t, 2), "kubernetes.io/kubelet-serving");
    assert_string_equal(cell(t, 3), "system:node:n1");
    assert_string_equal(cell(t, 4), "24h");
    assert_string_equal(cell(t, 5), "Approved,Issued");
    cJSON_Delete(t);
    t = table("certificates.k8s.io", "certificatesigningrequests",
        "{\"metadata\":{\"name\":\"csr-2\"},\"spec\":{\"username\":\"u\"},"
        "\"status\":{\"conditions\":[{\"type\":\"Approved\"},{\"type\":"
        "\"Denied\"},{\"type\":\"Failed\"}]}}", NULL, SB_KPRINT_NONE);
    assert_string_equal(cell(t, 2), "<none>");
    assert_string_equal(cell(t, 4), "<none>");
    assert_string_equal(cell(t, 5), "Denied,Failed");
    cJSON_Delete(t);
    t = table("certificates.k8s.io", "certificatesigningrequests",
        "{\"metadata\":{\"name\":\"csr-3\"},\"spec\":{}}", NULL,
        SB_KPRINT_NONE);
    assert_string_equal(cell(t, 5), "Pending");
    cJSON_Delete(t);
    t = table("storage.k8s.io", "csidrivers",
        "{\"metadata\":{\"name\":\"nfs.csi.k8s.io\"},\"spec\":{"
        "\"podInfoOnMount\":true,\"volumeLifecycleModes\":[\"Persistent\","
        "\"Ephemeral\"]}}", NULL, SB_KPRINT_NONE);
    assert_int_equal(ncols(t), 8);
    assert_string_equal(col_name(t, 4), "TokenRequests");
    assert_string_equal(cell(t, 1), "true");     /* attachRequired unset */
    assert_string_equal(cell(t, 2), "true");
    assert_string_equal(cell(t, 3), "false");
    assert_string_equal(cell(t, 4), "<unset>");
    assert_string_equal(cell(t, 5), "false");
    assert_string_equal(cell(t, 6), "Persistent,Ephemeral");
    cJSON_Delete(t);
    t = table("storage.k8s.io", "csidrivers",
        "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"attachRequired\":false,"
        "\"tokenRequests\":[{\"audience\":\"vault\"},{\"audience\":\"gcp\"}],"
        "\"requiresRepublish\":true}}", NULL, SB_KPRINT_NONE);
    assert_string_equal(cell(t, 1), "false");
    assert_string_equal(cell(t, 4), "vault,gcp");
    assert_string_equal(cell(t, 5), "true");
    assert_string_equal(cell(t, 6), "<none>");
    cJSON_Delete(t);
}

static void test_unknown_kind_falls_back_to_name_and_age(void **state)
{
    cJSON *t = table("example.com", "widgets",
        "{\"metadata\":{\"name\":\"w\",\"creationTimestamp\":"
        "\"2026-11-20T09:59:00Z\"}}", NULL, SB_KPRINT_METADATA);
    const cJSON *cols = cJSON_GetObjectItem(t, "columnDefinitions");

    assert_int_equal(cJSON_GetArraySize(cols), 2);
    assert_string_equal(cell(t, 0), "w");
    assert_string_equal(cell(t, 1), "60s");
    cJSON_Delete(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pod_status_names_the_failing_container_state),
        cmocka_unit_test(test_pod_status_from_phase_reason_and_deletion),
        cmocka_unit_test(test_pod_status_while_initialising),
        cmocka_unit_test(test_pod_row_ready_restarts_and_wide_columns),
        cmocka_unit_test(test_node_row_status_roles_and_addresses),
        cmocka_unit_test(test_event_row_counts_and_object),
        cmocka_unit_test(test_service_external_ip_by_type),
        cmocka_unit_test(test_custom_resource_uses_crd_printer_columns),
        cmocka_unit_test(test_json_null_is_an_absent_field),
        cmocka_unit_test(test_storageclass_marks_the_default_and_fills_defaults),
        cmocka_unit_test(test_endpointslice_ports_and_endpoints_past_three),
        cmocka_unit_test(test_hpa_targets_reference_and_min_pods),
        cmocka_unit_test(test_pdb_priorityclass_lease_and_runtimeclass_rows),
        cmocka_unit_test(test_crd_prints_created_at_not_age),
        cmocka_unit_test(test_rc_and_podtemplate_rows),
        cmocka_unit_test(test_resourcequota_splits_requests_and_limits),
        cmocka_unit_test(test_csr_condition_and_csidriver_defaults),
        cmocka_unit_test(test_unknown_kind_falls_back_to_name_and_age),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
