/*
 * The failure-signature data (reports/gpu/signatures.txt): every line
 * reads, every pattern compiles and matches the sample recorded from its
 * source issue and no signature of another rule, every signature feeds a
 * rule that exists, and there are at least 60 of them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sb_embed.h"
#include "sb_prefilter.h"
#include "sb_regex.h"
#include "sb_sig.h"

static void test_sig_file_reads_without_errors(void **state)
{
    int first_bad = -1;

    (void)state;
    assert_int_equal(sb_sig_errors(&first_bad), 0);
    /* the requirement: at least 60 distinct failures of the stack */
    if (sb_sig_count() < 60)
        fail_msg("%d signatures, fewer than 60", sb_sig_count());
}

static void test_sig_each_has_source_remedy_and_rule(void **state)
{
    char path[256];

    (void)state;
    for (int i = 0; i < sb_sig_count(); i++) {
        const struct sb_sig *s = sb_sig_at(i);

        /* a public issue or pull request, not a search page */
        if (strncmp(s->source, "https://github.com/", 19) != 0 ||
            (!strstr(s->source, "/issues/") && !strstr(s->source, "/pull/")))
            fail_msg("%s: source '%s' is not an issue", s->id, s->source);
        if (strlen(s->remedy) < 20)
            fail_msg("%s: remedy too short", s->id);
        snprintf(path, sizeof(path), "reports/rules/%s.sql", s->rule);
        if (!sb_embed_find(path))
            fail_msg("%s: rule '%s' does not exist", s->id, s->rule);
        for (int j = 0; j < i; j++)
            if (strcmp(sb_sig_at(j)->id, s->id) == 0)
                fail_msg("%s: id used twice", s->id);
    }
}

static void test_sig_each_matches_its_sample(void **state)
{
    char pat[4096], msg[160];

    (void)state;
    for (int i = 0; i < sb_sig_count(); i++) {
        const struct sb_sig *s = sb_sig_at(i);
        struct sb_regex *rx;

        snprintf(pat, sizeof(pat), "(?i)%s", s->pattern);
        rx = sb_regex_new(pat, msg, sizeof(msg));
        if (!rx)
            fail_msg("%s: %s", s->id, msg);
        if (!sb_regex_match(rx, s->sample, strlen(s->sample)))
            fail_msg("%s: pattern misses its sample", s->id);
        sb_regex_free(rx);
        /* the rule's alternation, which log_grep searches, finds it too */
        rx = sb_regex_new(sb_sig_pattern(s->rule), msg, sizeof(msg));
        assert_non_null(rx);
        if (!sb_regex_match(rx, s->sample, strlen(s->sample)))
            fail_msg("%s: rule alternation misses the sample", s->id);
        sb_regex_free(rx);
        /* and a sample names a signature of its own rule */
        assert_non_null(sb_sig_match(s->rule, s->sample, strlen(s->sample)));
    }
}

/* A sample that another rule's signature also matches would send its
 * finding to the wrong rule with the wrong remedy: each sample names only
 * signatures of its own rule. */
static void test_sig_samples_stay_in_their_rule(void **state)
{
    char pat[4096], msg[160];
    int n = sb_sig_count();

    (void)state;
    for (int j = 0; j < n; j++) {
        const struct sb_sig *b = sb_sig_at(j);
        struct sb_regex *rx;

        snprintf(pat, sizeof(pat), "(?i)%s", b->pattern);
        rx = sb_regex_new(pat, msg, sizeof(msg));
        assert_non_null(rx);
        for (int i = 0; i < n; i++) {
            const struct sb_sig *a = sb_sig_at(i);

            if (strcmp(a->rule, b->rule) != 0 &&
                sb_regex_match(rx, a->sample, strlen(a->sample)))
                fail_msg("sample of %s (%s) matches %s (%s)", a->id,
                         a->rule, b->id, b->rule);
        }
        sb_regex_free(rx);
    }
}

/* The classes the requirement names each have signatures. */
static void test_sig_every_class_is_covered(void **state)
{
    static const struct {
        const char *rule;
        int min;
    } want[] = {
        { "nccl-failure", 25 },       { "cuda-driver-mismatch", 5 },
        { "cuda-init-failure", 20 },  { "cuda-runtime-failure", 5 },
        { "cuda-oom", 10 },           { "model-load-failure", 15 },
        { "device-plugin-health", 3 },
    };

    (void)state;
    for (size_t k = 0; k < sizeof(want) / sizeof(*want); k++) {
        int have = 0;

        for (int i = 0; i < sb_sig_count(); i++)
            have += strcmp(sb_sig_at(i)->rule, want[k].rule) == 0;
        if (have < want[k].min)
            fail_msg("%s: %d signatures, want %d", want[k].rule, have,
                     want[k].min);
    }
}

/* log_grep runs every rule's alternation on every log line; that is
 * cheap only while the prefilter can derive literals from it (a single
 * signature without a literal of 3 bytes, or with a leading .*, would
 * make PCRE2 run on every line of every bundle). And the prefilter must
 * let each sample through, or its line would never reach the pattern. */
static void test_sig_rules_keep_a_prefilter(void **state)
{
    (void)state;
    for (int i = 0; i < sb_sig_count(); i++) {
        const struct sb_sig *s = sb_sig_at(i);
        struct sb_prefilter *pf = sb_prefilter_new(sb_sig_pattern(s->rule));

        if (!pf)
            fail_msg("%s: rule '%s' has no literal prefilter", s->id,
                     s->rule);
        if (sb_prefilter_scan(pf, s->sample, strlen(s->sample)) == 0)
            fail_msg("%s: the prefilter of '%s' rejects the sample", s->id,
                     s->rule);
        sb_prefilter_free(pf);
    }
}

static void test_sig_lookalikes_do_not_match(void **state)
{
    static const char *const lines[] = {
        "ProcessGroupNCCL heart beat monitor thread joined.",
        "initialize_cache: # GPU blocks: 2048, # CPU blocks: 512",
        "Using token for gated repo meta-llama/Llama-3.1-8B: access granted",
        "CUDA driver version 12.4 is sufficient for CUDA runtime version 12.1",
        "NCCL INFO Bootstrap : Using eth0:10.1.0.7<0>",
        "NCCL INFO NET/IB : Using [0]mlx5_0:1/IB [RO]; OOB eth0:10.1.0.7<0>",
        "[I socket.cpp:480] [c10d] The server socket has started to listen on [::]:29500.",
        "2026/11/23 09:00:00 Loading NVML",
        "2026/11/23 09:00:01 'nvidia.com/gpu' device 0 registered",
        "INFO 11-23 10:00:03 [core.py:193] init engine (profile, create kv cache, warmup model) took 41.76 seconds",
        "I1123 10:00:04.000000 1 model_lifecycle.cc:835] successfully loaded 'densenet_onnx'",
        "GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-5e1c2a44-9f1d-7b3e-0c8a-2d4e6f801234)",
        "Volatile Uncorr. ECC : 0",
        /* healthy lines near the vLLM, c10d, NCCL, TensorRT and device
         * plugin signatures: start-up reports, waits, INFO chatter */
        "Free memory on device (110.37/121.69 GiB) on startup.",
        "Desired GPU memory utilization is (0.87, 105.87 GiB).",
        "Maximum concurrency for 20000 tokens per request: 1.56x",
        "INFO 12-07 10:00:02 [kv_cache_utils.py:716] GPU KV cache size: 195,328 tokens",
        "Waiting in store based barrier to initialize process group for rank: 0, key: store_based_barrier_key:1 (world_size=4, worker_count=8, timeout=0:30:00)",
        "[I socket.cpp:480] [c10d] The server socket has started to listen on [::]:29500.",
        "node-1:42:42 [0] NCCL INFO Channel 00/1 : 0[0] -> 1[1] via SHM/direct/direct",
        "I0402 12:47:47.247391       1 factory.go:104] Detected non-Tegra platform: /sys/devices/soc0/family file not found",
        "I1207 10:00:05.000000 1 model_lifecycle.cc:835] successfully loaded 'tensorrt_llm' version 1",
        "[TensorRT-LLM][INFO] Allocated 12.50 GiB for max tokens in paged KV cache (102400).",
        "Successfully assigned ml/vllm-0 to gpu-node-3",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++) {
        const struct sb_sig *s = sb_sig_match(NULL, lines[i],
                                              strlen(lines[i]));
        if (s)
            fail_msg("'%s' matched %s", lines[i], s->id);
    }
}

static void test_sig_unknown_rule_has_no_pattern(void **state)
{
    (void)state;
    assert_null(sb_sig_pattern("no-such-rule"));
    assert_null(sb_sig_match("no-such-rule", "NCCL error", 10));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sig_file_reads_without_errors),
        cmocka_unit_test(test_sig_each_has_source_remedy_and_rule),
        cmocka_unit_test(test_sig_each_matches_its_sample),
        cmocka_unit_test(test_sig_samples_stay_in_their_rule),
        cmocka_unit_test(test_sig_every_class_is_covered),
        cmocka_unit_test(test_sig_rules_keep_a_prefilter),
        cmocka_unit_test(test_sig_lookalikes_do_not_match),
        cmocka_unit_test(test_sig_unknown_rule_has_no_pattern),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
