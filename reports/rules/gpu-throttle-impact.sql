-- id: gpu-throttle-impact
-- title: GPU throttled while its pods were failing or restarting
-- severity: warning
-- category: gpu
-- remediation: The GPU was slowing itself down (hardware slowdown, thermal limits or the power brake) within an hour of its pods failing or restarting: jobs that miss deadlines, health checks that time out and collectives that hit their timeouts often come from this rather than from the application. Check the node's cooling and power delivery (nvidia-smi -q -d PERFORMANCE,TEMPERATURE,POWER shows the active reasons), move the workload off the node while it is fixed, and compare with identical GPUs of other nodes.
--
-- Symptom: pods on one GPU node restart or fail with timeouts, NCCL
-- watchdog timeouts or liveness probe failures; nothing in their logs
-- explains why.
-- Root cause found: thermal, hardware-slowdown or power-brake clock event
-- reasons active, or the temperature at the slowdown threshold, on the
-- node's GPUs (nvidia-smi of a host bundle, or the DCGM exporter's
-- DCGM_FI_DEV_CLOCK_THROTTLE_REASONS / DCGM_FI_DEV_CLOCKS_EVENT_REASONS and
-- DCGM_FI_DEV_GPU_TEMP), at the same time as GPU pods failing.
-- Evidence: the reading, and each pod's failure with its time.
-- Thresholds: bits 0x08 (HW slowdown), 0x20 (SW thermal), 0x40 (HW
-- thermal), 0x80 (HW power brake), or the GPU's own slowdown temperature
-- (85 C where it is unknown); a container restart, a failed container or
-- a failed pod within one hour of the reading. Where the exporter maps
-- GPUs to pods (its pod and namespace labels), only the pod on that GPU
-- counts; otherwise every GPU pod of the node. Throttling with healthy
-- pods is gpu-thermal's finding alone.
WITH t AS (
    SELECT g.node, NULL AS ns, NULL AS pod,
           (SELECT collected_end FROM bundles b WHERE b.id = g.bundle_id) AS t,
           'GPU ' || coalesce(g.gpu_index, '?') || ': ' || trim(
           CASE WHEN g.temperature >= coalesce(g.temp_slowdown, 85)
                THEN 'temperature ' || CAST(g.temperature AS INTEGER) || ' C' ||
                     coalesce(' (slowdown at ' || CAST(g.temp_slowdown AS INTEGER) || ' C)', '')
                ELSE '' END ||
           coalesce(CASE WHEN g.throttle_reasons REGEXP '(?i)thermal|power.?brake|hw.?slowdown'
                         THEN ' clock event reasons ' || g.throttle_reasons END, '')) AS text,
           CASE WHEN g.source = 'nvidia-smi' THEN 'host/nvidia-smi-q.xml'
                ELSE 'nodes/' || g.node || '/dcgm-exporter.prom' END AS file
    FROM gpus g
    WHERE (g.temperature IS NOT NULL AND g.temperature >= coalesce(g.temp_slowdown, 85))
       OR g.throttle_reasons REGEXP '(?i)thermal|power.?brake|hw.?slowdown'
    UNION ALL
    SELECT m.node, m.namespace, m.pod, m.time,
           'GPU ' || coalesce(m.labels->>'$.gpu', '?') || ': ' ||
           CASE WHEN m.name = 'DCGM_FI_DEV_GPU_TEMP'
                THEN 'DCGM_FI_DEV_GPU_TEMP ' || CAST(m.value AS INTEGER) || ' C'
                ELSE m.name || ' ' || printf('0x%x', CAST(m.value AS INTEGER)) ||
                     ' (thermal, hardware slowdown or power brake)' END,
           'nodes/' || m.node || '/dcgm-exporter.prom'
    FROM metrics m
    WHERE m.node IS NOT NULL AND (
          (m.name = 'DCGM_FI_DEV_GPU_TEMP' AND m.value >= 85)
       OR (m.name IN ('DCGM_FI_DEV_CLOCK_THROTTLE_REASONS', 'DCGM_FI_DEV_CLOCKS_EVENT_REASONS')
           AND (CAST(m.value AS INTEGER) & 232) <> 0))
),
fails AS (
    -- GPU pods' failures: a restart (its end), a failed container, a
    -- failed pod; a container waiting in a crash loop fails "now" (the
    -- collection's end)
    SELECT p.node, p.namespace, p.name AS pod,
           coalesce(c.last_finished, c.state_finished,
                    (SELECT collected_end FROM bundles b WHERE b.id = p.bundle_id)) AS f,
           'container ' || c.name || ' ' ||
           CASE WHEN c.restart_count > 0 THEN 'restarted ' || c.restart_count || ' time(s)'
                ELSE 'failed' END ||
           coalesce(' (' || coalesce(c.last_reason, c.state_reason) || ')', '') AS what
    FROM pods p JOIN containers c ON c.bundle_id = p.bundle_id
        AND c.namespace = p.namespace AND c.pod = p.name
    WHERE p.gpu_request > 0 AND p.node IS NOT NULL
      AND (c.restart_count > 0
           OR (c.state = 'terminated' AND coalesce(c.state_exit_code, 0) <> 0)
           OR c.state_reason IN ('CrashLoopBackOff', 'Error', 'OOMKilled'))
    UNION ALL
    SELECT p.node, p.namespace, p.name,
           coalesce((SELECT max(c.state_finished) FROM containers c
                     WHERE c.bundle_id = p.bundle_id AND c.namespace = p.namespace
                       AND c.pod = p.name),
                    (SELECT collected_end FROM bundles b WHERE b.id = p.bundle_id)),
           'pod failed' || coalesce(' (' || p.reason || ')', '')
    FROM pods p
    WHERE p.gpu_request > 0 AND p.node IS NOT NULL AND p.phase = 'Failed'
),
hit AS (
    SELECT DISTINCT t.node, t.text, t.t, t.file, f.namespace, f.pod, f.f, f.what
    FROM t JOIN fails f ON f.node = t.node
        AND (t.pod IS NULL OR (t.pod = f.pod AND t.ns IS f.namespace))
    WHERE t.t IS NOT NULL AND f.f IS NOT NULL
      AND abs(julianday(f.f) - julianday(t.t)) <= 1.0 / 24
),
per AS (
    SELECT node, count(DISTINCT namespace || '/' || pod) AS pods,
           min(min(t), min(f)) AS first_t, max(max(t), max(f)) AS last_t,
           (SELECT group_concat(text, '; ') FROM (SELECT DISTINCT h2.text FROM hit h2
             WHERE h2.node = hit.node)) AS readings
    FROM hit GROUP BY node
),
rows AS (
    SELECT DISTINCT node, 1 AS ord, 'metric' AS ev_source, t AS ev_time, text AS ev_text,
           file AS ev_file, NULL AS a_ns, NULL AS a_name
    FROM hit
    UNION ALL
    SELECT DISTINCT node, 2, 'status', f, namespace || '/' || pod || ': ' || what,
           'resources/' || namespace || '/pods.json', namespace, pod
    FROM hit
)
SELECT 'Node' AS kind, r.node AS name, r.node AS node,
       'GPU(s) of node ''' || r.node || ''' were throttled (' || p.readings ||
       ') while ' || p.pods || ' GPU pod(s) on them failed or restarted within the hour.' AS summary,
       p.first_t AS first_seen, p.last_t AS last_seen,
       r.ev_source, r.ev_time, r.ev_text, r.ev_file,
       CASE WHEN r.a_name IS NOT NULL THEN 'Pod' END AS affects_kind,
       r.a_ns AS affects_namespace, r.a_name AS affects_name
FROM rows r JOIN per p ON p.node = r.node
ORDER BY r.node, r.ord, r.ev_time;
