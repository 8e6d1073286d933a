/*
 * Fuzzes the serve engine's request side: path routing, query arguments
 * (limit, continue, tailLines, ...), label and field selectors, Accept.
 * Input: "METHOD\nPATH\nQUERY\nACCEPT" (missing lines are empty); QUERY is
 * "k=v&k=v" as sb_serve would receive it decoded. The whole input is also
 * parsed as a label and as a field selector. The index is a small
 * in-memory cluster built once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sb_selector.h"
#include "sb_serve_api.h"
#include "sb_serve_index.h"

static struct sb_serve_index *idx;
static struct sb_serve_api *api;
static cJSON *pod;

static const char *objects[][4] = {
    { "", "pods", "ml", "{\"metadata\":{\"name\":\"p0\",\"labels\":{\"app\":"
      "\"a\"}},\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":"
      "\"c\"},{\"name\":\"d\"}]},\"status\":{\"phase\":\"Running\","
      "\"containerStatuses\":[{\"name\":\"c\",\"state\":{\"waiting\":{"
      "\"reason\":\"CrashLoopBackOff\"}}}]}}" },
    { "", "pods", "ml", "{\"metadata\":{\"name\":\"dcgm-exporter-x\"},"
      "\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"e\"}]}}" },
    { "", "pods", "web", "{\"metadata\":{\"name\":\"p1\"},\"spec\":{"
      "\"containers\":[{\"name\":\"c\"}]},\"status\":{\"phase\":"
      "\"Pending\"}}" },
    { "", "nodes", "_cluster", "{\"metadata\":{\"name\":\"n1\"}}" },
    { "", "events", "ml", "{\"metadata\":{\"name\":\"e1\"},\"involvedObject\":"
      "{\"kind\":\"Pod\",\"name\":\"p0\"},\"count\":2}" },
    { "apps", "deployments", "ml", "{\"metadata\":{\"name\":\"d\"},\"spec\":{"
      "\"selector\":{\"matchExpressions\":[{\"key\":\"k\",\"operator\":"
      "\"In\",\"values\":[\"a\",\"b\"]}]}}}" },
    { "example.com", "widgets", "ml", "{\"metadata\":{\"name\":\"w\"}}" },
};

static const char *blobs[][2] = {
    { "logs/ml/p0/c.log", "2026-11-20T09:00:00.1Z one\nnot a time\n"
      "2026-11-20T09:59:00Z two\n" },
    { "logs/ml/p0/c.previous.log", "2026-11-20T08:00:00Z before\n" },
    { "nodes/n1/logs/kern.log", "Xid 79\n" },
    { "nodes/n1/logs/sub/x.log", "x\n" },
    { "nodes/n1/dcgm-exporter.prom", "DCGM_FI_DEV_GPU_TEMP 40\n" },
};

static void setup(void)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_serve_api_opts o = { "secrets,widgets", true, 0, NULL, true };
    size_t i;

    idx = sb_serve_index_new();
    if (!idx)
        abort();
    for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
        if (sb_serve_index_add(idx, objects[i][0], objects[i][1],
                               objects[i][2], cJSON_Parse(objects[i][3]),
                               &err))
            abort();
    for (i = 0; i < sizeof(blobs) / sizeof(blobs[0]); i++)
        if (sb_serve_index_add_blob(idx, blobs[i][0], blobs[i][1],
                                    strlen(blobs[i][1]), &err))
            abort();
    idx->now = 1795168800;
    if (sb_serve_index_finish(idx, &err))
        abort();
    pod = cJSON_Parse(objects[0][3]);
    api = sb_serve_api_new(idx, &o);
    if (!api || !pod)
        abort();
}

/* Splits "k=v&k=v" in place into at most 'max' arguments. */
static size_t split_query(char *q, struct sb_serve_qarg *args, size_t max)
{
    size_t n = 0;
    char *save = NULL, *kv;

    for (kv = strtok_r(q, "&", &save); kv && n < max;
         kv = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(kv, '=');

        if (eq)
            *eq = '\0';
        args[n].key = kv;
        args[n].value = eq ? eq + 1 : "";
        n++;
    }
    return n;
}

static char *next_line(char **p)
{
    char *s = *p, *nl;

    if (!s)
        return (char *)"";
    nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        *p = nl + 1;
    } else {
        *p = NULL;
    }
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf, *p;
    struct sb_serve_qarg args[32];
    struct sb_serve_req req;
    struct sb_serve_resp resp;
    struct sb_selector *sel = NULL;
    struct sb_err err = SB_ERR_INIT;

    if (size > 4096)
        return 0;
    if (!api)
        setup();
    buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    if (sb_selector_parse(SB_SELECTOR_LABEL, buf, &sel, &err) == 0)
        sb_selector_match(sel, pod);
    sb_selector_free(sel);
    sel = NULL;
    if (sb_selector_parse(SB_SELECTOR_FIELD, buf, &sel, &err) == 0)
        sb_selector_match(sel, pod);
    sb_selector_free(sel);
    p = buf;
    memset(&req, 0, sizeof(req));
    req.method = next_line(&p);
    req.path = next_line(&p);
    req.nargs = split_query(next_line(&p), args, 32);
    req.args = args;
    req.accept = next_line(&p);
    sb_serve_resp_init(&resp);
    if (sb_serve_api_handle(api, &req, &resp) == 0)
        sb_serve_resp_flatten(&resp);   /* reads a streamed log through */
    sb_serve_resp_release(&resp);
    free(buf);
    return 0;
}
