-- id: quota-exceeded
-- title: ResourceQuota refuses new pods
-- severity: warning
-- category: scheduling
-- remediation: A ResourceQuota in the namespace is used up, so controllers cannot create pods (FailedCreate "exceeded quota"). Raise the quota (kubectl edit resourcequota), lower the requests and limits of the workloads, scale something else down, or delete finished pods and unused claims. Pods without requests are refused outright when the quota covers cpu or memory: set requests on every container.
--
-- Symptom: a Deployment or Job short of pods with no Pending pods at all;
-- FailedCreate events "forbidden: exceeded quota".
-- Root cause found: the quota named by the refusal and its used/hard
-- values.
-- Evidence: the FailedCreate events, the quota's used and hard amounts.
-- Thresholds: a refusal event must exist: a quota at 100% that refused
-- nothing is a plan, not a fault.
WITH ev AS (
    SELECT e.*, coalesce(regexp_extract(e.message, '(?i)exceeded quota: ([a-z0-9.-]+)', 1),
                         'quota') AS quota
    FROM events e
    WHERE e.message REGEXP '(?i)exceeded quota|forbidden: .*quota|must specify (limits|requests)'
),
rows AS (
    SELECT e.bundle_id, e.namespace, e.quota, 1 AS ord, 'event' AS ev_source,
           e.last_seen AS ev_time,
           e.reason || ' (' || coalesce(e.object_kind, '?') || ' ' ||
           coalesce(e.object_name, '?') || '): ' || e.message ||
           CASE WHEN e.count > 1 THEN ' (x' || e.count || ')' ELSE '' END AS ev_text,
           e.file AS ev_file, e.message
    FROM ev e
    UNION ALL
    SELECT q.bundle_id, q.namespace, q.name, 2, 'status', NULL,
           q.resource || ': used ' || coalesce(q.used_text, q.used) || ' of hard ' ||
           coalesce(q.hard_text, q.hard), 'resources/' || q.namespace || '/resourcequotas.json',
           NULL
    FROM quotas q
    WHERE EXISTS (SELECT 1 FROM ev WHERE ev.bundle_id = q.bundle_id
                  AND ev.namespace = q.namespace AND ev.quota IN (q.name, 'quota'))
)
SELECT 'ResourceQuota' AS kind, namespace, quota AS name,
       'ResourceQuota ''' || namespace || '/' || quota ||
       ''' refuses new pods: ' ||
       (SELECT substr(e.message, 1, 240) FROM ev e WHERE e.bundle_id = rows.bundle_id
          AND e.namespace = rows.namespace ORDER BY e.last_seen DESC LIMIT 1) ||
       '.' AS summary,
       ev_source, ev_time, ev_text, ev_file
FROM rows
ORDER BY namespace, quota, ord;
