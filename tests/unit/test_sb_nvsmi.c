#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_nvsmi.h"

/* Reads $SB_SRC/<rel> into 'out'; false when it is not there. */
static bool read_src(const char *rel, struct sb_buf *out)
{
    const char *src = getenv("SB_SRC");
    char path[4096], chunk[65536];
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "%s/%s", src ? src : ".", rel);
    f = fopen(path, "rb");
    if (!f)
        return false;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        assert_int_equal(sb_buf_add(out, chunk, n), 0);
    fclose(f);
    return true;
}

static void parse_file(const char *rel, struct sb_nvsmi *n)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;

    assert_true(read_src(rel, &b));
    if (sb_nvsmi_parse(b.data, b.len, rel, n, &err))
        fail_msg("%s", err.msg);
    sb_buf_release(&b);
}

static void test_nvsmi_old_schema_reads_throttle_and_bit_totals(void **state)
{
    struct sb_nvsmi n;
    const struct sb_nvsmi_gpu *g;

    parse_file("tests/data/nvsmi/v10-old-schema.xml", &n);
    assert_int_equal(n.n_gpus, 1);
    assert_string_equal(n.driver_version, "470.182.03");
    assert_string_equal(n.cuda_version, "11.4");
    g = &n.gpus[0];
    assert_int_equal(g->index, 0);
    assert_string_equal(g->product, "Tesla V100-SXM2-32GB");
    assert_string_equal(g->serial, "0320000000017");
    assert_string_equal(g->pci_bus_id, "00000000:3B:00.0");
    assert_string_equal(g->throttle_reasons, "sw_power_cap,hw_slowdown");
    assert_true(g->temperature == 84 && g->temp_slowdown == 87 &&
                g->temp_shutdown == 90);
    assert_true(g->power_draw > 298.5 && g->power_draw < 298.52);
    assert_true(g->power_limit == 300);
    assert_true(g->utilization == 97);
    assert_true(g->memory_used == 30012 && g->memory_total == 32510);
    assert_string_equal(g->ecc_mode, "Enabled");
    assert_int_equal(g->ecc_volatile_uncorrected, 2);
    assert_int_equal(g->ecc_aggregate_uncorrected, 5);
    assert_int_equal(g->ecc_volatile_corrected, 12);
    assert_int_equal(g->retired_pages, 3);
    assert_int_equal(g->remapped_rows_pending, -1);
    assert_null(g->mig_mode);
    assert_null(g->mig_devices);
    assert_non_null(strstr(g->processes, "\"name\":\"python3 train.py\""));
    assert_non_null(strstr(g->processes, "\"pid\":4242"));
    sb_nvsmi_release(&n);
    sb_nvsmi_release(&n);
}

static void test_nvsmi_not_available_everywhere_leaves_fields_absent(
    void **state)
{
    struct sb_nvsmi n;
    const struct sb_nvsmi_gpu *g;

    parse_file("tests/data/nvsmi/v13-not-available.xml", &n);
    assert_int_equal(n.n_gpus, 1);
    assert_null(n.driver_version);
    assert_null(n.cuda_version);
    assert_null(n.timestamp);
    g = &n.gpus[0];
    assert_null(g->uuid);
    assert_null(g->serial);
    assert_null(g->product);
    /* id="N/A" falls back to pci/pci_bus_id */
    assert_string_equal(g->pci_bus_id, "00000000:C1:00.0");
    assert_true(g->temperature == SB_NVSMI_NONE);
    assert_true(g->temp_slowdown == SB_NVSMI_NONE);
    assert_true(g->temp_shutdown == SB_NVSMI_NONE);
    assert_true(g->power_draw == SB_NVSMI_NONE);
    assert_true(g->power_limit == SB_NVSMI_NONE);
    assert_true(g->utilization == SB_NVSMI_NONE);
    assert_true(g->memory_used == SB_NVSMI_NONE);
    assert_true(g->memory_total == SB_NVSMI_NONE);
    assert_null(g->ecc_mode);
    assert_int_equal(g->ecc_volatile_uncorrected, -1);
    assert_int_equal(g->ecc_aggregate_uncorrected, -1);
    assert_int_equal(g->ecc_volatile_corrected, -1);
    assert_int_equal(g->retired_pages, -1);
    assert_int_equal(g->remapped_rows_pending, -1);
    assert_int_equal(g->remapped_rows_failure, -1);
    assert_null(g->throttle_reasons);
    assert_null(g->mig_mode);
    assert_null(g->mig_devices);
    assert_string_equal(g->processes, "[]");
    sb_nvsmi_release(&n);
}

static void test_nvsmi_new_schema_sums_dram_and_sram_and_derives_limits(
    void **state)
{
    struct sb_nvsmi n;
    const struct sb_nvsmi_gpu *g;

    parse_file("tests/data/nvsmi/h100x2-v13-ecc.xml", &n);
    assert_int_equal(n.n_gpus, 2);
    g = &n.gpus[1];
    assert_int_equal(g->index, 1);
    assert_string_equal(g->uuid, "GPU-6a1e0c9e-2222-4a3b-9c1d-00000000003b");
    assert_int_equal(g->ecc_volatile_uncorrected, 2);
    assert_int_equal(g->ecc_aggregate_uncorrected, 4);
    assert_int_equal(g->ecc_volatile_corrected, 3);
    assert_int_equal(g->remapped_rows_pending, 1);
    assert_int_equal(g->remapped_rows_failure, 0);
    assert_int_equal(g->retired_pages, -1);
    /* 79 C with 8 C of T.Limit headroom; slowdown at -2, shutdown at -8 */
    assert_true(g->temperature == 79);
    assert_true(g->temp_slowdown == 89);
    assert_true(g->temp_shutdown == 95);
    /* instant draw wins over the average */
    assert_true(g->power_draw > 312.2 && g->power_draw < 312.3);
    assert_true(g->power_limit == 700);
    assert_string_equal(g->throttle_reasons,
                        "hw_thermal_slowdown,sw_thermal_slowdown");
    assert_string_equal(g->mig_mode, "Disabled");
    assert_null(g->mig_devices);
    assert_string_equal(n.gpus[0].throttle_reasons, "gpu_idle");
    sb_nvsmi_release(&n);
}

static void test_nvsmi_mig_devices_become_json(void **state)
{
    struct sb_nvsmi n;
    const struct sb_nvsmi_gpu *g;

    parse_file("tests/data/nvsmi/h100-mig-v12.xml", &n);
    g = &n.gpus[0];
    assert_string_equal(g->mig_mode, "Enabled");
    assert_non_null(g->mig_devices);
    assert_non_null(strstr(g->mig_devices, "\"gpu_instance_id\":1"));
    assert_non_null(strstr(g->mig_devices, "\"multiprocessor_count\":32"));
    assert_non_null(strstr(g->mig_devices, "\"memory_total_mib\":19968"));
    assert_non_null(strstr(g->processes, "\"name\":\"triton\""));
    assert_non_null(strstr(g->processes, "\"gpu_instance_id\":2"));
    assert_string_equal(g->throttle_reasons, "");
    sb_nvsmi_release(&n);
}

static void expect_error(const char *xml, int code, const char *fragment)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_nvsmi n;

    assert_int_equal(sb_nvsmi_parse(xml, strlen(xml), "host/x.xml", &n, &err),
                     code);
    assert_int_equal(n.n_gpus, 0);
    assert_null(n.gpus);
    if (!strstr(err.msg, fragment))
        fail_msg("'%s' lacks '%s'", err.msg, fragment);
    assert_true(strchr(err.msg, '\n') == NULL);
}

static void test_nvsmi_bad_input_names_file_and_line(void **state)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    assert_true(read_src("tests/data/nvsmi/truncated.xml", &b));
    expect_error(b.data, SB_E_FORMAT, "bad XML in 'host/x.xml' at line");
    expect_error("<html><body/></html>", SB_E_FORMAT,
                 "root element is 'html'");
    expect_error("", SB_E_FORMAT, "'host/x.xml'");
    expect_error("not xml at all", SB_E_FORMAT, "line 1");
    sb_buf_release(&b);
}

static void test_nvsmi_entity_bomb_is_refused_not_expanded(void **state)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE nvidia_smi_log [\n"
        " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        "]>\n<nvidia_smi_log><gpu id=\"1\"><product_name>&c;&c;&c;&c;"
        "</product_name></gpu></nvidia_smi_log>";
    struct sb_err err = SB_ERR_INIT;
    struct sb_nvsmi n;
    int rc = sb_nvsmi_parse(xml, strlen(xml), "e.xml", &n, &err);

    /* libxml2 either refuses the amplification or leaves it unexpanded */
    if (rc) {
        assert_int_equal(rc, SB_E_FORMAT);
        assert_non_null(strstr(err.msg, "bad XML in 'e.xml'"));
    } else {
        assert_null(n.gpus[0].product);
    }
    sb_nvsmi_release(&n);
}

static void test_nvsmi_external_entity_is_not_read(void **state)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE nvidia_smi_log [\n"
        " <!ENTITY x SYSTEM \"file:///etc/passwd\">\n"
        "]>\n<nvidia_smi_log><gpu id=\"1\"><serial>&x;</serial>"
        "</gpu></nvidia_smi_log>";
    struct sb_err err = SB_ERR_INIT;
    struct sb_nvsmi n;

    if (sb_nvsmi_parse(xml, strlen(xml), "e.xml", &n, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(n.n_gpus, 1);
    assert_null(n.gpus[0].serial);
    sb_nvsmi_release(&n);
}

static void test_nvsmi_no_gpus_is_valid(void **state)
{
    static const char xml[] = "<nvidia_smi_log><driver_version>1.2"
                              "</driver_version></nvidia_smi_log>";
    struct sb_err err = SB_ERR_INIT;
    struct sb_nvsmi n;

    assert_int_equal(sb_nvsmi_parse(xml, strlen(xml), "e.xml", &n, &err), 0);
    assert_int_equal(n.n_gpus, 0);
    assert_string_equal(n.driver_version, "1.2");
    sb_nvsmi_release(&n);
}

static void test_nvsmi_every_allocation_failure_is_clean(void **state)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    long i, made;
    int rc;

    assert_true(read_src("tests/data/nvsmi/h100-mig-v12.xml", &b));
    for (i = 0;; i++) {
        struct sb_err err = SB_ERR_INIT;
        struct sb_nvsmi n;

        sb_alloc_fail_after(i);
        rc = sb_nvsmi_parse(b.data, b.len, "m.xml", &n, &err);
        made = sb_alloc_fail_after(-1);
        if (rc == 0) {
            assert_int_equal(n.n_gpus, 1);
            sb_nvsmi_release(&n);
            break;
        }
        assert_int_equal(rc, SB_E_NOMEM);
        assert_null(n.gpus);
        assert_true(made <= i);
    }
    assert_true(i > 5);
    sb_buf_release(&b);
}

/* Real outputs from real machines, when the shared fixtures are there. */
static void test_nvsmi_real_outputs_of_every_model_parse(void **state)
{
    static const char *const dir = "../shared/fixtures/gpu/nvidia-smi-xml";
    char full[4096], rel[4096];
    struct dirent *de;
    int files = 0;
    DIR *d;

    snprintf(full, sizeof(full), "%s/%s", getenv("SB_SRC") ?
             getenv("SB_SRC") : ".", dir);
    d = opendir(full);
    if (!d)
        skip();
    while ((de = readdir(d))) {
        struct sb_nvsmi n;
        size_t i;

        if (!strstr(de->d_name, ".xml"))
            continue;
        snprintf(rel, sizeof(rel), "%s/%s", dir, de->d_name);
        parse_file(rel, &n);
        assert_true(n.n_gpus >= 1);
        for (i = 0; i < n.n_gpus; i++) {
            assert_non_null(n.gpus[i].product);
            assert_non_null(n.gpus[i].pci_bus_id);
            assert_true(n.gpus[i].memory_total > 0);
            assert_non_null(n.gpus[i].processes);
        }
        sb_nvsmi_release(&n);
        files++;
    }
    closedir(d);
    assert_true(files >= 10);
}

static void test_nvsmi_real_a100_mig_and_t4_processes(void **state)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_nvsmi n;

    if (!read_src("../shared/fixtures/gpu/nvidia-smi-xml/a100-sxm4-v12.xml",
                  &b))
        skip();
    sb_buf_release(&b);
    parse_file("../shared/fixtures/gpu/nvidia-smi-xml/a100-sxm4-v12.xml", &n);
    assert_string_equal(n.gpus[0].product, "NVIDIA A100-SXM4-80GB");
    assert_string_equal(n.gpus[0].mig_mode, "Enabled");
    assert_non_null(strstr(n.gpus[0].mig_devices, "\"gpu_instance_id\":3"));
    assert_string_equal(n.driver_version, "535.54.03");
    assert_int_equal(n.gpus[0].ecc_volatile_uncorrected, 0);
    sb_nvsmi_release(&n);

    parse_file("../shared/fixtures/gpu/nvidia-smi-xml/tesla-t4.xml", &n);
    assert_non_null(strstr(n.gpus[0].processes, "\"pid\":5762"));
    assert_non_null(strstr(n.gpus[0].processes, "/usr/lib/xorg/Xorg"));
    assert_true(n.gpus[0].power_draw > 26.7 && n.gpus[0].power_draw < 26.8);
    assert_true(n.gpus[0].power_limit == 70);
    assert_non_null(n.gpus[0].throttle_reasons);
    sb_nvsmi_release(&n);

    parse_file("../shared/fixtures/gpu/nvidia-smi-xml/gtx-1070-ti.xml", &n);
    assert_true(n.gpus[0].power_draw == SB_NVSMI_NONE);
    assert_null(n.gpus[0].ecc_mode);
    assert_null(n.gpus[0].throttle_reasons);
    sb_nvsmi_release(&n);
}

static void test_nvsmi_real_h100_driver580(void **state)
{
    static const char *const rel =
        "../shared/fixtures/gpu/nvidia-smi-h100-driver580/nvidia-smi-q-x.xml";
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    const struct sb_nvsmi_gpu *g;
    struct sb_nvsmi n;

    if (!read_src(rel, &b))
        skip();
    sb_buf_release(&b);
    parse_file(rel, &n);
    assert_int_equal(n.n_gpus, 1);
    assert_string_equal(n.driver_version, "580.159.04");
    assert_string_equal(n.cuda_version, "13.0");
    g = &n.gpus[0];
    assert_string_equal(g->uuid, "GPU-1c27a156-6ca5-b28e-26c9-a646516659de");
    assert_string_equal(g->serial, "1650000000001");
    assert_string_equal(g->pci_bus_id, "00000000:00:06.0");
    assert_true(g->temperature == 35);
    assert_true(g->temp_slowdown == 90);
    assert_true(g->temp_shutdown == 96);
    assert_true(g->power_draw > 77.2 && g->power_draw < 77.3);
    assert_true(g->power_limit == 700);
    assert_true(g->memory_total == 81559 && g->memory_used == 0);
    assert_string_equal(g->throttle_reasons, "gpu_idle");
    assert_int_equal(g->ecc_volatile_uncorrected, 0);
    assert_int_equal(g->ecc_aggregate_uncorrected, 0);
    assert_int_equal(g->retired_pages, -1);
    assert_int_equal(g->remapped_rows_pending, 0);
    assert_string_equal(g->mig_mode, "Disabled");
    assert_null(g->mig_devices);
    assert_string_equal(g->processes, "[]");
    sb_nvsmi_release(&n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nvsmi_old_schema_reads_throttle_and_bit_totals),
        cmocka_unit_test(
            test_nvsmi_not_available_everywhere_leaves_fields_absent),
        cmocka_unit_test(
            test_nvsmi_new_schema_sums_dram_and_sram_and_derives_limits),
        cmocka_unit_test(test_nvsmi_mig_devices_become_json),
        cmocka_unit_test(test_nvsmi_bad_input_names_file_and_line),
        cmocka_unit_test(test_nvsmi_entity_bomb_is_refused_not_expanded),
        cmocka_unit_test(test_nvsmi_external_entity_is_not_read),
        cmocka_unit_test(test_nvsmi_no_gpus_is_valid),
        cmocka_unit_test(test_nvsmi_every_allocation_failure_is_clean),
        cmocka_unit_test(test_nvsmi_real_outputs_of_every_model_parse),
        cmocka_unit_test(test_nvsmi_real_a100_mig_and_t4_processes),
        cmocka_unit_test(test_nvsmi_real_h100_driver580),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
