-- id: gpu-nvlink
-- title: NVLink errors on a GPU's links
-- severity: warning
-- category: gpu
-- remediation: A GPU's NVLinks needed recovery (the link went down and retrained) or their error counters grew between collections. Multi-GPU jobs on the node slow down or fail with NCCL errors when a link drops. Read nvidia-smi nvlink -e and -s on the node (collect --host keeps both) for the failing link, reset the GPU or reboot the node when it is idle, and check or reseat the link (or the NVSwitch tray) if the counters keep growing; look for Xid 74 (or 144-150 on NVLink 5) and SXid lines of the same time.
--
-- Symptom: NCCL all-reduce slows down or times out on one node; "NVLink"
-- Xids or SXids around the same time.
-- Root cause found: the DCGM exporter's NVLink counters: recovery errors
-- above zero in any collection, or CRC (flit, data) or replay errors that
-- grew between two collections of the same GPU (bundles loaded together,
-- as analyze --baseline or several bundles do).
-- Evidence: each counter with its lowest and highest value.
-- Thresholds: any recovery error (a link that went down); CRC and replay
-- counts only when they grow: they accumulate since the driver loaded and
-- replays correct CRC errors, so a non-zero value in one snapshot is
-- history, not a fault.
WITH m AS (
    SELECT bundle_id, node, labels->>'$.gpu' AS gpu, name, value, time
    FROM metrics
    WHERE source = 'dcgm-exporter' AND node IS NOT NULL AND name IN (
        'DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL',
        'DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL',
        'DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL',
        'DCGM_FI_DEV_NVLINK_CRC_DATA_ERROR_COUNT_TOTAL')
),
agg AS (
    SELECT node, gpu, name, min(value) AS lo, max(value) AS hi,
           count(DISTINCT bundle_id) AS nb, min(time) AS t0, max(time) AS t1
    FROM m GROUP BY node, gpu, name
),
bad AS (
    SELECT * FROM agg
    WHERE (name = 'DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL' AND hi > 0)
       OR (name <> 'DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL'
           AND nb > 1 AND hi > lo)
)
SELECT 'Node' AS kind, node AS name, node, 'warning' AS severity,
       'NVLink errors on node ''' || node || ''': ' ||
       (SELECT group_concat('GPU ' || coalesce(b2.gpu, '?') || ' ' ||
            replace(replace(b2.name, 'DCGM_FI_DEV_NVLINK_', ''), '_COUNT_TOTAL', '') ||
            CASE WHEN b2.nb > 1 AND b2.hi > b2.lo
                 THEN ' grew ' || CAST(b2.lo AS INTEGER) || ' -> ' || CAST(b2.hi AS INTEGER)
                 ELSE ' ' || CAST(b2.hi AS INTEGER) END, ', ')
        FROM bad b2 WHERE b2.node = b.node) ||
       '. Check the links (nvidia-smi nvlink -e) and reset the GPU when idle.' AS summary,
       min(t0) OVER (PARTITION BY node) AS first_seen,
       max(t1) OVER (PARTITION BY node) AS last_seen,
       'metric' AS ev_source, t1 AS ev_time,
       b.name || '{gpu="' || coalesce(b.gpu, '?') || '"} ' ||
       CASE WHEN nb > 1 THEN CAST(lo AS INTEGER) || ' -> ' ELSE '' END ||
       CAST(hi AS INTEGER) AS ev_text,
       'nodes/' || node || '/dcgm-exporter.prom' AS ev_file
FROM bad b
ORDER BY node, gpu, name;
