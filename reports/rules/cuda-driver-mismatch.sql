-- id: cuda-driver-mismatch
-- title: CUDA runtime and GPU driver do not match
-- severity: critical
-- category: gpu
-- remediation: The container's CUDA runtime needs a newer driver than the node has, or the driver's user-space libraries do not match the kernel module. Use an image built for the node's CUDA version (nvidia-smi shows the highest CUDA version the driver supports) or upgrade the node's driver; after a driver upgrade without a reboot ("Driver/library version mismatch") reboot the node or reload the nvidia kernel modules; with the GPU Operator keep the driver and toolkit versions it manages in step.
--
-- Symptom: "CUDA driver version is insufficient for CUDA runtime
-- version", "Failed to initialize NVML: Driver/library version
-- mismatch", torch.cuda.is_available() False on a GPU node.
-- Root cause found: the driver/runtime mismatch message in the log.
-- Evidence: the log lines.
-- Thresholds: the explicit mismatch messages only; a generic "no CUDA
-- device" can have other causes (no GPU requested) and is not matched.
WITH found AS (
    SELECT l.bundle_id, l.namespace, l.pod, l.container, l.previous,
           l.line_no, l.time, l.text, l.file, 'log' AS src
    -- the rule's own broad patterns, and every failure signature that
    -- feeds this rule (reports/gpu/signatures.txt): one shared pass
    -- serves both, and a signature hit names its remedy
    FROM (SELECT line_id FROM log_grep('(?i)CUDA driver version is insufficient|cudaErrorInsufficientDriver|Driver/library version mismatch|NVML library version mismatch|forward compatibility was attempted on non supported HW|unsupported display driver / cuda driver combination|The NVIDIA driver on your system is too old|driver version .* is (too old|insufficient)|requires (a )?(newer|minimum) (NVIDIA )?driver|CUDA_ERROR_COMPAT_NOT_SUPPORTED|cuda>=[0-9.]+ .*unsatisfied condition')
          UNION SELECT line_id FROM log_grep(sig_pattern('cuda-driver-mismatch'))) g
    JOIN log_lines l ON l.id = g.line_id
    UNION ALL
    -- its termination and waiting messages and the kubelet events
    -- about it, each on its container (schema/007_container_messages.sql)
    SELECT bundle_id, namespace, pod, container, previous, line_no, time,
           text, file, src
    FROM container_messages
    WHERE match_text REGEXP sig_pattern('cuda-driver-mismatch')
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
       ' cannot use the GPU: the CUDA runtime and the driver do not match' || CASE WHEN n > 1 THEN ' (' || n || ' lines)' ELSE '' END ||
       ': "' || substr(latest, 1, 220) || '".' AS summary,
       first_time AS first_seen,
       src AS ev_source, time AS ev_time, text AS ev_text,
       file AS ev_file,
       -- the matched signature's remedy; NULL keeps the header's
       sig_remedy(sig_match('cuda-driver-mismatch', text)) AS remediation
FROM hits WHERE rn <= 3
-- a pod-level event (no container) after the containers: a finding takes
-- its summary from its first row and names the first container
ORDER BY namespace, pod, container IS NULL, container, rn;
