-- id: gpu-ecc
-- title: GPU memory has uncorrectable ECC errors or failed row remapping
-- severity: critical
-- category: gpu
-- remediation: Uncorrectable (double-bit) ECC errors corrupt results and crash the CUDA contexts that touch the bad memory. Drain the node, reset the GPU (nvidia-smi -r) or reboot so row remapping or page retirement takes effect, and check nvidia-smi -q -d ECC,ROW_REMAPPER afterwards: a remapping failure or retired pages at the limit mean the GPU must be replaced (open an RMA).
--
-- Symptom: CUDA "uncorrectable ECC error encountered", Xid 48/63/64/94/95,
-- pods on one GPU failing.
-- Root cause found: non-zero volatile uncorrectable ECC counts, pending or
-- failed row remapping, from nvidia-smi (host bundles) or the GPU exporter.
-- Evidence: the counters with their values; GPU pods on the node are
-- affected.
-- Thresholds: any uncorrectable error or remap failure (corrected,
-- single-bit errors are normal and ignored); pending remaps are warnings
-- (a reset fixes them). Retired pages (GPUs before Ampere): any is a
-- warning, 60 or more critical (NVIDIA's page-retirement limit for
-- replacing the board; the GPU verdicts use the same count).
WITH g AS (
    SELECT bundle_id, node, gpu_index, uuid,
           'GPU ' || coalesce(gpu_index, '?') || coalesce(' (' || uuid || ')', '') AS gpu,
           'ecc volatile uncorrected ' || coalesce(ecc_volatile_uncorrected, 0) ||
           ', aggregate uncorrected ' || coalesce(ecc_aggregate_uncorrected, 0) ||
           ', remapped rows pending ' || coalesce(remapped_rows_pending, 0) ||
           ', remap failure ' || coalesce(remapped_rows_failure, 0) ||
           ', retired pages ' || coalesce(retired_pages, 0) AS text,
           CASE WHEN coalesce(ecc_volatile_uncorrected, 0) > 0
                  OR coalesce(remapped_rows_failure, 0) > 0
                  OR coalesce(retired_pages, 0) >= 60 THEN 'critical'
                ELSE 'warning' END AS sev,
           source
    FROM gpus
    WHERE coalesce(ecc_volatile_uncorrected, 0) > 0
       OR coalesce(remapped_rows_failure, 0) > 0
       OR coalesce(remapped_rows_pending, 0) > 0
       OR coalesce(retired_pages, 0) > 0
),
m AS (
    SELECT bundle_id, node, json_extract(labels, '$.gpu') AS gpu_index,
           'GPU ' || coalesce(json_extract(labels, '$.gpu'), '?') AS gpu,
           name || '{gpu="' || coalesce(json_extract(labels, '$.gpu'), '?') || '"} ' ||
           CAST(value AS INTEGER) AS text,
           CASE WHEN name LIKE '%PENDING%'
                  OR (name LIKE '%RETIRED%' AND value < 60) THEN 'warning'
                ELSE 'critical' END AS sev,
           time
    FROM metrics
    WHERE node IS NOT NULL AND value > 0
      AND name IN ('DCGM_FI_DEV_ECC_DBE_VOL_TOTAL', 'DCGM_FI_DEV_ECC_DBE_AGG_TOTAL',
                   'DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS',
                   'DCGM_FI_DEV_ROW_REMAP_FAILURE', 'DCGM_FI_DEV_ROW_REMAP_PENDING',
                   'DCGM_FI_DEV_RETIRED_DBE', 'DCGM_FI_DEV_RETIRED_SBE')
),
allg AS (
    SELECT bundle_id, node, gpu, text, sev, 'gpu' AS src, NULL AS time,
           CASE WHEN source = 'nvidia-smi' THEN 'host/nvidia-smi.xml'
                ELSE 'nodes/' || node || '/dcgm-exporter.prom' END AS file
    FROM g
    UNION ALL
    SELECT bundle_id, node, gpu, text, sev, 'metric', time,
           'nodes/' || node || '/dcgm-exporter.prom' FROM m
),
rows AS (
    SELECT a.bundle_id, a.node, a.sev, 1 AS ord, a.src AS ev_source, a.time AS ev_time,
           a.gpu || ': ' || a.text AS ev_text, a.file AS ev_file,
           NULL AS a_ns, NULL AS a_name
    FROM allg a
    UNION ALL
    SELECT DISTINCT a.bundle_id, a.node, a.sev, 2, NULL, NULL, NULL, NULL, p.namespace, p.name
    FROM allg a JOIN pods p ON p.node = a.node  -- any bundle: host bundles hold the GPUs, cluster bundles the pods
    WHERE p.gpu_request > 0 AND coalesce(p.phase, '') NOT IN ('Succeeded', 'Failed')
)
SELECT 'Node' AS kind, node AS name, node, sev AS severity,
       'Node ''' || node || ''' has GPU memory errors: ' ||
       (SELECT group_concat(gpu || ' ' || text, '; ') FROM (SELECT DISTINCT gpu, text
          FROM allg WHERE allg.bundle_id = rows.bundle_id AND allg.node = rows.node)) ||
       '.' AS summary,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN a_name IS NOT NULL THEN 'Pod' END AS affects_kind,
       a_ns AS affects_namespace, a_name AS affects_name
FROM rows
ORDER BY node, ord;
