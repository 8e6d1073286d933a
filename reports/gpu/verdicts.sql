-- The verdict on each GPU: HEALTHY, DEGRADED or FAILED, the action chain
-- to follow and the evidence (docs/gpu-health.md, "Verdicts").
--
-- A GPU is a row of 'gpus' (nvidia-smi, else the DCGM exporter), or a PCI
-- address that only the kernel log names (an Xid or a lost-GPU line for a
-- GPU nvidia-smi no longer sees). Each piece of evidence has a rank:
--   2 (FAILED)   an Xid of class fatal, Xid 154 asking for a reset or a
--                reboot, the GPU fallen off the bus or failing to
--                initialise, uncorrectable ECC errors since the last reset
--                (volatile DBE), a failed row remapping, 60 or more
--                retired pages (NVIDIA's page-retirement limit for a
--                board to be replaced)
--   1 (DEGRADED) an Xid of class degraded or unused, or a code the
--                catalog lacks; Xid 154 asking to drain P2P; row
--                remappings pending a reset; retired pages; an active
--                hardware or thermal slowdown (nvidia-smi's clock event
--                reasons, the exporter's throttle bitmask 0xE8: HW
--                slowdown, SW thermal, HW thermal, HW power brake)
--   0            application Xids and informational ones: shown, the GPU
--                stays HEALTHY
-- DCGM's verdicts count too: a health system at Failure or a diag test
-- that failed is rank 2, a health Warning or a diag Warn rank 1; a pass
-- says nothing.
-- The verdict is the highest rank; the action is that of the evidence
-- ranked highest (the newest when several tie).
-- Columns: node, gpu_index, uuid, pci, model, driver, verdict, action,
-- evidence (JSON array of text), evidence_ids (for a GPU that is not
-- HEALTHY: the ids of the gpu findings on its node, comma-separated),
-- source.
WITH g AS (
    SELECT node, gpu_index, uuid, pci_bus_id AS pci, pci_key(pci_bus_id) AS k,
           product, driver_version, temperature, temp_slowdown,
           ecc_volatile_uncorrected AS dbe, retired_pages,
           remapped_rows_pending, remapped_rows_failure, throttle_reasons,
           source
    FROM gpus
),
named AS (
    -- addresses the kernel log names, and the exporter's last Xid
    SELECT node, pci_key(pci) AS k, min(pci) AS pci FROM gpu_xids
    WHERE pci_key(pci) IS NOT NULL GROUP BY 1, 2
    UNION
    SELECT node, pci_key(pci), min(pci) FROM gpu_events
    WHERE kind IN ('fell-off-bus', 'init-failed') AND pci_key(pci) IS NOT NULL
    GROUP BY 1, 2
),
allg AS (
    SELECT node, gpu_index, uuid, pci, k, product, driver_version, source
    FROM g
    UNION ALL
    SELECT n.node, NULL, NULL, n.pci, n.k, NULL, NULL, 'kernel-log'
    FROM named n
    WHERE NOT EXISTS (SELECT 1 FROM g WHERE g.node = n.node AND g.k = n.k)
      AND n.pci IN (SELECT min(pci) FROM named m WHERE m.node = n.node
                    AND m.k = n.k)
),
xids AS (
    -- the kernel log's history; the exporter's last Xid only for a node
    -- whose kernel log has none (its time is the scrape's)
    SELECT node, pci_key(pci) AS k, code,
           CASE WHEN code = 154 THEN xid_recovery(text) END AS rec,
           count(*) AS n, min(time) AS first_t, max(time) AS last_t,
           coalesce(source, '') = 'dcgm-exporter' AS exporter
    FROM gpu_xids x WHERE pci_key(pci) IS NOT NULL
      AND (coalesce(source, '') <> 'dcgm-exporter' OR NOT EXISTS (
           SELECT 1 FROM gpu_xids y WHERE y.node = x.node
           AND coalesce(y.source, '') <> 'dcgm-exporter'))
    GROUP BY 1, 2, 3, 4, 8
),
ev AS (
    SELECT node, k,
           CASE WHEN code = 154 THEN
                    CASE coalesce(xid_recovery_class(rec), 'degraded')
                    WHEN 'fatal' THEN 2 WHEN 'degraded' THEN 1 ELSE 0 END
                ELSE CASE xid_class(code) WHEN 'fatal' THEN 2
                     WHEN 'degraded' THEN 1 WHEN 'unused' THEN 1
                     WHEN 'unknown' THEN 1 ELSE 0 END
           END AS rank,
           CASE WHEN code = 154 THEN
                    coalesce(xid_chain(rec), xid_chain('XID_154'))
                WHEN xid_class(code) = 'unknown' THEN
                    'contact NVIDIA support: the code is newer than the catalog'
                ELSE coalesce(xid_chain(xid_bucket(code)), xid_chain('-'))
           END AS action,
           'Xid ' || code || ' (' || xid_describe(code) || ')' ||
           coalesce(': recovery action ' || rec, '') ||
           CASE WHEN exporter THEN ', the exporter''s last Xid'
                WHEN n > 1 THEN ', ' || n || ' times, ' ||
                     coalesce(first_t, '?') || ' to ' || coalesce(last_t, '?')
                ELSE coalesce(' at ' || last_t, '') END AS text,
           last_t AS t
    FROM xids
    UNION ALL
    SELECT node, pci_key(pci), 2,
           CASE kind WHEN 'fell-off-bus' THEN xid_chain('RESTART_BM')
                ELSE xid_chain('RESET_GPU') END,
           CASE kind WHEN 'fell-off-bus'
                THEN 'the GPU fell off the bus (kernel log, no Xid number)'
                ELSE 'the driver could not initialise the GPU (RmInitAdapter failed)'
           END || coalesce(' at ' || max(time), ''),
           max(time)
    FROM gpu_events WHERE kind IN ('fell-off-bus', 'init-failed')
      AND pci_key(pci) IS NOT NULL
    GROUP BY node, pci_key(pci), kind
    UNION ALL
    SELECT node, k, 2, 'drain the GPU -> reset it (nvidia-smi -r) -> service the board if the errors return',
           dbe || ' uncorrectable (double-bit) ECC errors since the last reset', NULL
    FROM g WHERE dbe > 0
    UNION ALL
    SELECT node, k, 2, 'drain the GPU -> replace the board: its memory has no spare rows left',
           'row remapping failed (' || remapped_rows_failure || ')', NULL
    FROM g WHERE remapped_rows_failure > 0
    UNION ALL
    SELECT node, k, 1, 'reset the GPU when it is idle so that the pending row remappings take effect',
           remapped_rows_pending || ' row remapping(s) pending a GPU reset', NULL
    FROM g WHERE remapped_rows_pending > 0 AND coalesce(remapped_rows_failure, 0) = 0
    UNION ALL
    SELECT node, k, CASE WHEN retired_pages >= 60 THEN 2 ELSE 1 END,
           CASE WHEN retired_pages >= 60
                THEN 'drain the GPU -> replace the board (page retirement limit reached)'
                ELSE 'reset the GPU when it is idle; watch the count' END,
           retired_pages || ' retired memory page(s)', NULL
    FROM g WHERE retired_pages > 0
    UNION ALL
    SELECT node, k, 1,
           'check cooling and power of the node: the GPU is slowing itself down',
           'clocks slowed by ' || throttle_reasons, NULL
    FROM g WHERE ',' || throttle_reasons || ',' LIKE '%,hw_slowdown,%'
       OR ',' || throttle_reasons || ',' LIKE '%,hw_thermal_slowdown,%'
       OR ',' || throttle_reasons || ',' LIKE '%,hw_power_brake_slowdown,%'
       OR ',' || throttle_reasons || ',' LIKE '%,sw_thermal_slowdown,%'
    UNION ALL
    SELECT g.node, g.k, 1,
           'check cooling and power of the node: the GPU is slowing itself down',
           'DCGM_FI_DEV_CLOCK_THROTTLE_REASONS ' || CAST(m.value AS INTEGER) ||
           ' (hardware or thermal slowdown)', m.time
    FROM g JOIN metrics m ON m.node = g.node
        AND m.name = 'DCGM_FI_DEV_CLOCK_THROTTLE_REASONS'
        AND CAST(m.labels->>'$.gpu' AS INTEGER) = g.gpu_index
    WHERE (CAST(m.value AS INTEGER) & 232) <> 0
    UNION ALL
    -- DCGM's own verdicts: its GPU id is nvidia-smi's index (schema 006)
    SELECT g.node, g.k, CASE WHEN d.status IN ('Failure', 'Fail') THEN 2
                             ELSE 1 END,
           CASE WHEN d.check_kind = 'diag' AND d.status = 'Fail' THEN
                'drain the GPU -> reset it (nvidia-smi -r) -> run dcgmi diag -r 3 -> service the board if the test fails again'
                WHEN d.status = 'Failure' THEN
                'drain the GPU -> act on DCGM''s message for its ' || d.test ||
                ' -> run dcgmi diag -r 3 before it takes work again'
                ELSE 'run dcgmi diag -r 2 on the GPU when it is idle; watch DCGM''s ' ||
                     d.test END,
           'DCGM ' || CASE WHEN d.check_kind = 'diag'
                           THEN 'diag test ' || d.test || ': ' || d.status
                           ELSE 'health, ' || d.test || ': ' || d.status END ||
           coalesce(' (' || d.message || ')', ''), NULL
    FROM g JOIN dcgm_results d ON d.node = g.node AND d.entity_group = 'GPU'
        AND d.entity_id = g.gpu_index
    WHERE d.status IN ('Failure', 'Warning', 'Fail', 'Warn')
    UNION ALL
    SELECT node, k, 1,
           'check cooling of the node: the GPU is at its slowdown temperature',
           'temperature ' || CAST(temperature AS INTEGER) || ' C at or above its slowdown threshold ' ||
           CAST(temp_slowdown AS INTEGER) || ' C', NULL
    FROM g WHERE temp_slowdown > 0 AND temperature >= temp_slowdown
),
ranked AS (
    SELECT e.*, row_number() OVER (PARTITION BY node, k
        ORDER BY rank DESC, t DESC) AS rn
    FROM ev e
),
per AS (
    SELECT node, k, max(rank) AS rank,
           json_group_array(text) AS evidence
    FROM (SELECT * FROM ranked ORDER BY node, k, rank DESC, t)
    GROUP BY node, k
)
SELECT a.node, a.gpu_index, a.uuid, a.pci, a.product, a.driver_version,
       CASE coalesce(p.rank, 0) WHEN 2 THEN 'FAILED' WHEN 1 THEN 'DEGRADED'
            ELSE 'HEALTHY' END AS verdict,
       CASE WHEN coalesce(p.rank, 0) > 0 THEN
            (SELECT r.action FROM ranked r WHERE r.node = a.node AND r.k = a.k
             AND r.rn = 1)
            ELSE 'none' END AS action,
       coalesce(p.evidence, '[]') AS evidence,
       CASE WHEN coalesce(p.rank, 0) > 0 THEN
            (SELECT group_concat(id, ',') FROM (SELECT f.id FROM findings f
             WHERE f.node = a.node AND f.category = 'gpu' ORDER BY f.id))
       END AS evidence_ids,
       a.source
FROM allg a LEFT JOIN per p ON p.node = a.node AND p.k IS a.k
ORDER BY a.node, a.gpu_index IS NULL, a.gpu_index, a.k;
