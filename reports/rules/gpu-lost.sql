-- id: gpu-lost
-- title: A GPU is missing from the node
-- severity: critical
-- category: gpu
-- remediation: A GPU the node should have is gone: it fell off the bus, the driver could not initialise it, or nvidia-smi no longer lists it. Drain the node and reboot it; if the GPU does not come back, check its seating, power cables and the PCIe slot (lspci -d 10de:), the BMC event log, and open a hardware case. Kubernetes keeps advertising capacity it cannot deliver until the device plugin restarts.
--
-- Symptom: fewer GPUs in nvidia-smi than the node was bought with; GPU
-- pods fail to start on the node; "GPU has fallen off the bus" without
-- an Xid number, or "RmInitAdapter failed" in the kernel log.
-- Root cause found: the kernel's lost-GPU lines (gpu_events), or fewer
-- GPUs in nvidia-smi (or the exporter) than the node's nvidia.com/gpu
-- capacity or GPU Feature Discovery's nvidia.com/gpu.count label.
-- Only nvidia-smi's list counts (a host bundle): it is every GPU the
-- driver sees, while an exporter scrape may hold a subset.
-- Evidence: the kernel lines; the counts.
-- Thresholds: one GPU fewer. Not on MIG nodes (mig.strategy single or
-- mixed), where capacity counts MIG slices; a lost-GPU line that has an
-- Xid 79 for the same GPU is gpu-xid's finding already.
WITH lost AS (
    SELECT e.bundle_id, e.node, e.time, e.text, e.file, e.kind
    FROM gpu_events e
    WHERE e.kind IN ('fell-off-bus', 'init-failed')
      AND NOT EXISTS (SELECT 1 FROM gpu_xids x WHERE x.node = e.node
          AND x.code = 79 AND pci_key(x.pci) IS pci_key(e.pci))
),
seen AS (
    SELECT node, count(*) AS n FROM gpus WHERE source = 'nvidia-smi'
    GROUP BY node
),
cap AS (
    SELECT r.bundle_id, r.node, max(r.capacity) AS capacity,
           max(CAST(n.labels->>'$."nvidia.com/gpu.count"' AS INTEGER)) AS gfd,
           max(coalesce(n.labels->>'$."nvidia.com/mig.strategy"', 'none')) AS mig
    FROM node_resources r LEFT JOIN nodes n ON n.name = r.node
    WHERE r.resource = 'nvidia.com/gpu' GROUP BY r.bundle_id, r.node
),
short AS (
    SELECT c.bundle_id, c.node, s.n,
           max(CAST(c.capacity AS INTEGER), coalesce(c.gfd, 0)) AS want
    FROM cap c JOIN seen s ON s.node = c.node
    WHERE c.mig NOT IN ('single', 'mixed')
      AND s.n < max(CAST(c.capacity AS INTEGER), coalesce(c.gfd, 0))
),
rows AS (
    SELECT bundle_id, node, 'node-log' AS src, time, text, file,
           'the kernel says a GPU was lost (' || kind || ')' AS what
    FROM lost
    UNION ALL
    SELECT bundle_id, node, 'gpu', NULL,
           n || ' GPU(s) in nvidia-smi, ' || want ||
           ' expected (nvidia.com/gpu capacity or nvidia.com/gpu.count)',
           NULL, (want - n) || ' GPU(s) missing from nvidia-smi'
    FROM short
)
SELECT 'Node' AS kind, node AS name, node, 'critical' AS severity,
       'Node ''' || node || ''' lost a GPU: ' ||
       (SELECT group_concat(DISTINCT r2.what) FROM rows r2 WHERE r2.node = r.node) ||
       '. Action: drain the node and reboot it; reseat or service the GPU if it does not come back.' AS summary,
       (SELECT min(time) FROM rows r3 WHERE r3.node = r.node) AS first_seen,
       (SELECT max(time) FROM rows r3 WHERE r3.node = r.node) AS last_seen,
       src AS ev_source, time AS ev_time, text AS ev_text, file AS ev_file
FROM rows r
ORDER BY node, time;
