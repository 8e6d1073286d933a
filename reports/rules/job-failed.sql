-- id: job-failed
-- title: Job failed
-- severity: critical
-- category: workload
-- remediation: The Job gave up (backoffLimit reached or activeDeadlineSeconds passed). Read the failed pods' logs (kubectl logs job/NAME, or --previous per pod) and their findings: training jobs fail on CUDA/NCCL errors, GPU faults on their node (Xid), OOM and bad hyperparameters. Fix the cause, then delete and re-create the Job; raise backoffLimit only for failures that are genuinely transient.
--
-- Symptom: Job with Failed=True (BackoffLimitExceeded, DeadlineExceeded),
-- COMPLETIONS not reached, pods in Error.
-- Root cause found: the Job's Failed condition, and its failed pods with
-- their own findings (a GPU fault on the node, a crash).
-- Evidence: the Failed condition, failed/succeeded counts, the
-- BackoffLimitExceeded event, the failed pods.
-- Thresholds: the Job controller's Failed=True condition, or failures with
-- nothing active and no success when the condition is absent.
WITH j AS (
    SELECT w.*, c.reason, c.message, c.last_transition
    FROM workloads w
    LEFT JOIN workload_conditions c ON c.bundle_id = w.bundle_id
         AND c.kind = w.kind AND c.namespace = w.namespace AND c.name = w.name
         AND c.type = 'Failed' AND c.status = 'True'
    WHERE w.kind = 'Job'
      AND (c.type IS NOT NULL
           OR (coalesce(w.failed, 0) > 0 AND coalesce(w.current, 0) = 0
               AND coalesce(w.succeeded, 0) = 0
               AND NOT EXISTS (SELECT 1 FROM workload_conditions k
                   WHERE k.bundle_id = w.bundle_id AND k.kind = 'Job'
                     AND k.namespace = w.namespace AND k.name = w.name
                     AND k.type = 'Complete' AND k.status = 'True')))
),
pods_of AS (
    SELECT j.bundle_id, j.namespace, j.name AS wl, p.name AS pod, p.phase,
           p.status, p.node, p.file
    FROM j
    JOIN pods p ON p.bundle_id = j.bundle_id AND p.namespace = j.namespace
               AND p.owner_kind = 'Job' AND p.owner_name = j.name
    WHERE coalesce(p.phase, '') <> 'Succeeded'
),
rows AS (
    SELECT j.*, 1 AS ord, 'status' AS ev_source, j.last_transition AS ev_time,
           'condition Failed=True (' || coalesce(j.reason, '?') || '): ' ||
           coalesce(j.message, '') AS ev_text, j.file AS ev_file, NULL AS pod
    FROM j WHERE j.reason IS NOT NULL
    UNION ALL
    SELECT j.*, 2, 'status', NULL,
           'failed ' || coalesce(j.failed, 0) || ', succeeded ' ||
           coalesce(j.succeeded, 0) || ', active ' || coalesce(j.current, 0),
           j.file, NULL
    FROM j
    UNION ALL
    SELECT j.*, 3, 'event', e.last_seen, e.reason || ': ' || e.message, e.file, NULL
    FROM j JOIN events e ON e.bundle_id = j.bundle_id AND e.object_kind = 'Job'
                        AND e.object_namespace = j.namespace AND e.object_name = j.name
                        AND e.type = 'Warning'
    UNION ALL
    SELECT j.*, 4, 'status', NULL,
           'pod ' || p.pod || ' ' || coalesce(p.status, p.phase, '?') ||
           coalesce(' on node ' || p.node, ''), p.file, p.pod
    FROM j JOIN pods_of p ON p.bundle_id = j.bundle_id AND p.namespace = j.namespace
                         AND p.wl = j.name
)
SELECT 'Job' AS kind, namespace, name,
       'Job ''' || namespace || '/' || name || ''' failed' ||
       coalesce(' (' || reason || ')', '') || coalesce(': ' || message, '') ||
       '.' AS summary,
       last_transition AS first_seen,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN pod IS NOT NULL THEN 'Pod' END AS cause_kind,
       CASE WHEN pod IS NOT NULL THEN namespace END AS cause_namespace,
       pod AS cause_name
FROM rows
ORDER BY namespace, name, ord;
