-- id: deployment-unavailable
-- title: Deployment has fewer available replicas than desired
-- severity: critical
-- category: workload
-- remediation: The Deployment is below its minimum availability, so its Service is degraded or down. The cause is in its pods: see the pod findings linked to this one (crash loops, image pulls, scheduling, probes, node faults) and fix that; kubectl rollout undo brings back the previous ReplicaSet when a new version broke it.
--
-- Symptom: READY x/y with x < y, Available=False, 503s from the Service.
-- Root cause found: the pods that are not available, and through them
-- their own findings (the correlation pass sets root_cause to the pod's
-- root finding).
-- Evidence: replica counts, the Available condition, the unavailable pods.
-- Thresholds: fires when the Available condition is False, or no replica
-- is available at all; a rollout that is one pod short but still above
-- maxUnavailable is normal and stays quiet. Severity critical with no
-- replica available, warning when some still serve.
WITH d AS (
    SELECT w.*,
           (SELECT c.status || ' (' || coalesce(c.reason, '') || '): ' ||
                   coalesce(c.message, '') FROM workload_conditions c
             WHERE c.bundle_id = w.bundle_id AND c.kind = w.kind
               AND c.namespace = w.namespace AND c.name = w.name
               AND c.type = 'Available') AS avail_cond,
           (SELECT c.status FROM workload_conditions c
             WHERE c.bundle_id = w.bundle_id AND c.kind = w.kind
               AND c.namespace = w.namespace AND c.name = w.name
               AND c.type = 'Available') AS avail_status,
           (SELECT c.last_transition FROM workload_conditions c
             WHERE c.bundle_id = w.bundle_id AND c.kind = w.kind
               AND c.namespace = w.namespace AND c.name = w.name
               AND c.type = 'Available') AS since
    FROM workloads w
    WHERE w.kind = 'Deployment' AND coalesce(w.desired, 0) > 0
      AND coalesce(w.available, 0) < w.desired
),
fired AS (
    SELECT * FROM d WHERE avail_status = 'False' OR coalesce(available, 0) = 0
),
pods_of AS (
    SELECT f.bundle_id, f.namespace, f.name AS wl, p.name AS pod, p.status,
           p.phase, p.ready, p.file
    FROM fired f
    JOIN pods p ON p.bundle_id = f.bundle_id AND p.namespace = f.namespace
    WHERE p.owner_kind = 'ReplicaSet'
      AND (EXISTS (SELECT 1 FROM owners o WHERE o.bundle_id = p.bundle_id
                   AND o.kind = 'ReplicaSet' AND o.namespace = p.namespace
                   AND o.name = p.owner_name AND o.owner_kind = 'Deployment'
                   AND o.owner_name = f.name)
           OR (p.owner_name LIKE f.name || '-%'
               AND instr(substr(p.owner_name, length(f.name) + 2), '-') = 0))
      AND coalesce(p.ready, 0) = 0 AND p.deleted IS NULL
      AND coalesce(p.phase, '') <> 'Succeeded'
),
rows AS (
    SELECT f.*, 1 AS ord, 'status' AS ev_source, f.since AS ev_time,
           'replicas desired ' || f.desired || ', ready ' || coalesce(f.ready, 0) ||
           ', available ' || coalesce(f.available, 0) ||
           coalesce(', unavailable ' || f.unavailable, '') AS ev_text,
           f.file AS ev_file, NULL AS pod
    FROM fired f
    UNION ALL
    SELECT f.*, 2, 'status', f.since, 'condition Available=' || f.avail_cond,
           f.file, NULL
    FROM fired f WHERE f.avail_cond IS NOT NULL
    UNION ALL
    SELECT f.*, 3, 'status', NULL,
           'pod ' || p.pod || ' ' || coalesce(p.status, p.phase, '?') || ', not ready',
           p.file, p.pod
    FROM fired f
    JOIN pods_of p ON p.bundle_id = f.bundle_id AND p.namespace = f.namespace
                  AND p.wl = f.name
)
SELECT 'Deployment' AS kind, namespace, name,
       CASE WHEN coalesce(available, 0) = 0 THEN 'critical' ELSE 'warning' END AS severity,
       'Deployment ''' || namespace || '/' || name || ''' has ' ||
       coalesce(available, 0) || ' of ' || desired || ' replicas available' ||
       CASE WHEN coalesce(available, 0) = 0 THEN ': it serves nothing' ELSE '' END ||
       '.' AS summary,
       since AS first_seen,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN pod IS NOT NULL THEN 'Pod' END AS cause_kind,
       CASE WHEN pod IS NOT NULL THEN namespace END AS cause_namespace,
       pod AS cause_name
FROM rows
ORDER BY namespace, name, ord;
