-- id: pod-init-failure
-- title: Init container fails, the pod never starts
-- severity: critical
-- category: pod
-- remediation: An init container must exit 0 before the app containers start. Read its log (kubectl logs POD -c INIT --previous) and exit code: a migration or download that fails, a dependency it waits for that never comes (database, service DNS name), a missing file, secret or permission. Fix the cause it names, or the image and command of the init container.
--
-- Symptom: STATUS Init:Error, Init:CrashLoopBackOff or stuck Init:0/N.
-- Root cause found: the failing init container, its exit code and the
-- last error line of its log.
-- Evidence: the init container's state, its last log line with an error,
-- BackOff events.
-- Thresholds: an init container that terminated non-zero or is in back-off
-- while the pod has not started; one that merely runs (waiting on
-- something) is not a failure yet.
WITH bad AS (
    SELECT c.bundle_id, c.namespace, c.pod, c.name AS container,
           c.restart_count, c.state, c.state_reason, c.state_exit_code,
           c.last_exit_code, c.last_finished, c.state_finished, p.node, p.file,
           coalesce(CASE WHEN c.state = 'terminated' THEN c.state_exit_code END,
                    c.last_exit_code) AS exit_code
    FROM containers c
    JOIN pods p ON p.bundle_id = c.bundle_id AND p.namespace = c.namespace
               AND p.name = c.pod
    WHERE c.type = 'init' AND p.phase IN ('Pending', 'Failed')
      AND (c.state_reason = 'CrashLoopBackOff'
           OR (c.state = 'terminated' AND coalesce(c.state_exit_code, 0) <> 0)
           OR (c.state = 'waiting' AND coalesce(c.last_exit_code, 0) <> 0))
),
line AS (
    SELECT * FROM (
        SELECT l.*, row_number() OVER (PARTITION BY l.bundle_id, l.namespace,
                   l.pod, l.container ORDER BY l.previous DESC, l.line_no DESC) AS rn
        FROM bad b
        JOIN log_streams s ON s.bundle_id = b.bundle_id AND s.namespace = b.namespace
                          AND s.pod = b.pod AND s.container = b.container
        -- a container's lines are one rowid range (log_streams)
        -- unary + keeps these terms off any index: the rowid range is the
        -- one to use, not a temporary index over every line
        CROSS JOIN log_lines l ON l.id BETWEEN s.first_id AND s.last_id
                  AND b.bundle_id = +l.bundle_id AND b.namespace = +l.namespace
                  AND b.pod = +l.pod AND b.container = +l.container
        WHERE l.text REGEXP '(?i)error|fail|fatal|panic|exception|denied|not found|refused|timed? ?out|cannot|unable'
    ) WHERE rn = 1
    UNION ALL
    -- without a log line, the runtime's start error from the pod's events
    SELECT * FROM (
        SELECT NULL, b.bundle_id, b.namespace, b.pod, b.container, 0, 0,
               e.last_seen, e.message, e.file,
               row_number() OVER (PARTITION BY b.bundle_id, b.namespace, b.pod,
                                  b.container ORDER BY e.last_seen DESC) AS rn
        FROM bad b
        JOIN events e ON e.bundle_id = b.bundle_id AND e.object_kind = 'Pod'
                     AND e.object_namespace = b.namespace AND e.object_name = b.pod
                     AND e.reason = 'Failed' AND e.message LIKE '%' || b.container || '%'
        WHERE NOT EXISTS (SELECT 1 FROM log_streams l WHERE l.bundle_id = b.bundle_id
                          AND l.namespace = b.namespace AND l.pod = b.pod
                          AND l.container = b.container)
    ) WHERE rn = 1
),
rows AS (
    SELECT b.*, l.text AS cause_line, 1 AS ord, 'status' AS ev_source,
           coalesce(b.state_finished, b.last_finished) AS ev_time,
           'init container ' || b.container || ': ' || coalesce(b.state_reason, b.state) ||
           ', exit code ' || coalesce(b.exit_code, '?') || ', restarts ' ||
           coalesce(b.restart_count, 0) AS ev_text, b.file AS ev_file
    FROM bad b
    LEFT JOIN line l ON l.bundle_id = b.bundle_id AND l.namespace = b.namespace
                    AND l.pod = b.pod AND l.container = b.container
    UNION ALL
    SELECT b.*, l.text, 2, CASE WHEN l.id IS NULL THEN 'event' ELSE 'log' END,
           l.time, l.text, l.file
    FROM bad b
    JOIN line l ON l.bundle_id = b.bundle_id AND l.namespace = b.namespace
               AND l.pod = b.pod AND l.container = b.container
)
SELECT 'Pod' AS kind, namespace, pod AS name, container, node,
       'Init container ''' || container || ''' of pod ''' || namespace || '/' ||
       pod || ''' fails (exit code ' || coalesce(exit_code, '?') ||
       '), so the pod never starts' ||
       coalesce(': "' || substr(cause_line, 1, 200) || '"', '') || '.' AS summary,
       ev_source, ev_time, ev_text, ev_file
FROM rows
ORDER BY namespace, pod, container, ord;
