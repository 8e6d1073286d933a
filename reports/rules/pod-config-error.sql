-- id: pod-config-error
-- title: Container cannot be created: missing ConfigMap, Secret or key
-- severity: critical
-- category: config
-- remediation: The kubelet cannot build the container's environment or files because a referenced ConfigMap, Secret or key does not exist (CreateContainerConfigError). Create the object in the pod's namespace (kubectl create configmap / secret), fix the name in the env, envFrom or volume reference, or correct the key name; mark references optional: true only when the app copes without them. Objects in another namespace cannot be referenced.
--
-- Symptom: STATUS CreateContainerConfigError (or CreateContainerError),
-- the container never starts.
-- Root cause found: the object or key named by the kubelet's message
-- ("configmap \"x\" not found", "secret \"y\" not found", "couldn't find
-- key k in ConfigMap ns/x").
-- Evidence: the waiting state and its message, the Failed events.
-- Thresholds: any container waiting with a config error fires.
WITH bad AS (
    SELECT c.bundle_id, c.namespace, c.pod, c.name AS container,
           c.state_reason, c.state_message, p.node, p.file
    FROM containers c
    JOIN pods p ON p.bundle_id = c.bundle_id AND p.namespace = c.namespace
               AND p.name = c.pod
    WHERE c.state = 'waiting'
      AND (c.state_reason = 'CreateContainerConfigError'
           OR (c.state_reason = 'CreateContainerError' AND c.state_message REGEXP
               '(?i)(configmap|secret).*not found|couldn''t find key'))
),
ev AS (
    SELECT b.bundle_id, b.namespace, b.pod, e.last_seen, e.reason, e.message,
           e.count, e.file
    FROM bad b
    JOIN events e ON e.bundle_id = b.bundle_id AND e.object_kind = 'Pod'
                 AND e.object_namespace = b.namespace AND e.object_name = b.pod
                 AND e.message REGEXP '(?i)(configmap|secret)s? .*not found|couldn''t find key|CreateContainerConfigError'
),
subject AS (
    SELECT b.*,
           coalesce(b.state_message, (SELECT message FROM ev WHERE
                    ev.bundle_id = b.bundle_id AND ev.namespace = b.namespace
                    AND ev.pod = b.pod ORDER BY last_seen DESC LIMIT 1)) AS why
    FROM bad b
),
named AS (
    SELECT s.*,
      coalesce(
        'ConfigMap ''' || regexp_extract(s.why, '(?i)configmaps? "?([a-z0-9.-]+)"? not found', 1) || '''',
        'Secret ''' || regexp_extract(s.why, '(?i)secrets? "?([a-z0-9.-]+)"? not found', 1) || '''',
        'key ''' || regexp_extract(s.why, '(?i)couldn''t find key (\S+)', 1) || ''' in ' ||
          coalesce(regexp_extract(s.why, '(?i)in (ConfigMap|Secret) (\S+)', 0), 'its source'),
        'a referenced ConfigMap or Secret') AS missing
    FROM subject s
),
rows AS (
    SELECT n.*, 1 AS ord, 'status' AS ev_source, NULL AS ev_time,
           'waiting: ' || n.state_reason || coalesce(': ' || n.state_message, '') AS ev_text,
           n.file AS ev_file
    FROM named n
    UNION ALL
    SELECT n.*, 2, 'event', e.last_seen,
           e.reason || ': ' || e.message ||
           CASE WHEN e.count > 1 THEN ' (x' || e.count || ')' ELSE '' END, e.file
    FROM named n
    JOIN ev e ON e.bundle_id = n.bundle_id AND e.namespace = n.namespace AND e.pod = n.pod
)
SELECT 'Pod' AS kind, namespace, pod AS name, container, node,
       'Container ''' || container || ''' of pod ''' || namespace || '/' || pod ||
       ''' cannot be created (' || state_reason || '): ' || missing ||
       ' does not exist.' AS summary,
       ev_source, ev_time, ev_text, ev_file
FROM rows
ORDER BY namespace, pod, container, ord;
