/*
 * Writes a large synthetic sbundle for the load benchmark: thousands of
 * pods, tens of thousands of events, and mostly logs (timestamps=true
 * lines of varied words, so gzip compresses them like real logs, ~6x).
 *
 * usage: bench_gen_bundle OUT.tar.gz [PODS] [EVENTS] [LOG_MB]
 *        (defaults 3000 pods, 30000 events, 300 MB of logs)
 * Also writes OUT-resources.tar.gz: the same resources without logs, for
 * the JSON comparison with the sqlite3 shell.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_bwriter.h"
#include "sb_err.h"

/* An input that cannot be built is a failed run, not a smaller bench. */
static void ok(int rc)
{
    if (rc) {
        fprintf(stderr, "bench: cannot build the input: %s\n",
                sb_err_str(rc));
        exit(1);
    }
}

#define NAMESPACES 20

static unsigned long long rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *const words[] = {
    "request", "served", "in", "ms", "status", "200", "GET", "/api/v1/items",
    "worker", "started", "batch", "loss", "epoch", "step", "gradient", "sync",
    "allreduce", "NCCL", "INFO", "WARN", "connection", "from", "10.1.3.7",
    "cache", "hit", "miss", "checkpoint", "saved", "to", "/data/ckpt",
    "throughput", "tokens/s", "queue", "depth", "retrying", "after", "error",
    "timeout", "user", "id", "session", "opened", "closed", "latency",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static void pod_json(struct sb_buf *b, int ns, int i)
{
    int crash = i % 17 == 0;

    ok(sb_buf_addf(b,
           "%s{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":"
           "\"app-%d-%d\",\"namespace\":\"ns-%d\",\"uid\":\"uid-%d-%d\","
           "\"creationTimestamp\":\"2026-11-23T08:00:00Z\",\"labels\":{\"app\":"
           "\"app-%d\",\"tier\":\"backend\",\"pod-template-hash\":\"abc%d\"},"
           "\"annotations\":{\"prometheus.io/scrape\":\"true\"},"
           "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":"
           "\"ReplicaSet\",\"name\":\"app-%d-abc\",\"uid\":\"rs-%d\","
           "\"controller\":true}]},\"spec\":{\"nodeName\":\"node-%d\","
           "\"serviceAccountName\":\"default\",\"containers\":[{\"name\":\"main\","
           "\"image\":\"registry.example.com/app:%d\",\"args\":[\"--port=8080\","
           "\"--verbose\"],\"env\":[{\"name\":\"MODE\",\"value\":\"prod\"},"
           "{\"name\":\"TOKEN\",\"value\":\"[REDACTED]\"}],\"ports\":[{"
           "\"containerPort\":8080,\"protocol\":\"TCP\"}],\"resources\":{"
           "\"requests\":{\"cpu\":\"250m\",\"memory\":\"512Mi\"},\"limits\":{"
           "\"memory\":\"1Gi\",\"nvidia.com/gpu\":\"%d\"}},\"readinessProbe\":{"
           "\"httpGet\":{\"path\":\"/ready\",\"port\":8080},\"periodSeconds\":10},"
           "\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/data\"}]},"
           "{\"name\":\"sidecar\",\"image\":\"envoy:1.30\"}],\"volumes\":[{"
           "\"name\":\"data\",\"emptyDir\":{}}],\"tolerations\":[{\"key\":"
           "\"nvidia.com/gpu\",\"operator\":\"Exists\"}]},\"status\":{\"phase\":"
           "\"Running\",\"qosClass\":\"Burstable\",\"startTime\":"
           "\"2026-11-23T08:00:01Z\",\"conditions\":[{\"type\":\"Ready\","
           "\"status\":\"%s\",\"lastTransitionTime\":\"2026-11-23T08:00:05Z\"},"
           "{\"type\":\"PodScheduled\",\"status\":\"True\"}],"
           "\"containerStatuses\":[{\"name\":\"main\",\"ready\":%s,"
           "\"restartCount\":%d,\"image\":\"registry.example.com/app:%d\","
           "\"imageID\":\"sha256:%08x\",\"state\":%s,\"lastState\":%s},"
           "{\"name\":\"sidecar\",\"ready\":true,\"restartCount\":0,\"state\":{"
           "\"running\":{\"startedAt\":\"2026-11-23T08:00:02Z\"}}}]}}",
           i ? "," : "", ns, i, ns, ns, i, i % 50, i % 7, i % 50, i % 50,
           i % 40, i % 9, i % 8 == 0 ? 1 : 0, crash ? "False" : "True",
           crash ? "false" : "true", crash ? 40 + i % 100 : 0, i % 9, i,
           crash ? "{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":"
                   "\"back-off 5m0s restarting failed container\"}}"
                 : "{\"running\":{\"startedAt\":\"2026-11-23T08:00:02Z\"}}",
           crash ? "{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\","
                   "\"startedAt\":\"2026-11-23T10:00:00Z\",\"finishedAt\":"
                   "\"2026-11-23T10:00:09Z\"}}" : "{}"));
}

static void event_json(struct sb_buf *b, int ns, int i, int pods_per_ns)
{
    int p = rnd((unsigned)pods_per_ns);

    ok(sb_buf_addf(b,
           "%s{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":"
           "\"app-%d-%d.%08x\",\"namespace\":\"ns-%d\",\"uid\":\"ev-%d-%d\"},"
           "\"type\":\"%s\",\"reason\":\"%s\",\"message\":\"%s container main "
           "in pod app-%d-%d\",\"count\":%d,\"firstTimestamp\":"
           "\"2026-11-23T%02d:%02d:%02dZ\",\"lastTimestamp\":"
           "\"2026-11-23T10:%02d:%02dZ\",\"involvedObject\":{\"kind\":\"Pod\","
           "\"namespace\":\"ns-%d\",\"name\":\"app-%d-%d\",\"fieldPath\":"
           "\"spec.containers{main}\"},\"source\":{\"component\":\"kubelet\","
           "\"host\":\"node-%d\"}}",
           i ? "," : "", ns, p, i, ns, ns, i, i % 5 ? "Normal" : "Warning",
           i % 5 ? "Pulled" : "BackOff", i % 5 ? "Pulled image for" :
           "Back-off restarting failed", ns, p, 1 + i % 30, 8 + i % 2, i % 60,
           (i * 7) % 60, i % 60, (i * 3) % 60, ns, ns, p, p % 40));
}

static int add(struct sb_bwriter **ws, int nw, const char *path,
               const struct sb_buf *b)
{
    struct sb_err err = SB_ERR_INIT;
    int i;

    for (i = 0; i < nw; i++)
        if (sb_bwriter_add(ws[i], path, b->data, b->len, &err)) {
            fprintf(stderr, "bench_gen_bundle: %s\n", err.msg);
            return 1;
        }
    return 0;
}

static void log_file(struct sb_buf *b, size_t bytes, int seed)
{
    long sec = 8 * 3600 + seed % 600, ns = 0;
    int n, k;

    while (b->len < bytes) {
        ns += 1000 + rnd(900000000);
        if (ns >= 1000000000) {
            ns -= 1000000000;
            sec++;
        }
        ok(sb_buf_addf(b, "2026-11-23T%02ld:%02ld:%02ld.%09ldZ", sec / 3600 % 24,
                       sec / 60 % 60, sec % 60, ns));
        n = 4 + (int)rnd(14);
        for (k = 0; k < n; k++)
            ok(sb_buf_addf(b, " %s", words[rnd(NWORDS)]));
        ok(sb_buf_addf(b, " %u\n", rnd(100000)));
    }
}

int main(int argc, char **argv)
{
    struct sb_bwriter *w[2] = { NULL, NULL };
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_err err = SB_ERR_INIT;
    char path[512], out2[1024];
    int pods, events, log_mb, per_ns, ev_per_ns, ns, i;
    size_t per_log;

    if (argc < 2) {
        fputs("usage: bench_gen_bundle OUT.tar.gz [PODS] [EVENTS] [LOG_MB]\n",
              stderr);
        return 2;
    }
    pods = argc > 2 ? atoi(argv[2]) : 3000;
    events = argc > 3 ? atoi(argv[3]) : 30000;
    log_mb = argc > 4 ? atoi(argv[4]) : 300;
    per_ns = pods / NAMESPACES;
    ev_per_ns = events / NAMESPACES;
    per_log = (size_t)log_mb * 1024 * 1024 / (size_t)(per_ns * NAMESPACES);
    snprintf(out2, sizeof(out2), "%.*s-resources.tar.gz",
             (int)(strlen(argv[1]) - (strstr(argv[1], ".tar.gz") ? 7 : 0)),
             argv[1]);
    if (sb_bwriter_open(argv[1], "sbundle-bench", &w[0], &err) ||
        sb_bwriter_open(out2, "sbundle-bench-resources", &w[1], &err)) {
        fprintf(stderr, "bench_gen_bundle: %s\n", err.msg);
        return 1;
    }
    ok(sb_buf_adds(&b, "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"items\":["));
    for (i = 0; i < 40; i++)
        ok(sb_buf_addf(&b, "%s{\"kind\":\"Node\",\"metadata\":{\"name\":"
                       "\"node-%d\"},\"status\":{\"capacity\":{\"cpu\":\"64\","
                       "\"memory\":\"512Gi\",\"nvidia.com/gpu\":\"8\"},"
                       "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}",
                       i ? "," : "", i));
    ok(sb_buf_adds(&b, "]}"));
    if (add(w, 2, "resources/_cluster/nodes.json", &b))
        return 1;
    for (ns = 0; ns < NAMESPACES; ns++) {
        sb_buf_reset(&b);
        ok(sb_buf_adds(&b, "{\"kind\":\"PodList\",\"apiVersion\":\"v1\","
                       "\"items\":["));
        for (i = 0; i < per_ns; i++)
            pod_json(&b, ns, i);
        ok(sb_buf_adds(&b, "]}"));
        snprintf(path, sizeof(path), "resources/ns-%d/pods.json", ns);
        if (add(w, 2, path, &b))
            return 1;
        sb_buf_reset(&b);
        ok(sb_buf_adds(&b, "{\"kind\":\"EventList\",\"apiVersion\":\"v1\","
                       "\"items\":["));
        for (i = 0; i < ev_per_ns; i++)
            event_json(&b, ns, i, per_ns);
        ok(sb_buf_adds(&b, "]}"));
        snprintf(path, sizeof(path), "resources/ns-%d/events.json", ns);
        if (add(w, 2, path, &b))
            return 1;
        for (i = 0; i < per_ns; i++) {
            sb_buf_reset(&b);
            log_file(&b, per_log, ns * 1000 + i);
            snprintf(path, sizeof(path), "logs/ns-%d/app-%d-%d/main.log", ns,
                     ns, i);
            if (add(w, 1, path, &b))
                return 1;
        }
    }
    sb_buf_release(&b);
    for (i = 0; i < 2; i++) {
        cJSON *m = cJSON_Parse("{\"format_version\":1,\"tool_version\":"
                               "\"bench\",\"cluster\":\"bench\",\"collection\":"
                               "{\"start\":\"2026-11-23T10:40:00Z\",\"end\":"
                               "\"2026-11-23T10:41:00Z\"},\"complete\":true}");
        if (sb_bwriter_finish(w[i], m, &err)) {
            fprintf(stderr, "bench_gen_bundle: %s\n", err.msg);
            return 1;
        }
    }
    printf("%s\n%s\n", argv[1], out2);
    return 0;
}
