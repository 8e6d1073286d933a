-- id: pod-terminating-stuck
-- title: Pod stuck in Terminating
-- severity: warning
-- category: pod
-- remediation: The pod was deleted but has not gone away. If its node is NotReady the kubelet cannot confirm the kill: recover the node, or force-delete the pod (kubectl delete pod --force --grace-period=0) once you are sure it no longer runs. Otherwise look for finalizers on the pod (kubectl get pod -o jsonpath='{.metadata.finalizers}') and the controller that should remove them, volumes that cannot detach, or a container ignoring SIGTERM past terminationGracePeriodSeconds.
--
-- Symptom: STATUS Terminating for minutes or hours.
-- Root cause found: the deletion time and what holds it: finalizers, or a
-- node that is not ready.
-- Evidence: deletionTimestamp, finalizers, the node's Ready status.
-- Thresholds: deleted more than 5 minutes before collection ended: the
-- default grace period is 30 s, and 5 minutes leaves room for slow
-- shutdowns and long grace periods.
WITH s AS (
    SELECT p.*, b.collected_end,
           json_extract(o.json, '$.metadata.finalizers') AS finalizers,
           (SELECT n.ready FROM nodes n WHERE n.bundle_id = p.bundle_id
              AND n.name = p.node) AS node_ready
    FROM pods p
    JOIN bundles b ON b.id = p.bundle_id
    LEFT JOIN objects o ON o.bundle_id = p.bundle_id AND o.kind = 'Pod'
                       AND o.namespace = p.namespace AND o.name = p.name
    WHERE p.deleted IS NOT NULL AND b.collected_end IS NOT NULL
      AND p.deleted < strftime('%Y-%m-%dT%H:%M:%SZ', b.collected_end, '-300 seconds')
),
rows AS (
    SELECT s.*, 1 AS ord, 'status' AS ev_source, s.deleted AS ev_time,
           'deletionTimestamp ' || s.deleted || ', phase ' || coalesce(s.phase, '?')
             AS ev_text, s.file AS ev_file
    FROM s
    UNION ALL
    SELECT s.*, 2, 'spec', NULL, 'finalizers: ' || s.finalizers, s.file
    FROM s WHERE s.finalizers IS NOT NULL AND s.finalizers <> '[]'
    UNION ALL
    SELECT s.*, 3, 'status', NULL, 'node ' || s.node || ' Ready=' || s.node_ready,
           'resources/_cluster/nodes.json'
    FROM s WHERE s.node_ready IS NOT NULL AND s.node_ready <> 'True'
)
SELECT 'Pod' AS kind, namespace, name, node,
       'Pod ''' || namespace || '/' || name || ''' has been terminating since ' ||
       deleted ||
       CASE WHEN node_ready IS NOT NULL AND node_ready <> 'True'
              THEN ': its node ''' || node || ''' is not ready'
            WHEN finalizers IS NOT NULL AND finalizers <> '[]'
              THEN ': finalizers ' || finalizers || ' are not removed'
            ELSE '' END || '.' AS summary,
       deleted AS first_seen,
       ev_source, ev_time, ev_text, ev_file,
       -- a pod on a NotReady node is explained by the node, whatever the
       -- times say
       CASE WHEN node_ready IN ('False', 'Unknown') THEN 'Node' END AS cause_kind,
       CASE WHEN node_ready IN ('False', 'Unknown') THEN node END AS cause_name
FROM rows
ORDER BY namespace, name, ord;
