-- id: pod-oomkilled
-- title: Container killed for running out of memory (OOMKilled)
-- severity: critical
-- category: pod
-- remediation: The container used more memory than its limit and the kernel killed it (exit code 137). Compare the limit with real use (kubectl top pod, the memory metrics in this bundle). If the application legitimately needs more, raise resources.limits.memory with headroom and set requests.memory close to it; if use climbs until every kill, look for a leak; for training and inference, lower the batch size, enable gradient checkpointing or mixed precision, or load a smaller or quantised model.
--
-- Symptom: STATUS OOMKilled, restarts, exit code 137 in Last State.
-- Root cause found: the container's memory limit was reached (the kubelet
-- records reason OOMKilled); the limit and any measured use are quoted.
-- Evidence: the terminated state (reason, exit code, when), the memory
-- limit from the spec, usage from metrics.k8s.io when collected, OOM events.
-- Thresholds: one OOMKilled termination is enough: the kernel only does it
-- at the limit. Exit code 137 alone is not OOM (it is any SIGKILL) and is
-- left to pod-crashloop / pod-liveness-restarts.
WITH oom AS (
    SELECT c.bundle_id, c.namespace, c.pod, c.name AS container, p.node,
           c.restart_count, c.memory_limit, p.file,
           CASE WHEN c.state_reason = 'OOMKilled' THEN c.state_exit_code
                ELSE c.last_exit_code END AS exit_code,
           CASE WHEN c.state_reason = 'OOMKilled' THEN c.state_finished
                ELSE c.last_finished END AS finished,
           coalesce((SELECT json_extract(k.value, '$.resources.limits.memory')
                     FROM objects o, json_each(o.json, '$.spec.containers') k
                     WHERE o.bundle_id = c.bundle_id AND o.kind = 'Pod'
                       AND o.namespace = c.namespace AND o.name = c.pod
                       AND json_extract(k.value, '$.name') = c.name),
           CASE WHEN c.memory_limit IS NULL THEN NULL
                WHEN CAST(c.memory_limit AS INTEGER) % 1073741824 = 0
                  THEN (CAST(c.memory_limit AS INTEGER) / 1073741824) || 'Gi'
                WHEN CAST(c.memory_limit AS INTEGER) % 1048576 = 0
                  THEN (CAST(c.memory_limit AS INTEGER) / 1048576) || 'Mi'
                WHEN CAST(c.memory_limit AS INTEGER) % 1000000000 = 0
                  THEN (CAST(c.memory_limit AS INTEGER) / 1000000000) || 'G'
                WHEN CAST(c.memory_limit AS INTEGER) % 1000000 = 0
                  THEN (CAST(c.memory_limit AS INTEGER) / 1000000) || 'M'
                ELSE CAST(c.memory_limit AS INTEGER) || ' bytes' END) AS limit_text
    FROM containers c
    JOIN pods p ON p.bundle_id = c.bundle_id AND p.namespace = c.namespace
               AND p.name = c.pod
    WHERE c.state_reason = 'OOMKilled' OR c.last_reason = 'OOMKilled'
),
rows AS (
    SELECT o.*, 1 AS ord, 'status' AS ev_source, o.finished AS ev_time,
           'terminated: reason OOMKilled, exit code ' ||
           coalesce(o.exit_code, '?') || ', restarts ' ||
           coalesce(o.restart_count, 0) AS ev_text, o.file AS ev_file
    FROM oom o
    UNION ALL
    SELECT o.*, 2, 'spec', NULL,
           'resources.limits.memory: ' || o.limit_text, o.file
    FROM oom o WHERE o.limit_text IS NOT NULL
    UNION ALL
    SELECT o.*, 3, 'metric', m.time,
           'memory in use: ' || CAST(m.value / 1048576 AS INTEGER) || 'Mi' ||
           coalesce(' of ' || o.limit_text || ' limit', ''), NULL
    FROM oom o
    JOIN metrics m ON m.bundle_id = o.bundle_id AND m.namespace = o.namespace
                  AND m.pod = o.pod AND m.container = o.container
                  AND m.name = 'memory'
    UNION ALL
    SELECT o.*, 4, 'event', e.last_seen, e.reason || ': ' || e.message, e.file
    FROM oom o
    JOIN events e ON e.bundle_id = o.bundle_id
                 AND e.object_namespace = o.namespace AND e.object_name = o.pod
                 AND (e.reason REGEXP '(?i)oom' OR e.message REGEXP '(?i)out of memory|oom')
)
SELECT 'Pod' AS kind, namespace, pod AS name, container, node,
       'Container ''' || container || ''' of pod ''' || namespace || '/' ||
       pod || ''' was OOMKilled (exit code ' || coalesce(exit_code, 137) ||
       ', ' || coalesce(restart_count, 0) || ' restarts)' ||
       CASE WHEN limit_text IS NOT NULL
            THEN ' at its memory limit of ' || limit_text ELSE '' END ||
       '.' AS summary,
       finished AS last_seen, ev_source, ev_time, ev_text, ev_file
FROM rows
ORDER BY namespace, pod, container, ord;
