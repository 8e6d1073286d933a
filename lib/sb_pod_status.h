#ifndef SB_POD_STATUS_H
#define SB_POD_STATUS_H
/*
 * kubectl's view of a pod: the STATUS, READY and RESTARTS columns of
 * `kubectl get pods`, computed from the pod's JSON the way kubectl's
 * printer does (init containers first, then the last non-running reason
 * of the app containers, Terminating and Unknown for deleted pods).
 */
#include <cjson/cJSON.h>

struct sb_pod_status {
    char status[128];       /* "Running", "CrashLoopBackOff", "Init:1/3",
                               "Init:ExitCode:1", "Terminating", ... */
    int ready;              /* ready app containers */
    int total;              /* app containers (and restartable init ones) */
    int restarts;           /* all containers, init included */
};

/* Fills 'out' from a Pod object. Missing fields count as absent, never as
 * an error: a pod with no status reads as its phase (or "Unknown"). */
void sb_pod_status(const cJSON *pod, struct sb_pod_status *out);

#endif
