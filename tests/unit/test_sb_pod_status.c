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
    /* kubectl prints the phase, and no phase is an empty cell (the
     * loader's copy once said "Unknown") */
    assert_string_equal(status_of("{}", NULL, NULL), "");
}

static struct sb_pod_status parse_status(const char *json)
{
    struct sb_pod_status ps;
    cJSON *pod = cJSON_Parse(json);

    assert_non_null(pod);
    sb_pod_status(pod, &ps);
    cJSON_Delete(pod);
    return ps;
}

/* Where the printer's and the loader's copies disagreed. */
static void test_pod_status_edges_of_the_former_copies(void **state)
{
    struct sb_pod_status ps;

    /* a scheduling gate wins over the phase (only the printer knew) */
    ps = parse_status("{\"status\":{\"phase\":\"Pending\",\"conditions\":"
        "[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":"
        "\"SchedulingGated\"}]}}");
    assert_string_equal(ps.status, "SchedulingGated");
    /* a near miss: another reason on PodScheduled leaves the phase */
    ps = parse_status("{\"status\":{\"phase\":\"Pending\",\"conditions\":"
        "[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":"
        "\"Unschedulable\"}]}}");
    assert_string_equal(ps.status, "Pending");
    /* Completed with a container still running: any True Ready condition
     * makes it Running (the loader's copy stopped at the first one) */
    ps = parse_status("{\"spec\":{\"containers\":[{},{}]},\"status\":{"
        "\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
        "\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"True\"}],"
        "\"containerStatuses\":[{\"ready\":true,\"state\":{\"running\":{}}},"
        "{\"state\":{\"terminated\":{\"reason\":\"Completed\"}}}]}}");
    assert_string_equal(ps.status, "Running");
    assert_int_equal(ps.ready, 1);
    assert_int_equal(ps.total, 2);
    /* the first Initialized condition decides (the printer took any) */
    ps = parse_status("{\"spec\":{\"initContainers\":[{\"name\":\"i\"}]},"
        "\"status\":{\"phase\":\"Pending\",\"conditions\":[{\"type\":"
        "\"Initialized\",\"status\":\"False\"},{\"type\":\"Initialized\","
        "\"status\":\"True\"}],\"initContainerStatuses\":[{\"name\":\"i\","
        "\"state\":{\"running\":{}}}],\"containerStatuses\":[{\"state\":{"
        "\"waiting\":{\"reason\":\"ContainerCreating\"}}}]}}");
    assert_string_equal(ps.status, "Init:0/1");
    /* killed by a signal */
    ps = parse_status("{\"status\":{\"phase\":\"Running\",\"containerStatuses\":"
        "[{\"state\":{\"terminated\":{\"signal\":9,\"exitCode\":137}}}]}}");
    assert_string_equal(ps.status, "Signal:9");
    /* a node lost under a deleted pod is Unknown, a finished one keeps
     * its phase */
    ps = parse_status("{\"metadata\":{\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},"
        "\"status\":{\"phase\":\"Running\",\"reason\":\"NodeLost\"}}");
    assert_string_equal(ps.status, "Unknown");
    ps = parse_status("{\"metadata\":{\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},"
        "\"status\":{\"phase\":\"Succeeded\"}}");
    assert_string_equal(ps.status, "Succeeded");
}

/* kubectl's RESTARTS forgets finished init containers once the pod runs;
 * the schema's sum keeps every container. */
static void test_pod_restarts_kubectl_and_schema(void **state)
{
    struct sb_pod_status ps;

    ps = parse_status("{\"spec\":{\"initContainers\":[{\"name\":\"i\"},"
        "{\"name\":\"side\",\"restartPolicy\":\"Always\"}],\"containers\":"
        "[{\"name\":\"a\"}]},\"status\":{\"phase\":\"Running\","
        "\"initContainerStatuses\":[{\"name\":\"i\",\"restartCount\":4,"
        "\"lastState\":{\"terminated\":{\"finishedAt\":\"2026-01-01T05:00:00Z\"}},"
        "\"state\":{\"terminated\":{\"exitCode\":0}}},{\"name\":\"side\","
        "\"restartCount\":1,\"started\":true,\"ready\":true,\"lastState\":{"
        "\"terminated\":{\"finishedAt\":\"2026-01-01T01:00:00Z\"}},\"state\":"
        "{\"running\":{}}}],\"containerStatuses\":[{\"name\":\"a\","
        "\"restartCount\":2,\"ready\":true,\"lastState\":{\"terminated\":{"
        "\"finishedAt\":\"2026-01-01T02:00:00.5Z\"}},\"state\":{\"running\":{}}}]}}");
    assert_string_equal(ps.status, "Running");
    assert_int_equal(ps.ready, 2);
    assert_int_equal(ps.total, 2);
    assert_int_equal(ps.restarts, 3);
    assert_int_equal(ps.restarts_all, 7);
    /* the finished init container's 05:00 restart is forgotten too */
    assert_int_equal(ps.last_restart, 1767232800);
    assert_int_equal(ps.last_restart_ns, 500000000);
    /* counts from a hostile bundle saturate */
    ps = parse_status("{\"status\":{\"containerStatuses\":[{\"restartCount\":"
        "1e400},{\"restartCount\":1e400}]}}");
    assert_int_equal(ps.restarts, 2147483647);
    assert_int_equal(ps.restarts_all, 2147483647);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pod_status_follows_kubectl),
        cmocka_unit_test(test_pod_status_edges_of_the_former_copies),
        cmocka_unit_test(test_pod_restarts_kubectl_and_schema),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
