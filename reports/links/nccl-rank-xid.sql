-- id: nccl-rank-xid
-- title: NCCL timeouts across the ranks of a job come from the rank whose GPU failed
--
-- Cause: gpu-xid on the node of one rank. Effect: nccl-failure on another
-- rank of the same job, on a node with no Xid of its own.
-- Why: in a collective every rank waits for all the others; when one
-- rank's GPU falls off the bus or its NVLink fails (Xid 74), that rank
-- stops and the others hit the watchdog timeout ("Watchdog caught
-- collective operation timeout") minutes later, on healthy nodes. The
-- ranks of a job are the pods with the same controller (owner kind and
-- name: a Job, JobSet child, StatefulSet, PyTorchJob...) in one namespace.
-- The timeout must come after the Xid (a minute of clock difference
-- allowed) and within an hour.
-- Planned from the few Xid nodes outward (CROSS JOIN keeps that order):
-- their pods' siblings, then the NCCL findings on those. Started from the
-- findings, thousands of NCCL findings each scanned every pod for its
-- siblings: 3 s on the bench bundle.
WITH x AS MATERIALIZED (
    SELECT id, name, first_seen FROM findings
    WHERE rule = 'gpu-xid' AND kind = 'Node' AND first_seen IS NOT NULL
),
ranks AS (
    SELECT x.id AS xid, x.name AS xnode, x.first_seen AS xt, q.name AS peer,
           p.namespace, p.name AS pod
    FROM x
    CROSS JOIN pods q ON q.node = x.name AND q.owner_name IS NOT NULL
    CROSS JOIN pods p ON p.namespace = q.namespace AND p.owner_kind = q.owner_kind
               AND p.owner_name = q.owner_name AND p.name <> q.name
               AND p.node IS NOT NULL AND p.node <> x.name
    WHERE NOT EXISTS (SELECT 1 FROM x y WHERE y.name = p.node)
),
hits AS (
    SELECT r.*, f.id AS fid,
           -- a line whose timestamp was not split off still starts with it
           coalesce(f.first_seen, (SELECT min(coalesce(e.time,
               regexp_extract(e.text, '^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)', 1)
               || 'Z')) FROM finding_evidence e
               WHERE e.finding_id = f.id AND e.source = 'log')) AS t
    FROM ranks r
    CROSS JOIN findings f ON f.rule = 'nccl-failure' AND f.kind = 'Pod'
                   AND f.namespace = r.namespace AND f.name = r.pod
)
SELECT fid AS effect, xid AS cause,
       'NCCL timeout in rank ' || pod || ' at ' ||
       strftime('%H:%M:%S', t) || ': its peer ' || peer ||
       ' on ' || xnode || ' lost its GPU (Xid ' ||
       (SELECT group_concat(DISTINCT g.code) FROM gpu_xids g WHERE g.node = xnode) ||
       ') at ' || strftime('%H:%M:%S', xt) AS reason
FROM hits
WHERE t IS NOT NULL
  AND t >= strftime('%Y-%m-%dT%H:%M:%SZ', xt, '-60 seconds')
  AND t <= strftime('%Y-%m-%dT%H:%M:%SZ', xt, '+3600 seconds')
GROUP BY fid, xid
ORDER BY fid, min(xt), xid;
