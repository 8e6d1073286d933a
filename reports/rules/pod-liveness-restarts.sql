-- id: pod-liveness-restarts
-- title: Container restarted by a failing liveness probe
-- severity: warning
-- category: pod
-- remediation: The kubelet kills and restarts the container because its liveness probe fails. If the app is slow to start (model loading), add a startupProbe or raise initialDelaySeconds and failureThreshold; if the probe's port or path is wrong (connection refused), make it match what the app listens on (containerPort); if the app hangs under load, fix the hang or raise timeoutSeconds. Do not point liveness at dependencies: a database outage should not restart every pod.
--
-- Symptom: restarts growing while the log shows no crash; exit code 137
-- or 143 (killed), events "Liveness probe failed" and "failed liveness
-- probe, will be restarted".
-- Root cause found: the liveness probe's failures and the kills they cause.
-- Evidence: the Unhealthy and Killing events, the restart count, the probe.
-- Thresholds: at least one restart together with a liveness failure event:
-- a single failed probe without a restart is noise the kubelet tolerates.
WITH ev AS (
    SELECT e.* FROM events e
    WHERE e.object_kind = 'Pod'
      AND ((e.reason = 'Unhealthy' AND e.message REGEXP '(?i)liveness probe')
           OR (e.reason = 'Killing' AND e.message REGEXP '(?i)liveness'))
),
subject AS (
    SELECT DISTINCT c.bundle_id, c.namespace, c.pod, c.name AS container,
           c.restart_count, c.liveness_probe, c.last_exit_code, p.node,
           p.file
    FROM containers c
    JOIN pods p ON p.bundle_id = c.bundle_id AND p.namespace = c.namespace
               AND p.name = c.pod
    JOIN ev e ON e.bundle_id = c.bundle_id AND e.object_namespace = c.namespace
             AND e.object_name = c.pod
             AND (e.object_field IS NULL OR e.object_field LIKE '%' || c.name || '%'
                  OR e.message LIKE '%' || c.name || '%')
    WHERE c.type = 'container' AND coalesce(c.restart_count, 0) >= 1
),
rows AS (
    SELECT s.*, 1 AS ord, 'status' AS ev_source, NULL AS ev_time,
           'restarts ' || s.restart_count || ', last exit code ' ||
           coalesce(s.last_exit_code, '?') AS ev_text, s.file AS ev_file
    FROM subject s
    UNION ALL
    SELECT s.*, 2, 'event', e.last_seen,
           e.reason || ': ' || e.message ||
           CASE WHEN e.count > 1 THEN ' (x' || e.count || ')' ELSE '' END, e.file
    FROM subject s
    JOIN ev e ON e.bundle_id = s.bundle_id AND e.object_namespace = s.namespace
             AND e.object_name = s.pod
    UNION ALL
    SELECT s.*, 3, 'spec', NULL, 'livenessProbe: ' || s.liveness_probe, s.file
    FROM subject s WHERE s.liveness_probe IS NOT NULL AND s.liveness_probe NOT IN ('', 'null')
)
SELECT 'Pod' AS kind, namespace, pod AS name, container, node,
       'Container ''' || container || ''' of pod ''' || namespace || '/' || pod ||
       ''' was restarted ' || restart_count ||
       ' time(s) because its liveness probe fails.' AS summary,
       ev_source, ev_time, ev_text, ev_file
FROM rows
ORDER BY namespace, pod, container, ord;
