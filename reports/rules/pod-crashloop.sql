-- id: pod-crashloop
-- title: Container keeps crashing (CrashLoopBackOff)
-- severity: critical
-- category: pod
-- remediation: Read the crashed container's last lines (kubectl logs POD -c CONTAINER --previous) and its exit code. A missing environment variable or config key: add it to the Deployment's env or fix the ConfigMap/Secret it is read from. A missing module or file: fix the image (dependencies installed in the final build stage, WORKDIR and COPY paths) or the mounted path. Port already in use: make containerPort, the app's listen port and sidecars agree. A config error: correct the file or arguments it names. An exception or panic: fix the code or roll back to the last good image. Exit code 137 without OOMKilled means an outside SIGKILL, often a failing liveness probe.
--
-- Symptom: STATUS CrashLoopBackOff, RESTARTS growing, the kubelet waiting
-- up to 5 minutes between starts.
-- Root cause found: the reason the container exits, read from the previous
-- container's last 60 log lines (the crash is at the end), classified by
-- several phrasings per cause, then from the exit code when the log says
-- nothing (127 command not found, 126 not executable, 139 segfault,
-- 137 SIGKILL).
-- Evidence: the container status (state, restarts, last exit code), the
-- log line naming the cause, the BackOff event.
-- Thresholds: a container waiting in CrashLoopBackOff always fires; one
-- that is waiting for another reason fires only after 3 restarts with a
-- non-zero last exit, because the kubelet needs a few crashes before it
-- shows back-off. OOMKilled crashes are left to pod-oomkilled, init
-- containers to pod-init-failure.
WITH crash AS (
    SELECT c.bundle_id, c.namespace, c.pod, c.name AS container, p.node,
           c.restart_count, c.state_reason, c.last_exit_code, c.last_reason,
           c.last_finished, c.state_message, p.file
    FROM containers c
    JOIN pods p ON p.bundle_id = c.bundle_id AND p.namespace = c.namespace
               AND p.name = c.pod
    WHERE c.type = 'container'
      AND coalesce(c.last_reason, '') <> 'OOMKilled'
      AND (c.state_reason = 'CrashLoopBackOff'
           OR (c.state = 'waiting' AND c.restart_count >= 3
               AND coalesce(c.last_exit_code, 0) <> 0))
),
lines AS (
    -- the previous container's log when there is one, else the current;
    -- the runtime's own start errors ("executable file not found") are in
    -- the pod's Failed events, ranked after the previous log
    SELECT l.bundle_id, l.namespace, l.pod, l.container, l.line_no, l.time,
           l.text, l.file, l.previous,
           row_number() OVER (PARTITION BY l.bundle_id, l.namespace, l.pod,
                              l.container, l.previous
                              ORDER BY l.line_no DESC) AS back
    FROM crash k
    JOIN log_streams s ON s.bundle_id = k.bundle_id AND s.namespace = k.namespace
                      AND s.pod = k.pod AND s.container = k.container
    -- the last 60 lines of each log: a rowid range (log_streams), not a
    -- sort of every line of a crashing container
    -- unary + keeps these terms off any index: the rowid range is the
    -- one to use, not a temporary index over every line
    CROSS JOIN log_lines l ON l.id BETWEEN max(s.first_id, s.last_id - 59) AND s.last_id
         AND +l.bundle_id = s.bundle_id AND +l.namespace = s.namespace
         AND +l.pod = s.pod AND +l.container = s.container AND +l.previous = s.previous
    UNION ALL
    SELECT k.bundle_id, k.namespace, k.pod, k.container, 0, e.last_seen,
           e.message, e.file, 0, 1
    FROM crash k
    JOIN events e ON e.bundle_id = k.bundle_id AND e.object_kind = 'Pod'
                 AND e.object_namespace = k.namespace AND e.object_name = k.pod
                 AND e.reason = 'Failed' AND e.message LIKE '%' || k.container || '%'
                 AND e.message NOT LIKE '%pull%'
),
classified AS (
    SELECT *,
      CASE
        WHEN text REGEXP '(?i)KeyError: ''[A-Za-z_][A-Za-z0-9_]*''|environment variable|env(ironment)? var(iable)?s? .*(not set|missing|required|undefined|empty)|(missing|required|undefined|unset) (required )?env|\b[A-Z][A-Z0-9_]{2,}\b (is )?(not set|unset|undefined|must be set|is required)|must set [A-Z][A-Z0-9_]{2,}|os\.environ\[|getenv.*(nil|null|empty)|required key [A-Z][A-Z0-9_]+ missing value'
          THEN 1
        WHEN text REGEXP '(?i)ModuleNotFoundError|No module named|ImportError|Cannot find module|cannot open shared object file|ClassNotFoundException|NoClassDefFoundError|LoadError|undefined symbol'
          THEN 2
        WHEN text REGEXP '(?i)address already in use|EADDRINUSE|port \d+ (is )?(already )?in use|bind\(\) to .* failed|could not bind|failed to bind'
          THEN 4
        WHEN text REGEXP '(?i)FileNotFoundError|No such file or directory|ENOENT|file not found|executable file not found|not found in \$PATH|cannot stat'
          THEN 3
        WHEN text REGEXP '(?i)(invalid|bad|malformed|unknown|unsupported|missing) (config|configuration|setting|option|flag|parameter|value)|(config|configuration|settings)( file)? (error|invalid|validation|not valid|could not be (loaded|parsed))|error (parsing|loading|reading) (config|configuration|yaml|json|toml|file)|ValidationError|yaml\.(scanner|parser)|json\.decoder|flag provided but not defined|unrecognized arguments|unknown (command|argument)'
          THEN 5
        WHEN text REGEXP '(?i)permission denied|EACCES|operation not permitted|read-only file system'
          THEN 6
        WHEN text REGEXP '(?i)CUDA out of memory|OutOfMemoryError: CUDA|torch\.(cuda\.)?OutOfMemoryError|CUDA error|cudaError|CUDA driver|NCCL (error|failure)|no CUDA-capable device'
          THEN 7
        WHEN text REGEXP '(?i)panic:|\w+(Error|Exception)\b|\bError\b|FATAL|Segmentation fault|core dumped|SIGSEGV|SIGABRT|unhandled|uncaught|fatal error'
          THEN 8
        WHEN text REGEXP '(?i)Traceback|exception|\berr(or)?\b'
          THEN 9
      END AS cause_rank
    FROM lines
    WHERE back <= 60
),
best AS (
    SELECT * FROM (
        SELECT cl.*, row_number() OVER (
                   PARTITION BY bundle_id, namespace, pod, container
                   ORDER BY previous DESC, cause_rank, line_no DESC) AS pick
        FROM classified cl WHERE cause_rank IS NOT NULL)
    WHERE pick = 1
),
subject AS (
    SELECT k.*, b.text AS cause_line, b.time AS cause_time,
           b.file AS cause_file,
           -- the pod's first back-off, once a container: as a subquery of
           -- the final SELECT it ran once a row, every BackOff event row
           -- included, and read each of the pod's events from the table
           (SELECT min(e.first_seen) FROM events e
             WHERE e.bundle_id = k.bundle_id AND e.object_kind = 'Pod'
               AND e.object_namespace = k.namespace
               AND e.object_name = k.pod
               AND e.reason = 'BackOff') AS backoff_first_seen,
           CASE b.cause_rank
             WHEN 1 THEN 'missing environment variable' ||
                  coalesce(' ' || coalesce(
                      regexp_extract(b.text, 'KeyError: ''([A-Za-z_][A-Za-z0-9_]*)''', 1),
                      regexp_extract(b.text, '(?i:variable|var|env|key)s?:?\s+["''`]?([A-Z][A-Z0-9_]{2,})\b', 1),
                      regexp_extract(b.text, '\b([A-Z][A-Z0-9]*_[A-Z0-9_]+)\b', 1),
                      regexp_extract(b.text, '\b([A-Z][A-Z0-9_]{2,})\b (?:is )?(?:not set|unset|undefined|must be set|is required)', 1)), '')
             WHEN 2 THEN 'missing module or library'
             WHEN 3 THEN 'missing file or command'
             WHEN 4 THEN 'port already in use'
             WHEN 5 THEN 'configuration error'
             WHEN 6 THEN 'permission denied'
             WHEN 7 THEN 'GPU/CUDA error'
             WHEN 8 THEN 'application error (panic or exception)'
             WHEN 9 THEN 'application error'
             ELSE CASE k.last_exit_code
                    WHEN 127 THEN 'command not found (exit code 127)'
                    WHEN 126 THEN 'command not executable (exit code 126)'
                    WHEN 139 THEN 'segmentation fault (exit code 139)'
                    WHEN 137 THEN 'killed by SIGKILL (exit code 137), often a failing liveness probe'
                    WHEN 143 THEN 'stopped by SIGTERM (exit code 143)'
                    ELSE 'exit code ' || coalesce(k.last_exit_code, 'unknown') ||
                         ', no cause in the log'
                  END
           END AS cause
    FROM crash k
    LEFT JOIN best b ON b.bundle_id = k.bundle_id AND b.namespace = k.namespace
                    AND b.pod = k.pod AND b.container = k.container
),
rows AS (
    SELECT s.*, 1 AS ord, 'status' AS ev_source, s.last_finished AS ev_time,
           'state ' || coalesce(s.state_reason, 'waiting') || ', restarts ' ||
           coalesce(s.restart_count, 0) || ', last exit code ' ||
           coalesce(s.last_exit_code, '?') ||
           coalesce(' (' || s.last_reason || ')', '') AS ev_text,
           s.file AS ev_file
    FROM subject s
    UNION ALL
    SELECT s.*, 2, CASE WHEN s.cause_file LIKE 'logs/%' OR s.cause_file LIKE '%.log'
                        THEN 'log' ELSE 'event' END,
           s.cause_time, s.cause_line, s.cause_file
    FROM subject s WHERE s.cause_line IS NOT NULL
    UNION ALL
    -- no evidence: lets a more specific finding on the same pod (cuda-oom,
    -- model-load-failure, pod-liveness-restarts ...) explain the loop
    SELECT s.*, 4, NULL, NULL, NULL, NULL FROM subject s
    UNION ALL
    -- a CUDA error on a node whose kernel logged Xids: the GPU's fault
    SELECT s.*, 5, NULL, NULL, NULL, NULL FROM subject s
    WHERE s.cause = 'GPU/CUDA error'
      AND EXISTS (SELECT 1 FROM gpu_xids x WHERE x.node = s.node)
    UNION ALL
    SELECT s.*, 3, 'event', e.last_seen,
           e.reason || ': ' || e.message ||
           CASE WHEN e.count > 1 THEN ' (x' || e.count || ')' ELSE '' END,
           e.file
    FROM subject s
    JOIN events e ON e.bundle_id = s.bundle_id AND e.object_kind = 'Pod'
                 AND e.object_namespace = s.namespace AND e.object_name = s.pod
                 AND e.reason = 'BackOff'
)
SELECT 'Pod' AS kind, namespace, pod AS name, container, node,
       backoff_first_seen AS first_seen,
       'Container ''' || container || ''' of pod ''' || namespace || '/' ||
       pod || ''' is crash-looping (' || coalesce(restart_count, 0) ||
       ' restarts, last exit code ' || coalesce(last_exit_code, '?') ||
       '): ' || cause ||
       coalesce(': "' || substr(cause_line, 1, 200) || '"', '') || '.'
         AS summary,
       last_finished AS last_seen,
       ev_source, ev_time, ev_text, ev_file,
       CASE ord WHEN 4 THEN 'Pod' WHEN 5 THEN 'Node' END AS cause_kind,
       CASE WHEN ord = 4 THEN namespace END AS cause_namespace,
       CASE ord WHEN 4 THEN pod WHEN 5 THEN node END AS cause_name
FROM rows
ORDER BY namespace, pod, container, ord;
