-- id: gpu-operator
-- title: NVIDIA GPU Operator not ready
-- severity: critical
-- category: gpu
-- remediation: The GPU Operator has not brought the GPU stack up, so nodes advertise no (or fewer) GPUs and GPU pods stay Pending or fail. Look at the first operand that is not ready, in the order the operator deploys them: the driver daemonset (kernel headers, secure boot, a driver already installed on the host), the container toolkit (the runtime's config), the device plugin, then the validators (nvidia-operator-validator's init containers name the failing step) and the DCGM exporter. Its log says why; the ClusterPolicy's conditions repeat the operator's own reason.
--
-- Symptom: GPU pods Pending with "Insufficient nvidia.com/gpu" on GPU
-- nodes, or failing with "nvidia-container-cli" / NVML errors; GPU
-- Operator pods in Init, CrashLoopBackOff or not ready.
-- Root cause found: the ClusterPolicy's status.state other than "ready"
-- with its conditions, and the operand pods (nvidia-*,
-- gpu-feature-discovery-*) in the ClusterPolicy's status.namespace that
-- are not running and ready.
-- Evidence: the state and the conditions that are not fine, each operand
-- pod's status.
-- Thresholds: any operand pod not ready (validators that completed are
-- fine), or any state but "ready": the operator itself reports ready
-- only when every operand has rolled out.
WITH cp AS (
    SELECT o.bundle_id, o.name, o.json, o.file,
           json_extract(o.json, '$.status.state') AS state,
           json_extract(o.json, '$.status.namespace') AS ns
    FROM objects o WHERE o.kind = 'ClusterPolicy'
),
operands AS (
    SELECT cp.name AS cp_name, p.namespace, p.name, p.status, p.phase,
           p.file, p.start_time
    FROM cp JOIN pods p ON p.namespace = cp.ns
    WHERE (p.name LIKE 'nvidia-%' OR p.name LIKE 'gpu-feature-discovery-%')
      AND coalesce(p.phase, '') <> 'Succeeded'
      AND (coalesce(p.phase, '') <> 'Running' OR coalesce(p.ready, 0) = 0)
),
conds AS (
    SELECT cp.name AS cp_name,
           json_extract(c.value, '$.type') || '=' ||
           json_extract(c.value, '$.status') ||
           coalesce(' (' || json_extract(c.value, '$.reason') || ')', '') ||
           coalesce(': ' || json_extract(c.value, '$.message'), '') AS text,
           json_extract(c.value, '$.lastTransitionTime') AS t, cp.file
    FROM cp, json_each(cp.json, '$.status.conditions') c
    WHERE (json_extract(c.value, '$.type') = 'Ready'
           AND json_extract(c.value, '$.status') <> 'True')
       OR (json_extract(c.value, '$.type') = 'Error'
           AND json_extract(c.value, '$.status') = 'True')
),
bad AS (
    SELECT cp.* FROM cp
    WHERE coalesce(cp.state, '') <> 'ready'
       OR EXISTS (SELECT 1 FROM operands o WHERE o.cp_name = cp.name)
),
rows AS (
    SELECT b.name AS cp_name, 1 AS ord, 'status' AS src, NULL AS t,
           'ClusterPolicy ' || b.name || ' status.state: ' ||
           coalesce(b.state, '(none)') AS text, b.file
    FROM bad b
    UNION ALL
    SELECT c.cp_name, 2, 'status', c.t, c.text, c.file
    FROM conds c JOIN bad b ON b.name = c.cp_name
    UNION ALL
    SELECT o.cp_name, 3, 'status', o.start_time,
           'pod ' || o.namespace || '/' || o.name || ': ' ||
           coalesce(o.status, o.phase, '?'), o.file
    FROM operands o
)
SELECT 'ClusterPolicy' AS kind, b.name AS name, NULL AS node,
       'critical' AS severity,
       'GPU Operator ClusterPolicy ''' || b.name || ''' is ' ||
       coalesce(b.state, 'without a state') ||
       coalesce('; operands not ready: ' || (SELECT group_concat(o.name || ' (' ||
           coalesce(o.status, o.phase, '?') || ')', ', ') FROM operands o
           WHERE o.cp_name = b.name), '') || '.' AS summary,
       NULL AS first_seen, NULL AS last_seen,
       r.src AS ev_source, r.t AS ev_time, r.text AS ev_text, r.file AS ev_file
FROM bad b JOIN rows r ON r.cp_name = b.name
ORDER BY b.name, r.ord, r.text;
