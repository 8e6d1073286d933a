-- id: rollout-stuck
-- title: Deployment rollout is stuck (progress deadline exceeded)
-- severity: warning
-- category: workload
-- remediation: The new ReplicaSet did not become available within progressDeadlineSeconds. Look at the new pods' findings (image pull, crash loop, probes, scheduling, quota). Roll back with kubectl rollout undo deployment/NAME if the new version is at fault, or fix the cause and let the rollout continue; kubectl rollout status shows progress.
--
-- Symptom: kubectl rollout status never finishes; UP-TO-DATE below
-- desired; Progressing=False with reason ProgressDeadlineExceeded.
-- Root cause found: the deployment's Progressing condition and the new
-- pods that do not become ready.
-- Evidence: the Progressing condition, updated vs desired replicas, the
-- pods not ready.
-- Thresholds: the controller's own verdict (ProgressDeadlineExceeded),
-- which already waited progressDeadlineSeconds (10 minutes by default).
WITH d AS (
    SELECT w.*, c.reason, c.message, c.last_transition
    FROM workloads w
    JOIN workload_conditions c ON c.bundle_id = w.bundle_id AND c.kind = w.kind
         AND c.namespace = w.namespace AND c.name = w.name
    WHERE w.kind = 'Deployment' AND c.type = 'Progressing' AND c.status = 'False'
      AND (c.reason = 'ProgressDeadlineExceeded' OR c.reason REGEXP '(?i)deadline|failed')
),
pods_of AS (
    SELECT d.bundle_id, d.namespace, d.name AS wl, p.name AS pod, p.status,
           p.phase, p.file
    FROM d
    JOIN pods p ON p.bundle_id = d.bundle_id AND p.namespace = d.namespace
    WHERE p.owner_kind = 'ReplicaSet'
      AND (EXISTS (SELECT 1 FROM owners o WHERE o.bundle_id = p.bundle_id
                   AND o.kind = 'ReplicaSet' AND o.namespace = p.namespace
                   AND o.name = p.owner_name AND o.owner_kind = 'Deployment'
                   AND o.owner_name = d.name)
           OR (p.owner_name LIKE d.name || '-%'
               AND instr(substr(p.owner_name, length(d.name) + 2), '-') = 0))
      AND coalesce(p.ready, 0) = 0 AND p.deleted IS NULL
),
rows AS (
    SELECT d.*, 1 AS ord, 'status' AS ev_source, d.last_transition AS ev_time,
           'condition Progressing=False (' || d.reason || '): ' ||
           coalesce(d.message, '') AS ev_text, d.file AS ev_file, NULL AS pod
    FROM d
    UNION ALL
    SELECT d.*, 2, 'status', NULL,
           'replicas desired ' || coalesce(d.desired, '?') || ', updated ' ||
           coalesce(d.updated, 0) || ', available ' || coalesce(d.available, 0),
           d.file, NULL
    FROM d
    UNION ALL
    SELECT d.*, 3, 'status', NULL,
           'pod ' || p.pod || ' ' || coalesce(p.status, p.phase, '?') || ', not ready',
           p.file, p.pod
    FROM d JOIN pods_of p ON p.bundle_id = d.bundle_id AND p.namespace = d.namespace
                         AND p.wl = d.name
)
SELECT 'Deployment' AS kind, namespace, name,
       'The rollout of Deployment ''' || namespace || '/' || name ||
       ''' is stuck: ' || coalesce(message, reason) || '.' AS summary,
       last_transition AS first_seen,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN pod IS NOT NULL THEN 'Pod' END AS cause_kind,
       CASE WHEN pod IS NOT NULL THEN namespace END AS cause_namespace,
       pod AS cause_name
FROM rows
ORDER BY namespace, name, ord;
