/*
 * Redaction throughput: how fast collect can redact container logs and
 * API objects. Generates log lines like an LLM trainer's and server's
 * (JSON and plain, "tokens" on every other line), once with a secret on
 * one line in 5,000 (ordinary logs) and once on one line in 50 (a worst
 * case: every rule has work in every chunk), and pod objects; redacts
 * them with one redactor and prints MB/s and objects/s.
 * Usage: bench_redact [MB].
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_redact.h"
#include "sb_time.h"

/* An input that cannot be built is a failed run, not a smaller bench. */
static void ok(int rc)
{
    if (rc) {
        fprintf(stderr, "bench: cannot build the input: %s\n",
                sb_err_str(rc));
        exit(1);
    }
}

static const char *const lines[] = {
    "2024-05-01T10:00:00.123456789Z INFO  [trainer] step=%d loss=0.4213 "
    "lr=3e-4 tokens/s=51234 gpu_mem=71.2GiB\n",
    "2024-05-01T10:00:00.123456789Z {\"level\":\"info\",\"ts\":%d,"
    "\"msg\":\"request served\",\"path\":\"/v1/completions\","
    "\"status\":200,\"max_tokens\":512,\"latency_ms\":12.5}\n",
    "2024-05-01T10:00:00.123456789Z I0501 10:00:00.%06d 1 reflector.go:"
    "255] Listing and watching *v1.Pod from k8s.io/client-go\n",
    "2024-05-01T10:00:00.123456789Z NCCL INFO Channel %02d : 0[0] -> 1[1] "
    "via P2P/IPC/read\n",
};

static const char *const secrets[] = {
    "2024-05-01T10:00:00Z {\"msg\":\"call\",\"body\":\"{\\\"apiKey\\\":"
    "\\\"abc-%d\\\"}\"}\n",
    "2024-05-01T10:00:00Z connecting to postgres://app:pw%d@db:5432/x\n",
    "2024-05-01T10:00:00Z Authorization: Bearer eyJhbGciOiJSUzI1NiJ9."
    "eyJzdWIiOiJ4In0.sig%d\n",
};

static double mb(size_t n)
{
    return (double)n / (1024.0 * 1024.0);
}

int main(int argc, char **argv)
{
    size_t want = (size_t)(argc > 1 ? atoi(argv[1]) : 64) << 20, i;
    struct sb_buf in = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf out = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_redactor *r;
    struct sb_err err = SB_ERR_INIT;
    int64_t t0, t1;
    char pod[2048];
    int n, every, objs = 20000;

    if (sb_redactor_new(NULL, 0, &r, &err)) {
        fprintf(stderr, "bench_redact: %s\n", err.msg);
        return 1;
    }
    for (every = 5000; every >= 50; every /= 100) {
        unsigned long before = sb_redact_total(r);

        sb_buf_reset(&in);
        for (n = 0; in.len < want; n++) {
            if (n % every == every - 1)
                ok(sb_buf_addf(&in, secrets[n % 3], n));
            else
                ok(sb_buf_addf(&in, lines[n % 4], n));
        }
        /* logs are redacted in chunks, as collect streams them */
        t0 = sb_time_mono_ms();
        for (i = 0; i < in.len; i += 1 << 16) {
            size_t len = in.len - i < (1 << 16) ? in.len - i : 1 << 16;

            sb_buf_reset(&out);
            sb_redact_text(r, in.data + i, len, &out);
        }
        t1 = sb_time_mono_ms();
        printf("logs, a secret every %d lines: %.1f MB in %lld ms: "
               "%.1f MB/s, %lu masks\n", every, mb(in.len),
               (long long)(t1 - t0),
               mb(in.len) / ((double)(t1 - t0 + 1) / 1000.0),
               sb_redact_total(r) - before);
    }

    t0 = sb_time_mono_ms();
    for (n = 0; n < objs; n++) {
        cJSON *o;

        snprintf(pod, sizeof(pod),
                 "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"train-%d\","
                 "\"namespace\":\"ml\",\"uid\":\"3f0a2c1e-8a6b-4c2d-9e1f-"
                 "0a1b2c3d4e5f\",\"resourceVersion\":\"%d\",\"labels\":{"
                 "\"app\":\"train\",\"pod-template-hash\":\"7d9f8b6c5d\"},"
                 "\"creationTimestamp\":\"2024-05-01T10:00:00Z\"},\"spec\":{"
                 "\"nodeName\":\"gpu-node-%d\",\"containers\":[{\"name\":"
                 "\"trainer\",\"image\":\"nvcr.io/nvidia/pytorch@sha256:"
                 "0f9a3c1e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b"
                 "2a19\",\"args\":[\"--epochs\",\"10\"],\"env\":[{\"name\":"
                 "\"HF_TOKEN\",\"value\":\"hf_x\"},{\"name\":\"NCCL_DEBUG\","
                 "\"value\":\"INFO\"}],\"resources\":{\"limits\":{"
                 "\"nvidia.com/gpu\":\"8\"}}}]},\"status\":{\"phase\":"
                 "\"Running\",\"podIP\":\"10.0.%d.%d\",\"conditions\":[{"
                 "\"type\":\"Ready\",\"status\":\"True\"}]}}",
                 n, n, n % 100, n % 250, n % 250);
        o = cJSON_Parse(pod);
        sb_redact_object(r, o, NULL);
        cJSON_Delete(o);
    }
    t1 = sb_time_mono_ms();
    printf("objects: %d pods in %lld ms: %.0f pods/s (parse included)\n",
           objs, (long long)(t1 - t0),
           objs / ((double)(t1 - t0 + 1) / 1000.0));
    sb_buf_release(&in);
    sb_buf_release(&out);
    sb_redactor_free(r);
    return 0;
}
