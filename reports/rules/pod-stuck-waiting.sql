-- id: pod-stuck-waiting
-- title: Pod stuck starting (ContainerCreating, PodInitializing, Init:N/M) far longer than normal
-- severity: warning
-- category: pod
-- remediation: The pod was scheduled but its containers never started. Run kubectl describe pod and read its events: FailedMount/FailedAttachVolume (a volume, Secret or ConfigMap that cannot be mounted, a CSI driver down), FailedCreatePodSandBox (the CNI plugin or the container runtime on that node), or a slow image pull. Events expire after an hour, so on an old pod they are gone: check the kubelet log on the node (journalctl -u kubelet) for the pod's uid, and the node's CSI and CNI pods. For Init:N/M, read the running init container's log (kubectl logs POD -c INIT): it is waiting on something that never comes. Deleting the pod retries on a fresh sandbox once the cause is fixed.
--
-- Symptom: kubectl get pods shows ContainerCreating, PodInitializing or
-- Init:0/1 for hours or days; often nothing else is flagged because the
-- events that said why (FailedMount, FailedCreatePodSandBox) have expired
-- (the API server keeps events for one hour by default).
-- Root cause found: the pod's waiting state and how long it has lasted at
-- collection time, measured from when it was scheduled (the PodScheduled
-- condition), else its start time, else its creation.
-- Evidence: the pod's status and since when, each waiting container's
-- reason and message, and the pod's latest event if any is left.
-- Thresholds: ContainerCreating and PodInitializing normally last seconds
-- to a few minutes; pulling a large model-serving image (tens of GB) can
-- take 15-20 minutes on a slow registry, so 30 minutes is well past
-- normal. Init containers often download models or wait for a dependency
-- on purpose, so Init:N/M gets 2 hours. Past 6 hours it is critical.
-- Failing init containers (Init:Error, Init:CrashLoopBackOff) are
-- pod-init-failure's.
WITH b AS (
    SELECT id AS bundle_id, collected_end FROM bundles WHERE collected_end IS NOT NULL
),
w AS (
    SELECT p.*, b.collected_end,
           coalesce((SELECT c.last_transition FROM pod_conditions c
                     WHERE c.bundle_id = p.bundle_id AND c.namespace = p.namespace
                       AND c.pod = p.name AND c.type = 'PodScheduled'
                       AND c.status = 'True'), p.start_time, p.created) AS since,
           CASE WHEN p.status REGEXP '^Init:[0-9]+/[0-9]+$' THEN 7200 ELSE 1800 END AS normal
    FROM pods p JOIN b ON b.bundle_id = p.bundle_id
    WHERE p.deleted IS NULL AND p.phase = 'Pending'
      AND coalesce(p.node, '') <> ''
      AND (p.status IN ('ContainerCreating', 'PodInitializing')
           OR p.status REGEXP '^Init:[0-9]+/[0-9]+$')
),
stuck AS (
    SELECT w.*, CAST((julianday(collected_end) - julianday(since)) * 86400 AS INTEGER) AS secs
    FROM w WHERE since IS NOT NULL
      AND (julianday(collected_end) - julianday(since)) * 86400 > normal
),
rows AS (
    SELECT s.*, 1 AS ord, 'status' AS ev_source, s.since AS ev_time,
           'status ' || s.status || ' since ' || s.since || ' on node ' || s.node AS ev_text,
           s.file AS ev_file
    FROM stuck s
    UNION ALL
    SELECT s.*, 2, 'status', NULL,
           'container ' || c.name || ' waiting: ' || coalesce(c.state_reason, '?') ||
           coalesce(' (' || c.state_message || ')', ''), s.file
    FROM stuck s JOIN containers c ON c.bundle_id = s.bundle_id
         AND c.namespace = s.namespace AND c.pod = s.name AND c.state = 'waiting'
    UNION ALL
    SELECT * FROM (
        SELECT s.*, 3, 'event', coalesce(e.last_seen, e.first_seen),
               e.reason || ': ' || coalesce(e.message, ''), e.file
        FROM stuck s JOIN events e ON e.bundle_id = s.bundle_id
             AND e.object_kind = 'Pod' AND e.object_namespace = s.namespace
             AND e.object_name = s.name
        ORDER BY coalesce(e.last_seen, e.first_seen) DESC LIMIT 3)
)
SELECT 'Pod' AS kind, namespace, name, node,
       CASE WHEN secs > 21600 THEN 'critical' ELSE 'warning' END AS severity,
       'Pod ''' || namespace || '/' || name || ''' has been ' || status ||
       ' for ' ||
       CASE WHEN secs >= 86400 THEN (secs / 86400) || 'd ' || ((secs % 86400) / 3600) || 'h'
            WHEN secs >= 3600 THEN (secs / 3600) || 'h ' || ((secs % 3600) / 60) || 'm'
            ELSE (secs / 60) || 'm' END ||
       ' (since ' || since || ' on node ' || node || ')' ||
       CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.bundle_id = r.bundle_id
                         AND e.object_kind = 'Pod' AND e.object_namespace = r.namespace
                         AND e.object_name = r.name)
            THEN '.' ELSE ', and no event about it is left to say why.' END AS summary,
       since AS first_seen,
       ev_source, ev_time, ev_text, ev_file
FROM rows r
ORDER BY namespace, name, ord;
