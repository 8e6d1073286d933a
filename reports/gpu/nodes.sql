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
FROM gpu_events WHERE kind <> 'sxid' AND pci_key(pci) IS NULL
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
FROM cap WHERE alloc < capacity;
