#include "sb_pod_status.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sb_kjson.h"
#include "sb_time.h"

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

/* a container status's count as Go's int32 reads it */
static int num(const cJSON *o, const char *path)
{
    int64_t v = sb_kjson_pint(o, path, 0);

    return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

static void set(struct sb_pod_status *out, const char *prefix, const char *s)
{
    snprintf(out->status, sizeof(out->status), "%s%s", prefix, s);
}

static void setn(struct sb_pod_status *out, const char *prefix, int n)
{
    snprintf(out->status, sizeof(out->status), "%s%d", prefix, n);
}

/* A restart time, kept when later than the one held (lastRestartDate). */
struct restart_at {
    int64_t s;
    long ns;
};

static void note_restart(struct restart_at *at, const cJSON *cs)
{
    int64_t t;
    long ns;

    if (!sb_time_parse(sb_kjson_pstr(cs, "lastState.terminated.finishedAt"),
                       &t, &ns))
        return;
    if (t > at->s || (t == at->s && ns > at->ns)) {
        at->s = t;
        at->ns = ns;
    }
}

/* isPodInitializedConditionTrue: the first Initialized condition decides */
static bool initialized(const cJSON *status)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, sb_kjson_arr(status, "conditions")) {
        const char *t = sb_kjson_str(c, "type");

        if (t && !strcmp(t, "Initialized")) {
            const char *s = sb_kjson_str(c, "status");

            return s && !strcmp(s, "True");
        }
    }
    return false;
}

/* hasPodReadyCondition: any Ready condition that is True */
static bool ready_true(const cJSON *status)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, sb_kjson_arr(status, "conditions")) {
        const char *t = sb_kjson_str(c, "type"), *s = sb_kjson_str(c,
                                                                  "status");

        if (t && s && !strcmp(t, "Ready") && !strcmp(s, "True"))
            return true;
    }
    return false;
}

/* A sidecar: an init container with restartPolicy Always. */
static bool is_restartable_init(const cJSON *spec, const char *name)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, sb_kjson_arr(spec, "initContainers")) {
        const char *n = sb_kjson_str(c, "name");
        const char *p = sb_kjson_str(c, "restartPolicy");

        if (n && name && !strcmp(n, name))
            return p && !strcmp(p, "Always");
    }
    return false;
}

struct walk {
    int sidecar_restarts;           /* restartableInitContainerRestarts */
    struct restart_at last;         /* lastRestartDate */
    struct restart_at sidecar_last; /* lastRestartableInitContainerRestartDate */
};

/* The init containers; true when they still hold the pod back. */
static bool init_status(const cJSON *spec, const cJSON *status,
                        struct sb_pod_status *out, struct walk *wk)
{
    const cJSON *cs;
    int i = 0, n_init = sb_kjson_len(sb_kjson_get(spec, "initContainers"));

    cJSON_ArrayForEach(cs, sb_kjson_arr(status, "initContainerStatuses")) {
        const cJSON *term = sb_kjson_pobj(cs, "state.terminated");
        const char *wr = sb_kjson_pstr(cs, "state.waiting.reason");
        const char *tr = sb_kjson_str(term, "reason");
        bool sidecar = is_restartable_init(spec, sb_kjson_str(cs, "name"));
        int rc = num(cs, "restartCount");

        out->restarts = add_sat(out->restarts, rc);
        note_restart(&wk->last, cs);
        if (sidecar) {
            wk->sidecar_restarts = add_sat(wk->sidecar_restarts, rc);
            note_restart(&wk->sidecar_last, cs);
        }
        if (term && num(term, "exitCode") == 0) {
            i++;
            continue;
        }
        if (sidecar && sb_kjson_true(cs, "started")) {
            if (sb_kjson_true(cs, "ready"))
                out->ready++;
            i++;
            continue;
        }
        if (term) {
            if (tr && *tr)
                set(out, "Init:", tr);
            else if (num(term, "signal"))
                setn(out, "Init:Signal:", num(term, "signal"));
            else
                setn(out, "Init:ExitCode:", num(term, "exitCode"));
        } else if (wr && *wr && strcmp(wr, "PodInitializing")) {
            set(out, "Init:", wr);
        } else {
            snprintf(out->status, sizeof(out->status), "Init:%d/%d", i,
                     n_init);
        }
        return true;
    }
    return false;
}

/* The app containers, walked backwards so the first one's reason wins. */
static void app_status(const cJSON *status, struct sb_pod_status *out,
                       struct walk *wk)
{
    const cJSON *list = sb_kjson_arr(status, "containerStatuses");
    bool has_running = false;
    int i;

    out->restarts = wk->sidecar_restarts;
    wk->last = wk->sidecar_last;
    for (i = sb_kjson_len(list) - 1; i >= 0; i--) {
        const cJSON *cs = cJSON_GetArrayItem(list, i);
        const cJSON *term = sb_kjson_pobj(cs, "state.terminated");
        const char *wr = sb_kjson_pstr(cs, "state.waiting.reason");
        const char *tr = sb_kjson_str(term, "reason");
        int rc = num(cs, "restartCount");

        out->restarts = add_sat(out->restarts, rc);
        out->restarts_all = add_sat(out->restarts_all, rc);
        note_restart(&wk->last, cs);
        if (wr && *wr) {
            set(out, "", wr);
        } else if (tr && *tr) {
            set(out, "", tr);
        } else if (term) {
            if (num(term, "signal"))
                setn(out, "Signal:", num(term, "signal"));
            else
                setn(out, "ExitCode:", num(term, "exitCode"));
        } else if (sb_kjson_true(cs, "ready") &&
                   sb_kjson_pget(cs, "state.running")) {
            has_running = true;
            out->ready++;
        }
    }
    if (!strcmp(out->status, "Completed") && has_running)
        set(out, "", ready_true(status) ? "Running" : "NotReady");
}

/* Every container's restarts, for the schema's sum, whatever kubectl
 * shows; the app containers' are added where they are walked. */
static int init_restarts_all(const cJSON *status)
{
    const cJSON *cs;
    int n = 0;

    cJSON_ArrayForEach(cs, sb_kjson_arr(status, "initContainerStatuses"))
        n = add_sat(n, num(cs, "restartCount"));
    return n;
}

/* The app containers' restarts when kubectl does not walk them. */
static int app_restarts_all(const cJSON *status)
{
    const cJSON *cs;
    int n = 0;

    cJSON_ArrayForEach(cs, sb_kjson_arr(status, "containerStatuses"))
        n = add_sat(n, num(cs, "restartCount"));
    return n;
}

void sb_pod_status(const cJSON *pod, struct sb_pod_status *out)
{
    const cJSON *spec = sb_kjson_obj(pod, "spec");
    const cJSON *status = sb_kjson_obj(pod, "status");
    const char *phase = sb_kjson_str(status, "phase");
    const char *reason = sb_kjson_str(status, "reason");
    struct walk wk;
    const cJSON *c;

    memset(out, 0, sizeof(*out));
    memset(&wk, 0, sizeof(wk));
    set(out, "", reason && *reason ? reason : phase ? phase : "");
    cJSON_ArrayForEach(c, sb_kjson_arr(status, "conditions")) {
        const char *t = sb_kjson_str(c, "type");
        const char *r = sb_kjson_str(c, "reason");

        if (t && r && !strcmp(t, "PodScheduled") &&
            !strcmp(r, "SchedulingGated"))
            set(out, "", "SchedulingGated");
    }
    out->total = sb_kjson_len(sb_kjson_get(spec, "containers"));
    cJSON_ArrayForEach(c, sb_kjson_arr(spec, "initContainers")) {
        const char *p = sb_kjson_str(c, "restartPolicy");

        if (p && !strcmp(p, "Always"))
            out->total++;
    }
    out->restarts_all = init_restarts_all(status);
    if (!init_status(spec, status, out, &wk) || initialized(status))
        app_status(status, out, &wk);
    else
        out->restarts_all = add_sat(out->restarts_all,
                                    app_restarts_all(status));
    out->last_restart = wk.last.s;
    out->last_restart_ns = wk.last.ns;
    if (sb_kjson_pstr(pod, "metadata.deletionTimestamp")) {
        if (reason && !strcmp(reason, "NodeLost"))
            set(out, "", "Unknown");
        else if (!phase || (strcmp(phase, "Succeeded") &&
                            strcmp(phase, "Failed")))
            set(out, "", "Terminating");
    }
}
