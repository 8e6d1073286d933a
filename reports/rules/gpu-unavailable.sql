-- id: gpu-unavailable
-- title: Node's GPUs not available to pods (device plugin or driver)
-- severity: critical
-- category: gpu
-- remediation: The kubelet advertises fewer nvidia.com/gpu than the node has, or the NVIDIA device plugin on the node is failing, so GPU pods cannot be placed there. Read the device plugin's log on that node: "failed to initialize NVML" / ERROR_LIBRARY_NOT_FOUND means the driver or the NVIDIA Container Toolkit is missing or not configured as the runtime (check nvidia-container-runtime in containerd's config and the GPU Operator's driver and toolkit pods); "Incompatible strategy" or MIG errors mean its configuration does not fit the node. A GPU marked unhealthy after an Xid lowers allocatable too: see any gpu-xid finding. Restart the device plugin pod once fixed.
--
-- Symptom: GPU pods Pending with "Insufficient nvidia.com/gpu" although
-- the node has GPUs; allocatable nvidia.com/gpu below capacity or 0;
-- nvidia-device-plugin pods in CrashLoopBackOff.
-- Root cause found: the capacity/allocatable gap, and the device plugin
-- pod's status and error lines on that node.
-- Evidence: nvidia.com/gpu capacity and allocatable, the plugin pod's
-- status, its log's error lines (NVML, driver, toolkit).
-- Thresholds: allocatable below capacity (the device plugin marked GPUs
-- unhealthy or stopped reporting), or a device plugin pod not ready on a
-- node: both mean the scheduler cannot use those GPUs.
WITH res AS (
    SELECT r.bundle_id, r.node, r.capacity, r.allocatable
    FROM node_resources r
    WHERE r.resource = 'nvidia.com/gpu'
),
plugin AS (
    SELECT p.* FROM pods p
    WHERE (p.name LIKE '%nvidia-device-plugin%' OR p.name LIKE '%gpu-device-plugin%'
           OR p.labels LIKE '%nvidia-device-plugin%')
      AND p.node IS NOT NULL AND p.deleted IS NULL
),
bad_plugin AS (
    SELECT * FROM plugin WHERE coalesce(ready, 0) = 0
),
gpu_nodes_without AS (
    -- labelled as GPU nodes by GPU feature discovery, yet no GPU advertised
    SELECT n.bundle_id, n.name AS node FROM nodes n
    WHERE (json_extract(CASE WHEN json_valid(n.labels) THEN n.labels END,
                        '$."nvidia.com/gpu.present"') = 'true'
           OR CAST(json_extract(CASE WHEN json_valid(n.labels) THEN n.labels END,
                                '$."nvidia.com/gpu.count"') AS INTEGER) > 0)
      AND NOT EXISTS (SELECT 1 FROM res r WHERE r.bundle_id = n.bundle_id
                      AND r.node = n.name AND r.capacity > 0)
),
nodes_bad AS (
    SELECT bundle_id, node FROM res WHERE coalesce(allocatable, 0) < capacity
    UNION
    SELECT bundle_id, node FROM bad_plugin
    UNION
    SELECT bundle_id, node FROM gpu_nodes_without
),
plines AS (
    SELECT * FROM (
        SELECT l.*, b.node, row_number() OVER (PARTITION BY l.bundle_id, l.namespace,
                   l.pod ORDER BY l.previous DESC, l.line_no DESC) AS rn
        FROM bad_plugin b
        JOIN log_streams s ON s.bundle_id = b.bundle_id AND s.namespace = b.namespace
                          AND s.pod = b.name
        -- unary + keeps these terms off any index: the rowid range is the
        -- one to use, not a temporary index over every line
        CROSS JOIN log_lines l ON l.id BETWEEN s.first_id AND s.last_id
                         AND b.bundle_id = +l.bundle_id AND b.namespace = +l.namespace
                         AND b.name = +l.pod
        WHERE l.text REGEXP '(?i)NVML|nvidia|driver|toolkit|^E[0-9]{4} |error|fail|could not|unable'
    ) WHERE rn <= 4
),
rows AS (
    SELECT n.bundle_id, n.node, 1 AS ord, 'status' AS ev_source, NULL AS ev_time,
           'nvidia.com/gpu capacity ' || CAST(r.capacity AS INTEGER) || ', allocatable ' ||
           CAST(coalesce(r.allocatable, 0) AS INTEGER) AS ev_text,
           'resources/_cluster/nodes.json' AS ev_file, NULL AS a_ns, NULL AS a_name
    FROM nodes_bad n JOIN res r ON r.bundle_id = n.bundle_id AND r.node = n.node
    UNION ALL
    SELECT g.bundle_id, g.node, 1, 'status', NULL,
           'node is labelled as a GPU node but advertises no nvidia.com/gpu',
           'resources/_cluster/nodes.json', NULL, NULL
    FROM gpu_nodes_without g
    UNION ALL
    SELECT n.bundle_id, n.node, 2, 'status', NULL,
           'device plugin pod ' || b.namespace || '/' || b.name || ' ' ||
           coalesce(b.status, b.phase, '?') || ', restarts ' || coalesce(b.restarts, 0),
           b.file, NULL, NULL
    FROM nodes_bad n JOIN bad_plugin b ON b.bundle_id = n.bundle_id AND b.node = n.node
    UNION ALL
    SELECT n.bundle_id, n.node, 3, 'log', l.time, l.text, l.file, NULL, NULL
    FROM nodes_bad n JOIN plines l ON l.bundle_id = n.bundle_id AND l.node = n.node
    UNION ALL
    SELECT n.bundle_id, n.node, 4, NULL, NULL, NULL, NULL, b.namespace, b.name
    FROM nodes_bad n JOIN bad_plugin b ON b.bundle_id = n.bundle_id AND b.node = n.node
    UNION ALL
    SELECT n.bundle_id, n.node, 4, NULL, NULL, NULL, NULL, p.namespace, p.name
    FROM nodes_bad n JOIN pods p ON p.bundle_id = n.bundle_id AND p.node = n.node
    WHERE p.gpu_request > 0 AND coalesce(p.ready, 0) = 0
)
SELECT 'Node' AS kind, r.node AS name, r.node AS node,
       'The GPUs of node ''' || r.node || ''' are not available to pods: ' ||
       coalesce((SELECT 'allocatable nvidia.com/gpu is ' || CAST(coalesce(x.allocatable, 0) AS INTEGER) ||
                 ' of ' || CAST(x.capacity AS INTEGER)
                 FROM res x WHERE x.bundle_id = r.bundle_id AND x.node = r.node
                 AND coalesce(x.allocatable, 0) < x.capacity), 'GPUs are not advertised') ||
       coalesce('; the NVIDIA device plugin pod ' || (SELECT b.name FROM bad_plugin b
                 WHERE b.bundle_id = r.bundle_id AND b.node = r.node LIMIT 1) ||
                ' is not ready', '') ||
       coalesce(' ("' || (SELECT substr(l.text, 1, 160) FROM plines l WHERE
                 l.bundle_id = r.bundle_id AND l.node = r.node
                 ORDER BY l.text REGEXP '(?i)NVML|driver' DESC, l.rn LIMIT 1) || '")', '') ||
       '.' AS summary,
       -- the device plugin's trouble began with its first back-off
       (SELECT min(e.first_seen) FROM events e JOIN bad_plugin b
          ON e.bundle_id = b.bundle_id AND e.object_kind = 'Pod'
         AND e.object_namespace = b.namespace AND e.object_name = b.name
         WHERE b.bundle_id = r.bundle_id AND b.node = r.node) AS first_seen,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN a_name IS NOT NULL THEN 'Pod' END AS affects_kind,
       a_ns AS affects_namespace, a_name AS affects_name
FROM rows r
ORDER BY r.node, r.ord;
