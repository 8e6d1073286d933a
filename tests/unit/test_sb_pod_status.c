#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "sb_pod_status.h"

static const char *status_of(const char *json, int *ready, int *total)
{
    static struct sb_pod_status ps;
    cJSON *pod = cJSON_Parse(json);

    assert_non_null(pod);
    sb_pod_status(pod, &ps);
    cJSON_Delete(pod);
    if (ready)
        *ready = ps.ready;
    if (total)
        *total = ps.total;
    return ps.status;
}

static void test_pod_status_follows_kubectl(void **state)
{
    int ready, total;

    assert_string_equal(status_of("{\"status\":{\"phase\":\"Running\","
        "\"containerStatuses\":[{\"name\":\"a\",\"ready\":true,\"state\":"
        "{\"running\":{}}}]},\"spec\":{\"containers\":[{\"name\":\"a\"}]}}",
        &ready, &total), "Running");
    assert_int_equal(ready, 1);
    assert_int_equal(total, 1);
    assert_string_equal(status_of("{\"status\":{\"phase\":\"Running\","
        "\"containerStatuses\":[{\"state\":{\"terminated\":{\"reason\":"
        "\"OOMKilled\",\"exitCode\":137}}}]}}", NULL, NULL), "OOMKilled");
    assert_string_equal(status_of("{\"status\":{\"phase\":\"Running\","
        "\"containerStatuses\":[{\"state\":{\"terminated\":{\"exitCode\":"
        "3}}}]}}", NULL, NULL), "ExitCode:3");
    assert_string_equal(status_of("{\"status\":{\"phase\":\"Failed\","
        "\"reason\":\"Evicted\"}}", NULL, NULL), "Evicted");
    assert_string_equal(status_of("{\"spec\":{\"initContainers\":[{\"name\":"
        "\"i1\"},{\"name\":\"i2\"}]},\"status\":{\"phase\":\"Pending\","
        "\"initContainerStatuses\":[{\"name\":\"i1\",\"state\":{\"terminated\":"
        "{\"exitCode\":0}}},{\"name\":\"i2\",\"state\":{\"running\":{}}}]}}",
        NULL, NULL), "Init:1/2");
    assert_string_equal(status_of("{\"status\":{\"phase\":\"Pending\","
        "\"initContainerStatuses\":[{\"name\":\"i\",\"state\":{\"waiting\":"
        "{\"reason\":\"CrashLoopBackOff\"}}}]}}", NULL, NULL),
        "Init:CrashLoopBackOff");
    assert_string_equal(status_of("{\"status\":{\"phase\":\"Pending\","
        "\"initContainerStatuses\":[{\"name\":\"i\",\"state\":{\"terminated\":"
        "{\"exitCode\":2}}}]}}", NULL, NULL), "Init:ExitCode:2");
    assert_string_equal(status_of("{\"metadata\":{\"deletionTimestamp\":"
        "\"2026-11-23T10:00:00Z\"},\"status\":{\"phase\":\"Running\"}}", NULL,
        NULL), "Terminating");
    assert_string_equal(status_of("{\"status\":{\"phase\":\"Pending\","
        "\"containerStatuses\":[{\"state\":{\"waiting\":{\"reason\":"
        "\"ImagePullBackOff\"}}}]}}", NULL, NULL), "ImagePullBackOff");
    assert_string_equal(status_of("{\"status\":{\"phase\":\"Succeeded\","
        "\"containerStatuses\":[{\"state\":{\"terminated\":{\"reason\":"
        "\"Completed\",\"exitCode\":0}}}]}}", NULL, NULL), "Completed");
    assert_string_equal(status_of("{}", NULL, NULL), "Unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pod_status_follows_kubectl),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
