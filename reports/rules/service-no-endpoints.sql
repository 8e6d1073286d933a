-- id: service-no-endpoints
-- title: Service has no ready endpoints
-- severity: critical
-- category: network
-- remediation: Traffic to the Service goes nowhere. If its selector matches no pod, make the selector and the pod template labels agree exactly (kubectl get pods --show-labels; a renamed app label or version suffix is the usual culprit). If pods match but none is ready, fix why they are not ready (their readiness probe or crash, see the linked pod findings). kubectl get endpoints NAME shows the addresses once it works.
--
-- Symptom: connection refused or 503 through the Service; kubectl get
-- endpoints shows <none>.
-- Root cause found: the selector matches no pod in the namespace (the
-- labels differ), or every matching pod is not ready.
-- Evidence: the Service's selector, the labels of the namespace's pods
-- that look closest, the endpoint addresses (none ready).
-- Thresholds: Services with a selector only (ExternalName and
-- selector-less Services have hand-made endpoints). No pod list collected
-- for the namespace means nothing can be said, so nothing fires.
WITH svc AS (
    SELECT s.* FROM services s
    WHERE s.selector IS NOT NULL AND json_valid(s.selector)
      AND s.selector NOT IN ('{}', 'null')
      AND coalesce(s.type, '') <> 'ExternalName'
      AND NOT EXISTS (SELECT 1 FROM collection_errors e
                      WHERE e.bundle_id = s.bundle_id
                        AND (e.target = 'pods' OR e.target LIKE '%/pods'
                             OR e.target LIKE 'pods%'))
),
-- Testing every Service against every pod of its namespace grows as their
-- product (a minute at 150,000 pods). A pod can match a selector only if
-- it has the selector's first label with that value, so a Service whose
-- first selector entry is a plain text value looks its candidates up by
-- that one label (an index over one value a pod) and only they get the
-- full test; any other selector is tested against every pod as before.
first AS (
    SELECT s.bundle_id, s.namespace, s.name, k.key AS k1, k.value AS v1
    FROM svc s, json_each(s.selector) k
    WHERE json_type(s.selector) = 'object' AND k.type = 'text'
      AND instr(k.key, '"') = 0
      AND k.id = (SELECT min(j.id) FROM json_each(s.selector) j)
),
svc_keyed AS (
    SELECT s.*, f.k1, f.v1 FROM svc s
    LEFT JOIN first f ON f.bundle_id = s.bundle_id
         AND f.namespace = s.namespace AND f.name = s.name
),
first_keys AS (
    SELECT DISTINCT bundle_id, namespace, k1 FROM first
),
candidate AS MATERIALIZED (
    SELECT f.bundle_id, f.namespace, f.k1, p.rowid AS prow,
           json_extract(CASE WHEN json_valid(p.labels) THEN p.labels
                             ELSE '{}' END, '$."' || f.k1 || '"') AS v
    FROM first_keys f
    JOIN pods p ON p.bundle_id = f.bundle_id AND p.namespace = f.namespace
    WHERE p.deleted IS NULL AND coalesce(p.phase, '') NOT IN ('Succeeded', 'Failed')
),
-- in pod order within each Service, as a scan of the pods gave them
matched AS (
    SELECT bundle_id, namespace, name, pod, ready, phase, status FROM (
        SELECT s.bundle_id, s.namespace, s.name, p.rowid AS prow,
               p.name AS pod, p.ready, p.phase, p.status, p.labels,
               s.selector
        FROM svc_keyed s
        JOIN candidate c ON c.bundle_id = s.bundle_id
             AND c.namespace = s.namespace AND c.k1 = s.k1 AND c.v = s.v1
        JOIN pods p ON p.rowid = c.prow
        WHERE s.k1 IS NOT NULL
        UNION ALL
        SELECT s.bundle_id, s.namespace, s.name, p.rowid, p.name, p.ready,
               p.phase, p.status, p.labels, s.selector
        FROM svc_keyed s
        JOIN pods p ON p.bundle_id = s.bundle_id AND p.namespace = s.namespace
        WHERE s.k1 IS NULL AND p.deleted IS NULL
          AND coalesce(p.phase, '') NOT IN ('Succeeded', 'Failed')
    ) AS m
    WHERE NOT EXISTS (SELECT 1 FROM json_each(m.selector) k
                      WHERE json_extract(CASE WHEN json_valid(m.labels) THEN m.labels
                                              ELSE '{}' END,
                                         '$."' || k.key || '"') IS NOT k.value)
    ORDER BY prow
),
counted AS (
    SELECT s.*,
      (SELECT count(*) FROM matched m WHERE m.bundle_id = s.bundle_id
         AND m.namespace = s.namespace AND m.name = s.name) AS n_match,
      (SELECT count(*) FROM matched m WHERE m.bundle_id = s.bundle_id
         AND m.namespace = s.namespace AND m.name = s.name AND m.ready = 1) AS n_ready,
      -- whether the namespace has pods at all: EXISTS stops at the first
      -- (a count read the whole namespace for every Service, N x N)
      EXISTS (SELECT 1 FROM pods p WHERE p.bundle_id = s.bundle_id
         AND p.namespace = s.namespace) AS has_ns_pods,
      (SELECT group_concat(k.key || '=' || k.value, ',') FROM json_each(s.selector) k)
        AS sel_text
    FROM svc s
),
fired AS (
    SELECT * FROM counted
    WHERE n_ready = 0 AND (n_match > 0 OR has_ns_pods)
),
near AS (
    -- pods sharing a selector key, to show what the labels say instead
    SELECT f.bundle_id, f.namespace, f.name, p.name AS pod, p.labels, p.file
    FROM fired f
    JOIN pods p ON p.bundle_id = f.bundle_id AND p.namespace = f.namespace
    WHERE f.n_match = 0 AND json_valid(p.labels)
      AND EXISTS (SELECT 1 FROM json_each(f.selector) k
                  WHERE json_extract(p.labels, '$."' || k.key || '"') IS NOT NULL)
),
rows AS (
    SELECT f.*, 1 AS ord, 'spec' AS ev_source, NULL AS ev_time,
           'selector ' || f.sel_text AS ev_text, f.file AS ev_file, NULL AS pod
    FROM fired f
    UNION ALL
    SELECT f.*, 2, 'status', NULL,
           'endpoints: ' || coalesce((SELECT group_concat(coalesce(e.ip, '<none>') ||
               CASE WHEN e.ready = 1 THEN '' ELSE ' (not ready)' END, ', ')
               FROM endpoints e WHERE e.bundle_id = f.bundle_id
               AND e.namespace = f.namespace AND e.name = f.name), '<none>'),
           'resources/' || f.namespace || '/endpoints.json', NULL
    FROM fired f
    UNION ALL
    SELECT f.*, 3, 'spec', NULL, 'pod ' || n.pod || ' labels ' || n.labels, n.file, NULL
    FROM fired f JOIN (SELECT * FROM near GROUP BY bundle_id, namespace, name, labels) n
         ON n.bundle_id = f.bundle_id AND n.namespace = f.namespace AND n.name = f.name
    UNION ALL
    SELECT f.*, 4, 'status', NULL,
           'pod ' || m.pod || ' matches but is not ready (' ||
           coalesce(m.status, m.phase, '?') || ')', NULL, m.pod
    FROM fired f JOIN matched m ON m.bundle_id = f.bundle_id
         AND m.namespace = f.namespace AND m.name = f.name
)
SELECT 'Service' AS kind, namespace, name,
       'Service ''' || namespace || '/' || name || ''' has no ready endpoints: ' ||
       CASE WHEN n_match = 0
            THEN 'its selector ' || sel_text || ' matches no pod'
            ELSE 'the ' || n_match || ' pod(s) its selector matches are not ready'
       END || '.' AS summary,
       ev_source, ev_time, ev_text, ev_file,
       CASE WHEN pod IS NOT NULL THEN 'Pod' END AS cause_kind,
       CASE WHEN pod IS NOT NULL THEN namespace END AS cause_namespace,
       pod AS cause_name
FROM rows
ORDER BY namespace, name, ord;
