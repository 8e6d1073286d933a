-- id: pod-restarts
-- title: Container restarts often
-- severity: warning
-- category: pod
-- remediation: The container is running now but has restarted many times: it crashes from time to time and recovers. Read the previous container's log (kubectl logs --previous) and its last exit code; look for memory growth towards the limit (OOM), liveness probes that time out under load, dependencies that drop connections, and node problems at the times of the restarts.
--
-- Symptom: RESTARTS high while STATUS is Running.
-- Root cause found: the last termination (reason, exit code, when) and the
-- previous container's last error line, when there is one.
-- Evidence: restart count and last state, the previous log's last error.
-- Thresholds: 5 restarts or more: one or two happen on node maintenance
-- or a rollout; five means the container keeps dying. Only containers
-- running now: one waiting to restart is pod-crashloop's. Containers
-- OOMKilled or restarted by liveness probes are reported by pod-oomkilled
-- and pod-liveness-restarts.
-- When the last termination has reason Unknown and other containers on
-- the same node ended within the same minute, the node or its runtime
-- restarted under them: reported as info, since the application did not
-- fail.
WITH r AS (
    SELECT c.bundle_id, c.namespace, c.pod, c.name AS container,
           c.restart_count, c.last_reason, c.last_exit_code, c.last_finished,
           p.node, p.file,
           CASE WHEN c.last_reason = 'Unknown' AND c.last_finished IS NOT NULL
                THEN (SELECT count(*) FROM containers c2 JOIN pods p2
                        ON p2.bundle_id = c2.bundle_id AND p2.namespace = c2.namespace
                       AND p2.name = c2.pod
                      WHERE c2.bundle_id = c.bundle_id AND p2.node = p.node
                        AND c2.last_reason = 'Unknown'
                        AND abs(strftime('%s', c2.last_finished) -
                                strftime('%s', c.last_finished)) <= 60)
           END AS together
    FROM containers c
    JOIN pods p ON p.bundle_id = c.bundle_id AND p.namespace = c.namespace
               AND p.name = c.pod
    WHERE c.type = 'container' AND coalesce(c.restart_count, 0) >= 5
      AND c.state = 'running'
      AND coalesce(c.last_reason, '') <> 'OOMKilled'
      AND NOT EXISTS (SELECT 1 FROM events e WHERE e.bundle_id = c.bundle_id
                      AND e.object_kind = 'Pod' AND e.object_namespace = c.namespace
                      AND e.object_name = c.pod
                      AND e.message REGEXP '(?i)liveness probe')
),
line AS (
    SELECT * FROM (
        SELECT l.*, row_number() OVER (PARTITION BY l.bundle_id, l.namespace,
                   l.pod, l.container ORDER BY l.line_no DESC) AS rn
        FROM r
        JOIN log_streams s ON s.bundle_id = r.bundle_id AND s.namespace = r.namespace
                          AND s.pod = r.pod AND s.container = r.container
                          AND s.previous = 1
        -- unary + keeps these terms off any index: the rowid range is the
        -- one to use, not a temporary index over every line
        CROSS JOIN log_lines l ON l.id BETWEEN s.first_id AND s.last_id
              AND r.bundle_id = +l.bundle_id AND r.namespace = +l.namespace
              AND r.pod = +l.pod AND r.container = +l.container
        WHERE +l.previous = 1
          AND l.text REGEXP '(?i)\b(error|fatal|panic|exception|traceback|killed|failed)\b'
    ) WHERE rn = 1
),
rows AS (
    SELECT r.*, l.text AS cause_line, 1 AS ord, 'status' AS ev_source,
           r.last_finished AS ev_time,
           'restarts ' || r.restart_count || ', last terminated ' ||
           coalesce(r.last_reason, '?') || ' with exit code ' ||
           coalesce(r.last_exit_code, '?') ||
           coalesce(' at ' || r.last_finished, '') AS ev_text, r.file AS ev_file
    FROM r LEFT JOIN line l ON l.bundle_id = r.bundle_id
        AND l.namespace = r.namespace AND l.pod = r.pod AND l.container = r.container
    UNION ALL
    SELECT r.*, l.text, 2, 'log', l.time, l.text, l.file
    FROM r JOIN line l ON l.bundle_id = r.bundle_id
        AND l.namespace = r.namespace AND l.pod = r.pod AND l.container = r.container
)
SELECT 'Pod' AS kind, namespace, pod AS name, container, node,
       CASE WHEN together >= 2 THEN 'info' END AS severity,
       'Container ''' || container || ''' of pod ''' || namespace || '/' || pod ||
       ''' has restarted ' || restart_count || ' times (last exit code ' ||
       coalesce(last_exit_code, '?') || coalesce(', ' || last_reason, '') || ')' ||
       CASE WHEN together >= 2
            THEN '; its last restart, at ' || last_finished || ', hit ' || together ||
                 ' containers on node ''' || node || ''' at once: the node or its ' ||
                 'container runtime restarted, not the application'
            ELSE '' END ||
       coalesce(': "' || substr(cause_line, 1, 200) || '"', '') || '.' AS summary,
       last_finished AS last_seen,
       ev_source, ev_time, ev_text, ev_file
FROM rows
ORDER BY namespace, pod, container, ord;
