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
WITH ev AS (
    -- a line whose timestamp was not split off still starts with it
    SELECT e.finding_id, min(coalesce(e.time, regexp_extract(e.text,
               '^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)', 1) || 'Z')) AS time
    FROM finding_evidence e WHERE e.source = 'log' GROUP BY e.finding_id
),
nccl AS (
    SELECT f.*, coalesce(f.first_seen, ev.time) AS t
    FROM findings f LEFT JOIN ev ON ev.finding_id = f.id
    WHERE f.rule = 'nccl-failure' AND f.kind = 'Pod'
)
SELECT f.id AS effect, x.id AS cause,
       'NCCL timeout in rank ' || f.name || ' at ' ||
       strftime('%H:%M:%S', f.t) || ': its peer ' || q.name ||
       ' on ' || x.name || ' lost its GPU (Xid ' ||
       (SELECT group_concat(DISTINCT g.code) FROM gpu_xids g WHERE g.node = x.name) ||
       ') at ' || strftime('%H:%M:%S', x.first_seen) AS reason
FROM nccl f
JOIN pods p ON p.namespace = f.namespace AND p.name = f.name
JOIN pods q ON q.namespace = p.namespace AND q.owner_kind = p.owner_kind
           AND q.owner_name = p.owner_name AND q.name <> p.name
           AND q.node IS NOT NULL AND q.node <> coalesce(p.node, '')
JOIN findings x ON x.rule = 'gpu-xid' AND x.kind = 'Node' AND x.name = q.node
WHERE p.owner_name IS NOT NULL
  AND f.t IS NOT NULL AND x.first_seen IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM findings y WHERE y.rule = 'gpu-xid'
                  AND y.kind = 'Node' AND y.name = p.node)
  AND f.t >= strftime('%Y-%m-%dT%H:%M:%SZ', x.first_seen, '-60 seconds')
  AND f.t <= strftime('%Y-%m-%dT%H:%M:%SZ', x.first_seen, '+3600 seconds')
GROUP BY f.id, x.id
ORDER BY f.id, min(x.first_seen), x.id;
