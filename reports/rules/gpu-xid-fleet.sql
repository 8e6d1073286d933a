-- id: gpu-xid-fleet
-- title: One Xid on many nodes
-- severity: critical
-- category: gpu
-- remediation: The same Xid on several nodes at once is rarely several broken boards: look at what those nodes share. Compare their driver and GPU firmware (VBIOS) versions, the CUDA and container toolkit versions of the workload, and what changed before the first occurrence (a driver upgrade, a new image, a new job). Roll the change back on one node to confirm, and report the driver bug to NVIDIA with nvidia-bug-report.sh output if the versions are current.
--
-- Symptom: GPU jobs fail across the cluster, not on one node.
-- Root cause found: one Xid code of class fatal or degraded in the kernel
-- logs of three or more nodes.
-- Evidence: the first line of each node, and the driver versions those
-- nodes run (nvidia-smi or the exporter).
-- Thresholds: three nodes: two can be chance in a large fleet; three
-- with one code points at the driver, firmware or workload they share.
WITH x AS (
    SELECT g.* FROM gpu_xids g
    WHERE coalesce(g.source, '') <> 'dcgm-exporter'
      AND xid_class(g.code) IN ('fatal', 'degraded')
),
wide AS (
    SELECT code, count(DISTINCT node) AS nodes, min(time) AS first_t,
           max(time) AS last_t
    FROM x GROUP BY code HAVING count(DISTINCT node) >= 3
),
firsts AS (
    SELECT x.*, row_number() OVER (PARTITION BY x.code, x.node
        ORDER BY x.time) AS rn
    FROM x JOIN wide w ON w.code = x.code
),
drivers AS (
    SELECT w.code, group_concat(DISTINCT g.driver_version) AS versions
    FROM wide w JOIN x ON x.code = w.code
    JOIN gpus g ON g.node = x.node
    GROUP BY w.code
)
SELECT 'Cluster' AS kind, 'xid-' || w.code AS name, NULL AS node,
       'critical' AS severity,
       'Xid ' || w.code || ' (' || xid_describe(w.code) || ') on ' ||
       w.nodes || ' nodes, ' || coalesce(w.first_t, '?') || ' to ' ||
       coalesce(w.last_t, '?') || coalesce(' (drivers ' || d.versions || ')', '') ||
       ': a fleet-level cause (driver, firmware or the workload they share) is likelier than that many failing boards.' AS summary,
       w.first_t AS first_seen, w.last_t AS last_seen,
       'node-log' AS ev_source, f.time AS ev_time, f.text AS ev_text,
       f.file AS ev_file
FROM wide w JOIN firsts f ON f.code = w.code AND f.rn = 1
LEFT JOIN drivers d ON d.code = w.code
ORDER BY w.code, f.time;
