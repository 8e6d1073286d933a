-- id: gpu-thermal
-- title: GPU throttled by temperature or power
-- severity: warning
-- category: gpu
-- remediation: The GPU lowers its clocks to stay within temperature or power limits, so jobs run slower than they should. Check the node's cooling (fans, airflow, datacenter inlet temperature) and power delivery; nvidia-smi -q -d PERFORMANCE,TEMPERATURE,POWER shows the active clock event reasons. A GPU throttling alone among identical ones points at its hardware; power-cap slowdowns can come from a deliberately low power limit (nvidia-smi -pl).
--
-- Symptom: slow training or inference steps on one node, tokens/s
-- dropping, GPU clocks below normal.
-- Root cause found: temperature at or above the GPU's slowdown threshold,
-- or active thermal / power-brake clock event reasons.
-- Evidence: temperature and threshold, throttle reasons, from nvidia-smi
-- or the exporter (DCGM_FI_DEV_GPU_TEMP, DCGM_FI_DEV_CLOCK_THROTTLE_REASONS).
-- Thresholds: the GPU's own slowdown temperature when known; otherwise
-- 85 C, a few degrees under the slowdown point of current datacenter GPUs
-- (A100 and H100 slow down near 87-92 C). Throttle bitmask bits 0x08 (HW
-- slowdown), 0x20 (SW thermal), 0x40 (HW thermal), 0x80 (HW power brake).
WITH g AS (
    SELECT bundle_id, node, 'GPU ' || coalesce(gpu_index, '?') AS gpu,
           'temperature ' || CAST(temperature AS INTEGER) || ' C' ||
           coalesce(' (slowdown at ' || CAST(temp_slowdown AS INTEGER) || ' C)', '') ||
           coalesce(', clock event reasons: ' || throttle_reasons, '') AS text,
           source
    FROM gpus
    WHERE (temperature IS NOT NULL AND temperature >= coalesce(temp_slowdown, 85))
       OR throttle_reasons REGEXP '(?i)thermal|power brake|hw slowdown'
),
m AS (
    SELECT bundle_id, node, 'GPU ' || coalesce(json_extract(labels, '$.gpu'), '?') AS gpu,
           CASE WHEN name = 'DCGM_FI_DEV_GPU_TEMP'
                THEN 'DCGM_FI_DEV_GPU_TEMP ' || CAST(value AS INTEGER) || ' C'
                ELSE name || ' ' || printf('0x%x', CAST(value AS INTEGER)) ||
                     ' (thermal or power slowdown)' END AS text,
           time
    FROM metrics
    WHERE node IS NOT NULL AND (
          (name = 'DCGM_FI_DEV_GPU_TEMP' AND value >= 85)
       OR (name IN ('DCGM_FI_DEV_CLOCK_THROTTLE_REASONS', 'DCGM_FI_DEV_CLOCKS_EVENT_REASONS')
           AND (CAST(value AS INTEGER) & 232) <> 0))
),
allg AS (
    SELECT bundle_id, node, gpu, text, 'gpu' AS src, NULL AS time,
           CASE WHEN source = 'nvidia-smi' THEN 'host/nvidia-smi.xml'
                ELSE 'nodes/' || node || '/dcgm-exporter.prom' END AS file
    FROM g
    UNION ALL
    SELECT bundle_id, node, gpu, text, 'metric', time,
           'nodes/' || node || '/dcgm-exporter.prom' FROM m
)
SELECT 'Node' AS kind, node AS name, node,
       'GPU(s) on node ''' || node || ''' are throttled by temperature or power: ' ||
       (SELECT group_concat(gpu || ' ' || text, '; ') FROM (SELECT DISTINCT gpu, text
          FROM allg a2 WHERE a2.bundle_id = allg.bundle_id AND a2.node = allg.node)) ||
       '.' AS summary,
       src AS ev_source, time AS ev_time, gpu || ': ' || text AS ev_text, file AS ev_file
FROM allg
ORDER BY node, gpu;
