-- Evidence about a GPU node as a whole, for the node's verdict
-- (docs/gpu-health.md): the node's verdict is the worst of its GPUs'
-- and of these rows. Columns: node, rank (2 FAILED, 1 DEGRADED, 0 shown
-- only), action, text.
--   NVSwitch SXid lines: a fatal one takes the fabric down (rank 2); a
--     non-fatal one is shown (NVIDIA: continue, watch for repeats)
--   a lost GPU the kernel log names without an address (rank 2)
--   fewer GPUs in nvidia-smi (a host bundle: every GPU the driver
--     sees; an exporter scrape may hold a subset) than the node's
--     nvidia.com/gpu capacity, or than GPU Feature Discovery's
--     nvidia.com/gpu.count label: a GPU is missing (rank 2). Not with MIG
--     (nvidia.com/mig.strategy single or mixed), where capacity counts
--     MIG slices, not boards
--   allocatable nvidia.com/gpu below capacity: the device plugin marked
--     GPUs unhealthy (rank 1)
--   fewer GPUs answering nvidia-smi than NVIDIA GPUs on the PCI bus
--     (lspci of a host bundle): a GPU the driver lost (rank 2)
--   fabric manager errors: a fatal one (an NVSwitch fatal error, a GPU
--     NVLink fatal error, the daemon failing) takes the fabric down (rank
--     2); a non-fatal NVSwitch error is shown; others rank 1
--   the fabric manager unit not running on a node with NVSwitches (lspci,
--     SXid lines or NVSwitch errors in its log): no NVLink traffic can be
--     routed (rank 2); shown only where no NVSwitch was seen
--   IMEX errors: multi-node NVLink memory sharing is broken (rank 1)
--   DCGM: an NVSwitch entity at Failure (rank 2) or Warning (rank 1), a
--     diag test that failed with no GPU named (rank 1), a diag run that
--     could not run (shown)
WITH seen AS (
    SELECT node, count(*) AS n FROM gpus WHERE source = 'nvidia-smi'
    GROUP BY node
),
cap AS (
    SELECT r.node, max(r.capacity) AS capacity, max(r.allocatable) AS alloc,
           max(CAST(n.labels->>'$."nvidia.com/gpu.count"' AS INTEGER)) AS gfd,
           max(coalesce(n.labels->>'$."nvidia.com/mig.strategy"', 'none'))
               AS mig
    FROM node_resources r LEFT JOIN nodes n ON n.name = r.node
    WHERE r.resource = 'nvidia.com/gpu'
    GROUP BY r.node
)
SELECT node, CASE WHEN max(fatal) = 1 THEN 2 ELSE 0 END,
       CASE WHEN max(fatal) = 1 THEN
           'drain the node -> restart fabric manager (nvidia-fabricmanager) -> reboot the node if the NVSwitch error returns -> contact support if it persists'
       ELSE 'none: non-fatal; watch for repeats' END,
       count(*) || ' NVSwitch SXid line(s), codes ' || group_concat(DISTINCT code) ||
       CASE WHEN max(fatal) = 1 THEN ', fatal' ELSE ', non-fatal' END ||
       coalesce(', last at ' || max(time), '')
FROM gpu_events WHERE kind = 'sxid'
GROUP BY node, fatal
UNION ALL
SELECT node, 2, 'drain the node -> reboot it (bare metal) -> service the board if it recurs',
       'a GPU was lost (' || kind || ') without an address in the line' ||
       coalesce(', at ' || max(time), '')
FROM gpu_events WHERE kind IN ('fell-off-bus', 'init-failed')
  AND pci_key(pci) IS NULL
GROUP BY node, kind
UNION ALL
SELECT c.node, 2,
       'drain the node -> reboot it -> reseat or service the missing GPU if it does not come back',
       s.n || ' GPU(s) answer nvidia-smi, the node has ' ||
       max(CAST(c.capacity AS INTEGER), coalesce(c.gfd, 0)) ||
       ' (nvidia.com/gpu capacity' ||
       CASE WHEN c.gfd IS NOT NULL THEN ', GPU Feature Discovery count ' || c.gfd
            ELSE '' END || '): a GPU is missing'
FROM cap c JOIN seen s ON s.node = c.node
WHERE c.mig NOT IN ('single', 'mixed')
  AND s.n < max(CAST(c.capacity AS INTEGER), coalesce(c.gfd, 0))
UNION ALL
SELECT node, 1,
       'look at the device plugin''s log for the unhealthy GPUs and the Xid that marked them',
       'allocatable nvidia.com/gpu ' || CAST(alloc AS INTEGER) || ' below capacity ' ||
       CAST(capacity AS INTEGER) || ': the device plugin marked GPUs unhealthy'
FROM cap WHERE alloc < capacity
UNION ALL
SELECT c.node, 2,
       'drain the node -> reboot it -> reseat or service the GPU the driver does not answer for',
       coalesce(s.n, 0) || ' GPU(s) answer nvidia-smi, the PCI bus holds ' ||
       CAST(c.value AS INTEGER) || ' NVIDIA GPU(s) (lspci): a GPU is lost'
FROM metrics c LEFT JOIN seen s ON s.node = c.node
WHERE c.name = 'lspci.gpus' AND c.source = 'host'
  AND coalesce(s.n, 0) < CAST(c.value AS INTEGER)
UNION ALL
SELECT node,
       CASE WHEN fatal = 1 THEN 2 WHEN max(code IS NULL) = 1 THEN 1 ELSE 0 END,
       CASE WHEN fatal = 1 THEN
           'drain the node -> read the fabric manager log for the switch and port -> reset the GPUs or reboot, then start nvidia-fabricmanager -> contact support if it returns'
       WHEN max(code IS NULL) = 1 THEN
           'read the fabric manager log; restart nvidia-fabricmanager if NVLink jobs fail'
       ELSE 'none: non-fatal; watch for repeats' END,
       count(*) || ' fabric manager error(s)' ||
       CASE WHEN fatal = 1 THEN ', fatal' ELSE ', non-fatal' END ||
       coalesce(', last at ' || max(time), '') || ': ' ||
       (SELECT substr(e2.text, 1, 300) FROM gpu_events e2
        WHERE e2.node = e.node AND e2.kind = 'fabric-manager'
          AND e2.fatal = e.fatal ORDER BY e2.time DESC LIMIT 1)
FROM gpu_events e WHERE kind = 'fabric-manager'
GROUP BY node, fatal
UNION ALL
SELECT e.node,
       CASE WHEN EXISTS (SELECT 1 FROM metrics m WHERE m.node = e.node
                         AND m.name = 'lspci.nvswitches' AND m.value > 0)
              OR EXISTS (SELECT 1 FROM gpu_events x WHERE x.node = e.node
                         AND (x.kind = 'sxid' OR (x.kind = 'fabric-manager'
                              AND x.code IS NOT NULL)))
            THEN 2 ELSE 0 END,
       'start nvidia-fabricmanager (after a GPU reset or a reboot) -> read its log if it does not stay up',
       'the fabric manager is not running (' || e.text || ')'
FROM gpu_events e WHERE e.kind = 'fabric-manager-down'
UNION ALL
SELECT node, 1,
       'restart nvidia-imex -> check that every node of the IMEX domain lists the others and can reach them',
       count(*) || ' IMEX error(s)' || coalesce(', last at ' || max(time), '') ||
       ': multi-node NVLink memory sharing is broken'
FROM gpu_events WHERE kind = 'imex'
GROUP BY node
UNION ALL
SELECT node,
       CASE WHEN entity_group IS NULL AND status = 'Error' THEN 0
            WHEN entity_group IS NULL THEN 1
            WHEN status = 'Failure' THEN 2 ELSE 1 END,
       CASE WHEN entity_group = 'Switch' THEN
           'drain the node -> act on DCGM''s message for the NVSwitch -> restart fabric manager'
       WHEN status = 'Error' THEN 'rerun dcgmi diag when the node is idle'
       ELSE 'rerun dcgmi diag -r 3 on the node to find the GPU' END,
       'DCGM ' || check_kind || ', ' || coalesce(entity_group || ' ' || entity_id || ' ', '') ||
       test || ': ' || status || coalesce(' (' || message || ')', '')
FROM dcgm_results
WHERE status IN ('Failure', 'Warning', 'Fail', 'Warn', 'Error')
  AND (entity_group = 'Switch'
       OR (entity_group IS NULL AND check_kind = 'diag'));
