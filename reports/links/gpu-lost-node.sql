-- id: gpu-lost-node
-- title: a GPU fault took a GPU away from the node's allocatable
--
-- Cause: gpu-xid or gpu-ecc on a node. Effect: gpu-unavailable on the same
-- node (allocatable nvidia.com/gpu below capacity).
-- Why: the NVIDIA device plugin health-checks every GPU through NVML
-- events and marks a GPU unhealthy on any Xid except the ones an
-- application causes (13, 31, 43, 45, 68, 109: graphics exception, MMU
-- fault, stopped or preempted context...), and on uncorrectable ECC
-- (double-bit) errors; the kubelet then advertises one GPU less. So an
-- Xid 79 (fallen off the bus) or 48/94/95 (ECC) explains the drop, an
-- Xid 13 from a buggy kernel does not.
-- The fault must come before the finding it explains or, when that has no
-- time (allocatable is a snapshot), before the end of the collection.
SELECT u.id AS effect, x.id AS cause,
       'allocatable nvidia.com/gpu on ' || u.name || ' is ' ||
       CAST(coalesce(r.allocatable, 0) AS INTEGER) || ' of ' ||
       CAST(r.capacity AS INTEGER) || ' because ' ||
       CASE WHEN x.rule = 'gpu-xid'
            THEN 'the device plugin marked a GPU unhealthy after Xid ' ||
                 (SELECT group_concat(DISTINCT g.code) FROM gpu_xids g
                  WHERE g.node = x.name AND g.code NOT IN (13, 31, 43, 45, 68, 109)) ||
                 ' at ' || strftime('%H:%M:%S', x.first_seen)
            ELSE 'a GPU has uncorrectable ECC errors' ||
                 coalesce(' (since ' || strftime('%H:%M:%S', x.first_seen) || ')', '')
       END AS reason
FROM findings u
JOIN node_resources r ON r.node = u.name AND r.resource = 'nvidia.com/gpu'
JOIN findings x ON x.kind = 'Node' AND x.name = u.name
                AND x.rule IN ('gpu-xid', 'gpu-ecc')
WHERE u.rule = 'gpu-unavailable' AND u.kind = 'Node'
  AND coalesce(r.allocatable, 0) < r.capacity
  AND (x.rule = 'gpu-ecc' OR EXISTS (
        SELECT 1 FROM gpu_xids g WHERE g.node = x.name
        AND g.code NOT IN (13, 31, 43, 45, 68, 109)))
  AND (x.first_seen IS NULL OR x.first_seen <= coalesce(u.first_seen,
        (SELECT max(b.collected_end) FROM bundles b), x.first_seen))
ORDER BY u.id, x.rule = 'gpu-ecc', x.id;
