-- id: pod-not-ready
-- title: Pod running but not ready (readiness probe failing)
-- severity: warning
-- category: pod
-- remediation: The container runs but its readiness probe fails, so Services send it no traffic (503s, empty endpoints). Call the probe's endpoint yourself (kubectl port-forward POD PORT, then curl the path) and read the container's log. Still initialising (model download, cache warm-up): raise initialDelaySeconds or add a startupProbe. Wrong path or port: make the probe match what the app serves. A dependency down (database, another service): fix that first. Configuration: check the environment and ConfigMaps it reads.
--
-- Symptom: STATUS Running, READY 0/1, the Service has no endpoints.
-- Root cause found: the readiness probe's failures (Unhealthy events with
-- the probe's error: status code, connection refused, timeout).
-- Evidence: the Unhealthy events, the container's ready flag, the probe.
-- Thresholds: a running container that is not ready fires when the kubelet
-- reported a failed readiness probe, or, without events (they expire after
-- an hour), when it has a readiness probe and has been running unready for
-- over 5 minutes at collection time: long past any sane initial delay.
-- Pods being deleted or whose containers are not all running are other
-- rules' business.
WITH c AS (
    SELECT c.*, p.node, p.file AS pod_file, p.deleted, b.collected_end,
           (SELECT k.last_transition FROM pod_conditions k
             WHERE k.bundle_id = c.bundle_id AND k.namespace = c.namespace
               AND k.pod = c.pod AND k.type = 'Ready') AS unready_since,
           (SELECT n.ready FROM nodes n WHERE n.bundle_id = c.bundle_id
             AND n.name = p.node) AS node_ready
    FROM containers c
    JOIN pods p ON p.bundle_id = c.bundle_id AND p.namespace = c.namespace
               AND p.name = c.pod
    JOIN bundles b ON b.id = c.bundle_id
    WHERE c.type = 'container' AND c.state = 'running'
      AND coalesce(c.ready, 0) = 0 AND p.phase = 'Running'
      AND p.deleted IS NULL
),
ev AS (
    SELECT c.bundle_id, c.namespace, c.pod, c.name AS container, e.first_seen,
           e.last_seen, e.message, e.count, e.file
    FROM c
    JOIN events e ON e.bundle_id = c.bundle_id AND e.object_kind = 'Pod'
                 AND e.object_namespace = c.namespace AND e.object_name = c.pod
                 AND e.reason = 'Unhealthy'
                 AND e.message REGEXP '(?i)readiness probe'
                 AND (e.object_field IS NULL OR e.object_field LIKE '%' || c.name || '%')
),
subject AS (
    SELECT c.*,
      (SELECT count(*) FROM ev WHERE ev.bundle_id = c.bundle_id
         AND ev.namespace = c.namespace AND ev.pod = c.pod
         AND ev.container = c.name) AS n_ev,
      (SELECT message FROM ev WHERE ev.bundle_id = c.bundle_id
         AND ev.namespace = c.namespace AND ev.pod = c.pod
         AND ev.container = c.name ORDER BY last_seen DESC LIMIT 1) AS last_msg
    FROM c
),
fired AS (
    SELECT * FROM subject
    WHERE n_ev > 0
       OR (readiness_probe IS NOT NULL AND readiness_probe NOT IN ('', 'null')
           AND state_started IS NOT NULL AND collected_end IS NOT NULL
           AND state_started < strftime('%Y-%m-%dT%H:%M:%SZ', collected_end, '-300 seconds'))
),
rows AS (
    SELECT f.*, 1 AS ord, 'status' AS ev_source, f.state_started AS ev_time,
           'container ' || f.name || ' running since ' ||
           coalesce(f.state_started, '?') || ', ready false' AS ev_text,
           f.pod_file AS ev_file
    FROM fired f
    UNION ALL
    SELECT f.*, 2, 'event', e.last_seen,
           'Unhealthy: ' || e.message ||
           CASE WHEN e.count > 1 THEN ' (x' || e.count || ')' ELSE '' END,
           e.file
    FROM fired f
    JOIN ev e ON e.bundle_id = f.bundle_id AND e.namespace = f.namespace
             AND e.pod = f.pod AND e.container = f.name
    UNION ALL
    SELECT f.*, 3, 'spec', NULL, 'readinessProbe: ' || f.readiness_probe, f.pod_file
    FROM fired f WHERE f.readiness_probe IS NOT NULL AND f.readiness_probe NOT IN ('', 'null')
)
SELECT 'Pod' AS kind, namespace, pod AS name, name AS container, node,
       'Pod ''' || namespace || '/' || pod || ''' is running but container ''' ||
       name || ''' is not ready' ||
       CASE WHEN last_msg IS NOT NULL
            THEN ': readiness probe failing (' || substr(last_msg, 1, 200) || ')'
            WHEN node_ready IN ('False', 'Unknown')
            THEN ': its node ''' || node || ''' is NotReady'
            ELSE ' (readiness probe not passing for over 5 minutes)' END ||
       '; Services send it no traffic.' AS summary,
       coalesce(unready_since, state_started) AS first_seen,
       ev_source, ev_time, ev_text, ev_file,
       -- a pod on a NotReady node is explained by the node, whatever the
       -- times say
       CASE WHEN node_ready IN ('False', 'Unknown') THEN 'Node' END AS cause_kind,
       CASE WHEN node_ready IN ('False', 'Unknown') THEN node END AS cause_name
FROM rows
ORDER BY namespace, pod, container, ord;
