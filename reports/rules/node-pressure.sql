-- id: node-pressure
-- title: Node under memory, disk or PID pressure
-- severity: critical
-- category: node
-- remediation: The kubelet reports a resource running out on the node and evicts pods to protect it. Memory: find the biggest users (kubectl top pods on the node), set memory requests close to real use so the node is not overcommitted, add nodes. Disk: clean unused images (crictl rmi --prune), rotate logs, give pods ephemeral-storage limits, grow the disk. PID: find the process leaking threads or forks and set a pod PID limit. Then delete the evicted pods.
--
-- Symptom: Evicted pods, MemoryPressure/DiskPressure/PIDPressure=True in
-- kubectl describe node, node.kubernetes.io/*-pressure taints.
-- Root cause found: the pressure condition and the resource it names; the
-- pods evicted from this node are listed as affected and explained by it.
-- Evidence: the condition with its message, the pressure taint, eviction
-- events (EvictionThresholdMet), the evicted pods.
-- Thresholds: the kubelet's own condition status True (it already applied
-- its eviction thresholds, e.g. memory.available<100Mi).
WITH c AS (
    SELECT n.bundle_id, n.name, n.file, k.type, k.reason, k.message,
           k.last_transition
    FROM nodes n
    JOIN node_conditions k ON k.bundle_id = n.bundle_id AND k.node = n.name
    WHERE k.type IN ('MemoryPressure', 'DiskPressure', 'PIDPressure')
      AND k.status = 'True'
),
rows AS (
    SELECT c.*, 1 AS ord, 'status' AS ev_source, c.last_transition AS ev_time,
           c.type || '=True' || coalesce(' (' || c.reason || ')', '') ||
           coalesce(': ' || c.message, '') AS ev_text, c.file AS ev_file,
           NULL AS a_ns, NULL AS a_name
    FROM c
    UNION ALL
    SELECT c.*, 2, 'status', t.added, 'taint ' || t.key || ':' || coalesce(t.effect, ''),
           c.file, NULL, NULL
    FROM c JOIN node_taints t ON t.bundle_id = c.bundle_id AND t.node = c.name
    WHERE t.key LIKE 'node.kubernetes.io/%-pressure'
    UNION ALL
    SELECT c.*, 3, 'event', e.last_seen, e.reason || ': ' || e.message, e.file,
           NULL, NULL
    FROM c JOIN events e ON e.bundle_id = c.bundle_id AND e.object_kind = 'Node'
                        AND e.object_name = c.name
                        AND e.reason REGEXP '(?i)EvictionThresholdMet|Pressure|FreeDiskSpaceFailed|ImageGCFailed|SystemOOM'
    UNION ALL
    SELECT c.*, 4, 'status', NULL,
           'pod ' || p.namespace || '/' || p.name || ' evicted: ' || coalesce(p.message, ''),
           p.file, p.namespace, p.name
    FROM c JOIN pods p ON p.bundle_id = c.bundle_id AND p.node = c.name
                      AND p.reason = 'Evicted'
)
SELECT 'Node' AS kind, name, name AS node,
       'Node ''' || name || ''' is under ' ||
       (SELECT group_concat(replace(type, 'Pressure', ''), ' and ') FROM c c2
         WHERE c2.bundle_id = rows.bundle_id AND c2.name = rows.name) ||
       ' pressure (' || (SELECT group_concat(type || '=True', ', ') FROM c c2
         WHERE c2.bundle_id = rows.bundle_id AND c2.name = rows.name) || ')' ||
       CASE WHEN (SELECT count(*) FROM pods p WHERE p.bundle_id = rows.bundle_id
                  AND p.node = rows.name AND p.reason = 'Evicted') > 0
            THEN '; the kubelet evicted ' || (SELECT count(*) FROM pods p
                  WHERE p.bundle_id = rows.bundle_id AND p.node = rows.name
                  AND p.reason = 'Evicted') || ' pod(s)'
            ELSE '' END || '.' AS summary,
       last_transition AS first_seen,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN a_name IS NOT NULL THEN 'Pod' END AS affects_kind,
       a_ns AS affects_namespace, a_name AS affects_name
FROM rows
ORDER BY name, ord;
