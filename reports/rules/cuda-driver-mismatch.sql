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
    -- the message a container left when it died before its last restart
    -- (lastState.terminated): it ends the previous log, so it sorts as
    -- that log's last line
    SELECT c.bundle_id, c.namespace, c.pod, c.name, 1, 1000000000,
           c.last_finished, c.last_message, NULL, 'termination'
    FROM containers c
    WHERE c.last_message REGEXP sig_pattern('cuda-driver-mismatch')
    UNION ALL
    -- the container's current state: the message of a container that is
    -- terminated now ends the current log; a waiting one's message is
    -- where the runtime puts a hook that failed to start it
    SELECT c.bundle_id, c.namespace, c.pod, c.name, 0, 1000000000,
           c.state_finished, c.state_message, NULL,
           CASE c.state WHEN 'terminated' THEN 'termination' ELSE 'status' END
    FROM containers c
    WHERE c.state IN ('terminated', 'waiting')
      AND c.state_message REGEXP sig_pattern('cuda-driver-mismatch')
    UNION ALL
    -- kubelet events about the pod: involvedObject.fieldPath names the
    -- container ("spec.containers{vllm}", "spec.initContainers{init}"),
    -- so the hit lands on that container and no other; an event without
    -- one (a sandbox failure) is the pod's own
    SELECT e.bundle_id, e.object_namespace, e.object_name,
           CASE WHEN e.object_field GLOB 'spec.*ontainers{?*}'
                THEN substr(e.object_field, instr(e.object_field, '{') + 1,
                            length(e.object_field) -
                            instr(e.object_field, '{') - 1) END,
           0, 999999999, coalesce(e.last_seen, e.first_seen),
           coalesce(e.reason || ': ', '') || e.message, e.file, 'event'
    FROM events e
    WHERE e.object_kind = 'Pod' AND e.object_name IS NOT NULL
      AND e.message REGEXP sig_pattern('cuda-driver-mismatch')
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
