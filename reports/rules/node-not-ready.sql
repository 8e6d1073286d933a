-- id: node-not-ready
-- title: Node is NotReady
-- severity: critical
-- category: node
-- remediation: The node's kubelet stopped reporting (Unknown) or reports itself unhealthy (False); its pods are unreachable and, after the eviction timeout, are deleted and rescheduled. Check the machine: is it running, reachable, out of memory or disk; on the node, systemctl status kubelet and journalctl -u kubelet, the container runtime (containerd), and the CNI. Cordon and drain it while you repair it; replace it if it does not come back.
--
-- Symptom: kubectl get nodes shows NotReady; its pods Unknown or
-- Terminating; DaemonSets and Deployments short of replicas.
-- Root cause found: the node's Ready condition (False or Unknown) with the
-- reason and message (for example "Kubelet stopped posting node status").
-- Evidence: the Ready condition, the unreachable/not-ready taints, the
-- NodeNotReady events; every pod on the node is listed as affected.
-- Thresholds: Ready False or Unknown in the collected status: the node
-- controller already waited its grace period (40 s) before saying so.
WITH n AS (
    SELECT n.*, c.reason, c.message, c.last_transition, c.last_heartbeat
    FROM nodes n
    LEFT JOIN node_conditions c ON c.bundle_id = n.bundle_id AND c.node = n.name
                               AND c.type = 'Ready'
    WHERE n.ready IN ('False', 'Unknown')
),
rows AS (
    SELECT n.*, 1 AS ord, 'status' AS ev_source,
           coalesce(n.last_transition, n.ready_since) AS ev_time,
           'Ready=' || n.ready || coalesce(' (' || n.reason || ')', '') ||
           coalesce(': ' || n.message, '') ||
           coalesce(', last heartbeat ' || n.last_heartbeat, '') AS ev_text,
           n.file AS ev_file, NULL AS a_ns, NULL AS a_name
    FROM n
    UNION ALL
    SELECT n.*, 2, 'status', t.added, 'taint ' || t.key || ':' || coalesce(t.effect, ''),
           n.file, NULL, NULL
    FROM n JOIN node_taints t ON t.bundle_id = n.bundle_id AND t.node = n.name
    WHERE t.key IN ('node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready')
    UNION ALL
    SELECT n.*, 3, 'event', e.last_seen, e.reason || ': ' || e.message, e.file,
           NULL, NULL
    FROM n JOIN events e ON e.bundle_id = n.bundle_id AND e.object_kind = 'Node'
                        AND e.object_name = n.name
                        AND (e.reason REGEXP '(?i)NotReady|NodeStatusUnknown|Rebooted|Unreachable'
                             OR e.type = 'Warning')
    UNION ALL
    SELECT n.*, 4, NULL, NULL, NULL, NULL, p.namespace, p.name
    FROM n JOIN pods p ON p.bundle_id = n.bundle_id AND p.node = n.name
    WHERE coalesce(p.phase, '') NOT IN ('Succeeded', 'Failed')
)
SELECT 'Node' AS kind, name, name AS node,
       'Node ''' || name || ''' is NotReady (Ready=' || ready ||
       coalesce(', ' || reason, '') || ')' ||
       coalesce(' since ' || coalesce(last_transition, ready_since), '') ||
       coalesce(': ' || message, '') || '; ' ||
       (SELECT count(*) FROM pods p WHERE p.bundle_id = rows.bundle_id
          AND p.node = rows.name
          AND coalesce(p.phase, '') NOT IN ('Succeeded', 'Failed')) ||
       ' pod(s) on it are affected.' AS summary,
       coalesce(last_transition, ready_since) AS first_seen,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN a_name IS NOT NULL THEN 'Pod' END AS affects_kind,
       a_ns AS affects_namespace, a_name AS affects_name
FROM rows
ORDER BY name, ord;
