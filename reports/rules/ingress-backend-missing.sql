-- id: ingress-backend-missing
-- title: Ingress points at a missing Service or port
-- severity: warning
-- category: network
-- remediation: The Ingress routes a host/path to a Service that does not exist in its namespace, or to a port that Service does not have, so the controller answers 404 or 503. Fix the backend service name and port in the Ingress (kubectl describe ingress shows the backends), or create the Service. If the Service exists but has no endpoints, see the service-no-endpoints finding.
--
-- Symptom: 404/502/503 from the ingress controller for one host or path.
-- Root cause found: the backend Service name not among the namespace's
-- Services, or its port (number or name) not among the Service's ports.
-- Evidence: the Ingress rule (host, path, backend), the Services present.
-- Thresholds: only when Services were collected for the namespace (some
-- Service exists there), so a missing list is not read as a missing
-- Service.
WITH i AS (
    SELECT g.*,
           (SELECT count(*) FROM services s WHERE s.bundle_id = g.bundle_id
              AND s.namespace = g.namespace) AS n_svc,
           (SELECT s.ports FROM services s WHERE s.bundle_id = g.bundle_id
              AND s.namespace = g.namespace AND s.name = g.service) AS ports
    FROM ingresses g
    WHERE g.service IS NOT NULL AND g.service <> ''
),
bad AS (
    SELECT i.*,
      CASE WHEN i.ports IS NULL
             THEN 'Service ''' || i.service || ''' does not exist'
           ELSE 'Service ''' || i.service || ''' has no port ' || i.service_port
      END AS cause
    FROM i
    WHERE i.n_svc > 0
      AND (i.ports IS NULL
           OR (i.service_port IS NOT NULL AND i.service_port <> '' AND json_valid(i.ports)
               AND NOT EXISTS (SELECT 1 FROM json_each(i.ports) p
                   WHERE CAST(json_extract(p.value, '$.port') AS TEXT) = i.service_port
                      OR json_extract(p.value, '$.name') = i.service_port)))
)
SELECT 'Ingress' AS kind, namespace, name,
       'Ingress ''' || namespace || '/' || name || ''' routes ' ||
       coalesce(host, '*') || coalesce(path, '/') || ' to ' || service || ':' ||
       coalesce(service_port, '?') || ', but ' || cause || '.' AS summary,
       'spec' AS ev_source,
       'rule ' || coalesce(host, '*') || coalesce(path, '') || ' -> ' || service || ':' ||
       coalesce(service_port, '?') AS ev_text,
       'resources/' || namespace || '/ingresses.networking.k8s.io.json' AS ev_file
FROM bad
ORDER BY namespace, name;
