-- id: gpu-fabric
-- title: NVLink fabric manager or IMEX failing
-- severity: critical
-- category: gpu
-- remediation: On an NVSwitch system the fabric manager programs the switches; without it (or after a fatal NVSwitch or GPU NVLink error) no NVLink traffic can be routed, CUDA reports "system not yet initialized" and NCCL jobs fail or hang. Drain the node, read the fabric manager log (/var/log/fabricmanager.log, collected by collect --host) for the switch and port, reset the GPUs or reboot, then start nvidia-fabricmanager; repeated fatal errors on one switch need the hardware vendor. IMEX errors break memory sharing between the nodes of a multi-node NVLink domain: restart nvidia-imex and check that every node of the domain lists and reaches the others.
--
-- Symptom: multi-GPU jobs on one node fail at start or hang in NCCL;
-- CUDA error 802 "system not yet initialized"; multi-node NVLink jobs
-- cannot import each other's memory.
-- Root cause found: error lines of the fabric manager (its own log, or
-- its journal lines: NVSwitch fatal errors, GPU NVLink fatal errors, the
-- daemon failing to start) and of the IMEX daemon, and the fabric
-- manager unit not running on a node that has NVSwitches (lspci's bridges,
-- SXid lines or NVSwitch errors in its log).
-- Evidence: the five newest lines per node; GPU pods on the node.
-- Thresholds: any fatal fabric manager error or a stopped fabric manager
-- where NVSwitches exist (critical); any IMEX error (warning). Non-fatal
-- NVSwitch errors are corrected ones NVIDIA asks only to watch, and a
-- stopped fabric manager on a node without NVSwitches is not needed:
-- both are shown in the GPU fleet section, not here.
WITH down AS (
    SELECT e.* FROM gpu_events e
    WHERE e.kind = 'fabric-manager-down'
      AND (EXISTS (SELECT 1 FROM metrics m WHERE m.node = e.node
                   AND m.name = 'lspci.nvswitches' AND m.value > 0)
           OR EXISTS (SELECT 1 FROM gpu_events x WHERE x.node = e.node
                      AND (x.kind = 'sxid' OR (x.kind = 'fabric-manager'
                           AND x.code IS NOT NULL))))
),
f AS (
    SELECT bundle_id, node, kind, time, text, file FROM gpu_events
    WHERE (kind = 'fabric-manager' AND fatal = 1) OR kind = 'imex'
    UNION ALL
    SELECT bundle_id, node, kind, time,
           'nvidia-fabricmanager is not running on a node with NVSwitches: ' || text,
           file
    FROM down
),
per AS (
    SELECT bundle_id, node, count(*) AS n, min(time) AS first_t,
           max(time) AS last_t, max(kind <> 'imex') AS fabric,
           sum(kind = 'fabric-manager') AS fm, sum(kind = 'imex') AS imex,
           sum(kind = 'fabric-manager-down') AS stopped
    FROM f GROUP BY bundle_id, node
),
ranked AS (
    SELECT f.*, row_number() OVER (PARTITION BY bundle_id, node
        ORDER BY time DESC, kind) AS rn
    FROM f
),
rows AS (
    SELECT bundle_id, node, 1 AS ord, 'node-log' AS ev_source, time AS ev_time,
           text AS ev_text, file AS ev_file, NULL AS a_ns, NULL AS a_name
    FROM ranked WHERE rn <= 5
    UNION ALL
    SELECT DISTINCT p.bundle_id, p.node, 2, NULL, NULL, NULL, NULL, d.namespace, d.name
    FROM per p JOIN pods d ON d.node = p.node  -- any bundle: host bundles hold the logs, cluster bundles the pods
    WHERE d.gpu_request > 0 AND coalesce(d.phase, '') NOT IN ('Succeeded', 'Failed')
)
SELECT 'Node' AS kind, r.node AS name, r.node AS node,
       CASE WHEN p.fabric THEN 'critical' ELSE 'warning' END AS severity,
       CASE WHEN p.fabric THEN
           'The NVLink fabric of node ''' || r.node || ''' is not working: ' ||
           trim(CASE WHEN p.fm > 0 THEN p.fm || ' fatal fabric manager error(s) ' ELSE '' END ||
                CASE WHEN p.stopped > 0 THEN 'fabric manager not running (NVSwitches present) ' ELSE '' END ||
                CASE WHEN p.imex > 0 THEN p.imex || ' IMEX error(s) ' ELSE '' END) ||
           coalesce(', last at ' || p.last_t, '') ||
           '. Action: drain the node, reset the GPUs or reboot, then start the fabric manager.'
       ELSE
           'IMEX on node ''' || r.node || ''' reported ' || p.imex || ' error(s)' ||
           coalesce(', last at ' || p.last_t, '') ||
           ': multi-node NVLink memory sharing is broken. Action: restart nvidia-imex and check the domain''s node list.'
       END AS summary,
       p.first_t AS first_seen, p.last_t AS last_seen,
       r.ev_source, r.ev_time, r.ev_text, r.ev_file,
       CASE WHEN r.a_name IS NOT NULL THEN 'Pod' END AS affects_kind,
       r.a_ns AS affects_namespace, r.a_name AS affects_name
FROM rows r JOIN per p ON p.bundle_id = r.bundle_id AND p.node = r.node
ORDER BY r.node, r.ord, r.ev_time;
