-- id: gpu-xid-node
-- title: One Xid on several GPUs of a node
-- severity: critical
-- category: gpu
-- remediation: The same hardware Xid on two or more GPUs of one node points past the GPUs at what they share: the baseboard, its power delivery, a PCIe switch or riser, or the NVSwitch fabric. Act on the node, not on each GPU: drain it, check the BMC/IPMI event log and the PCIe errors (AER) of the kernel log, reboot it, and open a case for the chassis if the code comes back on several GPUs.
--
-- Symptom: several GPUs of one node fail together; every job on the node
-- dies at once.
-- Root cause found: one Xid code of class fatal or degraded (the
-- catalog's; application codes such as 13 or 31 are one multi-GPU job's
-- fault, not the node's) in the kernel log for two or more distinct GPUs
-- (PCI addresses) of one node.
-- Evidence: the first line of each GPU.
-- Thresholds: two GPUs: one failing GPU is a GPU, two with the same code
-- is already more than chance for a hardware code. NVLink (74) on
-- several GPUs often follows one failing peer: the summary says so.
WITH x AS (
    SELECT g.*, pci_key(g.pci) AS k FROM gpu_xids g
    WHERE coalesce(g.source, '') <> 'dcgm-exporter'
      AND pci_key(g.pci) IS NOT NULL
      AND xid_class(g.code) IN ('fatal', 'degraded')
),
wide AS (
    SELECT bundle_id, node, code, count(DISTINCT k) AS gpus,
           min(time) AS first_t, max(time) AS last_t
    FROM x GROUP BY bundle_id, node, code HAVING count(DISTINCT k) >= 2
),
firsts AS (
    SELECT x.*, row_number() OVER (PARTITION BY x.bundle_id, x.node, x.code,
        x.k ORDER BY x.time) AS rn
    FROM x JOIN wide w ON w.bundle_id = x.bundle_id AND w.node = x.node
        AND w.code = x.code
)
SELECT 'Node' AS kind, w.node AS name, w.node AS node,
       'critical' AS severity,
       'Xid ' || w.code || ' (' || xid_describe(w.code) || ') on ' ||
       w.gpus || ' GPUs of node ''' || w.node || ''', ' ||
       coalesce(w.first_t, '?') || ' to ' || coalesce(w.last_t, '?') ||
       ': a node-level fault (baseboard, power, PCIe switch or fabric)' ||
       CASE WHEN w.code = 74 THEN '; NVLink errors spread from one failing peer, so find the first GPU' ELSE '' END ||
       '. Action: drain the node and reboot it; ' ||
       coalesce(xid_bucket(w.code), 'no bucket') || ' per GPU is not enough.' AS summary,
       w.first_t AS first_seen, w.last_t AS last_seen,
       'node-log' AS ev_source, f.time AS ev_time, f.text AS ev_text,
       f.file AS ev_file
FROM wide w JOIN firsts f ON f.bundle_id = w.bundle_id AND f.node = w.node
    AND f.code = w.code AND f.rn = 1
ORDER BY w.node, w.code, f.time;
