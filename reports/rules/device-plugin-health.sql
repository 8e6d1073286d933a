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
    -- its termination and waiting messages and the kubelet events
    -- about it, each on its container (schema/007_container_messages.sql)
    SELECT bundle_id, namespace, pod, container, previous, line_no, time,
           text, file, src
    FROM container_messages
    WHERE match_text REGEXP sig_pattern('device-plugin-health')
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
