-- id: daemonset-unavailable
-- title: DaemonSet pods unavailable on some nodes
-- severity: warning
-- category: workload
-- remediation: Some nodes lack a working copy of the DaemonSet (network, storage, logging or the NVIDIA device plugin). Look at the pod on each affected node and its findings: crash loops (for the device plugin: the driver and container toolkit on that node), image pulls, or node faults. A node that is NotReady takes its DaemonSet pod down with it.
--
-- Symptom: DESIRED > AVAILABLE in kubectl get ds.
-- Root cause found: the DaemonSet's pods that are not ready, and their
-- findings (their root is the node's fault when there is one).
-- Evidence: scheduled/ready/available counts, the unready pods.
-- Thresholds: numberUnavailable > 0 or ready below desired.
WITH d AS (
    SELECT w.* FROM workloads w
    WHERE w.kind = 'DaemonSet' AND coalesce(w.desired, 0) > 0
      AND (coalesce(w.unavailable, 0) > 0
           OR coalesce(w.available, w.ready, 0) < w.desired)
),
pods_of AS (
    SELECT d.bundle_id, d.namespace, d.name AS wl, p.name AS pod, p.status,
           p.phase, p.node, p.file
    FROM d JOIN pods p ON p.bundle_id = d.bundle_id AND p.namespace = d.namespace
                      AND p.owner_kind = 'DaemonSet' AND p.owner_name = d.name
    WHERE coalesce(p.ready, 0) = 0
),
rows AS (
    SELECT d.*, 1 AS ord, 'status' AS ev_source, NULL AS ev_time,
           'desired ' || d.desired || ', ready ' || coalesce(d.ready, 0) ||
           ', available ' || coalesce(d.available, 0) ||
           coalesce(', unavailable ' || d.unavailable, '') AS ev_text,
           d.file AS ev_file, NULL AS pod, NULL AS pod_node
    FROM d
    UNION ALL
    SELECT d.*, 2, 'status', NULL,
           'pod ' || p.pod || ' on node ' || coalesce(p.node, '?') || ': ' ||
           coalesce(p.status, p.phase, '?') || ', not ready', p.file, p.pod, p.node
    FROM d JOIN pods_of p ON p.bundle_id = d.bundle_id AND p.namespace = d.namespace
                         AND p.wl = d.name
)
SELECT 'DaemonSet' AS kind, namespace, name,
       'DaemonSet ''' || namespace || '/' || name || ''' is unavailable on ' ||
       (desired - coalesce(available, ready, 0)) || ' of ' || desired || ' nodes' ||
       coalesce(' (' || (SELECT group_concat(DISTINCT p.node) FROM pods_of p
                 WHERE p.bundle_id = rows.bundle_id AND p.namespace = rows.namespace
                   AND p.wl = rows.name) || ')', '') || '.' AS summary,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN pod IS NOT NULL THEN 'Pod' END AS cause_kind,
       CASE WHEN pod IS NOT NULL THEN namespace END AS cause_namespace,
       pod AS cause_name
FROM rows
ORDER BY namespace, name, ord;
