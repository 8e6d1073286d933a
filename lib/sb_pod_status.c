#include "sb_pod_status.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static int num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsNumber(v) ? v->valueint : 0;
}

/* a + b for counts from a bundle: cJSON saturates 1e400 to INT_MAX, and
 * summing two of those must not overflow (undefined) into a negative */
static int add_sat(int a, int b)
{
    if (b > 0 && a > INT_MAX - b)
        return INT_MAX;
    if (b < 0 && a < INT_MIN - b)
        return INT_MIN;
    return a + b;
}

static const cJSON *obj(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsObject(v) ? v : NULL;
}

static int count(const cJSON *a)
{
    return cJSON_IsArray(a) ? cJSON_GetArraySize(a) : 0;
}

/* STATUS is 'prefix' followed by 's' ("Init:" "CrashLoopBackOff") */
static void set(struct sb_pod_status *out, const char *prefix, const char *s)
{
    snprintf(out->status, sizeof(out->status), "%s%s", prefix, s);
}

/* STATUS is 'prefix' followed by 'n' ("Init:ExitCode:" 1) */
static void setn(struct sb_pod_status *out, const char *prefix, int n)
{
    snprintf(out->status, sizeof(out->status), "%s%d", prefix, n);
}

static void set2(struct sb_pod_status *out, int a, int b)
{
    snprintf(out->status, sizeof(out->status), "Init:%d/%d", a, b);
}

static bool condition_true(const cJSON *status, const char *type)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(status,
                                                           "conditions")) {
        const char *t = str(c, "type"), *s = str(c, "status");
        if (t && s && strcmp(t, type) == 0)
            return strcmp(s, "True") == 0;
    }
    return false;
}

/* A sidecar: an init container with restartPolicy Always. */
static bool is_restartable_init(const cJSON *spec, const char *name)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(spec,
                                                           "initContainers")) {
        const char *n = str(c, "name"), *p = str(c, "restartPolicy");
        if (n && name && strcmp(n, name) == 0)
            return p && strcmp(p, "Always") == 0;
    }
    return false;
}

/* Returns true when the init containers still hold the pod back. */
static bool init_status(const cJSON *spec, const cJSON *status,
                        struct sb_pod_status *out)
{
    const cJSON *cs;
    int i = 0, n_init = count(cJSON_GetObjectItemCaseSensitive(spec,
                                                              "initContainers"));

    cJSON_ArrayForEach(cs, cJSON_GetObjectItemCaseSensitive(
                               status, "initContainerStatuses")) {
        const cJSON *state = obj(cs, "state");
        const cJSON *term = obj(state, "terminated");
        const cJSON *wait = obj(state, "waiting");
        const cJSON *started = cJSON_GetObjectItemCaseSensitive(cs, "started");
        const char *wr = str(wait, "reason");

        out->restarts = add_sat(out->restarts, num(cs, "restartCount"));
        if (term && num(term, "exitCode") == 0) {
            i++;
            continue;
        }
        if (is_restartable_init(spec, str(cs, "name")) &&
            cJSON_IsTrue(started)) {
            if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cs, "ready")))
                out->ready++;
            i++;
            continue;
        }
        if (term) {
            if (str(term, "reason"))
                set(out, "Init:", str(term, "reason"));
            else if (num(term, "signal"))
                setn(out, "Init:Signal:", num(term, "signal"));
            else
                setn(out, "Init:ExitCode:", num(term, "exitCode"));
        } else if (wr && strcmp(wr, "PodInitializing") != 0) {
            set(out, "Init:", wr);
        } else {
            set2(out, i, n_init);
        }
        return true;
    }
    return false;
}

static void app_status(const cJSON *status, struct sb_pod_status *out)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(status,
                                                         "containerStatuses");
    bool has_running = false;
    int i;

    /* kubectl walks backwards so the first container's reason wins */
    for (i = count(list) - 1; i >= 0; i--) {
        const cJSON *cs = cJSON_GetArrayItem(list, i);
        const cJSON *state = obj(cs, "state");
        const cJSON *term = obj(state, "terminated");
        const cJSON *wait = obj(state, "waiting");

        out->restarts = add_sat(out->restarts, num(cs, "restartCount"));
        if (wait && str(wait, "reason")) {
            set(out, "", str(wait, "reason"));
        } else if (term && str(term, "reason")) {
            set(out, "", str(term, "reason"));
        } else if (term) {
            if (num(term, "signal"))
                setn(out, "Signal:", num(term, "signal"));
            else
                setn(out, "ExitCode:", num(term, "exitCode"));
        } else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cs, "ready"))
                   && obj(state, "running")) {
            has_running = true;
            out->ready++;
        }
    }
    if (strcmp(out->status, "Completed") == 0 && has_running)
        set(out, "", condition_true(status, "Ready") ? "Running"
                                                     : "NotReady");
}

void sb_pod_status(const cJSON *pod, struct sb_pod_status *out)
{
    const cJSON *meta = obj(pod, "metadata");
    const cJSON *spec = obj(pod, "spec");
    const cJSON *status = obj(pod, "status");
    const char *phase = str(status, "phase");
    const char *reason = str(status, "reason");
    const cJSON *c;
    bool initializing;

    memset(out, 0, sizeof(*out));
    set(out, "", reason ? reason : phase ? phase : "Unknown");
    out->total = count(cJSON_GetObjectItemCaseSensitive(spec, "containers"));
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(spec,
                                                           "initContainers")) {
        const char *p = str(c, "restartPolicy");
        if (p && strcmp(p, "Always") == 0)
            out->total++;
    }
    initializing = init_status(spec, status, out);
    /* unlike kubectl, restarts keep the init containers' count: the
     * schema sums every container */
    if (!initializing || condition_true(status, "Initialized"))
        app_status(status, out);
    if (str(meta, "deletionTimestamp")) {
        if (reason && strcmp(reason, "NodeLost") == 0)
            set(out, "", "Unknown");
        else if (!phase || (strcmp(phase, "Succeeded") != 0 &&
                            strcmp(phase, "Failed") != 0))
            set(out, "", "Terminating");
    }
}
