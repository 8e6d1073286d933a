-- id: gpu-sxid
-- title: NVSwitch reported a fatal SXid error
-- severity: critical
-- category: gpu
-- remediation: A fatal NVSwitch error takes down the NVLink fabric of the node: every multi-GPU job on it fails and new ones cannot use NVLink. Drain the node, read the fabric manager log (/var/log/fabricmanager.log, collected by collect --host) for the switch and link, restart nvidia-fabricmanager, and reboot the node if the error returns; repeated fatal SXids on one switch or link need the hardware vendor.
--
-- Symptom: NCCL jobs on one node fail or hang; nvidia-smi shows the
-- fabric state as not completed; "SXid" lines in the kernel log.
-- Root cause found: SXid lines (nvidia-nvswitchN) the driver marks
-- "Fatal".
-- Evidence: the fatal SXid lines (the three newest per node).
-- Thresholds: any fatal one. Non-fatal SXids are corrected or contained
-- errors NVIDIA asks only to watch; they are shown in the GPU fleet
-- section, not here.
WITH f AS (
    SELECT e.*, row_number() OVER (PARTITION BY e.bundle_id, e.node
        ORDER BY e.time DESC) AS rn,
           count(*) OVER (PARTITION BY e.bundle_id, e.node) AS n,
           min(e.time) OVER (PARTITION BY e.bundle_id, e.node) AS first_t,
           max(e.time) OVER (PARTITION BY e.bundle_id, e.node) AS last_t
    FROM gpu_events e WHERE e.kind = 'sxid' AND e.fatal = 1
)
SELECT 'Node' AS kind, node AS name, node, 'critical' AS severity,
       'NVSwitch on node ''' || node || ''' reported ' || n ||
       ' fatal SXid error(s) (last: SXid ' || code || coalesce(' at ' || last_t, '') ||
       '): the NVLink fabric is down. Action: drain the node, restart fabric manager, reboot if it returns.' AS summary,
       first_t AS first_seen, last_t AS last_seen,
       'node-log' AS ev_source, time AS ev_time, text AS ev_text,
       file AS ev_file
FROM f WHERE rn <= 3
ORDER BY node, time;
