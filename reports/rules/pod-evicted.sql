-- id: pod-evicted
-- title: Pod evicted by the kubelet
-- severity: warning
-- category: pod
-- remediation: The kubelet evicted the pod to protect its node (memory, disk or PID pressure, or ephemeral-storage limits). Fix the pressure on the node (see any node-pressure finding), set requests close to real use so the scheduler does not overcommit the node, set ephemeral-storage requests and limits for pods that write to local disk, and delete the Failed pods left behind (kubectl delete pod --field-selector=status.phase=Failed).
--
-- Symptom: STATUS Evicted (phase Failed), a replacement pod elsewhere.
-- Root cause found: the eviction message ("The node was low on resource:
-- memory ..."), linked to the node's pressure when there is one.
-- Evidence: the pod's status reason and message, Evicted events.
-- Thresholds: any pod with status reason Evicted.
WITH ev AS (
    SELECT p.*,
           regexp_extract(p.message, '(?i)low on resource: (\S+?)\.?( |$)', 1) AS resource
    FROM pods p WHERE p.reason = 'Evicted'
),
rows AS (
    SELECT v.*, 1 AS ord, 'status' AS ev_source, NULL AS ev_time,
           'phase ' || coalesce(v.phase, 'Failed') || ', reason Evicted: ' ||
           coalesce(v.message, '') AS ev_text, v.file AS ev_file
    FROM ev v
    UNION ALL
    SELECT v.*, 2, 'event', e.last_seen, e.reason || ': ' || e.message, e.file
    FROM ev v
    JOIN events e ON e.bundle_id = v.bundle_id AND e.object_kind = 'Pod'
                 AND e.object_namespace = v.namespace AND e.object_name = v.name
                 AND e.reason = 'Evicted'
)
SELECT 'Pod' AS kind, namespace, name, node,
       'Pod ''' || namespace || '/' || name || ''' was evicted from node ''' ||
       coalesce(node, '?') || '''' ||
       coalesce(' because the node was low on ' || resource, '') || '.' AS summary,
       ev_time AS first_seen, ev_source, ev_time, ev_text, ev_file
FROM rows
ORDER BY namespace, name, ord;
