-- id: cuda-init-failure
-- title: CUDA or NVML cannot initialise the GPU in the container
-- severity: critical
-- category: gpu
-- remediation: The container got no working GPU: CUDA or NVML failed to initialise, or the NVIDIA container toolkit's hook refused to start it. Check that the pod requests nvidia.com/gpu and runs with the NVIDIA runtime, that nvidia-smi works on the node and in the container, that the node's kernel log has no Xid for the GPU, that the Fabric Manager runs on NVSwitch systems, and that the GPU Operator's driver and toolkit pods on the node are ready.
--
-- Symptom: the pod crash-loops at start or never starts: "CUDA error(3),
-- initialization error", "no CUDA-capable device is detected" (100),
-- "CUDA unknown error" (999), "system not yet initialized" (802),
-- "busy or unavailable" (46), "Failed to initialize NVML: Unknown
-- Error", "nvidia-container-cli: initialization error: nvml error: driver
-- not loaded"; the GPU Operator's validators wait forever.
-- Root cause found: the initialisation error, matched by the failure
-- signatures of reports/gpu/signatures.txt, in the container's current or
-- previous log, its termination or waiting message, or a kubelet event
-- about that container (involvedObject.fieldPath).
-- Evidence: the matched lines, newest first; a signature's remedy
-- replaces the generic one.
-- Thresholds: one line: these are printed only when initialisation
-- fails. A driver/runtime version mismatch is cuda-driver-mismatch's.
WITH found AS (
    SELECT l.bundle_id, l.namespace, l.pod, l.container, l.previous,
           l.line_no, l.time, l.text, l.file, 'log' AS src
    -- every failure signature that feeds this rule
    -- (reports/gpu/signatures.txt), in the shared pass
    FROM log_grep(sig_pattern('cuda-init-failure')) g
    JOIN log_lines l ON l.id = g.line_id
    UNION ALL
    -- its termination and waiting messages and the kubelet events
    -- about it, each on its container (schema/007_container_messages.sql)
    SELECT bundle_id, namespace, pod, container, previous, line_no, time,
           text, file, src
    FROM container_messages
    WHERE match_text REGEXP sig_pattern('cuda-init-failure')
), hits AS (
    SELECT f.*,
           row_number() OVER newest AS rn,
           first_value(f.text) OVER newest AS latest,
           count(*) OVER newest AS n,
           min(f.time) OVER newest AS first_time
    FROM found f
    -- one sort per container; the frame is the whole container, so that
    -- the count and the first time see every hit
    WINDOW newest AS (PARTITION BY f.bundle_id, f.namespace, f.pod,
                               f.container ORDER BY f.previous, f.line_no DESC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
SELECT 'Pod' AS kind, namespace, pod AS name, container,
       -- the node only for the rows kept, not for every hit
       (SELECT p.node FROM pods p WHERE p.bundle_id = hits.bundle_id
           AND p.namespace = hits.namespace AND p.name = hits.pod) AS node,
       CASE WHEN container IS NULL
            THEN 'Pod ''' || namespace || '/' || pod || ''''
            ELSE 'Container ''' || container || ''' of pod ''' ||
                 namespace || '/' || pod || '''' END ||
       ' cannot initialise its GPU (CUDA, NVML or the container toolkit)' || CASE WHEN n > 1 THEN ' (' || n || ' lines)' ELSE '' END ||
       ': "' || substr(latest, 1, 220) || '".' AS summary,
       first_time AS first_seen,
       src AS ev_source, time AS ev_time, text AS ev_text,
       file AS ev_file,
       -- the matched signature's remedy; NULL keeps the header's
       sig_remedy(sig_match('cuda-init-failure', text)) AS remediation
FROM hits WHERE rn <= 3
-- a pod-level event (no container) after the containers: a finding takes
-- its summary from its first row and names the first container
ORDER BY namespace, pod, container IS NULL, container, rn;
