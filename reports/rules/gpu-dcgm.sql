-- id: gpu-dcgm
-- title: DCGM reports a GPU unhealthy
-- severity: critical
-- category: gpu
-- remediation: DCGM watches the GPU's own counters and runs NVIDIA's diagnostics; its message names the subsystem and the fault. A health Failure or a failed diagnostic test: drain the GPU's node, act on the message (reset the GPU for ECC and row remapping faults, reseat or service for PCIe and NVLink faults), and run dcgmi diag -r 3 before the GPU takes work again. A Warning: run dcgmi diag -r 2 when the GPU is idle and watch the count DCGM names.
--
-- Symptom: jobs on one GPU fail or slow down; DCGM's own tools disagree
-- with "nvidia-smi looks fine".
-- Root cause found: `dcgmi health --check -j` systems at Warning or
-- Failure, and `dcgmi diag -j` tests that failed or warned, from a host
-- bundle (collect --host, --gpu-diag for the diagnostic).
-- Evidence: each result with its entity (GPU or NVSwitch), system or
-- test, status and DCGM's message; GPU pods on the node.
-- Thresholds: Failure and Fail are critical, Warning and Warn warnings;
-- Healthy, Pass and Skip are not findings. A diagnostic run that could
-- not start is a collection problem, not a GPU's: not a finding.
WITH d AS (
    SELECT bundle_id, node, check_kind, entity_group, entity_id, test, status,
           message, file,
           CASE WHEN status IN ('Failure', 'Fail') THEN 2 ELSE 1 END AS rank,
           coalesce(entity_group || ' ' || entity_id, 'the run') || ': ' ||
           CASE WHEN check_kind = 'diag' THEN 'diag test ' || test ELSE test END ||
           ' ' || status || coalesce(' - ' || message, '') AS text
    FROM dcgm_results
    WHERE status IN ('Failure', 'Warning', 'Fail', 'Warn')
      AND (entity_group IS NOT NULL OR check_kind = 'diag')
),
per AS (
    SELECT bundle_id, node, max(rank) AS rank, count(*) AS n,
           group_concat(DISTINCT coalesce(entity_group || ' ' || entity_id, 'the run'))
               AS subjects
    FROM d GROUP BY bundle_id, node
),
rows AS (
    SELECT bundle_id, node, 1 AS ord, 'gpu' AS ev_source, text AS ev_text,
           file AS ev_file, NULL AS a_ns, NULL AS a_name
    FROM d
    UNION ALL
    SELECT DISTINCT p.bundle_id, p.node, 2, NULL, NULL, NULL, q.namespace, q.name
    FROM per p JOIN pods q ON q.node = p.node  -- any bundle: host bundles hold DCGM's output, cluster bundles the pods
    WHERE q.gpu_request > 0 AND coalesce(q.phase, '') NOT IN ('Succeeded', 'Failed')
)
SELECT 'Node' AS kind, r.node AS name, r.node AS node,
       CASE WHEN p.rank = 2 THEN 'critical' ELSE 'warning' END AS severity,
       'DCGM on node ''' || r.node || ''' reports ' || p.n || ' problem(s) (' ||
       p.subjects || '): ' ||
       (SELECT d2.text FROM d d2 WHERE d2.bundle_id = r.bundle_id AND d2.node = r.node
        ORDER BY d2.rank DESC, d2.entity_id LIMIT 1) || '.' AS summary,
       r.ev_source, NULL AS ev_time, r.ev_text, r.ev_file,
       CASE WHEN r.a_name IS NOT NULL THEN 'Pod' END AS affects_kind,
       r.a_ns AS affects_namespace, r.a_name AS affects_name
FROM rows r JOIN per p ON p.bundle_id = r.bundle_id AND p.node = r.node
ORDER BY r.node, r.ord, r.ev_text;
