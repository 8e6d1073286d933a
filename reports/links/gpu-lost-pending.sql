-- id: gpu-lost-pending
-- title: GPUs the node lost would have fitted the Pending pod
--
-- Cause: gpu-unavailable on a node (a GPU marked unhealthy, a failing
-- device plugin, GPUs not advertised). Effect: gpu-insufficient on a pod
-- the scheduler refused for "Insufficient nvidia.com/gpu".
-- Why: the link holds only when the node's missing GPUs would have let
-- the pod fit: its free GPUs (allocatable minus the requests of the pods
-- placed there) plus the GPUs it lost (capacity minus allocatable) cover
-- the request. A pod asking for 4 GPUs is not starved by a 2-GPU node
-- losing one: that is a shortage the fault did not cause.
-- The node must be Ready and schedulable (a cordoned node would not have
-- taken the pod either). Node selectors and taints are not checked
-- (NEEDSWORK: pods.node_selector is not loaded).
WITH node_gpus AS (
    SELECT r.node, r.capacity, coalesce(r.allocatable, 0) AS allocatable,
           coalesce(r.allocatable, 0) - coalesce((SELECT sum(p.gpu_request)
               FROM pods p WHERE p.node = r.node AND p.deleted IS NULL
               AND coalesce(p.phase, '') NOT IN ('Succeeded', 'Failed')), 0)
               AS free
    FROM node_resources r JOIN nodes n ON n.name = r.node
    WHERE r.resource = 'nvidia.com/gpu' AND n.ready = 'True'
      AND coalesce(n.unschedulable, 0) = 0
)
SELECT i.id AS effect, u.id AS cause,
       'Pod ' || i.namespace || '/' || i.name || ' Pending since ' || coalesce(strftime('%H:%M:%S', i.first_seen), '?') ||
       ' (requests ' || CAST(p.gpu_request AS INTEGER) || ' GPU) because ' ||
       u.name || ' lost ' || CAST(g.capacity - g.allocatable AS INTEGER) ||
       ' of its ' || CAST(g.capacity AS INTEGER) || ' GPUs' ||
       coalesce(' at ' || strftime('%H:%M:%S', coalesce(
           (SELECT min(x.first_seen) FROM findings x WHERE x.kind = 'Node'
            AND x.name = u.name AND x.rule IN ('gpu-xid', 'gpu-ecc')),
           u.first_seen)), '') AS reason
FROM findings i
JOIN pods p ON p.namespace = i.namespace AND p.name = i.name
JOIN findings u ON u.rule = 'gpu-unavailable' AND u.kind = 'Node'
JOIN node_gpus g ON g.node = u.name
WHERE i.rule = 'gpu-insufficient' AND i.kind = 'Pod'
  AND g.capacity > g.allocatable
  AND max(g.free, 0) + g.capacity - g.allocatable >= p.gpu_request
ORDER BY i.id, g.capacity - g.allocatable DESC, u.id;
