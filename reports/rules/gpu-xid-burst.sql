-- id: gpu-xid-burst
-- title: The same Xid keeps repeating on one GPU
-- severity: critical
-- category: gpu
-- remediation: One GPU reports the same Xid again and again. For an application-class code (13 graphics exception, 31 MMU fault, 43, 45) NVIDIA's investigatory workflow (WORKFLOW_XID_13, WORKFLOW_XID_31) says a repeat on the same GPU, across runs, points at the hardware rather than the program: drain the GPU and run DCGM diagnostics (dcgmi diag -r 3, or collect --host --gpu-diag for level 1), then field diagnostics if they pass. For a hardware code, the catalog's immediate action did not hold: escalate one step (reset -> node reboot -> service the board).
--
-- Symptom: jobs on one GPU crash again after every restart; the kernel
-- log shows the same Xid on the same PCI address many times.
-- Root cause found: three or more kernel-log lines of one Xid code on one
-- GPU (PCI address) within any one hour.
-- Evidence: the repeating Xid lines (the three newest).
-- Thresholds: 3 in an hour. NVIDIA calls a single Xid "solo" and treats
-- a repeat on the same GPU as the sign to look at the hardware; three
-- within an hour is past one retry of a crashed job and its restart, and
-- an hour keeps a slow trickle (one a day) out. Xid 154 and 45 are
-- followers of other Xids and do not count; exporter rows have no
-- history and do not count.
WITH x AS (
    SELECT g.*, pci_key(g.pci) AS k, unixepoch(g.time) AS ts
    FROM gpu_xids g
    WHERE coalesce(g.source, '') <> 'dcgm-exporter' AND g.time IS NOT NULL
      AND g.code NOT IN (45, 154) AND pci_key(g.pci) IS NOT NULL
),
w AS (
    SELECT x.*, count(*) OVER (PARTITION BY bundle_id, node, k, code
        ORDER BY ts RANGE BETWEEN 3600 PRECEDING AND CURRENT ROW) AS in_hour
    FROM x
),
hot AS (
    SELECT bundle_id, node, k, code, max(in_hour) AS peak, count(*) AS n,
           min(time) AS first_t, max(time) AS last_t, min(pci) AS pci
    FROM w GROUP BY bundle_id, node, k, code HAVING max(in_hour) >= 3
),
ev AS (
    SELECT w.*, row_number() OVER (PARTITION BY w.bundle_id, w.node, w.k,
        w.code ORDER BY w.ts DESC) AS rn
    FROM w JOIN hot h ON h.bundle_id = w.bundle_id AND h.node = w.node
        AND h.k = w.k AND h.code = w.code
)
SELECT 'Node' AS kind, h.node AS name, h.node AS node,
       CASE WHEN xid_class(h.code) IN ('app', 'info') THEN 'warning'
            ELSE 'critical' END AS severity,
       'GPU ' || h.pci || ' on node ''' || h.node || ''' reported Xid ' ||
       h.code || ' (' || xid_describe(h.code) || ') ' || h.n ||
       ' times (up to ' || h.peak || ' within an hour), ' || h.first_t ||
       ' to ' || h.last_t || '. ' ||
       CASE WHEN xid_class(h.code) IN ('app', 'info')
            THEN 'A repeat on the same GPU points at the hardware: drain it and run DCGM diagnostics.'
            ELSE 'The immediate action (' || coalesce(xid_bucket(h.code), 'none') ||
                 ') did not hold: escalate one step.' END AS summary,
       h.first_t AS first_seen, h.last_t AS last_seen,
       'node-log' AS ev_source, e.time AS ev_time, e.text AS ev_text,
       e.file AS ev_file
FROM hot h JOIN ev e ON e.bundle_id = h.bundle_id AND e.node = h.node
    AND e.k = h.k AND e.code = h.code AND e.rn <= 3
ORDER BY h.node, h.k, h.code, e.ts;
