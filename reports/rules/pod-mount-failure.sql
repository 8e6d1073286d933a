-- id: pod-mount-failure
-- title: Volume cannot be attached or mounted
-- severity: critical
-- category: storage
-- remediation: The kubelet cannot attach or mount one of the pod's volumes, so the pod stays in ContainerCreating. Read the FailedMount/FailedAttachVolume message: a missing ConfigMap or Secret volume must be created; a claim that is not bound needs its PVC fixed; "Multi-Attach error" means a ReadWriteOnce volume is still attached to another node (wait for or delete the old pod, or use ReadWriteMany); permission or fsGroup errors need the volume's ownership fixed; CSI driver errors need the driver's node pods checked (kubectl logs on the CSI node plugin) and the node's kubelet log.
--
-- Symptom: STATUS ContainerCreating or Init:0/N for minutes, events
-- FailedMount "Unable to attach or mount volumes", "MountVolume.SetUp failed".
-- Root cause found: the mount error the kubelet or attach controller quotes.
-- Evidence: the FailedMount / FailedAttachVolume / FailedMapVolume events,
-- the waiting state.
-- Thresholds: the pod must still be not ready (an old FailedMount on a pod
-- that started later is history, not a fault) and have a Warning event.
WITH ev AS (
    SELECT e.* FROM events e
    WHERE e.object_kind = 'Pod'
      AND (e.reason IN ('FailedMount', 'FailedAttachVolume', 'FailedMapVolume')
           OR e.message REGEXP '(?i)MountVolume\.\w+ failed|Unable to (attach or )?mount volumes|Multi-Attach error')
),
subject AS (
    SELECT p.*,
           (SELECT message FROM ev WHERE ev.bundle_id = p.bundle_id
              AND ev.object_namespace = p.namespace AND ev.object_name = p.name
              ORDER BY ev.last_seen DESC LIMIT 1) AS why,
           (SELECT min(first_seen) FROM ev WHERE ev.bundle_id = p.bundle_id
              AND ev.object_namespace = p.namespace AND ev.object_name = p.name) AS since
    FROM pods p
    WHERE coalesce(p.ready, 0) = 0 AND p.phase IN ('Pending', 'Running')
      AND p.deleted IS NULL
      AND EXISTS (SELECT 1 FROM ev WHERE ev.bundle_id = p.bundle_id
                  AND ev.object_namespace = p.namespace AND ev.object_name = p.name)
      AND NOT EXISTS (SELECT 1 FROM containers c WHERE c.bundle_id = p.bundle_id
                      AND c.namespace = p.namespace AND c.pod = p.name
                      AND c.type = 'container' AND c.state = 'running')
),
rows AS (
    SELECT s.*, 1 AS ord, 'status' AS ev_source, NULL AS ev_time,
           'phase ' || coalesce(s.phase, '?') || ', status ' ||
           coalesce(s.status, '?') AS ev_text, s.file AS ev_file
    FROM subject s
    UNION ALL
    SELECT s.*, 2, 'event', e.last_seen,
           e.reason || ': ' || e.message ||
           CASE WHEN e.count > 1 THEN ' (x' || e.count || ')' ELSE '' END, e.file
    FROM subject s
    JOIN ev e ON e.bundle_id = s.bundle_id AND e.object_namespace = s.namespace
             AND e.object_name = s.name
)
SELECT 'Pod' AS kind, namespace, name, node,
       'Pod ''' || namespace || '/' || name || ''' cannot start because a volume ' ||
       'cannot be attached or mounted: ' || substr(why, 1, 240) || '.' AS summary,
       since AS first_seen,
       ev_source, ev_time, ev_text, ev_file
FROM rows
ORDER BY namespace, name, ord;
