#ifndef SB_POD_STATUS_H
#define SB_POD_STATUS_H
/*
 * kubectl's view of a pod: the READY, STATUS and RESTARTS columns of
 * `kubectl get pods`, computed from the pod's JSON as kubectl's printPod
 * does (init containers first, then the last non-running reason of the
 * app containers, SchedulingGated, Terminating and Unknown for deleted
 * pods). The one copy: the server-side printer of `analyze serve` and the
 * loader's pods.status both read it.
 */
#include <stdint.h>

#include <cjson/cJSON.h>

struct sb_pod_status {
    char status[128];       /* "Running", "CrashLoopBackOff", "Init:1/3",
                               "Init:ExitCode:1", "Terminating", ...; ""
                               for a pod without phase, as kubectl prints */
    int ready;              /* ready app containers (and started sidecars) */
    int total;              /* app containers (and restartable init ones) */
    int restarts;           /* kubectl's RESTARTS: once the init containers
                               are done, the app containers and sidecars */
    int restarts_all;       /* every container's restartCount, init
                               containers included (the schema's sum) */
    int64_t last_restart;   /* kubectl's lastRestartDate for 'restarts':
                               the latest lastState.terminated.finishedAt,
                               epoch seconds; 0 with no such time */
    long last_restart_ns;
};

/* Fills 'out' from a Pod object. Missing fields count as absent, never as
 * an error; counts saturate at INT_MAX. */
void sb_pod_status(const cJSON *pod, struct sb_pod_status *out);

#endif
