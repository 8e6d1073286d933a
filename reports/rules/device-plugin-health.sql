-- id: device-plugin-health
-- title: NVIDIA device plugin marked a GPU unhealthy
-- severity: warning
-- category: gpu
-- remediation: The device plugin stopped offering a GPU after a health event (a critical Xid or ECC error) while its own pod kept running, so nothing restarts and the node quietly advertises fewer GPUs. Act on the GPU fault it names (see any gpu-xid finding for that node), then restart the device plugin pod so it offers the GPU again.
--
-- Symptom: GPU pods stay Pending or land elsewhere; the node's
-- allocatable nvidia.com/gpu dropped, yet the plugin pod is Running and
-- Ready, so no pod-level rule fires.
-- Root cause found: the plugin's health line in its log, matched by the
-- device-plugin failure signatures (reports/gpu/signatures.txt).
-- Evidence: the health lines, newest first.
-- Thresholds: one line: the plugin prints it only when it marks a device
-- unhealthy.
WITH hits AS (
    SELECT l.*,
           row_number() OVER newest AS rn,
           first_value(l.text) OVER newest AS latest,
           count(*) OVER newest AS n,
           min(l.time) OVER newest AS first_time
    FROM log_grep(sig_pattern('device-plugin-health')) g
    JOIN log_lines l ON l.id = g.line_id
    WINDOW newest AS (PARTITION BY l.bundle_id, l.namespace, l.pod,
                               l.container ORDER BY l.previous, l.line_no DESC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
SELECT 'Pod' AS kind, namespace, pod AS name, container,
       (SELECT p.node FROM pods p WHERE p.bundle_id = hits.bundle_id
           AND p.namespace = hits.namespace AND p.name = hits.pod) AS node,
       'Device plugin pod ''' || namespace || '/' || pod ||
       ''' marked a GPU unhealthy' || CASE WHEN n > 1 THEN ' (' || n || ' lines)' ELSE '' END ||
       ': "' || substr(latest, 1, 220) || '".' AS summary,
       first_time AS first_seen,
       'log' AS ev_source, time AS ev_time, text AS ev_text,
       file AS ev_file,
       sig_remedy(sig_match('device-plugin-health', text)) AS remediation
FROM hits WHERE rn <= 3
ORDER BY namespace, pod, container, rn;
