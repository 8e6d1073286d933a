-- id: statefulset-unready
-- title: StatefulSet has unready replicas
-- severity: critical
-- category: workload
-- remediation: A StatefulSet starts its pods in order, so one stuck pod (often ordinal 0) holds up every later one. Look at the first unready pod's findings: a PersistentVolumeClaim that does not bind, a crash loop, a failing readiness probe, a node fault. Fix it and the rest follow; do not delete PVCs of a database without a backup.
--
-- Symptom: READY x/y with x < y for a StatefulSet; databases or model
-- stores unreachable.
-- Root cause found: the unready pods and their findings.
-- Evidence: replica counts, the unready pods.
-- Thresholds: ready below desired. Severity critical when none is ready.
WITH s AS (
    SELECT w.* FROM workloads w
    WHERE w.kind = 'StatefulSet' AND coalesce(w.desired, 0) > 0
      AND coalesce(w.ready, 0) < w.desired
),
pods_of AS (
    SELECT s.bundle_id, s.namespace, s.name AS wl, p.name AS pod, p.status,
           p.phase, p.file
    FROM s JOIN pods p ON p.bundle_id = s.bundle_id AND p.namespace = s.namespace
                      AND p.owner_kind = 'StatefulSet' AND p.owner_name = s.name
    WHERE coalesce(p.ready, 0) = 0
),
rows AS (
    SELECT s.*, 1 AS ord, 'status' AS ev_source, NULL AS ev_time,
           'replicas desired ' || s.desired || ', ready ' || coalesce(s.ready, 0) ||
           ', current ' || coalesce(s.current, 0) AS ev_text, s.file AS ev_file,
           NULL AS pod
    FROM s
    UNION ALL
    SELECT s.*, 2, 'status', NULL,
           'pod ' || p.pod || ' ' || coalesce(p.status, p.phase, '?') || ', not ready',
           p.file, p.pod
    FROM s JOIN pods_of p ON p.bundle_id = s.bundle_id AND p.namespace = s.namespace
                         AND p.wl = s.name
)
SELECT 'StatefulSet' AS kind, namespace, name,
       CASE WHEN coalesce(ready, 0) = 0 THEN 'critical' ELSE 'warning' END AS severity,
       'StatefulSet ''' || namespace || '/' || name || ''' has ' ||
       coalesce(ready, 0) || ' of ' || desired || ' replicas ready.' AS summary,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN pod IS NOT NULL THEN 'Pod' END AS cause_kind,
       CASE WHEN pod IS NOT NULL THEN namespace END AS cause_namespace,
       pod AS cause_name
FROM rows
ORDER BY namespace, name, ord;
