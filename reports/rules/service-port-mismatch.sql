-- id: service-port-mismatch
-- title: Service targetPort matches no container port
-- severity: warning
-- category: network
-- remediation: The Service forwards to a port its pods do not declare, so connections are refused. Make each Service port's targetPort equal the containerPort the application listens on (or name the container port and use that name as targetPort).
--
-- Symptom: connection refused through the Service while the pods are
-- Running and ready; port-forward to the pod works.
-- Root cause found: a targetPort (number or name) that no container of
-- the selected pods declares.
-- Evidence: the Service's ports and the pods' container ports.
-- Thresholds: only pods that declare ports are compared (declaring them
-- is optional, and an undeclared port may still be served), and only
-- ready pods selected by the Service.
WITH sp AS (
    SELECT s.bundle_id, s.namespace, s.name, s.file, s.selector,
           json_extract(p.value, '$.port') AS port,
           json_extract(p.value, '$.targetPort') AS target,
           json_extract(p.value, '$.name') AS pname
    FROM services s, json_each(CASE WHEN json_valid(s.ports) THEN s.ports ELSE '[]' END) p
    WHERE s.selector IS NOT NULL AND json_valid(s.selector)
      AND s.selector NOT IN ('{}', 'null')
),
-- Testing every Service against every pod of its namespace grows as their
-- product. A pod can match a selector only if it has the selector's first
-- label with that value, so a Service whose first selector entry is a
-- plain text value looks its candidates up by that one label, and only
-- they get the full test; any other selector is tested against every pod.
sel AS (
    SELECT DISTINCT bundle_id, namespace, name, selector FROM sp
),
first AS (
    SELECT s.bundle_id, s.namespace, s.name, s.selector, k.key AS k1,
           k.value AS v1
    FROM sel s, json_each(s.selector) k
    WHERE json_type(s.selector) = 'object' AND k.type = 'text'
      AND instr(k.key, '"') = 0
      AND k.id = (SELECT min(j.id) FROM json_each(s.selector) j)
),
first_keys AS (
    SELECT DISTINCT bundle_id, namespace, k1 FROM first
),
unkeyed AS MATERIALIZED (
    SELECT * FROM sel s
    WHERE NOT EXISTS (SELECT 1 FROM first f WHERE f.bundle_id = s.bundle_id
                      AND f.namespace = s.namespace AND f.name = s.name
                      AND f.selector = s.selector)
),
candidate AS MATERIALIZED (
    SELECT f.bundle_id, f.namespace, f.k1, p.rowid AS prow,
           json_extract(p.labels, '$."' || f.k1 || '"') AS v
    FROM first_keys f
    JOIN pods p ON p.bundle_id = f.bundle_id AND p.namespace = f.namespace
    WHERE p.ready = 1 AND json_valid(p.labels)
),
-- each (Service, pod) once, the pods in the order of the full test's plan
-- (an index over the ready pods: by name, labels, row), which the
-- evidence's choice of pod follows
pods_sel AS (
    SELECT DISTINCT bundle_id, namespace, name, pod FROM (
        SELECT s.bundle_id, s.namespace, s.name, p.rowid AS prow,
               p.name AS pod, p.labels, s.selector
        FROM first s
        JOIN candidate c ON c.bundle_id = s.bundle_id
             AND c.namespace = s.namespace AND c.k1 = s.k1 AND c.v = s.v1
        JOIN pods p ON p.rowid = c.prow
        UNION ALL
        SELECT s.bundle_id, s.namespace, s.name, p.rowid, p.name, p.labels,
               s.selector
        FROM unkeyed s
        JOIN pods p ON p.bundle_id = s.bundle_id AND p.namespace = s.namespace
        WHERE p.ready = 1 AND json_valid(p.labels)
        ORDER BY pod, labels, prow
    ) AS m
    WHERE NOT EXISTS (SELECT 1 FROM json_each(m.selector) k
                      WHERE json_extract(m.labels, '$."' || k.key || '"') IS NOT k.value)
),
cports AS (
    SELECT ps.bundle_id, ps.namespace, ps.name, ps.pod, c.name AS container,
           json_extract(cp.value, '$.containerPort') AS cport,
           json_extract(cp.value, '$.name') AS cname
    FROM pods_sel ps
    JOIN containers c ON c.bundle_id = ps.bundle_id AND c.namespace = ps.namespace
                     AND c.pod = ps.pod AND c.type = 'container'
    , json_each(CASE WHEN json_valid(c.ports) THEN c.ports ELSE '[]' END) cp
),
bad AS (
    SELECT sp.*, coalesce(sp.target, sp.port) AS want
    FROM sp
    WHERE EXISTS (SELECT 1 FROM cports c WHERE c.bundle_id = sp.bundle_id
                  AND c.namespace = sp.namespace AND c.name = sp.name)
      AND NOT EXISTS (SELECT 1 FROM cports c WHERE c.bundle_id = sp.bundle_id
                      AND c.namespace = sp.namespace AND c.name = sp.name
                      AND (CAST(c.cport AS TEXT) = CAST(coalesce(sp.target, sp.port) AS TEXT)
                           OR c.cname = coalesce(sp.target, sp.port)))
),
rows AS (
    SELECT b.*, 1 AS ord, 'spec' AS ev_source,
           'service port ' || coalesce(b.pname || ' ', '') || b.port ||
           ' -> targetPort ' || b.want AS ev_text, b.file AS ev_file
    FROM bad b
    UNION ALL
    SELECT b.*, 2, 'spec',
           'pod ' || c.pod || ' container ' || c.container || ' declares containerPort ' ||
           c.cport || coalesce(' (' || c.cname || ')', ''), NULL
    FROM bad b JOIN (SELECT * FROM cports GROUP BY bundle_id, namespace, name, container, cport) c
         ON c.bundle_id = b.bundle_id AND c.namespace = b.namespace AND c.name = b.name
)
SELECT 'Service' AS kind, namespace, name,
       'Service ''' || namespace || '/' || name || ''' sends port ' || port ||
       ' to targetPort ' || want || ', which no selected container declares (they declare ' ||
       (SELECT group_concat(DISTINCT c.cport) FROM cports c WHERE c.bundle_id = rows.bundle_id
          AND c.namespace = rows.namespace AND c.name = rows.name) || ').' AS summary,
       NULL AS ev_time, ev_source, ev_text, ev_file
FROM rows
ORDER BY namespace, name, ord;
