-- id: gpu-xid
-- title: GPU reported an Xid error
-- severity: critical
-- category: gpu
-- remediation: Act on the Xid code (NVIDIA's action is quoted in the summary). Hardware and bus errors (79 fallen off the bus, 48/63/64/92/94/95 memory ECC and row remapping, 74 NVLink, 119/120 GSP): cordon and drain the node, reset the GPU or reboot, and open a hardware case if it repeats; run nvidia-bug-report.sh while the state is there. Application errors (13, 31, 43, 45): look at the process that caused them; they rarely mean bad hardware. Reschedule the affected pods once the GPU is healthy.
--
-- Symptom: training and inference pods on one node die together with
-- CUDA errors ("unspecified launch failure", "device-side assert", NCCL
-- timeouts), nvidia-smi shows "GPU is lost" or ERR!.
-- Root cause found: NVRM Xid lines in the node's kernel log (the history;
-- the GPU exporter keeps only the last), or the exporter's last Xid.
-- Evidence: each Xid line with its PCI address, code and process; the
-- exporter's DCGM_FI_DEV_XID_ERRORS; GPU pods on the node are affected.
-- Thresholds: any Xid: the driver only prints them for real faults.
-- Codes 13, 31, 43 and 45 are usually the application's own fault and
-- are reported as warnings; all other codes are critical.
WITH kernel AS (
    -- the kernel log's lines; rows the loader took from the exporter are
    -- not history (their time is the scrape's)
    SELECT g.* FROM gpu_xids g
    WHERE coalesce(g.source, '') <> 'dcgm-exporter'
      AND g.text NOT LIKE 'DCGM_FI_DEV_XID_ERRORS%'
),
x AS (
    -- Xid 154 names the recovery action the GPU needs: that is the action;
    -- a code newer than the catalog says so instead of a meaning
    SELECT k.*, xid_describe(k.code) AS meaning,
           CASE WHEN k.code = 154 AND xid_recovery(k.text) IS NOT NULL
                THEN 'recovery action ' || xid_recovery(k.text) || ': ' ||
                     xid_chain(xid_recovery(k.text))
                ELSE xid_action(k.code) END AS action
    FROM kernel k
),
mx AS (
    -- the exporter's last Xid, only where the kernel log has none for the
    -- node; it does not say when it happened
    SELECT bundle_id, node, code, NULL AS time, pci, text, file FROM gpu_xids
    WHERE (coalesce(source, '') = 'dcgm-exporter' OR text LIKE 'DCGM_FI_DEV_XID_ERRORS%')
      AND code > 0
      AND NOT EXISTS (SELECT 1 FROM kernel k WHERE k.bundle_id = gpu_xids.bundle_id
                      AND k.node = gpu_xids.node)
    UNION
    SELECT m.bundle_id, m.node, CAST(m.value AS INTEGER), NULL,
           coalesce(json_extract(m.labels, '$.pci_bus_id'), json_extract(m.labels, '$.gpu')),
           'DCGM_FI_DEV_XID_ERRORS{gpu="' || coalesce(json_extract(m.labels, '$.gpu'), '?') ||
           '"} ' || CAST(m.value AS INTEGER),
           'nodes/' || m.node || '/dcgm-exporter.prom'
    FROM metrics m
    WHERE m.name = 'DCGM_FI_DEV_XID_ERRORS' AND m.value > 0 AND m.node IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM kernel k WHERE k.bundle_id = m.bundle_id
                      AND k.node = m.node)
      AND NOT EXISTS (SELECT 1 FROM gpu_xids g WHERE g.bundle_id = m.bundle_id
                      AND g.node = m.node AND g.source = 'dcgm-exporter')
),
allx AS (
    SELECT bundle_id, node, code, time, pci, text, file, 'node-log' AS src, meaning, action FROM x
    UNION ALL
    SELECT bundle_id, node, code, time, pci, text || ' (the exporter''s last Xid)', file,
           'metric', xid_describe(code), xid_action(code)
    FROM mx
),
worst AS (
    SELECT * FROM (SELECT a.*, row_number() OVER (PARTITION BY bundle_id, node
        ORDER BY code IN (13, 31, 43, 45), time) AS rn FROM allx a) WHERE rn = 1
),
span AS (
    SELECT bundle_id, node, min(time) AS first_t, max(time) AS last_t,
           count(*) AS n, group_concat(DISTINCT code) AS codes,
           min(code NOT IN (13, 31, 43, 45)) AS all_app
    FROM allx GROUP BY bundle_id, node
),
rows AS (
    SELECT a.bundle_id, a.node, 1 AS ord, a.src AS ev_source, a.time AS ev_time,
           a.text AS ev_text, a.file AS ev_file, NULL AS a_ns, NULL AS a_name
    FROM allx a
    UNION ALL
    SELECT s.bundle_id, s.node, 2, NULL, NULL, NULL, NULL, p.namespace, p.name
    FROM span s JOIN pods p ON p.node = s.node  -- any bundle: host bundles hold the kernel log, cluster bundles the pods
    WHERE p.gpu_request > 0 AND coalesce(p.phase, '') <> 'Succeeded'
      AND (p.start_time IS NULL OR s.last_t IS NULL OR p.start_time <= s.last_t)
)
SELECT 'Node' AS kind, r.node AS name, r.node AS node,
       CASE WHEN s.all_app = 0 THEN 'warning' ELSE 'critical' END AS severity,
       'GPU ' || coalesce(w.pci, '?') || ' on node ''' || r.node || ''' reported Xid ' ||
       w.code || ' (' || w.meaning || ')' || coalesce(' at ' || w.time, '') ||
       CASE WHEN s.n > 1 THEN '; ' || s.n || ' Xid events in all (codes ' || s.codes || ')'
            ELSE '' END ||
       coalesce('. Action: ' || w.action, '') || '.' AS summary,
       s.first_t AS first_seen, s.last_t AS last_seen,
       r.ev_source, r.ev_time, r.ev_text, r.ev_file,
       CASE WHEN r.a_name IS NOT NULL THEN 'Pod' END AS affects_kind,
       r.a_ns AS affects_namespace, r.a_name AS affects_name
FROM rows r
JOIN span s ON s.bundle_id = r.bundle_id AND s.node = r.node
JOIN worst w ON w.bundle_id = r.bundle_id AND w.node = r.node
ORDER BY r.node, r.ord, r.ev_time;
