#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "sb_bundle.h"
#include "sb_host.h"
#include "sb_time.h"

struct fixture {
    char dir[4200];             /* scratch folder for the bundle */
    char output[4300];
    char root[4096];            /* the stand-in host root */
    char *old_path;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    const char *src = getenv("SB_SRC");
    char path[8192];

    assert_non_null(f);
    /* scratch space in the build folder, which ctest names */
    snprintf(f->dir, sizeof(f->dir), "%s/sb-host-test-XXXXXX",
             getenv("SB_BUILD") ? getenv("SB_BUILD") : ".");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->output, sizeof(f->output), "%s/node.tar.gz", f->dir);
    snprintf(f->root, sizeof(f->root), "%s/tests/data/host-standins/root",
             src ? src : ".");
    f->old_path = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    /* the stand-in nvidia-smi, dmesg and journalctl come first */
    snprintf(path, sizeof(path), "%s/tests/data/host-standins/bin:%s",
             src ? src : ".", f->old_path);
    setenv("PATH", path, 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    setenv("PATH", f->old_path, 1);
    unlink(f->output);
    rmdir(f->dir);
    free(f->old_path);
    free(f);
    return 0;
}

/* A test redactor: masks the token after "Bearer " and counts. */
struct masker {
    int count;
};

static int mask_bearer(void *ctx, const char *in, size_t len,
                       struct sb_buf *out)
{
    struct masker *m = ctx;
    const char *p = in, *end = in + len, *hit;
    int rc = 0;

    while (!rc && (hit = memmem(p, (size_t)(end - p), "Bearer ", 7))) {
        rc = sb_buf_add(out, p, (size_t)(hit - p) + 7);
        p = hit + 7;
        while (p < end && *p != ' ' && *p != '\n')
            p++;
        if (!rc)
            rc = sb_buf_adds(out, "<redacted>");
        m->count++;
    }
    return rc ? rc : sb_buf_add(out, p, (size_t)(end - p));
}

static cJSON *mask_counts(void *ctx)
{
    struct masker *m = ctx;
    cJSON *o = cJSON_CreateObject();

    cJSON_AddNumberToObject(o, "bearer", m->count);
    return o;
}

/* Reads every member of the bundle: 'names' gets "path\n" for each, and
 * 'manifest' / 'kubelet' the text of those two. */
static void read_bundle(const char *path, struct sb_buf *names,
                        struct sb_buf *manifest, struct sb_buf *kubelet)
{
    struct sb_bundle_opts bo;
    struct sb_err err = SB_ERR_INIT;
    struct sb_bundle *bn = NULL;
    struct sb_member m;
    int rc;

    memset(&bo, 0, sizeof(bo));
    if (sb_bundle_open(path, &bo, &bn, &err))
        fail_msg("%s", err.msg);
    while ((rc = sb_bundle_next(bn, &m, &err)) == 1) {
        assert_int_equal(sb_buf_addf(names, "%s\n", m.path), 0);
        if (!strcmp(m.path, "manifest.json"))
            assert_int_equal(sb_bundle_read_all(bn, manifest, &err), 0);
        else if (!strcmp(m.path, "host/journal/kubelet.log"))
            assert_int_equal(sb_bundle_read_all(bn, kubelet, &err), 0);
    }
    assert_int_equal(rc, 0);
    sb_bundle_free(bn);
}

static cJSON *collector(cJSON *manifest, const char *name)
{
    cJSON *c;

    cJSON_ArrayForEach(c, cJSON_GetObjectItem(manifest, "collectors"))
        if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "name")),
                    name))
            return c;
    fail_msg("no collector '%s'", name);
    return NULL;
}

static void test_host_collect_records_hung_and_failing_tools_and_goes_on(
    void **state)
{
    struct fixture *f = *state;
    struct sb_buf names = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf man = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf kub = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_host_summary sum;
    struct sb_err err = SB_ERR_INIT;
    struct masker mk = { 0 };
    struct sb_host_opts o;
    cJSON *m, *c, *gaps;

    memset(&o, 0, sizeof(o));
    o.node_name = "gpu-a";
    o.host_root = f->root;
    o.output = f->output;
    /* long enough for a stand-in script on a loaded machine */
    o.command_timeout_ms = 4000;
    o.redact = mask_bearer;
    o.redact_counts = mask_counts;
    o.redact_ctx = &mk;
    if (sb_host_collect(&o, &sum, &err))
        fail_msg("%s", err.msg);
    assert_false(sum.complete);
    assert_false(sum.stopped);
    assert_int_equal(sum.gaps, 1);
    assert_string_equal(sum.node, "gpu-a");

    read_bundle(f->output, &names, &man, &kub);
    assert_non_null(strstr(names.data, "host/nvidia-smi-q.xml\n"));
    assert_non_null(strstr(names.data, "host/kernel/dmesg.txt\n"));
    assert_non_null(strstr(names.data, "host/nvidia-driver-version.txt\n"));
    assert_non_null(strstr(names.data, "host/proc/pressure/memory\n"));
    assert_non_null(strstr(names.data, "host/cgroup/memory.stat\n"));
    assert_null(strstr(names.data, "host/nvidia-smi-q.txt\n"));
    assert_null(strstr(names.data, "host/journal/crio.log\n"));
    /* redacted before it was written */
    assert_non_null(strstr(kub.data, "Bearer <redacted>"));
    assert_null(strstr(kub.data, "eyJhbGci"));

    m = cJSON_ParseWithLength(man.data, man.len);
    assert_non_null(m);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(m, "kind")),
                        "host");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(m, "node")),
                        "gpu-a");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(m, "complete")));
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "redactions"),
                                         "bearer")->valueint, 1);
    c = collector(m, "nvidia-smi-q");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "timed_out")));
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c, "status")),
                        "failed");
    c = collector(m, "nvidia-smi-nvlink");
    assert_int_equal(cJSON_GetObjectItem(c, "exit_code")->valueint, 3);
    assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(c,
                           "stderr")), "NVLink is not supported"));
    c = collector(m, "kernel-log");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c,
                        "command")), "dmesg --time-format iso");
    c = collector(m, "journal-crio");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c, "status")),
                        "absent");
    gaps = cJSON_GetObjectItem(m, "gaps");
    assert_int_equal(cJSON_GetArraySize(gaps), 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
                        cJSON_GetArrayItem(gaps, 0), "target")),
                        "host/nvidia-smi-q.txt");
    cJSON_Delete(m);
    sb_buf_release(&names);
    sb_buf_release(&man);
    sb_buf_release(&kub);
}

static void test_host_collect_node_defaults_to_the_roots_hostname(
    void **state)
{
    struct fixture *f = *state;
    struct sb_host_summary sum;
    struct sb_err err = SB_ERR_INIT;
    struct sb_host_opts o;

    memset(&o, 0, sizeof(o));
    o.host_root = f->root;
    o.output = f->output;
    o.command_timeout_ms = 4000;
    if (sb_host_collect(&o, &sum, &err))
        fail_msg("%s", err.msg);
    assert_string_equal(sum.node, "gpu-a-hostname");
}

static void test_host_collect_deadline_skips_the_rest_but_writes(void **state)
{
    struct fixture *f = *state;
    struct sb_buf names = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf man = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf kub = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_host_summary sum;
    struct sb_err err = SB_ERR_INIT;
    struct sb_host_opts o;
    int64_t t0 = sb_time_mono_ms();
    cJSON *m;

    memset(&o, 0, sizeof(o));
    o.node_name = "gpu-a";
    o.host_root = f->root;
    o.output = f->output;
    o.timeout_ms = 3000;
    o.command_timeout_ms = 60000;
    if (sb_host_collect(&o, &sum, &err))
        fail_msg("%s", err.msg);
    assert_true(sb_time_mono_ms() - t0 < 20000);
    assert_true(sum.stopped);
    assert_false(sum.complete);
    read_bundle(f->output, &names, &man, &kub);
    assert_non_null(strstr(names.data, "host/nvidia-smi-q.xml\n"));
    assert_null(strstr(names.data, "host/proc/meminfo\n"));
    m = cJSON_ParseWithLength(man.data, man.len);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
                        collector(m, "meminfo"), "status")), "skipped");
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(m, "gaps")) > 3);
    cJSON_Delete(m);
    sb_buf_release(&names);
    sb_buf_release(&man);
    sb_buf_release(&kub);
}

static void test_host_collect_with_nothing_readable_writes_nothing(
    void **state)
{
    struct fixture *f = *state;
    static volatile sig_atomic_t stop = 1;
    struct sb_host_summary sum;
    struct sb_err err = SB_ERR_INIT;
    struct sb_host_opts o;

    memset(&o, 0, sizeof(o));
    o.node_name = "gpu-a";
    o.host_root = f->root;
    o.output = f->output;
    o.stop = &stop;
    assert_int_equal(sb_host_collect(&o, &sum, &err), SB_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "nothing could be collected on 'gpu-a'"));
    assert_int_not_equal(access(f->output, F_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_host_collect_records_hung_and_failing_tools_and_goes_on,
            setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_host_collect_node_defaults_to_the_roots_hostname, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_host_collect_deadline_skips_the_rest_but_writes, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_host_collect_with_nothing_readable_writes_nothing, setup,
            teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
