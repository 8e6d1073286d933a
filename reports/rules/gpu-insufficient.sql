-- id: gpu-insufficient
-- title: GPU requests exceed the free GPUs
-- severity: warning
-- category: gpu
-- remediation: The pod asks for more nvidia.com/gpu than any single node has free. If the cluster has enough free GPUs in total but spread over nodes, the request is fragmented: lower the per-pod GPU count (more replicas, tensor or pipeline parallelism), or drain small jobs off one node. If the cluster has too few, scale down other GPU workloads or add GPU nodes (check the autoscaler's GPU node group limits). GPUs lost to a device plugin or Xid fault show up as gpu-unavailable.
--
-- Symptom: GPU pods Pending with "Insufficient nvidia.com/gpu".
-- Root cause found: the pod's GPU request against the free GPUs per node
-- (allocatable minus the requests of pods placed there) and in total.
-- Evidence: the request, free GPUs per node, the scheduler's message.
-- Thresholds: the scheduler must have refused the pod for GPUs, so the
-- arithmetic explains a real refusal rather than guessing one.
WITH pend AS (
    SELECT p.* FROM pods p
    WHERE p.phase = 'Pending' AND (p.node IS NULL OR p.node = '') AND p.gpu_request > 0
      AND (p.scheduled_condition_message REGEXP '(?i)Insufficient nvidia\.com/gpu'
           OR EXISTS (SELECT 1 FROM events e WHERE e.bundle_id = p.bundle_id
                      AND e.object_kind = 'Pod' AND e.object_namespace = p.namespace
                      AND e.object_name = p.name AND e.reason = 'FailedScheduling'
                      AND e.message REGEXP '(?i)Insufficient nvidia\.com/gpu'))
),
free AS (
    SELECT r.bundle_id, r.node, r.allocatable,
           r.allocatable - coalesce((SELECT sum(p.gpu_request) FROM pods p
               WHERE p.bundle_id = r.bundle_id AND p.node = r.node
                 AND coalesce(p.phase, '') NOT IN ('Succeeded', 'Failed')), 0) AS free
    FROM node_resources r
    JOIN nodes n ON n.bundle_id = r.bundle_id AND n.name = r.node
    WHERE r.resource = 'nvidia.com/gpu' AND n.ready = 'True' AND n.unschedulable = 0
),
tot AS (
    SELECT bundle_id, sum(max(free, 0)) AS total_free, max(free) AS best,
           group_concat(node || ' ' || CAST(max(free, 0) AS INTEGER) || '/' ||
                        CAST(allocatable AS INTEGER), ', ') AS per_node
    FROM free GROUP BY bundle_id
),
rows AS (
    SELECT p.*, t.total_free, t.best, t.per_node, 1 AS ord, 'spec' AS ev_source,
           'requests nvidia.com/gpu: ' || CAST(p.gpu_request AS INTEGER) AS ev_text,
           p.file AS ev_file
    FROM pend p LEFT JOIN tot t ON t.bundle_id = p.bundle_id
    UNION ALL
    SELECT p.*, t.total_free, t.best, t.per_node, 2, 'status',
           'free GPUs per schedulable node (free/allocatable): ' || t.per_node,
           'resources/_cluster/nodes.json'
    FROM pend p JOIN tot t ON t.bundle_id = p.bundle_id
)
SELECT 'Pod' AS kind, namespace, name,
       'Pod ''' || namespace || '/' || name || ''' requests ' ||
       CAST(gpu_request AS INTEGER) || ' GPU(s) but ' ||
       CASE WHEN total_free IS NULL THEN 'no schedulable node has GPUs'
            WHEN best >= gpu_request
              THEN 'the nodes with enough free GPUs (up to ' || CAST(best AS INTEGER) ||
                   ' on one node) are excluded by its node selector, affinity or taints'
            WHEN total_free >= gpu_request
              THEN 'at most ' || CAST(max(best, 0) AS INTEGER) ||
                   ' are free on one node (' || CAST(total_free AS INTEGER) ||
                   ' free in total: the request is fragmented across nodes)'
            ELSE 'only ' || CAST(total_free AS INTEGER) || ' are free in the cluster'
       END || '.' AS summary,
       created AS first_seen,
       ev_source, NULL AS ev_time, ev_text, ev_file
FROM rows
ORDER BY namespace, name, ord;
