-- id: device-plugin-health
-- title: NVIDIA device plugin stopped offering a GPU
-- severity: warning
-- category: gpu
-- remediation: The device plugin stopped offering a GPU after a health event (a critical Xid or ECC error) while its own pod kept running, so nothing restarts and the node quietly advertises fewer GPUs. Act on the GPU fault it names (see any gpu-xid finding for that node), then restart the device plugin pod so it offers the GPU again.
--
-- Symptom: GPU pods stay Pending or land elsewhere; the node's
-- allocatable nvidia.com/gpu dropped, yet the plugin pod is Running and
-- Ready, so no pod-level rule fires.
-- Root cause found: the plugin's health line (a GPU marked unhealthy, NVML
-- not loaded, no devices found), matched by the device-plugin failure
-- signatures (reports/gpu/signatures.txt) in its current or previous log,
-- its termination or waiting message, or a kubelet event about it.
-- Evidence: the health lines, newest first.
-- Thresholds: one line: the plugin prints these only when it marks a
-- device unhealthy or finds none to offer.
WITH found AS (
    SELECT l.bundle_id, l.namespace, l.pod, l.container, l.previous,
           l.line_no, l.time, l.text, l.file, 'log' AS src
    -- every failure signature that feeds this rule
    -- (reports/gpu/signatures.txt), in the shared pass
    FROM log_grep(sig_pattern('device-plugin-health')) g
    JOIN log_lines l ON l.id = g.line_id
    UNION ALL
    -- the message a container left when it died before its last restart
    -- (lastState.terminated): it ends the previous log, so it sorts as
    -- that log's last line
    SELECT c.bundle_id, c.namespace, c.pod, c.name, 1, 1000000000,
           c.last_finished, c.last_message, NULL, 'termination'
    FROM containers c
    WHERE c.last_message REGEXP sig_pattern('device-plugin-health')
    UNION ALL
    -- the container's current state: the message of a container that is
    -- terminated now ends the current log; a waiting one's message is
    -- where the runtime puts a hook that failed to start it
    SELECT c.bundle_id, c.namespace, c.pod, c.name, 0, 1000000000,
           c.state_finished, c.state_message, NULL,
           CASE c.state WHEN 'terminated' THEN 'termination' ELSE 'status' END
    FROM containers c
    WHERE c.state IN ('terminated', 'waiting')
      AND c.state_message REGEXP sig_pattern('device-plugin-health')
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
      AND e.message REGEXP sig_pattern('device-plugin-health')
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
       'Device plugin pod ''' || namespace || '/' || pod || '''' ||
       ' is not offering a GPU it should' || CASE WHEN n > 1 THEN ' (' || n || ' lines)' ELSE '' END ||
       ': "' || substr(latest, 1, 220) || '".' AS summary,
       first_time AS first_seen,
       src AS ev_source, time AS ev_time, text AS ev_text,
       file AS ev_file,
       -- the matched signature's remedy; NULL keeps the header's
       sig_remedy(sig_match('device-plugin-health', text)) AS remediation
FROM hits WHERE rn <= 3
-- a pod-level event (no container) after the containers: a finding takes
-- its summary from its first row and names the first container
ORDER BY namespace, pod, container IS NULL, container, rn;
