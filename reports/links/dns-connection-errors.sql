-- id: dns-connection-errors
-- title: pods fail to connect because cluster DNS is down
--
-- Cause: dns-failure (CoreDNS down or its Service without endpoints).
-- Effect: a finding on a pod whose log evidence quotes a name resolution
-- or connection error after DNS began failing.
-- Why: a client resolves a Service name before each new connection; with
-- DNS down it logs "no such host", "Temporary failure in name
-- resolution", "getaddrinfo ... EAI_AGAIN" or "dial tcp: lookup ...", and
-- the probes or start-up that need the peer fail with it. A connection
-- refused to an IP address with DNS healthy is not this (no dns-failure,
-- no link). A pod error more than 10 minutes before DNS began failing is
-- not its consequence.
WITH ev AS (
    -- a line whose timestamp was not split off still starts with it
    SELECT e.finding_id, e.text,
           coalesce(e.time, regexp_extract(e.text,
               '^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)', 1) || 'Z') AS time
    FROM finding_evidence e WHERE e.source = 'log'
)
SELECT p.id AS effect, d.id AS cause,
       'Pod ' || p.namespace || '/' || p.name || ' cannot resolve names (' ||
       strftime('%H:%M:%S', min(e.time)) || ') while cluster DNS is failing' ||
       coalesce(' since ' || strftime('%H:%M:%S', d.first_seen), '') AS reason
FROM findings p
JOIN ev e ON e.finding_id = p.id
JOIN findings d ON d.rule = 'dns-failure'
WHERE p.kind = 'Pod' AND p.rule <> 'dns-failure' AND e.time IS NOT NULL
  AND e.text REGEXP '(?i)no such host|name resolution|could not resolve|getaddrinfo|EAI_AGAIN|dial tcp: lookup|NXDOMAIN|Name or service not known'
  AND (d.first_seen IS NULL OR e.time >=
       strftime('%Y-%m-%dT%H:%M:%SZ', d.first_seen, '-600 seconds'))
GROUP BY p.id, d.id
ORDER BY p.id, d.id;
